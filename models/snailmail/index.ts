/**
 * snailmail (Odoo 17, the part the default database needs): letters appear in the chatter as
 * messages of type "Snailmail" (selection_add on mail.message.message_type). Sending letters is
 * not emulated.
 */
import type { ModelDecl } from '../orm/registry';

export const mailMessageSnailmail: ModelDecl = {
  _inherit: 'mail.message',
  fields: {
    message_type: { type: 'selection', selection_add: [['snailmail', 'Snailmail']] },
  },
};

export const snailmailModels: ModelDecl[] = [mailMessageSnailmail];
