/**
 * Benchmark results: the JSON document (bench/results/latest.json) and its markdown rendering
 * (bench/results/latest.md).
 */
import fs from 'fs';
import path from 'path';
import type { LoadResult } from './load';
import type { LatencyStats } from './scenarios';
import type { GenerateResult } from './generate';

export interface Machine { cpu: string; cores: number; node: string; os: string; memoryGiB: number }

export interface Target {
  label: string;
  /** The measured figure, formatted. */
  figure: string;
  threshold: string;
  /** null: not measured in this run. */
  ok: boolean | null;
}

export interface ThroughputRow {
  key: string;
  label: string;
  note?: string;
  /** Medians over the runs. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** rps / baseline rps. */
  ratio: number | null;
  /** Median share of the machine's CPU used by other processes during the runs. */
  foreignCpu: number;
  /** Failed requests over all runs: connection errors, timeouts, non-2xx, RPC errors/faults. */
  failures: number;
  target?: Target;
  runs: LoadResult[];
}

export interface LatencyRow {
  key: string;
  label: string;
  note?: string;
  stats: LatencyStats;
  /** The first (cold) call, not included in stats. */
  firstMs: number;
  /** Share of the machine's CPU used by other processes meanwhile (scale queries). */
  foreignCpu?: number;
  target?: Target;
}

export interface Results {
  meta: {
    date: string;
    commit: string | null;
    machine: Machine;
    options: Record<string, unknown>;
    wallSeconds: number;
    /** os.loadavg() when the run started (1, 5, 15 min). */
    loadavg?: number[];
  };
  throughput: null | {
    connections: number;
    duration: number;
    runs: number;
    baseline: ThroughputRow;
    rows: ThroughputRow[];
    peakRssBytes: number | null;
  };
  startup: null | {
    /** First start on an empty data dir (includes creating the database). */
    firstStartMs: number | null;
    startMs: number[];
    createMs: number[];
    duplicateMs: number[];
    /** In-memory start-up through the package API, and reset() (bench/companion.ts). */
    memoryStartMs?: number[];
    resetMs?: number[];
    rows: LatencyRow[];
  };
  scale: null | {
    partners: number;
    generation: GenerateResult;
    dbSizeBytes: number;
    dbSizeAfterBytes: number;
    startupMs: number;
    rssAfterStartBytes: number | null;
    peakRssBytes: number | null;
    setupMs: number;
    rows: LatencyRow[];
  };
  /** Sections contributed by bench/sections.ts (modules, attachments, business flows …). */
  sections?: BenchSection[];
  targets: Target[];
  notes: string[];
}

/** A section of latency rows (sequential measurements) with its own title and notes. */
export interface BenchSection {
  key: string;
  title: string;
  intro?: string;
  rows: LatencyRow[];
  notes?: string[];
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—');
export const ms = (n: number) => (Number.isFinite(n) ? `${f1(n)} ms` : '—');
export const mb = (bytes: number | null) => (bytes === null || !Number.isFinite(bytes) ? '—' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const pct = (r: number | null) => (r === null || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(1)}%`);
export const mark = (t?: Target) => (!t ? '' : t.ok === null ? '?' : t.ok ? '✓' : '✗');
const targetCell = (t?: Target) => (t ? `${mark(t)} ${t.threshold}` : '');

export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  const o = r.meta.options;
  out.push('# odoo-emulator benchmark', '');
  out.push(`${r.meta.date}${r.meta.commit ? ` — commit \`${r.meta.commit}\`` : ''}${o.quick ? ' — **quick smoke run (tiny sizes, not comparable)**' : ''}`, '');
  out.push(`Machine: ${r.meta.machine.cpu}, ${r.meta.machine.cores} cores, ${r.meta.machine.memoryGiB.toFixed(0)} GiB RAM, ${r.meta.machine.os}, Node ${r.meta.machine.node}. ` +
    'Load generator (autocannon), server and baseline share the machine; loopback only.', '');
  out.push(`Run: ${Math.round(r.meta.wallSeconds)} s wall; options \`${JSON.stringify(o)}\`${r.meta.loadavg ? `; load average at start ${r.meta.loadavg.map((x) => x.toFixed(2)).join(' / ')}` : ''}.`, '');

  if (r.throughput) {
    const t = r.throughput;
    out.push(`## Throughput and latency (${t.connections} connections, ${t.duration} s per run, median of ${t.runs} run${t.runs > 1 ? 's' : ''})`, '');
    out.push('| scenario | req/s | vs baseline | p50 | p95 | p99 | failed | foreign CPU | target |', '|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const row of [t.baseline, ...t.rows]) {
      out.push(`| ${row.label}${row.note ? ` <br><sub>${row.note}</sub>` : ''} | ${f0(row.rps)} | ${row.key === 'baseline' ? '100%' : pct(row.ratio)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${row.failures} | ${pct(row.foreignCpu)} | ${targetCell(row.target)} |`);
    }
    out.push('', '"foreign CPU": share of the machine\'s CPU used by processes other than the benchmark, the server and the baseline during the runs (median); above a few % the figures of that row are disturbed.');
    out.push('', `Per-run req/s: ${[t.baseline, ...t.rows].map((row) => `${row.key} ${row.runs.map((x) => f0(x.rps)).join(' / ')}`).join('; ')}.`, '');
    out.push(`Peak RSS of the server during the throughput runs: ${mb(t.peakRssBytes)}.`, '');
  }

