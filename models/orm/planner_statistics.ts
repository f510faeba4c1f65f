/**
 * The query planner's table statistics (sqlite_stat1, sqlite_stat4), kept in step with the data
 * as tables grow: SQLite's counterpart of PostgreSQL's autoanalyze.
 *
 * Without statistics SQLite assumes every table is large; with statistics made once (when the
 * template database was built) a table that has grown since still looks tiny, and SQLite scans
 * it rather than using an index: an order-to-cash cycle's "order lines of these invoice lines"
 * scanned sale_order_line (44 rows when analyzed) and took 10 times longer after 2,000 cycles.
 *
 * So every connection checks, every CHECK_EVERY_WRITES committed write transactions and when it
 * opens the database, which tables changed size 10-fold since they were analyzed, and analyzes
 * those again (analysis_limit bounds each ANALYZE, whatever the table's size). The test is SQLite's
 * own (PRAGMA optimize, report-only mode 0x1): it estimates a table's size from the B-tree's
 * first leaf path, without reading the table, so a check costs ~0.1-0.4 ms for 250 tables. Size
 * is tracked on a log scale: a table is analyzed about once per 10-fold growth, and the planner
 * never believes a table more than ~10 times smaller than it is.
 *
 * Other connections (a worker pool's processes) write the same file: a check never waits for
 * the write lock (busy timeout 0); when another connection holds it, the check is skipped and the
 * next one tries again. Reads never check: a call that wrote nothing costs nothing here.
 */
import type Sqlite from 'better-sqlite3';
import { ident } from './sql';

/** Rows ANALYZE samples per index (SQLite's analysis_limit): its cost is bounded on any table size. */
export const ANALYSIS_LIMIT = 1000;
/** Committed write transactions of a connection between two checks. */
export const CHECK_EVERY_WRITES = 50;
/**
 * Tables analyzed at most by one periodic check: each ANALYZE reloads every statistic of the
 * schema (~3-6 ms with sqlite_stat4), and the check runs right after a call's commit; the other
 * tables wait for the next checks.
 */
export const TABLES_PER_CHECK = 3;
/** Checks before a table this connection analyzed may be analyzed again. */
const COOLDOWN_CHECKS = 20;

/** What a check did: the tables it analyzed again, or `skipped` when another connection was writing. */
export interface StatisticsCheck { analyzed: string[]; skipped: boolean }

export class PlannerStatistics {
  private writes = 0;
  private checks = 0;
  /** The check at which this connection last analyzed each table (see COOLDOWN_CHECKS). */
  private analyzedAt = new Map<string, number>();

  constructor(private readonly sqlite: Sqlite.Database) {}

  /**
   * After each committed write transaction (outside any transaction): every CHECK_EVERY_WRITES
   * of them, analyze the tables that changed size. Returns whether it committed anything.
   */
  writeCommitted(): boolean {
    if (++this.writes < CHECK_EVERY_WRITES) return false;
    this.writes = 0;
    return this.refresh({ allTables: true, maxTables: TABLES_PER_CHECK }).analyzed.length > 0;
  }

  /**
   * Analyze again the tables whose size changed 10-fold since their statistics were made (at
   * most `maxTables` of them); `allTables`: every table, not only those this connection's
   * queries have used (PRAGMA optimize's 0x10000); `complete`: give the tables left without
   * statistics theirs (see completeStatistics; tables made since, by a module installed later).
   * Never waits for another connection's write lock, and a failure leaves the statistics as
   * they were: planner statistics are an optimisation, never a reason for a call to fail.
   */
  refresh(opts: { allTables?: boolean; maxTables?: number; complete?: boolean } = {}): StatisticsCheck {
    if (this.sqlite.inTransaction) return { analyzed: [], skipped: true };
    return withoutWaiting(this.sqlite, () => this.refreshNow(opts)) ?? { analyzed: [], skipped: true };
  }

