/**
 * mail.thread: the chatter mixin (mail/models/mail_thread.py). A model declared with
 * `_inherit: [..., 'mail.thread']` gets messages, followers, message_post / message_subscribe,
 * a creation log, field tracking (fields declared with `tracking`) and notifications of its
 * followers: inbox (mail.notification) or email (mail.mail through the outbox).
 *
 * Python keyword arguments map to one object argument (`message_post({ body, subtype_xmlid })`),
 * HTML bodies are passed as `Markup` (a plain string is escaped, as Odoo escapes a str body).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import type { Field } from '../orm/fields';
import type { Domain } from '../orm/domain';
import { AccessError, PsycopgError, PyValueError, UserError } from '../orm/exceptions';
import * as security from '../orm/security';
import { cleanContext } from '../orm/environment';
import { pyRepr } from '../tools/pyrepr';
import { Markup, bodyOf } from './html';
import { mailUser, partnerEmailFormatted, trackingMessageId, userPartnerId } from './mail_message';
import type { TrackedFieldInfo } from './mail_tracking_value';
import { notifyThread, NOTIFY_PARAMETERS } from './mail_notify';
import { renderMailView } from './mail_render';
import { firstMessageFacts, followerFacts, type FollowerFact } from './thread_facts';

export type Kwargs = Record<string, unknown>;

/** message_post's keyword-only parameters (Odoo 17 signature). */
const POST_KWONLY = ['body', 'subject', 'message_type', 'email_from', 'author_id', 'parent_id', 'subtype_xmlid', 'subtype_id', 'partner_ids', 'attachments', 'attachment_ids', 'body_is_html'];
const NOTIFY_KWONLY = ['body', 'subject', 'author_id', 'email_from', 'model', 'res_id', 'subtype_xmlid', 'subtype_id', 'partner_ids', 'attachments', 'attachment_ids'];

/** Fields message creation accepts from the thread API (_get_message_create_valid_field_names). */
const MESSAGE_CREATE_FIELDS = new Set([
  'attachment_ids', 'author_guest_id', 'author_id', 'body', 'create_date', 'date', 'email_add_signature', 'email_from',
  'email_layout_xmlid', 'is_internal', 'mail_activity_type_id', 'mail_server_id', 'message_id', 'message_type', 'model',
  'parent_id', 'partner_ids', 'record_alias_domain_id', 'record_company_id', 'record_name', 'reply_to', 'reply_to_force_new',
  'res_id', 'subject', 'subtype_id', 'tracking_value_ids',
]);

/** Whether mail's behaviour is active (not while modules loaded before mail install their data). */
export function mailActive(model: BaseModel): boolean {
  return model.env.moduleLoaded('mail');
}

/** Odoo's _raise_for_invalid_parameters. */
export function raiseForInvalidParameters(names: Iterable<string>, opts: { forbidden?: Set<string>; restricting?: Set<string> }): void {
  const list = [...names];
  const conflicting = opts.forbidden ? list.filter((n) => opts.forbidden!.has(n)) : opts.restricting ? list.filter((n) => !opts.restricting!.has(n)) : [];
  if (conflicting.length) throw new PyValueError(`Those values are not supported when posting or notifying: ${conflicting.join(', ')}`);
}

/** The tracked fields of each model class (classes do not change once the registry is set up). */
const trackedFieldsIndex = new WeakMap<object, { fields: Field[]; names: string[]; restricted: boolean }>();

/** tools.is_list_of(value, int) */
function isListOfInt(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x));
}

/** A value as Python's repr prints it in error messages (None for missing). */
function reprOf(v: unknown): string {
  return pyRepr(v === undefined ? null : v);
}

/** Whether the current user is active (inactive users such as __system__ post "on behalf"). */
function userActive(model: BaseModel): boolean {
  return !!mailUser(model)?.active;
}

/** A tracking sequence from the field's `tracking` (True = 100). */
function trackingSequence(f: Field): number {
  const t = f.spec.tracking;
  return typeof t === 'number' ? t : 100;
}

/** Internal values equal as tracking compares them (falsy values are all "empty"). */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === false || v === null || v === undefined || v === '' || v === 0 || (Array.isArray(v) && !v.length);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Kind of value the initial-values map holds per record: null = tracking discarded. */
type InitialValues = Map<number, Record<string, unknown> | null>;

