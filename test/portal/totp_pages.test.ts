/**
 * Two-factor authentication in the browser-facing routes, over HTTP with a cookie jar
 * (portal.md §5.4, §5.6, §3.2–3.4): a portal user enables TOTP through call_kw (identity check +
 * auth_totp.wizard), then /web/login → /web/login/totp?redirect=%2Fmy, the form, wrong and
 * malformed codes, the cooldown, a correct code finalizing the session, "Don't ask again on this
 * device" (td_id cookie, trusted device), revoking the devices (revoke_all_devices, password
 * change), Cancel, and the /my/security sections (2FA and API keys).
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { totp, wrongCode } from '../helpers/totp';
import { Admin, Browser, byClass, csrfToken, inputTag, inputValue, textOf, type Page } from './helpers';

let srv: TestServer;
let admin: Admin;

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

beforeAll(async () => {
  srv = await startTestServer();
  admin = new Admin(srv);
  // wrong codes below: the cooldown is tested on its own
  await admin.setParam('base.login_cooldown_after', '0');
});
afterAll(async () => { await srv.close(); });

function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

async function jsonSession(login: string, password: string): Promise<JsonClient> {
  const c = new JsonClient(srv.url);
  const r = await c.call('/web/session/authenticate', { db: srv.db, login, password });
  expect(r.error).toBeUndefined();
  expect(r.result.uid).toEqual(expect.any(Number));
  return c;
}

async function callKw(c: JsonClient, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
  const r = await c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  if (r.error) throw new Error(r.error.data?.message ?? JSON.stringify(r.error));
  return r.result;
}

/** Run the identity check an action asks for (if it asks), returning what the check continues with. */
async function withIdentity(c: JsonClient, result: any, password: string): Promise<any> {
  if (!result || result.res_model !== 'res.users.identitycheck') return result;
  await callKw(c, 'res.users.identitycheck', 'write', [[result.res_id], { password }]);
  return callKw(c, 'res.users.identitycheck', 'run_check', [[result.res_id]]);
}

/** Enable TOTP as the JSON session's user (action_totp_enable_wizard → identity check → wizard). */
async function enableTotp(c: JsonClient, uid: number, password: string): Promise<string> {
  const wizardAction = await withIdentity(c, await callKw(c, 'res.users', 'action_totp_enable_wizard', [[uid]]), password);
  expect(wizardAction).toMatchObject({ res_model: 'auth_totp.wizard' });
  const [wiz] = await callKw(c, 'auth_totp.wizard', 'read', [[wizardAction.res_id], ['secret']]);
  const secret = String(wiz.secret).replace(/\s/g, '');
  await callKw(c, 'auth_totp.wizard', 'write', [[wizardAction.res_id], { code: totp(secret) }]);
  const done = await withIdentity(c, await callKw(c, 'auth_totp.wizard', 'enable', [[wizardAction.res_id]]), password);
  expect(done.params.message).toBe('2-Factor authentication is now enabled.');
  return secret;
}

interface TotpUser { login: string; userId: number; password: string; secret: string; json: JsonClient }

/** A fresh portal user (portal wizard + password) with 2FA enabled. */
async function portalWith2fa(name: string, password: string): Promise<TotpUser> {
  const { userId, login } = await admin.portalUser(name, uniqueEmail(name.split(' ')[0].toLowerCase()), password);
  const json = await jsonSession(login, password);
  const secret = await enableTotp(json, userId, password);
  return { login, userId, password, secret, json };
}

/** A request with a chosen User-Agent, sharing the Browser's cookie jar. */
async function postWithUa(b: Browser, path: string, form: Record<string, string>, ua: string): Promise<Page & { setCookies: string[] }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': ua };
  if (b.cookies.size) headers.Cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: new URLSearchParams(form).toString(), redirect: 'manual' });
  const setCookies = res.headers.getSetCookie();
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    b.cookies.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers, url: path, setCookies };
}

/** Password step; returns the /web/login/totp page (GET). */
async function passwordStep(b: Browser, u: { login: string; password: string }, expectLocation = '/web/login/totp?redirect=%2Fmy'): Promise<Page> {
  const r = await b.login(u.login, u.password);
  expect([r.status, r.location]).toEqual([303, expectLocation]);
  return b.get(r.location!);
}

