/**
 * One transaction per call when other connections write the same database (the processes of a
 * worker pool): a call reads one snapshot; its first write takes the write lock, or, when
 * another connection committed since its snapshot, the whole call runs again holding the lock
 * from its start (Odoo retries a call that hits a serialization failure the same way).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Sqlite from 'better-sqlite3';
import { Cursor, setupConnection } from '../../models/orm/sql';

let dir: string;
let file: string;

function cursor(): Cursor {
  const db = new Sqlite(file, { timeout: 2000 });
  setupConnection(db);
  const cr = new Cursor(db);
  cr.concurrent = true;
  return cr;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-tx-'));
  file = path.join(dir, 'db.sqlite');
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)');
  db.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const value = (cr: Cursor) => cr.get<{ n: number }>('SELECT n FROM counter WHERE id = 1')!.n;

test('a call whose snapshot went stale before its first write runs again with the lock, and loses nothing', () => {
  const one = cursor();
  const two = cursor();
  let runs = 0;
  one.transaction(() => {
    runs++;
    const n = value(one);
    // another process commits between this call's read and its write
    if (runs === 1) two.transaction(() => { two.run('UPDATE counter SET n = n + 10 WHERE id = 1'); });
    one.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
  });
  expect(runs).toBe(2);
  expect(value(two)).toBe(11);
  one.db.close();
  two.db.close();
});

test('every read of a call sees the same snapshot, whatever others commit meanwhile', () => {
  const one = cursor();
  const two = cursor();
  const seen = one.transaction(() => {
    const before = value(one);
    two.transaction(() => { two.run('UPDATE counter SET n = 5 WHERE id = 1'); });
    return [before, value(one)];
  });
  expect(seen).toEqual([0, 0]);
  expect(one.transaction(() => value(one))).toBe(5);
  one.db.close();
  two.db.close();
});

test('a call that only reads never takes the write lock: another connection writes meanwhile', () => {
  const one = cursor();
  const two = cursor();
  one.transaction(() => {
    value(one);
    // two's write would wait for the lock (and time out) if one held it
    two.transaction(() => { two.run('UPDATE counter SET n = 1 WHERE id = 1'); });
  });
  expect(value(one)).toBe(1);
  one.db.close();
  two.db.close();
});
