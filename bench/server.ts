/**
 * Child processes of the benchmark: the emulator (`node dist/server/cli.js -p PORT -D DIR
 * --log-level warn`) and the bare express baseline, with readiness polling, peak RSS from
 * /proc/<pid>/status and a clean stop. Every child started here is killed on exit.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import net from 'net';
import path from 'path';
import { performance } from 'perf_hooks';
import { authenticateBody, ADMIN } from './scenarios';

export const CLI = path.join(__dirname, '..', 'server', 'cli.js');
/** Same CLI, loaded through dist/bench/emulator.js (see there). */
export const EMULATOR = path.join(__dirname, 'emulator.js');
export const BASELINE = path.join(__dirname, 'load.js');

const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ } });

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One POST on a fresh connection; resolves with status and body, rejects on connection errors. */
function postOnce(port: number, pathName: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathName, method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  /** ms from spawn() to the first successful readiness probe (authenticate for the emulator). */
  readyMs: number;
  /**
   * Peak resident set size so far (VmHWM), in bytes, of the largest process of the server: the
   * primary or one of its worker processes (a pool's memory limits apply per process).
   */
  peakRss(): number | null;
  /** Current resident set size (VmRSS), in bytes, of the largest process of the server. */
  rss(): number | null;
  /** Current resident set size of all the server's processes together. */
  totalRss(): number | null;
  /** The server's worker processes (its children). */
  workerPids(): number[];
  /** null while running, else how it ended ("code 1", "signal SIGKILL"). */
  exited(): string | null;
  stop(): Promise<void>;
}

function procStatus(pid: number, key: string): number | null {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Processes whose parent is `pid` (a pool's workers), from /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let names: string[] = [];
  try { names = fs.readdirSync('/proc'); } catch { return out; }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

function largest(pids: number[], key: string): number | null {
  const values = pids.map((p) => procStatus(p, key)).filter((v): v is number => v !== null);
  return values.length ? Math.max(...values) : null;
}

export function tail(file: string, n = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

interface SpawnOptions {
  name: string;
  args: string[];
  nodeArgs?: string[];
  logFile: string;
  port: number;
  /** Returns true once the child answers as expected. */
  probe: (port: number) => Promise<boolean>;
  pollMs?: number;
  timeoutMs?: number;
}

async function spawnChild(o: SpawnOptions): Promise<Child> {
  const log = fs.openSync(o.logFile, 'a');
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), ...o.args], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  children.add(proc);
  let exited = false;
  let how: string | null = null;
  proc.once('exit', (code, signal) => { exited = true; how = signal ? `signal ${signal}` : `code ${code}`; children.delete(proc); });
  const pid = proc.pid!;
  const deadline = t0 + (o.timeoutMs ?? 300_000);
  let readyMs = NaN;
  for (;;) {
    if (exited) throw new Error(`${o.name} exited with code ${proc.exitCode} before it was ready; log ${o.logFile}:\n${tail(o.logFile)}`);
    try {
      if (await o.probe(o.port)) { readyMs = performance.now() - t0; break; }
    } catch { /* not listening yet */ }
    if (performance.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${o.name} not ready after ${o.timeoutMs ?? 300_000} ms; log ${o.logFile}:\n${tail(o.logFile)}`);
    }
    await sleep(o.pollMs ?? 5);
  }
  return {
    name: o.name, proc, pid, port: o.port, url: `http://127.0.0.1:${o.port}`, logFile: o.logFile, readyMs,
    peakRss: () => largest([pid, ...childPids(pid)], 'VmHWM'),
    rss: () => largest([pid, ...childPids(pid)], 'VmRSS'),
    totalRss: () => [pid, ...childPids(pid)].reduce<number | null>((sum, p) => { const v = procStatus(p, 'VmRSS'); return v === null ? sum : (sum ?? 0) + v; }, null),
    workerPids: () => childPids(pid),
    exited: () => how,
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const kill = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      proc.once('exit', () => { clearTimeout(kill); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

/** Probe used for readiness and start-up time: a successful admin authenticate. */
export async function authenticateProbe(port: number): Promise<boolean> {
  const r = await postOnce(port, '/web/session/authenticate', authenticateBody(ADMIN.login, ADMIN.password));
  return r.status === 200 && /"uid"\s*:\s*2\b/.test(r.body);
}

/**
 * Start the emulator on `dataDir` (more command-line `cliArgs` if given, e.g. `-i MODULES`) and wait
 * for the first successful admin authenticate, polling every 5 ms. `readyMs` is the start-up time
 * (process spawn to first authenticate).
 */
export async function startEmulator(dataDir: string, logFile: string, opts: { nodeArgs?: string[]; timeoutMs?: number; cliArgs?: string[] } = {}): Promise<Child> {
  const port = await freePort();
  return spawnChild({
    name: 'emulator', port, logFile, nodeArgs: opts.nodeArgs, timeoutMs: opts.timeoutMs,
    args: [fs.existsSync(EMULATOR) ? EMULATOR : CLI, '-p', String(port), '-D', dataDir, '--log-level', 'warn', ...(opts.cliArgs ?? [])],
    probe: authenticateProbe, pollMs: 5,
  });
}

/** Start the bare express baseline (dist/bench/load.js --baseline PORT ANSWER_FILE [MODEL]). */
export async function startBaseline(answerFile: string, logFile: string, model = 'res.partner'): Promise<Child> {
  const port = await freePort();
  return spawnChild({
    name: 'baseline', port, logFile, args: [BASELINE, '--baseline', String(port), answerFile, model],
    probe: async (p) => (await postOnce(p, `/web/dataset/call_kw/${model}/search_read`,
      JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model, method: 'search_read', args: [[]], kwargs: {} }, id: 1 }))).status === 200,
    pollMs: 20, timeoutMs: 30_000,
  });
}