/** Submit a code on the TOTP form (the page's csrf_token and redirect). */
async function submitCode(b: Browser, page: Page, code: string, extra: Record<string, string> = {}, ua = CHROME_LINUX) {
  return postWithUa(b, page.url, { csrf_token: csrfToken(page.text), redirect: inputValue(page.text, 'redirect') ?? '', totp_token: code, ...extra }, ua);
}

/** The user's trusted devices, read as the user (totp_trusted_device_ids is self-readable). */
async function deviceNames(b: Browser, uid: number): Promise<string[]> {
  const j = new JsonClient(srv.url);
  j.cookies = new Map(b.cookies);
  const [me] = await callKw(j, 'res.users', 'read', [[uid], ['totp_trusted_device_ids']]);
  if (!me.totp_trusted_device_ids.length) return [];
  const devices = await callKw(j, 'auth_totp.device', 'read', [me.totp_trusted_device_ids, ['name', 'scope', 'user_id']]);
  for (const d of devices) expect(d).toMatchObject({ scope: 'browser', user_id: [uid, expect.any(String)] });
  return devices.map((d: { name: string }) => d.name);
}

/** The HTML of a <section name="..."> of a page. */
function section(html: string, name: string): string | null {
  const m = new RegExp(`<section name="${name}"[\\s\\S]*?</section>`).exec(html);
  return m ? m[0] : null;
}

