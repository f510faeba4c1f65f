/**
 * Reconciliation (account_partial_reconcile.py, account_full_reconcile.py and
 * account_move_line.py's reconcile): journal items of one account are matched debit against
 * credit, oldest due date first, by account.partial.reconcile records; when every involved item
 * is settled an account.full.reconcile groups them. Matching numbers follow Odoo 17: the full
 * reconcile's id, or 'P' + the smallest partial id of a partially matched group.
 * Exchange differences and cash-basis entries are not emulated (no currency rates).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel } from '../orm/model';
import type { Environment } from '../orm/environment';
import { UserError } from '../orm/exceptions';
import { computeMoveAmounts, computeResiduals, flushPendingMoves, syncScope } from './move_sync';
import { currencyOf, isZero, clean } from './tools';
import { companyCurrencyOf } from '../tools/currency';

export const accountPartialReconcile: ModelDecl = {
  _name: 'account.partial.reconcile',
  _description: 'Partial Reconcile',
  fields: {
    debit_move_id: { type: 'many2one', comodel: 'account.move.line', index: true, required: true },
    credit_move_id: { type: 'many2one', comodel: 'account.move.line', index: true, required: true },
    full_reconcile_id: { type: 'many2one', comodel: 'account.full.reconcile', string: 'Full Reconcile', copy: false, index: 'btree_not_null' },
    exchange_move_id: { type: 'many2one', comodel: 'account.move', index: 'btree_not_null' },
    company_currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Company Currency', related: 'company_id.currency_id', help: 'Utility field to express amount currency' },
    debit_currency_id: { type: 'many2one', comodel: 'res.currency', store: true, related: 'debit_move_id.currency_id', string: 'Currency of the debit journal item.' },
    credit_currency_id: { type: 'many2one', comodel: 'res.currency', store: true, related: 'credit_move_id.currency_id', string: 'Currency of the credit journal item.' },
    amount: { type: 'monetary', currency_field: 'company_currency_id', help: 'Always positive amount concerned by this matching expressed in the company currency.' },
    debit_amount_currency: { type: 'monetary', currency_field: 'debit_currency_id', help: 'Always positive amount concerned by this matching expressed in the debit line foreign currency.' },
    credit_amount_currency: { type: 'monetary', currency_field: 'credit_currency_id', help: 'Always positive amount concerned by this matching expressed in the credit line foreign currency.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company' },
    max_date: { type: 'date', string: 'Max Date of Matched Lines' },
  },
  methods: (Base) => class extends Base {
    _unlink(): void {
      syncScope(this.env, () => {
        const rows = [...this.sudo()._values(['debit_move_id', 'credit_move_id', 'full_reconcile_id']).values()];
        const lines = [...new Set(rows.flatMap((r) => [r.debit_move_id as number, r.credit_move_id as number]))];
        const fulls = [...new Set(rows.map((r) => r.full_reconcile_id).filter((x): x is number => typeof x === 'number'))];
        super._unlink();
        if (fulls.length) this.env.model('account.full.reconcile').sudo().browse(fulls).exists()._unlink();
        afterReconcileChange(this.env, lines);
      });
    }
  },
};

export const accountFullReconcile: ModelDecl = {
  _name: 'account.full.reconcile',
  _description: 'Full Reconcile',
  fields: {
    partial_reconcile_ids: { type: 'one2many', comodel: 'account.partial.reconcile', inverse_name: 'full_reconcile_id', string: 'Reconciliation Parts' },
    reconciled_line_ids: { type: 'one2many', comodel: 'account.move.line', inverse_name: 'full_reconcile_id', string: 'Matched Journal Items' },
    exchange_move_id: { type: 'many2one', comodel: 'account.move', index: 'btree_not_null' },
  },
  methods: (Base) => class extends Base {
    _unlink(): void {
      const ids = this.ids;
      if (ids.length) {
        const ph = ids.map(() => '?').join(',');
        this.env.cr.run(`UPDATE account_move_line SET full_reconcile_id = NULL WHERE full_reconcile_id IN (${ph})`, ids);
        this.env.cr.run(`UPDATE account_partial_reconcile SET full_reconcile_id = NULL WHERE full_reconcile_id IN (${ph})`, ids);
      }
      super._unlink();
    }
  },
};

export interface ReconcileLine {
  id: number; move_id: number; account_id: number; company_id: number; currency_id: number; balance: number;
  amount_residual: number; amount_residual_currency: number; reconciled: number; parent_state: string;
  date_maturity: string | null; date: string | null; amount_currency: number;
}

/** The columns of account_move_line a reconciliation reads of its items (ReconcileLine). */
export const RECONCILE_COLUMNS = ['id', 'move_id', 'account_id', 'company_id', 'currency_id', 'balance', 'amount_residual', 'amount_residual_currency', 'reconciled',
  'parent_state', 'date_maturity', 'date', 'amount_currency'];

