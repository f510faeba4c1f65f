/**
 * /web/content and /web/image in every URL form of Odoo 17 (addons/web/controllers/binary.py),
 * answered like werkzeug's send_file behind odoo.http.Stream.get_response: Content-Disposition
 * (inline, or attachment with download=true, RFC 6266 filename* for non-ASCII names),
 * Content-Type (charset for text), Content-Length, Last-Modified, Cache-Control (no-cache,
 * private; a year and immutable with `unique`), ETag, 304 and 412 (conditionalAnswer),
 * X-Content-Type-Options and Content-Security-Policy, byte ranges (206/416, byte_range.ts). Any
 * UserError (missing record, no access, not a binary field) is a 404; /web/image falls back to
 * the placeholder image instead.
 */
import fs from 'fs';
import type { Express, Request, Response } from 'express';
import { htmlError, makeCtx, notFound, requireUser, type App } from '../http';
import { requestedRange } from './byte_range';
import { UserError } from '../../models/orm/exceptions';
import { findRecord, getImageStreamFrom, getStreamFrom, type Stream } from '../../models/base/ir_binary';
import { SUPERUSER_ID } from '../../models/orm/environment';
import type { Database } from '../../models/database';
import { log } from '../log';
import { str2bool } from '../../models/tools/str2bool';

/** odoo.http.STATIC_CACHE_LONG: one year. */
const STATIC_CACHE_LONG = 60 * 60 * 24 * 365;

interface BinaryParams {
  xmlid?: string;
  model?: string;
  id?: number;
  field?: string;
  filename?: string;
  unique?: string;
  width?: number;
  height?: number;
}

const INT = /^\d+$/;
const SIZE = /^(\d+)x(\d+)$/;

/** The route variables of /web/content/... (werkzeug prefers <int:id> over <string:xmlid>). */
export function parseContentPath(segments: string[]): BinaryParams | null {
  const [a, b, c, d] = segments;
  switch (segments.length) {
    case 0: return {};
    case 1: return INT.test(a) ? { id: Number(a) } : { xmlid: a };
    case 2: return INT.test(a) ? { id: Number(a), filename: b } : { xmlid: a, filename: b };
    case 3: return INT.test(b) ? { model: a, id: Number(b), field: c } : null;
    case 4: return INT.test(b) ? { model: a, id: Number(b), field: c, filename: d } : null;
    default: return null;
  }
}

/** The first segment of /web/image/...: an id, an id-unique pair or an xml id. */
function imageHead(seg: string): BinaryParams {
  if (INT.test(seg)) return { id: Number(seg) };
  const m = /^(\d+)-(.+)$/.exec(seg);
  if (m) return { id: Number(m[1]), unique: m[2] };
  return { xmlid: seg };
}

