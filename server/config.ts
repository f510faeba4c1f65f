/**
 * Configuration as odoo-bin reads it: command-line flags, an odoo.conf INI file (-c) and
 * environment variables (for containers). Later sources override earlier ones:
 * defaults < config file < environment < command line.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { ServerConfig } from '../rpc/service/dispatch';
import { DB_SYNCHRONOUS_LEVELS } from '../models/orm/sql';

export interface Config extends ServerConfig {
  http_port: number;
  http_interface: string;
  data_dir: string | null;
  log_level: string;
  config_file: string | null;
  /** Name of the database created at start-up when none exists. */
  default_db: string;
  smtp_server: string | null;
  smtp_port: number;
  smtp_user: string | null;
  smtp_password: string | null;
  smtp_ssl: boolean;
  email_from: string | null;
  /** -i/--init: modules to install in the databases of -d (created if missing). */
  init: string[];
  /** -u/--update: installed modules whose declarations and data are reloaded. */
  update: string[];
  /** --stop-after-init: create/install/update, then exit instead of serving. */
  stop_after_init: boolean;
  /** SQLite `synchronous` level of the databases (models/orm/sql.ts DB_SYNCHRONOUS_LEVELS). */
  db_synchronous: string;
  /** The emulator's /emulator/... routes (outbox, reset, clock, faults, journal); --no-control-routes turns them off. */
  control_routes: boolean;
  /** --addons-path: directories of Odoo addons (folders with a __manifest__.py) added to the modules. */
  addons_path: string[];
  /**
   * Worker processes answering requests (odoo-bin --workers; server/pool). 0, the default:
   * requests are answered in the server's one process, one at a time, as before the pool
   * (Odoo's default is its multi-threaded mode, which this does not emulate).
   */
  workers: number;
  /** odoo-bin's limits of a worker, in its units: seconds, bytes, requests (server/pool/limits.ts). */
  limit_time_cpu: number;
  limit_time_real: number;
  limit_memory_soft: number;
  limit_memory_hard: number;
  limit_request: number;
}

export function defaults(): Config {
  return {
    admin_passwd: 'admin', list_db: true, dbfilter: '', db_name: [], without_demo: false,
    // loopback only unless told otherwise (odoo-bin listens on every interface by default)
    http_port: 8069, http_interface: '127.0.0.1', data_dir: path.join(os.homedir(), '.local', 'share', 'odoo-emulator'),
    log_level: 'info', config_file: null, default_db: 'odoo',
    smtp_server: null, smtp_port: 25, smtp_user: null, smtp_password: null, smtp_ssl: false, email_from: null,
    init: [], update: [], stop_after_init: false, addons_path: [],
    db_synchronous: 'normal',
    control_routes: true,
    // odoo/tools/config.py defaults
    workers: 0, limit_time_cpu: 60, limit_time_real: 120,
    limit_memory_soft: 2048 * 1024 * 1024, limit_memory_hard: 2560 * 1024 * 1024, limit_request: 2 ** 16,
  };
}

/** Integer options of odoo-bin's multiprocessing group ("type=int": a bad value is a usage error). */
const INT_OPTIONS = ['workers', 'limit_time_cpu', 'limit_time_real', 'limit_memory_soft', 'limit_memory_hard', 'limit_request'] as const;

const BOOL = (v: string) => !['false', '0', 'no', 'off', 'none', ''].includes(v.trim().toLowerCase());

