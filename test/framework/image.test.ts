import sharp from 'sharp';
import { imageProcess, imageSize } from '../../models/tools/image';
import { avatarSvg, hslFromSeed, pyTimestamp } from '../../models/base/avatar';

async function png(w: number, h: number): Promise<Buffer> {
  return sharp({ create: { width: w, height: h, channels: 3, background: '#3366cc' } }).png().toBuffer();
}

describe('image_process (odoo/tools/image.py semantics)', () => {
  test('an image inside the box is returned byte for byte; a larger one is shrunk keeping its ratio and format', async () => {
    const small = await png(100, 50);
    expect(imageProcess(small, { maxWidth: 128, maxHeight: 128, verifyResolution: true }).equals(small)).toBe(true);
    const big = await png(400, 200);
    const out = imageProcess(big, { maxWidth: 128, maxHeight: 128 });
    expect(imageSize(out)).toEqual({ width: 128, height: 64 });
    expect(out.subarray(1, 4).toString()).toBe('PNG');
  });
  test('JPEG stays JPEG; not an image gives the UserError text of Odoo', async () => {
    const jpg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
    const out = imageProcess(jpg, { maxWidth: 256, maxHeight: 256 });
    expect(out[0]).toBe(0xff);
    expect(imageSize(out)).toEqual({ width: 256, height: 256 });
    expect(() => imageProcess(Buffer.from('hello'), { maxWidth: 10, maxHeight: 10 })).toThrow('This file could not be decoded as an image file.');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(imageProcess(svg, { maxWidth: 10, maxHeight: 10 })).toBe(svg);
  });
});

describe('avatar.mixin', () => {
  test('the colour of the initials as Python computes it (values computed with avatar_mixin.get_hsl_from_seed)', () => {
    expect(pyTimestamp('2026-12-06 10:26:19')).toBe('1796552779.0');
    expect(pyTimestamp('2026-12-06 08:36:02.123456')).toBe('1796546162.123456');
    expect(pyTimestamp('2026-12-06 08:36:02.5')).toBe('1796546162.5');
    expect(hslFromSeed('Zoë Tester1796552779.0')).toBe('hsl(203, 64%, 45%)');
    expect(hslFromSeed('Mitchell Admin1796546162.123456')).toBe('hsl(8, 60%, 45%)');
    expect(hslFromSeed('Élodie Two1796546162.5')).toBe('hsl(42, 50%, 45%)');
    expect(hslFromSeed('X')).toBe('hsl(69, 54%, 45%)');
    const svg = Buffer.from(avatarSvg('zoë <b>', '2026-12-06 10:26:19'), 'base64').toString();
    expect(svg).toContain("<rect fill='hsl(");
    expect(svg.endsWith("font-family='sans-serif'>Z</text></svg>")).toBe(true);
    expect(Buffer.from(avatarSvg('<b>', false), 'base64').toString()).toContain('>&lt;</text>');
  });
});
