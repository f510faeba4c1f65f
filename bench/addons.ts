/**
 * Loading Odoo addons from an addons path: reading them (manifests and Python, parsed with
 * tree-sitter, never run) and installing them into a database of the default module set, cold
 * (first time in the process: the Python grammar is loaded, the registry of the new module set
 * built) and warm (again, in a new catalog). The real Odoo addons (utm, fleet, lunch,
 * maintenance, resource) need an Odoo 17 source tree (ODOO_ADDONS_DIR, default
 * /var/lib/odoo-ref/odoo/addons); the sample library addon is always measured.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { builtinCatalog, DatabaseManager } from '../models/database';
import { BUILTIN_MODULES, DEFAULT_MODULES } from '../models/modules/builtin';
import { ModuleCatalog } from '../models/modules/catalog';
import { loadAddonsPath } from '../models/addons/addons_path';
import { setLogLevel } from '../models/tools/log';
import { PROJECT_ROOT } from '../models/paths';
import { latencyStats } from './scenarios';
import type { BenchSection, LatencyRow } from './report';
import { ms } from './report';
import type { SectionContext } from './sections';

const ODOO_ADDONS = process.env.ODOO_ADDONS_DIR ?? '/var/lib/odoo-ref/odoo/addons';
const REAL = ['utm', 'fleet', 'lunch', 'maintenance', 'resource'];
/**
 * A real Odoo 17 (the reference server, 2 cores), measured with `reference-odoo.sh db`: the
 * default set plus these five modules with demo data took 42 s, the default set alone 32 s, so
 * installing the five took about 10 s (a second pair of runs, on the machine loaded about nine
 * times over its cores by other work, took 129 s and 145 s: no usable difference).
 */
const ODOO_INSTALL_SECONDS = 10;

interface AddonSet { label: string; dir: string; modules: string[]; target?: number }

function sets(ctx: SectionContext): AddonSet[] {
  const out: AddonSet[] = [{ label: 'sample addon library (test/addons_path)', dir: path.join(PROJECT_ROOT, 'test', 'addons_path', 'addons'), modules: ['library'] }];
  if (REAL.every((m) => fs.existsSync(path.join(ODOO_ADDONS, m, '__manifest__.py')))) {
    const dir = fs.mkdtempSync(path.join(ctx.tmp, 'odoo-addons-'));
    for (const m of REAL) fs.symlinkSync(path.join(ODOO_ADDONS, m), path.join(dir, m));
    out.push({ label: `Odoo 17's ${REAL.join(', ')}`, dir, modules: REAL, target: 1000 });
  } else {
    ctx.say(`addons: no Odoo 17 source tree at ${ODOO_ADDONS}: only the sample addon is measured`);
  }
  return out;
}

/** Read the addons into a new catalog, then install them into a fresh default database. */
async function loadAndInstall(set: AddonSet, templateDir: string, name: string): Promise<{ parse: number; install: number; cpu: number }> {
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const catalog = new ModuleCatalog(BUILTIN_MODULES.filter((m) => !set.modules.includes(m.name)));
  await loadAddonsPath([set.dir], catalog, { warn: () => undefined });
  const t1 = performance.now();
  const parseCpu = cpuMs(process.cpuUsage(c0));
  const dbm = new DatabaseManager(null, { catalog, templateDir });
  // the default database is the starting point (Odoo's figure excludes it too): not timed
  const db = dbm.create(name, { demo: true });
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  db.install(set.modules);
  const t3 = performance.now();
  // CPU time of this process (every thread) for parse + install: on a machine shared with
  // other work, wall time also counts the time spent waiting for a core
  const cpu = parseCpu + cpuMs(process.cpuUsage(c2));
  dbm.closeAll();
  return { parse: t1 - t0, install: t3 - t2, cpu };
}

export async function addonsSection(ctx: SectionContext): Promise<BenchSection> {
  setLogLevel('error');
  const rows: LatencyRow[] = [];
  const reps = ctx.quick ? 3 : 8;
  const templateDir = fs.mkdtempSync(path.join(ctx.tmp || os.tmpdir(), 'addon-templates-'));
  // the default set's template image, built once beforehand (what every database starts from)
  new DatabaseManager(null, { catalog: builtinCatalog(), templateDir }).template(true, DEFAULT_MODULES);
  for (const set of sets(ctx)) {
    const cold = await loadAndInstall(set, templateDir, 'cold');
    const warm: Array<{ parse: number; install: number; cpu: number }> = [];
    for (let i = 0; i < reps; i++) warm.push(await loadAndInstall(set, templateDir, `warm_${i}`));
    const total = warm.map((w) => w.parse + w.install);
    const coldTotal = cold.parse + cold.install;
    ctx.say(`addons: ${set.label}: cold ${ms(coldTotal)} (parse ${ms(cold.parse)} + install ${ms(cold.install)}; CPU ${ms(cold.cpu)}), warm p50 ${ms(latencyStats(total).p50)}`);
    const isReal = set.modules.length > 1;
    rows.push({
      key: `addons_${set.modules.join('_')}`, label: `Read + install: ${set.label}`, stats: latencyStats(total), firstMs: coldTotal,
      note: `"first" = cold: parse ${ms(cold.parse)} (incl. loading the Python grammar) + install ${ms(cold.install)}, ${ms(cold.cpu)} of CPU; p50 = warm (parse p50 ${ms(latencyStats(warm.map((w) => w.parse)).p50)}, install p50 ${ms(latencyStats(warm.map((w) => w.install)).p50)}, CPU p50 ${ms(latencyStats(warm.map((w) => w.cpu)).p50)})`
        + (isReal ? `; a real Odoo 17 installs the same modules in about ${ODOO_INSTALL_SECONDS} s (${(ODOO_INSTALL_SECONDS * 1000 / coldTotal).toFixed(0)}× the emulator's cold time)` : ''),
      // judged on the CPU time the cold run used (the machine is shared: its wall time also
      // measures the other work's load); the wall time stands next to it
      target: set.target ? { label: `read + install ${set.label} ≤ ${set.target} ms cold (CPU time; wall ${ms(coldTotal)})`, figure: ms(cold.cpu), threshold: `≤ ${set.target} ms`, ok: cold.cpu <= set.target } : undefined,
    });
  }
  return {
    key: 'addons', title: 'Addons from an addons path',
    intro: 'In-process `loadAddonsPath` (manifests, Python read with tree-sitter, emulator/ behaviour) into a new catalog, then `Database.install` into a fresh default database with demo data (created from the cached template image, not timed). '
      + `Reference: a real Odoo 17 on the same machine takes ${ODOO_INSTALL_SECONDS} s to install utm, fleet, lunch, maintenance and resource (reference-odoo.sh db with them: 42 s, without them: 32 s).`,
    rows,
  };
}
