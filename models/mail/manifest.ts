/** The `mail` module's manifest (Odoo 17: Discuss). */
import { defineManifest } from '../modules/manifest';
import { mailModels } from './index';
import { mailFrameworkModels } from './framework';

export const manifest = defineManifest({
  name: 'mail',
  shortdesc: 'Discuss',
  version: '17.0.1.15',
  summary: 'Chat, mail gateway and private channels',
  category: 'Productivity/Discuss',
  website: 'https://www.odoo.com/app/discuss',
  sequence: 145,
  depends: ['base', 'base_setup', 'bus', 'web_tour'],
  application: true,
  // Odoo's order (mail/__manifest__.py), for the files whose records we have
  data: [
    'data/mail_groups.xml', 'data/ir_config_parameter_data.xml', 'data/res_partner_data.xml', 'data/mail_message_subtype_data.xml',
    'data/discuss_channel_data.xml', 'data/mail_activity_data.xml', 'data/ir_cron_data.xml', 'security/ir_rule_data.xml', 'security/ir.model.access.csv',
    'views/mail_views.xml', 'views/mail_menus.xml',
  ],
  demo: ['demo/discuss_channel_demo.xml'],
  models: [...mailModels, ...mailFrameworkModels],
});
