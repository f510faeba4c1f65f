/**
 * Creating databases with a module set: cold (the template image of that set is built: every
 * module's data loaded in Odoo's order), warm in the same process (the image is in memory) and
 * warm in a new process (the image read from the template cache directory).
 */
import fs from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import { DatabaseManager } from '../models/database';
import { DEFAULT_MODULES } from '../models/modules/builtin';
import { latencyStats } from './scenarios';
import type { BenchSection, LatencyRow } from './report';
import { ms } from './report';
import type { SectionContext } from './sections';

/** Module sets measured: the default one, and the business apps once they are available. */
const SETS: Array<{ label: string; modules: string[]; target?: number }> = [
  { label: 'default module set (26 modules, demo data)', modules: DEFAULT_MODULES },
  { label: '+ account, payment_demo', modules: [...DEFAULT_MODULES, 'account', 'payment_demo'], target: 300 },
  { label: '+ sale_management, account, payment_demo', modules: [...DEFAULT_MODULES, 'sale_management', 'account', 'payment_demo'], target: 300 },
];

function timeIt(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function modulesSection(ctx: SectionContext): Promise<BenchSection> {
  const rows: LatencyRow[] = [];
  const reps = ctx.quick ? 3 : 10;
  for (const set of SETS) {
    const probe = new DatabaseManager(null, { templateDir: null });
    const missing = set.modules.filter((m) => !probe.catalog.has(m));
    if (missing.length) {
      ctx.say(`modules: skipping "${set.label}" (not available: ${missing.join(', ')})`);
      continue;
    }
    const templateDir = fs.mkdtempSync(path.join(ctx.tmp, 'templates-'));
    const dbm = new DatabaseManager(null, { templateDir });
    const cold = timeIt(() => dbm.create('cold', { demo: true, modules: set.modules }));
    const warm: number[] = [];
    for (let i = 0; i < reps; i++) warm.push(timeIt(() => dbm.create(`warm_${i}`, { demo: true, modules: set.modules })));
    // a new process: the image comes from the cache directory
    const fresh = new DatabaseManager(null, { templateDir });
    const fromDisk = timeIt(() => fresh.create('disk', { demo: true, modules: set.modules }));
    dbm.closeAll();
    fresh.closeAll();
    ctx.say(`modules: ${set.label}: cold ${ms(cold)}, warm ${warm.map((x) => x.toFixed(1)).join(' / ')} ms, from the disk cache ${ms(fromDisk)}`);
    const stats = latencyStats(warm);
    rows.push({
      key: `create_${set.modules.length}`, label: `Create a database: ${set.label}`, stats, firstMs: cold,
      note: `"first" = cold (template image built: ${ms(cold)}); p50 = warm, image in memory; from the disk cache in a new manager: ${ms(fromDisk)}`,
      target: set.target ? { label: `create with ${set.label} ≤ ${set.target} ms warm`, figure: ms(stats.p50), threshold: `≤ ${set.target} ms`, ok: stats.p50 <= set.target } : undefined,
    });
  }
  return {
    key: 'modules', title: 'Databases with modules',
    intro: 'In-process `DatabaseManager.create(name, {demo: true, modules})` (no HTTP): a real Odoo 17 takes about 60 s to create a database with sale_management, account and payment_demo on this kind of machine.',
    rows,
  };
}
