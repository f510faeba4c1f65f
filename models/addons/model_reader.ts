/**
 * Reads an addon's Python model declarations without running them (addons.md §3): the files
 * `__init__.py` imports (relative imports, followed recursively), and in them every class based
 * on models.Model / TransientModel / AbstractModel with its class attributes, field assignments
 * (class, positional and keyword arguments) and methods (decorators, parameters), each with its
 * file and line.
 */
import fs from 'fs';
import path from 'path';
import { parsePython, field, kids, lineOf, type PyNode } from './python';
import { Dynamic, PyModuleRef, evalStatic, odooScope, type Scope } from './static_eval';

export type ModelKind = 'Model' | 'TransientModel' | 'AbstractModel';

export interface Located { file: string; line: number }

export interface PyField extends Located {
  name: string;
  /** Field class name (Char, Many2one, …). */
  cls: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface PyDecorator { name: string; args: unknown[]; kwargs: Record<string, unknown> }

export interface PyParam { name: string; default?: unknown; kind: 'positional' | 'varargs' | 'varkw' | 'keyword_only' }

export interface PyMethod extends Located {
  name: string;
  decorators: PyDecorator[];
  params: PyParam[];
}

export interface PyModelClass extends Located {
  className: string;
  kind: ModelKind;
  /** Class attributes with static values (Dynamic where Python is needed). */
  attrs: Record<string, unknown>;
  fields: PyField[];
  methods: PyMethod[];
  docstring: string;
}

export interface AddonPython {
  /** Python files read, in import order (relative to the addon folder). */
  files: string[];
  classes: PyModelClass[];
}

const MODEL_BASES: Record<string, ModelKind> = {
  'models.Model': 'Model', 'models.TransientModel': 'TransientModel', 'models.AbstractModel': 'AbstractModel',
  Model: 'Model', TransientModel: 'TransientModel', AbstractModel: 'AbstractModel',
};

/** Read every model class of an addon, following imports from its __init__.py. */
export function readAddonPython(dir: string): AddonPython {
  const out: AddonPython = { files: [], classes: [] };
  const init = path.join(dir, '__init__.py');
  if (!fs.existsSync(init)) return out;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const rel = path.relative(dir, file);
    out.files.push(rel);
    const source = fs.readFileSync(file, 'utf8');
    const tree = parsePython(source, rel);
    try {
      const root = tree.rootNode;
      const scope = odooScope();
      for (const stmt of kids(root)) {
        if (stmt.type === 'import_from_statement') {
          for (const target of relativeImports(stmt, file)) visit(target);
          bindImportedConstants(stmt, file, scope, dir);
        } else if (stmt.type === 'expression_statement') {
          bindAssignment(stmt, scope);
        } else {
          const def = stmt.type === 'decorated_definition' ? field(stmt, 'definition')! : stmt;
          if (def.type === 'class_definition') {
            const cls = readClass(def, rel, scope);
            if (cls) out.classes.push(cls);
          }
        }
      }
    } finally {
      tree.delete();
    }
  };
  visit(init);
  return out;
}

/** Files a `from . import a, b` / `from .x import y` statement loads (inside the addon only). */
function relativeImports(stmt: PyNode, file: string): string[] {
  const moduleNode = field(stmt, 'module_name');
  if (!moduleNode || moduleNode.type !== 'relative_import') return [];
  const text = moduleNode.text;
  const dots = /^\.+/.exec(text)![0].length;
  let base = path.dirname(file);
  for (let i = 1; i < dots; i++) base = path.dirname(base);
  const sub = text.slice(dots);
  const pkg = sub ? path.join(base, ...sub.split('.')) : base;
  const out: string[] = [];
  if (sub) {
    const mod = resolveModule(pkg);
    if (mod) out.push(mod);
  }
  for (const nameNode of stmt.childrenForFieldName('name')) {
    if (!nameNode) continue;
    const name = (nameNode.type === 'aliased_import' ? field(nameNode, 'name')! : nameNode).text;
    const mod = resolveModule(path.join(pkg, ...name.split('.')));
    if (mod) out.push(mod);
  }
  return out;
}

function resolveModule(p: string): string | null {
  if (fs.existsSync(`${p}.py`)) return `${p}.py`;
  if (fs.existsSync(path.join(p, '__init__.py'))) return path.join(p, '__init__.py');
  return null;
}

