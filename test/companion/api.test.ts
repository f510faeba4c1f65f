/**
 * The package's API for test suites (issue 16), used only through `startOdoo()` and HTTP:
 * parallel instances on random ports, reset / snapshot / restore round trips, the clock
 * expiring a reset-password token and a trusted device, mail links carrying the actual port,
 * the journal with passwords masked.
 */
import { startOdoo, type OdooEmulator } from '../../index';
import { JsonClient } from '../helpers/server';
import { totp } from '../helpers/totp';
import { Browser } from '../portal/helpers';

async function kw(odoo: OdooEmulator, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, login: [number, string] = [2, 'admin']): Promise<any> {
  const r = await new JsonClient(odoo.url).service('object', 'execute_kw', odoo.db, login[0], login[1], model, method, args, kwargs);
  if (r.error) throw Object.assign(new Error(r.error.data.message), { data: r.error.data });
  return r.result;
}

async function session(odoo: OdooEmulator, login: string, password: string): Promise<JsonClient> {
  const c = new JsonClient(odoo.url);
  const r = await c.call('/web/session/authenticate', { db: odoo.db, login, password });
  expect(r.error).toBeUndefined();
  return c;
}

async function callKw(c: JsonClient, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
  const r = await c.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  if (r.error) throw new Error(r.error.data?.message);
  return r.result;
}

describe('startOdoo', () => {
  let a: OdooEmulator;
  let b: OdooEmulator;
  beforeAll(async () => { [a, b] = await Promise.all([startOdoo(), startOdoo({ db: 'other' })]); });
  afterAll(async () => { await Promise.all([a?.stop(), b?.stop()]); });

  it('runs parallel instances on their own random loopback ports, each with its own data', async () => {
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect([a.db, b.db]).toEqual(['odoo', 'other']);
    const version = await new JsonClient(b.url).service('common', 'version');
    expect(version.result.server_version).toBe('17.0');
    const id = await kw(a, 'res.partner', 'create', [{ name: 'Only in A' }]);
    expect(await kw(a, 'res.partner', 'search_count', [[['name', '=', 'Only in A']]])).toBe(1);
    expect(await kw(b, 'res.partner', 'search_count', [[['name', '=', 'Only in A']]])).toBe(0);
    // ids are a fresh demo database's in both
    expect(id).toBe(await kw(b, 'res.partner', 'create', [{ name: 'Only in B' }]));
  });

  it('reset() brings the data back to the start, as often as needed', async () => {
    await a.reset();
    for (let round = 0; round < 2; round++) {
      const before = await kw(a, 'res.partner', 'search_count', [[]]);
      await kw(a, 'res.partner', 'create', [{ name: `Round ${round}`, email: 'jo@example.com' }]);
      expect(await kw(a, 'res.partner', 'search_count', [[]])).toBe(before + 1);
      await a.reset();
      expect(await kw(a, 'res.partner', 'search_count', [[]])).toBe(before);
    }
  });

  it('snapshot() and restore() round trip; restoring does not change the snapshot', async () => {
    await a.reset();
    await kw(a, 'res.partner', 'create', [{ name: 'Kept in the snapshot' }]);
    await a.snapshot('one');
    await kw(a, 'res.partner', 'create', [{ name: 'After the snapshot' }]);
    await a.restore('one');
    expect(await kw(a, 'res.partner', 'search_count', [[['name', 'in', ['Kept in the snapshot', 'After the snapshot']]]])).toBe(1);
    await kw(a, 'res.partner', 'create', [{ name: 'After the snapshot' }]);
    await a.restore('one');
    expect(await kw(a, 'res.partner', 'search_count', [[['name', '=', 'After the snapshot']]])).toBe(0);
    await expect(a.restore('nope')).rejects.toThrow('no snapshot "nope" of database "odoo"');
  });

  it('moves the clock of its own database only; create_date follows it', async () => {
    await a.reset();
    a.clock.set('2031-05-04 10:00:00', { freeze: true });
    expect(a.clock.now().toISOString()).toBe('2031-05-04T10:00:00.000Z');
    const id = await kw(a, 'res.partner', 'create', [{ name: 'Dated' }]);
    const [row] = await kw(a, 'res.partner', 'read', [[id], ['create_date']]);
    expect(row.create_date).toBe('2031-05-04 10:00:00');
    a.clock.advance(3600 * 1000);
    expect(a.clock.info()).toMatchObject({ now_utc: '2031-05-04 11:00:00', frozen: true });
    expect(b.clock.now().getUTCFullYear()).toBe(new Date().getUTCFullYear());
    await a.reset();
    expect(a.clock.now().getUTCFullYear()).toBe(new Date().getUTCFullYear());
  });

  it('mail links carry the address and port the server runs on', async () => {
    await a.reset();
    const pid = await kw(a, 'res.partner', 'create', [{ name: 'Linked', email: 'linked@example.com' }]);
    const wiz = await kw(a, 'portal.wizard', 'action_open_wizard', [], { context: { active_ids: [pid] } });
    const [w] = await kw(a, 'portal.wizard', 'read', [[wiz.res_id], ['user_ids']]);
    await kw(a, 'portal.wizard.user', 'action_grant_access', [[w.user_ids[0]]]);
    const [mail] = a.outbox({ to: 'linked@example.com' });
    expect(mail.subject).toBe('Your account at YourCompany');
    expect(mail.links.some((l) => l.url.startsWith(`${a.url}/web/signup?`) && l.token)).toBe(true);
    await a.clearOutbox();
    expect(a.outbox({ to: 'linked@example.com' })).toEqual([]);
  });
});

