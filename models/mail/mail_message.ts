/**
 * mail.message (chatter messages, notes, notifications) and mail.message.subtype, with Odoo 17's
 * document-based access rules (mail/models/mail_message.py `_search` and `check_access_rule`):
 * a user sees a message they wrote, received or were notified of, or whose document they may
 * read; portal and public users never see internal notes. See docs/mail.md.
 */
import os from 'os';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { nowUtc } from '../orm/fields';
import { SQL, ident, type SqlParam } from '../orm/sql';
import { AND, OR, DomainCompiler, type Domain } from '../orm/domain';
import { AccessError } from '../orm/exceptions';
import * as security from '../orm/security';
import { pyRepr } from '../tools/pyrepr';
import { htmlToPlain } from './html';
import { emailFormatted } from '../base/res_partner';
import { firstMessageFacts } from './thread_facts';
import { assertExisting, isRecordId, valsDicts } from '../tools/missing';

export const MESSAGE_TYPES: Array<[string, string]> = [
  ['email', 'Incoming Email'], ['comment', 'Comment'], ['email_outgoing', 'Outgoing Email'],
  ['notification', 'System notification'], ['auto_comment', 'Automated Targeted Notification'],
  ['user_notification', 'User Specific Notification'],
];

/** Non-employees only see messages with a public subtype (mail_message._get_search_domain_share). */
const SHARE_DOMAIN: Domain = ['&', '&', ['is_internal', '=', false], ['subtype_id', '!=', false], ['subtype_id.internal', '=', false]];

/** tools.generate_tracking_message_id: the Message-Id of a message. */
export function trackingMessageId(tag: string): string {
  const rnd = Math.random().toFixed(15).slice(2);
  return `<${rnd}.${(Date.now() / 1000).toFixed(15)}-openerp-${tag}@${hostName()}>`;
}

/** The machine's name, asked once per second at most (a system call; every message asks). */
let host: { name: string; at: number } | null = null;
function hostName(): string {
  const now = Date.now();
  if (!host || now - host.at > 1000) host = { name: os.hostname(), at: now };
  return host.name;
}

/** mail.message.is_thread_message: linked to a document and not a user notification. */
export function isThreadMessage(vals: { model?: unknown; res_id?: unknown; message_type?: unknown }): boolean {
  return !!(vals.res_id && vals.model && vals.message_type !== 'user_notification');
}

/**
 * A user's active flag and partner, read without access checks (null: no such user). Every post
 * asks them several times (author, creator's subscription, notified author), so they are kept
 * across calls while res_users is unchanged (Environment.crossCall).
 */
export function mailUser(model: BaseModel, uid: number = model.env.uid): Readonly<{ active: boolean; partnerId: number }> | null {
  return model.env.crossCall(`mail.user:${uid}`, () => {
    const row = model.env.cr.get<{ active: number | null; partner_id: number }>('SELECT active, partner_id FROM res_users WHERE id = ?', [uid]);
    return row ? Object.freeze({ active: !!row.active, partnerId: row.partner_id }) : null;
  });
}

/**
 * The From address of an author (the partner's email_formatted, read without access checks),
 * kept across calls while res_partner is unchanged: every post and log computes its author's,
 * and reading the partner's row for it was one statement per message. A flow writes res_partner
 * between its posts (an invoice raises its customer's rank): the address is then made again from
 * the two columns it comes from, not from the partner's whole row read through the ORM.
 */
export function partnerEmailFormatted(model: BaseModel, partnerId: number): string | false {
  return model.env.crossCall(`mail.email_formatted:${partnerId}`, () => {
    const row = model.env.cr.get<{ name: string | null; email: string | null }>('SELECT name, email FROM res_partner WHERE id = ?', [partnerId]);
    if (row) return emailFormatted(row.name, row.email);
    // no such partner: whatever the ORM answers for it
    return (model.env.model('res.partner').sudo().withContext({}).browse([partnerId]).get('email_formatted') as string | false) || false;
  });
}

