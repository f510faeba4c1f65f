/** The `auth_totp` module's manifest (Odoo 17: Two-Factor Authentication (TOTP)). */
import { defineManifest } from '../modules/manifest';
import { totpModels } from './index';

export const manifest = defineManifest({
  name: 'auth_totp',
  shortdesc: 'Two-Factor Authentication (TOTP)',
  version: '17.0.1.0',
  category: 'Extra Tools',
  depends: ['web'],
  auto_install: true,
  data: ['security/ir_rule_data.xml', 'security/ir.model.access.csv', 'views/auth_totp_views.xml'],
  models: totpModels,
});
