/**
 * Durability under kill -9 (issue 17, items 5 and 6): the real CLI server runs on a data
 * directory in a temporary folder while clients write through /jsonrpc; the process is killed
 * with SIGKILL in the middle of the load, restarted, and so on five times. Every write the server
 * acknowledged must be there after each restart, and no record may be partial: a partner is
 * created with its two contacts in one call, so it is there with both of them or not at all.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { compileCli, kill9, startCli, type CliServer } from './cli_server';

const ROUNDS = 5;
const CLIENTS = 8;
const LOAD_MS = 1500;

async function rpc(url: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: ['odoo', 2, 'admin', 'res.partner', method, args, kwargs] } });
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const reply = await res.json() as { result?: unknown; error?: { data: { name: string; message: string } } };
  if (reply.error) throw new Error(`${reply.error.data.name}: ${reply.error.data.message}`);
  return reply.result;
}

let dataDir: string;
beforeAll(async () => {
  await compileCli();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-kill9-'));
}, 320_000);
afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

describe('kill -9 under write load', () => {
  it(`no acknowledged write is lost over ${ROUNDS} kills, no record is partial`, async () => {
    /** name → acknowledged (created, with its contacts) */
    const acked = new Set<string>();
    /** partner id → last acknowledged value written to `ref` by its client */
    const lastRef = new Map<number, number>();
    let server: CliServer = await startCli(dataDir);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // each client creates partners (with two contacts each) and rewrites its own counter partner
        const own = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => rpc(server.url, 'create', [{ name: `kill9 counter ${round}-${c}`, ref: '0' }]) as Promise<number>));
        for (const id of own) lastRef.set(id, 0);
        let stop = false;
        const clients = own.map(async (counterId, c) => {
          for (let seq = 0; !stop; seq++) {
            const name = `kill9 ${round}-${c}-${seq}`;
            try {
              await rpc(server.url, 'create', [{ name, email: `${c}.${seq}@kill9.example`, child_ids: [[0, 0, { name: `${name} a` }], [0, 0, { name: `${name} b` }]] }]);
              acked.add(name);
              await rpc(server.url, 'write', [[counterId], { ref: String(seq + 1) }]);
              lastRef.set(counterId, seq + 1);
            } catch {
              return; // the server is gone: this write was not acknowledged
            }
          }
        });
        await new Promise((res) => setTimeout(res, LOAD_MS + round * 97));
        await kill9(server);
        stop = true;
        await Promise.all(clients);
        server = await startCli(dataDir);

        // every acknowledged partner is there, with both its contacts
        const rows = await rpc(server.url, 'search_read', [[['name', '=like', 'kill9 %']]], { fields: ['name', 'child_ids', 'email', 'ref'], context: { active_test: false } }) as Array<{ id: number; name: string; child_ids: number[]; email: string | false; ref: string | false }>;
        const byName = new Map(rows.map((r) => [r.name, r]));
        const missing = [...acked].filter((n) => !byName.has(n));
        expect(missing).toEqual([]);
        for (const r of rows) {
          if (/^kill9 \d+-\d+-\d+$/.test(r.name)) {
            expect(r.child_ids).toHaveLength(2);
            expect(r.email).toMatch(/@kill9\.example$/);
          }
        }
        // every counter holds its last acknowledged value (or the one written when the kill came)
        for (const [id, value] of lastRef) {
          const row = rows.find((r) => r.id === id)!;
          expect(Number(row.ref)).toBeGreaterThanOrEqual(value);
          expect(Number(row.ref)).toBeLessThanOrEqual(value + 1);
        }
      }
      expect(acked.size).toBeGreaterThan(ROUNDS * CLIENTS);
      // the figures of the run, for the README's durability section
      fs.mkdirSync('test-output', { recursive: true });
      fs.writeFileSync('test-output/kill9.json', JSON.stringify({ rounds: ROUNDS, clients: CLIENTS, acknowledgedCreates: acked.size, counters: lastRef.size }));
    } finally {
      await kill9(server);
    }
  }, 240_000);
});
