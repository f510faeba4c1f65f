/**
 * Attachments in the chatter as Odoo 17 handles them (values recorded on the reference server):
 * message_post's `attachments` tuples become ir.attachment records of the document linked to
 * the message, `attachment_ids` of pending composer uploads move to the document, the record's
 * message_attachment_count counts them, and an activity's files move to its "done" message.
 * These fields exist once ir.attachment is installed (models/base with framework_files).
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { ok, rpc } from './helpers';

let srv: TestServer;
let hasAttachments = false;
beforeAll(async () => {
  srv = await startTestServer();
  hasAttachments = (await rpc(srv, 'admin', 'ir.attachment', 'search', [[]], { limit: 1 })).error === undefined;
});
afterAll(async () => { await srv.close(); });

const itWithAttachments = (name: string, fn: () => Promise<void>) => test(name, async () => {
  if (!hasAttachments) return; // ir.attachment not installed in this build: nothing to check
  await fn();
});

itWithAttachments('attachments tuples: created on the document, linked to the message, counted on the record', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Attach Post' }]);
  const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'see file', attachments: [['a.txt', 'hello world']] });
  const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['attachment_ids']]);
  expect(m.attachment_ids).toHaveLength(1);
  const [att] = await ok(srv, 'admin', 'ir.attachment', 'read', [m.attachment_ids, ['name', 'res_model', 'res_id', 'mimetype', 'file_size', 'description', 'type']]);
  expect(att).toEqual({ id: m.attachment_ids[0], name: 'a.txt', res_model: 'res.partner', res_id: pid, mimetype: 'text/plain', file_size: 11, description: 'a.txt', type: 'binary' });
  expect(await ok(srv, 'admin', 'res.partner', 'read', [[pid], ['message_attachment_count']])).toEqual([{ id: pid, message_attachment_count: 1 }]);
  expect((await rpc(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'x', attachments: 'a.txt' })).error)
    .toEqual({ name: 'builtins.ValueError', message: 'Posting a message should receive attachments as a list of list or tuples (received None)' });
});

itWithAttachments('attachment_ids: a pending composer upload moves to the document', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Attach Ids' }]);
  const aid = await ok(srv, 'admin', 'ir.attachment', 'create', [{ name: 'b.txt', raw: 'bbb', res_model: 'mail.compose.message', res_id: 0 }]);
  const mid = await ok(srv, 'admin', 'res.partner', 'message_post', [[pid]], { body: 'with id', attachment_ids: [aid] });
  expect(await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['attachment_ids']])).toEqual([{ id: mid, attachment_ids: [aid] }]);
  expect(await ok(srv, 'admin', 'ir.attachment', 'read', [[aid], ['res_model', 'res_id']])).toEqual([{ id: aid, res_model: 'res.partner', res_id: pid }]);
});

itWithAttachments('an activity\'s files move to the message posted when it is done', async () => {
  const pid = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Attach Activity' }]);
  const [model] = await ok(srv, 'admin', 'ir.model', 'search', [[['model', '=', 'res.partner']]]);
  const act = await ok(srv, 'admin', 'mail.activity', 'create', [{ res_model_id: model, res_id: pid, user_id: 2, activity_type_id: 4 }]);
  const aid = await ok(srv, 'admin', 'ir.attachment', 'create', [{ name: 'c.txt', raw: 'ccc', res_model: 'mail.activity', res_id: act }]);
  const mid = await ok(srv, 'admin', 'mail.activity', 'action_feedback', [[act]], { feedback: 'ok' });
  expect(await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['attachment_ids']])).toEqual([{ id: mid, attachment_ids: [aid] }]);
  expect(await ok(srv, 'admin', 'ir.attachment', 'read', [[aid], ['res_model', 'res_id']])).toEqual([{ id: aid, res_model: 'mail.message', res_id: mid }]);
});
