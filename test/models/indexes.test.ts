/**
 * Which columns are indexed: those whose field declares `index`, as in Odoo (fields.py: no index
 * by default, many2one included); `index='btree_not_null'` is a partial index without the NULLs,
 * which SQLite uses for a comparison with the column (it implies IS NOT NULL).
 */
import type { Database } from '../../models/database';
import { demoDb, saleDemoDb } from './orm_helpers';

let db: Database;

beforeAll(() => {
  db = demoDb();
});

function indexSql(name: string): string | undefined {
  return db.cr.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name])?.sql;
}

function plan(sql: string, params: unknown[]): string {
  return db.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never[]).map((r) => r.detail).join(' | ');
}

test('a many2one is indexed only when its field says so', () => {
  // res.partner.parent_id and commercial_partner_id: index=True in Odoo 17
  expect(indexSql('res_partner__parent_id_index')).toMatch(/ON "res_partner" \("parent_id"\)$/);
  expect(indexSql('res_partner__commercial_partner_id_index')).toBeDefined();
  // title, create_uid, write_uid: plain many2one fields, no index in Odoo
  for (const column of ['title', 'create_uid', 'write_uid']) expect(indexSql(`res_partner__${column}_index`)).toBeUndefined();
  expect(db.cr.all("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_create\\_uid\\_index' ESCAPE '\\'")).toEqual([]);
});

test("index='btree_not_null' leaves the NULLs out and serves comparisons with the column", () => {
  // mail.message.parent_id: index='btree_not_null' in Odoo 17
  expect(indexSql('mail_message__parent_id_index')).toMatch(/\("parent_id"\) WHERE "parent_id" IS NOT NULL$/);
  expect(plan('SELECT id FROM mail_message WHERE parent_id = ?', [1])).toContain('USING COVERING INDEX mail_message__parent_id_index');
  expect(plan('SELECT id FROM mail_message WHERE parent_id IN (?, ?)', [1, 2])).toContain('mail_message__parent_id_index');
});

test('new databases use 1 KiB pages (a call changes a few rows in many B-trees: each changed page is written whole)', () => {
  expect(db.cr.get<{ page_size: number }>('PRAGMA page_size')).toEqual({ page_size: 1024 });
});

test('every table of a new database has planner statistics, so that opening it analyzes nothing again', () => {
  // an empty table without index gets no row from ANALYZE: PRAGMA optimize would count it as
  // never analyzed and analyze it at every opening (each ANALYZE reloads the statistics)
  const missing = db.cr.all<{ name: string }>(`SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
    AND sql NOT LIKE 'CREATE VIRTUAL%' AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.name)`);
  expect(missing).toEqual([]);
  // bus_bus: empty and without index in a new database
  expect(db.cr.get("SELECT stat FROM sqlite_stat1 WHERE tbl = 'bus_bus'")).toEqual({ stat: '0' });
});

test('a table left without statistics since (a module installed later) gets its row at the next optimize', () => {
  db.cr.db.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'bus_bus'");
  db.optimize(true);
  expect(db.cr.get("SELECT stat FROM sqlite_stat1 WHERE tbl = 'bus_bus'")).toEqual({ stat: '0' });
});

/** Columns of an index, in order (the primary key of a WITHOUT ROWID table is an index too). */
function indexColumns(index: string): string[] {
  return db.cr.all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [index]).map((r) => r.name);
}

/** The many2many relation tables (not FTS5's shadow tables), with their primary key's columns and other indexes. */
function relationTables(): Array<{ table: string; key: string[]; indexes: string[] }> {
  const tables = db.cr.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%WITHOUT ROWID'").map((r) => r.name);
  return tables.map((table) => {
    const list = db.cr.all<{ name: string; origin: string }>('SELECT name, origin FROM pragma_index_list(?)', [table]);
    return { table, key: indexColumns(list.find((i) => i.origin === 'pk')!.name), indexes: list.filter((i) => i.origin === 'c').map((i) => i.name) };
  });
}

test('a many2many relation table has its primary key (a, b) and one index (b, a), as in Odoo: never a copy of its key', () => {
  const relations = relationTables();
  expect(relations.length).toBeGreaterThan(20);
  for (const { table, key, indexes } of relations) {
    const columns = indexes.map(indexColumns);
    expect({ table, copies: columns.filter((c) => c.join() === key.join()) }).toEqual({ table, copies: [] });
    expect({ table, reverse: columns.some((c) => c.join() === [key[1], key[0]].join()) }).toEqual({ table, reverse: true });
  }
});

