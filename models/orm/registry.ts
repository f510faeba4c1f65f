/**
 * The model registry: collects model declarations (Odoo's `_name`, `_inherit`, `_inherits`),
 * composes them into classes, describes their tables with drizzle-orm and creates the schema.
 */
import type { SQLiteColumnBuilderBase } from 'drizzle-orm/sqlite-core';
import type { BaseModel, ModelClass } from './model';
import { Field, type FieldSpec } from './fields';
import { ident, TEXT_COLLATION, type Cursor } from './sql';
import { parseOrderOf, textCollated, type OrderTerm } from './order';
import type { MethodSig } from './signature';
import { log } from '../tools/log';
import { ensureTrigramIndex, trigramIndexedColumns } from './trigram';

export type Mixin = (Base: ModelClass) => ModelClass;

/** One declaration of a model, as an addon would write it. */
export interface ModelDecl {
  _name?: string;
  _inherit?: string | string[];
  _inherits?: Record<string, string>;
  _description?: string;
  _order?: string;
  _rec_name?: string;
  _rec_names_search?: string[];
  _parent_name?: string;
  _parent_store?: boolean;
  _transient?: boolean;
  _abstract?: boolean;
  _log_access?: boolean;
  /** Delegated fields readable without access rights on the parent. */
  _inherits_sudo_fields?: string[];
  _table?: string;
  /** [name, definition, message]: 'unique(col, ...)' or 'CHECK(...)'. */
  _sql_constraints?: Array<[string, string, string]>;
  /**
   * [name, columns]: indexes Odoo creates in a model's `init()` (create_index), e.g.
   * ['account_move_sequence_index3', 'journal_id, sequence_prefix DESC, sequence_number DESC'].
   * The columns are SQL written in the declaration, never client input.
   */
  _indexes?: Array<[string, string]>;
  /** Addon (module) that declares it: used for ir.model.data and `modules`. */
  _module?: string;
  fields?: Record<string, FieldSpec>;
  /** Public methods callable over RPC, with their Python signatures. */
  rpc?: Record<string, MethodSig>;
  /** Python constraint methods: method name → field names that trigger it. */
  constrains?: Record<string, string[]>;
  /** Class body: overrides and new methods. */
  methods?: Mixin;
  /** Docstring, shown in ir.model.info. */
  _info?: string;
}

export interface SqlConstraint { name: string; definition: string; message: string }

const MAGIC_LABELS: Record<string, string> = {
  id: 'ID', display_name: 'Display Name', create_uid: 'Created by', create_date: 'Created on',
  write_uid: 'Last Updated by', write_date: 'Last Updated on',
};

export class Registry {
  private decls = new Map<string, ModelDecl[]>();
  private order: string[] = [];
  models = new Map<string, ModelClass>();
  /** table name → model name (error messages name the model of a constraint's table) */
  tables = new Map<string, string>();
  ready = false;
  /** Fields left out because their comodel is not installed ("model.field"), for diagnostics. */
  droppedFields: string[] = [];
  /** The installed modules this registry was built from, in load order. */
  modules: string[] = [];
  /**
   * Abstract models (mixins): reachable by name (env.model, fields_get over RPC, as in Odoo), but
   * kept out of `models`, which lists the models that have a table.
   */
  abstract = new Map<string, ModelClass>();
  /** Models only extended, never defined, in this module set (left out). */
  skipped: string[] = [];

  constructor(private readonly baseClass: ModelClass) {}

  /** Add a declaration (an addon's model file). Order of calls = addon load order. */
  add(decl: ModelDecl): void {
    const inherits = decl._inherit === undefined ? [] : Array.isArray(decl._inherit) ? decl._inherit : [decl._inherit];
    const name = decl._name ?? inherits[0];
    if (!name) throw new Error('model declaration without _name or _inherit');
    if (!this.decls.has(name)) {
      this.decls.set(name, []);
      this.order.push(name);
    }
    this.decls.get(name)!.push({ ...decl, _name: name });
  }

  /** A model that stores records (abstract mixins are not: see `get`). */
  has(name: string): boolean { return this.models.has(name); }

  /** Any model by name, abstract ones included (env[name], fields_get over RPC, as in Odoo). */
  get(name: string): ModelClass | undefined { return this.models.get(name) ?? this.abstract.get(name); }

