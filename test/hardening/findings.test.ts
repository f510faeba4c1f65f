/**
 * Regression tests of the findings of issue 17's attack run, one block per finding, each with
 * the answer the reference Odoo 17 gives to the same call (recorded). Every block failed on the
 * code before the fix.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { Browser, csrfToken } from '../portal/helpers';
import { computeSessionToken } from '../../server/web/session_token';
import {
  ADMIN, DEMO, PORTAL, expectError, expectOk, getRaw, internalErrorCount, kw, leaks, post, rawHttp, type Cred,
} from './helpers';

let srv: TestServer;
const call = (cred: Cred, model: unknown, method: unknown, args: unknown[], kwargs?: unknown) => kw(srv.url, srv.db, cred, model, method, args, kwargs);
let internalBefore = 0;
beforeAll(async () => {
  srv = await startTestServer();
  internalBefore = internalErrorCount();
});
afterAll(async () => {
  // none of these hostile calls was an internal error in disguise
  expect(internalErrorCount()).toBe(internalBefore);
  await srv.close();
});

const NOT_SQL = (model: string, field: string) => `Cannot convert field ${model}.${field} to SQL`;
/** Odoo 17's detailed field-groups error, as internal users (in Technical Features) get it. */
const fieldsError = (desc: string, model: string, op: string, uid: number, fields: string[]) =>
  `The requested operation can not be completed due to security restrictions.\n\nDocument type: ${desc} (${model})\nOperation: ${op}\nUser: ${uid}\nFields:\n`
  + fields.map((f) => `- ${f} (allowed for groups 'Administration / Access Rights')`).join('\n');

describe('finding: password hashes were readable through read_group', () => {
  it.each([['demo', DEMO], ['portal', PORTAL], ['admin', ADMIN]] as const)('%s cannot group or aggregate res.users by password', async (_n, cred) => {
    for (const [fields, groupby] of [[['login'], ['password']], [['password:max'], ['login']], [['password:min'], []], [['x:array_agg(password)'], ['login']]]) {
      expectError(await call(cred, 'res.users', 'read_group', [[], fields, groupby]), 'builtins.ValueError', NOT_SQL('res.users', 'password'));
      expectError(await call(cred, 'res.users', 'web_read_group', [[], fields, groupby]), 'builtins.ValueError', NOT_SQL('res.users', 'password'));
    }
  });

  it('ordering by password is ignored (non-stored in Odoo) and no answer carries a hash', async () => {
    const rows = expectOk(await call(DEMO, 'res.users', 'search_read', [[]], { fields: ['login', 'password'], order: 'password' })) as Array<{ id: number; password: string }>;
    expect(rows.map((r) => r.id)).toEqual([2, 6, 7]);
    expect(rows.every((r) => r.password === '')).toBe(true);
    const desc = expectOk(await call(ADMIN, 'res.users', 'search_read', [[]], { fields: ['login'], order: 'password, id desc' })) as Array<{ id: number }>;
    expect(desc.map((r) => r.id)).toEqual([7, 6, 2]);
    // a domain on password is ignored as well (no search method): it cannot probe hashes
    expect(expectOk(await call(DEMO, 'res.users', 'search', [[['password', '=like', '$2b$%']]]))).toEqual([7, 6, 2]);
    expectError(await call(ADMIN, 'res.users', 'read_group', [[], ['login'], ['login']], { orderby: 'password desc' }),
      'builtins.ValueError', "Order term 'password desc' is not a valid aggregate nor valid groupby");
  });
});

