/**
 * Odoo domains → SQL with bound parameters (orm.md §1).
 *
 * A domain is a prefix-notation list of '&', '|', '!' and leaves [path, operator, value].
 * Every leaf compiles to a SQL condition on the model's table alias; paths through relations
 * become sub-queries (Odoo 17 rewrites them into nested `any`), so no rows are ever filtered
 * in JavaScript.
 */
import { PyIndexError, PyTypeError, PyValueError } from './exceptions';
import { SQL, ident, inList, type SqlParam } from './sql';
import type { Field } from './fields';
import type { BaseModel } from './model';
import { PyFloat } from './values';
import { PyTuple, pyRepr } from '../tools/pyrepr';
import { isTranslated } from './translate';
import { trigramCandidates } from './trigram';

export type Domain = unknown[];
type Leaf = [unknown, string, unknown];

export const TERM_OPERATORS = new Set([
  '=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like', 'ilike', 'not ilike',
  'in', 'not in', 'child_of', 'parent_of', 'any', 'not any', '<>',
]);
const NEGATIVE = new Set(['!=', 'not like', 'not ilike', 'not in', 'not any']);
const TRUE_SQL = new SQL('TRUE');
const FALSE_SQL = new SQL('FALSE');

export const TRUE_DOMAIN: Domain = [[1, '=', 1]];
export const FALSE_DOMAIN: Domain = [[0, '=', 1]];

function isOperator(x: unknown): x is '&' | '|' | '!' {
  return x === '&' || x === '|' || x === '!';
}

export function isLeaf(x: unknown): x is Leaf {
  return Array.isArray(x) && x.length === 3 && (typeof x[0] === 'string' || typeof x[0] === 'number') && typeof x[1] === 'string';
}

function leafRepr(leaf: unknown[]): string {
  return pyRepr(PyTuple.of(...leaf));
}

/** Check arity of the prefix expression; returns the domain with explicit '&' inserted. */
export function normalizeDomain(domain: unknown): Domain {
  if (!Array.isArray(domain)) throw new PyValueError(`Invalid domain: ${pyRepr(domain)}`);
  if (domain.length === 0) return [...TRUE_DOMAIN];
  const result: Domain = [];
  let expected = 1;
  for (const token of domain) {
    if (expected === 0) {
      // more terms than operators: implicit AND in front
      result.unshift('&');
      expected = 1;
    }
    if (isOperator(token)) {
      expected += token === '!' ? 0 : 1;
    } else {
      expected -= 1;
    }
    result.push(token);
  }
  if (expected !== 0) throw new PyValueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
  return result;
}

export function AND(domains: Domain[]): Domain {
  const parts = domains.filter((d) => d.length > 0);
  if (parts.length === 0) return [];
  if (parts.length === 1) return parts[0];
  const out: Domain = [];
  for (let i = 1; i < parts.length; i++) out.push('&');
  for (const d of parts) out.push(...normalizeDomain(d));
  return out;
}

export function OR(domains: Domain[]): Domain {
  const parts = domains.filter((d) => d.length > 0);
  if (parts.length === 0) return [...FALSE_DOMAIN];
  if (parts.length === 1) return parts[0];
  const out: Domain = [];
  for (let i = 1; i < parts.length; i++) out.push('|');
  for (const d of parts) out.push(...normalizeDomain(d));
  return out;
}

/** Scalar value for a SQL parameter. */
function sqlValue(v: unknown): SqlParam {
  if (v === true) return 1;
  if (v === false || v === null || v === undefined) return null;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number' || typeof v === 'string') return v;
  // a dict or list compared to a column: Odoo sends it as a JSON value, which equals no text
  return JSON.stringify(v);
}

