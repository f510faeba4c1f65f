/**
 * A customer's documents on the portal, in a real browser (Debian's Chromium driven by
 * playwright-core), against Odoo 17's selectors (sale.md §5.3, account.md §7):
 *  an admin creates a quotation for a new portal customer over RPC and sends it → the customer
 *  follows the mail's link without logging in, signs (Sign & Pay, 30 % prepayment) and pays with
 *  the demo provider → the order is confirmed; the admin invoices and posts it over RPC → the
 *  customer pays part of the invoice through a payment link (payment.link.wizard), then the rest
 *  from the invoice page → logs in, sees the order and the paid invoice in the lists and the home
 *  counters, downloads the invoice PDF (its text read with pdftotext), saves and deletes a payment
 *  method; a second customer sees none of it and guessed URLs / tokens are redirected to /my.
 * Screenshots of every page go to test-output/screenshots/docs-*.png.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, pageHelpers } from './page_helpers';
import { startTestServer, type TestServer } from '../helpers/server';
import { Admin, outbox, pathOf } from '../portal/helpers';

const CHROMIUM = '/usr/bin/chromium';
const HAS_TOOLS = fs.existsSync(CHROMIUM) && fs.existsSync('/usr/bin/pdftotext');
const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

jest.setTimeout(240000);

const suite = HAS_TOOLS ? describe : describe.skip;
if (!HAS_TOOLS) {
  // eslint-disable-next-line no-console
  console.warn('test/browser/portal_documents_flow.test.ts skipped: /usr/bin/chromium or /usr/bin/pdftotext is missing (apt-get install chromium poppler-utils)');
}

suite('portal documents in Chromium: quotation → signature and payment → invoice paid in two parts → lists, PDF, payment methods', () => {
  let srv: TestServer;
  let admin: Admin;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    srv = await startTestServer({ init: ['sale_management', 'account', 'payment_demo'] });
    admin = new Admin(srv);
    browser = await launchChromium(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function freshPage(): Promise<void> {
    await context?.close();
    context = await browser.newContext({ baseURL: srv.url, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  }
  const pageErrors: string[] = [];
  const { shot, text, pathname, signIn, logout } = pageHelpers(() => page, SHOTS, 'docs-');

  /** Fill the demo card form of the payment form on the page and pay; lands back after /payment/status. */
  async function payWithDemo(landing: RegExp, details = '4242'): Promise<void> {
    const form = page.locator('form#o_payment_form').first();
    await form.locator('input[name=o_payment_radio][data-provider-code=demo]').first().check();
    await form.locator('#customer_input').fill(details);
    await form.locator('#simulated_payment_state').selectOption('done');
    await Promise.all([page.waitForURL('**/payment/status'), form.locator('button[name=o_payment_submit_button]').click()]);
    await shot('payment-status');
    await page.waitForURL(landing, { timeout: 20000 });
  }

  it('runs the customer documents flow', async () => {
    const stamp = Date.now();
    const email = `docs.customer.${stamp}@example.com`;
    const customer = await admin.portalUser(`Docs Customer ${stamp}`, email, 'docs-pass-1');
    const other = await admin.portalUser(`Other Customer ${stamp}`, `other.${stamp}@example.com`, 'other-pass-1');

    // 1. the admin's quotation: a service line and a taxed product, signature and a 30 % prepayment required
    const orderId: number = await admin.kw('sale.order', 'create', [{
      partner_id: customer.partnerId, require_signature: true, require_payment: true, prepayment_percent: 0.3,
      order_line: [[0, 0, { product_id: 7, product_uom_qty: 2 }], [0, 0, { product_id: 39, product_uom_qty: 5 }]],
    }]);
    const [order] = await admin.kw('sale.order', 'read', [[orderId], ['name', 'amount_total', 'amount_tax']]);
    expect(order.amount_total).toBeCloseTo(560 + 60 + 9, 2);
    const send = await admin.kw('sale.order', 'action_quotation_send', [[orderId]]);
    const composer = await admin.kw('mail.compose.message', 'create', [{}], { context: send.context });
    await admin.kw('mail.compose.message', 'action_send_mail', [[composer]], { context: send.context });
    const [mail] = await outbox(srv, { to: email, subject: order.name });
    const link = mail.links.find((l) => l.url.includes(`/my/orders/${orderId}`))!;
    if (!link) throw new Error(JSON.stringify({ subject: mail.subject, links: mail.links, body: mail.body_html }));
    expect(link.url).toContain('access_token=');

    // 2. the customer follows the link, not logged in
    await freshPage();
    await page.goto(pathOf(link.url));
    expect(await text('#introduction h2')).toBe(`Quotation - ${order.name}`);
    expect(await text('#sidebar_content h2[data-id=total_amount]')).toBe('$ 629.00');
    expect(await text('#sales_order_table tbody')).toContain('Chair floor protection');
    await shot('quotation-by-link');
    await page.click('#sale_order_sidebar_button a[data-bs-target="#modalaccept"]');
    await page.waitForSelector('#modalaccept.show form#accept');
    await page.fill('#modalaccept input.o_web_sign_name_input[name=signer]', 'Docs Customer');
    await shot('quotation-sign-dialog');
    await page.click('#modalaccept button.o_portal_sign_submit');
    await page.waitForFunction(() => /message=sign_ok/.test(window.location.href) || !document.querySelector('.o_portal_sign_error_msg')?.classList.contains('d-none'));
    if (!page.url().includes('message=sign_ok')) throw new Error(`not signed: ${await page.locator('.o_portal_sign_error_msg').innerText()} ${pageErrors.join(' | ')}`);
    await page.waitForLoadState('load');
    expect(await text('.alert-success')).toContain('Your order has been signed but still needs to be paid to be confirmed.');
    // #allow_payment=yes opens the payment dialog: the down payment (30 %) is selected
    await page.waitForSelector('#modalaccept.show form#o_payment_form');
    expect(await text('#modalaccept .o_sale_portal_downpayment .active')).toContain('Down payment');
    await shot('quotation-pay-dialog');
    await payWithDemo(new RegExp(`/my/orders/${orderId}`));
    await shot('order-confirmed');
    const [paidOrder] = await admin.kw('sale.order', 'read', [[orderId], ['state', 'amount_paid', 'signed_by', 'invoice_status']]);
    expect(paidOrder).toMatchObject({ state: 'sale', signed_by: 'Docs Customer', invoice_status: 'to invoice' });
    expect(paidOrder.amount_paid).toBeCloseTo(188.7, 2);

    // 3. the admin invoices the order and posts the invoice
    const wizard = await admin.kw('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], { context: { active_model: 'sale.order', active_ids: [orderId], active_id: orderId } });
    await admin.kw('sale.advance.payment.inv', 'create_invoices', [[wizard]], { context: { active_model: 'sale.order', active_ids: [orderId], active_id: orderId } });
    const [withInvoice] = await admin.kw('sale.order', 'read', [[orderId], ['invoice_ids']]);
    const invoiceId: number = withInvoice.invoice_ids[0];
    await admin.kw('account.move', 'action_post', [[invoiceId]]);
    const [posted] = await admin.kw('account.move', 'read', [[invoiceId], ['name', 'amount_residual', 'amount_total', 'payment_state']]);
    expect(posted.amount_total).toBeCloseTo(629, 2);

    // 4. a payment link for part of what is left, paid by the customer (not logged in)
    const linkWizard = await admin.kw('payment.link.wizard', 'create', [{ amount: 200 }], { context: { active_model: 'account.move', active_id: invoiceId } });
    const [{ link: payLink }] = await admin.kw('payment.link.wizard', 'read', [[linkWizard], ['link']]);
    expect(payLink).toMatch(new RegExp(`/payment/pay\\?amount=200\\.0&access_token=[0-9a-f]{64}&invoice_id=${invoiceId}$`));
    await freshPage();
    await page.goto(pathOf(payLink));
    expect(await text('#o_payment_summary_amount')).toContain('$ 200.00');
    expect(await text('#o_payment_summary_reference')).toContain(posted.name);
    await shot('payment-link');
    await payWithDemo(new RegExp(`/my/invoices/${invoiceId}`));
    const [partial] = await admin.kw('account.move', 'read', [[invoiceId], ['payment_state', 'amount_residual']]);
    expect(partial.payment_state).toBe('partial');
    expect(partial.amount_residual).toBeCloseTo(posted.amount_residual - 200, 2);
    await shot('invoice-partially-paid');

    // 5. the rest, from the invoice page's Pay Now
    await page.click('#sidebar_content a[data-bs-target="#pay_with"]');
    await page.waitForSelector('#pay_with.show form#o_payment_form');
    await payWithDemo(new RegExp(`/my/invoices/${invoiceId}`));
    const [paid] = await admin.kw('account.move', 'read', [[invoiceId], ['payment_state', 'amount_residual']]);
    expect(paid).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    await page.reload();
    expect(await text('.o_portal_invoice_sidebar .badge')).toBe('Paid');
    await shot('invoice-paid');

    // 6. the customer logs in: home counters, lists, the PDF
    await freshPage();
    await signIn(customer.login, 'docs-pass-1');
    expect(pathname()).toBe('/my');
    await page.waitForSelector('.o_portal_docs:not(:has(.o_portal_doc_spinner))');
    expect(await page.isVisible('a[href="/my/orders"][title="Sales Orders"]')).toBe(true);
    expect(await page.isVisible('a[href="/my/invoices?filterby=invoices"][title="Your Invoices"]')).toBe(true);
    expect(await page.isVisible('a[href="/my/quotes"][title="Quotations to review"]')).toBe(false);
    await shot('home');
    await page.click('a[href="/my/orders"]');
    expect(await text('table.o_portal_my_doc_table tbody')).toContain(order.name);
    await shot('orders');
    await page.goto('/my/invoices');
    expect(await text('table.o_portal_my_doc_table tbody')).toContain(posted.name);
    expect(await text('td[name=invoice_status] .badge')).toBe('Paid');
    await shot('invoices');
    await page.click(`a[title="${posted.name}"]`);
    await page.waitForSelector('.o_portal_invoice_sidebar');
    await shot('invoice-page');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.o_download_btn')]);
    expect(download.suggestedFilename()).toBe(`${posted.name.replace(/\//g, '-')}.pdf`);
    const pdfPath = path.join(os.tmpdir(), `docs-${stamp}.pdf`);
    await download.saveAs(pdfPath);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const expected of [posted.name, `Docs Customer ${stamp}`, 'Office Design Software', 'Chair floor protection', '$ 629.00', 'Amount Due', '$ 0.00']) {
      expect(pdfText).toContain(expected);
    }

    // 7. a payment method saved, listed, then deleted
    await page.goto('/my/payment_method');
    await shot('payment-methods-empty');
    expect(await page.locator('button[name=o_payment_delete_token]').count()).toBe(0);
    await page.locator('input[name=o_payment_radio][data-provider-code=demo]').check();
    await page.fill('#customer_input', '4111');
    await Promise.all([page.waitForURL('**/payment/status'), page.click('button[name=o_payment_submit_button]')]);
    await page.waitForURL(/\/my\/payment_method\?tx_id=\d+/);
    expect(await text('#o_payment_tokens')).toContain('4111');
    await shot('payment-methods-saved');
    await page.click('button[name=o_payment_delete_token]');
    await page.waitForSelector('#o_payment_delete_token_dialog.show');
    await shot('payment-methods-delete-dialog');
    await Promise.all([page.waitForNavigation(), page.click('#o_payment_delete_token_dialog .o_payment_confirm_delete')]);
    expect(await page.locator('button[name=o_payment_delete_token]').count()).toBe(0);
    await logout();

    // 8. another customer sees none of it; guessed URLs and tokens go to /my
    await freshPage();
    await signIn(other.login, 'other-pass-1');
    await page.goto('/my/orders');
    expect(await text('.o_portal_wrap .alert-warning')).toBe('There are currently no sales orders for your account.');
    await page.goto('/my/invoices');
    expect(await text('.o_portal_wrap .alert-warning')).toBe('There are currently no invoices and payments for your account.');
    await shot('other-customer-invoices');
    await page.goto(`/my/orders/${orderId}`);
    expect(pathname()).toBe('/my');
    await page.goto(`/my/invoices/${invoiceId}?access_token=00000000-0000-4000-8000-000000000000`);
    expect(pathname()).toBe('/my');
  });
});
