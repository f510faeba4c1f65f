/** The `auth_totp_mail` module's manifest (Odoo 17: 2FA Invite mail). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'auth_totp_mail',
  shortdesc: '2FA Invite mail',
  version: '17.0.1.0',
  category: 'Extra Tools',
  depends: ['auth_totp', 'mail'],
  auto_install: true,
  data: ['data/mail_template_data.xml', 'views/auth_totp_mail_views.xml'],
});
