/** `sale_pdf_quote_builder` (auto-installed with sale_management): quotation PDF header/footer pages are not emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'sale_pdf_quote_builder', shortdesc: 'Sales PDF Quotation Builder', version: '1.0', category: 'Sales/Sales',
  depends: ['sale_management'], auto_install: true,
});
