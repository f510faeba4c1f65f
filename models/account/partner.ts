/**
 * What account adds to partners, companies and products (account/models/partner.py, company.py,
 * product.py). Odoo keeps the company-dependent properties (receivable/payable accounts,
 * payment terms, product accounts) in ir.property; here each is a column of its record, with the
 * company's chart-of-accounts default when unset — the same values in a single-company database.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { currencyOf } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import { chartDefaultAccount } from './chart_template';

const BILLING = 'account.group_account_invoice,account.group_account_readonly';

export const resPartnerAccount: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    credit: { type: 'monetary', string: 'Total Receivable', compute: '_credit_debit_get', search: '_credit_search', help: 'Total amount this customer owes you.', groups: BILLING, currency_field: 'currency_id' },
    debit: { type: 'monetary', string: 'Total Payable', compute: '_credit_debit_get', search: '_debit_search', help: 'Total amount you have to pay to this vendor.', groups: BILLING, currency_field: 'currency_id' },
    credit_limit: { type: 'float', string: 'Credit Limit', help: 'Credit limit specific to this partner.', groups: BILLING, company_dependent: true },
    use_partner_credit_limit: { type: 'boolean', string: 'Partner Limit', groups: BILLING },
    debit_limit: { type: 'monetary', string: 'Payable Limit', currency_field: 'currency_id' },
    total_invoiced: { type: 'monetary', string: 'Total Invoiced', compute: '_invoice_total', groups: BILLING, currency_field: 'currency_id' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', compute: '_get_company_currency', readonly: true, help: 'Utility field to express amount currency' },
    journal_item_count: { type: 'integer', string: 'Journal Items', compute: '_compute_journal_item_count' },
    property_account_payable_id: { type: 'many2one', comodel: 'account.account', string: 'Account Payable', company_dependent: true, domain: "[('account_type', '=', 'liability_payable'), ('deprecated', '=', False)]", help: 'This account will be used instead of the default one as the payable account for the current partner' },
    property_account_receivable_id: { type: 'many2one', comodel: 'account.account', string: 'Account Receivable', company_dependent: true, domain: "[('account_type', '=', 'asset_receivable'), ('deprecated', '=', False)]", help: 'This account will be used instead of the default one as the receivable account for the current partner' },
    property_account_position_id: { type: 'many2one', comodel: 'account.fiscal.position', string: 'Fiscal Position', company_dependent: true, help: 'The fiscal position determines the taxes/accounts used for this contact.' },
    property_payment_term_id: { type: 'many2one', comodel: 'account.payment.term', string: 'Customer Payment Terms', company_dependent: true, help: 'This payment term will be used instead of the default one for sales orders and customer invoices' },
    property_supplier_payment_term_id: { type: 'many2one', comodel: 'account.payment.term', string: 'Vendor Payment Terms', company_dependent: true, help: 'This payment term will be used instead of the default one for purchase orders and vendor bills' },
    invoice_ids: { type: 'one2many', comodel: 'account.move', inverse_name: 'partner_id', string: 'Invoices', readonly: true, copy: false },
    trust: { type: 'selection', string: 'Degree of trust you have in this debtor', selection: [['good', 'Good Debtor'], ['normal', 'Normal Debtor'], ['bad', 'Bad Debtor']], default: 'normal', company_dependent: true },
    invoice_warn: { type: 'selection', string: 'Invoice', default: 'no-message', selection: [['no-message', 'No Message'], ['warning', 'Warning'], ['block', 'Blocking Message']], help: 'Selecting the "Warning" option will notify user with the message, Selecting "Blocking Message" will throw an exception with the message and block the flow. The Message has to be written in the next field.' },
    invoice_warn_msg: { type: 'text', string: 'Message for Invoice' },
    supplier_rank: { type: 'integer', default: 0, copy: false },
    customer_rank: { type: 'integer', default: 0, copy: false },
    bank_account_count: { type: 'integer', string: 'Bank', compute: '_compute_bank_count' },
  },
  methods: (Base) => class extends Base {
    /** Company-dependent properties read as the company default when the partner has none (ir.property defaults). */
    _values(fnames: string[]): Map<number, Record<string, unknown>> {
      const out = super._values(fnames);
      const props = fnames.filter((f) => f === 'property_account_receivable_id' || f === 'property_account_payable_id');
      if (props.length) {
        for (const row of out.values()) {
          for (const f of props) {
            if (!row[f]) row[f] = chartDefaultAccount(this.env, this.env.companyInfo().companyId || 1, f);
          }
        }
      }
      return out;
    }
    fields_get(allfields: unknown = null, attributes: unknown = null): Record<string, Vals> {
      const res = super.fields_get(allfields, attributes);
      // ir.property fields are required in the form though optional in the table
      for (const f of ['property_account_payable_id', 'property_account_receivable_id']) {
        if (res[f] && 'required' in res[f]) res[f].required = true;
      }
      return res;
    }
    _get_company_currency(): Map<number, unknown> {
      const company = this.env.companyInfo().companyId;
      const cur = company ? companyCurrencyOf(this.env, company) ?? false : false;
      return new Map(this.ids.map((id) => [id, cur]));
    }
    /** credit/debit: open receivable (payable) of posted items of the partner and its children. */
    _credit_debit_get(field: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const type = field.name === 'credit' ? 'asset_receivable' : 'liability_payable';
      for (const id of this.ids) {
        const row = this.env.cr.get<{ s: number | null }>(
          `SELECT SUM(l.amount_residual) AS s FROM account_move_line l JOIN account_account a ON a.id = l.account_id JOIN res_partner p ON p.id = l.partner_id
            WHERE a.account_type = ? AND l.parent_state = 'posted' AND NOT COALESCE(l.reconciled, 0) AND (p.id = ? OR p.commercial_partner_id = ?)`, [type, id, id]);
        const s = row?.s ?? 0;
        out.set(id, field.name === 'credit' ? s : -s);
      }
      return out;
    }
    _credit_search(operator: string, value: unknown): unknown[] { return this._amountSearch('asset_receivable', operator, value, 1); }
    _debit_search(operator: string, value: unknown): unknown[] { return this._amountSearch('liability_payable', operator, value, -1); }
    _amountSearch(type: string, operator: string, value: unknown, sign: number): unknown[] {
      if (!['<', '=', '>', '>=', '<='].includes(operator) || typeof value !== 'number') return [['id', '=', 0]];
      const op = operator === '=' ? '=' : operator;
      const ids = this.env.cr.raw(`SELECT l.partner_id FROM account_move_line l JOIN account_account a ON a.id = l.account_id
          WHERE a.account_type = ? AND l.parent_state = 'posted' AND NOT COALESCE(l.reconciled, 0) AND l.partner_id IS NOT NULL
          GROUP BY l.partner_id HAVING ? * SUM(l.amount_residual) ${op} ?`, [type, sign, value]).map((r) => r[0] as number);
      return [['id', 'in', ids]];
    }
    _invoice_total(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const row = this.env.cr.get<{ s: number | null }>(
          `SELECT SUM(m.amount_untaxed_signed) AS s FROM account_move m JOIN res_partner p ON p.id = m.partner_id
            WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund') AND (p.id = ? OR p.commercial_partner_id = ?)`, [id, id]);
        out.set(id, row?.s ?? 0);
      }
      return out;
    }
    _compute_journal_item_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM account_move_line WHERE partner_id = ?', [id])?.n ?? 0]));
    }
    _compute_bank_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM res_partner_bank WHERE partner_id = ?', [id])?.n ?? 0]));
    }
  },
};

