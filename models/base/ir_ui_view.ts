/**
 * ir.ui.view (odoo/addons/base/models/ir_ui_view.py): view records, their combination with
 * inheriting views, the post-processing Odoo applies per user (groups, on_change, can_create /
 * can_write, create/delete/edit for missing rights, x2many sub-views), the default views of a
 * model without any, and the get_view / get_views answers of every model.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import type { Element } from '@xmldom/xmldom';
import { param } from '../orm/signature';
import { UserError, PyValueError, ValidationError } from '../orm/exceptions';
import * as security from '../orm/security';
import { applyInheritanceSpecs, elementChildren, makeElement, parseArch, serializeArch } from './view_arch';

export const VIEW_TYPES: Array<[string, string]> = [
  ['tree', 'Tree'], ['form', 'Form'], ['graph', 'Graph'], ['pivot', 'Pivot'], ['calendar', 'Calendar'],
  ['gantt', 'Gantt'], ['kanban', 'Kanban'], ['search', 'Search'], ['qweb', 'QWeb'],
];

/** Field attributes get_views describes (ir_ui_view.py _get_view_field_attributes). */
const VIEW_FIELD_ATTRIBUTES = [
  'change_default', 'context', 'currency_field', 'definition_record', 'definition_record_field', 'digits', 'domain', 'group_operator', 'groups',
  'help', 'name', 'readonly', 'related', 'relation', 'relation_field', 'required', 'searchable', 'selection', 'size',
  'sortable', 'store', 'string', 'translate', 'trim', 'type',
];

/** Fields the ORM manages itself (Odoo's field.automatic): left out of default views. */
const AUTOMATIC = new Set(['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date']);