/** The partner of the current user (uid's partner_id), read without access checks. */
export function userPartnerId(model: BaseModel): number {
  return mailUser(model)?.partnerId ?? 0;
}

/**
 * The access a message operation needs on its document (mail.thread._get_mail_message_access):
 * write/unlink need write, create needs the model's `_mail_post_access` (write by default).
 */
export function messageDocumentAccess(docModel: BaseModel | null, operation: string): string {
  const createAllow = (docModel?.cls as unknown as { _mail_post_access?: string } | undefined)?._mail_post_access ?? 'write';
  if (operation === 'write' || operation === 'unlink') return 'write';
  if (operation === 'create') return ['create', 'read', 'write', 'unlink'].includes(createAllow) ? createAllow : 'write';
  return operation;
}

export const mailMessageSubtype: ModelDecl = {
  _name: 'mail.message.subtype',
  _description: 'Message subtypes',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', string: 'Message Type', required: true, translate: true, help: 'Message subtype gives a more precise type on the message, especially for system notifications. For example, it can be a notification related to a new record (New), or to a stage change in a process (Stage change). Message subtypes allow to precisely tune the notifications the user want to receive on its wall.' },
    description: { type: 'text', string: 'Description', translate: true, help: 'Description that will be added in the message posted for this subtype. If void, the name will be added instead.' },
    internal: { type: 'boolean', string: 'Internal Only', help: 'Messages with internal subtypes will be visible only by employees, aka members of base_user group' },
    parent_id: { type: 'many2one', comodel: 'mail.message.subtype', string: 'Parent', ondelete: 'set null', help: 'Parent subtype, used for automatic subscription. This field is not correctly named. For example on a project, the parent_id of project subtypes refers to task-related subtypes.' },
    relation_field: { type: 'char', string: 'Relation field', help: 'Field used to link the related model to the subtype model when using automatic subscription on a related document. The field is used to compute getattr(related_document.relation_field).' },
    res_model: { type: 'char', string: 'Model', help: 'Model the subtype applies to. If False, this subtype applies to all models.' },
    default: { type: 'boolean', string: 'Default', default: true, help: 'Activated by default when subscribing.' },
    sequence: { type: 'integer', string: 'Sequence', default: 1, help: 'Used to order subtypes.' },
    hidden: { type: 'boolean', string: 'Hidden', help: 'Hide the subtype in the follower options' },
    track_recipients: { type: 'boolean', string: 'Track Recipients', help: 'Whether to display all the recipients or only the important ones.' },
  },
  methods: (Base) => class extends Base {
    /**
     * Default subtypes of a model (_default_subtypes): [all, internal, external] ids of the
     * subtypes flagged default for that model or for every model.
     */
    _defaultSubtypes(modelName: string): [number[], number[], number[]] {
      // every subscription asks (creation, confirmation, invoices, payments): kept across calls
      // while mail_message_subtype is unchanged; the caller gets its own arrays
      const rows = this.env.crossCall(`mail.subtypes.default:${modelName}`, () => this.env.cr.all<{ id: number; internal: number | null }>(
        `SELECT id, internal FROM mail_message_subtype WHERE "default" = 1 AND (res_model = ? OR res_model IS NULL) ORDER BY sequence, id`, [modelName]));
      const internal = rows.filter((r) => r.internal).map((r) => r.id);
      return [rows.map((r) => r.id), internal, rows.filter((r) => !r.internal).map((r) => r.id)];
    }
  },
};

