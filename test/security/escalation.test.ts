/**
 * Privilege-escalation attempts by a portal user and by demo (internal), over /jsonrpc,
 * /web/dataset/call_kw and XML-RPC: adding groups to oneself, flipping share, renaming other users,
 * reading secrets and security tables, private/unexposed methods, reaching another company via
 * allowed_company_ids, SQL smuggled through domain values, `order`, field names and domain paths;
 * bad credentials and archived users. After each attempt, admin verifies that nothing changed.
 * Expectations: security.md §1–§5, §7; rpc.md §3–§5.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { ICP_ACCESS_MSG } from '../integration/helpers';
import {
  ACCESS_DENIED, ADMIN, DEMO, PORTAL, acl, accessError, asAdmin, callKw, fail, ok, onWire, orderMsg, privateMsg,
  refId, ruleMsg, transports, webLogin, type Call, type Cred, type Expected, type Transport,
} from './sec_helpers';
import { py } from '../integration/helpers';

let srv: TestServer;
let T: Transport[];
let gid: Record<string, number>;
/** A company neither portal nor demo belongs to (created before the baseline snapshot). */
let foreign: number;
beforeAll(async () => {
  srv = await startTestServer();
  T = transports(srv);
  gid = Object.fromEntries(['group_system', 'group_erp_manager', 'group_user', 'group_portal'].map((x) => [x, refId(srv, `base.${x}`)]));
  foreign = await asAdmin(srv, 'res.company', 'create', [{ name: 'Esc Foreign Company' }]);
});
afterAll(async () => { await srv.close(); });

/**
 * Queue a call to run over every transport, expecting the same outcome on each wire; `checkAll()`
 * runs the queue (in order, one Python process for the XML-RPC part) and asserts. Every test that
 * queues calls ends with `await checkAll()`.
 */
let queue: Array<[Call, Expected]> = [];
function everywhere(call: Call, expected: Expected): void { queue.push([call, expected]); }
async function checkAll(): Promise<void> {
  const q = queue;
  queue = [];
  for (const t of T) {
    const outs = await t.run(q.map(([c]) => c));
    q.forEach(([c, e], i) => expect([t.name, c.user.login, c.model, c.method, outs[i]]).toEqual([t.name, c.user.login, c.model, c.method, onWire(t.name, e)]));
  }
}
// a test that queued calls without checking them is a broken test
afterEach(() => { const left = queue.length; queue = []; expect(left).toBe(0); });

/** The state admin checks after every attempt: users' groups, logins, share flags; tables intact. */
async function snapshot(): Promise<unknown> {
  const users = await asAdmin(srv, 'res.users', 'read', [[2, 6, 7], ['login', 'groups_id', 'share', 'active']]);
  const partners = await asAdmin(srv, 'res.partner', 'search_count', [[]], { context: { active_test: false } });
  const rules = await asAdmin(srv, 'ir.rule', 'search_count', [[]]);
  const acls = await asAdmin(srv, 'ir.model.access', 'search_count', [[]]);
  return { users, partners, rules, acls };
}

let baseline: any;
beforeAll(async () => { baseline = await snapshot(); });

describe('the baseline', () => {
  // portal holds exactly group_portal, demo is internal, logins as in the demo data
  it('uid 7 is only in group_portal; logins admin/demo/portal', () => {
    const byId = Object.fromEntries(baseline.users.map((u: any) => [u.id, u]));
    expect(byId[7]).toEqual({ id: 7, login: 'portal', groups_id: [gid.group_portal], share: true, active: true });
    expect([byId[2].login, byId[6].login]).toEqual(['admin', 'demo']);
    expect(byId[6].groups_id).not.toContain(gid.group_system);
  });
});

