/**
 * The portal workflows in a real browser (Debian's Chromium driven by playwright-core), against
 * the pages' Odoo selectors (portal.md §2.4, §3, §4.5):
 *  1. an admin grants portal access over RPC → the invitation mail (read from the emulator
 *     outbox) → "Activate Account" → password → /my → account details (a validation error
 *     first) → password change → logout and login with the new password → the admin revokes
 *     the access → the login fails;
 *  2. free signup (b2c) on /web/signup, then a password reset through /web/reset_password and
 *     the mailed link.
 * A PNG screenshot of each page is saved under test-output/screenshots/.
 * The file is skipped (with a message) only when /usr/bin/chromium is missing.
 */
import fs from 'fs';
import path from 'path';
import { launchChromium, pageHelpers } from './page_helpers';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { Admin, outbox, pathOf } from '../portal/helpers';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

jest.setTimeout(120000);

const suite = HAS_CHROMIUM ? describe : describe.skip;
if (!HAS_CHROMIUM) {
  // eslint-disable-next-line no-console
  console.warn(`test/browser/portal_flow.test.ts skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

suite(`portal workflows in Chromium${HAS_CHROMIUM ? '' : ` (SKIPPED: ${CHROMIUM} is missing, apt-get install chromium)`}`, () => {
  let srv: TestServer;
  let admin: Admin;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    srv = await startTestServer();
    admin = new Admin(srv);
    browser = await launchChromium(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ baseURL: srv.url, viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  });
  afterEach(async () => { await context?.close(); });

  const { shot, text, pathname, logout, signIn } = pageHelpers(() => page, SHOTS, '');

  it('invitation → activation → /my details → password change → re-login → revoked access', async () => {
    const stamp = Date.now();
    const email = `Browser.Portal.${stamp}@Example.com`;
    const login = email.toLowerCase();
    const { lineId } = await admin.grantPortal('Bianca Browser', email);

    // the invitation, read from the emulator outbox
    const [invite] = await outbox(srv, { to: login, subject: 'Your account at' });
    expect(invite.subject).toBe('Your account at YourCompany');
    const activate = invite.links.find((l) => l.text === 'Activate Account')!;
    expect(activate.token).toMatch(/^[A-Za-z0-9]{20}$/);
    await page.goto(`/emulator/outbox/${invite.id}`);
    await shot('00_outbox_invitation');

    // Activate Account: login and name are readonly, only the passwords are asked
    await page.goto(pathOf(activate.url));
    expect(await page.inputValue('form.oe_signup_form #login')).toBe(login);
    expect(await page.locator('form.oe_signup_form #login').getAttribute('readonly')).not.toBeNull();
    expect(await page.inputValue('form.oe_signup_form #name')).toBe('Bianca Browser');
    await shot('01_activate_account');
    await page.fill('#password', 'first-password-1');
    await page.fill('#confirm_password', 'first-password-1');
    await Promise.all([page.waitForURL('**/my'), page.click('.oe_login_buttons .btn-primary')]);

    // /my: the counters call removes the spinner
    await page.waitForSelector('.o_portal_my_home .o_portal_docs');
    await page.waitForSelector('.o_portal_doc_spinner', { state: 'detached' });
    expect(await text('.o_portal_index_card a[href="/my/security"]')).toContain('Connection & Security');
    expect(await text('.o_portal_my_details')).toContain(login);
    await shot('02_my_home');

    // account details: a validation error first, then a valid save
    await Promise.all([page.waitForURL('**/my/account'), page.click('a[href="/my/account"]:has-text("Edit information")')]);
    expect(await page.inputValue('.o_portal_details input[name=name]')).toBe('Bianca Browser');
    await page.fill('.o_portal_details input[name=phone]', '+32 81 81 37 00');
    await page.fill('.o_portal_details input[name=street]', 'Chaussée de Namur 40');
    await page.fill('.o_portal_details input[name=city]', '');
    await page.selectOption('.o_portal_details select[name=country_id]', { label: 'Belgium' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.o_portal_details button[type=submit]')]);
    expect(await text('.o_portal_details .alert-danger')).toBe('Some required fields are empty.');
    expect(await page.getAttribute('.o_portal_details input[name=city]', 'class')).toMatch(/is-invalid/);
    expect(await page.inputValue('.o_portal_details input[name=street]')).toBe('Chaussée de Namur 40');
    await shot('03_account_validation_error');
    await page.fill('.o_portal_details input[name=city]', 'Grand-Rosière');
    await page.fill('.o_portal_details input[name=zipcode]', '1367');
    await Promise.all([page.waitForURL('**/my/home'), page.click('.o_portal_details button[type=submit]')]);
    expect(await text('.o_portal_my_details')).toContain('Grand-Rosière');
    expect(await text('.o_portal_my_details')).toContain('+32 81 81 37 00');
    await shot('04_my_home_after_edit');

    // password change on /my/security
    await Promise.all([page.waitForURL('**/my/security'), page.click('.o_portal_index_card a[href="/my/security"]')]);
    await page.waitForSelector('.o_portal_security_body section[name=portal_change_password]');
    await page.fill('input[name=old]#current', 'first-password-1');
    await page.fill('input[name=new1]#new', 'second-password-2');
    await page.fill('input[name=new2]#new2', 'second-password-2');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('section[name=portal_change_password] button[type=submit]')]);
    expect(await text('section[name=portal_change_password] .alert-success')).toBe('Password Updated!');
    await shot('05_security_password_updated');
    // the Delete Account modal opens (and closes) with the page's script
    await page.click('section[name=portal_deactivate_account] button[data-bs-target="#portal_deactivate_account_modal"]');
    await page.locator('#portal_deactivate_account_modal').waitFor({ state: 'visible' });
    await shot('06_security_delete_account_modal');
    await page.click('#portal_deactivate_account_modal button[data-bs-dismiss=modal].btn-secondary');
    await page.locator('#portal_deactivate_account_modal').waitFor({ state: 'hidden' });

    // logout, then the old password fails and the new one works
    await logout();
    expect(pathname()).toBe('/web/login');
    await signIn(login, 'first-password-1');
    expect(await text('form.oe_login_form p.alert.alert-danger')).toBe('Wrong login/password');
    await shot('07_login_wrong_password');
    await signIn(login, 'second-password-2');
    await page.waitForURL('**/my');
    expect(pathname()).toBe('/my');

    // the admin revokes the access: the session ends and the login is refused
    await admin.kw('portal.wizard.user', 'action_revoke_access', [[lineId]]);
    await page.goto('/my/home');
    expect(pathname()).toBe('/web/login');
    await signIn(login, 'second-password-2');
    expect(await text('p.alert-danger')).toBe('Wrong login/password');
    await shot('08_login_after_revoke');
  });

  it('free signup (b2c) and a password reset through the mailed link', async () => {
    await admin.setParam('auth_signup.invitation_scope', 'b2c');
    await admin.setParam('auth_signup.reset_password', 'True');
    const email = `free.signer.${Date.now()}@example.com`;

    await page.goto('/web/login');
    await shot('10_login');
    await Promise.all([page.waitForURL('**/web/signup**'), page.click("a:has-text(\"Don't have an account?\")")]);
    await page.fill('form.oe_signup_form #login', email);
    await page.fill('form.oe_signup_form #name', 'Frida Free');
    await page.fill('form.oe_signup_form #password', 'signup-pass-1');
    await page.fill('form.oe_signup_form #confirm_password', 'signup-pass-2');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.oe_login_buttons .btn-primary')]);
    expect(await text('form.oe_signup_form p.alert-danger')).toBe('Passwords do not match; please retype them.');
    expect(await page.inputValue('form.oe_signup_form #login')).toBe(email);
    await shot('11_signup_error');
    await page.fill('form.oe_signup_form #password', 'signup-pass-1');
    await page.fill('form.oe_signup_form #confirm_password', 'signup-pass-1');
    await Promise.all([page.waitForURL('**/my'), page.click('.oe_login_buttons .btn-primary')]);
    expect(await text('.o_portal_sidebar_content h5')).toBe('Frida Free');
    const [welcome] = await outbox(srv, { to: email, subject: 'Welcome' });
    expect(welcome.subject).toBe('Welcome to YourCompany!');

    await logout();
    await Promise.all([page.waitForURL('**/web/reset_password**'), page.click('a:has-text("Reset Password")')]);
    await page.fill('form.oe_reset_password_form #login', email);
    await shot('12_reset_password_request');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.oe_login_buttons .btn-primary')]);
    expect(await text('.oe_login_form p.alert-success')).toBe('Password reset instructions sent to your email');
    await shot('13_reset_password_sent');

    const [mail] = await outbox(srv, { to: email, subject: 'Password reset' });
    const link = mail.links.find((l) => l.text === 'Change password')!;
    await page.goto(pathOf(link.url));
    expect(await page.inputValue('form.oe_reset_password_form #login')).toBe(email);
    await page.fill('form.oe_reset_password_form #password', 'reset-pass-3');
    await page.fill('form.oe_reset_password_form #confirm_password', 'reset-pass-3');
    await shot('14_reset_password_form');
    await Promise.all([page.waitForURL('**/my'), page.click('.oe_login_buttons .btn-primary')]);
    expect(pathname()).toBe('/my');

    await logout();
    await signIn(email, 'signup-pass-1');
    expect(await text('p.alert-danger')).toBe('Wrong login/password');
    await signIn(email, 'reset-pass-3');
    await page.waitForURL('**/my');
    expect(pathname()).toBe('/my');
  });
});
