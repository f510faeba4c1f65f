/**
 * The real command-line server as a child process, for the durability tests: compiled once per
 * test process into test-output/ (not dist/, which the CLI tests compile concurrently), started
 * on a free port with its own data directory, killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { runProcess } from '../integration/helpers';

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'hardening-dist');
export const CLI = path.join(OUT, 'server', 'cli.js');

/** Compile the project (tsc) into test-output/hardening-dist. */
export async function compileCli(): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', OUT], '', { cwd: ROOT, timeoutMs: 300_000 });
  if (!fs.existsSync(CLI)) throw new Error('the CLI was not compiled');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface CliServer { child: ChildProcess; url: string; log(): string }

/** Start `node cli.js -p PORT -D dataDir -d odoo` and wait until it answers. */
export async function startCli(dataDir: string, extraArgs: string[] = []): Promise<CliServer> {
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODOO_')));
  const child = spawn(process.execPath, [CLI, '-p', String(port), '--http-interface', '127.0.0.1', '-D', dataDir, '-d', 'odoo', '--log-level', 'warn', ...extraArgs],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
    try {
      const r = await fetch(`${url}/web/webclient/version_info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"jsonrpc":"2.0","params":{}}' });
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`the server did not start: ${output}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  return { child, url, log: () => output };
}

/** SIGKILL, then wait until the process is gone. */
export function kill9(server: CliServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) { resolve(); return; }
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}
