/**
 * CRUD over the ORM (orm.md §2–§5, conformance orm-read/*, orm-search/*, orm-x2many/*,
 * orm-methods/*, dispatch/*): create and its defaults, read formats of every field type,
 * write/unlink results, x2many commands, copy, name_search/name_create/default_get, exists,
 * archiving, search/search_count/search_read options, ordering, and execute_kw conventions.
 */
import type { Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';
import { PyFloat } from '../../models/orm/values';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError, num } from './orm_helpers';

let db: Database;
let env: Environment;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x`;

beforeAll(() => {
  db = demoDb();
  env = db.env(2);
});

/** execute_kw as admin. */
function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return callKw(db, 2, model, method, args, kwargs, { unknownModel: 'user_error' });
}
// a fresh environment per access: an Environment's value cache lives for one call, as in Odoo
const Partner = () => db.env(2).model('res.partner');
const Tag = () => db.env(2).model('res.partner.category');

// ---------------------------------------------------------------------------------------------
describe('create', () => {
  test("x2many records created with their parent take none of the context's default_ keys; a write's do (Odoo 17 _create clean_context, read on ref_sale)", () => {
    const ctx = { context: { default_comment: 'cm', default_ref: 'R1' } };
    const parent = kw('res.partner', 'create', [{ name: uniq('ctxp'), child_ids: [[0, 0, { name: uniq('ctxc') }]] }], ctx);
    expect(kw('res.partner', 'read', [[parent], ['comment', 'ref']])).toEqual([{ id: parent, comment: '<p>cm</p>', ref: 'R1' }]);
    const [child] = kw('res.partner', 'search_read', [[['parent_id', '=', parent]], ['comment', 'ref']]);
    expect(child).toEqual({ id: child.id, comment: false, ref: false });
    const other = kw('res.partner', 'create', [{ name: uniq('ctxp2') }]);
    kw('res.partner', 'write', [[other], { child_ids: [[0, 0, { name: uniq('ctxc2') }]] }], { context: { default_ref: 'R2' } });
    expect(kw('res.partner', 'search_read', [[['parent_id', '=', other]], ['ref']])).toEqual([{ id: expect.any(Number), ref: 'R2' }]);
  });

  test('dict -> int id, list -> list of ids (same order), [] -> [] (execute_kw)', () => {
    const r = kw('res.partner', 'create', [{ name: uniq('c1') }]);
    expect(typeof r).toBe('number');
    const r2 = kw('res.partner', 'create', [[{ name: uniq('c2') }, { name: uniq('c3') }]]);
    expect(Array.isArray(r2)).toBe(true);
    expect(r2).toHaveLength(2);
    expect(r2[0]).toBeLessThan(r2[1]);
    const r3 = kw('res.partner', 'create', [[{ name: uniq('c4') }]]);
    expect(Array.isArray(r3) && r3.length === 1).toBe(true);
    expect(kw('res.partner', 'create', [[]])).toEqual([]);
  });

  test('ORM create returns a recordset; defaults fill missing fields', () => {
    const rec = Partner().create({ name: uniq('def') });
    expect(rec.ids).toHaveLength(1);
    const [r] = rec.read(['active', 'type', 'color', 'is_company', 'lang', 'employee', 'company_id', 'ref']);
    expect(r).toEqual({ id: rec.ids[0], active: true, type: 'contact', color: 0, is_company: false, lang: 'en_US', employee: false, company_id: false, ref: false });
  });

  test('context default_* values apply to create (and lose to explicit values)', () => {
    const name = uniq('ctx');
    const pid = kw('res.partner', 'create', [{ name }], { context: { default_type: 'invoice', default_ref: 'CTXREF' } });
    expect(kw('res.partner', 'read', [[pid], ['type', 'ref']])).toEqual([{ id: pid, type: 'invoice', ref: 'CTXREF' }]);
    const p2 = db.env(2, { default_ref: 'CTXREF' }).model('res.partner').create({ name: uniq('ctx'), ref: 'MINE' }).ids[0];
    expect(Partner().browse([p2]).read(['ref'])).toEqual([{ id: p2, ref: 'MINE' }]);
    // context: archived record hidden by default, found with active_test False
    kw('res.partner', 'write', [[pid], { active: false }]);
    expect(kw('res.partner', 'search', [[['name', '=', name]]])).toEqual([]);
    expect(kw('res.partner', 'search', [[['name', '=', name]]], { context: { active_test: false } })).toEqual([pid]);
    expect(kw('res.partner', 'search_count', [[['name', '=', name]]], { context: { active_test: false } })).toBe(1);
  });

  test('magic fields sent by the client are ignored', () => {
    const rec = Partner().create({ name: uniq('magic'), create_uid: 6, write_date: '2000-01-01 00:00:00', id: 99999 });
    const [r] = rec.read(['create_uid', 'write_date'], '_classic_write');
    expect(rec.ids[0]).not.toBe(99999);
    expect(r.create_uid).toBe(2);
    expect(r.write_date).not.toBe('2000-01-01 00:00:00');
  });
});

// ---------------------------------------------------------------------------------------------
describe('read formats', () => {
  test('every field type on res.partner', () => {
    const name = uniq('fmt');
    const co = Partner().create({ name: `${name} Co`, is_company: true }).ids[0];
    const tag = Tag().create({ name: `${name} tag` }).ids[0];
    const pid = Partner().create({
      name, parent_id: co, category_id: [[6, 0, [tag]]], date: '2024-02-29', color: 7,
      partner_latitude: 12.5, type: 'invoice', function: false,
    }).ids[0];
    const fields = ['name', 'parent_id', 'user_id', 'category_id', 'child_ids', 'date', 'create_date', 'write_date',
      'email', 'function', 'color', 'partner_latitude', 'active', 'is_company', 'type', 'title',
      'image_128', 'display_name', 'company_id', 'employee'];
    const rows = Partner().browse([pid]).read(fields);
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect(Object.keys(r).sort()).toEqual([...fields, 'id'].sort());
    expect(r.id).toBe(pid);
    expect(r.name).toBe(name);
    expect(r.parent_id).toEqual([co, `${name} Co`]);
    expect([r.user_id, r.title, r.company_id]).toEqual([false, false, false]);
    expect(r.category_id).toEqual([tag]);
    expect(r.child_ids).toEqual([]);
    expect(r.date).toBe('2024-02-29');
    expect(r.create_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(r.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(r.email).toBe(false);
    expect(r.function).toBe(false);
    expect(r.color).toBe(7);
    expect(r.partner_latitude).toBeInstanceOf(PyFloat);
    expect(num(r.partner_latitude)).toBe(12.5);
    expect([r.active, r.is_company, r.employee]).toEqual([true, false, false]);
    expect(r.type).toBe('invoice');
    expect(r.image_128).toBe(false);
    expect(r.display_name).toBe(`${name} Co, ${name}`);
  });

  test('unset numeric fields read as 0 / 0.0, html is sanitized, date strings are truncated', () => {
    const pid = Partner().create({ name: uniq('num'), comment: 'hello', date: '2024-03-04 10:11:12' }).ids[0];
    const [r] = Partner().browse([pid]).read(['color', 'partner_longitude', 'comment', 'date']);
    expect(r.color).toBe(0);
    expect(r.partner_longitude).toBeInstanceOf(PyFloat);
    expect((r.partner_longitude as PyFloat).value).toBe(0);
    expect(String(r.partner_longitude)).toBe('0.0');
    expect(r.comment).toBe('<p>hello</p>');
    expect(r.date).toBe('2024-03-04');
  });

  test('html sanitation drops scripts and event handlers', () => {
    const pid = Partner().create({ name: uniq('html'), comment: '<p onclick="evil()">hi</p><script>alert(1)</script>' }).ids[0];
    const [r] = Partner().browse([pid]).read(['comment']);
    expect(r.comment).not.toMatch(/script|onclick|alert/);
    expect(r.comment).toContain('hi');
  });

  test('empty string on a char is kept as "", False stores NULL (read False)', () => {
    const pid = Partner().create({ name: uniq('chr'), ref: '', email: false }).ids[0];
    expect(Partner().browse([pid]).read(['ref', 'email'])).toEqual([{ id: pid, ref: '', email: false }]);
  });

  test('datetime write formats: date-only and HH:MM accepted, ISO "T" form rejected with the strptime text', () => {
    const pid = Partner().create({ name: uniq('dt'), signup_expiration: '2024-03-01 08:09:10' }).ids[0];
    const rec = Partner().browse([pid]);
    expect(rec.read(['signup_expiration'])).toEqual([{ id: pid, signup_expiration: '2024-03-01 08:09:10' }]);
    rec.write({ signup_expiration: '2024-03-05' });
    expect(rec.read(['signup_expiration'])).toEqual([{ id: pid, signup_expiration: '2024-03-05 00:00:00' }]);
    rec.write({ signup_expiration: '2024-03-06 07:08' });
    expect(rec.read(['signup_expiration'])).toEqual([{ id: pid, signup_expiration: '2024-03-06 07:08:00' }]);
    expectOdooError(() => rec.write({ signup_expiration: '2024-03-01T08:09:10' }), 'builtins.ValueError',
      "time data '2024-03-01T08:09:10' does not match format '%Y-%m-%d %H:%M:%S'");
    expect(rec.read(['signup_expiration'])).toEqual([{ id: pid, signup_expiration: '2024-03-06 07:08:00' }]);
  });

  test('boolean write: any truthy value is True (the string "false" too)', () => {
    const pid = Partner().create({ name: uniq('bool'), employee: 'false' }).ids[0];
    expect(Partner().browse([pid]).read(['employee'])).toEqual([{ id: pid, employee: true }]);
    Partner().browse([pid]).write({ employee: 0 });
    expect(Partner().browse([pid]).read(['employee'])).toEqual([{ id: pid, employee: false }]);
  });

  test('read formats on res.users (many2one display name, many2many ids)', () => {
    const [r] = env.model('res.users').browse([2]).read(['login', 'name', 'email', 'partner_id', 'groups_id',
      'share', 'company_id', 'company_ids', 'lang', 'tz', 'active']);
    expect(r.login).toBe('admin');
    expect(r.name).toBe('Mitchell Admin');
    expect(r.email).toBe('admin@yourcompany.example.com');
    expect(r.partner_id).toEqual([3, 'YourCompany, Mitchell Admin']);
    expect(r.company_id).toEqual([1, 'YourCompany']);
    expect(r.company_ids).toEqual([1]);
    expect((r.groups_id as unknown[]).every((g) => Number.isInteger(g))).toBe(true);
    expect(r.groups_id).toContain(env.refId('base.group_system'));
    expect(r.share).toBe(false);
    expect(r.active).toBe(true);
    expect(r.lang).toBe('en_US');
    expect(typeof r.tz).toBe('string');
  });

  test("load='_classic_write' and load='' return raw many2one ids", () => {
    expect(kw('res.users', 'read', [[2], ['partner_id', 'company_id', 'create_uid']], { load: '_classic_write' }))
      .toEqual([{ id: 2, partner_id: 3, company_id: 1, create_uid: 1 }]);
    expect(kw('res.partner', 'search_read', [[['id', '=', 3]], ['company_id', 'parent_id', 'category_id']], { load: '' }))
      .toEqual([{ id: 3, company_id: 1, parent_id: false, category_id: [] }]);
    expect(kw('res.partner', 'read', [[3], ['company_id']])).toEqual([{ id: 3, company_id: [1, 'YourCompany'] }]);
    expect(Partner().browse([3]).read(['company_id'], null)).toEqual([{ id: 3, company_id: 1 }]);
  });

  test('x2many read: ordered by comodel _order, archived comodel records omitted unless active_test False', () => {
    const P = uniq('ord');
    const tc = Tag().create({ name: `${P} C` }).ids[0];
    const ta = Tag().create({ name: `${P} A` }).ids[0];
    const tb = Tag().create({ name: `${P} B` }).ids[0];
    const pid = Partner().create({ name: P, category_id: [[6, 0, [tc, ta, tb]]] }).ids[0];
    const tags = (ctx: Record<string, unknown> = {}) => db.env(2, ctx).model('res.partner').browse([pid]).read(['category_id'])[0].category_id;
    expect(tags()).toEqual([ta, tb, tc]);
    Tag().browse([tb]).write({ active: false });
    expect(tags()).toEqual([ta, tc]);
    expect(tags({ active_test: false })).toEqual([ta, tb, tc]);
    // an archived record is still readable by id
    expect(Tag().browse([tb]).read(['name', 'active'])).toEqual([{ id: tb, name: `${P} B`, active: false }]);
  });

  test('one2many read is ordered by the comodel order (partners: complete_name ASC, id DESC)', () => {
    const P = uniq('o2mord');
    const co = Partner().create({ name: `${P} Co`, is_company: true }).ids[0];
    const z = Partner().create({ name: `${P} Zed`, parent_id: co }).ids[0];
    const a = Partner().create({ name: `${P} Amy`, parent_id: co }).ids[0];
    const d1 = Partner().create({ name: `${P} Dup`, parent_id: co }).ids[0];
    const d2 = Partner().create({ name: `${P} Dup`, parent_id: co }).ids[0];
    expect(Partner().browse([co]).read(['child_ids'])[0].child_ids).toEqual([a, d2, d1, z]);
  });

  test('read of nonexistent ids: silently dropped; order of ids kept, duplicates repeated', () => {
    expect(Partner().browse([99999999]).read(['name'])).toEqual([]);
    const a = Partner().create({ name: uniq('ra') }).ids[0];
    const b = Partner().create({ name: uniq('rb') }).ids[0];
    expect(Partner().browse([b, 99999999, a, b]).read(['name']).map((x) => x.id)).toEqual([b, a, b]);
    const r = Partner().browse([99999999, a]).read(['name', 'ref']);
    expect(r).toHaveLength(1);
    expect(Object.keys(r[0]).sort()).toEqual(['id', 'name', 'ref']);
    expect(Partner().browse([a, 99999999, b]).exists().ids).toEqual([a, b]);
    expect(kw('res.partner', 'exists', [[a, 99999999, b]])).toEqual([a, b]);
  });

  test("read without fields returns every readable field (no __last_update; password reads as '')", () => {
    const [r] = Partner().browse([3]).read();
    for (const k of ['id', 'name', 'display_name', 'parent_id', 'category_id', 'create_date', 'write_uid', 'email']) {
      expect(r).toHaveProperty(k);
    }
    expect(r).not.toHaveProperty('__last_update');
    const [u] = env.model('res.users').browse([2]).read([]);
    // security.md §5: the password is a non-stored computed field that always reads as ''
    expect(u.password).toBe('');
    expect(u).toHaveProperty('login', 'admin');
    expect(env.model('res.users').browse([2]).read(['password', 'new_password'])).toEqual([{ id: 2, password: '', new_password: '' }]);
    expect(db.env(7).model('res.users').browse([7]).read(['password'])).toEqual([{ id: 7, password: '' }]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('write / unlink / archive', () => {
  test('record ids may be an int or a list; write and unlink return True', () => {
    const name = uniq('ids');
    const pid = kw('res.partner', 'create', [{ name }]);
    expect(kw('res.partner', 'read', [pid, ['name']])).toEqual([{ id: pid, name }]);
    expect(kw('res.partner', 'read', [[pid], ['name']])).toEqual([{ id: pid, name }]);
    expect(kw('res.partner', 'write', [pid, { ref: 'R-int' }])).toBe(true);
    expect(kw('res.partner', 'write', [[pid], { comment: 'x' }])).toBe(true);
    expect(kw('res.partner', 'write', [[], { ref: 'nothing' }])).toBe(true);
    expect(kw('res.partner', 'read', [[pid]], { fields: ['ref'] })).toEqual([{ id: pid, ref: 'R-int' }]);
    expect(kw('res.partner', 'unlink', [pid])).toBe(true);
    expect(kw('res.partner', 'exists', [[pid]])).toEqual([]);
    expect(kw('res.partner', 'unlink', [[]])).toBe(true);
  });

  test('write updates write_date / write_uid and leaves other fields alone', () => {
    const rec = Partner().create({ name: uniq('wr'), ref: 'keep' });
    db.cr.run("UPDATE res_partner SET write_date = '2000-01-01 00:00:00', write_uid = 1 WHERE id = ?", [rec.ids[0]]);
    env.cache.invalidate();
    expect(rec.write({ phone: '555' })).toBe(true);
    const [r] = rec.read(['ref', 'phone', 'write_date', 'write_uid'], null);
    expect(r.ref).toBe('keep');
    expect(r.phone).toBe('555');
    expect(r.write_uid).toBe(2);
    expect(r.write_date).not.toBe('2000-01-01 00:00:00');
  });

  test('writing a non-stored computed field without inverse is silently ignored', () => {
    const rec = Partner().create({ name: uniq('cmp') });
    expect(rec.write({ display_name: 'nope', contact_address: 'nope' })).toBe(true);
    expect(rec.read(['name'])[0].name).toMatch(/^cmp/);
  });

  test('toggle_active / action_archive / action_unarchive return None (null)', () => {
    const pid = Partner().create({ name: uniq('arch') }).ids[0];
    expect(kw('res.partner', 'action_archive', [[pid]])).toBeNull();
    expect(Partner().browse([pid]).read(['active'])).toEqual([{ id: pid, active: false }]);
    expect(kw('res.partner', 'action_unarchive', [[pid]])).toBeNull();
    expect(Partner().browse([pid]).read(['active'])).toEqual([{ id: pid, active: true }]);
    expect(kw('res.partner', 'toggle_active', [[pid]])).toBeNull();
    expect(Partner().browse([pid]).read(['active'])).toEqual([{ id: pid, active: false }]);
    // action_archive on an already archived record keeps it archived
    expect(Partner().browse([pid]).action_archive()).toBeNull();
    expect(Partner().browse([pid]).read(['active'])).toEqual([{ id: pid, active: false }]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('stored computed fields follow their dependencies', () => {
  test('renaming a company updates its own and its contacts\' commercial_company_name and complete_name', () => {
    const P = uniq('cc');
    const co = Partner().create({ name: `${P} Old`, is_company: true }).ids[0];
    const kid = Partner().create({ name: `${P} kid`, parent_id: co }).ids[0];
    const fields = ['commercial_partner_id', 'commercial_company_name', 'complete_name'];
    expect(Partner().browse([co, kid]).read(fields, null)).toEqual([
      { id: co, commercial_partner_id: co, commercial_company_name: `${P} Old`, complete_name: `${P} Old` },
      { id: kid, commercial_partner_id: co, commercial_company_name: `${P} Old`, complete_name: `${P} Old, ${P} kid` },
    ]);
    Partner().browse([co]).write({ name: `${P} New` });
    expect(Partner().browse([co, kid]).read(fields, null)).toEqual([
      { id: co, commercial_partner_id: co, commercial_company_name: `${P} New`, complete_name: `${P} New` },
      { id: kid, commercial_partner_id: co, commercial_company_name: `${P} New`, complete_name: `${P} New, ${P} kid` },
    ]);
  });

  test('demo main partner (renamed YourCompany by demo data) has a fresh commercial_company_name', () => {
    expect(Partner().browse([1]).read(['name', 'commercial_company_name'])).toEqual([{ id: 1, name: 'YourCompany', commercial_company_name: 'YourCompany' }]);
  });

  test('moving a contact to another company recomputes its commercial entity and names', () => {
    const P = uniq('mv');
    const a = Partner().create({ name: `${P} A`, is_company: true }).ids[0];
    const b = Partner().create({ name: `${P} B`, is_company: true }).ids[0];
    const kid = Partner().create({ name: `${P} kid`, parent_id: a }).ids[0];
    Partner().browse([kid]).write({ parent_id: b });
    expect(Partner().browse([kid]).read(['commercial_partner_id', 'display_name'], null))
      .toEqual([{ id: kid, commercial_partner_id: b, display_name: `${P} B, ${P} kid` }]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('x2many commands', () => {
  test('many2many commands 6 (set), 0 (create), 4 (link), 3 (unlink), 5 (clear)', () => {
    const P = uniq('cmd');
    const t1 = Tag().create({ name: `${P} T1` }).ids[0];
    const t2 = Tag().create({ name: `${P} T2` }).ids[0];
    const t3 = Tag().create({ name: `${P} T3` }).ids[0];
    const pid = Partner().create({ name: P, category_id: [[6, 0, [t2, t1]]] }).ids[0];
    const rec = Partner().browse([pid]);
    const tags = () => rec.read(['category_id'])[0].category_id;
    expect(tags()).toEqual([t1, t2]);
    rec.write({ category_id: [[0, 0, { name: `${P} T0` }]] });
    const t0 = Tag().search([['name', '=', `${P} T0`]]).ids;
    expect(t0).toHaveLength(1);
    expect(tags()).toEqual([t0[0], t1, t2]);
    rec.write({ category_id: [[4, t3, 0]] });
    expect(tags()).toEqual([t0[0], t1, t2, t3]);
    rec.write({ category_id: [[3, t1, 0]] });
    expect(tags()).toEqual([t0[0], t2, t3]);
    expect(Tag().browse([t1]).exists().ids).toEqual([t1]); // unlink keeps the tag
    rec.write({ category_id: [[5, 0, 0]] });
    expect(tags()).toEqual([]);
    rec.write({ category_id: [[6, 0, [t3, t1]]], ref: 'x' });
    expect(tags()).toEqual([t1, t3]);
  });

  test('many2many short forms ([4, id], [5], plain id list), 1 (update), 2 (delete), False = clear', () => {
    const P = uniq('cmd2');
    const t1 = Tag().create({ name: `${P} T1` }).ids[0];
    const t2 = Tag().create({ name: `${P} T2` }).ids[0];
    const rec = Partner().create({ name: P });
    const tags = () => rec.read(['category_id'])[0].category_id;
    rec.write({ category_id: [[4, t2]] });
    expect(tags()).toEqual([t2]);
    rec.write({ category_id: [[4, t1], [4, t2]] });
    expect(tags()).toEqual([t1, t2]); // link is idempotent
    rec.write({ category_id: [[5]] });
    expect(tags()).toEqual([]);
    rec.write({ category_id: [t2] });
    expect(tags()).toEqual([t2]); // plain list = set
    rec.write({ category_id: [[1, t2, { name: `${P} T2b` }]] });
    expect(tags()).toEqual([t2]);
    expect(Tag().browse([t2]).read(['name'])).toEqual([{ id: t2, name: `${P} T2b` }]);
    rec.write({ category_id: [[2, t2, 0]] });
    expect(tags()).toEqual([]);
    expect(Tag().browse([t2]).exists().ids).toEqual([]); // delete removes the tag record
    rec.write({ category_id: [[6, 0, [t1]]] });
    rec.write({ category_id: false });
    expect(tags()).toEqual([]);
  });

  test('many2many CREATE on several records creates ONE comodel record linked to all', () => {
    const P = uniq('cmd3');
    const a = Partner().create({ name: `${P} a` }).ids[0];
    const b = Partner().create({ name: `${P} b` }).ids[0];
    Partner().browse([a, b]).write({ category_id: [[0, 0, { name: `${P} shared` }]] });
    const t = Tag().search([['name', '=', `${P} shared`]]).ids;
    expect(t).toHaveLength(1);
    expect(Partner().browse([a, b]).read(['category_id']).map((r) => r.category_id)).toEqual([t, t]);
  });

  test('one2many child_ids: create lines, update, link moves, unlink detaches, delete removes', () => {
    const P = uniq('o2m');
    const co = Partner().create({ name: `${P} Co`, is_company: true, child_ids: [[0, 0, { name: `${P} c1` }], [0, 0, { name: `${P} c2` }]] }).ids[0];
    const kids = Partner().browse([co]).read(['child_ids'])[0].child_ids as number[];
    expect(kids).toHaveLength(2);
    for (const x of Partner().browse(kids).read(['parent_id'])) expect(x.parent_id).toEqual([co, `${P} Co`]);
    const other = Partner().create({ name: `${P} other` }).ids[0];
    Partner().browse([co]).write({ child_ids: [[4, other, 0]] });
    expect(Partner().browse([other]).read(['parent_id'])[0].parent_id).toEqual([co, `${P} Co`]);
    Partner().browse([co]).write({ child_ids: [[3, other, 0]] });
    expect(Partner().browse([other]).read(['parent_id'])[0].parent_id).toBe(false);
    expect(Partner().browse([other]).exists().ids).toEqual([other]); // detached record still exists
    Partner().browse([co]).write({ child_ids: [[1, kids[0], { function: 'CEO' }]] });
    expect(Partner().browse([kids[0]]).read(['function', 'parent_id'])[0]).toEqual({ id: kids[0], function: 'CEO', parent_id: [co, `${P} Co`] });
    Partner().browse([co]).write({ child_ids: [[2, kids[1], 0]] });
    expect(Partner().browse([kids[1]]).exists().ids).toEqual([]);
    // 6 (set): lines not listed are detached, listed ones are linked
    Partner().browse([co]).write({ child_ids: [[6, 0, [other]]] });
    expect(Partner().browse([co]).read(['child_ids'])[0].child_ids).toEqual([other]);
    expect(Partner().browse([kids[0]]).read(['parent_id'])[0].parent_id).toBe(false);
    // 5 (clear)
    Partner().browse([co]).write({ child_ids: [[5]] });
    expect(Partner().browse([co]).read(['child_ids'])[0].child_ids).toEqual([]);
    expect(Partner().browse([other]).exists().ids).toEqual([other]);
  });

  test('one2many in create: SET links the given lines, CLEAR before any line is ignored', () => {
    const P = uniq('o2mc');
    const other = Partner().create({ name: `${P} other` }).ids[0];
    const co = Partner().create({ name: `${P} Co`, is_company: true, child_ids: [[5], [6, 0, [other]], [0, 0, { name: `${P} new` }]] }).ids[0];
    const kids = Partner().browse([co]).read(['child_ids'])[0].child_ids as number[];
    expect(kids).toHaveLength(2);
    expect(kids).toContain(other);
    expect(Partner().browse([other]).read(['parent_id'], null)).toEqual([{ id: other, parent_id: co }]);
  });

  test('name_get (deprecated in 17) still returns [id, display_name] pairs', () => {
    expect(kw('res.partner', 'name_get', [[3, 1]])).toEqual([[3, 'YourCompany, Mitchell Admin'], [1, 'YourCompany']]);
  });

  test('archiving, unarchiving or toggling ids of which one does not exist: MissingError and nothing changes (as a real Odoo 17 answers)', () => {
    const id = Partner().create({ name: uniq('arch') }).ids[0];
    for (const method of ['action_archive', 'action_unarchive', 'toggle_active']) {
      expectOdooError(() => kw('res.partner', method, [[id, 999999]]), 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)');
      expect(Partner().withContext({ active_test: false }).browse([id]).read(['active'])[0].active).toBe(true);
    }
  });

  test('name_get of ids that do not exist: MissingError naming only those (as a real Odoo 17 answers)', () => {
    expectOdooError(() => kw('res.partner', 'name_get', [[3, 999999]]), 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)');
    expectOdooError(() => kw('res.partner', 'name_get', [[999998, 999999]]), 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: res.partner(999998, 999999), User: 2)');
  });

  test('a non-list x2many value is rejected with "Wrong value for ..."', () => {
    const rec = Partner().create({ name: uniq('wv') });
    expectOdooError(() => rec.write({ category_id: 'abc' }), 'builtins.ValueError', "Wrong value for res.partner.category_id: 'abc'");
  });
});

// ---------------------------------------------------------------------------------------------
describe('copy', () => {
  test('returns an int, adds " (copy)" on partners, applies defaults, skips copy=False fields and o2m', () => {
    const P = uniq('cpy');
    const co = Partner().create({ name: `${P} Co`, is_company: true }).ids[0];
    const tag = Tag().create({ name: `${P} tag` }).ids[0];
    const src = Partner().create({ name: P, ref: 'R1', email: 'e@example.com', parent_id: co, category_id: [[6, 0, [tag]]], color: 5, barcode: 'BC1' }).ids[0];
    const child = Partner().create({ name: `${P} child`, parent_id: src }).ids[0];
    const nw = kw('res.partner', 'copy', [src]);
    expect(typeof nw).toBe('number');
    expect([src, child]).not.toContain(nw);
    const [r] = Partner().browse([nw]).read(['name', 'ref', 'email', 'parent_id', 'category_id', 'child_ids', 'color', 'barcode']);
    expect(r).toEqual({ id: nw, name: `${P} (copy)`, ref: 'R1', email: 'e@example.com', parent_id: [co, `${P} Co`], category_id: [tag], child_ids: [], color: 5, barcode: false });
    const nw2 = kw('res.partner', 'copy', [[src]], { default: { name: `${P} other`, ref: false } });
    expect(Partner().browse([nw2]).read(['name', 'ref'])).toEqual([{ id: nw2, name: `${P} other`, ref: false }]);
    // res.partner.category: no " (copy)" suffix; partner_ids is copy=False
    const newtag = kw('res.partner.category', 'copy', [tag]);
    expect(Tag().browse([newtag]).read(['name', 'partner_ids'])).toEqual([{ id: newtag, name: `${P} tag`, partner_ids: [] }]);
  });

  test('copy of two ids: Expected singleton', () => {
    expectOdooError(() => kw('res.partner', 'copy', [[1, 3]]), 'builtins.ValueError', 'Expected singleton: res.partner(1, 3)');
  });
});

// ---------------------------------------------------------------------------------------------
describe('name_search / name_create / default_get', () => {
  test('name_search: [[id, display_name]] pairs, args, operator, limit, email match', () => {
    const P = uniq('nsr');
    const co = Partner().create({ name: `${P} Corp`, is_company: true, email: `${P}@corp.example.com` }).ids[0];
    const amy = Partner().create({ name: `${P} Amy`, parent_id: co }).ids[0];
    const d1 = Partner().create({ name: `${P} Dup` }).ids[0];
    const d2 = Partner().create({ name: `${P} Dup` }).ids[0];
    expect(kw('res.partner', 'name_search', [P])).toEqual([[co, `${P} Corp`], [amy, `${P} Corp, ${P} Amy`], [d2, `${P} Dup`], [d1, `${P} Dup`]]);
    expect(kw('res.partner', 'name_search', [P], { limit: 2 })).toEqual([[co, `${P} Corp`], [amy, `${P} Corp, ${P} Amy`]]);
    expect(kw('res.partner', 'name_search', [P, [['is_company', '=', true]]])).toEqual([[co, `${P} Corp`]]);
    expect(kw('res.partner', 'name_search', [], { name: `${P} dup`.toUpperCase(), operator: '=ilike' })).toEqual([[d2, `${P} Dup`], [d1, `${P} Dup`]]);
    expect(kw('res.partner', 'name_search', [`${P}@corp`])).toEqual([[co, `${P} Corp`]]);
    expect(kw('res.partner', 'name_search', [uniq('nomatch')])).toEqual([]);
  });

  test('name_create returns [id, display_name] and applies defaults', () => {
    const name = uniq('nc');
    const r = kw('res.partner.category', 'name_create', [name]);
    expect(Array.isArray(r) && r.length === 2 && Number.isInteger(r[0])).toBe(true);
    expect(r[1]).toBe(name);
    expect(Tag().browse([r[0]]).read(['name', 'active'])).toEqual([{ id: r[0], name, active: true }]);
  });

  test('default_get returns defaults only (unknown names ignored), context defaults first', () => {
    expect(kw('res.partner', 'default_get', [['active', 'type', 'name', 'lang', 'is_company', 'color', 'nosuchfield']]))
      .toEqual({ active: true, type: 'contact', lang: 'en_US', is_company: false, color: 0 });
    expect(kw('res.partner', 'default_get', [['name', 'type']], { context: { default_name: 'Hello', default_type: 'invoice' } }))
      .toEqual({ name: 'Hello', type: 'invoice' });
  });
});

// ---------------------------------------------------------------------------------------------
describe('search / search_count / search_read', () => {
  let S: Record<string, number[]>;
  let SP: string;
  beforeAll(() => {
    SP = uniq('srt');
    S = {};
    for (const n of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Alpha']) {
      (S[n] ??= []).push(Partner().create({ name: `${SP} ${n}` }).ids[0]);
    }
  });
  const sdom = () => [['name', '=like', `${SP} %`]];

  test("offset / limit / order 'name desc, id' (keyword and positional)", () => {
    expect(kw('res.partner', 'search', [sdom()], { order: 'name desc, id' }))
      .toEqual([...S.Delta, ...S.Charlie, ...S.Bravo, ...[...S.Alpha].sort((a, b) => a - b)]);
    expect(kw('res.partner', 'search', [sdom()], { order: 'name, id desc', offset: 1, limit: 2 }))
      .toEqual([Math.min(...S.Alpha), S.Bravo[0]]);
    const r = kw('res.partner', 'search', [sdom(), 3, 1, 'name desc']);
    expect(r).toHaveLength(1);
    expect(S.Alpha).toContain(r[0]);
    expect(kw('res.partner', 'search', [sdom()], { offset: 10 })).toEqual([]);
    expect(Partner().search(sdom(), 0, 2, 'name ASC, id ASC').ids).toEqual([...S.Alpha].sort((a, b) => a - b));
    expect(Partner().search(sdom(), 0, false, 'name').ids).toHaveLength(5); // limit falsy = no limit
  });

  test('default res.partner order is complete_name asc, id desc', () => {
    const P = uniq('dord');
    const co = Partner().create({ name: `${P} Corp`, is_company: true }).ids[0];
    const z = Partner().create({ name: `${P} Zed`, parent_id: co }).ids[0];
    const a = Partner().create({ name: `${P} Amy`, parent_id: co }).ids[0];
    const d1 = Partner().create({ name: `${P} Dup` }).ids[0];
    const d2 = Partner().create({ name: `${P} Dup` }).ids[0];
    expect(kw('res.partner', 'search', [[['name', '=like', `${P} %`]]])).toEqual([co, a, z, d2, d1]);
  });

  test('ordering by a many2one sorts by the comodel order (desc reverses every term)', () => {
    const P = uniq('m2oord');
    const pb = Partner().create({ name: `${P} B`, is_company: true }).ids[0];
    const pa = Partner().create({ name: `${P} A`, is_company: true }).ids[0];
    const pa2 = Partner().create({ name: `${P} A`, is_company: true }).ids[0];
    const k1 = Partner().create({ name: `${P} k1`, parent_id: pb }).ids[0];
    const k2 = Partner().create({ name: `${P} k2`, parent_id: pa }).ids[0];
    const k3 = Partner().create({ name: `${P} k3`, parent_id: pa2 }).ids[0];
    const d = [['name', '=like', `${P} k%`]];
    // parents ordered by complete_name ASC, id DESC: pa2, pa, pb
    expect(Partner().search(d, 0, null, 'parent_id').ids).toEqual([k3, k2, k1]);
    expect(Partner().search(d, 0, null, 'parent_id desc').ids).toEqual([k1, k2, k3]);
  });

  test('an empty many2one sorts last ascending and first descending (PostgreSQL NULL order through the join)', () => {
    const P = uniq('m2onull');
    // res.country is ordered by name (a required column)
    const us = env.model('res.country').search([['code', '=', 'US']]).ids[0];
    const be = env.model('res.country').search([['code', '=', 'BE']]).ids[0];
    const cu = Partner().create({ name: `${P} cu`, country_id: us }).ids[0];
    const cb = Partner().create({ name: `${P} cb`, country_id: be }).ids[0];
    const cn = Partner().create({ name: `${P} cn` }).ids[0];
    const dc = [['name', '=like', `${P} c_`]];
    expect(Partner().search(dc, 0, null, 'country_id, id').ids).toEqual([cb, cu, cn]); // NULLs last ascending
    expect(Partner().search(dc, 0, null, 'country_id desc, id').ids).toEqual([cn, cu, cb]); // NULLs first descending
  });

  test('ordering on a non-stored field is ignored, remaining terms still apply', () => {
    const ids = Partner().search(sdom(), 0, null, 'display_name, id desc').ids;
    expect(ids).toEqual([...Object.values(S).flat()].sort((a, b) => b - a));
  });

  test('search_count with and without limit', () => {
    expect(kw('res.partner', 'search_count', [sdom()])).toBe(5);
    expect(kw('res.partner', 'search_count', [sdom()], { limit: 2 })).toBe(2);
    expect(kw('res.partner', 'search_count', [[...sdom(), ['id', '=', -1]]])).toBe(0);
    expect(kw('res.partner', 'search_count', [[['id', 'in', [1, 3]]]])).toBe(2);
  });

  test('search_read: exact keys, kwargs form, [] when empty', () => {
    const alpha = [...S.Alpha].sort((a, b) => a - b);
    expect(kw('res.partner', 'search_read', [[['id', 'in', alpha]], ['name', 'ref']], { order: 'id' }))
      .toEqual(alpha.map((id) => ({ id, name: `${SP} Alpha`, ref: false })));
    expect(kw('res.partner', 'search_read', [], { domain: sdom(), fields: ['name'], limit: 1, offset: 1, order: 'name desc' }))
      .toEqual([{ id: S.Charlie[0], name: `${SP} Charlie` }]);
    expect(kw('res.partner', 'search_read', [[['id', '=', -1]], ['name']])).toEqual([]);
    expect(kw('res.partner', 'search_read', [[['id', '=', 3]], ['name']])).toEqual([{ id: 3, name: 'Mitchell Admin' }]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('execute_kw dispatch', () => {
  test('private methods, unknown model, unknown method', () => {
    expectOdooError(() => kw('res.partner', '_foo', [[]]), 'odoo.exceptions.AccessError', 'Private methods (such as _foo) cannot be called remotely.');
    expectOdooError(() => kw('res.foo', '_bar', [[]]), 'odoo.exceptions.AccessError', 'Private methods (such as _bar) cannot be called remotely.');
    expectOdooError(() => kw('res.partner', 'init', [[]]), 'odoo.exceptions.AccessError', 'Private methods (such as init) cannot be called remotely.');
    expectOdooError(() => kw('res.foo', 'search', [[]]), 'odoo.exceptions.UserError', "Object res.foo doesn't exist");
    expectOdooError(() => kw('res.partner', 'foo_bar', [[]]), 'builtins.AttributeError', "The method 'foo_bar' does not exist on the model 'res.partner'");
  });

  test("search(count=True) is a TypeError on 17", () => {
    expectOdooError(() => kw('res.partner', 'search', [[]], { count: true }), 'builtins.TypeError', "BaseModel.search() got an unexpected keyword argument 'count'");
  });

  test('a failing call rolls back everything it did', () => {
    const name = uniq('rb');
    expect(() => kw('res.partner', 'create', [[{ name }, { name: `${name}2`, type: 'foo' }]])).toThrow();
    expect(Partner().search([['name', '=like', `${name}%`]]).ids).toEqual([]);
  });
});
