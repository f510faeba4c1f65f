/**
 * The customer portal pages of Odoo 17 (portal.md §4; portal/controllers/portal.py
 * CustomerPortal): /my and /my/home, /my/counters, /my/account, /my/security and
 * /my/deactivate_account. Pages are rendered from views/ with Odoo's ids, classes and field
 * names so that browser tests written against Odoo find their elements.
 *
 * Extension points for other addons: `portalCounters` (document counters of the home page) and
 * `securitySections` (extra HTML sections of /my/security, e.g. two-factor authentication).
 */
import { moduleRouter } from '../modules';
import type { Express, Request, Response } from 'express';
import { AccessDenied, PyTypeError, UserError } from '../../models/orm/exceptions';
import { checkCredentials } from '../../rpc/service/auth';
import { computeSessionToken } from '../web/session_token';
import { jsonRoute, requireUser, type App } from '../http';
import { renderPage } from '../web/render';
import {
  authUser, checkCsrf, isShare, layoutValues, sendHtml, sendRedirect, webCtx, type WebCtx,
} from '../web/portal_http';
import { homeRedirects } from './auth';
import type { Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';

/**
 * Document counters of /my (`<key>` → count), filled by addons (sale, account ...); a counter
 * answers undefined in a database without its addon, and is then left out like an unknown one.
 */
export const portalCounters: Record<string, (env: Environment) => number | undefined> = {};

/**
 * Cards of the /my home page, added by the document addons (sale: quotations and orders, account:
 * invoices and bills, payment: payment methods) in Odoo's categories; `card` answers null to
 * leave the card out. Cards with a `counter` stay hidden until /my/counters answers non-zero.
 */
export interface PortalHomeCard {
  module: string;
  category: 'alert' | 'client' | 'vendor';
  sequence: number;
  card(db: Database, uid: number): { url: string; title: string; text: string; counter?: string; show_count?: boolean; alert?: boolean; show?: boolean } | null;
}
export const portalHomeCards: PortalHomeCard[] = [];

/** Extra sections of /my/security, inserted after "Change Password" (raw HTML). */
export const securitySections: Array<(ctx: WebCtx, db: Database, uid: number) => string> = [];

export const MANDATORY_BILLING_FIELDS = ['name', 'phone', 'email', 'street', 'city', 'country_id'];
export const OPTIONAL_BILLING_FIELDS = ['zipcode', 'state_id', 'vat', 'company_name'];

/** odoo.tools.single_email_re */
const SINGLE_EMAIL_RE = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}$/;

type Values = Record<string, unknown>;

