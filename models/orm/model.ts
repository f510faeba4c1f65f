/**
 * BaseModel: what every Odoo model can do over RPC (orm.md §4), implemented on SQLite.
 *
 * An instance is a recordset: an environment plus a list of ids. Model declarations extend this
 * class through the registry (see registry.ts); RPC-callable methods are listed in `_rpc` with
 * their Python signatures.
 */
import type { Environment, Context, StoredRows, ComputedRows } from './environment';
import { cleanContext } from './environment';
import { SUPERUSER_ID } from './environment';
import { Field, humanSize, nowUtc, pyTruthy, type FieldSpec } from './fields';
import { DomainCompiler, AND, OR, normalizeDomain, type Domain } from './domain';
import { SQL, chunks, ident, inList, placeholders, updateByIds, type SqlParam } from './sql';
import { AccessError, PyValueError, ValidationError, UserError, PyTypeError, PyAssertionError, PsycopgError, PyIndexError } from './exceptions';
import { isInt4, many2oneInsertId } from './many2one_input';
import { checkRelationPairs, removedId, targetValue } from './relation_pairs';
import { param, type MethodSig } from './signature';
import type { SqlConstraint } from './registry';
import { PyTuple, pyRepr } from '../tools/pyrepr';
import { currencyDecimals, currencyRound } from '../tools/currency';
import { parseOrder, orderToSql, defaultOrderSql } from './order';
import { readGroup } from './read_group';
import * as security from './security';
import { checkSearchFieldAccess } from './search_access';
import { isTranslated, translatedSql, createColumn, writeAssignment } from './translate';
import { copyTranslations, getFieldTranslations, updateFieldTranslations } from './field_translations';
import { existingValues, missingError } from '../tools/missing';

export type Vals = Record<string, unknown>;

/** Nesting depth of search sub-queries being compiled (for deterministic table aliases). */
let searchDepth = 0;

/**
 * The WHERE of a search whose conditions fold to FALSE. Such a query is still built (a nested
 * search uses it as a sub-select), but running it cannot return a row: like Odoo 17's `_search`
 * (`expression.is_false`: "no need to query"), the ids and rows of such a search are known
 * to be none without asking SQLite.
 */
const MATCHES_NOTHING = ' WHERE FALSE';
function matchesNothing(sql: SQL): boolean {
  return sql.text.endsWith(MATCHES_NOTHING);
}

/** How deep in nested searches the current compilation is (0: not inside a search's compilation). */
export function searchNesting(): number {
  return searchDepth;
}

/** Whether a value is made of JSON types only, so that JSON.stringify identifies it. */
export function plainJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (depth > 8 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => plainJson(x, depth + 1));
  return Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every((x) => plainJson(x, depth + 1));
}

export type ModelClass = typeof BaseModel;
/** A recordset of any model, with the model's own methods (resolved at run time). */
export type AnyModel = BaseModel & { [method: string]: any };

const MAGIC_WRITE_DROP = new Set(['id', 'parent_path', 'create_uid', 'create_date', 'write_uid', 'write_date', 'display_name']);

const ARGS = {
  search: ['domain', param('offset', 0), param('limit', null), param('order', null)],
};

/** Signatures of BaseModel's public methods (Odoo 17). */
export const BASE_RPC: Record<string, MethodSig> = {
  create: { api: 'model_create', params: ['vals_list'] },
  read: { api: 'multi', params: [param('fields', null), param('load', '_classic_read')] },
  write: { api: 'multi', params: ['vals'] },
  unlink: { api: 'multi', params: [] },
  search: { api: 'model', params: ARGS.search, returns: 'ids' },
  search_count: { api: 'model', params: ['domain', param('limit', null)] },
  search_read: { api: 'model', params: [param('domain', null), param('fields', null), param('offset', 0), param('limit', null), param('order', null)], varkw: true },
  search_fetch: { api: 'model', params: ['domain', 'field_names', param('offset', 0), param('limit', null), param('order', null)], returns: 'ids' },
  read_group: { api: 'model', params: ['domain', 'fields', 'groupby', param('offset', 0), param('limit', null), param('orderby', false), param('lazy', true)] },
  name_search: { api: 'model', params: [param('name', ''), param('args', null), param('operator', 'ilike'), param('limit', 100)] },
  name_create: { api: 'model', params: ['name'] },
  name_get: { api: 'multi', params: [] },
  default_get: { api: 'model', params: ['fields_list'] },
  copy: { api: 'multi', params: [param('default', null)], returns: 'id' },
  copy_data: { api: 'multi', params: [param('default', null)] },
  exists: { api: 'multi', params: [], returns: 'ids' },
  fields_get: { api: 'model', params: [param('allfields', null), param('attributes', null)] },
  check_access_rights: { api: 'model', params: ['operation', param('raise_exception', true)] },
  check_access_rule: { api: 'multi', params: ['operation'] },
  web_search_read: { api: 'model', params: ['domain', 'specification', param('offset', 0), param('limit', null), param('order', null), param('count_limit', null)] },
  web_read: { api: 'multi', params: ['specification'] },
  web_save: { api: 'multi', params: ['vals', 'specification', param('next_id', null)] },
  web_read_group: { api: 'model', params: ['domain', 'fields', 'groupby', param('limit', null), param('offset', 0), param('orderby', false), param('lazy', true)] },
  toggle_active: { api: 'multi', params: [] },
  action_archive: { api: 'multi', params: [] },
  action_unarchive: { api: 'multi', params: [] },
  get_metadata: { api: 'multi', params: [] },
  update_field_translations: { api: 'multi', params: ['field_name', 'translations'] },
  get_field_translations: { api: 'multi', params: ['field_name', param('langs', null)] },
  get_external_id: { api: 'multi', params: [] },
  onchange: { api: 'multi', params: ['values', 'field_names', 'fields_spec'] },
  fetch: { api: 'multi', params: ['field_names'] },
  get_views: { api: 'model', params: ['views', param('options', null)] },
  get_view: { api: 'model', params: [param('view_id', null), param('view_type', 'form')], varkw: true },
  get_empty_list_help: { api: 'model', params: ['help'] },
  get_formview_id: { api: 'multi', params: [param('access_uid', null)] },
  get_formview_action: { api: 'multi', params: [param('access_uid', null)] },
};

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: string | null;
  select?: string;
  /** Also select these stored columns after the id (search_fetch). */
  columns?: string[];
  extraWhere?: string;
  count?: boolean;
  /** Without the model's record rules (an `_inherits` parent joined for its fields). */
  noRules?: boolean;
}

export class BaseModel {
  // ---- model attributes (set by the registry on each composed class) ----
  static _name = 'base';
  static _description = 'Base';
  static _table = 'base';
  static _order = 'id';
  static _rec_name: string | undefined;
  static _rec_names_search: string[] | undefined;
  static _parent_name = 'parent_id';
  static _parent_store = false;
  static _inherits: Record<string, string> = {};
  /** Delegated fields readable without access to the parent (res.users name/email). */
  static _inherits_sudo_fields: string[] = [];
  static _transient = false;
  static _log_access = true;
  static _active_name: string | undefined;
  static _module = 'base';
  static _modules: string[] = [];
  static _info = '';
  static _fields: Record<string, Field> = {};
  /** Columns without an Odoo field (FieldSpec.sql_only): in the table, invisible to the ORM. */
  static _sqlOnlyFields: Record<string, Field> = {};
  static _rpc: Record<string, MethodSig> = BASE_RPC;
  static _constrains: Record<string, string[]> = {};
  static _sqlConstraints: SqlConstraint[] = [];
  /** Multi-column indexes declared with `_indexes` ([name, columns]). */
  static _indexes: Array<[string, string]> = [];

  // `declare`: assigned by the constructor only, not also defined as class fields (ES2022
  // semantics), which cost a property definition per record set and per class of the chain
  declare readonly env: Environment;
  declare readonly ids: number[];

  constructor(env: Environment, ids: number[]) {
    this.env = env;
    this.ids = ids;
  }

  get cls(): ModelClass { return this.constructor as ModelClass; }
  get _name(): string { return this.cls._name; }
  get id(): number | false { return this.ids.length === 1 ? this.ids[0] : this.ids.length === 0 ? false : this.ensureOne().ids[0]; }
  get length(): number { return this.ids.length; }
  get fields(): Record<string, Field> { return this.cls._fields; }

  browse(ids: number | number[] | null | undefined | false): this {
    const list = ids === null || ids === undefined || ids === false ? [] : Array.isArray(ids) ? ids : [ids];
    return new (this.constructor as new (env: Environment, ids: number[]) => this)(this.env, list);
  }
  withEnv(env: Environment): this {
    return new (this.constructor as new (env: Environment, ids: number[]) => this)(env, this.ids);
  }
  withContext(ctx: Context): this { return this.withEnv(this.env.withContext(ctx)); }
  extendContext(extra: Context): this { return this.withEnv(this.env.extendContext(extra)); }
  // a record set never changes: in the same mode, it is its own sudo()
  sudo(flag = true): this { return flag === this.env.su ? this : this.withEnv(this.env.sudo(flag)); }
  withUser(uid: number): this { return this.withEnv(this.env.withUser(uid)); }

  /** Python repr of the recordset, as used in Odoo's messages: res.partner(1, 2) */
  toString(): string {
    return `${this._name}${pyRepr(PyTuple.of(...this.ids))}`;
  }

  ensureOne(): this {
    if (this.ids.length !== 1) throw new PyValueError(`Expected singleton: ${this.toString()}`);
    return this;
  }

  // ---------------------------------------------------------------------------------------
  // value access (internal API)
  // ---------------------------------------------------------------------------------------

  /**
   * The stored column values of this model's records in this call, shared by every reader:
   * valid while the table is unchanged, and kept in step by the ORM's own writes
   * (_updateColumns); a write by other SQL empties it (table_versions.ts).
   */
  _storedRows(): StoredRows {
    const cache = this.env.cache;
    const tables = this.env.cr.tables;
    const lang = this._langKey();
    const key = lang ? `${this.cls._name}${lang}` : this.cls._name;
    let stored = cache.stored.get(key);
    if (!stored) {
      stored = { rows: new Map(), stamp: tables.version };
      cache.stored.set(key, stored);
    } else if (!tables.tableUnchangedSince(this.cls._table, stored.stamp)) {
      stored.rows.clear();
      stored.stamp = tables.version;
    }
    return stored;
  }

  /** Translated values depend on the language: a suffix of the record caches' keys (empty for en_US). */
  _langKey(): string {
    return this.env.context.lang && this.env.context.lang !== 'en_US' ? `:${this.env.lang ?? 'en_US'}` : '';
  }

  /** The non-stored values of this model for the current reader (see _values). */
  _computedRows(): ComputedRows {
    // computed and x2many values depend on who reads and on active_test: separate caches
    const ctx = this.env.context;
    const key = `${this.cls._name}:${this.env.su ? 'su' : this.env.uid}:${ctx.active_test === false ? 0 : 1}${ctx.bin_size ? ':bin_size' : ''}${this._langKey()}`;
    let computed = this.env.cache.computed.get(key);
    if (!computed) {
      computed = { rows: new Map(), deps: new Map() };
      this.env.cache.computed.set(key, computed);
    }
    return computed;
  }

  /** Columns to fetch for `fnames`: id first, then the stored ones (and _rec_name for display_name). */
  _fetchColumns(fnames: string[]): string[] {
    const M = this.cls;
    const stored = fnames.filter((f) => f !== 'id' && M._fields[f]?.column);
    // display_name needs the _rec_name column: fetch it in the same query
    const rec = M._rec_name;
    if (rec && fnames.includes('display_name') && M._fields[rec]?.column && !stored.includes(rec)) stored.push(rec);
    return ['id', ...new Set(stored)];
  }

  /**
   * SQL expression reading column `c` (optionally qualified by `alias`): a translated field's
   * value in the environment's language, falling back to en_US (see translate.ts).
   */
  _columnSql(c: string, alias?: string): string {
    const col = alias ? `${ident(alias)}.${ident(c)}` : ident(c);
    const f = this.cls._fields[c];
    return f && f.column === c && isTranslated(f) ? translatedSql(col, this.env) : col;
  }

