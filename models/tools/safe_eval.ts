/**
 * A small, safe evaluator for the Python *expressions* Odoo stores in data:
 * `eval="[(4, ref('base.group_user'))]"` in XML data, record rule `domain_force`
 * (`[('company_id', 'in', company_ids)]`), action contexts and domains, ...
 *
 * Three separate parts:
 *   1. tokenizer  — source text → tokens (strings decoded, numbers parsed);
 *   2. parser     — recursive descent with a Pratt loop for the binary operators → `PyNode` tree;
 *   3. evaluator  — walks the tree with Python semantics (truthiness, ==, `in`, `%`, ...).
 *
 * Nothing here can reach JavaScript internals: names resolve only from the caller's context and
 * a fixed set of builtins; attribute access never follows the prototype chain (only
 * `__getattr__` objects, own properties of plain objects and whitelisted str/list/dict methods);
 * dunder names, `constructor` and `prototype` are refused both when parsing and when evaluating.
 * Work is bounded (expression length, nesting depth, collection sizes, total steps) so hostile
 * data cannot hang the server.
 *
 * Calling convention for JS functions given in the context: positional arguments are passed as
 * is; when keyword arguments are used they are passed as one extra trailing plain object.
 */
import { PyNameError, PyValueError } from '../orm/exceptions';
import { PyFloat } from '../orm/values';
import { PyTuple, pyIntRepr, pyFloatValueRepr, pyRepr, pyStr } from './pyrepr';

/**
 * Any error raised by the evaluator itself. It is a ValueError, as Odoo's safe_eval reports
 * every failure; `pyKind` says which Python exception the failure corresponds to.
 * Unknown names raise PyNameError instead ("name 'x' is not defined").
 */
export class SafeEvalError extends PyValueError {
  /** 'SyntaxError', 'TypeError', 'KeyError', 'IndexError', 'AttributeError', 'ZeroDivisionError', ... */
  readonly pyKind: string;
  constructor(message: string, pyKind = 'ValueError') {
    super(message);
    this.pyKind = pyKind;
  }
}

export const SAFE_EVAL_LIMITS = Object.freeze({
  /** Longest accepted source text, in characters. */
  maxLength: 100_000,
  /** Deepest nesting accepted, both while parsing and in the resulting tree. */
  maxDepth: 200,
  /** Largest list/str/range any single operation may build. */
  maxItems: 1_000_000,
  /** Total work (loop iterations and items built) one evaluation may do. */
  maxSteps: 5_000_000,
});

// ───────────────────────────── shared helpers ─────────────────────────────

const typeError = (msg: string) => new SafeEvalError(msg, 'TypeError');
const valueError = (msg: string) => new SafeEvalError(msg, 'ValueError');
const forbiddenName = (name: string) => new SafeEvalError(`Access to forbidden name '${name}'`, 'NameError');

/** JS internals that must never be reachable as attributes, whatever object is asked. */
const FORBIDDEN_ATTRS = new Set(['constructor', 'prototype', '__proto__']);

/** Dunder names are refused everywhere, as Odoo's safe_eval does (`__import__`, `__class__`, ...). */
function isForbiddenName(name: string): boolean {
  return name.includes('__') || FORBIDDEN_ATTRS.has(name);
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Dicts built by the evaluator (literals, dict(), ...). They hold data only: their keys are never
 * exposed as attributes, and keys such as '__getattr__' or '__bool__' are never used as hooks.
 */
const DATA_DICTS = new WeakSet<object>();

function newDict(): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  DATA_DICTS.add(dict);
  return dict;
}

/** Set a key as an own property: a '__proto__' key must not change the prototype. */
function dictSet(dict: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
}

function isDict(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v);
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * A Python protocol method (`__getattr__`, `__len__`, ...) implemented by a context object,
 * bound to it. Never taken from evaluator-built dicts, whose keys are data.
 */
function hook(v: unknown, name: string): AnyFn | undefined {
  if (v === null || typeof v !== 'object' || DATA_DICTS.has(v)) return undefined;
  const fn = (v as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (...args: unknown[]) => Reflect.apply(fn, v, args) : undefined;
}

function isTuple(v: unknown): v is PyTuple {
  return v instanceof PyTuple;
}

type Numeric = number | boolean | PyFloat;

function isNum(v: unknown): v is Numeric {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function toNum(v: Numeric): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v.value;
}

/** An int in Python terms: bool or integral JS number (floats are non-integral numbers or PyFloat). */
function isIntLike(v: unknown): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}

function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** Python's name for the type of a value, for error messages. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'function') return 'function';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyBuiltin) return v.isType ? 'type' : 'builtin_function_or_method';
  if (isTuple(v)) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Set) return 'set';
  if (v instanceof Map || isPlainObject(v)) return 'dict';
  const modelName = (v as { _name?: unknown })._name; // ORM records: 'res.users'
  if (typeof modelName === 'string') return modelName;
  const ctor = (v as { constructor?: { name?: unknown } }).constructor;
  return ctor && typeof ctor.name === 'string' && ctor.name ? ctor.name : 'object';
}

/**
 * len() of a context object: its `__len__()`, else a numeric `length` property
 * (ORM recordsets expose `length`; an empty recordset is falsy in Python).
 */
function objectLength(v: unknown): number | undefined {
  const len = hook(v, '__len__');
  if (len) return Number(len());
  if (v !== null && typeof v === 'object' && !isPlainObject(v) && !DATA_DICTS.has(v)) {
    const length = (v as { length?: unknown }).length;
    if (typeof length === 'number') return length;
  }
  return undefined;
}

/** Python truthiness: None, False, 0, '', and empty containers are false. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0; // NaN is true in Python
    case 'bigint': return v !== 0n;
    case 'string': return v.length > 0;
    case 'function': return true;
    default: break;
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Set || v instanceof Map) return v.size > 0;
  const bool = hook(v, '__bool__');
  if (bool) return Boolean(bool());
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  const length = objectLength(v);
  return length === undefined || length > 0;
}

/** Dict keys are strings; other hashable keys are converted the same way on write and on read. */
function dictKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (isNum(k) && typeof k !== 'boolean') return String(toNum(k));
  if (Array.isArray(k) && !isTuple(k)) throw typeError("unhashable type: 'list'");
  if (isDict(k)) throw typeError("unhashable type: 'dict'");
  return pyStr(k);
}

/** Python `==`: numbers across int/float/bool, deep for lists/tuples/dicts; list != tuple. */
export function pyEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (depth > SAFE_EVAL_LIMITS.maxDepth) throw valueError('maximum recursion depth exceeded in comparison');
  if (isNum(a) && isNum(b)) return toNum(a) === toNum(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i], depth + 1));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => hasOwn(b, k) && pyEquals(a[k], b[k], depth + 1));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  const eqA = hook(a, '__eq__');
  if (eqA) return pyTruthy(eqA(b));
  const eqB = hook(b, '__eq__');
  if (eqB) return pyTruthy(eqB(a));
  return false;
}

// ─────────────────────────────── 1. tokenizer ───────────────────────────────

type TokenKind = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'end';

interface Token {
  kind: TokenKind;
  /** source text (for strings: the decoded value is in `value`) */
  text: string;
  /** offset in the source, for error positions */
  pos: number;
  value?: number | string;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Every Python operator/delimiter, longest first so the tokenizer takes the longest match. */
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...',
  '!=', '==', '<=', '>=', '**', '//', '<<', '>>', '->', ':=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '@', '=',
];

