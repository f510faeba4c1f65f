/**
 * Session tokens: an HMAC of the user's credentials and of the session id, stored in the session
 * at login. Changing the password, login or active flag invalidates every other session, and a
 * token is only valid for the session it was computed for, as Odoo's _compute_session_token(sid).
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import type { Session } from '../sessions';

export function computeSessionToken(db: Database, uid: number, sid: string): string | null {
  // active, login, password and (with 2FA) the TOTP secret: changing any of them ends other sessions
  const row = db.cr.get<{ login: string; password: string | null; active: number; totp: string | null }>('SELECT login, password, active, totp_secret AS totp FROM res_users WHERE id = ?', [uid]);
  if (!row || !row.active) return null;
  const secret = db.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")?.value ?? db.name;
  return crypto.createHmac('sha256', secret).update(`${uid}\u0000${row.login}\u0000${row.password ?? ''}\u0000${row.totp ?? ''}\u0000${sid}`).digest('hex');
}

/** Valid tokens per database, for one state of the data (any write may change credentials). */
const validTokens = new WeakMap<Database, { version: number; tokens: Set<string> }>();

export function sessionTokenValid(db: Database, session: Session): boolean {
  if (!session.uid || typeof session.data.session_token !== 'string') return false;
  let memo = validTokens.get(db);
  if (!memo || memo.version !== db.cr.writeVersion) {
    memo = { version: db.cr.writeVersion, tokens: new Set() };
    validTokens.set(db, memo);
  }
  const key = `${session.sid}:${session.uid}:${session.data.session_token}`;
  if (memo.tokens.has(key)) return true;
  const expected = computeSessionToken(db, session.uid, session.sid);
  const ok = !!expected && session.data.session_token === expected;
  if (ok) memo.tokens.add(key);
  return ok;
}
