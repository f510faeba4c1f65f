/**
 * Issue 11, wire differences: the public button methods of the res.partner and res.users forms
 * (Odoo 17's base res_partner.py / res_users.py, mail's find_or_create), with the values a real
 * Odoo 17 answers through /web/dataset/call_button (clean_action: 'views' generated, 'tree'
 * read as 'list', a dict without type closes the dialog) and through execute_kw.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { rpc, WebSession } from './helpers';

let srv: TestServer;
let admin: WebSession;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await new WebSession(srv).login('admin');
});
afterAll(async () => { await srv.close(); });

describe('res.partner', () => {
  test('open_commercial_entity', async () => {
    expect((await admin.button('res.partner', 'open_commercial_entity', [[3]])).result).toEqual({
      type: 'ir.actions.act_window', res_model: 'res.partner', view_mode: 'form', res_id: 3, target: 'current', views: [[false, 'form']],
    });
    expect((await rpc(srv, 'admin', 'res.partner', 'open_commercial_entity', [[3]])).result).toEqual({
      type: 'ir.actions.act_window', res_model: 'res.partner', view_mode: 'form', res_id: 3, target: 'current',
    });
    expect((await admin.button('res.partner', 'open_commercial_entity', [[3, 7]])).error)
      .toEqual({ name: 'builtins.ValueError', message: 'Expected singleton: res.partner(3, 7)' });
  });

  test('open_commercial_entity of a contact of a company opens the company', async () => {
    const company = (await rpc(srv, 'admin', 'res.partner', 'create', [{ name: 'Button Corp', is_company: true }])).result;
    const contact = (await rpc(srv, 'admin', 'res.partner', 'create', [{ name: 'Button Person', parent_id: company }])).result;
    expect((await rpc(srv, 'admin', 'res.partner', 'open_commercial_entity', [[contact]])).result.res_id).toBe(company);
    const parent = (await admin.button('res.partner', 'open_parent', [[contact]])).result;
    expect(parent).toMatchObject({ type: 'ir.actions.act_window', res_model: 'res.partner', view_mode: 'form', res_id: company, target: 'new' });
  });

  test('address_get: a dict, which call_button turns into a closing action', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'address_get', [[3]])).result).toEqual({ contact: 3 });
    expect((await rpc(srv, 'admin', 'res.partner', 'address_get', [[10], ['invoice', 'delivery']])).result).toEqual({ contact: 10, delivery: 10, invoice: 10 });
    expect((await admin.button('res.partner', 'address_get', [[3]])).result).toEqual({ contact: 3, type: 'ir.actions.act_window_close' });
  });

  test('main_partner (ids over RPC, False through call_button) and view_header_get', async () => {
    expect((await rpc(srv, 'admin', 'res.partner', 'main_partner', [])).result).toEqual([1]);
    expect((await admin.button('res.partner', 'main_partner', [])).result).toBe(false);
    expect((await rpc(srv, 'admin', 'res.partner', 'view_header_get', [false, 'form'])).result).toBe(false);
    const [tag] = (await rpc(srv, 'admin', 'res.partner.category', 'read', [[1], ['name']])).result;
    expect((await rpc(srv, 'admin', 'res.partner', 'view_header_get', [false, 'form'], { context: { category_id: 1 } })).result).toBe(`Partners: ${tag.name}`);
  });

  test('create_company makes company_name the parent company', async () => {
    const pid = (await rpc(srv, 'admin', 'res.partner', 'create', [{ name: 'Lone Person', company_name: 'Lone Person Ltd', city: 'Namur' }])).result;
    expect((await admin.button('res.partner', 'create_company', [[pid]])).result).toBe(false);
    const [row] = (await rpc(srv, 'admin', 'res.partner', 'read', [[pid], ['parent_id']])).result;
    const [company] = (await rpc(srv, 'admin', 'res.partner', 'read', [[row.parent_id[0]], ['name', 'is_company', 'city']])).result;
    expect(company).toMatchObject({ name: 'Lone Person Ltd', is_company: true, city: 'Namur' });
  });

  test('find_or_create: the partner of the email, else a new one; assert_valid_email', async () => {
    const first = (await rpc(srv, 'admin', 'res.partner', 'find_or_create', ['"Jo" <Jo.Wire@example.com>'])).result;
    expect(typeof first).toBe('number');
    const [row] = (await rpc(srv, 'admin', 'res.partner', 'read', [[first], ['name', 'email']])).result;
    expect(row).toMatchObject({ name: 'Jo', email: 'jo.wire@example.com' });
    expect((await rpc(srv, 'admin', 'res.partner', 'find_or_create', ['jo.wire@example.com'])).result).toBe(first);
    expect((await rpc(srv, 'admin', 'res.partner', 'find_or_create', ['not an email'], { assert_valid_email: true })).error).toEqual({
      name: 'builtins.ValueError', message: '%(email)s is not recognized as a valid email. This is required to create a new customer.',
    });
    expect((await rpc(srv, 'admin', 'res.partner', 'find_or_create', [''])).error)
      .toEqual({ name: 'builtins.ValueError', message: 'An email is required for find_or_create to work' });
  });
});

describe('res.users', () => {
  test('action_show_groups / accesses / rules list what the user has', async () => {
    const groups = (await rpc(srv, 'admin', 'res.users', 'read', [[6], ['groups_id']])).result[0].groups_id;
    expect((await admin.button('res.users', 'action_show_groups', [[6]])).result).toEqual({
      name: 'Groups', view_mode: 'list,form', res_model: 'res.groups', type: 'ir.actions.act_window',
      context: { create: false, delete: false }, domain: [['id', 'in', groups]], target: 'current', views: [[false, 'list'], [false, 'form']],
    });
    expect((await rpc(srv, 'admin', 'res.users', 'action_show_groups', [[6]])).result.view_mode).toBe('tree,form');
    const accesses = (await admin.button('res.users', 'action_show_accesses', [[7]])).result;
    expect(accesses).toMatchObject({ name: 'Access Rights', res_model: 'ir.model.access', view_mode: 'list,form' });
    const portalAcls = (await rpc(srv, 'admin', 'ir.model.access', 'search', [[['group_id', 'in', (await rpc(srv, 'admin', 'res.users', 'read', [[7], ['groups_id']])).result[0].groups_id]]])).result;
    expect([...accesses.domain[0][2]].sort((a: number, b: number) => a - b)).toEqual([...portalAcls].sort((a: number, b: number) => a - b));
    expect((await admin.button('res.users', 'action_show_rules', [[7]])).result).toMatchObject({ name: 'Record Rules', res_model: 'ir.rule' });
    expect((await admin.button('res.users', 'action_show_groups', [[6, 7]])).error)
      .toEqual({ name: 'builtins.ValueError', message: 'Expected singleton: res.users(6, 7)' });
  });

  test('action_revoke_all_devices opens the identity check dialog', async () => {
    expect((await rpc(srv, 'admin', 'res.users', 'action_revoke_all_devices', [[2]], { context: {} })).result).toMatchObject({
      name: 'Log out from all devices?', type: 'ir.actions.act_window', target: 'new', res_model: 'res.users.identitycheck', view_mode: 'form',
      context: { dialog_size: 'medium' },
    });
  });

  test('preference_change_password: identity check, then the change.password.own wizard changes the password', async () => {
    const web = await new WebSession(srv).login('demo');
    const check = (await web.button('res.users', 'preference_change_password', [[web.uid]])).result;
    expect(check).toMatchObject({ type: 'ir.actions.act_window', res_model: 'res.users.identitycheck', name: 'Security Control', target: 'new' });
    await web.kw('res.users.identitycheck', 'write', [[check.res_id], { password: 'demo' }]);
    expect((await web.kw('res.users.identitycheck', 'run_check', [[check.res_id]])).result)
      .toEqual({ type: 'ir.actions.act_window', target: 'new', res_model: 'change.password.own', view_mode: 'form' });
    expect((await web.kw('change.password.own', 'create', [{ new_password: 'a', confirm_password: 'b' }])).error)
      .toEqual({ name: 'odoo.exceptions.ValidationError', message: 'The new password and its confirmation must be identical.' });
    const wiz = (await web.kw('change.password.own', 'create', [{ new_password: 'demo2', confirm_password: 'demo2' }])).result;
    expect((await web.button('change.password.own', 'change_password', [[wiz]])).result).toEqual({ type: 'ir.actions.client', tag: 'reload' });
    expect((await rpc(srv, 'demo', 'res.users', 'read', [[6], ['login']])).error?.name).toBe('odoo.exceptions.AccessDenied');
    const c = (await new WebSession(srv).client.service('common', 'authenticate', srv.db, 'demo', 'demo2', {}));
    expect(c.result).toBe(6);
    // back to the demo password, through the administrators' wizard
    const action = await admin.kw('change.password.wizard', 'create', [{}], { context: { active_model: 'res.users', active_ids: [6] } });
    const [line] = (await admin.kw('change.password.wizard', 'read', [[action.result], ['user_ids']])).result[0].user_ids;
    expect((await admin.kw('change.password.user', 'read', [[line], ['user_id', 'user_login', 'new_passwd']])).result)
      .toEqual([{ id: line, user_id: [6, 'Marc Demo'], user_login: 'demo', new_passwd: '' }]);
    await admin.kw('change.password.user', 'write', [[line], { new_passwd: 'demo' }]);
    expect((await admin.button('change.password.wizard', 'change_password_button', [[action.result]])).result).toEqual({ type: 'ir.actions.act_window_close' });
    expect((await rpc(srv, 'demo', 'res.users', 'read', [[6], ['login']])).result).toEqual([{ id: 6, login: 'demo' }]);
  });
});
