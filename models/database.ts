/**
 * Databases: one SQLite file per database in the data directory (or in memory). Each database
 * has its own set of installed modules (ir.module.module) and therefore its own registry of
 * models, shared with every other database that has the same set. A new database is a copy of
 * a template image built once per module set (and cached on disk), so creating one is a copy of
 * bytes rather than a data load.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import Sqlite from 'better-sqlite3';
import { Registry, type ModelDecl } from './orm/registry';
import { Cursor, WAL_SIZE_LIMIT, dbSynchronous, setupConnection } from './orm/sql';
import { checkpointInThread, type Checkpointing } from './orm/checkpointer';
import { PlannerStatistics, analyzeAll, type StatisticsCheck } from './orm/planner_statistics';
import { ensureTrigramIndex, TrigramQueues, trigramIndex, trigramIndexDeclaration, trigramIndexesOf, trigramQueue } from './orm/trigram';
import { Environment, SUPERUSER_ID, type Context, type RequestHooks } from './orm/environment';
import { reflectModels } from './base/ir_model';
import { DataLoader } from './tools/data_loader';
import { ModuleCatalog } from './modules/catalog';
import { BUILTIN_MODULES, DEFAULT_MODULES } from './modules/builtin';
import { applyModuleStates, markToInstall, syncModuleList, type ModuleHost } from './modules/loading';
import { FIXTURES_DIR } from './paths';
import { buildTemplateInWorker } from './template_thread';
import { log } from './tools/log';
import { utcDatetime, type ServerClock } from './tools/clock';
import { nowUtc } from './orm/fields';
import { filestoreFromBackup, imageFromBackup, zipDump } from './tools/odoo_dump';
import { loadTranslations } from './base/lang_data';
import type { SharedState } from './tools/shared_state';

/** The modules shipped with the emulator (one catalog per process; addons paths add to copies of it). */
export function builtinCatalog(): ModuleCatalog {
  return new ModuleCatalog(BUILTIN_MODULES);
}
let sharedCatalog: ModuleCatalog | null = null;
function defaultCatalog(): ModuleCatalog {
  return (sharedCatalog ??= builtinCatalog());
}

/** The registry of the default module set, with optional extra declarations (tests). */
export function buildRegistry(extra: ModelDecl[] = []): Registry {
  const catalog = defaultCatalog();
  return catalog.registry(catalog.installSet(DEFAULT_MODULES, []), extra);
}

export interface CreateOptions {
  demo?: boolean;
  lang?: string;
  userPassword?: string;
  login?: string;
  countryCode?: string | null;
  phone?: string | null;
  /** Modules to install (with their dependencies and auto_install followers); default: DEFAULT_MODULES. */
  modules?: string[];
  /** web.base.url of the new database (as if its admin had logged in at that address). */
  baseUrl?: string;
}

export class Database implements ModuleHost {
  readonly cr: Cursor;
  /** The shared generation this connection was opened at (worker pools: see DatabaseManager.fresh). */
  generation = 0;
  /** Called once a module operation changed the registry (other processes must reload theirs). */
  onRegistryChange: (() => void) | null = null;
  /** <data_dir>/filestore/<name>, Odoo's layout; null for in-memory databases (files stay in db_datas). */
  filestore: string | null = null;
  constructor(readonly name: string, public registry: Registry, readonly sqlite: Sqlite.Database, readonly file: string | null,
    readonly catalog: ModuleCatalog = defaultCatalog(), private readonly fixedRegistry: Registry | null = null) {
    this.cr = new Cursor(sqlite);
    this.cr.host = this;
    this.statistics = new PlannerStatistics(sqlite);
    this.trigramQueues = new TrigramQueues(sqlite, (kind, table) => this.cr.tables.wrote(kind, table));
    // every so many write transactions: the tables grown 10-fold are analyzed again, and the rows
    // queued for the trigram indexes are indexed (models/orm/trigram.ts)
    this.cr.onWriteCommitted = () => {
      const analyzed = this.statistics.writeCommitted();
      const indexed = this.trigramQueues.writeCommitted();
      if (analyzed || indexed) this.cr.onCommitted?.();
    };
  }