  /**
   * `SELECT cols FROM table WHERE id IN (?, … n)`: built once per column list (prefetchColumns
   * gives the same array for the same model), language and record count, since the wide reads
   * of the record cache are the ORM's most frequent statements.
   */
  _selectByIdText(cols: readonly string[], n: number): string {
    const ctxLang = this.env.context.lang;
    const lang = !ctxLang || ctxLang === 'en_US' ? 'en_US' : (this.env.lang ?? 'en_US');
    let texts = selectTexts.get(cols);
    if (!texts) selectTexts.set(cols, texts = new Map());
    const key = `${lang}:${n}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = `SELECT ${cols.map((c) => this._columnSql(c)).join(', ')} FROM ${ident(this.cls._table)} WHERE id IN (${placeholders(n)})`;
      if (texts.size < 64) texts.set(key, text);
    }
    return text;
  }

  /** Store rows of `cols` (id first) in the record cache, converted from their column format. */
  _cacheRows(cols: readonly string[], rows: ReadonlyArray<readonly unknown[]>): void {
    const cache = this._storedRows().rows;
    // a model's shared prefetch list (prefetchColumns) gets a compiled row builder; other lists
    // are made per call and would each compile one
    const shared = prefetchIndex.get(this.cls);
    const fields = cols === shared?.withId ? shared.fields : cols.map((f) => this.cls._fields[f]);
    const build = cols === shared?.withId ? rowBuilder(cols) : null;
    for (const row of rows) {
      const id = row[0] as number;
      let rec = cache.get(id);
      if (!rec && build) {
        const built = build(row, fields);
        fullRows.add(built);
        cache.set(id, built);
        continue;
      }
      if (!rec) { rec = { id }; cache.set(id, rec); }
      for (let i = 1; i < cols.length; i++) rec[cols[i]] = fields[i].fromColumn(row[i]);
    }
  }

  /**
   * Internal values of `fnames` for each existing record (sudo), from the call's record cache.
   * Stored fields missing from it are fetched in one query per table, with the model's other
   * stored columns when the records are few or computed fields are asked for (Odoo's
   * prefetching: the next field read of these
   * records costs no query); non-stored fields are computed in one batch per field, and kept
   * while the tables their computation read are unchanged.
   */
  _values(fnames: string[]): Map<number, Record<string, unknown>> {
    const M = this.cls;
    const out = new Map<number, Record<string, unknown>>();
    const ids = this.ids;
    if (!ids.length) return out;
    const stored = this._storedRows();
    // most reads ask for stored fields only: `fnames` is then the stored list itself, and no
    // list is built (this runs several hundred times per call)
    let storedNames = fnames;
    let computedNames: string[] | null = null;
    for (let i = 0; i < fnames.length; i++) {
      const f = fnames[i];
      if (f !== 'id' && M._fields[f]?.column) continue;
      storedNames = [];
      computedNames = [];
      for (const g of fnames) {
        if (g === 'id') continue;
        if (M._fields[g]?.column) storedNames.push(g);
        else computedNames.push(g);
      }
      break;
    }
    // stored values, and which records exist
    this._loadStored(stored, storedNames, computedNames !== null && computedNames.length > 0);
    if (computedNames === null || !computedNames.length) {
      for (let i = 0; i < ids.length; i++) {
        const row = stored.rows.get(ids[i]);
        if (row) out.set(ids[i], row);
      }
      return out;
    }
    const tables = this.env.cr.tables;
    const computed = this._computedRows();
    for (const f of computedNames) {
      const deps = computed.deps.get(f);
      if (deps && !tables.unchangedSince(deps.tables, deps.stamp)) {
        for (const row of computed.rows.values()) delete row[f];
        computed.deps.delete(f);
      }
      const need = missingComputed(ids, stored.rows, computed.rows, f);
      if (!need.length) {
        if (deps && tables.tracking) tables.note(deps.tables);
        continue;
      }
      const stamp = tables.version;
      const { value: values, deps: read } = tables.track(() => this.browse(need)._computeField(f));
      const entry = computed.deps.get(f);
      if (entry) for (const t of read) entry.tables.add(t);
      else computed.deps.set(f, { tables: new Set(read), stamp });
      for (const id of need) {
        let row = computed.rows.get(id);
        if (!row) { row = { id }; computed.rows.set(id, row); }
        row[f] = values.get(id) ?? fieldEmpty(M._fields[f]);
      }
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const base = stored.rows.get(id);
      if (!base) continue;
      const extra = computed.rows.get(id)!;
      // a new object: the caller may change it, the cached rows must not (a computed value
      // would then pass for valid after the invalidation above deleted it); with the fields
      // asked for only, since copying a wide cached row for each record costs more
      const rec: Record<string, unknown> = { id };
      for (const f of storedNames) rec[f] = base[f];
      for (const f of computedNames) rec[f] = extra[f];
      out.set(id, rec);
    }
    return out;
  }

  /**
   * Put the rows of these records (at least their columns of `storedNames`) in the call's record
   * cache, `stored` (this._storedRows()); those that do not exist stay absent. With `wide` (computed
   * fields will be read too), all the prefetched columns: computed fields read stored ones we cannot
   * name here (display_name → complete_name), so the query count does not depend on the number of records.
   */
  _loadStored(stored: StoredRows, storedNames: string[], wide: boolean): void {
    const M = this.cls;
    const ids = this.ids;
    // the records whose cached row lacks a wanted column (none, usually: no list is made then)
    let missing: number[] | null = null;
    for (let i = 0; i < ids.length; i++) {
      const row = stored.rows.get(ids[i]);
      if (!row || !hasColumns(row, storedNames)) (missing ??= []).push(ids[i]);
    }
    if (missing) {
      const distinct = missing.length === 1 ? missing : [...new Set(missing)];
      const cols = distinct.length <= PREFETCH_MAX || wide ? prefetchColumns(M, storedNames) : ['id', ...new Set(storedNames)];
      // rows as arrays: cheaper than objects for wide reads
      if (distinct.length <= 500) this._cacheRows(cols, this.env.cr.raw(this._selectByIdText(cols, distinct.length), distinct, true));
      else for (const chunk of chunks(distinct, 500)) this._cacheRows(cols, this.env.cr.raw(this._selectByIdText(cols, chunk.length), chunk, true));
    } else if (this.env.cr.tables.tracking) {
      // what a memoized result read from the cache, it depends on as if it had queried it
      this.env.cr.tables.noteTable(M._table);
    }
  }

  /** Value of one field of a singleton (internal format). */
  get(fname: string): any {
    const rec = this.ensureOne()._values(fieldList(fname)).get(this.ids[0]);
    if (!rec) throw missingError(this, this.ids);
    return rec[fname];
  }

  /** Related records of a relational field (union over the recordset). */
  rel(fname: string): BaseModel {
    const f = this.cls._fields[fname];
    const vals = this._values([fname]);
    const ids: number[] = [];
    for (const id of this.ids) {
      const v = vals.get(id)?.[fname];
      if (Array.isArray(v)) ids.push(...v);
      else if (typeof v === 'number') ids.push(v);
    }
    return this.env.model(f.comodel).browse([...new Set(ids)]);
  }

  mapped(fname: string): unknown[] {
    const vals = this._values([fname]);
    return this.ids.map((id) => vals.get(id)?.[fname]);
  }

  /** Non-stored field values, computed by the field's compute method or related path. */
  _computeField(fname: string): Map<number, unknown> {
    const f = this.cls._fields[fname];
    if (f.attachment) return this._readAttachmentField(f);
    if (f.spec.company_dependent && this.env.registry.has('ir.property')) {
      return this.env.model('ir.property').sudo().withContext({ ...this.env.context })._get_multi(f.name, this._name, this.ids);
    }
    if (f.spec.related) return this._computeRelated(f);
    if (f.x2many && !f.spec.compute) return this._readX2many(f);
    if (f.spec.compute) {
      const fn = (this as unknown as Record<string, (f: Field) => Map<number, unknown> | Record<number, unknown>>)[f.spec.compute];
      if (typeof fn !== 'function') throw new Error(`${this._name}: missing compute method ${f.spec.compute}`);
      const res = fn.call(this.sudo(), f);
      const values = res instanceof Map ? res : new Map(Object.entries(res).map(([k, v]) => [Number(k), v]));
      return f.type === 'monetary' ? this._roundMonetary(f, values) : values;
    }
    return new Map();
  }

  /**
   * Computed monetary amounts are rounded to their record's currency, as Odoo's
   * Monetary.convert_to_cache does on assignment (59.99 / 2 stores 30.0, not 29.995).
   */
  _roundMonetary(f: Field, values: Map<number, unknown>): Map<number, unknown> {
    const currencyField = String(f.spec.currency_field ?? 'currency_id');
    if (!this.cls._fields[currencyField] || currencyField === f.name) return values;
    const nonZero = [...values.entries()].filter(([, v]) => typeof v === 'number' && v !== 0).map(([id]) => id);
    if (!nonZero.length) return values;
    const currencies = this.sudo().browse(nonZero)._values([currencyField]);
    for (const id of nonZero) {
      const currency = currencies.get(id)?.[currencyField];
      if (typeof currency !== 'number' || !currency) continue;
      const rounded = currencyRound(this.env, currency, values.get(id) as number);
      // a stored amount is written as float_repr(rounded, decimal places): 203.48, not 203.48000000000002
      values.set(id, f.column ? Number(rounded.toFixed(currencyDecimals(this.env, currency))) : rounded);
    }
    return values;
  }

  /** related='a.b.c' evaluated in sudo, batched per hop. */
  _computeRelated(f: Field): Map<number, unknown> {
    return followRelated(this.sudo(), this.ids, this.ids, relatedPath(f));
  }

  /**
   * The values of the stored related fields of a record about to be inserted whose path starts
   * with a plain many2one set in its `columns` (Odoo's precomputed related fields: journal_id,
   * company_id, date… of a journal item): they go into its INSERT instead of an UPDATE after
   * it, with what computing them right after the INSERT gives (the rest of the path, followed
   * from the many2one's target).
   */
  _precomputeRelated(columns: Vals, given: Vals): Vals {
    const out: Vals = {};
    // the target of a link: its values of every one-field path through that link, read at once
    let reached: Map<Field, { model: BaseModel; vals: Map<number, Record<string, unknown>> }> | null = null;
    for (const { field: f, link, rest, oneHop } of precomputableRelated(this.cls)) {
      if (f.name in given) continue;
      let target: unknown;
      try {
        // a link the INSERT leaves empty (a plain many2one nobody gave) makes the value empty
        target = link.name in columns ? link.toColumn(columns[link.name]) : null;
      } catch {
        continue; // a wrong value: the INSERT reports it
      }
      if (target !== null && typeof target !== 'number') continue;
      if (target === null || !oneHop) {
        out[f.name] = followRelated(this.env.model(link.comodel).sudo(), ONE_KEY, [target], rest).get(0);
        continue;
      }
      // as followRelated does for a path of one field
      let at = reached?.get(link);
      if (!at) {
        const model = this.env.model(link.comodel).sudo();
        (reached ??= new Map()).set(link, at = { model, vals: model.browse([target])._values(oneHop) });
      }
      const seg = rest[0];
      const segField = at.model.cls._fields[seg];
      out[f.name] = segField.x2many ? unionOf(target, at.vals, seg) : at.vals.get(target)?.[seg] ?? fieldEmpty(segField);
    }
    return out;
  }

  /**
   * Values of a binary field stored as attachments (fields.py Binary.read): the base64 content of
   * the attachment (res_model, res_field, res_id), or its human size with context bin_size.
   */
  _readAttachmentField(f: Field): Map<number, unknown> {
    const attachments = this.env.model('ir.attachment').sudo().withContext({ ...this.env.context });
    return attachments._binaryFieldValues(this._name, f.name, this.ids, !!this.env.context.bin_size);
  }

  /**
   * Write binary fields stored as attachments: create, rewrite or delete the attachment of each
   * record (fields.py Binary.create/write); Image fields are processed to their max size, and the
   * stored Image fields related to a written one (image_128 of image_1920) follow it.
   */
  _writeAttachmentFields(vals: Vals): void {
    const M = this.cls;
    const attachments = this.env.model('ir.attachment').sudo();
    const todo: Array<[Field, unknown]> = Object.entries(vals).map(([k, v]) => [M._fields[k], v]);
    for (const f of Object.values(M._fields)) {
      if (!f.attachment || !f.spec.related || f.spec.related.includes('.') || !(f.spec.related in vals) || f.name in vals) continue;
      todo.push([f, vals[f.spec.related]]);
    }
    for (const [f, raw] of todo) {
      let value: unknown = raw;
      if (f.spec.image || f.spec.max_width || f.spec.max_height) {
        try {
          value = attachments._imageFieldProcess(f, raw);
        } catch (e) {
          // a related Image field that cannot be processed is emptied (fields.py Image._process_related)
          if (!f.spec.related) throw e;
          value = false;
        }
      }
      attachments._binaryFieldWrite(this._name, f.name, this.ids, value);
    }
  }

  /** x2many values: ordered by the comodel's _order, archived comodel records hidden. */
  _readX2many(f: Field): Map<number, number[]> {
    const out = new Map<number, number[]>(this.ids.map((id) => [id, []]));
    if (!this.ids.length) return out;
    const co = this.env.model(f.comodel).withContext({ ...this.env.context, ...(f.spec.context ?? {}) });
    const activeTest = co.env.context.active_test !== false && co.cls._active_name;
    const alias = `${co.cls._table}__x2m`;
    const order = defaultOrderSql(co, alias);
    const orderBy = order.sql.text || `${ident(alias)}.id`;
    let activeWhere = activeTest ? ` AND ${ident(alias)}.${ident(co.cls._active_name!)} = 1` : '';
    const ruleParams: SqlParam[] = [];
    if (!co.env.su) {
      // one2many values come from a search on the comodel (its ACL is checked); both one2many and
      // many2many values are filtered by the comodel's read rules (Odoo 17 Many2many.read)
      if (f.type === 'one2many') security.checkAccessRights(co, 'read');
      const rule = security.ruleDomain(co, 'read');
      if (rule) {
        const where = new DomainCompiler(co.sudo().withContext({ active_test: false }), alias).compile(rule);
        activeWhere += ` AND ${where.text}`;
        ruleParams.push(...where.params);
      }
    }
    if (f.type === 'one2many') {
      // a one2many on a many2one_reference (message_ids on res_id) also matches the model name,
      // and a one2many's domain filters its values (Odoo 17 One2many.read)
      const inv = co.cls._fields[f.spec.inverse_name!];
      if (inv.type === 'many2one_reference' && inv.spec.model_field) {
        activeWhere += ` AND ${ident(alias)}.${ident(inv.spec.model_field)} = ?`;
        ruleParams.push(this._name);
      }
      if (Array.isArray(f.spec.domain) && f.spec.domain.length) {
        const where = new DomainCompiler(co.sudo().withContext({ active_test: false }), alias).compile(f.spec.domain as Domain);
        activeWhere += ` AND ${where.text}`;
        ruleParams.push(...where.params);
      }
    }
    for (const chunk of chunks(this.ids, 500)) {
      const ph = chunk.map(() => '?').join(',');
      let rows: unknown[][];
      if (f.type === 'one2many') {
        const inv = co.cls._fields[f.spec.inverse_name!].column!;
        rows = this.env.cr.raw(new SQL(
          `SELECT ${ident(alias)}.${ident(inv)}, ${ident(alias)}.id FROM ${ident(co.cls._table)} AS ${ident(alias)}${order.joins} WHERE ${ident(alias)}.${ident(inv)} IN (${ph})${activeWhere} ORDER BY ${orderBy}`,
          [...chunk, ...ruleParams, ...order.sql.params]));
      } else {
        const { relation, column1, column2 } = f.spec;
        rows = this.env.cr.raw(new SQL(
          `SELECT r.${ident(column1!)}, ${ident(alias)}.id FROM ${ident(relation!)} r JOIN ${ident(co.cls._table)} AS ${ident(alias)} ON ${ident(alias)}.id = r.${ident(column2!)}${order.joins} WHERE r.${ident(column1!)} IN (${ph})${activeWhere} ORDER BY ${orderBy}`,
          [...chunk, ...ruleParams, ...order.sql.params]));
      }
      for (const [owner, id] of rows) out.get(owner as number)?.push(id as number);
    }
    return out;
  }

  /** display_name: the _rec_name value, or "model,id" when the model has none. */
  _compute_display_name(): Map<number, unknown> {
    const rec = this.cls._rec_name;
    const out = new Map<number, unknown>();
    if (!rec) {
      for (const id of this.ids) out.set(id, `${this._name},${id}`);
      return out;
    }
    const f = this.cls._fields[rec];
    if (f.type === 'many2one') {
      const vals = this._values([rec]);
      const targets = [...new Set([...vals.values()].map((v) => v[rec]).filter((v): v is number => typeof v === 'number'))];
      const names = this.env.model(f.comodel).browse(targets)._displayNames();
      for (const id of this.ids) {
        const t = vals.get(id)?.[rec];
        out.set(id, typeof t === 'number' ? names.get(t) ?? false : false);
      }
      return out;
    }
    const vals = this._values([rec]);
    for (const id of this.ids) {
      const v = vals.get(id)?.[rec];
      out.set(id, v === false || v === undefined ? false : String(v));
    }
    return out;
  }

  /** Display names computed as superuser (many2one values, name_search results). */
  _displayNames(): Map<number, string | false> {
    const vals = this.sudo()._values(['display_name']);
    const out = new Map<number, string | false>();
    for (const id of this.ids) out.set(id, (vals.get(id)?.display_name as string | false) ?? false);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // search
  // ---------------------------------------------------------------------------------------

  /** The active filter and record rules added to a domain, as Odoo's _where_calc does. */
  _fullDomain(domain: Domain, op = 'read'): { domain: Domain; rules: SQL | null } {
    let dom = domain;
    const active = this.cls._active_name;
    if (active && this.env.context.active_test !== false) {
      const mentions = Array.isArray(domain) && domain.some((t) => Array.isArray(t) && t[0] === active);
      if (!mentions) dom = [[active, '=', true], ...(domain.length ? normalizeDomain(domain) : [])];
    }
    return { domain: dom, rules: null };
  }

  /**
   * Hook: an extra SQL condition on what the user may see, for models whose visibility is not a
   * record rule (ir.attachment follows its linked record, ir_attachment.py _search).
   */
  _searchAccessSql(_alias: string): SQL | null { return null; }

  /** SQL selecting ids (or `select` column) of the records matching the domain. */
  _searchSql(domain: Domain, opts: SearchOptions = {}): SQL {
    // a top-level search compiles to the same SQL until the data changes (rules, hierarchy and
    // name lookups read the database): the compiled statement is memoized until the next write
    if (searchDepth === 0 && plainJson(domain) && plainJson(this.env.context)) {
      const key = `search:${this._name}:${this.env.su ? 'su' : this.env.uid}:${JSON.stringify(this.env.context)}:${JSON.stringify(domain)}:${JSON.stringify(opts)}`;
      if (key.length < 2048) return this.env.crossCall(key, () => this._searchSqlNested(domain, opts));
    }
    return this._searchSqlNested(domain, opts);
  }

  private _searchSqlNested(domain: Domain, opts: SearchOptions): SQL {
    searchDepth++;
    try {
      return this._searchSqlAt(domain, opts, searchDepth === 1 ? this.cls._table : `${this.cls._table}__${searchDepth}`);
    } finally {
      searchDepth--;
    }
  }

  /** Aliases depend only on the nesting depth, so equal queries give equal SQL text (statement reuse). */
  _searchSqlAt(domain: Domain, opts: SearchOptions, alias: string): SQL {
    const M = this.cls;
    const { domain: dom } = this._fullDomain(Array.isArray(domain) ? domain : [], 'read');
    const compiler = new DomainCompiler(this, alias);
    const parts: SQL[] = [];
    if (dom.length) parts.push(compiler.compile(dom));
    if (!this.env.su && !opts.noRules) {
      const rule = security.ruleDomain(this, 'read');
      if (rule) parts.push(new DomainCompiler(this.sudo().withContext({ active_test: false }), alias).compile(rule));
      const access = this._searchAccessSql(alias);
      if (access) parts.push(access);
    }
    if (opts.extraWhere) parts.push(new SQL(opts.extraWhere.replace(/^"/, `${ident(alias)}."`)));
    const where = parts.filter((p) => p.text !== 'TRUE');
    if (where.some((p) => p.text === 'FALSE') && !opts.count) {
      return new SQL(`SELECT ${ident(alias)}.${ident(opts.select ?? 'id')} FROM ${ident(M._table)} AS ${ident(alias)}${MATCHES_NOTHING}`);
    }
    const whereSql = where.length ? SQL.join(where, ' AND ') : null;
    let joins = '';
    let orderSql: SQL | null = null;
    if (opts.order !== undefined && !opts.count) {
      const spec = opts.order ?? M._order;
      const o = spec === M._order ? defaultOrderSql(this, alias) : orderToSql(this, parseOrder(this, spec), alias);
      joins = o.joins;
      orderSql = o.sql;
    }
    const params: SqlParam[] = [];
    const selected = [opts.select ?? 'id', ...(opts.columns ?? [])].map((c) => this._columnSql(c, alias)).join(', ');
    let text = `SELECT ${selected} FROM ${ident(M._table)} AS ${ident(alias)}${joins}`;
    if (whereSql) { text += ` WHERE ${whereSql.text}`; params.push(...whereSql.params); }
    // an order naming only non-stored fields orders nothing (Odoo logs a warning and ignores them)
    if (orderSql?.text) { text += ` ORDER BY ${orderSql.text}`; params.push(...orderSql.params); }
    if (opts.limit) { text += ' LIMIT ?'; params.push(opts.limit); }
    if (opts.offset) { text += `${opts.limit ? '' : ' LIMIT -1'} OFFSET ?`; params.push(opts.offset); }
    return new SQL(text, params);
  }

  _searchIds(domain: Domain, opts: SearchOptions = {}): number[] {
    const sql = this._searchSql(domain, { order: opts.order ?? null, ...opts });
    if (matchesNothing(sql)) return [];
    return this.env.cr.raw(sql).map((r) => r[0] as number);
  }

  /**
   * Odoo's `_flush_search` as far as it checks access: the fields a search names (domain, order,
   * `fields` of a read_group) must be readable by the user. Models override it to relax the check
   * (mail.thread lets portal users filter on themselves as followers).
   */
  _flush_search(domain: Domain, order: string | null, fields: Iterable<string> = []): void {
    checkSearchFieldAccess(this, domain, order, fields);
  }

  /** Public search: ACL checked, rules applied. Returns a recordset. */
  search(domain: unknown, offset: unknown = 0, limit: unknown = null, order: unknown = null): this {
    security.checkAccessRights(this, 'read');
    const dom = domainArg(domain);
    this._flush_search(dom, strArg(order) ?? this.cls._order);
    const ids = this._searchIds(dom, { offset: intArg(offset, 'OFFSET'), limit: intArg(limit) || null, order: strArg(order) });
    return this.browse(ids);
  }

  /**
   * Odoo 17's search_fetch: search and fetch the stored columns of `fieldNames` in the same
   * query, into the record cache of the returned records.
   */
  search_fetch(domain: unknown, fieldNames: unknown, offset: unknown = 0, limit: unknown = null, order: unknown = null): this {
    const fnames = Array.isArray(fieldNames) ? this._checkFieldNames(fieldNames) : [];
    security.checkFieldAccess(this, fnames, 'read');
    return this.browse(this._searchFetchIds(domain, fnames, this, offset, limit, order));
  }