export const mailMessage: ModelDecl = {
  _name: 'mail.message',
  _description: 'Message',
  _order: 'id desc',
  // mail_message.py _auto_init: a document's messages (chatter, the thread's first message)
  _indexes: [['mail_message_model_res_id_id_idx', 'model, res_id, id']],
  _rec_name: 'record_name',
  fields: {
    subject: { type: 'char', string: 'Subject' },
    date: { type: 'datetime', string: 'Date', default: (m: BaseModel) => nowUtc(m.env.cr) },
    body: { type: 'html', string: 'Contents', default: '' },
    description: { type: 'char', string: 'Short description', compute: '_compute_description', depends: ['body', 'subject'], help: 'Message description: either the subject, or the beginning of the body' },
    preview: { type: 'char', string: 'Preview', compute: '_compute_preview', depends: ['body'], help: 'The text-only beginning of the body used as email preview.' },
    // attachments are linked to the document through res_model/res_id, to the message here
    // (present once ir.attachment is installed: registry leaves out fields of absent comodels)
    attachment_ids: { type: 'many2many', comodel: 'ir.attachment', relation: 'message_attachment_rel', column1: 'message_id', column2: 'attachment_id', string: 'Attachments' },
    parent_id: { type: 'many2one', comodel: 'mail.message', string: 'Parent Message', index: 'btree_not_null', ondelete: 'set null', help: 'Initial thread message.' },
    child_ids: { type: 'one2many', comodel: 'mail.message', inverse_name: 'parent_id', string: 'Child Messages' },
    model: { type: 'char', string: 'Related Document Model' },
    res_id: { type: 'many2one_reference', string: 'Related Document ID', model_field: 'model' },
    record_name: { type: 'char', string: 'Message Record Name' },
    record_company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', ondelete: 'set null' },
    message_type: {
      type: 'selection', string: 'Type', required: true, default: 'comment', selection: MESSAGE_TYPES,
      help: "Used to categorize message generator\n'email': generated by an incoming email e.g. mailgateway\n'comment': generated by user input e.g. through discuss or composer\n'email_outgoing': generated by a mailing\n'notification': generated by system e.g. tracking messages\n'auto_comment': generated by automated notification mechanism e.g. acknowledgment\n'user_notification': generated for a specific recipient",
    },
    subtype_id: { type: 'many2one', comodel: 'mail.message.subtype', string: 'Subtype', ondelete: 'set null', index: true },
    mail_activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Mail Activity Type', index: 'btree_not_null', ondelete: 'set null' },
    is_internal: { type: 'boolean', string: 'Employee Only', help: 'Hide to public / portal users, independently from subtype configuration.' },
    email_from: { type: 'char', string: 'From', help: 'Email address of the sender. This field is set when no matching partner is found and replaces the author_id field in the chatter.' },
    // default_get: the current user's partner (mail.thread._message_compute_author)
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', index: true, ondelete: 'set null', default: (m: BaseModel) => userPartnerId(m) || false, help: 'Author of the message. If not set, email_from may hold an email address that did not match any partner.' },
    author_avatar: { type: 'binary', string: "Author's avatar", related: 'author_id.avatar_128', depends: ['author_id'], readonly: false },
    is_current_user_or_guest_author: { type: 'boolean', compute: '_compute_is_current_user_or_guest_author', depends: ['author_id'] },
    // recipients include archived partners (archived after the message was sent)
    partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_message_res_partner_rel', column1: 'mail_message_id', column2: 'res_partner_id', string: 'Recipients', context: { active_test: false } },
    // the relation table is mail.notification's own table
    notified_partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_notification', column1: 'mail_message_id', column2: 'res_partner_id', string: 'Partners with Need Action', context: { active_test: false }, depends: ['notification_ids'], copy: false },
    needaction: { type: 'boolean', string: 'Need Action', compute: '_compute_needaction', search: '_search_needaction' },
    has_error: { type: 'boolean', string: 'Has error', compute: '_compute_has_error', search: '_search_has_error' },
    notification_ids: { type: 'one2many', comodel: 'mail.notification', inverse_name: 'mail_message_id', string: 'Notifications', auto_join: true, copy: false, depends: ['notified_partner_ids'] },
    starred_partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'mail_message_res_partner_starred_rel', column1: 'mail_message_id', column2: 'res_partner_id', string: 'Favorited By' },
    pinned_at: { type: 'datetime', string: 'Pinned', help: 'Datetime at which the message has been pinned' },
    starred: { type: 'boolean', string: 'Starred', compute: '_compute_starred', search: '_search_starred', depends: ['starred_partner_ids'], help: 'Current user has a starred notification linked to this message' },
    tracking_value_ids: { type: 'one2many', comodel: 'mail.tracking.value', inverse_name: 'mail_message_id', string: 'Tracking values', groups: 'base.group_system', help: 'Tracked values are stored in a separate model. This field allow to reconstruct the tracking and to generate statistics on the model.' },
    reply_to_force_new: { type: 'boolean', string: 'No threading for answers', help: 'If true, answers do not go in the original document discussion thread. Instead, it will check for the reply_to in tracking message-id and redirected accordingly. This has an impact on the generated message-id.' },
    message_id: { type: 'char', string: 'Message-Id', help: 'Message unique identifier', index: true, readonly: true, copy: false },
    reply_to: { type: 'char', string: 'Reply-To', help: 'Reply email address. Setting the reply_to bypasses the automatic thread creation.' },
    email_layout_xmlid: { type: 'char', string: 'Layout', copy: false },
    email_add_signature: { type: 'boolean', string: 'Email Add Signature', default: true },
    mail_ids: { type: 'one2many', comodel: 'mail.mail', inverse_name: 'mail_message_id', string: 'Mails', groups: 'base.group_system' },
  },
  rpc: {
    mark_all_as_read: { api: 'model', params: [{ name: 'domain', default: null }] },
    set_message_done: { api: 'multi', params: [] },
    toggle_message_starred: { api: 'multi', params: [] },
    unstar_all: { api: 'model', params: [] },
  },
  methods: (Base) => class extends Base {
    /**
     * Odoo's create check reads the messages' documents first: a document that does not exist
     * gives MissingError naming it (mail_message.py _check_access), where our rule check refuses
     * the new message with an AccessError. Looked up only when the creation is refused.
     */
    create(valsList: unknown): this {
      try {
        return super.create(valsList);
      } catch (e) {
        if (!(e instanceof AccessError)) throw e;
        const byModel = new Map<string, number[]>();
        for (const { model, res_id: resId } of valsDicts(valsList)) {
          if (typeof model !== 'string' || !this.env.registry.models.has(model) || !isRecordId(resId)) continue;
          byModel.set(model, [...(byModel.get(model) ?? []), resId]);
        }
        for (const [model, ids] of byModel) assertExisting(this.env.model(model), ids);
        throw e;
      }
    }
    _compute_description(): Map<number, unknown> {
      const vals = this._values(['subject', 'body']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, v.subject ? v.subject : shorten(htmlToPlain(String(v.body || '')), 30)];
      }));
    }
    _compute_preview(): Map<number, unknown> {
      const vals = this._values(['body']);
      return new Map(this.ids.map((id) => [id, shorten(htmlToPlain(String(vals.get(id)!.body || '')), 190)]));
    }
    _compute_is_current_user_or_guest_author(): Map<number, unknown> {
      const pid = userPartnerId(this);
      const isPublic = this.env.hasGroup('base.group_public');
      const vals = this._values(['author_id']);
      return new Map(this.ids.map((id) => [id, !isPublic && !!pid && vals.get(id)!.author_id === pid]));
    }
    _compute_needaction(): Map<number, unknown> {
      const pid = userPartnerId(this);
      const hit = this._idsWith(`SELECT mail_message_id FROM mail_notification WHERE res_partner_id = ? AND (is_read = 0 OR is_read IS NULL) AND mail_message_id IN`, [pid]);
      return new Map(this.ids.map((id) => [id, hit.has(id)]));
    }
    _search_needaction(operator: string, operand: unknown): Domain {
      const isRead = !(operator === '=' && operand);
      const pid = userPartnerId(this);
      const ids = this.env.cr.raw(`SELECT DISTINCT mail_message_id FROM mail_notification WHERE res_partner_id = ? AND COALESCE(is_read, 0) = ?`, [pid, isRead ? 1 : 0]).map((r) => r[0] as number);
      return [['id', 'in', ids]];
    }
    _compute_has_error(): Map<number, unknown> {
      const hit = this._idsWith(`SELECT mail_message_id FROM mail_notification WHERE notification_status IN ('bounce', 'exception') AND mail_message_id IN`, []);
      return new Map(this.ids.map((id) => [id, hit.has(id)]));
    }
    _search_has_error(operator: string, operand: unknown): Domain {
      if (operator === '=' && operand) return [['notification_ids.notification_status', 'in', ['bounce', 'exception']]];
      return ['!', ['notification_ids.notification_status', 'in', ['bounce', 'exception']]];
    }
    _compute_starred(): Map<number, unknown> {
      const pid = userPartnerId(this);
      const hit = this._idsWith(`SELECT mail_message_id FROM mail_message_res_partner_starred_rel WHERE res_partner_id = ? AND mail_message_id IN`, [pid]);
      return new Map(this.ids.map((id) => [id, hit.has(id)]));
    }
    _search_starred(operator: string, operand: unknown): Domain {
      const pid = userPartnerId(this);
      return operator === '=' && operand ? [['starred_partner_ids', 'in', [pid]]] : [['starred_partner_ids', 'not in', [pid]]];
    }
    /** Ids of these messages returned by `sqlPrefix (ids...)`. */
    _idsWith(sqlPrefix: string, params: SqlParam[]): Set<number> {
      if (!this.ids.length) return new Set();
      return new Set(this.env.cr.raw(`${sqlPrefix} (${this.ids.map(() => '?').join(',')})`, [...params, ...this.ids]).map((r) => r[0] as number));
    }

    // ------------------------------------------------------------------------------------
    // create: the values Odoo derives (mail_message.create)
    // ------------------------------------------------------------------------------------

    _create(valsList: Vals[]): this {
      const tracking: unknown[] = [];
      const prepared = valsList.map((given) => {
        const vals: Vals = { ...given };
        if (!('email_from' in vals)) {
          const author = vals.author_id ?? (this.env.context.default_author_id as number | undefined) ?? userPartnerId(this);
          vals.email_from = author ? partnerEmailFormatted(this, author as number) : false;
        }
        const model = vals.model ?? this.env.context.default_model;
        const resId = vals.res_id ?? this.env.context.default_res_id;
        if (!vals.message_id) {
          vals.message_id = vals.reply_to_force_new === true ? trackingMessageId('reply_to')
            : isThreadMessage({ model, res_id: resId, message_type: vals.message_type ?? 'comment' }) ? trackingMessageId(`${resId}-${model}`) : trackingMessageId('private');
        }
        if (!('reply_to' in vals)) vals.reply_to = vals.email_from ?? false;
        if (!('record_name' in vals) && !('default_record_name' in this.env.context)) {
          vals.record_name = model && resId && this.env.has(String(model))
            ? this.env.model(String(model)).sudo().browse([Number(resId)])._displayNames().get(Number(resId)) ?? false : false;
        }
        // tracking values are created after the message, as superuser
        tracking.push(vals.tracking_value_ids ?? false);
        delete vals.tracking_value_ids;
        return vals;
      });
      // the first message of a thread (parent of the next posts) changes when a thread gets its
      // first one: facts kept about threads follow this insert
      let created: BaseModel | null = null;
      const messages = firstMessageFacts.write(this, () => (created = super._create(prepared)), (facts) => {
        const ctx = this.env.context;
        prepared.forEach((v, i) => {
          const model = v.model ?? ctx.default_model;
          const resId = v.res_id ?? ctx.default_res_id;
          const type = v.message_type ?? ctx.default_message_type ?? 'comment';
          if (!isThreadMessage({ model, res_id: resId, message_type: type })) return;
          if (typeof model !== 'string' || !Number.isInteger(resId)) { facts.clear(); return; }
          if (facts.get(model, resId as number) === false) facts.set(model, resId as number, created!.ids[i]);
        });
      });
      // posting on a document needs the ACL right its _mail_post_access names: Odoo's
      // check_access_rule raises that ACL error once the rows are inserted (their ids used up),
      // before the record-level checks
      if (!this.env.su) {
        prepared.forEach((v) => {
          const model = v.model ?? this.env.context.default_model;
          if (!isThreadMessage({ model, res_id: v.res_id ?? this.env.context.default_res_id, message_type: v.message_type ?? 'comment' }) || !this.env.has(String(model))) return;
          const Doc = this.env.model(String(model));
          security.checkAccessRights(Doc, messageDocumentAccess(Doc, 'create'));
        });
      }
      // the tracking lines of every message, in their order (one INSERT)
      const lines = messages.ids.flatMap((id, i) => {
        const cmds = tracking[i];
        if (!Array.isArray(cmds)) return [];
        return cmds.filter((c): c is [number, number, Vals] => Array.isArray(c) && c.length === 3 && c[0] === 0).map((c) => ({ ...c[2], mail_message_id: id }));
      });
      if (lines.length) (this.env.model('mail.tracking.value').sudo() as AnyModel)._createLines(lines);
      return messages;
    }

    // ------------------------------------------------------------------------------------
    // access: what _search and check_access_rule add to ACLs (security.ruleDomain)
    // ------------------------------------------------------------------------------------

    /**
     * The messages a user may access (mail_message.py _search and check_access_rule): read —
     * their own (author or creator), those they received or were notified of, and those on
     * documents they may read (user notifications excepted); write — author, recipient, or
     * write access to the document; create — a private message, or access to the document as
     * its model's _mail_post_access (write), or a follower of it, or a reply to a message they
     * received; unlink — write access to the document. Portal and public users never see
     * internal notes (_get_search_domain_share). Documents count with their record rules, as
     * Odoo searches them.
     */
    _accessDomain(mode: string, rules: Domain | null): Domain | null {
      const pid = userPartnerId(this);
      const uid = this.env.uid;
      const notUserNotification: Domain = [['message_type', '!=', 'user_notification']];
      const received: Domain = OR([[['partner_ids', 'in', [pid]]], [['notification_ids.res_partner_id', '=', pid]]]);
      let dom: Domain;
      if (mode === 'read') {
        dom = OR([[['author_id', '=', pid]], [['create_uid', '=', uid]], received, AND([notUserNotification, this._documentsDomain('read')])]);
      } else if (mode === 'write') {
        dom = OR([[['author_id', '=', pid]], received, AND([notUserNotification, this._documentsDomain('write')])]);
      } else if (mode === 'create') {
        const followed = this._messageModels().filter((m) => this.env.has(m)).map((m): Domain => [
          ['model', '=', m], ['res_id', 'in', new SQL('SELECT res_id FROM mail_followers WHERE res_model = ? AND partner_id = ?', [m, pid])]]);
        dom = OR([
          [['model', '=', false]], [['res_id', '=', false]], [['message_type', '=', 'user_notification']],
          AND([notUserNotification, OR([this._documentsDomain('create'), ...followed])]),
          [['parent_id', 'in', new SQL('SELECT mail_message_id FROM mail_message_res_partner_rel WHERE res_partner_id = ?', [pid])]],
        ]);
      } else {
        dom = AND([notUserNotification, this._documentsDomain(mode)]);
      }
      if (!this.env.hasGroup('base.group_user')) dom = AND([SHARE_DOMAIN, dom]);
      return rules ? AND([rules, dom]) : dom;
    }

    /**
     * Messages whose document the user may access for a message operation: per model with
     * messages, the access messageDocumentAccess asks, through the model's ACL and its records'
     * rules (a sub-query, not a list of ids).
     */
    _documentsDomain(mode: string): Domain {
      const parts: Domain[] = [];
      for (const docModel of this._messageModels()) {
        if (!this.env.has(docModel)) continue;
        const Doc = this.env.model(docModel).withContext({ ...this.env.context, active_test: false });
        const op = messageDocumentAccess(Doc, mode);
        if (!security.checkAccessRights(Doc, op, false)) continue;
        parts.push([['model', '=', docModel], ['res_id', 'in', accessibleIdsSql(Doc, op)]]);
      }
      return parts.length ? OR(parts) : [[0, '=', 1]];
    }

    /** Models that have messages (memoized until the next write). */
    _messageModels(): string[] {
      return this.env.crossCall('mail.message:models', () =>
        this.env.cr.raw('SELECT DISTINCT model FROM mail_message WHERE model IS NOT NULL').map((r) => r[0] as string));
    }

    /** check_access_rule's own AccessError (mail_message.py). */
    _accessError(mode: string, ids: number[]): AccessError {
      return new AccessError('The requested operation cannot be completed due to security restrictions. Please contact your system administrator.\n\n'
        + `(Document type: ${this.cls._description}, Operation: ${mode}) - (Records: ${pyRepr(ids.slice(0, 6))}, User: ${this.env.uid})`);
    }

    // ------------------------------------------------------------------------------------
    // Discuss API
    // ------------------------------------------------------------------------------------

    /** Mark the current user's unread notifications (of the matching messages) as read. */
    mark_all_as_read(domain: unknown = null): number[] | null {
      const pid = userPartnerId(this);
      if (Array.isArray(domain) && domain.length) {
        const msgs = this.search(domain);
        msgs.set_message_done();
        return msgs.ids;
      }
      const notifs = this.env.model('mail.notification').sudo();
      const ids = notifs._searchIds([['res_partner_id', '=', pid], ['is_read', '=', false]]);
      if (ids.length) notifs.browse(ids).write({ is_read: true });
      return null;
    }
    set_message_done(): null {
      const pid = userPartnerId(this);
      const notifs = this.env.model('mail.notification').sudo();
      const ids = notifs._searchIds([['mail_message_id', 'in', this.ids], ['res_partner_id', '=', pid], ['is_read', '=', false]]);
      if (ids.length) notifs.browse(ids).write({ is_read: true });
      return null;
    }
    toggle_message_starred(): null {
      security.checkAccessRule(this, 'read');
      const pid = userPartnerId(this);
      const starred = this.ensureOne().get('starred');
      this.env.model('res.partner').sudo().browse([pid]).write({ starred_message_ids: [[starred ? 3 : 4, this.ids[0]]] });
      return null;
    }
    unstar_all(): null {
      const pid = userPartnerId(this);
      const starred = this.search([['starred_partner_ids', 'in', pid]]).ids;
      if (starred.length) this.env.model('res.partner').sudo().browse([pid]).write({ starred_message_ids: starred.map((id: number) => [3, id]) });
      return null;
    }
  },
};

