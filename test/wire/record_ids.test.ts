/**
 * Issue 11, wire differences: record ids that are not integers. Odoo 17 keeps them as given in
 * the recordset; the values below were read on a real Odoo 17 over /jsonrpc.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { rpc } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const missing = (repr: string) => ({
  name: 'odoo.exceptions.MissingError', message: `Record does not exist or has been deleted.\n(Record: res.partner${repr}, User: 2)`,
});

describe('ids given as strings', () => {
  test('read finds nothing for numeric strings, alone or as the ids argument itself', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [['1'], ['name']])).result).toEqual([]);
    expect((await rpc(srv, 'admin', 'res.partner', 'read', ['1', ['name']])).result).toEqual([]);
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [['3', 3], ['name']])).result).toEqual([{ id: 3, name: 'Mitchell Admin' }]);
    expect((await rpc(srv, 'admin', 'res.partner', 'exists', [[null, '1', 1]])).result).toEqual([1]);
  });

  test('write, unlink and other record methods raise MissingError naming the string id', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'write', [['1', '2'], { comment: 'x' }])).error).toEqual(missing("('1',)"));
    expect((await rpc(srv, 'admin', 'res.partner', 'unlink', [['1']])).error).toEqual(missing("('1',)"));
    expect((await rpc(srv, 'admin', 'res.partner', 'toggle_active', [['1']])).error).toEqual(missing("('1',)"));
    // a string instead of a list is iterated: '999' is ('9', '9', '9')
    expect((await rpc(srv, 'admin', 'res.partner', 'unlink', ['999'])).error).toEqual(missing("('9',)"));
    const [row] = (await rpc(srv, 'admin', 'res.partner', 'read', [[1], ['comment', 'active']])).result;
    expect(row).toEqual({ id: 1, comment: false, active: true });
  });

  test('a non-numeric string is a database type error', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [['abc'], ['name']])).error)
      .toEqual({ name: 'psycopg2.errors.InvalidTextRepresentation', message: 'invalid input syntax for type integer: "abc"' });
  });

  test('a non-integral float finds nothing', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [[1.5], ['name']])).result).toEqual([]);
  });
});

describe('null ids (a client reading what [("id", "=", None)] gave it)', () => {
  test('read answers the new-record values: defaults, else empty', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [[null], ['name', 'active', 'color', 'child_ids', 'parent_id', 'display_name',
      'partner_latitude', 'date', 'type', 'commercial_partner_id', 'email_formatted']])).result).toEqual([{
      id: null, name: false, active: true, color: 0, child_ids: [], parent_id: false, display_name: '', partner_latitude: 0,
      date: false, type: 'contact', commercial_partner_id: false, email_formatted: false,
    }]);
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [[null, 3], ['name']])).result).toEqual([{ id: null, name: false }, { id: 3, name: 'Mitchell Admin' }]);
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [[false], ['name']])).result).toEqual([{ id: false, name: false }]);
    expect((await rpc(srv, 'admin', 'res.partner', 'read', [[0], ['name']])).result).toEqual([{ id: 0, name: false }]);
  });

  test('a new res.users record carries the default user groups', async () => {
    const [row] = (await rpc(srv, 'admin', 'res.users', 'read', [[null], ['login', 'groups_id', 'share']])).result;
    const defaults = (await rpc(srv, 'admin', 'res.users', 'default_get', [['groups_id']])).result.groups_id[0][2];
    expect(defaults.length).toBeGreaterThan(0);
    expect(row).toEqual({ id: null, login: false, groups_id: defaults, share: false });
  });

  test('name_get gives an empty name; write and unlink do nothing', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'name_get', [[null]])).result).toEqual([[null, '']]);
    expect((await rpc(srv, 'admin', 'res.partner', 'write', [[null], { comment: 'x' }])).result).toBe(true);
    expect((await rpc(srv, 'admin', 'res.partner', 'unlink', [[null]])).result).toBe(true);
  });
});
