/**
 * How exceptions reach clients: JSON-RPC error envelopes and XML-RPC faults with Odoo 17's codes
 * and strings (rpc.md §3.2, §4). Python tracebacks are synthesized so that clients parsing the
 * last line (or checking the "Traceback" prefix) see what Odoo would send.
 */
import {
  AccessDenied, AccessError, MissingError, NotFound, OdooError, PyKeyError, RedirectWarning, SessionExpiredException,
  UserError, ValidationError, asOdooError,
} from '../models/orm/exceptions';
import { PyTuple, pyRepr } from '../models/tools/pyrepr';

/** A Python-looking traceback ending with "<Class>: <message>". */
export function traceback(err: OdooError): string {
  // a frame in Odoo's shape: clients only look at the prefix and at the last line
  const frames = '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1, in dispatch\n    result = self.dispatch_rpc()';
  // str() of a KeyError is the repr of its key
  const msg = err instanceof RedirectWarning ? messageOf(err) : err instanceof PyKeyError ? pyRepr(err.message) : err.message;
  // Python prints built-in exception classes bare and the others with their module
  // ("psycopg2.errors.SerializationFailure: ..."); format_exc() ends with a newline
  const name = err.pyName.startsWith('builtins.') ? err.pyClass : err.pyName;
  return `Traceback (most recent call last):\n${frames}\n${name}: ${msg}\n`;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data: { name: string; debug: string; message: string; arguments: unknown[]; context: Record<string, unknown> };
}

/** `str(exc)` as Odoo puts it in data.message (RedirectWarning: the args tuple repr). */
function messageOf(err: OdooError): string {
  if (err instanceof RedirectWarning) return pyRepr(PyTuple.of(...err.args));
  return err.message;
}

export function jsonRpcError(e: unknown): JsonRpcErrorObject {
  const err = asOdooError(e);
  let code = 200;
  let message = 'Odoo Server Error';
  if (err instanceof SessionExpiredException) { code = 100; message = 'Odoo Session Expired'; }
  else if (err instanceof NotFound) { code = 404; message = '404: Not Found'; }
  return {
    code,
    message,
    data: { name: err.pyName, debug: traceback(err), message: messageOf(err), arguments: err.args, context: err.context ?? {} },
  };
}

/** /xmlrpc/2: integer fault codes (isinstance order matters). */
export function xmlrpcFaultInt(e: unknown): [number, string] {
  const err = asOdooError(e);
  if (err instanceof RedirectWarning) return [2, messageOf(err)];
  if (err instanceof AccessError) return [4, err.message];
  if (err instanceof AccessDenied) return [3, err.message];
  if (err instanceof UserError) return [2, err.message];
  return [1, traceback(err)];
}

/** Legacy /xmlrpc: string fault codes. */
export function xmlrpcFaultString(e: unknown): [string, string] {
  const err = asOdooError(e);
  if (err instanceof RedirectWarning) return [`warning -- Warning\n\n${messageOf(err)}`, ''];
  if (err instanceof MissingError) return [`warning -- MissingError\n\n${err.message}`, ''];
  if (err instanceof AccessError) return [`warning -- AccessError\n\n${err.message}`, ''];
  if (err instanceof AccessDenied) return ['AccessDenied', err.message];
  if (err instanceof UserError || err instanceof ValidationError) return [`warning -- UserError\n\n${err.message}`, ''];
  return [err.message, traceback(err)];
}
