/**
 * sms addon, the parts other models see (sms/models/mail_message.py, mail_notification.py,
 * mail_thread.py): the 'sms' message and notification types, SMS failure types and error flags.
 * Sending SMS (sms.sms, IAP) is not emulated.
 */
import type { ModelDecl } from '../orm/registry';
import type { Domain } from '../orm/domain';
import { userPartnerId } from '../mail/mail_message';
import { PyValueError } from '../orm/exceptions';

export const smsMessage: ModelDecl = {
  _inherit: 'mail.message',
  fields: {
    message_type: { type: 'selection', selection_add: [['sms', 'SMS']] },
    has_sms_error: { type: 'boolean', string: 'Has SMS error', compute: '_compute_has_sms_error', search: '_search_has_sms_error' },
  },
  methods: (Base) => class extends Base {
    _compute_has_sms_error(): Map<number, unknown> {
      const errors = this.ids.length ? new Set(this.env.cr.raw(`SELECT mail_message_id FROM mail_notification WHERE notification_type = 'sms' AND notification_status = 'exception' AND mail_message_id IN (${this.ids.map(() => '?').join(',')})`, this.ids).map((r) => r[0] as number)) : new Set<number>();
      return new Map(this.ids.map((id) => [id, errors.has(id)]));
    }
    _search_has_sms_error(operator: string, operand: unknown): Domain {
      if (operator === '=' && operand) return ['&', ['notification_ids.notification_status', '=', 'exception'], ['notification_ids.notification_type', '=', 'sms']];
      throw new PyValueError('NotImplementedError');
    }
  },
};

export const smsNotification: ModelDecl = {
  _inherit: 'mail.notification',
  fields: {
    notification_type: { type: 'selection', selection_add: [['sms', 'SMS']] },
    sms_id_int: { type: 'integer', string: 'SMS ID', index: 'btree_not_null' },
    sms_number: { type: 'char', string: 'SMS Number' },
    failure_type: {
      type: 'selection',
      selection_add: [
        ['sms_number_missing', 'Missing Number'], ['sms_number_format', 'Wrong Number Format'], ['sms_credit', 'Insufficient Credit'],
        ['sms_country_not_supported', 'Country Not Supported'], ['sms_registration_needed', 'Country-specific Registration Required'],
        ['sms_server', 'Server Error'], ['sms_acc', 'Unregistered Account'], ['sms_expired', 'Expired'], ['sms_invalid_destination', 'Invalid Destination'],
        ['sms_not_allowed', 'Not Allowed'], ['sms_not_delivered', 'Not Delivered'], ['sms_rejected', 'Rejected'],
      ],
    },
  },
};

export const smsThread: ModelDecl = {
  _inherit: 'mail.thread',
  fields: {
    message_has_sms_error: { type: 'boolean', string: 'SMS Delivery error', compute: '_compute_message_has_sms_error', search: '_search_message_has_sms_error', help: 'If checked, some messages have a delivery error.' },
  },
  methods: (Base) => class extends Base {
    _compute_message_has_sms_error(): Map<number, unknown> {
      const hit = this.ids.length ? new Set(this.env.cr.raw(
        `SELECT msg.res_id FROM mail_message msg JOIN mail_notification notif ON notif.mail_message_id = msg.id
          WHERE notif.notification_type = 'sms' AND notif.notification_status = 'exception' AND notif.author_id = ? AND msg.model = ?
            AND msg.res_id IN (${this.ids.map(() => '?').join(',')}) AND msg.message_type != 'user_notification'`,
        [userPartnerId(this), this._name, ...this.ids]).map((r) => r[0] as number)) : new Set<number>();
      return new Map(this.ids.map((id) => [id, hit.has(id)]));
    }
    _search_message_has_sms_error(operator: string, operand: unknown): Domain {
      return ['&', ['message_ids.has_sms_error', operator, operand], ['message_ids.author_id', '=', userPartnerId(this)]];
    }
  },
};

/** The 'sms' kind of server action (addons/sms/models/ir_actions_server.py). */
const serverActionSms: ModelDecl = {
  _inherit: 'ir.actions.server',
  fields: {
    state: { type: 'selection', selection_add: [['sms', 'Send SMS'], ['followers']] },
  },
};

export const smsModels: ModelDecl[] = [smsMessage, smsNotification, smsThread, serverActionSms];
