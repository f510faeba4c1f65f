/**
 * Metadata models of the base addon: ir.model, ir.model.fields (rows generated from the
 * registry), ir.model.data (xml ids), ir.model.access, ir.rule, ir.module.category,
 * ir.config_parameter, ir.sequence.
 */
import crypto from 'crypto';
import { utcDatetime } from '../tools/clock';
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, ModelClass } from '../orm/model';
import { param } from '../orm/signature';
import { AccessError, PyValueError, ValidationError } from '../orm/exceptions';
import { pyRepr } from '../tools/pyrepr';
import { checkAccessRights, ruleEvalContext } from '../orm/security';
import { DomainCompiler } from '../orm/domain';
import { safeEval } from '../tools/safe_eval';
import type { Field } from '../orm/fields';
import { translatedSql } from '../orm/translate';
import { missingError } from '../tools/missing';

const FIELD_TYPES: Array<[string, string]> = [
  'binary', 'boolean', 'char', 'date', 'datetime', 'float', 'html', 'integer', 'json', 'many2many',
  'many2one', 'many2one_reference', 'monetary', 'one2many', 'properties', 'properties_definition',
  'reference', 'selection', 'text',
].map((t) => [t, t]);

export const irModel: ModelDecl = {
  _name: 'ir.model',
  _description: 'Models',
  _order: 'model',
  _rec_names_search: ['name', 'model'],
  fields: {
    name: { type: 'char', string: 'Model Description', required: true, translate: true },
    model: { type: 'char', string: 'Model', required: true, default: 'x_' },
    order: { type: 'char', string: 'Order', required: true, default: 'id' },
    info: { type: 'text', string: 'Information' },
    field_id: { type: 'one2many', comodel: 'ir.model.fields', inverse_name: 'model_id', string: 'Fields', required: true },
    inherited_model_ids: { type: 'many2many', comodel: 'ir.model', string: 'Inherited models', compute: '_compute_inherited_models', help: 'The list of models that extends the current model.' },
    state: { type: 'selection', string: 'Type', selection: [['manual', 'Custom Object'], ['base', 'Base Object']], default: 'manual', readonly: true },
    access_ids: { type: 'one2many', comodel: 'ir.model.access', inverse_name: 'model_id', string: 'Access' },
    rule_ids: { type: 'one2many', comodel: 'ir.rule', inverse_name: 'model_id', string: 'Record Rules' },
    transient: { type: 'boolean', string: 'Transient Model' },
    modules: { type: 'char', string: 'In Apps', compute: '_compute_modules' },
    count: { type: 'integer', string: 'Count (Incl. Archived)', compute: '_compute_count', help: 'Total number of records in this model' },
    // mail's flags, stored on the model row (not computed from the mixins here)
    is_mail_thread: { type: 'boolean', string: 'Has Mail Thread' },
    is_mail_activity: { type: 'boolean', string: 'Has Mail Activity' },
    is_mail_blacklist: { type: 'boolean', string: 'Has Mail Blacklist' },
  },
  _sql_constraints: [['obj_name_uniq', 'unique (model)', 'Each model must have a unique name.']],
  methods: (Base) => class extends Base {
    /** The models this one inherits from (`_inherit` parents), as ir.model ids. */
    _compute_inherited_models(): Map<number, unknown> {
      const vals = this._values(['model']);
      return new Map(this.ids.map((id) => {
        const M = this.env.registry.get(vals.get(id)?.model as string);
        const parents = M ? Object.keys(M._inherits) : [];
        return [id, parents.length ? this.env.model('ir.model').sudo()._searchIds([['model', 'in', parents]]) : []];
      }));
    }
    _compute_count(): Map<number, unknown> {
      const vals = this._values(['model']);
      return new Map(this.ids.map((id) => {
        const M = this.env.registry.get(vals.get(id)?.model as string);
        const n = M && !M._transient ? this.env.cr.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${M._table}"`)?.n ?? 0 : 0;
        return [id, n];
      }));
    }
    _compute_modules(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['model']);
      for (const id of this.ids) {
        const M = this.env.registry.get(vals.get(id)?.model as string);
        out.set(id, M ? M._modules.join(', ') : false);
      }
      return out;
    }
  },
};

