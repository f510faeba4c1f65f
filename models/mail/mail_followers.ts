/**
 * mail.followers: who follows which document, for which subtypes (mail/models/mail_followers.py),
 * and the recipient data notifications are computed from.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel } from '../orm/model';
import { chunks } from '../orm/sql';
import { followerFacts, type FollowerFact } from './thread_facts';

/** How existing followers are treated when subscribing again (Odoo's existing_policy). */
export type ExistingPolicy = 'skip' | 'force' | 'replace' | 'update';

/** One partner to notify (Odoo's recipients data). */
export interface RecipientData {
  id: number;
  active: boolean;
  is_follower: boolean;
  lang: string | false;
  groups: Set<number>;
  /** 'inbox' or 'email' (the user's notification_type; partners without user: email). */
  notif: string;
  /** partner_share */
  share: boolean;
  uid: number | false;
  /** all users of the partner are share users (portal/public) */
  ushare: boolean;
  /** 'user' | 'portal' | 'customer' */
  type: string;
}

/** Whether a subtype is internal (a missing one is not), kept while mail_message_subtype is unchanged. */
function subtypeInternal(model: BaseModel, subtypeId: number): boolean {
  return model.env.crossCall(`mail.subtype.internal:${subtypeId}`, () =>
    !!model.env.cr.get<{ internal: number | null }>('SELECT internal FROM mail_message_subtype WHERE id = ?', [subtypeId])?.internal);
}

