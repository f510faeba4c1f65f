/**
 * The ORM's paths that avoid building objects per record or per statement keep their answers:
 * an environment's other sudo mode made once, the record cache's wide reads sharing a kept
 * result with the cursor, the one-table version check, INSERT texts found in a tree of column
 * lists, and defaults listed only for the fields that can get one.
 */
import Database3 from 'better-sqlite3';
import type { Database } from '../../models/database';
import { TableVersions } from '../../models/orm/table_versions';
import { demoDb } from './orm_helpers';

let db: Database;
beforeAll(() => {
  db = demoDb();
});

test("an environment's other sudo mode is made once and leads back to it", () => {
  const env = db.env(6);
  const su = env.sudo();
  expect(su.su).toBe(true);
  expect(su.uid).toBe(6);
  expect(su.context).toBe(env.context);
  expect(env.sudo()).toBe(su);
  expect(su.sudo(false)).toBe(env);
  expect(su.sudo()).toBe(su);
  // a record set's sudo() reads with the sudo environment
  expect(env.model('res.partner').sudo().env).toBe(su);
});

test('a kept read shared with the record cache is not copied, other readers still get copies', () => {
  const text = 'SELECT id, name FROM res_partner WHERE id IN (?,?) ORDER BY id';
  db.cr.transaction(() => {
    const first = db.cr.raw(text, [1, 3], true);
    const again = db.cr.raw(text, [1, 3], true);
    // the kept result itself: no copy on keeping nor on reuse
    expect(again).toBe(first);
    const copy = db.cr.raw(text, [1, 3]);
    expect(copy).toEqual(first);
    expect(copy).not.toBe(first);
    copy[0][1] = 'changed by a reader';
    expect(db.cr.raw(text, [1, 3], true)[0][1]).not.toBe('changed by a reader');
    // a write of the table: read again
    db.cr.run('UPDATE res_partner SET name = ? WHERE id = 3', ['Shared read renamed']);
    const after = db.cr.raw(text, [1, 3], true);
    expect(after).not.toBe(first);
    expect(after[1][1]).toBe('Shared read renamed');
    db.cr.run('UPDATE res_partner SET name = ? WHERE id = 3', [first[1][1] as string]);
  });
});

test('the one-table version check answers as the list check', () => {
  const sqlite = new Database3(':memory:');
  sqlite.exec('CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY)');
  const tables = new TableVersions(sqlite);
  const stamp = tables.version;
  expect(tables.tableUnchangedSince('a', stamp)).toBe(true);
  tables.wrote('insert', 'b');
  expect(tables.tableUnchangedSince('a', stamp)).toBe(true);
  expect(tables.unchangedSince(['a'], stamp)).toBe(true);
  expect(tables.tableUnchangedSince('b', stamp)).toBe(false);
  expect(tables.unchangedSince(new Set(['a', 'b']), stamp)).toBe(false);
  // a dependency on something no table vouches for: void after any write
  expect(tables.unchangedSince(['*'], stamp)).toBe(false);
  expect(tables.unchangedSince(['*'], tables.version)).toBe(true);
  tables.changedAll();
  expect(tables.tableUnchangedSince('a', stamp + 1)).toBe(false);
  sqlite.close();
});

test('records created with column lists that are prefixes of each other get their own values', () => {
  const env = db.env(2);
  const Partner = env.model('res.partner');
  const ids = db.cr.transaction(() => [
    Partner.create({ name: 'Prefix long', email: 'long@example.com', city: 'Liège' }).ids[0],
    Partner.create({ name: 'Prefix short' }).ids[0],
    Partner.create({ name: 'Prefix mid', email: 'mid@example.com' }).ids[0],
    Partner.create({ name: 'Prefix long 2', email: 'long2@example.com', city: 'Namur' }).ids[0],
  ]);
  const rows = db.env(2).model('res.partner').browse(ids).read(['name', 'email', 'city']);
  expect(rows.map((r) => [r.name, r.email, r.city])).toEqual([
    ['Prefix long', 'long@example.com', 'Liège'],
    ['Prefix short', false, false],
    ['Prefix mid', 'mid@example.com', false],
    ['Prefix long 2', 'long2@example.com', 'Namur'],
  ]);
});

test('a field without a default of its own gets one from ir.default or the context, not otherwise', () => {
  const admin = db.env(2);
  db.cr.transaction(() => admin.model('ir.default').set('res.partner', 'ref', 'from ir.default'));
  try {
    const [byUserDefault, byContext, given] = db.cr.transaction(() => [
      admin.model('res.partner').create({ name: 'Default from ir.default' }).ids[0],
      db.env(2, { default_city: 'Ghent' }).model('res.partner').create({ name: 'Default from context' }).ids[0],
      admin.model('res.partner').create({ name: 'Default given', ref: 'mine' }).ids[0],
    ]);
    const read = (id: number) => db.env(2).model('res.partner').browse(id).read(['ref', 'city', 'type'])[0];
    expect(read(byUserDefault)).toEqual(expect.objectContaining({ ref: 'from ir.default', city: false, type: 'contact' }));
    expect(read(byContext)).toEqual(expect.objectContaining({ ref: 'from ir.default', city: 'Ghent', type: 'contact' }));
    expect(read(given)).toEqual(expect.objectContaining({ ref: 'mine', city: false }));
  } finally {
    db.cr.transaction(() => admin.model('ir.default').sudo().search([['field_id.name', '=', 'ref'], ['field_id.model', '=', 'res.partner']]).unlink());
  }
  const plain = db.cr.transaction(() => admin.model('res.partner').create({ name: 'No default' }).ids[0]);
  expect(db.env(2).model('res.partner').browse(plain).read(['ref'])[0].ref).toBe(false);
});