describe('web.base.url follows a system user\'s web login, as in Odoo', () => {
  let odoo: OdooEmulator;
  beforeAll(async () => { odoo = await startOdoo(); });
  afterAll(async () => { await odoo?.stop(); });

  it('is set from the request on an admin login, not on a portal login, not when frozen', async () => {
    await kw(odoo, 'ir.config_parameter', 'set_param', ['web.base.url', 'http://elsewhere:1234']);
    await session(odoo, 'portal', 'portal');
    expect(await kw(odoo, 'ir.config_parameter', 'get_param', ['web.base.url'])).toBe('http://elsewhere:1234');
    await session(odoo, 'admin', 'admin');
    expect(await kw(odoo, 'ir.config_parameter', 'get_param', ['web.base.url'])).toBe(odoo.url);
    await kw(odoo, 'ir.config_parameter', 'set_param', ['web.base.url', 'http://elsewhere:1234']);
    await kw(odoo, 'ir.config_parameter', 'set_param', ['web.base.url.freeze', 'True']);
    await session(odoo, 'admin', 'admin');
    expect(await kw(odoo, 'ir.config_parameter', 'get_param', ['web.base.url'])).toBe('http://elsewhere:1234');
    // XML-RPC authenticate has no base_location: nothing changes
    await kw(odoo, 'ir.config_parameter', 'set_param', ['web.base.url.freeze', false]);
    await new JsonClient(odoo.url).service('common', 'authenticate', odoo.db, 'admin', 'admin', {});
    expect(await kw(odoo, 'ir.config_parameter', 'get_param', ['web.base.url'])).toBe('http://elsewhere:1234');
  });
});