  /**
   * Declarations of a model, flattened through prototype inheritance (`_name` + `_inherit`).
   * Declarations copied from another model (mixins such as mail.thread) are flagged `_mixin`:
   * they bring fields and methods but never replace the model's own attributes.
   */
  private chain(name: string, seen = new Set<string>()): Array<ModelDecl & { _mixin?: boolean }> {
    if (seen.has(name)) return [];
    seen.add(name);
    const out: Array<ModelDecl & { _mixin?: boolean }> = [];
    for (const d of this.decls.get(name) ?? []) {
      const parents = d._inherit === undefined ? [] : Array.isArray(d._inherit) ? d._inherit : [d._inherit];
      for (const p of parents) if (p !== name) out.push(...this.chain(p, new Set(seen)).map((x) => ({ ...x, _name: name, _mixin: true })));
      out.push(d);
    }
    return out;
  }

  /** Whether a model is abstract (its defining declaration says so): it gets no table. */
  isAbstract(name: string): boolean {
    return !!this.decls.get(name)?.[0]?._abstract;
  }

  /** Compose every model: attributes, fields (incl. magic and delegated ones), methods. */
  setup(): void {
    // `_inherit = 'base'` declarations extend every model (Odoo's base model class)
    const baseDecls = this.decls.get('base') ?? [];
    for (const name of this.order) {
      if (name === 'base') continue;
      // an extension (`_inherit` naming the model itself) of a model no module of the set defines:
      // Odoo refuses it ("Model %r does not exist in registry."); addons read from an addons path
      // may extend models of modules the database lacks, so the extension is left out
      const first = this.decls.get(name)![0];
      if (first._inherit !== undefined && (Array.isArray(first._inherit) ? first._inherit : [first._inherit]).includes(name)) {
        this.skipped.push(name);
        continue;
      }
      // abstract models (their defining declaration says so) get no table but stay reachable by name
      const isAbstract = this.isAbstract(name);
      const chain: Array<ModelDecl & { _mixin?: boolean }> = [...baseDecls.map((d) => ({ ...d, _name: name, _inherit: undefined, _module: d._module, _mixin: true })), ...this.chain(name)];
      let cls: ModelClass = this.baseClass;
      const attrs: ModelDecl = {};
      const fieldSpecs: Record<string, FieldSpec> = {};
      const fieldModules: Record<string, string> = {};
      const rpc: Record<string, MethodSig> = {};
      const constrains: Record<string, string[]> = {};
      const sqlConstraints: SqlConstraint[] = [];
      const indexes = new Map<string, string>();
      for (const d of chain) {
        for (const key of Object.keys(d) as Array<keyof ModelDecl>) {
          if (['fields', 'methods', 'rpc', 'constrains', '_sql_constraints', '_indexes', '_inherit', '_abstract', '_mixin'].includes(key)) continue;
          // a mixin's _description/_table/... never replace the model's own
          if (d._mixin && (key in attrs || ['_description', '_table', '_module', '_name'].includes(key))) continue;
          (attrs as Record<string, unknown>)[key] = d[key];
        }
        for (const [fname, spec] of Object.entries(d.fields ?? {})) {
          fieldModules[fname] ??= d._module ?? 'base';
          const prev = fieldSpecs[fname];
          fieldSpecs[fname] = prev && prev.type === spec.type ? { ...prev, ...spec } : { ...spec };
          if (spec.selection_add && prev && Array.isArray(prev.selection)) {
            fieldSpecs[fname].selection = addToSelection(prev.selection, spec.selection_add);
          }
          delete fieldSpecs[fname].selection_add;
        }
        Object.assign(rpc, d.rpc ?? {});
        Object.assign(constrains, d.constrains ?? {});
        for (const [cname, def, msg] of d._sql_constraints ?? []) {
          const i = sqlConstraints.findIndex((c) => c.name === cname);
          if (i >= 0) sqlConstraints.splice(i, 1);
          sqlConstraints.push({ name: cname, definition: def, message: msg });
        }
        for (const [iname, columns] of d._indexes ?? []) indexes.set(iname, columns);
        if (d.methods) cls = d.methods(cls);
      }
      // each model gets its own class so static attributes do not leak between models
      const Model = class extends cls {};
      Object.defineProperty(Model, 'name', { value: name.replace(/\W/g, '_') });
      const M = Model as unknown as ModelClass;
      M._name = name;
      M._description = attrs._description ?? name;
      M._table = attrs._table ?? name.replace(/\./g, '_');
      M._order = attrs._order ?? 'id';
      M._inherits = attrs._inherits ?? {};
      M._transient = !!attrs._transient;
      M._log_access = attrs._log_access ?? true;
      M._parent_name = attrs._parent_name ?? 'parent_id';
      M._parent_store = !!attrs._parent_store;
      M._rec_names_search = attrs._rec_names_search;
      M._module = this.decls.get(name)![0]._module ?? 'base';
      M._info = attrs._info ?? '';
      M._rpc = { ...this.baseClass._rpc, ...rpc };
      M._inherits_sudo_fields = (attrs as { _inherits_sudo_fields?: string[] })._inherits_sudo_fields ?? [];
      M._constrains = constrains;
      M._sqlConstraints = sqlConstraints;
      M._indexes = [...indexes];
      M._modules = [...new Set(chain.slice(baseDecls.length).map((d) => d._module ?? 'base'))];

      // no prototype: a client-given name like '__proto__' or 'constructor' is simply not a field
      const fields: Record<string, Field> = Object.create(null);
      const add = (fname: string, spec: FieldSpec) => {
        const f = new Field(fname, spec);
        f.model = name;
        f.module = fieldModules[fname] ?? M._module;
        fields[fname] = f;
      };
      add('id', { type: 'integer', string: 'ID', readonly: true });
      for (const [fname, spec] of Object.entries(fieldSpecs)) add(fname, spec);
      add('display_name', { type: 'char', string: 'Display Name', compute: '_compute_display_name', readonly: true });
      if (M._log_access) {
        // a model's own declaration of a log access field wins (models.py add_default: sale.order's
        // 'Creation Date', rating.rating's 'Submitted on')
        const addDefault = (fname: string, spec: FieldSpec) => { if (!fieldSpecs[fname]) add(fname, spec); };
        addDefault('create_uid', { type: 'many2one', comodel: 'res.users', string: MAGIC_LABELS.create_uid, readonly: true, ondelete: 'set null' });
        addDefault('create_date', { type: 'datetime', string: MAGIC_LABELS.create_date, readonly: true });
        addDefault('write_uid', { type: 'many2one', comodel: 'res.users', string: MAGIC_LABELS.write_uid, readonly: true, ondelete: 'set null' });
        addDefault('write_date', { type: 'datetime', string: MAGIC_LABELS.write_date, readonly: true });
      }
      M._fields = fields;
      M._rec_name = attrs._rec_name ?? (fields.name ? 'name' : undefined);
      M._active_name = fields.active ? 'active' : fields.x_active ? 'x_active' : undefined;
      if (isAbstract) {
        this.abstract.set(name, M);
        continue;
      }
      this.models.set(name, M);
      this.tables.set(M._table, name);
    }
    // a relational field whose comodel no installed module provides is left out (Odoo would not
    // load it): mail's attachment fields wait for ir.attachment, related paths through them too
    const dropped: string[] = [];
    for (const M of this.models.values()) {
      for (const [fname, f] of Object.entries(M._fields)) {
        if (f.relational && f.comodel && !this.models.has(f.comodel)) {
          delete M._fields[fname];
          dropped.push(`${M._name}.${fname}`);
        }
      }
    }
    for (const M of this.models.values()) {
      for (const [fname, f] of Object.entries(M._fields)) {
        const first = f.spec.related?.split('.')[0];
        if (first && !M._fields[first]) delete M._fields[fname];
      }
    }
    this.droppedFields = dropped;
    // delegation: parent fields appear on the child as inherited related fields
    for (const M of this.models.values()) {
      for (const [parentName, link] of Object.entries(M._inherits)) {
        const P = this.models.get(parentName);
        if (!P) throw new Error(`${M._name}: unknown _inherits parent ${parentName}`);
        const linkField = M._fields[link];
        if (linkField) linkField.spec = { ...linkField.spec, required: true, ondelete: linkField.spec.ondelete === 'cascade' ? 'cascade' : 'restrict' };
        for (const [fname, pf] of Object.entries(P._fields)) {
          // the child's own field wins (models.py _add_inherited_fields); so does a stored related
          // one through the link (hr.employee.user_id = related='resource_id.user_id', store=True)
          if (fname in M._fields && (!M._fields[fname].spec.related?.startsWith(`${link}.`) || M._fields[fname].spec.store === true)) continue;
          if (['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'].includes(fname)) continue;
          const own = M._fields[fname]?.spec ?? {};
          // readonly as on the parent (a computed parent field stays readonly on the child)
          const f = new Field(fname, {
            ...pf.spec, ...own, readonly: own.readonly ?? pf.readonly, related: `${link}.${fname}`, inherited: true, store: false,
            compute: undefined, depends: undefined, inverse: undefined, search: undefined,
          });
          f.model = M._name;
          M._fields[fname] = f;
        }
      }
    }
    this.setupRelatedAttributes();
    for (const M of [...this.models.values(), ...this.abstract.values()]) {
      // SQL-only columns (no Odoo field) leave `_fields`: no public method can name them
      M._sqlOnlyFields = Object.assign(Object.create(null), Object.fromEntries(Object.entries(M._fields).filter(([, f]) => f.spec.sql_only)));
      for (const fname of Object.keys(M._sqlOnlyFields)) delete M._fields[fname];
      for (const f of [...Object.values(M._fields), ...Object.values(M._sqlOnlyFields)]) {
        // binary fields stored as attachments have no column (fields.py Binary.column_type)
        f.column = f.store && !f.attachment ? f.name : null;
        if (f.type === 'many2many' && !f.spec.compute && !f.spec.related) {
          // Odoo's defaults: relation = the sorted tables joined + '_rel', columns = '<table>_id'
          const other = this.models.get(f.comodel);
          if (other && (!f.spec.relation || !f.spec.column1 || !f.spec.column2)) {
            const [a, b] = [M._table, other._table].sort();
            f.spec = { ...f.spec, relation: f.spec.relation ?? `${a}_${b}_rel`, column1: f.spec.column1 ?? `${M._table}_id`, column2: f.spec.column2 ?? `${other._table}_id` };
          }
        }
      }
    }
    this.ready = true;
  }

