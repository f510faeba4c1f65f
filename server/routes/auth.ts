/**
 * Browser login routes of Odoo 17 (portal.md §2.4, §3): /web/login (web.Home.web_login with the
 * auth_signup and portal overrides), /web (a placeholder: the web client is not emulated),
 * POST /web/session/logout with its CSRF check, /web/signup and /web/reset_password
 * (auth_signup.AuthSignupHome), /web/login_successful, and the static files of the pages.
 */
import { moduleRouter } from '../modules';
import type { Express, Request, Response } from 'express';
import { AccessDenied, UserError } from '../../models/orm/exceptions';
import { SignupError } from '../../models/auth_signup';
import { authenticate } from '../../rpc/service/auth';
import { baseLocation } from '../web/base_location';
import { filteredDbs } from '../../rpc/service/dispatch';
import { notFound, type App } from '../http';
import { finalizeLogin, loginHooks } from './web';
import { renderPage, staticFile } from '../web/render';
import {
  checkCsrf, currentUser, fullPath, isShare, layoutValues, sendHtml, sendRedirect, webCtx,
  type WebCtx,
} from '../web/portal_http';
import type { Database } from '../../models/database';

/** web/controllers/home.py: the params copied into the login/signup page values. */
export const SIGN_UP_REQUEST_PARAMS = [
  'db', 'login', 'debug', 'token', 'message', 'error', 'scope', 'mode', 'redirect', 'redirect_hostname',
  'email', 'name', 'partner_id', 'password', 'confirm_password', 'city', 'country_id', 'lang', 'signup_email',
];

type Values = Record<string, unknown>;

function pickParams(params: Record<string, string>): Values {
  const out: Values = {};
  for (const k of SIGN_UP_REQUEST_PARAMS) if (k in params) out[k] = params[k];
  return out;
}

function icp(db: Database, key: string): string | null {
  return db.cr.get<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = ?', [key])?.value ?? null;
}

/** auth_signup's get_auth_signup_config(). */
export function signupConfig(app: App, db: Database | null): { signup_enabled: boolean; reset_password_enabled: boolean; disable_database_manager: boolean } {
  return {
    disable_database_manager: !app.config.list_db,
    signup_enabled: !!db && (db.env(1).model('res.users')._getSignupInvitationScope() as string) === 'b2c',
    reset_password_enabled: !!db && icp(db, 'auth_signup.reset_password') === 'True',
  };
}

/**
 * _login_redirect (web + portal): share users go to /my, internal users to /web, unless a
 * redirect was given. A pending second factor goes to /web/login/totp(?redirect=...).
 */
export function loginRedirectUrl(ctx: WebCtx, db: Database, uid: number, redirect?: string | null): string {
  let target = redirect || null;
  if (!target && isShare(db, uid)) target = '/my';
  if (ctx.session.uid) return target || '/web';
  const url = '/web/login/totp';
  return target ? `${url}?${new URLSearchParams({ redirect: target }).toString()}` : url;
}

/**
 * Finish a password login: run the login hooks (2FA). 'pending' keeps a half-done session
 * (pre_uid) for /web/login/totp; otherwise the session is finalized (sid rotated). Returns the
 * URL to redirect to.
 */
export function completeLogin(ctx: WebCtx, db: Database, uid: number, redirect?: string | null): string {
  for (const hook of loginHooks) {
    if (hook(ctx, db, uid) === 'pending') {
      if (ctx.session.db !== db.name) ctx.session.set('db', db.name);
      ctx.session.set('pre_uid', uid);
      const target = redirect || (isShare(db, uid) ? '/my' : null);
      ctx.session.set('pre_redirect', target);
      ctx.db = db;
      return loginRedirectUrl(ctx, db, uid, target);
    }
  }
  finalizeLogin(ctx, db, uid);
  return loginRedirectUrl(ctx, db, uid, redirect);
}

