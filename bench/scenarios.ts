/**
 * Request bodies of the benchmark scenarios and the setup calls made before a run
 * (sessions, the portal user's company, country ids), over plain HTTP with a keep-alive agent.
 */
import http from 'http';
import { performance } from 'perf_hooks';
import { dumpMethodCall } from '../rpc/xmlrpc/codec';

export const DB = 'odoo';
export const ADMIN = { uid: 2, login: 'admin', password: 'admin' };
export const PORTAL = { uid: 7, login: 'portal', password: 'portal', partnerId: 8 };
export const MASTER_PASSWORD = 'admin';
/** The 5 fields read by every search_read scenario (one many2one: country_id). */
export const FIELDS = ['name', 'email', 'city', 'country_id', 'is_company'];
export const LIMIT = 80;
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const XML_HEADERS = { 'content-type': 'text/xml' };

// ---------------------------------------------------------------------------------------------
// bodies

export function jsonRpcBody(params: unknown, id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id });
}

/** /web/dataset/call_kw body (web client style, session cookie). */
export function callKwBody(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): string {
  return jsonRpcBody({ model, method, args, kwargs: { context: { lang: 'en_US', tz: 'Europe/Brussels' }, ...kwargs } });
}

export function callKwPath(model: string, method: string): string {
  return `/web/dataset/call_kw/${model}/${method}`;
}

/** /jsonrpc body of the `object` service (password in each call). */
export function executeKwJsonBody(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, user = ADMIN): string {
  return jsonRpcBody({ service: 'object', method: 'execute_kw', args: [DB, user.uid, user.password, model, method, args, kwargs] });
}

/** /xmlrpc/2/object body (password checked every call). */
export function executeKwXmlBody(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, user = ADMIN): string {
  return dumpMethodCall('execute_kw', [DB, user.uid, user.password, model, method, args, kwargs]);
}

export function authenticateBody(login: string, password: string, db = DB): string {
  return jsonRpcBody({ db, login, password });
}

/** The search_read of every throughput scenario: 80 partners, 5 fields incl. a many2one. */
export const searchReadArgs: { args: unknown[]; kwargs: Record<string, unknown> } = { args: [[]], kwargs: { fields: FIELDS, limit: LIMIT } };
export const searchReadCallKwBody = (): string => callKwBody('res.partner', 'search_read', searchReadArgs.args, searchReadArgs.kwargs);
export const searchReadCallKwPath = callKwPath('res.partner', 'search_read');

// cheap response checks used while under load (the full check is done once before)
export const okJsonResult = (body: string): boolean => body.includes('"result"') && !body.includes('"error":');
export const okJsonList = (body: string): boolean => body.includes('"result":[') && !body.includes('"error":');
export const okXmlRpc = (body: string): boolean => body.includes('<methodResponse>') && !body.includes('<fault>');

// ---------------------------------------------------------------------------------------------
// HTTP client for setup calls and sequential latency measurements

export interface HttpResult { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }

export class RpcError extends Error {
  constructor(message: string, readonly data?: unknown) { super(message); }
}

export class Client {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(readonly base: string) {}

