/**
 * Installing, upgrading and uninstalling modules in one database: Odoo's load_modules with
 * update_module=True (odoo/modules/loading.py), driven by the states of ir.module.module rows
 * ('to install', 'to upgrade', 'to remove'). Everything happens in the caller's transaction:
 * a failure leaves the database and its registry as they were.
 */
import fs from 'fs';
import path from 'path';
import { Environment, SUPERUSER_ID } from '../orm/environment';
import type { Registry } from '../orm/registry';
import type { BaseModel } from '../orm/model';
import { drainTrigramQueues } from '../orm/trigram';
import { ident } from '../orm/sql';
import { nowUtc } from '../orm/fields';
import { isTranslated, createColumn } from '../orm/translate';
import { DataLoader } from '../tools/data_loader';
import { reflectModels } from '../base/ir_model';
import { UserError } from '../orm/exceptions';
import { log } from '../tools/log';
import type { ModuleCatalog } from './catalog';
import { autoInstallRequirements, type Manifest } from './manifest';

/** What module operations need from the database they run in (implemented by models/database.ts). */
export interface ModuleHost {
  readonly name: string;
  readonly catalog: ModuleCatalog;
  /** Directory of the database's stored files (ir.attachment), null when it has none (in memory). */
  readonly filestore?: string | null;
  /** The registry of a module set (the catalog's, unless the database imposes one). */
  registryFor(modules: Iterable<string>): Registry;
  /** Switch the database to another registry once the current transaction has committed. */
  useRegistry(registry: Registry): void;
}

/** Modules Odoo never uninstalls (odoo.conf server_wide_modules). */
export const SERVER_WIDE_MODULES = ['base', 'web'];

/** The database's time (its clock), as Odoo stores datetimes. */
const now = (env: Environment) => nowUtc(env.cr);

type ModuleRow = { id: number; name: string; state: string; demo: number | null };

function moduleRows(env: Environment): ModuleRow[] {
  return env.cr.all<ModuleRow>('SELECT id, name, state, demo FROM ir_module_module ORDER BY id');
}

/** Names of modules in the given states. */
export function modulesInState(env: Environment, states: string[]): string[] {
  return moduleRows(env).filter((r) => states.includes(r.state)).map((r) => r.name);
}

/** Category of a manifest's `category` path, created on the way like Odoo's create_categories. */
function categoryId(env: Environment, categoryPath: string): number | null {
  const parts = categoryPath.split('/').map((p) => p.trim()).filter(Boolean);
  let parent: number | null = null;
  for (let i = 0; i < parts.length; i++) {
    const xmlName = `module_category_${parts.slice(0, i + 1).map((p) => p.toLowerCase()).join('_')}`.replace(/&/g, 'and').replace(/ /g, '_');
    const known = env.xmlidLookup(`base.${xmlName}`);
    if (known) { parent = known[1]; continue; }
    const id: number = env.model('ir.module.category').sudo()._create([{ name: parts[i], parent_id: parent ?? false }]).ids[0];
    new DataLoader(env, 'base').register(`base.${xmlName}`, 'ir.module.category', id, true);
    parent = id;
  }
  return parent;
}

/** Values of an ir.module.module row taken from a manifest (ir_module.py get_values_from_terp). */
function manifestValues(m: Manifest): Record<string, unknown> {
  return {
    shortdesc: m.shortdesc, summary: m.summary || false, description: m.description || false,
    author: m.author, maintainer: false, contributors: false, website: m.website || false,
    license: m.license, sequence: m.sequence, application: m.application,
    auto_install: m.auto_install !== false, url: false, to_buy: false,
  };
}

/**
 * ir.module.module.update_list: one row per known module (new ones 'uninstalled', or
 * 'uninstallable'), with dependencies, exclusions and category kept in step with the manifests.
 * Returns [updated, added].
 */
