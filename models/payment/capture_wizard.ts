/**
 * payment.capture.wizard (payment/wizards/payment_capture_wizard.py): capture part or all of
 * authorized transactions (the context's active_ids, from payment.transaction.action_capture),
 * optionally voiding what is left. What was authorized, captured (confirmed in one go, or by
 * confirmed partial-capture children) and voided (canceled children) gives the amount still
 * available, the default amount to capture.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel } from '../orm/model';
import { ValidationError } from '../orm/exceptions';
import { currencyOf, pyFormatAmount, round } from '../account/tools';
import { checkReadAccess } from '../orm/security';

interface Tx { id: number; amount: number; state: string; provider_id: number; currency_id: number; source_transaction_id: number | false }

export const paymentCaptureWizard: ModelDecl = {
  _name: 'payment.capture.wizard',
  _description: 'Payment Capture Wizard',
  _transient: true,
  fields: {
    transaction_ids: {
      type: 'many2many', comodel: 'payment.transaction', readonly: true,
      default: (m: BaseModel) => (Array.isArray(m.env.context.active_ids) ? m.env.context.active_ids : []),
    },
    authorized_amount: { type: 'monetary', string: 'Authorized Amount', compute: '_compute_amounts', depends: ['transaction_ids'], currency_field: 'currency_id' },
    captured_amount: { type: 'monetary', string: 'Already Captured', compute: '_compute_amounts', depends: ['transaction_ids'], currency_field: 'currency_id' },
    voided_amount: { type: 'monetary', string: 'Already Voided', compute: '_compute_amounts', depends: ['transaction_ids'], currency_field: 'currency_id' },
    available_amount: { type: 'monetary', string: 'Maximum Capture Allowed', compute: '_compute_amounts', depends: ['transaction_ids'], currency_field: 'currency_id' },
    amount_to_capture: { type: 'monetary', compute: '_compute_amount_to_capture', depends: ['available_amount'], store: true, readonly: false, currency_field: 'currency_id' },
    is_amount_to_capture_valid: { type: 'boolean', compute: '_compute_is_amount_to_capture_valid', depends: ['amount_to_capture', 'available_amount'] },
    void_remaining_amount: { type: 'boolean' },
    currency_id: { type: 'many2one', comodel: 'res.currency', compute: '_compute_currency_id', depends: ['transaction_ids'] },
    support_partial_capture: {
      type: 'boolean', help: "Whether each of the transactions' provider supports the partial capture.",
      compute: '_compute_support_partial_capture', depends: ['transaction_ids'], compute_sudo: true,
    },
    has_draft_children: { type: 'boolean', compute: '_compute_amounts', depends: ['transaction_ids'] },
    has_remaining_amount: { type: 'boolean', compute: '_compute_has_remaining_amount', depends: ['available_amount', 'amount_to_capture'] },
  },
  constrains: { _check_amount_to_capture_within_boundaries: ['amount_to_capture'] },
  rpc: {
    action_capture: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /**
     * The wizard's transactions and their children, read as superuser: the ORM runs computations
     * as superuser; action_capture checks the user's access to the transactions first.
     */
    _transactionsOf(id: number): { sources: Tx[]; children: Tx[] } {
      const Tx = this.env.model('payment.transaction').sudo();
      const ids = this.browse([id]).get('transaction_ids') as number[];
      const read = (txIds: number[]): Tx[] => [...Tx.browse(txIds)._values(['amount', 'state', 'provider_id', 'currency_id', 'source_transaction_id'])]
        .map(([txId, v]) => ({ id: txId, amount: Number(v.amount) || 0, state: String(v.state), provider_id: v.provider_id as number, currency_id: v.currency_id as number, source_transaction_id: v.source_transaction_id as number | false }));
      const sources = read(ids);
      const children = ids.length ? read(Tx._searchIds([['source_transaction_id', 'in', ids]], { order: 'id' })) : [];
      return { sources, children };
    }

    /** Authorized, captured, voided and available amounts, and whether a child is still a draft. */
    _compute_amounts(field: { name: string }): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const { sources, children } = this._transactionsOf(id);
        const sum = (txs: Tx[]) => txs.reduce((s, t) => s + t.amount, 0);
        const withChildren = new Set(children.map((c) => c.source_transaction_id));
        const authorized = sum(sources);
        // confirmed in one capture (no children), or through confirmed partial captures
        const captured = sum(sources.filter((t) => t.state === 'done' && !withChildren.has(t.id))) + sum(children.filter((c) => c.state === 'done'));
        const voided = sum(children.filter((c) => c.state === 'cancel'));
        const values: Record<string, unknown> = {
          authorized_amount: authorized, captured_amount: captured, voided_amount: voided,
          available_amount: authorized - captured - voided, has_draft_children: children.some((c) => c.state === 'draft'),
        };
        return [id, values[field.name]];
      }));
    }

    _compute_amount_to_capture(): Map<number, unknown> {
      const vals = this._values(['available_amount']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.available_amount]));
    }

    _compute_is_amount_to_capture_valid(): Map<number, unknown> {
      const vals = this._values(['amount_to_capture', 'available_amount']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const amount = Number(v.amount_to_capture) || 0;
        return [id, amount > 0 && amount <= (Number(v.available_amount) || 0)];
      }));
    }

    /** related='transaction_ids.currency_id': the first transaction's currency. */
    _compute_currency_id(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._transactionsOf(id).sources[0]?.currency_id ?? false]));
    }

    _compute_support_partial_capture(): Map<number, unknown> {
      const Provider = this.env.model('payment.provider').sudo();
      return new Map(this.ids.map((id) => [id, this._transactionsOf(id).sources
        .every((t) => Provider.browse([t.provider_id]).get('support_manual_capture') === 'partial')]));
    }

    /** Capturing everything leaves nothing to void: the flag goes down with it. */
    _compute_has_remaining_amount(): Map<number, unknown> {
      const vals = this._values(['amount_to_capture', 'available_amount']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const remaining = (Number(v.amount_to_capture) || 0) < (Number(v.available_amount) || 0);
        if (!remaining && this.browse([id]).get('void_remaining_amount')) this.browse([id])._write({ void_remaining_amount: false });
        return [id, remaining];
      }));
    }

    _check_amount_to_capture_within_boundaries(): void {
      for (const v of this._values(['is_amount_to_capture_valid', 'available_amount', 'currency_id', 'support_partial_capture', 'amount_to_capture']).values()) {
        if (!v.is_amount_to_capture_valid) {
          const available = v.currency_id ? pyFormatAmount(this.env, Number(v.available_amount) || 0, currencyOf(this.env, v.currency_id as number)) : String(v.available_amount);
          throw new ValidationError(`The amount to capture must be positive and cannot be superior to ${available}.`);
        }
        if (!v.support_partial_capture && v.amount_to_capture !== v.available_amount) {
          throw new ValidationError('Some of the transactions you intend to capture can only be captured in full. Handle the transactions individually to capture a partial amount.');
        }
      }
    }

    /**
     * action_capture: spread the amount over the authorized transactions (what each has left after
     * its confirmed partial captures), voiding the rest of each when asked.
     */
    action_capture(): null {
      const Tx = this.env.model('payment.transaction').sudo();
      for (const id of this.ids) {
        // Odoo reads the wizard's transactions as its user: a user without access to them (a
        // plain employee) gets AccessError, not a capture done as superuser
        checkReadAccess(this.env.model('payment.transaction').browse(this.browse([id]).get('transaction_ids') as number[]));
        const v = this.browse([id])._values(['amount_to_capture', 'void_remaining_amount']).get(id)!;
        const { sources, children } = this._transactionsOf(id);
        let remainingToCapture = Number(v.amount_to_capture) || 0;
        for (const source of sources.filter((t) => t.state === 'authorized')) {
          const captured = children.filter((c) => c.source_transaction_id === source.id && c.state === 'done').reduce((s, c) => s + c.amount, 0);
          let sourceRemaining = round(currencyOf(this.env, source.currency_id), source.amount - captured);
          if (remainingToCapture) {
            const amount = Math.min(sourceRemaining, remainingToCapture);
            (Tx.browse([source.id]) as AnyModel)._sendCaptureRequest(amount);
            remainingToCapture -= amount;
            sourceRemaining -= amount;
          }
          if (sourceRemaining && v.void_remaining_amount) (Tx.browse([source.id]) as AnyModel)._sendVoidRequest(sourceRemaining);
          else if (!remainingToCapture && !v.void_remaining_amount) break;
        }
      }
      return null;
    }
  },
};
