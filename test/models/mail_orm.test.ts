/**
 * The ORM pieces mail.thread relies on: mixins that keep the model's attributes, precommit work
 * (tracking collected during a transaction, logged once before commit), keyword-only RPC
 * parameters, one2many fields on a many2one_reference, SQL sub-query leaves of code-built
 * domains, and fields left out while their comodel is not installed.
 */
import type { Database } from '../../models/database';
import { bindArgs } from '../../models/orm/signature';
import { SQL } from '../../models/orm/sql';
import { PyTypeError } from '../../models/orm/exceptions';
import { demoDb } from './orm_helpers';

let db: Database;
beforeAll(() => { db = demoDb(); });

function trackingMessages(pid: number): Array<{ id: number; values: Array<[string, unknown, unknown]> }> {
  const msgs = db.cr.all<{ id: number }>("SELECT id FROM mail_message WHERE model = 'res.partner' AND res_id = ? AND EXISTS (SELECT 1 FROM mail_tracking_value t WHERE t.mail_message_id = mail_message.id) ORDER BY id", [pid]);
  return msgs.map((m) => ({
    id: m.id,
    values: db.cr.all<{ name: string; o: unknown; n: unknown }>('SELECT f.name, t.old_value_char AS o, t.new_value_char AS n FROM mail_tracking_value t JOIN ir_model_fields f ON f.id = t.field_id WHERE t.mail_message_id = ? ORDER BY t.id', [m.id]).map((r) => [r.name, r.o, r.n]),
  }));
}

describe('mixins', () => {
  test('res.partner inherits mail.thread without taking its description; abstract mixins have no model', () => {
    const Partner = db.registry.get('res.partner')!;
    expect(Partner._description).toBe('Contact');
    expect(Partner._order).toBe('complete_name ASC, id DESC');
    expect(Object.keys(Partner._fields)).toEqual(expect.arrayContaining(['message_ids', 'message_follower_ids', 'activity_ids', 'email_normalized']));
    expect(Partner._fields.message_ids.module).toBe('mail');
    for (const abstract of ['mail.thread', 'mail.activity.mixin', 'mail.thread.blacklist', 'mail.thread.main.attachment']) expect(db.registry.has(abstract)).toBe(false);
    expect(db.registry.isAbstract('mail.thread')).toBe(true);
  });

  test('a relational field whose comodel is not installed is left out (attachment_ids waits for ir.attachment)', () => {
    const hasAttachments = db.registry.has('ir.attachment');
    expect('attachment_ids' in db.registry.get('mail.message')!._fields).toBe(hasAttachments);
    expect(db.registry.droppedFields.includes('mail.message.attachment_ids')).toBe(!hasAttachments);
  });
});

describe('precommit: tracking logged once per transaction', () => {
  test('two writes in one transaction make one message, from the first value to the last', () => {
    const env = db.env(2);
    const pid: number = db.cr.transaction(() => env.model('res.partner').create({ name: 'Precommit A', email: 'a@example.com' }).ids[0]);
    db.cr.transaction(() => {
      const p = env.model('res.partner').browse([pid]);
      p.write({ name: 'Precommit B' });
      p.write({ name: 'Precommit C', email: 'c@example.com' });
      // not logged yet: it happens at commit
      expect(trackingMessages(pid)).toEqual([]);
    });
    // created by descending (sequence, name), as Odoo does: name before email at the same sequence
    expect(trackingMessages(pid)).toEqual([{ id: expect.any(Number), values: [['name', 'Precommit A', 'Precommit C'], ['email', 'a@example.com', 'c@example.com']] }]);
  });

  test('a rolled back transaction logs nothing; a write outside any transaction logs at once', () => {
    const env = db.env(2);
    const pid: number = db.cr.transaction(() => env.model('res.partner').create({ name: 'Precommit D' }).ids[0]);
    expect(() => db.cr.transaction(() => {
      env.model('res.partner').browse([pid]).write({ name: 'Precommit E' });
      throw new Error('rollback');
    })).toThrow('rollback');
    expect(trackingMessages(pid)).toEqual([]);
    env.model('res.partner').browse([pid]).write({ phone: '42' });
    expect(trackingMessages(pid).map((m) => m.values)).toEqual([[['phone', null, '42']]]);
  });

  test('creating and changing a record in the same transaction tracks nothing (Odoo discards it)', () => {
    const env = db.env(2);
    const pid: number = db.cr.transaction(() => {
      const p = env.model('res.partner').create({ name: 'Precommit F' });
      p.write({ name: 'Precommit G' });
      return p.ids[0];
    });
    expect(trackingMessages(pid)).toEqual([]);
  });
});