export function syncModuleList(env: Environment, catalog: ModuleCatalog): [number, number] {
  const Module = env.model('ir.module.module').sudo();
  const existing = new Map(moduleRows(env).map((r) => [r.name, r]));
  let updated = 0;
  let added = 0;
  for (const m of catalog.all()) {
    const vals = { ...manifestValues(m), category_id: categoryId(env, m.category) ?? false };
    let row = existing.get(m.name);
    let id: number;
    if (!row) {
      id = Module._create([{ name: m.name, state: m.installable ? 'uninstalled' : 'uninstallable', ...vals }]).ids[0];
      new DataLoader(env, 'base').register(`base.module_${m.name}`, 'ir.module.module', id, true);
      added++;
    } else {
      id = row.id;
      const latest = env.cr.get<{ latest_version: string | null }>('SELECT latest_version FROM ir_module_module WHERE id = ?', [id])?.latest_version;
      if (latest && compareVersions(m.version, latest) > 0) updated++;
      const write: Record<string, unknown> = { ...vals };
      if (m.installable && row.state === 'uninstallable') write.state = 'uninstalled';
      Module.browse([id])._write(write);
    }
    const required = new Set(autoInstallRequirements(m));
    env.cr.run('DELETE FROM ir_module_module_dependency WHERE module_id = ?', [id]);
    for (const dep of m.depends) {
      env.cr.run('INSERT INTO ir_module_module_dependency (module_id, name, auto_install_required) VALUES (?, ?, ?)', [id, dep, required.has(dep) ? 1 : 0]);
    }
    env.cr.run('DELETE FROM ir_module_module_exclusion WHERE module_id = ?', [id]);
    for (const ex of m.excludes) {
      env.cr.run('INSERT INTO ir_module_module_exclusion (module_id, name, create_uid, write_uid, create_date, write_date) VALUES (?, ?, 1, 1, ?, ?)', [id, ex, now(env), now(env)]);
    }
  }
  return [updated, added];
}

/** Odoo's parse_version order for the `17.0.x.y` strings of manifests. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * button_install's state changes: the modules, their missing dependencies and the auto_install
 * modules they complete become 'to install' (with demo data when the database has it).
 */
export function markToInstall(env: Environment, catalog: ModuleCatalog, names: string[]): string[] {
  const rows = moduleRows(env);
  const byName = new Map(rows.map((r) => [r.name, r]));
  for (const n of names) {
    const m = catalog.has(n) ? catalog.get(n) : null;
    for (const dep of m?.depends ?? []) {
      if (!catalog.has(dep) || !byName.has(dep)) {
        throw new UserError(`You try to install module ${pyStr(n)} that depends on module ${pyStr(dep)}.\nBut the latter module is not available in your system.`);
      }
    }
  }
  const present = rows.filter((r) => ['installed', 'to install', 'to upgrade'].includes(r.state)).map((r) => r.name);
  let todo: Set<string>;
  try {
    todo = catalog.installSet(names, present);
  } catch (e) {
    throw new UserError(`You try to install a module that depends on module ${pyStr((e as Error).message)}.\nBut the latter module is not available in your system.`);
  }
  const demo = databaseHasDemo(env);
  for (const n of todo) {
    const row = byName.get(n);
    if (!row || row.state !== 'uninstalled') continue;
    env.cr.run('UPDATE ir_module_module SET state = ?, demo = ?, write_date = ?, write_uid = ? WHERE id = ?', ['to install', demo ? 1 : 0, now(env), env.uid, row.id]);
  }
  return [...todo];
}

/** Python's repr of a str, as Odoo's %r prints module names. */
function pyStr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Demo data is loaded into a database whose base module was installed with it. */
export function databaseHasDemo(env: Environment): boolean {
  const row = env.cr.get<{ demo: number | null }>("SELECT demo FROM ir_module_module WHERE name = 'base'");
  return !!row?.demo;
}

/**
 * Apply the pending module states: uninstall 'to remove' modules, install 'to install' and
 * reload 'to upgrade' ones in Odoo's load order, then switch the database to the registry of
 * the resulting module set once the transaction commits. Returns that registry.
 */
