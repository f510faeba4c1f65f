/**
 * Query shape, not timing: reading N records must run a number of SQL statements that does not
 * depend on N (no "N+1" queries). Every statement goes through the Cursor (all/raw/get/run,
 * each preparing its statement), so spying on those methods counts the queries of a call.
 */
import type { Database } from '../../models/database';
import { demoDb } from './orm_helpers';

let db: Database;
let partnerIds: number[];
let tagIds: number[];

beforeAll(() => {
  db = demoDb();
  const env = db.env(1);
  const countries = env.model('res.country').search([], 0, 10).ids;
  db.cr.transaction(() => {
    const Tag = env.model('res.partner.category');
    const root = Tag.create({ name: 'perf root' }).ids[0];
    tagIds = [root];
    for (let i = 0; i < 199; i++) tagIds.push(Tag.create({ name: `perf tag ${i}`, parent_id: i % 2 ? root : false }).ids[0]);
    const companies: number[] = [];
    for (let i = 0; i < 10; i++) companies.push(env.model('res.partner').create({ name: `perf co ${i}`, is_company: true }).ids[0]);
    partnerIds = env.model('res.partner').create(Array.from({ length: 200 }, (_, i) => ({
      name: `perf p ${String(i).padStart(3, '0')}`,
      parent_id: companies[i % 10],
      country_id: countries[i % countries.length],
      category_id: [[6, 0, [tagIds[i % 7], tagIds[(i + 3) % 11]]]],
    }))).ids;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** Number of SQL statements executed by `fn` (run on a fresh environment by the caller). */
function countQueries(fn: () => unknown): { count: number; statements: string[] } {
  const statements: string[] = [];
  const cr = db.cr as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const method of ['all', 'raw', 'get', 'run']) {
    const original = cr[method].bind(db.cr);
    jest.spyOn(db.cr as any, method).mockImplementation((...args: unknown[]) => {
      const q = args[0] as { text?: string } | string;
      statements.push(typeof q === 'string' ? q : q.text ?? String(q));
      return original(...args);
    });
  }
  const prepare = jest.spyOn(db.cr, 'prepare');
  fn();
  // every execution prepares (or reuses) exactly one statement: nothing bypasses the counters
  expect(prepare.mock.calls.length).toBe(statements.length);
  jest.restoreAllMocks();
  return { count: statements.length, statements };
}

/** Runs `op` for n=20 and n=200 (after a warm-up) and expects the same number of statements. */
function expectConstant(op: (ids: number[]) => unknown, ids: number[]): number {
  op(ids.slice(0, 5)); // warm-up: ACL/rule memos, statement cache
  const small = countQueries(() => op(ids.slice(0, 20)));
  const large = countQueries(() => op(ids.slice(0, 200)));
  if (small.count !== large.count) {
    // show what grew, to make the failure actionable
    const grown = large.statements.filter((s, i) => large.statements.indexOf(s) === i)
      .map((s) => `${large.statements.filter((x) => x === s).length}x ${s.slice(0, 160)}`);
    throw new Error(`query count grows with N: ${small.count} for 20 records, ${large.count} for 200\n${grown.join('\n')}`);
  }
  expect(large.count).toBeGreaterThan(0);
  return large.count;
}

test("read(['name','parent_id','country_id','category_id']) of 200 partners costs the same as 20", () => {
  const n = expectConstant((ids) => {
    const rows = db.env(2).model('res.partner').browse(ids).read(['name', 'parent_id', 'country_id', 'category_id']);
    expect(rows).toHaveLength(ids.length);
    expect(rows[0].parent_id).toEqual([expect.any(Number), expect.stringMatching(/^perf co /)]);
  }, partnerIds);
  expect(n).toBeLessThan(30);
});

test('the same read as superuser and with load=None', () => {
  expectConstant((ids) => db.env(1).model('res.partner').browse(ids).read(['name', 'parent_id', 'country_id', 'category_id']), partnerIds);
  expectConstant((ids) => db.env(2).model('res.partner').browse(ids).read(['name', 'parent_id', 'country_id', 'category_id'], null), partnerIds);
});

test('search_read with a limit does not depend on the limit', () => {
  const dom = [['name', '=like', 'perf p %']];
  expectConstant((ids) => {
    const rows = db.env(2).model('res.partner').search_read(dom, ['name', 'parent_id', 'country_id', 'category_id', 'display_name'], 0, ids.length, 'name');
    expect(rows).toHaveLength(ids.length);
  }, partnerIds);
});

test('display_name / complete_name of partners and many2one display names are batched', () => {
  expectConstant((ids) => db.env(2).model('res.partner').browse(ids).read(['display_name', 'commercial_partner_id', 'company_id']), partnerIds);
});

test('one2many values (child_ids) are read in one query per batch', () => {
  const companies = db.env(1).model('res.partner').search([['name', '=like', 'perf co %']]).ids;
  // only 10 companies: compare 2 against 10
  db.env(2).model('res.partner').browse(companies.slice(0, 1)).read(['child_ids', 'name']); // warm-up
  const small = countQueries(() => db.env(2).model('res.partner').browse(companies.slice(0, 2)).read(['child_ids', 'name']));
  const large = countQueries(() => db.env(2).model('res.partner').browse(companies).read(['child_ids', 'name']));
  expect(large.count).toBe(small.count);
});

test('display names of hierarchical tags (parent / child) are batched', () => {
  expectConstant((ids) => {
    const rows = db.env(2).model('res.partner.category').browse(ids).read(['display_name', 'parent_id']);
    expect(rows).toHaveLength(ids.length);
  }, tagIds);
});

test('read_group by a many2one does not query per group', () => {
  const dom = [['name', '=like', 'perf p %']];
  const companies = db.env(1).model('res.partner').search([['name', '=like', 'perf co %']]).ids;
  const rg = (cos: number[]) => db.env(2).model('res.partner').read_group([...dom, ['parent_id', 'in', cos]], ['color'], ['parent_id']);
  rg(companies.slice(0, 1)); // warm-up
  let groups = 0;
  const few = countQueries(() => { groups = rg(companies.slice(0, 2)).length; });
  expect(groups).toBe(2);
  const many = countQueries(() => { groups = rg(companies).length; });
  expect(groups).toBe(10);
  expect(many.count).toBe(few.count);
});

test('reading users (delegated fields through _inherits) is constant too', () => {
  const env = db.env(1);
  const users: number[] = [];
  db.cr.transaction(() => {
    for (let i = 0; i < 40; i++) users.push(env.model('res.users').create({ name: `perf user ${i}`, login: `perf_user_${i}` }).ids[0]);
  });
  const op = (ids: number[]) => db.env(2).model('res.users').browse(ids).read(['name', 'login', 'email', 'partner_id', 'company_id', 'share']);
  op(users.slice(0, 2));
  const small = countQueries(() => op(users.slice(0, 4)));
  const large = countQueries(() => op(users));
  expect(large.count).toBe(small.count);
});
