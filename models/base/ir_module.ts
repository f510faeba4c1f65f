/**
 * The module list of a database: ir.module.category, ir.module.module with its dependencies
 * and exclusions, and the Apps screen's wizards (base.module.upgrade / update / uninstall).
 * The buttons change module states and apply them like Odoo 17's ir_module.py; the work itself
 * is models/modules/loading.ts.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { AccessDenied, AccessError, UserError, ValidationError } from '../orm/exceptions';
import { checkAccessRights } from '../orm/security';
import { applyModuleStates, markToInstall, modulesInState, SERVER_WIDE_MODULES, syncModuleList, type ModuleHost } from '../modules/loading';
import { log } from '../tools/log';
import type { Field } from '../orm/fields';
import fs from 'fs';
import path from 'path';
import { FIXTURES_DIR } from '../paths';

let iconData: string | null = null;
/** The module icon, base64 (read once). */
function moduleIcon(): string {
  return (iconData ??= fs.readFileSync(path.join(FIXTURES_DIR, 'base', 'static', 'img', 'module_icon.png')).toString('base64'));
}

const STATES: Array<[string, string]> = [
  ['uninstallable', 'Uninstallable'], ['uninstalled', 'Not Installed'], ['installed', 'Installed'],
  ['to upgrade', 'To be upgraded'], ['to remove', 'To be removed'], ['to install', 'To be installed'],
];
const DEP_STATES: Array<[string, string]> = [...STATES, ['unknown', 'Unknown']];

const LICENSES: Array<[string, string]> = [
  ['GPL-2', 'GPL Version 2'], ['GPL-2 or any later version', 'GPL-2 or later version'], ['GPL-3', 'GPL Version 3'],
  ['GPL-3 or any later version', 'GPL-3 or later version'], ['AGPL-3', 'Affero GPL-3'], ['LGPL-3', 'LGPL Version 3'],
  ['Other OSI approved licence', 'Other OSI Approved License'], ['OEEL-1', 'Odoo Enterprise Edition License v1.0'],
  ['OPL-1', 'Odoo Proprietary License v1.0'], ['Other proprietary', 'Other Proprietary'],
];

/** The wizard action the non-immediate buttons answer (ir_module.py ACTION_DICT). */
function upgradeWizardAction(name: string): Vals {
  return { view_mode: 'form', res_model: 'base.module.upgrade', target: 'new', type: 'ir.actions.act_window', name };
}

function hostOf(m: BaseModel): ModuleHost {
  const host = m.env.cr.host;
  if (!host) throw new UserError('The method _button_immediate_install cannot be called on init or non loaded registries. Please use button_install instead.');
  return host;
}

/**
 * Module buttons are for administrators (Access Rights managers), as Odoo's
 * assert_log_admin_access: others get AccessDenied, and both cases are logged.
 */
function assertAdmin(m: BaseModel, method: string): void {
  const env = m.env;
  const allowed = env.su || env.uid === 1 || env.hasGroup('base.group_erp_manager');
  const names = m.ids.length ? (m.sudo() as BaseModel)._values(['name']) : new Map();
  const list = `[${m.ids.map((id) => `'${String(names.get(id)?.name ?? '')}'`).join(', ')}]`;
  const login = env.cr.get<{ login: string }>('SELECT login FROM res_users WHERE id = ?', [env.uid])?.login ?? '';
  const origin = env.request?.remoteAddr ?? 'n/a';
  log(allowed ? 'info' : 'warn', 'odoo.addons.base.models.ir_module',
    `${allowed ? 'ALLOW' : 'DENY'} access to module.${method} on ${list} to user ${login} ${allowed ? '#' : 'ID #'}${env.uid} via ${origin}`, env.dbName);
  if (!allowed) throw new AccessDenied();
}