  /**
   * Ids of a public search (ACL checked, rules applied) whose row also carries the stored
   * columns of `fnames`, cached for `reader` (the same model, possibly another context).
   */
  _searchFetchIds(domain: unknown, fnames: string[], reader: BaseModel, offset: unknown, limit: unknown, order: unknown): number[] {
    const cols = this._fetchColumns(fnames);
    const rows = this._searchRows(domain, cols.slice(1), offset, limit, order);
    reader._cacheRows(cols, rows);
    return rows.map((r) => r[0] as number);
  }

  /** Rows (id, then `columns`) of a public search: ACL checked, rules applied. */
  _searchRows(domain: unknown, columns: string[], offset: unknown, limit: unknown, order: unknown): unknown[][] {
    security.checkAccessRights(this, 'read');
    const dom = domainArg(domain);
    this._flush_search(dom, strArg(order) ?? this.cls._order);
    const sql = this._searchSql(dom, { offset: intArg(offset, 'OFFSET'), limit: intArg(limit) || null, order: strArg(order), columns });
    if (matchesNothing(sql)) return [];
    return this.env.cr.raw(sql);
  }

  search_count(domain: unknown, limit: unknown = null): number {
    security.checkAccessRights(this, 'read');
    const dom = domainArg(domain);
    this._flush_search(dom, null);
    const sql = this._searchSql(dom, { limit: intArg(limit) || null, count: true });
    const row = this.env.cr.raw(new SQL(`SELECT COUNT(*) FROM (${sql.text})`, sql.params));
    return row[0][0] as number;
  }

  search_read(domain: unknown = null, fields: unknown = null, offset: unknown = 0, limit: unknown = null, order: unknown = null, readKwargs: Record<string, unknown> = {}): Vals[] {
    // the model's own access right comes before its fields' (and an _inherits parent's) checks
    security.checkAccessRights(this, 'read');
    const fnames = this._readFieldNames(fields);
    const ctx = { ...this.env.context };
    delete ctx.active_test;
    const reader = this.withContext(ctx);
    const classic = ('load' in readKwargs ? readKwargs.load : '_classic_read') === '_classic_read';
    // like Odoo's search_fetch + _read_format: one query finds the records and their stored
    // values, and the search already applied the read rules
    const fetch = fnames.filter((f) => f !== 'id');
    if (fetch.every((f) => this.cls._fields[f].column)) {
      // only stored fields: the answer is made from the rows themselves, without the record cache
      const rows = this._searchRows(domain ?? [], fetch, offset, limit, order);
      const fields = fetch.map((f) => this.cls._fields[f]);
      const records = rows.map((row) => {
        const rec: Vals = { id: row[0] as number };
        for (let i = 0; i < fetch.length; i++) rec[fetch[i]] = fields[i].fromColumn(row[i + 1]);
        return rec;
      });
      const formatters = reader._readFormatters(fetch, records, classic);
      for (const rec of records) for (const [f, format] of formatters) rec[f] = format(rec[f]);
      return records;
    }
    const ids = this._searchFetchIds(domain ?? [], fnames, reader, offset, limit, order);
    if (!ids.length) return [];
    return reader._readFormat(ids, fnames, classic);
  }

  /**
   * search_read for answers too large to build at once (a worker pool streams them,
   * rpc/service/streamed.ts): the same checks and the ids search_read would read, in its order;
   * `read(batch)` gives the records of some of those ids as search_read gives them, the record
   * cache emptied first so that memory holds one batch at a time.
   */
  _searchReadInBatches(domain: unknown = null, fields: unknown = null, offset: unknown = 0, limit: unknown = null, order: unknown = null,
    readKwargs: Record<string, unknown> = {}): { ids: number[]; read(batch: number[]): Vals[] } {
    security.checkAccessRights(this, 'read');
    const fnames = this._readFieldNames(fields);
    const ctx = { ...this.env.context };
    delete ctx.active_test;
    const reader = this.withContext(ctx);
    const classic = ('load' in readKwargs ? readKwargs.load : '_classic_read') === '_classic_read';
    const ids = this._searchRows(domain ?? [], [], offset, limit, order).map((row) => row[0] as number);
    return {
      ids,
      read: (batch) => {
        reader.env.cache.invalidate();
        return batch.length ? reader._readFormat(batch, fnames, classic) : [];
      },
    };
  }

  /** Field names of a read() call, validated, with field-level access checked. */
  _readFieldNames(fields: unknown): string[] {
    if (fields === null || fields === undefined || fields === false || (Array.isArray(fields) && fields.length === 0)) {
      const all = this._readableFields();
      this._checkDelegatedRead(all);
      return all;
    }
    const fnames = this._checkFieldNames(iterated(fields));
    security.checkFieldAccess(this, fnames, 'read');
    this._checkDelegatedRead(fnames);
    return fnames;
  }

  _checkDelegatedRead(fnames: string[]): void {
    // delegated fields are read from the parent with the caller's access rights on it
    for (const [parent, link] of Object.entries(this.cls._inherits)) {
      const viaParent = fnames.some((f) => {
        const field = this.cls._fields[f];
        return field.spec.inherited && field.spec.related?.startsWith(`${link}.`) && !this.cls._inherits_sudo_fields.includes(f);
      });
      if (viaParent) security.checkAccessRights(this.env.model(parent), 'read');
    }
  }

  // ---------------------------------------------------------------------------------------
  // read
  // ---------------------------------------------------------------------------------------

  /** Field names the user may read (fields_get / read without fields). */
  _readableFields(): string[] {
    return Object.values(this.cls._fields)
      .filter((f) => security.fieldAllowed(this, f))
      .map((f) => f.name);
  }

  _checkFieldNames(fnames: unknown[]): string[] {
    const out: string[] = [];
    for (const f of fnames) {
      if (typeof f !== 'string' || !this.cls._fields[f]) throw new PyValueError(`Invalid field ${pyRepr(f)} on model ${pyRepr(this._name)}`);
      out.push(f);
    }
    return out;
  }

  read(fields: unknown = null, load: unknown = '_classic_read'): Vals[] {
    security.checkAccessRights(this, 'read');
    const fnames = this._readFieldNames(fields);
    const unique = [...new Set(this.ids.filter((id) => typeof id === 'number'))];
    if (!unique.length) return [];
    // existing records, then the ones the rules let the user see: the statement that finds
    // them also fetches their stored values into the call's cache, where _readFormat takes them
    // (rather than one statement for the ids and another for the values)
    const storedNames = fnames.filter((f) => f !== 'id' && this.cls._fields[f].column);
    const stored = this._storedRows();
    this.browse(unique)._loadStored(stored, storedNames, storedNames.length < fnames.filter((f) => f !== 'id').length);
    const existing = new Set(unique.filter((id) => stored.rows.has(id)));
    const recs = this.browse([...existing]);
    security.checkAccessRule(recs, 'read');
    return recs._readFormat(this.ids.filter((id) => existing.has(id)), fnames, load === '_classic_read');
  }

  /** Format records for read(): many2one as [id, name] (classic) or id. */
  _readFormat(ids: number[], fnames: string[], classic: boolean): Vals[] {
    const fetch = fnames.filter((f) => f !== 'id');
    const vals = this.browse([...new Set(ids)]).withContext({ ...this.env.context })._values(fetch);
    const formatters = this._readFormatters(fetch, vals.values(), classic);
    const out: Vals[] = [];
    for (const id of ids) {
      const v = vals.get(id);
      if (!v) continue;
      const rec: Vals = { id };
      for (const [f, format] of formatters) rec[f] = format(v[f]);
      out.push(rec);
    }
    return out;
  }

  /**
   * One converter per field from internal to read() values, chosen once rather than per record;
   * with `classic` load, the display names of the many2one values in `records` are fetched
   * in one batch per comodel.
   */
  _readFormatters(fetch: string[], records: Iterable<Record<string, unknown>>, classic: boolean): Array<[string, (value: unknown) => unknown]> {
    const M = this.cls;
    const names = new Map<string, Map<number, string | false>>();
    if (classic) {
      const many2ones = fetch.filter((f) => M._fields[f].type === 'many2one');
      if (many2ones.length) {
        const byModel = new Map<string, Set<number>>();
        for (const f of many2ones) if (!byModel.has(M._fields[f].comodel)) byModel.set(M._fields[f].comodel, new Set());
        for (const v of records) {
          for (const f of many2ones) if (typeof v[f] === 'number') byModel.get(M._fields[f].comodel)!.add(v[f] as number);
        }
        for (const [model, set] of byModel) names.set(model, this.env.model(model).browse([...set])._displayNames());
      }
    }
    return fetch.map((f): [string, (value: unknown) => unknown] => {
      const field = M._fields[f];
      if (field.spec.private) return [f, () => ''];
      const comodelNames = field.type === 'many2one' && classic ? names.get(field.comodel) : undefined;
      if (comodelNames) return [f, (value) => (typeof value === 'number' ? [value, comodelNames.get(value) ?? false] : field.toRead(value))];
      if (field.type === 'float' || field.type === 'monetary') return [f, (value) => field.toRead(value)];
      // a delegated (_inherits) field formats as the parent's field
      const source = field.spec.inherited && typeof field.spec.related === 'string'
        ? this.env.registry.get(M._fields[field.spec.related.split('.')[0]]?.comodel)?._fields[field.name] ?? field : field;
      if (field.type === 'binary' && (field.column || (source.spec.image && source.spec.compute && !source.spec.related)) && this.env.context.bin_size) {
        // bin_size: the size of the base64-decoded content, human readable (fields.py Binary)
        return [f, (value) => (typeof value === 'string' ? humanSize(Buffer.from(value, 'base64').length) : value)];
      }
      return [f, (value) => value];
    });
  }

  // ---------------------------------------------------------------------------------------
  // create / write / unlink
  // ---------------------------------------------------------------------------------------

  /** Defaults for missing fields: context default_<f>, ir.default-like, field default. */
  _defaultValues(fnames: string[], userDefaultsGiven?: Record<string, unknown>): Vals {
    const out: Vals = {};
    const ctx = this.env.context;
    // user-defined defaults (ir.default) come after the context's and before the fields' own
    const userDefaults = userDefaultsGiven ?? (fnames.length ? this._userDefaults() : {});
    // the context's default_* keys, looked up once rather than per field (no map without one)
    let ctxDefaults: Map<string, unknown> | null = null;
    for (const key of Object.keys(ctx)) if (key.startsWith('default_')) (ctxDefaults ??= new Map()).set(key.slice(8), ctx[key]);
    for (const fname of fnames) {
      const f = this.cls._fields[fname];
      if (!f) continue;
      if (ctxDefaults?.has(fname)) { out[fname] = ctxDefaults.get(fname); continue; }
      if (fname in userDefaults && !f.spec.inherited) { out[fname] = userDefaults[fname]; continue; }
      if (f.spec.inherited) continue;
      if (f.spec.default !== undefined) {
        const d = f.spec.default;
        out[fname] = typeof d === 'function' ? (d as (m: BaseModel) => unknown)(this) : d;
      }
    }
    // _inherits parents supply defaults for their fields
    for (const [parent, link] of inheritsList(this.cls)) {
      const parentFields = fnames.filter((f) => this.cls._fields[f]?.spec.inherited && this.cls._fields[f].spec.related?.startsWith(`${link}.`) && !(f in out));
      if (parentFields.length) Object.assign(out, this.env.model(parent)._defaultValues(parentFields));
    }
    return out;
  }

  /** The user-defined defaults (ir.default) of this model for the environment's user. */
  _userDefaults(): Record<string, unknown> {
    return this._name !== 'ir.default' && this.env.registry.has('ir.default')
      ? this.env.model('ir.default').sudo().withUser(this.env.uid)._get_model_defaults(this._name) : {};
  }

  default_get(fieldsList: unknown): Vals {
    if (!Array.isArray(fieldsList)) throw new PyTypeError(`'${typeof fieldsList}' object is not iterable`);
    const names = fieldsList.filter((f): f is string => typeof f === 'string' && !!this.cls._fields[f]);
    const defaults = this._defaultValues(names);
    for (const [k, v] of Object.entries(defaults)) {
      const f = this.cls._fields[k];
      if (f.type === 'many2many' && Array.isArray(v) && v.every((x) => typeof x === 'number')) defaults[k] = [[6, 0, v]];
      if (f.type === 'float' || f.type === 'monetary') defaults[k] = f.toRead(v);
    }
    return defaults;
  }

  /** Split client values by destination and validate names. */
  _splitVals(vals: Vals): { columns: Vals; x2many: Vals; inverse: Vals; parents: ReadonlyMap<string, Vals>; attachments: Vals } {
    const routes = valueRoutes(this.cls);
    const columns: Vals = {};
    const attachments: Vals = {};
    const x2many: Vals = {};
    const inverse: Vals = {};
    let parents: Map<string, Vals> | null = null;
    for (const k of Object.keys(vals)) {
      const v = vals[k];
      const r = routes.get(k);
      if (!r) throw new PyValueError(`Invalid field ${pyRepr(k)} on model ${pyRepr(this._name)}`);
      if (r.magic && !(this.env.su && this.env.context.install_mode && k !== 'id')) continue;
      switch (r.route) {
        case 'parent': {
          parents ??= new Map();
          const pv = parents.get(r.parent!) ?? {};
          pv[k] = v;
          parents.set(r.parent!, pv);
          break;
        }
        case 'x2many': x2many[k] = v; break;
        case 'attachment': attachments[k] = v; break;
        case 'column': columns[k] = v; break;
        case 'inverse': inverse[k] = v; break;
        // other non-stored computed fields: silently ignored, as in Odoo
        default: break;
      }
    }
    return { columns, x2many, inverse, parents: parents ?? NO_PARENT_VALUES, attachments };
  }

