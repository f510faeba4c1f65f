/**
 * auth_signup (Odoo 17): stored signup tokens on partners, res.users.signup / reset_password /
 * action_reset_password, users created from the portal template, the invitation and reset mails,
 * and the settings (auth_signup.invitation_scope, auth_signup.reset_password).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { AccessError, OdooError, PyAttributeError, PyValueError, UserError } from '../orm/exceptions';
import { nowUtc } from '../orm/fields';
import { absoluteLinks, baseUrl, renderTemplate } from '../mail';
import { VIEWS_DIR } from '../paths';
import { utcDatetime } from '../tools/clock';
import { checkAccessRights, checkAccessRule } from '../orm/security';

/** auth_signup's SignupError (a plain Exception subclass in Odoo). */
export class SignupError extends OdooError { pyName = 'odoo.addons.auth_signup.models.res_partner.SignupError'; }

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** random_token(): 20 characters of [A-Za-z0-9] from a cryptographic source. */
export function randomToken(length = 20): string {
  const bytes = crypto.randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    if (bytes[i] < 248) out += TOKEN_CHARS[bytes[i] % 62];
  }
  return out.length === length ? out : randomToken(length);
}

/** The body of the "Password reset" mail (views/auth_signup/reset_password_email.hbs), read once. */
let resetPasswordSource: string | null = null;
function resetPasswordView(): string {
  return (resetPasswordSource ??= fs.readFileSync(path.join(VIEWS_DIR, 'auth_signup', 'reset_password_email.hbs'), 'utf8'));
}

function icp(model: BaseModel, key: string): string | false {
  return model.env.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [key])?.value ?? false;
}

export const partnerSignup: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    signup_token: { type: 'char', copy: false, groups: 'base.group_erp_manager', column_compute: true },
    signup_type: { type: 'char', string: 'Signup Token Type', copy: false, groups: 'base.group_erp_manager' },
    signup_expiration: { type: 'datetime', copy: false, groups: 'base.group_erp_manager' },
    signup_valid: { type: 'boolean', compute: '_compute_signup_valid', string: 'Signup Token is Valid', groups: 'base.group_erp_manager' },
    signup_url: { type: 'char', compute: '_compute_signup_url', string: 'Signup URL', groups: 'base.group_erp_manager' },
  },
  rpc: {
    signup_prepare: { api: 'multi', params: [param('signup_type', 'signup'), param('expiration', false)] },
    signup_cancel: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_signup_valid(): Map<number, unknown> {
      const vals = this.sudo()._values(['signup_token', 'signup_expiration']);
      const now = nowUtc(this.env.cr);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, !!v.signup_token && (!v.signup_expiration || String(v.signup_expiration) >= now)];
      }));
    }
    _compute_signup_url(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.browse([id])._signupUrl() || false]));
    }
    /** _get_signup_url_for_action: /web/signup|reset_password?db=&token=, or /web/login?db=&login=. */
    _signupUrl(opts: { redirect?: string; signupEmail?: string } = {}): string {
      const p = this.sudo();
      const v = p._values(['signup_token', 'signup_type', 'user_ids']).get(this.ids[0]);
      if (!v) return '';
      const q = new URLSearchParams({ db: this.env.dbName });
      let route = 'login';
      const type = this.env.context.signup_force_type_in_url ?? v.signup_type;
      if (v.signup_token && type) {
        route = type === 'reset' ? 'reset_password' : String(type);
        q.set('token', String(v.signup_token));
      } else {
        const users = v.user_ids as number[];
        if (!users.length) return '';
        q.set('login', String(this.env.model('res.users').sudo().withContext({ active_test: false }).browse([users[0]]).get('login')));
      }
      if (opts.redirect) q.set('redirect', opts.redirect);
      if (opts.signupEmail) q.set('signup_email', opts.signupEmail);
      return `${baseUrl(this)}/web/${route}?${q.toString()}`;
    }
    /**
     * A new token where none is valid (or an expiration is given). The token is written with the
     * caller's rights, as in Odoo: over RPC only Access Rights managers pass the field groups;
     * the flows that need it (portal wizard, password reset) run in sudo.
     */
    signup_prepare(signupType: unknown = 'signup', expiration: unknown = false): boolean {
      for (const id of this.ids) {
        const valid = this.sudo().browse([id])._compute_signup_valid().get(id);
        if (expiration || !valid) {
          let token = randomToken();
          while (this.env.cr.get('SELECT 1 AS x FROM res_partner WHERE signup_token = ?', [token])) token = randomToken();
          this.browse([id]).write({ signup_token: token, signup_type: signupType, signup_expiration: expiration || false });
        }
      }
      return true;
    }
    signup_cancel(): boolean {
      this.write({ signup_token: false, signup_type: false, signup_expiration: false });
      return true;
    }
    /** The partner of a token, or null / SignupError (exact Odoo 17 texts). */
    _signupRetrievePartner(token: string, checkValidity = false, raiseException = false): AnyModel | null {
      const row = this.env.cr.get<{ id: number }>('SELECT id FROM res_partner WHERE signup_token = ? AND active = 1', [token]);
      if (!row) {
        // UserError in Odoo 17 (auth_signup/models/res_partner.py): the pages show its message
        if (raiseException) throw new UserError(`Signup token '${token}' is not valid`);
        return null;
      }
      const partner = this.env.model('res.partner').sudo().browse([row.id]);
      if (checkValidity && !partner._compute_signup_valid().get(row.id)) {
        if (raiseException) throw new UserError(`Signup token '${token}' is no longer valid`);
        return null;
      }
      return partner;
    }
    /** signup_retrieve_info: {db, token, name, login|email} for the signup form. */
    _signupRetrieveInfo(token: string): Vals {
      const partner = this._signupRetrievePartner(token, false, true)!;
      const v = partner._values(['name', 'email', 'user_ids']).get(partner.ids[0])!;
      const res: Vals = { db: this.env.dbName, token, name: v.name };
      const users = v.user_ids as number[];
      if (users.length) res.login = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([users[0]]).get('login');
      else res.email = res.login = v.email || '';
      return res;
    }
  },
};

