/**
 * The pytest fixture of the repository (clients/python/odoo_emulator_fixture.py) runs the
 * README's pytest example (test/python) with Debian's python3-pytest: once starting the
 * emulator itself from the command line (bin/odoo-emulator.js), once against a server started
 * here with startOdoo() (ODOO_EMULATOR_URL).
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { startOdoo } from '../../index';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);

function pytest(env: Record<string, string> = {}) {
  return run('/usr/bin/python3', ['-m', 'pytest', path.join(ROOT, 'test', 'python'), '-q', '-p', 'no:cacheprovider'], {
    cwd: ROOT, env: { ...process.env, ...env }, timeout: 240000,
  }).catch((e: { stdout?: string; stderr?: string }) => { throw new Error(`pytest failed:\n${e.stdout}\n${e.stderr}`); });
}

beforeAll(() => ensureBuilt(), 300000);

it('starts the emulator from the command line and runs the example tests', async () => {
  const { stdout } = await pytest();
  expect(stdout).toMatch(/\b5 passed\b/);
}, 300000);

it('uses a server already running at ODOO_EMULATOR_URL', async () => {
  const odoo = await startOdoo({ db: 'pyfixture', logLevel: 'critical' });
  try {
    const { stdout } = await pytest({ ODOO_EMULATOR_URL: odoo.url, ODOO_EMULATOR_DB: 'pyfixture' });
    expect(stdout).toMatch(/\b5 passed\b/);
    // the fixture clears the journal before each test: the last test's calls are there
    expect(odoo.journal({ model: 'res.users', method: 'action_reset_password' })).toHaveLength(1);
  } finally {
    await odoo.stop();
  }
}, 300000);