  create(valsList: unknown): this {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    for (const v of list) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        throw new PyValueError(`dictionary update sequence element #0 has length ${Array.isArray(v) ? v.length : 1}; 2 is required`);
      }
    }
    if (!list.length) return this.browse([]);
    security.checkAccessRights(this, 'create');
    const records = this._create(list as Vals[]);
    security.checkAccessRule(records, 'create');
    return records;
  }

  /** The create machinery, without access checks (used by sudo flows and the loader). */
  _create(valsList: Vals[]): this {
    const M = this.cls;
    const ids: number[] = [];
    const now = nowUtc(this.env.cr);
    const changedByBatch = new Set<string>();
    const versionBefore = this.env.cr.tables.version;
    const userDefaults = this._userDefaults();
    // only fields with a default of their own (or their parent's) can get one, unless the
    // context or the user's defaults name others, or the model computes defaults itself
    const ctx = this.env.context;
    const ctxDefaults = Object.keys(ctx).some((k) => k.startsWith('default_'));
    const baseDefaults = this._defaultValues === BaseModel.prototype._defaultValues;
    const ownDefaultsOnly = !ctxDefaults && !Object.keys(userDefaults).length && baseDefaults;
    // with BaseModel's _defaultValues, a field without a default of its own gets one only from
    // the context or ir.default: the others are not listed for each record
    const defaultable = ownDefaultsOnly ? fieldsWithDefault(M)
      : baseDefaults ? defaultableWith(M, ctxDefaults ? ctx : null, userDefaults)
        : defaultableFields(M);
    const computeBatches = new CreateComputeBatches(M);
    const inherits = inheritsList(M);
    const routes = valueRoutes(M);
    for (const given of valsList) {
      // an existing _inherits parent keeps its values: no defaults for its fields (Odoo's
      // _add_missing_default_values "avoid overriding inherited values when parent is set")
      const givenLinks = inherits.length ? inherits.filter(([, link]) => given[link]).map(([, link]) => link) : null;
      const missing: string[] = [];
      for (const n of defaultable) {
        if (n in given) continue;
        if (givenLinks?.length && M._fields[n].spec.inherited && givenLinks.some((link) => M._fields[n].spec.related?.startsWith(`${link}.`))) continue;
        missing.push(n);
      }
      // the defaults, then the given values (same key order as { ...defaults, ...given })
      const vals: Vals = this._defaultValues(missing, userDefaults);
      for (const k of Object.keys(given)) vals[k] = given[k];
      const { columns, x2many, inverse, parents, attachments } = this._splitVals(vals);
      // _inherits: create (or update) the parent record first
      for (const [parent, link] of inherits) {
        const pv = parents.get(parent) ?? {};
        const existing = columns[link];
        if (existing) {
          if (Object.keys(pv).length) this.env.model(parent).browse([existing as number]).write(pv);
        } else {
          columns[link] = this.env.model(parent).create(pv).ids[0];
        }
      }
      // stored related fields reached through a many2one of the row go into the INSERT
      const precomputed = isEmpty(columns) ? {} : this._precomputeRelated(columns, vals);
      const precomputedNames = Object.keys(precomputed);
      for (const k of precomputedNames) columns[k] = precomputed[k];
      // the INSERT's columns and values as two lists: a row object built key by key is a
      // dictionary growing with each column (a few KB per record)
      const keys: string[] = [];
      const params: SqlParam[] = [];
      // many2one values that are not ids: in the INSERT as PostgreSQL reads them, not in the cache
      let uncached: string[] | null = null;
      for (const k of Object.keys(columns)) {
        const { field: f, translated } = routes.get(k)!;
        const value = columns[k];
        const odd = f.type === 'many2one' && value && !isInt4(value) ? this._many2oneInsertId(f, value) : null;
        const v = odd ?? this._toColumn(f, value);
        if (odd !== null) (uncached ??= []).push(k);
        keys.push(k);
        params.push(translated ? createColumn(v as string | null, this.env) : v);
      }
      if (M._log_access) {
        setMissing(keys, params, 'create_uid', this.env.uid);
        setMissing(keys, params, 'write_uid', this.env.uid);
        setMissing(keys, params, 'create_date', now);
        setMissing(keys, params, 'write_date', now);
      }
      const sql = insertText(M, keys);
      let res;
      try {
        if (this.env.cr.foreignKeysDeferred) this._checkMany2oneTargets(rowOf(keys, params));
        const stored = this._storedRows();
        res = this._runSql(sql, params, () => rowOf(keys, params));
        // a new row changes no cached one
        stored.stamp = this.env.cr.tables.version;
        this._cacheCreatedRow(stored, Number(res.lastInsertRowid), keys, params);
        if (uncached) this._forgetOddLinks(stored, Number(res.lastInsertRowid), uncached);
      } catch (e) {
        // PostgreSQL draws the id before checking the row: a refused INSERT uses it up
        this.env.cr.useUpId(M._table);
        throw e;
      }
      const id = Number(res.lastInsertRowid);
      ids.push(id);
      const rec = this.browse([id]);
      // its lines' changes need not recompute its fields: they are computed below, after them
      let creating = this.env.cache.creating.get(M._name);
      if (!creating) this.env.cache.creating.set(M._name, creating = new Map());
      const names = Object.keys(vals);
      creating.set(id, new ValueNames(vals));
      try {
        // Odoo 17 writes these "other fields" of new records without the context's default_
        // keys (models.py _create: clean_context), so an order's new lines or a record's
        // attachments do not take defaults meant for the record itself; a write keeps them
        const others = ctxDefaults && (!isEmpty(attachments) || !isEmpty(x2many)) ? rec.withContext(cleanContext(this.env.context)) : rec;
        if (!isEmpty(attachments)) others._writeAttachmentFields(attachments);
        for (const k of Object.keys(x2many)) others._writeX2many(M._fields[k], x2many[k], true);
        for (const k of Object.keys(inverse)) rec._writeInverse(M._fields[k], inverse[k]);
      } finally {
        creating.delete(id);
      }
      computeBatches.add(id, names, precomputedNames);
    }
    // the new records' computed fields, once every record of the batch is inserted (Odoo
    // computes them at flush): a compute method runs once for the records sharing the same
    // given computed values, and reads what it needs for all of them at once
    for (const { ids: batchIds, given, precomputed } of computeBatches.batches()) {
      const records = this.browse(batchIds);
      const set = records._recompute([...given, ...precomputed], true, NO_OLD_LINKS, false, new Set(precomputed));
      for (const fname of set) changedByBatch.add(fname);
      // Odoo checks the constraints of every stored field a creation sets: given, defaulted,
      // precomputed (_create's data['stored']) and computed (_compute_field_value)
      records._validateConstraints(set);
    }
    // records depending on the new ones are recomputed once for the whole batch too
    this.browse(ids)._recomputeReverse([...changedByBatch], NO_OLD_LINKS, versionBefore);
    return this.browse(ids);
  }

  /**
   * Put a new record's row in the call's record cache, as Odoo's _create does: what the INSERT
   * wrote, and NULL for the other stored columns (no column has an SQL default), so that computing
   * the new record's fields does not read it back. A value whose reading back is not certain
   * (see readsBackAsWritten) is left out: reading it fetches the row.
   */
  _cacheCreatedRow(stored: StoredRows, id: number, keys: string[], params: SqlParam[]): void {
    const M = this.cls;
    const { withId: cols, fields, position, translated, textAt } = prefetchList(M);
    // the model's values of NULL columns (each field's value of NULL, converted once per class),
    // then the written values: not every column converted again for each record
    const values = nullValues(M).slice();
    values[0] = id;
    // the columns the INSERT leaves NULL read back as NULL, but translated ones (a per-model
    // list): only the written values are looked at
    let unsure: string[] | null = translated.length ? translated.slice() : null;
    for (let i = 0; i < keys.length; i++) {
      const at = position.get(keys[i]);
      if (at === undefined) continue;
      if (at === 0) { values[0] = params[i]; continue; }
      const v = params[i];
      values[at] = fields[at].fromColumn(v);
      // (textAt is null for translated columns: listed as unsure already)
      const text = textAt[at];
      if (text !== null && !readsBackAs(text, v)) (unsure ??= []).push(cols[at]);
    }
    const rec = rowOfValues(cols)(values);
    if (unsure) for (const c of unsure) delete rec[c];
    else fullRows.add(rec);
    stored.rows.set(id, rec);
  }

  /**
   * Many2one values of a new row that were not ids: Odoo's cache holds None for them until its
   * transaction ends (many2one_input.ts), so the new record's computations see no link; the
   * calls after the commit read the stored one.
   */
  _forgetOddLinks(stored: StoredRows, id: number, columns: string[]): void {
    const row = stored.rows.get(id);
    if (!row) return;
    for (const k of columns) row[k] = this.cls._fields[k].fromColumn(null);
    // (rows are updated in place or replaced by copies: whatever the cache holds for it then goes)
    this.env.cr.onCommit(() => { stored.rows.delete(id); });
  }

  /** A many2one value of create() that is not an id, as PostgreSQL stores it (many2one_input.ts); null for the usual conversion. */
  _many2oneInsertId(f: Field, v: unknown): number | null {
    const comodel = this.env.registry.get(f.comodel!);
    return many2oneInsertId(f.column ?? f.name, f.comodel!, v, (name) => !!comodel?._fields[name]);
  }

  /** Client value → column value, validating dynamic selections against the environment. */
  _toColumn(f: Field, v: unknown): SqlParam {
    if (f.type === 'selection' && typeof f.spec.selection === 'function' && typeof v === 'string' && v) {
      if (!f.selectionFor(this.env).some(([k]) => k === v)) throw f.wrong(v);
    }
    return f.toColumn(v) as SqlParam;
  }

  /**
   * SET clause writing column value `value` to column `k`: a translated field changes only the
   * environment language's value (translate.ts writeAssignment).
   */
  _assignment(k: string, value: SqlParam): { sql: string; params: SqlParam[] } {
    const f = this.cls._fields[k];
    if (!f || !isTranslated(f)) return { sql: assignText(k), params: [value] };
    const lang = this.env.lang ?? 'en_US';
    const enUSActive = lang === 'en_US' || this.env.activeLangs().has('en_US');
    return writeAssignment(ident(k), value as string | null, this.env, enUSActive);
  }

  /** A many2one pointing to a missing row gives Odoo's FK violation message. */
  _checkMany2oneTargets(row: Record<string, SqlParam>): void {
    const M = this.cls;
    for (const [k, v] of Object.entries(row)) {
      const f = M._fields[k];
      if (f?.type !== 'many2one' || v === null || k === 'create_uid' || k === 'write_uid') continue;
      const co = this.env.registry.get(f.comodel);
      if (!co) continue;
      if (typeof v === 'number' && this.env.model(f.comodel)._storedRows().rows.has(v)) continue;
      const hit = this.env.cr.get(`SELECT 1 AS x FROM ${ident(co._table)} WHERE id = ?`, [v]);
      if (!hit) throw fkError(M, `${M._table}_${f.column}_fkey`);
    }
  }

  /**
   * Run a write statement, turning SQLite constraint errors into Odoo's ValidationErrors. SQLite
   * refuses a many2one pointing to a missing row itself (foreign keys); only then are the
   * targets of `row`'s many2one values looked up, to name the column in Odoo's message.
   */
  _runSql(text: string, params: SqlParam[], row?: Record<string, SqlParam> | (() => Record<string, SqlParam>)) {
    try {
      return this.env.cr.run(text, params);
    } catch (e) {
      if (row && isForeignKeyViolation(e)) this._checkMany2oneTargets(typeof row === 'function' ? row() : row);
      throw translateSqlError(this.env.registry, e, this.cls);
    }
  }

  /**
   * UPDATE columns of these records to the same values, and apply the change to the call's
   * record cache too, which was in step with the table just before (see _storedRows).
   */
  _updateColumns(ids: number[], row: Record<string, SqlParam>, deferred = false): void {
    const M = this.cls;
    const keys = Object.keys(row);
    if (!keys.length || !ids.length) return;
    const stored = this._storedRows();
    if (deferred && !keys.some((k) => M._fields[k] && isTranslated(M._fields[k]))) {
      // recomputed values: merged with the record's next recomputed ones into one UPDATE
      // (Cursor.deferUpdate); a translated value's assignment reads the column, so it is not
      this.env.cr.deferUpdate(M._table, ids, keys.map((k) => ({ column: k, sql: assignText(k), params: [row[k]] })),
        (e) => translateSqlError(this.env.registry, e, M));
    } else {
      // a translated field changes the environment language's value only (_assignment)
      const sets = keys.map((k) => this._assignment(k, row[k]));
      for (const q of updateByIds(M._table, sets, ids)) this._runSql(q.text, q.params, row);
    }
    // the cached values (keys known to read back as written) and the columns to forget
    const known: string[] = [];
    const values: unknown[] = [];
    let unknown: string[] | null = null;
    // rows holding every prefetched column are copied by the model's compiled copier when the
    // write neither forgets a value nor adds a column outside that list
    const { names: prefetched } = prefetchList(M);
    let allPrefetched = true;
    for (const k of keys) {
      const f = M._fields[k];
      const v = row[k];
      if (f && readsBackAsWritten(f, v)) {
        known.push(k);
        values.push(f.fromColumn(v));
        if (!prefetched.has(k)) allPrefetched = false;
      } else (unknown ??= []).push(k);
    }
    const copier = !unknown && allPrefetched ? rowCopier(M) : null;
    for (const id of ids) {
      const rec = stored.rows.get(id);
      if (!rec) continue;
      // a new object: values read before the write keep their old values, as in a fresh cache
      const full = copier !== null && fullRows.has(rec);
      const updated = full ? copier(rec) : { ...rec };
      for (let i = 0; i < known.length; i++) updated[known[i]] = values[i];
      if (unknown) for (const k of unknown) delete updated[k];
      if (full) fullRows.add(updated);
      stored.rows.set(id, updated);
    }
    stored.stamp = this.env.cr.tables.version;
  }

  write(vals: unknown): boolean {
    if (vals === null || typeof vals !== 'object' || Array.isArray(vals)) throw new PyValueError(`Invalid values: ${pyRepr(vals)}`);
    if (!this.ids.length) return true;
    security.checkAccessRights(this, 'write');
    security.checkFieldAccess(this, Object.keys(vals as Vals).filter((k) => this.cls._fields[k]), 'write');
    security.checkAccessRule(this, 'write');
    this._write(vals as Vals);
    return true;
  }

  _write(vals: Vals): void {
    const M = this.cls;
    if (!this.ids.length) return;
    // deleted records are skipped, as Odoo's UPDATE simply matches no row
    const existing = this.exists();
    if (existing.ids.length !== new Set(this.ids).size) {
      existing._write(vals);
      return;
    }
    const { columns, x2many, inverse, parents, attachments } = this._splitVals(vals);
    const before = this._trackRelations(Object.keys(columns));
    for (const [parent, link] of Object.entries(M._inherits)) {
      const pv = parents.get(parent);
      if (!pv || !Object.keys(pv).length) continue;
      const parentIds = [...this._values([link]).values()].map((r) => r[link]).filter((x): x is number => typeof x === 'number');
      try {
        this.env.model(parent).browse(parentIds).write(pv);
      } catch (e) {
        if (e instanceof AccessError) e.message += `\n\nImplicitly accessed through '${M._description}' (${M._name}).`;
        if (e instanceof AccessError) e.args = [e.message];
        throw e;
      }
    }
    const row: Record<string, SqlParam> = {};
    for (const [k, v] of Object.entries(columns)) row[k] = this._toColumn(M._fields[k], v);
    if (Object.keys(row).length || M._log_access) {
      if (this.env.cr.foreignKeysDeferred) this._checkMany2oneTargets(row);
      if (M._log_access) {
        row.write_uid = this.env.uid;
        row.write_date = nowUtc(this.env.cr);
      }
      this._updateColumns(this.ids, row);
    }
    if (Object.keys(attachments).length) this._writeAttachmentFields(attachments);
    // while the lines are written, changes of theirs need not recompute this record's fields
    // that its own recomputation below computes anyway (an order's amounts, once for all lines)
    const recomputedAfter = Object.keys(x2many).length ? new Set(this._toRecompute(new Set(Object.keys(vals)), false)) : null;
    let writing = this.env.cache.writing.get(M._name);
    const registered: number[] = [];
    if (recomputedAfter?.size) {
      if (!writing) this.env.cache.writing.set(M._name, writing = new Map());
      for (const id of this.ids) if (!writing.has(id)) { writing.set(id, recomputedAfter); registered.push(id); }
    }
    try {
      for (const [k, v] of Object.entries(x2many)) this._writeX2many(M._fields[k], v, false);
      for (const [k, v] of Object.entries(inverse)) this._writeInverse(M._fields[k], v);
    } finally {
      for (const id of registered) writing!.delete(id);
    }
    this._recompute(Object.keys(vals), false, before);
    this._validateConstraints(Object.keys(vals));
  }

  /** Writable related / computed-with-inverse fields, and company-dependent ones (ir.property). */
  _writeInverse(f: Field, value: unknown): void {
    if (f.spec.company_dependent) {
      let v = value;
      if (f.type === 'many2one' && Array.isArray(v)) v = v[0];
      if (f.relational || f.type === 'boolean' || f.type === 'integer' || f.type === 'float' || f.type === 'monetary') v = f.type === 'many2one' ? (v || false) : v;
      this.env.model('ir.property').sudo()._set_multi(f.name, this._name, new Map(this.ids.map((id) => [id, v])));
      return;
    }
    if (f.spec.inverse) {
      const fn = (this as unknown as Record<string, (f: Field, v: unknown) => void>)[f.spec.inverse];
      fn.call(this, f, value);
      return;
    }
    const path = f.spec.related!.split('.');
    let target: BaseModel = this;
    for (const seg of path.slice(0, -1)) target = target.rel(seg);
    target.write({ [path[path.length - 1]]: value });
  }

  /** x2many commands (orm.md §3). */
  _writeX2many(f: Field, value: unknown, creating: boolean): void {
    let commands: unknown[];
    if (value === false || value === null || value === undefined) commands = [[5]];
    else if (Array.isArray(value)) {
      commands = value.every((v) => typeof v === 'number') ? [[6, 0, value]] : value;
    } else throw new PyValueError(`Wrong value for ${f.model}.${f.name}: ${pyRepr(value)}`);
    const co = this.env.model(f.comodel);
    const lastId = this.ids[this.ids.length - 1];
    if (f.type === 'one2many') {
      const inverse = f.spec.inverse_name!;
      const invField = co.cls._fields[inverse];
      // lines of a one2many on a many2one_reference also carry the owner's model name
      const modelField = invField.type === 'many2one_reference' ? invField.spec.model_field : undefined;
      const owner = (id: number): Vals => (modelField ? { [inverse]: id, [modelField]: this._name } : { [inverse]: id });
      const ownedBy = (): Domain => (modelField ? [[inverse, 'in', this.ids], [modelField, '=', this._name]] : [[inverse, 'in', this.ids]]);
      const detach = (lineIds: number[]) => {
        if (!lineIds.length) return;
        if (invField.ondelete === 'cascade') co.browse(lineIds).unlink();
        else co.browse(lineIds).write({ [inverse]: false });
      };
      // consecutive creations are made by one create(), as Odoo's One2many.write_real batches
      // them: the records they change (an order line's invoiced quantities for each invoice
      // line) are recomputed once for the batch
      let toCreate: Vals[] = [];
      const createPending = () => {
        if (toCreate.length) co.create(toCreate);
        toCreate = [];
      };
      for (const cmd of commands) {
        if (!Array.isArray(cmd)) continue;
        const [code, id, data] = cmd as [number, number, unknown];
        if (code !== 0) createPending();
        switch (code) {
          case 0:
            for (const ownerId of this.ids) toCreate.push({ ...(data as Vals), ...owner(ownerId) });
            break;
          case 1: co.browse([id]).write(data as Vals); break;
          case 2: co.browse([id]).unlink(); break;
          case 3: detach([id]); break;
          case 4: co.browse([id]).write(owner(lastId)); break;
          case 5:
            if (!creating) detach(co.withContext({ active_test: false })._searchIds(ownedBy()));
            break;
          case 6: {
            const keep = Array.isArray(data) ? (data as number[]) : [];
            if (!creating) {
              const current = co.withContext({ active_test: false })._searchIds(ownedBy());
              detach(current.filter((x) => !keep.includes(x)));
            }
            if (keep.length) co.browse(keep).write(owner(lastId));
            break;
          }
          default: throw new PyValueError(`Wrong value for ${f.model}.${f.name}: ${pyRepr(cmd)}`);
        }
      }
      createPending();
      return;
    }
    // many2many
    const { relation, column1, column2 } = f.spec as Required<FieldSpec>;
    const cr = this.env.cr;
    // the pairs go in one statement per 500; a missing target is refused by the relation's
    // foreign key (looked up only then, to give Odoo's message)
    const link = (owners: number[], targets: number[]) => {
      const pairs: number[][] = [];
      for (const o of owners) for (const t of targets) pairs.push([o, t]);
      for (const chunk of chunks(pairs, 500)) {
        try {
          cr.run(`INSERT OR IGNORE INTO ${ident(relation)} (${ident(column1)}, ${ident(column2)}) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
        } catch (e) {
          if (isForeignKeyViolation(e)) lookUpTargets([...new Set(chunk.map((p) => p[1]))]);
          throw e;
        }
      }
    };
    const unlinkRel = (owners: number[], targets: number[] | null) => {
      for (const o of owners) {
        if (targets === null) cr.run(`DELETE FROM ${ident(relation)} WHERE ${ident(column1)} = ?`, [o]);
        else for (const t of targets) cr.run(`DELETE FROM ${ident(relation)} WHERE ${ident(column1)} = ? AND ${ident(column2)} = ?`, [o, t]);
      }
    };
    const lookUpTargets = (targets: number[]) => {
      if (!targets.length) return;
      const found = new Set(cr.raw(selectIds(co.cls._table, inList('id', targets))).map((r) => r[0]));
      // the relation table belongs to no model: Odoo names none (odoo/service/model.py)
      if (targets.some((t) => !found.has(t))) throw fkError(null, `${relation}_${column2}_fkey`);
    };
    // ids that are not integers fail as PostgreSQL fails Odoo's INSERT of the new pairs
    // (relation_pairs.ts); integral strings are read as ids
    const readTargets = (targets: unknown[]): number[] => {
      if (targets.every((t) => typeof t === 'number')) return targets as number[];
      const pairs: Array<[number, unknown]> = [];
      for (const o of this.ids) {
        const linked = new Set(cr.raw(`SELECT ${ident(column2)} FROM ${ident(relation)} WHERE ${ident(column1)} = ?`, [o]).map((r) => r[0]));
        for (const t of targets) if (!linked.has(t)) pairs.push([o, t]);
      }
      checkRelationPairs(relation, column1, column2, pairs);
      return targets.map(targetValue) as number[];
    };
    // Python's error for a command shorter than its code reads (fields.py write_real indexes it)
    const arg = (cmd: unknown[], i: number): unknown => {
      if (cmd.length <= i) throw new PyIndexError('list index out of range');
      return cmd[i];
    };
    // looked up before linking while foreign keys are checked at commit only (database
    // initialisation), and for ids that are not integers (a NULL would pass the foreign key and
    // be ignored by INSERT OR IGNORE; a numeric string would be converted by the column)
    const checkTargets = (targets: number[]) => {
      if (cr.foreignKeysDeferred || targets.some((t) => !Number.isInteger(t))) lookUpTargets(targets);
    };
    // records being created have no links yet (ids are never reused: AUTOINCREMENT, and links
    // go with their record, ON DELETE CASCADE): nothing to read, nothing to remove until a
    // command of this list links something
    let fresh = creating;
    const before = new Map(this.ids.map((id) => [id, fresh ? [] : cr.raw(`SELECT ${ident(column2)} FROM ${ident(relation)} WHERE ${ident(column1)} = ?`, [id]).map((r) => r[0] as number)]));
    for (const cmd of commands) {
      if (!Array.isArray(cmd) || !cmd.length) continue; // Odoo skips non-list items for many2many
      const code = cmd[0] as number;
      const wasFresh = fresh;
      fresh = false;
      switch (code) {
        case 0: { const nid = co.create(arg(cmd, 2) as Vals).ids[0]; link(this.ids, [nid]); break; }
        case 1: { const id = arg(cmd, 1); const data = arg(cmd, 2); if (id) co.browse([id as number]).write(data as Vals); break; }
        case 2: {
          // a removal discards the id from the record's set: a false or unknown one changes nothing
          const id = removedId(arg(cmd, 1));
          if (id !== null) { unlinkRel(this.ids, [id]); co.browse([id]).unlink(); }
          break;
        }
        case 3: { const id = removedId(arg(cmd, 1)); if (id !== null) unlinkRel(this.ids, [id]); break; }
        case 4: { const [id] = readTargets([arg(cmd, 1)]); checkTargets([id]); link(this.ids, [id]); break; }
        case 5: if (!wasFresh) unlinkRel(this.ids, null); break;
        case 6: {
          const targets = readTargets(iterated(arg(cmd, 2))).filter((x): x is number => typeof x === 'number');
          checkTargets(targets);
          if (!wasFresh) unlinkRel(this.ids, null);
          link(this.ids, targets);
          break;
        }
        default: throw new PyValueError(`Wrong value for ${f.model}.${f.name}: ${pyRepr(cmd)}`);
      }
    }
    this._afterMany2manyWrite(f, before);
  }

  /**
   * A domain leaf on a company-dependent field as an id condition (fields.py
   * _search_company_dependent): records whose property, or else the default, matches.
   */
  _searchCompanyDependent(fname: string, op: string, value: unknown): Domain {
    const f = this.cls._fields[fname];
    const Props = this.env.model('ir.property').sudo();
    const all = this.env.cr.raw(`SELECT id FROM ${ident(this.cls._table)}`).map((r) => r[0] as number);
    const values = Props._get_multi(fname, this._name, all) as Map<number, unknown>;
    const norm = (x: unknown) => (f.type === 'many2one' && Array.isArray(x) ? x[0] : x);
    const test = (x: unknown): boolean => {
      const v = norm(x);
      switch (op) {
        case '=': return (v || false) === (norm(value) || false);
        case '!=': return (v || false) !== (norm(value) || false);
        case 'in': return Array.isArray(value) && value.some((y) => (norm(y) || false) === (v || false));
        case 'not in': return !(Array.isArray(value) && value.some((y) => (norm(y) || false) === (v || false)));
        case 'ilike': return typeof v === 'string' && v.toLowerCase().includes(String(value).toLowerCase());
        case 'not ilike': return !(typeof v === 'string' && v.toLowerCase().includes(String(value).toLowerCase()));
        case '>': return Number(v) > Number(value);
        case '>=': return Number(v) >= Number(value);
        case '<': return Number(v) < Number(value);
        case '<=': return Number(v) <= Number(value);
        default: throw new PyValueError(`Invalid operator ${pyRepr(op)} on company-dependent field ${fname}`);
      }
    };
    return [['id', 'in', all.filter((id) => test(values.get(id)))]];
  }

  /** Hook: models react to many2many changes (res.users implied groups). */
  _afterMany2manyWrite(_f: Field, _before: Map<number, number[]>): void { /* overridden */ }

  unlink(): boolean {
    if (!this.ids.length) return true;
    security.checkAccessRights(this, 'unlink');
    security.checkAccessRule(this, 'unlink');
    this._ondelete();
    this._unlink();
    return true;
  }

  /**
   * The `@api.ondelete` business checks: Odoo runs them after the access rights and record
   * rules, so an unauthorised user gets the AccessError, not the business message.
   */
  _ondelete(): void { /* overridden */ }

  _unlink(): void {
    const M = this.cls;
    const existing = this.exists().ids;
    if (!existing.length) return;
    this._checkRestrictReferences(existing);
    const affected = this._trackRelations(Object.keys(M._fields).filter((f) => M._fields[f].type === 'many2one'));
    // the attachments of deleted records go with them (models.py unlink)
    if (M._name !== 'ir.attachment' && this.env.registry.has('ir.attachment')) {
      this.env.model('ir.attachment').sudo()._unlinkOfRecords(M._name, existing);
    }
    for (const chunk of chunks(existing, 500)) {
      this._runSql(`DELETE FROM ${ident(M._table)} WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
      this.env.cr.run(`DELETE FROM ir_model_data WHERE model = ? AND res_id IN (${chunk.map(() => '?').join(',')})`, [M._name, ...chunk]);
    }
    this._recomputeReverse(Object.keys(M._fields), affected);
  }

  /** ondelete='restrict' references block the delete with Odoo's FK message. */
  _checkRestrictReferences(ids: number[]): void {
    for (const [Other, f] of restrictReferences(this.env.registry, this._name)) {
      const cond = inList(ident(f.column!), ids);
      const hit = this.env.cr.get(`SELECT 1 AS x FROM ${ident(Other._table)} WHERE ${cond.text} LIMIT 1`, cond.params);
      if (hit) throw fkError(Other, `${Other._table}_${f.column}_fkey`);
    }
  }

  exists(): this {
    const ids = this.ids.filter((i) => typeof i === 'number');
    if (!ids.length) return this.browse([]);
    // records in the call's record cache exist (it forgets rows as soon as any is deleted)
    const cached = this._storedRows().rows;
    if (ids.every((id) => cached.has(id))) {
      if (this.env.cr.tables.tracking) this.env.cr.tables.note([this.cls._table]);
      return this.browse(ids);
    }
    const found = new Set(this.env.cr.raw(selectIds(this.cls._table, inList('id', ids))).map((r) => r[0] as number));
    return this.browse(this.ids.filter((id) => found.has(id)));
  }

  // ---------------------------------------------------------------------------------------
  // stored computed fields: recomputation on change of their dependencies
  // ---------------------------------------------------------------------------------------

  /** Before a write: current many2one targets (needed to recompute the old targets too). */
  _trackRelations(fnames: string[]): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const m2o = fnames.filter((f) => this.cls._fields[f]?.type === 'many2one');
    if (!m2o.length || !this.ids.length) return out;
    const vals = this._values(m2o);
    for (const f of m2o) out.set(f, [...vals.values()].map((v) => v[f]).filter((x): x is number => typeof x === 'number'));
    return out;
  }

  /**
   * Recompute stored computed fields of these records and of records depending on them; returns
   * the fields changed (given and recomputed). With `reverse` false, the records of other models
   * depending on them are left to the caller (_create: once per batch).
   */
  _recompute(changed: string[], creating: boolean, before: ReadonlyMap<string, number[]> = NO_OLD_LINKS, reverse = true, precomputed?: Set<string>): string[] {
    const M = this.cls;
    const changedSet = new Set(changed);
    // related fields whose values went into the INSERT (_precomputeRelated) are computed already
    const todo = precomputed?.size ? this._toRecompute(changedSet, creating).filter((n) => !precomputed.has(n)) : this._toRecompute(changedSet, creating);
    if (creating) {
      // explicitly given values of stored computed fields win over the computation
      for (const name of [...todo]) if (changedSet.has(name) && !M._fields[name].spec.related) todo.splice(todo.indexOf(name), 1);
    }
    const newlyChanged = new Set<string>();
    for (const group of computeGroups(M, todo)) {
      const results = group.map((fname): [Field, Map<number, unknown>] => [M._fields[fname], this._computeField(fname)]);
      const rows = new Map<number, Record<string, SqlParam>>();
      for (const id of this.ids) {
        const row: Record<string, SqlParam> = {};
        for (const [f, values] of results) {
          const v = values.get(id);
          row[f.column!] = f.toColumn(v === undefined ? false : v) as SqlParam;
        }
        rows.set(id, row);
      }
      this._updateRows(rows);
      for (const fname of group) newlyChanged.add(fname);
    }
    const all = [...changed, ...newlyChanged];
    if (reverse) this._recomputeReverse(all, before);
    return all;
  }

  /** The stored computed fields a create, or a write of `changed`, recomputes (in order). */
  _toRecompute(changedSet: Set<string>, creating: boolean): string[] {
    const todo: string[] = [];
    for (const { field: f, heads } of storedComputedFields(this.cls)) {
      if (changedSet.has(f.name) && !creating) continue; // written explicitly: keep the written value
      if (creating && changedSet.has(f.name) && f.spec.compute && !f.spec.readonly) continue;
      if (creating || heads.some((d) => changedSet.has(d))) todo.push(f.name);
    }
    return todo;
  }

  /** Write one row of column values per record: records with the same values share an UPDATE. */
  _updateRows(rows: Map<number, Record<string, SqlParam>>): void {
    if (rows.size === 1) {
      // one record: nothing to group
      for (const [id, row] of rows) if (!isEmpty(row)) this._updateColumns([id], row, true);
      return;
    }
    const same = new Map<string, { row: Record<string, SqlParam>; ids: number[] }>();
    for (const [id, row] of rows) {
      if (isEmpty(row)) continue;
      const key = JSON.stringify(row);
      const group = same.get(key);
      if (group) group.ids.push(id);
      else same.set(key, { row, ids: [id] });
    }
    for (const { row, ids } of same.values()) this._updateColumns(ids, row, true);
  }

  /**
   * Records of any model whose stored computed field depends on 'rel.x' where rel points to
   * this model: recompute them (e.g. children's complete_name when a parent is renamed).
   * `createdSince`: these records were created after that table version (see _create).
   */
  _recomputeReverse(changed: string[], before: ReadonlyMap<string, number[]> = NO_OLD_LINKS, createdSince?: number): void {
    const dependencies = reverseDependencies(this.env.registry, this._name);
    if (!dependencies.length) return;
    const changedSet = new Set(changed);
    // the fields to recompute per model, environment and records: fields sharing a compute
    // method (sale.order's three amounts) are then computed and written together
    // `found`: the targets were just found by a query (_pointingIds), so they exist; others
    // (many2one values, old ones among them) are checked before they are recomputed
    const batches = new Map<string, { other: BaseModel; targets: number[]; fields: string[]; found: boolean }>();
    const pointing = new Map<string, number[]>();
    const add = (other: BaseModel, kind: string, targets: number[], fname: string, found: boolean) => {
      const key = `${other._name}:${kind}:${targets.join(',')}`;
      const batch = batches.get(key);
      if (!batch) batches.set(key, { other, targets, fields: [fname], found });
      else {
        if (!batch.fields.includes(fname)) batch.fields.push(fname);
        batch.found &&= found;
      }
    };
    // the environments of the recomputation, made once per call (sudo, inactive records too)
    let inactive: BaseModel | null = null;
    const inactiveSelf = () => (inactive ??= this.sudo().withContext({ active_test: false }));
    let others: Map<string, BaseModel> | null = null;
    const inactiveOther = (name: string): BaseModel => {
      let other = (others ??= new Map()).get(name);
      if (!other) others.set(name, other = this.env.model(name).sudo().withContext({ active_test: false }));
      return other;
    };
    for (const dep of dependencies) {
      if (!changedSet.has(dep.trigger)) continue;
      const { Other, field: f, relField } = dep;
      if (dep.kind === 'path') {
        const other = inactiveOther(Other._name);
        let targets: number[] = [];
        const found = relField.type !== 'one2many';
        if (relField.type === 'one2many') {
          // records whose lines changed: the lines' inverse values (old and new)
          const inv = relField.spec.inverse_name!;
          targets = numbersOf(inactiveSelf()._values([inv]), inv);
          targets.push(...(before.get(inv) ?? []));
        } else {
          // the records pointing to these ones through relField, found once for all its
          // dependencies; in id order: the order of recomputation does not change the values
          const key = `${Other._name}.${relField.name}`;
          let pointed = pointing.get(key);
          const links = createdSince === undefined ? null : pointingTables(Other, relField);
          if (!pointed && links && this.env.cr.tables.unchangedSince(links, createdSince!)) {
            // records created since table version `createdSince` (ids are never reused) are
            // pointed to only by rows written since then: none when those tables did not change
            pointing.set(key, pointed = []);
          }
          if (!pointed) pointing.set(key, pointed = other._pointingIds(relField, this.ids));
          targets = pointed;
        }
        // a record may depend on itself (a company is its own commercial partner)
        targets = this._recomputeTargets(Other, f, distinct(targets));
        if (targets.length) add(other, 'path', targets, f.name, found);
      } else {
        // one2many dependencies ('user_ids.share'): changing the inverse many2one moves lines
        const inv = relField.spec.inverse_name!;
        const moved = numbersOf(inactiveSelf()._values([inv]), inv);
        for (const x of before.get(inv) ?? []) if (typeof x === 'number') moved.push(x);
        const targets = this._recomputeTargets(Other, f, distinct(moved));
        if (targets.length) add(this.env.model(Other._name).sudo(), 'inverse', targets, f.name, false);
      }
    }
    for (const { other, targets, fields, found } of batches.values()) {
      const recs = found ? other.browse(targets) : other.browse(targets).exists();
      if (recs.ids.length) recs._recomputeFields(fields);
    }
  }

  /**
   * The records of this model (sudo, inactive ones too) whose field `relField` points to `ids`, in
   * id order: Odoo's modified() searches `[(relField, 'in', ids)]`. A stored many2one of a model
   * that does not change how it is searched is one plain statement (a kept read while the table is
   * unchanged); other fields go through the search.
   */
  _pointingIds(relField: Field, ids: number[]): number[] {
    const proto = BaseModel.prototype;
    if (relField.type !== 'many2one' || !relField.column || relField.spec.inherited
      || this._searchIds !== proto._searchIds || this._fullDomain !== proto._fullDomain || this._searchAccessSql !== proto._searchAccessSql) {
      return this._searchIds([[relField.name, 'in', ids]], { order: 'id' });
    }
    const where = inList(ident(relField.column), ids);
    return this.env.cr.raw(new SQL(`SELECT id FROM ${ident(this.cls._table)} WHERE ${where.text} ORDER BY id`, where.params)).map((r) => r[0] as number);
  }

  /**
   * The records of `Other` whose field `f` is to be recomputed, without those being created
   * right now whose creation computes `f` once all their values are written (_create: a new
   * order's amounts are computed after its lines, not once per line), and those whose write
   * recomputes `f` once their lines are written (_write).
   */
  _recomputeTargets(Other: ModelClass, f: Field, targets: number[]): number[] {
    const creating = this.env.cache.creating.get(Other._name);
    const writing = this.env.cache.writing.get(Other._name);
    if (!creating?.size && !writing?.size) return targets;
    return targets.filter((id) => {
      if (writing?.get(id)?.has(f.name)) return false;
      const given = creating?.get(id);
      return !given || (given.has(f.name) && !f.spec.related);
    });
  }

  _recomputeFields(fnames: string[]): void {
    const M = this.cls;
    const changed: string[] = [];
    for (const group of computeGroups(M, fnames)) {
      const results = group.map((fname): [Field, Map<number, unknown>] => [M._fields[fname], this._computeField(fname)]);
      const current = this._values(group);
      // only the values that changed are written
      const rows = new Map<number, Record<string, SqlParam>>();
      for (const id of this.ids) {
        // the records whose values changed only (an empty row would be skipped anyway)
        let row: Record<string, SqlParam> | null = null;
        for (const [f, values] of results) {
          const v = values.get(id) ?? false;
          if (sameJson(current.get(id)?.[f.name], v)) continue;
          (row ??= {})[f.column!] = f.toColumn(v) as SqlParam;
          if (!changed.includes(f.name)) changed.push(f.name);
        }
        if (row) rows.set(id, row);
      }
      if (rows.size) this._updateRows(rows);
    }
    if (changed.length) {
      // local dependents of the recomputed fields (those of `fnames` computed before a field
      // they depend on too), then records depending on these
      const position = (name: string) => fnames.indexOf(name);
      const local = storedComputedFields(M).filter(({ field: f, heads }) => f.spec.compute
        && heads.some((c) => changed.includes(c) && position(f.name) < position(c))).map(({ field: f }) => f.name);
      if (local.length) this._recomputeFields(local);
      this._recomputeReverse(changed);
    }
  }

  /** Python constraints declared with `constrains`. */
  _validateConstraints(changed: string[]): void {
    for (const [method, fnames] of Object.entries(this.cls._constrains)) {
      if (!fnames.some((f) => changed.includes(f))) continue;
      const fn = (this as unknown as Record<string, () => void>)[method];
      fn.call(this);
    }
  }

  // ---------------------------------------------------------------------------------------
  // other public methods
  // ---------------------------------------------------------------------------------------

  _nameSearchDomain(name: string, operator: string): Domain {
    const fields = this.cls._rec_names_search ?? (this.cls._rec_name ? [this.cls._rec_name] : []);
    if (!fields.length) return [];
    if ((operator === 'ilike' || operator === 'like') && !name) return [];
    const negative = ['!=', 'not like', 'not ilike', 'not in'].includes(operator);
    const leaves = fields.map((f) => [[f, operator, name]]);
    return negative ? AND(leaves) : OR(leaves);
  }

  name_search(name: unknown = '', args: unknown = null, operator: unknown = 'ilike', limit: unknown = 100): Array<[number, string | false]> {
    security.checkAccessRights(this, 'read');
    const dom = AND([domainArg(args ?? []), this._nameSearchDomain(typeof name === 'string' ? name : String(name ?? ''), String(operator))]);
    this._flush_search(dom, this.cls._order);
    const ids = this._searchIds(dom, { limit: intArg(limit) || null, order: this.cls._order });
    const names = this.browse(ids)._displayNames();
    return ids.map((id) => [id, names.get(id) ?? false]);
  }

  name_create(name: unknown): [number, string | false] | false {
    const rec = this.cls._rec_name;
    if (!rec) return false;
    const created = this.create({ [rec]: name });
    const id = created.ids[0];
    return [id, created._displayNames().get(id) ?? false];
  }

  name_get(): Array<[number, string | false]> {
    // Odoo reads the records for their display_name: a missing one raises MissingError naming it
    const existing = new Set(this.exists().ids);
    const missing = this.ids.filter((id) => !existing.has(id));
    if (missing.length) throw missingError(this, missing);
    const names = this._displayNames();
    return this.ids.map((id) => [id, names.get(id) ?? false]);
  }

  copy_data(defaultVals: unknown = null): Vals[] {
    const M = this.cls;
    const defaults = (defaultVals ?? {}) as Vals;
    const out: Vals[] = [];
    const copyable = Object.values(M._fields).filter((f) => f.copy && f.name !== 'id' && !MAGIC_WRITE_DROP.has(f.name) && !(f.name in defaults));
    const vals = this._values(copyable.map((f) => f.name));
    for (const id of this.ids) {
      const v = vals.get(id);
      if (!v) continue;
      const data: Vals = {};
      for (const f of copyable) {
        if (f.spec.inherited) {
          // delegated fields: the parent is duplicated from these values
          data[f.name] = v[f.name];
          continue;
        }
        if (Object.values(M._inherits).includes(f.name)) continue;
        let value = v[f.name];
        if (f.type === 'many2many') value = [[6, 0, value]];
        else if (f.type === 'one2many') continue;
        data[f.name] = value;
      }
      Object.assign(data, defaults);
      out.push(data);
    }
    return out;
  }

  copy(defaultVals: unknown = null): this {
    this.ensureOne();
    security.checkAccessRights(this, 'read');
    security.checkAccessRule(this, 'read');
    const [data] = this.copy_data(defaultVals);
    if (!data) throw missingError(this, this.ids);
    const copy = this.create(data);
    // Odoo excludes the fields given as defaults to copy(), where its overrides put the
    // "(copy)" names; ours add them in copy_data: a value that differs from the original's counts
    const current = this._values(Object.keys(data).filter((k) => isTranslated(this.cls._fields[k]))).get(this.ids[0]) ?? {};
    const excluded = new Set([...Object.keys((defaultVals ?? {}) as Vals), ...Object.keys(current).filter((k) => k !== 'id' && current[k] !== data[k])]);
    copyTranslations(this, copy, excluded);
    return copy;
  }

  /** Set or remove the values of a translated field per language (see field_translations.ts). */
  update_field_translations(fieldName: unknown, translations: unknown): boolean {
    return updateFieldTranslations(this, fieldName, translations);
  }

  /** The values of a field in each (installed) language, with its en_US source. */
  get_field_translations(fieldName: unknown, langs: unknown = null): [Vals[], Vals] {
    return getFieldTranslations(this, fieldName, langs);
  }

  fields_get(allfields: unknown = null, attributes: unknown = null): Record<string, Vals> {
    const out: Record<string, Vals> = {};
    const wanted = Array.isArray(allfields) && allfields.length ? new Set(allfields as string[]) : null;
    // Odoo filters on `attributes is not None`: an empty list asks for no attribute at all
    const attrs = attributes === null || attributes === undefined ? null : attributeFilter(attributes);
    for (const f of Object.values(this.cls._fields)) {
      if (wanted && !wanted.has(f.name)) continue;
      if (!security.fieldAllowed(this, f)) continue;
      const desc = describeField(this, f);
      // Field.get_description walks its `_description_*` properties in dir() order, i.e. sorted
      // by attribute name: JSON clients see the keys in that order whatever `attributes` says
      const sorted: Vals = {};
      for (const k of Object.keys(desc).sort()) if (!attrs || attrs(k)) sorted[k] = desc[k];
      out[f.name] = sorted;
    }
    return out;
  }

  check_access_rights(operation: unknown, raiseException: unknown = true): boolean {
    return security.checkAccessRights(this, typeof operation === 'string' ? operation : '', pyTruthy(raiseException));
  }

  check_access_rule(operation: unknown): null {
    if (typeof operation !== 'string' && !this.env.su) throw new PyValueError(`Invalid mode: ${pyRepr(operation)}`);
    security.checkAccessRule(this, String(operation));
    return null;
  }

  read_group(domain: unknown, fields: unknown, groupby: unknown, offset: unknown = 0, limit: unknown = null, orderby: unknown = false, lazy: unknown = true): Vals[] {
    security.checkAccessRights(this, 'read');
    return readGroup(this, domainArg(domain), fields, groupby, intArg(offset, 'OFFSET'), intArg(limit) || null, orderby, pyTruthy(lazy));
  }

  web_read_group(domain: unknown, fields: unknown, groupby: unknown, limit: unknown = null, offset: unknown = 0, orderby: unknown = false, lazy: unknown = true): Vals {
    const groups = this.read_group(domain, fields, groupby, offset, limit, orderby, lazy);
    let length = groups.length + intArg(offset, 'OFFSET');
    if (limit && groups.length === intArg(limit)) length = this.read_group(domain, [], groupby, 0, null, false, lazy).length;
    return { groups, length };
  }

  toggle_active(): null {
    const active = this.cls._active_name;
    if (!active) throw new UserError(`Model ${this._name} has no active field`);
    // Odoo reads `active` first: a record that does not exist raises MissingError, nothing changes
    const vals = existingValues(this, [active]);
    const on = this.ids.filter((id) => vals.get(id)?.[active]);
    const off = this.ids.filter((id) => vals.has(id) && !vals.get(id)?.[active]);
    if (on.length) this.browse(on).write({ [active]: false });
    if (off.length) this.browse(off).write({ [active]: true });
    return null;
  }

  action_archive(): null {
    const active = this.cls._active_name;
    if (!active) return null;
    // Odoo reads `active` first: a record that does not exist raises MissingError, nothing changes
    const vals = existingValues(this, [active]);
    const on = this.ids.filter((id) => vals.get(id)?.[active]);
    if (on.length) this.browse(on).toggle_active();
    return null;
  }

  action_unarchive(): null {
    const active = this.cls._active_name;
    if (!active) return null;
    // Odoo reads `active` first: a record that does not exist raises MissingError, nothing changes
    const vals = existingValues(this, [active]);
    const off = this.ids.filter((id) => vals.has(id) && !vals.get(id)?.[active]);
    if (off.length) this.browse(off).toggle_active();
    return null;
  }

  get_external_id(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of this.ids) out[String(id)] = '';
    if (!this.ids.length) return out;
    const cond = inList('res_id', this.ids);
    const rows = this.env.cr.all<{ res_id: number; module: string; name: string }>(
      `SELECT res_id, module, name FROM ir_model_data WHERE model = ? AND ${cond.text} ORDER BY id`, [this._name, ...cond.params]);
    for (const r of rows) if (!out[String(r.res_id)]) out[String(r.res_id)] = `${r.module}.${r.name}`;
    return out;
  }

  get_metadata(): Vals[] {
    security.checkAccessRights(this, 'read');
    security.checkAccessRule(this, 'read');
    const rows = this.read(['create_uid', 'create_date', 'write_uid', 'write_date'].filter((f) => this.cls._fields[f]));
    return rows.map((r) => {
      const xmlids = this.env.cr.all<{ module: string; name: string; noupdate: number }>(
        'SELECT module, name, noupdate FROM ir_model_data WHERE model = ? AND res_id = ? ORDER BY id', [this._name, r.id as number]);
      return {
        ...r,
        xmlid: xmlids.length ? `${xmlids[0].module}.${xmlids[0].name}` : false,
        xmlids: xmlids.map((x) => ({ xmlid: `${x.module}.${x.name}`, noupdate: !!x.noupdate })),
        noupdate: xmlids.length ? !!xmlids[0].noupdate : false,
      };
    });
  }

  fetch(fieldNames: unknown): null {
    this.read(fieldNames);
    return null;
  }

  onchange(values: unknown, fieldNames: unknown, fieldsSpec: unknown): Vals {
    const spec = (fieldsSpec ?? {}) as Record<string, unknown>;
    const vals = (values ?? {}) as Vals;
    // the values of every field of the specification are read as the user (Odoo's snapshot)
    if (spec && typeof spec === 'object') security.checkFieldAccess(this, Object.keys(spec), 'read');
    const out: Vals = {};
    if (Array.isArray(fieldNames) && fieldNames.length === 0) {
      const defaults = this.default_get(Object.keys(spec).filter((k) => !(k in vals)));
      Object.assign(out, defaults);
    }
    return { value: out };
  }

  // ---- web (17 specification format) ----
  web_search_read(domain: unknown, specification: unknown, offset: unknown = 0, limit: unknown = null, order: unknown = null, countLimit: unknown = null): Vals {
    const records = this.search(domain, offset, limit, order);
    if (!records.ids.length) return { length: 0, records: [] };
    let length = records.ids.length + intArg(offset, 'OFFSET');
    const lim = intArg(limit);
    if ((lim && records.ids.length === lim) || this.env.context.force_search_count) {
      length = this.search_count(domain, countLimit);
    }
    return { length, records: records.web_read(specification) };
  }

  web_read(specification: unknown): Vals[] {
    const spec = (specification ?? {}) as Record<string, Record<string, unknown>>;
    const fnames = Object.keys(spec);
    const rows = this.read(fnames, null);
    for (const [fname, sub] of Object.entries(spec)) {
      const f = this.cls._fields[fname];
      if (!f || !sub || typeof sub !== 'object') continue;
      const subFields = sub.fields as Record<string, unknown> | undefined;
      if (f.type === 'many2one') {
        if (!subFields) continue;
        const ids = [...new Set(rows.map((r) => r[fname]).filter((x): x is number => typeof x === 'number'))];
        const co = this.env.model(f.comodel).withContext({ ...this.env.context, ...((sub.context as Context) ?? {}) });
        const names = co.browse(ids)._displayNames();
        const others = Object.keys(subFields).filter((k) => k !== 'display_name');
        const otherRows = others.length ? new Map(co.browse(ids).web_read(Object.fromEntries(others.map((k) => [k, subFields[k]]))).map((r) => [r.id as number, r])) : new Map();
        for (const r of rows) {
          const id = r[fname];
          if (typeof id !== 'number') { r[fname] = false; continue; }
          const nested: Vals = { id };
          if ('display_name' in subFields) nested.display_name = names.get(id) ?? false;
          const o = otherRows.get(id);
          if (o) for (const k of others) nested[k] = o[k];
          r[fname] = nested;
        }
      } else if (f.x2many && subFields) {
        const co = this.env.model(f.comodel).withContext({ ...this.env.context, ...((sub.context as Context) ?? {}) });
        const all = [...new Set(rows.flatMap((r) => r[fname] as number[]))];
        const readable = co.browse(all).web_read(subFields);
        const byId = new Map(readable.map((r) => [r.id as number, r]));
        const lim = typeof sub.limit === 'number' ? sub.limit : null;
        for (const r of rows) {
          const ids = (r[fname] as number[]).filter((id) => byId.has(id));
          r[fname] = ids.map((id, i) => (lim === null || i < lim ? byId.get(id) : { id }));
        }
      }
    }
    return rows;
  }

  web_save(vals: unknown, specification: unknown, nextId: unknown = null): Vals[] {
    let recs: BaseModel = this;
    if (this.ids.length) this.write(vals);
    else recs = this.create(vals);
    if (typeof nextId === 'number') recs = this.browse([nextId]);
    return recs.withContext({ ...this.env.context, bin_size: true }).web_read(specification);
  }

  // ---- hierarchy helpers ----
  _childrenOf(ids: number[], parentName: string): number[] {
    const all = new Set(ids);
    let frontier = ids;
    while (frontier.length) {
      const rows = this.env.cr.raw(selectIds(this.cls._table, inList(ident(parentName), frontier)));
      frontier = rows.map((r) => r[0] as number).filter((id) => !all.has(id));
      frontier.forEach((id) => all.add(id));
    }
    return [...all];
  }

  _parentsOf(ids: number[], parentName: string): number[] {
    const all = new Set<number>();
    let frontier = ids.filter((x) => x);
    while (frontier.length) {
      frontier.forEach((id) => all.add(id));
      const cond = inList('id', frontier);
      const rows = this.env.cr.raw(`SELECT ${ident(parentName)} FROM ${ident(this.cls._table)} WHERE ${cond.text} AND ${ident(parentName)} IS NOT NULL`, cond.params);
      frontier = rows.map((r) => r[0] as number).filter((id) => !all.has(id));
    }
    return [...all];
  }

  /** Generic recursion check used by `_check_recursion` constraints. */
  _hasCycle(parentName = this.cls._parent_name): boolean {
    for (const id of this.ids) {
      const seen = new Set<number>([id]);
      let current: number | null = id;
      while (current !== null) {
        const row: { p: number | null } | undefined = this.env.cr.get<{ p: number | null }>(`SELECT ${ident(parentName)} AS p FROM ${ident(this.cls._table)} WHERE id = ?`, [current]);
        current = row?.p ?? null;
        if (current === null) break;
        if (seen.has(current)) return true;
        seen.add(current);
      }
    }
    return false;
  }

  /**
   * Attribute access for the safe evaluator (`user.commercial_partner_id.id`, `user.company_ids.ids`):
   * relational fields give recordsets, others their values.
   */
  __getattr__(name: string): unknown {
    if (name === 'id') return this.ids.length === 1 ? this.ids[0] : false;
    if (name === 'ids') return [...this.ids];
    const f = this.cls._fields[name];
    if (!f || f.spec.private) throw new PyValueError(`'${this._name}' object has no attribute '${name}'`);
    if (f.relational) return this.sudo().rel(name).withEnv(this.env);
    if (this.ids.length !== 1) return this.ids.length ? this.ensureOne() : false;
    return this.sudo().get(name);
  }

  __repr__(): string { return this.toString(); }

  /** Iterating a recordset gives its records one by one (safe_eval comprehensions). */
  *[Symbol.iterator](): Iterator<this> {
    for (const id of this.ids) yield this.browse([id]);
  }

  __eq__(other: unknown): boolean {
    return other instanceof BaseModel && other._name === this._name && other.ids.length === this.ids.length && other.ids.every((id, i) => id === this.ids[i]);
  }

  /** JSON of a recordset returned by a method without @api.returns: its repr, as Odoo's json_default. */
  toJSON(): string { return this.toString(); }
}

