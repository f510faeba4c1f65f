/**
 * Invoicing rules with figures worked out by hand from Odoo 17's rules (account_tax.py
 * compute_all, the sequence mixin, account_move.py _compute_payment_state); each figure was
 * also checked on a real Odoo 17 database with the same calls.
 */
import { DatabaseManager, type Database } from '../../../models/database';
import { DEFAULT_MODULES } from '../../../models/modules/builtin';
import type { AnyModel, Vals } from '../../../models/orm/model';
import { TEMPLATE_DIR } from '../../helpers/server';
import { syncScope } from '../../../models/account/move_sync';
import { RECONCILE_COLUMNS, reconcileLines, type ReconcileLine } from '../../../models/account/reconcile';
import { followsPaymentOnlyThroughItems, postedAtOnce } from '../../../models/account/account_payment';

let db: Database;
const ADMIN = 2;
const num = (v: unknown) => Number(v);

beforeAll(() => {
  db = new DatabaseManager(null, { templateDir: TEMPLATE_DIR }).create(`account_rules_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'account', 'payment_demo'] });
}, 600_000);

/** Run `fn` as admin in a transaction that is rolled back, so each test starts from the demo data. */
function scenario<T>(fn: (env: ReturnType<Database['env']>) => T): T {
  let result: T | undefined;
  try {
    db.cr.transaction(() => {
      result = fn(db.env(ADMIN));
      throw new Error('rollback');
    });
  } catch (e) {
    if ((e as Error).message !== 'rollback') throw e;
  }
  return result as T;
}

function tax(env: ReturnType<Database['env']>, vals: Vals): number {
  return env.model('account.tax').create([{ name: `T ${Math.random()}`, ...vals }]).ids[0];
}

function computeAll(env: ReturnType<Database['env']>, ids: number[], price: number, quantity = 1): { excluded: number; included: number; taxes: number[] } {
  const res = (env.model('account.tax').browse(ids) as AnyModel).compute_all(price, null, quantity) as Vals;
  return { excluded: num(res.total_excluded), included: num(res.total_included), taxes: (res.taxes as Vals[]).map((t) => num(t.amount)) };
}

describe('compute_all', () => {
  it('a percentage on the line total: 15% of 2 x 100 is 30', () => {
    scenario((env) => {
      expect(computeAll(env, [env.refId('account.1_sale_tax_template')], 100, 2)).toEqual({ excluded: 200, included: 230, taxes: [30] });
    });
  });

  it('a price-included tax takes its part out of the price: 110 at 10% included is 100 + 10', () => {
    scenario((env) => {
      expect(computeAll(env, [tax(env, { amount: 10, price_include: true })], 110)).toEqual({ excluded: 100, included: 110, taxes: [10] });
    });
  });

  it('a division tax is a share of the total: 90 / (1 - 10%) - 90 = 10', () => {
    scenario((env) => {
      expect(computeAll(env, [tax(env, { amount_type: 'division', amount: 10 })], 90)).toEqual({ excluded: 90, included: 100, taxes: [10] });
    });
  });

  it('a fixed tax counts per unit: 5 x 3 units = 15, whatever the price', () => {
    scenario((env) => {
      const r = computeAll(env, [tax(env, { amount_type: 'fixed', amount: 5 })], 33.33, 3);
      expect(r.taxes).toEqual([15]);
      expect(r.included).toBeCloseTo(114.99, 10);
    });
  });

  it('a group applies its children, each on the same base: 5% and 3% of 100', () => {
    scenario((env) => {
      const children = [tax(env, { amount: 5, type_tax_use: 'none' }), tax(env, { amount: 3, type_tax_use: 'none' })];
      const group = tax(env, { amount_type: 'group', amount: 0, children_tax_ids: [[6, 0, children]] });
      expect(computeAll(env, [group], 100)).toEqual({ excluded: 100, included: 108, taxes: [5, 3] });
    });
  });
});

describe('rounding per line or globally (res.company tax_calculation_rounding_method)', () => {
  // three lines of 0.10 and one of 3 x 0.99, all at 15%:
  //   per line: round(0.015) = 0.02 three times, round(0.4455) = 0.45 -> 0.51
  //   globally: 0.015 x 3 + 0.4455 = 0.4905, rounded once -> 0.49
  const lines = () => [...[1, 2, 3].map(() => [0, 0, { name: 'a', quantity: 1, price_unit: 0.10 }]), [0, 0, { name: 'b', quantity: 3, price_unit: 0.99 }]];
  for (const [method, taxAmount] of [['round_per_line', 0.51], ['round_globally', 0.49]] as const) {
    it(`${method}: tax ${taxAmount} on 3.27`, () => {
      scenario((env) => {
        env.model('res.company').browse([1]).write({ tax_calculation_rounding_method: method });
        const t15 = env.refId('account.1_sale_tax_template');
        const inv = env.model('account.move').create([{
          move_type: 'out_invoice', partner_id: env.refId('base.res_partner_12'), invoice_date: '2026-03-10',
          invoice_line_ids: lines().map(([a, b, v]) => [a, b, { ...(v as Vals), tax_ids: [[6, 0, [t15]]] }]),
        }]);
        const [v] = inv.read(['amount_untaxed', 'amount_tax', 'amount_total']);
        expect([num(v.amount_untaxed), num(v.amount_tax), num(v.amount_total)]).toEqual([3.27, taxAmount, +(3.27 + taxAmount).toFixed(2)]);
      });
    });
  }
});

describe('numbers and payment states', () => {
  /** The look-ups of a journal's last number (account.move numbering) made until `get.mockRestore()`. */
  function spyLastNumberLookups(): { lookups: string[]; get: jest.SpyInstance } {
    const lookups: string[] = [];
    const original = db.cr.get.bind(db.cr);
    const get = jest.spyOn(db.cr, 'get').mockImplementation((q, params = []) => {
      const text = typeof q === 'string' ? q : q.text;
      if (/FROM account_move WHERE journal_id = \? .*ORDER BY id DESC LIMIT 1/.test(text)) lookups.push(text);
      return original(q, params);
    });
    return { lookups, get };
  }
  function invoice(env: ReturnType<Database['env']>, date: string, price: number, moveType = 'out_invoice'): AnyModel {
    return env.model('account.move').create([{
      move_type: moveType, partner_id: env.refId('base.res_partner_2'), invoice_date: date,
      invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: price, tax_ids: [] }]],
    }]) as AnyModel;
  }

  it('a draft is "/" unless it is the first of its period; posting takes the next number of the journal and year', () => {
    scenario((env) => {
      // _compute_name: a draft with nothing numbered before it in the journal that year takes
      // the first number at once; the next drafts wait for posting
      const a = invoice(env, '2024-05-02', 10);
      const b = invoice(env, '2024-05-03', 10);
      expect([a.get('name'), b.get('name')]).toEqual(['INV/2024/00001', '/']);
      b.action_post();
      a.action_post();
      expect([a.get('name'), b.get('name')]).toEqual(['INV/2024/00001', 'INV/2024/00002']);
      expect(invoice(env, '2026-03-11', 10).get('name')).toBe('/');
      const refund = invoice(env, '2024-06-01', 5, 'out_refund');
      refund.action_post();
      expect(refund.get('name')).toBe('RINV/2024/00001');
    });
  });

  it('posting an invoice without date dates it today and numbers it once, with its state (one look-up of the journal\'s last number)', () => {
    scenario((env) => {
      invoice(env, '2024-05-02', 10).action_post(); // INV/2024/00001: the journal is numbered that year
      const inv = env.model('account.move').create([{
        move_type: 'out_invoice', partner_id: env.refId('base.res_partner_2'), date: '2024-05-03',
        invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 10, tax_ids: [] }]],
      }]) as AnyModel;
      expect([inv.get('name'), inv.get('invoice_date')]).toEqual(['/', false]);
      const { lookups, get } = spyLastNumberLookups();
      const journal = inv.get('journal_id') as number;
      const last = (prefix: string) => db.cr.get<{ n: number | null }>('SELECT MAX(sequence_number) AS n FROM account_move WHERE journal_id = ? AND sequence_prefix = ? AND id != ?', [journal, prefix, inv.ids[0]])!.n ?? 0;
      const updates: string[] = [];
      const prepareOriginal = db.cr.prepare.bind(db.cr);
      const prepare = jest.spyOn(db.cr, 'prepare').mockImplementation((text: string) => {
        if (/^UPDATE "account_move" SET/.test(text.trim())) updates.push(text);
        return prepareOriginal(text);
      });
      try { inv.action_post(); } finally { get.mockRestore(); prepare.mockRestore(); }
      // the date goes in with the state, in one write (as Odoo flushes them together)
      expect(updates.filter((t) => t.includes('"invoice_date"')).map((t) => t.includes('"state"'))).toEqual([true]);
      // _post gives today's date, then the next number of today's year
      const year = String(inv.get('invoice_date')).slice(0, 4);
      expect(inv.get('date')).toBe(inv.get('invoice_date'));
      expect(inv.get('name')).toBe(`INV/${year}/${String(last(`INV/${year}/`) + 1).padStart(5, '0')}`);
      expect(inv.get('payment_reference')).toBe(inv.get('name'));
      expect(lookups.length).toBe(1);
    });
  });

  it("a payment registered through the wizard gets the next number of its journal's payments, with one look-up (it is posted at once)", () => {
    scenario((env) => {
      const inv = invoice(env, '2024-05-02', 10);
      inv.action_post();
      const wizard = env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: inv.ids }).create([{}]) as AnyModel;
      const journal = wizard.get('journal_id') as number;
      const { lookups, get } = spyLastNumberLookups();
      let payment: AnyModel;
      try {
        payment = env.model('account.payment').browse([(wizard.action_create_payments() as Vals).res_id as number]) as AnyModel;
      } finally { get.mockRestore(); }
      const entry = payment.get('move_id') as number;
      const row = db.cr.get<{ name: string; sequence_prefix: string; sequence_number: number; state: string }>('SELECT name, sequence_prefix, sequence_number, state FROM account_move WHERE id = ?', [entry])!;
      const code = db.cr.get<{ code: string }>('SELECT code FROM account_journal WHERE id = ?', [journal])!.code;
      const year = String(payment.get('date')).slice(0, 4);
      const before = db.cr.get<{ n: number | null }>('SELECT MAX(sequence_number) AS n FROM account_move WHERE journal_id = ? AND sequence_prefix = ? AND id != ?', [journal, `P${code}/${year}/`, entry])!.n ?? 0;
      expect(row).toEqual({ name: `P${code}/${year}/${String(before + 1).padStart(5, '0')}`, sequence_prefix: `P${code}/${year}/`, sequence_number: before + 1, state: 'posted' });
      expect(lookups.length).toBe(1);
    });
  });

  /** The UPDATE statements of account_move prepared until `prepare.mockRestore()`, and every statement text run through the cursor's methods. */
  function spyMoveUpdates(): { updates: string[]; texts: string[]; restore: () => void } {
    const updates: string[] = [];
    const texts: string[] = [];
    const prepareOriginal = db.cr.prepare.bind(db.cr);
    const spies: jest.SpyInstance[] = [jest.spyOn(db.cr, 'prepare').mockImplementation((text: string) => {
      if (/^UPDATE "account_move" SET/.test(text.trim())) updates.push(text);
      return prepareOriginal(text);
    })];
    for (const m of ['raw', 'all', 'get'] as const) {
      const original = (db.cr[m] as (...a: unknown[]) => unknown).bind(db.cr);
      spies.push(jest.spyOn(db.cr, m).mockImplementation(((q: string | { text: string }, ...rest: unknown[]) => {
        texts.push(typeof q === 'string' ? q : q.text);
        return original(q, ...rest);
      }) as never));
    }
    return { updates, texts, restore: () => spies.forEach((s) => s.mockRestore()) };
  }

  it('posting numbers a dated invoice in the same write as its state; a batch takes consecutive numbers in the order of its records', () => {
    scenario((env) => {
      invoice(env, '2024-05-02', 10).action_post(); // INV/2024/00001: the journal is numbered that year
      const a = invoice(env, '2024-05-03', 10);
      const b = invoice(env, '2024-05-04', 10);
      expect([a.get('name'), b.get('name')]).toEqual(['/', '/']);
      const { updates, restore } = spyMoveUpdates();
      try { env.model('account.move').browse([b.ids[0], a.ids[0]]).action_post(); } finally { restore(); }
      const numberWrites = updates.filter((t) => t.includes('"name"'));
      expect(numberWrites.length).toBe(2);
      for (const t of numberWrites) expect(['"state"', '"sequence_prefix"', '"sequence_number"', '"payment_reference"'].every((c) => t.includes(c))).toBe(true);
      // no state written without its number
      expect(updates.filter((t) => t.includes('"state"') && !t.includes('"name"'))).toEqual([]);
      const rows = db.cr.all<{ id: number; name: string; sequence_prefix: string; sequence_number: number; state: string; payment_reference: string }>(
        'SELECT id, name, sequence_prefix, sequence_number, state, payment_reference FROM account_move WHERE id IN (?, ?) ORDER BY id', [a.ids[0], b.ids[0]]);
      expect(rows.map((r) => [r.name, r.sequence_prefix, r.sequence_number, r.state, r.payment_reference])).toEqual([
        ['INV/2024/00003', 'INV/2024/', 3, 'posted', 'INV/2024/00003'],
        ['INV/2024/00002', 'INV/2024/', 2, 'posted', 'INV/2024/00002'],
      ]);
      // the items follow the number and the state
      const items = db.cr.all<{ move_id: number; move_name: string; parent_state: string }>('SELECT DISTINCT move_id, move_name, parent_state FROM account_move_line WHERE move_id IN (?, ?) ORDER BY move_id', [a.ids[0], b.ids[0]]);
      expect(items).toEqual([
        { move_id: a.ids[0], move_name: 'INV/2024/00003', parent_state: 'posted' },
        { move_id: b.ids[0], move_name: 'INV/2024/00002', parent_state: 'posted' },
      ]);
    });
  });

  it("a new payment's entry gets the payment's values and its items in one UPDATE, without looking for items it cannot have yet", () => {
    scenario((env) => {
      const partner = env.refId('base.res_partner_address_15'); // a contact of Azure Interior
      const { updates, texts, restore } = spyMoveUpdates();
      let payment: AnyModel;
      try {
        // (numbered at posting, as the register wizard's payments: no draft number written)
        payment = postedAtOnce(env, () => env.model('account.payment').create([{ payment_type: 'inbound', partner_type: 'customer', partner_id: partner, amount: 42, date: '2024-05-03' }])) as AnyModel;
      } finally { restore(); }
      const entry = payment.get('move_id') as number;
      expect(updates.filter((t) => t.includes('"payment_id"')).length).toBe(1);
      expect(texts.filter((t) => /FROM "account_move_line" WHERE "move_id" IN/.test(t))).toEqual([]);
      const commercial = env.model('res.partner').browse([partner]).get('commercial_partner_id');
      expect(commercial).not.toBe(partner);
      const move = db.cr.get<{ payment_id: number; partner_id: number; commercial_partner_id: number; currency_id: number; amount_total: number }>(
        'SELECT payment_id, partner_id, commercial_partner_id, currency_id, amount_total FROM account_move WHERE id = ?', [entry])!;
      expect(move).toEqual({ payment_id: payment.ids[0], partner_id: partner, commercial_partner_id: commercial, currency_id: payment.get('currency_id'), amount_total: 42 });
      const items = db.cr.all<{ payment_id: number; balance: number; partner_id: number }>('SELECT payment_id, balance, partner_id FROM account_move_line WHERE move_id = ? ORDER BY id', [entry]);
      expect(items).toEqual([{ payment_id: payment.ids[0], balance: 42, partner_id: partner }, { payment_id: payment.ids[0], balance: -42, partner_id: partner }]);
    });
  });

  it("that shortcut holds while nothing else follows those values of an entry: a model with a field related to the entry's partner turns it off", () => {
    const env = db.env(ADMIN);
    expect(followsPaymentOnlyThroughItems(env)).toBe(true);
    const Follower = {
      _name: 'x.entry.follower', _constrains: {},
      _fields: {
        move_id: { name: 'move_id', type: 'many2one', comodel: 'account.move', column: 'move_id', spec: {} },
        move_partner_id: { name: 'move_partner_id', type: 'many2one', comodel: 'res.partner', column: 'move_partner_id', spec: { related: 'move_id.partner_id' } },
      },
    };
    const models = new Map<string, unknown>([...env.registry.models, [Follower._name, Follower]]);
    const registry = { models, get: (name: string) => models.get(name) };
    expect(followsPaymentOnlyThroughItems({ registry } as never)).toBe(false);
  });

  it('a reconciliation given its items as read before a write of journal items reads them again', () => {
    scenario((env) => {
      const inv = invoice(env, '2024-05-02', 100);
      inv.action_post();
      const payment = env.model('account.payment').create([{ payment_type: 'inbound', partner_type: 'customer', partner_id: env.refId('base.res_partner_2'), amount: 100, date: '2024-05-03' }]) as AnyModel;
      payment.action_post();
      const items = db.cr.all<ReconcileLine>(`SELECT ${RECONCILE_COLUMNS.join(', ')} FROM account_move_line l
         WHERE l.move_id IN (?, ?) AND l.account_id = (SELECT account_id FROM account_move_line WHERE move_id = ? AND display_type = 'payment_term') ORDER BY l.id`,
      [inv.ids[0], payment.get('move_id') as number, inv.ids[0]]);
      expect(items.length).toBe(2);
      const stamp = db.cr.tables.version;
      // written after the read: the given rows (here made wrong) must not be used
      db.cr.run('UPDATE account_move_line SET name = name WHERE id = ?', [items[0].id]);
      const stale = items.map((r) => ({ ...r, amount_residual: Math.sign(r.amount_residual) * 1, amount_residual_currency: Math.sign(r.amount_residual_currency) * 1 }));
      reconcileLines(env.model('account.move.line').browse(items.map((r) => r.id)), { rows: stale, stamp });
      expect(db.cr.all<{ amount: number }>('SELECT amount FROM account_partial_reconcile WHERE debit_move_id IN (?, ?) ORDER BY id', items.map((r) => r.id)).map((r) => r.amount)).toEqual([100]);
      expect(num(inv.get('amount_residual'))).toBe(0);
    });
  });

  it('the partials of items created in the operation are looked up only once account_partial_reconcile is written after their creation', () => {
    scenario((env) => {
      const partialLookups: unknown[][] = [];
      const original = db.cr.all.bind(db.cr);
      const all = jest.spyOn(db.cr, 'all').mockImplementation(((q: string | { text: string }, params: unknown[] = []) => {
        if (/FROM account_partial_reconcile WHERE debit_move_id IN/.test(typeof q === 'string' ? q : q.text)) partialLookups.push(params);
        return original(q as string, params as never[]);
      }) as never);
      let inv: AnyModel;
      try {
        inv = invoice(env, '2026-03-10', 100);
        inv.action_post();
        // created in this operation, account_partial_reconcile unwritten since: nothing to look up
        expect(partialLookups).toEqual([]);
        const wizard = env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: inv.ids }).create([{ amount: 40 }]) as AnyModel;
        wizard.action_create_payments();
      } finally { all.mockRestore(); }
      // the partial made by the payment is found for the invoice's receivable (created before it)
      expect(partialLookups.length).toBeGreaterThan(0);
      expect([inv.get('payment_state'), num(inv.get('amount_residual'))]).toEqual(['partial', 60]);
      const receivable = db.cr.get<{ amount_residual: number }>("SELECT amount_residual FROM account_move_line WHERE move_id = ? AND display_type = 'payment_term'", [inv.ids[0]])!;
      expect(receivable.amount_residual).toBe(60);
    });
  });

  it("a full match writes both items' new residuals in one UPDATE", () => {
    scenario((env) => {
      const inv = invoice(env, '2026-03-10', 100);
      inv.action_post();
      const wizard = env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: inv.ids }).create([{}]) as AnyModel;
      const residualWrites: string[] = [];
      const prepareOriginal = db.cr.prepare.bind(db.cr);
      const prepare = jest.spyOn(db.cr, 'prepare').mockImplementation((text: string) => {
        if (/^UPDATE "account_move_line" SET "amount_residual"/.test(text.trim())) residualWrites.push(text);
        return prepareOriginal(text);
      });
      let paymentId: number;
      try { paymentId = (wizard.action_create_payments() as Vals).res_id as number; } finally { prepare.mockRestore(); }
      expect(residualWrites.length).toBe(1);
      expect(residualWrites[0]).toMatch(/WHERE id IN \(\?, ?\?\)/);
      const entry = env.model('account.payment').browse([paymentId]).get('move_id') as number;
      const items = db.cr.all<{ amount_residual: number; reconciled: number }>(`SELECT amount_residual, reconciled FROM account_move_line
         WHERE (move_id = ? AND display_type = 'payment_term') OR (move_id = ? AND account_id = (SELECT account_id FROM account_move_line WHERE move_id = ? AND display_type = 'payment_term')) ORDER BY id`,
      [inv.ids[0], entry, inv.ids[0]]);
      expect(items).toEqual([{ amount_residual: 0, reconciled: 1 }, { amount_residual: 0, reconciled: 1 }]);
      expect(inv.get('payment_state')).toBe('paid');
    });
  });

  it("a payment's outstanding account follows a change of the company's outstanding receipts account (kept across calls while res_company is unchanged)", () => {
    scenario((env) => {
      const create = () => env.model('account.payment').create([{ payment_type: 'inbound', partner_type: 'customer', partner_id: env.refId('base.res_partner_2'), amount: 10, date: '2024-05-03' }]) as AnyModel;
      const first = create();
      const before = first.get('outstanding_account_id') as number;
      expect(before).toBe(env.model('res.company').browse([1]).get('account_journal_payment_debit_account_id'));
      const other = env.model('account.account').create([{ name: 'Other outstanding receipts', code: '101499', account_type: 'asset_current', reconcile: true }]).ids[0];
      env.model('res.company').browse([1]).write({ account_journal_payment_debit_account_id: other });
      expect(create().get('outstanding_account_id')).toBe(other);
    });
  });

  it('not paid, then partial, then paid as payments are registered; a credit note makes it reversed', () => {
    scenario((env) => {
      const inv = invoice(env, '2026-03-10', 100);
      inv.action_post();
      expect(inv.get('payment_state')).toBe('not_paid');
      const pay = (amount: number | null) => {
        const ctx = { active_model: 'account.move', active_ids: inv.ids };
        const wizard = env.model('account.payment.register').withContext(ctx).create([amount === null ? {} : { amount }]) as AnyModel;
        wizard.action_create_payments();
      };
      pay(40);
      expect([inv.get('payment_state'), num(inv.get('amount_residual'))]).toEqual(['partial', 60]);
      pay(null);
      expect([inv.get('payment_state'), num(inv.get('amount_residual'))]).toEqual(['paid', 0]);

      const other = invoice(env, '2026-03-10', 50);
      other.action_post();
      const ctx = { active_model: 'account.move', active_ids: other.ids };
      const reversal = env.model('account.move.reversal').withContext(ctx).create([{ reason: 'wrong', journal_id: other.get('journal_id') }]) as AnyModel;
      const action = reversal.refund_moves() as Vals;
      (env.model('account.move').browse([action.res_id as number]) as AnyModel).action_post();
      expect(other.get('payment_state')).toBe('reversed');
    });
  });

  it("matching numbers: 'P' + the group's smallest partial id while partly paid, the full reconcile id once paid; unreconciling a payment renumbers what is left", () => {
    scenario((env) => {
      // account_partial_reconcile.py _update_matching_number: one number per connected group of items
      const inv = invoice(env, '2026-03-10', 100);
      inv.action_post();
      const Line = env.model('account.move.line');
      const receivable = (moveIds: number[]) => Line._searchIds([['move_id', 'in', moveIds], ['account_id.account_type', '=', 'asset_receivable']], { order: 'id' });
      const pay = (amount: number | null): number => {
        const ctx = { active_model: 'account.move', active_ids: inv.ids };
        const wizard = env.model('account.payment.register').withContext(ctx).create([amount === null ? {} : { amount }]) as AnyModel;
        const action = wizard.action_create_payments() as Vals;
        return env.model('account.payment').browse([action.res_id as number]).get('move_id') as number;
      };
      const state = (ids: number[]) => ids.map((id) => {
        const v = Line.browse([id])._values(['matching_number', 'amount_residual', 'reconciled', 'full_reconcile_id']).get(id)!;
        return [v.matching_number, num(v.amount_residual), v.reconciled, v.full_reconcile_id];
      });
      const partialIds = () => env.model('account.partial.reconcile')._searchIds([['debit_move_id', 'in', receivable(inv.ids)]], { order: 'id' });
      const [invLine] = receivable(inv.ids);

      const first = pay(30);
      const [firstLine] = receivable([first]);
      const [p1] = partialIds();
      expect(state([invLine, firstLine])).toEqual([[`P${p1}`, 70, false, false], [`P${p1}`, 0, true, false]]);

      const second = pay(null);
      const [secondLine] = receivable([second]);
      const full = Line.browse([invLine]).get('full_reconcile_id') as number;
      expect(full).toBeTruthy();
      expect(state([invLine, firstLine, secondLine])).toEqual([[String(full), 0, true, full], [String(full), 0, true, full], [String(full), 0, true, full]]);

      // the first payment leaves the group: the full reconcile goes, the rest is a partial group again
      (Line.browse([firstLine]) as AnyModel).remove_move_reconcile();
      const [p2] = partialIds();
      expect(p2).toBeGreaterThan(p1);
      expect(state([invLine, firstLine, secondLine])).toEqual([[`P${p2}`, 30, false, false], [false, -30, false, false], [`P${p2}`, 0, true, false]]);
      expect([inv.get('payment_state'), num(inv.get('amount_residual'))]).toEqual(['partial', 30]);
    });
  });
});

describe('journal items inserted with their computed values', () => {
  it("an invoice's items go in with the amounts and residuals the synchronisation computes: it writes none of them again", () => {
    scenario((env) => {
      // two taxes whose sequence order differs from their id order, one price-included, a discount
      const a = tax(env, { amount: 10, sequence: 20 });
      const b = tax(env, { amount: 5, price_include: true, sequence: 1 });
      const texts: string[] = [];
      const original = db.cr.prepare.bind(db.cr);
      const prepare = jest.spyOn(db.cr, 'prepare').mockImplementation((text: string) => {
        texts.push(text);
        return original(text);
      });
      let inv: AnyModel;
      try {
        inv = env.model('account.move').create([{
          move_type: 'out_invoice', partner_id: env.refId('base.res_partner_2'), invoice_date: '2026-03-10',
          invoice_line_ids: [
            [0, 0, { name: 'a', quantity: 3, price_unit: 33.33, discount: 7.5, tax_ids: [[6, 0, [a, b]]] }],
            [0, 0, { name: 'b', quantity: 1, price_unit: 19.99, tax_ids: [] }],
          ],
        }]) as AnyModel;
      } finally {
        prepare.mockRestore();
      }
      const lineUpdates = texts.filter((t) => /^UPDATE "?account_move_line"? SET/.test(t.trim()));
      expect(lineUpdates.filter((t) => /price_subtotal|amount_residual|"balance"/.test(t))).toEqual([]);
      // and the values are the synchronisation's: a second one changes nothing
      const rows = () => db.cr.all('SELECT id, price_subtotal, price_total, amount_currency, balance, debit, credit, amount_residual, amount_residual_currency, reconciled FROM account_move_line WHERE move_id = ? ORDER BY id', [inv!.ids[0]]);
      const before = rows();
      expect(before.length).toBe(5); // two product items, two tax items, the receivable
      inv!.write({ narration: 'again' });
      (inv! as AnyModel).write({ invoice_line_ids: [[1, before[0].id, { price_unit: 33.33 }]] });
      expect(rows()).toEqual(before);
    });
  });
});

describe('synchronisation after changes that leave the product and tax lines as they are', () => {
  function draft(env: ReturnType<Database['env']>): AnyModel {
    return env.model('account.move').create([{
      move_type: 'out_invoice', partner_id: env.refId('base.res_partner_2'), invoice_date: '2026-03-10',
      invoice_payment_term_id: env.refId('account.account_payment_term_30days'),
      invoice_line_ids: [[0, 0, { name: 'x', quantity: 2, price_unit: 50, tax_ids: [[6, 0, [env.refId('account.1_sale_tax_template')]]] }]],
    }]) as AnyModel;
  }
  const items = (moveId: number) => db.cr.all<{ display_type: string; name: string; date_maturity: string; balance: number }>(
    'SELECT display_type, name, date_maturity, balance FROM account_move_line WHERE move_id = ? ORDER BY id', [moveId]);
  /** The statements `fn` runs that read the items' taxes (the product and tax step of the synchronisation). */
  function taxReads(fn: () => void): number {
    let n = 0;
    const original = db.cr.raw.bind(db.cr);
    const raw = jest.spyOn(db.cr, 'raw').mockImplementation((q, params = []) => {
      if (/FROM account_move_line_account_tax_rel/.test(typeof q === 'string' ? q : q.text)) n++;
      return original(q, params);
    });
    try { fn(); } finally { raw.mockRestore(); }
    return n;
  }

  it('a new invoice date and posting move the due date and label the receivable with the number, without recomputing the product and tax items', () => {
    scenario((env) => {
      const inv = draft(env);
      const id = inv.ids[0];
      expect(items(id).map((l) => [l.display_type, l.balance])).toEqual([['product', -100], ['tax', -15], ['payment_term', 115]]);
      expect(taxReads(() => inv.write({ invoice_date: '2026-03-20' }))).toBe(0);
      expect(items(id)[2].date_maturity).toBe('2026-04-19');
      expect(taxReads(() => inv.action_post())).toBe(0);
      const name = String(inv.get('name'));
      expect(name).toMatch(/^INV\/2026\/\d+$/);
      expect(items(id).map((l) => [l.display_type, l.balance])).toEqual([['product', -100], ['tax', -15], ['payment_term', 115]]);
      expect(items(id)[2].name).toBe(name);
      expect([num(inv.get('amount_total')), inv.get('payment_state')]).toEqual([115, 'not_paid']);
    });
  });

  it("the moves' amounts read at the start of a synchronisation are read again when the move is written before its last step", () => {
    scenario((env) => {
      const inv = draft(env);
      const id = inv.ids[0];
      // a write of account_move between the synchronisation's first read and its amounts step
      // (here: when the payment-term step reads the items)
      let injected = false;
      const original = db.cr.all.bind(db.cr);
      const all = jest.spyOn(db.cr, 'all').mockImplementation((q, params = []) => {
        if (!injected && /FROM account_move_line WHERE move_id = \? ORDER BY sequence, id/.test(typeof q === 'string' ? q : q.text)) {
          injected = true;
          db.cr.run('UPDATE account_move SET amount_total = 999 WHERE id = ?', [id]);
        }
        return original(q, params);
      });
      try { inv.write({ invoice_date: '2026-03-20' }); } finally { all.mockRestore(); }
      expect(injected).toBe(true);
      expect(db.cr.get<{ t: number }>('SELECT amount_total AS t FROM account_move WHERE id = ?', [id])!.t).toBe(115);
    });
  });

  it('a line changed in the same operation as such a change still gets its amounts and tax item recomputed', () => {
    scenario((env) => {
      const inv = draft(env);
      const id = inv.ids[0];
      const product = db.cr.get<{ id: number }>("SELECT id FROM account_move_line WHERE move_id = ? AND display_type = 'product'", [id])!.id;
      // one outermost operation: the line's change marks the move for a full synchronisation,
      // the date's change (which alone would not) must not downgrade it
      syncScope(env, () => {
        env.model('account.move.line').browse([product]).write({ price_unit: 80 });
        inv.write({ invoice_date: '2026-03-20' });
      });
      expect(items(id).map((l) => [l.display_type, l.balance])).toEqual([['product', -160], ['tax', -24], ['payment_term', 184]]);
      expect(items(id)[2].date_maturity).toBe('2026-04-19');
      expect(num(inv.get('amount_total'))).toBe(184);
    });
  });
});

describe('indexes Odoo creates in init()', () => {
  it('the last number of a sequence family is read through account_move_sequence_index3, without sorting the journal', () => {
    const names = db.cr.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('account_move_sequence_index3', 'mail_message_model_res_id_id_idx') ORDER BY name").map((r) => r.name);
    expect(names).toEqual(['account_move_sequence_index3', 'mail_message_model_res_id_id_idx']);
    const plan = db.cr.all<{ detail: string }>(
      'EXPLAIN QUERY PLAN SELECT name, sequence_number FROM account_move WHERE journal_id = ? AND sequence_prefix = ? ORDER BY sequence_number DESC LIMIT 1', [1, 'INV/2026/'],
    ).map((r) => r.detail).join('\n');
    expect(plan).toContain('account_move_sequence_index3');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it("the newest entry of a sequence family (invoices, payment entries) is read through account_move_sequence_index2, whatever the journal's size", () => {
    // sequence_mixin.py init(): (journal_id, id desc, sequence_prefix). The statements are the
    // ones numbering really runs: an invoice posted, then paid through the register wizard
    const seen: Array<[string, unknown[]]> = [];
    const original = db.cr.get.bind(db.cr);
    const get = jest.spyOn(db.cr, 'get').mockImplementation((q, params = []) => {
      const text = typeof q === 'string' ? q : q.text;
      if (/FROM account_move WHERE journal_id = \? .*ORDER BY id DESC LIMIT 1/.test(text)) seen.push([text, params]);
      return original(q, params);
    });
    try {
      scenario((env) => {
        const inv = env.model('account.move').create([{
          move_type: 'out_invoice', partner_id: env.refId('base.res_partner_2'), invoice_date: '2026-03-10',
          invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 50, tax_ids: [] }]],
        }]) as AnyModel;
        inv.action_post();
        const wizard = env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: inv.ids }).create([{}]) as AnyModel;
        wizard.action_create_payments();
      });
    } finally {
      get.mockRestore();
    }
    expect(seen.some(([text]) => text.includes('payment_id IS NOT NULL'))).toBe(true);
    expect(seen.some(([text]) => text.includes("move_type NOT IN ('out_refund', 'in_refund')"))).toBe(true);
    for (const [text, params] of seen) {
      const plan = db.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, params as never).map((r) => r.detail).join('\n');
      expect(plan).toContain('USING INDEX account_move_sequence_index2 (journal_id=?)');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
