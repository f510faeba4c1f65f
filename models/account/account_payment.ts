/**
 * account.payment "Payments" (account.md §1.6): delegates to its journal entry (`_inherits`
 * account.move through move_id) and keeps two journal items in step with it — the liquidity line
 * on the outstanding receipts/payments account and the counterpart on the partner's
 * receivable/payable account (account_payment.py _prepare_move_line_default_vals and
 * _synchronize_to_moves). Posting, reset to draft and cancellation act on the entry.
 */
import { existingValues } from '../tools/missing';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Environment } from '../orm/environment';
import { UserError } from '../orm/exceptions';
import { markMovesDirty, syncScope } from './move_sync';
import { nowUtc } from '../orm/fields';
import type { SqlParam } from '../orm/sql';
import { currencyOf, formatDate, formatLang, isZero, today } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import { currentCompany } from './config';

const LABELS: Record<string, string> = {
  'outbound:customer': 'Customer Reimbursement', 'inbound:customer': 'Customer Payment',
  'outbound:supplier': 'Vendor Payment', 'inbound:supplier': 'Vendor Reimbursement',
};

/** Payment fields whose change rewrites the journal items (_get_trigger_fields_to_synchronize). */
const SYNC_TRIGGERS = ['date', 'amount', 'payment_type', 'partner_type', 'payment_reference', 'is_internal_transfer', 'currency_id', 'partner_id', 'destination_account_id', 'partner_bank_id', 'journal_id'];

const POSTED_AT_ONCE = 'account.payment.posted_at_once';

/**
 * Create payments with `create` that the caller posts before its operation ends (the register
 * wizard): their entries stay '/' until posting numbers them, instead of looking up a draft
 * number first (the number posting gives is the same: the first of the period, or the next).
 */
export function postedAtOnce<T>(env: Environment, create: () => T): T {
  const memo = env.cache.memo;
  const before = memo.get(POSTED_AT_ONCE);
  memo.set(POSTED_AT_ONCE, true);
  try {
    return create();
  } finally {
    memo.set(POSTED_AT_ONCE, before);
  }
}

