/**
 * mail addon (the parts the portal workflows need): mail.message (chatter notes),
 * mail.mail (every outgoing email, kept after sending so tests can read it), mail.template
 * (handlebars subject/body rendered against a record), and delivery through an SMTP transport
 * configured by the server (nodemailer), or capture only.
 */
import type Handlebars from 'handlebars';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { AccessError } from '../orm/exceptions';
import { pyRepr } from '../tools/pyrepr';
import { pyTruthy, safeEval } from '../tools/safe_eval';
import { pyStr } from '../tools/pyrepr';
import { nowUtc } from '../orm/fields';
import { checkAccessRights, checkAccessRule, ruleDomain } from '../orm/security';
import { AND, OR, type Domain } from '../orm/domain';
import { mailComposeMessage } from './composer';

/** Delivery of one email; set by the server when SMTP is configured. Returns after sending. */
export interface OutgoingEmail { from: string; to: string; cc?: string; subject: string; html: string }
export type MailTransport = (mail: OutgoingEmail) => Promise<void>;
let transport: MailTransport | null = null;
export function setMailTransport(t: MailTransport | null): void { transport = t; }

/** The mail templates' handlebars instance, loaded on first use (start-up time). */
let hbs: typeof Handlebars | null = null;
const compiled = new Map<string, HandlebarsTemplateDelegate>();
/** Render a template text (handlebars, HTML-escaping by default) with values. */
export function renderTemplate(source: string, values: Record<string, unknown>): string {
  let fn = compiled.get(source);
  if (!fn) {
    hbs ??= (require('handlebars') as typeof Handlebars).create();
    fn = hbs.compile(source, { strict: false });
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, fn);
  }
  return fn(values);
}

/**
 * Odoo's inline templates (tools/rendering_tools.py): every `{{ expression }}` is evaluated
 * (safe_eval) with the given values and replaced by str() of its result, or by nothing when the
 * result is falsy. No HTML escaping: subjects and addresses are plain text.
 */
export function renderInlineTemplate(source: string, values: Record<string, unknown>): string {
  return source.replace(/\{\{(.+?)\}\}/gs, (_m, expr: string) => {
    const result = safeEval(expr.trim(), values);
    return pyTruthy(result) ? pyStr(result) : '';
  });
}

/** Make relative links absolute with web.base.url (mail.template's _replace_local_links). */
export function absoluteLinks(html: string, base: string): string {
  return html.replace(/(href|src)="(\/[^"]*)"/g, (_m, attr: string, url: string) => `${attr}="${base.replace(/\/$/, '')}${url}"`);
}

export function baseUrl(model: BaseModel): string {
  const row = model.env.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'");
  return row?.value ?? 'http://localhost:8069';
}

export const mailMessageSubtype: ModelDecl = {
  _name: 'mail.message.subtype',
  _description: 'Message subtypes',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', string: 'Message Type', required: true, translate: true },
    description: { type: 'text', translate: true },
    internal: { type: 'boolean', string: 'Internal Only' },
    sequence: { type: 'integer', default: 1 },
    default: { type: 'boolean', string: 'Default', default: true },
  },
};

/** mail.message's message_type values (mail); modules add theirs (sms: 'sms'). */
export const MESSAGE_TYPES: Array<[string, string]> = [
  ['email', 'Incoming Email'], ['comment', 'Comment'], ['email_outgoing', 'Outgoing Email'], ['notification', 'System notification'],
  ['auto_comment', 'Automated Targeted Notification'], ['user_notification', 'User Specific Notification'],
];

