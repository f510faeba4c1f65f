/**
 * The "Grant portal access" wizard over RPC (portal.md §1): actions, Odoo 17's UserError texts,
 * the invitation mail and chatter notes, and what revoking does to the user.
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';

let srv: TestServer;
let c: JsonClient;

beforeAll(async () => {
  srv = await startTestServer();
  c = new JsonClient(srv.url);
});
afterAll(async () => { await srv.close(); });

async function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, login = 'admin', password = 'admin') {
  const uid = login === 'admin' ? 2 : login === 'demo' ? 6 : 7;
  const body = await c.service('object', 'execute_kw', srv.db, uid, password, model, method, args, kwargs);
  if (body.error) {
    const e = new Error(body.error.data.message) as Error & { data: unknown };
    e.data = body.error.data;
    throw e;
  }
  return body.result;
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return (e as { data: { name: string; message: string } }).data;
  }
  throw new Error('expected an error');
}

/** Open the wizard on partners (as the Contacts action does) and return its line ids by partner. */
async function openWizard(partnerIds: number[], login = 'admin', password = 'admin') {
  const action = await kw('portal.wizard', 'action_open_wizard', [], { context: { active_ids: partnerIds, active_model: 'res.partner' } }, login, password);
  const [wiz] = await kw('portal.wizard', 'read', [[action.res_id], ['user_ids', 'partner_ids']]);
  const lines = await kw('portal.wizard.user', 'read', [wiz.user_ids, ['partner_id', 'email', 'email_state', 'is_portal', 'is_internal', 'user_id']]);
  return { action, wizard: wiz, lines, line: (pid: number) => lines.find((l: { partner_id: [number, string] }) => l.partner_id[0] === pid) };
}

async function newPartner(name: string, email: string | false, extra: Record<string, unknown> = {}) {
  return kw('res.partner', 'create', [{ name, email, ...extra }]);
}

