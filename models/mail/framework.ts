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
      type: 'selection',
      selection_add: [['object_write'], ['next_activity', 'Create Activity'], ['mail_post', 'Send Email'], ['followers', 'Add Followers'], ['remove_followers', 'Remove Followers'], ['object_create']],
    },
    template_id: { type: 'many2one', comodel: 'mail.template', string: 'Email Template', ondelete: 'set null', domain: "[('model_id', '=', model_id)]" },
    mail_post_autofollow: { type: 'boolean', string: 'Subscribe Recipients' },
    mail_post_method: { type: 'selection', string: 'Send Email As', selection: [['email', 'Email'], ['comment', 'Message'], ['note', 'Note']] },
    partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'ir_act_server_res_partner_rel', column1: 'ir_act_server_id', column2: 'res_partner_id', string: 'Partner' },
    activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Activity Type', domain: "['|', ('res_model', '=', False), ('res_model', '=', model_name)]", ondelete: 'restrict' },
    activity_summary: { type: 'char', string: 'Title' },
    activity_note: { type: 'html', string: 'Note' },
    activity_date_deadline_range: { type: 'integer', string: 'Due Date In' },
    activity_date_deadline_range_type: { type: 'selection', string: 'Due type', selection: [['days', 'Days'], ['weeks', 'Weeks'], ['months', 'Months']], default: 'days' },
    activity_user_type: { type: 'selection', string: 'User Type', selection: [['specific', 'Specific User'], ['generic', 'Dynamic User (based on record)']], default: 'specific' },
    activity_user_id: { type: 'many2one', comodel: 'res.users', string: 'Responsible' },
    activity_user_field_name: { type: 'char', string: 'User Field', default: 'user_id' },
  },
};

/** Links of mail's models to attachments, aliases and actions (mail_message.py, mail_mail.py, mail_template.py, res_company.py). */
const mailLinks: ModelDecl[] = [
  {
    _inherit: 'mail.message',
    fields: {
      attachment_ids: { type: 'many2many', comodel: 'ir.attachment', relation: 'message_attachment_rel', column1: 'message_id', column2: 'attachment_id', string: 'Attachments' },
      record_alias_domain_id: { type: 'many2one', comodel: 'mail.alias.domain', string: 'Alias Domain', ondelete: 'set null' },
    },
  },
  {
    _inherit: 'mail.mail',
    fields: {
      unrestricted_attachment_ids: { type: 'many2many', comodel: 'ir.attachment', string: 'Unrestricted Attachments', compute: '_compute_unrestricted_attachment_ids', inverse: '_inverse_unrestricted_attachment_ids' },
    },
    methods: (Base) => class extends Base {
      _compute_unrestricted_attachment_ids(): Map<number, unknown> {
        const vals = this.sudo()._values(['attachment_ids']);
        return new Map(this.ids.map((id) => [id, vals.get(id)?.attachment_ids ?? []]));
      }

      _inverse_unrestricted_attachment_ids(_f: unknown, value: unknown): void {
        this.sudo().write({ attachment_ids: value });
      }
    },
  },
  {
    _inherit: 'mail.template',
    fields: {
      attachment_ids: { type: 'many2many', comodel: 'ir.attachment', relation: 'email_template_attachment_rel', column1: 'email_template_id', column2: 'attachment_id', string: 'Attachments', help: 'You may attach files to this template, to be added to all emails created from this template' },
      report_template_ids: { type: 'many2many', comodel: 'ir.actions.report', relation: 'mail_template_ir_actions_report_rel', column1: 'mail_template_id', column2: 'ir_actions_report_id', string: 'Dynamic Reports', domain: "[('model', '=', model)]" },
      ref_ir_act_window: { type: 'many2one', comodel: 'ir.actions.act_window', string: 'Sidebar action', readonly: true, copy: false, help: 'Sidebar action to make this template available on records of the related document model' },
    },
  },
  { _inherit: 'res.company', fields: { alias_domain_id: { type: 'many2one', comodel: 'mail.alias.domain', string: 'Email Domain' } } },
];

export const mailFrameworkModels: ModelDecl[] = [mailAliasDomain, mailAlias, resUsersSettingsMail, serverActionKinds, ...mailLinks].map((d) => ({ _module: 'mail', ...d }));