const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER_PREFIXED = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const NUMBER_DECIMAL = /(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const STRING_PREFIX = /^(?:r|u|b|f|br|rb|fr|rf)$/i;

function syntaxError(src: string, pos: number, message: string): SafeEvalError {
  const before = src.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return new SafeEvalError(`${message} (line ${line}, column ${column})`, 'SyntaxError');
}

function lineAt(src: string, pos: number): number {
  return src.slice(0, pos).split('\n').length;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    // Newlines are plain whitespace: data attributes often wrap an expression over lines.
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') { i++; continue; }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3; // explicit line continuation
      continue;
    }
    if (c === '#') { // comment up to the end of the line
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;

    IDENTIFIER.lastIndex = i;
    const ident = IDENTIFIER.exec(src);
    if (ident) {
      const word = ident[0];
      const next = src[i + word.length];
      if ((next === "'" || next === '"') && STRING_PREFIX.test(word)) {
        const prefix = word.toLowerCase();
        if (prefix.includes('b')) throw syntaxError(src, start, 'bytes literals are not supported');
        if (prefix.includes('f')) throw syntaxError(src, start, 'f-strings are not supported');
        const [value, end] = scanString(src, i + word.length, prefix.includes('r'));
        tokens.push({ kind: 'string', text: src.slice(start, end), pos: start, value });
        i = end;
        continue;
      }
      // Python compares identifiers after NFKC normalisation ('ｆｏｏ' is 'foo').
      const name = /^[\x00-\x7f]*$/.test(word) ? word : word.normalize('NFKC');
      tokens.push({ kind: KEYWORDS.has(name) ? 'keyword' : 'name', text: name, pos: start });
      i += word.length;
      continue;
    }

    if (c === "'" || c === '"') {
      const [value, end] = scanString(src, i, false);
      tokens.push({ kind: 'string', text: src.slice(start, end), pos: start, value });
      i = end;
      continue;
    }

    if ((c >= '0' && c <= '9') || (c === '.' && src[i + 1] >= '0' && src[i + 1] <= '9')) {
      const [value, end] = scanNumber(src, i);
      tokens.push({ kind: 'number', text: src.slice(start, end), pos: start, value });
      i = end;
      continue;
    }

    const op = OPERATORS.find((candidate) => src.startsWith(candidate, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: start });
      i += op.length;
      continue;
    }
    const cp = src.codePointAt(i) as number;
    throw syntaxError(src, i, `invalid character '${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

function scanNumber(src: string, start: number): [number, number] {
  NUMBER_PREFIXED.lastIndex = start;
  let match = NUMBER_PREFIXED.exec(src);
  let value: number;
  let text: string;
  if (match) {
    text = match[0];
    const digits = text.slice(2).replace(/_/g, '');
    const base = { x: 16, o: 8, b: 2 }[text[1].toLowerCase() as 'x' | 'o' | 'b'];
    value = parseInt(digits, base);
  } else {
    NUMBER_DECIMAL.lastIndex = start;
    match = NUMBER_DECIMAL.exec(src) as RegExpExecArray; // the caller saw a digit or '.digit'
    text = match[0];
    const clean = text.replace(/_/g, '');
    if (/^0+[0-9]/.test(clean) && /^[0-9]+$/.test(clean) && /[1-9]/.test(clean)) {
      throw syntaxError(src, start, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    }
    value = Number(clean);
  }
  const end = start + text.length;
  const next = src[end];
  if (next === 'j' || next === 'J') throw syntaxError(src, start, 'complex numbers are not supported');
  if (next !== undefined && IDENTIFIER_CHAR.test(next)) throw syntaxError(src, start, 'invalid decimal literal');
  return [value, end];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Scan a string literal starting at its opening quote; returns the decoded value and the end offset. */
function scanString(src: string, start: number, raw: boolean): [string, number] {
  const quote = src[start];
  const triple = src.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  let out = '';
  for (;;) {
    if (i >= src.length) {
      throw triple
        ? syntaxError(src, start, `unterminated triple-quoted string literal (detected at line ${lineAt(src, src.length)})`)
        : syntaxError(src, start, `unterminated string literal (detected at line ${lineAt(src, start)})`);
    }
    const c = src[i];
    if (src.startsWith(closing, i)) return [out, i + closing.length];
    if (!triple && c === '\n') throw syntaxError(src, start, `unterminated string literal (detected at line ${lineAt(src, start)})`);
    if (c !== '\\') { out += c; i++; continue; }

    const e = src[i + 1];
    if (e === undefined) { i++; continue; } // reported as unterminated on the next turn
    if (raw) { out += c + e; i += 2; continue; } // raw strings keep the backslash (and cannot end in one)
    if (e === '\n') { i += 2; continue; } // backslash-newline: line continuation inside the string
    if (hasOwn(SIMPLE_ESCAPES, e)) { out += SIMPLE_ESCAPES[e]; i += 2; continue; }
    if (e >= '0' && e <= '7') {
      const octal = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4)) as RegExpExecArray;
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += 1 + octal[0].length;
      continue;
    }
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength) {
      const digits = src.slice(i + 2, i + 2 + hexLength);
      const cp = parseInt(digits, 16);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hexLength) {
        throw syntaxError(src, i, `(unicode error) truncated \\${e}${'X'.repeat(hexLength)} escape`);
      }
      if (cp > 0x10ffff) throw syntaxError(src, i, '(unicode error) illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += 2 + hexLength;
      continue;
    }
    if (e === 'N') throw syntaxError(src, i, '\\N{...} escapes are not supported');
    out += c + e; // unknown escapes stay as written, like Python
    i += 2;
  }
}

// ─────────────────────────────── 2. parser ───────────────────────────────

export type BinOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '|' | '^' | '&' | '<<' | '>>';
export type CmpOperator = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/** Syntax tree of a Python expression (shapes follow Python's `ast` module). */
export type PyNode =
  | { type: 'Const'; value: null | boolean | number | string }
  | { type: 'Name'; id: string }
  | { type: 'List' | 'Tuple' | 'Set'; elts: PyNode[] }
  | { type: 'Dict'; keys: PyNode[]; values: PyNode[] }
  /** also generator expressions, which evaluate to lists */
  | { type: 'ListComp' | 'SetComp'; elt: PyNode; generators: PyComprehension[] }
  | { type: 'DictComp'; key: PyNode; value: PyNode; generators: PyComprehension[] }
  | { type: 'BoolOp'; op: 'and' | 'or'; values: PyNode[] }
  | { type: 'Not'; operand: PyNode }
  | { type: 'UnaryOp'; op: '-' | '+' | '~'; operand: PyNode }
  | { type: 'BinOp'; op: BinOperator; left: PyNode; right: PyNode }
  | { type: 'Compare'; left: PyNode; ops: CmpOperator[]; comparators: PyNode[] }
  | { type: 'IfExp'; test: PyNode; body: PyNode; orelse: PyNode }
  | { type: 'Attribute'; value: PyNode; attr: string }
  | { type: 'Subscript'; value: PyNode; index: PyNode }
  /** only as the index of a Subscript (or inside its Tuple) */
  | { type: 'Slice'; lower: PyNode | null; upper: PyNode | null; step: PyNode | null }
  | { type: 'Call'; func: PyNode; args: PyNode[]; keywords: PyKeyword[] }
  /** only among Call args: f(*args) */
  | { type: 'Starred'; value: PyNode };

export interface PyComprehension {
  /** a Name, or a Tuple/List of targets */
  target: PyNode;
  iter: PyNode;
  ifs: PyNode[];
}

export interface PyKeyword {
  /** null for `**mapping` */
  name: string | null;
  value: PyNode;
}

/** Binding power of the binary operators handled by the Pratt loop (higher binds tighter). */
const BINARY_PRECEDENCE: Record<string, number> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6, '@': 6,
};
const COMPARISON_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
/** Tokens that close a bracket or separate items: an expression list may not continue after them. */
const CLOSERS = new Set([')', ']', '}', ':', '=']);

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly src: string, private readonly tokens: Token[]) {}

  parseExpression(): PyNode {
    const first = this.tok;
    if (first.kind === 'end') throw this.error('empty expression', first);
    const node = this.parseExprList();
    if (this.tok.kind !== 'end') throw this.unexpected();
    return node;
  }

  // ── token helpers ──

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private peek(offset: number): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private isOp(text: string, tok = this.tok): boolean {
    return tok.kind === 'op' && tok.text === text;
  }

  private isKw(word: string, tok = this.tok): boolean {
    return tok.kind === 'keyword' && tok.text === word;
  }

  private acceptOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.i++;
    return true;
  }

  private expectOp(text: string): void {
    if (this.acceptOp(text)) return;
    if (this.tok.kind === 'end') throw this.error(`unexpected end of expression (expected '${text}')`, this.tok);
    throw this.error(`invalid syntax: expected '${text}', found ${describe(this.tok)}`, this.tok);
  }

  private error(message: string, tok: Token): SafeEvalError {
    return syntaxError(this.src, tok.pos, message);
  }

  private unexpected(tok = this.tok): SafeEvalError {
    if (tok.kind === 'end') return this.error('unexpected end of expression', tok);
    return this.error(`invalid syntax: unexpected ${describe(tok)}`, tok);
  }

  private checkName(name: string): string {
    if (isForbiddenName(name)) throw forbiddenName(name);
    return name;
  }

  /** Nesting guard: every recursive rule goes through here, so hostile input cannot blow the stack. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > SAFE_EVAL_LIMITS.maxDepth) {
      throw this.error(`expression too deeply nested (limit ${SAFE_EVAL_LIMITS.maxDepth})`, this.tok);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Could the current token begin an expression? (decides whether a trailing comma ends a list) */
  private startsExpression(): boolean {
    const tok = this.tok;
    if (tok.kind === 'end') return false;
    if (tok.kind === 'op') return !CLOSERS.has(tok.text) && tok.text !== ',';
    if (tok.kind === 'keyword') return ['True', 'False', 'None', 'not', 'lambda', 'await', 'yield'].includes(tok.text);
    return true;
  }

  // ── grammar, loosest binding first ──

  /** `a, b` without brackets is a tuple (top level and subscripts). */
  private parseExprList(): PyNode {
    const first = this.parseTest();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',') && this.startsExpression()) elts.push(this.parseTest());
    return { type: 'Tuple', elts };
  }

  /** test: or_test ['if' or_test 'else' test] */
  private parseTest(): PyNode {
    return this.nested(() => {
      if (this.isKw('lambda')) throw this.error('lambda expressions are not supported', this.tok);
      const body = this.parseOr();
      if (!this.isKw('if')) return body;
      this.i++;
      const test = this.parseOr();
      if (!this.isKw('else')) throw this.tok.kind === 'end' ? this.error("expected 'else' after 'if' expression", this.tok) : this.unexpected();
      this.i++;
      const orelse = this.parseTest();
      return { type: 'IfExp', test, body, orelse };
    });
  }

  private parseOr(): PyNode {
    const values = [this.parseAnd()];
    while (this.isKw('or')) { this.i++; values.push(this.parseAnd()); }
    return values.length === 1 ? values[0] : { type: 'BoolOp', op: 'or', values };
  }

  private parseAnd(): PyNode {
    const values = [this.parseNot()];
    while (this.isKw('and')) { this.i++; values.push(this.parseNot()); }
    return values.length === 1 ? values[0] : { type: 'BoolOp', op: 'and', values };
  }

  private parseNot(): PyNode {
    if (!this.isKw('not')) return this.parseComparison();
    this.i++;
    return this.nested(() => ({ type: 'Not', operand: this.parseNot() }));
  }

  /** Comparisons chain: `a < b < c` is `a < b and b < c` with b evaluated once. */
  private parseComparison(): PyNode {
    const left = this.parseBinary(0);
    const ops: CmpOperator[] = [];
    const comparators: PyNode[] = [];
    for (;;) {
      const tok = this.tok;
      let op: CmpOperator | null = null;
      if (tok.kind === 'op' && COMPARISON_OPS.has(tok.text)) { op = tok.text as CmpOperator; this.i++; }
      else if (this.isKw('in')) { op = 'in'; this.i++; }
      else if (this.isKw('not') && this.isKw('in', this.peek(1))) { op = 'not in'; this.i += 2; }
      else if (this.isKw('is')) {
        this.i++;
        op = this.isKw('not') ? (this.i++, 'is not') : 'is';
      }
      if (!op) break;
      ops.push(op);
      comparators.push(this.parseBinary(0));
    }
    return ops.length ? { type: 'Compare', left, ops, comparators } : left;
  }

  /** Pratt loop for `| ^ & << >> + - * / // %`, all left-associative. */
  private parseBinary(minPrecedence: number): PyNode {
    let left = this.parseUnary();
    for (;;) {
      const tok = this.tok;
      const precedence = tok.kind === 'op' && hasOwn(BINARY_PRECEDENCE, tok.text) ? BINARY_PRECEDENCE[tok.text] : -1;
      if (precedence < 0 || precedence < minPrecedence) return left;
      if (tok.text === '@') throw this.error('matrix multiplication is not supported', tok);
      this.i++;
      const right = this.parseBinary(precedence + 1);
      left = { type: 'BinOp', op: tok.text as BinOperator, left, right };
    }
  }

  private parseUnary(): PyNode {
    const tok = this.tok;
    if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+' || tok.text === '~')) {
      this.i++;
      return this.nested(() => ({ type: 'UnaryOp', op: tok.text as '-' | '+' | '~', operand: this.parseUnary() }));
    }
    return this.parsePower();
  }

  /** `**` is right-associative and binds tighter than a unary minus on its left: -2**2 == -4. */
  private parsePower(): PyNode {
    const base = this.parsePrimary();
    if (!this.acceptOp('**')) return base;
    const exponent = this.parseUnary();
    return { type: 'BinOp', op: '**', left: base, right: exponent };
  }

  /** An atom followed by any number of `.name`, `(args)` and `[index]` trailers. */
  private parsePrimary(): PyNode {
    let node = this.parseAtom();
    for (;;) {
      if (this.acceptOp('.')) {
        const tok = this.tok;
        if (tok.kind !== 'name') throw this.unexpected();
        this.i++;
        node = { type: 'Attribute', value: node, attr: this.checkName(tok.text) };
      } else if (this.acceptOp('(')) {
        node = this.parseCall(node);
      } else if (this.acceptOp('[')) {
        node = { type: 'Subscript', value: node, index: this.parseSubscriptIndex() };
        this.expectOp(']');
      } else {
        return node;
      }
    }
  }

  private parseAtom(): PyNode {
    const tok = this.tok;
    switch (tok.kind) {
      case 'number':
        this.i++;
        return { type: 'Const', value: tok.value as number };
      case 'string': {
        let value = '';
        while (this.tok.kind === 'string') { value += this.tok.value as string; this.i++; } // 'a' 'b' == 'ab'
        return { type: 'Const', value };
      }
      case 'name':
        this.i++;
        return { type: 'Name', id: this.checkName(tok.text) };
      case 'keyword':
        if (tok.text === 'True' || tok.text === 'False' || tok.text === 'None') {
          this.i++;
          return { type: 'Const', value: tok.text === 'None' ? null : tok.text === 'True' };
        }
        if (tok.text === 'lambda') throw this.error('lambda expressions are not supported', tok);
        if (tok.text === 'yield' || tok.text === 'await') throw this.error(`'${tok.text}' is not supported`, tok);
        throw this.unexpected();
      case 'op':
        if (tok.text === '(' || tok.text === '[' || tok.text === '{') {
          this.i++;
          return tok.text === '(' ? this.parseParen() : tok.text === '[' ? this.parseList() : this.parseBrace();
        }
        if (tok.text === '...') throw this.error('Ellipsis is not supported', tok);
        throw this.unexpected();
      default:
        throw this.unexpected();
    }
  }

  /** After '(': `()`, `(x)`, `(x,)`, `(a, b)` or a generator expression `(x for x in y)`. */
  private parseParen(): PyNode {
    if (this.acceptOp(')')) return { type: 'Tuple', elts: [] };
    const first = this.parseTest();
    if (this.isKw('for')) {
      const generators = this.parseComprehensionClauses();
      this.expectOp(')');
      return { type: 'ListComp', elt: first, generators };
    }
    if (this.acceptOp(')')) return first; // just grouping
    const elts = [first];
    while (this.acceptOp(',') && !this.isOp(')')) elts.push(this.parseTest());
    this.expectOp(')');
    return { type: 'Tuple', elts };
  }

  /** After '[': a list display or a list comprehension. */
  private parseList(): PyNode {
    if (this.acceptOp(']')) return { type: 'List', elts: [] };
    const first = this.parseTest();
    if (this.isKw('for')) {
      const generators = this.parseComprehensionClauses();
      this.expectOp(']');
      return { type: 'ListComp', elt: first, generators };
    }
    const elts = [first];
    while (this.acceptOp(',') && !this.isOp(']')) elts.push(this.parseTest());
    this.expectOp(']');
    return { type: 'List', elts };
  }

  /** After '{': a dict or set display, or a dict/set comprehension. */
  private parseBrace(): PyNode {
    if (this.acceptOp('}')) return { type: 'Dict', keys: [], values: [] };
    if (this.isOp('**')) throw this.error('dict unpacking (**) is not supported', this.tok);
    const first = this.parseTest();
    if (this.acceptOp(':')) {
      const firstValue = this.parseTest();
      if (this.isKw('for')) {
        const generators = this.parseComprehensionClauses();
        this.expectOp('}');
        return { type: 'DictComp', key: first, value: firstValue, generators };
      }
      const keys = [first];
      const values = [firstValue];
      while (this.acceptOp(',') && !this.isOp('}')) {
        if (this.isOp('**')) throw this.error('dict unpacking (**) is not supported', this.tok);
        keys.push(this.parseTest());
        this.expectOp(':');
        values.push(this.parseTest());
      }
      this.expectOp('}');
      return { type: 'Dict', keys, values };
    }
    if (this.isKw('for')) {
      const generators = this.parseComprehensionClauses();
      this.expectOp('}');
      return { type: 'SetComp', elt: first, generators };
    }
    const elts = [first];
    while (this.acceptOp(',') && !this.isOp('}')) elts.push(this.parseTest());
    this.expectOp('}');
    return { type: 'Set', elts };
  }

  /** `for target in iter [if cond]...` clauses, one or more. */
  private parseComprehensionClauses(): PyComprehension[] {
    const generators: PyComprehension[] = [];
    while (this.isKw('for')) {
      this.i++;
      const target = this.parseTargetList();
      if (!this.isKw('in')) throw this.unexpected();
      this.i++;
      const iter = this.parseOr();
      const ifs: PyNode[] = [];
      while (this.isKw('if')) { this.i++; ifs.push(this.parseOr()); }
      generators.push({ target, iter, ifs });
    }
    return generators;
  }

  /** Loop targets: `x`, `k, v`, `(a, (b, c))`, `[a, b]`. */
  private parseTargetList(): PyNode {
    const first = this.parseTarget();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',') && !this.isKw('in')) elts.push(this.parseTarget());
    return { type: 'Tuple', elts };
  }

  private parseTarget(): PyNode {
    const tok = this.tok;
    if (tok.kind === 'name') {
      this.i++;
      return { type: 'Name', id: this.checkName(tok.text) };
    }
    if (this.isOp('(') || this.isOp('[')) {
      const close = tok.text === '(' ? ')' : ']';
      this.i++;
      return this.nested(() => {
        const elts: PyNode[] = [];
        while (!this.isOp(close)) {
          elts.push(this.parseTarget());
          if (!this.acceptOp(',')) break;
        }
        this.expectOp(close);
        return { type: 'Tuple', elts };
      });
    }
    throw this.unexpected();
  }

  /** After '(' of a call: positional, keyword, *args and **kwargs arguments, or one generator expression. */
  private parseCall(func: PyNode): PyNode {
    const args: PyNode[] = [];
    const keywords: PyKeyword[] = [];
    while (!this.isOp(')')) {
      const tok = this.tok;
      if (this.acceptOp('*')) {
        args.push({ type: 'Starred', value: this.parseTest() });
      } else if (this.acceptOp('**')) {
        keywords.push({ name: null, value: this.parseTest() });
      } else if (tok.kind === 'name' && this.isOp('=', this.peek(1))) {
        const name = this.checkName(tok.text);
        if (keywords.some((k) => k.name === name)) throw this.error(`keyword argument repeated: ${name}`, tok);
        this.i += 2;
        keywords.push({ name, value: this.parseTest() });
      } else {
        const value = this.parseTest();
        if (this.isKw('for')) {
          const generators = this.parseComprehensionClauses();
          if (args.length || keywords.length || !this.isOp(')')) {
            throw this.error('Generator expression must be parenthesized', tok);
          }
          args.push({ type: 'ListComp', elt: value, generators });
          break;
        }
        if (keywords.length) throw this.error('positional argument follows keyword argument', tok);
        args.push(value);
      }
      if (!this.acceptOp(',')) break;
    }
    this.expectOp(')');
    return { type: 'Call', func, args, keywords };
  }

  /** Inside `[...]`: an index, a slice `a:b:c`, or a tuple of those. */
  private parseSubscriptIndex(): PyNode {
    const first = this.parseSliceOrTest();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',') && !this.isOp(']')) elts.push(this.parseSliceOrTest());
    return { type: 'Tuple', elts };
  }

  private parseSliceOrTest(): PyNode {
    const lower = this.isOp(':') ? null : this.parseTest();
    if (!this.acceptOp(':')) return lower as PyNode;
    const endsPart = () => this.isOp(']') || this.isOp(',') || this.isOp(':');
    const upper = endsPart() ? null : this.parseTest();
    let step: PyNode | null = null;
    if (this.acceptOp(':')) step = this.isOp(']') || this.isOp(',') ? null : this.parseTest();
    return { type: 'Slice', lower, upper, step };
  }
}

