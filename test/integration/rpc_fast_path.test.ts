/**
 * The RPC fast path (server/rpc_fast_path.ts) must answer exactly what the express routes
 * answer. Each request is sent twice: once as clients send it (Content-Length: fast path) and
 * once with a chunked body, which the fast path leaves to express; status, headers and body
 * must be the same, and a spy on express shows which way each request went. (Bodies over the
 * limit also go to express, which answers 413: see the 80 MB case in jsonrpc.test.ts.)
 */
import http from 'http';
import zlib from 'zlib';
import { startTestServer, type TestServer } from '../helpers/server';
import { dumpMethodCall } from '../../rpc/xmlrpc/codec';

let srv: TestServer;
let adminCookie: string;
let expressCalls: jest.SpyInstance;

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

function send(path: string, body: string | Buffer, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
  const url = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const req = http.request({
      host: url.hostname, port: url.port, path, method: 'POST', agent: false,
      headers: chunked ? headers : { ...headers, 'content-length': String(data.length) },
    }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    if (chunked) {
      // two writes without a length: Transfer-Encoding: chunked
      req.write(data.subarray(0, 3));
      req.end(data.subarray(3));
    } else {
      req.end(data);
    }
  });
}

/** What must not differ between the two ways (dates and fresh session ids aside). */
function comparable(a: Answer) {
  const { date, connection, 'keep-alive': keepAlive, 'set-cookie': cookies, ...headers } = a.headers;
  void date; void connection; void keepAlive;
  return {
    status: a.status, headers,
    cookies: (cookies ?? []).map((c) => c.replace(/session_id=[0-9a-f]{40}/, 'session_id=SID').replace(/Expires=[^;]+/, 'Expires=DATE')),
    body: a.body,
  };
}

async function both(path: string, body: string | Buffer, headers: Record<string, string>) {
  expressCalls.mockClear();
  const fast = await send(path, body, headers, false);
  const viaFast = expressCalls.mock.calls.length === 0;
  const slow = await send(path, body, headers, true);
  const viaExpress = expressCalls.mock.calls.length === 1;
  return { fast, slow, viaFast, viaExpress };
}

const json = (params: unknown, id: unknown = 7) => JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id });
const JSON_HEADERS = { 'content-type': 'application/json' };
const XML_HEADERS = { 'content-type': 'text/xml' };

beforeAll(async () => {
  srv = await startTestServer();
  const auth = await send('/web/session/authenticate', json({ db: srv.db, login: 'admin', password: 'admin' }), JSON_HEADERS, false);
  adminCookie = String(auth.headers['set-cookie']?.[0]).split(';')[0];
  expressCalls = jest.spyOn(srv.express as unknown as { handle: () => void }, 'handle');
});
afterAll(async () => {
  expressCalls.mockRestore();
  await srv.close();
});

