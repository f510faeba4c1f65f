/** The `sms` module's manifest (Odoo 17: SMS gateway). */
import { defineManifest } from '../modules/manifest';
import { smsModels } from './index';

export const manifest = defineManifest({
  name: 'sms',
  shortdesc: 'SMS gateway',
  version: '17.0.3.0',
  summary: 'SMS Text Messaging',
  category: 'Hidden/Tools',
  depends: ['base', 'iap_mail', 'mail', 'phone_validation'],
  auto_install: true,
  data: ['data/ir_cron_data.xml', 'security/ir.model.access.csv', 'security/ir_rule_data.xml'],
  demo: ['demo/mail_demo.xml'],
  models: smsModels,
});