function describe(tok: Token): string {
  switch (tok.kind) {
    case 'keyword': return `keyword '${tok.text}'`;
    case 'name': return `name '${tok.text}'`;
    case 'number': return `number ${tok.text}`;
    case 'string': return 'string literal';
    case 'op': return `'${tok.text}'`;
    default: return 'end of expression';
  }
}

/** Direct sub-expressions of a node. */
function childNodes(node: PyNode): PyNode[] {
  const comprehension = (gens: PyComprehension[]) => gens.flatMap((g) => [g.target, g.iter, ...g.ifs]);
  switch (node.type) {
    case 'Const': case 'Name': return [];
    case 'List': case 'Tuple': case 'Set': return node.elts;
    case 'Dict': return [...node.keys, ...node.values];
    case 'ListComp': case 'SetComp': return [node.elt, ...comprehension(node.generators)];
    case 'DictComp': return [node.key, node.value, ...comprehension(node.generators)];
    case 'BoolOp': return node.values;
    case 'Not': case 'UnaryOp': return [node.operand];
    case 'BinOp': return [node.left, node.right];
    case 'Compare': return [node.left, ...node.comparators];
    case 'IfExp': return [node.test, node.body, node.orelse];
    case 'Attribute': return [node.value];
    case 'Subscript': return [node.value, node.index];
    case 'Slice': return [node.lower, node.upper, node.step].filter((n): n is PyNode => n !== null);
    case 'Call': return [node.func, ...node.args, ...node.keywords.map((k) => k.value)];
    case 'Starred': return [node.value];
  }
}

/**
 * Left-associative chains (`1+1+1+...`, `a.b.c.d...`) are built by loops, not recursion, so the
 * parser's own guard does not bound the tree depth; check it (iteratively) before anyone walks it
 * recursively, and freeze the tree so a parsed expression can be shared safely.
 */
function validateTree(root: PyNode): void {
  const stack: Array<[PyNode, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [PyNode, number];
    if (depth > SAFE_EVAL_LIMITS.maxDepth) {
      throw new SafeEvalError(`expression too deeply nested (limit ${SAFE_EVAL_LIMITS.maxDepth})`, 'SyntaxError');
    }
    for (const child of childNodes(node)) stack.push([child, depth + 1]);
    for (const value of Object.values(node)) {
      if (!Array.isArray(value)) continue;
      for (const item of value) { // keywords and comprehension clauses, with their `ifs` lists
        if (item && typeof item === 'object') Object.values(item).forEach((v) => Array.isArray(v) && Object.freeze(v));
        Object.freeze(item);
      }
      Object.freeze(value);
    }
    Object.freeze(node);
  }
}

