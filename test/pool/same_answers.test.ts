/**
 * A pool of worker processes answers byte for byte as the in-thread server does: the same calls
 * (results and errors, JSON-RPC, XML-RPC and the web client's call_kw) against a pooled server
 * (--workers 2) and an in-thread one, both fresh from the same template with the same frozen
 * clock, give the same HTTP bodies — a very large search_read included, which the pool streams.
 */
import { startOdoo, type OdooEmulator } from '../../server/api';
import { dumpMethodCall } from '../../rpc/xmlrpc/codec';
import { Connection } from './helpers';

let pooled: OdooEmulator;
let inThread: OdooEmulator;

beforeAll(async () => {
  [pooled, inThread] = await Promise.all([startOdoo({ config: { workers: 2 } }), startOdoo({ inThread: true })]);
  for (const o of [pooled, inThread]) o.clock.set('2024-05-01 12:00:00', { freeze: true });
}, 120000);
afterAll(async () => { await Promise.all([pooled?.stop(), inThread?.stop()]); });

const jsonrpc = (service: string, method: string, args: unknown[]) => JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 7 });
const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, uid = 2, password = 'admin') =>
  ['object', 'execute_kw', ['odoo', uid, password, model, method, args, kwargs]] as const;

/** The same request to both servers, each on a connection of its own; the two answers. */
async function both(path: string, body: string, contentType = 'application/json'): Promise<[string, string]> {
  const answers: string[] = [];
  for (const o of [pooled, inThread]) {
    const c = new Connection(o.url);
    answers.push((await c.post(path, body, contentType)).body);
    c.close();
  }
  return [answers[0], answers[1]];
}

/** Byte for byte; a failure shows where the two answers part (not megabytes of both). */
function expectSame(pooledBody: string, inThreadBody: string): void {
  if (pooledBody === inThreadBody) return;
  let i = 0;
  while (i < pooledBody.length && pooledBody[i] === inThreadBody[i]) i++;
  expect({ at: i, pooled: pooledBody.slice(Math.max(0, i - 80), i + 80) }).toEqual({ at: i, pooled: inThreadBody.slice(Math.max(0, i - 80), i + 80) });
}

const CALLS: Array<readonly [string, string, unknown[]]> = [
  ['common', 'version', []],
  ['common', 'authenticate', ['odoo', 'demo', 'demo', {}]],
  kw('res.partner', 'search_read', [[['is_company', '=', true]]], { fields: ['name', 'email', 'country_id', 'child_ids'], order: 'name' }),
  kw('res.partner', 'read_group', [[], ['country_id'], ['country_id']]),
  kw('res.partner', 'fields_get', [['name', 'type', 'country_id']], { attributes: ['string', 'type', 'relation', 'selection'] }),
  kw('res.partner', 'name_search', ['a'], { limit: 5 }),
  kw('res.partner', 'create', [{ name: 'Same answer', email: 'same@example.com' }]),
  kw('res.partner', 'read', [[3, 999999], ['name']]),
  kw('res.users', 'read', [[2], ['login']], {}, 7, 'portal'),
  kw('res.partner', 'search', [[['nope', '=', 1]]]),
  kw('res.partner', 'write', [[3], { name: false }]),
];

test.each(CALLS.map((c) => [`${c[0]}.${c[1]} ${JSON.stringify(c[2]).slice(0, 90)}`, c]))('/jsonrpc %s', async (_label, call) => {
  const [service, method, args] = call as typeof CALLS[number];
  const [a, b] = await both('/jsonrpc', jsonrpc(service, method, args));
  expectSame(a, b);
});

test('XML-RPC: the same calls, the same documents', async () => {
  for (const [service, method, args] of CALLS) {
    const [a, b] = await both(`/xmlrpc/2/${service}`, dumpMethodCall(method, args), 'text/xml');
    expectSame(a, b);
  }
});

test('the web client\'s call_kw with a session', async () => {
  const answers: string[] = [];
  for (const o of [pooled, inThread]) {
    const c = new Connection(o.url);
    await c.web('/web/session/authenticate', { db: 'odoo', login: 'admin', password: 'admin' });
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: 'res.partner', method: 'web_search_read', args: [], kwargs: { domain: [], specification: { name: {}, country_id: { fields: { display_name: {} } } }, limit: 10, order: 'id' } }, id: 3 });
    answers.push((await c.post('/web/dataset/call_kw/res.partner/web_search_read', body)).body);
    c.close();
  }
  expectSame(answers[0], answers[1]);
});

test('a search_read of thousands of records: streamed by the pool, the same bytes', async () => {
  const vals = Array.from({ length: 2500 }, (_, i) => ({ name: `Bulk ${i}`, email: `bulk${i}@example.com`, city: i % 3 ? 'Namur' : false, is_company: i % 7 === 0 }));
  const [created, createdToo] = await both('/jsonrpc', jsonrpc(...kw('res.partner', 'create', [vals])));
  expect(created).toBe(createdToo);
  // every field but those holding the server's address (signup_url)
  const fields = Object.keys(JSON.parse((await both('/jsonrpc', jsonrpc(...kw('res.partner', 'fields_get', [], { attributes: ['type'] }))))[0]).result)
    .filter((f) => f !== 'signup_url');
  for (const kwargs of [{ fields }, { fields: ['name', 'city', 'country_id', 'category_id', 'parent_id'], order: 'name desc' }]) {
    const [a, b] = await both('/jsonrpc', jsonrpc(...kw('res.partner', 'search_read', [[]], kwargs)));
    expect(JSON.parse(a).result.length).toBeGreaterThan(2500);
    expectSame(a, b);
  }
  const [x, y] = await both('/xmlrpc/2/object', dumpMethodCall('execute_kw', ['odoo', 2, 'admin', 'res.partner', 'search_read', [[['name', '=like', 'Bulk %']]], { fields: ['name', 'email'] }]), 'text/xml');
  expectSame(x, y);
  expect(pooled.journal({ method: 'search_read' }).pop()).toMatchObject({ result_summary: 'list of 2500' });
});
