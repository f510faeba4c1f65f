/**
 * auth_totp, auth_totp_portal, auth_totp_mail and API keys (res.users.apikeys) as in Odoo 17:
 * identity check, enabling TOTP through auth_totp.wizard, trusted devices, disabling, API keys
 * (40 hex chars, stored hashed with an 8-character index) accepted as passwords over RPC only.
 */
import crypto from 'crypto';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { AccessError, MissingError, PyAssertionError, UserError } from '../orm/exceptions';
import { checkAccessRule } from '../orm/security';
import { nowUtc } from '../orm/fields';
import { utcDatetime } from '../tools/clock';
import { SELF_READABLE, SELF_WRITEABLE, credentialCache, hashPbkdf2, verifyPassword } from '../base/res_users';
import { checkIdentity } from '../base/change_password';

/** speakeasy, qrcode and pngjs are loaded on first use: most processes never enable 2FA. */
const lazy = {
  speakeasy: () => require('speakeasy') as typeof import('speakeasy'),
  qrcode: () => require('qrcode') as typeof import('qrcode'),
  png: () => ({ render: require('qrcode/lib/renderer/png').render, PNG: require('pngjs').PNG }),
};

/** The fields of these addons that a user reads on their own record. */
for (const f of ['totp_enabled', 'totp_trusted_device_ids', 'api_key_ids']) SELF_READABLE.add(f);
SELF_WRITEABLE.add('api_key_ids');

const KEY_ROUNDS = 6000;

/** RFC 6238: HMAC-SHA1, 6 digits, 30 s, one step of tolerance either way. */
export function verifyTotp(secretBase32: string, code: string | number, nowMs: number): boolean {
  // checked at the database's time (its clock), as Odoo's time.time() under a moved clock
  return lazy.speakeasy().totp.verify({ secret: secretBase32, encoding: 'base32', token: String(code).padStart(6, '0'), window: 1, step: 30, digits: 6, algorithm: 'sha1', time: Math.floor(nowMs / 1000) });
}

/** @check_identity's first test: these methods need an HTTP request (none over /jsonrpc, XML-RPC). */
function requireHttp(model: BaseModel): void {
  if (!model.env.request) throw new UserError('This method can only be accessed over HTTP');
}

function securityMail(user: AnyModel, subject: string, body: string): void {
  const v = user.sudo().withContext({ active_test: false })._values(['email', 'name', 'company_id']).get(user.ids[0]);
  if (!v?.email) return;
  const company = user.env.model('res.company').sudo().browse([v.company_id as number]);
  const from = company.rel('partner_id').get('email_formatted') || false;
  user.env.model('mail.mail').sudo().create({
    subject, email_to: v.email, email_from: from, body_html: body, body, model: 'res.users', res_id: user.ids[0],
    message_type: 'user_notification', auto_delete: false, state: 'outgoing', template_xmlid: 'mail.account_security_setting_update',
  });
}

export const identityCheck: ModelDecl = {
  _name: 'res.users.identitycheck',
  _module: 'base',
  _description: 'Password Check Wizard',
  _transient: true,
  fields: {
    request: { type: 'char', readonly: true, groups: '.' },
    password: { type: 'char', string: 'Password' },
  },
  rpc: {
    run_check: { api: 'multi', params: [] },
    revoke_all_devices: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _checkPassword(): void {
      // the wizard is read as the caller (a wizard of another user is refused by its rule)
      this.ensureOne();
      checkAccessRule(this, 'read');
      const v = this.sudo()._values(['password', 'create_uid']).get(this.ids[0]);
      if (!v) throw new MissingError(`Record does not exist or has been deleted.\n(Record: ${this.toString()}, User: ${this.env.uid})`);
      const stored = this.env.cr.get<{ password: string | null }>('SELECT password FROM res_users WHERE id = ?', [this.env.uid])?.password;
      if (!v.password || !verifyPassword(String(v.password), stored)) {
        throw new UserError('Incorrect Password, try again or click on Forgot Password to reset your password.');
      }
      // the typed password is not kept
      this.sudo()._write({ password: false });
    }
    run_check(): unknown {
      // Odoo asserts the request first
      const req = this.env.request;
      if (!req) throw new PyAssertionError('This method can only be accessed over HTTP');
      this._checkPassword();
      req.markIdentityChecked();
      const raw = this.sudo().get('request');
      if (!raw) return { type: 'ir.actions.act_window_close' };
      const call = JSON.parse(String(raw)) as { model: string; method: string; args: unknown[] };
      const [ids, ...rest] = call.args as [number[], ...unknown[]];
      const target = this.env.model(call.model).browse(ids);
      const fn = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[call.method];
      return fn.apply(target, rest);
    }
    /** "Log out from all devices": every other session of the user ends. */
    revoke_all_devices(): boolean {
      this._checkPassword();
      const user = this.env.model('res.users').browse([this.env.uid]);
      user._revokeAllDevices();
      // rewriting the same password hash would not change the session token: end them directly
      this.env.request?.logoutOtherSessions();
      return true;
    }
  },
};

