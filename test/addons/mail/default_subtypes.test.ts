/**
 * Default subscriptions over JSON-RPC: new followers get the model's default subtypes, customers
 * (partner_share) only the public ones, archived partners are not subscribed, and a subtype
 * created or removed between two subscriptions counts at once (Odoo 17:
 * mail_followers.py _add_default_followers, mail_thread.py message_subscribe, the ormcache of
 * mail_message_subtype.py _default_subtypes cleared by subtype create/unlink). The emulator keeps
 * the default subtypes and the user's partner across calls; these tests fail if a kept value
 * outlives the change of its table.
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { ok } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const DEMO_PARTNER = 7;
const PORTAL_PARTNER = 8;
const ADMIN_PARTNER = 3;

async function followers(resId: number): Promise<Array<[number, number[]]>> {
  const rows = await ok(srv, 'admin', 'mail.followers', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', resId]], ['partner_id', 'subtype_ids']], { order: 'id' });
  return rows.map((f: any) => [f.partner_id[0], f.subtype_ids]);
}

test('new followers get the default subtypes of the moment, customers only the public ones, archived partners none', async () => {
  const discussions = 1;
  // an internal subtype subscribed by default on contacts
  const internal = await ok(srv, 'admin', 'mail.message.subtype', 'create', [{ name: 'Default internal (followers test)', res_model: 'res.partner', default: true, internal: true }]);
  try {
    const doc = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Followed contact' }]);
    const customer = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Following customer', email: 'following.customer@example.com' }]);
    const archived = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Archived follower', active: false }]);
    // the creator follows with every default subtype
    expect(await followers(doc)).toEqual([[ADMIN_PARTNER, [discussions, internal]]]);

    expect(await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[doc]], { partner_ids: [customer, DEMO_PARTNER, archived, customer, 999999] })).toBe(true);
    expect(await followers(doc)).toEqual([
      [ADMIN_PARTNER, [discussions, internal]], [DEMO_PARTNER, [discussions, internal]], [customer, [discussions]],
    ]);

    // a public default subtype created now: the next subscriptions get it
    const pub = await ok(srv, 'admin', 'mail.message.subtype', 'create', [{ name: 'Default public (followers test)', res_model: 'res.partner', default: true }]);
    try {
      expect(await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[doc]], { partner_ids: [PORTAL_PARTNER] })).toBe(true);
      expect((await followers(doc)).at(-1)).toEqual([PORTAL_PARTNER, [discussions, pub]]);
      const doc2 = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Second followed contact' }]);
      await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[doc2]], { partner_ids: [customer, DEMO_PARTNER] });
      expect(await followers(doc2)).toEqual([
        [ADMIN_PARTNER, [discussions, internal, pub]], [DEMO_PARTNER, [discussions, internal, pub]], [customer, [discussions, pub]],
      ]);
    } finally {
      await ok(srv, 'admin', 'mail.message.subtype', 'unlink', [[pub]]);
    }
  } finally {
    await ok(srv, 'admin', 'mail.message.subtype', 'unlink', [[internal]]);
  }
  // both removed: a new contact's creator follows Discussions only
  const doc3 = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Third followed contact' }]);
  expect(await followers(doc3)).toEqual([[ADMIN_PARTNER, [discussions]]]);
});

test('the author of a message is the partner of the user at the time of the post, with its name of the moment', async () => {
  const doc = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Authored contact' }]);
  const first = await ok(srv, 'demo', 'res.partner', 'message_post', [[doc]], { body: 'before', message_type: 'comment' });
  // the demo user gets another partner: later posts are authored by it
  const other = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Demo second identity', email: 'demo.second@example.com' }]);
  const demoUid = 6;
  await ok(srv, 'admin', 'res.users', 'write', [[demoUid], { partner_id: other }]);
  try {
    const second = await ok(srv, 'demo', 'res.partner', 'message_post', [[doc]], { body: 'after', message_type: 'comment' });
    // and a renamed author signs with its new name
    await ok(srv, 'admin', 'res.partner', 'write', [[other], { name: 'Demo renamed identity' }]);
    const third = await ok(srv, 'demo', 'res.partner', 'message_post', [[doc]], { body: 'renamed', message_type: 'comment' });
    const msgs = await ok(srv, 'admin', 'mail.message', 'read', [[first, second, third], ['author_id', 'email_from']]);
    expect(msgs.map((m: any) => [m.id, m.author_id[0], m.email_from])).toEqual([
      [first, DEMO_PARTNER, '"Marc Demo" <mark.brown23@example.com>'],
      [second, other, '"Demo second identity" <demo.second@example.com>'],
      [third, other, '"Demo renamed identity" <demo.second@example.com>'],
    ]);
  } finally {
    await ok(srv, 'admin', 'res.users', 'write', [[demoUid], { partner_id: DEMO_PARTNER }]);
  }
});

test('a record created with a responsible: the creator follows once, another responsible is subscribed too and told', async () => {
  const own = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Created with own responsible', user_id: 2 }]);
  expect(await followers(own)).toEqual([[ADMIN_PARTNER, [1]]]);
  const other = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Created with demo responsible', user_id: 6 }]);
  expect(await followers(other)).toEqual([[ADMIN_PARTNER, [1]], [DEMO_PARTNER, [1]]]);
  const notices = await ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', 'in', [own, other]], ['message_type', '=', 'user_notification']], ['res_id', 'subject', 'partner_ids']]);
  expect(notices.map((m: any) => [m.res_id, m.subject, m.partner_ids])).toEqual([[other, 'You have been assigned to Created with demo responsible', [DEMO_PARTNER]]]);
  // the creator not following (mail_create_nosubscribe): its own responsibility subscribes it
  const quiet = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Created without creator follower', user_id: 2 }], { context: { mail_create_nosubscribe: true } });
  expect(await followers(quiet)).toEqual([[ADMIN_PARTNER, [1]]]);
});
