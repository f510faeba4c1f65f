/**
 * JSON routes of the web addon: sessions, version, database list, call_kw / call_button and
 * action loading (addons/web/controllers/*.py in Odoo 17).
 */
import type { Express } from 'express';
import { AccessError, PyTypeError } from '../../models/orm/exceptions';
import { VERSION_INFO, dispatchRpc, filteredDbs, webDbList, openDb } from '../../rpc/service/dispatch';
import { loadAction } from '../web/actions';
import { cleanAction } from '../../models/base/ir_actions';
import { authenticate } from '../../rpc/service/auth';
import { baseLocation } from '../web/base_location';
import { registerBinaryRoutes } from './binary';
import { callKw } from '../../rpc/service/call_kw';
import { sessionInfo } from '../web/session_info';
import { computeSessionToken } from '../web/session_token';
import { addFastRoute, commitSession, jsonRoute, makeCtx, requireUser, rpcContext, type App, type Ctx } from '../http';
import type { Database } from '../../models/database';
import { sendLocalRedirect } from '../web/redirect';
import type { RequestHooks } from '../../models/orm/environment';

/** Hooks run after a correct password, before the session is finalized (2FA). */
export const loginHooks: Array<(ctx: Ctx, db: Database, uid: number) => 'done' | 'pending'> = [];

/** Finish a login: rotate the sid, store uid/db/context and the session token. */
export function finalizeLogin(ctx: Ctx, db: Database, uid: number): void {
  const { session } = ctx;
  const login = db.cr.get<{ login: string }>('SELECT login FROM res_users WHERE id = ?', [uid])?.login ?? null;
  session.logout(false);
  session.set('db', db.name);
  session.set('uid', uid);
  session.set('login', login);
  session.set('context', db.env(uid).model('res.users').context_get());
  session.set('session_token', computeSessionToken(db, uid, session.sid));
  ctx.db = db;
}

function required(params: Record<string, unknown>, fn: string, names: string[]): void {
  const missing = names.filter((n) => !(n in params));
  if (missing.length) {
    const list = missing.map((m) => `'${m}'`);
    const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
    throw new PyTypeError(`${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${text}`);
  }
}

