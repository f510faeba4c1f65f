/**
 * Two-factor authentication and API keys over RPC (portal.md §5, rpc.md §6): identity check,
 * enabling TOTP with a code computed from the wizard's secret, RPC refused with the password
 * but accepted with an API key, keys shown once and stored hashed, removal, devices.
 */
import speakeasy from 'speakeasy';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

/** A web session (cookie jar) logged in as a user. */
async function session(login: string, password: string): Promise<JsonClient> {
  const c = new JsonClient(srv.url);
  const r = await c.call('/web/session/authenticate', { db: srv.db, login, password });
  expect(r.error).toBeUndefined();
  return c;
}

async function callKw(c: JsonClient, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
  const r = await c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  if (r.error) {
    const e = new Error(r.error.data.message) as Error & { data: { name: string; message: string } };
    e.data = r.error.data;
    throw e;
  }
  return r.result;
}

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try { await p; } catch (e) { return (e as { data: { name: string; message: string } }).data; }
  throw new Error('expected an error');
}

function code(secret: string): string {
  return speakeasy.totp({ secret: secret.replace(/\s/g, ''), encoding: 'base32' });
}

/** Run the identity check an action asks for, then return the action the check continues with. */
async function passIdentityCheck(c: JsonClient, action: any, password: string) {
  expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'res.users.identitycheck', target: 'new' });
  await callKw(c, 'res.users.identitycheck', 'write', [[action.res_id], { password }]);
  return callKw(c, 'res.users.identitycheck', 'run_check', [[action.res_id]]);
}

async function enableTotp(c: JsonClient, uid: number, password: string): Promise<string> {
  const first = await callKw(c, 'res.users', 'action_totp_enable_wizard', [[uid]]);
  const wizardAction = await passIdentityCheck(c, first, password);
  expect(wizardAction).toMatchObject({ res_model: 'auth_totp.wizard', name: 'Two-Factor Authentication Activation', target: 'new' });
  const [wiz] = await callKw(c, 'auth_totp.wizard', 'read', [[wizardAction.res_id], ['secret', 'url', 'qrcode']]);
  await callKw(c, 'auth_totp.wizard', 'write', [[wizardAction.res_id], { code: code(wiz.secret) }]);
  const done = await callKw(c, 'auth_totp.wizard', 'enable', [[wizardAction.res_id]]);
  expect(done).toMatchObject({ type: 'ir.actions.client', tag: 'display_notification', params: { message: '2-Factor authentication is now enabled.' } });
  return wiz.secret.replace(/\s/g, '');
}

describe('identity check', () => {
  it('a wrong password gives Odoo\'s message, over XML-RPC the check is impossible', async () => {
    const c = await session('demo', 'demo');
    const action = await callKw(c, 'res.users', 'action_totp_enable_wizard', [[6]]);
    await callKw(c, 'res.users.identitycheck', 'write', [[action.res_id], { password: 'wrong' }]);
    expect(await failure(callKw(c, 'res.users.identitycheck', 'run_check', [[action.res_id]]))).toEqual(expect.objectContaining({
      name: 'odoo.exceptions.UserError', message: 'Incorrect Password, try again or click on Forgot Password to reset your password.' }));
    const r = await c.service('object', 'execute_kw', srv.db, 6, 'demo', 'res.users', 'action_totp_enable_wizard', [[6]]);
    expect(r.error.data.message).toBe('This method can only be accessed over HTTP');
  });
});

describe('log out from all devices (res.users.identitycheck.revoke_all_devices)', () => {
  it('ends the user\'s other sessions, keeps the current one, and needs the password', async () => {
    const here = await session('portal', 'portal');
    const elsewhere = await session('portal', 'portal');
    const check = await callKw(here, 'res.users.identitycheck', 'create', [{ password: 'wrong' }]);
    expect((await failure(callKw(here, 'res.users.identitycheck', 'revoke_all_devices', [[check]]))).message)
      .toBe('Incorrect Password, try again or click on Forgot Password to reset your password.');
    expect((await elsewhere.call('/web/session/check', {})).error).toBeUndefined();
    await callKw(here, 'res.users.identitycheck', 'write', [[check], { password: 'portal' }]);
    expect(await callKw(here, 'res.users.identitycheck', 'revoke_all_devices', [[check]])).toBe(true);
    expect((await elsewhere.call('/web/session/check', {})).error.code).toBe(100);
    expect((await here.call('/web/session/check', {})).error).toBeUndefined();
  });
});

