/**
 * --addons-path: every folder holding a `__manifest__.py` becomes a module of the catalog, with
 * its models read from its Python files, its behaviour from its emulator/ folder and its data
 * files in place (addons.md §1). A module named like a built-in one is ignored with a warning:
 * the built-in one, whose behaviour is implemented, wins.
 */
import fs from 'fs';
import path from 'path';
import type { ModuleCatalog } from '../modules/catalog';
import { defineManifest, type Manifest } from '../modules/manifest';
import type { ModelDecl } from '../orm/registry';
import { log } from '../tools/log';
import { loadPythonParser, parsePython, kids, PythonSyntaxError } from './python';
import { evalStatic, odooScope, Dynamic, plain } from './static_eval';
import { readAddonPython, clearReaderCache, type AddonPython } from './model_reader';
import { declareModels, type DeclarationReport } from './declare';
import { loadBehaviour, type AddonBehaviour } from './emulator';

const MANIFEST_FILES = ['__manifest__.py', '__openerp__.py'];

/** Everything read from one addon folder. */
export interface LoadedAddon {
  name: string;
  dir: string;
  manifest: Manifest;
  python: AddonPython;
  behaviour: AddonBehaviour;
  report: DeclarationReport;
  /** Milliseconds spent parsing its Python and building its declarations. */
  parseMs: number;
}

export class AddonsPathError extends Error {}

/** The addon folders of an addons path (comma-separated directories, as odoo-bin takes it). */
export function addonDirs(addonsPath: string | string[]): string[] {
  const roots = (Array.isArray(addonsPath) ? addonsPath : addonsPath.split(',')).map((d) => d.trim()).filter(Boolean);
  const out: string[] = [];
  for (const root of roots) {
    const abs = path.resolve(root.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new AddonsPathError(`option addons_path: no such directory: '${root}'`);
    // the folder itself may be an addon (addon-check PATH), else its subfolders are
    if (isAddon(abs)) { out.push(abs); continue; }
    // symlinked addon folders count too (statSync follows links)
    const subs = fs.readdirSync(abs).map((e) => path.join(abs, e)).filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() && isAddon(p)).sort();
    if (!subs.length) throw new AddonsPathError(`option addons_path: '${root}' is not a valid addons directory`);
    out.push(...subs);
  }
  return out;
}

function isAddon(dir: string): boolean {
  return MANIFEST_FILES.some((f) => fs.existsSync(path.join(dir, f)));
}

/** Read `__manifest__.py`: one literal dict (ast.literal_eval), with Odoo's defaults (module.py load_manifest). */
export function readManifest(dir: string, hooks: string[] = []): Manifest {
  const name = path.basename(dir);
  const file = MANIFEST_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f))!;
  const rel = `${name}/${path.basename(file)}`;
  const tree = parsePython(fs.readFileSync(file, 'utf8'), rel);
  let value: unknown;
  try {
    const stmt = kids(tree.rootNode).find((s) => s.type === 'expression_statement');
    const expr = stmt ? kids(stmt)[0] : null;
    value = expr ? evalStatic(expr, odooScope()) : null;
    if (value instanceof Dynamic || !value || typeof value !== 'object' || Array.isArray(value)) {
      throw new AddonsPathError(`${rel}: the manifest must be one literal dict (ast.literal_eval)${value instanceof Dynamic ? `: ${value.text.slice(0, 80)} is not a literal` : ''}`);
    }
  } finally {
    tree.delete();
  }
  const m = plain(value) as Record<string, unknown>;
  // hooks are Python functions: named in the report, never run
  for (const k of ['pre_init_hook', 'post_init_hook', 'uninstall_hook', 'post_load']) if (typeof m[k] === 'string' && m[k]) hooks.push(`${k}=${m[k] as string}`);
  const list = (k: string) => (Array.isArray(m[k]) ? (m[k] as unknown[]).map(String) : []);
  const str = (k: string, d = '') => (typeof m[k] === 'string' ? (m[k] as string) : d);
  if (typeof m.name !== 'string') throw new AddonsPathError(`${rel}: the manifest has no 'name'`);
  let description = str('description');
  if (!description) {
    for (const f of ['README.rst', 'README.md', 'README.txt']) {
      if (fs.existsSync(path.join(dir, f))) { description = fs.readFileSync(path.join(dir, f), 'utf8'); break; }
    }
  }
  const version = str('version', '1.0');
  const base = version.startsWith('17.0.') && version !== '17.0' ? version.slice(5) : version;
  if (!/^[0-9]+\.[0-9]+(?:\.[0-9]+)?$/.test(base)) {
    throw new AddonsPathError(`${rel}: Invalid version '${base}'. Modules should have a version in format \`x.y\`, \`x.y.z\`, \`17.0.x.y\` or \`17.0.x.y.z\`.`);
  }
  const depends = list('depends');
  const autoInstall = m.auto_install;
  const manifest = defineManifest({
    name, shortdesc: m.name, version,
    summary: str('summary'), description, category: str('category', 'Uncategorized'), author: str('author', 'Odoo S.A.'),
    website: str('website'), license: str('license', 'LGPL-3'), sequence: typeof m.sequence === 'number' ? m.sequence : 100,
    // a module without dependencies still loads after base (graph.py loads base first)
    depends: depends.length || name === 'base' ? depends : ['base'], excludes: list('excludes'),
    data: list('data'), demo: list('demo'),
    auto_install: Array.isArray(autoInstall) ? autoInstall.map(String) : !!autoInstall,
    application: !!m.application, installable: m.installable !== false,
    origin: 'addons_path',
  }, dir);
  return manifest;
}

