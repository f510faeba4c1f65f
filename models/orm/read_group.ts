/**
 * read_group (Odoo 17 public API over _read_group): grouping and aggregation done by SQLite,
 * results shaped exactly as Odoo returns them (orm.md §4 read_group).
 */
import type { BaseModel, Vals } from './model';
import type { Field } from './fields';
import { PyValueError } from './exceptions';
import { AND, type Domain } from './domain';
import { SQL, ident, type SqlParam } from './sql';
import { orderToSql } from './order';
import { PyFloat } from './values';
import { pyRepr } from '../tools/pyrepr';

const AGGREGATES = new Set(['sum', 'avg', 'max', 'min', 'bool_and', 'bool_or', 'array_agg', 'count', 'count_distinct']);
const GRANULARITIES = new Set(['day', 'week', 'month', 'quarter', 'year']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));

interface GroupSpec { spec: string; field: string; granularity: string | null; type: string }
interface AggSpec { name: string; field: string; func: string }

function parseGroupby(model: BaseModel, spec: string): GroupSpec {
  const [fname, gran] = spec.split(':');
  const f = model.cls._fields[fname];
  if (!f) throw new PyValueError(`Invalid field ${pyRepr(fname)} on model ${pyRepr(model._name)}`);
  const isDate = f.type === 'date' || f.type === 'datetime';
  if (gran !== undefined && !isDate) throw new PyValueError(`Granularity set on a no-datetime field or property: ${pyRepr(spec)}`);
  if (gran !== undefined && !GRANULARITIES.has(gran)) throw new PyValueError(`Invalid granularity ${pyRepr(gran)} on field ${pyRepr(fname)}`);
  if (!groupable(f)) throw notSql(model, fname);
  return { spec, field: fname, granularity: isDate ? gran ?? 'month' : null, type: f.type };
}

function parseAggregates(model: BaseModel, fields: unknown[], groupFields: Set<string>): AggSpec[] {
  const out: AggSpec[] = [];
  for (const item of fields) {
    if (typeof item !== 'string') throw new PyValueError(`Invalid field specification ${pyRepr(item)}.`);
    if (item === '__count') continue;
    const m = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(item.trim());
    if (!m) throw new PyValueError(`Invalid field specification ${pyRepr(item)}.`);
    let [, name, func, fname] = m;
    fname = fname ?? name;
    const f = model.cls._fields[fname];
    if (!f) throw new PyValueError(`Invalid field ${pyRepr(fname)} on model ${pyRepr(model._name)}`);
    if (func && !AGGREGATES.has(func)) throw new PyValueError(`Invalid aggregate method ${pyRepr(func)} for ${pyRepr(item)}.`);
    if (!func) {
      // a bare field name aggregates with its group_operator, if it is a stored column
      if (groupFields.has(fname) || !f.odooStored) continue;
      const op = f.groupOperator;
      if (!op) continue;
      func = op;
    }
    if (!f.odooStored) throw notSql(model, fname);
    out.push({ name, field: fname, func });
  }
  return out;
}

/** A stored column or stored many2many, the only things Odoo's _field_to_sql turns into SQL here. */
function groupable(f: Field): boolean {
  return f.odooStored || (f.type === 'many2many' && !f.spec.compute && !f.spec.related && !f.spec.inherited);
}

/** Odoo 17 `_field_to_sql` on a non-stored field (password, display_name, email_formatted ...). */
function notSql(model: BaseModel, fname: string): PyValueError {
  return new PyValueError(`Cannot convert field ${model._name}.${fname} to SQL`);
}

function aggSql(alias: string, a: AggSpec): string {
  const col = `${ident(alias)}.${ident(a.field)}`;
  switch (a.func) {
    case 'count': return `COUNT(${col})`;
    case 'count_distinct': return `COUNT(DISTINCT ${col})`;
    case 'bool_and': return `MIN(${col})`;
    case 'bool_or': return `MAX(${col})`;
    case 'array_agg': return `json_group_array(${col})`;
    default: return `${a.func.toUpperCase()}(${col})`;
  }
}

