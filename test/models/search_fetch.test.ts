/**
 * How searches reach SQLite: search_read / search_fetch find the records and their stored
 * values in one statement, the default order is served by an index, compiled searches are
 * reused until the next write, and a call that only reads opens no write transaction.
 */
import type { Database } from '../../models/database';
import { demoDb, catchError, statementsOf } from './orm_helpers';

let db: Database;
let companyId: number;
const FIELDS = ['name', 'email', 'city', 'country_id', 'is_company'];

beforeAll(() => {
  db = demoDb();
  const env = db.env(1);
  db.cr.transaction(() => {
    companyId = env.model('res.partner').create({ name: 'Fetch Co', is_company: true, country_id: 20 }).ids[0];
    env.model('res.partner').create(Array.from({ length: 30 }, (_, i) => ({
      name: `Fetch contact ${String(i).padStart(2, '0')}`, email: i % 3 ? `fc${i}@example.com` : false, city: i % 2 ? 'Namur' : false,
      country_id: i % 4 ? 20 : false, parent_id: companyId, partner_latitude: i / 8, active: i !== 7,
    })));
  });
});

afterEach(() => { jest.restoreAllMocks(); });

/** SQL statements run by `fn`. */
function statements(fn: () => unknown): string[] {
  return statementsOf(db, fn);
}

const contacts: unknown[] = [['name', '=like', 'Fetch contact %']];

test('search_read of stored fields: the search statement also fetches the values', () => {
  const env = db.env(2);
  env.model('res.partner').search_read(contacts, FIELDS, 0, 10); // warm-up of ACL/rule memos
  let rows: any[] = [];
  const sql = statements(() => { rows = db.env(2).model('res.partner').search_read(contacts, FIELDS, 0, 10); });
  const partnerQueries = sql.filter((s) => /FROM "res_partner"/.test(s));
  expect(partnerQueries).toHaveLength(1);
  expect(partnerQueries[0]).toMatch(/^SELECT "res_partner"\."id", "res_partner"\."name", "res_partner"\."email"/);
  expect(partnerQueries[0]).toMatch(/ORDER BY .* LIMIT \?/);
  // the country display names: one more batch query, not one per record
  expect(sql.filter((s) => /res_country/.test(s))).toHaveLength(1);
  expect(rows).toHaveLength(10);
  expect(rows[1]).toEqual({ id: expect.any(Number), name: 'Fetch contact 01', email: 'fc1@example.com', city: 'Namur', country_id: [20, 'Belgium'], is_company: false });
});

test('search_read answers exactly what search + read answer, for every kind of field and both loads', () => {
  const fields = ['name', 'email', 'city', 'country_id', 'is_company', 'partner_latitude', 'parent_id', 'type', 'date', 'active', 'color', 'display_name', 'category_id', 'child_ids'];
  for (const ctx of [{}, { active_test: false }]) {
    const Partner = db.env(6, ctx).model('res.partner');
    for (const load of ['_classic_read', null]) {
      const viaSearchRead = Partner.search_read(contacts, fields, 2, 12, 'city desc, id', { load });
      const viaRead = Partner.search(contacts, 2, 12, 'city desc, id').read(fields, load);
      expect(viaSearchRead).toEqual(viaRead);
      // only stored fields (the direct path) must agree as well
      const stored = fields.filter((f) => !['display_name', 'category_id', 'child_ids'].includes(f));
      expect(Partner.search_read(contacts, stored, 2, 12, 'city desc, id', { load })).toEqual(Partner.search(contacts, 2, 12, 'city desc, id').read(stored, load));
    }
  }
  const all = db.env(2, { active_test: false }).model('res.partner').search_read(contacts, ['name']);
  expect(all).toHaveLength(30);
  expect(db.env(2).model('res.partner').search_read(contacts, ['name'])).toHaveLength(29);
});

test('search_read keeps private fields private and checks field names', () => {
  const users = db.env(2).model('res.users').search_read([['login', '=', 'demo']], ['login', 'password']);
  expect(users).toEqual([{ id: 6, login: 'demo', password: '' }]);
  expect(catchError(() => db.env(2).model('res.partner').search_read([], ['nope'])).message).toBe("Invalid field 'nope' on model 'res.partner'");
});

test('search_fetch returns the records with their fetched values already cached', () => {
  const recs = db.env(2).model('res.partner').search_fetch(contacts, ['name', 'city'], 0, 5);
  expect(recs.ids).toHaveLength(5);
  const sql = statements(() => expect(recs.mapped('name')).toEqual(recs.ids.map((_: number, i: number) => `Fetch contact ${String(i).padStart(2, '0')}`)));
  expect(sql).toEqual([]);
});

