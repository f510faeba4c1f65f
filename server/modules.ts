/**
 * Routes belong to modules, as Odoo's controllers do: a module's routes are registered once,
 * but a request is only served by them when the module is installed in the request's database;
 * otherwise the request goes on to the next matching route (in the end: 404), like a route of a
 * module Odoo has not loaded for that database.
 */
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { App } from './http';
import { parseCookies, requestDb } from './http';

export interface ModuleRouter {
  get(path: string | string[], ...handlers: RequestHandler[]): void;
  post(path: string | string[], ...handlers: RequestHandler[]): void;
  all(path: string | string[], ...handlers: RequestHandler[]): void;
}

/** A router whose routes answer only for databases that have `module` installed. */
export function moduleRouter(server: Express, app: App, module: string): ModuleRouter {
  const guard = (req: Request, _res: Response, next: NextFunction) => {
    // no database chosen yet (several databases, no session): the route itself decides
    const db = requestDb(app, req, app.sessions.load(parseCookies(req.headers.cookie).session_id));
    next(db && !db.installed(module) ? 'route' : undefined);
  };
  return {
    get: (path, ...handlers) => { server.get(path, guard, ...handlers); },
    post: (path, ...handlers) => { server.post(path, guard, ...handlers); },
    all: (path, ...handlers) => { server.all(path, guard, ...handlers); },
  };
}
