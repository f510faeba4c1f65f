/**
 * The emulator's control routes — NOT Odoo routes — for test suites in any language. JSON in,
 * JSON out; `db` (query or body) names the database, else the only one the request may see.
 *
 *   GET    /emulator/status                       version, databases, fault and journal counts
 *   POST   /emulator/reset            {db}        data back to its creation state; clock, journal, faults reset
 *   POST   /emulator/snapshot         {db, name}  keep a named image of the database (in memory)
 *   POST   /emulator/restore          {db, name}  put it back
 *   GET    /emulator/snapshots?db=                names kept
 *   POST   /emulator/outbox/clear     {db}        delete the mails (GET /emulator/outbox.json reads them)
 *   GET    /emulator/clock?db=                    the database's time
 *   POST   /emulator/clock            {db, set: ISO|ms, freeze?} | {db, advance_ms} | {db, reset: true}
 *   GET    /emulator/faults                       rules with their hit counts
 *   POST   /emulator/faults           {rule...}   add a rule → {id}
 *   DELETE /emulator/faults/:id                   remove one;  DELETE /emulator/faults (or POST /emulator/faults/clear): all
 *   GET    /emulator/journal?db=&model=&method=&uid=&route=&service=&since=&outcome=
 *   DELETE /emulator/journal?db=                  forget entries (POST /emulator/journal/clear works too)
 *
 * Only from loopback or with the master password (server/control/access.ts); none of these
 * routes, nor the outbox, exist with --no-control-routes.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { filteredDbs, SERVER_VERSION } from '../../rpc/service/dispatch';
import { makeCtx, type App } from '../http';
import { registerOutboxRoutes } from '../routes/outbox';
import { controlAllowed, MASTER_PASSWORD_HEADER } from './access';
import { companionOf, CompanionError, type Companion } from './companion';
import type { JournalQuery } from './journal';

function sendJson(res: Response, status: number, value: unknown): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

function body(req: Request): Record<string, unknown> {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8').trim() : '';
  if (!raw) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new CompanionError('the body must be JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new CompanionError('the body must be a JSON object');
  return v as Record<string, unknown>;
}

/** ?db= or {db}, else the session's database, else the only one the request may see. */
function dbOf(app: App, req: Request, res: Response, b: Record<string, unknown> = {}): string {
  const wanted = typeof b.db === 'string' ? b.db : typeof req.query.db === 'string' ? req.query.db : null;
  if (wanted) return wanted;
  const allowed = filteredDbs({ dbm: app.dbm, config: app.config }, req.headers.host ?? '');
  if (allowed.length === 1) return allowed[0];
  const ctx = makeCtx(app, req, res);
  if (ctx.db) return ctx.db.name;
  throw new CompanionError('No database selected: pass db.', 404);
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || !v) throw new CompanionError(`${name} is required`);
  return v;
}

function intQuery(v: unknown): number | undefined {
  return typeof v === 'string' && /^-?\d+$/.test(v) ? parseInt(v, 10) : undefined;
}

type Handler = (c: Companion, req: Request, res: Response) => unknown;

function route(app: App, fn: Handler) {
  return (req: Request, res: Response) => {
    const fail = (e: unknown) => {
      const status = e instanceof CompanionError ? e.status : 500;
      sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
    };
    const answer = (out: unknown) => { if (!res.headersSent) sendJson(res, 200, out ?? { ok: true }); };
    try {
      app.control?.sync();
      const out = fn(companionOf(app), req, res);
      // reset, snapshots: a worker of a pool has the primary process do them
      if (out instanceof Promise) out.then(answer, fail);
      else answer(out);
    } catch (e) {
      fail(e);
    }
  };
}

export function registerControlRoutes(server: Express, app: App): void {
  if (app.config.control_routes === false) return;
  server.use('/emulator', (req: Request, res: Response, next: NextFunction) => {
    if (controlAllowed(app, req)) { next(); return; }
    sendJson(res, 403, {
      error: `The emulator's routes answer requests from loopback only, or with the master password in the ${MASTER_PASSWORD_HEADER} header.`,
    });
  });
  registerOutboxRoutes(server, app);

  server.get('/emulator/status', route(app, (c) => ({
    server_version: SERVER_VERSION,
    databases: app.dbm.list(),
    faults: c.faults().length,
    journal_entries: app.control?.journal.count() ?? 0,
  })));
  server.post('/emulator/reset', route(app, async (c, req, res) => {
    const db = dbOf(app, req, res, body(req));
    await c.reset(db);
    return { db, reset: true };
  }));
  server.post('/emulator/snapshot', route(app, (c, req, res) => {
    const b = body(req);
    return c.snapshot(dbOf(app, req, res, b), str(b.name, 'name'));
  }));
  server.post('/emulator/restore', route(app, async (c, req, res) => {
    const b = body(req);
    const db = dbOf(app, req, res, b);
    await c.restore(db, str(b.name, 'name'));
    return { db, name: b.name, restored: true };
  }));
  server.get('/emulator/snapshots', route(app, async (c, req, res) => {
    const db = dbOf(app, req, res);
    return { db, snapshots: await c.listSnapshots(db) };
  }));
  server.post('/emulator/outbox/clear', route(app, (c, req, res) => {
    const db = dbOf(app, req, res, body(req));
    return { db, deleted: c.clearOutbox(db) };
  }));
  server.get('/emulator/clock', route(app, (c, req, res) => c.clock(dbOf(app, req, res))));
  server.post('/emulator/clock', route(app, (c, req, res) => {
    const b = body(req);
    const db = dbOf(app, req, res, b);
    if (b.reset === true) return c.resetClock(db);
    if (b.set !== undefined) return c.setClock(db, b.set as string | number, b.freeze === true);
    if (b.advance_ms !== undefined) return c.advanceClock(db, Number(b.advance_ms));
    throw new CompanionError('give set (ISO time or epoch ms, with freeze: true to stop it), advance_ms, or reset: true');
  }));
  server.get('/emulator/faults', route(app, (c) => c.faults()));
  server.post('/emulator/faults/clear', route(app, (c) => { c.clearFaults(); }));
  server.post('/emulator/faults', route(app, (c, req) => ({ id: c.addFault(body(req) as never) })));
  server.delete('/emulator/faults', route(app, (c) => { c.clearFaults(); }));
  server.delete('/emulator/faults/:id', route(app, (c, req) => {
    const id = intQuery(req.params.id);
    if (id === undefined || !c.removeFault(id)) throw new CompanionError(`no fault rule ${req.params.id}`, 404);
  }));
  server.get('/emulator/journal', route(app, (c, req) => {
    const q: JournalQuery = {};
    for (const k of ['db', 'model', 'method', 'route', 'service', 'since', 'outcome'] as const) {
      const v = req.query[k];
      if (typeof v === 'string') (q as Record<string, unknown>)[k] = k === 'since' && /^\d+$/.test(v) ? Number(v) : v;
    }
    const uid = intQuery(req.query.uid);
    if (uid !== undefined) q.uid = uid;
    return c.journal(q);
  }));
  const clearJournal = route(app, (c, req) => { c.clearJournal(typeof req.query.db === 'string' ? req.query.db : undefined); });
  server.delete('/emulator/journal', clearJournal);
  server.post('/emulator/journal/clear', clearJournal);
}
