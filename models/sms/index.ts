/**
 * sms (Odoo 17, the part the default database needs): messages of type "SMS" in the chatter
 * (sms's selection_add on mail.message.message_type). Sending SMS is not emulated.
 */
import type { ModelDecl } from '../orm/registry';
import { MESSAGE_TYPES } from '../mail';

export const mailMessageSms: ModelDecl = {
  _inherit: 'mail.message',
  fields: {
    message_type: { type: 'selection', string: 'Type', required: true, default: 'email', selection: [...MESSAGE_TYPES, ['sms', 'SMS']] },
  },
};

export const smsModels: ModelDecl[] = [mailMessageSms];