function loadReconcileLines(env: Environment, ids: number[]): ReconcileLine[] {
  if (!ids.length) return [];
  return env.cr.all<ReconcileLine>(`SELECT ${RECONCILE_COLUMNS.join(', ')} FROM account_move_line WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
}

/**
 * account.move.line.reconcile(): check the items (_check_amls_exigibility_for_reconciliation),
 * match debits with credits, then create the full reconcile when everything is settled.
 * `known`: the items' RECONCILE_COLUMNS as the caller read them (in id order) and the table
 * version then: used while account_move_line is unwritten since, instead of reading them again.
 */
export function reconcileLines(lines: BaseModel, known?: { rows: ReconcileLine[]; stamp: number }): void {
  const env = lines.env.sudo();
  syncScope(env, () => {
    flushPendingMoves(env);
    const ids = [...new Set(lines.ids)];
    const rows = known && known.rows.length === ids.length && env.cr.tables.stillValid(['account_move_line'], known.stamp)
      ? known.rows : loadReconcileLines(env, ids);
    if (!rows.length) return;
    if (rows.some((r) => r.reconciled)) throw new UserError('You are trying to reconcile some entries that are already reconciled.');
    if (rows.some((r) => r.parent_state !== 'posted')) throw new UserError('You can only reconcile posted entries.');
    const accounts = [...new Set(rows.map((r) => r.account_id))];
    const Account = env.model('account.account');
    if (accounts.length > 1) {
      const names = Account.browse(accounts)._displayNames();
      throw new UserError(`Entries are not from the same account: ${accounts.map((a) => names.get(a)).join(', ')}`);
    }
    const companies = [...new Set(rows.map((r) => r.company_id))];
    if (companies.length > 1) {
      const names = env.model('res.company').browse(companies)._displayNames();
      throw new UserError(`Entries don't belong to the same company: ${companies.map((c) => names.get(c)).join(', ')}`);
    }
    const acc = Account.browse(accounts)._values(['reconcile', 'account_type']).get(accounts[0])!;
    if (!acc.reconcile && !['asset_cash', 'liability_credit_card'].includes(String(acc.account_type))) {
      throw new UserError(`Account ${Account.browse(accounts)._displayNames().get(accounts[0])} does not allow reconciliation. First change the configuration of this account to allow it.`);
    }
    matchLines(env, rows);
  });
}

