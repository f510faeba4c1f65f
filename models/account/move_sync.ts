/**
 * The synchronisation of journal entries after any change to them or their lines: Odoo 17's
 * `_sync_dynamic_lines`, `_sync_invoice` and `_check_balanced` context managers
 * (account_move.py, account_move_line.py), done once when the outermost create/write/unlink of
 * a call ends:
 *
 * 1. product lines get price_subtotal / price_total from the tax engine, and their
 *    amount_currency = direction_sign × subtotal (balance in company currency, rate 1: the
 *    emulator has no currency rates, as an Odoo database without rates);
 * 2. tax lines: one per (repartition line, group tax, account, currency, partner, taxes, tags,
 *    analytic) with the summed amounts of compute_all, created, updated or removed;
 * 3. payment-term lines: one per due date of the payment term (or one at invoice_date_due), on
 *    the partner's receivable/payable account, balancing the invoice;
 * 4. line residuals, move amounts, payment_state, and the balance check with Odoo's message.
 */
import type { Environment } from '../orm/environment';
import type { AnyModel, Vals } from '../orm/model';
import type { SqlParam } from '../orm/sql';
import { UserError } from '../orm/exceptions';
import { computeAll, engineCompany, loadTaxes, type TaxData } from './tax_engine';
import { clean, currencyOf, formatLang, isZero, round as curRound, today, type Currency } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import { directionSign, isInbound, isInvoice, isPurchaseDocument, isSaleDocument } from './move_types';
import { dueDate, type TermLine } from './config';

/**
 * `dirty`: the moves to synchronise; `linesChanged`: those of them marked by a change that may
 * move their product or tax lines (the others were marked by changes that cannot: see
 * markMovesDirty's `linesKept`).
 */
interface SyncState { depth: number; dirty: Set<number>; linesChanged: Set<number>; syncing: boolean }

function stateOf(env: Environment): SyncState {
  let st = env.cache.memo.get('account.move.sync') as SyncState | undefined;
  if (!st) {
    st = { depth: 0, dirty: new Set(), linesChanged: new Set(), syncing: false };
    env.cache.memo.set('account.move.sync', st);
  }
  return st;
}

/** Run `fn`; when it is the outermost accounting operation, synchronise the moves it touched. */
export function syncScope<T>(env: Environment, fn: () => T): T {
  const st = stateOf(env);
  st.depth++;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    st.depth--;
    if (st.depth === 0) { st.dirty.clear(); st.linesChanged.clear(); }
    throw e;
  }
  st.depth--;
  if (st.depth === 0 && !st.syncing) flushMoves(env);
  return result;
}

/**
 * Remember moves to synchronise at the end of the current operation. `linesKept`: the change
 * cannot alter what the product and tax lines are computed from (the lines themselves, the
 * move's type, company, currency and commercial partner): only the moves' dates, number,
 * payment reference or state changed. Such a move, if nothing else marks it, skips the product
 * and tax step, which would find every line as it is (amounts do not depend on dates here: no
 * currency rates); its payment-term lines, residuals and amounts are synchronised as always.
 */
export function markMovesDirty(env: Environment, ids: number[], linesKept = false): void {
  const st = stateOf(env);
  if (st.syncing) return;
  for (const id of ids) {
    if (typeof id !== 'number') continue;
    st.dirty.add(id);
    if (!linesKept) st.linesChanged.add(id);
  }
}

/** Whether the synchronisation itself is writing (its own line changes need no new pass). */
export function syncing(env: Environment): boolean {
  return stateOf(env).syncing;
}

/**
 * Synchronise the moves changed so far, before code that reads their amounts (posting,
 * reconciliation), as Odoo flushes pending computations.
 */
export function flushPendingMoves(env: Environment): void {
  if (!stateOf(env).syncing) flushMoves(env);
}

function flushMoves(env: Environment): void {
  const st = stateOf(env);
  if (!st.dirty.size) return;
  st.syncing = true;
  try {
    const ids = [...st.dirty];
    const linesKept = new Set(ids.filter((id) => !st.linesChanged.has(id)));
    st.dirty.clear();
    st.linesChanged.clear();
    syncMoves(env.sudo(), ids, linesKept);
  } finally {
    st.syncing = false;
    st.dirty.clear();
    st.linesChanged.clear();
  }
}

interface MoveRow {
  id: number; move_type: string; state: string; company_id: number; currency_id: number; partner_id: number | null;
  commercial_partner_id: number | null; invoice_payment_term_id: number | null; invoice_date: string | null; date: string | null;
  invoice_date_due: string | null; payment_reference: string | null; journal_id: number; name: string | null; fiscal_position_id: number | null;
}

interface LineRow {
  id: number; display_type: string; account_id: number | null; product_id: number | null; quantity: number | null; price_unit: number | null;
  discount: number | null; balance: number | null; amount_currency: number | null; currency_id: number; partner_id: number | null;
  tax_repartition_line_id: number | null; group_tax_id: number | null; date_maturity: string | null; discount_date: string | null;
  name: string | null; analytic_distribution: string | null; price_subtotal: number | null; price_total: number | null; tax_base_amount: number | null;
  debit: number | null; credit: number | null; discount_balance: number | null; discount_amount_currency: number | null;
}

/**
 * Synchronise moves (as superuser; access was checked by the operation that changed them).
 * `linesKept`: moves whose product and tax lines are known to be in step (markMovesDirty).
 */
