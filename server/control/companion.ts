/**
 * What a test suite does to a running server between and during its tests, in one place for
 * both the in-process API (server/api.ts startOdoo) and the HTTP control routes
 * (server/control/routes.ts): reset a database, take and restore named snapshots, read and
 * clear the outbox, move a database's clock, add and remove fault rules, read the journal.
 */
import type { Database } from '../../models/database';
import { listMails, type OutboxMail } from '../routes/outbox';
import { utcDatetime } from '../../models/tools/clock';
import type { App } from '../http';
import type { FaultRule, StoredFault } from './faults';
import type { JournalEntry, JournalQuery } from './journal';

export class CompanionError extends Error {
  constructor(message: string, readonly status = 400) { super(message); }
}

export interface ClockInfo {
  db: string;
  /** The database's current time, ISO 8601 (UTC). */
  now: string;
  /** As Odoo stores it: 'YYYY-MM-DD HH:MM:SS' (UTC). */
  now_utc: string;
  offset_ms: number;
  frozen: boolean;
}

export interface OutboxFilter {
  to?: string | null;
  subject?: string | null;
  limit?: number | null;
}

export class Companion {
  private snapshots = new Map<string, Map<string, Buffer>>();

  constructor(readonly app: App) {}

  private get control() {
    if (!this.app.control) throw new CompanionError('this server has no control state', 500);
    return this.app.control;
  }

  /** An existing database by name. */
  database(name: string): Database {
    if (!this.app.dbm.exists(name)) throw new CompanionError(`database ${JSON.stringify(name)} does not exist`, 404);
    return this.app.dbm.get(name);
  }

  /**
   * Data back to its state at creation; the database's clock, the journal of its calls and every
   * fault rule are reset too. In a worker of a pool the primary process does it (it created the
   * database and keeps its creation image); with other processes sharing the file, the image is
   * copied into the live database (DatabaseManager.resetShared).
   */
  async reset(db: string): Promise<void> {
    if (this.app.primary) {
      await this.app.primary.call('companion.reset', [db]);
      return;
    }
    this.database(db);
    const dbm = this.app.dbm;
    if (dbm.shared) {
      await dbm.resetShared(db);
      dbm.shared.clearLoginFailures(null, db);
    } else {
      dbm.reset(db);
    }
    // reopened now (connection, registry, planner statistics), not by the next request
    dbm.get(db);
    this.control.clock.reset(db);
    this.control.journal.clear(db);
    this.control.faults.clear();
  }

  async snapshot(db: string, name: string): Promise<{ db: string; name: string; bytes: number }> {
    if (this.app.primary) return await this.app.primary.call('companion.snapshot', [db, name]) as { db: string; name: string; bytes: number };
    const image = this.app.dbm.dump(this.database(db).name);
    let byDb = this.snapshots.get(db);
    if (!byDb) this.snapshots.set(db, (byDb = new Map()));
    byDb.set(name, image);
    return { db, name, bytes: image.length };
  }

  async restore(db: string, name: string): Promise<void> {
    if (this.app.primary) {
      await this.app.primary.call('companion.restore', [db, name]);
      return;
    }
    this.database(db);
    const image = this.snapshots.get(db)?.get(name);
    if (!image) throw new CompanionError(`no snapshot ${JSON.stringify(name)} of database ${JSON.stringify(db)}`, 404);
    if (this.app.dbm.shared) await this.app.dbm.replaceShared(db, image);
    else this.app.dbm.replace(db, image);
    this.app.dbm.get(db);
  }

  async listSnapshots(db: string): Promise<string[]> {
    if (this.app.primary) return await this.app.primary.call('companion.listSnapshots', [db]) as string[];
    return [...(this.snapshots.get(db)?.keys() ?? [])];
  }

  async deleteSnapshot(db: string, name: string): Promise<boolean> {
    if (this.app.primary) return await this.app.primary.call('companion.deleteSnapshot', [db, name]) as boolean;
    return this.snapshots.get(db)?.delete(name) ?? false;
  }

  outbox(db: string, filter: OutboxFilter = {}): OutboxMail[] {
    return listMails(this.database(db), filter);
  }

  /** Delete the database's mails (mail.mail records). */
  clearOutbox(db: string): number {
    const database = this.database(db);
    return database.cr.transaction(() => {
      const Mail = database.env(1).model('mail.mail');
      const ids = Mail._searchIds([]) as number[];
      if (ids.length) Mail.browse(ids).unlink();
      return ids.length;
    });
  }

  clock(db: string): ClockInfo {
    this.database(db);
    this.control.sync();
    const now = this.control.clock.now(db);
    const s = Object.prototype.hasOwnProperty.call(this.control.clock.settings, db) ? this.control.clock.settings[db] : undefined;
    return { db, now: new Date(now).toISOString(), now_utc: utcDatetime(now), offset_ms: s ? (s.frozen_at !== null ? now - Date.now() : s.offset_ms) : 0, frozen: !!s && s.frozen_at !== null };
  }

  setClock(db: string, at: Date | number | string, freeze = false): ClockInfo {
    this.database(db);
    this.control.clock.set(db, toMs(at), freeze);
    return this.clock(db);
  }

  advanceClock(db: string, ms: number): ClockInfo {
    this.database(db);
    if (!Number.isFinite(ms)) throw new CompanionError('advance needs a number of milliseconds');
    this.control.clock.advance(db, ms);
    return this.clock(db);
  }

  resetClock(db: string): ClockInfo {
    this.control.clock.reset(db);
    return this.clock(db);
  }

  addFault(rule: FaultRule): number {
    try {
      return this.control.faults.add(rule);
    } catch (e) {
      throw new CompanionError((e as Error).message);
    }
  }

  removeFault(id: number): boolean { return this.control.faults.remove(id); }

  clearFaults(): void { this.control.faults.clear(); }

  faults(): StoredFault[] { return this.control.faults.list(); }

  journal(query: JournalQuery = {}): JournalEntry[] { return this.control.journal.query(query); }

  clearJournal(db?: string): void { this.control.journal.clear(db); }
}

/** A time given as a Date, epoch milliseconds, or an ISO 8601 / Odoo 'YYYY-MM-DD HH:MM:SS' (UTC) string. */
export function toMs(at: Date | number | string): number {
  if (at instanceof Date) return at.getTime();
  if (typeof at === 'number' && Number.isFinite(at)) return at;
  if (typeof at === 'string') {
    const odoo = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(at) ? `${at.replace(' ', 'T')}${at.length === 10 ? 'T00:00:00' : ''}Z` : at;
    const t = Date.parse(odoo);
    if (!Number.isNaN(t)) return t;
  }
  throw new CompanionError(`not a time: ${JSON.stringify(at)}`);
}

const companions = new WeakMap<App, Companion>();

export function companionOf(app: App): Companion {
  let c = companions.get(app);
  if (!c) companions.set(app, (c = new Companion(app)));
  return c;
}
