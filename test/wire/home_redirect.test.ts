/**
 * Issue 11, wire difference: where GET / sends a visitor (checked on a real Odoo 17 with the
 * portal module): a logged-in portal user to /my (portal's Home.index), an internal user and an
 * anonymous visitor to /web; the query string follows (redirect_query).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { WebSession } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

async function home(login: 'portal' | 'admin' | null): Promise<{ status: number; location: string | null; cookie: boolean }> {
  const web = new WebSession(srv);
  if (login) await web.login(login);
  const r = await web.client.raw('/?foo=bar&x=1', '', 'text/plain', 'GET');
  return { status: r.status, location: r.headers.get('location'), cookie: r.headers.getSetCookie().length > 0 };
}

test('a logged-in portal user goes to /my', async () => {
  expect(await home('portal')).toEqual({ status: 303, location: '/my?foo=bar&x=1', cookie: false });
});

test('an internal user goes to /web', async () => {
  expect(await home('admin')).toEqual({ status: 303, location: '/web?foo=bar&x=1', cookie: false });
});

test('an anonymous visitor goes to /web and gets a session cookie', async () => {
  expect(await home(null)).toEqual({ status: 303, location: '/web?foo=bar&x=1', cookie: true });
});
