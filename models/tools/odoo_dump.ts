/**
 * Backups in Odoo's zip format (odoo/service/db.py dump_db / restore_db), for db.dump(…, 'zip')
 * and db.restore:
 *
 *   dump.sql       the database as SQL text — SQLite's dialect (what `sqlite3 DB .dump` writes),
 *                  since our databases are SQLite; `sqlite3 new.db < dump.sql` rebuilds one
 *   manifest.json  Odoo's keys: odoo_dump, db_name, version, version_info, major_version,
 *                  pg_version (here: the SQLite version), modules {name: installed version}
 *   filestore/     attachments' files (<2 hex>/<sha1>) of a database kept on disk; in-memory
 *                  databases keep attachment bytes in ir_attachment.db_datas, so they have none
 *
 * Like Odoo, dump.sql comes first in the archive and restore reads only dump.sql (and
 * filestore/). A PostgreSQL dump from a real Odoo cannot be replayed into SQLite: restoring one
 * fails with Odoo's "Couldn't restore database". Restore still accepts our plain SQLite image
 * (what db.dump gives for the 'dump' format).
 */
import fs from 'fs';
import path from 'path';
import Sqlite from 'better-sqlite3';
import { isContentless, refillTrigramIndexSql, trigramColumns, trigramQueue, trigramTable } from '../orm/trigram';
import type * as Fflate from 'fflate';

/** fflate loads with the first dump or restore, not at start-up. */
function fflate(): typeof Fflate {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('fflate');
}

export const ODOO_VERSION_INFO = [17, 0, 0, 'final', 0, ''];

/** One SQL literal, as SQLite's .dump writes it. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toPrecision(17).replace(/\.?0+$/, '')) : 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return `'${String(v).replace(/'/g, "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The database as SQL text: tables and their rows, then indexes and triggers. Full-text tables
 * (FTS5, the trigram indexes of name searches) are declared and rebuilt from their content
 * table instead of copying their internal tables.
 */
export function sqlDump(sqlite: Sqlite.Database): string {
  const out: string[] = ['PRAGMA foreign_keys=OFF;', 'BEGIN TRANSACTION;'];
  const objects = sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid").all() as Array<{ type: string; name: string; sql: string }>;
  const virtual = objects.filter((o) => o.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(o.sql)).map((o) => o.name);
  const shadow = new Set(virtual.flatMap((v) => ['data', 'idx', 'docsize', 'config', 'content'].map((s) => `${v}_${s}`)));
  // a trigram index's queue (models/orm/trigram.ts) starts empty: the index is refilled whole
  const queues = new Set(virtual.map((v) => trigramQueue(trigramTable(v))));
  for (const o of objects.filter((x) => x.type === 'table' && !shadow.has(x.name))) {
    out.push(`${o.sql};`);
    if (virtual.includes(o.name) || queues.has(o.name)) continue;
    const rows = sqlite.prepare(`SELECT * FROM ${quoteIdent(o.name)}`).raw(true).all() as unknown[][];
    for (const r of rows) out.push(`INSERT INTO ${quoteIdent(o.name)} VALUES(${r.map(literal).join(',')});`);
  }
  for (const v of virtual) {
    const sql = objects.find((o) => o.name === v)!.sql;
    // a contentless trigram index is filled from its table; an external-content one rebuilds itself
    out.push(isContentless(sql) ? `${refillTrigramIndexSql(trigramTable(v), trigramColumns(sql))};` : `INSERT INTO ${quoteIdent(v)}(${quoteIdent(v)}) VALUES('rebuild');`);
  }
  const seq = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
  if (seq) {
    out.push('DELETE FROM sqlite_sequence;');
    for (const r of sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>) {
      out.push(`INSERT INTO sqlite_sequence VALUES(${literal(r.name)},${literal(r.seq)});`);
    }
  }
  for (const o of objects.filter((x) => x.type !== 'table')) out.push(`${o.sql};`);
  out.push('COMMIT;');
  return `${out.join('\n')}\n`;
}

/** db.dump(name, 'zip'): Odoo's archive of a database. */
export function zipDump(sqlite: Sqlite.Database, dbName: string, filestore: string | null = null): Buffer {
  const modules = Object.fromEntries((sqlite.prepare("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' ORDER BY name").all() as Array<{ name: string; latest_version: string | null }>)
    .map((r) => [r.name, r.latest_version]));
  const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const manifest = {
    odoo_dump: '1',
    db_name: dbName,
    version: '17.0',
    version_info: ODOO_VERSION_INFO,
    major_version: '17.0',
    pg_version: sqliteVersion,
    modules,
  };
  // Odoo writes the manifest with json.dump(indent=4); dump.sql is the archive's first member
  const files: Record<string, Uint8Array> = {
    'dump.sql': fflate().strToU8(sqlDump(sqlite)),
    'manifest.json': fflate().strToU8(JSON.stringify(manifest, null, 4)),
  };
  // the filestore follows, as Odoo's dump_db copies it under filestore/
  if (filestore && fs.existsSync(filestore)) {
    for (const dir of fs.readdirSync(filestore).sort()) {
      if (dir === 'checklist') continue;
      const full = path.join(filestore, dir);
      if (!fs.statSync(full).isDirectory()) continue;
      for (const name of fs.readdirSync(full).sort()) files[`filestore/${dir}/${name}`] = fs.readFileSync(path.join(full, name));
    }
  }
  return Buffer.from(fflate().zipSync(files, { level: 6 }));
}

export class RestoreError extends Error {}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The attachment files of an Odoo zip backup (filestore/<2 hex>/<sha1>), by their path under filestore/. */
export function filestoreFromBackup(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!(data.length >= 4 && data.readUInt32LE(0) === 0x04034b50)) return out;
  let files: Record<string, Uint8Array>;
  try {
    files = fflate().unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { filter: (f) => f.name.startsWith('filestore/') && !f.name.endsWith('/') });
  } catch {
    return out;
  }
  for (const [name, bytes] of Object.entries(files)) {
    const rel = name.slice('filestore/'.length);
    // only Odoo's layout: no absolute paths or parent references
    if (!/^[0-9a-f]{2}\/[0-9a-f]{40}$/.test(rel)) continue;
    out.set(rel, Buffer.from(bytes));
  }
  return out;
}

/** An SQLite image from what db.restore received: Odoo's zip (our dump.sql) or a plain image. */
export function imageFromBackup(data: Buffer): Buffer {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    let files: Record<string, Uint8Array>;
    try {
      files = fflate().unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { filter: (f) => f.name === 'dump.sql' });
    } catch {
      throw new RestoreError("Couldn't restore database");
    }
    const sql = files['dump.sql'];
    if (!sql) throw new RestoreError("Couldn't restore database");
    return imageFromSql(fflate().strFromU8(sql));
  }
  if (data.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return data;
  throw new RestoreError("Couldn't restore database");
}

/** Replay an SQL dump into a new database; a PostgreSQL dump (a real Odoo's) fails as Odoo's psql would. */
function imageFromSql(sql: string): Buffer {
  const sqlite = new Sqlite(':memory:');
  try {
    sqlite.exec(sql);
    sqlite.exec('ANALYZE');
    return sqlite.serialize();
  } catch {
    throw new RestoreError("Couldn't restore database");
  } finally {
    sqlite.close();
  }
}
