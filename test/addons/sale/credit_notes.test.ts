/**
 * Credit notes of sales (issue 13), over JSON-RPC, with the values a real Odoo 17 (ref_sale)
 * answered to the same calls:
 *  - invoicing an order whose total is negative gives a credit note (sale_order.py
 *    _create_invoices(final=True) -> account.move.action_switch_move_type), and the switch
 *    button itself on drafts, with Odoo's errors elsewhere;
 *  - reversal credit notes (account.move.reversal) keep the order-line links of the invoice's
 *    lines (sale's _copy_data_extend_business_fields), so the orders' figures follow them;
 *  - the "created from" note of an invoice is mail.message_origin_link's HTML, not escaped text.
 */
import { useSaleServer } from './sale_helpers';

const server = useSaleServer();

/** Office Design Software (280.00, invoiced on order), the 15 % sale tax. */
const line = (qty: number, extra: Record<string, unknown> = {}) => [0, 0, { product_id: 7, product_uom_qty: qty, tax_id: [[6, 0, [1]]], ...extra }];
const orderCtx = (ids: number[]) => ({ context: { active_model: 'sale.order', active_ids: ids, active_id: ids[0] } });

async function confirmedOrder(lines: unknown[]): Promise<number> {
  const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: lines }]);
  await server.rpc.ok('sale.order', 'action_confirm', [[order]]);
  return order;
}
async function invoice(orders: number[], wizard: Record<string, unknown> = {}): Promise<any> {
  const w = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered', ...wizard }], orderCtx(orders));
  return server.rpc.call('sale.advance.payment.inv', 'create_invoices', [[w]], orderCtx(orders));
}
async function post(move: number): Promise<void> { await server.rpc.ok('account.move', 'action_post', [[move]]); }

const MOVE_FIELDS = ['move_type', 'name', 'state', 'amount_untaxed', 'amount_total', 'amount_total_signed'];
async function move(id: number): Promise<unknown[]> {
  const [m] = await server.rpc.ok<Array<Record<string, unknown>>>('account.move', 'read', [[id], MOVE_FIELDS]);
  return MOVE_FIELDS.map((f) => m[f]);
}
/** Per line of the move: display type, quantity, price unit, subtotal, balance, linked order lines. */
async function moveLines(id: number): Promise<unknown[][]> {
  const ids = await server.rpc.ok<number[]>('account.move.line', 'search', [[['move_id', '=', id]]], { order: 'id' });
  const rows = await server.rpc.ok<Array<Record<string, any>>>('account.move.line', 'read', [ids, ['display_type', 'quantity', 'price_unit', 'price_subtotal', 'balance', 'sale_line_ids']]);
  return rows.map((r) => [r.display_type, r.quantity, r.price_unit, r.price_subtotal, r.balance, r.sale_line_ids.length]);
}
const ORDER_FIELDS = ['invoice_status', 'invoice_count', 'amount_to_invoice', 'amount_invoiced'];
const LINE_FIELDS = ['qty_invoiced', 'qty_to_invoice', 'invoice_status', 'untaxed_amount_invoiced', 'untaxed_amount_to_invoice'];
/** The order's figures (ORDER_FIELDS) and its lines' (LINE_FIELDS), in id order. */
async function figures(order: number): Promise<{ order: unknown[]; lines: unknown[][] }> {
  const [o] = await server.rpc.ok<Array<Record<string, unknown>>>('sale.order', 'read', [[order], ORDER_FIELDS]);
  const ids = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', order]]], { order: 'id' });
  const rows = await server.rpc.ok<Array<Record<string, unknown>>>('sale.order.line', 'read', [ids, LINE_FIELDS]);
  return { order: ORDER_FIELDS.map((f) => o[f]), lines: rows.map((r) => LINE_FIELDS.map((f) => r[f])) };
}
async function invoicesOf(order: number): Promise<number[]> {
  const [o] = await server.rpc.ok<Array<{ invoice_ids: number[] }>>('sale.order', 'read', [[order], ['invoice_ids']]);
  return [...o.invoice_ids].sort((a, b) => a - b);
}

