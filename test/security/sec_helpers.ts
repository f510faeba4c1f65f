/**
 * Shared helpers of the security tests: the exact Odoo 17 access-error texts (security.md §1–§2),
 * three transports that run the same ORM call (/jsonrpc execute_kw, /web/dataset/call_kw with a
 * web session, and Python's xmlrpc.client on /xmlrpc/2/object) and a way to express one expected
 * outcome that is checked in the wire shape of each transport (rpc.md §3.2 and §4).
 */
import { JsonClient, type TestServer } from '../helpers/server';
import { py } from '../integration/helpers';

// ------------------------------------------------------------------------------------------------
// Messages (security.md §1, §2, §7)

export type Mode = 'read' | 'write' | 'create' | 'unlink';
const ACL_VERB: Record<Mode, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

/** ACL AccessError text: header by mode, the directly-granting groups, the resolution paragraph. */
export function aclMsg(mode: Mode, desc: string, model: string, groups: string[]): string {
  const info = groups.length
    ? 'This operation is allowed for the following groups:\n' + groups.map((g) => `\t- ${g}`).join('\n')
    : 'No group currently allows this operation.';
  return `You are not allowed to ${ACL_VERB[mode]} '${desc}' (${model}) records.\n\n${info}\n\n` +
    'Contact your administrator to request access if necessary.';
}

/** Record-rule AccessError text, short (non-debug) form. */
export function ruleMsg(userName: string, uid: number, op: Mode, desc: string, model: string): string {
  return 'Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n' +
    `Sorry, ${userName} (id=${uid}) doesn't have '${op}' access to:\n- ${desc} (${model})\n\n` +
    'If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.';
}

/** Group labels as printed in ACL messages (Category/Name, no spaces around the slash). */
export const G = {
  accessRights: 'Administration/Access Rights',
  settings: 'Administration/Settings',
  contactCreation: 'Extra Rights/Contact Creation',
  internal: 'User types/Internal User',
  portal: 'User types/Portal',
  public: 'User types/Public',
};

/** Group lists per model and mode, from the ACL table of security.md §4. */
export const ACL_GROUPS: Record<string, { desc: string; read: string[]; write: string[] }> = {
  'res.partner': { desc: 'Contact', read: [G.contactCreation, G.internal, G.portal, G.public], write: [G.contactCreation] },
  'res.users': { desc: 'User', read: [G.accessRights, G.internal, G.portal, G.public], write: [G.accessRights] },
  'res.company': { desc: 'Companies', read: [G.accessRights, G.internal, G.portal, G.public], write: [G.accessRights] },
  'res.groups': { desc: 'Access Groups', read: [G.accessRights, G.internal], write: [G.accessRights] },
  'ir.rule': { desc: 'Record Rule', read: [G.accessRights], write: [G.accessRights] },
  'ir.model.access': { desc: 'Model Access', read: [G.accessRights], write: [G.accessRights] },
};

/** ACL error of `model` for `mode`, with the group list of the ACL table. */
export function acl(model: string, mode: Mode): string {
  const row = ACL_GROUPS[model];
  return aclMsg(mode, row.desc, model, mode === 'read' ? row.read : row.write);
}

export const ACCESS_DENIED = 'Access Denied';
export const privateMsg = (name: string) => `Private methods (such as ${name}) cannot be called remotely.`;
export const ORDER_HINT = 'A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)';
export const orderMsg = (order: string) => `Invalid "order" specified (${order}). ${ORDER_HINT}`;

// ------------------------------------------------------------------------------------------------
// Outcomes and expectations

/** What a transport returned: a result, or an error with the wire name (JSON) / fault code (XML). */
export type Outcome = { ok: unknown } | { err: string; msg: string };
/** What a test expects, transport-independent: a result, or a Python exception class + message. */
export type Expected = { ok: unknown } | { err: string; msg: string };

export const ok = (v: unknown): Expected => ({ ok: v });
export const fail = (err: string, msg: string): Expected => ({ err, msg });
export const accessError = (msg: string): Expected => fail('AccessError', msg);

const ODOO_EXC = new Set(['UserError', 'AccessError', 'AccessDenied', 'MissingError', 'ValidationError', 'RedirectWarning']);
const FAULT: Record<string, number> = { AccessError: 4, AccessDenied: 3, UserError: 2, ValidationError: 2, MissingError: 2, RedirectWarning: 2 };

export type TransportName = 'jsonrpc' | 'call_kw' | 'xmlrpc';

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** The expected outcome in the wire shape of a transport (error name for JSON, fault code for XML-RPC). */
export function onWire(t: TransportName, e: Expected): unknown {
  if ('ok' in e) return { ok: e.ok };
  if (t === 'xmlrpc') {
    const code = FAULT[e.err] ?? 1;
    // fault 1 carries the traceback, which ends with "<Class>: <message>"
    if (code === 1) return { err: 'fault1', msg: expect.stringMatching(new RegExp(`${escapeRe(`${e.err}: ${e.msg}`)}\\n?$`)) };
    return { err: `fault${code}`, msg: e.msg };
  }
  return { err: `${ODOO_EXC.has(e.err) ? 'odoo.exceptions' : 'builtins'}.${e.err}`, msg: e.msg };
}

