/**
 * `node dist/bench/durability.js [--writes N] [--concurrency C]`: the cost of the stricter SQLite
 * `synchronous` level. The same write load (res.partner create, one transaction per call, over
 * /jsonrpc) runs against the CLI server started with `--db-synchronous normal` and with
 * `--db-synchronous full`, each on a fresh data directory, first one call at a time (each commit
 * waits for its fsync), then with C concurrent clients. Prints a markdown table.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { startEmulator } from './server';

interface Row { level: string; mode: string; writes: number; seconds: number }

async function create(url: string, i: number): Promise<void> {
  const body = JSON.stringify({
    jsonrpc: '2.0', method: 'call', id: i,
    params: { service: 'object', method: 'execute_kw', args: ['odoo', 2, 'admin', 'res.partner', 'create', [{ name: `durability ${i}` }]] },
  });
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const reply = await res.json() as { result?: unknown };
  if (typeof reply.result !== 'number') throw new Error(`create failed: ${JSON.stringify(reply).slice(0, 200)}`);
}

async function measure(level: string, writes: number, concurrency: number): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `odoo-durability-${level}-`));
  const child = await startEmulator(dir, path.join(dir, 'server.log'), { cliArgs: ['--db-synchronous', level], timeoutMs: 60_000 });
  try {
    for (let i = 0; i < 20; i++) await create(child.url, i); // warm-up
    let t = performance.now();
    for (let i = 0; i < writes; i++) await create(child.url, i);
    const sequential = (performance.now() - t) / 1000;
    t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < writes) await create(child.url, next++);
    }));
    const parallel = (performance.now() - t) / 1000;
    return [
      { level, mode: 'one client', writes, seconds: sequential },
      { level, mode: `${concurrency} clients`, writes, seconds: parallel },
    ];
  } finally {
    await child.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const writes = arg('--writes', 1000);
  const concurrency = arg('--concurrency', 8);
  const rows = [...await measure('normal', writes, concurrency), ...await measure('full', writes, concurrency)];
  console.log('| synchronous | clients | writes/s | ms per write |');
  console.log('|---|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.level} | ${r.mode} | ${(r.writes / r.seconds).toFixed(0)} | ${(r.seconds * 1000 / r.writes).toFixed(2)} |`);
}

main().catch((e) => { console.error(e); process.exit(1); });