describe('an order whose total is negative is invoiced as a credit note (action_switch_move_type)', () => {
  let order: number;
  let credit: number;
  beforeAll(async () => {
    // 100 and -300, taxed: the invoice would total -230
    order = await confirmedOrder([line(1, { price_unit: 100 }), line(1, { price_unit: -300 })]);
    const action = await invoice([order]);
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'account.move' });
    credit = action.res_id;
  });

  test('the invoice became a draft credit note whose product quantities are negated', async () => {
    expect(await move(credit)).toEqual(['out_refund', '/', 'draft', 200, 230, -230]);
    expect(await moveLines(credit)).toEqual([
      ['product', -1, 100, -100, -100, 1], ['product', -1, -300, 300, 300, 1], ['tax', 0, 0, 0, 30, 0], ['payment_term', 0, 0, 0, -230, 0],
    ]);
    expect(await figures(order)).toEqual({
      order: ['invoiced', 1, 0, -230],
      lines: [[1, 0, 'invoiced', 0, 100], [1, 0, 'invoiced', 0, -300]],
    });
  });

  test('the button switches a draft back to an invoice (its total stays positive: quantities kept) and again; the order keeps its invoiced quantities', async () => {
    // Odoo answers None: a JSON-RPC reply without "result"
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[credit]])).toBeUndefined();
    expect(await move(credit)).toEqual(['out_invoice', '/', 'draft', 200, 230, 230]);
    expect(await moveLines(credit)).toEqual([
      ['product', -1, 100, -100, 100, 1], ['product', -1, -300, 300, -300, 1], ['tax', 0, 0, 0, -30, 0], ['payment_term', 0, 0, 0, 230, 0],
    ]);
    // Odoo's qty_invoiced does not depend on the move type: left as it was
    expect(await figures(order)).toEqual({
      order: ['invoiced', 1, 0, -230],
      lines: [[1, 0, 'invoiced', 0, 100], [1, 0, 'invoiced', 0, -300]],
    });
    await server.rpc.ok('account.move', 'action_switch_move_type', [[credit]]);
    expect(await move(credit)).toEqual(['out_refund', '/', 'draft', 200, 230, -230]);
  });

  test("Odoo's errors: a posted document, one posted before (reset to draft), a journal entry, a missing id; no ids is a no-op", async () => {
    await post(credit);
    const posted = { error: 'odoo.exceptions.ValidationError', message: 'You cannot switch the type of a posted document.' };
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[credit]])).toEqual(posted);
    await server.rpc.ok('account.move', 'button_draft', [[credit]]);
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[credit]])).toEqual(posted);
    const entry = await server.rpc.ok<number>('account.move', 'create', [{ move_type: 'entry' }]);
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[entry]]))
      .toEqual({ error: 'odoo.exceptions.ValidationError', message: "This action isn't available for this document." });
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[9999999]]))
      .toEqual({ error: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: account.move(9999999,), User: 2)' });
    expect(await server.rpc.call('account.move', 'action_switch_move_type', [[]])).toBeUndefined();
  });
});

describe('an order invoiced for more than it now holds gets a credit note for the difference', () => {
  let order: number;
  beforeAll(async () => {
    order = await confirmedOrder([line(3)]);
    const first = await invoice([order]);
    await post(first.res_id);
    const lines = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', order]]]);
    await server.rpc.ok('sale.order.line', 'write', [lines, { product_uom_qty: 1 }]);
  });

  test('without deducting down payments (final=False) nothing is invoiceable', async () => {
    const res = await invoice([order], { deduct_down_payments: false });
    expect(res.error).toBe('odoo.exceptions.UserError');
    expect(res.message).toMatch(/^Cannot create an invoice. No items are available to invoice./);
  });

  test('the credit note for 2 units, its note, and the figures once it is posted', async () => {
    const res = await invoice([order]);
    expect(res.error).toBeUndefined();
    const moves = await invoicesOf(order);
    expect(moves).toHaveLength(2);
    const credit = moves[1];
    expect(await move(credit)).toEqual(['out_refund', '/', 'draft', 560, 644, -644]);
    expect(await moveLines(credit)).toEqual([['product', 2, 280, 560, 560, 1], ['tax', 0, 0, 0, 84, 0], ['payment_term', 0, 0, 0, -644, 0]]);
    expect(await figures(order)).toEqual({ order: ['invoiced', 2, 0, 322], lines: [[1, 0, 'invoiced', 840, -560]] });
    await post(credit);
    expect((await move(credit)).slice(0, 3)).toEqual(['out_refund', expect.stringMatching(/^RINV\/\d{4}\/\d{5}$/), 'posted']);
    expect(await figures(order)).toEqual({ order: ['invoiced', 2, 0, 322], lines: [[1, 0, 'invoiced', 280, 0]] });
  });
});

