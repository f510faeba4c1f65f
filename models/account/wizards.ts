/**
 * The invoicing wizards clients drive over RPC: account.payment.register (register payment:
 * full, partial, several invoices grouped or not; account.md §1.7 and §3) and
 * account.move.reversal (credit notes and reversed entries). Their computed fields are filled
 * when the wizard is created, from the lines of the context's active records, as Odoo's stored
 * computes are.
 */
import { existingValues } from '../tools/missing';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { availableMethodLines, paymentJournals, postedAtOnce, showPartnerBank } from './account_payment';
import { clean, compareAmounts, currencyOf, isZero, today } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import { isInvoice, isOutbound } from './move_types';
import { syncScope } from './move_sync';
import { RECONCILE_COLUMNS, reconcileLines, type ReconcileLine } from './reconcile';
import { Markup } from '../mail/html';
import { htmlLink } from './account_move';

/** What the wizard reads of a journal item and its entry (lineFacts). */
interface LineFacts {
  id: number; move_id: number; parent_state: string; partner_id: number | null; account_id: number; account_type: string | null;
  currency_id: number; balance: number; amount_residual: number; amount_residual_currency: number; company_id: number;
  name: string | null; move_type: string; partner_bank_id: number | null; ref: string | null; move_name: string | null;
}

/**
 * The facts of the given journal items, in id order (the order their SQL read gave before, which
 * the sums follow). One statement text for every step of the wizard (default lines, batches,
 * amounts, memo, payment values): the same lines asked again within a call are answered from the
 * cursor's kept reads until a table it names is written.
 */
function lineFacts(env: BaseModel['env'], ids: number[]): LineFacts[] {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (!unique.length) return [];
  return env.cr.all<LineFacts>(
    `SELECT l.id, l.move_id, l.parent_state, l.partner_id, l.account_id, a.account_type, l.currency_id, l.balance, l.amount_residual,
            l.amount_residual_currency, l.company_id, l.name, m.move_type, m.partner_bank_id, m.ref, m.name AS move_name
       FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id JOIN account_move m ON m.id = l.move_id
      WHERE l.id IN (${unique.map(() => '?').join(',')}) ORDER BY l.id`, unique);
}

interface Batch {
  key: { partner_id: number | false; account_id: number; currency_id: number; partner_bank_id: number | false; partner_type: string };
  payment_type: string;
  lines: number[];
}

