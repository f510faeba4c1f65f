/**
 * The invoicing figures of order lines and orders after every change of their invoices: the
 * invoice's creation, posting, reset to draft, cancellation, a second invoice, a credit note
 * linked to an order line, posted. Each is read right after the call that
 * changes it, so that a figure not recomputed there (left stale) fails.
 *
 * The expected values follow Odoo 17's compute methods (sale_order_line.py _compute_qty_invoiced:
 * drafts count, cancelled invoices do not, credit notes subtract; _compute_untaxed_amount_invoiced:
 * posted only; _compute_invoice_status; sale_order.py _compute_amount_to_invoice: 0 once fully
 * invoiced, else the total minus the posted invoices' totals) on the amounts of order_to_cash.test.ts,
 * which were read on a real Odoo 17.
 */
import { useSaleServer } from './sale_helpers';

const server = useSaleServer();

/** Office Design Software (280.00, invoiced on order) ×2 and Acoustic Bloc Screens (295.00, on delivery) ×3 at 10 %, at the 15 % tax. */
const TWO_LINES = [
  [0, 0, { product_id: 7, product_uom_qty: 2, tax_id: [[6, 0, [1]]] }],
  [0, 0, { product_id: 31, product_uom_qty: 3, discount: 10, tax_id: [[6, 0, [1]]] }],
];
const LINE_FIELDS = ['qty_invoiced', 'qty_to_invoice', 'invoice_status', 'untaxed_amount_invoiced', 'untaxed_amount_to_invoice'];
const ORDER_FIELDS = ['invoice_status', 'amount_to_invoice', 'amount_invoiced', 'invoice_count'];
const orderCtx = (id: number) => ({ context: { active_model: 'sale.order', active_ids: [id], active_id: id } });

type Figures = [number, number, string, number, number];

describe('invoicing figures after each change of the invoices', () => {
  let order: number;
  let lines: number[];
  /** The lines' figures (in LINE_FIELDS order) and the order's, read together. */
  const figures = async () => {
    const rows = await server.rpc.ok<Array<Record<string, unknown>>>('sale.order.line', 'read', [lines, LINE_FIELDS]);
    const [o] = await server.rpc.ok<Array<Record<string, unknown>>>('sale.order', 'read', [[order], ORDER_FIELDS]);
    return {
      lines: rows.map((r) => LINE_FIELDS.map((f) => r[f]) as Figures),
      order: ORDER_FIELDS.map((f) => o[f]),
    };
  };
  const invoice = async (): Promise<number> => {
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(order));
    return (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(order))).res_id as number;
  };

  beforeAll(async () => {
    order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: TWO_LINES }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[order]]);
    lines = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', order]]], { order: 'id' });
  });

  test('confirmed: the line invoiced on order is to invoice, the other waits for its delivery', async () => {
    expect(await figures()).toEqual({
      lines: [[0, 2, 'to invoice', 0, 560], [0, 0, 'no', 0, 0]],
      order: ['to invoice', 1559.98, 0, 0],
    });
  });

  let first: number;
  test('a draft invoice counts as invoiced quantity, not as invoiced amount', async () => {
    first = await invoice();
    // the line left out of the invoice keeps its figures
    expect(await figures()).toEqual({
      lines: [[2, 0, 'invoiced', 0, 560], [0, 0, 'no', 0, 0]],
      order: ['no', 1559.98, 0, 1],
    });
  });

  test('posting it makes its amount invoiced', async () => {
    expect(await server.rpc.ok('account.move', 'action_post', [[first]])).toBe(false);
    expect(await figures()).toEqual({
      lines: [[2, 0, 'invoiced', 560, 0], [0, 0, 'no', 0, 0]],
      order: ['no', 915.98, 644, 1],
    });
  });

  test('reset to draft: the amount is no longer invoiced, the quantity still is', async () => {
    await server.rpc.ok('account.move', 'button_draft', [[first]]);
    expect(await figures()).toEqual({
      lines: [[2, 0, 'invoiced', 0, 560], [0, 0, 'no', 0, 0]],
      order: ['no', 1559.98, 0, 1],
    });
  });

  test('cancelled: nothing is invoiced any more, the line is to invoice again', async () => {
    await server.rpc.ok('account.move', 'button_cancel', [[first]]);
    expect(await figures()).toEqual({
      lines: [[0, 2, 'to invoice', 0, 560], [0, 0, 'no', 0, 0]],
      order: ['to invoice', 1559.98, 0, 1],
    });
  });

  let second: number;
  test('a second invoice, posted', async () => {
    second = await invoice();
    expect(await figures()).toEqual({
      lines: [[2, 0, 'invoiced', 0, 560], [0, 0, 'no', 0, 0]],
      order: ['no', 1559.98, 0, 2],
    });
    await server.rpc.ok('account.move', 'action_post', [[second]]);
    expect(await figures()).toEqual({
      lines: [[2, 0, 'invoiced', 560, 0], [0, 0, 'no', 0, 0]],
      order: ['no', 915.98, 644, 2],
    });
  });

  test('a credit note of one unit linked to the line: its quantity counts when created, its amount when posted', async () => {
    // as a reversal of the invoice makes it (sale's _copy_data_extend_business_fields keeps the links)
    const refund = await server.rpc.ok<number>('account.move', 'create', [{
      move_type: 'out_refund', partner_id: 10,
      invoice_line_ids: [[0, 0, { product_id: 7, quantity: 1, price_unit: 280, tax_ids: [[6, 0, [1]]], sale_line_ids: [[6, 0, [lines[0]]]] }]],
    }]);
    expect((await server.rpc.ok('account.move', 'read', [[refund], ['state', 'amount_total']]))[0]).toEqual({ id: refund, state: 'draft', amount_total: 322 });
    expect(await figures()).toEqual({
      lines: [[1, 1, 'to invoice', 560, 0], [0, 0, 'no', 0, 0]],
      order: ['to invoice', 915.98, 644, 3],
    });
    await server.rpc.ok('account.move', 'action_post', [[refund]]);
    expect(await figures()).toEqual({
      lines: [[1, 1, 'to invoice', 280, 280], [0, 0, 'no', 0, 0]],
      order: ['to invoice', 1237.98, 322, 3],
    });
  });
});

