/**
 * execute_kw semantics (rpc.md §5, orm.md §0): method privacy, model and method lookup,
 * calling conventions (@api.model / create / record methods), context, one transaction per call
 * and Odoo's return conversions. Protocol code calls this; it never touches SQL.
 */
import type { Database } from '../../models/database';
import type { AnyModel, BaseModel } from '../../models/orm/model';
import { bindArgs } from '../../models/orm/signature';
import { AccessError, PsycopgError, PyAttributeError, PyIndexError, PyKeyError, PyTypeError, UserError } from '../../models/orm/exceptions';
import type { Context, RequestHooks } from '../../models/orm/environment';
import { callWithOddIds, recordIds, type RecordIds } from '../../models/orm/record_ids';
import { streamedSearchRead, unboundedLimit } from './streamed';

const PRIVATE = /^(_.*|init)$/;

export function checkMethodName(method: string): void {
  if (PRIVATE.test(method)) throw new AccessError(`Private methods (such as ${method}) cannot be called remotely.`);
}

/** kwargs as real clients send them: {}, null, '', [] all mean "no keyword arguments". */
export function normalizeKwargs(kwargs: unknown): Record<string, unknown> {
  if (kwargs === null || kwargs === undefined || kwargs === '' || kwargs === false) return {};
  if (Array.isArray(kwargs)) {
    if (kwargs.length === 0) return {};
    throw new PyTypeError('odoo.api.call_kw() argument after ** must be a mapping, not list');
  }
  if (typeof kwargs !== 'object') throw new PyTypeError(`odoo.api.call_kw() argument after ** must be a mapping, not ${typeof kwargs === 'string' ? 'str' : typeof kwargs === 'number' ? 'int' : 'bool'}`);
  return { ...(kwargs as Record<string, unknown>) };
}

export interface CallOptions {
  /** Unknown model: execute_kw raises UserError, /web/dataset/call_kw a KeyError. */
  unknownModel: 'user_error' | 'key_error';
  /** Base context (the web session's) that the call's context replaces. */
  baseContext?: Context;
  /** Web session hooks (identity check ...), absent for XML-RPC and /jsonrpc. */
  request?: RequestHooks | null;
  /** The answer may be a StreamedList (a worker of a pool: rpc/service/streamed.ts). */
  stream?: boolean;
}

/** Call `model.method(*args, **kwargs)` as uid, inside one transaction; returns the RPC value. */
export function callKw(db: Database, uid: number, modelName: string, method: string, args: unknown, kwargsIn: unknown, opts: CallOptions): unknown {
  // Odoo matches the method name with a regex first (TypeError for a non-string), then looks the
  // model up in the registry (a dict: lists and dicts are unhashable, other values unknown)
  if (typeof method !== 'string') throw new PyTypeError(`expected string or bytes-like object, got '${pyTypeName(method)}'`);
  checkMethodName(method);
  // abstract models answer too (fields_get of a mixin), as they are in Odoo's registry
  if (typeof modelName !== 'string' || !db.registry.get(modelName)) {
    if (modelName !== null && typeof modelName === 'object') throw new PyTypeError(`unhashable type: '${pyTypeName(modelName)}'`);
    const shown = typeof modelName === 'string' ? modelName : pyStr(modelName);
    if (opts.unknownModel === 'key_error') throw new PyKeyError(shown);
    throw new UserError(`Object ${shown} doesn't exist`);
  }
  const M = db.registry.get(modelName)!;
  // own keys only: names like 'constructor' or 'toString' are not model methods
  const sig = Object.prototype.hasOwnProperty.call(M._rpc, method) ? M._rpc[method] : undefined;
  if (!sig) throw new PyAttributeError(`The method '${method}' does not exist on the model '${modelName}'`);
  const argList = Array.isArray(args) ? [...args] : args === null || args === undefined ? [] : [args];
  const kwargs = normalizeKwargs(kwargsIn);
  let context: Context = { ...(opts.baseContext ?? {}) };
  if ('context' in kwargs) {
    const c = kwargs.context;
    delete kwargs.context;
    const given = c && typeof c === 'object' && !Array.isArray(c) ? (c as Context) : {};
    // the call's context replaces the session's, keeping allowed_company_ids (web client behaviour)
    context = opts.baseContext && 'allowed_company_ids' in opts.baseContext && !('allowed_company_ids' in given)
      ? { ...given, allowed_company_ids: opts.baseContext.allowed_company_ids } : { ...given };
  }
  if (opts.stream && method === 'search_read' && sig.api === 'model') {
    // an unbounded search_read may answer in batches, in a transaction that outlives this call
    const bound = bindArgs(method, sig, argList, kwargs);
    if (unboundedLimit(bound[3])) {
      const impl = sig.impl ?? method;
      return streamedSearchRead(db, () => db.env(uid, context, undefined, opts.request ?? null).model(modelName), bound,
        (recs) => convertResult(method, sig.returns, (recs as unknown as Record<string, (...a: unknown[]) => unknown>)[impl].apply(recs, bound), argList));
    }
  }
  return db.cr.transaction(() => {
    const env = db.env(uid, context, undefined, opts.request ?? null);
    let recs: AnyModel = env.model(modelName);
    if (sig.api === 'multi' && !argList.length) throw new PyIndexError('list index out of range');
    const callArgs = sig.api === 'multi' ? argList.slice(1) : argList;
    // Odoo's TypeErrors name the defining class: BaseModel for the base methods. Arguments are
    // bound first: Odoo's browse() accepts any ids, which fail only when used
    const bound = bindArgs(method, sig, callArgs, kwargs);
    const ids: RecordIds | null = sig.api === 'multi' ? recordIds(argList[0]) : null;
    if (ids) recs = recs.browse(ids.ids);
    const impl = (recs as unknown as Record<string, (...a: unknown[]) => unknown>)[sig.impl ?? method];
    if (typeof impl !== 'function') throw new PyAttributeError(`The method '${method}' does not exist on the model '${modelName}'`);
    const call = () => convertResult(method, sig.returns, impl.apply(recs, bound), argList);
    // ids that are not integers (strings, None...) behave as in Odoo's ORM (record_ids.ts)
    return ids?.odd ? callWithOddIds(recs, method, ids.raw, bound, call) : call();
  });
}

/** Python's type name of a JSON value, for messages. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int' : 'float';
}

/** Python's str() of a JSON scalar. */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

/** @api.returns conversions and create's int-vs-list rule. */
function convertResult(method: string, returns: string | undefined, result: unknown, args: unknown[]): unknown {
  const isRecordset = result !== null && typeof result === 'object' && 'ids' in (result as object) && 'env' in (result as object);
  if (method === 'create' && isRecordset) {
    const ids = (result as BaseModel).ids;
    return Array.isArray(args[0]) ? ids : ids[0];
  }
  if (isRecordset) {
    const rs = result as BaseModel;
    if (returns === 'ids') return rs.ids;
    if (returns === 'id') return rs.ids.length ? rs.ids[0] : false;
    // returned as is, like Odoo: JSON-RPC writes its str() (json_default), XML-RPC cannot marshal it
    return rs;
  }
  return result;
}
