/** The `privacy_lookup` module's manifest (Odoo 17: Privacy). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'privacy_lookup',
  shortdesc: 'Privacy',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['mail'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'views/privacy_lookup_menus.xml'],
});
