/**
 * Error messages (orm.md §8.2, conformance orm-errors/*, rpc-errors/*): the exact Python class and
 * text of every ORM error we implement — domains, field names, orders, value conversions,
 * integrity errors turned into ValidationErrors, MissingError on deleted records, recursion,
 * ACL errors — and the guarantee that a failed call or transaction leaves nothing half-written.
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError, MANDATORY_MSG, ORDER_MSG } from './orm_helpers';

let db: Database;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x`;

beforeAll(() => {
  db = demoDb();
});

function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, uid = 2): any {
  return callKw(db, uid, model, method, args, kwargs, { unknownModel: 'user_error' });
}
const Partner = () => db.env(2).model('res.partner');
const VALUE = 'builtins.ValueError';
const VALIDATION = 'odoo.exceptions.ValidationError';
const MISSING = 'odoo.exceptions.MissingError';
const FK_PREFIX = 'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n';

describe('domain errors', () => {
  test('invalid field in a domain, also through a path (names the model of the missing segment)', () => {
    expectOdooError(() => kw('res.partner', 'search', [[['foo', '=', 1]]]), VALUE, "Invalid field res.partner.foo in leaf ('foo', '=', 1)");
    expectOdooError(() => kw('res.partner', 'search', [[['country_id.foo', '=', 1]]]), VALUE, "Invalid field res.country.foo in leaf ('foo', '=', 1)");
    expectOdooError(() => kw('res.partner', 'search_count', [[['name', '=', 'x'], ['bar', 'ilike', 'y']]]), VALUE,
      "Invalid field res.partner.bar in leaf ('bar', 'ilike', 'y')");
    expectOdooError(() => kw('res.partner', 'search_read', [[['foo', '=', 'a']]], { fields: ['name'] }), VALUE,
      "Invalid field res.partner.foo in leaf ('foo', '=', 'a')");
  });

  test('invalid operator -> "Invalid leaf"; upper-case operators are rejected on 17.0', () => {
    expectOdooError(() => kw('res.partner', 'search', [[['name', 'foo', 1]]]), VALUE, "Invalid leaf ('name', 'foo', 1)");
    expectOdooError(() => kw('res.partner', 'search', [[['ref', 'ILIKE', 'x']]]), VALUE, "Invalid leaf ('ref', 'ILIKE', 'x')");
    expectOdooError(() => kw('res.partner', 'search', [[['ref', 'NOT IN', ['x']]]]), VALUE, "Invalid leaf ('ref', 'NOT IN', ['x'])");
  });

  test('malformed domain and scalar "in" -> exact ValueError texts', () => {
    expectOdooError(() => kw('res.partner', 'search', [['|', ['name', '=', 1]]]), VALUE, "Domain ['|', ['name', '=', 1]] is syntactically not correct.");
    expectOdooError(() => kw('res.partner', 'search', [['&', ['name', '=', 'a']]]), VALUE, "Domain ['&', ['name', '=', 'a']] is syntactically not correct.");
    expectOdooError(() => kw('res.partner', 'search', [[['id', 'in', 5]]]), VALUE, "Invalid domain term ('id', 'in', 5)");
    expectOdooError(() => kw('res.partner', 'search', [[['ref', 'not in', 'x']]]), VALUE, "Invalid domain term ('ref', 'not in', 'x')");
    expectOdooError(() => kw('res.partner', 'search', [[['parent_id', 'in', 1]]]), VALUE, "Invalid domain term ('parent_id', 'in', 1)");
  });

  test('an x2many compared with one id is a list of that id (0: none), as expression.py to_ids', () => {
    // as on the reference Odoo 17 (ref_default): one contact has user 2, none has category 0
    expect(kw('res.partner', 'search_count', [[['user_ids', 'in', 2]]])).toEqual(kw('res.partner', 'search_count', [[['user_ids', 'in', [2]]]]));
    expect(kw('res.partner', 'search_count', [[['user_ids', 'in', 2]]])).toBe(1);
    expect(kw('res.partner', 'search_count', [[['category_id', 'in', 0]]])).toBe(0);
    expect(kw('res.partner', 'search_count', [[['category_id', 'not in', 0]]])).toBe(kw('res.partner', 'search_count', [[]]));
    expect(kw('res.partner', 'search_count', [[['child_ids', 'not in', 7]]])).toBe(kw('res.partner', 'search_count', [[['child_ids', 'not in', [7]]]]));
    expect(kw('res.partner', 'search_count', [[['parent_id.category_id', 'in', 1]]])).toBe(0);
  });
});

describe('field name errors', () => {
  test("invalid field in read / write / create / search_read -> \"Invalid field 'xx' on model 'res.partner'\"", () => {
    const pid = kw('res.partner', 'create', [{ name: uniq('inv') }]);
    const msg = "Invalid field 'xx' on model 'res.partner'";
    expectOdooError(() => kw('res.partner', 'read', [[pid], ['name', 'xx']]), VALUE, msg);
    expectOdooError(() => kw('res.partner', 'write', [[pid], { xx: 1 }]), VALUE, msg);
    expectOdooError(() => kw('res.partner', 'create', [{ name: 'a', xx: 1 }]), VALUE, msg);
    expectOdooError(() => kw('res.partner', 'search_read', [[['id', '=', pid]], ['xx']]), VALUE, msg);
    expectOdooError(() => kw('res.partner', 'read_group', [[], ['color'], ['xx']]), VALUE, msg);
  });

  test('bad order: UserError text; unknown order field: ValueError', () => {
    expectOdooError(() => kw('res.partner', 'search', [[]], { order: 'name up' }), 'odoo.exceptions.UserError', ORDER_MSG);
    expectOdooError(() => kw('res.partner', 'search_read', [[]], { order: 'name up', limit: 1 }), 'odoo.exceptions.UserError', ORDER_MSG);
    expectOdooError(() => kw('res.partner', 'search', [[]], { order: 'nofield' }), VALUE, "Invalid field 'nofield' on model 'res.partner'");
    expectOdooError(() => kw('res.partner', 'search', [[]], { order: 'name; DROP TABLE res_partner' }), 'odoo.exceptions.UserError',
      ORDER_MSG.replace('(name up)', '(name; DROP TABLE res_partner)'));
    expect(Partner().search_count([['id', '=', 3]])).toBe(1);
  });
});

describe('value errors', () => {
  test('wrong selection value, wrong integer, wrong float', () => {
    expectOdooError(() => kw('res.partner', 'create', [{ name: uniq('sel'), type: 'foo' }]), VALUE, "Wrong value for res.partner.type: 'foo'");
    const pid = kw('res.partner', 'create', [{ name: uniq('val') }]);
    expectOdooError(() => kw('res.partner', 'write', [[pid], { color: 'abc' }]), VALUE, "invalid literal for int() with base 10: 'abc'");
    expectOdooError(() => kw('res.partner', 'write', [[pid], { partner_latitude: 'abc' }]), VALUE, "could not convert string to float: 'abc'");
    expectOdooError(() => kw('res.partner', 'write', [[pid], { date: '2024-13-01' }]), VALUE, "time data '2024-13-01' does not match format '%Y-%m-%d'");
  });

  test('unknown many2one id -> FK ValidationError naming the constraint; nothing written', () => {
    const pid = kw('res.partner', 'create', [{ name: uniq('fk') }]);
    expectOdooError(() => kw('res.partner', 'write', [[pid], { parent_id: 99999999 }]), VALIDATION,
      `${FK_PREFIX}Model: Contact (res.partner)\nConstraint: res_partner_parent_id_fkey\n`);
    expectOdooError(() => kw('res.partner', 'write', [[pid], { ref: 'half', type: 'foo' }]), VALUE, "Wrong value for res.partner.type: 'foo'");
    expect(kw('res.partner', 'read', [[pid], ['parent_id', 'type', 'ref']])).toEqual([{ id: pid, parent_id: false, type: 'contact', ref: false }]);
  });

  test('create with an unknown many2one id -> the FK ValidationError names the column SQLite refused; nothing created', () => {
    const name = uniq('fkc');
    expectOdooError(() => kw('res.partner', 'create', [{ name, country_id: 99999999 }]), VALIDATION,
      `${FK_PREFIX}Model: Contact (res.partner)\nConstraint: res_partner_country_id_fkey\n`);
    expectOdooError(() => kw('res.partner', 'create', [{ name, title: 1, is_company: true, parent_id: 99999999 }]), VALIDATION,
      `${FK_PREFIX}Model: Contact (res.partner)\nConstraint: res_partner_parent_id_fkey\n`);
    // a person's salesperson is computed from its parent before the INSERT (Odoo 17 precompute)
    expectOdooError(() => kw('res.partner', 'create', [{ name, title: 1, parent_id: 99999999 }]), 'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.\n(Record: res.partner(99999999,), User: 2)');
    expect(kw('res.partner', 'search_count', [[['name', '=', name]]])).toBe(0);
  });

  test('many2many link to an unknown id -> FK ValidationError on the relation table', () => {
    const pid = kw('res.partner', 'create', [{ name: uniq('fkm') }]);
    let msg = '';
    try {
      kw('res.partner', 'write', [[pid], { category_id: [[4, 99999999]] }]);
    } catch (e) {
      msg = (e as Error).message;
      expect((e as { pyName: string }).pyName).toBe(VALIDATION);
    }
    expect(msg.startsWith(FK_PREFIX)).toBe(true);
    expect(msg).toContain('Constraint: res_partner_res_partner_category_rel_category_id_fkey\n');
    expect(kw('res.partner', 'read', [[pid], ['category_id']])).toEqual([{ id: pid, category_id: [] }]);
  });

  test('many2many link to null -> the NOT NULL ValidationError of a table of no model; an integral string links that id (issue 13, read on Odoo 17)', () => {
    const pid = kw('res.partner', 'create', [{ name: uniq('fkn') }]);
    expectOdooError(() => kw('res.partner', 'write', [[pid], { category_id: [[4, null]] }]), VALIDATION,
      'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n'
      + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Unknown (unknown)\nField: Unknown (unknown)\n');
    expect(kw('res.partner', 'read', [[pid], ['category_id']])).toEqual([{ id: pid, category_id: [] }]);
    expect(kw('res.partner', 'write', [[pid], { category_id: [[4, '1']] }])).toBe(true);
    expect(kw('res.partner', 'read', [[pid], ['category_id']])).toEqual([{ id: pid, category_id: [1] }]);
  });

  test('many2many [6, 0, ids] at creation with an unknown id -> the same FK ValidationError, nothing created', () => {
    const name = uniq('fk6');
    let msg = '';
    try {
      kw('res.partner', 'create', [{ name, category_id: [[6, 0, [99999998]]] }]);
    } catch (e) {
      msg = (e as Error).message;
      expect((e as { pyName: string }).pyName).toBe(VALIDATION);
    }
    expect(msg.startsWith(FK_PREFIX)).toBe(true);
    expect(msg).toContain('Constraint: res_partner_res_partner_category_rel_category_id_fkey\n');
    expect(kw('res.partner', 'search', [[['name', '=', name]]])).toEqual([]);
  });

  test('a many2one string: refused by create as PostgreSQL refuses it, stored as NULL by write (as a real Odoo 17 answers)', () => {
    // create hands the value to the INSERT (convert_to_column), write goes through the cache (convert_to_cache)
    expectOdooError(() => kw('res.partner', 'create', [{ name: uniq('m2os'), parent_id: 'abc' }]),
      'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "abc"\n');
    const pid = kw('res.partner', 'create', [{ name: uniq('m2os') }]);
    kw('res.partner', 'write', [[pid], { parent_id: [3, 'x'] }]);
    expect(kw('res.partner', 'read', [[pid], ['parent_id']])).toEqual([{ id: pid, parent_id: false }]);
  });

  test('required field missing on create -> mandatory-field ValidationError (None and False alike)', () => {
    const msg = `${MANDATORY_MSG}Model: Partner Tags (res.partner.category)\nField: Tag Name (name)\n`;
    expectOdooError(() => kw('res.partner.category', 'create', [{ color: 1 }]), VALIDATION, msg);
    expectOdooError(() => kw('res.partner.category', 'create', [{ name: false }]), VALIDATION, msg);
    const tag = kw('res.partner.category', 'create', [{ name: uniq('req') }]);
    expectOdooError(() => kw('res.partner.category', 'write', [[tag], { name: false }]), VALIDATION, msg);
  });

  test('SQL CHECK constraint -> "The operation cannot be completed: <message>"', () => {
    expectOdooError(() => kw('res.partner', 'create', [{ email: 'nameless@example.com' }]), VALIDATION,
      'The operation cannot be completed: Contacts require a name');
    // other address types may have no name
    const co = kw('res.partner', 'create', [{ name: 'CheckCo', is_company: true }]);
    const pid = kw('res.partner', 'create', [{ type: 'invoice', parent_id: co }]);
    expect(kw('res.partner', 'read', [[pid], ['name', 'display_name']])).toEqual([{ id: pid, name: false, display_name: 'CheckCo, Invoice Address' }]);
  });
});

describe('deleted records', () => {
  test('write/unlink on a deleted partner: MissingError (record rules); read drops it; tags fail silently', () => {
    const pid = kw('res.partner', 'create', [{ name: uniq('gone') }]);
    expect(kw('res.partner', 'unlink', [[pid]])).toBe(true);
    const msg = `Record does not exist or has been deleted.\n(Record: res.partner(${pid},), User: 2)`;
    expectOdooError(() => kw('res.partner', 'write', [[pid], { name: 'x' }]), MISSING, msg);
    expectOdooError(() => kw('res.partner', 'unlink', [[pid]]), MISSING, msg);
    expectOdooError(() => kw('res.partner', 'copy', [pid]), MISSING, msg);
    expect(kw('res.partner', 'read', [[pid], ['name']])).toEqual([]);
    expectOdooError(() => kw('res.partner', 'write', [[99999999], { name: 'x' }]), MISSING,
      'Record does not exist or has been deleted.\n(Record: res.partner(99999999,), User: 2)');
    // res.partner.category has no record rule: write/unlink of a deleted id silently succeed
    const tag = kw('res.partner.category', 'create', [{ name: uniq('gonetag') }]);
    expect(kw('res.partner.category', 'unlink', [[tag]])).toBe(true);
    expect(kw('res.partner.category', 'unlink', [[tag]])).toBe(true);
    expect(kw('res.partner.category', 'write', [[tag], { name: 'x' }])).toBe(true);
    expect(kw('res.partner.category', 'exists', [[tag]])).toEqual([]);
    expect(kw('res.partner', 'unlink', [[]])).toBe(true);
  });

  // Odoo 17 recomputes stored fields with apply_except_missing: missing records are skipped
  test('as superuser (no record rules) writing a deleted partner is a silent no-op', () => {
    const pid = Partner().create({ name: uniq('gone2') }).ids[0];
    Partner().browse([pid]).unlink();
    expect(kw('res.partner', 'write', [[pid], { name: 'x' }], {}, 1)).toBe(true);
    expect(kw('res.partner', 'exists', [[pid]], {}, 1)).toEqual([]);
  });

  test('ensure_one: Expected singleton', () => {
    expectOdooError(() => kw('res.partner', 'copy', [[1, 3]]), VALUE, 'Expected singleton: res.partner(1, 3)');
  });
});

describe('constraints', () => {
  test('partner recursion: "You cannot create recursive Partner hierarchies."', () => {
    const a = kw('res.partner', 'create', [{ name: uniq('rec'), is_company: true }]);
    const b = kw('res.partner', 'create', [{ name: uniq('rec'), parent_id: a }]);
    const c = kw('res.partner', 'create', [{ name: uniq('rec'), parent_id: b }]);
    expectOdooError(() => kw('res.partner', 'write', [[a], { parent_id: b }]), VALIDATION, 'You cannot create recursive Partner hierarchies.');
    expectOdooError(() => kw('res.partner', 'write', [[a], { parent_id: c }]), VALIDATION, 'You cannot create recursive Partner hierarchies.');
    expectOdooError(() => kw('res.partner', 'write', [[a], { parent_id: a }]), VALIDATION, 'You cannot create recursive Partner hierarchies.');
    expect(kw('res.partner', 'read', [[a], ['parent_id']])).toEqual([{ id: a, parent_id: false }]);
  });

  test('ACL error text (demo reading ir.config_parameter)', () => {
    const msg = "You are not allowed to access 'System Parameter' (ir.config_parameter) records.\n\n"
      + 'This operation is allowed for the following groups:\n\t- Administration/Settings\n\n'
      + 'Contact your administrator to request access if necessary.';
    expectOdooError(() => kw('ir.config_parameter', 'search', [[]], {}, 6), 'odoo.exceptions.AccessError', msg);
  });
});

describe('atomicity', () => {
  test('a failed write inside db.cr.transaction leaves nothing half-written', () => {
    const rec = Partner().create({ name: uniq('atom'), ref: 'before', color: 1 });
    const id = rec.ids[0];
    expect(() => db.cr.transaction(() => {
      Partner().browse([id]).write({ ref: 'after' });
      Partner().create({ name: uniq('atom-new') });
      Partner().browse([id]).write({ color: 'abc' });
    })).toThrow("invalid literal for int() with base 10: 'abc'");
    expect(Partner().browse([id]).read(['ref', 'color'])).toEqual([{ id, ref: 'before', color: 1 }]);
    expect(Partner().search([['name', '=like', 'atom-new%']]).ids).toEqual([]);
  });

  test('a failed nested savepoint rolls back only its own part', () => {
    const id = Partner().create({ name: uniq('sp'), ref: 'r0' }).ids[0];
    db.cr.transaction(() => {
      Partner().browse([id]).write({ ref: 'outer' });
      expect(() => db.cr.transaction(() => {
        Partner().browse([id]).write({ ref: 'inner' });
        Partner().browse([id]).write({ type: 'bogus' });
      })).toThrow("Wrong value for res.partner.type: 'bogus'");
    });
    expect(Partner().browse([id]).read(['ref'])).toEqual([{ id, ref: 'outer' }]);
  });

  test('a failing execute_kw call rolls back its earlier writes (one transaction per call)', () => {
    const tag = kw('res.partner.category', 'create', [{ name: uniq('tx') }]);
    const pid = kw('res.partner', 'create', [{ name: uniq('tx') }]);
    // the m2m CREATE command runs, then the FK error aborts the call
    expect(() => kw('res.partner', 'write', [[pid], { category_id: [[0, 0, { name: 'txchild' }], [4, tag]], parent_id: 99999999 }])).toThrow();
    expect(kw('res.partner.category', 'search', [[['name', '=', 'txchild']]])).toEqual([]);
    expect(kw('res.partner', 'read', [[pid], ['category_id']])).toEqual([{ id: pid, category_id: [] }]);
  });
});