describe('/web/login/totp', () => {
  let u: TotpUser;
  beforeAll(async () => { u = await portalWith2fa('Tess Totp', 'tess-pw-1'); });

  it('enabling 2FA ends the other sessions of the user (the secret is part of the session token)', async () => {
    const u2 = await admin.portalUser('Otto Other', uniqueEmail('otto'), 'otto-pw-1');
    const other = new Browser(srv.url);
    expect((await other.login(u2.login, 'otto-pw-1')).location).toBe('/my');
    expect((await other.get('/my')).status).toBe(200);
    const json = await jsonSession(u2.login, 'otto-pw-1');
    await enableTotp(json, u2.userId, 'otto-pw-1');
    const after = await other.get('/my');
    expect([after.status, after.location]).toEqual([303, '/web/login?redirect=%2Fmy%3F']);
    // the session that enabled it stays valid
    expect(await callKw(json, 'res.users', 'read', [[u2.userId], ['totp_enabled']])).toEqual([{ id: u2.userId, totp_enabled: true }]);
  });

  it('a password login of a 2FA portal user goes to /web/login/totp?redirect=%2Fmy and shows the Odoo 17 form', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = page.text;
    expect(html).toMatch(/<div class="oe_login_form[^"]*">\s*<h4 class="text-center mb-3">Two-factor Authentication<\/h4>/);
    const [main, cancel] = html.match(/<form\b[\s\S]*?<\/form>/g)!;
    expect(main).toMatch(/^<form method="POST" action=""/);
    expect(csrfToken(main)).toMatch(/^[0-9a-f]{40}o\d+$/);
    expect(inputValue(main, 'redirect')).toBe('/my');
    const token = inputTag(main, 'totp_token')!;
    expect(token).toMatch(/id="totp_token"/);
    expect(token).toMatch(/inputmode="numeric"/);
    expect(token).toMatch(/placeholder="e.g. 123456"/);
    expect(token).toMatch(/required="required"/);
    const remember = inputTag(main, 'remember')!;
    expect(remember).toMatch(/type="checkbox"/);
    expect(remember).toMatch(/id="switch-remember"/);
    expect(remember).toMatch(/value="1"/);
    expect(remember).not.toMatch(/checked/);
    expect(main).toMatch(/<label for="switch-remember"[^>]*>Don't ask again on this device<\/label>/);
    expect(main).toMatch(/<button type="submit" class="btn btn-primary[^"]*">Log in<\/button>/);
    expect(cancel).toMatch(/^<form method="POST" action="\/web\/session\/logout"/);
    expect(csrfToken(cancel)).toBe(csrfToken(main));
    expect(textOf(cancel)).toBe('Cancel');
    expect(byClass(html, 'alert-danger')).toEqual([]);
    // half logged in: no access to /my, JSON calls refused
    const my = await b.get('/my');
    expect([my.status, my.location]).toEqual([303, '/web/login?redirect=%2Fmy%3F']);
    const j = new JsonClient(srv.url);
    j.cookies = new Map(b.cookies);
    expect((await j.call('/web/session/get_session_info', {})).error.code).toBe(100);
  });

  it('wrong, malformed and empty codes re-render the form with Odoo\'s messages', async () => {
    const b = new Browser(srv.url);
    let page = await passwordStep(b, u);
    const cases: Array<[string, string[]]> = [
      ['abc', ['Invalid authentication code format.']],
      ['12a456', ['Invalid authentication code format.']],
      [wrongCode(u.secret), ['Verification failed, please double-check the 6-digit code']],
      ['1234567', ['Verification failed, please double-check the 6-digit code']],
      ['', []],
    ];
    for (const [code, errors] of cases) {
      const r = await submitCode(b, page, code);
      expect(r.status).toBe(200);
      expect(byClass(r.text, 'alert-danger', 'p')).toEqual(errors);
      expect(r.text).toContain('id="totp_token"');
      expect(inputValue(r.text, 'redirect')).toBe('/my');
      page = { ...r, url: page.url };
    }
    expect((await b.get('/my')).status).toBe(303);
    // a POST without the CSRF token is refused
    const bad = await b.post('/web/login/totp', { totp_token: totp(u.secret) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Session expired (invalid CSRF token)');
  });

  it('the correct code (whitespace allowed) finalizes the session: new sid, 303 to /my, /my works', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    const preSid = b.sessionId;
    const code = totp(u.secret);
    const r = await submitCode(b, page, `${code.slice(0, 3)} ${code.slice(3)}`);
    expect([r.status, r.location]).toEqual([303, '/my']);
    expect(r.setCookies.some((c) => c.startsWith('td_id='))).toBe(false);
    expect(b.sessionId).toMatch(/^[0-9a-f]{40}$/);
    expect(b.sessionId).not.toBe(preSid);
    const my = await b.get('/my');
    expect(my.status).toBe(200);
    expect(my.text).toContain('Tess Totp');
    // logged in: the TOTP page sends to the target
    const again = await b.get('/web/login/totp?redirect=%2Fmy%2Fsecurity');
    expect([again.status, again.location]).toEqual([303, '/my/security']);
    expect((await b.get('/web/login/totp')).location).toBe('/my');
    // the session works for JSON calls too
    const j = new JsonClient(srv.url);
    j.cookies = new Map(b.cookies);
    expect((await j.call('/web/session/get_session_info', {})).result.uid).toBe(u.userId);
  });

  it('without a pending login the page sends to /web/login; other methods are refused', async () => {
    const b = new Browser(srv.url);
    const r = await b.get('/web/login/totp');
    expect([r.status, r.location]).toEqual([303, '/web/login']);
    const put = await b.request('/web/login/totp', { method: 'PUT', body: '' });
    expect(put.status).toBe(405);
  });

  it('an internal user goes to /web/login/totp without redirect, then to /web', async () => {
    const demo = await jsonSession('demo', 'demo');
    const secret = await enableTotp(demo, 6, 'demo');
    const b = new Browser(srv.url);
    const page = await passwordStep(b, { login: 'demo', password: 'demo' }, '/web/login/totp');
    expect(inputValue(page.text, 'redirect')).toBe('');
    const r = await submitCode(b, page, totp(secret));
    expect([r.status, r.location]).toEqual([303, '/web']);
    expect((await b.get('/web')).status).toBe(200);
    // with a redirect given to /web/login
    const b2 = new Browser(srv.url);
    const login = await b2.login('demo', 'demo', '/my/security');
    expect(login.location).toBe('/web/login/totp?redirect=%2Fmy%2Fsecurity');
    const p2 = await b2.get(login.location!);
    expect(inputValue(p2.text, 'redirect')).toBe('/my/security');
    expect((await submitCode(b2, p2, totp(secret))).location).toBe('/my/security');
    await withIdentity(demo, await callKw(demo, 'res.users', 'action_totp_disable', [[6]]), 'demo');
  });

  it('"Don\'t ask again on this device": td_id cookie, a trusted device named after the browser, the next login skips the code', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    const r = await submitCode(b, page, totp(u.secret), { remember: '1' });
    expect([r.status, r.location]).toEqual([303, '/my']);
    const td = r.setCookies.find((c) => c.startsWith('td_id='))!;
    // as a real Odoo 17 sends it: a one-year Expires (odoo.http's set_cookie), 90 days Max-Age
    expect(td).toMatch(/^td_id=[0-9a-f]{40}; Expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=7776000; HttpOnly; Path=\/; SameSite=Lax$/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(td)![1]);
    expect(Math.round((expires - Date.now()) / 86400000)).toBe(365);
    const key = b.cookies.get('td_id')!;
    expect(await deviceNames(b, u.userId)).toEqual(['Chrome on Linux']);
    // the key is stored hashed, with its 8-char index
    const db = srv.app.dbm.get(srv.db);
    const row = db.cr.get<{ index: string; key: string }>('SELECT "index", key FROM auth_totp_device WHERE user_id = ?', [u.userId])!;
    expect(row.index).toBe(key.slice(0, 8));
    expect(row.key).not.toContain(key);

    // log out, log in again: the password is asked, the code is not
    expect((await b.get('/web/session/logout?redirect=/')).status).toBe(303);
    expect((await b.get('/my')).status).toBe(303);
    const login = await b.login(u.login, u.password);
    expect(login.location).toBe('/web/login/totp?redirect=%2Fmy');
    const skip = await b.get(login.location!);
    expect([skip.status, skip.location]).toEqual([303, '/my']);
    expect((await b.get('/my')).status).toBe(200);

    // another browser (no cookie), a forged cookie and the cookie of another user's device do not skip
    const other = new Browser(srv.url);
    expect((await passwordStep(other, u)).status).toBe(200);
    const forged = new Browser(srv.url);
    forged.cookies.set('td_id', `${key.slice(0, 8)}${'0'.repeat(32)}`);
    expect((await passwordStep(forged, u)).status).toBe(200);
    const v = await portalWith2fa('Vera Victim', 'vera-pw-1');
    const stolen = new Browser(srv.url);
    stolen.cookies.set('td_id', key);
    expect((await passwordStep(stolen, v)).status).toBe(200);
    // a POST never skips either (the code is needed)
    const post = await submitCode(stolen, await stolen.get('/web/login/totp?redirect=%2Fmy'), '');
    expect(post.status).toBe(200);

    // a second remembered browser: "Firefox on Windows"
    const ff = new Browser(srv.url);
    const ffPage = await passwordStep(ff, u);
    expect((await submitCode(ff, ffPage, totp(u.secret), { remember: '1' }, FIREFOX_WINDOWS)).location).toBe('/my');
    expect(await deviceNames(ff, u.userId)).toEqual(['Chrome on Linux', 'Firefox on Windows']);
  });

  it('/my/security shows the enabled 2FA section with the trusted devices, after Change Password', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    await submitCode(b, page, totp(u.secret));
    const sec = await b.get('/my/security');
    expect(sec.status).toBe(200);
    const html = sec.text;
    const s = section(html, 'portal_totp')!;
    expect(s).toBeTruthy();
    expect(html.indexOf('name="portal_change_password"')).toBeLessThan(html.indexOf('name="portal_totp"'));
    expect(html.indexOf('name="portal_totp"')).toBeLessThan(html.indexOf('name="portal_revoke_all_devices_popup"'));
    expect(s).toContain('id="totp_wizard_view"');
    expect(textOf(/<h3>[\s\S]*?<\/h3>/.exec(s)![0])).toBe('Two-factor authentication');
    expect(byClass(s, 'text-success', 'span')).toEqual(['Two-factor authentication enabled']);
    expect(s).toMatch(/<button type="button" class="btn btn-link" id="auth_totp_portal_disable">\(Disable two-factor authentication\)<\/button>/);
    expect(s).not.toContain('auth_totp_portal_enable');
    expect(byClass(s, 'o_totp_device_name', 'span')).toEqual(['Chrome on Linux', 'Firefox on Windows']);
    for (const d of byClass(s, 'o_totp_device_date', 'span')) expect(d).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    const [me] = await callKw(Object.assign(new JsonClient(srv.url), { cookies: new Map(b.cookies) }), 'res.users', 'read', [[u.userId], ['totp_trusted_device_ids']]);
    for (const id of me.totp_trusted_device_ids) expect(s).toContain(`data-device-id="${id}"`);
    expect(s).toMatch(/<button class="btn btn-primary" type="button" id="auth_totp_portal_revoke_all_devices">Revoke All<\/button>/);
    expect(s).toContain('data-uid="' + u.userId + '"');
    // a portal user without portal.allow_api_keys has no API keys section
    expect(section(html, 'portal_api_keys')).toBeNull();
  });

  it('a user without 2FA sees the disabled state', async () => {
    const p = await admin.portalUser('Nina No2fa', uniqueEmail('nina'), 'nina-pw-1');
    const b = new Browser(srv.url);
    expect((await b.login(p.login, 'nina-pw-1')).location).toBe('/my');
    const s = section((await b.get('/my/security')).text, 'portal_totp')!;
    expect(byClass(s, 'alert-secondary', 'div')).toEqual(['Two-factor authentication not enabled']);
    expect(s).toMatch(/<button type="button" class="btn btn-secondary" id="auth_totp_portal_enable">Enable two-factor authentication<\/button>/);
    expect(s).not.toContain('auth_totp_portal_disable');
    expect(s).not.toContain('auth_totp_portal_revoke_all_devices');
  });

  it('revoke_all_devices (after the identity check): the td_id no longer skips the code', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    expect((await submitCode(b, page, totp(u.secret), { remember: '1' })).location).toBe('/my');
    await b.get('/web/session/logout?redirect=/');
    expect((await b.get((await b.login(u.login, u.password)).location!)).location).toBe('/my');

    // this web session has not checked the identity yet: the password is asked first
    const web = new JsonClient(srv.url);
    web.cookies = new Map(b.cookies);
    const first = await callKw(web, 'res.users', 'revoke_all_devices', [[u.userId]]);
    expect(first).toMatchObject({ res_model: 'res.users.identitycheck' });
    // revoke_all_devices returns None: no "result" key in the reply
    expect(await withIdentity(web, first, u.password)).toBeUndefined();
    expect(await deviceNames(b, u.userId)).toEqual([]);

    await b.get('/web/session/logout?redirect=/');
    const again = await passwordStep(b, u);
    expect(again.status).toBe(200);
    expect(again.text).toContain('id="totp_token"');
    expect((await submitCode(b, again, totp(u.secret))).location).toBe('/my');
    expect(section((await b.get('/my/security')).text, 'portal_totp')).not.toContain('auth_totp_portal_revoke_all_devices');
  });

  it('changing the password (/my/security) revokes the trusted devices too', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    expect((await submitCode(b, page, totp(u.secret), { remember: '1' })).location).toBe('/my');
    expect(await deviceNames(b, u.userId)).toEqual(['Chrome on Linux']);
    const r = await b.submit('/my/security', { op: 'password', old: u.password, new1: 'tess-pw-2', new2: 'tess-pw-2' });
    expect(byClass(r.text, 'alert-success', 'div')).toEqual(['Password Updated!']);
    u.password = 'tess-pw-2';
    expect(await deviceNames(b, u.userId)).toEqual([]);
    // the current session stays valid and shows no device
    expect(section((await b.get('/my/security')).text, 'portal_totp')).not.toContain('o_totp_trusted_devices');
    await b.get('/web/session/logout?redirect=/');
    const again = await passwordStep(b, u);
    expect(again.status).toBe(200);
    expect(again.text).toContain('id="totp_token"');
  });

  it('Cancel posts to /web/session/logout (with the CSRF token) and drops the pending login', async () => {
    const b = new Browser(srv.url);
    const page = await passwordStep(b, u);
    const cancelForm = page.text.match(/<form\b[\s\S]*?<\/form>/g)![1];
    expect((await b.post('/web/session/logout', {})).status).toBe(400);
    const r = await b.post('/web/session/logout', { csrf_token: csrfToken(cancelForm) });
    expect([r.status, r.location]).toEqual([303, '/web']);
    const totpPage = await b.get('/web/login/totp?redirect=%2Fmy');
    expect([totpPage.status, totpPage.location]).toEqual([303, '/web/login']);
    expect((await b.get('/my')).status).toBe(303);
  });

  it('the login cooldown applies to the codes (base.login_cooldown_after / _duration)', async () => {
    const b = new Browser(srv.url);
    let page = await passwordStep(b, u);
    // a success first clears the counter of this address
    expect((await submitCode(b, page, totp(u.secret))).location).toBe('/my');
    await admin.setParam('base.login_cooldown_after', '3');
    await admin.setParam('base.login_cooldown_duration', '60');
    try {
      await b.get('/web/session/logout?redirect=/');
      page = await passwordStep(b, u);
      for (let i = 0; i < 3; i++) {
        const r = await submitCode(b, page, wrongCode(u.secret));
        expect(byClass(r.text, 'alert-danger', 'p')).toEqual(['Verification failed, please double-check the 6-digit code']);
      }
      // even the right code is refused now
      const blocked = await submitCode(b, page, totp(u.secret));
      expect(blocked.status).toBe(200);
      expect(byClass(blocked.text, 'alert-danger', 'p')).toEqual(['Too many login failures, please wait a bit before trying again.']);
      const malformed = await submitCode(b, page, 'abc');
      expect(byClass(malformed.text, 'alert-danger', 'p')).toEqual(['Too many login failures, please wait a bit before trying again.']);
      // once the cooldown is over the code works and clears the counter
      await admin.setParam('base.login_cooldown_duration', '0');
      expect((await submitCode(b, page, totp(u.secret))).location).toBe('/my');
      await admin.setParam('base.login_cooldown_duration', '60');
      await b.get('/web/session/logout?redirect=/');
      page = await passwordStep(b, u);
      const r = await submitCode(b, page, wrongCode(u.secret));
      expect(byClass(r.text, 'alert-danger', 'p')).toEqual(['Verification failed, please double-check the 6-digit code']);
    } finally {
      await admin.setParam('base.login_cooldown_after', '0');
      await admin.setParam('base.login_cooldown_duration', '60');
    }
  });

  it('RPC: the password of a 2FA user is refused over /jsonrpc, /web/session/authenticate answers {uid: null}', async () => {
    const j = new JsonClient(srv.url);
    expect((await j.service('common', 'authenticate', srv.db, u.login, u.password, {})).result).toBe(false);
    expect((await j.call('/web/session/authenticate', { db: srv.db, login: u.login, password: u.password })).result).toEqual({ uid: null });
    // that pending JSON session can finish in the browser form
    const b = new Browser(srv.url);
    b.cookies = new Map(j.cookies);
    const page = await b.get('/web/login/totp');
    expect(page.status).toBe(200);
    expect((await submitCode(b, page, totp(u.secret))).location).toBe('/my');
  });
});

