/**
 * The portal's document pages over HTTP (sale.md §5, account.md §7, portal.md §7): lists with
 * their sort and filter menus and the pager (80 per page), the home counters (quotations
 * counted, orders and invoices 0/1 as Odoo's limit=1), what the record rules give each customer,
 * and every error path (unknown sort key → 500, anonymous lists → login, wrong or missing token
 * → /my, the report answers and their file names, the JSON routes' refusals), with the values
 * seen on Odoo 17 (ref_sale: Joel Willis has quotation S00019 and order S00020, no invoice).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { Admin, Browser, textOf } from './helpers';

jest.setTimeout(180000);

let srv: TestServer;
let admin: Admin;

beforeAll(async () => {
  srv = await startTestServer({ init: ['sale_management', 'account', 'payment_demo'] });
  admin = new Admin(srv);
});
afterAll(async () => { await srv?.close(); });

async function portalBrowser(login = 'portal', password = 'portal'): Promise<Browser> {
  const b = new Browser(srv.url);
  const res = await b.login(login, password);
  expect(res.status).toBe(303);
  return b;
}

async function counters(b: Browser, names: string[]): Promise<any> {
  const r = await b.request('/my/counters', { body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { counters: names } }), contentType: 'application/json' });
  return JSON.parse(r.text);
}

async function jsonCall(b: Browser, url: string, params: Record<string, unknown>): Promise<any> {
  const r = await b.request(url, { body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params }), contentType: 'application/json' });
  return JSON.parse(r.text);
}

/** Rows of the portal list: the first link text of each body row. */
function listNames(html: string): string[] {
  const table = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  return [...table.matchAll(/<tr>\s*<td><a href="[^"]+"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
}

describe('demo portal user (Joel Willis)', () => {
  it('counts one quotation to review and one order, no invoice (as on Odoo 17)', async () => {
    const b = await portalBrowser();
    const r = await counters(b, ['quotation_count', 'order_count', 'invoice_count', 'bill_count', 'unknown_count']);
    expect(r.result).toEqual({ quotation_count: 1, order_count: 1, invoice_count: 0, bill_count: 0 });
  });

  it('lists S00019 under quotations and S00020 under orders, with the token in the links', async () => {
    const b = await portalBrowser();
    const quotes = await b.get('/my/quotes');
    expect(quotes.status).toBe(200);
    expect(listNames(quotes.text)).toEqual(['S00019']);
    expect(quotes.text).toMatch(/href="\/my\/orders\/19\?access_token=[0-9a-f-]{36}"/);
    expect(textOf(quotes.text)).toContain('Quotation # Quotation Date Valid Until Total');
    expect(quotes.text).toContain('<li id="portal_breadcrumbs_sale" class="breadcrumb-item active">Quotations</li>');
    const orders = await b.get('/my/orders');
    expect(listNames(orders.text)).toEqual(['S00020']);
    const invoices = await b.get('/my/invoices');
    expect(textOf(invoices.text)).toContain('There are currently no invoices and payments for your account.');
  });

  it('offers Odoo\'s sort menus, marks the current one, and answers an unknown key with HTTP 500', async () => {
    const b = await portalBrowser();
    const page = await b.get('/my/quotes?sortby=name');
    expect(page.text).toContain('<a href="/my/quotes?sortby=name" class="dropdown-item active"><span>Reference</span></a>');
    expect(page.text).toContain('<a href="/my/quotes?sortby=date" class="dropdown-item"><span>Order Date</span></a>');
    expect(page.text).toContain('<a href="/my/quotes?sortby=stage" class="dropdown-item"><span>Stage</span></a>');
    expect((await b.get('/my/quotes?sortby=bogus')).status).toBe(500);
    const inv = await b.get('/my/invoices?sortby=duedate&filterby=bills');
    expect(inv.text).toContain('id="portal_searchbar_filters" data-bs-toggle="dropdown" class="btn btn-secondary dropdown-toggle">Bills</button>');
    expect(inv.text).toContain('<a href="/my/invoices?filterby=bills&amp;sortby=duedate" class="dropdown-item active"><span>Due Date</span></a>');
    expect((await b.get('/my/invoices?filterby=bogus')).status).toBe(500);
  });

  it('opens its own order, and is sent to /my for another customer\'s order or a wrong token', async () => {
    const b = await portalBrowser();
    const own = await b.get('/my/orders/20');
    expect(own.status).toBe(200);
    expect(textOf(own.text)).toContain('Sales Order - S00020');
    const other = await b.get('/my/orders/1');
    expect([other.status, other.location]).toEqual([303, '/my']);
    const wrong = await b.get('/my/orders/1?access_token=not-the-token');
    expect([wrong.status, wrong.location]).toEqual([303, '/my']);
    const missing = await b.get('/my/orders/999999');
    expect([missing.status, missing.location]).toEqual([303, '/my']);
    const missingInvoice = await b.get('/my/invoices/999999');
    expect([missingInvoice.status, missingInvoice.location]).toEqual([303, '/my']);
  });
});

describe('visitors', () => {
  it('are sent to the login page from the lists and the counters need a session', async () => {
    const b = new Browser(srv.url);
    for (const [path, redirect] of [['/my/quotes', '/my/quotes?'], ['/my/orders/page/2?sortby=name', '/my/orders/page/2?sortby=name'], ['/my/invoices', '/my/invoices?']]) {
      const r = await b.get(`${path}${path.includes('?') ? '&' : '?'}db=${srv.db}`.replace(/\?db=/, '?db=').replace('&db=', '&db='));
      expect(r.status).toBe(303);
      expect(decodeURIComponent(r.location!)).toContain('/web/login?redirect=');
      expect(decodeURIComponent(r.location!)).toContain(redirect.split('?')[0]);
    }
    const c = await counters(b, ['quotation_count']);
    expect(c.error.data.name).toBe('odoo.http.SessionExpiredException');
  });

  it('open an order with its token (the mail link), and are redirected without it', async () => {
    const [order] = await admin.kw('sale.order', 'read', [[19], ['access_token']]);
    const token = order.access_token || (await admin.kw('sale.order', 'get_portal_url', [[19]])).split('access_token=')[1];
    const b = new Browser(srv.url);
    const ok = await b.get(`/my/orders/19?access_token=${token}&db=${srv.db}`);
    expect(ok.status).toBe(200);
    expect(textOf(ok.text)).toContain('Quotation - S00019');
    expect(ok.text).toContain('data-bs-target="#modalaccept"');
    const no = await b.get('/my/orders/19');
    expect([no.status, no.location]).toEqual([303, '/my']);
  });
});

describe('reports', () => {
  it('answer the order as PDF with Odoo\'s file name, and as the report HTML', async () => {
    const b = await portalBrowser();
    const [order] = await admin.kw('sale.order', 'read', [[20], ['access_token']]);
    const token = order.access_token || (await admin.kw('sale.order', 'get_portal_url', [[20]])).split('access_token=')[1];
    const res = await fetch(`${srv.url}/my/orders/20?access_token=${token}&report_type=pdf&download=true&db=${srv.db}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Sales-Order-S00020.pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    const inline = await b.get(`/my/orders/20?report_type=pdf`);
    expect(inline.headers.get('content-disposition')).toBeNull();
    const html = await b.get('/my/orders/20?report_type=html');
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(textOf(html.text)).toContain('Order # S00020');
    expect(html.text).toContain('data-oe-model="sale.order" data-oe-id="20"');
  });

  it('are reachable from the backend for internal users, not for portal users', async () => {
    const internal = new Browser(srv.url);
    await internal.login('admin', 'admin');
    const pdf = await internal.get('/report/pdf/sale.report_saleorder/1,2');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const html = await internal.get('/report/html/sale.report_saleorder/1');
    expect(textOf(html.text)).toContain('Quotation # S00001');
    const portal = await portalBrowser();
    const denied = await portal.get('/report/pdf/sale.report_saleorder/20');
    expect(denied.status).toBe(403);
    // Odoo 17: _get_report's ValueError "Fetching report … not found" is a 500
    const unknown = await internal.get('/report/pdf/sale.no_such_report/1');
    expect(unknown.status).toBe(500);
  });
});

describe('actions refused as on Odoo 17', () => {
  it('accept: a bad id or token, an order that needs no signature, a missing signature', async () => {
    const b = new Browser(srv.url);
    await b.get(`/web/login?db=${srv.db}`);
    expect((await jsonCall(b, '/my/orders/19/accept?access_token=nope', { name: 'X', signature: 'AAAA' })).result).toEqual({ error: 'Invalid order.' });
    const token20 = (await admin.kw('sale.order', 'get_portal_url', [[20]])).split('access_token=')[1];
    expect((await jsonCall(b, `/my/orders/20/accept?access_token=${token20}`, { name: 'X', signature: 'AAAA' })).result)
      .toEqual({ error: 'The order is not in a state requiring customer signature.' });
    const token19 = (await admin.kw('sale.order', 'get_portal_url', [[19]])).split('access_token=')[1];
    expect((await jsonCall(b, `/my/orders/19/accept?access_token=${token19}`, { name: 'X' })).result).toEqual({ error: 'Signature is missing.' });
    const bad = await jsonCall(b, `/my/orders/19/accept?access_token=${token19}`, { name: 'X', signature: 'not base64!' });
    expect(bad.error.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'Image is not encoded in base64.' });
  });

  it('decline: GET is 405, a POST without CSRF is 400, a confirmed order cannot be rejected', async () => {
    const b = await portalBrowser();
    const token20 = (await admin.kw('sale.order', 'get_portal_url', [[20]])).split('access_token=')[1];
    expect((await b.get(`/my/orders/20/decline?access_token=${token20}`)).status).toBe(405);
    expect((await b.post(`/my/orders/20/decline?access_token=${token20}`, { decline_message: 'no' })).status).toBe(400);
    const page = await b.get('/my/orders/20');
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)![1];
    const r = await b.post(`/my/orders/20/decline?access_token=${token20}`, { decline_message: 'no', csrf_token: csrf });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/my/orders/20?access_token=${token20}&message=cant_reject`);
  });

  it('payment routes: a wrong token, unknown kwargs, a payment link with a forged amount', async () => {
    const b = new Browser(srv.url);
    await b.get(`/web/login?db=${srv.db}`);
    const tx = await jsonCall(b, '/my/orders/19/transaction', { access_token: 'nope', provider_id: 6, payment_method_id: 199, token_id: null, amount: 10, flow: 'direct', tokenization_requested: false, landing_route: '/', is_validation: false });
    expect(tx.error.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'The access token is invalid.' });
    const token19 = (await admin.kw('sale.order', 'get_portal_url', [[19]])).split('access_token=')[1];
    const extra = await jsonCall(b, '/my/orders/19/transaction', { access_token: token19, provider_id: 6, flow: 'direct', landing_route: '/', is_validation: false, reference_prefix: 'X', bogus: 1 });
    expect(extra.error.data.message).toBe('The following kwargs are not whitelisted: reference_prefix, bogus');
    const flow = await jsonCall(b, '/my/orders/19/transaction', { access_token: token19, provider_id: 6, flow: 'nope', landing_route: '/', is_validation: false });
    expect(flow.error.data.message).toBe('The payment should either be direct, with redirection, or made by a token.');
    const forged = await b.get(`/payment/pay?amount=1.0&access_token=${'0'.repeat(64)}&invoice_id=1`);
    expect(forged.status).toBe(400);
    expect(textOf(forged.text)).toContain('The provided parameters are invalid.');
    const noPartnerToken = await b.get(`/payment/pay?amount=10&partner_id=3&access_token=${'0'.repeat(64)}`);
    expect(noPartnerToken.status).toBe(404);
    const poll = await jsonCall(new Browser(srv.url), `/payment/status/poll?db=${srv.db}`, {});
    expect(poll.error.data).toMatchObject({ name: 'builtins.Exception', message: 'tx_not_found' });
  });
});

