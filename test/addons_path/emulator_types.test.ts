/**
 * The emulator/ API's types (models/addons/emulator_api.d.ts) describe what the sample addon's
 * behaviour file uses: TypeScript checks the JavaScript file against them (// @ts-check, strict),
 * as an editor does for an addon developer, and a mistake is reported.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runProcess } from '../integration/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const FILE = path.join(__dirname, 'addons/library/emulator/library.js');
const ARGS = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--target', 'ES2022', '--module', 'commonjs', '--types', 'node'];

test('the sample addon\'s emulator/library.js type-checks against emulator_api.d.ts; a wrong call does not', async () => {
  const ok = await runProcess(process.execPath, [TSC, ...ARGS, FILE], '', { cwd: ROOT, timeoutMs: 120000 });
  expect(ok.stdout + ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  // the same file calling a method with a wrong argument type is refused (a copy elsewhere: the
  // addon folder is read by other tests)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-types-'));
  try {
    const bad = path.join(dir, 'library.js');
    fs.writeFileSync(bad, fs.readFileSync(FILE, 'utf8')
      .replace(/import\('(\.\.\/)+models\/addons\/emulator_api'\)/g, `import('${path.join(ROOT, 'models/addons/emulator_api')}')`)
      .replace("this.write({ state: 'lost' });", "this.write('lost');"));
    const r = await runProcess(process.execPath, [TSC, ...ARGS, bad], '', { cwd: ROOT, timeoutMs: 120000 });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/error TS2345: Argument of type 'string' is not assignable to parameter of type 'Vals'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 150000);
