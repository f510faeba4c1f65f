/** The `web` module's manifest (Odoo 17: Web). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'web',
  shortdesc: 'Web',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['base'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
});