export function jsonOutcome(body: any): Outcome {
  if (body && 'result' in body) return { ok: body.result };
  if (body?.error?.data) return { err: body.error.data.name, msg: body.error.data.message };
  return { err: `code${body?.error?.code}`, msg: String(body?.error?.message) };
}

// ------------------------------------------------------------------------------------------------
// Transports

export interface Cred { login: string; password: string; uid: number }
export interface Call { user: Cred; model: string; method: string; args: unknown[]; kwargs?: Record<string, unknown> }

export const ADMIN: Cred = { login: 'admin', password: 'admin', uid: 2 };
export const DEMO: Cred = { login: 'demo', password: 'demo', uid: 6 };
export const PORTAL: Cred = { login: 'portal', password: 'portal', uid: 7 };

export interface Transport { name: TransportName; run(calls: Call[]): Promise<Outcome[]>; one(call: Call): Promise<Outcome> }

/** POST /jsonrpc object.execute_kw with uid/password on every call. */
export function jsonrpcTransport(srv: TestServer): Transport {
  const c = new JsonClient(srv.url);
  const one = async (k: Call) => jsonOutcome(await c.service('object', 'execute_kw', srv.db, k.user.uid, k.user.password, k.model, k.method, k.args, k.kwargs ?? {}));
  return { name: 'jsonrpc', one, run: async (calls) => { const out: Outcome[] = []; for (const k of calls) out.push(await one(k)); return out; } };
}

/** Log a browser in with /web/session/authenticate; throws if it fails. */
export async function webLogin(srv: TestServer, login: string, password: string): Promise<JsonClient> {
  const c = new JsonClient(srv.url);
  const body = await c.call('/web/session/authenticate', { db: srv.db, login, password });
  if (body.error || !body.result?.uid) throw new Error(`web login ${login} failed: ${JSON.stringify(body.error ?? body.result)}`);
  return c;
}

export function callKw(c: JsonClient, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
  return c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
}

/** POST /web/dataset/call_kw/<model>/<method> with one web session per login. */
export function callKwTransport(srv: TestServer): Transport {
  const sessions = new Map<string, JsonClient>();
  const one = async (k: Call) => {
    let c = sessions.get(k.user.login);
    if (!c) { c = await webLogin(srv, k.user.login, k.user.password); sessions.set(k.user.login, c); }
    return jsonOutcome(await callKw(c, k.model, k.method, k.args, k.kwargs ?? {}));
  };
  return { name: 'call_kw', one, run: async (calls) => { const out: Outcome[] = []; for (const k of calls) out.push(await one(k)); return out; } };
}

/** Python xmlrpc.client on /xmlrpc/2/object; a batch runs in one Python process. */
export function xmlrpcTransport(srv: TestServer): Transport {
  const run = async (calls: Call[]): Promise<Outcome[]> => {
    const payload = JSON.stringify(calls.map((k) => [k.user.uid, k.user.password, k.model, k.method, k.args, k.kwargs ?? {}]));
    const r = await py<any[]>(`
      CALLS = json.loads(${JSON.stringify(payload)})
      out([call(lambda k=k: models.execute_kw(DB, k[0], k[1], k[2], k[3], k[4], k[5])) for k in CALLS])
    `, { url: srv.url, db: srv.db });
    return r.map((x) => ('faultCode' in x ? { err: `fault${x.faultCode}`, msg: x.faultString } : 'protocolError' in x ? { err: `http${x.protocolError}`, msg: '' } : { ok: x.value }));
  };
  return { name: 'xmlrpc', run, one: async (k) => (await run([k]))[0] };
}

export function transports(srv: TestServer): Transport[] {
  return [jsonrpcTransport(srv), callKwTransport(srv), xmlrpcTransport(srv)];
}

/** Admin over /jsonrpc; throws on error (fixtures and verification). */
export async function asAdmin(srv: TestServer, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
  const body = await new JsonClient(srv.url).service('object', 'execute_kw', srv.db, 2, 'admin', model, method, args, kwargs);
  if (body.error) throw new Error(`admin ${model}.${method} failed: ${body.error.data?.message ?? JSON.stringify(body.error)}`);
  return body.result;
}

/** Resolve an xml id to its database id (ORM level, superuser). */
export function refId(srv: TestServer, xmlid: string): number {
  return srv.app.dbm.get(srv.db).env().refId(xmlid);
}

/** Run an ORM call and capture a thrown Odoo exception as { err: <class>, msg }. */
export function orm<T>(fn: () => T): { ok: T } | { err: string; msg: string } {
  try {
    return { ok: fn() };
  } catch (e: any) {
    const name = String(e?.pyName ?? e?.constructor?.name ?? 'Error').split('.').pop()!;
    return { err: name, msg: String(e?.message) };
  }
}
