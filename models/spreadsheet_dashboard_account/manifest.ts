/** The `spreadsheet_dashboard_account` module's manifest (Odoo 17: Spreadsheet dashboard for accounting). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'spreadsheet_dashboard_account',
  shortdesc: 'Spreadsheet dashboard for accounting',
  version: '1.0',
  category: 'Hidden',
  depends: ['spreadsheet_dashboard', 'account'],
  summary: 'Spreadsheet',
  auto_install: ['account'],
});