/** The database a login form targets: its `db` field when allowed, else the request's. */
function formDb(ctx: WebCtx): Database | null {
  const wanted = ctx.params.db;
  if (wanted && filteredDbs({ dbm: ctx.app.dbm, config: ctx.app.config }, ctx.req.headers.host ?? '').includes(wanted)) {
    return ctx.app.dbm.get(wanted);
  }
  return ctx.db;
}

function databases(ctx: WebCtx): string[] | null {
  if (!ctx.app.config.list_db) return null;
  return filteredDbs({ dbm: ctx.app.dbm, config: ctx.app.config }, ctx.req.headers.host ?? '');
}

/** keep_query(): the current query string, for the signup / reset / login links. */
function keepQuery(ctx: WebCtx): string {
  return ctx.query.toString();
}

function renderLogin(ctx: WebCtx, values: Values, status = 200): void {
  const dbs = databases(ctx);
  const page = {
    ...layoutValues(ctx, 'Login'),
    ...signupConfig(ctx.app, ctx.db),
    ...values,
    show_db: !!dbs && dbs.length > 1,
    db_selected: ctx.db?.name ?? null,
    databases: dbs ?? [],
    keep_query: keepQuery(ctx),
  };
  sendHtml(ctx, renderPage('login', page, 'login'), status);
}

/** GET/POST /web/login */
function webLogin(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  const p = ctx.params;
  const redirect = p.redirect || null;
  if (req.method !== 'POST' && redirect && currentUser(ctx)) {
    sendRedirect(ctx, redirect);
    return;
  }
  const values = pickParams(p);
  if (req.method === 'POST') {
    const db = formDb(ctx);
    if (!db) {
      values.error = 'Wrong login/password';
    } else {
      try {
        const uid = authenticate(db, p.login, p.password, { interactive: true, remoteAddr: req.ip, baseLocation: baseLocation(req) });
        sendRedirect(ctx, completeLogin(ctx, db, uid, redirect));
        return;
      } catch (e) {
        if (!(e instanceof AccessDenied)) throw e;
        values.error = e.message === new AccessDenied().message ? 'Wrong login/password' : e.message;
      }
    }
  } else if (p.error === 'access') {
    values.error = 'Only employees can access this database. Please contact the administrator.';
  }
  if (!('login' in values) && typeof ctx.session.data.auth_login === 'string') values.login = ctx.session.data.auth_login;
  renderLogin(ctx, values);
}

/** auth_signup's get_auth_signup_qcontext(): params, settings and the token's partner info. */
function signupQcontext(ctx: WebCtx, db: Database): Values {
  const q: Values = { ...pickParams(ctx.params), ...signupConfig(ctx.app, db) };
  if (!q.token && typeof ctx.session.data.auth_signup_token === 'string') q.token = ctx.session.data.auth_signup_token;
  if (q.token) {
    try {
      const info = db.env(1).model('res.partner')._signupRetrieveInfo(String(q.token)) as Values;
      for (const [k, v] of Object.entries(info)) if (!(k in q)) q[k] = v;
    } catch {
      q.error = 'Invalid signup token';
      q.invalid_token = true;
    }
  }
  return q;
}

/** _prepare_signup_values */
function prepareSignupValues(q: Values): Values {
  const values: Values = { login: q.login, name: q.name, password: q.password };
  if (values.password !== q.confirm_password) throw new UserError('Passwords do not match; please retype them.');
  return values;
}

/** do_signup + _signup_with_values: signup(), commit, authenticate. Returns [login, uid]. */
function doSignup(ctx: WebCtx, db: Database, q: Values): { login: string; uid: number } {
  const values = prepareSignupValues(q);
  const [login, password] = db.cr.transaction(() => db.env(1).model('res.users').signup(values, q.token || null) as [unknown, unknown]);
  let uid: number;
  try {
    uid = authenticate(db, login, password, { interactive: true, remoteAddr: ctx.req.ip, baseLocation: baseLocation(ctx.req) });
  } catch (e) {
    if (e instanceof AccessDenied && e.message !== new AccessDenied().message) throw new UserError(e.message);
    throw new SignupError('Authentication Failed.');
  }
  return { login: String(login), uid };
}