describe('group escalation', () => {
  afterEach(async () => { expect(await snapshot()).toEqual(baseline); });

  // commands 4 (link) and 6 (set) on one's own groups_id: not SELF_WRITEABLE → ACL "modify 'User'"
  it.each<[string, Cred, number]>([['portal', PORTAL, 7], ['demo', DEMO, 6]])('%s adding group_system to itself (commands 4 and 6)', async (_n, user, uid) => {
    for (const cmd of [[[4, gid.group_system]], [[6, 0, [gid.group_system]]], [[6, 0, [gid.group_system, gid.group_user]]]]) {
      everywhere({ user, model: 'res.users', method: 'write', args: [[uid], { groups_id: cmd }] }, accessError(acl('res.users', 'write')));
    }
    await checkAll();
  });

  // the reverse side: res.groups.users
  it.each<[string, Cred, number]>([['portal', PORTAL, 7], ['demo', DEMO, 6]])('%s adding itself to group_system through res.groups', async (_n, user, uid) => {
    everywhere({ user, model: 'res.groups', method: 'write', args: [[gid.group_system], { users: [[4, uid]] }] }, accessError(acl('res.groups', 'write')));
    await checkAll();
  });

  // share=False would make the portal user "internal"
  it('portal setting share=False on itself', async () => {
    everywhere({ user: PORTAL, model: 'res.users', method: 'write', args: [[7], { share: false }] }, accessError(acl('res.users', 'write')));
    await checkAll();
  });

  // creating an admin user, or an ACL row granting oneself rights
  it('portal/demo creating a system user or an ACL row', async () => {
    for (const user of [PORTAL, DEMO]) {
      everywhere({ user, model: 'res.users', method: 'create', args: [{ name: 'Esc', login: 'esc-new', groups_id: [[6, 0, [gid.group_system]]] }] }, accessError(acl('res.users', 'create')));
      everywhere({ user, model: 'ir.model.access', method: 'create', args: [{ name: 'esc', model_id: 1, perm_read: true, perm_write: true }] }, accessError(acl('ir.model.access', 'create')));
      everywhere({ user, model: 'ir.rule', method: 'write', args: [[refId(srv, 'base.res_partner_rule')], { active: false }] }, accessError(acl('ir.rule', 'write')));
    }
    await checkAll();
  });
});

describe('other users', () => {
  afterEach(async () => { expect(await snapshot()).toEqual(baseline); });

  // writing another user (even a SELF_WRITEABLE field) goes through the ACL
  it('portal/demo writing admin\'s login or name', async () => {
    for (const user of [PORTAL, DEMO]) {
      everywhere({ user, model: 'res.users', method: 'write', args: [[2], { login: 'pwned' }] }, accessError(acl('res.users', 'write')));
      everywhere({ user, model: 'res.users', method: 'write', args: [[2], { name: 'pwned' }] }, accessError(acl('res.users', 'write')));
    }
    await checkAll();
  });

  // password fields are never exposed: '' for demo; portal can't even read admin (rule)
  it('reading password fields of others', async () => {
    everywhere({ user: DEMO, model: 'res.users', method: 'read', args: [[2, 7], ['password', 'new_password']] },
      ok([{ id: 2, password: '', new_password: '' }, { id: 7, password: '', new_password: '' }]));
    everywhere({ user: PORTAL, model: 'res.users', method: 'read', args: [[2], ['password']] },
      accessError(ruleMsg('Joel Willis', 7, 'read', 'User', 'res.users')));
    await checkAll();
  });

  // password is a non-stored compute without search: the leaf is ignored, so no oracle on the hash
  it('searching on password gives no oracle', async () => {
    for (const guess of ['admin', 'definitely-not']) {
      everywhere({ user: DEMO, model: 'res.users', method: 'search', args: [[['password', '=', guess], ['id', 'in', [2, 6]]]], kwargs: { order: 'id' } }, ok([2, 6]));
    }
    await checkAll();
  });
});

