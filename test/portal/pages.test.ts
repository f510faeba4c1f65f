/**
 * The browser-facing routes over HTTP with a cookie jar (portal.md §2.4, §3, §4, §6.4):
 * /web/login (form, CSRF, redirects, errors, cooldown), logout, /web, /web/signup and
 * /web/reset_password with every Odoo 17 message, the /my pages (home, counters, account
 * details validation, security, account deletion) and the emulator outbox.
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { loginHooks } from '../../server/routes/web';
import { Admin, Browser, byClass, csrfToken, decode, inputTag, inputValue, outbox, pathOf, textOf } from './helpers';

let srv: TestServer;
let admin: Admin;

beforeAll(async () => {
  srv = await startTestServer();
  admin = new Admin(srv);
  // many wrong passwords below: the per-IP login cooldown is tested on its own
  await admin.setParam('base.login_cooldown_after', '0');
});
afterAll(async () => { await srv.close(); });

async function newUserLogin(prefix: string): Promise<string> {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

describe('/web/login', () => {
  it('renders Odoo 17 login form: fields, hidden csrf/redirect, signup and reset links, anti-framing headers', async () => {
    const b = new Browser(srv.url);
    const page = await b.get('/web/login?redirect=%2Fmy%2Faccount');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    const html = page.text;
    expect(html).toMatch(/<form class="oe_login_form" role="form" method="post" action="\/web\/login">/);
    expect(csrfToken(html)).toMatch(/^[0-9a-f]{40}o\d+$/);
    expect(html).toMatch(/<div class="mb-3 field-login">\s*<label for="login"[^>]*>Email<\/label>/);
    expect(inputTag(html, 'login')).toMatch(/id="login"/);
    expect(inputTag(html, 'login')).toMatch(/placeholder="Email"/);
    expect(inputTag(html, 'password')).toMatch(/id="password"/);
    expect(inputTag(html, 'password')).toMatch(/type="password"/);
    expect(inputTag(html, 'password')).toMatch(/maxlength="4096"/);
    expect(inputValue(html, 'redirect')).toBe('/my/account');
    expect(html).toMatch(/<div class="clearfix oe_login_buttons[^"]*">\s*<button type="submit" class="btn btn-primary">Log in<\/button>/);
    // auth_signup links (b2c and reset enabled by default), keeping the query string
    const links = /<div class="justify-content-between mt-2 d-flex small">([\s\S]*?)<\/div>/.exec(html)![1];
    expect(textOf(links)).toBe("Don't have an account? Reset Password");
    expect(decode(links)).toContain('href="/web/signup?redirect=%2Fmy%2Faccount"');
    expect(decode(links)).toContain('href="/web/reset_password?redirect=%2Fmy%2Faccount"');
    expect(byClass(html, 'alert-danger')).toEqual([]);
    // one database: no #db field
    expect(html).not.toMatch(/id="db"/);
  });

  it('a POST without or with a wrong CSRF token is HTTP 400 "Session expired (invalid CSRF token)"', async () => {
    const b = new Browser(srv.url);
    await b.get('/web/login');
    for (const form of [{ login: 'admin', password: 'admin' }, { login: 'admin', password: 'admin', csrf_token: 'deadbeefo9999999999' }]) {
      const r = await b.post('/web/login', form);
      expect(r.status).toBe(400);
      expect(r.text).toContain('Session expired (invalid CSRF token)');
    }
    // a token of another session is refused too
    const other = new Browser(srv.url);
    const token = csrfToken((await other.get('/web/login')).text);
    expect((await b.post('/web/login', { login: 'admin', password: 'admin', csrf_token: token })).status).toBe(400);
  });

  it('a wrong password, an unknown login or an empty password re-renders with "Wrong login/password"', async () => {
    const b = new Browser(srv.url);
    for (const [login, password] of [['admin', 'nope'], ['nobody@example.com', 'admin'], ['admin', '']]) {
      const r = await b.login(login, password);
      expect(r.status).toBe(200);
      expect(byClass(r.text, 'alert-danger', 'p')).toEqual(['Wrong login/password']);
      expect(r.text).toMatch(/<p class="alert alert-danger" role="alert">/);
      expect(inputValue(r.text, 'login')).toBe(login);
      expect(inputValue(r.text, 'password')).toBe('');
    }
    expect((await b.get('/my')).status).toBe(303);
  });

  it('internal users go to /web (a placeholder page), portal users to /my; the session id rotates', async () => {
    const b = new Browser(srv.url);
    await b.get('/web/login');
    const before = b.sessionId;
    const r = await b.login('admin', 'admin');
    expect([r.status, r.location]).toEqual([303, '/web']);
    expect(b.sessionId).toMatch(/^[0-9a-f]{40}$/);
    expect(b.sessionId).not.toBe(before);
    const web = await b.get('/web');
    expect(web.status).toBe(200);
    expect(web.text).toContain('is not emulated');
    expect(web.text).toMatch(/id="o_logout"[^>]*href="\/web\/session\/logout/);
    expect(web.text).toMatch(/id="o_backend_user_dropdown_link"/);

    const p = new Browser(srv.url);
    const pr = await p.login('portal', 'portal');
    expect([pr.status, pr.location]).toEqual([303, '/my']);
    // a share user opening /web goes to /my, keeping the query string
    const w = await p.get('/web?foo=1');
    expect([w.status, w.location]).toEqual([303, '/my?foo=1']);
    expect((await p.get('/my')).status).toBe(200);
  });

  it('CSRF tokens are bound to the session: the pre-login token is refused after login', async () => {
    const b = new Browser(srv.url);
    const token = csrfToken((await b.get('/web/login')).text);
    await b.post('/web/login', { csrf_token: token, login: 'portal', password: 'portal' });
    const r = await b.post('/web/session/logout', { csrf_token: token });
    expect(r.status).toBe(400);
    expect((await b.get('/my')).status).toBe(200);
  });

  it('the redirect parameter is honoured but forced local', async () => {
    const cases: Array<[string, string]> = [
      ['/my/security', '/my/security'],
      ['https://evil.example.com/my/account?x=1', '/my/account?x=1'],
      ['//evil.example.com/steal', '/steal'],
    ];
    for (const [redirect, expected] of cases) {
      const b = new Browser(srv.url);
      const r = await b.login('portal', 'portal', redirect);
      expect([r.status, r.location]).toEqual([303, expected]);
    }
    // GET /web/login?redirect=... when already logged in: straight to the target
    const b = new Browser(srv.url);
    await b.login('portal', 'portal');
    const g = await b.get('/web/login?redirect=%2Fmy%2Faccount');
    expect([g.status, g.location]).toEqual([303, '/my/account']);
    // without redirect the form is shown again
    expect((await b.get('/web/login')).status).toBe(200);
  });

  it('shows ?error=access, ?message=... and pre-fills auth_login (kept in the session)', async () => {
    const b = new Browser(srv.url);
    const access = await b.get('/web/login?error=access');
    expect(byClass(access.text, 'alert-danger', 'p')).toEqual(['Only employees can access this database. Please contact the administrator.']);
    const msg = await b.get('/web/login?message=Hello%20there');
    expect(byClass(msg.text, 'alert-success', 'p')).toEqual(['Hello there']);
    expect(msg.text).toMatch(/<p class="alert alert-success" role="status">/);
    const pre = await b.get('/web/login?auth_login=someone%40example.com');
    expect(inputValue(pre.text, 'login')).toBe('someone@example.com');
    const again = await b.get('/web/login');
    expect(inputValue(again.text, 'login')).toBe('someone@example.com');
  });

  it('a pending second factor (login hook) goes to /web/login/totp, with redirect=/my for portal users', async () => {
    const [portal] = await admin.kw('res.users', 'search_read', [[['login', '=', 'portal']], ['id']]);
    const pendingFor = new Set([portal.id, 2]);
    const hook: (typeof loginHooks)[number] = (_ctx, _db, uid) => (pendingFor.has(uid) ? 'pending' : 'done');
    loginHooks.push(hook);
    try {
      const b = new Browser(srv.url);
      const r = await b.login('portal', 'portal');
      expect([r.status, r.location]).toEqual([303, '/web/login/totp?redirect=%2Fmy']);
      // half logged in: no access to /my yet
      expect((await b.get('/my')).status).toBe(303);
      const a = new Browser(srv.url);
      expect((await a.login('admin', 'admin')).location).toBe('/web/login/totp');
      expect((await new Browser(srv.url).login('admin', 'admin', '/my/security')).location).toBe('/web/login/totp?redirect=%2Fmy%2Fsecurity');
      // users without a second factor are not affected
      expect((await new Browser(srv.url).login('demo', 'demo')).location).toBe('/web');
    } finally {
      loginHooks.splice(loginHooks.indexOf(hook), 1);
    }
  });

  it('the per-IP cooldown message after too many failures', async () => {
    await admin.setParam('base.login_cooldown_after', '3');
    try {
      const b = new Browser(srv.url);
      for (let i = 0; i < 3; i++) expect(byClass((await b.login('admin', `bad${i}`)).text, 'alert-danger', 'p')).toEqual(['Wrong login/password']);
      const r = await b.login('admin', 'admin');
      expect(r.status).toBe(200);
      expect(byClass(r.text, 'alert-danger', 'p')).toEqual(['Too many login failures, please wait a bit before trying again.']);
    } finally {
      await admin.setParam('base.login_cooldown_after', '0');
    }
    const ok = await new Browser(srv.url).login('admin', 'admin');
    expect(ok.status).toBe(303);
  });
});

describe('logout and /web', () => {
  it('POST /web/session/logout needs the CSRF token, then logs out and redirects', async () => {
    const b = new Browser(srv.url);
    await b.login('portal', 'portal');
    const security = await b.get('/my/security');
    expect(security.status).toBe(200);
    expect((await b.post('/web/session/logout', {})).status).toBe(400);
    expect((await b.get('/my')).status).toBe(200);
    const r = await b.post('/web/session/logout', { csrf_token: csrfToken(security.text), redirect: '/web/login' });
    expect([r.status, r.location]).toEqual([303, '/web/login']);
    expect((await b.get('/my')).status).toBe(303);
  });

  it('GET /web/session/logout (the #o_logout link) still works; /web without a session goes to the login page', async () => {
    const b = new Browser(srv.url);
    await b.login('portal', 'portal');
    const r = await b.get('/web/session/logout?redirect=/');
    expect([r.status, r.location]).toEqual([303, '/']);
    const web = await b.get('/web?debug=1');
    expect([web.status, web.location]).toEqual([303, '/web/login?debug=1']);
    expect((await b.get('/my')).location).toBe('/web/login?redirect=%2Fmy%3F');
  });

  it('/web/login_successful needs a session and says "You are logged in."', async () => {
    const b = new Browser(srv.url);
    expect((await b.get('/web/login_successful')).status).toBe(303);
    await b.login('portal', 'portal');
    const page = await b.get('/web/login_successful?account_created=True');
    expect(page.status).toBe(200);
    expect(page.text).toContain('You are logged in.');
    expect(byClass(page.text, 'alert-success', 'p')).toEqual(['Registration successful.']);
  });
});

describe('/web/signup', () => {
  afterEach(async () => {
    await admin.setParam('auth_signup.invitation_scope', 'b2c');
    await admin.setParam('auth_signup.reset_password', 'True');
  });

  it('404 without a token when the scope is b2b ("On invitation"); the login page hides the link', async () => {
    await admin.setParam('auth_signup.invitation_scope', 'b2b');
    const b = new Browser(srv.url);
    expect((await b.get('/web/signup')).status).toBe(404);
    const token = csrfToken((await b.get('/web/login')).text);
    expect((await b.post('/web/signup', { csrf_token: token, login: 'x@example.com', name: 'X', password: 'a', confirm_password: 'a' })).status).toBe(404);
    const login = await b.get('/web/login');
    expect(login.text).not.toContain("Don't have an account?");
    expect(login.text).toContain('Reset Password');
  });

  it('renders form.oe_signup_form with the auth_signup fields', async () => {
    const b = new Browser(srv.url);
    const page = await b.get('/web/signup?redirect=%2Fmy%2Fsecurity');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(html).toMatch(/<form class="oe_signup_form" role="form" method="post">/);
    for (const [field, label] of [['login', 'Your Email'], ['name', 'Your Name'], ['password', 'Password'], ['confirm_password', 'Confirm Password']]) {
      expect(html).toMatch(new RegExp(`<div class="mb-3 field-${field}[^"]*">\\s*<label for="${field}"[^>]*>${label}</label>`));
      expect(inputTag(html, field)).toMatch(new RegExp(`id="${field}"`));
      expect(inputTag(html, field)).not.toMatch(/readonly/);
    }
    expect(inputTag(html, 'name')).toMatch(/placeholder="e.g. John Doe"/);
    expect(inputValue(html, 'redirect')).toBe('/my/security');
    expect(inputValue(html, 'token')).toBe('');
    expect(html).toMatch(/<div class="text-center oe_login_buttons d-grid pt-3">\s*<button type="submit" class="btn btn-primary"> Sign up<\/button>/);
    expect(textOf(html)).toContain('Already have an account?');
  });

  it('error messages: passwords that differ, an existing login, a login that cannot be created', async () => {
    const b = new Browser(srv.url);
    const email = await newUserLogin('mismatch');
    const r1 = await b.submit('/web/signup', { login: email, name: 'Mis Match', password: 'abc12345', confirm_password: 'abc123456' });
    expect(r1.status).toBe(200);
    expect(byClass(r1.text, 'alert-danger', 'p')).toEqual(['Passwords do not match; please retype them.']);
    expect(inputValue(r1.text, 'login')).toBe(email);
    expect(await admin.kw('res.users', 'search_count', [[['login', '=', email]]])).toBe(0);

    const r2 = await b.submit('/web/signup', { login: 'portal', name: 'Copy Cat', password: 'abc12345', confirm_password: 'abc12345' });
    expect(byClass(r2.text, 'alert-danger', 'p')).toEqual(['Another user is already registered using this email address.']);

    // the (archived) portal template user holds the login: creation fails, no active user has it
    const r3 = await b.submit('/web/signup', { login: 'portaltemplate', name: 'Template Twin', password: 'abc12345', confirm_password: 'abc12345' });
    const [msg] = byClass(r3.text, 'alert-danger', 'p');
    expect(msg.startsWith('Could not create a new account. ')).toBe(true);
    expect(msg).toContain('You can not have two users with the same login!');
    expect((await b.get('/my')).status).toBe(303);
  });

  it('free signup (b2c): creates a portal user, mails "Welcome to <company>!", logs in and goes to /my', async () => {
    const b = new Browser(srv.url);
    const email = await newUserLogin('free.signup');
    const r = await b.submit('/web/signup', { login: email, name: 'Free Signer', password: 'signup-pass-1', confirm_password: 'signup-pass-1' });
    expect([r.status, r.location]).toEqual([303, '/my']);
    const home = await b.get('/my');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Free Signer');
    const [user] = await admin.kw('res.users', 'search_read', [[['login', '=', email]], ['share', 'active', 'email']]);
    expect(user).toMatchObject({ share: true, active: true, email });
    const [mail] = await outbox(srv, { to: email, subject: 'Welcome' });
    expect(mail.subject).toBe('Welcome to YourCompany!');
    expect(mail.template_xmlid).toBe('auth_signup.mail_template_user_signup_account_created');
    expect(mail.body_text).toContain('Your account has been successfully created!');
    const link = mail.links.find((l) => l.text === 'Go to My Account')!;
    expect(link.login).toBe(email);
    expect(pathOf(link.url)).toBe(`/web/login?auth_login=${encodeURIComponent(email).replace(/%40/, '@')}`);
    // the login link pre-fills the login
    const fresh = new Browser(srv.url);
    expect(inputValue((await fresh.get(pathOf(link.url))).text, 'login')).toBe(email);
    expect((await fresh.login(email, 'signup-pass-1')).location).toBe('/my');
  });

  it('with the redirect field the user lands there after signup', async () => {
    const b = new Browser(srv.url);
    const email = await newUserLogin('redir');
    const r = await b.submit('/web/signup?redirect=%2Fmy%2Fsecurity', { login: email, name: 'Redir Ect', password: 'pw-123456', confirm_password: 'pw-123456', redirect: '/my/security' });
    expect([r.status, r.location]).toEqual([303, '/my/security']);
  });

  it('an invalid token shows "Invalid signup token" and creates nothing (even in b2b)', async () => {
    await admin.setParam('auth_signup.invitation_scope', 'b2b');
    const b = new Browser(srv.url);
    const page = await b.get('/web/signup?token=NotARealToken1234567');
    expect(page.status).toBe(200);
    expect(byClass(page.text, 'alert-danger', 'p')).toEqual(['Invalid signup token']);
    const email = await newUserLogin('badtoken');
    const r = await b.post('/web/signup?token=NotARealToken1234567', { csrf_token: csrfToken(page.text), token: 'NotARealToken1234567', login: email, name: 'Bad Token', password: 'x1234567', confirm_password: 'x1234567' });
    expect(r.status).toBe(200);
    expect(byClass(r.text, 'alert-danger', 'p')).toEqual(['Invalid signup token']);
    expect(await admin.kw('res.users', 'search_count', [[['login', '=', email]]])).toBe(0);
  });

  it('the portal invitation: readonly login/name, the password is set, both mails, logged in on /my', async () => {
    await admin.setParam('auth_signup.invitation_scope', 'b2b');
    const email = await newUserLogin('invited');
    const { userId } = await admin.grantPortal('Invited Person', email);
    const [invite] = await outbox(srv, { to: email, subject: 'Your account at' });
    expect(invite.subject).toBe('Your account at YourCompany');
    const link = invite.links.find((l) => l.text === 'Activate Account')!;
    expect(link.token).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(link.db).toBe(srv.db);
    expect(pathOf(link.url).startsWith('/web/signup?')).toBe(true);

    const b = new Browser(srv.url);
    const form = await b.get(pathOf(link.url));
    expect(form.status).toBe(200);
    expect(inputValue(form.text, 'login')).toBe(email);
    expect(inputTag(form.text, 'login')).toMatch(/readonly="readonly"/);
    expect(inputValue(form.text, 'name')).toBe('Invited Person');
    expect(inputTag(form.text, 'name')).toMatch(/readonly="readonly"/);
    expect(inputValue(form.text, 'token')).toBe(link.token);
    const r = await b.post(pathOf(link.url), { csrf_token: csrfToken(form.text), token: link.token!, login: email, name: 'Invited Person', password: 'invited-pw-1', confirm_password: 'invited-pw-1', redirect: '' });
    expect([r.status, r.location]).toEqual([303, '/my']);
    expect((await b.get('/my')).status).toBe(200);
    const welcome = await outbox(srv, { to: email, subject: 'Welcome' });
    expect(welcome).toHaveLength(1);
    // the token is spent
    const again = await new Browser(srv.url).get(pathOf(link.url));
    expect(byClass(again.text, 'alert-danger', 'p')).toEqual(['Invalid signup token']);
    const [u] = await admin.kw('res.users', 'read', [[userId], ['login']]);
    expect(u.login).toBe(email);
    expect((await new Browser(srv.url).login(email, 'invited-pw-1')).location).toBe('/my');
  });

  // recorded on Odoo 17: the expired token is a UserError (auth_signup res_partner.py), its text shown as is
  it('an expired token: the form renders, the POST fails with "Signup token … is no longer valid"', async () => {
    const email = await newUserLogin('expired');
    const partnerId = await admin.kw('res.partner', 'create', [{ name: 'Ex Pired', email }]);
    await admin.kw('res.partner', 'signup_prepare', [[partnerId]], { signup_type: 'signup', expiration: '2001-01-01 00:00:00' });
    const [{ signup_token: token }] = await admin.kw('res.partner', 'read', [[partnerId], ['signup_token']]);
    const b = new Browser(srv.url);
    const form = await b.get(`/web/signup?token=${token}`);
    expect(form.status).toBe(200);
    expect(byClass(form.text, 'alert-danger', 'p')).toEqual([]);
    expect(inputValue(form.text, 'login')).toBe(email);
    expect(inputValue(form.text, 'name')).toBe('Ex Pired');
    const r = await b.post(`/web/signup?token=${token}`, { csrf_token: csrfToken(form.text), token, login: email, name: 'Ex Pired', password: 'expired-1', confirm_password: 'expired-1' });
    expect(r.status).toBe(200);
    expect(byClass(r.text, 'alert-danger', 'p')).toEqual([`Signup token '${token}' is no longer valid`]);
    expect(await admin.kw('res.users', 'search_count', [[['login', '=', email]]])).toBe(0);
  });

  it('the auth_signup_token query param is kept in the session and used by the form', async () => {
    const email = await newUserLogin('sessiontoken');
    await admin.setParam('auth_signup.invitation_scope', 'b2b');
    await admin.grantPortal('Session Token', email);
    const [invite] = await outbox(srv, { to: email, subject: 'Your account at' });
    const token = invite.links.find((l) => l.text === 'Activate Account')!.token!;
    const b = new Browser(srv.url);
    await b.get(`/web/login?auth_signup_token=${token}`);
    const page = await b.get('/web/signup');
    expect(page.status).toBe(200);
    expect(inputValue(page.text, 'token')).toBe(token);
    expect(inputValue(page.text, 'login')).toBe(email);
  });
});

describe('/web/reset_password', () => {
  afterEach(async () => { await admin.setParam('auth_signup.reset_password', 'True'); });

  it('404 when disabled (no token); the login page hides the link', async () => {
    await admin.setParam('auth_signup.reset_password', 'False');
    const b = new Browser(srv.url);
    expect((await b.get('/web/reset_password')).status).toBe(404);
    expect((await b.get('/web/login')).text).not.toContain('/web/reset_password');
  });

  it('the request form and its errors', async () => {
    const b = new Browser(srv.url);
    const page = await b.get('/web/reset_password');
    expect(page.text).toMatch(/<form class="oe_reset_password_form" role="form" method="post">/);
    expect(page.text).toMatch(/<div class="mb-3 field-login">\s*<label for="login"[^>]*>Your Email<\/label>/);
    expect(page.text).toMatch(/<button type="submit" class="btn btn-primary">Reset Password<\/button>/);
    expect(textOf(page.text)).toContain('Back to Login');
    expect(inputTag(page.text, 'password')).toBeNull();

    const missing = await b.submit('/web/reset_password', { login: 'nobody.at.all@example.com' });
    expect(byClass(missing.text, 'alert-danger', 'p')).toEqual(['No account found for this login']);
    const empty = await b.submit('/web/reset_password', { login: '' });
    expect(byClass(empty.text, 'alert-danger', 'p')).toEqual(['No login provided.']);

    // two users with the same email
    const shared = await newUserLogin('shared');
    await admin.kw('res.users', 'create', [{ name: 'Shared One', login: `${shared}.1`, email: shared }]);
    await admin.kw('res.users', 'create', [{ name: 'Shared Two', login: `${shared}.2`, email: shared }]);
    const multi = await b.submit('/web/reset_password', { login: shared });
    expect(byClass(multi.text, 'alert-danger', 'p')).toEqual(['Multiple accounts found for this login']);

    // a user without an email address (a UserError)
    const login = `noemail.${Date.now()}`;
    await admin.kw('res.users', 'create', [{ name: 'No Email User', login }]);
    const noEmail = await b.submit('/web/reset_password', { login });
    expect(byClass(noEmail.text, 'alert-danger', 'p')).toEqual(['Cannot send email: user No Email User has no email address.']);
  });

  it('mails a 24h link; the token form sets the password and logs the user in', async () => {
    const email = await newUserLogin('reset.me');
    const { login } = await admin.portalUser('Reset Me', email, 'old-password-1');
    const b = new Browser(srv.url);
    const sent = await b.submit('/web/reset_password', { login });
    expect(sent.status).toBe(200);
    expect(byClass(sent.text, 'alert-success', 'p')).toEqual(['Password reset instructions sent to your email']);
    expect(sent.text).toMatch(/<div class="oe_login_form clearfix">/);
    expect(sent.text).not.toMatch(/oe_reset_password_form/);
    const [mail] = await outbox(srv, { to: email, subject: 'Password reset' });
    expect(mail.subject).toBe('Password reset');
    expect(mail.email_to).toBe(email);
    const link = mail.links.find((l) => l.text === 'Change password')!;
    expect(pathOf(link.url)).toMatch(/^\/web\/reset_password\?db=[^&]+&token=[A-Za-z0-9]{20}$/);

    const r = new Browser(srv.url);
    const form = await r.get(pathOf(link.url));
    expect(form.text).toMatch(/oe_reset_password_form/);
    expect(inputValue(form.text, 'login')).toBe(login);
    expect(inputTag(form.text, 'login')).toMatch(/readonly/);
    expect(inputTag(form.text, 'confirm_password')).toMatch(/id="confirm_password"/);
    const bad = await r.post(pathOf(link.url), { csrf_token: csrfToken(form.text), token: link.token!, login, name: 'Reset Me', password: 'new-password-1', confirm_password: 'other' });
    expect(byClass(bad.text, 'alert-danger', 'p')).toEqual(['Passwords do not match; please retype them.']);
    const ok = await r.post(pathOf(link.url), { csrf_token: csrfToken(bad.text), token: link.token!, login, name: 'Reset Me', password: 'new-password-1', confirm_password: 'new-password-1' });
    expect([ok.status, ok.location]).toEqual([303, '/my']);
    expect((await r.get('/my')).status).toBe(200);
    expect(byClass((await new Browser(srv.url).login(login, 'old-password-1')).text, 'alert-danger', 'p')).toEqual(['Wrong login/password']);
    expect((await new Browser(srv.url).login(login, 'new-password-1')).location).toBe('/my');
    // a token still works when reset is disabled, but a spent one does not
    await admin.setParam('auth_signup.reset_password', 'False');
    const spent = await new Browser(srv.url).get(pathOf(link.url));
    expect(spent.status).toBe(200);
    expect(byClass(spent.text, 'alert-danger', 'p')).toEqual(['Invalid signup token']);
  });

  it('an expired reset link: "Signup token … is no longer valid" (recorded on Odoo 17)', async () => {
    const email = await newUserLogin('reset.expired');
    const { login, partnerId } = await admin.portalUser('Reset Expired', email, 'expired-pw-1');
    await new Browser(srv.url).submit('/web/reset_password', { login });
    const [mail] = await outbox(srv, { to: email, subject: 'Password reset' });
    const link = mail.links.find((l) => l.text === 'Change password')!;
    await admin.kw('res.partner', 'write', [[partnerId], { signup_expiration: '2001-01-01 00:00:00' }]);
    const b = new Browser(srv.url);
    const form = await b.get(pathOf(link.url));
    expect(inputValue(form.text, 'login')).toBe(login);
    const r = await b.post(pathOf(link.url), { csrf_token: csrfToken(form.text), token: link.token!, login, name: 'Reset Expired', password: 'expired-pw-2', confirm_password: 'expired-pw-2' });
    expect(r.status).toBe(200);
    expect(byClass(r.text, 'alert-danger', 'p')).toEqual([`Signup token '${link.token}' is no longer valid`]);
    expect((await new Browser(srv.url).login(login, 'expired-pw-1')).location).toBe('/my');
  });

  it('signup_email of an activated user redirects to the login page', async () => {
    const b = new Browser(srv.url);
    const [adm] = await admin.kw('res.users', 'read', [[2], ['email']]);
    await new Browser(srv.url).login('admin', 'admin');
    const r = await b.get(`/web/reset_password?signup_email=${encodeURIComponent(adm.email)}`);
    expect([r.status, r.location]).toEqual([303, '/web/login?login=admin&redirect=%2Fweb']);
  });
});

describe('/my', () => {
  it('redirects to the login page without a session (GET and POST), then back after login', async () => {
    const b = new Browser(srv.url);
    for (const path of ['/my', '/my/home', '/my/account', '/my/security']) {
      const r = await b.get(path);
      expect([r.status, r.location]).toEqual([303, `/web/login?redirect=${encodeURIComponent(`${path}?`)}`]);
    }
    const post = await b.post('/my/account', { name: 'x' });
    expect(post.status).toBe(303);
    expect(post.location!.startsWith('/web/login?redirect=')).toBe(true);
    const login = await b.get('/web/login?redirect=%2Fmy%2Fsecurity%3F');
    const r = await b.post('/web/login', { csrf_token: csrfToken(login.text), login: 'portal', password: 'portal', redirect: inputValue(login.text, 'redirect')! });
    expect(r.location).toBe('/my/security');
  });

  it('the home page: account details, the Connection & Security card, the user menu', async () => {
    const b = new Browser(srv.url);
    await b.login('portal', 'portal');
    for (const path of ['/my', '/my/home']) {
      const page = await b.get(path);
      expect(page.status).toBe(200);
      const html = page.text;
      expect(html).toMatch(/<div id="wrap" class="o_portal_wrap">/);
      expect(html).toMatch(/<h3 class="my-3">My account<\/h3>/);
      expect(html).toMatch(/class="o_portal_content /);
      expect(html).toMatch(/<div class="o_portal_my_home">/);
      expect(html).toMatch(/<div class="o_portal_docs row g-2">/);
      expect(html).toMatch(/id="portal_common_category"/);
      expect(html).toMatch(/o_portal_doc_spinner/);
      const card = /<div class="o_portal_index_card[^"]*">([\s\S]*?)<\/a>/.exec(html)![1];
      expect(card).toContain('href="/my/security"');
      expect(textOf(card)).toBe('Connection & Security Configure your connection parameters');
      expect(html).toMatch(/<div class="o_portal_my_details">/);
      expect(html).toMatch(/href="\/my\/account"[^>]*>[\s\S]*?Edit information<\/a>/);
      expect(html).toMatch(/class="dropdown-menu[^"]*js_usermenu"/);
      expect(html).toMatch(/id="o_logout"[^>]*href="\/web\/session\/logout\?redirect=\/"/);
      expect(html).toMatch(/href="\/my\/home"[^>]*>My Account<\/a>/);
      expect(html).not.toMatch(/o_backend_user_dropdown_link/);
      const [name] = await admin.kw('res.users', 'search_read', [[['login', '=', 'portal']], ['name', 'email']]);
      expect(textOf(html)).toContain(name.name);
      expect(textOf(html)).toContain(name.email);
    }
  });

  it('/my/counters (type=json) returns {} for unknown counters and needs a session', async () => {
    const b = new Browser(srv.url);
    const call = (params: unknown) => b.request('/my/counters', { method: 'POST', contentType: 'application/json', body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 3 }) });
    const anon = JSON.parse((await call({ counters: ['invoice_count'] })).text);
    expect(anon.error.data.name).toBe('odoo.http.SessionExpiredException');
    await b.login('portal', 'portal');
    const r = JSON.parse((await call({ counters: ['invoice_count', 'order_count'] })).text);
    expect(r).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
    const missing = JSON.parse((await call({})).text);
    expect(missing.error.data.message).toContain("missing 1 required positional argument: 'counters'");
    // type=json: no CSRF token needed, but an http content type is refused
    expect((await b.request('/my/counters', { method: 'POST', form: { counters: 'x' } })).status).toBe(400);
  });
});

describe('/my/account', () => {
  const full = { name: 'Acc Ount', email: 'acc.ount@example.com', phone: '+32 81 81 37 00', street: 'Chaussée de Namur 40', city: 'Grand-Rosière', zipcode: '1367', country_id: '', state_id: '', vat: '', company_name: 'Acme' };

  async function accountUser(prefix: string, extra: Record<string, unknown> = {}) {
    const email = await newUserLogin(prefix);
    const u = await admin.portalUser(`${prefix} user`, email, 'account-pw-1', extra);
    const b = new Browser(srv.url);
    expect((await b.login(u.login, 'account-pw-1')).location).toBe('/my');
    return { b, ...u };
  }

  it('renders the details form with Odoo\'s field names, prefilled from the partner', async () => {
    const { b, login } = await accountUser('form');
    const page = await b.get('/my/account');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = page.text;
    expect(html).toMatch(/<form action="\/my\/account" method="post">/);
    expect(html).toMatch(/<div class="row o_portal_details">/);
    for (const f of ['csrf_token', 'name', 'email', 'company_name', 'vat', 'phone', 'street', 'city', 'zipcode', 'country_id', 'state_id', 'redirect']) {
      expect([f, !!inputTag(html, f)]).toEqual([f, true]);
    }
    expect(inputTag(html, 'country_id')).toMatch(/^<select/);
    expect(inputValue(html, 'email')).toBe(login);
    expect(html).toMatch(/<option value="\d+"[^>]*>Belgium<\/option>/);
    expect(html).toMatch(/<a href="\/my\/" class="btn btn-light me-2">Discard<\/a>/);
    expect(html).toMatch(/<button type="submit" class="btn btn-primary">Save<\/button>/);
    expect(html).toMatch(/<ol class="o_portal_submenu breadcrumb/);
  });

  it('validation messages in Odoo\'s order, with is-invalid fields and the posted values kept', async () => {
    const { b, partnerId } = await accountUser('valid');
    const belgium = (await admin.kw('res.country', 'search_read', [[['code', '=', 'BE']], ['id']]))[0].id;
    const empty = await b.submit('/my/account', { ...full, name: '', phone: '', country_id: String(belgium) });
    expect(empty.status).toBe(200);
    expect(byClass(empty.text, 'alert-danger', 'div')).toEqual(['Some required fields are empty.']);
    expect(inputTag(empty.text, 'name')).toMatch(/is-invalid/);
    expect(inputTag(empty.text, 'phone')).toMatch(/is-invalid/);
    expect(inputTag(empty.text, 'city')).not.toMatch(/is-invalid/);
    expect(empty.text).toMatch(/class="mb-3 o_has_error col-xl-6">\s*<label class="col-form-label" for="name">/);
    expect(inputValue(empty.text, 'street')).toBe(full.street);

    const both = await b.submit('/my/account', { ...full, email: 'not-an-email', city: '', country_id: String(belgium) });
    expect(byClass(both.text, 'alert-danger', 'div')).toEqual(['Invalid Email! Please enter a valid email address. Some required fields are empty.']);
    expect(both.text).toMatch(/Invalid Email! Please enter a valid email address\.<br\/>Some required fields are empty\.<br\/>/);
    expect(inputTag(both.text, 'email')).toMatch(/is-invalid/);
    expect(inputValue(both.text, 'email')).toBe('not-an-email');

    const unknown = await b.submit('/my/account', { ...full, country_id: String(belgium), foo: '1', bar: '2' });
    expect(byClass(unknown.text, 'alert-danger', 'div')).toEqual(["Unknown field 'foo,bar'"]);
    // nothing was written
    const [p] = await admin.kw('res.partner', 'read', [[partnerId], ['name', 'street']]);
    expect(p).toMatchObject({ name: 'valid user', street: false });
  });

  it('a valid post writes the partner (not the login) and redirects to /my/home or ?redirect', async () => {
    const { b, partnerId, userId, login } = await accountUser('write');
    const be = (await admin.kw('res.country', 'search_read', [[['code', '=', 'BE']], ['id']]))[0].id;
    const r = await b.submit('/my/account', { ...full, email: 'new.address@example.com', country_id: String(be) });
    expect([r.status, r.location]).toEqual([303, '/my/home']);
    const [p] = await admin.kw('res.partner', 'read', [[partnerId], ['name', 'email', 'phone', 'street', 'city', 'zip', 'country_id', 'state_id', 'vat', 'company_name']]);
    expect(p).toMatchObject({ name: 'Acc Ount', email: 'new.address@example.com', phone: full.phone, street: full.street, city: full.city, zip: '1367', state_id: false, company_name: 'Acme' });
    expect(p.country_id[0]).toBe(be);
    const [u] = await admin.kw('res.users', 'read', [[userId], ['login', 'email']]);
    expect(u).toMatchObject({ login, email: 'new.address@example.com' });
    // the session survives (the login and password did not change)
    const home = await b.get('/my/home');
    expect(home.status).toBe(200);
    expect(textOf(home.text)).toContain('Acc Ount');
    expect(textOf(home.text)).toContain('Grand-Rosière');
    // with a redirect (forced local)
    const r2 = await b.submit('/my/account?redirect=%2Fmy%2Fsecurity', { ...full, country_id: String(be), redirect: 'https://elsewhere.example.com/my/security' });
    expect([r2.status, r2.location]).toEqual([303, '/my/security']);
    // CSRF
    expect((await b.post('/my/account', { ...full, country_id: String(be) })).status).toBe(400);
  });

  it('a child contact: VAT and country locked in the form, the country kept on save', async () => {
    const be = (await admin.kw('res.country', 'search_read', [[['code', '=', 'BE']], ['id']]))[0].id;
    const fr = (await admin.kw('res.country', 'search_read', [[['code', '=', 'FR']], ['id']]))[0].id;
    const company = await admin.kw('res.partner', 'create', [{ name: 'Parent Co', is_company: true, vat: 'BE0477472701', country_id: be }]);
    const { b, partnerId } = await accountUser('child', { parent_id: company, country_id: be });
    const page = await b.get('/my/account');
    expect(inputTag(page.text, 'vat')).toMatch(/readonly="1"/);
    expect(inputTag(page.text, 'country_id')).toMatch(/disabled="1"/);
    expect(textOf(page.text)).toContain('Company name, VAT Number and country can not be changed once document(s) have been issued for your account.');
    // Odoo 17 only appends the VAT message to error_message (no `error` key), so a crafted post
    // still saves: the message never shows; the country is forced back to the partner's
    const r = await b.submit('/my/account', { ...full, vat: 'FR12345678901', country_id: String(fr) });
    expect([r.status, r.location]).toEqual([303, '/my/home']);
    const [p] = await admin.kw('res.partner', 'read', [[partnerId], ['country_id', 'name']]);
    expect(p.country_id[0]).toBe(be);
    expect(p.name).toBe('Acc Ount');
  });
});

describe('/my/security', () => {
  async function securityUser(prefix: string) {
    const email = await newUserLogin(prefix);
    const u = await admin.portalUser(`${prefix} user`, email, 'sec-pw-1');
    const b = new Browser(srv.url);
    await b.login(u.login, 'sec-pw-1');
    return { b, ...u };
  }

  it('renders the Connection & Security page with Odoo\'s selectors', async () => {
    const { b } = await securityUser('secpage');
    const page = await b.get('/my/security');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(html).toMatch(/<div class="o_portal_security_body/);
    expect(textOf(html)).toContain('Connection & Security');
    expect(html).toMatch(/href="\/my\/"[^>]*>[\s\S]*?Go Back<\/a>/);
    const section = /<section name="portal_change_password"[^>]*>([\s\S]*?)<\/section>/.exec(html)![1];
    expect(section).toMatch(/<form action="\/my\/security" method="post" class="oe_reset_password_form">/);
    expect(inputValue(section, 'op')).toBe('password');
    expect(inputTag(section, 'old')).toMatch(/id="current"/);
    expect(inputTag(section, 'new1')).toMatch(/id="new"/);
    expect(inputTag(section, 'new2')).toMatch(/id="new2"/);
    expect(section).toMatch(/<label for="current"[^>]*>Password:<\/label>/);
    expect(section).toMatch(/<label for="new"[^>]*>New Password:<\/label>/);
    expect(section).toMatch(/<label for="new2"[^>]*>Verify New Password:<\/label>/);
    expect(section).toContain('>Change Password</button>');
    expect(html).toMatch(/<section name="portal_revoke_all_devices_popup"/);
    expect(html).toMatch(/<button[^>]*id="portal_revoke_all_sessions_popup"[^>]*>Log out from all devices<\/button>/);
    expect(html).toMatch(/<section name="portal_deactivate_account"/);
    expect(html).toMatch(/id="portal_deactivate_account_modal"/);
    expect(html).toMatch(/<form action="\/my\/deactivate_account" method="post" class="modal-content" id="portal_deactivate_account_form">/);
    expect(html).toMatch(/<input type="submit" class="btn btn-danger" value="Delete Account"\/>/);
    expect(html).toMatch(/<input type="checkbox" name="request_blacklist" id="request_blacklist" checked="checked"\/>/);
    // not for internal users
    const internal = new Browser(srv.url);
    await internal.login('admin', 'admin');
    const adminPage = await internal.get('/my/security');
    expect(adminPage.status).toBe(200);
    expect(adminPage.text).not.toMatch(/portal_deactivate_account/);
  });

  it('password change errors', async () => {
    const { b } = await securityUser('secerr');
    const empty = await b.submit('/my/security', { op: 'password', old: 'sec-pw-1', new1: '  ', new2: 'x' });
    expect(empty.status).toBe(200);
    expect(inputTag(empty.text, 'new1')).toMatch(/is-invalid/);
    expect(byClass(empty.text, 'invalid-feedback').filter(Boolean)).toEqual(['You cannot leave any password empty.']);
    const differ = await b.submit('/my/security', { op: 'password', old: 'sec-pw-1', new1: 'aaa-12345', new2: 'bbb-12345' });
    expect(inputTag(differ.text, 'new2')).toMatch(/is-invalid/);
    expect(byClass(differ.text, 'invalid-feedback').filter(Boolean)).toEqual(['The new password and its confirmation must be identical.']);
    const wrong = await b.submit('/my/security', { op: 'password', old: 'not-my-password', new1: 'aaa-12345', new2: 'aaa-12345' });
    expect(inputTag(wrong.text, 'old')).toMatch(/is-invalid/);
    expect(byClass(wrong.text, 'invalid-feedback').filter(Boolean)).toEqual(['The old password you provided is incorrect, your password was not changed.']);
    expect(byClass(wrong.text, 'alert-success')).toEqual([]);
    expect((await b.submit('/my/security', { op: 'password', old: 'sec-pw-1', new1: 'a', new2: 'a' }, '/my/security')).status).toBe(200);
    // CSRF
    expect((await b.post('/my/security', { op: 'password', old: 'x', new1: 'y', new2: 'y' })).status).toBe(400);
  });

  it('a password change keeps this session, ends the others and shows "Password Updated!"', async () => {
    const { b, login } = await securityUser('secok');
    const other = new Browser(srv.url);
    await other.login(login, 'sec-pw-1');
    expect((await other.get('/my')).status).toBe(200);
    const r = await b.submit('/my/security', { op: 'password', old: ' sec-pw-1 ', new1: 'sec-pw-2', new2: 'sec-pw-2' });
    expect(r.status).toBe(200);
    expect(byClass(r.text, 'alert-success', 'div')).toEqual(['Password Updated!']);
    expect(byClass(r.text, 'invalid-feedback').filter(Boolean)).toEqual([]);
    expect((await b.get('/my')).status).toBe(200);
    expect((await other.get('/my')).status).toBe(303);
    expect(byClass((await new Browser(srv.url).login(login, 'sec-pw-1')).text, 'alert-danger', 'p')).toEqual(['Wrong login/password']);
    expect((await new Browser(srv.url).login(login, 'sec-pw-2')).location).toBe('/my');
  });

  it('"Log out from all devices" checks the password, then ends every session of the user', async () => {
    const { b, login } = await securityUser('revoke');
    const other = new Browser(srv.url);
    await other.login(login, 'sec-pw-1');
    const wrong = await b.submit('/my/security', { op: 'revoke_all_sessions', password: 'nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toMatch(/class="modal show d-block" id="portal_revoke_all_sessions_modal"/);
    expect(byClass(wrong.text, 'invalid-feedback').filter(Boolean)).toEqual(['Check failed']);
    expect((await other.get('/my')).status).toBe(200);
    const ok = await b.submit('/my/security', { op: 'revoke_all_sessions', password: 'sec-pw-1' });
    expect([ok.status, ok.location]).toEqual([303, '/web/login']);
    expect((await b.get('/my')).status).toBe(303);
    expect((await other.get('/my')).status).toBe(303);
    expect((await new Browser(srv.url).login(login, 'sec-pw-1')).location).toBe('/my');
  });
});

describe('/my/deactivate_account', () => {
  it('is POST only', async () => {
    const b = new Browser(srv.url);
    await b.login('portal', 'portal');
    const r = await b.get('/my/deactivate_account');
    expect(r.status).toBe(405);
  });

  it('refuses a wrong validation or password (modal re-opened) and non-portal users', async () => {
    const email = await newUserLogin('keepme');
    const { login } = await admin.portalUser('Keep Me', email, 'keep-pw-1');
    const b = new Browser(srv.url);
    await b.login(login, 'keep-pw-1');
    const badValidation = await b.submit('/my/security', { validation: 'someone-else', password: 'keep-pw-1' }, '/my/deactivate_account');
    expect(badValidation.status).toBe(200);
    expect(badValidation.text).toMatch(/class="modal show d-block" id="portal_deactivate_account_modal"/);
    expect(byClass(badValidation.text, 'invalid-feedback').filter(Boolean)).toEqual([`You should enter "${login}" to validate your action.`]);
    const badPassword = await b.submit('/my/security', { validation: login, password: 'wrong' }, '/my/deactivate_account');
    expect(byClass(badPassword.text, 'invalid-feedback').filter(Boolean)).toEqual(['Wrong password.']);
    const form = /<form action="\/my\/deactivate_account"[\s\S]*?<\/form>/.exec(badPassword.text)![0];
    expect(inputTag(form, 'password')).toMatch(/is-invalid/);
    expect(inputTag(form, 'validation')).not.toMatch(/is-invalid/);
    // CSRF
    expect((await b.post('/my/deactivate_account', { validation: login, password: 'keep-pw-1' })).status).toBe(400);
    const [u] = await admin.kw('res.users', 'search_read', [[['login', '=', login]], ['active']]);
    expect(u.active).toBe(true);

    // an internal user is refused (_deactivate_portal_user raises AccessDenied)
    const demo = new Browser(srv.url);
    await demo.login('demo', 'demo');
    const r = await demo.submit('/my/security', { validation: 'demo', password: 'demo' }, '/my/deactivate_account');
    expect(r.status).toBe(200);
    // the Delete Account section is for portal users only: the error has nowhere to show
    expect(r.text).not.toMatch(/portal_deactivate_account_form/);
    expect((await demo.get('/web')).status).toBe(200);
    const [d] = await admin.kw('res.users', 'search_read', [[['login', '=', 'demo']], ['active']]);
    expect(d.active).toBe(true);
  });

  it('deletes the account: archived user and partner, login renamed, note, logged out, "Account deleted!"', async () => {
    const email = await newUserLogin('deleteme');
    const { login, userId, partnerId } = await admin.portalUser('Delete Me', email, 'del-pw-1');
    // an API key of the user (created in-process: portal users need portal.allow_api_keys and an identity check)
    const db = srv.app.dbm.get(srv.db);
    db.cr.transaction(() => db.env(1).model('res.users.apikeys')._generate(null, 'my script', userId));
    const keyCount = () => db.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM res_users_apikeys WHERE user_id = ?', [userId])!.n;
    expect(keyCount()).toBe(1);
    const b = new Browser(srv.url);
    await b.login(login, 'del-pw-1');
    const other = new Browser(srv.url);
    await other.login(login, 'del-pw-1');
    const r = await b.submit('/my/security', { validation: login, password: 'del-pw-1', request_blacklist: 'on' }, '/my/deactivate_account');
    expect([r.status, r.location]).toEqual([303, '/web/login?message=Account%20deleted%21']);
    const page = await b.get(r.location!);
    expect(byClass(page.text, 'alert-success', 'p')).toEqual(['Account deleted!']);
    expect((await b.get('/my')).status).toBe(303);
    expect((await other.get('/my')).status).toBe(303);
    const [u] = await admin.kw('res.users', 'read', [[userId], ['active', 'login']], { context: { active_test: false } });
    expect(u.active).toBe(false);
    expect(u.login).toMatch(new RegExp(`^__deleted_user_${userId}_\\d+(\\.\\d+)?$`));
    const [p] = await admin.kw('res.partner', 'read', [[partnerId], ['active']], { context: { active_test: false } });
    expect(p.active).toBe(false);
    expect(keyCount()).toBe(0);
    const notes = await admin.kw('mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', partnerId]], ['body']]);
    expect(notes.map((n: { body: string }) => n.body)).toContain(`<p>Archived because Delete Me (#${userId}) deleted the portal account</p>`);
    expect(byClass((await new Browser(srv.url).login(login, 'del-pw-1')).text, 'alert-danger', 'p')).toEqual(['Wrong login/password']);
  });
});

describe('emulator outbox', () => {
  it('JSON: newest first, filters, parsed links; HTML list and mail pages', async () => {
    const email = await newUserLogin('outbox');
    await admin.grantPortal('Out Box', email);
    await admin.kw('res.users', 'reset_password', [[], email]);
    const mails = await outbox(srv, { to: email.toUpperCase() });
    expect(mails.map((m) => m.subject)).toEqual(['Password reset', 'Your account at YourCompany']);
    expect(mails[0].id).toBeGreaterThan(mails[1].id);
    const [reset, invite] = mails;
    for (const k of ['id', 'create_date', 'state', 'email_from', 'email_to', 'subject', 'body_html', 'body_text', 'model', 'res_id', 'template_xmlid', 'links']) {
      expect([k, k in reset]).toEqual([k, true]);
    }
    expect(invite.state).toBe('sent');
    expect(invite.model).toBe('portal.wizard.user');
    expect(invite.email_to).toBe(`"Out Box" <${email}>`);
    expect(invite.template_xmlid).toBe('portal.mail_template_data_portal_welcome');
    expect(invite.body_text).toContain(`An account has been created for you with the following login: ${email}`);
    expect(invite.body_text).not.toMatch(/<[a-z]/);
    const activate = invite.links.find((l) => l.text === 'Activate Account')!;
    expect(activate).toMatchObject({ db: srv.db, login: null, redirect: null });
    expect(activate.token).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(activate.url).toContain(`token=${activate.token}`);
    expect(reset.links.find((l) => l.text === 'Change password')!.token).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await outbox(srv, { to: email, limit: '1' })).toHaveLength(1);
    expect(await outbox(srv, { to: email, subject: 'password' })).toHaveLength(1);
    expect((await fetch(`${srv.url}/emulator/outbox.json?db=no_such_db`)).status).toBe(404);
    expect((await outbox(srv, { db: srv.db, to: email })).length).toBe(2);

    const list = await (await fetch(`${srv.url}/emulator/outbox?to=${encodeURIComponent(email)}`)).text();
    expect(list).toContain(`href="/emulator/outbox/${invite.id}"`);
    expect(textOf(list)).toContain('Your account at YourCompany');
    const one = await fetch(`${srv.url}/emulator/outbox/${invite.id}`);
    expect(one.status).toBe(200);
    const html = await one.text();
    expect(html).toMatch(/<iframe class="o_outbox_body[^"]*" sandbox="[^"]*" srcdoc="/);
    expect(decode(/srcdoc="([^"]*)"/.exec(html)![1])).toContain('Activate Account');
    expect((await fetch(`${srv.url}/emulator/outbox/999999`)).status).toBe(404);
    // read-only
    expect((await fetch(`${srv.url}/emulator/outbox.json`, { method: 'POST' })).status).toBe(404);
  });
});

describe('static files', () => {
  it('serves the self-contained stylesheet and script', async () => {
    const css = await fetch(`${srv.url}/web/static/emulator.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const text = await css.text();
    expect(text).toContain('.oe_login_buttons');
    expect(text).not.toMatch(/@import|url\(\s*['"]?https?:/);
    const js = await fetch(`${srv.url}/web/static/emulator.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${srv.url}/web/static/nope.css`)).status).toBe(404);
  });

  it('the JSON login still works next to the HTML one', async () => {
    const c = new JsonClient(srv.url);
    const body = await c.call('/web/session/authenticate', { db: srv.db, login: 'portal', password: 'portal' });
    expect(body.result.uid).toBeGreaterThan(0);
  });
});

/* Security and reset mails (portal.md §2.3, §4.3, §6.3). */
describe('mails of portal.md §2.3 / §6.3', () => {
  it('§4.3/§6.3: a password change queues "Security Update: Password Changed" (res.users.write, not force-sent)', async () => {
    const email = await newUserLogin('secmail');
    const { login } = await admin.portalUser('Sec Mail', email, 'secmail-pw-1');
    const b = new Browser(srv.url);
    await b.login(login, 'secmail-pw-1');
    // admin setting the password already notified once (Odoo: any write of 'password')
    const before = (await outbox(srv, { to: email, subject: 'Security Update' })).length;
    const r = await b.submit('/my/security', { op: 'password', old: 'secmail-pw-1', new1: 'secmail-pw-2', new2: 'secmail-pw-2' });
    expect(byClass(r.text, 'alert-success', 'div')).toEqual(['Password Updated!']);
    const mails = await outbox(srv, { to: email, subject: 'Security Update' });
    expect(mails.length).toBe(before + 1);
    expect([mails[0].subject, mails[0].state]).toEqual(['Security Update: Password Changed', 'outgoing']);
  });

  it('§2.3: the "Password reset" mail is sent from the company (company.email_formatted)', async () => {
    const email = await newUserLogin('resetfrom');
    const { login } = await admin.portalUser('Reset From', email, 'resetfrom-pw-1');
    await new Browser(srv.url).submit('/web/reset_password', { login });
    const [mail] = await outbox(srv, { to: email, subject: 'Password reset' });
    const [company] = await admin.kw('res.company', 'read', [[1], ['name', 'email']]);
    expect(mail.email_from).toBe(`"${company.name}" <${company.email}>`);
  });
});
