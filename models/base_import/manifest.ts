/** The `base_import` module's manifest (Odoo 17: Base import). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'base_import',
  shortdesc: 'Base import',
  version: '17.0.2.0',
  category: 'Hidden/Tools',
  depends: ['web'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
});
