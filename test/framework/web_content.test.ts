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

  test('byte ranges: 206 for one satisfiable range, 416 otherwise, as werkzeug answers (recorded on a real Odoo 17)', async () => {
    const headers = { Cookie: await cookie('admin') };
    const { result: id } = await jsonKw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'range.txt', datas: Buffer.from('0123456789abcdefghij').toString('base64'), mimetype: 'text/plain' }]);
    const get = async (range: string, extra: Record<string, string> = {}, method = 'GET') => {
      const res = await fetch(`${srv.url}/web/content/${id}`, { method, headers: { ...headers, Range: range, ...extra } });
      return { status: res.status, body: await res.text(), range: res.headers.get('content-range'), accept: res.headers.get('accept-ranges'), length: res.headers.get('content-length'), etag: res.headers.get('etag'), type: res.headers.get('content-type') };
    };
    expect(await get('bytes=0-9')).toMatchObject({ status: 206, body: '0123456789', range: 'bytes 0-9/20', accept: 'bytes', length: '10', type: 'text/plain; charset=utf-8' });
    expect(await get('bytes=5-')).toMatchObject({ status: 206, body: '56789abcdefghij', range: 'bytes 5-19/20', length: '15' });
    expect(await get('bytes=-3')).toMatchObject({ status: 206, body: 'hij', range: 'bytes 17-19/20' });
    expect(await get('bytes=18-50')).toMatchObject({ status: 206, body: 'ij', range: 'bytes 18-19/20', length: '2' });
    const refused = '<!doctype html>\n<html lang=en>\n<title>416 Requested Range Not Satisfiable</title>\n<h1>Requested Range Not Satisfiable</h1>\n<p>The server cannot provide the requested range.</p>\n';
    for (const range of ['bytes=100-200', 'bytes=0-2,5-7', 'bytes=abc', 'items=0-3', 'bytes=-30']) {
      expect(await get(range)).toMatchObject({ status: 416, body: refused, range: 'bytes */20', type: 'text/html; charset=utf-8', length: '177' });
    }
    // If-Range: the range of this version only; another version comes whole
    const { etag } = await get('bytes=0-0');
    expect(await get('bytes=0-4', { 'If-Range': etag! })).toMatchObject({ status: 206, body: '01234' });
    expect(await get('bytes=0-4', { 'If-Range': '"nomatch"' })).toMatchObject({ status: 200, body: '0123456789abcdefghij', range: null, accept: null });
    expect(await get('bytes=0-0', {}, 'HEAD')).toMatchObject({ status: 206, body: '', range: 'bytes 0-0/20', length: '1' });
    // a range is answered even when the client holds this version (a 206 is never a 304)
    expect(await get('bytes=2-3', { 'If-None-Match': etag! })).toMatchObject({ status: 206, body: '23' });
    // If-Match: werkzeug fails the precondition unless the tag is this version's strong one (* too)
    const plain = async (extra: Record<string, string>) => {
      const r = await fetch(`${srv.url}/web/content/${id}`, { headers: { ...headers, ...extra } });
      return { status: r.status, body: await r.text(), length: r.headers.get('content-length') };
    };
    expect(await plain({ 'If-Match': '"nomatch"' })).toEqual({ status: 412, body: '0123456789abcdefghij', length: '20' });
    expect(await plain({ 'If-Match': '*' })).toMatchObject({ status: 412 });
    expect(await plain({ 'If-Match': etag! })).toMatchObject({ status: 200 });
    expect(await plain({ 'If-Match': etag!, 'If-None-Match': etag! })).toMatchObject({ status: 200 });
    expect(await plain({ 'If-Match': '"nomatch"', 'If-None-Match': etag! })).toMatchObject({ status: 412 });
    expect(await plain({ 'If-None-Match': etag! })).toMatchObject({ status: 304, body: '' });
    expect(await get('bytes=0-3', { 'If-Match': '"nomatch"' })).toMatchObject({ status: 206, body: '0123' });
    // from the filestore: the 5 MB PDF's middle, byte for byte
    const res = await fetch(`${srv.url}/web/content/${pdfId}`, { headers: { ...headers, Range: 'bytes=1000000-1999999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000000-1999999/${pdf.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf.subarray(1000000, 2000000))).toBe(true);
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
  test("avatars: internal users get their initials as image (SVG), others the placeholder of their kind (headers recorded on Odoo 17)", async () => {
    const uid = (await jsonKw(srv, 'admin', 'res.users', 'create', [{ name: 'Élodie Two', login: 'elodie-avatar' }])).result;
    const [u] = (await jsonKw(srv, 'admin', 'res.users', 'read', [[uid], ['partner_id', 'image_1920', 'image_128', 'avatar_128']])).result;
    const svg = Buffer.from(u.image_1920, 'base64').toString('utf8');
    expect(svg).toMatch(/^<\?xml version='1.0' encoding='UTF-8' \?><svg height='180' width='180' xmlns='http:\/\/www.w3.org\/2000\/svg' xmlns:xlink='http:\/\/www.w3.org\/1999\/xlink'><rect fill='hsl\(\d+, \d+%, 45%\)' height='180' width='180'\/><text fill='#ffffff' font-size='96' text-anchor='middle' x='90' y='125' font-family='sans-serif'>É<\/text><\/svg>$/);
    // an SVG is no image to resize: every size is the same bytes, and the avatar is the image
    expect(u.image_128).toBe(u.image_1920);
    expect(u.avatar_128).toBe(u.image_1920);
    const sizes = (await jsonKw(srv, 'admin', 'res.users', 'read', [[uid], ['avatar_128', 'image_1920']], { context: { bin_size: true } })).result[0];
    expect(sizes.avatar_128).toBe(sizes.image_1920);
    expect(sizes.avatar_128).toMatch(/^3\d\d\.00 bytes$/);
    const admin = { Cookie: await cookie('admin') };
    const res = await fetch(`${srv.url}/web/image/res.partner/${u.partner_id[0]}/avatar_128`, { headers: admin });
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe("inline; filename=\"Elodie Two.svg\"; filename*=UTF-8''%C3%89lodie%20Two.svg");
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(svg);
    // a company without image: its placeholder (PNG), image_128 stays empty
    const cid = (await jsonKw(srv, 'admin', 'res.partner', 'create', [{ name: 'FF Co2', is_company: true }])).result;
    const c = (await jsonKw(srv, 'admin', 'res.partner', 'read', [[cid], ['avatar_128', 'image_128']], { context: { bin_size: true } })).result[0];
    expect(c.image_128).toBe(false);
    expect(c.avatar_128).toMatch(/ (bytes|Kb)$/);
    const co = await fetch(`${srv.url}/web/image/res.partner/${cid}/avatar_128`, { headers: admin });
    expect(co.headers.get('content-type')).toBe('image/png');
    expect(co.headers.get('content-disposition')).toBe('inline; filename="FF Co2.png"');
    await co.arrayBuffer();
    // the placeholders differ by kind: company, delivery, invoice, person
    const kinds = await Promise.all([{ type: 'delivery' }, { type: 'invoice' }, {}].map(async (v, i) => (await jsonKw(srv, 'admin', 'res.partner', 'create', [{ name: `FF kind ${i}`, parent_id: v.type ? cid : false, ...v }])).result));
    const avatars = (await jsonKw(srv, 'admin', 'res.partner', 'read', [[cid, ...kinds], ['avatar_128']])).result.map((r: any) => r.avatar_128);
    expect(new Set(avatars).size).toBe(4);
    // a portal user's partner is no internal user's: the person placeholder, not initials
    const [portalUser] = (await jsonKw(srv, 'admin', 'res.users', 'read', [[7], ['avatar_128', 'image_128']])).result;
    expect(portalUser.image_128).toBe(false);
    expect(portalUser.avatar_128).toBe(avatars[3]);
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
