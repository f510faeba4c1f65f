/**
 * Record rules (security.md §2, §4): global rules ANDed and group rules ORed, res.partner rules
 * propagated to res.users through _inherits, silent filtering on search/search_count/read_group/
 * name_search, AccessError on read/write/unlink of forbidden ids (the whole call fails), create
 * checked after the insert and rolled back, write checked on the old values only, child_of in rule
 * domains expanded in sudo with active_test=False, and a portal contact of a company seeing the
 * company and its siblings. Expectations are derived from security.md.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import {
  ADMIN, DEMO, PORTAL, aclMsg, accessError, asAdmin, callKw, fail, jsonOutcome, jsonrpcTransport, ok, onWire,
  refId, ruleMsg, transports, webLogin, G, type Cred, type Expected, type Outcome,
} from './sec_helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

/** One call over /jsonrpc execute_kw as `user`. */
function as(user: Cred, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Outcome> {
  return jsonrpcTransport(srv).one({ user, model, method, args, kwargs });
}
const json = (e: Expected) => onWire('jsonrpc', e);
const demoRule = (op: 'read' | 'write' | 'create' | 'unlink', desc = 'Contact', model = 'res.partner') => accessError(ruleMsg('Marc Demo', 6, op, desc, model));

/** A company demo is not in (admin, its creator, is linked to it). */
async function otherCompany(name: string): Promise<number> {
  return asAdmin(srv, 'res.company', 'create', [{ name }]);
}

async function modelId(model: string): Promise<number> {
  const [id] = await asAdmin(srv, 'ir.model', 'search', [[['model', '=', model]]]);
  return id;
}

describe('combination: AND of global rules, OR of group rules (on res.partner.category)', () => {
  const cat: Record<string, number> = {};
  const rules: number[] = [];
  let internalOnly: Cred;
  let tagReader: Cred;
  beforeAll(async () => {
    for (const n of ['alpha', 'beta', 'gamma', 'delta']) cat[n] = await asAdmin(srv, 'res.partner.category', 'create', [{ name: `RTX ${n}` }]);
    const model = await modelId('res.partner.category');
    const rule = (name: string, domain: string, groups: number[] = []) =>
      asAdmin(srv, 'ir.rule', 'create', [{ name, model_id: model, domain_force: domain, groups: [[6, 0, groups]] }]);
    rules.push(await rule('RTX global 1', "[('name', 'like', 'RTX')]"));
    rules.push(await rule('RTX global 2', "[('name', '!=', 'RTX delta')]"));
    rules.push(await rule('RTX internal', "[('name', 'in', ['RTX alpha', 'RTX delta'])]", [refId(srv, 'base.group_user')]));
    rules.push(await rule('RTX partner manager', "[('name', 'in', ['RTX beta', 'RTX delta'])]", [refId(srv, 'base.group_partner_manager')]));
    // an internal user without group_partner_manager: only the first group rule applies to it
    const uid = await asAdmin(srv, 'res.users', 'create', [{ name: 'RT Internal', login: 'rt_internal', password: 'rt-internal-pw', groups_id: [[6, 0, [refId(srv, 'base.group_user')]]] }]);
    internalOnly = { login: 'rt_internal', password: 'rt-internal-pw', uid };
    // a user of a custom group that may read tags: no group rule applies to it at all
    const group = await asAdmin(srv, 'res.groups', 'create', [{ name: 'RT Tag Readers' }]);
    await asAdmin(srv, 'ir.model.access', 'create', [{ name: 'rt tags', model_id: model, group_id: group, perm_read: true }]);
    const uid2 = await asAdmin(srv, 'res.users', 'create', [{ name: 'RT Tag Reader', login: 'rt_tags', password: 'rt-tags-pw', groups_id: [[6, 0, [group]]] }]);
    tagReader = { login: 'rt_tags', password: 'rt-tags-pw', uid: uid2 };
  });
  afterAll(async () => { await asAdmin(srv, 'ir.rule', 'write', [rules, { active: false }]); });

  const search = (u: Cred) => as(u, 'res.partner.category', 'search', [[]], { order: 'id' });

  // demo: AND(g1, g2, OR(internal, partner manager)) → alpha, beta (delta removed by global 2)
  it('a user in both rule groups gets the OR of the group rules inside the AND of the globals', async () => {
    expect(await search(DEMO)).toEqual({ ok: [cat.alpha, cat.beta] });
  });

  // admin is no exception: global rules bind every user but the superuser mode
  it('admin is filtered by the same rules', async () => {
    expect(await search(ADMIN)).toEqual({ ok: [cat.alpha, cat.beta] });
  });

  // only the group rules of one's own groups are ORed
  it('an internal user without partner_manager only gets its own group rule', async () => {
    expect(await search(internalOnly)).toEqual({ ok: [cat.alpha] });
  });

  // no group rule applies → the result is AND(globals) alone
  it('a user with no applicable group rule gets the globals only', async () => {
    expect(await search(tagReader)).toEqual({ ok: [cat.alpha, cat.beta, cat.gamma] });
  });

  // superuser mode has no rules
  it('the superuser sees all four', () => {
    const env = srv.app.dbm.get(srv.db).env(1);
    expect(env.model('res.partner.category').search([['name', 'like', 'RTX']], 0, null, 'id').ids).toEqual([cat.alpha, cat.beta, cat.gamma, cat.delta]);
  });

  // reading [allowed, forbidden] fails as a whole, with the short rule text of the model
  it('reading a filtered-out tag raises the rule error', async () => {
    expect(await as(DEMO, 'res.partner.category', 'read', [[cat.alpha, cat.gamma], ['name']])).toEqual(json(demoRule('read', 'Partner Tags', 'res.partner.category')));
    expect(await as(DEMO, 'res.partner.category', 'write', [[cat.delta], { color: 3 }])).toEqual(json(demoRule('write', 'Partner Tags', 'res.partner.category')));
  });
});

describe('_inherits: res.partner rules also filter res.users (new in 17)', () => {
  // VERIFIED-RUN: portal search res.users gives only itself, reading admin raises
  it('portal sees only itself among users, even with active_test=False', async () => {
    expect(await as(PORTAL, 'res.users', 'search', [[]])).toEqual(ok([7]));
    expect(await as(PORTAL, 'res.users', 'search', [[]], { context: { active_test: false } })).toEqual(ok([7]));
    expect(await as(PORTAL, 'res.users', 'search', [[['login', '=', 'admin']]])).toEqual(ok([]));
    expect(await as(PORTAL, 'res.users', 'search_count', [[]])).toEqual(ok(1));
    expect(await as(PORTAL, 'res.users', 'read', [[2], ['login']])).toEqual(json(accessError(ruleMsg('Joel Willis', 7, 'read', 'User', 'res.users'))));
  });

  // VERIFIED-RUN: demo sees every built-in user with active_test=False, including uid 1
  it('demo sees all seven built-in users with active_test=False', async () => {
    expect(await as(DEMO, 'res.users', 'search', [[['id', '<=', 7]]], { order: 'id', context: { active_test: false } })).toEqual(ok([1, 2, 3, 4, 5, 6, 7]));
  });

  // a global res.partner rule hides the user whose partner it excludes, for every non-su user
  it('a new res.partner rule hides the matching user from res.users search and read', async () => {
    const uid = await asAdmin(srv, 'res.users', 'create', [{ name: 'RUI-hidden Person', login: 'rui_hidden' }]);
    const rule = await asAdmin(srv, 'ir.rule', 'create', [{
      name: 'RUI hide', model_id: await modelId('res.partner'), domain_force: "[('name', 'not like', 'RUI-hidden')]",
    }]);
    try {
      expect(await as(DEMO, 'res.users', 'search', [[['login', '=', 'rui_hidden']]])).toEqual(ok([]));
      expect(await as(ADMIN, 'res.users', 'search', [[['login', '=', 'rui_hidden']]])).toEqual(ok([]));
      expect(await as(DEMO, 'res.users', 'read', [[uid], ['login']])).toEqual(json(demoRule('read', 'User', 'res.users')));
      const su = srv.app.dbm.get(srv.db).env(1);
      expect(su.model('res.users').search([['login', '=', 'rui_hidden']]).ids).toEqual([uid]);
    } finally {
      await asAdmin(srv, 'ir.rule', 'write', [[rule], { active: false }]);
    }
    expect(await as(DEMO, 'res.users', 'search', [[['login', '=', 'rui_hidden']]])).toEqual(ok([uid]));
  });
});

describe('search, search_count, search_read, read_group and name_search filter silently (portal)', () => {
  // VERIFIED-RUN: [8], count 1, name_search only the own partner
  it.each(['jsonrpc', 'call_kw', 'xmlrpc'] as const)('over %s', async (tname) => {
    const t = transports(srv).find((x) => x.name === tname)!;
    const call = (method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({ user: PORTAL, model: 'res.partner', method, args, kwargs });
    const [search, count, forbidden, sread, groups, names, namesOther] = await t.run([
      call('search', [[]]),
      call('search_count', [[]]),
      call('search', [[['id', '=', 3]]]),
      call('search_read', [[]], { fields: ['name'] }),
      call('read_group', [[], ['name'], ['is_company']]),
      call('name_search', [''], {}),
      call('name_search', ['Mitchell'], {}),
    ]);
    expect(search).toEqual(ok([8]));
    expect(count).toEqual(ok(1));
    expect(forbidden).toEqual(ok([]));
    expect(sread).toEqual(ok([{ id: 8, name: 'Joel Willis' }]));
    expect(groups).toEqual(ok([expect.objectContaining({ is_company: false, is_company_count: 1 })]));
    expect((names as any).ok.map((r: [number, string]) => r[0])).toEqual([8]);
    expect(namesOther).toEqual(ok([]));
  });
});

describe('forbidden ids: read/write/unlink raise, the whole call fails (demo, company rule)', () => {
  let companyY: number;
  let visible1: number;
  let visible2: number;
  let forbidden: number;
  beforeAll(async () => {
    companyY = await otherCompany('RF Company Y');
    [visible1, visible2, forbidden] = await asAdmin(srv, 'res.partner', 'create', [[
      { name: 'RF visible 1' }, { name: 'RF visible 2' }, { name: 'RF forbidden', company_id: companyY },
    ]]);
  });

  // search/search_count drop the forbidden record without error
  it('search and search_count skip the forbidden partner', async () => {
    expect(await as(DEMO, 'res.partner', 'search', [[['id', 'in', [visible1, forbidden]]]])).toEqual(ok([visible1]));
    expect(await as(DEMO, 'res.partner', 'search_count', [[['id', 'in', [visible1, forbidden]]]])).toEqual(ok(1));
  });

  // read of [allowed, forbidden] raises; reading the allowed one alone works
  it('read [visible, forbidden] raises the read rule error', async () => {
    expect(await as(DEMO, 'res.partner', 'read', [[visible1, forbidden], ['name']])).toEqual(json(demoRule('read')));
    expect(await as(DEMO, 'res.partner', 'read', [[visible1], ['name']])).toEqual(ok([{ id: visible1, name: 'RF visible 1' }]));
  });

  // write of [allowed, forbidden] raises and writes nothing
  it('write [visible, forbidden] raises the write rule error and changes neither', async () => {
    expect(await as(DEMO, 'res.partner', 'write', [[visible1, forbidden], { function: 'RF changed' }])).toEqual(json(demoRule('write')));
    const rows = await asAdmin(srv, 'res.partner', 'read', [[visible1, forbidden], ['function']]);
    expect(rows).toEqual([{ id: visible1, function: false }, { id: forbidden, function: false }]);
  });

  // unlink of [allowed, forbidden] raises and deletes nothing
  it('unlink [visible, forbidden] raises the unlink rule error and deletes neither', async () => {
    expect(await as(DEMO, 'res.partner', 'unlink', [[visible2, forbidden]])).toEqual(json(demoRule('unlink')));
    expect(await asAdmin(srv, 'res.partner', 'search', [[['id', 'in', [visible2, forbidden]]]], { order: 'id' })).toEqual([visible2, forbidden]);
  });
});

describe('create: rules checked after the insert, rolled back on failure', () => {
  let companyY: number;
  beforeAll(async () => { companyY = await otherCompany('RC Company Y'); });

  // VERIFIED-RUN text; the partner must not exist afterwards (checked as admin, archived included)
  it.each(['jsonrpc', 'call_kw', 'xmlrpc'] as const)('demo creating a partner of a foreign company over %s', async (tname) => {
    const t = transports(srv).find((x) => x.name === tname)!;
    const name = `RC rollback ${tname}`;
    const r = await t.one({ user: DEMO, model: 'res.partner', method: 'create', args: [{ name, company_id: companyY }] });
    expect(r).toEqual(onWire(tname, demoRule('create')));
    expect(await asAdmin(srv, 'res.partner', 'search', [[['name', '=', name]]], { context: { active_test: false } })).toEqual([]);
  });

  // a batch create is one transaction: the valid record is rolled back with the invalid one
  it('a batch with one forbidden record creates nothing', async () => {
    const r = await as(DEMO, 'res.partner', 'create', [[{ name: 'RC batch ok' }, { name: 'RC batch bad', company_id: companyY }]]);
    expect(r).toEqual(json(demoRule('create')));
    expect(await asAdmin(srv, 'res.partner', 'search', [[['name', 'like', 'RC batch']]], { context: { active_test: false } })).toEqual([]);
  });

  // the same values are fine for a user of that company (admin is linked to the company it created)
  it('admin, a member of the company, may create it', async () => {
    const r = await as(ADMIN, 'res.partner', 'create', [{ name: 'RC admin ok', company_id: companyY }]);
    expect(r).toEqual(ok(expect.any(Number)));
  });
});

describe('write: rules checked on the old values only', () => {
  // VERIFIED-RUN: demo may move a partner into a company he is not in; afterwards he can't read it
  it('demo writes company_id of a company he is not in: True, then read and write raise', async () => {
    const companyY = await otherCompany('RW Company Y');
    const pid = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RW movable' }]);
    expect(await as(DEMO, 'res.partner', 'write', [[pid], { company_id: companyY }])).toEqual(ok(true));
    expect(await as(DEMO, 'res.partner', 'read', [[pid], ['name']])).toEqual(json(demoRule('read')));
    expect(await as(DEMO, 'res.partner', 'write', [[pid], { function: 'again' }])).toEqual(json(demoRule('write')));
    const [row] = await asAdmin(srv, 'res.partner', 'read', [[pid], ['company_id', 'function']]);
    expect(row.company_id[0]).toBe(companyY);
    expect(row.function).toBe(false);
  });
});

describe('rule domains: child_of expanded in sudo with active_test=False', () => {
  // 8 → link (inactive, foreign company: invisible to portal) → grandchild (visible). The portal rule
  // [('id','child_of', 8)] reaches the grandchild only if the expansion ignores the user's rules and
  // the active flag; the global company rule still hides the link itself.
  let link: number;
  let grandchild: number;
  beforeAll(async () => {
    const companyY = await otherCompany('RS Company Y');
    link = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RS link', company_id: companyY }]);
    grandchild = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RS grandchild', parent_id: link }]);
    await asAdmin(srv, 'res.partner', 'write', [[link], { parent_id: 8 }]);
    await asAdmin(srv, 'res.partner', 'write', [[link], { active: false }]);
  });

  it('the fixture: the link is archived in company Y, the grandchild has no company', async () => {
    const rows = await asAdmin(srv, 'res.partner', 'read', [[link, grandchild], ['active', 'company_id', 'parent_id']]);
    expect(rows.map((r: any) => [r.active, r.company_id && r.company_id[0], r.parent_id && r.parent_id[0]]))
      .toEqual([[false, expect.any(Number), 8], [true, false, link]]);
  });

  it('portal sees its partner and the grandchild, not the link', async () => {
    expect(await as(PORTAL, 'res.partner', 'search', [[]], { order: 'id' })).toEqual(ok([8, grandchild]));
    expect(await as(PORTAL, 'res.partner', 'read', [[grandchild], ['name']])).toEqual(ok([{ id: grandchild, name: 'RS grandchild' }]));
    expect(await as(PORTAL, 'res.partner', 'read', [[link], ['name']])).toEqual(json(accessError(ruleMsg('Joel Willis', 7, 'read', 'Contact', 'res.partner'))));
  });
});

describe('a portal user of a company contact sees the company and its siblings', () => {
  let corp: number;
  let alice: number;
  let bob: number;
  let uid: number;
  beforeAll(async () => {
    corp = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RP Corp', is_company: true }]);
    [alice, bob] = await asAdmin(srv, 'res.partner', 'create', [[{ name: 'RP Alice', parent_id: corp }, { name: 'RP Bob', parent_id: corp }]]);
    uid = await asAdmin(srv, 'res.users', 'create', [{
      login: 'rp_alice', password: 'rp-alice-pw', partner_id: alice, groups_id: [[6, 0, [refId(srv, 'base.group_portal')]]],
      // company_ids defaults to the creator's env.companies (all of admin's): pin it to company 1
      company_id: 1, company_ids: [[6, 0, [1]]],
    }]);
  });

  // [('id','child_of', user.commercial_partner_id.id)] with the commercial partner = the company
  it('web session: search gives company + both contacts; others raise; users: only itself', async () => {
    const c = await webLogin(srv, 'rp_alice', 'rp-alice-pw');
    const call = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => jsonOutcome(await callKw(c, model, method, args, kwargs));
    expect(await call('res.partner', 'search', [[]], { order: 'id' })).toEqual(ok([corp, alice, bob]));
    expect(await call('res.partner', 'read', [[bob, corp], ['name']])).toEqual(ok([{ id: bob, name: 'RP Bob' }, { id: corp, name: 'RP Corp' }]));
    expect(await call('res.partner', 'read', [[8], ['name']])).toEqual(onWire('call_kw', accessError(ruleMsg('RP Alice', uid, 'read', 'Contact', 'res.partner'))));
    expect(await call('res.users', 'search', [[]])).toEqual(ok([uid]));
    expect(await call('res.company', 'search', [[]])).toEqual(ok([1]));
    // still no write ACL on partners, even on its own company
    expect(await call('res.partner', 'write', [[bob], { function: 'x' }]))
      .toEqual(onWire('call_kw', accessError(aclMsg('write', 'Contact', 'res.partner', [G.contactCreation]))));
  });

  it('xmlrpc: the same search result', async () => {
    const cred = { login: 'rp_alice', password: 'rp-alice-pw', uid };
    const t = transports(srv).find((x) => x.name === 'xmlrpc')!;
    expect(await t.one({ user: cred, model: 'res.partner', method: 'search', args: [[]], kwargs: { order: 'id' } })).toEqual(ok([corp, alice, bob]));
  });

  // the other portal user (Joel Willis) does not see the new company
  it('the demo portal user still sees only its own partner', async () => {
    expect(await as(PORTAL, 'res.partner', 'search', [[['id', 'in', [corp, alice, bob]]]])).toEqual(ok([]));
  });
});

describe('the rule evaluation context: company_ids comes from allowed_company_ids', () => {
  // admin is in company Z (it created it): partners of Z are visible, unless the context narrows
  // env.companies to [1]; then the company rule hides them (search) or raises (read)
  it('admin with allowed_company_ids=[1] no longer sees a partner of another of its companies', async () => {
    const z = await otherCompany('RE Company Z');
    const pid = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RE partner of Z', company_id: z }]);
    const dom = [['id', '=', pid]];
    expect(await as(ADMIN, 'res.partner', 'search', [dom])).toEqual(ok([pid]));
    expect(await as(ADMIN, 'res.partner', 'search', [dom], { context: { allowed_company_ids: [1] } })).toEqual(ok([]));
    expect(await as(ADMIN, 'res.partner', 'search', [dom], { context: { allowed_company_ids: [1, z] } })).toEqual(ok([pid]));
    expect(await as(ADMIN, 'res.partner', 'read', [[pid], ['name']], { context: { allowed_company_ids: [1] } }))
      .toEqual(json(accessError(ruleMsg('Mitchell Admin', 2, 'read', 'Contact', 'res.partner'))));
  });

  // not debug mode over RPC: even admin (in group_no_one) gets the short text
  it('admin removed from a company gets the short rule error for its partners', async () => {
    const z = await otherCompany('RE Company Z2');
    const pid = await asAdmin(srv, 'res.partner', 'create', [{ name: 'RE partner of Z2', company_id: z }]);
    await asAdmin(srv, 'res.users', 'write', [[2], { company_ids: [[3, z]] }]);
    expect(await as(ADMIN, 'res.partner', 'search', [[['id', '=', pid]]])).toEqual(ok([]));
    expect(await as(ADMIN, 'res.partner', 'write', [[pid], { function: 'x' }])).toEqual(json(accessError(ruleMsg('Mitchell Admin', 2, 'write', 'Contact', 'res.partner'))));
    const su = srv.app.dbm.get(srv.db).env(1);
    expect(su.model('res.partner').browse([pid]).read(['function'])).toEqual([{ id: pid, function: false }]);
  });
});

describe('missing records and rules (security.md §7)', () => {
  const missing = (uid: number) => `Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: ${uid})`;

  // read skips missing ids silently
  it('read of a missing id returns only the existing ones', async () => {
    expect(await as(DEMO, 'res.partner', 'read', [[999999], ['name']])).toEqual(ok([]));
    expect(await as(DEMO, 'res.partner', 'read', [[999999, 3], ['name']])).toEqual(ok([{ id: 3, name: 'Mitchell Admin' }]));
  });

  // res.partner has a global rule (even admin is subject to it) → write/unlink raise MissingError (fault 2)
  it.each(['jsonrpc', 'call_kw', 'xmlrpc'] as const)('write/unlink of a missing partner raise MissingError over %s', async (tname) => {
    const t = transports(srv).find((x) => x.name === tname)!;
    const [w, u, wd] = await t.run([
      { user: ADMIN, model: 'res.partner', method: 'write', args: [[999999], { name: 'x' }] },
      { user: ADMIN, model: 'res.partner', method: 'unlink', args: [[999999]] },
      { user: DEMO, model: 'res.partner', method: 'write', args: [[999999], { name: 'x' }] },
    ]);
    expect(w).toEqual(onWire(tname, fail('MissingError', missing(2))));
    expect(u).toEqual(onWire(tname, fail('MissingError', missing(2))));
    expect(wd).toEqual(onWire(tname, fail('MissingError', missing(6))));
  });

  // res.country: no rule applies → the UPDATE/DELETE hits nothing and returns True
  it('write/unlink of a missing res.country is True', async () => {
    expect(await as(ADMIN, 'res.country', 'write', [[999999], { name: 'x' }])).toEqual(ok(true));
    expect(await as(ADMIN, 'res.country', 'unlink', [[999999]])).toEqual(ok(true));
  });
});

describe('ir.rule constraints (security.md §2, VERIFIED-RUN strings)', () => {
  it('a domain with an unknown field is refused', async () => {
    const r = await as(ADMIN, 'ir.rule', 'create', [{ name: 'RK bad', model_id: await modelId('res.partner'), domain_force: "[('nope', '=', 1)]" }]);
    expect(r).toEqual(json(fail('ValidationError', "Invalid domain: Invalid field res.partner.nope in leaf ('nope', '=', 1)")));
  });

  it('a rule on ir.rule itself is refused', async () => {
    const r = await as(ADMIN, 'ir.rule', 'create', [{ name: 'RK self', model_id: await modelId('ir.rule'), domain_force: '[]' }]);
    expect(r).toEqual(json(fail('ValidationError', 'Rules can not be applied on the Record Rules model.')));
  });
});