  /**
   * Bring the trigram indexes of the registry's tables to the current layout (models/orm/trigram.ts)
   * when a file made by an older version kept them otherwise; a no-op (one read) when they are.
   */
  upgradeTrigramIndexes(): void {
    const wanted = trigramIndexesOf(this.registry);
    if (!wanted.length) return;
    const current = () => new Map(this.cr.all<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\\_\\_trgm' ESCAPE '\\' OR name LIKE '%\\_\\_trgm\\_queue' ESCAPE '\\')`).map((r) => [r.name, r.sql]));
    const stale = (have: Map<string, string>) => wanted.filter((w) => have.get(trigramIndex(w.table)) !== trigramIndexDeclaration(w.table, w.columns) || !have.has(trigramQueue(w.table)));
    if (!stale(current()).length) return;
    this.cr.transaction(() => {
      for (const w of stale(current())) ensureTrigramIndex(this.cr, w.table, w.columns);
    });
    this.cr.schemaChanged();
  }

  /** The query planner's statistics of this file, kept in step with its tables' sizes. */
  readonly statistics: PlannerStatistics;
  /** The rows waiting for the trigram indexes of this file, indexed in batches. */
  readonly trigramQueues: TrigramQueues;

  registryFor(modules: Iterable<string>): Registry {
    return this.fixedRegistry ?? this.catalog.registry(modules);
  }

  env(uid: number = SUPERUSER_ID, context: Context = {}, su?: boolean, request: RequestHooks | null = null): Environment {
    return new Environment(this.registry, this.cr, uid, context, su ?? uid === SUPERUSER_ID, undefined, this.name, request);
  }

  /** Installed modules, in load order. */
  get modules(): string[] { return this.registry.modules; }

  /** Whether a module is installed (routes of other modules answer 404 for this database). */
  installed(module: string): boolean { return this.registry.modules.includes(module); }

  useRegistry(registry: Registry): void {
    if (registry === this.registry) return;
    this.registry = registry;
    // models and columns changed: memoized searches and prepared statements start afresh
    this.cr.schemaChanged();
    this.onRegistryChange?.();
  }

  /**
   * Install modules (and what they bring) now, as button_immediate_install does; returns the
   * names that were installed.
   */
  install(names: string[]): string[] {
    const env = this.env(SUPERUSER_ID);
    const unknown = names.filter((n) => !this.catalog.has(n));
    if (unknown.length) log('warn', 'odoo.modules.loading', `invalid module names, ignored: ${unknown.join(', ')}`, this.name);
    const known = names.filter((n) => this.catalog.has(n));
    if (!known.length) return [];
    return this.cr.transaction(() => {
      const todo = markToInstall(env, this.catalog, known);
      applyModuleStates(env, this);
      return todo;
    });
  }

  /** Reload installed modules' declarations and data (odoo-bin -u), in one transaction. */
  upgrade(names: string[]): void {
    const env = this.env(SUPERUSER_ID);
    this.cr.transaction(() => {
      syncModuleList(env, this.catalog);
      const all = names.includes('all') ? this.modules : names.filter((n) => this.catalog.has(n));
      env.model('ir.module.module').search([['name', 'in', all], ['state', '=', 'installed']]).button_upgrade();
      applyModuleStates(env, this);
    });
  }

  /** This file's WAL checkpoints, when a thread takes them (see checkpointOffThread). */
  checkpointing: Checkpointing | null = null;

  /**
   * Hand this file's WAL checkpoints to the process's checkpoint thread (models/orm/checkpointer.ts):
   * for a file only this process writes. Without a thread, the connection keeps checkpointing itself.
   */
  checkpointOffThread(): void {
    if (!this.file || this.checkpointing) return;
    const autocheckpoint = this.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.checkpointing = checkpointInThread(this.file, { synchronous: dbSynchronous(), journalSizeLimit: WAL_SIZE_LIMIT, autocheckpoint });
    if (this.checkpointing) this.cr.onCommitted = this.checkpointing.committed;
  }

  /**
   * Close the connection. The checkpoint thread's connection to the file is closed first, and
   * synchronously: callers delete, rename or replace the file right after.
   */
  close(): void {
    this.checkpointOnConnection();
    this.cr.close();
  }

  /** Stop the thread's checkpoints of this file (synchronously): the connection takes them again. */
  checkpointOnConnection(): void {
    this.cr.onCommitted = null;
    this.checkpointing?.stop();
    this.checkpointing = null;
  }

  /**
   * Refresh the query planner's table statistics where they are missing or out of date (a table
   * grown or shrunk 10-fold since it was analyzed; models/orm/planner_statistics.ts). Without
   * them SQLite assumes every table is large and, for instance, sorts a portal user's few hundred
   * partners fetched by id instead of reading them in index order; with stale ones it scans a
   * table that has grown since. Sampling is bounded (analysis_limit), so this stays cheap on a
   * million rows; it never waits for another process's write lock (it is skipped instead).
   * `allTables`: every table, not only those this connection's queries used (at opening).
   */
  optimize(allTables = false): StatisticsCheck {
    // tables made since (a module installed later) get their missing statistics too
    const done = this.statistics.refresh({ allTables, complete: true });
    if (done.analyzed.length) this.cr.onCommitted?.();
    return done;
  }
}

/** Template images by key (demo flag, modules, code fingerprint): the same in every manager of a process. */
const sharedTemplates = new Map<string, Buffer>();
const pendingTemplates = new Map<string, Promise<Buffer>>();

/** <tmp>/odoo-emulator-templates-<user>: images of in-memory servers, shared between processes. */
export function defaultTemplateDir(): string {
  let user = 'user';
  try { user = String(os.userInfo().uid >= 0 ? os.userInfo().uid : os.userInfo().username); } catch { /* no user entry */ }
  return path.join(os.tmpdir(), `odoo-emulator-templates-${user}`);
}

/** The page size of new databases (set before their first table; see buildTemplateImage). */
export const PAGE_SIZE = 1024;

/** Build the image of a fresh database with these modules, in this thread. */
export function buildTemplateImage(opts: { demo: boolean; modules: string[] }, catalog: ModuleCatalog = defaultCatalog(), fixedRegistry: Registry | null = null): Buffer {
  const t = Date.now();
  log('info', 'odoo.service.db', `Building the template database (${opts.demo ? 'with' : 'without'} demo data, modules: ${opts.modules.join(', ')})`);
  const sqlite = new Sqlite(':memory:');
  // 1 KiB pages rather than 4: a call writes a few rows into many B-trees (a table and its
  // indexes), and each page it changes is written whole to the WAL at commit and again at the
  // checkpoint (order to cash: 0.38 MB per cycle instead of 1.09 MB); reads are no slower
  sqlite.pragma(`page_size = ${PAGE_SIZE}`);
  setupConnection(sqlite);
  const db = new Database('template', fixedRegistry ?? catalog.registry(catalog.installSet(DEFAULT_MODULES, [])), sqlite, null, catalog, fixedRegistry);
  initDatabase(db, opts);
  // every new database starts with planner statistics (see Database.optimize)
  analyzeAll(sqlite);
  sqlite.pragma('journal_mode = DELETE');
  const image = sqlite.serialize();
  sqlite.close();
  log('info', 'odoo.service.db', `Template database built in ${Date.now() - t} ms`);
  return image;
}

/**
 * Create the schema and install modules into an empty database, as `odoo-bin -i` does on a new
 * database: every module of the set is loaded in Odoo's order (data, then demo files).
 */
export function initDatabase(db: Database, opts: CreateOptions = {}): void {
  const target = db.catalog.installSet(opts.modules ?? DEFAULT_MODULES, []);
  db.cr.transaction(() => {
    // records created before user 1 exists point their create_uid at it: check FKs at commit
    db.cr.exec('PRAGMA defer_foreign_keys = ON');
    // the module tables come first: base's registry has them, and so does every other
    const registry = db.registryFor(target);
    db.registry = registry;
    const setupEnv = db.env(SUPERUSER_ID, { install_mode: true });
    registry.createSchema(db.cr);
    reflectModels(setupEnv);
    // Odoo creates every module category before loading base (modules/db.py initialize):
    // the full list, in Odoo's order, so that category ids are Odoo's
    new DataLoader(setupEnv, 'base').loadFiles(path.join(FIXTURES_DIR, 'base'), ['data/ir.module.category.csv']);
    syncModuleList(setupEnv, db.catalog);
    const names = [...target];
    db.cr.run(`UPDATE ir_module_module SET state = 'to install', demo = ? WHERE name IN (${names.map(() => '?').join(',')})`, [opts.demo ? 1 : 0, ...names]);
    applyModuleStates(setupEnv, db, { onProgress: (msg) => log('info', 'odoo.modules.loading', msg, db.name) });
  });
}

/** A copy of a template made a database of its own: the admin's login, password and language, new secrets. */
function personalize(db: Database, opts: CreateOptions): void {
  const env = db.env(SUPERUSER_ID);
  db.cr.transaction(() => {
    const admin = env.model('res.users').browse([2]);
    const vals: Record<string, unknown> = {};
    if (opts.login && opts.login !== 'admin') vals.login = opts.login;
    if (opts.lang && opts.lang !== 'en_US') {
      env.cr.run('UPDATE res_lang SET active = 1 WHERE code = ?', [opts.lang]);
      // Odoo's _initialize_db loads the language's translations too
      loadTranslations(env, [opts.lang], true);
      vals.lang = opts.lang;
    }
    if (Object.keys(vals).length) admin._write(vals);
    if (opts.userPassword !== undefined && opts.userPassword !== 'admin') admin._setPassword(opts.userPassword);
    if (opts.countryCode) {
      const c = env.model('res.country')._searchIds([['code', '=ilike', opts.countryCode]]);
      if (c.length) env.model('res.company').browse([1])._write({ country_id: c[0] });
    }
    if (opts.phone) env.model('res.company').browse([1])._write({ phone: opts.phone });
    // the template's default parameters (ids 1-3) get this database's own values
    env.model('ir.config_parameter').sudo().set_param('database.secret', crypto.randomUUID());
    env.model('ir.config_parameter').sudo().set_param('database.uuid', crypto.randomUUID());
    env.model('ir.config_parameter').sudo().set_param('database.create_date', nowUtc(db.cr));
    if (opts.baseUrl) env.model('ir.config_parameter').sudo().set_param('web.base.url', opts.baseUrl);
  });
}

export class DatabaseManager {
  readonly catalog: ModuleCatalog;
  /** A registry imposed on every database (tests of custom models); normally each has its own. */
  private readonly fixedRegistry: Registry | null;
  private open = new Map<string, Database>();
  private templates = new Map<string, Buffer>();
  /** In-memory databases live only in this map. */
  private memory = new Map<string, Sqlite.Database>();

