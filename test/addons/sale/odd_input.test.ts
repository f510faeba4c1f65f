/**
 * Sale and accounting buttons called with odd input (issue 13): ids that do not exist, no ids,
 * cancelled or posted documents, wizards opened on missing records. Each answer is the one a
 * real Odoo 17 (ref_sale) gave to the same JSON-RPC call; before, several were internal errors.
 */
import { DEMO, useSaleServer } from './sale_helpers';

const server = useSaleServer();

const MISSING_ORDER = { error: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: sale.order(9999999,), User: 2)' };
const MISSING_MOVE = { error: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: account.move(9999999,), User: 2)' };

describe('sale.order buttons on an id that does not exist: MissingError', () => {
  test.each([
    'action_draft', 'action_confirm', 'action_preview_sale_order', 'action_update_taxes', 'action_view_invoice',
    'payment_action_capture', 'payment_action_void', 'get_portal_last_transaction', 'action_quotation_send', 'action_cancel',
  ])('%s', async (method) => {
    expect(await server.rpc.call('sale.order', method, [[9999999]])).toEqual(MISSING_ORDER);
  });
});

describe('sale.order buttons on a cancelled order and on no order', () => {
  let cancelled: number;
  beforeAll(async () => {
    cancelled = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    await server.rpc.ok('sale.order', 'action_cancel', [[cancelled]]);
  });

  test('capturing or voiding the payments of an order without transactions answers None', async () => {
    expect(await server.rpc.call('sale.order', 'payment_action_capture', [[cancelled]])).toBeUndefined();
    expect(await server.rpc.call('sale.order', 'payment_action_void', [[cancelled]])).toBeUndefined();
    expect(await server.rpc.call('sale.order', 'payment_action_void', [[]])).toBeUndefined();
  });

  test('action_draft and action_confirm on no order answer True; singleton buttons refuse it', async () => {
    expect(await server.rpc.call('sale.order', 'action_draft', [[]])).toBe(true);
    expect(await server.rpc.call('sale.order', 'action_confirm', [[]])).toBe(true);
    expect(await server.rpc.call('sale.order', 'payment_action_capture', [[]])).toEqual({ error: 'builtins.ValueError', message: 'Expected singleton: sale.order()' });
  });
});

