/**
 * Who sees and changes which orders (sale.md §5, sale/security/*): a salesman sees his own and
 * unassigned documents, a manager everything of his companies, a portal user the orders of his
 * commercial entity he follows, a stranger (another portal customer) nothing, an internal user
 * without sales rights no orders at all; Odoo's access messages in the order Odoo raises them.
 * Expected values were read on a real Odoo 17 (sale_management, account, payment_demo).
 */
import { type TestServer } from '../../helpers/server';
import { py } from '../../integration/helpers';
import { ADMIN, DEMO, PORTAL, SaleRpc, aclMessage, ruleMessage, startSaleServer, type User } from './sale_helpers';

let srv: TestServer;
let admin: SaleRpc;
let stranger: User;
let clerk: User;
beforeAll(async () => {
  srv = await startSaleServer();
  admin = new SaleRpc(srv, ADMIN);
  const group = async (xmlid: string) => (await admin.ok('ir.model.data', 'check_object_reference', xmlid.split('.')))[1];
  const partner = await admin.ok<number>('res.partner', 'create', [{ name: 'Stranger', email: 'stranger@example.com' }]);
  stranger = { uid: await admin.ok('res.users', 'create', [{ name: 'Stranger', login: 'stranger', password: 'stranger-pw', partner_id: partner, groups_id: [[6, 0, [await group('base.group_portal')]]] }]), password: 'stranger-pw' };
  clerk = { uid: await admin.ok('res.users', 'create', [{ name: 'Clerk', login: 'clerk', password: 'clerk-pw', groups_id: [[6, 0, [await group('base.group_user')]]] }]), password: 'clerk-pw' };
}, 300000);
afterAll(async () => { await srv?.close(); });

const rule = (user: string, uid: number, op: string) => ({ error: 'odoo.exceptions.AccessError', message: ruleMessage(user, uid, op, 'Sales Order', 'sale.order') });
const acl = (verb: string, groups: string[], description = 'Sales Order', model = 'sale.order') => ({ error: 'odoo.exceptions.AccessError', message: aclMessage(verb, description, model, groups) });