export const irModuleCategory: ModelDecl = {
  _name: 'ir.module.category',
  _description: 'Application',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true, index: true },
    parent_id: { type: 'many2one', comodel: 'ir.module.category', string: 'Parent Application', index: true },
    child_ids: { type: 'one2many', comodel: 'ir.module.category', inverse_name: 'parent_id', string: 'Child Applications' },
    module_ids: { type: 'one2many', comodel: 'ir.module.module', inverse_name: 'category_id', string: 'Modules' },
    description: { type: 'text', string: 'Description', translate: true },
    sequence: { type: 'integer', string: 'Sequence' },
    visible: { type: 'boolean', string: 'Visible', default: true },
    exclusive: { type: 'boolean', string: 'Exclusive' },
    xml_id: { type: 'char', string: 'External ID', compute: '_compute_xml_id' },
  },
  constrains: { _check_parent_not_circular: ['parent_id'] },
  methods: (Base) => class extends Base {
    _compute_xml_id(): Map<number, unknown> {
      const out = new Map<number, unknown>(this.ids.map((id) => [id, '']));
      if (!this.ids.length) return out;
      const rows = this.env.cr.all<{ module: string; name: string; res_id: number }>(
        `SELECT module, name, res_id FROM ir_model_data WHERE model = 'ir.module.category' AND res_id IN (${this.ids.map(() => '?').join(',')}) ORDER BY id`, this.ids);
      for (const r of rows) if (out.get(r.res_id) === '') out.set(r.res_id, `${r.module}.${r.name}`);
      return out;
    }
    _check_parent_not_circular(): void {
      if (this._hasCycle('parent_id')) throw new ValidationError('Error ! You cannot create recursive categories.');
    }
  },
};

