/**
 * Session tokens: a hash of the user's credentials stored in the session at login. Changing the
 * password, login or active flag invalidates every other session, as Odoo's _compute_session_token.
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import type { Session } from '../sessions';

export function computeSessionToken(db: Database, uid: number, sid: string): string | null {
  // active, login, password and (with 2FA) the TOTP secret: changing any of them ends other sessions
  const row = db.cr.get<{ login: string; password: string | null; active: number; totp: string | null }>('SELECT login, password, active, totp_secret AS totp FROM res_users WHERE id = ?', [uid]);
  if (!row || !row.active) return null;
  const secret = db.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")?.value ?? db.name;
  return crypto.createHmac('sha256', secret).update(`${uid}\u0000${row.login}\u0000${row.password ?? ''}\u0000${row.totp ?? ''}\u0000${sid.length}`).digest('hex');
}

export function sessionTokenValid(db: Database, session: Session): boolean {
  if (!session.uid) return false;
  const expected = computeSessionToken(db, session.uid, session.sid);
  return !!expected && session.data.session_token === expected;
}
