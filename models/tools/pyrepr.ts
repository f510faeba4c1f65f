/**
 * Python `repr()` / `str()` of JavaScript values.
 *
 * Odoo's error messages embed Python reprs of domains, values and record ids
 * (`Invalid field 'foo' in leaf ('foo', '=', 1)`), and clients compare those strings.
 * JS has no tuple type, so tuples are represented by `PyTuple`, an Array subclass
 * that prints with parentheses but otherwise behaves as a plain array.
 */
import { PyFloat, pyFloatRepr } from '../orm/values';

/**
 * A JS array that Python code sees as a tuple: `pyRepr` prints `(a, b)` / `(a,)`,
 * `Array.isArray` is true, and JSON serialisation gives a list (as Python's json does).
 *
 * Construct with `PyTuple.of(a, b)` or `PyTuple.fromArray(items)`. `new PyTuple(...items)`
 * also works and, unlike `new Array(3)`, `new PyTuple(3)` is the one-element tuple `(3,)`.
 */
export class PyTuple<T = unknown> extends Array<T> {
  /**
   * Arrays derived with map/filter/slice/concat are plain lists. Without this, the engine
   * would call `new PyTuple(length)` for them, which (given our constructor) means
   * `(length,)` rather than an empty array of that length.
   */
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(...items: T[]) {
    super();
    for (const item of items) this.push(item);
  }

  /** `PyTuple.of('name', '=', 1)`: the element type is the union of the arguments' types. */
  static of<A extends unknown[]>(...items: A): PyTuple<A[number]> {
    return PyTuple.fromArray(items);
  }

  /** A tuple holding the items of any array, array-like or iterable. */
  static fromArray<T>(items: Iterable<T> | ArrayLike<T>): PyTuple<T> {
    const tuple = new PyTuple<T>();
    const iterable = Symbol.iterator in Object(items) ? (items as Iterable<T>) : Array.from(items as ArrayLike<T>);
    for (const item of iterable) tuple.push(item);
    return tuple;
  }
}

/** Characters Python's repr() escapes (str.isprintable() is false): categories C* and Z* except ' '. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** Python's repr() of a str (CPython `unicode_repr`). */
export function pyStrRepr(s: string): string {
  // Single quotes unless the text has a single quote and no double quote.
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    // for..of walks code points; a lone surrogate comes through as one unit (category Cs).
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (NON_PRINTABLE.test(ch)) {
      out += cp <= 0xff ? '\\x' + hex(cp, 2) : cp <= 0xffff ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr() of an int held in a JS number. */
export function pyIntRepr(v: number): string {
  if (v === 0) return '0'; // also -0, which Python ints do not have
  // String() switches to exponent notation at 1e21; integers that large are exact in BigInt.
  return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
}

/** Python's repr() of a float (pyFloatRepr, with Python's spelling of the special values). */
export function pyFloatValueRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return pyFloatRepr(v);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Python's repr() of a JS value: None/True/False, ints and floats, str, list `[...]`,
 * PyTuple `(...)`, plain objects and Maps as dicts, Sets as sets, and any object with a
 * `__repr__()` method through that method. Recursive containers print `[...]` as Python does.
 */
export function pyRepr(value: unknown): string {
  return reprInner(value, new Set());
}

function reprInner(value: unknown, active: Set<object>): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'boolean': return value ? 'True' : 'False';
    case 'number': return Number.isInteger(value) ? pyIntRepr(value) : pyFloatValueRepr(value);
    case 'bigint': return value.toString();
    case 'string': return pyStrRepr(value);
    case 'function': return `<function ${value.name || '<lambda>'}>`;
    case 'symbol': return value.toString();
    default: break;
  }
  const obj = value as object;
  if (obj instanceof PyFloat) return pyFloatValueRepr(obj.value);
  const custom = (obj as { __repr__?: unknown }).__repr__;
  if (typeof custom === 'function') return String(custom.call(obj));

  // A container that contains itself prints as `[...]` instead of recursing forever.
  const isTuple = obj instanceof PyTuple;
  if (active.has(obj)) return isTuple ? '(...)' : Array.isArray(obj) ? '[...]' : '{...}';
  active.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.map((item) => reprInner(item, active));
      if (!isTuple) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    if (obj instanceof Set) {
      if (obj.size === 0) return 'set()';
      return `{${[...obj].map((item) => reprInner(item, active)).join(', ')}}`;
    }
    if (obj instanceof Map) {
      const entries = [...obj].map(([k, v]) => `${reprInner(k, active)}: ${reprInner(v, active)}`);
      return `{${entries.join(', ')}}`;
    }
    if (isPlainObject(obj)) {
      const record = obj as Record<string, unknown>;
      const entries = Object.keys(record).map((k) => `${pyStrRepr(k)}: ${reprInner(record[k], active)}`);
      return `{${entries.join(', ')}}`;
    }
  } finally {
    active.delete(obj);
  }
  const ctor = (obj as { constructor?: { name?: unknown } }).constructor;
  const name = ctor && typeof ctor.name === 'string' && ctor.name ? ctor.name : 'object';
  return `<${name} object>`;
}

/** Python's str(): strings as is, objects with `__str__()` through it, everything else as repr(). */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const custom = (value as { __str__?: unknown }).__str__;
    if (typeof custom === 'function') return String(custom.call(value));
  }
  return pyRepr(value);
}
