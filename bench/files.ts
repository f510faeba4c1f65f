/**
 * Attachment throughput: uploads (ir.attachment.create with base64 `datas` over
 * /web/dataset/call_kw) and downloads (GET /web/content/<id>?download=true) of the same file,
 * in MB/s of file bytes, next to a bare express baseline moving the same bytes the same way
 * (parse the JSON-RPC body, base64-decode, sha1 and write the file / send the file with a
 * Content-Length). Sequential transfers on one keep-alive connection, then with `connections`
 * parallel clients.
 *
 * Baseline entry point: `node dist/bench/files.js --baseline PORT DIR`.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import { callKwBody, callKwPath, ADMIN, JSON_HEADERS, Client } from './scenarios';
import { startEmulator, freePort, type Child } from './server';
import { foreignCpu } from './load';
import { spawn } from 'child_process';
import { latencyStats } from './scenarios';
import type { BenchSection } from './report';
import type { SectionContext } from './sections';

/** The section of bench/sections.ts: a 5 MB file, 20 transfers per row (5 with --quick). */
export async function filesBenchSection(ctx: SectionContext): Promise<BenchSection> {
  const r = await filesSection(ctx.tmp, { sizeBytes: 5 * MB, transfers: ctx.quick ? 5 : 20, connections: 4, nodeArgs: [], say: ctx.say });
  return {
    key: 'files',
    title: `Attachments: upload and download of a ${(r.fileBytes / MB).toFixed(0)} MB PDF (${r.storage})`,
    intro: 'MB/s of file bytes through the emulator, next to a bare express baseline moving the same bytes (JSON-RPC parse, base64 decode, sha1, file write; the file sent back with its Content-Length). Latency columns: time per transfer.',
    rows: r.rows.map((row) => ({
      key: row.key, label: row.label, stats: latencyStats(row.times), firstMs: NaN, foreignCpu: row.foreignCpu,
      note: `${row.mbps.toFixed(1)} MB/s; baseline ${row.baselineMbps.toFixed(1)} MB/s (${(row.ratio * 100).toFixed(0)}%)`,
    })),
    notes: ['Sequential transfers on one connection, then 4 parallel clients; the emulator stores the file in its filestore under the data directory, as Odoo does.'],
  };
}

export interface FileRow {
  key: string;
  label: string;
  /** MB/s of file bytes (1 MB = 2^20 bytes). */
  mbps: number;
  /** Same figure of the baseline, and the ratio. */
  baselineMbps: number;
  ratio: number;
  /** Median milliseconds per transfer, and every transfer's time. */
  p50: number;
  times: number[];
  transfers: number;
  foreignCpu: number;
}

export interface FilesResult {
  fileBytes: number;
  storage: string;
  connections: number;
  rows: FileRow[];
}

const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

/** A PDF-looking payload of `size` bytes (random content: incompressible, like a real scan). */
export function makePdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%bench\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, crypto.randomBytes(size - head.length - tail.length), tail]);
}

async function uploadOnce(url: string, cookie: string, body: string): Promise<number> {
  const res = await fetch(`${url}${callKwPath('ir.attachment', 'create')}`, { method: 'POST', headers: { ...JSON_HEADERS, cookie }, body });
  const text = await res.text();
  const m = /"result":\s*(\d+)/.exec(text);
  if (res.status !== 200 || !m) throw new Error(`upload failed: ${res.status} ${text.slice(0, 200)}`);
  return Number(m[1]);
}

async function downloadOnce(url: string, cookie: string, pathName: string, size: number): Promise<void> {
  const res = await fetch(`${url}${pathName}`, { headers: { cookie } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || buf.length !== size) throw new Error(`download failed: ${res.status}, ${buf.length} bytes`);
}

/** Run `op` `count` times on `connections` parallel workers; returns per-transfer times and wall time. */
async function measure(count: number, connections: number, op: (i: number) => Promise<unknown>): Promise<{ times: number[]; wallMs: number }> {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await op(i);
      times.push(performance.now() - t);
    }
  }));
  return { times, wallMs: performance.now() - t0 };
}