export const accountPaymentRegister: ModelDecl = {
  _name: 'account.payment.register',
  _description: 'Register Payment',
  _transient: true,
  fields: {
    payment_date: { type: 'date', string: 'Payment Date', required: true, default: (m: BaseModel) => today(m.env) },
    amount: { type: 'monetary', string: 'Amount', currency_field: 'currency_id' },
    hide_writeoff_section: { type: 'boolean', compute: '_compute_hide_writeoff_section' },
    communication: { type: 'char', string: 'Memo' },
    group_payment: { type: 'boolean', string: 'Group Payments', help: 'Only one payment will be created by partner (bank), currency.' },
    early_payment_discount_mode: { type: 'boolean', compute: '_compute_early_payment_discount_mode' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', help: "The payment's currency." },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Journal', check_company: true },
    available_journal_ids: { type: 'many2many', comodel: 'account.journal', string: 'Available Journal', compute: '_compute_available_journal_ids' },
    available_partner_bank_ids: { type: 'many2many', comodel: 'res.partner.bank', string: 'Available Partner Bank', compute: '_compute_available_partner_bank_ids' },
    partner_bank_id: { type: 'many2one', comodel: 'res.partner.bank', string: 'Recipient Bank Account', check_company: true },
    company_currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Company Currency', related: 'company_id.currency_id' },
    line_ids: { type: 'many2many', comodel: 'account.move.line', relation: 'account_payment_register_move_line_rel', column1: 'wizard_id', column2: 'line_id', string: 'Journal items', readonly: true, copy: false },
    payment_type: { type: 'selection', string: 'Payment Type', readonly: true, selection: [['outbound', 'Send Money'], ['inbound', 'Receive Money']] },
    partner_type: { type: 'selection', string: 'Partner Type', readonly: true, selection: [['customer', 'Customer'], ['supplier', 'Vendor']] },
    source_amount: { type: 'monetary', string: 'Amount to Pay (company currency)', readonly: true, currency_field: 'company_currency_id' },
    source_amount_currency: { type: 'monetary', string: 'Amount to Pay (foreign currency)', readonly: true, currency_field: 'source_currency_id' },
    source_currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Source Currency', readonly: true },
    can_edit_wizard: { type: 'boolean', string: 'Can Edit Wizard', readonly: true, help: 'Technical field used to indicate the user can edit the wizard content such as the amount.' },
    can_group_payments: { type: 'boolean', string: 'Can Group Payments', readonly: true, help: 'Technical field used to indicate the user can see the \'group_payments\' box.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', readonly: true },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer/Vendor', readonly: true },
    payment_method_line_id: { type: 'many2one', comodel: 'account.payment.method.line', string: 'Payment Method', check_company: true },
    available_payment_method_line_ids: { type: 'many2many', comodel: 'account.payment.method.line', string: 'Available Payment Method Line', compute: '_compute_available_payment_method_line_ids' },
    payment_method_code: { type: 'char', related: 'payment_method_line_id.code', string: 'Code' },
    payment_difference: { type: 'monetary', string: 'Payment Difference', compute: '_compute_payment_difference', currency_field: 'currency_id' },
    payment_difference_handling: { type: 'selection', string: 'Payment Difference Handling', selection: [['open', 'Keep open'], ['reconcile', 'Mark as fully paid']] },
    writeoff_account_id: { type: 'many2one', comodel: 'account.account', string: 'Difference Account', copy: false, domain: [['deprecated', '=', false]], check_company: true },
    writeoff_label: { type: 'char', string: 'Journal Item Label', default: 'Write-Off', help: 'Change label of the counterpart that will hold the payment difference' },
    show_partner_bank_account: { type: 'boolean', compute: '_compute_show_require_partner_bank' },
    require_partner_bank_account: { type: 'boolean', compute: '_compute_show_require_partner_bank' },
    country_code: { type: 'char', related: 'company_id.account_fiscal_country_id.code', readonly: true },
  },
  rpc: {
    action_create_payments: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** default_get: the payable lines of the active records, with Odoo's checks and messages. */
    _defaultValues(fnames: string[]): Vals {
      const out = super._defaultValues(fnames);
      if (fnames.includes('line_ids') && !('line_ids' in out)) out.line_ids = [[6, 0, (this as AnyModel)._activeLines()]];
      return out;
    }

    default_get(fieldsList: unknown): Vals {
      const res = super.default_get(fieldsList);
      return res;
    }

    _activeLines(): number[] {
      const ctx = this.env.context;
      const ids = Array.isArray(ctx.active_ids) ? (ctx.active_ids as number[]) : [];
      let lineIds: number[];
      if (ctx.active_model === 'account.move') {
        this.env.model('account.move').browse(ids).check_access_rule('read');
        existingValues(this.env.model('account.move').sudo().browse(ids), ['state']);
        // the moves' items in the moves' order, each move's by sequence (NULL last) and id, as the
        // search [move_id in ids] ordered 'move_id, sequence, id' and regrouped by move gives them:
        // written out, as compiling that search (its ids inlined in the kept key) cost more than it ran
        const unique = [...new Set(ids.filter((i) => typeof i === 'number'))];
        const items = unique.length ? this.env.cr.raw(
          `SELECT id, move_id FROM account_move_line WHERE move_id IN (${unique.map(() => '?').join(',')}) ORDER BY sequence ASC NULLS LAST, id ASC`, unique) : [];
        lineIds = ids.flatMap((mid) => items.filter((r) => r[1] === mid).map((r) => r[0] as number));
      } else if (ctx.active_model === 'account.move.line') {
        lineIds = ids;
      } else {
        throw new UserError('The register payment wizard should only be called on account.move or account.move.line records.');
      }
      const rows = lineFacts(this.env, lineIds);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const available: number[] = [];
      for (const id of lineIds) {
        const r = byId.get(id);
        if (!r) continue;
        if (r.parent_state !== 'posted') throw new UserError('You can only register payment for posted journal entries.');
        if (!['asset_receivable', 'liability_payable'].includes(String(r.account_type))) continue;
        if (isZero(currencyOf(this.env, r.currency_id), r.amount_residual_currency)) continue;
        available.push(id);
      }
      if (!available.length) throw new UserError("You can't register a payment because there is nothing left to pay on the selected journal items.");
      if (new Set(rows.map((r) => r.company_id)).size > 1) throw new UserError("You can't create payments for entries belonging to different companies.");
      if (new Set(available.map((id) => byId.get(id)!.account_type)).size > 1) throw new UserError("You can't register payments\u00a0for both inbound and outbound moves at the same time.");
      return available;
    }

    _create(valsList: Vals[]): this {
      const wizards = super._create(valsList);
      wizards.ids.forEach((id, i) => (this.browse([id]).sudo() as AnyModel)._computeFromLines(valsList[i]));
      return wizards;
    }

    /** _get_batches: the lines grouped by partner, account, currency, bank and partner type. */
    _batches(): Batch[] {
      const lineIds = this.sudo().get('line_ids') as number[];
      if (!lineIds.length) throw new UserError("You can't open the register payment wizard without at least one receivable/payable line.");
      const rows = lineFacts(this.env, lineIds);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const batches = new Map<string, Batch>();
      for (const id of lineIds) {
        const r = byId.get(id)!;
        const key: Batch['key'] = {
          partner_id: r.partner_id ?? false, account_id: r.account_id, currency_id: r.currency_id,
          partner_bank_id: isInvoice(r.move_type, true) ? r.partner_bank_id ?? false : false,
          partner_type: r.account_type === 'asset_receivable' ? 'customer' : 'supplier',
        };
        const k = JSON.stringify(key);
        const b: Batch = batches.get(k) ?? { key, payment_type: 'inbound', lines: [] };
        b.lines.push(id);
        batches.set(k, b);
      }
      for (const b of batches.values()) {
        const balance = b.lines.reduce((s, l) => s + byId.get(l)!.balance, 0);
        b.payment_type = balance > 0 ? 'inbound' : 'outbound';
      }
      return [...batches.values()];
    }

    _batchValues(batch: Batch): Vals {
      const rows = lineFacts(this.env, batch.lines);
      const company = rows[0].company_id;
      const companyCurrency = companyCurrencyOf(this.env, company)!;
      const sourceAmount = Math.abs(rows.reduce((s, r) => s + r.amount_residual, 0));
      const sourceAmountCurrency = batch.key.currency_id === companyCurrency ? sourceAmount : Math.abs(rows.reduce((s, r) => s + r.amount_residual_currency, 0));
      return {
        company_id: company, partner_id: batch.key.partner_id, partner_type: batch.key.partner_type, payment_type: batch.payment_type,
        source_currency_id: batch.key.currency_id, source_amount: sourceAmount, source_amount_currency: sourceAmountCurrency,
      };
    }

    /** _get_batch_communication: the sorted distinct labels of the lines (their invoice numbers). */
    _batchCommunication(batch: Batch): string {
      const labels = new Set<string>();
      for (const r of lineFacts(this.env, batch.lines)) {
        labels.add(r.name || r.ref || r.move_name || '');
      }
      return [...labels].sort().join(' ');
    }

    /** The stored computes of the wizard (_compute_from_lines, communication, journal, method, amount …). */
    _computeFromLines(given: Vals): void {
      const batches = this._batches();
      const first = this._batchValues(batches[0]);
      const vals: Vals = {};
      const moveIds = (b: Batch) => new Set(lineFacts(this.env, b.lines).map((r) => r.move_id));
      if (batches.length === 1) {
        Object.assign(vals, first, { can_edit_wizard: true, can_group_payments: batches[0].lines.length !== 1 });
      } else {
        Object.assign(vals, {
          company_id: first.company_id, partner_id: false, partner_type: false, payment_type: first.payment_type,
          source_currency_id: false, source_amount: 0, source_amount_currency: 0, can_edit_wizard: false,
          can_group_payments: batches.some((b) => b.lines.length !== 1),
        });
      }
      if (!('communication' in given)) vals.communication = vals.can_edit_wizard ? this._batchCommunication(batches[0]) : false;
      if (!('group_payment' in given)) vals.group_payment = vals.can_edit_wizard ? moveIds(batches[0]).size === 1 : false;
      const journals = [...new Set(batches.flatMap((b) => paymentJournals(this, b.payment_type, first.company_id as number)))];
      // what is needed of the available journals, read together
      const journalFacts = this.env.model('account.journal').sudo().browse(journals)._values(['currency_id', 'bank_account_id']);
      const journalFact = (j: number, field: 'currency_id' | 'bank_account_id') =>
        journalFacts.has(j) ? journalFacts.get(j)![field] : this.env.model('account.journal').sudo().browse([j]).get(field);
      if (!('journal_id' in given) || !given.journal_id) {
        let journal: number | false = false;
        if (vals.can_edit_wizard) {
          const cur = batches[0].key.currency_id;
          journal = journals.find((j) => journalFact(j, 'currency_id') === cur) ?? journals[0] ?? false;
        } else journal = journals[0] ?? false;
        vals.journal_id = journal;
      }
      const journalId = (vals.journal_id ?? given.journal_id) as number;
      if (!('currency_id' in given)) {
        const jc = journalId ? journalFact(journalId, 'currency_id') : false;
        vals.currency_id = jc || vals.source_currency_id || companyCurrencyOf(this.env, first.company_id as number);
      }
      if (!('payment_method_line_id' in given)) vals.payment_method_line_id = availableMethodLines(this, journalId, String(vals.payment_type))[0] ?? false;
      if (!('partner_bank_id' in given) && vals.can_edit_wizard) {
        vals.partner_bank_id = vals.payment_type === 'inbound'
          ? (journalId ? journalFact(journalId, 'bank_account_id') : false) || false
          : batches[0].key.partner_bank_id;
      }
      const currencyId = (vals.currency_id ?? given.currency_id) as number;
      if (!('amount' in given)) {
        if (vals.can_edit_wizard && vals.source_currency_id && currencyId) vals.amount = this._totalToReconcile(batches[0], currencyId, String(given.payment_date ?? this.get('payment_date')));
        else if (!vals.can_edit_wizard) vals.amount = 0;
      }
      if (!('payment_difference_handling' in given)) vals.payment_difference_handling = vals.can_edit_wizard ? 'open' : false;
      Base.prototype._write.call(this, vals);
    }

    /** _get_total_amount_in_wizard_currency_to_full_reconcile (one currency, no rates). */
    _totalToReconcile(batch: Batch, _currencyId: number, _date: string): number {
      return Math.abs(lineFacts(this.env, batch.lines).reduce((s, x) => s + x.amount_residual_currency, 0));
    }

    _compute_hide_writeoff_section(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }
    _compute_early_payment_discount_mode(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }
    /** _compute_show_require_partner_bank: the recipient account shows for 'manual' methods off cash journals. */
    _compute_show_require_partner_bank(field: { name: string }): Map<number, unknown> {
      const vals = this._values(['journal_id', 'payment_method_line_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (field.name === 'require_partner_bank_account') return [id, false];
        return [id, showPartnerBank(this.env, v.journal_id as number | false, v.payment_method_line_id as number | false)];
      }));
    }
    _compute_available_journal_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const rec = this.browse([id]) as AnyModel;
        const company = rec.sudo().get('company_id') as number;
        return [id, [...new Set((rec._batches() as Batch[]).flatMap((b) => paymentJournals(this, b.payment_type, company)))]];
      }));
    }
    _compute_available_partner_bank_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const v = this.browse([id]).sudo()._values(['payment_type', 'journal_id', 'partner_id', 'can_edit_wizard']).get(id)!;
        if (!v.can_edit_wizard) return [id, []];
        if (v.payment_type === 'inbound') {
          const b = v.journal_id ? this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('bank_account_id') : false;
          return [id, b ? [b] : []];
        }
        return [id, v.partner_id ? this.env.model('res.partner.bank').sudo()._searchIds([['partner_id', '=', v.partner_id]]) : []];
      }));
    }
    _compute_available_payment_method_line_ids(): Map<number, unknown> {
      const vals = this._values(['journal_id', 'payment_type']);
      return new Map(this.ids.map((id) => [id, availableMethodLines(this, vals.get(id)?.journal_id as number, String(vals.get(id)?.payment_type))]));
    }
    _compute_payment_difference(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const rec = this.browse([id]).sudo() as AnyModel;
        const v = rec._values(['can_edit_wizard', 'payment_date', 'amount', 'currency_id']).get(id)!;
        if (!v.can_edit_wizard || !v.payment_date) return [id, 0];
        const batch = (rec._batches() as Batch[])[0];
        return [id, clean(currencyOf(this.env, v.currency_id as number), rec._totalToReconcile(batch, v.currency_id, v.payment_date) - (v.amount as number))];
      }));
    }

    /** _create_payment_vals_from_wizard: one payment from what the user sees (edit mode). */
    _paymentValsFromWizard(batch: Batch): Vals {
      const v = this.sudo()._values(['payment_date', 'amount', 'payment_type', 'partner_type', 'communication', 'journal_id', 'company_id', 'currency_id', 'partner_id', 'partner_bank_id', 'payment_method_line_id', 'payment_difference_handling', 'writeoff_account_id', 'writeoff_label', 'line_ids']).get(this.ids[0])!;
      const firstLine = (v.line_ids as number[])[0];
      const vals: Vals = {
        date: v.payment_date, amount: v.amount, payment_type: v.payment_type, partner_type: v.partner_type, ref: v.communication,
        journal_id: v.journal_id, company_id: v.company_id, currency_id: v.currency_id, partner_id: v.partner_id, partner_bank_id: v.partner_bank_id,
        // the first line is the batch's first (batches follow line_ids' order): its account is the batch's
        payment_method_line_id: v.payment_method_line_id, destination_account_id: batch.lines[0] === firstLine ? batch.key.account_id : lineFacts(this.env, [firstLine])[0]?.account_id ?? false,
        write_off_line_vals: [],
      };
      const cur = currencyOf(this.env, v.currency_id as number);
      const difference = this._totalToReconcile(batch, v.currency_id as number, String(v.payment_date)) - (v.amount as number);
      if (v.payment_difference_handling === 'reconcile' && !isZero(cur, difference)) {
        const woAmount = v.payment_type === 'inbound' ? difference : -difference;
        (vals.write_off_line_vals as Vals[]).push({
          name: v.writeoff_label, account_id: v.writeoff_account_id, partner_id: v.partner_id, currency_id: v.currency_id,
          amount_currency: woAmount, balance: woAmount,
        });
      }
      return vals;
    }

    /** _create_payment_vals_from_batch: one payment per batch (not editable, or not grouped). */
    _paymentValsFromBatch(batch: Batch): Vals {
      const bv = this._batchValues(batch);
      const v = this.sudo()._values(['payment_date', 'journal_id', 'company_id', 'payment_method_line_id']).get(this.ids[0])!;
      let method = v.payment_method_line_id as number | false;
      const methodType = method ? this.env.model('account.payment.method.line').sudo().browse([method]).get('payment_type') : false;
      if (methodType !== bv.payment_type) method = availableMethodLines(this, v.journal_id as number, String(bv.payment_type))[0] ?? false;
      return {
        date: v.payment_date, amount: bv.source_amount_currency, payment_type: bv.payment_type, partner_type: bv.partner_type,
        ref: this._batchCommunication(batch), journal_id: v.journal_id, company_id: v.company_id, currency_id: bv.source_currency_id,
        partner_id: bv.partner_id, partner_bank_id: bv.payment_type === 'inbound' ? (this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('bank_account_id') || false) : batch.key.partner_bank_id,
        payment_method_line_id: method, destination_account_id: batch.key.account_id,
        write_off_line_vals: [],
      };
    }

    /** _create_payments: create, post, then reconcile each payment with its lines. */
    _createPayments(): number[] {
      const wizard = this.ensureOne().sudo() as AnyModel;
      let batches = wizard._batches() as Batch[];
      const v = wizard._values(['can_edit_wizard', 'group_payment']).get(this.ids[0])!;
      const editMode = v.can_edit_wizard && (batches[0].lines.length === 1 || v.group_payment);
      const toProcess: Array<{ vals: Vals; lines: number[] }> = [];
      if (editMode) toProcess.push({ vals: wizard._paymentValsFromWizard(batches[0]), lines: batches[0].lines });
      else {
        if (!v.group_payment) {
          const balance = new Map(lineFacts(this.env, batches.flatMap((b) => b.lines)).map((r) => [r.id, r.balance]));
          batches = batches.flatMap((b) => b.lines.map((l) => ({ ...b, lines: [l], payment_type: balance.get(l)! > 0 ? 'inbound' : 'outbound' })));
        }
        for (const b of batches) toProcess.push({ vals: wizard._paymentValsFromBatch(b), lines: b.lines });
      }
      return syncScope(this.env, () => {
        const Payment = this.env.model('account.payment');
        // posted right below: numbered once, at posting
        const payments = postedAtOnce(this.env, () => toProcess.map((p) => Payment.withContext({ skip_invoice_sync: true }).create([p.vals]).ids[0]));
        Payment.browse(payments).action_post();
        toProcess.forEach((p, i) => {
          const moveId = Payment.browse([payments[i]]).sudo().get('move_id') as number;
          // the payment's open receivable/payable items and the paid items still open, in one
          // read: each account's items are reconciled together (accounts share no item, so a
          // reconciliation leaves the next account's items as read)
          // (with what the reconciliation reads of them)
          const ph = p.lines.map(() => '?').join(',');
          const rows = this.env.cr.all<ReconcileLine & { own: number }>(
            `SELECT ${RECONCILE_COLUMNS.map((c) => `l.${c}`).join(', ')}, l.move_id = ? AND l.parent_state = 'posted' AND a.account_type IN ('asset_receivable', 'liability_payable') AS own
               FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id
              WHERE NOT COALESCE(l.reconciled, 0) AND (l.move_id = ? OR l.id IN (${ph || 'NULL'})) ORDER BY l.id`, [moveId, moveId, ...p.lines]);
          const stamp = this.env.cr.tables.version;
          const paid = new Set(p.lines);
          const payLines = rows.filter((r) => r.own);
          for (const account of new Set(payLines.map((l) => l.account_id))) {
            const open = rows.filter((r) => r.account_id === account && (r.own || paid.has(r.id)));
            if (open.length > 1) {
              const known = open.map((r) => Object.fromEntries(RECONCILE_COLUMNS.map((c) => [c, (r as unknown as Record<string, unknown>)[c]])) as unknown as ReconcileLine);
              reconcileLines(this.env.model('account.move.line').browse(open.map((r) => r.id)), { rows: known, stamp });
            }
          }
        });
        return payments;
      });
    }

    action_create_payments(): Vals | boolean {
      const payments = this._createPayments();
      if (this.env.context.dont_redirect_to_payments) return true;
      const action: Vals = { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false } };
      if (payments.length === 1) Object.assign(action, { view_mode: 'form', res_id: payments[0] });
      else Object.assign(action, { view_mode: 'tree,form', domain: [['id', 'in', payments]] });
      return action;
    }
  },
};

