/** The `auth_totp_portal` module's manifest (Odoo 17: TOTPortal). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'auth_totp_portal',
  shortdesc: 'TOTPortal',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['portal', 'auth_totp'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
});
