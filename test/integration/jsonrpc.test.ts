/**
 * Raw JSON-RPC on /jsonrpc and the web JSON routes (rpc.md §1.1, §2, §4): envelope quirks (id
 * echo, missing id/jsonrpc, content types, bad bodies), the error envelope, None results, the
 * version/database routes, robustness (huge body, concurrency), and the OdooRPC client.
 */
import { spawnSync } from 'child_process';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { VERSION, CATEGORY_MANDATORY_MSG, lastLine, py } from './helpers';

let srv: TestServer;
let c: JsonClient;
beforeAll(async () => {
  srv = await startTestServer();
  c = new JsonClient(srv.url);
});
afterAll(async () => { await srv.close(); });

const versionCall = { service: 'common', method: 'version', args: [] };

/** POST a raw body to /jsonrpc; returns status, headers and the parsed JSON (or the text). */
async function post(body: unknown, contentType = 'application/json', path = '/jsonrpc') {
  const r = await c.raw(path, typeof body === 'string' ? body : JSON.stringify(body), contentType);
  let json: any;
  try { json = JSON.parse(r.text); } catch { json = undefined; }
  return { ...r, json };
}

/** object.execute_kw over /jsonrpc as admin; the whole reply. */
function jexec(model: string, method: string, args: unknown[], kwargs?: unknown, login: [number, string] = [2, 'admin']) {
  const a: unknown[] = [srv.db, login[0], login[1], model, method, args];
  if (kwargs !== undefined) a.push(kwargs);
  return c.service('object', 'execute_kw', ...a);
}

