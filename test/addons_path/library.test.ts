/**
 * The sample addon test/addons_path/addons/library (Odoo's layout: Python models, security CSV
 * and XML, data and demo XML, views and menus, behaviour in emulator/) read from an addons path:
 * installed over RPC like a built-in module, its fields_get compared with a recording of a real
 * Odoo 17 that installed the same folder (odoo17_library_fields_get.json), and its security
 * exactly as its files say for a librarian (admin), a library user (demo) and a portal user.
 */
import fs from 'fs';
import path from 'path';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { builtinCatalog } from '../../models/database';
import { loadAddonsPath, type LoadedAddon } from '../../models/addons/addons_path';
import { compareFieldsGet, declaredBy, type FieldsFixture } from './fields_compare';
import { addLogSink } from '../../models/tools/log';

const ADDONS = path.join(__dirname, 'addons');

let server: TestServer;
let c: JsonClient;
let loaded: LoadedAddon[];
/** Warnings logged while the addon installs (a skipped record, field or call would be one). */
const installWarnings: string[] = [];

type Kw = (model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>) => Promise<any>;
function as(login: string, password: string, uid: number, db = 'lib'): Kw {
  return async (model, method, args = [], kwargs = {}) => {
    const r = await c.service('object', 'execute_kw', db, uid, password, model, method, args, kwargs);
    if (r.error) return { error: { name: r.error.data.name, message: r.error.data.message } };
    return r.result;
  };
}
const admin = as('admin', 'admin', 2);
const demo = as('demo', 'demo', 6);
const portal = as('portal', 'portal', 7);

beforeAll(async () => {
  const catalog = builtinCatalog();
  loaded = await loadAddonsPath([ADDONS], catalog, { warn: () => undefined });
  server = await startTestServer({ db_name: ['lib'] }, { catalog });
  c = new JsonClient(server.url);
  // installed over RPC, as the Apps screen does it
  const [id] = await admin('ir.module.module', 'search', [[['name', '=', 'library']]]);
  const stop = addLogSink((level, logger, message) => { if (level === 'warn') installWarnings.push(`${logger}: ${message}`); });
  const result = await admin('ir.module.module', 'button_immediate_install', [[id]]);
  stop();
  expect(result).toEqual({ type: 'ir.actions.act_url', target: 'self', url: '/web' });
}, 120000);
afterAll(() => server.close());

