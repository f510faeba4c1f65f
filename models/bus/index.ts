/**
 * The bus module's models (addons/bus/models/bus.py, bus_presence.py): notifications queued per
 * channel for the web client to fetch, and user presence. _sendone / _sendmany queue messages;
 * _poll returns those after a given id (what /websocket/peek_notifications answers).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { nowUtc } from '../orm/fields';

/**
 * bus.py channel_with_db + json_dump: a channel as stored, compact JSON of
 * [db, name] for a string, [db, model, id] for a record, [db, model, id, name] for (record, name).
 */
export function channelKey(dbName: string, target: unknown): string {
  const rec = (x: unknown) => x as { _name?: string; ids?: number[] } | null;
  let channel: unknown = target;
  if (typeof target === 'string') channel = [dbName, target];
  else if (rec(target)?._name && Array.isArray(rec(target)!.ids)) channel = [dbName, rec(target)!._name, rec(target)!.ids![0]];
  else if (Array.isArray(target) && target.length === 2 && rec(target[0])?._name) channel = [dbName, rec(target[0])!._name, rec(target[0])!.ids![0], target[1]];
  return JSON.stringify(channel);
}

export const busBus: ModelDecl = {
  _name: 'bus.bus',
  _description: 'Communication Bus',
  fields: {
    channel: { type: 'char', string: 'Channel' },
    message: { type: 'char', string: 'Message' },
  },
  methods: (Base) => class extends Base {
    _sendmany(notifications: Array<[unknown, string, unknown]>): void {
      const rows = notifications.map(([target, type, payload]) => ({ channel: channelKey(this.env.dbName, target), message: JSON.stringify({ type, payload }) }));
      if (rows.length) this.sudo()._create(rows);
    }

    _sendone(target: unknown, notificationType: string, message: unknown): void {
      this._sendmany([[target, notificationType, message]]);
    }

    /** Notifications of the channels after `last` (bus.py _poll), oldest first. */
    _poll(channels: unknown[], last = 0): Vals[] {
      const keys = channels.map((c) => channelKey(this.env.dbName, c));
      if (!keys.length) return [];
      // with no last id, only what the last 50 seconds brought (TIMEOUT in bus.py)
      const since = new Date(this.env.cr.clock.now() - 50 * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const rows = this.env.cr.all<{ id: number; message: string }>(
        `SELECT id, message FROM bus_bus WHERE channel IN (${keys.map(() => '?').join(',')}) AND ${last ? 'id > ?' : 'create_date > ?'} ORDER BY id`,
        [...keys, last ? last : since]);
      return rows.map((r) => ({ id: r.id, message: JSON.parse(r.message) }));
    }

    /** Notifications older than a day are deleted (bus.py _gc_messages). */
    _gc_messages(): boolean {
      const cutoff = new Date(this.env.cr.clock.now() - 24 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
      this.env.cr.run('DELETE FROM bus_bus WHERE create_date < ?', [cutoff]);
      return true;
    }
  },
};

export const busPresence: ModelDecl = {
  _name: 'bus.presence',
  _description: 'User Presence',
  _log_access: false,
  fields: {
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Users', ondelete: 'cascade' },
    last_poll: { type: 'datetime', string: 'Last Poll', default: (m: BaseModel) => nowUtc(m.env.cr) },
    last_presence: { type: 'datetime', string: 'Last Presence', default: (m: BaseModel) => nowUtc(m.env.cr) },
    status: { type: 'selection', string: 'IM Status', selection: [['online', 'Online'], ['away', 'Away'], ['offline', 'Offline']], default: 'offline' },
  },
  _sql_constraints: [['bus_user_presence_unique', 'unique(user_id)', 'A user can only have one IM status.']],
  methods: (Base) => class extends Base {
    /** update_presence: the user's last poll and presence, status online within 5 minutes of activity. */
    _update_presence(inactivityPeriod: number, identityField: string, identityValue: number): void {
      const now = nowUtc(this.env.cr);
      const ids = this.sudo()._searchIds([[identityField, '=', identityValue]], { limit: 1 });
      const vals: Vals = { last_poll: now, status: inactivityPeriod < 5 * 60 * 1000 ? 'online' : 'away' };
      if (inactivityPeriod < 5 * 60 * 1000) vals.last_presence = now;
      if (ids.length) this.sudo().browse(ids)._write(vals);
      else this.sudo()._create([{ ...vals, [identityField]: identityValue, last_presence: now }]);
    }
  },
};

/**
 * bus's presence status on contacts and users (bus/models/res_partner.py, res_users.py): the
 * status of the user's bus.presence, "offline" without one; partners without a user are
 * "im_partner" (mail turns OdooBot's into "bot").
 */
const imStatus = { type: 'char', string: 'IM Status', compute: '_compute_im_status' } as const;

/** Presence status of active users, by user id. */
function presenceOf(m: BaseModel, where: string, ids: number[]): Array<{ uid: number; pid: number; status: string | null }> {
  if (!ids.length) return [];
  return m.env.cr.all<{ uid: number; pid: number; status: string | null }>(
    `SELECT u.id AS uid, u.partner_id AS pid, p.status AS status FROM res_users u LEFT JOIN bus_presence p ON p.user_id = u.id
     WHERE u.active = 1 AND ${where} IN (${ids.map(() => '?').join(',')}) ORDER BY u.id`, ids);
}

export const partnerBus: ModelDecl = {
  _inherit: ['res.partner'],
  fields: { im_status: imStatus },
  methods: (Base) => class extends Base {
    _compute_im_status(): Map<number, unknown> {
      const status = new Map<number, string>();
      for (const r of presenceOf(this, 'u.partner_id', this.ids)) if (!status.has(r.pid)) status.set(r.pid, r.status ?? 'offline');
      return new Map(this.ids.map((id) => [id, status.get(id) ?? 'im_partner']));
    }
  },
};

export const usersBus: ModelDecl = {
  _inherit: ['res.users'],
  fields: { im_status: imStatus },
  methods: (Base) => class extends Base {
    _compute_im_status(): Map<number, unknown> {
      const status = new Map(presenceOf(this, 'u.id', this.ids).map((r) => [r.uid, r.status ?? 'offline']));
      return new Map(this.ids.map((id) => [id, status.get(id) ?? 'offline']));
    }
  },
};

export const busModels: ModelDecl[] = [busBus, busPresence, partnerBus, usersBus].map((d) => ({ _module: 'bus', ...d }));
export type { BaseModel };
