/**
 * Storage access: one better-sqlite3 connection per database, prepared-statement reuse,
 * transactions and savepoints. Only the ORM uses this module.
 */
import Database from 'better-sqlite3';
import type { ModuleHost } from '../modules/loading';
import { systemClock, type Clock } from '../tools/clock';
import { SerializationFailure } from './exceptions';
import { TableVersions, parseStatement, type StatementInfo } from './table_versions';

export type SqlParam = string | number | bigint | Buffer | null;

/** A SQL fragment with its bound parameters, built by composing smaller fragments. */
export class SQL {
  constructor(public readonly text: string, public readonly params: SqlParam[] = []) {}
  static join(parts: SQL[], sep: string): SQL {
    return new SQL(parts.map((p) => p.text).join(sep), parts.flatMap((p) => p.params));
  }
  static raw(text: string): SQL { return new SQL(text); }
}

/** Lists longer than this are bound as one JSON array (json_each) instead of one `?` each. */
const INLINE_LIST_MAX = 64;

/**
 * `expr IN (values)` (or NOT IN) for a list of any length: short lists get one placeholder per
 * value; longer ones are bound as a single JSON array read by json_each, so neither SQLite's
 * limit on bound variables nor the statement cache (one text per list length) is ever hit.
 */
export function inList(expr: string, values: readonly SqlParam[], negate = false): SQL {
  const op = negate ? 'NOT IN' : 'IN';
  if (values.length <= INLINE_LIST_MAX) return new SQL(`${expr} ${op} (${placeholders(values.length) || 'NULL'})`, [...values]);
  return new SQL(`${expr} ${op} (SELECT value FROM json_each(?))`, [JSON.stringify(values)]);
}

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32). */
const MAX_BOUND_PARAMS = 32766;

/**
 * Past SQLite's limit on bound variables (a domain of tens of thousands of leaves), the values
 * are written into the statement as SQL literals instead, quoted: '?' outside quotes and
 * identifiers is replaced in order. PostgreSQL has no such limit, so Odoo answers these calls.
 */
export function inlineParams(text: string, params: readonly SqlParam[]): string {
  let out = '';
  let p = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      out += c;
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') {
      out += sqlLiteral(params[p++]);
    } else {
      out += c;
    }
  }
  return out;
}

