/**
 * Authentication as Odoo 17 does it (rpc.md §6): login + password (interactive or not),
 * res.users.log on success, per-IP login cooldown for interactive logins, and the cached
 * (uid, password) check of every XML-RPC/JSON-RPC object call.
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import { AccessDenied, MissingError } from '../../models/orm/exceptions';
import { credentialCache } from '../../models/base/res_users';
import { nowUtc } from '../../models/orm/fields';
import { log } from '../../models/tools/log';
import type { SharedState } from '../../models/tools/shared_state';

export interface AuthOptions {
  /** /web/login and /web/session/authenticate: password only, cooldown applies. */
  interactive: boolean;
  remoteAddr?: string;
  /**
   * The URL root of the request (Odoo's user_agent_env['base_location'], given by web logins):
   * a system user's login stores it in web.base.url unless web.base.url.freeze is set.
   */
  baseLocation?: string;
}

export const COOLDOWN_MESSAGE = 'Too many login failures, please wait a bit before trying again.';

function param(db: Database, key: string, dflt: number): number {
  const row = db.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [key]);
  const n = row ? parseInt(row.value, 10) : dflt;
  return Number.isNaN(n) ? dflt : n;
}

/**
 * Login failures per database and source IP (Odoo's registry._login_failures): with
 * `base.login_cooldown_after` failures (0 disables) less than `base.login_cooldown_duration`
 * seconds ago (by the database's clock), attempts are refused; a success clears the counter.
 * In-process they are kept per open database object, so two servers in one process, or a
 * database reset, start afresh. The processes of a worker pool share them through the server's
 * shared state (`LoginCooldown.shared`): Odoo's prefork workers each count their own, which lets
 * an attacker try N times more with N workers; here the limit holds whichever worker answers.
 */
export class LoginCooldown {
  /** Set in the processes of a worker pool (server/pool/worker.ts). */
  static shared: SharedState | null = null;
  private failures = new WeakMap<Database, Map<string, { count: number; last: number }>>();

  /** `scope` tells counters apart in the shared state (password logins, TOTP codes). */
  constructor(private readonly scope = 'password') {}

  private of(db: Database): Map<string, { count: number; last: number }> {
    let m = this.failures.get(db);
    if (!m) this.failures.set(db, (m = new Map()));
    return m;
  }

  private failure(db: Database, remoteAddr: string): { count: number; last: number } | null {
    const shared = LoginCooldown.shared;
    if (shared) return shared.loginFailure(this.scope, db.name, remoteAddr);
    return this.failures.get(db)?.get(remoteAddr) ?? null;
  }

  onCooldown(db: Database, remoteAddr: string): boolean {
    const f = this.failure(db, remoteAddr);
    if (!f) return false;
    const after = param(db, 'base.login_cooldown_after', 5);
    const duration = param(db, 'base.login_cooldown_duration', 60);
    return after > 0 && f.count >= after && db.cr.clock.now() - f.last < duration * 1000;
  }

  recordFailure(db: Database, remoteAddr: string): void {
    const shared = LoginCooldown.shared;
    if (shared) {
      shared.recordLoginFailure(this.scope, db.name, remoteAddr, db.cr.clock.now());
      return;
    }
    const m = this.of(db);
    const f = m.get(remoteAddr) ?? { count: 0, last: 0 };
    f.count++;
    f.last = db.cr.clock.now();
    m.set(remoteAddr, f);
  }

  clear(db: Database, remoteAddr: string): void {
    const shared = LoginCooldown.shared;
    // a read first: a delete of nothing would still make every other process re-read the state
    if (shared) { if (shared.loginFailure(this.scope, db.name, remoteAddr)) shared.clearLoginFailures(this.scope, db.name, remoteAddr); }
    else this.failures.get(db)?.delete(remoteAddr);
  }
}

/** The counter of interactive password logins (/web/login, /web/session/authenticate). */
const passwordLogins = new LoginCooldown();

/** Check a password (or another accepted credential, e.g. an API key over RPC) of a user. */
export function checkCredentials(db: Database, uid: number, password: string, opts: AuthOptions): void {
  if (!password) throw new AccessDenied();
  const user = db.env(1).model('res.users').browse([uid]);
  if (!user._checkCredentials(password, opts.interactive)) throw new AccessDenied();
}

