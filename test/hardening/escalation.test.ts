/**
 * Escalation attempts of the attack run (issue 17, item 6), as the portal user and as demo
 * (internal): raising one's groups, writing other users, reading secrets (password hashes, reset
 * tokens, TOTP secrets, API keys), bypassing record rules through read_group, name_search or
 * context keys, private methods, sudo-only methods. Every attempt must be refused (or, for
 * searches, see only what the rules allow), and afterwards admin checks that nothing changed.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, DEMO, PORTAL, expectOk, kw, leaks, post, type Cred, type Outcome } from './helpers';

let srv: TestServer;
const call = (cred: Cred, model: unknown, method: unknown, args: unknown[], kwargs?: unknown) => kw(srv.url, srv.db, cred, model, method, args, kwargs);
const admin = (model: string, method: string, args: unknown[], kwargs?: unknown) => call(ADMIN, model, method, args, kwargs).then(expectOk);

/** Everything an escalation could change, read by admin. */
async function snapshot(): Promise<unknown> {
  return {
    users: await admin('res.users', 'search_read', [[]], { fields: ['login', 'groups_id', 'share', 'active', 'partner_id'], context: { active_test: false }, order: 'id' }),
    partners: await admin('res.partner', 'read', [[3, 7, 8], ['name', 'email', 'company_id', 'parent_id']]),
    groups: await admin('res.groups', 'search_read', [[]], { fields: ['users', 'implied_ids'], order: 'id' }),
    rules: await admin('ir.rule', 'search_read', [[]], { fields: ['domain_force', 'groups', 'active'], context: { active_test: false }, order: 'id' }),
    acls: await admin('ir.model.access', 'search_count', [[]]),
    params: await admin('ir.config_parameter', 'search_read', [[]], { fields: ['key', 'value'], order: 'id' }),
    keys: await admin('res.users.apikeys', 'search_count', [[]]),
    mails: await admin('mail.mail', 'search_count', [[]]),
  };
}

/** Group ids of a fresh Odoo 17 database (checked below). */
const gid = { system: 4, erp: 2, user: 1 };
let before: unknown;
let hashes: string[];
beforeAll(async () => {
  srv = await startTestServer();
  const ref = async (x: string) => (await admin('ir.model.data', 'check_object_reference', ['base', x]) as [string, number])[1];
  expect({ system: await ref('group_system'), erp: await ref('group_erp_manager'), user: await ref('group_user') }).toEqual(gid);
  // a reset token and a TOTP secret (of the portal template user, so that admin keeps logging in with a password) exist, so that there is something to steal
  await admin('res.users', 'action_reset_password', [[7]]);
  const db = srv.app.dbm.get(srv.db);
  db.cr.run("UPDATE res_users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = 5");
  hashes = db.cr.all<{ password: string }>('SELECT password FROM res_users WHERE password IS NOT NULL').map((r) => r.password);
  before = await snapshot();
});
afterAll(async () => { await srv.close(); });

type Attempt = [string, Cred, string, string, unknown[], Record<string, unknown>?];
const ATTEMPTS = (): Attempt[] => {
  const out: Attempt[] = [];
  for (const [who, me, other] of [['portal', PORTAL, 6], ['demo', DEMO, 7]] as const) {
    const uid = me.uid;
    out.push(
      [`${who}: add Settings to own groups`, me, 'res.users', 'write', [[uid], { groups_id: [[4, gid.system]] }]],
      [`${who}: replace own groups`, me, 'res.users', 'write', [[uid], { groups_id: [[6, 0, [gid.system, gid.erp, gid.user]]] }]],
      [`${who}: clear share on self`, me, 'res.users', 'write', [[uid], { share: false }]],
      [`${who}: join a group through res.groups`, me, 'res.groups', 'write', [[gid.system], { users: [[4, uid]] }]],
      [`${who}: imply Settings from a group one has`, me, 'res.groups', 'write', [[gid.user], { implied_ids: [[4, gid.system]] }]],
      [`${who}: set admin's password`, me, 'res.users', 'write', [[2], { password: 'owned-1234' }]],
      [`${who}: set admin's password through new_password`, me, 'res.users', 'write', [[2], { new_password: 'owned-1234' }]],
      [`${who}: change admin's login`, me, 'res.users', 'write', [[2], { login: 'owned' }]],
      [`${who}: write another user`, me, 'res.users', 'write', [[other], { name: 'owned' }]],
      [`${who}: write admin's partner email`, me, 'res.partner', 'write', [[3], { email: 'owned@evil.example' }]],
      [`${who}: web_save on admin's partner`, me, 'res.partner', 'web_save', [[3], { email: 'owned@evil.example' }, {}]],
      [`${who}: create a user in Settings`, me, 'res.users', 'create', [{ name: 'Owned', login: `owned-${who}`, groups_id: [[6, 0, [gid.system]]] }]],
      [`${who}: copy admin`, me, 'res.users', 'copy', [[2], { login: `copy-${who}` }]],
      [`${who}: signup bound to admin's partner`, me, 'res.users', 'signup', [{ login: `s-${who}@example.com`, password: 'x', partner_id: 3 }]],
      [`${who}: prepare a token on admin's partner`, me, 'res.partner', 'signup_prepare', [[3]], { expiration: '2035-01-01 00:00:00' }],
      [`${who}: reset admin's password by mail`, me, 'res.users', 'action_reset_password', [[2]]],
      [`${who}: group users by password`, me, 'res.users', 'read_group', [[], ['login'], ['password']]],
      [`${who}: aggregate password`, me, 'res.users', 'web_read_group', [[], ['password:max'], ['login']]],
      [`${who}: group by totp_secret`, me, 'res.users', 'read_group', [[], ['login'], ['totp_secret']]],
      [`${who}: read totp_secret`, me, 'res.users', 'read', [[2], ['totp_secret']]],
      [`${who}: search on totp_secret`, me, 'res.users', 'search', [[['totp_secret', '!=', false]]]],
      [`${who}: read signup_token`, me, 'res.partner', 'search_read', [[['id', '=', 8]]], { fields: ['signup_token'] }],
      [`${who}: group partners by signup_token`, me, 'res.partner', 'read_group', [[], ['id'], ['signup_token']]],
      [`${who}: order partners by signup_token`, me, 'res.partner', 'search', [[]], { order: 'signup_token' }],
      [`${who}: search users through partner_id.signup_token`, me, 'res.users', 'search', [[['partner_id.signup_token', '!=', false]]]],
      [`${who}: read API key hashes`, me, 'res.users.apikeys', 'search_read', [[]], { fields: ['key'] }],
      [`${who}: search API keys by index`, me, 'res.users.apikeys', 'search', [[['index', '!=', false]]]],
      [`${who}: read trusted-device keys`, me, 'auth_totp.device', 'search_read', [[]], { fields: ['key'] }],
      [`${who}: create an API key for admin`, me, 'res.users.apikeys', 'create', [{ name: 'x', user_id: 2 }]],
      [`${who}: read database.secret`, me, 'ir.config_parameter', 'get_param', ['database.secret']],
      [`${who}: disable record rules`, me, 'ir.rule', 'write', [[1], { active: false }]],
      [`${who}: grant ACLs`, me, 'ir.model.access', 'create', [{ name: 'x', model_id: 1, perm_read: true, perm_write: true }]],
      [`${who}: send queued mails`, me, 'mail.mail', 'process_email_queue', []],
      [`${who}: call a private method`, me, 'res.users', '_setPassword', [[2], 'owned']],
      [`${who}: call sudo`, me, 'res.users', 'sudo', [[2]]],
      [`${who}: call with_user`, me, 'res.users', 'with_user', [[2], 1]],
      [`${who}: disable 2FA of admin`, me, 'res.users', 'action_totp_disable', [[2]]],
    );
  }
  return out;
};