describe('keyword-only RPC parameters', () => {
  const sig = { api: 'multi' as const, params: [], kwonly: ['body', 'subject'], kwonlyAlways: ['body', 'message_type'], varkw: true, qualname: 'MailThread.message_post' };
  test('keyword arguments (declared or not) land in one object', () => {
    expect(bindArgs('message_post', sig, [], { body: 'b', foo: 1 })).toEqual([{ body: 'b', foo: 1 }]);
  });
  test('positional arguments: CPython\'s message, counting the keyword-only arguments given', () => {
    expect(() => bindArgs('message_post', sig, ['x'], { subject: 's' })).toThrow(new PyTypeError('MailThread.message_post() takes 1 positional argument but 2 positional arguments (and 3 keyword-only arguments) were given'));
    expect(() => bindArgs('f', { api: 'multi', params: [], kwonly: ['a'], qualname: 'X.f' }, ['x', 'y'], { a: 1 }))
      .toThrow(new PyTypeError('X.f() takes 1 positional argument but 3 positional arguments (and 1 keyword-only argument) were given'));
    expect(() => bindArgs('f', { api: 'multi', params: [], kwonly: ['a'], qualname: 'X.f' }, [], { b: 1 })).toThrow(new PyTypeError("X.f() got an unexpected keyword argument 'b'"));
  });
});

describe('one2many on a many2one_reference', () => {
  test('message_ids holds the messages of the model only, newest first, never user notifications', () => {
    const env = db.env(1);
    const pid: number = env.model('res.partner').create({ name: 'O2M Ref' }).ids[0];
    const Message = env.model('mail.message');
    const own = Message.create({ model: 'res.partner', res_id: pid, body: 'mine', message_type: 'comment' }).ids[0];
    Message.create({ model: 'res.users', res_id: pid, body: 'another model, same id', message_type: 'comment' });
    Message.create({ model: 'res.partner', res_id: pid, body: 'notice', message_type: 'user_notification' });
    const ids = env.model('res.partner').browse([pid]).get('message_ids') as number[];
    expect(ids[0]).toBe(own);
    expect(ids.every((id) => Message.browse([id]).get('model') === 'res.partner' && Message.browse([id]).get('message_type') !== 'user_notification')).toBe(true);
    // searching through it too
    expect(env.model('res.partner').search([['message_ids.body', 'ilike', 'another model'], ['id', '=', pid]]).ids).toEqual([]);
    expect(env.model('res.partner').search([['message_ids.body', 'ilike', 'mine'], ['id', '=', pid]]).ids).toEqual([pid]);
  });

  test('one2many commands fill the model field (message_follower_ids)', () => {
    const env = db.env(1);
    const pid: number = env.model('res.partner').create({ name: 'O2M Commands' }).ids[0];
    env.model('res.partner').browse([pid]).write({ message_follower_ids: [[0, 0, { partner_id: 7 }]] });
    expect(db.cr.all('SELECT res_model, res_id, partner_id FROM mail_followers WHERE res_id = ? AND partner_id = 7', [pid])).toEqual([{ res_model: 'res.partner', res_id: pid, partner_id: 7 }]);
  });
});

describe('sub-query leaves', () => {
  test('(\'id\', \'in\', SQL) and (\'id\', \'not in\', SQL) select through the sub-query', () => {
    const env = db.env(1);
    const sub = new SQL('SELECT id FROM res_partner WHERE name = ?', ['O2M Ref']);
    const ids = env.model('res.partner').withContext({ active_test: false })._searchIds([['id', 'in', sub]]);
    expect(ids).toHaveLength(1);
    expect(env.model('res.partner').withContext({ active_test: false })._searchIds([['id', 'not in', sub], ['id', 'in', ids]])).toEqual([]);
  });
});

describe('mail.notification._gc_notifications (the scheduled cleanup)', () => {
  test('removes read, delivered notifications of internal partners older than max_age_days only', () => {
    const env = db.env(1);
    const mid: number = env.model('mail.message').create({ model: 'res.partner', res_id: 3, body: 'gc', message_type: 'comment' }).ids[0];
    const Notification = env.model('mail.notification');
    const old = Notification._create([{ mail_message_id: mid, res_partner_id: 7, notification_type: 'inbox', notification_status: 'sent', is_read: true, read_date: '2020-01-01 00:00:00' }]).ids[0];
    const recent = Notification._create([{ mail_message_id: mid, res_partner_id: 3, notification_type: 'inbox', notification_status: 'sent', is_read: true, read_date: '2099-01-01 00:00:00' }]).ids[0];
    const customer = Notification._create([{ mail_message_id: mid, res_partner_id: 8, notification_type: 'email', notification_status: 'sent', is_read: true, read_date: '2020-01-01 00:00:00' }]).ids[0];
    // as the cron calls it: model._gc_notifications(max_age_days=180)
    expect(Notification._gc_notifications({ max_age_days: 180 })).toBe(true);
    expect(Notification.browse([old, recent, customer]).exists().ids).toEqual([recent, customer]);
  });
});
