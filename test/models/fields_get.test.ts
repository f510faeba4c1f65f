/**
 * fields_get and the metadata models (orm.md §4 fields_get, §7, conformance orm-methods/fields_get):
 * exact descriptions of res.partner / res.users fields, attribute and field filtering, fields
 * hidden by `groups`, the password field (security.md §5: listed, always read as ''), and the
 * ir.model / ir.model.fields rows reflecting every registry model and field.
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError } from './orm_helpers';

let db: Database;
beforeAll(() => {
  db = demoDb();
});

function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, uid = 2): any {
  return callKw(db, uid, model, method, args, kwargs, { unknownModel: 'user_error' });
}

describe('fields_get', () => {
  test('res.partner with attributes (conformance expectation)', () => {
    const r = kw('res.partner', 'fields_get', [['name', 'type', 'parent_id', 'child_ids', 'category_id', 'date', 'color', 'active', 'nosuchfield']],
      { attributes: ['type', 'string', 'relation', 'required', 'selection', 'relation_field'] });
    expect(r).toEqual({
      name: { type: 'char', string: 'Name', required: false },
      type: {
        type: 'selection', string: 'Address Type', required: false,
        selection: [['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']],
      },
      parent_id: { type: 'many2one', string: 'Related Company', relation: 'res.partner', required: false },
      child_ids: { type: 'one2many', string: 'Contact', relation: 'res.partner', required: false, relation_field: 'parent_id' },
      category_id: { type: 'many2many', string: 'Tags', relation: 'res.partner.category', required: false },
      date: { type: 'date', string: 'Date', required: false },
      color: { type: 'integer', string: 'Color Index', required: false },
      active: { type: 'boolean', string: 'Active', required: false },
    });
  });

  test('res.users: required login, inherited fields related to partner_id', () => {
    expect(kw('res.users', 'fields_get', [['login', 'name', 'email', 'partner_id']], { attributes: ['type', 'required', 'related', 'store', 'relation'] }))
      .toEqual({
        login: { type: 'char', required: true, store: true },
        name: { type: 'char', required: false, related: 'partner_id.name', store: false },
        email: { type: 'char', required: false, related: 'partner_id.email', store: false },
        partner_id: { type: 'many2one', required: true, store: true, relation: 'res.partner' },
      });
  });

  test('full descriptions carry the standard keys; None-valued attributes are omitted', () => {
    const full = kw('res.partner', 'fields_get', [['name', 'color', 'partner_latitude', 'comment', 'parent_id', 'child_ids', 'display_name', 'create_date']]);
    for (const k of ['type', 'string', 'store', 'readonly', 'required', 'searchable', 'sortable', 'name', 'manual', 'depends', 'company_dependent', 'change_default', 'exportable']) {
      expect(full.name).toHaveProperty(k);
    }
    expect(full.name).toMatchObject({ name: 'name', type: 'char', store: true, searchable: true, sortable: true, manual: false, translate: false, trim: true, depends: [] });
    expect(full.name).not.toHaveProperty('help');
    expect(full.name).not.toHaveProperty('size');
    expect(full.name).not.toHaveProperty('related');
    expect(full.color).toMatchObject({ type: 'integer', group_operator: 'sum' });
    expect(full.partner_latitude).toMatchObject({ type: 'float', digits: [10, 7], group_operator: 'sum' });
    expect(full.comment).toMatchObject({ type: 'html', sanitize: true, translate: false });
    expect(full.parent_id).toMatchObject({ relation: 'res.partner', domain: [], context: {} });
    expect(full.parent_id).not.toHaveProperty('group_operator');
    expect(full.child_ids).toMatchObject({ relation: 'res.partner', relation_field: 'parent_id', store: true });
    expect(full.display_name).toMatchObject({ type: 'char', store: false, searchable: false, sortable: false, readonly: true });
    expect(full.create_date).toMatchObject({ type: 'datetime', string: 'Created on', readonly: true, store: true });
  });

  test('allfields=[] / None means every field; attributes=[] means every attribute', () => {
    const all = kw('res.partner', 'fields_get', []);
    const all2 = kw('res.partner', 'fields_get', [[], []]);
    expect(Object.keys(all).sort()).toEqual(Object.keys(all2).sort());
    for (const f of ['id', 'name', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date', 'parent_id', 'category_id', 'complete_name']) {
      expect(all).toHaveProperty(f);
    }
    expect(all).not.toHaveProperty('__last_update');
    expect(Object.keys(kw('res.partner', 'fields_get', [['name'], ['string']]).name)).toEqual(['string']);
    expect(kw('res.partner', 'fields_get', [['nosuchfield']])).toEqual({});
  });

  test('inherited help and labels derived from field names', () => {
    const r = kw('res.partner', 'fields_get', [['employee', 'street', 'industry_id', 'state_id']], { attributes: ['string', 'help'] });
    expect(r.employee).toEqual({ string: 'Employee', help: 'Check this box if this contact is an Employee.' });
    expect(r.street).toEqual({ string: 'Street' });
    expect(r.industry_id).toEqual({ string: 'Industry' });
  });

  test('fields restricted by groups are omitted for users outside the groups, and reading them is refused', () => {
    const admin = kw('res.partner', 'fields_get', [['signup_token', 'name']], { attributes: ['type'] });
    expect(admin).toEqual({ signup_token: { type: 'char' }, name: { type: 'char' } });
    const demo = kw('res.partner', 'fields_get', [['signup_token', 'name']], { attributes: ['type'] }, 6);
    expect(demo).toEqual({ name: { type: 'char' } });
    expect(Object.keys(kw('res.partner', 'fields_get', [], {}, 6))).not.toContain('signup_token');
    // demo is in Technical Features (implied by Internal User): Odoo 17 gives the detailed text
    expectOdooError(() => kw('res.partner', 'read', [[3], ['name', 'signup_token']], {}, 6), 'odoo.exceptions.AccessError',
      'The requested operation can not be completed due to security restrictions.\n\nDocument type: Contact (res.partner)\n'
      + "Operation: read\nUser: 6\nFields:\n- signup_token (allowed for groups 'Administration / Access Rights')");
    // portal users get the short one
    expectOdooError(() => kw('res.partner', 'read', [[8], ['name', 'signup_token']], {}, 7), 'odoo.exceptions.AccessError',
      'You do not have enough rights to access the fields "signup_token" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)');
    // read() without fields skips them silently
    const [row] = kw('res.partner', 'read', [[3]], {}, 6);
    expect(row).not.toHaveProperty('signup_token');
    expect(row).toHaveProperty('name', 'Mitchell Admin');
  });

  test("res.users password: described as a char, but every read gives '' (never the hash)", () => {
    // Odoo 17: both are non-stored computed Char fields (compute='_compute_password', inverse='_set_password')
    expect(kw('res.users', 'fields_get', [['password', 'new_password']], { attributes: ['type', 'store'] })).toEqual({
      password: { type: 'char', store: false }, new_password: { type: 'char', store: false },
    });
    expect(kw('res.users', 'read', [[2, 6], ['password', 'new_password']])).toEqual([
      { id: 2, password: '', new_password: '' }, { id: 6, password: '', new_password: '' },
    ]);
    for (const u of kw('res.users', 'search_read', [[], []], {})) {
      if ('password' in u) expect(u.password).toBe('');
    }
    // the stored hash exists, but is never what read returns
    const hash = db.cr.get<{ password: string }>('SELECT password FROM res_users WHERE id = 2')!.password;
    expect(hash).toMatch(/^\$/);
  });
});

describe('ir.model / ir.model.fields', () => {
  test('every registry model has an ir.model row', () => {
    const rows = kw('ir.model', 'search_read', [[], ['model', 'name', 'transient']]) as Array<{ model: string; name: string }>;
    const byModel = new Map(rows.map((r) => [r.model, r]));
    for (const M of db.registry.models.values()) {
      expect(byModel.get(M._name)).toMatchObject({ model: M._name, name: M._description });
    }
    expect(kw('ir.model', 'search_read', [[['model', '=', 'res.partner']], ['name', 'order', 'state']]))
      .toEqual([{ id: expect.any(Number), name: 'Contact', order: 'complete_name ASC, id DESC', state: 'base' }]);
  });

  test('every registry field has an ir.model.fields row with its type and relation', () => {
    const rows = kw('ir.model.fields', 'search_read', [[], ['model', 'name', 'ttype', 'relation']], { context: { active_test: false } }) as Array<{ model: string; name: string; ttype: string; relation: string | false }>;
    const byKey = new Map(rows.map((r) => [`${r.model}.${r.name}`, r]));
    let count = 0;
    for (const M of db.registry.models.values()) {
      for (const f of Object.values(M._fields)) {
        const row = byKey.get(`${M._name}.${f.name}`);
        expect(row).toBeDefined();
        expect(row!.ttype).toBe(f.type);
        expect(row!.relation).toBe(f.relational ? f.comodel : false);
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  test('ir.model.fields is searchable by domain and linked to ir.model', () => {
    const m2o = kw('ir.model.fields', 'search_read', [[['model', '=', 'res.partner'], ['ttype', '=', 'many2one']], ['name']]) as Array<{ name: string }>;
    const names = m2o.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['parent_id', 'country_id', 'company_id', 'commercial_partner_id', 'create_uid', 'write_uid']));
    expect(names).not.toContain('name');
    expect(names).toEqual([...names].sort()); // _order 'name, id'
    const [pf] = kw('ir.model.fields', 'search_read', [[['model', '=', 'res.partner'], ['name', '=', 'child_ids']], ['model_id', 'relation', 'relation_field', 'field_description', 'ttype', 'store']]);
    expect(pf).toMatchObject({ relation: 'res.partner', relation_field: 'parent_id', field_description: 'Contact', ttype: 'one2many' });
    expect(pf.model_id[1]).toBe('Contact');
    const partnerModel = kw('ir.model', 'search', [[['model', '=', 'res.partner']]]);
    expect(pf.model_id[0]).toBe(partnerModel[0]);
    // dotted path through the many2one
    expect(kw('ir.model.fields', 'search_count', [[['model_id.model', '=', 'res.users'], ['name', '=', 'login']]])).toBe(1);
    // selection fields carry their options
    const [sel] = kw('ir.model.fields', 'search_read', [[['model', '=', 'res.partner'], ['name', '=', 'type']], ['selection', 'ttype']]);
    expect(sel.ttype).toBe('selection');
  });

  test('ir.model.data holds the model xml ids (model_<name>)', () => {
    expect(kw('ir.model.data', 'check_object_reference', ['base', 'model_res_partner'])).toEqual(['ir.model', kw('ir.model', 'search', [[['model', '=', 'res.partner']]])[0]]);
    expectOdooError(() => kw('ir.model.data', 'check_object_reference', ['base', 'no_such_xmlid']), 'builtins.ValueError',
      'External ID not found in the system: base.no_such_xmlid');
  });
});