describe('an order invoiced in full', () => {
  test('by a draft invoice: nothing is left to invoice, before and after posting it', async () => {
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [TWO_LINES[0]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[order]]);
    const read = async () => (await server.rpc.ok('sale.order', 'read', [[order], ORDER_FIELDS]))[0];
    expect(await read()).toEqual({ id: order, invoice_status: 'to invoice', amount_to_invoice: 644, amount_invoiced: 0, invoice_count: 0 });
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(order));
    const invoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(order))).res_id as number;
    // amount_to_invoice depends on the order's invoices: recomputed, 0 once the order is invoiced
    expect(await read()).toEqual({ id: order, invoice_status: 'invoiced', amount_to_invoice: 0, amount_invoiced: 644, invoice_count: 1 });
    await server.rpc.ok('account.move', 'action_post', [[invoice]]);
    expect(await read()).toEqual({ id: order, invoice_status: 'invoiced', amount_to_invoice: 0, amount_invoiced: 644, invoice_count: 1 });
    // cancelling the posted invoice: to invoice again, in full
    await server.rpc.ok('account.move', 'button_cancel', [[invoice]]);
    expect(await read()).toEqual({ id: order, invoice_status: 'to invoice', amount_to_invoice: 644, amount_invoiced: 0, invoice_count: 1 });
  });
});

describe('order lines created already linked to an invoice line', () => {
  test('count it from their creation, as does their order', async () => {
    const first = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [TWO_LINES[0]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[first]]);
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(first));
    const invoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(first))).res_id as number;
    await server.rpc.ok('account.move', 'action_post', [[invoice]]);
    const [aml] = await server.rpc.ok<number[]>('account.move.line', 'search', [[['move_id', '=', invoice], ['display_type', '=', 'product']]]);
    // a new order whose line is linked, at its creation, to the posted invoice's line of 2 × 280
    const order = await server.rpc.ok<number>('sale.order', 'create', [{
      partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 2, tax_id: [[6, 0, [1]]], invoice_lines: [[6, 0, [aml]]] }]],
    }]);
    const [line] = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', order]]]);
    expect((await server.rpc.ok('sale.order.line', 'read', [[line], LINE_FIELDS]))[0])
      .toEqual({ id: line, qty_invoiced: 2, qty_to_invoice: 0, invoice_status: 'no', untaxed_amount_invoiced: 560, untaxed_amount_to_invoice: 0 });
    // 644 in total, all of it on the posted invoice
    expect((await server.rpc.ok('sale.order', 'read', [[order], ORDER_FIELDS]))[0])
      .toEqual({ id: order, invoice_status: 'no', amount_to_invoice: 0, amount_invoiced: 644, invoice_count: 1 });
  });
});