  /**
   * Where template images are cached between runs: <data_dir>/.templates, or for in-memory
   * servers a directory of the system's temporary directory (keyed by fingerprint, so shared by
   * every process running the same code).
   */
  readonly templateDir: string | null;
  /** The time of each database (models/tools/clock.ts); the system clock when none is given. */
  private clock: ServerClock | null = null;
  /**
   * Set when other processes open the same databases (a worker pool, server/pool): their
   * changes are noticed on every get() — another connection's commit (PRAGMA data_version)
   * drops memoized results, a new generation in the shared state (database reset, restored,
   * dropped, modules changed) reopens the connection.
   */
  readonly shared: SharedState | null;
  /** How long a write waits for another connection's write lock (ms, worker pools). */
  private readonly busyTimeoutMs: number;
  /** Databases another process is dropping or renaming: not reopened before their generation moves. */
  private held = new Map<string, number>();

  constructor(readonly dataDir: string | null, opts: {
    registry?: Registry; templateDir?: string | null; catalog?: ModuleCatalog; clock?: ServerClock; shared?: SharedState; busyTimeoutMs?: number;
  } = {}) {
    this.catalog = opts.catalog ?? defaultCatalog();
    this.fixedRegistry = opts.registry ?? null;
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    this.templateDir = opts.templateDir !== undefined ? opts.templateDir : dataDir ? path.join(dataDir, '.templates') : defaultTemplateDir();
    this.clock = opts.clock ?? null;
    this.shared = opts.shared ?? null;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
    // a database created, dropped or renamed by another process: the listing is read again
    this.shared?.onChange(() => { this.listCache = null; });
  }