export function applyModuleStates(env: Environment, host: ModuleHost, opts: { onProgress?: (msg: string) => void } = {}): Registry {
  const rows = moduleRows(env);
  const toRemove = rows.filter((r) => r.state === 'to remove').map((r) => r.name);
  const target = rows.filter((r) => ['installed', 'to install', 'to upgrade'].includes(r.state)).map((r) => r.name);
  const registry = host.registryFor(target);
  const su = new Environment(registry, env.cr, SUPERUSER_ID, { ...env.context, install_mode: true }, true, undefined, env.dbName, null);
  const progress = opts.onProgress ?? ((msg: string) => log('info', 'odoo.modules.loading', msg, env.dbName));

  if (toRemove.length) uninstallModules(env, su, host.catalog, toRemove, progress);

  const added = registry.createSchema(env.cr);
  initializeNewColumns(su, added);
  reflectModels(su);

  const byName = new Map(rows.map((r) => [r.name, r]));
  const order = registry.modules;
  const pending = order.filter((n) => ['to install', 'to upgrade'].includes(byName.get(n)?.state ?? ''));
  // modules whose behaviour is active while data loads (Environment.moduleLoaded): the installed
  // ones, then each pending module from the moment its own data starts loading
  const loaded = order.filter((n) => byName.get(n)?.state === 'installed');
  pending.forEach((name, i) => {
    const row = byName.get(name)!;
    const m = host.catalog.get(name);
    const t = Date.now();
    const upgrade = row.state === 'to upgrade';
    loaded.push(name);
    env.cr.loadedModules = [...loaded];
    const loaderEnv = upgrade ? su.extendContext({ update_mode: true }) : su;
    if (!upgrade) computeModuleFields(su, name);
    // an addon read from an addons path may use what we do not emulate: skipped with a warning
    const loader = new DataLoader(loaderEnv, name, { lenient: m.origin === 'addons_path' });
    try {
      loader.loadFiles(m.dir, m.data);
      // Odoo flushes (runs precommit work such as chatter tracking) between a module's data and demo
      env.cr.precommit.run();
      if (row.demo && m.origin === 'addons_path') {
        // Odoo loads demo data in a savepoint and only logs a failure (loading.py load_demo); our
        // own modules' demo data must load, so only addons from an addons path get this leniency
        try {
          env.cr.transaction(() => { loader.loadFiles(m.dir, m.demo); env.cr.precommit.run(); });
        } catch (e) {
          log('warn', 'odoo.modules.loading', `Module ${name} demo data failed to install, installed without demo data: ${(e as Error).message.split('\n').filter(Boolean).slice(-2).join(' ')}`, env.dbName);
          env.cr.run('UPDATE ir_module_module SET demo = 0 WHERE id = ?', [row.id]);
        }
      } else if (row.demo) loader.loadFiles(m.dir, m.demo);
      env.cr.precommit.run();
      if (!upgrade) m.post_init_hook?.(su);
      if (upgrade && m.origin === 'addons_path') removeStaleRecords(su, name, loader.loaded);
    } finally {
      env.cr.loadedModules = null;
    }
    env.cr.run('UPDATE ir_module_module SET state = ?, latest_version = ?, write_date = ? WHERE id = ?', ['installed', m.version, now(env), row.id]);
    progress(`Loading module ${name} (${i + 1}/${pending.length}): ${upgrade ? 'upgraded' : 'installed'} in ${Date.now() - t} ms`);
  });
  // a post_init_hook may mark more modules to install (account installs account_check_printing
  // for US companies): they are loaded in a further pass, as Odoo's load_marked_modules does
  if (modulesInState(env, ['to install']).length) return applyModuleStates(env, host, opts);
  // module states were written with SQL: their stored lists of views, reports and menus follow
  const changed = env.cr.raw(`SELECT id FROM ir_module_module WHERE name IN (${[...pending, ...toRemove].map(() => '?').join(',') || 'NULL'})`, [...pending, ...toRemove]).map((r) => r[0] as number);
  if (changed.length) su.model('ir.module.module').browse(changed)._recomputeFields(['views_by_module', 'reports_by_module', 'menus_by_module']);
  // the rows the data files made wait in the trigram indexes' queues: indexed now, with them
  // (a new database starts with empty queues)
  drainTrigramQueues(env.cr.db, (kind, table) => env.cr.tables.wrote(kind, table));
  env.cr.onCommit(() => host.useRegistry(registry));
  return registry;
}

/**
 * After an update, the records of a module's data files that the files no longer declare are
 * deleted, with their xml ids (ir.model.data _process_end): every non-noupdate xml id of the
 * module not loaded by this run. Model and field reflections are not data. Applied to addons
 * read from an addons path (their files are the developer's to edit).
 */