export const apiKeys: ModelDecl = {
  _name: 'res.users.apikeys',
  _module: 'base',
  _description: 'Users API Keys',
  _order: 'id',
  // a hand-made table in Odoo (_auto = False): only its creation date, no other magic column
  _log_access: false,
  fields: {
    name: { type: 'char', string: 'Description', required: true, readonly: true },
    user_id: { type: 'many2one', comodel: 'res.users', index: true, required: true, readonly: true, ondelete: 'cascade' },
    scope: { type: 'char', readonly: true },
    // Odoo creates these two columns in SQL (init), with no field: only raw SQL reaches them
    index: { type: 'char', size: 8, sql_only: true },
    key: { type: 'char', sql_only: true },
    create_date: { type: 'datetime', string: 'Creation Date', readonly: true },
  },
  rpc: {
    remove: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** _generate(scope, name): a 40-hex key shown once, stored hashed with its 8-char index. */
    _generate(scope: string | null, name: string, userId?: number): string {
      const key = crypto.randomBytes(20).toString('hex');
      const uid = userId ?? this.env.uid;
      // auth_totp.device shares this layout in its own table
      this.env.cr.run(`INSERT INTO "${this.cls._table}" (name, user_id, scope, "index", key, create_date) VALUES (?, ?, ?, ?, ?, ?)`,
        [name, uid, scope, key.slice(0, 8), hashPbkdf2(key, KEY_ROUNDS), nowUtc(this.env.cr)]);
      this.env.cache.invalidate(this._name);
      return key;
    }
    /** The user of a key for a scope (NULL scope = global keys, the only ones RPC accepts). */
    _checkCredentials(scope: string, key: string): number | null {
      if (!/^[0-9a-f]{40}$/.test(key)) return null;
      const rows = this.env.cr.all<{ user_id: number; key: string }>(
        `SELECT k.user_id, k.key FROM res_users_apikeys k JOIN res_users u ON u.id = k.user_id
          WHERE u.active = 1 AND k."index" = ? AND (k.scope IS NULL OR k.scope = ?)`, [key.slice(0, 8), scope]);
      for (const r of rows) if (verifyPassword(key, r.key)) return r.user_id;
      return null;
    }
    remove(): unknown {
      const need = checkIdentity(this, 'remove');
      if (need) return need;
      const own = this.sudo()._values(['user_id']);
      const isAdmin = this.env.su || this.env.hasGroup('base.group_system');
      for (const id of this.ids) {
        if (!isAdmin && own.get(id)?.user_id !== this.env.uid) throw new AccessError("You can not remove API keys unless they're yours or you are a system user");
      }
      this.sudo()._unlink();
      // cached (uid, key) checks must not outlive the key
      this.env.cr.onCommit(() => credentialCache.clear());
      return true;
    }
  },
};