export const usersSignup: ModelDecl = {
  _inherit: 'res.users',
  fields: {
    state: { type: 'selection', compute: '_compute_state', search: '_search_state', string: 'Status', selection: [['new', 'Never Connected'], ['active', 'Confirmed']] },
  },
  rpc: {
    signup: { api: 'model', params: ['values', param('token', null)] },
    // a record method in Odoo (not @api.model): over RPC its first argument is the ids
    reset_password: { api: 'multi', params: ['login'], qualname: 'ResUsers.reset_password' },
    action_reset_password: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_state(): Map<number, unknown> {
      const vals = this._values(['login_date']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.login_date ? 'active' : 'new']));
    }
    _search_state(operator: string, value: unknown): unknown[] {
      const negative = ['!=', 'not in'].includes(operator);
      const values = Array.isArray(value) ? value : [value];
      const wantActive = values.includes('active');
      const wantNew = values.includes('new');
      if (wantActive === wantNew) return negative ? [[0, '=', 1]] : [[1, '=', 1]];
      const active = wantActive !== negative;
      return [['log_ids', active ? '!=' : '=', false]];
    }
    /**
     * Copy the portal template user (signup, portal wizard), as the caller: Odoo's
     * `template_user.copy(values)` reads the template and creates the user with the caller's
     * rights, so over RPC only users allowed to read the template and create users get through
     * (the web signup and the portal wizard call it in sudo).
     */
    _createUserFromTemplate(values: Vals): AnyModel {
      const templateId = Number(icp(this, 'base.template_portal_user_id') || 0);
      const Users = this.env.model('res.users');
      const template = Users.withContext({ active_test: false }).browse([templateId]).exists();
      if (!template.ids.length) throw new PyValueError('Signup: invalid template user');
      if (!values.login) throw new PyValueError('Signup: no login given for new user');
      if (!values.partner_id && !values.name) throw new PyValueError('Signup: no name or partner given for new user');
      const groups = template.sudo().get('groups_id') as number[];
      try {
        // a savepoint, like Odoo's: a failed copy leaves nothing behind. Odoo copies the template
        // user with no_reset_password: a signup sends no invitation ("invites you to connect");
        // the signup route sends its own "Welcome to ..." mail
        return this.env.cr.transaction(() => {
          checkAccessRights(template, 'read');
          checkAccessRule(template, 'read');
          return Users.withContext({ ...this.env.context, no_default_groups: true, no_reset_password: true })
            .create({ ...values, active: true, groups_id: [[6, 0, groups]] });
        });
      } catch (e) {
        throw new SignupError(e instanceof Error ? e.message : String(e));
      }
    }
    _getSignupInvitationScope(): string {
      return String(icp(this, 'auth_signup.invitation_scope') || 'b2b');
    }
    /**
     * signup(values, token): returns [login, password]. Runs with the caller's rights, as in
     * Odoo: the web routes call it as superuser, while over RPC a portal or internal user is
     * stopped by the access checks of the writes and the template copy (a SignupError).
     */
    signup(values: unknown, token: unknown = null): [unknown, unknown] {
      if (values === null || typeof values !== 'object' || Array.isArray(values)) {
        throw new PyAttributeError(`'${values === null ? 'NoneType' : Array.isArray(values) ? 'list' : typeof values === 'string' ? 'str' : typeof values === 'number' ? 'int' : 'bool'}' object has no attribute 'get'`);
      }
      const vals = { ...(values as Vals) };
      const Partner = this.env.model('res.partner');
      if (token) {
        const found = Partner._signupRetrievePartner(String(token), true, true)!;
        const partner = Partner.browse(found.ids);
        partner.write({ signup_token: false, signup_type: false, signup_expiration: false });
        const pv = partner.sudo()._values(['country_id', 'zip', 'city', 'lang', 'user_ids', 'name', 'company_id']).get(partner.ids[0])!;
        if (pv.country_id || pv.zip || pv.city) { delete vals.city; delete vals.country_id; }
        if (pv.lang) delete vals.lang;
        const users = this.env.model('res.users').sudo().withContext({ active_test: false })._searchIds([['partner_id', '=', partner.ids[0]]]);
        if (users.length) {
          delete vals.login;
          delete vals.name;
          const user = this.env.model('res.users').browse([users[0]]);
          user.write(vals);
          return [user.get('login'), vals.password];
        }
        vals.name = pv.name;
        vals.partner_id = partner.ids[0];
        vals.email = vals.email || vals.login;
        if (pv.company_id) { vals.company_id = pv.company_id; vals.company_ids = [[6, 0, [pv.company_id]]]; }
        this._signupCreateUser(vals, true);
        return [vals.login, vals.password];
      }
      vals.email = vals.email || vals.login;
      this._signupCreateUser(vals, false);
      return [vals.login, vals.password];
    }
    _signupCreateUser(values: Vals, invited: boolean): AnyModel {
      if (!invited && this._getSignupInvitationScope() !== 'b2c') throw new SignupError('Signup is not allowed for uninvited users');
      return this._createUserFromTemplate(values);
    }
    /** The user of a login (or email) gets a reset mail; the search runs with the caller's rights. */
    reset_password(login: unknown): boolean {
      const Users = this.env.model('res.users');
      let found = Users.search([['login', '=', login]]);
      if (!found.ids.length) found = Users.search([['email', '=', login]]);
      if (!found.ids.length) throw new OdooError('No account found for this login');
      if (found.ids.length > 1) throw new OdooError('Multiple accounts found for this login');
      return found.action_reset_password();
    }
    /**
     * Reset mails: reading the users and preparing their partners' tokens are done with the
     * caller's rights, as in Odoo (the web route and res.users.create call it in sudo).
     */
    action_reset_password(): boolean {
      if (this.env.context.install_mode || this.env.context.import_file) return true;
      // Odoo reads `active` of the users first: the read rules apply
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
      const recs = this.sudo().withContext({ ...this.env.context, active_test: false });
      const vals = recs._values(['active', 'partner_id', 'email', 'name']);
      if (this.ids.some((id) => !vals.get(id)?.active)) throw new UserError('You cannot perform this action on an archived user.');
      const createMode = !!this.env.context.create_user;
      const expiration = createMode ? false : utcDatetime(this.env.cr.clock.now() + 24 * 3600 * 1000);
      // the invitation is the set_password_email template; the reset mail is rendered from a view
      // (auth_signup.reset_password_email, a QWeb template in Odoo 17, not a mail.template)
      const template = createMode ? this.env.ref('auth_signup.set_password_email', false) : null;
      if (createMode && !template) return true;
      for (const id of this.ids) {
        const v = vals.get(id)!;
        const partner = this.env.model('res.partner').browse([v.partner_id as number]);
        partner.signup_prepare('reset', expiration);
        if (!v.email) throw new UserError(`Cannot send email: user ${v.name} has no email address.`);
        const emailValues: Vals = { email_cc: false, auto_delete: true, message_type: 'user_notification', recipient_ids: [], partner_ids: [], scheduled_date: false, email_to: v.email };
        if (template) {
          template.sudo().withContext({ ...this.env.context, create_user: true }).send_mail(id, true, true, emailValues);
          continue;
        }
        const user = this.sudo().withContext({ active_test: false }).browse([id]);
        const values = user._mailRenderValues();
        const object = values.object as Vals;
        const body = renderTemplate(resetPasswordView(), values);
        const mail = this.env.model('mail.mail').sudo().create({
          ...emailValues,
          subject: 'Password reset',
          email_from: object.reset_email_from || false,
          body_html: absoluteLinks(body, baseUrl(this)), body,
          template_xmlid: 'auth_signup.reset_password_email',
        });
        mail.send();
      }
      return true;
    }
    _mailRenderValues(): Vals {
      const user = this.sudo().withContext({ active_test: false });
      const id = user.ids[0];
      const v = user._values(['name', 'login', 'email', 'partner_id', 'company_id', 'create_uid']).get(id)!;
      const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number]);
      const createMode = !!this.env.context.create_user;
      const company = this.env.model('res.company').sudo().browse([v.company_id as number]);
      const cv: Vals = { ...(company._values(['name', 'phone', 'email', 'website', 'partner_id']).get(v.company_id as number) ?? {}) };
      cv.email_formatted = cv.email ? this.env.model('res.partner').sudo().browse([cv.partner_id as number]).get('email_formatted') : false;
      const inviter = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([typeof v.create_uid === 'number' ? v.create_uid : 1]);
      return {
        object: {
          id, name: v.name, login: v.login, email: v.email,
          email_formatted: partner.get('email_formatted'),
          // "Password reset" comes from the company, else from the user (auth_signup)
          reset_email_from: cv.email_formatted || partner.get('email_formatted'),
          signup_url: partner._signupUrl(createMode ? { signupEmail: String(v.email ?? '') } : {}),
          company_id: cv, create_uid: { name: inviter.get('name') },
          partner_id: { name: partner.get('name'), lang: partner.get('lang') },
        },
      };
    }
    _create(valsList: Vals[]): this {
      const records = super._create(valsList);
      // new users with an email get the invitation mail unless told otherwise
      if (!this.env.context.no_reset_password && !this.env.context.install_mode) {
        const withEmail = records.ids.filter((id) => records.sudo().browse([id]).get('email'));
        if (withEmail.length) {
          records.browse(withEmail).sudo().withContext({ ...this.env.context, create_user: true }).action_reset_password();
        }
      }
      return records;
    }
  },
};