export const irUiView: ModelDecl = {
  _name: 'ir.ui.view',
  _description: 'View',
  _order: 'priority,name,id',
  fields: {
    name: { type: 'char', string: 'View Name', required: true },
    model: { type: 'char', string: 'Model', index: true },
    key: { type: 'char', string: 'Key', index: 'btree_not_null' },
    priority: { type: 'integer', string: 'Sequence', default: 16, required: true },
    type: { type: 'selection', string: 'View Type', selection: [...VIEW_TYPES, ['activity', 'Activity']] },
    arch: { type: 'text', string: 'View Architecture', compute: '_compute_arch', inverse: '_inverse_arch', help: 'This field should be used when accessing view arch. It will use translation.\n                               Note that it will read `arch_db` or `arch_fs` if in dev-xml mode.' },
    arch_base: { type: 'text', string: 'Base View Architecture', compute: '_compute_arch_base', inverse: '_inverse_arch_base', help: 'This field is the same as `arch` field without translations' },
    arch_db: { type: 'text', string: 'Arch Blob', translate: 'xml', help: 'This field stores the view arch.' },
    arch_fs: { type: 'char', string: 'Arch Filename', help: 'File from where the view originates.\n                                                          Useful to (hard) reset broken views or to read arch from file in dev-xml mode.' },
    arch_updated: { type: 'boolean', string: 'Modified Architecture' },
    arch_prev: { type: 'text', string: 'Previous View Architecture', help: 'This field will save the current `arch_db` before writing on it.\n                                                                         Useful to (soft) reset a broken view.' },
    inherit_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Inherited View', ondelete: 'restrict', index: true },
    inherit_children_ids: { type: 'one2many', comodel: 'ir.ui.view', inverse_name: 'inherit_id', string: 'Views which inherit from this one' },
    model_data_id: { type: 'many2one', comodel: 'ir.model.data', string: 'Model Data', compute: '_compute_model_data_id', search: '_search_model_data_id' },
    xml_id: { type: 'char', string: 'External ID', compute: '_compute_xml_id', help: 'ID of the view defined in xml file' },
    groups_id: { type: 'many2many', comodel: 'res.groups', relation: 'ir_ui_view_group_rel', column1: 'view_id', column2: 'group_id', string: 'Groups', help: 'If this field is empty, the view applies to all users. Otherwise, the view applies to the users of those groups only.' },
    mode: { type: 'selection', string: 'View inheritance mode', selection: [['primary', 'Base view'], ['extension', 'Extension View']], default: 'primary', required: true, help: "Only applies if this view inherits from an other one (inherit_id is not False/Null).\n\n* if extension (default), if this view is requested the closest primary view\nis looked up (via inherit_id), then all views inheriting from it with this\nview's model are applied\n* if primary, the closest primary view is fully resolved (even if it uses a\ndifferent model than this one), then this view's inheritance specs\n(<xpath/>) are applied, and the result is used as if it were this view's\nactual arch.\n" },
    active: { type: 'boolean', string: 'Active', default: true, help: "If this view is inherited,\n* if True, the view always extends its parent\n* if False, the view currently does not extend its parent but can be enabled\n         " },
    customize_show: { type: 'boolean', string: 'Show As Optional Inherit', default: false },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model of the view', compute: '_compute_model_id', inverse: '_inverse_compute_model_id' },
  },
  constrains: { _check_xml: ['arch_db', 'arch_fs'] },
  rpc: {
    default_view: { api: 'model', params: ['model', 'view_type'] },
  },
  methods: (Base) => class extends Base {
    _compute_arch(): Map<number, unknown> {
      const vals = this._values(['arch_db']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.arch_db ?? false]));
    }

    _compute_arch_base(): Map<number, unknown> {
      return this._compute_arch();
    }

    _inverse_arch(_f: Field, value: unknown): void {
      const data: Vals = { arch_db: value };
      if (this.env.context.install_mode) data.arch_updated = false;
      else if (!this.env.su || !this.env.context.install_filename) data.arch_updated = true;
      this._write(data);
    }

    _inverse_arch_base(f: Field, value: unknown): void {
      this._inverse_arch(f, value);
    }

    _compute_xml_id(): Map<number, unknown> {
      const ext = this.get_external_id();
      return new Map(this.ids.map((id) => [id, ext[String(id)] || '']));
    }

    _compute_model_data_id(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const row = this.env.cr.get<{ id: number }>("SELECT id FROM ir_model_data WHERE model = 'ir.ui.view' AND res_id = ? ORDER BY id LIMIT 1", [id]);
        out.set(id, row?.id ?? false);
      }
      return out;
    }

    _search_model_data_id(operator: string, value: unknown): unknown[] {
      const ids = this.env.cr.raw(`SELECT res_id FROM ir_model_data WHERE model = 'ir.ui.view' AND id IN (${(Array.isArray(value) ? value : [value]).map(() => '?').join(',') || 'NULL'})`, (Array.isArray(value) ? value : [value]) as number[]).map((r) => r[0]);
      return [['id', operator === '!=' || operator === 'not in' ? 'not in' : 'in', ids]];
    }

    _compute_model_id(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['model'])) {
        out.set(id, this.env.cr.get<{ id: number }>('SELECT id FROM ir_model WHERE model = ?', [v.model as string])?.id ?? false);
      }
      return out;
    }

    _inverse_compute_model_id(_f: Field, value: unknown): void {
      const model = typeof value === 'number' ? this.env.cr.get<{ model: string }>('SELECT model FROM ir_model WHERE id = ?', [value])?.model : false;
      this._write({ model: model ?? false });
    }

    _create(valsList: Vals[]): this {
      // the type of a view is its root tag (ir_ui_view.py create), 'tree' for <tree>
      return super._create(valsList.map((v) => {
        const vals = { ...v };
        const arch = (vals.arch ?? vals.arch_base ?? vals.arch_db) as string | undefined;
        if (!vals.type && vals.inherit_id) vals.type = this.sudo().browse([vals.inherit_id as number]).get('type');
        else if (!vals.type && typeof arch === 'string' && arch.trim()) {
          const root = parseArch(arch);
          vals.type = root.tagName === 't' ? 'qweb' : root.tagName;
        }
        if (vals.inherit_id && vals.mode === undefined) vals.mode = 'extension';
        if (!vals.name && vals.type) vals.name = `${vals.model ?? 'default'} ${vals.type}`.trim();
        return vals;
      }));
    }

    /** _check_xml: the arch parses, and a view's combined arch names only fields of its models. */
    _check_xml(): void {
      for (const [id, v] of this._values(['arch_db', 'type', 'model'])) {
        if (!v.arch_db) continue;
        try {
          parseArch(String(v.arch_db));
          if (v.type !== 'qweb' && v.model && this.env.has(String(v.model))) {
            const arch = this.browse([id])._get_combined_arch();
            this._postprocessAndFields(arch, String(v.model), arch.tagName);
          }
        } catch (e) {
          throw new ValidationError(`Error while validating view (id ${id}):\n\n${(e as Error).message}`);
        }
      }
    }

    /** The primary view with the lowest priority for a model and type (the user's groups allowing). */
    default_view(model: unknown, viewType: unknown): number | false {
      this.check_access_rights('read');
      return this._defaultView(model, viewType);
    }

    _defaultView(model: unknown, viewType: unknown): number | false {
      const ids = this._visibleViews([['model', '=', model], ['type', '=', viewType], ['mode', '=', 'primary']]);
      return ids[0] ?? false;
    }

    /** Ids of the active views matching `domain` whose groups the user is in, by priority. */
    _visibleViews(domain: unknown[]): number[] {
      const Views = this.sudo();
      const ids = Views._searchIds([...domain, ['active', '=', true]] as never, { order: 'priority,id' });
      if (!ids.length) return ids;
      const groups = Views.browse(ids)._values(['groups_id']);
      const mine = this.env.userGroupIds();
      return ids.filter((id) => {
        const g = groups.get(id)?.groups_id as number[];
        return !g.length || this.env.su || g.some((x) => mine.has(x));
      });
    }

    /** The view's architecture with its ancestors and inheriting views applied (_get_combined_arch). */
    _get_combined_arch(): Element {
      const view = this.sudo();
      const v = view._values(['arch_db', 'inherit_id', 'mode', 'model']).get(view.ids[0])!;
      let arch: Element;
      if (v.inherit_id && v.mode === 'primary') {
        const parent = this.browse([v.inherit_id as number])._get_combined_arch();
        arch = applyInheritanceSpecs(parent, parseArch(String(v.arch_db)));
      } else if (v.inherit_id) {
        // an extension asked for directly: its closest primary ancestor, which includes it
        return this.browse([v.inherit_id as number])._get_combined_arch();
      } else {
        arch = parseArch(String(v.arch_db));
      }
      return this._applyExtensions(arch, view.ids[0], String(v.model ?? ''));
    }

    /** Extension children of a view, depth first by priority and id (_apply_view_inheritance). */
    _applyExtensions(arch: Element, viewId: number, model: string): Element {
      let current = arch;
      for (const childId of this._visibleViews([['inherit_id', '=', viewId], ['mode', '=', 'extension']])) {
        const child = this.sudo().browse([childId])._values(['arch_db', 'model']).get(childId)!;
        if (child.model && model && child.model !== model) continue;
        try {
          current = applyInheritanceSpecs(current, parseArch(String(child.arch_db)));
        } catch (e) {
          const xmlid = this.sudo().browse([childId]).get_external_id()[String(childId)] || childId;
          throw new ValidationError(`${(e as Error).message}\n\nView error context:\n{'name': 'invalid view', 'view.model': '${model}', 'view.parent': ${viewId}, 'file': '${xmlid}'}`);
        }
        if (current.parentNode && current.ownerDocument!.documentElement !== current) current = parseArch(serializeArch(current));
        current = this._applyExtensions(current, childId, model);
      }
      return current;
    }

    // ------------------------------------------------------------------ post-processing

    /**
     * postprocess_and_fields: x2many sub-views added in forms, on_change and access-right markers
     * set, and the field names each model of the view uses.
     */
    _postprocessAndFields(root: Element, modelName: string, viewType: string): { arch: string; models: Map<string, Set<string>> } {
      const models = new Map<string, Set<string>>();
      this._postprocessView(root, modelName, true, false, models, viewType);
      return { arch: serializeArch(root).replace(/\t/g, ''), models };
    }

    _postprocessView(root: Element, modelName: string, editable: boolean, nested: boolean, models: Map<string, Set<string>>, viewType: string): void {
      if (!this.env.has(modelName)) throw new PyValueError(`Model not found: ${modelName}`);
      const model = this.env.model(modelName);
      const used = models.get(modelName) ?? new Set<string>();
      models.set(modelName, used);
      const viewEditable = editable && !['search', 'graph', 'pivot', 'calendar'].includes(root.tagName);
      this._postprocessOnChange(root, model);
      const walk = (node: Element) => {
        if (node.tagName === 'field' && node.getAttribute('name')) {
          const name = node.getAttribute('name')!;
          const field = model.cls._fields[name] as Field | undefined;
          if (field) {
            if (field.spec.groups) {
              const existing = node.getAttribute('groups');
              node.setAttribute('groups', existing ? `${existing}` : field.spec.groups);
              if (existing) node.setAttribute('field_groups', field.spec.groups);
            }
            if (root.tagName === 'form' && !nested && field.x2many && !node.getAttribute('widget') && !['1', 'True'].includes(node.getAttribute('invisible') ?? '')) {
              const modes = (node.getAttribute('mode') ?? 'kanban,tree').split(',');
              const present = elementChildren(node).filter((c) => c.getElementsByTagName('field').length).map((c) => c.tagName);
              if (!modes.some((m) => present.includes(m))) {
                const missing = (node.getAttribute('mode') ?? 'tree').split(',')[0];
                const co = this.env.model(field.comodel);
                const { arch } = co._getViewArch(null, missing);
                node.appendChild(node.ownerDocument!.importNode(arch, true));
              }
            }
            for (const child of elementChildren(node)) {
              if (['form', 'tree', 'graph', 'kanban', 'calendar'].includes(child.tagName)) {
                this._postprocessView(child, field.comodel, viewEditable, true, models, child.tagName);
              }
            }
            if (viewEditable && (field.type === 'many2one' || field.type === 'many2many')) node.setAttribute('model_access_rights', field.comodel);
            used.add(name);
          } else if (!nested) {
            throw new ValidationError(`Field "${name}" does not exist in model "${modelName}"`);
          }
          // sub-views were handled with their own model
          return;
        }
        if (node.tagName === 'label' && node.getAttribute('for')) {
          // a label names a field of the view: nothing to collect
        }
        for (const child of elementChildren(node)) walk(child);
      };
      for (const child of elementChildren(root)) walk(child);
      if (['kanban', 'tree', 'form'].includes(viewType)) {
        used.add('id');
        if (model.cls._fields.write_date) used.add('write_date');
      }
      if (!nested) root.setAttribute('model_access_rights', modelName);
    }

    /** on_change="1" on fields a computed field of the same view depends on (_postprocess_on_change). */
    _postprocessOnChange(root: Element, model: AnyModel): void {
      const inView = new Map<string, Element[]>();
      const collect = (node: Element, nestedOk: boolean) => {
        for (const child of elementChildren(node)) {
          if (child.tagName === 'field') {
            const name = child.getAttribute('name') ?? '';
            if (model.cls._fields[name] && nestedOk) inView.set(name, [...(inView.get(name) ?? []), child]);
            continue;
          }
          collect(child, nestedOk);
        }
      };
      collect(root, true);
      const names = [...inView.keys()];
      for (const name of names) {
        const triggers = Object.values(model.cls._fields as Record<string, Field>).some((f) => f.name !== name && names.includes(f.name)
          && (f.spec.depends ?? (f.spec.related ? [f.spec.related] : [])).some((d) => d.split('.')[0] === name));
        if (triggers || model._onchangeMethods?.().includes(name)) {
          for (const node of inView.get(name)!) if (!node.getAttribute('on_change')) node.setAttribute('on_change', '1');
        }
      }
    }

    /** _postprocess_access_rights: group-restricted nodes removed, rights markers resolved, for this user. */
    _postprocessAccessRights(root: Element): Element {
      const all: Element[] = [];
      const gather = (n: Element) => { all.push(n); for (const c of elementChildren(n)) gather(c); };
      gather(root);
      for (const node of all) {
        if (!node.hasAttribute('groups')) continue;
        const groups = node.getAttribute('groups')!;
        node.removeAttribute('groups');
        const fieldGroups = node.getAttribute('field_groups');
        node.removeAttribute('field_groups');
        const ok = userHasGroups(this, groups) && (!fieldGroups || userHasGroups(this, fieldGroups));
        if (!ok && node.parentNode) node.parentNode.removeChild(node);
      }
      const baseModel = root.getAttribute('model_access_rights');
      const marked: Element[] = [];
      const gatherMarked = (n: Element) => { if (n.hasAttribute('model_access_rights')) marked.push(n); for (const c of elementChildren(n)) gatherMarked(c); };
      gatherMarked(root);
      for (const node of marked) {
        const modelName = node.getAttribute('model_access_rights')!;
        node.removeAttribute('model_access_rights');
        if (!this.env.has(modelName)) continue;
        const model = this.env.model(modelName).sudo(false);
        if (node.tagName === 'field') {
          node.setAttribute('can_create', security.checkAccessRights(model, 'create', false) ? 'True' : 'False');
          node.setAttribute('can_write', security.checkAccessRights(model, 'write', false) ? 'True' : 'False');
        } else {
          void baseModel;
          for (const [action, operation] of [['create', 'create'], ['delete', 'unlink'], ['edit', 'write']]) {
            if (!node.getAttribute(action) && !security.checkAccessRights(model, operation, false)) node.setAttribute(action, 'False');
          }
        }
      }
      return root;
    }
  },
};

