/**
 * `odoo-emulator addon-check PATH...`: what the emulator makes of an addon (or a folder of addons)
 * for its developer. The addons are read and installed into a throw-away in-memory database with
 * demo data, then the report lists the models and fields read, the groups, access rights, rules
 * and records created, and everything not emulated (methods, computes, defaults, skipped records)
 * with file and line. Exit status: 0, 1 on a parse error (file, line and Python's message) or an
 * unreadable addon, 2 when the install fails.
 */
import os from 'os';
import path from 'path';
import { builtinCatalog, DatabaseManager } from '../models/database';
import { DEFAULT_MODULES } from '../models/modules/builtin';
import { AddonsPathError, loadAddonsPath, type LoadedAddon } from '../models/addons/addons_path';
import type { NotEmulated } from '../models/addons/declare';
import { PythonSyntaxError } from '../models/addons/python';
import { EmulatorLoadError } from '../models/addons/emulator';
import { addLogSink, setLogLevel } from '../models/tools/log';
import { SUPERUSER_ID } from '../models/orm/environment';

interface Out { write(s: string): unknown }

export async function addonCheck(paths: string[], out: Out): Promise<number> {
  if (!paths.length) {
    out.write('Usage: odoo-emulator addon-check PATH...   (an addon folder, or a folder of addons)\n');
    return 1;
  }
  setLogLevel('critical');
  const warnings: string[] = [];
  const stop = addLogSink((level, logger, message) => { if (level === 'warn' && logger !== 'odoo.modules.module') warnings.push(message); });
  try {
    const catalog = builtinCatalog();
    let loaded: LoadedAddon[];
    try {
      loaded = await loadAddonsPath(paths, catalog, { warn: (m) => warnings.push(m) });
    } catch (e) {
      if (e instanceof PythonSyntaxError || e instanceof AddonsPathError || e instanceof EmulatorLoadError) {
        out.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
    const names = loaded.map((a) => a.name);
    const dbm = new DatabaseManager(null, { catalog, templateDir: path.join(os.tmpdir(), 'odoo-emulator-templates') });
    let installError: string | null = null;
    let db = null;
    try {
      db = dbm.create('addon_check', { demo: true, modules: [...DEFAULT_MODULES, ...names] });
    } catch (e) {
      installError = (e as Error).message;
    }
    for (const a of loaded) report(out, a, db ? db.env(SUPERUSER_ID) : null);
    if (warnings.length) {
      out.write(`\nWhile installing (${warnings.length}):\n`);
      for (const w of warnings) out.write(`  ${w}\n`);
    }
    dbm.closeAll();
    if (installError) {
      out.write(`\nInstalling ${names.join(', ')} failed:\n${installError}\n`);
      return 2;
    }
    out.write(`\nInstalled ${names.join(', ')} into a fresh database (with demo data): OK\n`);
    return 0;
  } finally {
    stop();
  }
}

type Env = ReturnType<import('../models/database').Database['env']>;

function report(out: Out, a: LoadedAddon, env: Env | null): void {
  const m = a.manifest;
  out.write(`\n== ${a.name} — ${m.shortdesc} ${m.version} (${a.dir})\n`);
  out.write(`depends: ${m.depends.join(', ') || '-'}; data: ${m.data.length} files; demo: ${m.demo.length} files; read in ${Math.round(a.parseMs)} ms\n`);
  out.write(`Python files read: ${a.python.files.join(', ') || 'none'}\n`);
  out.write(`emulator/: ${a.behaviour.files.join(', ') || 'none (no Python body runs)'}\n`);
  out.write(`\nModels (${a.report.models.length}):\n`);
  for (const d of a.report.models) {
    out.write(`  ${d.name.padEnd(32)} ${(d.extension ? 'extends' : `new ${d.kind}`).padEnd(20)} ${d.file}:${d.line}  ${d.fields.length} fields\n`);
    if (!env || !env.registry.has(d.name)) continue;
    const M = env.registry.get(d.name)!;
    for (const fname of d.fields) {
      const f = M._fields[fname];
      if (!f) continue;
      const extra = [f.comodel && `→ ${f.comodel}`, f.spec.related && `related ${f.spec.related}`, f.spec.compute && `compute ${f.spec.compute}`,
        f.spec.not_emulated_compute && 'stored compute (plain column)', f.required && 'required', f.store ? '' : 'not stored'].filter(Boolean).join(', ');
      out.write(`      ${fname.padEnd(28)} ${f.type.padEnd(10)} ${extra}\n`);
    }
  }
  if (env) {
    const rows = env.cr.all<{ model: string; n: number }>('SELECT model, COUNT(*) AS n FROM ir_model_data WHERE module = ? GROUP BY model ORDER BY model', [a.name]);
    out.write(`\nRecords with xml ids of ${a.name} (${rows.reduce((s, r) => s + r.n, 0)}):\n`);
    for (const r of rows) out.write(`  ${r.model.padEnd(32)} ${r.n}\n`);
    const rules = env.cr.all<{ name: string; domain_force: string }>(
      "SELECT r.name, r.domain_force FROM ir_rule r JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id WHERE d.module = ? ORDER BY r.id", [a.name]);
    if (rules.length) {
      out.write(`Record rules (${rules.length}):\n`);
      for (const r of rules) out.write(`  ${r.name}: ${r.domain_force}\n`);
    }
  }
  const ne = a.report.notEmulated;
  out.write(`\nNot emulated (${ne.length}):\n`);
  for (const n of [...ne].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line))) {
    out.write(`  ${`${n.file}:${n.line}`.padEnd(34)} ${n.kind.padEnd(10)} ${n.model}.${n.name}: ${methodDetail(n, env)}\n`);
  }
  for (const w of a.report.warnings) out.write(`  warning: ${w}\n`);
}

/**
 * A public method of an extended model that the emulator implements itself (mail.thread's
 * message_post) runs the emulator's code, not the stub that raises NotImplementedError.
 */
function methodDetail(n: NotEmulated, env: Env | null): string {
  if (n.kind !== 'method' || !env || !n.detail.startsWith('public method')) return n.detail;
  const M = env.registry.get(n.model);
  const fn = (M?.prototype as unknown as Record<string, unknown> | undefined)?.[n.name];
  return typeof fn === 'function' && fn.name !== 'notEmulated' ? "the emulator's own implementation runs (this Python override does not)" : n.detail;
}
