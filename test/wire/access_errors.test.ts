/**
 * Issue 11, wire differences in access errors. Every expected value was read on a real Odoo 17
 * (ref_default: base, web, mail, portal, auth_signup, auth_totp, auth_totp_portal, demo data).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { rpc, WebSession } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const RESOLUTION = '\n\nContact your administrator to request access if necessary.';
const aclError = (verb: string, desc: string, model: string, groups: string[]) => ({
  name: 'odoo.exceptions.AccessError',
  message: `You are not allowed to ${verb} '${desc}' (${model}) records.\n\n`
    + (groups.length ? `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}` : 'No group currently allows this operation.')
    + RESOLUTION,
});

describe('access rights come before business rules', () => {
  test('portal deleting a partner linked to an active user gets the AccessError', async () => {
    expect((await rpc(srv, 'portal', 'res.partner', 'unlink', [[3]])).error)
      .toEqual(aclError('delete', 'Contact', 'res.partner', ['Extra Rights/Contact Creation']));
  });

  test('admin still gets the business message', async () => {
    const r = await rpc(srv, 'admin', 'res.partner', 'unlink', [[3]]);
    expect(r.error?.name).toBe('odoo.exceptions.RedirectWarning');
    expect(r.error?.message).toContain('You cannot delete contacts linked to an active user.');
  });
});

describe('the groups listed are those of the ACL rows granting the operation', () => {
  test.each([
    ['ir.model.data', 'search_read', [[]], 'access', 'Model Data', ['Administration/Access Rights']],
    ['ir.model.fields', 'search_read', [[]], 'access', 'Fields', ['Administration/Access Rights']],
    ['mail.mail', 'search_read', [[]], 'access', 'Outgoing Mails', ['Administration/Settings']],
    ['res.country', 'write', [[1], {}], 'modify', 'Country', ['Administration/Settings']],
    ['res.lang', 'write', [[1], {}], 'modify', 'Languages', ['Administration/Settings']],
    ['mail.message.subtype', 'write', [[1], {}], 'modify', 'Message subtypes', ['Administration/Settings']],
    ['res.partner.title', 'create', [{}], 'create', 'Partner Title', ['Extra Rights/Contact Creation']],
    ['res.users.apikeys', 'unlink', [[999999]], 'delete', 'Users API Keys', []],
  ])('portal on %s.%s', async (model, method, args, verb, desc, groups) => {
    expect((await rpc(srv, 'portal', model, method, args as unknown[])).error).toEqual(aclError(verb, desc, model, groups));
  });

  test('internal users may not read ir.model.data either', async () => {
    expect((await rpc(srv, 'demo', 'ir.model.data', 'search', [[]])).error)
      .toEqual(aclError('access', 'Model Data', 'ir.model.data', ['Administration/Access Rights']));
  });
});

describe('field access errors', () => {
  test('a technical-features user reading totp_secret gets the detailed message', async () => {
    expect((await rpc(srv, 'admin', 'res.users', 'read', [[2], ['totp_secret']])).error).toEqual({
      name: 'odoo.exceptions.AccessError',
      message: 'The requested operation can not be completed due to security restrictions.\n\n'
        + 'Document type: User (res.users)\nOperation: read\nUser: 2\nFields:\n- totp_secret (always forbidden)',
    });
  });

  test('the detailed message names the groups a field is allowed for', async () => {
    expect((await rpc(srv, 'demo', 'res.partner', 'read', [[3], ['signup_token']])).error?.message)
      .toBe('The requested operation can not be completed due to security restrictions.\n\n'
        + "Document type: Contact (res.partner)\nOperation: read\nUser: 6\nFields:\n- signup_token (allowed for groups 'Administration / Access Rights')");
  });

  test('a portal user (no technical features) gets the short message', async () => {
    expect((await rpc(srv, 'portal', 'res.users', 'read', [[7], ['totp_secret']])).error?.message)
      .toBe('You do not have enough rights to access the fields "totp_secret" on User (res.users). Please contact your system administrator.\n\n(Operation: read)');
  });
});

describe('a portal user writing on their own user', () => {
  test('deactivating oneself is a UserError, raised before the access check', async () => {
    const web = await new WebSession(srv).login('portal');
    expect((await web.kw('res.users', 'write', [[web.uid], { active: false }])).error)
      .toEqual({ name: 'odoo.exceptions.UserError', message: "You cannot deactivate the user you're currently logged in as." });
  });

  test.each([[{ totp_secret: 'x' }], [{ groups_id: [[4, 1]] }], [{ share: false }], [{ tz: 'Europe/Brussels', login: 'portal' }]])(
    'forbidden fields %j: the ACL AccessError', async (vals) => {
      const web = await new WebSession(srv).login('portal');
      expect((await web.kw('res.users', 'write', [[web.uid], vals])).error).toEqual(aclError('modify', 'User', 'res.users', ['Administration/Access Rights']));
    });
});

describe('res.users.has_group is an @api.model method', () => {
  test('called with ids over RPC it is a TypeError', async () => {
    expect((await rpc(srv, 'admin', 'res.users', 'has_group', [[2], 'base.group_user'])).error)
      .toEqual({ name: 'builtins.TypeError', message: 'Users.has_group() takes 2 positional arguments but 3 were given' });
  });

  test('called without ids it answers for the calling user', async () => {
    expect((await rpc(srv, 'portal', 'res.users', 'has_group', ['base.group_user'])).result).toBe(false);
    expect((await rpc(srv, 'portal', 'res.users', 'has_group', ['base.group_portal'])).result).toBe(true);
  });

  test('errors: missing argument, unqualified external id', async () => {
    expect((await rpc(srv, 'admin', 'res.users', 'has_group', [])).error)
      .toEqual({ name: 'builtins.TypeError', message: "Users.has_group() missing 1 required positional argument: 'group_ext_id'" });
    expect((await rpc(srv, 'admin', 'res.users', 'has_group', ['nodot'])).error)
      .toEqual({ name: 'builtins.AssertionError', message: "External ID 'nodot' must be fully qualified" });
  });
});

describe('API keys for portal users', () => {
  test('the wizard opens after the identity check; making the key is what fails', async () => {
    const web = await new WebSession(srv).login('portal');
    const check = (await web.kw('res.users', 'api_key_wizard', [[web.uid]])).result;
    expect(check).toEqual({ type: 'ir.actions.act_window', res_model: 'res.users.identitycheck', res_id: check.res_id, name: 'Security Control', target: 'new', views: [[false, 'form']] });
    await web.kw('res.users.identitycheck', 'write', [[check.res_id], { password: 'portal' }]);
    expect((await web.kw('res.users.identitycheck', 'run_check', [[check.res_id]])).result)
      .toEqual({ type: 'ir.actions.act_window', res_model: 'res.users.apikeys.description', name: 'New API Key', target: 'new', views: [[false, 'form']] });
    const description = (await web.kw('res.users.apikeys.description', 'create', [{ name: 'wire key' }])).result;
    expect(typeof description).toBe('number');
    expect((await web.kw('res.users.apikeys.description', 'make_key', [[description]])).error)
      .toEqual({ name: 'odoo.exceptions.AccessError', message: 'Only internal users can create API keys' });
  });

  test('over XML-RPC make_key needs HTTP first (check_identity)', async () => {
    const description = (await rpc(srv, 'portal', 'res.users.apikeys.description', 'create', [{ name: 'rpc key' }])).result;
    expect((await rpc(srv, 'portal', 'res.users.apikeys.description', 'make_key', [[description]])).error)
      .toEqual({ name: 'odoo.exceptions.UserError', message: 'This method can only be accessed over HTTP' });
  });
});