// ---------------------------------------------------------------------------------------------

/** SELECT id FROM table WHERE <condition>. */
function selectIds(table: string, where: SQL): SQL {
  return new SQL(`SELECT id FROM ${ident(table)} WHERE ${where.text}`, where.params);
}

const storedComputedIndex = new WeakMap<ModelClass, Array<{ field: Field; heads: string[] }>>();

/**
 * The stored computed and related fields of a model in field order, each with the first names
 * of its dependencies (its related path's for a related field without `depends`); indexed once
 * per model class, since classes do not change once the registry is set up.
 */
function storedComputedFields(M: ModelClass): Array<{ field: Field; heads: string[] }> {
  let list = storedComputedIndex.get(M);
  if (!list) {
    list = Object.values(M._fields).filter((f) => f.column && (f.spec.compute || f.spec.related)).map((field) => ({
      field, heads: (field.spec.depends ?? (field.spec.related ? [field.spec.related] : [])).map((d) => d.split('.')[0]),
    }));
    storedComputedIndex.set(M, list);
  }
  return list;
}

/**
 * The records of one create() grouped for computing their stored computed fields: records given
 * values for the same stored computed fields compute together (a given value wins over the
 * computation, so those fields are left out for exactly these records). Each group is recomputed
 * and validated with the union of its records' given field names, as Odoo validates a create
 * batch with every field named in its values.
 */