describe('security tables and system parameters', () => {
  // ACL errors with the exact group lists of security.md §4 (ICP: Administration/Settings)
  it.each<[string, Cred]>([['portal', PORTAL], ['demo', DEMO]])('%s reading ir.rule, ir.model.access, ir.config_parameter', async (_n, user) => {
    everywhere({ user, model: 'ir.rule', method: 'search_read', args: [[]], kwargs: { fields: ['domain_force'] } }, accessError(acl('ir.rule', 'read')));
    everywhere({ user, model: 'ir.model.access', method: 'search', args: [[]] }, accessError(acl('ir.model.access', 'read')));
    everywhere({ user, model: 'ir.model.access', method: 'read', args: [[1], ['name']] }, accessError(acl('ir.model.access', 'read')));
    everywhere({ user, model: 'ir.config_parameter', method: 'search_read', args: [[]], kwargs: { fields: ['key', 'value'] } }, accessError(ICP_ACCESS_MSG));
    everywhere({ user, model: 'ir.config_parameter', method: 'get_param', args: ['database.secret'] }, accessError(ICP_ACCESS_MSG));
    await checkAll();
  });
});

describe('private and unexposed methods', () => {
  // check_method_name: ^(_.*|init)$ → AccessError before the model lookup (rpc.md §5)
  it.each(['_write', '_create', '_search', '_setPassword', '_set_new_password', '_check_credentials', '__proto__', 'init'])('%s is refused as private', async (name) => {
    for (const user of [PORTAL, ADMIN]) {
      everywhere({ user, model: 'res.users', method: name, args: [[7], { login: 'pwned' }] }, accessError(privateMsg(name)));
    }
    // before the model lookup: even on an unknown model
    everywhere({ user: PORTAL, model: 'no.such.model', method: name, args: [[]] }, accessError(privateMsg(name)));
    await checkAll();
    expect(await snapshot()).toEqual(baseline);
  });

  // JavaScript object internals must not be reachable as RPC methods
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'env', 'ids'])('%s does not exist as a method', async (name) => {
    everywhere({ user: PORTAL, model: 'res.partner', method: name, args: [[8]] },
      fail('AttributeError', `The method '${name}' does not exist on the model 'res.partner'`));
    await checkAll();
  });

  // sudo/browse/with_user: the emulator may refuse them (AttributeError); Odoo 17 runs them and returns
  // a recordset (JSON: its repr; XML-RPC: fault 1). Either way nothing is elevated afterwards.
  it.each<[string, unknown[]]>([['sudo', [[8]]], ['browse', [[8], [3]]], ['with_user', [[8], 2]], ['with_context', [[8], {}]]])('%s grants nothing', async (name, args) => {
    for (const t of T) {
      const got: any = await t.one({ user: PORTAL, model: 'res.partner', method: name, args });
      const refused = onWire(t.name, fail('AttributeError', `The method '${name}' does not exist on the model 'res.partner'`));
      const ran = t.name === 'xmlrpc' ? { err: 'fault1', msg: expect.any(String) } : { ok: expect.stringMatching(/^res\.partner\(/) };
      const isRefusal = t.name === 'xmlrpc' ? /AttributeError/.test(got?.msg ?? '') : got?.err === 'builtins.AttributeError';
      expect([t.name, got]).toEqual([t.name, isRefusal ? refused : ran]);
      // the next call is as restricted as before
      expect(await t.one({ user: PORTAL, model: 'res.partner', method: 'read', args: [[3], ['name']] }))
        .toEqual(onWire(t.name, accessError(ruleMsg('Joel Willis', 7, 'read', 'Contact', 'res.partner'))));
    }
  });
});

