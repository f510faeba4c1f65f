/**
 * Helpers of the framework-model tests (issue 12): execute_kw as a demo user over XML-RPC
 * (Python-compatible codec through fetch) and JSON-RPC, answering `{ result }` or `{ error }`.
 */
import { JsonClient, type TestServer } from '../helpers/server';
import { dumpMethodCall, parseMethodResponse, XmlRpcFault } from '../../rpc/xmlrpc/codec';

export const USERS = { admin: [2, 'admin'], demo: [6, 'demo'], portal: [7, 'portal'] } as const;
export type Login = keyof typeof USERS;

export interface Answer { result?: any; error?: { name: string; message: string } }

/** object.execute_kw over /jsonrpc. */
export async function jsonKw(srv: TestServer, login: Login, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
  const [uid, password] = USERS[login];
  const body = await new JsonClient(srv.url).service('object', 'execute_kw', srv.db, uid, password, model, method, args, kwargs);
  if (body.error) return { error: { name: body.error.data.name, message: body.error.data.message } };
  return { result: body.result };
}

/** object.execute_kw over /xmlrpc/2/object; a fault's string is the error message. */
export async function xmlKw(srv: TestServer, login: Login, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Answer> {
  const [uid, password] = USERS[login];
  const res = await fetch(`${srv.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: dumpMethodCall('execute_kw', [srv.db, uid, password, model, method, args, kwargs]) });
  try {
    return { result: parseMethodResponse(await res.text()) };
  } catch (e) {
    if (e instanceof XmlRpcFault) return { error: { name: String(e.faultCode), message: e.faultString } };
    throw e;
  }
}

/** Both protocols, for tests that run the same calls over each. */
export const PROTOCOLS = [['JSON-RPC', jsonKw], ['XML-RPC', xmlKw]] as const;

/** A logged-in browser-like client (session cookie). */
export async function webLogin(srv: TestServer, login: Login): Promise<JsonClient> {
  const c = new JsonClient(srv.url);
  const r = await c.call('/web/session/authenticate', { db: srv.db, login, password: USERS[login][1] });
  if (!r.result?.uid) throw new Error(`login ${login} failed`);
  return c;
}
