/**
 * The invoice lines of order lines, read once and kept while nothing they are read from
 * changed, and what is known without reading them: the lines of an order being created have
 * none until an invoice link is written.
 *
 * qty_invoiced, untaxed_amount_invoiced and untaxed_amount_to_invoice all read the invoice lines
 * of the order lines they compute (sale_order_line.py _get_invoice_lines), at creation, at
 * confirmation and after every change of an invoice: kept per connection and per order line,
 * like Environment.crossCall keeps derived values, a confirmation reads none of them again.
 */
import type { BaseModel } from '../orm/model';

/** An invoice line of an order line, with its move's state and type. */
export interface InvoiceLine {
  id: number; quantity: number; price_subtotal: number; price_total: number; price_unit: number; discount: number; product_uom_id: number | null;
  state: string; move_type: string; payment_state: string | null; currency_id: number; invoice_date: string | null;
}

/** What the invoice lines of an order line are read from. */
const TABLES = ['sale_order_line_invoice_rel', 'account_move_line', 'account_move'];
/** Entries kept per connection at most; beyond, they are dropped (read again when needed). */
const KEPT_MAX = 5000;

/** Per connection: order line → its invoice lines and the table version they were true at. */
const kept = new WeakMap<object, Map<number, { rows: InvoiceLine[]; stamp: number }>>();
/**
 * Per connection, while sale.order._create runs: the table version before it (see
 * orderCreation), and the orders it created whose lines were computed.
 */
const creations = new WeakMap<object, { since: number; orders: Set<number> }>();

/** Run sale.order's creation `create`, noting when it began (see newOrderWithoutInvoices). */
export function orderCreation<T>(m: BaseModel, create: () => T): T {
  const cr = m.env.cr;
  if (creations.has(cr)) return create();
  creations.set(cr, { since: cr.tables.version, orders: new Set() });
  try {
    return create();
  } finally {
    creations.delete(cr);
  }
}

/**
 * Whether order `orderId` is one being created in this call whose lines have no invoice line:
 * its lines were created after its creation began, and an invoice line is linked to them only
 * by writing the link table (then the answer is no).
 */
export function newOrderWithoutInvoices(m: BaseModel, orderId: number): boolean {
  const creation = creations.get(m.env.cr);
  return !!creation && creation.orders.has(orderId) && m.env.cr.tables.stillValid(['sale_order_line_invoice_rel'], creation.since);
}

/** The invoice lines of order line `id`, read with those of `batch` (the recordset computed) not known yet. */
export function invoiceLinesOf(lines: BaseModel, id: number, batch: number[]): InvoiceLine[] {
  const cr = lines.env.cr;
  const tables = cr.tables;
  let byLine = kept.get(cr);
  if (!byLine) kept.set(cr, byLine = new Map());
  const known = (l: number) => {
    const e = byLine!.get(l);
    return e && tables.unchangedSince(TABLES, e.stamp) ? e : undefined;
  };
  let hit = known(id);
  if (!hit) {
    const stamp = tables.version;
    const missing = (batch.includes(id) ? batch : [id]).filter((l) => !known(l));
    const found = new Map<number, InvoiceLine[]>(missing.map((l) => [l, []]));
    const toRead = missing.filter((l) => !createdWithOrder(lines, l));
    if (toRead.length) {
      for (const { order_line_id: line, ...row } of cr.all<InvoiceLine & { order_line_id: number }>(
        `SELECT r.order_line_id, aml.id, aml.quantity, aml.price_subtotal, aml.price_total, aml.price_unit, aml.discount, aml.product_uom_id, m.state, m.move_type, m.payment_state, aml.currency_id, m.invoice_date
           FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id JOIN account_move m ON m.id = aml.move_id
          WHERE r.order_line_id IN (${toRead.map(() => '?').join(',')}) ORDER BY aml.id`, toRead)) {
        found.get(line)!.push(row);
      }
    }
    if (byLine.size + found.size > KEPT_MAX) byLine.clear();
    // shared by the computes reading them: callers only read the rows
    for (const [l, rows] of found) byLine.set(l, { rows, stamp });
    hit = byLine.get(id)!;
  }
  // what is computed from them depends on these tables (for the values kept across calls)
  tables.note(TABLES);
  return hit.rows;
}

