/**
 * account_payment (Payment - Account, account.md §6.4): transactions linked to invoices, the
 * provider's payment journal and "Demo" payment method line, and the post-processing of a done
 * transaction — its draft invoices posted, an account.payment created, posted and reconciled
 * with them (_reconcile_after_done / _create_payment).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Environment } from '../orm/environment';
import { reconcileLines } from '../account/reconcile';
import { Markup, escapeText } from '../mail/html';
import { htmlLink } from '../account/account_move';
import { linkedIds } from '../orm/x2many_commands';
import { paymentRefundWizard, refundSupport } from './refund_wizard';

const INVOICE_TYPES = ['out_invoice', 'out_refund', 'in_invoice', 'in_refund'];

const transaction: ModelDecl = {
  _inherit: 'payment.transaction',
  fields: {
    payment_id: { type: 'many2one', comodel: 'account.payment', string: 'Payment', readonly: true },
    invoice_ids: {
      type: 'many2many', comodel: 'account.move', relation: 'account_invoice_transaction_rel', column1: 'transaction_id', column2: 'invoice_id',
      string: 'Invoices', readonly: true, copy: false, domain: [['move_type', 'in', INVOICE_TYPES]],
    },
    invoices_count: { type: 'integer', string: 'Invoices Count', compute: '_compute_invoices_count' },
  },
  rpc: {
    action_view_invoices: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_invoices_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM account_invoice_transaction_rel WHERE transaction_id = ?', [id])?.n ?? 0]));
    }
    action_view_invoices(): Vals {
      const invoices = this.ensureOne().sudo().get('invoice_ids') as number[];
      const action: Vals = { name: 'Invoices', type: 'ir.actions.act_window', res_model: 'account.move', target: 'current' };
      if (invoices.length === 1) Object.assign(action, { res_id: invoices[0], view_mode: 'form', views: [[false, 'form']] });
      else Object.assign(action, { view_mode: 'tree,form', domain: [['id', 'in', invoices]] });
      return action;
    }
    /** The reference prefix of invoice payments: the invoice numbers joined by the separator. */
    _computeReferencePrefix(providerCode: string, separator: string, values: Vals): string {
      const ids = linkedIds(values.invoice_ids);
      if (ids.length) {
        const found = this.env.model('account.move').sudo().browse(ids).exists();
        if (found.ids.length === ids.length) return ids.map((id) => String(found.browse([id]).get('name'))).join(separator);
      }
      return (Base.prototype as unknown as AnyModel)._computeReferencePrefix.call(this, providerCode, separator, values);
    }
    _set_canceled(message: string | false = false): BaseModel {
      const done: BaseModel = (Base.prototype as unknown as AnyModel)._set_canceled.call(this, message);
      const payments = (done.ids as number[]).map((id: number) => done.browse([id]).sudo().get('payment_id')).filter((p: unknown): p is number => typeof p === 'number' && p > 0);
      if (payments.length) this.env.model('account.payment').sudo().browse(payments).action_cancel();
      return done;
    }
    /** _log_message_on_linked_documents: on the invoices (and those of the source transaction, and its payment). */
    _logMessageOnLinkedDocuments(message: string | Markup): void {
      const id = this.ensureOne().ids[0];
      const author = (this as AnyModel)._logAuthor();
      const v = this.sudo()._values(['invoice_ids', 'source_transaction_id']).get(id)!;
      const Move = this.env.model('account.move');
      const post = (model: string, rid: number) => {
        const rec = this.env.model(model).browse([rid]) as AnyModel;
        if (typeof rec.message_post === 'function') rec.message_post({ body: message, author_id: author });
      };
      if (v.source_transaction_id) {
        const src = this.browse([v.source_transaction_id as number]).sudo()._values(['invoice_ids', 'payment_id']).get(v.source_transaction_id as number)!;
        for (const inv of src.invoice_ids as number[]) post(Move._name, inv);
        if (src.payment_id) post('account.payment', src.payment_id as number);
      }
      for (const inv of v.invoice_ids as number[]) post(Move._name, inv);
    }
    /** _finalize_post_processing: then say which payment was posted for the transaction. */
    _finalizePostProcessing(): void {
      (Base.prototype as unknown as AnyModel)._finalizePostProcessing.call(this);
      for (const id of this.ids) {
        const tx = this.browse([id]) as AnyModel;
        const v = tx.sudo()._values(['payment_id', 'reference']).get(id)!;
        if (!v.payment_id) continue;
        const name = this.env.model('account.payment').sudo().browse([v.payment_id as number])._displayNames().get(v.payment_id as number);
        tx._logMessageOnLinkedDocuments(new Markup(`The payment related to the transaction with reference ${escapeText(String(v.reference))} has been posted: ${htmlLink('account.payment', v.payment_id as number, String(name ?? ''))}`));
      }
    }
    /** Post the linked draft invoices and create the missing payments (not for validations). */
    _reconcileAfterDone(): void {
      (Base.prototype as unknown as AnyModel)._reconcileAfterDone.call(this);
      const invoices = [...new Set(this.ids.flatMap((id) => this.browse([id]).sudo().get('invoice_ids') as number[]))];
      const drafts = invoices.filter((inv) => this.env.model('account.move').sudo().browse([inv]).get('state') === 'draft');
      if (drafts.length) this.env.model('account.move').sudo().browse(drafts).action_post();
      for (const id of this.ids) {
        const tx = this.browse([id]).sudo() as AnyModel;
        const v = tx._values(['operation', 'payment_id', 'child_transaction_ids']).get(id)!;
        if (v.operation === 'validation' || v.payment_id) continue;
        const childDone = (v.child_transaction_ids as number[]).some((c) => ['done', 'cancel'].includes(String(this.browse([c]).sudo().get('state'))));
        if (!childDone) tx._createPayment();
      }
    }
    /** _create_payment: the inbound payment of the transaction on the provider's journal, reconciled with its invoices. */
    _createPayment(extra: Vals = {}): BaseModel {
      const id = this.ensureOne().ids[0];
      const su = this.sudo() as AnyModel;
      const v = su._values(['reference', 'partner_id', 'provider_reference', 'provider_id', 'amount', 'currency_id', 'token_id', 'invoice_ids', 'operation', 'source_transaction_id']).get(id)!;
      const provider = this.env.model('payment.provider').sudo().browse([v.provider_id as number]) as AnyModel;
      const journal = provider.get('journal_id') as number | false;
      const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number]);
      const reference = `${v.reference} - ${partner._displayNames().get(v.partner_id as number) || ''} - ${v.provider_reference || ''}`;
      const methodLine = journal ? this.env.cr.get<{ id: number }>(
        `SELECT l.id FROM account_payment_method_line l JOIN account_payment_method m ON m.id = l.payment_method_id
          WHERE l.journal_id = ? AND m.payment_type = 'inbound' AND l.payment_provider_id = ? ORDER BY l.sequence, l.id LIMIT 1`, [journal, v.provider_id as number])?.id ?? false : false;
      const amount = v.amount as number;
      const payment = this.env.model('account.payment').sudo().create([{
        amount: Math.abs(amount), payment_type: amount > 0 ? 'inbound' : 'outbound', currency_id: v.currency_id,
        partner_id: partner.get('commercial_partner_id') || v.partner_id, partner_type: 'customer', journal_id: journal,
        company_id: provider.get('company_id'), payment_method_line_id: methodLine, payment_token_id: v.token_id,
        payment_transaction_id: id, ref: reference, ...extra,
      }]) as AnyModel;
      payment.action_post();
      su._write({ payment_id: payment.ids[0] });
      let invoices = v.invoice_ids as number[];
      if (v.source_transaction_id && this.browse([v.source_transaction_id as number]).sudo().get('operation') === v.operation) {
        invoices = this.browse([v.source_transaction_id as number]).sudo().get('invoice_ids') as number[];
      }
      if (invoices.length) {
        const drafts = invoices.filter((inv) => this.env.model('account.move').sudo().browse([inv]).get('state') === 'draft');
        if (drafts.length) this.env.model('account.move').sudo().browse(drafts).action_post();
        const destination = payment.get('destination_account_id');
        const moves = [payment.get('move_id') as number, ...invoices];
        const lines = this.env.model('account.move.line').sudo()._searchIds([['move_id', 'in', moves], ['account_id', '=', destination], ['reconciled', '=', false]]);
        if (lines.length > 1) reconcileLines(this.env.model('account.move.line').browse(lines));
      }
      return payment;
    }
  },
};