function unescapeHtml(s: string): string {
  return s.replace(/&#39;|&#x27;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function expectError(body: any) {
  expect(body).toHaveProperty('error');
  expect(body).not.toHaveProperty('result');
  return body.error;
}

describe('envelope', () => {
  it('common.version: exact reply, HTTP 200, Content-Type application/json; charset=utf-8', async () => {
    const r = await post({ jsonrpc: '2.0', method: 'call', params: versionCall, id: 4242 });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 4242, result: VERSION });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers carry the exact Content-Length of the UTF-8 body and no ETag (as Odoo)', async () => {
    const name = 'Zoë Ünicode — 東京';
    const created = await jexec('res.partner', 'create', [{ name }]);
    const r = await post({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: [srv.db, 2, 'admin', 'res.partner', 'read', [[created.result], ['name']]] }, id: 1 });
    expect(r.json.result[0].name).toBe(name);
    expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(r.text, 'utf8'));
    expect(r.headers.get('etag')).toBeNull();
    const x = await c.raw('/xmlrpc/2/common', '<?xml version="1.0"?><methodCall><methodName>version</methodName><params></params></methodCall>', 'text/xml');
    expect(x.text).toContain('<methodResponse>');
    expect(Number(x.headers.get('content-length'))).toBe(Buffer.byteLength(x.text, 'utf8'));
    expect(x.headers.get('etag')).toBeNull();
  });

  it.each([['a string', 'abc-1'], ['zero', 0], ['an object', { a: [1, 'x'] }], ['null', null], ['a float', 1.5]])('id echoed verbatim: %s', async (_label, id) => {
    const r = await post({ jsonrpc: '2.0', method: 'call', params: versionCall, id });
    expect(r.json).toEqual({ jsonrpc: '2.0', id, result: VERSION });
  });

  it('missing id -> reply id null', async () => {
    const r = await post({ jsonrpc: '2.0', method: 'call', params: versionCall });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ jsonrpc: '2.0', id: null, result: VERSION });
  });

  it('missing "jsonrpc" member (or another value, or another method) is served; reply says 2.0', async () => {
    expect((await post({ method: 'call', params: versionCall, id: 5 })).json).toEqual({ jsonrpc: '2.0', id: 5, result: VERSION });
    expect((await post({ jsonrpc: '1.0', method: 'whatever', params: versionCall, id: 6 })).json).toEqual({ jsonrpc: '2.0', id: 6, result: VERSION });
  });

  it('application/json-rpc and a charset parameter are accepted', async () => {
    expect((await post({ params: versionCall, id: 1 }, 'application/json-rpc')).json.result).toEqual(VERSION);
    expect((await post({ params: versionCall, id: 1 }, 'application/json; charset=utf-8')).json.result).toEqual(VERSION);
    expect((await post({ params: versionCall, id: 1 }, 'Application/JSON')).json.result).toEqual(VERSION);
  });

  it('text/plain -> HTTP 400 HTML "Request inferred type is compatible with [\'http\'] ..." naming the route', async () => {
    const r = await post({ params: versionCall, id: 1 }, 'text/plain');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    // werkzeug HTML-escapes the description (' -> &#39;)
    expect(unescapeHtml(r.text)).toContain("Request inferred type is compatible with ['http'] but '/jsonrpc' is type='json'.");
    const r2 = await post({ params: {} }, 'application/x-www-form-urlencoded', '/web/dataset/call_kw');
    expect(r2.status).toBe(400);
    expect(unescapeHtml(r2.text)).toContain("but '/web/dataset/call_kw' is type='json'");
  });

  it('invalid JSON -> plain 400 "Invalid JSON data"; non-object JSON -> 400 "Invalid JSON-RPC data"', async () => {
    const bad = await post('{not json');
    expect([bad.status, bad.text]).toEqual([400, 'Invalid JSON data']);
    const arr = await post('[1, 2]');
    expect([arr.status, arr.text]).toEqual([400, 'Invalid JSON-RPC data']);
    const str = await post('"abc"');
    expect([str.status, str.text]).toEqual([400, 'Invalid JSON-RPC data']);
    const web = await post('{"params": ', 'application/json', '/web/session/authenticate');
    expect([web.status, web.text]).toEqual([400, 'Invalid JSON data']);
  });

  it('params given as an array -> a normal JSON-RPC error (HTTP 200), id echoed', async () => {
    const r = await post({ jsonrpc: '2.0', params: [1, 2], id: 8 });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(8);
    expect(expectError(r.json).data.name).toBe('builtins.TypeError');
  });

  it('missing /jsonrpc params -> TypeError naming RPC.jsonrpc() like Python', async () => {
    const r = await post({ params: { service: 'common', method: 'version' }, id: 2 });
    const err = expectError(r.json);
    expect(err.data.name).toBe('builtins.TypeError');
    expect(err.data.message).toBe("RPC.jsonrpc() missing 1 required positional argument: 'args'");
  });

  it('UTF-8 is sent as is (ensure_ascii=False), not as \\u escapes', async () => {
    const created = await jexec('res.partner', 'create', [{ name: 'Zoë 日本' }]);
    const r = await post({ params: { service: 'object', method: 'execute_kw', args: [srv.db, 2, 'admin', 'res.partner', 'read', [[created.result], ['name']]] }, id: 3 });
    expect(r.text).toContain('"Zoë 日本"');
    expect(r.json.result).toEqual([{ id: created.result, name: 'Zoë 日本' }]);
  });

  it('unknown path -> HTML 404 even for a JSON request', async () => {
    const r = await post({ params: {} }, 'application/json', '/web/no/such/route');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('error envelope', () => {
  it('unknown service -> builtins.KeyError, code 200 "Odoo Server Error", Python traceback in debug', async () => {
    const body = await c.service('nosuchservice', 'foo');
    const err = expectError(body);
    expect(Object.keys(err).sort()).toEqual(['code', 'data', 'message']);
    expect([err.code, err.message]).toEqual([200, 'Odoo Server Error']);
    expect(Object.keys(err.data).sort()).toEqual(['arguments', 'context', 'debug', 'message', 'name']);
    expect(err.data).toMatchObject({ name: 'builtins.KeyError', message: 'nosuchservice', arguments: ['nosuchservice'], context: {} });
    expect(err.data.debug.startsWith('Traceback (most recent call last):')).toBe(true);
    // Python prints a KeyError with the repr of its key
    expect(lastLine(err.data.debug)).toBe("KeyError: 'nosuchservice'");
  });

  it('unknown common method -> builtins.Exception "Method not found: foo"', async () => {
    const err = expectError(await c.service('common', 'foo'));
    expect(err.data).toMatchObject({ name: 'builtins.Exception', message: 'Method not found: foo', arguments: ['Method not found: foo'] });
    expect(lastLine(err.data.debug)).toBe('Exception: Method not found: foo');
  });

  it('ValueError: exact keys of error and data, debug ends with the Python error line', async () => {
    const err = expectError(await jexec('res.partner', 'search', [[['name', 'foo', 1]]]));
    expect(Object.keys(err).sort()).toEqual(['code', 'data', 'message']);
    expect(Object.keys(err.data).sort()).toEqual(['arguments', 'context', 'debug', 'message', 'name']);
    expect(err.data).toMatchObject({ name: 'builtins.ValueError', message: "Invalid leaf ('name', 'foo', 1)", arguments: ["Invalid leaf ('name', 'foo', 1)"], context: {} });
    expect(err.data.debug.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(err.data.debug.trimEnd().endsWith("ValueError: Invalid leaf ('name', 'foo', 1)")).toBe(true);
  });

  it('Odoo exceptions keep their module-qualified names and messages', async () => {
    let err = expectError(await jexec('res.partner', 'write', [[99999999], { name: 'x' }], {}));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: res.partner(99999999,), User: 2)' });
    err = expectError(await jexec('res.partner.category', 'create', [{ color: 1 }]));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: CATEGORY_MANDATORY_MSG });
    err = expectError(await jexec('res.foo', 'search', [[]]));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: "Object res.foo doesn't exist" });
    err = expectError(await jexec('res.partner', '_foo', [[]]));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Private methods (such as _foo) cannot be called remotely.' });
    err = expectError(await jexec('res.partner', 'foo_bar', [[]]));
    expect(err.data).toMatchObject({ name: 'builtins.AttributeError', message: "The method 'foo_bar' does not exist on the model 'res.partner'" });
    err = expectError(await jexec('res.partner', 'search', [[]], undefined, [2, 'wrong-password']));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied', arguments: ['Access Denied'] });
    err = expectError(await jexec('ir.config_parameter', 'search', [[]], undefined, [6, 'demo']));
    expect(err.data.name).toBe('odoo.exceptions.AccessError');
    expect(err.data.message).toContain('\t- Administration/Settings');
  });
});

