/**
 * Views, actions and menus as Odoo 17 answers them (expected values recorded on the reference
 * server, ref_default; ids differ from Odoo's, so records are compared by xml id):
 * get_views / get_view, default views, view inheritance and per-user post-processing,
 * /web/action/load, /web/webclient/load_menus, ir.actions.actions.get_bindings.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { PROTOCOLS, jsonKw, webLogin, type Login } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer({ db_name: ['viewsdb'] }); });
afterAll(() => srv.close());

async function xmlids(model: string, ids: number[]): Promise<Record<string, string>> {
  const rows = (await jsonKw(srv, 'admin', 'ir.model.data', 'search_read', [[['model', '=', model], ['res_id', 'in', ids]]], { fields: ['module', 'name', 'res_id'] })).result;
  return Object.fromEntries(rows.map((r: any) => [String(r.res_id), `${r.module}.${r.name}`]));
}

async function cookieOf(login: Login): Promise<string> {
  const c = await webLogin(srv, login);
  return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('load_menus', () => {
  // [xml id, name, children, app, action model, web icon] in Odoo's order (recorded on ref_default)
  const ADMIN = [
    ['base.menu_action_res_users', 'Users', [], 'base.menu_administration', 'ir.actions.act_window', false],
    ['base_setup.menu_config', 'General Settings', [], 'base.menu_administration', 'ir.actions.act_window', false],
    ['base.menu_users', 'Users & Companies', ['base.menu_action_res_users', 'base.menu_action_res_company_form'], 'base.menu_administration', false, false],
    ['base.menu_apps', 'Apps', ['base.menu_module_tree', 'base.menu_theme_store', 'base.menu_third_party'], 'base.menu_management', false, false],
    ['base.menu_module_tree', 'Main Apps', [], 'base.menu_management', 'ir.actions.act_window', false],
    ['mail.menu_root_discuss', 'Discuss', [], 'mail.menu_root_discuss', 'ir.actions.client', 'mail,static/description/icon.png'],
    ['base.menu_theme_store', 'Theme Store', [], 'base.menu_management', 'ir.actions.act_url', false],
    ['base.menu_action_res_company_form', 'Companies', [], 'base.menu_administration', 'ir.actions.act_window', false],
    ['base.menu_third_party', 'Third-Party Apps', [], 'base.menu_management', 'ir.actions.act_url', false],
    ['base.menu_management', 'Apps', ['base.menu_apps'], 'base.menu_management', 'ir.actions.act_window', 'base,static/description/modules.png'],
    ['base.menu_administration', 'Settings', ['base_setup.menu_config', 'base.menu_users'], 'base.menu_administration', 'ir.actions.act_window', 'base,static/description/settings.png'],
    ['root', 'root', ['mail.menu_root_discuss', 'base.menu_management', 'base.menu_administration'], false, false, null],
  ];
  const DEMO = [
    ['base.menu_apps', 'Apps', ['base.menu_module_tree', 'base.menu_theme_store', 'base.menu_third_party'], 'base.menu_management', false, false],
    ['base.menu_module_tree', 'Main Apps', [], 'base.menu_management', 'ir.actions.act_window', false],
    ['mail.menu_root_discuss', 'Discuss', [], 'mail.menu_root_discuss', 'ir.actions.client', 'mail,static/description/icon.png'],
    ['base.menu_theme_store', 'Theme Store', [], 'base.menu_management', 'ir.actions.act_url', false],
    ['base.menu_third_party', 'Third-Party Apps', [], 'base.menu_management', 'ir.actions.act_url', false],
    ['base.menu_management', 'Apps', ['base.menu_apps'], 'base.menu_management', 'ir.actions.act_window', 'base,static/description/modules.png'],
    ['root', 'root', ['mail.menu_root_discuss', 'base.menu_management'], false, false, null],
  ];

  test.each([['admin', ADMIN], ['demo', DEMO]] as const)('%s sees the menus Odoo shows them, in its order', async (login, expected) => {
    const res = await fetch(`${srv.url}/web/webclient/load_menus/abc`, { headers: { Cookie: await cookieOf(login) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000');
    const text = await res.text();
    // Python's json.dumps separators
    expect(text.startsWith('{"')).toBe(true);
    expect(text).toContain('", "name": ');
    const menus = JSON.parse(text) as Record<string, any>;
    const byId = Object.fromEntries(Object.values(menus).map((m: any) => [String(m.id), m]));
    const keysInOrder = text.match(/(?:^\{|, )"(\w+)": \{"id"/g)!.map((k) => k.replace(/^(\{|, )"/, '').replace(/": \{"id"$/, ''));
    const got = keysInOrder.map((k) => {
      const m = menus[k];
      return [m.xmlid || 'root', m.name, m.children.map((c: number) => byId[String(c)].xmlid), m.appID ? byId[String(m.appID)].xmlid : false, m.actionModel, m.webIcon];
    });
    expect(got).toEqual(expected);
    // app icons are served as data, apps open the action of their first child with one
    expect(Object.values(menus).find((m: any) => m.xmlid === 'base.menu_management')).toMatchObject({ webIconDataMimetype: 'image/png', webIconData: expect.stringMatching(/^iVBORw0KGgo/) });
    expect(menus.root).toMatchObject({ id: 'root', appID: false, xmlid: '', actionID: false, webIconData: null, backgroundImage: null });
  });

  test('without a session the route sends the browser to the login page', async () => {
    const res = await fetch(`${srv.url}/web/webclient/load_menus/abc`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/web/login?redirect=%2Fweb%2Fwebclient%2Fload_menus%2Fabc%3F');
  });

  test('ir.ui.menu searches only see the menus the user may open; a portal user has no access', async () => {
    // recorded for Marc Demo on ref_default (Odoo filters by groups and action rights, not by the parents' groups);
    // ours are those of them whose models the emulator has
    const REF = ['Apps', 'Apps/Apps', 'Apps/Apps/Main Apps', 'Apps/Apps/Theme Store', 'Apps/Apps/Third-Party Apps', 'Discuss', 'Settings/Technical/Actions', 'Settings/Technical/Actions/Reports', 'Settings/Technical/Actions/User-defined Defaults', 'Settings/Technical/Database Structure', 'Settings/Technical/Database Structure/Attachments', 'Settings/Technical/Discuss', 'Settings/Technical/Discuss/Activities', 'Settings/Technical/Discuss/Activity Plans', 'Settings/Technical/Discuss/Activity Types', 'Settings/Technical/Discuss/GIF favorite', 'Settings/Technical/Discuss/Guests', 'Settings/Technical/Discuss/Messages', 'Settings/Technical/Discuss/Subtypes', 'Settings/Technical/Discuss/User Settings', 'Settings/Technical/Email', 'Settings/Technical/Email/Email Templates', 'Settings/Technical/Email/Snailmail Letters', 'Settings/Technical/IAP', 'Settings/Technical/IAP/IAP Accounts', 'Settings/Technical/Phone / SMS', 'Settings/Technical/Phone / SMS/SMS Templates', 'Settings/Technical/Sequences & Identifiers/Sequences', 'Settings/Technical/User Interface', 'Settings/Technical/User Interface/Menu Items', 'Settings/Technical/User Interface/Tours', 'Settings/Technical/User Interface/User-defined Filters', 'Settings/Translations/Import / Export/Export Translation', 'Settings/Translations/Languages', 'Settings/Users & Companies', 'Settings/Users & Companies/Companies', 'Settings/Users & Companies/Users'];
    const demo = (await jsonKw(srv, 'demo', 'ir.ui.menu', 'search_read', [[]], { fields: ['complete_name'] })).result.map((m: any) => m.complete_name).sort();
    expect(demo.filter((n: string) => !REF.includes(n))).toEqual([]);
    expect(demo).toEqual(expect.arrayContaining(['Apps/Apps/Main Apps', 'Discuss', 'Settings/Technical/Actions/Reports', 'Settings/Technical/User Interface/Menu Items', 'Settings/Users & Companies/Users']));
    expect(demo).not.toContain('Settings/Technical/Automation/Scheduled Actions');
    expect((await jsonKw(srv, 'portal', 'ir.ui.menu', 'search', [[]])).error!.message).toBe("You are not allowed to access 'Menu' (ir.ui.menu) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\t- User types/Internal User\n\nContact your administrator to request access if necessary.");
  });
});

describe('/web/action/load', () => {
  test('a window action reads like Odoo 17 (values recorded on ref_default; view ids by xml id)', async () => {
    const c = await webLogin(srv, 'admin');
    const r = await c.call('/web/action/load', { action_id: 'base.action_partner_form' });
    const a = r.result;
    expect(a).toMatchObject({
      name: 'Customers', type: 'ir.actions.act_window', xml_id: 'base.action_partner_form', binding_model_id: false, binding_type: 'action',
      binding_view_types: 'list,form', display_name: 'Customers', view_id: false, domain: false, context: "{'res_partner_search_mode': 'customer'}",
      res_id: 0, res_model: 'res.partner', target: 'current', view_mode: 'kanban,list,form,activity', mobile_view_mode: 'kanban', limit: 80,
      groups_id: [], filter: false,
    });
    const ids = await xmlids('ir.ui.view', [...a.views.map((v: any[]) => v[0]).filter(Boolean), a.search_view_id[0]]);
    expect(a.views.map(([id, mode]: [number | false, string]) => [id ? ids[String(id)] : false, mode])).toEqual([
      ['base.res_partner_kanban_view', 'kanban'], ['base.view_partner_tree', 'list'], ['base.view_partner_form', 'form'], [false, 'activity']]);
    expect(ids[String(a.search_view_id[0])]).toBe('base.view_res_partner_filter');
    expect(a.search_view_id[1]).toBe('res.partner.select');
    expect(Object.keys(a).sort()).toEqual(['binding_model_id', 'binding_type', 'binding_view_types', 'context', 'display_name', 'domain', 'filter', 'groups_id', 'help', 'id', 'limit', 'mobile_view_mode', 'name', 'res_id', 'res_model', 'search_view_id', 'target', 'type', 'view_id', 'view_mode', 'views', 'xml_id']);
    // by id as well, and other kinds
    expect((await c.call('/web/action/load', { action_id: a.id })).result.xml_id).toBe('base.action_partner_form');
    expect((await c.call('/web/action/load', { action_id: 'mail.action_discuss' })).result).toMatchObject({ type: 'ir.actions.client', tag: 'mail.action_discuss', params: { default_active_id: 'mail.box_inbox' }, target: 'current', context: '{}' });
    expect((await c.call('/web/action/load', { action_id: 'base.action_theme_store' })).result).toMatchObject({ type: 'ir.actions.act_url', url: 'https://apps.odoo.com/apps/themes', target: 'new' });
  });

  test("an unknown xml id is Odoo's MissingError, an unknown id answers false", async () => {
    const c = await webLogin(srv, 'demo');
    const r = await c.call('/web/action/load', { action_id: 'nonexistent.x' });
    expect(r.error.data).toMatchObject({ name: 'odoo.exceptions.MissingError', message: "The action 'nonexistent.x' does not exist." });
    expect((await c.call('/web/action/load', { action_id: 'base.main_partner' })).error.data.message).toBe("The action 'base.main_partner' does not exist.");
    expect((await c.call('/web/action/load', { action_id: 99999 })).result).toBe(false);
  });
});

describe('/web/action/run', () => {
  test('runs a server action with the given context and answers the cleaned action (recorded on ref_default)', async () => {
    const admin = await webLogin(srv, 'admin');
    const [, actionId] = (await jsonKw(srv, 'admin', 'ir.model.data', 'check_object_reference', ['portal', 'partner_wizard_action_create_and_open'])).result;
    for (const login of ['admin', 'demo'] as const) {
      const c = login === 'admin' ? admin : await webLogin(srv, login);
      const r = (await c.call('/web/action/run', { action_id: actionId, context: { active_model: 'res.partner', active_ids: [3], active_id: 3 } })).result;
      const { res_id: wizardId, ...rest } = r;
      expect(rest).toEqual({ name: 'Portal Access Management', res_model: 'portal.wizard', target: 'new', type: 'ir.actions.act_window', view_mode: 'form', views: [[false, 'form']] });
      // the wizard was created for the context's partner
      const lines = (await jsonKw(srv, 'admin', 'portal.wizard.user', 'search_read', [[['wizard_id', '=', wizardId]]], { fields: ['partner_id'] })).result;
      expect(lines.map((l: any) => l.partner_id[0])).toEqual([3]);
    }
    const missing = await admin.call('/web/action/run', { action_id: 999999 });
    expect(missing.error.data).toMatchObject({ name: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: ir.actions.server(999999,), User: 2)' });
    expect((await admin.call('/web/action/run', {})).error.data.message).toBe("Action.run() missing 1 required positional argument: 'action_id'");
  });
});

describe('get_views / get_view', () => {
  test.each(PROTOCOLS)('answer shape over %s: views per type with arch/id/model/toolbar, filters, and the fields each model uses', async (_p, kw) => {
    const r = (await kw(srv, 'admin', 'res.partner', 'get_views', [[[false, 'form'], [false, 'list'], [false, 'search']]], { options: { toolbar: true, load_filters: true } })).result;
    expect(Object.keys(r)).toEqual(['views', 'models']);
    expect(Object.keys(r.views)).toEqual(['form', 'list', 'search']);
    for (const v of Object.values(r.views) as any[]) {
      expect(Object.keys(v).slice(0, 4)).toEqual(['arch', 'id', 'model', 'toolbar']);
      expect(v.model).toBe('res.partner');
    }
    const ids = await xmlids('ir.ui.view', [r.views.form.id, r.views.list.id, r.views.search.id]);
    expect([ids[String(r.views.form.id)], ids[String(r.views.list.id)], ids[String(r.views.search.id)]]).toEqual(['base.view_partner_form', 'base.view_partner_tree', 'base.view_res_partner_filter']);
    expect(r.views.search.filters).toEqual([]);
    expect(r.views.form.arch).toMatch(/^<form string="Contact">/);
    // relational fields carry the user's rights on their comodel
    expect(r.views.form.arch).toContain('<field name="company_id" can_create="True" can_write="True"/>');
    // the search view describes every field of the model, with get_views' attributes
    expect(r.models['res.partner'].name).toEqual({ change_default: false, name: 'name', readonly: false, required: false, searchable: true, sortable: true, store: true, string: 'Name', translate: false, trim: true, type: 'char' });
    expect(Object.keys(r.models['res.partner'])).toContain('write_date');
    // the portal wizard is bound to contacts (list and form)
    expect(r.views.form.toolbar.action).toEqual([{ id: expect.any(Number), name: 'Grant portal access', binding_view_types: 'list,form', sequence: 5 }]);
    expect(r.views.list.toolbar.action.map((a: any) => a.name)).toEqual(['Grant portal access']);
    expect(r.views.search.toolbar).toEqual({});
  });

  test('access rights shape the arch per user: can_create/can_write, create/delete/edit', async () => {
    const demo = (await jsonKw(srv, 'demo', 'res.partner', 'get_views', [[[false, 'form']]], {})).result;
    // recorded: Marc Demo may not create or write companies
    expect(demo.views.form.arch).toContain('<field name="company_id" can_create="False" can_write="False"/>');
    const currency = (await jsonKw(srv, 'demo', 'res.currency', 'get_view', [], { view_type: 'tree' })).result;
    expect(currency.arch).toMatch(/^<tree string="Currency" create="False" delete="False" edit="False">/);
    expect((await jsonKw(srv, 'portal', 'res.country', 'get_views', [[[false, 'form']]], {})).result.views.form.arch).toMatch(/create="False" delete="False" edit="False"/);
  });

  test('a model without views gets the default ones (arch recorded on ref_default)', async () => {
    const r = (await jsonKw(srv, 'admin', 'ir.exports', 'get_views', [[[false, 'form'], [false, 'list']]], {})).result;
    expect(r.views.form).toEqual({
      arch: '<form><sheet string="Exports"><group><group><field name="name"/></group><group><field name="resource"/></group></group><group><field name="export_fields"><tree string="Exports Line"><field name="name"/></tree></field></group><group/><group><separator/></group></sheet></form>',
      id: false, model: 'ir.exports',
    });
    expect(r.views.list).toEqual({ arch: '<tree string="Exports"><field name="name"/></tree>', id: false, model: 'ir.exports' });
    expect(Object.fromEntries(Object.entries(r.models).map(([m, f]) => [m, Object.keys(f as object).sort()]))).toEqual({
      'ir.exports': ['export_fields', 'id', 'name', 'resource', 'write_date'], 'ir.exports.line': ['id', 'name', 'write_date'],
    });
    expect((await jsonKw(srv, 'admin', 'ir.exports', 'get_view', [], { view_type: 'kanban' })).error!.message).toBe("No default view of type 'kanban' could be found!");
  });

  test('inheriting views apply their specs; groups hide nodes from other users', async () => {
    const [base] = (await jsonKw(srv, 'admin', 'ir.ui.view', 'search', [[['model', '=', 'res.bank'], ['type', '=', 'form']]], { limit: 1 })).result ? [(await jsonKw(srv, 'admin', 'ir.ui.view', 'search', [[['model', '=', 'res.bank'], ['type', '=', 'form']]], { limit: 1 })).result[0]] : [];
    const created = await jsonKw(srv, 'admin', 'ir.ui.view', 'create', [{
      name: 'res.bank.form.extra', model: 'res.bank', inherit_id: base,
      arch: '<data><xpath expr="//field[@name=\'name\']" position="after"><separator string="Secret" groups="base.group_system"/></xpath><field name="bic" position="attributes"><attribute name="readonly">1</attribute></field></data>',
    }]);
    expect(created.error).toBeUndefined();
    const [view] = (await jsonKw(srv, 'admin', 'ir.ui.view', 'read', [[created.result], ['mode', 'type', 'inherit_id']])).result;
    expect(view).toMatchObject({ mode: 'extension', type: 'form', inherit_id: [base, expect.any(String)] });
    const admin = (await jsonKw(srv, 'admin', 'res.bank', 'get_view', [], { view_type: 'form' })).result.arch;
    expect(admin).toMatch(/<field name="name"\/><separator string="Secret"\/>/);
    expect(admin).toContain('<field name="bic" readonly="1"/>');
    const demo = (await jsonKw(srv, 'demo', 'res.bank', 'get_view', [], { view_type: 'form' })).result.arch;
    expect(demo).not.toContain('Secret');
    const bad = await jsonKw(srv, 'admin', 'ir.ui.view', 'create', [{ name: 'broken', model: 'res.bank', inherit_id: base, arch: '<xpath expr="//field[@name=\'nope\']" position="after"><field name="email"/></xpath>' }]);
    expect(bad.error!.name).toBe('odoo.exceptions.ValidationError');
    expect(bad.error!.message).toContain('Element \'<xpath expr="//field[@name=\'nope\']" position="after">\' cannot be located in parent view');
    await jsonKw(srv, 'admin', 'ir.ui.view', 'unlink', [[created.result]]);
  });

  test('Odoo 17 has no fields_view_get / load_views any more (recorded)', async () => {
    for (const m of ['fields_view_get', 'load_views']) {
      const r = await jsonKw(srv, 'admin', 'res.partner', m, []);
      expect(r.error!.message).toBe(`The method '${m}' does not exist on the model 'res.partner'`);
    }
  });

  test('ir.ui.view is readable by administrators only, as in Odoo', async () => {
    expect((await jsonKw(srv, 'demo', 'ir.ui.view', 'search_count', [[]])).error!.message).toMatch(/^You are not allowed to access 'View' \(ir\.ui\.view\) records\./);
    const [v] = (await jsonKw(srv, 'admin', 'ir.ui.view', 'search_read', [[['model', '=', 'res.country'], ['type', '=', 'form']]], { fields: ['name', 'type', 'mode', 'priority', 'arch_fs', 'xml_id', 'active'] })).result;
    expect(v).toMatchObject({ name: 'res.country.form', type: 'form', mode: 'primary', priority: 16, arch_fs: 'base/views/base_views.xml', xml_id: 'base.view_country_form', active: true });
  });
});

describe('ir.actions.actions', () => {
  test('get_bindings lists the actions bound to a model that the user may run', async () => {
    // recorded: the server action of portal, with its sequence; user actions need Access Rights
    const admin = (await jsonKw(srv, 'admin', 'ir.actions.actions', 'get_bindings', ['res.partner'])).result;
    expect(admin).toEqual({ action: [{ id: expect.any(Number), name: 'Grant portal access', binding_view_types: 'list,form', sequence: 5 }] });
    const users = (await jsonKw(srv, 'admin', 'ir.actions.actions', 'get_bindings', ['res.users'])).result;
    expect(users.action.map((a: any) => a.name)).toEqual(['Disable two-factor authentication', 'Send Password Reset Instructions']);
    expect((await jsonKw(srv, 'demo', 'ir.actions.actions', 'get_bindings', ['res.users'])).result).toEqual({});
    expect((await jsonKw(srv, 'admin', 'ir.actions.actions', 'get_bindings', ['res.country'])).result).toEqual({});
  });

  test('every kind shares the ir.actions.actions ids; a kind only sees its own records', async () => {
    const all = (await jsonKw(srv, 'admin', 'ir.actions.actions', 'search_read', [[['name', 'in', ['Customers', 'Discuss', 'Theme Store']]]], { fields: ['name', 'type'], order: 'id' })).result;
    expect(all.map((a: any) => a.type).sort()).toEqual(['ir.actions.act_url', 'ir.actions.act_window', 'ir.actions.act_window', 'ir.actions.client']);
    const client = all.find((a: any) => a.type === 'ir.actions.client');
    expect((await jsonKw(srv, 'admin', 'ir.actions.act_window', 'search', [[['id', '=', client.id]]])).result).toEqual([]);
    expect((await jsonKw(srv, 'admin', 'ir.actions.act_window', 'read', [[client.id], ['name']])).result).toEqual([]);
    const created = (await jsonKw(srv, 'admin', 'ir.actions.act_window', 'create', [{ res_model: 'res.bank' }])).result;
    const [row] = (await jsonKw(srv, 'admin', 'ir.actions.act_window', 'read', [[created], ['name', 'type', 'view_mode', 'context', 'views']])).result;
    expect(row).toEqual({ id: created, name: 'Bank', type: 'ir.actions.act_window', view_mode: 'tree,form', context: '{}', views: [[false, 'tree'], [false, 'form']] });
    expect((await jsonKw(srv, 'admin', 'ir.actions.act_window', 'create', [{ name: 'X', res_model: 'no.such.model' }])).error!.message).toBe("Invalid model name 'no.such.model' in action definition.");
    expect((await jsonKw(srv, 'admin', 'ir.actions.client', 'create', [{ tag: 'x' }])).error!.message).toMatch(/Model: Client Action \(ir\.actions\.client\)\nField: Action Name \(name\)/);
  });
});
