/**
 * Record rules decided on the call's cached rows (models/orm/rule_rows.ts): for every domain of
 * the simple kind the answer must be the one the SQL check gives (NULLs included), other domains
 * are left to SQL, a check of cached records runs no statement, and a write by another path
 * (raw SQL) is seen by the next check.
 */
import type { Database } from '../../models/database';
import { normalizeDomain, type Domain } from '../../models/orm/domain';
import { disallowedFromCache } from '../../models/orm/rule_rows';
import { demoDb, statementsOf, catchError } from './orm_helpers';

let db: Database;
let company: number;
let other: number;
let ids: number[];

beforeAll(() => {
  db = demoDb();
  const env = db.env(1);
  db.cr.transaction(() => {
    const P = env.model('res.partner');
    company = P.create({ name: 'Rule Co', is_company: true }).ids[0];
    other = P.create({ name: 'Rule Other', is_company: true }).ids[0];
    ids = [
      company, other,
      P.create({ name: 'R1', parent_id: company, type: 'invoice' }).ids[0],
      P.create({ name: 'R2', parent_id: company, type: 'contact' }).ids[0],
      P.create({ name: 'R3', parent_id: other, type: 'delivery' }).ids[0],
      P.create({ name: 'R4', parent_id: other, type: false }).ids[0],
      P.create({ name: 'R5', type: 'other' }).ids[0],
    ];
  });
});

afterEach(() => { jest.restoreAllMocks(); });

/** What the SQL search says the domain refuses among `ids`. */
function refusedBySql(dom: Domain): number[] {
  const P = db.env(1, { active_test: false }).model('res.partner');
  const allowed = new Set(P._searchIds(['&', ['id', 'in', ids], ...normalizeDomain(dom)]));
  return ids.filter((id) => !allowed.has(id));
}

test('simple rule domains give the SQL answer on cached rows, NULL semantics included', () => {
  const X = company;
  const domains: Domain[] = [
    [['parent_id', '=', false]], [['parent_id', '!=', false]], [['parent_id', '<>', false]],
    [['parent_id', '=', X]], [['parent_id', '!=', X]],
    [['parent_id', 'in', [X]]], [['parent_id', 'in', [X, false]]], [['parent_id', 'in', []]], [['parent_id', 'in', [false]]],
    [['parent_id', 'not in', [X]]], [['parent_id', 'not in', [X, false]]], [['parent_id', 'not in', []]], [['parent_id', 'not in', [false]]],
    [['parent_id', 'in', false]], [['parent_id', '=', [X, other]]],
    [['type', '=', 'invoice']], [['type', '!=', 'contact']], [['type', '=', false]], [['type', '!=', false]],
    [['type', 'in', ['invoice', 'delivery']]], [['type', 'not in', ['contact']]], [['type', 'not in', ['contact', false]]],
    ['|', ['parent_id', '=', false], ['type', '=', 'invoice']],
    ['&', ['parent_id', '!=', false], '|', ['type', '=', 'invoice'], [1, '=', 1]],
    [['parent_id', '!=', false], ['type', '=', 'contact']],
    ['|', '|', [0, '=', 1], ['type', '=', 'other'], ['parent_id', '=', other], ['parent_id', '!=', X]],
    [[0, '=', 1]], [[1, '=', 1]],
  ];
  const P = db.env(1).model('res.partner');
  P.browse(ids)._values(['parent_id', 'type']);
  for (const dom of domains) {
    const fromCache = disallowedFromCache(P.browse(ids), ids, dom);
    expect({ dom, refused: fromCache }).toEqual({ dom, refused: refusedBySql(dom) });
  }
});

test('other domains are left to SQL', () => {
  const P = db.env(1).model('res.partner');
  for (const dom of [
    [['name', '=', 'R1']], [['parent_id.name', '=', 'Rule Co']], ['!', ['parent_id', '=', false]],
    [['parent_id', '=', 'Rule Co']], [['parent_id', 'child_of', company]], [['parent_id', 'in', company]],
    [['parent_id', '=', true]], [['type', 'in', [1]]],
  ] as Domain[]) {
    expect({ dom, refused: disallowedFromCache(P.browse(ids), ids, dom) }).toEqual({ dom, refused: null });
  }
});

describe('record-rule checks through the ORM', () => {
  let categories: number[];
  beforeAll(() => {
    const env = db.env(1);
    db.cr.transaction(() => {
      const C = env.model('res.partner.category');
      const parent = C.create({ name: 'Rule parent' }).ids[0];
      categories = [parent, C.create({ name: 'Rule child', parent_id: parent }).ids[0]];
      const model = env.model('ir.model').search([['model', '=', 'res.partner.category']]).ids[0];
      env.model('ir.rule').create({ name: 'top categories only', model_id: model, domain_force: "[('parent_id', '=', False)]" });
    });
  });

  test('cached rows decide the rule without a statement; a raw SQL write is seen by the next check', () => {
    const demo = db.env(6).model('res.partner.category');
    // the rows are fetched (instead of the rule's statement), then the rule is decided on them
    let sql = statementsOf(db, () => expect(demo.browse([categories[0]]).read(['name'])).toEqual([{ id: categories[0], name: 'Rule parent' }]));
    expect(sql.filter((s) => /__rule/.test(s))).toEqual([]);
    expect(sql.filter((s) => /FROM "res_partner_category"/.test(s))).toHaveLength(1);
    expect(catchError(() => demo.browse([categories[1]]).read(['name'])).pyName).toBe('odoo.exceptions.AccessError');
    // within one call: a record whose row is cached is checked without any statement
    const env = db.env(6);
    const C = env.model('res.partner.category');
    C.browse([categories[0]]).read(['name']);
    sql = statementsOf(db, () => C.browse([categories[0]]).check_access_rule('read'));
    expect(sql).toEqual([]);
    // another path changes the row: the cached row is forgotten, the rule now refuses it
    db.cr.run('UPDATE res_partner_category SET parent_id = ? WHERE id = ?', [categories[1], categories[0]]);
    try {
      expect(catchError(() => C.browse([categories[0]]).check_access_rule('read')).pyName).toBe('odoo.exceptions.AccessError');
    } finally {
      db.cr.run('UPDATE res_partner_category SET parent_id = NULL WHERE id = ?', [categories[0]]);
    }
    // a record that does not exist is not reported as refused by the rule
    expect(db.env(6).model('res.partner.category').browse([999999]).read(['name'])).toEqual([]);
  });
});