  private refreshNow(opts: { allTables?: boolean; maxTables?: number; complete?: boolean }): StatisticsCheck {
    if (!this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get()) {
      // never analyzed (a file made by an older version or another program)
      analyzeAll(this.sqlite);
      return { analyzed: ['*'], skipped: false };
    }
    const check = ++this.checks;
    // a table analyzed a moment ago and reported again (its size estimate and its count disagree
    // 10-fold) waits: the estimate will not change by analyzing it once more
    const stale = staleTables(this.sqlite, !!opts.allTables)
      .filter((t) => check - (this.analyzedAt.get(t) ?? -Infinity) > COOLDOWN_CHECKS)
      .slice(0, opts.maxTables ?? Infinity);
    if (!stale.length && !opts.complete) return { analyzed: [], skipped: false };
    this.sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    this.sqlite.exec('BEGIN IMMEDIATE');
    for (const table of stale) this.sqlite.exec(`ANALYZE "main".${ident(table)}`);
    // an analyzed table that was empty loses its row (see completeStatistics)
    const completed = completeStatistics(this.sqlite);
    this.sqlite.exec('COMMIT');
    for (const table of stale) this.analyzedAt.set(table, check);
    return { analyzed: completed && !stale.length ? ['(completed)'] : stale, skipped: false };
  }
}

/**
 * The tables PRAGMA optimize would analyze now (its report-only mode 0x1: it names them without
 * analyzing): those whose size estimate is 10 times larger or smaller than their statistics say,
 * and those with an index lacking statistics. Without `allTables`, only tables this connection's
 * queries used since it opened are looked at.
 */
export function staleTables(sqlite: Sqlite.Database, allTables: boolean): string[] {
  const rows = sqlite.pragma(`optimize = ${allTables ? 0x10003 : 0x3}`) as Array<Record<string, string>>;
  return rows.map((r) => Object.values(r)[0]).map((sql) => /^ANALYZE "main"\."((?:[^"]|"")*)"$/.exec(sql))
    .filter((m): m is RegExpExecArray => !!m).map((m) => m[1].replace(/""/g, '"'));
}

/** ANALYZE every table, and complete the statistics it leaves out (see completeStatistics). */
export function analyzeAll(sqlite: Sqlite.Database): void {
  sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  sqlite.exec('ANALYZE');
  completeStatistics(sqlite);
}

/**
 * A statistics row of 0 rows for each table whose size ANALYZE left unrecorded: an empty table
 * gets a table row only from a full (not partial) index, so an empty table without index, or
 * with only partial indexes (mail_alias), keeps SQLite's default size of a million rows, and
 * PRAGMA optimize would find it shrunk 10-fold and analyze it at every check and opening (each
 * ANALYZE reloads the schema's statistics: ~3 ms). The statistics are reloaded only when a row
 * was added. Returns whether one was.
 */
export function completeStatistics(sqlite: Sqlite.Database): boolean {
  const added = sqlite.prepare(`INSERT INTO sqlite_stat1 (tbl, idx, stat) SELECT name, NULL, '0' FROM sqlite_master m
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'
      AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.name AND (s.idx IS NULL OR s.idx = s.tbl
        OR s.idx IN (SELECT i.name FROM pragma_index_list(m.name) i WHERE i.partial = 0)))`).run().changes;
  if (added) sqlite.exec('ANALYZE sqlite_schema');
  return added > 0;
}

/**
 * Run `fn`, which may write, without ever waiting for another connection's write lock (busy
 * timeout 0 meanwhile): null when another connection held it. Whatever `fn` began is rolled
 * back when it fails. For the connection's periodic upkeep (statistics, trigram queues), which
 * the next step retries.
 */
export function withoutWaiting<T>(sqlite: Sqlite.Database, fn: () => T): T | null {
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    return fn();
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    if (isLocked(e)) return null;
    throw e;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/** SQLITE_BUSY or SQLITE_LOCKED (and their extended codes): another connection holds the lock. */
function isLocked(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}