describe('results', () => {
  it('a method returning None -> reply without "result" key; the call still ran', async () => {
    const pid = (await jexec('res.partner', 'create', [{ name: 'JR None' }])).result;
    const r = await post({ jsonrpc: '2.0', method: 'call', id: 77, params: { service: 'object', method: 'execute_kw', args: [srv.db, 2, 'admin', 'res.partner', 'action_archive', [[pid]]] } });
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 77 });
    expect((await jexec('res.partner', 'read', [[pid], ['active']])).result).toEqual([{ id: pid, active: false }]);
  });

  it('create over /jsonrpc: dict -> int, list -> list; legacy execute without kwargs', async () => {
    const one = await jexec('res.partner', 'create', [{ name: 'JR One' }]);
    expect(Number.isInteger(one.result)).toBe(true);
    const many = await jexec('res.partner', 'create', [[{ name: 'JR A' }, { name: 'JR B' }]]);
    expect(many.result).toHaveLength(2);
    const ex = await c.service('object', 'execute', srv.db, 2, 'admin', 'res.partner', 'search', [['id', '=', 3]]);
    expect(ex.result).toEqual([3]);
  });

  it('common.authenticate / common.login: uid, or false without an error', async () => {
    expect(await c.service('common', 'authenticate', srv.db, 'admin', 'admin', {})).toMatchObject({ result: 2 });
    const bad = await c.service('common', 'authenticate', srv.db, 'admin', 'wrong', {});
    expect(bad).toHaveProperty('result', false);
    expect(bad).not.toHaveProperty('error');
    expect((await c.service('common', 'login', srv.db, 'portal', 'portal')).result).toBe(7);
    expect(await c.service('common', 'login', srv.db, 'portal', 'wrong')).toHaveProperty('result', false);
  });

  it('/jsonrpc sets no session cookie', async () => {
    const r = await post({ params: { service: 'common', method: 'authenticate', args: [srv.db, 'admin', 'admin', {}] }, id: 1 });
    expect(r.json.result).toBe(2);
    expect(r.headers.getSetCookie()).toEqual([]);
  });
});

describe('version and database routes', () => {
  it('/web/webclient/version_info returns the common.version dict', async () => {
    expect(await c.call('/web/webclient/version_info', {}, 9)).toEqual({ jsonrpc: '2.0', id: 9, result: VERSION });
  });

  it('/web/database/list, db.list, db.server_version, db.db_exist', async () => {
    expect((await c.call('/web/database/list', {})).result).toEqual([srv.db]);
    expect((await c.service('db', 'list')).result).toEqual([srv.db]);
    expect((await c.service('db', 'server_version')).result).toBe('17.0');
    expect((await c.service('db', 'db_exist', srv.db)).result).toBe(true);
    expect((await c.service('db', 'db_exist', 'no_such_db_xyz')).result).toBe(false);
  });
});

