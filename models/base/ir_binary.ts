/**
 * ir.binary (odoo/addons/base/models/ir_binary.py), the helper behind /web/content and
 * /web/image: find the record (xml id, or model + id), check the reader's access (attachments
 * through validate_access and their access token), and describe the bytes to send as a Stream
 * (odoo/http.py Stream: data or file path, mimetype, download name, ETag, Last-Modified).
 * The HTTP answer itself (conditional requests, headers) is the route's job (server/web/binary.ts).
 */
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import { extension } from 'mime-types';
import type { Environment } from '../orm/environment';
import type { AnyModel } from '../orm/model';
import { MissingError, UserError } from '../orm/exceptions';
import * as security from '../orm/security';
import { guessMimetype, guessTypeFromName } from '../tools/mimetypes';
import { imageProcess } from '../tools/image';
import { filestoreOf } from './ir_attachment';
import { PROJECT_ROOT } from '../paths';

/** What to send: bytes in memory or a file, with the metadata of odoo.http.Stream. */
export interface Stream {
  type: 'data' | 'path' | 'url';
  data?: Buffer;
  path?: string;
  url?: string;
  mimetype: string | null;
  downloadName: string | null;
  /** Unquoted ETag value, or null. */
  etag: string | null;
  /** Last modification, milliseconds since the epoch. */
  lastModified: number | null;
  size: number;
  public: boolean;
}

export const PLACEHOLDER_PATH = path.join(PROJECT_ROOT, 'views', 'web', 'static', 'img', 'placeholder.png');

/** Odoo datetimes are UTC 'YYYY-MM-DD HH:MM:SS'. */
function utcMillis(value: unknown): number | null {
  return typeof value === 'string' && value ? Date.parse(`${value.replace(' ', 'T')}Z`) : null;
}

/** _find_record: the record of an xml id or of model + id, as the reader may see it. */
export function findRecord(env: Environment, opts: { xmlid?: string | null; model?: string; id?: number | null; accessToken?: string | null }): AnyModel {
  const model = opts.model ?? 'ir.attachment';
  let record: AnyModel | null = null;
  if (opts.xmlid) record = env.ref(opts.xmlid, false);
  else if (opts.id !== null && opts.id !== undefined && env.has(model)) record = env.model(model).browse([opts.id]).exists();
  if (!record || !record.ids.length || !record.exists().ids.length) {
    throw new MissingError(`No record found for xmlid=${opts.xmlid ?? 'None'}, res_model=${model}, id=${opts.id ?? 'None'}`);
  }
  if (record._name === 'ir.attachment') return record.validate_access(opts.accessToken ?? null);
  security.checkAccessRights(record, 'read');
  security.checkAccessRule(record, 'read');
  return record;
}

/** Stream.from_attachment. */
function fromAttachment(att: AnyModel): Stream {
  const [v] = att.read(['mimetype', 'name', 'checksum', 'public', 'store_fname', 'db_datas', 'url', 'write_date'], null);
  const stream: Stream = {
    type: 'data', mimetype: (v.mimetype as string) || null, downloadName: (v.name as string) || null,
    etag: (v.checksum as string) || null, lastModified: null, size: 0, public: !!v.public,
  };
  const store = filestoreOf(att.env);
  if (v.store_fname && store) {
    stream.type = 'path';
    stream.path = path.join(path.resolve(store), String(v.store_fname));
    const stat = fs.statSync(stream.path);
    stream.lastModified = stat.mtimeMs;
    stream.size = stat.size;
  } else if (v.db_datas) {
    stream.data = Buffer.from(String(v.db_datas), 'base64');
    stream.lastModified = utcMillis(v.write_date);
    stream.size = stream.data.length;
  } else if (v.url) {
    stream.type = 'url';
    stream.url = String(v.url);
  } else {
    stream.data = Buffer.alloc(0);
  }
  return stream;
}

/** Stream.from_binary_field: a binary column or computed value. */
function fromBinaryField(record: AnyModel, field: string): Stream {
  const value = record.get(field);
  const data = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  const user = record.env.model('res.users').sudo().browse([record.env.uid]);
  const publicId = record.env.xmlidLookup('base.public_user')?.[1];
  return {
    type: 'data', data, mimetype: null, downloadName: null,
    etag: crypto.createHash('sha1').update(data).digest('hex'),
    lastModified: record.cls._log_access ? utcMillis(record.get('write_date')) : null,
    size: data.length, public: user.ids[0] === publicId,
  };
}

/** _record_to_stream: attachments and attachment-stored fields stream their attachment. */
function recordToStream(record: AnyModel, field: string): Stream {
  if (record._name === 'ir.attachment' && ['raw', 'datas', 'db_datas'].includes(field)) return fromAttachment(record);
  security.checkFieldAccess(record, [field], 'read');
  const f = record.cls._fields[field];
  if (!f.attachment || f.spec.compute || f.spec.related && !f.spec.store) return fromBinaryField(record, field);
  const row = record.env.cr.get<{ id: number }>('SELECT id FROM ir_attachment WHERE res_model = ? AND res_id = ? AND res_field = ? ORDER BY id DESC LIMIT 1', [record._name, record.ids[0], field]);
  if (!row) throw new MissingError('The related attachment does not exist.');
  return fromAttachment(record.env.model('ir.attachment').sudo().browse([row.id]));
}