export const mailMessage: ModelDecl = {
  _name: 'mail.message',
  _description: 'Message',
  _order: 'id desc',
  _rec_name: 'record_name',
  fields: {
    subject: { type: 'char' },
    date: { type: 'datetime', default: () => nowUtc() },
    body: { type: 'html', string: 'Contents', sanitize: false, default: '' },
    model: { type: 'char', string: 'Related Document Model', index: true },
    res_id: { type: 'many2one_reference', string: 'Related Document ID', index: true, model_field: 'model' },
    record_name: { type: 'char', string: 'Message Record Name' },
    message_type: { type: 'selection', string: 'Type', required: true, default: 'email', selection: MESSAGE_TYPES },
    subtype_id: { type: 'many2one', comodel: 'mail.message.subtype', string: 'Subtype', ondelete: 'set null', index: true },
    email_from: { type: 'char', string: 'From' },
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', ondelete: 'set null', index: true },
    partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_message_res_partner_rel', column1: 'mail_message_id', column2: 'res_partner_id', string: 'Recipients' },
    reply_to: { type: 'char', string: 'Reply-To' },
    message_id: { type: 'char', string: 'Message-Id', copy: false, index: true },
    is_internal: { type: 'boolean', string: 'Employee Only' },
  },
  methods: (Base) => class extends Base {
    /**
     * Who may access which messages (mail_message.py _search and check_access_rule), as a domain
     * ANDed with the record rules (models/orm/security.ts ruleDomain). Read: the author, the
     * creator, the recipients, and whoever may read the document the message is posted on (not
     * for user notifications); users without group_user never see internal notes
     * (_get_search_domain_share). Write: author, recipients, or write/create access to the
     * document; create: a message on no document, or write/create access to it; unlink:
     * write/create access to the document. For internal users the document access is the
     * model's access right (the document's record rules are not consulted); for others it is
     * the documents their rules let them reach.
     */
    _accessDomain(mode: string): Domain | null {
      const env = this.env;
      const pid = env.cr.get<{ partner_id: number }>('SELECT partner_id FROM res_users WHERE id = ?', [env.uid])?.partner_id ?? 0;
      const internal = env.hasGroup('base.group_user');
      const documents = (...docModes: string[]): Domain => {
        const models = env.cr.all<{ model: string }>('SELECT DISTINCT model FROM mail_message WHERE model IS NOT NULL').map((r) => r.model).filter((m) => env.registry.has(m));
        const parts: Domain[] = [];
        for (const m of models) {
          const doc = env.model(m);
          for (const docMode of docModes) {
            if (!checkAccessRights(doc, docMode, false)) continue;
            const rules = internal ? null : ruleDomain(doc, docMode);
            parts.push(rules ? [['model', '=', m], ['res_id', 'in', doc.sudo().withContext({ active_test: false })._searchIds(rules)]] : [['model', '=', m]]);
          }
        }
        return parts.length ? OR(parts) : [[0, '=', 1]];
      };
      const notUserNotification: Domain = [['message_type', '!=', 'user_notification']];
      let dom: Domain;
      if (mode === 'read') {
        dom = OR([[['author_id', '=', pid]], [['create_uid', '=', env.uid]], [['partner_ids', 'in', [pid]]], AND([notUserNotification, documents('read')])]);
      } else if (mode === 'write') {
        dom = OR([[['author_id', '=', pid]], [['partner_ids', 'in', [pid]]], AND([notUserNotification, documents('write', 'create')])]);
      } else if (mode === 'create') {
        dom = OR([[['model', '=', false]], documents('write', 'create')]);
      } else {
        dom = documents('write', 'create');
      }
      if (!internal) dom = AND([[['is_internal', '=', false], ['subtype_id', '!=', false], ['subtype_id.internal', '=', false]], dom]);
      return dom;
    }
    /** check_access_rule's own AccessError (mail_message.py). */
    _accessError(mode: string, ids: number[]): AccessError {
      return new AccessError('The requested operation cannot be completed due to security restrictions. Please contact your system administrator.\n\n'
        + `(Document type: ${this.cls._description}, Operation: ${mode}) - (Records: ${pyRepr(ids.slice(0, 6))}, User: ${this.env.uid})`);
    }
  },
};

