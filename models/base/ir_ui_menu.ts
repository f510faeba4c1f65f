/**
 * ir.ui.menu (odoo/addons/base/models/ir_ui_menu.py and addons/web/models/ir_ui_menu.py): the
 * menu tree, filtered per user (groups, and the read right on the model of the menu's action;
 * technical menus of base.group_no_one only in debug mode), load_menus and the web client's
 * load_web_menus.
 */
import fs from 'fs';
import path from 'path';
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import { param } from '../orm/signature';
import { ValidationError } from '../orm/exceptions';
import * as security from '../orm/security';
import { FIXTURES_DIR } from '../paths';

const MENU_ITEM_SEPARATOR = '/';

/** The field naming the model of each action kind (MODEL_BY_TYPE). */
const MODEL_BY_TYPE: Record<string, string> = { 'ir.actions.act_window': 'res_model', 'ir.actions.report': 'model', 'ir.actions.server': 'model_name' };

/** A module icon 'module,path/to/icon.png', read from the module's folder (fixtures/<module>/...). */
export function readWebIcon(webIcon: unknown): string | false {
  if (typeof webIcon !== 'string') return false;
  const parts = webIcon.split(',');
  if (parts.length !== 2 || !parts[1].endsWith('.png')) return false;
  const file = path.join(FIXTURES_DIR, parts[0], parts[1]);
  if (!file.startsWith(FIXTURES_DIR) || !fs.existsSync(file)) return false;
  // base64.encodebytes: lines of 76 characters, each ended by a newline
  const b64 = fs.readFileSync(file).toString('base64');
  return `${b64.replace(/.{76}/g, '$&\n')}${b64.length % 76 ? '\n' : ''}`;
}