export const irModuleModule: ModelDecl = {
  _name: 'ir.module.module',
  _description: 'Module',
  _rec_name: 'shortdesc',
  _rec_names_search: ['name', 'shortdesc', 'summary'],
  _order: 'application desc,sequence,name',
  fields: {
    name: { type: 'char', string: 'Technical Name', readonly: true, required: true },
    category_id: { type: 'many2one', comodel: 'ir.module.category', string: 'Category', readonly: true, index: true },
    shortdesc: { type: 'char', string: 'Module Name', readonly: true, translate: true },
    summary: { type: 'char', string: 'Summary', readonly: true, translate: true },
    description: { type: 'text', string: 'Description', readonly: true, translate: true },
    description_html: { type: 'html', string: 'Description HTML', compute: '_get_desc' },
    author: { type: 'char', string: 'Author', readonly: true },
    maintainer: { type: 'char', string: 'Maintainer', readonly: true },
    contributors: { type: 'text', string: 'Contributors', readonly: true },
    website: { type: 'char', string: 'Website', readonly: true },
    installed_version: { type: 'char', string: 'Latest Version', compute: '_get_latest_version' },
    latest_version: { type: 'char', string: 'Installed Version', readonly: true },
    published_version: { type: 'char', string: 'Published Version', readonly: true },
    url: { type: 'char', string: 'URL', readonly: true },
    sequence: { type: 'integer', string: 'Sequence', default: 100 },
    dependencies_id: { type: 'one2many', comodel: 'ir.module.module.dependency', inverse_name: 'module_id', string: 'Dependencies', readonly: true },
    exclusion_ids: { type: 'one2many', comodel: 'ir.module.module.exclusion', inverse_name: 'module_id', string: 'Exclusions', readonly: true },
    auto_install: { type: 'boolean', string: 'Automatic Installation', help: 'An auto-installable module is automatically installed by the system when all its dependencies are satisfied. If the module has no dependency, it is always installed.' },
    state: { type: 'selection', selection: STATES, string: 'Status', default: 'uninstallable', readonly: true, index: true },
    demo: { type: 'boolean', string: 'Demo Data', default: false, readonly: true },
    license: { type: 'selection', selection: LICENSES, string: 'License', default: 'LGPL-3', readonly: true },
    menus_by_module: { type: 'text', string: 'Menus', compute: '_get_views', store: true, depends: ['name', 'state'] },
    reports_by_module: { type: 'text', string: 'Reports', compute: '_get_views', store: true, depends: ['name', 'state'] },
    views_by_module: { type: 'text', string: 'Views', compute: '_get_views', store: true, depends: ['name', 'state'] },
    application: { type: 'boolean', string: 'Application', readonly: true },
    icon: { type: 'char', string: 'Icon URL' },
    icon_image: { type: 'binary', string: 'Icon', compute: '_get_icon_image' },
    icon_flag: { type: 'char', string: 'Flag', compute: '_get_icon_image' },
    to_buy: { type: 'boolean', string: 'Odoo Enterprise Module', default: false },
    has_iap: { type: 'boolean', string: 'Has Iap', compute: '_compute_has_iap' },
    imported: { type: 'boolean', string: 'Imported Module' },
    module_type: { type: 'selection', selection: [['official', 'Official Apps'], ['industries', 'Industries']], string: 'Module Type', default: 'official' },
  },
  _sql_constraints: [['name_uniq', 'UNIQUE (name)', 'The name of the module must be unique!']],
  rpc: {
    button_install: { api: 'multi', params: [] },
    button_immediate_install: { api: 'multi', params: [] },
    button_install_cancel: { api: 'multi', params: [] },
    button_uninstall: { api: 'multi', params: [] },
    button_immediate_uninstall: { api: 'multi', params: [] },
    button_uninstall_cancel: { api: 'multi', params: [] },
    button_uninstall_wizard: { api: 'multi', params: [] },
    button_upgrade: { api: 'multi', params: [] },
    button_immediate_upgrade: { api: 'multi', params: [] },
    button_upgrade_cancel: { api: 'multi', params: [] },
    module_uninstall: { api: 'multi', params: [] },
    update_list: { api: 'model', params: [] },
    next: { api: 'multi', params: [] },
    downstream_dependencies: { api: 'multi', params: [param('known_deps', null), param('exclude_states', ['uninstalled', 'uninstallable', 'to remove'])], returns: 'ids' },
    upstream_dependencies: { api: 'multi', params: [param('known_deps', null), param('exclude_states', ['installed', 'uninstallable', 'to remove'])], returns: 'ids' },
  },
  methods: (Base) => class extends Base {
    _get_desc(): Map<number, unknown> {
      const vals = this._values(['description']);
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return new Map(this.ids.map((id) => {
        const d = vals.get(id)?.description;
        return [id, d ? `<div class="document"><p>${esc(String(d))}</p></div>` : '<div class="document"></div>'];
      }));
    }
    _get_latest_version(): Map<number, unknown> {
      const vals = this._values(['name']);
      const catalog = this.env.cr.host?.catalog;
      return new Map(this.ids.map((id) => {
        const name = String(vals.get(id)?.name ?? '');
        return [id, catalog?.has(name) ? catalog.get(name).version : '17.0.1.0'];
      }));
    }
    /**
     * The views, reports and menus a module's data created, one per line, sorted (ir_module.py
     * _get_views): empty for modules that are not installed.
     */
    _get_views(field: Field): Map<number, unknown> {
      const vals = this.sudo()._values(['name', 'state']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const v = vals.get(id)!;
        if (!['installed', 'to upgrade', 'to remove'].includes(String(v.state))) { out.set(id, ''); continue; }
        const model = field.name === 'views_by_module' ? 'ir.ui.view' : field.name === 'reports_by_module' ? 'ir.actions.report' : 'ir.ui.menu';
        if (!this.env.registry.has(model)) { out.set(id, ''); continue; }
        const resIds = this.env.cr.raw('SELECT res_id FROM ir_model_data WHERE module = ? AND model = ?', [String(v.name), model]).map((r) => r[0] as number);
        const records = this.env.model(model).sudo().withContext({ active_test: true }).browse(resIds).exists();
        let lines: string[];
        if (model === 'ir.ui.view') {
          const views = records._values(['name', 'type', 'inherit_id']);
          lines = [...views.values()].map((r) => `${r.inherit_id ? '* INHERIT ' : ''}${r.name} (${r.type})`);
        } else {
          const names = records._values([model === 'ir.ui.menu' ? 'complete_name' : 'name']);
          lines = [...names.values()].map((r) => String(r.complete_name ?? r.name));
        }
        out.set(id, lines.sort().join('\n'));
      }
      return out;
    }
    /** The module's icon (our own drawing for every module; Odoo reads static/description/icon.png). */
    _get_icon_image(field: Field): Map<number, unknown> {
      const icon = field.name === 'icon_image' ? moduleIcon() : '';
      return new Map(this.ids.map((id) => [id, icon]));
    }
    _compute_has_iap(): Map<number, unknown> {
      const vals = this._values(['name']);
      const catalog = this.env.cr.host?.catalog;
      return new Map(this.ids.map((id) => {
        const name = String(vals.get(id)?.name ?? '');
        return [id, !!catalog?.has(name) && catalog.closure([name]).has('iap')];
      }));
    }
    _names(): string[] {
      return this.ids.map((id) => String(this.sudo()._values(['name']).get(id)?.name ?? ''));
    }
    _states(): string[] {
      return this.ids.map((id) => String(this.sudo()._values(['state']).get(id)?.state ?? ''));
    }

    button_install(): Vals {
      assertAdmin(this, 'button_install');
      markToInstall(this.env, hostOf(this).catalog, this._names());
      this.env.cache.invalidate();
      return upgradeWizardAction('Install');
    }
    button_immediate_install(): Vals {
      assertAdmin(this, 'button_immediate_install');
      log('info', 'odoo.addons.base.models.ir_module', `User #${this.env.uid} triggered module installation`, this.env.dbName);
      return this._buttonImmediate(() => this.button_install());
    }
    button_install_cancel(): boolean {
      assertAdmin(this, 'button_install_cancel');
      this.sudo()._write({ state: 'uninstalled', demo: false });
      return true;
    }
    button_uninstall(): Vals {
      assertAdmin(this, 'button_uninstall');
      const names = this._names();
      const forbidden = SERVER_WIDE_MODULES.filter((n) => names.includes(n));
      if (forbidden.length) throw new UserError(`Those modules cannot be uninstalled: ${forbidden.join(', ')}`);
      if (this._states().some((s) => !['installed', 'to upgrade'].includes(s))) {
        throw new UserError('One or more of the selected modules have already been uninstalled, if you believe this to be an error, you may try again later or contact support.');
      }
      const host = hostOf(this);
      const installed = modulesInState(this.env, ['installed', 'to upgrade', 'to install']);
      const dependents = host.catalog.dependents(names, installed);
      const all = [...new Set([...names, ...dependents])];
      this.env.cr.run(`UPDATE ir_module_module SET state = 'to remove' WHERE name IN (${all.map(() => '?').join(',')})`, all);
      this.env.cache.invalidate();
      return upgradeWizardAction('Uninstall');
    }
    button_immediate_uninstall(): Vals {
      assertAdmin(this, 'button_immediate_uninstall');
      log('info', 'odoo.addons.base.models.ir_module', `User #${this.env.uid} triggered module uninstallation`, this.env.dbName);
      return this._buttonImmediate(() => this.button_uninstall());
    }
    button_uninstall_cancel(): boolean {
      // a plain write in Odoo: the caller needs the right to modify modules
      this.write({ state: 'installed' });
      return true;
    }
    button_uninstall_wizard(): Vals {
      assertAdmin(this, 'button_uninstall_wizard');
      return { type: 'ir.actions.act_window', target: 'new', name: 'Uninstall module', view_mode: 'form', res_model: 'base.module.uninstall', context: { default_module_id: this.ensureOne().ids[0] } };
    }
    button_upgrade(): Vals | null {
      assertAdmin(this, 'button_upgrade');
      if (!this.ids.length) return null;
      const host = hostOf(this);
      syncModuleList(this.env, host.catalog);
      const names = this._names();
      const installed = modulesInState(this.env, ['installed', 'to upgrade']);
      const todo = names.includes('base') ? [...new Set([...names, ...installed])] : [...names];
      for (const n of todo) {
        if (!installed.includes(n)) throw new UserError(`Can not upgrade module '${n}'. It is not installed.`);
      }
      for (const n of host.catalog.dependents(todo, installed)) if (!todo.includes(n)) todo.push(n);
      this.env.cr.run(`UPDATE ir_module_module SET state = 'to upgrade' WHERE name IN (${todo.map(() => '?').join(',')})`, todo);
      // dependencies added to a manifest since its install are installed now
      const missing = [...new Set(todo.flatMap((n) => host.catalog.get(n).depends))].filter((d) => !installed.includes(d));
      if (missing.length) markToInstall(this.env, host.catalog, missing);
      this.env.cache.invalidate();
      return upgradeWizardAction('Apply Schedule Upgrade');
    }
    button_immediate_upgrade(): Vals {
      assertAdmin(this, 'button_immediate_upgrade');
      return this._buttonImmediate(() => this.button_upgrade());
    }
    button_upgrade_cancel(): boolean {
      assertAdmin(this, 'button_upgrade_cancel');
      this.sudo()._write({ state: 'installed' });
      return true;
    }
    module_uninstall(): boolean {
      assertAdmin(this, 'module_uninstall');
      if (!this.env.su && !this.env.hasGroup('base.group_system')) throw new AccessError('Administrator access is required to uninstall a module');
      this.env.cr.run(`UPDATE ir_module_module SET state = 'to remove' WHERE id IN (${this.ids.map(() => '?').join(',')})`, this.ids);
      applyModuleStates(this.env, hostOf(this));
      return true;
    }
    update_list(): [number, number] {
      assertAdmin(this, 'update_list');
      return syncModuleList(this.env, hostOf(this).catalog);
    }
    /** The next configuration step: without ir.actions.todo, always the web client. */
    next(): Vals {
      return { type: 'ir.actions.act_url', target: 'self', url: '/web' };
    }
    /** _button_immediate_function: change the states, apply them now, answer next(). */
    _buttonImmediate(change: () => unknown): Vals {
      const host = hostOf(this);
      change();
      applyModuleStates(this.env, host);
      return this.next();
    }
    downstream_dependencies(_known: unknown = null, exclude: unknown = ['uninstalled', 'uninstallable', 'to remove']): this {
      const host = hostOf(this);
      const excluded = Array.isArray(exclude) ? exclude.map(String) : [];
      const candidates = this.env.cr.all<{ name: string; state: string }>('SELECT name, state FROM ir_module_module')
        .filter((r) => !excluded.includes(r.state) && host.catalog.has(r.name)).map((r) => r.name);
      const names = host.catalog.dependents(this._names(), candidates);
      return this.sudo().search([['name', 'in', [...names]]]).withEnv(this.env) as this;
    }
    upstream_dependencies(_known: unknown = null, exclude: unknown = ['installed', 'uninstallable', 'to remove']): this {
      const host = hostOf(this);
      const excluded = Array.isArray(exclude) ? exclude.map(String) : [];
      const mine = new Set(this._names());
      const deps = [...host.catalog.closure([...mine].filter((n) => host.catalog.has(n)))].filter((n) => !mine.has(n));
      const ids = this.sudo().search([['name', 'in', deps]]);
      const states = ids._values(['state']);
      return this.browse(ids.ids.filter((id) => !excluded.includes(String(states.get(id)?.state)))) as this;
    }
    _unlink(): void {
      if (this.sudo()._states().some((s) => ['installed', 'to upgrade', 'to remove', 'to install'].includes(s))) {
        throw new UserError('You are trying to remove a module that is installed or will be installed.');
      }
      super._unlink();
    }
  },
};