export interface LoadOptions {
  /** Warnings go here (default: the server log). */
  warn?: (message: string) => void;
}

/**
 * Read the addons of an addons path into a catalog: manifests, Python declarations and emulator/
 * behaviour. Returns what was loaded; a syntax error raises PythonSyntaxError.
 */
export async function loadAddonsPath(addonsPath: string | string[], catalog: ModuleCatalog, opts: LoadOptions = {}): Promise<LoadedAddon[]> {
  await loadPythonParser();
  return loadAddonsPathSync(addonsPath, catalog, opts);
}

/** loadAddonsPath once the Python grammar is loaded (loadPythonParser). */
export function loadAddonsPathSync(addonsPath: string | string[], catalog: ModuleCatalog, opts: LoadOptions = {}): LoadedAddon[] {
  const warn = opts.warn ?? ((msg: string) => log('warn', 'odoo.modules.module', msg));
  clearReaderCache();
  const found: Array<{ dir: string; manifest: Manifest; hooks: string[] }> = [];
  const names = new Set<string>();
  for (const dir of addonDirs(addonsPath)) {
    const name = path.basename(dir);
    if (names.has(name)) continue; // the first directory holding a module wins (odoo.addons.__path__)
    if (catalog.has(name) && catalog.get(name).origin === 'builtin') {
      warn(`module ${name}: ${dir} ignored, the emulator's built-in module ${name} is used instead`);
      continue;
    }
    names.add(name);
    const hooks: string[] = [];
    found.push({ dir, manifest: readManifest(dir, hooks), hooks });
  }
  const loaded: LoadedAddon[] = [];
  const byName = new Map<string, LoadedAddon>();
  for (const { dir, manifest, hooks } of found) {
    const t = performance.now();
    const python = readAddonPython(dir);
    const behaviour = loadBehaviour(dir);
    const addon: LoadedAddon = { name: manifest.name, dir, manifest, python, behaviour, report: { models: [], notEmulated: [], warnings: [] }, parseMs: performance.now() - t };
    for (const h of hooks) addon.report.notEmulated.push({ kind: 'method', model: manifest.name, name: h.split('=')[0], file: '__manifest__.py', line: 1, detail: `${h}: a Python hook, not run` });
    loaded.push(addon);
    byName.set(addon.name, addon);
  }
  // declarations need the models their dependencies provide: declare in dependency order
  for (const m of found.map((f) => f.manifest)) catalog.add(m);
  const order = safeLoadOrder(catalog, loaded.map((a) => a.name), warn);
  for (const name of order) {
    const addon = byName.get(name)!;
    const t = performance.now();
    const known = modelsOf(catalog, byName, name);
    addon.manifest.models.push(...declareModels(name, addon.python.classes, addon.behaviour, addon.report, known));
    addon.parseMs += performance.now() - t;
    for (const w of addon.report.warnings) warn(`${name}: ${w}`);
  }
  return loaded;
}

/** Load order of the addons whose dependencies are all known (the others are reported). */
function safeLoadOrder(catalog: ModuleCatalog, names: string[], warn: (m: string) => void): string[] {
  const ok = names.filter((n) => {
    try {
      catalog.closure([n]);
      return true;
    } catch (e) {
      warn(`module ${n}: Unmet dependencies: ${(e as Error).message}`);
      return false;
    }
  });
  const order = catalog.loadOrder([...catalog.closure(ok)]);
  return order.filter((n) => ok.includes(n));
}

/** Model names the catalog's modules declare, built-in or read from Python (before `name`). */
function modelsOf(catalog: ModuleCatalog, addons: Map<string, LoadedAddon>, name: string): Set<string> {
  const out = new Set<string>(['base']);
  // any module may be installed next to this one: whether a parent exists is known per database
  for (const m of catalog.all()) {
    const dep = m.name;
    const addon = addons.get(dep);
    const decls: ModelDecl[] = addon && dep !== name ? addon.manifest.models : addon ? [] : catalog.get(dep).models;
    for (const d of decls) {
      const inherit = d._inherit === undefined ? [] : Array.isArray(d._inherit) ? d._inherit : [d._inherit];
      const n = d._name ?? inherit[0];
      if (n) out.add(n);
    }
  }
  return out;
}

export { PythonSyntaxError };
