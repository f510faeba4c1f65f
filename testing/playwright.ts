/**
 * Playwright helpers (`require('odoo-emulator/playwright')`).
 *
 * With @playwright/test, one emulator per worker, reset before each test:
 *
 *   import { test as base } from '@playwright/test';
 *   import { odooFixtures } from 'odoo-emulator/playwright';
 *   export const test = base.extend(odooFixtures({ modules: ['portal'] }));
 *   test('portal', async ({ page, odoo }) => { await loginAs(page, odoo, 'portal', 'portal'); ... });
 *
 * `loginAs` works with any Playwright page (playwright-core included).
 */
import { startOdoo, type OdooEmulator, type StartOdooOptions } from '../server/api';

/** The part of a Playwright Page the helpers use. */
export interface PageLike {
  goto(url: string): Promise<unknown>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  waitForURL(url: string | RegExp | ((url: URL) => boolean)): Promise<void>;
}

type Use<T> = (value: T) => Promise<void>;

/** Fixtures for test.extend(): `odooServer` (one per worker) and `odoo` (the same, reset before each test). */
export function odooFixtures(opts: StartOdooOptions = {}) {
  return {
    odooServer: [async ({}: object, use: Use<OdooEmulator>) => {
      const odoo = await startOdoo(opts);
      await use(odoo);
      await odoo.stop();
    }, { scope: 'worker' as const }] as const,
    odoo: async ({ odooServer }: { odooServer: OdooEmulator }, use: Use<OdooEmulator>) => {
      await odooServer.reset();
      await use(odooServer);
    },
  };
}

/** Log in through /web/login as a user would; resolves once the login page is left. */
export async function loginAs(page: PageLike, odoo: { url: string; db: string }, login: string, password: string): Promise<void> {
  await page.goto(`${odoo.url}/web/login?db=${encodeURIComponent(odoo.db)}`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith('/web/login'));
}

export { startOdoo };
export type { OdooEmulator, StartOdooOptions };
