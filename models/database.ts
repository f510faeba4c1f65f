/**
 * Databases: one SQLite file per database in the data directory (or in memory), created from
 * a template image built once per process (base data, optionally demo data), so a new database
 * is a copy of bytes rather than a data load.
 */
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import Sqlite from 'better-sqlite3';
import { BaseModel } from './orm/model';
import { Registry, type ModelDecl } from './orm/registry';
import { Cursor, setupConnection } from './orm/sql';
import { Environment, SUPERUSER_ID, type Context, type RequestHooks } from './orm/environment';
import { DataLoader } from './tools/data_loader';
import { reflectModels } from './base/ir_model';
import { baseModels } from './base';
import { addons, type Addon } from './addons';
import { FIXTURES_DIR, PROJECT_ROOT } from './paths';

/** Build the registry of every model of the addons we ship. */
export function buildRegistry(extra: ModelDecl[] = []): Registry {
  const reg = new Registry(BaseModel);
  for (const d of baseModels) reg.add(d);
  for (const a of addons) for (const d of a.models) reg.add({ _module: a.name, ...d });
  for (const d of extra) reg.add(d);
  reg.setup();
  return reg;
}

export interface CreateOptions {
  demo?: boolean;
  lang?: string;
  userPassword?: string;
  login?: string;
  countryCode?: string | null;
  phone?: string | null;
}

export class Database {
  readonly cr: Cursor;
  constructor(readonly name: string, readonly registry: Registry, readonly sqlite: Sqlite.Database, readonly file: string | null) {
    this.cr = new Cursor(sqlite);
  }

  env(uid: number = SUPERUSER_ID, context: Context = {}, su?: boolean, request: RequestHooks | null = null): Environment {
    return new Environment(this.registry, this.cr, uid, context, su ?? uid === SUPERUSER_ID, undefined, this.name, request);
  }

  close(): void { this.cr.close(); }

  /**
   * Refresh the query planner's table statistics where they are missing or out of date (SQLite's
   * PRAGMA optimize, the counterpart of PostgreSQL's autoanalyze). Without them SQLite assumes
   * every table is large and, for instance, sorts a portal user's few hundred partners fetched by
   * id instead of reading them in index order; with them, small and huge tables each get the
   * right plan. Sampling is bounded (analysis_limit), so this stays cheap on a million rows.
   */
  optimize(allTables = false): void {
    this.sqlite.pragma('analysis_limit = 1000');
    const analyzed = this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
    // never analyzed (made by an older version): optimize alone may not start, ANALYZE does
    if (!analyzed) this.sqlite.exec('ANALYZE');
    else this.sqlite.pragma(allTables ? 'optimize = 0x10002' : 'optimize');
  }
}

const FIXTURES = FIXTURES_DIR;

/** Fixture files of the base addon and of each addon, in load order. */
function dataFiles(demo: boolean): Array<{ module: string; dir: string; files: string[] }> {
  const out = [{
    module: 'base', dir: path.join(FIXTURES, 'base'),
    files: ['data/res.currency.csv', 'data/res.country.csv', 'data/res.country.state.csv', 'data/res.lang.csv',
      'data/base_groups.xml', 'data/base_data.xml', 'security/ir.model.access.csv', 'security/base_security.xml'],
  }];
  if (demo) out.push({ module: 'base', dir: path.join(FIXTURES, 'base'), files: ['demo/base_demo.xml'] });
  for (const a of addons) {
    out.push({ module: a.name, dir: path.join(FIXTURES, a.name), files: [...a.data, ...(demo ? a.demo : [])] });
  }
  return out;
}

/** Create schema and load data into an empty SQLite database. */
export function initDatabase(db: Database, opts: CreateOptions = {}): void {
  const env = db.env(SUPERUSER_ID, { install_mode: true });
  db.cr.transaction(() => {
    // records created before user 1 exists point their create_uid at it: check FKs at commit
    db.cr.exec('PRAGMA defer_foreign_keys = ON');
    db.registry.createSchema(db.cr);
    reflectModels(env);
    for (const { module, dir, files } of dataFiles(!!opts.demo)) {
      new DataLoader(env, module).loadFiles(dir, files.filter((f) => fs.existsSync(path.join(dir, f))));
    }
  });
}

/** Fingerprint of the code and fixtures a template was built from. */
function templateKey(demo: boolean): string {
  const h = crypto.createHash('sha1');
  h.update(demo ? 'demo' : 'nodemo');
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(e.name).update(fs.readFileSync(p));
    }
  };
  walk(FIXTURES);
  walk(path.join(PROJECT_ROOT, 'models'));
  return h.digest('hex').slice(0, 16);
}

export class DatabaseManager {
  readonly registry: Registry;
  private open = new Map<string, Database>();
  private templates = new Map<string, Buffer>();
  /** In-memory databases live only in this map. */
  private memory = new Map<string, Sqlite.Database>();

