/**
 * Issue 11, wire differences on the web session routes (checked on a real Odoo 17): a failed
 * /web/session/authenticate answers AccessDenied without a Set-Cookie (Odoo saves the session
 * in post_dispatch, which the exception skips), and an already logged-in session survives it.
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

function authenticate(c: JsonClient, password: string) {
  return c.raw('/web/session/authenticate', JSON.stringify({ jsonrpc: '2.0', params: { db: srv.db, login: 'admin', password } }));
}

test('a failed /web/session/authenticate hands out no session cookie', async () => {
  const c = new JsonClient(srv.url);
  const r = await authenticate(c, 'wrong');
  expect(JSON.parse(r.text).error.data.name).toBe('odoo.exceptions.AccessDenied');
  expect(r.headers.getSetCookie()).toEqual([]);
});

test('a failed authenticate leaves the logged-in session of the cookie untouched', async () => {
  const c = new JsonClient(srv.url);
  await authenticate(c, 'admin');
  const sid = c.cookies.get('session_id');
  const r = await authenticate(c, 'wrong');
  expect(r.headers.getSetCookie()).toEqual([]);
  expect(c.cookies.get('session_id')).toBe(sid);
  const info = await c.call('/web/session/get_session_info', {});
  expect(info.result.uid).toBe(2);
});