/** Parse a Python expression once; evaluate the result any number of times with `evalPyNode`. */
export function parsePyExpr(expr: string): PyNode {
  if (typeof expr !== 'string') throw typeError(`expression must be a string, not ${typeName(expr)}`);
  if (expr.length > SAFE_EVAL_LIMITS.maxLength) {
    throw valueError(`expression too long (${expr.length} characters, limit ${SAFE_EVAL_LIMITS.maxLength})`);
  }
  const node = new Parser(expr, tokenize(expr)).parseExpression();
  validateTree(node);
  return node;
}

// ─────────────────────────────── 3. evaluator ───────────────────────────────

type Kwargs = Record<string, unknown>;
type BuiltinImpl = (ev: Evaluator, args: unknown[], kwargs: Kwargs) => unknown;

/** A function implemented by the evaluator: a builtin (len, int, ...) or a bound str/list/dict method. */
class PyBuiltin {
  constructor(
    readonly name: string,
    readonly impl: BuiltinImpl,
    /** for builtin types usable with isinstance(): int, str, ... */
    readonly typeCheck?: (v: unknown) => boolean,
    /** for bound methods: the type of the object they are bound to */
    readonly ownerType?: string,
  ) {}

  get isType(): boolean {
    return this.typeCheck !== undefined;
  }

  __repr__(): string {
    if (this.isType) return `<class '${this.name}'>`;
    return this.ownerType ? `<built-in method ${this.name} of ${this.ownerType} object>` : `<built-in function ${this.name}>`;
  }
}

class Evaluator {
  private steps = 0;
  private depth = 0;
  /** Comprehension variables, innermost last (Python 3 comprehensions have their own scope). */
  private readonly scopes: Array<Map<string, unknown>> = [];

  constructor(private readonly context: Record<string, unknown>) {}

  /** Account for `n` units of work; aborts runaway evaluations. */
  charge(n: number): void {
    this.steps += n;
    if (this.steps > SAFE_EVAL_LIMITS.maxSteps) {
      throw valueError(`expression evaluation exceeded the work limit (${SAFE_EVAL_LIMITS.maxSteps} steps)`);
    }
  }

  /** Refuse a collection that has grown above the size limit. */
  checkSize(size: number, what: string): void {
    if (size > SAFE_EVAL_LIMITS.maxItems) {
      throw valueError(`${what} too large (${size} items, limit ${SAFE_EVAL_LIMITS.maxItems})`);
    }
  }

  /** Check and account for a collection about to be built in one go. */
  allocate(size: number, what: string): void {
    this.checkSize(size, what);
    this.charge(size);
  }

  eval(node: PyNode): unknown {
    // Trees from parsePyExpr are depth-checked already; this also covers hand-built trees.
    if (++this.depth > SAFE_EVAL_LIMITS.maxDepth) {
      throw valueError(`expression too deeply nested (limit ${SAFE_EVAL_LIMITS.maxDepth})`);
    }
    try {
      return this.evalNode(node);
    } finally {
      this.depth--;
    }
  }

  private evalNode(node: PyNode): unknown {
    switch (node.type) {
      case 'Const': return node.value;
      case 'Name': return this.lookup(node.id);
      case 'List': return node.elts.map((e) => this.eval(e));
      case 'Tuple': return PyTuple.fromArray(node.elts.map((e) => this.eval(e)));
      case 'Set': return uniqueItems(node.elts.map((e) => this.eval(e)));
      case 'Dict': {
        const dict = newDict();
        node.keys.forEach((k, i) => {
          const key = dictKey(this.eval(k));
          dictSet(dict, key, this.eval(node.values[i]));
        });
        return dict;
      }
      case 'ListComp': {
        const out: unknown[] = [];
        this.comprehension(node.generators, () => { out.push(this.eval(node.elt)); this.checkSize(out.length, 'comprehension'); });
        return out;
      }
      case 'SetComp': {
        const out: unknown[] = [];
        this.comprehension(node.generators, () => { out.push(this.eval(node.elt)); this.checkSize(out.length, 'comprehension'); });
        return uniqueItems(out);
      }
      case 'DictComp': {
        const dict = newDict();
        this.comprehension(node.generators, () => dictSet(dict, dictKey(this.eval(node.key)), this.eval(node.value)));
        return dict;
      }
      case 'BoolOp': {
        // Python returns the deciding operand itself, not a boolean.
        let value: unknown;
        for (const operand of node.values) {
          value = this.eval(operand);
          if (pyTruthy(value) === (node.op === 'or')) return value;
        }
        return value;
      }
      case 'Not': return !pyTruthy(this.eval(node.operand));
      case 'UnaryOp': return unaryOp(node.op, this.eval(node.operand));
      case 'BinOp': return binaryOp(this, node.op, this.eval(node.left), this.eval(node.right));
      case 'Compare': {
        let left = this.eval(node.left);
        for (let k = 0; k < node.ops.length; k++) {
          const right = this.eval(node.comparators[k]);
          if (!compareOp(this, node.ops[k], left, right)) return false;
          left = right;
        }
        return true;
      }
      case 'IfExp': return pyTruthy(this.eval(node.test)) ? this.eval(node.body) : this.eval(node.orelse);
      case 'Attribute': return getAttr(this.eval(node.value), node.attr);
      case 'Subscript': {
        const obj = this.eval(node.value);
        if (node.index.type === 'Slice') return this.slice(obj, node.index);
        return getItem(obj, this.eval(node.index));
      }
      case 'Call': return this.call(node);
      case 'Slice': throw new SafeEvalError('invalid syntax: slice outside of a subscript', 'SyntaxError');
      case 'Starred': throw new SafeEvalError("invalid syntax: can't use starred expression here", 'SyntaxError');
    }
  }

  private lookup(id: string): unknown {
    if (isForbiddenName(id)) throw forbiddenName(id);
    for (let k = this.scopes.length - 1; k >= 0; k--) {
      if (this.scopes[k].has(id)) return this.scopes[k].get(id);
    }
    // Own properties only: a context `{}` must not expose Object.prototype members.
    if (hasOwn(this.context, id)) return this.context[id];
    const builtin = BUILTINS.get(id);
    if (builtin) return builtin;
    throw new PyNameError(`name '${id}' is not defined`);
  }

  private comprehension(generators: PyComprehension[], emit: () => void): void {
    const scope = new Map<string, unknown>();
    this.scopes.push(scope);
    try {
      this.runGenerators(generators, 0, scope, emit);
    } finally {
      this.scopes.pop();
    }
  }

  private runGenerators(generators: PyComprehension[], index: number, scope: Map<string, unknown>, emit: () => void): void {
    if (index === generators.length) { emit(); return; }
    const { target, iter, ifs } = generators[index];
    for (const item of iterate(this, this.eval(iter))) {
      this.charge(1);
      this.bind(target, item, scope);
      if (ifs.every((cond) => pyTruthy(this.eval(cond)))) this.runGenerators(generators, index + 1, scope, emit);
    }
  }

  private bind(target: PyNode, value: unknown, scope: Map<string, unknown>): void {
    if (target.type === 'Name') {
      if (isForbiddenName(target.id)) throw forbiddenName(target.id);
      scope.set(target.id, value);
      return;
    }
    if (target.type !== 'Tuple' && target.type !== 'List') throw new SafeEvalError('invalid loop target', 'SyntaxError');
    const items = iterate(this, value);
    if (items.length < target.elts.length) {
      throw valueError(`not enough values to unpack (expected ${target.elts.length}, got ${items.length})`);
    }
    if (items.length > target.elts.length) throw valueError(`too many values to unpack (expected ${target.elts.length})`);
    target.elts.forEach((t, k) => this.bind(t, items[k], scope));
  }

  private slice(obj: unknown, node: Extract<PyNode, { type: 'Slice' }>): unknown {
    const bound = (n: PyNode | null): number | null => {
      if (n === null) return null;
      const v = this.eval(n);
      if (v === null || v === undefined) return null;
      if (!isIntLike(v)) throw typeError('slice indices must be integers or None or have an __index__ method');
      return toNum(v);
    };
    const lower = bound(node.lower);
    const upper = bound(node.upper);
    const step = bound(node.step);
    if (typeof obj === 'string') return sliceItems(Array.from(obj), lower, upper, step).join('');
    if (Array.isArray(obj)) {
      const items = sliceItems(obj, lower, upper, step);
      return isTuple(obj) ? PyTuple.fromArray(items) : items;
    }
    throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  }

  private call(node: Extract<PyNode, { type: 'Call' }>): unknown {
    // For `obj.method(...)` JS functions run with `this` = obj (context namespaces, records).
    let thisArg: unknown;
    let fn: unknown;
    if (node.func.type === 'Attribute') {
      thisArg = this.eval(node.func.value);
      fn = getAttr(thisArg, node.func.attr);
    } else {
      fn = this.eval(node.func);
    }
    const args: unknown[] = [];
    for (const arg of node.args) {
      if (arg.type === 'Starred') args.push(...iterate(this, this.eval(arg.value)));
      else args.push(this.eval(arg));
    }
    const kwargs: Kwargs = {};
    let hasKwargs = false;
    for (const kw of node.keywords) {
      const value = this.eval(kw.value);
      if (kw.name !== null) {
        dictSet(kwargs, kw.name, value);
      } else {
        if (!isDict(value)) throw typeError(`argument after ** must be a mapping, not ${typeName(value)}`);
        for (const key of Object.keys(value)) {
          if (hasOwn(kwargs, key)) throw typeError(`got multiple values for keyword argument '${key}'`);
          dictSet(kwargs, key, value[key]);
        }
      }
      hasKwargs = true;
    }
    return this.callValue(fn, args, hasKwargs ? kwargs : {}, thisArg);
  }

  /** Call a builtin or a JS function that came from the context; anything else is not callable. */
  callValue(fn: unknown, args: unknown[], kwargs: Kwargs, thisArg?: unknown): unknown {
    if (fn instanceof PyBuiltin) return fn.impl(this, args, kwargs);
    if (typeof fn === 'function') {
      const hasKwargs = Object.keys(kwargs).length > 0;
      return Reflect.apply(fn, thisArg, hasKwargs ? [...args, kwargs] : args);
    }
    throw typeError(`'${typeName(fn)}' object is not callable`);
  }
}

// ── attribute and item access ──

