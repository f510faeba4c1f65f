/**
 * What the processes of one server (a worker pool's primary and its workers, server/pool) must
 * see alike, in one small SQLite file of the server's private run directory: each database's
 * clock, the fault rules and their hits, a generation number per database (bumped when a
 * database is created, dropped, reset, restored or changes its modules, so that other processes
 * reopen it), counters (credentials changed), configuration changed at run time (the master
 * password) and login failure counters.
 *
 * Each process keeps a copy of what it read and reads the file again only when another
 * connection committed since (SQLite's PRAGMA data_version): a request pays one pragma when
 * nothing changed. Its own writes update its copy at once.
 */
import Sqlite from 'better-sqlite3';
import type { ClockSetting, ClockSettings } from './clock';

export interface FaultRow {
  id: number;
  rule: Record<string, unknown>;
  hits: number;
}

export interface LoginFailure {
  count: number;
  last: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clocks (db TEXT PRIMARY KEY, offset_ms REAL NOT NULL, frozen_at REAL);
CREATE TABLE IF NOT EXISTS faults (id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, hits INTEGER NOT NULL DEFAULT 0, times INTEGER);
CREATE TABLE IF NOT EXISTS generations (db TEXT PRIMARY KEY, gen INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (scope TEXT NOT NULL, db TEXT NOT NULL, addr TEXT NOT NULL, count INTEGER NOT NULL, last REAL NOT NULL, PRIMARY KEY (scope, db, addr));
`;

export class SharedState {
  private readonly sqlite: Sqlite.Database;
  private readonly dataVersion: Sqlite.Statement;
  private seen = -1;
  /** Clock settings by database: the very object the server's ServerClock reads (updated in place). */
  readonly clocks: ClockSettings = {};
  readonly faults: FaultRow[] = [];
  readonly generations = new Map<string, number>();
  readonly counters = new Map<string, number>();
  readonly config = new Map<string, string>();
  /** Called after the copy was read again because another process wrote. */
  private listeners: Array<() => void> = [];

  constructor(readonly file: string, opts: { create?: boolean } = {}) {
    this.sqlite = new Sqlite(file, { fileMustExist: !opts.create, timeout: 30000 });
    this.sqlite.pragma('journal_mode = WAL');
    // run-time state of one server's life: lost with the server, never worth an fsync
    this.sqlite.pragma('synchronous = OFF');
    if (opts.create) this.sqlite.exec(SCHEMA);
    this.dataVersion = this.sqlite.prepare('PRAGMA data_version').pluck();
    this.sync();
  }

  /** React to changes made by other processes (called after they were read). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Read the file again if another process committed since the last read; true when it did. */
  sync(): boolean {
    const v = this.dataVersion.get() as number;
    if (v === this.seen) return false;
    this.seen = v;
    this.reload();
    for (const l of this.listeners) l();
    return true;
  }

  private reload(): void {
    for (const k of Object.keys(this.clocks)) delete this.clocks[k];
    for (const r of this.sqlite.prepare('SELECT db, offset_ms, frozen_at FROM clocks').all() as Array<{ db: string; offset_ms: number; frozen_at: number | null }>) {
      this.clocks[r.db] = { offset_ms: r.offset_ms, frozen_at: r.frozen_at };
    }
    this.reloadFaults();
    this.generations.clear();
    for (const r of this.sqlite.prepare('SELECT db, gen FROM generations').all() as Array<{ db: string; gen: number }>) this.generations.set(r.db, r.gen);
    this.counters.clear();
    for (const r of this.sqlite.prepare('SELECT name, value FROM counters').all() as Array<{ name: string; value: number }>) this.counters.set(r.name, r.value);
    this.config.clear();
    for (const r of this.sqlite.prepare('SELECT key, value FROM config').all() as Array<{ key: string; value: string }>) this.config.set(r.key, r.value);
  }

  private reloadFaults(): void {
    const rows = this.sqlite.prepare('SELECT id, rule, hits FROM faults ORDER BY id').all() as Array<{ id: number; rule: string; hits: number }>;
    this.faults.length = 0;
    for (const r of rows) this.faults.push({ id: r.id, rule: JSON.parse(r.rule) as Record<string, unknown>, hits: r.hits });
  }

  // ------------------------------------------------------------------ clocks

  setClock(db: string, setting: ClockSetting | undefined): void {
    if (setting) {
      this.sqlite.prepare('INSERT INTO clocks (db, offset_ms, frozen_at) VALUES (?, ?, ?) ON CONFLICT (db) DO UPDATE SET offset_ms = excluded.offset_ms, frozen_at = excluded.frozen_at')
        .run(db, setting.offset_ms, setting.frozen_at);
      this.clocks[db] = { ...setting };
    } else {
      this.sqlite.prepare('DELETE FROM clocks WHERE db = ?').run(db);
      delete this.clocks[db];
    }
  }

  // ------------------------------------------------------------------ faults

  addFault(rule: Record<string, unknown>): number {
    const id = Number(this.sqlite.prepare('INSERT INTO faults (rule, times) VALUES (?, ?)').run(JSON.stringify(rule), typeof rule.times === 'number' ? rule.times : null).lastInsertRowid);
    this.reloadFaults();
    return id;
  }

  removeFault(id: number): boolean {
    const n = this.sqlite.prepare('DELETE FROM faults WHERE id = ?').run(id).changes;
    this.reloadFaults();
    return n > 0;
  }

  clearFaults(): void {
    this.sqlite.prepare('DELETE FROM faults').run();
    this.reloadFaults();
  }

  /** Count a hit of a rule, unless another process spent its `times` first: the new count, or null. */
  hitFault(id: number): number | null {
    const row = this.sqlite.prepare('UPDATE faults SET hits = hits + 1 WHERE id = ? AND (times IS NULL OR hits < times) RETURNING hits').get(id) as { hits: number } | undefined;
    const local = this.faults.find((f) => f.id === id);
    if (!row) {
      this.reloadFaults();
      return null;
    }
    if (local) local.hits = row.hits;
    return row.hits;
  }

  // ------------------------------------------------------------------ databases, counters, config

  generation(db: string): number {
    return this.generations.get(db) ?? 0;
  }

  /** Tell every process that a database changed under its connections (reopen it). */
  bumpGeneration(db: string): void {
    const row = this.sqlite.prepare('INSERT INTO generations (db, gen) VALUES (?, 1) ON CONFLICT (db) DO UPDATE SET gen = gen + 1 RETURNING gen').get(db) as { gen: number };
    this.generations.set(db, row.gen);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  bumpCounter(name: string): void {
    const row = this.sqlite.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value').get(name) as { value: number };
    this.counters.set(name, row.value);
  }

  setConfig(key: string, value: string): void {
    this.sqlite.prepare('INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    this.config.set(key, value);
  }

  // ------------------------------------------------------------------ login failures (read through, they are rare)

  loginFailure(scope: string, db: string, addr: string): LoginFailure | null {
    const row = this.sqlite.prepare('SELECT count, last FROM login_failures WHERE scope = ? AND db = ? AND addr = ?').get(scope, db, addr) as LoginFailure | undefined;
    return row ?? null;
  }

  recordLoginFailure(scope: string, db: string, addr: string, at: number): void {
    this.sqlite.prepare('INSERT INTO login_failures (scope, db, addr, count, last) VALUES (?, ?, ?, 1, ?) ON CONFLICT (scope, db, addr) DO UPDATE SET count = count + 1, last = excluded.last')
      .run(scope, db, addr, at);
  }

  clearLoginFailures(scope: string | null, db: string, addr?: string): void {
    if (scope === null) this.sqlite.prepare('DELETE FROM login_failures WHERE db = ?').run(db);
    else this.sqlite.prepare('DELETE FROM login_failures WHERE scope = ? AND db = ? AND addr = ?').run(scope, db, addr ?? '');
  }

  close(): void {
    this.sqlite.close();
  }
}
