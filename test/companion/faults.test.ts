/**
 * Fault injection seen by real clients (issue 16): every fault kind against Python's
 * xmlrpc.client and OdooRPC, which must raise what they raise against a failing Odoo 17.
 * The expected errors were recorded against a real Odoo 17 (SerializationFailure: a write
 * whose 5 internal retries all met a concurrent update).
 */
import { execFile } from 'child_process';
import { promisify } from 'util';
import path from 'path';
import { startOdoo, type OdooEmulator } from '../../index';
import { JsonClient } from '../helpers/server';

let odoo: OdooEmulator;
beforeAll(async () => { odoo = await startOdoo({ logLevel: 'critical' }); });
afterAll(async () => { await odoo?.stop(); });

describe('fault kinds seen by xmlrpc.client and OdooRPC', () => {
  let report: Record<string, { xmlrpc: any; odoorpc: any; after: boolean; hits: number }>;
  beforeAll(async () => {
    // asynchronously: the server answers from this process
    const { stdout } = await promisify(execFile)('/usr/bin/python3', [path.join(__dirname, 'fault_clients.py'), odoo.url, odoo.db], { encoding: 'utf8', timeout: 60000 });
    report = JSON.parse(stdout);
  }, 90000);

  it.each([
    ['AccessError', 4, 'Not for you', 'odoo.exceptions.AccessError'],
    ['UserError', 2, 'Something is wrong', 'odoo.exceptions.UserError'],
    ['ValidationError', 2, 'Invalid value', 'odoo.exceptions.ValidationError'],
    ['MissingError', 2, 'Record does not exist or has been deleted.', 'odoo.exceptions.MissingError'],
    ['AccessDenied', 3, 'Access Denied', 'odoo.exceptions.AccessDenied'],
  ])('%s: xmlrpc.client raises Fault %d, OdooRPC raises RPCError with the exception name', (name, code, message, pyName) => {
    expect(report[name].xmlrpc).toEqual({ class: 'xmlrpc.client.Fault', faultCode: code, faultString: message });
    expect(report[name].odoorpc).toEqual({ class: 'odoorpc.error.RPCError', message, name: pyName, code: 200 });
  });

  it('SerializationFailure: the answer Odoo gives once its retries are exhausted', () => {
    expect(report.SerializationFailure.xmlrpc).toEqual({
      class: 'xmlrpc.client.Fault', faultCode: 1, faultString: 'psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update',
    });
    expect(report.SerializationFailure.odoorpc).toEqual({
      class: 'odoorpc.error.RPCError', message: 'could not serialize access due to concurrent update\n', name: 'psycopg2.errors.SerializationFailure', code: 200,
    });
  });

  it.each([502, 503, 504])('http_status %d: xmlrpc.client raises ProtocolError, OdooRPC urllib\'s HTTPError', (status) => {
    expect(report[`http_${status}`].xmlrpc).toEqual({ class: 'xmlrpc.client.ProtocolError', errcode: status });
    expect(report[`http_${status}`].odoorpc).toEqual({ class: 'urllib.error.HTTPError', code: status });
  });

  it('drop: the connection closes without an answer; xmlrpc.client tries once more before raising', () => {
    expect(report.drop.xmlrpc.class).toBe('http.client.RemoteDisconnected');
    expect(report.drop.odoorpc.class).toBe('http.client.RemoteDisconnected');
    expect(report.drop.hits).toBe(3);
  });

  it('truncate: the body ends before its announced length', () => {
    // xmlrpc.client reads by chunks and hands the half document to its parser
    expect(report.truncate.xmlrpc.class).toBe('xml.parsers.expat.ExpatError');
    expect(report.truncate.odoorpc.class).toBe('http.client.IncompleteRead');
  });

  it('delay: a client with a shorter timeout gives up', () => {
    expect(report.delay.xmlrpc.class).toMatch(/^(TimeoutError|socket\.timeout|builtins\.TimeoutError)$/);
    expect(report.delay.odoorpc.class).toMatch(/TimeoutError|timeout|URLError/);
  });

  it('each rule hit both clients\' calls; once removed, the call works again', () => {
    for (const [name, r] of Object.entries(report)) {
      expect([name, r.after]).toEqual([name, true]);
      if (name !== 'drop') expect([name, r.hits]).toEqual([name, 2]);
    }
  });
});

