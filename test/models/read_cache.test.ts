/**
 * The cursor keeps the results of plain SELECTs while the tables their text names are unchanged
 * (models/orm/sql.ts cachedRead, table_versions.ts): every write through the cursor, a rollback,
 * and another connection's commit (cr.writeVersion++) make the next identical read run again.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Sqlite from 'better-sqlite3';
import { Cursor, setupConnection } from '../../models/orm/sql';
import { parseStatement } from '../../models/orm/table_versions';
import { evictOldest } from '../../models/orm/environment';

// AUTOINCREMENT ids, like the emulator's tables
function cursor(file = ':memory:'): Cursor {
  const db = new Sqlite(file);
  setupConnection(db);
  const cr = new Cursor(db);
  cr.db.exec(`CREATE TABLE IF NOT EXISTS a (id INTEGER PRIMARY KEY AUTOINCREMENT, b_id INTEGER, name TEXT);
              CREATE TABLE IF NOT EXISTS b (id INTEGER PRIMARY KEY, name TEXT);
              CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY, name TEXT)`);
  cr.schemaChanged();
  return cr;
}

describe('statement parsing', () => {
  test('comma joins name every table, after FROM and after a join condition', () => {
    expect(parseStatement('SELECT a.name FROM a, "b" AS x WHERE a.b_id = x.id').reads.sort()).toEqual(['a', 'b']);
    expect(parseStatement('SELECT 1 FROM a LEFT JOIN b ON b.id = a.b_id, c WHERE c.id = 1').reads.sort()).toEqual(['a', 'b', 'c']);
    // commas of the select list, IN lists and ORDER BY are not tables
    expect(parseStatement('SELECT id, name FROM a WHERE id IN (1, 2) ORDER BY name, id').reads).toEqual(['a']);
  });

  test('only plain SELECTs without time, random or SQLite internal tables are kept', () => {
    expect(parseStatement('SELECT name FROM a WHERE id = ?').cacheable).toBe(true);
    expect(parseStatement("SELECT datetime('now') AS d FROM a").cacheable).toBe(false);
    expect(parseStatement('SELECT random() AS r FROM a').cacheable).toBe(false);
    expect(parseStatement("SELECT seq FROM sqlite_sequence WHERE name = 'a'").cacheable).toBe(false);
    expect(parseStatement('UPDATE a SET name = ?').cacheable).toBe(false);
    expect(parseStatement('WITH x AS (SELECT 1) SELECT * FROM x').cacheable).toBe(false);
  });

  test('a WITH query that writes nothing is a read of its tables, not a change of every table', () => {
    const read = parseStatement('WITH RECURSIVE up(id) AS (SELECT id FROM a WHERE id = ? UNION SELECT a.b_id FROM a JOIN up ON a.id = up.id) SELECT b.name FROM b JOIN up ON up.id = b.id');
    expect({ write: read.write, cacheable: read.cacheable }).toEqual({ write: null, cacheable: false });
    expect(read.reads).toEqual(expect.arrayContaining(['a', 'b', 'up']));
    // a WITH that writes stays of unknown extent
    expect(parseStatement('WITH x AS (SELECT 1 AS v) UPDATE a SET name = (SELECT v FROM x)').write).toBe('unknown');
    // and kept reads of other tables survive it
    const cr = cursor();
    cr.run('INSERT INTO c (id, name) VALUES (1, ?)', ['kept']);
    const q = 'SELECT name FROM c WHERE id = ?';
    cr.get(q, [1]);
    const kept = cr.cachedReadCount;
    cr.all('WITH x(v) AS (SELECT name FROM a) SELECT count(*) AS n FROM x');
    expect(cr.get(q, [1])).toEqual({ name: 'kept' });
    expect(cr.cachedReadCount).toBe(kept + 1);
  });
});

describe('kept reads', () => {
  test('a read is answered again while its tables are unchanged, and runs again after a write to any of them', () => {
    const cr = cursor();
    cr.run('INSERT INTO a (id, b_id, name) VALUES (1, 1, ?)', ['first']);
    cr.run('INSERT INTO b (id, name) VALUES (1, ?)', ['one']);
    const q = 'SELECT a.name AS a, b.name AS b FROM a, b WHERE b.id = a.b_id AND a.id = ?';
    expect(cr.get(q, [1])).toEqual({ a: 'first', b: 'one' });
    const kept = cr.cachedReadCount;
    cr.run('UPDATE c SET name = ? WHERE id = 1', ['other table']);
    expect(cr.get(q, [1])).toEqual({ a: 'first', b: 'one' });
    expect(cr.cachedReadCount).toBe(kept + 1);
    // the second table of the comma join
    cr.run('UPDATE b SET name = ? WHERE id = 1', ['uno']);
    expect(cr.get(q, [1])).toEqual({ a: 'first', b: 'uno' });
    expect(cr.cachedReadCount).toBe(kept + 1);
    // other bound values are another read
    expect(cr.get(q, [2])).toBeUndefined();
  });

  test('callers get copies: changing a returned row or list does not change the next answer', () => {
    const cr = cursor();
    cr.run('INSERT INTO a (id, name) VALUES (1, ?), (2, ?)', ['x', 'y']);
    const rows = cr.all<{ id: number; name: string }>('SELECT id, name FROM a ORDER BY id');
    rows[0].name = 'changed';
    rows.reverse();
    const raw = cr.raw('SELECT id, name FROM a ORDER BY id');
    raw[1][1] = 'changed too';
    expect(cr.all('SELECT id, name FROM a ORDER BY id')).toEqual([{ id: 1, name: 'x' }, { id: 2, name: 'y' }]);
    expect(cr.raw('SELECT id, name FROM a ORDER BY id')).toEqual([[1, 'x'], [2, 'y']]);
    const one = cr.get<{ name: string }>('SELECT name FROM a WHERE id = 1')!;
    one.name = 'changed';
    expect(cr.get('SELECT name FROM a WHERE id = 1')).toEqual({ name: 'x' });
  });

  test('a rolled back write is not seen, nor kept', () => {
    const cr = cursor();
    cr.run('INSERT INTO a (id, name) VALUES (1, ?)', ['before']);
    const q = 'SELECT name FROM a WHERE id = 1';
    expect(() => cr.transaction(() => {
      cr.transaction(() => {
        cr.run('UPDATE a SET name = ? WHERE id = 1', ['inside']);
        expect(cr.get(q)).toEqual({ name: 'inside' });
        throw new Error('undo');
      });
    })).toThrow('undo');
    expect(cr.get(q)).toEqual({ name: 'before' });
  });

  test("another connection's commit is seen once the cursor is told (a worker pool bumps writeVersion)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-cache-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      const cr = cursor(file);
      cr.run('INSERT INTO a (id, name) VALUES (1, ?)', ['mine']);
      const q = 'SELECT name FROM a WHERE id = 1';
      expect(cr.get(q)).toEqual({ name: 'mine' });
      const other = new Sqlite(file);
      other.prepare('UPDATE a SET name = ? WHERE id = 1').run('theirs');
      other.close();
      cr.writeVersion++;
      expect(cr.get(q)).toEqual({ name: 'theirs' });
      cr.db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("in a worker pool, each call's snapshot notices what other connections committed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-cache-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      const cr = cursor(file);
      cr.run('INSERT INTO a (id, name) VALUES (1, ?)', ['mine']);
      cr.concurrent = true;
      const q = 'SELECT name FROM a WHERE id = 1';
      expect(cr.transaction(() => cr.get(q))).toEqual({ name: 'mine' });
      const other = new Sqlite(file);
      other.prepare('UPDATE a SET name = ? WHERE id = 1').run('theirs');
      other.close();
      expect(cr.transaction(() => cr.get(q))).toEqual({ name: 'theirs' });
      // outside a transaction nothing is kept
      const again = new Sqlite(file);
      again.prepare('UPDATE a SET name = ? WHERE id = 1').run('again');
      again.close();
      expect(cr.get(q)).toEqual({ name: 'again' });
      cr.db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bounded caches', () => {
  test('past 4,000 kept reads, the oldest statement texts are dropped, not every kept read', () => {
    const cr = cursor();
    cr.run('INSERT INTO c (id, name) VALUES (1, ?)', ['c']);
    const early = 'SELECT name FROM b WHERE id = ?';
    const recent = 'SELECT name FROM c WHERE id = ?';
    cr.get(early, [1]);
    for (let i = 0; i < 3998; i++) cr.get('SELECT name FROM a WHERE id = ?', [i]);
    cr.get(recent, [1]);
    // the 4,001st kept read makes room
    cr.get('SELECT name FROM a WHERE id = ?', [5000]);
    const kept = cr.cachedReadCount;
    // the recent text survives (a full clear would have dropped it too)
    expect(cr.get(recent, [1])).toEqual({ name: 'c' });
    expect(cr.cachedReadCount).toBe(kept + 1);
    // the oldest one is gone
    cr.get(early, [1]);
    expect(cr.cachedReadCount).toBe(kept + 1);
  });

  test('evictOldest removes entries in insertion order', () => {
    const map = new Map([['a', 1], ['b', 2], ['c', 3]]);
    evictOldest(map, 2);
    expect([...map.keys()]).toEqual(['c']);
    evictOldest(map, 5);
    expect(map.size).toBe(0);
  });
});
