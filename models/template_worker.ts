/**
 * Worker-thread entry (models/template_thread.ts): builds one template image and sends it back.
 * Log lines (module loading progress) go to the process's stderr like the main thread's.
 */
import { parentPort, workerData } from 'worker_threads';
import { buildTemplateImage } from './database';
import { setLogLevel } from './tools/log';
import type { TemplateRequest } from './template_thread';

const data = workerData as { request: TemplateRequest; logLevel?: string };
if (data.logLevel) setLogLevel(data.logLevel);
try {
  const image = buildTemplateImage(data.request);
  const copy = new Uint8Array(image);
  parentPort!.postMessage({ image: copy }, [copy.buffer]);
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) });
}