function asList(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/**
 * Compiles domains for one model in one environment (rules and active_test of sub-queries
 * depend on the environment).
 */
export class DomainCompiler {
  /**
   * `fewRows`: the statement restricts the rows to a handful of explicit ids (a record-rule
   * check of given records): a many2one's sub-query (a `_inherits` parent's field, a path
   * 'partner_id.x') is correlated to the row's link, `link IN (SELECT id FROM parent WHERE
   * <domain> AND parent.id = link)`, a primary-key look-up per row. The plain sub-query lists
   * every matching parent first (all the moves of a company for an account.payment rule check:
   * O(table size) per check), which is only the better plan for a search over many rows, where
   * SQLite can instead walk the parents and use the index on the link column.
   */
  constructor(private readonly model: BaseModel, private readonly alias: string, private readonly opts: { fewRows?: boolean } = {}) {}

  /** The `extraWhere` tying a many2one's sub-query to this row's link (see `fewRows`), or undefined. */
  private correlatedTo(link: Field): string | undefined {
    return this.opts.fewRows ? `"id" = ${this.column(link)}` : undefined;
  }

  /**
   * Compile without recursion, whatever the domain's size: leaves are compiled left to right
   * (Odoo reports the first bad leaf), then the prefix expression is folded from the right with
   * a stack. Chains of the same operator are kept flat and written as balanced parentheses, and
   * negations are pushed down to the leaves, so a domain of thousands of leaves gives SQL of
   * logarithmic nesting depth (SQLite refuses expressions nested 1,000 deep).
   */
  compile(domain: Domain): SQL {
    const norm = normalizeDomain(domain);
    const leaves = new Map<number, Node>();
    norm.forEach((token, i) => {
      if (!isOperator(token)) leaves.set(i, sqlNode(this.leaf(token)));
    });
    const stack: Node[] = [];
    for (let i = norm.length - 1; i >= 0; i--) {
      const token = norm[i];
      if (token === '!') stack.push(negate(stack.pop()!));
      else if (token === '&' || token === '|') {
        const a = stack.pop()!;
        const b = stack.pop()!;
        stack.push(combine(token === '&' ? 'and' : 'or', a, b));
      } else stack.push(leaves.get(i)!);
    }
    return emit(stack[0]);
  }

  private leaf(token: unknown): SQL {
    if (!Array.isArray(token) || token.length !== 3) {
      // the errors Python raises taking such a term apart (odoo/models.py _flush_search)
      if (Array.isArray(token) && token.length < 2) throw new PyIndexError('tuple index out of range');
      if (Array.isArray(token) && token.length < 3) throw new PyValueError(`not enough values to unpack (expected 3, got ${token.length})`);
      if (Array.isArray(token)) throw new PyValueError(`too many values to unpack (expected 3)`);
      if (token === null || token === undefined) throw new PyTypeError("'NoneType' object is not subscriptable");
      if (typeof token === 'number') throw new PyTypeError(`'${Number.isInteger(token) ? 'int' : 'float'}' object is not subscriptable`);
      if (typeof token === 'boolean') throw new PyTypeError("'bool' object is not subscriptable");
      if (typeof token === 'object') throw new PyTypeError("unhashable type: 'dict'");
      if (typeof token === 'string' && token.length < 2) throw new PyIndexError('string index out of range');
      throw new PyValueError(`Invalid leaf ${pyRepr(token)}`);
    }
    let [left, op, right] = token as [unknown, unknown, unknown];
    if (typeof op !== 'string' || !TERM_OPERATORS.has(op) || (typeof left !== 'string' && typeof left !== 'number')) {
      throw new PyValueError(`Invalid leaf ${leafRepr(token)}`);
    }
    if (typeof left === 'number') {
      // TRUE_LEAF (1, '=', 1) / FALSE_LEAF (0, '=', 1)
      if (op === '=' && typeof right === 'number') return left === right ? TRUE_SQL : FALSE_SQL;
      throw new PyValueError(`Invalid leaf ${leafRepr(token)}`);
    }
    // Odoo 17 normalize_leaf
    if (op === '<>') op = '!=';
    if (op === 'in' && typeof right === 'boolean') op = '=';
    else if (op === 'not in' && typeof right === 'boolean') op = '!=';
    else if (op === '=' && Array.isArray(right)) op = 'in';
    else if (op === '!=' && Array.isArray(right)) op = 'not in';
    if ((op === 'in' || op === 'not in') && right instanceof SQL) return this.inSubquery(left, op, right);
    if ((op === 'in' || op === 'not in') && typeof right === 'number' && Number.isInteger(right) && this.endsOnX2many(left)) {
      // expression.py to_ids: an x2many compared with one id (0 meaning none)
      right = right ? [right] : [];
    }
    if ((op === 'in' || op === 'not in') && !Array.isArray(right)) {
      throw new PyValueError(`Invalid domain term ${leafRepr([left, op, right])}`);
    }
    return this.pathLeaf(left, op as string, right);
  }

  /** Whether a dotted path ends on a one2many or many2many field. */
  private endsOnX2many(path: string): boolean {
    let model = this.model;
    const parts = path.split('.');
    for (let i = 0; i < parts.length; i++) {
      const field = model.cls._fields[parts[i]];
      if (!field) return false;
      if (i === parts.length - 1) return field.type === 'one2many' || field.type === 'many2many';
      if (!field.relational || !model.env.has(field.comodel)) return false;
      model = model.env.model(field.comodel);
    }
    return false;
  }

  private pathLeaf(path: string, op: string, value: unknown): SQL {
    const M = this.model.cls;
    const dot = path.indexOf('.');
    const fname = dot < 0 ? path : path.slice(0, dot);
    const field = M._fields[fname];
    if (!field) throw new PyValueError(`Invalid field ${M._name}.${fname} in leaf ${leafRepr([path, op, value])}`);
    if (dot >= 0) {
      const rest = path.slice(dot + 1);
      if (!field.relational) {
        throw new PyValueError(`Invalid field ${pyRepr(path)} in domain term ${leafRepr([path, op, value])}`);
      }
      // 'a.b' op v  ≡  a any [('b', op, v)]
      return this.relationalAny(field, 'any', [[rest, op, value]]);
    }
    // password, signup_token: non-stored computed fields in Odoo without a search method, whose
    // leaves Odoo ignores ("Non-stored field ... cannot be searched.")
    if (field.column && !field.odooStored) return TRUE_SQL;
    if (field.spec.inherited) {
      // Odoo joins the `_inherits` parent's table for its fields, without the parent's rules
      // (expression.py): only the child's rules decide which records are seen
      const linkField = M._fields[field.spec.related!.split('.')[0]];
      const sub = this.comodel(linkField, { active_test: false })._searchSql([[fname, op, value]], { select: 'id', noRules: true, extraWhere: this.correlatedTo(linkField) });
      return new SQL(`${this.column(linkField)} IN (${sub.text})`, sub.params);
    }
    // company_dependent fields live in ir.property (ir_property.ts _searchCompanyDependent)
    if (field.spec.company_dependent && !field.column && typeof (this.model as unknown as { _searchCompanyDependent?: unknown })._searchCompanyDependent === 'function') {
      return this.compile((this.model as unknown as { _searchCompanyDependent(f: string, op: string, v: unknown): Domain })._searchCompanyDependent(field.name, op, value));
    }
    // a computed field with a search method (computed many2many too: message_partner_ids)
    if (field.spec.search && !field.column && (!field.x2many || field.spec.compute)) {
      const method = (this.model as unknown as Record<string, (op: string, v: unknown) => unknown[]>)[field.spec.search];
      return this.compile(method.call(this.model, op, value) as Domain);
    }
    if (!field.column && !field.x2many) {
      if (field.spec.related) return this.pathLeaf(field.spec.related, op, value);
      // Odoo logs "Non-stored field ... cannot be searched." and ignores the leaf
      return TRUE_SQL;
    }
    if (op === 'any' || op === 'not any') {
      if (!field.relational) throw new PyValueError(`Invalid leaf ${leafRepr([path, op, value])}`);
      return this.relationalAny(field, op, value as unknown[]);
    }
    if (op === 'child_of' || op === 'parent_of') return this.hierarchy(field, op, value);
    if (field.type === 'many2one') return this.many2one(field, op, value);
    if (field.type === 'one2many' || field.type === 'many2many') return this.x2many(field, op, value);
    return this.scalar(this.column(field), field, op, value);
  }

  /**
   * ('field', 'in', SQL): a stored column in a sub-query. Only code builds such leaves (access
   * domains, like Odoo's 'inselect'); values from clients are plain data and never SQL objects.
   */
  private inSubquery(fname: string, op: string, sub: SQL): SQL {
    const field = this.model.cls._fields[fname];
    if (!field || (!field.column && fname !== 'id')) throw new PyValueError(`Invalid field ${this.model._name}.${fname} in a sub-query leaf`);
    const col = fname === 'id' ? `${ident(this.alias)}."id"` : this.column(field);
    return op === 'in' ? new SQL(`${col} IN (${sub.text})`, sub.params) : new SQL(`(${col} NOT IN (${sub.text}) OR ${col} IS NULL)`, sub.params);
  }

  /** The column's SQL (a translated field: its value in the environment's language). */
  private column(field: Field): string {
    return this.model._columnSql(field.column!, this.alias);
  }

  private comodel(field: Field, context?: Record<string, unknown>): BaseModel {
    const env = this.model.env;
    const sub = env.model(field.comodel);
    return context ? sub.withContext({ ...env.context, ...context }) : sub;
  }

  /** `SELECT id FROM comodel WHERE <domain>` with the comodel's rules and active filter. */
  private subSearch(model: BaseModel, domain: Domain, selectColumn = 'id', extra?: string): SQL {
    return model._searchSql(domain, { select: selectColumn, extraWhere: extra });
  }

  private relationalAny(field: Field, op: string, subdomain: unknown): SQL {
    if (!Array.isArray(subdomain)) throw new PyValueError(`Invalid leaf ${leafRepr([field.name, op, subdomain])}`);
    const negative = op === 'not any';
    if (field.type === 'many2one') {
      const sub = this.subSearch(this.comodel(field, { active_test: false }), subdomain, 'id', this.correlatedTo(field));
      const col = this.column(field);
      if (negative) return new SQL(`(${col} NOT IN (${sub.text}) OR ${col} IS NULL)`, sub.params);
      return new SQL(`${col} IN (${sub.text})`, sub.params);
    }
    if (field.type === 'one2many') {
      const co = this.comodel(field, field.spec.context);
      const inv = co.cls._fields[field.spec.inverse_name!];
      const dom = Array.isArray(field.spec.domain) && field.spec.domain.length ? AND([subdomain as Domain, field.spec.domain as Domain]) : subdomain as Domain;
      const sub = this.subSearch(co, dom, inv.column!, `${ident(inv.column!)} IS NOT NULL${this.inverseModelFilter(inv)}`);
      return new SQL(`${ident(this.alias)}."id" ${negative ? 'NOT IN' : 'IN'} (${sub.text})`, sub.params);
    }
    // many2many
    const co = this.comodel(field, field.spec.context);
    const sub = this.subSearch(co, subdomain);
    const { relation, column1, column2 } = field.spec;
    const exists = `EXISTS (SELECT 1 FROM ${ident(relation!)} r WHERE r.${ident(column1!)} = ${ident(this.alias)}."id" AND r.${ident(column2!)} IN (${sub.text}))`;
    return new SQL(negative ? `NOT ${exists}` : exists, sub.params);
  }

  /**
   * A one2many whose inverse is a many2one_reference (message_ids on mail.message.res_id) only
   * matches rows naming this model in the reference's model field. Plain SQL text: model names
   * come from the registry, and are quoted as SQL strings.
   */
  private inverseModelFilter(inv: Field): string {
    if (inv.type !== 'many2one_reference' || !inv.spec.model_field) return '';
    return ` AND ${ident(inv.spec.model_field)} = '${this.model._name.replace(/'/g, "''")}'`;
  }

  /** Ids of the comodel matching names through its name search (active_test off). */
  private nameSearchIds(model: BaseModel, value: unknown, op: string): number[] {
    const names = Array.isArray(value) ? value : [value];
    const positive = op === 'in' ? '=' : op === 'not in' ? '!=' : op;
    const found = new Set<number>();
    const m = model.withContext({ ...model.env.context, active_test: false });
    if (positive === '!=' || positive === 'not like' || positive === 'not ilike') {
      // negative operators: AND of the negated conditions over all names
      const dom: Domain = [];
      for (const n of names) dom.push(...m._nameSearchDomain(n as string, positive));
      for (const id of m._searchIds(dom)) found.add(id);
      return [...found];
    }
    for (const n of names) for (const id of m._searchIds(m._nameSearchDomain(n as string, positive))) found.add(id);
    return [...found];
  }

  private many2one(field: Field, op: string, value: unknown): SQL {
    const col = this.column(field);
    const isStr = typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));
    if (isStr) {
      let o = op;
      if (['<', '>', '<=', '>='].includes(o)) o = 'in';
      const co = this.comodel(field);
      const ids = this.nameSearchIds(co, value, o === '=?' ? '=' : o);
      if (NEGATIVE.has(o)) {
        const inIds = inList(col, ids);
        return new SQL(`(${inIds.text} OR ${col} IS NULL)`, inIds.params);
      }
      return ids.length ? inList(col, ids) : FALSE_SQL;
    }
    return this.scalar(col, field, op, value);
  }

  private x2many(field: Field, op: string, value: unknown): SQL {
    const co = this.comodel(field, { active_test: false });
    const idCol = `${ident(this.alias)}."id"`;
    // set of owner ids linked to the given comodel ids (or to any comodel record)
    const linkedOwners = (ids: number[] | null): SQL => {
      if (field.type === 'one2many') {
        const invField = co.cls._fields[field.spec.inverse_name!];
        const inv = invField.column!;
        const where = ids === null ? new SQL('') : inList('"id"', ids);
        return new SQL(`SELECT ${ident(inv)} FROM ${ident(co.cls._table)} WHERE ${ident(inv)} IS NOT NULL${this.inverseModelFilter(invField)}${ids === null ? '' : ` AND ${where.text}`}`, where.params);
      }
      const { relation, column1, column2 } = field.spec;
      const where = ids === null ? new SQL('') : inList(ident(column2!), ids);
      return new SQL(`SELECT ${ident(column1!)} FROM ${ident(relation!)}${ids === null ? '' : ` WHERE ${where.text}`}`, where.params);
    };
    if ((op === '=' || op === '!=') && (value === false || value === null)) {
      const sub = linkedOwners(null);
      return new SQL(`${idCol} ${op === '=' ? 'NOT IN' : 'IN'} (${sub.text})`, sub.params);
    }
    let ids: number[];
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v === 'string')) {
      const positive = NEGATIVE.has(op) ? ({ '!=': '=', 'not like': 'like', 'not ilike': 'ilike', 'not in': 'in' } as Record<string, string>)[op] : op;
      ids = this.nameSearchIds(co, list.filter((v) => typeof v === 'string'), positive);
    } else {
      ids = list.filter((v): v is number => typeof v === 'number');
      if (op === 'in' && list.length === 0) return FALSE_SQL;
      if (op === 'not in' && list.length === 0) return TRUE_SQL;
    }
    const sub = linkedOwners(ids);
    return new SQL(`${idCol} ${NEGATIVE.has(op) ? 'NOT IN' : 'IN'} (${sub.text})`, sub.params);
  }

  /** child_of / parent_of: expand the hierarchy (sudo, archived included), then IN. */
  private hierarchy(field: Field, op: string, value: unknown): SQL {
    const M = this.model.cls;
    let target: BaseModel;
    let parentName: string;
    let col: string;
    if (field.name === 'id') {
      target = this.model;
      parentName = M._parent_name;
      col = `${ident(this.alias)}."id"`;
    } else if (field.type === 'many2one' && field.comodel === M._name) {
      // ('parent_id', 'child_of', x) on the same model uses that field as the parent link
      target = this.model;
      parentName = field.name;
      col = `${ident(this.alias)}."id"`;
    } else {
      target = this.comodel(field);
      parentName = target.cls._parent_name;
      col = field.type === 'many2one' ? this.column(field) : '';
    }
    const sudo = target.sudo().withContext({ active_test: false });
    let ids: number[];
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v === 'string')) {
      ids = [];
      for (const v of list) {
        if (typeof v === 'string') ids.push(...sudo._searchIds(sudo._nameSearchDomain(v, 'ilike')));
        else if (typeof v === 'number') ids.push(v);
      }
    } else {
      ids = list.filter((v): v is number => typeof v === 'number' && v !== 0);
    }
    if (ids.length === 0) return FALSE_SQL;
    const key = `${op}:${target.cls._table}:${parentName}:${ids.join(',')}`;
    const expanded = target.env.crossCall(key, () => (op === 'child_of' ? sudo._childrenOf(ids, parentName) : sudo._parentsOf(ids, parentName)));
    if (!col) {
      return this.x2many(field, 'in', expanded);
    }
    return expanded.length ? inList(col, expanded) : FALSE_SQL;
  }

  /** Operators on a stored column with Odoo 17's exact NULL semantics (orm.md §1.2). */
  scalar(col: string, field: Field, op: string, value: unknown): SQL {
    if (op === '=?') {
      if (value === false || value === null || value === undefined) return TRUE_SQL;
      op = '=';
    }
    if (field.type === 'boolean' && (op === '=' || op === '!=') && typeof value === 'boolean') {
      const v = op === '=' ? value : !value;
      return v ? new SQL(`${col} = 1`) : new SQL(`(${col} IS NULL OR ${col} = 0)`);
    }
    switch (op) {
      case '=': case '!=': {
        if (value === false || value === null || value === undefined) {
          return new SQL(op === '=' ? `${col} IS NULL` : `${col} IS NOT NULL`);
        }
        const v = this.convert(field, op, value);
        if (op === '=') return new SQL(`${col} = ?`, [v]);
        // the NULL clause is only added when the value is truthy (Odoo 17)
        if (value === 0 || value === '' || (value instanceof PyFloat && value.value === 0)) return new SQL(`${col} != ?`, [v]);
        return new SQL(`(${col} != ? OR ${col} IS NULL)`, [v]);
      }
      case '<': case '>': case '<=': case '>=': {
        if (value === false || value === null || value === undefined) return FALSE_SQL;
        return new SQL(`${col} ${op} ?`, [this.convert(field, op, value)]);
      }
      case 'like': case 'ilike': case 'not like': case 'not ilike': {
        const negative = op.startsWith('not');
        const insensitive = op.endsWith('ilike');
        const falsy = value === false || value === null || value === undefined || value === '';
        const pattern = falsy ? '%%' : `%${stringify(value)}%`;
        const expr = insensitive ? `py_lower(${col}) ${negative ? 'NOT LIKE' : 'LIKE'} py_lower(?)` : `${col} ${negative ? 'NOT LIKE' : 'LIKE'} ?`;
        if (negative || falsy) return new SQL(`(${expr} OR ${col} IS NULL)`, [pattern]);
        const pre = this.trigramPrefilter(field, pattern);
        if (pre) return new SQL(`(${pre.text} AND ${expr})`, [...pre.params, pattern]);
        return new SQL(expr, [pattern]);
      }
      case '=like': case '=ilike': {
        const pattern = stringify(value);
        return op === '=ilike' ? new SQL(`py_lower(${col}) LIKE py_lower(?)`, [pattern]) : new SQL(`${col} LIKE ?`, [pattern]);
      }
      case 'in': case 'not in': {
        const list = asList(value)!;
        if (field.type === 'boolean') {
          // only True/False members count; False also matches NULL
          const parts: string[] = [];
          if (list.includes(true)) parts.push(`${col} = 1`);
          if (list.includes(false)) parts.push(`(${col} IS NULL OR ${col} = 0)`);
          const sql = parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
          if (op === 'in') return parts.length ? new SQL(sql) : FALSE_SQL;
          return parts.length ? new SQL(`(NOT ${sql})`) : TRUE_SQL;
        }
        const hasFalse = list.some((v) => v === false || v === null);
        const members = list.filter((v) => v !== false && v !== null);
        const params = members.map((v) => this.convert(field, '=', v));
        if (op === 'in') {
          if (!members.length) return hasFalse ? new SQL(`${col} IS NULL`) : FALSE_SQL;
          const inSql = inList(col, params);
          return hasFalse ? new SQL(`(${inSql.text} OR ${col} IS NULL)`, inSql.params) : inSql;
        }
        if (!members.length) return hasFalse ? new SQL(`${col} IS NOT NULL`) : TRUE_SQL;
        const notIn = inList(col, params, true);
        if (hasFalse) return new SQL(`(${notIn.text} AND ${col} IS NOT NULL)`, notIn.params);
        return new SQL(`(${notIn.text} OR ${col} IS NULL)`, notIn.params);
      }
      default:
        throw new PyValueError(`Invalid leaf ${leafRepr([field.name, op, value])}`);
    }
  }

  /**
   * Fields with index='trigram' (Odoo's trigram indexes): an FTS5 trigram index narrows the rows
   * first; the exact LIKE still decides. Only for ASCII patterns with 3+ literal characters,
   * since FTS5 folds ASCII case only and needs a trigram to use its index.
   */
  private trigramPrefilter(field: Field, pattern: string): SQL | null {
    if (field.spec.index !== 'trigram' || !field.column || !/^[\x20-\x7e]*$/.test(pattern)) return null;
    // a translated column indexes its JSON text, where quotes and backslashes are escaped
    if (isTranslated(field) && /["\\]/.test(pattern)) return null;
    // every literal run of 3+ characters must occur (a case-insensitive trigram MATCH)
    const parts = pattern.split(/[%_]/).filter((part) => part.length >= 3);
    if (!parts.length) return null;
    const query = parts.map((part) => `${field.column} : "${part.replace(/"/g, '""')}"`).join(' AND ');
    return trigramCandidates(`${ident(this.alias)}."id"`, this.model.cls._table, query);
  }

  /** Value conversion for comparisons (datetime bounds, booleans, floats). */
  private convert(field: Field, op: string, value: unknown): SqlParam {
    if (field.type === 'datetime' && typeof value === 'string' && value.length === 10) {
      return `${value} ${op === '>' || op === '<=' ? '23:59:59' : '00:00:00'}`;
    }
    if (field.type === 'boolean') return value ? 1 : 0;
    return sqlValue(value);
  }
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v instanceof PyFloat) return String(v);
  return pyRepr(v);
}

