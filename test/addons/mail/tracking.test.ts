/**
 * Field tracking as Odoo 17 does it (values recorded on the reference server): a write logs one
 * message per record with a mail.tracking.value per changed tracked field, at the end of the
 * call; changing the responsible (user_id) subscribes them and mails them the assignment; the
 * followers get the notification mail of the next discussion message. Over JSON-RPC and with
 * Python's xmlrpc.client.
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { py } from '../../integration/helpers';
import { ok, outbox } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const TV_FIELDS = ['field_id', 'old_value_char', 'new_value_char', 'old_value_integer', 'new_value_integer'];

async function lastMessage(pid: number): Promise<any> {
  const [m] = await ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['body', 'message_type', 'subtype_id', 'author_id', 'tracking_value_ids', 'is_internal', 'notification_ids']], { limit: 1 });
  return m;
}

async function trackingValues(ids: number[]): Promise<any[]> {
  return ok(srv, 'admin', 'mail.tracking.value', 'read', [ids, TV_FIELDS]);
}

test('a customer follows a contact, a tracked field changes, the follower gets the notification mail of the next discussion', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Tracked Contact', email: 'tracked@example.com' }]);
  const follower = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Tracked Follower', email: 'tracked.follower@example.com' }]);
  expect(await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [follower] })).toBe(true);

  // three tracked fields in one write: one message, values ordered as Odoo creates them
  // (by descending tracking sequence, then name: phone (2), name (1), email (1))
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { email: 'tracked2@example.com', name: 'Tracked Contact 2', phone: '123', comment: '<p>not tracked</p>' }]);
  const tracking = await lastMessage(pid);
  expect(tracking).toMatchObject({ body: '', message_type: 'notification', subtype_id: [2, 'Note'], author_id: [3, 'YourCompany, Mitchell Admin'], is_internal: true, notification_ids: [] });
  const values = await trackingValues(tracking.tracking_value_ids);
  expect(values.map((v) => [v.field_id[1], v.old_value_char, v.new_value_char])).toEqual([
    ['Email (Contact)', 'tracked@example.com', 'tracked2@example.com'],
    ['Name (Contact)', 'Tracked Contact', 'Tracked Contact 2'],
    ['Phone (Contact)', false, '123'],
  ]);
  expect(tracking.tracking_value_ids).toEqual([...tracking.tracking_value_ids].sort((a, b) => b - a));
  // a tracking message notifies nobody: the follower got no mail yet
  expect(await outbox(srv, { to: 'tracked.follower@example.com' })).toEqual([]);

  // a discussion message reaches the follower by email
  const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'Your address changed', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
  const [mail] = await outbox(srv, { to: 'tracked.follower@example.com' });
  expect(mail).toMatchObject({ subject: 'Tracked Contact 2', state: 'sent', email_from: '"Mitchell Admin" <admin@yourcompany.example.com>', recipients: ['"Tracked Follower" <tracked.follower@example.com>'], model: 'res.partner', res_id: pid, message_type: 'comment' });
  expect(mail.body_text).toContain('Your address changed');
  const notifs = await ok(srv, 'admin', 'mail.notification', 'search_read', [[['mail_message_id', '=', mid]], ['res_partner_id', 'notification_type', 'notification_status']]);
  expect(notifs.map((n: any) => [n.res_partner_id[0], n.notification_type, n.notification_status])).toEqual([[follower, 'email', 'sent']]);
});

test('writing no change logs nothing; an address change tracks the inline address', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Tracked Address' }]);
  const created = await lastMessage(pid);
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { name: 'Tracked Address' }]);
  expect((await lastMessage(pid)).id).toBe(created.id);
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { street: '1 Main St', city: 'Town' }]);
  const m = await lastMessage(pid);
  const [tv] = await trackingValues(m.tracking_value_ids);
  expect([tv.field_id[1], tv.old_value_char, tv.new_value_char]).toEqual(['Inlined Complete Address (Contact)', '', '1 Main St, Town  ']);
});

test('a new responsible (user_id) is subscribed and mailed "You have been assigned to ..."; the change itself is tracked after', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Tracked Assign' }]);
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { user_id: 6, vat: 'BE0477472701' }]);
  const msgs = await ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['body', 'message_type', 'subject', 'partner_ids', 'record_name', 'email_layout_xmlid', 'tracking_value_ids']], { limit: 2 });
  // the assignment notice comes first, the tracking at the end of the call
  expect(msgs[1]).toMatchObject({
    message_type: 'user_notification', subject: 'You have been assigned to Tracked Assign', partner_ids: [7], record_name: 'Tracked Assign', email_layout_xmlid: 'mail.mail_notification_layout',
    body: '<span><span>Dear Marc Demo,</span>\n    <br><br>\n    <span style="margin-top:8px">You have been assigned to the Contact Tracked Assign.</span>\n    <br></span>',
  });
  const values = await trackingValues(msgs[0].tracking_value_ids);
  expect(values.map((v) => [v.field_id[1], v.old_value_char, v.new_value_char, v.old_value_integer, v.new_value_integer])).toEqual([
    ['Salesperson (Contact)', '', 'Marc Demo', 0, 6],
    ['Tax ID (Contact)', false, 'BE0477472701', 0, 0],
  ]);
  const fols = await ok(srv, 'admin', 'mail.followers', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]], ['partner_id', 'subtype_ids']]);
  expect(fols.map((f: any) => [f.partner_id[0], f.subtype_ids])).toEqual([[3, [1]], [7, [1]]]);
  const [mail] = await outbox(srv, { subject: 'You have been assigned to Tracked Assign' });
  expect(mail.recipients).toEqual(['"Marc Demo" <mark.brown23@example.com>']);
  expect(mail.body_html).toContain('You have been assigned to the Contact Tracked Assign.');
  expect(mail.body_html).toContain(`/mail/view?model=res.partner&amp;res_id=${pid}`);
  expect(mail.body_text).toContain('Internal communication: Replying will post an internal note.');
  // assigning oneself sends nothing
  const before = (await outbox(srv)).length;
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { user_id: 2 }]);
  expect((await outbox(srv)).length).toBe(before);
});

test('mail_notrack and tracking_disable in the context skip tracking; mail_create_nolog skips the creation log', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Untracked' }], { context: { mail_create_nolog: true, mail_create_nosubscribe: true } });
  expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_ids', 'message_follower_ids']])).toEqual([{ id: pid, message_ids: [], message_follower_ids: [] }]);
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { name: 'Untracked 2' }], { context: { mail_notrack: true } });
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { name: 'Untracked 3' }], { context: { tracking_disable: true } });
  expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_ids']])).toEqual([{ id: pid, message_ids: [] }]);
});

test('over XML-RPC (xmlrpc.client): subscribe, tracked write, post, read back', async () => {
  const out = await py(`
    pid = admin('res.partner', 'create', [{'name': 'XML Tracked', 'email': 'xml.tracked@example.com'}])
    sub = admin('res.partner', 'message_subscribe', [[pid]], {'partner_ids': [7]})
    admin('res.partner', 'write', [[pid], {'phone': '555'}])
    msg = admin('mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['tracking_value_ids']], {'limit': 1})[0]
    tv = admin('mail.tracking.value', 'read', [msg['tracking_value_ids'], ['field_id', 'new_value_char']])
    posted = admin('res.partner', 'message_post', [[pid]], {'body': 'xml', 'message_type': 'comment', 'subtype_xmlid': 'mail.mt_comment'})
    unsub = call(lambda: admin('res.partner', 'message_unsubscribe', [[pid]], {'partner_ids': [7]}))
    sched = call(lambda: admin('res.partner', 'activity_schedule', [[pid], 'mail.mail_activity_data_todo'], {'summary': 'xml'}))
    out({'sub': sub, 'tv': [[t['field_id'][1], t['new_value_char']] for t in tv], 'posted': type(posted).__name__,
         'notified': admin('mail.message', 'read', [[posted], ['notification_ids']])[0]['notification_ids'] != [],
         'unsub': unsub.get('faultString', '').splitlines()[-1],
         'sched': sched.get('faultString', '').splitlines()[-1],
         'activities': admin('mail.activity', 'search_count', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]]])})
  `, { url: srv.url, db: srv.db });
  // message_unsubscribe answers None and activity_schedule a recordset, which XML-RPC cannot
  // marshal (Odoo's faults, after the call was committed: the activity exists)
  expect(out).toEqual({
    sub: true, tv: [['Phone (Contact)', '555']], posted: 'int', notified: true, unsub: 'TypeError: cannot marshal None unless allow_none is enabled',
    sched: "TypeError: cannot marshal <class 'odoo.api.mail.activity'> objects", activities: 1,
  });
});