export const irModuleModuleDependency: ModelDecl = {
  _name: 'ir.module.module.dependency',
  _description: 'Module dependency',
  _log_access: false,
  fields: {
    name: { type: 'char', string: 'Name', index: true },
    module_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Module', ondelete: 'cascade' },
    depend_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Dependency', compute: '_compute_depend', search: '_search_depend' },
    state: { type: 'selection', selection: DEP_STATES, string: 'Status', compute: '_compute_state' },
    auto_install_required: { type: 'boolean', string: 'Auto Install Required', default: true, help: 'Whether this dependency blocks automatic installation of the dependent' },
  },
  methods: (Base) => moduleLink(Base, 'depend_id'),
};

export const irModuleModuleExclusion: ModelDecl = {
  _name: 'ir.module.module.exclusion',
  _description: 'Module exclusion',
  fields: {
    name: { type: 'char', string: 'Name', index: true },
    module_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Module', ondelete: 'cascade' },
    exclusion_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Exclusion Module', compute: '_compute_depend', search: '_search_depend' },
    state: { type: 'selection', selection: DEP_STATES, string: 'Status', compute: '_compute_state' },
  },
  methods: (Base) => moduleLink(Base, 'exclusion_id'),
};

/** Dependencies and exclusions name a module: the record of that name and its state. */
function moduleLink(Base: typeof import('../orm/model').BaseModel, linkField: string) {
  return class extends Base {
    _linked(): Map<number, { id: number; state: string } | undefined> {
      const names = this._values(['name']);
      const rows = this.env.cr.all<{ id: number; name: string; state: string }>('SELECT id, name, state FROM ir_module_module');
      const byName = new Map(rows.map((r) => [r.name, r]));
      return new Map(this.ids.map((id) => [id, byName.get(String(names.get(id)?.name ?? ''))]));
    }
    _compute_depend(): Map<number, unknown> {
      const linked = this._linked();
      return new Map(this.ids.map((id) => [id, linked.get(id)?.id ?? false]));
    }
    _search_depend(operator: string, value: unknown): unknown[] {
      if (operator !== 'in') throw new UserError(`Operation not supported on ${linkField}: ${operator}`);
      const ids = (Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === 'number');
      const names = this.env.model('ir.module.module').sudo().browse(ids)._values(['name']);
      return [['name', 'in', [...names.values()].map((v) => v.name)]];
    }
    _compute_state(): Map<number, unknown> {
      const linked = this._linked();
      return new Map(this.ids.map((id) => [id, linked.get(id)?.state ?? 'unknown']));
    }
  };
}

