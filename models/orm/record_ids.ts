/**
 * Record ids that are not integers, as RPC clients send them (issue 11; checked on a real
 * Odoo 17). Odoo keeps whatever a client gives in the recordset, and its ORM then treats:
 *  - falsy ids (None, False, 0) as new records: read() answers them with default or empty
 *    values (`[{'id': None, 'name': False, 'active': True, ...}]`), write/unlink ignore them;
 *  - numeric strings ('1') and non-integral floats as ids no row ever matches (the fetch
 *    query finds row 1, but the cache knows it as 1, not '1'): read() and exists() leave them
 *    out, every other method fails with MissingError naming the first of them;
 *  - other strings as a PostgreSQL type error, raised by the first query on them.
 * A string given instead of a list is iterated, as Python's tuple('12') gives ('1', '2').
 */
import type { AnyModel, Vals } from './model';
import { fieldEmpty } from './model';
import { MissingError, OdooError, PyTypeError } from './exceptions';
import { PyFloat } from './values';
import { PyTuple, pyRepr } from '../tools/pyrepr';
import { linkedIds } from './x2many_commands';

/** psycopg2's error for a value PostgreSQL cannot read as an integer. */
export class InvalidTextRepresentation extends OdooError { pyName = 'psycopg2.errors.InvalidTextRepresentation'; }

export interface RecordIds {
  /** The ids as the client gave them, in order (numbers for integral values). */
  raw: unknown[];
  /** Integer ids, for the ORM. */
  ids: number[];
  /** Whether some id is not a plain positive integer. */
  odd: boolean;
}

function integral(x: unknown): number | null {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (x instanceof PyFloat && Number.isInteger(x.value)) return x.value;
  return null;
}

const isNew = (x: unknown) => x === null || x === false || integral(x) === 0;

/** The ids argument of a record method (`args[0]` over RPC). */
export function recordIds(value: unknown): RecordIds {
  let raw: unknown[];
  if (value === null || value === undefined || value === false) raw = [];
  else if (typeof value === 'string') raw = [...value];
  else if (Array.isArray(value)) raw = value.map((x) => integral(x) ?? x);
  else if (integral(value) !== null) raw = [integral(value)];
  else throw new PyTypeError(`'${typeof value === 'object' ? 'dict' : typeof value === 'number' ? 'float' : typeof value}' object is not iterable`);
  for (const x of raw) {
    if (x !== null && typeof x === 'object' && !(x instanceof PyFloat)) {
      throw new PyTypeError(`unhashable type: '${Array.isArray(x) ? 'list' : 'dict'}'`);
    }
  }
  const ids = raw.map(integral).filter((x): x is number => x !== null && x !== 0);
  return { raw, ids, odd: ids.length !== raw.length };
}

/** Ids no row matches: numeric strings, non-integral floats, booleans true. */
function phantoms(raw: unknown[]): unknown[] {
  return raw.filter((x) => integral(x) === null && !isNew(x));
}

function checkQueryable(raw: unknown[]): void {
  const bad = raw.find((x) => typeof x === 'string' && !/^\s*[+-]?\d+\s*$/.test(x));
  if (bad !== undefined) throw new InvalidTextRepresentation(`invalid input syntax for type integer: "${bad as string}"`);
}

/**
 * Call `method` on records whose ids include odd ones (see the file comment); `recs` holds the
 * integer ids only.
 */
export function callWithOddIds(recs: AnyModel, method: string, raw: unknown[], args: unknown[], call: () => unknown): unknown {
  checkQueryable(raw);
  if (method === 'read') {
    const fnames = (recs._readFieldNames(args[0]) as string[]).filter((f) => f !== 'id');
    // a compute that queries the ids themselves sees the strings (mail.thread's has_message)
    recs._readOddIds?.(raw.filter((x) => !isNew(x)), fnames);
    const rows = call() as Vals[];
    return readWithNewRecords(recs, raw, rows, fnames);
  }
  if (method === 'exists') return call();
  if (method === 'name_get') {
    const named = new Map((call() as Array<[number, unknown]>).map((p) => [p[0], p]));
    return raw.flatMap((x) => (isNew(x) ? [[x, '']] : integral(x) !== null && named.has(integral(x)!) ? [named.get(integral(x)!)] : []));
  }
  const missing = phantoms(raw);
  if (missing.length) {
    throw new MissingError(`Record does not exist or has been deleted.\n(Record: ${recs._name}${pyRepr(PyTuple.of(missing[0]))}, User: ${recs.env.uid})`);
  }
  return call();
}

/** read() rows in the order of the ids, new records answered with their default values. */
function readWithNewRecords(recs: AnyModel, raw: unknown[], rows: Vals[], fnames: string[]): Vals[] {
  if (!raw.some(isNew)) return rows;
  const queue = [...rows];
  const out: Vals[] = [];
  for (const x of raw) {
    if (isNew(x)) out.push(newRecordRow(recs, x, fnames));
    else if (integral(x) !== null && queue.length && queue[0].id === integral(x)) out.push(queue.shift()!);
  }
  return out.concat(queue);
}

/** What read() gives for a new record: defaults, else empty values; display_name ''. */
function newRecordRow(recs: AnyModel, id: unknown, fnames: string[]): Vals {
  const defaults = recs._defaultValues(fnames) as Vals;
  const values: Record<string, unknown> = {};
  for (const f of fnames) {
    const field = recs.cls._fields[f];
    values[f] = f === 'display_name' ? '' : f in defaults ? normalizeDefault(field.type, defaults[f]) : fieldEmpty(field);
  }
  const row: Vals = { id };
  for (const [f, format] of recs._readFormatters(fnames, [values], true)) row[f] = format(values[f]);
  return row;
}

function normalizeDefault(type: string, v: unknown): unknown {
  if ((type === 'many2many' || type === 'one2many') && !Array.isArray(v)) return [];
  if ((type === 'many2many' || type === 'one2many') && Array.isArray(v)) {
    // x2many commands from a default: keep the linked ids
    return linkedIds(v);
  }
  return v;
}