describe('portal.wizard', () => {
  it('opens as Odoo 17 does: an action dict on a saved wizard, one line per partner and its contacts', async () => {
    const co = await newPartner('PW Company', 'pw.company@example.com', { is_company: true });
    const contact = await newPartner('PW Contact', 'pw.contact@example.com', { parent_id: co });
    const invoice = await newPartner('PW Invoice', 'pw.invoice@example.com', { parent_id: co, type: 'invoice' });
    const { action, wizard, lines } = await openWizard([co]);
    expect(action).toEqual({ type: 'ir.actions.act_window', name: 'Portal Access Management', res_model: 'portal.wizard', view_mode: 'form', res_id: wizard.id, views: [[false, 'form']], target: 'new' });
    expect(new Set(wizard.partner_ids)).toEqual(new Set([co, contact]));
    expect(wizard.partner_ids).not.toContain(invoice);
    expect(lines.map((l: { email: string }) => l.email).sort()).toEqual(['pw.company@example.com', 'pw.contact@example.com']);
    expect(lines.every((l: { email_state: string; is_portal: boolean; user_id: unknown }) => l.email_state === 'ok' && !l.is_portal && l.user_id === false)).toBe(true);
  });

  it('grant: creates the user from the portal template (login = normalized email), mails the invitation, posts a note', async () => {
    const pid = await newPartner('Grant Me', 'Grant.Me@Example.COM');
    const { line } = await openWizard([pid]);
    const l = line(pid);
    const result = await kw('portal.wizard.user', 'action_grant_access', [[l.id]]);
    expect(result.res_model).toBe('portal.wizard');
    const [after] = await kw('portal.wizard.user', 'read', [[l.id], ['is_portal', 'user_id', 'email_state']]);
    expect(after.is_portal).toBe(true);
    const [user] = await kw('res.users', 'read', [[after.user_id[0]], ['login', 'active', 'share', 'groups_id', 'partner_id']]);
    const portalGroup = (await kw('ir.model.data', 'check_object_reference', ['base', 'group_portal']))[1];
    expect(user).toMatchObject({ login: 'grant.me@example.com', active: true, share: true, groups_id: [portalGroup] });
    expect(user.partner_id[0]).toBe(pid);
    // the partner's email is normalized too
    expect((await kw('res.partner', 'read', [[pid], ['email']]))[0].email).toBe('grant.me@example.com');
    const mails = await kw('mail.mail', 'search_read', [[['model', '=', 'portal.wizard.user'], ['res_id', '=', l.id]], ['subject', 'email_to', 'body_html', 'state']]);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Your account at YourCompany');
    expect(mails[0].email_to).toBe('"Grant Me" <grant.me@example.com>');
    expect(mails[0].body_html).toContain("Welcome to YourCompany's Portal!");
    expect(mails[0].body_html).toContain('An account has been created for you with the following login: grant.me@example.com');
    const link = /href="([^"]*\/web\/signup\?[^"]*)"/.exec(mails[0].body_html)![1];
    const url = new URL(link.replace(/&amp;/g, '&'));
    expect(url.searchParams.get('db')).toBe(srv.db);
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9]{20}$/);
    const notes = await kw('mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['body', 'subtype_id']]);
    // Odoo 17: the creation log, the note of mail's res.users, then the tracked email normalization
    expect(notes.map((n: { body: string }) => n.body)).toEqual(['', '<p>Portal Access Granted (grant.me@example.com)</p>', '<p>Contact created</p>']);
  });

  it('grant errors: invalid email, email of an existing user, already portal, internal user', async () => {
    const bad = await newPartner('No Mail', 'not-an-email');
    const dup = await newPartner('Dup Mail', 'demo');
    const { line } = await openWizard([bad, dup]);
    expect(line(bad).email_state).toBe('ko');
    expect(await errorOf(kw('portal.wizard.user', 'action_grant_access', [[line(bad).id]]))).toMatchObject({
      name: 'odoo.exceptions.UserError', message: 'The contact "No Mail" does not have a valid email.' });
    // 'demo' is not an email: invalid as well; use an existing login that is an email
    const taken = await newPartner('Taken', 'grant.me@example.com');
    const w2 = await openWizard([taken]);
    expect(w2.line(taken).email_state).toBe('exist');
    expect(await errorOf(kw('portal.wizard.user', 'action_grant_access', [[w2.line(taken).id]]))).toMatchObject({
      message: 'The contact "Taken" has the same email as an existing user' });
    // the demo user's partner is internal
    const w3 = await openWizard([7]);
    expect(w3.line(7).is_internal).toBe(true);
    await kw('res.partner', 'write', [[7], { email: 'marc.demo.unique@example.com' }]);
    const w4 = await openWizard([7]);
    expect(await errorOf(kw('portal.wizard.user', 'action_grant_access', [[w4.line(7).id]]))).toMatchObject({
      message: 'The partner "Marc Demo" already has the portal access.' });
  });

  it('revoke archives the user, moves it to Public, clears the token; re-grant re-activates it', async () => {
    const pid = await newPartner('Revoke Me', 'revoke.me@example.com');
    const w = await openWizard([pid]);
    await kw('portal.wizard.user', 'action_grant_access', [[w.line(pid).id]]);
    const [{ user_id: [uid] }] = await kw('portal.wizard.user', 'read', [[w.line(pid).id], ['user_id']]);
    await kw('portal.wizard.user', 'action_revoke_access', [[w.line(pid).id]]);
    const publicGroup = (await kw('ir.model.data', 'check_object_reference', ['base', 'group_public']))[1];
    const [u] = await kw('res.users', 'read', [[uid], ['active', 'groups_id']]);
    expect(u).toEqual({ id: uid, active: false, groups_id: [publicGroup] });
    const [p] = await kw('res.partner', 'read', [[pid], ['signup_token']]);
    expect(p.signup_token).toBe(false);
    const notes = await kw('mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['body']]);
    expect(notes[0].body).toBe('<p>Portal Access Revoked (revoke.me@example.com)</p>');
    // revoking again: not portal any more
    expect(await errorOf(kw('portal.wizard.user', 'action_revoke_access', [[w.line(pid).id]]))).toMatchObject({
      message: 'The partner "Revoke Me" has no portal access or is internal.' });
    // re-grant the archived user: same user, active and portal again
    const w2 = await openWizard([pid]);
    await kw('portal.wizard.user', 'action_grant_access', [[w2.line(pid).id]]);
    const [u2] = await kw('res.users', 'read', [[uid], ['active', 'share']]);
    expect(u2).toEqual({ id: uid, active: true, share: true });
  });

  it('revoking a non-portal (internal) user and re-inviting a non-portal partner are refused', async () => {
    const w = await openWizard([3]);
    expect(await errorOf(kw('portal.wizard.user', 'action_revoke_access', [[w.line(3).id]]))).toMatchObject({
      message: 'The partner "Mitchell Admin" has no portal access or is internal.' });
    const pid = await newPartner('Invite First', 'invite.first@example.com');
    const w2 = await openWizard([pid]);
    expect(await errorOf(kw('portal.wizard.user', 'action_invite_again', [[w2.line(pid).id]]))).toMatchObject({
      message: 'You should first grant the portal access to the partner "Invite First".' });
  });

  it('re-invite sends a second invitation with a valid token', async () => {
    const pid = await newPartner('Invite Twice', 'invite.twice@example.com');
    const w = await openWizard([pid]);
    await kw('portal.wizard.user', 'action_grant_access', [[w.line(pid).id]]);
    await kw('portal.wizard.user', 'action_invite_again', [[w.line(pid).id]]);
    const mails = await kw('mail.mail', 'search_read', [[['model', '=', 'portal.wizard.user'], ['res_id', '=', w.line(pid).id]], ['subject']]);
    expect(mails).toHaveLength(2);
  });

  it('after revoke the old credentials fail over RPC', async () => {
    const pid = await newPartner('Short Lived', 'short.lived@example.com');
    const w = await openWizard([pid]);
    await kw('portal.wizard.user', 'action_grant_access', [[w.line(pid).id]]);
    const [{ user_id: [uid] }] = await kw('portal.wizard.user', 'read', [[w.line(pid).id], ['user_id']]);
    // set a password the way signup would (admin writes it)
    await kw('res.users', 'write', [[uid], { password: 'pw-12345' }]);
    expect((await c.service('common', 'authenticate', srv.db, 'short.lived@example.com', 'pw-12345', {})).result).toBe(uid);
    await kw('portal.wizard.user', 'action_revoke_access', [[w.line(pid).id]]);
    expect((await c.service('common', 'authenticate', srv.db, 'short.lived@example.com', 'pw-12345', {})).result).toBe(false);
    const r = await c.service('object', 'execute_kw', srv.db, uid, 'pw-12345', 'res.partner', 'search', [[]]);
    expect(r.error.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
  });

  it('the row buttons work through /web/dataset/call_button as the web client presses them', async () => {
    const pid = await newPartner('Button User', 'button.user@example.com');
    const w = await openWizard([pid]);
    const web = new JsonClient(srv.url);
    await web.call('/web/session/authenticate', { db: srv.db, login: 'admin', password: 'admin' });
    const r = await web.call('/web/dataset/call_button', { model: 'portal.wizard.user', method: 'action_grant_access', args: [[w.line(pid).id]], kwargs: { context: {} } });
    expect(r.result).toMatchObject({ type: 'ir.actions.act_window', res_model: 'portal.wizard', res_id: w.wizard.id, target: 'new' });
    const [line] = await kw('portal.wizard.user', 'read', [[w.line(pid).id], ['is_portal']]);
    expect(line.is_portal).toBe(true);
    // a button error comes back as Odoo's JSON-RPC error
    const again = await web.call('/web/dataset/call_button', { model: 'portal.wizard.user', method: 'action_grant_access', args: [[w.line(pid).id]], kwargs: {} });
    expect(again.error.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'The partner "Button User" already has the portal access.' });
  });

  it('a portal user cannot use the wizard (ACL of group_partner_manager)', async () => {
    const err = await errorOf(kw('portal.wizard', 'action_open_wizard', [], { context: { active_ids: [8] } }, 'portal', 'portal'));
    expect(err.name).toBe('odoo.exceptions.AccessError');
    expect(err.message).toContain("You are not allowed to create 'Grant Portal Access' (portal.wizard) records.");
    expect(err.message).toContain('\t- Extra Rights/Contact Creation');
  });
});