const provider: ModelDecl = {
  _inherit: 'payment.provider',
  fields: {
    journal_id: {
      type: 'many2one', comodel: 'account.journal', string: 'Payment Journal', compute: '_compute_journal_id', inverse: '_inverse_journal_id',
      check_company: true, domain: '[("type", "=", "bank")]', copy: false, help: 'The journal in which the successful transactions are posted.',
    },
  },
  methods: (Base) => class extends Base {
    /** The journal of the provider's payment method line, else (enabled or test) the first bank journal, whose line is then created. */
    _compute_journal_id(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const line = this.env.cr.get<{ j: number }>('SELECT journal_id AS j FROM account_payment_method_line WHERE payment_provider_id = ? AND journal_id IS NOT NULL ORDER BY sequence, id LIMIT 1', [id]);
        if (line) { out.set(id, line.j); continue; }
        const v = this.browse([id]).sudo()._values(['state', 'company_id']).get(id)!;
        if (!['enabled', 'test'].includes(String(v.state))) { out.set(id, false); continue; }
        const bank = this.env.model('account.journal').sudo()._searchIds([['company_id', '=', v.company_id], ['type', '=', 'bank']], { limit: 1, order: 'sequence, type, code' })[0] ?? false;
        out.set(id, bank);
        if (bank) (this.browse([id]).sudo() as AnyModel)._ensurePaymentMethodLine(bank);
      }
      return out;
    }
    _inverse_journal_id(_f: unknown, value: unknown): void {
      for (const id of this.ids) (this.browse([id]).sudo() as AnyModel)._ensurePaymentMethodLine(value || false);
    }
    /** _ensure_payment_method_line: the provider's inbound method line lives on its journal. */
    _ensurePaymentMethodLine(journalId: number | false): void {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['code', 'name', 'company_id']).get(id)!;
      const method = this.env.cr.get<{ id: number }>("SELECT id FROM account_payment_method WHERE code = ? ORDER BY id LIMIT 1", [v.code as string]);
      if (!method) return;
      const Line = this.env.model('account.payment.method.line').sudo();
      let line = Line._searchIds([['payment_provider_id', '=', id], ['journal_id', '!=', false]], { limit: 1 })[0];
      if (!journalId) {
        if (line) Line.browse([line])._unlink();
        return;
      }
      line ??= Line._searchIds([['code', '=', v.code], ['payment_provider_id', '=', false], ['journal_id', '!=', false]], { limit: 1 })[0];
      if (line) Line.browse([line])._write({ payment_provider_id: id, journal_id: journalId, name: v.name });
      else {
        const same = Line._searchIds([['code', '=', v.code]], { limit: 1 })[0];
        Line._create([{ name: v.name, payment_method_id: method.id, journal_id: journalId, payment_provider_id: id, payment_account_id: same ? Line.browse([same]).get('payment_account_id') : false }]);
      }
    }
    /** _setup_provider: with account_payment installed, the provider's code gets an inbound payment method. */
    _setup_provider(code: string): void {
      (Base.prototype as unknown as AnyModel)._setup_provider.call(this, code);
      if (this.env.cr.get("SELECT 1 AS x FROM ir_module_module WHERE name = 'account_payment' AND state = 'installed'")) setupPaymentMethod(this.env, code);
    }
  },
};

