/** The `base_install_request` module's manifest (Odoo 17: Base - Module Install Request). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'base_install_request',
  shortdesc: 'Base - Module Install Request',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['mail'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'data/mail_template_data.xml'],
});
