/**
 * The worker pool (issue 17, "no request stalls the others"), against the CLI server:
 *
 * - small calls while a 30-second call runs: scenario (a)'s search_read (80 partners, call_kw
 *   with a session), sent one after the other on two keep-alive connections while another
 *   connection's call computes for 30 s of CPU (the companion's busy_ms fault), with the
 *   `--workers 2` and with `--workers 1` (Odoo with one worker: everything waits);
 * - the attack run's read: `search_read([], limit=1e9)` of every field of all generated
 *   partners (111,000; 20,000 with --quick) while the small calls go on: its time, its size, the
 *   largest process's memory (it used to take the one process from 230 MB to 1.15 GB);
 * - throughput of scenario (a) with `--workers 2` and `--workers 1`, alternating runs, with the
 *   CPU used per request by the server's processes and by the load generator: the ratio measured
 *   on this shared machine, and the one these CPU costs give on two idle cores.
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { generatePartners } from './generate';
import { runLoad, treeJiffies, type LoadResult } from './load';
import { startEmulator, childPids, type Child } from './server';
import { Client, JSON_HEADERS, latencyStats, median, okJsonList, searchReadCallKwBody, searchReadCallKwPath, callKwBody, callKwPath } from './scenarios';
import type { BenchSection, LatencyRow } from './report';
import { ms, mb } from './report';
import type { SectionContext } from './sections';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const JIFFY_MS = 10;

/** Scenario (a)'s call, one after the other on `connections` keep-alive connections, until `done` settles. */
async function smallCallsUntil(url: string, cookie: string, done: Promise<unknown>, connections = 2): Promise<number[]> {
  let over = false;
  void done.finally(() => { over = true; });
  const samples: number[] = [];
  await Promise.all(Array.from({ length: connections }, async () => {
    const c = new Client(url);
    try {
      while (!over) {
        const t = performance.now();
        const r = await c.post(searchReadCallKwPath, searchReadCallKwBody(), { ...JSON_HEADERS, cookie });
        if (r.status !== 200 || !okJsonList(r.body)) throw new Error(`small call failed: ${r.body.slice(0, 200)}`);
        samples.push(performance.now() - t);
        await sleep(10);
      }
    } finally {
      c.close();
    }
  }));
  return samples;
}

/**
 * The server's options: `workers` processes, and room for the 30-second call on a loaded machine
 * (its 30 s are CPU time: on a shared core it lasts longer than limit_time_real's default 120 s
 * allows; limit_time_cpu's 60 s is above it).
 */
function poolArgs(workers: number): string[] {
  return ['--workers', String(workers), '--limit-time-real', '600'];
}

/**
 * A call whose answer may be larger than a JavaScript string can hold (all fields of 111,000
 * partners: about 1.5 GB of JSON): read as it arrives, keeping its size, its start and end, and
 * the number of records (occurrences of a key every record has).
 */