export const mailThread: ModelDecl = {
  _name: 'mail.thread',
  _description: 'Email Thread',
  _abstract: true,
  fields: {
    message_is_follower: { type: 'boolean', string: 'Is Follower', compute: '_compute_message_is_follower', search: '_search_message_is_follower', depends: ['message_follower_ids'] },
    message_follower_ids: { type: 'one2many', comodel: 'mail.followers', inverse_name: 'res_id', string: 'Followers', groups: 'base.group_user' },
    message_partner_ids: {
      type: 'many2many', comodel: 'res.partner', string: 'Followers (Partners)', compute: '_compute_message_partner_ids',
      inverse: '_inverse_message_partner_ids', search: '_search_message_partner_ids', groups: 'base.group_user', depends: ['message_follower_ids'],
    },
    message_ids: { type: 'one2many', comodel: 'mail.message', inverse_name: 'res_id', string: 'Messages', domain: [['message_type', '!=', 'user_notification']], auto_join: true },
    has_message: { type: 'boolean', compute: '_compute_has_message', search: '_search_has_message', store: false },
    message_needaction: { type: 'boolean', string: 'Action Needed', compute: '_compute_message_needaction', search: '_search_message_needaction', help: 'If checked, new messages require your attention.' },
    message_needaction_counter: { type: 'integer', string: 'Number of Actions', compute: '_compute_message_needaction', help: 'Number of messages requiring action' },
    message_has_error: { type: 'boolean', string: 'Message Delivery error', compute: '_compute_message_has_error', search: '_search_message_has_error', help: 'If checked, some messages have a delivery error.' },
    message_has_error_counter: { type: 'integer', string: 'Number of errors', compute: '_compute_message_has_error', help: 'Number of messages with delivery error' },
    message_attachment_count: { type: 'integer', string: 'Attachment Count', compute: '_compute_message_attachment_count', groups: 'base.group_user' },
  },
  rpc: {
    message_post: { api: 'multi', params: [], kwonly: POST_KWONLY, kwonlyAlways: ['body', 'message_type'], varkw: true, qualname: 'MailThread.message_post', returns: 'id' },
    message_notify: { api: 'multi', params: [], kwonly: NOTIFY_KWONLY, varkw: true, qualname: 'MailThread.message_notify', returns: 'id' },
    message_subscribe: { api: 'multi', params: [param('partner_ids', null), param('subtype_ids', null)], qualname: 'MailThread.message_subscribe' },
    message_unsubscribe: { api: 'multi', params: [param('partner_ids', null)], qualname: 'MailThread.message_unsubscribe' },
    message_get_followers: { api: 'multi', params: [param('after', null), param('limit', 100), param('filter_recipients', false)], qualname: 'MailThread.message_get_followers' },
  },
  methods: (Base) => class extends Base {
    /** Access a message needs on the document to be posted on it (Odoo's _mail_post_access). */
    static _mail_post_access = 'write';
    /** Messages without parent are attached to the thread's first message (Odoo's _mail_flat_thread). */
    static _mail_flat_thread = true;

    // ------------------------------------------------------------------------------------
    // computed fields
    // ------------------------------------------------------------------------------------

    _compute_message_partner_ids(): Map<number, unknown> {
      const out = new Map<number, unknown>(this.ids.map((id) => [id, []]));
      if (!this.ids.length) return out;
      // the followers kept for posts and subscriptions (mail.followers._followersOf)
      for (const [rid, followers] of this.env.model('mail.followers')._followersOf(this._name, this.ids) as Map<number, readonly FollowerFact[]>) {
        out.set(rid, followers.map((f) => f.partnerId));
      }
      return out;
    }
    _inverse_message_partner_ids(_f: Field, value: unknown): void {
      for (const id of this.ids) {
        const rec = this.browse([id]) as AnyModel;
        const before = (rec._compute_message_partner_ids().get(id) ?? []) as number[];
        const after = applyCommands(before, value);
        const added = after.filter((p) => !before.includes(p));
        const removed = before.filter((p) => !after.includes(p));
        if (added.length) rec.message_subscribe(added);
        if (removed.length) rec.message_unsubscribe(removed);
      }
    }
    /**
     * Odoo's mail.thread `_flush_search`: the field check is relaxed on `message_partner_ids`
     * (group_user) for portal users filtering threads by themselves (or their company) as followers;
     * such top-level leaves are checked here and left out of the field check.
     */
    _flush_search(domain: Domain, order: string | null, fields: Iterable<string> = []): void {
      if (this.env.su || this.env.hasGroup('base.group_user')) return super._flush_search(domain, order, fields);
      const relaxed = domain.map((leaf) => {
        if (!Array.isArray(leaf) || leaf.length !== 3 || leaf[0] !== 'message_partner_ids') return leaf;
        const pid = userPartnerId(this);
        const commercial = this.env.model('res.partner').sudo().browse([pid]).get('commercial_partner_id');
        const allowed = new Set([pid, commercial]);
        const operand = Array.isArray(leaf[2]) ? leaf[2] : [leaf[2]];
        if (!operand.every((p) => allowed.has(p as number))) throw new AccessError('Portal users can only filter threads by themselves as followers.');
        return [1, '=', 1];
      }) as Domain;
      return super._flush_search(relaxed, order, fields);
    }
    _search_message_partner_ids(operator: string, operand: unknown): Domain {
      const negative = ['!=', 'not in', 'not like', 'not ilike'].includes(operator);
      const positive = negative ? ({ '!=': '=', 'not in': 'in', 'not like': 'like', 'not ilike': 'ilike' } as Record<string, string>)[operator] : operator;
      const followers = this.env.model('mail.followers').sudo();
      const resIds = followers.browse(followers._searchIds([['res_model', '=', this._name], ['partner_id', positive, operand]])).mapped('res_id') as number[];
      return [['id', negative ? 'not in' : 'in', [...new Set(resIds)]]];
    }
    _compute_message_is_follower(): Map<number, unknown> {
      const pid = userPartnerId(this);
      const following = this.ids.length ? new Set(this.env.cr.raw(`SELECT res_id FROM mail_followers WHERE res_model = ? AND partner_id = ? AND res_id IN (${this.ids.map(() => '?').join(',')})`, [this._name, pid, ...this.ids]).map((r) => r[0] as number)) : new Set<number>();
      return new Map(this.ids.map((id) => [id, following.has(id)]));
    }
    _search_message_is_follower(operator: string, operand: unknown): Domain {
      const pid = userPartnerId(this);
      const ids = this.env.cr.raw('SELECT res_id FROM mail_followers WHERE res_model = ? AND partner_id = ?', [this._name, pid]).map((r) => r[0] as number);
      const positive = (operator === '=' && operand) || (operator === '!=' && !operand);
      return [['id', positive ? 'in' : 'not in', ids]];
    }
    /**
     * read() of numeric-string ids: has_message's query (mail_thread.py _compute_has_message)
     * compares res_id with an array of text when every id is a string, which PostgreSQL refuses.
     */
    _readOddIds(raw: unknown[], fnames: string[]): void {
      if (!fnames.includes('has_message') || !raw.length || !raw.every((x) => typeof x === 'string')) return;
      const array = `ARRAY[${raw.map((x) => `'${String(x).replace(/'/g, "''")}'`).join(',')}]`;
      throw new PsycopgError('psycopg2.errors.UndefinedFunction', `operator does not exist: integer = text\nLINE 4:              WHERE res_id = any(${array})\n                                  ^\nHINT:  No operator matches the given name and argument types. You might need to add explicit type casts.\n`);
    }
    _compute_has_message(): Map<number, unknown> {
      const has = this.ids.length ? new Set(this.env.cr.raw(`SELECT DISTINCT res_id FROM mail_message WHERE model = ? AND res_id IN (${this.ids.map(() => '?').join(',')})`, [this._name, ...this.ids]).map((r) => r[0] as number)) : new Set<number>();
      return new Map(this.ids.map((id) => [id, has.has(id)]));
    }
    _search_has_message(operator: string, value: unknown): Domain {
      const positive = (operator === '=' && value === true) || (operator === '!=' && value === false);
      const ids = this.env.cr.raw('SELECT DISTINCT res_id FROM mail_message WHERE model = ?', [this._name]).map((r) => r[0] as number);
      return [['id', positive ? 'in' : 'not in', ids]];
    }
    _compute_message_needaction(f: Field): Map<number, unknown> {
      const counts = new Map<number, number>(this.ids.map((id) => [id, 0]));
      if (this.ids.length) {
        const rows = this.env.cr.raw(
          `SELECT msg.res_id FROM mail_message msg JOIN mail_notification rel ON rel.mail_message_id = msg.id AND rel.res_partner_id = ? AND (rel.is_read = 0 OR rel.is_read IS NULL)
            WHERE msg.model = ? AND msg.res_id IN (${this.ids.map(() => '?').join(',')}) AND msg.message_type != 'user_notification'`, [userPartnerId(this), this._name, ...this.ids]);
        for (const [rid] of rows) counts.set(rid as number, (counts.get(rid as number) ?? 0) + 1);
      }
      return new Map(this.ids.map((id) => [id, f.name === 'message_needaction' ? counts.get(id)! > 0 : counts.get(id)]));
    }
    _search_message_needaction(operator: string, operand: unknown): Domain {
      return [['message_ids.needaction', operator, operand]];
    }
    _compute_message_has_error(f: Field): Map<number, unknown> {
      const counts = new Map<number, number>(this.ids.map((id) => [id, 0]));
      if (this.ids.length) {
        const rows = this.env.cr.raw(
          `SELECT msg.res_id, COUNT(msg.res_id) FROM mail_message msg JOIN mail_notification notif ON notif.mail_message_id = msg.id
            WHERE notif.notification_status IN ('exception', 'bounce') AND notif.author_id = ? AND msg.model = ?
              AND msg.res_id IN (${this.ids.map(() => '?').join(',')}) AND msg.message_type != 'user_notification' GROUP BY msg.res_id`,
          [userPartnerId(this), this._name, ...this.ids]);
        for (const [rid, n] of rows) counts.set(rid as number, n as number);
      }
      return new Map(this.ids.map((id) => [id, f.name === 'message_has_error' ? counts.get(id)! > 0 : counts.get(id)]));
    }
    _search_message_has_error(operator: string, operand: unknown): Domain {
      const Message = this.env.model('mail.message');
      const ids = Message._searchIds([['has_error', operator, operand], ['author_id', '=', userPartnerId(this)]]);
      return [['message_ids', 'in', ids]];
    }
    _compute_message_attachment_count(): Map<number, unknown> {
      const counts = new Map<number, number>();
      if (this.ids.length && this.env.has('ir.attachment')) {
        const Attachment = this.env.model('ir.attachment');
        // counted with the reader's rights, as Odoo's _read_group
        const ids = Attachment.withEnv(this.env)._searchIds([['res_id', 'in', this.ids], ['res_model', '=', this._name]]);
        for (const v of Attachment.sudo().browse(ids)._values(['res_id']).values()) counts.set(v.res_id as number, (counts.get(v.res_id as number) ?? 0) + 1);
      }
      return new Map(this.ids.map((id) => [id, counts.get(id) ?? 0]));
    }

    // ------------------------------------------------------------------------------------
    // CRUD: creation log, followers, tracking, cleanup
    // ------------------------------------------------------------------------------------

    _create(valsList: Vals[]): this {
      const ctx = this.env.context;
      if (!mailActive(this) || ctx.tracking_disable) {
        const threads = super._create(valsList);
        if (mailActive(this)) (threads as AnyModel)._track_discard();
        return threads;
      }
      const stamp = this.env.cr.tables.version;
      const threads = super._create(valsList) as AnyModel;
      // new records have no message and no follower yet (unless their creation wrote some)
      firstMessageFacts.setFresh(this, this._name, threads.ids, false, stamp);
      followerFacts.setFresh(this, this._name, threads.ids, [], stamp);
      // the creator follows what they create
      let creator: number | null = null;
      if (!ctx.mail_create_nosubscribe && threads.ids.length && userActive(this)) {
        creator = userPartnerId(this);
        this.env.model('mail.followers')._insertFollowers(this._name, threads.ids, [creator], null, { customerIds: [], checkExisting: false });
      }
      threads.ids.forEach((id: number, i: number) => {
        const createValues: Vals = { ...valsList[i] };
        for (const [k, v] of Object.entries(ctx)) if (k.startsWith('default_') && !(k.slice(8) in createValues)) createValues[k.slice(8)] = v;
        threads.browse([id])._message_auto_subscribe(createValues, 'update', creator);
      });
      if (!ctx.mail_create_nolog) {
        const noSubtype: number[] = [];
        for (const id of threads.ids) {
          const thread = threads.browse([id]);
          const subtype = thread._creation_subtype();
          if (subtype) thread.sudo().message_post({ subtype_id: subtype, author_id: userPartnerId(this) });
          else noSubtype.push(id);
        }
        if (noSubtype.length) {
          const bodies = new Map(noSubtype.map((id) => [id, threads.browse([id])._creation_message() as string]));
          threads.browse(noSubtype)._message_log_batch(bodies, {});
        }
      }
      threads._track_discard();
      return threads as this;
    }

    _write(vals: Vals): void {
      const ctx = this.env.context;
      if (!mailActive(this) || ctx.tracking_disable) {
        super._write(vals);
        return;
      }
      if (!ctx.mail_notrack) this._track_prepare(null);
      super._write(vals);
      this._message_auto_subscribe(vals);
      // outside a transaction (scripts, unit tests) there is no commit to wait for
      if (!this.env.cr.inTransaction) this.env.cr.precommit.run();
    }

    _unlink(): void {
      if (!this.ids.length || !mailActive(this)) {
        super._unlink();
        return;
      }
      const ids = this.ids;
      this._track_discard();
      const Message = this.env.model('mail.message').sudo();
      const msgs = Message._searchIds([['model', '=', this._name], ['res_id', 'in', ids]]);
      if (msgs.length) Message.browse(msgs)._unlink();
      super._unlink();
      const Followers = this.env.model('mail.followers').sudo();
      const fols = Followers._searchIds([['res_model', '=', this._name], ['res_id', 'in', ids]]);
      if (fols.length) Followers.browse(fols)._unlink();
    }

    copy_data(defaultVals: unknown = null): Vals[] {
      // copying writes no temporary tracking (mail_notrack)
      return super.copy_data.call(this.withContext({ ...this.env.context, mail_notrack: true }), defaultVals);
    }

    /** Subtype of the creation message (none: a creation log is written instead). */
    _creation_subtype(): number | false {
      return false;
    }

    /** Body of the creation log: "<model description> created". */
    _creation_message(): string {
      return `${this.cls._description} created`;
    }

    // ------------------------------------------------------------------------------------
    // tracking
    // ------------------------------------------------------------------------------------

    /** Tracked fields the current user may see (_track_get_fields). */
    _track_get_fields(): string[] {
      let tracked = trackedFieldsIndex.get(this.cls);
      if (!tracked) {
        const fields = Object.values(this.cls._fields).filter((f) => f.spec.tracking);
        trackedFieldsIndex.set(this.cls, tracked = { fields, names: fields.map((f) => f.name), restricted: fields.some((f) => f.spec.groups) });
      }
      // most models restrict none of them to groups: every user sees them all (a copy: callers' own)
      if (!tracked.restricted || this.env.su) return [...tracked.names];
      return tracked.fields.filter((f) => security.fieldAllowed(this, f)).map((f) => f.name);
    }

    /**
     * Remember the initial values of tracked fields before a change (_track_prepare); `fnames`
     * null stands for every field (a write passes them all, as Odoo passes self._fields).
     */
    _track_prepare(fnames: string[] | null): void {
      const only = fnames && new Set(fnames);
      const tracked = only ? this._track_get_fields().filter((f) => only.has(f)) : this._track_get_fields();
      if (!tracked.length || !this.ids.length) return;
      const initial = this._trackingStore();
      // the transaction keeps each record's first values only (Odoo's setdefault): only the
      // records and fields without one are read (every write of a document came here, and
      // read its tracked fields again, non-stored computed ones computed again each time)
      const ids: number[] = [];
      const fields = new Set<string>();
      for (const id of this.ids) {
        if (!initial.has(id)) initial.set(id, {});
        const values = initial.get(id);
        if (!values) continue;
        const lacking = tracked.filter((f) => !(f in values));
        if (!lacking.length) continue;
        ids.push(id);
        for (const f of lacking) fields.add(f);
      }
      if (!ids.length) return;
      const current = this.browse(ids).sudo().withContext({ ...this.env.context, active_test: false })._values([...fields]);
      for (const id of ids) {
        const values = initial.get(id)!;
        const v = current.get(id);
        if (!v) continue;
        for (const f of fields) if (!(f in values)) values[f] = v[f];
      }
    }

    /** No tracking for these records in this transaction (_track_discard). */
    _track_discard(): void {
      if (!this._track_get_fields().length) return;
      const initial = this._trackingStore();
      for (const id of this.ids) initial.set(id, null);
    }

    /** The transaction's initial values of this model, and the end-of-transaction hook. */
    _trackingStore(): InitialValues {
      const key = `mail.tracking.${this._name}`;
      const data = this.env.cr.precommit.data;
      let initial = data.get(key) as InitialValues | undefined;
      if (!initial) {
        initial = new Map();
        data.set(key, initial);
        // the store and its hook live together (_track_finalize drops the store when it runs,
        // the end of the transaction both): the first writer's hook is the one kept anyway
        const finalizer = this.withContext(cleanContext(this.env.context)) as AnyModel;
        this.env.cr.precommit.add(key, () => finalizer._track_finalize());
      }
      return initial;
    }

    /** Log the changes of the prepared records (_track_finalize, run before commit). */
    _track_finalize(): void {
      const key = `mail.tracking.${this._name}`;
      const initial = this.env.cr.precommit.data.get(key) as InitialValues | undefined;
      this.env.cr.precommit.data.delete(key);
      if (!initial) return;
      const ids = [...initial.entries()].filter(([, v]) => v && Object.keys(v).length).map(([id]) => id);
      if (!ids.length) return;
      const records = this.browse(ids).exists().sudo() as AnyModel;
      if (!records.ids.length) return;
      records._message_track(this._track_get_fields(), initial);
    }

    /**
     * Compare initial and current values and log the changes: a message with the subtype of
     * _track_subtype (notifying followers), or an internal log without one (_message_track).
     */
    _message_track(fnames: string[], initial: InitialValues): Map<number, [string[], unknown[]]> {
      const out = new Map<number, [string[], unknown[]]>();
      if (!fnames.length) return out;
      // the fields_get information of a field, asked for the changed ones only
      const info = new Map<string, TrackedFieldInfo>();
      const infoOf = (f: string): TrackedFieldInfo => {
        let i = info.get(f);
        if (!i) {
          const field = this.cls._fields[f];
          info.set(f, i = { string: field.string, type: field.type, selection: field.type === 'selection' ? field.selectionFor(this.env) : undefined, currency_field: field.spec.currency_field ?? (field.type === 'monetary' ? 'currency_id' : undefined) });
        }
        return i;
      };
      // changed fields in descending (sequence, name) order, which makes the chatter show them
      // ascending (tracking values are id desc)
      const ordered = fnames.map((f) => [f, trackingSequence(this.cls._fields[f])] as [string, number])
        .sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([f]) => f);
      const bodies = (this.env.cr.precommit.data.get(`mail.tracking.message.${this._name}`) as Map<number, string> | undefined) ?? new Map();
      const authors = (this.env.cr.precommit.data.get(`mail.tracking.author.${this._name}`) as Map<number, number> | undefined) ?? new Map();
      for (const id of this.ids) {
        const rec = this.browse([id]) as AnyModel;
        const values = initial.get(id);
        if (!values) continue;
        const [changes, trackingValues] = rec._mail_track(ordered, values, infoOf) as [string[], unknown[]];
        out.set(id, [changes, trackingValues]);
        if (!changes.length) continue;
        const subtype = rec._track_subtype(Object.fromEntries(changes.map((c) => [c, values[c]])));
        const authorId = authors.get(id);
        const body = bodies.has(id) ? bodies.get(id)! : '';
        if (subtype) {
          rec.message_post({ body, author_id: authorId, subtype_id: subtype, tracking_value_ids: trackingValues });
        } else if (trackingValues.length) {
          rec._message_log({ body, author_id: authorId, tracking_value_ids: trackingValues });
        }
      }
      return out;
    }

    /**
     * Tracking commands of one record (_mail_track): the changes among `fnames`, in their order,
     * with the field information `infoOf` gives.
     */
    _mail_track(fnames: string[], initial: Record<string, unknown>, infoOf: (f: string) => TrackedFieldInfo): [string[], unknown[]] {
      // only the fields whose initial value is known can have changed (Odoo reads no other)
      const known = fnames.filter((f) => f in initial);
      const current = this._values(known).get(this.ids[0]) ?? {};
      const changed: string[] = [];
      const commands: unknown[] = [];
      let Tracking: AnyModel | undefined;
      for (const f of known) {
        const before = initial[f];
        const after = current[f];
        if (sameValue(before, after)) continue;
        changed.push(f);
        Tracking ??= this.env.model('mail.tracking.value') as AnyModel;
        commands.push([0, 0, Tracking._trackingValues(before, after, f, infoOf(f), this)]);
      }
      return [changed, commands];
    }

    /** Subtype posted for changes (none by default: the change is logged). */
    _track_subtype(_initialValues: Record<string, unknown>): number | false {
      return false;
    }

    /** Author of the next tracking message of these records (_track_set_author). */
    _track_set_author(authorId: number): void {
      if (!this._track_get_fields().length) return;
      const key = `mail.tracking.author.${this._name}`;
      const data = this.env.cr.precommit.data;
      const map = (data.get(key) as Map<number, number> | undefined) ?? new Map<number, number>();
      data.set(key, map);
      for (const id of this.ids) map.set(id, authorId);
    }

    /** Body of the next tracking message of these records (_track_set_log_message). */
    _track_set_log_message(message: string): void {
      if (!this._track_get_fields().length) return;
      const key = `mail.tracking.message.${this._name}`;
      const data = this.env.cr.precommit.data;
      const map = (data.get(key) as Map<number, string> | undefined) ?? new Map<number, string>();
      data.set(key, map);
      for (const id of this.ids) map.set(id, message);
    }

    // ------------------------------------------------------------------------------------
    // posting
    // ------------------------------------------------------------------------------------

    /** Post a message on the record and notify its followers (Odoo 17 message_post). */
    message_post(kw: Kwargs = {}): BaseModel {
      this.ensureOne();
      const { body = '', subject = null, message_type: messageType = 'notification', email_from: emailFromIn = null, author_id: authorIdIn = null,
        parent_id: parentId = false, subtype_xmlid: subtypeXmlid = null, attachments = null, body_is_html: bodyIsHtml = false } = kw;
      let subtypeId = kw.subtype_id ?? false;
      const extra = Object.keys(kw).filter((k) => !POST_KWONLY.includes(k));
      raiseForInvalidParameters(extra, { forbidden: new Set(['model', 'res_id', 'subtype']) });
      if (!this.ids[0]) throw new PyValueError('Posting a message should be done on a business document. Use message_notify to send a notification to an user.');
      if (messageType === 'user_notification') throw new PyValueError('Use message_notify to send a notification to an user.');
      if (attachments) {
        const ok = Array.isArray(attachments) && attachments.every((a) => Array.isArray(a) && (a.length === 2 || a.length === 3));
        if (!ok) throw new PyValueError(`Posting a message should receive attachments as a list of list or tuples (received ${reprOf(kw.attachment_ids)})`);
      }
      const attachmentIds = kw.attachment_ids ?? null;
      if (attachmentIds && !isListOfInt(attachmentIds)) throw new PyValueError(`Posting a message should receive attachments records as a list of IDs (received ${reprOf(attachmentIds)})`);
      const partnerIds = kw.partner_ids ?? null;
      if (partnerIds && !isListOfInt(partnerIds)) throw new PyValueError(`Posting a message should receive partners as a list of IDs (received ${reprOf(partnerIds)})`);
      const pids = [...((partnerIds as number[] | null) ?? [])];

      const messageFields = this.env.model('mail.message').cls._fields;
      const msgKwargs: Vals = Object.fromEntries(extra.filter((k) => k in messageFields).map((k) => [k, kw[k]]));
      const notifKwargs: Kwargs = Object.fromEntries(extra.filter((k) => !(k in messageFields)).map((k) => [k, kw[k]]));

      const [authorId, emailFrom] = this._message_compute_author(authorIdIn, emailFromIn, true);
      if (subtypeXmlid) subtypeId = this.env.xmlidLookup(String(subtypeXmlid))?.[1] ?? false;
      if (!subtypeId) subtypeId = this.env.xmlidLookup('mail.mt_note')?.[1] ?? false;

      if (this.env.context.mail_post_autofollow && pids.length) this.message_subscribe(pids);

      const msgValues: Vals = { ...msgKwargs };
      if (!('email_add_signature' in msgValues)) msgValues.email_add_signature = true;
      if (!msgValues.record_name) msgValues.record_name = this.sudo()._displayNames().get(this.ids[0]) ?? false;
      const html = bodyIsHtml && this.env.hasGroup('base.group_user') && typeof body === 'string' ? new Markup(body) : body;
      Object.assign(msgValues, {
        author_id: authorId, email_from: emailFrom, model: this._name, res_id: this.ids[0],
        body: bodyOf(html), message_type: messageType, parent_id: this._message_compute_parent_id(parentId),
        subject: subject || false, subtype_id: subtypeId, partner_ids: pids,
      });
      if (!('record_company_id' in msgValues)) msgValues.record_company_id = this._mailCompanyId();
      if (!('reply_to' in msgValues)) msgValues.reply_to = emailFrom;
      Object.assign(msgValues, this._process_attachments_for_post(attachments, attachmentIds, msgValues));
      const message = this._message_create([msgValues]);

      // the author follows what they post by hand (not system notifications)
      if (!this.env.context.mail_create_nosubscribe && msgValues.message_type !== 'notification') {
        let realAuthor: number | false = false;
        if (userActive(this)) realAuthor = userPartnerId(this);
        else if (msgValues.author_id) {
          const active = this.env.cr.get<{ active: number }>('SELECT active FROM res_partner WHERE id = ?', [msgValues.author_id as number]);
          if (active?.active) realAuthor = msgValues.author_id as number;
        }
        if (realAuthor) this._message_subscribe([realAuthor]);
      }
      this._message_post_after_hook(message, msgValues);
      this._notify_thread(message, msgValues, notifKwargs);
      return message;
    }

    _message_post_after_hook(_message: BaseModel, _msgValues: Vals): void { /* extension point */ }

    /**
     * A notification for some partners only (user_notification messages: assignments, activity
     * notices), pushed to their inbox or mailbox (message_notify).
     */
    message_notify(kw: Kwargs = {}): BaseModel {
      if (this.ids.length) this.ensureOne();
      const partnerIds = kw.partner_ids ?? false;
      if (!partnerIds || (Array.isArray(partnerIds) && !partnerIds.length)) return this.env.model('mail.message');
      const extra = Object.keys(kw).filter((k) => !NOTIFY_KWONLY.includes(k));
      raiseForInvalidParameters(extra, { forbidden: new Set(['message_id', 'message_type', 'parent_id']) });
      if (!isListOfInt(partnerIds)) throw new PyValueError(`Notification should receive partners given as a list of IDs (received ${reprOf(partnerIds)})`);
      const messageFields = this.env.model('mail.message').cls._fields;
      const msgKwargs: Vals = Object.fromEntries(extra.filter((k) => k in messageFields).map((k) => [k, kw[k]]));
      const notifKwargs: Kwargs = Object.fromEntries(extra.filter((k) => !(k in messageFields)).map((k) => [k, kw[k]]));
      const [authorId, emailFrom] = this._message_compute_author(kw.author_id ?? null, kw.email_from ?? null, true);
      let model = kw.model || false;
      let resId = kw.res_id || false;
      if (!model || !resId) { model = false; resId = false; }
      let subtypeId = kw.subtype_id || false;
      if (kw.subtype_xmlid) subtypeId = this.env.xmlidLookup(String(kw.subtype_xmlid))?.[1] ?? false;
      if (!subtypeId) subtypeId = this.env.xmlidLookup('mail.mt_note')?.[1] ?? false;
      const msgValues: Vals = {
        author_id: authorId, email_from: emailFrom,
        model: this.ids.length ? this._name : model, record_name: false, res_id: this.ids.length ? this.ids[0] : resId,
        body: bodyOf(kw.body ?? ''), is_internal: true, message_type: 'user_notification', subject: kw.subject ?? false, subtype_id: subtypeId,
        message_id: trackingMessageId('message-notify'), partner_ids: partnerIds, email_add_signature: true,
        ...msgKwargs,
      };
      if (this.ids.length && !('record_company_id' in msgValues)) msgValues.record_company_id = this._mailCompanyId(true);
      if (!('reply_to' in msgValues)) msgValues.reply_to = emailFrom;
      Object.assign(msgValues, this._process_attachments_for_post(kw.attachments ?? null, kw.attachment_ids ?? null, msgValues));
      const message = this._message_create([msgValues]);
      this._notify_thread(message, msgValues, notifKwargs);
      return message;
    }

    /** An internal note without notification (_message_log), created as superuser. */
    _message_log(kw: Kwargs = {}): BaseModel {
      this.ensureOne();
      return this._message_log_batch(new Map([[this.ids[0], kw.body ?? '']]), kw);
    }

    /** Internal notes on several records, without notification (_message_log_batch). */
    _message_log_batch(bodies: Map<number, unknown>, kw: Kwargs = {}): BaseModel {
      if (this.ids.length > 1 && (kw.attachment_ids || kw.tracking_value_ids)) {
        throw new PyValueError('Batch log cannot support attachments or tracking values on more than 1 document');
      }
      const [authorId, emailFrom] = this._message_compute_author(kw.author_id ?? null, kw.email_from ?? null, false);
      const base: Vals = {
        author_id: authorId, email_from: emailFrom, model: this._name, record_company_id: false, record_name: false,
        attachment_ids: kw.attachment_ids ?? false, message_type: kw.message_type ?? 'notification', is_internal: true,
        subject: kw.subject ?? false, subtype_id: this.env.xmlidLookup('mail.mt_note')?.[1] ?? false,
        tracking_value_ids: kw.tracking_value_ids ?? false, email_add_signature: false,
        message_id: trackingMessageId('message-notify'), partner_ids: kw.partner_ids ?? false, reply_to: emailFrom,
      };
      const valuesList = this.ids.map((id) => ({ ...base, res_id: id, body: bodyOf(bodies.get(id) ?? '') }));
      return (this.sudo() as AnyModel)._message_create(valuesList);
    }

    /** Create mail.message records from thread values (_message_create), with the caller's rights. */
    _message_create(valuesList: Vals[]): BaseModel {
      raiseForInvalidParameters(new Set(valuesList.flatMap((v) => Object.keys(v))), { restricting: MESSAGE_CREATE_FIELDS });
      const createList = valuesList.map((v) => {
        const out: Vals = { ...v };
        const pids = Array.isArray(v.partner_ids) ? (v.partner_ids as number[]) : [];
        // no recipients, no command (a new message has no links to keep or remove)
        if (pids.length) out.partner_ids = pids.map((p) => [4, p]);
        else delete out.partner_ids;
        // attachment_ids exists once ir.attachment is installed; no attachments, no command
        if (!Array.isArray(out.attachment_ids) || !out.attachment_ids.length) delete out.attachment_ids;
        return out;
      });
      return this.env.model('mail.message').withContext(cleanContext(this.env.context)).create(createList);
    }

    /**
     * Author partner and From address (_message_compute_author): the given author, the partner
     * of the given address, or the current user's partner.
     */
    _message_compute_author(authorIdIn: unknown, emailFromIn: unknown, raiseOnEmail: boolean): [number | false, string | false] {
      let authorId = authorIdIn as number | false | null;
      let emailFrom = emailFromIn as string | false | null;
      const Partner = this.env.model('res.partner').sudo();
      if (authorId === null || authorId === undefined) {
        if (emailFrom) {
          const email = String(emailFrom).replace(/^.*<([^>]+)>.*$/, '$1').trim().toLowerCase();
          const found = Partner.withContext({ active_test: false })._searchIds([['email', '=ilike', email]], { limit: 1 });
          authorId = found[0] ?? false;
        } else {
          authorId = userPartnerId(this) || false;
          emailFrom = authorId ? partnerEmailFormatted(this, authorId) : false;
        }
      }
      if (emailFrom === null || emailFrom === undefined) emailFrom = authorId ? partnerEmailFormatted(this, authorId) : false;
      if (!emailFrom && raiseOnEmail && !this.env.su) throw new UserError("Unable to send message, please configure the sender's email address.");
      return [authorId || false, emailFrom || false];
    }

    /** Parent of a new message: the thread's first message on flat threads (_message_compute_parent_id). */
    _message_compute_parent_id(parentIdIn: unknown): number | false {
      const flat = (this.cls as unknown as { _mail_flat_thread?: boolean })._mail_flat_thread !== false;
      const Message = this.env.model('mail.message').sudo();
      const parentId = typeof parentIdIn === 'number' ? parentIdIn : false;
      if (flat && !parentId) {
        // known when the thread was created or posted on since (thread_facts.ts)
        const known = firstMessageFacts.get(this, this._name, this.ids[0]);
        if (known !== undefined) return known;
        // the search [res_id =, model =, message_type != 'user_notification'] (order id, limit 1)
        // as superuser, written out: compiling the domain cost more than running it, at every post
        const first = this.env.cr.get<{ id: number }>(
          `SELECT id FROM mail_message WHERE res_id = ? AND model = ? AND (message_type != 'user_notification' OR message_type IS NULL)
            ORDER BY id ASC LIMIT 1`, [this.ids[0], this._name])?.id ?? false;
        firstMessageFacts.set(this, this._name, this.ids[0], first);
        return first;
      }
      if (parentId) {
        const ancestor = Message._searchIds([['id', '=', parentId], ['parent_id', '!=', false]]);
        if (!ancestor.length) return parentId;
        let current = ancestor[0];
        if (!flat) return (Message.browse([current]).get('parent_id') as number) || parentId;
        const seen = new Set<number>();
        for (;;) {
          const p = Message.browse([current]).get('parent_id') as number | false;
          if (!p || seen.has(p)) break;
          seen.add(current);
          current = p;
        }
        return current;
      }
      return false;
    }

    /**
     * Company a message belongs to: the record's, else the user's (_mail_get_companies). With
     * `asCaller`, the record's company field is read with the caller's rights, as message_notify
     * reads it in Odoo (_mail_get_alias_domains without sudo: a portal user notifying on a contact
     * it cannot read gets the read rule's error; message_post reads it as superuser first).
     */
    _mailCompanyId(asCaller = false): number | false {
      if (this.cls._fields.company_id?.type === 'many2one') {
        if (asCaller && !this.env.su) security.checkReadAccess(this);
        const c = this.sudo().get('company_id');
        if (c) return c as number;
      }
      return this.env.companyInfo().companyId;
    }

    /**
     * Attachments of a post (_process_attachments_for_post): existing ones by id (pending
     * composer uploads move to the record; portal users only keep their own), new ones from
     * (name, content[, info]) tuples, linked to the record.
     */
    _process_attachments_for_post(attachments: unknown, attachmentIds: unknown, msgValues: Vals): Vals {
      const commands: unknown[] = [];
      const ids = Array.isArray(attachmentIds) ? (attachmentIds as number[]) : [];
      const list = Array.isArray(attachments) ? (attachments as unknown[][]) : [];
      if (!ids.length && !list.length) return { attachment_ids: commands };
      if (!this.env.has('ir.attachment')) throw new UserError('Attachments need the ir.attachment model, which is not installed.');
      const Attachment = this.env.model('ir.attachment').sudo();
      const model = msgValues.model ?? this._name;
      const resId = msgValues.res_id ?? this.ids[0];
      let linked = ids;
      if (ids.length) {
        const vals = Attachment.browse(ids)._values(['res_model', 'create_uid']);
        const pending = ids.filter((id) => vals.get(id)?.res_model === 'mail.compose.message' && vals.get(id)?.create_uid === this.env.uid);
        if (pending.length) Attachment.browse(pending).write({ res_model: model, res_id: resId });
        if (!this.env.hasGroup('base.group_user')) linked = pending;
        commands.push(...linked.map((id) => [4, id]));
      }
      if (list.length) {
        const values = list.flatMap((a) => {
          const [name, content] = a as [unknown, unknown];
          if (content === null || content === undefined) return [];
          const buf = Buffer.isBuffer(content) ? content : Buffer.from(String(content), 'utf8');
          return [{ name, datas: buf.toString('base64'), type: 'binary', description: name, res_model: model, res_id: resId }];
        });
        const created = Attachment.create(values);
        commands.push(...created.ids.map((id: number) => [4, id]));
      }
      return { attachment_ids: commands };
    }

    // ------------------------------------------------------------------------------------
    // notification
    // ------------------------------------------------------------------------------------

    /** Notify the recipients of a message: inbox notifications and emails (_notify_thread). */
    _notify_thread(message: BaseModel, msgValues: Vals, kwargs: Kwargs = {}): unknown[] {
      raiseForInvalidParameters(Object.keys(kwargs), { restricting: NOTIFY_PARAMETERS });
      return notifyThread(this, message, msgValues, kwargs);
    }

    // ------------------------------------------------------------------------------------
    // followers
    // ------------------------------------------------------------------------------------

    /** Add followers, after access checks (message_subscribe). */
    message_subscribe(partnerIdsIn: unknown = null, subtypeIds: unknown = null): boolean {
      let partnerIds = Array.isArray(partnerIdsIn) ? (partnerIdsIn as number[]) : [];
      if (!this.ids.length || !partnerIds.length) return true;
      const me = userPartnerId(this);
      const addingCurrent = new Set(partnerIds).size === 1 && partnerIds[0] === me;
      if (addingCurrent) {
        try {
          security.checkAccessRights(this, 'read');
          security.checkAccessRule(this, 'read');
        } catch (e) {
          if (e instanceof AccessError) return false;
          throw e;
        }
      } else {
        security.checkAccessRights(this, 'write');
        security.checkAccessRule(this, 'write');
      }
      let customerIds: number[] | null = addingCurrent ? [] : null;
      if (!addingCurrent && isListOfInt(partnerIds)) {
        // the active partners, and which are customers (partner_share: public subtypes only),
        // from the call's record cache (the document's partner was usually read already) or in
        // one read, instead of a search for each (_insertFollowers would search the second)
        const rows = this.env.model('res.partner').sudo().withContext({ active_test: false }).browse([...new Set(partnerIds)])._values(['active', 'partner_share']) as Map<number, Vals>;
        partnerIds = [...rows].filter(([, r]) => r.active).map(([id]) => id);
        customerIds = [...rows].filter(([, r]) => r.active && r.partner_share).map(([id]) => id);
      } else if (!addingCurrent) {
        partnerIds = this.env.model('res.partner').sudo()._searchIds([['id', 'in', partnerIds], ['active', '=', true]]);
      }
      return this._message_subscribe(partnerIds, Array.isArray(subtypeIds) ? subtypeIds as number[] : null, customerIds);
    }

    /** Add followers without access checks (_message_subscribe): given subtypes replace existing ones. */
    _message_subscribe(partnerIds: number[], subtypeIds: number[] | null = null, customerIds: number[] | null = null): boolean {
      if (!this.ids.length) return true;
      const Followers = this.env.model('mail.followers');
      if (!subtypeIds || !subtypeIds.length) {
        Followers._insertFollowers(this._name, this.ids, partnerIds, null, { customerIds, checkExisting: true, existingPolicy: 'skip' });
      } else {
        Followers._insertFollowers(this._name, this.ids, partnerIds, new Map(partnerIds.map((p) => [p, subtypeIds])), { customerIds, checkExisting: true, existingPolicy: 'replace' });
      }
      return true;
    }

    /** Remove followers (message_unsubscribe): others need write access, oneself read (portal). */
    message_unsubscribe(partnerIdsIn: unknown = null): boolean | null {
      const partnerIds = Array.isArray(partnerIdsIn) ? (partnerIdsIn as number[]) : [];
      if (!partnerIds.length) return true;
      const me = userPartnerId(this);
      if (!(new Set(partnerIds).size === 1 && partnerIds[0] === me)) {
        security.checkAccessRights(this, 'write');
        security.checkAccessRule(this, 'write');
      } else if (!this.env.hasGroup('base.group_user')) {
        security.checkAccessRights(this, 'read');
        security.checkAccessRule(this, 'read');
      }
      const Followers = this.env.model('mail.followers').sudo();
      const ids = Followers._searchIds([['res_model', '=', this._name], ['res_id', 'in', this.ids], ['partner_id', 'in', partnerIds]]);
      if (ids.length) Followers.browse(ids).unlink();
      return null;
    }

    /** Followers in the chatter's format (message_get_followers). */
    message_get_followers(after: unknown = null, limit: unknown = 100, filterRecipients: unknown = false): Vals[] {
      this.ensureOne();
      const domain: Domain = [['res_id', '=', this.ids[0]], ['res_model', '=', this._name]];
      if (filterRecipients) {
        domain.push(['subtype_ids', '=', this.env.xmlidLookup('mail.mt_comment')?.[1] ?? 0], ['partner_id', '!=', userPartnerId(this)], ['partner_id.active', '=', true]);
      }
      if (typeof after === 'number') domain.push(['id', '>', after]);
      const followers = this.env.model('mail.followers').search(domain, 0, typeof limit === 'number' ? limit : null, 'id ASC');
      const rows = followers.read(['partner_id', 'name', 'display_name', 'email', 'is_active']).map((f: Vals) => ({ ...f, partner_id: Array.isArray(f.partner_id) ? f.partner_id[0] : f.partner_id }));
      const formats = (this.env.model('res.partner').browse(rows.map((r: Vals) => r.partner_id as number)) as AnyModel).mail_partner_format() as Map<number, Vals>;
      return rows.map((r: Vals) => ({ ...r, partner: formats.get(r.partner_id as number) ?? false }));
    }

    /**
     * Subscribe the responsible of a document (a tracked user_id to res.users) and notify them
     * when someone else assigns it (_message_auto_subscribe).
     */
    _message_auto_subscribe(updatedValues: Vals, policy: 'skip' | 'update' = 'skip', followsWithDefaults: number | null = null): boolean {
      if (!this.ids.length) return true;
      // (relation-based auto-subscription through parent subtypes needs subtypes with a
      // relation_field; none of our modules has one)
      let defaults: number[] | null = null;
      const defaultSubtypes = () => (defaults ??= (this.env.model('mail.message.subtype')._defaultSubtypes(this._name) as [number[]])[0]);
      const subscriptions = new Map<number, number[]>();
      const notify = new Map<string, number[]>();
      for (const [pid, sids, template] of this._message_auto_subscribe_followers(updatedValues, defaultSubtypes)) {
        if (!subscriptions.has(pid)) subscriptions.set(pid, sids);
        if (template) notify.set(template, [...(notify.get(template) ?? []), pid]);
      }
      const isDefault = (sids: number[]) => defaults !== null && sids.every((s) => defaults!.includes(s));
      // the creator of new records (`followsWithDefaults`) follows them with every default
      // subtype already: subscribing it again with defaults adds nothing (skip and update alike)
      if (followsWithDefaults !== null && subscriptions.has(followsWithDefaults) && isDefault(subscriptions.get(followsWithDefaults)!)) {
        subscriptions.delete(followsWithDefaults);
      }
      if (subscriptions.size) {
        const onlyDefaults = [...subscriptions.values()].every(isDefault);
        this.env.model('mail.followers')._insertFollowers(this._name, this.ids, [...subscriptions.keys()], subscriptions, { checkExisting: true, existingPolicy: policy, defaultSubtypes: onlyDefaults });
      }
      for (const [template, pids] of notify) this._message_auto_subscribe_notify(pids, template);
      return true;
    }

    /**
     * Partners to subscribe for updated values: the new responsible user
     * (_message_auto_subscribe_followers; the default subtypes are computed on demand).
     */
    _message_auto_subscribe_followers(updatedValues: Vals, defaultSubtypeIds: () => number[]): Array<[number, number[], string | false]> {
      const field = this.cls._fields.user_id;
      const userId = updatedValues.user_id;
      if (!field || typeof userId !== 'number' || !userId || field.comodel !== 'res.users' || !field.spec.tracking) return [];
      const user = mailUser(this, userId);
      if (!user?.active) return [];
      return [[user.partnerId, defaultSubtypeIds(), userId !== this.env.uid ? 'mail.message_user_assigned' : false]];
    }

    /** Tell new followers they were assigned (_message_auto_subscribe_notify); never while modules load. */
    _message_auto_subscribe_notify(partnerIds: number[], _template: string): void {
      if (!this.ids.length || this.env.context.mail_auto_subscribe_no_notify || this.env.cr.loadedModules) return;
      const modelDescription = this.cls._description;
      for (const id of this.ids) {
        const rec = this.browse([id]) as AnyModel;
        const name = rec.sudo()._displayNames().get(id) || '';
        const userId = this.cls._fields.user_id ? rec.sudo().get('user_id') : false;
        const userName = userId ? this.env.model('res.users').sudo().withContext({ active_test: false }).browse([userId])._displayNames().get(userId) : '';
        const body = renderMailView('message_user_assigned', { user_name: userName, model_description: modelDescription || 'document', record_name: name }).trim();
        rec.message_notify({
          subject: `You have been assigned to ${name}`, body: new Markup(body), partner_ids: partnerIds,
          record_name: name, email_layout_xmlid: 'mail.mail_notification_layout', model_description: modelDescription,
        });
      }
    }
  },
};