  /**
   * Related fields take what their definition leaves unset from the field at the end of their
   * path (fields.py setup_related: comodel, string, help, selection, digits, size, translate,
   * context), so `fields.Many2one(related='partner_id.country_id')` needs no comodel.
   */
  private setupRelatedAttributes(): void {
    const targetOf = (M: ModelClass, path: string, seen: Set<string>): Field | null => {
      let model: ModelClass | undefined = M;
      let f: Field | undefined;
      for (const name of path.split('.')) {
        f = model?._fields[name];
        if (!f) return null;
        if (f.spec.related && !f.spec.inherited && !seen.has(`${model!._name}.${name}`)) {
          seen.add(`${model!._name}.${name}`);
          resolve(model!, f, seen);
        }
        model = f.spec.comodel ? this.get(f.spec.comodel) : undefined;
      }
      return f ?? null;
    };
    const done = new Set<Field>();
    const resolve = (M: ModelClass, f: Field, seen: Set<string>) => {
      if (done.has(f)) return;
      done.add(f);
      const target = targetOf(M, f.spec.related!, seen);
      if (!target || target.type !== f.type) return;
      const t = target.spec;
      const fill: Partial<FieldSpec> = {};
      if (t.comodel && !f.spec.comodel) fill.comodel = t.comodel;
      if (!f.spec.string) fill.string = target.string;
      if (t.help && !f.spec.help) fill.help = t.help;
      if (t.selection && !f.spec.selection) fill.selection = t.selection;
      if (t.digits && !f.spec.digits) fill.digits = t.digits;
      if (t.size && !f.spec.size) fill.size = t.size;
      if (t.translate && f.spec.translate === undefined) fill.translate = t.translate;
      if (t.context && !f.spec.context) fill.context = t.context;
      if (Object.keys(fill).length) f.spec = { ...f.spec, ...fill };
    };
    for (const M of [...this.models.values(), ...this.abstract.values()]) {
      for (const f of Object.values(M._fields)) if (f.spec.related && !f.spec.inherited) resolve(M, f, new Set());
    }
  }

