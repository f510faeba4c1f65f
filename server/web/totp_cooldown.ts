/**
 * The login cooldown of the TOTP step (res.users._assert_can_auth around _totp_check): failures
 * counted per database and source IP in process memory; with `base.login_cooldown_after`
 * (default 5, 0 disables) failures less than `base.login_cooldown_duration` (default 60) seconds
 * ago, attempts are refused; a success clears the counter.
 *
 * Odoo shares this counter with password logins (registry._login_failures). The password side
 * (rpc/service/auth.ts) keeps its counter private, so the two are counted separately here.
 */
import type { Database } from '../../models/database';

export const COOLDOWN_MESSAGE = 'Too many login failures, please wait a bit before trying again.';

const failures = new Map<string, { count: number; last: number }>();

function icpInt(db: Database, key: string, dflt: number): number {
  const row = db.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [key]);
  const n = row ? parseInt(row.value, 10) : dflt;
  return Number.isNaN(n) ? dflt : n;
}

function keyOf(db: Database, remoteAddr: string): string {
  return `${db.name}:${remoteAddr}`;
}

/** _on_login_cooldown for the request's source address. */
export function onCooldown(db: Database, remoteAddr: string): boolean {
  const f = failures.get(keyOf(db, remoteAddr));
  if (!f) return false;
  const after = icpInt(db, 'base.login_cooldown_after', 5);
  if (after === 0) return false;
  const duration = icpInt(db, 'base.login_cooldown_duration', 60);
  return f.count >= after && Date.now() - f.last < duration * 1000;
}

export function recordFailure(db: Database, remoteAddr: string): void {
  const key = keyOf(db, remoteAddr);
  const f = failures.get(key) ?? { count: 0, last: 0 };
  f.count++;
  f.last = Date.now();
  failures.set(key, f);
}

export function clearFailures(db: Database, remoteAddr: string): void {
  failures.delete(keyOf(db, remoteAddr));
}
