/**
 * web's Binary.company_logo (/web/binary/company_logo, /logo, /logo.png; auth='none',
 * cors='*'), as Odoo 17's addons/web/controllers/binary.py answers it:
 *  - no database for the request: the static logo (views/static/img/logo.png);
 *  - `?company=N`: that company's logo, else the logo of the session user's company (of the
 *    superuser without a session), as the company's `logo_web` (at most 180 px wide), with the
 *    company's write_date as Last-Modified; a company without a logo: the static nologo.png;
 *  - `?company=` that is no integer: the static logo. `?dbname=` is ignored (request.db wins).
 * The route reads the company through the ORM as superuser (Odoo reads it in SQL, no access
 * rights either).
 */
import fs from 'fs';
import path from 'path';
import type { Express, Request, Response } from 'express';
import { commitSession, makeCtx, type App } from '../http';
import { staticFile } from '../web/render';
import { VIEWS_DIR } from '../../models/paths';
import { guessMimetype } from '../../models/tools/image';
import { SUPERUSER_ID } from '../../models/orm/environment';

/** werkzeug's file ETag: "<mtime>-<size>-<adler32 of the path>". */
function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function httpDate(d: Date): string {
  return d.toUTCString();
}

/** http.Stream.from_path(...).get_response(): a static image with its file validators. */
function sendStatic(res: Response, name: 'logo.png' | 'nologo.png'): void {
  const file = staticFile(`img/${name}`)!;
  const full = path.join(VIEWS_DIR, 'static', 'img', name);
  const mtime = fs.statSync(full).mtime;
  res.setHeader('Content-Disposition', `inline; filename=${name}`);
  res.setHeader('Content-Type', 'image/png');
  res.setHeader('Content-Length', file.body.length);
  res.setHeader('Last-Modified', httpDate(mtime));
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('ETag', `"${Math.floor(mtime.getTime() / 1000)}-${file.body.length}-${adler32(full)}"`);
  finish(res, file.body);
}

function finish(res: Response, body: Buffer): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  // root.set_csp: answers that are not HTML get a restrictive policy
  res.setHeader('Content-Security-Policy', "default-src 'none'");
  res.status(200).end(body);
}

function companyLogo(app: App, req: Request, res: Response): void {
  const ctx = makeCtx(app, req, res);
  commitSession(ctx, ctx.session.sid);
  const db = ctx.db;
  if (!db) return sendStatic(res, 'logo.png');
  const raw = typeof req.query.company === 'string' ? req.query.company : '';
  let companyId: number | false = false;
  if (raw) {
    // int(kw['company']): anything else falls back to the static logo
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) return sendStatic(res, 'logo.png');
    companyId = parseInt(raw, 10);
  }
  const env = db.env(SUPERUSER_ID);
  let row: { logo: string | false; writeDate: string | false } | null = null;
  if (companyId) {
    const company = env.model('res.company').withContext({ active_test: false }).browse([companyId]).exists();
    if (company.ids.length) row = { logo: company.get('logo_web'), writeDate: company.get('write_date') };
  } else {
    const uid = (ctx.session.db === db.name && ctx.session.uid) || SUPERUSER_ID;
    const user = env.model('res.users').withContext({ active_test: false }).browse([uid]).exists();
    const cid = user.ids.length ? user.get('company_id') : false;
    if (cid) {
      const company = env.model('res.company').browse([cid]);
      row = { logo: company.get('logo_web'), writeDate: company.get('write_date') };
    }
  }
  if (!row || !row.logo) return sendStatic(res, 'nologo.png');
  const image = Buffer.from(row.logo, 'base64');
  const mimetype = guessMimetype(image, 'image/png');
  let ext = mimetype.split('/')[1];
  if (ext === 'svg+xml') ext = 'svg';
  // werkzeug's send_file of in-memory data: no ETag, Cache-Control: no-cache
  res.setHeader('Content-Disposition', `inline; filename=logo.${ext}`);
  res.setHeader('Content-Type', mimetype);
  res.setHeader('Content-Length', image.length);
  if (row.writeDate) res.setHeader('Last-Modified', httpDate(new Date(`${row.writeDate.replace(' ', 'T')}Z`)));
  res.setHeader('Cache-Control', 'no-cache');
  finish(res, image);
}

export function registerBinaryRoutes(server: Express, app: App): void {
  server.all(['/web/binary/company_logo', '/logo', '/logo.png'], (req, res) => companyLogo(app, req, res));
}
