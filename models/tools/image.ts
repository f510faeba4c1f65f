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