class CreateComputeBatches {
  private readonly groups = new Map<string, { ids: number[]; given: Set<string>; precomputed: string[] }>();
  private readonly computed: ReadonlySet<string>;
  /** The only record so far: most creates make one, which needs no grouping key. */
  private single: { id: number; given: string[]; precomputed: string[] } | null = null;

  constructor(M: ModelClass) {
    let computed = computedNameSets.get(M);
    if (!computed) computedNameSets.set(M, computed = new Set(storedComputedFields(M).map(({ field }) => field.name)));
    this.computed = computed;
  }

  /** A new record, the field names of its values, and its related fields put in its INSERT. */
  add(id: number, given: string[], precomputed: string[]): void {
    if (!this.single && !this.groups.size) {
      this.single = { id, given, precomputed };
      return;
    }
    if (this.single) {
      const first = this.single;
      this.single = null;
      this.group(first.id, first.given, first.precomputed);
    }
    this.group(id, given, precomputed);
  }

  private group(id: number, given: string[], precomputed: string[]): void {
    const key = `${given.filter((k) => this.computed.has(k)).sort().join(',')}|${[...precomputed].sort().join(',')}`;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, group = { ids: [], given: new Set(), precomputed });
    group.ids.push(id);
    for (const k of given) group.given.add(k);
  }

  /** The groups in the order of their first record. */
  batches(): Array<{ ids: number[]; given: string[]; precomputed: string[] }> {
    if (this.single) return [{ ids: [this.single.id], given: this.single.given, precomputed: this.single.precomputed }];
    return [...this.groups.values()].map(({ ids, given, precomputed }) => ({ ids, given: [...given], precomputed }));
  }
}

