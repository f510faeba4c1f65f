/**
 * Issue 17, "one request stalls everyone": with a pool of worker processes a slow call keeps one
 * worker busy and every other call is answered meanwhile, including calls sent on keep-alive
 * connections that the busy worker held (they are handed to the other worker). The slow call is
 * the companion's busy_ms fault: the call computes for that long before it runs, as a slow
 * method does (delay_ms would only hold its answer back, leaving the server free).
 */
import { startOdoo, type OdooEmulator } from '../../server/api';
import { Connection, until } from './helpers';

describe('a pool of two workers (--workers 2)', () => {
  let odoo: OdooEmulator;
  let conns: Connection[] = [];
  beforeAll(async () => { odoo = await startOdoo({ config: { workers: 2 } }); }, 120000);
  afterAll(async () => { for (const c of conns) c.close(); await odoo?.stop(); });

  test('answers small calls on every connection while a slow call keeps one worker busy', async () => {
    // while one worker is busy, three keep-alive connections are opened: all on the other one
    const x = new Connection(odoo.url);
    conns = [x, new Connection(odoo.url), new Connection(odoo.url), new Connection(odoo.url)];
    odoo.faults.add({ model: 'res.partner', method: 'search_count', busy_ms: 1000, times: 1 });
    const first = x.executeKw(odoo.db, 'res.partner', 'search_count', [[]]);
    await until(() => odoo.server.pool!.stats().some((s) => s.busy), 30000, 'a busy worker');
    const [a, b, c] = conns.slice(1);
    await Promise.all([a, b, c].map((conn) => conn.executeKw(odoo.db, 'res.partner', 'search_count', [[]])));
    await first;
    expect(odoo.server.pool!.stats().map((s) => s.connections).sort()).toEqual([1, 3]);

    // the slow call keeps that worker busy: the calls on its two other connections go to the other worker
    odoo.faults.add({ model: 'res.partner', method: 'write', busy_ms: 4000, times: 1 });
    let slowAnswered = false;
    const slow = a.executeKw(odoo.db, 'res.partner', 'write', [[3], { name: 'Slow' }]).then((r) => { slowAnswered = true; return r; });
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([b, c, x].map((conn) => conn.executeKw(odoo.db, 'res.partner', 'search_read', [[['id', '=', 1]]], { fields: ['name'] })));
      for (const answer of answers) expect(answer).toMatchObject({ result: [{ id: 1, name: 'YourCompany' }] });
    }
    expect(slowAnswered).toBe(false);
    expect(await slow).toMatchObject({ result: true });
    // the journal is the server's, whichever worker answered
    expect(odoo.journal({ method: 'write' })).toEqual([expect.objectContaining({ outcome: 'result', fault: { id: expect.any(Number), effects: ['busy_ms:4000'] } })]);
    expect(odoo.journal({ method: 'search_read' })).toHaveLength(15);
  });

  test('calls sent at the moment a slow call starts, on new connections, are answered before it ends', async () => {
    // the new connections are spread over both workers, some of them reaching the slow call's
    // worker just before or while it starts computing: taken from it (claims), or not read by
    // it while it answers (parked), they go to the other worker
    odoo.faults.add({ model: 'res.partner', method: 'search_count', busy_ms: 3000, times: 1 });
    const fresh = Array.from({ length: 7 }, () => new Connection(odoo.url));
    conns.push(...fresh);
    const [s, ...others] = fresh;
    let slowAnswered = false;
    const slow = s.executeKw(odoo.db, 'res.partner', 'search_count', [[]]).then((r) => { slowAnswered = true; return r; });
    const answeredBeforeSlow = await Promise.all(others.map(async (conn) => {
      const answers: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await conn.executeKw(odoo.db, 'res.partner', 'search_read', [[['id', '=', 1]]], { fields: ['name'] });
        expect(r).toMatchObject({ result: [{ id: 1, name: 'YourCompany' }] });
        answers.push(!slowAnswered);
      }
      return answers;
    }));
    expect(answeredBeforeSlow).toEqual(others.map(() => [true, true, true]));
    expect(await slow).toMatchObject({ result: expect.any(Number) });
  });

  test('streams a search_read without a limit over thousands of records: the whole answer, chunked', async () => {
    const c = new Connection(odoo.url);
    conns.push(c);
    const vals = Array.from({ length: 2600 }, (_, i) => ({ name: `Streamed ${String(i).padStart(4, '0')}`, email: `s${i}@example.com` }));
    expect((await c.executeKw(odoo.db, 'res.partner', 'create', [vals])).result).toHaveLength(2600);
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: [odoo.db, 2, 'admin', 'res.partner', 'search_read', [[['name', '=like', 'Streamed %']]], { fields: ['name', 'email'], order: 'name desc' }] }, id: 9 });
    const r = await c.post('/jsonrpc', body);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['content-length']).toBeUndefined();
    const reply = JSON.parse(r.body);
    expect(reply.id).toBe(9);
    expect(reply.result).toHaveLength(2600);
    expect(reply.result[0]).toEqual({ id: expect.any(Number), name: 'Streamed 2599', email: 's2599@example.com' });
    expect(reply.result[2599]).toMatchObject({ name: 'Streamed 0000' });
    expect(odoo.journal({ method: 'search_read', since: Date.now() - 60000 }).pop()).toMatchObject({ outcome: 'result', result_summary: 'list of 2600', http_status: 200 });
  });
});

describe('a single worker (--workers 1), as Odoo with one worker', () => {
  let odoo: OdooEmulator;
  const conns: Connection[] = [];
  beforeAll(async () => { odoo = await startOdoo({ config: { workers: 1 } }); }, 120000);
  afterAll(async () => { for (const c of conns) c.close(); await odoo?.stop(); });

  test('answers a call sent during a slow one after it', async () => {
    const [a, b] = [new Connection(odoo.url), new Connection(odoo.url)];
    conns.push(a, b);
    await Promise.all([a, b].map((c) => c.executeKw(odoo.db, 'res.partner', 'search_count', [[]])));
    odoo.faults.add({ model: 'res.partner', method: 'write', busy_ms: 1500, times: 1 });
    const order: string[] = [];
    const slow = a.executeKw(odoo.db, 'res.partner', 'write', [[3], { name: 'Slow' }]).then(() => order.push('slow'));
    await new Promise((r) => setTimeout(r, 200));
    const small = b.executeKw(odoo.db, 'res.partner', 'search_count', [[]]).then(() => order.push('small'));
    await Promise.all([slow, small]);
    expect(order).toEqual(['slow', 'small']);
  });
});
