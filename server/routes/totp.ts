/**
 * auth_totp's web side (portal.md §5.4, §5.6): the second login step for users with two-factor
 * authentication, and the /my/security sections.
 *
 * After a correct password such a user is only "pre-logged" (session pre_uid); JSON
 * authentication answers {"uid": null} and /web/login sends the browser to /web/login/totp,
 * which asks for the 6-digit code (or skips it for a remembered browser: cookie td_id) and then
 * finalizes the session.
 */
import { moduleRouter } from '../modules';
import type { Express, Request, Response } from 'express';
import { loginHooks, finalizeLogin } from './web';
import { loginRedirectUrl } from './auth';
import { securitySections } from './portal';
import { parseCookies, type App } from '../http';
import { verifyTotp } from '../../models/auth_totp';
import { renderPage } from '../web/render';
import { checkCsrf, currentUser, layoutValues, sendHtml, sendRedirect, webCtx, type WebCtx } from '../web/portal_http';
import { trustedDeviceName } from '../web/totp_useragent';
import { COOLDOWN_MESSAGE, LoginCooldown } from '../../rpc/service/auth';

/** Failures of the code step (counted apart from password logins, with the same thresholds). */
const totpFailures = new LoginCooldown('totp');
import { apiKeysSection, totpSection } from '../web/totp_security';
import type { Database } from '../../models/database';

/** auth_totp/controllers/home.py */
export const TRUSTED_DEVICE_COOKIE = 'td_id';
export const TRUSTED_DEVICE_AGE = 90 * 86400;
export const TRUSTED_DEVICE_SCOPE = 'browser';

/** Registered once: users with a TOTP secret need the second step. */
let registered = false;
export function registerTotpLoginHook(): void {
  if (registered) return;
  registered = true;
  loginHooks.push((ctx, db, uid) => {
    const user = db.env(1).model('res.users').browse([uid]);
    if (!user._mfaType()) return 'done';
    ctx.session.logout(false);
    ctx.session.set('db', db.name);
    ctx.session.set('pre_uid', uid);
    return 'pending';
  });
}

function renderTotpForm(ctx: WebCtx, error: string | null, redirect: string | null): void {
  sendHtml(ctx, renderPage('totp_form', { ...layoutValues(ctx, 'Two-factor Authentication'), error, redirect: redirect ?? '' }, 'login'));
}

/** The pre-logged user's TOTP secret (null: the user is gone or has no 2FA any more). */
function preUser(db: Database, uid: number): { secret: string | null } | null {
  const row = db.cr.get<{ s: string | null }>('SELECT totp_secret AS s FROM res_users WHERE id = ?', [uid]);
  return row ? { secret: row.s } : null;
}

/**
 * _totp_check: the code, whitespace removed, must be a Python int (else ValueError → "Invalid
 * authentication code format."), then match the current TOTP (±1 step).
 * Returns null on success or the error to show.
 */
function checkCode(db: Database, remoteAddr: string, secret: string | null, raw: string): string | null {
  if (totpFailures.onCooldown(db, remoteAddr)) return COOLDOWN_MESSAGE;
  const token = raw.replace(/\s/g, '');
  if (!/^[+-]?\d+(?:_\d+)*$/.test(token)) return 'Invalid authentication code format.';
  const n = parseInt(token.replace(/_/g, ''), 10);
  if (!secret || n < 0 || n >= 1e6 || !verifyTotp(secret, String(n).padStart(6, '0'), db.cr.clock.now())) {
    totpFailures.recordFailure(db, remoteAddr);
    return 'Verification failed, please double-check the 6-digit code';
  }
  totpFailures.clear(db, remoteAddr);
  return null;
}

/** GET/POST /web/login/totp */
function webTotp(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  const redirect = ctx.params.redirect || null;
  // an already logged-in session goes to its target
  const logged = currentUser(ctx);
  if (logged) {
    sendRedirect(ctx, loginRedirectUrl(ctx, logged.db, logged.uid, redirect));
    return;
  }
  const preUid = typeof ctx.session.data.pre_uid === 'number' ? ctx.session.data.pre_uid : null;
  const db = ctx.db;
  const user = preUid && db && ctx.session.db === db.name ? preUser(db, preUid) : null;
  if (!preUid || !db || !user) {
    sendRedirect(ctx, '/web/login');
    return;
  }
  const target = redirect || (typeof ctx.session.data.pre_redirect === 'string' ? ctx.session.data.pre_redirect : null);
  if (req.method === 'GET') {
    // a remembered browser skips the code
    const key = parseCookies(req.headers.cookie)[TRUSTED_DEVICE_COOKIE];
    if (key && db.env(1).model('auth_totp.device')._checkDevice(preUid, key)) {
      finalizeLogin(ctx, db, preUid);
      sendRedirect(ctx, loginRedirectUrl(ctx, db, preUid, target));
      return;
    }
  } else if (req.method === 'POST' && ctx.params.totp_token) {
    const remoteAddr = req.ip ?? '';
    const error = checkCode(db, remoteAddr, user.secret, ctx.params.totp_token);
    if (error) {
      renderTotpForm(ctx, error, redirect);
      return;
    }
    finalizeLogin(ctx, db, preUid);
    if (ctx.params.remember) {
      const name = trustedDeviceName(String(req.headers['user-agent'] ?? ''));
      const deviceKey = db.cr.transaction(() => db.env(preUid).model('auth_totp.device').sudo()._generate(TRUSTED_DEVICE_SCOPE, name, preUid) as string);
      // odoo.http.Response.set_cookie: a one-year Expires unless given, werkzeug's attribute order
      const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
      res.append('Set-Cookie', `${TRUSTED_DEVICE_COOKIE}=${deviceKey}; Expires=${expires}; Max-Age=${TRUSTED_DEVICE_AGE}; HttpOnly; Path=/; SameSite=Lax`);
    }
    sendRedirect(ctx, loginRedirectUrl(ctx, db, preUid, target));
    return;
  }
  renderTotpForm(ctx, null, redirect);
}

/** The /my/security sections (added once per process: securitySections is module state). */
let sectionsAdded = false;

export function registerTotpRoutes(server: Express, app: App): void {
  if (!sectionsAdded) {
    sectionsAdded = true;
    securitySections.push(totpSection, apiKeysSection);
  }
  const totp = moduleRouter(server, app, 'auth_totp');
  totp.get('/web/login/totp', (req, res) => webTotp(app, req, res));
  totp.post('/web/login/totp', (req, res) => webTotp(app, req, res));
  totp.all('/web/login/totp', (_req, res) => {
    res.setHeader('Allow', 'GET, POST');
    res.status(405).type('text/html; charset=utf-8').send('<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n');
  });
}