function bigCall(url: string, pathName: string, body: string, cookie: string, marker: string): Promise<{ status: number; bytes: number; records: number; head: string; chunked: boolean }> {
  const u = new URL(pathName, url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { ...JSON_HEADERS, cookie, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let bytes = 0, records = 0, head = '', carry = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        if (head.length < 200) head += chunk.slice(0, 200 - head.length);
        const text = carry + chunk;
        for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) records++;
        // a marker cut between two chunks is found in the next one, not counted twice
        carry = text.slice(-(marker.length - 1));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, records, head, chunked: res.headers['transfer-encoding'] === 'chunked' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function withServer<T>(dir: string, workers: number, fn: (emu: Child, cookie: string) => Promise<T>): Promise<T> {
  const emu = await startEmulator(dir, path.join(dir, `server-${workers}.log`), { cliArgs: poolArgs(workers) });
  try {
    const { cookie } = await new Client(emu.url).authenticate('admin', 'admin');
    return await fn(emu, cookie);
  } finally {
    await emu.stop();
  }
}

export async function poolSection(ctx: SectionContext): Promise<BenchSection> {
  const rows: LatencyRow[] = [];
  const notes: string[] = [];
  const dir = fs.mkdtempSync(path.join(ctx.tmp, 'pool-'));
  const slowMs = ctx.quick ? 5000 : 30000;
  const partners = ctx.quick ? 20000 : 111000;
  notes.push(`Load average when the section started: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (${os.cpus().length} cores).`);

  // the database: a fresh demo database, then generated partners
  await withServer(dir, 2, async () => undefined);
  const gen = generatePartners(path.join(dir, 'odoo.sqlite'), partners);
  ctx.say(`pool: ${gen.count.toLocaleString('en-US')} partners generated`);

  // --- small calls while a slow call runs
  for (const workers of [2, 1]) {
    await withServer(dir, workers, async (emu, cookie) => {
      const client = new Client(emu.url);
      await client.post('/emulator/faults', JSON.stringify({ model: 'res.partner', method: 'read_group', busy_ms: slowMs, times: 1 }));
      const t0 = performance.now();
      const slow = client.callKw(cookie, 'res.partner', 'read_group', [[], ['country_id'], ['country_id']], { limit: 1 }).then(() => performance.now() - t0);
      const samples = await smallCallsUntil(emu.url, cookie, slow);
      const slowWall = await slow;
      client.close();
      const stats = latencyStats(samples);
      ctx.say(`pool: --workers ${workers}: ${samples.length} small calls during a ${(slowWall / 1000).toFixed(1)} s call, p99 ${ms(stats.p99)}`);
      const target = workers === 2
        ? { label: 'small search_read p99 ≤ 50 ms while a 30-second request runs (--workers 2)', figure: ms(stats.p99), threshold: '≤ 50 ms', ok: stats.p99 <= 50 }
        : undefined;
      rows.push({
        key: `small_during_slow_${workers}`, label: `search_read 80 × 5 fields (call_kw, 2 connections) while a ${slowMs / 1000}-second call runs, --workers ${workers}`,
        stats, firstMs: NaN, target,
        note: `p95 ${ms(stats.p95)}, p99 ${ms(stats.p99)}; the slow call (busy_ms ${slowMs} of CPU) took ${(slowWall / 1000).toFixed(1)} s of wall time; ${samples.length} small calls meanwhile`,
      });
    });
  }

  // --- the attack run's read, streamed, while small calls go on
  await withServer(dir, 2, async (emu, cookie) => {
    const client = new Client(emu.url);
    const rssBefore = emu.rss();
    const t0 = performance.now();
    const big = bigCall(emu.url, callKwPath('res.partner', 'search_read'), callKwBody('res.partner', 'search_read', [[]], { limit: 1e9 }), cookie, '"create_uid":');
    const samples = await smallCallsUntil(emu.url, cookie, big);
    const answer = await big;
    const wall = performance.now() - t0;
    client.close();
    if (answer.status !== 200 || !answer.head.includes('"result"')) throw new Error(`the big search_read failed: HTTP ${answer.status} ${answer.head}`);
    const records = answer.records;
    const stats = latencyStats(samples);
    const peak = emu.peakRss();
    ctx.say(`pool: search_read of ${records} partners, all fields: ${(wall / 1000).toFixed(1)} s, ${mb(answer.bytes)}, largest process peak ${mb(peak)}; small calls p99 ${ms(stats.p99)}`);
    rows.push({
      key: 'small_during_big_read', label: `search_read 80 × 5 fields while search_read([], limit=1e9) reads every field of ${records.toLocaleString('en-US')} partners`,
      stats, firstMs: NaN,
      note: `p95 ${ms(stats.p95)}, p99 ${ms(stats.p99)}; the big read: ${(wall / 1000).toFixed(1)} s, ${mb(answer.bytes)} of JSON streamed (${answer.chunked ? 'chunked' : 'not chunked'}); largest server process: ${mb(rssBefore)} before, ${mb(peak)} at its peak (before the pool: one process, 230 MB → 1.15 GB)`,
      target: { label: `search_read([], limit=1e9) of ${Math.round(records / 1000)}k partners: bounded memory`, figure: mb(peak), threshold: '≤ 600 MB, others served', ok: peak !== null && peak <= 600 * 1024 * 1024 && records >= partners },
    });
  });

  // --- throughput, --workers 2 vs --workers 1
  const duration = ctx.quick ? 3 : 10;
  const runs = ctx.quick ? 1 : 3;
  const servers = new Map<number, { emu: Child; cookie: string }>();
  try {
    for (const workers of [1, 2]) {
      const emu = await startEmulator(dir, path.join(dir, `throughput-${workers}.log`), { cliArgs: poolArgs(workers) });
      servers.set(workers, { emu, cookie: (await new Client(emu.url).authenticate('admin', 'admin')).cookie });
    }
    const results = new Map<number, Array<LoadResult & { serverMs: number; loadMs: number; workerMs: number }>>([[1, []], [2, []]]);
    for (let run = -1; run < runs; run++) {
      for (const workers of [1, 2]) {
        const { emu, cookie } = servers.get(workers)!;
        const load = { url: emu.url, path: searchReadCallKwPath, headers: { ...JSON_HEADERS, cookie }, body: searchReadCallKwBody(), verify: okJsonList, connections: 16 };
        if (run < 0) { await runLoad({ ...load, title: 'warm-up', duration: 1 }); continue; }
        const workersBefore = childPids(emu.pid);
        const [server0, workers0, self0] = [treeJiffies([emu.pid]), workersBefore.reduce((n, p) => n + treeJiffies([p]), 0), process.cpuUsage()];
        const r = await runLoad({ ...load, title: `--workers ${workers}`, duration, pids: [emu.pid] });
        const self = process.cpuUsage(self0);
        const workerJiffies = childPids(emu.pid).reduce((n, p) => n + treeJiffies([p]), 0) - workers0;
        results.get(workers)!.push({
          ...r, serverMs: (treeJiffies([emu.pid]) - server0) * JIFFY_MS / r.requests,
          loadMs: (self.user + self.system) / 1000 / r.requests, workerMs: workerJiffies * JIFFY_MS / r.requests,
        });
        ctx.say(`pool: --workers ${workers}: ${r.rps.toFixed(0)} req/s (foreign CPU ${(r.foreignCpu * 100).toFixed(1)}%)`);
      }
    }
    const rps = (w: number) => median(results.get(w)!.map((r) => r.rps));
    const cpu = (w: number, k: 'serverMs' | 'loadMs' | 'workerMs') => median(results.get(w)!.map((r) => r[k]));
    const ratio = rps(2) / rps(1);
    // on two idle cores, n workers answer at most n / (worker CPU per request) requests a second,
    // and all the processes together at most 2 / (server + load generator CPU per request)
    const ideal = (w: number) => Math.min(w / cpu(w, 'workerMs'), 2 / (cpu(w, 'serverMs') + cpu(w, 'loadMs')));
    const predicted = ideal(2) / ideal(1);
    for (const w of [1, 2]) {
      const runsOf = results.get(w)!;
      rows.push({
        key: `throughput_${w}`, label: `(a) call_kw search_read 80 × 5 fields, 16 connections, --workers ${w}: ${Math.round(rps(w)).toLocaleString('en-US')} req/s`,
        stats: { ...latencyStats([]), n: runsOf.reduce((n, r) => n + r.requests, 0), p50: median(runsOf.map((r) => r.p50)), p95: median(runsOf.map((r) => r.p95)), p99: median(runsOf.map((r) => r.p99)), min: Math.min(...runsOf.map((r) => r.min)), max: Math.max(...runsOf.map((r) => r.max)) },
        firstMs: NaN,
        note: `median of ${runs} runs of ${duration} s (${runsOf.map((r) => r.rps.toFixed(0)).join(' / ')} req/s); CPU per request: server ${cpu(w, 'serverMs').toFixed(3)} ms (workers ${cpu(w, 'workerMs').toFixed(3)} ms), load generator ${cpu(w, 'loadMs').toFixed(3)} ms; foreign CPU ${(median(runsOf.map((r) => r.foreignCpu)) * 100).toFixed(1)}%`,
        target: w === 2 ? { label: 'throughput of (a), 2 workers vs 1 on 2 cores', figure: `${ratio.toFixed(2)}× (CPU per request predicts ${predicted.toFixed(2)}× on idle cores)`, threshold: '≥ 1.6×', ok: ratio >= 1.6 } : undefined,
      });
    }
    notes.push(`Throughput of (a): ${Math.round(rps(2))} req/s with 2 workers, ${Math.round(rps(1))} with 1: ${ratio.toFixed(2)}× measured on this shared machine; the CPU each request cost (server processes, load generator) predicts ${predicted.toFixed(2)}× on two idle cores.`);
  } finally {
    for (const { emu } of servers.values()) await emu.stop();
  }
  return {
    key: 'pool', title: 'Worker pool: no request stalls the others',
    intro: 'The CLI server with its pool of worker processes (`--workers`), on a database of generated partners. Latencies from the client, one call after the other on each connection.',
    rows, notes,
  };
}
