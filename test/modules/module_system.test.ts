/**
 * Modules: the module list of a fresh database (as a real Odoo 17 with the default set), and
 * installing / upgrading / uninstalling a module over RPC the way the Apps screen and clients do
 * it (ir_module.py), with the answers and errors recorded from a real Odoo 17.
 */
import path from 'path';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { builtinCatalog } from '../../models/database';
import { defineManifest } from '../../models/modules/manifest';
import type { ModelDecl } from '../../models/orm/registry';

const DIR = path.join(__dirname, 'x_library');

const book: ModelDecl = {
  _name: 'x.library.book',
  _description: 'Library Book',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Title', required: true },
    pages: { type: 'integer', string: 'Pages' },
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', ondelete: 'set null' },
    active: { type: 'boolean', default: true },
  },
};
const partnerExtension: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    x_reader_level: { type: 'selection', selection: [['novice', 'Novice'], ['expert', 'Expert']], string: 'Reader Level', default: 'novice' },
    x_book_ids: { type: 'one2many', comodel: 'x.library.book', inverse_name: 'author_id', string: 'Books' },
    x_name_length: { type: 'integer', string: 'Name Length', compute: '_compute_x_name_length', store: true, depends: ['name'] },
  },
  methods: (Base) => class extends Base {
    _compute_x_name_length(): Map<number, unknown> {
      const vals = this._values(['name']);
      return new Map(this.ids.map((id) => [id, String(vals.get(id)?.name || '').length]));
    }
  },
};

function testCatalog() {
  const catalog = builtinCatalog();
  catalog.add(defineManifest({
    name: 'x_library', shortdesc: 'Library', version: '1.2', category: 'Productivity/Library', depends: ['mail'],
    data: ['security/ir.model.access.csv', 'data/x_library_data.xml'], demo: ['demo/x_library_demo.xml'],
    models: [book, partnerExtension], application: true, summary: 'Books and readers',
  }, DIR));
  // completes x_library + portal: comes along automatically
  catalog.add(defineManifest({ name: 'x_library_portal', shortdesc: 'Library Portal', version: '1.0', depends: ['x_library', 'portal'], auto_install: true }, DIR));
  catalog.add(defineManifest({ name: 'x_broken', shortdesc: 'Broken', version: '1.0', depends: ['x_does_not_exist'] }, DIR));
  return catalog;
}

/** The modules a real Odoo 17 database created with our default set has installed (ref_default). */
const ODOO_DEFAULT_INSTALLED = [
  'auth_signup', 'auth_totp', 'auth_totp_mail', 'auth_totp_portal', 'base', 'base_import', 'base_import_module',
  'base_install_request', 'base_setup', 'bus', 'google_gmail', 'http_routing', 'iap', 'iap_mail', 'mail', 'mail_bot',
  'partner_autocomplete', 'phone_validation', 'portal', 'privacy_lookup', 'sms', 'snailmail', 'web', 'web_editor',
  'web_tour', 'web_unsplash',
];

let server: TestServer;
let c: JsonClient;

function kw(db: string, login: string, password: string, uid: number) {
  return async (model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) => {
    const r = await c.service('object', 'execute_kw', db, uid, password, model, method, args, kwargs);
    if (r.error) return { error: r.error.data };
    return r.result;
  };
}

beforeAll(async () => {
  server = await startTestServer({ db_name: ['modtest', 'other'] }, { catalog: testCatalog() });
  c = new JsonClient(server.url);
});
afterAll(() => server.close());