export const irUiMenu: ModelDecl = {
  _name: 'ir.ui.menu',
  _description: 'Menu',
  _order: 'sequence,id',
  _parent_store: true,
  fields: {
    name: { type: 'char', string: 'Menu', required: true, translate: true },
    active: { type: 'boolean', string: 'Active', default: true },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    child_id: { type: 'one2many', comodel: 'ir.ui.menu', inverse_name: 'parent_id', string: 'Child IDs' },
    parent_id: { type: 'many2one', comodel: 'ir.ui.menu', string: 'Parent Menu', index: true, ondelete: 'restrict' },
    parent_path: { type: 'char', string: 'Parent Path', index: true },
    groups_id: { type: 'many2many', comodel: 'res.groups', relation: 'ir_ui_menu_group_rel', column1: 'menu_id', column2: 'gid', string: 'Groups', help: "If you have groups, the visibility of this menu will be based on these groups. If this field is empty, Odoo will compute visibility based on the related object's read access." },
    complete_name: { type: 'char', string: 'Full Path', compute: '_compute_complete_name' },
    web_icon: { type: 'char', string: 'Web Icon File' },
    action: {
      type: 'reference', string: 'Action',
      selection: [['ir.actions.report', 'ir.actions.report'], ['ir.actions.act_window', 'ir.actions.act_window'], ['ir.actions.act_url', 'ir.actions.act_url'], ['ir.actions.server', 'ir.actions.server'], ['ir.actions.client', 'ir.actions.client']],
    },
    web_icon_data: { type: 'binary', string: 'Web Icon Image', attachment: true },
  },
  constrains: { _check_parent_id: ['parent_id'] },
  rpc: {
    get_user_roots: { api: 'model', params: [], returns: 'ids' },
    load_menus_root: { api: 'model', params: [] },
    load_menus: { api: 'model', params: ['debug'] },
    load_web_menus: { api: 'multi', params: ['debug'] },
  },
  methods: (Base) => class extends Base {
    _check_parent_id(): void {
      if (this._hasCycle('parent_id')) throw new ValidationError('Error! You cannot create recursive menus.');
    }

    _fullName(id: number, level = 6): string {
      if (level <= 0) return '...';
      const v = this.sudo().browse([id])._values(['name', 'parent_id']).get(id);
      if (!v) return '';
      return v.parent_id ? `${this._fullName(v.parent_id as number, level - 1)}${MENU_ITEM_SEPARATOR}${v.name || ''}` : String(v.name);
    }

    _compute_complete_name(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._fullName(id)]));
    }

    _compute_display_name(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._fullName(id)]));
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => ('web_icon' in v ? { ...v, web_icon_data: readWebIcon(v.web_icon) } : v)));
    }

    _write(vals: Vals): void {
      super._write('web_icon' in vals ? { ...vals, web_icon_data: readWebIcon(vals.web_icon) } : vals);
    }

    /** Ids of the menus this user sees (_visible_menu_ids); technical menus only in debug mode. */
    _visibleMenuIds(debug: boolean): Set<number> {
      return this.env.crossCall(`menus:${this.env.uid}:${[...this.env.userGroupIds()].sort().join(',')}:${debug}`, () => {
        const Menus = this.sudo().withContext({ active_test: true });
        const ids = Menus._searchIds([], { order: 'sequence,id' });
        const vals = Menus.browse(ids)._values(['action', 'parent_id', 'groups_id']);
        const groups = new Set(this.env.userGroupIds());
        const noOne = this.env.xmlidLookup('base.group_no_one')?.[1];
        if (!debug && noOne) groups.delete(noOne);
        const menus = ids.filter((id) => {
          const g = vals.get(id)!.groups_id as number[];
          return !g.length || g.some((x) => groups.has(x));
        });
        const menuSet = new Set(menus);
        const actionMenus: number[] = [];
        for (const id of menus) {
          const action = vals.get(id)!.action as string | false;
          if (!action) continue;
          const [model, rid] = action.split(',');
          if (this.env.has(model) && this.env.model(model).sudo().browse([Number(rid)]).exists().ids.length) actionMenus.push(id);
        }
        const actionSet = new Set(actionMenus);
        const folders = new Set(menus.filter((id) => !actionSet.has(id)));
        const visible = new Set<number>();
        for (const id of actionMenus) {
          const [model, rid] = String(vals.get(id)!.action).split(',');
          const field = MODEL_BY_TYPE[model];
          const target = field ? this.env.model(model).sudo().browse([Number(rid)]).get(field) : false;
          if (!target || (this.env.has(target) && security.checkAccessRights(this.env.model(target).sudo(false), 'read', false))) {
            visible.add(id);
            let parent = vals.get(id)!.parent_id as number | false;
            while (parent && folders.has(parent) && !visible.has(parent) && menuSet.has(parent)) {
              visible.add(parent);
              parent = (vals.get(parent)?.parent_id as number | false) ?? false;
            }
          }
        }
        return visible;
      });
    }

    /** Searches see only visible menus, unless the context asks for the full list. */
    _searchIds(domain: Domain, opts = {}): number[] {
      const ids = super._searchIds(domain, opts);
      if (this.env.context['ir.ui.menu.full_list'] || this.env.su) return ids;
      const visible = this._visibleMenuIds(!!this.env.context.debug);
      return ids.filter((id) => visible.has(id));
    }

    search(domain: unknown, offset: unknown = 0, limit: unknown = null, order: unknown = null): this {
      security.checkAccessRights(this, 'read');
      let ids = this._searchIds((domain ?? []) as Domain, { order: order ? String(order) : null });
      const off = Number(offset) || 0;
      if (off) ids = ids.slice(off);
      if (limit) ids = ids.slice(0, Number(limit));
      return this.browse(ids);
    }

    search_count(domain: unknown, limit: unknown = null): number {
      return this.search(domain, 0, limit).ids.length;
    }

    search_read(domain: unknown = null, fields: unknown = null, offset: unknown = 0, limit: unknown = null, order: unknown = null, readKwargs: Record<string, unknown> = {}): Vals[] {
      const recs = this.search(domain ?? [], offset, limit, order);
      return recs.ids.length ? recs.read(fields, 'load' in readKwargs ? readKwargs.load : '_classic_read') : [];
    }

    _unlink(): void {
      const children = this.sudo().withContext({ 'ir.ui.menu.full_list': true, active_test: false })._searchIds([['parent_id', 'in', this.ids]]);
      if (children.length) this.sudo().browse(children)._write({ parent_id: false });
      super._unlink();
    }

    get_user_roots(): this {
      return this.search([['parent_id', '=', false]]);
    }

    _menuXmlids(ids: number[]): Map<number, string> {
      if (!ids.length) return new Map();
      const rows = this.env.cr.all<{ res_id: number; module: string; name: string }>(
        `SELECT res_id, module, name FROM ir_model_data WHERE model = 'ir.ui.menu' AND res_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ids);
      const out = new Map<number, string>();
      for (const r of rows) out.set(r.res_id, `${r.module}.${r.name}`);
      return out;
    }

    load_menus_root(): Vals {
      const roots = this.get_user_roots();
      const data = roots.ids.length ? roots.read(['name', 'sequence', 'parent_id', 'action', 'web_icon_data']) : [];
      const xmlids = this._menuXmlids(roots.ids);
      for (const m of data) m.xmlid = xmlids.get(m.id as number) ?? '';
      return { id: false, name: 'root', parent_id: [-1, ''], children: data, all_menu_ids: roots.ids };
    }

    /** load_menus(debug): every visible menu under the visible roots, with children and app ids. */
    load_menus(debug: unknown): Record<string, Vals> {
      return Object.fromEntries(this._loadMenusEntries(debug));
    }

    /**
     * load_menus as ordered entries: Python keeps the menus in search order (sequence, id) with
     * 'root' last, while a JavaScript object would put integer keys first in ascending order.
     */
    _loadMenusEntries(debug: unknown): Array<[string, Vals]> {
      const fields = ['name', 'sequence', 'parent_id', 'action', 'web_icon'];
      const self = this.withContext({ ...this.env.context, debug: !!debug });
      const roots = self.get_user_roots();
      const rootsData = roots.ids.length ? roots.read(fields) : [];
      const menuRoot: Vals = { id: false, name: 'root', parent_id: [-1, ''], children: rootsData.map((m) => m.id) };
      const all: Record<string, Vals> = { root: menuRoot };
      if (!rootsData.length) return [['root', menuRoot]];
      const menus = self.search([['id', 'child_of', roots.ids]]);
      const items = menus.read(fields);
      const xmlids = self._menuXmlids([...roots.ids, ...menus.ids]);
      items.push(...rootsData);
      const icons = new Map<number, { datas: unknown; mimetype: unknown }>();
      const ids = items.map((m) => m.id as number);
      if (ids.length) {
        const atts = this.env.cr.all<{ id: number; res_id: number; mimetype: string }>(
          `SELECT id, res_id, mimetype FROM ir_attachment WHERE res_model = 'ir.ui.menu' AND res_field = 'web_icon_data' AND res_id IN (${ids.map(() => '?').join(',')})`, ids);
        const raws = atts.length ? this.env.model('ir.attachment').sudo().browse(atts.map((a) => a.id))._rawValues() : new Map();
        for (const a of atts) icons.set(a.res_id, { datas: raws.get(a.id)?.toString('base64') || false, mimetype: a.mimetype });
      }
      const byId = new Map<number, Vals>(items.map((m) => [m.id as number, m]));
      for (const m of items) {
        (m.children as number[] | undefined) ?? (m.children = []);
        const parent = Array.isArray(m.parent_id) ? (m.parent_id[0] as number) : false;
        m.xmlid = xmlids.get(m.id as number) ?? '';
        if (parent && byId.has(parent)) ((byId.get(parent)!.children as number[]) ??= []).push(m.id as number);
        const icon = icons.get(m.id as number);
        m.web_icon_data = icon ? icon.datas : false;
        m.web_icon_data_mimetype = icon ? icon.mimetype : false;
      }
      for (const [id, m] of byId) all[String(id)] = m;
      const seq = (id: unknown) => Number((all[String(id)] ?? {}).sequence ?? 0);
      for (const m of Object.values(all)) (m.children as number[]).sort((a, b) => seq(a) - seq(b));
      const setApp = (appId: number, menu: Vals) => {
        menu.app_id = appId;
        for (const c of menu.children as number[]) setApp(appId, all[String(c)]);
      };
      for (const app of rootsData) setApp(app.id as number, all[String(app.id)]);
      const order: number[] = [];
      for (const m of items) if (!order.includes(m.id as number)) order.push(m.id as number);
      const out: Array<[string, Vals]> = order.map((id) => all[String(id)]).filter((m) => m.app_id).map((m) => [String(m.id), m]);
      out.push(['root', menuRoot]);
      return out;
    }

    /** web's load_web_menus: the shape /web/webclient/load_menus answers. */
    load_web_menus(debug: unknown): Record<string, Vals> {
      return Object.fromEntries(this._loadWebMenusEntries(debug));
    }

    _loadWebMenusEntries(debug: unknown): Array<[string, Vals]> {
      const entries = this._loadMenusEntries(debug);
      const menus = Object.fromEntries(entries);
      const web: Array<[string, Vals]> = [];
      for (const [, menu] of entries) {
        if (!menu.id) {
          web.push(['root', {
            id: 'root', name: menu.name, children: menu.children, appID: false, xmlid: '', actionID: false,
            actionModel: false, webIcon: null, webIconData: null, webIconDataMimetype: null, backgroundImage: menu.backgroundImage ?? null,
          }]);
          continue;
        }
        let action = menu.action as string | false;
        if (menu.id === menu.app_id) {
          // an app opens the action of its first (sub)child that has one
          let child: Vals | false = menu;
          while (child && !action) {
            action = child.action as string | false;
            const kids: number[] = child.children as number[];
            child = kids.length ? menus[String(kids[0])] : false;
          }
        }
        const [actionModel, actionId] = action ? action.split(',') : [false, false];
        web.push([String(menu.id), {
          id: menu.id, name: menu.name, children: menu.children, appID: menu.app_id, xmlid: menu.xmlid,
          actionID: actionId ? Number(actionId) : false, actionModel: actionModel || false,
          webIcon: menu.web_icon, webIconData: menu.web_icon_data, webIconDataMimetype: menu.web_icon_data_mimetype,
        }]);
      }
      return web;
    }
  },
};

export { param };