  /** Give every database (open or opened later) its clock from `clock`. */
  useClock(clock: ServerClock): void {
    this.clock = clock;
    for (const db of this.open.values()) db.cr.clock = clock.forDb(db.name);
  }

  /** The registry of the default module set (what a fresh database has). */
  get registry(): Registry {
    return this.fixedRegistry ?? this.catalog.registry(this.catalog.installSet(DEFAULT_MODULES, []));
  }

  private fileOf(name: string): string {
    return path.join(this.dataDir!, `${name}.sqlite`);
  }

  /** Where a database's attachments are stored as files (odoo/tools/config.py filestore). */
  filestoreOf(name: string): string | null {
    return this.dataDir ? path.join(this.dataDir, 'filestore', name) : null;
  }

  static validName(name: unknown): name is string {
    return typeof name === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/.test(name);
  }

  /** The directory listing is read at most once a second (every web request asks for it). */
  private listCache: { at: number; names: string[] } | null = null;

  list(): string[] {
    if (!this.dataDir) return [...this.memory.keys()].sort();
    const now = Date.now();
    if (this.listCache && now - this.listCache.at < 1000) return [...this.listCache.names];
    const names = fs.readdirSync(this.dataDir).filter((f) => f.endsWith('.sqlite')).map((f) => f.slice(0, -7))
      .filter((n) => DatabaseManager.validName(n)).sort();
    this.listCache = { at: now, names };
    return [...names];
  }

