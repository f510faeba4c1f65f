/**
 * Odoo's trigram indexes (fields with index='trigram': a PostgreSQL GIN index that serves
 * like/ilike '%x%'). Here each such table T gets an FTS5 trigram index `T__trgm` that narrows
 * those searches; the exact LIKE still decides (domain.ts trigramPrefilter).
 *
 * The index is brought up to date in batches rather than row by row: triggers only note the ids
 * of rows inserted, changed (in an indexed column) or deleted in the queue `T__trgm_queue`, and
 * a periodic step (drainTrigramQueues, every so many committed write transactions) re-indexes
 * those rows at once. Indexing row by row made FTS5 write a new segment at every commit (its
 * pages, its structure record and its merges), a few % of every call that creates journal items
 * or entries; a queue row is one small B-tree insert. Searches stay exact in between: a row is
 * a candidate when the index matches it OR its id waits in the queue, so a row changed since it
 * was indexed is looked at by the LIKE whatever the index says of its old value.
 *
 * The index is contentless with contentless_delete (SQLite 3.43): a row's old entry goes by its
 * rowid alone, so re-indexing needs only the row's current values.
 */
import type Sqlite from 'better-sqlite3';
import { ident, SQL } from './sql';
import { withoutWaiting } from './planner_statistics';

/** The queue of rows waiting to be (re-)indexed. */
export const trigramQueue = (table: string): string => `${table}__trgm_queue`;
/** The FTS5 trigram index of a table. */
export const trigramIndex = (table: string): string => `${table}__trgm`;
/** The table of a trigram index. */
export const trigramTable = (index: string): string => index.replace(/__trgm$/, '');
/** Whether an FTS5 declaration is a trigram index of this layout (contentless), not an older external-content one. */
export const isContentless = (indexDeclaration: string): boolean => /content\s*=\s*''/i.test(indexDeclaration);

/** The columns of a model that have a trigram index (fields with index='trigram'). */
export function trigramIndexedColumns(M: { _fields: Record<string, { column?: string | null; spec: { index?: unknown } }> }): string[] {
  return Object.values(M._fields).filter((f) => f.column && f.spec.index === 'trigram').map((f) => f.column!);
}

interface SchemaCursor {
  exec(sql: string): void;
  get<T>(sql: string, params?: unknown[]): T | undefined;
}

/** The declaration of the trigram index of `table` over `columns` (as sqlite_master keeps it). */
export function trigramIndexDeclaration(table: string, columns: string[]): string {
  return `CREATE VIRTUAL TABLE ${ident(trigramIndex(table))} USING fts5(${columns.map(ident).join(', ')}, content='', contentless_delete=1, tokenize='trigram')`;
}

/**
 * Create (or bring to this layout) the trigram index of `table` over `columns`: an index made by
 * an older version (external content kept by row triggers) or over other columns is rebuilt.
 */
export function ensureTrigramIndex(cr: SchemaCursor, table: string, columns: string[]): void {
  const fts = trigramIndex(table);
  const wanted = trigramIndexDeclaration(table, columns);
  const had = cr.get<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [fts]);
  if (had && had.sql !== wanted) {
    for (const suffix of ['ai', 'ad', 'au']) cr.exec(`DROP TRIGGER IF EXISTS ${ident(`${fts}_${suffix}`)}`);
    cr.exec(`DROP TABLE ${ident(fts)}`);
  }
  const queue = trigramQueue(table);
  cr.exec(`CREATE TABLE IF NOT EXISTS ${ident(queue)} (id INTEGER PRIMARY KEY)`);
  const note = (row: 'new' | 'old') => `BEGIN INSERT OR IGNORE INTO ${ident(queue)} (id) VALUES (${row}.id); END`;
  cr.exec(`CREATE TRIGGER IF NOT EXISTS ${ident(`${fts}_qi`)} AFTER INSERT ON ${ident(table)} ${note('new')}`);
  cr.exec(`CREATE TRIGGER IF NOT EXISTS ${ident(`${fts}_qd`)} AFTER DELETE ON ${ident(table)} ${note('old')}`);
  // the trigger names the columns it watches: a new column set means a new trigger
  cr.exec(`DROP TRIGGER IF EXISTS ${ident(`${fts}_qu`)}`);
  cr.exec(`CREATE TRIGGER ${ident(`${fts}_qu`)} AFTER UPDATE OF ${columns.map(ident).join(', ')} ON ${ident(table)} ${note('new')}`);
  if (!had || had.sql !== wanted) {
    cr.exec(wanted);
    cr.exec(refillTrigramIndexSql(table, columns));
    cr.exec(`DELETE FROM ${ident(queue)}`);
  }
}

