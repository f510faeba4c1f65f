/** The `spreadsheet_account` module's manifest (Odoo 17: Spreadsheet Accounting Formulas). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'spreadsheet_account',
  shortdesc: 'Spreadsheet Accounting Formulas',
  version: '1.0',
  category: 'Accounting',
  depends: ['spreadsheet', 'account'],
  summary: 'Spreadsheet Accounting formulas',
  auto_install: true,
});