function getAttr(obj: unknown, name: string): unknown {
  if (isForbiddenName(name)) throw forbiddenName(name);
  if (typeof obj === 'string') return boundMethod(STR_METHODS, obj, name, 'str');
  if (Array.isArray(obj)) return boundMethod(SEQUENCE_METHODS, obj, name, isTuple(obj) ? 'tuple' : 'list');
  if (obj !== null && typeof obj === 'object' && DATA_DICTS.has(obj)) {
    return boundMethod(DICT_METHODS, obj as Record<string, unknown>, name, 'dict');
  }
  // ORM records and other context objects decide for themselves (including '_' names).
  const getattr = hook(obj, '__getattr__');
  if (getattr) return getattr(name);
  if (isPlainObject(obj)) {
    if (name.startsWith('_')) throw forbiddenName(name);
    if (hasOwn(obj, name)) return obj[name];
    if (DICT_METHODS.has(name)) return boundMethod(DICT_METHODS, obj, name, 'dict');
  }
  throw new SafeEvalError(`'${typeName(obj)}' object has no attribute '${name}'`, 'AttributeError');
}

type Method<T> = (ev: Evaluator, self: T, args: unknown[], kwargs: Kwargs) => unknown;

function boundMethod<T>(table: Map<string, Method<T>>, self: T, name: string, ownerType: string): PyBuiltin {
  const method = table.get(name); // a Map: names such as 'constructor' are simply absent
  if (!method) throw new SafeEvalError(`'${ownerType}' object has no attribute '${name}'`, 'AttributeError');
  return new PyBuiltin(name, (ev, args, kwargs) => method(ev, self, args, kwargs), undefined, ownerType);
}

function indexOf(index: unknown, length: number, what: string): number {
  if (!isIntLike(index)) throw typeError(`${what} indices must be integers or slices, not ${typeName(index)}`);
  const i = toNum(index);
  const resolved = i < 0 ? i + length : i;
  if (resolved < 0 || resolved >= length) throw new SafeEvalError(`${what} index out of range`, 'IndexError');
  return resolved;
}

function getItem(obj: unknown, key: unknown): unknown {
  if (typeof obj === 'string') {
    const chars = Array.from(obj);
    return chars[indexOf(key, chars.length, 'string')];
  }
  if (Array.isArray(obj)) return obj[indexOf(key, obj.length, isTuple(obj) ? 'tuple' : 'list')];
  if (isDict(obj)) {
    const k = dictKey(key);
    if (hasOwn(obj, k)) return obj[k];
    throw new SafeEvalError(pyRepr(key), 'KeyError');
  }
  if (obj instanceof Map) {
    if (obj.has(key)) return obj.get(key);
    throw new SafeEvalError(pyRepr(key), 'KeyError');
  }
  const getitem = hook(obj, '__getitem__');
  if (getitem) return getitem(key);
  throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

/** Python slice semantics (negative indices, clamping, negative steps). */
function sliceItems<T>(items: T[], lower: number | null, upper: number | null, step: number | null): T[] {
  const len = items.length;
  const st = step ?? 1;
  if (st === 0) throw valueError('slice step cannot be zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + len, st < 0 ? -1 : 0);
    return Math.min(v, st < 0 ? len - 1 : len);
  };
  const start = clamp(lower, st < 0 ? len - 1 : 0);
  const stop = clamp(upper, st < 0 ? -1 : len);
  if (st === 1) return items.slice(start, Math.max(start, stop));
  const out: T[] = [];
  for (let k = start; st > 0 ? k < stop : k > stop; k += st) out.push(items[k]);
  return out;
}

/** The items of an iterable value (str → characters, dict → keys). */
function iterate(ev: Evaluator, value: unknown): unknown[] {
  if (typeof value === 'string') {
    ev.charge(value.length);
    return Array.from(value);
  }
  if (Array.isArray(value)) {
    ev.charge(value.length);
    return value;
  }
  if (value instanceof Set) return collect(ev, value);
  if (value instanceof Map) return collect(ev, value.keys());
  const iter = hook(value, '__iter__');
  if (iter) return collect(ev, iter() as Iterable<unknown>);
  if (isPlainObject(value)) return Object.keys(value);
  if (value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return collect(ev, value as Iterable<unknown>);
  }
  throw typeError(`'${typeName(value)}' object is not iterable`);
}

function collect(ev: Evaluator, iterable: Iterable<unknown>): unknown[] {
  if (Array.isArray(iterable)) {
    ev.charge(iterable.length);
    return iterable;
  }
  const out: unknown[] = [];
  for (const item of iterable) { // one by one: a context iterator could be endless
    out.push(item);
    ev.checkSize(out.length, 'iterable');
    ev.charge(1);
  }
  return out;
}

function pyLen(v: unknown): number {
  if (typeof v === 'string') return Array.from(v).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Set || v instanceof Map) return v.size;
  if (isPlainObject(v)) return Object.keys(v).length;
  const length = objectLength(v);
  if (length !== undefined) return length;
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** Items of a set, without duplicates (Python equality: 1 == 1.0 == True). */
function uniqueItems(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of items) {
    if (Array.isArray(item) && !isTuple(item)) throw typeError("unhashable type: 'list'");
    if (isDict(item)) throw typeError("unhashable type: 'dict'");
    if (isNum(item) || typeof item === 'string' || item === null || item === undefined) {
      const key = isNum(item) ? `n${toNum(item)}` : typeof item === 'string' ? `s${item}` : 'None';
      if (seen.has(key)) continue;
      seen.add(key);
    } else if (out.some((other) => pyEquals(other, item))) {
      continue;
    }
    out.push(item);
  }
  return out;
}

// ── operators ──

function unaryOp(op: '-' | '+' | '~', v: unknown): unknown {
  if (op === '~') {
    if (!isIntLike(v)) throw typeError(`bad operand type for unary ~: '${typeName(v)}'`);
    return -toNum(v) - 1;
  }
  if (!isNum(v)) throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  const n = toNum(v);
  const result = op === '-' ? (n === 0 ? 0 : -n) : n;
  return v instanceof PyFloat ? new PyFloat(result) : result;
}

/** Keep PyFloat-ness: a float operand makes a float result. */
function numResult(a: Numeric, b: Numeric, r: number): number | PyFloat {
  return a instanceof PyFloat || b instanceof PyFloat ? new PyFloat(r) : r;
}

function unsupported(op: string, a: unknown, b: unknown): SafeEvalError {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(ev: Evaluator, seq: string | unknown[], times: number | boolean): unknown {
  const count = Math.max(0, toNum(times));
  ev.allocate(seq.length * count, 'repeated sequence');
  if (typeof seq === 'string') return seq.repeat(count);
  const out: unknown[] = [];
  for (let k = 0; k < count; k++) for (const item of seq) out.push(item);
  return isTuple(seq) ? PyTuple.fromArray(out) : out;
}

function binaryOp(ev: Evaluator, op: BinOperator, a: unknown, b: unknown): unknown {
  // context objects (dates and deltas of data files) implement + and - themselves
  if (op === '+' || op === '-') {
    const own = hook(a, op === '+' ? '__add__' : '__sub__');
    if (own) return own(b);
    const reflected = hook(b, op === '+' ? '__radd__' : '__rsub__');
    if (reflected) return reflected(a);
  }
  const numeric = isNum(a) && isNum(b);
  const x = numeric ? toNum(a as Numeric) : 0;
  const y = numeric ? toNum(b as Numeric) : 0;
  switch (op) {
    case '+':
      if (numeric) return numResult(a as Numeric, b as Numeric, x + y);
      if (typeof a === 'string') {
        if (typeof b !== 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
        ev.allocate(a.length + b.length, 'string');
        return a + b;
      }
      if (Array.isArray(a)) {
        if (!Array.isArray(b) || isTuple(a) !== isTuple(b)) {
          throw typeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
        }
        ev.allocate(a.length + b.length, 'list');
        const joined = [...a, ...b];
        return isTuple(a) ? PyTuple.fromArray(joined) : joined;
      }
      throw unsupported(op, a, b);
    case '-':
      if (numeric) return numResult(a as Numeric, b as Numeric, x - y);
      throw unsupported(op, a, b);
    case '*':
      if (numeric) return numResult(a as Numeric, b as Numeric, x * y);
      if ((typeof a === 'string' || Array.isArray(a)) && isIntLike(b)) return repeat(ev, a, b);
      if ((typeof b === 'string' || Array.isArray(b)) && isIntLike(a)) return repeat(ev, b, a);
      if (typeof a === 'string' || Array.isArray(a) || typeof b === 'string' || Array.isArray(b)) {
        const other = typeof a === 'string' || Array.isArray(a) ? b : a;
        throw typeError(`can't multiply sequence by non-int of type '${typeName(other)}'`);
      }
      throw unsupported(op, a, b);
    case '/':
      if (!numeric) throw unsupported(op, a, b);
      if (y === 0) throw new SafeEvalError('division by zero', 'ZeroDivisionError');
      return numResult(a as Numeric, b as Numeric, x / y);
    case '//':
      if (!numeric) throw unsupported(op, a, b);
      if (y === 0) {
        const msg = isFloat(a) || isFloat(b) ? 'float floor division by zero' : 'integer division or modulo by zero';
        throw new SafeEvalError(msg, 'ZeroDivisionError');
      }
      return numResult(a as Numeric, b as Numeric, Math.floor(x / y));
    case '%': {
      if (typeof a === 'string') return percentFormat(a, b);
      if (!numeric) throw unsupported(op, a, b);
      if (y === 0) throw new SafeEvalError(isFloat(a) || isFloat(b) ? 'float modulo' : 'integer modulo by zero', 'ZeroDivisionError');
      let r = x % y;
      if (r !== 0 && r < 0 !== y < 0) r += y; // Python's result has the sign of the divisor
      return numResult(a as Numeric, b as Numeric, r);
    }
    case '**': {
      if (!numeric) throw unsupported('** or pow()', a, b);
      if (x === 0 && y < 0) throw new SafeEvalError('0.0 cannot be raised to a negative power', 'ZeroDivisionError');
      const r = Math.pow(x, y);
      if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) throw valueError('complex results are not supported');
      return numResult(a as Numeric, b as Numeric, r);
    }
    case '|': case '^': case '&': case '<<': case '>>': {
      if (!isIntLike(a) || !isIntLike(b)) throw unsupported(op, a, b);
      if (typeof a === 'boolean' && typeof b === 'boolean' && op !== '<<' && op !== '>>') {
        return op === '|' ? a || b : op === '&' ? a && b : a !== b;
      }
      // BigInt: Python ints are not limited to JS's 32-bit bitwise operators.
      const bx = BigInt(x);
      const by = BigInt(y);
      if ((op === '<<' || op === '>>') && y < 0) throw valueError('negative shift count');
      if (op === '<<' && y > 1024) throw valueError('shift count too large');
      const r = op === '|' ? bx | by : op === '^' ? bx ^ by : op === '&' ? bx & by : op === '<<' ? bx << by : bx >> by;
      return Number(r);
    }
  }
}

function compareOp(ev: Evaluator, op: CmpOperator, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return pyEquals(a, b);
    case '!=': return !pyEquals(a, b);
    case 'in': return contains(ev, b, a);
    case 'not in': return !contains(ev, b, a);
    case 'is': return isSame(a, b);
    case 'is not': return !isSame(a, b);
    default: return orderCompare(op, a, b);
  }
}

