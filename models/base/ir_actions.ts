/**
 * Actions (odoo/addons/base/models/ir_actions.py): ir.actions.actions and its kinds (window,
 * window close, URL, server, client, report), with get_bindings, _for_xml_id and the read shape
 * of /web/action/load.
 *
 * Odoo keeps every action kind in its own PostgreSQL table inheriting from ir_actions, so that
 * ids are unique across kinds and ir.actions.actions sees them all. SQLite has no table
 * inheritance: here every kind shares the one table ir_actions (each kind adds its columns), and
 * a kind's searches are restricted to its `type`. Ids are therefore unique across kinds and
 * ir.actions.actions reads any action's common fields, as in Odoo (docs/framework.md).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import type { SQL } from '../orm/sql';
import { param } from '../orm/signature';
import { AccessError, MissingError, PyKeyError, PyValueError, UserError, ValidationError } from '../orm/exceptions';
import { pyRepr } from '../tools/pyrepr';
import { safeEval } from '../tools/safe_eval';
import { pyTimeAt } from '../orm/security';
import * as security from '../orm/security';
import { codeRecordset, runPythonCode } from '../tools/python_code';
import { translatedSql } from '../orm/translate';
import { irActionsReport } from './ir_actions_report';

const ACTION_KINDS = ['ir.actions.act_window', 'ir.actions.act_window_close', 'ir.actions.act_url', 'ir.actions.server', 'ir.actions.client', 'ir.actions.report'];

const BASE_READABLE = ['binding_model_id', 'binding_type', 'binding_view_types', 'display_name', 'help', 'id', 'name', 'type', 'xml_id'];

/** Fields each kind lets /web/action/load and _for_xml_id return (_get_readable_fields). */
export const READABLE_FIELDS: Record<string, string[]> = {
  'ir.actions.actions': BASE_READABLE,
  'ir.actions.act_window': [...BASE_READABLE, 'context', 'mobile_view_mode', 'domain', 'filter', 'groups_id', 'limit', 'res_id', 'res_model', 'search_view_id', 'target', 'view_id', 'view_mode', 'views', 'flags'],
  'ir.actions.act_window_close': [...BASE_READABLE, 'effect', 'infos'],
  'ir.actions.act_url': [...BASE_READABLE, 'target', 'url', 'close'],
  'ir.actions.server': [...BASE_READABLE, 'groups_id', 'model_name'],
  'ir.actions.client': [...BASE_READABLE, 'context', 'params', 'res_model', 'tag', 'target'],
  'ir.actions.report': [...BASE_READABLE, 'context', 'data', 'close_on_report_download', 'report_file', 'report_name', 'report_type', 'target'],
};

const VIEW_MODES: Array<[string, string]> = [['tree', 'Tree'], ['form', 'Form'], ['graph', 'Graph'], ['pivot', 'Pivot'], ['calendar', 'Calendar'], ['gantt', 'Gantt'], ['kanban', 'Kanban'], ['activity', 'Activity']];

