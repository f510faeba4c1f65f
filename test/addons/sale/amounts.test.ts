/**
 * Amounts of order lines and orders over JSON-RPC (sale.md §2.3): account.tax's compute_all per
 * line, discounts, price-included and fixed taxes, per-line and global rounding, tax_totals.
 * Each expectation is computed by hand from Odoo's rules (comments) and was checked against a
 * real Odoo 17 running the same calls.
 */
import { type TestServer } from '../../helpers/server';
import { ADMIN, SaleRpc, startSaleServer } from './sale_helpers';

let srv: TestServer;
let rpc: SaleRpc;
let incl21: number;
let fixed2: number;
beforeAll(async () => {
  srv = await startSaleServer();
  rpc = new SaleRpc(srv, ADMIN);
  incl21 = await rpc.ok('account.tax', 'create', [{ name: 'VAT 21% incl', amount: 21, amount_type: 'percent', price_include: true, type_tax_use: 'sale' }]);
  fixed2 = await rpc.ok('account.tax', 'create', [{ name: 'Eco 2.00', amount: 2, amount_type: 'fixed', type_tax_use: 'sale' }]);
}, 300000);
afterAll(async () => { await srv?.close(); });

const LINE = ['price_subtotal', 'price_tax', 'price_total', 'price_reduce_taxexcl', 'price_reduce_taxinc'];
const ORDER = ['amount_untaxed', 'amount_tax', 'amount_total', 'amount_undiscounted'];
type Row = Record<string, number>;

/** Create an order for Deco Addict with these lines (product 7, the prices given); answer its lines' and its amounts. */
async function order(lines: Array<Record<string, unknown>>): Promise<{ id: number; lines: number[][]; amounts: Row }> {
  const id = await rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: lines.map((l) => [0, 0, { product_id: 7, ...l }]) }]);
  const rows = await rpc.ok<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', id]], LINE], { order: 'id' });
  const [amounts] = await rpc.ok<Row[]>('sale.order', 'read', [[id], ORDER]);
  return { id, lines: rows.map((r) => LINE.map((f) => r[f])), amounts };
}
const tax15 = [[6, 0, [1]]];