/** mail.thread.main.attachment: the main attachment of a document (mail_thread_main_attachment.py). */
export const mailThreadMainAttachment: ModelDecl = {
  _name: 'mail.thread.main.attachment',
  _description: 'Mail Main Attachment management',
  _abstract: true,
  _inherit: ['mail.thread'],
  fields: {
    message_main_attachment_id: { type: 'many2one', comodel: 'ir.attachment', string: 'Main Attachment', copy: false },
  },
  methods: (Base) => class extends Base {
    /** The first posted PDF (else the first attachment) becomes the main attachment. */
    _message_post_after_hook(message: BaseModel, msgValues: Vals): void {
      (Base.prototype as AnyModel)._message_post_after_hook.call(this, message, msgValues);
      if (!this.env.has('ir.attachment') || this.get('message_main_attachment_id')) return;
      const ids = (Array.isArray(msgValues.attachment_ids) ? msgValues.attachment_ids : []).map((c) => (Array.isArray(c) ? c[1] : c)).filter((x): x is number => typeof x === 'number');
      if (!ids.length) return;
      const mimes = this.env.model('ir.attachment').sudo().browse(ids)._values(['mimetype']);
      const pdf = ids.find((id) => String(mimes.get(id)?.mimetype ?? '').endsWith('pdf'));
      this.sudo().withContext({ ...this.env.context, tracking_disable: true })._write({ message_main_attachment_id: pdf ?? ids[0] });
    }
  },
};

/**
 * mail.thread.cc (mail_thread_cc.py): the Cc addresses of a document. Odoo fills email_cc from
 * incoming mail (message_new, message_update); the emulator has no mail gateway, so it is the
 * field alone, written by clients.
 */
export const mailThreadCc: ModelDecl = {
  _name: 'mail.thread.cc',
  _description: 'Email CC management',
  _abstract: true,
  _inherit: ['mail.thread'],
  fields: {
    email_cc: { type: 'char', string: 'Email cc' },
  },
};

/** The ids of a many2many after x2many commands applied to `current`. */
function applyCommands(current: number[], value: unknown): number[] {
  let out = [...current];
  if (!Array.isArray(value)) return out;
  if (value.every((v) => typeof v === 'number')) return [...value as number[]];
  for (const cmd of value) {
    if (!Array.isArray(cmd)) continue;
    const [code, id, data] = cmd as [number, number, unknown];
    if (code === 4 && !out.includes(id)) out.push(id);
    else if (code === 3 || code === 2) out = out.filter((x) => x !== id);
    else if (code === 5) out = [];
    else if (code === 6) out = Array.isArray(data) ? [...data as number[]] : [];
  }
  return out;
}

