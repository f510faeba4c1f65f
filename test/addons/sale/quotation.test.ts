/**
 * Sending a quotation through Odoo's mail composer (action_quotation_send → mail.compose.message
 * → action_send_mail) and quotation templates with optional products (sale_management), over
 * JSON-RPC. Expected values were read on a real Odoo 17 running the same calls.
 */
import { DEMO_USER_TZ, todayInZone, useSaleServer } from './sale_helpers';

const server = useSaleServer();

const ref = async (module: string, name: string) => (await server.rpc.ok('ir.model.data', 'check_object_reference', [module, name]))[1] as number;

test('sending a quotation: the composer renders the template, the order becomes sent and the customer follows it', async () => {
  const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 11, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
  const name = `S${String(id).padStart(5, '0')}`;
  const template = await ref('sale', 'email_template_edi_sale');
  const action = await server.rpc.ok('sale.order', 'action_quotation_send', [[id]]);
  expect(action).toEqual({
    type: 'ir.actions.act_window', view_mode: 'form', res_model: 'mail.compose.message', views: [[false, 'form']], view_id: false, target: 'new',
    context: {
      default_model: 'sale.order', default_res_ids: [id], default_template_id: template, default_composition_mode: 'comment', mark_so_as_sent: true,
      default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature', proforma: false, force_email: true, model_description: 'Quotation',
    },
  });
  const composer = await server.rpc.ok<number>('mail.compose.message', 'create', [{}], { context: action.context });
  expect((await server.rpc.ok('mail.compose.message', 'read', [[composer], ['subject', 'partner_ids', 'model', 'res_ids', 'template_id', 'composition_mode', 'email_from', 'author_id', 'message_type', 'subtype_id']], { context: action.context }))[0]).toEqual({
    id: composer, subject: `YourCompany Quotation (Ref ${name})`, partner_ids: [11], model: 'sale.order', res_ids: `[${id}]`, template_id: [template, 'Sales: Send Quotation'],
    composition_mode: 'comment', email_from: '"Mitchell Admin" <admin@yourcompany.example.com>', author_id: [3, 'YourCompany, Mitchell Admin'], message_type: 'comment', subtype_id: [1, 'Discussions'],
  });
  const before = await server.rpc.ok<number[]>('mail.message', 'search', [[['model', '=', 'sale.order'], ['res_id', '=', id]]]);
  expect(await server.rpc.ok('mail.compose.message', 'action_send_mail', [[composer]], { context: action.context })).toEqual({ type: 'ir.actions.act_window_close' });
  expect((await server.rpc.ok('sale.order', 'read', [[id], ['state', 'message_partner_ids']]))[0]).toEqual({ id, state: 'sent', message_partner_ids: [3, 11] });
  const posted = await server.rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', id], ['id', 'not in', before]], ['message_type', 'subtype_id', 'subject', 'partner_ids', 'author_id']]);
  expect(posted.map((m: Record<string, unknown>) => ({ ...m, id: 0 }))).toEqual([
    { id: 0, message_type: 'comment', subtype_id: [1, 'Discussions'], subject: `YourCompany Quotation (Ref ${name})`, partner_ids: [11], author_id: [3, 'YourCompany, Mitchell Admin'] },
  ]);
  const [mail] = await server.rpc.ok('mail.mail', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', id]], ['subject', 'recipient_ids', 'body_html']]);
  expect(mail).toMatchObject({ subject: `YourCompany Quotation (Ref ${name})`, recipient_ids: [11] });
  expect(mail.body_html).toContain(name);
});

test('a quotation template sets the validity and requirements; its optional products join the order on request', async () => {
  const id = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, sale_order_template_id: 1 }]);
  const [order] = await server.rpc.ok('sale.order', 'read', [[id], ['sale_order_template_id', 'validity_date', 'require_signature', 'require_payment', 'prepayment_percent', 'order_line', 'sale_order_option_ids']]);
  const in45 = todayInZone(DEMO_USER_TZ, 45);
  // created over RPC the template's lines are not copied (that is the form's onchange)
  expect(order).toEqual({ id, sale_order_template_id: [1, 'Large Meeting Table'], validity_date: in45, require_signature: true, require_payment: true, prepayment_percent: 1, order_line: [], sale_order_option_ids: [] });

  const other = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 34, product_uom_qty: 1 }]], sale_order_option_ids: [[0, 0, { product_id: 5, quantity: 4 }]] }]);
  const [option] = await server.rpc.ok('sale.order.option', 'search_read', [[['order_id', '=', other]], ['name', 'product_id', 'quantity', 'price_unit', 'discount', 'is_present', 'uom_id']]);
  expect(option).toEqual({ id: option.id, name: '[FURN_7777] Office Chair', product_id: [5, '[FURN_7777] Office Chair'], quantity: 4, price_unit: 70, discount: 0, is_present: false, uom_id: [1, 'Units'] });
  expect(await server.rpc.ok('sale.order.option', 'button_add_to_order', [[option.id]])).toBeUndefined();
  const lines = await server.rpc.ok('sale.order.line', 'search_read', [[['order_id', '=', other]], ['name', 'product_id', 'product_uom_qty', 'price_unit', 'sequence']], { order: 'id' });
  expect(lines.map((l: Record<string, unknown>) => [l.name, l.product_uom_qty, l.price_unit, l.sequence])).toEqual([
    ['[FURN_6741] Large Meeting Table\nConference room table', 1, 4000, 10],
    ['[FURN_7777] Office Chair', 4, 70, 11],
  ]);
  const [added] = await server.rpc.ok('sale.order.option', 'read', [[option.id], ['is_present', 'line_id']]);
  expect(added).toEqual({ id: option.id, is_present: true, line_id: [lines[1].id, `S${String(other).padStart(5, '0')} - [FURN_7777] Office Chair (Deco Addict)`] });
  expect((await server.rpc.ok('sale.order', 'read', [[other], ['amount_total']]))[0].amount_total).toBe(4280);
});