describe('other read paths do not bypass the rules (portal)', () => {
  // web_search_read / web_read / read_group / name_search / x2many reads all apply the read rules
  it('web_search_read, web_read, read_group and name_search on partners and users', async () => {
    everywhere({ user: PORTAL, model: 'res.partner', method: 'web_search_read', args: [[]], kwargs: { specification: { name: {} } } },
      ok({ length: 1, records: [{ id: 8, name: 'Joel Willis' }] }));
    everywhere({ user: PORTAL, model: 'res.partner', method: 'web_read', args: [[3]], kwargs: { specification: { name: {} } } },
      accessError(ruleMsg('Joel Willis', 7, 'read', 'Contact', 'res.partner')));
    everywhere({ user: PORTAL, model: 'res.users', method: 'search_count', args: [[['id', 'in', [1, 2, 3, 4, 5, 6, 7]]]], kwargs: { context: { active_test: false } } }, ok(1));
    everywhere({ user: PORTAL, model: 'res.users', method: 'name_search', args: [''] }, ok([[7, 'Joel Willis']]));
    everywhere({ user: PORTAL, model: 'res.users', method: 'name_search', args: ['Mitchell Admin'] }, ok([]));
    everywhere({ user: PORTAL, model: 'res.users', method: 'name_search', args: ['admin'] }, ok([]));
    everywhere({ user: PORTAL, model: 'res.users', method: 'read_group', args: [[], ['login'], ['login']] },
      ok([expect.objectContaining({ login: 'portal', login_count: 1 })]));
    await checkAll();
  });

  // many2many values are filtered by the comodel's rules: company 1 lists only the portal user itself
  it('x2many values list only readable records', async () => {
    everywhere({ user: PORTAL, model: 'res.company', method: 'read', args: [[1], ['user_ids']] }, ok([{ id: 1, user_ids: [7] }]));
    everywhere({ user: PORTAL, model: 'res.users', method: 'read', args: [[7], ['partner_id', 'company_ids']] },
      ok([{ id: 7, partner_id: [8, expect.stringContaining('Joel Willis')], company_ids: [1] }]));
    await checkAll();
  });
});

describe('other companies via context allowed_company_ids', () => {
  // VERIFIED-RUN: 'Access to unauthorized or invalid companies.'
  it.each<[string, Cred]>([['portal', PORTAL], ['demo', DEMO]])('%s asking for a company it is not in', async (_n, user) => {
    const denied = accessError('Access to unauthorized or invalid companies.');
    for (const companies of [[foreign], [1, foreign], [999999]]) {
      everywhere({ user, model: 'res.partner', method: 'search', args: [[]], kwargs: { context: { allowed_company_ids: companies } } }, denied);
      everywhere({ user, model: 'res.company', method: 'read', args: [[foreign], ['name']], kwargs: { context: { allowed_company_ids: companies } } }, denied);
    }
    // its own company is fine
    everywhere({ user, model: 'res.company', method: 'search', args: [[]], kwargs: { context: { allowed_company_ids: [1] } } }, ok([1]));
    await checkAll();
  });

  // admin (member of the new company) may switch to it
  it('admin may use a company it belongs to', async () => {
    everywhere({ user: ADMIN, model: 'res.company', method: 'search', args: [[['id', '=', foreign]]], kwargs: { context: { allowed_company_ids: [foreign] } } }, ok([foreign]));
    await checkAll();
  });
});

