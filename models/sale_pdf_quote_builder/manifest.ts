/**
 * `sale_pdf_quote_builder` (auto-installed with sale_management): its report records (the plain
 * quotation report, sale's renamed "PDF Quote"); header and footer pages are not emulated.
 */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'sale_pdf_quote_builder', shortdesc: 'Sales PDF Quotation Builder', version: '1.0', category: 'Sales/Sales',
  depends: ['sale_management'], auto_install: true,
  data: ['report/ir_actions_report.xml'],
});
