/** The `web_unsplash` module's manifest (Odoo 17: Unsplash Image Library). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'web_unsplash',
  shortdesc: 'Unsplash Image Library',
  version: '17.0.1.1',
  summary: 'Find free high-resolution images from Unsplash',
  category: 'Hidden',
  depends: ['base_setup', 'web_editor'],
  auto_install: true,
});
