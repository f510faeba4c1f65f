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
import { type TestServer } from '../../helpers/server';
import { outbox } from '../../portal/helpers';
import { ADMIN, SaleRpc, startSaleServer } from './sale_helpers';

let srv: TestServer;
let rpc: SaleRpc;
beforeAll(async () => {
  srv = await startSaleServer();
  rpc = new SaleRpc(srv, ADMIN);
}, 300000);
afterAll(async () => { await srv?.close(); });

const HAS_PDFTOTEXT = fs.existsSync('/usr/bin/pdftotext');
const pdfText = (bytes: Buffer): string | null => (HAS_PDFTOTEXT ? execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' }) : null);

async function quotationFor(name: string, email: string): Promise<{ partner: number; order: number; orderName: string }> {
  const partner = await rpc.ok<number>('res.partner', 'create', [{ name, email }]);
  const order = await rpc.ok<number>('sale.order', 'create', [{ partner_id: partner, order_line: [[0, 0, { product_id: 7, product_uom_qty: 3 }]] }]);
  const [{ name: orderName }] = await rpc.ok('sale.order', 'read', [[order], ['name']]);
  return { partner, order, orderName };
}

test('mail templates have Odoo\'s ids (account\'s 7–9 before sale\'s 10–13) and sale\'s parameters point at them', async () => {
  const templates = await rpc.ok('mail.template', 'search_read', [[['id', '>=', 7]], ['name', 'model']], { order: 'id' });
  expect(templates).toEqual([
    { id: 7, name: 'Invoice: Sending', model: 'account.move' },
    { id: 8, name: 'Payment: Payment Receipt', model: 'account.payment' },
    { id: 9, name: 'Credit Note: Sending', model: 'account.move' },
    { id: 10, name: 'Sales: Send Quotation', model: 'sale.order' },
    { id: 11, name: 'Sales: Order Confirmation', model: 'sale.order' },
    { id: 12, name: 'Sales: Payment Done', model: 'sale.order' },
    { id: 13, name: 'Sales: Order Cancellation', model: 'sale.order' },
  ]);
  const xmlids = await rpc.ok('ir.model.data', 'search_read', [[['model', '=', 'mail.template'], ['res_id', '>=', 7]], ['module', 'name', 'res_id']], { order: 'res_id' });
  expect(xmlids.map((x: Record<string, unknown>) => `${x.res_id} ${x.module}.${x.name}`)).toEqual([
    '7 account.email_template_edi_invoice', '8 account.mail_template_data_payment_receipt', '9 account.email_template_edi_credit_note',
    '10 sale.email_template_edi_sale', '11 sale.mail_template_sale_confirmation', '12 sale.mail_template_sale_payment_executed', '13 sale.mail_template_sale_cancellation',
  ]);
  const reports = await rpc.ok('mail.template', 'read', [[7, 8, 9, 10, 11, 12, 13], ['report_template_ids']]);
  const reportOf = async (xmlid: string) => (await rpc.ok('ir.model.data', 'check_object_reference', xmlid.split('.')))[1];
  const invoices = await reportOf('account.account_invoices');
  const order = await reportOf('sale.action_report_saleorder');
  expect(reports.map((r: { report_template_ids: number[] }) => r.report_template_ids)).toEqual([
    [invoices], [await reportOf('account.action_report_payment_receipt')], [invoices], [order], [order], [order], [],
  ]);
  const params = await rpc.ok('ir.config_parameter', 'search_read', [[['key', 'in', ['sale.default_invoice_email_template', 'sale.default_confirmation_template']]], ['key', 'value']], { order: 'key' });
  expect(params.map((p: Record<string, unknown>) => [p.key, p.value])).toEqual([['sale.default_confirmation_template', '11'], ['sale.default_invoice_email_template', '7']]);
});

test('the quotation mail carries "Quotation - S000xx.pdf": pending on the composer, then on the order, the message and the mail', async () => {
  const { partner, order, orderName } = await quotationFor('Dora Mailer', 'dora.mailer@example.com');
  const action = await rpc.ok('sale.order', 'action_quotation_send', [[order]]);
  const composer = await rpc.ok<number>('mail.compose.message', 'create', [{}], { context: action.context });
  const [wizard] = await rpc.ok('mail.compose.message', 'read', [[composer], ['attachment_ids', 'subject']], { context: action.context });
  expect(wizard.subject).toBe(`YourCompany Quotation (Ref ${orderName})`);
  expect(wizard.attachment_ids).toHaveLength(1);
  const [pending] = await rpc.ok('ir.attachment', 'read', [wizard.attachment_ids, ['name', 'res_model', 'res_id', 'mimetype', 'type', 'res_field']]);
  expect(pending).toEqual({ id: wizard.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, res_model: 'mail.compose.message', res_id: 0, mimetype: 'application/pdf', type: 'binary', res_field: false });

  await rpc.ok('mail.compose.message', 'action_send_mail', [[composer]], { context: action.context });
  const [linked] = await rpc.ok('ir.attachment', 'read', [wizard.attachment_ids, ['res_model', 'res_id', 'res_name', 'datas']]);
  expect(linked).toMatchObject({ res_model: 'sale.order', res_id: order, res_name: orderName });
  const [message] = await rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', order], ['message_type', '=', 'comment']], ['attachment_ids', 'subject', 'partner_ids']]);
  expect(message).toMatchObject({ attachment_ids: wizard.attachment_ids, subject: `YourCompany Quotation (Ref ${orderName})`, partner_ids: [partner] });
  const [mail] = await rpc.ok('mail.mail', 'search_read', [[['mail_message_id', '=', message.id]], ['attachment_ids', 'recipient_ids']]);
  expect(mail).toMatchObject({ attachment_ids: wizard.attachment_ids, recipient_ids: [partner] });

  // the PDF is the quotation
  const text = pdfText(Buffer.from(linked.datas, 'base64'));
  if (text !== null) {
    expect(text).toContain(`Quotation # ${orderName}`);
    expect(text).toContain('Dora Mailer');
  }

  // the outbox lists it with its size and serves it
  const [sent] = await outbox(srv, { db: srv.db, to: 'dora.mailer@example.com' });
  expect(sent.subject).toBe(`YourCompany Quotation (Ref ${orderName})`);
  expect(sent.links.some((l) => l.url.includes(`/my/orders/${order}?access_token=`))).toBe(true);
  expect(sent.attachments).toEqual([{
    id: wizard.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, mimetype: 'application/pdf', size: Buffer.from(linked.datas, 'base64').length,
    url: `/emulator/outbox/${sent.id}/attachments/${wizard.attachment_ids[0]}?db=${srv.db}`,
  }]);
  const file = await fetch(srv.url + sent.attachments[0].url);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('application/pdf');
  expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`Quotation - ${orderName}.pdf`)}`);
  expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(linked.datas, 'base64'))).toBe(true);
  // the outbox serves only the files of that mail
  expect((await fetch(`${srv.url}/emulator/outbox/${sent.id}/attachments/1?db=${srv.db}`)).status).toBe(404);
  const page = await (await fetch(`${srv.url}/emulator/outbox/${sent.id}?db=${srv.db}`)).text();
  expect(page).toContain(`Quotation - ${orderName}.pdf`);
});

test('the confirmation mail carries "Order - S000xx.pdf"', async () => {
  const { order, orderName } = await quotationFor('Otto Confirm', 'otto.confirm@example.com');
  await rpc.ok('sale.order', 'action_confirm', [[order]], { context: { send_email: true } });
  const messages = await rpc.ok('mail.message', 'search_read', [[['model', '=', 'sale.order'], ['res_id', '=', order], ['attachment_ids', '!=', false]], ['subject', 'message_type', 'subtype_id', 'attachment_ids']]);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({ subject: `YourCompany Order (Ref ${orderName})`, message_type: 'notification', subtype_id: [1, 'Discussions'] });
  const [file] = await rpc.ok('ir.attachment', 'read', [messages[0].attachment_ids, ['name', 'res_model', 'res_id', 'datas']]);
  expect(file).toMatchObject({ name: `Order - ${orderName}.pdf`, res_model: 'sale.order', res_id: order });
  const text = pdfText(Buffer.from(file.datas, 'base64'));
  if (text !== null) expect(text).toContain(`Order # ${orderName}`);
  const [sent] = await outbox(srv, { db: srv.db, to: 'otto.confirm@example.com' });
  expect(sent.attachments.map((a) => a.name)).toEqual([`Order - ${orderName}.pdf`]);
});

test('mail.template.send_mail attaches the template\'s reports to the mail\'s message', async () => {
  const { order, orderName } = await quotationFor('Tess Template', 'tess.template@example.com');
  const mailId = await rpc.ok<number>('mail.template', 'send_mail', [[10], order], { force_send: true });
  const [mail] = await rpc.ok('mail.mail', 'read', [[mailId], ['attachment_ids', 'mail_message_id']]);
  const files = await rpc.ok('ir.attachment', 'read', [mail.attachment_ids, ['name', 'res_model', 'res_id']]);
  expect(files).toEqual([{ id: mail.attachment_ids[0], name: `Quotation - ${orderName}.pdf`, res_model: 'mail.message', res_id: mail.mail_message_id[0] }]);
});