export const apiKeyDescription: ModelDecl = {
  _name: 'res.users.apikeys.description',
  _module: 'base',
  _description: 'API Key Description',
  _transient: true,
  fields: {
    name: { type: 'char', string: 'Description', required: true },
  },
  rpc: {
    make_key: { api: 'multi', params: [] },
    check_access_make_key: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    check_access_make_key(): null {
      const internal = this.env.hasGroup('base.group_user');
      const allowPortal = this.env.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'portal.allow_api_keys'")?.value;
      if (!internal && !(this.env.hasGroup('base.group_portal') && allowPortal && allowPortal !== 'False')) {
        throw new AccessError('Only internal users can create API keys');
      }
      return null;
    }
    make_key(): Vals {
      // @check_identity runs first; the access check fails only when the key is made
      const need = checkIdentity(this, 'make_key');
      if (need) return need;
      this.check_access_make_key();
      const name = String(this.ensureOne().sudo().get('name'));
      const key = this.env.model('res.users.apikeys').sudo()._generate(null, name, this.env.uid);
      return {
        type: 'ir.actions.act_window', res_model: 'res.users.apikeys.show', name: 'API Key Ready',
        views: [[false, 'form']], target: 'new', context: { default_key: key },
      };
    }
  },
};

export const apiKeyShow: ModelDecl = {
  _name: 'res.users.apikeys.show',
  _module: 'base',
  _description: 'Show API Key',
  _transient: true,
  // an AbstractModel in Odoo: no magic field but the id
  _log_access: false,
  fields: {
    key: { type: 'char', readonly: true },
  },
  methods: (Base) => class extends Base {
    fields_get(allfields: unknown = null, attributes: unknown = null): Record<string, Vals> {
      const out = super.fields_get(allfields, attributes);
      delete out.display_name;
      return out;
    }
  },
};

export const totpDevice: ModelDecl = {
  _name: 'auth_totp.device',
  _inherit: 'res.users.apikeys',
  _description: 'Authentication Device',
  _table: 'auth_totp_device',
  methods: (Base) => class extends Base {
    /** A trusted-browser key (td_id cookie) of this user, not older than 90 days. */
    _checkDevice(userId: number, key: string): boolean {
      if (!/^[0-9a-f]{40}$/.test(key)) return false;
      const cutoff = utcDatetime(this.env.cr.clock.now() - 90 * 86400e3);
      const rows = this.env.cr.all<{ key: string }>(
        `SELECT key FROM auth_totp_device WHERE user_id = ? AND "index" = ? AND scope = 'browser' AND create_date >= ?`, [userId, key.slice(0, 8), cutoff]);
      return rows.some((r) => verifyPassword(key, r.key));
    }
  },
};

