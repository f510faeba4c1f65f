/**
 * Access matrix (security.md §1, §2, §4): users {admin, demo (internal), portal, a user of a custom
 * group that can only read res.partner.category} × models {res.partner, res.users, res.company,
 * res.groups, ir.rule, ir.model.access} × operations {search, read, write, create, unlink}, over
 * /jsonrpc execute_kw, /web/dataset/call_kw with a web session, and Python's xmlrpc.client.
 * Every cell pins the exact result or the exact exception class + message. Expectations come from
 * the ACL/rule tables of security.md, not from the server. Superuser and public are tested at the
 * ORM level (neither can log in).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import {
  ADMIN, DEMO, G, PORTAL, acl, aclMsg, accessError, asAdmin, fail, ok, onWire, orm, refId, ruleMsg, transports,
  type Call, type Cred, type Expected, type Outcome, type Transport, type TransportName,
} from './sec_helpers';

let srv: TestServer;

type UserKey = 'admin' | 'demo' | 'portal' | 'custom';
type Op = 'search' | 'read' | 'write' | 'create' | 'unlink';
const USERS: UserKey[] = ['admin', 'demo', 'portal', 'custom'];
const MODELS = ['res.partner', 'res.users', 'res.company', 'res.groups', 'ir.rule', 'ir.model.access'] as const;
type ModelName = typeof MODELS[number];
const OPS: Op[] = ['search', 'read', 'write', 'create', 'unlink'];

const CUSTOM: Cred = { login: 'matrix_custom', password: 'matrix-custom-pw', uid: 0 };
const CREDS: Record<UserKey, Cred> = { admin: ADMIN, demo: DEMO, portal: PORTAL, custom: CUSTOM };

/** Database-wide fixtures (created once, as admin). */
const g = {
  customGroup: 0, customAcl: 0, scratchGroup: 0, countryModel: 0, companyX: 0,
  groupUser: 0, groupPortal: 0, partnerRule: 0, partnerManagerAcl: 0,
};

/** Per-transport fixtures: write targets and one unlink target per (model, user). */
interface Fx { write: Record<ModelName, number>; unlink: Record<ModelName, Record<UserKey, number>> }

beforeAll(async () => {
  srv = await startTestServer();
  g.groupUser = refId(srv, 'base.group_user');
  g.groupPortal = refId(srv, 'base.group_portal');
  g.partnerRule = refId(srv, 'base.res_partner_rule');
  g.partnerManagerAcl = refId(srv, 'base.access_res_partner_group_partner_manager');
  const [categoryModel] = await asAdmin(srv, 'ir.model', 'search', [[['model', '=', 'res.partner.category']]]);
  [g.countryModel] = await asAdmin(srv, 'ir.model', 'search', [[['model', '=', 'res.country']]]);
  // the custom group: read on res.partner.category only
  g.customGroup = await asAdmin(srv, 'res.groups', 'create', [{ name: 'Matrix Category Readers' }]);
  g.customAcl = await asAdmin(srv, 'ir.model.access', 'create', [{
    name: 'matrix category read', model_id: categoryModel, group_id: g.customGroup, perm_read: true,
  }]);
  CUSTOM.uid = await asAdmin(srv, 'res.users', 'create', [{
    name: 'Matrix Custom', login: CUSTOM.login, password: CUSTOM.password, groups_id: [[6, 0, [g.customGroup]]],
  }]);
  g.scratchGroup = await asAdmin(srv, 'res.groups', 'create', [{ name: 'Matrix Scratch Group' }]);
  g.companyX = await asAdmin(srv, 'res.company', 'create', [{ name: 'Matrix Company X' }]);
});
afterAll(async () => { await srv.close(); });