export const irModelFields: ModelDecl = {
  _name: 'ir.model.fields',
  _description: 'Fields',
  _order: 'name, id',
  _rec_name: 'field_description',
  fields: {
    name: { type: 'char', string: 'Field Name', required: true, index: true },
    complete_name: { type: 'char', index: true },
    model: { type: 'char', string: 'Model Name', required: true, index: true },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model', required: true, ondelete: 'cascade', index: true },
    field_description: { type: 'char', string: 'Field Label', required: true, translate: true },
    help: { type: 'text', string: 'Field Help', translate: true },
    ttype: { type: 'selection', string: 'Field Type', selection: FIELD_TYPES, required: true },
    relation: { type: 'char', string: 'Related Model' },
    relation_field: { type: 'char', string: 'Relation Field' },
    selection: { type: 'char', string: 'Selection Options (Deprecated)' },
    required: { type: 'boolean' },
    readonly: { type: 'boolean' },
    index: { type: 'boolean', string: 'Indexed' },
    translate: { type: 'boolean', string: 'Translatable' },
    size: { type: 'integer' },
    state: { type: 'selection', string: 'Type', selection: [['manual', 'Custom Field'], ['base', 'Base Field']], default: 'manual', required: true, readonly: true, index: true },
    on_delete: { type: 'selection', string: 'On Delete', selection: [['cascade', 'Cascade'], ['set null', 'Set NULL'], ['restrict', 'Restrict']], default: 'set null' },
    domain: { type: 'char', default: '[]' },
    groups: { type: 'many2many', comodel: 'res.groups', relation: 'ir_model_fields_group_rel', column1: 'field_id', column2: 'group_id', string: 'Groups' },
    store: { type: 'boolean', string: 'Stored', default: true },
    copied: { type: 'boolean', string: 'Copied' },
    related: { type: 'char', string: 'Related Field' },
    related_field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Related field', ondelete: 'cascade', readonly: true },
    relation_field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Relation field', ondelete: 'cascade', readonly: true },
    depends: { type: 'char', string: 'Dependencies' },
    compute: { type: 'text' },
    relation_table: { type: 'char' },
    column1: { type: 'char', string: 'Column 1' },
    column2: { type: 'char', string: 'Column 2' },
    modules: { type: 'char', string: 'In Apps', readonly: true },
    group_expand: { type: 'boolean', string: 'Expand Groups' },
    selectable: { type: 'boolean', string: 'Selectable', default: true },
    currency_field: { type: 'char', string: 'Currency field' },
    sanitize: { type: 'boolean', string: 'Sanitize HTML', default: true },
    sanitize_overridable: { type: 'boolean', string: 'Sanitize HTML overridable' },
    sanitize_tags: { type: 'boolean', string: 'Sanitize HTML Tags', default: true },
    sanitize_attributes: { type: 'boolean', string: 'Sanitize HTML Attributes', default: true },
    sanitize_style: { type: 'boolean', string: 'Sanitize HTML Style' },
    sanitize_form: { type: 'boolean', string: 'Sanitize HTML Form', default: true },
    strip_style: { type: 'boolean', string: 'Strip Style Attribute' },
    strip_classes: { type: 'boolean', string: 'Strip Class Attribute' },
    tracking: { type: 'integer', string: 'Enable Ordered Tracking' },
  },
  methods: (Base) => class extends Base {
    /** "Label (Model description)", or the label alone with context hide_model (ir.model.fields._compute_display_name). */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['field_description', 'model']);
      const hide = !!this.env.context.hide_model;
      const names = new Map<string, string>();
      for (const v of vals.values()) {
        const m = String(v.model);
        if (!names.has(m)) names.set(m, this.env.cr.get<{ name: string }>(`SELECT ${translatedSql('name', this.env)} AS name FROM ir_model WHERE model = ?`, [m])?.name ?? m);
      }
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, hide ? v.field_description : `${v.field_description} (${names.get(String(v.model))})`];
      }));
    }
  },
};

