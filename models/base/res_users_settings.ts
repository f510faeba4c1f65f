/**
 * res.users.settings (odoo/addons/base/models/res_users_settings.py, extended by mail): one row
 * of personal settings per user, created on first use (_find_or_create_for_user).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';

export const resUsersSettings: ModelDecl = {
  _name: 'res.users.settings',
  _description: 'User Settings',
  _rec_name: 'user_id',
  fields: {
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', required: true, readonly: true, ondelete: 'cascade', domain: [['res_users_settings_id', '=', false]] },
  },
  _sql_constraints: [['unique_user_id', 'UNIQUE(user_id)', 'One user should only have one user settings.']],
  rpc: {
    set_res_users_settings: { api: 'multi', params: ['new_settings'] },
  },
  methods: (Base) => class extends Base {
    /** The settings of a user, created when missing. */
    _find_or_create_for_user(user: BaseModel | number): BaseModel {
      const uid = typeof user === 'number' ? user : user.ids[0];
      const Settings = this.sudo();
      const ids = Settings._searchIds([['user_id', '=', uid]], { limit: 1 });
      return ids.length ? Settings.browse(ids) : Settings.create({ user_id: uid });
    }

    _res_users_settings_format(fieldsToFormat: string[] | null = null): Vals {
      this.ensureOne();
      const names = fieldsToFormat ?? Object.keys(this.cls._fields).filter((f) => !['create_uid', 'create_date', 'write_uid', 'write_date', 'display_name'].includes(f));
      const [row] = this.read(names.filter((f) => this.cls._fields[f]?.type !== 'one2many'), '_classic_read');
      const out: Vals = { ...row };
      if (Array.isArray(out.user_id)) out.user_id = { id: out.user_id[0] };
      return out;
    }

    set_res_users_settings(newSettings: unknown): Vals {
      this.ensureOne();
      const given = (newSettings ?? {}) as Vals;
      const changed: Vals = {};
      for (const [k, v] of Object.entries(given)) {
        const f = this.cls._fields[k];
        if (f && !['id', 'user_id'].includes(k) && !f.spec.compute) changed[k] = v;
      }
      this.write(changed);
      return { ...this._res_users_settings_format(Object.keys(changed)), id: this.ids[0] };
    }
  },
};

/** mail's res.users.settings fields (addons/mail/models/res_users_settings.py). */
export const resUsersSettingsMail: ModelDecl = {
  _inherit: 'res.users.settings',
  fields: {
    is_discuss_sidebar_category_channel_open: { type: 'boolean', string: 'Is discuss sidebar category channel open?', default: true },
    is_discuss_sidebar_category_chat_open: { type: 'boolean', string: 'Is discuss sidebar category chat open?', default: true },
    push_to_talk_key: { type: 'char', string: 'Push-To-Talk shortcut', help: 'String formatted to represent a key with modifiers following this pattern: shift.ctrl.alt.key, e.g: truthy.1.true.b' },
    use_push_to_talk: { type: 'boolean', string: 'Use the push to talk feature', default: false },
    voice_active_duration: { type: 'integer', string: 'Duration of voice activity in ms', default: 200, help: 'How long the audio broadcast will remain active after passing the volume threshold' },
  },
};

/** res.users.settings_id on users (base res_users.py). */
export const resUsersSettingsLink: ModelDecl = {
  _inherit: 'res.users',
  fields: {
    res_users_settings_ids: { type: 'one2many', comodel: 'res.users.settings', inverse_name: 'user_id', string: 'Res Users Settings' },
    res_users_settings_id: { type: 'many2one', comodel: 'res.users.settings', string: 'Settings', compute: '_compute_res_users_settings_id', search: '_search_res_users_settings_id' },
  },
  methods: (Base) => class extends Base {
    _compute_res_users_settings_id(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) out.set(id, this.env.cr.get<{ id: number }>('SELECT id FROM res_users_settings WHERE user_id = ?', [id])?.id ?? false);
      return out;
    }

    _search_res_users_settings_id(operator: string, value: unknown): unknown[] {
      return [['res_users_settings_ids', operator, value]];
    }
  },
};
