/**
 * Bench child (`node dist/bench/companion.js RESETS`): start an in-memory emulator with the
 * package API and time, from this process's start (performance.timeOrigin, Node's own boot
 * included), until its first answer (common.version over HTTP); then time `reset()` RESETS
 * times, each after a write so there is something to undo. Prints one JSON line.
 */
import { startOdoo } from '../index';

async function rpc(url: string, service: string, method: string, args: unknown[]): Promise<unknown> {
  const res = await fetch(`${url}/jsonrpc`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service, method, args } }),
  });
  const body = await res.json() as { result?: unknown; error?: unknown };
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

async function main(): Promise<void> {
  const resets = Number(process.argv[2] ?? 20);
  const odoo = await startOdoo({ logLevel: 'critical' });
  const version = await rpc(odoo.url, 'common', 'version', []) as { server_version: string };
  const readyMs = performance.now();
  if (version.server_version !== '17.0') throw new Error('unexpected version answer');
  const resetMs: number[] = [];
  for (let i = 0; i < resets; i++) {
    await rpc(odoo.url, 'object', 'execute_kw', [odoo.db, 2, 'admin', 'res.partner', 'create', [{ name: `Bench ${i}` }]]);
    const t = performance.now();
    await odoo.reset();
    resetMs.push(performance.now() - t);
    // the reset database answers, without the partner
    const n = await rpc(odoo.url, 'object', 'execute_kw', [odoo.db, 2, 'admin', 'res.partner', 'search_count', [[['name', '=', `Bench ${i}`]]]]);
    if (n !== 0) throw new Error('reset() did not undo the write');
  }
  await odoo.stop();
  process.stdout.write(`${JSON.stringify({ readyMs, resetMs })}\n`);
}

main().catch((e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
