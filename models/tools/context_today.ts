/**
 * fields.Date.context_today (odoo/fields.py): today's date as the user sees it. The time zone is
 * the context's `tz`, else the user's own (res.users.tz, stored on the user's partner), else UTC;
 * an unknown zone falls back to UTC as in Odoo. Between the zone's midnight and UTC's, this is not
 * the UTC date: a Brussels user's invoices posted at 23:30 UTC in winter are dated tomorrow.
 */
import type { Environment } from '../orm/environment';
import { dateInZone } from './clock';

/** The time zone context_today uses: the context's, else the user's; '' for none. */
export function contextTz(env: Environment): string {
  const tz = env.context.tz;
  if (typeof tz === 'string' && tz) return tz;
  // kept across calls while res_users and res_partner are unwritten (crossCall)
  return env.crossCall(`user_tz:${env.uid}`, () =>
    env.cr.get<{ tz: string | null }>('SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = ?', [env.uid])?.tz ?? '');
}

/** 'YYYY-MM-DD' of today on the database's clock, in contextTz's zone (UTC when none). */
export function contextToday(env: Environment): string {
  return dateInZone(env.cr.clock.now(), contextTz(env) || null);
}
