/** `spreadsheet_dashboard_sale` (auto-installed with sale): the sales dashboard spreadsheet is not emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'spreadsheet_dashboard_sale', shortdesc: 'Spreadsheet dashboard for sales', version: '1.0', summary: 'Spreadsheet',
  category: 'Hidden', depends: ['spreadsheet_dashboard', 'sale'], auto_install: ['sale'],
});
