/**
 * Record-rule checks decided on the records' rows in the call's record cache. The usual rule is a
 * condition on the record's own many2one or selection columns (`[('company_id', 'in',
 * company_ids)]`, a wizard's `[('create_uid', '=', user.id)]`): the rows (created, written or read
 * in this call, else fetched now, as the call reads them next anyway; BaseModel._storedRows forgets
 * them at any write of the table by another path) answer it with the NULL semantics
 * DomainCompiler.scalar gives such leaves, instead of a statement asking SQLite the same. Any
 * other domain (paths, other field types or operators, names, negation) gives null: the caller
 * runs the SQL check.
 */
import type { BaseModel } from './model';
import type { Domain } from './domain';
import type { Field } from './fields';

/** A cached value of the column (false = NULL): an id (many2one) or a key (selection). */
type Value = number | string | false;
/** Whether a cached value satisfies one leaf. */
type Test = (value: Value) => boolean;

/** A rule domain as a prefix expression of leaf tests, or null if it cannot be decided here. */
type Plan = { columns: string[]; eval: (row: Record<string, unknown>) => boolean | null };

const plans = new WeakMap<Domain, Map<object, Plan | null>>();

/**
 * Ids of `ids` the rule domain `dom` does not match, decided on the call's cached rows (fetched
 * into the cache first when missing); null when the domain is not of the simple kind.
 */
export function disallowedFromCache(records: BaseModel, ids: number[], dom: Domain): number[] | null {
  const plan = planFor(records, dom);
  if (!plan) return null;
  const stored = records._storedRows();
  const rows = stored.rows;
  if (ids.some((id) => !rows.has(id) || plan.columns.some((c) => !(c in rows.get(id)!)))) {
    // the rows the call will most likely read next anyway, fetched instead of the rule's
    // statement (one statement either way); a record that does not exist stays absent
    records.browse(ids)._loadStored(stored, plan.columns, false);
  }
  const refused: number[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    // like the SQL check, a record that does not exist is not among those the rule matches
    if (!row) { refused.push(id); continue; }
    for (const c of plan.columns) if (!(c in row)) return null;
    const ok = plan.eval(row);
    if (ok === null) return null;
    if (!ok) refused.push(id);
  }
  // a memoized result that used these rows depends on the table, as if it had queried it
  const tables = records.env.cr.tables;
  if (tables.tracking) tables.note([records.cls._table]);
  return refused;
}

function planFor(records: BaseModel, dom: Domain): Plan | null {
  let byModel = plans.get(dom);
  if (!byModel) plans.set(dom, byModel = new Map());
  const M = records.cls;
  if (byModel.has(M)) return byModel.get(M)!;
  const plan = makePlan(M._fields, dom);
  byModel.set(M, plan);
  return plan;
}

/** The plan of a domain made of '&', '|' and leaves on stored many2one columns; null otherwise. */
function makePlan(fields: Record<string, Field>, dom: Domain): Plan | null {
  if (!Array.isArray(dom) || dom.length === 0) return null;
  const columns = new Set<string>();
  // prefix expression: evaluated from the right with a stack of closures
  const stack: Array<(row: Record<string, unknown>) => boolean | null> = [];
  let operators = 0;
  let leaves = 0;
  for (let i = dom.length - 1; i >= 0; i--) {
    const token = dom[i];
    if (token === '&' || token === '|') {
      if (stack.length < 2) return null;
      const a = stack.pop()!;
      const b = stack.pop()!;
      operators++;
      stack.push(token === '&'
        ? (row) => { const x = a(row); if (x === false) return false; const y = b(row); return y === false ? false : x === null || y === null ? null : true; }
        : (row) => { const x = a(row); if (x === true) return true; const y = b(row); return y === true ? true : x === null || y === null ? null : false; });
      continue;
    }
    // '!' is left to SQL: NOT of a NULL comparison is not the negation of its boolean here
    if (!Array.isArray(token) || token.length !== 3) return null;
    const [fname, op, value] = token as [unknown, unknown, unknown];
    leaves++;
    if (typeof fname === 'number') {
      // TRUE_LEAF (1, '=', 1) / FALSE_LEAF (0, '=', 1)
      if (op !== '=' || typeof value !== 'number') return null;
      const constant = fname === value;
      stack.push(() => constant);
      continue;
    }
    if (typeof fname !== 'string' || typeof op !== 'string') return null;
    const field = fields[fname];
    if (!field || !field.column || !field.odooStored || field.spec.inherited || field.name !== field.column) return null;
    // a many2one holds ids, a selection its keys (never translated); other types are left to SQL
    const kind = field.type === 'many2one' ? 'number' : field.type === 'selection' ? 'string' : null;
    if (!kind) return null;
    const test = leafTest(op, value, kind);
    if (!test) return null;
    columns.add(fname);
    stack.push((row) => {
      const v = row[fname];
      if (v === false || v === null) return test(false);
      return typeof v === kind ? test(v as Value) : null;
    });
  }
  // implicit '&' between top-level terms
  if (stack.length !== leaves - operators) return null;
  while (stack.length > 1) {
    const a = stack.pop()!;
    const b = stack.pop()!;
    stack.push((row) => { const x = a(row); if (x === false) return false; const y = b(row); return y === false ? false : x === null || y === null ? null : true; });
  }
  const root = stack[0];
  return { columns: [...columns], eval: root };
}

/**
 * One leaf on a many2one or selection column as DomainCompiler.scalar compiles it (after Odoo 17's
 * normalize_leaf), true exactly when its SQL is TRUE for the value; null for other leaves (a
 * string compared with a many2one is a name search; other value types convert).
 */
function leafTest(op: string, value: unknown, kind: 'number' | 'string'): Test | null {
  const plain = (x: unknown): x is number | string => typeof x === kind && (kind === 'string' || Number.isInteger(x));
  let o = op === '<>' ? '!=' : op;
  if (o === 'in' && typeof value === 'boolean') o = '=';
  else if (o === 'not in' && typeof value === 'boolean') o = '!=';
  else if (o === '=' && Array.isArray(value)) o = 'in';
  else if (o === '!=' && Array.isArray(value)) o = 'not in';
  if (o === '=' || o === '!=') {
    if (value === false || value === null || value === undefined) {
      // IS NULL / IS NOT NULL
      return o === '=' ? (v) => v === false : (v) => v !== false;
    }
    if (!plain(value)) return null;
    if (o === '=') return (v) => v === value;
    // `col != 0` is NULL for a NULL column; `(col != v OR col IS NULL)` otherwise
    return value === 0 || value === '' ? (v) => v !== false && v !== value : (v) => v !== value;
  }
  if (o === 'in' || o === 'not in') {
    if (!Array.isArray(value)) return null;
    const members = new Set<Value>();
    let hasFalse = false;
    for (const m of value) {
      if (m === false || m === null) hasFalse = true;
      else if (plain(m)) members.add(m);
      else return null;
    }
    if (o === 'in') return (v) => (v === false ? hasFalse : members.has(v));
    // NOT IN: `(col NOT IN (...) AND col IS NOT NULL)` with False listed, `(... OR col IS NULL)` without
    if (!members.size) return hasFalse ? (v) => v !== false : () => true;
    return hasFalse ? (v) => v !== false && !members.has(v) : (v) => v === false || !members.has(v);
  }
  return null;
}
