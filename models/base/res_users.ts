/**
 * res.users (delegating to res.partner), res.groups with materialised implied groups, user
 * types, passwords (bcrypt, plus Odoo's passlib pbkdf2 hashes) and res.users.log.
 */
import { avatarSvg } from './avatar';
import crypto from 'crypto';
import bcrypt from 'bcrypt';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import { AccessDenied, PyAssertionError, PyValueError, UserError, ValidationError } from '../orm/exceptions';
import { pyTruthy } from '../orm/fields';
import { pyRepr } from '../tools/pyrepr';
import { tzOffset } from './res_partner';
import { SUPERUSER_ID } from '../orm/environment';
import { checkAccessRights, checkReadAccess } from '../orm/security';

const BCRYPT_ROUNDS = Number(process.env.ODOO_BCRYPT_ROUNDS ?? 10);

export function hashPassword(password: string): string {
  return bcrypt.hashSync(password, BCRYPT_ROUNDS);
}

/** Hash in passlib's pbkdf2_sha512 format (what odoo-bin writes for admin_passwd). */
export function hashPbkdf2(password: string, rounds = 600000): string {
  const ab64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');
  const salt = crypto.randomBytes(16);
  const checksum = crypto.pbkdf2Sync(password, salt, rounds, 64, 'sha512');
  return `$pbkdf2-sha512$${rounds}$${ab64(salt)}$${ab64(checksum)}`;
}

/** Verify bcrypt hashes and passlib's `$pbkdf2-sha512$rounds$salt$checksum` (Odoo's own format). */
export function verifyPassword(password: string, stored: string | null | undefined): boolean {
  if (!stored || !password) return false;
  if (stored.startsWith('$2')) return bcrypt.compareSync(password, stored);
  const m = /^\$pbkdf2-(sha512|sha256|sha1)\$(\d+)\$([^$]*)\$([^$]+)$/.exec(stored);
  if (m) {
    const ab64 = (s: string) => Buffer.from(s.replace(/\./g, '+'), 'base64');
    const [, digest, rounds, salt, checksum] = m;
    const expected = ab64(checksum);
    const got = crypto.pbkdf2Sync(password, ab64(salt), Number(rounds), expected.length, digest);
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  }
  return false;
}

/** Transitive closure of implied groups (res_groups_implied_rel gid → hid). */
export function impliedClosure(env: BaseModel['env'], groupIds: Iterable<number>): Set<number> {
  const all = new Set(groupIds);
  let frontier = [...all];
  while (frontier.length) {
    const rows = env.cr.raw(`SELECT hid FROM res_groups_implied_rel WHERE gid IN (${frontier.map(() => '?').join(',')})`, frontier);
    frontier = rows.map((r) => r[0] as number).filter((g) => !all.has(g));
    frontier.forEach((g) => all.add(g));
  }
  return all;
}