const cases: Array<[string, string, () => string | Buffer, () => Record<string, string>]> = [
  ['call_kw search_read with a session', '/web/dataset/call_kw/res.partner/search_read',
    () => json({ model: 'res.partner', method: 'search_read', args: [[['id', '<', 10]]], kwargs: { fields: ['name', 'country_id'], limit: 5 } }),
    () => ({ ...JSON_HEADERS, cookie: adminCookie })],
  ['call_kw without a session (SessionExpired, new cookie)', '/web/dataset/call_kw',
    () => json({ model: 'res.partner', method: 'search_read', args: [[]], kwargs: {} }), () => JSON_HEADERS],
  ['call_kw on an unknown model', '/web/dataset/call_kw/nope/read',
    () => json({ model: 'no.such.model', method: 'read', args: [[1]], kwargs: {} }), () => ({ ...JSON_HEADERS, cookie: adminCookie })],
  ['call_kw with a text/plain body (400 page)', '/web/dataset/call_kw',
    () => json({ model: 'res.partner', method: 'read', args: [[1]], kwargs: {} }), () => ({ 'content-type': 'text/plain', cookie: adminCookie })],
  ['call_kw with broken JSON', '/web/dataset/call_kw', () => '{"jsonrpc": "2.0", "params": ', () => ({ ...JSON_HEADERS, cookie: adminCookie })],
  ['call_button', '/web/dataset/call_button',
    () => json({ model: 'res.partner', method: 'toggle_active', args: [[3]], kwargs: {} }), () => ({ ...JSON_HEADERS, cookie: adminCookie })],
  ['/jsonrpc common.version', '/jsonrpc', () => json({ service: 'common', method: 'version', args: [] }, 'abc'), () => JSON_HEADERS],
  ['/jsonrpc execute_kw with a wrong password', '/jsonrpc',
    () => json({ service: 'object', method: 'execute_kw', args: [srv.db, 2, 'wrong', 'res.partner', 'search', [[]]] }), () => JSON_HEADERS],
  ['/jsonrpc with missing arguments', '/jsonrpc', () => json({ service: 'common' }), () => JSON_HEADERS],
  ['XML-RPC common.version', '/xmlrpc/2/common', () => dumpMethodCall('version', []), () => XML_HEADERS],
  ['XML-RPC execute_kw search_read', '/xmlrpc/2/object',
    () => dumpMethodCall('execute_kw', [srv.db, 2, 'admin', 'res.partner', 'search_read', [[['id', '<', 5]]], { fields: ['name'] }]), () => XML_HEADERS],
  ['XML-RPC fault (unknown field)', '/xmlrpc/2/object',
    () => dumpMethodCall('execute_kw', [srv.db, 2, 'admin', 'res.partner', 'read', [[1], ['nope']]]), () => XML_HEADERS],
  ['legacy XML-RPC fault (string fault code)', '/xmlrpc/object',
    () => dumpMethodCall('execute_kw', [srv.db, 2, 'admin', 'no.model', 'read', [[1]]]), () => XML_HEADERS],
  ['XML-RPC unknown service', '/xmlrpc/2/nope', () => dumpMethodCall('version', []), () => XML_HEADERS],
  ['XML-RPC service name percent-encoded', '/xmlrpc/2/%63ommon', () => dumpMethodCall('version', []), () => XML_HEADERS],
  ['XML-RPC malformed body', '/xmlrpc/2/common', () => '<methodCall><methodName>version', () => XML_HEADERS],
];

test.each(cases)('%s: same answer through the fast path and through express', async (_label, path, body, headers) => {
  const { fast, slow, viaFast, viaExpress } = await both(path, body(), headers());
  expect(viaFast).toBe(true);
  expect(viaExpress).toBe(true);
  expect(comparable(fast)).toEqual(comparable(slow));
  expect(fast.headers['x-content-type-options']).toBe('nosniff');
  expect(Number(fast.headers['content-length'])).toBe(Buffer.byteLength(fast.body));
});

test('the fast path answers what it should (sanity of the compared answers)', async () => {
  const r = await send('/web/dataset/call_kw/res.partner/search_read', cases[0][2](), cases[0][3](), false);
  const parsed = JSON.parse(r.body);
  expect(parsed.id).toBe(7);
  expect(parsed.result.length).toBeGreaterThan(0);
  expect(parsed.result[0]).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String) }));
  const expired = JSON.parse((await send('/web/dataset/call_kw', cases[1][2](), cases[1][3](), false)).body);
  expect(expired.error.data.name).toBe('odoo.http.SessionExpiredException');
});

test('requests the fast path leaves to express: query strings, other methods and paths, compressed bodies', async () => {
  expressCalls.mockClear();
  const version = json({ service: 'common', method: 'version', args: [] });
  const withQuery = await send('/jsonrpc?debug=1', version, JSON_HEADERS, false);
  expect(JSON.parse(withQuery.body).result.server_version).toBe('17.0');
  const upper = await send('/JSONRPC', version, JSON_HEADERS, false); // express matches paths case-insensitively
  expect(JSON.parse(upper.body).result.server_version).toBe('17.0');
  const gzipped = await send('/jsonrpc', zlib.gzipSync(version), { ...JSON_HEADERS, 'content-encoding': 'gzip' }, false);
  expect(JSON.parse(gzipped.body).result.server_version).toBe('17.0');
  expect(expressCalls).toHaveBeenCalledTimes(3);
  const get = await fetch(`${srv.url}/xmlrpc/2/common`);
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
});