describe('the library addon read from an addons path', () => {
  test('the module is listed from its manifest and installed with its dependencies', async () => {
    const [m] = await admin('ir.module.module', 'search_read', [[['name', '=', 'library']]], { fields: ['shortdesc', 'state', 'latest_version', 'summary', 'application', 'author', 'category_id'] });
    expect(m).toMatchObject({ shortdesc: 'Library', state: 'installed', latest_version: '17.0.1.2', summary: 'Books, loans and readers', application: true, author: 'odoo-emulator' });
    expect(m.category_id[1]).toBe('Library');
    // nothing of its data was skipped: the lenient rules for addons never had to apply
    expect(installWarnings).toEqual([]);
  });

  test('fields_get of every field the addon declares is the one a real Odoo 17 gives', async () => {
    const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'odoo17_library_fields_get.json'), 'utf8')) as FieldsFixture;
    const db = server.app.dbm.get('lib');
    const cmp = compareFieldsGet(db.env(2), fixture, ['library'], declaredBy(loaded));
    expect(cmp.differences).toEqual([]);
    expect(cmp.perModule.library).toEqual({ fields: 56, same: 56, percent: 100 });
    // `_inherit = ['mail.thread']` maps to the emulator's mail.thread: its fields on library.book
    // are Odoo's too (message_ids, message_follower_ids, …)
    expect(cmp.inherited).toEqual({ fields: 12, same: 12, missing: [] });
    expect(loaded[0].report.notEmulated.filter((n) => n.kind === 'inherit')).toEqual([]);
  });

  test('data and demo files: records, <function>, <delete>, noupdate, references', async () => {
    const tags = await admin('library.tag', 'search_read', [[]], { fields: ['name', 'color'] });
    // tag_history was deleted by <delete> in the demo file; _order = 'name'
    expect(tags.map((t: { name: string }) => t.name)).toEqual(['Classic', 'Fiction', 'Science']);
    const books = await admin('library.book', 'search_read', [[]], { fields: ['name', 'state', 'author_ids', 'tag_ids', 'genre_id', 'pages', 'company_id'] });
    expect(books.map((b: { name: string; state: string }) => [b.name, b.state])).toEqual([['Cosmos', 'lost'], ['The Hobbit', 'available'], ['The Silmarillion', 'borrowed']]);
    const hobbit = books.find((b: { name: string }) => b.name === 'The Hobbit');
    expect(hobbit.genre_id[1]).toBe('Novel');
    expect(hobbit.company_id).toEqual([1, 'YourCompany']);
    expect(hobbit.tag_ids).toHaveLength(2);
    const silma = books.find((b: { name: string }) => b.name === 'The Silmarillion');
    expect(silma.author_ids).toEqual(hobbit.author_ids); // search="[('name', '=', 'J. R. R. Tolkien')]"
    const xmlids = await admin('ir.model.data', 'search_read', [[['module', '=', 'library'], ['model', '=', 'res.groups']]], { fields: ['name'] });
    expect(xmlids.map((x: { name: string }) => x.name).sort()).toEqual(['group_library_manager', 'group_library_user']);
  });

  test('views, actions, menus and templates are stored as records, menus shown as Odoo 17 shows them', async () => {
    const views = await admin('ir.ui.view', 'search_read', [[['model', '=', 'library.book']]], { fields: ['name', 'type', 'arch_fs'], order: 'name' });
    expect(views.map((v: { name: string; type: string }) => [v.name, v.type])).toEqual([['library.book.form', 'form'], ['library.book.search', 'search'], ['library.book.tree', 'tree']]);
    expect(views[0].arch_fs).toBe('library/views/library_book_views.xml');
    const [tpl] = await admin('ir.ui.view', 'search_read', [[['key', '=', 'library.book_card']]], { fields: ['type', 'arch_db'] });
    expect(tpl.type).toBe('qweb');
    expect(tpl.arch_db).toContain('t-name="library.book_card"');
    const got = await admin('library.book', 'get_views', [[[false, 'form']]]);
    expect(got.views.form.arch).toContain('<button name="action_mark_lost" type="object" string="Mark as Lost"');
    const [action] = await admin('ir.actions.act_window', 'search_read', [[['res_model', '=', 'library.book']]], { fields: ['name', 'view_mode', 'context'] });
    expect(action).toMatchObject({ name: 'Books', view_mode: 'tree,form', context: "{'search_default_available': 1}" });
    // load_menus of a real Odoo 17 with this addon (ref_library_addon): the same for the librarian
    // and the library user; Configuration (no action, no child) is hidden
    const expected = [
      ['library.menu_library_books', 'Books', [], 'ir.actions.act_window', false],
      ['library.menu_library_loans', 'Loans', [], 'ir.actions.act_window', false],
      ['library.menu_library_root', 'Library', ['library.menu_library_books', 'library.menu_library_loans'], false, 'library,static/description/icon.png'],
    ];
    const xmlids = await admin('ir.model.data', 'search_read', [[['module', '=', 'library'], ['model', '=', 'ir.ui.menu']]], { fields: ['name', 'res_id'] });
    const names = new Map(xmlids.map((x: { name: string; res_id: number }) => [x.res_id, `library.${x.name}`]));
    for (const kw of [admin, demo]) {
      const menus = await kw('ir.ui.menu', 'load_menus', [false]) as Record<string, { id: number; name: string; children: number[]; action: string | false; web_icon: string | false }>;
      const mine = Object.entries(menus).filter(([k, m]) => k !== 'root' && names.has(m.id))
        .map(([, m]) => [names.get(m.id), m.name, m.children.map((c) => names.get(c) ?? c), m.action && m.action.split(',')[0], m.web_icon]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(mine).toEqual(expected);
    }
    const portalMenus = await portal('ir.ui.menu', 'load_menus', [false]);
    expect(portalMenus.error.name).toBe('odoo.exceptions.AccessError');
  });

  test('computed fields: from emulator/, related, stored, and not emulated ones read as empty', async () => {
    const books = await admin('library.book', 'search_read', [[]], { fields: ['name', 'loan_count', 'rating', 'publisher_country_id'] });
    expect(books.map((b: { loan_count: number }) => b.loan_count)).toEqual([0, 1, 1]);
    expect(books.every((b: { rating: number }) => b.rating === 0)).toBe(true);
    expect(books[0].publisher_country_id).toEqual([233, 'United States']);
    const loans = await admin('library.loan', 'search_read', [[]], { fields: ['name', 'book_name', 'borrower_email'], order: 'id' });
    expect(loans.map((l: { name: string }) => l.name)).toEqual(['The Hobbit - Marc Demo', 'The Silmarillion - Azure Interior']);
    expect(loans[0].book_name).toBe('The Hobbit');
    const fg = await admin('library.book', 'fields_get', [['rating', 'loan_count']], { attributes: ['readonly', 'store', 'type'] });
    expect(fg).toEqual({ rating: { readonly: true, store: false, type: 'float' }, loan_count: { readonly: true, store: false, type: 'integer' } });
  });

  test('selection_add extends res.partner.type as Odoo merges it', async () => {
    const fg = await admin('res.partner', 'fields_get', [['type', 'reader_level']], { attributes: ['selection'] });
    expect(fg.type.selection.map((s: string[]) => s[0])).toEqual(['contact', 'invoice', 'delivery', 'other', 'library']);
    expect(fg.type.selection[4]).toEqual(['library', 'Library Address']);
    const id = await admin('res.partner', 'create', [{ name: 'Library branch', type: 'library' }]);
    expect((await admin('res.partner', 'read', [[id], ['type', 'reader_level']]))[0]).toMatchObject({ type: 'library', reader_level: 'novice' });
  });

  test('a button method from emulator/ runs through call_button, an unimplemented one names its Python source', async () => {
    const [hobbit] = await admin('library.book', 'search', [[['name', '=', 'The Hobbit']]]);
    const web = new JsonClient(server.url);
    expect((await web.call('/web/session/authenticate', { db: 'lib', login: 'admin', password: 'admin' })).result.uid).toBe(2);
    const r = await web.call('/web/dataset/call_button', { model: 'library.book', method: 'action_mark_lost', args: [[hobbit]], kwargs: {} });
    expect(r.result).toBe(false); // a button returning True answers False (call_button's clean_action)
    expect((await admin('library.book', 'read', [[hobbit], ['state']]))[0].state).toBe('lost');
    expect(await admin('library.book', 'get_available_count', [])).toBe(0);
    const err = await admin('library.book', 'action_print_label', [[hobbit]]);
    expect(err.error.name).toBe('builtins.NotImplementedError');
    expect(err.error.message).toContain('library.book.action_print_label() is not emulated');
    expect(err.error.message).toContain('library/models/library_book.py, line 58');
    expect(err.error.message).toContain('library/emulator/');
    await admin('library.book', 'write', [[hobbit], { state: 'available' }]);
  });

  test('an @api.onchange method from emulator/ answers the onchange RPC', async () => {
    const [hobbit] = await admin('library.book', 'search', [[['name', '=', 'The Hobbit']]]);
    const r = await admin('library.loan', 'onchange', [[], { book_id: hobbit, date_start: '2020-01-01' }, ['book_id'], { book_id: {}, date_start: {} }]);
    expect(r.value.date_start).toBe(new Date().toISOString().slice(0, 10));
  });

  test('constraints: Python ones from emulator/, SQL ones with their messages', async () => {
    const future = await admin('library.book', 'create', [{ name: 'Tomorrow', date_published: '2999-01-01' }]);
    expect(future.error).toEqual({ name: 'odoo.exceptions.ValidationError', message: 'A book cannot be published in the future.' });
    const dup = await admin('library.book', 'create', [{ name: 'Copy', isbn: '978-0261102217' }]);
    expect(dup.error.name).toBe('odoo.exceptions.ValidationError');
    expect(dup.error.message).toContain('ISBN must be unique!');
    const neg = await admin('library.book', 'create', [{ name: 'Negative', pages: -1 }]);
    expect(neg.error.message).toContain('The number of pages cannot be negative.');
  });
});

