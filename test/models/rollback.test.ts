/**
 * A failed transaction on a database that has no AUTOINCREMENT table yet (an empty database while
 * its schema is being built) rolls back and reports its own error: keeping ids used up across a
 * rollback must not need sqlite_sequence to exist (it is created with the first such table).
 */
import Database from 'better-sqlite3';
import { Cursor } from '../../models/orm/sql';

test('an error in the first transaction of an empty database is the one reported', () => {
  const cr = new Cursor(new Database(':memory:'));
  expect(() => cr.transaction(() => {
    cr.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)');
    cr.run('INSERT INTO t (name) VALUES (?)', ['a']);
    throw new Error('the real cause');
  })).toThrow('the real cause');
  // the rollback took the table (and sqlite_sequence) away with it
  expect(cr.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('t', 'sqlite_sequence')").all()).toEqual([]);
});

test('ids used up by a rolled-back transaction stay used up', () => {
  const cr = new Cursor(new Database(':memory:'));
  cr.transaction(() => {
    cr.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)');
    cr.run('INSERT INTO t (name) VALUES (?)', ['a']);
  });
  expect(() => cr.transaction(() => {
    cr.run('INSERT INTO t (name) VALUES (?)', ['b']);
    throw new Error('fail');
  })).toThrow('fail');
  cr.transaction(() => cr.run('INSERT INTO t (name) VALUES (?)', ['c']));
  expect(cr.db.prepare('SELECT id, name FROM t ORDER BY id').all()).toEqual([{ id: 1, name: 'a' }, { id: 3, name: 'c' }]);
});