// ------------------------------------------------------------------------------------------------
// Boolean trees of compiled leaves (DomainCompiler.compile)

type Node =
  | { kind: 'true' } | { kind: 'false' }
  | { kind: 'leaf'; sql: SQL; negated: boolean }
  | { kind: 'and' | 'or'; parts: Node[] };

const TRUE_NODE: Node = { kind: 'true' };
const FALSE_NODE: Node = { kind: 'false' };

function sqlNode(sql: SQL): Node {
  if (sql === TRUE_SQL) return TRUE_NODE;
  if (sql === FALSE_SQL) return FALSE_NODE;
  return { kind: 'leaf', sql, negated: false };
}

/** NOT pushed down to the leaves (De Morgan), so negations never nest. */
function negate(n: Node): Node {
  switch (n.kind) {
    case 'true': return FALSE_NODE;
    case 'false': return TRUE_NODE;
    case 'leaf': return { ...n, negated: !n.negated };
    default: {
      // iterative: a long chain of alternating operators must not recurse either
      const root: Node = { kind: n.kind === 'and' ? 'or' : 'and', parts: [] };
      const work: Array<[Node & { parts: Node[] }, Node[]]> = [[root as Node & { parts: Node[] }, n.parts]];
      while (work.length) {
        const [target, parts] = work.pop()!;
        for (const p of parts) {
          if (p.kind === 'and' || p.kind === 'or') {
            const flipped = { kind: p.kind === 'and' ? 'or' : 'and', parts: [] as Node[] } as Node & { parts: Node[] };
            target.parts.push(flipped);
            work.push([flipped, p.parts]);
          } else target.parts.push(negate(p));
        }
      }
      return root;
    }
  }
}