describe('security exactly as the addon\'s files say', () => {
  test('the librarian (admin) sees every loan and manages books', async () => {
    expect(await admin('library.loan', 'search_count', [[]])).toBe(2);
    const id = await admin('library.book', 'create', [{ name: 'Admin book' }]);
    expect(typeof id).toBe('number');
    expect(await admin('library.book', 'unlink', [[id]])).toBe(true);
  });

  test('a library user (demo) reads books, cannot create them, sees and manages only their loans', async () => {
    expect(await demo('library.book', 'search_count', [[]])).toBe(3);
    const denied = await demo('library.book', 'create', [{ name: 'Nope' }]);
    expect(denied.error.name).toBe('odoo.exceptions.AccessError');
    expect(denied.error.message).toBe("You are not allowed to create 'Book' (library.book) records.\n\nThis operation is allowed for the following groups:\n\t- Library/Librarian\n\nContact your administrator to request access if necessary.");
    const mine = await demo('library.loan', 'search_read', [[]], { fields: ['name', 'user_id'] });
    expect(mine).toEqual([{ id: 1, name: 'The Hobbit - Marc Demo', user_id: [6, 'Marc Demo'] }]);
    const other = await demo('library.loan', 'read', [[2], ['name']]);
    expect(other.error.name).toBe('odoo.exceptions.AccessError');
    const [cosmos] = await demo('library.book', 'search', [[['name', '=', 'Cosmos']]]);
    const loan = await demo('library.loan', 'create', [{ book_id: cosmos, partner_id: 3 }]);
    expect(typeof loan).toBe('number');
    expect((await demo('library.loan', 'read', [[loan], ['user_id', 'state', 'date_start']]))[0]).toMatchObject({ user_id: [6, 'Marc Demo'], state: 'ongoing' });
    const unlink = await demo('library.loan', 'unlink', [[loan]]);
    expect(unlink.error.name).toBe('odoo.exceptions.AccessError');
    // returning the loan writes its book, which a library user may not do (no write on library.book)
    const ret = await demo('library.loan', 'action_return', [[loan]]);
    expect(ret.error.name).toBe('odoo.exceptions.AccessError');
    expect(await admin('library.loan', 'action_return', [[loan]])).toBe(true);
    expect((await admin('library.loan', 'read', [[loan], ['state']]))[0].state).toBe('done');
  });

  test('a portal user has no access to the library', async () => {
    const r = await portal('library.book', 'search_read', [[]], { fields: ['name'] });
    expect(r.error.name).toBe('odoo.exceptions.AccessError');
  });
});
