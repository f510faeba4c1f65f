/** The `resource` module's manifest (Odoo 17: Resource). Installed along with the accounting apps; no models emulated (its access rights and rules are loaded for their ids). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'resource',
  shortdesc: 'Resource',
  version: '1.1',
  category: 'Hidden',
  depends: ['base', 'web'],
  data: ['security/ir.model.access.csv', 'security/ir_rule_data.xml'],
});