export const irActionsActions: ModelDecl = {
  _name: 'ir.actions.actions',
  _description: 'Actions',
  _table: 'ir_actions',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Action Name', required: true, translate: true },
    type: { type: 'char', string: 'Action Type', required: true },
    xml_id: { type: 'char', string: 'External ID', compute: '_compute_xml_id' },
    help: { type: 'html', string: 'Action Description', translate: true, help: 'Optional help text for the users with a description of the target view, such as its usage and purpose.' },
    binding_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Binding Model', ondelete: 'cascade', help: 'Setting a value makes this action available in the sidebar for the given model.' },
    binding_type: { type: 'selection', string: 'Binding Type', selection: [['action', 'Action'], ['report', 'Report']], required: true, default: 'action' },
    binding_view_types: { type: 'char', string: 'Binding View Types', default: 'list,form' },
  },
  rpc: {
    get_bindings: { api: 'model', params: ['model_name'] },
  },
  methods: (Base) => class extends Base {
    /** The action kind this model stands for, or null for ir.actions.actions itself. */
    _actionKind(): string | null {
      return ACTION_KINDS.includes(this._name) ? this._name : null;
    }

    /** A kind only sees its own rows of the shared table. */
    _fullDomain(domain: Domain, op = 'read'): { domain: Domain; rules: SQL | null } {
      const res = super._fullDomain(domain, op);
      const kind = this._actionKind();
      if (kind) res.domain = [['type', '=', kind], ...res.domain];
      return res;
    }

    exists(): this {
      const found = super.exists();
      const kind = this._actionKind();
      if (!kind || !found.ids.length) return found;
      const rows = this.env.cr.raw(`SELECT id FROM ir_actions WHERE type = ? AND id IN (${found.ids.map(() => '?').join(',')})`, [kind, ...found.ids]);
      const ok = new Set(rows.map((r) => r[0] as number));
      return this.browse(found.ids.filter((id) => ok.has(id)));
    }

    read(fields: unknown = null, load: unknown = '_classic_read'): Vals[] {
      // another kind's id is no record of this kind (Odoo's child tables do not have it)
      const kind = this._actionKind();
      if (!kind || !this.ids.length) return super.read(fields, load);
      const mine = this.exists();
      return mine.ids.length === this.ids.length ? super.read(fields, load) : mine.read(fields, load);
    }

    _create(valsList: Vals[]): this {
      const kind = this._actionKind();
      return super._create(kind ? valsList.map((v) => ({ ...v, type: kind })) : valsList);
    }

    _compute_xml_id(): Map<number, unknown> {
      const ext = this.get_external_id();
      return new Map(this.ids.map((id) => [id, ext[String(id)] || '']));
    }

    unlink(): boolean {
      // filters of deleted actions go with them (ondelete cascade does not reach ir_actions rows)
      if (this.env.has('ir.filters') && this.ids.length) {
        const filters = this.env.model('ir.filters').sudo()._searchIds([['action_id', 'in', this.ids]]);
        if (filters.length) this.env.model('ir.filters').sudo().browse(filters)._unlink();
      }
      if (this.ids.length) this.env.cr.run(`UPDATE res_users SET action_id = NULL WHERE action_id IN (${this.ids.map(() => '?').join(',')})`, this.ids);
      return super.unlink();
    }

    /** Actions bound to a model, by binding type, that the user may run (ir_actions.py get_bindings). */
    get_bindings(modelName: unknown): Record<string, Vals[]> {
      const result: Record<string, Vals[]> = {};
      const rows = this.env.cr.all<{ id: number; type: string; binding_type: string }>(
        'SELECT a.id, a.type, a.binding_type FROM ir_actions a JOIN ir_model m ON a.binding_model_id = m.id WHERE m.model = ? ORDER BY a.id', [String(modelName)]);
      const grouped: Record<string, Vals[]> = {};
      for (const r of rows) {
        if (!this.env.has(r.type)) continue;
        const Kind = this.env.model(r.type).sudo();
        const fields = ['name', 'binding_view_types', ...['groups_id', 'res_model', 'sequence'].filter((f) => Kind.cls._fields[f])];
        const [action] = Kind.browse([r.id]).read(fields, '_classic_read');
        if (!action) continue;
        (grouped[r.binding_type] ??= []).push(action);
      }
      if (grouped.action) grouped.action.sort((a, b) => Number(a.sequence ?? 0) - Number(b.sequence ?? 0));
      for (const [bindingType, actions] of Object.entries(grouped)) {
        const kept: Vals[] = [];
        for (const a of actions) {
          const action = { ...a };
          const groups = action.groups_id as number[] | undefined;
          delete action.groups_id;
          if (groups && groups.length && !groups.some((g) => this.env.userGroupIds().has(g))) continue;
          const resModel = action.res_model as string | undefined;
          delete action.res_model;
          if (resModel && (!this.env.has(resModel) || !security.checkAccessRights(this.env.model(resModel), 'read', false))) continue;
          kept.push(action);
        }
        if (kept.length) result[bindingType] = kept;
      }
      return result;
    }

    /** The action of an xml id as the web client reads it (_for_xml_id). */
    _for_xml_id(fullXmlId: string): Vals {
      const record = this.env.ref(fullXmlId) as AnyModel;
      if (this._name !== 'ir.actions.actions' && record._name !== this._name) throw new UserError(`${fullXmlId} is not a ${this._name}`);
      return record._get_action_dict();
    }

    _get_action_dict(): Vals {
      this.ensureOne();
      const readable = new Set(this._get_readable_fields());
      const [values] = this.sudo().read(null, '_classic_read');
      return Object.fromEntries(Object.entries(values ?? {}).filter(([k]) => readable.has(k)));
    }

    _get_readable_fields(): string[] {
      return READABLE_FIELDS[this._name] ?? BASE_READABLE;
    }

    /** Evaluation context of server actions and cron code (ir_actions.py _get_eval_context). */
    _get_eval_context(): Record<string, unknown> {
      return { uid: this.env.uid, user: this.env.user, time: pyTimeAt(this.env.cr.clock) };
    }
  },
};