describe('auth_signup over RPC', () => {
  it('settings through res.config.settings: execute writes the ir.config_parameter values', async () => {
    const id = await kw('res.config.settings', 'create', [{ auth_signup_uninvited: 'b2b', auth_signup_reset_password: false }]);
    expect(await kw('res.config.settings', 'execute', [[id]])).toEqual({ type: 'ir.actions.client', tag: 'reload' });
    expect(await kw('ir.config_parameter', 'get_param', ['auth_signup.invitation_scope'])).toBe('b2b');
    expect(await kw('ir.config_parameter', 'get_param', ['auth_signup.reset_password'])).toBe('False');
    const id2 = await kw('res.config.settings', 'create', [{ auth_signup_uninvited: 'b2c', auth_signup_reset_password: true }]);
    await kw('res.config.settings', 'execute', [[id2]]);
    expect(await kw('ir.config_parameter', 'get_param', ['auth_signup.invitation_scope'])).toBe('b2c');
    const err = await errorOf(kw('res.config.settings', 'create', [{}], {}, 'demo', 'demo'));
    expect(err.name).toBe('odoo.exceptions.AccessError');
  });

  it('reset_password sends the "Password reset" mail with a 24 h reset link; unknown login errors', async () => {
    expect(await kw('res.users', 'reset_password', [[], 'portal'])).toBe(true);
    const [mail] = await kw('mail.mail', 'search_read', [[['subject', '=', 'Password reset']], ['email_to', 'body_html']], { order: 'id desc', limit: 1 });
    expect(mail.email_to).toBe('joel.willis63@example.com');
    expect(mail.body_html).toContain('which will remain valid during 24 hours');
    expect(mail.body_html).toMatch(/\/web\/reset_password\?db=[^"&]+&(amp;)?token=[A-Za-z0-9]{20}/);
    const [p] = await kw('res.partner', 'read', [[8], ['signup_type', 'signup_expiration', 'signup_valid']]);
    expect(p.signup_type).toBe('reset');
    expect(p.signup_valid).toBe(true);
    const hours = (Date.parse(p.signup_expiration.replace(' ', 'T') + 'Z') - Date.now()) / 3600e3;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await errorOf(kw('res.users', 'reset_password', [[], 'nobody-here']))).toMatchObject({ name: 'builtins.Exception', message: 'No account found for this login' });
  });

  it('signup with a token sets the password of the invited user and invalidates the token', async () => {
    const pid = await newPartner('Token User', 'token.user@example.com');
    const w = await openWizard([pid]);
    await kw('portal.wizard.user', 'action_grant_access', [[w.line(pid).id]]);
    const db = srv.app.dbm.get(srv.db);
    const token = db.cr.get<{ t: string }>('SELECT signup_token AS t FROM res_partner WHERE id = ?', [pid])!.t;
    const env = db.env(1);
    const [login] = db.cr.transaction(() => env.model('res.users').signup({ password: 'secret-9', login: 'ignored', name: 'ignored' }, token));
    expect(login).toBe('token.user@example.com');
    expect((await c.service('common', 'authenticate', srv.db, 'token.user@example.com', 'secret-9', {})).result).toBeGreaterThan(0);
    expect(() => db.cr.transaction(() => env.model('res.users').signup({ password: 'x' }, token))).toThrow(`Signup token '${token}' is not valid`);
  });
});
