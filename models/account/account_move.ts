/**
 * account.move "Journal Entry" (account.md §1.1, §2, §3): customer invoices, credit notes, vendor
 * bills and journal entries with Odoo 17's defaults, numbering (sequence.mixin), posting rules and
 * messages, reset to draft, cancellation, reversal, payment-state and the invoice widgets
 * (tax_totals, payments). Line synchronisation is move_sync.ts; matching is reconcile.ts.
 */
import type { ModelDecl } from '../orm/registry';
import { pyTruthy } from '../orm/fields';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Environment } from '../orm/environment';
import type { Domain } from '../orm/domain';
import { AccessError, UserError } from '../orm/exceptions';
import { checkAccessRights, checkAccessRule } from '../orm/security';
import { flushPendingMoves, markMovesDirty, syncScope } from './move_sync';
import { reconcileLines, removeReconcile } from './reconcile';
import { switchMoveType } from './switch_move_type';
import { existingValues, createReadingTargets } from '../tools/missing';
import { engineCompany, loadTaxes, prepareTaxTotals, withPyFloats, type BaseLine } from './tax_engine';
import { clean, compareAmounts, currencyOf, formatLang, isZero, today, endOfMonth, yearOf, monthOf, type Currency } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import {
  DRAFT_LABELS, MOVE_TYPES, directionSign, isInbound, isInvoice, isOutbound, isPurchaseDocument, isSaleDocument,
} from './move_types';
import { currentCompany } from './config';
import { Markup, escapeText } from '../mail/html';