export const mailMail: ModelDecl = {
  _name: 'mail.mail',
  _description: 'Outgoing Mails',
  _order: 'id desc',
  _rec_name: 'subject',
  _inherits: { 'mail.message': 'mail_message_id' },
  fields: {
    mail_message_id: { type: 'many2one', comodel: 'mail.message', string: 'Message', required: true, ondelete: 'cascade', index: true, auto_join: true },
    body_html: { type: 'text', string: 'Text Contents' },
    email_to: { type: 'text', string: 'To' },
    email_cc: { type: 'char', string: 'Cc' },
    recipient_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_mail_res_partner_rel', column1: 'mail_mail_id', column2: 'partner_id', string: 'To (Partners)' },
    state: {
      type: 'selection', string: 'Status', default: 'outgoing', index: true,
      selection: [['outgoing', 'Outgoing'], ['sent', 'Sent'], ['received', 'Received'], ['exception', 'Delivery Failed'], ['cancel', 'Cancelled']],
    },
    auto_delete: { type: 'boolean', string: 'Auto Delete' },
    is_notification: { type: 'boolean', string: 'Notification Email' },
    scheduled_date: { type: 'datetime', string: 'Scheduled Send Date' },
    failure_type: { type: 'selection', selection: [['unknown', 'Unknown error'], ['mail_email_invalid', 'Invalid email address'], ['mail_email_missing', 'Missing email'], ['mail_from_invalid', 'Invalid from address'], ['mail_from_missing', 'Missing from address'], ['mail_smtp', 'Connection failed (outgoing mail server problem)']] },
    failure_reason: { type: 'text', string: 'Failure Reason' },
    /** Not an Odoo field: which template produced the mail (useful to tests). */
    template_xmlid: { type: 'char', string: 'Template' },
  },
  rpc: {
    send: { api: 'multi', params: [param('auto_commit', false), param('raise_exception', false)] },
    process_email_queue: { api: 'model', params: [param('ids', null)] },
  },
  methods: (Base) => class extends Base {
    /**
     * Send: with an SMTP transport the mail is handed over after the transaction commits and
     * marked sent (or exception); without one it is captured as sent. Never auto-deleted here.
     */
    send(): boolean {
      const ids = this.ids;
      if (!transport) {
        this.sudo()._write({ state: 'sent' });
        return true;
      }
      const t = transport;
      const recs = this.sudo();
      const mails = ids.map((id) => {
        const v = recs.browse([id])._values(['email_from', 'email_to', 'email_cc', 'subject', 'body_html']).get(id)!;
        return { id, from: String(v.email_from || ''), to: String(v.email_to || ''), cc: v.email_cc ? String(v.email_cc) : undefined, subject: String(v.subject || ''), html: String(v.body_html || '') };
      });
      const dbEnv = this.env;
      this.env.cr.onCommit(() => {
        for (const m of mails) {
          t(m).then(
            () => dbEnv.cr.transaction(() => dbEnv.cr.run("UPDATE mail_mail SET state = 'sent' WHERE id = ?", [m.id])),
            (e: unknown) => dbEnv.cr.transaction(() => dbEnv.cr.run("UPDATE mail_mail SET state = 'exception', failure_type = 'mail_smtp', failure_reason = ? WHERE id = ?", [String(e instanceof Error ? e.message : e), m.id])),
          ).catch(() => undefined);
        }
      });
      return true;
    }
    process_email_queue(): boolean {
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
    body_html: { type: 'text', string: 'Body', translate: true },
    auto_delete: { type: 'boolean', default: true },
    lang: { type: 'char', string: 'Language' },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', domain: "[('share', '=', False)]", help: 'The template belongs to this user' },
  },
  rpc: {
    send_mail: { api: 'multi', params: ['res_id', param('force_send', false), param('raise_exception', false), param('email_values', null), param('email_layout_xmlid', false)] },
  },
  methods: (Base) => class extends Base {
    /**
     * Render against the record's `_mailRenderValues()` and create a mail.mail: subject, sender
     * and recipients are Odoo inline templates (renderInlineTemplate), the body a handlebars
     * template.
     */
    send_mail(resId: unknown, forceSend: unknown = false, _raise: unknown = false, emailValues: unknown = null): number {
      const tpl = this.ensureOne().sudo();
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
      if (forceSend) mail.send();
      return mail.ids[0];
    }
  },
};

/** mail.thread's message_post, for the models that have a chatter (res.partner here). */
export function messagePost(record: BaseModel, body: string, opts: { subtypeXmlid?: string; messageType?: string; subject?: string } = {}): number {
  const env = record.env;
  const subtype = opts.subtypeXmlid ? env.xmlidLookup(opts.subtypeXmlid)?.[1] ?? false : false;
  const author = env.model('res.users').sudo().browse([env.uid]).get('partner_id');
  const name = record.sudo()._displayNames().get(record.ids[0]) ?? false;
  return env.model('mail.message').sudo().create({
    body, model: record._name, res_id: record.ids[0], record_name: name, author_id: author,
    message_type: opts.messageType ?? 'notification', subtype_id: subtype, subject: opts.subject ?? false,
    is_internal: opts.subtypeXmlid === 'mail.mt_note',
  }).ids[0];
}

/** Chatter on partners: message_ids (mail.thread) and message_post over RPC. */
export const partnerThread: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    message_ids: { type: 'one2many', comodel: 'mail.message', inverse_name: 'res_id', string: 'Messages', domain: [['model', '=', 'res.partner']] },
  },
  rpc: {
    message_post: { api: 'multi', params: [], varkw: true },
  },
  methods: (Base) => class extends Base {
    message_post(kwargs: Record<string, unknown> = {}): number {
      this.ensureOne();
      checkAccessRule(this, 'read');
      const body = typeof kwargs.body === 'string' ? kwargs.body : '';
      return messagePost(this, body, {
        subtypeXmlid: typeof kwargs.subtype_xmlid === 'string' ? kwargs.subtype_xmlid : 'mail.mt_note',
        messageType: typeof kwargs.message_type === 'string' ? kwargs.message_type : 'comment',
        subject: typeof kwargs.subject === 'string' ? kwargs.subject : undefined,
      });
    }
    _readX2many(f: Parameters<BaseModel['_readX2many']>[0]): Map<number, number[]> {
      if (f.name !== 'message_ids') return super._readX2many(f);
      // message_ids is a one2many on a (model, res_id) pair: filter on the model
      const out = new Map<number, number[]>(this.ids.map((id) => [id, []]));
      if (!this.ids.length) return out;
      const rows = this.env.cr.raw(`SELECT res_id, id FROM mail_message WHERE model = 'res.partner' AND res_id IN (${this.ids.map(() => '?').join(',')}) ORDER BY id DESC`, this.ids);
      for (const [rid, id] of rows) out.get(rid as number)?.push(id as number);
      return out;
    }
  },
};

