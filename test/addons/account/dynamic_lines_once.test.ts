/**
 * The dynamic lines of a new invoice (move_sync.ts): its first tax lines wait for its payment-term
 * lines and both are created in one account.move.line creation, tax lines first (the ids they had
 * when created one step after the other); with several invoices, or payment-term lines already
 * there, the tax lines are created on their own, before any change of the payment-term step.
 * Each case checks the lines' kinds, order and amounts as stored.
 */
import type { Database } from '../../../models/database';
import type { AnyModel, Vals } from '../../../models/orm/model';
import { saleDemoDb } from '../../models/orm_helpers';

describe('dynamic lines of a new invoice', () => {
  let db: Database;
  beforeAll(() => {
    db = saleDemoDb('dl');
  });
  afterAll(() => db.close());

  /** The kinds of the lines of each account.move.line creation made while running fn. */
  const creations = (fn: () => unknown): string[][] => {
    const proto = Object.getPrototypeOf(db.env(2).model('account.move.line')) as { _create(v: Vals[]): unknown };
    const original = proto._create;
    const calls: string[][] = [];
    const spy = jest.spyOn(proto, '_create').mockImplementation(function (this: AnyModel, valsList: Vals[]) {
      calls.push(valsList.map((v) => String(v.display_type ?? 'product')));
      return original.call(this, valsList);
    } as never);
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
    return calls;
  };
  const lines = (move: number) => db.cr.all<{ id: number; display_type: string; balance: number; date_maturity: string | null }>(
    'SELECT id, display_type, balance, date_maturity FROM account_move_line WHERE move_id = ? ORDER BY id', [move]);
  const termId = () => db.env(1).xmlidLookup('account.account_payment_term_advance_60days')![1];
  const invoiceVals = (lineVals: Vals[], term: number | false = false): Vals => ({
    move_type: 'out_invoice', partner_id: 10, invoice_date: '2026-03-01', invoice_payment_term_id: term,
    invoice_line_ids: lineVals.map((v) => [0, 0, v]),
  });
  const taxed = (price: number): Vals => ({ name: `taxed ${price}`, quantity: 1, price_unit: price, tax_ids: [[6, 0, [1]]] });
  const untaxed = (price: number): Vals => ({ name: `untaxed ${price}`, quantity: 1, price_unit: price, tax_ids: [[6, 0, []]] });

  test('one invoice: its tax and payment-term lines in one creation, tax lines first, amounts balanced', () => {
    let move = 0;
    const calls = creations(() => db.cr.transaction(() => {
      move = db.env(2).model('account.move').create(invoiceVals([taxed(100), taxed(50)], termId())).ids[0];
    }));
    expect(calls).toEqual([['product', 'product'], ['tax', 'payment_term', 'payment_term']]);
    const rows = lines(move);
    expect(rows.map((r) => r.display_type)).toEqual(['product', 'product', 'tax', 'payment_term', 'payment_term']);
    const tax = rows.find((r) => r.display_type === 'tax')!;
    expect(tax.balance).toBeCloseTo(-22.5, 2);
    const terms = rows.filter((r) => r.display_type === 'payment_term');
    expect(terms.reduce((s, r) => s + r.balance, 0)).toBeCloseTo(172.5, 2);
    expect(terms.map((r) => r.balance)).toEqual([51.75, 120.75]);
    expect(rows.reduce((s, r) => s + r.balance, 0)).toBeCloseTo(0, 6);
    const stored = db.cr.get<{ amount_tax: number; amount_total: number; invoice_date_due: string }>(
      'SELECT amount_tax, amount_total, invoice_date_due FROM account_move WHERE id = ?', [move])!;
    expect(stored).toEqual({ amount_tax: 22.5, amount_total: 172.5, invoice_date_due: '2026-04-30' });
  });

  test('two invoices in one creation: tax lines of both first, then their payment-term lines', () => {
    let moves: number[] = [];
    const calls = creations(() => db.cr.transaction(() => {
      moves = db.env(2).model('account.move').create([invoiceVals([taxed(10)]), invoiceVals([taxed(20)])]).ids;
    }));
    expect(calls.slice(-4)).toEqual([['tax'], ['tax'], ['payment_term'], ['payment_term']]);
    const [a, b] = moves.map(lines);
    const idOf = (rows: typeof a, kind: string) => rows.find((r) => r.display_type === kind)!.id;
    expect(idOf(a, 'tax')).toBeLessThan(idOf(b, 'tax'));
    expect(idOf(b, 'tax')).toBeLessThan(idOf(a, 'payment_term'));
    expect(b.reduce((s, r) => s + r.balance, 0)).toBeCloseTo(0, 6);
  });

  test('payment-term lines already there: the new tax lines are created on their own, then the terms follow', () => {
    let move = 0;
    db.cr.transaction(() => { move = db.env(2).model('account.move').create(invoiceVals([untaxed(40)])).ids[0]; });
    expect(lines(move).map((r) => r.display_type)).toEqual(['product', 'payment_term']);
    const calls = creations(() => db.cr.transaction(() => {
      db.env(2).model('account.move').browse([move]).write({ invoice_line_ids: [[0, 0, taxed(60)]] });
    }));
    expect(calls).toEqual([['product'], ['tax']]);
    const rows = lines(move);
    expect(rows.map((r) => r.display_type)).toEqual(['product', 'payment_term', 'product', 'tax']);
    expect(rows.find((r) => r.display_type === 'payment_term')!.balance).toBeCloseTo(109, 2);
    expect(rows.reduce((s, r) => s + r.balance, 0)).toBeCloseTo(0, 6);
  });
});