export const irActionsActWindow: ModelDecl = {
  _name: 'ir.actions.act_window',
  _inherit: 'ir.actions.actions',
  _description: 'Action Window',
  _table: 'ir_actions',
  _order: 'name',
  fields: {
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.act_window' },
    view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'View Ref.', ondelete: 'set null' },
    domain: { type: 'char', string: 'Domain Value', help: 'Optional domain filtering of the destination data, as a Python expression' },
    context: { type: 'char', string: 'Context Value', default: '{}', required: true, help: 'Context dictionary as Python expression, empty by default (Default: {})' },
    res_id: { type: 'integer', string: 'Record ID', help: "Database ID of record to open in form view, when ``view_mode`` is set to 'form' only" },
    res_model: { type: 'char', string: 'Destination Model', required: true, help: 'Model name of the object to open in the view window' },
    target: { type: 'selection', string: 'Target Window', selection: [['current', 'Current Window'], ['new', 'New Window'], ['inline', 'Inline Edit'], ['fullscreen', 'Full Screen'], ['main', 'Main action of Current Window']], default: 'current' },
    view_mode: { type: 'char', string: 'View Mode', required: true, default: 'tree,form', help: "Comma-separated list of allowed view modes, such as 'form', 'tree', 'calendar', etc. (Default: tree,form)" },
    mobile_view_mode: { type: 'char', string: 'Mobile View Mode', default: 'kanban', help: "First view mode in mobile and small screen environments (default='kanban'). If it can't be found among available view modes, the same mode as for wider screens is used)" },
    usage: { type: 'char', string: 'Action Usage', help: 'Used to filter menu and home actions from the user form.' },
    view_ids: { type: 'one2many', comodel: 'ir.actions.act_window.view', inverse_name: 'act_window_id', string: 'No of Views' },
    views: { type: 'binary', string: 'Views', compute: '_compute_views', attachment: false, help: 'This function field computes the ordered list of views that should be enabled when displaying the result of an action, federating view mode, views and reference view. The result is returned as an ordered list of pairs (view_id,view_mode).' },
    limit: { type: 'integer', string: 'Limit', default: 80, help: 'Default limit for the list view' },
    groups_id: { type: 'many2many', comodel: 'res.groups', relation: 'ir_act_window_group_rel', column1: 'act_id', column2: 'gid', string: 'Groups' },
    search_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Search View Ref.' },
    filter: { type: 'boolean', string: 'Filter' },
  },
  constrains: { _check_model: ['res_model', 'binding_model_id'], _check_view_mode: ['view_mode'] },
  methods: (Base) => class extends Base {
    _check_model(): void {
      for (const [, v] of this._values(['res_model'])) {
        if (!this.env.has(String(v.res_model))) throw new ValidationError(`Invalid model name '${v.res_model}' in action definition.`);
      }
    }

    _check_view_mode(): void {
      for (const [, v] of this._values(['view_mode'])) {
        const modes = String(v.view_mode || '').split(',');
        if (new Set(modes).size !== modes.length) throw new ValidationError(`The modes in view_mode must not be duplicated: [${modes.map((m) => `'${m}'`).join(', ')}]`);
        if (modes.includes(' ')) throw new ValidationError(`No spaces allowed in view_mode: [${modes.map((m) => `'${m}'`).join(', ')}]`);
      }
    }

    _create(valsList: Vals[]): this {
      // a window action without a name takes its model's description
      return super._create(valsList.map((v) => (!v.name && typeof v.res_model === 'string' && this.env.has(v.res_model) ? { ...v, name: this.env.model(v.res_model).cls._description } : v)));
    }

    /** views: the view_ids lines, then view_id for its mode, then the remaining modes without a view. */
    _compute_views(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['view_ids', 'view_mode', 'view_id']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        const lines = this.env.model('ir.actions.act_window.view').sudo().browse(v.view_ids as number[])._values(['view_id', 'view_mode']);
        const views: Array<[number | false, string]> = (v.view_ids as number[]).map((l) => [lines.get(l)!.view_id as number | false, lines.get(l)!.view_mode as string]);
        const got = views.map((x) => x[1]);
        const missing = String(v.view_mode || '').split(',').filter((m) => !got.includes(m));
        if (missing.length) {
          if (v.view_id) {
            const type = this.env.model('ir.ui.view').sudo().browse([v.view_id as number]).get('type');
            if (missing.includes(type)) {
              missing.splice(missing.indexOf(type), 1);
              views.push([v.view_id as number, type]);
            }
          }
          views.push(...missing.map((m): [false, string] => [false, m]));
        }
        out.set(id, views);
      }
      return out;
    }

    read(fields: unknown = null, load: unknown = '_classic_read'): Vals[] {
      const result = super.read(fields, load);
      // the help message is the model's empty-list help (get_empty_list_help)
      if (!fields || (Array.isArray(fields) && (fields.length === 0 || fields.includes('help')))) {
        for (const values of result) {
          const model = values.res_model as string;
          if (model && this.env.has(model)) {
            const m = this.env.model(model);
            if (typeof m.get_empty_list_help === 'function') values.help = m.get_empty_list_help(values.help ?? '');
          }
        }
      }
      return result;
    }
  },
};

