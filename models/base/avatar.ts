/**
 * avatar.mixin (odoo/addons/base/models/avatar_mixin.py): the SVG of a name's initial on a
 * colour derived from the name and the record's creation time, and the placeholder images of
 * records without an image (the emulator's own drawings, in fixtures/base/static/img).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { FIXTURES_DIR } from '../paths';

/** get_hsl_from_seed: hue and saturation from the seed's sha512, lightness 45%. */
export function hslFromSeed(seed: string): string {
  const h = crypto.createHash('sha512').update(seed, 'utf8').digest('hex');
  const hue = (parseInt(h.slice(0, 2), 16) * 360) / 255;
  const sat = parseInt(h.slice(2, 4), 16) * ((70 - 40) / 255) + 40;
  // '{:.0f}': no value of these formulas falls on .5, so toFixed rounds as Python does
  return `hsl(${hue.toFixed(0)}, ${sat.toFixed(0)}%, 45%)`;
}

/** Python's str(datetime.timestamp()) of a naive UTC datetime 'YYYY-MM-DD HH:MM:SS[.ffffff]' (Odoo runs in TZ=UTC). */
export function pyTimestamp(dt: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(dt);
  if (!m) return '';
  const secs = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
  const micro = m[7] ? parseInt(m[7].padEnd(6, '0'), 10) : 0;
  if (!micro) return `${secs}.0`;
  // repr(float): the shortest decimal that reads back the same double, as JavaScript prints it
  return String(secs + micro / 1e6);
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** _avatar_generate_svg, base64. */
export function avatarSvg(name: string, createDate: string | false | null | undefined): string {
  const initial = htmlEscape([...name][0].toUpperCase());
  const bgcolor = hslFromSeed(name + (createDate ? pyTimestamp(createDate) : ''));
  const svg = "<?xml version='1.0' encoding='UTF-8' ?>"
    + "<svg height='180' width='180' xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
    + `<rect fill='${bgcolor}' height='180' width='180'/>`
    + `<text fill='#ffffff' font-size='96' text-anchor='middle' x='90' y='125' font-family='sans-serif'>${initial}</text>`
    + '</svg>';
  return Buffer.from(svg, 'utf8').toString('base64');
}

const placeholders = new Map<string, string>();

/** A placeholder image (base64): avatar_grey, company_image, truck or money. */
export function avatarPlaceholder(name: string): string {
  let b64 = placeholders.get(name);
  if (b64 === undefined) {
    b64 = fs.readFileSync(path.join(FIXTURES_DIR, 'base', 'static', 'img', `${name}.png`)).toString('base64');
    placeholders.set(name, b64);
  }
  return b64;
}