export const baseModuleUpgrade: ModelDecl = {
  _name: 'base.module.upgrade',
  _description: 'Upgrade Module',
  _transient: true,
  fields: {
    module_info: { type: 'text', string: 'Apps to Update', readonly: true, default: (m: BaseModel) => defaultModuleInfo(m) },
  },
  rpc: {
    get_module_list: { api: 'model', params: [], returns: 'ids' },
    upgrade_module: { api: 'multi', params: [] },
    upgrade_module_cancel: { api: 'multi', params: [] },
    config: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    get_module_list(): BaseModel {
      return this.env.model('ir.module.module').search([['state', 'in', ['to upgrade', 'to remove', 'to install']]]);
    }
    upgrade_module(): Vals {
      // Odoo searches the pending modules as the caller first (the ACL of ir.module.module)
      checkAccessRights(this.env.model('ir.module.module'), 'read');
      const host = hostOf(this);
      const pending = this.env.cr.all<{ id: number; name: string }>("SELECT id, name FROM ir_module_module WHERE state IN ('to upgrade', 'to install')");
      if (pending.length) {
        const unmet = this.env.cr.all<{ name: string }>(
          `SELECT d.name FROM ir_module_module m JOIN ir_module_module_dependency d ON m.id = d.module_id
           LEFT JOIN ir_module_module m2 ON d.name = m2.name
           WHERE m.id IN (${pending.map(() => '?').join(',')}) AND (m2.state IS NULL OR m2.state = 'uninstalled')`, pending.map((p) => p.id));
        if (unmet.length) throw new UserError(`The following modules are not installed or unknown: ${'\n\n' + unmet.map((u) => u.name).join('\n')}`);
      }
      applyModuleStates(this.env, host);
      return { type: 'ir.actions.act_window_close' };
    }
    upgrade_module_cancel(): Vals {
      // searched, then written, as the caller
      const Modules = this.env.model('ir.module.module');
      checkAccessRights(Modules, 'read');
      const pending = this.env.cr.get("SELECT 1 AS x FROM ir_module_module WHERE state IN ('to upgrade', 'to remove', 'to install') LIMIT 1");
      if (pending) checkAccessRights(Modules, 'write');
      this.env.cr.run("UPDATE ir_module_module SET state = 'installed' WHERE state IN ('to upgrade', 'to remove')");
      this.env.cr.run("UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'");
      return { type: 'ir.actions.act_window_close' };
    }
    config(): Vals {
      return { type: 'ir.actions.act_url', target: 'self', url: '/web' };
    }
  },
};