function isSame(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return a === b;
}

function contains(ev: Evaluator, container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container)) return hasOwn(container, dictKey(item));
  if (container instanceof Set) return container.has(item) || [...container].some((x) => pyEquals(x, item));
  if (container instanceof Map) return container.has(item);
  const containsHook = hook(container, '__contains__');
  if (containsHook) return pyTruthy(containsHook(item));
  if (hook(container, '__iter__')) return iterate(ev, container).some((x) => pyEquals(x, item));
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

const COMPARE_HOOKS: Record<string, string> = { '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__' };

function orderCompare(op: CmpOperator, a: unknown, b: unknown, depth = 0): boolean {
  const cmp = (x: number | string, y: number | string): boolean =>
    op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  if (isNum(a) && isNum(b)) return cmp(toNum(a), toNum(b));
  if (typeof a === 'string' && typeof b === 'string') return cmp(a, b);
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime());
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    // Lexicographic: the first differing item decides, else the shorter sequence is smaller.
    if (depth > SAFE_EVAL_LIMITS.maxDepth) throw valueError('maximum recursion depth exceeded in comparison');
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      if (!pyEquals(a[k], b[k])) return orderCompare(op, a[k], b[k], depth + 1);
    }
    return cmp(a.length, b.length);
  }
  const method = hook(a, COMPARE_HOOKS[op]);
  if (method) return pyTruthy(method(b));
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

// ── string formatting ──

/*
 * Float formatting and round() work on the exact decimal value of the double and round ties to
 * even, as CPython does: '%.2f' % 0.125 is '0.12' and round(2.675, 2) is 2.67. JS's toFixed and
 * toExponential round ties away from zero, hence these helpers.
 */