const STATES: Array<[string, string]> = [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']];
const PAYMENT_STATES: Array<[string, string]> = [
  ['not_paid', 'Not Paid'], ['in_payment', 'In Payment'], ['paid', 'Paid'], ['partial', 'Partially Paid'],
  ['reversed', 'Reversed'], ['invoicing_legacy', 'Invoicing App Legacy'],
];
const REVERSE_TYPE: Record<string, string> = {
  entry: 'entry', out_invoice: 'out_refund', out_refund: 'entry', in_invoice: 'in_refund', in_refund: 'entry',
  out_receipt: 'out_refund', in_receipt: 'in_refund',
};
const CREATION_MESSAGES: Record<string, string> = {
  out_invoice: 'Invoice Created', out_refund: 'Credit Note Created', in_invoice: 'Vendor Bill Created',
  in_refund: 'Refund Created', out_receipt: 'Sales Receipt Created', in_receipt: 'Purchase Receipt Created',
};

/** _get_html_link: a link to a record as the chatter writes it. */
export function htmlLink(model: string, id: number, title: string): Markup {
  return new Markup(`<a href="#" data-oe-model="${model}" data-oe-id="${id}">${escapeText(title)}</a>`);
}

const BILLING_GROUPS = 'account.group_account_invoice,account.group_account_readonly';

const monetary = (string: string, extra: Record<string, unknown> = {}) => ({ type: 'monetary' as const, string, readonly: true, currency_field: 'currency_id', ...extra });

export const accountMove: ModelDecl = {
  _name: 'account.move',
  _description: 'Journal Entry',
  _inherit: ['portal.mixin', 'mail.thread.main.attachment', 'mail.activity.mixin', 'sequence.mixin'],
  _order: 'date desc, name desc, invoice_date desc, id desc',
  _rec_names_search: ['name', 'partner_id.name', 'ref'],
  // account_move.py _auto_init: the last number of a journal's sequence family is found without
  // sorting the journal (_lastSequence). sequence_mixin.py init() (_sequence_index = 'journal_id'):
  // account_move_sequence_index2 gives a journal's entries newest first, so the newest entry of a
  // family (ORDER BY id DESC LIMIT 1) is the first match of an index walk instead of a sort of the
  // whole journal, which grew with every entry
  _indexes: [
    ['account_move_sequence_index3', 'journal_id, sequence_prefix DESC, sequence_number DESC'],
    ['account_move_sequence_index2', 'journal_id, id DESC, sequence_prefix'],
  ],
  fields: {
    name: { type: 'char', string: 'Number', copy: false, readonly: false, index: 'trigram' , tracking: true },
    ref: { type: 'char', string: 'Reference', copy: false, index: 'trigram' , tracking: true },
    date: { type: 'date', string: 'Date', index: true, required: true, copy: false , tracking: true },
    state: { type: 'selection', string: 'Status', selection: STATES, required: true, readonly: true, copy: false, default: 'draft' , tracking: true },
    move_type: { type: 'selection', string: 'Type', selection: MOVE_TYPES, required: true, readonly: true, index: true, default: 'entry' , tracking: true },
    is_storno: { type: 'boolean', string: 'Is Storno', default: false, copy: false },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Journal', required: true, check_company: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true },
    line_ids: { type: 'one2many', comodel: 'account.move.line', inverse_name: 'move_id', string: 'Journal Items', copy: true },
    invoice_line_ids: {
      type: 'one2many', comodel: 'account.move.line', inverse_name: 'move_id', string: 'Invoice lines', copy: false,
      domain: [['display_type', 'in', ['product', 'line_section', 'line_note']]],
    },
    payment_id: { type: 'many2one', comodel: 'account.payment', string: 'Payment', index: 'btree_not_null', copy: false, check_company: true },
    payment_ids: { type: 'one2many', comodel: 'account.payment', inverse_name: 'move_id', string: 'Payments' },
    payment_reference: { type: 'char', string: 'Payment Reference', index: 'trigram', copy: false, help: 'The payment reference to set on journal items.' , tracking: true },
    partner_bank_id: { type: 'many2one', comodel: 'res.partner.bank', string: 'Recipient Bank', copy: false , tracking: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', required: true, readonly: false , tracking: true },
    company_currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Company Currency', related: 'company_id.currency_id' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner', index: true, ondelete: 'restrict', check_company: true , tracking: true },
    commercial_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Commercial Entity', readonly: true, store: true, ondelete: 'restrict' },
    partner_shipping_id: { type: 'many2one', comodel: 'res.partner', string: 'Delivery Address', help: 'The delivery address will be used in the computation of the fiscal position.' },
    fiscal_position_id: { type: 'many2one', comodel: 'account.fiscal.position', string: 'Fiscal Position', check_company: true, ondelete: 'restrict' },
    amount_untaxed: monetary('Untaxed Amount', { tracking: true }),
    amount_tax: monetary('Tax'),
    amount_total: monetary('Total'),
    amount_residual: monetary('Amount Due'),
    amount_untaxed_signed: monetary('Untaxed Amount Signed', { currency_field: 'company_currency_id' }),
    amount_tax_signed: monetary('Tax Signed', { currency_field: 'company_currency_id' }),
    amount_total_signed: monetary('Total Signed', { currency_field: 'company_currency_id' }),
    amount_total_in_currency_signed: monetary('Total in Currency Signed'),
    amount_residual_signed: monetary('Amount Due Signed', { currency_field: 'company_currency_id' }),
    payment_state: { type: 'selection', string: 'Payment Status', selection: PAYMENT_STATES, readonly: true, copy: false, default: 'not_paid' , tracking: true },
    tax_totals: { type: 'binary', string: 'Invoice Totals', compute: '_compute_tax_totals', help: 'Edit Tax amounts if you encounter rounding issues.' },
    reversed_entry_id: { type: 'many2one', comodel: 'account.move', string: 'Reversal of', index: 'btree_not_null', readonly: true, copy: false, check_company: true },
    reversal_move_id: { type: 'one2many', comodel: 'account.move', inverse_name: 'reversed_entry_id', string: 'Reversal Move' },
    invoice_user_id: { type: 'many2one', comodel: 'res.users', string: 'Salesperson', copy: false, tracking: true },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', related: 'invoice_user_id' , tracking: true },
    invoice_date: { type: 'date', string: 'Invoice/Bill Date', index: true, copy: false },
    invoice_date_due: { type: 'date', string: 'Due Date', index: true, copy: false },
    delivery_date: { type: 'date', string: 'Delivery Date', readonly: true, copy: false },
    invoice_payment_term_id: { type: 'many2one', comodel: 'account.payment.term', string: 'Payment Terms', check_company: true },
    invoice_origin: { type: 'char', string: 'Origin', readonly: true, help: 'The document(s) that generated the invoice.' , tracking: true },
    invoice_incoterm_id: { type: 'many2one', comodel: 'account.incoterms', string: 'Incoterm', help: 'International Commercial Terms are a series of predefined commercial terms used in international transactions.' },
    incoterm_location: { type: 'char', string: 'Incoterm Location' },
    invoice_partner_display_name: { type: 'char', string: 'Invoice Partner Display Name', readonly: true },
    invoice_source_email: { type: 'char', string: 'Source Email' , tracking: true },
    narration: { type: 'html', string: 'Terms and Conditions' },
    posted_before: { type: 'boolean', string: 'Posted Before', copy: false },
    is_move_sent: { type: 'boolean', string: 'Is Move Sent', readonly: true, copy: false, default: false, help: 'It indicates that the invoice/payment has been sent or the PDF has been generated.' , tracking: true },
    auto_post: {
      type: 'selection', string: 'Auto-post', required: true, copy: false, default: 'no',
      selection: [['no', 'No'], ['at_date', 'At Date'], ['monthly', 'Monthly'], ['quarterly', 'Quarterly'], ['yearly', 'Yearly']],
    },
    auto_post_until: { type: 'date', string: 'Auto-post until' },
    auto_post_origin_id: { type: 'many2one', comodel: 'account.move', string: 'First recurring entry', readonly: true, copy: false, index: 'btree_not_null' },
    to_check: { type: 'boolean', string: 'To Check', copy: false , tracking: true },
    always_tax_exigible: { type: 'boolean', string: 'Always Tax Exigible' },
    sequence_prefix: { type: 'char', string: 'Sequence Prefix', readonly: true, copy: false },
    sequence_number: { type: 'integer', string: 'Sequence Number', readonly: true, copy: false },
    secure_sequence_number: { type: 'integer', string: 'Inalteralbility No Gap Sequence #', readonly: true, copy: false, index: 'btree_not_null' },
    inalterable_hash: { type: 'char', string: 'Inalterability Hash', readonly: true, copy: false },
    access_token: { type: 'char', string: 'Security Token', copy: false },
    // non-stored
    direction_sign: { type: 'integer', string: 'Direction Sign', compute: '_compute_direction_sign' },
    type_name: { type: 'char', string: 'Type Name', compute: '_compute_type_name' },
    access_url: { type: 'char', string: 'Portal Access URL', compute: '_compute_access_url', help: 'Customer Portal URL' },
    restrict_mode_hash_table: { type: 'boolean', string: 'Lock Posted Entries with Hash', related: 'journal_id.restrict_mode_hash_table' },
    tax_calculation_rounding_method: { type: 'selection', string: 'Tax calculation rounding method', related: 'company_id.tax_calculation_rounding_method', selection: [['round_per_line', 'Round per Line'], ['round_globally', 'Round Globally']] },
    country_code: { type: 'char', string: 'Country Code', related: 'company_id.account_fiscal_country_id.code' },
    invoice_payments_widget: { type: 'binary', string: 'Invoice Payments Widget', compute: '_compute_payments_widget_reconciled_info', groups: BILLING_GROUPS },
    invoice_outstanding_credits_debits_widget: { type: 'binary', string: 'Invoice Outstanding Credits Debits Widget', compute: '_compute_payments_widget_to_reconcile_info', groups: BILLING_GROUPS },
    invoice_has_outstanding: { type: 'boolean', string: 'Invoice Has Outstanding', compute: '_compute_invoice_has_outstanding', groups: BILLING_GROUPS },
    has_reconciled_entries: { type: 'boolean', string: 'Has Reconciled Entries', compute: '_compute_has_reconciled_entries' },
    show_reset_to_draft_button: { type: 'boolean', string: 'Show Reset To Draft Button', compute: '_compute_show_reset_to_draft_button' },
    invoice_filter_type_domain: { type: 'char', string: 'Invoice Filter Type Domain', compute: '_compute_invoice_filter_type_domain' },
    highest_name: { type: 'char', string: 'Highest Name', compute: '_compute_highest_name' },
  },
  rpc: {
    action_post: { api: 'multi', params: [] },
    button_draft: { api: 'multi', params: [] },
    action_switch_move_type: { api: 'multi', params: [] },
    button_cancel: { api: 'multi', params: [] },
    action_register_payment: { api: 'multi', params: [] },
    action_reverse: { api: 'multi', params: [] },
    preview_invoice: { api: 'multi', params: [] },
    js_assign_outstanding_line: { api: 'multi', params: ['line_id'] },
    js_remove_outstanding_partial: { api: 'multi', params: ['partial_id'] },
    button_set_checked: { api: 'multi', params: [] },
    is_invoice: { api: 'multi', params: [{ name: 'include_receipts', default: false }] },
    get_portal_url: { api: 'multi', params: [{ name: 'suffix', default: null }, { name: 'report_type', default: null }, { name: 'download', default: null }, { name: 'query_string', default: null }, { name: 'anchor', default: null }] },
  },
  methods: (Base) => class extends Base {
    /** Odoo reads journal_id while computing new records: MissingError for a missing one (tools/missing.ts). */
    create(valsList: unknown): this {
      return createReadingTargets(this, valsList, ['journal_id'], () => super.create(valsList));
    }
    // -----------------------------------------------------------------------------------------
    // chatter (mail.thread hooks, account_move.py)
    // -----------------------------------------------------------------------------------------

    /** _creation_subtype: customer invoices notify "Invoice Created"; other moves log a creation note. */
    _creation_subtype(): number | false {
      const t = this.sudo().get('move_type');
      if (t === 'out_invoice' || t === 'out_receipt') return this.env.refId('account.mt_invoice_created');
      return (Base.prototype as unknown as AnyModel)._creation_subtype.call(this);
    }

    /** _creation_message: "Invoice Created", "Credit Note Created", "Vendor Bill Created"... */
    _creation_message(): string {
      const t = String(this.sudo().get('move_type'));
      const msg = CREATION_MESSAGES[t];
      return msg ?? (Base.prototype as unknown as AnyModel)._creation_message.call(this);
    }

    /** _track_subtype: "Paid" once paid, "Validated" when a sale document is posted; a payment's move logs its state on the payment. */
    _track_subtype(initial: Record<string, unknown>): number | false {
      const v = this.sudo()._values(['move_type', 'payment_state', 'state', 'payment_id']).get(this.ids[0])!;
      if (!isInvoice(String(v.move_type), true)) {
        if (v.payment_id && 'state' in initial) {
          const payment = this.env.model('account.payment').sudo().browse([v.payment_id as number]) as AnyModel;
          if (typeof payment._message_track === 'function') payment._message_track(['state'], new Map([[v.payment_id as number, initial]]));
        }
        return (Base.prototype as unknown as AnyModel)._track_subtype.call(this, initial);
      }
      if ('payment_state' in initial && v.payment_state === 'paid') return this.env.refId('account.mt_invoice_paid');
      if ('state' in initial && v.state === 'posted' && isSaleDocument(String(v.move_type), true)) return this.env.refId('account.mt_invoice_validated');
      return (Base.prototype as unknown as AnyModel)._track_subtype.call(this, initial);
    }

    /** _message_log_batch when the chatter is installed (it always is with account). */
    _logNote(bodies: Map<number, Markup | string>): void {
      if (typeof (this as AnyModel)._message_log_batch === 'function') (this as AnyModel)._message_log_batch(bodies);
    }

    // -----------------------------------------------------------------------------------------
    // computed fields
    // -----------------------------------------------------------------------------------------

    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['state', 'move_type', 'name', 'ref']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let name = '';
        if (v.state === 'draft') name += `${DRAFT_LABELS[String(v.move_type)] ?? 'Draft Entry'} `;
        if (!v.name || v.name === '/') name += `(* ${id})`;
        else name += v.name;
        if (v.ref) name += ` (${shorten(String(v.ref), 50)})`;
        return [id, name];
      }));
    }
    _compute_direction_sign(): Map<number, unknown> {
      const vals = this._values(['move_type']);
      return new Map(this.ids.map((id) => [id, directionSign(String(vals.get(id)?.move_type))]));
    }
    _compute_type_name(): Map<number, unknown> {
      const vals = this._values(['move_type']);
      const labels: Record<string, string> = { ...Object.fromEntries(MOVE_TYPES), out_invoice: 'Invoice', out_refund: 'Credit Note' };
      return new Map(this.ids.map((id) => [id, labels[String(vals.get(id)?.move_type)]]));
    }
    _compute_access_url(): Map<number, unknown> {
      const vals = this._values(['move_type']);
      return new Map(this.ids.map((id) => [id, isInvoice(String(vals.get(id)?.move_type), true) ? `/my/invoices/${id}` : '#']));
    }
    _compute_invoice_filter_type_domain(): Map<number, unknown> {
      const vals = this._values(['move_type']);
      return new Map(this.ids.map((id) => {
        const t = String(vals.get(id)?.move_type);
        return [id, isSaleDocument(t, true) ? 'sale' : isPurchaseDocument(t, true) ? 'purchase' : false];
      }));
    }
    _compute_has_reconciled_entries(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, !!this.env.cr.get(
        `SELECT 1 AS x FROM account_move_line l JOIN account_account a ON a.id = l.account_id WHERE l.move_id = ? AND l.reconciled AND a.account_type IN ('asset_receivable', 'liability_payable') LIMIT 1`, [id])]));
    }
    _compute_show_reset_to_draft_button(): Map<number, unknown> {
      const vals = this._values(['state', 'restrict_mode_hash_table']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, !v.restrict_mode_hash_table && (v.state === 'posted' || v.state === 'cancel')];
      }));
    }
    _compute_highest_name(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, (this.browse([id]) as AnyModel)._lastSequence()?.name ?? false]));
    }

    /** tax_totals of invoices (§2.3): computed on the product lines, with the stored tax lines' amounts. */
    _compute_tax_totals(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const move = this.browse([id]).sudo()._values(['move_type', 'currency_id', 'company_id']).get(id)!;
        const moveType = String(move.move_type);
        if (!isInvoice(moveType, true)) { out.set(id, false); continue; }
        const cur = currencyOf(this.env, move.currency_id as number);
        const company = engineCompany(this.env, move.company_id as number);
        const isRefund = moveType === 'out_refund' || moveType === 'in_refund';
        const rows = this.env.cr.all<{ id: number; display_type: string; price_unit: number | null; quantity: number | null; discount: number | null; amount_currency: number | null; balance: number | null; partner_id: number | null; product_id: number | null; account_id: number | null; analytic_distribution: string | null; tax_repartition_line_id: number | null }>(
          "SELECT id, display_type, price_unit, quantity, discount, amount_currency, balance, partner_id, product_id, account_id, analytic_distribution, tax_repartition_line_id FROM account_move_line WHERE move_id = ? AND display_type IN ('product', 'tax') ORDER BY sequence, id", [id]);
        const taxRel = new Map<number, number[]>();
        for (const [l, t] of this.env.cr.raw(`SELECT r.account_move_line_id, r.account_tax_id FROM account_move_line_account_tax_rel r JOIN account_move_line l ON l.id = r.account_move_line_id
            JOIN account_tax t ON t.id = r.account_tax_id WHERE l.move_id = ? ORDER BY t.sequence, t.id`, [id])) {
          taxRel.set(l as number, [...(taxRel.get(l as number) ?? []), t as number]);
        }
        const sign = isInbound(moveType, true) ? -1 : 1;
        const baseLines: BaseLine[] = rows.filter((r) => r.display_type === 'product').map((r) => ({
          record: r.id, partner_id: r.partner_id ?? false, currency: cur, product_id: r.product_id ?? false,
          taxes: loadTaxes(this.env, taxRel.get(r.id) ?? []), price_unit: r.price_unit ?? 0, quantity: r.quantity ?? 0,
          discount: r.discount ?? 0, account_id: r.account_id ?? false, analytic_distribution: r.analytic_distribution ? JSON.parse(r.analytic_distribution) : null,
          price_subtotal: sign * (r.amount_currency ?? 0), is_refund: isRefund, rate: r.balance ? Math.abs(r.amount_currency ?? 0) / Math.abs(r.balance) : 1,
          handle_price_include: true,
        }));
        const taxLines = rows.filter((r) => r.display_type === 'tax').map((r) => {
          const group = r.tax_repartition_line_id
            ? this.env.cr.get<{ g: number | null }>('SELECT t.tax_group_id AS g FROM account_tax_repartition_line l JOIN account_tax t ON t.id = l.tax_id WHERE l.id = ?', [r.tax_repartition_line_id])?.g ?? false
            : false;
          const taxGroup: number | false = typeof group === 'number' ? group : false;
          return { tax_group_id: taxGroup, tax_amount: sign * (r.amount_currency ?? 0) };
        });
        out.set(id, withPyFloats(prepareTaxTotals(this.env, baseLines, cur, company, taxLines, cur.id !== company.currency.id)));
      }
      return out;
    }

    /** invoice_payments_widget (§2.5): what the invoice was reconciled with. */
    _compute_payments_widget_reconciled_info(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const move = this.browse([id]).sudo()._values(['state', 'move_type', 'currency_id', 'company_id']).get(id)!;
        if (move.state !== 'posted' || !isInvoice(String(move.move_type), true)) { out.set(id, false); continue; }
        const content = (this.browse([id]) as AnyModel)._reconciledPartials().map((p: ReconciledPartial) => {
          const line = this.env.model('account.move.line').sudo().browse([p.counterpart]);
          const lv = line._values(['name', 'journal_id', 'date', 'move_id', 'balance', 'company_id', 'amount_currency', 'currency_id']).get(p.counterpart)!;
          const cm = this.env.model('account.move').sudo().browse([lv.move_id as number])._values(['name', 'ref', 'payment_id']).get(lv.move_id as number)!;
          const companyCur = currencyOf(this.env, companyCurrencyId(this, lv.company_id as number));
          const paymentMethodName = cm.payment_id
            ? (() => {
              const ml = this.env.model('account.payment').sudo().browse([cm.payment_id as number]).get('payment_method_line_id');
              return ml ? this.env.model('account.payment.method.line').sudo().browse([ml as number]).get('name') : false;
            })()
            : false;
          const foreign = lv.amount_currency && lv.currency_id !== companyCur.id ? currencyOf(this.env, lv.currency_id as number) : null;
          return {
            name: lv.name, journal_name: this.env.model('account.journal').sudo().browse([lv.journal_id as number]).get('name'), company_name: false,
            amount: p.amount, currency_id: p.currency, date: lv.date, partial_id: p.partial, account_payment_id: cm.payment_id || false,
            payment_method_name: paymentMethodName, move_id: lv.move_id, ref: cm.ref ? `${cm.name} (${cm.ref})` : cm.name,
            is_exchange: false, amount_company_currency: formatLang(this.env, Math.abs(lv.balance as number), companyCur),
            amount_foreign_currency: foreign ? formatLang(this.env, Math.abs(lv.amount_currency as number), foreign) : false,
          };
        });
        out.set(id, content.length ? withPyFloats({ title: 'Less Payment', outstanding: false, content }) : false);
      }
      return out;
    }

    /** The partials of the invoice's receivable/payable lines, with the counterpart line. */
    _reconciledPartials(): ReconciledPartial[] {
      const id = this.ids[0];
      const rows = this.env.cr.all<{ partial: number; amount: number; debit_amount_currency: number; credit_amount_currency: number; debit_move_id: number; credit_move_id: number; src: number; debit_currency_id: number; credit_currency_id: number }>(
        `SELECT p.id AS partial, p.amount, p.debit_amount_currency, p.credit_amount_currency, p.debit_move_id, p.credit_move_id, l.id AS src, p.debit_currency_id, p.credit_currency_id
           FROM account_move_line l JOIN account_account a ON a.id = l.account_id
           JOIN account_partial_reconcile p ON p.debit_move_id = l.id OR p.credit_move_id = l.id
          WHERE l.move_id = ? AND a.account_type IN ('asset_receivable', 'liability_payable') ORDER BY p.id`, [id]);
      const out: ReconciledPartial[] = [];
      for (const r of rows) {
        const srcIsDebit = r.debit_move_id === r.src;
        const counterpart = srcIsDebit ? r.credit_move_id : r.debit_move_id;
        const cmove = this.env.cr.get<{ m: number }>('SELECT move_id AS m FROM account_move_line WHERE id = ?', [counterpart])?.m;
        if (cmove === id) continue;
        out.push({
          partial: r.partial, counterpart,
          amount: srcIsDebit ? r.debit_amount_currency : r.credit_amount_currency,
          currency: srcIsDebit ? r.debit_currency_id : r.credit_currency_id,
        });
      }
      return out;
    }

    /** invoice_outstanding_credits_debits_widget (§2.5): open payments of the partner that can pay it. */
    _compute_payments_widget_to_reconcile_info(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) out.set(id, (this.browse([id]) as AnyModel)._outstandingWidget());
      return out;
    }
    _compute_invoice_has_outstanding(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) out.set(id, !!(this.browse([id]) as AnyModel)._outstandingWidget());
      return out;
    }
    _outstandingWidget(): unknown {
      const id = this.ids[0];
      const move = this.sudo()._values(['state', 'payment_state', 'move_type', 'commercial_partner_id', 'currency_id']).get(id)!;
      const moveType = String(move.move_type);
      if (move.state !== 'posted' || !['not_paid', 'partial'].includes(String(move.payment_state)) || !isInvoice(moveType, true)) return false;
      const accounts = this.env.cr.raw(`SELECT DISTINCT l.account_id FROM account_move_line l JOIN account_account a ON a.id = l.account_id
          WHERE l.move_id = ? AND a.account_type IN ('asset_receivable', 'liability_payable')`, [id]).map((r) => r[0] as number);
      if (!accounts.length) return false;
      const inbound = isInbound(moveType);
      const rows = this.env.cr.all<{ id: number; ref: string | null; move_name: string; amount_residual: number; amount_residual_currency: number; currency_id: number; move_id: number; date: string; payment_id: number | null }>(
        `SELECT l.id, l.ref, m.name AS move_name, l.amount_residual, l.amount_residual_currency, l.currency_id, l.move_id, l.date, m.payment_id
           FROM account_move_line l JOIN account_move m ON m.id = l.move_id
          WHERE l.account_id IN (${accounts.map(() => '?').join(',')}) AND l.parent_state = 'posted' AND l.partner_id = ? AND NOT COALESCE(l.reconciled, 0)
            AND (l.amount_residual != 0 OR l.amount_residual_currency != 0) AND l.balance ${inbound ? '<' : '>'} 0
          ORDER BY l.date DESC, l.move_name DESC, l.id`, [...accounts, (move.commercial_partner_id as number) || 0]);
      const cur = currencyOf(this.env, move.currency_id as number);
      const content = rows.map((r) => ({
        journal_name: r.ref || r.move_name, amount: Math.abs(r.currency_id === cur.id ? r.amount_residual_currency : r.amount_residual),
        currency_id: cur.id, id: r.id, move_id: r.move_id, date: r.date, account_payment_id: r.payment_id || false,
      })).filter((c) => !isZero(cur, c.amount));
      if (!content.length) return false;
      return withPyFloats({ outstanding: true, content, move_id: id, title: inbound ? 'Outstanding credits' : 'Outstanding debits' });
    }

    // -----------------------------------------------------------------------------------------
    // create / write / unlink
    // -----------------------------------------------------------------------------------------

    _create(valsList: Vals[]): this {
      if (valsList.some((v) => v.state === 'posted')) {
        throw new UserError('You cannot create a move already in the posted state. Please create a draft move and post it after.');
      }
      return syncScope(this.env, () => {
        // lines are created after every move of the batch: first the line_ids of each move, then
        // their invoice_line_ids (Odoo's create order, which record ids follow)
        const commands: Array<[unknown, unknown]> = [];
        const prepared = valsList.map((v) => {
          const vals = (this as AnyModel)._prepareMoveVals(v);
          commands.push([vals.line_ids, vals.invoice_line_ids]);
          delete vals.line_ids;
          delete vals.invoice_line_ids;
          return vals;
        });
        const moves = super._create(prepared);
        // numbers are given in date order, as Odoo computes the names of a batch (_compute_name);
        // before the lines are created, which then get their move_name at once (numbering
        // depends on the moves' journal, date and type only)
        const order = this.sudo().browse(moves.ids)._values(['date', 'ref']);
        const sorted = [...moves.ids].sort((a, b) => {
          const x = order.get(a)!; const y = order.get(b)!;
          return String(x.date) < String(y.date) ? -1 : String(x.date) > String(y.date) ? 1
            : String(x.ref || '') < String(y.ref || '') ? -1 : String(x.ref || '') > String(y.ref || '') ? 1 : a - b;
        });
        if (!this.env.context.account_payment_entry_numbering) for (const id of sorted) (this.browse([id]) as AnyModel)._computeName();
        const lineField = this.cls._fields.line_ids;
        for (const phase of [0, 1]) {
          moves.ids.forEach((id, i) => {
            const cmds = commands[i][phase];
            if (Array.isArray(cmds) && cmds.length) (this.browse([id]) as AnyModel)._writeX2many(lineField, cmds.every((x) => typeof x === 'number') ? [[6, 0, cmds]] : cmds, true);
          });
        }
        markMovesDirty(this.env, moves.ids);
        return moves;
      });
    }

    /** Odoo's computed defaults of a new move: type, journal, company, currency, date, partner data. */
    _prepareMoveVals(given: Vals): Vals {
      const vals: Vals = { ...given };
      const ctx = this.env.context;
      const moveType = String(vals.move_type ?? ctx.default_move_type ?? 'entry');
      vals.move_type = moveType;
      if (!vals.journal_id) vals.journal_id = (this as AnyModel)._searchDefaultJournal(moveType, vals.company_id, vals.currency_id);
      const journal = this.env.model('account.journal').sudo().browse([vals.journal_id as number])._values(['company_id', 'currency_id']).get(vals.journal_id as number);
      if (!vals.company_id) vals.company_id = journal?.company_id || currentCompany(this);
      if (!vals.currency_id) vals.currency_id = journal?.currency_id || companyCurrencyId(this, vals.company_id as number);
      if (vals.partner_id) {
        const partner = this.env.model('res.partner').sudo().browse([vals.partner_id as number]);
        vals.commercial_partner_id = partner.get('commercial_partner_id') || vals.partner_id;
        if (!('invoice_payment_term_id' in vals)) {
          const field = isSaleDocument(moveType, true) ? 'property_payment_term_id' : isPurchaseDocument(moveType, true) ? 'property_supplier_payment_term_id' : null;
          if (field) vals.invoice_payment_term_id = partner.get(field) || false;
        }
        if (!('partner_shipping_id' in vals) && isInvoice(moveType, true)) vals.partner_shipping_id = vals.partner_id;
      }
      if (!('invoice_user_id' in vals) && isSaleDocument(moveType, true)) vals.invoice_user_id = this.env.uid;
      if (!vals.date) vals.date = vals.invoice_date ? (this as AnyModel)._accountingDate(moveType, String(vals.invoice_date), vals.journal_id as number) : today(this.env);
      if (!('invoice_date_due' in vals)) vals.invoice_date_due = today(this.env);
      if (!isInvoice(moveType, true)) delete vals.invoice_payment_term_id;
      // a draft without number is named '/' (_compute_name): inserted so, not written again
      if (!('name' in vals) && vals.state !== 'cancel') Object.assign(vals, { name: '/', sequence_prefix: '', sequence_number: 0 });
      return vals;
    }

    /** _search_default_journal: the first journal of the company for the document's types. */
    _searchDefaultJournal(moveType: string, companyId: unknown, currencyId: unknown): number {
      const types = isSaleDocument(moveType, true) ? ['sale'] : isPurchaseDocument(moveType, true) ? ['purchase'] : this.env.context.is_payment ? ['bank', 'cash'] : ['general'];
      const company = (companyId as number) || (currentCompany(this) as number);
      const Journal = this.env.model('account.journal').sudo();
      // asked by every new invoice and payment: kept across calls while the journals (and what
      // the search reads) are unchanged; the search compiled with its values cost more than it ran
      const search = (domain: Domain): number[] => this.env.crossCall(
        `account.default_journal:${this.env.context.active_test === false ? 'all' : 'active'}:${JSON.stringify(domain)}`,
        () => Journal._searchIds(domain, { limit: 1, order: 'sequence, type, code' }));
      let ids: number[] = [];
      if (currencyId && currencyId !== companyCurrencyId(this, company)) {
        ids = search([['company_id', '=', company], ['type', 'in', types], ['currency_id', '=', currencyId as number]]);
      }
      if (!ids.length) ids = search([['company_id', '=', company], ['type', 'in', types]]);
      if (!ids.length) {
        const name = this.env.model('res.company').sudo().browse([company])._displayNames().get(company);
        throw new UserError(`No journal could be found in company ${name} for any of those types: ${types.join(', ')}`);
      }
      return ids[0];
    }

    /** _get_accounting_date without lock dates: purchase documents of a past month land on its last day. */
    _accountingDate(moveType: string, invoiceDate: string, _journalId: number): string {
      if (isSaleDocument(moveType, true)) return invoiceDate;
      const t = today(this.env);
      if (yearOf(t) * 12 + monthOf(t) > yearOf(invoiceDate) * 12 + monthOf(invoiceDate)) return endOfMonth(invoiceDate);
      return invoiceDate > t ? invoiceDate : t;
    }

    write(vals: unknown): boolean {
      const v = vals as Vals;
      // nothing to write: True before any check, even on missing records (account_move*.py write)
      if (!pyTruthy(vals)) return true;
      if (v && typeof v === 'object' && this.ids.length) {
        (this as AnyModel)._checkReadAccess();
        const rows = this.sudo()._values(['posted_before', 'journal_id', 'name', 'sequence_number']);
        for (const id of this.ids) {
          const r = rows.get(id);
          if (!r) continue;
          if (r.posted_before && 'journal_id' in v && r.journal_id !== v.journal_id) {
            throw new UserError('You cannot edit the journal of an account move if it has been posted once.');
          }
          if (r.name && r.name !== '/' && ![0, 1].includes(r.sequence_number as number) && 'journal_id' in v && r.journal_id !== v.journal_id) {
            throw new UserError('You cannot edit the journal of an account move if it already has a sequence number assigned.');
          }
        }
      }
      return super.write(vals);
    }

    _write(vals: Vals): void {
      syncScope(this.env, () => {
        const v: Vals = { ...vals };
        const numbered = NUMBERED_WITH_STATE.has(vals);
        mergeInvoiceLines(v);
        const before = this.sudo()._values(['partner_id', 'move_type', 'date', 'journal_id', 'invoice_date']);
        if ('partner_id' in v) {
          const pid = v.partner_id as number | false;
          v.commercial_partner_id = pid ? this.env.model('res.partner').sudo().browse([pid]).get('commercial_partner_id') || pid : false;
        }
        super._write(v);
        for (const id of this.ids) {
          const old = before.get(id);
          if (!old) continue;
          const rec = this.browse([id]) as AnyModel;
          const cur = rec.sudo()._values(['move_type', 'state', 'invoice_date', 'date', 'journal_id', 'commercial_partner_id']).get(id)!;
          const moveType = String(cur.move_type);
          // partner-driven defaults of invoices (_compute_invoice_payment_term_id, line partners)
          if ('partner_id' in v && old.partner_id !== v.partner_id && isInvoice(moveType, true)) {
            if (!('invoice_payment_term_id' in v) && cur.state === 'draft') {
              const field = isSaleDocument(moveType, true) ? 'property_payment_term_id' : 'property_supplier_payment_term_id';
              const term = v.partner_id ? this.env.model('res.partner').sudo().browse([v.partner_id as number]).get(field) : false;
              this.env.cr.run('UPDATE account_move SET invoice_payment_term_id = ? WHERE id = ?', [term || null, id]);
            }
            this.env.cr.run("UPDATE account_move_line SET partner_id = ? WHERE move_id = ? AND display_type NOT IN ('line_section', 'line_note')", [(cur.commercial_partner_id as number) || null, id]);
          }
          // invoice date drives the accounting date (_compute_date)
          if ('invoice_date' in v && cur.invoice_date && !('date' in v) && isInvoice(moveType, true)) {
            const date = rec._accountingDate(moveType, String(cur.invoice_date), cur.journal_id as number);
            if (date !== cur.date) super._write.call(rec, { date });
          }
          // a journal change resets the number of a draft (write), a date change may too (_compute_name)
          if ('journal_id' in v && old.journal_id !== v.journal_id && !('name' in v)) {
            rec._clearNumber();
            rec._computeName();
          } else if (('date' in v || 'invoice_date' in v) && !('name' in v) && !namesAtPosting(this.env).has(id)) {
            rec._computeName();
          }
          if ('name' in v && !numbered) rec._splitSequence();
        }
        // the number posting writes with the state is what _setName writes on its own, which
        // changes nothing the synchronisation computes (LINES_KEPT): it marks nothing either
        const keys = Object.keys(v).filter((k) => !(numbered && NUMBER_FIELDS.has(k)));
        if (keys.every((k) => POSTING_ONLY.has(k))) markMovesDirty(this.env, invoicesOf(this), true);
        else markMovesDirty(this.env, this.ids, keys.every((k) => LINES_KEPT.has(k)));
      });
    }

    unlink(): boolean {
      if (!this.ids.length) return true;
      const rows = this.sudo()._values(['state', 'name', 'posted_before']);
      for (const id of this.ids) {
        const r = rows.get(id);
        if (!r) continue;
        if (r.state === 'posted') {
          throw new UserError("You can't delete a posted journal item. Don\u2019t play games with your accounting records; reset the journal entry to draft before deleting it.");
        }
      }
      const manager = this.env.su || this.env.hasGroup('account.group_account_manager');
      if (!manager && !this.env.context.force_delete) {
        for (const id of this.ids) {
          const r = rows.get(id);
          if (r && r.name && r.name !== '/' && !(this.browse([id]) as AnyModel)._isEndOfSeqChain()) {
            throw new UserError('You cannot delete this entry, as it has already consumed a sequence number and is not the last one in the chain. You should probably revert it instead.');
          }
        }
      }
      return super.unlink();
    }

    _unlink(): void {
      const lines = this.env.model('account.move.line').sudo()._searchIds([['move_id', 'in', this.ids]]);
      if (lines.length) {
        removeReconcile(this.env.model('account.move.line').browse(lines));
        this.env.model('account.move.line').sudo().browse(lines).withContext({ dynamic_unlink: true, force_delete: true })._unlink();
      }
      super._unlink();
    }

    copy_data(defaultVals: unknown = null): Vals[] {
      const defaults = (defaultVals ?? {}) as Vals;
      existingValues(this.sudo(), ['move_type']);
      return this.ids.map((id) => {
        const move = this.browse([id]).sudo() as AnyModel;
        const v = move._values(['move_type', 'partner_id', 'journal_id', 'currency_id', 'company_id', 'invoice_payment_term_id', 'fiscal_position_id', 'narration', 'invoice_origin', 'partner_shipping_id', 'invoice_incoterm_id', 'date']).get(id)!;
        const moveType = String(v.move_type);
        const data: Vals = {
          move_type: moveType, partner_id: v.partner_id, journal_id: v.journal_id, currency_id: v.currency_id, company_id: v.company_id,
          fiscal_position_id: v.fiscal_position_id, narration: v.narration, invoice_origin: v.invoice_origin, partner_shipping_id: v.partner_shipping_id,
          invoice_incoterm_id: v.invoice_incoterm_id, date: v.date,
        };
        if (isInvoice(moveType, true)) data.invoice_payment_term_id = v.invoice_payment_term_id;
        data.line_ids = move._copyLines(isInvoice(moveType, true));
        return { ...data, ...defaults };
      });
    }

    /** Line values of a copy: invoice lines for invoices (the rest is regenerated), all lines for entries. */
    _copyLines(invoice: boolean): unknown[] {
      const Line = this.env.model('account.move.line').sudo();
      const ids = Line._searchIds([['move_id', '=', this.ids[0]]], { order: 'sequence, id' });
      const fields = ['display_type', 'name', 'product_id', 'product_uom_id', 'quantity', 'price_unit', 'discount', 'tax_ids', 'account_id', 'analytic_distribution', 'sequence', 'partner_id', 'currency_id', 'balance', 'amount_currency', 'date_maturity', 'tax_repartition_line_id', 'tax_base_amount', 'group_tax_id'];
      const vals = Line.browse(ids)._values(fields);
      const out: unknown[] = [];
      for (const lid of ids) {
        const l = vals.get(lid)!;
        if (invoice && !['product', 'line_section', 'line_note'].includes(String(l.display_type))) continue;
        const d: Vals = { display_type: l.display_type, name: l.name, sequence: l.sequence };
        // a reversal also copies what other modules link to the line (_reverse_moves)
        if (this.env.context.include_business_fields) Line.browse([lid])._copy_data_extend_business_fields(d);
        if (['line_section', 'line_note'].includes(String(l.display_type))) { out.push([0, 0, d]); continue; }
        Object.assign(d, {
          product_id: l.product_id, product_uom_id: l.product_uom_id, quantity: l.quantity, price_unit: l.price_unit, discount: l.discount,
          tax_ids: [[6, 0, l.tax_ids]], account_id: l.account_id, analytic_distribution: l.analytic_distribution,
        });
        if (!invoice) Object.assign(d, { partner_id: l.partner_id, currency_id: l.currency_id, balance: l.balance, amount_currency: l.amount_currency, date_maturity: l.date_maturity, tax_repartition_line_id: l.tax_repartition_line_id, tax_base_amount: l.tax_base_amount, group_tax_id: l.group_tax_id });
        out.push([0, 0, d]);
      }
      return out;
    }

    // -----------------------------------------------------------------------------------------
    // numbering (sequence.mixin, account.md §2.7)
    // -----------------------------------------------------------------------------------------

    /** The standard prefix of this move's next number: [R|P]CODE/YYYY/ or CODE/YYYY/MM/. */
    _startingPrefix(): { prefix: string; width: number } {
      const v = this.sudo()._values(['journal_id', 'date', 'move_type', 'payment_id']).get(this.ids[0])!;
      const j = this.env.model('account.journal').sudo().browse([v.journal_id as number])._values(['code', 'type', 'refund_sequence', 'payment_sequence']).get(v.journal_id as number)!;
      const date = String(v.date);
      const yearly = ['sale', 'bank', 'cash'].includes(String(j.type));
      let prefix = yearly ? `${j.code}/${date.slice(0, 4)}/` : `${j.code}/${date.slice(0, 4)}/${date.slice(5, 7)}/`;
      if (j.refund_sequence && (v.move_type === 'out_refund' || v.move_type === 'in_refund')) prefix = `R${prefix}`;
      if (j.payment_sequence && v.payment_id) prefix = `P${prefix}`;
      return { prefix, width: yearly ? 5 : 4 };
    }

    /** The last number of the journal in the move's period and family (_get_last_sequence). */
    _lastSequence(): { name: string; prefix: string; number: number } | null {
      const family = this._sequenceFamily();
      if (!family) return null;
      const { where, params } = family;
      // the prefix of the family's last entry, then the highest number with that prefix: one statement
      const row = this.env.cr.get<{ name: string; sequence_prefix: string; sequence_number: number }>(
        `SELECT name, sequence_prefix, sequence_number FROM account_move WHERE ${where}
            AND sequence_prefix = (SELECT sequence_prefix FROM account_move WHERE ${where} ORDER BY id DESC LIMIT 1)
          ORDER BY sequence_number DESC LIMIT 1`, [...params, ...params]);
      return row ? { name: row.name, prefix: row.sequence_prefix, number: row.sequence_number } : null;
    }

    /**
     * Whether `_lastSequence()` is not null (the family's newest numbered entry of the period
     * has a prefix): found at once, without sorting the family by number.
     */
    _hasLastSequence(): boolean {
      const family = this._sequenceFamily();
      if (!family) return false;
      const newest = this.env.cr.get<{ p: string | null }>(`SELECT sequence_prefix AS p FROM account_move WHERE ${family.where} ORDER BY id DESC LIMIT 1`, family.params);
      return !!newest && newest.p !== null;
    }

    /** The entries of the move's sequence family and period, but the move (journal, dates, refund or payment family). */
    _sequenceFamily(): { where: string; params: Array<string | number> } | null {
      const id = this.ids[0];
      const v = this.sudo()._values(['journal_id', 'date', 'move_type', 'payment_id']).get(id)!;
      if (!v.journal_id || !v.date) return null;
      const j = this.env.model('account.journal').sudo().browse([v.journal_id as number])._values(['type', 'refund_sequence', 'payment_sequence']).get(v.journal_id as number)!;
      const date = String(v.date);
      const yearly = ['sale', 'bank', 'cash'].includes(String(j.type));
      const start = yearly ? `${date.slice(0, 4)}-01-01` : `${date.slice(0, 7)}-01`;
      const end = yearly ? `${date.slice(0, 4)}-12-31` : endOfMonth(date);
      // `+date`: the same test, kept off account_move__date_index, which refreshed statistics
      // (planner_statistics.ts) can make the planner prefer to the journal's newest-first walk of
      // account_move_sequence_index2, and then sort the period's entries of every journal
      let where = "journal_id = ? AND name IS NOT NULL AND name NOT IN ('/', '') AND id != ? AND +date BETWEEN ? AND ?";
      const params: Array<string | number> = [v.journal_id as number, id, start, end];
      if (j.refund_sequence) where += v.move_type === 'out_refund' || v.move_type === 'in_refund' ? " AND move_type IN ('out_refund', 'in_refund')" : " AND move_type NOT IN ('out_refund', 'in_refund')";
      // `+payment_id`: the same test, kept off account_move__payment_id_index, which the planner
      // would otherwise take for `IS NOT NULL` (its statistics date from a database without
      // payments) and then sort every payment entry of the company; the journal's newest-first
      // walk of account_move_sequence_index2 stops at the first payment entry
      else if (j.payment_sequence) where += v.payment_id ? ' AND +payment_id IS NOT NULL' : ' AND +payment_id IS NULL';
      return { where, params };
    }

    /** Whether the move's number belongs to its date's period (_sequence_matches_date). */
    _sequenceMatchesDate(): boolean {
      const v = this.sudo()._values(['name', 'date']).get(this.ids[0])!;
      if (!v.name || v.name === '/' || !v.date) return true;
      const date = String(v.date);
      const monthly = /(\d{4})\/(\d{2})\/\d+$/.exec(String(v.name));
      if (monthly) return monthly[1] === date.slice(0, 4) && monthly[2] === date.slice(5, 7);
      const yearly = /(\d{4})\/\d+$/.exec(String(v.name));
      if (yearly) return yearly[1] === date.slice(0, 4);
      return true;
    }

    /**
     * _compute_name: draft numbers only for the first move of a period, numbers at posting.
     * `along`: more values computed from the new name, written with it in the same write (as
     * Odoo's computed fields depending on the name go in the same flush); returns whether they were.
     */
    _computeName(along?: (name: string) => Vals): boolean {
      const name = this._nameFor();
      return name !== null && this._setName(name, along);
    }

    /**
     * The name _computeName gives the move: '/', its next number, or null when it keeps its own.
     * `posting`: computed for the move as posting writes it (posted, posted before) while it is
     * still a draft, so that its number goes in the same write as its state.
     */
    _nameFor(posting = false): string | null {
      const v = this.sudo()._values(['state', 'name', 'posted_before', 'date']).get(this.ids[0])!;
      const state = posting ? 'posted' : v.state;
      const postedBefore = posting || v.posted_before;
      if (state === 'cancel') return null;
      const hasName = !!v.name && v.name !== '/';
      if (hasName || state !== 'posted') {
        if (!postedBefore && !this._sequenceMatchesDate()) {
          if (this._hasLastSequence()) return '/';
        } else if ((hasName && postedBefore) || (!hasName && this._hasLastSequence())) {
          return hasName ? null : '/';
        }
      }
      if (v.date && (!hasName || !this._sequenceMatchesDate())) return this._nextSequenceName();
      return hasName ? null : '/';
    }

    /**
     * The values posting writes with the state to number the move (name, its split and `along`'s
     * values), as _computeName would once the state is written; null when it keeps its name.
     */
    _nameValuesAtPosting(along?: (name: string) => Vals): Vals | null {
      const name = this._nameFor(true);
      return name === null ? null : this._nameValues(name, along);
    }

    /** The journal's next number in the move's period and family (its first when there is none). */
    _nextSequenceName(): string {
      const last = this._lastSequence();
      if (last) {
        const m = /^(.*?)(\d*)$/.exec(last.name)!;
        return `${m[1]}${String(last.number + 1).padStart(m[2].length, '0')}`;
      }
      const { prefix, width } = this._startingPrefix();
      return `${prefix}${String(1).padStart(width, '0')}`;
    }

    /**
     * Forget a draft's number ('/', no prefix, no sequence number) without the ORM's write, which
     * would number it again at once: the caller computes its name (_computeName) once the change
     * that numbers it differently (journal, type) is written.
     */
    _clearNumber(): void {
      this.env.cr.run("UPDATE account_move SET name = '/', sequence_prefix = '', sequence_number = 0 WHERE id = ?", [this.ids[0]]);
      this.env.cache.invalidate('account.move');
    }

    /** Write the move's number and its split (with `along`'s values); false when it already has it. */
    _setName(name: string, along?: (name: string) => Vals): boolean {
      const vals = this._nameValues(name, along);
      if (!vals) return false;
      Base.prototype._write.call(this.sudo(), vals);
      return true;
    }

    /** The move's number, its split and `along`'s values; null when it already has that number. */
    _nameValues(name: string, along?: (name: string) => Vals): Vals | null {
      const seq = splitNumber(name);
      // a draft keeping its '/' is not written again (nor are its lines' move_name)
      const cur = this.sudo()._values(['name', 'sequence_prefix', 'sequence_number']).get(this.ids[0]);
      if (cur && cur.name === name && cur.sequence_prefix === seq.sequence_prefix && cur.sequence_number === seq.sequence_number) return null;
      return { name, ...seq, ...(along ? along(name) : {}) };
    }

    _splitSequence(): void {
      const seq = splitNumber(String(this.sudo().get('name') || '/'));
      this.env.cr.run('UPDATE account_move SET sequence_prefix = ?, sequence_number = ? WHERE id = ?', [seq.sequence_prefix, seq.sequence_number, this.ids[0]]);
      this.env.cache.invalidate('account.move');
    }

    _isEndOfSeqChain(): boolean {
      const v = this.sudo()._values(['journal_id', 'sequence_prefix', 'sequence_number']).get(this.ids[0])!;
      return !this.env.cr.get('SELECT 1 AS x FROM account_move WHERE journal_id = ? AND sequence_prefix = ? AND sequence_number > ? LIMIT 1', [v.journal_id as number, String(v.sequence_prefix ?? ''), v.sequence_number as number]);
    }

    // -----------------------------------------------------------------------------------------
    // lifecycle
    // -----------------------------------------------------------------------------------------

    /** Odoo's methods read the records first: the caller's read access (rights, then rules) is checked. */
    _checkReadAccess(): void {
      if (this.env.su) return;
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
    }

    action_post(): boolean {
      this._checkReadAccess();
      const withPayments = this.ids.filter((id) => this.browse([id]).sudo().get('payment_id'));
      const others = this.ids.filter((id) => !withPayments.includes(id));
      if (withPayments.length) {
        const payments = [...new Set(withPayments.map((id) => this.browse([id]).sudo().get('payment_id') as number))];
        this.env.model('account.payment').browse(payments).action_post();
      }
      if (others.length) (this.browse(others) as AnyModel)._post(false);
      return false;
    }

    /** _post: Odoo's checks in order, then number, state, rank and followers (account.md §3). */
    _post(soft = true): BaseModel {
      if (!this.env.su && !this.env.hasGroup('account.group_account_invoice')) {
        throw new AccessError("You don't have the access rights to post an invoice.");
      }
      // the invoice date posting gives a move changes its number only with its state: numbered
      // once, after the state is written (Odoo computes the name at flush, with both)
      const deferred = namesAtPosting(this.env);
      const dated = new Map<number, string>();
      for (const id of this.ids) deferred.add(id);
      try {
        return this._postSteps(soft, dated);
      } finally {
        for (const id of this.ids) deferred.delete(id);
      }
    }

    /**
     * _post's steps; `dated`: the moves it gives an invoice date, written with their state (their
     * number follows both).
     */
    _postSteps(soft: boolean, dated: Map<number, string>): BaseModel {
      return syncScope(this.env, () => {
        flushPendingMoves(this.env);
        const su = this.sudo() as AnyModel;
        for (const id of this.ids) {
          const v = su.browse([id])._values(['move_type', 'partner_bank_id', 'amount_total', 'currency_id', 'partner_id', 'invoice_date']).get(id)!;
          const moveType = String(v.move_type);
          if (!isInvoice(moveType, true)) continue;
          if (v.partner_bank_id && !this.env.model('res.partner.bank').sudo().withContext({ active_test: false }).browse([v.partner_bank_id as number]).get('active')) {
            throw new UserError('The recipient bank account linked to this invoice is archived.\nSo you cannot confirm the invoice.');
          }
          if (compareAmounts(currencyOf(this.env, v.currency_id as number), v.amount_total as number, 0) < 0) {
            throw new UserError('You cannot validate an invoice with a negative total amount. You should create a credit note instead. Use the action menu to transform it into a credit note or refund.');
          }
          if (!v.partner_id) {
            if (isSaleDocument(moveType)) throw new UserError("The field 'Customer' is required, please complete it to validate the Customer Invoice.");
            if (isPurchaseDocument(moveType)) throw new UserError("The field 'Vendor' is required, please complete it to validate the Vendor Bill.");
          }
          if (!v.invoice_date) {
            // written with the state below (one write, as Odoo flushes both together): nothing
            // before reads it but the soft posting's date test, which a sale document dated
            // today passes (its accounting date is its invoice date)
            if (isSaleDocument(moveType, true)) dated.set(id, today(this.env));
            else if (isPurchaseDocument(moveType, true)) throw new UserError('The Bill/Refund date is required to validate this document.');
          }
        }
        // lines of invoices whose partner is not the commercial partner (written at posting below)
        const partnerOff = new Set<number>();
        for (const id of this.ids) {
          const v = su.browse([id])._values(['state', 'name', 'journal_id', 'currency_id', 'auto_post', 'date', 'commercial_partner_id']).get(id)!;
          if (v.state === 'posted' || v.state === 'cancel') throw new UserError(`The entry ${v.name} (id ${id}) must be in draft.`);
          // what the checks need of the lines, in one statement (the checks keep Odoo's order)
          const lineFacts = this.env.cr.get<{ has_line: number; deprecated: number; partner_off: number }>(
            `SELECT EXISTS (SELECT 1 FROM account_move_line WHERE move_id = ? AND display_type NOT IN ('line_section', 'line_note')) AS has_line,
                    EXISTS (SELECT 1 FROM account_move_line l JOIN account_account a ON a.id = l.account_id WHERE l.move_id = ? AND a.deprecated) AS deprecated,
                    EXISTS (SELECT 1 FROM account_move_line WHERE move_id = ? AND display_type NOT IN ('line_note', 'line_section') AND COALESCE(partner_id, 0) != ?) AS partner_off`,
            [id, id, id, (v.commercial_partner_id as number) || 0])!;
          if (lineFacts.partner_off) partnerOff.add(id);
          if (!lineFacts.has_line) throw new UserError('You need to add a line before posting.');
          const journal = this.env.model('account.journal').sudo().withContext({ active_test: false }).browse([v.journal_id as number]);
          if (!journal.get('active')) throw new UserError(`You cannot post an entry in an archived journal (${journal._displayNames().get(v.journal_id as number)})`);
          const currency = this.env.crossCall(`account.currency_active:${v.currency_id}`, () =>
            this.env.cr.get<{ active: number | null; name: string }>('SELECT active, name FROM res_currency WHERE id = ?', [v.currency_id as number]));
          if (!currency?.active) throw new UserError(`You cannot validate a document with an inactive currency: ${currency ? currency.name : false}`);
          if (lineFacts.deprecated && !this.env.context.skip_account_deprecation_check) throw new UserError('A line of this move is using a deprecated account, you cannot post it.');
        }
        let toPost = this.ids;
        if (soft) {
          const t = today(this.env);
          const future = this.ids.filter((id) => !dated.has(id) && String(su.browse([id]).get('date')) > t);
          for (const id of future) if (su.browse([id]).get('auto_post') === 'no') su.browse([id])._write({ auto_post: 'at_date' });
          toPost = this.ids.filter((id) => !future.includes(id));
        }
        // dated moves left in draft (none: see above) get their date and the number it gives a draft
        for (const [id, date] of dated) {
          if (toPost.includes(id)) continue;
          namesAtPosting(this.env).delete(id);
          su.browse([id])._write({ invoice_date: date });
          su.browse([id])._computeName();
        }
        if (!toPost.length) return this.browse([]);
        // journal items of invoices carry the commercial partner
        for (const id of toPost) {
          const v = su.browse([id])._values(['move_type', 'commercial_partner_id']).get(id)!;
          if (isInvoice(String(v.move_type)) && partnerOff.has(id)) {
            this.env.cr.run("UPDATE account_move_line SET partner_id = ? WHERE move_id = ? AND display_type NOT IN ('line_note', 'line_section') AND COALESCE(partner_id, 0) != ?",
              [(v.commercial_partner_id as number) || null, id, (v.commercial_partner_id as number) || 0]);
          }
        }
        const reversals = toPost.filter((id) => {
          const r = su.browse([id]).get('reversed_entry_id');
          return r && su.browse([r as number]).get('state') === 'posted';
        });
        // a move whose accounting date posting leaves as it is gets its number in the same write
        // as its state (Odoo computes the name at flush, with the state): the number depends on
        // the journal, date, type and payment only, not on the state (_nameFor). A move whose new
        // invoice date moves its accounting date is numbered once that date is written
        const withState = new Set(toPost.filter((id) => {
          const date = dated.get(id);
          if (date === undefined) return true;
          const v = su.browse([id])._values(['move_type', 'date', 'journal_id']).get(id)!;
          return su._accountingDate(String(v.move_type), date, v.journal_id as number) === v.date;
        }));
        // the others get their invoice date with their state first (one write per date)
        const byDate = new Map<string | null, number[]>();
        for (const id of toPost) {
          if (withState.has(id)) continue;
          const date = dated.get(id) ?? null;
          const ids = byDate.get(date);
          if (ids) ids.push(id); else byDate.set(date, [id]);
        }
        for (const [date, ids] of byDate) {
          su.browse(ids)._write(date === null ? { state: 'posted', posted_before: true } : { state: 'posted', posted_before: true, invoice_date: date });
        }
        // in the order of the moves (their numbers follow it)
        for (const id of toPost) {
          const rec = su.browse([id]);
          // an invoice's payment reference follows its number (_compute_payment_reference): written
          // with the number when posting gives one, else on its own
          const pre = rec._values(['move_type', 'payment_reference']).get(id)!;
          const reference = pre.move_type === 'out_invoice' && !pre.payment_reference;
          const along = reference ? (name: string) => ({ payment_reference: rec._invoiceComputedReference(name) }) : undefined;
          if (withState.has(id)) {
            const date = dated.get(id);
            const vals: Vals = date === undefined ? { state: 'posted', posted_before: true } : { state: 'posted', posted_before: true, invoice_date: date };
            const numbering = rec._nameValuesAtPosting(along) as Vals | null;
            if (numbering) NUMBERED_WITH_STATE.add(vals);
            Object.assign(vals, numbering ?? (reference ? { payment_reference: rec._invoiceComputedReference() } : {}));
            rec._write(vals);
          } else if (rec._computeName(along)) {
            if (reference) markMovesDirty(this.env, [id], true);
          } else if (reference) rec._write({ payment_reference: rec._invoiceComputedReference() });
        }
        if (reversals.length) {
          for (const id of reversals) su.browse([su.browse([id]).get('reversed_entry_id') as number])._reconcileReversedMoves(su.browse([id]));
        }
        // followers and partner ranks
        const customers = new Map<number, number>();
        const suppliers = new Map<number, number>();
        for (const id of toPost) {
          const v = su.browse([id])._values(['move_type', 'partner_id']).get(id)!;
          const rec = this.browse([id]) as AnyModel;
          if (v.partner_id && typeof rec.message_subscribe === 'function') rec.sudo().message_subscribe([v.partner_id]);
          if (!v.partner_id) continue;
          const pid = v.partner_id as number;
          if (isSaleDocument(String(v.move_type))) customers.set(pid, (customers.get(pid) ?? 0) + 1);
          else if (isPurchaseDocument(String(v.move_type))) suppliers.set(pid, (suppliers.get(pid) ?? 0) + 1);
        }
        for (const [map, field] of [[customers, 'customer_rank'], [suppliers, 'supplier_rank']] as const) {
          for (const [pid, count] of map) {
            const commercial = this.env.model('res.partner').sudo().browse([pid]).get('commercial_partner_id') as number;
            for (const p of new Set([pid, commercial || pid])) this.env.cr.run(`UPDATE res_partner SET ${field} = COALESCE(${field}, 0) + ? WHERE id = ?`, [count, p]);
          }
        }
        this.env.cache.invalidate('res.partner');
        // posting changes what a synchronisation computes of invoices only (their payment state)
        markMovesDirty(this.env, invoicesOf(su.browse(toPost)), true);
        return this.browse(toPost);
      });
    }

    /** _get_invoice_computed_reference: the invoice number, or the customer reference. */
    _invoiceComputedReference(name?: string): string | false {
      const v: Vals = { ...this.sudo()._values(['journal_id', 'name', 'commercial_partner_id']).get(this.ids[0])! };
      if (name !== undefined) v.name = name;
      const type = this.env.model('account.journal').sudo().browse([v.journal_id as number]).get('invoice_reference_type');
      if (type === 'partner') {
        const ref = this.env.model('res.partner').sudo().browse([v.commercial_partner_id as number]).get('ref');
        return `CUST/${ref || v.commercial_partner_id}`;
      }
      if (type === 'none') return false;
      return String(v.name);
    }

    _reconcileReversedMoves(reverse: BaseModel): void {
      const Line = this.env.model('account.move.line').sudo();
      const ids = Line._searchIds([['move_id', 'in', [...this.ids, ...reverse.ids]], ['reconciled', '=', false]]);
      const groups = new Map<string, number[]>();
      for (const [lid, v] of Line.browse(ids)._values(['account_id', 'currency_id'])) {
        const k = `${v.account_id}:${v.currency_id}`;
        groups.set(k, [...(groups.get(k) ?? []), lid]);
      }
      for (const [k, lineIds] of groups) {
        const account = this.env.model('account.account').sudo().browse([Number(k.split(':')[0])])._values(['reconcile', 'account_type']).get(Number(k.split(':')[0]));
        if (!account) continue;
        if (account.reconcile || ['asset_cash', 'liability_credit_card'].includes(String(account.account_type))) reconcileLines(Line.browse(lineIds));
      }
    }

    button_draft(): null {
      this._checkReadAccess();
      const rows = this.sudo()._values(['state', 'restrict_mode_hash_table']);
      if ([...rows.values()].some((r) => r.state !== 'cancel' && r.state !== 'posted')) {
        throw new UserError('Only posted/cancelled journal entries can be reset to draft.');
      }
      for (const r of rows.values()) {
        if (r.restrict_mode_hash_table && r.state === 'posted') throw new UserError('You cannot modify a posted entry of this journal because it is in strict mode.');
      }
      syncScope(this.env, () => {
        const lines = this.env.model('account.move.line').sudo()._searchIds([['move_id', 'in', this.ids]]);
        removeReconcile(this.env.model('account.move.line').browse(lines));
        this.write({ state: 'draft', is_move_sent: false });
      });
      return null;
    }

    button_cancel(): null {
      this._checkReadAccess();
      const posted = this.ids.filter((id) => this.browse([id]).sudo().get('state') === 'posted');
      if (posted.length) (this.browse(posted) as AnyModel).button_draft();
      if (this.ids.some((id) => this.browse([id]).sudo().get('state') !== 'draft')) throw new UserError('Only draft journal entries can be cancelled.');
      this.write({ auto_post: 'no', state: 'cancel' });
      return null;
    }

    /** The switch between invoice and credit note of a draft (switch_move_type.ts); Odoo answers None. */
    action_switch_move_type(): null {
      switchMoveType(this);
      return null;
    }

    button_set_checked(): null {
      this.write({ to_check: false });
      return null;
    }

    /** _reverse_moves: credit notes for invoices, mirrored entries otherwise; `cancel` posts and matches them. */
    _reverseMoves(defaultsList: Vals[], cancel = false): BaseModel {
      return syncScope(this.env, () => {
        if (cancel) {
          const lines = this.env.model('account.move.line').sudo()._searchIds([['move_id', 'in', this.ids]]);
          removeReconcile(this.env.model('account.move.line').browse(lines));
        }
        const created: number[] = [];
        this.ids.forEach((id, i) => {
          const move = this.browse([id]) as AnyModel;
          const v = move.sudo()._values(['move_type', 'partner_id']).get(id)!;
          const [data] = move.withContext({ ...this.env.context, include_business_fields: true }).copy_data({ ...(defaultsList[i] ?? {}), move_type: REVERSE_TYPE[String(v.move_type)], reversed_entry_id: id, partner_id: v.partner_id });
          if (v.move_type === 'entry' || REVERSE_TYPE[String(v.move_type)] === 'entry') {
            data.line_ids = (data.line_ids as unknown[][]).map(([c, x, l]) => {
              const lv = l as Vals;
              return [c, x, { ...lv, balance: -Number(lv.balance || 0), amount_currency: -Number(lv.amount_currency || 0) }];
            });
          }
          created.push(this.env.model('account.move').create([data]).ids[0]);
        });
        const reverses = this.env.model('account.move').browse(created) as AnyModel;
        const names = this.sudo()._displayNames();
        this.ids.forEach((id, i) => {
          (reverses.browse([created[i]]) as AnyModel)._logNote(new Map([[created[i], new Markup(`This entry has been reversed from ${htmlLink('account.move', id, String(names.get(id) ?? ''))}`)]]));
        });
        if (cancel) reverses.withContext({ move_reverse_cancel: true })._post(false);
        return reverses;
      });
    }

    // -----------------------------------------------------------------------------------------
    // actions
    // -----------------------------------------------------------------------------------------

    action_register_payment(): Vals {
      this._checkReadAccess();
      existingValues(this.sudo(), ['state']);
      const lines = this.env.model('account.move.line')._searchIds([['move_id', 'in', this.ids]]);
      return this.env.model('account.move.line').browse(lines).action_register_payment();
    }

    action_reverse(): Vals {
      this._checkReadAccess();
      const invoice = this.ids.length && this.ids.every((id) => isInvoice(String(this.browse([id]).sudo().get('move_type'))));
      return {
        id: this.env.ref('account.action_view_account_move_reversal', false)?.ids[0] ?? false,
        name: invoice ? 'Credit Note' : 'Reverse', type: 'ir.actions.act_window', res_model: 'account.move.reversal',
        view_mode: 'form', target: 'new', context: {}, binding_model_id: false, binding_type: 'action', binding_view_types: 'list',
      };
    }

    preview_invoice(): Vals {
      this._checkReadAccess();
      return { type: 'ir.actions.act_url', target: 'self', url: (this.ensureOne() as AnyModel).get_portal_url() };
    }

    /** portal.mixin get_portal_url: the access URL with a (lazily created) access token. */
    get_portal_url(suffix: unknown = null, reportType: unknown = null, download: unknown = null, queryString: unknown = null, anchor: unknown = null): string {
      const id = this.ensureOne().ids[0];
      let token = this.sudo().get('access_token') as string | false;
      if (!token) {
        token = crypto.randomUUID();
        this.env.cr.run('UPDATE account_move SET access_token = ? WHERE id = ?', [token, id]);
        this.env.cache.invalidate('account.move');
      }
      const url = String(this.sudo().get('access_url'));
      let out = `${url}${suffix ?? ''}?access_token=${token}`;
      if (reportType) out += `&report_type=${reportType}`;
      if (download) out += '&download=true';
      if (queryString) out += String(queryString);
      if (anchor) out += `#${anchor}`;
      return out;
    }

    /** _get_report_base_filename: the move's display name ("INV/2026/00001"), the PDF's base name. */
    _get_report_base_filename(): string {
      const id = this.ensureOne().ids[0];
      return String(this.sudo()._displayNames().get(id) || '');
    }

    js_assign_outstanding_line(lineId: unknown): null {
      this._checkReadAccess();
      const id = this.ensureOne().ids[0];
      const Line = this.env.model('account.move.line');
      const first = Line.browse([Number(lineId)]).sudo().get('account_id');
      const own = Line.sudo()._searchIds([['move_id', '=', id], ['account_id', '=', first], ['reconciled', '=', false]]);
      reconcileLines(Line.browse([Number(lineId), ...own]));
      return null;
    }

    js_remove_outstanding_partial(partialId: unknown): boolean {
      this._checkReadAccess();
      this.ensureOne();
      return this.env.model('account.partial.reconcile').browse([Number(partialId)]).unlink();
    }

    is_invoice(includeReceipts: unknown = false): boolean {
      // an empty recordset's move_type is False: not an invoice
      if (!this.ids.length) return false;
      return isInvoice(String(this.ensureOne().sudo().get('move_type')), !!includeReceipts);
    }

    /** The payments/statement lines reconciled with the invoice (_get_reconciled_payments). */
    _reconciledPaymentIds(): number[] {
      const partials = (this as AnyModel)._reconciledPartials() as ReconciledPartial[];
      const out = new Set<number>();
      for (const p of partials) {
        const pay = this.env.cr.get<{ p: number | null }>('SELECT m.payment_id AS p FROM account_move_line l JOIN account_move m ON m.id = l.move_id WHERE l.id = ?', [p.counterpart])?.p;
        if (pay) out.add(pay);
      }
      return [...out];
    }
  },
};

