/**
 * HTTP plumbing shared by routes: request context (session, database), Odoo's JSON-RPC route
 * behaviour (rpc.md §1.1) and werkzeug-style error pages.
 */
import type { Request, Response } from 'express';
import type { DatabaseManager, Database } from '../models/database';
import { SessionExpiredException, PyRecursionError, PyTypeError, internalErrors } from '../models/orm/exceptions';
import { jsonNestingExceeds, recursionMessage } from './json_depth';
import { jsonDumps } from '../models/orm/values';
import { jsonRpcError } from '../rpc/errors';
import { filteredDbs, type RpcContext } from '../rpc/service/dispatch';
import type { Config } from './config';
import type { Session, SessionStore } from './sessions';
import { SESSION_LIFETIME } from './sessions';
import { sessionTokenValid } from './web/session_token';
import { log, logRequest, logsRequests } from './log';
import { parseCookieHeader } from './cookies';
import type { Control } from './control/state';
import { beginCall, callOf, interceptSend, webCall } from './control/calls';
import { sendStreamed, StreamedList } from './streamed_answer';

export interface App {
  dbm: DatabaseManager;
  config: Config;
  sessions: SessionStore;
  saveConfig?: () => void;
  /** POST routes the RPC fast path may serve without express (server/rpc_fast_path.ts). */
  rpcFastRoutes?: FastRoute[];
  /** Clock, fault rules and journal of this server (server/control). */
  control?: Control;
  /**
   * In a worker process of a pool (server/pool): operations on whole databases (create, drop,
   * reset, snapshots ...) and run-time configuration changes, done by the primary process.
   */
  primary?: PrimaryLink;
  /** Told when a request's synchronous work starts and ends (a pool's worker: server/pool/worker.ts). */
  work?: WorkHooks;
}

export interface WorkHooks {
  begin(req: Request): void;
  end(): void;
  /** Keep the worker busy after the handler returned (an answer streamed over several turns); call the result when done. */
  hold(): () => void;
}

/** What a worker asks the primary process of its pool to do (server/pool/primary.ts runs it). */
export interface PrimaryLink {
  call(op: string, args: unknown[]): Promise<unknown>;
}

/** A POST route served by the RPC fast path: the same handler express runs for it. */
export interface FastRoute {
  /** Matched against the whole path (no query string); capture groups become `req.params`. */
  pattern: RegExp;
  params: string[];
  handler: (req: Request, res: Response) => void;
}

/** Offer `handler` (already registered with express for the same paths) to the RPC fast path. */
export function addFastRoute(app: App, pattern: RegExp, params: string[], handler: (req: Request, res: Response) => void): void {
  (app.rpcFastRoutes ??= []).push({ pattern, params, handler });
}

export interface Ctx {
  app: App;
  req: Request;
  res: Response;
  session: Session;
  /** Database of the request (session db or the only one), if any. */
  db: Database | null;
  /** Set when the route must not write back the session cookie. */
  noSession?: boolean;
  /** The session id the request's cookie carried, if any. */
  cookieSid?: string;
}

/**
 * The RpcContext of a request. A class rather than an object literal with a getter: V8 builds
 * such a literal through the runtime on every call, a class instance inline.
 */
class RequestRpcContext implements RpcContext {
  readonly dbm: DatabaseManager;
  readonly config: Config;
  readonly saveConfig: (() => void) | undefined;
  readonly primary: PrimaryLink | undefined;
  readonly stream: boolean;

  constructor(app: App, private readonly req: Request, readonly beforeCall: (() => void) | undefined) {
    this.dbm = app.dbm;
    this.config = app.config;
    this.saveConfig = app.saveConfig;
    this.primary = app.primary;
    this.stream = !!app.work;
  }

  // express computes req.ip on each access: only when a service asks for it
  get remoteAddr(): string | undefined { return this.req.ip; }
}

export function rpcContext(app: App, req: Request, beforeCall?: () => void): RpcContext {
  return new RequestRpcContext(app, req, beforeCall);
}

/** Cookies of the request, parsed like werkzeug does (server/cookies.ts). */
export function parseCookies(header: string | undefined): Record<string, string> {
  return parseCookieHeader(header);
}

/** Odoo 17 database choice: the session's db if it passes dbfilter, else the only one. */
export function requestDb(app: App, req: Request, session: Session): Database | null {
  const allowed = filteredDbs({ dbm: app.dbm, config: app.config }, req.headers.host ?? '');
  if (session.db && allowed.includes(session.db)) return app.dbm.get(session.db);
  if (session.db && !allowed.includes(session.db)) {
    session.logout(false);
  }
  if (allowed.length === 1) return app.dbm.get(allowed[0]);
  return null;
}