  exists(name: string): boolean {
    return DatabaseManager.validName(name) && this.list().includes(name);
  }

  get(name: string): Database {
    let db = this.open.get(name);
    if (db) return this.shared ? this.fresh(db) : db;
    if (this.shared) this.waitWhileHeld(name);
    if (!this.exists(name)) throw new Error(`database "${name}" does not exist`);
    // a pool never creates a database file by opening it (another process may have dropped it)
    const sqlite = this.dataDir ? new Sqlite(this.fileOf(name), { fileMustExist: !!this.shared, timeout: this.busyTimeoutMs }) : this.memory.get(name)!;
    setupConnection(sqlite);
    db = new Database(name, this.registry, sqlite, this.dataDir ? this.fileOf(name) : null, this.catalog, this.fixedRegistry);
    if (this.clock) db.cr.clock = this.clock.forDb(name);
    db.filestore = this.filestoreOf(name);
    if (this.shared) this.share(db);
    db.registry = this.registryOf(db);
    // a database written by an older version may keep its trigram indexes row by row
    db.upgradeTrigramIndexes();
    // a database written by another program (or an older version) may lack statistics
    db.optimize(true);
    this.open.set(name, db);
    // a pool's processes all write the file: each connection keeps its own checkpoints, as
    // SQLite does by default (a thread per process would only add connections to coordinate)
    if (!this.shared) db.checkpointOffThread();
    return db;
  }

  /** A connection of a worker pool: snapshot transactions, and its changes of modules told to the others. */
  private share(db: Database): void {
    const shared = this.shared!;
    db.cr.concurrent = true;
    db.generation = shared.generation(db.name);
    const dataVersion = db.sqlite.prepare('PRAGMA data_version').pluck();
    let seen = dataVersion.get();
    this.dataVersions.set(db, () => {
      const v = dataVersion.get();
      if (v === seen) return;
      seen = v;
      // another process committed: results memoized for the last write are stale
      db.cr.writeVersion++;
    });
    db.onRegistryChange = () => {
      shared.bumpGeneration(db.name);
      db.generation = shared.generation(db.name);
    };
  }

  private dataVersions = new WeakMap<Database, () => void>();

  /** An open database of a pool, brought up to date with what other processes did since its last use. */
  private fresh(db: Database): Database {
    // a call in progress keeps its snapshot and its connection
    if (db.cr.inTransaction) return db;
    this.shared!.sync();
    if (db.generation !== this.shared!.generation(db.name)) {
      // reset, restored or another process changed its modules: a new connection, registry and caches
      this.forget(db.name);
      return this.get(db.name);
    }
    this.dataVersions.get(db)?.();
    return db;
  }

  /** Close this process's connection to a database (it is reopened on next use). */
  forget(name: string): void {
    this.open.get(name)?.close();
    this.open.delete(name);
    this.listCache = null;
  }

  /**
   * Another process drops or renames `name`: close it here and do not open it again until the
   * shared generation moves past `generation` (the other process bumps it when done). Opening
   * it meanwhile could keep a connection to a file about to be deleted, whose WAL SQLite would
   * later delete by name — by then another database's.
   */
  hold(name: string, generation: number): void {
    this.forget(name);
    this.held.set(name, generation);
  }

  private waitWhileHeld(name: string): void {
    const until = this.held.get(name);
    if (until === undefined) return;
    const deadline = Date.now() + 60000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (this.shared!.generation(name) <= until && Date.now() < deadline) {
      Atomics.wait(pause, 0, 0, 5);
      this.shared!.sync();
    }
    this.held.delete(name);
  }

