/**
 * portal addon: the "Grant portal access" wizard (portal.wizard / portal.wizard.user) with
 * Odoo 17's validations and messages, the invitation mail (portal.md §1), and portal's
 * website_message_ids on mail.thread. The note on a partner whose portal access changes is
 * mail's (models/mail/res_partner.ts).
 */
import type { Field } from '../orm/fields';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { normalizeEmail } from '../base/res_partner';
import { checkAccessRights } from '../orm/security';
import { portalMixin } from './portal_mixin';

export const portalWizard: ModelDecl = {
  _name: 'portal.wizard',
  _description: 'Grant Portal Access',
  _transient: true,
  fields: {
    partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'portal_wizard_res_partner_rel', column1: 'portal_wizard_id', column2: 'res_partner_id', string: 'Partners', default: (m: BaseModel) => defaultPartnerIds(m) },
    user_ids: { type: 'one2many', comodel: 'portal.wizard.user', inverse_name: 'wizard_id', string: 'Users' },
    welcome_message: { type: 'text', string: 'Invitation Message', help: 'This text is included in the email sent to new users of the portal.' },
  },
  rpc: {
    action_open_wizard: { api: 'model', params: [] },
    action_refresh_modal: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _create(valsList: Vals[]): this {
      const records = super._create(valsList);
      // user_ids is computed from partner_ids: one line per partner
      for (const id of records.ids) {
        const wiz = records.sudo().browse([id]);
        const existing = new Set([...wiz.rel('user_ids')._values(['partner_id']).values()].map((v) => v.partner_id));
        for (const pid of wiz.get('partner_ids') as number[]) {
          if (existing.has(pid)) continue;
          const email = this.env.model('res.partner').sudo().browse([pid]).get('email');
          this.env.model('portal.wizard.user').sudo().create({ wizard_id: id, partner_id: pid, email });
        }
      }
      return records;
    }
    action_open_wizard(): Vals {
      const wizard = this.create({});
      return wizard._actionOpenModal();
    }
    _actionOpenModal(): Vals {
      return { type: 'ir.actions.act_window', name: 'Portal Access Management', res_model: 'portal.wizard', view_mode: 'form', res_id: this.ids[0], views: [[false, 'form']], target: 'new' };
    }
    action_refresh_modal(): Vals {
      return this.ensureOne()._actionOpenModal();
    }
  },
};

/** context default_partner_ids / active_ids, plus each partner's contact/other children. */
function defaultPartnerIds(m: BaseModel): number[] {
  const ctx = m.env.context;
  const given = (Array.isArray(ctx.default_partner_ids) ? ctx.default_partner_ids : Array.isArray(ctx.active_ids) ? ctx.active_ids : [])
    .filter((x): x is number => typeof x === 'number');
  const out = new Set<number>();
  const P = m.env.model('res.partner').sudo();
  for (const pid of given) {
    if (!P.browse([pid]).exists().ids.length) continue;
    out.add(pid);
    for (const child of P.withContext({ active_test: true })._searchIds([['parent_id', '=', pid], ['type', 'in', ['contact', 'other']]])) out.add(child);
  }
  return [...out];
}