export const accountPayment: ModelDecl = {
  _name: 'account.payment',
  _description: 'Payments',
  _inherits: { 'account.move': 'move_id' },
  _inherit: ['mail.thread.main.attachment', 'mail.activity.mixin'],
  _order: 'date desc, name desc',
  fields: {
    move_id: { type: 'many2one', comodel: 'account.move', string: 'Journal Entry', required: true, readonly: true, ondelete: 'cascade', index: true, check_company: true },
    is_reconciled: { type: 'boolean', string: 'Is Reconciled', compute: '_compute_reconciliation_status', help: 'Technical field indicating if the payment is already reconciled.' },
    is_matched: { type: 'boolean', string: 'Is Matched With a Bank Statement', compute: '_compute_reconciliation_status', help: 'Technical field indicating if the payment has been matched with a statement line.' },
    available_partner_bank_ids: { type: 'many2many', comodel: 'res.partner.bank', string: 'Available Partner Bank', compute: '_compute_available_partner_bank_ids' },
    partner_bank_id: { type: 'many2one', comodel: 'res.partner.bank', string: 'Recipient Bank Account', check_company: true, ondelete: 'restrict' , tracking: true },
    is_internal_transfer: { type: 'boolean', string: 'Internal Transfer', default: false , tracking: true },
    qr_code: { type: 'html', string: 'QR Code URL', compute: '_compute_qr_code' },
    paired_internal_transfer_payment_id: { type: 'many2one', comodel: 'account.payment', string: 'Paired Internal Transfer Payment', index: 'btree_not_null', help: 'When an internal transfer is posted, a paired payment is created. They are cross referenced through this field' },
    payment_method_line_id: { type: 'many2one', comodel: 'account.payment.method.line', string: 'Payment Method', check_company: true, index: true },
    available_payment_method_line_ids: { type: 'many2many', comodel: 'account.payment.method.line', string: 'Available Payment Method Line', compute: '_compute_available_payment_method_line_ids' },
    payment_method_id: { type: 'many2one', comodel: 'account.payment.method', string: 'Method', related: 'payment_method_line_id.payment_method_id', store: true , tracking: true },
    available_journal_ids: { type: 'many2many', comodel: 'account.journal', string: 'Available Journal', compute: '_compute_available_journal_ids' },
    amount: { type: 'monetary', string: 'Amount', currency_field: 'currency_id' },
    payment_type: { type: 'selection', string: 'Payment Type', selection: [['outbound', 'Send'], ['inbound', 'Receive']], default: 'inbound', required: true , tracking: true },
    partner_type: { type: 'selection', string: 'Partner Type', selection: [['customer', 'Customer'], ['supplier', 'Vendor']], default: 'customer', required: true , tracking: true },
    payment_reference: { type: 'char', string: 'Payment Reference', copy: false, help: 'Reference of the document used to issue this payment. Eg. check number, file name, etc.' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', help: "The payment's currency." },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer/Vendor', ondelete: 'restrict' },
    outstanding_account_id: { type: 'many2one', comodel: 'account.account', string: 'Outstanding Account', readonly: true, check_company: true, index: 'btree_not_null' },
    destination_account_id: { type: 'many2one', comodel: 'account.account', string: 'Destination Account', check_company: true },
    destination_journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Destination Journal', check_company: true },
    reconciled_invoice_ids: { type: 'many2many', comodel: 'account.move', string: 'Reconciled Invoices', compute: '_compute_stat_buttons_from_reconciliation', help: 'Invoices whose journal items have been reconciled with these payments.' },
    reconciled_invoices_count: { type: 'integer', string: '# Reconciled Invoices', compute: '_compute_stat_buttons_from_reconciliation' },
    reconciled_invoices_type: { type: 'selection', selection: [['credit_note', 'Credit Note'], ['invoice', 'Invoice']], compute: '_compute_stat_buttons_from_reconciliation' },
    reconciled_bill_ids: { type: 'many2many', comodel: 'account.move', string: 'Reconciled Bills', compute: '_compute_stat_buttons_from_reconciliation', help: 'Invoices whose journal items have been reconciled with these payments.' },
    reconciled_bills_count: { type: 'integer', string: '# Reconciled Bills', compute: '_compute_stat_buttons_from_reconciliation' },
    payment_method_code: { type: 'char', related: 'payment_method_line_id.code', string: 'Code' },
    show_partner_bank_account: { type: 'boolean', compute: '_compute_show_require_partner_bank', help: 'Technical field used to know whether the field `partner_bank_id` needs to be displayed or not in the payments form views' },
    require_partner_bank_account: { type: 'boolean', compute: '_compute_show_require_partner_bank', help: 'Technical field used to know whether the field `partner_bank_id` needs to be required or not in the payments form views' },
    amount_signed: { type: 'monetary', string: 'Amount Signed', currency_field: 'currency_id', compute: '_compute_amount_signed', help: 'Negative value of amount field if payment_type is outbound' , tracking: true },
    amount_company_currency_signed: { type: 'monetary', string: 'Amount Company Currency Signed', currency_field: 'company_currency_id', readonly: true },
  },
  rpc: {
    action_post: { api: 'multi', params: [] },
    action_draft: { api: 'multi', params: [] },
    action_cancel: { api: 'multi', params: [] },
    mark_as_sent: { api: 'multi', params: [] },
    unmark_as_sent: { api: 'multi', params: [] },
  },
  _sql_constraints: [['check_amount_not_negative', 'CHECK(amount >= 0.0)', 'The payment amount cannot be negative.']],
  methods: (Base) => class extends Base {

    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['move_id']);
      return new Map(this.ids.map((id) => {
        const name = this.env.model('account.move').sudo().browse([vals.get(id)?.move_id as number]).get('name');
        return [id, name && name !== '/' ? name : 'Draft Payment'];
      }));
    }

    /** _compute_reconciliation_status: matched with a statement (never here), reconciled with invoices. */
    _compute_reconciliation_status(field: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const pay = this.browse([id]).sudo() as AnyModel;
        const v = pay._values(['amount', 'currency_id', 'move_id', 'journal_id', 'company_id']).get(id)!;
        const cur = currencyOf(this.env, (v.currency_id as number) || 1);
        if (isZero(cur, v.amount as number)) { out.set(id, true); continue; }
        const [liquidity, counterpart, writeoff] = pay._seekForLines();
        const companyCur = companyCurrencyOf(this.env, v.company_id as number);
        const field2 = cur.id === companyCur ? 'amount_residual' : 'amount_residual_currency';
        const Line = this.env.model('account.move.line').sudo();
        if (field.name === 'is_matched') {
          const defaultAccount = this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('default_account_id');
          const accounts = [...Line.browse(liquidity)._values(['account_id']).values()].map((x) => x.account_id);
          if (defaultAccount && accounts.includes(defaultAccount)) { out.set(id, true); continue; }
          out.set(id, isZero(cur, [...Line.browse(liquidity)._values([field2]).values()].reduce((s, x) => s + (x[field2] as number), 0)));
        } else {
          const lines = [...counterpart, ...writeoff];
          const vals = Line.browse(lines)._values(['account_id', field2]);
          let sum = 0;
          for (const x of vals.values()) if (this.env.model('account.account').sudo().browse([x.account_id as number]).get('reconcile')) sum += x[field2] as number;
          out.set(id, isZero(cur, sum));
        }
      }
      return out;
    }

    /** (liquidity, counterpart, write-off) journal items of the payment's entry (_seek_for_lines). */
    _seekForLines(): [number[], number[], number[]] {
      const id = this.ids[0];
      const v = this.sudo()._values(['move_id', 'journal_id', 'payment_method_line_id', 'outstanding_account_id']).get(id)!;
      const liquidityAccounts = new Set(this._validLiquidityAccounts());
      const rows = this.env.cr.all<{ id: number; account_id: number; account_type: string | null; transfer: number | null }>(
        `SELECT l.id, l.account_id, a.account_type, c.transfer_account_id AS transfer FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id
           LEFT JOIN res_company c ON c.id = l.company_id WHERE l.move_id = ? ORDER BY l.id`, [v.move_id as number]);
      const out: [number[], number[], number[]] = [[], [], []];
      for (const r of rows) {
        if (liquidityAccounts.has(r.account_id)) out[0].push(r.id);
        else if (['asset_receivable', 'liability_payable'].includes(String(r.account_type)) || r.account_id === r.transfer) out[1].push(r.id);
        else out[2].push(r.id);
      }
      if (out[2].length === 1) {
        for (const i of [0, 1] as const) if (!out[i].length) { out[i] = out[2]; out[2] = []; }
      }
      return out;
    }

    _validLiquidityAccounts(): number[] {
      const v = this.sudo()._values(['journal_id', 'outstanding_account_id', 'company_id']).get(this.ids[0])!;
      const j = this.env.model('account.journal').sudo().browse([v.journal_id as number])._values(['default_account_id']).get(v.journal_id as number);
      const c = outstandingAccounts(this.env, v.company_id as number);
      const methodAccounts = this.env.cr.raw('SELECT payment_account_id FROM account_payment_method_line WHERE journal_id = ? AND payment_account_id IS NOT NULL', [v.journal_id as number]).map((r) => r[0] as number);
      return [j?.default_account_id, c?.d, c?.cr, v.outstanding_account_id, ...methodAccounts].filter((x): x is number => typeof x === 'number' && x > 0);
    }

    _compute_available_payment_method_line_ids(): Map<number, unknown> {
      const vals = this._values(['journal_id', 'payment_type']);
      return new Map(this.ids.map((id) => [id, availableMethodLines(this, vals.get(id)?.journal_id as number, String(vals.get(id)?.payment_type))]));
    }

    _compute_available_journal_ids(): Map<number, unknown> {
      const vals = this._values(['payment_type']);
      return new Map(this.ids.map((id) => [id, paymentJournals(this, String(vals.get(id)?.payment_type))]));
    }

    _compute_available_partner_bank_ids(): Map<number, unknown> {
      const vals = this._values(['partner_id', 'payment_type', 'journal_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.payment_type === 'inbound') {
          const b = this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('bank_account_id');
          return [id, b ? [b] : []];
        }
        return [id, v.partner_id ? this.env.model('res.partner.bank').sudo()._searchIds([['partner_id', '=', v.partner_id]]) : []];
      }));
    }

    _compute_qr_code(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }
    /** _compute_show_require_partner_bank: 'manual' methods off cash journals show it; none requires it in account. */
    _compute_show_require_partner_bank(field: { name: string }): Map<number, unknown> {
      const vals = this.sudo()._values(['journal_id', 'payment_method_line_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (field.name === 'require_partner_bank_account') return [id, false];
        return [id, showPartnerBank(this.env, v.journal_id as number | false, v.payment_method_line_id as number | false)];
      }));
    }

    _compute_amount_signed(): Map<number, unknown> {
      const vals = this._values(['amount', 'payment_type']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.payment_type === 'outbound' ? -(vals.get(id)?.amount as number) : vals.get(id)?.amount]));
    }

    /** The invoices and bills whose receivable/payable items this payment's items were matched with. */
    _compute_stat_buttons_from_reconciliation(field: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const moveId = this.browse([id]).sudo().get('move_id') as number;
        const rows = this.env.cr.all<{ move_id: number; move_type: string }>(
          `SELECT DISTINCT cm.id AS move_id, cm.move_type FROM account_move_line l
             JOIN account_partial_reconcile p ON p.debit_move_id = l.id OR p.credit_move_id = l.id
             JOIN account_move_line cl ON cl.id = CASE WHEN p.debit_move_id = l.id THEN p.credit_move_id ELSE p.debit_move_id END
             JOIN account_move cm ON cm.id = cl.move_id
            WHERE l.move_id = ? AND cm.id != ? ORDER BY cm.id`, [moveId, moveId]);
        const invoices = rows.filter((r) => ['out_invoice', 'out_refund', 'out_receipt'].includes(r.move_type)).map((r) => r.move_id);
        const bills = rows.filter((r) => ['in_invoice', 'in_refund', 'in_receipt'].includes(r.move_type)).map((r) => r.move_id);
        switch (field.name) {
          case 'reconciled_invoice_ids': out.set(id, invoices); break;
          case 'reconciled_invoices_count': out.set(id, invoices.length); break;
          case 'reconciled_bill_ids': out.set(id, bills); break;
          case 'reconciled_bills_count': out.set(id, bills.length); break;
          default: {
            const refunds = rows.filter((r) => r.move_type === 'out_refund').length;
            out.set(id, invoices.length && refunds === invoices.length ? 'credit_note' : 'invoice');
          }
        }
      }
      return out;
    }

    // -----------------------------------------------------------------------------------------
    // create / write: the entry follows the payment
    // -----------------------------------------------------------------------------------------

    _create(valsList: Vals[]): this {
      return syncScope(this.env, () => {
        const writeOffs: unknown[] = [];
        const prepared = valsList.map((given) => {
          const vals: Vals = { ...given };
          writeOffs.push(vals.write_off_line_vals ?? null);
          delete vals.write_off_line_vals;
          delete vals.force_balance;
          vals.move_type = 'entry';
          vals.journal_id ||= this.env.model('account.move').withContext({ is_payment: true })._searchDefaultJournal('entry', vals.company_id, vals.currency_id);
          (this as AnyModel)._fillPaymentDefaults(vals);
          return vals;
        });
        // the entry is numbered below, once payment_id is set (in the payments' family): its own
        // creation does not look for a number first
        // a draft entry is inserted named '/' (what the numbering below starts from), not
        // without a name then written '/' in a second statement
        const unnumbered = (v: Vals) => ((v.state ?? 'draft') === 'draft' && !v.posted_before ? { name: '/', sequence_prefix: '', sequence_number: 0 } : { name: false });
        const created = Base.prototype._create.call(this.withContext({ account_payment_entry_numbering: true }), prepared.map((v) => ({ ...unnumbered(v), ...v })));
        const payments = this.browse(created.ids);
        payments.ids.forEach((id, i) => {
          const pay = this.browse([id]).sudo() as AnyModel;
          const moveId = pay.get('move_id') as number;
          const move = this.env.model('account.move').sudo().browse([moveId]);
          const vals = prepared[i];
          const toWrite: Vals = { payment_id: id, partner_id: vals.partner_id || false, currency_id: vals.currency_id, partner_bank_id: vals.partner_bank_id || false };
          if (!vals.line_ids) toWrite.line_ids = pay._moveLineVals(writeOffs[i]).map((l: Vals) => [0, 0, l]);
          if (!vals.move_id && !vals.line_ids && followsPaymentOnlyThroughItems(this.env)) writeNewEntry(move, toWrite);
          else move._write(toWrite);
          // Odoo computes the entry's name once payment_id is set (at flush): the number, if a first
          // draft of its period gets one, is then in the payments' sequence (PBNK1/, PCSH1/)
          // (through _updateColumns: the call's cached row of the entry stays valid)
          const entry = move._values(['state', 'posted_before', 'name', 'sequence_prefix', 'sequence_number']).get(moveId);
          if (entry && entry.state === 'draft' && !entry.posted_before && (entry.name !== '/' || entry.sequence_prefix !== '' || entry.sequence_number !== 0)) {
            (move as AnyModel)._updateColumns([moveId], { name: '/', sequence_prefix: '', sequence_number: 0 });
          }
          // an entry posted in the same operation is numbered once, at posting (postedAtOnce)
          if (!this.env.cache.memo.get(POSTED_AT_ONCE)) (move as AnyModel)._computeName();
        });
        return payments;
      });
    }

    /** The computed defaults of a new payment (currency, partner, method line, accounts). */
    _fillPaymentDefaults(vals: Vals): void {
      const journal = this.env.model('account.journal').sudo().browse([vals.journal_id as number])._values(['company_id', 'currency_id']).get(vals.journal_id as number);
      const company = (vals.company_id as number) || (journal?.company_id as number) || (currentCompany(this) as number);
      vals.payment_type ??= this.env.context.default_payment_type ?? 'inbound';
      vals.partner_type ??= this.env.context.default_partner_type ?? 'customer';
      vals.currency_id ||= journal?.currency_id || companyCurrencyOf(this.env, company);
      if (!vals.payment_method_line_id) vals.payment_method_line_id = availableMethodLines(this, vals.journal_id as number, String(vals.payment_type))[0] ?? false;
      const methodAccount = vals.payment_method_line_id ? this.env.model('account.payment.method.line').sudo().browse([vals.payment_method_line_id as number]).get('payment_account_id') : false;
      const c = outstandingAccounts(this.env, company);
      vals.outstanding_account_id = methodAccount || (vals.payment_type === 'inbound' ? c?.d : c?.cr) || false;
      if (!vals.destination_account_id) vals.destination_account_id = destinationAccount(this, vals, company);
      vals.date ??= today(this.env);
    }

    /** _prepare_move_line_default_vals: the liquidity and counterpart items (plus write-offs). */
    _moveLineVals(writeOff: unknown): Vals[] {
      const id = this.ids[0];
      const v = this.sudo()._values(['amount', 'payment_type', 'partner_type', 'currency_id', 'date', 'partner_id', 'outstanding_account_id', 'destination_account_id', 'payment_reference', 'payment_method_line_id', 'journal_id', 'is_internal_transfer']).get(id)!;
      if (!v.outstanding_account_id) {
        const method = v.payment_method_line_id ? this.env.model('account.payment.method.line').sudo().browse([v.payment_method_line_id as number]).get('name') : '';
        const journal = this.env.model('account.journal').sudo().browse([v.journal_id as number])._displayNames().get(v.journal_id as number);
        throw new UserError(`You can't create a new payment without an outstanding payments/receipts account set either on the company or the ${method} payment method in the ${journal} journal.`);
      }
      const writeOffs = (Array.isArray(writeOff) ? writeOff : []) as Vals[];
      const woCur = writeOffs.reduce((s, x) => s + Number(x.amount_currency || 0), 0);
      const woBal = writeOffs.reduce((s, x) => s + Number(x.balance || 0), 0);
      const liquidity = v.payment_type === 'inbound' ? (v.amount as number) : v.payment_type === 'outbound' ? -(v.amount as number) : 0;
      const label = (this as AnyModel)._defaultLabel(v);
      const name = v.payment_reference ? String(v.payment_reference) : label;
      return [
        { name, date_maturity: v.date, amount_currency: liquidity, currency_id: v.currency_id, balance: liquidity, partner_id: v.partner_id, account_id: v.outstanding_account_id },
        { name, date_maturity: v.date, amount_currency: -liquidity - woCur, currency_id: v.currency_id, balance: -liquidity - woBal, partner_id: v.partner_id, account_id: v.destination_account_id },
        ...writeOffs,
      ];
    }

    /** "Customer Payment $ 115.00 - Deco Addict - 12/06/2026" (_get_aml_default_display_name_list). */
    _defaultLabel(v: Vals): string {
      const cur = currencyOf(this.env, v.currency_id as number);
      let label = `${v.is_internal_transfer ? 'Internal Transfer' : LABELS[`${v.payment_type}:${v.partner_type}`]} ${formatLang(this.env, v.amount as number, cur)}`;
      if (v.partner_id) label += ` - ${this.env.model('res.partner').sudo().browse([v.partner_id as number])._displayNames().get(v.partner_id as number)}`;
      return `${label} - ${formatDate(String(v.date))}`;
    }

    _write(vals: Vals): void {
      syncScope(this.env, () => {
        super._write(vals);
        if (this.env.context.skip_account_move_synchronization) return;
        if (!SYNC_TRIGGERS.some((f) => f in vals)) return;
        for (const id of this.ids) {
          const pay = this.browse([id]).sudo() as AnyModel;
          const v = pay._values(['move_id', 'partner_id', 'currency_id', 'partner_bank_id', 'payment_type', 'payment_method_line_id', 'journal_id', 'company_id', 'partner_type']).get(id)!;
          if ('payment_type' in vals || 'journal_id' in vals || 'partner_id' in vals || 'partner_type' in vals) {
            const fill: Vals = { journal_id: v.journal_id, payment_type: v.payment_type, partner_type: v.partner_type, partner_id: v.partner_id, currency_id: v.currency_id, company_id: v.company_id };
            if (!('payment_method_line_id' in vals)) {
              const lines = availableMethodLines(this, v.journal_id as number, String(v.payment_type));
              fill.payment_method_line_id = lines.includes(v.payment_method_line_id as number) ? v.payment_method_line_id : lines[0] ?? false;
            } else fill.payment_method_line_id = v.payment_method_line_id;
            pay._fillPaymentDefaults(fill);
            const extra: Vals = { payment_method_line_id: fill.payment_method_line_id, outstanding_account_id: fill.outstanding_account_id };
            if (!('destination_account_id' in vals)) extra.destination_account_id = fill.destination_account_id;
            Base.prototype._write.call(pay, extra);
          }
          const [liquidity, counterpart, writeoff] = pay._seekForLines() as [number[], number[], number[]];
          const Line = this.env.model('account.move.line').sudo();
          let woVals: Vals[] = [];
          if (liquidity.length && counterpart.length && writeoff.length) {
            const rows = [...Line.browse(writeoff)._values(['name', 'account_id', 'partner_id', 'currency_id', 'amount_currency', 'balance']).values()];
            woVals = [{ name: rows[0].name, account_id: rows[0].account_id, partner_id: rows[0].partner_id, currency_id: rows[0].currency_id, amount_currency: rows.reduce((s, r) => s + (r.amount_currency as number), 0), balance: rows.reduce((s, r) => s + (r.balance as number), 0) }];
          }
          const lineVals = pay._moveLineVals(woVals) as Vals[];
          const commands: unknown[] = [
            liquidity.length ? [1, liquidity[0], lineVals[0]] : [0, 0, lineVals[0]],
            counterpart.length ? [1, counterpart[0], lineVals[1]] : [0, 0, lineVals[1]],
            ...writeoff.map((l) => [2, l]),
            ...lineVals.slice(2).map((l) => [0, 0, l]),
          ];
          this.env.model('account.move').sudo().browse([v.move_id as number])._write({
            partner_id: v.partner_id, currency_id: v.currency_id, partner_bank_id: v.partner_bank_id, line_ids: commands,
          });
        }
      });
    }

    unlink(): boolean {
      const moves = [...this.sudo()._values(['move_id']).values()].map((v) => v.move_id as number);
      const res = super.unlink();
      if (moves.length) this.env.model('account.move').withContext({ force_delete: true }).browse(moves).exists().unlink();
      return res;
    }

    // -----------------------------------------------------------------------------------------
    // actions (each returns None over RPC, like Odoo's)
    // -----------------------------------------------------------------------------------------

    action_post(): null {
      const moves = [...existingValues(this.sudo(), ['move_id']).values()].map((v) => v.move_id as number);
      (this.env.model('account.move').browse(moves) as AnyModel)._post(false);
      return null;
    }

    action_cancel(): null {
      const moves = [...existingValues(this.sudo(), ['move_id']).values()].map((v) => v.move_id as number);
      this.env.model('account.move').browse(moves).button_cancel();
      return null;
    }

    action_draft(): null {
      const moves = [...existingValues(this.sudo(), ['move_id']).values()].map((v) => v.move_id as number);
      this.env.model('account.move').browse(moves).button_draft();
      return null;
    }

    mark_as_sent(): null { this.write({ is_move_sent: true }); return null; }
    unmark_as_sent(): null { this.write({ is_move_sent: false }); return null; }
  },
};