describe('robustness', () => {
  it('a body over Odoo\'s 128 MiB limit gets an HTTP error and the server still answers', async () => {
    const huge = `{"jsonrpc":"2.0","method":"call","params":{"service":"common","method":"version","args":["${'x'.repeat(129 * 1024 * 1024)}"]},"id":1}`;
    let status = 0;
    try {
      const res = await fetch(`${srv.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: huge });
      status = res.status;
      await res.text();
    } catch {
      status = -1; // connection dropped instead of an HTTP answer
    }
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(await c.call('/web/webclient/version_info', {}, 10)).toEqual({ jsonrpc: '2.0', id: 10, result: VERSION });
  });

  it('50 concurrent requests are all answered correctly', async () => {
    const calls = Array.from({ length: 50 }, (_v, i) => {
      const params = i % 2
        ? versionCall
        : { service: 'object', method: 'execute_kw', args: [srv.db, 2, 'admin', 'res.partner', 'search_read', [[['id', '=', 3]]], { fields: ['name'] }] };
      return post({ jsonrpc: '2.0', method: 'call', params, id: i });
    });
    const replies = await Promise.all(calls);
    replies.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.json.id).toBe(i);
      expect(r.json.result).toEqual(i % 2 ? VERSION : [{ id: 3, name: 'Mitchell Admin' }]);
    });
  });
});

// OdooRPC (Debian python3-odoorpc, JSON-RPC only) uses /web/webclient/version_info, /jsonrpc
// common.login + object.execute/execute_kw, and raises RPCError(error.data.message).
// Checking the import now is safe: no request is in flight while the module loads.
const HAS_ODOORPC = spawnSync('/usr/bin/python3', ['-c', 'import odoorpc']).status === 0;
if (!HAS_ODOORPC) {
  // eslint-disable-next-line no-console
  console.warn('OdooRPC test skipped: `import odoorpc` failed with /usr/bin/python3 (install python3-odoorpc)');
}

describe('OdooRPC client', () => {
  (HAS_ODOORPC ? it : it.skip)('login, version, db list, search_read, create/browse/write, RPCError text', async () => {
    const r = await py(`
      import odoorpc
      from urllib.parse import urlparse
      u = urlparse(URL)
      odoo = odoorpc.ODOO(u.hostname, port=u.port)
      res = {'version': odoo.version, 'dbs': odoo.db.list()}
      odoo.login(DB, 'admin', 'admin')
      res['uid'] = odoo.env.uid
      res['context'] = odoo.env.context
      Partner = odoo.env['res.partner']
      res['search_read'] = Partner.search_read([['id', '=', 3]], ['name', 'email'])
      pid = Partner.create({'name': 'OdooRPC Partner'})
      res['pid'] = [pid, type(pid).__name__]
      rec = Partner.browse(pid)
      res['browse_name'] = rec.name
      rec.email = 'orpc@example.com'
      res['after_write'] = Partner.read([pid], ['email'])
      res['user_name'] = odoo.env.user.name
      try:
          Partner.search([['nofield', '=', 1]])
          res['error'] = None
      except odoorpc.error.RPCError as e:
          res['error'] = [str(e), e.info['data']['name']]
      try:
          odoorpc.ODOO(u.hostname, port=u.port).login(DB, 'admin', 'wrong')
          res['bad_login'] = None
      except odoorpc.error.RPCError as e:
          res['bad_login'] = str(e)
      odoo.logout()
      out(res)
    `, { url: srv.url, db: srv.db }, '/usr/bin/python3');
    expect(r.version).toBe('17.0');
    expect(r.dbs).toContain(srv.db);
    expect(r.uid).toBe(2);
    expect(r.context).toEqual({ lang: 'en_US', tz: expect.any(String), uid: 2 });
    expect(r.search_read).toEqual([{ id: 3, name: 'Mitchell Admin', email: 'admin@yourcompany.example.com' }]);
    expect(r.pid[1]).toBe('int');
    expect(r.browse_name).toBe('OdooRPC Partner');
    expect(r.after_write).toEqual([{ id: r.pid[0], email: 'orpc@example.com' }]);
    expect(r.user_name).toBe('Mitchell Admin');
    expect(r.error).toEqual(["Invalid field res.partner.nofield in leaf ('nofield', '=', 1)", 'builtins.ValueError']);
    // OdooRPC 0.9 logs in through /web/session/authenticate: the AccessDenied message surfaces
    expect(r.bad_login).toBe('Access Denied');
  });
});