function defaultModuleInfo(m: BaseModel): string {
  const rows = m.env.cr.all<{ name: string; state: string }>(
    "SELECT name, state FROM ir_module_module WHERE state IN ('to upgrade', 'to remove', 'to install') ORDER BY application DESC, sequence, name");
  return rows.map((r) => `${r.name}: ${r.state}`).join('\n');
}

export const baseModuleUpdate: ModelDecl = {
  _name: 'base.module.update',
  _description: 'Update Module',
  _transient: true,
  fields: {
    updated: { type: 'integer', string: 'Number of modules updated', readonly: true },
    added: { type: 'integer', string: 'Number of modules added', readonly: true },
    state: { type: 'selection', selection: [['init', 'init'], ['done', 'done']], string: 'Status', readonly: true, default: 'init' },
  },
  rpc: {
    update_module: { api: 'multi', params: [] },
    action_module_open: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    update_module(): boolean {
      for (const id of this.ids) {
        const [updated, added] = this.env.model('ir.module.module').update_list() as [number, number];
        this.browse([id])._write({ updated, added, state: 'done' });
      }
      return false;
    }
    action_module_open(): Vals {
      return { domain: '[]', name: 'Modules', view_mode: 'tree,form', res_model: 'ir.module.module', view_id: false, type: 'ir.actions.act_window' };
    }
  },
};