/**
 * Values whose change the synchronisation of a journal entry (not an invoice) does not depend
 * on: its lines, amounts and residuals stay what they were (move_sync.ts reads none of them for
 * entries; the payment state of an entry is 'not_paid' whatever its state).
 */
const POSTING_ONLY = new Set(['state', 'posted_before', 'auto_post']);

/**
 * Values of a posting write that carry the move's number with its state (_postSteps): their name,
 * sequence_prefix and sequence_number are the numbering's own (name and split together), handled
 * by the write as _setName's write of them alone is (no split again, no synchronisation mark).
 */
const NUMBERED_WITH_STATE = new WeakSet<Vals>();
const NUMBER_FIELDS = new Set(['name', 'sequence_prefix', 'sequence_number']);

/** A number's split (_compute_split_sequence): its prefix and trailing number ('/' has none). */
function splitNumber(name: string): { sequence_prefix: string; sequence_number: number } {
  if (name === '/') return { sequence_prefix: '', sequence_number: 0 };
  const m = /^(.*?)(\d*)$/.exec(name)!;
  return { sequence_prefix: m[1], sequence_number: m[2] ? parseInt(m[2], 10) : 0 };
}

/** The moves being posted, whose number _post computes after writing their state (not at their new invoice date). */
function namesAtPosting(env: Environment): Set<number> {
  let ids = env.cache.memo.get('account.move.names_at_posting') as Set<number> | undefined;
  if (!ids) env.cache.memo.set('account.move.names_at_posting', ids = new Set());
  return ids;
}

