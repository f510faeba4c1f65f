/** The `snailmail` module's manifest (Odoo 17: Snail Mail). */
import { defineManifest } from '../modules/manifest';
import { snailmailModels } from './index';

export const manifest = defineManifest({
  name: 'snailmail',
  shortdesc: 'Snail Mail',
  version: '17.0.0.4',
  category: 'Hidden/Tools',
  depends: ['iap_mail', 'mail'],
  auto_install: true,
  data: ['data/ir_cron_data.xml', 'security/ir.model.access.csv'],
  models: snailmailModels,
});