/** The exact decimal expansion of a finite, non-negative double, as 'int' or 'int.frac'. */
function exactDecimal(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  if (biased) mantissa |= 1n << 52n;
  const exp2 = (biased || 1) - 1075; // x == mantissa * 2**exp2
  if (exp2 >= 0) return (mantissa << BigInt(exp2)).toString();
  // mantissa / 2**k == mantissa * 5**k / 10**k
  const digits = (mantissa * 5n ** BigInt(-exp2)).toString().padStart(1 - exp2, '0');
  const point = digits.length + exp2;
  return `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.?0+$/, '');
}

/** Should `kept` (a digit string) be rounded up, given the digits that follow it? Half to even. */
function roundsUp(kept: string, next: string, rest: string): boolean {
  return next > '5' || (next === '5' && (/[1-9]/.test(rest) || Number(kept[kept.length - 1]) % 2 === 1));
}

/** An exact decimal string rounded to `decimals` fraction digits. */
function roundFixed(exact: string, decimals: number): string {
  const [intPart, frac = ''] = exact.split('.');
  const kept = intPart + frac.slice(0, decimals).padEnd(decimals, '0');
  const rounded = roundsUp(kept, frac.charAt(decimals), frac.slice(decimals + 1))
    ? (BigInt(kept) + 1n).toString().padStart(kept.length, '0')
    : kept;
  const intLength = rounded.length - decimals;
  return decimals ? `${rounded.slice(0, intLength)}.${rounded.slice(intLength)}` : rounded;
}

/** An exact decimal string rounded to `count` significant digits: the digits and the exponent of the first. */
function roundSignificant(exact: string, count: number): { digits: string; exponent: number } {
  const [intPart, frac = ''] = exact.split('.');
  const all = intPart + frac;
  const first = all.search(/[1-9]/);
  if (first < 0) return { digits: '0'.repeat(count), exponent: 0 };
  const exponent = intPart.length - 1 - first;
  const kept = all.slice(first, first + count).padEnd(count, '0');
  if (!roundsUp(kept, all.charAt(first + count), all.slice(first + count + 1))) return { digits: kept, exponent };
  const bumped = (BigInt(kept) + 1n).toString();
  return bumped.length > count ? { digits: bumped.slice(0, count), exponent: exponent + 1 } : { digits: bumped, exponent };
}

function exponentForm(digits: string, exponent: number, alternate: boolean): string {
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : alternate ? `${digits}.` : digits;
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** %f %e %g of a non-negative number (the caller adds the sign). */
function formatFloat(n: number, conv: string, precision: number, alternate: boolean): string {
  if (!Number.isFinite(n)) return pyFloatValueRepr(n);
  const exact = exactDecimal(n);
  const lower = conv.toLowerCase();
  if (lower === 'f') return roundFixed(exact, precision) + (alternate && !precision ? '.' : '');
  if (lower === 'e') {
    const { digits, exponent } = roundSignificant(exact, precision + 1);
    return exponentForm(digits, exponent, alternate);
  }
  // 'g': exponent form if the (rounded) exponent is < -4 or >= precision; trailing zeros dropped.
  const p = precision === 0 ? 1 : precision;
  const { digits, exponent } = roundSignificant(exact, p);
  let out = exponent >= -4 && exponent < p ? roundFixed(exact, p - 1 - exponent) : exponentForm(digits, exponent, alternate);
  if (!alternate) out = out.replace(/\.?0+(?=e|$)/, (m) => (m.startsWith('.') || out.includes('.') ? '' : m));
  return out;
}

/** Python's `format % values` (printf-style): %s %r %a %d %i %u %f %F %e %E %g %G %x %X %o %c %%. */
function percentFormat(format: string, values: unknown): string {
  const positional = isTuple(values) ? [...values] : [values];
  const mapping = isDict(values) ? values : null;
  let argIndex = 0;
  const nextArg = (): unknown => {
    if (argIndex >= positional.length) throw typeError('not enough arguments for format string');
    return positional[argIndex++];
  };
  let out = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) { out += format.slice(i); break; }
    out += format.slice(i, pct);
    i = pct + 1;
    let value: unknown;
    let keyed = false;
    if (format[i] === '(') {
      if (!mapping) throw typeError('format requires a mapping');
      let level = 1;
      let k = i + 1;
      while (k < format.length && level > 0) { if (format[k] === '(') level++; else if (format[k] === ')') level--; k++; }
      if (level > 0) throw valueError('incomplete format key');
      const key = format.slice(i + 1, k - 1);
      if (!hasOwn(mapping, key)) throw new SafeEvalError(pyRepr(key), 'KeyError');
      value = mapping[key];
      keyed = true;
      i = k;
    }
    let flags = '';
    while (i < format.length && '-+ #0'.includes(format[i])) flags += format[i++];
    const readNumber = (): number | null => {
      if (format[i] === '*') {
        i++;
        const n = nextArg();
        if (!isIntLike(n)) throw typeError('* wants int');
        return toNum(n);
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return null;
      i += m[0].length;
      return Number(m[0]);
    };
    let width = readNumber() ?? 0;
    let precision: number | null = null;
    if (format[i] === '.') { i++; precision = readNumber() ?? 0; }
    while (i < format.length && 'hlL'.includes(format[i])) i++;
    if (i >= format.length) throw valueError('incomplete format');
    const conv = format[i++];
    if (conv === '%') { out += '%'; continue; }
    if (!keyed) value = nextArg();
    if (width < 0) { flags += '-'; width = -width; }
    out += formatOne(value, conv, flags, width, precision, i - 1);
  }
  if (argIndex < positional.length && !mapping) throw typeError('not all arguments converted during string formatting');
  return out;
}

function formatOne(value: unknown, conv: string, flags: string, width: number, precision: number | null, index: number): string {
  let sign = '';
  let prefix = '';
  let body: string;
  let numeric = true;
  const signOf = (n: number) => (n < 0 || Object.is(n, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');
  switch (conv) {
    case 's': case 'r': case 'a':
      numeric = false;
      body = conv === 's' ? pyStr(value) : pyRepr(value);
      if (precision !== null) body = Array.from(body).slice(0, precision).join('');
      break;
    case 'd': case 'i': case 'u': {
      if (!isNum(value)) throw typeError(`%${conv} format: a real number is required, not ${typeName(value)}`);
      const n = Math.trunc(toNum(value));
      sign = signOf(n);
      body = pyIntRepr(Math.abs(n));
      break;
    }
    case 'x': case 'X': case 'o': {
      if (!isIntLike(value)) throw typeError(`%${conv} format: an integer is required, not ${typeName(value)}`);
      const n = toNum(value);
      sign = signOf(n);
      body = BigInt(Math.abs(n)).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') body = body.toUpperCase();
      if (flags.includes('#')) prefix = conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X';
      break;
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
      if (!isNum(value)) throw typeError(`must be real number, not ${typeName(value)}`);
      const n = toNum(value);
      sign = Number.isNaN(n) ? (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') : signOf(n);
      body = formatFloat(Math.abs(n), conv, precision ?? 6, flags.includes('#'));
      if (conv === 'F' || conv === 'E' || conv === 'G') body = body.toUpperCase();
      break;
    }
    case 'c':
      numeric = false;
      if (isIntLike(value)) body = String.fromCodePoint(toNum(value));
      else if (typeof value === 'string' && Array.from(value).length === 1) body = value;
      else throw typeError('%c requires int or char');
      break;
    default: {
      const cp = conv.codePointAt(0) as number;
      throw valueError(`unsupported format character '${conv}' (0x${cp.toString(16)}) at index ${index}`);
    }
  }
  const text = sign + prefix + body;
  const padding = width - Array.from(text).length;
  if (padding <= 0) return text;
  if (flags.includes('-')) return text + ' '.repeat(padding);
  if (numeric && flags.includes('0')) return sign + prefix + '0'.repeat(padding) + body;
  return ' '.repeat(padding) + text;
}

/** str.format with positional fields only: '{}', '{0}', and '{{' / '}}' escapes. */
function strFormat(format: string, args: unknown[]): string {
  let auto = 0;
  return format.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (field === undefined) throw valueError(match === '{' ? "Single '{' encountered in format string" : "Single '}' encountered in format string");
    let index: number;
    if (field === '') index = auto++;
    else if (/^\d+$/.test(field)) index = Number(field);
    else throw valueError(`str.format(): only positional '{}' and '{N}' fields are supported, not '{${field}}'`);
    if (index >= args.length) throw new SafeEvalError(`Replacement index ${index} out of range for positional args tuple`, 'IndexError');
    return pyStr(args[index]);
  });
}

// ── argument handling for builtins and methods ──

/**
 * Match call arguments to parameter names (Python's rules for builtins, simplified):
 * returns one value per name, `undefined` when not given.
 */
function bindArgs(fname: string, args: unknown[], kwargs: Kwargs, names: string[], required: number, keywordNames: string[] = names): unknown[] {
  if (args.length > names.length) {
    throw typeError(`${fname}() takes at most ${names.length} argument${names.length === 1 ? '' : 's'} (${args.length} given)`);
  }
  const out: unknown[] = names.map((_, k) => args[k]);
  for (const key of Object.keys(kwargs)) {
    const k = names.indexOf(key);
    if (k < 0 || !keywordNames.includes(key)) throw typeError(`${fname}() got an unexpected keyword argument '${key}'`);
    if (k < args.length) throw typeError(`${fname}() got multiple values for argument '${key}'`);
    out[k] = kwargs[key];
  }
  for (let k = 0; k < required; k++) {
    if (out[k] === undefined) throw typeError(`${fname}() missing required argument '${names[k]}' (pos ${k + 1})`);
  }
  return out;
}

function noKwargs(fname: string, kwargs: Kwargs): void {
  const keys = Object.keys(kwargs);
  if (keys.length) throw typeError(`${fname}() takes no keyword arguments`);
}

const PY_WHITESPACE = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function pyStrip(s: string, chars: unknown, left: boolean, right: boolean, fname: string): string {
  if (chars !== undefined && chars !== null && typeof chars !== 'string') {
    throw typeError(`${fname} arg must be None or str`);
  }
  const set = typeof chars === 'string' ? chars : PY_WHITESPACE;
  const items = Array.from(s);
  let start = 0;
  let end = items.length;
  if (left) while (start < end && set.includes(items[start])) start++;
  if (right) while (end > start && set.includes(items[end - 1])) end--;
  return items.slice(start, end).join('');
}

function pySplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = maxsplit === undefined ? -1 : isIntLike(maxsplit) ? toNum(maxsplit) : NaN;
  if (Number.isNaN(limit)) throw typeError(`'${typeName(maxsplit)}' object cannot be interpreted as an integer`);
  if (sep === undefined || sep === null) {
    // Runs of whitespace separate; leading/trailing whitespace yields no empty strings.
    const out: string[] = [];
    let i = 0;
    while (i < s.length) {
      while (i < s.length && PY_WHITESPACE.includes(s[i])) i++;
      if (i >= s.length) break;
      if (limit >= 0 && out.length === limit) { out.push(s.slice(i)); break; }
      let j = i;
      while (j < s.length && !PY_WHITESPACE.includes(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  if (typeof sep !== 'string') throw typeError(`must be str or None, not ${typeName(sep)}`);
  if (sep === '') throw valueError('empty separator');
  const parts = s.split(sep);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
}

function affixMatch(s: string, affix: unknown, start: unknown, end: unknown, fname: string, atStart: boolean): boolean {
  const bound = (v: unknown): number | null => {
    if (v === undefined || v === null) return null;
    if (!isIntLike(v)) throw typeError('slice indices must be integers or None or have an __index__ method');
    return toNum(v);
  };
  const part = sliceItems(Array.from(s), bound(start), bound(end), 1).join('');
  const candidates = isTuple(affix) ? [...affix] : [affix];
  return candidates.some((c) => {
    if (typeof c !== 'string') {
      throw typeError(`${fname} first arg must be str or a tuple of str, not ${typeName(c)}`);
    }
    return atStart ? part.startsWith(c) : part.endsWith(c);
  });
}

function pyReplace(s: string, old: string, replacement: string, count: number): string {
  if (count < 0) count = Infinity;
  if (old === '') {
    // Python inserts the replacement before every character and at the end.
    const chars = Array.from(s);
    let out = '';
    let done = 0;
    for (let k = 0; k <= chars.length; k++) {
      if (done < count) { out += replacement; done++; }
      if (k < chars.length) out += chars[k];
    }
    return out;
  }
  const parts = s.split(old);
  if (parts.length - 1 <= count) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

const STR_METHODS = new Map<string, Method<string>>([
  ['lower', (_ev, s, args, kw) => { bindArgs('lower', args, kw, [], 0); return s.toLowerCase(); }],
  ['upper', (_ev, s, args, kw) => { bindArgs('upper', args, kw, [], 0); return s.toUpperCase(); }],
  ['strip', (_ev, s, args, kw) => pyStrip(s, bindArgs('strip', args, kw, ['chars'], 0, [])[0], true, true, 'strip')],
  ['lstrip', (_ev, s, args, kw) => pyStrip(s, bindArgs('lstrip', args, kw, ['chars'], 0, [])[0], true, false, 'lstrip')],
  ['rstrip', (_ev, s, args, kw) => pyStrip(s, bindArgs('rstrip', args, kw, ['chars'], 0, [])[0], false, true, 'rstrip')],
  ['split', (_ev, s, args, kw) => {
    const [sep, maxsplit] = bindArgs('split', args, kw, ['sep', 'maxsplit'], 0);
    return pySplit(s, sep, maxsplit);
  }],
  ['join', (ev, s, args, kw) => {
    const [iterable] = bindArgs('join', args, kw, ['iterable'], 1, []);
    const items = iterate(ev, iterable);
    items.forEach((item, k) => {
      if (typeof item !== 'string') throw typeError(`sequence item ${k}: expected str instance, ${typeName(item)} found`);
    });
    ev.allocate(items.reduce((n: number, item) => n + (item as string).length, 0), 'string');
    return items.join(s);
  }],
  ['startswith', (_ev, s, args, kw) => {
    const [prefix, start, end] = bindArgs('startswith', args, kw, ['prefix', 'start', 'end'], 1, []);
    return affixMatch(s, prefix, start, end, 'startswith', true);
  }],
  ['endswith', (_ev, s, args, kw) => {
    const [suffix, start, end] = bindArgs('endswith', args, kw, ['suffix', 'start', 'end'], 1, []);
    return affixMatch(s, suffix, start, end, 'endswith', false);
  }],
  ['replace', (ev, s, args, kw) => {
    const [old, replacement, count] = bindArgs('replace', args, kw, ['old', 'new', 'count'], 2, []);
    if (typeof old !== 'string' || typeof replacement !== 'string') {
      throw typeError(`replace() argument must be str, not ${typeName(typeof old !== 'string' ? old : replacement)}`);
    }
    if (count !== undefined && !isIntLike(count)) throw typeError(`'${typeName(count)}' object cannot be interpreted as an integer`);
    const occurrences = old === '' ? s.length + 1 : s.split(old).length - 1;
    ev.allocate(s.length + occurrences * replacement.length, 'string');
    return pyReplace(s, old, replacement, count === undefined ? -1 : toNum(count));
  }],
  ['format', (_ev, s, args, kw) => {
    if (Object.keys(kw).length) throw valueError('str.format(): keyword fields are not supported');
    return strFormat(s, args);
  }],
]);

const SEQUENCE_METHODS = new Map<string, Method<unknown[]>>([
  ['index', (_ev, seq, args, kw) => {
    noKwargs('index', kw);
    const [value, start, end] = bindArgs('index', args, {}, ['value', 'start', 'stop'], 1);
    const bound = (v: unknown, dflt: number) => (v === undefined ? dflt : isIntLike(v) ? toNum(v) : NaN);
    const lo = bound(start, 0);
    const hi = bound(end, seq.length);
    if (Number.isNaN(lo) || Number.isNaN(hi)) throw typeError('slice indices must be integers or have an __index__ method');
    const from = lo < 0 ? Math.max(0, lo + seq.length) : lo;
    const to = hi < 0 ? hi + seq.length : Math.min(hi, seq.length);
    for (let k = from; k < to; k++) if (pyEquals(seq[k], value)) return k;
    throw valueError(isTuple(seq) ? 'tuple.index(x): x not in tuple' : `${pyRepr(value)} is not in list`);
  }],
  ['count', (_ev, seq, args, kw) => {
    noKwargs('count', kw);
    const [value] = bindArgs('count', args, {}, ['value'], 1);
    return seq.filter((item) => pyEquals(item, value)).length;
  }],
]);

const DICT_METHODS = new Map<string, Method<Record<string, unknown>>>([
  ['get', (_ev, d, args, kw) => {
    noKwargs('get', kw);
    const [key, dflt] = bindArgs('get', args, {}, ['key', 'default'], 1);
    const k = dictKey(key);
    return hasOwn(d, k) ? d[k] : dflt ?? null;
  }],
  ['keys', (_ev, d, args, kw) => { bindArgs('keys', args, kw, [], 0); return Object.keys(d); }],
  ['values', (_ev, d, args, kw) => { bindArgs('values', args, kw, [], 0); return Object.keys(d).map((k) => d[k]); }],
  ['items', (_ev, d, args, kw) => {
    bindArgs('items', args, kw, [], 0);
    return Object.keys(d).map((k) => PyTuple.of(k, d[k]));
  }],
]);

// ── builtins ──

function toInt(v: unknown, base: unknown): number {
  if (base !== undefined) {
    if (typeof v !== 'string') throw typeError("int() can't convert non-string with explicit base");
    if (!isIntLike(base) || toNum(base) < 2 || toNum(base) > 36) throw valueError('int() base must be >= 2 and <= 36, or 0');
  }
  if (typeof v === 'string') {
    const radix = base === undefined ? 10 : toNum(base as number);
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
    const text = pyStrip(v, undefined, true, true, 'int');
    const m = /^([+-]?)([0-9a-z]+(?:_[0-9a-z]+)*)$/i.exec(text);
    if (!m || ![...m[2].replace(/_/g, '').toLowerCase()].every((c) => digits.includes(c))) {
      throw valueError(`invalid literal for int() with base ${radix}: ${pyRepr(v)}`);
    }
    const n = parseInt(m[2].replace(/_/g, ''), radix);
    return m[1] === '-' ? -n : n;
  }
  if (isNum(v)) {
    const n = toNum(v);
    if (Number.isNaN(n)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(n)) throw new SafeEvalError('cannot convert float infinity to integer', 'OverflowError');
    return Math.trunc(n) || 0;
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function toFloat(v: unknown): number {
  if (isNum(v)) return toNum(v);
  if (typeof v === 'string') {
    const text = pyStrip(v, undefined, true, true, 'float').toLowerCase();
    const special: Record<string, number> = { inf: Infinity, infinity: Infinity, nan: NaN };
    const m = /^([+-]?)(.*)$/.exec(text) as RegExpExecArray;
    if (hasOwn(special, m[2])) return m[1] === '-' ? -special[m[2]] : special[m[2]];
    if (/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/.test(text)) {
      return Number(text.replace(/_/g, ''));
    }
    throw valueError(`could not convert string to float: ${pyRepr(v)}`);
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

/** Python's round(): ties to even, on the exact decimal value of the float. */
function pyRound(x: number, ndigits: number | null): number {
  if (!Number.isFinite(x)) {
    if (ndigits !== null) return x;
    throw new SafeEvalError(`cannot convert float ${Number.isNaN(x) ? 'NaN' : 'infinity'} to integer`, 'ValueError');
  }
  const nd = ndigits ?? 0;
  let exact = exactDecimal(Math.abs(x));
  let text: string;
  if (nd >= 0) {
    text = roundFixed(exact, nd);
  } else {
    // round(1250, -2): move the point left, round to an integer, move it back.
    const k = -nd;
    const [intPart, frac = ''] = exact.split('.');
    const padded = intPart.padStart(k + 1, '0');
    exact = `${padded.slice(0, padded.length - k)}.${padded.slice(padded.length - k)}${frac}`;
    text = roundFixed(exact, 0) + '0'.repeat(k);
  }
  const r = Number(text);
  return x < 0 && r !== 0 ? -r : r;
}

function minMax(ev: Evaluator, fname: 'min' | 'max', args: unknown[], kwargs: Kwargs): unknown {
  const [key, dflt] = bindArgs(fname, [], kwargs, ['key', 'default'], 0);
  const hasDefault = hasOwn(kwargs, 'default');
  if (args.length === 0) throw typeError(`${fname} expected at least 1 argument, got 0`);
  if (args.length > 1 && hasDefault) throw typeError(`Cannot specify a default for ${fname}() with multiple positional arguments`);
  const items = args.length === 1 ? iterate(ev, args[0]) : args;
  if (items.length === 0) {
    if (hasDefault) return dflt;
    throw valueError(`${fname}() arg is an empty sequence`);
  }
  const keyOf = (v: unknown) => (key === undefined || key === null ? v : ev.callValue(key, [v], {}));
  let best = items[0];
  let bestKey = keyOf(best);
  for (const item of items.slice(1)) {
    const k = keyOf(item);
    if (orderCompare(fname === 'min' ? '<' : '>', k, bestKey)) { best = item; bestKey = k; }
  }
  return best;
}

function toDict(ev: Evaluator, source: unknown, kwargs: Kwargs): Record<string, unknown> {
  const dict = newDict();
  if (source !== undefined) {
    if (isDict(source)) {
      for (const k of Object.keys(source)) dictSet(dict, k, source[k]);
    } else {
      iterate(ev, source).forEach((pair, k) => {
        const items = Array.isArray(pair) || typeof pair === 'string' ? iterate(ev, pair) : null;
        if (!items) throw typeError(`cannot convert dictionary update sequence element #${k} to a sequence`);
        if (items.length !== 2) {
          throw valueError(`dictionary update sequence element #${k} has length ${items.length}; 2 is required`);
        }
        dictSet(dict, dictKey(items[0]), items[1]);
      });
    }
  }
  for (const k of Object.keys(kwargs)) dictSet(dict, k, kwargs[k]);
  return dict;
}

