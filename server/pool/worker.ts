/**
 * A worker process of the pool (Odoo's WorkerHTTP): the whole application (express routes, RPC
 * fast path, ORM) over its own SQLite connections, answering the connections the primary
 * process hands it. It never listens itself.
 *
 * Like Odoo's worker it leaves after limit_request requests ("max request reached") or when it
 * uses more memory than limit_memory_soft after a request; it hands its idle connections back
 * to the primary first, so clients see nothing. What must stay coherent with the other
 * processes (sessions, caches, clocks, faults, journal, databases) is read from shared files
 * (server/control/shared.ts, models/tools/shared_state.ts); whole-database operations are done
 * by the primary (`app.primary`).
 */
import http from 'http';
import path from 'path';
import type { Socket } from 'net';
import type { Request } from 'express';
import { createApp, configureMail } from '../app';
import { expressServerOptions, rpcFastPath } from '../rpc_fast_path';
import { answerEveryMethod } from '../http_methods';
import { DatabaseManager } from '../../models/database';
import { SharedState } from '../../models/tools/shared_state';
import { JournalStore, sharedControl } from '../control/shared';
import { CompanionError } from '../control/companion';
import { LoginCooldown } from '../../rpc/service/auth';
import { credentialCache } from '../../models/base/res_users';
import { log, setLogLevel } from '../log';
import { BusyBoard, bytesRead, isIdle, startReading, stopReading, type TrackedConnection } from './busy';
import { claimsDir, takeClaim } from './claims';
import { STEAL_AFTER_MS, WATCHDOG_FD, type FromWorker, type ToWorker, type WorkerInit } from './protocol';
import type { App } from '../http';

const conns = new Map<number, TrackedConnection & { released?: boolean }>();
const board = new BusyBoard();
let app: App | null = null;
let requestCount = 0;
/** Streamed answers under way, and the requests that wait for them to end. */
let holding = 0;
const held: Array<() => void> = [];
let recycling = false;
let limits = { memorySoft: 0, requests: Infinity, timeReal: 120 };

function send(msg: FromWorker): void {
  if (process.connected) process.send!(msg);
}

// ------------------------------------------------------------------ operations done by the primary

let nextOp = 1;
const pendingOps = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();

function callPrimary(op: string, args: unknown[]): Promise<unknown> {
  const id = nextOp++;
  return new Promise((resolve, reject) => {
    pendingOps.set(id, { resolve, reject });
    send({ t: 'op', id, op, args });
  });
}

// ------------------------------------------------------------------ connections

/** Drop this process's side of connections now owned by the primary (no FIN: the primary holds them open). */
function letGo(ids: number[]): void {
  for (const id of ids) {
    const c = conns.get(id);
    if (!c) continue;
    c.released = true;
    conns.delete(id);
    c.socket.destroy();
  }
}

/** Hand idle connections back to the primary (recycling, or before a long wait). */
function releaseIdle(): void {
  const ids = [...conns].filter(([, c]) => isIdle(c)).map(([id]) => id);
  if (!ids.length) return;
  letGo(ids);
  send({ t: 'released', ids });
}

function adopt(server: http.Server, id: number, socket: Socket): void {
  const c: TrackedConnection & { released?: boolean } = { socket, idleAt: bytesRead(socket), active: 0 };
  conns.set(id, c);
  tracked.set(socket, c);
  // taken while a request is under way here (between the steps of an answer): not read before it ends
  if (answering > 0 || holding > 0) {
    const state = board.addIdle(id);
    if (state === 'taken' || holding > 0) {
      // the others went to the primary already: this one follows them
      letGo([id]);
      send({ t: 'released', ids: [id] });
      return;
    }
    if (stopReading(socket)) parked.add(c);
  }
  socket.on('close', () => {
    if (c.released) return;
    conns.delete(id);
    send({ t: 'closed', id });
    maybeExit();
  });
  server.emit('connection', socket);
}

const tracked = new WeakMap<Socket, TrackedConnection>();

/**
 * One request at a time, as an Odoo worker takes them: while this process answers a request,
 * its other idle connections are not read. Otherwise a request arriving on one of them while the
 * current request's body is still being read is read too, and then waits behind it, however
 * long that takes: a connection with a request read cannot be handed to another worker, an idle
 * one can (busy.ts). Reading starts again once no request is under way here.
 */
const parked = new Set<TrackedConnection & { released?: boolean }>();
let answering = 0;

function park(current: Socket): void {
  for (const c of conns.values()) {
    if (c.socket === current || parked.has(c) || !isIdle(c)) continue;
    if (stopReading(c.socket)) parked.add(c);
  }
}

function unpark(): void {
  for (const c of parked) if (!c.released) startReading(c.socket);
  parked.clear();
}

function connectionOf(socket: Socket): TrackedConnection | undefined {
  return tracked.get(socket);
}

// ------------------------------------------------------------------ limits (odoo/service/server.py Worker.check_limits)

function afterRequest(): void {
  if (recycling) { releaseIdle(); maybeExit(); return; }
  if (requestCount >= limits.requests) {
    log('info', 'odoo.service.server', `Worker (${process.pid}) max request (${requestCount}) reached.`);
    recycle();
    return;
  }
  const rss = process.memoryUsage.rss();
  if (limits.memorySoft > 0 && rss > limits.memorySoft) {
    // Odoo measures virtual memory on Linux; a Node process reserves far more address space than it uses, so resident memory here
    log('info', 'odoo.service.server', `Worker (${process.pid}) virtual memory limit (${rss}) reached.`);
    recycle();
  }
}

