/**
 * Authentication as Odoo 17 does it (rpc.md §6): login + password (interactive or not),
 * res.users.log on success, per-IP login cooldown for interactive logins, and the cached
 * (uid, password) check of every XML-RPC/JSON-RPC object call.
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import { AccessDenied, MissingError } from '../../models/orm/exceptions';
import { credentialCache } from '../../models/base/res_users';

export interface AuthOptions {
  /** /web/login and /web/session/authenticate: password only, cooldown applies. */
  interactive: boolean;
  remoteAddr?: string;
}

export const COOLDOWN_MESSAGE = 'Too many login failures, please wait a bit before trying again.';

function param(db: Database, key: string, dflt: number): number {
  const row = db.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [key]);
  const n = row ? parseInt(row.value, 10) : dflt;
  return Number.isNaN(n) ? dflt : n;
}

/**
 * Login failures per database and source IP, in process memory (Odoo's registry._login_failures):
 * with `base.login_cooldown_after` failures (0 disables) less than `base.login_cooldown_duration`
 * seconds ago, attempts are refused; a success clears the counter.
 */
export class LoginCooldown {
  private failures = new Map<string, { count: number; last: number }>();

  onCooldown(db: Database, remoteAddr: string): boolean {
    const f = this.failures.get(`${db.name}:${remoteAddr}`);
    if (!f) return false;
    const after = param(db, 'base.login_cooldown_after', 5);
    const duration = param(db, 'base.login_cooldown_duration', 60);
    return after > 0 && f.count >= after && Date.now() - f.last < duration * 1000;
  }

  recordFailure(db: Database, remoteAddr: string): void {
    const key = `${db.name}:${remoteAddr}`;
    const f = this.failures.get(key) ?? { count: 0, last: 0 };
    f.count++;
    f.last = Date.now();
    this.failures.set(key, f);
  }

  clear(db: Database, remoteAddr: string): void {
    this.failures.delete(`${db.name}:${remoteAddr}`);
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
  if (counted && passwordLogins.onCooldown(db, counted)) throw new AccessDenied(COOLDOWN_MESSAGE);
  try {
    if (typeof login !== 'string' || !login || typeof password !== 'string' || !password) throw new AccessDenied();
    const user = db.cr.get<{ id: number }>('SELECT id FROM res_users WHERE login = ? AND active = 1 ORDER BY id LIMIT 1', [login]);
    if (!user) throw new AccessDenied();
    checkCredentials(db, user.id, password, opts);
    db.cr.transaction(() => {
      // _update_last_login: an empty res.users.log row as the user
      const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
      db.cr.run('INSERT INTO res_users_log (create_uid, write_uid, create_date, write_date) VALUES (?, ?, ?, ?)', [user.id, user.id, now, now]);
    });
    if (counted) passwordLogins.clear(db, counted);
    return user.id;
  } catch (e) {
    if (e instanceof AccessDenied && counted) passwordLogins.recordFailure(db, counted);
    throw e;
  }
}

function cacheKey(db: Database, uid: number, password: string): string {
  return crypto.createHash('sha256').update(`${db.name}\u0000${uid}\u0000${password}`).digest('base64');
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
