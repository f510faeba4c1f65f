/*
 * Worker thread behind models/tools/image.ts: runs sharp (asynchronous) for the synchronous ORM.
 * Each request is { id, op, data, ... }; the answer is posted on the port, then the shared flag
 * is raised so that the waiting caller (Atomics.wait) wakes up. Plain JavaScript so that it runs
 * the same from the sources (ts-jest) and from dist/.
 */
'use strict';
const { parentPort, workerData } = require('worker_threads');
const sharp = require('sharp');

const { flag, port } = workerData;

/** Odoo's ImageProcess (odoo/tools/image.py): orientation fix, thumbnail resize, re-encode. */
async function processImage(req) {
  const source = Buffer.from(req.data);
  const meta = await sharp(source).metadata();
  const format = meta.format === 'jpeg' ? 'JPEG' : meta.format === 'png' ? 'PNG' : meta.format === 'gif' ? 'GIF' : meta.format === 'bmp' ? 'BMP' : (meta.format || '').toUpperCase();
  let pipeline = sharp(source, { animated: false });
  let operations = 0;
  let width = meta.width || 0;
  let height = meta.height || 0;
  if (meta.orientation && meta.orientation !== 1) {
    // image_fix_orientation: the EXIF orientation is applied to the pixels
    pipeline = pipeline.rotate();
    // (not counted as an operation: alone, it leaves the source bytes as they are)
    if (meta.orientation >= 5) [width, height] = [height, width];
  }
  if (req.verifyResolution && width * height > 50e6) return { error: 'resolution' };
  const maxW = req.maxWidth || 0;
  const maxH = req.maxHeight || 0;
  if (format !== 'GIF' && (maxW || maxH) && width && height) {
    const askedW = maxW || Math.floor((width * maxH) / height);
    const askedH = maxH || Math.floor((height * maxW) / width);
    if (askedW !== width || askedH !== height) {
      // PIL's thumbnail: shrink only, keeping the aspect ratio inside the asked box
      const scale = Math.min(askedW / width, askedH / height);
      if (scale < 1) {
        const w = Math.max(1, Math.round(width * scale));
        const h = Math.max(1, Math.round(height * scale));
        pipeline = pipeline.resize(w, h, { fit: 'fill', kernel: 'lanczos3' });
        if (w !== width || h !== height) operations++;
        width = w; height = h;
      }
    }
  }
  let out = (req.outputFormat || '').toUpperCase() || format;
  if (out === 'BMP') out = 'PNG';
  else if (!['PNG', 'JPEG', 'GIF', 'ICO'].includes(out)) out = 'JPEG';
  if (!operations && out === format && !req.quality) return { data: source, width, height, unchanged: true };
  if (out === 'PNG') pipeline = pipeline.png({ compressionLevel: 9 });
  else if (out === 'JPEG') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: req.quality || 95 });
  else if (out === 'GIF') pipeline = pipeline.gif();
  else return { data: source, width, height, unchanged: true };
  const data = await pipeline.toBuffer();
  return { data, width, height };
}

/**
 * The RGBA pixels of an image fitted to a height (orientation fixed, nearest-neighbour resize:
 * what base.document.layout's logo colour extraction reads, with PIL's convert('RGBA').resize).
 */
async function imagePixels(req) {
  const source = Buffer.from(req.data);
  const meta = await sharp(source).metadata();
  let [bw, bh] = [meta.width || 0, meta.height || 0];
  if (meta.orientation && meta.orientation >= 5) [bw, bh] = [bh, bw];
  if (!bw || !bh) return { error: 'decode' };
  const height = req.height;
  const width = Math.max(1, Math.floor((height * bw) / bh));
  const { data, info } = await sharp(source).rotate().ensureAlpha()
    .resize(width, height, { fit: 'fill', kernel: 'nearest' }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function handle(req) {
  try {
    if (req.op === 'size') {
      const meta = await sharp(Buffer.from(req.data)).metadata();
      return { width: meta.width || 0, height: meta.height || 0, format: meta.format || '' };
    }
    if (req.op === 'process') return await processImage(req);
    if (req.op === 'pixels') return await imagePixels(req);
    return { error: `unknown op ${req.op}` };
  } catch (e) {
    return { error: 'decode', message: String(e && e.message || e) };
  }
}

parentPort.on('message', (req) => {
  handle(req).then((res) => {
    port.postMessage({ id: req.id, ...res });
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});
