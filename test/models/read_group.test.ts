/**
 * read_group (orm.md §4 read_group, conformance orm-read_group/*): lazy and non-lazy row shapes
 * (`<field>_count` vs `__count`), `__domain`, `__context`, aggregates and aggregate specs,
 * date granularities with their labels and `__range`, ordering (incl. many2one groups in the
 * comodel's order) and the error texts of bad specs.
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError, num } from './orm_helpers';

let db: Database;
const P = 'rgpfx';
let co: number;
let ids: number[];
const dom = [['name', '=like', `${P} _`]];

function kw(method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return callKw(db, 2, 'res.partner', method, args, kwargs, { unknownModel: 'user_error' });
}
const Partner = () => db.env(2).model('res.partner');

beforeAll(() => {
  db = demoDb();
  co = Partner().create({ name: `${P} Co`, is_company: true }).ids[0];
  ids = Partner().create([
    { name: `${P} a`, date: '2024-01-05', color: 1, parent_id: co, type: 'other' },
    { name: `${P} b`, date: '2024-01-25', color: 2, parent_id: co, type: 'other' },
    { name: `${P} c`, date: '2024-03-10', color: 5, type: 'other' },
    { name: `${P} d`, color: 7 },
  ]).ids;
});

test('lazy read_group by many2one: <field>_count, aggregates, __domain', () => {
  expect(kw('read_group', [dom, ['color'], ['parent_id']])).toEqual([
    { parent_id: [co, `${P} Co`], parent_id_count: 2, color: 3, __domain: ['&', ...dom, ['parent_id', '=', co]] },
    { parent_id: false, parent_id_count: 2, color: 12, __domain: ['&', ...dom, ['parent_id', '=', false]] },
  ]);
});

test('lazy with several groupbys: only the first applies, __context carries the rest', () => {
  const r = kw('read_group', [], { domain: dom, fields: ['color:sum'], groupby: ['parent_id', 'type'] });
  expect(r).toHaveLength(2);
  for (const g of r) expect(g.__context).toEqual({ group_by: ['type'] });
  expect(r.map((g: any) => g.parent_id_count)).toEqual([2, 2]);
  expect(r[0]).not.toHaveProperty('type');
  expect(r.map((g: any) => g.color)).toEqual([3, 12]);
});

test('non-lazy read_group: __count, all groupbys applied, color:max', () => {
  expect(kw('read_group', [dom, ['color:max'], ['parent_id', 'type']], { lazy: false })).toEqual([
    { parent_id: [co, `${P} Co`], type: 'other', __count: 2, color: 2, __domain: ['&', '&', ...dom, ['parent_id', '=', co], ['type', '=', 'other']] },
    { parent_id: false, type: 'contact', __count: 1, color: 7, __domain: ['&', '&', ...dom, ['parent_id', '=', false], ['type', '=', 'contact']] },
    { parent_id: false, type: 'other', __count: 1, color: 5, __domain: ['&', '&', ...dom, ['parent_id', '=', false], ['type', '=', 'other']] },
  ]);
});

test('no groupby: a single row with __count, aggregates and the domain', () => {
  expect(kw('read_group', [dom, ['color'], []])).toEqual([{ __count: 4, color: 15, __domain: dom }]);
  expect(kw('read_group', [[], ['color'], []], { lazy: false })[0]).toHaveProperty('__count');
});

test('other aggregate functions and the name:agg(field) form', () => {
  const [g] = kw('read_group', [dom, ['color:min', 'mx:max(color)', 'n:count(color)', 'avg_color:avg(color)'], []]);
  expect(g.color).toBe(1);
  expect(g.mx).toBe(7);
  expect(g.n).toBe(4);
  expect(num(g.avg_color)).toBe(3.75);
});

test('date:month groups: labels, __range, empty group last', () => {
  expect(kw('read_group', [dom, ['color'], ['date:month']])).toEqual([
    {
      'date:month': 'January 2024', date_count: 2, color: 3,
      __domain: ['&', ...dom, '&', ['date', '>=', '2024-01-01'], ['date', '<', '2024-02-01']],
      __range: { 'date:month': { from: '2024-01-01', to: '2024-02-01' } },
    },
    {
      'date:month': 'March 2024', date_count: 1, color: 5,
      __domain: ['&', ...dom, '&', ['date', '>=', '2024-03-01'], ['date', '<', '2024-04-01']],
      __range: { 'date:month': { from: '2024-03-01', to: '2024-04-01' } },
    },
    { 'date:month': false, date_count: 1, color: 7, __domain: ['&', ...dom, ['date', '=', false]], __range: { 'date:month': false } },
  ]);
});

test('date without granularity defaults to month and keys rows by the spec as passed', () => {
  const r = kw('read_group', [dom, ['color'], ['date']]);
  expect(r.map((g: any) => g.date)).toEqual(['January 2024', 'March 2024', false]);
  expect(r[0].__range).toEqual({ date: { from: '2024-01-01', to: '2024-02-01' } });
});

test('other date granularities: year, quarter, day', () => {
  expect(kw('read_group', [dom, ['color'], ['date:year']]).map((g: any) => [g['date:year'], g.date_count]))
    .toEqual([['2024', 3], [false, 1]]);
  expect(kw('read_group', [dom, ['color'], ['date:quarter']]).map((g: any) => [g['date:quarter'], g.date_count]))
    .toEqual([['Q1 2024', 3], [false, 1]]);
  const days = kw('read_group', [dom, ['color'], ['date:day']]);
  expect(days.map((g: any) => g['date:day'])).toEqual(['05 Jan 2024', '25 Jan 2024', '10 Mar 2024', false]);
  expect(days[0].__range).toEqual({ 'date:day': { from: '2024-01-05', to: '2024-01-06' } });
});

test("orderby 'color desc' and the '__count' field spec", () => {
  const r = kw('read_group', [dom, ['color'], ['type']], { orderby: 'color desc' });
  expect(r.map((g: any) => [g.type, g.type_count, g.color])).toEqual([['other', 3, 8], ['contact', 1, 7]]);
  expect(kw('read_group', [dom, ['__count'], ['type']])).toEqual([
    { type: 'contact', type_count: 1, __domain: ['&', ...dom, ['type', '=', 'contact']] },
    { type: 'other', type_count: 3, __domain: ['&', ...dom, ['type', '=', 'other']] },
  ]);
  const byCount = kw('read_group', [dom, ['color'], ['type']], { orderby: 'type_count desc' });
  expect(byCount.map((g: any) => g.type)).toEqual(['other', 'contact']);
});

test('offset and limit apply to groups', () => {
  expect(kw('read_group', [dom, ['color'], ['type'], 1, 1]).map((g: any) => g.type)).toEqual(['other']);
  expect(kw('read_group', [dom, ['color'], ['type']], { limit: 1 }).map((g: any) => g.type)).toEqual(['contact']);
});

test('boolean groups and the implicit active filter', () => {
  const r = kw('read_group', [dom, ['color'], ['is_company']]);
  expect(r.map((g: any) => [g.is_company, g.is_company_count])).toEqual([[false, 4]]);
  Partner().browse([ids[3]]).write({ active: false });
  try {
    expect(kw('read_group', [dom, ['color'], []])).toEqual([{ __count: 3, color: 8, __domain: dom }]);
  } finally {
    db.env(2, { active_test: false }).model('res.partner').browse([ids[3]]).write({ active: true });
  }
});

test("many2one groups are ordered by the comodel's order (res.partner: complete_name, id desc)", () => {
  const Q = 'rgmfx';
  const pz = Partner().create({ name: `${Q} Zeta`, is_company: true }).ids[0];
  const pa = Partner().create({ name: `${Q} Alpha`, is_company: true }).ids[0];
  const pa2 = Partner().create({ name: `${Q} Alpha`, is_company: true }).ids[0];
  Partner().create([
    { name: `${Q} k1`, parent_id: pz }, { name: `${Q} k2`, parent_id: pa }, { name: `${Q} k3`, parent_id: pa2 },
    { name: `${Q} k4` },
  ]);
  const r = kw('read_group', [[['name', '=like', `${Q} k%`]], ['color'], ['parent_id']]);
  expect(r.map((g: any) => g.parent_id)).toEqual([[pa2, `${Q} Alpha`], [pa, `${Q} Alpha`], [pz, `${Q} Zeta`], false]);
  const desc = kw('read_group', [[['name', '=like', `${Q} k%`]], ['color'], ['parent_id']], { orderby: 'parent_id desc' });
  expect(desc.map((g: any) => g.parent_id)).toEqual([false, [pz, `${Q} Zeta`], [pa, `${Q} Alpha`], [pa2, `${Q} Alpha`]]);
});

test('many2many groupby: one group per tag (ordered by tag id, the relation column), untagged records in the False group', () => {
  const Tag = db.env(2).model('res.partner.category');
  const t1 = Tag.create({ name: 'rgt B' }).ids[0];
  const t2 = Tag.create({ name: 'rgt A' }).ids[0];
  Partner().create([
    { name: 'rgtfx 1', category_id: [[6, 0, [t1, t2]]] }, { name: 'rgtfx 2', category_id: [[6, 0, [t1]]] }, { name: 'rgtfx 3' },
  ]);
  const r = kw('read_group', [[['name', '=like', 'rgtfx %']], [], ['category_id']]);
  expect(r.map((g: any) => [g.category_id, g.category_id_count])).toEqual([[[t1, 'rgt B'], 2], [[t2, 'rgt A'], 1], [false, 1]]);
  // Odoo 17 only traverses the comodel order for many2one groupbys, not for many2many
  expect(t1).toBeLessThan(t2);
});

test('web_read_group wraps read_group with the total number of groups', () => {
  const r = kw('web_read_group', [dom, ['color'], ['type']], { limit: 1 });
  expect(r.length).toBe(2);
  expect(r.groups).toHaveLength(1);
});

describe('errors', () => {
  test('granularity on a non-date field', () => {
    expectOdooError(() => kw('read_group', [dom, ['color'], ['name:month']]), 'builtins.ValueError',
      "Granularity set on a no-datetime field or property: 'name:month'");
  });
  test('unknown groupby / aggregate field', () => {
    expectOdooError(() => kw('read_group', [dom, ['color'], ['nofield']]), 'builtins.ValueError', "Invalid field 'nofield' on model 'res.partner'");
    expectOdooError(() => kw('read_group', [dom, ['nofield'], ['type']]), 'builtins.ValueError', "Invalid field 'nofield' on model 'res.partner'");
  });
  test('bad specification and bad aggregate function', () => {
    expectOdooError(() => kw('read_group', [dom, ['x y'], ['type']]), 'builtins.ValueError', "Invalid field specification 'x y'.");
    expectOdooError(() => kw('read_group', [dom, ['color:foo'], ['type']]), 'builtins.ValueError', "Invalid aggregate method 'foo' for 'color:foo'.");
  });
});