/**
 * Order lines `ids` were just created, at table version `since` or after, without invoice
 * lines given (their computed fields precomputed, sale.order.line._precomputeAmounts): while
 * no invoice link was written since, they have none, as invoiceLinesOf would read; their
 * orders being created have none either (newOrderWithoutInvoices).
 */
export function noteNewLinesWithoutInvoices(lines: BaseModel, ids: number[], since: number): void {
  const cr = lines.env.cr;
  const tables = cr.tables;
  if (!ids.length || !tables.unchangedSince(['sale_order_line_invoice_rel'], since)) return;
  let byLine = kept.get(cr);
  if (!byLine) kept.set(cr, byLine = new Map());
  if (byLine.size + ids.length > KEPT_MAX) byLine.clear();
  for (const id of ids) byLine.set(id, { rows: [], stamp: tables.version });
  for (const id of ids) createdWithOrder(lines, id);
}

/**
 * Whether order line `id` was created with its order, in this call, and has no invoice line:
 * its order is being created (BaseModel._create's `creating`) and no invoice link was written
 * since the order's creation began. The order is noted for its own amounts (newOrderWithoutInvoices).
 */
function createdWithOrder(lines: BaseModel, id: number): boolean {
  const creation = creations.get(lines.env.cr);
  const creatingOrders = lines.env.cache.creating.get('sale.order');
  if (!creation || !creatingOrders?.size) return false;
  const order = lines.sudo().browse([id])._values(['order_id']).get(id)?.order_id;
  if (typeof order !== 'number' || !creatingOrders.has(order)) return false;
  if (!lines.env.cr.tables.unchangedSince(['sale_order_line_invoice_rel'], creation.since)) return false;
  creation.orders.add(order);
  return true;
}

/**
 * Per call: the order lines linked to the lines of moves (by the moves' ids, joined by commas)
 * and the table version they were read at. A line's link rows are the only way to it from a
 * move (an invoice line never changes its move): the same while the link table is unchanged.
 */
const linkedByCall = new WeakMap<object, Map<string, { lines: number[]; stamp: number }>>();
/** Per call: the moves it created, and the table version before their creation. */
const createdByCall = new WeakMap<object, Map<number, number>>();

/** The order lines linked to moves `moveIds`, when known in this call (see keepLinkedLines). */
export function knownLinkedLines(m: BaseModel, moveIds: number[]): number[] | undefined {
  const tables = m.env.cr.tables;
  const known = linkedByCall.get(m.env.cache)?.get(moveIds.join(','));
  let lines: number[] | undefined;
  if (known && tables.unchangedSince(['sale_order_line_invoice_rel'], known.stamp)) lines = [...known.lines];
  // moves created in this call have lines linked only by writing the link table since
  const created = createdByCall.get(m.env.cache);
  if (!lines && created && moveIds.every((id) => created.has(id) && tables.unchangedSince(['sale_order_line_invoice_rel'], created.get(id)!))) lines = [];
  // what is derived from them (a compiled search of the moves' orders) depends on what the
  // query would have read
  if (lines) tables.note(['sale_order_line_invoice_rel', 'account_move_line']);
  return lines;
}

/** Note the order lines linked to moves `moveIds`, read at table version `stamp`. */
export function keepLinkedLines(m: BaseModel, moveIds: number[], lines: number[], stamp: number): void {
  let byMoves = linkedByCall.get(m.env.cache);
  if (!byMoves) linkedByCall.set(m.env.cache, byMoves = new Map());
  byMoves.set(moveIds.join(','), { lines: [...lines], stamp });
}

/** Note moves `moveIds` created in this call, from table version `since` on. */
export function noteCreatedMoves(m: BaseModel, moveIds: number[], since: number): void {
  let created = createdByCall.get(m.env.cache);
  if (!created) createdByCall.set(m.env.cache, created = new Map());
  for (const id of moveIds) created.set(id, since);
}

