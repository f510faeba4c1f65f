/**
 * The lines of an order created in the current call, known without reading them back: when its
 * creation's order_line value only creates lines, its lines are those created then (each new
 * line's order_id is the order, given by the command), while the lines' table is unchanged since.
 *
 * The ORM asks for them right after the order's own computations (the records depending on the
 * new order's fields: its lines' related state, salesperson), as Odoo's modified() searches
 * `[('order_id', 'in', ids)]`.
 */
import type { BaseModel } from '../orm/model';

/** Per call, while a new order's lines are created: the order and the lines created for it. */
const collecting = new WeakMap<object, { order: number; lines: number[] }>();
/** Per call: the lines of each order created in it (see writeNewOrderLines) and the table version after them. */
const known = new WeakMap<object, Map<number, { lines: number[]; stamp: number }>>();

/** Whether an order_line value only creates lines ((0, _, values) commands). */
function onlyCreations(value: unknown): boolean {
  return Array.isArray(value) && value.every((c) => Array.isArray(c) && c[0] === 0);
}

/**
 * Write the order_line value of order `order` being created (`write` does it), noting the lines
 * it creates when it only creates lines.
 */
export function writeNewOrderLines(order: BaseModel, value: unknown, write: () => void): void {
  if (order.ids.length !== 1 || !onlyCreations(value)) {
    write();
    return;
  }
  const cache = order.env.cache;
  const outer = collecting.get(cache);
  const current = { order: order.ids[0], lines: [] as number[] };
  collecting.set(cache, current);
  try {
    write();
  } finally {
    if (outer) collecting.set(cache, outer);
    else collecting.delete(cache);
  }
  let byOrder = known.get(cache);
  if (!byOrder) known.set(cache, byOrder = new Map());
  byOrder.set(current.order, { lines: current.lines, stamp: order.env.cr.tables.version });
}

/** Lines `lines` were created: those of the order whose lines are being created are noted. */
export function noteCreatedOrderLines(lines: BaseModel): void {
  const current = collecting.get(lines.env.cache);
  if (!current) return;
  for (const [id, v] of lines._values(['order_id'])) if (v.order_id === current.order) current.lines.push(id);
}

/**
 * The lines of orders `orderIds`, in id order, when all were created in this call with their
 * lines noted and the lines' table is unchanged since; undefined otherwise.
 */
export function knownNewOrderLines(m: BaseModel, orderIds: number[]): number[] | undefined {
  const byOrder = known.get(m.env.cache);
  if (!byOrder || !orderIds.length) return undefined;
  const out = new Set<number>();
  for (const o of orderIds) {
    const entry = byOrder.get(o);
    if (!entry || !m.env.cr.tables.unchangedSince(['sale_order_line'], entry.stamp)) return undefined;
    for (const l of entry.lines) out.add(l);
  }
  m.env.cr.tables.note(['sale_order_line']);
  return [...out].sort((a, b) => a - b);
}
