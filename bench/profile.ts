/**
 * Summarise a V8 CPU profile (from `npm run bench -- --cpu-prof`, or `node --cpu-prof`):
 * the functions with the most self time and the most total (inclusive) time.
 *
 *   node dist/bench/profile.js <file.cpuprofile> [--top N] [--callers PATTERN]
 *
 * --callers PATTERN: time spent in the functions whose "name file:line" contains PATTERN, by caller.
 */
import fs from 'fs';
import path from 'path';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[]; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface FunctionTime { name: string; selfMs: number; totalMs: number; selfPct: number; totalPct: number }

function frameKey(f: CallFrame): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  let file = f.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  file = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : file.includes('/dist/') ? file.slice(file.indexOf('/dist/') + 6) : path.basename(file);
  return `${name} ${file}:${f.lineNumber + 1}`;
}

export function summarise(profile: Profile): { totalMs: number; idleMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of self) {
    totalUs += us;
    const node = byId.get(id)!;
    const key = frameKey(node.callFrame);
    if (node.callFrame.functionName === '(idle)') idleUs += us;
    selfBy.set(key, (selfBy.get(key) ?? 0) + us);
    // inclusive time: once per distinct function on the stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = frameKey(byId.get(cur)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const busy = Math.max(1, totalUs - idleUs);
  const functions = [...totalBy.keys()].map((name) => ({
    name, selfMs: (selfBy.get(name) ?? 0) / 1000, totalMs: (totalBy.get(name) ?? 0) / 1000,
    selfPct: ((selfBy.get(name) ?? 0) / busy) * 100, totalPct: ((totalBy.get(name) ?? 0) / busy) * 100,
  }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, functions };
}

/** Total time of the functions matching `pattern`, split by the function that called them. */
export function callers(profile: Profile, pattern: string): Array<{ caller: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // the outermost frame matching the pattern on this sample's stack, and its caller
    let match: number | undefined;
    for (let cur: number | undefined = profile.samples[i]; cur !== undefined; cur = parent.get(cur)) {
      if (frameKey(byId.get(cur)!.callFrame).includes(pattern)) match = cur;
    }
    if (match === undefined) continue;
    const p = parent.get(match);
    const key = p === undefined ? '(top)' : frameKey(byId.get(p)!.callFrame);
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...out.entries()].map(([caller, ms]) => ({ caller, ms })).sort((a, b) => b.ms - a.ms);
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 30;
  const callersAt = args.indexOf('--callers');
  const callersOf = callersAt >= 0 ? String(args.splice(callersAt, 2)[1]) : null;
  if (!args[0]) {
    process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile> [--top N] [--callers PATTERN]\n');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(args[0], 'utf8')) as Profile;
  if (callersOf) {
    process.stdout.write(`callers of functions matching ${JSON.stringify(callersOf)} (time spent in them, by caller):\n`);
    for (const c of callers(profile, callersOf).slice(0, top)) process.stdout.write(`${c.ms.toFixed(0).padStart(8)} ms  ${c.caller}\n`);
    process.exit(0);
  }
  const s = summarise(profile);
  const skip = new Set(['(root)', '(idle)', '(program)', '(garbage collector)']);
  const line = (f: FunctionTime) => `${f.selfMs.toFixed(0).padStart(8)} ms ${f.selfPct.toFixed(1).padStart(5)}% self  ${f.totalMs.toFixed(0).padStart(8)} ms ${f.totalPct.toFixed(1).padStart(5)}% total  ${f.name}`;
  process.stdout.write(`profile ${args[0]}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.idleMs / 1000).toFixed(1)} s idle; percentages of busy time\n`);
  process.stdout.write(`\nTop ${top} by self time:\n`);
  for (const f of [...s.functions].sort((a, b) => b.selfMs - a.selfMs).filter((f) => f.name !== '(idle)').slice(0, top)) process.stdout.write(`${line(f)}\n`);
  process.stdout.write(`\nTop ${top} by total time:\n`);
  for (const f of [...s.functions].sort((a, b) => b.totalMs - a.totalMs).filter((f) => !skip.has(f.name)).slice(0, top)) process.stdout.write(`${line(f)}\n`);
}
