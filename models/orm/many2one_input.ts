/**
 * A many2one value given to create() that is not an id. Odoo 17's create hands it to the INSERT
 * unchanged (Many2one.convert_to_column: "value or None"), so PostgreSQL's integer input decides
 * (values checked on a real Odoo 17 on PostgreSQL 15):
 *  - a string of decimal digits, with blanks around and a sign, links that id ('3', ' +3 ');
 *  - a float is rounded half away from zero (3.5 links 4);
 *  - other strings, booleans, lists and out-of-range numbers fail with psycopg2's error (its
 *    first line and hint; the excerpt of Odoo's INSERT statement is not reproduced).
 * Odoo's record cache keeps None for such a value (convert_to_cache accepts ids only), so the new
 * record's computations do not see the link; a write stores NULL (its value goes through the
 * cache). '' and [] are falsy: no link.
 */
import { PsycopgError, PyValueError } from './exceptions';

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
/** PostgreSQL's integer input skips these around the digits (scanint8/pg_strtoint32: isspace). */
const PG_BLANKS = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;
const DIGITS = /^[+-]?\d+$/;

/** The id PostgreSQL stores for `value`, or null when create()'s usual conversion applies (ids, falsy values, records). */
export function many2oneInsertId(column: string, comodel: string, value: unknown, comodelHas: (field: string) => boolean): number | null {
  if (typeof value === 'string') return value === '' ? null : integerInput(value);
  if (typeof value === 'number') {
    // an integer is an id for Odoo too (JSON and XML-RPC cannot tell 3.0 from 3)
    if (isInt4(value)) return null;
    const rounded = Math.sign(value) * Math.round(Math.abs(value));
    if (!Number.isFinite(value) || rounded < INT4_MIN || rounded > INT4_MAX) throw new PsycopgError('psycopg2.errors.NumericValueOutOfRange', 'integer out of range\n');
    return rounded;
  }
  if (value === true) throw mismatch(column, 'boolean');
  if (Array.isArray(value)) {
    if (!value.length) return null;
    throw arrayError(column, value);
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // convert_to_cache makes a new record of the dict (its keys must be fields of the comodel),
    // then psycopg2 cannot send a dict
    const unknown = Object.keys(value).find((k) => !comodelHas(k));
    if (unknown !== undefined) throw new PyValueError(`Invalid field '${unknown}' on model '${comodel}'`);
    throw new PsycopgError('psycopg2.ProgrammingError', "can't adapt type 'dict'");
  }
  return null;
}

/** Whether `value` is an integer PostgreSQL's integer column takes as it is (create's usual path). */
export function isInt4(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT4_MIN && value <= INT4_MAX;
}

function integerInput(text: string): number {
  const trimmed = text.replace(PG_BLANKS, '');
  if (!DIGITS.test(trimmed)) throw new PsycopgError('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type integer: "${text}"\n`);
  const n = Number(trimmed);
  if (n < INT4_MIN || n > INT4_MAX) throw new PsycopgError('psycopg2.errors.NumericValueOutOfRange', `value "${text}" is out of range for type integer\n`);
  return n;
}

function mismatch(column: string, type: string): PsycopgError {
  return new PsycopgError('psycopg2.errors.DatatypeMismatch',
    `column "${column}" is of type integer but expression is of type ${type}\nHINT:  You will need to rewrite or cast the expression.\n`);
}

/** psycopg2 sends a list as ARRAY[...]: PostgreSQL types it from its items, then refuses it for an integer column. */
function arrayError(column: string, items: unknown[]): PsycopgError {
  const numbers = items.filter((x) => typeof x === 'number');
  const texts = items.filter((x): x is string => typeof x === 'string');
  // numbers with strings: the strings are read as numbers first
  if (numbers.length && texts.length) {
    const bad = texts.find((t) => !DIGITS.test(t.replace(PG_BLANKS, '')));
    if (bad !== undefined) return new PsycopgError('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type integer: "${bad}"\n`);
  }
  if (texts.length === items.length) return mismatch(column, 'text[]');
  if (numbers.length === items.length && numbers.every(Number.isInteger)) return mismatch(column, 'integer[]');
  if (numbers.length === items.length) return mismatch(column, 'numeric[]');
  return mismatch(column, 'text[]');
}