/**
 * Per call: the order lines of the invoice lines created in it, linked by their creation, and the
 * table version after the last of these links was written. Entries are kept while the link table
 * changed only by them: a link written otherwise (another line's, or these lines' links changed)
 * starts the list again.
 */
const newInvoiceLinks = new WeakMap<object, { links: Map<number, number[]>; stamp: number }>();

/** The ids a value links to a new record when it only links ids (integers, (4, id), (6, 0, ids)); null otherwise. */
function onlyLinks(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const out: number[] = [];
  for (const c of value) {
    if (Number.isInteger(c)) out.push(c as number);
    else if (Array.isArray(c) && c[0] === 4 && Number.isInteger(c[1])) out.push(c[1] as number);
    else if (Array.isArray(c) && c[0] === 6 && Array.isArray(c[2]) && c[2].every((x: unknown) => Number.isInteger(x))) out.push(...(c[2] as number[]));
    else return null;
  }
  return out;
}

/**
 * Write the order lines `value` of invoice line `line` being created (`write` does it) and note
 * them when the value only links ids: a new invoice line has no link before (ids are never
 * reused), so its order lines are the ids written, all existing (the link table's foreign keys).
 */
export function writeNewInvoiceLineLinks(m: BaseModel, line: number, value: unknown, write: () => void): void {
  const ids = onlyLinks(value);
  const tables = m.env.cr.tables;
  const known = newInvoiceLinks.get(m.env.cache);
  const chained = !!known && tables.unchangedSince(['sale_order_line_invoice_rel'], known.stamp);
  write();
  if (!ids) return;
  const links = chained ? known!.links : new Map<number, number[]>();
  links.set(line, [...new Set(ids)]);
  newInvoiceLinks.set(m.env.cache, { links, stamp: tables.version });
}

/**
 * The order lines linked to invoice lines `invoiceLines`, in id order, when all were created in
 * this call with their links noted (writeNewInvoiceLineLinks) and the link table is unchanged
 * since: what the ORM's search of the order lines pointing to them (invoice_lines) would find.
 */
export function knownNewInvoiceLinks(m: BaseModel, invoiceLines: number[]): number[] | undefined {
  const known = newInvoiceLinks.get(m.env.cache);
  if (!known || !invoiceLines.every((l) => known.links.has(l))) return undefined;
  // the search reads the order lines too, which are noted along for what is derived from it
  if (!m.env.cr.tables.unchangedSince(['sale_order_line_invoice_rel'], known.stamp)) return undefined;
  m.env.cr.tables.note(['sale_order_line_invoice_rel', 'sale_order_line']);
  return [...new Set(invoiceLines.flatMap((l) => known.links.get(l)!))].sort((a, b) => a - b);
}

/**
 * Per call: the moves whose state sale's account.move._write is writing. Their lines' invoicing
 * and their orders' amount to invoice are refreshed right after (_refreshSaleLines), from the
 * new state: the ORM following the state to those orders meanwhile (invoice_ids.state) would
 * compute the amount once more, from their lines' invoice status before it is refreshed.
 */
const stateBeingWritten = new WeakMap<object, Set<number>>();

/** Run `write` of moves `moves`' state, their orders refreshed after it by the caller. */
export function whileWritingMoveState<T>(m: BaseModel, moves: number[], write: () => T): T {
  let writing = stateBeingWritten.get(m.env.cache);
  if (!writing) stateBeingWritten.set(m.env.cache, writing = new Set());
  const added = moves.filter((id) => !writing!.has(id));
  for (const id of added) writing.add(id);
  try {
    return write();
  } finally {
    for (const id of added) writing.delete(id);
  }
}

/** Whether the orders of moves `moves` are refreshed after the write of their state under way. */
export function ordersRefreshedAfterState(m: BaseModel, moves: number[]): boolean {
  const writing = stateBeingWritten.get(m.env.cache);
  return !!writing && moves.length > 0 && moves.every((id) => writing.has(id));
}
