/**
 * What mail keeps between calls about a thread (its first message, its followers: see
 * models/mail/thread_facts.ts) follows every change of them, made by posting and subscribing or
 * by other means (unlinking messages and followers, changing a follower's subtypes): the parent
 * of the next post and the partners it notifies are always those the database holds.
 */
import type { TestServer } from '../../helpers/server';
import { startSaleServer } from '../sale/sale_helpers';
import { ok, ref, rpc } from './helpers';

// sales orders are flat threads (res.partner is not: its posts have no parent)
let srv: TestServer;
let customer: number;
beforeAll(async () => {
  srv = await startSaleServer();
  customer = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Facts Customer' }]);
});
afterAll(async () => { await srv.close(); });

async function newOrder(): Promise<number> {
  return ok(srv, 'admin', 'sale.order', 'create', [{ partner_id: customer }]);
}

async function post(oid: number, body: string): Promise<number> {
  return ok(srv, 'admin', 'sale.order', 'message_post', [[oid]], { body, message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
}

async function messagesOf(oid: number): Promise<number[]> {
  return ok(srv, 'admin', 'mail.message', 'search', [[['model', '=', 'sale.order'], ['res_id', '=', oid]]], { order: 'id' });
}

async function parentOf(mid: number): Promise<number | false> {
  const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['parent_id']]);
  return m.parent_id ? m.parent_id[0] : false;
}

async function notified(mid: number): Promise<number[]> {
  const rows = await ok(srv, 'admin', 'mail.notification', 'search_read', [[['mail_message_id', '=', mid]], ['res_partner_id']]);
  return rows.map((n: any) => n.res_partner_id[0]).sort((a: number, b: number) => a - b);
}

describe('facts kept about threads', () => {
  test('a post\'s parent is the thread\'s first message, also after that message was deleted', async () => {
    const oid = await newOrder();
    // the creation log, written in the call that created the order
    const [log] = await messagesOf(oid);
    const first = await post(oid, 'one');
    expect(await parentOf(first)).toBe(log);
    // the first message goes (unlink through the ORM): the next posts hang on the one left
    expect(await ok(srv, 'admin', 'mail.message', 'unlink', [[log]])).toBe(true);
    const second = await post(oid, 'two');
    expect(await parentOf(second)).toBe(first);
    expect(await parentOf(await post(oid, 'three'))).toBe(first);
    expect(await messagesOf(oid)).toEqual([first, second, expect.any(Number)]);
  });

  test('a post notifies the followers the database holds after unsubscribing and changing subtypes', async () => {
    const pid = await newOrder();
    const follower = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Facts Follower', email: 'facts.follower@example.com' }]);
    const comment = await ref(srv, 'mail.mt_comment');
    const note = await ref(srv, 'mail.mt_note');
    await ok(srv, 'admin', 'sale.order', 'message_subscribe', [[pid]], { partner_ids: [follower], subtype_ids: [comment] });
    expect(await notified(await post(pid, 'to the follower'))).toEqual([follower]);
    // its subtypes replaced (a write of the follower): a discussion no longer reaches it
    await ok(srv, 'admin', 'sale.order', 'message_subscribe', [[pid]], { partner_ids: [follower], subtype_ids: [note] });
    expect(await notified(await post(pid, 'not for the follower'))).toEqual([]);
    // subscribed to discussions again, then unsubscribed (an unlink of the follower)
    await ok(srv, 'admin', 'sale.order', 'message_subscribe', [[pid]], { partner_ids: [follower], subtype_ids: [comment] });
    expect(await notified(await post(pid, 'again'))).toEqual([follower]);
    await ok(srv, 'admin', 'sale.order', 'message_unsubscribe', [[pid]], { partner_ids: [follower] });
    expect(await notified(await post(pid, 'nobody'))).toEqual([]);
    const followers = await ok(srv, 'admin', 'sale.order', 'read', [[pid], ['message_partner_ids']]);
    // the creator alone follows again
    expect(followers[0].message_partner_ids).toEqual([await ref(srv, 'base.partner_admin')]);
  });
});

describe('the author\'s From address kept between posts', () => {
  async function postAs(oid: number, author: number, body: string) {
    return rpc(srv, 'admin', 'sale.order', 'message_post', [[oid]], { body, author_id: author, message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
  }
  async function fromOf(mid: number): Promise<string | false> {
    const [m] = await ok(srv, 'admin', 'mail.message', 'read', [[mid], ['email_from', 'reply_to']]);
    expect(m.reply_to).toBe(m.email_from);
    return m.email_from;
  }

  test('is the partner\'s current name and address after the partner is renamed, readdressed or loses its email', async () => {
    const oid = await newOrder();
    const author = await ok(srv, 'admin', 'res.partner', 'create', [{ name: 'Address Author', email: 'author.one@example.com' }]);
    expect(await fromOf((await postAs(oid, author, 'one')).result)).toBe('"Address Author" <author.one@example.com>');
    expect(await fromOf((await postAs(oid, author, 'two')).result)).toBe('"Address Author" <author.one@example.com>');
    // email_formatted: the normalized (lower-case) address, the name quoted with its quotes escaped
    await ok(srv, 'admin', 'res.partner', 'write', [[author], { name: 'Renamed "Author"', email: 'Author.Two@Example.COM' }]);
    expect(await fromOf((await postAs(oid, author, 'three')).result)).toBe('"Renamed \\"Author\\"" <author.two@example.com>');
    // without an address, message_post refuses (mail.thread._message_compute_author raise_on_email)
    await ok(srv, 'admin', 'res.partner', 'write', [[author], { email: false }]);
    expect((await postAs(oid, author, 'four')).error).toEqual({ name: 'odoo.exceptions.UserError', message: "Unable to send message, please configure the sender's email address." });
  });
});
