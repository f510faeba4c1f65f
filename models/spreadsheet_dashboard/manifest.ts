/** The `spreadsheet_dashboard` module's manifest (Odoo 17: Spreadsheet dashboard). Installed along with the accounting apps; no models emulated (its access rights and rules are loaded for their ids). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'spreadsheet_dashboard',
  shortdesc: 'Spreadsheet dashboard',
  version: '1.0',
  category: 'Hidden',
  depends: ['spreadsheet'],
  summary: 'Spreadsheet',
  data: ['security/ir_rule_data.xml', 'security/security.xml', 'security/ir.model.access.csv'],
});
