/**
 * The content hash that keys cached database images: kept between starts, yet it changes with any
 * change of a file's content, a file added or removed (models/modules/tree_hash.ts).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { treeHash } from '../../models/modules/tree_hash';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-hash-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'a.xml'), '<odoo/>');
  fs.writeFileSync(path.join(dir, 'b.csv'), 'id,name\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the same folder gives the same hash, from the kept value', () => {
  const first = treeHash(dir);
  expect(treeHash(dir)).toBe(first);
  expect(first).toMatch(/^[0-9a-f]{40}$/);
});

test('a changed content, an added and a removed file each give another hash', () => {
  const hashes = new Set([treeHash(dir)]);
  const a = path.join(dir, 'data', 'a.xml');
  fs.writeFileSync(a, '<odoo>changed</odoo>');
  hashes.add(treeHash(dir));
  // same size, only the content and time differ
  fs.writeFileSync(a, '<odoo>chAnged</odoo>');
  fs.utimesSync(a, new Date(), new Date(Date.now() + 5000));
  hashes.add(treeHash(dir));
  fs.writeFileSync(path.join(dir, 'c.txt'), 'new');
  hashes.add(treeHash(dir));
  fs.rmSync(path.join(dir, 'b.csv'));
  hashes.add(treeHash(dir));
  expect(hashes.size).toBe(5);
});

test('two folders with the same files hash alike (the hash is of contents, not places)', () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-hash-'));
  try {
    fs.cpSync(dir, other, { recursive: true });
    expect(treeHash(other)).toBe(treeHash(dir));
  } finally { fs.rmSync(other, { recursive: true, force: true }); }
});
