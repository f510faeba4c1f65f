/**
 * Reports as records (issue 13/14 follow-up): the ir.actions.report records of sale,
 * sale_pdf_quote_builder and account with Odoo 17's xml ids and fields, their bindings (the
 * form's Print menu), report_action, and the report routes rendering by the records (file names
 * from print_report_name, attachments saved by `attachment`). Expected values were read on a
 * real Odoo 17 (database ref_sale) with the same calls; record ids differ (the emulator loads
 * fewer actions), xml ids do not. PDF texts are read with pdftotext.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import { Browser } from '../../portal/helpers';
import { ADMIN, DEMO, useSaleServer } from './sale_helpers';

const server = useSaleServer();

const ref = async (xmlid: string) => (await server.rpc.ok('ir.model.data', 'check_object_reference', xmlid.split('.')))[1] as number;
const HAS_PDFTOTEXT = fs.existsSync('/usr/bin/pdftotext');

/** The text of a PDF (pdftotext -layout), or null where poppler is missing. */
function pdfText(bytes: Buffer): string | null {
  if (!HAS_PDFTOTEXT) return null;
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
}

async function adminBrowser(): Promise<Browser> {
  const b = new Browser(server.srv.url);
  await b.get(`/web/login?db=${server.srv.db}`);
  await b.login('admin', 'admin');
  return b;
}

async function fetchBytes(b: Browser, path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  let body: string | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(server.srv.url + path, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function csrf(b: Browser): Promise<string> {
  const page = await b.get('/my/account');
  return /name="csrf_token" value="([^"]+)"/.exec(page.text)![1];
}

describe('report records', () => {
  test('sale, sale_pdf_quote_builder and account load their reports with Odoo\'s xml ids and fields', async () => {
    const fields = ['name', 'report_name', 'report_file', 'model', 'report_type', 'print_report_name', 'binding_type', 'binding_view_types', 'attachment', 'attachment_use', 'binding_model_id'];
    const read = async (xmlid: string) => {
      const [r] = await server.rpc.ok('ir.actions.report', 'read', [[await ref(xmlid)], fields]);
      return { ...r, id: undefined, binding_model_id: r.binding_model_id ? r.binding_model_id[1] : false };
    };
    const quote = "(object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) or 'Order - %s' % (object.name)";
    expect(await read('sale.action_report_saleorder')).toEqual({
      id: undefined, name: 'PDF Quote', report_name: 'sale.report_saleorder', report_file: 'sale.report_saleorder', model: 'sale.order', report_type: 'qweb-pdf',
      print_report_name: quote, binding_type: 'report', binding_view_types: 'list,form', attachment: false, attachment_use: false, binding_model_id: 'Sales Order',
    });
    expect(await read('sale_pdf_quote_builder.action_report_saleorder_raw')).toMatchObject({ name: 'Quotation / Order', report_name: 'sale.report_saleorder_raw', print_report_name: quote, binding_model_id: 'Sales Order' });
    expect(await read('sale.action_report_pro_forma_invoice')).toMatchObject({ name: 'PRO-FORMA Invoice', report_name: 'sale.report_saleorder_pro_forma', print_report_name: "'PRO-FORMA - %s' % (object.name)" });
    expect(await read('account.account_invoices')).toEqual({
      id: undefined, name: 'Invoices', report_name: 'account.report_invoice_with_payments', report_file: 'account.report_invoice_with_payments', model: 'account.move', report_type: 'qweb-pdf',
      print_report_name: '(object._get_report_base_filename())', binding_type: 'report', binding_view_types: 'list,form', attachment: '', attachment_use: false, binding_model_id: 'Journal Entry',
    });
    expect(await read('account.action_account_original_vendor_bill')).toMatchObject({ name: 'Original Bills', attachment: "'original_vendor_bill.pdf'", attachment_use: true, binding_view_types: 'list' });
    expect(await read('account.account_invoices_without_payment')).toMatchObject({ name: 'Invoices without Payment', report_name: 'account.report_invoice', attachment: '' });
    expect(await read('account.action_report_payment_receipt')).toMatchObject({ name: 'Payment Receipt', model: 'account.payment', binding_model_id: 'Payments' });
    expect(await read('account.action_report_account_statement')).toMatchObject({ name: 'Statement', model: 'account.bank.statement', binding_model_id: false });
    expect(await read('account.action_report_account_hash_integrity')).toMatchObject({ name: 'Hash integrity result PDF', model: 'res.company', binding_model_id: false });
    const groups = async (xmlid: string) => (await server.rpc.ok('ir.actions.report', 'read', [[await ref(xmlid)], ['groups_id']]))[0].groups_id;
    expect(await groups('account.account_invoices')).toEqual([await ref('account.group_account_invoice'), await ref('account.group_account_readonly')]);
    expect(await groups('sale.action_report_pro_forma_invoice')).toEqual([await ref('sale.group_proforma_sales')]);
  });

  test('the Print menu (get_bindings) lists the model\'s reports the user may run, in id order', async () => {
    const quote = await ref('sale.action_report_saleorder');
    const raw = await ref('sale_pdf_quote_builder.action_report_saleorder_raw');
    // PRO-FORMA Invoice needs sale.group_proforma_sales, which nobody has in the demo data
    const sale = (await server.rpc.ok('ir.actions.actions', 'get_bindings', ['sale.order'])).report;
    expect(sale).toEqual([
      { id: quote, name: 'PDF Quote', binding_view_types: 'list,form' },
      { id: raw, name: 'Quotation / Order', binding_view_types: 'list,form' },
    ]);
    for (const user of [ADMIN, DEMO]) {
      const move = (await server.rpc.as(user).ok('ir.actions.actions', 'get_bindings', ['account.move'])).report;
      expect(move).toEqual([
        { id: await ref('account.account_invoices'), name: 'Invoices', binding_view_types: 'list,form' },
        { id: await ref('account.action_account_original_vendor_bill'), name: 'Original Bills', binding_view_types: 'list' },
        { id: await ref('account.account_invoices_without_payment'), name: 'Invoices without Payment', binding_view_types: 'list,form' },
      ]);
    }
  });

  test('report_action answers the web client\'s report action', async () => {
    const id = await ref('sale.action_report_saleorder');
    const action = { context: { active_ids: [19] }, data: null, name: 'PDF Quote', report_file: 'sale.report_saleorder', report_name: 'sale.report_saleorder', report_type: 'qweb-pdf', type: 'ir.actions.report' };
    expect(await server.rpc.as(DEMO).ok('ir.actions.report', 'report_action', [[id], [19]])).toEqual(action);
    expect(await server.rpc.ok('ir.actions.report', 'report_action', [[id], [19]], { data: { a: 1 }, config: false })).toEqual({ ...action, data: { a: 1 } });
    expect(await server.rpc.ok('ir.actions.report', 'report_action', [[id], 19], { config: false })).toEqual(action);
    expect(await server.rpc.ok('ir.actions.report', 'get_wkhtmltopdf_state', [])).toBe('ok');
    expect(await server.rpc.call('ir.actions.report', '_render_qweb_pdf', ['sale.report_saleorder', [1]])).toEqual({
      error: 'odoo.exceptions.AccessError', message: 'Private methods (such as _render_qweb_pdf) cannot be called remotely.',
    });
  });
});

