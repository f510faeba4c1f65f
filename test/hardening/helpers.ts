/**
 * Shared pieces of the hardening suite (issue 17): JSON-RPC calls as a given user, the texts no
 * answer may ever contain (JavaScript and SQLite internals), and a check that an answer is
 * shaped as Odoo shapes it.
 */
import http from 'http';
import net from 'net';
import * as exceptions from '../../models/orm/exceptions';

export interface Cred { uid: number; password: string }
export const ADMIN: Cred = { uid: 2, password: 'admin' };
export const DEMO: Cred = { uid: 6, password: 'demo' };
export const PORTAL: Cred = { uid: 7, password: 'portal' };

/** What a call returned: `ok` with the result, or Odoo's error class name and message. */
export type Outcome = { ok: unknown } | { err: string; msg: string };

/** Texts of JavaScript or SQLite errors: none may reach a client. */
export const FORBIDDEN_TEXTS = [
  'Cannot read properties', 'Cannot set properties', 'is not a function', '[object Object]',
  'Maximum call stack size exceeded', 'SqliteError', 'SQLITE_', 'no such column', 'no such table',
  'too many SQL variables', 'Expression tree is too large', 'incomplete input', 'datatype mismatch',
  'unrecognized token', 'Recursion limit', 'RangeError', 'ReferenceError', 'at Object.<anonymous>',
  'at Model.', 'node_modules', 'The server encountered an internal error',
];

/** The forbidden texts found in an answer body (an empty list when it is clean). */
export function leaks(text: string): string[] {
  return FORBIDDEN_TEXTS.filter((t) => text.includes(t));
}

/** Internal (non-Odoo) errors raised so far in this process: a hardened server raises none. */
export function internalErrorCount(): number {
  // read loosely: the suite also runs against older code to show what it catches
  return (exceptions as { internalErrors?: { count: number } }).internalErrors?.count ?? 0;
}

/** POST a body; the answer's status, content type and text. */
export async function post(url: string, body: string, contentType = 'application/json', headers: Record<string, string> = {}):
  Promise<{ status: number; type: string; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

/** execute_kw over /jsonrpc as `cred`. */
export async function kw(url: string, db: string, cred: Cred, model: unknown, method: unknown, args: unknown[], kwargs?: unknown): Promise<Outcome> {
  const params = { service: 'object', method: 'execute_kw', args: [db, cred.uid, cred.password, model, method, args, ...(kwargs === undefined ? [] : [kwargs])] };
  const r = await post(`${url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 1 }));
  return outcomeOf(r.text);
}

export function outcomeOf(text: string): Outcome {
  const reply = JSON.parse(text) as { result?: unknown; error?: { data: { name: string; message: string } } };
  if (reply.error) return { err: reply.error.data.name, msg: reply.error.data.message };
  return { ok: reply.result ?? null };
}

/** The call must fail with this class (e.g. 'odoo.exceptions.AccessError') and message. */
export function expectError(o: Outcome, name: string, message?: string | RegExp): void {
  if (!('err' in o)) throw new Error(`expected ${name}, got the result ${JSON.stringify(o.ok).slice(0, 300)}`);
  expect(o.err).toBe(name);
  if (typeof message === 'string') expect(o.msg).toBe(message);
  else if (message) expect(o.msg).toMatch(message);
}

export function expectOk(o: Outcome): unknown {
  if ('err' in o) throw new Error(`expected a result, got ${o.err}: ${o.msg.slice(0, 300)}`);
  return o.ok;
}

/** One raw HTTP exchange over a socket (methods and request lines fetch() cannot send). */
export function rawHttp(url: string, request: string, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const done = () => { socket.destroy(); resolve(data); };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (d) => {
      data += d.toString('latin1');
      // one complete answer is enough (keep-alive connections stay open)
      const head = data.indexOf('\r\n\r\n');
      const m = /content-length:\s*(\d+)/i.exec(data);
      if (head >= 0 && m && data.length >= head + 4 + Number(m[1])) done();
    });
    socket.on('end', done);
    socket.on('error', done);
    socket.write(request);
  });
}

/** A GET without following redirects (Location checks). */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    }).on('error', reject);
  });
}

/** A small deterministic PRNG (mulberry32), so the fuzz run is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
