/**
 * Installing languages as Odoo 17 does (base/models/res_lang.py, base/wizard/base_language_install.py):
 * a language is a res.lang record made active; installing it also loads its translations.
 *
 * - base.language.install (lang_ids, overwrite, first_lang_id; lang_install, switch_lang, reload)
 * - res.lang: get_installed, get_available, toggle_active loading translations,
 *   action_activate_langs. A plain write of active=True activates without loading translations,
 *   like Odoo's.
 *
 * Odoo loads translations from each module's i18n/<lang>.po. This emulator has no .po files:
 * country names come from ICU's region names (lang_data.ts); other records keep their en_US values.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { installedLangs } from '../orm/field_translations';
import { loadTranslations } from './lang_data';
import { checkAccessRights, checkReadAccess } from '../orm/security';
import { missingError } from '../tools/missing';

/** The notification Odoo answers after activating several languages (text as in Odoo 17's wizard). */
const INSTALLED_MESSAGE = 'The languages that you selected have been successfully installed.'
  // the wizard's string continues a source line: the next line's indentation is part of it
  + ' '.repeat(28) + 'Users can choose their favorite language in their preferences.';
const ACTIVATED_MESSAGE = 'The languages that you selected have been successfully installed. Users can choose their favorite language in their preferences.';

export const resLangInstall: ModelDecl = {
  _inherit: 'res.lang',
  rpc: {
    get_installed: { api: 'model', params: [] },
    get_available: { api: 'model', params: [] },
    get_sorted: { api: 'multi', params: [] },
    action_activate_langs: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** [(code, name)] of the active languages, sorted by name. */
    get_installed(): Array<[string, string]> {
      return installedLangs(this);
    }

    /** [(code, url_code, name, active, flag_image_url)] of every language, sorted by name. */
    get_available(): unknown[][] {
      return this.withContext({ ...this.env.context, active_test: false }).sudo().search([]).get_sorted();
    }

    get_sorted(): unknown[][] {
      const vals = this._values(['code', 'url_code', 'name', 'active', 'flag_image_url']);
      return this.ids.map((id) => vals.get(id)!).map((v) => [v.code, v.url_code, v.name, v.active, v.flag_image_url])
        .sort((a, b) => (String(a[2]) < String(b[2]) ? -1 : String(a[2]) > String(b[2]) ? 1 : 0));
    }

    /** The language of `code`, activated (not its translations); empty when unknown. */
    _activate_lang(code: string): BaseModel {
      const lang = this.withContext({ ...this.env.context, active_test: false }).search([['code', '=', code]]);
      if (lang.ids.length && !lang.get('active')) lang.write({ active: true });
      return lang;
    }

    /** Archiving/unarchiving; the languages it activates get their translations. */
    toggle_active(): null {
      super.toggle_active();
      const vals = this._values(['code', 'active']);
      const codes = this.ids.filter((id) => vals.get(id)?.active).map((id) => vals.get(id)!.code as string);
      if (codes.length) loadTranslations(this.env, codes, false);
      return null;
    }

    /** Odoo 17's res.lang.write guards: the code is fixed, a language in use stays active. */
    write(vals: unknown): boolean {
      const v = (vals && typeof vals === 'object' ? vals : {}) as Vals;
      const codes = this.mapped('code') as string[];
      if ('code' in v && codes.some((c) => c !== v.code)) throw new UserError('Language code cannot be modified.');
      if (v.active === false || v.active === 0) {
        const inUse = (model: string, activeTest: boolean) => this.env.model(model).withContext({ ...this.env.context, active_test: activeTest })
          .search_count([['lang', 'in', codes]], 1) > 0;
        if (inUse('res.users', true)) throw new UserError('Cannot deactivate a language that is currently used by users.');
        if (inUse('res.partner', true)) throw new UserError('Cannot deactivate a language that is currently used by contacts.');
        if (inUse('res.users', false)) throw new UserError('You cannot archive the language in which Odoo was setup as it is used by automated processes.');
        // the partners' default language may not point to an inactive one
        (this.env.model('ir.default') as BaseModel & { discard_values(m: string, f: string, v: unknown[]): boolean }).discard_values('res.partner', 'lang', codes);
      }
      return super.write(vals);
    }

    /** Odoo 17's _unlink_except_default_lang. */
    _ondelete(): void {
      super._ondelete();
      const vals = this._values(['code', 'active']);
      for (const id of this.ids) {
        const v = vals.get(id);
        if (!v) continue;
        if (v.code === 'en_US') throw new UserError("Base Language 'en_US' can not be deleted.");
        if (this.env.context.lang && v.code === this.env.context.lang) throw new UserError("You cannot delete the language which is the user's preferred language.");
        if (v.active) throw new UserError('You cannot delete the language which is Active!\nPlease de-activate the language first.');
      }
    }

    action_activate_langs(): Vals {
      const vals = this._values(['active']);
      for (const id of this.ids) if (!vals.get(id)?.active) this.browse([id]).toggle_active();
      return {
        type: 'ir.actions.client', tag: 'display_notification', target: 'new',
        params: { message: ACTIVATED_MESSAGE, type: 'success', sticky: false, next: { type: 'ir.actions.act_window_close' } },
      };
    }
  },
};