function recycle(): void {
  recycling = true;
  send({ t: 'recycle' });
  releaseIdle();
  maybeExit();
  // a request that never ends is the primary's business (limit_time_real): leave anyway
  setTimeout(() => exit(), limits.timeReal * 1000).unref();
}

function maybeExit(): void {
  if (recycling && conns.size === 0) exit();
}

function exit(): void {
  const registries = app ? app.dbm.openNames().length : 0;
  log('info', 'odoo.service.server', `Worker (${process.pid}) exiting. request_count: ${requestCount}, registry count: ${registries}.`);
  try { app?.dbm.closeAll(); app?.sessions.close(); } catch { /* leaving anyway */ }
  // messages still queued (connections handed back) reach the primary first
  if (process.connected) process.send!({ t: 'closed', id: 0 } satisfies FromWorker, () => process.exit(0));
  else process.exit(0);
}

// ------------------------------------------------------------------ start

function boot(init: WorkerInit): http.Server {
  setLogLevel(init.logLevel);
  const { config } = init;
  limits = { memorySoft: config.limit_memory_soft, requests: config.limit_request > 0 ? config.limit_request : Infinity, timeReal: config.limit_time_real };
  const shared = new SharedState(path.join(init.runDir, 'state.sqlite'));
  const journal = new JournalStore(path.join(init.runDir, 'journal.sqlite'));
  const control = sharedControl(shared, journal);
  const dbm = new DatabaseManager(config.data_dir, {
    templateDir: init.templateDir, shared, busyTimeoutMs: Math.max(1, config.limit_time_real) * 1000,
  });
  // what another process changed: login failures are read through, credentials and the master password told here
  LoginCooldown.shared = shared;
  let credentials = shared.counter('credentials');
  credentialCache.onClear = () => { shared.bumpCounter('credentials'); credentials = shared.counter('credentials'); };
  shared.onChange(() => {
    if (shared.counter('credentials') !== credentials) { credentials = shared.counter('credentials'); credentialCache.forget(); }
    const passwd = shared.config.get('admin_passwd');
    if (passwd !== undefined) config.admin_passwd = passwd;
  });
  configureMail(config);
  const built = createApp(config, dbm, control);
  app = built.app;
  app.primary = { call: callPrimary };
  app.saveConfig = undefined;
  const end = () => {
    const taken = board.end();
    if (!taken) return;
    // the watchdog gave these to the primary while this request ran
    letGo(taken);
    send({ t: 'done' });
  };
  app.work = {
    begin: (req: Request) => board.begin(conns, req.socket),
    end,
    hold: () => {
      board.begin(conns, null);
      // the pool stops sending work here and gives the idle connections to others at once
      const taken = board.takeNow();
      if (taken) {
        letGo(taken.ids);
        send({ t: 'stuck', ...taken });
      }
      holding++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holding--;
        end();
        if (!holding) for (const run of held.splice(0)) run();
      };
    },
  };
  const handler = rpcFastPath(app, built.express);
  const server = http.createServer(expressServerOptions(built.express), (req, res) => {
    // a streamed answer keeps its transaction open on the connections of this process: later
    // requests wait for it (its idle connections went to other workers meanwhile)
    if (holding) { held.push(() => serve(req, res)); return; }
    serve(req, res);
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requestCount++;
    control.sync();
    const c = connectionOf(req.socket);
    if (c) {
      if (c.active++ > 0) c.pipelined = true;
      req.once('end', () => { c.idleAt = bytesRead(c.socket); });
    }
    answering++;
    park(req.socket);
    let over = false;
    const done = () => {
      if (over) return;
      over = true;
      if (--answering === 0) unpark();
    };
    res.once('finish', () => {
      if (c) c.active--;
      done();
      afterRequest();
    });
    res.once('close', done);
    handler(req, res);
  };
  answerEveryMethod(server, handler);
  server.keepAliveTimeout = 65000;
  board.startWatchdog({
    fd: WATCHDOG_FD, stealAfterMs: STEAL_AFTER_MS, cpuLimitS: config.limit_time_cpu, memoryHard: config.limit_memory_hard,
  });
  // Odoo's workers start with the registries preloaded: open the databases (a few) before the first request
  for (const name of dbm.list().slice(0, 8)) {
    try { dbm.get(name); } catch { /* opened on use */ }
  }
  log('info', 'odoo.service.server', `Worker WorkerHTTP (${process.pid}) alive`);
  return server;
}

let server: http.Server | null = null;
let runDir = '';

process.on('message', (msg: ToWorker, handle?: Socket) => {
  switch (msg.t) {
    case 'init':
      runDir = msg.runDir;
      server = boot(msg);
      send({ t: 'ready' });
      break;
    case 'conn':
      if (!server || !handle) { handle?.destroy(); break; }
      // the primary gave it to another worker meanwhile (claims.ts): drop this process's copy, no FIN
      if (!takeClaim(claimsDir(runDir), msg.claim)) { handle.destroy(); break; }
      adopt(server, msg.id, handle);
      break;
    case 'hold':
      app?.dbm.hold(msg.db, msg.generation);
      send({ t: 'held', seq: msg.seq });
      break;
    case 'op-result': {
      const pending = pendingOps.get(msg.id);
      if (!pending) break;
      pendingOps.delete(msg.id);
      if (msg.ok) pending.resolve(msg.value);
      else pending.reject(msg.error.companion ? new CompanionError(msg.error.message, msg.error.status) : new Error(msg.error.message));
      break;
    }
    case 'stop':
      for (const c of conns.values()) { c.released = true; c.socket.destroy(); }
      conns.clear();
      exit();
      break;
  }
});

// Odoo's worker leaves when its parent is gone (the watchdog thread also checks, while a request runs)
process.on('disconnect', () => process.exit(0));