/** `from .const import STATES`: the imported names get the module's constant values. */
function bindImportedConstants(stmt: PyNode, file: string, scope: Scope, addonDir: string): void {
  const moduleNode = field(stmt, 'module_name');
  if (!moduleNode) return;
  let target: string;
  if (moduleNode.type !== 'relative_import') {
    // `from odoo.addons.<this addon or a sibling>.x import NAME`: a file of the addons path; names
    // imported from odoo itself keep their meaning (html_translate, _ …), others are unknown
    const m = /^odoo\.addons\.(\w+)\.([\w.]+)$/.exec(moduleNode.text);
    if (!m) return;
    target = path.join(path.dirname(addonDir), m[1], ...m[2].split('.'));
  } else {
    const text = moduleNode.text;
    const dots = /^\.+/.exec(text)![0].length;
    let base = path.dirname(file);
    for (let i = 1; i < dots; i++) base = path.dirname(base);
    const sub = text.slice(dots);
    target = sub ? path.join(base, ...sub.split('.')) : base;
  }
  const mod = resolveModule(target);
  const constants = mod ? moduleConstants(mod) : null;
  for (const nameNode of stmt.childrenForFieldName('name')) {
    if (!nameNode) continue;
    const name = (nameNode.type === 'aliased_import' ? field(nameNode, 'name')! : nameNode).text;
    const alias = nameNode.type === 'aliased_import' ? field(nameNode, 'alias')!.text : name;
    if (constants?.has(name)) { scope.set(alias, constants.get(name)); continue; }
    // `from . import membership`, `from odoo.addons.rating.models import rating_data`: a module,
    // whose constants `membership.STATE` then reads
    const submodule = resolveModule(path.join(target, name));
    if (submodule) scope.set(alias, new PyModuleRef(moduleConstants(submodule)));
  }
}

const constantsCache = new Map<string, Scope>();

/** Module-level constants of a Python file (static assignments only). */
function moduleConstants(file: string): Scope {
  const cached = constantsCache.get(file);
  if (cached) return cached;
  const scope = odooScope();
  constantsCache.set(file, scope);
  const tree = parsePython(fs.readFileSync(file, 'utf8'), file);
  try {
    for (const stmt of kids(tree.rootNode)) if (stmt.type === 'expression_statement') bindAssignment(stmt, scope);
  } finally {
    tree.delete();
  }
  return scope;
}

/** Clear memoized module constants (files may change between reads: -u). */
export function clearReaderCache(): void { constantsCache.clear(); }

/** The targets and the assigned value of `a = b = v` (null when there is no value). */
function assignmentChain(a: PyNode): { targets: PyNode[]; value: PyNode } | null {
  const targets: PyNode[] = [];
  let node: PyNode | null = a;
  while (node && node.type === 'assignment') {
    targets.push(field(node, 'left')!);
    node = field(node, 'right');
  }
  return node ? { targets, value: node } : null;
}

/** `NAME = <static value>` (chained `a = b = v` too) binds names in a scope. */
function bindAssignment(stmt: PyNode, scope: Scope): void {
  const a = kids(stmt)[0];
  if (!a || a.type !== 'assignment') return;
  const chain = assignmentChain(a);
  if (!chain) return;
  const value = evalStatic(chain.value, scope);
  for (const t of chain.targets) if (t.type === 'identifier') scope.set(t.text, value);
}

function readClass(def: PyNode, file: string, moduleScope: Scope): PyModelClass | null {
  const supers = field(def, 'superclasses');
  const bases = supers ? kids(supers).map((b) => b.text) : [];
  const kind = bases.map((b) => MODEL_BASES[b]).find(Boolean);
  if (!kind) return null;
  const cls: PyModelClass = {
    className: field(def, 'name')!.text, kind, file, line: lineOf(def), attrs: {}, fields: [], methods: [], docstring: '',
  };
  const scope: Scope = new Map(moduleScope);
  const body = field(def, 'body')!;
  kids(body).forEach((stmt, i) => {
    if (stmt.type === 'expression_statement') {
      const first = kids(stmt)[0];
      if (i === 0 && first?.type === 'string') {
        const doc = evalStatic(first, scope);
        if (typeof doc === 'string') cls.docstring = doc;
        return;
      }
      if (!first || first.type !== 'assignment') return;
      readClassAssignment(first, cls, scope, file);
      return;
    }
    const isDecorated = stmt.type === 'decorated_definition';
    const fn = isDecorated ? field(stmt, 'definition')! : stmt;
    if (fn.type !== 'function_definition') return;
    const decorators = isDecorated ? kids(stmt).filter((d) => d.type === 'decorator').map((d) => readDecorator(d, scope)) : [];
    cls.methods.push({ name: field(fn, 'name')!.text, file, line: lineOf(fn), decorators, params: readParams(field(fn, 'parameters')!, scope) });
  });
  return cls;
}