describe('module list of a fresh database', () => {
  test('the installed modules are those of a real Odoo 17 database with the default set', async () => {
    const x = kw('other', 'admin', 'admin', 2);
    const rows = await x('ir.module.module', 'search_read', [[['state', '=', 'installed']]], { fields: ['name'], order: 'name' });
    expect(rows.map((r: { name: string }) => r.name)).toEqual(ODOO_DEFAULT_INSTALLED);
  });

  test('modules read like Odoo: versions, categories, dependencies, demo flag, order', async () => {
    const x = kw('other', 'admin', 'admin', 2);
    const [mail] = await x('ir.module.module', 'search_read', [[['name', '=', 'mail']]], {
      fields: ['shortdesc', 'latest_version', 'installed_version', 'category_id', 'application', 'auto_install', 'license', 'demo', 'state', 'sequence', 'author', 'website', 'summary'],
    });
    expect(mail).toMatchObject({
      shortdesc: 'Discuss', latest_version: '17.0.1.15', installed_version: '17.0.1.15', application: true, auto_install: false,
      license: 'LGPL-3', demo: true, state: 'installed', sequence: 145, author: 'Odoo S.A.', website: 'https://www.odoo.com/app/discuss',
      summary: 'Chat, mail gateway and private channels',
    });
    expect(mail.category_id[1]).toBe('Discuss');
    const deps = await x('ir.module.module.dependency', 'search_read', [[['module_id', '=', mail.id]]], { fields: ['name', 'state', 'depend_id', 'auto_install_required'], order: 'name' });
    expect(deps.map((d: { name: string }) => d.name)).toEqual(['base', 'base_setup', 'bus', 'web_tour']);
    expect(deps.every((d: { state: string; depend_id: unknown }) => d.state === 'installed' && Array.isArray(d.depend_id))).toBe(true);
    // _order = 'application desc,sequence,name': applications first
    const first = await x('ir.module.module', 'search_read', [[['state', '=', 'installed']]], { fields: ['name'], limit: 2 });
    expect(first.map((r: { name: string }) => r.name)).toEqual(['mail', 'auth_signup']);
    // modules we can install are listed, not installed
    const lib = await x('ir.module.module', 'search_read', [[['name', '=', 'x_library']]], { fields: ['state', 'latest_version', 'installed_version', 'demo'] });
    expect(lib[0]).toMatchObject({ state: 'uninstalled', latest_version: false, installed_version: '17.0.1.2', demo: false });
  });

  test('an internal user may read the module list (base_install_request) but not install', async () => {
    const demo = kw('other', 'demo', 'demo', 6);
    const rows = await demo('ir.module.module', 'search_read', [[['name', '=', 'x_library']]], { fields: ['name'] });
    expect(rows).toHaveLength(1);
    const r = await demo('ir.module.module', 'button_immediate_install', [[rows[0].id]]);
    expect(r.error).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    const portal = kw('other', 'portal', 'portal', 7);
    const p = await portal('ir.module.module', 'search_read', [[]], { fields: ['name'], limit: 1 });
    expect(p.error.name).toBe('odoo.exceptions.AccessError');
  });
});

