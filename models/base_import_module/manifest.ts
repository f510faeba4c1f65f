/** The `base_import_module` module's manifest (Odoo 17: Base import module). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'base_import_module',
  shortdesc: 'Base import module',
  version: '17.0.1.0',
  category: 'Hidden/Tools',
  depends: ['web'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
});
