/**
 * Inheritance (orm.md §6, security.md §5, conformance orm-inherits/*, orm-x2many groups_id):
 * res.users delegates to res.partner (_inherits): partner creation, mirrored name/email, search
 * and order on inherited fields, fields_get of inherited fields, login constraints, groups with
 * implied groups, share, user types; plus a custom registry proving `_inherit` extension,
 * prototype inheritance and `_inherits` delegation on test models.
 */
import { DatabaseManager, buildRegistry, type Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError, MANDATORY_MSG } from './orm_helpers';

let db: Database;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x`;

beforeAll(() => {
  db = demoDb();
});

const admin = (): Environment => db.env(2);
const Users = () => admin().model('res.users');
const Partner = () => admin().model('res.partner');
function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return callKw(db, 2, model, method, args, kwargs, { unknownModel: 'user_error' });
}

describe('res.users delegates to res.partner', () => {
  test('creating a user creates its partner; name/email mirror the partner both ways', () => {
    const login = uniq('inh');
    const email = `${login}@example.com`;
    const uid = kw('res.users', 'create', [{ name: `Inh ${login}`, login, email }]);
    const [u] = Users().browse([uid]).read(['name', 'email', 'partner_id', 'login']);
    const pid = (u.partner_id as [number, string])[0];
    expect(u).toEqual({ id: uid, name: `Inh ${login}`, email, partner_id: [pid, `Inh ${login}`], login });
    expect(Partner().browse([pid]).read(['name', 'email', 'user_ids'])).toEqual([{ id: pid, name: `Inh ${login}`, email, user_ids: [uid] }]);
    kw('res.users', 'write', [[uid], { name: `Renamed ${login}` }]);
    expect(Partner().browse([pid]).read(['name'])[0].name).toBe(`Renamed ${login}`);
    kw('res.partner', 'write', [[pid], { email: `new.${email}` }]);
    expect(Users().browse([uid]).read(['email'])[0].email).toBe(`new.${email}`);
  });

  test('other partner fields are readable and writable through the user', () => {
    const login = uniq('inhf');
    const uid = Users().create({ name: login, login, phone: '+32 1', street: 'Main 1' }).ids[0];
    const [u] = Users().browse([uid]).read(['phone', 'street', 'partner_id'], null);
    expect(u.phone).toBe('+32 1');
    expect(u.street).toBe('Main 1');
    Users().browse([uid]).write({ street: 'Side 2' });
    expect(Partner().browse([u.partner_id as number]).read(['street'])).toEqual([{ id: u.partner_id, street: 'Side 2' }]);
  });

  test('the new partner follows the user (active) and keeps existing partners when partner_id is given', () => {
    const login = uniq('inhp');
    const pid = Partner().create({ name: `P ${login}` }).ids[0];
    const uid = Users().create({ login, partner_id: pid, email: `${login}@x.example.com` }).ids[0];
    expect(Users().browse([uid]).read(['partner_id', 'name'], null)).toEqual([{ id: uid, partner_id: pid, name: `P ${login}` }]);
    // given inherited values were written on the existing partner
    expect(Partner().browse([pid]).read(['email'])).toEqual([{ id: pid, email: `${login}@x.example.com` }]);
    const login2 = uniq('inha');
    const uid2 = Users().create({ name: login2, login: login2, active: false }).ids[0];
    const p2 = Users().browse([uid2]).read(['partner_id'], null)[0].partner_id as number;
    expect(Partner().browse([p2]).read(['active'])).toEqual([{ id: p2, active: false }]);
  });

  test('search res.users on inherited fields (email, name, dotted) and search_read them', () => {
    const login = uniq('inhs');
    const email = `${login}@example.org`;
    const uid = kw('res.users', 'create', [{ name: `S ${login}`, login, email }]);
    expect(kw('res.users', 'search', [[['email', '=', email]]])).toEqual([uid]);
    expect(kw('res.users', 'search', [[['name', 'ilike', `s ${login}`]]])).toEqual([uid]);
    expect(kw('res.users', 'search', [[['partner_id.email', '=', email]]])).toEqual([uid]);
    expect(kw('res.users', 'search_read', [[['login', '=', login]]], { fields: ['name', 'email'] })).toEqual([{ id: uid, name: `S ${login}`, email }]);
  });

  test('order on inherited fields joins the partner table', () => {
    const P = uniq('inho');
    const c = Users().create({ name: `${P} C`, login: `${P}c`, email: `a.${P}@example.com` }).ids[0];
    const a = Users().create({ name: `${P} A`, login: `${P}a`, email: `c.${P}@example.com` }).ids[0];
    const b = Users().create({ name: `${P} B`, login: `${P}b`, email: `b.${P}@example.com` }).ids[0];
    const d = [['login', '=like', `${P}%`]];
    expect(Users().search(d).ids).toEqual([a, b, c]); // _order 'name, login'
    expect(Users().search(d, 0, null, 'name desc').ids).toEqual([c, b, a]);
    expect(Users().search(d, 0, null, 'email').ids).toEqual([c, b, a]);
    expect(Users().search(d, 0, null, 'login desc').ids).toEqual([c, b, a]);
  });

  test('fields_get: required login, inherited fields are related to partner_id and not stored', () => {
    expect(kw('res.users', 'fields_get', [['login', 'name', 'email', 'partner_id', 'phone']], { attributes: ['type', 'required', 'related', 'store', 'relation'] })).toEqual({
      login: { type: 'char', required: true, store: true },
      name: { type: 'char', required: false, related: 'partner_id.name', store: false },
      email: { type: 'char', required: false, related: 'partner_id.email', store: false },
      phone: { type: 'char', required: false, related: 'partner_id.phone', store: false },
      partner_id: { type: 'many2one', required: true, store: true, relation: 'res.partner' },
    });
  });

  test('default_get for inherited fields delegates to res.partner', () => {
    expect(Users().default_get(['type', 'is_company', 'color'])).toEqual({ type: 'contact', is_company: false, color: 0 });
  });

  test('missing login -> mandatory field ValidationError; duplicate login -> SQL constraint message', () => {
    expectOdooError(() => kw('res.users', 'create', [{ name: uniq('nologin') }]), 'odoo.exceptions.ValidationError',
      `${MANDATORY_MSG}Model: User (res.users)\nField: Login (login)\n`);
    const login = uniq('dup');
    kw('res.users', 'create', [{ name: `D ${login}`, login }]);
    expectOdooError(() => kw('res.users', 'create', [{ name: `D2 ${login}`, login }]), 'odoo.exceptions.ValidationError',
      'The operation cannot be completed: You can not have two users with the same login!');
    // the failed create left no orphan partner behind
    expect(Partner().search([['name', '=', `D2 ${login}`]]).ids).toEqual([]);
  });

  test('unlinking a user keeps its partner; deleting a partner of an active user is refused', () => {
    const login = uniq('del');
    const uid = Users().create({ name: login, login }).ids[0];
    const pid = Users().browse([uid]).read(['partner_id'], null)[0].partner_id as number;
    const e = expectOdooError(() => Partner().browse([pid]).unlink(), 'odoo.exceptions.RedirectWarning',
      `You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : ${login}`);
    // RedirectWarning(message, action, button_text): the button text is part of the wire format
    expect(e.args[0]).toBe(e.message);
    expect(e.args[2]).toBe('Go to users');
    expect(Users().browse([uid]).unlink()).toBe(true);
    expect(Partner().browse([pid]).exists().ids).toEqual([pid]);
  });

  test("copy gives login and name '(copy)' and a new partner", () => {
    const login = uniq('cpu');
    const uid = Users().create({ name: `N ${login}`, login }).ids[0];
    const nid = kw('res.users', 'copy', [uid]);
    const [r] = Users().browse([nid]).read(['login', 'name', 'partner_id'], null);
    expect(r.login).toBe(`${login} (copy)`);
    expect(r.name).toBe(`N ${login} (copy)`);
    expect(r.partner_id).not.toBe(Users().browse([uid]).read(['partner_id'], null)[0].partner_id);
  });

  test('the password column is never exposed nor searchable', () => {
    const login = uniq('pw');
    const uid = Users().create({ name: login, login, password: 'secret-pw' }).ids[0];
    expect(Users().browse([uid]).read(['password'])).toEqual([{ id: uid, password: '' }]);
    // a leaf on the password is not an oracle: it filters nothing (non-stored field in Odoo 17)
    const all = Users().search_count([]);
    expect(Users().search_count([['password', '=like', '$%']])).toBe(all);
    expect(Users().search_count([['password', '=', 'nope']])).toBe(all);
  });
});

describe('res.users groups', () => {
  test('groups_id commands: 6 set with implied groups, 4 add, 3 remove; share computed', () => {
    const gUser = db.env(1).refId('base.group_user');
    const gPm = db.env(1).refId('base.group_partner_manager');
    const gNoOne = db.env(1).refId('base.group_no_one');
    const implied = kw('res.groups', 'read', [[gUser], ['implied_ids']])[0].implied_ids as number[];
    expect(implied).toContain(gNoOne); // group_user implies group_no_one
    const login = uniq('grp');
    const uid = kw('res.users', 'create', [{ name: `G ${login}`, login, groups_id: [[6, 0, [gUser]]] }]);
    const groups = () => new Set(Users().browse([uid]).read(['groups_id'])[0].groups_id as number[]);
    expect(groups()).toEqual(new Set([gUser, ...implied]));
    expect(groups().has(gPm)).toBe(false);
    kw('res.users', 'write', [[uid], { groups_id: [[4, gPm]] }]);
    expect(groups().has(gPm)).toBe(true);
    kw('res.users', 'write', [[uid], { groups_id: [[3, gPm]] }]);
    expect(groups().has(gPm)).toBe(false);
    expect(groups().has(gUser)).toBe(true);
    expect(Users().browse([uid]).read(['share'])).toEqual([{ id: uid, share: false }]);
  });

  test('share is True for portal users and recomputed when the user type changes', () => {
    const gUser = db.env(1).refId('base.group_user');
    const gPortal = db.env(1).refId('base.group_portal');
    expect(Users().browse([7]).read(['share'])).toEqual([{ id: 7, share: true }]);
    expect(Users().browse([6]).read(['share'])).toEqual([{ id: 6, share: false }]);
    const login = uniq('shr');
    const uid = Users().create({ name: login, login, groups_id: [[6, 0, [gPortal]]] }).ids[0];
    expect(Users().browse([uid]).read(['share'])).toEqual([{ id: uid, share: true }]);
    Users().browse([uid]).write({ groups_id: [[3, gPortal], [4, gUser]] });
    expect(Users().browse([uid]).read(['share'])).toEqual([{ id: uid, share: false }]);
    // the partner's partner_share follows
    const pid = Users().browse([uid]).read(['partner_id'], null)[0].partner_id as number;
    expect(Partner().browse([pid]).read(['partner_share'])).toEqual([{ id: pid, partner_share: false }]);
  });

  test('a user cannot have two user types', () => {
    const gPortal = db.env(1).refId('base.group_portal');
    const login = uniq('typ');
    const uid = Users().create({ name: login, login }).ids[0]; // default groups: internal user
    expectOdooError(() => kw('res.users', 'write', [[uid], { groups_id: [[4, gPortal]] }]), 'odoo.exceptions.ValidationError',
      'The user cannot have more than one user types.');
    expect(Users().browse([uid]).read(['groups_id'])[0].groups_id).not.toContain(gPortal);
  });
});

// ---------------------------------------------------------------------------------------------
describe('custom registry: _inherit extension, prototype inheritance, _inherits delegation', () => {
  let cdb: Database;
  beforeAll(() => {
    const reg = buildRegistry([
      {
        _name: 'x.thing', _description: 'Thing', _order: 'name, id',
        fields: { name: { type: 'char', required: true }, qty: { type: 'integer' } },
        methods: (Base) => class extends Base {
          describe(): string { return `thing:${this.ids.join(',')}`; }
        },
      },
      {
        // extension: same model, same table, new field and an override calling super
        _inherit: 'x.thing',
        fields: { extra: { type: 'integer', default: 7 }, qty: { type: 'integer', default: 3 } },
        methods: (Base) => class extends Base {
          describe(): string { return `${(Base.prototype as unknown as { describe(): string }).describe.call(this)}+ext`; }
        },
      },
      {
        // prototype inheritance: new model with its own table, copying x.thing's fields
        _name: 'x.gadget', _inherit: 'x.thing', _description: 'Gadget',
        fields: { gadget_only: { type: 'char' } },
      },
      {
        _name: 'x.child', _description: 'Child', _inherits: { 'x.thing': 'thing_id' },
        fields: { thing_id: { type: 'many2one', comodel: 'x.thing', ondelete: 'cascade' }, own: { type: 'char' } },
      },
    ]);
    const dbm = new DatabaseManager(null, { registry: reg, templateDir: null });
    cdb = dbm.create('custom');
  });

  test('_inherit extension adds fields and overrides methods on the same table', () => {
    const T = cdb.env(1).model('x.thing');
    expect(Object.keys(T.cls._fields)).toEqual(expect.arrayContaining(['name', 'qty', 'extra']));
    expect(T.cls._table).toBe('x_thing');
    const t = T.create({ name: 'a' });
    expect(t.read(['name', 'qty', 'extra'])).toEqual([{ id: t.ids[0], name: 'a', qty: 3, extra: 7 }]);
    expect((t as any).describe()).toBe(`thing:${t.ids[0]}+ext`);
    const cols = cdb.cr.all<{ name: string }>('PRAGMA table_info("x_thing")').map((r) => r.name);
    expect(cols).toEqual(expect.arrayContaining(['name', 'qty', 'extra']));
  });

  test('prototype inheritance copies fields and methods into a separate model and table', () => {
    const env = cdb.env(1);
    const G = env.model('x.gadget');
    expect(G.cls._table).toBe('x_gadget');
    expect(Object.keys(G.cls._fields)).toEqual(expect.arrayContaining(['name', 'qty', 'extra', 'gadget_only']));
    expect(env.model('x.thing').cls._fields.gadget_only).toBeUndefined();
    const g = G.create({ name: 'g1', gadget_only: 'yes' });
    expect(g.read(['name', 'extra', 'gadget_only'])).toEqual([{ id: g.ids[0], name: 'g1', extra: 7, gadget_only: 'yes' }]);
    expect((g as any).describe()).toBe(`thing:${g.ids[0]}+ext`);
    expect(env.model('x.thing').search([['name', '=', 'g1']]).ids).toEqual([]);
    expect(env.model('x.gadget').fields_get(['name'], ['required']).name).toEqual({ required: true });
  });

  test('_inherits: child creates its parent, inherited fields are related, searchable and writable', () => {
    const env = cdb.env(1);
    const C = env.model('x.child');
    const c = C.create({ name: 'kid', qty: 5, own: 'o' });
    const [r] = c.read(['name', 'qty', 'extra', 'own', 'thing_id'], null);
    expect(r).toMatchObject({ name: 'kid', qty: 5, extra: 7, own: 'o' });
    const tid = r.thing_id as number;
    expect(env.model('x.thing').browse([tid]).read(['name', 'qty'])).toEqual([{ id: tid, name: 'kid', qty: 5 }]);
    expect(C.search([['name', '=', 'kid']]).ids).toEqual(c.ids);
    c.write({ name: 'kid2' });
    expect(env.model('x.thing').browse([tid]).read(['name'])).toEqual([{ id: tid, name: 'kid2' }]);
    expect(C.fields_get(['name', 'thing_id'], ['related', 'store', 'required'])).toEqual({
      name: { related: 'thing_id.name', store: false, required: true },
      thing_id: { store: true, required: true },
    });
    // the delegated parent's required field is enforced on the child
    expectOdooError(() => C.create({ own: 'no name' }), 'odoo.exceptions.ValidationError',
      `${MANDATORY_MSG}Model: Thing (x.thing)\nField: Name (name)\n`);
  });

  test('custom models are reflected in ir.model / ir.model.fields', () => {
    const env = cdb.env(1);
    expect(env.model('ir.model').search_read([['model', 'in', ['x.thing', 'x.gadget', 'x.child']]], ['model', 'name'], 0, null, 'model'))
      .toEqual([
        { id: expect.any(Number), model: 'x.child', name: 'Child' },
        { id: expect.any(Number), model: 'x.gadget', name: 'Gadget' },
        { id: expect.any(Number), model: 'x.thing', name: 'Thing' },
      ]);
    expect(env.model('ir.model.fields').search_count([['model', '=', 'x.thing'], ['name', '=', 'extra']])).toBe(1);
  });

  test('without ir.model.access rows the models are closed to non-superusers', () => {
    expectOdooError(() => cdb.env(2).model('x.thing').search([]), 'odoo.exceptions.AccessError',
      "You are not allowed to access 'Thing' (x.thing) records.\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.");
    expectOdooError(() => cdb.env(2).model('x.thing').create({ name: 'n' }), 'odoo.exceptions.AccessError',
      "You are not allowed to create 'Thing' (x.thing) records.\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.");
  });
});
