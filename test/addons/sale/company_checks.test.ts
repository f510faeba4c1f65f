/**
 * What a new order reads of its company's settings, followed as they change (both are known
 * across calls without being read again while unchanged):
 *
 * The company checks of orders (sale_order.py _check_order_line_company_id, sale_management's
 * _check_optional_product_company_id): an order refuses the products of another company, on its
 * lines and on its optional products, as soon as such a product exists (the check knows which
 * companies products belong to without reading every order's products: this proves it follows
 * a new product). Odoo's message.
 *
 * The invoice terms: a new order's note is the company's terms while the "use invoice terms"
 * setting (account.use_invoice_terms) is on (sale_order.py _compute_note).
 */
import { type TestServer } from '../../helpers/server';
import { ADMIN, SaleRpc, startSaleServer } from './sale_helpers';

let srv: TestServer;
let rpc: SaleRpc;
beforeAll(async () => {
  srv = await startSaleServer();
  rpc = new SaleRpc(srv, ADMIN);
}, 300000);
afterAll(async () => { await srv?.close(); });

const message = (product: string) => 'Your quotation contains products from company Chicago Co whereas your quotation belongs to company YourCompany. \n'
  + ` Please change the company of your quotation or remove the products from other companies (${product}).`;

test("an order refuses another company's products on its lines and its optional products", async () => {
  // shared products only: accepted
  const before = await rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
  expect(before).toEqual(expect.any(Number));
  const company = await rpc.ok<number>('res.company', 'create', [{ name: 'Chicago Co' }]);
  const widget = await rpc.ok<number>('product.product', 'create', [{ name: 'Chicago Widget', company_id: company, list_price: 10 }]);
  expect(await rpc.call('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: widget, product_uom_qty: 1 }]] }]))
    .toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
  const uom = (await rpc.ok('product.product', 'read', [[widget], ['uom_id']]))[0].uom_id[0];
  expect(await rpc.call('sale.order', 'create', [{
    partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]],
    sale_order_option_ids: [[0, 0, { product_id: widget, name: 'Chicago Widget', quantity: 1, price_unit: 10, uom_id: uom }]],
  }])).toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
  // a line of it added to an existing order
  expect(await rpc.call('sale.order', 'write', [[before], { order_line: [[0, 0, { product_id: widget, product_uom_qty: 1 }]] }]))
    .toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
});

test("a new order's note is the company's invoice terms while the setting is on", async () => {
  const note = async () => (await rpc.ok('sale.order', 'read', [[await rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }])], ['note']]))[0].note;
  expect(await note()).toBe(false);
  await rpc.ok('res.company', 'write', [[1], { invoice_terms: '<p>Payment within 30 days</p>' }]);
  expect(await note()).toBe(false);
  await rpc.ok('ir.config_parameter', 'set_param', ['account.use_invoice_terms', 'True']);
  expect(await note()).toBe('<p>Payment within 30 days</p>');
  await rpc.ok('ir.config_parameter', 'set_param', ['account.use_invoice_terms', false]);
  expect(await note()).toBe(false);
});