export const irActionsActWindowView: ModelDecl = {
  _name: 'ir.actions.act_window.view',
  _description: 'Action Window View',
  _table: 'ir_act_window_view',
  _rec_name: 'view_id',
  _order: 'sequence,id',
  fields: {
    sequence: { type: 'integer', string: 'Sequence' },
    view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'View' },
    view_mode: { type: 'selection', string: 'View Type', selection: VIEW_MODES, required: true },
    act_window_id: { type: 'many2one', comodel: 'ir.actions.act_window', string: 'Action', ondelete: 'cascade' },
    multi: { type: 'boolean', string: 'On Multiple Doc.', help: "If set to true, the action will not be displayed on the right toolbar of a form view." },
  },
  _sql_constraints: [['act_window_view_unique_mode_per_action', 'unique(act_window_id, view_mode)', 'View type must be unique for a window action.']],
};

export const irActionsActWindowClose: ModelDecl = {
  _name: 'ir.actions.act_window_close',
  _inherit: 'ir.actions.actions',
  _description: 'Action Window Close',
  _table: 'ir_actions',
  fields: {
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.act_window_close' },
  },
};

export const irActionsActUrl: ModelDecl = {
  _name: 'ir.actions.act_url',
  _inherit: 'ir.actions.actions',
  _description: 'Action URL',
  _table: 'ir_actions',
  _order: 'name',
  fields: {
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.act_url' },
    url: { type: 'text', string: 'Action URL', required: true },
    target: { type: 'selection', string: 'Action Target', selection: [['new', 'New Window'], ['self', 'This Window'], ['download', 'Download']], default: 'new', required: true },
  },
};

