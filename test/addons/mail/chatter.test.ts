/**
 * mail.thread over JSON-RPC as Odoo 17 answers it (values recorded on the reference server):
 * the demo chatter, the creation log and the creator as follower, message_post in its forms
 * and errors, followers, notifications (inbox and email through the outbox), and what portal
 * and internal users may see of messages, followers and subtypes.
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { ok, outbox, ref, rpc } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const ADMIN_FROM = '"Mitchell Admin" <admin@yourcompany.example.com>';
const SECURITY_MSG = 'The requested operation cannot be completed due to security restrictions. Please contact your system administrator.\n\n';

async function newPartner(name: string, email: string | false = false): Promise<number> {
  return ok(srv, 'admin', 'res.partner', 'create', [{ name, email }]);
}

async function messagesOf(pid: number, fields: string[] = ['body', 'message_type', 'subtype_id', 'author_id', 'tracking_value_ids', 'is_internal']): Promise<any[]> {
  return ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], fields]);
}

describe('demo chatter of a fresh database', () => {
  test('subtypes, activity types and the demo messages are Odoo\'s (ids, types, authors)', async () => {
    expect(await ok(srv, 'admin', 'mail.message.subtype', 'search_read', [[], ['name', 'internal', 'default', 'sequence', 'track_recipients']]))
      .toEqual([
        { id: 1, name: 'Discussions', internal: false, default: true, sequence: 0, track_recipients: true },
        { id: 3, name: 'Activities', internal: true, default: false, sequence: 90, track_recipients: false },
        { id: 2, name: 'Note', internal: true, default: false, sequence: 100, track_recipients: true },
      ]);
    const types = await ok(srv, 'admin', 'mail.activity.type', 'search_read', [[], ['name', 'icon', 'delay_count', 'delay_label', 'category', 'active']], { context: { active_test: false } });
    expect(types.map((t: any) => [t.id, t.name, t.icon, t.delay_label, t.category, t.active])).toEqual([
      [1, 'Email', 'fa-envelope', '0 days', 'default', true], [2, 'Call', 'fa-phone', '2 days', 'phonecall', true],
      [3, 'Meeting', 'fa-users', '0 days', 'default', true], [4, 'To-Do', 'fa-tasks', '5 days', 'default', true],
      [5, 'Upload Document', 'fa-upload', '5 days', 'upload_file', true], [6, 'Exception', 'fa-warning', '0 days', 'default', false],
    ]);
    const colleen = await ref(srv, 'base.res_partner_address_28');
    const nicole = await ref(srv, 'base.res_partner_address_16');
    const demo = await ok(srv, 'admin', 'mail.message', 'search_read', [[['id', '<=', 16]], ['model', 'res_id', 'message_type', 'subtype_id', 'author_id']], { order: 'id' });
    expect(demo.map((m: any) => [m.id, m.model, m.res_id, m.message_type, m.subtype_id[0], m.author_id[0]])).toEqual([
      // 1 and 3-10 are discuss.channel messages (channels are not emulated: ids left unused)
      [2, 'res.partner', 2, 'notification', 2, 2],
      [11, 'res.partner', colleen, 'email', 1, 7], [12, 'res.partner', colleen, 'comment', 1, 3],
      [13, 'res.partner', colleen, 'sms', 2, 7], [14, 'res.partner', colleen, 'sms', 2, 3],
      [15, 'res.partner', colleen, 'sms', 2, 3], [16, 'res.partner', nicole, 'sms', 2, 3],
    ]);
    // message 2 is the tracking of mail's rename of the superuser's partner
    const [tv] = await ok(srv, 'admin', 'mail.tracking.value', 'search_read', [[['mail_message_id', '=', 2]], ['field_id', 'old_value_char', 'new_value_char']]);
    expect(tv).toMatchObject({ id: 1, old_value_char: 'System', new_value_char: 'OdooBot' });
    expect(tv.field_id[1]).toBe('Name (Contact)');
    const notifs = await ok(srv, 'admin', 'mail.notification', 'search_read', [[], ['mail_message_id', 'res_partner_id', 'notification_type', 'notification_status', 'failure_type']]);
    expect(notifs.map((n: any) => [n.id, n.mail_message_id[0], n.res_partner_id[0], n.notification_type, n.notification_status, n.failure_type])).toEqual([
      [1, 12, colleen, 'email', 'exception', 'mail_smtp'], [2, 14, colleen, 'sms', 'exception', 'sms_acc'],
      [3, 15, colleen, 'sms', 'sent', false], [4, 16, nicole, 'sms', 'exception', 'sms_credit'],
    ]);
    expect(await ok(srv, 'admin', 'mail.followers', 'search_count', [[]])).toBe(0);
    expect(await ok(srv, 'admin', 'res.users', 'read', [[1], ['notification_type']], { context: { active_test: false } })).toEqual([{ id: 1, notification_type: 'inbox' }]);
  });
});

describe('creating a record with a chatter', () => {
  test('logs "Contact created" and makes the creator a follower of the default subtypes', async () => {
    const pid = await newPartner('Chatter Create', 'create@example.com');
    const msgs = await messagesOf(pid, ['body', 'message_type', 'subtype_id', 'author_id', 'is_internal', 'record_name', 'email_from', 'reply_to', 'subject', 'parent_id', 'partner_ids']);
    expect(msgs).toEqual([{
      id: msgs[0].id, body: '<p>Contact created</p>', message_type: 'notification', subtype_id: [2, 'Note'], author_id: [3, 'YourCompany, Mitchell Admin'],
      is_internal: true, record_name: false, email_from: ADMIN_FROM, reply_to: ADMIN_FROM, subject: false, parent_id: false, partner_ids: [],
    }]);
    const fols = await ok(srv, 'admin', 'mail.followers', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]], ['partner_id', 'subtype_ids', 'name', 'email', 'is_active']]);
    expect(fols).toEqual([{ id: fols[0].id, partner_id: [3, 'YourCompany, Mitchell Admin'], subtype_ids: [1], name: 'Mitchell Admin', email: 'admin@yourcompany.example.com', is_active: true }]);
    const [p] = await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_ids', 'message_follower_ids', 'message_partner_ids', 'message_is_follower', 'has_message', 'message_needaction', 'message_has_error']]);
    expect(p).toEqual({ id: pid, message_ids: [msgs[0].id], message_follower_ids: [fols[0].id], message_partner_ids: [3], message_is_follower: true, has_message: true, message_needaction: false, message_has_error: false });
    // searchable like Odoo's computed thread fields
    expect(await ok(srv, 'admin', 'res.partner', 'search', [[['id', '=', pid], ['message_is_follower', '=', true], ['message_partner_ids', 'in', [3]], ['has_message', '=', true]]])).toEqual([pid]);
  });
});

describe('message_post', () => {
  let pid: number;
  let customer: number;
  beforeAll(async () => {
    pid = await newPartner('Chatter Post', 'post@example.com');
    customer = await newPartner('Chatter Customer', 'chatter.customer@example.com');
    // demo (internal user), Joel Willis (portal user) and a customer follow the contact
    expect(await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [7, 8, customer] })).toBe(true);
  });

  test('a str body is escaped; a comment notifies the followers of Discussions by email, grouped', async () => {
    const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: '<p>Hello <b>there</b></p>', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
    const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['body', 'message_type', 'subtype_id', 'author_id', 'is_internal', 'record_name', 'email_from', 'subject', 'parent_id', 'model', 'res_id', 'record_company_id', 'email_add_signature']]);
    expect(m).toEqual({
      id: mid, body: '<p>&lt;p&gt;Hello &lt;b&gt;there&lt;/b&gt;&lt;/p&gt;</p>', message_type: 'comment', subtype_id: [1, 'Discussions'], author_id: [3, 'YourCompany, Mitchell Admin'],
      // the notification mail's subject (the record's name) is written on its message, as in Odoo
      is_internal: false, record_name: 'Chatter Post', email_from: ADMIN_FROM, subject: 'Chatter Post', parent_id: false,
      model: 'res.partner', res_id: pid, record_company_id: [1, 'YourCompany'], email_add_signature: true,
    });
    const notifs = await ok(srv, 'admin', 'mail.notification', 'search_read', [[['mail_message_id', '=', mid]], ['res_partner_id', 'notification_type', 'notification_status', 'is_read', 'mail_mail_id']]);
    expect(notifs.map((n: any) => [n.res_partner_id[0], n.notification_type, n.notification_status, n.is_read])).toEqual([
      [7, 'email', 'sent', true], [8, 'email', 'sent', true], [customer, 'email', 'sent', true],
    ]);
    // one mail for the internal user (with the View button), one for the others
    const mails = await ok(srv, 'admin', 'mail.mail', 'search_read', [[['mail_message_id', '=', mid]], ['subject', 'email_to', 'recipient_ids', 'state', 'auto_delete', 'is_notification', 'body_html', 'references']], { order: 'id' });
    expect(mails.map((x: any) => [x.subject, x.email_to, x.recipient_ids, x.state, x.auto_delete, x.is_notification])).toEqual([
      ['Chatter Post', false, [7], 'sent', true, true], ['Chatter Post', false, [customer, 8], 'sent', true, true],
    ]);
    expect(mails[0].body_html).toContain(`/mail/view?model=res.partner&amp;res_id=${pid}`);
    expect(mails[0].body_html).toContain('&lt;p&gt;Hello &lt;b&gt;there&lt;/b&gt;&lt;/p&gt;');
    expect(mails[1].body_html).not.toContain('/mail/view');
    expect(notifs[0].mail_mail_id[0]).toBe(mails[0].id);
    // the outbox lists them by recipient
    const [forCustomer] = await outbox(srv, { to: 'chatter.customer@example.com' });
    expect(forCustomer).toMatchObject({ id: mails[1].id, subject: 'Chatter Post', email_from: ADMIN_FROM, recipients: ['"Joel Willis" <joel.willis63@example.com>', '"Chatter Customer" <chatter.customer@example.com>'] });
    expect(forCustomer.body_text).toContain('<p>Hello <b>there</b></p>');
  });

  test('defaults: a note (message_type notification, subtype Note) that notifies no follower', async () => {
    const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'plain note' });
    expect(await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['body', 'message_type', 'subtype_id', 'is_internal', 'notification_ids', 'subject']]))
      .toEqual([{ id: mid, body: '<p>plain note</p>', message_type: 'notification', subtype_id: [2, 'Note'], is_internal: false, notification_ids: [], subject: false }]);
  });

  test('body_is_html, subject and partner_ids: only the given partner is notified', async () => {
    const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: '<i>html</i>', body_is_html: true, subject: 'Subj', partner_ids: [customer] });
    const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['body', 'subject', 'partner_ids', 'notification_ids']]);
    expect(m).toMatchObject({ body: '<i>html</i>', subject: 'Subj', partner_ids: [customer] });
    expect(m.notification_ids).toHaveLength(1);
    const [mail] = await outbox(srv, { to: 'chatter.customer@example.com', subject: 'Subj' });
    expect(mail.subject).toBe('Subj');
  });

  test('the author of a comment follows the thread; inbox users get an inbox notification', async () => {
    const other = await newPartner('Chatter Inbox');
    // the demo user handles its notifications in Odoo (mail.group_mail_notification_type_inbox)
    await ok(srv, 'admin', 'res.users', 'write', [[6], { notification_type: 'inbox' }]);
    expect(await ok(srv, 'admin', 'res.users', 'read', [[6], ['notification_type']])).toEqual([{ id: 6, notification_type: 'inbox' }]);
    await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[other]], { partner_ids: [7] });
    // an archived partner (the superuser's) is not subscribed
    await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[other]], { partner_ids: [2] });
    const posted = await ok(srv, 'admin', 'res.partner', 'message_post', [[other]], { body: 'for the inbox', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
    const notifs = await ok(srv, 'admin', 'mail.notification', 'search_read', [[['mail_message_id', '=', posted]], ['res_partner_id', 'notification_type', 'notification_status', 'is_read', 'mail_mail_id']]);
    expect(notifs.map((n: any) => [n.res_partner_id[0], n.notification_type, n.notification_status, n.is_read, n.mail_mail_id])).toEqual([[7, 'inbox', 'sent', false, false]]);
    expect(await ok(srv, 'demo', 'res.partner', 'read', [[other], ['message_needaction', 'message_needaction_counter']])).toEqual([{ id: other, message_needaction: true, message_needaction_counter: 1 }]);
    expect(await ok(srv, 'demo', 'mail.message', 'search', [[['needaction', '=', true], ['id', '=', posted]]])).toEqual([posted]);
    // demo answers: it follows already; reading marks nothing, set_message_done does
    await ok(srv, 'demo', 'mail.message', 'set_message_done', [[posted]]);
    expect(await ok(srv, 'demo', 'res.partner', 'read', [[other], ['message_needaction']])).toEqual([{ id: other, message_needaction: false }]);
    // a comment by demo makes demo a follower (already) and notifies admin by email
    const reply = await ok(srv, 'demo', 'res.partner', 'message_post', [[other]], { body: 'reply', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[other], ['message_partner_ids']])).toEqual([{ id: other, message_partner_ids: [3, 7] }]);
    const replyNotifs = await ok(srv, 'admin', 'mail.notification', 'search_read', [[['mail_message_id', '=', reply]], ['res_partner_id', 'notification_type']]);
    expect(replyNotifs.map((n: any) => [n.res_partner_id[0], n.notification_type])).toEqual([[3, 'email']]);
    await ok(srv, 'admin', 'res.users', 'write', [[6], { notification_type: 'email' }]);
  });

  test('errors are Odoo\'s', async () => {
    const err = async (args: unknown[], kwargs: Record<string, unknown>) => (await rpc(srv, 'admin', 'res.partner', 'message_post', args, kwargs)).error;
    expect(await err([[pid], 'positional'], {})).toEqual({ name: 'builtins.TypeError', message: 'MailThread.message_post() takes 1 positional argument but 2 positional arguments (and 2 keyword-only arguments) were given' });
    expect(await err([[pid]], { body: 'x', model: 'res.partner' })).toEqual({ name: 'builtins.ValueError', message: 'Those values are not supported when posting or notifying: model' });
    expect(await err([[pid]], { body: 'x', foo: 'bar' })).toEqual({ name: 'builtins.ValueError', message: 'Those values are not supported when posting or notifying: foo' });
    expect(await err([[pid, customer]], { body: 'x' })).toEqual({ name: 'builtins.ValueError', message: `Expected singleton: res.partner(${pid}, ${customer})` });
    expect(await err([[pid]], { body: 'x', message_type: 'user_notification' })).toEqual({ name: 'builtins.ValueError', message: 'Use message_notify to send a notification to an user.' });
    expect(await err([[pid]], { body: 'x', partner_ids: '3' })).toEqual({ name: 'builtins.ValueError', message: "Posting a message should receive partners as a list of IDs (received '3')" });
    expect(await err([[pid]], { body: 'x', attachment_ids: [[4, 1]] })).toEqual({ name: 'builtins.ValueError', message: 'Posting a message should receive attachments records as a list of IDs (received [[4, 1]])' });
  });
});

describe('followers', () => {
  test('message_subscribe with subtypes replaces them; message_unsubscribe removes; a portal user cannot follow what it cannot read', async () => {
    const pid = await newPartner('Chatter Follow');
    expect(await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [7], subtype_ids: [1, 2] })).toBe(true);
    let fols = await ok(srv, 'admin', 'mail.followers', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]], ['partner_id', 'subtype_ids']]);
    expect(fols.map((f: any) => [f.partner_id[0], f.subtype_ids])).toEqual([[3, [1]], [7, [1, 2]]]);
    await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [7], subtype_ids: [3] });
    fols = await ok(srv, 'admin', 'mail.followers', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid], ['partner_id', '=', 7]], ['subtype_ids']]);
    expect(fols[0].subtype_ids).toEqual([3]);
    // message_unsubscribe answers None (no result key over JSON-RPC)
    expect(await rpc(srv, 'admin', 'res.partner', 'message_unsubscribe', [[pid]], { partner_ids: [7] })).toEqual({ result: undefined });
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_partner_ids']])).toEqual([{ id: pid, message_partner_ids: [3] }]);
    // the same through message_partner_ids (its inverse subscribes and unsubscribes)
    await ok(srv, 'admin', 'res.partner', 'write', [[pid], { message_partner_ids: [[4, 7]] }]);
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_partner_ids']])).toEqual([{ id: pid, message_partner_ids: [3, 7] }]);
    // users following themselves: the demo user may, the portal user cannot read the contact (False)
    expect(await ok(srv, 'demo', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [7] })).toBe(true);
    expect(await ok(srv, 'portal', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [8] })).toBe(false);
    // the chatter's follower list (message_get_followers): each with its partner's format
    const listed = await ok(srv, 'demo', 'res.partner', 'message_get_followers', [[pid]]);
    expect(listed.map((f: any) => ({ ...f, id: typeof f.id, partner: { ...f.partner, write_date: typeof f.partner.write_date } }))).toEqual([
      { id: 'number', partner_id: 3, name: 'Mitchell Admin', display_name: 'YourCompany, Mitchell Admin', email: 'admin@yourcompany.example.com', is_active: true,
        partner: { id: 3, name: 'Mitchell Admin', email: 'admin@yourcompany.example.com', active: true, im_status: 'offline', is_company: false, write_date: 'string', user: { id: 2, isInternalUser: true }, type: 'partner' } },
      { id: 'number', partner_id: 7, name: 'Marc Demo', display_name: 'YourCompany, Marc Demo', email: 'mark.brown23@example.com', is_active: true,
        partner: { id: 7, name: 'Marc Demo', email: 'mark.brown23@example.com', active: true, im_status: 'offline', is_company: false, write_date: 'string', user: { id: 6, isInternalUser: true }, type: 'partner' } },
    ]);
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[2, 9], ['im_status']])).toEqual([{ id: 2, im_status: 'bot' }, { id: 9, im_status: 'im_partner' }]);
    expect(await rpc(srv, 'portal', 'mail.followers', 'search_read', [[], ['res_id']])).toEqual({ error: {
      name: 'odoo.exceptions.AccessError',
      message: "You are not allowed to access 'Document Followers' (mail.followers) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\t- User types/Internal User\n\nContact your administrator to request access if necessary.",
    } });
  });
});

describe('who sees which messages', () => {
  let pid: number;
  let created: number;
  let comment: number;
  beforeAll(async () => {
    pid = await newPartner('Chatter Access');
    [{ id: created }] = await messagesOf(pid);
    await ok(srv, 'admin', 'res.partner', 'message_subscribe', [[pid]], { partner_ids: [8] });
    comment = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'for the portal user', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
  });

  test('a portal user sees the messages it was notified of, never internal notes', async () => {
    const mine = await ok(srv, 'portal', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['body', 'subtype_id']]);
    expect(mine).toEqual([{ id: comment, body: '<p>for the portal user</p>', subtype_id: [1, 'Discussions'] }]);
    expect(await rpc(srv, 'portal', 'mail.message', 'read', [[created], ['body']])).toEqual({ error: {
      name: 'odoo.exceptions.AccessError', message: `${SECURITY_MSG}(Document type: Message, Operation: read) - (Records: [${created}], User: 7)`,
    } });
    // the contact itself is not readable, nor its followers field
    expect((await rpc(srv, 'portal', 'res.partner', 'read', [[pid], ['message_follower_ids']])).error?.message)
      .toBe('You do not have enough rights to access the fields "message_follower_ids" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)');
    expect(await ok(srv, 'portal', 'mail.message.subtype', 'search_read', [[], ['name']])).toEqual([{ id: 1, name: 'Discussions' }]);
    expect((await rpc(srv, 'portal', 'mail.tracking.value', 'search_read', [[], ['field_id']])).error?.message)
      .toBe("You are not allowed to access 'Mail Tracking Value' (mail.tracking.value) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.");
  });

  test('a portal user may filter threads by itself as follower only (mail.thread._flush_search)', async () => {
    expect(await ok(srv, 'portal', 'res.partner', 'search', [[['message_partner_ids', 'in', [8]]]])).toEqual([]);
    expect(await ok(srv, 'portal', 'res.partner', 'search', [['|', ['message_partner_ids', 'in', [8]], ['id', '=', 8]]])).toEqual([8]);
    expect(await ok(srv, 'portal', 'res.partner', 'read_group', [[['message_partner_ids', '=', 8]], ['id:count'], []])).toEqual([{ __count: 0, id: 0, __domain: [['message_partner_ids', '=', 8]] }]);
    for (const domain of [[['message_partner_ids', 'in', [8, 3]]], [['message_partner_ids', '!=', false]]]) {
      expect((await rpc(srv, 'portal', 'res.partner', 'search', [domain])).error?.message).toBe('Portal users can only filter threads by themselves as followers.');
    }
    // only top-level leaves are relaxed: a path through another field keeps the group check
    expect((await rpc(srv, 'portal', 'res.partner', 'search', [[['parent_id.message_partner_ids', 'in', [8]]]])).error?.message)
      .toBe('You do not have enough rights to access the fields "message_partner_ids" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)');
  });

  test('a portal user cannot post on a contact it may not modify (the document\'s access error)', async () => {
    const other = await newPartner('Chatter Refused');
    const before = await ok(srv, 'admin', 'res.partner', 'message_post', [[other]], { body: 'before' });
    expect(await rpc(srv, 'portal', 'res.partner', 'message_post', [[pid]], { body: 'from portal' })).toEqual({ error: {
      name: 'odoo.exceptions.AccessError',
      message: "You are not allowed to modify 'Contact' (res.partner) records.\n\nThis operation is allowed for the following groups:\n\t- Extra Rights/Contact Creation\n\nContact your administrator to request access if necessary.",
    } });
    // the refused message was inserted before the check: its id is used up, as in Odoo
    expect(await rpc(srv, 'portal', 'res.partner', 'message_post', [[other]], { body: 'from portal' })).toHaveProperty('error');
    expect(await ok(srv, 'admin', 'res.partner', 'message_post', [[other]], { body: 'after' })).toBe(before + 3);
  });

  test('an internal user sees the messages of the documents it may read', async () => {
    const ids = (await ok(srv, 'demo', 'mail.message', 'search', [[['model', '=', 'res.partner'], ['res_id', '=', pid]]]));
    expect(ids).toEqual([comment, created]);
    expect(await ok(srv, 'demo', 'res.partner', 'read', [[pid], ['message_ids', 'message_is_follower']])).toEqual([{ id: pid, message_ids: [comment, created], message_is_follower: false }]);
    const posted = await ok(srv, 'demo', 'res.partner', 'message_post', [[pid]], { body: 'from demo' });
    expect(await ok(srv, 'demo', 'mail.message', 'read', [[posted], ['author_id']])).toEqual([{ id: posted, author_id: [7, 'YourCompany, Marc Demo'] }]);
  });
});