/** Create the per-transport fixtures (names are unique per transport). */
async function makeFixtures(t: TransportName): Promise<Fx> {
  const tag = `MX ${t}`;
  const many = (model: string, mk: (u: string) => Record<string, unknown>) =>
    asAdmin(srv, model, 'create', [['w', ...USERS].map(mk)]) as Promise<number[]>;
  const rule = (u: string) => ({ name: `${tag} rule ${u}`, model_id: g.countryModel, domain_force: "[(1, '=', 1)]" });
  const accessRow = (u: string) => ({ name: `${tag} acl ${u}`, model_id: g.countryModel, group_id: g.scratchGroup, perm_read: true });
  const made: Record<ModelName, number[]> = {
    'res.partner': await many('res.partner', (u) => ({ name: `${tag} partner ${u}` })),
    'res.users': await many('res.users', (u) => ({ name: `${tag} user ${u}`, login: `mx-${t}-${u}` })),
    'res.company': await many('res.company', (u) => ({ name: `${tag} company ${u}` })),
    'res.groups': await many('res.groups', (u) => ({ name: `${tag} group ${u}` })),
    'ir.rule': await many('ir.rule', rule),
    'ir.model.access': await many('ir.model.access', accessRow),
  };
  const fx = { write: {}, unlink: {} } as Fx;
  for (const m of MODELS) {
    const [w, ...rest] = made[m];
    fx.write[m] = w;
    fx.unlink[m] = Object.fromEntries(USERS.map((u, i) => [u, rest[i]])) as Record<UserKey, number>;
  }
  return fx;
}

/** Users that hold the write/create/unlink ACL of each model (security.md §4). */
const WRITERS: Record<ModelName, UserKey[]> = {
  'res.partner': ['admin', 'demo'], // group_partner_manager
  'res.users': ['admin'], 'res.company': ['admin'], 'res.groups': ['admin'], 'ir.rule': ['admin'], 'ir.model.access': ['admin'],
};
/** Users that hold the read ACL of each model. */
const READERS: Record<ModelName, UserKey[]> = {
  'res.partner': ['admin', 'demo', 'portal'], 'res.users': ['admin', 'demo', 'portal'], 'res.company': ['admin', 'demo', 'portal'],
  'res.groups': ['admin', 'demo'], 'ir.rule': ['admin'], 'ir.model.access': ['admin'],
};
const ACL_MODE = { search: 'read', read: 'read', write: 'write', create: 'create', unlink: 'unlink' } as const;

interface Cell { user: UserKey; model: ModelName; op: Op }
const CELLS: Cell[] = OPS.flatMap((op) => MODELS.flatMap((model) => USERS.map((user) => ({ user, model, op }))));

/** The ORM call of a cell. */
function callOf(c: Cell, t: TransportName, fx: Fx): Call {
  const user = CREDS[c.user];
  const tag = `MX ${t} by ${c.user}`;
  const k = (method: string, args: unknown[], kwargs?: Record<string, unknown>): Call => ({ user, model: c.model, method, args, kwargs });
  switch (c.op) {
    case 'search': {
      const domain: Record<ModelName, unknown[]> = {
        'res.partner': [['id', 'in', [1, 3, 7, 8]]],
        'res.users': [['id', 'in', [1, 2, 3, 4, 5, 6, 7]]],
        'res.company': [['id', 'in', [1, g.companyX]]],
        'res.groups': [['id', 'in', [g.groupUser, g.groupPortal]]],
        'ir.rule': [['id', '=', g.partnerRule]],
        'ir.model.access': [['id', '=', g.partnerManagerAcl]],
      };
      return k('search', [domain[c.model]], { order: 'id' });
    }
    case 'read': {
      const target: Record<ModelName, [number, string]> = {
        'res.partner': [3, 'name'], 'res.users': [2, 'login'], 'res.company': [1, 'name'],
        'res.groups': [g.groupUser, 'name'], 'ir.rule': [g.partnerRule, 'name'], 'ir.model.access': [g.partnerManagerAcl, 'name'],
      };
      const [id, f] = target[c.model];
      return k('read', [[id], [f]]);
    }
    case 'write': {
      const vals: Record<ModelName, [number, Record<string, unknown>]> = {
        'res.partner': [fx.write['res.partner'], { function: tag }],
        'res.users': [fx.write['res.users'], { login: `mx-${t}-w-by-${c.user}` }],
        'res.company': [g.companyX, { sequence: 7 }],
        'res.groups': [fx.write['res.groups'], { name: tag }],
        'ir.rule': [fx.write['ir.rule'], { name: tag }],
        'ir.model.access': [fx.write['ir.model.access'], { name: tag }],
      };
      const [id, v] = vals[c.model];
      return k('write', [[id], v]);
    }
    case 'create': {
      const vals: Record<ModelName, Record<string, unknown>> = {
        'res.partner': { name: `${tag} new res.partner` },
        'res.users': { name: `${tag} new res.users`, login: `mx-${t}-c-by-${c.user}` },
        'res.company': { name: `${tag} new res.company` },
        'res.groups': { name: `${tag} new res.groups` },
        'ir.rule': { name: `${tag} new ir.rule`, model_id: g.countryModel, domain_force: "[(1, '=', 1)]" },
        'ir.model.access': { name: `${tag} new ir.model.access`, model_id: g.countryModel, group_id: g.scratchGroup, perm_read: true },
      };
      return k('create', [vals[c.model]]);
    }
    case 'unlink':
      return k('unlink', [[fx.unlink[c.model][c.user]]]);
  }
}

