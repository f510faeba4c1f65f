/**
 * The reader's corner cases, on test/addons_path/addons_unit/x_reader: chained `_name =
 * _description =`, module constants imported from another file, positional field arguments,
 * the label Odoo derives (str.title()), the default forms matched and those reported, an
 * abstract parent, an unknown parent, a stored compute without implementation, an unknown
 * parameter, _log_access, a TransientModel, _parent_store, _rec_names_search, company_dependent,
 * _inherits and delegate=True, the framework's image.mixin, avatar.mixin and mail.thread.cc
 * (models/shelves.py).
 */
import fs from 'fs';
import path from 'path';
import { builtinCatalog, DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { loadAddonsPath, type LoadedAddon } from '../../models/addons/addons_path';
import { TEMPLATE_DIR } from '../helpers/server';
import { callKw } from '../../rpc/service/call_kw';
import { setLogLevel } from '../../server/log';
import { addonCheck } from '../../server/addon_check';

let addon: LoadedAddon;
let db: Database;
let dbm: DatabaseManager;
const warnings: string[] = [];

beforeAll(async () => {
  setLogLevel('error');
  const catalog = builtinCatalog();
  [addon] = await loadAddonsPath([path.join(__dirname, 'addons_unit')], catalog, { warn: (m) => warnings.push(m) });
  dbm = new DatabaseManager(null, { catalog, templateDir: TEMPLATE_DIR });
  db = dbm.create('reader', { demo: false, modules: [...DEFAULT_MODULES, 'x_reader'] });
}, 120000);
afterAll(() => dbm.closeAll());

test('class attributes, chained assignments and model kinds', () => {
  const M = db.registry.get('x.thing')!;
  expect([M._description, M._order, M._rec_name, M._table]).toEqual(['x.thing', 'sequence, id', 'code', 'x_thing']);
  expect(db.registry.get('x.thing.line')!._log_access).toBe(false);
  expect(db.registry.get('x.thing.line')!._fields.create_uid).toBeUndefined();
  expect(db.registry.get('x.thing.wizard')!._transient).toBe(true);
  // the abstract parent is reachable by name (fields_get) and has no table; its field is copied
  expect(db.registry.models.has('x.thing.mixin')).toBe(false);
  expect(db.env(2).model('x.thing.mixin').fields_get(['color'], ['string', 'type'])).toEqual({ color: { string: 'Color Index', type: 'integer' } });
  expect(M._fields.color.string).toBe('Color Index');
  // over RPC too, as Odoo answers for a mixin (the model has no table: it stores nothing)
  expect(callKw(db, 2, 'x.thing.mixin', 'fields_get', [['color']], { attributes: ['type'] }, { unknownModel: 'user_error' })).toEqual({ color: { type: 'integer' } });
  expect(db.registry.has('x.thing.mixin')).toBe(false);
  expect(addon.manifest.version).toBe('17.0.2.1');
});

test('fields: positional arguments, constants, derived labels and parameters', () => {
  const fg = db.env(2).model('x.thing').fields_get(null, ['string', 'type', 'selection', 'relation', 'readonly', 'store', 'digits', 'translate', 'required']) as Record<string, Record<string, unknown>>;
  expect(fg.state.selection).toEqual([['a', 'Alpha'], ['b', 'Beta']]);
  expect(fg.priority).toMatchObject({ string: 'Priority Level', selection: [['0', 'Low'], ['1', 'High']] });
  expect(fg.l10n_mx_edi_code.string).toBe('L10N Mx Edi Code'); // Python's str.title()
  expect(fg.partner_ids).toMatchObject({ string: 'Partners', relation: 'res.partner' });
  const spec = db.registry.get('x.thing')!._fields.partner_ids.spec;
  expect([spec.relation, spec.column1, spec.column2]).toEqual(['x_thing_partner_rel', 'thing_id', 'partner_id']);
  expect(fg.user_id).toMatchObject({ string: 'User', relation: 'res.users' });
  expect(fg.ratio.digits).toEqual([16, 4]);
  expect(fg.body.translate).toBe(true);
  expect(fg.code.required).toBe(true);
  // a related field takes its target's label and is readonly
  expect(fg.country_code).toMatchObject({ string: 'Country Code', readonly: true, store: false });
  // a stored compute without emulator/ implementation: a plain column that reads as computed
  expect(fg.total).toMatchObject({ readonly: true, store: true, type: 'float' });
});

test('defaults: literals and the common forms are applied, the others reported with their line', () => {
  const env = db.env(2);
  // fields.Date.context_today: today in the context's time zone (UTC+14 here: most of the day not UTC's date)
  const kiritimati = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = env.model('x.thing').withContext({ tz: 'Pacific/Kiritimati' }).default_get(['sequence', 'state', 'user_id', 'company_currency_id', 'date', 'score', 'mystery']);
  expect(d).toEqual({ sequence: 10, state: 'a', user_id: 2, company_currency_id: 1, date: kiritimati });
  const ne = addon.report.notEmulated.map((n) => `${n.kind} ${n.model}.${n.name} ${n.file}:${n.line}`);
  expect(ne).toEqual(expect.arrayContaining([
    'default x.thing.score models/things.py:37',
    'default x.thing.mystery models/things.py:38',
    'compute x.thing.total models/things.py:40',
    'inherit x.thing.x.does.not.exist models/things.py:16',
    'method x_reader.post_init_hook __manifest__.py:1',
  ]));
  expect(warnings).toContain("x_reader: models/things.py:41: x.thing.weird: unknown parameter 'frobnicate'");
});

test('records: create with the stored plain column, the extension of res.partner, access rights', () => {
  const env = db.env(2);
  const thing = env.model('x.thing').create({ code: 'T1', total: 3.5 });
  env.model('x.thing.line').create({ thing_id: thing.ids[0], amount: 2 });
  expect([thing.get('total'), thing.get('display_name')]).toEqual([3.5, 'T1']);
  expect(env.model('res.partner').fields_get(['x_thing_count'], ['type'])).toEqual({ x_thing_count: { type: 'integer' } });
  const acl = env.cr.all<{ name: string }>("SELECT a.name FROM ir_model_access a JOIN ir_model_data d ON d.model = 'ir.model.access' AND d.res_id = a.id WHERE d.module = 'x_reader' ORDER BY a.id");
  expect(acl.map((a) => a.name)).toEqual(['x.thing', 'x.thing.line', 'x.thing.wizard', 'x.doc', 'x.shelf', 'x.member', 'x.reader', 'x.badge']);
});

test('_check_company_auto: a check_company relation must belong to no company or the record\'s (models.py _check_company)', () => {
  const env = db.env(1);
  const other = env.model('res.company').create({ name: 'Other Company' }).ids[0];
  const shared = env.model('res.partner').create({ name: 'Shared Partner' }).ids[0];
  const foreign = env.model('res.partner').create({ name: 'Foreign Partner', company_id: other }).ids[0];
  const doc = env.model('x.doc').create({ name: 'D1', company_id: 1, partner_id: shared });
  expect(doc.get('partner_id')).toBe(shared);
  expect(() => env.model('x.doc').create({ name: 'D2', company_id: 1, partner_id: foreign })).toThrow(
    "Incompatible companies on records:\n- 'D2' belongs to company 'My Company' and 'Partner' (partner_id: 'Foreign Partner') belongs to another company.");
  expect(() => doc.write({ partner_id: foreign })).toThrow(/^Incompatible companies on records:/);
  doc.write({ company_id: other, partner_id: foreign });
  expect(doc.get('company_id')).toBe(other);
});

test('_parent_store keeps parent_path as Odoo does (create, move with descendants, recursion); _rec_names_search; company_dependent; positional Monetary', () => {
  const S = db.env(2).model('x.shelf');
  const a = S.create({ name: 'Hall', code: 'H1' }).ids[0];
  const b = S.create({ name: 'Wall', parent_id: a }).ids[0];
  const c = S.create({ name: 'Row', parent_id: b }).ids[0];
  const d = S.create({ name: 'Box', parent_id: c }).ids[0];
  const paths = () => Object.fromEntries(S.browse([a, b, c, d]).read(['parent_path']).map((r) => [r.id, r.parent_path]));
  expect(paths()).toEqual({ [a]: `${a}/`, [b]: `${a}/${b}/`, [c]: `${a}/${b}/${c}/`, [d]: `${a}/${b}/${c}/${d}/` });
  // a moved record takes its descendants along (models.py _parent_store_update)
  S.browse([c]).write({ parent_id: false });
  expect(paths()).toEqual({ [a]: `${a}/`, [b]: `${a}/${b}/`, [c]: `${c}/`, [d]: `${c}/${d}/` });
  S.browse([c, d]).write({ parent_id: a });
  expect(paths()).toEqual({ [a]: `${a}/`, [b]: `${a}/${b}/`, [c]: `${a}/${c}/`, [d]: `${a}/${d}/` });
  expect(S.search([['parent_path', '=like', `${a}/%`]]).ids.sort()).toEqual([a, b, c, d]);
  // _rec_names_search = ['name', 'code']: name_search finds the hall by its code
  expect(S.name_search('H1')).toEqual([[a, 'Hall']]);
  // company_dependent=True: a property per company, searchable
  S.browse([b]).write({ rank: 7 });
  expect([S.browse([b]).get('rank'), S.search([['rank', '=', 7]]).ids]).toEqual([7, [b]]);
  expect(S.fields_get(['rank', 'budget'], ['type', 'company_dependent', 'currency_field', 'string'])).toEqual({
    rank: { type: 'integer', company_dependent: true, string: 'Rank' },
    budget: { type: 'monetary', company_dependent: false, currency_field: 'currency_id', string: 'Budget' },
  });
  // under one of its own descendants: Odoo's message
  expect(() => S.browse([a]).write({ parent_id: c })).toThrow('Recursion Detected.');
});

test('_inherits and delegate=True: the parent record is created and its fields are the child\'s', () => {
  const env = db.env(2);
  const member = env.model('x.member').create({ name: 'Ada Reader', email: 'ada@example.com', card: 'C-42' });
  const [row] = member.read(['name', 'email', 'card', 'partner_id']);
  expect(row).toMatchObject({ name: 'Ada Reader', email: 'ada@example.com', card: 'C-42' });
  const partnerId = (row.partner_id as [number, string])[0];
  expect(env.model('res.partner').browse([partnerId]).read(['name', 'email'])[0]).toMatchObject({ name: 'Ada Reader', email: 'ada@example.com' });
  expect(env.model('x.member').fields_get(['email'], ['type', 'related'])).toEqual({ email: { type: 'char', related: 'partner_id.email' } });
  // its own stored related field keeps a column of x_member, filled from the partner
  expect(db.cr.all<{ name: string }>('PRAGMA table_info(x_member)').map((c) => c.name)).toContain('phone');
  env.model('res.partner').browse([partnerId]).write({ phone: '+32 2 555 01 01' });
  expect(db.cr.get<{ phone: string }>('SELECT phone FROM x_member WHERE id = ?', [member.ids[0]])?.phone).toBe('+32 2 555 01 01');
  // delegate=True on the Many2one is the same as _inherits = {'res.users': 'user_id'}
  expect(db.registry.get('x.reader')!._inherits).toEqual({ 'res.users': 'user_id' });
  expect(env.model('x.reader').fields_get(['login'], ['type'])).toEqual({ login: { type: 'char' } });
});

test('framework mixins: image.mixin and avatar.mixin (pictures, initials), mail.thread.cc', () => {
  const env = db.env(2);
  const B = env.model('x.badge');
  expect(B.fields_get(['image_1920', 'image_512', 'image_128', 'avatar_128', 'email_cc', 'message_ids'], ['type', 'string', 'readonly', 'related'])).toEqual({
    image_1920: { type: 'binary', string: 'Image', readonly: false },
    // related fields are read-only (as Odoo 17 describes fleet.vehicle's)
    image_512: { type: 'binary', string: 'Image 512', readonly: true, related: 'image_1920' },
    // redefined by the addon: the mixin's parameters it does not repeat stay (string, related)
    image_128: { type: 'binary', string: 'Image 128', readonly: true, related: 'image_1920' },
    avatar_128: { type: 'binary', string: 'Avatar 128', readonly: true },
    email_cc: { type: 'char', string: 'Email cc', readonly: false },
    message_ids: { type: 'one2many', string: 'Messages', readonly: false },
  });
  const badge = B.create({ name: 'zed', email_cc: 'a@example.com' });
  const svg = Buffer.from(String(badge.read(['avatar_128'])[0].avatar_128), 'base64').toString();
  // no picture: the initial of the name (avatar_mixin.py _avatar_generate_svg)
  expect(svg).toMatch(/<svg[^>]*>.*>Z<\/text>/s);
  // a picture: stored at 1920 and shrunk into the smaller sizes, which the avatar then shows
  const png = fs.readFileSync(path.join(__dirname, '../../fixtures/base/static/img/avatar_grey.png')).toString('base64');
  badge.write({ image_1920: png });
  const [r] = badge.withContext({ bin_size: false }).read(['image_1920', 'image_512', 'avatar_512']);
  expect(r.image_512).toBeTruthy();
  expect(r.avatar_512).toBe(r.image_512);
  expect(badge.get('email_cc')).toBe('a@example.com');
  // the abstract mixins answer fields_get by name, as in Odoo
  expect(callKw(db, 2, 'avatar.mixin', 'fields_get', [['avatar_1920']], { attributes: ['string'] }, { unknownModel: 'user_error' })).toEqual({ avatar_1920: { string: 'Avatar' } });
});

test('constants through a module (`const.STATES`), list(dict.items()); what the emulator lacks is skipped with a warning', () => {
  const S = db.env(2).model('x.shelf');
  expect(S.fields_get(['state', 'kind'], ['selection', 'string'])).toEqual({
    state: { selection: [['a', 'Alpha'], ['b', 'Beta']], string: 'State' },
    kind: { selection: [['wall', 'Wall Shelf'], ['floor', 'Floor Shelf']], string: 'Kind' },
  });
  // a relation to a model no module defines is left out, and the UNIQUE constraint on its column too
  expect(S.cls._fields.ghost_id).toBeUndefined();
  // (the install logs a warning for each; the database may come from the cached template image)
  expect(db.cr.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'x_shelf'").map((r: any) => r.name)).not.toContain('x_shelf_ghost_uniq');
  // a view inheriting one of mail's views that the emulator does not ship: skipped, the others load
  expect(db.env(2).xmlidLookup('x_reader.x_shelf_view_tree')).toBeTruthy();
  expect(db.env(2).xmlidLookup('x_reader.x_activity_schedule_view_form')).toBeFalsy();
});

test('addon-check: an override of a public method the emulator implements says that the emulator\'s code runs', async () => {
  let text = '';
  const status = await addonCheck([path.join(__dirname, 'addons_unit', 'x_reader')], { write: (s: string) => { text += s; } });
  expect(status).toBe(0);
  expect(text).toMatch(/models\/things\.py:\d+ +method +res\.partner\.message_post: the emulator's own implementation runs \(this Python override does not\)/);
  expect(text).toContain('Installed x_reader into a fresh database (with demo data): OK');
  setLogLevel('error');
}, 120000);

test('an addon named like a built-in module is ignored with a warning; the built-in one stays', async () => {
  const fs = await import('fs');
  const os = await import('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'addons-builtin-'));
  fs.mkdirSync(path.join(dir, 'portal'));
  fs.writeFileSync(path.join(dir, 'portal', '__manifest__.py'), "{'name': 'My portal', 'depends': ['base']}\n");
  fs.writeFileSync(path.join(dir, 'portal', '__init__.py'), '');
  const catalog = builtinCatalog();
  const seen: string[] = [];
  const loaded = await loadAddonsPath([dir], catalog, { warn: (m) => seen.push(m) });
  expect(loaded).toEqual([]);
  expect(seen).toEqual([`module portal: ${path.join(dir, 'portal')} ignored, the emulator's built-in module portal is used instead`]);
  expect(catalog.get('portal').origin).toBe('builtin');
  expect(catalog.get('portal').shortdesc).toBe('Customer Portal');
  fs.rmSync(dir, { recursive: true, force: true });
});