export const irActionsServer: ModelDecl = {
  _name: 'ir.actions.server',
  _inherit: 'ir.actions.actions',
  _description: 'Server Action',
  _table: 'ir_actions',
  _order: 'sequence,name',
  fields: {
    name: { type: 'char', string: 'Action Name', required: true, translate: true },
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.server' },
    usage: { type: 'selection', string: 'Usage', selection: [['ir_actions_server', 'Server Action'], ['ir_cron', 'Scheduled Action']], default: 'ir_actions_server', required: true },
    state: {
      type: 'selection', string: 'Type', required: true, default: 'object_write',
      selection: [['object_write', 'Update Record'], ['object_create', 'Create Record'], ['code', 'Execute Code'], ['webhook', 'Send Webhook Notification'], ['multi', 'Execute Existing Actions']],
    },
    sequence: { type: 'integer', string: 'Sequence', default: 5, help: 'When dealing with multiple actions, the execution order is based on the sequence. Low number means high priority.' },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model', required: true, ondelete: 'cascade', index: true, help: 'Model on which the server action runs.' },
    available_model_ids: { type: 'many2many', comodel: 'ir.model', string: 'Available Models', compute: '_compute_available_model_ids' },
    model_name: { type: 'char', string: 'Model Name', related: 'model_id.model', readonly: true, store: true },
    code: { type: 'text', string: 'Python Code', groups: 'base.group_system', help: 'Write Python code that the action will execute. Some variables are available for use; help about python expression is given in the help tab.' },
    child_ids: { type: 'many2many', comodel: 'ir.actions.server', relation: 'rel_server_actions', column1: 'server_id', column2: 'action_id', string: 'Child Actions', help: 'Child server actions that will be executed. Note that the last return returned action value will be used as global return value.' },
    crud_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Record to Create', help: 'Model for record creation / update. Set this field only to specify a different model than the base model.' },
    crud_model_name: { type: 'char', string: 'Target Model Name', related: 'crud_model_id.model', readonly: true },
    link_field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Link Field', help: 'Specify a field used to link the newly created record on the record used by the server action.' },
    groups_id: { type: 'many2many', comodel: 'res.groups', relation: 'ir_act_server_group_rel', column1: 'act_id', column2: 'gid', string: 'Allowed Groups', help: 'Groups that can execute the server action. Leave empty to allow everybody.' },
    update_field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Field to Update', ondelete: 'cascade' },
    update_path: { type: 'char', string: 'Field to Update Path', help: "Path to the field to update, e.g. 'partner_id.name'" },
    update_related_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Update Related Model', readonly: true },
    update_m2m_operation: { type: 'selection', string: 'Many2many Operations', selection: [['add', 'Adding'], ['remove', 'Removing'], ['set', 'Setting it to'], ['clear', 'Clearing it']], default: 'add' },
    update_boolean_value: { type: 'selection', string: 'Boolean Value', selection: [['true', 'Yes (True)'], ['false', 'No (False)']], default: 'true' },
    value: { type: 'text', string: 'Value', help: 'For Python expressions, this field may hold a Python expression that can use the same values as for the code field on the server action,e.g. `env.user.name` to set the current user\'s name as the value or `record.id` to set the ID of the record on which the action is run.\n\nFor Static values, the value will be used directly without evaluation, e.g.`42` or `My custom name` or the selected record.' },
    evaluation_type: { type: 'selection', string: 'Value Type', selection: [['value', 'Update'], ['equation', 'Compute']], default: 'value', change_default: true },
    webhook_url: { type: 'char', string: 'Webhook URL', help: 'URL to send the POST request to.' },
    update_field_type: {
      type: 'selection', string: 'Field Type', related: 'update_field_id.ttype', readonly: true,
      selection: ['binary', 'boolean', 'char', 'date', 'datetime', 'float', 'html', 'integer', 'json', 'many2many', 'many2one', 'many2one_reference', 'monetary', 'one2many', 'properties', 'properties_definition', 'reference', 'selection', 'text'].map((t): [string, string] => [t, t]),
    },
    resource_ref: { type: 'reference', string: 'Record', selection: (env: any) => env.cr.all(`SELECT model, ${translatedSql('name', env)} AS name FROM ir_model ORDER BY 2`).map((r: { model: string; name: string }) => [r.model, r.name]) },
    value_field_to_show: { type: 'selection', string: 'Value Field To Show', compute: '_compute_value_field_to_show', selection: [['value', 'value'], ['resource_ref', 'reference'], ['update_boolean_value', 'update_boolean_value'], ['selection_value', 'selection_value']] },
    webhook_field_ids: { type: 'many2many', comodel: 'ir.model.fields', relation: 'ir_act_server_webhook_field_rel', column1: 'server_id', column2: 'field_id', string: 'Webhook Fields', help: 'Fields to send in the POST request. The id and model of the record are always sent as \'_id\' and \'_model\'. The name of the action that triggered the webhook is always sent as \'_name\'.' },
    webhook_sample_payload: { type: 'text', string: 'Sample Payload', compute: '_compute_webhook_sample_payload' },
  },
  rpc: {
    run: { api: 'multi', params: [] },
    create_action: { api: 'multi', params: [] },
    unlink_action: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_value_field_to_show(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['update_field_id'])) {
        const ttype = v.update_field_id ? this.env.cr.get<{ ttype: string }>('SELECT ttype FROM ir_model_fields WHERE id = ?', [v.update_field_id as number])?.ttype : null;
        out.set(id, ttype === 'many2one' || ttype === 'many2many' ? 'resource_ref' : ttype === 'boolean' ? 'update_boolean_value' : ttype === 'selection' ? 'selection_value' : 'value');
      }
      return out;
    }

    _compute_webhook_sample_payload(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['state', 'name', 'model_name'])) {
        out.set(id, v.state === 'webhook' ? JSON.stringify({ _action: `${v.name}(#${id})`, _id: 1, _model: v.model_name }, null, 4) : false);
      }
      return out;
    }

    _compute_available_model_ids(): Map<number, unknown> {
      const ids = this.env.model('ir.model').sudo()._searchIds([]);
      return new Map(this.ids.map((id) => [id, ids]));
    }

    create_action(): boolean {
      // reads the model as the caller first (the read ACL answers before the write one, as in Odoo)
      for (const r of this.read(['model_id']) as Vals[]) {
        const model = r.model_id as [number, string] | false;
        this.browse([r.id as number]).write({ binding_model_id: model ? model[0] : false, binding_type: 'action' });
      }
      return true;
    }

    unlink_action(): boolean {
      this.check_access_rights('write');
      this.write({ binding_model_id: false });
      return true;
    }

    /** run(): check the user's rights, then each action's runner for the context's active records. */
    run(): unknown {
      let res: unknown = false;
      for (const id of this.ids) {
        const action = this.sudo().browse([id]);
        const v = action._values(['groups_id', 'model_name', 'state', 'code', 'child_ids'] as string[]).get(id);
        if (!v) throw new MissingError(`Record does not exist or has been deleted.\n(Record: ${this._name}(${id},), User: ${this.env.uid})`);
        const groups = v.groups_id as number[];
        if (groups.length) {
          if (!groups.some((g) => this.env.userGroupIds().has(g))) throw new AccessError("You don't have enough access rights to run this action.");
        } else {
          security.checkAccessRights(this.env.model(String(v.model_name)), 'write');
        }
        const ctx = this.env.context;
        const model = this.env.model(String(v.model_name));
        const activeIds = Array.isArray(ctx.active_ids) ? (ctx.active_ids as number[]) : typeof ctx.active_id === 'number' ? [ctx.active_id] : [];
        const records = ctx.active_model === v.model_name ? model.browse(activeIds) : model.browse([]);
        if (records.ids.length) security.checkAccessRule(records, 'write');
        if (v.state === 'code') {
          const evalContext = {
            ...(this as unknown as { _get_eval_context(): Record<string, unknown> })._get_eval_context(),
            model: codeRecordset(model), records: codeRecordset(records), record: records.ids.length === 1 ? codeRecordset(records) : null,
            log: () => null, UserError, Warning: UserError,
          };
          const scope = runPythonCode(String(v.code ?? ''), evalContext);
          res = scope.action ?? res;
        } else if (v.state === 'multi') {
          for (const child of v.child_ids as number[]) {
            const r = this.browse([child]).run();
            if (r) res = r;
          }
        } else if (v.state === 'object_write' || v.state === 'object_create' || v.state === 'webhook') {
          throw new UserError(`Server actions of type '${v.state}' are not run by this server.`);
        }
      }
      return res || false;
    }
  },
};

