/**
 * OdooRPC's own integration suite (OCA/odoorpc 0.10.1, vendored as shipped in test/vendor/odoorpc,
 * LGPL-3.0), run unchanged against the emulator: it creates its database through the db service,
 * installs `sale` with button_immediate_install and exercises the client end to end. Every test
 * that passes against a real Odoo 17 with the same modules (recorded in
 * test/fixtures/odoorpc/odoo17_results.txt) must pass here; PENDING names the ones that need a
 * module or feature not shipped yet, each with its reason, and fails as soon as one passes.
 */
import fs from 'fs';
import path from 'path';
import { startTestServer, type TestServer } from '../helpers/server';
import { runProcess } from './helpers';

const VENDOR = path.join(__dirname, '..', 'vendor', 'odoorpc');
const RECORDED = path.join(__dirname, '..', 'fixtures', 'odoorpc', 'odoo17_results.txt');

/** Tests that pass on Odoo 17 but need something the emulator does not ship yet. */
const PENDING: Record<string, string> = {
};

type Outcome = 'ok' | 'ERROR' | 'FAIL' | 'skipped';

/** `test_x (pkg.mod.Class.test_x) ... ok` lines of `unittest -v`, by test id. */
function parseVerbose(text: string): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  const re = /^(\S+) \(([\w.]+)\)(?: .*?)? \.\.\. (ok|ERROR|FAIL|skipped)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[2].endsWith(`.${m[1]}`) ? m[2] : `${m[2]}.${m[1]}`, m[3] as Outcome);
  return out;
}

function recorded(): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const line of fs.readFileSync(RECORDED, 'utf8').split('\n')) {
    const [id, outcome] = line.split(' ');
    if (id) out.set(id, outcome as Outcome);
  }
  return out;
}

let server: TestServer;
let results: Map<string, Outcome>;
let log = '';

beforeAll(async () => {
  server = await startTestServer({ db_name: [] });
  const port = new URL(server.url).port;
  const r = await runProcess('/usr/bin/python3', ['-m', 'unittest', 'discover', '-v', '-s', 'odoorpc/tests', '-t', '.'], '', {
    cwd: VENDOR, timeoutMs: 600000,
    env: { PYTHONPATH: VENDOR, ORPC_TEST_HOST: '127.0.0.1', ORPC_TEST_PORT: port, ORPC_TEST_VERSION: '17.0', ORPC_TEST_DB: 'odoorpc_test' },
  });
  log = r.stderr + r.stdout;
  results = parseVerbose(log);
}, 700000);

afterAll(() => server?.close());

test('the suite ran (152 tests, as against Odoo 17)', () => {
  expect(results.size).toBeGreaterThan(0);
  expect(log).toMatch(/Ran \d+ tests/);
});

test('every test that passes against a real Odoo 17 passes against the emulator', () => {
  const failing: string[] = [];
  for (const [id, outcome] of recorded()) {
    if (outcome !== 'ok' || PENDING[id]) continue;
    if (results.get(id) !== 'ok') failing.push(`${id}: ${results.get(id) ?? 'not run (setUpClass failed)'}`);
  }
  if (failing.length) {
    // the failures' tracebacks, to see why
    const blocks = log.split(/^={70}$/m).filter((b) => failing.some((f) => b.includes(f.split(':')[0].split('.').pop()!)));
    throw new Error(`${failing.length} tests fail here but pass on Odoo 17:\n${failing.join('\n')}\n\n${blocks.slice(0, 5).join('\n').slice(0, 8000)}`);
  }
});

test('pending tests are still pending (remove an entry once its test passes)', () => {
  const passing = Object.keys(PENDING).filter((id) => results.get(id) === 'ok');
  expect(passing).toEqual([]);
});
