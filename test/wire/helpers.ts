/**
 * Helpers of the issue-11 wire tests: execute_kw over /jsonrpc as one of the demo users, and
 * the same call through a logged-in web session (/web/dataset/call_kw), each answering either
 * `{ result }` or `{ error: { name, message } }` as a client sees them.
 */
import { JsonClient, type TestServer } from '../helpers/server';

export const USERS = { admin: [2, 'admin'], demo: [6, 'demo'], portal: [7, 'portal'] } as const;
export type Login = keyof typeof USERS;

export interface Answer { result?: any; error?: { name: string; message: string } }

function answer(body: any): Answer {
  if (body.error) return { error: { name: body.error.data.name, message: body.error.data.message } };
  return { result: body.result };
}

/** object.execute_kw over /jsonrpc. */
export async function rpc(srv: TestServer, login: Login, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
  const [uid, password] = USERS[login];
  const c = new JsonClient(srv.url);
  return answer(await c.service('object', 'execute_kw', srv.db, uid, password, model, method, args, kwargs));
}

/** A browser-like session: /web/session/authenticate, then call_kw / call_button. */
export class WebSession {
  readonly client: JsonClient;
  uid = 0;
  constructor(private srv: TestServer) { this.client = new JsonClient(srv.url); }

  async login(login: Login): Promise<this> {
    const r = await this.client.call('/web/session/authenticate', { db: this.srv.db, login, password: USERS[login][1] });
    this.uid = r.result.uid;
    return this;
  }

  async kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
    return answer(await this.client.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }));
  }

  async button(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
    return answer(await this.client.call('/web/dataset/call_button', { model, method, args, kwargs }));
  }
}
