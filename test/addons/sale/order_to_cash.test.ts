/**
 * The order-to-cash cycle over JSON-RPC and XML-RPC (sale.md §2–§4): quotation → confirmation →
 * invoice through sale.advance.payment.inv → posting → account.payment.register → paid; down
 * payments (percentage and fixed) deducted by the final invoice; cancelled orders through
 * sale.order.cancel; Odoo's errors. Expected values were read on a real Odoo 17 with the same
 * modules (sale_management, account, payment_demo) running the same calls.
 */
import { py } from '../../integration/helpers';
import { todayInZone, useSaleServer } from './sale_helpers';

const server = useSaleServer();

const ORDER_FIELDS = ['name', 'state', 'invoice_status', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_to_invoice', 'amount_invoiced', 'invoice_count', 'client_order_ref'];
const INVOICE_FIELDS = ['name', 'state', 'move_type', 'partner_id', 'invoice_origin', 'ref', 'payment_reference', 'amount_untaxed', 'amount_tax', 'amount_total',
  'amount_residual', 'payment_state', 'invoice_payment_term_id', 'team_id', 'invoice_user_id', 'currency_id', 'journal_id'];
const LINE_FIELDS = ['product_id', 'qty_to_invoice', 'qty_invoiced', 'qty_delivered', 'invoice_status', 'untaxed_amount_to_invoice', 'untaxed_amount_invoiced', 'price_subtotal', 'price_total', 'name'];

/** [E-COM] Office Design Software (280.00, invoiced on order) ×2 and Acoustic Bloc Screens (295.00, on delivery) ×3 at 10 %, both at the 15 % sale tax. */
const TWO_LINES = [
  [0, 0, { product_id: 7, product_uom_qty: 2, tax_id: [[6, 0, [1]]] }],
  [0, 0, { product_id: 31, product_uom_qty: 3, discount: 10, tax_id: [[6, 0, [1]]] }],
];

const orderCtx = (id: number) => ({ context: { active_model: 'sale.order', active_ids: [id], active_id: id } });
const invoiceCtx = (id: number) => ({ context: { active_model: 'account.move', active_ids: [id] } });
const year = () => new Date().getFullYear();

describe('order to cash over JSON-RPC', () => {
  test('quotation → confirm → regular invoice → post → register payment → paid', async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, client_order_ref: 'PO-42', order_line: TWO_LINES }]);
    const [created] = await server.rpc.ok('sale.order', 'read', [[id], [...ORDER_FIELDS, 'tax_totals']]);
    expect(created).toMatchObject({
      name: `S${String(id).padStart(5, '0')}`, state: 'draft', invoice_status: 'no', amount_untaxed: 1356.5, amount_tax: 203.48, amount_total: 1559.98,
      amount_to_invoice: 1559.98, amount_invoiced: 0, invoice_count: 0, client_order_ref: 'PO-42',
    });
    // 560 + 3 × 295 × 0.9 = 1356.50; 15 % per line: 84.00 + 119.475 → 119.48
    expect(created.tax_totals).toEqual({
      amount_untaxed: 1356.5, amount_total: 1559.98, formatted_amount_total: '$\u00a01,559.98', formatted_amount_untaxed: '$\u00a01,356.50',
      groups_by_subtotal: { 'Untaxed Amount': [{
        group_key: 1, tax_group_id: 1, tax_group_name: 'Tax 15%', tax_group_amount: 203.48000000000002, tax_group_base_amount: 1356.5,
        formatted_tax_group_amount: '$\u00a0203.48', formatted_tax_group_base_amount: '$\u00a01,356.50', hide_base_amount: false,
      }] },
      subtotals: [{ name: 'Untaxed Amount', amount: 1356.5, formatted_amount: '$\u00a01,356.50' }], subtotals_order: ['Untaxed Amount'], display_tax_base: false,
    });

    expect(await server.rpc.ok('sale.order', 'action_confirm', [[id]])).toBe(true);
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(id));
    const action = await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(id));
    expect(action).toMatchObject({
      name: 'Invoices', type: 'ir.actions.act_window', xml_id: 'account.action_move_out_invoice_type', res_model: 'account.move', target: 'current',
      domain: "[('move_type', '=', 'out_invoice')]", view_mode: 'tree,kanban,form,activity', binding_view_types: 'list,form',
      context: { default_move_type: 'out_invoice', default_partner_id: 10, default_partner_shipping_id: 10, default_invoice_payment_term_id: 4, default_invoice_origin: created.name },
    });
    expect(action.views.map((v: [unknown, string]) => v[1])).toEqual(['form', 'tree', 'kanban', 'activity']);
    const invoiceId = action.res_id as number;

    const [draft] = await server.rpc.ok('account.move', 'read', [[invoiceId], INVOICE_FIELDS]);
    // only the line invoiced on ordered quantities: nothing is delivered yet
    expect(draft).toMatchObject({
      name: '/', state: 'draft', move_type: 'out_invoice', partner_id: [10, 'Deco Addict'], invoice_origin: created.name, ref: 'PO-42', payment_reference: false,
      amount_untaxed: 560, amount_tax: 84, amount_total: 644, amount_residual: 644, payment_state: 'not_paid', invoice_payment_term_id: [4, '30 Days'],
      team_id: [1, 'Sales'], invoice_user_id: [2, 'Mitchell Admin'], currency_id: [1, 'USD'], journal_id: [1, 'Customer Invoices'],
    });
    const [orderLine] = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', id]]], { order: 'id' });
    expect(await server.rpc.ok('account.move.line', 'search_read', [[['move_id', '=', invoiceId], ['display_type', '=', 'product']], ['name', 'quantity', 'price_unit', 'discount', 'price_subtotal', 'price_total', 'tax_ids', 'sale_line_ids']]))
      .toEqual([{ id: expect.any(Number), name: '[FURN_9999] Office Design Software', quantity: 2, price_unit: 280, discount: 0, price_subtotal: 560, price_total: 644, tax_ids: [1], sale_line_ids: [orderLine] }]);
    // a draft invoice counts, but is not invoiced yet
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['invoice_count', 'amount_to_invoice', 'invoice_status']]))[0])
      .toEqual({ id, invoice_count: 1, amount_to_invoice: 1559.98, invoice_status: 'no' });

    const postedBefore = await server.rpc.ok<number>('account.move', 'search_count', [[['move_type', '=', 'out_invoice'], ['state', '=', 'posted'], ['name', '=like', `INV/${year()}/%`]]]);
    expect(await server.rpc.ok('account.move', 'action_post', [[invoiceId]])).toBe(false);
    const number = `INV/${year()}/${String(postedBefore + 1).padStart(5, '0')}`;
    expect((await server.rpc.ok('account.move', 'read', [[invoiceId], ['name', 'state', 'payment_reference', 'payment_state']]))[0])
      .toEqual({ id: invoiceId, name: number, state: 'posted', payment_reference: number, payment_state: 'not_paid' });

    const register = await server.rpc.ok<number>('account.payment.register', 'create', [{}], invoiceCtx(invoiceId));
    expect((await server.rpc.ok('account.payment.register', 'read', [[register], ['amount', 'journal_id', 'communication', 'payment_type', 'partner_type']], invoiceCtx(invoiceId)))[0])
      .toEqual({ id: register, amount: 644, journal_id: [6, 'Bank'], communication: number, payment_type: 'inbound', partner_type: 'customer' });
    const paid = await server.rpc.ok('account.payment.register', 'action_create_payments', [[register]], invoiceCtx(invoiceId));
    expect(paid).toEqual({ name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false }, view_mode: 'form', res_id: expect.any(Number) });

    expect((await server.rpc.ok('account.move', 'read', [[invoiceId], ['payment_state', 'amount_residual', 'state']]))[0])
      .toEqual({ id: invoiceId, payment_state: 'paid', amount_residual: 0, state: 'posted' });
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['state', 'invoice_status', 'amount_to_invoice', 'amount_invoiced']]))[0])
      .toEqual({ id, state: 'sale', invoice_status: 'no', amount_to_invoice: 915.98, amount_invoiced: 644 });
    expect(await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', id]], ['qty_invoiced', 'qty_to_invoice', 'invoice_status', 'untaxed_amount_invoiced', 'untaxed_amount_to_invoice']], { order: 'id' }))
      .toEqual([
        { id: orderLine, qty_invoiced: 2, qty_to_invoice: 0, invoice_status: 'invoiced', untaxed_amount_invoiced: 560, untaxed_amount_to_invoice: 0 },
        { id: orderLine + 1, qty_invoiced: 0, qty_to_invoice: 0, invoice_status: 'no', untaxed_amount_invoiced: 0, untaxed_amount_to_invoice: 0 },
      ]);
    // the customer follows the confirmed order, next to the salesperson who created it
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['message_partner_ids']]))[0].message_partner_ids).toEqual([3, 10]);
  });

  test('a 10 % down payment, then delivered quantities: the final invoice deducts it', async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [...TWO_LINES, [0, 0, { product_id: 3, product_uom_qty: 4 }]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[id]]);
    const negative = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'percentage', amount: -5 }], orderCtx(id));
    expect(await server.rpc.call('sale.advance.payment.inv', 'create_invoices', [[negative]], orderCtx(id)))
      .toEqual({ error: 'odoo.exceptions.UserError', message: 'The value of the down payment amount must be positive.' });

    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'percentage', amount: 10 }], orderCtx(id));
    expect((await server.rpc.ok('sale.advance.payment.inv', 'read', [[wizard], ['count', 'sale_order_ids', 'has_down_payments', 'deduct_down_payments', 'amount', 'amount_to_invoice', 'amount_invoiced', 'consolidated_billing']], orderCtx(id)))[0])
      .toEqual({ id: wizard, count: 1, sale_order_ids: [id], has_down_payments: false, deduct_down_payments: true, amount: 10, amount_to_invoice: 1682.98, amount_invoiced: 0, consolidated_billing: true });
    const dpInvoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(id))).res_id as number;
    // one down payment line per tax combination: 10 % of 1356.50 (taxed) and of 123.00 (untaxed)
    expect(await server.rpc.ok('account.move.line', 'search_read', [[['move_id', '=', dpInvoice], ['display_type', '=', 'product']], ['name', 'quantity', 'price_unit', 'price_total', 'tax_ids', 'is_downpayment']], { order: 'id' }))
      .toEqual([
        { id: expect.any(Number), name: 'Down payment of 10.0%', quantity: 1, price_unit: 135.65, price_total: 156, tax_ids: [1], is_downpayment: true },
        { id: expect.any(Number), name: 'Down payment of 10.0%', quantity: 1, price_unit: 12.3, price_total: 12.3, tax_ids: [], is_downpayment: true },
      ]);
    expect((await server.rpc.ok('account.move', 'read', [[dpInvoice], ['amount_untaxed', 'amount_tax', 'amount_total']]))[0]).toEqual({ id: dpInvoice, amount_untaxed: 147.95, amount_tax: 20.35, amount_total: 168.3 });
    const [y, m, d] = todayInZone().split('-');
    const mdy = `${m}/${d}/${y}`;
    const dpLines = await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', id], ['is_downpayment', '=', true]], ['name', 'display_type', 'price_unit', 'tax_id', 'sequence', 'qty_invoiced']], { order: 'id' });
    expect(dpLines.map((l: Record<string, unknown>) => [l.name, l.display_type, l.price_unit, l.tax_id, l.sequence, l.qty_invoiced])).toEqual([
      ['Down Payments', 'line_section', 0, [], 11, 0],
      [`Down Payment: ${mdy} (Draft)`, false, 135.65, [1], 12, 1],
      [`Down Payment: ${mdy} (Draft)`, false, 12.3, [], 12, 1],
    ]);

    await server.rpc.ok('account.move', 'action_post', [[dpInvoice]]);
    const dpName = (await server.rpc.ok('account.move', 'read', [[dpInvoice], ['name']]))[0].name;
    // posting prices the down payment lines and names them after the invoice
    expect((await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', id], ['is_downpayment', '=', true], ['display_type', '=', false]], ['name', 'price_unit']], { order: 'id' }))
      .map((l: Record<string, unknown>) => [l.name, l.price_unit])).toEqual([[`Down payment (ref: ${dpName} on ${mdy})`, 135.65], [`Down payment (ref: ${dpName} on ${mdy})`, 12.3]]);
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['invoice_status', 'amount_to_invoice', 'amount_invoiced']]))[0])
      .toEqual({ id, invoice_status: 'to invoice', amount_to_invoice: 1514.68, amount_invoiced: 168.3 });

    const lineIds = await server.rpc.ok<number[]>('sale.order.line', 'search', [[['order_id', '=', id], ['is_downpayment', '=', false]]], { order: 'id' });
    await server.rpc.ok('sale.order.line', 'write', [[lineIds[1]], { qty_delivered: 3 }]);
    await server.rpc.ok('sale.order.line', 'write', [[lineIds[2]], { qty_delivered: 2 }]);
    expect((await server.rpc.ok('sale.order.line', 'read', [lineIds, ['qty_to_invoice', 'invoice_status', 'untaxed_amount_to_invoice']]))
      .map((l: Record<string, unknown>) => [l.qty_to_invoice, l.invoice_status, l.untaxed_amount_to_invoice]))
      .toEqual([[2, 'to invoice', 560], [3, 'to invoice', 796.5], [2, 'to invoice', 61.5]]);

    const regular = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(id));
    const finalInvoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[regular]], orderCtx(id))).res_id as number;
    expect((await server.rpc.ok('account.move.line', 'search_read', [[['move_id', '=', finalInvoice], ['display_type', 'in', ['product', 'line_section']]], ['name', 'quantity', 'price_unit', 'price_subtotal', 'display_type', 'sequence']], { order: 'sequence, id' }))
      .map((l: Record<string, unknown>) => [l.name, l.quantity, l.price_unit, l.price_subtotal, l.display_type, l.sequence])).toEqual([
      ['[FURN_9999] Office Design Software', 2, 280, 560, 'product', 0],
      ['[FURN_6666] Acoustic Bloc Screens', 3, 295, 796.5, 'product', 1],
      ['Virtual Interior Design', 2, 30.75, 61.5, 'product', 2],
      ['Down Payments', 0, 0, 0, 'line_section', 3],
      [`Down payment (ref: ${dpName} on ${mdy})`, -1, 135.65, -135.65, 'product', 4],
      [`Down payment (ref: ${dpName} on ${mdy})`, -1, 12.3, -12.3, 'product', 5],
    ]);
    expect((await server.rpc.ok('account.move', 'read', [[finalInvoice], ['amount_untaxed', 'amount_tax', 'amount_total']]))[0]).toEqual({ id: finalInvoice, amount_untaxed: 1270.05, amount_tax: 183.13, amount_total: 1453.18 });
    await server.rpc.ok('account.move', 'action_post', [[finalInvoice]]);
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['invoice_status', 'amount_to_invoice', 'amount_invoiced', 'invoice_count']]))[0])
      .toEqual({ id, invoice_status: 'no', amount_to_invoice: 61.5, amount_invoiced: 1621.48, invoice_count: 2 });

    const nothing = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], orderCtx(id));
    expect(await server.rpc.call('sale.advance.payment.inv', 'create_invoices', [[nothing]], orderCtx(id))).toEqual({
      error: 'odoo.exceptions.UserError',
      message: 'Cannot create an invoice. No items are available to invoice.\n\nTo resolve this issue, please ensure that:\n'
        + '   \u2022 The products have been delivered before attempting to invoice them.\n   \u2022 The invoicing policy of the product is configured correctly.\n\n'
        + 'If you want to invoice based on ordered quantities instead:\n'
        + "   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n"
        + "   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n",
    });
  });

  test('a fixed down payment is split by tax and keeps its tax-included amount', async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 2, tax_id: [[6, 0, [1]]] }], [0, 0, { product_id: 3, product_uom_qty: 4 }]] }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[id]]);
    const wizard = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'fixed', fixed_amount: 100 }], orderCtx(id));
    const invoice = (await server.rpc.ok('sale.advance.payment.inv', 'create_invoices', [[wizard]], orderCtx(id))).res_id as number;
    // 100 of 767.00 (644.00 taxed incl., 123.00 untaxed): 83.96 incl. → 73.01 + 10.95 tax, and 16.04
    expect((await server.rpc.ok('account.move', 'read', [[invoice], ['amount_untaxed', 'amount_tax', 'amount_total']]))[0]).toEqual({ id: invoice, amount_untaxed: 89.05, amount_tax: 10.95, amount_total: 100 });
    expect((await server.rpc.ok('account.move.line', 'search_read', [[['move_id', '=', invoice], ['display_type', '=', 'product']], ['name', 'price_unit', 'price_total', 'tax_ids']], { order: 'id' }))
      .map((l: Record<string, unknown>) => [l.name, l.price_unit, l.price_total, l.tax_ids])).toEqual([['Down Payment', 73.01, 83.96, [1]], ['Down Payment', 16.04, 16.04, []]]);
    const tooMuch = await server.rpc.ok<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'fixed', fixed_amount: 5000 }], orderCtx(id));
    expect((await server.rpc.ok('sale.advance.payment.inv', 'read', [[tooMuch], ['display_invoice_amount_warning', 'display_draft_invoice_warning']], orderCtx(id)))[0])
      .toEqual({ id: tooMuch, display_invoice_amount_warning: true, display_draft_invoice_warning: true });
  });

  test('cancelling a quotation, then a confirmed order through sale.order.cancel', async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 11, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    expect(await server.rpc.ok('sale.order', 'action_cancel', [[id]])).toBe(true);
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['state', 'invoice_status', 'amount_to_invoice']]))[0]).toEqual({ id, state: 'cancel', invoice_status: 'no', amount_to_invoice: 280 });
    expect(await server.rpc.ok('sale.order', 'action_draft', [[id]])).toBe(true);
    await server.rpc.ok('sale.order', 'action_confirm', [[id]]);
    const action = await server.rpc.ok('sale.order', 'action_cancel', [[id]]);
    const template = (await server.rpc.ok('ir.model.data', 'check_object_reference', ['sale', 'mail_template_sale_cancellation']))[1];
    expect(action).toEqual({
      name: 'Cancel Sales Order', view_mode: 'form', res_model: 'sale.order.cancel', view_id: expect.anything(), type: 'ir.actions.act_window', target: 'new',
      context: { default_template_id: template, default_order_id: id, mark_so_as_canceled: true, default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature', model_description: 'Sales Order' },
    });
    const name = `S${String(id).padStart(5, '0')}`;
    const wizard = await server.rpc.ok<number>('sale.order.cancel', 'create', [{ order_id: id }], { context: action.context });
    expect((await server.rpc.ok('sale.order.cancel', 'read', [[wizard], ['order_id', 'subject', 'recipient_ids', 'display_invoice_alert', 'author_id']], { context: action.context }))[0]).toEqual({
      id: wizard, order_id: [id, name], subject: `YourCompany Sales Order Cancelled (Ref ${name})`, recipient_ids: [11], display_invoice_alert: false, author_id: [3, 'YourCompany, Mitchell Admin'],
    });
    expect(await server.rpc.ok('sale.order.cancel', 'action_cancel', [[wizard]])).toBe(true);
    expect((await server.rpc.ok('sale.order', 'read', [[id], ['state', 'invoice_status', 'locked']]))[0]).toEqual({ id, state: 'cancel', invoice_status: 'no', locked: false });
    expect(await server.rpc.ok('sale.order', 'unlink', [[id]])).toBe(true);
  });

  test("the invoices' action names the order's payment terms, else its customer's (as read on a real Odoo 17)", async () => {
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    const { name } = (await server.rpc.ok('sale.order', 'read', [[id], ['name']]))[0];
    const context = async () => (await server.rpc.ok('sale.order', 'action_view_invoice', [[id]])).context;
    const expected = (term: number) => ({ default_move_type: 'out_invoice', default_partner_id: 10, default_partner_shipping_id: 10, default_invoice_payment_term_id: term, default_invoice_origin: name });
    await server.rpc.ok('sale.order', 'write', [[id], { payment_term_id: false }]);
    // Deco Addict's terms: 30 Days
    expect(await context()).toEqual(expected(4));
    await server.rpc.ok('sale.order', 'write', [[id], { payment_term_id: 1 }]);
    expect(await context()).toEqual(expected(1));
    expect(await server.rpc.ok('sale.order', 'unlink', [[id]])).toBe(true);
  });

  test("Odoo's errors on orders and lines", async () => {
    const MANDATORY = 'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n';
    expect(await server.rpc.call('sale.order', 'create', [{}])).toEqual({ error: 'odoo.exceptions.ValidationError', message: `${MANDATORY}Model: Sales Order (sale.order)\nField: Customer (partner_id)\n` });
    const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }]);
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: id }])).toEqual({ error: 'odoo.exceptions.ValidationError', message: `${MANDATORY}Model: Sales Order Line (sale.order.line)\nField: Description (name)\n` });
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: id, name: 'free text' }]))
      .toEqual({ error: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Missing required fields on accountable sale order line.' });
    expect(await server.rpc.call('sale.order.line', 'create', [{ order_id: id, display_type: 'line_note', name: 'N', product_id: 5 }]))
      .toEqual({ error: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Forbidden values on non-accountable sale order line' });
    const line = await server.rpc.ok<number>('sale.order.line', 'create', [{ order_id: id, product_id: 31, product_uom_qty: 3 }]);
    await server.rpc.ok('sale.order', 'action_confirm', [[id]]);
    expect(await server.rpc.call('sale.order', 'action_confirm', [[id]]))
      .toEqual({ error: 'odoo.exceptions.UserError', message: `The following orders are not in a state requiring confirmation: S${String(id).padStart(5, '0')}` });
    expect(await server.rpc.call('sale.order', 'action_quotation_sent', [[id]])).toEqual({ error: 'odoo.exceptions.UserError', message: 'Only draft orders can be marked as sent directly.' });
    expect(await server.rpc.call('sale.order', 'unlink', [[id]]))
      .toEqual({ error: 'odoo.exceptions.UserError', message: 'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.' });
    expect(await server.rpc.call('sale.order.line', 'unlink', [[line]])).toEqual({
      error: 'odoo.exceptions.UserError',
      message: "Once a sales order is confirmed, you can't remove one of its lines (we need to track if something gets invoiced or delivered).\n                Set the quantity to 0 instead.",
    });
    expect(await server.rpc.call('sale.order', 'write', [[id], { pricelist_id: false }])).toEqual({ error: 'odoo.exceptions.UserError', message: 'You cannot change the pricelist of a confirmed order !' });
    // methods returning None: the JSON-RPC answer has no "result" member, as Odoo's
    expect(await server.rpc.ok('sale.order', 'action_lock', [[id]])).toBeUndefined();
    expect(await server.rpc.call('sale.order.line', 'write', [[line], { price_unit: 10, product_uom_qty: 5 }]))
      .toEqual({ error: 'odoo.exceptions.UserError', message: 'It is forbidden to modify the following fields in a locked order:\nUnit Price\nQuantity' });
    expect(await server.rpc.call('sale.order', 'action_cancel', [[id]])).toEqual({ error: 'odoo.exceptions.UserError', message: 'You cannot cancel a locked order. Please unlock it first.' });
    expect(await server.rpc.ok('sale.order', 'action_unlock', [[id]])).toBeUndefined();
  });
});