/** The tables of a registry that have trigram-indexed columns (index='trigram'), with those columns. */
export function trigramIndexesOf(registry: { models: Map<string, { _table: string; _fields: Record<string, { column?: string | null; spec: { index?: unknown } }> }> }): Array<{ table: string; columns: string[] }> {
  const out: Array<{ table: string; columns: string[] }> = [];
  for (const M of registry.models.values()) {
    const columns = trigramIndexedColumns(M);
    if (columns.length) out.push({ table: M._table, columns });
  }
  return out;
}

/** The statement that indexes every row of the table (the index being empty). */
export function refillTrigramIndexSql(table: string, columns: string[]): string {
  const cols = columns.map(ident).join(', ');
  return `INSERT INTO ${ident(trigramIndex(table))} (rowid, ${cols}) SELECT id, ${cols} FROM ${ident(table)}`;
}

/** The indexed columns of a trigram index, from its declaration. */
export function trigramColumns(indexDeclaration: string): string[] {
  const m = /fts5\((.*)\)\s*$/is.exec(indexDeclaration);
  if (!m) return [];
  return m[1].split(',').map((s) => s.trim()).filter((s) => !s.includes('=')).map((s) => s.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

/**
 * The candidates of a trigram search: the rows whose index entry matches `query` (an FTS5 query)
 * and the rows waiting in the queue, whose entry may be missing or stale.
 */
export function trigramCandidates(idColumn: string, table: string, query: string): SQL {
  return new SQL(`${idColumn} IN (SELECT rowid FROM ${ident(trigramIndex(table))} WHERE ${ident(trigramIndex(table))} MATCH ? UNION ALL SELECT id FROM ${ident(trigramQueue(table))})`, [query]);
}

/**
 * Re-index the rows waiting in the queues of every trigram index of the file (inside a
 * transaction); `wrote` hears of each table changed (the cursor's caches depend on them).
 */
export function drainTrigramQueues(sqlite: Sqlite.Database, wrote: (kind: 'insert' | 'delete', table: string) => void = () => undefined): number {
  let done = 0;
  const indexes = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_trgm' ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%'`).all() as Array<{ name: string; sql: string }>;
  for (const { name, sql } of indexes) {
    const table = trigramTable(name);
    const queue = trigramQueue(table);
    if (!sqlite.prepare(`SELECT 1 FROM ${ident(queue)} LIMIT 1`).get()) continue;
    const cols = trigramColumns(sql).map(ident).join(', ');
    sqlite.prepare(`DELETE FROM ${ident(name)} WHERE rowid IN (SELECT id FROM ${ident(queue)})`).run();
    sqlite.prepare(`INSERT INTO ${ident(name)} (rowid, ${cols}) SELECT id, ${cols} FROM ${ident(table)} WHERE id IN (SELECT id FROM ${ident(queue)})`).run();
    done += sqlite.prepare(`DELETE FROM ${ident(queue)}`).run().changes;
    wrote('delete', name);
    wrote('insert', name);
    wrote('delete', queue);
  }
  return done;
}

/** Committed write transactions of a connection between two re-indexing steps. */
export const DRAIN_EVERY_WRITES = 50;

/**
 * The periodic re-indexing step of a connection: every DRAIN_EVERY_WRITES committed write
 * transactions, outside any transaction, the queued rows are indexed in one transaction. Like
 * the planner statistics' check it never waits for another connection's write lock (a worker
 * pool's other process writing: the next step tries again), and a failure leaves the queues as
 * they were: the searches are exact with or without it.
 */
export class TrigramQueues {
  private writes = 0;

  /** `wrote`: see drainTrigramQueues (the Cursor's TableVersions.wrote). */
  constructor(private readonly sqlite: Sqlite.Database, private readonly wrote: (kind: 'insert' | 'delete', table: string) => void = () => undefined) {}

  /** After each committed write transaction; returns whether it committed anything. */
  writeCommitted(): boolean {
    if (++this.writes < DRAIN_EVERY_WRITES) return false;
    return this.drain() > 0;
  }

  /** Index the queued rows now; the rows indexed (0 when another connection was writing). */
  drain(): number {
    if (this.sqlite.inTransaction) return 0;
    this.writes = 0;
    return withoutWaiting(this.sqlite, () => {
      this.sqlite.exec('BEGIN IMMEDIATE');
      const done = drainTrigramQueues(this.sqlite, this.wrote);
      this.sqlite.exec('COMMIT');
      return done;
    }) ?? 0;
  }
}
