/**
 * Python call semantics for RPC-callable model methods: positional and keyword arguments are
 * bound to a declared signature, with CPython's TypeError texts when they do not fit.
 */
import { PyTypeError } from './exceptions';

export type ApiKind = 'model' | 'model_create' | 'multi';

export interface Param {
  name: string;
  /** Absent = required. */
  default?: unknown;
}

export interface MethodSig {
  api: ApiKind;
  /** Parameters after `self`, as in the Python definition. */
  params: Array<string | Param>;
  /** Accepts **kwargs (passed as the last bound value, an object). */
  varkw?: boolean;
  /**
   * Keyword-only parameters (after `*` in Python): bound by name only, into the same trailing
   * object as **kwargs (the implementation reads its keyword arguments from one object).
   */
  kwonly?: string[];
  /**
   * Keyword-only arguments an override in between always passes on (sms's message_post passes
   * body and message_type): Python counts them in "... (and N keyword-only arguments) were given".
   */
  kwonlyAlways?: string[];
  /** Qualified name printed in TypeErrors, e.g. 'BaseModel.search'. */
  qualname?: string;
  /** Implementation method name when it differs from the RPC name. */
  impl?: string;
  /** Result conversion (@api.returns): 'ids' for recordsets, 'id' for copy. */
  returns?: 'ids' | 'id';
}

export function param(name: string, def?: unknown): Param {
  return arguments.length > 1 ? { name, default: def } : { name };
}

const normalized = new WeakMap<MethodSig, Param[]>();

/** The signature's parameters as Param objects, computed once per signature. */
function normalizedParams(sig: MethodSig): Param[] {
  let params = normalized.get(sig);
  if (!params) {
    params = sig.params.map((p) => (typeof p === 'string' ? { name: p } : p));
    normalized.set(sig, params);
  }
  return params;
}

/**
 * Bind `args`/`kwargs` to the signature; returns the values in parameter order (plus the
 * **kwargs object when the signature has one).
 */
export function bindArgs(method: string, sig: MethodSig, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const qual = `${sig.qualname ?? 'BaseModel.' + method}()`;
  const params = normalizedParams(sig);
  const total = params.length;
  if (args.length > total) {
    const required = params.filter((p) => !('default' in p)).length;
    const range = required === total ? `${total + 1}` : `from ${required + 1} to ${total + 1}`;
    const kwonlyGiven = new Set([...(sig.kwonlyAlways ?? []), ...Object.keys(kwargs).filter((k) => sig.kwonly?.includes(k))]).size;
    if (kwonlyGiven) {
      // CPython: "f() takes 1 positional argument but 2 positional arguments (and 2 keyword-only arguments) were given"
      const n = args.length + 1;
      throw new PyTypeError(`${qual} takes ${range} positional argument${total === 0 && required === 0 ? '' : 's'} but ${n} positional argument${n === 1 ? '' : 's'} (and ${kwonlyGiven} keyword-only argument${kwonlyGiven === 1 ? '' : 's'}) were given`);
    }
    const was = args.length + 1 === 1 ? 'was' : 'were';
    throw new PyTypeError(`${qual} takes ${range} positional argument${total === 0 && required === 0 ? '' : 's'} but ${args.length + 1} ${was} given`);
  }
  const values: unknown[] = new Array(total);
  const filled: boolean[] = new Array(total).fill(false);
  args.forEach((a, i) => { values[i] = a; filled[i] = true; });
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const i = params.findIndex((p) => p.name === k);
    if (i < 0) {
      if (sig.varkw || sig.kwonly?.includes(k)) { extra[k] = v; continue; }
      throw new PyTypeError(`${qual} got an unexpected keyword argument '${k}'`);
    }
    if (filled[i]) throw new PyTypeError(`${qual} got multiple values for argument '${k}'`);
    values[i] = v;
    filled[i] = true;
  }
  const missing = params.filter((p, i) => !filled[i] && !('default' in p)).map((p) => `'${p.name}'`);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    throw new PyTypeError(`${qual} missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  params.forEach((p, i) => { if (!filled[i]) values[i] = p.default; });
  if (sig.varkw || sig.kwonly) values.push(extra);
  return values;
}
