/** The `base_setup` module's manifest (Odoo 17: Initial Setup Tools). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'base_setup',
  shortdesc: 'Initial Setup Tools',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['base', 'web'],
  auto_install: true,
  data: ['data/base_setup_data.xml', 'views/base_setup_views.xml', 'views/base_setup_menus.xml'],
});