export const resGroups: ModelDecl = {
  _name: 'res.groups',
  _description: 'Access Groups',
  _order: 'name',
  _rec_name: 'full_name',
  fields: {
    name: { type: 'char', required: true, translate: true },
    users: { type: 'many2many', comodel: 'res.users', relation: 'res_groups_users_rel', column1: 'gid', column2: 'uid' },
    model_access: { type: 'one2many', comodel: 'ir.model.access', inverse_name: 'group_id', string: 'Access Controls' },
    rule_groups: { type: 'many2many', comodel: 'ir.rule', relation: 'rule_group_rel', column1: 'group_id', column2: 'rule_group_id', string: 'Rules' },
    comment: { type: 'text', translate: true },
    category_id: { type: 'many2one', comodel: 'ir.module.category', string: 'Application', index: true },
    color: { type: 'integer', string: 'Color Index' },
    full_name: { type: 'char', string: 'Group Name', compute: '_compute_full_name', search: '_search_full_name' },
    share: { type: 'boolean', string: 'Share Group' },
    implied_ids: { type: 'many2many', comodel: 'res.groups', relation: 'res_groups_implied_rel', column1: 'gid', column2: 'hid', string: 'Inherits' },
    trans_implied_ids: { type: 'many2many', comodel: 'res.groups', string: 'Transitively inherits', compute: '_compute_trans_implied' },
  },
  _sql_constraints: [['name_uniq', 'unique (category_id, name)', 'The name of the group must be unique within an application!']],
  methods: (Base) => class extends Base {
    _compute_full_name(): Map<number, unknown> {
      const vals = this._values(['name', 'category_id']);
      const cats = this.env.model('ir.module.category').sudo().browse([...new Set([...vals.values()].map((v) => v.category_id).filter((x): x is number => typeof x === 'number'))])._values(['name']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const cat = typeof v.category_id === 'number' ? cats.get(v.category_id)?.name : null;
        return [id, cat ? `${cat} / ${v.name}` : v.name];
      }));
    }
    _search_full_name(operator: string, value: unknown): unknown[] {
      if (typeof value === 'string' && value.includes('/')) {
        const [cat, name] = value.split('/').map((s) => s.trim());
        return ['&', ['category_id.name', operator, cat], ['name', operator, name]];
      }
      return ['|', ['name', operator, value], ['category_id.name', operator, value]];
    }
    _compute_display_name(): Map<number, unknown> { return this._compute_full_name(); }
    _compute_trans_implied(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const all = impliedClosure(this.env, [id]);
        all.delete(id);
        return [id, [...all]];
      }));
    }
    _write(vals: Vals): void {
      if (typeof vals.name === 'string' && vals.name.startsWith('-')) throw new UserError('The name of the group can not start with "-"');
      super._write(vals);
    }
    /** users or implied groups changed: members get the implied groups (Odoo ≤18 materialises them). */
    _afterMany2manyWrite(f: Field): void {
      if (f.name !== 'users' && f.name !== 'implied_ids') return;
      const members = new Set<number>();
      for (const gid of this.ids) {
        // every group implying this one, and their members
        const rows = this.env.cr.raw('SELECT uid FROM res_groups_users_rel WHERE gid = ?', [gid]);
        rows.forEach((r) => members.add(r[0] as number));
      }
      if (members.size) this.env.model('res.users').sudo().browse([...members])._applyImpliedGroups();
    }
  },
};

