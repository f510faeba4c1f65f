/**
 * Mimetype guessing as Odoo 17 does it without python-magic (odoo/tools/mimetypes.py
 * _odoo_guess_mimetype): magic numbers, SVG/WEBP/OLE/OOXML/ODF discriminants; and by file name
 * (Python's mimetypes.guess_type, here the mime-types package's table).
 */
import { lookup } from 'mime-types';

const OOXML_DIRS: Array<[string, string]> = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['pt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
];

/** Entries of a zip archive's central directory: name, compression method, local header offset. */
function zipEntries(data: Buffer): Array<{ name: string; method: number; offset: number; size: number }> {
  const min = Math.max(0, data.length - 65557);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip directory');
    const method = data.readUInt16LE(p + 10);
    const size = data.readUInt32LE(p + 20);
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    const offset = data.readUInt32LE(p + 42);
    out.push({ name: data.subarray(p + 46, p + 46 + nameLen).toString('utf8'), method, offset, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function checkOoxml(data: Buffer): string | false {
  const names = zipEntries(data).map((e) => e.name);
  if (!names.includes('[Content_Types].xml')) return false;
  for (const [dir, mime] of OOXML_DIRS) if (names.some((n) => n.startsWith(dir))) return mime;
  return false;
}

const MIME_VALIDATOR = /^[\w-]+\/[\w-]+(?:\.[\w-]+)*(?:\+[\w-]+)?/;

/** OpenDocument: an uncompressed `mimetype` entry names the type. */
function checkOpenContainer(data: Buffer): string | false {
  const entry = zipEntries(data).find((e) => e.name === 'mimetype');
  if (!entry || entry.method !== 0) return false;
  const nameLen = data.readUInt16LE(entry.offset + 26);
  const extraLen = data.readUInt16LE(entry.offset + 28);
  const start = entry.offset + 30 + nameLen + extraLen;
  const value = data.subarray(start, start + entry.size).toString('ascii');
  return value.length < 256 && MIME_VALIDATOR.test(value) ? value : false;
}

const PPT_AT_512 = [[0x00, 0x6e, 0x1e, 0xf0], [0x0f, 0x00, 0xe8, 0x03], [0xa0, 0x46, 0x1d, 0xf0]];

function checkOlecf(data: Buffer): string | false {
  const offset = 0x200;
  if (data.subarray(offset, offset + 4).equals(Buffer.from([0xec, 0xa5, 0xc1, 0x00]))) return 'application/msword';
  if (data.includes('Microsoft Excel')) return 'application/vnd.ms-excel';
  const head = [...data.subarray(offset, offset + 8)];
  if (PPT_AT_512.some((sig) => sig.every((b, i) => head[i] === b))) return 'application/vnd.ms-powerpoint';
  if (head[0] === 0xfd && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff && [0x0e, 0x1c, 0x43].includes(head[4]) && !head[5] && !head[6] && !head[7]) return 'application/vnd.ms-powerpoint';
  return false;
}

type Discriminant = (data: Buffer) => string | false | undefined;
const MAPPINGS: Array<{ mimetype: string; signatures: Buffer[]; discriminants: Discriminant[] }> = [
  { mimetype: 'application/pdf', signatures: [Buffer.from('%PDF')], discriminants: [] },
  { mimetype: 'image/jpeg', signatures: [[0xff, 0xd8, 0xff, 0xe0], [0xff, 0xd8, 0xff, 0xe2], [0xff, 0xd8, 0xff, 0xe3], [0xff, 0xd8, 0xff, 0xe1], [0xff, 0xd8, 0xff, 0xdb]].map((b) => Buffer.from(b)), discriminants: [] },
  { mimetype: 'image/png', signatures: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], discriminants: [] },
  { mimetype: 'image/gif', signatures: [Buffer.from('GIF87a'), Buffer.from('GIF89a')], discriminants: [] },
  { mimetype: 'image/bmp', signatures: [Buffer.from('BM')], discriminants: [] },
  { mimetype: 'application/xml', signatures: [Buffer.from('<')], discriminants: [(d) => (d.includes('<svg') && d.includes('/svg') ? 'image/svg+xml' : false)] },
  { mimetype: 'image/x-icon', signatures: [Buffer.from([0, 0, 1, 0])], discriminants: [] },
  { mimetype: 'image/webp', signatures: [Buffer.from('RIFF')], discriminants: [(d) => (d.subarray(8, 15).toString('latin1') === 'WEBPVP8' ? 'image/webp' : false)] },
  { mimetype: 'application/msword', signatures: [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from([0x0d, 0x44, 0x4f, 0x43])], discriminants: [checkOlecf] },
  { mimetype: 'application/zip', signatures: [Buffer.from([0x50, 0x4b, 0x03, 0x04])], discriminants: [checkOoxml, checkOpenContainer] },
];

/** guess_mimetype(bin_data, default): the type of binary content from its first bytes. */
export function guessMimetype(data: Buffer, fallback = 'application/octet-stream'): string {
  for (const entry of MAPPINGS) {
    for (const sig of entry.signatures) {
      if (data.length < sig.length || !data.subarray(0, sig.length).equals(sig)) continue;
      for (const check of entry.discriminants) {
        try {
          const guess = check(data);
          if (guess) return guess;
        } catch {
          // a failing sub-checker falls back to the entry's type, as in Odoo
        }
      }
      return entry.mimetype;
    }
  }
  return fallback;
}

/** mimetypes.guess_type(name)[0]: the type of a file name's extension, or null. */
export function guessTypeFromName(name: string): string | null {
  const type = lookup(name);
  return type || null;
}