export const baseLanguageInstall: ModelDecl = {
  _name: 'base.language.install',
  _description: 'Install Language',
  _transient: true,
  fields: {
    lang_ids: {
      type: 'many2many', comodel: 'res.lang', relation: 'res_lang_install_rel', column1: 'language_wizard_id', column2: 'lang_id',
      string: 'Languages', required: true, context: { active_test: false },
      // the languages selected in the list the "Update Terms" action starts from
      default: (m: BaseModel) => {
        const ctx = m.env.context;
        // Odoo's default is False, which default_get answers as an empty [(6, 0, [])]
        if (ctx.active_model !== 'res.lang') return [];
        return Array.isArray(ctx.active_ids) && ctx.active_ids.length ? ctx.active_ids : [ctx.active_id];
      },
    },
    overwrite: {
      type: 'boolean', string: 'Overwrite Existing Terms', default: true,
      help: 'If you check this box, your customized translations will be overwritten and replaced by the official ones.',
    },
    first_lang_id: {
      type: 'many2one', comodel: 'res.lang', compute: '_compute_first_lang_id',
      help: 'Used when the user only selects one language and is given the option to switch to it',
    },
  },
  rpc: {
    lang_install: { api: 'multi', params: [] },
    reload: { api: 'multi', params: [] },
    switch_lang: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_first_lang_id(): Map<number, unknown> {
      const vals = this._values(['lang_ids']);
      return new Map(this.ids.map((id) => [id, (vals.get(id)?.lang_ids as number[] | undefined)?.[0] ?? false]));
    }

    /** Activate the selected languages and load their translations. */
    lang_install(): Vals {
      this.ensureOne();
      // as the caller, in Odoo's order: the installed modules are searched, then the wizard read
      checkAccessRights(this.env.model('ir.module.module'), 'read');
      checkReadAccess(this);
      const v = this._values(['lang_ids', 'overwrite']).get(this.ids[0]);
      if (!v) throw missingError(this, this.ids);
      const langs = this.env.model('res.lang').browse(v.lang_ids as number[]);
      langs.write({ active: true });
      loadTranslations(this.env, langs.mapped('code') as string[], !!v.overwrite);
      if (langs.ids.length === 1) {
        return {
          type: 'ir.actions.act_window', res_model: 'base.language.install', res_id: this.ids[0], view_mode: 'form', target: 'new',
          views: [[this.env.refId('base.language_install_view_form_lang_switch'), 'form']],
        };
      }
      return {
        type: 'ir.actions.client', tag: 'display_notification', context: { ...this.env.context, active_ids: this.ids }, target: 'new',
        params: { message: INSTALLED_MESSAGE, type: 'success', sticky: false, next: { type: 'ir.actions.act_window_close' } },
      };
    }

    reload(): Vals {
      return { type: 'ir.actions.client', tag: 'reload' };
    }

    /** Make the first installed language the user's. */
    switch_lang(): Vals {
      checkReadAccess(this.ensureOne());
      const first = this.rel('first_lang_id');
      this.env.user.write({ lang: first.ids.length ? first.get('code') : false });
      return { type: 'ir.actions.client', tag: 'reload_context' };
    }
  },
};