export const totpWizard: ModelDecl = {
  _name: 'auth_totp.wizard',
  _description: '2-Factor Setup Wizard',
  _transient: true,
  fields: {
    user_id: { type: 'many2one', comodel: 'res.users', required: true, readonly: true, ondelete: 'cascade' },
    secret: { type: 'char', required: true, readonly: true },
    url: { type: 'char', compute: '_compute_url', store: true, depends: ['secret', 'user_id'] },
    qrcode: { type: 'binary', attachment: false, compute: '_compute_qrcode', store: true, depends: ['url'] } as never,
    code: { type: 'char', string: 'Verification Code', size: 7 },
  },
  rpc: {
    enable: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_url(): Map<number, unknown> {
      const vals = this.sudo()._values(['secret', 'user_id']);
      const req = this.env.request;
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const user = this.env.model('res.users').sudo().browse([v.user_id as number]);
        const login = String(user.get('login'));
        const host = req?.host ? req.host.split(':')[0] : '';
        const issuer = host || String(this.env.model('res.company').sudo().browse([user.get('company_id') as number])._displayNames().get(user.get('company_id') as number) ?? '');
        const label = encodeURIComponent(`${issuer}:${login}`).replace(/%3A/gi, ':');
        const q = new URLSearchParams({ secret: String(v.secret).replace(/\s/g, ''), issuer, algorithm: 'SHA1', digits: '6', period: '30' });
        return [id, `otpauth://totp/${label}?${q.toString().replace(/\+/g, '%20')}`];
      }));
    }
    _compute_qrcode(): Map<number, unknown> {
      const vals = this.sudo()._values(['url']);
      return new Map(this.ids.map((id) => {
        const data = lazy.qrcode().create(String(vals.get(id)?.url ?? ''), {});
        const { render, PNG } = lazy.png();
        const png = render(data, { scale: 4, margin: 4 });
        return [id, (PNG.sync.write(png) as Buffer).toString('base64')];
      }));
    }
    enable(): Vals {
      const need = checkIdentity(this, 'enable');
      if (need) return need;
      const v = this.ensureOne().sudo()._values(['code', 'secret', 'user_id']).get(this.ids[0])!;
      const code = String(v.code ?? '').replace(/\s/g, '');
      if (!/^\d+$/.test(code)) throw new UserError('The verification code should only contain numbers');
      const user = this.env.model('res.users').browse([v.user_id as number]);
      if (user.ids[0] !== this.env.uid) throw new UserError('Two-factor authentication can only be enabled for yourself');
      const secret = String(v.secret).replace(/\s/g, '');
      if (!verifyTotp(secret, code, this.env.cr.clock.now())) throw new UserError('Verification failed, please double-check the 6-digit code');
      this.env.cr.run('UPDATE res_users SET totp_secret = ? WHERE id = ?', [secret, this.env.uid]);
      this.env.cr.onCommit(() => credentialCache.clear());
      this.env.cache.invalidate('res.users');
      this.env.request?.refreshSessionToken();
      securityMail(user, 'Security Update: 2FA Activated', '<p>Two-factor authentication has been activated on your account.</p>');
      this.sudo()._unlink();
      return {
        type: 'ir.actions.client', tag: 'display_notification',
        params: { type: 'success', message: '2-Factor authentication is now enabled.', next: { type: 'ir.actions.act_window_close' } },
      };
    }
  },
};

