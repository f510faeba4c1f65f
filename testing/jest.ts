/**
 * jest helper (`require('odoo-emulator/jest')`): one emulator per test file, started before its
 * tests, reset before each test, stopped after them.
 *
 *   const odoo = useOdoo({ modules: ['portal'] });
 *   test('...', async () => { await fetch(`${odoo.url}/jsonrpc`, ...); expect(odoo.journal({ method: 'create' })).toHaveLength(1); });
 *
 * `odoo` stands for the running instance (an OdooEmulator): use it inside hooks and tests.
 */
import { startOdoo, type OdooEmulator, type StartOdooOptions } from '../server/api';

declare const beforeAll: (fn: () => unknown, timeout?: number) => void;
declare const afterAll: (fn: () => unknown, timeout?: number) => void;
declare const beforeEach: (fn: () => unknown, timeout?: number) => void;

export interface UseOdooOptions extends StartOdooOptions {
  /** Reset the database before each test (default true). */
  resetEachTest?: boolean;
}

export function useOdoo(opts: UseOdooOptions = {}): OdooEmulator {
  let instance: OdooEmulator | null = null;
  const { resetEachTest = true, ...startOpts } = opts;
  beforeAll(async () => { instance = await startOdoo(startOpts); }, 120000);
  afterAll(async () => { await instance?.stop(); instance = null; });
  if (resetEachTest) beforeEach(async () => { await instance?.reset(); });
  return new Proxy({} as OdooEmulator, {
    get(_target, key) {
      if (!instance) throw new Error('useOdoo(): the emulator runs only inside hooks and tests (after beforeAll)');
      const v = (instance as unknown as Record<PropertyKey, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(instance) : v;
    },
  });
}

export { startOdoo };
export type { OdooEmulator, StartOdooOptions };