export function registerWebRoutes(server: Express, app: App): void {
  registerBinaryRoutes(server, app);
  server.all('/web/webclient/version_info', jsonRoute(app, { auth: 'none' }, () => ({ ...VERSION_INFO, server_version_info: [...VERSION_INFO.server_version_info] })));

  server.all('/web/database/list', jsonRoute(app, { auth: 'none' }, (ctx) => webDbList(rpcContext(app, ctx.req), ctx.req.headers.host ?? '')));

  server.all('/web/session/authenticate', jsonRoute(app, { auth: 'none' }, (ctx, params) => {
    required(params, 'Session.authenticate', ['db', 'login', 'password']);
    const dbName = params.db;
    if (typeof dbName !== 'string' || !filteredDbs(rpcContext(app, ctx.req), ctx.req.headers.host ?? '').includes(dbName)) {
      throw new AccessError('Database not found.');
    }
    const db = openDb(rpcContext(app, ctx.req), dbName);
    const uid = authenticate(db, params.login, params.password, { interactive: true, remoteAddr: ctx.req.ip, baseLocation: baseLocation(ctx.req) });
    for (const hook of loginHooks) {
      if (hook(ctx, db, uid) === 'pending') return { uid: null };
    }
    finalizeLogin(ctx, db, uid);
    return sessionInfo(db, uid);
  }));

  server.all('/web/session/get_session_info', jsonRoute(app, { auth: 'user' }, (ctx) => {
    const { db, uid } = requireUser(ctx);
    ctx.session.dirty = true; // touch(): the cookie is re-sent
    return sessionInfo(db, uid);
  }));

  server.all('/web/session/check', jsonRoute(app, { auth: 'user' }, () => null));

  server.all('/web/session/destroy', jsonRoute(app, { auth: 'user' }, (ctx) => {
    ctx.session.logout(false);
    return null;
  }));

  // every module loaded in the session's database (web/controllers/session.py)
  server.all('/web/session/modules', jsonRoute(app, { auth: 'user' }, (ctx) => requireUser(ctx).db.modules));

  server.all('/web/session/get_lang_list', jsonRoute(app, { auth: 'none' }, (ctx) => {
    return dispatchRpc(rpcContext(app, ctx.req), 'db', 'list_lang', []);
  }));

  server.all('/web/session/logout', (req, res) => {
    const ctx = makeCtx(app, req, res);
    const oldSid = ctx.session.sid;
    ctx.session.logout(true);
    commitSession(ctx, oldSid);
    // the first `redirect` parameter, as werkzeug's MultiDict gives it; Odoo's default is /web
    const given = Array.isArray(req.query.redirect) ? req.query.redirect[0] : req.query.redirect;
    sendLocalRedirect(res, 303, typeof given === 'string' ? given : '/web');
  });

  const callKwRoute = (button: boolean) => jsonRoute(app, { auth: 'user' }, (ctx, params) => {
    required(params, button ? 'DataSet.call_button' : 'DataSet.call_kw', ['model', 'method', 'args', 'kwargs']);
    const { db, uid } = requireUser(ctx);
    const result = callKw(db, uid, params.model as string, params.method as string, params.args, params.kwargs, {
      unknownModel: 'key_error', baseContext: ctx.session.data.context, request: requestHooks(ctx, db, uid), stream: !!app.work && !button,
    });
    if (button) {
      // DataSet.call_button: any dict whose type is not '' is an action (clean_action)
      if (result && typeof result === 'object' && Object.getPrototypeOf(result) === Object.prototype && (result as Record<string, unknown>).type !== '') return cleanButtonAction(db, uid, result as Record<string, unknown>);
      return false;
    }
    return result;
  });
  const callKwHandler = callKwRoute(false);
  const callButtonHandler = callKwRoute(true);
  server.all('/web/dataset/call_kw', callKwHandler);
  server.all('/web/dataset/call_kw/*', callKwHandler);
  server.all('/web/dataset/call_button', callButtonHandler);
  server.all('/web/dataset/call_button/*', callButtonHandler);
  addFastRoute(app, /^\/web\/dataset\/call_kw(?:\/.*)?$/, [], callKwHandler);
  addFastRoute(app, /^\/web\/dataset\/call_button(?:\/.*)?$/, [], callButtonHandler);

  server.all('/web/action/load', jsonRoute(app, { auth: 'user' }, (ctx, params) => {
    required(params, 'Action.load', ['action_id']);
    const { db, uid } = requireUser(ctx);
    return loadAction(db, uid, params.action_id, params.additional_context ?? null, (ctx.session.data.context as Record<string, unknown>) ?? {});
  }));
  // web's Action.run: a server action run with the session's context updated by `context`, its
  // answer cleaned like a button's (the web client runs ir.actions.server this way)
  server.all('/web/action/run', jsonRoute(app, { auth: 'user' }, (ctx, params) => {
    required(params, 'Action.run', ['action_id']);
    const { db, uid } = requireUser(ctx);
    const extra = params.context && typeof params.context === 'object' ? params.context as Record<string, unknown> : {};
    const result = callKw(db, uid, 'ir.actions.server', 'run', [[params.action_id]], { context: { ...((ctx.session.data.context as Record<string, unknown>) ?? {}), ...extra } }, {
      unknownModel: 'key_error', baseContext: ctx.session.data.context, request: requestHooks(ctx, db, uid),
    });
    return result && typeof result === 'object' && !Array.isArray(result) ? cleanButtonAction(db, uid, result as Record<string, unknown>) : false;
  }));
}

/** The session-backed hooks model code may use (identity check, session token refresh). */
export function requestHooks(ctx: Ctx, db: Database, uid: number): RequestHooks {
  const { session } = ctx;
  return {
    identityCheckedAt: () => (typeof session.data.identity_check_last === 'number' ? session.data.identity_check_last : null),
    markIdentityChecked: () => session.set('identity_check_last', db.cr.clock.now() / 1000),
    refreshSessionToken: () => session.set('session_token', computeSessionToken(db, uid, session.sid)),
    logoutOtherSessions: () => ctx.app.sessions.deleteUserSessions(db.name, uid, session.sid),
    host: String(ctx.req.headers.host ?? ''),
    userAgent: String(ctx.req.headers['user-agent'] ?? ''),
    // express computes req.ip on each access: only when a method asks for it
    get remoteAddr() { return ctx.req.ip ?? ''; },
  };
}

/** web's clean_action for call_button answers (views generated, view modes folded, fields kept readable). */
export function cleanButtonAction(db: Database, uid: number, action: Record<string, unknown>): Record<string, unknown> {
  return cleanAction(db.env(uid), action);
}