/**
 * Give the entry a payment just created with it (no items yet) the payment's values and its items:
 * what the entry's write does for these values, without what cannot apply to an entry that has
 * no items and was created in this operation (its tracking is discarded, nothing depends on these
 * fields but its items' payment_id, which the items get at their creation: see
 * followsPaymentOnlyThroughItems). One UPDATE, then the items, then the synchronisation's mark.
 */
function writeNewEntry(move: BaseModel, vals: Vals): void {
  const M = move.cls;
  const env = move.env;
  const partner = vals.partner_id as number | false;
  // account.move _write: the commercial partner follows the partner
  const commercial = partner ? env.model('res.partner').sudo().browse([partner]).get('commercial_partner_id') || partner : false;
  const row: Record<string, SqlParam> = {};
  for (const [k, v] of Object.entries({ payment_id: vals.payment_id, partner_id: partner, currency_id: vals.currency_id, partner_bank_id: vals.partner_bank_id, commercial_partner_id: commercial })) {
    row[k] = (move as AnyModel)._toColumn(M._fields[k], v);
  }
  row.write_uid = env.uid;
  row.write_date = nowUtc(env.cr);
  (move as AnyModel)._updateColumns(move.ids, row);
  (move as AnyModel)._writeX2many(M._fields.line_ids, vals.line_ids, false);
  markMovesDirty(env, move.ids);
}

