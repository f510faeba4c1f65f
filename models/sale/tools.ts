/**
 * Helpers of the sale addon that stand for base and mail behaviour sale relies on: the user's
 * today, partner addresses (res.partner.address_get), chatter posts and followers when the
 * record has mail.thread's methods.
 */
import type { Environment } from '../orm/environment';
import type { AnyModel, BaseModel } from '../orm/model';
import { messagePost } from '../mail';
import type { Markup } from '../mail/html';
import { checkAccessRights, checkAccessRule } from '../orm/security';

/** fields.Date.context_today: the context's time zone, else the user's (models/tools/context_today.ts). */
export { contextToday } from '../tools/context_today';

/**
 * Values of a company's fields, kept across calls while the tables their reading used are
 * unchanged (crossCall): orders, their confirmation and the invoicing wizard ask their
 * company's settings (currency, validity, signature, payment, terms, down payment product) at
 * every call, which read the company's whole row each time. Read as superuser (the settings
 * apply whoever reads them), per language (invoice terms are translated). A copy is returned.
 */
export function companyFacts(m: BaseModel, companyId: number, fields: string[]): Record<string, unknown> {
  const env = m.env;
  const lang = env.context.lang && env.context.lang !== 'en_US' ? env.lang ?? '' : '';
  const row = env.crossCall(`sale.company:${companyId}:${lang}:${fields.join(',')}`, () =>
    env.model('res.company').sudo().browse([companyId])._values(fields).get(companyId) ?? null);
  return row ? { ...row } : {};
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
  let current: number | false = partnerId;
  outer: while (current) {
    const tree = contactTree(env, current);
    if (!tree) {
      // an unknown partner: the ORM read raises what Odoo raises
      env.model('res.partner').sudo().browse([current])._values(['type', 'is_company', 'parent_id']);
      break;
    }
    let toScan = [current];
    while (toScan.length) {
      const id = toScan.shift()!;
      visited.add(id);
      const node = tree.get(id)!;
      const type = node.type || 'contact';
      if (wanted.has(type) && !result[type]) result[type] = id;
      if (Object.keys(result).length === wanted.size) break outer;
      toScan = [...node.children.filter((c) => !visited.has(c)), ...toScan];
    }
    const cur: ContactNode = tree.get(current)!;
    if (cur.is_company || !cur.parent_id) break;
    current = cur.parent_id;
  }
  const dflt = result.contact ?? partnerId;
  const out: Record<string, number> = {};
  for (const t of wanted) out[t] = result[t] ?? dflt;
  return out;
}

interface ContactNode { type: string | null; is_company: number | null; parent_id: number | null; children: number[] }

/**
 * A partner and its active non-company contacts, recursively, in one statement: each node's
 * type, company flag and parent, and its children in the order address_get visits them
 * (complete_name, then the newest first). Undefined when the partner does not exist. (The depth
 * bound only guards against a parent cycle, which res.partner's recursion check forbids.)
 */
function contactTree(env: Environment, rootId: number): Map<number, ContactNode> | undefined {
  const rows = env.cr.all<{ id: number; type: string | null; is_company: number | null; parent_id: number | null; depth: number }>(
    // the recursive query is nested in a SELECT: the cursor keeps the result of a plain SELECT
    // while res_partner is unchanged, not of a statement starting with WITH (table_versions.ts)
    `SELECT p.id, p.type, p.is_company, p.parent_id, tree.depth FROM (
       WITH RECURSIVE tree(id, depth) AS (
         SELECT ?, 0
         UNION ALL
         SELECT c.id, tree.depth + 1 FROM res_partner c JOIN tree ON c.parent_id = tree.id
          WHERE c.active = 1 AND (c.is_company IS NULL OR c.is_company = 0) AND tree.depth < 64)
       SELECT id, depth FROM tree) tree
     JOIN res_partner p ON p.id = tree.id
     ORDER BY tree.depth, p.complete_name, p.id DESC`, [rootId]);
  if (!rows.length || rows[0].id !== rootId) return undefined;
  const nodes = new Map<number, ContactNode>();
  for (const r of rows) {
    if (nodes.has(r.id)) continue;
    nodes.set(r.id, { type: r.type, is_company: r.is_company, parent_id: r.parent_id, children: [] });
    // rows come sorted within each depth, so each parent receives its children in visit order
    if (r.depth > 0) nodes.get(r.parent_id!)?.children.push(r.id);
  }
  return nodes;
}

/** mail.thread.message_post when the model has the chatter, else a plain note through mail. */
export function postMessage(record: BaseModel, body: string | Markup, opts: { subtypeXmlid?: string; messageType?: string; authorId?: number; partnerIds?: number[] } = {}): void {
  const rec = record as AnyModel;
  if (typeof rec.message_post === 'function' && rec.cls._rpc.message_post) {
    const kwargs: Record<string, unknown> = { body, message_type: opts.messageType ?? 'comment', subtype_xmlid: opts.subtypeXmlid ?? 'mail.mt_note' };
    if (opts.authorId) kwargs.author_id = opts.authorId;
    if (opts.partnerIds) kwargs.partner_ids = opts.partnerIds;
    rec.message_post(kwargs);
    return;
  }
  messagePost(record, String(body), { subtypeXmlid: opts.subtypeXmlid ?? 'mail.mt_note', messageType: opts.messageType ?? 'notification' });
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
  // made again by the methods an action calls (action_confirm, then write): the records' rules
  // give the same answer while the tables they read are unchanged
  const env = records.env;
  const key = `${records._name}:${env.uid}:${JSON.stringify(env.context.allowed_company_ids ?? null)}:${records.ids.join(',')}`;
  const tables = env.cr.tables;
  let passed = readChecksPassed.get(env.cache);
  const known = passed?.get(key);
  if (known && tables.stillValid(known.deps, known.stamp)) return;
  const stamp = tables.version;
  const { deps } = tables.track(() => checkAccessRule(records, 'read'));
  if (!passed) readChecksPassed.set(env.cache, passed = new Map());
  passed.set(key, { deps, stamp });
}

/** Per call: the read checks passed (model, user, companies, records) and the tables their rules read. */
const readChecksPassed = new WeakMap<object, Map<string, { deps: string[]; stamp: number }>>();

/**
 * The companies of the products that belong to one (product templates with a company), kept
 * across calls while the templates are unchanged: the company checks of orders (their lines',
 * their optional products') cannot fail when no product belongs to another company than theirs.
 */
export function productCompanies(m: BaseModel): number[] {
  return m.env.crossCall('sale.product_companies', () => m.env.cr.all<{ c: number }>(
    'SELECT DISTINCT company_id AS c FROM product_template WHERE company_id IS NOT NULL').map((r) => r.c));
}
