/**
 * Python model classes of an addon → ModelDecl, the declarations our registry composes like the
 * built-in addons' (addons.md §3, §5). Field parameters map one to one; what needs Python (a
 * dynamic default, a method body, a computed value) is taken from the addon's emulator/ folder
 * when it provides it, pattern-matched for the common default forms, and otherwise recorded in
 * the report as not emulated: computed fields then read as their type's empty value, stored ones
 * are plain columns, and calling a method raises NotEmulatedError naming its file and line.
 */
import type { FieldSpec, FieldType, Selection } from '../orm/fields';
import type { ModelDecl, Mixin } from '../orm/registry';
import type { BaseModel, ModelClass } from '../orm/model';
import type { MethodSig, Param } from '../orm/signature';
import { OdooError, UserError } from '../orm/exceptions';
import { pyRepr } from '../tools/pyrepr';
import { fieldEmpty } from '../orm/model';
import { nowUtc, todayUtc } from '../orm/fields';
import { contextToday } from '../tools/context_today';
import { Dynamic, PyNumber, PySymbol, plain } from './static_eval';
import type { PyField, PyMethod, PyModelClass } from './model_reader';
import type { AddonBehaviour } from './emulator';
import { tzSelection } from '../base/res_partner';

/** Calling a method whose body is Python that the addon's emulator/ folder does not provide. */
export class NotEmulatedError extends OdooError { pyName = 'builtins.NotImplementedError'; }

export type NotEmulatedKind = 'method' | 'compute' | 'inverse' | 'search' | 'default' | 'selection' | 'domain' | 'onchange' | 'constraint' | 'inherit' | 'field' | 'parameter' | 'ondelete';

export interface NotEmulated { kind: NotEmulatedKind; model: string; name: string; file: string; line: number; detail: string }

export interface DeclaredModel { name: string; kind: string; className: string; file: string; line: number; extension: boolean; fields: string[] }

/** What was read from an addon's Python, for addon-check and the logs. */
export interface DeclarationReport {
  models: DeclaredModel[];
  notEmulated: NotEmulated[];
  warnings: string[];
}

/** Field class → our field type (fields_get types: Image is a binary, Properties are not emulated). */
const FIELD_TYPES: Record<string, FieldType> = {
  Boolean: 'boolean', Integer: 'integer', Float: 'float', Monetary: 'monetary', Char: 'char', Text: 'text',
  Html: 'html', Date: 'date', Datetime: 'datetime', Binary: 'binary', Image: 'binary', Selection: 'selection',
  Reference: 'reference', Many2one: 'many2one', One2many: 'one2many', Many2many: 'many2many', Json: 'json',
  Many2oneReference: 'many2one_reference',
};

/** Positional parameters of each field class (fields.py __init__ signatures; addons.md §3.3). */
function positional(cls: string): string[] {
  switch (cls) {
    case 'Float': return ['string', 'digits'];
    case 'Monetary': return ['string', 'currency_field'];
    case 'Selection': case 'Reference': return ['selection', 'string'];
    case 'Many2one': return ['comodel_name', 'string'];
    case 'One2many': return ['comodel_name', 'inverse_name', 'string'];
    case 'Many2many': return ['comodel_name', 'relation', 'column1', 'column2', 'string'];
    default: return ['string'];
  }
}

/** Parameters copied as they are (same name in FieldSpec). */
const DIRECT = ['string', 'help', 'required', 'readonly', 'store', 'copy', 'groups', 'related', 'inverse_name', 'relation',
  'column1', 'column2', 'currency_field', 'company_dependent', 'size', 'trim', 'change_default', 'group_operator',
  'check_company', 'auto_join', 'compute_sudo', 'model_field', 'prefetch', 'sanitize', 'depends'] as const;

/** Parameters we accept and that change nothing we emulate (UI, tracking, SQL tuning). */
const IGNORED = new Set(['tracking', 'precompute', 'recursive', 'unaccent', 'group_expand', 'default_export_compatible',
  'states', 'attachment', 'max_width', 'max_height', 'verify_resolution', 'sanitize_tags', 'sanitize_attributes',
  'sanitize_style', 'sanitize_form', 'strip_style', 'strip_classes', 'sanitize_overridable', 'depends_context',
  'compute_sudo', 'aggregator', 'config_parameter', 'implied_group', 'group', 'default_model', 'related_sudo', 'delegate',
  'definition', 'definition_record', 'definition_record_field', 'index']);

