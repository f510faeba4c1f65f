/**
 * Web sessions (rpc.md §1.1–1.4, §6): /web/session/authenticate's session_info and cookie,
 * call_kw as the session user, get_session_info/check/destroy/logout, session-expired and
 * parameter errors, persistence of sessions across a restart (data dir), and the per-IP login
 * cooldown that applies to interactive logins only. Expected values come from a real Odoo 17.0.
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { mkTmp, py, rmTmp, sessionCookie } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

/** A JSON-RPC call that also returns the response headers. */
async function callRaw(c: JsonClient, path: string, params: unknown, id: unknown = 1) {
  const r = await c.raw(path, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id }));
  return { status: r.status, headers: r.headers, json: JSON.parse(r.text) };
}

async function login(login: string, password: string, server: TestServer = srv): Promise<{ c: JsonClient; result: any }> {
  const c = new JsonClient(server.url);
  const body = await c.call('/web/session/authenticate', { db: server.db, login, password });
  if (body.error) throw new Error(`login ${login} failed: ${JSON.stringify(body.error)}`);
  return { c, result: body.result };
}

function callKw(c: JsonClient, model: string, method: string, args: unknown[], kwargs: unknown = {}, id: unknown = 1) {
  return c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, id);
}

function expectError(body: any) {
  expect(body).toHaveProperty('error');
  expect(body).not.toHaveProperty('result');
  return body.error;
}

/** res.users.context_get() of uid as stored (lang/tz), read over XML-RPC-equivalent /jsonrpc. */
async function userContext(uid: number) {
  const c = new JsonClient(srv.url);
  const r = await c.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.users', 'read', [[uid], ['lang', 'tz']]);
  const [u] = r.result;
  return { lang: u.lang, tz: u.tz, uid };
}

const SESSION_INFO_KEYS = [
  'uid', 'is_system', 'is_admin', 'is_public', 'is_internal_user', 'user_context', 'db', 'user_settings',
  'server_version', 'server_version_info', 'support_url', 'name', 'username', 'partner_display_name',
  'partner_id', 'web.base.url', 'active_ids_limit', 'profile_session', 'profile_collectors',
  'profile_params', 'max_file_upload_size', 'home_action_id', 'cache_hashes', 'currencies',
  'bundle_params', 'user_companies', 'show_effect', 'display_switch_company_menu',
];
const INTERNAL_ONLY_KEYS = ['user_companies', 'show_effect', 'display_switch_company_menu'];