/** Create the partials between the debit and credit items (sorted like _optimize_reconciliation_plan). */
function matchLines(env: Environment, rows: ReconcileLine[]): void {
  const key = (r: ReconcileLine) => [r.date_maturity || r.date || '', r.currency_id, r.amount_currency, r.balance] as const;
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a); const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return a.id - b.id;
  });
  const companyCur = currencyOf(env, companyCurrencyOf(env, rows[0].company_id)!);
  const debits = sorted.filter((r) => r.amount_residual > 0 || (r.amount_residual === 0 && r.amount_residual_currency > 0)).map((r) => ({ ...r }));
  const credits = sorted.filter((r) => r.amount_residual < 0 || (r.amount_residual === 0 && r.amount_residual_currency < 0)).map((r) => ({ ...r }));
  const Partial = env.model('account.partial.reconcile').sudo();
  const created: number[] = [];
  let di = 0;
  let ci = 0;
  while (di < debits.length && ci < credits.length) {
    const d = debits[di];
    const c = credits[ci];
    const sameCurrency = d.currency_id === c.currency_id;
    const amount = Math.min(d.amount_residual, -c.amount_residual);
    // in one foreign currency the smaller residual in that currency decides; otherwise the company amounts do
    let debitCur: number;
    let creditCur: number;
    if (sameCurrency) {
      const cur = Math.min(d.amount_residual_currency, -c.amount_residual_currency);
      debitCur = cur;
      creditCur = cur;
    } else {
      debitCur = d.amount_residual ? (amount / d.amount_residual) * d.amount_residual_currency : 0;
      creditCur = c.amount_residual ? (amount / -c.amount_residual) * -c.amount_residual_currency : 0;
    }
    if (isZero(companyCur, amount) && isZero(currencyOf(env, d.currency_id), debitCur)) break;
    const partialId = Partial._create([{
      debit_move_id: d.id, credit_move_id: c.id, amount: clean(companyCur, amount),
      debit_amount_currency: clean(currencyOf(env, d.currency_id), debitCur), credit_amount_currency: clean(currencyOf(env, c.currency_id), creditCur),
      company_id: d.company_id, max_date: [d.date, c.date].filter(Boolean).sort().pop() ?? false,
    }]).ids[0];
    created.push(partialId);
    d.amount_residual -= amount;
    c.amount_residual += amount;
    d.amount_residual_currency -= debitCur;
    c.amount_residual_currency += creditCur;
    const dDone = isZero(companyCur, d.amount_residual) && isZero(currencyOf(env, d.currency_id), d.amount_residual_currency);
    const cDone = isZero(companyCur, c.amount_residual) && isZero(currencyOf(env, c.currency_id), c.amount_residual_currency);
    if (dDone) di++;
    if (cDone) ci++;
    if (!dDone && !cDone) break;
  }
  const touched = rows.map((r) => r.id);
  // only the matched items' partials changed: the other items of their groups keep their residuals
  const residuals = computeResiduals(env, touched);
  // a group whose items are all settled becomes a full reconcile
  const graph = matchingGraph(env, touched);
  const group = graph.lines;
  // (the group is often just the matched items, whose residuals were just computed)
  const alone = group.length === touched.length;
  const state: Array<{ reconciled: number | null; amount_residual: number | null; amount_residual_currency: number | null; currency_id: number }> = alone ? residuals : loadReconcileLines(env, group);
  const multi = new Set(state.map((r) => r.currency_id)).size > 1;
  const settled = state.every((r) => r.reconciled || (multi ? isZero(companyCur, r.amount_residual ?? 0) : isZero(currencyOf(env, r.currency_id), r.amount_residual_currency ?? 0)));
  if (settled && created.length) {
    const partialIds = graph.components.flatMap((c) => c.partials).sort((a, b) => a - b);
    const fullId = env.model('account.full.reconcile').sudo()._create([{}]).ids[0];
    env.cr.run(`UPDATE account_partial_reconcile SET full_reconcile_id = ? WHERE id IN (${partialIds.map(() => '?').join(',')})`, [fullId, ...partialIds]);
    // every item of the group is in the full reconcile: when each is matched by a partial, its
    // matching number is the full reconcile's id (updateMatchingNumbers' rule), set in the same
    // statement; an item in no partial keeps updateMatchingNumbers' (none)
    const numbered = graph.components.every((c) => c.partials.length > 0);
    const ph = group.map(() => '?').join(',');
    if (numbered) env.cr.run(`UPDATE account_move_line SET full_reconcile_id = ?, matching_number = ? WHERE id IN (${ph})`, [fullId, String(fullId), ...group]);
    else env.cr.run(`UPDATE account_move_line SET full_reconcile_id = ? WHERE id IN (${ph})`, [fullId, ...group]);
    afterReconcileChange(env, group, graph, alone ? [...new Set(rows.map((r) => r.move_id))] : undefined, numbered);
    return;
  }
  afterReconcileChange(env, group, graph, alone ? [...new Set(rows.map((r) => r.move_id))] : undefined);
}

/** Connected groups of items (by partials) and each group's partial ids, in id order. */
interface MatchingGraph { lines: number[]; components: Array<{ lines: number[]; partials: number[] }> }