/** res.config.settings, with the auth_signup settings (config_parameter fields). */
export const resConfigSettings: ModelDecl = {
  _name: 'res.config.settings',
  _description: 'Config Settings',
  _module: 'base',
  _transient: true,
  fields: {
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, default: (m: BaseModel) => m.env.companyInfo().companyId || 1 },
    auth_signup_reset_password: { type: 'boolean', string: 'Enable password reset from Login page' },
    auth_signup_uninvited: { type: 'selection', string: 'Customer Account', selection: [['b2b', 'On invitation'], ['b2c', 'Free sign up']], default: 'b2c' },
    auth_signup_template_user_id: { type: 'many2one', comodel: 'res.users', string: 'Template user for new users created through signup' },
    portal_allow_api_keys: { type: 'boolean', string: 'Customer API Keys' },
    // the other settings of the default module set (web, mail): kept on the wizard, no effect here
    web_app_name: { type: 'char', string: 'Web App Name' },
    alias_domain_id: { type: 'many2one', comodel: 'mail.alias.domain', string: 'Alias Domain', related: 'company_id.alias_domain_id', readonly: false },
    external_email_server_default: { type: 'boolean', string: 'Use Custom Email Servers' },
    fail_counter: { type: 'integer', string: 'Fail Mail', readonly: true },
    module_google_gmail: { type: 'boolean', string: 'Support Gmail Authentication' },
    module_microsoft_outlook: { type: 'boolean', string: 'Support Outlook Authentication' },
    restrict_template_rendering: { type: 'boolean', string: 'Restrict Template Rendering' },
    use_twilio_rtc_servers: { type: 'boolean', string: 'Use Twilio ICE servers' },
    twilio_account_sid: { type: 'char', string: 'Twilio Account SID' },
    twilio_account_token: { type: 'char', string: 'Twilio Account Auth Token' },
    sfu_server_url: { type: 'char', string: 'SFU Server URL' },
    sfu_server_key: { type: 'char', string: 'SFU Server key' },
    email_primary_color: { type: 'char', string: 'Email Header Color' },
    email_secondary_color: { type: 'char', string: 'Email Button Color' },
    tenor_api_key: { type: 'char', string: 'Tenor API key' },
    tenor_content_filter: { type: 'selection', string: 'Tenor content filter', selection: [['high', 'High'], ['medium', 'Medium'], ['low', 'Low'], ['off', 'Off']] },
    tenor_gif_limit: { type: 'integer', string: 'Tenor Gif Limit' },
    google_translate_api_key: { type: 'char', string: 'Message Translation API Key' },
  },
  rpc: {
    execute: { api: 'multi', params: [] },
    get_values: { api: 'model', params: [] },
    set_values: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    get_values(): Vals {
      return {
        auth_signup_reset_password: icp(this, 'auth_signup.reset_password') === 'True',
        auth_signup_uninvited: icp(this, 'auth_signup.invitation_scope') || 'b2b',
        auth_signup_template_user_id: Number(icp(this, 'base.template_portal_user_id') || 0) || false,
        portal_allow_api_keys: !!icp(this, 'portal.allow_api_keys') && icp(this, 'portal.allow_api_keys') !== 'False',
      };
    }
    default_get(fieldsList: unknown): Vals {
      const res = super.default_get(fieldsList);
      const current = this.get_values();
      const wanted = Array.isArray(fieldsList) ? fieldsList : [];
      for (const [k, v] of Object.entries(current)) if (wanted.includes(k)) res[k] = v;
      return res;
    }
    set_values(): boolean {
      const v = this.ensureOne()._values(['auth_signup_reset_password', 'auth_signup_uninvited', 'auth_signup_template_user_id', 'portal_allow_api_keys']).get(this.ids[0])!;
      const ICP = this.env.model('ir.config_parameter').sudo();
      ICP.set_param('auth_signup.reset_password', v.auth_signup_reset_password ? 'True' : 'False');
      ICP.set_param('auth_signup.invitation_scope', v.auth_signup_uninvited || 'b2b');
      if (v.auth_signup_template_user_id) ICP.set_param('base.template_portal_user_id', String(v.auth_signup_template_user_id));
      // a config_parameter boolean: unset when False (res.config.settings semantics)
      ICP.set_param('portal.allow_api_keys', v.portal_allow_api_keys ? 'True' : false);
      return true;
    }
    execute(): Vals {
      if (!this.env.su && !this.env.hasGroup('base.group_system')) throw new AccessError('Only administrators can change the settings');
      this.sudo().browse(this.ids).set_values();
      return { type: 'ir.actions.client', tag: 'reload' };
    }
  },
};

export const authSignupModels: ModelDecl[] = [partnerSignup, usersSignup, resConfigSettings];
