/**
 * A created record's row goes into the call's record cache from its INSERT (Odoo's _create puts
 * the new values in its cache): computing the new record's fields and reading it in the same call
 * read nothing back, and give what a later call reads from the table. Records created in a call
 * are pointed to only by rows written after their INSERT: the search for them is skipped when
 * no such row was written.
 */
import { DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { TEMPLATE_DIR } from '../helpers/server';
import { demoDb, statementsOf } from './orm_helpers';

const PARTNER_FIELDS = ['name', 'is_company', 'type', 'color', 'partner_latitude', 'date', 'country_id', 'email',
  'active', 'comment', 'ref', 'parent_id', 'commercial_partner_id', 'complete_name', 'display_name', 'category_id'];

describe('a new record in the record cache', () => {
  let db: Database;
  beforeAll(() => {
    db = demoDb();
  });

  test('is read in its call without reading its row back, with the values the table gives later', () => {
    const env = db.env(2);
    let id = 0;
    let inCall: unknown;
    const rowReads = rowReadsOf(db, 'res_partner', () => db.cr.transaction(() => {
      const tag = env.model('res.partner.category').create({ name: 'Cached tag' }).ids[0];
      id = env.model('res.partner').create({
        name: 'Cached Partner', is_company: true, color: 3, partner_latitude: 12.5, date: '2026-03-04',
        country_id: 75, email: 'cached@example.com', comment: '<p>hello</p>', category_id: [[6, 0, [tag]]],
      }).ids[0];
      inCall = env.model('res.partner').browse(id).read(PARTNER_FIELDS);
    }));
    expect(rowReads.filter((ids) => ids.includes(id))).toEqual([]);
    // a later call: a new record cache, the row as the table has it
    const later = env.model('res.partner').browse(id).read(PARTNER_FIELDS);
    expect(inCall).toEqual(later);
    expect(later).toEqual([expect.objectContaining({
      name: 'Cached Partner', is_company: true, type: 'contact', color: 3, date: '2026-03-04', country_id: [75, expect.any(String)],
      active: true, ref: false, parent_id: false, commercial_partner_id: [id, 'Cached Partner'],
    })]);
    expect(Number((later as Array<{ partner_latitude: unknown }>)[0].partner_latitude)).toBe(12.5);
  });

  test('a translated value is read from the table (what a language reads depends on the others)', () => {
    const env = db.env(2);
    let inCall: unknown;
    let id = 0;
    db.cr.transaction(() => {
      id = env.model('res.partner.category').create({ name: 'Translated tag' }).ids[0];
      inCall = env.model('res.partner.category').browse(id).read(['name', 'display_name']);
    });
    expect(inCall).toEqual([{ id, name: 'Translated tag', display_name: 'Translated tag' }]);
  });
});

describe('records pointing to new ones', () => {
  let acc: Database;
  beforeAll(() => {
    acc = new DatabaseManager(null, { templateDir: TEMPLATE_DIR }).create(`cc_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'account'] });
  }, 600_000);

  test("are not searched for when nothing was written that could point to them: a new invoice's lines have no reconciliation", () => {
    const env = acc.env(2);
    let move = 0;
    const statements = statementsOf(acc, () => acc.cr.transaction(() => {
      move = env.model('account.move').create({
        move_type: 'out_invoice', partner_id: 10, invoice_date: '2026-02-01',
        invoice_line_ids: [[0, 0, { name: 'Service', quantity: 2, price_unit: 50 }]],
      }).ids[0];
    }));
    expect(statements.filter((s) => /FROM "account_partial_reconcile"/.test(s))).toEqual([]);
    // and the lines' residuals are computed as ever: the receivable line owes the total
    const [inv] = env.model('account.move').browse(move).read(['amount_total', 'amount_residual', 'line_ids']) as Array<{ amount_total: unknown; amount_residual: unknown; line_ids: number[] }>;
    const lines = env.model('account.move.line').browse(inv.line_ids).read(['display_type', 'amount_residual', 'balance']) as Array<{ display_type: string; amount_residual: unknown; balance: unknown }>;
    const receivable = lines.find((l) => l.display_type === 'payment_term')!;
    expect(Number(receivable.amount_residual)).toBe(Number(inv.amount_total));
    expect(Number(receivable.balance)).toBe(Number(inv.amount_total));
  });

  test('are found when created in the same call: a new entry\'s lines carry its date and reference', () => {
    const sale = acc;
    const env = sale.env(2);
    // the lines are created inside the move's create, after its INSERT: they point to it
    const move = sale.cr.transaction(() => env.model('account.move').create({
      move_type: 'entry', date: '2026-02-01', ref: 'pointing',
      line_ids: [[0, 0, { name: 'a', account_id: accountId(sale, 'asset_current'), debit: 10 }],
        [0, 0, { name: 'b', account_id: accountId(sale, 'income'), credit: 10 }]],
    }).ids[0]);
    const lines = env.model('account.move.line').search_read([['move_id', '=', move]], ['move_name', 'parent_state', 'date', 'ref']);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toEqual(expect.objectContaining({ parent_state: 'draft', date: '2026-02-01', ref: 'pointing' }));
  });
});

/** The ids of each wide read of `table`'s rows by id (the record cache's fetch) while `fn` runs. */
function rowReadsOf(db: Database, table: string, fn: () => unknown): number[][] {
  const out: number[][] = [];
  const original = db.cr.raw.bind(db.cr);
  const spy = jest.spyOn(db.cr, 'raw').mockImplementation(((q: unknown, params?: unknown[]) => {
    const text = typeof q === 'string' ? q : (q as { text: string }).text;
    const ps = typeof q === 'string' ? params ?? [] : (q as { params: unknown[] }).params;
    if (text.startsWith('SELECT "id", ') && text.includes(`FROM "${table}" WHERE id IN`)) out.push(ps as number[]);
    return original(q as never, params as never);
  }) as never);
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

function accountId(db: Database, type: string): number {
  return (db.cr.get<{ id: number }>('SELECT id FROM account_account WHERE account_type = ? ORDER BY id LIMIT 1', [type]))!.id;
}
