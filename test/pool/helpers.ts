/**
 * Clients for the worker-pool tests: each `Connection` is one keep-alive TCP connection (an
 * agent with a single socket), so a test knows which requests share a connection, hence a
 * worker. Calls resolve with the status and body, or with the error when the connection closed
 * without an answer.
 */
import http from 'http';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export class Connection {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie: string | null = null;

  constructor(readonly url: string) {}

  post(path: string, body: string, contentType = 'application/json'): Promise<Answer> {
    const u = new URL(path, this.url);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
      if (this.cookie) headers.cookie = this.cookie;
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.find((c) => c.startsWith('session_id='));
          if (set) this.cookie = set.split(';')[0];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A /jsonrpc service call; the parsed reply (result or error). */
  async service(service: string, method: string, ...args: unknown[]): Promise<{ result?: any; error?: any }> {
    const r = await this.post('/jsonrpc', JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }));
    return JSON.parse(r.body);
  }

  /** execute_kw as admin (uid 2, password admin) unless told otherwise. */
  executeKw(db: string, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, uid = 2, password = 'admin') {
    return this.service('object', 'execute_kw', db, uid, password, model, method, args, kwargs);
  }

  /** A web JSON route with this connection's session cookie. */
  async web(path: string, params: Record<string, unknown>): Promise<{ result?: any; error?: any }> {
    const r = await this.post(path, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 1 }));
    return JSON.parse(r.body);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Settle a promise into its value or its error, for assertions on calls that may be cut. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  return p.then((value) => ({ ok: true as const, value }), (error: Error) => ({ ok: false as const, error }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `cond` holds (polling), or fail after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 30000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