export const mailFollowers: ModelDecl = {
  _name: 'mail.followers',
  _description: 'Document Followers',
  _rec_name: 'partner_id',
  _log_access: false,
  fields: {
    res_model: { type: 'char', string: 'Related Document Model Name', required: true, index: true },
    res_id: { type: 'many2one_reference', string: 'Related Document ID', index: true, help: 'Id of the followed resource', model_field: 'res_model' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Related Partner', index: true, ondelete: 'cascade', required: true },
    subtype_ids: { type: 'many2many', comodel: 'mail.message.subtype', relation: 'mail_followers_mail_message_subtype_rel', column1: 'mail_followers_id', column2: 'mail_message_subtype_id', string: 'Subtype', help: "Message subtypes followed, meaning subtypes that will be pushed onto the user's Wall." },
    name: { type: 'char', string: 'Name', related: 'partner_id.name' },
    email: { type: 'char', string: 'Email', related: 'partner_id.email' },
    is_active: { type: 'boolean', string: 'Is Active', related: 'partner_id.active' },
  },
  _sql_constraints: [['mail_followers_res_partner_res_model_id_uniq', 'unique(res_model,res_id,partner_id)', 'Error, a partner cannot follow twice the same object.']],
  methods: (Base) => class extends Base {
    /**
     * Create or update followers of documents (no access check: callers check). Without
     * `subtypes`, new followers get the model's default subtypes (public ones for customers).
     */
    _insertFollowers(resModel: string, resIds: number[], partnerIds: number[], subtypes: Map<number, number[]> | null = null,
      opts: { customerIds?: number[] | null; checkExisting?: boolean; existingPolicy?: ExistingPolicy; defaultSubtypes?: boolean } = {}): void {
      if (!partnerIds.length) return;
      let stypes = subtypes;
      // subtypes read from mail_message_subtype here (or by the caller: opts.defaultSubtypes)
      // exist: new followers get them without the many2many's check of each id
      let knownSubtypes = !!opts.defaultSubtypes;
      if (!stypes || !stypes.size) {
        knownSubtypes = true;
        const [defaults, , external] = this.env.model('mail.message.subtype')._defaultSubtypes(resModel) as [number[], number[], number[]];
        const customers = new Set(opts.customerIds ?? this.env.model('res.partner').sudo()._searchIds([['id', 'in', partnerIds], ['partner_share', '=', true]]));
        stypes = new Map(partnerIds.map((pid) => [pid, customers.has(pid) ? external : defaults]));
      }
      const policy = opts.existingPolicy ?? 'skip';
      const existing = new Map<string, { id: number; sids: number[] }>();
      if (opts.checkExisting !== false && resIds.length) {
        for (const f of this._subscriptionData(resModel, resIds, partnerIds)) existing.set(`${f.res_id}:${f.partner_id}`, { id: f.id, sids: f.subtype_ids });
        if (policy === 'force' && existing.size) {
          this.sudo().browse([...existing.values()].map((e) => e.id)).unlink();
          existing.clear();
        }
      }
      let sudoEnv: AnyModel | undefined;
      const sudo = () => (sudoEnv ??= this.sudo().withContext({ ...this.env.context, default_partner_id: false }) as AnyModel);
      const toCreate: Array<Record<string, unknown>> = [];
      const pids = [...new Set(partnerIds)].sort((a, b) => a - b);
      for (const resId of resIds) {
        for (const pid of pids) {
          const want = stypes.get(pid) ?? [];
          const have = existing.get(`${resId}:${pid}`);
          if (!have) {
            toCreate.push({ res_model: resModel, res_id: resId, partner_id: pid, subtype_ids: [[6, 0, want]] });
          } else if (policy === 'replace' || policy === 'update') {
            const cmds: unknown[] = want.filter((s) => !have.sids.includes(s)).map((s) => [4, s]);
            if (policy === 'replace') cmds.push(...have.sids.filter((s) => !want.includes(s)).map((s) => [3, s]));
            if (cmds.length) sudo().browse([have.id]).write({ subtype_ids: cmds });
          }
        }
      }
      if (!toCreate.length) return;
      if (knownSubtypes) this._createFollowers(toCreate as Array<{ res_model: string; res_id: number; partner_id: number; subtype_ids: [[6, 0, number[]]] }>);
      else sudo().create(toCreate);
    }

    /**
     * Insert followers whose subtypes are known to exist: the rows an ORM create() writes
     * (mail.followers has no defaults, computed or log-access columns), with the ORM's
     * translation of constraint errors (_runSql), in two statements less per follower and
     * without a create()'s CPU. Every record creation and confirmation subscribes someone.
     */
    _createFollowers(rows: Array<{ res_model: string; res_id: number; partner_id: number; subtype_ids: [[6, 0, number[]]] }>): void {
      const Followers = this.sudo();
      const created: Array<{ resModel: string; resId: number; fact: FollowerFact }> = [];
      followerFacts.write(this, () => {
        const rel: Array<[number, number]> = [];
        for (const r of rows) {
          const row = { res_model: r.res_model, res_id: r.res_id, partner_id: r.partner_id };
          // while foreign keys are deferred (database initialisation) SQLite refuses nothing yet
          if (this.env.cr.foreignKeysDeferred) Followers._checkMany2oneTargets(row);
          const id = Number(Followers._runSql('INSERT INTO "mail_followers" ("res_model", "res_id", "partner_id") VALUES (?, ?, ?)', [r.res_model, r.res_id, r.partner_id], row).lastInsertRowid);
          const sids = [...new Set(r.subtype_ids[0][2])];
          for (const sid of sids) rel.push([id, sid]);
          created.push({ resModel: r.res_model, resId: r.res_id, fact: Object.freeze({ id, partnerId: r.partner_id, subtypeIds: Object.freeze(sids) }) });
        }
        for (const chunk of chunks(rel, 200)) {
          this.env.cr.run(`INSERT OR IGNORE INTO "mail_followers_mail_message_subtype_rel" ("mail_followers_id", "mail_message_subtype_id") VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
        }
      }, (facts) => {
        // the new followers come last (ids grow) in the threads whose followers are known
        for (const c of created) {
          if (!Number.isInteger(c.resId)) { facts.clear(); return; }
          const known = facts.get(c.resModel, c.resId);
          if (known) facts.set(c.resModel, c.resId, Object.freeze([...known, c.fact]));
        }
      });
    }

    /**
     * The followers of documents (mail_followers id order) with their subtypes: kept while the
     * followers tables are unchanged but by mail's own inserts (thread_facts.ts), read otherwise
     * in one statement. Every post and subscription asks.
     */
    _followersOf(resModel: string, resIds: readonly number[]): Map<number, readonly FollowerFact[]> {
      const out = new Map<number, readonly FollowerFact[]>();
      const missing: number[] = [];
      for (const id of resIds) {
        const known = Number.isInteger(id) ? followerFacts.get(this, resModel, id) : undefined;
        if (known) out.set(id, known);
        else missing.push(id);
      }
      if (!missing.length) return out;
      const rows = this.env.cr.all<{ id: number; res_id: number; partner_id: number; sids: string | null }>(
        `SELECT fol.id, fol.res_id, fol.partner_id, group_concat(rel.mail_message_subtype_id) AS sids
           FROM mail_followers fol
           LEFT JOIN mail_followers_mail_message_subtype_rel rel ON rel.mail_followers_id = fol.id
          WHERE fol.res_model = ? AND fol.res_id IN (${missing.map(() => '?').join(',')}) GROUP BY fol.id ORDER BY fol.id`, [resModel, ...missing]);
      const read = new Map<number, FollowerFact[]>(missing.map((id) => [id, []]));
      for (const r of rows) {
        read.get(r.res_id)?.push(Object.freeze({ id: r.id, partnerId: r.partner_id, subtypeIds: Object.freeze(r.sids ? r.sids.split(',').map(Number) : []) }));
      }
      for (const [id, list] of read) {
        const fact = Object.freeze(list);
        out.set(id, fact);
        if (Number.isInteger(id)) followerFacts.set(this, resModel, id, fact);
      }
      return out;
    }

    /** Followers of documents (optionally only some partners), with their subtype ids. */
    _subscriptionData(resModel: string, resIds: number[], partnerIds: number[] | null = null): Array<{ id: number; res_id: number; partner_id: number; subtype_ids: number[] }> {
      if (!resIds.length) return [];
      const only = partnerIds && partnerIds.length ? new Set(partnerIds) : null;
      const out: Array<{ id: number; res_id: number; partner_id: number; subtype_ids: number[] }> = [];
      for (const [resId, followers] of this._followersOf(resModel, resIds)) {
        for (const f of followers) if (!only || only.has(f.partnerId)) out.push({ id: f.id, res_id: resId, partner_id: f.partnerId, subtype_ids: [...f.subtypeIds] });
      }
      return out.sort((a, b) => a.id - b.id);
    }

    /**
     * Recipients of a message (_get_recipient_data): followers of `record` subscribed to the
     * subtype (customers never get internal subtypes), plus the given partners.
     */
    _recipientData(record: BaseModel | null, messageType: string, subtypeId: number | false, pids: number[]): RecipientData[] {
      // followers subscribed to the subtype (customers never get internal ones), then the given
      // partners, from the thread's followers (kept, see _followersOf)
      let followersRead: readonly FollowerFact[] | undefined;
      const followers = () => (followersRead ??= record && record.ids.length ? this._followersOf(record._name, [record.ids[0]]).get(record.ids[0]) ?? [] : []);
      const subscribed = record && record.ids.length && messageType !== 'user_notification' && subtypeId
        ? followers().filter((f) => f.subtypeIds.includes(subtypeId)).map((f) => f.partnerId) : [];
      // most posts of a flow notify nobody (notes and internal subtypes the followers skip)
      if (!subscribed.length && !pids.length) return [];
      const ids = [...new Set([...subscribed, ...pids])];
      const partners = new Map(this.env.cr.all<{ id: number; active: number | null; lang: string | null; partner_share: number | null }>(
        `SELECT id, active, lang, partner_share FROM res_partner WHERE id IN (${ids.map(() => '?').join(',')})`, ids).map((r) => [r.id, r]));
      const internal = subscribed.length ? subtypeInternal(this, subtypeId as number) : false;
      const candidates = new Map<number, boolean>();
      for (const pid of subscribed) if (partners.has(pid) && !(internal && partners.get(pid)!.partner_share)) candidates.set(pid, true);
      for (const pid of pids) if (!candidates.has(pid)) candidates.set(pid, false);
      if (!candidates.size) return [];
      const followerIds = new Set(followers().map((f) => f.partnerId));
      const candidateIds = [...candidates.keys()];
      // a partner's user: internal users first, then share users; only active ones
      const users = new Map<number, { id: number; share: number; notification_type: string | null }>();
      for (const u of this.env.cr.all<{ id: number; partner_id: number; share: number; notification_type: string | null }>(
        `SELECT id, partner_id, share, notification_type FROM res_users WHERE active = 1 AND partner_id IN (${candidateIds.map(() => '?').join(',')}) ORDER BY share ASC, id ASC`, candidateIds)) {
        if (!users.has(u.partner_id)) users.set(u.partner_id, u);
      }
      const out: RecipientData[] = [];
      for (const pid of candidateIds) {
        const p = partners.get(pid);
        if (!p) continue;
        const u = users.get(pid);
        const groups = u ? new Set(this.env.userGroupIds(u.id)) : new Set<number>();
        const ushare = !!u?.share;
        const share = !!p.partner_share;
        out.push({
          id: pid, active: !!p.active, is_follower: followerIds.has(pid), lang: p.lang ?? false, groups,
          notif: u?.notification_type ?? 'email', share, uid: u?.id ?? false, ushare,
          type: ushare ? 'portal' : share ? 'customer' : 'user',
        });
      }
      return out;
    }
  },
};