/**
 * The items connected to these by partials (the "matching number" graph), split into its
 * connected groups: one query per step of the walk (one when the items are already a group).
 */
function matchingGraph(env: Environment, ids: number[]): MatchingGraph {
  const seen = new Set(ids);
  const edges = new Map<number, [number, number]>();
  let frontier = [...seen];
  while (frontier.length) {
    const ph = frontier.map(() => '?').join(',');
    const rows = env.cr.raw(`SELECT id, debit_move_id, credit_move_id FROM account_partial_reconcile WHERE debit_move_id IN (${ph}) OR credit_move_id IN (${ph})`, [...frontier, ...frontier]);
    const next: number[] = [];
    for (const [p, d, c] of rows) {
      edges.set(p as number, [d as number, c as number]);
      for (const x of [d as number, c as number]) if (!seen.has(x)) { seen.add(x); next.push(x); }
    }
    frontier = next;
  }
  // union-find over the items
  const parent = new Map<number, number>([...seen].map((x) => [x, x]));
  const find = (x: number): number => { let r = x; while (parent.get(r) !== r) r = parent.get(r)!; parent.set(x, r); return r; };
  for (const [d, c] of edges.values()) { const a = find(d); const b = find(c); if (a !== b) parent.set(a, b); }
  const byRoot = new Map<number, { lines: number[]; partials: number[] }>();
  for (const x of seen) {
    const r = find(x);
    const comp = byRoot.get(r) ?? { lines: [], partials: [] };
    comp.lines.push(x);
    byRoot.set(r, comp);
  }
  for (const [p, [d]] of edges) byRoot.get(find(d))!.partials.push(p);
  for (const comp of byRoot.values()) comp.partials.sort((a, b) => a - b);
  return { lines: [...seen], components: [...byRoot.values()] };
}

function partialsOf(env: Environment, lineIds: number[]): number[] {
  if (!lineIds.length) return [];
  const ph = lineIds.map(() => '?').join(',');
  return env.cr.raw(`SELECT id FROM account_partial_reconcile WHERE debit_move_id IN (${ph}) OR credit_move_id IN (${ph}) ORDER BY id`, [...lineIds, ...lineIds]).map((r) => r[0] as number);
}

/** _update_matching_number: per connected group, the full reconcile id or 'P' + its smallest partial id. */
function updateMatchingNumbers(env: Environment, graph: MatchingGraph): void {
  for (const component of graph.components) {
    const ph = component.lines.map(() => '?').join(',');
    if (!component.partials.length) {
      env.cr.run(`UPDATE account_move_line SET matching_number = NULL WHERE id IN (${ph})`, component.lines);
      continue;
    }
    env.cr.run(`UPDATE account_move_line SET matching_number = CASE WHEN full_reconcile_id IS NOT NULL THEN CAST(full_reconcile_id AS TEXT) ELSE ? END WHERE id IN (${ph})`,
      [`P${component.partials[0]}`, ...component.lines]);
  }
}

/**
 * After partials change: residuals, matching numbers, then amounts and payment states of the
 * moves. `graph`: the items' matching graph, when the caller has it and already computed the
 * residuals of the items whose partials changed; `numbered`: the matching numbers are set.
 */
function afterReconcileChange(env: Environment, lineIds: number[], graph?: MatchingGraph, moveIds?: number[], numbered = false): void {
  if (!lineIds.length) return;
  if (!graph) computeResiduals(env, lineIds);
  if (!numbered) updateMatchingNumbers(env, graph ?? matchingGraph(env, lineIds));
  const moves = moveIds ?? env.cr.raw(`SELECT DISTINCT move_id FROM account_move_line WHERE id IN (${lineIds.map(() => '?').join(',')})`, lineIds).map((r) => r[0] as number);
  computeMoveAmounts(env, moves);
}

/** remove_move_reconcile(): drop the partials of these items (and their full reconciles). */
export function removeReconcile(lines: BaseModel): void {
  const env = lines.env.sudo();
  const partials = partialsOf(env, lines.ids);
  if (partials.length) env.model('account.partial.reconcile').sudo().browse(partials)._unlink();
}

export const reconcileModels: ModelDecl[] = [accountPartialReconcile, accountFullReconcile];