function size(seg: string): BinaryParams | null {
  const m = SIZE.exec(seg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** The route variables of /web/image/... (17 URL forms). */
export function parseImagePath(segments: string[]): BinaryParams | null {
  const [a, b, c, d, e] = segments;
  switch (segments.length) {
    case 0: return {};
    case 1: return imageHead(a);
    case 2: return { ...imageHead(a), ...(size(b) ?? { filename: b }) };
    case 3: {
      const s = size(b);
      if (s) return { ...imageHead(a), ...s, filename: c };
      return INT.test(b) ? { model: a, id: Number(b), field: c } : null;
    }
    case 4: return INT.test(b) ? { model: a, id: Number(b), field: c, ...(size(d) ?? { filename: d }) } : null;
    case 5: {
      const s = size(d);
      return INT.test(b) && s ? { model: a, id: Number(b), field: c, ...s, filename: e } : null;
    }
    default: return null;
  }
}

/** werkzeug.urls.url_quote(safe=''): its always-safe set keeps -._~$!'()*+,; unescaped. */
function urlQuote(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~$!'()*+,;]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** werkzeug.http.quote_header_value: tokens as they are, anything else in double quotes. */
function quoteHeaderValue(v: string): string {
  if (/^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** send_file's Content-Disposition: an ASCII name as is, others with the NFKD fallback and filename*. */
export function contentDisposition(name: string, asAttachment: boolean): string {
  const kind = asAttachment ? 'attachment' : 'inline';
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name)) return `${kind}; filename=${quoteHeaderValue(name)}`;
  const simple = name.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  return `${kind}; filename=${quoteHeaderValue(simple)}; filename*=${quoteHeaderValue(`UTF-8''${urlQuote(name)}`)}`;
}

/** werkzeug's get_content_type: text types carry the charset. */
function contentType(mimetype: string): string {
  const withCharset = mimetype.startsWith('text/') || mimetype.endsWith('+xml')
    || ['application/ecmascript', 'application/javascript', 'application/sql', 'application/xml', 'application/xml-dtd', 'application/xml-external-parsed-entity'].includes(mimetype);
  return withCharset ? `${mimetype}; charset=utf-8` : mimetype;
}

/** An entity-tag header's tags (werkzeug's parse_etags): strong ones quoted, weak ones without W/, `*`. */
function etagList(header: string | undefined): { strong: string[]; weak: string[]; star: boolean } | null {
  if (!header || !header.trim()) return null;
  const out = { strong: [] as string[], weak: [] as string[], star: false };
  for (const raw of header.split(',')) {
    const t = raw.trim();
    if (t === '*') out.star = true;
    else if (t.startsWith('W/')) out.weak.push(t.slice(2));
    else if (t) out.strong.push(t);
  }
  return out;
}

/**
 * werkzeug's conditional answer (is_resource_modified, then make_conditional's choice between
 * 304 and 412) for an ETag and a Last-Modified time: If-Modified-Since, then If-None-Match (any
 * tag, weak or strong, or *), then If-Match (strong tags only: `*` fails too) decide; an
 * unmodified resource with an If-Match is a failed precondition.
 */
export function conditionalAnswer(req: Request, etag: string | null, lastModified: number | null): 'modified' | 'not-modified' | 'precondition-failed' {
  let unmodified = false;
  const ims = req.headers['if-modified-since'];
  if (ims && lastModified !== null) {
    const since = Date.parse(ims);
    if (!Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since) unmodified = true;
  }
  const ifMatch = etagList(req.headers['if-match']);
  if (etag) {
    const quoted = `"${etag}"`;
    const inm = etagList(req.headers['if-none-match']);
    if (inm) unmodified = inm.star || inm.strong.includes(quoted) || inm.weak.includes(quoted);
    if (ifMatch) unmodified = !ifMatch.strong.includes(quoted);
  }
  if (!unmodified) return 'modified';
  return ifMatch ? 'precondition-failed' : 'not-modified';
}

/** Whether the answer carries the content (anything but a 304). */
export function isModified(req: Request, etag: string | null, lastModified: number | null): boolean {
  return conditionalAnswer(req, etag, lastModified) !== 'not-modified';
}

/** Stream.get_response. */
function sendStream(req: Request, res: Response, stream: Stream, opts: { asAttachment: boolean; immutable: boolean; nocache: boolean }): void {
  if (stream.type === 'url') {
    res.redirect(301, stream.url!);
    return;
  }
  const maxAge = opts.nocache ? null : opts.immutable ? STATIC_CACHE_LONG : null;
  const headers: Array<[string, string]> = [];
  if (stream.downloadName) headers.push(['Content-Disposition', contentDisposition(stream.downloadName, opts.asAttachment)]);
  const entity: Array<[string, string]> = [['Content-Type', contentType(stream.mimetype ?? 'application/octet-stream')], ['Content-Length', String(stream.size)]];
  if (stream.lastModified !== null) entity.push(['Last-Modified', new Date(stream.lastModified).toUTCString()]);
  const cache: string[] = [];
  if (maxAge && maxAge > 0) {
    if (stream.public) cache.push('public');
    cache.push(`max-age=${maxAge}`);
  } else {
    cache.push('no-cache');
  }
  if (!stream.public) cache.push('private');
  if (opts.immutable) cache.push('immutable');
  const tail: Array<[string, string]> = [['Cache-Control', cache.join(', ')]];
  if (maxAge && maxAge > 0) tail.push(['Expires', new Date(Date.now() + maxAge * 1000).toUTCString()]);
  if (stream.etag) tail.push(['ETag', `"${stream.etag}"`]);
  // a Range is answered first (werkzeug's make_conditional: a 206 is never a 304)
  const range = requestedRange(req.headers, stream.size, stream.etag, stream.lastModified);
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${stream.size}`);
    htmlError(res, 416, 'Requested Range Not Satisfiable', 'The server cannot provide the requested range.');
    return;
  }
  if (range) {
    entity[1] = ['Content-Length', String(range.end - range.start)];
    tail.push(['Accept-Ranges', 'bytes'], ['Content-Range', `bytes ${range.start}-${range.end - 1}/${range.length}`]);
  }
  tail.push(['X-Content-Type-Options', 'nosniff'], ['Content-Security-Policy', "default-src 'none'"]);
  const answer = range ? 'modified' : conditionalAnswer(req, stream.etag, stream.lastModified);
  const modified = answer !== 'not-modified';
  // a 304 keeps the non-entity headers, as werkzeug's make_conditional; a 412 sends the content
  for (const [k, v] of modified ? [...headers, ...entity, ...tail] : [...headers, ...tail]) res.setHeader(k, v);
  res.statusCode = range ? 206 : answer === 'modified' ? 200 : answer === 'precondition-failed' ? 412 : 304;
  if (!modified || req.method === 'HEAD') {
    res.end();
    return;
  }
  if (stream.type === 'data') res.end(range ? stream.data!.subarray(range.start, range.end) : stream.data);
  else fs.createReadStream(stream.path!, range ? { start: range.start, end: range.end - 1 } : {}).pipe(res);
}

/** The database and user of an auth='public' route: the session user, else the public user. */
function publicEnv(app: App, req: Request, res: Response): { db: Database; uid: number } | null {
  const ctx = makeCtx(app, req, res);
  const wanted = typeof req.query.db === 'string' ? req.query.db : null;
  let db = ctx.db;
  if (!db && wanted && app.dbm.exists(wanted)) db = app.dbm.get(wanted);
  if (!db) return null;
  try {
    if (ctx.session.uid) return requireUser(ctx);
  } catch { /* expired session: public user */ }
  const publicId = db.env(SUPERUSER_ID).xmlidLookup('base.public_user')?.[1];
  return publicId ? { db, uid: publicId } : null;
}

function queryString(req: Request, key: string): string | undefined {
  const v = req.query[key];
  return typeof v === 'string' ? v : undefined;
}

/** Route variables win over the query string's (Odoo's request.params merge). */
function params(req: Request, fromPath: BinaryParams): Required<Pick<BinaryParams, 'model' | 'field'>> & BinaryParams & Record<string, unknown> {
  const q = (k: string) => queryString(req, k);
  const id = fromPath.id ?? (q('id') && INT.test(q('id')!) ? Number(q('id')) : undefined);
  return {
    xmlid: fromPath.xmlid ?? q('xmlid'),
    model: fromPath.model ?? q('model') ?? 'ir.attachment',
    id,
    field: fromPath.field ?? q('field') ?? 'raw',
    filename: fromPath.filename ?? q('filename'),
    unique: fromPath.unique ?? q('unique'),
    width: fromPath.width ?? (q('width') ? Number(q('width')) || 0 : 0),
    height: fromPath.height ?? (q('height') ? Number(q('height')) || 0 : 0),
    filename_field: q('filename_field') ?? 'name',
    mimetype: q('mimetype') ?? null,
    download: str2bool(q('download')),
    access_token: q('access_token') ?? null,
    nocache: !!q('nocache'),
    crop: str2bool(q('crop')),
  };
}

function segmentsAfter(req: Request, prefix: string): string[] {
  const rest = req.path.slice(prefix.length).replace(/^\//, '');
  return rest === '' ? [] : rest.split('/').map((s) => decodeURIComponent(s));
}

export function registerBinaryRoutes(server: Express, app: App): void {
  server.get(/^\/web\/content(\/.*)?$/, (req, res) => {
    const fromPath = parseContentPath(segmentsAfter(req, '/web/content'));
    const who = fromPath && publicEnv(app, req, res);
    if (!fromPath || !who) return notFound(res);
    const p = params(req, fromPath);
    const env = who.db.env(who.uid);
    let stream: Stream;
    try {
      stream = who.db.cr.transaction(() => {
        const record = findRecord(env, { xmlid: p.xmlid, model: p.model, id: p.id ?? null, accessToken: p.access_token as string | null });
        return getStreamFrom(record, p.field, p.filename ?? null, p.filename_field as string, p.mimetype as string | null);
      });
    } catch (e) {
      if (e instanceof UserError) return notFound(res);
      log('error', 'odoo.http', `/web/content: ${(e as Error).stack ?? e}`, who.db.name);
      return notFound(res);
    }
    if (p.access_token) stream.public = true;
    sendStream(req, res, stream, { asAttachment: !!p.download, immutable: !!p.unique, nocache: !!p.nocache });
  });

  server.get(/^\/web\/image(\/.*)?$/, (req, res) => {
    const fromPath = parseImagePath(segmentsAfter(req, '/web/image'));
    const who = fromPath && publicEnv(app, req, res);
    if (!fromPath || !who) return notFound(res);
    const p = params(req, fromPath);
    const env = who.db.env(who.uid);
    let stream: Stream;
    try {
      stream = who.db.cr.transaction(() => {
        let record = null;
        try {
          record = findRecord(env, { xmlid: p.xmlid, model: p.model, id: p.id ?? null, accessToken: p.access_token as string | null });
        } catch (e) {
          if (!(e instanceof UserError) || p.download) throw e;
        }
        const s = getImageStreamFrom(record, p.field, {
          filename: p.filename ?? null, filenameField: p.filename_field as string, mimetype: p.mimetype as string | null,
          width: p.width, height: p.height, crop: !!p.crop, download: !!p.download,
          modified: (st) => isModified(req, st.etag, st.lastModified),
        });
        // a record that could not be read gives the placeholder, never public
        if (!record) s.public = false;
        return s;
      });
    } catch (e) {
      if (e instanceof UserError) return notFound(res);
      log('error', 'odoo.http', `/web/image: ${(e as Error).stack ?? e}`, who.db.name);
      return notFound(res);
    }
    if (p.access_token && stream.downloadName !== 'placeholder.png') stream.public = true;
    sendStream(req, res, stream, { asAttachment: !!p.download, immutable: !!p.unique, nocache: !!p.nocache });
  });
}