test("the default order (_order) is read from an index, without sorting", () => {
  const Partner = db.env(2).model('res.partner');
  const sql = Partner._searchSql([], { order: null, limit: 80 });
  const plan = db.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.text}`, sql.params).map((r) => r.detail).join(' | ');
  expect(plan).toContain('USING INDEX res_partner__order_index');
  expect(plan).not.toContain('TEMP B-TREE');
});

describe('compiled searches are reused only while nothing changes', () => {
  test('the same search twice compiles once; a write to what its compilation read makes it compile again', () => {
    const Partner = db.env(6).model('res.partner');
    const compile = jest.spyOn(Partner.constructor.prototype as any, '_searchSqlAt');
    // child_of compiles to the ids of the hierarchy, read from res_partner when compiled
    const dom = [['id', 'child_of', companyId]];
    const first = Partner.search(dom).ids;
    const calls = compile.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(db.env(6).model('res.partner').search(dom).ids).toEqual(first);
    expect(compile.mock.calls.length).toBe(calls);
    const added = db.cr.transaction(() => db.env(1).model('res.partner').create({ name: 'Fetch contact 1 bis', parent_id: companyId }).ids[0]);
    // counted from here: the create's own work may compile searches of its own
    const before = compile.mock.calls.length;
    const after = db.env(6).model('res.partner').search(dom).ids;
    expect(compile.mock.calls.length).toBeGreaterThan(before);
    expect([...after].sort((a, b) => a - b)).toEqual([...first, added].sort((a, b) => a - b));
    // a search whose compilation read no data is not compiled again after the same kind of write
    const byName = [['name', 'ilike', 'fetch contact 1']];
    const named = db.env(6).model('res.partner').search(byName).ids;
    db.cr.transaction(() => db.env(1).model('res.partner').create({ name: 'Fetch contact 1 ter', parent_id: companyId }));
    const beforeNamed = compile.mock.calls.length;
    expect(db.env(6).model('res.partner').search(byName).ids).toHaveLength(named.length + 1);
    expect(compile.mock.calls.length).toBe(beforeNamed);
    compile.mockRestore();
  });

  test('users, contexts and domains each get their own compiled search', () => {
    const dom = [['parent_id', '=', companyId]];
    const asAdmin = db.env(2).model('res.partner').search_count(dom);
    const archived = db.env(2, { active_test: false }).model('res.partner').search_count(dom);
    expect(archived).toBe(asAdmin + 1);
    // the portal user (rules: own commercial entity only) sees none of them
    expect(db.env(7).model('res.partner').search_count(dom)).toBe(0);
    expect(db.env(2).model('res.partner').search_count([['parent_id', '=', companyId], ['city', '=', 'Namur']])).toBeLessThan(asAdmin);
  });

  test('the memo of compiled searches stays bounded over many different searches', () => {
    const Partner = db.env(2).model('res.partner');
    for (let i = 0; i < 5200; i++) Partner.search([['id', '=', 100000 + i]]);
    expect(db.cr.memo.map.size).toBeLessThanOrEqual(5000);
    expect(db.cr.memo.map.size).toBeGreaterThan(0);
  });

  test('a rule that depends on data follows that data: the portal user sees a company once linked to it', () => {
    const portal = () => db.env(7).model('res.partner').search([['id', '=', companyId]]).ids;
    expect(portal()).toEqual([]);
    db.cr.transaction(() => db.env(1).model('res.partner').browse([8]).write({ parent_id: companyId }));
    expect(portal()).toEqual([companyId]);
    db.cr.transaction(() => db.env(1).model('res.partner').browse([8]).write({ parent_id: false }));
    expect(portal()).toEqual([]);
  });
});

describe('transactions', () => {
  test('a call that only reads opens no SQLite transaction; the first write opens it', () => {
    db.cr.transaction(() => {
      db.env(2).model('res.partner').search_read(contacts, FIELDS, 0, 5);
      expect(db.cr.db.inTransaction).toBe(false);
      db.env(2).model('res.partner').create({ name: 'Fetch txn' });
      expect(db.cr.db.inTransaction).toBe(true);
    });
    expect(db.cr.db.inTransaction).toBe(false);
    expect(db.env(2).model('res.partner').search_count([['name', '=', 'Fetch txn']])).toBe(1);
  });

  test('an error after writes rolls the whole call back; an error while reading leaves nothing open', () => {
    const before = db.env(2).model('res.partner').search_count([]);
    expect(() => db.cr.transaction(() => {
      db.env(2).model('res.partner').create({ name: 'Fetch rolled back 1' });
      db.env(2).model('res.partner').create({ name: 'Fetch rolled back 2' });
      db.env(2).model('res.partner').create({ name: false });
    })).toThrow();
    expect(db.cr.db.inTransaction).toBe(false);
    expect(db.env(2).model('res.partner').search_count([])).toBe(before);
    expect(() => db.cr.transaction(() => db.env(2).model('res.partner').search([['nope', '=', 1]]))).toThrow();
    expect(db.cr.db.inTransaction).toBe(false);
    // nested savepoints still work after a deferred begin
    db.cr.transaction(() => {
      expect(() => db.cr.transaction(() => { db.env(2).model('res.partner').create({ name: 'Fetch inner' }); throw new Error('inner'); })).toThrow('inner');
      db.env(2).model('res.partner').create({ name: 'Fetch outer' });
    });
    expect(db.env(2).model('res.partner').search_count([['name', 'in', ['Fetch inner', 'Fetch outer']]])).toBe(1);
  });
});

describe('planner statistics', () => {
  /** The plan of a default-order search among listed ids (the shape of the portal rule's search). */
  function idListPlan(target: Database): string {
    const sql = target.env(2).model('res.partner')._searchSql([['id', 'in', Array.from({ length: 60 }, (_, i) => i + 1)]], { order: null, limit: 80 });
    return target.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.text}`, sql.params).map((r) => r.detail).join(' | ');
  }

  test('a new database has statistics, so a small table is read in index order rather than sorted', () => {
    const fresh = demoDb();
    expect(fresh.cr.get<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'res_partner'")!.n).toBeGreaterThan(0);
    expect(idListPlan(fresh)).toBe('SCAN res_partner USING INDEX res_partner__order_index');
  });

  test('after a table grows a lot, optimize() re-analyzes it and the plan switches to id lookups', () => {
    const grown = demoDb();
    grown.cr.transaction(() => grown.cr.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
       INSERT INTO res_partner (name, complete_name, active, type, is_company, partner_share, color)
       SELECT 'Bulk ' || i, 'Bulk ' || i, 1, 'contact', 0, 1, 0 FROM n`));
    grown.optimize(true);
    const plan = idListPlan(grown);
    expect(plan).toContain('USING INTEGER PRIMARY KEY');
    expect(plan).not.toContain('res_partner__order_index');
  });
});

test('a search whose domain cannot match runs no statement, yet checks access and answers the same shapes', () => {
  const env = db.env(2);
  const Partner = env.model('res.partner');
  const never: unknown[] = [['id', 'in', []]];
  Partner.search(never); // warm-up of ACL/rule memos
  let found: any;
  let rows: any;
  let fetched: any;
  const sql = statements(() => {
    found = Partner.search(never);
    rows = Partner.search_read([...never, ['name', 'ilike', 'Fetch']], ['name', 'city']);
    fetched = Partner.search_fetch([['name', '=', 'x'], ['id', 'in', []]], ['name']);
  });
  expect(sql).toEqual([]);
  expect(found._name).toBe('res.partner');
  expect(found.ids).toEqual([]);
  expect(rows).toEqual([]);
  expect(fetched.ids).toEqual([]);
  // the same domain nested in another one (a sub-select) still compiles and still matches nothing
  expect(Partner.search([['child_ids', 'any', never]]).ids).toEqual([]);
  expect(Partner.search(['|', ['id', 'in', []], ['name', '=', 'Fetch Co']]).ids).toEqual([companyId]);
  // the model's access right is still checked first (a portal user may not read ir.config_parameter)
  expect(catchError(() => db.env(7).model('ir.config_parameter').search(never)).pyName).toBe('odoo.exceptions.AccessError');
});

test('read finds which records exist with the statement that fetches their values, then checks the rules', () => {
  const ids = db.env(2).model('res.partner').search(contacts, 0, 3, 'id').ids;
  const missing = 999999;
  let rows: any[] = [];
  const sql = statements(() => { rows = db.env(6).model('res.partner').browse([ids[2], missing, ids[0]]).read(['name', 'city', 'display_name']); });
  const partnerReads = sql.filter((s) => /FROM "res_partner"/.test(s) && !/__rule/.test(s));
  expect(partnerReads).toHaveLength(1);
  expect(partnerReads[0]).toMatch(/^SELECT "id", "name", /);
  expect(sql.some((s) => /FROM "res_partner" AS "res_partner__rule"/.test(s))).toBe(true);
  // missing records are left out, the others come in the order asked
  expect(rows.map((r) => r.id)).toEqual([ids[2], ids[0]]);
  expect(rows[1]).toEqual({ id: ids[0], name: 'Fetch contact 00', city: false, display_name: 'Fetch Co, Fetch contact 00' });
  // a record the rules hide is still refused (portal user: only their own partner and company)
  expect(catchError(() => db.env(7).model('res.partner').browse([ids[0]]).read(['name'])).pyName).toBe('odoo.exceptions.AccessError');
});
