/** The `iap` module's manifest (Odoo 17: In-App Purchases). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'iap',
  shortdesc: 'In-App Purchases',
  version: '17.0.1.1',
  summary: 'Basic models and helpers to support In-App purchases.',
  category: 'Hidden/Tools',
  depends: ['web', 'base_setup'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'security/ir_rule_data.xml', 'views/iap_menus.xml'],
});