/** textwrap.shorten(text, width): whole words, ' [...]' when cut. */
function shorten(text: string, width: number): string {
  if (text.length <= width) return text;
  const words = text.split(' ');
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (next.length + ' [...]'.length > width) break;
    out = next;
  }
  return `${out} [...]`.trim();
}

/**
 * SQL selecting the ids of a model the user may access for `op` by its record rules and own
 * access domain (archived records included), for ('res_id', 'in', SQL) leaves.
 */
export function accessibleIdsSql(model: BaseModel, op: string): SQL {
  const alias = `${model.cls._table}__acc`;
  const dom = security.ruleDomain(model, op);
  const where = dom ? new DomainCompiler(model.sudo().withContext({ active_test: false }), alias).compile(dom) : null;
  return new SQL(`SELECT ${ident(alias)}.id FROM ${ident(model.cls._table)} AS ${ident(alias)}${where ? ` WHERE ${where.text}` : ''}`, where ? where.params : []);
}

/** Ids of `records` the user may access for `op` (Odoo's _filter_access_rules). */
export function filterAccessRules(records: BaseModel, op: string): number[] {
  if (records.env.su || !records.ids.length) return records.ids;
  const ids = [...new Set(records.ids)];
  const sub = accessibleIdsSql(records, op);
  return records.env.cr.raw(`SELECT id FROM (${sub.text}) WHERE id IN (${ids.map(() => '?').join(',')})`, [...sub.params as SqlParam[], ...ids]).map((r) => r[0] as number);
}
