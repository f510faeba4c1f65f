/**
 * Test helpers: a real server on a free loopback port (in-process, in-memory databases), and
 * small HTTP clients for JSON-RPC and XML-RPC.
 */
import os from 'os';
import path from 'path';
import { startServer, type Server } from '../../server/app';
import { defaults, type Config } from '../../server/config';
import { DatabaseManager } from '../../models/database';
import type { ModuleCatalog } from '../../models/modules/catalog';
import { setLogLevel } from '../../server/log';

/** Template images are cached here so each test process does not rebuild them. */
export const TEMPLATE_DIR = path.join(os.tmpdir(), 'odoo-emulator-test-templates');

export interface TestServer extends Server {
  db: string;
}

export async function startTestServer(overrides: Partial<Config> = {}, opts: { catalog?: ModuleCatalog } = {}): Promise<TestServer> {
  // expected failures (access errors, bad domains) are logged at WARNING/ERROR like Odoo's: keep test output readable
  setLogLevel('critical');
  const config: Config = { ...defaults(), data_dir: null, http_port: 0, http_interface: '127.0.0.1', db_name: ['testdb'], ...overrides };
  const dbm = new DatabaseManager(config.data_dir, { templateDir: TEMPLATE_DIR, catalog: opts.catalog });
  const server = await startServer(config, dbm);
  return Object.assign(server, { db: config.db_name[0] ?? 'testdb' });
}

/** A JSON-RPC call with an optional cookie jar (one object per "browser"). */
export class JsonClient {
  cookies = new Map<string, string>();
  constructor(public baseUrl: string) {}

  async raw(pathName: string, body: string, contentType = 'application/json', method = 'POST'): Promise<{ status: number; headers: Headers; text: string }> {
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.baseUrl + pathName, { method, headers, body: method === 'GET' ? undefined : body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  async call(pathName: string, params: unknown, id: unknown = 1): Promise<any> {
    const r = await this.raw(pathName, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id }));
    return JSON.parse(r.text);
  }

  /** /jsonrpc service call; returns the whole reply. */
  service(service: string, method: string, ...args: unknown[]): Promise<any> {
    return this.call('/jsonrpc', { service, method, args });
  }
}