describe('account.move buttons and wizards on missing moves', () => {
  test('action_register_payment and is_invoice on an id that does not exist: MissingError', async () => {
    expect(await server.rpc.call('account.move', 'action_register_payment', [[9999999]])).toEqual(MISSING_MOVE);
    expect(await server.rpc.call('account.move', 'is_invoice', [[9999999]])).toEqual(MISSING_MOVE);
  });

  test('copying a missing order or move: MissingError; writing nothing on a missing move or journal item: True (account_move*.py write)', async () => {
    expect(await server.rpc.call('sale.order', 'copy', [[9999999]])).toEqual(MISSING_ORDER);
    expect(await server.rpc.call('account.move', 'copy', [[9999999]])).toEqual(MISSING_MOVE);
    expect(await server.rpc.call('account.move', 'write', [[9999999], {}])).toBe(true);
    expect(await server.rpc.call('account.move.line', 'write', [[9999999], {}])).toBe(true);
    expect(await server.rpc.call('sale.order', 'write', [[9999999], {}])).toEqual(MISSING_ORDER);
  });

  test.each(['action_post', 'action_draft', 'action_cancel'])('account.payment.%s on a missing payment: MissingError', async (method) => {
    expect(await server.rpc.call('account.payment', method, [[9999999]]))
      .toEqual({ error: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: account.payment(9999999,), User: 2)' });
  });

  test('is_invoice on no move is False (an empty recordset has no type)', async () => {
    expect(await server.rpc.call('account.move', 'is_invoice', [[]])).toBe(false);
  });

  test('the reversal and payment wizards opened on a missing move: MissingError at creation', async () => {
    const ctx = { context: { active_model: 'account.move', active_ids: [9999999], active_id: 9999999 } };
    expect(await server.rpc.call('account.move.reversal', 'create', [{}], ctx)).toEqual(MISSING_MOVE);
    expect(await server.rpc.call('account.payment.register', 'create', [{}], ctx)).toEqual(MISSING_MOVE);
  });
});

/** Odoo's MissingError naming one record (models.py _fetch_field). */
const missing = (record: string, uid = 2) => ({ error: 'odoo.exceptions.MissingError', message: `Record does not exist or has been deleted.\n(Record: ${record}, User: ${uid})` });
const FK = (model: string, constraint: string) => ({
  error: 'odoo.exceptions.ValidationError',
  message: `The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${model}\nConstraint: ${constraint}\n`,
});

describe('creating records pointing to a record that does not exist (answers of ref_sale)', () => {
  test('an order line of a missing order or product: MissingError, the order first (Odoo computes the line from both before its INSERT)', async () => {
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: 999999, product_id: 5 }])).toEqual(missing('sale.order(999999,)'));
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: 1, product_id: 999999 }])).toEqual(missing('product.product(999999,)'));
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: 999999, product_id: 999998 }])).toEqual(missing('sale.order(999999,)'));
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: 999999, name: 'n', display_type: 'line_note' }])).toEqual(missing('sale.order(999999,)'));
  });

  test('a journal item of a missing move, an invoice in a missing journal, a product in a missing category: MissingError', async () => {
    expect(await server.rpc.call('account.move.line', 'create', [{ move_id: 999999, name: 'x' }])).toEqual(missing('account.move(999999,)'));
    expect(await server.rpc.call('account.move', 'create', [{ move_type: 'out_invoice', partner_id: 10, journal_id: 999999 }])).toEqual(missing('account.journal(999999,)'));
    expect(await server.rpc.call('product.template', 'create', [{ name: 'odd p', categ_id: 999999 }])).toEqual(missing('product.category(999999,)'));
    expect(await server.rpc.call('product.product', 'create', [{ name: 'odd p', categ_id: 999999 }])).toEqual(missing('product.category(999999,)'));
  });

  test('fields no computation reads keep the foreign-key error (unit of measure, country)', async () => {
    expect(await server.rpc.call('product.product', 'create', [{ name: 'odd p', uom_id: 999999 }])).toEqual(FK('Product (product.template)', 'product_template_uom_id_fkey'));
    expect(await server.rpc.call('res.partner', 'create', [{ name: 'X odd', country_id: 999999 }])).toEqual(FK('Contact (res.partner)', 'res_partner_country_id_fkey'));
  });

  test('a message on a document that does not exist: MissingError naming the document, for an employee too', async () => {
    expect(await server.rpc.call('mail.message', 'create', [{ model: 'sale.order', res_id: 999999, body: 'x' }])).toEqual(missing('sale.order(999999,)'));
    expect(await server.rpc.as(DEMO).call('mail.message', 'create', [{ model: 'res.partner', res_id: 999997, body: 'x' }]))
      .toEqual(missing('res.partner(999997,)', 6));
    expect(await server.rpc.call('res.partner', 'message_post', [[999999]], { body: 'x' })).toEqual(missing('res.partner(999999,)'));
  });
});

describe("the context's default_ keys and new order lines (answers of ref_sale)", () => {
  test('lines created with their order take no default_discount; a line created alone does', async () => {
    const ctx = { context: { default_discount: 10 } };
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 2 }]] }], ctx);
    expect(await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', order]], ['discount', 'price_subtotal']]))
      .toEqual([{ id: expect.any(Number), discount: 0, price_subtotal: 560 }]);
    const line = await server.rpc.ok<number>('sale.order.line', 'create', [{ order_id: order, product_id: 7, product_uom_qty: 1 }], ctx);
    expect(await server.rpc.ok('sale.order.line', 'read', [[line], ['discount', 'price_subtotal']])).toEqual([{ id: line, discount: 10, price_subtotal: 252 }]);
  });

  test("a line created alone takes the context's price and description instead of computing them", async () => {
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }]);
    const priced = await server.rpc.ok<number>('sale.order.line', 'create', [{ order_id: order, product_id: 7, product_uom_qty: 1 }], { context: { default_price_unit: 3 } });
    const named = await server.rpc.ok<number>('sale.order.line', 'create', [{ order_id: order, product_id: 7, product_uom_qty: 1 }], { context: { default_name: 'ctx name' } });
    expect(await server.rpc.ok('sale.order.line', 'read', [[priced, named], ['price_unit', 'name']])).toEqual([
      { id: priced, price_unit: 3, name: '[FURN_9999] Office Design Software' },
      { id: named, price_unit: 280, name: 'ctx name' },
    ]);
  });
});
