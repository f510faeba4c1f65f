/**
 * `order` specifications ("name desc, id") are parsed against the model's fields and turned into
 * SQL; nothing from the client is ever pasted into a query (orm.md §5).
 */
import { PyValueError, UserError } from './exceptions';
import { SQL, ident, TEXT_COLLATION } from './sql';
import type { BaseModel, ModelClass } from './model';
import type { Field } from './fields';
import { pyRepr } from '../tools/pyrepr';

export interface OrderTerm { field: string; desc: boolean; nulls: 'first' | 'last' | null }

const TERM = /^\s*"?([a-z0-9_]+)"?(?:\.([a-z0-9_]+))?(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

export function invalidOrder(spec: string): UserError {
  return new UserError(`Invalid "order" specified (${spec}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`);
}

export function parseOrder(model: BaseModel, spec: string): OrderTerm[] {
  return parseOrderOf(model.cls, spec);
}

/** parseOrder on a model class (the registry uses it for the `_order` index). */
export function parseOrderOf(M: ModelClass, spec: string): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const part of spec.split(',')) {
    const m = TERM.exec(part);
    if (!m) throw invalidOrder(spec);
    const fname = m[1];
    if (!M._fields[fname]) throw new PyValueError(`Invalid field ${pyRepr(fname)} on model ${pyRepr(M._name)}`);
    terms.push({ field: fname, desc: (m[3] ?? '').toLowerCase() === 'desc', nulls: m[4] ? (m[4].toLowerCase() as 'first' | 'last') : null });
  }
  return terms;
}

/** Text fields sort with the text collation (sql.ts), in ORDER BY and in the `_order` index alike. */
export function textCollated(f: Field): boolean {
  return ['char', 'text', 'selection', 'html'].includes(f.type);
}

/** ORDER BY expressions (and the LEFT JOINs they need) for a parsed order on `alias`. */
export function orderToSql(model: BaseModel, terms: OrderTerm[], alias: string, depth = 0): { joins: string; sql: SQL } {
  const joins: string[] = [];
  const parts: string[] = [];
  const M = model.cls;
  for (const t of terms) {
    const f = M._fields[t.field];
    if (f.spec.inherited && f.spec.related) {
      // delegated field: order through the parent's table
      const [link, pname] = f.spec.related.split('.');
      const parent = model.env.model(M._fields[link].comodel);
      const pAlias = `${alias}__${link}`;
      if (!joins.some((j) => j.includes(ident(pAlias)))) {
        joins.push(` LEFT JOIN ${ident(parent.cls._table)} AS ${ident(pAlias)} ON ${ident(pAlias)}.id = ${ident(alias)}.${ident(link)}`);
      }
      const sub = orderToSql(parent, [{ ...t, field: pname }], pAlias, depth + 1);
      joins.push(sub.joins);
      if (sub.sql.text) parts.push(sub.sql.text);
      continue;
    }
    if (!f.odooStored) continue; // non-stored: ignored with a warning in Odoo
    const col = model._columnSql(f.column!, alias);
    if (f.type === 'many2one' && depth < 3) {
      const co = model.env.model(f.comodel);
      const coOrder = co.cls._order;
      if (coOrder.trim() === 'id') {
        parts.push(term(col, t.desc, t.nulls, f.required && depth === 0));
        continue;
      }
      const coAlias = `${alias}__${f.name}`;
      joins.push(` LEFT JOIN ${ident(co.cls._table)} AS ${ident(coAlias)} ON ${ident(coAlias)}.id = ${col}`);
      if (t.nulls) parts.push(`${col} IS ${t.nulls === 'first' ? 'NOT ' : ''}NULL`);
      let coTerms: OrderTerm[];
      try { coTerms = parseOrder(co, coOrder); } catch { coTerms = co.cls._rec_name ? [{ field: co.cls._rec_name, desc: false, nulls: null }] : []; }
      // desc on the many2one reverses every term of the comodel order
      const flipped = coTerms.map((ct) => ({ ...ct, desc: t.desc ? !ct.desc : ct.desc }));
      const sub = orderToSql(co, flipped, coAlias, depth + 1);
      joins.push(sub.joins);
      if (sub.sql.text) parts.push(sub.sql.text);
      continue;
    }
    let expr = col;
    if (f.type === 'boolean') expr = `COALESCE(${col}, 0)`;
    else if (textCollated(f)) expr = `${col} COLLATE ${TEXT_COLLATION}`;
    // through a LEFT JOIN (depth > 0) even a required column can be NULL
    parts.push(term(expr, t.desc, t.nulls, (f.required && depth === 0) || (f.name === 'id' && depth === 0) || f.type === 'boolean'));
  }
  return { joins: joins.join(''), sql: new SQL(parts.join(', ')) };
}

/** defaultOrderSql's results per model class, then per language and alias. */
const defaultOrders = new WeakMap<ModelClass, Map<string, { joins: string; sql: SQL }>>();

/**
 * orderToSql of the model's own `_order` on `alias`: built once per model class (classes do not
 * change once the registry is set up), alias and language (translated columns order by the
 * language's value), since every x2many read and default-ordered search needs it.
 */
export function defaultOrderSql(model: BaseModel, alias: string): { joins: string; sql: SQL } {
  const ctxLang = model.env.context.lang;
  const lang = !ctxLang || ctxLang === 'en_US' ? 'en_US' : (model.env.lang ?? 'en_US');
  let byKey = defaultOrders.get(model.cls);
  if (!byKey) defaultOrders.set(model.cls, byKey = new Map());
  const key = `${lang}\u0000${alias}`;
  let order = byKey.get(key);
  if (!order) {
    order = orderToSql(model, parseOrder(model, model.cls._order), alias);
    if (byKey.size < 64) byKey.set(key, order);
  }
  return order;
}

/** PostgreSQL's default: NULLs last ascending, first descending. */
function term(expr: string, desc: boolean, nulls: 'first' | 'last' | null, notNull: boolean): string {
  const dir = desc ? 'DESC' : 'ASC';
  if (notNull && !nulls) return `${expr} ${dir}`;
  const n = nulls ?? (desc ? 'first' : 'last');
  return `${expr} ${dir} NULLS ${n.toUpperCase()}`;
}