describe('escalation attempts are refused', () => {
  const outcomes = new Map<string, Outcome>();
  beforeAll(async () => {
    for (const [name, cred, model, method, args, kwargs] of ATTEMPTS()) outcomes.set(name, await call(cred, model, method, args, kwargs));
  });

  it.each(ATTEMPTS().map((a) => [a[0]]))('%s', (name) => {
    const o = outcomes.get(name)!;
    expect(o).toHaveProperty('err');
    expect((o as { err: string }).err).toMatch(/^(odoo\.exceptions\.|builtins\.|odoo\.addons\.auth_signup)/);
    expect(leaks(JSON.stringify(o))).toEqual([]);
  });

  it('no answer carried a password hash, a token or a TOTP secret', () => {
    const all = JSON.stringify([...outcomes.values()]);
    for (const h of hashes) expect(all).not.toContain(h);
    expect(all).not.toContain('JBSWY3DPEHPK3PXP');
  });
});

describe('rule bypass attempts see only what the rules allow', () => {
  it.each([
    ['sudo-looking context keys', { sudo: true, su: true, uid: 1, superuser: true, active_test: false, bin_size: true }],
    ['another company', { allowed_company_ids: [1, 2, 3] }],
  ])('portal with %s', async (_n, context) => {
    const plain = expectOk(await call(PORTAL, 'res.partner', 'search', [[]])) as number[];
    const r = await call(PORTAL, 'res.partner', 'search', [[]], { context });
    if ('ok' in r) expect((r.ok as number[]).every((id) => [...plain, 8].includes(id))).toBe(true);
    else expect(r.err).toBe('odoo.exceptions.AccessError');
  });

  it('read_group and name_search count and name only the portal user\'s own records', async () => {
    const own = expectOk(await call(PORTAL, 'res.partner', 'search_count', [[]], { context: { active_test: false } })) as number;
    const groups = expectOk(await call(PORTAL, 'res.partner', 'read_group', [[], ['id'], ['type']], { context: { active_test: false } })) as Array<{ type_count: number }>;
    expect(groups.reduce((n, g) => n + g.type_count, 0)).toBe(own);
    expect(expectOk(await call(PORTAL, 'res.users', 'name_search', ['a']))).toEqual([]);
    expect((expectOk(await call(PORTAL, 'res.users', 'name_search', ['']))) as unknown[]).toEqual([[7, 'Joel Willis']]);
    expect(expectOk(await call(PORTAL, 'res.users', 'read_group', [[], ['login'], ['login']]))).toEqual([expect.objectContaining({ login: 'portal', login_count: 1 })]);
  });

  it('admin\'s password read as demo is empty', async () => {
    expect(expectOk(await call(DEMO, 'res.users', 'read', [[2], ['password']]))).toEqual([{ id: 2, password: '' }]);
  });

  it('uid 1 cannot be used with admin\'s password', async () => {
    const r = await post(`${srv.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [srv.db, 1, 'admin', 'res.users', 'search', [[]]] } }));
    expect(JSON.parse(r.text).error.data.name).toBe('odoo.exceptions.AccessDenied');
  });
});

describe('after every attempt', () => {
  it('nothing changed, and every user still logs in with their own password', async () => {
    expect(await snapshot()).toEqual(before);
    for (const [login, pw, uid] of [['admin', 'admin', 2], ['demo', 'demo', 6], ['portal', 'portal', 7]] as const) {
      const r = await post(`${srv.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'login', args: [srv.db, login, pw] } }));
      expect(JSON.parse(r.text).result).toBe(uid);
    }
  });
});