interface Ctx {
  module: string;
  cls: PyModelClass;
  model: string;
  report: DeclarationReport;
  /** Method names the addon's emulator/ folder implements for this model. */
  implemented: Set<string>;
  /** Methods declared in the Python class, by name. */
  methods: Map<string, PyMethod>;
}

/** Build the declarations of an addon's model classes (in Odoo's registration order). */
export function declareModels(module: string, classes: PyModelClass[], behaviour: AddonBehaviour, report: DeclarationReport, knownModels: Set<string>): ModelDecl[] {
  const decls: ModelDecl[] = [];
  const declaredHere = new Set<string>();
  for (const cls of classes) {
    const inheritAttr = plain(cls.attrs._inherit);
    const inherit = typeof inheritAttr === 'string' ? [inheritAttr] : Array.isArray(inheritAttr) ? inheritAttr.filter((x): x is string => typeof x === 'string') : [];
    const nameAttr = cls.attrs._name;
    const name = typeof nameAttr === 'string' ? nameAttr : inherit.length === 1 ? inherit[0] : cls.className;
    const extension = inherit.includes(name);
    const mixin = behaviour.mixins.get(name);
    const implemented = new Set(mixin ? methodNames(mixin) : []);
    const ctx: Ctx = { module, cls, model: name, report, implemented, methods: new Map(cls.methods.map((m) => [m.name, m])) };
    // parents must exist in the modules this addon depends on; a missing mixin (mail.thread in a
    // database without it) is reported, never fatal
    const parents = inherit.filter((p) => {
      if (p === name || knownModels.has(p) || declaredHere.has(p)) return true;
      report.notEmulated.push({ kind: 'inherit', model: name, name: p, file: cls.file, line: cls.line, detail: `inherits ${p}, which no module of the emulator defines: its fields and methods are absent` });
      return false;
    });
    if (extension && !knownModels.has(name) && !declaredHere.has(name)) {
      report.notEmulated.push({ kind: 'inherit', model: name, name, file: cls.file, line: cls.line, detail: `${cls.className} extends ${name}, which no module of the emulator defines: left out` });
      continue;
    }
    const decl: ModelDecl = { _name: name, _module: module };
    if (parents.length) decl._inherit = parents.length === 1 ? parents[0] : parents;
    if (cls.kind === 'TransientModel') decl._transient = true;
    if (cls.kind === 'AbstractModel') decl._abstract = true;
    copyAttributes(ctx, decl);
    if (cls.docstring && !extension) decl._info = cls.docstring.trim();
    const fields: Record<string, FieldSpec> = {};
    for (const f of cls.fields) {
      const spec = fieldSpec(ctx, f, decl);
      if (spec) fields[f.name] = spec;
    }
    decl.fields = fields;
    decl.rpc = rpcMethods(ctx);
    decl.constrains = constraints(ctx);
    decl.methods = composeMethods(ctx, fields, mixin, { ...onchangeMethods(ctx), ...behaviour.onchanges.get(name) });
    reportMethods(ctx);
    decls.push(decl);
    declaredHere.add(name);
    report.models.push({ name, kind: cls.kind, className: cls.className, file: cls.file, line: cls.line, extension, fields: cls.fields.map((f) => f.name) });
  }
  return decls;
}