  /** drizzle-orm description of a model's table (the single source for the schema's DDL). */
  tableOf(M: ModelClass) {
    // loaded here, not at start-up: only a schema change needs it (a database opened from its
    // image does not), and loading drizzle-orm costs ~25 ms
    const { integer, real, sqliteTable, text } = require('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
    const cols: Record<string, SQLiteColumnBuilderBase> = {};
    for (const f of [...Object.values(M._fields), ...Object.values(M._sqlOnlyFields)]) {
      if (!f.column) continue;
      if (f.name === 'id') {
        cols.id = integer('id').primaryKey({ autoIncrement: true });
        continue;
      }
      let c;
      if (f.sqlType === 'INTEGER') c = integer(f.column);
      else if (f.sqlType === 'REAL') c = real(f.column);
      else c = text(f.column);
      // `required` is enforced by the database, as in Odoo (NOT NULL → ValidationError)
      if (f.required && f.type !== 'boolean') c = c.notNull();
      cols[f.column] = c;
    }
    return sqliteTable(M._table, cols);
  }

  /**
   * Create missing tables, columns, indexes and relation tables. Idempotent. Returns the
   * columns added to tables that already existed (their rows need the field's default).
   */
  createSchema(cr: Cursor): Array<{ model: string; field: string }> {
    const added: Array<{ model: string; field: string }> = [];
    const { getTableConfig } = require('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
    const indexNames = new Set(cr.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index'`).map((r) => r.name));
    for (const M of this.models.values()) {
      const table = this.tableOf(M);
      const cfg = getTableConfig(table);
      const exists = cr.get(`SELECT name FROM sqlite_master WHERE type='table' AND name=?`, [M._table]);
      const colDefs: string[] = [];
      for (const col of cfg.columns) {
        const f = M._fields[col.name];
        let def = `${ident(col.name)} ${col.getSQLType().toUpperCase()}`;
        if (col.primary) def += ' PRIMARY KEY AUTOINCREMENT';
        if (col.notNull && !col.primary) def += ' NOT NULL';
        if (f?.type === 'many2one') {
          const comodel = this.models.get(f.comodel);
          if (comodel) {
            const action = f.ondelete === 'cascade' ? 'CASCADE' : f.ondelete === 'restrict' ? 'RESTRICT' : 'SET NULL';
            def += ` REFERENCES ${ident(comodel._table)}(id) ON DELETE ${action}`;
          }
        }
        colDefs.push(def);
      }
      if (!exists) {
        const checks = M._sqlConstraints.filter((c) => /^\s*check\b/i.test(c.definition))
          .map((c) => `CONSTRAINT ${ident(`${M._table}_${c.name}`)} ${c.definition}`);
        cr.exec(`CREATE TABLE ${ident(M._table)} (${[...colDefs, ...checks].join(', ')})`);
      } else {
        const have = new Set(cr.all<{ name: string }>(`PRAGMA table_info(${ident(M._table)})`).map((r) => r.name));
        cfg.columns.forEach((col, i) => {
          // SQLite cannot add NOT NULL columns without a default to a table with rows
          if (have.has(col.name)) return;
          cr.exec(`ALTER TABLE ${ident(M._table)} ADD COLUMN ${colDefs[i].replace(' NOT NULL', '')}`);
          added.push({ model: M._name, field: col.name });
        });
      }
      for (const c of M._sqlConstraints) {
        const m = /^\s*unique\s*\(([^)]*)\)\s*$/i.exec(c.definition);
        if (m) {
          const names = m[1].split(',').map((s) => s.trim());
          // a column the model does not have (an addon's field on a model we lack, dropped): Odoo
          // would fail to create the index too; the constraint is left out with a warning
          const missing = names.filter((n) => !Object.values(M._fields).some((f) => f.column === n));
          if (missing.length) {
            log('warn', 'odoo.schema', `${M._name}: SQL constraint ${c.name} not created: no column ${missing.join(', ')}`);
            continue;
          }
          const cols = names.map((n) => ident(n)).join(', ');
          cr.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${ident(`${M._table}_${c.name}`)} ON ${ident(M._table)} (${cols})`);
        }
      }
      for (const [iname, columns] of M._indexes) {
        cr.exec(`CREATE INDEX IF NOT EXISTS ${ident(iname)} ON ${ident(M._table)} (${columns})`);
      }
      // a column is indexed when its field says so, many2one or not, as in Odoo (fields.py
      // `index`: no index by default): every index is one more B-tree each INSERT and UPDATE
      // of the column writes. 'btree_not_null' leaves the NULLs out (Odoo's partial index);
      // SQLite uses it for any comparison with the column, which implies IS NOT NULL
      for (const f of Object.values(M._fields)) {
        if (!f.column || f.name === 'id') continue;
        const name = `${M._table}__${f.column}_index`;
        // a field no longer indexed loses its index, as Odoo drops it (fields.py update_db_index)
        if (!f.spec.index) {
          // (a column named "order" shares its index name with the default order's index)
          if (indexNames.has(name) && name !== `${M._table}__order_index`) cr.exec(`DROP INDEX ${ident(name)}`);
          continue;
        }
        const notNull = f.spec.index === 'btree_not_null' ? ` WHERE ${ident(f.column)} IS NOT NULL` : '';
        cr.exec(`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${ident(M._table)} (${ident(f.column)})${notNull}`);
      }
      // index='trigram': an FTS5 trigram index serves like/ilike '%x%' (models/orm/trigram.ts)
      const trigram = trigramIndexedColumns(M);
      if (trigram.length) ensureTrigramIndex(cr, M._table, trigram);
      // the default order (`_order`) gets one index with the same collations and directions, so
      // that a search without an explicit order reads rows in index order instead of sorting
      const orderColumns = defaultOrderIndexColumns(M);
      if (orderColumns) cr.exec(`CREATE INDEX IF NOT EXISTS ${ident(`${M._table}__order_index`)} ON ${ident(M._table)} (${orderColumns})`);
    }
    for (const M of this.models.values()) {
      for (const f of Object.values(M._fields)) {
        if (f.type !== 'many2many' || f.spec.inherited || f.spec.compute || f.spec.related || !f.spec.relation) continue;
        const other = this.models.get(f.comodel);
        if (!other) continue;
        const { relation, column1, column2 } = f.spec as Required<Pick<FieldSpec, 'relation' | 'column1' | 'column2'>>;
        cr.exec(`CREATE TABLE IF NOT EXISTS ${ident(relation)} (` +
          `${ident(column1)} INTEGER NOT NULL REFERENCES ${ident(M._table)}(id) ON DELETE CASCADE, ` +
          `${ident(column2)} INTEGER NOT NULL REFERENCES ${ident(other._table)}(id) ON DELETE CASCADE, ` +
          `PRIMARY KEY (${ident(column1)}, ${ident(column2)})) WITHOUT ROWID`);
        // the primary key (a, b) serves look-ups by a, one index (b, a) those by b, as in Odoo
        // (fields.py Many2many.update_db). A relation declared from both sides (column1 and
        // column2 swapped) finds the table made by the other side: its primary key already
        // starts with this column2, and an index on (column2, column1) would be a copy of it,
        // one more B-tree written by every link (older versions made it: dropped here)
        const index = `${relation}_${column2}_idx`;
        const keyFirst = cr.get<{ name: string }>('SELECT name FROM pragma_table_info(?) WHERE pk = 1', [relation])?.name;
        if (keyFirst !== column2) cr.exec(`CREATE INDEX IF NOT EXISTS ${ident(index)} ON ${ident(relation)} (${ident(column2)}, ${ident(column1)})`);
        else if (cr.get("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [index])) cr.exec(`DROP INDEX ${ident(index)}`);
      }
    }
    return added;
  }
}

export type { BaseModel };

/**
 * Odoo's selection_add (fields.py _setup_attrs with merge_sequences): each new pair goes after
 * the value listed before it in `add` (an existing value or a new one), or, with none before it,
 * before the next existing value listed after it, else at the end; a pair of an existing value
 * may also relabel it.
 */
export function addToSelection(base: Array<[string, string]>, add: Array<[string, string] | [string]>): Array<[string, string]> {
  const out = base.map(([v, l]) => [v, l] as [string, string]);
  const index = (v: string) => out.findIndex(([x]) => x === v);
  let anchor: string | null = null;
  add.forEach((item, i) => {
    const [value, label] = item;
    const at = index(value);
    if (at >= 0) {
      if (label !== undefined) out[at][1] = label;
      anchor = value;
      return;
    }
    let pos: number;
    if (anchor !== null) pos = index(anchor) + 1;
    else {
      const next = add.slice(i + 1).find(([v]) => index(v) >= 0);
      pos = next ? index(next[0]) : out.length;
    }
    out.splice(pos, 0, [value, label ?? value]);
    anchor = value;
  });
  return out;
}

/**
 * Index columns matching a model's `_order`: the longest prefix of terms that are plain stored
 * columns (a many2one orders by its comodel's order, through a join, and a boolean through
 * COALESCE, which no plain index serves), with ORDER BY's collation and directions (order.ts).
 * Null when no term qualifies, when the order starts with `id` (the rowid already is that
 * index), or when `_order` is invalid (every search on the model reports that error).
 */
function defaultOrderIndexColumns(M: ModelClass): string | null {
  let terms: OrderTerm[];
  try {
    terms = parseOrderOf(M, M._order);
  } catch {
    return null;
  }
  const columns: string[] = [];
  for (const t of terms) {
    const f = M._fields[t.field];
    if (!f.column || f.type === 'many2one' || f.type === 'boolean') break;
    columns.push(`${ident(f.column)}${textCollated(f) ? ` COLLATE ${TEXT_COLLATION}` : ''}${t.desc ? ' DESC' : ''}`);
  }
  if (!columns.length || terms[0].field === 'id') return null;
  return columns.join(', ');
}
