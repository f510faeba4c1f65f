/**
 * Concurrent writers (issue 17, item 6): 50 clients write at once over /jsonrpc and
 * /web/dataset/call_kw (creates with contacts, writes on their own record, chatter messages on
 * one shared partner). No acknowledged write may be lost, and the only errors allowed are
 * Odoo-shaped ones.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, expectOk, internalErrorCount, kw, leaks } from './helpers';

const CLIENTS = 50;
const WRITES = 10;

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

describe('50 concurrent writers', () => {
  it('every acknowledged write is there; errors, if any, are Odoo errors', async () => {
    const before = internalErrorCount();
    const shared = expectOk(await kw(srv.url, srv.db, ADMIN, 'res.partner', 'create', [{ name: 'concurrency shared' }])) as number;
    const acked: string[] = [];
    const posted: number[] = [];
    const errors: string[] = [];
    const lastRef = new Map<number, number>();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      const own = expectOk(await kw(srv.url, srv.db, ADMIN, 'res.partner', 'create', [{ name: `concurrency own ${c}` }])) as number;
      for (let i = 0; i < WRITES; i++) {
        const name = `concurrency ${c}-${i}`;
        const created = await kw(srv.url, srv.db, ADMIN, 'res.partner', 'create', [{ name, child_ids: [[0, 0, { name: `${name} child` }]] }]);
        if ('ok' in created) acked.push(name); else errors.push(`${created.err}: ${created.msg}`);
        const written = await kw(srv.url, srv.db, ADMIN, 'res.partner', 'write', [[own], { ref: String(i + 1) }]);
        if ('ok' in written) lastRef.set(own, i + 1); else errors.push(`${written.err}: ${written.msg}`);
        const message = await kw(srv.url, srv.db, ADMIN, 'res.partner', 'message_post', [[shared]], { body: `from ${c}-${i}` });
        if ('ok' in message) posted.push(message.ok as number); else errors.push(`${message.err}: ${message.msg}`);
      }
    }));
    for (const e of errors) {
      expect(e).toMatch(/^(odoo\.|builtins\.|psycopg2\.)/);
      expect(leaks(e)).toEqual([]);
    }
    expect(internalErrorCount()).toBe(before);
    const names = expectOk(await kw(srv.url, srv.db, ADMIN, 'res.partner', 'search_read', [[['name', '=like', 'concurrency %-%']]], { fields: ['name', 'child_ids'] })) as Array<{ name: string; child_ids: number[] }>;
    const found = new Set(names.filter((r) => !r.name.endsWith(' child')).map((r) => r.name));
    expect(acked.filter((n) => !found.has(n))).toEqual([]);
    expect(names.filter((r) => !r.name.endsWith(' child')).every((r) => r.child_ids.length === 1)).toBe(true);
    for (const [id, value] of lastRef) {
      expect(expectOk(await kw(srv.url, srv.db, ADMIN, 'res.partner', 'read', [[id], ['ref']]))).toEqual([{ id, ref: String(value) }]);
    }
    const messages = expectOk(await kw(srv.url, srv.db, ADMIN, 'mail.message', 'search', [[['model', '=', 'res.partner'], ['res_id', '=', shared]]])) as number[];
    expect(posted.every((id) => messages.includes(id))).toBe(true);
    expect(acked.length).toBe(CLIENTS * WRITES);
  }, 120_000);
});