function sqlLiteral(v: SqlParam | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** Quote an identifier (table or column names only ever come from the registry). */
export function ident(name: string): string {
  // names with a quote are rare: the plain case skips the regular expression
  return name.includes('"') ? `"${name.replace(/"/g, '""')}"` : `"${name}"`;
}

/**
 * Text ordering: PostgreSQL databases in en_US.UTF-8 sort case-insensitively; SQLite's NOCASE
 * collation is the closest built-in (ASCII case folding). better-sqlite3 cannot register custom
 * collations, and a JS collation would also make every indexed ORDER BY slower.
 */
export const TEXT_COLLATION = 'NOCASE';

/**
 * SQLite `synchronous` levels a server may run with (odoo.conf `db_synchronous`). In WAL mode,
 * `normal` (the default) makes a commit durable against the server process being killed (the
 * WAL is written before COMMIT returns, only its fsync is deferred to checkpoints); a power loss
 * or OS crash may roll back the last commits, never corrupt the file. `full` fsyncs the WAL at
 * every commit, so committed transactions also survive power loss (README "Durability").
 */
export const DB_SYNCHRONOUS_LEVELS = ['normal', 'full'];
let synchronousLevel = 'normal';

/** The level for connections opened from now on (set once at start-up from the config). */
export function setDbSynchronous(level: string): void {
  if (!DB_SYNCHRONOUS_LEVELS.includes(level)) throw new Error(`unknown synchronous level ${level}`);
  synchronousLevel = level;
}

/** The level connections are opened with (the WAL checkpoint thread's fsyncs follow it). */
export function dbSynchronous(): string {
  return synchronousLevel;
}

/** The size the WAL file is cut back to after a checkpoint (bytes). */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** Register the functions and collations our SQL relies on. */
export function setupConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronousLevel.toUpperCase()}`);
  db.pragma('foreign_keys = ON');
  // Odoo's `like` is case-sensitive (PostgreSQL); `ilike` goes through py_lower().
  db.pragma('case_sensitive_like = ON');
  // a 4 MiB page cache (SQLite's default is 2): the pages a call touches stay cached, and the
  // OS keeps the file's other pages. A larger cache costs every commit that split a B-tree page:
  // SQLite then numbers a page past the end of the file for a moment, and the end of the
  // transaction scans the cache's whole hash table to drop it (pcache1TruncateUnsafe), a table
  // as large as the cached pages: with 64 MiB, 5 % of a long-running server's CPU, 1 % now.
  db.pragma('cache_size = -4096');
  db.pragma('temp_store = MEMORY');
  // WAL checkpoints every 10,000 pages of frames (10 MB with the 1 KiB pages of new databases,
  // 40 MB with 4 KiB) rather than SQLite's 1,000: a page rewritten by many commits (an index's
  // root, a journal's last rows) is copied to the database file once per checkpoint, and the
  // checkpoint's syncs are paid ten times less often; the WAL file is cut back to 64 MB. A database
  // file of the server is checkpointed long before by a thread (checkpointer.ts): this threshold
  // is then only its safety net.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  db.function('py_lower', { deterministic: true }, (v: unknown) => (v === null ? null : String(v).toLowerCase()));
}

/**
 * Odoo's `cr.precommit`: callbacks run once, just before the outermost transaction commits, and
 * the data they share (mail.thread tracking collects initial values during the call and logs
 * the changes at the end, so several writes in one call make one tracking message).
 * Callbacks are keyed: adding the same key twice runs it once, as Odoo's Callbacks dedupe.
 */
export class Precommit {
  private callbacks = new Map<string, () => void>();
  readonly data = new Map<string, unknown>();

  add(key: string, cb: () => void): void {
    if (!this.callbacks.has(key)) this.callbacks.set(key, cb);
  }

  /** Run every callback, including those added while running; then forget them. */
  run(): void {
    while (this.callbacks.size) {
      const [key, cb] = this.callbacks.entries().next().value as [string, () => void];
      this.callbacks.delete(key);
      cb();
    }
    this.data.clear();
  }

  clear(): void {
    this.callbacks.clear();
    this.data.clear();
  }
}

/** What a cursor keeps per statement text (Cursor.texts). */
interface StatementEntry {
  info: StatementInfo;
  stmt: Database.Statement | null;
}

/** Updates of one table waiting in the cursor (Cursor.deferUpdate). */
interface PendingUpdates {
  rows: Map<number, Map<string, { column: string; sql: string; params: SqlParam[] }>>;
  translate: (e: unknown) => unknown;
}

/** A list in slices of at most `size` items. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** `?,?,…` (n of them), kept for short lists since the same lengths come back all the time. */
export function placeholders(n: number): string {
  if (n < PLACEHOLDERS.length) return PLACEHOLDERS[n];
  return Array(n).fill('?').join(',');
}
const PLACEHOLDERS = Array.from({ length: 65 }, (_, n) => Array(n).fill('?').join(','));

/** `UPDATE table SET <assignments> WHERE id IN (…)`, one statement per 500 ids. */
export function updateByIds(table: string, sets: ReadonlyArray<{ sql: string; params: SqlParam[] }>, ids: readonly number[]): SQL[] {
  // the assignments and their values once for every slice of ids
  let assignments = '';
  const head: SqlParam[] = [];
  for (let i = 0; i < sets.length; i++) {
    assignments = i ? `${assignments}, ${sets[i].sql}` : sets[i].sql;
    for (const p of sets[i].params) head.push(p);
  }
  const out: SQL[] = [];
  for (let at = 0; at < ids.length; at += 500) {
    const n = Math.min(500, ids.length - at);
    const params = head.slice();
    for (let i = at; i < at + n; i++) params.push(ids[i]);
    out.push(new SQL(`UPDATE ${ident(table)} SET ${assignments} WHERE id IN (${placeholders(n)})`, params));
  }
  return out;
}

/** A memoized result and what it was computed from (see Environment.crossCall). */
export interface MemoEntry { value: unknown; deps: string[]; stamp: number }

/** Reads returning more rows than this are not kept (copying them costs about what reading does). */
const READ_CACHE_ROWS = 64;
/** Kept read results per connection at most. */
const READ_CACHE_ENTRIES = 4000;

export class Cursor {
  readonly db: Database.Database;
  /**
   * Per statement text: what it reads and writes (table_versions.ts), parsed once, and its
   * prepared statement. One look-up per statement run, not one per step (accounting, caching,
   * preparing) with the same long key.
   */
  private texts = new Map<string, StatementEntry>();
  private depth = 0;
  /** Whether the outermost transaction has been opened in SQLite yet (see beginIfDeferred). */
  private begun = false;
  /** Callbacks run once the outermost transaction has committed (mail sending, caches). */
  private afterCommit: Array<() => void> = [];
  /** Write counters per table: caches of data-derived results check them (table_versions.ts). */
  readonly tables: TableVersions;
  /** Memo of data-derived results (access rights, rule domains, searches), each valid while the tables it read are unchanged. */
  memo: { map: Map<string, MemoEntry> } = { map: new Map() };
  /** The database this connection belongs to, for module operations (set by models/database.ts). */
  host: ModuleHost | null = null;
  /** Work left for the end of the current transaction (see Precommit). */
  readonly precommit = new Precommit();
  /**
   * While modules load: the modules loaded so far (Environment.moduleLoaded). Odoo's registry
   * grows module by module during an install; ours already holds the whole target set.
   */
  loadedModules: string[] | null = null;
  private clockValue: Clock = systemClock;
  /** SQL statements run through this cursor (queries, writes, exec), for tests and profiling. */
  statementCount = 0;
  /** Of those, reads answered from the results kept by cachedRead. */
  cachedReadCount = 0;
  /** Results of recent reads (see cachedRead). */
  private reads = new Map<string, Map<string, MemoEntry>>();
  /** Entries in `reads` (bounded by READ_CACHE_ENTRIES). */
  private readEntries = 0;
  /**
   * Other connections write this database too (the processes of a worker pool, server/pool):
   * each outermost transaction is a real SQLite transaction from its start, so every read of a
   * call sees one snapshot, and its first write must take the write lock (see `transaction`).
   */
  concurrent = false;
  /** Set when the first write of a snapshot transaction could not take the write lock. */
  private mustRetry = false;
  /** Whether the open SQLite transaction holds the write lock. */
  private writing = false;
  /**
   * Recomputed values not sent to SQLite yet (deferUpdate): table → record id → column →
   * assignment, and the tables their UPDATE changes (with what triggers write along).
   */
  private pending = new Map<string, PendingUpdates>();
  private pendingTouches = new Set<string>();
  /**
   * Foreign keys are checked at commit in this transaction (PRAGMA defer_foreign_keys, while a
   * database is initialised): a write pointing to a missing row is not refused by SQLite at
   * once, so the ORM checks its many2one targets itself beforehand.
   */
  foreignKeysDeferred = false;
  /** Called after each COMMIT of a single-writer connection (the WAL checkpoint thread counts them, checkpointer.ts). */
  onCommitted: (() => void) | null = null;
  /**
   * Called after each committed transaction that wrote (single writer or not), once the
   * connection is outside any transaction: the planner statistics' periodic check
   * (planner_statistics.ts). A call that only read never gets here.
   */
  onWriteCommitted: (() => void) | null = null;

  constructor(db: Database.Database) {
    this.db = db;
    this.tables = new TableVersions(db);
  }

  /**
   * Bumped by every write and rollback: a result computed from the database at one value is
   * still valid at the same value.
   */
  get writeVersion(): number { return this.tables.version; }
  /**
   * Bumping it (`cr.writeVersion++`) says that the database changed outside this cursor (another
   * connection committed, e.g. a worker pool's PRAGMA data_version): every memoized result is stale.
   */
  set writeVersion(_version: number) { this.tables.changedAll(); }

  /** The database's time (models/tools/clock.ts): every date the ORM writes or compares comes from here. */
  get clock(): Clock {
    // a result computed from the time is not vouched for by table writes
    if (this.tables.tracking) this.tables.noteAny();
    return this.clockValue;
  }
  set clock(clock: Clock) { this.clockValue = clock; }

  /** The models or their tables changed (module install, registry switch): every cached result is stale. */
  schemaChanged(): void {
    this.tables.changedAll();
    this.texts.clear();
    this.reads.clear();
    this.readEntries = 0;
  }

  /** The entry of a statement text (see `texts`); a text with inlined values is used once: not kept. */
  private entry(text: string): StatementEntry {
    let entry = this.texts.get(text);
    if (!entry) {
      entry = { info: parseStatement(text), stmt: null };
      if (text.length <= 65536) {
        if (this.texts.size > 2000) this.texts.clear();
        this.texts.set(text, entry);
      }
    }
    return entry;
  }

  /** Account for a statement about to run: what it depends on, what it changes. */
  private account(info: StatementInfo): void {
    this.statementCount++;
    if (this.pending.size && this.touchesPending(info)) this.flushUpdates();
    this.tables.read(info);
    if (info.write === null) return;
    if (info.write === 'unknown') this.tables.changedAll();
    else this.tables.wrote(info.write, info.table!);
  }

  /** The statement text and parameters to run: literal values past SQLite's variable limit. */
  private bind(q: SQL | string, params: SqlParam[]): [string, SqlParam[]] {
    const [text, ps] = typeof q === 'string' ? [q, params] : [q.text, q.params];
    return ps.length > MAX_BOUND_PARAMS ? [inlineParams(text, ps), []] : [text, ps];
  }

  /**
   * The prepared statement of a text, prepared at its first use; every execution goes through
   * here once (tests count it), with the text's entry when the caller has it already.
   */
  prepare(text: string, entry = this.entry(text)): Database.Statement {
    return entry.stmt ??= this.db.prepare(text);
  }

  all<T = Record<string, unknown>>(q: SQL | string, params: SqlParam[] = []): T[] {
    const [text, ps] = this.bind(q, params);
    const entry = this.entry(text);
    const key = this.readKey('all', entry.info, ps);
    const hit = key ? this.cachedRead(key, text, entry) : undefined;
    if (hit) return (hit as Array<Record<string, unknown>>).map((r) => ({ ...r })) as T[];
    const stamp = this.tables.version;
    this.account(entry.info);
    const rows = this.prepare(text, entry).all(...ps) as Array<Record<string, unknown>>;
    if (key && rows.length <= READ_CACHE_ROWS) this.keepRead(key, text, entry, stamp, rows.map((r) => ({ ...r })));
    return rows as T[];
  }
  /**
   * Rows as arrays (faster, used for id lists). `shared`: the caller neither changes the rows nor
   * keeps them (the record cache builds its own objects from them), so a kept result is shared
   * with it instead of copied, on keeping and on reuse (the widest reads, a model's prefetched
   * columns, were copied twice).
   */
  raw(q: SQL | string, params: SqlParam[] = [], shared = false): unknown[][] {
    const [text, ps] = this.bind(q, params);
    const entry = this.entry(text);
    const key = this.readKey('raw', entry.info, ps);
    const hit = key ? this.cachedRead(key, text, entry) : undefined;
    if (hit) return shared ? hit as unknown[][] : (hit as unknown[][]).map((r) => [...r]);
    const stamp = this.tables.version;
    this.account(entry.info);
    const rows = this.prepare(text, entry).raw(true).all(...ps) as unknown[][];
    if (key && rows.length <= READ_CACHE_ROWS) this.keepRead(key, text, entry, stamp, shared ? rows : rows.map((r) => [...r]));
    return rows;
  }
  get<T = Record<string, unknown>>(q: SQL | string, params: SqlParam[] = []): T | undefined {
    const [text, ps] = this.bind(q, params);
    const entry = this.entry(text);
    const key = this.readKey('get', entry.info, ps);
    const hit = key ? this.cachedRead(key, text, entry) : undefined;
    if (hit) return (hit.row ? { ...hit.row } : undefined) as T | undefined;
    const stamp = this.tables.version;
    this.account(entry.info);
    const row = this.prepare(text, entry).get(...ps) as Record<string, unknown> | undefined;
    if (key) this.keepRead(key, text, entry, stamp, { row: row ? { ...row } : undefined });
    return row as T | undefined;
  }

  /**
   * The key of a read whose result can be kept (null: not kept): a plain SELECT naming its
   * tables, with no function whose value changes without a table write (the time, random(),
   * changes()), no SQLite internal table (sqlite_sequence moves without a statement naming it),
   * and bound values of simple types.
   */
  private readKey(kind: string, info: StatementInfo, ps: SqlParam[]): string | null {
    // with other connections writing, only a transaction's snapshot is checked for their
    // commits (noticeOtherCommits): reads outside one are not kept
    if (this.concurrent && this.depth === 0) return null;
    if (!info.cacheable) return null;
    for (const p of ps) if (p !== null && typeof p !== 'string' && typeof p !== 'number') return null;
    // the text is the outer key (see reads): a statement text kept by its builder hashes once
    return `${kind}\u0000${JSON.stringify(ps)}`;
  }

  /**
   * A read's result kept from an earlier identical read, if none of the tables its text names
   * was written since (table_versions.ts; a rollback, a schema change or another connection's
   * commit counts as a write of every table): SQLite would return the same rows. The caller
   * gets a copy. The read still counts as a statement and its tables as read.
   */
  private cachedRead(key: string, text: string, entry: StatementEntry): any {
    const byParams = this.reads.get(text);
    const kept = byParams?.get(key);
    if (!kept) return undefined;
    if (!this.tables.unchangedSince(kept.deps, kept.stamp)) {
      byParams!.delete(key);
      this.readEntries--;
      return undefined;
    }
    this.account(entry.info);
    this.prepare(text, entry);
    this.cachedReadCount++;
    return kept.value;
  }

  private keepRead(key: string, text: string, entry: StatementEntry, stamp: number, value: unknown): void {
    // bounded: reads with ever-different values must not grow it forever
    if (this.readEntries >= READ_CACHE_ENTRIES) {
      // the oldest statement texts go until a quarter of the room is free, not every kept read
      for (const [oldText, byParams] of this.reads) {
        if (this.readEntries < READ_CACHE_ENTRIES * 0.75) break;
        this.reads.delete(oldText);
        this.readEntries -= byParams.size;
      }
    }
    let byParams = this.reads.get(text);
    if (!byParams) this.reads.set(text, byParams = new Map());
    if (!byParams.has(key)) this.readEntries++;
    byParams.set(key, { value, deps: entry.info.reads, stamp });
  }
  /**
   * UPDATE `table` SET `sets` WHERE id IN `ids`, sent to SQLite later: the next statement that
   * reads or writes the table (or what its triggers write), the end of the savepoint or of the
   * transaction. Until then, later assignments of the same records join it, so the stored
   * fields a create or write recomputes one after another (ten on a sale order line) cost one
   * UPDATE per record instead of one per field. What SQL returns is the same as if each had run
   * at once: no statement sees the table before the pending values are in it. The write counts
   * as done now for the caches (table_versions.ts). `translate` turns a constraint error
   * raised when they are sent into the ORM's error.
   */
  deferUpdate(table: string, ids: readonly number[], sets: ReadonlyArray<{ column: string; sql: string; params: SqlParam[] }>, translate: (e: unknown) => unknown): void {
    if (!sets.length || !ids.length) return;
    if (this.depth === 0) {
      // outside a transaction (autocommit): nothing would send them
      try {
        for (const q of updateByIds(table, sets, ids)) this.run(q);
      } catch (e) {
        throw translate(e);
      }
      return;
    }
    this.beginIfDeferred();
    let entry = this.pending.get(table);
    if (!entry) {
      entry = { rows: new Map(), translate };
      this.pending.set(table, entry);
      for (const t of this.tables.writeEffects('update', table) ?? [table]) this.pendingTouches.add(t);
    }
    for (const id of ids) {
      let row = entry.rows.get(id);
      if (!row) entry.rows.set(id, row = new Map());
      for (const a of sets) row.set(a.column, a);
    }
    this.tables.wrote('update', table);
  }

  /** Whether a statement reads or changes a table with pending updates. */
  private touchesPending(info: StatementInfo): boolean {
    for (const t of info.reads) if (this.pendingTouches.has(t)) return true;
    if (info.write === 'unknown') return true;
    if (info.write && info.table) {
      for (const t of this.tables.writeEffects(info.write, info.table) ?? [info.table]) if (this.pendingTouches.has(t)) return true;
    }
    return false;
  }

  /** Send the pending updates: records with the same assignments share one UPDATE. */
  flushUpdates(): void {
    if (!this.pending.size) return;
    const pending = this.pending;
    this.pending = new Map();
    this.pendingTouches.clear();
    for (const [table, { rows, translate }] of pending) {
      const groups: Array<{ sets: Array<{ sql: string; params: SqlParam[] }>; ids: number[] }> = [];
      if (rows.size === 1) {
        // one record: nothing to group, no key to build
        for (const [id, row] of rows) groups.push({ sets: [...row.values()], ids: [id] });
      } else {
        const byKey = new Map<string, { sets: Array<{ sql: string; params: SqlParam[] }>; ids: number[] }>();
        for (const [id, row] of rows) {
          const sets = [...row.values()];
          const key = JSON.stringify(sets.map((a) => [a.sql, a.params]));
          const group = byKey.get(key);
          if (group) group.ids.push(id);
          else {
            const created = { sets, ids: [id] };
            byKey.set(key, created);
            groups.push(created);
          }
        }
      }
      try {
        for (const { sets, ids } of groups) {
          for (const q of updateByIds(table, sets, ids)) {
            // counted as a write when deferred (the caches saw it then): only the statement
            // count moves now
            this.statementCount++;
            this.runPrepared(q.text, q.params);
          }
        }
      } catch (e) {
        throw translate(e);
      }
    }
  }

  /** Forget pending updates (their transaction or savepoint is rolled back). */
  private dropUpdates(): void {
    this.pending.clear();
    this.pendingTouches.clear();
  }

  run(q: SQL | string, params: SqlParam[] = []): Database.RunResult {
    const [text, ps] = this.bind(q, params);
    this.beginIfDeferred();
    const entry = this.entry(text);
    this.account(entry.info);
    return this.runPrepared(text, ps, entry);
  }

  /** Run a write statement already accounted for (see firstWrite). */
  private runPrepared(text: string, ps: SqlParam[], entry = this.entry(text)): Database.RunResult {
    const st = this.prepare(text, entry);
    return this.writing || this.depth === 0 ? st.run(...ps) : this.firstWrite(() => st.run(...ps));
  }
  /** Run SQL text (several statements, DDL): its effect is not parsed, every cached result is stale. */
  exec(text: string): void {
    this.flushUpdates();
    if (/^\s*PRAGMA\s+defer_foreign_keys\s*=\s*(ON|1|TRUE)\b/i.test(text)) this.foreignKeysDeferred = true;
    this.statementCount++;
    this.beginIfDeferred();
    this.tables.changedAll();
    if (this.writing || this.depth === 0) this.db.exec(text);
    else this.firstWrite(() => this.db.exec(text));
  }

  /**
   * The first write of a concurrent transaction upgrades its read snapshot to a write
   * transaction. SQLite refuses at once (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT) when another
   * connection is writing or has committed since the snapshot began: what was read may be
   * stale, so the whole call runs again, holding the write lock from its start (Odoo retries a
   * call that hits PostgreSQL's serialization failure the same way, odoo/service/model.py).
   */
  private firstWrite<T>(write: () => T): T {
    try {
      const out = write();
      this.writing = true;
      return out;
    } catch (e) {
      if (isBusy(e)) {
        this.mustRetry = true;
        throw new RetryWithWriteLock();
      }
      throw e;
    }
  }

  /**
   * The outermost transaction is opened in SQLite at its first write, not when it starts: a call
   * that only reads needs no write lock and no commit. Reads before that first write see the
   * same data as inside the transaction, since this connection is the only writer and a call
   * runs synchronously to its end.
   */
  private beginIfDeferred(): void {
    if (this.depth > 0 && !this.begun) {
      this.db.exec('BEGIN IMMEDIATE');
      this.begun = true;
      this.writing = true;
    }
  }

  /**
   * Run `fn` in a transaction: the outermost call is BEGIN/COMMIT, nested calls are savepoints.
   * Any exception rolls back what `fn` did and propagates.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth === 0 && this.concurrent) return this.concurrentTransaction(fn);
    if (this.depth === 0) {
      this.depth++;
      try {
        const result = fn();
        this.precommit.run();
        this.flushUpdates();
        const wrote = this.begun;
        if (this.begun) {
          this.db.exec('COMMIT');
          this.onCommitted?.();
        }
        this.begun = false;
        this.foreignKeysDeferred = false;
        this.depth--;
        const callbacks = this.afterCommit;
        this.afterCommit = [];
        for (const cb of callbacks) {
          try { cb(); } catch { /* post-commit hooks never undo a commit */ }
        }
        if (wrote) this.writeCommitted();
        return result;
      } catch (e) {
        this.dropUpdates();
        this.foreignKeysDeferred = false;
        if (this.begun) {
          this.keepingSequences(() => this.db.exec('ROLLBACK'));
          this.tables.changedAll();
        }
        this.begun = false;
        this.depth--;
        this.afterCommit = [];
        this.precommit.clear();
        throw e;
      }
    }
    this.beginIfDeferred();
    // pending updates made before the savepoint survive its rollback: sent before it opens
    this.flushUpdates();
    const name = `sp${this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      // and those made inside fail inside it, if they fail
      this.flushUpdates();
      this.db.exec(`RELEASE ${name}`);
      this.depth--;
      return result;
    } catch (e) {
      this.dropUpdates();
      this.keepingSequences(() => this.db.exec(`ROLLBACK TO ${name}`));
      this.tables.changedAll();
      this.db.exec(`RELEASE ${name}`);
      this.depth--;
      throw e;
    }
  }

  /**
   * The outermost transaction when other connections write the same file: BEGIN (a snapshot,
   * no lock) at the start; if its first write finds the snapshot stale or the lock taken, roll
   * back and run `fn` once more after BEGIN IMMEDIATE, which waits for the write lock (busy
   * timeout) and keeps it to the end. Calls that only read never take the lock.
   */
  private concurrentTransaction<T>(fn: () => T): T {
    for (let attempt = 0; ; attempt++) {
      const locked = attempt > 0;
      try {
        this.db.exec(locked ? 'BEGIN IMMEDIATE' : 'BEGIN');
      } catch (e) {
        if (isBusy(e)) throw new SerializationFailure();
        throw e;
      }
      this.noticeOtherCommits();
      this.depth = 1;
      this.begun = true;
      this.writing = locked;
      this.mustRetry = false;
      let result: T;
      try {
        result = fn();
        if (!this.mustRetry) this.precommit.run();
        if (!this.mustRetry) this.flushUpdates();
      } catch (e) {
        const retry = this.mustRetry && !locked;
        this.endConcurrent(!retry);
        if (retry) continue;
        throw e;
      }
      if (this.mustRetry && !locked) {
        // the refused write was caught inside the call: its outcome is not the call's
        this.endConcurrent(false);
        continue;
      }
      try {
        this.db.exec('COMMIT');
      } catch (e) {
        this.endConcurrent(true);
        throw e;
      }
      const wrote = this.writing;
      this.depth = 0;
      this.begun = false;
      this.writing = false;
      const callbacks = this.afterCommit;
      this.afterCommit = [];
      for (const cb of callbacks) {
        try { cb(); } catch { /* post-commit hooks never undo a commit */ }
      }
      if (wrote) this.writeCommitted();
      return result;
    }
  }

  /** See onWriteCommitted: its failure is not the committed call's. */
  private writeCommitted(): void {
    if (!this.onWriteCommitted || this.depth !== 0) return;
    try { this.onWriteCommitted(); } catch { /* an optimisation: never a reason for a call to fail */ }
  }

  /**
   * Open the outermost transaction of a call whose answer is written over several event-loop
   * turns (a streamed search_read, rpc/service/streamed.ts): BEGIN now (a snapshot when other
   * connections write), COMMIT or ROLLBACK by the returned function. Nothing else may use the
   * connection meanwhile: a pool's worker holds back its other requests (server/pool/worker.ts).
   */
  openCall(): (commit: boolean) => void {
    if (this.depth !== 0) throw new Error('a transaction is already open on this connection');
    if (this.concurrent) {
      this.db.exec('BEGIN');
      this.begun = true;
    }
    this.depth = 1;
    this.writing = false;
    this.mustRetry = false;
    let open = true;
    return (commit) => {
      if (!open) return;
      open = false;
      const ok = commit && !this.mustRetry;
      try {
        if (this.begun && this.db.inTransaction) this.db.exec(ok ? 'COMMIT' : 'ROLLBACK');
      } finally {
        if (!ok) this.writeVersion++;
        // a streamed answer only reads: no tracking or other end-of-call work to run
        this.precommit.clear();
        this.depth = 0;
        this.begun = false;
        this.writing = false;
        const callbacks = ok ? this.afterCommit : [];
        this.afterCommit = [];
        for (const cb of callbacks) {
          try { cb(); } catch { /* post-commit hooks never undo a commit */ }
        }
      }
    };
  }

  /**
   * At the start of a snapshot: if another connection committed since this one last looked,
   * every kept result (read results, memos, record values) is stale. The snapshot is taken
   * first (by a read), so that no commit it contains goes unnoticed.
   */
  private noticeOtherCommits(): void {
    this.snapshotProbe ??= this.db.prepare('SELECT 1 FROM sqlite_master LIMIT 1');
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    this.snapshotProbe.get();
    const version = this.dataVersion.get();
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      this.tables.changedAll();
    }
  }
  private snapshotProbe: Database.Statement | null = null;
  private dataVersion: Database.Statement | null = null;
  private seenDataVersion: unknown = null;

  /**
   * Roll back a concurrent transaction; `keepIds`: ids and sequence numbers its writes drew stay
   * used up (see keepingSequences); not for a call about to run again, whose first write was refused.
   */
  private endConcurrent(keepIds: boolean): void {
    const rollback = () => { if (this.db.inTransaction) this.db.exec('ROLLBACK'); };
    if (keepIds && this.writing) this.keepingSequences(rollback);
    else rollback();
    this.precommit.clear();
    this.dropUpdates();
    this.writeVersion++;
    this.depth = 0;
    this.begun = false;
    this.writing = false;
    this.afterCommit = [];
  }

  /**
   * Roll back without giving ids back: PostgreSQL sequences are not transactional, so in Odoo a
   * record whose creation failed has used up its id and the next one gets the following id.
   * SQLite's AUTOINCREMENT counters (sqlite_sequence) roll back with the data; they are set back
   * to where they were. So are the numbers of ir.sequence's 'standard' sequences (PostgreSQL
   * sequences in Odoo): a sales order whose creation failed has used up its S000NN.
   */
  private keepingSequences(rollback: () => void): void {
    // a concurrent transaction that has not written drew no id (and must not try to write now)
    if (this.concurrent && !this.writing) return rollback();
    // before the first AUTOINCREMENT table there are no counters (and no sqlite_sequence table;
    // a rollback may drop it again): nothing to keep, and the error that caused the rollback
    // must not be masked by a new one
    const hasCounters = () => !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get();
    if (!hasCounters()) { rollback(); return; }
    const before = this.db.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>;
    const numbered = this.hasIrSequence()
      ? this.db.prepare("SELECT id, number_next FROM ir_sequence WHERE implementation = 'standard'").all() as Array<{ id: number; number_next: number }>
      : [];
    rollback();
    if (!hasCounters()) return;
    for (const { id, number_next: next } of numbered) {
      this.db.prepare('UPDATE ir_sequence SET number_next = ? WHERE id = ? AND number_next < ?').run(next, id, next);
    }
    const after = new Map((this.db.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>).map((r) => [r.name, r.seq]));
    for (const { name, seq } of before) {
      const now = after.get(name);
      if (now === undefined) {
        const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
        if (exists) this.db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(name, seq);
      } else if (now < seq) {
        this.db.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(seq, name);
      }
    }
  }

  /** Whether the database has ir_sequence (checked again until it does: a new database creates it). */
  private irSequenceKnown = false;
  private hasIrSequence(): boolean {
    if (!this.irSequenceKnown) this.irSequenceKnown = !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ir_sequence'").get();
    return this.irSequenceKnown;
  }

  /** The id a refused INSERT drew from the table's sequence is not given again (PostgreSQL nextval). */
  useUpId(table: string): void {
    const row = this.db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as { seq: number } | undefined;
    const max = (this.db.prepare(`SELECT MAX(id) AS m FROM "${table.replace(/"/g, '""')}"`).get() as { m: number | null }).m ?? 0;
    const next = Math.max(row?.seq ?? 0, max) + 1;
    if (row) this.run('UPDATE sqlite_sequence SET seq = ? WHERE name = ?', [next, table]);
    else this.run('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [table, next]);
  }

  get inTransaction(): boolean { return this.depth > 0; }

  onCommit(cb: () => void): void {
    if (this.depth === 0) cb();
    else this.afterCommit.push(cb);
  }

  /** Forget prepared statements (after the schema changed under them). */
  clearStatements(): void {
    this.texts.clear();
  }

  close(): void {
    this.texts.clear();
    this.db.close();
  }
}

/** Thrown by the first write of a snapshot transaction that must run again with the write lock. */
export class RetryWithWriteLock extends Error {
  constructor() { super('the transaction must run again with the write lock'); }
}

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT: another connection committed since the snapshot). */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
