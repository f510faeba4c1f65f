/**
 * What one worker process of a pool does, the other sees at once: data and memoized results
 * (another connection's commit), sessions (a logout), credentials (a password change), modules
 * (an install), fault rules, the clock, login failure counters, databases (create, drop), the
 * master password; and read-modify-write calls running at once on both workers lose nothing
 * (one transaction per call, retried with the write lock when another committed first).
 *
 * Two keep-alive connections opened while both workers are idle land on different workers (the
 * primary gives a new connection to the worker holding fewest), checked with the pool's stats.
 */
import { startOdoo, type OdooEmulator } from '../../server/api';
import { Connection, until } from './helpers';

let odoo: OdooEmulator;
let a: Connection;
let b: Connection;

beforeAll(async () => {
  // base and web only: the install test adds portal
  odoo = await startOdoo({ modules: ['base', 'web'], config: { workers: 2 } });
}, 120000);
afterAll(async () => { await odoo?.stop(); });

beforeEach(async () => {
  await odoo.reset();
  // both workers there and idle (a test before may have had one replaced)
  await until(() => odoo.server.pool!.stats().length === 2 && odoo.server.pool!.stats().every((s) => !s.busy && s.connections === 0), 30000, 'two idle workers');
  a = new Connection(odoo.url);
  b = new Connection(odoo.url);
  expect((await a.executeKw(odoo.db, 'res.partner', 'search_count', [[]])).result).toEqual(expect.any(Number));
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[]])).result).toEqual(expect.any(Number));
  expect(odoo.server.pool!.stats().map((s) => s.connections)).toEqual([1, 1]);
});
afterEach(() => { a.close(); b.close(); });

const name = async (c: Connection, id: number) => (await c.executeKw(odoo.db, 'res.partner', 'read', [[id], ['name']])).result[0].name;

test('a write through one worker is read through the other at once', async () => {
  expect(await name(b, 3)).toBe('Mitchell Admin');
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[['name', '=', 'Renamed']]])).result).toBe(0);
  expect((await a.executeKw(odoo.db, 'res.partner', 'write', [[3], { name: 'Renamed' }])).result).toBe(true);
  expect(await name(b, 3)).toBe('Renamed');
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[['name', '=', 'Renamed']]])).result).toBe(1);
});

test('a session logged out through one worker is expired on the other', async () => {
  expect((await a.web('/web/session/authenticate', { db: odoo.db, login: 'admin', password: 'admin' })).result.uid).toBe(2);
  b.cookie = a.cookie;
  const callKw = () => b.web('/web/dataset/call_kw/res.partner/read', { model: 'res.partner', method: 'read', args: [[3], ['name']], kwargs: {} });
  expect((await callKw()).result).toEqual([{ id: 3, name: 'Mitchell Admin' }]);
  await a.web('/web/session/destroy', {});
  expect((await callKw()).error).toMatchObject({ code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException' } });
});

test('a password changed through one worker: the other refuses the old one', async () => {
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[]], {}, 2, 'admin')).result).toEqual(expect.any(Number));
  expect((await a.executeKw(odoo.db, 'res.users', 'write', [[2], { password: 'changed' }])).result).toBe(true);
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[]], {}, 2, 'admin')).error).toMatchObject({ data: { name: 'odoo.exceptions.AccessDenied' } });
  expect((await b.executeKw(odoo.db, 'res.partner', 'search_count', [[]], {}, 2, 'changed')).result).toEqual(expect.any(Number));
});

test('a module installed through one worker exists on the other (and is gone again after a reset)', async () => {
  expect((await b.executeKw(odoo.db, 'portal.wizard', 'search_count', [[]])).error).toMatchObject({ data: { message: "Object portal.wizard doesn't exist" } });
  const [portal] = (await a.executeKw(odoo.db, 'ir.module.module', 'search', [[['name', '=', 'portal']]])).result;
  expect((await a.executeKw(odoo.db, 'ir.module.module', 'button_immediate_install', [[portal]])).result).toMatchObject({ type: 'ir.actions.act_url' });
  expect((await b.executeKw(odoo.db, 'portal.wizard', 'search_count', [[]])).result).toBe(0);
  await odoo.reset();
  expect((await b.executeKw(odoo.db, 'portal.wizard', 'search_count', [[]])).error).toMatchObject({ data: { message: "Object portal.wizard doesn't exist" } });
  expect((await a.executeKw(odoo.db, 'portal.wizard', 'search_count', [[]])).error).toMatchObject({ data: { message: "Object portal.wizard doesn't exist" } });
});