function pyRange(ev: Evaluator, args: unknown[]): number[] {
  if (args.length < 1 || args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
  for (const a of args) {
    if (!isIntLike(a)) throw typeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
  }
  const [start, stop, step] = args.length === 1 ? [0, toNum(args[0] as number), 1] : [toNum(args[0] as number), toNum(args[1] as number), args.length === 3 ? toNum(args[2] as number) : 1];
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  ev.allocate(length, 'range()');
  const out = new Array<number>(length);
  for (let k = 0; k < length; k++) out[k] = start + k * step;
  return out;
}

function sortedItems(ev: Evaluator, args: unknown[], kwargs: Kwargs): unknown[] {
  const [iterable, key, reverse] = bindArgs('sorted', args, kwargs, ['iterable', 'key', 'reverse'], 1, ['key', 'reverse']);
  const items = iterate(ev, iterable);
  ev.charge(items.length);
  const keyed = items.map((item, index) => ({
    item,
    index,
    key: key === undefined || key === null ? item : ev.callValue(key, [item], {}),
  }));
  const descending = pyTruthy(reverse);
  keyed.sort((a, b) => {
    // Stable in both directions, as Python's sort is (reverse=True keeps equal items in order).
    if (orderCompare('<', a.key, b.key)) return descending ? 1 : -1;
    if (orderCompare('<', b.key, a.key)) return descending ? -1 : 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  int: isIntLike,
  float: isFloat,
  str: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  list: (v) => Array.isArray(v) && !isTuple(v),
  tuple: isTuple,
  dict: (v) => isDict(v) || v instanceof Map,
  set: (v) => v instanceof Set,
};

function isInstance(_ev: Evaluator, args: unknown[], kwargs: Kwargs): boolean {
  noKwargs('isinstance', kwargs);
  if (args.length !== 2) throw typeError(`isinstance expected 2 arguments, got ${args.length}`);
  const [obj, types] = args;
  const candidates = isTuple(types) ? [...types] : [types];
  return candidates.some((t) => {
    if (!(t instanceof PyBuiltin) || !t.typeCheck) {
      throw typeError('isinstance() arg 2 must be a builtin type or tuple of builtin types');
    }
    return t.typeCheck(obj);
  });
}

function defineBuiltins(): Map<string, PyBuiltin> {
  const one = (fname: string, args: unknown[], kwargs: Kwargs): unknown => {
    noKwargs(fname, kwargs);
    if (args.length !== 1) throw typeError(`${fname}() takes exactly one argument (${args.length} given)`);
    return args[0];
  };
  const optional = (fname: string, args: unknown[], kwargs: Kwargs): unknown => {
    noKwargs(fname, kwargs);
    if (args.length > 1) throw typeError(`${fname} expected at most 1 argument, got ${args.length}`);
    return args[0];
  };
  const builtins: Array<[string, BuiltinImpl, ((v: unknown) => boolean)?]> = [
    ['len', (_ev, args, kw) => pyLen(one('len', args, kw))],
    ['str', (_ev, args, kw) => (args.length ? pyStr(optional('str', args, kw)) : ''), TYPE_CHECKS.str],
    ['int', (_ev, args, kw) => {
      const [v, base] = bindArgs('int', args, kw, ['x', 'base'], 0, ['base']);
      return v === undefined ? 0 : toInt(v, base);
    }, TYPE_CHECKS.int],
    ['float', (_ev, args, kw) => (args.length ? toFloat(optional('float', args, kw)) : 0), TYPE_CHECKS.float],
    ['bool', (_ev, args, kw) => pyTruthy(optional('bool', args, kw)), TYPE_CHECKS.bool],
    ['list', (ev, args, kw) => (args.length ? [...iterate(ev, optional('list', args, kw))] : []), TYPE_CHECKS.list],
    ['tuple', (ev, args, kw) => PyTuple.fromArray(args.length ? iterate(ev, optional('tuple', args, kw)) : []), TYPE_CHECKS.tuple],
    ['dict', (ev, args, kw) => {
      if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
      return toDict(ev, args[0], kw);
    }, TYPE_CHECKS.dict],
    ['set', (ev, args, kw) => uniqueItems(args.length ? iterate(ev, optional('set', args, kw)) : []), TYPE_CHECKS.set],
    ['min', (ev, args, kw) => minMax(ev, 'min', args, kw)],
    ['max', (ev, args, kw) => minMax(ev, 'max', args, kw)],
    ['sum', (ev, args, kw) => {
      const [iterable, start] = bindArgs('sum', args, kw, ['iterable', 'start'], 1, ['start']);
      if (typeof start === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
      return iterate(ev, iterable).reduce((acc, item) => binaryOp(ev, '+', acc, item), start ?? 0);
    }],
    ['abs', (_ev, args, kw) => {
      const v = one('abs', args, kw);
      if (!isNum(v)) throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
      return v instanceof PyFloat ? new PyFloat(Math.abs(v.value)) : Math.abs(toNum(v));
    }],
    ['round', (_ev, args, kw) => {
      const [v, ndigits] = bindArgs('round', args, kw, ['number', 'ndigits'], 1);
      if (!isNum(v)) throw typeError(`type ${typeName(v)} doesn't define __round__ method`);
      if (ndigits !== undefined && ndigits !== null && !isIntLike(ndigits)) {
        throw typeError(`'${typeName(ndigits)}' object cannot be interpreted as an integer`);
      }
      const nd = ndigits === undefined || ndigits === null ? null : toNum(ndigits);
      const r = pyRound(toNum(v), nd);
      return v instanceof PyFloat && nd !== null ? new PyFloat(r) : r;
    }],
    ['any', (ev, args, kw) => iterate(ev, one('any', args, kw)).some(pyTruthy)],
    ['all', (ev, args, kw) => iterate(ev, one('all', args, kw)).every(pyTruthy)],
    ['sorted', sortedItems],
    ['range', (ev, args, kw) => { noKwargs('range', kw); return pyRange(ev, args); }],
    ['isinstance', isInstance],
  ];
  return new Map(builtins.map(([name, impl, check]) => [name, new PyBuiltin(name, impl, check)]));
}

const BUILTINS = defineBuiltins();

// ─────────────────────────────── public API ───────────────────────────────

/** Evaluate a tree from `parsePyExpr`; names resolve from `context` (own properties) and the builtins. */
export function evalPyNode(node: PyNode, context: Record<string, unknown> = {}): unknown {
  return new Evaluator(context ?? {}).eval(node);
}

/** Parsed trees by source text: record rules and view domains are evaluated again and again. */
const PARSE_CACHE = new Map<string, PyNode>();
const PARSE_CACHE_SIZE = 1000;

/** Parse and evaluate a Python expression, e.g. `safeEval("[('user_id', '=', uid)]", { uid: 2 })`. */
export function safeEval(expr: string, context: Record<string, unknown> = {}): unknown {
  let node = PARSE_CACHE.get(expr);
  if (!node) {
    node = parsePyExpr(expr);
    if (PARSE_CACHE.size >= PARSE_CACHE_SIZE) PARSE_CACHE.delete(PARSE_CACHE.keys().next().value as string);
    PARSE_CACHE.set(expr, node);
  }
  return evalPyNode(node, context);
}

/** The `Command` helper of Odoo data files: `Command.set([ref('base.group_user')])` → `(6, 0, [id])`. */
export function makeCommand() {
  return Object.freeze({
    CREATE: 0, UPDATE: 1, DELETE: 2, UNLINK: 3, LINK: 4, CLEAR: 5, SET: 6,
    create: (values: unknown) => PyTuple.of(0, 0, values),
    update: (id: unknown, values: unknown) => PyTuple.of(1, id, values),
    delete: (id: unknown) => PyTuple.of(2, id, 0),
    unlink: (id: unknown) => PyTuple.of(3, id, 0),
    link: (id: unknown) => PyTuple.of(4, id, 0),
    clear: () => PyTuple.of(5, 0, 0),
    set: (ids: unknown) => PyTuple.of(6, 0, ids),
  });
}