describe('reversal credit notes keep the order-line links', () => {
  /** 2 × 280 and 1 × 50 under a section, taxed, invoiced and posted (701.50). */
  async function invoicedOrder(): Promise<{ order: number; inv: number }> {
    const order = await confirmedOrder([line(2), [0, 0, { display_type: 'line_section', name: 'Section' }], line(1, { price_unit: 50 })]);
    const inv = (await invoice([order])).res_id as number;
    await post(inv);
    return { order, inv };
  }
  async function reverse(inv: number, method: 'refund_moves' | 'modify_moves'): Promise<any> {
    const ctx = { context: { active_model: 'account.move', active_ids: [inv] } };
    const [m] = await server.rpc.ok<Array<{ journal_id: [number, string] }>>('account.move', 'read', [[inv], ['journal_id']]);
    const w = await server.rpc.ok<number>('account.move.reversal', 'create', [{ reason: 'returned', journal_id: m.journal_id[0] }], ctx);
    return server.rpc.ok('account.move.reversal', method, [[w]], ctx);
  }
  const INVOICED = { order: ['invoiced', 1, 0, 701.5], lines: [[2, 0, 'invoiced', 560, 0], [0, 0, 'invoiced', 0, 0], [1, 0, 'invoiced', 50, 0]] };

  test('a credit note: its lines (section too) link the order lines; the order counts it, back to invoice, and once posted nothing is invoiced', async () => {
    const { order, inv } = await invoicedOrder();
    expect(await figures(order)).toEqual(INVOICED);
    await reverse(inv, 'refund_moves');
    const moves = await invoicesOf(order);
    expect(moves).toHaveLength(2);
    const credit = moves[1];
    expect((await moveLines(credit)).map((l) => [l[0], l[5]])).toEqual([['product', 1], ['line_section', 1], ['product', 1], ['tax', 0], ['payment_term', 0]]);
    expect(await figures(order)).toEqual({
      order: ['to invoice', 2, 0, 701.5],
      lines: [[0, 2, 'to invoice', 560, 0], [0, 0, 'invoiced', 0, 0], [0, 1, 'to invoice', 50, 0]],
    });
    await post(credit);
    expect(await figures(order)).toEqual({
      order: ['to invoice', 2, 701.5, 0],
      lines: [[0, 2, 'to invoice', 0, 560], [0, 0, 'invoiced', 0, 0], [0, 1, 'to invoice', 0, 50]],
    });
    expect(await server.rpc.ok('account.move', 'read', [[credit], ['sale_order_count']])).toEqual([{ id: credit, sale_order_count: 1 }]);
  });

  test('"reverse and create invoice": the posted credit note and the new draft both link the order lines', async () => {
    const { order, inv } = await invoicedOrder();
    await reverse(inv, 'modify_moves');
    const moves = await invoicesOf(order);
    expect(await Promise.all(moves.map(async (m) => (await move(m)).filter((_, i) => i === 0 || i === 2)))).toEqual([
      ['out_invoice', 'posted'], ['out_refund', 'posted'], ['out_invoice', 'draft'],
    ]);
    expect(await figures(order)).toEqual({
      order: ['invoiced', 3, 0, 701.5],
      lines: [[2, 0, 'invoiced', 0, 560], [0, 0, 'invoiced', 0, 0], [1, 0, 'invoiced', 0, 50]],
    });
  });
});

describe('the "created from" note of invoices is the HTML of mail.message_origin_link', () => {
  /** The bodies of the record's last messages, oldest first, with the given ids and names replaced. */
  async function bodies(model: string, id: number, limit: number, replace: Array<[string, string]>): Promise<string[]> {
    const rows = await server.rpc.ok<Array<{ body: string }>>('mail.message', 'search_read', [[['model', '=', model], ['res_id', '=', id]], ['body']], { order: 'id desc', limit });
    return rows.reverse().map((r) => replace.reduce((b, [from, to]) => b.split(from).join(to), r.body));
  }
  const names = async (ids: number[]) => (await server.rpc.ok<Array<{ id: number; name: string }>>('sale.order', 'read', [ids, ['name']])).map((o) => o.name);

  test('one invoice for two orders links both, in the orders\' order (newest first), separated by a span', async () => {
    const a = await confirmedOrder([line(1)]);
    const b = await confirmedOrder([line(1)]);
    await invoice([a, b], { consolidated_billing: true });
    const [inv] = await invoicesOf(a);
    const [na, nb] = await names([a, b]);
    expect(await bodies('account.move', inv, 2, [[na, 'SO_A'], [nb, 'SO_B'], [`"${a}"`, '"A"'], [`"${b}"`, '"B"']])).toEqual([
      '',
      '<p>\n                This journal entry has been created from:\n'
      + '                    <a href="#" data-oe-model="sale.order" data-oe-id="B"> SO_B</a><span>, </span>\n'
      + '                    <a href="#" data-oe-model="sale.order" data-oe-id="A"> SO_A</a>\n            </p>',
    ]);
  });

  test('a down payment invoice names its order; the order notes the invoice in a span', async () => {
    const c = await confirmedOrder([line(1)]);
    const w = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'percentage', amount: 10 }], orderCtx([c]));
    await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[w]], orderCtx([c]));
    const [inv] = await invoicesOf(c);
    const [nc] = await names([c]);
    const swap: Array<[string, string]> = [[nc, 'SO_C'], [`"${c}"`, '"C"'], [`"${inv}"`, '"INV"']];
    expect(await bodies('account.move', inv, 2, swap)).toEqual([
      '', '<p>\n                This journal entry has been created from:\n                    <a href="#" data-oe-model="sale.order" data-oe-id="C"> SO_C</a>\n            </p>',
    ]);
    expect(await bodies('sale.order', c, 1, swap)).toEqual(['<span><a href="#" data-oe-model="account.move" data-oe-id="INV">Down payment invoice</a> has been created</span>']);
  });
});