/** user_has_groups('a,!b'): any listed group the user is in, none of the negated ones. */
function userHasGroups(model: BaseModel, groups: string): boolean {
  if (model.env.su) return true;
  let hasPositive = false;
  let positiveOk = false;
  for (const raw of groups.split(',')) {
    const g = raw.trim();
    if (!g) continue;
    if (g.startsWith('!')) {
      if (model.env.hasGroup(g.slice(1))) return false;
    } else {
      hasPositive = true;
      if (model.env.hasGroup(g)) positiveOk = true;
    }
  }
  return !hasPositive || positiveOk;
}

/**
 * What every model answers (ir_ui_view.py `class Model(_inherit='base')`): get_views, get_view,
 * the default views of a model without view records, get_formview_id/action.
 */
export const baseViewMethods: ModelDecl = {
  _inherit: 'base',
  methods: (Base) => class extends Base {
    /** _get_view: the view record (or a default arch) for an id or a type and the *_view_ref context key. */
    _getViewArch(viewId: unknown, viewType: string): { arch: Element; viewId: number | false } {
      const View = this.env.model('ir.ui.view').sudo();
      let id: number | false = typeof viewId === 'number' && viewId ? viewId : false;
      if (!id) {
        const ref = this.env.context[`${viewType}_view_ref`];
        if (typeof ref === 'string' && ref.includes('.')) {
          const found = this.env.xmlidLookup(ref);
          if (found && found[0] === 'ir.ui.view') id = found[1];
        }
        if (!id) id = View.withUser(this.env.uid)._defaultView(this._name, viewType);
      }
      if (id) {
        if (!View.browse([id]).exists().ids.length) throw new UserError(`No view with id ${id}`);
        return { arch: View.browse([id])._get_combined_arch(), viewId: id };
      }
      const fn = (this as unknown as Record<string, () => Element>)[`_get_default_${viewType}_view`];
      if (typeof fn !== 'function') throw new UserError(`No default view of type '${viewType}' could be found!`);
      return { arch: fn.call(this), viewId: false };
    }

    _rec_name_fallback(): string {
      const rec = this.cls._rec_name;
      return rec && this.cls._fields[rec] ? rec : 'id';
    }

    _get_default_form_view(): Element {
      const doc = parseArch('<form/>');
      const el = (tag: string, attrs: Record<string, string> = {}, children: Element[] = []) => makeElement(doc, tag, attrs, children);
      const sheet = el('sheet', { string: this.cls._description });
      let main = el('group');
      let left = el('group');
      let right = el('group');
      const count = (g: Element) => elementChildren(g).length;
      for (const f of Object.values(this.cls._fields as Record<string, Field>)) {
        if (AUTOMATIC.has(f.name) || f.spec.private) continue;
        if (['one2many', 'many2many', 'text', 'html'].includes(f.type)) {
          if (count(left)) { main.appendChild(left); left = el('group'); }
          if (count(right)) { main.appendChild(right); right = el('group'); }
          if (count(main)) { sheet.appendChild(main); main = el('group'); }
          sheet.appendChild(el('group', {}, [el('field', { name: f.name })]));
        } else if (count(left) > count(right)) right.appendChild(el('field', { name: f.name }));
        else left.appendChild(el('field', { name: f.name }));
      }
      if (count(left)) main.appendChild(left);
      if (count(right)) main.appendChild(right);
      sheet.appendChild(main);
      sheet.appendChild(el('group', {}, [el('separator')]));
      doc.appendChild(sheet);
      return doc;
    }

    _get_default_tree_view(): Element {
      const root = parseArch(`<tree/>`);
      root.setAttribute('string', this.cls._description);
      root.appendChild(makeElement(root, 'field', { name: this._rec_name_fallback() }));
      return root;
    }

    _get_default_search_view(): Element {
      const root = parseArch(`<search/>`);
      root.appendChild(makeElement(root, 'field', { name: this._rec_name_fallback() }));
      root.setAttribute('string', this.cls._description);
      return root;
    }

    /** get_view: the combined, post-processed arch with the field names it uses per model. */
    get_view(viewId: unknown = null, viewType: unknown = 'form', options: Record<string, unknown> = {}): Vals {
      security.checkAccessRights(this, 'read');
      void options;
      const type = String(viewType ?? 'form') === 'list' ? 'tree' : String(viewType ?? 'form');
      const { arch, viewId: id } = this._getViewArch(viewId, type);
      const View = this.env.model('ir.ui.view');
      const { models } = View._postprocessAndFields(arch, this._name, type);
      if (type === 'search') models.set(this._name, new Set(Object.keys(this.cls._fields)));
      const node = View._postprocessAccessRights(arch);
      return {
        arch: serializeArch(node).replace(/\t/g, ''),
        id,
        model: this._name,
        models: Object.fromEntries([...models].map(([m, f]) => [m, [...f]])),
      };
    }

    /** get_views: each asked view, the fields they use described per model, toolbar and filters. */
    get_views(views: unknown, options: unknown = null): Vals {
      const opts = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
      if (!Array.isArray(views)) throw new PyValueError(`Invalid views: ${JSON.stringify(views)}`);
      const result: Vals = {};
      const out: Record<string, Vals> = {};
      for (const v of views as unknown[]) {
        if (!Array.isArray(v) || v.length < 2) throw new PyValueError('views must be a list of [view_id, view_type]');
        const [vid, vtype] = v as [unknown, string];
        out[vtype] = this.get_view(vid, vtype === 'list' ? 'tree' : vtype, opts);
      }
      const models = new Map<string, Set<string>>();
      for (const view of Object.values(out)) {
        for (const [m, fields] of Object.entries(view.models as Record<string, string[]>)) {
          const set = models.get(m) ?? new Set<string>();
          for (const f of fields) set.add(f);
          models.set(m, set);
        }
        delete view.models;
      }
      result.views = out;
      result.models = Object.fromEntries([...models].map(([m, fields]) => [m, this.env.model(m).fields_get([...fields], VIEW_FIELD_ATTRIBUTES)]));
      if (opts.toolbar) {
        for (const view of Object.values(out)) view.toolbar = {};
        const bindings = this.env.model('ir.actions.actions').get_bindings(this._name) as Record<string, Vals[]>;
        for (const [actionType, key] of [['report', 'print'], ['action', 'action']]) {
          for (const action of bindings[actionType] ?? []) {
            const viewTypes = action.binding_view_types ? String(action.binding_view_types).split(',') : Object.keys(out);
            for (const t of viewTypes) {
              const vt = t === 'tree' ? 'list' : t;
              if (out[vt]) ((out[vt].toolbar as Record<string, Vals[]>)[key] ??= []).push(action);
            }
          }
        }
      }
      if (opts.load_filters && out.search && this.env.has('ir.filters')) {
        out.search.filters = this.env.model('ir.filters').get_filters(this._name, opts.action_id ?? null);
      }
      return result;
    }

    get_empty_list_help(help: unknown): unknown {
      return help;
    }

    get_formview_id(_accessUid: unknown = null): number | false {
      return false;
    }

    get_formview_action(accessUid: unknown = null): Vals {
      const viewId = this.sudo().get_formview_id(accessUid);
      return { type: 'ir.actions.act_window', res_model: this._name, views: [[viewId, 'form']], target: 'current', res_id: this.ids[0] ?? false, context: { ...this.env.context } };
    }
  },
};