export const resUsers: ModelDecl = {
  _name: 'res.users',
  _description: 'User',
  _order: 'name, login',
  _inherits: { 'res.partner': 'partner_id' },
  _inherits_sudo_fields: ['name', 'email'],
  fields: {
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Related Partner', required: true, ondelete: 'restrict', auto_join: true, index: true },
    login: { type: 'char', required: true, help: 'Used to log into the system' },
    password: { type: 'char', private: true, copy: false, help: 'Keep empty if you don\'t want the user to be able to connect on the system.' },
    new_password: { type: 'char', string: 'Set Password', compute: '_compute_new_password', inverse: '_set_new_password', copy: false },
    signature: { type: 'html', string: 'Email Signature' },
    active: { type: 'boolean', default: true },
    active_partner: { type: 'boolean', related: 'partner_id.active', string: 'Partner is Active', readonly: true },
    action_id: { type: 'many2one', comodel: 'ir.actions.actions', string: 'Home Action', help: 'If specified, this action will be opened at log on for this user, in addition to the standard menu.' },
    groups_id: {
      type: 'many2many', comodel: 'res.groups', relation: 'res_groups_users_rel', column1: 'uid', column2: 'gid', string: 'Groups',
      default: (m: AnyModel) => (m.env.context.no_default_groups ? [] : m._default_groups()),
    },
    log_ids: { type: 'one2many', comodel: 'res.users.log', inverse_name: 'create_uid', string: 'User log entries' },
    login_date: { type: 'datetime', string: 'Latest authentication', compute: '_compute_login_date', readonly: false },
    accesses_count: { type: 'integer', string: '# Access Rights', compute: '_compute_accesses_count', help: 'Number of access rights that apply to the current user' },
    rules_count: { type: 'integer', string: '# Record Rules', compute: '_compute_accesses_count', help: 'Number of record rules that apply to the current user' },
    groups_count: { type: 'integer', string: '# Groups', compute: '_compute_accesses_count', help: 'Number of groups that apply to the current user' },
    user_group_warning: { type: 'text', string: 'User Group Warning', compute: '_compute_user_group_warning' },
    share: { type: 'boolean', string: 'Share User', compute: '_compute_share', store: true, depends: ['groups_id'] },
    companies_count: { type: 'integer', compute: '_compute_companies_count', string: 'Number of Companies' },
    tz_offset: { type: 'char', compute: '_compute_tz_offset', string: 'Timezone offset' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, default: (m: BaseModel) => m.env.companyInfo().companyId || 1 },
    company_ids: { type: 'many2many', comodel: 'res.company', relation: 'res_company_users_rel', column1: 'user_id', column2: 'cid', string: 'Companies', default: (m: BaseModel) => { const c = m.env.companyInfo(); return c.companyIds.length ? c.companyIds : [1]; } },
    name: { type: 'char', related: 'partner_id.name', inherited: true, readonly: false },
    email: { type: 'char', related: 'partner_id.email', inherited: true, readonly: false },
  },
  _sql_constraints: [['login_key', 'UNIQUE (login)', 'You can not have two users with the same login!']],
  rpc: {
    context_get: { api: 'model', params: [] },
    // @api.model in Odoo 17: called with ids over RPC it gets one positional argument too many
    has_group: { api: 'model', params: ['group_ext_id'], qualname: 'Users.has_group' },
    preference_save: { api: 'multi', params: [] },
    action_show_groups: { api: 'multi', params: [] },
    action_show_accesses: { api: 'multi', params: [] },
    action_show_rules: { api: 'multi', params: [] },
    action_revoke_all_devices: { api: 'multi', params: [] },
    change_password: { api: 'model', params: ['old_passwd', 'new_passwd'] },
  },
  constrains: { _check_one_user_type: ['groups_id'], _check_company: ['company_id', 'company_ids', 'active'] },
  methods: (Base) => class extends Base {
    _compute_new_password(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, ''])); }
    _set_new_password(_f: Field, value: unknown): void {
      if (!value) return;
      if (this.ids.includes(this.env.uid) && !this.env.su) {
        throw new UserError('Please use the change password wizard (in User Preferences or User menu) to change your own password.');
      }
      this._setPassword(String(value));
    }
    _setPassword(password: string): void {
      const hash = hashPassword(password);
      for (const id of this.ids) this.env.cr.run('UPDATE res_users SET password = ? WHERE id = ?', [hash, id]);
      this.env.cache.invalidate('res.users');
      this.env.cr.onCommit(() => credentialCache.clear());
    }
    _compute_share(): Map<number, unknown> {
      const groupUser = this.env.xmlidLookup('base.group_user')?.[1];
      return new Map(this.ids.map((id) => [id, !this.env.cr.get('SELECT 1 AS x FROM res_groups_users_rel WHERE uid = ? AND gid = ?', [id, groupUser ?? -1])]));
    }
    _compute_login_date(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const row = this.env.cr.get<{ d: string | null }>('SELECT MAX(create_date) AS d FROM res_users_log WHERE create_uid = ?', [id]);
        return [id, row?.d ?? false];
      }));
    }
    _compute_companies_count(): Map<number, unknown> {
      const n = this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM res_company')?.n ?? 1;
      return new Map(this.ids.map((id) => [id, n]));
    }
    _compute_tz_offset(): Map<number, unknown> {
      const vals = this._values(['tz']);
      return new Map(this.ids.map((id) => [id, tzOffset(vals.get(id)?.tz as string | false, this.env.cr.clock.now())]));
    }
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.name ?? false]));
    }
    _nameSearchDomain(name: string, operator: string): unknown[] {
      if (!name) return [];
      return ['|', ['login', operator === 'ilike' ? '=ilike' : operator, name], ['name', operator, name]];
    }
    name_search(name: unknown = '', args: unknown = null, operator: unknown = 'ilike', limit: unknown = 100): Array<[number, string | false]> {
      // an exact login match first, as Odoo does
      if (typeof name === 'string' && name && operator === 'ilike') {
        const exact = this.search([...((args as unknown[]) ?? []), ['login', '=', name]], 0, limit);
        if (exact.ids.length) return exact.name_get();
      }
      return super.name_search(name, args, operator, limit);
    }
    /** The groups of the "Default User" template (base.default_user), in res.groups order. */
    _default_groups(): number[] {
      const template = this.env.xmlidLookup('base.default_user')?.[1];
      if (!template) return [];
      return this.env.model('res.users').sudo().withContext({ active_test: false }).browse([template]).get('groups_id') as number[];
    }
    _create(valsList: Vals[]): this {
      const prepared = valsList.map((v) => {
        const vals = { ...v };
        if (!('groups_id' in vals) && !this.env.context.no_default_groups) {
          const gids = this._default_groups();
          if (gids.length) vals.groups_id = [[6, 0, gids]];
        }
        return vals;
      });
      const passwords = prepared.map((v) => { const p = v.password; delete v.password; return p; });
      const records = super._create(prepared);
      records.ids.forEach((id, i) => {
        const rec = records.browse([id]);
        if (passwords[i]) rec._setPassword(String(passwords[i]));
        // the partner follows the user's active flag
        const partner = rec.sudo().get('partner_id') as number;
        const active = rec.sudo().get('active');
        this.env.model('res.partner').sudo().browse([partner])._write({ active });
        if (rec.sudo().rel('company_ids').ids.length === 0) rec.sudo()._write({ company_ids: [[6, 0, [rec.sudo().get('company_id')]]] });
      });
      records.sudo()._applyImpliedGroups();
      records.sudo()._recomputeFields(['share']);
      // internal users without an image get their initials (res_users.py create)
      for (const [, v] of records.sudo()._values(['share', 'name', 'partner_id'])) {
        if (v.share || !v.name) continue;
        const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number]);
        if (partner.withContext({ bin_size: true }).read(['image_1920'])[0]?.image_1920) continue;
        const created = partner._values(['create_date']).get(v.partner_id as number)?.create_date as string | false;
        partner.write({ image_1920: avatarSvg(String(v.name), created) });
      }
      return records;
    }
    _write(vals: Vals): void {
      const v = { ...vals };
      const password = v.password;
      delete v.password;
      if ('active' in v && !v.active && this.ids.includes(this.env.uid) && !this.env.su) {
        throw new UserError("You cannot deactivate the user you're currently logged in as.");
      }
      if ('active' in v && v.active && this.ids.includes(SUPERUSER_ID)) throw new UserError('You cannot activate the superuser.');
      super._write(v);
      if (password) this._setPassword(String(password));
      if ('active' in v || 'login' in v) this.env.cr.onCommit(() => credentialCache.clear());
    }
    _afterMany2manyWrite(f: Field, before: Map<number, number[]>): void {
      if (f.name === 'groups_id') {
        this._applyImpliedGroups();
        this._recomputeFields(['share']);
        this._applyGroupsToExistingEmployees(before);
        this.env.cr.onCommit(() => credentialCache.clear());
      }
    }
    /**
     * Groups added to the Default User template are given to every internal user too
     * (res_users.py write / _apply_groups_to_existing_employees): account's Billing Administrator.
     */
    _applyGroupsToExistingEmployees(before: Map<number, number[]>): void {
      const template = this.env.xmlidLookup('base.default_user')?.[1];
      const groupUser = this.env.xmlidLookup('base.group_user')?.[1];
      if (!template || !groupUser || !this.ids.includes(template)) return;
      const old = new Set(before.get(template) ?? []);
      const added = this.env.cr.raw('SELECT gid FROM res_groups_users_rel WHERE uid = ?', [template]).map((r) => r[0] as number).filter((g) => !old.has(g));
      if (!added.length) return;
      const employees = this.env.cr.raw('SELECT uid FROM res_groups_users_rel WHERE gid = ? AND uid != ?', [groupUser, template]).map((r) => r[0] as number);
      if (!employees.length) return;
      this.env.model('res.users').sudo().browse(employees)._writeX2many(this.cls._fields.groups_id, added.map((g) => [4, g]), false);
    }
    /** Add the implied closure of each user's groups to res_groups_users_rel. */
    _applyImpliedGroups(): void {
      for (const uid of this.ids) {
        const current = this.env.cr.raw('SELECT gid FROM res_groups_users_rel WHERE uid = ?', [uid]).map((r) => r[0] as number);
        for (const gid of impliedClosure(this.env, current)) {
          if (!current.includes(gid)) this.env.cr.run('INSERT OR IGNORE INTO res_groups_users_rel (uid, gid) VALUES (?, ?)', [uid, gid]);
        }
      }
      this.env.cache.invalidate();
      this._validateConstraints(['groups_id']);
    }
    _check_one_user_type(): void {
      const types = ['base.group_user', 'base.group_portal', 'base.group_public'].map((x) => this.env.xmlidLookup(x)?.[1]).filter((x): x is number => !!x);
      if (!types.length) return;
      for (const uid of this.ids) {
        const n = this.env.cr.get<{ n: number }>(`SELECT COUNT(*) AS n FROM res_groups_users_rel WHERE uid = ? AND gid IN (${types.map(() => '?').join(',')})`, [uid, ...types])?.n ?? 0;
        if (n > 1) throw new ValidationError('The user cannot have more than one user types.');
      }
    }
    _check_company(): void {
      for (const uid of this.ids) {
        const rec = this.sudo().browse([uid]);
        const company = rec.get('company_id') as number;
        const allowed = rec.get('company_ids') as number[];
        if (company && allowed.length && !allowed.includes(company)) {
          const cname = this.env.model('res.company').sudo().browse([company])._displayNames().get(company);
          const names = this.env.model('res.company').sudo().browse(allowed).mapped('name').join(', ');
          throw new ValidationError(`Company ${cname} is not in the allowed companies for user ${rec.get('name')} (${names}).`);
        }
      }
    }
    _unlink(): void {
      const protectedIds: Record<string, string> = {
        'base.user_root': 'You can not remove the admin user as it is used internally for resources created by Odoo (updates, module installation, ...)',
        'base.user_admin': 'You cannot delete the admin user because it is utilized in various places (such as security configurations,...). Instead, archive it.',
        'base.default_user': 'Deleting the template users is not allowed. Deleting this profile will compromise critical functionalities.',
        'base.template_portal_user_id': 'Deleting the template users is not allowed. Deleting this profile will compromise critical functionalities.',
      };
      for (const [xmlid, msg] of Object.entries(protectedIds)) {
        const id = this.env.xmlidLookup(xmlid)?.[1];
        if (id && this.ids.includes(id)) throw new UserError(msg);
      }
      super._unlink();
      this.env.cr.onCommit(() => credentialCache.clear());
    }
    copy_data(dflt: unknown = null): Vals[] {
      const d = (dflt ?? {}) as Vals;
      return this.ids.map((id) => {
        const rec = this.browse([id]).sudo();
        const extra: Vals = {};
        if (!('login' in d)) extra.login = `${rec.get('login')} (copy)`;
        if (!('name' in d) && !('partner_id' in d)) extra.name = `${rec.get('name')} (copy)`;
        return super.copy_data.call(this.browse([id]), { ...extra, ...d })[0];
      });
    }
    /** res.users._check_credentials: the password (addons add API keys, 2FA rules). */
    _checkCredentials(password: string, _interactive: boolean): boolean {
      const stored = this.env.cr.get<{ password: string | null }>('SELECT password FROM res_users WHERE id = ?', [this.ids[0]])?.password;
      return verifyPassword(password, stored);
    }
    context_get(): Vals {
      const rec = this.env.model('res.users').sudo().browse([this.env.uid]);
      const v = rec._values(['lang', 'tz']).get(this.env.uid);
      return { lang: v?.lang || 'en_US', tz: v?.tz ?? false, uid: this.env.uid };
    }
    has_group(groupExtId: unknown): boolean {
      const uid = this.ids.length ? this.ids[0] : this.env.uid;
      if (!pyTruthy(groupExtId) || typeof groupExtId !== 'string' || !groupExtId.includes('.')) {
        throw new PyAssertionError(`External ID '${typeof groupExtId === 'string' ? groupExtId : pyRepr(groupExtId)}' must be fully qualified`);
      }
      return this.env.hasGroup(groupExtId, uid);
    }
    /** How many access rights, record rules and groups the user's groups bring. */
    _compute_accesses_count(field: { name: string }): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const rec = this.browse([id]);
        if (field?.name === 'groups_count') return [id, rec._groupsOf(null).length];
        return [id, rec._groupsOf(field?.name === 'rules_count' ? 'rule_groups' : 'model_access').length];
      }));
    }
    /** Odoo warns about group combinations in the user form; no such rule is checked here. */
    _compute_user_group_warning(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, false]));
    }
    /** The smart buttons of the user form: groups, access rights and record rules of the user. */
    _userListAction(name: string, model: string, ids: number[]): Vals {
      return {
        name, view_mode: 'tree,form', res_model: model, type: 'ir.actions.act_window',
        context: { create: false, delete: false }, domain: [['id', 'in', ids]], target: 'current',
      };
    }
    _groupsOf(fname: 'model_access' | 'rule_groups' | null): number[] {
      // read as the caller, as Odoo's self.groups_id.<fname> is
      checkReadAccess(this.ensureOne());
      if (fname) checkAccessRights(this.env.model(fname === 'rule_groups' ? 'ir.rule' : 'ir.model.access'), 'read');
      const groups = this.rel('groups_id');
      if (!fname) return groups.ids;
      const out: number[] = [];
      for (const gid of groups.ids) for (const id of groups.browse([gid]).get(fname) as number[]) if (!out.includes(id)) out.push(id);
      return out;
    }
    action_show_groups(): Vals { return this._userListAction('Groups', 'res.groups', this._groupsOf(null)); }
    action_show_accesses(): Vals { return this._userListAction('Access Rights', 'ir.model.access', this._groupsOf('model_access')); }
    action_show_rules(): Vals { return this._userListAction('Record Rules', 'ir.rule', this._groupsOf('rule_groups')); }
    /** "Log out from all devices": the identity check dialog in its revoke-devices form. */
    action_revoke_all_devices(): Vals {
      return {
        name: 'Log out from all devices?', type: 'ir.actions.act_window', target: 'new', res_model: 'res.users.identitycheck', view_mode: 'form',
        view_id: this.env.xmlidLookup('base.res_users_identitycheck_view_form_revokedevices')?.[1] ?? false,
        context: { ...this.env.context, dialog_size: 'medium' },
      };
    }
    preference_save(): Vals {
      return { type: 'ir.actions.client', tag: 'reload_context' };
    }
    change_password(oldPasswd: unknown, newPasswd: unknown): boolean {
      const uid = this.env.uid;
      if (!oldPasswd) throw new AccessDenied();
      const stored = this.env.cr.get<{ password: string | null }>('SELECT password FROM res_users WHERE id = ?', [uid])?.password;
      if (!verifyPassword(String(oldPasswd), stored)) throw new AccessDenied();
      this.env.model('res.users').sudo().browse([uid])._changePassword(String(newPasswd ?? ''));
      return true;
    }
    /** _change_password: a write of the stripped password, so that addons see the change (security mail, trusted devices). */
    _changePassword(newPasswd: string): void {
      const clean = newPasswd.trim();
      if (!clean) throw new UserError('Setting empty passwords is not allowed for security reasons!');
      if (this.env.su) this._write({ password: clean });
      else this.write({ password: clean });
    }
    /** Reading one's own user: the SELF_READABLE fields are read in sudo. */
    read(fields: unknown = null, load: unknown = '_classic_read'): Vals[] {
      if (this._isSelf() && Array.isArray(fields) && fields.length
        && fields.every((f) => typeof f === 'string' && (SELF_READABLE.has(f) || f.startsWith('context_')))) {
        return super.read.call(this.sudo(), fields, load);
      }
      return super.read(fields, load);
    }
    /** Writing one's own preferences: the SELF_WRITEABLE fields are written in sudo. */
    write(vals: unknown): boolean {
      // Users.write checks (de)activation before anything else, access rights included
      if (vals && typeof vals === 'object' && !Array.isArray(vals)) {
        const active = (vals as Vals).active;
        if (pyTruthy(active) && this.ids.includes(SUPERUSER_ID)) throw new UserError('You cannot activate the superuser.');
        if ((active === false || active === 0) && this.ids.includes(this.env.uid)) {
          throw new UserError("You cannot deactivate the user you're currently logged in as.");
        }
      }
      if (this._isSelf() && vals && typeof vals === 'object' && !Array.isArray(vals)) {
        const keys = Object.keys(vals);
        if (keys.length && keys.every((k) => SELF_WRITEABLE.has(k) || k.startsWith('context_'))) {
          const v = { ...(vals as Vals) };
          if ('company_id' in v) {
            const allowed = this.sudo().get('company_ids') as number[];
            if (!allowed.includes(v.company_id as number)) delete v.company_id;
          }
          return super.write.call(this.sudo(), v);
        }
      }
      return super.write(vals);
    }
    _isSelf(): boolean {
      return !this.env.su && this.ids.length === 1 && this.ids[0] === this.env.uid;
    }
  },
};

