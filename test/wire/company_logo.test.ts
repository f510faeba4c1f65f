/**
 * Issue 11, wire difference: /web/binary/company_logo (also /logo and /logo.png) answers the
 * company logo as Odoo 17's web Binary.company_logo does (checked on a real Odoo 17): the
 * company's logo_web (the logo at most 180 px wide) with Cache-Control no-cache and the
 * company's write_date as Last-Modified; a static "no logo" image for an unknown company, the
 * static logo for a ?company= that is no integer (file validators: ETag, "no-cache, private");
 * CORS for everyone; ?dbname= is ignored.
 */
import { PNG } from 'pngjs';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { rpc, WebSession } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

async function get(path: string, c = new JsonClient(srv.url)) {
  const res = await fetch(srv.url + path, { headers: c.cookies.size ? { Cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

function width(png: Buffer): number {
  return PNG.sync.read(png).width;
}

test('the main company logo, scaled to 180 px, for an anonymous visitor of the only database', async () => {
  for (const path of ['/web/binary/company_logo', '/logo', '/logo.png', '/web/binary/company_logo?dbname=nosuch']) {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('content-disposition')).toBe('inline; filename=logo.png');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('etag')).toBeNull();
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(Number(r.headers.get('content-length'))).toBe(r.body.length);
    expect(width(r.body)).toBe(180);
  }
  const [company] = (await rpc(srv, 'admin', 'res.company', 'read', [[1], ['logo_web', 'write_date', 'uses_default_logo']])).result;
  expect(company.uses_default_logo).toBe(true);
  const r = await get('/web/binary/company_logo');
  expect(r.body.toString('base64')).toBe(company.logo_web);
  expect(r.headers.get('last-modified')).toBe(new Date(`${company.write_date.replace(' ', 'T')}Z`).toUTCString());
});

test('?company=N picks that company; an unknown one gets the "no logo" image', async () => {
  const cid = (await rpc(srv, 'admin', 'res.company', 'create', [{ name: 'Logo Two Ltd' }])).result;
  const own = PNG.sync.write(Object.assign(new PNG({ width: 90, height: 30 }), {}));
  await rpc(srv, 'admin', 'res.company', 'write', [[cid], { logo: own.toString('base64') }]);
  const r = await get(`/web/binary/company_logo?company=${cid}`);
  expect(r.body.equals(own)).toBe(true);
  expect(width(r.body)).toBe(90);

  const none = await get('/web/binary/company_logo?company=999');
  expect(none.headers.get('content-disposition')).toBe('inline; filename=nologo.png');
  expect(none.headers.get('cache-control')).toBe('no-cache, private');
  expect(none.headers.get('etag')).toMatch(/^"\d+-\d+-\d+"$/);
});

test('a ?company= that is no integer answers the static logo', async () => {
  const r = await get('/web/binary/company_logo?company=abc');
  expect(r.status).toBe(200);
  expect(r.headers.get('content-disposition')).toBe('inline; filename=logo.png');
  expect(r.headers.get('cache-control')).toBe('no-cache, private');
  expect(r.headers.get('etag')).toMatch(/^"\d+-\d+-\d+"$/);
});

test('a logged-in user gets the logo of their own company', async () => {
  const cid = (await rpc(srv, 'admin', 'res.company', 'create', [{ name: 'Logo Three Ltd' }])).result;
  const own = PNG.sync.write(new PNG({ width: 400, height: 100 }));
  await rpc(srv, 'admin', 'res.company', 'write', [[cid], { logo: own.toString('base64') }]);
  await rpc(srv, 'admin', 'res.users', 'write', [[6], { company_ids: [[4, cid]], company_id: cid }]);
  const web = await new WebSession(srv).login('demo');
  const r = await get('/web/binary/company_logo', web.client);
  expect(width(r.body)).toBe(180);
  expect(PNG.sync.read(r.body).height).toBe(45);
  await rpc(srv, 'admin', 'res.users', 'write', [[6], { company_id: 1 }]);
});