test('a fault rule with times: 1 fails one call, whichever worker gets it', async () => {
  odoo.faults.add({ model: 'res.partner', method: 'search_count', error: 'UserError', message: 'once', times: 1 });
  const answers = await Promise.all([a, b, a, b].map((c) => c.executeKw(odoo.db, 'res.partner', 'search_count', [[]])));
  expect(answers.filter((r) => r.error).map((r) => r.error.data.message)).toEqual(['once']);
  expect(odoo.faults.list()).toEqual([expect.objectContaining({ hits: 1, times: 1 })]);
});

test('the clock moved through the API is the one of every worker; a reset brings the data back on both', async () => {
  odoo.clock.set('2030-01-01 00:00:00', { freeze: true });
  const id = (await a.executeKw(odoo.db, 'res.partner', 'create', [{ name: 'Dated' }])).result;
  expect((await b.executeKw(odoo.db, 'res.partner', 'read', [[id], ['create_date']])).result).toEqual([{ id, create_date: '2030-01-01 00:00:00' }]);
  await odoo.reset();
  for (const c of [a, b]) expect((await c.executeKw(odoo.db, 'res.partner', 'search_count', [[['name', '=', 'Dated']]])).result).toBe(0);
  expect(odoo.clock.info().frozen).toBe(false);
});

test('login failures on both workers add up to the cooldown', async () => {
  await a.executeKw(odoo.db, 'ir.config_parameter', 'set_param', ['base.login_cooldown_after', '2']);
  const login = (c: Connection, password: string) => c.web('/web/session/authenticate', { db: odoo.db, login: 'admin', password });
  expect((await login(a, 'wrong')).error).toMatchObject({ data: { name: 'odoo.exceptions.AccessDenied' } });
  expect((await login(b, 'wrong')).error).toMatchObject({ data: { name: 'odoo.exceptions.AccessDenied' } });
  expect((await login(a, 'admin')).error).toMatchObject({ data: { message: 'Too many login failures, please wait a bit before trying again.' } });
});

test('a database created, then dropped, through one worker: the other sees both at once', async () => {
  expect((await a.service('db', 'create_database', 'admin', 'pool_other', false, 'en_US', 'secret')).result).toBe(true);
  expect((await b.service('db', 'db_exist', 'pool_other')).result).toBe(true);
  expect((await b.service('common', 'authenticate', 'pool_other', 'admin', 'secret', {})).result).toBe(2);
  expect((await a.service('db', 'drop', 'admin', 'pool_other')).result).toBe(true);
  expect((await b.service('db', 'db_exist', 'pool_other')).result).toBe(false);
  expect((await b.executeKw('pool_other', 'res.partner', 'search_count', [[]], {}, 2, 'secret')).error).toMatchObject({
    data: { name: 'psycopg2.OperationalError', message: "connection to server failed: FATAL:  database 'pool_other' does not exist" },
  });
});

test('the master password changed through one worker is the other one\'s', async () => {
  expect((await a.service('db', 'change_admin_password', 'admin', 'new-master')).result).toBe(true);
  expect((await b.service('db', 'rename', 'admin', 'nope', 'nope2')).error).toMatchObject({ data: { name: 'odoo.exceptions.AccessDenied' } });
  expect((await b.service('db', 'rename', 'new-master', 'nope', 'nope2')).error).toMatchObject({ data: { message: 'Database nope does not exist' } });
  expect((await a.service('db', 'change_admin_password', 'new-master', 'admin')).result).toBe(true);
});

test('read-modify-write calls at once on both workers lose nothing (next_by_code)', async () => {
  expect((await a.executeKw(odoo.db, 'ir.sequence', 'create', [{ name: 'Pool test', code: 'pool.test', padding: 0 }])).result).toEqual(expect.any(Number));
  const draw = async (c: Connection) => {
    const out: string[] = [];
    for (let i = 0; i < 15; i++) out.push((await c.executeKw(odoo.db, 'ir.sequence', 'next_by_code', ['pool.test'])).result);
    return out;
  };
  const numbers = (await Promise.all([draw(a), draw(b)])).flat().map(Number).sort((x, y) => x - y);
  expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});
