/**
 * The test-companion state (clocks, fault rules, journal) of a server whose requests are
 * answered by a pool of worker processes (server/pool): every process sees the same clock of a
 * database, the same rules with one hit count (a `times: 1` rule fails one call, whichever
 * process gets it), and one journal. Clocks and rules live in the shared state file
 * (models/tools/shared_state.ts), read again when another process changed them; journal
 * entries are rows of a file of their own (one write per call), so that recording calls does not
 * make every process re-read the rest.
 */
import Sqlite from 'better-sqlite3';
import { ServerClock } from '../../models/tools/clock';
import type { SharedState } from '../../models/tools/shared_state';
import { FaultBook, validateRule, type CallDescription, type StoredFault } from './faults';
import { Journal, entryMatches, sinceMs, type JournalCallFields, type JournalEntry, type JournalQuery } from './journal';
import { Control, emptyControlState } from './state';

class SharedClock extends ServerClock {
  constructor(private readonly shared: SharedState) {
    super(shared.clocks);
  }

  set(db: string, at: number, freeze = false): void {
    this.shared.sync();
    super.set(db, at, freeze);
    this.shared.setClock(db, this.settings[db]);
  }

  advance(db: string, ms: number): void {
    this.shared.sync();
    super.advance(db, ms);
    this.shared.setClock(db, this.settings[db]);
  }

  reset(db?: string): void {
    this.shared.sync();
    for (const name of db === undefined ? Object.keys(this.settings) : [db]) this.shared.setClock(name, undefined);
  }
}

class SharedFaultBook extends FaultBook {
  constructor(private readonly shared: SharedState) {
    super();
  }

  get empty(): boolean { return this.shared.faults.length === 0; }

  add(input: unknown): number {
    return this.shared.addFault({ ...validateRule(input) });
  }

  remove(id: number): boolean { return this.shared.removeFault(id); }

  clear(): void { this.shared.clearFaults(); }

  list(): StoredFault[] {
    this.shared.sync();
    return this.shared.faults.map((f) => ({ ...f.rule, id: f.id, hits: f.hits }) as StoredFault);
  }

  match(call: CallDescription): StoredFault | null {
    for (const row of [...this.shared.faults]) {
      const rule = { ...row.rule, id: row.id, hits: row.hits } as StoredFault;
      if (!this.matches(rule, call)) continue;
      // counted in the shared file: another process may have spent the rule meanwhile
      const hits = this.shared.hitFault(row.id);
      if (hits === null) continue;
      return { ...rule, hits };
    }
    return null;
  }
}

/** The journal's rows: one file per server, written by every process. */
export class JournalStore {
  private readonly sqlite: Sqlite.Database;
  private inserts = 0;

  constructor(readonly file: string, private readonly limit = 10000, opts: { create?: boolean } = {}) {
    this.sqlite = new Sqlite(file, { fileMustExist: !opts.create, timeout: 30000 });
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = OFF');
    if (opts.create) this.sqlite.exec('CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY AUTOINCREMENT, db TEXT, time_ms REAL NOT NULL, entry TEXT NOT NULL)');
  }

  insert(entry: JournalEntry): number {
    const id = Number(this.sqlite.prepare('INSERT INTO journal (db, time_ms, entry) VALUES (?, ?, ?)').run(entry.db, Date.parse(entry.time), JSON.stringify(entry)).lastInsertRowid);
    // the oldest entries go once there are more than the limit (checked now and then)
    if (++this.inserts % 256 === 0) this.sqlite.prepare('DELETE FROM journal WHERE id <= ?').run(id - this.limit);
    return id;
  }

  query(q: JournalQuery): JournalEntry[] {
    const since = sinceMs(q.since);
    const where: string[] = ['id > (SELECT COALESCE(MAX(id), 0) FROM journal) - ?'];
    const params: Array<string | number> = [this.limit];
    if (q.db !== undefined) { where.push('db = ?'); params.push(q.db); }
    if (since !== null) { where.push('time_ms >= ?'); params.push(since); }
    const rows = this.sqlite.prepare(`SELECT id, entry FROM journal WHERE ${where.join(' AND ')} ORDER BY id`).all(...params) as Array<{ id: number; entry: string }>;
    return rows.map((r) => ({ ...JSON.parse(r.entry), id: r.id }) as JournalEntry).filter((e) => entryMatches(e, q));
  }

  clear(db?: string): void {
    if (db === undefined) this.sqlite.prepare('DELETE FROM journal').run();
    else this.sqlite.prepare('DELETE FROM journal WHERE db = ?').run(db);
  }

  count(): number {
    return Math.min(this.limit, (this.sqlite.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number));
  }

  close(): void { this.sqlite.close(); }
}

class SharedJournal extends Journal {
  constructor(private readonly store: JournalStore) {
    super({ next_id: 0, entries: [], first: 0, limit: 0 });
  }

  /** A new entry, stored once complete (record). */
  open(fields: JournalCallFields, at = Date.now()): JournalEntry {
    return { id: 0, time: new Date(at).toISOString(), ...fields, outcome: 'result', http_status: null, duration_ms: null };
  }

  record(entry: JournalEntry): void {
    entry.id = this.store.insert(entry);
  }

  query(q: JournalQuery = {}): JournalEntry[] { return this.store.query(q); }

  clear(db?: string): void { this.store.clear(db); }

  count(): number { return this.store.count(); }
}

/** The control state of a process of a worker pool. */
export function sharedControl(shared: SharedState, journal: JournalStore): Control {
  return new Control(emptyControlState(0), {
    clock: new SharedClock(shared), faults: new SharedFaultBook(shared), journal: new SharedJournal(journal), sync: () => { shared.sync(); },
  });
}
