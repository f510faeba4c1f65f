/**
 * Static evaluation of Python expressions read from an addon: literals (as ast.literal_eval
 * accepts them), string concatenation, names bound to module or class constants, translation
 * markers (`_('…')`, `_lt('…')`) and a few symbols (`html_translate`). Anything else (a lambda,
 * a call, a method reference) comes back as a Dynamic value holding its source text and line, so
 * that callers can pattern-match it or report it as not emulated.
 */
import type { PyNode } from './python';
import { field, kids, lineOf } from './python';

/** A value that needs Python to be known. */
export class Dynamic {
  constructor(readonly kind: 'lambda' | 'name' | 'attribute' | 'call' | 'fstring' | 'other', readonly text: string, readonly line: number) {}
}

/** A known symbol imported from Odoo (`html_translate`, `fields.Date.today`, a field class). */
export class PySymbol {
  constructor(readonly name: string) {}
}

/** A Python tuple (kept apart from lists where the difference matters, e.g. selection items). */
export type PyTuple = unknown[] & { tuple?: true };

export type Scope = Map<string, unknown>;

/** Names an addon imports from odoo and the values we give them. */
export function odooScope(): Scope {
  return new Map<string, unknown>([
    ['html_translate', new PySymbol('html_translate')],
    ['xml_translate', new PySymbol('xml_translate')],
  ]);
}

/** Decode a Python string literal's source text (prefixes r, b, u, f; all quote styles). */
export function decodeString(text: string): string | Dynamic {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text);
  if (!m) return text;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  const body = text.slice(m[0].length, text.length - quote.length);
  if (prefix.includes('f') && /\{(?!\{)/.test(body)) return new Dynamic('fstring', text, 0);
  if (prefix.includes('r')) return body;
  return body.replace(/\\(\n|\\|'|"|a|b|f|n|r|t|v|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]+\})/g, (_all, e: string) => {
    switch (e[0]) {
      case '\n': return '';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'N': return e;
      default: return String.fromCharCode(parseInt(e, 8));
    }
  });
}

const TRANSLATE_FUNCTIONS = new Set(['_', '_lt']);

/** Evaluate a node statically; Dynamic when Python would be needed. */
export function evalStatic(n: PyNode, scope: Scope): unknown {
  switch (n.type) {
    case 'string': {
      const v = decodeString(n.text);
      return v instanceof Dynamic ? new Dynamic('fstring', n.text, lineOf(n)) : v;
    }
    case 'concatenated_string': {
      let out = '';
      for (const part of kids(n)) {
        const v = evalStatic(part, scope);
        if (typeof v !== 'string') return new Dynamic('other', n.text, lineOf(n));
        out += v;
      }
      return out;
    }
    case 'integer': {
      const t = n.text.replace(/_/g, '').toLowerCase();
      if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
      if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
      if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
      return parseInt(t, 10);
    }
    case 'float': return new PyNumber(parseFloat(n.text.replace(/_/g, '')));
    case 'true': return true;
    case 'false': return false;
    case 'none': return null;
    case 'parenthesized_expression': {
      const inner = kids(n)[0];
      return inner ? evalStatic(inner, scope) : new Dynamic('other', n.text, lineOf(n));
    }
    case 'list': case 'tuple': case 'set': {
      const out: PyTuple = [];
      for (const c of kids(n)) {
        const v = evalStatic(c, scope);
        if (v instanceof Dynamic) return new Dynamic(v.kind === 'lambda' ? 'other' : v.kind, n.text, lineOf(n));
        out.push(v);
      }
      if (n.type === 'tuple') out.tuple = true;
      return out;
    }
    case 'dictionary': {
      const out: Record<string, unknown> = {};
      for (const pair of kids(n)) {
        if (pair.type !== 'pair') return new Dynamic('other', n.text, lineOf(n));
        const k = evalStatic(field(pair, 'key')!, scope);
        const v = evalStatic(field(pair, 'value')!, scope);
        if (k instanceof Dynamic || v instanceof Dynamic || (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean')) return new Dynamic('other', n.text, lineOf(n));
        out[String(k)] = v;
      }
      return out;
    }
    case 'unary_operator': {
      const v = evalStatic(field(n, 'argument')!, scope);
      const op = n.children[0]?.text;
      if (typeof v === 'number') return op === '-' ? -v : v;
      if (v instanceof PyNumber) return new PyNumber(op === '-' ? -v.value : v.value);
      return new Dynamic('other', n.text, lineOf(n));
    }
    case 'binary_operator': {
      const a = evalStatic(field(n, 'left')!, scope);
      const b = evalStatic(field(n, 'right')!, scope);
      const op = field(n, 'operator')?.text;
      if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
      if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      const x = numeric(a);
      const y = numeric(b);
      if (x !== null && y !== null) {
        const float = a instanceof PyNumber || b instanceof PyNumber;
        let r: number | null = null;
        if (op === '+') r = x + y;
        else if (op === '-') r = x - y;
        else if (op === '*') r = x * y;
        else if (op === '/') return new PyNumber(x / y);
        else if (op === '//') r = Math.floor(x / y);
        else if (op === '**') r = x ** y;
        if (r !== null) return float ? new PyNumber(r) : r;
      }
      return new Dynamic('other', n.text, lineOf(n));
    }
    case 'identifier': {
      if (scope.has(n.text)) return scope.get(n.text);
      return new Dynamic('name', n.text, lineOf(n));
    }
    case 'attribute': {
      // `rating_data.RATING_TEXT`: a constant of a module of the addons path imported by name
      const obj = field(n, 'object');
      const target = obj?.type === 'identifier' ? scope.get(obj.text) : undefined;
      const name = field(n, 'attribute')?.text ?? '';
      if (target instanceof PyModuleRef && target.scope.has(name)) return target.scope.get(name);
      return new Dynamic('attribute', n.text, lineOf(n));
    }
    case 'lambda':
      return new Dynamic('lambda', n.text, lineOf(n));
    case 'call': {
      const fn = field(n, 'function')!;
      const args = kids(field(n, 'arguments')!);
      if (fn.type === 'identifier' && TRANSLATE_FUNCTIONS.has(fn.text) && args.length === 1) return evalStatic(args[0], scope);
      // `list(_interval_selection.items())`: the pairs of a static dict, in its order
      if (fn.type === 'identifier' && fn.text === 'list' && args.length === 1 && args[0].type === 'call') {
        const inner = field(args[0], 'function')!;
        const innerArgs = kids(field(args[0], 'arguments')!);
        if (inner.type === 'attribute' && field(inner, 'attribute')?.text === 'items' && !innerArgs.length) {
          const d = evalStatic(field(inner, 'object')!, scope);
          if (d && typeof d === 'object' && !Array.isArray(d) && !(d instanceof Dynamic) && !(d instanceof PyNumber) && !(d instanceof PySymbol) && !(d instanceof PyModuleRef)) {
            return Object.entries(d as Record<string, unknown>).map(([k, v]) => Object.assign([k, v], { tuple: true as const }));
          }
        }
      }
      return new Dynamic('call', n.text, lineOf(n));
    }
    default:
      return new Dynamic('other', n.text, lineOf(n));
  }
}

/** A Python module of the addons path imported by name (`from . import membership`): its constants. */
export class PyModuleRef {
  constructor(readonly scope: Scope) {}
}

/** A Python float (kept apart from int: `digits=(16, 2)` vs a default of `0.0`). */
export class PyNumber {
  constructor(readonly value: number) {}
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof PyNumber) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** Plain JS value of a static value (floats unwrapped). */
export function plain(v: unknown): unknown {
  if (v instanceof PyNumber) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}