export const portalWizardUser: ModelDecl = {
  _name: 'portal.wizard.user',
  _description: 'Portal User Config',
  _transient: true,
  fields: {
    wizard_id: { type: 'many2one', comodel: 'portal.wizard', string: 'Wizard', required: true, ondelete: 'cascade' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Contact', required: true, readonly: true, ondelete: 'cascade' },
    email: { type: 'char', string: 'Email' },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', compute: '_compute_user_id', compute_sudo: true },
    login_date: { type: 'datetime', string: 'Latest Authentication', compute: '_compute_login_date' },
    is_portal: { type: 'boolean', string: 'Is Portal', compute: '_compute_group_details' },
    is_internal: { type: 'boolean', string: 'Is Internal', compute: '_compute_group_details' },
    email_state: { type: 'selection', string: 'Status', compute: '_compute_email_state', selection: [['ok', 'Valid'], ['ko', 'Invalid'], ['exist', 'Already Registered']], default: 'ok' },
  },
  rpc: {
    action_grant_access: { api: 'multi', params: [] },
    action_revoke_access: { api: 'multi', params: [] },
    action_invite_again: { api: 'multi', params: [] },
    action_refresh_modal: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_user_id(): Map<number, unknown> {
      const vals = this._values(['partner_id']);
      return new Map(this.ids.map((id) => {
        const row = this.env.cr.get<{ id: number }>('SELECT id FROM res_users WHERE partner_id = ? ORDER BY id LIMIT 1', [vals.get(id)?.partner_id as number]);
        return [id, row?.id ?? false];
      }));
    }
    _compute_login_date(): Map<number, unknown> {
      const users = this._compute_user_id();
      return new Map(this.ids.map((id) => {
        const uid = users.get(id);
        return [id, uid ? this.env.model('res.users').sudo().withContext({ active_test: false }).browse([uid as number]).get('login_date') : false];
      }));
    }
    _compute_group_details(field: Field): Map<number, unknown> {
      const users = this._compute_user_id();
      return new Map(this.ids.map((id) => {
        const uid = users.get(id) as number | false;
        if (!uid) return [id, false];
        const internal = this.env.hasGroup('base.group_user', uid);
        const portal = !internal && this.env.hasGroup('base.group_portal', uid);
        return [id, field.name === 'is_internal' ? internal : portal];
      }));
    }
    _compute_email_state(): Map<number, unknown> {
      const vals = this._values(['email']);
      const users = this._compute_user_id();
      return new Map(this.ids.map((id) => {
        const email = normalizeEmail(String(vals.get(id)?.email || ''));
        if (!email) return [id, 'ko'];
        const other = this.env.cr.get<{ id: number }>('SELECT id FROM res_users WHERE login = ? AND id IS NOT ?', [email, (users.get(id) as number | false) || null]);
        return [id, other ? 'exist' : 'ok'];
      }));
    }
    _info(): { partner: AnyModel; name: string; email: string | false; state: string; userId: number | false; isPortal: boolean; isInternal: boolean } {
      const rec = this.ensureOne().sudo();
      const v = rec._values(['partner_id', 'email', 'email_state', 'user_id', 'is_portal', 'is_internal']).get(this.ids[0])!;
      const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number]);
      return {
        partner, name: String(partner.get('name') || ''), email: normalizeEmail(String(v.email || '')),
        state: String(v.email_state), userId: v.user_id as number | false, isPortal: !!v.is_portal, isInternal: !!v.is_internal,
      };
    }
    _assertUserEmailUniqueness(): void {
      const i = this._info();
      if (i.state === 'ko') throw new UserError(`The contact "${i.name}" does not have a valid email.`);
      if (i.state === 'exist') throw new UserError(`The contact "${i.name}" has the same email as an existing user`);
    }
    _updatePartnerEmail(): void {
      const i = this._info();
      if (i.state === 'ok' && i.email && i.email !== i.partner.get('email')) i.partner._write({ email: i.email });
    }
    action_grant_access(): Vals {
      this._checkWizardAccess();
      this._assertUserEmailUniqueness();
      let i = this._info();
      if (i.isPortal || i.isInternal) throw new UserError(`The partner "${i.name}" already has the portal access.`);
      this._updatePartnerEmail();
      i = this._info();
      const groupPortal = this.env.refId('base.group_portal');
      const groupPublic = this.env.refId('base.group_public');
      let user: AnyModel;
      if (!i.userId) {
        const companyId = (i.partner.get('company_id') as number | false) || this.env.companyInfo().companyId || 1;
        user = this.env.model('res.users').sudo().withContext({ ...this.env.context, no_reset_password: true })
          ._createUserFromTemplate({ email: i.email, login: i.email, partner_id: i.partner.ids[0], company_id: companyId, company_ids: [[6, 0, [companyId]]] });
      } else {
        user = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([i.userId]);
      }
      const active = user.get('active');
      if (!active || !this.env.hasGroup('base.group_portal', user.ids[0])) {
        user.write({ active: true, groups_id: [[4, groupPortal], [3, groupPublic]] });
        i.partner.signup_prepare();
      }
      this.withContext({ ...this.env.context, active_test: true })._sendEmail();
      return this.action_refresh_modal();
    }
    action_revoke_access(): Vals {
      this._checkWizardAccess();
      const i = this._info();
      if (!i.isPortal) throw new UserError(`The partner "${i.name}" has no portal access or is internal.`);
      this._updatePartnerEmail();
      i.partner._write({ signup_token: false });
      if (i.userId && this.env.hasGroup('base.group_portal', i.userId)) {
        const user = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([i.userId]);
        user.write({ groups_id: [[3, this.env.refId('base.group_portal')], [4, this.env.refId('base.group_public')]], active: false });
      }
      return this.action_refresh_modal();
    }
    action_invite_again(): Vals {
      this._checkWizardAccess();
      this._assertUserEmailUniqueness();
      const i = this._info();
      if (!i.isPortal) throw new UserError(`You should first grant the portal access to the partner "${i.name}".`);
      this._updatePartnerEmail();
      this._sendEmail();
      return this.action_refresh_modal();
    }
    action_refresh_modal(): Vals {
      const wiz = this.ensureOne().sudo().get('wizard_id') as number;
      return this.env.model('portal.wizard').browse([wiz]).action_refresh_modal();
    }
    _checkWizardAccess(): void {
      // the buttons write res.users in sudo: only users allowed to use the wizard may press them
      checkAccessRights(this, 'write');
    }
    _sendEmail(): void {
      const template = this.env.ref('portal.mail_template_data_portal_welcome', false);
      if (!template) throw new UserError('The template "Portal: new user" not found for sending email to the portal user.');
      const i = this._info();
      i.partner.signup_prepare();
      template.sudo().withContext({ ...this.env.context, dbname: this.env.dbName }).send_mail(this.ids[0], true);
    }
    _mailRenderValues(): Vals {
      const rec = this.sudo();
      const v = rec._values(['partner_id', 'wizard_id', 'user_id']).get(this.ids[0])!;
      const user = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([v.user_id as number]);
      const uv = user._values(['name', 'login', 'email', 'company_id']).get(user.ids[0]) ?? {};
      const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number]);
      const company = this.env.model('res.company').sudo().browse([uv.company_id as number]);
      const cv = company._values(['name', 'phone', 'email', 'website']).get(uv.company_id as number) ?? {};
      const wiz = this.env.model('portal.wizard').sudo().browse([v.wizard_id as number]);
      return {
        object: {
          id: this.ids[0],
          partner_id: { name: partner.get('name'), lang: partner.get('lang') },
          wizard_id: { welcome_message: wiz.get('welcome_message') || '' },
          user_id: {
            name: uv.name, login: uv.login, company_id: cv,
            email_formatted: partner.get('email_formatted'),
            signup_url: partner._signupUrl(),
          },
        },
      };
    }
  },
};

/** portal's mail.thread: the messages a portal page shows (comments and emails). */
export const portalThread: ModelDecl = {
  _inherit: 'mail.thread',
  fields: {
    website_message_ids: {
      type: 'one2many', comodel: 'mail.message', inverse_name: 'res_id', string: 'Website Messages', auto_join: true,
      domain: [['message_type', 'in', ['comment', 'email', 'email_outgoing']]], help: 'Website communication history',
    },
  },
};

export const portalModels: ModelDecl[] = [portalWizard, portalWizardUser, portalThread, portalMixin];
