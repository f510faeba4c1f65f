/**
 * ir.filters (odoo/addons/base/models/ir_filters.py): saved searches per model, user and action;
 * get_filters and create_or_replace as the web client calls them.
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import { param } from '../orm/signature';
import { UserError } from '../orm/exceptions';
import * as security from '../orm/security';
import { translatedSql } from '../orm/translate';

export const irFilters: ModelDecl = {
  _name: 'ir.filters',
  _description: 'Filters',
  _order: 'model_id, name, id desc',
  fields: {
    name: { type: 'char', string: 'Filter Name', required: true },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', ondelete: 'cascade', help: 'The user this filter is private to. When left empty the filter is public and available to all users.' },
    domain: { type: 'text', string: 'Domain', default: '[]', required: true },
    context: { type: 'text', string: 'Context', default: '{}', required: true },
    sort: { type: 'text', string: 'Sort', default: '[]', required: true },
    model_id: { type: 'selection', string: 'Model', required: true, selection: (env: any) => env.cr.all(`SELECT model, ${translatedSql('name', env)} AS name FROM ir_model ORDER BY 2`).map((r: { model: string; name: string }) => [r.model, r.name]) },
    is_default: { type: 'boolean', string: 'Default Filter' },
    action_id: { type: 'many2one', comodel: 'ir.actions.actions', string: 'Action', ondelete: 'cascade', help: 'The menu action this filter applies to. When left empty the filter applies to all menus for this model.' },
    active: { type: 'boolean', string: 'Active', default: true },
  },
  _sql_constraints: [['name_model_uid_unique', 'unique (model_id, user_id, action_id, name)', 'Filter names must be unique']],
  rpc: {
    get_filters: { api: 'model', params: ['model', param('action_id', null)] },
    create_or_replace: { api: 'model', params: ['vals'], returns: 'id' },
  },
  methods: (Base) => class extends Base {
    write(vals: unknown): boolean {
      const res = super.write(vals);
      security.checkAccessRule(this, 'write');
      return res;
    }

    copy(defaultVals: unknown = null): this {
      this.ensureOne();
      return super.copy({ ...((defaultVals ?? {}) as Vals), name: `${this.get('name')} (copy)` });
    }

    _get_action_domain(actionId: unknown = null): Domain {
      return actionId ? [['action_id', 'in', [actionId, false]]] : [['action_id', '=', false]];
    }

    get_filters(model: unknown, actionId: unknown = null): Vals[] {
      return this.search_read([...this._get_action_domain(actionId), ['model_id', '=', model], ['user_id', 'in', [this.env.uid, false]]],
        ['name', 'is_default', 'domain', 'context', 'user_id', 'sort']);
    }

    _check_global_default(vals: Vals, matching: Vals[]): void {
      const defaults = this.search([...this._get_action_domain(vals.action_id), ['model_id', '=', vals.model_id], ['user_id', '=', false], ['is_default', '=', true]]);
      if (!defaults.ids.length) return;
      if (matching.length && matching[0].id === defaults.ids[0]) return;
      throw new UserError(`There is already a shared filter set as default for ${vals.model_id}, delete or change it before setting a new default`);
    }

    create_or_replace(given: unknown): this {
      const vals = { ...(given as Vals) };
      const actionId = vals.action_id ?? null;
      const current = this.get_filters(vals.model_id, actionId);
      const matching = current.filter((f) => String(f.name).toLowerCase() === String(vals.name).toLowerCase()
        && ((Array.isArray(f.user_id) ? f.user_id[0] : f.user_id) || false) === (vals.user_id || false));
      if (vals.is_default) {
        if (vals.user_id) {
          const defaults = this.search([...this._get_action_domain(actionId), ['model_id', '=', vals.model_id], ['user_id', '=', vals.user_id], ['is_default', '=', true]]);
          if (defaults.ids.length) defaults.write({ is_default: false });
        } else this._check_global_default(vals, matching);
      }
      if (matching.length) {
        const rec = this.browse([matching[0].id as number]);
        rec.write(vals);
        return rec;
      }
      return this.create(vals);
    }
  },
};