export { param };

/** The view-related fields base adds to other models: ir.model.view_ids, res.company's report layout, res.country's address view, res.groups' menus and views. */
export const viewLinks: ModelDecl[] = [
  {
    _inherit: 'ir.model',
    fields: { view_ids: { type: 'one2many', comodel: 'ir.ui.view', inverse_name: 'model_id', string: 'Views', compute: '_view_ids', readonly: true } },
    methods: (Base) => class extends Base {
      _view_ids(): Map<number, unknown> {
        const out = new Map<number, unknown>();
        for (const [id, v] of this._values(['model'])) out.set(id, this.env.model('ir.ui.view').sudo()._searchIds([['model', '=', v.model]]));
        return out;
      }
    },
  },
  { _inherit: 'res.company', fields: { external_report_layout_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Document Template' } } },
  { _inherit: 'res.country', fields: { address_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Input View', domain: [['model', '=', 'res.partner'], ['type', '=', 'form']], help: 'Use this field if you want to replace the usual way to encode a complete address. Note that the address_format field is used to modify the way to display addresses (in reports for example), while this field is used to modify the input form for addresses.' } } },
  {
    _inherit: 'res.groups',
    fields: {
      menu_access: { type: 'many2many', comodel: 'ir.ui.menu', relation: 'ir_ui_menu_group_rel', column1: 'gid', column2: 'menu_id', string: 'Access Menu' },
      view_access: { type: 'many2many', comodel: 'ir.ui.view', relation: 'ir_ui_view_group_rel', column1: 'group_id', column2: 'view_id', string: 'Views' },
    },
  },
];
