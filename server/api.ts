/**
 * The package's API for test suites: `startOdoo()` starts a server in this process (in memory
 * by default, on a random loopback port) with one database, and returns a handle to reset it,
 * snapshot and restore it, read its outbox, move its clock, inject faults and read its journal.
 * Instances are independent (each has its own databases, sessions, clock, faults and journal),
 * so many can run in parallel in one process or across jest workers.
 */
import { startServer, type Server } from './app';
import { defaults, type Config } from './config';
import { DatabaseManager } from '../models/database';
import { builtinCatalog } from '../models/database';
import { setLogLevel } from './log';
import { Control } from './control/state';
import { companionOf, type ClockInfo, type Companion, type OutboxFilter } from './control/companion';
import type { FaultRule, StoredFault } from './control/faults';
import type { JournalEntry, JournalQuery } from './control/journal';
import type { OutboxMail } from './routes/outbox';

export interface StartOdooOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Name of the database to create (default 'odoo'). */
  db?: string;
  /** Modules to install by name (their dependencies and auto_install followers come along); default: the default set. */
  modules?: string[];
  /** Demo data (default true), as a fresh Odoo 17 demo database. */
  demo?: boolean;
  /** ':memory:' (the default: nothing on disk) or a directory for the SQLite files. */
  dataDir?: string;
  /** Admin login and password of the new database (default admin / admin). */
  login?: string;
  password?: string;
  /** Language of the admin user (default en_US). */
  lang?: string;
  /** Log level of the process (Odoo's lines on stderr: 'info' shows every request); default 'error'. */
  logLevel?: string;
  /** Any other option by its odoo.conf name (admin_passwd, dbfilter, smtp_server, workers, limit_time_real ...). */
  config?: Partial<Config>;
  /**
   * Answer requests in this process, one at a time, even when `config.workers` asks for worker
   * processes. Without `config.workers` (the default) the instance answers in this process too:
   * it starts in a fraction of the time, but a slow call holds up the others.
   */
  inThread?: boolean;
}

/** Clock of the instance's database (models/tools/clock.ts). */
export interface OdooClock {
  /** The database's current time. */
  now(): Date;
  info(): ClockInfo;
  /** Move to `at` (Date, epoch ms, ISO string); it keeps running from there unless `freeze`. */
  set(at: Date | number | string, opts?: { freeze?: boolean }): Date;
  /** Move forward (negative: back) by `ms`. */
  advance(ms: number): Date;
  /** Back to the system time. */
  reset(): Date;
}

export interface OdooFaults {
  /** Add a rule (see README "Faults"); returns its id. */
  add(rule: FaultRule): number;
  remove(id: number): boolean;
  clear(): void;
  list(): StoredFault[];
}

export class OdooEmulator {
  readonly url: string;
  readonly port: number;
  readonly db: string;
  readonly clock: OdooClock;
  readonly faults: OdooFaults;
  private readonly companion: Companion;

  constructor(readonly server: Server, db: string) {
    this.url = server.url;
    this.port = Number(new URL(server.url).port);
    this.db = db;
    const c = (this.companion = companionOf(server.app));
    this.clock = {
      now: () => new Date(c.clock(db).now),
      info: () => c.clock(db),
      set: (at, opts = {}) => new Date(c.setClock(db, at, !!opts.freeze).now),
      advance: (ms) => new Date(c.advanceClock(db, ms).now),
      reset: () => new Date(c.resetClock(db).now),
    };
    this.faults = {
      add: (rule) => c.addFault(rule),
      remove: (id) => c.removeFault(id),
      clear: () => c.clearFaults(),
      list: () => c.faults(),
    };
  }

  /** The database back to its state right after start; its clock, the journal and fault rules too. */
  async reset(): Promise<void> { await this.companion.reset(this.db); }

  /** Keep a named image of the database (in memory). */
  async snapshot(name: string): Promise<void> { await this.companion.snapshot(this.db, name); }

  /** Put a named image back. */
  async restore(name: string): Promise<void> { await this.companion.restore(this.db, name); }

  /** Mails the server produced, newest first; `to` and `subject` match substrings, case-insensitively. */
  outbox(filter: OutboxFilter = {}): OutboxMail[] { return this.companion.outbox(this.db, filter); }

  async clearOutbox(): Promise<void> { this.companion.clearOutbox(this.db); }

  /** RPC calls answered, oldest first (by default those of this instance's database). */
  journal(query: JournalQuery = {}): JournalEntry[] { return this.companion.journal({ db: this.db, ...query }); }

  clearJournal(): void { this.companion.clearJournal(); }

  async stop(): Promise<void> { await this.server.close(); }
}

/** Start an emulator and create its database (see StartOdooOptions); resolves once it answers. */
export async function startOdoo(opts: StartOdooOptions = {}): Promise<OdooEmulator> {
  setLogLevel(opts.logLevel ?? 'error');
  const db = opts.db ?? 'odoo';
  const dataDir = opts.dataDir === undefined || opts.dataDir === ':memory:' ? null : opts.dataDir;
  const config: Config = {
    ...defaults(), data_dir: dataDir, http_port: opts.port ?? 0, http_interface: opts.host ?? '127.0.0.1',
    ...opts.config, db_name: [db], without_demo: opts.demo === false,
  };
  if (opts.modules) {
    // unknown names fail here, before anything starts
    const catalog = builtinCatalog();
    for (const m of opts.modules) if (!catalog.has(m)) throw new Error(`unknown module ${JSON.stringify(m)}`);
  }
  const createAfterListen = { demo: opts.demo !== false, modules: opts.modules, login: opts.login, userPassword: opts.password, lang: opts.lang };
  const server = opts.inThread || !(config.workers > 0)
    ? await startServer(config, new DatabaseManager(dataDir), { control: new Control(), createAfterListen, inThread: true })
    : await startServer(config, undefined, { createAfterListen });
  return new OdooEmulator(server, db);
}
