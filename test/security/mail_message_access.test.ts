/**
 * mail.message access (Odoo 17 mail_message.py _search and check_access_rule): the access rights
 * let portal users write messages and public users read them, so what each user reaches is
 * decided by the message itself: its author, its recipients, the document it is posted on, and
 * for users without group_user only non-internal messages with a public subtype. Expected values
 * were taken from the reference Odoo 17 (ref_default): portal finds no message of the demo data
 * and reading one fails with mail's own AccessError; demo (internal) reads the demo chatter.
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { DEMO, PORTAL, accessError, asAdmin, jsonrpcTransport, ok, onWire, type Cred, type Outcome } from './sec_helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

function as(user: Cred, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Outcome> {
  return jsonrpcTransport(srv).one({ user, model, method, args, kwargs });
}
const securityMsg = (op: string, ids: number[], uid: number) => 'The requested operation cannot be completed due to security restrictions. '
  + `Please contact your system administrator.\n\n(Document type: Message, Operation: ${op}) - (Records: [${ids.join(', ')}], User: ${uid})`;

/** A message on a partner, created as admin (sudo-like), returning its id. */
function post(vals: Record<string, unknown>): Promise<number> {
  return asAdmin(srv, 'mail.message', 'create', [{ model: 'res.partner', message_type: 'comment', body: '<p>x</p>', ...vals }]);
}

describe('mail.message access', () => {
  let mtComment: number;
  let mtNote: number;
  beforeAll(async () => {
    [mtComment] = await asAdmin(srv, 'ir.model.data', 'search_read', [[['module', '=', 'mail'], ['name', '=', 'mt_comment']], ['res_id']]).then((r: Array<{ res_id: number }>) => r.map((x) => x.res_id));
    [mtNote] = await asAdmin(srv, 'ir.model.data', 'search_read', [[['module', '=', 'mail'], ['name', '=', 'mt_note']], ['res_id']]).then((r: Array<{ res_id: number }>) => r.map((x) => x.res_id));
  });

  it('a portal user finds none of the demo chatter, and reading it fails with mail\'s own error (as on Odoo 17)', async () => {
    expect(await as(PORTAL, 'mail.message', 'search', [[['model', '=', 'res.partner'], ['res_id', 'in', [27, 33]]]])).toEqual(onWire('jsonrpc', ok([])));
    expect(await as(PORTAL, 'mail.message', 'read', [[13], ['body']])).toEqual(onWire('jsonrpc', accessError(securityMsg('read', [13], 7))));
  });

  it('an internal user reads the chatter of the partners they can read (demo reads message 13 of the sms demo data)', async () => {
    expect(await as(DEMO, 'mail.message', 'read', [[13], ['body']])).toEqual(onWire('jsonrpc', ok([{ id: 13, body: '<p>Hello! This is an example of SMS.</p>' }])));
  });

  it('a portal user sees public messages on their own partner, never internal notes or messages without subtype', async () => {
    const pub = await post({ res_id: 8, subtype_id: mtComment });
    const note = await post({ res_id: 8, subtype_id: mtNote, is_internal: true });
    const noSubtype = await post({ res_id: 8 });
    const internalFlag = await post({ res_id: 8, subtype_id: mtComment, is_internal: true });
    const found = await as(PORTAL, 'mail.message', 'search', [[['model', '=', 'res.partner'], ['res_id', '=', 8]]]);
    expect(found).toEqual(onWire('jsonrpc', ok([pub])));
    expect(await as(PORTAL, 'mail.message', 'read', [[note], ['body']])).toEqual(onWire('jsonrpc', accessError(securityMsg('read', [note], 7))));
    for (const id of [noSubtype, internalFlag]) {
      expect(await as(PORTAL, 'mail.message', 'search_count', [[['id', '=', id]]])).toEqual(onWire('jsonrpc', ok(0)));
    }
  });

  it('the author and the recipients reach a message wherever it is posted', async () => {
    // a message on another company's contact, addressed to the portal user's partner
    const addressed = await post({ res_id: 33, subtype_id: mtComment, partner_ids: [[6, 0, [8]]] });
    expect(await as(PORTAL, 'mail.message', 'search', [[['id', '=', addressed]]])).toEqual(onWire('jsonrpc', ok([addressed])));
    const authored = await post({ res_id: 33, subtype_id: mtComment, author_id: 8 });
    expect(await as(PORTAL, 'mail.message', 'search', [[['id', '=', authored]]])).toEqual(onWire('jsonrpc', ok([authored])));
  });

  it('a portal user may not change or delete a message on a document they cannot write, even their own partner\'s', async () => {
    const pub = await post({ res_id: 8, subtype_id: mtComment });
    expect(await as(PORTAL, 'mail.message', 'write', [[pub], { body: '<p>changed</p>' }])).toEqual(onWire('jsonrpc', accessError(securityMsg('write', [pub], 7))));
    expect(await as(PORTAL, 'mail.message', 'unlink', [[pub]])).toEqual(onWire('jsonrpc', accessError(securityMsg('unlink', [pub], 7))));
  });

  it('user notifications (security mails) are not readable through the user document', async () => {
    const mail = await asAdmin(srv, 'mail.mail', 'create', [{ subject: 'Security Update: test', model: 'res.users', res_id: 6, message_type: 'user_notification', body_html: '<p>x</p>' }]);
    const [{ mail_message_id: [messageId] }] = await asAdmin(srv, 'mail.mail', 'read', [[mail], ['mail_message_id']]);
    expect(await as(DEMO, 'mail.message', 'search_count', [[['id', '=', messageId]]])).toEqual(onWire('jsonrpc', ok(0)));
    // an administrator still finds the outgoing mail by its (inherited) subject
    expect(await asAdmin(srv, 'mail.mail', 'search', [[['subject', '=', 'Security Update: test']]])).toEqual([mail]);
  });
});