/** The expected outcome of a cell (security.md §1 ACL texts, §2 rule filtering, §4 tables). */
function expectedOf(c: Cell): Expected {
  const aclOk = (c.op === 'search' || c.op === 'read' ? READERS : WRITERS)[c.model].includes(c.user);
  if (!aclOk) return accessError(acl(c.model, ACL_MODE[c.op]));
  const portal = c.user === 'portal';
  switch (c.op) {
    case 'search': {
      const res: Record<ModelName, unknown> = {
        // portal: (global company rule) AND (child_of own commercial partner) → only partner 8
        'res.partner': portal ? [8] : [1, 3, 7, 8],
        // active users only; portal: the inherited partner rules leave only itself
        'res.users': portal ? [7] : [2, 6, 7],
        // company rules: id in company_ids, except group_erp_manager (1=1)
        'res.company': c.user === 'admin' ? [1, g.companyX] : [1],
        'res.groups': [g.groupUser, g.groupPortal],
        'ir.rule': [g.partnerRule],
        'ir.model.access': [g.partnerManagerAcl],
      };
      return ok(res[c.model]);
    }
    case 'read': {
      if (portal && c.model === 'res.partner') return accessError(ruleMsg('Joel Willis', 7, 'read', 'Contact', 'res.partner'));
      if (portal && c.model === 'res.users') return accessError(ruleMsg('Joel Willis', 7, 'read', 'User', 'res.users'));
      const res: Record<ModelName, unknown> = {
        'res.partner': [{ id: 3, name: 'Mitchell Admin' }],
        'res.users': [{ id: 2, login: 'admin' }],
        'res.company': [{ id: 1, name: 'YourCompany' }],
        'res.groups': [{ id: g.groupUser, name: 'Internal User' }],
        'ir.rule': [{ id: g.partnerRule, name: 'res.partner company' }],
        'ir.model.access': [{ id: g.partnerManagerAcl, name: 'res_partner group_partner_manager' }],
      };
      return ok(res[c.model]);
    }
    case 'create':
      return ok(expect.any(Number));
    default:
      return ok(true);
  }
}

const label = (c: Cell) => `${c.user} ${c.op} ${c.model}`;