describe('installing a module over RPC', () => {
  let x: ReturnType<typeof kw>;
  let libId: number;
  beforeAll(async () => {
    x = kw('modtest', 'admin', 'admin', 2);
    [libId] = await x('ir.module.module', 'search', [[['name', '=', 'x_library']]]);
  });

  test('before: the model does not exist', async () => {
    const r = await x('x.library.book', 'search', [[]]);
    expect(r.error).toMatchObject({ name: 'odoo.exceptions.UserError', message: "Object x.library.book doesn't exist" });
  });

  test('button_immediate_install answers the next action and installs the module with its auto_install follower', async () => {
    expect(await x('ir.module.module', 'button_immediate_install', [[libId]])).toEqual({ type: 'ir.actions.act_url', target: 'self', url: '/web' });
    const mods = await x('ir.module.module', 'search_read', [[['name', 'in', ['x_library', 'x_library_portal']]]], { fields: ['name', 'state', 'demo', 'latest_version'], order: 'name' });
    expect(mods).toEqual([
      { id: expect.any(Number), name: 'x_library', state: 'installed', demo: true, latest_version: '17.0.1.2' },
      { id: expect.any(Number), name: 'x_library_portal', state: 'installed', demo: true, latest_version: '17.0.1.0' },
    ]);
  });

  test('its models, data, demo data and access rights are there', async () => {
    const books = await x('x.library.book', 'search_read', [[]], { fields: ['name', 'pages', 'author_id'] });
    expect(books.map((b: { name: string }) => b.name)).toEqual(['Demo Book', 'The Iliad', 'The Odyssey']);
    expect(books[0].author_id[1]).toBe('Wood Corner');
    const xmlids = await x('x.library.book', 'get_external_id', [books.map((b: { id: number }) => b.id)]);
    expect(Object.values(xmlids).sort()).toEqual(['x_library.book_demo', 'x_library.book_iliad', 'x_library.book_odyssey']);
    const demo = kw('modtest', 'demo', 'demo', 6);
    expect(await demo('x.library.book', 'search_count', [[]])).toBe(3);
    const del = await demo('x.library.book', 'unlink', [[books[0].id]]);
    expect(del.error.name).toBe('odoo.exceptions.AccessError');
    const model = await x('ir.model', 'search_read', [[['model', '=', 'x.library.book']]], { fields: ['name', 'modules'] });
    expect(model[0]).toMatchObject({ name: 'Library Book', modules: 'x_library' });
  });

  test('new fields on existing records get their default and stored computes are computed', async () => {
    const [p] = await x('res.partner', 'read', [[3]], { fields: ['name', 'x_reader_level', 'x_name_length'] });
    // base.partner_admin was set by the module's data; others got the default
    expect(p).toMatchObject({ x_reader_level: 'expert', x_name_length: p.name.length });
    const [q] = await x('res.partner', 'read', [[1]], { fields: ['name', 'x_reader_level', 'x_name_length'] });
    expect(q).toMatchObject({ x_reader_level: 'novice', x_name_length: q.name.length });
    const fields = await x('res.partner', 'fields_get', [['x_reader_level']], { attributes: ['type', 'selection'] });
    expect(fields.x_reader_level).toEqual({ type: 'selection', selection: [['novice', 'Novice'], ['expert', 'Expert']] });
  });

  test('another database is unaffected', async () => {
    const other = kw('other', 'admin', 'admin', 2);
    expect((await other('x.library.book', 'search', [[]])).error.message).toBe("Object x.library.book doesn't exist");
    expect(await other('res.partner', 'fields_get', [['x_reader_level']])).toEqual({});
  });

  test('button_immediate_upgrade reloads data, keeping noupdate records', async () => {
    const [iliad] = await x('x.library.book', 'search', [[['name', '=', 'The Iliad']]]);
    const [odyssey] = await x('x.library.book', 'search', [[['name', '=', 'The Odyssey']]]);
    await x('x.library.book', 'write', [[iliad, odyssey], { pages: 1 }]);
    expect(await x('ir.module.module', 'button_immediate_upgrade', [[libId]])).toEqual({ type: 'ir.actions.act_url', target: 'self', url: '/web' });
    const rows = await x('x.library.book', 'read', [[iliad, odyssey], ['pages']]);
    expect(rows.map((r: { pages: number }) => r.pages)).toEqual([1, 541]);
  });

  test('button_install answers the upgrade wizard action, and base.module.upgrade applies it', async () => {
    const [libPortal] = await x('ir.module.module', 'search', [[['name', '=', 'x_library_portal']]]);
    expect(await x('ir.module.module', 'button_immediate_uninstall', [[libPortal]])).toEqual({ type: 'ir.actions.act_url', target: 'self', url: '/web' });
    expect(await x('ir.module.module', 'button_install', [[libPortal]])).toEqual({ view_mode: 'form', res_model: 'base.module.upgrade', target: 'new', type: 'ir.actions.act_window', name: 'Install' });
    const wiz = await x('base.module.upgrade', 'create', [{}]);
    const [info] = await x('base.module.upgrade', 'read', [[wiz], ['module_info']]);
    expect(info.module_info).toBe('x_library_portal: to install');
    expect(await x('base.module.upgrade', 'upgrade_module', [[wiz]])).toEqual({ type: 'ir.actions.act_window_close' });
    const [row] = await x('ir.module.module', 'read', [[libPortal], ['state']]);
    expect(row.state).toBe('installed');
  });

  test('errors are Odoo\'s', async () => {
    const [base] = await x('ir.module.module', 'search', [[['name', '=', 'base']]]);
    expect((await x('ir.module.module', 'button_uninstall', [[base]])).error).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'Those modules cannot be uninstalled: base' });
    const [broken] = await x('ir.module.module', 'search', [[['name', '=', 'x_broken']]]);
    expect((await x('ir.module.module', 'button_immediate_upgrade', [[broken]])).error.message).toBe("Can not upgrade module 'x_broken'. It is not installed.");
    expect((await x('ir.module.module', 'button_immediate_uninstall', [[broken]])).error.message)
      .toBe('One or more of the selected modules have already been uninstalled, if you believe this to be an error, you may try again later or contact support.');
    expect((await x('ir.module.module', 'button_immediate_install', [[broken]])).error).toMatchObject({
      name: 'odoo.exceptions.UserError',
      message: "You try to install module 'x_broken' that depends on module 'x_does_not_exist'.\nBut the latter module is not available in your system.",
    });
    // the failed install left nothing behind
    const [b] = await x('ir.module.module', 'read', [[broken], ['state']]);
    expect(b.state).toBe('uninstalled');
    expect((await x('ir.module.module', 'unlink', [[libId]])).error.message).toBe('You are trying to remove a module that is installed or will be installed.');
  });

  test('button_immediate_uninstall removes the module, its dependents, models, fields and data', async () => {
    expect(await x('ir.module.module', 'button_immediate_uninstall', [[libId]])).toEqual({ type: 'ir.actions.act_url', target: 'self', url: '/web' });
    const mods = await x('ir.module.module', 'search_read', [[['name', 'in', ['x_library', 'x_library_portal']]]], { fields: ['name', 'state', 'latest_version', 'demo'], order: 'name' });
    expect(mods.map((m: { state: string; latest_version: unknown; demo: boolean }) => [m.state, m.latest_version, m.demo])).toEqual([['uninstalled', false, true], ['uninstalled', false, true]]);
    expect((await x('x.library.book', 'search', [[]])).error.message).toBe("Object x.library.book doesn't exist");
    expect(await x('res.partner', 'fields_get', [['x_reader_level']])).toEqual({});
    expect(await x('ir.model', 'search', [[['model', '=', 'x.library.book']]])).toEqual([]);
    expect(await x('ir.model.data', 'search', [[['module', '=', 'x_library']]])).toEqual([]);
    expect(await x('ir.model.access', 'search', [[['name', 'like', 'x.library.book']]])).toEqual([]);
  });

  test('a module can be installed again after its uninstallation', async () => {
    await x('ir.module.module', 'button_immediate_install', [[libId]]);
    expect(await x('x.library.book', 'search_count', [[]])).toBe(3);
    const [p] = await x('res.partner', 'read', [[1]], { fields: ['x_reader_level'] });
    expect(p.x_reader_level).toBe('novice');
  });
});