/**
 * A model's stored related fields that a create can put in its INSERT (_precomputeRelated):
 * not translated, reached through a plain stored many2one of the model (neither computed nor
 * related itself) and at least one more field.
 */
function precomputableRelated(M: ModelClass): PrecomputableRelated[] {
  let list = precomputableIndex.get(M);
  if (!list) {
    list = [];
    for (const { field: f } of storedComputedFields(M)) {
      if (!f.spec.related || f.spec.compute || isTranslated(f)) continue;
      const [first, ...rest] = f.spec.related.split('.');
      const link = M._fields[first];
      if (!rest.length || link?.type !== 'many2one' || !link.column || link.spec.compute || link.spec.related) continue;
      list.push({ field: f, link, rest, oneHop: null });
    }
    // the fields of the link's target that the one-field paths through each link read
    for (const entry of list) {
      if (entry.rest.length !== 1) continue;
      const names = [...new Set(list.filter((e) => e.link === entry.link && e.rest.length === 1).map((e) => e.rest[0]))];
      entry.oneHop = names;
    }
    precomputableIndex.set(M, list);
  }
  return list;
}
/**
 * A stored related field of a model put in its INSERT: the many2one it starts with, the rest of
 * its path and, for a path of one more field, the fields of the link's target read together.
 */
interface PrecomputableRelated { field: Field; link: Field; rest: string[]; oneHop: string[] | null }
const precomputableIndex = new WeakMap<ModelClass, PrecomputableRelated[]>();

/**
 * `fnames` in runs of consecutive fields computed and written together: the fields sharing a
 * compute method (Odoo computes them in one call, so none reads another's new value), and
 * related fields whose path does not start at a field of the run (their dependencies are
 * exactly their path, so they cannot read a value of the run).
 */
function computeGroups(M: ModelClass, fnames: string[]): string[][] {
  const groups: string[][] = [];
  for (const fname of fnames) {
    const f = M._fields[fname];
    const last = groups[groups.length - 1];
    const first = last && M._fields[last[0]];
    const sameMethod = !!first && !!f.spec.compute && first.spec.compute === f.spec.compute;
    const relatedRun = !!first && !!f.spec.related && !f.spec.compute && last.every((n) => M._fields[n].spec.related && !M._fields[n].spec.compute)
      && !last.includes(f.spec.related.split('.')[0]);
    if (sameMethod || relatedRun) last.push(fname);
    else groups.push([fname]);
  }
  return groups;
}

/** A stored computed field of another model that depends on a field of this model. */
interface ReverseDependency {
  Other: ModelClass;
  field: Field;
  /** The field of Other pointing to this model. */
  relField: Field;
  /** 'path': a dependency 'rel.x' (trigger x); 'inverse': a one2many's inverse moved (trigger: the inverse). */
  kind: 'path' | 'inverse';
  trigger: string;
}

const reverseIndex = new WeakMap<object, Map<string, ReverseDependency[]>>();

/**
 * The stored computed fields of any model that depend on fields of `model`, in registry order
 * (models, then fields, then dependencies). Registries never change once set up, so the index
 * is built once per registry, instead of scanning every field of every model on each write.
 */
function reverseDependencies(registry: { models: Map<string, ModelClass> }, model: string): ReverseDependency[] {
  let index = reverseIndex.get(registry);
  if (!index) {
    index = new Map();
    const add = (name: string, d: ReverseDependency) => { if (!index!.has(name)) index!.set(name, []); index!.get(name)!.push(d); };
    for (const Other of registry.models.values()) {
      for (const f of Object.values(Other._fields)) {
        if (!f.column || !(f.spec.compute || f.spec.related)) continue;
        for (const dep of f.spec.depends ?? (f.spec.related ? [f.spec.related] : [])) {
          const parts = dep.split('.');
          if (parts.length < 2) continue;
          const relField = Other._fields[parts[0]];
          if (relField?.comodel) add(relField.comodel, { Other, field: f, relField, kind: 'path', trigger: parts[1] });
        }
      }
      for (const f of Object.values(Other._fields)) {
        if (!f.column || !f.spec.compute) continue;
        for (const dep of f.spec.depends ?? []) {
          const relField = Other._fields[dep.split('.')[0]];
          if (relField?.type === 'one2many') add(relField.comodel, { Other, field: f, relField, kind: 'inverse', trigger: relField.spec.inverse_name! });
        }
      }
    }
    reverseIndex.set(registry, index);
  }
  return index.get(model) ?? [];
}

/** Records fetched at once up to this many also get the model's other stored columns. */
const PREFETCH_MAX = 100;

/**
 * The table holding the links of relational field `f` of `M`: a many2many's relation table, a
 * stored many2one's own table (computed or not: any write to them changes the table's version);
 * none for a field stored elsewhere (_inherits, non-stored related).
 */
function pointingTables(M: ModelClass, f: Field): string[] | null {
  if (f.type === 'many2many') {
    const stored = f.spec.store ?? !(f.spec.compute || f.spec.related);
    return stored && f.spec.relation ? [f.spec.relation] : null;
  }
  return f.column ? [M._table] : null;
}

/**
 * Whether reading column value `v` of field `f` back gives `v` again: when it already has the
 * column's storage class (else SQLite's type affinity may convert it), and the field is not
 * translated (what a language reads depends on the other languages' values).
 */
function readsBackAsWritten(f: Field, v: SqlParam | undefined): boolean {
  if (isTranslated(f)) return false;
  return readsBackAs(f.sqlType === 'TEXT', v);
}

/** readsBackAsWritten for a column that is not translated, of TEXT storage or not. */
function readsBackAs(text: boolean, v: SqlParam | undefined): boolean {
  return v === null || (typeof v === 'string' ? text : typeof v === 'number' && !text);
}

/** A model's prefetch column names, the list with id first (shared: see _selectByIdText) and its fields. */
interface PrefetchList {
  names: Set<string>; withId: readonly string[]; fields: Field[]; position: Map<string, number>; translated: readonly string[];
  /** Per position: whether the column's storage is TEXT, null for a translated column (see readsBackAs). */
  textAt: ReadonlyArray<boolean | null>;
}
const prefetchIndex = new WeakMap<ModelClass, PrefetchList>();

function prefetchList(M: ModelClass): PrefetchList {
  let all = prefetchIndex.get(M);
  if (!all) {
    const names = Object.values(M._fields).filter((f) => f.column && f.name !== 'id' && f.type !== 'binary' && f.spec.prefetch !== false).map((f) => f.name);
    const withId = Object.freeze(['id', ...names]);
    all = {
      names: new Set(names), withId, fields: withId.map((c) => M._fields[c]), position: new Map(withId.map((c, i) => [c, i])),
      translated: names.filter((c) => isTranslated(M._fields[c])),
      textAt: withId.map((c) => (isTranslated(M._fields[c]) ? null : M._fields[c].sqlType === 'TEXT')),
    };
    prefetchIndex.set(M, all);
  }
  return all;
}

/**
 * The columns fetched for a few records: id, the wanted fields, then every other stored column
 * but binary ones and those declared prefetch=False (Odoo prefetches the same way).
 */
function prefetchColumns(M: ModelClass, wanted: string[]): readonly string[] {
  const { names, withId } = prefetchList(M);
  // the same array each time: its SELECT text is built once (_selectByIdText)
  if (wanted.every((f) => names.has(f))) return withId;
  return ['id', ...new Set([...wanted, ...names])];
}

/**
 * A function making the cached row of a fetched one for a column list (id first): one object
 * literal with a fixed shape instead of a hundred keyed stores into an empty object, which is
 * most of the cost of caching a wide row (account.move has ~130 stored columns). Built once per
 * column list (prefetchColumns gives the same array each time); the keys are field names from
 * the registry, quoted as JSON; each value is converted by its field's fromColumn.
 */
