/**
 * One record per RPC request, created by the RPC routes once the call is parsed: it is matched
 * against the fault rules, opens the journal entry, logs the outcome as Odoo does, and applies
 * a fault's transport effects (delay, gateway status, dropped connection, truncated body) when
 * the answer is written (server/http.ts sendText hands every RPC answer to `interceptSend`).
 *
 * Odoo's logging of a failed request (odoo/http.py Application.__call__): SessionExpired at
 * INFO, UserError/AccessError (and their subclasses) at WARNING with the message, anything else
 * at ERROR "Exception during request handling." with the traceback; logger odoo.http.
 */
import type { Response } from 'express';
import type { ServerResponse } from 'http';
import { INTERNAL_ERROR_MESSAGE, OdooError, SessionExpiredException, UserError } from '../../models/orm/exceptions';
import { traceback } from '../../rpc/errors';
import { log } from '../../models/tools/log';
import { faultError, gatewayPage, type CallDescription, type StoredFault } from './faults';
import { maskSecrets, maskServiceParams, summarizeResult, type JournalEntry } from './journal';
import type { Control } from './state';

/** Thrown inside a handler when a fault answers instead of the call (gateway status, drop). */
export class FaultAbort extends Error {}

export interface RpcCall extends CallDescription {
  protocol: JournalEntry['protocol'];
  args: unknown[];
  kwargs: Record<string, unknown> | null;
  login?: string | null;
}

/**
 * The record of an RPC call, kept on its response (a property rather than a WeakMap entry: one
 * store and no ephemeron left for the garbage collector per call). The server's responses are
 * born with it (server/rpc_fast_path.ts expressServerOptions), so that setting it does not
 * change their shape.
 */
export const CALL_RECORD = Symbol('odoo.callRecord');
type RecordedResponse = ServerResponse & { [CALL_RECORD]?: CallRecord };

export class CallRecord {
  readonly fault: StoredFault | null;
  readonly entry: JournalEntry;
  private readonly start = process.hrtime.bigint();
  private recorded = false;

  constructor(readonly call: RpcCall, private readonly control: Control, res: ServerResponse) {
    this.fault = control.faults.empty ? null : control.faults.match(call);
    this.entry = control.journal.open({
      db: call.db ?? null, uid: call.uid ?? null, login: call.login, route: call.route, protocol: call.protocol,
      service: call.service ?? null, model: call.model ?? null, method: call.method ?? null, args: call.args, kwargs: call.kwargs,
    });
    if (this.fault) this.entry.fault = { id: this.fault.id, effects: faultEffects(this.fault) };
    // an answer that never left (connection closed first) is recorded as it stands
    res.once('close', () => this.sent(this.entry.http_status));
  }

  /**
   * The answer is handed to the connection (or dropped: null): the entry is complete. It is
   * recorded before the client can read the answer, so a test that got its answer finds the call
   * in the journal, whichever process of a worker pool served it.
   */
  sent(status: number | null): void {
    if (this.recorded) return;
    this.recorded = true;
    this.entry.duration_ms = Math.round(Number(process.hrtime.bigint() - this.start) / 1e4) / 100;
    this.entry.http_status = status;
    this.control.journal.record(this.entry);
  }

  get db(): string | null { return this.entry.db; }

  /** Raise the rule's exception, or abort the call when the fault answers instead of it. */
  raiseFault(): void {
    const f = this.fault;
    if (!f) return;
    if (f.busy_ms) computeFor(f.busy_ms);
    const err = faultError(f);
    if (err) {
      log('info', 'odoo.emulator.faults', `fault rule ${f.id}: ${err.pyName} on ${describe(this.call)}`, this.db ?? '?');
      throw err;
    }
    if (f.http_status || f.drop) throw new FaultAbort();
  }

  /** The call's value (an `authenticate` tells who logged in: a uid, or the session info's uid). */
  done(result: unknown): void {
    if (this.call.method === 'authenticate') {
      const uid = result && typeof result === 'object' ? (result as Record<string, unknown>).uid : result;
      this.entry.uid = typeof uid === 'number' ? uid : null;
    }
    Object.assign(this.entry, summarizeResult(result));
  }

