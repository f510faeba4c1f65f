/**
 * Odoo's exception hierarchy, plus the Python built-in errors that leak through Odoo's RPC layer.
 *
 * `pyName` is what clients see in `error.data.name` (JSON-RPC) and in the last line of an
 * XML-RPC traceback; `message` is `str(exc)`. The wire codecs map these classes to fault codes.
 */
export class OdooError extends Error {
  /** e.g. 'odoo.exceptions.UserError' or 'builtins.ValueError' */
  pyName = 'builtins.Exception';
  /** Python `exc.args` as sent in JSON-RPC `data.arguments`. */
  args: unknown[];
  context: Record<string, unknown> = {};
  constructor(message: string, args?: unknown[]) {
    super(message);
    this.args = args ?? [message];
  }
  /** Short class name as printed in tracebacks: 'ValueError', 'UserError'. */
  get pyClass(): string {
    return this.pyName.slice(this.pyName.lastIndexOf('.') + 1);
  }
}

export class UserError extends OdooError { pyName = 'odoo.exceptions.UserError'; }
export class AccessDenied extends UserError {
  pyName = 'odoo.exceptions.AccessDenied';
  constructor(message = 'Access Denied') { super(message); }
}
export class AccessError extends UserError { pyName = 'odoo.exceptions.AccessError'; }
export class MissingError extends UserError { pyName = 'odoo.exceptions.MissingError'; }
export class ValidationError extends UserError { pyName = 'odoo.exceptions.ValidationError'; }
export class RedirectWarning extends OdooError {
  pyName = 'odoo.exceptions.RedirectWarning';
  constructor(message: string, action: unknown, buttonText: string, additionalContext: unknown = null) {
    super(message, [message, action, buttonText, additionalContext]);
  }
}
/** Raised by the web layer when a route needs a logged-in session. */
export class SessionExpiredException extends OdooError {
  pyName = 'odoo.http.SessionExpiredException';
  constructor(message = 'Session expired') { super(message); }
}

// Python built-ins that Odoo lets through to clients.
export class PyException extends OdooError { pyName = 'builtins.Exception'; }
export class PyValueError extends OdooError { pyName = 'builtins.ValueError'; }
export class PyTypeError extends OdooError { pyName = 'builtins.TypeError'; }
export class PyKeyError extends OdooError { pyName = 'builtins.KeyError'; }
export class PyAttributeError extends OdooError { pyName = 'builtins.AttributeError'; }
export class PyNameError extends OdooError { pyName = 'builtins.NameError'; }
export class PyIndexError extends OdooError { pyName = 'builtins.IndexError'; }
export class PyOverflowError extends OdooError { pyName = 'builtins.OverflowError'; }
export class PyAssertionError extends OdooError { pyName = 'builtins.AssertionError'; }
/** werkzeug.exceptions.NotFound raised inside a JSON route: JSON-RPC code 404. */
export class NotFound extends OdooError { pyName = 'werkzeug.exceptions.NotFound'; }

/** Wrap any thrown value so the protocol layer always has an OdooError to report. */
export function asOdooError(err: unknown): OdooError {
  if (err instanceof OdooError) return err;
  const m = err && typeof (err as { message?: unknown }).message === 'string' ? (err as Error).message : String(err);
  const e = new PyException(m);
  const stack = err && (err as Error).stack;
  if (typeof stack === 'string') e.stack = stack;
  return e;
}