function rowBuilder(cols: readonly string[]): (row: readonly unknown[], fields: Field[]) => Record<string, unknown> {
  let build = rowBuilders.get(cols);
  if (!build) {
    const props = cols.map((c, i) => `${JSON.stringify(c)}: ${i === 0 ? 'r[0]' : `f[${i}].fromColumn(r[${i}])`}`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    build = new Function('r', 'f', `return { ${props.join(', ')} };`) as (row: readonly unknown[], fields: Field[]) => Record<string, unknown>;
    rowBuilders.set(cols, build);
  }
  return build;
}
const rowBuilders = new WeakMap<readonly string[], (row: readonly unknown[], fields: Field[]) => Record<string, unknown>>();

/**
 * Cached rows known to hold every column of their model's prefetch list (built by rowBuilder
 * from that list, or copied from such a row by rowCopier): only those are copied by rowCopier,
 * which reads exactly those columns. A column added to a row later (one outside the list, read
 * afterwards) is not copied: the copy reads it again from the table, which the cache is in step with.
 */
const fullRows = new WeakSet<object>();

/**
 * A function copying a full cached row of model `M` (see fullRows): one object literal of the
 * prefetch list's columns, as rowBuilder makes, instead of a spread, which V8 copies slowly for
 * wide objects of many shapes (every model's rows have their own).
 */
function rowCopier(M: ModelClass): (row: Record<string, unknown>) => Record<string, unknown> {
  let copy = rowCopiers.get(M);
  if (!copy) {
    const props = prefetchList(M).withId.map((c) => `${JSON.stringify(c)}: r[${JSON.stringify(c)}]`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    copy = new Function('r', `return { ${props.join(', ')} };`) as (row: Record<string, unknown>) => Record<string, unknown>;
    rowCopiers.set(M, copy);
  }
  return copy;
}
const rowCopiers = new WeakMap<ModelClass, (row: Record<string, unknown>) => Record<string, unknown>>();

/** The cached values of a record of `M` whose prefetched columns are all NULL (id 0), in prefetch list order, made once per class; copied (slice), never changed. */
function nullValues(M: ModelClass): readonly unknown[] {
  let values = nullValueLists.get(M);
  if (!values) {
    const { fields } = prefetchList(M);
    // not frozen: slicing a frozen array takes V8's slow path
    nullValueLists.set(M, values = fields.map((f, i) => (i === 0 ? 0 : f.fromColumn(null))));
  }
  return values;
}
const nullValueLists = new WeakMap<ModelClass, readonly unknown[]>();

/** Like rowBuilder, for values already converted: one object literal of the list's columns. */
function rowOfValues(cols: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  let build = valueRowBuilders.get(cols);
  if (!build) {
    const props = cols.map((c, i) => `${JSON.stringify(c)}: v[${i}]`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    build = new Function('v', `return { ${props.join(', ')} };`) as (values: readonly unknown[]) => Record<string, unknown>;
    valueRowBuilders.set(cols, build);
  }
  return build;
}
const valueRowBuilders = new WeakMap<readonly string[], (values: readonly unknown[]) => Record<string, unknown>>();

/** The field names of a record's creation values (CallCache.creating), without a set of them. */
class ValueNames {
  constructor(private readonly vals: Vals) {}
  has(name: string): boolean { return Object.prototype.hasOwnProperty.call(this.vals, name); }
}

/** The names of a model's stored computed fields (CreateComputeBatches), once per class. */
const computedNameSets = new WeakMap<ModelClass, ReadonlySet<string>>();

/** A model's _inherits as [parent model, link field] pairs, listed once per class. */
function inheritsList(M: ModelClass): ReadonlyArray<readonly [string, string]> {
  let list = inheritsLists.get(M);
  if (!list) inheritsLists.set(M, list = Object.entries(M._inherits));
  return list;
}
const inheritsLists = new WeakMap<ModelClass, ReadonlyArray<readonly [string, string]>>();

/** The numbers among the values of field `fname` of records' values (their many2one ids). */
function numbersOf(vals: Map<number, Record<string, unknown>>, fname: string): number[] {
  const out: number[] = [];
  for (const v of vals.values()) {
    const x = v[fname];
    if (typeof x === 'number') out.push(x);
  }
  return out;
}

/** A list without repeated items, in first-seen order (the list itself when it has one item). */
function distinct(list: number[]): number[] {
  return list.length < 2 ? list.slice() : [...new Set(list)];
}

/** `[fname]`, made once per field name (get(): _values does not change its list). */
function fieldList(fname: string): string[] {
  let list = fieldLists.get(fname);
  if (!list) {
    list = [fname];
    if (fieldLists.size < 10000) fieldLists.set(fname, list);
  }
  return list;
}
const fieldLists = new Map<string, string[]>();

/**
 * Where create and write put a value of a field (_splitVals): an _inherits parent's values, the
 * x2many commands, the attachment fields, the row's columns, the inverse/company-dependent/
 * writable related fields, or nowhere (other non-stored computed fields).
 */
type ValueRouteKind = 'parent' | 'x2many' | 'attachment' | 'column' | 'inverse' | 'ignored';
interface ValueRoute {
  field: Field;
  route: ValueRouteKind;
  /** The _inherits parent model of a delegated field. */
  parent: string | null;
  /** A magic column (id, write_date…): dropped unless loading data as superuser. */
  magic: boolean;
  /** The column holds one value per language (isTranslated). */
  translated: boolean;
}

/** The ValueRoute of each field of a model, made once per class (fields are fixed once the registry is set up). */
function valueRoutes(M: ModelClass): ReadonlyMap<string, ValueRoute> {
  let routes = valueRouteIndex.get(M);
  if (!routes) {
    const made = new Map<string, ValueRoute>();
    for (const [name, f] of Object.entries(M._fields)) {
      let route: ValueRouteKind;
      let parent: string | null = null;
      if (f.spec.inherited) {
        route = 'parent';
        const [link] = f.spec.related!.split('.');
        parent = Object.entries(M._inherits).find(([, l]) => l === link)?.[0] ?? null;
      } else if (f.x2many && !f.spec.compute) route = 'x2many';
      else if (f.attachment) route = 'attachment';
      else if (f.column) route = 'column';
      else if (f.spec.inverse || f.spec.company_dependent || (f.spec.related && f.spec.readonly === false)) route = 'inverse';
      else route = 'ignored';
      made.set(name, { field: f, route, parent, magic: MAGIC_WRITE_DROP.has(name), translated: isTranslated(f) });
    }
    valueRouteIndex.set(M, routes = made);
  }
  return routes;
}
const valueRouteIndex = new WeakMap<ModelClass, ReadonlyMap<string, ValueRoute>>();

/** _splitVals without a value of an _inherits parent. */
const NO_PARENT_VALUES: ReadonlyMap<string, Vals> = new Map();

/** No many2one value before a change (_recompute, _recomputeReverse: nothing moved away). */
const NO_OLD_LINKS: ReadonlyMap<string, number[]> = new Map();

/** Whether a plain object has no key (without listing its keys). */
function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * Set column `key` of an INSERT's lists to `value` unless it is given a value already (the log
 * access columns: `row[key] ?? value`), appended when absent.
 */
function setMissing(keys: string[], params: SqlParam[], key: string, value: SqlParam): void {
  const at = keys.indexOf(key);
  if (at < 0) { keys.push(key); params.push(value); } else if (params[at] === null || params[at] === undefined) params[at] = value;
}

/** The row object of an INSERT's lists (for the foreign-key checks naming a refused column). */
function rowOf(keys: string[], params: SqlParam[]): Record<string, SqlParam> {
  const row: Record<string, SqlParam> = {};
  for (let i = 0; i < keys.length; i++) row[keys[i]] = params[i];
  return row;
}

/** `"column" = ?`, made once per column name (every UPDATE of the ORM assigns through it). */
function assignText(column: string): string {
  let text = assignTexts.get(column);
  if (text === undefined) {
    text = `${ident(column)} = ?`;
    if (assignTexts.size < 10000) assignTexts.set(column, text);
  }
  return text;
}
const assignTexts = new Map<string, string>();

/** A model's fields a create may give a default to (all but the magic ones), listed once per class. */
function defaultableFields(M: ModelClass): string[] {
  let names = defaultableIndex.get(M);
  if (!names) defaultableIndex.set(M, names = Object.keys(M._fields).filter((n) => !MAGIC_WRITE_DROP.has(n)));
  return names;
}
const defaultableIndex = new WeakMap<ModelClass, string[]>();

/**
 * The defaultable fields that have a default of their own, or may get one from an _inherits
 * parent (_defaultValues gives no other field a value unless the context or ir.default names it).
 */
function fieldsWithDefaultSet(M: ModelClass): ReadonlySet<string> {
  let names = withDefaultSets.get(M);
  if (!names) withDefaultSets.set(M, names = new Set(fieldsWithDefault(M)));
  return names;
}
const withDefaultSets = new WeakMap<ModelClass, ReadonlySet<string>>();
function fieldsWithDefault(M: ModelClass): string[] {
  let names = withDefaultIndex.get(M);
  if (!names) withDefaultIndex.set(M, names = defaultableFields(M).filter((n) => M._fields[n].spec.default !== undefined || M._fields[n].spec.inherited));
  return names;
}
const withDefaultIndex = new WeakMap<ModelClass, string[]>();

/**
 * The defaultable fields that have a default of their own or one named by the context's
 * default_ keys (`ctx`, null when it has none) or by the user's ir.default values, in field order:
 * the names found from those few keys, the list made once per model and set of extra names
 * (not a test of every field of the model for each create).
 */
function defaultableWith(M: ModelClass, ctx: Record<string, unknown> | null, userDefaults: Record<string, unknown>): string[] {
  const own = fieldsWithDefaultSet(M);
  const named = Object.keys(userDefaults);
  if (ctx) for (const k of Object.keys(ctx)) if (k.startsWith('default_')) named.push(k.slice(8));
  const extra = named.filter((n, i) => !own.has(n) && Object.prototype.hasOwnProperty.call(M._fields, n) && !MAGIC_WRITE_DROP.has(n) && named.indexOf(n) === i);
  if (!extra.length) return fieldsWithDefault(M);
  const key = extra.sort().join(',');
  let lists = withExtraIndex.get(M);
  if (!lists) withExtraIndex.set(M, lists = new Map());
  let names = lists.get(key);
  if (!names) {
    const wanted = new Set(extra);
    names = defaultableFields(M).filter((n) => own.has(n) || wanted.has(n));
    if (lists.size < 256) lists.set(key, names);
  }
  return names;
}
const withExtraIndex = new WeakMap<ModelClass, Map<string, string[]>>();

/** A string, a boolean or a finite number: its JSON differs from any other value's unless equal. */
function jsonScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Whether two values have the same JSON text, without writing it for plain scalars. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (jsonScalar(a) && jsonScalar(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * INSERT texts per model class, in a tree of their column lists (see insertText); `size`, at the
 * root: the nodes of the tree, bounded.
 */
interface InsertTextNode { next: Map<string, InsertTextNode> | null; text: string | undefined; size: number }
const insertTexts = new WeakMap<ModelClass, InsertTextNode>();

/**
 * `INSERT INTO table (columns) VALUES (?, …)` for a column list, built once per list: the records
 * a create makes usually name the same columns, and the text is the prepared statement's key.
 */
function insertText(M: ModelClass, keys: string[]): string {
  // the lists used last are compared first: one array of names each, where the tree is a map
  // and a node per column, far apart in memory
  let recent = recentInsertTexts.get(M);
  if (!recent) recentInsertTexts.set(M, recent = []);
  for (const r of recent) if (sameNames(r.keys, keys)) return r.text;
  const text = insertTextOfTree(M, keys);
  if (recent.length >= 8) recent.pop();
  recent.unshift({ keys: keys.slice(), text });
  return text;
}
const recentInsertTexts = new WeakMap<ModelClass, Array<{ keys: readonly string[]; text: string }>>();

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function insertTextOfTree(M: ModelClass, keys: string[]): string {
  // found by walking the column names (no key string joined for each record)
  let root = insertTexts.get(M);
  if (!root) insertTexts.set(M, root = { next: null, text: undefined, size: 1 });
  let node: InsertTextNode = root;
  for (const k of keys) {
    let child: InsertTextNode | undefined = node.next?.get(k);
    if (!child) {
      if (root.size >= 4096) return buildInsertText(M, keys);
      root.size++;
      (node.next ??= new Map()).set(k, child = { next: null, text: undefined, size: 0 });
    }
    node = child;
  }
  return node.text ??= buildInsertText(M, keys);
}

function buildInsertText(M: ModelClass, keys: string[]): string {
  return keys.length
    ? `INSERT INTO ${ident(M._table)} (${keys.map(ident).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`
    : `INSERT INTO ${ident(M._table)} DEFAULT VALUES`;
}

/** SELECT texts by column list (see _selectByIdText). */
const selectTexts = new WeakMap<readonly string[], Map<string, string>>();

const restrictIndex = new WeakMap<object, Map<string, Array<[ModelClass, Field]>>>();

/**
 * The records a related path has reached from one starting key: one record (a many2one's
 * value), several (an x2many's), or none (null).
 */
type Reached = number | readonly number[] | null;

/** The key of a related path followed from a single start (_precomputeRelated). */
const ONE_KEY: readonly number[] = [0];

/**
 * Follow a related path from records of `start`'s model: for each key, the records it starts
 * from (`from`, aligned with `keys`); the value of the path's last field for the first record
 * reached (the empty value when none is), or the union of the records reached for a last
 * x2many. Records reached through many2ones are carried as numbers, not one-element lists.
 */
function followRelated(start: BaseModel, keys: readonly number[], from: readonly Reached[], path: string[]): Map<number, unknown> {
  const out = new Map<number, unknown>();
  let current = from;
  let model: BaseModel = start;
  const fnames = pathNameLists(path);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const vals = model.browse(distinctReached(current))._values(fnames[i]);
    const segField = model.cls._fields[seg];
    if (i === path.length - 1) {
      for (let k = 0; k < keys.length; k++) {
        const targets = current[k];
        if (segField.x2many) {
          out.set(keys[k], unionOf(targets, vals, seg));
        } else {
          const t = typeof targets === 'number' ? targets : targets === null ? undefined : targets[0];
          out.set(keys[k], t === undefined ? fieldEmpty(segField) : vals.get(t)?.[seg] ?? fieldEmpty(segField));
        }
      }
      return out;
    }
    const next: Reached[] = new Array(keys.length);
    for (let k = 0; k < keys.length; k++) {
      const targets = current[k];
      if (typeof targets === 'number') {
        const v = vals.get(targets)?.[seg];
        next[k] = Array.isArray(v) ? v as number[] : typeof v === 'number' ? v : null;
      } else if (targets === null) {
        next[k] = null;
      } else {
        const ids: number[] = [];
        for (const t of targets) {
          const v = vals.get(t)?.[seg];
          if (Array.isArray(v)) ids.push(...v);
          else if (typeof v === 'number') ids.push(v);
        }
        next[k] = ids;
      }
    }
    current = next;
    model = model.env.model(segField.comodel).sudo();
  }
  return out;
}

/** The records reached from every key, each once, in the order first reached. */
function distinctReached(current: readonly Reached[]): number[] {
  if (current.length === 1) {
    const t = current[0];
    if (typeof t === 'number') return [t];
    if (t === null) return [];
    if (t.length < 2) return t.slice();
  }
  const seen = new Set<number>();
  const ids: number[] = [];
  for (const t of current) {
    if (typeof t === 'number') {
      if (!seen.has(t)) { seen.add(t); ids.push(t); }
    } else if (t !== null) {
      for (const x of t) if (!seen.has(x)) { seen.add(x); ids.push(x); }
    }
  }
  return ids;
}

/** The union of the x2many `seg` of the records reached (each record once, in order). */
function unionOf(targets: Reached, vals: Map<number, Record<string, unknown>>, seg: string): number[] {
  const seen = new Set<number>();
  const ids: number[] = [];
  const list = typeof targets === 'number' ? [targets] : targets ?? [];
  for (const t of list) for (const x of (vals.get(t)?.[seg] as number[] | undefined) ?? []) if (!seen.has(x)) { seen.add(x); ids.push(x); }
  return ids;
}

/** `[[a], [b], …]` of a related path's field names: one name list per hop, made once per path. */
function pathNameLists(path: string[]): string[][] {
  let lists = pathNames.get(path);
  if (!lists) pathNames.set(path, lists = path.map((seg) => [seg]));
  return lists;
}
const pathNames = new WeakMap<string[], string[][]>();

/** A related field's path, split once per field (fields do not change once the registry is set up). */
function relatedPath(f: Field): string[] {
  let path = relatedPaths.get(f);
  if (!path) relatedPaths.set(f, path = f.spec.related!.split('.'));
  return path;
}
const relatedPaths = new WeakMap<Field, string[]>();

/** The stored many2one fields with ondelete='restrict' pointing to `model` (indexed once per registry). */
function restrictReferences(registry: { models: Map<string, ModelClass> }, model: string): Array<[ModelClass, Field]> {
  let index = restrictIndex.get(registry);
  if (!index) {
    index = new Map();
    for (const Other of registry.models.values()) {
      for (const f of Object.values(Other._fields)) {
        if (f.type !== 'many2one' || !f.column || f.ondelete !== 'restrict') continue;
        if (!index.has(f.comodel)) index.set(f.comodel, []);
        index.get(f.comodel)!.push([Other, f]);
      }
    }
    restrictIndex.set(registry, index);
  }
  return index.get(model) ?? [];
}

/** Whether a cached row holds every one of these columns. */
function hasColumns(row: Record<string, unknown>, names: string[]): boolean {
  for (let i = 0; i < names.length; i++) if (!(names[i] in row)) return false;
  return true;
}

/** The existing records among `ids` (each once) whose computed row lacks field `f`. */
function missingComputed(ids: number[], stored: Map<number, unknown>, computed: Map<number, Record<string, unknown>>, f: string): number[] {
  const need: number[] = [];
  const seen = ids.length > 1 ? new Set<number>() : null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!stored.has(id)) continue;
    const row = computed.get(id);
    if (row && f in row) continue;
    if (seen) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    need.push(id);
  }
  return need;
}

export function fieldEmpty(f: Field | undefined): unknown {
  if (!f) return false;
  if (f.x2many) return [];
  if (f.type === 'integer' || f.type === 'float' || f.type === 'monetary') return 0;
  return false;
}

/** `attr in attributes` as Python evaluates it (a string argument tests substrings). */
function attributeFilter(attributes: unknown): (attr: string) => boolean {
  if (typeof attributes === 'string') return (attr) => attributes.includes(attr);
  const set = new Set(Array.isArray(attributes) ? attributes : Object.keys(attributes as object));
  return (attr) => set.has(attr);
}

/** What Python's iteration yields for a client value: list items, dict keys, string characters. */
function iterated(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (v !== null && typeof v === 'object') return Object.keys(v);
  throw new PyTypeError(`'${typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'NoneType'}' object is not iterable`);
}

function domainArg(d: unknown): Domain {
  if (d === null || d === undefined || d === false) return [];
  // odoo.osv.expression.normalize_domain's assertion
  if (!Array.isArray(d)) throw new PyAssertionError("Domains to normalize must have a 'domain' form: a list or tuple of domain components");
  return d;
}

/** PostgreSQL's bigint range, which LIMIT and OFFSET values must fit in. */
const BIGINT_MAX = 9223372036854775807;

/** offset / limit as PostgreSQL takes them (its errors, through psycopg2, are what Odoo sends). */
function intArg(v: unknown, clause: 'LIMIT' | 'OFFSET' = 'LIMIT'): number {
  if (v === null || v === undefined || v === false || v === '') return 0;
  if (v === true) return 1;
  if (typeof v === 'object') throw new PsycopgError('psycopg2.ProgrammingError', `can't adapt type '${Array.isArray(v) ? 'list' : 'dict'}'`);
  const n = typeof v === 'number' ? Math.trunc(v) : /^\s*[+-]?\d+\s*$/.test(String(v)) ? Number(String(v).trim()) : NaN;
  if (Number.isNaN(n)) throw new PsycopgError('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type bigint: "${String(v)}"\n`);
  if (Math.abs(n) > BIGINT_MAX) throw new PsycopgError('psycopg2.errors.NumericValueOutOfRange', 'bigint out of range\n');
  if (n < 0) {
    throw new PsycopgError(clause === 'LIMIT' ? 'psycopg2.errors.InvalidRowCountInLimitClause' : 'psycopg2.errors.InvalidRowCountInResultOffsetClause',
      `${clause} must not be negative\n`);
  }
  return n;
}

function strArg(v: unknown): string | null {
  if (v === null || v === undefined || v === false || v === '') return null;
  return String(v);
}

export const MANDATORY_PREFIX = 'The operation cannot be completed:\n'
  + '- Create/update: a mandatory field is not set.\n'
  + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n';

/** Odoo's foreign-key error; a table of no model (a many2many relation) is named 'Unknown (unknown)'. */
function fkError(M: ModelClass | null, constraint: string): ValidationError {
  return new ValidationError('The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n'
    + `Model: ${M ? `${M._description} (${M._name})` : 'Unknown (unknown)'}\nConstraint: ${constraint}\n`);
}

/** The message of an SQLite error; better-sqlite3 errors may come from another realm (jest): read the message, not the class. */
function sqlErrorMessage(e: unknown): string {
  return e && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
}

/** Whether SQLite refused a statement for a foreign key (a row pointing to a missing one). */
function isForeignKeyViolation(e: unknown): boolean {
  return /FOREIGN KEY constraint failed/.test(sqlErrorMessage(e));
}

/** SQLite constraint errors → Odoo 17's ValidationError texts (odoo/service/model.py). */
export function translateSqlError(registry: { tables: Map<string, string>; get(n: string): ModelClass | undefined }, e: unknown, M: ModelClass): unknown {
  const msg = sqlErrorMessage(e);
  let m = /^NOT NULL constraint failed: (\w+)\.(\w+)/.exec(msg);
  if (m) {
    // several models may share a table (action kinds): the one being written names the error
    const Model = M._table === m[1] ? M : registry.get(registry.tables.get(m[1]) ?? '') ?? M;
    const f = Model._fields[m[2]];
    return new ValidationError(`${MANDATORY_PREFIX}Model: ${Model._description} (${Model._name})\nField: ${f?.string ?? m[2]} (${m[2]})\n`);
  }
  m = /^UNIQUE constraint failed: (.+)$/.exec(msg);
  if (m) {
    const cols = m[1].split(',').map((s) => s.trim());
    const table = cols[0].split('.')[0];
    const Model = registry.get(registry.tables.get(table) ?? '') ?? M;
    const names = cols.map((c) => c.split('.')[1]).sort().join(',');
    const c = Model._sqlConstraints.find((sc) => {
      const mm = /^\s*unique\s*\(([^)]*)\)/i.exec(sc.definition);
      return mm && mm[1].split(',').map((s) => s.trim()).sort().join(',') === names;
    });
    return new ValidationError(`The operation cannot be completed: ${c ? c.message : msg}`);
  }
  m = /^CHECK constraint failed: (\w+)/.exec(msg);
  if (m) {
    for (const Model of (registry as unknown as { models: Map<string, ModelClass> }).models.values()) {
      const c = Model._sqlConstraints.find((sc) => `${Model._table}_${sc.name}` === m![1]);
      if (c) return new ValidationError(`The operation cannot be completed: ${c.message}`);
    }
    return new ValidationError(`The operation cannot be completed: ${msg}`);
  }
  if (isForeignKeyViolation(e)) return fkError(M, `${M._table}_fkey`);
  return e;
}

/** fields_get description of one field (Odoo 17 keys). */
export function describeField(model: BaseModel, f: Field): Vals {
  const d: Vals = {
    type: f.type,
    change_default: !!f.spec.change_default,
    company_dependent: !!f.spec.company_dependent,
    depends: f.spec.depends ?? (f.spec.related ? [f.spec.related] : []),
    manual: false,
    name: f.name,
    readonly: f.readonly,
    required: f.required,
    searchable: !!(f.store || f.spec.search || f.spec.related || (f.x2many && !f.spec.compute) || f.spec.inherited || f.spec.company_dependent),
    sortable: !!(f.column || (f.spec.inherited && f.spec.related && !f.x2many)),
    // computed x2many fields are not stored (Odoo's store=False unless store=True)
    store: f.name === 'id' ? true : f.store || (f.x2many && !f.spec.compute && !f.spec.related),
    string: f.string,
    exportable: true,
    default_export_compatible: !!f.spec.default_export_compatible,
  };
  if (f.name === 'display_name' || f.spec.private || f.spec.column_compute) { d.searchable = false; d.sortable = false; d.store = false; }
  if (f.spec.inherited && f.spec.related) {
    // a delegated field reads, searches and sorts like its parent field (_inherits)
    const [link, pname] = f.spec.related.split('.');
    const parentModel = model.cls._inherits && Object.entries(model.cls._inherits).find(([, l]) => l === link)?.[0];
    const pf = parentModel ? model.env.registry.get(parentModel)?._fields[pname] : undefined;
    if (pf) {
      const pd = describeField(model.env.model(parentModel!), pf);
      if (f.spec.readonly === undefined) d.readonly = pd.readonly;
      d.searchable = pd.searchable; d.sortable = pd.sortable;
    }
  }
  if (f.spec.help) d.help = f.spec.help;
  if (f.spec.groups) d.groups = f.spec.groups;
  if (f.spec.related) d.related = f.spec.related;
  // the `id` field (fields.Id) has no aggregate, unlike integer fields
  const op = f.name === 'id' ? undefined : f.groupOperator;
  if (op) d.group_operator = op;
  if (f.type === 'char') { d.trim = f.spec.trim ?? true; d.translate = !!f.spec.translate; if (f.spec.size) d.size = f.spec.size; }
  if (f.type === 'text') d.translate = !!f.spec.translate;
  if (f.type === 'html') {
    Object.assign(d, { translate: !!f.spec.translate, sanitize: f.spec.sanitize !== false, sanitize_tags: true, sanitize_attributes: true, sanitize_style: false, strip_style: false, strip_classes: false });
  }
  if (f.type === 'float' && f.spec.digits) d.digits = f.spec.digits;
  if (f.type === 'monetary') d.currency_field = f.spec.currency_field ?? 'currency_id';
  if (f.type === 'selection') d.selection = f.selectionFor(model.env).map(([k, v]) => [k, v]);
  if (f.type === 'reference') d.selection = f.selectionFor(model.env).map(([k, v]) => [k, v]);
  if (f.type === 'binary') d.attachment = f.attachment;
  if (f.relational) {
    d.relation = f.comodel;
    d.domain = f.spec.domain ?? [];
    d.context = f.spec.context ?? {};
  }
  if (f.type === 'one2many') d.relation_field = f.spec.inverse_name;
  return d;
}

export { SUPERUSER_ID };