describe('line amounts (round per line, the default)', () => {
  test('15 % with a discount: 3 × 99.99 at 12.5 % → 262.47 + 39.37', async () => {
    const r = await order([
      { product_uom_qty: 3, price_unit: 99.99, discount: 12.5, tax_id: tax15 },
      { product_uom_qty: 1, price_unit: 50, discount: 100, tax_id: tax15 },
    ]);
    // 99.99 × 0.875 = 87.49125 → subtotal 3 × 87.49125 = 262.47375 → 262.47; tax 15 % of 262.47375 = 39.371 → 39.37
    // price_reduce_taxexcl = 262.47 / 3 = 87.49; price_reduce_taxinc = 301.84 / 3 = 100.613 → 100.61 (monetary)
    expect(r.lines).toEqual([[262.47, 39.37, 301.84, 87.49, 100.61], [0, 0, 0, 0, 0]]);
    expect(r.amounts).toMatchObject({ amount_untaxed: 262.47, amount_tax: 39.37, amount_total: 301.84 });
    // amount before discount: Σ subtotal / (1 - discount) for discounts < 100 %, plus the full price of 100 % lines
    expect(r.amounts.amount_undiscounted).toBeCloseTo(262.47 / 0.875 + 50, 8);
  });

  test('a price-included 21 %: 121.00 holds 100.00 + 21.00', async () => {
    const r = await order([{ product_uom_qty: 1, price_unit: 121, tax_id: [[6, 0, [incl21]]] }]);
    // base = 121 / 1.21 = 100.00, tax = 21.00
    expect(r.lines).toEqual([[100, 21, 121, 100, 121]]);
    expect(r.amounts).toMatchObject({ amount_untaxed: 100, amount_tax: 21, amount_total: 121, amount_undiscounted: 100 });
  });

  test('price-included with a discount next to an excluded tax', async () => {
    const r = await order([
      { product_uom_qty: 3, price_unit: 121, discount: 10, tax_id: [[6, 0, [incl21]]] },
      { product_uom_qty: 1, price_unit: 100, tax_id: tax15 },
    ]);
    // 3 × 121 × 0.9 = 326.70 incl. → base 270.00, tax 56.70; 100.00 + 15.00
    expect(r.lines).toEqual([[270, 56.7, 326.7, 90, 108.9], [100, 15, 115, 100, 115]]);
    expect(r.amounts).toMatchObject({ amount_untaxed: 370, amount_tax: 71.7, amount_total: 441.7, amount_undiscounted: 400 });
  });

  test('a fixed 2.00 tax and 15 %: 2 × 10.00 → 20.00 + 4.00 + 3.00', async () => {
    const r = await order([{ product_uom_qty: 2, price_unit: 10, tax_id: [[6, 0, [fixed2, 1]]] }]);
    // fixed: 2.00 per unit × 2 = 4.00; 15 % of 20.00 = 3.00
    expect(r.lines).toEqual([[20, 7, 27, 10, 13.5]]);
    const [{ tax_totals: totals }] = await rpc.ok('sale.order', 'read', [[r.id], ['tax_totals']]);
    expect(totals.groups_by_subtotal['Untaxed Amount']).toEqual([{
      group_key: 1, tax_group_id: 1, tax_group_name: 'Tax 15%', tax_group_amount: 7, tax_group_base_amount: 20,
      formatted_tax_group_amount: '$\u00a07.00', formatted_tax_group_base_amount: '$\u00a020.00', hide_base_amount: false,
    }]);
    expect(totals.formatted_amount_total).toBe('$\u00a027.00');
  });

  test('taxes apply in their sequence, whatever the order they are given in', async () => {
    // A (sequence 20) raises the base of the taxes after it; B (sequence 10) comes first: 10 + 10, not 10 + 11
    const a = await rpc.ok<number>('account.tax', 'create', [{ name: 'A 10% affects', amount: 10, amount_type: 'percent', type_tax_use: 'sale', include_base_amount: true, sequence: 20 }]);
    const b = await rpc.ok<number>('account.tax', 'create', [{ name: 'B 10% affected', amount: 10, amount_type: 'percent', type_tax_use: 'sale', is_base_affected: true, sequence: 10 }]);
    const r = await order([{ product_uom_qty: 1, price_unit: 100, tax_id: [[6, 0, [a, b]]] }, { product_uom_qty: 1, price_unit: 100, tax_id: [[6, 0, [b, a]]] }]);
    expect(r.lines).toEqual([[100, 20, 120, 100, 120], [100, 20, 120, 100, 120]]);
    const lines = await rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', r.id]], ['tax_id']], { order: 'id' });
    expect(lines.map((l: { tax_id: number[] }) => l.tax_id)).toEqual([[b, a], [b, a]]);
    // confirmed and invoiced, the lines' taxes known since their creation give the same amounts
    await rpc.ok('sale.order', 'action_confirm', [[r.id]]);
    const [confirmed] = await rpc.ok('sale.order', 'read', [[r.id], ['amount_tax', 'amount_to_invoice']]);
    expect(confirmed).toMatchObject({ amount_tax: 40, amount_to_invoice: 240 });
  });

  test("a quotation line's values given at its creation are those its computations give", async () => {
    // the stored computed fields a new quotation line gets in its INSERT (_precomputeAmounts):
    // its invoicing values, and its amounts against the same computed again after a write of
    // the discount they depend on (a new quantity would price the line again)
    const FIELDS = [...LINE, 'qty_invoiced', 'qty_to_invoice', 'invoice_status', 'untaxed_amount_invoiced', 'untaxed_amount_to_invoice',
      'qty_delivered_method', 'product_packaging_id', 'product_packaging_qty'];
    const r = await order([
      { product_uom_qty: 3, price_unit: 99.99, discount: 12.5, tax_id: tax15 },
      { product_uom_qty: 7, price_unit: 121.33, discount: 3, tax_id: [[6, 0, [incl21, 1]]] },
      { product_uom_qty: 0, price_unit: 10, tax_id: [[6, 0, [fixed2]]] },
      { product_uom_qty: 2.5, price_unit: 0.07, tax_id: [] },
      { product_uom_qty: 1 },
    ]);
    const lineIds = await rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', r.id]]], { order: 'id' });
    const created = await rpc.ok('sale.order.line', 'read', [lineIds, FIELDS]);
    expect(created.map((l: Record<string, unknown>) => [l.qty_invoiced, l.qty_to_invoice, l.invoice_status, l.untaxed_amount_to_invoice, l.qty_delivered_method]))
      .toEqual(lineIds.map(() => [0, 0, 'no', 0, 'manual']));
    const discounts = await rpc.ok('sale.order.line', 'read', [lineIds, ['discount']]);
    for (const d of discounts) await rpc.ok('sale.order.line', 'write', [[d.id], { discount: d.discount + 1 }]);
    for (const d of discounts) await rpc.ok('sale.order.line', 'write', [[d.id], { discount: d.discount }]);
    expect(await rpc.ok('sale.order.line', 'read', [lineIds, FIELDS])).toEqual(created);
  });

  test('cents: 15 % of 0.05 is 0.0075, rounded per line to 0.01', async () => {
    expect((await order([{ product_uom_qty: 1, price_unit: 0.05, tax_id: tax15 }])).lines).toEqual([[0.05, 0.01, 0.06, 0.05, 0.06]]);
    const three = await order([1, 2, 3].map(() => ({ product_uom_qty: 1, price_unit: 0.05, tax_id: tax15 })));
    // three lines each rounded: 3 × 0.01
    expect(three.amounts).toMatchObject({ amount_untaxed: 0.15, amount_tax: 0.03, amount_total: 0.18 });
  });
});