/**
 * Fields of a move whose change leaves its product and tax lines as they are (markMovesDirty's
 * linesKept): those lines are computed from the lines, the type, company, currency and
 * commercial partner, not from dates (no currency rates), the number or the payment reference
 * (which labels the payment-term lines only). Posting writes these.
 */
const LINES_KEPT = new Set([...POSTING_ONLY, 'invoice_date', 'payment_reference']);

/** The invoices (receipts included) among these moves. */
function invoicesOf(moves: BaseModel): number[] {
  const types = moves.sudo()._values(['move_type']);
  return moves.ids.filter((id) => isInvoice(String(types.get(id)?.move_type), true));
}

interface ReconciledPartial { partial: number; counterpart: number; amount: number; currency: number }

function companyCurrencyId(m: BaseModel, companyId: number): number {
  return companyCurrencyOf(m.env, companyId) ?? 0;
}

/** invoice_line_ids commands join line_ids (account.move _sanitize_vals). */
function mergeInvoiceLines(vals: Vals): void {
  if (!('invoice_line_ids' in vals)) return;
  const inv = vals.invoice_line_ids;
  delete vals.invoice_line_ids;
  if (!Array.isArray(inv) || !inv.length) return;
  const commands = inv.every((x) => typeof x === 'number') ? [[6, 0, inv]] : inv;
  vals.line_ids = [...(Array.isArray(vals.line_ids) ? vals.line_ids : []), ...commands];
}

/** textwrap.shorten(text, width): whitespace collapsed, cut at a word with " [...]". */
function shorten(text: string, width: number): string {
  const t = text.trim().split(/\s+/).join(' ');
  if (t.length <= width) return t;
  const words = t.split(' ');
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (next.length + ' [...]'.length > width) break;
    out = next;
  }
  return `${out} [...]`.trimStart();
}

export { clean, isOutbound };
export type { Currency };