export const irActionsClient: ModelDecl = {
  _name: 'ir.actions.client',
  _inherit: 'ir.actions.actions',
  _description: 'Client Action',
  _table: 'ir_actions',
  _order: 'name',
  fields: {
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.client' },
    tag: { type: 'char', string: 'Client action tag', required: true, help: 'An arbitrary string, interpreted by the client according to its own needs and wishes. There is no central tag repository across clients.' },
    target: { type: 'selection', string: 'Target Window', selection: [['current', 'Current Window'], ['new', 'New Window'], ['fullscreen', 'Full Screen'], ['main', 'Main action of Current Window']], default: 'current' },
    res_model: { type: 'char', string: 'Destination Model', help: 'Optional model, mostly used for needactions.' },
    context: { type: 'char', string: 'Context Value', default: '{}', required: true, help: 'Context dictionary as Python expression, empty by default (Default: {})' },
    params: { type: 'binary', string: 'Supplementary arguments', compute: '_compute_params', inverse: '_inverse_params', attachment: false, help: 'Arguments sent to the client along with the view tag' },
    params_store: { type: 'binary', string: 'Params storage', readonly: true, attachment: false },
  },
  methods: (Base) => class extends Base {
    _compute_params(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this.withContext({ ...this.env.context, bin_size: false })._values(['params_store'])) {
        out.set(id, v.params_store ? safeEval(String(v.params_store), { uid: this.env.uid }) : false);
      }
      return out;
    }

    _inverse_params(_f: unknown, value: unknown): void {
      const store = value && typeof value === 'object' ? pyReprDict(value as Record<string, unknown>) : value;
      this._write({ params_store: store || false });
    }
  },
};

