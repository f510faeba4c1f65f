/**
 * The RPC services behind /xmlrpc, /xmlrpc/2 and /jsonrpc: common, object and db
 * (odoo/service/{common,model,db}.py in Odoo 17).
 */
import type { DatabaseManager, Database } from '../../models/database';
import { AccessDenied, OdooError, PyAttributeError, PyException, PyIndexError, PyKeyError, PyNameError, PyTypeError, PyValueError } from '../../models/orm/exceptions';
import { authenticate, checkUid } from './auth';
import { callKw, pyTypeName } from './call_kw';
import fs from 'fs';
import path from 'path';
import { pyRepr } from '../../models/tools/pyrepr';
import { FIXTURES_DIR } from '../../models/paths';
import { parseCsv, parseXml } from '../../models/tools/data_loader';
import { hashPbkdf2, verifyPassword } from '../../models/base/res_users';

export const SERVER_VERSION = '17.0';
export const VERSION_INFO = { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 };

export interface ServerConfig {
  admin_passwd: string;
  list_db: boolean;
  dbfilter: string;
  db_name: string[];
  without_demo: boolean;
  [key: string]: unknown;
}

export interface RpcContext {
  dbm: DatabaseManager;
  config: ServerConfig;
  remoteAddr?: string;
  /** Persist a changed master password (odoo.conf) when possible. */
  saveConfig?: () => void;
  /**
   * Run before the service method: a fault rule may raise here (server/control/faults.ts), so
   * that the service answers it as Odoo would (common.authenticate answers False to AccessDenied).
   */
  beforeCall?: () => void;
  /**
   * In a worker process of a pool (server/pool): the primary process creates, copies, drops,
   * restores and renames databases and changes the master password, for every process at once.
   */
  primary?: { call(op: string, args: unknown[]): Promise<unknown> };
  /** Very large search_read answers may be streamed (rpc/service/streamed.ts). */
  stream?: boolean;
}

/** A psycopg2-like error for a database that does not exist. */
class OperationalError extends OdooError { pyName = 'psycopg2.OperationalError'; }

export function openDb(ctx: RpcContext, name: unknown): Database {
  // Odoo looks the name up in its registries (a dict), then connects with it (a str method)
  if (name !== null && typeof name === 'object') throw new PyTypeError(`unhashable type: '${pyTypeName(name)}'`);
  if (typeof name !== 'string') throw new PyAttributeError(`'${pyTypeName(name)}' object has no attribute 'startswith'`);
  if (!ctx.dbm.exists(name)) {
    throw new OperationalError(`connection to server failed: FATAL:  database ${pyRepr(String(name))} does not exist`);
  }
  return ctx.dbm.get(name);
}

