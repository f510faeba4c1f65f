/** The `spreadsheet` module's manifest (Odoo 17: Spreadsheet). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'spreadsheet',
  shortdesc: 'Spreadsheet',
  version: '1.0',
  category: 'Hidden',
  depends: ['bus', 'web', 'portal'],
  summary: 'Spreadsheet',
});