interface PartnerInfo {
  id: number;
  name: string;
  email: string;
  phone: string;
  street: string;
  street2: string;
  city: string;
  zip: string;
  vat: string;
  company_name: string;
  commercial_company_name: string;
  country_id: number | false;
  country_name: string;
  state_id: number | false;
  state_name: string;
  parent_id: number | false;
  user_id: number | false;
  commercial_partner_id: number | false;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function partnerInfo(db: Database, partnerId: number): PartnerInfo {
  const P = db.env(1).model('res.partner').withContext({ active_test: false });
  const v = P.browse([partnerId])._values(['name', 'email', 'phone', 'street', 'street2', 'city', 'zip', 'vat', 'company_name',
    'commercial_company_name', 'country_id', 'state_id', 'parent_id', 'user_id', 'commercial_partner_id']).get(partnerId) ?? {};
  const country = typeof v.country_id === 'number'
    ? String(db.env(1).model('res.country').browse([v.country_id]).exists().mapped('name')[0] || '') : '';
  const state = typeof v.state_id === 'number'
    ? db.cr.get<{ name: string }>('SELECT name FROM res_country_state WHERE id = ?', [v.state_id])?.name ?? '' : '';
  return {
    id: partnerId,
    name: str(v.name), email: str(v.email), phone: str(v.phone), street: str(v.street), street2: str(v.street2),
    city: str(v.city), zip: str(v.zip), vat: str(v.vat), company_name: str(v.company_name),
    commercial_company_name: str(v.commercial_company_name),
    country_id: typeof v.country_id === 'number' ? v.country_id : false, country_name: nameOf(country),
    state_id: typeof v.state_id === 'number' ? v.state_id : false, state_name: nameOf(state),
    parent_id: typeof v.parent_id === 'number' ? v.parent_id : false,
    user_id: typeof v.user_id === 'number' ? v.user_id : false,
    commercial_partner_id: typeof v.commercial_partner_id === 'number' ? v.commercial_partner_id : false,
  };
}

/** Translatable names may be stored as JSON ({"en_US": ...}). */
function nameOf(v: string): string {
  if (v.startsWith('{')) {
    try {
      const o = JSON.parse(v) as Record<string, string>;
      return o.en_US ?? Object.values(o)[0] ?? v;
    } catch {
      return v;
    }
  }
  return v;
}

function userPartnerId(db: Database, uid: number): number {
  return db.cr.get<{ partner_id: number }>('SELECT partner_id FROM res_users WHERE id = ?', [uid])!.partner_id;
}

/** Address lines of the "contact" widget (email, phone, address). */
function addressLines(p: PartnerInfo): string[] {
  const lines: string[] = [];
  if (p.street) lines.push(p.street);
  if (p.street2) lines.push(p.street2);
  const cityLine = [p.zip, p.city].filter(Boolean).join(' ');
  const cityState = [cityLine, p.state_name].filter(Boolean).join(', ');
  if (cityState) lines.push(cityState);
  if (p.country_name) lines.push(p.country_name);
  return lines;
}

/** _prepare_portal_layout_values: the partner's salesperson, else the commercial partner's. */
function salesUser(db: Database, p: PartnerInfo): Values | null {
  let uid = p.user_id;
  if (!uid && p.commercial_partner_id && p.commercial_partner_id !== p.id) uid = partnerInfo(db, p.commercial_partner_id).user_id;
  if (!uid) return null;
  const row = db.cr.get<{ partner_id: number; share: number; active: number }>('SELECT partner_id, share, active FROM res_users WHERE id = ?', [uid]);
  if (!row) return null;
  const publicId = db.env(1).xmlidLookup('base.public_user')?.[1];
  if (uid === publicId) return null;
  const sp = partnerInfo(db, row.partner_id);
  return { name: sp.name, email: sp.email, phone: sp.phone, address: addressLines(sp) };
}

function portalValues(ctx: WebCtx, db: Database, uid: number, title: string, pageName: string): Values {
  const partner = partnerInfo(db, userPartnerId(db, uid));
  return {
    ...layoutValues(ctx, title),
    page_name: pageName,
    partner,
    partner_address: addressLines(partner),
    partner_company: partner.commercial_company_name || partner.company_name,
    sales_user: salesUser(db, partner),
  };
}

/** GET /my, /my/home */
function home(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const values = portalValues(ctx, user.db, user.uid, 'My account', 'home');
  const cards: Record<string, unknown[]> = {};
  for (const c of [...portalHomeCards].sort((a, b) => a.sequence - b.sequence)) {
    if (!user.db.installed(c.module)) continue;
    const card = c.card(user.db, user.uid);
    if (card) (cards[c.category] ??= []).push(card);
  }
  sendHtml(ctx, renderPage('portal_home', { ...values, my_details: true, cards }, 'frontend'));
}

/** details_form_validate: (error, error_message) in Odoo's order. */
export function detailsFormValidate(data: Record<string, string>, partner: PartnerInfo, canEditVat: boolean): { error: Record<string, string>; errorMessage: string[] } {
  const error: Record<string, string> = {};
  const errorMessage: string[] = [];
  for (const f of MANDATORY_BILLING_FIELDS) if (!data[f]) error[f] = 'missing';
  if (data.email && !SINGLE_EMAIL_RE.test(data.email)) {
    error.email = 'error';
    errorMessage.push('Invalid Email! Please enter a valid email address.');
  }
  if (data.vat && data.vat !== partner.vat && !canEditVat) {
    errorMessage.push('Changing VAT number is not allowed once document(s) have been issued for your account. Please contact us directly for this operation.');
  }
  if (Object.values(error).includes('missing')) errorMessage.push('Some required fields are empty.');
  const known = new Set([...MANDATORY_BILLING_FIELDS, ...OPTIONAL_BILLING_FIELDS]);
  const unknown = Object.keys(data).filter((k) => !known.has(k));
  if (unknown.length) {
    error.common = 'Unknown field';
    errorMessage.push(`Unknown field '${unknown.join(',')}'`);
  }
  return { error, errorMessage };
}

function toInt(v: unknown): number | false {
  if (typeof v !== 'string' || !/^\s*[+-]?\d+\s*$/.test(v)) return false;
  return parseInt(v, 10);
}

/** GET/POST /my/account */
function account(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  if (!checkCsrf(ctx)) return;
  const { db, uid } = user;
  const partner = partnerInfo(db, userPartnerId(db, uid));
  // can_edit_vat(): not for child contacts (no account/sale documents in the emulator)
  const canEditVat = !partner.parent_id;
  const redirect = ctx.params.redirect || '';
  const post: Record<string, string> = { ...ctx.params };
  delete post.csrf_token;
  delete post.redirect;
  let error: Record<string, string> = {};
  let errorMessage: string[] = [];
  let form: Record<string, string> = {};
  if (req.method === 'POST' && Object.keys(post).length) {
    if (!canEditVat) post.country_id = partner.country_id ? String(partner.country_id) : 'False';
    ({ error, errorMessage } = detailsFormValidate(post, partner, canEditVat));
    form = post;
    if (!Object.keys(error).length) {
      const values: Values = {};
      for (const k of MANDATORY_BILLING_FIELDS) values[k] = post[k];
      for (const k of OPTIONAL_BILLING_FIELDS) if (k in post) values[k] = post[k];
      for (const k of ['country_id', 'state_id']) if (k in values) values[k] = toInt(values[k]);
      values.zip = values.zipcode ?? '';
      delete values.zipcode;
      db.cr.transaction(() => {
        db.env(uid).model('res.partner').sudo().browse([partner.id]).write(values);
      });
      sendRedirect(ctx, redirect || '/my/home');
      return;
    }
  }
  const pick = (k: string, dflt: unknown) => (k in form ? form[k] : dflt);
  const selectedCountry = k2n(pick('country_id', partner.country_id));
  const selectedState = k2n(pick('state_id', partner.state_id));
  // names read through the ORM: res.country's name is translated (one value per language)
  const countries = (db.env(1).model('res.country').search_read([], ['name']) as Array<{ id: number; name: string }>)
    .map((c) => ({ id: c.id, name: nameOf(c.name), selected: c.id === selectedCountry }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const states = db.cr.all<{ id: number; name: string; country_id: number }>('SELECT id, name, country_id FROM res_country_state ORDER BY country_id, name')
    .map((s) => ({ id: s.id, name: nameOf(s.name), country_id: s.country_id, selected: s.id === selectedState, hidden: s.country_id !== selectedCountry }));
  const values = portalValues(ctx, db, uid, 'Contact Details', 'my_details');
  sendHtml(ctx, renderPage('portal_details', {
    ...values,
    error,
    error_message: errorMessage,
    redirect,
    can_edit_vat: canEditVat,
    countries,
    states,
    f: {
      name: pick('name', partner.name),
      email: pick('email', partner.email),
      phone: pick('phone', partner.phone),
      company_name: pick('company_name', partner.company_name),
      commercial_company_name: partner.commercial_company_name,
      vat: pick('vat', partner.vat),
      street: pick('street', partner.street),
      city: pick('city', partner.city),
      zipcode: pick('zipcode', partner.zip),
    },
  }, 'frontend'));
}

function k2n(v: unknown): number | false {
  if (typeof v === 'number') return v;
  return toInt(v);
}

interface SecurityState {
  errors?: unknown;
  success?: Record<string, boolean>;
  open_deactivate_modal?: boolean;
  revoke_error?: string;
  open_revoke_modal?: boolean;
}

function renderSecurity(ctx: WebCtx, db: Database, uid: number, state: SecurityState): void {
  const values = portalValues(ctx, db, uid, 'Security', 'security');
  const errors = state.errors;
  const passwordErrors = errors && typeof errors === 'object' ? (errors as Record<string, unknown>).password : undefined;
  const deactivate = errors && typeof errors === 'object' ? (errors as Record<string, unknown>).deactivate : undefined;
  const isPortal = db.env(1).hasGroup('base.group_portal', uid);
  const login = db.cr.get<{ login: string }>('SELECT login FROM res_users WHERE id = ?', [uid])?.login ?? '';
  const extra = securitySections.map((section) => section(ctx, db, uid)).join('\n');
  sendHtml(ctx, renderPage('portal_security', {
    ...values,
    no_breadcrumbs: true,
    login,
    // get_error(errors): only a plain string shows at the top of the page
    global_error: typeof errors === 'string' ? errors : null,
    password_error: typeof passwordErrors === 'string' ? passwordErrors : null,
    password_field_errors: passwordErrors && typeof passwordErrors === 'object' ? passwordErrors : {},
    password_success: !!state.success?.password,
    is_portal: isPortal,
    open_deactivate_modal: !!state.open_deactivate_modal,
    deactivate_error: typeof deactivate === 'string' ? deactivate : null,
    deactivate_other: deactivate && typeof deactivate === 'object' ? (deactivate as Record<string, string>).other : null,
    revoke_error: state.revoke_error ?? null,
    open_revoke_modal: !!state.open_revoke_modal,
    extra_sections: extra,
  }, 'frontend'));
}

/** _update_password(old, new1, new2) */
function updatePassword(ctx: WebCtx, db: Database, uid: number, oldPw: string, new1: string, new2: string): SecurityState {
  for (const [k, v] of [['old', oldPw], ['new1', new1], ['new2', new2]] as const) {
    if (!v) return { errors: { password: { [k]: 'You cannot leave any password empty.' } } };
  }
  if (new1 !== new2) return { errors: { password: { new2: 'The new password and its confirmation must be identical.' } } };
  try {
    db.cr.transaction(() => db.env(uid).model('res.users').change_password(oldPw, new1));
  } catch (e) {
    if (e instanceof AccessDenied) {
      const msg = e.message === new AccessDenied().message ? 'The old password you provided is incorrect, your password was not changed.' : e.message;
      return { errors: { password: { old: msg } } };
    }
    if (e instanceof UserError) return { errors: { password: e.message } };
    throw e;
  }
  // keep the current session valid (the password is part of the session token)
  ctx.session.set('session_token', computeSessionToken(db, uid, ctx.session.sid));
  return { success: { password: true } };
}

/** GET/POST /my/security */
function security(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  if (!checkCsrf(ctx)) return;
  const { db, uid } = user;
  let state: SecurityState = {};
  if (req.method === 'POST') {
    const p = ctx.params;
    if (p.op === 'revoke_all_sessions') {
      // "Log out from all devices": identity check (password), then every session of the user ends
      const password = p.password ?? '';
      try {
        checkCredentials(db, uid, password, { interactive: true, remoteAddr: req.ip });
      } catch (e) {
        if (!(e instanceof AccessDenied)) throw e;
        renderSecurity(ctx, db, uid, { revoke_error: 'Check failed', open_revoke_modal: true });
        return;
      }
      app.sessions.deleteUserSessions(db.name, uid, ctx.session.sid);
      ctx.session.logout(true);
      sendRedirect(ctx, '/web/login');
      return;
    }
    state = updatePassword(ctx, db, uid, (p.old ?? '').trim(), (p.new1 ?? '').trim(), (p.new2 ?? '').trim());
  }
  renderSecurity(ctx, db, uid, state);
}

/** res.users._deactivate_portal_user (base + mail), run as sudo for the session user. */
function deactivatePortalUser(db: Database, uid: number): void {
  const env = db.env(uid);
  const user = env.model('res.users').sudo().withContext({ active_test: false }).browse([uid]);
  const v = user._values(['name', 'share', 'partner_id']).get(uid)!;
  if (!v.share) {
    throw new AccessDenied(`Only the portal users can delete their accounts. The user(s) ${v.name} can not be deleted.`);
  }
  user._deactivatePortalNote(uid);
  user.write({ login: `__deleted_user_${uid}_${db.cr.clock.now() / 1000}`, password: '' });
  // its API keys go too (auth_totp's res.users.apikeys, when the model is installed)
  if (db.registry.has('res.users.apikeys')) {
    const Keys = db.env(1).model('res.users.apikeys');
    const keyIds = Keys._searchIds([['user_id', '=', uid]]) as number[];
    if (keyIds.length) Keys.browse(keyIds).unlink();
  }
  try {
    db.cr.transaction(() => {
      const su = db.env(1);
      su.model('res.users').withContext({ active_test: false }).browse([uid]).write({ active: false });
      su.model('res.partner').withContext({ active_test: false }).browse([v.partner_id as number]).write({ active: false });
    });
  } catch {
    // the archive may fail (e.g. constraints): the deletion request is still recorded by Odoo
  }
}

/** POST /my/deactivate_account */
function deactivateAccount(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  if (!checkCsrf(ctx)) return;
  const { db, uid } = user;
  const login = db.cr.get<{ login: string }>('SELECT login FROM res_users WHERE id = ?', [uid])?.login ?? '';
  const p = ctx.params;
  let errors: Values;
  if ((p.validation ?? '') !== login) {
    errors = { deactivate: 'validation' };
  } else {
    try {
      checkCredentials(db, uid, p.password ?? '', { interactive: true, remoteAddr: req.ip });
      db.cr.transaction(() => deactivatePortalUser(db, uid));
      ctx.session.logout(false);
      sendRedirect(ctx, '/web/login?message=Account%20deleted%21');
      return;
    } catch (e) {
      if (e instanceof AccessDenied) errors = { deactivate: 'password' };
      else if (e instanceof UserError) errors = { deactivate: { other: e.message } };
      else throw e;
    }
  }
  renderSecurity(ctx, db, uid, { errors, open_deactivate_modal: true });
}

// portal's Home.index: a logged-in portal (non-internal) user opening / lands on /my
homeRedirects.push((_ctx, user) => (user && user.db.installed('portal') && isShare(user.db, user.uid) ? '/my' : null));

export function registerPortalRoutes(server: Express, app: App): void {
  const portal = moduleRouter(server, app, 'portal');
  portal.get(['/my', '/my/home'], (req, res) => home(app, req, res));
  portal.all('/my/counters', jsonRoute(app, { auth: 'user' }, (ctx, params) => {
    if (!('counters' in params)) throw new PyTypeError("CustomerPortal.counters() missing 1 required positional argument: 'counters'");
    const { db, uid } = requireUser(ctx);
    const env = db.env(uid);
    const out: Record<string, number> = {};
    for (const name of Array.isArray(params.counters) ? params.counters : []) {
      const fn = typeof name === 'string' ? portalCounters[name] : undefined;
      const count = fn ? fn(env) : undefined;
      if (count !== undefined) out[name as string] = count;
    }
    return out;
  }));
  portal.all('/my/account', (req, res) => account(app, req, res));
  portal.all('/my/security', (req, res) => security(app, req, res));
  portal.post('/my/deactivate_account', (req, res) => deactivateAccount(app, req, res));
  portal.all('/my/deactivate_account', (_req, res) => {
    res.setHeader('Allow', 'POST');
    res.status(405).type('text/html; charset=utf-8').send('<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n');
  });
}
