/**
 * Load generation with autocannon (programmatic API) and the baseline server.
 *
 * runLoad(): a fixed number of connections for a fixed duration against one URL; latencies are
 * collected from autocannon's per-response events so that p50/p95/p99 are exact (autocannon's
 * own summary has no p95), and every answer is checked with a cheap `verify` function (a
 * JSON-RPC error or an XML-RPC fault comes back with HTTP 200).
 *
 * Baseline: `node dist/bench/load.js --baseline PORT ANSWER.json [MODEL]` is a bare express server
 * that reads the raw body, JSON-parses the JSON-RPC request, checks it, and answers with the
 * precomputed search_read result (captured from the emulator, same 80 records, same shape),
 * serialized per request — the floor cost of HTTP + express + JSON for the same exchange.
 */
import autocannon from 'autocannon';
import fs from 'fs';
import { performance } from 'perf_hooks';
import { latencyStats, type LatencyStats } from './scenarios';
import { childPids } from './server';

export interface LoadOptions {
  title: string;
  url: string;
  connections: number;
  duration: number;
  method?: 'POST' | 'GET';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A chain of requests per connection (each connection cycles through it). */
  requests?: autocannon.Request[];
  /** Cheap check of each response body; failures are counted as `mismatches`. */
  verify?: (body: string) => boolean;
  /** Processes of the benchmark (server, baseline): their CPU is not counted as foreign load. */
  pids?: number[];
}

// ---------------------------------------------------------------------------------------------
// foreign CPU load: CPU used on the machine by processes other than ours while a run lasts

function readJiffies(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - f[4], total };
  } catch {
    return null;
  }
}

function pidJiffies(pid: number, reaped = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime (and with `reaped`, those of its children that ended: a pool's recycled workers)
    return Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0;
  }
}

/** CPU time (jiffies) used so far by processes and their children (a pool's workers, live or ended). */
export function treeJiffies(pids: number[]): number {
  return pids.reduce((n, p) => n + pidJiffies(p, true) + childPids(p).reduce((m, c) => m + pidJiffies(c), 0), 0);
}

/** Start measuring; the returned function gives the share of all cores used by other processes. */
export function foreignCpu(pids: number[]): () => number {
  const own = () => pidJiffies(process.pid) + treeJiffies(pids);
  const a = readJiffies();
  const o0 = own();
  return () => {
    const b = readJiffies();
    if (!a || !b || b.total === a.total) return NaN;
    return Math.max(0, (b.busy - a.busy - (own() - o0)) / (b.total - a.total));
  };
}

export interface LoadResult extends LatencyStats {
  title: string;
  /** Completed responses per second (all statuses). */
  rps: number;
  requests: number;
  seconds: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  /** Share of the machine's CPU used by other processes during the run (0–1). */
  foreignCpu: number;
}

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let t0 = performance.now();
    const foreign = foreignCpu(o.pids ?? []);
    const opts: autocannon.Options = {
      url: o.url + (o.path ?? ''),
      connections: o.connections,
      duration: o.duration,
      method: o.method ?? 'POST',
      headers: o.headers,
      body: o.body,
      timeout: 30,
      ...(o.requests ? { requests: o.requests } : {}),
    };
    if (o.verify) (opts as unknown as { verifyBody: (b: string) => boolean }).verifyBody = o.verify;
    const instance = autocannon(opts, (err, result) => {
      if (err) return reject(err);
      const seconds = (performance.now() - t0) / 1000;
      const stats = latencyStats(latencies);
      resolve({
        title: o.title, ...stats, rps: latencies.length / seconds, requests: latencies.length, seconds,
        errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx,
        mismatches: (result as unknown as { mismatches?: number }).mismatches ?? 0,
        foreignCpu: foreign(),
      });
    });
    instance.on('start', () => { t0 = performance.now(); });
    instance.on('response', (_client, _status, _bytes, responseTime) => { latencies.push(responseTime); });
  });
}

// ---------------------------------------------------------------------------------------------
// baseline server (child process entry point)

async function baselineMain(port: number, answerFile: string, model: string): Promise<void> {
  const express = (await import('express')).default;
  const answer: unknown = JSON.parse(fs.readFileSync(answerFile, 'utf8'));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '64mb' }));
  app.post(['/web/dataset/call_kw', '/web/dataset/call_kw/*'], (req, res) => {
    let request: { id?: unknown; params?: { model?: unknown; method?: unknown; args?: unknown; kwargs?: unknown } };
    try {
      request = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      res.status(400).end();
      return;
    }
    const p = request.params ?? {};
    if (p.model !== model || p.method !== 'search_read' || !Array.isArray(p.args)) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id ?? null, error: { code: 200, message: 'Odoo Server Error' } }));
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id ?? null, result: answer }));
  });
  const srv = app.listen(port, '127.0.0.1');
  srv.keepAliveTimeout = 65000;
  const stop = () => srv.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  const i = process.argv.indexOf('--baseline');
  if (i < 0 || !process.argv[i + 2]) {
    process.stderr.write('usage: node dist/bench/load.js --baseline PORT ANSWER_JSON_FILE [MODEL]\n');
    process.exit(2);
  }
  baselineMain(Number(process.argv[i + 1]), process.argv[i + 2], process.argv[i + 3] ?? 'res.partner').catch((e) => { console.error(e); process.exit(1); });
}
