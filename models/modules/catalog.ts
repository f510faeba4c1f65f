/**
 * The modules a server knows (the ones we ship, plus those of an addons path): dependency
 * closures, Odoo's load order, and one model registry per installed module set, shared by every
 * database that has that set (odoo/modules/graph.py and registry.py's roles).
 */
import crypto from 'crypto';
import { BaseModel } from '../orm/model';
import { Registry, type ModelDecl } from '../orm/registry';
import { autoInstallRequirements, type Manifest } from './manifest';
import { treeHash } from './tree_hash';

export class UnknownModuleError extends Error {}

export class ModuleCatalog {
  private manifests = new Map<string, Manifest>();
  private registries = new Map<string, Registry>();
  private fingerprints = new Map<string, string>();

  constructor(manifests: Manifest[]) {
    for (const m of manifests) this.add(m);
  }

  /** Register a module; a later module with a built-in module's name is refused (the caller warns). */
  add(m: Manifest): boolean {
    if (this.manifests.has(m.name)) return false;
    this.manifests.set(m.name, m);
    this.registries.clear();
    return true;
  }

  has(name: string): boolean { return this.manifests.has(name); }

  get(name: string): Manifest {
    const m = this.manifests.get(name);
    if (!m) throw new UnknownModuleError(name);
    return m;
  }

  all(): Manifest[] { return [...this.manifests.values()]; }

  /** The modules and everything they depend on (unknown dependencies raise UnknownModuleError). */
  closure(names: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const visit = (n: string) => {
      if (out.has(n)) return;
      const m = this.get(n);
      out.add(n);
      for (const d of m.depends) visit(d);
    };
    for (const n of names) visit(n);
    return out;
  }

  /**
   * Odoo's load order (graph.py): a module's depth is one more than its deepest dependency's,
   * and modules are loaded by depth, then by name.
   */
  loadOrder(names: Iterable<string>): string[] {
    const set = new Set(names);
    const depth = new Map<string, number>();
    const depthOf = (n: string, stack: Set<string>): number => {
      const known = depth.get(n);
      if (known !== undefined) return known;
      if (stack.has(n)) throw new Error(`Recursion error in modules dependencies! (${[...stack, n].join(' → ')})`);
      stack.add(n);
      const deps = this.get(n).depends.filter((d) => set.has(d));
      const d = deps.length ? Math.max(...deps.map((x) => depthOf(x, stack))) + 1 : 0;
      stack.delete(n);
      depth.set(n, d);
      return d;
    };
    for (const n of set) depthOf(n, new Set());
    return [...set].sort((a, b) => depth.get(a)! - depth.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * What installing `names` into a database that has `installed` brings in: the modules, their
   * missing dependencies, then every auto_install module whose required dependencies are all
   * present once at least one of them is being installed (ir_module.py button_install).
   */
  installSet(names: Iterable<string>, installed: Iterable<string>): Set<string> {
    const have = new Set(installed);
    const todo = new Set([...this.closure(names)].filter((n) => !have.has(n)));
    for (;;) {
      const present = new Set([...have, ...todo]);
      const more = this.all().filter((m) => m.installable && !present.has(m.name) && m.auto_install !== false
        && autoInstallRequirements(m).every((d) => present.has(d))
        && autoInstallRequirements(m).some((d) => todo.has(d)));
      if (!more.length) return todo;
      for (const m of more) for (const n of this.closure([m.name])) if (!have.has(n)) todo.add(n);
    }
  }

  /** Modules of `installed` that depend, directly or not, on one of `names`. */
  dependents(names: Iterable<string>, installed: Iterable<string>): Set<string> {
    const inst = [...installed];
    const out = new Set<string>();
    let frontier = new Set(names);
    while (frontier.size) {
      const next = new Set<string>();
      for (const n of inst) {
        if (out.has(n) || frontier.has(n)) continue;
        if (this.get(n).depends.some((d) => frontier.has(d) || out.has(d))) next.add(n);
      }
      for (const n of next) out.add(n);
      frontier = next;
    }
    return out;
  }

  /** The model registry of a module set (built once per set, then shared). */
  registry(modules: Iterable<string>, extra: ModelDecl[] = []): Registry {
    const order = this.loadOrder(modules);
    const key = order.join(',');
    let reg = extra.length ? undefined : this.registries.get(key);
    if (reg) return reg;
    reg = new Registry(BaseModel);
    for (const name of order) for (const d of this.get(name).models) reg.add({ _module: name, ...d });
    for (const d of extra) reg.add(d);
    reg.setup();
    reg.modules = order;
    if (!extra.length) this.registries.set(key, reg);
    return reg;
  }

  /**
   * Fingerprint of everything a module set's database image is built from: the emulator's code
   * and fixtures for built-in modules, each external module's folder.
   */
  fingerprint(modules: Iterable<string>, codeRoots: string[]): string {
    const order = this.loadOrder(modules);
    const h = crypto.createHash('sha1');
    for (const root of codeRoots) h.update(this.treeHash(root));
    // the image lists every known module (ir.module.module): another catalog, another image
    h.update(this.all().map((m) => `${m.name}@${m.version}`).sort().join(','));
    for (const name of order) {
      const m = this.get(name);
      h.update(`${name}@${m.version}`);
      if (m.origin === 'addons_path') h.update(this.treeHash(m.dir));
    }
    return h.digest('hex').slice(0, 16);
  }

  private treeHash(dir: string): string {
    let cached = this.fingerprints.get(dir);
    if (!cached) this.fingerprints.set(dir, cached = treeHash(dir));
    return cached;
  }
}
