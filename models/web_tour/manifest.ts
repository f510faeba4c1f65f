/** The `web_tour` module's manifest (Odoo 17: Tours). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'web_tour',
  shortdesc: 'Tours',
  version: '17.0.0.1',
  category: 'Hidden',
  depends: ['web'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'security/ir_rule_data.xml'],
});
