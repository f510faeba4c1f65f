/**
 * sms (Odoo 17, the part the default database needs): messages of type "SMS" in the chatter
 * (sms's selection_add on mail.message.message_type). Sending SMS is not emulated.
 */
import type { ModelDecl } from '../orm/registry';

export const mailMessageSms: ModelDecl = {
  _inherit: 'mail.message',
  fields: {
    message_type: { type: 'selection', selection_add: [['sms', 'SMS']] },
  },
};

export const smsModels: ModelDecl[] = [mailMessageSms];