/** odoo.tools.mimetypes.get_extension: the name's extension when it has a plausible one. */
function getExtension(filename: string): string {
  const name = filename.replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  if (dot < 0) return '';
  const ext = name.slice(dot + 1);
  if (!ext || !/^[\p{L}\p{N}]+$/u.test(ext)) return '';
  if (ext.length <= 4) return `.${ext.toLowerCase()}`;
  return guessTypeFromName(filename) ? `.${ext.toLowerCase()}` : '';
}

/** Python's mimetypes.guess_extension for the common types (its table prefers .jpg and .txt). */
function guessExtension(mimetype: string): string {
  const preferred: Record<string, string> = { 'image/jpeg': '.jpg', 'text/plain': '.txt', 'application/octet-stream': '.bin', 'image/svg+xml': '.svg', 'text/html': '.html', 'application/xml': '.xsl' };
  if (preferred[mimetype]) return preferred[mimetype];
  const ext = extension(mimetype);
  return ext ? `.${ext}` : '';
}

/** _get_stream_from: the stream of a binary field, with its mimetype and download name settled. */
export function getStreamFrom(record: AnyModel, field = 'raw', filename: string | null = null, filenameField = 'name', mimetype: string | null = null, defaultMimetype = 'application/octet-stream'): Stream {
  if (record.ids.length !== 1) throw new UserError(`Expected singleton: ${record.toString()}`);
  const f = record.cls._fields[field];
  if (!f) throw new UserError(`Record has no field '${field}'.`);
  if (f.type !== 'binary') throw new UserError(`Field ${record._name}.${field} is type '${f.type}' but it is only possible to stream Binary or Image fields.`);
  const stream = recordToStream(record, field);
  if (stream.type === 'url') return stream;
  if (mimetype) stream.mimetype = mimetype;
  else if (!stream.mimetype) {
    const head = stream.type === 'data' ? stream.data!.subarray(0, 1024) : readHead(stream.path!);
    stream.mimetype = guessMimetype(head, defaultMimetype);
  }
  if (filename) stream.downloadName = filename;
  else if (record.cls._fields[filenameField]) {
    const name = record.sudo().get(filenameField);
    stream.downloadName = typeof name === 'string' && name ? name : stream.downloadName;
  }
  if (!stream.downloadName) stream.downloadName = `${record.cls._table}-${record.ids[0]}-${field}`;
  stream.downloadName = stream.downloadName.replace(/\n/g, '_').replace(/\r/g, '_');
  if (!getExtension(stream.downloadName) && stream.mimetype !== 'application/octet-stream') stream.downloadName += guessExtension(stream.mimetype!);
  return stream;
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024);
    const n = fs.readSync(fd, buf, 0, 1024, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Stream.from_path: a file of the emulator (placeholders). */
export function streamFromPath(file: string): Stream {
  const stat = fs.statSync(file);
  // Odoo's etag for files: mtime-size-adler32(path); a sha1 of the path stands in for adler32
  const check = crypto.createHash('sha1').update(file).digest().readUInt32BE(0);
  return {
    type: 'path', path: file, mimetype: guessTypeFromName(file), downloadName: path.basename(file),
    etag: `${Math.floor(stat.mtimeMs / 1000)}-${stat.size}-${check}`, lastModified: stat.mtimeMs, size: stat.size, public: false,
  };
}

/** image_guess_size_from_field_name: image_128 → 128 × 128, 'image' → 1024 × 1024. */
export function guessSizeFromFieldName(field: string): [number, number] {
  if (field === 'image') return [1024, 1024];
  if (field.startsWith('x_')) return [0, 0];
  const suffix = Number(field.split('_').pop());
  if (!Number.isInteger(suffix) || suffix < 16) return [0, 0];
  return [suffix, suffix];
}

/**
 * _get_image_stream_from: like getStreamFrom, with the placeholder for a missing image, a
 * non-image type sent as application/octet-stream, an ETag that names the asked size, and the
 * image resized when the client does not already have it (`modified`).
 */
export function getImageStreamFrom(record: AnyModel | null, field = 'raw', opts: { filename?: string | null; filenameField?: string; mimetype?: string | null; width?: number; height?: number; crop?: boolean; quality?: number; download?: boolean; modified?: (s: Stream) => boolean } = {}): Stream {
  let stream: Stream | null = null;
  if (record) {
    try {
      stream = getStreamFrom(record, field, opts.filename ?? null, opts.filenameField ?? 'name', opts.mimetype ?? null, 'image/png');
    } catch (e) {
      if (!(e instanceof UserError) || opts.download) throw e;
    }
  }
  if (!stream || stream.size === 0) stream = streamFromPath(PLACEHOLDER_PATH);
  if (stream.type === 'url') return stream;
  if (!stream.mimetype || !stream.mimetype.startsWith('image/')) stream.mimetype = 'application/octet-stream';
  let width = opts.width ?? 0;
  let height = opts.height ?? 0;
  if (!width && !height) [width, height] = guessSizeFromFieldName(field);
  const crop = !!opts.crop;
  const quality = opts.quality ?? 0;
  if (stream.etag) stream.etag += `-${width}x${height}-crop=${crop ? 'True' : 'False'}-quality=${quality}`;
  const modified = opts.modified ? opts.modified(stream) : true;
  if (modified && (width || height || crop)) {
    const data = stream.type === 'path' ? fs.readFileSync(stream.path!) : stream.data!;
    stream.type = 'data';
    stream.path = undefined;
    try {
      stream.data = imageProcess(data, { maxWidth: width, maxHeight: height, quality });
    } catch {
      stream.data = data;
    }
    stream.size = stream.data.length;
  }
  return stream;
}