describe('fault matching and answers per protocol', () => {
  afterEach(() => odoo.faults.clear());

  it('the same SerializationFailure on /jsonrpc and legacy /xmlrpc, as recorded from Odoo 17', async () => {
    odoo.faults.add({ error: 'SerializationFailure', service: 'object' });
    const r = await new JsonClient(odoo.url).service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'write', [[3], { name: 'x' }]);
    expect(r.error).toMatchObject({
      code: 200, message: 'Odoo Server Error',
      data: {
        name: 'psycopg2.errors.SerializationFailure', message: 'could not serialize access due to concurrent update\n',
        arguments: ['could not serialize access due to concurrent update\n'], context: {},
      },
    });
    expect(r.error.data.debug).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\npsycopg2\.errors\.SerializationFailure: could not serialize access due to concurrent update\n\n$/);
    const legacy = await fetch(`${odoo.url}/xmlrpc/object`, {
      method: 'POST', headers: { 'Content-Type': 'text/xml' },
      body: `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params><param><value><string>${odoo.db}</string></value></param><param><value><int>2</int></value></param><param><value><string>admin</string></value></param><param><value><string>res.partner</string></value></param><param><value><string>search_count</string></value></param><param><value><array><data><value><array><data/></array></value></data></array></value></param></params></methodCall>`,
    });
    const xml = await legacy.text();
    expect(xml).toContain('<name>faultCode</name>\n<value><string>could not serialize access due to concurrent update\n</string></value>');
  });

  it('common.authenticate answers False to an injected AccessDenied, as to a wrong password', async () => {
    odoo.faults.add({ error: 'AccessDenied', service: 'common', method: 'authenticate' });
    const r = await new JsonClient(odoo.url).service('common', 'authenticate', odoo.db, 'admin', 'admin', {});
    expect(r).toEqual({ jsonrpc: '2.0', id: 1, result: false });
  });

  it('a rule with times: N hits N calls, then calls go through', async () => {
    odoo.faults.add({ error: 'UserError', model: 'res.partner', times: 2 });
    const c = new JsonClient(odoo.url);
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'search_count', [[]]);
      names.push(r.error ? r.error.data.name : 'result');
    }
    expect(names).toEqual(['odoo.exceptions.UserError', 'odoo.exceptions.UserError', 'result']);
  });

  it('matches on database, user and route; probability 0 never hits', async () => {
    odoo.faults.add({ error: 'UserError', db: 'elsewhere' });
    odoo.faults.add({ error: 'UserError', uid: 6 });
    odoo.faults.add({ error: 'UserError', route: '/xmlrpc/*' });
    odoo.faults.add({ error: 'UserError', probability: 0 });
    const c = new JsonClient(odoo.url);
    const admin = await c.service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'search_count', [[]]);
    expect(admin.result).toEqual(expect.any(Number));
    const demo = await c.service('object', 'execute_kw', odoo.db, 6, 'demo', 'res.partner', 'search_count', [[]]);
    expect(demo.error.data.name).toBe('odoo.exceptions.UserError');
    expect(odoo.faults.list().map((f) => f.hits)).toEqual([0, 1, 0, 0]);
    const [entry] = odoo.journal({ uid: 6, method: 'search_count' }).slice(-1);
    expect(entry).toMatchObject({ outcome: 'fault', fault: { effects: ['error:UserError'] }, error: { name: 'odoo.exceptions.UserError' } });
  });

  it('refuses a rule it does not understand, with the reason', async () => {
    expect(() => odoo.faults.add({ error: 'KeyError' } as never)).toThrow('error must be one of AccessDenied, AccessError, UserError, ValidationError, MissingError, SerializationFailure');
    expect(() => odoo.faults.add({ model: 'res.partner' })).toThrow('a fault rule needs an effect');
    const res = await fetch(`${odoo.url}/emulator/faults`, { method: 'POST', body: JSON.stringify({ http_status: 500 }) });
    expect([res.status, await res.json()]).toEqual([400, { error: 'http_status must be 502, 503 or 504' }]);
  });
});

describe('faults on pages', () => {
  afterEach(() => odoo.faults.clear());

  it('a page route can answer a gateway error or lose its connection; RPC routes are untouched by it', async () => {
    odoo.faults.add({ route: '/web/login', http_status: 503, times: 1 });
    const page = await fetch(`${odoo.url}/web/login`);
    expect([page.status, await page.text()]).toEqual([503, expect.stringContaining('<title>503 Service Temporarily Unavailable</title>')]);
    expect((await fetch(`${odoo.url}/web/login`)).status).toBe(200);
    odoo.faults.add({ route: '/my*', drop: true });
    await expect(fetch(`${odoo.url}/my/home`)).rejects.toThrow();
    const r = await new JsonClient(odoo.url).service('common', 'version');
    expect(r.result.server_version).toBe('17.0');
  });
});
