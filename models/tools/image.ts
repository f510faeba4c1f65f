/**
 * Image processing for Image fields and attachments, as Odoo 17's odoo/tools/image.py does it
 * (image_process: EXIF orientation, shrink to fit a box keeping the aspect ratio, re-encode in the
 * source format, PNG/JPEG/GIF kept, BMP → PNG, other formats → JPEG quality 95; an image that
 * needs no change is returned byte for byte).
 *
 * The work is done by sharp (libvips, shipped as npm packages), which is asynchronous; the ORM is
 * synchronous, so the calls run in a worker thread and the caller blocks on a shared flag until
 * the answer is posted (Atomics.wait + receiveMessageOnPort), the technique of the synckit package.
 */
import fs from 'fs';
import path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import { PROJECT_ROOT } from '../paths';
import { UserError } from '../orm/exceptions';

interface WorkerAnswer {
  id: number;
  data?: Uint8Array;
  width?: number;
  height?: number;
  format?: string;
  unchanged?: boolean;
  error?: string;
  message?: string;
}

let worker: { w: Worker; flag: Int32Array; port: MessagePort } | null = null;
let seq = 0;

function imageWorker() {
  if (worker) return worker;
  const file = path.join(PROJECT_ROOT, 'models', 'tools', 'image_worker.js');
  // the caller blocks until the worker answers: a missing file would only show as a timeout
  if (!fs.existsSync(file)) throw new Error(`image worker not found: ${file}`);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(file, {
    workerData: { flag, port: port2 }, transferList: [port2],
  });
  // the worker must not keep the process alive
  w.unref();
  port1.unref();
  w.on('error', () => { worker = null; });
  w.on('exit', () => { worker = null; });
  worker = { w, flag, port: port1 };
  return worker;
}

/** Run one request in the worker and wait for its answer (at most 60 s). */
function callWorker(req: Record<string, unknown>): WorkerAnswer {
  const { w, flag, port } = imageWorker();
  const id = ++seq;
  Atomics.store(flag, 0, 0);
  w.postMessage({ ...req, id });
  const deadline = Date.now() + 60000;
  for (;;) {
    const status = Atomics.wait(flag, 0, 0, Math.max(1, deadline - Date.now()));
    const msg = receiveMessageOnPort(port);
    if (msg && (msg.message as WorkerAnswer).id === id) return msg.message as WorkerAnswer;
    if (status === 'timed-out' || Date.now() > deadline) throw new Error('image processing timed out');
    Atomics.store(flag, 0, 0);
  }
}

export interface ProcessOptions {
  maxWidth?: number;
  maxHeight?: number;
  quality?: number;
  outputFormat?: string;
  verifyResolution?: boolean;
}

/** A binary that is no image to process: empty, SVG (starts with '<') or WEBP (image.py ImageProcess). */
function unprocessable(source: Buffer): boolean {
  return !source.length || source[0] === 0x3c || (source.subarray(0, 4).toString('latin1') === 'RIFF' && source.subarray(8, 12).toString('latin1') === 'WEBP');
}

/** odoo.tools.image_process: the processed bytes, or the source itself when nothing changes. */
export function imageProcess(source: Buffer, opts: ProcessOptions = {}): Buffer {
  const { maxWidth = 0, maxHeight = 0, quality = 0, outputFormat = '', verifyResolution = false } = opts;
  if (!source.length || (!maxWidth && !maxHeight && !verifyResolution && !quality && !outputFormat)) return source;
  if (unprocessable(source)) return source;
  const res = callWorker({ op: 'process', data: source, maxWidth, maxHeight, quality, outputFormat, verifyResolution });
  if (res.error === 'resolution') {
    throw new UserError('Image size excessive, uploaded images must be smaller than 50.0 million pixels.');
  }
  if (res.error) throw new UserError('This file could not be decoded as an image file.');
  if (res.unchanged) return source;
  return Buffer.from(res.data!);
}

/** Width and height of an image (0, 0 when it cannot be decoded). */
export function imageSize(source: Buffer): { width: number; height: number } {
  if (unprocessable(source)) return { width: 0, height: 0 };
  const res = callWorker({ op: 'size', data: source });
  return { width: res.width ?? 0, height: res.height ?? 0 };
}

/**
 * An image's RGBA pixels at `height` px high keeping its ratio (width = int(height * w / h)),
 * nearest-neighbour resampled; null when it cannot be decoded.
 */
export function imagePixels(source: Buffer, height: number): { data: Buffer; width: number; height: number } | null {
  if (!source.length || unprocessable(source)) return null;
  const res = callWorker({ op: 'pixels', data: source, height });
  if (res.error || !res.data) return null;
  return { data: Buffer.from(res.data), width: res.width ?? 0, height: res.height ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// the company logo's helpers (pure JavaScript, PNG only)

/**
 * The two image helpers the company logo needs: Odoo's guess_mimetype (by magic bytes) and
 * image_process(size=(W, 0)) — a downscale to a maximum width keeping the ratio, never an
 * upscale. Only PNG is re-encoded (pngjs, loaded on first use); other formats are kept as given.
 */
export function guessMimetype(data: Buffer, dflt = 'application/octet-stream'): string {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 6).toString('latin1') === 'GIF87a' || data.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (data.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  const head = data.subarray(0, 1024).toString('utf8').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg\b/i.test(head)) return 'image/svg+xml';
  return dflt;
}

interface PngImage { width: number; height: number; data: Buffer }
interface PngClass {
  new (opts: { width: number; height: number }): PngImage;
  sync: { read(data: Buffer): PngImage; write(png: PngImage): Buffer };
}

/** A PNG no wider than `maxWidth` (box-filter downscale); anything else unchanged. */
export function fitWidth(data: Buffer, maxWidth: number): Buffer {
  if (guessMimetype(data) !== 'image/png') return data;
  const { PNG } = require('pngjs') as { PNG: PngClass };
  let src: PngImage;
  try {
    src = PNG.sync.read(data);
  } catch {
    return data;
  }
  if (src.width <= maxWidth) return data;
  const w = maxWidth;
  const h = Math.max(1, Math.round((src.height * w) / src.width));
  const out = new PNG({ width: w, height: h });
  const sx = src.width / w;
  const sy = src.height / h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const acc = [0, 0, 0, 0];
      let n = 0;
      for (let yy = Math.floor(y * sy); yy < Math.min(src.height, Math.ceil((y + 1) * sy)); yy++) {
        for (let xx = Math.floor(x * sx); xx < Math.min(src.width, Math.ceil((x + 1) * sx)); xx++) {
          const i = (src.width * yy + xx) << 2;
          for (let c = 0; c < 4; c++) acc[c] += src.data[i + c];
          n++;
        }
      }
      const o = (w * y + x) << 2;
      for (let c = 0; c < 4; c++) out.data[o + c] = Math.round(acc[c] / n);
    }
  }
  return PNG.sync.write(out);
}