function readClassAssignment(a: PyNode, cls: PyModelClass, scope: Scope, file: string): void {
  const chain = assignmentChain(a);
  if (!chain) return;
  const node = chain.value;
  const names = chain.targets.filter((t) => t.type === 'identifier').map((t) => t.text);
  const fieldCall = fieldClassOf(node);
  if (fieldCall) {
    const { args, kwargs } = callArguments(node, scope);
    for (const name of names) cls.fields.push({ name, cls: fieldCall, file, line: lineOf(a), args, kwargs });
    return;
  }
  const value = evalStatic(node, scope);
  for (const name of names) {
    if (name.startsWith('_')) cls.attrs[name] = value;
    scope.set(name, value);
  }
}

/** `fields.Char(…)` (or a bare `Char(…)` imported from odoo.fields) → 'Char'. */
function fieldClassOf(n: PyNode): string | null {
  if (n.type !== 'call') return null;
  const fn = field(n, 'function')!;
  if (fn.type === 'attribute' && field(fn, 'object')?.text === 'fields') return field(fn, 'attribute')!.text;
  if (fn.type === 'identifier' && FIELD_CLASSES.has(fn.text)) return fn.text;
  return null;
}

export const FIELD_CLASSES = new Set([
  'Boolean', 'Integer', 'Float', 'Monetary', 'Char', 'Text', 'Html', 'Date', 'Datetime', 'Binary', 'Image',
  'Selection', 'Reference', 'Many2one', 'One2many', 'Many2many', 'Json', 'Properties', 'PropertiesDefinition',
  'Many2oneReference', 'Id',
]);

function callArguments(call: PyNode, scope: Scope): { args: unknown[]; kwargs: Record<string, unknown> } {
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  const list = field(call, 'arguments');
  for (const a of list ? kids(list) : []) {
    if (a.type === 'keyword_argument') kwargs[field(a, 'name')!.text] = evalStatic(field(a, 'value')!, scope);
    else if (a.type === 'list_splat' || a.type === 'dictionary_splat') args.push(new Dynamic('other', a.text, lineOf(a)));
    else args.push(evalStatic(a, scope));
  }
  return { args, kwargs };
}

function readDecorator(d: PyNode, scope: Scope): PyDecorator {
  const expr = kids(d)[0];
  if (expr?.type === 'call') {
    const { args, kwargs } = callArguments(expr, scope);
    return { name: field(expr, 'function')!.text, args, kwargs };
  }
  return { name: expr?.text ?? '', args: [], kwargs: {} };
}

function readParams(params: PyNode, scope: Scope): PyParam[] {
  const out: PyParam[] = [];
  let keywordOnly = false;
  for (const p of kids(params)) {
    switch (p.type) {
      case 'identifier': out.push({ name: p.text, kind: keywordOnly ? 'keyword_only' : 'positional' }); break;
      case 'typed_parameter': out.push({ name: kids(p)[0].text, kind: keywordOnly ? 'keyword_only' : 'positional' }); break;
      case 'default_parameter': case 'typed_default_parameter':
        out.push({ name: field(p, 'name')!.text, default: evalStatic(field(p, 'value')!, scope), kind: keywordOnly ? 'keyword_only' : 'positional' });
        break;
      case 'list_splat_pattern': out.push({ name: kids(p)[0]?.text ?? 'args', kind: 'varargs' }); keywordOnly = true; break;
      case 'dictionary_splat_pattern': out.push({ name: kids(p)[0]?.text ?? 'kwargs', kind: 'varkw' }); break;
      case 'keyword_separator': keywordOnly = true; break;
      default: break;
    }
  }
  return out;
}
