/** The `mail` module's manifest (Odoo 17: Discuss). */
import { defineManifest } from '../modules/manifest';
import { mailModels } from './index';

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
  data: ['data/mail_groups.xml', 'data/mail_data.xml', 'security/ir.model.access.csv'],
  models: mailModels,
});
