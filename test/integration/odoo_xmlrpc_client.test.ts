/**
 * The npm client `odoo-xmlrpc` (callback API over node-xmlrpc) against the server, used the way
 * its README does: connect() = common.authenticate(db, user, pwd, {}), execute_kw(model, method,
 * params) = object.execute_kw(db, uid, pwd, model, method, ...params). node-xmlrpc sends strings
 * containing '<' or '&' as CDATA, null as <nil/>, and surfaces faults as
 * Error('XML-RPC fault: <faultString>') with .faultCode.
 */
import { startTestServer, type TestServer } from '../helpers/server';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Odoo = require('odoo-xmlrpc');

interface OdooClient {
  connect(cb: (err: any, uid: any) => void): void;
  execute_kw(model: string, method: string, params: unknown[], cb: (err: any, value: any) => void): void;
}

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

function client(username = 'admin', password = 'admin'): OdooClient {
  const port = Number(new URL(srv.url).port);
  return new Odoo({ url: 'http://127.0.0.1', port, db: srv.db, username, password });
}

function connect(odoo: OdooClient): Promise<number> {
  return new Promise((resolve, reject) => odoo.connect((err, uid) => (err ? reject(err) : resolve(uid))));
}

function exec(odoo: OdooClient, model: string, method: string, params: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => odoo.execute_kw(model, method, params, (err, v) => (err ? reject(err) : resolve(v))));
}

/** The error a callback receives (the test fails if the call succeeds). */
async function execError(odoo: OdooClient, model: string, method: string, params: unknown[]): Promise<any> {
  try {
    const v = await exec(odoo, model, method, params);
    throw new Error(`expected an error, got ${JSON.stringify(v)}`);
  } catch (e) {
    return e;
  }
}

describe('odoo-xmlrpc npm client', () => {
  it('connect() authenticates admin (uid 2) and demo (uid 6)', async () => {
    expect(await connect(client())).toBe(2);
    expect(await connect(client('demo', 'demo'))).toBe(6);
  });

  it('connect() with a wrong password: the client reports "No UID returned" (authenticate gave False)', async () => {
    await expect(connect(client('admin', 'wrong'))).rejects.toEqual({ message: 'No UID returned from authentication.' });
  });

  it('search_read with positional params as in the README (domain, fields, offset, limit) and with kwargs', async () => {
    const odoo = client();
    await connect(odoo);
    const positional = await exec(odoo, 'res.partner', 'search_read', [[[['id', 'in', [1, 3]]], ['name'], 0, 5]]);
    expect(positional).toEqual([{ id: 1, name: 'YourCompany' }, { id: 3, name: 'Mitchell Admin' }]);
    const kw = await exec(odoo, 'res.partner', 'search_read', [[[['id', '=', 3]]], { fields: ['name', 'email'], limit: 1 }]);
    expect(kw).toEqual([{ id: 3, name: 'Mitchell Admin', email: 'admin@yourcompany.example.com' }]);
    // kwargs sent as null (<nil/>) are accepted like {}
    expect(await exec(odoo, 'res.partner', 'search_count', [[[['id', 'in', [1, 3]]]], null])).toBe(2);
  });

  it('create, write, read back (CDATA strings, floats, booleans), unlink', async () => {
    const odoo = client();
    await connect(odoo);
    const name = 'Node & <Client> Ünïcode';
    const id = await exec(odoo, 'res.partner', 'create', [[{ name, partner_latitude: 48.25, is_company: true }]]);
    expect(typeof id).toBe('number');
    expect(Number.isInteger(id)).toBe(true);
    expect(await exec(odoo, 'res.partner', 'write', [[[id], { name: `${name} (updated)`, comment: false }]])).toBe(true);
    const rows = await exec(odoo, 'res.partner', 'read', [[[id]], { fields: ['name', 'partner_latitude', 'is_company', 'date'] }]);
    expect(rows).toEqual([{ id, name: `${name} (updated)`, partner_latitude: 48.25, is_company: true, date: false }]);
    expect(await exec(odoo, 'res.partner', 'search', [[[['id', '=', id]]]])).toEqual([id]);
    expect(await exec(odoo, 'res.partner', 'unlink', [[[id]]])).toBe(true);
    expect(await exec(odoo, 'res.partner', 'search', [[[['id', '=', id]]]])).toEqual([]);
  });

  it('faults are surfaced as Error("XML-RPC fault: ...") with the Odoo faultCode', async () => {
    const odoo = client();
    await connect(odoo);
    const unknownModel = await execError(odoo, 'res.foo', 'search', [[[]]]);
    expect(unknownModel).toBeInstanceOf(Error);
    expect(unknownModel.message).toBe("XML-RPC fault: Object res.foo doesn't exist");
    expect(unknownModel.faultCode).toBe(2);
    expect(unknownModel.faultString).toBe("Object res.foo doesn't exist");

    const privateMethod = await execError(odoo, 'res.partner', '_read', [[[3]]]);
    expect(privateMethod.faultCode).toBe(4);
    expect(privateMethod.message).toBe('XML-RPC fault: Private methods (such as _read) cannot be called remotely.');

    const badField = await execError(odoo, 'res.partner', 'search', [[[['nofield', '=', 1]]]]);
    expect(badField.faultCode).toBe(1);
    expect(badField.message.startsWith('XML-RPC fault: Traceback (most recent call last):')).toBe(true);
    expect(badField.faultString.trimEnd().split('\n').pop()).toBe("ValueError: Invalid field res.partner.nofield in leaf ('nofield', '=', 1)");
  });

  it('a demo user gets AccessError fault 4; a wrong password on execute_kw gets fault 3', async () => {
    const demo = client('demo', 'demo');
    await connect(demo);
    const acl = await execError(demo, 'ir.config_parameter', 'search', [[[]]]);
    expect(acl.faultCode).toBe(4);
    expect(acl.faultString).toContain('\t- Administration/Settings');

    // connect as admin, then break the password the client sends with each call
    const odoo = client();
    await connect(odoo);
    (odoo as any).password = 'changed';
    const denied = await execError(odoo, 'res.partner', 'search', [[[]]]);
    expect(denied.faultCode).toBe(3);
    expect(denied.message).toBe('XML-RPC fault: Access Denied');
  });
});