export const resCompanyAccount: ModelDecl = {
  _inherit: 'res.company',
  fields: {
    // the Send & Print wizard's checkboxes, checked by default (company.py)
    invoice_is_email: { type: 'boolean', string: 'Email by default', default: true },
    invoice_is_download: { type: 'boolean', string: 'Download by default', default: true },
    fiscalyear_last_day: { type: 'integer', default: 31, required: true },
    fiscalyear_last_month: {
      type: 'selection', default: '12', required: true,
      selection: [['1', 'January'], ['2', 'February'], ['3', 'March'], ['4', 'April'], ['5', 'May'], ['6', 'June'], ['7', 'July'], ['8', 'August'], ['9', 'September'], ['10', 'October'], ['11', 'November'], ['12', 'December']],
    },
    period_lock_date: { type: 'date', string: 'Journals Entries Lock Date' },
    fiscalyear_lock_date: { type: 'date', string: 'Lock Date for All Users' },
    tax_lock_date: { type: 'date', string: 'Tax Return Lock Date' },
    transfer_account_id: { type: 'many2one', comodel: 'account.account', string: 'Inter-Banks Transfer Account' },
    expects_chart_of_accounts: { type: 'boolean', string: 'Expects a Chart of Accounts', default: true },
    chart_template: { type: 'selection', string: 'Chart Template', selection: [['generic_coa', 'United States of America (Generic)']] },
    bank_account_code_prefix: { type: 'char', string: 'Prefix of the bank accounts' },
    cash_account_code_prefix: { type: 'char', string: 'Prefix of the cash accounts' },
    default_cash_difference_income_account_id: { type: 'many2one', comodel: 'account.account', string: 'Cash Difference Income' },
    default_cash_difference_expense_account_id: { type: 'many2one', comodel: 'account.account', string: 'Cash Difference Expense' },
    account_journal_suspense_account_id: { type: 'many2one', comodel: 'account.account', string: 'Journal Suspense Account' },
    account_journal_payment_debit_account_id: { type: 'many2one', comodel: 'account.account', string: 'Journal Outstanding Receipts' },
    account_journal_payment_credit_account_id: { type: 'many2one', comodel: 'account.account', string: 'Journal Outstanding Payments' },
    account_journal_early_pay_discount_gain_account_id: { type: 'many2one', comodel: 'account.account', string: 'Cash Discount Write-Off Gain Account' },
    account_journal_early_pay_discount_loss_account_id: { type: 'many2one', comodel: 'account.account', string: 'Cash Discount Write-Off Loss Account' },
    transfer_account_code_prefix: { type: 'char', string: 'Prefix of the transfer accounts' },
    account_sale_tax_id: { type: 'many2one', comodel: 'account.tax', string: 'Default Sale Tax' },
    account_purchase_tax_id: { type: 'many2one', comodel: 'account.tax', string: 'Default Purchase Tax' },
    tax_calculation_rounding_method: {
      type: 'selection', string: 'Tax Calculation Rounding Method', default: 'round_per_line',
      selection: [['round_per_line', 'Round per Line'], ['round_globally', 'Round Globally']],
    },
    currency_exchange_journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Exchange Gain or Loss Journal', domain: [['type', '=', 'general']] },
    income_currency_exchange_account_id: { type: 'many2one', comodel: 'account.account', string: 'Gain Exchange Rate Account' },
    expense_currency_exchange_account_id: { type: 'many2one', comodel: 'account.account', string: 'Loss Exchange Rate Account' },
    anglo_saxon_accounting: { type: 'boolean', string: 'Use anglo-saxon accounting' },
    account_default_pos_receivable_account_id: { type: 'many2one', comodel: 'account.account', string: 'Default PoS Receivable Account' },
    tax_exigibility: { type: 'boolean', string: 'Use Cash Basis' },
    tax_cash_basis_journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Cash Basis Journal' },
    account_opening_date: { type: 'date', string: 'Opening Entry', default: (m: BaseModel) => `${new Date(m.env.cr.clock.now()).getUTCFullYear()}-01-01`, required: true },
    account_fiscal_country_id: { type: 'many2one', comodel: 'res.country', string: 'Fiscal Country' },
    invoice_terms: { type: 'html', string: 'Default Terms and Conditions', translate: true },
    terms_type: { type: 'selection', string: 'Terms & Conditions format', default: 'plain', selection: [['plain', 'Add a Note'], ['html', 'Add a link to a Web Page']] },
    quick_edit_mode: { type: 'selection', string: 'Quick encoding', selection: [['out_invoices', 'Customer Invoices'], ['in_invoices', 'Vendor Bills'], ['out_and_in_invoices', 'Customer Invoices and Vendor Bills']] },
    account_storno: { type: 'boolean', string: 'Storno accounting' },
    display_invoice_amount_total_words: { type: 'boolean', string: 'Total amount of invoice in letters' },
    account_use_credit_limit: { type: 'boolean', string: 'Sales Credit Limit' },
  },
};

