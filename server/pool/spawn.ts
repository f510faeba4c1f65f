/**
 * Starting a worker process that runs the same code as the primary: compiled JavaScript
 * (dist/, an installed package) forks `worker.js` beside this file; TypeScript sources (jest
 * with ts-jest) fork a small bootstrap that compiles each `.ts` file with the TypeScript
 * compiler's transpileModule as it is required, like the template threads do
 * (models/template_thread.ts). Transpiled files are cached by content in the temporary
 * directory, so that the second worker, and the next test file, start as fast as compiled code.
 */
import { fork, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';

const TS_BOOTSTRAP = `'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const Module = require('module');
const entry = process.argv[2];
// the entry sees the arguments after it, as if it had been started itself
process.argv.splice(1, 1);
const req = Module.createRequire(entry);
const ts = req('typescript');
const cache = path.join(os.tmpdir(), 'odoo-emulator-ts-' + ts.version + '-' + (process.getuid ? process.getuid() : 'user'));
Module._extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const file = path.join(cache, crypto.createHash('sha1').update(filename).update('\\0').update(source).digest('hex') + '.js');
  let out;
  try {
    out = fs.readFileSync(file, 'utf8');
  } catch {
    out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
    }).outputText;
    try {
      fs.mkdirSync(cache, { recursive: true });
      const tmp = file + '.' + process.pid + '.tmp';
      fs.writeFileSync(tmp, out);
      fs.renameSync(tmp, file);
    } catch { /* no cache: compiled again next time */ }
  }
  module._compile(out, filename);
};
req(entry);
`;

export interface SpawnOptions {
  runDir: string;
  /** limit_memory_hard in bytes: also V8's heap limit of the worker (0: none). */
  memoryHard: number;
}

export function forkWorker(opts: SpawnOptions): ChildProcess {
  const compiled = __filename.endsWith('.js');
  const entry = path.join(__dirname, compiled ? 'worker.js' : 'worker.ts');
  // node flags of a compiled server (--cpu-prof ...) apply to its workers; jest's do not
  const execArgv = compiled ? process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')) : [];
  if (opts.memoryHard > 0) execArgv.push(`--max-old-space-size=${Math.max(64, Math.ceil(opts.memoryHard / 1048576))}`);
  let script = entry;
  const args: string[] = [];
  if (!compiled) {
    script = writeTsBootstrap(opts.runDir);
    args.push(entry);
  }
  return fork(script, args, {
    execArgv,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc', 'pipe'],
  });
}

/** The bootstrap that runs a TypeScript entry (`node <file> <entry.ts> args...`), written into `dir`. */
export function writeTsBootstrap(dir: string): string {
  const script = path.join(dir, 'ts_worker.js');
  if (!fs.existsSync(script)) fs.writeFileSync(script, TS_BOOTSTRAP);
  return script;
}
