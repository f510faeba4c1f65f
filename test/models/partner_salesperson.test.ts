/**
 * res.partner.user_id as Odoo 17 computes it (base res_partner.py `_compute_user_id`, a stored,
 * editable, precomputed field depending on parent_id): a person created or moved under a parent
 * without a salesperson of its own gets the parent's; a company, a given value (even False) or a
 * salesperson already set stay. Precomputed before the INSERT, it reads the parent first: a person
 * under a missing parent gets MissingError, a company the foreign-key error. Expected values were
 * recorded from a real Odoo 17 (ref_sale, 2026-12-07).
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError } from './orm_helpers';

let db: Database;
const DEMO = 6;
const ADMIN = 2;
beforeAll(() => {
  db = demoDb();
});

function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return callKw(db, ADMIN, model, method, args, kwargs, { unknownModel: 'user_error' });
}
const create = (vals: Record<string, unknown>): number => kw('res.partner', 'create', [vals]);
const salesperson = (id: number): number | false => {
  const [r] = kw('res.partner', 'read', [[id], ['user_id']]);
  return r.user_id && r.user_id[0];
};

describe('res.partner salesperson from the parent', () => {
  let co: number;
  let co2: number;
  beforeAll(() => {
    co = create({ name: 'Salesperson Co', is_company: true, user_id: DEMO });
    co2 = create({ name: 'Salesperson Co 2', is_company: true, user_id: ADMIN });
  });

  test('create: a person takes the parent company\'s salesperson', () => {
    expect(salesperson(create({ name: 'child a', parent_id: co }))).toBe(DEMO);
  });

  test('create: a given salesperson, False included, wins', () => {
    expect(salesperson(create({ name: 'child b', parent_id: co, user_id: ADMIN }))).toBe(ADMIN);
    expect(salesperson(create({ name: 'child d', parent_id: co, user_id: false }))).toBe(false);
  });

  test('create: a company (is_company or company_type) takes nothing; nor does a parent without one', () => {
    expect(salesperson(create({ name: 'child c', parent_id: co, is_company: true }))).toBe(false);
    expect(salesperson(create({ name: 'child f', parent_id: co, company_type: 'company' }))).toBe(false);
    const bare = create({ name: 'Salesperson Co 3', is_company: true });
    expect(salesperson(create({ name: 'child e', parent_id: bare }))).toBe(false);
  });

  test('write: a new parent gives its salesperson to a person without one, only', () => {
    const g = create({ name: 'free g' });
    kw('res.partner', 'write', [[g], { parent_id: co2 }]);
    expect(salesperson(g)).toBe(ADMIN);
    const h = create({ name: 'free h', user_id: DEMO });
    kw('res.partner', 'write', [[h], { parent_id: co2 }]);
    expect(salesperson(h)).toBe(DEMO);
    const i = create({ name: 'free i' });
    kw('res.partner', 'write', [[i], { parent_id: co2, user_id: false }]);
    expect(salesperson(i)).toBe(false);
    const j = create({ name: 'free j' });
    kw('res.partner', 'write', [[j], { parent_id: co2, is_company: true }]);
    expect(salesperson(j)).toBe(false);
  });

  test('a missing parent: MissingError for a person (read before the INSERT), the foreign-key error for a company', () => {
    expectOdooError(() => create({ name: 'X odd', parent_id: 999999 }), 'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)');
    expectOdooError(() => kw('res.partner', 'create', [[{ name: 'A' }, { name: 'X', parent_id: 999998 }]]), 'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.\n(Record: res.partner(999998,), User: 2)');
    expectOdooError(() => create({ name: 'X odd', is_company: true, parent_id: 999998 }), 'odoo.exceptions.ValidationError',
      'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Contact (res.partner)\nConstraint: res_partner_parent_id_fkey\n');
    // a write reads the parent after the UPDATE: the foreign-key error, as in Odoo
    expectOdooError(() => kw('res.partner', 'write', [[co], { parent_id: 999999 }]), 'odoo.exceptions.ValidationError',
      'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Contact (res.partner)\nConstraint: res_partner_parent_id_fkey\n');
    expect(kw('res.partner', 'search_count', [[['name', '=', 'X odd']]])).toBe(0);
  });
});