/** Fields a user may read / write on their own record (Odoo 17 SELF_READABLE/WRITEABLE_FIELDS). */
export const SELF_READABLE = new Set([
  'signature', 'company_id', 'login', 'email', 'name', 'image_1920', 'image_1024', 'image_512', 'image_256', 'image_128',
  'lang', 'tz', 'tz_offset', 'groups_id', 'partner_id', 'write_date', 'action_id', 'avatar_1920', 'avatar_1024',
  'avatar_512', 'avatar_256', 'avatar_128', 'share', 'api_key_ids',
]);
export const SELF_WRITEABLE = new Set(['signature', 'action_id', 'company_id', 'email', 'name', 'image_1920', 'lang', 'tz', 'api_key_ids']);

/**
 * Successful (uid, password) checks of XML-RPC calls (Odoo's ormcache on res.users.check),
 * cleared after a commit changed credentials. `onClear` tells the other processes of a worker
 * pool (server/pool/worker.ts), which clear theirs with `forget()`.
 */
class CredentialCache extends Map<string, true> {
  onClear: (() => void) | null = null;

  clear(): void {
    super.clear();
    this.onClear?.();
  }

  /** Clear because another process changed credentials (no notice sent back). */
  forget(): void {
    super.clear();
  }
}
export const credentialCache = new CredentialCache();


export const resUsersLog: ModelDecl = {
  _name: 'res.users.log',
  _description: 'Users Log',
  _order: 'id desc',
  fields: {},
};