function removeStaleRecords(env: Environment, module: string, loaded: Set<string>): void {
  const rows = env.cr.all<{ id: number; name: string; model: string; res_id: number }>(
    "SELECT id, name, model, res_id FROM ir_model_data WHERE module = ? AND noupdate = 0 AND model NOT IN ('ir.model', 'ir.model.fields', 'ir.model.fields.selection', 'ir.model.constraint', 'ir.model.relation', 'ir.module.module') ORDER BY id DESC", [module]);
  for (const r of rows) {
    if (loaded.has(`${module}.${r.name}`)) continue;
    const others = env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM ir_model_data WHERE model = ? AND res_id = ? AND id != ?', [r.model, r.res_id, r.id])!.n;
    if (!others && env.registry.has(r.model)) {
      try {
        env.cr.transaction(() => env.model(r.model).sudo().browse([r.res_id]).exists()._unlink());
      } catch (e) {
        log('warn', 'odoo.models', `${module}: could not delete ${r.model}(${r.res_id}) no longer in its data files: ${(e as Error).message.split('\n')[0]}`, env.dbName);
        continue;
      }
      log('info', 'odoo.models', `${module}: deleted ${r.model}(${r.res_id}) (${module}.${r.name}), no longer in its data files`, env.dbName);
    }
    env.cr.run('DELETE FROM ir_model_data WHERE id = ?', [r.id]);
  }
}

/**
 * Columns added to tables that already had rows get the field's default, and stored computed
 * fields are computed for every record (Odoo's _init_column and recompute on install).
 */
function initializeNewColumns(env: Environment, added: Array<{ model: string; field: string }>): void {
  for (const { model, field } of added) {
    const M = env.registry.get(model)!;
    const f = M._fields[field];
    const records = env.model(model).sudo().withContext({ active_test: false });
    if (f.spec.compute && f.store) {
      const ids = env.cr.raw(`SELECT id FROM ${ident(M._table)}`).map((r) => r[0] as number);
      if (ids.length) records.browse(ids)._recomputeFields([field]);
      continue;
    }
    if (f.spec.default === undefined) continue;
    const value = (records as BaseModel)._defaultValues([field])[field];
    if (value === undefined || value === false && f.type !== 'boolean') continue;
    let column = records._toColumn(f, value);
    if (isTranslated(f)) column = createColumn(column as string | null, records.env);
    env.cr.run(`UPDATE ${ident(M._table)} SET ${ident(field)} = ? WHERE ${ident(field)} IS NULL`, [column]);
  }
}

/**
 * Modules installed in one pass share the final registry, so records created by an earlier module
 * already have the fields a later one adds (with their defaults). Odoo adds those fields when it
 * loads the later module and computes its stored computed fields for every existing record
 * (models.py _auto_init): do the same when the module's turn comes, before its data (e.g. sale's
 * account.move.team_id follows the invoice's salesperson on account's demo invoices).
 */
function computeModuleFields(env: Environment, module: string): void {
  for (const M of env.registry.models.values()) {
    if (M._module === module) continue;
    const fields = Object.values(M._fields).filter((f) => f.module === module && f.store && f.spec.compute).map((f) => f.name);
    if (!fields.length) continue;
    const ids = env.cr.raw(`SELECT id FROM ${ident(M._table)}`).map((r) => r[0] as number);
    if (ids.length) env.model(M._name).sudo().withContext({ active_test: false }).browse(ids)._recomputeFields(fields);
  }
}

/**
 * Remove modules: their uninstall hooks, the records they created (xml ids of these modules
 * only, newest first, each in a savepoint: a record another one still needs stays), then the
 * fields they added and the tables of their models (ir_model.py _module_data_uninstall).
 */
