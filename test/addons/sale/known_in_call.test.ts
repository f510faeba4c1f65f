/**
 * The records the ORM recomputes when invoices or orders change, found without a search when the
 * call knows them: the orders of moves (sale.order._pointingIds on invoice_ids, for
 * amount_to_invoice), the order lines of invoice lines created in the call (sale.order.line.
 * _pointingIds on invoice_lines, for the lines' invoicing) and the lines of orders created in the
 * call (on order_id); a new invoicing wizard's order; the status of an order being confirmed
 * before its lines follow. Each answer is compared with what the tables hold, read directly,
 * including after they are written otherwise in the same call.
 */
import type { Database } from '../../../models/database';
import type { AnyModel } from '../../../models/orm/model';
import { saleDemoDb, statementsOf } from '../../models/orm_helpers';

const LINE = (product: number, qty: number) => [0, 0, { product_id: product, product_uom_qty: qty, tax_id: [[6, 0, [1]]] }];

describe('records pointing to invoices, known to the call', () => {
  let db: Database;
  beforeAll(() => {
    db = saleDemoDb('ip');
  });
  afterAll(() => db.close());

  /** A confirmed order of Office Design Software ×2 and Acoustic Bloc Screens ×3 (invoiced on order / on delivery). */
  const confirmedOrder = (): { order: number; lines: number[] } => db.cr.transaction(() => {
    const env = db.env(2);
    const order = env.model('sale.order').create({ partner_id: 10, order_line: [LINE(7, 2), LINE(31, 3)] }).ids[0];
    env.model('sale.order').browse([order]).action_confirm();
    return { order, lines: env.model('sale.order.line').sudo()._searchIds([['order_id', '=', order]], { order: 'id' }) };
  });
  /** The order's invoice, made by the invoicing wizard. */
  const invoiceOf = (order: number): number => db.cr.transaction(() => {
    const env = db.env(2).withContext({ active_model: 'sale.order', active_ids: [order], active_id: order });
    const wizard = env.model('sale.advance.payment.inv').create({ advance_payment_method: 'delivered' }) as AnyModel;
    return (wizard.create_invoices() as { res_id: number }).res_id;
  });
  const ordersPointing = (moves: number[], env = db.env(2)) => {
    const orders = env.model('sale.order').sudo().withContext({ active_test: false });
    return orders._pointingIds(orders.cls._fields.invoice_ids, moves);
  };
  const linesPointing = (invoiceLines: number[], env = db.env(2)) => {
    const lines = env.model('sale.order.line').sudo();
    return lines._pointingIds(lines.cls._fields.invoice_lines, invoiceLines);
  };
  /** The order lines linked to invoice lines, read from the link table. */
  const linkedLines = (invoiceLines: number[]) => db.cr.all<{ l: number }>(
    `SELECT DISTINCT order_line_id AS l FROM sale_order_line_invoice_rel WHERE invoice_line_id IN (${invoiceLines.map(() => '?').join(',')}) ORDER BY order_line_id`,
    invoiceLines).map((r) => r.l);

  test("an invoice's orders; none for a payment's entry; a mix of both through the search", () => {
    const a = confirmedOrder();
    const b = confirmedOrder();
    const first = invoiceOf(a.order);
    const second = invoiceOf(b.order);
    expect(ordersPointing([first])).toEqual([a.order]);
    expect(ordersPointing([second, first])).toEqual([a.order, b.order]);
    const entry = db.cr.transaction(() => {
      const env = db.env(2);
      const [account] = env.model('account.account')._searchIds([['account_type', '=', 'income']], { limit: 1 });
      return env.model('account.move').create({
        move_type: 'entry', line_ids: [[0, 0, { account_id: account, name: 'x', debit: 10 }], [0, 0, { account_id: account, name: 'y', credit: 10 }]],
      }).ids[0];
    });
    // a move that is no customer invoice is no order's invoice: known from its type, no statement
    let none: number[] = [];
    const statements = statementsOf(db, () => { none = ordersPointing([entry]); });
    expect(none).toEqual([]);
    expect(statements.filter((s) => /sale_order/.test(s))).toEqual([]);
    expect(ordersPointing([entry, first])).toEqual([a.order]);
    // the search of invoice_ids gives the same orders
    expect(db.env(2).model('sale.order')._searchIds([['invoice_ids', 'in', [first, second]]], { order: 'id' })).toEqual([a.order, b.order]);
  });

  test('the order lines of invoice lines created in the call, followed as links change in it', () => {
    const { order, lines } = confirmedOrder();
    const other = confirmedOrder();
    db.cr.transaction(() => {
      const env = db.env(2);
      // a new move is known to have no lines linked before its lines are written
      const move = env.model('account.move').create({
        move_type: 'out_invoice', partner_id: 10,
        invoice_line_ids: [
          [0, 0, { product_id: 7, quantity: 1, price_unit: 280, sale_line_ids: [[4, lines[0]]] }],
          [0, 0, { product_id: 31, quantity: 1, price_unit: 295, sale_line_ids: [[6, 0, [lines[1], other.lines[1]]]] }],
          [0, 0, { product_id: 7, quantity: 1, price_unit: 280, sale_line_ids: [lines[0], other.lines[0]] }],
        ],
      }).ids[0];
      const invoiceLines = env.model('account.move.line').sudo()._searchIds([['move_id', '=', move], ['display_type', '=', 'product']], { order: 'id' });
      expect(invoiceLines).toHaveLength(3);
      let known: number[] = [];
      const statements = statementsOf(db, () => { known = linesPointing(invoiceLines, env); });
      expect(statements).toEqual([]);
      expect(known).toEqual(linkedLines(invoiceLines));
      expect(known).toEqual([...lines, ...other.lines].sort((x, y) => x - y));
      expect(linesPointing([invoiceLines[1]], env)).toEqual([lines[1], other.lines[1]].sort((x, y) => x - y));
      expect(ordersPointing([move], env)).toEqual([order, other.order].sort((x, y) => x - y));
      // the lines' invoiced quantities count the invoice lines linked to them (drafts count)
      const qty = env.model('sale.order.line').browse(lines)._values(['qty_invoiced']);
      expect(lines.map((l) => qty.get(l)!.qty_invoiced)).toEqual([2, 1]);
      // a link written otherwise: the search answers, with the new link
      env.model('account.move.line').browse([invoiceLines[0]]).sudo().write({ sale_line_ids: [[5]] });
      expect(linesPointing([invoiceLines[0]], env)).toEqual([]);
      expect(linesPointing(invoiceLines, env)).toEqual(linkedLines(invoiceLines));
    });
  });

  test("a new invoicing wizard's one order is known in its call, followed as it changes", () => {
    const a = confirmedOrder();
    const b = confirmedOrder();
    db.cr.transaction(() => {
      const env = db.env(2).withContext({ active_model: 'sale.order', active_ids: [a.order], active_id: a.order });
      let wizard: AnyModel | undefined;
      const statements = statementsOf(db, () => {
        wizard = env.model('sale.advance.payment.inv').create({ advance_payment_method: 'delivered' }) as AnyModel;
      });
      expect(statements.filter((t) => /SELECT .*sale_advance_payment_inv_sale_order_rel/.test(t))).toEqual([]);
      const id = wizard!.ids[0];
      expect(wizard!._orders(id)).toEqual([a.order]);
      expect(wizard!._values(['company_id', 'currency_id']).get(id)).toEqual(expect.objectContaining({ company_id: 1, currency_id: expect.any(Number) }));
      // another order set in the same call: read from the link table
      wizard!.write({ sale_order_ids: [[6, 0, [b.order]]] });
      expect(wizard!._orders(id)).toEqual([b.order]);
    });
  });

  test('the lines of orders created in the call, for what follows its computations', () => {
    const pointingSearch = (t: string) => /FROM "sale_order_line" WHERE "order_id"/.test(t);
    /** The lines of orders, with their salesperson and state (related to their order's), read from the table. */
    const inTable = (orders: number[]) => db.cr.all<{ id: number; salesman_id: number | null; state: string }>(
      `SELECT id, salesman_id, state FROM sale_order_line WHERE order_id IN (${orders.map(() => '?').join(',')}) ORDER BY id`, orders);
    db.cr.transaction(() => {
      const env = db.env(2);
      let a = 0;
      // the salesperson computed after the lines (from the customer) is given to the lines
      // found without a search
      const statements = statementsOf(db, () => {
        a = env.model('sale.order').create({ partner_id: 10, order_line: [LINE(7, 2), LINE(31, 3)] }).ids[0];
      });
      expect(statements.filter(pointingSearch)).toEqual([]);
      const user = env.model('sale.order').browse([a])._values(['user_id']).get(a)!.user_id;
      expect(user).toEqual(expect.any(Number));
      expect(inTable([a])).toEqual([
        { id: expect.any(Number), salesman_id: user, state: 'draft' }, { id: expect.any(Number), salesman_id: user, state: 'draft' }]);
      // an order whose creation also takes a line of another order: its lines are searched
      const [moved] = inTable([a]).map((r) => r.id);
      let c = 0;
      const withLink = statementsOf(db, () => {
        c = env.model('sale.order').create({ partner_id: 10, order_line: [LINE(31, 1), [4, moved]] }).ids[0];
      });
      expect(withLink.filter(pointingSearch).length).toBeGreaterThan(0);
      expect(inTable([c]).map((r) => [r.id === moved, r.salesman_id])).toEqual([[true, user], [false, user]]);
    });
  });

  test("an order's status while it is confirmed: from its lines once they follow, also when they change in the same write", () => {
    const statusReads = (t: string) => /SELECT invoice_status AS s/.test(t);
    const created = db.cr.transaction(() => db.env(2).model('sale.order').create({ partner_id: 10, order_line: [LINE(7, 2), LINE(31, 3)] }).ids[0]);
    let reads: string[] = [];
    db.cr.transaction(() => {
      // the status computed before the lines follow the new state is 'no' without reading them
      reads = statementsOf(db, () => db.env(2).model('sale.order').browse([created]).action_confirm()).filter(statusReads);
    });
    expect(reads).toHaveLength(1);
    const status = (order: number) => db.cr.get<{ s: string }>('SELECT invoice_status AS s FROM sale_order WHERE id = ?', [order])!.s;
    expect(status(created)).toBe('to invoice');
    // lines written by the same write, before the order's status is computed: read
    const other = db.cr.transaction(() => db.env(2).model('sale.order').create({ partner_id: 10, order_line: [LINE(31, 3)] }).ids[0]);
    const [line] = db.env(2).model('sale.order.line').sudo()._searchIds([['order_id', '=', other]]);
    expect(status(other)).toBe('no');
    db.cr.transaction(() => {
      db.env(2).model('sale.order').browse([other]).write({ state: 'sale', order_line: [[1, line, { product_id: 7, product_uom_qty: 4 }]] });
    });
    expect(status(other)).toBe('to invoice');
    expect(db.cr.get('SELECT qty_to_invoice AS q, invoice_status AS s FROM sale_order_line WHERE id = ?', [line])).toEqual({ q: 4, s: 'to invoice' });
  });

  test("posting an invoice: its orders' amount to invoice computed once, from the refreshed lines; known again after", () => {
    const { order } = confirmedOrder();
    const invoice = invoiceOf(order);
    db.cr.transaction(() => {
      const env = db.env(2);
      const runs: number[][] = [];
      const proto = (env.model('sale.order').constructor as unknown as { prototype: AnyModel }).prototype;
      const compute = proto._compute_amount_to_invoice as (this: AnyModel) => unknown;
      const spy = jest.spyOn(proto, '_compute_amount_to_invoice').mockImplementation(function (this: AnyModel) {
        runs.push([...this.ids]);
        return compute.call(this);
      });
      try {
        env.model('account.move').browse([invoice]).action_post();
      } finally {
        spy.mockRestore();
      }
      expect(runs).toEqual([[order]]);
      // the write of the state is over: the orders of the invoice are found again
      expect(ordersPointing([invoice], env)).toEqual([order]);
    });
    // Office Design Software ×2 invoiced (644 with the 15 % tax): the screens, not delivered, are left
    const left = db.cr.get<{ a: number; s: string }>('SELECT amount_to_invoice AS a, invoice_status AS s FROM sale_order WHERE id = ?', [order]);
    const total = db.cr.get<{ t: number }>('SELECT amount_total AS t FROM sale_order WHERE id = ?', [order])!.t;
    expect(left).toEqual({ a: Math.round((total - 644) * 100) / 100, s: 'no' });
  });
});