  /**
   * The registry of a database's installed modules. A module the catalog no longer knows (an
   * addons path not given this time) is skipped with a warning, as Odoo does; a database made
   * before modules existed gets the module list, with the default set installed.
   */
  private registryOf(db: Database): Registry {
    const hasTable = db.cr.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ir_module_module'");
    if (!hasTable) {
      const target = this.catalog.installSet(DEFAULT_MODULES, []);
      const registry = db.registryFor(target);
      db.registry = registry;
      db.cr.transaction(() => {
        const env = db.env(SUPERUSER_ID);
        registry.createSchema(db.cr);
        reflectModels(env);
        syncModuleList(env, this.catalog);
        const names = [...target];
        db.cr.run(`UPDATE ir_module_module SET state = 'installed', demo = ? WHERE name IN (${names.map(() => '?').join(',')})`,
          [db.cr.get("SELECT 1 FROM res_users WHERE login = 'demo'") ? 1 : 0, ...names]);
      });
      return registry;
    }
    // modules the catalog knows and the database does not (an addons path given since): listed
    const listed = new Set(db.cr.all<{ name: string }>('SELECT name FROM ir_module_module').map((r) => r.name));
    if (this.catalog.all().some((m) => !listed.has(m.name))) {
      db.cr.transaction(() => syncModuleList(db.env(SUPERUSER_ID), this.catalog));
    }
    const names = db.cr.all<{ name: string }>("SELECT name FROM ir_module_module WHERE state IN ('installed', 'to upgrade', 'to remove')").map((r) => r.name);
    const known = names.filter((n) => this.catalog.has(n));
    for (const n of names) if (!known.includes(n)) log('warn', 'odoo.modules.loading', `module ${n}: not found, skipped`, db.name);
    // a dependency missing from the set (unknown module) takes its dependents out too
    const loadable = known.filter((n) => [...this.catalog.closure([n])].every((d) => known.includes(d)));
    return db.registryFor(loadable);
  }

  /** The cache key of a template: demo flag, module set and a fingerprint of the code and data building it. */
  private templateKey(demo: boolean, modules: string[]): string {
    const target = [...this.catalog.installSet(modules, [])];
    // the running code's models directory (sources under ts-jest, dist/models when compiled)
    return `${demo ? 'demo' : 'base'}-${this.catalog.fingerprint(target, [__dirname, FIXTURES_DIR])}${this.fixedRegistry ? '-custom' : ''}`;
  }

  /** A template image already built, in this process or on disk. */
  private cachedTemplate(key: string): Buffer | null {
    const cached = this.fixedRegistry ? this.templates.get(key) : sharedTemplates.get(key);
    if (cached) return cached;
    const file = this.templateFile(key);
    if (file && fs.existsSync(file)) {
      const image = fs.readFileSync(file);
      this.keepTemplate(key, image);
      return image;
    }
    return null;
  }

  private templateFile(key: string): string | null {
    return this.templateDir && !this.fixedRegistry ? path.join(this.templateDir, `${key}.sqlite`) : null;
  }