export function syncMoves(env: Environment, moveIds: number[], linesKept: ReadonlySet<number> = new Set()): void {
  const ids = [...new Set(moveIds)];
  if (!ids.length) return;
  // with the stored amounts the last step compares its results to: one read of the moves
  const rows = env.cr.all<MoveRow & MoveAmountsRow>(`SELECT id, move_type, state, company_id, currency_id, partner_id, commercial_partner_id, invoice_payment_term_id,
      invoice_date, date, invoice_date_due, payment_reference, journal_id, name, fiscal_position_id, ${MOVE_AMOUNT_FIELDS.join(', ')}
      FROM account_move WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ids);
  const known = { rows, stamp: env.cr.tables.version };
  // like Odoo's context managers, each kind of dynamic line is synchronised for every move in
  // turn (tax lines of all moves, then their payment-term lines): record ids follow that order
  const invoices = rows.filter((m) => isInvoice(m.move_type, true));
  const current = new Map<number, TaxStep>();
  // one invoice: its new tax lines may wait for its new payment-term lines, created together in
  // one creation (the same rows in the same order: tax lines first, as Odoo creates them)
  const deferTax = invoices.length === 1;
  for (const move of invoices) current.set(move.id, linesKept.has(move.id) ? { lines: null, pendingTax: [] } : syncProductAndTaxLines(env, move, deferTax));
  // a new due date goes in with the move's amounts, in one UPDATE (nothing reads it in between)
  const dueDates = new Map<number, Record<string, SqlParam>>();
  for (const move of invoices) {
    const step = current.get(move.id)!;
    const due = syncTermLines(env, move, step.lines, step.pendingTax);
    if (due !== null) dueDates.set(move.id, { invoice_date_due: due });
  }
  const totals = moveAmounts(env, rows.map((r) => r.id), true, dueDates, known);
  checkBalanced(env, totals);
}

const LINE_COLUMNS = ['id', 'display_type', 'account_id', 'product_id', 'quantity', 'price_unit', 'discount', 'balance', 'amount_currency', 'currency_id',
  'partner_id', 'tax_repartition_line_id', 'group_tax_id', 'date_maturity', 'discount_date', 'name', 'analytic_distribution', 'price_subtotal', 'price_total',
  'tax_base_amount', 'debit', 'credit', 'discount_balance', 'discount_amount_currency'];

function loadLines(env: Environment, moveId: number): LineRow[] {
  return env.cr.all<LineRow>(`SELECT ${LINE_COLUMNS.join(', ')} FROM account_move_line WHERE move_id = ? ORDER BY sequence, id`, [moveId]);
}

function taxIdsOf(env: Environment, lineIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>(lineIds.map((id) => [id, []]));
  if (!lineIds.length) return out;
  const rows = env.cr.raw(`SELECT r.account_move_line_id, r.account_tax_id FROM account_move_line_account_tax_rel r JOIN account_tax t ON t.id = r.account_tax_id
      WHERE r.account_move_line_id IN (${lineIds.map(() => '?').join(',')}) ORDER BY t.sequence, t.id`, lineIds);
  for (const [l, t] of rows) out.get(l as number)!.push(t as number);
  return out;
}

/**
 * Write computed columns of a line directly (these fields have no dependents but the move's),
 * only those whose stored value differs: a synchronisation after a change that does not move
 * the amounts (posting, a new date) then writes nothing. Written through _updateColumns, so the
 * call's cached rows of the lines stay valid (a plain UPDATE would make the ORM read them again).
 */
function writeLine(env: Environment, line: LineRow, vals: Record<string, unknown>): void {
  const stored = line as unknown as Record<string, unknown>;
  const keys = Object.keys(vals).filter((k) => (stored[k] ?? null) !== (vals[k] ?? null));
  if (!keys.length) return;
  updateColumns(env, 'account.move.line', [line.id], Object.fromEntries(keys.map((k) => [k, (vals[k] ?? null) as SqlParam])));
  for (const k of keys) stored[k] = vals[k] ?? null;
}

/** UPDATE columns of records, keeping the call's cached rows of the model in step (BaseModel._updateColumns). */
function updateColumns(env: Environment, model: string, ids: number[], row: Record<string, SqlParam>): void {
  (env.model(model).sudo() as AnyModel)._updateColumns(ids, row);
}

function balanceColumns(company: Currency, balance: number): Record<string, number> {
  const b = clean(company, balance);
  return { balance: b, debit: b > 0 ? b : 0, credit: b < 0 ? -b : 0 };
}

/** A tax line's identity: the keys Odoo groups tax amounts by (_compute_all_tax / tax_key). */
function taxKey(k: { tax_repartition_line_id: number; group_tax_id: number | false; account_id: number | false; currency_id: number; partner_id: number | false; tax_ids: number[]; analytic: unknown }): string {
  return JSON.stringify([k.tax_repartition_line_id, k.group_tax_id || false, k.account_id || false, k.currency_id, k.partner_id || false, [...k.tax_ids].sort((a, b) => a - b), k.analytic ?? null]);
}

/**
 * A product line's amounts (_compute_totals, then amount_currency and balance): subtotal and
 * total from the tax engine, amount_currency = direction sign × subtotal, debit/credit from it.
 * `taxes` in the lines' tax order (sequence, id).
 */
export function productLineAmounts(env: Environment, move: { move_type: string; company_id: number; currency_id: number },
  l: { price_unit: number | null; discount: number | null; quantity: number | null }, taxes: TaxData[]): Record<'price_subtotal' | 'price_total' | 'amount_currency' | 'balance' | 'debit' | 'credit', number> {
  const company = engineCompany(env, move.company_id);
  const cur = currencyOf(env, move.currency_id);
  const sign = directionSign(move.move_type);
  const isRefund = move.move_type === 'out_refund' || move.move_type === 'in_refund';
  const priceUnit = (l.price_unit ?? 0) * (1 - (l.discount ?? 0) / 100);
  const qty = l.quantity ?? 0;
  let subtotal: number;
  let total: number;
  if (taxes.length) {
    const res = computeAll(taxes, priceUnit, cur, { quantity: qty, isRefund, roundGlobally: company.roundGlobally });
    subtotal = res.total_excluded;
    total = res.total_included;
  } else {
    subtotal = total = qty * priceUnit;
  }
  const amountCurrency = sign * curRound(cur, subtotal);
  const b = balanceColumns(company.currency, amountCurrency);
  return { price_subtotal: clean(cur, subtotal), price_total: clean(cur, total), amount_currency: clean(cur, amountCurrency), balance: b.balance, debit: b.debit, credit: b.credit };
}

/**
 * Product lines' amounts and the tax lines they need. Returns the move's lines as they now are
 * when no line was created, reused or removed (else null: they must be read again).
 */
/**
 * What the product and tax step leaves to the payment-term step: the move's lines as it left them
 * (null: unknown, to be read), and the values of new tax lines it left for that step to create
 * (with its own new lines, in one creation).
 */
interface TaxStep { lines: LineRow[] | null; pendingTax: Vals[] }

/**
 * `deferCreate`: new tax lines of a move that had none may be left to the payment-term step
 * (TaxStep.pendingTax) instead of being created here.
 */
function syncProductAndTaxLines(env: Environment, move: MoveRow, deferCreate = false): TaxStep {
  const company = engineCompany(env, move.company_id);
  const cur = currencyOf(env, move.currency_id);
  const sign = directionSign(move.move_type);
  const isRefund = move.move_type === 'out_refund' || move.move_type === 'in_refund';
  const partner = move.commercial_partner_id || false;
  const lines = loadLines(env, move.id);
  const taxIds = taxIdsOf(env, lines.map((l) => l.id));
  const LineModel = env.model('account.move.line').sudo();

  // 1) product lines: subtotal/total and their accounting amounts
  const products = lines.filter((l) => l.display_type === 'product');
  const taxesOf = new Map<number, TaxData[]>();
  for (const l of products) {
    const taxes = loadTaxes(env, taxIds.get(l.id) ?? []);
    taxesOf.set(l.id, taxes);
    const amounts = productLineAmounts(env, move, l, taxes);
    writeLine(env, l, { ...amounts, currency_id: move.currency_id, partner_id: partner || null });
    l.amount_currency = amounts.amount_currency;
    l.balance = amounts.balance;
  }

  // 2) tax lines
  const needed = new Map<string, { key: Record<string, unknown>; name: string; amount_currency: number; balance: number; tax_base_amount: number }>();
  const invert = isInbound(move.move_type) ? -1 : 1;
  for (const l of products) {
    const taxes = taxesOf.get(l.id)!;
    if (!taxes.length) continue;
    const res = computeAll(taxes, sign * (l.price_unit ?? 0) * (1 - (l.discount ?? 0) / 100), cur, {
      quantity: l.quantity ?? 0, isRefund, handlePriceInclude: true, fixedMultiplicator: sign, roundGlobally: company.roundGlobally,
    });
    for (const t of res.taxes) {
      if (!t.amount) continue;
      const analytic = t.analytic || !t.use_in_tax_closing ? l.analytic_distribution : null;
      const keyVals: { tax_repartition_line_id: number; group_tax_id: number | false; account_id: number | false; currency_id: number; partner_id: number | false; tax_ids: number[]; analytic: unknown } = {
        tax_repartition_line_id: t.tax_repartition_line_id, group_tax_id: t.group ? t.group.id : false,
        account_id: t.account_id || (l.account_id ?? false), currency_id: move.currency_id, partner_id: partner,
        tax_ids: t.tax_ids, analytic,
      };
      const k = taxKey(keyVals);
      const e = needed.get(k) ?? { key: { ...keyVals, tax_tag_ids: t.tag_ids }, name: t.name, amount_currency: 0, balance: 0, tax_base_amount: 0 };
      e.amount_currency += t.amount;
      e.balance += t.amount;
      e.tax_base_amount += t.base * invert;
      needed.set(k, e);
    }
  }
  const existingTax = lines.filter((l) => l.display_type === 'tax');
  const byKey = new Map<string, LineRow>();
  const obsolete: LineRow[] = [];
  for (const l of existingTax) {
    const k = taxKey({
      tax_repartition_line_id: l.tax_repartition_line_id ?? 0, group_tax_id: l.group_tax_id ?? false, account_id: l.account_id ?? false,
      currency_id: l.currency_id, partner_id: l.partner_id ?? false, tax_ids: taxIds.get(l.id) ?? [],
      analytic: l.analytic_distribution ? JSON.parse(l.analytic_distribution) : null,
    });
    if (needed.has(k) && !byKey.has(k)) byKey.set(k, l);
    else obsolete.push(l);
  }
  const toCreate: Vals[] = [];
  for (const [k, e] of needed) {
    const amounts = { amount_currency: clean(cur, e.amount_currency), ...balanceColumns(company.currency, e.balance), tax_base_amount: clean(company.currency, e.tax_base_amount) };
    const line = byKey.get(k);
    if (line) {
      writeLine(env, line, { ...amounts, name: e.name });
    } else {
      toCreate.push({
        move_id: move.id, display_type: 'tax', name: e.name, ...e.key, analytic_distribution: e.key.analytic ?? false,
        tax_ids: [[6, 0, e.key.tax_ids]], tax_tag_ids: [[6, 0, e.key.tax_tag_ids]], partner_id: partner, ...amounts,
      });
    }
  }
  // lines no longer needed are reused for new keys first, as Odoo's _sync_dynamic_line does
  const reusedAny = obsolete.length > 0 && toCreate.length > 0;
  while (obsolete.length && toCreate.length) {
    const line = obsolete.pop()!;
    const vals = toCreate.pop()!;
    delete vals.move_id;
    delete vals.analytic;
    LineModel.browse([line.id])._write(vals);
  }
  const unchangedSet = !reusedAny && !obsolete.length && !toCreate.length;
  if (obsolete.length) LineModel.browse(obsolete.map((l) => l.id)).withContext({ dynamic_unlink: true })._unlink();
  if (toCreate.length) {
    const vals = toCreate.map((v) => { const c = { ...v }; delete c.analytic; return c; });
    // the first tax lines of a move (a new invoice): what the payment-term step needs of them
    // (their kind and amounts, as stored) joins the lines already known instead of reading the
    // move's lines again. With at most two of them, the tax sum the next step makes is the same
    // in any order
    const first = !reusedAny && !obsolete.length && !existingTax.length && vals.length <= 2;
    if (first && deferCreate) {
      // their amounts as given (already rounded to their currencies: clean, balanceColumns)
      return { lines: [...lines, ...vals.map((v, i) => createdRow(-(i + 1), v))], pendingTax: vals };
    }
    const created = LineModel._create(vals);
    if (first) {
      const rows = created._values(['display_type', 'amount_currency', 'balance']);
      return { lines: [...lines, ...created.ids.map((id) => createdRow(id, rows.get(id)!))], pendingTax: [] };
    }
  }
  return { lines: unchangedSet ? lines : null, pendingTax: [] };
}

/** A created line as the payment-term step reads it (kind and amounts; the rest unknown). */
function createdRow(id: number, v: Record<string, unknown>): LineRow {
  const row = Object.fromEntries(LINE_COLUMNS.map((c) => [c, null])) as unknown as LineRow;
  return Object.assign(row, { id, display_type: String(v.display_type), amount_currency: v.amount_currency as number, balance: v.balance as number });
}

/**
 * The payment-term lines balancing an invoice (one per due date); returns its new due date (null:
 * unchanged), for the caller to write. `known`: the move's lines as the previous step left them
 * (null: read them).
 */
function syncTermLines(env: Environment, move: MoveRow, known: LineRow[] | null, pendingTax: Vals[] = []): string | null {
  const company = engineCompany(env, move.company_id);
  const cur = currencyOf(env, move.currency_id);
  const sign = directionSign(move.move_type);
  const partner = move.commercial_partner_id || false;
  const LineModel = env.model('account.move.line').sudo();
  const lines = known ?? loadLines(env, move.id);
  const hasInvoiceLines = lines.some((l) => ['product', 'line_section', 'line_note'].includes(l.display_type));
  let untaxedCur = 0;
  let untaxed = 0;
  let taxCur = 0;
  let tax = 0;
  for (const l of lines) {
    if (l.display_type === 'product' || l.display_type === 'rounding') { untaxedCur += l.amount_currency ?? 0; untaxed += l.balance ?? 0; }
    if (l.display_type === 'tax') { taxCur += l.amount_currency ?? 0; tax += l.balance ?? 0; }
  }
  const termSign = isInbound(move.move_type, true) ? 1 : -1;
  const neededTerms = new Map<string, { date_maturity: string; discount_date: string | false; balance: number; amount_currency: number; discount_balance: number; discount_amount_currency: number }>();
  let installments = 1;
  if (hasInvoiceLines) {
    if (move.invoice_payment_term_id) {
      const dateRef = move.invoice_date || move.date || today(env);
      const { term, termLines } = paymentTerm(env, move.invoice_payment_term_id);
      installments = termLines.length;
      // amounts as _compute_needed_terms passes them: signed by the document direction
      const untaxedAmountCurrency = (sign * untaxedCur) * termSign;
      const taxAmountCurrency = (sign * taxCur) * termSign;
      const untaxedAmount = -untaxed;
      const taxAmount = -tax;
      const terms = computeTerms(term, termLines, dateRef, cur, company.currency, { taxAmount, taxAmountCurrency, untaxedAmount, untaxedAmountCurrency, sign: termSign });
      for (const t of terms.lines) {
        const k = `${t.date}|${terms.discount_date || ''}`;
        const e = neededTerms.get(k);
        if (e) { e.balance += t.company_amount; e.amount_currency += t.foreign_amount; }
        else {
          neededTerms.set(k, {
            date_maturity: t.date, discount_date: terms.discount_date, balance: t.company_amount, amount_currency: t.foreign_amount,
            discount_balance: terms.discount_balance, discount_amount_currency: terms.discount_amount_currency,
          });
        }
      }
    } else {
      const due = move.invoice_date_due || today(env);
      neededTerms.set(`${due}|`, { date_maturity: due, discount_date: false, balance: -(untaxed + tax), amount_currency: -(untaxedCur + taxCur), discount_balance: 0, discount_amount_currency: 0 });
    }
  }
  const existingTerms = lines.filter((l) => l.display_type === 'payment_term');
  const termByKey = new Map<string, LineRow>();
  const obsoleteTerms: LineRow[] = [];
  for (const l of existingTerms) {
    const k = `${l.date_maturity ?? ''}|${l.discount_date ?? ''}`;
    if (neededTerms.has(k) && !termByKey.has(k)) termByKey.set(k, l);
    else obsoleteTerms.push(l);
  }
  const termAccount = existingTerms.find((l) => l.account_id)?.account_id ?? partnerTermAccount(env, move);
  const kept: Array<[LineRow, Vals]> = [];
  const termsToCreate: Vals[] = [];
  for (const [k, t] of neededTerms) {
    const amounts = {
      amount_currency: clean(cur, t.amount_currency), ...balanceColumns(company.currency, t.balance),
      discount_date: t.discount_date || null, discount_balance: clean(company.currency, t.discount_balance),
      discount_amount_currency: clean(cur, t.discount_amount_currency),
    };
    const line = termByKey.get(k);
    if (line) kept.push([line, { ...amounts, partner_id: partner || null, currency_id: move.currency_id }]);
    else {
      termsToCreate.push({
        move_id: move.id, display_type: 'payment_term', date_maturity: t.date_maturity, account_id: termAccount, partner_id: partner,
        currency_id: move.currency_id, name: '', ...amounts, discount_date: t.discount_date,
      });
    }
  }
  const reused: Array<[LineRow, Vals]> = [];
  while (obsoleteTerms.length && termsToCreate.length) {
    const line = obsoleteTerms.pop()!;
    const vals = termsToCreate.pop()!;
    delete vals.move_id;
    reused.push([line, vals]);
  }
  // labels of the payment-term lines: the payment reference, numbered when there are installments,
  // in (date_maturity, id) order; set with the lines' other values (created lines get ids after
  // every existing one, in creation order)
  const reference = move.payment_reference || '';
  const labelled = [
    ...kept.map(([l, vals]) => ({ id: l.id, date: l.date_maturity ?? '', vals })),
    ...reused.map(([l, vals]) => ({ id: l.id, date: String(vals.date_maturity || ''), vals })),
    ...termsToCreate.map((vals, i) => ({ id: Number.MAX_SAFE_INTEGER - termsToCreate.length + i, date: String(vals.date_maturity || ''), vals })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  labelled.forEach((t, i) => { t.vals.name = installments > 1 ? `${reference} installment #${i + 1}`.trimStart() : reference; });
  // the tax lines left by the previous step go in before any change of this one: with the new
  // payment-term lines when these are its only change (one creation), on their own otherwise
  let taxLeft = pendingTax;
  if (taxLeft.length && (kept.length || reused.length || obsoleteTerms.length)) {
    LineModel._create(taxLeft);
    taxLeft = [];
  }
  for (const [line, vals] of kept) writeLine(env, line, vals);
  for (const [line, vals] of reused) LineModel.browse([line.id])._write(vals);
  if (obsoleteTerms.length) LineModel.browse(obsoleteTerms.map((l) => l.id)).withContext({ dynamic_unlink: true })._unlink();
  if (taxLeft.length || termsToCreate.length) LineModel._create([...taxLeft, ...termsToCreate]);
  const dates = [...neededTerms.values()].map((t) => t.date_maturity).sort();
  const due = dates.length ? dates[dates.length - 1] : move.invoice_date_due || today(env);
  return due !== move.invoice_date_due ? due : null;
}

type PaymentTermRow = { early_discount: number; discount_percentage: number; discount_days: number; early_pay_discount_computation: string };

/** A payment term and its lines, kept across calls while their tables are unchanged. */
function paymentTerm(env: Environment, termId: number): { term: PaymentTermRow; termLines: TermLine[] } {
  return env.crossCall(`account.payment_term:${termId}`, () => ({
    termLines: env.cr.all<TermLine>('SELECT value, value_amount, delay_type, nb_days, days_next_month FROM account_payment_term_line WHERE payment_id = ? ORDER BY id', [termId]),
    term: env.cr.get<PaymentTermRow>('SELECT early_discount, discount_percentage, discount_days, early_pay_discount_computation FROM account_payment_term WHERE id = ?', [termId])!,
  }));
}

/** The receivable (sale documents) or payable account of the invoice partner, else the company's. */
function partnerTermAccount(env: Environment, move: MoveRow): number | false {
  const field = isSaleDocument(move.move_type, true) ? 'property_account_receivable_id' : 'property_account_payable_id';
  if (move.commercial_partner_id) {
    const v = env.model('res.partner').sudo().browse([move.commercial_partner_id]).get(field);
    if (v) return v as number;
  }
  const type = isPurchaseDocument(move.move_type, true) ? 'liability_payable' : 'asset_receivable';
  const row = env.cr.get<{ id: number }>('SELECT id FROM account_account WHERE company_id = ? AND account_type = ? AND NOT COALESCE(deprecated, 0) ORDER BY code, id LIMIT 1', [move.company_id, type]);
  return row?.id ?? false;
}

interface TermsResult {
  discount_date: string | false;
  discount_balance: number;
  discount_amount_currency: number;
  lines: Array<{ date: string; company_amount: number; foreign_amount: number }>;
}

/** account.payment.term._compute_terms (account.md §2.5). */
export function computeTerms(
  term: { early_discount: number; discount_percentage: number; discount_days: number; early_pay_discount_computation: string },
  termLines: TermLine[], dateRef: string, cur: Currency, companyCur: Currency,
  a: { taxAmount: number; taxAmountCurrency: number; untaxedAmount: number; untaxedAmountCurrency: number; sign: number },
): TermsResult {
  const total = a.taxAmount + a.untaxedAmount;
  const totalCur = a.taxAmountCurrency + a.untaxedAmountCurrency;
  const rate = total ? Math.abs(totalCur / total) : 0;
  const out: TermsResult = { discount_date: false, discount_balance: 0, discount_amount_currency: 0, lines: [] };
  if (term.early_discount) {
    const pct = term.discount_percentage / 100;
    out.discount_date = dueDate({ value: 'percent', value_amount: 0, delay_type: 'days_after', nb_days: term.discount_days || 0, days_next_month: false }, dateRef);
    if (['excluded', 'mixed'].includes(term.early_pay_discount_computation)) {
      out.discount_balance = curRound(companyCur, total - a.untaxedAmount * pct);
      out.discount_amount_currency = curRound(cur, totalCur - a.untaxedAmountCurrency * pct);
    } else {
      out.discount_balance = curRound(companyCur, total * (1 - pct));
      out.discount_amount_currency = curRound(cur, totalCur * (1 - pct));
    }
  }
  let residual = total;
  let residualCur = totalCur;
  termLines.forEach((line, i) => {
    const entry = { date: dueDate(line, dateRef), company_amount: 0, foreign_amount: 0 };
    if (i === termLines.length - 1) {
      entry.company_amount = residual;
      entry.foreign_amount = residualCur;
    } else if (line.value === 'fixed') {
      entry.company_amount = rate ? a.sign * curRound(companyCur, line.value_amount / rate) : 0;
      entry.foreign_amount = a.sign * curRound(cur, line.value_amount);
    } else {
      entry.company_amount = curRound(companyCur, total * (line.value_amount / 100));
      entry.foreign_amount = curRound(cur, totalCur * (line.value_amount / 100));
    }
    residual -= entry.company_amount;
    residualCur -= entry.foreign_amount;
    out.lines.push(entry);
  });
  return out;
}

/**
 * amount_residual / amount_residual_currency / reconciled of journal items: the line amount minus
 * what partial reconciliations matched (only on reconcilable, bank/cash and credit-card accounts).
 */
export function computeResiduals(env: Environment, lineIds: number[]): ResidualRow[] {
  const out: ResidualRow[] = [];
  for (let i = 0; i < lineIds.length; i += 500) out.push(...residualsOf(env, 'l.id', lineIds.slice(i, i + 500)));
  return out;
}

/**
 * computeResiduals of the lines whose `column` (l.id or l.move_id) is one of `keys`; only the
 * lines whose stored residuals differ are written. Returns the lines with their new residuals.
 */
function residualsOf(env: Environment, column: 'l.id' | 'l.move_id', keys: number[]): ResidualRow[] {
  if (!keys.length) return [];
  const ph = keys.map(() => '?').join(',');
  const rows = env.cr.all<ResidualRow>(
    `SELECT l.id, l.balance, l.amount_currency, l.currency_id, l.company_id, a.reconcile, a.account_type, l.amount_residual, l.amount_residual_currency, l.reconciled
       FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id WHERE ${column} IN (${ph})`, keys);
  applyResiduals(env, rows);
  return rows;
}

/** What the residuals of an item are computed from, and their stored values. */
export interface ResidualRow {
  id: number; balance: number | null; amount_currency: number | null; currency_id: number; company_id: number; reconcile: number | null; account_type: string | null;
  amount_residual: number | null; amount_residual_currency: number | null; reconciled: number | null;
}

/** Whether an item's residual follows its matches (reconcilable, bank/cash and credit-card accounts). */
function hasResidual(account: { reconcile?: unknown; account_type?: unknown }): boolean {
  return !!account.reconcile || account.account_type === 'asset_cash' || account.account_type === 'liability_credit_card';
}

/** An item's residuals once `debit` and `credit` partial amounts are matched with it (_compute_amount_residual). */
function residualAfter(env: Environment, r: { balance: number | null; amount_currency: number | null; currency_id: number; company_id: number },
  d: { amount: number; amount_currency: number }, c: { amount: number; amount_currency: number }): { amount_residual: number; amount_residual_currency: number; reconciled: number } {
  const companyCur = currencyOf(env, companyCurrencyOf(env, r.company_id) ?? r.currency_id);
  const lineCur = currencyOf(env, r.currency_id);
  const residual = clean(companyCur, (r.balance ?? 0) - d.amount + c.amount);
  const residualCur = clean(lineCur, (r.amount_currency ?? 0) - curRound(lineCur, d.amount_currency) + curRound(lineCur, c.amount_currency));
  return { amount_residual: residual, amount_residual_currency: residualCur, reconciled: isZero(companyCur, residual) && isZero(lineCur, residualCur) ? 1 : 0 };
}

const NOTHING_MATCHED = { amount: 0, amount_currency: 0 };

/**
 * The residuals of a new item, matched with nothing yet, as the synchronisation that follows its
 * creation computes them: inserted with them, the item has none to be written there. Without its
 * amounts (computed by that synchronisation), those of an unmatched item of a non-reconcilable
 * account; the synchronisation writes the right ones when they differ.
 */
export function newItemResiduals(env: Environment, item: { account_id: unknown; balance: unknown; amount_currency: unknown; currency_id: unknown; company_id: number }): { amount_residual: number; amount_residual_currency: number; reconciled: boolean } {
  const none = { amount_residual: 0, amount_residual_currency: 0, reconciled: false };
  if (typeof item.account_id !== 'number' || typeof item.balance !== 'number' || typeof item.amount_currency !== 'number' || typeof item.currency_id !== 'number') return none;
  const account = env.model('account.account').sudo().browse([item.account_id])._values(['reconcile', 'account_type']).get(item.account_id);
  if (!account || !hasResidual(account)) return none;
  const r = residualAfter(env, { balance: item.balance, amount_currency: item.amount_currency, currency_id: item.currency_id, company_id: item.company_id }, NOTHING_MATCHED, NOTHING_MATCHED);
  return { amount_residual: r.amount_residual, amount_residual_currency: r.amount_residual_currency, reconciled: !!r.reconciled };
}

const NEW_ITEMS = 'account.move_sync.new_items';

/**
 * Note journal items created in this call with the table version before their INSERT
 * (applyResiduals: no partial reconciliation can name them while account_partial_reconcile is
 * unwritten since; a rollback makes that version stale, see TableVersions.epoch).
 */
export function noteNewItems(env: Environment, ids: number[], since: number): void {
  let items = env.cache.memo.get(NEW_ITEMS) as Map<number, number> | undefined;
  if (!items) env.cache.memo.set(NEW_ITEMS, items = new Map());
  for (const id of ids) items.set(id, since);
}

function newItems(env: Environment): Map<number, number> | undefined {
  return env.cache.memo.get(NEW_ITEMS) as Map<number, number> | undefined;
}

/**
 * Compute the residuals of these items and write those that differ (the rows get the new
 * values); returns the items with a residual that are in no partial reconciliation.
 */
function applyResiduals(env: Environment, rows: ResidualRow[]): Set<number> {
  const matchedIds = rows.filter(hasResidual).map((r) => r.id);
  const matched = new Map<string, { amount: number; amount_currency: number }>();
  // the lines known to be in no partial reconciliation (their partials were just read)
  const unmatched = new Set(matchedIds);
  // items created in this call are in no partial while account_partial_reconcile is unwritten
  // since their creation (a partial names items that exist): their partials are not looked for
  const created = newItems(env);
  const toRead = created ? matchedIds.filter((id) => {
    const since = created.get(id);
    return since === undefined || !env.cr.tables.stillValid(['account_partial_reconcile'], since);
  }) : matchedIds;
  if (toRead.length) {
    const mph = toRead.map(() => '?').join(',');
    const partials = env.cr.all<{ line: number; flag: string; amount: number; amount_currency: number }>(
      `SELECT debit_move_id AS line, 'debit' AS flag, SUM(amount) AS amount, SUM(debit_amount_currency) AS amount_currency FROM account_partial_reconcile WHERE debit_move_id IN (${mph}) GROUP BY debit_move_id
       UNION ALL SELECT credit_move_id, 'credit', SUM(amount), SUM(credit_amount_currency) FROM account_partial_reconcile WHERE credit_move_id IN (${mph}) GROUP BY credit_move_id`, [...toRead, ...toRead]);
    for (const p of partials) {
      matched.set(`${p.line}:${p.flag}`, p);
      unmatched.delete(p.line);
    }
  }
  const zeroed: number[] = [];
  // the items getting the same new residuals are written together (both sides of a full match)
  const changed = new Map<string, { ids: number[]; values: { amount_residual: number; amount_residual_currency: number; reconciled: number } }>();
  for (const r of rows) {
    if (!hasResidual(r)) {
      if (r.amount_residual !== 0 || r.amount_residual_currency !== 0 || r.reconciled !== 0) zeroed.push(r.id);
      continue;
    }
    const { amount_residual: residual, amount_residual_currency: residualCur, reconciled } = residualAfter(env, r,
      matched.get(`${r.id}:debit`) ?? NOTHING_MATCHED, matched.get(`${r.id}:credit`) ?? NOTHING_MATCHED);
    if (r.amount_residual === residual && r.amount_residual_currency === residualCur && r.reconciled === reconciled) continue;
    const values = { amount_residual: residual, amount_residual_currency: residualCur, reconciled };
    const key = [residual, residualCur, reconciled].map((x) => (Object.is(x, -0) ? '-0' : String(x))).join('|');
    const same = changed.get(key);
    if (same) same.ids.push(r.id); else changed.set(key, { ids: [r.id], values });
    Object.assign(r, values);
  }
  for (const { ids, values } of changed.values()) updateColumns(env, 'account.move.line', ids, values);
  const zeroedSet = new Set(zeroed);
  for (const r of rows) if (zeroedSet.has(r.id)) Object.assign(r, { amount_residual: 0, amount_residual_currency: 0, reconciled: 0 });
  if (zeroed.length) updateColumns(env, 'account.move.line', zeroed, { amount_residual: 0, amount_residual_currency: 0, reconciled: 0 });
  return unmatched;
}

/** account.move._compute_amount and _compute_payment_state (account.md §2.4, §2.6). */
export function computeMoveAmounts(env: Environment, moveIds: number[]): void {
  moveAmounts(env, moveIds);
}

const MOVE_AMOUNT_FIELDS = ['amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'amount_untaxed_signed', 'amount_tax_signed',
  'amount_total_signed', 'amount_residual_signed', 'amount_total_in_currency_signed', 'payment_state'] as const;

/** What moveAmounts reads of a move: its kind and its stored amounts. */
type MoveAmountsRow = Record<string, any> & { id: number; move_type: string; state: string; currency_id: number; company_id: number; payment_state: string | null };

/** A move's sums of debits, credits and balances (for _check_balanced) and its company's decimals. */
interface MoveTotals { move_id: number; debit: number; credit: number; balance: number; decimals: number; lines: number }

/**
 * computeMoveAmounts of `moveIds`, writing only the moves whose stored amounts differ; returns
 * each move's totals for the balance check (moves with lines). `syncing` (a synchronisation):
 * first make the debit and credit of the lines follow their balance (_compute_debit_credit) and
 * compute their residuals, from the same read, writing only the lines where they differ.
 * `along`: more columns of a move to write with its amounts (its new due date).
 */
function moveAmounts(env: Environment, moveIds: number[], syncing = false, along = new Map<number, Record<string, SqlParam>>(),
  known?: { rows: MoveAmountsRow[]; stamp: number }): MoveTotals[] {
  const ids = [...new Set(moveIds)];
  if (!ids.length) return [];
  const ph = ids.map(() => '?').join(',');
  // the rows the caller read of these moves, while account_move has not been written since
  // (table_versions.ts: a deferred UPDATE counts as written when it is queued)
  const reuse = !!known && env.cr.tables.stillValid(['account_move'], known.stamp);
  const moves = reuse ? known!.rows : env.cr.all<MoveAmountsRow>(
    `SELECT id, move_type, state, currency_id, company_id, ${MOVE_AMOUNT_FIELDS.join(', ')} FROM account_move WHERE id IN (${ph})`, ids);
  const byId = new Map(moves.map((m) => [m.id, m]));
  type AmountLine = ResidualRow & { move_id: number; display_type: string; tax_repartition_line_id: number | null; debit: number | null; credit: number | null };
  const linesOf = new Map<number, AmountLine[]>();
  const offBalance: number[] = [];
  const lineRows = env.cr.all<AmountLine>(syncing
    ? `SELECT l.id, l.move_id, l.display_type, l.balance, l.amount_currency, l.amount_residual, l.amount_residual_currency, l.tax_repartition_line_id, l.debit, l.credit,
         l.currency_id, l.company_id, l.reconciled, a.reconcile, a.account_type
         FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id WHERE l.move_id IN (${ph}) ORDER BY l.id`
    : `SELECT id, move_id, display_type, balance, amount_currency, amount_residual, amount_residual_currency, tax_repartition_line_id, debit, credit FROM account_move_line WHERE move_id IN (${ph})`, ids);
  const unmatched = syncing ? applyResiduals(env, lineRows) : new Set<number>();
  for (const l of lineRows) {
    if (syncing) {
      const b = l.balance ?? 0;
      const debit = b > 0 ? b : 0;
      const credit = b < 0 ? -b : 0;
      if (l.debit !== debit || l.credit !== credit) { offBalance.push(l.id); l.debit = debit; l.credit = credit; }
    }
    const list = linesOf.get(l.move_id);
    if (list) list.push(l); else linesOf.set(l.move_id, [l]);
  }
  if (offBalance.length) {
    // the same expressions as the column values computed above
    env.cr.run(`UPDATE account_move_line SET debit = CASE WHEN balance > 0 THEN balance ELSE 0 END, credit = CASE WHEN balance < 0 THEN -balance ELSE 0 END
      WHERE id IN (${offBalance.map(() => '?').join(',')})`, offBalance);
  }
  const totals: MoveTotals[] = [];
  for (const id of ids) {
    const move = byId.get(id);
    if (!move) continue;
    const lines = linesOf.get(id) ?? [];
    const invoice = isInvoice(move.move_type, true);
    let untaxed = 0; let untaxedCur = 0; let tax = 0; let taxCur = 0; let residual = 0; let residualCur = 0; let total = 0; let totalCur = 0;
    let sumDebit = 0; let sumCredit = 0; let sumBalance = 0;
    for (const l of lines) {
      const b = l.balance ?? 0;
      const ac = l.amount_currency ?? 0;
      sumDebit += l.debit ?? 0;
      sumCredit += l.credit ?? 0;
      sumBalance += b;
      if (invoice) {
        if (l.display_type === 'tax' || (l.display_type === 'rounding' && l.tax_repartition_line_id)) { tax += b; taxCur += ac; total += b; totalCur += ac; }
        else if (l.display_type === 'product' || l.display_type === 'rounding') { untaxed += b; untaxedCur += ac; total += b; totalCur += ac; }
        else if (l.display_type === 'payment_term') { residual += l.amount_residual ?? 0; residualCur += l.amount_residual_currency ?? 0; }
      } else if (l.debit) {
        total += b;
        totalCur += ac;
      }
    }
    const cur = currencyOf(env, move.currency_id);
    const companyCur = currencyOf(env, companyCurrencyOf(env, move.company_id) ?? move.currency_id);
    if (lines.length) totals.push({ move_id: id, debit: sumDebit, credit: sumCredit, balance: sumBalance, decimals: companyCur.decimal_places, lines: lines.length });
    const sign = directionSign(move.move_type);
    const amountTotal = sign * totalCur;
    const vals: Record<string, number | string> = {
      amount_untaxed: clean(cur, sign * untaxedCur),
      amount_tax: clean(cur, sign * taxCur),
      amount_total: clean(cur, amountTotal),
      amount_residual: clean(cur, -sign * residualCur),
      amount_untaxed_signed: clean(companyCur, -untaxed),
      amount_tax_signed: clean(companyCur, -tax),
      amount_total_signed: clean(companyCur, move.move_type === 'entry' ? Math.abs(total) : -total),
      amount_residual_signed: clean(companyCur, residual),
      amount_total_in_currency_signed: clean(cur, move.move_type === 'entry' ? Math.abs(amountTotal) : -(sign * amountTotal)),
    };
    // no receivable/payable item of the move in any partial (read just above): nothing matched
    const unreconciled = syncing && lines.every((l) => !RECEIVABLE_PAYABLE.has(String(l.account_type)) || unmatched.has(l.id));
    vals.payment_state = paymentState(env, id, move.move_type, move.state, cur, vals.amount_residual as number, move.payment_state, unreconciled);
    // nothing to write when the stored amounts are already these (e.g. a synchronisation at posting)
    if (MOVE_AMOUNT_FIELDS.every((f) => move[f] === vals[f])) {
      if (along.has(id)) updateColumns(env, 'account.move', [id], along.get(id)!);
      continue;
    }
    // tracked computed fields remember their value before the change (mail.thread _compute_field_value)
    const changed = ['amount_untaxed', 'payment_state'].filter((f) => move[f] !== vals[f]);
    if (changed.length && !env.context.tracking_disable && !env.context.mail_notrack) {
      const rec = env.model('account.move').browse([id]) as AnyModel;
      if (typeof rec._track_prepare === 'function') rec._track_prepare(changed);
    }
    updateColumns(env, 'account.move', [id], { ...along.get(id), ...vals });
  }
  return totals;
}

const RECEIVABLE_PAYABLE = new Set(['asset_receivable', 'liability_payable']);

/**
 * _compute_payment_state: from the residual and what the receivable/payable lines are matched
 * with. `unreconciled`: those lines are known to be in no partial reconciliation (the query
 * would find no row).
 */
function paymentState(env: Environment, moveId: number, moveType: string, state: string, cur: Currency, residual: number, current: string | null, unreconciled = false): string {
  if (current === 'invoicing_legacy') return current;
  if (state !== 'posted' || !isInvoice(moveType, true)) return 'not_paid';
  const rows = unreconciled ? [] : env.cr.all<{ counterpart_type: string; payment_id: number | null; account_type: string }>(
    `SELECT cm.move_type AS counterpart_type, cm.payment_id, a.account_type
       FROM account_partial_reconcile part
       JOIN account_move_line src ON src.id = part.debit_move_id OR src.id = part.credit_move_id
       JOIN account_move_line cp ON cp.id = CASE WHEN src.id = part.debit_move_id THEN part.credit_move_id ELSE part.debit_move_id END
       JOIN account_move cm ON cm.id = cp.move_id
       JOIN account_account a ON a.id = src.account_id
      WHERE src.move_id = ? AND cp.move_id != src.move_id AND a.account_type IN ('asset_receivable', 'liability_payable')`, [moveId]);
  if (isZero(cur, residual)) {
    if (rows.some((r) => r.payment_id)) {
      // paid when every payment is matched with a bank statement, else _get_invoice_in_payment_state(): 'paid' in Community
      return 'paid';
    }
    const types = new Set(rows.map((r) => r.counterpart_type));
    const eq = (...t: string[]) => types.size === t.length && t.every((x) => types.has(x));
    const inReverse = ['in_invoice', 'in_receipt'].includes(moveType) && (eq('in_refund') || eq('in_refund', 'entry'));
    const outReverse = ['out_invoice', 'out_receipt'].includes(moveType) && (eq('out_refund') || eq('out_refund', 'entry'));
    const miscReverse = ['entry', 'out_refund', 'in_refund'].includes(moveType) && eq('entry');
    return inReverse || outReverse || miscReverse ? 'reversed' : 'paid';
  }
  return rows.length ? 'partial' : 'not_paid';
}

/** _check_balanced: refuse a move whose debits and credits differ (Odoo's message). */
function checkBalanced(env: Environment, rows: MoveTotals[]): void {
  const unbalanced = rows.filter((r) => Number((r.balance ?? 0).toFixed(r.decimals)) !== 0);
  if (!unbalanced.length) return;
  let msg = 'An error has occurred.';
  for (const r of unbalanced) {
    const move = env.model('account.move').sudo().browse([r.move_id]) as AnyModel;
    const company = move.get('company_id') as number;
    const cur = currencyOf(env, companyCurrencyOf(env, company)!);
    const journal = env.model('account.journal').sudo().browse([move.get('journal_id') as number]).get('name');
    msg += `\n\nThe move (${move._displayNames().get(r.move_id)}) is not balanced.\nThe total of debits equals ${formatLang(env, r.debit, cur)} and the total of credits equals ${formatLang(env, r.credit, cur)}.\nYou might want to specify a default account on journal "${journal}" to automatically balance each move.`;
  }
  throw new UserError(msg);
}