/** res.users.authenticate: returns the uid or throws AccessDenied. */
export function authenticate(db: Database, login: unknown, password: unknown, opts: AuthOptions): number {
  const counted = opts.interactive && opts.remoteAddr ? opts.remoteAddr : null;
  let uid = 0;
  try {
    if (counted && passwordLogins.onCooldown(db, counted)) {
      log('warn', 'odoo.addons.base.models.res_users', `Login attempt ignored for ${counted} on ${db.name}: too many failures since last success.`, db.name);
      throw new CooldownDenied(COOLDOWN_MESSAGE);
    }
    if (typeof login !== 'string' || !login || typeof password !== 'string' || !password) throw new AccessDenied();
    const user = db.cr.get<{ id: number }>('SELECT id FROM res_users WHERE login = ? AND active = 1 ORDER BY id LIMIT 1', [login]);
    if (!user) throw new AccessDenied();
    checkCredentials(db, user.id, password, opts);
    db.cr.transaction(() => {
      // _update_last_login: an empty res.users.log row as the user
      const now = nowUtc(db.cr);
      db.cr.run('INSERT INTO res_users_log (create_uid, write_uid, create_date, write_date) VALUES (?, ?, ?, ?)', [user.id, user.id, now, now]);
    });
    uid = user.id;
    if (counted) passwordLogins.clear(db, counted);
  } catch (e) {
    if (e instanceof AccessDenied) {
      if (counted && !(e instanceof CooldownDenied)) passwordLogins.recordFailure(db, counted);
      log('info', 'odoo.addons.base.models.res_users', `Login failed for db:${db.name} login:${String(login)} from ${opts.remoteAddr ?? 'n/a'}`, db.name);
    }
    throw e;
  }
  log('info', 'odoo.addons.base.models.res_users', `Login successful for db:${db.name} login:${login} from ${opts.remoteAddr ?? 'n/a'}`, db.name);
  if (opts.baseLocation) updateBaseUrl(db, uid, opts.baseLocation);
  return uid;
}

/** The cooldown's refusal: an AccessDenied that is not itself counted as a failure. */
class CooldownDenied extends AccessDenied {}

/**
 * res.users.authenticate: a login of a Settings user (base.group_system) with a base_location
 * stores it as web.base.url, unless web.base.url.freeze is set (odoo/addons/base/models/res_users.py).
 */
function updateBaseUrl(db: Database, uid: number, base: string): void {
  try {
    db.cr.transaction(() => {
      const env = db.env(uid);
      if (!env.hasGroup('base.group_system')) return;
      const ICP = env.model('ir.config_parameter').sudo();
      if (!ICP.get_param('web.base.url.freeze')) ICP.set_param('web.base.url', base);
    });
  } catch (e) {
    log('error', 'odoo.addons.base.models.res_users', `Failed to update web.base.url configuration parameter\n${e instanceof Error ? e.stack : String(e)}`, db.name);
  }
}

/** A key per open database object: two servers' databases of the same name never share cached checks. */
const dbKeys = new WeakMap<Database, string>();
function cacheKey(db: Database, uid: number, password: string): string {
  let dbKey = dbKeys.get(db);
  if (!dbKey) dbKeys.set(db, (dbKey = crypto.randomUUID()));
  // the one-shot hash (node >= 20.12): a Hash object per call costs more than the digest itself
  return crypto.hash('sha256', `${dbKey}\u0000${uid}\u0000${password}`, 'base64');
}

/**
 * res.users.check: the password check of every object call. Successes are cached until a
 * password, login, group or active flag changes (credentialCache is cleared on those writes).
 */
export function checkUid(db: Database, uid: number, password: unknown): void {
  if (typeof password !== 'string' || !password) throw new AccessDenied();
  const key = cacheKey(db, uid, password);
  if (credentialCache.has(key)) return;
  const row = db.cr.get<{ active: number }>('SELECT active FROM res_users WHERE id = ?', [uid]);
  if (!row) {
    // Odoo 17 browses the uid first: an unknown uid is a MissingError, not AccessDenied
    throw new MissingError(`Record does not exist or has been deleted.\n(Record: res.users(${uid},), User: ${uid})`);
  }
  if (!row.active) throw new AccessDenied();
  checkCredentials(db, uid, password, { interactive: false });
  credentialCache.set(key, true);
}
