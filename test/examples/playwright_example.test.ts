import { chromium, type Browser } from 'playwright-core';
import { startOdoo, type OdooEmulator } from 'odoo-emulator';
import { loginAs } from 'odoo-emulator/playwright';

let odoo: OdooEmulator;
let browser: Browser;
beforeAll(async () => {
  odoo = await startOdoo({ modules: ['portal'] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => { await browser?.close(); await odoo?.stop(); });
beforeEach(() => odoo.reset());

test('a portal user signs in and lands on their portal', async () => {
  const page = await browser.newPage();
  await loginAs(page, odoo, 'portal', 'portal');
  expect(new URL(page.url()).pathname).toBe('/my');
  await expect(page.locator('.o_portal_my_home').count()).resolves.toBe(1);
});

test('a page that answers 503 once, then works', async () => {
  odoo.faults.add({ route: '/web/login', http_status: 503, times: 1 });
  const page = await browser.newPage();
  expect((await page.goto(`${odoo.url}/web/login`))?.status()).toBe(503);
  expect((await page.reload())?.status()).toBe(200);
});
