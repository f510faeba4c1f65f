/**
 * ir.attachment over XML-RPC and JSON-RPC: storage (filestore layout / db_datas), mimetype and
 * checksum, access that follows the linked record for internal and portal users (messages as
 * Odoo 17 gives them, recorded on the reference server), binary fields stored as attachments.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../helpers/server';
import { unzipSync } from 'fflate';
import { PROTOCOLS, jsonKw } from './helpers';
import { dumpMethodCall, parseMethodResponse } from '../../rpc/xmlrpc/codec';

const MASTER = 'att-master';
/** db service over XML-RPC. */
async function dbCall(srv: TestServer, method: string, args: unknown[]): Promise<any> {
  const res = await fetch(`${srv.url}/xmlrpc/2/db`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: dumpMethodCall(method, args) });
  return parseMethodResponse(await res.text());
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe.each([['file storage', true], ['in-memory database', false]] as const)('ir.attachment with %s', (_label, onDisk) => {
  let srv: TestServer;
  let dataDir: string | null = null;
  beforeAll(async () => {
    dataDir = onDisk ? fs.mkdtempSync(path.join(os.tmpdir(), 'att-')) : null;
    srv = await startTestServer({ data_dir: dataDir, db_name: ['attdb'], admin_passwd: MASTER });
  });
  afterAll(async () => {
    await srv.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('content fields are computed from datas as Odoo does; the bytes live where the storage says', async () => {
    const content = 'hello world text';
    const id = (await jsonKw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'hello.txt', datas: b64(content), res_model: 'res.partner', res_id: 1 }])).result;
    const [row] = (await jsonKw(srv, 'admin', 'ir.attachment', 'read', [[id], ['name', 'mimetype', 'file_size', 'checksum', 'store_fname', 'db_datas', 'index_content', 'res_name', 'type', 'datas', 'public']])).result;
    const sha = crypto.createHash('sha1').update(content).digest('hex');
    expect(row).toMatchObject({ mimetype: 'text/plain', file_size: 16, checksum: sha, index_content: 'hello world text', type: 'binary', datas: b64(content), public: false, res_name: 'YourCompany' });
    if (onDisk) {
      expect(row.store_fname).toBe(`${sha.slice(0, 2)}/${sha}`);
      expect(row.db_datas).toBe(false);
      expect(fs.readFileSync(path.join(dataDir!, 'filestore', srv.db, sha.slice(0, 2), sha), 'utf8')).toBe(content);
    } else {
      expect(row.store_fname).toBe(false);
      expect(row.db_datas).toBe(b64(content));
    }
    const [sized] = (await jsonKw(srv, 'admin', 'ir.attachment', 'read', [[id], ['datas']], { context: { bin_size: true } })).result;
    expect(sized.datas).toBe('16.00 bytes');
  });

  test("a zip backup carries the filestore as Odoo's (filestore/<2 hex>/<sha1>); restoring it gives the same bytes, also into an in-memory server", async () => {
    const content = crypto.randomBytes(3000);
    const id = (await jsonKw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'backup.bin', datas: content.toString('base64'), res_model: 'res.partner', res_id: 3 }])).result;
    const sha = crypto.createHash('sha1').update(content).digest('hex');
    const zip = Buffer.from(String(await dbCall(srv, 'dump', [MASTER, srv.db, 'zip'])), 'base64');
    const names = Object.keys(unzipSync(new Uint8Array(zip)));
    expect(names.slice(0, 2)).toEqual(['dump.sql', 'manifest.json']);
    expect(names.includes(`filestore/${sha.slice(0, 2)}/${sha}`)).toBe(onDisk);
    expect(await dbCall(srv, 'restore', [MASTER, 'attdb_restored', zip.toString('base64')])).toBe(true);
    const read = async (s: TestServer, db: string) => {
      const res = await fetch(`${s.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [db, 2, 'admin', 'ir.attachment', 'read', [[id], ['datas', 'store_fname', 'checksum']]] } }) });
      return (await res.json() as any).result[0];
    };
    const restored = await read(srv, 'attdb_restored');
    expect(Buffer.from(restored.datas, 'base64').equals(content)).toBe(true);
    expect(restored.checksum).toBe(sha);
    if (!onDisk) return;
    expect(fs.existsSync(path.join(dataDir!, 'filestore', 'attdb_restored', sha.slice(0, 2), sha))).toBe(true);
    // an in-memory server keeps the restored files' bytes in the database
    const mem = await startTestServer({ db_name: ['attmem'], admin_passwd: MASTER });
    try {
      expect(await dbCall(mem, 'restore', [MASTER, 'attdb_mem', zip.toString('base64')])).toBe(true);
      const inMem = await read(mem, 'attdb_mem');
      expect(Buffer.from(inMem.datas, 'base64').equals(content)).toBe(true);
      expect(inMem.store_fname).toBe(false);
    } finally {
      await mem.close();
    }
  });

  test('mimetype: from the name, else from the content; markup becomes text/plain for users who cannot write views', async () => {
    const mk = async (login: 'admin' | 'demo', vals: object) => {
      const created = await jsonKw(srv, login, 'ir.attachment', 'create', [vals]);
      expect(created.error).toBeUndefined();
      const id = created.result;
      return (await jsonKw(srv, login, 'ir.attachment', 'read', [[id], ['mimetype', 'index_content']])).result[0];
    };
    expect(await mk('admin', { name: 'noext', datas: b64('%PDF-1.4 hello') })).toMatchObject({ mimetype: 'application/pdf', index_content: 'application' });
    expect(await mk('admin', { name: 'h.html', raw: '<html><body>x</body></html>' })).toMatchObject({ mimetype: 'text/html' });
    expect(await mk('demo', { name: 'h.html', raw: '<html><body>x</body></html>' })).toMatchObject({ mimetype: 'text/plain' });
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await mk('admin', { name: 'blob', datas: png.toString('base64') })).toMatchObject({ mimetype: 'image/png', index_content: 'image' });
  });
});

describe('ir.attachment access (Odoo 17 check() and _search)', () => {
  let srv: TestServer;
  let secret: number;
  beforeAll(async () => {
    srv = await startTestServer({ db_name: ['attacc'] });
    secret = (await jsonKw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'ff_secret.txt', datas: b64('s3cret'), res_model: 'ir.config_parameter', res_id: 1 }])).result;
  });
  afterAll(() => srv.close());

  describe.each(PROTOCOLS)('over %s', (_p, kw) => {
    test('an internal user cannot see an attachment of a record they cannot read', async () => {
      expect((await kw(srv, 'demo', 'ir.attachment', 'search', [[['id', '=', secret]]])).result).toEqual([]);
      expect((await kw(srv, 'demo', 'ir.attachment', 'search', [[['name', '=', 'ff_secret.txt']]])).result).toEqual([]);
      const read = await kw(srv, 'demo', 'ir.attachment', 'read', [[secret], ['name']]);
      expect(read.error!.message).toBe("Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Marc Demo (id=6) doesn't have 'read' access to:\n- Attachment (ir.attachment)\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.");
      const write = await kw(srv, 'demo', 'ir.attachment', 'write', [[secret], { name: 'x' }]);
      expect(write.error!.message).toBe("You are not allowed to modify 'System Parameter' (ir.config_parameter) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.");
      const create = await kw(srv, 'demo', 'ir.attachment', 'create', [{ name: 'p.txt', res_model: 'ir.config_parameter', res_id: 1 }]);
      expect(create.error!.message).toBe(write.error!.message);
    });
    test('an internal user sees their own unlinked attachments and those of readable records', async () => {
      const own = (await kw(srv, 'demo', 'ir.attachment', 'create', [{ name: 'd.txt', raw: 'abc' }])).result;
      const onPartner = (await kw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'on-partner.txt', raw: 'abc', res_model: 'res.partner', res_id: 3 }])).result;
      const adminOwn = (await kw(srv, 'admin', 'ir.attachment', 'create', [{ name: 'admin-own.txt', raw: 'abc' }])).result;
      const seen = (await kw(srv, 'demo', 'ir.attachment', 'search', [[['id', 'in', [own, onPartner, adminOwn, secret]]]])).result;
      expect(seen).toEqual([onPartner, own]);
      expect((await kw(srv, 'demo', 'ir.attachment', 'read', [[own], ['name', 'mimetype', 'file_size', 'res_model', 'res_id']])).result)
        .toEqual([{ id: own, name: 'd.txt', mimetype: 'text/plain', file_size: 3, res_model: false, res_id: 0 }]);
      expect((await kw(srv, 'admin', 'ir.attachment', 'search_count', [[['id', 'in', [own, onPartner, adminOwn, secret]]]])).result).toBe(4);
    });
    test('a portal user has no access to attachments', async () => {
      const msg = "You are not allowed to access 'Attachment' (ir.attachment) records.\n\nThis operation is allowed for the following groups:\n\t- User types/Internal User\n\nContact your administrator to request access if necessary.";
      expect((await kw(srv, 'portal', 'ir.attachment', 'read', [[secret], ['name']])).error!.message).toBe(msg);
      expect((await kw(srv, 'portal', 'ir.attachment', 'search', [[]])).error!.message).toBe(msg);
      expect((await kw(srv, 'portal', 'ir.attachment', 'create', [{ name: 'p.txt' }])).error!.message).toBe('Sorry, you are not allowed to access this document.');
    });
  });
});

describe('binary fields stored as attachments (image.mixin on res.partner)', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startTestServer({ db_name: ['attimg'] }); });
  afterAll(() => srv.close());

  test('image_1920 is an attachment with res_field; the smaller sizes are shrunk copies; unlinking the partner removes them', async () => {
    const img = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#123456' } }).png().toBuffer();
    const pid = (await jsonKw(srv, 'admin', 'res.partner', 'create', [{ name: 'Imaged', image_1920: img.toString('base64') }])).result;
    const [p] = (await jsonKw(srv, 'admin', 'res.partner', 'read', [[pid], ['image_1920', 'image_512', 'image_128']])).result;
    expect(p.image_1920).toBe(img.toString('base64'));
    expect(await sharp(Buffer.from(p.image_512, 'base64')).metadata()).toMatchObject({ width: 512, height: 256, format: 'png' });
    expect(await sharp(Buffer.from(p.image_128, 'base64')).metadata()).toMatchObject({ width: 128, height: 64 });
    // the implicit res_field = False condition hides them from a plain search
    expect((await jsonKw(srv, 'admin', 'ir.attachment', 'search', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]]])).result).toEqual([]);
    const atts = (await jsonKw(srv, 'admin', 'ir.attachment', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid], ['res_field', '!=', false]]], { fields: ['name', 'res_field', 'mimetype'], order: 'res_field' })).result;
    expect(atts.map((a: any) => [a.name, a.res_field, a.mimetype])).toEqual([
      ['image_1024', 'image_1024', 'image/png'], ['image_128', 'image_128', 'image/png'], ['image_1920', 'image_1920', 'image/png'],
      ['image_256', 'image_256', 'image/png'], ['image_512', 'image_512', 'image/png']]);
    const [sized] = (await jsonKw(srv, 'admin', 'res.partner', 'read', [[pid], ['image_1920']], { context: { bin_size: true } })).result;
    expect(sized.image_1920).toMatch(/^\d+\.\d\d (bytes|Kb)$/);
    // the user's image is its partner's
    const [adminUser] = (await jsonKw(srv, 'admin', 'res.users', 'read', [[2], ['image_128', 'partner_id']])).result;
    expect(adminUser.image_128).toBe((await jsonKw(srv, 'admin', 'res.partner', 'read', [[adminUser.partner_id[0]], ['image_128']])).result[0].image_128);
    // (created without an image, an internal user has its initials: an SVG)
    expect(Buffer.from(adminUser.image_128, 'base64').toString().startsWith("<?xml version='1.0' encoding='UTF-8' ?><svg ")).toBe(true);
    expect((await jsonKw(srv, 'admin', 'res.partner', 'write', [[pid], { image_1920: b64('hello') }])).error!.message).toBe('This file could not be decoded as an image file.');
    await jsonKw(srv, 'admin', 'res.partner', 'unlink', [[pid]]);
    expect((await jsonKw(srv, 'admin', 'ir.attachment', 'search', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid], ['res_field', '!=', false]]])).result).toEqual([]);
  });

  test('fields_get describes attachment storage like Odoo', async () => {
    const f = (await jsonKw(srv, 'admin', 'res.partner', 'fields_get', [['image_1920', 'image_128', 'avatar_128']], { attributes: ['type', 'attachment', 'store', 'related', 'readonly'] })).result;
    expect(f.image_1920).toEqual({ type: 'binary', attachment: true, store: true, readonly: false });
    expect(f.image_128).toEqual({ type: 'binary', attachment: true, store: true, related: 'image_1920', readonly: true });
    const a = (await jsonKw(srv, 'admin', 'ir.attachment', 'fields_get', [['datas', 'db_datas', 'res_id', 'type']], { attributes: ['type', 'attachment', 'store', 'required'] })).result;
    expect(a).toEqual({
      datas: { type: 'binary', attachment: false, store: false, required: false },
      db_datas: { type: 'binary', attachment: false, store: true, required: false },
      res_id: { type: 'many2one_reference', store: true, required: false },
      type: { type: 'selection', store: true, required: true },
    });
  });
});
