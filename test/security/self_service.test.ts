/**
 * res.users self-service (security.md §5): SELF_READABLE reads and SELF_WRITEABLE writes on one's
 * own user run in sudo; any other field goes through the normal ACLs; company_id outside one's
 * companies is silently dropped; password fields read as ''; change_password; new_password on
 * oneself; check_access_rights, has_group and context_get as a portal user.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import {
  ADMIN, ACCESS_DENIED, DEMO, G, PORTAL, acl, aclMsg, accessError, asAdmin, fail, ok, onWire, refId, transports,
  type Cred, type Transport, type TransportName,
} from './sec_helpers';
import { py } from '../integration/helpers';

let srv: TestServer;
let T: Record<TransportName, Transport>;
let groupPortal: number;
beforeAll(async () => {
  srv = await startTestServer();
  T = Object.fromEntries(transports(srv).map((t) => [t.name, t])) as Record<TransportName, Transport>;
  groupPortal = refId(srv, 'base.group_portal');
});
afterAll(async () => { await srv.close(); });

const NAMES: TransportName[] = ['jsonrpc', 'call_kw', 'xmlrpc'];
const USER_WRITE_ACL = acl('res.users', 'write');

/** A new portal user with a password (so that password tests don't disturb uid 7). */
async function newPortal(login: string, password: string): Promise<Cred> {
  const uid = await asAdmin(srv, 'res.users', 'create', [{ name: `SS ${login}`, login, password, groups_id: [[6, 0, [groupPortal]]], company_id: 1, company_ids: [[6, 0, [1]]] }]);
  return { login, password, uid };
}

/** XML-RPC authenticate (False on failure) and a trivial execute_kw (fault 3 on bad credentials). */
async function tryLogin(login: string, password: string, uid: number): Promise<{ auth: unknown; exec: unknown }> {
  return py(`
    out({'auth': common.authenticate(DB, ${JSON.stringify(login)}, ${JSON.stringify(password)}, {}),
         'exec': call(lambda: models.execute_kw(DB, ${uid}, ${JSON.stringify(password)}, 'res.users', 'context_get', []))})
  `, { url: srv.url, db: srv.db });
}

describe('self read (SELF_READABLE fields run in sudo)', () => {
  // an explicit list of self-readable fields works over every transport
  it.each(NAMES)('portal reads its own login/name/groups_id/share over %s', async (t) => {
    const r = await T[t].one({ user: PORTAL, model: 'res.users', method: 'read', args: [[7], ['login', 'name', 'groups_id', 'share']] });
    expect(r).toEqual(ok([{ id: 7, login: 'portal', name: 'Joel Willis', groups_id: [groupPortal], share: true }]));
  });

  // read() without a field list does not take the shortcut: log_ids needs the res.users.log ACL (VERIFIED-RUN)
  it('portal read() of itself without fields raises the res.users.log ACL error', async () => {
    const r = await T.jsonrpc.one({ user: PORTAL, model: 'res.users', method: 'read', args: [[7]] });
    expect(r).toEqual(onWire('jsonrpc', accessError(aclMsg('read', 'Users Log', 'res.users.log', [G.settings]))));
  });

  // password/new_password are computed as '' for everyone (VERIFIED-RUN), admin included
  it('password and new_password read as empty strings for admin, demo and portal', async () => {
    const fields = ['password', 'new_password'];
    expect(await T.jsonrpc.one({ user: ADMIN, model: 'res.users', method: 'read', args: [[2, 6, 7], fields] }))
      .toEqual(ok([2, 6, 7].map((id) => ({ id, password: '', new_password: '' }))));
    expect(await T.jsonrpc.one({ user: DEMO, model: 'res.users', method: 'read', args: [[2, 6], fields] }))
      .toEqual(ok([2, 6].map((id) => ({ id, password: '', new_password: '' }))));
    for (const t of NAMES) {
      expect(await T[t].one({ user: PORTAL, model: 'res.users', method: 'read', args: [[7], fields] }))
        .toEqual(ok([{ id: 7, password: '', new_password: '' }]));
    }
    // search_read too
    expect(await T.jsonrpc.one({ user: ADMIN, model: 'res.users', method: 'search_read', args: [[['id', '=', 6]], fields] }))
      .toEqual(ok([{ id: 6, password: '', new_password: '' }]));
  });
});