test("a module update drops the copy of a relation table's key that older versions made", () => {
  // a relation declared from both sides: res.users.groups_id and res.groups.users
  const { table, key } = relationTables().find((r) => r.table === 'res_groups_users_rel')!;
  const copy = `${table}_${key[0]}_idx`;
  db.cr.exec(`CREATE INDEX "${copy}" ON "${table}" ("${key[0]}", "${key[1]}")`);
  expect(indexSql(copy)).toBeDefined();
  db.cr.transaction(() => db.registry.createSchema(db.cr));
  expect(indexSql(copy)).toBeUndefined();
  expect(indexSql(`${table}_${key[1]}_idx`)).toBeDefined();
});

describe('the fields Odoo 17 indexes, and only those (ir.model.fields.index)', () => {
  // recorded from a real Odoo 17 (ref_sale: sale_management, account, payment_demo) with
  // search_read('ir.model.fields', [('model', 'in', ...), ('store', '=', True)], ['model', 'name', 'index'])
  const recorded: Array<[string, string, boolean]> = [
    ['account.account', 'account_type', true],
    ['account.move', 'invoice_user_id', false], ['account.move', 'message_main_attachment_id', false],
    ['account.move', 'payment_state', false], ['account.move', 'secure_sequence_number', true],
    ['account.move.line', 'account_id', false], ['account.move.line', 'date', false], ['account.move.line', 'partner_id', false],
    ['account.move.line', 'product_id', false], ['account.move.line', 'ref', true], ['account.move.line', 'move_name', true],
    ['account.payment', 'message_main_attachment_id', false],
    ['ir.attachment', 'res_id', false], ['ir.model', 'model', false], ['ir.model.data', 'name', false], ['ir.model.data', 'res_id', false],
    ['ir.model.fields', 'state', true], ['ir.ui.view', 'key', true],
    ['mail.compose.message', 'author_id', false], ['mail.mail', 'state', false],
    ['mail.message', 'model', false], ['mail.message', 'res_id', false], ['mail.message', 'message_id', true], ['mail.message', 'author_id', true],
    ['res.country.state', 'country_id', false],
  ];
  let sale: Database;
  beforeAll(() => { sale = saleDemoDb('idx'); });

  test.each(recorded)('%s.%s: index %p', (model, field, indexed) => {
    const row = sale.env(1).model('ir.model.fields').search_read([['model', '=', model], ['name', '=', field]], ['index']) as Array<{ index: boolean }>;
    expect(row).toEqual([expect.objectContaining({ index: indexed })]);
  });

  test("Odoo's composite indexes stand in for the single-column ones (account_move_line.py init, ir_model.py and ir_attachment.py _auto_init)", () => {
    const of = (name: string) => sale.cr.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name])?.sql;
    expect(of('account_move_line_partner_id_ref_idx')).toMatch(/\(partner_id, ref\)$/);
    expect(of('account_move_line_account_id_date_idx')).toMatch(/\(account_id, date\)$/);
    expect(of('ir_model_data_model_res_id_index')).toMatch(/\(model, res_id\)$/);
    expect(of('ir_attachment_res_idx')).toMatch(/\(res_model, res_id\)$/);
    for (const gone of ['account_move_line__partner_id_index', 'mail_message__model_index', 'mail_message__res_id_index', 'ir_model__model_index']) expect(of(gone)).toBeUndefined();
    // the xml ids of a record, and the invoices of an account by date, are found through them
    const planOf = (q: string, p: unknown[]) => sale.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`, p as never[]).map((r) => r.detail).join(' | ');
    expect(planOf('SELECT id FROM ir_model_data WHERE model = ? AND res_id = ?', ['res.partner', 1])).toContain('ir_model_data_model_res_id_index');
    expect(planOf('SELECT id FROM ir_model_data WHERE module = ? AND name = ?', ['base', 'main_company'])).toContain('ir_model_data_module_name_uniq_index');
  });

  test('an index whose field no longer asks for one is dropped when the schema is brought up to date', () => {
    sale.cr.exec('CREATE INDEX "mail_message__model_index" ON "mail_message" ("model")');
    sale.cr.transaction(() => { sale.registry.createSchema(sale.cr); });
    expect(sale.cr.get("SELECT name FROM sqlite_master WHERE name = 'mail_message__model_index'")).toBeUndefined();
    // the default order's index is not a field's
    expect(sale.cr.get("SELECT name FROM sqlite_master WHERE name = 'account_move_line__order_index'")).toBeDefined();
  });
});
