/**
 * The query planner's statistics follow the tables' sizes (models/orm/planner_statistics.ts):
 * a table grown 10-fold since it was analyzed is analyzed again by the periodic check that
 * follows write transactions, so SQLite stops scanning it; a check never waits for another
 * connection's write lock, and calls that only read never check.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Sqlite from 'better-sqlite3';
import { DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { CHECK_EVERY_WRITES, staleTables } from '../../models/orm/planner_statistics';
import { DomainCompiler } from '../../models/orm/domain';
import { TEMPLATE_DIR } from '../helpers/server';

/** The order lines of some invoice lines, in id order (sale.order.line search of an invoice's lines). */
const ORDER_LINES_OF_INVOICE_LINES = 'SELECT "sale_order_line"."id" FROM "sale_order_line" AS "sale_order_line" WHERE "sale_order_line"."id" IN '
  + '(SELECT "order_line_id" FROM "sale_order_line_invoice_rel" WHERE "invoice_line_id" IN (?,?)) ORDER BY "sale_order_line"."id" ASC';

let dbm: DatabaseManager;
let db: Database;

beforeAll(() => {
  dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
  db = dbm.create(`stats${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'sale_management', 'account', 'payment_demo'] });
});

function plan(sql: string, params: unknown[]): string {
  return db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((r) => (r as { detail: string }).detail).join(' | ');
}

/** Commit `n` small write transactions, as calls that write do. */
function writeTransactions(n: number): void {
  for (let i = 0; i < n; i++) db.cr.transaction(() => db.cr.run('UPDATE res_company SET write_date = write_date WHERE id = 1'));
}

test('a new database needs no analysis: opening it or checking it analyzes nothing', () => {
  // tables empty in the template, with only partial indexes (mail_alias) or none (bus_bus),
  // have a row count of 0: otherwise SQLite's default size makes them look shrunk 10-fold
  expect(staleTables(db.sqlite, true)).toEqual([]);
  expect(db.optimize(true).analyzed).toEqual([]);
});

test('a table grown 10-fold is analyzed again after some write transactions, and its plan uses the primary key', () => {
  // the template's statistics: sale_order_line is tiny, so reading it in id order beats sorting
  expect(plan(ORDER_LINES_OF_INVOICE_LINES, [1, 2])).toContain('SCAN sale_order_line');
  const columns = db.sqlite.prepare("SELECT name FROM pragma_table_info('sale_order_line') WHERE name <> 'id'").pluck().all() as string[];
  const list = columns.map((c) => `"${c}"`).join(', ');
  db.cr.transaction(() => {
    for (let i = 0; i < 6; i++) db.cr.exec(`INSERT INTO sale_order_line (${list}) SELECT ${list} FROM sale_order_line`);
  });
  expect(staleTables(db.sqlite, true)).toContain('sale_order_line');
  writeTransactions(CHECK_EVERY_WRITES);
  expect(staleTables(db.sqlite, true)).not.toContain('sale_order_line');
  const rows = db.sqlite.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'sale_order_line' AND idx = 'sale_order_line__order_id_index'").pluck().get() as string;
  expect(Number(rows.split(' ')[0])).toBeGreaterThan(1000);
  const after = plan(ORDER_LINES_OF_INVOICE_LINES, [1, 2]);
  expect(after).toContain('SEARCH sale_order_line USING INTEGER PRIMARY KEY');
  expect(after).not.toContain('SCAN sale_order_line');
});

test('calls that only read never check the statistics', () => {
  const spy = jest.spyOn(db.statistics, 'writeCommitted');
  try {
    for (let i = 0; i < 3 * CHECK_EVERY_WRITES; i++) db.cr.transaction(() => db.cr.all('SELECT id FROM res_partner WHERE id = 1'));
    expect(spy).not.toHaveBeenCalled();
    writeTransactions(1);
    expect(spy).toHaveBeenCalledTimes(1);
  } finally {
    spy.mockRestore();
  }
});

test('a check finding the write lock taken by another connection is skipped, without waiting', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-'));
  const files = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR, busyTimeoutMs: 3000 });
  try {
    const fdb = files.create('locked', { demo: false });
    fdb.cr.transaction(() => fdb.cr.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'bus_bus'"));
    const other = new Sqlite(path.join(dir, 'locked.sqlite'));
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(fdb.optimize(true)).toEqual({ analyzed: [], skipped: true });
      // the connection's own busy timeout is back for the calls
      expect(fdb.sqlite.pragma('busy_timeout', { simple: true })).toBe(3000);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(fdb.optimize(true)).toEqual({ analyzed: ['(completed)'], skipped: false });
    expect(fdb.cr.get("SELECT stat FROM sqlite_stat1 WHERE tbl = 'bus_bus'")).toEqual({ stat: '0' });
  } finally {
    files.closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('record-rule checks of given records stay O(1) as tables grow', () => {
  /** The statement checkAccessRule runs for the records `ids` (security.ts disallowed). */
  function ruleCheck(model: string, dom: unknown[], fewRows: boolean): { sql: string; params: unknown[] } {
    const records = db.env(1).model(model);
    const alias = `${records.cls._table}__rule`;
    const where = new DomainCompiler(records, alias, { fewRows }).compile(dom);
    return { sql: `SELECT "${alias}".id FROM "${records.cls._table}" AS "${alias}" WHERE "${alias}".id IN (?, ?) AND ${where.text}`, params: where.params };
  }

  test("an _inherits parent's field (account.payment's company_id, on its move) is looked up by the row's link", () => {
    const check = ruleCheck('account.payment', [['company_id', 'in', [1]]], true);
    const p = plan(check.sql, [1, 2, ...check.params]);
    // not the list of every move of the company, made before the payments are looked at
    expect(p).toContain('CORRELATED LIST SUBQUERY');
    expect(p).toContain('SEARCH account_move USING INTEGER PRIMARY KEY');
    expect(p).not.toMatch(/SEARCH account_move USING (COVERING )?INDEX account_move__company_id_index/);
    // a search over many payments keeps the plain sub-query (SQLite may walk the moves of the company)
    expect(ruleCheck('account.payment', [['company_id', 'in', [1]]], false).sql).not.toContain('= "account_payment__rule"."move_id"');
  });

  test('a many2one path is correlated too, and selects the same records', () => {
    const partners = db.cr.all<{ id: number }>('SELECT id FROM res_partner WHERE parent_id IS NOT NULL ORDER BY id LIMIT 2').map((r) => r.id);
    const parent = db.cr.get<{ name: string }>('SELECT p.name FROM res_partner c JOIN res_partner p ON p.id = c.parent_id WHERE c.id = ?', [partners[0]])!.name;
    for (const dom of [[['parent_id.name', '=', parent]], [['parent_id.name', '!=', parent]], [['parent_id', 'not any', [['name', '=', parent]]]]]) {
      const plain = ruleCheck('res.partner', dom, false);
      const correlated = ruleCheck('res.partner', dom, true);
      expect(correlated.sql).toContain('= "res_partner__rule"."parent_id"');
      expect(plan(correlated.sql, [...partners, ...correlated.params])).toContain('CORRELATED LIST SUBQUERY');
      const ids = (c: { sql: string; params: unknown[] }) => db.sqlite.prepare(c.sql).pluck().all(...partners, ...c.params);
      expect(ids(correlated)).toEqual(ids(plain));
    }
  });
});