/** _setup_payment_method: an inbound account.payment.method named after the provider code. */
export function setupPaymentMethod(env: Environment, code: string): void {
  if (code === 'none' || code === 'custom') return;
  if (env.cr.get('SELECT 1 AS x FROM account_payment_method WHERE code = ?', [code])) return;
  const Provider = env.registry.get('payment.provider')!;
  const label = (Provider._fields.code.spec.selection as Array<[string, string]>).find(([k]) => k === code)?.[1] ?? code;
  env.model('account.payment.method').sudo()._create([{ name: label, code, payment_type: 'inbound' }]);
}

const methodLine: ModelDecl = {
  _inherit: 'account.payment.method.line',
  fields: {
    payment_provider_id: { type: 'many2one', comodel: 'payment.provider', string: 'Payment Provider', domain: "[('code', '=', code)]" },
    payment_provider_state: { type: 'selection', related: 'payment_provider_id.state', string: 'State', selection: [['disabled', 'Disabled'], ['enabled', 'Enabled'], ['test', 'Test Mode']] },
  },
};

const payment: ModelDecl = {
  _inherit: 'account.payment',
  fields: {
    payment_transaction_id: { type: 'many2one', comodel: 'payment.transaction', string: 'Payment Transaction', readonly: true, auto_join: true },
    payment_token_id: { type: 'many2one', comodel: 'payment.token', string: 'Saved Payment Token', help: 'Note that only tokens from providers allowing to capture the amount are available.' },
    amount_available_for_refund: { type: 'monetary', compute: '_compute_amount_available_for_refund', currency_field: 'currency_id' },
    source_payment_id: {
      type: 'many2one', comodel: 'account.payment', string: 'Source Payment', help: 'The source payment of related refund payments',
      related: 'payment_transaction_id.source_transaction_id.payment_id', readonly: true, store: true, index: 'btree_not_null',
    },
    refunds_count: { type: 'integer', string: 'Refunds Count', compute: '_compute_refunds_count' },
  },
  rpc: {
    action_refund_wizard: { api: 'multi', params: [] },
    action_view_refunds: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /**
     * What is left to refund: the amount less the confirmed refunds (the payments of refund
     * transactions), when the provider and the (primary) payment method refund at all and the
     * payment is not itself a refund.
     */
    _compute_amount_available_for_refund(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['payment_transaction_id', 'amount'])) {
        const txId = v.payment_transaction_id as number | false;
        const support = txId ? refundSupport(this.env, txId) : null;
        if (!support?.provider || !support.method || support.operation === 'refund') { out.set(id, 0); continue; }
        const refunds = this.search([['source_payment_id', '=', id]]) as AnyModel;
        const refunded = Math.abs([...refunds._values(['amount']).values()].reduce((s: number, r: Vals) => s + (Number(r.amount) || 0), 0));
        out.set(id, (Number(v.amount) || 0) - refunded);
      }
      return out;
    }
    /** The payments of confirmed refund transactions of each payment. */
    _compute_refunds_count(): Map<number, unknown> {
      const counts = new Map<number, number>();
      const refunds = this.env.model('account.payment').search([['source_payment_id', 'in', this.ids], ['payment_transaction_id.operation', '=', 'refund']]) as AnyModel;
      for (const r of refunds._values(['source_payment_id']).values()) counts.set(r.source_payment_id as number, (counts.get(r.source_payment_id as number) ?? 0) + 1);
      return new Map(this.ids.map((id) => [id, counts.get(id) ?? 0]));
    }
    action_refund_wizard(): Vals {
      this.ensureOne();
      return { name: 'Refund', type: 'ir.actions.act_window', view_mode: 'form', res_model: 'payment.refund.wizard', target: 'new' };
    }
    /** The refund payment (form) or the refund payments (list) of the payment. */
    action_view_refunds(): Vals {
      const id = this.ensureOne().ids[0];
      const action: Vals = { name: 'Refund', res_model: 'account.payment', type: 'ir.actions.act_window' };
      if (this.get('refunds_count') === 1) {
        action.res_id = this.env.model('account.payment')._searchIds([['source_payment_id', '=', id]], { limit: 1 })[0];
        action.view_mode = 'form';
      } else {
        action.view_mode = 'tree,form';
        action.domain = [['source_payment_id', '=', id]];
      }
      return action;
    }
  },
};