export const accountMoveReversal: ModelDecl = {
  _name: 'account.move.reversal',
  _description: 'Account Move Reversal',
  _transient: true,
  fields: {
    move_ids: { type: 'many2many', comodel: 'account.move', relation: 'account_move_reversal_move', column1: 'reversal_id', column2: 'move_id', string: 'Move', domain: [['state', '=', 'posted']] },
    new_move_ids: { type: 'many2many', comodel: 'account.move', relation: 'account_move_reversal_new_move', column1: 'reversal_id', column2: 'new_move_id', string: 'New Move' },
    date: { type: 'date', string: 'Reversal date', default: (m: BaseModel) => today(m.env) },
    reason: { type: 'char', string: 'Reason displayed on Credit Note' },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Journal', required: true, check_company: true, help: 'If empty, uses the journal of the journal entry to be reversed.' },
    company_id: { type: 'many2one', comodel: 'res.company', required: true, readonly: true },
    available_journal_ids: { type: 'many2many', comodel: 'account.journal', compute: '_compute_available_journal_ids' },
    country_code: { type: 'char', related: 'company_id.country_id.code' },
    residual: { type: 'monetary', compute: '_compute_from_moves', currency_field: 'currency_id' },
    currency_id: { type: 'many2one', comodel: 'res.currency', compute: '_compute_from_moves' },
    move_type: { type: 'char', compute: '_compute_from_moves' },
  },
  rpc: {
    reverse_moves: { api: 'multi', params: [{ name: 'is_modify', default: false }] },
    refund_moves: { api: 'multi', params: [] },
    modify_moves: { api: 'multi', params: [] },
  },
  constrains: { _check_journal_type: ['journal_id', 'move_ids'] },
  methods: (Base) => class extends Base {
    /** default_get: the active moves (posted, one company) and their company. */
    _defaultValues(fnames: string[]): Vals {
      const out = super._defaultValues(fnames);
      const ctx = this.env.context;
      const moveIds = ctx.active_model === 'account.move' && Array.isArray(ctx.active_ids) ? (ctx.active_ids as number[]) : [];
      const rows = moveIds.length ? [...existingValues(this.env.model('account.move').sudo().browse(moveIds), ['company_id', 'state']).values()] : [];
      if (new Set(rows.map((r) => r.company_id)).size > 1) throw new UserError('All selected moves for reversal must belong to the same company.');
      if (rows.some((r) => r.state !== 'posted')) throw new UserError('You can only reverse posted moves.');
      if (fnames.includes('company_id') && !('company_id' in out)) out.company_id = rows[0]?.company_id || this.env.companyInfo().companyId;
      if (fnames.includes('move_ids') && !('move_ids' in out)) out.move_ids = [[6, 0, moveIds]];
      return out;
    }
    _check_journal_type(): void {
      for (const id of this.ids) {
        const v = this.browse([id]).sudo()._values(['journal_id', 'move_ids']).get(id)!;
        const type = this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('type');
        const types = new Set((v.move_ids as number[]).map((m) => this.env.model('account.journal').sudo().browse([this.env.model('account.move').sudo().browse([m]).get('journal_id') as number]).get('type')));
        if (types.size && !types.has(type)) throw new UserError('Journal should be the same type as the reversed entry.');
      }
    }
    _compute_available_journal_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const v = this.browse([id]).sudo()._values(['company_id', 'move_ids']).get(id)!;
        const types = [...new Set((v.move_ids as number[]).map((m) => this.env.model('account.journal').sudo().browse([this.env.model('account.move').sudo().browse([m]).get('journal_id') as number]).get('type')))];
        const domain: unknown[] = [['company_id', '=', v.company_id]];
        if (types.length) domain.push(['type', 'in', types]);
        return [id, this.env.model('account.journal')._searchIds(domain)];
      }));
    }
    _compute_from_moves(field: { name: string }): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const moves = this.browse([id]).sudo().get('move_ids') as number[];
        const vals = [...this.env.model('account.move').sudo().browse(moves)._values(['amount_residual', 'currency_id', 'move_type']).values()];
        if (field.name === 'residual') return [id, vals.length === 1 ? vals[0].amount_residual : 0];
        if (field.name === 'currency_id') return [id, new Set(vals.map((v) => v.currency_id)).size === 1 ? vals[0].currency_id : false];
        return [id, vals.length === 1 ? vals[0].move_type : vals.some((v) => ['in_invoice', 'out_invoice'].includes(String(v.move_type))) ? 'some_invoice' : false];
      }));
    }

    /** _prepare_default_reversal: reference, dates and journal of the reverse of one move. */
    _defaultReversal(moveId: number): Vals {
      const w = this.sudo()._values(['date', 'reason', 'journal_id']).get(this.ids[0])!;
      const m = this.env.model('account.move').sudo().browse([moveId])._values(['name', 'move_type', 'date', 'invoice_user_id', 'invoice_payment_term_id']).get(moveId)!;
      const date = String(w.date || today(this.env));
      const mixed = m.invoice_payment_term_id && this.env.model('account.payment.term').sudo().browse([m.invoice_payment_term_id as number]).get('early_pay_discount_computation') === 'mixed';
      return {
        ref: w.reason ? `Reversal of: ${m.name}, ${w.reason}` : `Reversal of: ${m.name}`,
        date, invoice_date_due: date, invoice_date: isInvoice(String(m.move_type), true) ? date : false,
        journal_id: w.journal_id, invoice_payment_term_id: mixed ? m.invoice_payment_term_id : false,
        invoice_user_id: m.invoice_user_id, auto_post: date > today(this.env) ? 'at_date' : 'no',
      };
    }

    reverse_moves(isModify: unknown = false): Vals {
      this.ensureOne();
      const modify = !!isModify;
      const moveIds = this.sudo().get('move_ids') as number[];
      const Move = this.env.model('account.move');
      const singleType = moveIds.length === 1 ? String(Move.sudo().browse(moveIds).get('move_type')) : '';
      const cancelled: number[] = [];
      const others: number[] = [];
      const defaults = new Map<number, Vals>();
      for (const mid of moveIds) {
        const d = this._defaultReversal(mid);
        const outbound = isOutbound(String(Move.sudo().browse([mid]).get('move_type')));
        d.partner_bank_id = (this as AnyModel)._reversalBank(mid, outbound);
        defaults.set(mid, d);
        const autoPost = d.auto_post !== 'no';
        if (!autoPost && (modify || singleType === 'entry')) cancelled.push(mid);
        else others.push(mid);
      }
      const redirect: number[] = [];
      syncScope(this.env, () => {
        for (const [batch, cancel] of [[cancelled, true], [others, false]] as const) {
          if (!batch.length) continue;
          const reverses = (Move.browse(batch) as AnyModel)._reverseMoves(batch.map((mid) => defaults.get(mid)!), cancel);
          (Move.browse(batch) as AnyModel)._logNote(new Map(batch.map((mid, i) => [mid, new Markup(`This entry has been ${htmlLink('account.move', reverses.ids[i], 'reversed')}`)])));
          if (modify) {
            for (const mid of batch) {
              // the new invoice keeps the lines' business links too (account_move_reversal.py reverse_moves)
              const [data] = (Move.browse([mid]).withContext({ ...this.env.context, include_business_fields: true }) as AnyModel).copy_data({ date: this.sudo().get('date') });
              redirect.push(Move.create([data]).ids[0]);
            }
          } else redirect.push(...reverses.ids);
        }
      });
      Base.prototype._write.call(this.sudo(), { new_move_ids: [[6, 0, redirect]] });
      const action: Vals = { name: 'Reverse Moves', type: 'ir.actions.act_window', res_model: 'account.move' };
      const types = [...new Set(redirect.map((id) => String(Move.sudo().browse([id]).get('move_type'))))];
      if (redirect.length === 1) Object.assign(action, { view_mode: 'form', res_id: redirect[0], context: { default_move_type: types[0] } });
      else {
        Object.assign(action, { view_mode: 'tree,form', domain: [['id', 'in', redirect]] });
        if (types.length === 1) action.context = { default_move_type: types[0] };
      }
      return action;
    }

    _reversalBank(moveId: number, outbound: boolean): number | false {
      const m = this.env.model('account.move').sudo().browse([moveId])._values(['company_id', 'commercial_partner_id']).get(moveId)!;
      const partner = outbound ? this.env.model('res.company').sudo().browse([m.company_id as number]).get('partner_id') : m.commercial_partner_id;
      if (!partner) return false;
      const banks = this.env.model('res.partner.bank').sudo()._searchIds([['partner_id', '=', partner]], { order: 'sequence DESC' });
      return banks[0] ?? false;
    }

    refund_moves(): Vals { return this.reverse_moves(false); }
    modify_moves(): Vals { return this.reverse_moves(true); }
  },
};

export const wizardModels: ModelDecl[] = [accountPaymentRegister, accountMoveReversal];

export { compareAmounts };