function activeUserWithLogin(db: Database, login: unknown): number | null {
  if (typeof login !== 'string') return null;
  return db.cr.get<{ id: number }>('SELECT id FROM res_users WHERE login = ? AND active = 1', [login])?.id ?? null;
}

/** signup_email: an activated user with that email goes to the login page instead. */
function signupEmailRedirect(ctx: WebCtx, db: Database, q: Values): boolean {
  if (!('signup_email' in q)) return false;
  const Users = db.env(1).model('res.users');
  const ids = Users._searchIds([['email', '=', q.signup_email], ['state', '!=', 'new']], { limit: 1 }) as number[];
  if (!ids.length) return false;
  const login = String(Users.browse(ids).get('login'));
  sendRedirect(ctx, `/web/login?${new URLSearchParams({ login, redirect: '/web' }).toString()}`);
  return true;
}

function renderSignupPage(ctx: WebCtx, page: 'signup' | 'reset_password', q: Values): void {
  const onlyPasswords = !!(q.token && !q.invalid_token);
  sendHtml(ctx, renderPage(page, {
    ...layoutValues(ctx, page === 'signup' ? 'Sign up' : 'Reset password'),
    ...q,
    only_passwords: onlyPasswords,
    keep_query: keepQuery(ctx),
  }, 'login'));
}

/** GET/POST /web/signup */
function webSignup(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  const db = ctx.db;
  if (!db) { notFound(res); return; }
  const q = signupQcontext(ctx, db);
  if (!q.token && !q.signup_enabled) { notFound(res); return; }
  if (!('error' in q) && req.method === 'POST') {
    try {
      const { login, uid } = doSignup(ctx, db, q);
      // the account creation confirmation mail ("Welcome to <company>!")
      db.cr.transaction(() => {
        const env = db.env(1);
        const userIds = env.model('res.users')._searchIds([['login', '=', login]], { limit: 1 }) as number[];
        const template = env.ref('auth_signup.mail_template_user_signup_account_created', false);
        if (userIds.length && template) template.send_mail(userIds[0], true);
      });
      let url = completeLogin(ctx, db, uid, (q.redirect as string) || null);
      if (url === '/web/login_successful' && q.confirm_password) url = '/web/login_successful?account_created=True';
      sendRedirect(ctx, url);
      return;
    } catch (e) {
      if (e instanceof UserError) {
        q.error = e.message;
      } else if (e instanceof SignupError || isAssertion(e)) {
        q.error = activeUserWithLogin(db, q.login)
          ? 'Another user is already registered using this email address.'
          : `Could not create a new account.\n${e instanceof Error ? e.message : String(e)}`;
      } else {
        throw e;
      }
    }
  } else if (signupEmailRedirect(ctx, db, q)) {
    return;
  }
  renderSignupPage(ctx, 'signup', q);
}

class AssertionFailed extends Error {}
function isAssertion(e: unknown): boolean { return e instanceof AssertionFailed; }

/** GET/POST /web/reset_password */
function webResetPassword(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  const db = ctx.db;
  if (!db) { notFound(res); return; }
  const q = signupQcontext(ctx, db);
  if (!q.token && !q.reset_password_enabled) { notFound(res); return; }
  if (!('error' in q) && req.method === 'POST') {
    try {
      if (q.token) {
        const { uid } = doSignup(ctx, db, q);
        sendRedirect(ctx, completeLogin(ctx, db, uid, (q.redirect as string) || null));
        return;
      }
      const login = q.login;
      if (!login) throw new AssertionFailed('No login provided.');
      db.cr.transaction(() => db.env(1).model('res.users').reset_password(login));
      q.message = 'Password reset instructions sent to your email';
    } catch (e) {
      if (e instanceof UserError) q.error = e.message;
      else if (e instanceof SignupError) q.error = 'Could not reset your password';
      else if (e instanceof Error) q.error = e.message;
      else q.error = String(e);
    }
  } else if (signupEmailRedirect(ctx, db, q)) {
    return;
  }
  renderSignupPage(ctx, 'reset_password', q);
}