/** account.move: the invoice's transactions and the amount they paid or authorized. */
const move: ModelDecl = {
  _inherit: 'account.move',
  fields: {
    transaction_ids: { type: 'many2many', comodel: 'payment.transaction', relation: 'account_invoice_transaction_rel', column1: 'invoice_id', column2: 'transaction_id', string: 'Transactions', copy: false, readonly: true },
    authorized_transaction_ids: { type: 'many2many', comodel: 'payment.transaction', string: 'Authorized Transactions', compute: '_compute_authorized_transaction_ids', readonly: true, copy: false },
    amount_paid: { type: 'monetary', string: 'Amount paid', compute: '_compute_amount_paid', currency_field: 'currency_id' },
  },
  methods: (Base) => class extends Base {
    _txOf(id: number): Array<{ id: number; state: string; amount: number }> {
      return this.env.cr.all<{ id: number; state: string; amount: number }>(
        'SELECT t.id, t.state, t.amount FROM payment_transaction t JOIN account_invoice_transaction_rel r ON r.transaction_id = t.id WHERE r.invoice_id = ? ORDER BY t.id DESC', [id]);
    }
    _compute_authorized_transaction_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._txOf(id).filter((t) => t.state === 'authorized').map((t) => t.id)]));
    }
    _compute_amount_paid(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._txOf(id).filter((t) => ['authorized', 'done'].includes(t.state)).reduce((s, t) => s + t.amount, 0)]));
    }
    /**
     * _has_to_be_paid (account_payment/models/account_move.py): portal payment enabled, a posted
     * customer invoice not (fully) paid, with something left or no transaction yet, and no
     * pending or authorized transaction of a real provider.
     */
    _has_to_be_paid(): boolean {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['amount_residual', 'state', 'payment_state', 'amount_total', 'move_type']).get(id)!;
      const txs = this.env.cr.all<{ state: string; code: string }>(
        `SELECT t.state, p.code FROM payment_transaction t JOIN account_invoice_transaction_rel r ON r.transaction_id = t.id
          JOIN payment_provider p ON p.id = t.provider_id WHERE r.invoice_id = ? AND t.state IN ('pending', 'authorized', 'done')`, [id]);
      const pending = txs.some((t) => ['pending', 'authorized'].includes(t.state) && !['none', 'custom'].includes(t.code));
      const param = this.env.model('ir.config_parameter').sudo().get_param('account_payment.enable_portal_payment');
      const enabled = param === false || param === null || param === undefined ? true : !['false', '0', ''].includes(String(param).toLowerCase());
      return enabled && (!!Number(v.amount_residual) || !txs.length) && v.state === 'posted' && ['not_paid', 'partial'].includes(String(v.payment_state))
        && !!Number(v.amount_total) && v.move_type === 'out_invoice' && !pending;
    }
    /** _get_default_payment_link_values: what is left to pay on the invoice. */
    _get_default_payment_link_values(): Vals {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['amount_residual', 'currency_id', 'partner_id']).get(id)!;
      return { amount: v.amount_residual, currency_id: v.currency_id, partner_id: v.partner_id, amount_max: v.amount_residual };
    }
    /** get_portal_last_transaction: the invoice's latest transaction (archived tokens included). */
    get_portal_last_transaction(): BaseModel {
      const txs = this._txOf(this.ensureOne().ids[0]);
      return this.env.model('payment.transaction').sudo().browse(txs.length ? [txs[0].id] : []);
    }
  },
};

/** account_payment's post_init_hook: payment methods for the installed providers. */
export function accountPaymentPostInit(env: Environment): void {
  const codes = env.cr.all<{ code: string }>("SELECT DISTINCT p.code FROM payment_provider p JOIN ir_module_module m ON m.id = p.module_id WHERE m.state = 'installed'").map((r) => r.code);
  for (const code of codes) setupPaymentMethod(env, code);
}

/** account_payment's links of invoices carry the invoice; its controller reads the rest from it. */
const linkWizard: ModelDecl = {
  _inherit: 'payment.link.wizard',
  methods: (Base) => class extends Base {
    _getAdditionalLinkValues(v: Vals): Array<[string, unknown]> {
      if (v.res_model !== 'account.move') return (Base.prototype as unknown as AnyModel)._getAdditionalLinkValues.call(this, v);
      return [['invoice_id', v.res_id]];
    }
  },
};

export const accountPaymentModels: ModelDecl[] = [transaction, provider, methodLine, payment, move, linkWizard, paymentRefundWizard];