/** The bare express baseline for files (child process). */
async function startFilesBaseline(dir: string, logFile: string): Promise<Child> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, [__filename, '--baseline', String(port), dir], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let how: string | null = null;
  proc.once('exit', (code, signal) => { how = signal ? `signal ${signal}` : `code ${code}`; });
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    try { if ((await fetch(`${url}/ping`)).status === 200) break; } catch { /* not yet */ }
    if (how || performance.now() - t0 > 30000) throw new Error(`files baseline did not start (${how ?? 'timeout'})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    name: 'files-baseline', proc, pid: proc.pid!, port, url, logFile, readyMs: performance.now() - t0,
    peakRss: () => null, rss: () => null, totalRss: () => null, workerPids: () => [], exited: () => how,
    stop: () => new Promise<void>((resolve) => { if (how) return resolve(); proc.once('exit', () => resolve()); proc.kill('SIGTERM'); }),
  };
}

export async function filesSection(tmp: string, opts: { sizeBytes: number; transfers: number; connections: number; nodeArgs: string[]; say: (m: string) => void }): Promise<FilesResult> {
  const { sizeBytes, transfers, connections, say } = opts;
  const dataDir = path.join(tmp, 'files-data');
  const emu = await startEmulator(dataDir, path.join(tmp, 'files-emulator.log'), { nodeArgs: opts.nodeArgs });
  const baseDir = path.join(tmp, 'files-baseline');
  fs.mkdirSync(baseDir, { recursive: true });
  const baseline = await startFilesBaseline(baseDir, path.join(tmp, 'files-baseline.log'));
  try {
    const client = new Client(emu.url);
    const { cookie } = await client.authenticate(ADMIN.login, ADMIN.password);
    client.close();
    const file = makePdf(sizeBytes);
    const body = callKwBody('ir.attachment', 'create', [{ name: 'bench.pdf', datas: file.toString('base64'), res_model: 'res.partner', res_id: 1 }]);
    // one checked round trip on each side
    const checkId = await uploadOnce(emu.url, cookie, body);
    await downloadOnce(emu.url, cookie, `/web/content/${checkId}?download=true`, file.length);
    await uploadOnce(baseline.url, '', body);
    await downloadOnce(baseline.url, '', '/file', file.length);
    const rows: FileRow[] = [];
    for (const conns of [1, connections]) {
      const cpu = foreignCpu([emu.pid, baseline.pid]);
      const up = await measure(transfers, conns, () => uploadOnce(emu.url, cookie, body));
      const upBase = await measure(transfers, conns, () => uploadOnce(baseline.url, '', body));
      const down = await measure(transfers, conns, () => downloadOnce(emu.url, cookie, `/web/content/${checkId}?download=true`, file.length));
      const downBase = await measure(transfers, conns, () => downloadOnce(baseline.url, '', '/file', file.length));
      const foreign = cpu();
      const rate = (m: { wallMs: number }) => (transfers * file.length) / MB / (m.wallMs / 1000);
      rows.push({ key: `upload_${conns}`, label: `upload ${mbLabel(file.length)} PDF (ir.attachment.create, base64 over call_kw), ${conns} connection${conns > 1 ? 's' : ''}`, mbps: rate(up), baselineMbps: rate(upBase), ratio: rate(up) / rate(upBase), p50: median(up.times), times: up.times, transfers, foreignCpu: foreign });
      rows.push({ key: `download_${conns}`, label: `download it (/web/content/<id>?download=true, filestore), ${conns} connection${conns > 1 ? 's' : ''}`, mbps: rate(down), baselineMbps: rate(downBase), ratio: rate(down) / rate(downBase), p50: median(down.times), times: down.times, transfers, foreignCpu: foreign });
      say(`files, ${conns} connection(s): upload ${rate(up).toFixed(1)} MB/s (baseline ${rate(upBase).toFixed(1)}), download ${rate(down).toFixed(1)} MB/s (baseline ${rate(downBase).toFixed(1)})`);
    }
    return { fileBytes: file.length, storage: 'filestore (data directory on disk)', connections, rows };
  } finally {
    await baseline.stop();
    await emu.stop();
  }
}

function mbLabel(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes % MB ? 1 : 0)} MB`;
}

// ---------------------------------------------------------------------------------------------
// baseline server (child process entry point)

async function baselineMain(port: number, dir: string): Promise<void> {
  const express = (await import('express')).default;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  let lastFile: string | null = null;
  app.get('/ping', (_req, res) => { res.end('ok'); });
  // the same work as an upload minus the ORM: JSON-RPC parse, base64 decode, checksum, file write
  app.post(/^\/web\/dataset\/call_kw(\/.*)?$/, express.raw({ type: () => true, limit: 512 * MB }), (req, res) => {
    const body = JSON.parse((req.body as Buffer).toString('utf8'));
    const data = Buffer.from(body.params.args[0].datas, 'base64');
    const sha = crypto.createHash('sha1').update(data).digest('hex');
    const file = path.join(dir, sha);
    if (!fs.existsSync(file)) fs.writeFileSync(file, data);
    lastFile = file;
    const answer = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: body.id ?? null, result: 1 }));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
    res.end(answer);
  });
  // the same bytes back, from the file written by the upload
  app.get('/file', (_req, res) => {
    if (!lastFile) { res.statusCode = 404; res.end(); return; }
    res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': fs.statSync(lastFile).size });
    fs.createReadStream(lastFile).pipe(res);
  });
  app.listen(port, '127.0.0.1');
}

if (require.main === module) {
  const i = process.argv.indexOf('--baseline');
  if (i < 0) {
    process.stderr.write('usage: node dist/bench/files.js --baseline PORT DIR\n');
    process.exit(2);
  }
  baselineMain(Number(process.argv[i + 1]), process.argv[i + 2]).catch((e) => { console.error(e); process.exit(1); });
}