  /** Keep a new image in memory (shared by every manager of the process) and on disk. */
  private keepTemplate(key: string, image: Buffer, save = false): void {
    if (this.fixedRegistry) this.templates.set(key, image);
    else sharedTemplates.set(key, image);
    const file = this.templateFile(key);
    if (save && file) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
        fs.writeFileSync(tmp, image);
        fs.renameSync(tmp, file);
      } catch (e) {
        log('warn', 'odoo.service.db', `could not cache the template image in ${file}: ${(e as Error).message}`);
      }
    }
  }

  /** The serialized image of a fresh database with these modules (built once, cached on disk when possible). */
  template(demo: boolean, modules: string[] = DEFAULT_MODULES): Buffer {
    const key = this.templateKey(demo, modules);
    const cached = this.cachedTemplate(key);
    if (cached) return cached;
    const image = buildTemplateImage({ demo, modules }, this.catalog, this.fixedRegistry);
    this.keepTemplate(key, image, true);
    return image;
  }

  /**
   * The same image without blocking this thread while it is built: the built-in modules are
   * loaded in a worker thread (models/template_worker.ts); a custom catalog or registry (addons
   * paths, tests' own models) cannot be handed to a thread and is built here.
   */
  async templateAsync(demo: boolean, modules: string[] = DEFAULT_MODULES): Promise<Buffer> {
    const key = this.templateKey(demo, modules);
    const cached = this.cachedTemplate(key);
    if (cached) return cached;
    if (this.fixedRegistry || this.catalog !== defaultCatalog()) return this.template(demo, modules);
    let pending = pendingTemplates.get(key);
    if (!pending) {
      pending = this.buildOnce(key, () => buildTemplateInWorker({ demo, modules })).finally(() => pendingTemplates.delete(key));
      pendingTemplates.set(key, pending);
    }
    const image = await pending;
    if (!this.cachedTemplate(key)) this.keepTemplate(key, image, true);
    return image;
  }

  /**
   * Build an image once across processes sharing the cache directory (parallel test workers):
   * the first takes a lock directory beside the image, the others wait for the image to appear
   * (a lock older than 10 minutes is taken over).
   */
  private async buildOnce(key: string, build: () => Promise<Buffer>): Promise<Buffer> {
    const file = this.templateFile(key);
    if (!file) return build();
    const lock = `${file}.lock`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (;;) {
      try {
        fs.mkdirSync(lock);
        break;
      } catch {
        if (fs.existsSync(file)) return fs.readFileSync(file);
        try { if (Date.now() - fs.statSync(lock).mtimeMs > 600000) fs.rmSync(lock, { recursive: true, force: true }); } catch { /* released meanwhile */ }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      if (fs.existsSync(file)) return fs.readFileSync(file);
      const image = await build();
      this.keepTemplate(key, image, true);
      return image;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }

  /** db.create_database: a copy of the template, then the caller's admin login/password/lang. */
  create(name: string, opts: CreateOptions = {}): Database {
    if (!DatabaseManager.validName(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    return this.createFrom(name, this.template(!!opts.demo, opts.modules ?? DEFAULT_MODULES), opts);
  }

  /** create(), with the template built off this thread when it is not cached yet. */
  async createAsync(name: string, opts: CreateOptions = {}): Promise<Database> {
    if (!DatabaseManager.validName(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    const image = await this.templateAsync(!!opts.demo, opts.modules ?? DEFAULT_MODULES);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    return this.createFrom(name, image, opts);
  }

  private createFrom(name: string, image: Buffer, opts: CreateOptions): Database {
    this.restoreImage(name, image);
    const db = this.get(name);
    personalize(db, opts);
    // what reset() goes back to (a copy of a few MB, taken in about a millisecond)
    this.initialImages.set(name, this.dump(name));
    this.shared?.bumpGeneration(name);
    return db;
  }

  /** Images of databases as this manager created them, for reset(). */
  private initialImages = new Map<string, Buffer>();

  /**
   * Put an image into a database that other processes keep open (worker pools): it is copied
   * into the live file through SQLite's backup API, as one write transaction, so that their
   * connections stay valid (a file replaced under them would not be: SQLite deletes a WAL file
   * by name when its last connection closes); the backup changes the schema cookie, and the new
   * generation makes every process reopen the database with the image's modules.
   */
  async replaceShared(name: string, image: Buffer): Promise<void> {
    if (!this.exists(name)) throw new Error(`Database ${name} does not exist`);
    const source = new Sqlite(image);
    try {
      // the first step only starts the backup; the second copies every page at once
      await source.backup(this.fileOf(name), { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    this.shared?.bumpGeneration(name);
  }

  /** reset() for databases other processes keep open (see replaceShared). */
  async resetShared(name: string): Promise<void> {
    await this.replaceShared(name, this.initialImages.get(name) ?? this.freshImageLike(name));
  }

  /** The image of a new database with the same modules and demo flag as `name`. */
  private freshImageLike(name: string): Buffer {
    const current = this.get(name);
    const demo = !!current.cr.get("SELECT 1 FROM ir_module_module WHERE name = 'base' AND demo = 1");
    const sqlite = new Sqlite(this.template(demo, current.modules));
    try {
      setupConnection(sqlite);
      sqlite.pragma('journal_mode = DELETE');
      const db = new Database(name, this.registry, sqlite, null, this.catalog, this.fixedRegistry);
      if (this.clock) db.cr.clock = this.clock.forDb(name);
      db.registry = this.registryOf(db);
      personalize(db, {});
      return sqlite.serialize();
    } finally {
      sqlite.close();
    }
  }

  /**
   * Replace the content of an existing database by an image (a snapshot, or its state at
   * creation); its connection is reopened on next use. Calls run synchronously to their end, so
   * no transaction is open on it when this runs.
   */
  replace(name: string, image: Buffer): void {
    if (!this.exists(name)) throw new Error(`Database ${name} does not exist`);
    this.open.get(name)?.close();
    this.open.delete(name);
    if (this.dataDir) for (const suffix of ['-wal', '-shm']) fs.rmSync(`${this.fileOf(name)}${suffix}`, { force: true });
    else this.memory.delete(name);
    this.restoreImage(name, image);
  }

  /**
   * Back to the state right after this manager created the database; a database it did not
   * create becomes a fresh one with the same installed modules and demo flag.
   */
  reset(name: string): void {
    const initial = this.initialImages.get(name);
    if (initial) {
      this.replace(name, initial);
      return;
    }
    const db = this.get(name);
    const demo = !!db.cr.get("SELECT 1 FROM ir_module_module WHERE name = 'base' AND demo = 1");
    const modules = db.modules;
    this.drop(name);
    this.create(name, { demo, modules });
  }

  private restoreImage(name: string, image: Buffer): void {
    this.listCache = null;
    if (this.dataDir) {
      const tmp = `${this.fileOf(name)}.tmp`;
      fs.writeFileSync(tmp, image);
      fs.renameSync(tmp, this.fileOf(name));
    } else {
      this.memory.set(name, new Sqlite(image));
    }
  }

  /** A consistent image of a database (SQLite online serialization). */
  dump(name: string): Buffer {
    const db = this.get(name);
    const image = db.sqlite.serialize();
    // a WAL-mode file's header says so; an image must open on its own (rollback journal mode)
    if (image.length > 19 && image[18] === 2) { image[18] = 1; image[19] = 1; }
    return image;
  }

  duplicate(source: string, target: string): void {
    if (!DatabaseManager.validName(target)) throw new Error(`Invalid database name ${JSON.stringify(target)}`);
    if (this.exists(target)) throw new Error(`Database ${target} already exists`);
    this.restoreImage(target, this.dump(source));
    // the files go with the database (service/db.py exp_duplicate_database)
    const from = this.filestoreOf(source);
    if (from && fs.existsSync(from)) fs.cpSync(from, this.filestoreOf(target)!, { recursive: true });
    this.get(target).env().model('ir.config_parameter').sudo().set_param('database.uuid', crypto.randomUUID());
  }

  /** db.dump(name, 'zip'): Odoo's backup archive (models/tools/odoo_dump.ts). */
  dumpZip(name: string): Buffer {
    return zipDump(this.get(name).sqlite, name, this.filestoreOf(name));
  }

  /** db.restore: Odoo's zip (as dumpZip writes it) or a plain image (dump). */
  restore(name: string, data: Buffer): void {
    if (!DatabaseManager.validName(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    const image = imageFromBackup(data);
    // validate: must be an SQLite image of ours
    const probe = new Sqlite(image);
    try {
      probe.prepare("SELECT 1 FROM sqlite_master WHERE name = 'res_users'").get();
    } finally {
      probe.close();
    }
    this.restoreImage(name, image);
    // the archive's filestore: files on disk, or the bytes of the attachments that name them
    // for an in-memory database (which keeps them in db_datas)
    const files = filestoreFromBackup(data);
    if (!files.size) return;
    const store = this.filestoreOf(name);
    if (store) {
      for (const [rel, bytes] of files) {
        fs.mkdirSync(path.join(store, path.dirname(rel)), { recursive: true });
        fs.writeFileSync(path.join(store, rel), bytes);
      }
      return;
    }
    const db = this.get(name);
    for (const [rel, bytes] of files) db.sqlite.prepare('UPDATE ir_attachment SET db_datas = ?, store_fname = NULL WHERE store_fname = ?').run(bytes.toString('base64'), rel);
  }

  drop(name: string): boolean {
    if (!this.exists(name)) return false;
    this.listCache = null;
    this.initialImages.delete(name);
    this.open.get(name)?.close();
    this.open.delete(name);
    if (this.dataDir) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${this.fileOf(name)}${suffix}`, { force: true });
      fs.rmSync(this.filestoreOf(name)!, { recursive: true, force: true });
    } else {
      this.memory.get(name)?.close();
      this.memory.delete(name);
    }
    return true;
  }

  rename(oldName: string, newName: string): void {
    if (!this.exists(oldName)) throw new Error(`Database ${oldName} does not exist`);
    if (!DatabaseManager.validName(newName) || this.exists(newName)) throw new Error(`Database ${newName} already exists`);
    const image = this.dump(oldName);
    const store = this.filestoreOf(oldName);
    const moved = store && fs.existsSync(store) ? `${store}.${process.pid}.renaming` : null;
    if (moved) fs.renameSync(store!, moved);
    this.drop(oldName);
    this.restoreImage(newName, image);
    if (moved) fs.renameSync(moved, this.filestoreOf(newName)!);
  }

  /**
   * Autovacuum of transient models (wizards): rows not written for `maxHours` (Odoo's
   * transient_age_limit, default 1 hour) are deleted. Returns the number of rows removed.
   */
  vacuumTransient(name: string, maxHours = 1): number {
    const db = this.get(name);
    const cutoff = utcDatetime(db.cr.clock.now() - maxHours * 3600 * 1000);
    let removed = 0;
    db.cr.transaction(() => {
      for (const M of db.registry.models.values()) {
        if (!M._transient) continue;
        removed += db.cr.run(`DELETE FROM "${M._table}" WHERE COALESCE(write_date, create_date) < ?`, [cutoff]).changes;
      }
    });
    return removed;
  }

  closeAll(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }

  /** Databases this manager has a connection to. */
  openNames(): string[] {
    return [...this.open.keys()];
  }
}