/** The request's database name for its log line: a name, or how to work it out when the line is written. */
type RequestDbName = string | (() => string | undefined);
type RequestWithDb = Request & { odooDb?: RequestDbName };

export function makeCtx(app: App, req: Request, res: Response): Ctx {
  const cookies = parseCookies(req.headers.cookie);
  const session = app.sessions.load(cookies.session_id);
  const ctx: Ctx = { app, req, res, session, db: null, cookieSid: cookies.session_id };
  ctx.db = requestDb(app, req, session);
  if (ctx.db) (req as RequestWithDb).odooDb = ctx.db.name;
  return ctx;
}

/**
 * The context of a route that writes no session (/jsonrpc, whose services take the database
 * from their arguments): the cookie's session and the request's database are worked out only
 * if something asks for them, usually nothing but a log line of a call that names no database.
 */
class SessionlessCtx implements Ctx {
  readonly noSession = true;
  private full: Ctx | null = null;

  constructor(readonly app: App, readonly req: Request, readonly res: Response) {
    (req as RequestWithDb).odooDb = () => this.loaded().db?.name;
  }

  private loaded(): Ctx {
    return this.full ??= makeCtx(this.app, this.req, this.res);
  }

  get session(): Session { return this.loaded().session; }
  get db(): Database | null { return this.loaded().db; }
  set db(db: Database | null) { this.loaded().db = db; }
  get cookieSid(): string | undefined { return this.loaded().cookieSid; }
}

/** Odoo's _save_session: store a changed session; send the cookie when it changed or differs. */
export function commitSession(ctx: Ctx, oldSid?: string): void {
  if (ctx.noSession) return;
  const { session } = ctx;
  const changed = session.dirty || session.rotated;
  if (changed) ctx.app.sessions.save(session, oldSid);
  if (changed || ctx.cookieSid !== session.sid) setSessionCookie(ctx.res, session.sid);
}

export function setSessionCookie(res: Response, sid: string): void {
  const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  res.append('Set-Cookie', `session_id=${sid}; Expires=${expires}; Max-Age=${SESSION_LIFETIME}; HttpOnly; Path=/`);
}