describe.each(['jsonrpc', 'call_kw', 'xmlrpc'] as TransportName[])('matrix over %s', (tname) => {
  let t: Transport;
  let fx: Fx;
  const results = new Map<string, Outcome>();
  beforeAll(async () => {
    t = transports(srv).find((x) => x.name === tname)!;
    fx = await makeFixtures(tname);
    // searches and reads run before any write/create/unlink (CELLS is ordered by operation)
    const outs = await t.run(CELLS.map((c) => callOf(c, tname, fx)));
    CELLS.forEach((c, i) => results.set(label(c), outs[i]));
  });

  // one test per cell: the exact result, or the exact exception and message
  it.each(CELLS.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    expect(results.get(label(c))).toEqual(onWire(tname, expectedOf(c)));
  });

  // denied write/create/unlink left no trace; allowed ones took effect (verified as admin)
  it('denied operations changed nothing, allowed ones happened', async () => {
    for (const m of MODELS) {
      for (const u of USERS) {
        const allowed = WRITERS[m].includes(u);
        const id = fx.unlink[m][u];
        const left = await asAdmin(srv, m, 'search', [[['id', '=', id]]], { context: { active_test: false } });
        expect([m, u, 'unlinked', left.length === 0]).toEqual([m, u, 'unlinked', allowed]);
        const field = m === 'res.users' ? 'login' : 'name';
        const value = m === 'res.users' ? `mx-${tname}-c-by-${u}` : `MX ${tname} by ${u} new ${m}`;
        const created = await asAdmin(srv, m, 'search', [[[field, '=', value]]], { context: { active_test: false } });
        expect([m, u, 'created', created.length]).toEqual([m, u, 'created', allowed ? 1 : 0]);
      }
    }
    const [p] = await asAdmin(srv, 'res.partner', 'read', [[fx.write['res.partner']], ['function']]);
    expect(p.function).toBe(`MX ${tname} by demo`); // demo wrote last; portal/custom were refused
    const [usr] = await asAdmin(srv, 'res.users', 'read', [[fx.write['res.users']], ['login']]);
    expect(usr.login).toBe(`mx-${tname}-w-by-admin`);
    for (const m of ['res.groups', 'ir.rule', 'ir.model.access'] as const) {
      const [r] = await asAdmin(srv, m, 'read', [[fx.write[m]], ['name']]);
      expect([m, r.name]).toEqual([m, `MX ${tname} by admin`]);
    }
  });

  // the VERIFIED-RUN portal cases of security.md §2 that the matrix does not cover
  it('portal: search_count res.partner is 1, name_search returns only its partner, reading it works', async () => {
    const [count, names, own, all] = await t.run([
      { user: PORTAL, model: 'res.partner', method: 'search_count', args: [[]] },
      { user: PORTAL, model: 'res.partner', method: 'name_search', args: [''] },
      { user: PORTAL, model: 'res.partner', method: 'read', args: [[8], ['name']] },
      { user: PORTAL, model: 'res.partner', method: 'search', args: [[]] },
    ]);
    expect(count).toEqual({ ok: 1 });
    expect(names).toEqual({ ok: [[8, expect.stringContaining('Joel Willis')]] });
    expect(own).toEqual({ ok: [{ id: 8, name: 'Joel Willis' }] });
    expect(all).toEqual({ ok: [8] });
  });

  // company rules: id in company_ids; demo and portal are only in company 1 (VERIFIED-RUN: demo → [1])
  it('demo and portal: search res.company [] is [1]', async () => {
    const outs = await t.run([DEMO, PORTAL].map((user) => ({ user, model: 'res.company', method: 'search', args: [[]] })));
    expect(outs).toEqual([{ ok: [1] }, { ok: [1] }]);
  });

  // portal reading [allowed, forbidden] fails as a whole; res.users search by login is silently empty
  it('portal: read [8, 3] raises the rule error; search res.users login=admin is []', async () => {
    const [both, users] = await t.run([
      { user: PORTAL, model: 'res.partner', method: 'read', args: [[8, 3], ['name']] },
      { user: PORTAL, model: 'res.users', method: 'search', args: [[['login', '=', 'admin']]] },
    ]);
    expect(both).toEqual(onWire(tname, accessError(ruleMsg('Joel Willis', 7, 'read', 'Contact', 'res.partner'))));
    expect(users).toEqual({ ok: [] });
  });

  // the custom group grants read on res.partner.category only; no rule applies to that model
  it('custom-group user: res.partner.category search/read works, write does not', async () => {
    const adminIds = await asAdmin(srv, 'res.partner.category', 'search', [[]], { order: 'id' });
    expect(adminIds.length).toBeGreaterThan(0);
    const [ids, read, write] = await t.run([
      { user: CUSTOM, model: 'res.partner.category', method: 'search', args: [[]], kwargs: { order: 'id' } },
      { user: CUSTOM, model: 'res.partner.category', method: 'read', args: [[adminIds[0]], ['id']] },
      { user: CUSTOM, model: 'res.partner.category', method: 'write', args: [[adminIds[0]], { name: 'x' }] },
    ]);
    expect(ids).toEqual({ ok: adminIds });
    expect(read).toEqual({ ok: [{ id: adminIds[0] }] });
    expect(write).toEqual(onWire(tname, accessError(aclMsg('write', 'Partner Tags', 'res.partner.category', [G.contactCreation]))));
  });
});