describe('TOTP for a portal user', () => {
  let c: JsonClient;
  let secret: string;
  it('enables 2FA through the wizard (secret of 32 base32 chars in 8 groups, otpauth URL, QR PNG)', async () => {
    c = await session('portal', 'portal');
    const first = await callKw(c, 'res.users', 'action_totp_enable_wizard', [[7]]);
    const wizardAction = await passIdentityCheck(c, first, 'portal');
    const [wiz] = await callKw(c, 'auth_totp.wizard', 'read', [[wizardAction.res_id], ['secret', 'url', 'qrcode', 'user_id']]);
    expect(wiz.secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const plain = wiz.secret.replace(/ /g, '');
    expect(wiz.url).toBe(`otpauth://totp/127.0.0.1:portal?secret=${plain}&issuer=127.0.0.1&algorithm=SHA1&digits=6&period=30`);
    expect(Buffer.from(wiz.qrcode, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // malformed and wrong codes
    await callKw(c, 'auth_totp.wizard', 'write', [[wizardAction.res_id], { code: 'abc' }]);
    expect((await failure(callKw(c, 'auth_totp.wizard', 'enable', [[wizardAction.res_id]]))).message).toBe('The verification code should only contain numbers');
    const wrong = String((Number(code(plain)) + 500000) % 1000000).padStart(6, '0');
    await callKw(c, 'auth_totp.wizard', 'write', [[wizardAction.res_id], { code: wrong }]);
    expect((await failure(callKw(c, 'auth_totp.wizard', 'enable', [[wizardAction.res_id]]))).message).toBe('Verification failed, please double-check the 6-digit code');
    await callKw(c, 'auth_totp.wizard', 'write', [[wizardAction.res_id], { code: code(plain) }]);
    const done = await callKw(c, 'auth_totp.wizard', 'enable', [[wizardAction.res_id]]);
    expect(done.params.message).toBe('2-Factor authentication is now enabled.');
    secret = plain;
    // the session that enabled 2FA stays valid; the flag is readable, the secret never
    expect(await callKw(c, 'res.users', 'read', [[7], ['totp_enabled']])).toEqual([{ id: 7, totp_enabled: true }]);
    const admin = new JsonClient(srv.url);
    const r = await admin.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.users', 'read', [[7], ['totp_secret']]);
    expect(r.error.data.name).toBe('odoo.exceptions.AccessError');
    const fields = await admin.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.users', 'fields_get', [], { attributes: ['type'] });
    expect(fields.result.totp_secret).toBeUndefined();
    expect(fields.result.totp_enabled).toEqual({ type: 'boolean' });
    // security mail queued
    const mails = await admin.service('object', 'execute_kw', srv.db, 2, 'admin', 'mail.mail', 'search_read', [[['subject', '=', 'Security Update: 2FA Activated']], ['email_to']]);
    expect(mails.result.map((m: { email_to: string }) => m.email_to)).toContain('joel.willis63@example.com');
  });

  it('refuses enabling twice', async () => {
    expect((await failure(callKw(c, 'res.users', 'action_totp_enable_wizard', [[7]]))).message).toBe('Two-factor authentication already enabled');
  });

  it('password logins over RPC are refused; /web/session/authenticate answers {uid: null}', async () => {
    const j = new JsonClient(srv.url);
    expect((await j.service('common', 'authenticate', srv.db, 'portal', 'portal', {})).result).toBe(false);
    const r = await j.service('object', 'execute_kw', srv.db, 7, 'portal', 'res.partner', 'search', [[]]);
    expect(r.error.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    const w = await j.call('/web/session/authenticate', { db: srv.db, login: 'portal', password: 'portal' });
    expect(w.result).toEqual({ uid: null });
    // the half-done session cannot call anything
    const k = await j.call('/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]], kwargs: {} });
    expect(k.error.code).toBe(100);
  });

  it('portal users cannot create API keys unless portal.allow_api_keys is set: making the key fails', async () => {
    // the wizard itself only checks the identity (fresh here); make_key refuses
    expect(await callKw(c, 'res.users', 'api_key_wizard', [[7]])).toMatchObject({ res_model: 'res.users.apikeys.description' });
    const description = await callKw(c, 'res.users.apikeys.description', 'create', [{ name: 'portal key' }]);
    expect((await failure(callKw(c, 'res.users.apikeys.description', 'make_key', [[description]]))).message).toBe('Only internal users can create API keys');
  });

  it('disabling (after identity check) clears 2FA and RPC with the password works again', async () => {
    const action = await callKw(c, 'res.users', 'action_totp_disable', [[7]]);
    // the identity check is still fresh (10-minute window): no wizard this time
    expect(action).toMatchObject({ tag: 'display_notification', params: { message: 'Two-factor authentication disabled for the following user(s): Joel Willis' } });
    expect((await new JsonClient(srv.url).service('common', 'authenticate', srv.db, 'portal', 'portal', {})).result).toBe(7);
    void secret;
  });
});

describe('API keys for an internal user with 2FA', () => {
  it('a key works as the password on XML-RPC//jsonrpc, never on web login, and stops working once removed', async () => {
    const c = await session('demo', 'demo');
    await enableTotp(c, 6, 'demo');
    const wizard = await callKw(c, 'res.users', 'api_key_wizard', [[6]]);
    expect(wizard).toMatchObject({ res_model: 'res.users.apikeys.description', target: 'new' });
    const descId = await callKw(c, 'res.users.apikeys.description', 'create', [{ name: 'my script' }]);
    const shown = await callKw(c, 'res.users.apikeys.description', 'make_key', [[descId]]);
    expect(shown).toMatchObject({ res_model: 'res.users.apikeys.show', name: 'API Key Ready' });
    const key: string = shown.context.default_key;
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    // stored hashed with an 8-char index
    const db = srv.app.dbm.get(srv.db);
    const row = db.cr.get<{ index: string; key: string }>('SELECT "index", key FROM res_users_apikeys WHERE user_id = 6');
    expect(row!.index).toBe(key.slice(0, 8));
    expect(row!.key).not.toContain(key);
    const j = new JsonClient(srv.url);
    expect((await j.service('common', 'authenticate', srv.db, 'demo', key, {})).result).toBe(6);
    expect((await j.service('common', 'authenticate', srv.db, 'demo', 'demo', {})).result).toBe(false);
    expect((await j.service('object', 'execute_kw', srv.db, 6, key, 'res.users', 'read', [[6], ['login']])).result).toEqual([{ id: 6, login: 'demo' }]);
    // keys are not passwords for interactive logins
    const w = await j.call('/web/session/authenticate', { db: srv.db, login: 'demo', password: key });
    expect(w.error.data.name).toBe('odoo.exceptions.AccessDenied');
    // the key list is readable by its owner, without the key
    const keys = await callKw(c, 'res.users.apikeys', 'search_read', [[], ['name', 'scope']]);
    expect(keys).toEqual([{ id: expect.any(Number), name: 'my script', scope: false }]);
    await callKw(c, 'res.users.apikeys', 'remove', [[keys[0].id]]);
    expect((await j.service('common', 'authenticate', srv.db, 'demo', key, {})).result).toBe(false);
    const r = await j.service('object', 'execute_kw', srv.db, 6, key, 'res.partner', 'search', [[]]);
    expect(r.error.data.name).toBe('odoo.exceptions.AccessDenied');
  });

  it('admin can disable 2FA of another user; a non-admin cannot', async () => {
    const other = await session('admin', 'admin');
    const res = await callKw(other, 'res.users', 'action_totp_disable', [[6]]);
    // admin passes the identity check first
    const done = res.res_model === 'res.users.identitycheck' ? await passIdentityCheck(other, res, 'admin') : res;
    expect(done.params.message).toBe('Two-factor authentication disabled for the following user(s): Marc Demo');
    const mails = await other.call('/web/dataset/call_kw', { model: 'mail.mail', method: 'search_count', args: [[['subject', '=', 'Security Update: 2FA Deactivated']]], kwargs: {} });
    expect(mails.result).toBeGreaterThan(0);
  });
});
