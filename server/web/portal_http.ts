/**
 * Plumbing of Odoo's `type='http'` routes rendered as HTML pages (web_login, auth_signup, the
 * /my portal): request params (query + urlencoded form), CSRF checks, ir.http._pre_dispatch
 * (db choice, auth_signup_token / auth_login copied into the session), werkzeug-style local
 * redirects, auth='user' redirects to the login page, and the values every layout needs.
 */
import type { Request, Response } from 'express';
import { commitSession, htmlError, makeCtx, requireUser, type App, type Ctx } from '../http';
import { filteredDbs } from '../../rpc/service/dispatch';
import type { Database } from '../../models/database';
import { sendLocalRedirect } from './redirect';

export type Params = Record<string, string>;

export interface WebCtx extends Ctx {
  /** The sid the request came with (the stored row to replace when the sid rotates). */
  oldSid: string;
  /** request.params: query string then form fields (the form wins), first value of each key. */
  params: Params;
  /** The query string only (keep_query()). */
  query: URLSearchParams;
}

export const CSRF_ERROR = 'Session expired (invalid CSRF token)';

function queryOf(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  return new URLSearchParams(i >= 0 ? req.originalUrl.slice(i + 1) : '');
}

/** Query + application/x-www-form-urlencoded body (the raw Buffer of express.raw). */
export function requestParams(req: Request): Params {
  const out: Params = {};
  for (const [k, v] of queryOf(req)) if (!(k in out)) out[k] = v;
  const mime = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (Buffer.isBuffer(req.body) && req.body.length && (mime === 'application/x-www-form-urlencoded' || mime === '')) {
    const seen = new Set<string>();
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) {
      if (seen.has(k)) continue;
      seen.add(k);
      out[k] = v;
    }
  }
  return out;
}

/**
 * A request context for an HTML route, after ir.http._pre_dispatch: a valid `?db=` selects the
 * database (a different one starts a fresh session), `auth_signup_token` and `auth_login` query
 * params are copied into the session.
 */
export function webCtx(app: App, req: Request, res: Response): WebCtx {
  const ctx = makeCtx(app, req, res) as WebCtx;
  ctx.oldSid = ctx.session.sid;
  ctx.params = requestParams(req);
  ctx.query = queryOf(req);
  const { session } = ctx;
  const wanted = ctx.query.get('db');
  if (wanted && wanted !== session.db && filteredDbs({ dbm: app.dbm, config: app.config }, req.headers.host ?? '').includes(wanted)) {
    if (session.db) session.logout(false);
    session.set('db', wanted);
    ctx.db = app.dbm.get(wanted);
  }
  for (const key of ['auth_signup_token', 'auth_login'] as const) {
    const v = ctx.query.get(key);
    if (v) session.set(key, v);
  }
  return ctx;
}

export function sendRedirect(ctx: WebCtx, url: string, code = 303): void {
  commitSession(ctx, ctx.oldSid);
  sendLocalRedirect(ctx.res, code, url);
}

/** An HTML page with the anti-framing headers Odoo puts on its login and portal pages. */
export function sendHtml(ctx: WebCtx, html: string, status = 200): void {
  commitSession(ctx, ctx.oldSid);
  ctx.res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  ctx.res.setHeader('Content-Security-Policy', "frame-ancestors 'self'");
  ctx.res.setHeader('Cache-Control', 'no-store');
  ctx.res.status(status).type('text/html; charset=utf-8').send(html);
}

/** POST forms must carry the session's csrf_token, else HTTP 400 (Odoo's BadRequest). */
export function checkCsrf(ctx: WebCtx): boolean {
  if (ctx.req.method === 'GET' || ctx.req.method === 'HEAD' || ctx.req.method === 'OPTIONS') return true;
  if (ctx.session.validateCsrf(ctx.params.csrf_token)) return true;
  htmlError(ctx.res, 400, 'Bad Request', CSRF_ERROR);
  return false;
}

/** The logged-in user with a valid session token, or null (an invalid session is logged out). */
export function currentUser(ctx: WebCtx): { db: Database; uid: number } | null {
  if (!ctx.session.uid) return null;
  try {
    return requireUser(ctx);
  } catch {
    return null;
  }
}

/** werkzeug's request.full_path: path + '?' + query (the '?' is always there). */
export function fullPath(req: Request): string {
  return req.originalUrl.includes('?') ? req.originalUrl : `${req.originalUrl}?`;
}

/**
 * auth='user': the session user, or a 303 to /web/login?redirect=<full path> (what Odoo 17 does
 * with a SessionExpiredException on an http route) and null.
 */
export function authUser(ctx: WebCtx): { db: Database; uid: number } | null {
  const user = currentUser(ctx);
  if (user) return user;
  sendRedirect(ctx, `/web/login?${new URLSearchParams({ redirect: fullPath(ctx.req) }).toString()}`);
  return null;
}

export function isShare(db: Database, uid: number): boolean {
  return !!db.cr.get<{ share: number }>('SELECT share FROM res_users WHERE id = ?', [uid])?.share;
}

export interface LayoutUser {
  id: number;
  name: string;
  login: string;
  is_internal: boolean;
  partner_id: number;
}

export function layoutUser(db: Database, uid: number): LayoutUser | null {
  const row = db.cr.get<{ login: string; share: number; partner_id: number; name: string | null }>(
    'SELECT u.login, u.share, u.partner_id, p.name FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = ?', [uid]);
  if (!row) return null;
  return { id: uid, name: row.name ?? row.login, login: row.login, is_internal: !row.share, partner_id: row.partner_id };
}

/** Name of the user's company (or of the main company for visitors). */
export function companyName(db: Database | null, uid?: number | null): string {
  if (!db) return 'Odoo';
  const row = uid
    ? db.cr.get<{ name: string }>('SELECT c.name FROM res_company c JOIN res_users u ON u.company_id = c.id WHERE u.id = ?', [uid])
    : db.cr.get<{ name: string }>('SELECT name FROM res_company ORDER BY sequence, id LIMIT 1');
  return row?.name ?? 'Odoo';
}

/** Values every layout uses: CSRF token, company, the logged-in user (if any). */
export function layoutValues(ctx: WebCtx, title: string): Record<string, unknown> {
  const user = currentUser(ctx);
  return {
    title,
    csrf_token: ctx.session.csrfToken(),
    company_name: companyName(ctx.db, user?.uid),
    user: user ? layoutUser(user.db, user.uid) : null,
    list_db: ctx.app.config.list_db,
  };
}
