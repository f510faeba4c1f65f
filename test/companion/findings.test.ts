/**
 * The two findings of issue 16: a free (b2c) signup sends only "Welcome to …" (recorded on
 * Odoo 17: one mail.mail, "Welcome to YourCompany!"), and db.dump(…, 'zip') / db.restore speak
 * Odoo's backup archive (dump.sql first, manifest.json with Odoo's keys).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { startOdoo, type OdooEmulator } from '../../index';
import { JsonClient } from '../helpers/server';
import { Browser } from '../portal/helpers';

let odoo: OdooEmulator;
beforeAll(async () => { odoo = await startOdoo({ logLevel: 'critical' }); });
afterAll(async () => { await odoo?.stop(); });

async function rpc(service: string, method: string, ...args: unknown[]): Promise<any> {
  const r = await new JsonClient(odoo.url).service(service, method, ...args);
  if (r.error) throw Object.assign(new Error(r.error.data.message), { data: r.error.data });
  return r.result;
}

it('a free (b2c) signup sends only the "Welcome to YourCompany!" mail', async () => {
  await rpc('object', 'execute_kw', odoo.db, 2, 'admin', 'ir.config_parameter', 'set_param', ['auth_signup.invitation_scope', 'b2c']);
  await odoo.clearOutbox();
  const b = new Browser(odoo.url);
  const page = await b.get('/web/signup');
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)![1];
  const r = await b.request('/web/signup', { method: 'POST', form: { csrf_token: csrf, login: 'b2c@example.com', name: 'B2C Person', password: 'pw123456x', confirm_password: 'pw123456x' } });
  expect(r.status).toBe(303);
  expect(odoo.outbox().map((m) => [m.subject, m.email_to])).toEqual([['Welcome to YourCompany!', '"B2C Person" <b2c@example.com>']]);
});

describe("db.dump(…, 'zip') and db.restore", () => {
  it("write and read Odoo's archive: dump.sql first, manifest.json with Odoo's keys", async () => {
    const pid = await rpc('object', 'execute_kw', odoo.db, 2, 'admin', 'res.partner', 'create', [{ name: 'Zipped Partner' }]);
    const zip = Buffer.from(await rpc('db', 'dump', 'admin', odoo.db, 'zip'), 'base64');
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['dump.sql', 'manifest.json']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(Object.keys(manifest)).toEqual(['odoo_dump', 'db_name', 'version', 'version_info', 'major_version', 'pg_version', 'modules']);
    expect(manifest).toMatchObject({ odoo_dump: '1', db_name: odoo.db, version: '17.0', version_info: [17, 0, 0, 'final', 0, ''], major_version: '17.0' });
    expect(manifest.modules).toMatchObject({ base: expect.stringMatching(/^17\.0\./), portal: expect.any(String), auth_totp: expect.any(String) });
    const sql = strFromU8(files['dump.sql']);
    expect(sql.startsWith('PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE')).toBe(true);
    expect(sql).toContain(`'Zipped Partner'`);

    await rpc('db', 'restore', 'admin', 'from_zip', zip.toString('base64'));
    const [row] = await rpc('object', 'execute_kw', 'from_zip', 2, 'admin', 'res.partner', 'read', [[pid], ['name']]);
    expect(row.name).toBe('Zipped Partner');
    // the name-search index is rebuilt from the restored rows
    expect(await rpc('object', 'execute_kw', 'from_zip', 2, 'admin', 'res.partner', 'name_search', ['ipped Partn'])).toEqual([[pid, 'Zipped Partner']]);
    expect(await rpc('common', 'authenticate', 'from_zip', 'admin', 'admin', {})).toBe(2);
  });

  it('still restores the plain image of the dump format', async () => {
    const image = Buffer.from(await rpc('db', 'dump', 'admin', odoo.db, 'dump'), 'base64');
    expect(image.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    await rpc('db', 'restore', 'admin', 'from_image', image.toString('base64'));
    expect(await rpc('common', 'authenticate', 'from_image', 'admin', 'admin', {})).toBe(2);
  });

  it("a PostgreSQL dump (a real Odoo's archive) fails as Odoo fails a restore", async () => {
    const pg = Buffer.from(zipSync({ 'dump.sql': strToU8('--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\nCOPY public.res_partner (id) FROM stdin;\n1\n\\.\n'), 'manifest.json': strToU8('{}') }));
    const err = await rpc('db', 'restore', 'admin', 'from_pg', pg.toString('base64')).catch((e) => e.data);
    expect(err).toMatchObject({ name: 'builtins.Exception', message: "Couldn't restore database" });
    expect(await rpc('db', 'db_exist', 'from_pg')).toBe(false);
  });
});