function copyAttributes(ctx: Ctx, decl: ModelDecl): void {
  const a = ctx.cls.attrs;
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  const note = (k: string) => {
    if (a[k] instanceof Dynamic) ctx.report.notEmulated.push({ kind: 'parameter', model: ctx.model, name: k, file: ctx.cls.file, line: (a[k] as Dynamic).line || ctx.cls.line, detail: `${k} = ${(a[k] as Dynamic).text}` });
  };
  for (const k of ['_description', '_order', '_rec_name', '_parent_name', '_table']) {
    const v = str(k);
    if (v !== undefined) (decl as Record<string, unknown>)[k] = v;
    else note(k);
  }
  if (Array.isArray(a._rec_names_search)) decl._rec_names_search = (a._rec_names_search as unknown[]).map(String);
  if (typeof a._parent_store === 'boolean') decl._parent_store = a._parent_store;
  if (typeof a._log_access === 'boolean') decl._log_access = a._log_access;
  if (a._auto === false && ctx.cls.kind !== 'AbstractModel') {
    ctx.report.notEmulated.push({ kind: 'parameter', model: ctx.model, name: '_auto', file: ctx.cls.file, line: ctx.cls.line, detail: '_auto = False (an SQL view built in init()): the model is an empty table' });
  }
  if (a._inherits && typeof a._inherits === 'object' && !(a._inherits instanceof Dynamic)) decl._inherits = plain(a._inherits) as Record<string, string>;
  if (Array.isArray(a._sql_constraints)) {
    decl._sql_constraints = (plain(a._sql_constraints) as unknown[][]).filter((c) => Array.isArray(c) && c.length === 3 && c.every((x) => typeof x === 'string'))
      .map((c) => [c[0], c[1], c[2]] as [string, string, string]);
    for (const [cname, def] of decl._sql_constraints) {
      if (!/^\s*(unique|check)\s*\(/i.test(def)) ctx.report.notEmulated.push({ kind: 'parameter', model: ctx.model, name: cname, file: ctx.cls.file, line: ctx.cls.line, detail: `SQL constraint ${def} (only UNIQUE and CHECK are enforced)` });
    }
  } else note('_sql_constraints');
  if (a._check_company_auto === true) (decl as Record<string, unknown>)._check_company_auto = true;
}

/** The FieldSpec of one Python field assignment. */
function fieldSpec(ctx: Ctx, f: PyField, decl: ModelDecl): FieldSpec | null {
  const type = FIELD_TYPES[f.cls];
  const at = { model: ctx.model, name: f.name, file: f.file, line: f.line };
  // `id = fields.Integer()` (SQL-view models declare it): the magic id field stays, readonly
  if (f.name === 'id') return null;
  if (!type) {
    ctx.report.notEmulated.push({ kind: 'field', ...at, detail: `fields.${f.cls} is not emulated: the field is left out` });
    return null;
  }
  const params: Record<string, unknown> = { ...f.kwargs };
  positional(f.cls).forEach((p, i) => { if (i < f.args.length) params[p] = f.args[i]; });
  const spec: FieldSpec = { type };
  for (const [key, raw] of Object.entries(params)) {
    if (raw instanceof Dynamic && !['default', 'compute', 'inverse', 'search', 'selection', 'domain', 'context', 'string', 'help', 'ondelete'].includes(key)) {
      ctx.report.notEmulated.push({ kind: 'parameter', ...at, detail: `${key}=${raw.text}` });
      continue;
    }
    const value = plain(raw);
    switch (key) {
      case 'comodel_name': spec.comodel = String(value); break;
      case 'string': case 'help':
        if (raw instanceof Dynamic) ctx.report.notEmulated.push({ kind: 'parameter', ...at, detail: `${key}=${raw.text}` });
        else if (typeof value === 'string') spec[key] = value;
        break;
      case 'compute': case 'inverse': case 'search': {
        const method = raw instanceof Dynamic ? (raw.kind === 'name' ? raw.text : null) : typeof value === 'string' ? value : null;
        if (!method) {
          ctx.report.notEmulated.push({ kind: key, ...at, detail: `${key}=${(raw as Dynamic).text}` });
          if (key === 'compute') spec.compute = `_compute_${f.name}__not_emulated`;
          break;
        }
        spec[key] = method;
        break;
      }
      case 'default': {
        const d = defaultOf(ctx, raw, f);
        if (d !== undefined) spec.default = d;
        break;
      }
      case 'selection': {
        if (Array.isArray(value)) spec.selection = value.map((kv) => [String((kv as unknown[])[0]), String((kv as unknown[])[1])]) as Selection;
        else if (raw instanceof Dynamic && raw.kind === 'name' && KNOWN_SELECTIONS[raw.text]) spec.selection = KNOWN_SELECTIONS[raw.text];
        else {
          const method = raw instanceof Dynamic ? raw.text : String(value);
          const impl = typeof value === 'string' && ctx.implemented.has(value) ? value : null;
          if (impl) spec.selection = (env: { model(n: string): BaseModel }) => (env.model(ctx.model) as unknown as Record<string, () => Selection>)[impl]();
          else {
            spec.selection = [];
            ctx.report.notEmulated.push({ kind: 'selection', ...at, detail: `selection=${method}: no value is accepted until emulator/ provides ${typeof value === 'string' ? value : 'the list'}` });
          }
        }
        break;
      }
      case 'selection_add':
        if (Array.isArray(value)) spec.selection_add = value.map((kv) => (kv as unknown[]).map(String)) as Array<[string, string] | [string]>;
        break;
      case 'ondelete':
        if (type === 'selection') break; // what happens to records at uninstall: not emulated, harmless
        if (typeof value === 'string' && ['cascade', 'set null', 'restrict'].includes(value)) spec.ondelete = value as FieldSpec['ondelete'];
        else ctx.report.notEmulated.push({ kind: 'ondelete', ...at, detail: `ondelete=${raw instanceof Dynamic ? raw.text : String(value)}` });
        break;
      case 'domain':
        if (raw instanceof Dynamic) ctx.report.notEmulated.push({ kind: 'domain', ...at, detail: `domain=${raw.text} (fields_get shows [])` });
        else spec.domain = value;
        break;
      case 'context':
        if (raw instanceof Dynamic) ctx.report.notEmulated.push({ kind: 'parameter', ...at, detail: `context=${raw.text}` });
        else if (value && typeof value === 'object') spec.context = value as Record<string, unknown>;
        break;
      case 'digits':
        if (Array.isArray(value) && value.length === 2) spec.digits = [Number(value[0]), Number(value[1])];
        else if (typeof value === 'string') spec.digits = [16, 2]; // a decimal.precision name: its default precision
        break;
      case 'translate': spec.translate = !!value || raw instanceof PySymbol; break;
      case 'index': spec.index = value === 'trigram' || value === 'btree_not_null' ? value : !!value; break;
      case 'delegate':
        if (value === true) decl._inherits = { ...(decl._inherits ?? {}), [String(params.comodel_name)]: f.name };
        break;
      default:
        if ((DIRECT as readonly string[]).includes(key)) (spec as unknown as Record<string, unknown>)[key] = value;
        else if (!IGNORED.has(key)) ctx.report.warnings.push(`${f.file}:${f.line}: ${ctx.model}.${f.name}: unknown parameter '${key}'`);
    }
  }
  // the label Odoo derives (fields.py _setup_attrs): name without _id/_ids, Python's str.title()
  // (set only where it differs from the ORM's plain derivation, digits and capitals: elsewhere a
  // redefinition must keep the label of the field it extends)
  if (spec.string === undefined && !spec.related && !(params.string instanceof Dynamic)) {
    const words = f.name.replace(/_ids?$/, '').replace(/_/g, ' ');
    const title = pyTitle(words);
    if (title && title !== words.replace(/\b\w/g, (c) => c.toUpperCase())) spec.string = title;
  }
  if (f.cls === 'Html' && spec.translate === undefined && params.translate === undefined) spec.translate = false;
  if (type === 'many2one' && spec.required && params.ondelete === undefined && ctx.cls.kind === 'TransientModel') spec.ondelete = 'cascade';
  if (spec.compute) {
    const depends = ctx.methods.get(spec.compute)?.decorators.find((d) => d.name === 'api.depends');
    if (depends) spec.depends = depends.args.filter((x): x is string => typeof x === 'string');
    if (!ctx.implemented.has(spec.compute)) {
      ctx.report.notEmulated.push({ kind: 'compute', ...at, detail: `${spec.compute}${ctx.methods.get(spec.compute) ? ` (line ${ctx.methods.get(spec.compute)!.line})` : ''}: ${spec.store ? 'stored: a plain column, written by data files and clients' : `reads as ${JSON.stringify(fieldEmpty({ type, x2many: type === 'one2many' || type === 'many2many' } as never))}`}` });
      if (spec.store) {
        // a plain column that still describes itself as computed (readonly, not copied)
        spec.readonly = spec.readonly ?? !spec.inverse;
        spec.copy = spec.copy ?? (spec.readonly === false);
        delete spec.compute;
        spec.not_emulated_compute = true;
      }
    }
  }
  return spec;
}

/** Python's str.title(): a letter after a non-letter is upper-cased, the others lower-cased ('l10n_mx' → 'L10N Mx'). */
export function pyTitle(text: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of text) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

/** A field's default: literals as they are, the common env/now/today forms, emulator/ methods; else reported. */
function defaultOf(ctx: Ctx, raw: unknown, f: PyField): unknown {
  const at = { model: ctx.model, name: f.name, file: f.file, line: f.line };
  if (!(raw instanceof Dynamic)) return raw instanceof PyNumber ? raw.value : plain(raw);
  const text = raw.text.replace(/\s+/g, ' ').trim();
  const known = knownDefault(text);
  if (known) return known;
  // a method reference (`default=_default_x`) or a lambda calling one
  const method = raw.kind === 'name' ? raw.text : /^lambda \w+(?:, \*\*\w+)?: \w+\.(\w+)\(\)$/.exec(text)?.[1];
  if (method && ctx.implemented.has(method)) return (m: BaseModel) => (m as unknown as Record<string, () => unknown>)[method].call(m);
  ctx.report.notEmulated.push({ kind: 'default', ...at, detail: `default=${raw.text}` });
  return undefined;
}

/** Selection functions addons import from base (res_partner._tz_get, _lang_get). */
const KNOWN_SELECTIONS: Record<string, FieldSpec['selection']> = {
  _tz_get: () => tzSelection(),
  _lang_get: (env: { cr: { all<T>(sql: string): T[] } }) => env.cr.all<{ code: string; name: string }>('SELECT code, name FROM res_lang WHERE active = 1 ORDER BY name').map((r) => [r.code, r.name] as [string, string]),
};

// by the database's clock (models/tools/clock.ts), as every date of the ORM
const TODAY = (r: BaseModel) => todayUtc(r.env.cr);
// fields.Date.context_today: in the context's or the user's time zone
const CONTEXT_TODAY = (r: BaseModel) => contextToday(r.env);
const NOW = (r: BaseModel) => nowUtc(r.env.cr);

/** Defaults written the same way in most addons (addons.md §3.6 census). */
function knownDefault(text: string): ((m: BaseModel) => unknown) | null {
  if (text === 'fields.Date.context_today') return CONTEXT_TODAY;
  if (text === 'fields.Date.today') return TODAY;
  if (/^fields\.Datetime\.now$/.test(text)) return NOW;
  const m = /^lambda (\w+)(?:, \*\*?\w+)*: (.+)$/.exec(text) ?? /^lambda \*\w+: (.+)$/.exec(text);
  if (!m) return null;
  const self = m[2] !== undefined ? m[1] : 'self';
  const body = (m[2] ?? m[1]).trim();
  const s = self.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`^${s}\\.env\\.(user|uid|user\\.id)$`).test(body)) return (r) => r.env.uid;
  if (new RegExp(`^${s}\\.env\\.(company|company\\.id)$`).test(body)) return (r) => r.env.companyInfo().companyId;
  if (new RegExp(`^${s}\\.env\\.user\\.company_id(\\.id)?$`).test(body)) return (r) => r.env.companyInfo().companyId;
  if (new RegExp(`^${s}\\.env\\.company\\.currency_id(\\.id)?$`).test(body)) {
    return (r) => {
      const cid = r.env.companyInfo().companyId;
      return cid ? r.env.model('res.company').sudo().browse([cid]).get('currency_id') : false;
    };
  }
  if (new RegExp(`^${s}\\.env\\.user\\.partner_id(\\.id)?$`).test(body)) return (r) => r.env.model('res.users').sudo().browse([r.env.uid]).get('partner_id');
  const ref = new RegExp(`^${s}\\.env\\.ref\\((['"])([\\w.]+)\\1(?:, (?:raise_if_not_found=)?False)?\\)(\\.id)?$`).exec(body);
  if (ref) return (r) => r.env.xmlidLookup(ref[2])?.[1] ?? false;
  if (/^fields\.Date\.context_today\(\w+\)$/.test(body)) return CONTEXT_TODAY;
  if (body === 'fields.Date.today()') return TODAY;
  if (/^fields\.Datetime\.now\(\)$/.test(body)) return NOW;
  const tr = /^_\((['"])(.*)\1\)$/.exec(body);
  if (tr) return () => tr[2];
  // `a or b or 'x'` of context lookups, user/company attributes and literals: the first truthy
  const terms = body.split(/\s+or\s+/);
  if (terms.length > 1) {
    const fns = terms.map((t) => termDefault(t.trim(), s));
    if (fns.every(Boolean)) return (r) => { for (const fn of fns) { const v = fn!(r); if (v) return v; } return false; };
  }
  return termDefault(body, s);
}

/** One term of a default expression: a context key, a user or company field, a literal. */
function termDefault(term: string, s: string): ((m: BaseModel) => unknown) | null {
  const ctx = new RegExp(`^${s}\\.(?:_context|env\\.context)\\.get\\((['"])(\\w+)\\1\\)$`).exec(term);
  if (ctx) return (r) => r.env.context[ctx[2]] ?? false;
  const user = new RegExp(`^${s}\\.env\\.user\\.(\\w+)$`).exec(term);
  if (user) return (r) => r.env.model('res.users').sudo().browse([r.env.uid]).get(user[1]);
  const company = new RegExp(`^${s}\\.env\\.company\\.(\\w+)$`).exec(term);
  if (company) return (r) => { const cid = r.env.companyInfo().companyId; return cid ? r.env.model('res.company').sudo().browse([cid]).get(company[1]) : false; };
  const ref = new RegExp(`^${s}\\.env\\.ref\\((['"])([\\w.]+)\\1\\)(?:\\.(\\w+))?$`).exec(term);
  if (ref) {
    return (r) => {
      const target = r.env.xmlidLookup(ref[2]);
      if (!target) return false;
      if (!ref[3] || ref[3] === 'id') return target[1];
      return r.env.model(target[0]).sudo().browse([target[1]]).get(ref[3]);
    };
  }
  const lit = /^(['"])([^'"]*)\1$/.exec(term) ?? /^(\d+)$/.exec(term);
  if (lit) { const v = lit.length === 3 ? lit[2] : Number(lit[1]); return () => v; }
  if (/^(True|False)$/.test(term)) return () => term === 'True';
  return null;
}

/** Public methods (no leading underscore) become RPC-callable with their Python signature. */
function rpcMethods(ctx: Ctx): Record<string, MethodSig> {
  const out: Record<string, MethodSig> = {};
  for (const m of ctx.cls.methods) {
    if (m.name.startsWith('_') || ORM_METHODS.has(m.name)) continue;
    const names = m.decorators.map((d) => d.name);
    const api = names.includes('api.model_create_multi') ? 'model_create' : names.includes('api.model') ? 'model' : 'multi';
    const params = m.params.slice(api === 'multi' || api === 'model' || api === 'model_create' ? 1 : 0);
    const sigParams: Param[] = [];
    let varkw = false;
    for (const p of params) {
      if (p.kind === 'varkw') { varkw = true; continue; }
      if (p.kind === 'varargs') continue;
      sigParams.push('default' in p ? { name: p.name, default: p.default instanceof Dynamic ? null : plain(p.default) } : { name: p.name });
    }
    out[m.name] = { api, params: sigParams, varkw, qualname: `${ctx.cls.className}.${m.name}` };
  }
  return out;
}

/** ORM methods an addon may override: the built-in behaviour keeps its own signature. */
const ORM_METHODS = new Set(['create', 'write', 'unlink', 'read', 'search', 'search_read', 'search_count', 'copy', 'name_get',
  'name_search', 'name_create', 'default_get', 'fields_get', 'read_group', 'web_read', 'web_save', 'web_search_read', 'onchange',
  'toggle_active', 'action_archive', 'action_unarchive', 'copy_data', 'exists', 'init', 'web_read_group', 'get_views', 'get_view']);

function constraints(ctx: Ctx): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of ctx.cls.methods) {
    const c = m.decorators.find((d) => d.name === 'api.constrains');
    if (!c || !ctx.implemented.has(m.name)) continue;
    out[m.name] = c.args.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * `@api.onchange('a', 'b')` methods that emulator/ implements: called with the form's values when
 * one of the fields changes, they return the changed values.
 */
function onchangeMethods(ctx: Ctx): Record<string, (values: Record<string, unknown>) => unknown> {
  const out: Record<string, (values: Record<string, unknown>) => unknown> = {};
  for (const m of ctx.cls.methods) {
    const deco = m.decorators.find((d) => d.name === 'api.onchange');
    if (!deco || !ctx.implemented.has(m.name)) continue;
    for (const f of deco.args.filter((x): x is string => typeof x === 'string')) {
      const before = out[f];
      out[f] = function onchange(this: BaseModel, values: Record<string, unknown>) {
        const first = before ? (before.call(this, values) as Record<string, unknown> | undefined) : undefined;
        const next = (this as unknown as Record<string, (v: Record<string, unknown>) => Record<string, unknown> | undefined>)[m.name].call(this, { ...values, ...first });
        return first || next ? { ...first, ...next } : undefined;
      };
    }
  }
  return out;
}

/** Report the methods whose Python body has no JavaScript counterpart. */
function reportMethods(ctx: Ctx): void {
  for (const m of ctx.cls.methods) {
    if (ctx.implemented.has(m.name)) continue;
    const at = { model: ctx.model, name: m.name, file: m.file, line: m.line };
    const deco = m.decorators.map((d) => d.name);
    if (deco.includes('api.onchange')) ctx.report.notEmulated.push({ kind: 'onchange', ...at, detail: `@api.onchange(${m.decorators.find((d) => d.name === 'api.onchange')!.args.map((a) => JSON.stringify(a)).join(', ')})` });
    else if (deco.includes('api.constrains')) ctx.report.notEmulated.push({ kind: 'constraint', ...at, detail: `@api.constrains(${m.decorators.find((d) => d.name === 'api.constrains')!.args.map((a) => JSON.stringify(a)).join(', ')}): not checked` });
    else if (!m.name.startsWith('_compute_') && !deco.includes('api.depends')) {
      ctx.report.notEmulated.push({ kind: 'method', ...at, detail: ORM_METHODS.has(m.name) ? 'override of an ORM method: the standard behaviour runs' : m.name.startsWith('_') ? 'private method' : 'public method: calling it raises NotImplementedError' });
    }
  }
}

/**
 * The class body of a declaration: stubs for what Python implements and emulator/ does not (public
 * methods raise NotEmulatedError, non-stored computes give empty values), then the emulator's
 * methods on top, then onchange hooks.
 */
function composeMethods(ctx: Ctx, fields: Record<string, FieldSpec>, mixin: Mixin | undefined, onchanges: Record<string, (values: Record<string, unknown>) => unknown> | undefined): Mixin {
  const { model, cls } = ctx;
  const publicMethods = cls.methods.filter((m) => !m.name.startsWith('_') && !ORM_METHODS.has(m.name) && !ctx.implemented.has(m.name));
  const emptyComputes = Object.entries(fields).filter(([, s]) => s.compute && !s.store && !ctx.implemented.has(s.compute)).map(([n, s]) => [n, s.compute!] as const);
  return (Base: ModelClass) => {
    let C: ModelClass = class extends Base {};
    const proto = C.prototype as unknown as Record<string, unknown>;
    for (const m of publicMethods) {
      if (m.name in Base.prototype) continue; // an override of a method we implement: ours runs
      proto[m.name] = function notEmulated(): never {
        throw new NotEmulatedError(`${model}.${m.name}() is not emulated: its body is Python (${ctx.module}/${m.file}, line ${m.line}), which the emulator never runs.\n`
          + `Provide it in JavaScript in ${ctx.module}/emulator/ (a .js file exporting { '${model}': (Base) => class extends Base { ${m.name}() { … } } }, see the README, "Addons: the emulator/ folder").`);
      };
    }
    for (const [fname, method] of emptyComputes) {
      if (method in Base.prototype) continue;
      proto[method] = function emptyCompute(this: BaseModel, f?: { name: string }): Map<number, unknown> {
        const target = this.cls._fields[f?.name ?? fname];
        return new Map(this.ids.map((id) => [id, fieldEmpty(target)]));
      };
    }
    if (cls.attrs._check_company_auto === true) C = withCheckCompany(C);
    if (cls.attrs._parent_store === true && fields.parent_path) C = withParentStore(C);
    if (mixin) C = mixin(C);
    if (onchanges && Object.keys(onchanges).length) C = withOnchanges(C, onchanges);
    return C;
  };
}

/**
 * Onchange hooks of emulator/: `onchanges: { field: (values) => changes }`, applied by the
 * `onchange` RPC when one of those fields changed (the web client's form calls).
 */
function withOnchanges(Base: ModelClass, hooks: Record<string, (values: Record<string, unknown>) => unknown>): ModelClass {
  return class extends Base {
    onchange(values: unknown, fieldNames: unknown, fieldsSpec: unknown) {
      const result = super.onchange(values, fieldNames, fieldsSpec) as { value: Record<string, unknown> };
      const names = Array.isArray(fieldNames) ? fieldNames : typeof fieldNames === 'string' ? [fieldNames] : [];
      const current = { ...(values as Record<string, unknown> ?? {}), ...result.value };
      for (const n of names) {
        const hook = hooks[n as string];
        if (!hook) continue;
        const changes = hook.call(this, current) as Record<string, unknown> | undefined;
        if (changes) { Object.assign(result.value, changes); Object.assign(current, changes); }
      }
      return result;
    }
  } as unknown as ModelClass;
}

/**
 * `_check_company_auto = True`: after create, and after a write of company_id or of a
 * check_company field, each check_company relation whose comodel has a company_id must belong to
 * no company or to the record's (models.py _check_company; company-dependent fields not covered).
 */
function withCheckCompany(Base: ModelClass): ModelClass {
  const check = (records: BaseModel, fnames: string[] | null) => {
    const M = records.cls;
    const names = (fnames === null || fnames.includes('company_id') ? Object.keys(M._fields) : fnames).filter((n) => {
      const f = M._fields[n];
      return f && f.relational && f.spec.check_company && !f.spec.company_dependent && !!records.env.registry.get(f.comodel)?._fields.company_id;
    });
    if (!names.length) return;
    const su = records.sudo().withContext({ active_test: false });
    const lines: string[] = [];
    const values = su._values([...names, ...(M._name === 'res.company' ? [] : ['company_id'])]);
    for (const id of records.ids) {
      const v = values.get(id) ?? {};
      const company = M._name === 'res.company' ? id : (v.company_id as number | false);
      for (const n of names) {
        const ids = ([] as unknown[]).concat(v[n] || []).filter((x): x is number => typeof x === 'number');
        if (!ids.length) continue;
        const co = su.env.model(M._fields[n].comodel).sudo().withContext({ active_test: false });
        const domain = company ? ['&', ['id', 'in', ids], '|', ['company_id', '=', false], ['company_id', 'in', [company]]] : [['id', 'in', ids], ['company_id', '=', false]];
        if (co._searchIds(domain).length) continue;
        const name = (m: BaseModel, rid: number | false) => (rid ? String(m.browse([rid])._displayNames().get(rid) ?? '') : '');
        const companyName = name(su.env.model('res.company').sudo(), company);
        const vals = ids.map((x) => pyRepr(name(co, x))).join(', ');
        lines.push(`- ${pyRepr(name(su, id))} belongs to company ${pyRepr(companyName)} and ${pyRepr(M._fields[n].string)} (${n}: ${vals}) belongs to another company.`);
      }
    }
    if (lines.length) throw new UserError(['Incompatible companies on records:', ...lines.slice(0, 5)].join('\n'));
  };
  return class extends Base {
    _create(valsList: Record<string, unknown>[]) {
      const records = super._create(valsList);
      check(records, null);
      return records;
    }
    _write(vals: Record<string, unknown>) {
      super._write(vals);
      const names = Object.keys(vals);
      if (names.includes('company_id') || names.some((n) => this.cls._fields[n]?.spec.check_company)) check(this, names);
    }
  } as unknown as ModelClass;
}

/**
 * `_parent_store = True`: the addon declares `parent_path` and the ORM keeps it as the ancestors'
 * ids from the root, "1/4/9/" (models.py _parent_store_create, _parent_store_update): set after
 * create, and rewritten for the moved records and all their descendants when the parent changes;
 * moving a record under one of its descendants fails with Odoo's "Recursion Detected.".
 */
function withParentStore(Base: ModelClass): ModelClass {
  return class extends Base {
    _create(valsList: Record<string, unknown>[]) {
      const records = super._create(valsList);
      const { _table: table, _parent_name: parent } = records.cls;
      const q = (s: string) => `"${s}"`;
      for (const id of records.ids) {
        records.env.cr.run(`UPDATE ${q(table)} SET parent_path = COALESCE((SELECT p.parent_path FROM ${q(table)} p WHERE p.id = ${q(table)}.${q(parent)}), '') || id || '/' WHERE id = ?`, [id]);
      }
      records.env.cache.invalidate(records.cls._name);
      return records;
    }
    _write(vals: Record<string, unknown>) {
      const { _table: table, _parent_name: parent, _name: model } = this.cls;
      const q = (s: string) => `"${s}"`;
      // only the records whose parent really changes (models.py _parent_store_update_prepare)
      const newParent = vals[parent] === undefined ? undefined : (vals[parent] || null) as number | null;
      const moved = newParent === undefined || !this.ids.length ? [] : this.env.cr.all<{ id: number }>(
        `SELECT id FROM ${q(table)} WHERE id IN (${this.ids.map(() => '?').join(',')}) AND ${q(parent)} IS NOT ?`, [...this.ids, newParent]);
      super._write(vals);
      if (!moved.length) return;
      const prefix = newParent === null || newParent === undefined ? '' : this.env.cr.get<{ parent_path: string | null }>(`SELECT parent_path FROM ${q(table)} WHERE id = ?`, [newParent])?.parent_path ?? '';
      if (prefix && prefix.split('/').slice(0, -1).some((label) => moved.some((m) => m.id === Number(label)))) throw new UserError('Recursion Detected.');
      for (const node of moved) {
        // read again: an earlier node of the same write may have been its ancestor
        const old = this.env.cr.get<{ parent_path: string | null }>(`SELECT parent_path FROM ${q(table)} WHERE id = ?`, [node.id])?.parent_path ?? `${node.id}/`;
        // the node's own path and its descendants': the old prefix (up to the node) replaced by the new one
        this.env.cr.run(`UPDATE ${q(table)} SET parent_path = ? || substr(parent_path, ?) WHERE parent_path LIKE ? || '%'`,
          [prefix, old.length - `${node.id}/`.length + 1, old]);
      }
      this.env.cache.invalidate(model);
    }
  } as unknown as ModelClass;
}

/** Own method names a mixin adds (applied to an empty class). */
function methodNames(mixin: Mixin): string[] {
  const Probe = mixin(class {} as unknown as ModelClass);
  const names: string[] = [];
  for (let p = Probe.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) names.push(...Object.getOwnPropertyNames(p));
  return names.filter((n) => n !== 'constructor');
}
