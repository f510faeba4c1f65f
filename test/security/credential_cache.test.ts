/**
 * execute_kw checks the password on every call, as Odoo's res.users.check does; successes are
 * cached per (database, uid, password) (rpc/service/auth.ts checkUid, Odoo's ormcache on
 * _check_uid_passwd). The cache must spare the hash check of a repeated call and never outlive
 * what it vouched for: a password change, a deactivation, an API key's removal. Over XML-RPC
 * with Python's xmlrpc.client, as scripts call Odoo.
 */
import bcrypt from 'bcrypt';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { py } from '../integration/helpers';

let srv: TestServer;
let groupUser: number;
beforeAll(async () => {
  srv = await startTestServer();
  groupUser = srv.app.dbm.get(srv.db).env().refId('base.group_user');
});
afterAll(async () => { await srv.close(); });

async function asAdmin(model: string, method: string, args: unknown[]): Promise<any> {
  const r = await new JsonClient(srv.url).service('object', 'execute_kw', srv.db, 2, 'admin', model, method, args);
  if (r.error) throw new Error(r.error.data.message);
  return r.result;
}

/** A new internal user with a password. */
async function newUser(login: string, password: string): Promise<number> {
  return asAdmin('res.users', 'create', [{ name: `Cache ${login}`, login, password, groups_id: [[6, 0, [groupUser]]] }]);
}

/** `times` XML-RPC calls of context_get as uid with a credential: the uid, or the fault code and message. */
async function xmlCalls(uid: number, credential: string, times = 1): Promise<unknown[]> {
  return py(`
    out([call(lambda: models.execute_kw(DB, ${uid}, ${JSON.stringify(credential)}, 'res.users', 'context_get', [])) for _ in range(${times})])
  `, { url: srv.url, db: srv.db }).then((rs: any[]) => rs.map((r) => ('value' in r ? r.value.uid : [r.faultCode, r.faultString])));
}

const DENIED = [3, 'Access Denied'];

/** A web session of a user, for what only the web client may do (API keys, behind an identity check). */
async function webSession(login: string, password: string): Promise<(model: string, method: string, args: unknown[]) => Promise<any>> {
  const c = new JsonClient(srv.url);
  expect((await c.call('/web/session/authenticate', { db: srv.db, login, password })).error).toBeUndefined();
  return async (model, method, args) => {
    const r = await c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: {} });
    if (r.error) throw new Error(r.error.data.message);
    return r.result;
  };
}

describe('execute_kw credential cache', () => {
  it('a repeated call checks the password hash once', async () => {
    const uid = await newUser('cache_repeat', 'cache-pw-1');
    const stored = srv.app.dbm.get(srv.db).cr.get<{ password: string }>('SELECT password FROM res_users WHERE id = ?', [uid])!.password;
    const compare = jest.spyOn(bcrypt, 'compareSync');
    try {
      expect(await xmlCalls(uid, 'cache-pw-1', 5)).toEqual([uid, uid, uid, uid, uid]);
      expect(compare.mock.calls.filter(([, hash]) => hash === stored)).toHaveLength(1);
      // a wrong password is never cached: each call is checked (and refused)
      expect(await xmlCalls(uid, 'wrong', 2)).toEqual([DENIED, DENIED]);
      expect(compare.mock.calls.filter(([, hash]) => hash === stored)).toHaveLength(3);
    } finally {
      compare.mockRestore();
    }
  });

  it('a password change by an administrator refuses the old password at once and accepts the new one', async () => {
    const uid = await newUser('cache_pw', 'cache-old');
    expect(await xmlCalls(uid, 'cache-old', 2)).toEqual([uid, uid]);
    await asAdmin('res.users', 'write', [[uid], { password: 'cache-new' }]);
    expect(await xmlCalls(uid, 'cache-old')).toEqual([DENIED]);
    expect(await xmlCalls(uid, 'cache-new', 2)).toEqual([uid, uid]);
  });

  it('a deactivated user is refused at once, and accepted again once reactivated', async () => {
    const uid = await newUser('cache_active', 'cache-active-pw');
    expect(await xmlCalls(uid, 'cache-active-pw', 2)).toEqual([uid, uid]);
    await asAdmin('res.users', 'write', [[uid], { active: false }]);
    expect(await xmlCalls(uid, 'cache-active-pw')).toEqual([DENIED]);
    await asAdmin('res.users', 'write', [[uid], { active: true }]);
    expect(await xmlCalls(uid, 'cache-active-pw')).toEqual([uid]);
  });

  it('an API key stops working at once when removed; the password keeps working', async () => {
    const uid = await newUser('cache_key', 'cache-key-pw');
    const callKw = await webSession('cache_key', 'cache-key-pw');
    let action = await callKw('res.users', 'api_key_wizard', [[uid]]);
    if (action.res_model === 'res.users.identitycheck') {
      await callKw('res.users.identitycheck', 'write', [[action.res_id], { password: 'cache-key-pw' }]);
      action = await callKw('res.users.identitycheck', 'run_check', [[action.res_id]]);
    }
    expect(action).toMatchObject({ res_model: 'res.users.apikeys.description' });
    const description = await callKw('res.users.apikeys.description', 'create', [{ name: 'cache script' }]);
    const key: string = (await callKw('res.users.apikeys.description', 'make_key', [[description]])).context.default_key;
    expect(await xmlCalls(uid, key, 2)).toEqual([uid, uid]);
    expect(await xmlCalls(uid, 'cache-key-pw')).toEqual([uid]);
    const [row] = await callKw('res.users.apikeys', 'search_read', [[], ['name']]);
    await callKw('res.users.apikeys', 'remove', [[row.id]]);
    expect(await xmlCalls(uid, key)).toEqual([DENIED]);
    expect(await xmlCalls(uid, 'cache-key-pw')).toEqual([uid]);
  });
});
