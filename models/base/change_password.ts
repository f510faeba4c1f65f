/**
 * base's check_identity decorator and the password wizards of Odoo 17's res_users.py:
 * change.password.own (the "Change Password" button of the preferences, behind the identity
 * check), change.password.wizard / change.password.user (the administrators' "Change Password"
 * action on the users list).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { checkReadAccess } from '../orm/security';
import { missingError } from '../tools/missing';

const IDENTITY_WINDOW = 10 * 60;

/**
 * check_identity: passes inside the 10-minute window after the last identity check of the web
 * session, else answers the "Security Control" wizard (res.users.identitycheck) that replays
 * the call once the password is confirmed. Outside HTTP requests it refuses.
 */
export function checkIdentity(model: BaseModel, method: string, args: unknown[] = []): Vals | null {
  const req = model.env.request;
  if (!req) throw new UserError('This method can only be accessed over HTTP');
  const last = req.identityCheckedAt();
  if (last !== null && model.env.cr.clock.now() / 1000 - last < IDENTITY_WINDOW) return null;
  const wiz = model.env.model('res.users.identitycheck').create({
    request: JSON.stringify({ model: model._name, method, args: [model.ids, ...args] }),
  });
  return {
    type: 'ir.actions.act_window', res_model: 'res.users.identitycheck', res_id: wiz.ids[0],
    name: 'Security Control', target: 'new', views: [[false, 'form']],
  };
}

/** res.users.preference_change_password: the own-password wizard, behind the identity check. */
export const usersChangePassword: ModelDecl = {
  _inherit: 'res.users',
  rpc: { preference_change_password: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    preference_change_password(): Vals {
      const need = checkIdentity(this, 'preference_change_password');
      if (need) return need;
      return { type: 'ir.actions.act_window', target: 'new', res_model: 'change.password.own', view_mode: 'form' };
    }
  },
};

export const changePasswordOwn: ModelDecl = {
  _name: 'change.password.own',
  _description: 'User, change own password wizard',
  _transient: true,
  fields: {
    new_password: { type: 'char', string: 'New Password' },
    confirm_password: { type: 'char', string: 'New Password (Confirmation)' },
  },
  constrains: { _check_password_confirmation: ['new_password', 'confirm_password'] },
  rpc: { change_password: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    _check_password_confirmation(): void {
      for (const id of this.ids) {
        const v = this.browse([id])._values(['new_password', 'confirm_password']).get(id)!;
        if (v.confirm_password !== v.new_password) throw new ValidationError('The new password and its confirmation must be identical.');
      }
    }
    change_password(): Vals {
      const need = checkIdentity(this, 'change_password');
      if (need) return need;
      const password = this.ensureOne().get('new_password');
      this.env.model('res.users').sudo().browse([this.env.uid])._changePassword(password || '');
      this.unlink();
      // the session id changes with the password: the web client reloads
      return { type: 'ir.actions.client', tag: 'reload' };
    }
  },
};

export const changePasswordWizard: ModelDecl = {
  _name: 'change.password.wizard',
  _description: 'Change Password Wizard',
  _transient: true,
  fields: {
    user_ids: {
      type: 'one2many', comodel: 'change.password.user', inverse_name: 'wizard_id', string: 'Users',
      // one line per user of the list the action was started from
      default: (m: BaseModel) => {
        const ctx = m.env.context;
        const ids = ctx.active_model === 'res.users' && Array.isArray(ctx.active_ids) ? ctx.active_ids as number[] : [];
        const users = m.env.model('res.users').browse(ids);
        return users.ids.map((id) => [0, 0, { user_id: id, user_login: users.browse([id]).get('login') }]);
      },
    },
  },
  rpc: { change_password_button: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    change_password_button(): Vals {
      this.ensureOne();
      // Odoo reads the wizard's lines as the caller: only Access Rights managers get through
      checkReadAccess(this);
      const lines = this.rel('user_ids') as BaseModel & { change_password_button(): null };
      lines.change_password_button();
      const users = lines.mapped('user_id');
      return users.includes(this.env.uid) ? { type: 'ir.actions.client', tag: 'reload' } : { type: 'ir.actions.act_window_close' };
    }
  },
};

export const changePasswordUser: ModelDecl = {
  _name: 'change.password.user',
  _description: 'User, Change Password Wizard',
  _transient: true,
  fields: {
    wizard_id: { type: 'many2one', comodel: 'change.password.wizard', string: 'Wizard', required: true, ondelete: 'cascade' },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', required: true, ondelete: 'cascade' },
    user_login: { type: 'char', string: 'User Login', readonly: true },
    new_passwd: { type: 'char', string: 'New Password', default: '' },
  },
  rpc: { change_password_button: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    change_password_button(): null {
      checkReadAccess(this);
      const found = this._values(['new_passwd', 'user_id']);
      for (const id of this.ids) {
        const v = found.get(id);
        if (!v) throw missingError(this, [id]);
        if (v.new_passwd) this.env.model('res.users').browse([v.user_id as number])._changePassword(String(v.new_passwd));
      }
      // temporary passwords are not kept
      this.write({ new_passwd: false });
      return null;
    }
  },
};