/** SQL expression truncating a date/datetime column to the start of its group. */
function truncSql(col: string, gran: string): string {
  switch (gran) {
    case 'day': return `date(${col})`;
    case 'week': return `date(${col}, '-' || ((CAST(strftime('%w', ${col}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'month': return `strftime('%Y-%m-01', ${col})`;
    case 'quarter': return `(strftime('%Y-', ${col}) || printf('%02d', ((CAST(strftime('%m', ${col}) AS INTEGER) - 1) / 3) * 3 + 1) || '-01')`;
    default: return `strftime('%Y-01-01', ${col})`;
  }
}

function addPeriod(start: string, gran: string): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (gran === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (gran === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else if (gran === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else if (gran === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

function isoWeek(start: string): [number, number] {
  const d = new Date(`${start}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return [week, d.getUTCFullYear()];
}

function dateLabel(start: string, gran: string): string {
  const [y, m, d] = start.split('-').map(Number);
  switch (gran) {
    case 'day': return `${String(d).padStart(2, '0')} ${SHORT_MONTHS[m - 1]} ${y}`;
    case 'week': { const [w, wy] = isoWeek(start); return `W${w} ${wy}`; }
    case 'month': return `${MONTHS[m - 1]} ${y}`;
    case 'quarter': return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    default: return String(y);
  }
}

export function readGroup(model: BaseModel, domain: Domain, fields: unknown, groupby: unknown, offset: number, limit: number | null, orderby: unknown, lazy: boolean): Vals[] {
  const gbList = (typeof groupby === 'string' ? [groupby] : Array.isArray(groupby) ? groupby : []) as string[];
  const fieldList = (Array.isArray(fields) ? fields : typeof fields === 'string' ? [fields] : []) as unknown[];
  const applied = lazy ? gbList.slice(0, 1) : gbList;
  // Odoo's _read_group: the search (domain fields checked), then groupby and aggregates parsed,
  // then every field they and the order use checked (_read_group_check_field_access_rights)
  model._flush_search(domain, null);
  const groups = applied.map((g) => parseGroupby(model, g));
  const aggs = parseAggregates(model, fieldList, new Set(groups.map((g) => g.field)));
  const M = model.cls;
  const alias = M._table;
  const search = model._searchSql(domain, {});
  const selects: string[] = [];
  const groupExprs: string[] = [];
  const joins: string[] = [];
  groups.forEach((g, i) => {
    const f = M._fields[g.field];
    let expr: string;
    if (f.type === 'many2many') {
      const ra = `rel_${i}`;
      joins.push(` LEFT JOIN ${ident(f.spec.relation!)} AS ${ident(ra)} ON ${ident(ra)}.${ident(f.spec.column1!)} = ${ident(alias)}.id`);
      expr = `${ident(ra)}.${ident(f.spec.column2!)}`;
    } else {
      const col = model._columnSql(f.column!, alias);
      expr = g.granularity ? truncSql(col, g.granularity) : f.type === 'boolean' ? `COALESCE(${col}, 0)` : col;
    }
    selects.push(`${expr} AS g${i}`);
    groupExprs.push(expr);
  });
  selects.push('COUNT(*) AS __count');
  aggs.forEach((a, i) => selects.push(`${aggSql(alias, a)} AS a${i}`));

  // ORDER BY: requested terms, else groupby values (many2one by the comodel's order)
  const orderParts: string[] = [];
  const orderFields: string[] = [];
  const orderParams: SqlParam[] = [];
  const orderSpec = typeof orderby === 'string' && orderby.trim() ? orderby : null;
  const countKey = lazy && groups.length === 1 ? `${groups[0].field}_count` : '__count';
  const orderTerms = orderSpec ? orderSpec.split(',').map((t) => t.trim()).filter(Boolean) : groups.map((g) => g.spec);
  for (const termText of orderTerms) {
    const m = /^(\S+)(?:\s+(asc|desc))?$/i.exec(termText);
    if (!m) throw new PyValueError(`Invalid order ${pyRepr(orderSpec ?? termText)} for _read_group()`);
    const [, key, dirRaw] = m;
    const desc = (dirRaw ?? '').toLowerCase() === 'desc';
    const gi = groups.findIndex((g) => g.spec === key || g.field === key);
    const ai = aggs.findIndex((a) => a.name === key);
    if (key === '__count' || key === countKey || key === `${groups[0]?.field}_count`) {
      orderParts.push(`__count ${desc ? 'DESC' : 'ASC'}`);
    } else if (ai >= 0) {
      orderParts.push(`a${ai} ${desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`);
    } else if (gi >= 0) {
      const g = groups[gi];
      const f = M._fields[g.field];
      if (f.type === 'many2one') {
        const o = orderToSql(model, [{ field: g.field, desc, nulls: null }], alias);
        joins.push(o.joins);
        orderParts.push(o.sql.text);
        orderParams.push(...o.sql.params);
      } else {
        orderParts.push(`g${gi} ${desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`);
      }
    } else if (M._fields[key]) {
      // an aggregatable field not requested explicitly
      const f = M._fields[key];
      if (!f.odooStored || !f.groupOperator) throw new PyValueError(`Order term ${pyRepr(termText)} is not a valid aggregate nor valid groupby`);
      orderFields.push(key);
      orderParts.push(`${f.groupOperator.toUpperCase()}(${ident(alias)}.${ident(f.column!)}) ${desc ? 'DESC' : 'ASC'}`);
    } else {
      throw new PyValueError(`Order term ${pyRepr(termText)} is not a valid aggregate nor valid groupby`);
    }
  }
  model._flush_search(domain, null, [...groups.map((g) => g.field), ...aggs.map((a) => a.field), ...orderFields]);
  let text = `SELECT ${selects.join(', ')} FROM ${ident(M._table)} AS ${ident(alias)}${joins.join('')} WHERE ${ident(alias)}.id IN (${search.text})`;
  const params: SqlParam[] = [...search.params];
  if (groupExprs.length) text += ` GROUP BY ${groupExprs.join(', ')}`;
  if (orderParts.length && groupExprs.length) { text += ` ORDER BY ${orderParts.join(', ')}`; params.push(...orderParams); }
  if (limit) { text += ' LIMIT ?'; params.push(limit); }
  if (offset) { text += `${limit ? '' : ' LIMIT -1'} OFFSET ?`; params.push(offset); }
  const rows = model.env.cr.all(new SQL(text, params));

  // display names of many2one / many2many groups, one batch per comodel
  const names = new Map<number, Map<number, string | false>>();
  groups.forEach((g, i) => {
    const f = M._fields[g.field];
    if (f.type !== 'many2one' && f.type !== 'many2many') return;
    const ids = [...new Set(rows.map((r) => r[`g${i}`]).filter((x): x is number => typeof x === 'number'))];
    names.set(i, model.env.model(f.comodel).browse(ids)._displayNames());
  });

  if (!groups.length && rows.length === 0) rows.push({ __count: 0 });
  const out: Vals[] = [];
  for (const row of rows) {
    const res: Vals = {};
    const groupDomains: Domain[] = [];
    const ranges: Vals = {};
    groups.forEach((g, i) => {
      const f = M._fields[g.field];
      const raw = row[`g${i}`] as SqlParam;
      if (f.type === 'many2one' || f.type === 'many2many') {
        res[g.spec] = typeof raw === 'number' ? [raw, names.get(i)?.get(raw) ?? false] : false;
        groupDomains.push([[g.field, '=', typeof raw === 'number' ? raw : false]]);
      } else if (g.granularity) {
        if (raw === null) {
          res[g.spec] = false;
          ranges[g.spec] = false;
          groupDomains.push([[g.field, '=', false]]);
        } else {
          const start = String(raw);
          const end = addPeriod(start, g.granularity);
          const [from, to] = f.type === 'datetime' ? [`${start} 00:00:00`, `${end} 00:00:00`] : [start, end];
          res[g.spec] = dateLabel(start, g.granularity);
          ranges[g.spec] = { from, to };
          groupDomains.push(['&', [g.field, '>=', from], [g.field, '<', to]]);
        }
      } else if (f.type === 'boolean') {
        res[g.spec] = raw === 1;
        groupDomains.push([[g.field, '=', raw === 1]]);
      } else {
        const v = raw === null ? false : f.type === 'float' || f.type === 'monetary' ? new PyFloat(Number(raw)) : raw;
        res[g.spec] = v;
        groupDomains.push([[g.field, '=', raw === null ? false : raw]]);
      }
    });
    res[countKey] = row.__count;
    aggs.forEach((a, i) => {
      const f = M._fields[a.field];
      let v: unknown = row[`a${i}`];
      if (v === null || v === undefined) v = false;
      else if (a.func === 'array_agg') v = JSON.parse(v as string);
      else if (a.func === 'count' || a.func === 'count_distinct') v = Number(v);
      else if (a.func === 'bool_and' || a.func === 'bool_or') v = v === 1;
      else if (a.func === 'avg' || f.type === 'float' || f.type === 'monetary') v = new PyFloat(Number(v));
      res[a.name] = v;
    });
    res.__domain = AND([domain, ...groupDomains]);
    if (Object.keys(ranges).length) res.__range = ranges;
    if (lazy && gbList.length > 1) res.__context = { group_by: gbList.slice(1) };
    out.push(res);
  }
  return out;
}
