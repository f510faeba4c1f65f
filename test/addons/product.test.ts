/**
 * uom, product and sales_team (sale.md §1.3, §1.4, §1.6): units and their conversions with
 * Odoo's rounding, Odoo 17's demo products at the same ids, variants created from attribute
 * lines as Odoo creates them, pricelist rules, sales teams. Expected values were read on a real
 * Odoo 17 (sale_management + account + payment_demo) or computed by hand from Odoo's rules.
 */
import { DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { TEMPLATE_DIR } from '../helpers/server';
import { catchError, expectOdooError, num } from '../models/orm_helpers';
import type { AnyModel } from '../../models/orm/model';

let db: Database;
const env = () => db.env(1);
const ref = (x: string) => env().refId(x);

beforeAll(() => {
  const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
  db = dbm.create(`product_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'product', 'sales_team'] });
});

/** Run `fn` in a transaction that is rolled back, so tests do not see each other's records. */
function inRollback<T>(fn: () => T): T {
  let out: T;
  try {
    db.cr.transaction(() => {
      out = fn();
      throw new Error('rollback');
    });
  } catch (e) {
    if ((e as Error).message !== 'rollback') throw e;
  }
  return out!;
}

describe('units of measure', () => {
  test('Odoo 17 units and categories at their ids', () => {
    const uoms = env().model('uom.uom').withContext({ active_test: false }).search_read([], ['name', 'category_id', 'uom_type'], 0, null, 'id');
    expect(uoms).toHaveLength(26);
    expect(uoms.slice(0, 4).map((u: { id: number; name: string }) => [u.id, u.name])).toEqual([[1, 'Units'], [2, 'Dozens'], [3, 'Days'], [4, 'Hours']]);
    expect(ref('uom.product_uom_kgm')).toBe(12);
    expect(ref('uom.product_uom_cubic_foot')).toBe(26);
    const dozen = env().model('uom.uom').browse([2]).read(['factor', 'factor_inv', 'ratio', 'rounding'])[0];
    expect([num(dozen.factor), num(dozen.factor_inv), num(dozen.ratio), num(dozen.rounding)]).toEqual([1 / 12, 12, 12, 0.01]);
    const cats = env().model('uom.category').search_read([], ['name'], 0, null, 'id').map((c: { name: string }) => c.name);
    expect(cats).toEqual(['Unit', 'Weight', 'Working Time', 'Length / Distance', 'Surface', 'Volume']);
  });

  test('quantities convert through the reference unit, rounded up to the target rounding', () => {
    const U = env().model('uom.uom');
    const unit = U.browse([1]);
    const dozen = U.browse([2]);
    const day = U.browse([3]);
    const hour = U.browse([4]);
    expect(dozen._compute_quantity(1, unit)).toBe(12);
    // 10 / 1 × (1/12) = 0.8333… → 0.84 (rounded UP at 0.01)
    expect(unit._compute_quantity(10, dozen)).toBe(0.84);
    // HALF-UP gives 83 × 0.01, the same binary value as Python's float_round
    expect(unit._compute_quantity(10, dozen, true, 'HALF-UP')).toBe(83 * 0.01);
    // 3 h = 3 / 8 day = 0.375 → 0.38
    expect(hour._compute_quantity(3, day)).toBe(0.38);
    expect(unit._compute_quantity(0, dozen)).toBe(0);
    // a price per unit becomes a price per dozen: 70 × 1 / (1/12)
    expect(unit._compute_price(70, dozen)).toBeCloseTo(840, 9);
    expect(unit._compute_price(70, U.browse([12]))).toBe(70);
  });

  test('units of different categories do not convert (Odoo\'s order line message)', () => {
    expectOdooError(() => env().model('uom.uom').browse([1])._compute_quantity(2, env().model('uom.uom').browse([12])), 'odoo.exceptions.UserError',
      "The unit of measure Units defined on the order line doesn't belong to the same category as the unit of measure kg defined on the product. Please correct the unit of measure defined on the order line or on the product, they should belong to the same category.");
    expect(env().model('uom.uom').browse([1])._compute_quantity(2, env().model('uom.uom').browse([12]), true, 'UP', false)).toBe(2);
  });

  test('system units cannot be deleted, and a category keeps one reference unit', () => {
    expectOdooError(() => env().model('uom.uom').browse([1]).unlink(), 'odoo.exceptions.UserError',
      'The following units of measure are used by the system and cannot be deleted: Units\nYou can archive them instead.');
    inRollback(() => {
      expectOdooError(() => env().model('uom.uom').create({ name: 'Pair', category_id: 1, uom_type: 'reference', factor: 1 }), 'odoo.exceptions.ValidationError',
        'UoM category Unit should only have one reference unit of measure.');
    });
    inRollback(() => {
      const pack = env().model('uom.uom').create({ name: 'Pack of 6', category_id: 1, uom_type: 'bigger', factor_inv: 6 });
      expect(num(pack.read(['factor'])[0].factor)).toBeCloseTo(1 / 6, 12);
      expect(env().model('uom.uom').browse([1])._compute_quantity(13, pack)).toBe(2.17);
    });
  });
});

describe('demo products', () => {
  test('variants and templates have the ids and names of a real Odoo 17 demo database', () => {
    const P = env().model('product.product').withContext({ active_test: false });
    const rows = P.search_read([], ['display_name', 'product_tmpl_id', 'product_template_attribute_value_ids', 'lst_price'], 0, null, 'id');
    expect(rows.map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    const byId = new Map(rows.map((r: { id: number }) => [r.id, r]));
    expect(byId.get(12)).toMatchObject({ display_name: '[FURN_0096] Customizable Desk (Steel, White)', product_tmpl_id: [9, 'Customizable Desk'], product_template_attribute_value_ids: [1, 3] });
    expect(byId.get(14)).toMatchObject({ display_name: '[FURN_0098] Customizable Desk (Aluminium, White)', product_template_attribute_value_ids: [2, 3] });
    expect(num((byId.get(14) as { lst_price: unknown }).lst_price)).toBe(800.4);
    expect(byId.get(24)).toMatchObject({ display_name: '[E-COM13] Conference Chair (Aluminium)' });
    expect(num((byId.get(24) as { lst_price: unknown }).lst_price)).toBe(39.4);
    expect(byId.get(31)).toMatchObject({ display_name: '[FURN_6666] Acoustic Bloc Screens', product_tmpl_id: [23, '[FURN_6666] Acoustic Bloc Screens'] });
    expect(ref('product.product_product_4c')).toBe(14);
    expect(ref('product.product_product_11b')).toBe(24);
    expect(ref('product.consu_delivery_02_product_template')).toBe(26);
    expect(ref('product.product_4_attribute_1_value_2')).toBe(2);
  });

  test('categories with complete names and parent paths', () => {
    const cats = env().model('product.category').search_read([], ['complete_name', 'parent_path'], 0, null, 'id');
    expect(cats.map((c: { id: number; complete_name: string; parent_path: string }) => [c.id, c.complete_name, c.parent_path])).toEqual([
      [1, 'All', '1/'], [2, 'All / Saleable', '1/2/'], [3, 'All / Expenses', '1/3/'], [4, 'All / Internal', '1/4/'],
      [5, 'All / Saleable / Services', '1/2/5/'], [6, 'All / Saleable / Services / Saleable', '1/2/5/6/'],
      [7, 'All / Saleable / Software', '1/2/7/'], [8, 'All / Saleable / Office Furniture', '1/2/8/'], [9, 'All / Consumable', '1/9/'],
    ]);
    expectOdooError(() => env().model('product.category').browse([1]).unlink(), 'odoo.exceptions.UserError', 'You cannot delete this product category, it is the default generic category.');
    expectOdooError(() => env().model('product.category').browse([1]).write({ parent_id: 2 }), 'odoo.exceptions.UserError', 'Recursion Detected.');
  });
});

describe('variants', () => {
  test('attribute lines create one variant per combination, in the order of the values given', () => {
    inRollback(() => {
      // Odoo 17: values [Aluminium, Steel] × [Black, White] → (Alu, Black), (Alu, White), (Steel, Black), (Steel, White)
      const T = env().model('product.template');
      const tmpl = T.create({
        name: 'ZZ Test Desk', list_price: 100,
        attribute_line_ids: [[0, 0, { attribute_id: 1, value_ids: [[6, 0, [2, 1]]] }], [0, 0, { attribute_id: 2, value_ids: [[6, 0, [4, 3]]] }]],
      });
      const variants = env().model('product.product').search_read([['product_tmpl_id', '=', tmpl.ids[0]]], ['display_name', 'lst_price'], 0, null, 'id');
      expect(variants.map((v: { display_name: string }) => v.display_name)).toEqual([
        'ZZ Test Desk (Aluminium, Black)', 'ZZ Test Desk (Aluminium, White)', 'ZZ Test Desk (Steel, Black)', 'ZZ Test Desk (Steel, White)',
      ]);
      const t = tmpl.read(['display_name', 'product_variant_count', 'has_configurable_attributes'])[0];
      expect(t).toMatchObject({ display_name: 'ZZ Test Desk', product_variant_count: 4, has_configurable_attributes: true });
      // an extra price on "Steel" reaches the two Steel variants
      const steel = env().model('product.template.attribute.value').search([['product_tmpl_id', '=', tmpl.ids[0]], ['name', '=', 'Steel']]);
      expect(steel.read(['display_name'])[0].display_name).toBe('Legs: Steel');
      steel.write({ price_extra: 12.5 });
      const prices = env().model('product.product').search_read([['product_tmpl_id', '=', tmpl.ids[0]]], ['lst_price'], 0, null, 'id').map((v: { lst_price: unknown }) => num(v.lst_price));
      expect(prices).toEqual([100, 100, 112.5, 112.5]);
      // a line with a single value is added to the existing variants, none is created
      const before = variants.map((v: { id: number }) => v.id);
      tmpl.write({ attribute_line_ids: [[0, 0, { attribute_id: 3, value_ids: [[6, 0, [5]]] }]] });
      const after = env().model('product.product').search_read([['product_tmpl_id', '=', tmpl.ids[0]]], ['display_name', 'product_template_attribute_value_ids'], 0, null, 'id');
      expect(after.map((v: { id: number }) => v.id)).toEqual(before);
      expect(after[0].display_name).toBe('ZZ Test Desk (Aluminium, Black)');
      expect((after[0].product_template_attribute_value_ids as number[]).length).toBe(3);
    });
  });

  test('an exclusion removes the excluded combination', () => {
    inRollback(() => {
      const tmpl = env().model('product.template').create({
        name: 'ZZ Excl', attribute_line_ids: [[0, 0, { attribute_id: 1, value_ids: [[6, 0, [1, 2]]] }], [0, 0, { attribute_id: 2, value_ids: [[6, 0, [3, 4]]] }]],
      });
      const PTAV = env().model('product.template.attribute.value');
      const alu = PTAV.search([['product_tmpl_id', '=', tmpl.ids[0]], ['name', '=', 'Aluminium']]);
      const black = PTAV.search([['product_tmpl_id', '=', tmpl.ids[0]], ['name', '=', 'Black']]);
      alu.write({ exclude_for: [[0, 0, { product_tmpl_id: tmpl.ids[0], value_ids: [[6, 0, black.ids]] }]] });
      const names = env().model('product.product').search_read([['product_tmpl_id', '=', tmpl.ids[0]]], ['display_name'], 0, null, 'id').map((v: { display_name: string }) => v.display_name);
      expect(names).toEqual(['ZZ Excl (Steel, White)', 'ZZ Excl (Steel, Black)', 'ZZ Excl (Aluminium, White)']);
    });
  });

  test('a product without attributes: its template and its variant share the code', () => {
    inRollback(() => {
      const p = env().model('product.product').create({ name: 'ZZ Simple', default_code: 'ZZ1', list_price: 10 });
      const row = p.read(['display_name', 'product_tmpl_id', 'uom_id', 'uom_po_id', 'categ_id', 'detailed_type', 'type', 'sale_ok', 'purchase_ok'])[0];
      expect(row).toMatchObject({
        display_name: '[ZZ1] ZZ Simple', uom_id: [1, 'Units'], uom_po_id: [1, 'Units'], categ_id: [1, 'All'], detailed_type: 'consu', type: 'consu', sale_ok: true, purchase_ok: true,
      });
      const tmpl = env().model('product.template').browse([(row.product_tmpl_id as [number])[0]]);
      expect(tmpl.read(['display_name', 'default_code', 'product_variant_ids'])[0]).toMatchObject({ display_name: '[ZZ1] ZZ Simple', default_code: 'ZZ1', product_variant_ids: p.ids });
      tmpl.write({ default_code: 'ZZ2' });
      expect(env().model('product.product').browse(p.ids).read(['default_code'])[0].default_code).toBe('ZZ2');
      expect(env().model('product.product').name_search('ZZ2')).toEqual([[p.ids[0], '[ZZ2] ZZ Simple']]);
      expect(env().model('product.product').name_search('[ZZ2] Anything')).toEqual([[p.ids[0], '[ZZ2] ZZ Simple']]);
      expect(env().model('product.template').name_search('ZZ2')).toEqual([[tmpl.ids[0], '[ZZ2] ZZ Simple']]);
      expectOdooError(() => env().model('product.template').create({ name: 'bad uom', uom_id: 1, uom_po_id: 12 }), 'odoo.exceptions.ValidationError',
        'The default Unit of Measure and the purchase Unit of Measure must be in the same category.');
    });
  });
});

describe('pricelists', () => {
  /** price of a product for a quantity in a pricelist (or without one) */
  const price = (pricelist: AnyModel, productId: number, qty: number, uom?: number) =>
    pricelist._get_product_price(env().model('product.product').browse([productId]), qty, { uom: uom ? env().model('uom.uom').browse([uom]) : null });

  test('without a rule: the sales price with attribute extras, in the requested unit', () => {
    const none = env().model('product.pricelist');
    expect(price(none, 31, 1)).toBe(295);
    expect(price(none, 14, 1)).toBeCloseTo(800.4, 9);
    // 70 a unit is 840 a dozen
    expect(price(none, 5, 1, 2)).toBeCloseTo(840, 9);
  });

  test('fixed and percentage rules, by product, category and minimum quantity (first applicable rule wins)', () => {
    inRollback(() => {
      const pl = env().model('product.pricelist').create({
        name: 'ZZ Rules',
        item_ids: [
          [0, 0, { applied_on: '1_product', product_tmpl_id: 23, compute_price: 'fixed', fixed_price: 250, min_quantity: 5 }],
          [0, 0, { applied_on: '2_product_category', categ_id: 8, compute_price: 'percentage', percent_price: 10 }],
          [0, 0, { applied_on: '3_global', compute_price: 'formula', price_discount: 20, price_surcharge: 1.5, price_round: 1 }],
        ],
      });
      expect(pl.read(['display_name'])[0].display_name).toBe('ZZ Rules (USD)');
      // Acoustic Bloc Screens (295, Office Furniture): 10% off below 5 units, 250 from 5 units
      expect(price(pl, 31, 1)).toBeCloseTo(265.5, 9);
      expect(price(pl, 31, 5)).toBe(250);
      // a service (category Services): 30.75 − 20% = 24.6 → rounded to 25 → + 1.5
      expect(price(pl, 3, 1)).toBeCloseTo(26.5, 9);
      const names = pl.rel('item_ids').read(['name', 'price']);
      expect(names.map((n: { name: string; price: string }) => [n.name, n.price])).toEqual([
        ['Product: [FURN_6666] Acoustic Bloc Screens', '$\u00a0250.00'], ['Category: All / Saleable / Office Furniture', '10.0 % discount'], ['All Products', '20.0 % discount and 1.5 surcharge'],
      ]);
      const rule = pl._get_product_rule(env().model('product.product').browse([31]), 5);
      expect(env().model('product.pricelist.item').browse([rule]).read(['applied_on'])[0].applied_on).toBe('1_product');
    });
  });

  test('a partner uses its own pricelist, else the first active one', () => {
    inRollback(() => {
      // each read in its own environment, as each RPC call has one
      const pricelistOf = (id: number) => env().model('res.partner').browse([id]).read(['property_product_pricelist'])[0].property_product_pricelist;
      expect(pricelistOf(3)).toBe(false);
      const first = env().model('product.pricelist').create({ name: 'ZZ First', sequence: 1 });
      const second = env().model('product.pricelist').create({ name: 'ZZ Second', sequence: 2 });
      expect(pricelistOf(3)).toEqual([first.ids[0], 'ZZ First (USD)']);
      env().model('res.partner').browse([3]).write({ property_product_pricelist: second.ids[0] });
      expect(pricelistOf(3)).toEqual([second.ids[0], 'ZZ Second (USD)']);
      expect(pricelistOf(7)).toEqual([first.ids[0], 'ZZ First (USD)']);
    });
  });
});

describe('sales teams', () => {
  test('teams, members and tags of the demo', () => {
    const teams = env().model('crm.team').withContext({ active_test: false }).search_read([], ['name', 'member_ids', 'active']);
    expect(teams.map((t: { id: number; name: string; member_ids: number[]; active: boolean }) => [t.id, t.name, t.member_ids, t.active])).toEqual([
      [1, 'Sales', [2], true], [5, 'Pre-Sales', [6], true], [4, 'eBay', [], false], [3, 'Point of Sale', [], false], [2, 'Website', [], false],
    ]);
    expect(env().model('res.users').browse([2, 6]).read(['sale_team_id']).map((u: { sale_team_id: unknown }) => u.sale_team_id)).toEqual([[1, 'Sales'], [5, 'Pre-Sales']]);
    expect(env().model('crm.tag').search_read([], ['name'], 0, null, 'id').map((t: { name: string }) => t.name)).toEqual(['Product', 'Software', 'Services', 'Information', 'Design', 'Training', 'Consulting', 'Other']);
  });

  test('the default team of a salesperson is their team', () => {
    const T = env().model('crm.team');
    expect(T._get_default_team_id(2).ids).toEqual([1]);
    expect(T._get_default_team_id(6).ids).toEqual([5]);
    // a user in no team gets the first team of their companies
    expect(T._get_default_team_id(1).ids).toEqual([1]);
  });

  test('a user belongs to one team at a time; default teams cannot be deleted', () => {
    expect(env().model('crm.team')._get_default_team_id(6).ids).toEqual([5]);
    inRollback(() => {
      env().model('crm.team').browse([1]).write({ member_ids: [[4, 6]] });
      expect(env().model('crm.team').browse([5]).read(['member_ids'])[0].member_ids).toEqual([]);
      expect(env().model('res.users').browse([6]).read(['sale_team_id'])[0].sale_team_id).toEqual([1, 'Sales']);
      // the default team follows the move (it is kept across calls while the teams are unchanged)
      expect(env().model('crm.team')._get_default_team_id(6).ids).toEqual([1]);
    });
    expect(env().model('crm.team')._get_default_team_id(6).ids).toEqual([5]);
    expectOdooError(() => env().model('crm.team').browse([2]).unlink(), 'odoo.exceptions.UserError', 'Cannot delete default team "Website"');
  });

  test('sales groups and who has them', () => {
    const salesman = ref('sales_team.group_sale_salesman');
    const allLeads = ref('sales_team.group_sale_salesman_all_leads');
    const manager = ref('sales_team.group_sale_manager');
    const implied = env().model('res.groups').browse([manager]).read(['implied_ids', 'name', 'users'])[0];
    expect(implied.name).toBe('Administrator');
    expect(implied.implied_ids).toEqual([ref('mail.group_mail_template_editor'), allLeads].sort((a, b) => a - b));
    expect(env().hasGroup('sales_team.group_sale_manager', 2)).toBe(true);
    expect(env().hasGroup('sales_team.group_sale_salesman', 6)).toBe(true);
    expect(env().hasGroup('sales_team.group_sale_salesman_all_leads', 6)).toBe(false);
    expect(env().hasGroup('sales_team.group_sale_salesman', 7)).toBe(false);
    expect(salesman).toBeLessThan(allLeads);
  });
});

describe('access rights', () => {
  test('internal users read products; only managers change them; portal users get nothing', () => {
    const demo = db.env(6);
    expect(demo.model('product.product').search_count([])).toBe(30);
    const e = catchError(() => demo.model('product.template').create({ name: 'x' }));
    // without sale, only Settings may create products (sale adds Sales/Administrator)
    expect(e.message).toBe("You are not allowed to create 'Product' (product.template) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.");
    const p = catchError(() => db.env(7).model('product.template').search_read([['id', '=', 1]], ['name']));
    expect(p.message).toMatch(/^You are not allowed to access 'Product' \(product.template\) records\./);
    expect(demo.model('crm.tag').search_count([])).toBe(8);
  });
});
