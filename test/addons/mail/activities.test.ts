/**
 * Activities as Odoo 17 answers them (values recorded on the reference server): scheduling one
 * on a contact (assignee notified and subscribed, the contact's activity fields), marking it
 * done (the message posted on the contact, the activity gone), schedule-next, defaults, the
 * mixin's activity_schedule, and who may see or change activities.
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { ok, outbox, rpc } from './helpers';

let srv: TestServer;
let partnerModel: number;
beforeAll(async () => {
  srv = await startTestServer();
  [partnerModel] = await ok(srv, 'admin', 'ir.model', 'search', [[['model', '=', 'res.partner']]]);
});
afterAll(async () => { await srv.close(); });

const ACTIVITY_FIELDS = ['activity_ids', 'activity_state', 'activity_date_deadline', 'activity_user_id', 'activity_type_id', 'activity_summary', 'activity_type_icon', 'activity_exception_decoration', 'activity_exception_icon', 'my_activity_date_deadline'];

async function schedule(pid: number, vals: Record<string, unknown>, login: 'admin' | 'demo' = 'admin'): Promise<number> {
  return ok(srv, login, 'mail.activity', 'create', [{ res_model_id: partnerModel, res_id: pid, ...vals }]);
}

describe('an activity on a contact', () => {
  let pid: number;
  let aid: number;
  beforeAll(async () => {
    pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Activity Contact' }]);
    aid = await schedule(pid, { summary: 'Call <back>', note: '<p>Some note</p>', user_id: 6, date_deadline: '2030-01-02', activity_type_id: 2 });
  });

  test('reads like Odoo\'s, and the contact shows it', async () => {
    const [a] = await ok(srv, 'admin', 'mail.activity', 'read', [[aid], ['res_model_id', 'res_model', 'res_id', 'res_name', 'activity_type_id', 'activity_category', 'activity_decoration', 'icon', 'summary', 'note', 'date_deadline', 'date_done', 'automated', 'user_id', 'state', 'chaining_type', 'can_write', 'active', 'display_name']]);
    expect(a).toEqual({
      id: aid, res_model_id: [partnerModel, 'Contact'], res_model: 'res.partner', res_id: pid, res_name: 'Activity Contact', activity_type_id: [2, 'Call'],
      activity_category: 'phonecall', activity_decoration: false, icon: 'fa-phone', summary: 'Call <back>', note: '<p>Some note</p>', date_deadline: '2030-01-02',
      date_done: false, automated: false, user_id: [6, 'Marc Demo'], state: 'planned', chaining_type: 'suggest', can_write: true, active: true, display_name: 'Call <back>',
    });
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ACTIVITY_FIELDS])).toEqual([{
      id: pid, activity_ids: [aid], activity_state: 'planned', activity_date_deadline: '2030-01-02', activity_user_id: [6, 'Marc Demo'], activity_type_id: [2, 'Call'],
      activity_summary: 'Call <back>', activity_type_icon: 'fa-phone', activity_exception_decoration: false, activity_exception_icon: false, my_activity_date_deadline: false,
    }]);
    expect(await ok(srv, 'demo', 'res.partner', 'read', [[pid], ['my_activity_date_deadline']])).toEqual([{ id: pid, my_activity_date_deadline: '2030-01-02' }]);
    expect(await ok(srv, 'admin', 'res.partner', 'search', [[['id', '=', pid], ['activity_state', '=', 'planned'], ['activity_user_id', '=', 6]]])).toEqual([pid]);
  });

  test('the assignee was told by a notification mail, and follows the contact', async () => {
    const [n] = await ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid], ['message_type', '=', 'user_notification']], ['body', 'subject', 'partner_ids', 'record_name']]);
    expect(n).toMatchObject({ subject: '"Activity Contact: Call <back>" assigned to you', partner_ids: [7], record_name: 'Activity Contact' });
    expect(n.body).toBe('<div style="margin:0px; padding:0px; font-size:13px">\n    Dear <span>Marc Demo</span>,\n    <br><br>\n    <p>\n'
      + '        <span>Mitchell Admin</span> has just assigned you the following activity:\n        </p><ul>\n'
      + '            <li>Document: "Activity Contact"\n                 (Contact)\n            </li>\n'
      + '            <li>Summary: <span>Call &lt;back&gt;</span></li>\n            <li>Deadline: <span>01/02/2030</span></li>\n        </ul>\n    \n</div>');
    const [mail] = await outbox(srv, { subject: '"Activity Contact: Call <back>" assigned to you' });
    expect(mail.recipients).toEqual(['"Marc Demo" <mark.brown23@example.com>']);
    expect(mail.body_text).toContain('Activity: Call\nDeadline: 01/02/2030');
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_partner_ids']])).toEqual([{ id: pid, message_partner_ids: [3, 7] }]);
  });

  test('action_feedback posts the done message on the contact and removes the activity', async () => {
    const mid = await ok(srv, 'admin', 'mail.activity', 'action_feedback', [[aid]], { feedback: 'Done it\nline2' });
    const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['body', 'message_type', 'subtype_id', 'mail_activity_type_id', 'author_id', 'notification_ids', 'is_internal', 'model', 'res_id']]);
    expect(m).toEqual({
      id: mid, message_type: 'notification', subtype_id: [3, 'Activities'], mail_activity_type_id: [2, 'Call'], author_id: [3, 'YourCompany, Mitchell Admin'],
      notification_ids: [], is_internal: false, model: 'res.partner', res_id: pid,
      body: '\n    <p>\n        <span class="fa fa-phone fa-fw"></span><span>Call</span> done\n         (originally assigned to <span>Marc Demo</span>)\n'
        + '        <span>: </span><span>Call &lt;back&gt;</span>\n    </p>\n    <div>\n            Done it\n            <br>\n            line2\n    </div>\n'
        + '    \n        <div class="o_mail_note_title"><strong>Original note:</strong></div>\n        <div><p>Some note</p></div>\n',
    });
    expect(await ok(srv, 'admin', 'mail.activity', 'search', [[['id', '=', aid]]], { context: { active_test: false } })).toEqual([]);
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['activity_ids', 'activity_state']])).toEqual([{ id: pid, activity_ids: [], activity_state: false }]);
  });
});

test('overdue activity, action_feedback_schedule_next\'s action, action_done of a To-Do, defaults', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Activity Next' }]);
  const late = await schedule(pid, { user_id: 2, date_deadline: '2020-01-02' });
  expect(await ok(srv, 'admin', 'mail.activity', 'read', [[late], ['activity_type_id', 'summary', 'state', 'display_name']])).toEqual([{ id: late, activity_type_id: false, summary: false, state: 'overdue', display_name: false }]);
  expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['activity_state', 'activity_user_id']])).toEqual([{ id: pid, activity_state: 'overdue', activity_user_id: [2, 'Mitchell Admin'] }]);
  expect(await ok(srv, 'admin', 'mail.activity', 'action_feedback_schedule_next', [[late]])).toEqual({
    name: 'Schedule an Activity', context: { default_previous_activity_type_id: false, activity_previous_deadline: '2020-01-02', default_res_id: pid, default_res_model: 'res.partner' },
    view_mode: 'form', res_model: 'mail.activity', views: [[false, 'form']], type: 'ir.actions.act_window', target: 'new',
  });
  const todo = await schedule(pid, { user_id: 2, date_deadline: '2030-01-02', activity_type_id: 4 });
  const mid = await ok(srv, 'admin', 'mail.activity', 'action_done', [[todo]]);
  expect(await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['body']])).toEqual([{ id: mid, body: '\n    <p>\n        <span class="fa fa-tasks fa-fw"></span><span>To-Do</span> done\n    </p>\n' }]);
  // no type given: none; deadline: today; a To-Do from the context's document model
  const bare = await schedule(pid, { user_id: 2 });
  const [b] = await ok(srv, 'admin', 'mail.activity', 'read', [[bare], ['activity_type_id', 'date_deadline', 'summary']]);
  // today as context_today gives it: no tz in the context, so the user's (the demo admin's Europe/Brussels)
  const [{ tz }] = await ok(srv, 'admin', 'res.users', 'read', [[2], ['tz']]);
  expect(tz).toBe('Europe/Brussels');
  const brusselsToday = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  expect(b).toEqual({ id: bare, activity_type_id: false, date_deadline: brusselsToday, summary: false });
  expect(await ok(srv, 'admin', 'mail.activity', 'default_get', [['activity_type_id', 'user_id']], { context: { default_res_model: 'res.partner' } })).toEqual({ activity_type_id: 4, user_id: 2 });
  // unlink
  expect(await ok(srv, 'admin', 'mail.activity', 'unlink', [[bare]])).toBe(true);
});

test('activity_schedule (mixin): an automated To-Do by xml id, for the current user', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Activity Scheduled' }]);
  // the created activities come back as Odoo's json_default makes a recordset: its str()
  const answer = await ok(srv, 'admin', 'res.partner', 'activity_schedule', [[pid]], { act_type_xmlid: 'mail.mail_activity_data_todo', summary: 'Follow up', date_deadline: '2031-05-06' });
  const [a] = await ok(srv, 'admin', 'mail.activity', 'search_read', [[['res_model', '=', 'res.partner'], ['res_id', '=', pid]], ['activity_type_id', 'summary', 'automated', 'user_id', 'date_deadline']]);
  expect(answer).toBe(`mail.activity(${a.id},)`);
  // and the journal records that repr
  const journal = await (await fetch(`${srv.url}/emulator/journal?db=${srv.db}&method=activity_schedule`)).json() as any;
  const entries = Array.isArray(journal) ? journal : journal.entries;
  expect(entries[entries.length - 1]).toMatchObject({ outcome: 'result', result: `mail.activity(${a.id},)` });
  expect(a).toMatchObject({ activity_type_id: [4, 'To-Do'], summary: 'Follow up', automated: true, user_id: [2, 'Mitchell Admin'], date_deadline: '2031-05-06' });
  // archiving the record deletes its activities
  await ok(srv, 'admin', 'res.partner', 'write', [[pid], { active: false }]);
  expect(await ok(srv, 'admin', 'mail.activity', 'search_count', [[['res_id', '=', pid], ['res_model', '=', 'res.partner']]])).toBe(0);
});

describe('who sees which activities', () => {
  test('internal users: the ones assigned to them and those on documents they may write; portal users: none', async () => {
    const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Activity Access' }]);
    const adminOnes = await schedule(pid, { summary: 'adm', user_id: 2, date_deadline: '2030-01-02' });
    // demo may write contacts (Contact Creation): it sees and may change admin's activity
    expect(await ok(srv, 'demo', 'mail.activity', 'search_read', [[['id', '=', adminOnes]], ['summary', 'user_id']])).toEqual([{ id: adminOnes, summary: 'adm', user_id: [2, 'Mitchell Admin'] }]);
    expect(await ok(srv, 'demo', 'mail.activity', 'write', [[adminOnes], { summary: 'x' }])).toBe(true);
    const byDemo = await schedule(pid, { summary: 'by demo', user_id: 6 }, 'demo');
    expect(await ok(srv, 'admin', 'mail.activity', 'read', [[byDemo], ['create_uid', 'user_id']])).toEqual([{ id: byDemo, create_uid: [6, 'Marc Demo'], user_id: [6, 'Marc Demo'] }]);
    expect(await rpc(srv, 'portal', 'mail.activity', 'search_read', [[], ['summary']])).toEqual({ error: {
      name: 'odoo.exceptions.AccessError',
      message: "You are not allowed to access 'Activity' (mail.activity) records.\n\nThis operation is allowed for the following groups:\n\t- User types/Internal User\n\nContact your administrator to request access if necessary.",
    } });
    expect((await rpc(srv, 'portal', 'res.partner', 'read', [[8], ['activity_ids']])).error?.message)
      .toBe('You do not have enough rights to access the fields "activity_ids" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)');
    // portal users see the public types only through their group's rights (none here)
    expect((await rpc(srv, 'portal', 'mail.activity.type', 'search', [[]])).error?.name).toBe('odoo.exceptions.AccessError');
    expect(await ok(srv, 'demo', 'mail.activity.type', 'search', [[]])).toEqual([1, 2, 3, 4, 5]);
  });
});

test('activity dates follow the database clock (/emulator/clock): deadlines, states, default deadline', async () => {
  const clock = (body: Record<string, unknown>) => fetch(`${srv.url}/emulator/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ db: srv.db, ...body }) });
  expect((await clock({ set: '2035-03-10T12:00:00Z', freeze: true })).status).toBe(200);
  try {
    const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Activity Clock' }]);
    const aid = await schedule(pid, { summary: 'by the clock', user_id: 2 });
    expect(await ok(srv, 'admin', 'mail.activity', 'read', [[aid], ['date_deadline', 'state']])).toEqual([{ id: aid, date_deadline: '2035-03-10', state: 'today' }]);
    await clock({ advance_ms: 2 * 86400 * 1000 });
    expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['activity_state']])).toEqual([{ id: pid, activity_state: 'overdue' }]);
    expect(await ok(srv, 'admin', 'res.partner', 'search', [[['id', '=', pid], ['activity_state', '=', 'overdue']]])).toEqual([pid]);
    const [msg] = await ok(srv, 'admin', 'mail.message', 'search_read', [[['model', '=', 'res.partner'], ['res_id', '=', pid]], ['date']], { limit: 1 });
    // the creation log is dated by the clock too
    expect(msg.date).toBe('2035-03-10 12:00:00');
  } finally {
    await clock({ reset: true });
  }
});
