/**
 * TEMPORARY stand-in until mail.thread lands (branch mail_thread): the followers of a sales order
 * as a plain many2many, so sale's portal record rules ([('message_partner_ids', 'child_of', ...)],
 * sale_security.xml) and the demo orders' followers load and apply. Remove this file (and its
 * entry in index.ts) when mail.thread provides message_partner_ids.
 */
import type { ModelDecl } from '../orm/registry';

export const saleOrderFollowersStandIn: ModelDecl = {
  _inherit: 'sale.order',
  fields: {
    message_partner_ids: {
      type: 'many2many', comodel: 'res.partner', relation: 'sale_order_follower_partner_rel', column1: 'order_id', column2: 'partner_id',
      string: 'Followers (Partners)', groups: 'base.group_user',
    },
  },
};
