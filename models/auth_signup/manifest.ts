/** The `auth_signup` module's manifest (Odoo 17: Signup). */
import { defineManifest } from '../modules/manifest';
import { authSignupModels } from './index';

export const manifest = defineManifest({
  name: 'auth_signup',
  shortdesc: 'Signup',
  version: '17.0.1.0',
  category: 'Hidden/Tools',
  depends: ['base_setup', 'mail', 'web'],
  auto_install: true,
  data: ['data/ir_config_parameter_data.xml', 'data/ir_cron_data.xml', 'data/mail_template_data.xml', 'views/auth_signup_views.xml'],
  models: authSignupModels,
});
