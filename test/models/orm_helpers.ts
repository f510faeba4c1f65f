/**
 * Shared helpers for the ORM unit tests: an in-memory demo database per test file and small
 * utilities to capture Odoo-shaped errors.
 */
import { DatabaseManager, type Database } from '../../models/database';
import { TEMPLATE_DIR } from '../helpers/server';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { OdooError } from '../../models/orm/exceptions';

let counter = 0;

/** A fresh in-memory database with demo data (admin uid 2, demo uid 6, portal uid 7). */
export function demoDb(name = `t${process.pid}_${++counter}`): Database {
  const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
  return dbm.create(name, { demo: true });
}

/** A fresh in-memory database with demo data and the sales, invoicing and demo payment modules. */
export function saleDemoDb(prefix: string): Database {
  return new DatabaseManager(null, { templateDir: TEMPLATE_DIR })
    .create(`${prefix}_${process.pid}_${++counter}`, { demo: true, modules: [...DEFAULT_MODULES, 'sale_management', 'account', 'payment_demo'] });
}

/** Run `fn`, expect it to throw an OdooError, and return it. */
export function catchError(fn: () => unknown): OdooError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error('expected an error, none was thrown');
  if (!(caught instanceof OdooError)) throw new Error(`expected an OdooError, got ${String(caught)}`);
  return caught;
}

/** Expect `fn` to throw an error with exactly this Python class name and message. */
export function expectOdooError(fn: () => unknown, pyName: string, message: string): OdooError {
  const e = catchError(fn);
  expect({ pyName: e.pyName, message: e.message }).toEqual({ pyName, message });
  return e;
}

/** Numeric value of a read float (PyFloat) or int. */
export function num(v: unknown): number {
  return Number(v);
}

export const MANDATORY_MSG = 'The operation cannot be completed:\n'
  + '- Create/update: a mandatory field is not set.\n'
  + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n';

export const ORDER_MSG = 'Invalid "order" specified (name up). A valid "order" specification is a comma-separated list '
  + 'of valid field names (optionally followed by asc/desc for the direction)';

/**
 * SQL statements run by `fn` on `db` (every statement goes through one of these Cursor
 * methods); the spies are removed afterwards.
 */
export function statementsOf(db: Database, fn: () => unknown): string[] {
  const out: string[] = [];
  for (const method of ['all', 'raw', 'get', 'run'] as const) {
    const original = (db.cr[method] as (...a: unknown[]) => unknown).bind(db.cr);
    jest.spyOn(db.cr, method).mockImplementation(((...args: unknown[]) => {
      const q = args[0] as { text?: string } | string;
      out.push(typeof q === 'string' ? q : q.text ?? '');
      return original(...args);
    }) as never);
  }
  fn();
  jest.restoreAllMocks();
  return out;
}