describe('self write (SELF_WRITEABLE fields run in sudo)', () => {
  let before: any;
  beforeAll(async () => {
    [before] = await asAdmin(srv, 'res.partner', 'read', [[8], ['name', 'email']]);
  });
  afterAll(async () => { await asAdmin(srv, 'res.partner', 'write', [[8], { name: before.name, email: before.email }]); });

  // name/email go to the partner (which portal may not write directly); lang/tz to the user
  it.each(NAMES)('portal writes its own name, email, lang and tz over %s', async (t) => {
    const vals = { name: `Joel ${t}`, email: `joel-${t}@example.com`, lang: 'en_US', tz: 'Europe/Brussels' };
    expect(await T[t].one({ user: PORTAL, model: 'res.users', method: 'write', args: [[7], vals] })).toEqual(ok(true));
    expect(await asAdmin(srv, 'res.partner', 'read', [[8], ['name', 'email']])).toEqual([{ id: 8, name: vals.name, email: vals.email }]);
    expect(await asAdmin(srv, 'res.users', 'read', [[7], ['lang', 'tz']])).toEqual([{ id: 7, lang: 'en_US', tz: 'Europe/Brussels' }]);
    // the same name through res.partner is refused (no write ACL)
    expect(await T[t].one({ user: PORTAL, model: 'res.partner', method: 'write', args: [[8], { name: 'x' }] }))
      .toEqual(onWire(t, accessError(acl('res.partner', 'write'))));
  });

  // company_id outside the user's company_ids is dropped, the rest of the write happens (VERIFIED-RUN)
  it('writing its own company_id to a company it is not in is silently dropped', async () => {
    const other = await asAdmin(srv, 'res.company', 'create', [{ name: 'SS Other Company' }]);
    expect(await T.jsonrpc.one({ user: PORTAL, model: 'res.users', method: 'write', args: [[7], { company_id: other }] })).toEqual(ok(true));
    expect(await T.xmlrpc.one({ user: PORTAL, model: 'res.users', method: 'write', args: [[7], { company_id: other, tz: 'Europe/Paris' }] })).toEqual(ok(true));
    const [u] = await asAdmin(srv, 'res.users', 'read', [[7], ['company_id', 'company_ids', 'tz']]);
    expect([u.company_id[0], u.company_ids, u.tz]).toEqual([1, [1], 'Europe/Paris']);
  });

  // any key outside SELF_WRITEABLE sends the whole write through the ACL: "modify 'User'" (VERIFIED-RUN)
  it.each<[string, () => Record<string, unknown>]>([
    ['login', () => ({ login: 'portal-hacked' })],
    ['groups_id', () => ({ groups_id: [[4, refId(srv, 'base.group_system')]] })],
    ['share', () => ({ share: false })],
    ['password', () => ({ password: 'portal-hacked' })],
    ['new_password', () => ({ new_password: 'portal-hacked' })],
    ['name + login', () => ({ name: 'Hacked Name', login: 'portal-hacked' })],
  ])('portal writing %s on itself raises the ACL error and changes nothing', async (_k, vals) => {
    const v = vals();
    for (const t of NAMES) {
      expect([t, await T[t].one({ user: PORTAL, model: 'res.users', method: 'write', args: [[7], v] })]).toEqual([t, onWire(t, accessError(USER_WRITE_ACL))]);
    }
    const [u] = await asAdmin(srv, 'res.users', 'read', [[7], ['login', 'groups_id', 'share', 'name']]);
    expect(u).toEqual({ id: 7, login: 'portal', groups_id: [groupPortal], share: true, name: expect.not.stringContaining('Hacked') });
    expect(await tryLogin('portal', 'portal', 7)).toEqual({ auth: 7, exec: expect.objectContaining({ value: expect.objectContaining({ uid: 7 }) }) });
    expect((await tryLogin('portal', 'portal-hacked', 7)).auth).toBe(false);
  });
});

describe('change_password(old, new)', () => {
  // wrong or empty old password → AccessDenied; over XML-RPC fault 3 (rpc.md §3.2)
  it('a wrong or empty old password raises AccessDenied "Access Denied"', async () => {
    const u = await newPortal('ss_pw_wrong', 'ss-wrong-1');
    for (const t of NAMES) {
      for (const old of ['not-the-password', '']) {
        expect([t, old, await T[t].one({ user: u, model: 'res.users', method: 'change_password', args: [old, 'ss-new'] })])
          .toEqual([t, old, onWire(t, fail('AccessDenied', ACCESS_DENIED))]);
      }
    }
    expect((await tryLogin(u.login, 'ss-wrong-1', u.uid)).auth).toBe(u.uid);
  });

  // a new password that is empty after strip() → UserError (fault 2)
  it('an empty (or blank) new password raises the UserError', async () => {
    const u = await newPortal('ss_pw_empty', 'ss-empty-1');
    for (const t of NAMES) {
      for (const nw of ['', '   ']) {
        expect([t, nw, await T[t].one({ user: u, model: 'res.users', method: 'change_password', args: [u.password, nw] })])
          .toEqual([t, nw, onWire(t, fail('UserError', 'Setting empty passwords is not allowed for security reasons!'))]);
      }
    }
    expect((await tryLogin(u.login, 'ss-empty-1', u.uid)).auth).toBe(u.uid);
  });

  // happy path: True; the old password stops working at once (cached credentials dropped), the
  // new one (stripped) works
  it('happy path: returns True, the old password fails over XML-RPC, the stripped new one works', async () => {
    const u = await newPortal('ss_pw_ok', 'ss-ok-old');
    expect(await tryLogin(u.login, 'ss-ok-old', u.uid)).toEqual({ auth: u.uid, exec: expect.objectContaining({ type: 'dict' }) });
    expect(await T.xmlrpc.one({ user: u, model: 'res.users', method: 'change_password', args: ['ss-ok-old', '  ss-ok-new  '] })).toEqual(ok(true));
    expect(await tryLogin(u.login, 'ss-ok-old', u.uid)).toEqual({ auth: false, exec: { faultCode: 3, faultString: ACCESS_DENIED } });
    expect(await tryLogin(u.login, 'ss-ok-new', u.uid)).toEqual({ auth: u.uid, exec: { value: { lang: 'en_US', tz: expect.anything(), uid: u.uid }, type: 'dict' } });
    expect((await tryLogin(u.login, '  ss-ok-new  ', u.uid)).auth).toBe(false);
    // over a web session too
    const u2 = await newPortal('ss_pw_web', 'ss-web-old');
    expect(await T.call_kw.one({ user: u2, model: 'res.users', method: 'change_password', args: ['ss-web-old', 'ss-web-new'] })).toEqual(ok(true));
    expect((await tryLogin(u2.login, 'ss-web-old', u2.uid)).auth).toBe(false);
    expect((await tryLogin(u2.login, 'ss-web-new', u2.uid)).auth).toBe(u2.uid);
  });
});