const ENTRY_VALUES = ['payment_id', 'partner_id', 'currency_id', 'partner_bank_id', 'commercial_partner_id', 'write_uid', 'write_date'];
const followersOfEntryValues = new WeakMap<object, boolean>();

/**
 * Whether, in this database's models, the only stored computed field depending on the values a
 * new payment gives its entry (ENTRY_VALUES) is account.move.line's payment_id, and account.move
 * checks no constraint on them: then writeNewEntry can skip the ORM's recomputation and checks
 * (a model installed later that follows them turns it off). Once per registry.
 */
export function followsPaymentOnlyThroughItems(env: Environment): boolean {
  const registry = env.registry;
  let only = followersOfEntryValues.get(registry);
  if (only === undefined) {
    const values = new Set(ENTRY_VALUES);
    const Move = env.registry.get('account.move')!;
    only = !Object.values(Move._constrains).some((fnames) => fnames.some((f) => values.has(f)));
    for (const Other of registry.models.values()) {
      for (const f of Object.values(Other._fields)) {
        if (!only) break;
        if (!f.column || !(f.spec.compute || f.spec.related)) continue;
        if (Other._name === 'account.move.line' && f.name === 'payment_id') continue;
        for (const dep of f.spec.depends ?? (f.spec.related ? [f.spec.related] : [])) {
          const [head, next] = dep.split('.');
          const rel = Other._fields[head];
          if (Other === Move && values.has(head)) only = false;
          if (rel?.comodel === 'account.move' && next !== undefined && values.has(next)) only = false;
          // a one2many of entries (moving an entry between owners)
          if (rel?.type === 'one2many' && rel.comodel === 'account.move' && values.has(rel.spec.inverse_name!)) only = false;
        }
      }
    }
    followersOfEntryValues.set(registry, only);
  }
  return only;
}

