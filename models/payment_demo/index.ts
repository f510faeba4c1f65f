/**
 * payment_demo (Payment Provider: Demo, account.md §6.5): the demo provider's code and features,
 * demo tokens (simulated state, unpadded names) and the simulated provider answers —
 * done/pending/cancel/error from the notification data, token payments at once, tokens created
 * when the customer asked to save the payment details.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';

const CODES: Array<[string, string]> = [['none', 'No Provider Set'], ['demo', 'Demo']];

const provider: ModelDecl = {
  _inherit: 'payment.provider',
  fields: {
    code: { type: 'selection', string: 'Code', selection: CODES, default: 'none', required: true, help: 'The technical code of this payment provider.' },
  },
  constrains: { _check_provider_state: ['state', 'code'] },
  methods: (Base) => class extends Base {
    _featureSupport(code: string): Record<string, unknown> {
      if (code !== 'demo') return (Base.prototype as unknown as AnyModel)._featureSupport.call(this, code);
      return { support_tokenization: true, support_manual_capture: 'partial', support_express_checkout: true, support_refund: 'partial' };
    }
    _check_provider_state(): void {
      for (const v of this._values(['code', 'state']).values()) {
        if (v.code === 'demo' && !['test', 'disabled'].includes(String(v.state))) throw new UserError('Demo providers should never be enabled.');
      }
    }
  },
};

const token: ModelDecl = {
  _inherit: 'payment.token',
  fields: {
    provider_code: { type: 'selection', related: 'provider_id.code', string: 'Provider Code', selection: CODES },
    demo_simulated_state: {
      type: 'selection', string: 'Simulated State', help: 'The state in which transactions created from this token should be set.',
      selection: [['pending', 'Pending'], ['done', 'Confirmed'], ['cancel', 'Canceled'], ['error', 'Error']],
    },
  },
  methods: (Base) => class extends Base {
    _padTokenName(code: string): boolean { return code !== 'demo' && (Base.prototype as unknown as AnyModel)._padTokenName.call(this, code); }
  },
};

const transaction: ModelDecl = {
  _inherit: 'payment.transaction',
  fields: {
    provider_code: { type: 'selection', related: 'provider_id.code', string: 'Provider Code', selection: CODES },
    capture_manually: { type: 'boolean', related: 'provider_id.capture_manually' },
  },
  rpc: {
    action_demo_set_done: { api: 'multi', params: [] },
    action_demo_set_canceled: { api: 'multi', params: [] },
    action_demo_set_error: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _demoSet(state: string): null {
      this.ensureOne();
      const v = this.sudo()._values(['provider_code', 'reference']).get(this.ids[0])!;
      if (v.provider_code !== 'demo') return null;
      (this as AnyModel)._handleNotificationData('demo', { reference: v.reference, simulated_state: state });
      return null;
    }
    action_demo_set_done(): null { return this._demoSet('done'); }
    action_demo_set_canceled(): null { return this._demoSet('cancel'); }
    action_demo_set_error(): null { return this._demoSet('error'); }

    _sendPaymentRequest(): void {
      (Base.prototype as unknown as AnyModel)._sendPaymentRequest.call(this);
      const v = this.ensureOne().sudo()._values(['provider_code', 'token_id', 'reference']).get(this.ids[0])!;
      if (v.provider_code !== 'demo') return;
      if (!v.token_id) throw new UserError('Demo: The transaction is not linked to a token.');
      const state = this.env.model('payment.token').sudo().withContext({ active_test: false }).browse([v.token_id as number]).get('demo_simulated_state');
      (this as AnyModel)._handleNotificationData('demo', { reference: v.reference, simulated_state: state });
    }

    /** The demo provider confirms refunds at once. */
    _sendRefundRequest(amountToRefund: unknown = null): BaseModel {
      const refund = (Base.prototype as unknown as AnyModel)._sendRefundRequest.call(this, amountToRefund) as AnyModel;
      if (this.sudo().get('provider_code') !== 'demo') return refund;
      refund._handleNotificationData('demo', { reference: refund.sudo().get('reference'), simulated_state: 'done' });
      return refund;
    }
    /** The demo provider confirms captures at once (the partial child's, or the transaction's own). */
    _sendCaptureRequest(amountToCapture: unknown = null): BaseModel {
      const child = (Base.prototype as unknown as AnyModel)._sendCaptureRequest.call(this, amountToCapture) as AnyModel;
      return this._demoAnswerPart(child, { simulated_state: 'done', manual_capture: true });
    }
    /** The demo provider cancels voided amounts at once. */
    _sendVoidRequest(amountToVoid: unknown = null): BaseModel {
      const child = (Base.prototype as unknown as AnyModel)._sendVoidRequest.call(this, amountToVoid) as AnyModel;
      return this._demoAnswerPart(child, { simulated_state: 'cancel' });
    }
    /** A demo transaction's answer to a capture or void: on the partial child, else on the transaction itself. */
    _demoAnswerPart(child: AnyModel, data: Vals): BaseModel {
      if (this.sudo().get('provider_code') !== 'demo') return child;
      const tx = (child.ids.length ? child : this) as AnyModel;
      tx._handleNotificationData('demo', { reference: tx.sudo().get('reference'), ...data });
      return child;
    }

    _txFromNotificationData(providerCode: string, data: Vals): BaseModel {
      const tx = (Base.prototype as unknown as AnyModel)._txFromNotificationData.call(this, providerCode, data);
      if (providerCode !== 'demo' || tx.ids.length === 1) return tx;
      const ids = this.sudo()._searchIds([['reference', '=', data.reference ?? false], ['provider_code', '=', 'demo']]);
      if (!ids.length) throw new ValidationError(`Demo: No transaction found matching reference ${data.reference}.`);
      return this.sudo().browse(ids);
    }

    _processNotificationData(data: Vals): void {
      (Base.prototype as unknown as AnyModel)._processNotificationData.call(this, data);
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['provider_code', 'reference', 'tokenize', 'capture_manually', 'provider_id', 'payment_method_id', 'partner_id']).get(id)!;
      if (v.provider_code !== 'demo') return;
      const su = this.sudo() as AnyModel;
      su._write({ provider_reference: `demo-${v.reference}` });
      const state = String(data.simulated_state);
      if (v.tokenize) {
        const tokenId = this.env.model('payment.token').sudo()._create([{
          provider_id: v.provider_id, payment_method_id: v.payment_method_id, payment_details: data.payment_details,
          partner_id: v.partner_id, provider_ref: 'fake provider reference', demo_simulated_state: state,
        }]).ids[0];
        su._write({ token_id: tokenId, tokenize: false });
      }
      if (state === 'pending') su._set_pending();
      else if (state === 'done') {
        if (v.capture_manually && !data.manual_capture) su._set_authorized();
        else {
          su._set_done();
          // a refund is post-processed by the payment cron: nobody browses its status page
          if (su.get('operation') === 'refund') this.env.ref('payment.cron_post_process_payment_tx', false)?._trigger();
        }
      } else if (state === 'cancel') su._set_canceled();
      else su._set_error(`You selected the following demo payment status: ${state}`);
    }
  },
};

export const paymentDemoModels: ModelDecl[] = [provider, token, transaction];