describe('the clock expires tokens and trusted devices', () => {
  let odoo: OdooEmulator;
  beforeAll(async () => { odoo = await startOdoo(); });
  afterAll(async () => { await odoo?.stop(); });
  beforeEach(async () => { await odoo.reset(); });

  it('a reset-password token is valid for 24 hours of the database\'s time', async () => {
    await kw(odoo, 'res.users', 'action_reset_password', [[6]]);
    const [mail] = odoo.outbox({ to: 'mark.brown23@example.com', subject: 'Password reset' });
    const link = mail.links.find((l) => l.token)!;
    expect((await kw(odoo, 'res.partner', 'read', [[7], ['signup_valid']]))[0].signup_valid).toBe(true);
    const token = link.token!;
    /** Submit a new password on the reset page of the link, as a browser does. */
    const submit = async () => {
      const browser = new Browser(odoo.url);
      const url = new URL(link.url);
      const page = await browser.get(url.pathname + url.search);
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)![1];
      return browser.request(url.pathname + url.search, { method: 'POST', form: { csrf_token: csrf, token, login: 'demo', name: 'Marc Demo', password: 'n3w-pass', confirm_password: 'n3w-pass' } });
    };
    odoo.clock.advance(23 * 3600 * 1000);
    expect((await kw(odoo, 'res.partner', 'read', [[7], ['signup_valid']]))[0].signup_valid).toBe(true);
    await odoo.snapshot('valid');
    expect((await submit()).status).toBe(303); // accepted
    await odoo.restore('valid');
    odoo.clock.advance(2 * 3600 * 1000);
    expect((await kw(odoo, 'res.partner', 'read', [[7], ['signup_valid']]))[0].signup_valid).toBe(false);
    const refused = await submit();
    expect(refused.status).toBe(200);
    expect(refused.text).toContain(`Signup token &#x27;${token}&#x27; is no longer valid`);
  });

  it('a trusted device ("Don\'t ask again") is trusted for 90 days', async () => {
    await kw(odoo, 'ir.config_parameter', 'set_param', ['base.login_cooldown_after', '0']);
    const json = await session(odoo, 'demo', 'demo');
    let action = await callKw(json, 'res.users', 'action_totp_enable_wizard', [[6]]);
    const check = async (a: any) => {
      if (a?.res_model !== 'res.users.identitycheck') return a;
      await callKw(json, 'res.users.identitycheck', 'write', [[a.res_id], { password: 'demo' }]);
      return callKw(json, 'res.users.identitycheck', 'run_check', [[a.res_id]]);
    };
    action = await check(action);
    const [wiz] = await callKw(json, 'auth_totp.wizard', 'read', [[action.res_id], ['secret']]);
    const secret = String(wiz.secret).replace(/\s/g, '');
    // codes are checked at the database's time
    const code = () => totp(secret, odoo.clock.now().getTime() / 1000);
    await callKw(json, 'auth_totp.wizard', 'write', [[action.res_id], { code: code() }]);
    await check(await callKw(json, 'auth_totp.wizard', 'enable', [[action.res_id]]));

    const browser = new Browser(odoo.url);
    const login = async () => {
      const r = await browser.login('demo', 'demo');
      expect(r.location).toMatch(/^\/web\/login\/totp/);
      return browser.get(r.location!);
    };
    const page = await login();
    expect(page.status).toBe(200);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)![1];
    const done = await browser.request(page.url, { method: 'POST', form: { csrf_token: csrf, totp_token: code(), remember: '1', redirect: '' } });
    expect(done.status).toBe(303);
    expect(browser.cookies.get('td_id')).toMatch(/^[0-9a-f]{40}$/);
    await browser.get('/web/session/logout?redirect=/');
    expect((await login()).status).toBe(303); // trusted: no code asked

    odoo.clock.advance(89 * 86400 * 1000);
    await browser.get('/web/session/logout?redirect=/');
    expect((await login()).status).toBe(303);
    odoo.clock.advance(2 * 86400 * 1000);
    await browser.get('/web/session/logout?redirect=/');
    expect((await login()).status).toBe(200); // 91 days later: the code is asked again
  });
});

describe('the journal', () => {
  let odoo: OdooEmulator;
  beforeAll(async () => { odoo = await startOdoo(); });
  afterAll(async () => { await odoo?.stop(); });

  it('records each call with its user, arguments (passwords masked), outcome and duration', async () => {
    const since = Date.now();
    const c = new JsonClient(odoo.url);
    await c.service('common', 'authenticate', odoo.db, 'admin', 'admin', {});
    const id = await kw(odoo, 'res.users', 'create', [{ name: 'Masked', login: 'masked', password: 'S3cret!' }]);
    await kw(odoo, 'res.partner', 'write', [[999999], { name: 'x' }]).catch(() => null);
    const web = await session(odoo, 'demo', 'demo');
    await callKw(web, 'res.partner', 'search_read', [[['id', '=', 3]], ['name']]);

    const [auth] = odoo.journal({ method: 'authenticate', since });
    expect(auth).toMatchObject({ route: '/jsonrpc', protocol: 'jsonrpc', service: 'common', db: 'odoo', uid: 2, login: 'admin', outcome: 'result', result: 2 });
    expect(auth.args).toEqual(['odoo', 'admin', '********', {}]);

    const [create] = odoo.journal({ model: 'res.users', method: 'create', since });
    expect(create).toMatchObject({ service: 'object', uid: 2, args: [{ name: 'Masked', login: 'masked', password: '********' }], result: id, outcome: 'result', http_status: 200 });
    expect(create.duration_ms).toEqual(expect.any(Number));
    expect(JSON.stringify(odoo.journal())).not.toContain('S3cret!');

    const [missing] = odoo.journal({ model: 'res.partner', method: 'write', since });
    expect(missing).toMatchObject({ outcome: 'error', error: { name: 'odoo.exceptions.MissingError' } });

    const [login] = odoo.journal({ route: '/web/session/authenticate', since });
    expect(login).toMatchObject({ protocol: 'json', uid: 6, login: 'demo', kwargs: { db: 'odoo', login: 'demo', password: '********' } });
    const [read] = odoo.journal({ method: 'search_read', since });
    expect(read).toMatchObject({ route: '/web/dataset/call_kw/res.partner/search_read', uid: 6, model: 'res.partner', result: [{ id: 3, name: expect.any(String) }] });
  });
});
