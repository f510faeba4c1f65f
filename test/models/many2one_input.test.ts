/**
 * A many2one value given to create() that is not an id (models/orm/many2one_input.ts). Expected
 * answers recorded from a real Odoo 17 (PostgreSQL 15) with res.partner create over JSON-RPC:
 * the INSERT gets the value as PostgreSQL reads it, the new record's computations do not see the
 * link (its commercial partner is itself), and what PostgreSQL refuses fails with psycopg2's
 * error. A write of such a value stores no link.
 */
import type { Database } from '../../models/database';
import { demoDb, expectOdooError } from './orm_helpers';

let db: Database;
beforeAll(() => {
  db = demoDb();
});

/** Create a company contact with `parent_id` = value; its parent and commercial partner as read in a later call. */
function created(value: unknown): { id: number; parent: unknown; commercial: unknown } {
  const env = db.env(2);
  const id = db.cr.transaction(() => env.model('res.partner').create({ name: 'odd parent', is_company: true, parent_id: value }).ids[0]);
  const [row] = env.model('res.partner').browse(id).read(['parent_id', 'commercial_partner_id']);
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return { id, parent: first(row.parent_id), commercial: first(row.commercial_partner_id) };
}

function refused(value: unknown): () => unknown {
  const env = db.env(2);
  return () => db.cr.transaction(() => env.model('res.partner').create({ name: 'odd parent', is_company: true, parent_id: value }));
}

describe('a many2one given to create as a string or a float', () => {
  test.each([['3'], [' +3 '], ['\t3\n'], [2.5]])('%j links partner 3, unseen by the computations', (value) => {
    const r = created(value);
    expect(r.parent).toBe(3);
    expect(r.commercial).toBe(r.id);
  });

  test('3.5 links partner 4 (rounded half away from zero)', () => {
    expect(created(3.5).parent).toBe(4);
  });

  test("'' and [] link nothing", () => {
    expect(created('').parent).toBe(false);
    expect(created([]).parent).toBe(false);
  });

  test('what PostgreSQL cannot read as an integer is refused with its error', () => {
    expectOdooError(refused('abc'), 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "abc"\n');
    expectOdooError(refused('3.0'), 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "3.0"\n');
    expectOdooError(refused(' '), 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: " "\n');
    expectOdooError(refused('0x3'), 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "0x3"\n');
    expectOdooError(refused('99999999999'), 'psycopg2.errors.NumericValueOutOfRange', 'value "99999999999" is out of range for type integer\n');
    expectOdooError(refused(1e20), 'psycopg2.errors.NumericValueOutOfRange', 'integer out of range\n');
    const hint = 'HINT:  You will need to rewrite or cast the expression.\n';
    expectOdooError(refused(true), 'psycopg2.errors.DatatypeMismatch', `column "parent_id" is of type integer but expression is of type boolean\n${hint}`);
    expectOdooError(refused([3]), 'psycopg2.errors.DatatypeMismatch', `column "parent_id" is of type integer but expression is of type integer[]\n${hint}`);
    expectOdooError(refused(['3']), 'psycopg2.errors.DatatypeMismatch', `column "parent_id" is of type integer but expression is of type text[]\n${hint}`);
    expectOdooError(refused([3.5]), 'psycopg2.errors.DatatypeMismatch', `column "parent_id" is of type integer but expression is of type numeric[]\n${hint}`);
    expectOdooError(refused([3, 'x']), 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "x"\n');
    expectOdooError(refused({ a: 1 }), 'builtins.ValueError', "Invalid field 'a' on model 'res.partner'");
    expectOdooError(refused({ name: 'zz' }), 'psycopg2.ProgrammingError', "can't adapt type 'dict'");
  });

  test('a string naming no record is the foreign-key refusal', () => {
    expectOdooError(refused('-3'), 'odoo.exceptions.ValidationError',
      'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Contact (res.partner)\nConstraint: res_partner_parent_id_fkey\n');
  });

  test('a write of a string stores no link', () => {
    const env = db.env(2);
    const id = db.cr.transaction(() => env.model('res.partner').create({ name: 'odd write' }).ids[0]);
    db.cr.transaction(() => env.model('res.partner').browse(id).write({ parent_id: '3' }));
    expect(env.model('res.partner').browse(id).read(['parent_id'])[0].parent_id).toBe(false);
  });
});