/**
 * The company's outstanding receipts (d) and payments (cr) accounts, kept across calls while
 * res_company is unchanged (Environment.crossCall): every payment's creation reads them.
 */
function outstandingAccounts(env: Environment, companyId: number): { d: number | null; cr: number | null } | undefined {
  return env.crossCall(`account.outstanding_accounts:${companyId}`, () => env.cr.get<{ d: number | null; cr: number | null }>(
    'SELECT account_journal_payment_debit_account_id AS d, account_journal_payment_credit_account_id AS cr FROM res_company WHERE id = ?', [companyId]));
}

/** journal._get_available_payment_method_lines(payment_type). */
export function availableMethodLines(m: BaseModel, journalId: number, paymentType: string): number[] {
  if (!journalId) return [];
  return m.env.cr.raw(`SELECT l.id FROM account_payment_method_line l JOIN account_payment_method pm ON pm.id = l.payment_method_id
      WHERE l.journal_id = ? AND pm.payment_type = ? ORDER BY l.sequence, l.id`, [journalId, paymentType]).map((r) => r[0] as number);
}

/** Bank and cash journals of the company having a method line for the direction. */
export function paymentJournals(m: BaseModel, paymentType: string, companyId?: number): number[] {
  const company = companyId ?? (currentCompany(m) as number);
  return m.env.cr.raw(`SELECT j.id FROM account_journal j WHERE j.company_id = ? AND j.type IN ('bank', 'cash') AND j.active
      AND EXISTS (SELECT 1 FROM account_payment_method_line l JOIN account_payment_method pm ON pm.id = l.payment_method_id WHERE l.journal_id = j.id AND pm.payment_type = ?)
      ORDER BY j.sequence, j.type, j.code`, [company, paymentType]).map((r) => r[0] as number);
}

