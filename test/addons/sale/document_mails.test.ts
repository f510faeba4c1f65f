/**
 * Mails with the document's PDF attached (issue 14, item 7): the quotation sent from the
 * composer (action_quotation_send) and the order confirmation carry "Quotation - S000xx.pdf" /
 * "Order - S000xx.pdf" rendered by the template's report (report_template_ids), linked to the
 * message, the mail and the order as Odoo 17 links them; the outbox lists the files and serves
 * them. Also the mail templates' ids, which match Odoo's once account's templates load first.
 * Expected values were read on a real Odoo 17 (ref_sale) running the same calls.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import { unzipSync } from 'fflate';
import { Browser, outbox } from '../../portal/helpers';
import { py } from '../../integration/helpers';
import { aclMessage, DEMO, PORTAL, ruleMessage, useSaleServer } from './sale_helpers';

const server = useSaleServer();

const HAS_PDFTOTEXT = fs.existsSync('/usr/bin/pdftotext');
const pdfText = (bytes: Buffer): string | null => (HAS_PDFTOTEXT ? execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' }) : null);

async function quotationFor(name: string, email: string): Promise<{ partner: number; order: number; orderName: string }> {
  const partner = await server.rpc.ok<number>('res.partner', 'create', [{ name, email }]);
  const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: partner, order_line: [[0, 0, { product_id: 7, product_uom_qty: 3 }]] }]);
  const [{ name: orderName }] = await server.rpc.ok('sale.order', 'read', [[order], ['name']]);
  return { partner, order, orderName };
}

test('mail templates have Odoo\'s ids (account\'s 7–9 before sale\'s 10–13) and sale\'s parameters point at them', async () => {
  const templates = await server.rpc.ok('mail.template', 'search_read', [[['id', '>=', 7]], ['name', 'model']], { order: 'id' });
  expect(templates).toEqual([
    { id: 7, name: 'Invoice: Sending', model: 'account.move' },
    { id: 8, name: 'Payment: Payment Receipt', model: 'account.payment' },
    { id: 9, name: 'Credit Note: Sending', model: 'account.move' },
    { id: 10, name: 'Sales: Send Quotation', model: 'sale.order' },
    { id: 11, name: 'Sales: Order Confirmation', model: 'sale.order' },
    { id: 12, name: 'Sales: Payment Done', model: 'sale.order' },
    { id: 13, name: 'Sales: Order Cancellation', model: 'sale.order' },
  ]);
  const xmlids = await server.rpc.ok('ir.model.data', 'search_read', [[['model', '=', 'mail.template'], ['res_id', '>=', 7]], ['module', 'name', 'res_id']], { order: 'res_id' });
  expect(xmlids.map((x: Record<string, unknown>) => `${x.res_id} ${x.module}.${x.name}`)).toEqual([
    '7 account.email_template_edi_invoice', '8 account.mail_template_data_payment_receipt', '9 account.email_template_edi_credit_note',
    '10 sale.email_template_edi_sale', '11 sale.mail_template_sale_confirmation', '12 sale.mail_template_sale_payment_executed', '13 sale.mail_template_sale_cancellation',
  ]);
  const reports = await server.rpc.ok('mail.template', 'read', [[7, 8, 9, 10, 11, 12, 13], ['report_template_ids']]);
  const reportOf = async (xmlid: string) => (await server.rpc.ok('ir.model.data', 'check_object_reference', xmlid.split('.')))[1];
  const invoices = await reportOf('account.account_invoices');
  const order = await reportOf('sale.action_report_saleorder');
  expect(reports.map((r: { report_template_ids: number[] }) => r.report_template_ids)).toEqual([
    [invoices], [await reportOf('account.action_report_payment_receipt')], [invoices], [order], [order], [order], [],
  ]);
  const params = await server.rpc.ok('ir.config_parameter', 'search_read', [[['key', 'in', ['sale.default_invoice_email_template', 'sale.default_confirmation_template']]], ['key', 'value']], { order: 'key' });
  expect(params.map((p: Record<string, unknown>) => [p.key, p.value])).toEqual([['sale.default_confirmation_template', '11'], ['sale.default_invoice_email_template', '7']]);
});

test('the quotation mail carries "Quotation - S000xx.pdf": pending on the composer, then on the order, the message and the mail; the quotation is sent', async () => {
  const { partner, order, orderName } = await quotationFor('Dora Mailer', 'dora.mailer@example.com');
  const action = await server.rpc.ok('sale.order', 'action_quotation_send', [[order]]);
  expect(action).toEqual({
    type: 'ir.actions.act_window', view_mode: 'form', res_model: 'mail.compose.message', views: [[false, 'form']], view_id: false, target: 'new',
    context: {
      default_model: 'sale.order', default_res_ids: [order], default_template_id: 10, default_composition_mode: 'comment', mark_so_as_sent: true,
      default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature', proforma: false, force_email: true, model_description: 'Quotation',
    },
  });
  const composer = await server.rpc.ok<number>('mail.compose.message', 'create', [{}], { context: action.context });
  const [wizard] = await server.rpc.ok('mail.compose.message', 'read', [[composer], [
    'attachment_ids', 'subject', 'partner_ids', 'template_id', 'composition_mode', 'res_ids', 'model', 'email_from', 'record_name', 'email_layout_xmlid',
    'auto_delete', 'message_type', 'subtype_id',
  ]], { context: action.context });
  expect(wizard).toEqual({
    id: composer, attachment_ids: [expect.any(Number)], subject: `YourCompany Quotation (Ref ${orderName})`, partner_ids: [partner],
    template_id: [10, 'Sales: Send Quotation'], composition_mode: 'comment', res_ids: `[${order}]`, model: 'sale.order',
    email_from: '"Mitchell Admin" <admin@yourcompany.example.com>', record_name: orderName,
    email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature', auto_delete: true, message_type: 'comment', subtype_id: [1, 'Discussions'],
  });
  const [pending] = await server.rpc.ok('ir.attachment', 'read', [wizard.attachment_ids, ['name', 'res_model', 'res_id', 'mimetype', 'type', 'res_field']]);
  expect(pending).toEqual({ id: wizard.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, res_model: 'mail.compose.message', res_id: 0, mimetype: 'application/pdf', type: 'binary', res_field: false });

  expect(await server.rpc.ok('mail.compose.message', 'action_send_mail', [[composer]], { context: action.context })).toEqual({ type: 'ir.actions.act_window_close' });
  // mark_so_as_sent: the draft quotation is now sent
  expect((await server.rpc.ok('sale.order', 'read', [[order], ['state']]))[0].state).toBe('sent');
  const [linked] = await server.rpc.ok('ir.attachment', 'read', [wizard.attachment_ids, ['res_model', 'res_id', 'res_name', 'datas']]);
  expect(linked).toMatchObject({ res_model: 'sale.order', res_id: order, res_name: orderName });
  const [message] = await server.rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', order], ['message_type', '=', 'comment']], ['attachment_ids', 'subject', 'partner_ids', 'subtype_id', 'author_id', 'email_from']]);
  expect(message).toMatchObject({
    attachment_ids: wizard.attachment_ids, subject: `YourCompany Quotation (Ref ${orderName})`, partner_ids: [partner], subtype_id: [1, 'Discussions'],
    author_id: [3, 'YourCompany, Mitchell Admin'], email_from: '"Mitchell Admin" <admin@yourcompany.example.com>',
  });
  const [mail] = await server.rpc.ok('mail.mail', 'search_read', [[['mail_message_id', '=', message.id]], ['attachment_ids', 'recipient_ids', 'email_to', 'auto_delete', 'subject']]);
  expect(mail).toMatchObject({ attachment_ids: wizard.attachment_ids, recipient_ids: [partner], email_to: false, auto_delete: true, subject: `YourCompany Quotation (Ref ${orderName})` });

  // the PDF is the quotation
  const text = pdfText(Buffer.from(linked.datas, 'base64'));
  if (text !== null) {
    expect(text).toContain(`Quotation # ${orderName}`);
    expect(text).toContain('Dora Mailer');
  }

  // the outbox lists it with its size and serves it
  const [sent] = await outbox(server.srv, { db: server.srv.db, to: 'dora.mailer@example.com' });
  expect(sent.subject).toBe(`YourCompany Quotation (Ref ${orderName})`);
  // the portal link, absolute (web.base.url) with the order's access token
  const [{ access_token: token }] = await server.rpc.ok('sale.order', 'read', [[order], ['access_token']]);
  expect(sent.links.some((l) => /^https?:\/\//.test(l.url) && l.url.endsWith(`/my/orders/${order}?access_token=${token}`))).toBe(true);
  expect(sent.attachments).toEqual([{
    id: wizard.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, mimetype: 'application/pdf', size: Buffer.from(linked.datas, 'base64').length,
    url: `/emulator/outbox/${sent.id}/attachments/${wizard.attachment_ids[0]}?db=${server.srv.db}`,
  }]);
  const file = await fetch(server.srv.url + sent.attachments[0].url);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('application/pdf');
  expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`Quotation - ${orderName}.pdf`)}`);
  expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(linked.datas, 'base64'))).toBe(true);
  // the outbox serves only the files of that mail
  expect((await fetch(`${server.srv.url}/emulator/outbox/${sent.id}/attachments/1?db=${server.srv.db}`)).status).toBe(404);
  const page = await (await fetch(`${server.srv.url}/emulator/outbox/${sent.id}?db=${server.srv.db}`)).text();
  expect(page).toContain(`Quotation - ${orderName}.pdf`);
});

test('the confirmation mail carries "Order - S000xx.pdf"', async () => {
  const { order, orderName } = await quotationFor('Otto Confirm', 'otto.confirm@example.com');
  await server.rpc.ok('sale.order', 'action_confirm', [[order]], { context: { send_email: true } });
  const messages = await server.rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', order], ['attachment_ids', '!=', false]], ['subject', 'message_type', 'subtype_id', 'attachment_ids']]);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({ subject: `YourCompany Order (Ref ${orderName})`, message_type: 'notification', subtype_id: [1, 'Discussions'] });
  const [file] = await server.rpc.ok('ir.attachment', 'read', [messages[0].attachment_ids, ['name', 'res_model', 'res_id', 'datas']]);
  expect(file).toMatchObject({ name: `Order - ${orderName}.pdf`, res_model: 'sale.order', res_id: order });
  const text = pdfText(Buffer.from(file.datas, 'base64'));
  if (text !== null) expect(text).toContain(`Order # ${orderName}`);
  const [sent] = await outbox(server.srv, { db: server.srv.db, to: 'otto.confirm@example.com' });
  expect(sent.attachments.map((a) => a.name)).toEqual([`Order - ${orderName}.pdf`]);
});

test('the customer\'s signature confirms the order: "Order - S000xx.pdf" with the confirmation, "S000xx.pdf" on "Order signed by …"', async () => {
  const partner = await server.rpc.ok<number>('res.partner', 'create', [{ name: 'Sam Signer Co', email: 'sam.signer@example.com' }]);
  const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: partner, require_signature: true, require_payment: false, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
  const url = await server.rpc.ok<string>('sale.order', 'get_portal_url', [[order]]);
  const token = url.split('access_token=')[1];
  const b = new Browser(server.srv.url);
  await b.get(`/web/login?db=${server.srv.db}`);
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const r = await b.request(`/my/orders/${order}/accept?access_token=${token}`, {
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { name: 'Sam Signer', signature: png } }), contentType: 'application/json',
  });
  expect(JSON.parse(r.text).result).toEqual({ force_refresh: true, redirect_url: `/my/orders/${order}?access_token=${token}&message=sign_ok` });
  const [read] = await server.rpc.ok('sale.order', 'read', [[order], ['name', 'state', 'signed_by']]);
  expect(read).toMatchObject({ state: 'sale', signed_by: 'Sam Signer' });
  // as on ref_sale: the confirmation (a notification) and the customer's comment, each with its PDF
  const messages = await server.rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', order], ['attachment_ids', '!=', false]],
    ['body', 'message_type', 'subtype_id', 'attachment_ids', 'author_id']]);
  expect(messages.map((m: any) => [m.message_type, m.subtype_id, m.author_id[0]])).toEqual([['comment', [1, 'Discussions'], partner], ['notification', [1, 'Discussions'], 3]]);
  expect(messages[0].body).toBe('<p>Order signed by Sam Signer</p>');
  const names = async (ids: number[]) => (await server.rpc.ok('ir.attachment', 'read', [ids, ['name', 'res_model', 'res_id', 'mimetype']])).map((a: any) => ({ ...a, id: undefined }));
  expect(await names(messages[0].attachment_ids)).toEqual([{ id: undefined, name: `${read.name}.pdf`, res_model: 'sale.order', res_id: order, mimetype: 'application/pdf' }]);
  expect(await names(messages[1].attachment_ids)).toEqual([{ id: undefined, name: `Order - ${read.name}.pdf`, res_model: 'sale.order', res_id: order, mimetype: 'application/pdf' }]);
});

test('mail.template.send_mail attaches the template\'s reports to the mail\'s message', async () => {
  const { order, orderName } = await quotationFor('Tess Template', 'tess.template@example.com');
  const mailId = await server.rpc.ok<number>('mail.template', 'send_mail', [[10], order], { force_send: true });
  const [mail] = await server.rpc.ok('mail.mail', 'read', [[mailId], ['attachment_ids', 'mail_message_id']]);
  const files = await server.rpc.ok('ir.attachment', 'read', [mail.attachment_ids, ['name', 'res_model', 'res_id']]);
  expect(files).toEqual([{ id: mail.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, res_model: 'mail.message', res_id: mail.mail_message_id[0] }]);
});

/** A posted customer invoice (or credit note) of 2 × 100 for a new customer with an email. */
async function postedInvoice(name: string, email: string, moveType = 'out_invoice'): Promise<{ partner: number; move: number; moveName: string }> {
  const partner = await server.rpc.ok<number>('res.partner', 'create', [{ name, email }]);
  const move = await server.rpc.ok<number>('account.move', 'create', [{ move_type: moveType, partner_id: partner, invoice_line_ids: [[0, 0, { product_id: 7, quantity: 2, price_unit: 100 }]] }]);
  await server.rpc.ok('account.move', 'action_post', [[move]]);
  const [{ name: moveName }] = await server.rpc.ok('account.move', 'read', [[move], ['name']]);
  return { partner, move, moveName };
}