export const usersTotp: ModelDecl = {
  _inherit: 'res.users',
  fields: {
    totp_secret: { type: 'char', copy: false, groups: '.', column_compute: true },
    totp_enabled: { type: 'boolean', string: 'Two-factor authentication', compute: '_compute_totp_enabled', search: '_search_totp_enabled' },
    totp_trusted_device_ids: { type: 'one2many', comodel: 'auth_totp.device', inverse_name: 'user_id', string: 'Trusted Devices' },
    api_key_ids: { type: 'one2many', comodel: 'res.users.apikeys', inverse_name: 'user_id', string: 'API Keys' },
  },
  rpc: {
    action_totp_enable_wizard: { api: 'multi', params: [] },
    action_totp_disable: { api: 'multi', params: [] },
    revoke_all_devices: { api: 'multi', params: [] },
    api_key_wizard: { api: 'multi', params: [] },
    get_totp_invite_url: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_totp_enabled(): Map<number, unknown> {
      const rows = new Map(this.env.cr.raw(`SELECT id, totp_secret FROM res_users WHERE id IN (${this.ids.map(() => '?').join(',') || 'NULL'})`, this.ids).map((r) => [r[0] as number, !!r[1]]));
      return new Map(this.ids.map((id) => [id, rows.get(id) ?? false]));
    }
    _search_totp_enabled(operator: string, value: unknown): unknown[] {
      const enabled = (operator === '=') === !!value;
      return [['id', enabled ? 'in' : 'not in', this.env.cr.raw('SELECT id FROM res_users WHERE totp_secret IS NOT NULL').map((r) => r[0])]];
    }
    _totpSecret(): string | null {
      return this.env.cr.get<{ s: string | null }>('SELECT totp_secret AS s FROM res_users WHERE id = ?', [this.ids[0]])?.s ?? null;
    }
    action_totp_enable_wizard(): Vals {
      requireHttp(this);
      if (this.ids.length !== 1 || this.ids[0] !== this.env.uid) throw new UserError('Two-factor authentication can only be enabled for yourself');
      if (this._totpSecret()) throw new UserError('Two-factor authentication already enabled');
      const need = checkIdentity(this, 'action_totp_enable_wizard');
      if (need) return need;
      const secret = crypto.randomBytes(20);
      const base32 = base32Encode(secret);
      const grouped = base32.match(/.{1,4}/g)!.join(' ');
      const wiz = this.env.model('auth_totp.wizard').sudo().create({ user_id: this.env.uid, secret: grouped });
      return {
        type: 'ir.actions.act_window', target: 'new', res_model: 'auth_totp.wizard', name: 'Two-Factor Authentication Activation',
        res_id: wiz.ids[0], views: [[false, 'form']], context: this.env.context,
      };
    }
    action_totp_disable(): unknown {
      requireHttp(this);
      const self = this.ids.length === 1 && this.ids[0] === this.env.uid;
      if (!(self || this.env.su || this.env.hasGroup('base.group_erp_manager'))) return false;
      const need = checkIdentity(this, 'action_totp_disable');
      if (need) return need;
      const users = this.sudo().withContext({ active_test: false });
      users._revokeAllDevices();
      for (const id of this.ids) this.env.cr.run('UPDATE res_users SET totp_secret = NULL WHERE id = ?', [id]);
      this.env.cr.onCommit(() => credentialCache.clear());
      this.env.cache.invalidate('res.users');
      if (this.ids.includes(this.env.uid)) this.env.request?.refreshSessionToken();
      for (const id of this.ids) securityMail(users.browse([id]), 'Security Update: 2FA Deactivated', '<p>Two-factor authentication has been deactivated on your account.</p>');
      const names = users.mapped('name').join(', ');
      return {
        type: 'ir.actions.client', tag: 'display_notification',
        params: { type: 'warning', message: `Two-factor authentication disabled for the following user(s): ${names}`, next: { type: 'ir.actions.act_window_close' } },
      };
    }
    revoke_all_devices(): unknown {
      const need = checkIdentity(this, 'revoke_all_devices');
      if (need) return need;
      this._revokeAllDevices();
      return null;
    }
    _revokeAllDevices(): void {
      for (const id of this.ids) this.env.cr.run('DELETE FROM auth_totp_device WHERE user_id = ?', [id]);
      this.env.cache.invalidate('auth_totp.device');
    }
    _setPassword(password: string): void {
      (Base.prototype as AnyModel)._setPassword.call(this, password);
      // changing the password forgets the trusted devices
      this.sudo()._revokeAllDevices();
    }
    /** Only @check_identity guards the wizard in Odoo 17; make_key checks who may create keys. */
    api_key_wizard(): Vals {
      const need = checkIdentity(this, 'api_key_wizard');
      if (need) return need;
      return { type: 'ir.actions.act_window', res_model: 'res.users.apikeys.description', name: 'New API Key', target: 'new', views: [[false, 'form']] };
    }
    /**
     * res.users._check_credentials: non-interactive calls (XML-RPC, /jsonrpc) also accept a global
     * API key; users with 2FA may only use API keys there.
     */
    _checkCredentials(password: string, interactive: boolean): boolean {
      if (!interactive) {
        const keyUser = this.env.model('res.users.apikeys').sudo()._checkCredentials('rpc', password);
        if (keyUser === this.ids[0]) return true;
        if (this._totpSecret()) return false;
      }
      return (Base.prototype as AnyModel)._checkCredentials.call(this, password, interactive);
    }
    /** _mfa_type: 'totp' when the user has a secret. */
    _mfaType(): string | null {
      return this._totpSecret() ? 'totp' : null;
    }
    get_totp_invite_url(): string {
      return this.env.hasGroup('base.group_user') ? '/web#action=base.action_res_users_my' : '/my/security';
    }
  },
};

/** RFC 4648 base32 without padding (what pyotp/Odoo show). */
function base32Encode(buf: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

export const totpModels: ModelDecl[] = [identityCheck, apiKeys, apiKeyDescription, apiKeyShow, totpDevice, totpWizard, usersTotp];
