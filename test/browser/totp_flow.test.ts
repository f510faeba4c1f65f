/**
 * Two-factor authentication in a real browser (Debian's Chromium driven by playwright-core),
 * against Odoo's selectors (portal.md §5.4, §5.6):
 *  1. a portal user (portal wizard + password) enables 2FA on /my/security: identity check
 *     dialog (a wrong password first), the activation dialog (QR image, "Cannot scan it?" secret
 *     read from the page, a wrong code first), then logs out and in with password + code, ticks
 *     "Don't ask again on this device", logs in again without the code, revokes the devices
 *     ("Revoke All") and is asked again; over RPC the password is refused (XML-RPC and /jsonrpc);
 *  2. the same user creates an API key on /my/security (portal.allow_api_keys), which works as the
 *     RPC password until it is removed, then disables 2FA.
 * Screenshots: test-output/screenshots/totp-*.png. Skipped only when /usr/bin/chromium is missing.
 */
import fs from 'fs';
import path from 'path';
import { launchChromium, pageHelpers } from './page_helpers';
import { totp, wrongCode } from '../helpers/totp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { Admin } from '../portal/helpers';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

jest.setTimeout(120000);

const suite = HAS_CHROMIUM ? describe : describe.skip;
if (!HAS_CHROMIUM) {
  // eslint-disable-next-line no-console
  console.warn(`test/browser/totp_flow.test.ts skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

/** common.authenticate over XML-RPC: the uid, or false. */
async function xmlrpcAuthenticate(url: string, db: string, login: string, password: string): Promise<number | false> {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = `<?xml version="1.0"?><methodCall><methodName>authenticate</methodName><params>${
    [db, login, password].map((v) => `<param><value><string>${esc(v)}</string></value></param>`).join('')
  }<param><value><struct></struct></value></param></params></methodCall>`;
  const res = await fetch(`${url}/xmlrpc/2/common`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
  const text = await res.text();
  const int = /<(?:int|i4)>(\d+)<\/(?:int|i4)>/.exec(text);
  if (int) return Number(int[1]);
  if (/<boolean>0<\/boolean>/.test(text)) return false;
  throw new Error(`unexpected XML-RPC answer: ${text}`);
}

suite(`two-factor authentication in Chromium${HAS_CHROMIUM ? '' : ` (SKIPPED: ${CHROMIUM} is missing, apt-get install chromium)`}`, () => {
  let srv: TestServer;
  let admin: Admin;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // the user of the flow, shared by the two tests
  let login = '';
  let userId = 0;
  let secret = '';
  const password = 'tom-pw-1';

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    srv = await startTestServer();
    admin = new Admin(srv);
    await admin.setParam('base.login_cooldown_after', '0');
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

  const { shot, text, pathname, logout, signIn } = pageHelpers(() => page, SHOTS, 'totp-');

  /** On /web/login/totp: type the code (optionally tick "remember") and submit. */
  async function enterCode(code: string, remember = false): Promise<void> {
    await page.fill('input[name=totp_token]#totp_token', code);
    if (remember) await page.check('#switch-remember');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.oe_login_buttons button[type=submit]')]);
  }

  /** The "Security Control" dialog: type the password and confirm (the page reloads if `reload`). */
  async function confirmIdentity(pw: string, reload: boolean): Promise<void> {
    const dlg = '#o_identity_check_dialog';
    await page.waitForSelector(`${dlg}.show`);
    expect(await text(`${dlg} .modal-title`)).toBe('Security Control');
    await page.fill(`${dlg} input[name=password]#password`, pw);
    const click = page.click(`${dlg} button:has-text("Confirm Password")`);
    if (reload) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click]);
    else await click;
  }

  it('enable on /my/security → login with the code → remembered browser → Revoke All → asked again; RPC refuses the password', async () => {
    const stamp = Date.now();
    ({ userId, login } = await admin.portalUser('Tom Twofactor', `tom.twofactor.${stamp}@example.com`, password));

    await signIn(login, password);
    expect(pathname()).toBe('/my');
    await page.goto('/my/security');
    expect(await text('section[name=portal_totp] h3')).toBe('Two-factor authentication');
    expect(await text('section[name=portal_totp] div.alert.alert-secondary')).toBe('Two-factor authentication not enabled');
    expect(await text('button#auth_totp_portal_enable')).toBe('Enable two-factor authentication');
    await shot('01_security_disabled');

    // identity check: a wrong password first
    await page.click('#auth_totp_portal_enable');
    const dlg = '#o_identity_check_dialog';
    await page.waitForSelector(`${dlg}.show`);
    expect(await text(`${dlg} .modal-title`)).toBe('Security Control');
    await page.fill(`${dlg} input[name=password]`, 'not-my-password');
    await page.click(`${dlg} button:has-text("Confirm Password")`);
    await page.waitForSelector(`${dlg} .alert-danger:not(.d-none)`);
    expect(await text(`${dlg} .alert-danger`)).toBe('Incorrect Password, try again or click on Forgot Password to reset your password.');
    await shot('02_identity_check_error');
    await confirmIdentity(password, false);

    // the activation dialog: QR code, the secret behind "Cannot scan it?", the code
    const wiz = '#auth_totp_wizard_dialog';
    await page.waitForSelector(`${wiz}.show img.o_totp_qrcode`);
    expect(await text(`${wiz} .modal-title`)).toBe('Two-Factor Authentication Activation');
    expect(await page.getAttribute(`${wiz} img.o_totp_qrcode`, 'src')).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(await page.$eval(`${wiz} img.o_totp_qrcode`, (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(await page.locator(`${wiz} .o_totp_secret`).isVisible()).toBe(false);
    await page.click(`${wiz} a:has-text("Cannot scan it?")`);
    await page.locator(`${wiz} .o_totp_secret`).waitFor({ state: 'visible' });
    const shown = await text(`${wiz} .o_totp_secret`);
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    secret = shown.replace(/\s/g, '');
    await page.fill(`${wiz} input[name=code]`, wrongCode(secret));
    await page.click(`${wiz} button:has-text("Activate")`);
    await page.waitForSelector(`${wiz} .alert-danger:not(.d-none)`);
    expect(await text(`${wiz} .alert-danger`)).toBe('Verification failed, please double-check the 6-digit code');
    await shot('03_activation_dialog');
    await page.fill(`${wiz} input[name=code]`, totp(secret));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`${wiz} button:has-text("Activate")`)]);
    expect(await text('section[name=portal_totp] span.text-success')).toBe('Two-factor authentication enabled');
    expect(await text('button#auth_totp_portal_disable')).toBe('(Disable two-factor authentication)');
    expect(await page.locator('#auth_totp_portal_enable').count()).toBe(0);
    await shot('04_security_enabled');

    // RPC: the password no longer works (XML-RPC and /jsonrpc), API keys only
    expect(await xmlrpcAuthenticate(srv.url, srv.db, login, password)).toBe(false);
    expect((await new JsonClient(srv.url).service('common', 'authenticate', srv.db, login, password, {})).result).toBe(false);

    // log out, log in: password, then the code
    await logout();
    await signIn(login, password);
    expect(page.url()).toBe(`${srv.url}/web/login/totp?redirect=%2Fmy`);
    expect(await text('.oe_login_form h4')).toBe('Two-factor Authentication');
    expect(await page.getAttribute('#totp_token', 'placeholder')).toBe('e.g. 123456');
    expect(await text('label[for=switch-remember]')).toBe("Don't ask again on this device");
    await page.fill('#totp_token', wrongCode(secret));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.oe_login_buttons button[type=submit]')]);
    expect(await text('.oe_login_form p.alert-danger')).toBe('Verification failed, please double-check the 6-digit code');
    await shot('05_login_code_error');
    await enterCode(totp(secret));
    expect(pathname()).toBe('/my');

    // "Don't ask again on this device"
    await logout();
    await signIn(login, password);
    expect(pathname()).toBe('/web/login/totp');
    await enterCode(totp(secret), true);
    expect(pathname()).toBe('/my');
    const td = (await context.cookies()).find((c) => c.name === 'td_id')!;
    expect(td.value).toMatch(/^[0-9a-f]{40}$/);
    expect(td).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(td.expires - Date.now() / 1000).toBeGreaterThan(89 * 86400);
    await logout();
    await signIn(login, password);
    expect(pathname()).toBe('/my');

    // the device on /my/security, then Revoke All (identity check: a new session)
    await page.goto('/my/security');
    expect(await text('.o_totp_trusted_devices tbody .o_totp_device_name')).toBe('Chrome on Linux');
    expect(await text('.o_totp_trusted_devices tbody .o_totp_device_date')).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    await shot('06_security_trusted_device');
    await page.click('#auth_totp_portal_revoke_all_devices');
    await confirmIdentity(password, true);
    expect(await page.locator('.o_totp_trusted_devices').count()).toBe(0);
    expect(await page.locator('#auth_totp_portal_revoke_all_devices').count()).toBe(0);

    // the code is asked again
    await logout();
    await signIn(login, password);
    expect(pathname()).toBe('/web/login/totp');
    await shot('07_login_code_asked_again');
    await enterCode(totp(secret));
    expect(pathname()).toBe('/my');

    // Cancel on the code page logs out
    await logout();
    await signIn(login, password);
    await Promise.all([page.waitForURL('**/web/login'), page.click('form[action="/web/session/logout"] button:has-text("Cancel")')]);
    await page.goto('/web/login/totp');
    expect(pathname()).toBe('/web/login');
  });

  it('API key from /my/security works over RPC until removed; disabling 2FA brings the password back', async () => {
    expect(secret).not.toBe('');
    await admin.setParam('portal.allow_api_keys', 'True');
    try {
      await signIn(login, password);
      await enterCode(totp(secret));
      await page.goto('/my/security');
      expect(await text('section[name=portal_api_keys] h3')).toBe('Developer API Keys');

      await page.click('.o_portal_new_api_key');
      // make_key asks for the identity (api_key_wizard too, in Odoo)
      const desc = '#o_api_key_description_dialog';
      const identity = '#o_identity_check_dialog';
      await page.waitForSelector(`${desc}.show, ${identity}.show`);
      if (await page.locator(`${identity}.show`).count()) await confirmIdentity(password, false);
      await page.waitForSelector(`${desc}.show`);
      await page.fill(`${desc} input[name=description]`, 'my browser key');
      await page.click(`${desc} button:has-text("Confirm")`);
      await page.waitForSelector(`${identity}.show, #o_api_key_show_dialog.show`);
      if (await page.locator(`${identity}.show`).count()) await confirmIdentity(password, false);
      await page.waitForSelector('#o_api_key_show_dialog.show');
      expect(await text('#o_api_key_show_dialog .modal-title')).toBe('API Key Ready');
      const key = await text('#o_api_key_show_dialog .o_api_key_value');
      expect(key).toMatch(/^[0-9a-f]{40}$/);
      await shot('08_api_key_ready');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#o_api_key_show_dialog button:has-text("Close")')]);
      expect(await text('section[name=portal_api_keys] .o_api_key_name')).toBe('my browser key');

      // the key is the RPC password now; the password still is not
      expect(await xmlrpcAuthenticate(srv.url, srv.db, login, key)).toBe(userId);
      expect(await xmlrpcAuthenticate(srv.url, srv.db, login, password)).toBe(false);

      // remove it (trash icon)
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('section[name=portal_api_keys] .o_portal_remove_api_key')]);
      expect(await page.locator('section[name=portal_api_keys] .o_api_key_name').count()).toBe(0);
      expect(await xmlrpcAuthenticate(srv.url, srv.db, login, key)).toBe(false);

      // disable 2FA (identity still fresh in this session: no dialog)
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#auth_totp_portal_disable')]);
      expect(await text('section[name=portal_totp] div.alert.alert-secondary')).toBe('Two-factor authentication not enabled');
      await shot('09_security_disabled_again');
      expect(await xmlrpcAuthenticate(srv.url, srv.db, login, password)).toBe(userId);
      await logout();
      await signIn(login, password);
      expect(pathname()).toBe('/my');
    } finally {
      await admin.setParam('portal.allow_api_keys', '');
    }
  });
});