/** Python's int(v) on a JSON value. */
function toUid(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (typeof v === 'string') throw new PyValueError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
  throw new PyTypeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`);
}

function arg(params: unknown[], i: number, fn: string, name: string): unknown {
  if (params.length <= i) throw new PyTypeError(`${fn}() missing 1 required positional argument: '${name}'`);
  return params[i];
}

// ------------------------------------------------------------------------------------ common

function common(ctx: RpcContext, method: string, params: unknown[]): unknown {
  switch (method) {
    case 'version': return { ...VERSION_INFO, server_version_info: [...VERSION_INFO.server_version_info] };
    case 'about': return params[0] ? ['See http://openerp.com', SERVER_VERSION] : 'See http://openerp.com';
    case 'set_loglevel': return true;
    case 'login':
    case 'authenticate': {
      const fn = `exp_${method}`;
      const db = arg(params, 0, fn, 'db');
      const login = arg(params, 1, fn, 'login');
      const password = arg(params, 2, fn, 'password');
      const env = method === 'authenticate' ? arg(params, 3, fn, 'user_agent_env') : null;
      const database = openDb(ctx, db);
      // a client may pass its own base_location in user_agent_env, as the web login does
      const base = env && typeof env === 'object' ? (env as Record<string, unknown>).base_location : undefined;
      try {
        ctx.beforeCall?.();
        return authenticate(database, login, password, { interactive: false, remoteAddr: ctx.remoteAddr, baseLocation: typeof base === 'string' && base ? base : undefined });
      } catch (e) {
        if (e instanceof AccessDenied) return false;
        throw e;
      }
    }
    default:
      throw new PyException(`Method not found: ${method}`);
  }
}

// ------------------------------------------------------------------------------------ object

function object(ctx: RpcContext, method: unknown, params: unknown[]): unknown {
  // odoo/service/model.py dispatch: db, int(uid), password, then the credentials, then the method
  if (params.length < 3) throw new PyIndexError('list index out of range');
  const [dbName, uidRaw, password] = params;
  const uid = toUid(uidRaw);
  const db = openDb(ctx, dbName);
  // passlib refuses a password that is no string (a falsy one is simply refused)
  if (password && typeof password !== 'string') throw new PyTypeError(`secret must be unicode or bytes, not ${pyTypeName(password)}`);
  checkUid(db, uid, password);
  if (method !== 'execute' && method !== 'execute_kw') throw new PyNameError(`Method not available ${typeof method === 'string' ? method : pyRepr(method)}`);
  const model = arg(params, 3, method, 'obj') as string;
  const name = arg(params, 4, method, 'method') as string;
  if (method === 'execute') {
    return callKw(db, uid, model, name, params.slice(5), {}, { unknownModel: 'user_error', stream: ctx.stream });
  }
  const args = arg(params, 5, 'execute_kw', 'args');
  const kwargs = params.length > 6 ? params[6] : {};
  if (!Array.isArray(args)) throw new PyTypeError(`odoo.service.model.execute() argument after * must be an iterable, not ${typeof args === 'object' && args ? 'dict' : typeof args}`);
  return callKw(db, uid, model, name, args, kwargs, { unknownModel: 'user_error', stream: ctx.stream });
}

// ------------------------------------------------------------------------------------ db

const NO_PASSWORD = new Set(['db_exist', 'list', 'list_lang', 'server_version']);

/** The master password: plain text, or a passlib hash as odoo-bin stores it in odoo.conf. */
function checkSuper(ctx: RpcContext, passwd: unknown): void {
  if (!masterPasswordOk(ctx.config, passwd)) throw new AccessDenied();
}

/** Whether `passwd` is the master password (odoo.conf admin_passwd, plain or hashed). */
export function masterPasswordOk(config: ServerConfig, passwd: unknown): boolean {
  const stored = config.admin_passwd;
  if (typeof passwd !== 'string' || !passwd || !stored) return false;
  return stored.startsWith('$pbkdf2-') ? verifyPassword(passwd, stored) : passwd === stored;
}

/** db.list: every database (or the configured ones); dbfilter only applies to the web list. */
export function listDbs(ctx: RpcContext): string[] {
  if (!ctx.config.list_db) throw new AccessDenied();
  const all = ctx.dbm.list();
  // with --database and no --db-filter, Odoo exposes exactly the configured names
  return !ctx.config.dbfilter && ctx.config.db_name.length ? all.filter((d) => ctx.config.db_name.includes(d)) : all;
}

/** /web/database/list: http.db_list(), filtered by dbfilter. */
export function webDbList(ctx: RpcContext, host = ''): string[] {
  if (!ctx.config.list_db) throw new AccessDenied();
  return filteredDbs(ctx, host);
}

/** Databases allowed by dbfilter (%h = host, %d = first part of the host). */
export function filteredDbs(ctx: RpcContext, host = ''): string[] {
  const all = ctx.dbm.list();
  const filter = ctx.config.dbfilter;
  if (!filter) {
    if (ctx.config.db_name.length) return all.filter((d) => ctx.config.db_name.includes(d));
    return all;
  }
  const h = host.split(':')[0].replace(/^www\./, '');
  const d = h.split('.')[0];
  // Python's re.match: anchored at the start only
  const re = new RegExp(`^(?:${filter.replace(/%h/g, h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).replace(/%d/g, d)})`);
  return all.filter((name) => re.test(name));
}

function dbService(ctx: RpcContext, method: string, params: unknown[]): unknown {
  if (!NO_PASSWORD.has(method)) {
    if (!['create_database', 'duplicate_database', 'drop', 'dump', 'restore', 'rename', 'change_admin_password', 'migrate_databases', 'list_countries'].includes(method)) {
      throw new PyKeyError(`Method not found: ${method}`);
    }
    checkSuper(ctx, params[0]);
    if (method !== 'list_countries' && !ctx.config.list_db) throw new AccessDenied();
    params = params.slice(1);
  }
  const dbm = ctx.dbm;
  if (ctx.primary && POOL_OPERATIONS[method]) return poolOperation(ctx, method, params);
  switch (method) {
    case 'list': return listDbs(ctx);
    case 'db_exist': return dbm.exists(String(params[0]));
    case 'server_version': return SERVER_VERSION;
    case 'list_lang': return listLang(ctx);
    case 'list_countries': return listCountries(ctx);
    case 'create_database': {
      const [name, demo, lang, userPassword, login, countryCode, phone] = params;
      // the template may have to be built: off this thread, the answer comes later (a Promise)
      return dbm.createAsync(String(name), {
        demo: !!demo, lang: typeof lang === 'string' ? lang : 'en_US',
        userPassword: userPassword === undefined ? 'admin' : String(userPassword),
        login: login === undefined ? 'admin' : String(login),
        countryCode: typeof countryCode === 'string' ? countryCode : null, phone: typeof phone === 'string' ? phone : null,
      }).then(() => true, (e) => dbCall(() => { throw e; }));
    }
    case 'duplicate_database': dbCall(() => dbm.duplicate(String(params[0]), String(params[1]))); return true;
    case 'drop': return dbm.drop(String(params[0]));
    case 'dump': {
      if (params.length < 2) throw new PyTypeError("exp_dump() missing 1 required positional argument: 'format'");
      const name = String(params[0]);
      if (!dbm.exists(name)) throw new PyException(`Database ${name} does not exist`);
      // 'zip': Odoo's archive (dump.sql, manifest.json); any other format: our SQLite image
      return (params[1] === 'zip' ? dbm.dumpZip(name) : dbm.dump(name)).toString('base64');
    }
    case 'restore': dbCall(() => dbm.restore(String(params[0]), Buffer.from(String(params[1] ?? ''), 'base64'))); return true;
    case 'rename': dbCall(() => dbm.rename(String(params[0]), String(params[1]))); return true;
    case 'change_admin_password':
      // stored hashed, as odoo-bin does when it saves the config file
      ctx.config.admin_passwd = hashPbkdf2(String(params[0]), 25000);
      ctx.saveConfig?.();
      return true;
    case 'migrate_databases': return true;
    default: throw new PyKeyError(`Method not found: ${method}`);
  }
}

/** db service methods a worker of a pool has the primary process run: [operation, arguments]. */
const POOL_OPERATIONS: Record<string, (p: unknown[]) => unknown[]> = {
  create_database: (p) => {
    const [name, demo, lang, userPassword, login, countryCode, phone] = p;
    return [String(name), {
      demo: !!demo, lang: typeof lang === 'string' ? lang : 'en_US',
      userPassword: userPassword === undefined ? 'admin' : String(userPassword),
      login: login === undefined ? 'admin' : String(login),
      countryCode: typeof countryCode === 'string' ? countryCode : null, phone: typeof phone === 'string' ? phone : null,
    }];
  },
  duplicate_database: (p) => [String(p[0]), String(p[1])],
  drop: (p) => [String(p[0])],
  restore: (p) => [String(p[0]), String(p[1] ?? '')],
  rename: (p) => [String(p[0]), String(p[1])],
  change_admin_password: (p) => [hashPbkdf2(String(p[0]), 25000)],
};

/** The same methods, done by the primary process; its errors are the DatabaseManager's, turned into Odoo's here. */
function poolOperation(ctx: RpcContext, method: string, params: unknown[]): Promise<unknown> {
  const args = POOL_OPERATIONS[method](params);
  return ctx.primary!.call(`db.${method}`, args).then((value) => {
    if (method === 'change_admin_password') ctx.config.admin_passwd = String(args[0]);
    return method === 'drop' ? value : true;
  }, (e) => dbCall(() => { throw e; }));
}

function dbCall(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof OdooError) throw e;
    throw new PyException(e instanceof Error ? e.message : String(e));
  }
}

/** Languages known to the server: the rows of a fresh database's res.lang. */
function listLang(ctx: RpcContext): Array<[string, string]> {
  const rows = readFixtureCsv('base/data/res.lang.csv');
  return rows.map((r) => [r.code, r.name] as [string, string]).sort((a, b) => a[1].localeCompare(b[1]));
}

/** exp_list_countries: [code, name] of the countries of base's data file, by name. */
let countries: Array<[string, string]> | null = null;
function listCountries(ctx: RpcContext): Array<[string, string]> {
  void ctx;
  countries ??= parseXml(fs.readFileSync(path.join(FIXTURES_DIR, 'base/data/res_country_data.xml'), 'utf8')).children
    .flatMap((data) => data.children.filter((r) => r.tag === 'record' && r.attrs.model === 'res.country'))
    .map((r) => {
      const field = (name: string) => r.children.find((f) => f.tag === 'field' && f.attrs.name === name)?.text ?? '';
      return [field('code').toLowerCase(), field('name')] as [string, string];
    });
  return [...countries].sort((a, b) => a[1].localeCompare(b[1]));
}

/** Rows of a base fixture CSV (read once per process: the files do not change while serving). */
const fixtureRows = new Map<string, Array<Record<string, string>>>();
function readFixtureCsv(rel: string): Array<Record<string, string>> {
  let rows = fixtureRows.get(rel);
  if (!rows) {
    const [header, ...lines] = parseCsv(fs.readFileSync(path.join(FIXTURES_DIR, rel), 'utf8'));
    rows = lines.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
    fixtureRows.set(rel, rows);
  }
  return rows;
}

/** dispatch_rpc(service, method, params) */
export function dispatchRpc(ctx: RpcContext, service: unknown, method: unknown, params: unknown): unknown {
  const p = Array.isArray(params) ? params : [];
  const m = typeof method === 'string' ? method : pyRepr(method);
  if (!(service === 'common' && (m === 'login' || m === 'authenticate'))) ctx.beforeCall?.();
  switch (service) {
    case 'common': return common(ctx, m, p);
    case 'object': return object(ctx, method, p);
    case 'db': return dbService(ctx, m, p);
    default:
      if (service !== null && typeof service === 'object') throw new PyTypeError(`unhashable type: '${pyTypeName(service)}'`);
      throw new PyKeyError(typeof service === 'string' ? service : pyRepr(service));
  }
}
