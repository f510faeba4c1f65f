/**
 * ir.http.session_info() of the web addon (rpc.md §1.3): the dict returned by
 * /web/session/authenticate and /web/session/get_session_info.
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import { VERSION_INFO } from '../../rpc/service/dispatch';

export function sessionInfo(db: Database, uid: number | null): Record<string, unknown> {
  const base: Record<string, unknown> = {
    uid,
    is_system: false,
    is_admin: false,
    is_public: false,
    is_internal_user: false,
    user_context: {},
    db: db.name,
    user_settings: {},
    server_version: VERSION_INFO.server_version,
    server_version_info: [...VERSION_INFO.server_version_info],
    support_url: 'https://www.odoo.com/buy',
    name: false,
    username: false,
    partner_display_name: false,
    partner_id: false,
    'web.base.url': webBaseUrl(db),
    active_ids_limit: 20000,
    profile_session: null,
    profile_collectors: null,
    profile_params: null,
    max_file_upload_size: 134217728,
    home_action_id: false,
    cache_hashes: { translations: null },
    currencies: currencies(db),
    bundle_params: { lang: 'en_US' },
  };
  if (!uid) return base;
  const env = db.env(uid).sudo();
  const user = env.model('res.users').browse([uid]);
  const ctx = env.model('res.users').withUser(uid).context_get() as Record<string, unknown>;
  const v = user._values(['name', 'login', 'partner_id', 'company_id', 'action_id']).get(uid);
  if (!v) return base;
  const partnerName = env.model('res.partner').browse([v.partner_id as number])._displayNames().get(v.partner_id as number) ?? false;
  const internal = env.hasGroup('base.group_user', uid);
  Object.assign(base, {
    uid,
    is_system: env.hasGroup('base.group_system', uid),
    is_admin: uid === 1 || env.hasGroup('base.group_erp_manager', uid),
    is_public: env.hasGroup('base.group_public', uid),
    is_internal_user: internal,
    user_context: ctx,
    user_settings: { id: uid, user_id: { id: uid } },
    name: v.name,
    username: v.login,
    partner_display_name: partnerName,
    partner_id: v.partner_id,
    home_action_id: v.action_id || false,
    bundle_params: { lang: ctx.lang ?? 'en_US' },
    cache_hashes: { translations: crypto.createHash('sha1').update(String(ctx.lang ?? 'en_US')).digest('hex') },
  });
  if (internal) {
    const companyIds = db.cr.raw('SELECT cid FROM res_company_users_rel WHERE user_id = ? ORDER BY cid', [uid]).map((r) => r[0] as number);
    const companies = env.model('res.company').withContext({ active_test: false }).browse(companyIds);
    const vals = companies._values(['name', 'sequence', 'child_ids', 'parent_id']);
    const allowed: Record<string, unknown> = {};
    for (const id of companyIds) {
      const c = vals.get(id);
      if (!c) continue;
      allowed[String(id)] = { id, name: c.name, sequence: c.sequence, child_ids: c.child_ids, parent_id: c.parent_id };
    }
    (base.cache_hashes as Record<string, unknown>).load_menus = crypto.createHash('sha512').update(`${uid}menus`).digest('hex');
    Object.assign(base, {
      user_companies: { current_company: v.company_id, allowed_companies: allowed, disallowed_ancestor_companies: {} },
      show_effect: true,
      display_switch_company_menu: companyIds.length > 1,
    });
  }
  return base;
}

function webBaseUrl(db: Database): string {
  const row = db.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'");
  return row?.value ?? 'http://localhost:8069';
}

function currencies(db: Database): Record<string, unknown> {
  const rows = db.cr.all<{ id: number; symbol: string; position: string; decimal_places: number | null }>(
    'SELECT id, symbol, position, decimal_places FROM res_currency WHERE active = 1 ORDER BY id');
  const out: Record<string, unknown> = {};
  for (const r of rows) out[String(r.id)] = { symbol: r.symbol, position: r.position, digits: [69, r.decimal_places ?? 2] };
  return out;
}
