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
export class PyRecursionError extends OdooError { pyName = 'builtins.RecursionError'; }
/** A PostgreSQL error as psycopg2 reports it through Odoo (its class name given per error). */
export class PsycopgError extends OdooError {
  constructor(readonly className: string, message: string) {
    super(message);
    this.pyName = className;
  }
}
/**
 * PostgreSQL's concurrent-update error, as Odoo answers it once its 5 internal retries
 * (odoo/service/model.py retrying) all failed: psycopg2's class and message, trailing newline included.
 */
export class SerializationFailure extends PsycopgError {
  constructor(message = 'could not serialize access due to concurrent update\n') { super('psycopg2.errors.SerializationFailure', message); }
}
/** werkzeug.exceptions.NotFound raised inside a JSON route: JSON-RPC code 404. */
export class NotFound extends OdooError { pyName = 'werkzeug.exceptions.NotFound'; }

/** What every unexpected (non-Odoo) error reaching a client says: werkzeug's 500 description. */
export const INTERNAL_ERROR_MESSAGE = 'The server encountered an internal error and was unable to complete your request. '
  + 'Either the server is overloaded or there is an error in the application.';

/**
 * Errors that were not Odoo errors (bugs): counted, and handed to `report` (the server logs the
 * stack), never shown to the client, whose answer names no JavaScript or SQLite internals.
 */
export const internalErrors = { count: 0, report: null as ((err: unknown) => void) | null };

/**
 * Wrap any thrown value so the protocol layer always has an OdooError to report. Engine limits
 * become what Odoo (Python, PostgreSQL) raises for the same input: a JavaScript stack overflow
 * on a deeply nested value is Python's RecursionError, an SQL expression nested too deeply is
 * PostgreSQL's "stack depth limit exceeded". Anything else is an internal error.
 */
export function asOdooError(err: unknown): OdooError {
  if (err instanceof OdooError) return err;
  const name = err && typeof (err as { name?: unknown }).name === 'string' ? (err as Error).name : '';
  const m = err && typeof (err as { message?: unknown }).message === 'string' ? (err as Error).message : String(err);
  if (name === 'RangeError' && /call stack/i.test(m)) return new PyRecursionError('maximum recursion depth exceeded');
  // SQLite's nesting limits: a domain whose operators alternate thousands of levels deep, on
  // which Odoo's own recursive domain code stops first
  if (/^(Expression tree is too large|parser stack overflow|Recursion limit)/.test(m)) {
    return new PyRecursionError('maximum recursion depth exceeded in comparison');
  }
  internalErrors.count++;
  try { internalErrors.report?.(err); } catch { /* reporting never fails a request */ }
  return new PyException(INTERNAL_ERROR_MESSAGE);
}