describe('report routes render by the records', () => {
  test('/report/pdf by report_name or xml id; unknown reports and records fail as in Odoo', async () => {
    const b = await adminBrowser();
    for (const path of ['/report/pdf/sale.report_saleorder/1', '/report/pdf/sale.action_report_saleorder/1']) {
      const res = await fetchBytes(b, path);
      expect([res.status, res.headers.get('content-type'), res.headers.get('content-disposition')]).toEqual([200, 'application/pdf', null]);
      const text = pdfText(res.bytes);
      if (text !== null) {
        expect(text).toContain('Quotation # S00001');
        expect(text).toMatch(/Total\s+\$\s?[\d,.]+/);
      }
    }
    const html = await b.get('/report/html/account.report_invoice_with_payments/1');
    expect(html.status).toBe(200);
    expect(html.text).toContain('data-oe-model="account.move" data-oe-id="1"');
    expect((await b.get('/report/pdf/sale.no_such_report/1')).status).toBe(500);
    const missing = await b.get('/report/pdf/sale.report_saleorder/999999');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Record does not exist or has been deleted.');
    const check = await fetch(`${server.srv.url}/report/check_wkhtmltopdf`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `session_id=${b.sessionId}` }, body: JSON.stringify({ jsonrpc: '2.0', id: 3, params: {} }),
    });
    expect(await check.json()).toEqual({ jsonrpc: '2.0', id: 3, result: 'ok' });
  });

  test('the lines table keeps Odoo\'s sections: a section row, its lines and notes, then its "Subtotal" before the next section', async () => {
    const product = await ref('product.product_product_4');
    const orderId = await server.rpc.ok('sale.order', 'create', [{
      partner_id: 3,
      order_line: [
        [0, 0, { display_type: 'line_section', name: 'Section One' }],
        [0, 0, { product_id: product, product_uom_qty: 2, price_unit: 10, tax_id: [[6, 0, []]] }],
        [0, 0, { display_type: 'line_note', name: 'A note in section one' }],
        [0, 0, { display_type: 'line_section', name: 'Section Two' }],
        [0, 0, { product_id: product, product_uom_qty: 1, price_unit: 7.5, tax_id: [[6, 0, []]] }],
      ],
    }]) as number;
    const b = await adminBrowser();
    const html = (await b.get(`/report/html/sale.report_saleorder/${orderId}`)).text;
    const rows = [...html.matchAll(/<tr class="([^"]*o_line_(?:section|note)|is-subtotal[^"]*)"><td colspan="99">(.*?)<\/td><\/tr>/g)]
      .map(([, cls, cell]) => `${cls.includes('section') ? 'section' : cls.includes('note') ? 'note' : 'subtotal'}: ${cell.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()}`);
    expect(rows).toEqual([
      'section: Section One', 'note: A note in section one', expect.stringMatching(/^subtotal: Subtotal \$\s?20\.00$/),
      'section: Section Two', expect.stringMatching(/^subtotal: Subtotal \$\s?7\.50$/),
    ]);
  });

  test('/report/download names the file with print_report_name, else the report\'s name; errors are Odoo\'s escaped JSON', async () => {
    const b = await adminBrowser();
    const token = await csrf(b);
    const download = (url: string, type = 'qweb-pdf') => fetchBytes(b, '/report/download', { method: 'POST', form: { data: JSON.stringify([url, type]), context: '{}', token: 'dummy', csrf_token: token } });
    const one = await download('/report/pdf/sale.report_saleorder/1');
    expect([one.status, one.headers.get('content-type'), one.headers.get('content-disposition')]).toEqual([200, 'application/pdf', "attachment; filename*=UTF-8''Quotation%20-%20S00001.pdf"]);
    const two = await download('/report/pdf/sale.report_saleorder/1,2');
    expect(two.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''PDF%20Quote.pdf");
    const invoice = await download('/report/pdf/account.report_invoice_with_payments/1');
    const [move] = await server.rpc.ok('account.move', 'read', [[1], ['name']]);
    expect(invoice.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`${move.name}.pdf`)}`);
    const proforma = await download('/report/pdf/sale.report_saleorder_pro_forma/1');
    expect(proforma.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''PRO-FORMA%20-%20S00001.pdf");
    const text = pdfText(proforma.bytes);
    if (text !== null) expect(text).toContain('Pro-Forma Invoice # S00001');
    // an html report is shown, not downloaded: Odoo answers nothing
    const html = await download('/report/html/sale.report_saleorder/1', 'qweb-html');
    expect([html.status, html.bytes.length]).toEqual([200, 0]);
    const bad = await download('/report/pdf/nope/1');
    expect(bad.status).toBe(200);
    const error = JSON.parse(bad.bytes.toString('utf8').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    expect(error).toMatchObject({ code: 200, message: 'Odoo Server Error', data: { name: 'builtins.ValueError', message: 'not enough values to unpack (expected 2, got 1)' } });
  });

  test('a report\'s record drives the print: a changed print_report_name names the file, `attachment` saves the PDF and attachment_use reloads it', async () => {
    const raw = await ref('sale_pdf_quote_builder.action_report_saleorder_raw');
    await server.rpc.ok('ir.actions.report', 'write', [[raw], { print_report_name: "'Offer %s' % object.name", attachment: "'Saved %s.pdf' % object.name", attachment_use: true }]);
    const b = await adminBrowser();
    const token = await csrf(b);
    const first = await fetchBytes(b, '/report/download', { method: 'POST', form: { data: JSON.stringify(['/report/pdf/sale.report_saleorder_raw/2', 'qweb-pdf']), context: '{}', token: 'x', csrf_token: token } });
    expect(first.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Offer%20S00002.pdf");
    const saved = await server.rpc.ok('ir.attachment', 'search_read', [[['res_model', '=', 'sale.order'], ['res_id', '=', 2], ['name', '=', 'Saved S00002.pdf']], ['mimetype', 'file_size']]);
    expect(saved).toEqual([{ id: expect.any(Number), mimetype: 'application/pdf', file_size: first.bytes.length }]);
    // the order changes, the saved PDF is served again as it was (attachment_use)
    await server.rpc.ok('sale.order', 'write', [[2], { client_order_ref: 'CHANGED-REF' }]);
    const again = await fetchBytes(b, '/report/pdf/sale.report_saleorder_raw/2');
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(await server.rpc.ok('ir.attachment', 'search_count', [[['res_model', '=', 'sale.order'], ['res_id', '=', 2], ['name', '=', 'Saved S00002.pdf']]])).toBe(1);
    // sale's own report is unaffected and prints the change
    const text = pdfText((await fetchBytes(b, '/report/pdf/sale.report_saleorder/2')).bytes);
    if (text !== null) expect(text).toContain('CHANGED-REF');
    await server.rpc.ok('ir.actions.report', 'write', [[raw], { print_report_name: "(object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) or 'Order - %s' % (object.name)", attachment: false, attachment_use: false }]);
  });

  test('invoice reports refuse journal entries', async () => {
    const entry = await server.rpc.ok<number[]>('account.move', 'search', [[['move_type', '=', 'entry']]], { limit: 1 });
    const b = await adminBrowser();
    const res = await b.get(`/report/pdf/account.report_invoice/${entry[0]}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Only invoices could be printed.');
  });
});
