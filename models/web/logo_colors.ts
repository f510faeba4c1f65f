/**
 * The dominant colours of a logo, as base.document.layout.extract_image_primary_secondary_colors
 * computes them (addons/web/models/base_document_layout.py with odoo/tools/image.py
 * average_dominant_color, get_lightness, get_saturation): the logo at 50 px high, transparent
 * and white-ish pixels left out, the most frequent colour and its neighbours averaged twice
 * (primary, then secondary from the rest), the livelier or brighter of the two becoming primary.
 */
import { imagePixels } from '../tools/image';

type Rgb = [number, number, number];
/** [count, [r, g, b, a]] as PIL's getcolors answers. */
type Counted = [number, [number, number, number, number]];

/** Python's ordering of (count, (r, g, b, a)) tuples, for max(). */
function compareCounted(a: Counted, b: Counted): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  for (let i = 0; i < 4; i++) if (a[1][i] !== b[1][i]) return a[1][i] - b[1][i];
  return 0;
}

/** The average of the dominant colour's neighbourhood, mitigated, and the colours left (average_dominant_color). */
export function averageDominantColor(colors: Counted[], mitigate = 175, maxMargin = 140): [Rgb, Counted[]] {
  const dominant = colors.reduce((best, c) => (compareCounted(c, best) > 0 ? c : best));
  const rgb = dominant[1];
  const total = colors.reduce((s, c) => s + c[0], 0);
  const margin = maxMargin * (1 - dominant[0] / total);
  const dominantSet: Counted[] = [dominant];
  const remaining: Counted[] = [];
  let removed = false;
  for (const c of colors) {
    if (c === dominant && !removed) { removed = true; continue; }
    const near = [0, 1, 2].every((i) => c[1][i] < rgb[i] + margin && c[1][i] > rgb[i] - margin);
    (near ? dominantSet : remaining).push(c);
  }
  const avg = [0, 1, 2].map((band) => {
    let sum = 0;
    let count = 0;
    for (const c of dominantSet) { sum += c[0] * c[1][band]; count += c[0]; }
    return Math.floor(sum / count);
  });
  const brightest = Math.max(...avg);
  const final = avg.map((v) => Math.floor(brightest > mitigate ? v / (brightest / mitigate) : v)) as Rgb;
  return [final, remaining];
}

export function lightness(rgb: Rgb): number {
  return (Math.max(...rgb) + Math.min(...rgb)) / 2 / 255;
}

export function saturation(rgb: Rgb): number {
  const max = Math.max(...rgb) / 255;
  const min = Math.min(...rgb) / 255;
  const d = max - min;
  return d === 0 ? 0 : d / (1 - Math.abs(max + min - 1));
}

export function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The logo's [primary, secondary] colours as '#rrggbb', or [false, false] for no or an unreadable image. */
export function extractPrimarySecondaryColors(logo: unknown, whiteThreshold = 225, mitigate = 175): [string | false, string | false] {
  if (!logo || (typeof logo !== 'string' && !Buffer.isBuffer(logo))) return [false, false];
  const bytes = Buffer.isBuffer(logo) ? Buffer.from(logo.toString('latin1'), 'base64') : Buffer.from(logo, 'base64');
  const image = imagePixels(bytes, 50);
  if (!image) return [false, false];
  const counts = new Map<number, Counted>();
  for (let i = 0; i + 3 < image.data.length; i += 4) {
    const key = image.data.readUInt32BE(i);
    const found = counts.get(key);
    if (found) found[0]++;
    else counts.set(key, [1, [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]]]);
  }
  const colors = [...counts.values()].filter(([, c]) => !(c[0] > whiteThreshold && c[1] > whiteThreshold && c[2] > whiteThreshold) && c[3] > 0);
  if (!colors.length) return [false, false];
  let [primary, remaining] = averageDominantColor(colors, mitigate);
  let secondary = remaining.length ? averageDominantColor(remaining, mitigate)[0] : primary;
  const lp = lightness(primary);
  const ls = lightness(secondary);
  if ((lp < 0.2 && ls < 0.2) || (lp >= 0.2 && ls >= 0.2)) {
    if (saturation(primary) < saturation(secondary)) [primary, secondary] = [secondary, primary];
  } else if (ls > lp) {
    [primary, secondary] = [secondary, primary];
  }
  return [rgbToHex(primary), rgbToHex(secondary)];
}