describe("a confirmed line's taxes changed", () => {
  test('its amounts, its order and its invoice line follow the new taxes', async () => {
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [TWO_LINES[0]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[order]]);
    const [line] = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', order]]]);
    const amounts = async () => ({
      line: (await server.rpc.ok('sale.order.line', 'read', [[line], ['tax_id', 'price_tax', 'price_total', 'untaxed_amount_to_invoice']]))[0],
      order: (await server.rpc.ok('sale.order', 'read', [[order], ['amount_tax', 'amount_total', 'amount_to_invoice']]))[0],
    });
    expect(await amounts()).toEqual({
      line: { id: line, tax_id: [1], price_tax: 84, price_total: 644, untaxed_amount_to_invoice: 560 },
      order: { id: order, amount_tax: 84, amount_total: 644, amount_to_invoice: 644 },
    });
    await server.rpc.ok('sale.order.line', 'write', [[line], { tax_id: [[6, 0, []]] }]);
    expect(await amounts()).toEqual({
      line: { id: line, tax_id: [], price_tax: 0, price_total: 560, untaxed_amount_to_invoice: 560 },
      order: { id: order, amount_tax: 0, amount_total: 560, amount_to_invoice: 560 },
    });
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(order));
    const invoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(order))).res_id as number;
    expect(await server.rpc.ok('account.move.line', 'search_read', [[['move_id', '=', invoice], ['display_type', '=', 'product']], ['tax_ids', 'price_total']]))
      .toEqual([{ id: expect.any(Number), tax_ids: [], price_total: 560 }]);
    // and back to the 15 % tax (the invoice is a draft: nothing is invoiced in amount yet)
    await server.rpc.ok('sale.order.line', 'write', [[line], { tax_id: [[6, 0, [1]]] }]);
    expect((await amounts()).line).toEqual({ id: line, tax_id: [1], price_tax: 84, price_total: 644, untaxed_amount_to_invoice: 560 });
  });
});

describe('invoices of several orders', () => {
  /** The orders an invoice's "created from" note names (their ids in its links, in their order). */
  const origins = async (invoice: number) => {
    const [{ body }] = await server.rpc.ok<Array<{ body: string }>>('mail.message', 'search_read',
      [[['model', '=', 'account.move'], ['res_id', '=', invoice], ['body', 'like', 'has been created from']], ['body']]);
    return [...body.matchAll(/data-oe-model="sale\.order" data-oe-id="(\d+)"/g)].map((m) => Number(m[1]));
  };

  test('consolidated: one invoice naming both orders; else one per order naming its own', async () => {
    const orders: number[] = [];
    for (let i = 0; i < 4; i++) {
      orders.push(await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [TWO_LINES[0]] }]));
    }
    await server.rpc.ok('sale.order', 'action_confirm', [orders]);
    const ctx = (ids: number[]) => ({ context: { active_model: 'sale.order', active_ids: ids, active_id: ids[0] } });
    const invoiceOf = async (ids: number[], consolidated: boolean) => {
      const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered', consolidated_billing: consolidated }], ctx(ids));
      return server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], ctx(ids));
    };
    const together = await invoiceOf(orders.slice(0, 2), true);
    // the orders in their model's order (date_order desc, id desc)
    expect(await origins(together.res_id)).toEqual([orders[1], orders[0]]);
    const apart = await invoiceOf(orders.slice(2), false);
    const invoices = await server.rpc.ok<number[]>('account.move', 'search', [apart.domain], { order: 'id' });
    expect(invoices).toHaveLength(2);
    expect((await Promise.all(invoices.map(origins))).sort()).toEqual([[orders[2]], [orders[3]]].sort());
  });
});

describe("the rounding of an order line's unit", () => {
  test('rounds its invoiced quantity up, following a change of the rounding (as read on a real Odoo 17)', async () => {
    const [{ category_id: [units] }] = await server.rpc.ok('uom.uom', 'read', [[1], ['category_id']]);
    const pair = await server.rpc.ok<number>('uom.uom', 'create', [{ name: 'Pair (rounding test)', category_id: units, uom_type: 'bigger', factor_inv: 2, rounding: 0.01 }]);
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom: pair, product_uom_qty: 1.23, price_unit: 10 }]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[order]]);
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(order));
    const invoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(order))).res_id as number;
    const invoiced = async () => (await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', order]], ['qty_invoiced']]))[0].qty_invoiced;
    expect(await invoiced()).toBe(1.23);
    // the same unit on the invoice line: no conversion, the unit's rounding still applies (UP)
    await server.rpc.ok('uom.uom', 'write', [[pair], { rounding: 0.5 }]);
    await server.rpc.ok('account.move', 'action_post', [[invoice]]);
    expect(await invoiced()).toBe(1.5);
  });
});