  /** The call raised: journal and log it as Odoo logs a failed request. */
  failed(e: unknown): void {
    if (e instanceof FaultAbort) {
      this.entry.outcome = 'fault';
      return;
    }
    this.entry.outcome = this.fault?.error ? 'fault' : 'error';
    if (!(e instanceof OdooError)) {
      // a bug of the emulator: the protocol layer turns it into Odoo's neutral error and logs its
      // stack (models/orm/exceptions.ts internalErrors); the journal records what the client got
      this.entry.error = { name: 'builtins.Exception', message: INTERNAL_ERROR_MESSAGE };
      log('error', 'odoo.http', 'Exception during request handling.', this.db ?? '?');
      return;
    }
    const err = e;
    this.entry.error = { name: err.pyName, message: err.message };
    // an injected error is what the test asked for: logged once, at INFO, by raiseFault()
    if (this.fault?.error) return;
    const db = this.db ?? '?';
    if (err instanceof SessionExpiredException) log('info', 'odoo.http', err.message, db);
    else if (err instanceof UserError) log('warn', 'odoo.http', err.message, db);
    else log('error', 'odoo.http', `Exception during request handling.\n${traceback(err)}`, db);
  }
}

function describe(call: RpcCall): string {
  return [call.route, call.service, call.model, call.method].filter(Boolean).join(' ');
}

function faultEffects(f: StoredFault): string[] {
  const out: string[] = [];
  if (f.delay_ms) out.push(`delay_ms:${f.delay_ms}`);
  if (f.busy_ms) out.push(`busy_ms:${f.busy_ms}`);
  if (f.error) out.push(`error:${f.error}`);
  if (f.http_status) out.push(`http_status:${f.http_status}`);
  if (f.drop) out.push('drop');
  if (f.truncate) out.push('truncate');
  return out;
}

/**
 * A busy_ms fault: the call computes for that many milliseconds of CPU time before it runs, as
 * a slow method would (on a loaded machine it lasts longer), so that a client's timeout, the
 * worker pool (server/pool) and Odoo's limit_time_real / limit_time_cpu can be tested against a
 * genuinely busy server.
 */
function computeFor(ms: number): void {
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const end = cpu() + ms;
  let x = 0;
  while (cpu() < end) for (let i = 0; i < 20000; i++) x = (x * 31 + i) | 0;
  if (x === 42) log('debug', 'odoo.emulator.faults', 'computed');
}

/** Open the record of an RPC call on its response. */
export function beginCall(control: Control | undefined, res: Response, call: RpcCall): CallRecord | null {
  if (!control) return null;
  const rec = new CallRecord(call, control, res);
  (res as RecordedResponse)[CALL_RECORD] = rec;
  return rec;
}

/** The record of a response, if it answers an RPC call. */
export function callOf(res: ServerResponse): CallRecord | undefined {
  return (res as RecordedResponse)[CALL_RECORD];
}

/**
 * Write an answer through the fault of its call, if any; returns false when there is nothing
 * to do and the caller writes the answer itself.
 */
