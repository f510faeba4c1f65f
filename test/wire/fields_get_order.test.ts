/**
 * Issue 11, wire differences: fields_get answers each field's attributes sorted by name, as
 * Odoo 17's Field.get_description walks its `_description_*` properties in dir() order. JSON
 * clients see the key order, so it is checked on the raw JSON text of /jsonrpc answers.
 * Expected values were read on a real Odoo 17 (ref_default database).
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';

let srv: TestServer;
let c: JsonClient;
beforeAll(async () => {
  srv = await startTestServer();
  c = new JsonClient(srv.url);
});
afterAll(async () => { await srv.close(); });

async function fieldsGet(model: string, args: unknown[], kwargs: Record<string, unknown>): Promise<any> {
  const r = await c.raw('/jsonrpc', JSON.stringify({
    jsonrpc: '2.0', method: 'call', id: 1,
    params: { service: 'object', method: 'execute_kw', args: [srv.db, 2, 'admin', model, 'fields_get', args, kwargs] },
  }));
  return JSON.parse(r.text).result;
}

test('attributes come sorted by name, not in the order asked', async () => {
  const r = await fieldsGet('res.partner', [['parent_id']], { attributes: ['type', 'string', 'required', 'readonly', 'relation'] });
  expect(Object.keys(r.parent_id)).toEqual(['readonly', 'relation', 'required', 'string', 'type']);
  expect(r.parent_id).toEqual({ readonly: false, relation: 'res.partner', required: false, string: 'Related Company', type: 'many2one' });
});

test('a full description is sorted too, with default_export_compatible (Odoo 17 res.partner.name)', async () => {
  const r = await fieldsGet('res.partner', [['name', 'parent_id']], {});
  expect(Object.keys(r.name)).toEqual(['change_default', 'company_dependent', 'default_export_compatible', 'depends', 'exportable',
    'manual', 'name', 'readonly', 'required', 'searchable', 'sortable', 'store', 'string', 'translate', 'trim', 'type']);
  expect(r.name.default_export_compatible).toBe(true);
  expect(Object.keys(r.parent_id)).toEqual(['change_default', 'company_dependent', 'context', 'default_export_compatible', 'depends',
    'domain', 'exportable', 'manual', 'name', 'readonly', 'relation', 'required', 'searchable', 'sortable', 'store', 'string', 'type']);
  expect(r.parent_id.default_export_compatible).toBe(false);
});

test('attributes=[] asks for no attribute (Odoo tests `attributes is not None`)', async () => {
  expect(await fieldsGet('res.partner', [['name', 'email']], { attributes: [] })).toEqual({ name: {}, email: {} });
});

test('the id field has no group_operator (fields.Id is not an Integer)', async () => {
  const r = await fieldsGet('res.partner', [['id', 'color']], {});
  expect(r.id).not.toHaveProperty('group_operator');
  expect(r.color.group_operator).toBe('sum');
});