  /** Where template images are cached between runs (defaults to <data_dir>/.templates). */
  readonly templateDir: string | null;

  constructor(readonly dataDir: string | null, opts: { registry?: Registry; templateDir?: string | null } = {}) {
    this.registry = opts.registry ?? buildRegistry();
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    this.templateDir = opts.templateDir !== undefined ? opts.templateDir : dataDir ? path.join(dataDir, '.templates') : null;
  }

  private fileOf(name: string): string {
    return path.join(this.dataDir!, `${name}.sqlite`);
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
    if (db) return db;
    if (!this.exists(name)) throw new Error(`database "${name}" does not exist`);
    const sqlite = this.dataDir ? new Sqlite(this.fileOf(name)) : this.memory.get(name)!;
    setupConnection(sqlite);
    db = new Database(name, this.registry, sqlite, this.dataDir ? this.fileOf(name) : null);
    // a database written by another program (or an older version) may lack statistics
    db.optimize(true);
    this.open.set(name, db);
    return db;
  }

  /** The serialized image of a fresh database (built once, cached on disk when possible). */
  template(demo: boolean): Buffer {
    const key = templateKey(demo);
    const cached = this.templates.get(key);
    if (cached) return cached;
    const file = this.templateDir ? path.join(this.templateDir, `${demo ? 'demo' : 'base'}-${key}.sqlite`) : null;
    let image: Buffer;
    if (file && fs.existsSync(file)) {
      image = fs.readFileSync(file);
    } else {
      const sqlite = new Sqlite(':memory:');
      setupConnection(sqlite);
      const db = new Database('template', this.registry, sqlite, null);
      initDatabase(db, { demo });
      // every new database starts with planner statistics (see Database.optimize)
      sqlite.exec('ANALYZE');
      sqlite.pragma('journal_mode = DELETE');
      image = sqlite.serialize();
      sqlite.close();
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, image);
        fs.renameSync(tmp, file);
      }
    }
    this.templates.set(key, image);
    return image;
  }

  /** db.create_database: a copy of the template, then the caller's admin login/password/lang. */
  create(name: string, opts: CreateOptions = {}): Database {
    if (!DatabaseManager.validName(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    this.restoreImage(name, this.template(!!opts.demo));
    const db = this.get(name);
    const env = db.env(SUPERUSER_ID);
    db.cr.transaction(() => {
      const admin = env.model('res.users').browse([2]);
      const vals: Record<string, unknown> = {};
      if (opts.login && opts.login !== 'admin') vals.login = opts.login;
      if (opts.lang && opts.lang !== 'en_US') {
        env.cr.run('UPDATE res_lang SET active = 1 WHERE code = ?', [opts.lang]);
        vals.lang = opts.lang;
      }
      if (Object.keys(vals).length) admin._write(vals);
      if (opts.userPassword !== undefined && opts.userPassword !== 'admin') admin._setPassword(opts.userPassword);
      if (opts.countryCode) {
        const c = env.model('res.country')._searchIds([['code', '=ilike', opts.countryCode]]);
        if (c.length) env.model('res.company').browse([1])._write({ country_id: c[0] });
      }
      if (opts.phone) env.model('res.company').browse([1])._write({ phone: opts.phone });
      env.model('ir.config_parameter').sudo().set_param('database.uuid', crypto.randomUUID());
      env.model('ir.config_parameter').sudo().set_param('database.create_date', new Date().toISOString().slice(0, 19).replace('T', ' '));
    });
    return db;
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
    this.get(target).env().model('ir.config_parameter').sudo().set_param('database.uuid', crypto.randomUUID());
  }

  restore(name: string, image: Buffer): void {
    if (!DatabaseManager.validName(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
    if (this.exists(name)) throw new Error(`Database ${name} already exists`);
    // validate: must be an SQLite image of ours
    const probe = new Sqlite(image);
    try {
      probe.prepare("SELECT 1 FROM sqlite_master WHERE name = 'res_users'").get();
    } finally {
      probe.close();
    }
    this.restoreImage(name, image);
  }

  drop(name: string): boolean {
    if (!this.exists(name)) return false;
    this.listCache = null;
    this.open.get(name)?.close();
    this.open.delete(name);
    if (this.dataDir) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${this.fileOf(name)}${suffix}`, { force: true });
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
    this.drop(oldName);
    this.restoreImage(newName, image);
  }

  /**
   * Autovacuum of transient models (wizards): rows not written for `maxHours` (Odoo's
   * transient_age_limit, default 1 hour) are deleted. Returns the number of rows removed.
   */
  vacuumTransient(name: string, maxHours = 1): number {
    const db = this.get(name);
    const cutoff = new Date(Date.now() - maxHours * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
    let removed = 0;
    db.cr.transaction(() => {
      for (const M of this.registry.models.values()) {
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
}

export type { Addon };
