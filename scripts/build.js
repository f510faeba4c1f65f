#!/usr/bin/env node
/**
 * Compile the TypeScript sources into dist/ when they changed since the last build, else do
 * nothing (npm start, prepare and prepack run this; `npm run build` always compiles).
 *
 * Fresh when dist/.build-stamp is newer than every source file, tsconfig.json and
 * package.json. Concurrent callers (parallel test workers) wait on a lock directory instead of
 * compiling twice into the same files.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const lock = path.join(root, 'dist', '.build-lock');
const SOURCES = ['index.ts', 'testing', 'server', 'rpc', 'models', 'views', 'fixtures', 'bench', 'tsconfig.json', 'package.json'];

function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return p.endsWith('.ts') || p.endsWith('.json') ? st.mtimeMs : 0;
  let t = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

function fresh() {
  let built;
  try { built = fs.statSync(stamp).mtimeMs; } catch { return false; }
  return SOURCES.every((s) => newest(path.join(root, s)) <= built);
}

function sleep(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

function build() {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try { fs.mkdirSync(lock); break; } catch {
      // another process compiles: wait for it (a lock older than 5 minutes is stale)
      try { if (Date.now() - fs.statSync(lock).mtimeMs > 300000) fs.rmSync(lock, { recursive: true, force: true }); } catch { /* gone */ }
      if (Date.now() - started > 600000) throw new Error('timed out waiting for another build');
      sleep(200);
    }
  }
  try {
    if (fresh()) return 0;
    const begin = Date.now();
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
    if (r.status !== 0) return r.status || 1;
    fs.writeFileSync(stamp, new Date(begin).toISOString());
    // the stamp is dated from before the compile: a source saved during it makes the next run compile again
    fs.utimesSync(stamp, new Date(begin), new Date(begin));
    if (!process.argv.includes('--quiet')) process.stderr.write(`odoo-emulator: compiled in ${Date.now() - begin} ms\n`);
    return 0;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

if (require.main === module) {
  if (fresh()) process.exit(0);
  process.exit(build());
}
module.exports = { fresh, build };
