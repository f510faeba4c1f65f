/**
 * Issue 11, wire difference: the portal wizard normalizes emails strictly (Odoo 17's
 * email_normalize(strict=True)): a text holding two addresses is not a valid email, its
 * email_state is 'ko' and granting access fails with the "does not have a valid email" error.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { rpc } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

test('"two@example.com, three@example.com" is not one valid email', async () => {
  const pid = (await rpc(srv, 'admin', 'res.partner', 'create', [{ name: 'Two Three', email: 'two@example.com, three@example.com' }])).result;
  const action = (await rpc(srv, 'admin', 'portal.wizard', 'action_open_wizard', [], { context: { active_ids: [pid], active_model: 'res.partner' } })).result;
  const [wizard] = (await rpc(srv, 'admin', 'portal.wizard', 'read', [[action.res_id], ['user_ids']])).result;
  const [line] = (await rpc(srv, 'admin', 'portal.wizard.user', 'read', [wizard.user_ids, ['email', 'email_state']])).result;
  expect(line).toMatchObject({ email: 'two@example.com, three@example.com', email_state: 'ko' });
  expect((await rpc(srv, 'admin', 'portal.wizard.user', 'action_grant_access', [[line.id]])).error)
    .toEqual({ name: 'odoo.exceptions.UserError', message: 'The contact "Two Three" does not have a valid email.' });
  expect((await rpc(srv, 'admin', 'res.users', 'search_count', [[['partner_id', '=', pid]]], { context: { active_test: false } })).result).toBe(0);
});

test('one address with a display name is valid', async () => {
  const pid = (await rpc(srv, 'admin', 'res.partner', 'create', [{ name: 'Named', email: '"Named" <Named.One@Example.com>' }])).result;
  const action = (await rpc(srv, 'admin', 'portal.wizard', 'action_open_wizard', [], { context: { active_ids: [pid], active_model: 'res.partner' } })).result;
  const [wizard] = (await rpc(srv, 'admin', 'portal.wizard', 'read', [[action.res_id], ['user_ids']])).result;
  const [line] = (await rpc(srv, 'admin', 'portal.wizard.user', 'read', [wizard.user_ids, ['email_state']])).result;
  expect(line.email_state).toBe('ok');
});
