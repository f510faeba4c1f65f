/**
 * The published package (issue 16): `npm pack` of this repository installed into an empty
 * project gives `require('odoo-emulator').startOdoo()`, its types, the jest helper and the
 * `odoo-emulator` command — with nothing but the npm registry (dependencies are fetched with
 * install scripts off; the one native addon that downloads its binary, better-sqlite3, gets
 * the binary this repository already built).
 */
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);
let project: string;
let tarball: string;

beforeAll(async () => {
  ensureBuilt();
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-emulator-consumer-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, timeout: 120000 });
  tarball = path.join(project, JSON.parse(stdout)[0].filename);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, timeout: 600000 });
  const native = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(path.join(project, native)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, native), path.join(project, native));
}, 660000);

afterAll(() => { if (project) fs.rmSync(project, { recursive: true, force: true }); });

it('ships the compiled code, the data files and the command, not the sources', () => {
  const pkg = path.join(project, 'node_modules', 'odoo-emulator');
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/testing/jest.js', 'bin/odoo-emulator.js', 'fixtures/base/data/base_data.xml', 'views/login.hbs', 'models/tools/image_worker.js', 'fixtures/base/static/img/avatar_grey.png', 'clients/python/odoo_emulator_fixture.py', 'models/addons/emulator_api.d.ts']) {
    expect([f, fs.existsSync(path.join(pkg, f))]).toEqual([f, true]);
  }
  for (const f of ['server/app.ts', 'test', 'dist/bench', 'dist/index.js.map']) expect([f, fs.existsSync(path.join(pkg, f))]).toEqual([f, false]);
});

it("require('odoo-emulator').startOdoo() answers Odoo's RPC in the installed package", async () => {
  fs.writeFileSync(path.join(project, 'smoke.js'), `
const { startOdoo } = require('odoo-emulator');
const { useOdoo } = require('odoo-emulator/jest');
(async () => {
  const odoo = await startOdoo({ modules: ['portal'] });
  const call = (service, method, args) => fetch(odoo.url + '/jsonrpc', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }) }).then((r) => r.json());
  const version = (await call('common', 'version', [])).result.server_version;
  const uid = (await call('common', 'authenticate', [odoo.db, 'admin', 'admin', {}])).result;
  const journal = odoo.journal({ method: 'authenticate' }).map((e) => e.args[2]);
  await odoo.stop();
  console.log(JSON.stringify({ version, uid, journal, useOdoo: typeof useOdoo }));
})().catch((e) => { console.error(e); process.exit(1); });
`);
  const { stdout } = await run(process.execPath, ['smoke.js'], { cwd: project, timeout: 180000 });
  expect(JSON.parse(stdout)).toEqual({ version: '17.0', uid: 2, journal: ['********'], useOdoo: 'function' });
}, 200000);

it('types the API for TypeScript users', async () => {
  fs.writeFileSync(path.join(project, 'typed.ts'), `
import { startOdoo, type OdooEmulator, type FaultRule } from 'odoo-emulator';
const rule: FaultRule = { model: 'res.partner', error: 'SerializationFailure', times: 1 };
export async function main(): Promise<string> {
  const odoo: OdooEmulator = await startOdoo({ port: 0, demo: true, dataDir: ':memory:' });
  odoo.faults.add(rule);
  odoo.clock.advance(1000);
  return odoo.url;
}
`);
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'typed.ts'], { cwd: project, timeout: 120000 })
    .catch((e: { stdout?: string }) => { throw new Error(`tsc: ${e.stdout}`); });
}, 150000);

it('installs the odoo-emulator command', async () => {
  const { stdout } = await run(path.join(project, 'node_modules', '.bin', 'odoo-emulator'), ['--help'], { cwd: project, timeout: 60000 });
  expect(stdout).toMatch(/^Usage: odoo-emulator \[options\]/);
});