export function htmlError(res: Response, status: number, title: string, description: string): void {
  sendText(res, status, 'text/html; charset=utf-8',
    `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${escapeHtml(description)}</p>\n`);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function notFound(res: Response): void {
  htmlError(res, 404, 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');
}

/**
 * Write a complete text answer straight to the socket. RPC answers and error pages go through
 * this rather than express's res.send(), which would also hash the body for an ETag that Odoo
 * never sends and copy it once more.
 *
 * The text is handed to node as a string: node joins it to the header block into one chunk,
 * where a Buffer body costs an encoded copy of its own.
 */
export function sendText(res: Response, status: number, contentType: string, text: string): void {
  const call = callOf(res);
  // a fault rule of the call may delay, replace or cut the answer (server/control/calls.ts)
  if (call?.fault && interceptSend(res, status, contentType, Buffer.from(text, 'utf8'))) return;
  call?.sent(status);
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
  res.end(text, 'utf8');
}

function sendJson(res: Response, body: Record<string, unknown>): void {
  sendText(res, 200, 'application/json; charset=utf-8', jsonDumps(body));
}

export interface JsonRouteOptions {
  auth: 'none' | 'user' | 'public';
  /** /jsonrpc and /xmlrpc never write the session cookie. */
  saveSession?: boolean;
  /** false: the handler records its call in the journal itself (/jsonrpc names the service call). */
  journal?: boolean;
}

/** The logged-in user of the request, or SessionExpired (auth='user'). */
export function requireUser(ctx: Ctx): { db: Database; uid: number } {
  const { session } = ctx;
  if (!session.uid || !ctx.db || session.db !== ctx.db.name) throw new SessionExpiredException();
  if (!sessionTokenValid(ctx.db, session)) {
    session.logout(false);
    throw new SessionExpiredException();
  }
  return { db: ctx.db, uid: session.uid };
}

/**
 * A `type='json'` route: JSON/JSON-RPC content types only, envelope quirks (id echoed or null,
 * no `result` key for None), errors as HTTP 200 JSON-RPC errors.
 */
export function jsonRoute(app: App, opts: JsonRouteOptions, handler: (ctx: Ctx, params: Record<string, unknown>) => unknown) {
  return (req: Request, res: Response) => {
    const mime = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mime !== 'application/json' && mime !== 'application/json-rpc') {
      htmlError(res, 400, 'Bad Request', `Request inferred type is compatible with ['http'] but '${req.path}' is type='json'.`);
      return;
    }
    const ctx = opts.saveSession === false ? new SessionlessCtx(app, req, res) : makeCtx(app, req, res);
    // a new session has no stored row to replace: its id is drawn only if it is ever sent
    // (reading `sid` draws 20 random bytes); a route without session does not even load it
    const oldSid = ctx.noSession || ctx.session.isNew ? undefined : ctx.session.sid;
    if (opts.auth === 'user') {
      try {
        requireUser(ctx);
      } catch (e) {
        // authentication fails before the body is read: the id is not echoed
        beginCall(app.control, res, webCall(req.path, {}, ctx.session))?.failed(e);
        commitSession(ctx, oldSid);
        sendJson(res, { jsonrpc: '2.0', id: null, error: jsonRpcError(e) });
        return;
      }
    }
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const tooDeep = jsonNestingExceeds(raw);
    if (tooDeep) {
      // Python's json decoder gives up before the id is known
      commitSession(ctx, oldSid);
      sendJson(res, { jsonrpc: '2.0', id: null, error: jsonRpcError(new PyRecursionError(recursionMessage(tooDeep))) });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      sendText(res, 400, 'text/plain; charset=utf-8', 'Invalid JSON data');
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      sendText(res, 400, 'text/plain; charset=utf-8', 'Invalid JSON-RPC data');
      return;
    }
    const envelope = body as Record<string, unknown>;
    const id = 'id' in envelope ? envelope.id : null;
    const rawParams = envelope.params ?? {};
    const validParams = !Array.isArray(rawParams) && typeof rawParams === 'object' && rawParams !== null;
    // /jsonrpc journals its service call itself (routes/rpc.ts)
    const call = opts.journal === false ? null
      : beginCall(app.control, res, webCall(req.path, validParams ? rawParams as Record<string, unknown> : {}, ctx.session));
    const fail = (e: unknown) => {
      (call ?? callOf(res))?.failed(e);
      // Odoo saves the session in post_dispatch, which an exception skips: a failed
      // /web/session/authenticate hands out no cookie (http.py Application.__call__)
      sendJson(res, { jsonrpc: '2.0', id, error: jsonRpcError(e) });
    };
    const answer = (result: unknown) => {
      (call ?? callOf(res))?.done(result);
      commitSession(ctx, oldSid);
      if (result instanceof StreamedList) {
        const head = jsonDumps({ jsonrpc: '2.0', id, result: [] }).slice(0, -2);
        if (sendStreamed(app, res, result, { contentType: 'application/json; charset=utf-8', head, element: jsonDumps, separator: ',', tail: ']}' })) return;
        result = result.toArray();
      }
      const reply: Record<string, unknown> = { jsonrpc: '2.0', id };
      if (result !== null && result !== undefined) reply.result = result;
      sendJson(res, reply);
    };
    let result: unknown;
    try {
      if (!validParams) {
        throw new PyTypeError(Array.isArray(rawParams) ? 'cannot convert dictionary update sequence element #0 to a sequence' : `'${typeof rawParams}' object is not iterable`);
      }
      call?.raiseFault();
      result = handler(ctx, rawParams as Record<string, unknown>);
    } catch (e) {
      fail(e);
      return;
    }
    // a service that works off this thread (db.create_database) answers later
    if (result instanceof Promise) result.then(answer, fail);
    else answer(result);
  };
}

/** Largest request body accepted, Odoo 17's DEFAULT_MAX_CONTENT_LENGTH (128 MiB; larger ones get 413). */
export const MAX_BODY_BYTES = 128 * 1024 * 1024;

/** Per-request start: Odoo's security header, and the request log line once answered. */
export function startRequest(req: Request, res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (logsRequests()) {
    const start = process.hrtime.bigint();
    // the database of an RPC call is known once its body is read (server/control/calls.ts)
    res.on('finish', () => logRequest(req.ip ?? '-', req.method, req.originalUrl, res.statusCode, Number(process.hrtime.bigint() - start) / 1e6, callOf(res)?.db ?? requestDbName(req)));
  }
}

// a non-Odoo error inside an RPC call: the client gets a neutral message, the log the stack
internalErrors.report = (err) => {
  const e = err instanceof Error ? err : new Error(String(err));
  log('error', 'odoo.http', `Internal error during an RPC call: ${e.stack ?? e.message}`);
};
/** The database a page request works on, for its log line: the session's (set by makeCtx). */
function requestDbName(req: Request): string | undefined {
  const name = (req as RequestWithDb).odooDb;
  return typeof name === 'function' ? name() : name;
}

/** An exception no route handled: logged, and werkzeug's 500 page. */
export function internalError(res: Response, err: Error): void {
  internalErrors.count++;
  log('error', 'odoo.http', `Exception during request handling: ${err.stack ?? err.message}`);
  if (res.headersSent) { res.destroy(); return; }
  htmlError(res, 500, 'Internal Server Error', 'The server encountered an internal error and was unable to complete your request.');
}