export const baseModuleUninstall: ModelDecl = {
  _name: 'base.module.uninstall',
  _description: 'Module Uninstall',
  _transient: true,
  fields: {
    show_all: { type: 'boolean', string: 'Show All' },
    module_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Module', required: true, readonly: true, ondelete: 'cascade', domain: [['state', 'not in', ['uninstalled', 'uninstallable']]] },
    module_ids: { type: 'many2many', comodel: 'ir.module.module', string: 'Impacted modules', compute: '_compute_module_ids' },
    model_ids: { type: 'many2many', comodel: 'ir.model', string: 'Impacted data models', compute: '_compute_model_ids' },
  },
  rpc: {
    action_uninstall: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _impacted(id: number): number[] {
      const moduleId = this._values(['module_id']).get(id)?.module_id as number | false;
      if (!moduleId) return [];
      const mod = this.env.model('ir.module.module').sudo().browse([moduleId]);
      return [moduleId, ...mod.downstream_dependencies().ids];
    }
    _compute_module_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._impacted(id)]));
    }
    _compute_model_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const names = new Set([...this.env.model('ir.module.module').sudo().browse(this._impacted(id))._values(['name']).values()].map((v) => String(v.name)));
        const models = [...this.env.registry.models.values()].filter((M) => !M._transient && names.has(M._module)).map((M) => M._name);
        return [id, models.length ? this.env.model('ir.model').sudo()._searchIds([['model', 'in', models]]) : []];
      }));
    }
    action_uninstall(): Vals {
      const moduleId = this.ensureOne()._values(['module_id']).get(this.ids[0])?.module_id as number;
      return this.env.model('ir.module.module').browse([moduleId]).button_immediate_uninstall();
    }
  },
};

export const moduleModels: ModelDecl[] = [
  irModuleCategory, irModuleModule, irModuleModuleDependency, irModuleModuleExclusion,
  baseModuleUpgrade, baseModuleUpdate, baseModuleUninstall,
];
