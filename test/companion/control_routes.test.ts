/**
 * The /emulator control routes over HTTP (issue 16): reset, snapshots, clock, faults, journal,
 * outbox; who may use them (loopback, or the master password; never through a proxy without
 * it); --no-control-routes; Odoo's log lines; database creation off the request path.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startOdoo, type OdooEmulator } from '../../index';
import { startServer } from '../../server/app';
import { defaults } from '../../server/config';
import { DatabaseManager, buildTemplateImage } from '../../models/database';
import { setLogLevel } from '../../server/log';
import { JsonClient } from '../helpers/server';

async function json(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('control routes', () => {
  let odoo: OdooEmulator;
  beforeAll(async () => { odoo = await startOdoo({ logLevel: 'critical', config: { admin_passwd: 'master!' } }); });
  afterAll(async () => { await odoo?.stop(); });

  const partners = async () => (await new JsonClient(odoo.url).service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'search_count', [[]])).result;
  const create = (name: string) => new JsonClient(odoo.url).service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'create', [{ name, email: 'ctl@example.com' }]);

  it('reset, snapshot and restore a database', async () => {
    const start = await partners();
    await create('Before snapshot');
    expect((await json(`${odoo.url}/emulator/snapshot`, 'POST', { name: 'one' })).body).toMatchObject({ db: 'odoo', name: 'one', bytes: expect.any(Number) });
    await create('After snapshot');
    expect((await json(`${odoo.url}/emulator/restore`, 'POST', { db: 'odoo', name: 'one' })).body).toEqual({ db: 'odoo', name: 'one', restored: true });
    expect(await partners()).toBe(start + 1);
    expect((await json(`${odoo.url}/emulator/snapshots?db=odoo`)).body).toEqual({ db: 'odoo', snapshots: ['one'] });
    expect((await json(`${odoo.url}/emulator/reset`, 'POST', {})).body).toEqual({ db: 'odoo', reset: true });
    expect(await partners()).toBe(start);
    expect((await json(`${odoo.url}/emulator/restore`, 'POST', { name: 'two' })).status).toBe(404);
    expect((await json(`${odoo.url}/emulator/reset`, 'POST', { db: 'nope' })).body).toEqual({ error: 'database "nope" does not exist' });
  });

  it('moves the clock, lists and removes faults, reads and clears the journal and the outbox', async () => {
    const set = await json(`${odoo.url}/emulator/clock`, 'POST', { set: '2030-01-02T03:04:05Z', freeze: true });
    expect(set.body).toEqual({ db: 'odoo', now: '2030-01-02T03:04:05.000Z', now_utc: '2030-01-02 03:04:05', offset_ms: expect.any(Number), frozen: true });
    expect((await json(`${odoo.url}/emulator/clock`, 'POST', { advance_ms: 60000 })).body.now_utc).toBe('2030-01-02 03:05:05');
    expect((await json(`${odoo.url}/emulator/clock`, 'POST', { reset: true })).body.frozen).toBe(false);

    const added = await json(`${odoo.url}/emulator/faults`, 'POST', { model: 'res.partner', method: 'create', error: 'ValidationError', message: 'No' });
    const r = await create('Refused');
    expect(r.error.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'No' });
    expect((await json(`${odoo.url}/emulator/faults`)).body).toEqual([expect.objectContaining({ id: added.body.id, hits: 1 })]);
    expect((await json(`${odoo.url}/emulator/faults/${added.body.id}`, 'DELETE')).status).toBe(200);
    expect((await json(`${odoo.url}/emulator/faults/${added.body.id}`, 'DELETE')).status).toBe(404);

    await create('Mailed');
    const calls = (await json(`${odoo.url}/emulator/journal?model=res.partner&method=create`)).body;
    expect(calls.map((c: any) => [c.outcome, c.args[0].name])).toEqual([['fault', 'Refused'], ['result', 'Mailed']]);
    await json(`${odoo.url}/emulator/journal`, 'DELETE');
    expect((await json(`${odoo.url}/emulator/journal?model=res.partner`)).body).toEqual([]);

    // the outbox: what the server sent, cleared on demand
    await new JsonClient(odoo.url).service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.users', 'action_reset_password', [[6]]);
    expect((await json(`${odoo.url}/emulator/outbox.json?to=mark.brown23`)).body).toHaveLength(1);
    expect((await json(`${odoo.url}/emulator/outbox/clear`, 'POST', {})).body).toEqual({ db: 'odoo', deleted: expect.any(Number) });
    expect((await json(`${odoo.url}/emulator/outbox.json`)).body).toEqual([]);
  });

  it('through a proxy (forwarded headers), only with the master password', async () => {
    const proxied = { 'X-Forwarded-For': '203.0.113.9' };
    for (const p of ['/emulator/outbox.json', '/emulator/journal', '/emulator/outbox']) {
      expect((await fetch(`${odoo.url}${p}`, { headers: proxied })).status).toBe(403);
    }
    expect((await json(`${odoo.url}/emulator/reset`, 'POST', {}, proxied)).status).toBe(403);
    expect((await json(`${odoo.url}/emulator/reset`, 'POST', {}, { ...proxied, 'X-Odoo-Master-Password': 'wrong' })).status).toBe(403);
    expect((await json(`${odoo.url}/emulator/reset`, 'POST', {}, { ...proxied, 'X-Odoo-Master-Password': 'master!' })).status).toBe(200);
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

describe('on a non-loopback interface', () => {
  const lan = lanAddress();
  (lan ? it : it.skip)('the outbox and the control routes need the master password; Odoo routes answer', async () => {
    const odoo = await startOdoo({ host: lan!, logLevel: 'critical', config: { admin_passwd: 'master!' } });
    try {
      expect(odoo.url).toBe(`http://${lan}:${odoo.port}`);
      expect((await fetch(`${odoo.url}/emulator/outbox.json`)).status).toBe(403);
      expect((await json(`${odoo.url}/emulator/faults`, 'POST', { drop: true })).status).toBe(403);
      expect((await fetch(`${odoo.url}/emulator/outbox.json`, { headers: { 'X-Odoo-Master-Password': 'master!' } })).status).toBe(200);
      expect((await new JsonClient(odoo.url).service('common', 'version')).result.server_version).toBe('17.0');
    } finally {
      await odoo.stop();
    }
  });
});

describe('--no-control-routes', () => {
  it('removes the outbox and every control route', async () => {
    const odoo = await startOdoo({ logLevel: 'critical', config: { control_routes: false } });
    try {
      for (const p of ['/emulator/outbox.json', '/emulator/outbox', '/emulator/journal', '/emulator/status']) {
        expect((await fetch(`${odoo.url}${p}`)).status).toBe(404);
      }
      expect((await fetch(`${odoo.url}/emulator/reset`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await odoo.stop();
    }
  });
});

describe('logs as Odoo writes them', () => {
  let lines: string[];
  let spy: jest.SpyInstance;
  let odoo: OdooEmulator;
  beforeAll(async () => {
    // the lines of this process (a pool's workers write to the same stderr, not through this spy)
    odoo = await startOdoo({ logLevel: 'info', inThread: true });
    lines = [];
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
  });
  afterAll(async () => { spy.mockRestore(); setLogLevel('critical'); await odoo?.stop(); });

  it('login failures and successes, warnings for access and user errors, errors with a traceback, the database on every line', async () => {
    const c = new JsonClient(odoo.url);
    await c.call('/web/session/authenticate', { db: odoo.db, login: 'admin', password: 'wrong' });
    await c.call('/web/session/authenticate', { db: odoo.db, login: 'demo', password: 'demo' });
    await c.service('object', 'execute_kw', odoo.db, 6, 'demo', 'ir.config_parameter', 'get_param', ['x']);
    await c.service('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'search', [[['name', 'bad', 1]]]);
    const text = lines.join('');
    const line = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (INFO|WARNING|ERROR) (\S+) (\S+): /;
    expect(text).toMatch(/ INFO odoo odoo\.addons\.base\.models\.res_users: Login failed for db:odoo login:admin from 127\.0\.0\.1\n/);
    expect(text).toMatch(/ INFO odoo odoo\.addons\.base\.models\.res_users: Login successful for db:odoo login:demo from 127\.0\.0\.1\n/);
    expect(text).toMatch(/ WARNING odoo odoo\.http: Access Denied\n/);
    expect(text).toMatch(/ WARNING odoo odoo\.http: You are not allowed to access 'System Parameter' \(ir\.config_parameter\) records\./);
    expect(text).toMatch(/ ERROR odoo odoo\.http: Exception during request handling\.\nTraceback \(most recent call last\):\n[\s\S]*\nValueError: Invalid leaf \('name', 'bad', 1\)\n/);
    expect(text).toMatch(/ INFO odoo werkzeug: 127\.0\.0\.1 - - \[[^\]]+\] "POST \/jsonrpc HTTP\/1\.1" 200 /);
    for (const l of lines) {
      const m = line.exec(l);
      if (m) expect([l, m[2]]).toEqual([l, 'odoo']);
    }
  });

  // /jsonrpc neither reads nor writes the session (server/http.ts SessionlessCtx): the database
  // of its request line is worked out when the line is written, for calls that name none
  it('a /jsonrpc call that names no database logs the request\'s database; no cookie is read or sent', async () => {
    lines.length = 0;
    const web = new JsonClient(odoo.url);
    await web.call('/web/session/authenticate', { db: odoo.db, login: 'demo', password: 'demo' });
    const cookie = String(web.cookies.get('session_id'));
    const before = Date.now();
    const plain = await fetch(`${odoo.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] }, id: 1 }) });
    const withCookie = await fetch(`${odoo.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `session_id=${cookie}` }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'db', method: 'server_version', args: [] }, id: 2 }) });
    expect([(await plain.json()).result.server_version, (await withCookie.json()).result]).toEqual(['17.0', '17.0']);
    expect([plain.headers.get('set-cookie'), withCookie.headers.get('set-cookie')]).toEqual([null, null]);
    const requests = lines.filter((l) => l.includes('"POST /jsonrpc HTTP/1.1"'));
    expect(requests).toHaveLength(2);
    for (const l of requests) {
      // Odoo's time stamp (UTC, milliseconds) and werkzeug's HTTP date, both of this moment
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) \d+ INFO (\S+) werkzeug: 127\.0\.0\.1 - - \[([^\]]+)\] "POST \/jsonrpc HTTP\/1\.1" 200 - - /.exec(l);
      expect([l, m?.[4]]).toEqual([l, odoo.db]);
      const stamped = Date.parse(`${m![1]}T${m![2]}.${m![3]}Z`);
      expect(stamped).toBeGreaterThanOrEqual(before - 1000);
      expect(stamped).toBeLessThanOrEqual(Date.now() + 1000);
      expect(Math.abs(Date.parse(m![5]) - stamped)).toBeLessThan(2000);
      expect(m![5]).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    }
  });

  it('progress lines while a template database is built', () => {
    lines.length = 0;
    buildTemplateImage({ demo: false, modules: ['base'] });
    const text = lines.join('');
    expect(text).toMatch(/ INFO \? odoo\.service\.db: Building the template database \(without demo data, modules: base\)\n/);
    expect(text).toMatch(/ INFO template odoo\.modules\.loading: Loading module base \(1\/\d+\): installed in \d+ ms\n/);
    expect(text).toMatch(/ INFO \? odoo\.service\.db: Template database built in \d+ ms\n/);
  });
});

describe('creating a database never holds up other requests', () => {
  it('while a template is built (in a worker thread), the server answers other calls', async () => {
    setLogLevel('critical');
    const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-emulator-fresh-templates-'));
    const server = await startServer({ ...defaults(), data_dir: null, http_port: 0, db_name: [], admin_passwd: 'admin' }, new DatabaseManager(null, { templateDir }));
    try {
      const c = new JsonClient(server.url);
      let created = false;
      const creating = c.service('db', 'create_database', 'admin', 'fresh', false, 'en_US', 'admin').then((r) => { created = true; return r; });
      const answered: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        const v = await c.service('common', 'version');
        answered.push(v.result.server_version === '17.0' && !created);
      }
      expect(answered).toEqual([true, true, true]);
      expect((await creating).result).toBe(true);
      expect((await c.service('common', 'authenticate', 'fresh', 'admin', 'admin', {})).result).toBe(2);
      // the image is kept: in the cache directory for other processes
      expect(fs.readdirSync(templateDir).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
    } finally {
      await server.close();
      fs.rmSync(templateDir, { recursive: true, force: true });
    }
  }, 120000);
});
