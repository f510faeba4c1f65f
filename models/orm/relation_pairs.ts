/**
 * The target ids of many2many link commands ((4, id), (6, 0, ids)) as PostgreSQL reads them.
 *
 * Odoo 17 does not check these ids (fields.py Many2many.write_real): it adds them to the
 * record's set of ids and inserts the new pairs in one statement,
 *   INSERT INTO "rel" ("col1", "col2") VALUES (x, y), ... ON CONFLICT DO NOTHING
 * so a client's odd id fails the way PostgreSQL refuses it (checked on a real Odoo 17, issue 13):
 *  - False: psycopg2.errors.DatatypeMismatch, the statement quoted around the value;
 *  - a string that is not an integer: psycopg2.errors.InvalidTextRepresentation, likewise;
 *  - None: the NOT NULL violation, which Odoo turns into its ValidationError, with an unknown
 *    model and field since the relation table belongs to no model;
 *  - an integral string ('2'): read as that id by PostgreSQL, linked.
 * Removals ((3, id)) only discard the id from that set: any value is accepted, unknown ones
 * change nothing.
 */
import { PsycopgError, ValidationError } from './exceptions';

/** The mandatory-field error of a NOT NULL violation in a table of no model (odoo/service/model.py). */
const NOT_NULL_UNKNOWN = 'The operation cannot be completed:\n'
  + '- Create/update: a mandatory field is not set.\n'
  + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n'
  + 'Model: Unknown (unknown)\nField: Unknown (unknown)\n';

/** A link target as PostgreSQL reads it: an id, or why the statement fails. */
type Target = { id: number } | { bad: 'boolean' | 'text' | 'null' } | { other: unknown };

function readTarget(v: unknown): Target {
  if (typeof v === 'number') return Number.isInteger(v) ? { id: v } : { other: v };
  if (typeof v === 'boolean') return { bad: 'boolean' };
  if (v === null || v === undefined) return { bad: 'null' };
  // int4in accepts surrounding blanks and a sign
  if (typeof v === 'string') return /^\s*[+-]?\d+\s*$/.test(v) ? { id: Number(v) } : { bad: 'text' };
  return { other: v };
}

/** A value as psycopg2 writes it into the statement. */
function sqlLiteral(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return String(v);
}

/**
 * libpq's excerpt of the statement around an error position (fe-protocol3.c
 * reportErrorPosition: lines longer than 60 columns are cut, keeping 10 columns right of the
 * position, and marked with '...'), the caret line under it.
 */
export function errorPositionExcerpt(query: string, loc: number): string {
  const DISPLAY_SIZE = 60;
  const MIN_RIGHT_CUT = 10;
  let begin = 0;
  let end = query.length;
  let cutLeft = false;
  let cutRight = false;
  if (end - begin > DISPLAY_SIZE) {
    if (begin + DISPLAY_SIZE >= loc + MIN_RIGHT_CUT) {
      end = begin + DISPLAY_SIZE;
      cutRight = true;
    } else {
      if (loc + MIN_RIGHT_CUT < end) { end = loc + MIN_RIGHT_CUT; cutRight = true; }
      if (end - begin > DISPLAY_SIZE) { begin = end - DISPLAY_SIZE; cutLeft = true; }
    }
  }
  const prefix = `LINE 1: ${cutLeft ? '...' : ''}`;
  return `${prefix}${query.slice(begin, end)}${cutRight ? '...' : ''}\n${' '.repeat(prefix.length + loc - begin)}^\n`;
}

/** A link target as the id PostgreSQL reads from it (an integral string is that id), else as given. */
export function targetValue(v: unknown): unknown {
  const t = readTarget(v);
  return 'id' in t ? t.id : v;
}

/** PostgreSQL's error for the statement Odoo would send to insert these pairs, if it fails. */
export function checkRelationPairs(relation: string, column1: string, column2: string, pairs: Array<[number, unknown]>): void {
  const targets = pairs.map(([, y]) => readTarget(y));
  const badAt = targets.findIndex((t) => 'bad' in t && t.bad !== 'null');
  if (badAt >= 0) {
    // the parser stops at the first value it cannot read as an integer
    let sql = `INSERT INTO "${relation}" ("${column1}", "${column2}") VALUES `;
    let loc = 0;
    pairs.forEach(([x, y], i) => {
      sql += `${i ? ', ' : ''}(${x}, `;
      if (i === badAt) loc = sql.length;
      sql += `${sqlLiteral(y)})`;
    });
    sql += ' ON CONFLICT DO NOTHING';
    const value = pairs[badAt][1];
    const excerpt = errorPositionExcerpt(sql, loc);
    if (typeof value === 'boolean') {
      throw new PsycopgError('psycopg2.errors.DatatypeMismatch',
        `column "${column2}" is of type integer but expression is of type boolean\n${excerpt}HINT:  You will need to rewrite or cast the expression.\n`);
    }
    throw new PsycopgError('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type integer: "${String(value)}"\n${excerpt}`);
  }
  if (targets.some((t) => 'bad' in t)) throw new ValidationError(NOT_NULL_UNKNOWN);
}

/** The id a removal command names, when it can name a linked record (an integer). */
export function removedId(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
