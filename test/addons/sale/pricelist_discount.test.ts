/**
 * Discounts of order lines from the pricelist (sale_order_line.py _compute_discount): a pricelist
 * that shows the discount ("without_discount" policy) keeps the list price as unit price and
 * puts its rule's percentage in the discount; the default policy prices the line at the
 * discounted price with no discount; a discount given by the client on such a pricelist stays.
 */
import type { TestServer } from '../../helpers/server';
import { SaleRpc, startSaleServer } from './sale_helpers';

let srv: TestServer;
let rpc: SaleRpc;
beforeAll(async () => { srv = await startSaleServer(); rpc = new SaleRpc(srv); });
afterAll(async () => { await srv.close(); });

async function pricelist(name: string, policy: string): Promise<number> {
  return rpc.ok('product.pricelist', 'create', [{
    name, discount_policy: policy,
    item_ids: [[0, 0, { applied_on: '3_global', compute_price: 'percentage', percent_price: 10 }]],
  }]);
}

async function lines(pricelistId: number, extra: Record<string, unknown> = {}): Promise<any[]> {
  const product = (await rpc.ok('product.product', 'search', [[['sale_ok', '=', true], ['list_price', '>', 0]]], { limit: 2 })) as number[];
  const order = await rpc.ok('sale.order', 'create', [{
    partner_id: 10, pricelist_id: pricelistId,
    order_line: [[0, 0, { product_id: product[0], product_uom_qty: 2, ...extra }], [0, 0, { product_id: product[1], product_uom_qty: 1 }]],
  }]);
  const rows = await rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', order]], ['product_id', 'price_unit', 'discount', 'price_subtotal']], { order: 'id' });
  const prices = await rpc.ok('product.product', 'read', [product, ['list_price']]);
  return rows.map((r: any, i: number) => ({ id: r.id, list: prices[i].list_price, price_unit: r.price_unit, discount: r.discount, subtotal: r.price_subtotal }));
}

test('a "show discount" pricelist keeps the list price and fills the discount; the default policy discounts the price', async () => {
  const shown = await lines(await pricelist('Shown discount (test)', 'without_discount'));
  for (const l of shown) expect([l.price_unit, l.discount]).toEqual([l.list, 10]);
  expect(shown[0].subtotal).toBeCloseTo(shown[0].list * 2 * 0.9, 2);
  const hidden = await lines(await pricelist('Hidden discount (test)', 'with_discount'));
  for (const l of hidden) {
    expect(l.discount).toBe(0);
    expect(l.price_unit).toBeCloseTo(l.list * 0.9, 2);
  }
});

test('a discount the client gives is kept on a "show discount" pricelist', async () => {
  const given = await lines(await pricelist('Shown discount, given (test)', 'without_discount'), { discount: 25 });
  expect([given[0].price_unit, given[0].discount]).toEqual([given[0].list, 25]);
  expect([given[1].price_unit, given[1].discount]).toEqual([given[1].list, 10]);
});

test('a new quantity recomputes the discount from a "show discount" pricelist, and keeps a given one otherwise', async () => {
  const shown = await lines(await pricelist('Shown discount, requantified (test)', 'without_discount'), { discount: 25 });
  await rpc.ok('sale.order.line', 'write', [[shown[0].id], { product_uom_qty: 3 }]);
  const hidden = await lines(await pricelist('Hidden discount, requantified (test)', 'with_discount'), { discount: 5 });
  await rpc.ok('sale.order.line', 'write', [[hidden[0].id], { product_uom_qty: 3 }]);
  const after = await rpc.ok('sale.order.line', 'read', [[shown[0].id, hidden[0].id], ['discount', 'product_uom_qty']]);
  expect(after.map((l: any) => [l.product_uom_qty, l.discount])).toEqual([[3, 10], [3, 5]]);
});

test("a customer without a pricelist of their own gets the first active pricelist, following new and archived ones", async () => {
  const orderPricelist = async () => {
    const id = await rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }]);
    return (await rpc.ok('sale.order', 'read', [[id], ['pricelist_id']]))[0].pricelist_id[0];
  };
  const usual = await orderPricelist();
  const first = await rpc.ok<number>('product.pricelist', 'create', [{ name: 'First of all (test)', sequence: -5 }]);
  expect(await orderPricelist()).toBe(first);
  await rpc.ok('product.pricelist', 'write', [[first], { active: false }]);
  expect(await orderPricelist()).toBe(usual);
});