/** _compute_destination_account_id: the partner's receivable or payable account. */
function destinationAccount(m: BaseModel, vals: Vals, company: number): number | false {
  const customer = vals.partner_type === 'customer';
  if (vals.partner_id) {
    const acc = m.env.model('res.partner').sudo().browse([vals.partner_id as number]).get(customer ? 'property_account_receivable_id' : 'property_account_payable_id');
    if (acc) return acc as number;
  }
  const row = m.env.cr.get<{ id: number }>('SELECT id FROM account_account WHERE company_id = ? AND account_type = ? AND NOT COALESCE(deprecated, 0) ORDER BY code, id LIMIT 1',
    [company, customer ? 'asset_receivable' : 'liability_payable']);
  return row?.id ?? false;
}

/** Payment method codes whose payments show the recipient bank account (_get_method_codes_using_bank_account). */
export const METHOD_CODES_USING_BANK_ACCOUNT = ['manual'];

/** show_partner_bank_account of a payment or the register wizard: not on cash journals. */
export function showPartnerBank(env: Environment, journalId: number | false, methodLineId: number | false): boolean {
  if (!journalId || !methodLineId) return false;
  if (env.model('account.journal').sudo().browse([journalId]).get('type') === 'cash') return false;
  const code = env.model('account.payment.method.line').sudo().browse([methodLineId]).get('code');
  return METHOD_CODES_USING_BANK_ACCOUNT.includes(String(code));
}