/** A comma-separated module list (odoo.conf may also hold a Python dict literal of names). */
function moduleList(v: string): string[] {
  if (!v || v === 'False' || v === '{}') return [];
  return v.replace(/[{}'"]/g, '').split(',').map((s) => s.split(':')[0].trim()).filter(Boolean);
}

/** Apply one option by its odoo.conf name. */
function apply(cfg: Config, key: string, raw: string): void {
  const v = raw.trim();
  switch (key) {
    case 'admin_passwd': cfg.admin_passwd = v; break;
    case 'list_db': cfg.list_db = BOOL(v); break;
    case 'dbfilter': cfg.dbfilter = v; break;
    case 'db_name': cfg.db_name = v && v !== 'False' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []; break;
    case 'without_demo': cfg.without_demo = BOOL(v) && v.toLowerCase() !== 'false'; break;
    case 'http_port': case 'xmlrpc_port': cfg.http_port = parseInt(v, 10); break;
    case 'http_interface': case 'xmlrpc_interface': cfg.http_interface = v === 'False' ? '' : v; break;
    case 'data_dir': cfg.data_dir = v === ':memory:' ? null : v; break;
    case 'log_level': cfg.log_level = v; break;
    case 'smtp_server': cfg.smtp_server = v && v !== 'False' ? v : null; break;
    case 'smtp_port': cfg.smtp_port = parseInt(v, 10) || 25; break;
    case 'smtp_user': cfg.smtp_user = v && v !== 'False' ? v : null; break;
    case 'smtp_password': cfg.smtp_password = v && v !== 'False' ? v : null; break;
    case 'smtp_ssl': cfg.smtp_ssl = BOOL(v); break;
    case 'email_from': cfg.email_from = v && v !== 'False' ? v : null; break;
    case 'init': cfg.init = moduleList(v); break;
    case 'update': cfg.update = moduleList(v); break;
    case 'stop_after_init': cfg.stop_after_init = BOOL(v); break;
    case 'db_synchronous':
      if (!DB_SYNCHRONOUS_LEVELS.includes(v.toLowerCase())) throw new UsageError(`db_synchronous must be one of ${DB_SYNCHRONOUS_LEVELS.join(', ')}`);
      cfg.db_synchronous = v.toLowerCase();
      break;
    case 'emulator_control_routes': cfg.control_routes = BOOL(v); break;
    case 'addons_path': cfg.addons_path = v && v !== 'False' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []; break;
    case 'workers': case 'limit_time_cpu': case 'limit_time_real': case 'limit_memory_soft': case 'limit_memory_hard': case 'limit_request': {
      if (!/^-?\d+$/.test(v)) throw new UsageError(`option ${key}: invalid integer value: '${v}'`);
      cfg[key as typeof INT_OPTIONS[number]] = parseInt(v, 10);
      break;
    }
    default: (cfg as Record<string, unknown>)[key] = v;
  }
}

/** Parse an odoo.conf file: the [options] section of an INI file. */
export function readConfigFile(cfg: Config, file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const m = /^\[(.+)\]$/.exec(t);
    if (m) { section = m[1].trim(); continue; }
    if (section !== 'options') continue;
    const i = t.search(/[=:]/);
    if (i < 0) continue;
    apply(cfg, t.slice(0, i).trim(), t.slice(i + 1));
  }
  cfg.config_file = file;
}

/** Write the admin password back (db.change_admin_password), like odoo-bin does with -c. */
export function saveConfigFile(cfg: Config): void {
  if (!cfg.config_file) return;
  const text = fs.readFileSync(cfg.config_file, 'utf8');
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^\s*admin_passwd\s*[=:]/.test(l));
  if (i >= 0) lines[i] = `admin_passwd = ${cfg.admin_passwd}`;
  else {
    const s = lines.findIndex((l) => l.trim() === '[options]');
    lines.splice(s >= 0 ? s + 1 : 0, 0, ...(s >= 0 ? [] : ['[options]']), `admin_passwd = ${cfg.admin_passwd}`);
  }
  fs.writeFileSync(cfg.config_file, lines.join('\n'));
}

const ENV: Record<string, string> = {
  ODOO_HTTP_PORT: 'http_port', ODOO_HTTP_INTERFACE: 'http_interface', ODOO_DATA_DIR: 'data_dir',
  ODOO_ADMIN_PASSWD: 'admin_passwd', ODOO_DB_FILTER: 'dbfilter', ODOO_DATABASE: 'db_name',
  ODOO_LIST_DB: 'list_db', ODOO_WITHOUT_DEMO: 'without_demo', ODOO_LOG_LEVEL: 'log_level',
  ODOO_SMTP_SERVER: 'smtp_server', ODOO_SMTP_PORT: 'smtp_port', ODOO_SMTP_USER: 'smtp_user',
  ODOO_SMTP_PASSWORD: 'smtp_password', ODOO_EMAIL_FROM: 'email_from', ODOO_DB_SYNCHRONOUS: 'db_synchronous',
  ODOO_EMULATOR_CONTROL_ROUTES: 'emulator_control_routes', ODOO_WORKERS: 'workers',
};