/** repr() of a params dict (JSON values only), as Odoo stores it in params_store. */
function pyReprDict(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyReprDict).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyReprDict(k)}: ${pyReprDict(x)}`).join(', ')}}`;
}

/** The kinds' model declarations, in Odoo's definition order. */
export const actionModels: ModelDecl[] = [
  irActionsActions, irActionsActWindow, irActionsActWindowView, irActionsActWindowClose, irActionsActUrl,
  irActionsServer, irActionsClient, irActionsReport,
];

/**
 * web's clean_action (addons/web/controllers/utils.py): a default type; for window actions
 * fix_view_modes (`views` generated from view_mode/view_id when missing, 'tree' read as 'list');
 * then only the fields the action kind lets the web client read, and properties that are no field.
 */
export function cleanAction(env: { has(m: string): boolean; model(m: string): AnyModel }, given: Vals): Vals {
  const out: Vals = { ...given };
  if (!('type' in out)) out.type = 'ir.actions.act_window_close';
  if (out.type === 'ir.actions.act_window') fixViewModes(out, given);
  const type = String(out.type);
  const readable = new Set(READABLE_FIELDS[type] ?? BASE_READABLE);
  const typeFields = env.has(type) ? env.model(type).cls._fields : {};
  return Object.fromEntries(Object.entries(out).filter(([k]) => readable.has(k) || !(k in typeFields)));
}

function fixViewModes(out: Vals, action: Vals): void {
  if (!Array.isArray(out.views) || !out.views.length) {
    if (typeof out.view_mode !== 'string') throw new PyKeyError('view_mode');
    let viewId = out.view_id || false;
    if (Array.isArray(viewId)) viewId = viewId[0];
    const modes = out.view_mode.split(',');
    if (modes.length > 1 && viewId) {
      throw new PyValueError(`Non-db action dictionaries should provide either multiple view modes or a single view mode and an optional view id.\n\n Got view modes ${pyRepr(modes)} and view id ${pyRepr(viewId)} for action ${pyRepr(action)}`);
    }
    out.views = modes.length > 1 ? modes.map((m) => [false, m]) : [[viewId, modes[0]]];
  }
  const viewType = out.view_type ?? 'form';
  delete out.view_type;
  if (viewType !== 'form') return;
  if (typeof out.view_mode === 'string') out.view_mode = out.view_mode.split(',').map((m) => (m === 'tree' ? 'list' : m)).join(',');
  out.views = (out.views as Array<[unknown, string]>).map(([id, mode]) => [id, mode === 'tree' ? 'list' : mode]);
}


export { MissingError, param };
export type { BaseModel };
