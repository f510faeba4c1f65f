/**
 * mail.mail (every outgoing email, kept after sending so tests can read it) and mail.template
 * (inline-template subject and recipients, handlebars body, rendered against a record);
 * delivery through an SMTP transport
 * configured by the server (nodemailer), or capture only.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { ValidationError } from '../orm/exceptions';
import { existingValues, isRecordId, valsDicts } from '../tools/missing';
import { checkAccessRights, checkAccessRule } from '../orm/security';
import { absoluteLinks, baseUrl, renderInlineTemplate, renderTemplate } from './mail_render';
import { templateAttachments } from './composer';

/** Delivery of one email; set by the server when SMTP is configured. Returns after sending. */
export interface OutgoingEmail { from: string; to: string; cc?: string; subject: string; html: string }
export type MailTransport = (mail: OutgoingEmail) => Promise<void>;
let transport: MailTransport | null = null;
export function setMailTransport(t: MailTransport | null): void { transport = t; }

export const mailMail: ModelDecl = {
  _name: 'mail.mail',
  _description: 'Outgoing Mails',
  _order: 'id desc',
  _rec_name: 'subject',
  _inherits: { 'mail.message': 'mail_message_id' },
  fields: {
    mail_message_id: { type: 'many2one', comodel: 'mail.message', string: 'Message', required: true, ondelete: 'cascade', index: true, auto_join: true },
    body_html: { type: 'text', string: 'Text Contents' },
    mail_message_id_int: { type: 'integer', string: 'Mail Message Id Int', compute: '_compute_mail_message_id_int' },
    body_content: { type: 'html', string: 'Rich-text Contents', compute: '_compute_body_content', sanitize: false },
    references: { type: 'text', string: 'References', copy: false, readonly: true, help: 'Message references, such as identifiers of previous messages' },
    headers: { type: 'text', string: 'Headers', copy: false },
    restricted_attachment_count: { type: 'integer', string: 'Restricted attachments', readonly: true },
    // Odoo shows these two delegated fields read-only on outgoing mails
    message_type: { type: 'selection', related: 'mail_message_id.message_type', readonly: true } as never,
    message_id: { type: 'char', related: 'mail_message_id.message_id', readonly: true } as never,
    email_to: { type: 'text', string: 'To' },
    email_cc: { type: 'char', string: 'Cc' },
    recipient_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_mail_res_partner_rel', column1: 'mail_mail_id', column2: 'res_partner_id', string: 'To (Partners)', context: { active_test: false } },
    state: {
      type: 'selection', string: 'Status', default: 'outgoing', readonly: true, copy: false,
      selection: [['outgoing', 'Outgoing'], ['sent', 'Sent'], ['received', 'Received'], ['exception', 'Delivery Failed'], ['cancel', 'Cancelled']],
    },
    auto_delete: { type: 'boolean', string: 'Auto Delete' },
    is_notification: { type: 'boolean', string: 'Notification Email' },
    scheduled_date: { type: 'datetime', string: 'Scheduled Send Date' },
    failure_type: {
      type: 'selection', string: 'Failure type',
      selection: [['unknown', 'Unknown error'], ['mail_email_invalid', 'Invalid email address'], ['mail_email_missing', 'Missing email'], ['mail_from_invalid', 'Invalid from address'],
        ['mail_from_missing', 'Missing from address'], ['mail_smtp', 'Connection failed (outgoing mail server problem)'], ['mail_bl', 'Blacklisted Address'], ['mail_optout', 'Opted Out'],
        ['mail_dup', 'Duplicated Email']],
    },
    failure_reason: { type: 'text', string: 'Failure Reason', readonly: true, copy: false },
    /** Not an Odoo field: which template produced the mail (read by the outbox in SQL; no RPC access). */
    template_xmlid: { type: 'char', string: 'Template', groups: '.' },
  },
  rpc: {
    send: { api: 'multi', params: [param('auto_commit', false), param('raise_exception', false)] },
    process_email_queue: { api: 'model', params: [param('ids', null)] },
  },
  methods: (Base) => class extends Base {
    _compute_mail_message_id_int(): Map<number, unknown> {
      const vals = this._values(['mail_message_id']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.mail_message_id || 0]));
    }
    /** The message body (body_html is the rendered mail). */
    _compute_body_content(): Map<number, unknown> {
      const vals = this._values(['body']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.body || false]));
    }
    /**
     * Send: with an SMTP transport each mail is handed over after the transaction commits (one
     * email for email_to, one per recipient partner, as Odoo's _send) and marked sent (or
     * exception); without one it is captured as sent. The notifications of a sent mail become
     * 'sent' (Delivered). Never auto-deleted here.
     */
    send(): boolean {
      // Odoo reads the mails as the caller: only Settings users may send them over RPC
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
      const ids = this.ids;
      if (!transport) {
        this.sudo()._write({ state: 'sent' });
        this._markNotifications(ids, 'sent');
        return true;
      }
      const t = transport;
      const recs = this.sudo();
      const mails = ids.map((id) => {
        const rec = recs.browse([id]);
        const v = rec._values(['email_from', 'email_to', 'email_cc', 'subject', 'body_html', 'recipient_ids']).get(id)!;
        const to = [...(v.email_to ? [String(v.email_to)] : []), ...(rec.rel('recipient_ids').mapped('email_formatted') as unknown[]).filter(Boolean).map(String)];
        return { id, to, from: String(v.email_from || ''), cc: v.email_cc ? String(v.email_cc) : undefined, subject: String(v.subject || ''), html: String(v.body_html || '') };
      });
      const dbEnv = this.env;
      this.env.cr.onCommit(() => {
        for (const m of mails) {
          Promise.all((m.to.length ? m.to : ['']).map((to) => t({ from: m.from, to, cc: m.cc, subject: m.subject, html: m.html }))).then(
            () => dbEnv.cr.transaction(() => {
              dbEnv.cr.run("UPDATE mail_mail SET state = 'sent' WHERE id = ?", [m.id]);
              this._markNotifications([m.id], 'sent');
            }),
            (e: unknown) => dbEnv.cr.transaction(() => {
              dbEnv.cr.run("UPDATE mail_mail SET state = 'exception', failure_type = 'mail_smtp', failure_reason = ? WHERE id = ?", [String(e instanceof Error ? e.message : e), m.id]);
              this._markNotifications([m.id], 'exception', 'mail_smtp');
            }),
          ).catch(() => undefined);
        }
      });
      return true;
    }
    /** mail.notification rows of these mails take the delivery outcome (mail_mail._postprocess_sent_message). */
    _markNotifications(mailIds: number[], status: string, failureType: string | null = null): void {
      if (!mailIds.length || !this.env.registry.has('mail.notification')) return;
      this.env.cr.run(`UPDATE mail_notification SET notification_status = ?, failure_type = ? WHERE mail_mail_id IN (${mailIds.map(() => '?').join(',')}) AND notification_type = 'email'`,
        [status, failureType, ...mailIds]);
      this.env.cache.invalidate('mail.notification');
    }
    process_email_queue(): boolean {
      checkAccessRights(this, 'read');
      const ids = this.sudo()._searchIds([['state', '=', 'outgoing']]);
      if (ids.length) this.sudo().browse(ids).send();
      return true;
    }
  },
};