describe('new_password', () => {
  // VERIFIED-RUN: on oneself (with the write ACL) it is refused with a UserError
  it.each(NAMES)('admin setting new_password on itself over %s raises the wizard UserError', async (t) => {
    const r = await T[t].one({ user: ADMIN, model: 'res.users', method: 'write', args: [[2], { new_password: 'admin-new' }] });
    expect(r).toEqual(onWire(t, fail('UserError', 'Please use the change password wizard (in User Preferences or User menu) to change your own password.')));
    expect((await tryLogin('admin', 'admin', 2)).auth).toBe(2);
    expect((await tryLogin('admin', 'admin-new', 2)).auth).toBe(false);
  });

  // on another user it sets the password; an empty value is ignored
  it('admin setting new_password on another user changes its password; empty is ignored', async () => {
    const u = await newPortal('ss_np_other', 'ss-np-old');
    expect(await T.jsonrpc.one({ user: ADMIN, model: 'res.users', method: 'write', args: [[u.uid], { new_password: '' }] })).toEqual(ok(true));
    expect((await tryLogin(u.login, 'ss-np-old', u.uid)).auth).toBe(u.uid);
    expect(await T.jsonrpc.one({ user: ADMIN, model: 'res.users', method: 'write', args: [[u.uid], { new_password: 'ss-np-new' }] })).toEqual(ok(true));
    expect((await tryLogin(u.login, 'ss-np-old', u.uid)).auth).toBe(false);
    expect((await tryLogin(u.login, 'ss-np-new', u.uid)).auth).toBe(u.uid);
  });
});

describe('check_access_rights, has_group, context_get (portal)', () => {
  // @api.model; raise_exception=False turns the AccessError into False
  it.each(NAMES)('check_access_rights over %s', async (t) => {
    const k = (user: Cred, args: unknown[], kwargs: Record<string, unknown> = {}) => T[t].one({ user, model: 'res.partner', method: 'check_access_rights', args, kwargs });
    expect(await k(PORTAL, ['write', false])).toEqual(ok(false));
    expect(await k(PORTAL, ['write'], { raise_exception: false })).toEqual(ok(false));
    expect(await k(PORTAL, ['read'], { raise_exception: false })).toEqual(ok(true));
    expect(await k(ADMIN, ['write', false])).toEqual(ok(true));
    expect(await k(DEMO, ['unlink', false])).toEqual(ok(true));
    expect(await k(PORTAL, ['write'])).toEqual(onWire(t, accessError(acl('res.partner', 'write'))));
    expect(await T[t].one({ user: PORTAL, model: 'res.groups', method: 'check_access_rights', args: ['read', false] })).toEqual(ok(false));
  });

  // 17: has_group is @api.model: has_group(xmlid) answers for the caller (not debug-aware), and
  // passing ids as well is one positional argument too many (checked on a real Odoo 17)
  it.each(NAMES)('has_group over %s', async (t) => {
    const k = (user: Cred, args: unknown[]) => T[t].one({ user, model: 'res.users', method: 'has_group', args });
    expect(await k(PORTAL, ['base.group_portal'])).toEqual(ok(true));
    expect(await k(PORTAL, ['base.group_user'])).toEqual(ok(false));
    expect(await k(DEMO, ['base.group_user'])).toEqual(ok(true));
    expect(await k(DEMO, ['base.group_no_one'])).toEqual(ok(true));
    expect(await k(DEMO, ['base.group_system'])).toEqual(ok(false));
    expect(await k(PORTAL, [[7], 'base.group_portal'])).toEqual(onWire(t, fail('TypeError', 'Users.has_group() takes 2 positional arguments but 3 were given')));
  });

  // context_get: lang, tz and uid of the caller, read in sudo
  it.each(NAMES)('context_get over %s', async (t) => {
    const [u] = await asAdmin(srv, 'res.users', 'read', [[7], ['lang', 'tz']]);
    expect(await T[t].one({ user: PORTAL, model: 'res.users', method: 'context_get', args: [] })).toEqual(ok({ lang: u.lang, tz: u.tz, uid: 7 }));
  });
});
