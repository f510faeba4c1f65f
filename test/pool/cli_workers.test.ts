/**
 * The command line's worker options (odoo-bin's flags and odoo.conf keys, its defaults and
 * units) and the log lines of a pool as Odoo's (odoo/service/server.py): each worker says it is
 * alive, a worker leaving after limit_request or limit_memory_soft says why and that it exits,
 * with its request count. The server runs from the TypeScript sources through the same
 * bootstrap its workers use (server/pool/spawn.ts); its run directory is gone once it stopped.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { defaults, parseArgs, UsageError } from '../../server/config';
import { writeTsBootstrap } from '../../server/pool/spawn';
import { Connection, until } from './helpers';

const CLI = path.join(__dirname, '..', '..', 'server', 'cli.ts');

test('odoo-bin\'s multiprocessing options: flags, odoo.conf keys, defaults and units', () => {
  expect(defaults()).toMatchObject({
    workers: 0, limit_time_cpu: 60, limit_time_real: 120, limit_memory_soft: 2048 * 1024 * 1024, limit_memory_hard: 2560 * 1024 * 1024, limit_request: 65536,
  });
  expect(parseArgs(['--workers', '4', '--limit-time-cpu', '30', '--limit-time-real=90', '--limit-memory-soft', '1000000', '--limit-memory-hard', '2000000', '--limit-request', '100'], {}))
    .toMatchObject({ workers: 4, limit_time_cpu: 30, limit_time_real: 90, limit_memory_soft: 1000000, limit_memory_hard: 2000000, limit_request: 100 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workers-conf-'));
  const conf = path.join(dir, 'odoo.conf');
  fs.writeFileSync(conf, '[options]\nworkers = 3\nlimit_time_real = 45\nlimit_request = 8192\nlimit_memory_soft = 671088640\n');
  expect(parseArgs(['-c', conf], {})).toMatchObject({ workers: 3, limit_time_real: 45, limit_request: 8192, limit_memory_soft: 671088640 });
  expect(parseArgs(['-c', conf, '--workers', '1'], {}).workers).toBe(1);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(() => parseArgs(['--workers', 'two'], {})).toThrow(new UsageError("option workers: invalid integer value: 'two'"));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const port = (s.address() as net.AddressInfo).port; s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; log(): string }> {
  const port = await freePort();
  const bootstrap = writeTsBootstrap(fs.mkdtempSync(path.join(os.tmpdir(), 'workers-cli-')));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODOO_')));
  const child = spawn(process.execPath, [bootstrap, CLI, '-p', String(port), '-D', ':memory:', '--log-level', 'info', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  await until(() => output.includes('HTTP service (werkzeug) running on') || child.exitCode !== null, 120000, 'the server');
  if (child.exitCode !== null) throw new Error(output);
  return { child, url: `http://127.0.0.1:${port}`, log: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

function runDirsOf(pid: number): string[] {
  return ['/dev/shm', os.tmpdir()].flatMap((base) => {
    try { return fs.readdirSync(base).filter((n) => n.startsWith(`odoo-emulator-run-${pid}-`)); } catch { return []; }
  });
}

test('log lines of workers: alive, max request reached, exiting with their request count', async () => {
  const cli = await startCli(['--workers', '2', '--limit-request', '3']);
  const c = new Connection(cli.url);
  try {
    const alive = [...cli.log().matchAll(/ (\d+) INFO \? odoo\.service\.server: Worker WorkerHTTP \((\d+)\) alive\n/g)];
    expect(alive).toHaveLength(2);
    for (const m of alive) expect(m[1]).toBe(m[2]);
    for (let i = 0; i < 4; i++) expect((await c.executeKw('odoo', 'res.partner', 'search_count', [[['id', '=', 3]]])).result).toBe(1);
    await until(() => /Worker \(\d+\) exiting\. request_count: 3, registry count: 1\.\n/.test(cli.log()), 60000, 'a worker exiting');
    const [, pid] = /Worker \((\d+)\) max request \(3\) reached\.\n/.exec(cli.log()) ?? [];
    expect(cli.log()).toContain(` ${pid} INFO ? odoo.service.server: Worker (${pid}) exiting. request_count: 3, registry count: 1.\n`);
    // and a third worker came
    await until(() => [...cli.log().matchAll(/Worker WorkerHTTP \(\d+\) alive/g)].length === 3, 60000, 'a new worker');
  } finally {
    c.close();
    await stop(cli.child);
  }
  expect(runDirsOf(cli.child.pid!)).toEqual([]);
}, 180000);

test('log lines of workers: over limit_memory_soft after a request', async () => {
  const cli = await startCli(['--workers', '1', '--limit-memory-soft', '1']);
  const c = new Connection(cli.url);
  try {
    expect((await c.executeKw('odoo', 'res.partner', 'search_count', [[['id', '=', 3]]])).result).toBe(1);
    await until(() => /Worker \((\d+)\) virtual memory limit \(\d+\) reached\.\n/.test(cli.log()), 60000, 'the memory line');
    // the only worker was replaced: the next call is served by the new one
    expect((await c.executeKw('odoo', 'res.partner', 'search_count', [[['id', '=', 3]]])).result).toBe(1);
  } finally {
    c.close();
    await stop(cli.child);
  }
}, 180000);