const WIZARD_FIELDS = ['company_id', 'move_ids', 'mode', 'enable_download', 'checkbox_download', 'enable_send_mail', 'checkbox_send_mail', 'display_mail_composer',
  'send_mail_warning_message', 'send_mail_readonly', 'mail_template_id', 'mail_lang', 'mail_partner_ids', 'mail_subject', 'mail_attachments_widget'];

describe('Send & Print of invoices (account.move.send)', () => {
  test('one invoice: the PDF "INV_2026_000xx.pdf" is stored on the invoice, mailed with the template and downloaded; the invoice is sent', async () => {
    const { partner, move, moveName } = await postedInvoice('Ivy Invoice', 'ivy.invoice@example.com');
    const fileName = `${moveName.replace(/\//g, '_')}.pdf`;
    expect(fileName).toMatch(/^INV_\d{4}_\d{5}\.pdf$/);
    const before = (await server.rpc.ok('account.move', 'read', [[move], ['is_move_sent', 'invoice_pdf_report_id', 'message_main_attachment_id']]))[0];
    expect(before).toEqual({ id: move, is_move_sent: false, invoice_pdf_report_id: false, message_main_attachment_id: false });

    const action = await server.rpc.ok('account.move', 'action_send_and_print', [[move]]);
    expect(action).toEqual({
      name: 'Send', type: 'ir.actions.act_window', view_type: 'form', view_mode: 'form', res_model: 'account.move.send', target: 'new',
      context: { active_ids: [move], default_mail_template_id: 7 },
    });
    // the form's button answers the same action once the layout question is out of the way
    expect(await server.rpc.ok('account.move', 'action_invoice_sent', [[move]], { context: { discard_logo_check: true } })).toEqual(action);

    const wizardId = await server.rpc.ok<number>('account.move.send', 'create', [{}], { context: action.context });
    const [wizard] = await server.rpc.ok('account.move.send', 'read', [[wizardId], WIZARD_FIELDS], { context: action.context });
    expect(wizard).toEqual({
      id: wizardId, company_id: [1, 'YourCompany'], move_ids: [move], mode: 'invoice_single', enable_download: true, checkbox_download: true,
      enable_send_mail: true, checkbox_send_mail: true, display_mail_composer: true, send_mail_warning_message: false, send_mail_readonly: false,
      mail_template_id: [7, 'Invoice: Sending'], mail_lang: 'en_US', mail_partner_ids: [partner], mail_subject: `YourCompany Invoice (Ref ${moveName})`,
      mail_attachments_widget: [{ id: `placeholder_${fileName}`, name: fileName, mimetype: 'application/pdf', placeholder: true }],
    });

    const result = await server.rpc.ok('account.move.send', 'action_send_and_print', [[wizardId]], { context: action.context });
    const after = (await server.rpc.ok('account.move', 'read', [[move], ['is_move_sent', 'invoice_pdf_report_id', 'message_main_attachment_id', 'send_and_print_values']]))[0];
    expect(after).toEqual({
      id: move, is_move_sent: true, invoice_pdf_report_id: [expect.any(Number), fileName], message_main_attachment_id: after.invoice_pdf_report_id, send_and_print_values: false,
    });
    const pdfId = after.invoice_pdf_report_id[0];
    expect(result).toEqual({ type: 'ir.actions.act_url', url: `/web/content/${pdfId}?download=true`, close: true });
    const [stored] = await server.rpc.ok('ir.attachment', 'read', [[pdfId], ['name', 'res_model', 'res_id', 'res_field', 'mimetype', 'datas']]);
    expect(stored).toMatchObject({ name: fileName, res_model: 'account.move', res_id: move, res_field: 'invoice_pdf_report_file', mimetype: 'application/pdf' });
    const text = pdfText(Buffer.from(stored.datas, 'base64'));
    if (text !== null) {
      expect(text).toContain(`Invoice ${moveName}`);
      expect(text).toContain('Ivy Invoice');
    }

    // the mail: a comment on the invoice with a copy of the PDF owned by the message
    const messages = await server.rpc.ok('mail.message', 'search_read', [[['model', '=', 'account.move'], ['res_id', '=', move], ['message_type', '=', 'comment']],
      ['subject', 'subtype_id', 'attachment_ids', 'partner_ids', 'author_id', 'email_from']]);
    expect(messages).toEqual([{
      id: expect.any(Number), subject: `YourCompany Invoice (Ref ${moveName})`, subtype_id: [1, 'Discussions'], attachment_ids: [expect.any(Number)],
      partner_ids: [partner], author_id: [3, 'YourCompany, Mitchell Admin'], email_from: '"Mitchell Admin" <admin@yourcompany.example.com>',
    }]);
    const [copy] = await server.rpc.ok('ir.attachment', 'read', [messages[0].attachment_ids, ['name', 'res_model', 'res_id', 'res_field']]);
    expect(copy).toEqual({ id: messages[0].attachment_ids[0], name: fileName, res_model: 'mail.message', res_id: messages[0].id, res_field: false });
    const [mail] = await server.rpc.ok('mail.mail', 'search_read', [[['mail_message_id', '=', messages[0].id]], ['attachment_ids', 'recipient_ids', 'email_to', 'auto_delete', 'subject']]);
    expect(mail).toMatchObject({ attachment_ids: messages[0].attachment_ids, recipient_ids: [partner], email_to: false, auto_delete: true });

    // in the outbox: the portal link with the invoice's token and the PDF
    const [sent] = await outbox(server.srv, { db: server.srv.db, to: 'ivy.invoice@example.com' });
    expect(sent.subject).toBe(`YourCompany Invoice (Ref ${moveName})`);
    const [{ access_token: token }] = await server.rpc.ok('account.move', 'read', [[move], ['access_token']]);
    expect(sent.links.some((l) => /^https?:\/\//.test(l.url) && l.url.endsWith(`/my/invoices/${move}?access_token=${token}`))).toBe(true);
    // the body says what Odoo 17's says for this invoice (read on ref_sale, whitespace aside)
    const said = sent.body_text.replace(/\s+/g, ' ');
    expect(said).toContain(`Dear Ivy Invoice, Here is your invoice ${moveName} amounting in $ 200.00 from YourCompany. Please remit payment at your earliest convenience.`);
    expect(said).toContain(`Please use the following communication for your payment: ${moveName}`);
    expect(said).toContain('Do not hesitate to contact us if you have any questions. -- Mitchell Admin');
    expect(sent.attachments.map((a) => [a.name, a.mimetype])).toEqual([[fileName, 'application/pdf']]);
    const file = await fetch(server.srv.url + sent.attachments[0].url);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(stored.datas, 'base64'))).toBe(true);

    // the customer's portal download is now that stored document (the same bytes), named by the
    // portal as Odoo's _get_http_headers does: "INV-2026-000xx.pdf" (checked on ref_sale)
    const portal = await fetch(`${server.srv.url}/my/invoices/${move}?access_token=${token}&report_type=pdf&download=true`);
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${moveName.replace(/\W+/g, '-')}.pdf`);
    expect(Buffer.from(await portal.arrayBuffer()).equals(Buffer.from(stored.datas, 'base64'))).toBe(true);

    // sending again reuses the stored PDF (no second document) and offers it in the widget
    const again = await server.rpc.ok<number>('account.move.send', 'create', [{}], { context: action.context });
    const [w2] = await server.rpc.ok('account.move.send', 'read', [[again], ['mail_attachments_widget']]);
    expect(w2.mail_attachments_widget).toEqual([{ id: pdfId, name: fileName, mimetype: 'application/pdf', placeholder: false, protect_from_deletion: true }]);
  });

  test('a credit note uses the credit note template; unchecking "Email" only makes the document', async () => {
    const { move, moveName } = await postedInvoice('Rita Refund', 'rita.refund@example.com', 'out_refund');
    const action = await server.rpc.ok('account.move', 'action_send_and_print', [[move]]);
    expect(action.context).toEqual({ active_ids: [move], default_mail_template_id: 9 });
    const wizardId = await server.rpc.ok<number>('account.move.send', 'create', [{ checkbox_send_mail: false, checkbox_download: false }], { context: action.context });
    const [wizard] = await server.rpc.ok('account.move.send', 'read', [[wizardId], ['mail_subject', 'mail_template_id']]);
    expect(wizard).toMatchObject({ mail_subject: `YourCompany Credit Note (Ref ${moveName})`, mail_template_id: [9, 'Credit Note: Sending'] });
    expect(await server.rpc.ok('account.move.send', 'action_send_and_print', [[wizardId]])).toEqual({ type: 'ir.actions.act_window_close' });
    const [after] = await server.rpc.ok('account.move', 'read', [[move], ['is_move_sent', 'invoice_pdf_report_id']]);
    expect(after).toEqual({ id: move, is_move_sent: true, invoice_pdf_report_id: [expect.any(Number), `${moveName.replace(/\//g, '_')}.pdf`] });
    expect(moveName).toMatch(/^RINV\/\d{4}\/\d{5}$/);
    expect(await server.rpc.ok('mail.message', 'search_count', [[['model', '=', 'account.move'], ['res_id', '=', move], ['message_type', '=', 'comment']]])).toBe(0);
    expect(await outbox(server.srv, { db: server.srv.db, to: 'rita.refund@example.com' })).toEqual([]);
  });

  test('several invoices: Odoo\'s "being sent" notification, each mailed with its own PDF; drafts and entries are refused with Odoo\'s messages', async () => {
    const a = await postedInvoice('Mona Multi', 'mona.multi@example.com');
    const b = await postedInvoice('Mona Multi Refund', 'mona.multi.refund@example.com', 'out_refund');
    const ctx = { active_ids: [a.move, b.move], default_mail_template_id: 7 };
    const wizardId = await server.rpc.ok<number>('account.move.send', 'create', [{}], { context: ctx });
    const [wizard] = await server.rpc.ok('account.move.send', 'read', [[wizardId], ['mode', 'checkbox_download', 'checkbox_send_mail', 'display_mail_composer', 'mail_subject', 'mail_partner_ids', 'mail_lang', 'mail_attachments_widget']]);
    expect(wizard).toEqual({
      id: wizardId, mode: 'invoice_multi', checkbox_download: true, checkbox_send_mail: true, display_mail_composer: false,
      mail_subject: false, mail_partner_ids: [], mail_lang: 'en_US', mail_attachments_widget: false,
    });
    await server.rpc.ok('account.move.send', 'write', [[wizardId], { checkbox_download: false }]);
    expect(await server.rpc.ok('account.move.send', 'action_send_and_print', [[wizardId]], { context: ctx })).toEqual({
      type: 'ir.actions.client', tag: 'display_notification',
      params: { type: 'info', title: 'Sending invoices', message: 'Invoices are being sent in the background.', next: { type: 'ir.actions.act_window_close' } },
    });
    // Odoo leaves them to its cron; the emulator sends them at once (the same mails)
    for (const [doc, email] of [[a, 'mona.multi@example.com'], [b, 'mona.multi.refund@example.com']] as const) {
      const [sent] = await outbox(server.srv, { db: server.srv.db, to: email });
      expect(sent.subject).toBe(`YourCompany Invoice (Ref ${doc.moveName})`);
      expect(sent.attachments.map((x) => x.name)).toEqual([`${doc.moveName.replace(/\//g, '_')}.pdf`]);
    }

    const draft = await server.rpc.ok<number>('account.move', 'create', [{ move_type: 'out_invoice', partner_id: a.partner }]);
    expect(await server.rpc.call('account.move.send', 'create', [{}], { context: { active_ids: [a.move, draft] } })).toEqual({
      error: 'odoo.exceptions.UserError', message: "You can't Send & Print invoice(s) in draft state.",
    });
    const [entry] = await server.rpc.ok<number[]>('account.move', 'search', [[['move_type', '=', 'entry']]], { limit: 1 });
    expect(await server.rpc.call('account.move', 'action_send_and_print', [[entry]])).toEqual({ error: 'odoo.exceptions.UserError', message: 'You can only send sales documents' });
  });
});

describe('Send & Print access', () => {
  test('a salesman may send an invoice (sale gives salesmen the wizard); a portal user is refused with Odoo\'s messages', async () => {
    const { move } = await postedInvoice('Al Access', 'al.access@example.com');
    const demo = server.rpc.as(DEMO);
    expect((await demo.ok('account.move', 'action_send_and_print', [[move]])).res_model).toBe('account.move.send');
    expect(typeof await demo.ok('account.move.send', 'create', [{}], { context: { active_ids: [move] } })).toBe('number');
    const portal = server.rpc.as(PORTAL);
    expect(await portal.call('account.move.send', 'create', [{}], { context: { active_ids: [move] } })).toEqual({
      error: 'odoo.exceptions.AccessError',
      message: aclMessage('create', 'Account Move Send', 'account.move.send', ['Invoicing/Billing', 'Sales/User: Own Documents Only']),
    });
    expect(await portal.call('account.move', 'action_send_and_print', [[move]])).toEqual({
      error: 'odoo.exceptions.AccessError', message: ruleMessage('Joel Willis', 7, 'read', 'Journal Entry', 'account.move'),
    });
  });
});

describe('Send & Print download of several invoices', () => {
  test('the PDFs come as a zip from /account/export_zip_documents, newest invoice first, for a logged-in user only', async () => {
    const a = await postedInvoice('Zara Zip', 'zara.zip@example.com');
    const b = await postedInvoice('Zara Zip Two', 'zara.zip2@example.com');
    const ctx = { active_ids: [a.move, b.move], default_mail_template_id: 7 };
    const wizardId = await server.rpc.ok<number>('account.move.send', 'create', [{ checkbox_send_mail: false }], { context: ctx });
    const result = await server.rpc.ok('account.move.send', 'action_send_and_print', [[wizardId]], { context: ctx });
    const moves = await server.rpc.ok('account.move', 'read', [[b.move, a.move], ['invoice_pdf_report_id']]);
    // ids in the invoices' order (date desc, name desc): the second invoice's PDF first, as on ref_sale
    const pdfIds = moves.map((m: { invoice_pdf_report_id: [number, string] }) => m.invoice_pdf_report_id[0]);
    expect(result).toEqual({ type: 'ir.actions.act_url', url: `/account/export_zip_documents?ids=${pdfIds[0]}&ids=${pdfIds[1]}&filename=invoices.zip`, close: true });
    expect(await outbox(server.srv, { db: server.srv.db, to: 'zara.zip@example.com' })).toEqual([]);

    const b1 = new Browser(server.srv.url);
    await b1.get(`/web/login?db=${server.srv.db}`);
    await b1.login('admin', 'admin');
    const res = await fetch(server.srv.url + result.url, { headers: { Cookie: `session_id=${b1.sessionId}` } });
    expect([res.status, res.headers.get('content-type'), res.headers.get('content-disposition')]).toEqual([200, 'zip', "attachment; filename*=UTF-8''invoices.zip"]);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual([b.moveName, a.moveName].map((n) => `${n.replace(/\//g, '_')}.pdf`));
    expect(Buffer.from(files[`${a.moveName.replace(/\//g, '_')}.pdf`]).subarray(0, 5).toString()).toBe('%PDF-');
    // without a session: the login page, as for any auth="user" route
    const anonymous = await fetch(server.srv.url + result.url, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/web/login');
  });
});

describe('OdooRPC', () => {
  test('odoo.report.list() lists the reports by model as Odoo returns them (ir.actions.report search + read over XML-RPC and JSON-RPC)', async () => {
    // what OdooRPC's report.list() does, over XML-RPC
    const viaXmlrpc = await py(`
      ids = admin('ir.actions.report', 'search', [[]])
      reports = admin('ir.actions.report', 'read', [ids, ['name', 'model', 'report_name', 'report_type']])
      by_model = {}
      for r in reports:
          model = r.pop('model'); r.pop('id')
          by_model.setdefault(model, []).append(r)
      out(by_model)
    `, { url: server.srv.url, db: server.srv.db }, '/usr/bin/python3');
    // the client itself (JSON-RPC)
    const viaOdoorpc = await py(`
      import odoorpc
      from urllib.parse import urlparse
      u = urlparse(URL)
      odoo = odoorpc.ODOO(u.hostname, port=u.port)
      odoo.login(DB, 'admin', 'admin')
      out(odoo.report.list())
    `, { url: server.srv.url, db: server.srv.db }, '/usr/bin/python3');
    // read on a real Odoo 17 (ref_sale): ir.actions.report is ordered by name
    const moveReports = [
      { name: 'Invoices', report_name: 'account.report_invoice_with_payments', report_type: 'qweb-pdf' },
      { name: 'Invoices without Payment', report_name: 'account.report_invoice', report_type: 'qweb-pdf' },
      { name: 'Original Bills', report_name: 'account.report_original_vendor_bill', report_type: 'qweb-pdf' },
    ];
    const orderReports = [
      { name: 'PDF Quote', report_name: 'sale.report_saleorder', report_type: 'qweb-pdf' },
      { name: 'PRO-FORMA Invoice', report_name: 'sale.report_saleorder_pro_forma', report_type: 'qweb-pdf' },
      { name: 'Quotation / Order', report_name: 'sale.report_saleorder_raw', report_type: 'qweb-pdf' },
    ];
    for (const listed of [viaXmlrpc, viaOdoorpc]) {
      expect(listed['account.move']).toEqual(moveReports);
      expect(listed['sale.order']).toEqual(orderReports);
      // OdooRPC's own test_report_list
      expect(listed['account.move'].some((r: { report_name: string }) => r.report_name.includes('account.report_invoice'))).toBe(true);
    }
    expect(viaOdoorpc).toEqual(viaXmlrpc);
  });
});