export const irModelData: ModelDecl = {
  _name: 'ir.model.data',
  _description: 'Model Data',
  _order: 'module, model, name',
  // ir_model.py _auto_init: every xml id lookup goes by (module, name) (Odoo's index is unique;
  // the ORM keeps xml ids unique itself), the xml ids of records by (model, res_id)
  _indexes: [
    ['ir_model_data_module_name_uniq_index', 'module, name'],
    ['ir_model_data_model_res_id_index', 'model, res_id'],
  ],
  fields: {
    name: { type: 'char', string: 'External Identifier', required: true },
    complete_name: { type: 'char', string: 'Complete ID', compute: '_compute_complete_name' },
    model: { type: 'char', string: 'Model Name', required: true },
    module: { type: 'char', default: '', required: true },
    res_id: { type: 'many2one_reference', string: 'Record ID' },
    noupdate: { type: 'boolean', string: 'Non Updatable', default: false },
    reference: { type: 'char', compute: '_compute_reference' },
  },
  _sql_constraints: [['name_nospaces', 'CHECK(name NOT LIKE \'% %\')', 'External IDs cannot contain spaces']],
  rpc: {
    check_object_reference: { api: 'model', params: ['module', 'xml_id', param('raise_on_access_error', false)] },
  },
  methods: (Base) => class extends Base {
    _compute_complete_name(): Map<number, unknown> {
      const vals = this._values(['module', 'name']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)?.module}.${vals.get(id)?.name}`]));
    }
    _compute_reference(): Map<number, unknown> {
      const vals = this._values(['model', 'res_id']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)?.model},${vals.get(id)?.res_id}`]));
    }
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['model', 'res_id', 'module', 'name']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const v = vals.get(id)!;
        let name: unknown = false;
        if (this.env.has(v.model as string)) name = this.env.model(v.model as string).browse([v.res_id as number])._displayNames().get(v.res_id as number) ?? false;
        out.set(id, name || `${v.module}.${v.name}`);
      }
      return out;
    }
    check_object_reference(module: unknown, xmlId: unknown, raiseOnAccessError: unknown = false): [string, number | false] {
      const ref = this.env.xmlidLookup(`${module}.${xmlId}`);
      if (!ref) throw new PyValueError(`External ID not found in the system: ${module}.${xmlId}`);
      const [model, resId] = ref;
      const rec = this.env.model(model).browse([resId]);
      const visible = rec.search([['id', '=', resId]]).ids.length > 0 || this.env.su;
      if (!visible) {
        if (raiseOnAccessError) throw new AccessError(`Not enough access rights on the external ID "${module}.${xmlId}"`);
        return [model, false];
      }
      return [model, resId];
    }
  },
};

export const irModelAccess: ModelDecl = {
  _name: 'ir.model.access',
  _description: 'Model Access',
  _order: 'model_id,group_id,name,id',
  fields: {
    name: { type: 'char', required: true, index: true },
    active: { type: 'boolean', default: true },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model', required: true, ondelete: 'cascade', index: true },
    group_id: { type: 'many2one', comodel: 'res.groups', string: 'Group', ondelete: 'restrict', index: true },
    perm_read: { type: 'boolean', string: 'Read Access' },
    perm_write: { type: 'boolean', string: 'Write Access' },
    perm_create: { type: 'boolean', string: 'Create Access' },
    perm_unlink: { type: 'boolean', string: 'Delete Access' },
  },
};