function uninstallModules(env: Environment, next: Environment, catalog: ModuleCatalog, names: string[], progress: (msg: string) => void): void {
  const old = env.registry;
  const oldSu = new Environment(old, env.cr, SUPERUSER_ID, { ...env.context, module_uninstall: true }, true, undefined, env.dbName, null);
  // hooks run while the registry still has the modules
  for (const n of names) catalog.get(n).uninstall_hook?.(oldSu);
  const removing = new Set(names);
  const owned = env.cr.all<{ id: number; module: string; model: string; res_id: number }>(
    `SELECT id, module, model, res_id FROM ir_model_data WHERE module IN (${names.map(() => '?').join(',')}) ORDER BY id DESC`, names);
  const sharedKeys = new Set(env.cr.all<{ model: string; res_id: number }>(
    `SELECT model, res_id FROM ir_model_data WHERE module NOT IN (${names.map(() => '?').join(',')})`, names).map((r) => `${r.model}:${r.res_id}`));
  const metaModels = new Set(['ir.model', 'ir.model.fields', 'ir.model.fields.selection', 'ir.model.constraint', 'ir.model.relation', 'ir.module.module', 'ir.module.category']);
  for (const d of owned) {
    if (metaModels.has(d.model) || sharedKeys.has(`${d.model}:${d.res_id}`)) continue;
    const M = old.get(d.model);
    // records of models that go away disappear with their table
    if (!M || !next.registry.has(d.model)) continue;
    try {
      env.cr.transaction(() => oldSu.model(d.model).browse([d.res_id]).exists()._unlink());
    } catch (e) {
      log('info', 'odoo.addons.base.models.ir_model', `Unable to delete ${d.model}(${d.res_id}) while uninstalling: ${(e as Error).message}`, env.dbName);
    }
  }
  env.cr.run(`DELETE FROM ir_model_data WHERE module IN (${names.map(() => '?').join(',')})`, names);

  // fields added by the removed modules to models that stay
  for (const M of old.models.values()) {
    const N = next.registry.get(M._name);
    if (!N) continue;
    for (const f of Object.values(M._fields)) {
      if (N._fields[f.name] || !removing.has(f.module)) continue;
      if (f.column && !f.spec.inherited) dropColumn(env, M._table, f.column);
      if (f.type === 'many2many' && f.spec.relation && !f.spec.related && !f.spec.compute && !f.spec.inherited) {
        const stillUsed = [...next.registry.models.values()].some((X) => Object.values(X._fields).some((g) => g.type === 'many2many' && g.spec.relation === f.spec.relation));
        if (!stillUsed) env.cr.exec(`DROP TABLE IF EXISTS ${ident(f.spec.relation)}`);
      }
      env.cr.run('DELETE FROM ir_model_fields WHERE model = ? AND name = ?', [M._name, f.name]);
    }
  }
  // models of the removed modules: relation tables first, then their own tables
  const gone = [...old.models.values()].filter((M) => !next.registry.has(M._name));
  for (const M of gone) {
    for (const f of Object.values(M._fields)) {
      if (f.type === 'many2many' && f.spec.relation && !f.spec.related && !f.spec.compute && !f.spec.inherited) {
        const stillUsed = [...next.registry.models.values()].some((X) => Object.values(X._fields).some((g) => g.type === 'many2many' && g.spec.relation === f.spec.relation));
        if (!stillUsed) env.cr.exec(`DROP TABLE IF EXISTS ${ident(f.spec.relation)}`);
      }
    }
  }
  for (const M of gone) {
    env.cr.exec(`DROP TABLE IF EXISTS ${ident(`${M._table}__trgm`)}`);
    env.cr.exec(`DROP TABLE IF EXISTS ${ident(`${M._table}__trgm_queue`)}`);
    env.cr.exec(`DROP TABLE IF EXISTS ${ident(M._table)}`);
    env.cr.run('DELETE FROM ir_model_fields WHERE model = ?', [M._name]);
    env.cr.run('DELETE FROM ir_model WHERE model = ?', [M._name]);
    env.cr.run("DELETE FROM ir_model_data WHERE model = 'ir.model' AND name = ?", [`model_${M._name.replace(/\./g, '_')}`]);
  }
  for (const n of names) {
    env.cr.run("UPDATE ir_module_module SET state = 'uninstalled', latest_version = NULL, write_date = ? WHERE name = ?", [now(env), n]);
    progress(`Module ${n} uninstalled`);
  }
}

/** Drop a column (and the indexes on it); SQLite refuses some drops, then the values are cleared. */
function dropColumn(env: Environment, table: string, column: string): void {
  for (const idx of env.cr.all<{ name: string }>(`SELECT DISTINCT il.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii WHERE ii.name = ? AND il.origin = 'c'`, [table, column])) {
    env.cr.exec(`DROP INDEX IF EXISTS ${ident(idx.name)}`);
  }
  try {
    env.cr.transaction(() => env.cr.exec(`ALTER TABLE ${ident(table)} DROP COLUMN ${ident(column)}`));
  } catch {
    env.cr.run(`UPDATE ${ident(table)} SET ${ident(column)} = NULL`);
  }
}

/** Read a module's data files list with their full paths (for reports and the addon checker). */
export function moduleFiles(m: Manifest, demo: boolean): string[] {
  return [...m.data, ...(demo ? m.demo : [])].map((f) => path.join(m.dir, f)).filter((f) => fs.existsSync(f));
}
