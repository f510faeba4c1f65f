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
 *
 * The company's quotation settings (validity days, online signature and payment, prepayment
 * share) and its down payment product, which orders and the invoicing wizard read at every call
 * (sale/tools.ts companyFacts): each change is followed by the next call.
 */
import { useSaleServer } from './sale_helpers';

const server = useSaleServer();

const message = (product: string) => 'Your quotation contains products from company Chicago Co whereas your quotation belongs to company YourCompany. \n'
  + ` Please change the company of your quotation or remove the products from other companies (${product}).`;

test("an order refuses another company's products on its lines and its optional products", async () => {
  // shared products only: accepted
  const before = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
  expect(before).toEqual(expect.any(Number));
  const company = await server.rpc.ok<number>('res.company', 'create', [{ name: 'Chicago Co' }]);
  const widget = await server.rpc.ok<number>('product.product', 'create', [{ name: 'Chicago Widget', company_id: company, list_price: 10 }]);
  expect(await server.rpc.call('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: widget, product_uom_qty: 1 }]] }]))
    .toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
  const uom = (await server.rpc.ok('product.product', 'read', [[widget], ['uom_id']]))[0].uom_id[0];
  expect(await server.rpc.call('sale.order', 'create', [{
    partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]],
    sale_order_option_ids: [[0, 0, { product_id: widget, name: 'Chicago Widget', quantity: 1, price_unit: 10, uom_id: uom }]],
  }])).toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
  // a line of it added to an existing order
  expect(await server.rpc.call('sale.order', 'write', [[before], { order_line: [[0, 0, { product_id: widget, product_uom_qty: 1 }]] }]))
    .toEqual({ error: 'odoo.exceptions.ValidationError', message: message('Chicago Widget') });
});

test("a new order's note is the company's invoice terms while the setting is on", async () => {
  const note = async () => (await server.rpc.ok('sale.order', 'read', [[await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }])], ['note']]))[0].note;
  expect(await note()).toBe(false);
  await server.rpc.ok('res.company', 'write', [[1], { invoice_terms: '<p>Payment within 30 days</p>' }]);
  expect(await note()).toBe(false);
  await server.rpc.ok('ir.config_parameter', 'set_param', ['account.use_invoice_terms', 'True']);
  expect(await note()).toBe('<p>Payment within 30 days</p>');
  await server.rpc.ok('ir.config_parameter', 'set_param', ['account.use_invoice_terms', false]);
  expect(await note()).toBe(false);
});

test("new orders and the invoicing wizard follow their company's settings as they change", async () => {
  const order = async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    return (await server.rpc.ok('sale.order', 'read', [[id], ['validity_date', 'require_signature', 'require_payment', 'prepayment_percent']]))[0];
  };
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86400000;
  const [before] = await server.rpc.ok('res.company', 'read', [[1], ['quotation_validity_days', 'portal_confirmation_sign', 'portal_confirmation_pay', 'prepayment_percent', 'sale_down_payment_product_id']]);
  await server.rpc.ok('res.company', 'write', [[1], { quotation_validity_days: 10, portal_confirmation_sign: true, portal_confirmation_pay: false, prepayment_percent: 1 }]);
  const first = await order();
  expect([first.require_signature, first.require_payment, first.prepayment_percent]).toEqual([true, false, 1]);
  await server.rpc.ok('res.company', 'write', [[1], { quotation_validity_days: 3, portal_confirmation_sign: false, portal_confirmation_pay: true, prepayment_percent: 0.5 }]);
  const second = await order();
  expect(days(second.validity_date, first.validity_date)).toBe(7);
  expect([second.require_signature, second.require_payment, second.prepayment_percent]).toEqual([false, true, 0.5]);
  // no validity without days (sale_order.py _compute_validity_date)
  await server.rpc.ok('res.company', 'write', [[1], { quotation_validity_days: 0 }]);
  expect((await order()).validity_date).toBe(false);

  const wizardProduct = async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    const ctx = { context: { active_model: 'sale.order', active_ids: [id], active_id: id } };
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'percentage', amount: 10 }], ctx);
    return (await server.rpc.ok('sale.advance.payment.inv', 'read', [[wizard], ['product_id']], ctx))[0].product_id;
  };
  await server.rpc.ok('res.company', 'write', [[1], { sale_down_payment_product_id: false }]);
  expect(await wizardProduct()).toBe(false);
  await server.rpc.ok('res.company', 'write', [[1], { sale_down_payment_product_id: 38 }]);
  expect(await wizardProduct()).toEqual([38, expect.any(String)]);

  await server.rpc.ok('res.company', 'write', [[1], { ...before, id: undefined, sale_down_payment_product_id: before.sale_down_payment_product_id && before.sale_down_payment_product_id[0] }]);
});

test("a new order's payment terms follow its customer's as they change", async () => {
  const terms = await server.rpc.ok<number[]>('account.payment.term', 'search', [[]], { limit: 2 });
  expect(terms).toHaveLength(2);
  const [{ property_payment_term_id: before }] = await server.rpc.ok('res.partner', 'read', [[10], ['property_payment_term_id']]);
  const orderTerm = async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }]);
    return (await server.rpc.ok('sale.order', 'read', [[id], ['payment_term_id']]))[0].payment_term_id;
  };
  for (const term of terms) {
    await server.rpc.ok('res.partner', 'write', [[10], { property_payment_term_id: term }]);
    expect((await orderTerm())[0]).toBe(term);
  }
  await server.rpc.ok('res.partner', 'write', [[10], { property_payment_term_id: before ? before[0] : false }]);
  expect(await orderTerm()).toEqual(before);
});