describe('/my/security API keys section', () => {
  it('internal users see their keys and "New API Key"; portal users only with portal.allow_api_keys', async () => {
    const b = new Browser(srv.url);
    expect((await b.login('admin', 'admin')).location).toBe('/web');
    let s = section((await b.get('/my/security')).text, 'portal_api_keys')!;
    expect(s).toBeTruthy();
    expect(textOf(/<h3>[\s\S]*?<\/h3>/.exec(s)![0])).toBe('Developer API Keys');
    expect(s).toMatch(/<button type="button" class="btn btn-secondary o_portal_new_api_key">New API Key<\/button>/);
    expect(byClass(s, 'o_api_key_name', 'span')).toEqual([]);

    // a key made through the same calls as the page's script shows in the list
    const web = new JsonClient(srv.url);
    web.cookies = new Map(b.cookies);
    await withIdentity(web, await callKw(web, 'res.users', 'api_key_wizard', [[2]]), 'admin');
    const [descId] = await callKw(web, 'res.users.apikeys.description', 'create', [[{ name: 'page key' }]]);
    const shown = await withIdentity(web, await callKw(web, 'res.users.apikeys.description', 'make_key', [[descId]]), 'admin');
    expect(shown.context.default_key).toMatch(/^[0-9a-f]{40}$/);
    s = section((await b.get('/my/security')).text, 'portal_api_keys')!;
    expect(byClass(s, 'o_api_key_name', 'span')).toEqual(['page key']);
    const keyId = Number(/data-key-id="(\d+)"/.exec(s)![1]);
    expect(s).toMatch(new RegExp(`class="[^"]*o_portal_remove_api_key[^"]*" id="${keyId}"`));
    await withIdentity(web, await callKw(web, 'res.users.apikeys', 'remove', [[keyId]]), 'admin');
    expect(byClass(section((await b.get('/my/security')).text, 'portal_api_keys')!, 'o_api_key_name', 'span')).toEqual([]);

    // portal user: hidden, then shown with the setting
    const p = await admin.portalUser('Kim Keys', uniqueEmail('kim'), 'kim-pw-1');
    const pb = new Browser(srv.url);
    await pb.login(p.login, 'kim-pw-1');
    expect(section((await pb.get('/my/security')).text, 'portal_api_keys')).toBeNull();
    await admin.setParam('portal.allow_api_keys', 'True');
    try {
      expect(section((await pb.get('/my/security')).text, 'portal_api_keys')).toContain('o_portal_new_api_key');
    } finally {
      await admin.setParam('portal.allow_api_keys', '');
    }
  });
});
