/**
 * bus's presence status on contacts and users (bus/models/res_partner.py, res_users.py). The
 * emulator has no live presence (no bus.presence records): users are "offline", partners without
 * a user "im_partner" (mail turns OdooBot's into "bot").
 */
import type { ModelDecl } from '../orm/registry';

const imStatus = { type: 'char', string: 'IM Status', compute: '_compute_im_status' } as const;

const partnerBus: ModelDecl = {
  _inherit: ['res.partner'],
  fields: { im_status: imStatus },
  methods: (Base) => class extends Base {
    _compute_im_status(): Map<number, unknown> {
      const ids = this.ids;
      const withUser = new Set(ids.length
        ? this.env.cr.raw(`SELECT DISTINCT partner_id FROM res_users WHERE active = 1 AND partner_id IN (${ids.map(() => '?').join(',')})`, ids).map((r) => r[0] as number)
        : []);
      return new Map(ids.map((id) => [id, withUser.has(id) ? 'offline' : 'im_partner']));
    }
  },
};

const usersBus: ModelDecl = {
  _inherit: ['res.users'],
  fields: { im_status: imStatus },
  methods: (Base) => class extends Base {
    _compute_im_status(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, 'offline']));
    }
  },
};

export const busModels: ModelDecl[] = [partnerBus, usersBus];