export const irRule: ModelDecl = {
  _name: 'ir.rule',
  _description: 'Record Rule',
  _order: 'model_id DESC,id',
  fields: {
    name: { type: 'char', index: true },
    active: { type: 'boolean', default: true },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model', required: true, index: true, ondelete: 'cascade' },
    groups: { type: 'many2many', comodel: 'res.groups', relation: 'rule_group_rel', column1: 'rule_group_id', column2: 'group_id' },
    domain_force: { type: 'text', string: 'Domain' },
    perm_read: { type: 'boolean', string: 'Read', default: true },
    perm_write: { type: 'boolean', string: 'Write', default: true },
    perm_create: { type: 'boolean', string: 'Create', default: true },
    perm_unlink: { type: 'boolean', string: 'Delete', default: true },
    global: { type: 'boolean', compute: '_compute_global', store: true, depends: ['groups'] },
  },
  _sql_constraints: [['no_access_rights', 'CHECK (perm_read!=0 or perm_write!=0 or perm_create!=0 or perm_unlink!=0)', 'Rule must have at least one checked access right!']],
  constrains: { _check_model_id: ['model_id'], _check_domain: ['domain_force', 'active', 'model_id'] },
  methods: (Base) => class extends Base {
    _compute_global(): Map<number, unknown> {
      const groups = this._values(['groups']);
      return new Map(this.ids.map((id) => [id, !((groups.get(id)?.groups as number[]) ?? []).length]));
    }
    _afterMany2manyWrite(f: Field): void {
      if (f.name === 'groups') this._recomputeFields(['global']);
    }
    _check_model_id(): void {
      for (const rec of this.ids.map((id) => this.browse([id]))) {
        const model = rec.rel('model_id').sudo().get('model');
        if (model === 'ir.rule') throw new ValidationError('Rules can not be applied on the Record Rules model.');
      }
    }
    _check_domain(): void {
      for (const id of this.ids) {
        const v = this.sudo().browse([id])._values(['domain_force', 'model_id', 'active']).get(id);
        if (!v || !v.active || !v.domain_force) continue;
        const model = this.env.model('ir.model').sudo().browse([v.model_id as number]).get('model') as string;
        if (!this.env.has(model)) continue;
        const target = this.env.model(model);
        try {
          const dom = safeEval(v.domain_force as string, ruleEvalContext(target));
          new DomainCompiler(target.sudo(), target.cls._table).compile(dom as unknown[]);
        } catch (e) {
          throw new ValidationError(`Invalid domain: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  },
};

/**
 * Parameters every database has (ir_config_parameter.py `_default_parameters`): created when
 * the table is made, so they take ids 1 to 6; database.secret/uuid/create_date are set again
 * for each new database (DatabaseManager.create).
 */
export const DEFAULT_PARAMETERS: Array<[string, (nowMs: number) => string]> = [
  ['database.secret', () => crypto.randomUUID()],
  ['database.uuid', () => crypto.randomUUID()],
  ['database.create_date', (nowMs) => utcDatetime(nowMs)],
  ['web.base.url', () => 'http://localhost:8069'],
  ['base.login_cooldown_after', () => '10'],
  ['base.login_cooldown_duration', () => '60'],
];

export const irConfigParameter: ModelDecl = {
  _name: 'ir.config_parameter',
  _description: 'System Parameter',
  _order: 'key',
  _rec_name: 'key',
  fields: {
    key: { type: 'char', required: true },
    value: { type: 'text', required: true },
  },
  _sql_constraints: [['key_uniq', 'unique (key)', 'Key must be unique.']],
  rpc: {
    get_param: { api: 'model', params: ['key', param('default', false)] },
    set_param: { api: 'model', params: ['key', 'value'] },
  },
  methods: (Base) => class extends Base {
    get_param(key: unknown, dflt: unknown = false): unknown {
      checkAccessRights(this, 'read');
      const row = this.env.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [String(key)]);
      return row && row.value ? row.value : dflt;
    }
    set_param(key: unknown, value: unknown): unknown {
      const k = String(key);
      const existing = this.search([['key', '=', k]]);
      if (existing.ids.length) {
        const old = existing.get('value');
        if (value === false || value === null) existing.unlink();
        else if (String(value) !== old) existing.write({ value: String(value) });
        return old;
      }
      if (value !== false && value !== null) this.create({ key: k, value: String(value) });
      return false;
    }
    /** Create the default parameters that are missing (all of them again with `force`), as Odoo's init. */
    init(force: unknown = false): void {
      for (const [key, make] of DEFAULT_PARAMETERS) {
        if (force || !this.sudo().search([['key', '=', key]]).ids.length) this.sudo().set_param(key, make(this.env.cr.clock.now()));
      }
    }
  },
};

export const irSequence: ModelDecl = {
  _name: 'ir.sequence',
  _description: 'Sequence',
  _order: 'name',
  fields: {
    name: { type: 'char', required: true },
    code: { type: 'char', string: 'Sequence Code' },
    implementation: { type: 'selection', selection: [['standard', 'Standard'], ['no_gap', 'No gap']], required: true, default: 'standard' },
    active: { type: 'boolean', default: true },
    prefix: { type: 'char' },
    suffix: { type: 'char' },
    number_next: { type: 'integer', string: 'Next Number', required: true, default: 1 },
    number_increment: { type: 'integer', string: 'Step', required: true, default: 1 },
    padding: { type: 'integer', string: 'Sequence Size', required: true, default: 0 },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company' },
    // Odoo computes it from the PostgreSQL sequence; here the stored counter is the next number
    number_next_actual: { type: 'integer', string: 'Actual Next Number', compute: '_compute_number_next_actual', inverse: '_inverse_number_next_actual' },
    use_date_range: { type: 'boolean', string: 'Use subsequences per date_range' },
  },
  rpc: {
    next_by_code: { api: 'model', params: ['sequence_code', param('sequence_date', null)] },
    next_by_id: { api: 'multi', params: [param('sequence_date', null)] },
  },
  methods: (Base) => class extends Base {
    _compute_number_next_actual(): Map<number, unknown> {
      const vals = this._values(['number_next']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.number_next ?? 0]));
    }
    _inverse_number_next_actual(_f: unknown, value: unknown): void {
      this._write({ number_next: value || 1 });
    }
    _next(): string {
      const v = this._values(['prefix', 'suffix', 'number_next', 'number_increment', 'padding']).get(this.ids[0])!;
      const n = v.number_next as number;
      this.env.cr.run('UPDATE ir_sequence SET number_next = number_next + ? WHERE id = ?', [v.number_increment as number, this.ids[0]]);
      this.env.cache.invalidate('ir.sequence');
      const now = new Date(this.env.cr.clock.now());
      const interp = (s: unknown) => (typeof s === 'string' ? s.replace(/%\((year|month|day|y)\)s/g, (_, k: string) => ({
        year: String(now.getUTCFullYear()), y: String(now.getUTCFullYear()).slice(2),
        month: String(now.getUTCMonth() + 1).padStart(2, '0'), day: String(now.getUTCDate()).padStart(2, '0'),
      } as Record<string, string>)[k]) : '');
      return `${interp(v.prefix)}${String(n).padStart(v.padding as number, '0')}${interp(v.suffix)}`;
    }
    next_by_code(code: unknown): string | false {
      checkAccessRights(this, 'read');
      const { companyId } = this.env.companyInfo();
      const ids = this.sudo()._searchIds([['code', '=', code], ['company_id', 'in', [companyId, false]]], { order: 'company_id' });
      if (!ids.length) return false;
      return this.sudo().browse([ids[0]])._next();
    }
    next_by_id(): string {
      checkAccessRights(this, 'read');
      this.ensureOne();
      if (!this.exists().ids.length) throw missingError(this, this.ids);
      return this.sudo()._next();
    }
  },
};

/** A translated column's value holding only en_US (translate.ts). */
function enUS(value: string | null): string | null {
  return value === null ? null : JSON.stringify({ en_US: value });
}

/** ir.model / ir.model.fields rows are generated from the registry (not typed by hand). */
export function reflectModels(env: { model(n: string): BaseModel; registry: { models: Map<string, ModelClass> }; cr: BaseModel['env']['cr'] }): void {
  const cr = env.cr;
  const existing = new Map(cr.all<{ id: number; model: string }>('SELECT id, model FROM ir_model').map((r) => [r.model, r.id]));
  const now = utcDatetime(cr.clock.now());
  for (const M of env.registry.models.values()) {
    let id = existing.get(M._name);
    // translated columns: the en_US value (translate.ts)
    const vals = [enUS(M._description), M._info || null, M._transient ? 1 : 0, M._order];
    if (id === undefined) {
      id = Number(cr.run('INSERT INTO ir_model (model, name, info, transient, "order", state, create_uid, write_uid, create_date, write_date) VALUES (?, ?, ?, ?, ?, \'base\', 1, 1, ?, ?)',
        [M._name, ...vals, now, now]).lastInsertRowid);
      const xmlName = `model_${M._name.replace(/\./g, '_')}`;
      cr.run('INSERT OR IGNORE INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, write_uid, create_date, write_date) VALUES (?, ?, \'ir.model\', ?, 0, 1, 1, ?, ?)',
        [M._module, xmlName, id, now, now]);
    } else {
      cr.run('UPDATE ir_model SET name = ?, info = ?, transient = ?, "order" = ? WHERE id = ?', [...vals, id]);
    }
    // every module that extends the model has the xml id too (ir_model.py _reflect_models), so
    // an addon's ir.model.access.csv names model_res_partner without a prefix
    const xmlName = `model_${M._name.replace(/\./g, '_')}`;
    for (const module of M._modules) {
      if (module === M._module) continue;
      if (cr.get("SELECT 1 FROM ir_model_data WHERE module = ? AND name = ?", [module, xmlName])) continue;
      cr.run('INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, write_uid, create_date, write_date) VALUES (?, ?, \'ir.model\', ?, 0, 1, 1, ?, ?)',
        [module, xmlName, id, now, now]);
    }
    const have = new Set(cr.all<{ name: string }>('SELECT name FROM ir_model_fields WHERE model_id = ?', [id]).map((r) => r.name));
    for (const f of Object.values(M._fields)) {
      if (have.has(f.name)) continue;
      cr.run(`INSERT INTO ir_model_fields (name, complete_name, model, model_id, field_description, help, ttype, relation, relation_field, selection,
                required, readonly, "index", translate, size, state, on_delete, domain, store, copied, related, depends, relation_table, column1, column2,
                modules, create_uid, write_uid, create_date, write_date)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'base', ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)`,
      [f.name, `${M._name}.${f.name}`, M._name, id, enUS(f.string), enUS(f.spec.help ?? null), f.type, f.comodel || null, f.spec.inverse_name ?? null,
        Array.isArray(f.spec.selection) ? pyRepr(f.spec.selection.map(([a, b]) => [a, b])) : null,
        f.required ? 1 : 0, f.readonly ? 1 : 0, f.spec.index ? 1 : 0, f.spec.translate ? 1 : 0, f.spec.size ?? null,
        f.type === 'many2one' ? f.ondelete : null, f.store || f.x2many ? 1 : 0, f.copy ? 1 : 0,
        f.spec.related ?? null, (f.spec.depends ?? []).join(',') || null, f.spec.relation ?? null, f.spec.column1 ?? null, f.spec.column2 ?? null,
        M._modules.join(', '), now, now]);
    }
  }
}

