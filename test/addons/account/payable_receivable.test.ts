/**
 * account.move.line._check_payable_receivable (account_move_line.py): on a sales document only the
 * payment-term items are on a receivable account, on a purchase document only they are on a
 * payable one (Odoo's UserError otherwise); entries are not checked. The items of a batch are
 * checked against their own move's type and account, read together for the batch.
 */
import type { Database } from '../../../models/database';
import { expectOdooError, saleDemoDb } from '../../models/orm_helpers';

describe('receivable and payable items of invoices and bills', () => {
  let db: Database;
  beforeAll(() => {
    db = saleDemoDb('pr');
  });
  afterAll(() => db.close());

  const account = (type: string): number => db.cr.get<{ id: number }>(
    'SELECT id FROM account_account WHERE account_type = ? ORDER BY code, id LIMIT 1', [type])!.id;
  const move = (moveType: string, lines: Array<Record<string, unknown>>) => db.cr.transaction(() => db.env(2).model('account.move').create({
    move_type: moveType, partner_id: 10, invoice_date: '2026-03-01', date: '2026-03-01', line_ids: lines.map((l) => [0, 0, l]),
  }).ids[0]);

  test('an invoice line on the receivable account is refused, a bill line on the payable one too', () => {
    expectOdooError(() => move('out_invoice', [{ display_type: 'product', name: 'x', account_id: account('asset_receivable'), quantity: 1, price_unit: 10 }]),
      'odoo.exceptions.UserError', 'Any journal item on a receivable account must have a due date and vice versa.');
    expectOdooError(() => move('in_invoice', [{ display_type: 'product', name: 'x', account_id: account('liability_payable'), quantity: 1, price_unit: 10 }]),
      'odoo.exceptions.UserError', 'Any journal item on a payable account must have a due date and vice versa.');
  });

  test('the items of several moves in one creation: each is checked against its own move', () => {
    const income = account('income');
    const receivable = account('asset_receivable');
    // an entry may use the receivable account on any item
    const entry = move('entry', [{ name: 'a', account_id: receivable, balance: 10 }, { name: 'b', account_id: income, balance: -10 }]);
    const invoice = move('out_invoice', [{ display_type: 'product', name: 'x', account_id: income, quantity: 1, price_unit: 10 }]);
    expect(entry).toBeGreaterThan(0);
    // items of both moves created together: the invoice's receivable item without a due date is refused
    expectOdooError(() => db.cr.transaction(() => db.env(2).model('account.move.line').create([
      { move_id: entry, name: 'c', account_id: receivable, balance: 0 },
      { move_id: invoice, display_type: 'product', name: 'y', account_id: receivable, quantity: 1, price_unit: 0 },
    ])), 'odoo.exceptions.UserError', 'Any journal item on a receivable account must have a due date and vice versa.');
    // the same two on accounts their moves accept pass
    db.cr.transaction(() => db.env(2).model('account.move.line').create([
      { move_id: entry, name: 'c', account_id: receivable, balance: 0 },
      { move_id: invoice, display_type: 'product', name: 'y', account_id: income, quantity: 1, price_unit: 0 },
    ]));
  });
});
