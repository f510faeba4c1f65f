/**
 * The RPC fast path: POSTs to the RPC endpoints (/jsonrpc, /xmlrpc/..., /web/dataset/call_kw
 * and call_button) are what client libraries send all day, and express's per-request chain
 * before a route (query parser, middleware, a walk over ~40 route patterns, body-parser's
 * stream plumbing) costs about as much as a whole small search_read. This request listener
 * serves those POSTs itself with the very handlers express runs for them (registered with
 * `addFastRoute`), after doing what the express middleware would have done: the security header
 * and request log (`startRequest`), reading the raw body, giving req/res express's API.
 *
 * Anything it is not sure to handle identically goes to express unchanged: other methods and
 * paths, query strings, compressed bodies (body-parser inflates them), chunked or oversized
 * bodies (express answers 413), paths that only express's case-insensitive matching accepts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'http';
import type { Socket } from 'net';
import type { Express, Request, Response } from 'express';
import { internalError, MAX_BODY_BYTES, startRequest, type App, type FastRoute } from './http';
import { CALL_RECORD } from './control/calls';

/**
 * Options of an http.Server whose requests and responses are born with express's API (their
 * prototypes are `ex.request` and `ex.response`), so that neither the fast path nor express's
 * init middleware has to change an object's prototype on every request, which costs V8 a new
 * object shape each time.
 */
export function expressServerOptions(ex: Express): http.ServerOptions {
  // named as node's own classes: stack traces in the log read as before
  function IncomingMessage(this: http.IncomingMessage, socket: Socket): void {
    http.IncomingMessage.call(this, socket);
  }
  IncomingMessage.prototype = ex.request;
  function ServerResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: object): void {
    (http.ServerResponse as unknown as (this: http.ServerResponse, req: http.IncomingMessage, options?: object) => void).call(this, req, options);
    (this as http.ServerResponse & { [CALL_RECORD]?: unknown })[CALL_RECORD] = undefined;
  }
  ServerResponse.prototype = ex.response;
  return {
    IncomingMessage: IncomingMessage as unknown as typeof http.IncomingMessage,
    ServerResponse: ServerResponse as unknown as typeof http.ServerResponse,
  };
}

export function rpcFastPath(app: App, ex: Express): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = app.rpcFastRoutes ?? [];
  return (req, res) => {
    const match = req.method === 'POST' ? matchRoute(routes, req) : null;
    if (!match) {
      ex(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      // express's API on the same objects, as its own init middleware sets it up (a server
      // made with expressServerOptions has them already)
      if (Object.getPrototypeOf(req) !== ex.request) Object.setPrototypeOf(req, ex.request);
      if (Object.getPrototypeOf(res) !== ex.response) Object.setPrototypeOf(res, ex.response);
      const request = req as Request;
      const response = res as Response;
      (request as { res?: Response }).res = response;
      (response as { req?: Request }).req = request;
      response.locals = Object.create(null);
      request.originalUrl = req.url ?? '/';
      request.params = match.params;
      request.query = {};
      request.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const work = app.work;
      work?.begin(request);
      try {
        startRequest(request, response);
        match.route.handler(request, response);
      } catch (e) {
        internalError(response, e instanceof Error ? e : new Error(String(e)));
      } finally {
        work?.end();
      }
    });
  };
}

function matchRoute(routes: FastRoute[], req: IncomingMessage): { route: FastRoute; params: Record<string, string> } | null {
  const url = req.url ?? '';
  if (url.includes('?')) return null;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const length = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_BODY_BYTES) return null;
  for (const route of routes) {
    const m = route.pattern.exec(url);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      route.params.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
    } catch {
      return null; // malformed escapes: express answers those
    }
    return { route, params };
  }
  return null;
}