describe('/web/session/authenticate', () => {
  it('admin: the 17.0 session_info keys and values; no session id in the body', async () => {
    const c = new JsonClient(srv.url);
    const { json } = await callRaw(c, '/web/session/authenticate', { db: srv.db, login: 'admin', password: 'admin' }, 77);
    expect(json.id).toBe(77);
    expect(json).not.toHaveProperty('error');
    const r = json.result;
    for (const k of SESSION_INFO_KEYS) expect([k, k in r]).toEqual([k, true]);
    expect(r).not.toHaveProperty('session_id');
    expect(r).not.toHaveProperty('company_id');
    expect([r.uid, r.db, r.username, r.name, r.partner_id]).toEqual([2, srv.db, 'admin', 'Mitchell Admin', 3]);
    expect(r.partner_display_name).toBe('YourCompany, Mitchell Admin');
    expect(r.user_context).toEqual(await userContext(2));
    expect(r.user_context.lang).toBe('en_US');
    expect(r.server_version).toBe('17.0');
    expect(r.server_version_info).toEqual([17, 0, 0, 'final', 0, '']);
    expect([r.is_admin, r.is_system, r.is_internal_user, r.is_public]).toEqual([true, true, true, false]);
    expect(r.support_url).toBe('https://www.odoo.com/buy');
    expect([r.active_ids_limit, r.max_file_upload_size]).toEqual([20000, 134217728]);
    expect(r.home_action_id).toBe(false);
    expect(r.profile_session).toBeNull();
    expect(r.bundle_params).toEqual({ lang: 'en_US' });
    expect(r.show_effect).toBe(true);
    expect(r.user_companies.current_company).toBe(1);
    expect(r.user_companies.allowed_companies['1']).toMatchObject({ id: 1, name: 'YourCompany' });
    expect(r.cache_hashes).toHaveProperty('translations');
  });

  it('Set-Cookie: session_id=<40 hex>; Expires; Max-Age=604800; HttpOnly; Path=/ (no Secure/SameSite)', async () => {
    const c = new JsonClient(srv.url);
    const { headers } = await callRaw(c, '/web/session/authenticate', { db: srv.db, login: 'demo', password: 'demo' });
    const all = headers.getSetCookie().filter((h) => h.startsWith('session_id='));
    expect(all).toHaveLength(1);
    const cookie = all[0];
    expect(cookie).toMatch(/^session_id=[0-9a-f]{40};/);
    const attrs = cookie.split(';').map((a) => a.trim());
    expect(attrs).toEqual(expect.arrayContaining(['Max-Age=604800', 'HttpOnly', 'Path=/']));
    expect(attrs.some((a) => a.startsWith('Expires='))).toBe(true);
    expect(attrs.some((a) => /^(Secure|SameSite|Domain)/i.test(a))).toBe(false);
    expect(c.cookies.get('session_id')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('login rotates the sid: a session cookie sent with the login is replaced', async () => {
    const { c } = await login('demo', 'demo');
    const before = c.cookies.get('session_id');
    await c.call('/web/session/authenticate', { db: srv.db, login: 'admin', password: 'admin' });
    expect(c.cookies.get('session_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(c.cookies.get('session_id')).not.toBe(before);
  });

  it('demo (internal) and portal users: flags, identity; portal lacks the internal-only keys', async () => {
    const demo = (await login('demo', 'demo')).result;
    expect([demo.uid, demo.is_admin, demo.is_system, demo.is_internal_user]).toEqual([6, false, false, true]);
    expect([demo.partner_id, demo.username, demo.name]).toEqual([7, 'demo', 'Marc Demo']);
    expect(demo.user_context).toEqual(await userContext(6));
    for (const k of INTERNAL_ONLY_KEYS) expect([k, k in demo]).toEqual([k, true]);

    const portal = (await login('portal', 'portal')).result;
    expect([portal.uid, portal.is_internal_user, portal.is_admin, portal.is_public]).toEqual([7, false, false, false]);
    expect([portal.partner_id, portal.username, portal.name]).toEqual([8, 'portal', 'Joel Willis']);
    expect(portal.user_context).toEqual(await userContext(7));
    for (const k of INTERNAL_ONLY_KEYS) expect([k, k in portal]).toEqual([k, false]);
  });

  it('wrong password -> AccessDenied error envelope (id echoed), no session', async () => {
    const c = new JsonClient(srv.url);
    const { json } = await callRaw(c, '/web/session/authenticate', { db: srv.db, login: 'admin', password: 'definitely-wrong' }, 66);
    expect(json.id).toBe(66);
    const err = expectError(json);
    expect([err.code, err.message]).toEqual([200, 'Odoo Server Error']);
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied', arguments: ['Access Denied'] });
    expect(err.data.debug.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(expectError(await callKw(c, 'res.partner', 'search', [[]])).code).toBe(100);
    // a success clears the per-IP failure counter
    await login('admin', 'admin');
  });

  it('a database outside the served ones -> AccessError "Database not found."', async () => {
    const c = new JsonClient(srv.url);
    const err = expectError(await c.call('/web/session/authenticate', { db: 'no_such_db', login: 'admin', password: 'admin' }));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Database not found.' });
  });
});

describe('/web/dataset/call_kw with a session', () => {
  it('runs as the logged-in user (demo) and applies kwargs.context (active_test)', async () => {
    const { c } = await login('demo', 'demo');
    expect((await callKw(c, 'res.users', 'read', [[6], ['login', 'share']])).result).toEqual([{ id: 6, login: 'demo', share: false }]);
    expect((await callKw(c, 'res.partner', 'search_read', [[['id', '=', 3]], ['name']])).result).toEqual([{ id: 3, name: 'Mitchell Admin' }]);
    expect(expectError(await callKw(c, 'ir.config_parameter', 'search', [[]])).data.name).toBe('odoo.exceptions.AccessError');

    const admin = new JsonClient(srv.url);
    const pid = (await admin.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.partner', 'create', [{ name: 'SES archived', active: false }])).result;
    expect((await callKw(c, 'res.partner', 'search', [[['id', '=', pid]]])).result).toEqual([]);
    expect((await callKw(c, 'res.partner', 'search', [[['id', '=', pid]]], { context: { active_test: false } })).result).toEqual([pid]);
  });

  it('the <path> suffix is ignored; call_kw without suffix works too', async () => {
    const { c } = await login('admin', 'admin');
    const body = await c.call('/web/dataset/call_kw/anything/else', { model: 'res.partner', method: 'search', args: [[['id', '=', 3]]], kwargs: {} });
    expect(body.result).toEqual([3]);
    expect((await c.call('/web/dataset/call_kw', { model: 'res.partner', method: 'search_count', args: [[['id', '=', 3]]], kwargs: {} })).result).toBe(1);
  });

  it('missing kwargs -> builtins.TypeError; unknown model -> builtins.KeyError res.foo', async () => {
    const { c } = await login('admin', 'admin');
    let err = expectError(await c.call('/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]] }));
    expect(err.data).toMatchObject({ name: 'builtins.TypeError', message: "DataSet.call_kw() missing 1 required positional argument: 'kwargs'" });
    err = expectError(await c.call('/web/dataset/call_kw', { model: 'res.foo', method: 'search', args: [[]], kwargs: {} }));
    expect(err.data).toMatchObject({ name: 'builtins.KeyError', message: 'res.foo', arguments: ['res.foo'] });
  });

  it('a method returning None -> reply without result; private method -> AccessError', async () => {
    const { c } = await login('admin', 'admin');
    const pid = (await callKw(c, 'res.partner', 'create', [{ name: 'SES none' }])).result;
    expect(await callKw(c, 'res.partner', 'action_archive', [[pid]], {}, 3)).toEqual({ jsonrpc: '2.0', id: 3 });
    expect((await callKw(c, 'res.partner', 'read', [[pid], ['active']], { context: { active_test: false } })).result).toEqual([{ id: pid, active: false }]);
    const err = expectError(await callKw(c, 'res.partner', '_read', [[pid]]));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Private methods (such as _read) cannot be called remotely.' });
  });
});

describe('session routes', () => {
  it('get_session_info (re-sends the cookie) and check (reply without result) with a valid session', async () => {
    const { c } = await login('admin', 'admin');
    const sid = c.cookies.get('session_id');
    const { json, headers } = await callRaw(c, '/web/session/get_session_info', {}, 4);
    expect(json.result).toMatchObject({ uid: 2, db: srv.db, username: 'admin', user_context: { uid: 2 } });
    expect(sessionCookie(headers)).toMatch(new RegExp(`^session_id=${sid};`));
    expect(await c.call('/web/session/check', {}, 5)).toEqual({ jsonrpc: '2.0', id: 5 });
  });

  it('destroy: reply without result, sid rotated, then call_kw -> code 100 "Odoo Session Expired"', async () => {
    const { c } = await login('admin', 'admin');
    const sid1 = c.cookies.get('session_id');
    expect(await c.call('/web/session/destroy', {}, 31)).toEqual({ jsonrpc: '2.0', id: 31 });
    const sid2 = c.cookies.get('session_id');
    expect(sid2).toMatch(/^[0-9a-f]{40}$/);
    expect(sid2).not.toBe(sid1);
    const err = expectError(await callKw(c, 'res.partner', 'search', [[]]));
    expect([err.code, err.message]).toEqual([100, 'Odoo Session Expired']);
    expect(err.data).toMatchObject({ name: 'odoo.http.SessionExpiredException', message: 'Session expired' });
    // the old sid is dead too
    const old = new JsonClient(srv.url);
    old.cookies.set('session_id', sid1!);
    expect(expectError(await callKw(old, 'res.partner', 'search', [[]])).code).toBe(100);
  });

  it('call_kw without a session -> HTTP 200, code 100, id null (auth fails before the body is read)', async () => {
    const c = new JsonClient(srv.url);
    const { status, json } = await callRaw(c, '/web/dataset/call_kw/res.partner/search', { model: 'res.partner', method: 'search', args: [[]], kwargs: {} }, 12345);
    expect(status).toBe(200);
    expect(json.id).toBeNull();
    const err = expectError(json);
    expect([err.code, err.message]).toEqual([100, 'Odoo Session Expired']);
    expect(err.data).toMatchObject({ name: 'odoo.http.SessionExpiredException', message: 'Session expired', arguments: ['Session expired'], context: {} });
    expect(expectError(await c.call('/web/session/get_session_info', {})).code).toBe(100);
    expect(expectError(await c.call('/web/session/check', {})).code).toBe(100);
    // an unknown or malformed cookie is the same as none
    c.cookies.set('session_id', 'f'.repeat(40));
    expect(expectError(await callKw(c, 'res.partner', 'search', [[]])).code).toBe(100);
  });

  it('/web/session/logout: 303 to /web (or ?redirect=), new sid cookie, old session logged out', async () => {
    const { c } = await login('admin', 'admin');
    const sid1 = c.cookies.get('session_id');
    const r = await c.raw('/web/session/logout', '', 'text/html', 'GET');
    expect(r.status).toBe(303);
    expect(new URL(r.headers.get('location')!, srv.url).pathname).toBe('/web');
    const sid2 = c.cookies.get('session_id');
    expect(sessionCookie(r.headers)).toMatch(/^session_id=[0-9a-f]{40};/);
    expect(sid2).not.toBe(sid1);
    expect(expectError(await callKw(c, 'res.partner', 'search', [[]])).code).toBe(100);

    const { c: c2 } = await login('demo', 'demo');
    const r2 = await c2.raw('/web/session/logout?redirect=/web/login', '', 'text/html', 'GET');
    expect(r2.status).toBe(303);
    expect(new URL(r2.headers.get('location')!, srv.url).pathname).toBe('/web/login');
  });
});

describe('session persistence', () => {
  let dir: string | undefined;
  afterAll(() => rmTmp(dir));

  it('a session survives a server restart on the same data dir', async () => {
    dir = mkTmp('odoo-sessions');
    const first = await startTestServer({ data_dir: dir });
    let cookie: string | undefined;
    try {
      const { c } = await login('demo', 'demo', first);
      cookie = c.cookies.get('session_id');
      expect((await callKw(c, 'res.users', 'read', [[6], ['login']])).result).toEqual([{ id: 6, login: 'demo' }]);
    } finally {
      await first.close();
    }
    const second = await startTestServer({ data_dir: dir });
    try {
      const c = new JsonClient(second.url);
      c.cookies.set('session_id', cookie!);
      expect((await c.call('/web/session/get_session_info', {})).result).toMatchObject({ uid: 6, db: second.db, username: 'demo' });
      expect((await callKw(c, 'res.partner', 'search_read', [[['id', '=', 7]], ['name']])).result).toEqual([{ id: 7, name: 'Marc Demo' }]);
    } finally {
      await second.close();
    }
  });
});

describe('login cooldown', () => {
  let cool: TestServer;
  beforeAll(async () => { cool = await startTestServer({ db_name: ['cooldown'] }); });
  afterAll(async () => { await cool.close(); });

  it('after base.login_cooldown_after failures, interactive logins are refused; XML-RPC is not rate-limited', async () => {
    const c = new JsonClient(cool.url);
    const set = await c.service('object', 'execute_kw', cool.db, 2, 'admin', 'ir.config_parameter', 'set_param', ['base.login_cooldown_after', '2']);
    expect(set).not.toHaveProperty('error');
    const attempt = (password: string) => new JsonClient(cool.url).call('/web/session/authenticate', { db: cool.db, login: 'admin', password });
    for (let i = 0; i < 2; i++) {
      expect(expectError(await attempt('wrong')).data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    }
    const third = expectError(await attempt('admin'));
    expect(third.data).toMatchObject({
      name: 'odoo.exceptions.AccessDenied',
      message: 'Too many login failures, please wait a bit before trying again.',
    });
    // non-interactive logins run without an HTTP request in Odoo: no cooldown
    const r = await py(`
      out([common.authenticate(DB, 'admin', 'admin', {}), common.authenticate(DB, 'admin', 'wrong', {}),
           common.authenticate(DB, 'admin', 'admin', {}), models.execute_kw(DB, 2, 'admin', 'res.partner', 'search', [[['id', '=', 3]]])])
    `, { url: cool.url, db: cool.db });
    expect(r).toEqual([2, false, 2, [3]]);
    expect((await c.service('common', 'login', cool.db, 'admin', 'admin')).result).toBe(2);
    // still on cooldown for the web login
    expect(expectError(await attempt('admin')).data.message).toBe('Too many login failures, please wait a bit before trying again.');
  });
});