describe('order to cash over XML-RPC (Python xmlrpc.client)', () => {
  test('the same cycle from a Python client, ending with a paid invoice', async () => {
    const r = await py(`
      oid = admin('sale.order', 'create', [{'partner_id': 10, 'order_line': [(0, 0, {'product_id': 7, 'product_uom_qty': 2, 'tax_id': [(6, 0, [1])]})]}])
      res = {'created': admin('sale.order', 'read', [[oid], ['state', 'amount_untaxed', 'amount_tax', 'amount_total']])}
      res['confirm'] = admin('sale.order', 'action_confirm', [[oid]])
      ctx = {'context': {'active_model': 'sale.order', 'active_ids': [oid], 'active_id': oid}}
      wiz = admin('sale.advance.payment.inv', 'create', [{'advance_payment_method': 'delivered'}], ctx)
      inv = admin('sale.advance.payment.inv', 'create_invoices', [[wiz]], ctx)['res_id']
      res['inv'] = admin('account.move', 'read', [[inv], ['state', 'amount_total', 'invoice_origin']])
      res['post'] = call(lambda: admin('account.move', 'action_post', [[inv]]))
      pctx = {'context': {'active_model': 'account.move', 'active_ids': [inv]}}
      reg = admin('account.payment.register', 'create', [{}], pctx)
      act = admin('account.payment.register', 'action_create_payments', [[reg]], pctx)
      res['payment'] = admin('account.payment', 'read', [[act['res_id']], ['amount', 'state', 'partner_id', 'payment_type']])
      res['paid'] = admin('account.move', 'read', [[inv], ['payment_state', 'amount_residual']])
      res['order'] = admin('sale.order', 'read', [[oid], ['name', 'state', 'invoice_status', 'amount_invoiced', 'amount_to_invoice']])
      res['fault'] = call(lambda: admin('sale.order', 'unlink', [[oid]]))
      out(res)
    `, { url: server.srv.url, db: server.srv.db });
    expect(r.created[0]).toMatchObject({ state: 'draft', amount_untaxed: 560, amount_tax: 84, amount_total: 644 });
    expect(r.confirm).toBe(true);
    expect(r.inv[0]).toMatchObject({ state: 'draft', amount_total: 644, invoice_origin: r.order[0].name });
    expect(r.post).toEqual({ value: false, type: 'bool' });
    expect(r.payment[0]).toMatchObject({ amount: 644, state: 'posted', partner_id: [10, 'Deco Addict'], payment_type: 'inbound' });
    expect(r.paid[0]).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    expect(r.order[0]).toMatchObject({ state: 'sale', invoice_status: 'invoiced', amount_invoiced: 644, amount_to_invoice: 0 });
    expect(r.fault.faultCode).toBe(2);
    expect(r.fault.faultString).toContain('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
  });
});
