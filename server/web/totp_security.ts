/**
 * The /my/security sections of auth_totp_portal and of the API keys (portal.md §5.6, §4.3),
 * registered through routes/portal.ts `securitySections` (inserted after "Change Password"):
 *  - "Two-factor authentication": enable button when disabled; when enabled the disable button,
 *    the trusted-device table (trash icons) and "Revoke All";
 *  - "Developer API Keys": the user's keys (trash icons) and "New API Key", shown when the user
 *    may create keys (internal users, or portal users with ICP portal.allow_api_keys).
 * The buttons are driven by views/static/emulator.js, which calls the models through
 * /web/dataset/call_kw as Odoo's totp_frontend.js / portal_security.js do.
 */
import type { Database } from '../../models/database';
import { render } from './render';
import type { WebCtx } from './portal_http';

/** A UTC "YYYY-MM-DD HH:MM:SS" as Odoo's t-field shows it for en_US (user's tz): MM/DD/YYYY HH:MM:SS. */
export function formatDatetime(utc: string | null, tz: string | null): string {
  if (!utc) return '';
  const d = new Date(`${utc.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) return utc;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(d);
  } catch {
    return formatDatetime(utc, null);
  }
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('month')}/${p('day')}/${p('year')} ${p('hour')}:${p('minute')}:${p('second')}`;
}

function userTz(db: Database, uid: number): string | null {
  const tz = (db.env(uid).model('res.users').context_get() as { tz?: unknown }).tz;
  return typeof tz === 'string' && tz ? tz : null;
}

/** res.users.apikeys.description.check_access_make_key, as a yes/no. */
export function mayCreateApiKeys(db: Database, uid: number): boolean {
  const env = db.env(1);
  if (env.hasGroup('base.group_user', uid)) return true;
  const allow = db.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'portal.allow_api_keys'")?.value;
  return env.hasGroup('base.group_portal', uid) && !!allow && allow !== 'False';
}

export function totpSection(_ctx: WebCtx, db: Database, uid: number): string {
  if (!db.registry.has('auth_totp.device')) return '';
  const enabled = !!db.env(1).model('res.users').browse([uid])._totpSecret();
  const tz = userTz(db, uid);
  const devices = enabled
    ? db.cr.all<{ id: number; name: string; create_date: string }>(
      "SELECT id, name, create_date FROM auth_totp_device WHERE user_id = ? AND scope = 'browser' ORDER BY id", [uid])
      .map((d) => ({ id: d.id, name: d.name, added_on: formatDatetime(d.create_date, tz) }))
    : [];
  return render('totp_portal_section', { uid, enabled, devices });
}

export function apiKeysSection(_ctx: WebCtx, db: Database, uid: number): string {
  if (!db.registry.has('res.users.apikeys') || !mayCreateApiKeys(db, uid)) return '';
  const tz = userTz(db, uid);
  const keys = db.cr.all<{ id: number; name: string; scope: string | null; create_date: string }>(
    'SELECT id, name, scope, create_date FROM res_users_apikeys WHERE user_id = ? ORDER BY id', [uid])
    .map((k) => ({ id: k.id, name: k.name, scope: k.scope ?? '', added_on: formatDatetime(k.create_date, tz) }));
  return render('totp_api_keys_section', { uid, keys });
}