/** GET /web: the web client is not emulated; share users go to /my, visitors to the login. */
function webClient(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const qs = ctx.query.toString();
  if (!ctx.session.uid) {
    sendRedirect(ctx, `/web/login${qs ? `?${qs}` : ''}`);
    return;
  }
  const user = currentUser(ctx);
  if (!user) {
    sendRedirect(ctx, `/web/login?${new URLSearchParams({ redirect: fullPath(req) }).toString()}`);
    return;
  }
  if (isShare(user.db, user.uid)) {
    sendRedirect(ctx, `/my${qs ? `?${qs}` : ''}`);
    return;
  }
  if (ctx.params.redirect) {
    sendRedirect(ctx, ctx.params.redirect);
    return;
  }
  sendHtml(ctx, renderPage('backend', { ...layoutValues(ctx, 'Odoo'), db: user.db.name }, 'frontend'));
}

/** GET /web/login_successful (auth='user'): "You are logged in." */
function loginSuccessful(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!currentUser(ctx)) {
    sendRedirect(ctx, `/web/login?${new URLSearchParams({ redirect: fullPath(req) }).toString()}`);
    return;
  }
  sendHtml(ctx, renderPage('login_successful', { ...layoutValues(ctx, 'Login successful'), account_created: !!ctx.params.account_created }, 'login'));
}

/** POST /web/session/logout: like the GET route of web.ts, but the form must carry a CSRF token. */
function logoutPost(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  ctx.session.logout(true);
  sendRedirect(ctx, ctx.params.redirect || '/web');
}

/**
 * Addons overriding web's Home.index (GET /): each may answer the URL to send the visitor to
 * (portal sends its users to /my); none does: web's own rule.
 */
export const homeRedirects: Array<(ctx: WebCtx, user: { db: Database; uid: number } | null) => string | null> = [];

/** redirect_query(url, query=request.params): the request's parameters follow the redirect. */
function withQuery(url: string, ctx: WebCtx): string {
  const qs = new URLSearchParams(ctx.params).toString();
  return qs ? `${url}?${qs}` : url;
}

/** GET / (web Home.index, auth='none'): share users to /web/login_successful, others to /web. */
function homeIndex(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = currentUser(ctx);
  for (const hook of homeRedirects) {
    const url = hook(ctx, user);
    if (url) { sendRedirect(ctx, withQuery(url, ctx)); return; }
  }
  sendRedirect(ctx, withQuery(user && isShare(user.db, user.uid) ? '/web/login_successful' : '/web', ctx));
}

export function registerAuthRoutes(server: Express, app: App): void {
  server.get('/', (req, res) => homeIndex(app, req, res));
  server.get('/web/static/:file', (req, res, next) => {
    const f = staticFile(req.params.file);
    if (!f) { next(); return; }
    res.setHeader('ETag', f.etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === f.etag) { res.status(304).end(); return; }
    res.status(200).type(f.type).send(f.body);
  });
  server.post('/web/session/logout', (req, res) => logoutPost(app, req, res));
  server.all('/web/login', (req, res) => webLogin(app, req, res));
  server.get('/web', (req, res) => webClient(app, req, res));
  server.get('/web/login_successful', (req, res) => loginSuccessful(app, req, res));
  const signup = moduleRouter(server, app, 'auth_signup');
  signup.all('/web/signup', (req, res) => webSignup(app, req, res));
  signup.all('/web/reset_password', (req, res) => webResetPassword(app, req, res));
}
