/**
 * Look-ups of the invoicing flow written out or kept across calls instead of compiled as ORM
 * searches at every call: a new move's default journal (kept while the journals are unchanged)
 * and the register-payment wizard's items of its active moves (one plain query in the order the
 * search 'move_id, sequence, id' regrouped by active move gave them).
 */
import type { Database } from '../../../models/database';
import type { AnyModel, Vals } from '../../../models/orm/model';
import { saleDemoDb } from '../../models/orm_helpers';

describe('kept and written-out look-ups of invoicing', () => {
  let db: Database;
  beforeAll(() => {
    db = saleDemoDb('kl');
  });
  afterAll(() => db.close());

  const invoice = (vals: Vals = {}): number => db.cr.transaction(() => db.env(2).model('account.move').create([{
    move_type: 'out_invoice', partner_id: 10, invoice_date: '2026-03-01',
    invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 100, tax_ids: [[6, 0, []]] }]], ...vals,
  }]).ids[0]);
  const journalOf = (move: number) => db.cr.get<{ j: number }>('SELECT journal_id AS j FROM account_move WHERE id = ?', [move])!.j;

  test('a new invoice follows the journals: a new first sales journal, then that journal archived', () => {
    const usual = journalOf(invoice());
    expect(journalOf(invoice())).toBe(usual);
    const company = db.cr.get<{ c: number }>('SELECT company_id AS c FROM account_journal WHERE id = ?', [usual])!.c;
    const first = db.cr.transaction(() => db.env(2).model('account.journal').create([{
      name: 'First sales', code: 'FSAL', type: 'sale', company_id: company, sequence: -1,
    }]).ids[0]);
    expect(journalOf(invoice())).toBe(first);
    db.cr.transaction(() => db.env(2).model('account.journal').browse([first]).write({ active: false }));
    expect(journalOf(invoice())).toBe(usual);
  });

  test('the wizard takes the items of its moves in the active moves\' order, each by sequence (empty last) then id', () => {
    const term = db.env(1).xmlidLookup('account.account_payment_term_advance_60days')![1];
    const a = invoice({ invoice_payment_term_id: term });
    const b = invoice({ invoice_payment_term_id: term });
    db.cr.transaction(() => db.env(2).model('account.move').browse([a, b]).action_post());
    const receivables = (move: number) => db.cr.raw(
      "SELECT id FROM account_move_line WHERE move_id = ? AND display_type = 'payment_term' ORDER BY id", [move]).map((r) => r[0] as number);
    const [a1, a2] = receivables(a);
    const [b1, b2] = receivables(b);
    // a's second instalment first by sequence; b's first without a sequence (after the other)
    db.cr.transaction(() => {
      db.cr.run('UPDATE account_move_line SET sequence = 1 WHERE id = ?', [a2]);
      db.cr.run('UPDATE account_move_line SET sequence = 2 WHERE id = ?', [a1]);
      db.cr.run('UPDATE account_move_line SET sequence = NULL WHERE id = ?', [b1]);
      db.cr.run('UPDATE account_move_line SET sequence = 5 WHERE id = ?', [b2]);
    });
    const active = (ids: number[]) => db.cr.transaction(() => (db.env(2).model('account.payment.register')
      .withContext({ active_model: 'account.move', active_ids: ids }) as AnyModel)._activeLines() as number[]);
    expect(active([b, a])).toEqual([b2, b1, a2, a1]);
    expect(active([a, b])).toEqual([a2, a1, b2, b1]);
    // what the ORM's search gives, regrouped by active move
    const searched = db.cr.transaction(() => db.env(2).model('account.move.line').sudo()
      ._searchIds([['move_id', 'in', [a, b]], ['id', 'in', [a1, a2, b1, b2]]], { order: 'move_id, sequence, id' }));
    const regrouped = [b, a].flatMap((m) => searched.filter((l: number) => [a1, a2].includes(l) === (m === a)));
    expect(active([b, a])).toEqual(regrouped);
  });
});