/** a AND b / a OR b with TRUE/FALSE folded and same-operator chains flattened. */
function combine(kind: 'and' | 'or', a: Node, b: Node): Node {
  const absorbing = kind === 'and' ? 'false' : 'true';
  const neutral = kind === 'and' ? 'true' : 'false';
  if (a.kind === absorbing || b.kind === absorbing) return kind === 'and' ? FALSE_NODE : TRUE_NODE;
  if (a.kind === neutral) return b;
  if (b.kind === neutral) return a;
  // the larger chain is extended in place (nodes are never shared), so folding a chain of n
  // leaves costs n log n, not n²; AND and OR are commutative, only determinism matters here
  const aParts = a.kind === kind ? a.parts : [a];
  const bParts = b.kind === kind ? b.parts : [b];
  const [big, small] = aParts.length >= bParts.length ? [aParts, bParts] : [bParts, aParts];
  for (const p of small) big.push(p);
  return { kind, parts: big };
}

/** SQL text of a tree; n-ary chains are split in halves (depth log n), without recursion. */
function emit(root: Node): SQL {
  if (root.kind === 'true') return TRUE_SQL;
  if (root.kind === 'false') return FALSE_SQL;
  // post-order over an explicit stack: each task either expands a node or joins its results
  type Task = { node: Node; from: number; to: number; done: boolean };
  const results: SQL[] = [];
  const tasks: Task[] = [{ node: root, from: 0, to: root.kind === 'and' || root.kind === 'or' ? root.parts.length : 0, done: false }];
  while (tasks.length) {
    const t = tasks.pop()!;
    const n = t.node;
    if (n.kind === 'leaf') {
      results.push(n.negated ? new SQL(`(NOT ${n.sql.text})`, n.sql.params) : n.sql);
      continue;
    }
    if (n.kind !== 'and' && n.kind !== 'or') {
      results.push(n.kind === 'true' ? TRUE_SQL : FALSE_SQL);
      continue;
    }
    const count = t.to - t.from;
    if (count === 1) {
      const only = n.parts[t.from];
      tasks.push({ node: only, from: 0, to: only.kind === 'and' || only.kind === 'or' ? only.parts.length : 0, done: false });
      continue;
    }
    const mid = t.from + Math.floor(count / 2);
    if (!t.done) {
      tasks.push({ ...t, done: true });
      tasks.push({ node: n, from: mid, to: t.to, done: false });
      tasks.push({ node: n, from: t.from, to: mid, done: false });
      continue;
    }
    const right = results.pop()!;
    const left = results.pop()!;
    const op = n.kind === 'and' ? 'AND' : 'OR';
    results.push(new SQL(`(${left.text} ${op} ${right.text})`, [...left.params, ...right.params]));
  }
  return results[0];
}