export const USAGE = `Usage: odoo-emulator [options]

  -c, --config FILE        read an Odoo configuration file (odoo.conf, [options] section)
  -p, --http-port PORT     HTTP port (default 8069)
      --http-interface IP  listen address (default 127.0.0.1; 0.0.0.0 = all interfaces, odoo-bin's default)
  -d, --database NAME      database(s) to serve (comma separated); created at start if missing
      --db-filter REGEX    only show databases matching REGEX (%h = host, %d = domain part)
  -D, --data-dir DIR       where databases and sessions are stored (':memory:' = nothing on disk)
  -i, --init MODULES       install modules (comma separated) in the databases of -d
  -u, --update MODULES     reload installed modules' declarations and data ('all' for every one)
      --stop-after-init    exit once databases are created and modules installed/updated
      --addons-path DIRS   directories of Odoo addons (comma separated): each folder with a
                           __manifest__.py becomes a module (odoo.conf: addons_path)
      --without-demo       create databases without demo data
      --no-database-list   hide the database list and the db service
      --admin-passwd PWD   master password of the db service (default admin)
      --log-level LEVEL    debug, info, warn, error, critical (default info)
      --db-synchronous L   SQLite synchronous level: normal (default; survives a killed process)
                           or full (also survives power loss, slower commits)
      --no-control-routes  no /emulator/... routes (outbox, reset, snapshots, clock, faults, journal)
      --workers N          worker processes (default 0: one process answers every request)
      (the limits below apply to workers, as in odoo-bin's prefork mode)
      --limit-time-cpu S   CPU seconds a request may use (default 60)
      --limit-time-real S  seconds a request may last (default 120)
      --limit-memory-soft B  bytes of memory after which a worker is recycled (default 2048 MiB)
      --limit-memory-hard B  bytes of memory at which a worker is killed (default 2560 MiB)
      --limit-request N    requests a worker serves before it is recycled (default 65536)
  -h, --help               show this help

  odoo-emulator addon-check PATH...   what the emulator reads from addons (models, fields, rules,
                                      records) and what it does not emulate; exit 1 on a parse error

Environment: ODOO_HTTP_PORT, ODOO_DATA_DIR, ODOO_DATABASE, ODOO_DB_FILTER, ODOO_ADMIN_PASSWD,
ODOO_WITHOUT_DEMO, ODOO_LIST_DB, ODOO_LOG_LEVEL, ODOO_SMTP_SERVER, ODOO_SMTP_PORT, ODOO_SMTP_USER,
ODOO_SMTP_PASSWORD, ODOO_EMAIL_FROM, ODOO_DB_SYNCHRONOUS, ODOO_EMULATOR_CONTROL_ROUTES, ODOO_WORKERS.`;

export class UsageError extends Error {}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const cfg = defaults();
  const fileIdx = argv.findIndex((a) => a === '-c' || a === '--config' || a.startsWith('--config='));
  if (fileIdx >= 0) {
    const a = argv[fileIdx];
    const file = a.startsWith('--config=') ? a.slice(9) : argv[fileIdx + 1];
    if (!file) throw new UsageError('missing value for --config');
    readConfigFile(cfg, file);
  }
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined) apply(cfg, key, env[name]!);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { value = a.slice(eq + 1); a = a.slice(0, eq); }
    const next = () => {
      if (value !== undefined) return value;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`missing value for ${a}`);
      return v;
    };
    switch (a) {
      case '-c': case '--config': next(); break;
      case '-p': case '--http-port': case '--xmlrpc-port': apply(cfg, 'http_port', next()); break;
      case '--http-interface': apply(cfg, 'http_interface', next()); break;
      case '-d': case '--database': apply(cfg, 'db_name', next()); break;
      case '--db-filter': apply(cfg, 'dbfilter', next()); break;
      case '-D': case '--data-dir': apply(cfg, 'data_dir', next()); break;
      case '-i': case '--init': apply(cfg, 'init', next()); break;
      case '-u': case '--update': apply(cfg, 'update', next()); break;
      case '--stop-after-init': cfg.stop_after_init = true; break;
      case '--addons-path': apply(cfg, 'addons_path', next()); break;
      case '--without-demo': cfg.without_demo = value === undefined ? true : BOOL(value) && value.toLowerCase() !== 'false'; break;
      case '--no-database-list': cfg.list_db = false; break;
      case '--admin-passwd': apply(cfg, 'admin_passwd', next()); break;
      case '--log-level': apply(cfg, 'log_level', next()); break;
      case '--db-synchronous': apply(cfg, 'db_synchronous', next()); break;
      case '--no-control-routes': cfg.control_routes = false; break;
      case '--workers': apply(cfg, 'workers', next()); break;
      case '--limit-time-cpu': apply(cfg, 'limit_time_cpu', next()); break;
      case '--limit-time-real': apply(cfg, 'limit_time_real', next()); break;
      case '--limit-memory-soft': apply(cfg, 'limit_memory_soft', next()); break;
      case '--limit-memory-hard': apply(cfg, 'limit_memory_hard', next()); break;
      case '--limit-request': apply(cfg, 'limit_request', next()); break;
      case '-h': case '--help': throw new UsageError(USAGE);
      default: throw new UsageError(`unknown option ${a}\n\n${USAGE}`);
    }
  }
  if (!Number.isInteger(cfg.http_port) || cfg.http_port < 0 || cfg.http_port > 65535) throw new UsageError(`invalid port ${cfg.http_port}`);
  if (cfg.workers < 0) throw new UsageError(`invalid number of workers ${cfg.workers}`);
  return cfg;
}
