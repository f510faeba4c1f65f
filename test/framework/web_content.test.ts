/**
 * /web/content and /web/image as Odoo 17 answers them (headers recorded on the reference server):
 * a 5 MB PDF attached to a partner comes back byte for byte, with Odoo's Content-Disposition,
 * Content-Type, Content-Length, Cache-Control and ETag; If-None-Match gives 304; users who may not
 * read the attachment get werkzeug's 404 page; images fall back to the placeholder.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../helpers/server';
import { jsonKw, webLogin } from './helpers';
import { contentDisposition, parseContentPath, parseImagePath } from '../../server/web/binary';

/** A PDF of `size` bytes (header, filler, trailer) as a client would upload it. */
function makePdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1');
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const body = crypto.randomBytes(size - head.length - tail.length);
  return Buffer.concat([head, body, tail]);
}

const NOT_FOUND = '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

describe('/web/content and /web/image', () => {
  let srv: TestServer;
  let dataDir: string;
  let pdf: Buffer;
  let pdfId: number;
  let cookie: (login: 'admin' | 'demo' | 'portal') => Promise<string>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webcontent-'));
    srv = await startTestServer({ data_dir: dataDir, db_name: ['contentdb'] });
    pdf = makePdf(5 * 1024 * 1024);
    cookie = async (login) => {
      const c = await webLogin(srv, login);
      return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    };
  });
  afterAll(async () => {
    await srv.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a 5 MB PDF uploaded on a partner downloads unchanged with Odoo\'s headers', async () => {
    const created = await jsonKw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'Contrat signé, 2024.pdf', datas: pdf.toString('base64'), res_model: 'res.partner', res_id: 1 }]);
    pdfId = created.result;
    const sha = crypto.createHash('sha1').update(pdf).digest('hex');
    const headers = { Cookie: await cookie('admin') };
    const res = await fetch(`${srv.url}/web/content/${pdfId}?download=true`, { headers });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(pdf)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Contrat signe, 2024.pdf"; filename*="UTF-8''Contrat%20sign%C3%A9,%202024.pdf"`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(pdf.length));
    expect(res.headers.get('cache-control')).toBe('no-cache, private');
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    // the file sits in the filestore under its checksum
    expect(fs.statSync(path.join(dataDir, 'filestore', srv.db, sha.slice(0, 2), sha)).size).toBe(pdf.length);

    const inline = await fetch(`${srv.url}/web/content/${pdfId}`, { headers });
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="Contrat signe, 2024.pdf"/);
    await inline.arrayBuffer();
    const renamed = await fetch(`${srv.url}/web/content/${pdfId}/other.pdf?download=true`, { headers });
    expect(renamed.headers.get('content-disposition')).toBe('attachment; filename=other.pdf');
    await renamed.arrayBuffer();
    const byField = await fetch(`${srv.url}/web/content/ir.attachment/${pdfId}/datas`, { headers });
    expect(Buffer.from(await byField.arrayBuffer()).equals(pdf)).toBe(true);
    const byQuery = await fetch(`${srv.url}/web/content?model=ir.attachment&id=${pdfId}`, { headers });
    expect(byQuery.status).toBe(200);
    await byQuery.arrayBuffer();

    const cached = await fetch(`${srv.url}/web/content/${pdfId}`, { headers: { ...headers, 'If-None-Match': `"${sha}"` } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(`"${sha}"`);
    expect(cached.headers.get('content-type')).toBeNull();
    const unique = await fetch(`${srv.url}/web/content/${pdfId}?unique=1`, { headers });
    expect(unique.headers.get('cache-control')).toBe('max-age=31536000, private, immutable');
    expect(unique.headers.get('expires')).toMatch(/GMT$/);
    await unique.arrayBuffer();
  });

  test('users who may not read the attachment get the 404 page', async () => {
    for (const headers of [{ Cookie: await cookie('portal') }, {} as Record<string, string>]) {
      const res = await fetch(`${srv.url}/web/content/${pdfId}?download=true`, { headers });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe(NOT_FOUND);
    }
    const admin = { Cookie: await cookie('admin') };
    for (const url of ['/web/content/999999', '/web/content/res.partner/1/name', '/web/content/base.main_partner/image_128']) {
      expect((await fetch(`${srv.url}${url}`, { headers: admin })).status).toBe(404);
    }
    // with the attachment's access token anybody may download it, marked public
    const [token] = (await jsonKw(srv, 'admin', 'ir.attachment', 'generate_access_token', [[pdfId]])).result;
    const res = await fetch(`${srv.url}/web/content/${pdfId}?access_token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await res.arrayBuffer()).length).toBe(pdf.length);
    expect((await fetch(`${srv.url}/web/content/${pdfId}?access_token=bad`)).status).toBe(404);
  });

  test('/web/image serves image fields resized to the asked size, and the placeholder when unreadable', async () => {
    const img = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#00aa00' } }).png().toBuffer();
    await jsonKw(srv, 'admin', 'res.partner', 'write', [[3], { image_1920: img.toString('base64') }]);
    const admin = { Cookie: await cookie('admin') };
    const res = await fetch(`${srv.url}/web/image/res.partner/3/image_128`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="Mitchell Admin.png"');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}-128x128-crop=False-quality=0"$/);
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ width: 128, height: 128 });
    const sized = await fetch(`${srv.url}/web/image/res.partner/3/image_1920/64x64`, { headers: admin });
    expect(await sharp(Buffer.from(await sized.arrayBuffer())).metadata()).toMatchObject({ width: 64, height: 64 });
    const portal = await fetch(`${srv.url}/web/image/res.partner/3/image_128`, { headers: { Cookie: await cookie('portal') } });
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-disposition')).toBe('inline; filename=placeholder.png');
    await portal.arrayBuffer();
    const pdfAsImage = await fetch(`${srv.url}/web/image/${pdfId}`, { headers: admin });
    expect(pdfAsImage.headers.get('content-type')).toBe('application/octet-stream');
    expect(pdfAsImage.headers.get('etag')).toMatch(/-0x0-crop=False-quality=0"$/);
    await pdfAsImage.arrayBuffer();
  });
});

describe('URL forms and header encoding (werkzeug rules)', () => {
  test('route variables of every /web/content and /web/image form', () => {
    expect(parseContentPath(['42'])).toEqual({ id: 42 });
    expect(parseContentPath(['base.image', 'x.png'])).toEqual({ xmlid: 'base.image', filename: 'x.png' });
    expect(parseContentPath(['res.partner', '3', 'image_128', 'a.png'])).toEqual({ model: 'res.partner', id: 3, field: 'image_128', filename: 'a.png' });
    expect(parseContentPath(['res.partner', 'x', 'image_128'])).toBeNull();
    expect(parseImagePath(['42-abc123', '64x32', 'n.png'])).toEqual({ id: 42, unique: 'abc123', width: 64, height: 32, filename: 'n.png' });
    expect(parseImagePath(['res.partner', '3', 'image_1920', '10x10'])).toEqual({ model: 'res.partner', id: 3, field: 'image_1920', width: 10, height: 10 });
    expect(parseImagePath(['res.partner', '3', 'image_1920', '10x10', 'f.png'])).toEqual({ model: 'res.partner', id: 3, field: 'image_1920', width: 10, height: 10, filename: 'f.png' });
  });
  test('Content-Disposition as werkzeug writes it', () => {
    expect(contentDisposition('notes.txt', false)).toBe('inline; filename=notes.txt');
    expect(contentDisposition('Mitchell Admin.png', false)).toBe('inline; filename="Mitchell Admin.png"');
    expect(contentDisposition('ff report é,1.pdf', true)).toBe(`attachment; filename="ff report e,1.pdf"; filename*="UTF-8''ff%20report%20%C3%A9,1.pdf"`);
  });
});
