/**
 * Template images built in a worker thread, so that creating a database with a module set never
 * built before does not stop the server from answering other requests for seconds.
 *
 * The worker runs the same code as the caller: compiled JavaScript (dist/, an installed
 * package) loads `template_worker.js` beside this file; TypeScript sources (ts-jest, where no
 * compiled file exists or it could be stale) are compiled on the fly in the worker with the
 * TypeScript compiler's transpileModule, registered as the `.ts` loader before the worker's
 * entry is required. Without the compiler (never the case where .ts files run), the image is
 * built in the calling thread instead.
 */
import path from 'path';
import { Worker } from 'worker_threads';
import { currentLogLevel } from './tools/log';

export interface TemplateRequest {
  demo: boolean;
  modules: string[];
}

/**
 * Bootstrap code for a thread or process running TypeScript sources: a `.ts` loader through
 * ts.transpileModule, then the entry file whose path the JavaScript expression `entry` gives.
 */
export function tsBootstrap(entry: string): string {
  return `
const fs = require('fs');
const { createRequire } = require('module');
const entry = ${entry};
const req = createRequire(entry);
const ts = req('typescript');
require('module')._extensions['.ts'] = (module, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(out.outputText, filename);
};
req(entry);
`;
}

/** Worker bootstrap for TypeScript sources (the entry comes in workerData). */
const TS_BOOTSTRAP = tsBootstrap("require('worker_threads').workerData.entry");

function canTranspile(): boolean {
  try {
    require.resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

/** The image of a fresh database, built by a worker thread (or here when no worker can run this code). */
export function buildTemplateInWorker(request: TemplateRequest): Promise<Buffer> {
  const compiled = __filename.endsWith('.js');
  if (!compiled && !canTranspile()) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { buildTemplateImage } = require('./database') as typeof import('./database');
    return Promise.resolve(buildTemplateImage(request));
  }
  const entry = path.join(__dirname, compiled ? 'template_worker.js' : 'template_worker.ts');
  const worker = compiled
    ? new Worker(entry, { workerData: { request, logLevel: currentLogLevel() } })
    : new Worker(TS_BOOTSTRAP, { eval: true, workerData: { request, entry, logLevel: currentLogLevel() } });
  return new Promise<Buffer>((resolve, reject) => {
    let done = false;
    worker.once('message', (msg: { image?: Uint8Array; error?: string }) => {
      done = true;
      if (msg.image) resolve(Buffer.from(msg.image.buffer, msg.image.byteOffset, msg.image.byteLength));
      else reject(new Error(msg.error ?? 'template worker failed'));
      void worker.terminate();
    });
    worker.once('error', (e) => { if (!done) { done = true; reject(e); } });
    worker.once('exit', (code) => { if (!done) { done = true; reject(new Error(`template worker exited with code ${code}`)); } });
  });
}
