/**
 * Helpers of the mail tests: execute_kw over /jsonrpc as one of the demo users, answering either
 * `{ result }` or `{ error: { name, message } }` as a client sees them, and the outbox JSON.
 */
import { JsonClient, type TestServer } from '../../helpers/server';

export const USERS = { admin: [2, 'admin'], demo: [6, 'demo'], portal: [7, 'portal'] } as const;
export type Login = keyof typeof USERS;

export interface Answer { result?: any; error?: { name: string; message: string } }

/** object.execute_kw over /jsonrpc as a demo user. */
export async function rpc(srv: TestServer, login: Login, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
  const [uid, password] = USERS[login];
  const body = await new JsonClient(srv.url).service('object', 'execute_kw', srv.db, uid, password, model, method, args, kwargs);
  if (body.error) return { error: { name: body.error.data.name, message: body.error.data.message } };
  return { result: body.result };
}

/** The result of a call that must succeed (throws with the Odoo error otherwise). */
export async function ok(srv: TestServer, login: Login, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
  const a = await rpc(srv, login, model, method, args, kwargs);
  if (a.error) throw new Error(`${model}.${method} as ${login}: ${a.error.name}: ${a.error.message}`);
  return a.result;
}

/** The outbox mails (GET /emulator/outbox.json) matching the filters. */
export async function outbox(srv: TestServer, filters: Record<string, string> = {}): Promise<any[]> {
  const q = new URLSearchParams({ db: srv.db, ...filters });
  const res = await fetch(`${srv.url}/emulator/outbox.json?${q}`);
  return res.json() as Promise<any[]>;
}

/** The id of a record by xml id. */
export async function ref(srv: TestServer, xmlid: string): Promise<number> {
  const [module, name] = xmlid.split('.');
  return (await ok(srv, 'admin', 'ir.model.data', 'check_object_reference', [module, name]))[1];
}
