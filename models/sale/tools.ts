/**
 * Helpers of the sale addon that stand for base and mail behaviour sale relies on: the user's
 * today, partner addresses (res.partner.address_get), chatter posts and followers when the
 * record has mail.thread's methods.
 */
import type { Environment } from '../orm/environment';
import type { AnyModel, BaseModel } from '../orm/model';
import { messagePost } from '../mail';
import { checkAccessRights, checkAccessRule } from '../orm/security';

/** fields.Date.context_today: today in the user's timezone (the context's tz, else the user's). */
export function contextToday(env: Environment): string {
  let tz = typeof env.context.tz === 'string' ? env.context.tz : '';
  if (!tz) tz = env.cr.get<{ tz: string | null }>('SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = ?', [env.uid])?.tz ?? '';
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(env.cr.clock.now()));
  } catch {
    return new Date(env.cr.clock.now()).toISOString().slice(0, 10);
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** format_date for en_US: "12/06/2026". */
export function formatDateUs(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${m}/${d}/${y}`;
}

/**
 * res.partner.address_get(types): for each address type, the first contact of that type found
 * in the partner's tree (the partner, then its non-company children depth-first, then up to its
 * commercial entity), else the partner's 'contact' address, else the partner itself.
 */
export function addressGet(env: Environment, partnerId: number, types: string[]): Record<string, number> {
  const wanted = new Set([...types, 'contact']);
  const result: Record<string, number> = {};
  const visited = new Set<number>();
  const P = env.model('res.partner').sudo();
  const info = (id: number) => P.browse([id])._values(['type', 'is_company', 'parent_id']).get(id)!;
  const children = (id: number) => env.cr.all<{ id: number }>(
    'SELECT id FROM res_partner WHERE parent_id = ? AND active = 1 AND (is_company IS NULL OR is_company = 0) ORDER BY complete_name, id DESC', [id]).map((r) => r.id);
  let current: number | false = partnerId;
  outer: while (current) {
    let toScan = [current];
    while (toScan.length) {
      const id = toScan.shift()!;
      visited.add(id);
      const v = info(id);
      const type = String(v.type || 'contact');
      if (wanted.has(type) && !result[type]) result[type] = id;
      if (Object.keys(result).length === wanted.size) break outer;
      toScan = [...children(id).filter((c) => !visited.has(c)), ...toScan];
    }
    const cur = info(current);
    if (cur.is_company || !cur.parent_id) break;
    current = cur.parent_id as number;
  }
  const dflt = result.contact ?? partnerId;
  const out: Record<string, number> = {};
  for (const t of wanted) out[t] = result[t] ?? dflt;
  return out;
}

/** mail.thread.message_post when the model has the chatter, else a plain note through mail. */
export function postMessage(record: BaseModel, body: string, opts: { subtypeXmlid?: string; messageType?: string; authorId?: number; partnerIds?: number[] } = {}): void {
  const rec = record as AnyModel;
  if (typeof rec.message_post === 'function' && rec.cls._rpc.message_post) {
    const kwargs: Record<string, unknown> = { body, message_type: opts.messageType ?? 'comment', subtype_xmlid: opts.subtypeXmlid ?? 'mail.mt_note' };
    if (opts.authorId) kwargs.author_id = opts.authorId;
    if (opts.partnerIds) kwargs.partner_ids = opts.partnerIds;
    rec.message_post(kwargs);
    return;
  }
  messagePost(record, body, { subtypeXmlid: opts.subtypeXmlid ?? 'mail.mt_note', messageType: opts.messageType ?? 'notification' });
}

/** mail.thread.message_subscribe(partner_ids) when the model has followers (no-op otherwise). */
export function subscribe(record: BaseModel, partnerIds: number[]): void {
  const rec = record as AnyModel;
  if (!partnerIds.length) return;
  if (typeof rec.message_subscribe === 'function') rec.message_subscribe(partnerIds);
  else if (record.cls._fields.message_partner_ids) record.sudo().write({ message_partner_ids: partnerIds.map((id) => [4, id]) });
}

/** Partner ids following the record (message_partner_ids), when the model has followers. */
export function followers(record: BaseModel): number[] {
  if (!record.cls._fields.message_partner_ids) return [];
  return (record.sudo()._values(['message_partner_ids']).get(record.ids[0])?.message_partner_ids as number[]) ?? [];
}

/**
 * The read check Odoo's record access makes when a method first reads a field of the records:
 * a user who cannot see an order gets the read AccessError from its actions (and from write,
 * where mail.thread reads the tracked values first), before any business message.
 */
export function checkRead(records: BaseModel): void {
  if (records.env.su || !records.ids.length) return;
  checkAccessRights(records, 'read');
  checkAccessRule(records, 'read');
}