export const mailTemplate: ModelDecl = {
  _name: 'mail.template',
  _description: 'Email Templates',
  _order: 'name',
  fields: {
    name: { type: 'char', translate: true },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Applies to', ondelete: 'cascade' },
    model: { type: 'char', related: 'model_id.model', string: 'Related Document Model' },
    subject: { type: 'char', translate: true },
    email_from: { type: 'char', string: 'From' },
    email_to: { type: 'char', string: 'To (Emails)' },
    body_html: { type: 'html', string: 'Body', translate: true, sanitize: false },
    auto_delete: { type: 'boolean', default: true },
    lang: { type: 'char', string: 'Language' },
    template_fs: { type: 'char', string: 'Template Filename', copy: false },
    render_model: { type: 'char', string: 'Rendering Model', related: 'model' },
    description: { type: 'text', string: 'Template description', translate: true },
    active: { type: 'boolean', default: true },
    template_category: {
      type: 'selection', string: 'Template Category', compute: '_compute_template_category',
      selection: [['base_template', 'Base Template'], ['hidden_template', 'Hidden Template'], ['custom_template', 'Custom Template']],
    },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', domain: "[('share', '=', False)]", help: 'The template belongs to this user' },
    use_default_to: { type: 'boolean', string: 'Default recipients' },
    partner_to: { type: 'char', string: 'To (Partners)' },
    email_cc: { type: 'char', string: 'Cc' },
    reply_to: { type: 'char', string: 'Reply To' },
    email_layout_xmlid: { type: 'char', string: 'Email Notification Layout', copy: false },
    scheduled_date: { type: 'char', string: 'Scheduled Date' },
    can_write: { type: 'boolean', string: 'Can Write', compute: '_compute_can_write' },
    is_template_editor: { type: 'boolean', string: 'Is Template Editor', compute: '_compute_is_template_editor' },
  },
  rpc: {
    send_mail: { api: 'multi', params: ['res_id', param('force_send', false), param('raise_exception', false), param('email_values', null), param('email_layout_xmlid', false)] },
  },
  methods: (Base) => class extends Base {
    /** No template of an abstract model (mail_template.py _check_abstract_models), checked before create and write. */
    _checkAbstractModels(valsList: unknown): void {
      const ids = valsDicts(valsList).map((v) => v.model_id).filter(isRecordId);
      if (!ids.length) return;
      // a model id that does not exist: Odoo's MissingError, raised reading its name
      for (const row of existingValues(this.env.model('ir.model').sudo().browse(ids), ['model']).values()) {
        const model = String(row.model);
        if (this.env.registry.isAbstract(model)) throw new ValidationError(`You may not define a template on an abstract model: ${model}`);
      }
    }
    create(valsList: unknown): this {
      this._checkAbstractModels(valsList);
      return super.create(valsList);
    }
    write(vals: unknown): boolean {
      this._checkAbstractModels(vals);
      return super.write(vals);
    }
    /** Templates with an xml id are base templates, others custom ones (mail_template.py). */
    _compute_template_category(): Map<number, unknown> {
      const xmlids = this.get_external_id();
      return new Map(this.ids.map((id) => [id, xmlids[String(id)] ? 'base_template' : 'custom_template']));
    }
    _compute_can_write(): Map<number, unknown> {
      const ok = checkAccessRights(this, 'write', false);
      return new Map(this.ids.map((id) => [id, ok]));
    }
    _compute_is_template_editor(): Map<number, unknown> {
      const editor = this.env.hasGroup('mail.group_mail_template_editor') || this.env.hasGroup('base.group_system');
      return new Map(this.ids.map((id) => [id, editor]));
    }
    /**
     * Render against the record's `_mailRenderValues()` and create a mail.mail: subject, sender
     * and recipients are Odoo inline templates (renderInlineTemplate), the body a handlebars
     * template; the template's attachments and reports go with it.
     */
    send_mail(resId: unknown, forceSend: unknown = false, _raise: unknown = false, emailValues: unknown = null): number {
      // the template is read as the caller (mail.template ACLs and rules), then rendered in sudo
      this.ensureOne();
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
      const tpl = this.sudo();
      const v = tpl._values(['subject', 'body_html', 'email_from', 'email_to', 'auto_delete', 'model']).get(tpl.ids[0])!;
      const target = this.env.model(v.model as string).sudo().browse([Number(resId)]) as AnyModel;
      const values = typeof target._mailRenderValues === 'function' ? target._mailRenderValues() : { object: target.read()[0] };
      const author = this.env.model('res.users').sudo().browse([this.env.uid]);
      const authorPartner = author.rel('partner_id');
      const user = { id: this.env.uid, name: author.get('name'), email: author.get('email'), email_formatted: authorPartner.get('email_formatted'), lang: authorPartner.get('lang') };
      const ctxValues = { ...values, user, ctx: { ...(this.env.context as object) } };
      const base = baseUrl(this);
      const xmlid = this.env.cr.get<{ module: string; name: string }>("SELECT module, name FROM ir_model_data WHERE model = 'mail.template' AND res_id = ?", [tpl.ids[0]]);
      const emailFrom = v.email_from ? renderInlineTemplate(String(v.email_from), ctxValues) : '';
      const emailTo = v.email_to ? renderInlineTemplate(String(v.email_to), ctxValues) : '';
      const mailVals: Vals = {
        subject: renderInlineTemplate(String(v.subject ?? ''), ctxValues),
        body_html: absoluteLinks(renderTemplate(String(v.body_html ?? ''), ctxValues), base),
        email_from: emailFrom || user.email_formatted || false,
        email_to: emailTo || false,
        model: v.model, res_id: Number(resId), auto_delete: v.auto_delete, message_type: 'email_outgoing',
        author_id: author.get('partner_id'),
        template_xmlid: xmlid ? `${xmlid.module}.${xmlid.name}` : false,
        ...((emailValues as Vals) ?? {}),
      };
      mailVals.body = mailVals.body_html;
      const mail = this.env.model('mail.mail').sudo().create(mailVals);
      // the template's files: its attachments linked, its reports rendered onto the message
      const { attachmentIds, attachments } = templateAttachments(tpl, target);
      if (attachmentIds.length || attachments.length) {
        const messageId = mail.get('mail_message_id') as number;
        const created = attachments.length ? this.env.model('ir.attachment').sudo().create(attachments.map(([name, content]) => ({
          name, raw: content, type: 'binary', res_model: 'mail.message', res_id: messageId,
        }))).ids : [];
        mail.write({ attachment_ids: [...attachmentIds, ...created].map((a) => [4, a]) });
      }
      if (forceSend) mail.send();
      return mail.ids[0];
    }
  },
};