/**
 * mail's res.users: queued "Security Update: ..." mails when an existing user's password, login
 * or email is written (_notify_security_setting_update); the email change goes to the old address.
 */
export const usersSecurityMail: ModelDecl = {
  _inherit: 'res.users',
  methods: (Base) => class extends Base {
    _write(vals: Vals): void {
      const notify = !this.env.context.install_mode;
      const previousEmails = notify && 'email' in vals
        ? new Map([...this.sudo().withContext({ active_test: false })._values(['email']).entries()].map(([id, v]) => [id, v.email as string | false]))
        : new Map<number, string | false>();
      super._write(vals);
      if (!notify) return;
      if ('login' in vals) this._notifySecurityUpdate('Security Update: Login Changed', 'Your account login has been updated');
      if (vals.password) this._notifySecurityUpdate('Security Update: Password Changed', 'Your account password has been updated');
      if ('email' in vals) {
        for (const [id, old] of previousEmails) {
          if (!old || old === vals.email) continue;
          this.browse([id])._notifySecurityUpdate('Security Update: Email Changed',
            `Your account email has been changed from ${old} to ${vals.email}.`, old);
        }
      }
    }
    _notifySecurityUpdate(subject: string, content: string, emailTo?: string): void {
      for (const id of this.ids) {
        const user = this.sudo().withContext({ active_test: false }).browse([id]);
        const v = user._values(['email', 'name', 'company_id']).get(id);
        const to = emailTo ?? v?.email;
        if (!v || !to) continue;
        const company = this.env.model('res.company').sudo().browse([v.company_id as number]);
        const from = company.rel('partner_id').get('email_formatted') || user.rel('partner_id').get('email_formatted') || false;
        const body = renderTemplate('<div><p>Dear {{name}},</p><p>{{content}} ({{when}} UTC).</p>'
          + '<p>If you did not perform this action, please <a href="/web/reset_password">reset your password</a> right away and consider enabling two-factor authentication.</p></div>',
        { name: v.name, content, when: nowUtc() });
        this.env.model('mail.mail').sudo().create({
          subject, email_from: from, email_to: to, body_html: absoluteLinks(body, baseUrl(this)), body,
          model: 'res.users', res_id: id, message_type: 'user_notification', auto_delete: false,
          template_xmlid: 'mail.account_security_setting_update',
        });
      }
    }
  },
};

export const mailModels: ModelDecl[] = [mailMessageSubtype, mailMessage, mailMail, mailTemplate, partnerThread, usersSecurityMail, mailComposeMessage];