export const productTemplateAccount: ModelDecl = {
  _inherit: 'product.template',
  fields: {
    taxes_id: { type: 'many2many', comodel: 'account.tax', relation: 'product_taxes_rel', column1: 'prod_id', column2: 'tax_id', string: 'Customer Taxes', help: 'Default taxes used when selling the product.', domain: [['type_tax_use', '=', 'sale']], default: (m: BaseModel) => companyTaxes(m, 'account_sale_tax_id') },
    supplier_taxes_id: { type: 'many2many', comodel: 'account.tax', relation: 'product_supplier_taxes_rel', column1: 'prod_id', column2: 'tax_id', string: 'Vendor Taxes', help: 'Default taxes used when buying the product.', domain: [['type_tax_use', '=', 'purchase']], default: (m: BaseModel) => companyTaxes(m, 'account_purchase_tax_id') },
    property_account_income_id: { type: 'many2one', comodel: 'account.account', string: 'Income Account', company_dependent: true, help: 'Keep this field empty to use the default value from the product category.' },
    property_account_expense_id: { type: 'many2one', comodel: 'account.account', string: 'Expense Account', company_dependent: true, help: 'Keep this field empty to use the default value from the product category. If anglo-saxon accounting with automated valuation method is configured, the expense account on the product category will be used.' },
    account_tag_ids: { type: 'many2many', comodel: 'account.account.tag', string: 'Account Tags', help: 'Tags to be set on the base and tax journal items created for this product.' },
  },
};

