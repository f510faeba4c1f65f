/**
 * The `account_payment_term` module (Odoo 17: "Payment Term - Days end of month on the"): a delay
 * type paying on a given day of the month after the delay (dueDate in account/config.ts computes it).
 */
import { defineManifest } from '../modules/manifest';
import type { ModelDecl } from '../orm/registry';
import { ValidationError } from '../orm/exceptions';
import { DELAY_TYPES } from '../account/config';

const termLine: ModelDecl = {
  _inherit: 'account.payment.term.line',
  fields: {
    delay_type: { type: 'selection', string: 'Delay Type', selection: [...DELAY_TYPES, ['days_end_of_month_on_the', 'Days end of month on the']], required: true, default: 'days_after' },
    display_days_next_month: { type: 'boolean', compute: '_compute_display_days_next_month' },
    days_next_month: { type: 'char', string: 'Days on the next month', size: 2, default: '10' },
  },
  constrains: { _check_valid_char_value: ['days_next_month'] },
  methods: (Base) => class extends Base {
    _compute_display_days_next_month(): Map<number, unknown> {
      const vals = this._values(['delay_type']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.delay_type === 'days_end_of_month_on_the']));
    }
    _check_valid_char_value(): void {
      for (const v of this._values(['days_next_month']).values()) {
        const d = String(v.days_next_month || '');
        if (/^\d+$/.test(d)) {
          if (Number(d) > 31) throw new ValidationError('The days added must be between 0 and 31.');
        } else throw new ValidationError('The days added must be a number and has to be between 0 and 31.');
      }
    }
  },
};

export const manifest = defineManifest({
  name: 'account_payment_term',
  shortdesc: 'Payment Term - Days end of month on the',
  version: '1.0',
  category: 'Accounting/Accounting',
  website: 'https://www.odoo.com/app/invoicing',
  license: 'OEEL-1',
  depends: ['account'],
  auto_install: true,
  demo: ['demo/account_payment_term_demo.xml'],
  models: [termLine],
});