  post(path: string, body: string, headers: Record<string, string> = JSON_HEADERS, timeoutMs = 600_000): Promise<HttpResult> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({
        host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent: this.agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: POST ${path}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A JSON-RPC call; returns the result and the wall time, throws on an error answer. */
  async json<T = unknown>(path: string, body: string, cookie?: string): Promise<{ result: T; ms: number; res: HttpResult }> {
    const res = await this.post(path, body, cookie ? { ...JSON_HEADERS, cookie } : JSON_HEADERS);
    let parsed: { result?: T; error?: { message?: string; data?: { message?: string } } };
    try {
      parsed = JSON.parse(res.body);
    } catch {
      throw new RpcError(`POST ${path}: HTTP ${res.status}, not JSON: ${res.body.slice(0, 300)}`);
    }
    if (parsed.error) throw new RpcError(`POST ${path}: ${parsed.error.data?.message ?? parsed.error.message}`, parsed.error);
    return { result: parsed.result as T, ms: res.ms, res };
  }

  /** /web/session/authenticate; returns the session cookie ("session_id=..."). */
  async authenticate(login: string, password: string): Promise<{ cookie: string; uid: number }> {
    const { result, res } = await this.json<{ uid: number }>('/web/session/authenticate', authenticateBody(login, password));
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sid = set.map((c) => /session_id=([^;]+)/.exec(c)?.[1]).find(Boolean);
    if (!sid || !result?.uid) throw new RpcError(`authenticate ${login}: no session (${res.body.slice(0, 200)})`);
    return { cookie: `session_id=${sid}`, uid: result.uid };
  }

  callKw<T = unknown>(cookie: string, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
    return this.json<T>(callKwPath(model, method), callKwBody(model, method, args, kwargs), cookie);
  }

  /** A call of the `db` service over /jsonrpc (master password first). */
  dbService<T = unknown>(method: string, args: unknown[]) {
    return this.json<T>('/jsonrpc', jsonRpcBody({ service: 'db', method, args: [MASTER_PASSWORD, ...args] }));
  }

  close(): void { this.agent.destroy(); }
}

// ---------------------------------------------------------------------------------------------
// setup

export async function countryIds(client: Client, cookie: string, codes: string[]): Promise<Map<string, number>> {
  const { result } = await client.callKw<Array<{ id: number; code: string }>>(cookie, 'res.country', 'search_read', [[['code', 'in', codes]]], { fields: ['code'] });
  return new Map(result.map((r) => [r.code, r.id]));
}

const FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Hugo', 'Sofia', 'Louis', 'Lina', 'Jules', 'Zoe', 'Arthur', 'Nora', 'Adam'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Dubois', 'Martin', 'Smith', 'Garcia', 'Muller', 'Rossi', 'Novak', 'Jensen', 'Silva'];
const CITIES: Array<[string, string]> = [['Brussels', 'BE'], ['Antwerp', 'BE'], ['Paris', 'FR'], ['Lyon', 'FR'], ['Berlin', 'DE'], ['Madrid', 'ES'], ['Rome', 'IT'], ['London', 'GB'], ['Boston', 'US'], ['Toronto', 'CA']];

/**
 * As admin: a company with `contacts` child contacts, and the portal user's partner (id 8)
 * attached to it, so that the portal rule `id child_of user.commercial_partner_id` lets the
 * portal user read the company, its contacts and itself. Returns the company id.
 */
export async function setupPortalCompany(client: Client, adminCookie: string, contacts = 100): Promise<number> {
  const countries = await countryIds(client, adminCookie, [...new Set(CITIES.map(([, c]) => c))]);
  const { result: company } = await client.callKw<number>(adminCookie, 'res.partner', 'create', [{
    name: 'Bench Portal Company', is_company: true, email: 'info@bench-portal.example.com', city: 'Brussels', country_id: countries.get('BE') ?? false,
  }]);
  const companyId = Array.isArray(company) ? company[0] : company;
  const vals = Array.from({ length: contacts }, (_, i) => {
    const [city, code] = CITIES[i % CITIES.length];
    const first = FIRST[i % FIRST.length], last = LAST[(i * 7) % LAST.length];
    return { name: `${first} ${last}`, email: `${first}.${last}.${i}@bench-portal.example.com`.toLowerCase(), city, country_id: countries.get(code) ?? false, parent_id: companyId };
  });
  await client.callKw(adminCookie, 'res.partner', 'create', [vals]);
  await client.callKw(adminCookie, 'res.partner', 'write', [[PORTAL.partnerId], { parent_id: companyId }]);
  return companyId;
}

/** The body of each create + write + unlink iteration (autocannon `requests` chain). */
export const crudBodies = {
  createPath: callKwPath('res.partner', 'create'),
  writePath: callKwPath('res.partner', 'write'),
  unlinkPath: callKwPath('res.partner', 'unlink'),
  create: (n: number) => callKwBody('res.partner', 'create', [{ name: `Bench Contact ${n}`, email: `bench.${n}@example.com`, city: 'Ghent', is_company: false }]),
  write: (id: number) => callKwBody('res.partner', 'write', [[id], { name: `Bench Contact ${id} (edited)`, city: 'Leuven', phone: '+32 470 12 34 56' }]),
  unlink: (id: number) => callKwBody('res.partner', 'unlink', [[id]]),
};

/**
 * mail.thread message_post on one contact: a discussion comment (subtype Discussions) that one
 * follower receives by email, so each call writes the message, a notification and a rendered
 * notification mail (what a chatter post costs in Odoo too).
 */
export const messagePostBodies = {
  path: callKwPath('res.partner', 'message_post'),
  follower: { name: 'Bench Follower', email: 'bench.follower@example.com' },
  subscribe: (pid: number, follower: number) => callKwBody('res.partner', 'message_subscribe', [[pid]], { partner_ids: [follower] }),
  post: (pid: number) => callKwBody('res.partner', 'message_post', [[pid]], { body: 'Bench message: the order ships tomorrow.', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' }),
};

/** Parse the id out of a create answer (`"result": 42` or `"result": [42]`). */
export function createdId(body: string): number | null {
  const m = /"result"\s*:\s*\[?\s*(\d+)/.exec(body);
  return m ? Number(m[1]) : null;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface LatencyStats { n: number; p50: number; p95: number; p99: number; min: number; max: number; mean: number }

export function latencyStats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99),
    min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}
