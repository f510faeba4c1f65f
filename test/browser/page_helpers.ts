/**
 * Page helpers shared by the browser flows (playwright-core page on Debian's Chromium).
 */
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs (never a downloaded browser). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function pageHelpers(getPage: () => Page, shotsDir: string, prefix = '') {
  const page = () => getPage();
  return {
    async shot(name: string): Promise<void> {
      await page().screenshot({ path: path.join(shotsDir, `${prefix}${name}.png`), fullPage: true });
    },
    /** Visible text of the first element matching `selector` (waits for it). */
    async text(selector: string): Promise<string> {
      return (await page().locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
    },
    pathname(): string {
      return new URL(page().url()).pathname;
    },
    /** The portal user menu's "Logout" link. */
    async logout(): Promise<void> {
      await page().click('.o_user_menu .dropdown-toggle');
      await page().waitForSelector('.js_usermenu.show #o_logout');
      await Promise.all([page().waitForURL('**/web/login**'), page().click('#o_logout')]);
    },
    /** Fill and submit /web/login. */
    async signIn(loginName: string, password: string): Promise<void> {
      await page().goto('/web/login');
      await page().fill('form.oe_login_form input[name=login]#login', loginName);
      await page().fill('form.oe_login_form input[name=password]#password', password);
      await Promise.all([page().waitForNavigation({ waitUntil: 'load' }), page().click('.oe_login_buttons button[type=submit]')]);
    },
  };
}