describe('SQL smuggling', () => {
  afterEach(async () => { expect(await snapshot()).toEqual(baseline); });

  // values are bound parameters: the injection string is just a name nobody has
  it('through domain values', async () => {
    for (const v of ["x') OR 1=1 --", "x' OR '1'='1", '%\' OR 1=1; DROP TABLE res_partner; --']) {
      everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[['name', '=', v]]] }, ok([]));
      everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[['name', 'ilike', v]]] }, ok([]));
      everywhere({ user: DEMO, model: 'res.users', method: 'search', args: [[['login', 'in', [v, 'portal']]]] }, ok([7]));
    }
    // a catch-all pattern still goes through the rules
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[['name', 'like', '%']]] }, ok([8]));
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search_count', args: [[['name', '=like', '%']]] }, ok(1));
    await checkAll();
  });

  // a malformed order is a UserError naming the whole order string (security.md §7)
  it.each(['id; DROP TABLE res_partner', 'name desc, (select 1)', 'name; DELETE FROM res_users', 'id desc --', '(SELECT password FROM res_users LIMIT 1)'])('through order %j', async (order) => {
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[]], kwargs: { order } }, fail('UserError', orderMsg(order)));
    everywhere({ user: DEMO, model: 'res.users', method: 'search_read', args: [[]], kwargs: { fields: ['login'], order } }, fail('UserError', orderMsg(order)));
    await checkAll();
  });

  // an unknown field name in order is a ValueError (security.md §7)
  it('order on an unknown field', async () => {
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[]], kwargs: { order: 'password desc' } }, fail('ValueError', "Invalid field 'password' on model 'res.partner'"));
    await checkAll();
  });

  // field names in read/search_read: "Invalid field <repr> on model 'res.partner'" (Python repr quoting)
  it('through field names in read and search_read', async () => {
    const dq = 'name"; DROP TABLE res_partner; --';
    const sq = "name' OR '1'='1";
    const msgDq = `Invalid field 'name"; DROP TABLE res_partner; --' on model 'res.partner'`;
    const msgSq = `Invalid field "name' OR '1'='1" on model 'res.partner'`;
    everywhere({ user: PORTAL, model: 'res.partner', method: 'read', args: [[8], [dq]] }, fail('ValueError', msgDq));
    everywhere({ user: PORTAL, model: 'res.partner', method: 'read', args: [[8], ['name', sq]] }, fail('ValueError', msgSq));
    everywhere({ user: DEMO, model: 'res.partner', method: 'search_read', args: [[]], kwargs: { fields: [dq] } }, fail('ValueError', msgDq));
    everywhere({ user: DEMO, model: 'res.partner', method: 'write', args: [[7], { [dq]: 'x' }] }, fail('ValueError', msgDq));
    // fields_get filters on known names only
    everywhere({ user: PORTAL, model: 'res.partner', method: 'fields_get', args: [[dq]], kwargs: { attributes: ['type'] } }, ok({}));
    await checkAll();
  });

  // groupby: a plain unknown name is "Invalid field"; an injection string is refused as a ValueError
  it('through read_group groupby', async () => {
    everywhere({ user: DEMO, model: 'res.partner', method: 'read_group', args: [[], ['name'], ['nope']] }, fail('ValueError', "Invalid field 'nope' on model 'res.partner'"));
    for (const t of T) {
      const got: any = await t.one({ user: DEMO, model: 'res.partner', method: 'read_group', args: [[], ['name'], ['name"; DROP TABLE res_partner; --']] });
      if (t.name === 'xmlrpc') expect(got).toEqual({ err: 'fault1', msg: expect.stringMatching(/ValueError: Invalid (field|aggregate\/groupby specification) .*name"; DROP TABLE res_partner; --/) });
      else expect(got).toEqual({ err: 'builtins.ValueError', msg: expect.stringMatching(/^Invalid (field|aggregate\/groupby specification) .*name"; DROP TABLE res_partner; --/) });
    }
    await checkAll();
  });

  // domain field paths: the error names the failing sub-leaf (security.md §7)
  it('through domain field names and paths', async () => {
    const f = 'name"; DROP TABLE res_partner; --';
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[[f, '=', 1]]] },
      fail('ValueError', `Invalid field res.partner.${f} in leaf ('${f}', '=', 1)`));
    everywhere({ user: PORTAL, model: 'res.partner', method: 'search', args: [[['parent_id.x) OR (1=1', '=', 1]]] },
      fail('ValueError', "Invalid field res.partner.x) OR (1=1 in leaf ('x) OR (1=1', '=', 1)"));
    everywhere({ user: DEMO, model: 'res.users', method: 'search_count', args: [[['partner_id.id; DROP TABLE res_users', '=', 1]]] },
      fail('ValueError', "Invalid field res.partner.id; DROP TABLE res_users in leaf ('id; DROP TABLE res_users', '=', 1)"));
    await checkAll();
  });
});

describe('credentials', () => {
  // res.users.check: every execute_kw with a bad password is AccessDenied (fault 3), whatever the method
  it('a wrong password gets AccessDenied on every call', async () => {
    const bad: Cred[] = [
      { login: 'portal', password: 'wrong', uid: 7 },
      { login: 'admin', password: 'portal', uid: 2 }, // someone else's password
      { login: 'admin', password: '', uid: 2 },
      { login: '__system__', password: 'admin', uid: 1 }, // inactive superuser
      { login: 'public', password: 'public', uid: 4 }, // inactive public user
    ];
    const calls = (user: Cred): Call[] => [
      { user, model: 'res.partner', method: 'search', args: [[]] },
      { user, model: 'res.partner', method: 'read', args: [[8], ['name']] },
      { user, model: 'res.partner', method: 'write', args: [[8], { name: 'x' }] },
      { user, model: 'res.partner', method: 'create', args: [{ name: 'x' }] },
      { user, model: 'res.partner', method: 'unlink', args: [[8]] },
      { user, model: 'res.users', method: 'context_get', args: [] },
      { user, model: 'res.users', method: 'change_password', args: ['wrong', 'new'] },
      { user, model: 'no.such.model', method: 'search', args: [[]] },
    ];
    for (const t of T.filter((x) => x.name !== 'call_kw')) {
      for (const user of bad) {
        const outs = await t.run(calls(user));
        outs.forEach((o, i) => expect([t.name, user.uid, user.password, i, o]).toEqual([t.name, user.uid, user.password, i, onWire(t.name, fail('AccessDenied', ACCESS_DENIED))]));
      }
    }
    expect(await snapshot()).toEqual(baseline);
  });

  // web login with a bad password: AccessDenied, no session
  it('web login with a wrong password fails', async () => {
    await expect(webLogin(srv, 'portal', 'wrong')).rejects.toThrow(/Access Denied/);
  });

  // password and login are part of the session token (portal.md): other sessions expire
  it('a password reset or a login change by admin expires the user\'s web session', async () => {
    for (const [login, vals] of [['esc_reset', { new_password: 'esc-reset-new' }], ['esc_relogin', { login: 'esc_relogin2' }]] as const) {
      const uid = await asAdmin(srv, 'res.users', 'create', [{ name: `Esc ${login}`, login, password: 'esc-pw', groups_id: [[6, 0, [gid.group_portal]]] }]);
      const web = await webLogin(srv, login, 'esc-pw');
      expect((await callKw(web, 'res.users', 'context_get', [])).result).toMatchObject({ uid });
      await asAdmin(srv, 'res.users', 'write', [[uid], vals]);
      const body = await callKw(web, 'res.users', 'context_get', []);
      expect([login, body.error?.code, body.error?.message]).toEqual([login, 100, 'Odoo Session Expired']);
    }
  });

  // archiving a user: XML-RPC AccessDenied (cached credentials dropped), web session expired (code 100)
  it('an archived user loses XML-RPC access and its web session', async () => {
    const uid = await asAdmin(srv, 'res.users', 'create', [{ name: 'Esc Archived', login: 'esc_archived', password: 'esc-arch-pw', groups_id: [[6, 0, [gid.group_portal]]] }]);
    const user: Cred = { login: 'esc_archived', password: 'esc-arch-pw', uid };
    const xml = T.find((x) => x.name === 'xmlrpc')!;
    const web = await webLogin(srv, user.login, user.password);
    expect((await callKw(web, 'res.users', 'context_get', [])).result).toMatchObject({ uid });
    expect(await xml.one({ user, model: 'res.users', method: 'context_get', args: [] })).toEqual(ok(expect.objectContaining({ uid })));

    await asAdmin(srv, 'res.users', 'write', [[uid], { active: false }]);

    expect(await xml.one({ user, model: 'res.users', method: 'context_get', args: [] })).toEqual(onWire('xmlrpc', fail('AccessDenied', ACCESS_DENIED)));
    expect(await T[0].one({ user, model: 'res.partner', method: 'search', args: [[]] })).toEqual(onWire('jsonrpc', fail('AccessDenied', ACCESS_DENIED)));
    const auth = await py(`out(common.authenticate(DB, 'esc_archived', 'esc-arch-pw', {}))`, { url: srv.url, db: srv.db });
    expect(auth).toBe(false);
    const body = await callKw(web, 'res.partner', 'search', [[]]);
    expect(body).not.toHaveProperty('result');
    expect([body.error?.code, body.error?.message]).toEqual([100, 'Odoo Session Expired']);
    expect(body.error?.data).toMatchObject({ name: 'odoo.http.SessionExpiredException', message: 'Session expired' });
  });
});