export const productProductAccount: ModelDecl = {
  _inherit: 'product.product',
  methods: (Base) => class extends Base {
    /** _get_product_accounts: the product's income/expense account, else its category's, else the chart's. */
    _productAccounts(companyId: number): { income: number | false; expense: number | false } {
      // asked for every invoice line of a product: kept across calls while the product, category
      // and property tables are unchanged (the company-dependent values follow the environment's company)
      return this.env.crossCall(`account.product_accounts:${this.ids[0]}:${companyId}:${this.env.companyInfo().companyId}`, () => this._readProductAccounts(companyId));
    }

    _readProductAccounts(companyId: number): { income: number | false; expense: number | false } {
      const v = this.sudo()._values(['property_account_income_id', 'property_account_expense_id', 'categ_id']).get(this.ids[0]);
      if (!v) return { income: false, expense: false };
      const categ = v.categ_id ? this.env.model('product.category').sudo().browse([v.categ_id as number])._values(['property_account_income_categ_id', 'property_account_expense_categ_id']).get(v.categ_id as number) : undefined;
      return {
        income: (v.property_account_income_id as number) || (categ?.property_account_income_categ_id as number) || chartDefaultAccount(this.env, companyId, 'property_account_income_categ_id'),
        expense: (v.property_account_expense_id as number) || (categ?.property_account_expense_categ_id as number) || chartDefaultAccount(this.env, companyId, 'property_account_expense_categ_id'),
      };
    }
  },
};

export const productCategoryAccount: ModelDecl = {
  _inherit: 'product.category',
  fields: {
    property_account_income_categ_id: { type: 'many2one', comodel: 'account.account', string: 'Income Account', company_dependent: true, help: 'This account will be used when validating a customer invoice.' },
    property_account_expense_categ_id: { type: 'many2one', comodel: 'account.account', string: 'Expense Account', company_dependent: true, help: 'The expense is accounted for when a vendor bill is validated, except in anglo-saxon accounting with perpetual inventory valuation in which case the expense (Cost of Goods Sold account) is recognized at the customer invoice validation.' },
  },
  methods: (Base) => class extends Base {
    _values(fnames: string[]): Map<number, Record<string, unknown>> {
      const out = super._values(fnames);
      const props = fnames.filter((f) => f === 'property_account_income_categ_id' || f === 'property_account_expense_categ_id');
      if (props.length) for (const row of out.values()) for (const f of props) if (!row[f]) row[f] = chartDefaultAccount(this.env, this.env.companyInfo().companyId || 1, f);
      return out;
    }
  },
};

/** The company's default sale/purchase tax, the default taxes of new products. */
function companyTaxes(m: BaseModel, field: string): number[] {
  const company = m.env.companyInfo().companyId;
  if (!company) return [];
  const row = m.env.cr.get<Record<string, number | null>>(`SELECT ${field} AS t FROM res_company WHERE id = ?`, [company]);
  return row?.t ? [row.t] : [];
}

export { currencyOf };
export type { AnyModel };