describe('salesman (Marc Demo: own documents only)', () => {
  test('sees his orders and the unassigned ones, not the others', async () => {
    const demo = admin.as(DEMO);
    expect(await demo.ok('sale.order', 'search', [[]], { order: 'id' })).toEqual([1, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(await demo.ok('sale.order.line', 'search_count', [[]])).toBe(26);
    expect(await demo.ok('sale.order', 'read', [[1], ['name', 'state', 'partner_id', 'user_id', 'amount_total']]))
      .toEqual([{ id: 1, name: 'S00001', state: 'draft', partner_id: [10, 'Deco Addict'], user_id: [6, 'Marc Demo'], amount_total: 1740 }]);
    expect(await demo.call('sale.order', 'read', [[2], ['name']])).toEqual(rule('Marc Demo', 6, 'read'));
    // writing or confirming another's order reads it first: the read rule answers
    expect(await demo.call('sale.order', 'write', [[2], { note: 'x' }])).toEqual(rule('Marc Demo', 6, 'read'));
    expect(await demo.call('sale.order', 'action_confirm', [[2]])).toEqual(rule('Marc Demo', 6, 'read'));
    expect(await demo.ok('crm.team', 'search', [[]])).toEqual([1, 5]);
  });

  test('creates orders as their salesperson in his team, cannot delete them nor manage templates and products', async () => {
    const demo = admin.as(DEMO);
    const id = await demo.ok<number>('sale.order', 'create', [{ partner_id: 11, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    expect(await demo.ok('sale.order', 'read', [[id], ['user_id', 'team_id', 'state']])).toEqual([{ id, user_id: [6, 'Marc Demo'], team_id: [5, 'Pre-Sales'], state: 'draft' }]);
    expect(await demo.call('sale.order', 'unlink', [[id]])).toEqual(acl('delete', ['Sales/Administrator']));
    expect(await demo.call('sale.order.template', 'create', [{ name: 'T' }])).toEqual(acl('create', ['Sales/Administrator'], 'Quotation Template', 'sale.order.template'));
    expect(await demo.call('product.template', 'write', [[9], { list_price: 1 }])).toEqual(acl('modify', ['Administration/Settings', 'Sales/Administrator'], 'Product', 'product.template'));
  });
});

describe('manager (Mitchell Admin: all documents)', () => {
  test('sees every order of his companies, not those of a company he has not selected', async () => {
    expect(await admin.ok('sale.order', 'search_count', [[]])).toBeGreaterThanOrEqual(20);
    const company = await admin.ok<number>('res.company', 'create', [{ name: 'Branch' }]);
    await admin.ok('res.users', 'write', [[2], { company_ids: [[4, company]] }]);
    const both = { context: { allowed_company_ids: [company, 1] } };
    const id = await admin.ok<number>('sale.order', 'create', [{ partner_id: 10, company_id: company }], both);
    expect((await admin.ok('sale.order', 'read', [[id], ['company_id', 'team_id', 'user_id']], both))[0]).toMatchObject({ company_id: [company, 'Branch'], team_id: [1, 'Sales'], user_id: [2, 'Mitchell Admin'] });
    expect(await admin.ok('sale.order', 'search_count', [[['id', '=', id]]], { context: { allowed_company_ids: [1] } })).toBe(0);
    expect(await admin.ok('sale.order', 'search_count', [[['id', '=', id]]], both)).toBe(1);
    expect(await admin.call('sale.order', 'read', [[id], ['name']], { context: { allowed_company_ids: [1] } })).toEqual(rule('Mitchell Admin', 2, 'read'));
    expect(await admin.as(DEMO).ok('sale.order', 'search_count', [[['id', '=', id]]])).toBe(0);
  });
});

describe('portal user (Joel Willis)', () => {
  test('reads the orders of his company that he follows, and their lines', async () => {
    const portal = admin.as(PORTAL);
    expect(await portal.ok('sale.order', 'search_read', [[], ['name', 'state', 'partner_id']], { order: 'id' })).toEqual([
      { id: 19, name: 'S00019', state: 'sent', partner_id: [8, 'YourCompany, Joel Willis'] },
      { id: 20, name: 'S00020', state: 'sale', partner_id: [8, 'YourCompany, Joel Willis'] },
    ]);
    expect((await portal.ok('sale.order.line', 'search_read', [[], ['order_id', 'name']], { order: 'id' })).map((l: { order_id: [number, string]; name: string }) => [l.order_id[0], l.name])).toEqual([
      [19, '[FURN_6666] Acoustic Bloc Screens'], [19, '[FURN_8888] Office Lamp'], [19, '[FURN_7777] Office Chair'], [20, 'Virtual Interior Design'], [20, 'Virtual Home Staging'],
    ]);
    expect(await portal.call('sale.order', 'read', [[1], ['name']])).toEqual(rule('Joel Willis', 7, 'read'));
  });

  test('cannot change, create, delete or confirm orders', async () => {
    const portal = admin.as(PORTAL);
    expect(await portal.call('sale.order', 'write', [[19], { client_order_ref: 'x' }]))
      .toEqual(acl('modify', ['Invoicing/Billing', 'Sales/Administrator', 'Sales/User: Own Documents Only', 'Technical/Show Full Accounting Features']));
    // the order's name is drawn from the sequence first
    expect(await portal.call('sale.order', 'create', [{ partner_id: 3 }])).toEqual(acl('access', ['Administration/Settings', 'User types/Internal User'], 'Sequence', 'ir.sequence'));
    expect(await portal.call('sale.order', 'unlink', [[19]])).toEqual(acl('delete', ['Sales/Administrator']));
    expect(await portal.call('sale.order', 'action_confirm', [[19]])).toEqual({
      error: 'odoo.exceptions.AccessError',
      message: 'You do not have enough rights to access the fields "message_follower_ids" on Sales Order (sale.order). Please contact your system administrator.\n\n(Operation: read)',
    });
    expect(await portal.call('product.template', 'search_count', [[]]))
      .toEqual(acl('access', ['Administration/Settings', 'Sales/Administrator', 'Sales/User: Own Documents Only', 'User types/Internal User'], 'Product', 'product.template'));
  });

  test('following an order opens it to the customer', async () => {
    const portal = admin.as(PORTAL);
    expect(await portal.ok('sale.order', 'search_count', [[['id', '=', 1]]])).toBe(0);
    // a follower unrelated to Joel Willis (his own commercial entity, partner 8) opens nothing
    await admin.ok('sale.order', 'message_subscribe', [[1]], { partner_ids: [1] });
    expect(await portal.ok('sale.order', 'search_count', [[['id', '=', 1]]])).toBe(0);
    await admin.ok('sale.order', 'message_subscribe', [[1]], { partner_ids: [8] });
    expect(await portal.ok('sale.order', 'search_count', [[['id', '=', 1]]])).toBe(1);
    await admin.ok('sale.order', 'message_unsubscribe', [[1]], { partner_ids: [8] });
    expect(await portal.ok('sale.order', 'search_count', [[['id', '=', 1]]])).toBe(0);
  });
});

describe('strangers', () => {
  test('another portal customer sees no order and reads none', async () => {
    const other = admin.as(stranger);
    expect(await other.ok('sale.order', 'search', [[]])).toEqual([]);
    expect(await other.call('sale.order', 'read', [[19], ['name']])).toEqual(rule('Stranger', stranger.uid, 'read'));
  });

  test('an internal user without sales rights has no access to orders, but reads products', async () => {
    const internal = admin.as(clerk);
    const orderGroups = ['Invoicing/Billing', 'Sales/Administrator', 'Sales/User: Own Documents Only', 'Technical/Show Accounting Features - Readonly', 'Technical/Show Full Accounting Features', 'User types/Portal'];
    expect(await internal.call('sale.order', 'search', [[]])).toEqual(acl('access', orderGroups));
    expect(await internal.call('sale.order', 'read', [[1], ['name']])).toEqual(acl('access', orderGroups));
    expect(await internal.call('sale.order.line', 'search_count', [[]]))
      .toEqual(acl('access', ['Invoicing/Billing', 'Sales/User: Own Documents Only', 'Technical/Show Accounting Features - Readonly', 'Technical/Show Full Accounting Features', 'User types/Portal'], 'Sales Order Line', 'sale.order.line'));
    expect(await internal.ok('product.product', 'search_count', [[]])).toBe(34);
  });

  test('over XML-RPC the refusal is fault 4 with the same message', async () => {
    const r = await py(`
      out(call(lambda: models.execute_kw(DB, ${stranger.uid}, 'stranger-pw', 'sale.order', 'read', [[19], ['name']])))
    `, { url: srv.url, db: srv.db });
    expect(r).toEqual({ faultCode: 4, faultString: ruleMessage('Stranger', stranger.uid, 'read', 'Sales Order', 'sale.order') });
  });
});