  if (r.startup) {
    const s = r.startup;
    out.push('## Start-up and database service', '');
    out.push('| figure | p50 (median) | min | max | n | first call | target |', '|---|---:|---:|---:|---:|---:|---|');
    for (const row of s.rows) {
      out.push(`| ${row.label}${row.note ? ` <br><sub>${row.note}</sub>` : ''} | ${ms(row.stats.p50)} | ${ms(row.stats.min)} | ${ms(row.stats.max)} | ${row.stats.n} | ${ms(row.firstMs)} | ${targetCell(row.target)} |`);
    }
    out.push('');
    if (s.firstStartMs !== null) out.push(`First start on an empty data dir (creates the database from the template): ${ms(s.firstStartMs)}.`, '');
  }

  if (r.scale) {
    const s = r.scale;
    const g = s.generation;
    out.push(`## Scale (${f0(s.partners)} generated partners)`, '');
    out.push(`Generation (direct SQL, before start): ${f0(g.count)} rows (${f0(g.companies)} companies, ${f0(g.contacts)} contacts, ${f0(g.individuals)} individuals) ` +
      `in ${(g.totalMs / 1000).toFixed(1)} s (insert ${(g.insertMs / 1000).toFixed(1)} s, index rebuild ${(g.indexMs / 1000).toFixed(1)} s, ` +
      `FTS rebuild ${((g.ftsMs ?? 0) / 1000).toFixed(1)} s${g.ftsTables?.length ? ` for ${g.ftsTables.join(', ')}` : ''}; ${f0(g.count / (g.totalMs / 1000))} rows/s).`, '');
    out.push(`Database size on disk: ${mb(s.dbSizeBytes)} after generation, ${mb(s.dbSizeAfterBytes)} at the end (file + WAL). ` +
      `Start-up to first authenticate: ${ms(s.startupMs)}. RSS after start-up: ${mb(s.rssAfterStartBytes)}; **peak RSS (VmHWM): ${mb(s.peakRssBytes)}**. ` +
      `Portal setup (company + 100 contacts over RPC): ${ms(s.setupMs)}.`, '');
    out.push('Sequential calls (one connection, keep-alive), after one untimed warm-up call ("first call"):', '');
    out.push('| query | p50 | p95 | p99 | min | max | n | first call | foreign CPU | target |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const row of s.rows) {
      out.push(`| ${row.label}${row.note ? ` <br><sub>${row.note}</sub>` : ''} | ${ms(row.stats.p50)} | ${ms(row.stats.p95)} | ${ms(row.stats.p99)} | ${ms(row.stats.min)} | ${ms(row.stats.max)} | ${row.stats.n} | ${ms(row.firstMs)} | ${pct(row.foreignCpu ?? null)} | ${targetCell(row.target)} |`);
    }
    out.push('');
  }

  for (const sec of r.sections ?? []) {
    out.push(`## ${sec.title}`, '');
    if (sec.intro) out.push(sec.intro, '');
    out.push('| figure | p50 | min | max | n | first | target |', '|---|---:|---:|---:|---:|---:|---|');
    for (const row of sec.rows) {
      out.push(`| ${row.label}${row.note ? ` <br><sub>${row.note}</sub>` : ''} | ${ms(row.stats.p50)} | ${ms(row.stats.min)} | ${ms(row.stats.max)} | ${row.stats.n} | ${ms(row.firstMs)} | ${targetCell(row.target)} |`);
    }
    out.push('');
    for (const n of sec.notes ?? []) out.push(`- ${n}`);
    if (sec.notes?.length) out.push('');
  }

  out.push('## Targets', '');
  out.push('| target | figure | threshold | |', '|---|---:|---|:-:|');
  for (const t of r.targets) out.push(`| ${t.label} | ${t.figure} | ${t.threshold} | ${mark(t)} |`);
  out.push('');
  if (r.notes.length) {
    out.push('## Notes', '');
    for (const n of r.notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}

/** Write <dir>/<name>.json and <dir>/<name>.md; returns the markdown. */
export function writeResults(dir: string, name: string, r: Results): { json: string; md: string; markdown: string } {
  fs.mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(r);
  const json = path.join(dir, `${name}.json`);
  const md = path.join(dir, `${name}.md`);
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(md, markdown);
  return { json, md, markdown };
}
