/** decimal.precision (odoo/addons/base/models/decimal_precision.py): named digit counts; precision_get. */
import type { ModelDecl } from '../orm/registry';

export const decimalPrecision: ModelDecl = {
  _name: 'decimal.precision',
  _description: 'Decimal Precision',
  fields: {
    name: { type: 'char', string: 'Usage', required: true },
    digits: { type: 'integer', string: 'Digits', required: true, default: 2 },
  },
  _sql_constraints: [
    ['name_uniq', 'unique (name)', 'Only one value can be defined for each given usage!'],
  ],
  rpc: {
    precision_get: { api: 'model', params: ['application'] },
  },
  methods: (Base) => class extends Base {
    /** The digits of a usage, 2 when it is not defined. */
    precision_get(application: unknown): number {
      const row = this.env.cr.get<{ digits: number }>('SELECT digits FROM decimal_precision WHERE name = ?', [String(application)]);
      return row ? row.digits : 2;
    }
  },
};