describe('superuser (uid 1) at the ORM level', () => {
  const su = () => srv.app.dbm.get(srv.db).env(1);

  // env.su bypasses ACLs and rules; active_test still applies to search unless disabled
  it('sees everything, inactive records only with active_test=False', () => {
    const partners = su().model('res.partner');
    expect(partners.search([['id', 'in', [4, 8]]], 0, null, 'id').ids).toEqual([8]);
    expect(partners.withContext({ active_test: false }).search([['id', 'in', [2, 4, 8]]], 0, null, 'id').ids).toEqual([2, 4, 8]);
    const users = su().model('res.users').withContext({ active_test: false });
    expect(users.search([['id', 'in', [1, 2, 3, 4, 5, 6, 7]]], 0, null, 'id').ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(su().model('res.users').browse([1]).read(['login'])).toEqual([{ id: 1, login: '__system__' }]);
  });

  // partner 2 (base.partner_root, uid 1's partner, "System" renamed "OdooBot" by mail's data) is inactive in a fresh 17 DB (security.md §5 table)
  it('the superuser partner 2 is inactive: found only with active_test=False', () => {
    expect(su().model('res.partner').browse([2]).read(['name', 'active'])).toEqual([{ id: 2, name: 'OdooBot', active: false }]);
    expect(su().model('res.partner').search([['id', '=', 2]]).ids).toEqual([]);
  });

  // no ACL row grants ir.rule / ir.model.access to uid 1, yet it reads and writes them
  it('reads ir.rule and ir.model.access, and all companies', () => {
    expect(su().model('ir.rule').browse([g.partnerRule]).read(['name'])).toEqual([{ id: g.partnerRule, name: 'res.partner company' }]);
    expect(su().model('ir.model.access').search([['id', '=', g.partnerManagerAcl]]).ids).toEqual([g.partnerManagerAcl]);
    expect(su().model('res.company').search([['id', 'in', [1, g.companyX]]], 0, null, 'id').ids).toEqual([1, g.companyX]);
    expect(orm(() => su().model('res.users').browse([1]).check_access_rights('unlink'))).toEqual({ ok: true });
  });
});

describe('public user (uid 4, inactive, group_public) at the ORM level', () => {
  const pub = () => srv.app.dbm.get(srv.db).env(4);

  // its own partner 4 is inactive: search finds nothing, reading it by id works (security.md §5)
  it('search res.partner is [], reading its own inactive partner 4 by id works', () => {
    expect(orm(() => pub().model('res.partner').search([]).ids)).toEqual({ ok: [] });
    expect(orm(() => pub().model('res.partner').search_count([]))).toEqual({ ok: 0 });
    expect(orm(() => pub().model('res.partner').browse([4]).read(['name']))).toEqual({ ok: [{ id: 4, name: 'Public user' }] });
    expect(orm(() => pub().model('res.partner').withContext({ active_test: false }).search([]).ids)).toEqual({ ok: [4] });
  });

  // the portal/public partner rule applies: other partners raise the short rule error
  it('reading another partner raises the rule error; write/create raise the ACL error', () => {
    expect(orm(() => pub().model('res.partner').browse([3]).read(['name'])))
      .toEqual(fail('AccessError', ruleMsg('Public user', 4, 'read', 'Contact', 'res.partner')));
    expect(orm(() => pub().model('res.partner').browse([4]).write({ name: 'x' }))).toEqual(fail('AccessError', acl('res.partner', 'write')));
    expect(orm(() => pub().model('res.partner').create({ name: 'x' }))).toEqual(fail('AccessError', acl('res.partner', 'create')));
  });

  // res.users: itself only (and inactive); res.company: its company; no access to groups/rules/ACLs
  it('res.users, res.company, res.groups, ir.rule, ir.model.access', () => {
    expect(orm(() => pub().model('res.users').search([]).ids)).toEqual({ ok: [] });
    expect(orm(() => pub().model('res.users').withContext({ active_test: false }).search([]).ids)).toEqual({ ok: [4] });
    expect(orm(() => pub().model('res.company').search([]).ids)).toEqual({ ok: [1] });
    expect(orm(() => pub().model('res.groups').search([]).ids)).toEqual(fail('AccessError', acl('res.groups', 'read')));
    expect(orm(() => pub().model('ir.rule').search([]).ids)).toEqual(fail('AccessError', acl('ir.rule', 'read')));
    expect(orm(() => pub().model('ir.model.access').browse([g.partnerManagerAcl]).unlink())).toEqual(fail('AccessError', acl('ir.model.access', 'unlink')));
  });
});

describe('ACL rows: a union over groups, applied as soon as they change (security.md §1)', () => {
  const titleRead = (extra: string[] = []) =>
    accessError(aclMsg('read', 'Partner Title', 'res.partner.title', [G.contactCreation, G.internal, ...extra]));
  const portalTitles = async () => (await transports(srv)[0].one({ user: PORTAL, model: 'res.partner.title', method: 'search', args: [[]] }));
  const customTags = async () => (await transports(srv)[0].one({ user: CUSTOM, model: 'res.partner.category', method: 'search_count', args: [[]] }));

  // res.partner.title: group_user R, group_partner_manager RWCU; portal has nothing
  it('portal has no read on res.partner.title', async () => {
    expect(await portalTitles()).toEqual(onWire('jsonrpc', titleRead()));
  });

  // the group list has no spaces around '/', and uncategorised groups come last (NULLS LAST)
  it('an uncategorised group with a direct row is listed last', async () => {
    const group = await asAdmin(srv, 'res.groups', 'create', [{ name: 'Aardvark Auditors' }]);
    const [titleModel] = await asAdmin(srv, 'ir.model', 'search', [[['model', '=', 'res.partner.title']]]);
    const row = await asAdmin(srv, 'ir.model.access', 'create', [{ name: 'aardvark titles', model_id: titleModel, group_id: group, perm_read: true }]);
    expect(await portalTitles()).toEqual(onWire('jsonrpc', titleRead(['Aardvark Auditors'])));
    await asAdmin(srv, 'ir.model.access', 'unlink', [[row]]);
    expect(await portalTitles()).toEqual(onWire('jsonrpc', titleRead()));
  });

  // a row without group grants everyone; archiving it takes the grant back
  it('a group-less row grants everyone, until it is archived', async () => {
    const [titleModel] = await asAdmin(srv, 'ir.model', 'search', [[['model', '=', 'res.partner.title']]]);
    const row = await asAdmin(srv, 'ir.model.access', 'create', [{ name: 'everyone reads titles', model_id: titleModel, perm_read: true }]);
    const all = await asAdmin(srv, 'res.partner.title', 'search', [[]]);
    expect(await portalTitles()).toEqual({ ok: all });
    await asAdmin(srv, 'ir.model.access', 'write', [[row], { active: false }]);
    expect(await portalTitles()).toEqual(onWire('jsonrpc', titleRead()));
  });

  // revoking the custom group's only row removes its access at once; restoring gives it back
  it('the custom user loses res.partner.category when its row loses perm_read', async () => {
    const n = await asAdmin(srv, 'res.partner.category', 'search_count', [[]]);
    expect(await customTags()).toEqual({ ok: n });
    await asAdmin(srv, 'ir.model.access', 'write', [[g.customAcl], { perm_read: false }]);
    expect(await customTags()).toEqual(onWire('jsonrpc', accessError(aclMsg('read', 'Partner Tags', 'res.partner.category', [G.contactCreation, G.internal]))));
    await asAdmin(srv, 'ir.model.access', 'write', [[g.customAcl], { perm_read: true }]);
    expect(await customTags()).toEqual({ ok: n });
  });
});
