/**
 * The framework models of the mail module that integrators use directly: mail.alias and
 * mail.alias.domain, and mail's res.users.settings fields.
 */
import type { ModelDecl } from '../orm/registry';
import { mailAlias, mailAliasDomain } from './mail_alias';
import { resUsersSettingsMail } from '../base/res_users_settings';

/** The server action kinds mail adds (selection_add in addons/mail/models/ir_actions_server.py). */
const serverActionKinds: ModelDecl = {
  _inherit: 'ir.actions.server',
  fields: {
    state: {
      type: 'selection', string: 'Type', required: true, default: 'object_write',
      selection: [['object_write', 'Update Record'], ['next_activity', 'Create Activity'], ['mail_post', 'Send Email'], ['followers', 'Add Followers'], ['remove_followers', 'Remove Followers'], ['object_create', 'Create Record'], ['code', 'Execute Code'], ['webhook', 'Send Webhook Notification'], ['multi', 'Execute Existing Actions']],
    },
  },
};

export const mailFrameworkModels: ModelDecl[] = [mailAliasDomain, mailAlias, resUsersSettingsMail, serverActionKinds].map((d) => ({ _module: 'mail', ...d }));