describe('round globally', () => {
  beforeAll(async () => { await rpc.ok('res.company', 'write', [[1], { tax_calculation_rounding_method: 'round_globally' }]); });
  afterAll(async () => { await rpc.ok('res.company', 'write', [[1], { tax_calculation_rounding_method: 'round_per_line' }]); });

  test('the order rounds the sum of its taxes: 3 × 0.0075 = 0.0225 → 0.02', async () => {
    const r = await order([1, 2, 3].map(() => ({ product_uom_qty: 1, price_unit: 0.05, tax_id: tax15 })));
    expect(r.amounts).toMatchObject({ amount_untaxed: 0.15, amount_tax: 0.02, amount_total: 0.17 });
    // the lines still show their own amounts at the currency's precision
    expect(r.lines[0].slice(0, 3)).toEqual([0.05, 0.01, 0.06]);
  });

  test('amounts that round the same either way do not change', async () => {
    const r = await order([
      { product_uom_qty: 3, price_unit: 121, discount: 10, tax_id: [[6, 0, [incl21]]] },
      { product_uom_qty: 1, price_unit: 100, tax_id: tax15 },
    ]);
    expect(r.amounts).toMatchObject({ amount_untaxed: 370, amount_tax: 71.7, amount_total: 441.7 });
  });
});

describe('prices from the product', () => {
  test('a line without price takes the list price, unit and description of the product', async () => {
    const id = await rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 31, product_uom_qty: 3 }]] }]);
    const [line] = await rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', id]], ['name', 'product_uom', 'price_unit', 'discount', 'tax_id', 'price_subtotal', 'customer_lead', 'qty_delivered_method']]);
    expect(line).toMatchObject({
      name: '[FURN_6666] Acoustic Bloc Screens', product_uom: [1, 'Units'], price_unit: 295, discount: 0, tax_id: [], price_subtotal: 885, customer_lead: 0, qty_delivered_method: 'manual',
    });
  });
});