describe('the pager', () => {
  it('shows 80 documents per page, with Odoo\'s page links', async () => {
    const stamp = Date.now();
    const customer = await admin.portalUser(`Many Invoices ${stamp}`, `many.${stamp}@example.com`, 'many-pass-1');
    const vals = Array.from({ length: 85 }, (_v, i) => ({
      move_type: 'out_invoice', partner_id: customer.partnerId, invoice_date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      invoice_line_ids: [[0, 0, { name: `Line ${i}`, quantity: 1, price_unit: 10 + i }]],
    }));
    const ids: number[] = await admin.kw('account.move', 'create', [vals]);
    await admin.kw('account.move', 'action_post', [ids]);
    const b = await portalBrowser(customer.login, 'many-pass-1');
    const first = await b.get('/my/invoices?sortby=name');
    expect(listNames(first.text)).toHaveLength(80);
    expect(first.text).toContain('<li class="page-item active"><a class="page-link" href="/my/invoices?sortby=name">1</a></li>');
    expect(first.text).toContain('<a class="page-link" href="/my/invoices/page/2?sortby=name">2</a>');
    const second = await b.get('/my/invoices/page/2?sortby=name');
    const names = listNames(second.text);
    expect(names).toHaveLength(5);
    // name desc: the last page holds the five first numbers
    const all = await admin.kw('account.move', 'read', [ids, ['name']]);
    const sorted = all.map((m: { name: string }) => m.name).sort().reverse();
    expect(names).toEqual(sorted.slice(80));
    const c = await counters(b, ['invoice_count', 'bill_count']);
    expect(c.result).toEqual({ invoice_count: 1, bill_count: 0 });
    const bills = await b.get('/my/invoices?filterby=bills');
    expect(textOf(bills.text)).toContain('There are currently no invoices and payments for your account.');
  });
});
