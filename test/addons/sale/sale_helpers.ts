/**
 * Helpers of the sale tests: a server whose database has sale_management, account and
 * payment_demo (the modules of the reference database ref_sale), and execute_kw over JSON-RPC
 * as a given user, answering the result or Odoo's error (name and message).
 */
import { JsonClient, startTestServer, type TestServer } from '../../helpers/server';

/** The modules installed on top of the default set, as in the reference database ref_sale. */
export const SALE_INIT = ['sale_management', 'account', 'payment_demo'];

export const ADMIN = { uid: 2, password: 'admin' };
export const DEMO = { uid: 6, password: 'demo' };
export const PORTAL = { uid: 7, password: 'portal' };

export interface User { uid: number; password: string }
export interface OdooError { error: string; message: string }

export async function startSaleServer(): Promise<TestServer> {
  return startTestServer({ init: SALE_INIT });
}

/**
 * The server of a test file and admin's execute_kw on it: started before the file's tests, closed
 * after them. Read `server.srv` / `server.rpc` inside tests (they are set once beforeAll has run).
 */
export function useSaleServer(): { srv: TestServer; rpc: SaleRpc } {
  const server = {} as { srv: TestServer; rpc: SaleRpc };
  beforeAll(async () => {
    server.srv = await startSaleServer();
    server.rpc = new SaleRpc(server.srv, ADMIN);
  }, 300000);
  afterAll(async () => { await server.srv?.close(); });
  return server;
}

/** object.execute_kw over /jsonrpc; an Odoo error comes back as { error, message }. */
export class SaleRpc {
  client: JsonClient;
  constructor(public srv: TestServer, public user: User = ADMIN) {
    this.client = new JsonClient(srv.url);
  }

  as(user: User): SaleRpc {
    return new SaleRpc(this.srv, user);
  }

  async call<T = any>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.client.service('object', 'execute_kw', this.srv.db, this.user.uid, this.user.password, model, method, args, kwargs);
    if (reply.error) return { error: reply.error.data.name, message: reply.error.data.message } as T;
    return reply.result as T;
  }

  /** Like call, but a failure throws (for the steps that must succeed). */
  async ok<T = any>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<T> {
    const res = await this.call<T | OdooError>(model, method, args, kwargs);
    if (res && typeof res === 'object' && 'error' in (res as object) && 'message' in (res as object)) {
      throw new Error(`${model}.${method}: ${(res as OdooError).error}: ${(res as OdooError).message}`);
    }
    return res as T;
  }
}

/** Odoo's "not allowed" message for a model and operation (ir_model.py _make_access_error). */
export function aclMessage(verb: string, description: string, model: string, groups: string[]): string {
  return `You are not allowed to ${verb} '${description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n`
    + `${groups.map((g) => `\t- ${g}`).join('\n')}\n\nContact your administrator to request access if necessary.`;
}

/** Odoo's record-rule message (models.py _make_access_error with a rule). */
export function ruleMessage(user: string, uid: number, operation: string, description: string, model: string): string {
  return `Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, ${user} (id=${uid}) doesn't have '${operation}' access to:\n`
    + `- ${description} (${model})\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.`;
}

/** The demo users' time zone (base.user_admin, base.user_demo): sale dates are "today" there (context_today). */
export const DEMO_USER_TZ = 'Europe/Brussels';

/** 'YYYY-MM-DD' of today plus `days` in a time zone, as fields.Date.context_today gives it. */
export function todayInZone(tz = DEMO_USER_TZ, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