export function interceptSend(res: Response, status: number, contentType: string, body: Buffer): boolean {
  const rec = callOf(res);
  const f = rec?.fault;
  if (!rec || !f) return false;
  const write = () => {
    if (res.destroyed) return;
    if (f.drop) {
      rec.sent(null);
      res.socket?.destroy();
      return;
    }
    if (f.http_status) {
      const page = Buffer.from(gatewayPage(f.http_status), 'utf8');
      rec.sent(f.http_status);
      res.statusCode = f.http_status;
      res.setHeader('Content-Type', 'text/html');
      res.setHeader('Content-Length', page.length);
      res.end(page);
      return;
    }
    res.statusCode = status;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', body.length);
    rec.sent(status);
    if (f.truncate) {
      // the headers announce the whole body; half of it arrives, then the connection closes
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  };
  // unref: a delayed answer never keeps a stopping process alive
  if (f.delay_ms) setTimeout(write, f.delay_ms).unref();
  else write();
  return true;
}

// ------------------------------------------------------------------ describing calls

function toUid(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return parseInt(v, 10);
  return null;
}

/** The database a `db` service method works on (its first argument after the master password). */
const DB_METHODS_WITH_TARGET = new Set(['create_database', 'duplicate_database', 'drop', 'dump', 'restore', 'rename']);

/** A call of the RPC services (/xmlrpc, /xmlrpc/2, /jsonrpc): object calls are named by their model method. */
export function serviceCall(route: string, protocol: RpcCall['protocol'], service: unknown, method: unknown, params: unknown): RpcCall {
  const p = Array.isArray(params) ? params : [];
  const svc = typeof service === 'string' ? service : null;
  const m = typeof method === 'string' ? method : null;
  const objectCall = svc === 'object' && (m === 'execute_kw' || m === 'execute');
  // an object call is journaled by its model method's arguments alone (masked below)
  const call: RpcCall = { route, protocol, service: svc, method: m, db: null, uid: null, model: null, args: objectCall ? [] : maskServiceParams(svc, m, p), kwargs: null };
  if (objectCall) {
    call.db = typeof p[0] === 'string' ? p[0] : null;
    call.uid = toUid(p[1]);
    call.model = typeof p[3] === 'string' ? p[3] : null;
    call.method = typeof p[4] === 'string' ? p[4] : m;
    call.args = m === 'execute_kw' ? (Array.isArray(p[5]) ? maskSecrets(p[5]) as unknown[] : []) : maskSecrets(p.slice(5)) as unknown[];
    const kw = m === 'execute_kw' ? p[6] : null;
    call.kwargs = kw && typeof kw === 'object' && !Array.isArray(kw) ? maskSecrets(kw) as Record<string, unknown> : null;
  } else if (svc === 'common' && (m === 'login' || m === 'authenticate')) {
    call.db = typeof p[0] === 'string' ? p[0] : null;
    call.login = typeof p[1] === 'string' ? p[1] : null;
  } else if (svc === 'db' && m && DB_METHODS_WITH_TARGET.has(m)) {
    call.db = typeof p[1] === 'string' ? p[1] : null;
  }
  return call;
}

/** A call of a web JSON route: call_kw and call_button name a model method; the user is the session's. */
export function webCall(route: string, params: Record<string, unknown>, session: { db: string | null; uid: number | null }): RpcCall {
  const call: RpcCall = { route, protocol: 'json', service: null, method: null, model: null, db: session.db, uid: session.uid, args: [], kwargs: null };
  if (typeof params.model === 'string' && typeof params.method === 'string') {
    call.model = params.model;
    call.method = params.method;
    call.args = Array.isArray(params.args) ? maskSecrets(params.args) as unknown[] : [];
    const kw = params.kwargs;
    call.kwargs = kw && typeof kw === 'object' && !Array.isArray(kw) ? maskSecrets(kw) as Record<string, unknown> : null;
  } else {
    call.kwargs = maskSecrets(params) as Record<string, unknown>;
    if (route === '/web/session/authenticate') {
      call.method = 'authenticate';
      call.db = typeof params.db === 'string' ? params.db : call.db;
      call.login = typeof params.login === 'string' ? params.login : null;
    }
  }
  return call;
}


/**
 * Faults on page requests (anything that is not a JSON-RPC or XML-RPC call): matched by route
 * only (no service, model or user is known); delay_ms, http_status and drop apply, error and
 * truncate are for RPC calls. Calls `next` unless the fault answers instead of the route.
 */
export function pageFault(control: Control | undefined, req: { path: string; method: string; headers: Record<string, unknown> }, res: ServerResponse, next: () => void): void {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const rpc = req.method === 'POST' && /^(application\/json|application\/json-rpc|text\/xml|application\/xml)$/.test(type);
  const f = !control || control.faults.empty || rpc ? null : control.faults.match({ route: req.path });
  if (!f || f.error) { next(); return; }
  const act = () => {
    if (f.drop) { res.socket?.destroy(); return; }
    if (f.http_status) {
      const page = Buffer.from(gatewayPage(f.http_status), 'utf8');
      res.statusCode = f.http_status;
      res.setHeader('Content-Type', 'text/html');
      res.setHeader('Content-Length', page.length);
      res.end(page);
      return;
    }
    next();
  };
  if (f.delay_ms) setTimeout(act, f.delay_ms).unref();
  else act();
}