describe('finding: reset tokens were readable, and accounts could be taken over', () => {
  let token = '';
  beforeAll(async () => {
    // an anonymous visitor asks for a password reset of the portal user
    const b = new Browser(srv.url);
    await call(ADMIN, 'ir.config_parameter', 'set_param', ['auth_signup.reset_password', 'True']);
    const page = await b.get('/web/reset_password');
    const r = await b.post('/web/reset_password', { csrf_token: csrfToken(page.text), login: 'portal' });
    expect(r.status).toBe(200);
    // the token the victim received by mail (read here through the emulator's outbox)
    const mails = await (await fetch(`${srv.url}/emulator/outbox.json?to=${encodeURIComponent('joel.willis63@example.com')}&limit=1`)).json() as Array<{ links: Array<{ url: string }> }>;
    const link = mails[0].links.map((l) => l.url).find((u) => u.includes('token='))!;
    token = new URL(link).searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  const DENIED = fieldsError('Contact', 'res.partner', 'read', 6, ['signup_token']);
  it('an employee cannot group, search, order or name_search partners by signup_token', async () => {
    expectError(await call(DEMO, 'res.partner', 'read_group', [[], ['signup_token'], ['signup_token']]), 'builtins.ValueError', NOT_SQL('res.partner', 'signup_token'));
    expectError(await call(DEMO, 'res.partner', 'web_read_group', [[], ['id'], ['signup_token']]), 'builtins.ValueError', NOT_SQL('res.partner', 'signup_token'));
    expectError(await call(DEMO, 'res.partner', 'search', [[['signup_token', '=', token]]]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'search_count', [[['signup_token', 'like', token.slice(0, 3)]]]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'search_read', [[]], { fields: ['name'], order: 'signup_token' }), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'name_search', ['', [['signup_token', '!=', false]]]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'read_group', [[['signup_token', '!=', false]], ['id'], ['type']]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'read_group', [[], ['signup_expiration:max'], ['type']]), 'odoo.exceptions.AccessError',
      fieldsError('Contact', 'res.partner', 'read', 6, ['signup_expiration']));
    expectError(await call(DEMO, 'res.partner', 'web_search_read', [[]], { specification: { name: {} }, order: 'signup_token' }), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'onchange', [[], {}, [], { signup_token: {}, name: {} }]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.partner', 'read', [[8], ['signup_token']]), 'odoo.exceptions.AccessError', DENIED);
    // through a path and through the field res.users inherits from its partner
    expectError(await call(DEMO, 'res.users', 'search', [[['partner_id.signup_token', '=', token]]]), 'odoo.exceptions.AccessError', DENIED);
    expectError(await call(DEMO, 'res.users', 'search', [[['signup_token', '=', token]]]), 'odoo.exceptions.AccessError', fieldsError('User', 'res.users', 'read', 6, ['signup_token']));
  });

  it('a portal user gets the short text', async () => {
    expectError(await call(PORTAL, 'res.partner', 'search', [[['signup_token', '=', token]]]), 'odoo.exceptions.AccessError',
      'You do not have enough rights to access the fields "signup_token" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)');
  });

  it('an employee holding the token cannot use it over RPC to set the victim\'s password', async () => {
    expectError(await call(DEMO, 'res.users', 'signup', [{ password: 'taken-over-1' }, token]), 'odoo.exceptions.AccessError',
      fieldsError('Contact', 'res.partner', 'write', 6, ['signup_expiration', 'signup_token', 'signup_type']));
    expectError(await call(PORTAL, 'res.users', 'signup', [{ password: 'taken-over-1' }, token]), 'odoo.exceptions.AccessError',
      "You are not allowed to modify 'Contact' (res.partner) records.\n\nThis operation is allowed for the following groups:\n\t- Extra Rights/Contact Creation\n\nContact your administrator to request access if necessary.");
    // the victim's password is unchanged and the token still works for the victim
    const login = await post(`${srv.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'login', args: [srv.db, 'portal', 'portal'] } }));
    expect(JSON.parse(login.text).result).toBe(7);
    expect(await call(PORTAL, 'res.users', 'context_get', [])).toHaveProperty('ok');
  });

  it('employees cannot prepare or cancel tokens over RPC either', async () => {
    const w = fieldsError('Contact', 'res.partner', 'write', 6, ['signup_expiration', 'signup_token', 'signup_type']);
    expectError(await call(DEMO, 'res.partner', 'signup_prepare', [[8]], { expiration: '2030-01-01 00:00:00' }), 'odoo.exceptions.AccessError', w);
    expectError(await call(DEMO, 'res.partner', 'signup_cancel', [[8]]), 'odoo.exceptions.AccessError', w);
    expectError(await call(DEMO, 'res.users', 'action_reset_password', [[7]]), 'odoo.exceptions.AccessError', w);
  });
});

describe('finding: res.users.signup was callable over RPC with partner_id', () => {
  it('a portal user cannot bind a new login to another user\'s partner', async () => {
    const [before] = expectOk(await call(ADMIN, 'res.partner', 'read', [[3], ['email']])) as Array<{ email: string }>;
    expectError(await call(PORTAL, 'res.users', 'signup', [{ login: 'takeover@example.com', password: 'x', partner_id: 3 }]),
      'odoo.addons.auth_signup.models.res_partner.SignupError',
      "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Joel Willis (id=7) doesn't have 'read' access to:\n- User (res.users)\n\n"
      + 'If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.');
    expectError(await call(DEMO, 'res.users', 'signup', [{ login: 'takeover@example.com', password: 'x', partner_id: 3 }]),
      'odoo.addons.auth_signup.models.res_partner.SignupError',
      "You are not allowed to create 'User' (res.users) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Access Rights\n\nContact your administrator to request access if necessary.");
    expect(expectOk(await call(ADMIN, 'res.users', 'search', [[['login', '=', 'takeover@example.com']]], { context: { active_test: false } }))).toEqual([]);
    expect(expectOk(await call(ADMIN, 'res.partner', 'read', [[3], ['email']]))).toEqual([{ id: 3, email: before.email }]);
  });

  it('without a name or partner, the ValueError comes first (as in Odoo)', async () => {
    expectError(await call(PORTAL, 'res.users', 'signup', [{ login: 'someone@example.com', password: 'x' }]), 'builtins.ValueError', 'Signup: no name or partner given for new user');
  });
});

describe('finding: open redirects', () => {
  // what the reference Odoo 17 answers for /web/session/logout?redirect=...; `/\` and `\\` go one
  // step further than Odoo (browsers read a backslash as a slash)
  it.each([
    ['//evil.example', '/'], ['/\\evil.example', '/evil.example'], ['///evil.example', '/evil.example'],
    ['https://evil.example', '/'], ['%2F%2Fevil.example', '/'], ['/%2Fevil.example', '/'], ['/%5Cevil.example', '/evil.example'],
    ['http:evil.example', '/evil.example'], ['javascript:alert(1)', '/alert(1)'], ['%5C%5Cevil.example', '/evil.example'],
    ['%09//evil.example', '/%09//evil.example'], ['https://127.0.0.1:8169/x', '/x'], ['//127.0.0.1:8169/x', '/x'],
    ['/web?x=1', '/web?x=1'], ['', '/'], ['localhost:8069', '/localhost:8069'], ['/web%0d%0aSet-Cookie:x=1', '/web%0D%0ASet-Cookie:x=1'],
  ])('logout?redirect=%s → Location %s', async (given, location) => {
    const r = await getRaw(`${srv.url}/web/session/logout?redirect=${given}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(location);
    expect(r.headers['set-cookie']?.some((c) => c.startsWith('x='))).not.toBe(true);
  });

  it('after login, /web/login?redirect= stays on this server too', async () => {
    const b = new Browser(srv.url);
    for (const target of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const r = await b.login('demo', 'demo', target);
      expect(r.status).toBe(303);
      expect(r.location).toMatch(/^\/(?![/\\])/);
      await b.get('/web/session/logout');
    }
  });
});

describe('finding: internal errors reached clients', () => {
  it('a session_id cookie with broken %-encoding is ignored like werkzeug does, on every route', async () => {
    for (const path of ['/web/login', '/web/session/logout', '/my', '/web', '/web/webclient/version_info']) {
      const r = await getRaw(srv.url + path, { Cookie: 'session_id=%E0%A4%A; other=%zz' });
      expect(r.status).toBeLessThan(500);
    }
    const r = await post(`${srv.url}/web/session/get_session_info`, '{"jsonrpc":"2.0","params":{}}', 'application/json', { Cookie: 'session_id=%%%' });
    expect(r.status).toBe(200);
    expectError(JSON.parse(r.text).error ? { err: JSON.parse(r.text).error.data.name, msg: JSON.parse(r.text).error.data.message } : { ok: 1 }, 'odoo.http.SessionExpiredException');
  });

  it.each([
    ['fields: [__proto__]', ['res.partner', 'read', [[3]], { fields: ['__proto__'] }], 'builtins.ValueError', "Invalid field '__proto__' on model 'res.partner'"],
    ['fields: [constructor]', ['res.partner', 'read', [[3]], { fields: ['constructor'] }], 'builtins.ValueError', "Invalid field 'constructor' on model 'res.partner'"],
    // an own "__proto__" key, as JSON.parse makes it from a client's body
    ['write __proto__', ['res.partner', 'write', [[3], JSON.parse('{"__proto__": 1}')]], 'builtins.ValueError', "Invalid field '__proto__' on model 'res.partner'"],
    ['domain on toString', ['res.partner', 'search', [[['toString', '=', 1]]]], 'builtins.ValueError', "Invalid field res.partner.toString in leaf ('toString', '=', 1)"],
    ["operator 'x,a'", ['res.partner', 'search', [[['name', 'x,a', 1]]]], 'builtins.ValueError', "Invalid leaf ('name', 'x,a', 1)"],
    ['model as an object', [{ a: 1 }, 'search', [[]]], 'builtins.TypeError', "unhashable type: 'dict'"],
    ['model as a list', [['res.partner'], 'search', [[]]], 'builtins.TypeError', "unhashable type: 'list'"],
    ['method as an object', ['res.partner', { a: 1 }, [[]]], 'builtins.TypeError', "expected string or bytes-like object, got 'dict'"],
    ['domain as an object', ['res.partner', 'search', [{ a: 1 }]], 'builtins.AssertionError', "Domains to normalize must have a 'domain' form: a list or tuple of domain components"],
    ['negative limit', ['res.partner', 'search', [[]], { limit: -5 }], 'psycopg2.errors.InvalidRowCountInLimitClause', 'LIMIT must not be negative\n'],
    ['huge limit', ['res.partner', 'search', [[]], { limit: 1e30 }], 'psycopg2.errors.NumericValueOutOfRange', 'bigint out of range\n'],
    ['allowed_company_ids as an object', ['res.partner', 'search', [[]], { context: { allowed_company_ids: { a: 1 } } }], 'odoo.exceptions.AccessError', 'Access to unauthorized or invalid companies.'],
  ])('%s', async (_name, [model, method, args, kwargs], name, message) => {
    expectError(await call(ADMIN, model, method, args as unknown[], kwargs), name as string, message as string);
  });

  it("order:'password' answers records (it was SQLite's 'incomplete input')", async () => {
    expect(expectOk(await call(ADMIN, 'res.users', 'search', [[]], { order: 'password' }))).toEqual([2, 6, 7]);
  });

  it('a database given as an object or a number gets Python\'s errors', async () => {
    const svc = async (args: unknown[]) => JSON.parse((await post(`${srv.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args } }))).text).error.data;
    expect(await svc([{ a: 1 }, 2, 'admin', 'res.partner', 'search', [[]]])).toMatchObject({ name: 'builtins.TypeError', message: "unhashable type: 'dict'" });
    expect(await svc([5, 2, 'admin', 'res.partner', 'search', [[]]])).toMatchObject({ name: 'builtins.AttributeError', message: "'int' object has no attribute 'startswith'" });
    expect(await svc([srv.db, { a: 1 }, 'admin', 'res.partner', 'search', [[]]])).toMatchObject({ name: 'builtins.TypeError', message: "int() argument must be a string, a bytes-like object or a real number, not 'dict'" });
  });

  it('JSON nested 10,000 levels deep is refused as Python\'s decoder refuses it', async () => {
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    for (const where of [`[${deep}]`, `[[3]], {"fields": ${deep}}`, `[[]], {"context": {"a": ${deep}}}`]) {
      const body = `{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["${srv.db}",2,"admin","res.partner","search",${where}]}}`;
      const r = await post(`${srv.url}/jsonrpc`, body);
      const reply = JSON.parse(r.text);
      expect(reply.id).toBeNull();
      expect(reply.error.data).toMatchObject({ name: 'builtins.RecursionError', message: 'maximum recursion depth exceeded while decoding a JSON array from a unicode string' });
    }
  });

  it('100,000-id lists work: read, exists, search by id', async () => {
    const ids = Array.from({ length: 100000 }, (_, i) => i + 1);
    const read = expectOk(await call(ADMIN, 'res.partner', 'read', [ids, ['name']])) as Array<{ id: number }>;
    const all = expectOk(await call(ADMIN, 'res.partner', 'search', [[]], { context: { active_test: false } })) as number[];
    expect(read.map((r) => r.id).sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b));
    expect((expectOk(await call(ADMIN, 'res.partner', 'search', [[['id', 'in', ids]]])) as number[]).length).toBeGreaterThan(0);
    expect(expectOk(await call(ADMIN, 'res.partner', 'search', [[['id', 'not in', ids]]]))).toEqual([]);
    expect((expectOk(await call(ADMIN, 'res.partner', 'exists', [ids])) as number[]).length).toBe(all.length);
  });

  it('1,000-leaf and 5,000-leaf domains work, implicit AND and OR chains alike', async () => {
    const or = (n: number) => [...Array(n - 1).fill('|'), ...Array.from({ length: n }, (_, i) => ['id', '=', i + 1])];
    expect(expectOk(await call(ADMIN, 'res.partner', 'search', [or(1000)], { order: 'id' }))).toEqual(expectOk(await call(ADMIN, 'res.partner', 'search', [[['id', '<=', 1000]]], { order: 'id' })));
    expect(expectOk(await call(ADMIN, 'res.partner', 'search', [or(5000)], { order: 'id' }))).toEqual(expectOk(await call(ADMIN, 'res.partner', 'search', [[]], { order: 'id' })));
    const and = Array.from({ length: 1000 }, (_, i) => ['name', '!=', `nobody ${i}`]);
    expect((expectOk(await call(ADMIN, 'res.partner', 'search_count', [and])) as number)).toBe(expectOk(await call(ADMIN, 'res.partner', 'search_count', [[]])));
    const names = ['|', ...Array(4998).fill('|'), ...Array.from({ length: 5000 }, (_, i) => ['name', 'ilike', `x${i}`])];
    expect(expectOk(await call(ADMIN, 'res.partner', 'search', [names.slice(1)]))).toEqual([]);
    // operators alternating thousands of levels deep: Python's RecursionError, as Odoo's
    const alternating = [...Array.from({ length: 4999 }, (_, i) => [i % 2 ? '&' : '|', ['id', '=', i]]).flat(), ['id', '=', 1]];
    expectError(await call(ADMIN, 'res.partner', 'search', [alternating]), 'builtins.RecursionError', 'maximum recursion depth exceeded in comparison');
  });

  it('every HTTP method gets an HTTP answer (CONNECT was dropped)', async () => {
    for (const method of ['CONNECT', 'TRACE', 'PROPFIND', 'OPTIONS', 'DELETE', 'PATCH', 'FOO']) {
      const text = await rawHttp(srv.url, `${method} /web/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`);
      expect(text).toMatch(/^HTTP\/1\.1 \d{3} /);
      expect(leaks(text)).toEqual([]);
    }
    const text = await rawHttp(srv.url, 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 (400|404)/);
    // the server still answers
    expect((await getRaw(`${srv.url}/web/webclient/version_info`)).status).toBeLessThan(500);
  });
});

describe('finding: session tokens were shared by every session of a user', () => {
  it('a token is bound to its session id: one session\'s token does not validate another', async () => {
    const db = srv.app.dbm.get(srv.db);
    expect(computeSessionToken(db, 6, 'a'.repeat(40))).not.toBe(computeSessionToken(db, 6, 'b'.repeat(40)));
    const one = new Browser(srv.url);
    const two = new Browser(srv.url);
    await one.login('demo', 'demo');
    await two.login('demo', 'demo');
    const sessions = srv.app.sessions;
    const s1 = sessions.load(one.sessionId);
    const s2 = sessions.load(two.sessionId);
    expect(s1.data.session_token).not.toBe(s2.data.session_token);
    // session two carrying session one's token is refused
    s2.set('session_token', s1.data.session_token);
    sessions.save(s2);
    const r = await post(`${srv.url}/web/session/get_session_info`, '{"jsonrpc":"2.0","params":{}}', 'application/json', { Cookie: `session_id=${two.sessionId}` });
    expect(JSON.parse(r.text).error.data.name).toBe('odoo.http.SessionExpiredException');
    // session one is still valid
    const ok = await post(`${srv.url}/web/session/get_session_info`, '{"jsonrpc":"2.0","params":{}}', 'application/json', { Cookie: `session_id=${one.sessionId}` });
    expect(JSON.parse(ok.text).result.uid).toBe(6);
  });
});
