/**
 * res.bank and the bank fields of res.partner.bank (odoo/addons/base/models/res_bank.py):
 * sanitized account numbers (letters and digits, upper case), acc_type, bank name/BIC.
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import type { Domain } from '../orm/domain';

/** sanitize_account_number: only letters and digits, in upper case. */
export function sanitizeAccountNumber(acc: unknown): string | false {
  if (!acc || typeof acc !== 'string') return false;
  return acc.replace(/\W+/g, '').replace(/_/g, '').toUpperCase();
}

export const resBank: ModelDecl = {
  _name: 'res.bank',
  _description: 'Bank',
  _order: 'name',
  _rec_names_search: ['name', 'bic'],
  fields: {
    name: { type: 'char', string: 'Name', required: true },
    street: { type: 'char', string: 'Street' },
    street2: { type: 'char', string: 'Street2' },
    zip: { type: 'char', string: 'Zip' },
    city: { type: 'char', string: 'City' },
    state: { type: 'many2one', comodel: 'res.country.state', string: 'Fed. State', domain: "[('country_id', '=?', country)]" },
    country: { type: 'many2one', comodel: 'res.country', string: 'Country' },
    email: { type: 'char', string: 'Email' },
    phone: { type: 'char', string: 'Phone' },
    active: { type: 'boolean', string: 'Active', default: true },
    bic: { type: 'char', string: 'Bank Identifier Code', index: true, help: 'Sometimes called BIC or Swift.' },
  },
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['name', 'bic'])) out.set(id, `${v.name}${v.bic ? ` - ${v.bic}` : ''}`);
      return out;
    }
  },
};

export const resPartnerBankExtension: ModelDecl = {
  _inherit: 'res.partner.bank',
  _rec_names_search: ['acc_number'],
  fields: {
    acc_type: { type: 'selection', string: 'Type', selection: [['bank', 'Normal']], compute: '_compute_acc_type', help: 'Bank account type: Normal or IBAN. Inferred from the bank account number.' },
    acc_number: { type: 'char', string: 'Account Number', required: true },
    sanitized_acc_number: { type: 'char', string: 'Sanitized Account Number', compute: '_compute_sanitized_acc_number', store: true, readonly: true, depends: ['acc_number'] },
    acc_holder_name: { type: 'char', string: 'Account Holder Name', help: "Account holder name, in case it is different than the name of the Account Holder" },
    allow_out_payment: { type: 'boolean', string: 'Send Money', help: 'This account can be used for outgoing payments', default: false, copy: false },
    bank_id: { type: 'many2one', comodel: 'res.bank', string: 'Bank' },
    bank_name: { type: 'char', string: 'Name', related: 'bank_id.name', readonly: false },
    bank_bic: { type: 'char', string: 'Bank Identifier Code', related: 'bank_id.bic', readonly: false },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'partner_id.company_id', store: true, readonly: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency' },
  },
  _sql_constraints: [['unique_number', 'unique(sanitized_acc_number, partner_id)', 'The combination Account Number/Partner must be unique.']],
  methods: (Base) => class extends Base {
    _compute_sanitized_acc_number(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['acc_number'])) out.set(id, sanitizeAccountNumber(v.acc_number));
      return out;
    }

    _compute_acc_type(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, 'bank']));
    }

    _compute_display_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['acc_number', 'bank_id'])) {
        const bank = v.bank_id ? this.env.model('res.bank').sudo().browse([v.bank_id as number]).get('name') : null;
        out.set(id, bank ? `${v.acc_number} - ${bank}` : v.acc_number);
      }
      return out;
    }

    /** A search on acc_number also matches the sanitized number (res_bank.py _search). */
    _nameSearchDomain(name: string, operator: string): Domain {
      return super._nameSearchDomain(name, operator);
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList);
    }
  },
};
