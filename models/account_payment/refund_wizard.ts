/**
 * payment.refund.wizard (account_payment/wizards/payment_refund_wizard.py): refund part or all of
 * an electronic payment (the context's active_id, from account.payment.action_refund_wizard)
 * through its transaction: at most what its confirmed refunds left, the whole of it by default.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel } from '../orm/model';
import type { Environment } from '../orm/environment';
import { ValidationError } from '../orm/exceptions';
import { pyFloatRepr } from '../orm/values';

/**
 * How a transaction can be refunded: its provider's support_refund and that of its payment
 * method's primary method (or the method itself), read as superuser; false when not at all.
 */
export function refundSupport(env: Environment, txId: number): { provider: unknown; method: unknown; operation: unknown } {
  const tx = env.model('payment.transaction').sudo().browse([txId])._values(['provider_id', 'payment_method_id', 'operation']).get(txId);
  if (!tx) return { provider: false, method: false, operation: false };
  const provider = env.model('payment.provider').sudo().browse([tx.provider_id as number]).get('support_refund');
  const Method = env.model('payment.method').sudo().withContext({ active_test: false });
  const primary = tx.payment_method_id ? Method.browse([tx.payment_method_id as number]).get('primary_payment_method_id') as number | false : false;
  const method = tx.payment_method_id ? Method.browse([(primary || tx.payment_method_id) as number]).get('support_refund') : false;
  return { provider, method, operation: tx.operation };
}

export const paymentRefundWizard: ModelDecl = {
  _name: 'payment.refund.wizard',
  _description: 'Payment Refund Wizard',
  _transient: true,
  fields: {
    payment_id: {
      type: 'many2one', comodel: 'account.payment', string: 'Payment', readonly: true,
      default: (m: AnyModel) => m.env.context.active_id ?? false,
    },
    transaction_id: { type: 'many2one', comodel: 'payment.transaction', string: 'Payment Transaction', related: 'payment_id.payment_transaction_id' },
    payment_amount: { type: 'monetary', string: 'Payment Amount', related: 'payment_id.amount', currency_field: 'currency_id' },
    refunded_amount: { type: 'monetary', string: 'Refunded Amount', compute: '_compute_refunded_amount', depends: ['amount_available_for_refund'], currency_field: 'currency_id' },
    amount_available_for_refund: { type: 'monetary', string: 'Maximum Refund Allowed', related: 'payment_id.amount_available_for_refund', currency_field: 'currency_id' },
    amount_to_refund: {
      type: 'monetary', string: 'Refund Amount', compute: '_compute_amount_to_refund', depends: ['amount_available_for_refund'],
      store: true, readonly: false, currency_field: 'currency_id',
    },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'transaction_id.currency_id' },
    support_refund: {
      type: 'selection', string: 'Type of Refund Supported', selection: [['full_only', 'Full Only'], ['partial', 'Partial']],
      compute: '_compute_support_refund', depends: ['transaction_id.provider_id', 'transaction_id.payment_method_id'],
    },
    has_pending_refund: { type: 'boolean', string: 'Has a pending refund', compute: '_compute_has_pending_refund', depends: ['payment_id'] },
  },
  constrains: { _check_amount_to_refund_within_boundaries: ['amount_to_refund'] },
  rpc: {
    action_refund: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _check_amount_to_refund_within_boundaries(): void {
      for (const v of this._values(['amount_to_refund', 'amount_available_for_refund']).values()) {
        const amount = Number(v.amount_to_refund) || 0;
        const available = Number(v.amount_available_for_refund) || 0;
        // Odoo formats the float itself here (no currency)
        if (!(amount > 0 && amount <= available)) throw new ValidationError(`The amount to be refunded must be positive and cannot be superior to ${pyFloatRepr(available)}.`);
      }
    }
    _compute_refunded_amount(): Map<number, unknown> {
      const vals = this._values(['payment_amount', 'amount_available_for_refund']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, (Number(v.payment_amount) || 0) - (Number(v.amount_available_for_refund) || 0)];
      }));
    }
    _compute_amount_to_refund(): Map<number, unknown> {
      const vals = this._values(['amount_available_for_refund']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.amount_available_for_refund]));
    }
    /** The weaker of the provider's and the (primary) payment method's refund support. */
    _compute_support_refund(): Map<number, unknown> {
      return new Map(this.ids.map((id): [number, unknown] => {
        const txId = this.browse([id]).get('transaction_id') as number | false;
        const { provider, method } = txId ? refundSupport(this.env, txId) : { provider: false, method: false };
        if (!provider || !method) return [id, false];
        return [id, provider === 'full_only' || method === 'full_only' ? 'full_only' : 'partial'];
      }));
    }
    /** A refund of the payment's transaction still in draft, pending or authorized. */
    _compute_has_pending_refund(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const payment = this.browse([id]).get('payment_id') as number | false;
        const txId = payment ? this.env.model('account.payment').sudo().browse([payment]).get('payment_transaction_id') : false;
        const pending = this.env.model('payment.transaction').search_count([
          ['source_transaction_id', '=', txId || false], ['operation', '=', 'refund'], ['state', 'in', ['draft', 'pending', 'authorized']]]);
        return [id, pending > 0];
      }));
    }
    action_refund(): null {
      for (const v of this._values(['transaction_id', 'amount_to_refund']).values()) {
        (this.env.model('payment.transaction').browse(v.transaction_id ? [v.transaction_id as number] : []) as AnyModel).action_refund(v.amount_to_refund);
      }
      return null;
    }
  },
};
