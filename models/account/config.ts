/**
 * The accounting configuration models (account.md §1.3–§1.6): chart of accounts, journals,
 * taxes with their groups and repartition lines, payment terms, payment methods, fiscal
 * positions and incoterms. Fields and labels as Odoo 17's fields_get; behaviour kept to what
 * invoices and payments use.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { computeAll, engineCompany, forgetTaxes, loadTaxes } from './tax_engine';
import { currencyOf } from './tools';
import { companyCurrencyOf } from '../tools/currency';
import { PyFloat } from '../orm/values';
import { addDays, addMonths, endOfMonth, today } from './tools';

export const ACCOUNT_TYPES: Array<[string, string]> = [
  ['asset_receivable', 'Receivable'], ['asset_cash', 'Bank and Cash'], ['asset_current', 'Current Assets'],
  ['asset_non_current', 'Non-current Assets'], ['asset_prepayments', 'Prepayments'], ['asset_fixed', 'Fixed Assets'],
  ['liability_payable', 'Payable'], ['liability_credit_card', 'Credit Card'], ['liability_current', 'Current Liabilities'],
  ['liability_non_current', 'Non-current Liabilities'], ['equity', 'Equity'], ['equity_unaffected', 'Current Year Earnings'],
  ['income', 'Income'], ['income_other', 'Other Income'], ['expense', 'Expenses'], ['expense_depreciation', 'Depreciation'],
  ['expense_direct_cost', 'Cost of Revenue'], ['off_balance', 'Off-Balance Sheet'],
];

/** The company of the current user, as `default=lambda self: self.env.company`. */
export const currentCompany = (m: BaseModel): number | false => m.env.companyInfo().companyId;

export const accountAccount: ModelDecl = {
  _name: 'account.account',
  _inherit: ['mail.thread'],
  _description: 'Account',
  _order: 'code, company_id',
  _rec_names_search: ['name', 'code'],
  fields: {
    name: { type: 'char', string: 'Account Name', required: true, index: 'trigram', translate: true , tracking: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Account Currency', help: 'Forces all journal items in this account to have a specific currency (i.e. bank journals). If no currency is set, entries can use any currency.' , tracking: true },
    company_currency_id: { type: 'many2one', comodel: 'res.currency', related: 'company_id.currency_id', string: 'Currency' },
    code: { type: 'char', string: 'Code', size: 64, required: true, index: true , tracking: true },
    deprecated: { type: 'boolean', string: 'Deprecated', default: false , tracking: true },
    used: { type: 'boolean', string: 'Used', compute: '_compute_used' },
    account_type: { type: 'selection', string: 'Type', selection: ACCOUNT_TYPES, required: true, index: true, tracking: true },
    include_initial_balance: { type: 'boolean', string: 'Bring Accounts Balance Forward', readonly: true, compute: '_compute_include_initial_balance', store: true, depends: ['account_type'] },
    internal_group: {
      type: 'selection', string: 'Internal Group', readonly: true, compute: '_compute_internal_group', store: true, depends: ['account_type'],
      selection: [['equity', 'Equity'], ['asset', 'Asset'], ['liability', 'Liability'], ['income', 'Income'], ['expense', 'Expense'], ['off_balance', 'Off Balance']],
    },
    reconcile: { type: 'boolean', string: 'Allow Reconciliation', default: false, help: 'Check this box if this account allows invoices & payments matching of journal items.' , tracking: true },
    tax_ids: { type: 'many2many', comodel: 'account.tax', relation: 'account_account_tax_default_rel', column1: 'account_id', column2: 'tax_id', string: 'Default Taxes' },
    note: { type: 'text', string: 'Internal Notes' , tracking: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, default: currentCompany },
    tag_ids: { type: 'many2many', comodel: 'account.account.tag', relation: 'account_account_account_tag', column1: 'account_account_id', column2: 'account_account_tag_id', string: 'Tags' , tracking: true },
    group_id: { type: 'many2one', comodel: 'account.group', string: 'Group', readonly: true },
    non_trade: { type: 'boolean', string: 'Non Trade', default: false },
  },
  _sql_constraints: [['code_company_uniq', 'unique (code,company_id)', 'The code of the account must be unique per company !']],
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['code', 'name']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)?.code} ${vals.get(id)?.name}`]));
    }
    _compute_internal_group(): Map<number, unknown> {
      const vals = this._values(['account_type']);
      return new Map(this.ids.map((id) => {
        const t = String(vals.get(id)?.account_type || '');
        return [id, t === 'off_balance' ? 'off_balance' : t ? t.split('_')[0] : false];
      }));
    }
    _compute_include_initial_balance(): Map<number, unknown> {
      const vals = this._values(['account_type']);
      return new Map(this.ids.map((id) => [id, !['income', 'income_other', 'expense', 'expense_depreciation', 'expense_direct_cost', 'off_balance'].includes(String(vals.get(id)?.account_type))]));
    }
    _compute_used(): Map<number, unknown> {
      const used = new Set(this.ids.length ? this.env.cr.raw(`SELECT DISTINCT account_id FROM account_move_line WHERE account_id IN (${this.ids.map(() => '?').join(',')})`, this.ids).map((r) => r[0]) : []);
      return new Map(this.ids.map((id) => [id, used.has(id)]));
    }
    _create(valsList: Vals[]): this {
      // receivable/payable and cash accounts are reconcilable by nature (account_account.py _compute_reconcile)
      return super._create(valsList.map((v) => (v.reconcile === undefined && ['asset_receivable', 'liability_payable'].includes(String(v.account_type)) ? { ...v, reconcile: true } : v)));
    }
  },
};

export const accountAccountTag: ModelDecl = {
  _name: 'account.account.tag',
  _description: 'Account Tag',
  fields: {
    name: { type: 'char', string: 'Tag Name', required: true, translate: true },
    applicability: { type: 'selection', string: 'Applicability', required: true, default: 'accounts', selection: [['accounts', 'Accounts'], ['taxes', 'Taxes'], ['products', 'Products']] },
    color: { type: 'integer', string: 'Color Index' },
    active: { type: 'boolean', string: 'Active', default: true },
    tax_negate: { type: 'boolean', string: 'Negate Tax Balance' },
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country' },
  },
};

export const accountGroup: ModelDecl = {
  _name: 'account.group',
  _description: 'Account Group',
  _order: 'code_prefix_start',
  fields: {
    parent_id: { type: 'many2one', comodel: 'account.group', string: 'Parent', index: true, ondelete: 'cascade', readonly: true },
    name: { type: 'char', required: true, translate: true },
    code_prefix_start: { type: 'char', string: 'Code Prefix Start' },
    code_prefix_end: { type: 'char', string: 'Code Prefix End' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, readonly: true, default: currentCompany },
  },
};

const JOURNAL_TYPES: Array<[string, string]> = [['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'], ['bank', 'Bank'], ['general', 'Miscellaneous']];

export const accountJournal: ModelDecl = {
  _name: 'account.journal',
  _description: 'Journal',
  _order: 'sequence, type, code',
  _inherit: ['portal.mixin', 'mail.alias.mixin.optional', 'mail.thread', 'mail.activity.mixin'],
  fields: {
    name: { type: 'char', string: 'Journal Name', required: true, translate: true },
    code: { type: 'char', string: 'Short Code', size: 5, required: true, help: 'Shorter name used for display. The journal entries of this journal will also be named using this prefix by default.' },
    active: { type: 'boolean', default: true, help: 'Set active to false to hide the Journal without removing it.' },
    type: { type: 'selection', string: 'Type', selection: JOURNAL_TYPES, required: true },
    default_account_type: { type: 'char', string: 'Default Account Type', compute: '_compute_default_account_type' },
    default_account_id: { type: 'many2one', comodel: 'account.account', string: 'Default Account', ondelete: 'restrict', check_company: true },
    suspense_account_id: { type: 'many2one', comodel: 'account.account', string: 'Suspense Account', ondelete: 'restrict', check_company: true },
    restrict_mode_hash_table: { type: 'boolean', string: 'Lock Posted Entries with Hash' },
    sequence: { type: 'integer', string: 'Sequence', default: 10, help: 'Used to order Journals in the dashboard view' },
    invoice_reference_type: { type: 'selection', string: 'Communication Type', required: true, default: 'invoice', selection: [['none', 'Open'], ['partner', 'Based on Customer'], ['invoice', 'Based on Invoice']] },
    invoice_reference_model: { type: 'selection', string: 'Communication Standard', required: true, default: 'odoo', selection: [['odoo', 'Odoo'], ['euro', 'European']] },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', help: 'The currency used to enter statement' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, readonly: true, index: true, default: currentCompany },
    country_code: { type: 'char', related: 'company_id.account_fiscal_country_id.code', string: 'Country Code' },
    refund_sequence: { type: 'boolean', string: 'Dedicated Credit Note Sequence', compute: '_compute_refund_sequence', store: true, readonly: false, depends: ['type'] },
    payment_sequence: { type: 'boolean', string: 'Dedicated Payment Sequence', compute: '_compute_payment_sequence', store: true, readonly: false, depends: ['type'] },
    sequence_override_regex: { type: 'text', string: 'Sequence Override Regex' },
    inbound_payment_method_line_ids: { type: 'one2many', comodel: 'account.payment.method.line', inverse_name: 'journal_id', string: 'Inbound Payment Methods', domain: [['payment_type', '=', 'inbound']] },
    outbound_payment_method_line_ids: { type: 'one2many', comodel: 'account.payment.method.line', inverse_name: 'journal_id', string: 'Outbound Payment Methods', domain: [['payment_type', '=', 'outbound']] },
    profit_account_id: { type: 'many2one', comodel: 'account.account', string: 'Profit Account' },
    loss_account_id: { type: 'many2one', comodel: 'account.account', string: 'Loss Account' },
    bank_account_id: { type: 'many2one', comodel: 'res.partner.bank', string: 'Bank Account', ondelete: 'restrict' },
    show_on_dashboard: { type: 'boolean', string: 'Show journal on dashboard', default: true },
    color: { type: 'integer', string: 'Color Index', default: 0 },
  },
  _sql_constraints: [['code_company_uniq', 'unique (company_id, code)', 'Journal codes must be unique per company.']],
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'currency_id', 'company_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let name = String(v.name);
        if (v.currency_id) {
          const companyCurrency = companyCurrencyOf(this.env, v.company_id as number);
          if (companyCurrency !== v.currency_id) name += ` (${this.env.model('res.currency').browse([v.currency_id as number]).sudo().get('name')})`;
        }
        return [id, name];
      }));
    }
    _compute_default_account_type(): Map<number, unknown> {
      const map: Record<string, string> = { bank: 'asset_cash', cash: 'asset_cash', sale: 'income', purchase: 'expense' };
      const vals = this._values(['type']);
      return new Map(this.ids.map((id) => [id, map[String(vals.get(id)?.type)] ?? false]));
    }
    _compute_refund_sequence(): Map<number, unknown> {
      const vals = this._values(['type']);
      return new Map(this.ids.map((id) => [id, ['sale', 'purchase'].includes(String(vals.get(id)?.type))]));
    }
    _compute_payment_sequence(): Map<number, unknown> {
      const vals = this._values(['type']);
      return new Map(this.ids.map((id) => [id, ['bank', 'cash'].includes(String(vals.get(id)?.type))]));
    }
  },
};

export const accountTaxGroup: ModelDecl = {
  _name: 'account.tax.group',
  _description: 'Tax Group',
  _order: 'sequence asc, id',
  fields: {
    name: { type: 'char', required: true, translate: true },
    sequence: { type: 'integer', default: 10 },
    company_id: { type: 'many2one', comodel: 'res.company', required: true, default: currentCompany },
    tax_payable_account_id: { type: 'many2one', comodel: 'account.account', string: 'Tax Payable Account' },
    tax_receivable_account_id: { type: 'many2one', comodel: 'account.account', string: 'Tax Receivable Account' },
    advance_tax_payment_account_id: { type: 'many2one', comodel: 'account.account', string: 'Tax Advance Account' },
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country' },
    country_code: { type: 'char', related: 'country_id.code' },
    preceding_subtotal: { type: 'char', string: 'Preceding Subtotal', help: "If set, this value will be used on documents as the label of a subtotal excluding this tax group before displaying it. If not set, the tax group will be displayed after the 'Untaxed amount' subtotal." },
  },
};

export const accountTax: ModelDecl = {
  _name: 'account.tax',
  _inherit: ['mail.thread'],
  _description: 'Tax',
  _order: 'sequence,id',
  fields: {
    name: { type: 'char', string: 'Tax Name', required: true, translate: true , tracking: true },
    type_tax_use: { type: 'selection', string: 'Tax Type', selection: [['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], required: true, default: 'sale' , tracking: true },
    tax_scope: { type: 'selection', string: 'Tax Scope', selection: [['service', 'Services'], ['consu', 'Goods']] },
    amount_type: {
      type: 'selection', string: 'Tax Computation', required: true, default: 'percent', tracking: true,
      selection: [['group', 'Group of Taxes'], ['fixed', 'Fixed'], ['percent', 'Percentage of Price'], ['division', 'Percentage of Price Tax Included']],
    },
    active: { type: 'boolean', default: true, help: 'Set active to false to hide the tax without removing it.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, readonly: true, default: currentCompany },
    children_tax_ids: { type: 'many2many', comodel: 'account.tax', relation: 'account_tax_filiation_rel', column1: 'parent_tax', column2: 'child_tax', string: 'Children Taxes', check_company: true },
    sequence: { type: 'integer', required: true, default: 1, help: 'The sequence field is used to define order in which the tax lines are applied.' },
    amount: { type: 'float', required: true, digits: [16, 4], default: 0.0, tracking: true },
    description: { type: 'char', string: 'Description', translate: true },
    invoice_label: { type: 'char', string: 'Label on Invoices', translate: true },
    price_include: { type: 'boolean', string: 'Included in Price', default: false , tracking: true },
    include_base_amount: { type: 'boolean', string: 'Affect Base of Subsequent Taxes', default: false , tracking: true },
    is_base_affected: { type: 'boolean', string: 'Base Affected by Previous Taxes', default: true , tracking: true },
    analytic: { type: 'boolean', string: 'Include in Analytic Cost' },
    tax_group_id: { type: 'many2one', comodel: 'account.tax.group', string: 'Tax Group', required: true, default: (m: BaseModel) => defaultTaxGroup(m) },
    tax_exigibility: { type: 'selection', string: 'Tax Exigibility', default: 'on_invoice', selection: [['on_invoice', 'Based on Invoice'], ['on_payment', 'Based on Payment']] },
    cash_basis_transition_account_id: { type: 'many2one', comodel: 'account.account', string: 'Cash Basis Transition Account' },
    repartition_line_ids: { type: 'one2many', comodel: 'account.tax.repartition.line', inverse_name: 'tax_id', string: 'Distribution', copy: true },
    invoice_repartition_line_ids: { type: 'one2many', comodel: 'account.tax.repartition.line', inverse_name: 'tax_id', string: 'Distribution for Invoices', domain: [['document_type', '=', 'invoice']] },
    refund_repartition_line_ids: { type: 'one2many', comodel: 'account.tax.repartition.line', inverse_name: 'tax_id', string: 'Distribution for Refund Invoices', domain: [['document_type', '=', 'refund']] },
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country', required: true, default: (m: BaseModel) => companyFiscalCountry(m) },
    country_code: { type: 'char', related: 'country_id.code', string: 'Country Code' },
    is_used: { type: 'boolean', string: 'Tax used', compute: '_compute_is_used' },
  },
  constrains: { _constrains_name: ['name', 'type_tax_use', 'tax_scope', 'country_id', 'company_id'], _check_children_scope: ['children_tax_ids', 'type_tax_use'] },
  rpc: {
    compute_all: { api: 'multi', params: ['price_unit', { name: 'currency', default: null }, { name: 'quantity', default: 1.0 }, { name: 'product', default: null }, { name: 'partner', default: null }, { name: 'is_refund', default: false }, { name: 'handle_price_include', default: true }, { name: 'include_caba_tags', default: false }, { name: 'fixed_multiplicator', default: 1 }] },
  },
  methods: (Base) => class extends Base {
    _create(valsList: Vals[]): this {
      // taxes get one base and one tax repartition line per document type by default (_sanitize_vals)
      const prepared = valsList.map((v) => {
        if (v.repartition_line_ids || v.invoice_repartition_line_ids || v.refund_repartition_line_ids) return v;
        const line = (doc: string, type: string) => [0, 0, { document_type: doc, repartition_type: type, factor_percent: 100 }];
        return { ...v, repartition_line_ids: [line('invoice', 'base'), line('invoice', 'tax'), line('refund', 'base'), line('refund', 'tax')] };
      });
      const recs = super._create(prepared);
      forgetTaxes(this.env);
      return recs;
    }
    _write(vals: Vals): void {
      super._write(vals);
      forgetTaxes(this.env);
    }
    _constrains_name(): void {
      for (const id of this.ids) {
        const v = this.browse([id])._values(['name', 'type_tax_use', 'tax_scope', 'country_id', 'company_id']).get(id)!;
        const dup = this.sudo().withContext({ active_test: false })._searchIds([
          ['id', '!=', id], ['name', '=', v.name], ['type_tax_use', '=', v.type_tax_use], ['tax_scope', '=', v.tax_scope],
          ['country_id', '=', v.country_id], ['company_id', '=', v.company_id],
        ], { limit: 1 });
        if (dup.length) {
          const company = this.env.model('res.company').sudo().browse([v.company_id as number]).get('name');
          throw new ValidationError(`Tax names must be unique!\n- ${v.name} in ${company}`);
        }
      }
    }
    _check_children_scope(): void {
      for (const id of this.ids) {
        const v = this.browse([id])._values(['children_tax_ids', 'type_tax_use', 'name']).get(id)!;
        const children = this.browse(v.children_tax_ids as number[]);
        const bad = [...children._values(['type_tax_use', 'amount_type']).values()].some((c) => c.amount_type === 'group' || !['none', v.type_tax_use].includes(c.type_tax_use as string));
        if (bad) throw new ValidationError(`The application scope of taxes in a group must be either the same as the group or left empty.`);
      }
    }
    _compute_is_used(): Map<number, unknown> {
      const used = new Set(this.ids.length ? this.env.cr.raw(`SELECT DISTINCT tax_line_id FROM account_move_line WHERE tax_line_id IN (${this.ids.map(() => '?').join(',')}) UNION SELECT DISTINCT account_tax_id FROM account_move_line_account_tax_rel WHERE account_tax_id IN (${this.ids.map(() => '?').join(',')})`, [...this.ids, ...this.ids]).map((r) => r[0]) : []);
      return new Map(this.ids.map((id) => [id, used.has(id)]));
    }
    /** compute_all over RPC: the engine on these taxes; `group` is the parent group tax (a recordset). */
    compute_all(priceUnit: unknown, currency: unknown = null, quantity: unknown = 1.0, _product: unknown = null, _partner: unknown = null, isRefund: unknown = false, handlePriceInclude: unknown = true, includeCabaTags: unknown = false, fixedMultiplicator: unknown = 1): Vals {
      const taxes = loadTaxes(this.env, this.ids);
      const companyId = taxes[0]?.company_id ?? (this.env.companyInfo().companyId || 1);
      const company = engineCompany(this.env, companyId);
      const cur = typeof currency === 'number' ? currencyOf(this.env, currency) : company.currency;
      const ctx = this.env.context;
      const res = computeAll(taxes, Number(priceUnit) || 0, cur, {
        quantity: Number(quantity), isRefund: !!isRefund, handlePriceInclude: handlePriceInclude !== false, includeCabaTags: !!includeCabaTags,
        fixedMultiplicator: Number(fixedMultiplicator), roundGlobally: company.roundGlobally,
        round: 'round' in ctx ? !!ctx.round : undefined, roundBase: 'round_base' in ctx ? !!ctx.round_base : undefined,
      });
      const f = (v: number) => new PyFloat(v);
      return {
        base_tags: res.base_tags,
        taxes: res.taxes.map((t) => ({ ...t, amount: f(t.amount), base: f(t.base), group: t.group ? this.browse([t.group.id]) : null })),
        total_excluded: f(res.total_excluded), total_included: f(res.total_included), total_void: f(res.total_void),
      };
    }
  },
};

function defaultTaxGroup(m: BaseModel): number | false {
  const company = m.env.companyInfo().companyId;
  const ids = m.env.model('account.tax.group').sudo()._searchIds([['company_id', '=', company]], { limit: 1, order: 'sequence asc, id' });
  if (ids.length) return ids[0];
  return false;
}

function companyFiscalCountry(m: BaseModel): number | false {
  const company = m.env.companyInfo().companyId;
  if (!company) return false;
  const row = m.env.cr.get<{ c: number | null; d: number | null }>(
    `SELECT c.account_fiscal_country_id AS c, p.country_id AS d FROM res_company c JOIN res_partner p ON p.id = c.partner_id WHERE c.id = ?`, [company]);
  return row?.c ?? row?.d ?? false;
}

export const accountTaxRepartitionLine: ModelDecl = {
  _name: 'account.tax.repartition.line',
  _description: 'Tax Repartition Line',
  _order: 'document_type, repartition_type, sequence, id',
  fields: {
    factor_percent: { type: 'float', string: '%', required: true, default: 100 },
    factor: { type: 'float', string: 'Factor Ratio', compute: '_compute_factor' },
    repartition_type: { type: 'selection', string: 'Based On', selection: [['base', 'Base'], ['tax', 'of tax']], required: true, default: 'tax' },
    document_type: { type: 'selection', string: 'Related to', selection: [['invoice', 'Invoice'], ['refund', 'Refund']], required: true },
    account_id: { type: 'many2one', comodel: 'account.account', string: 'Account', ondelete: 'restrict' },
    tag_ids: { type: 'many2many', comodel: 'account.account.tag', string: 'Tax Grids' },
    tax_id: { type: 'many2one', comodel: 'account.tax', ondelete: 'cascade', string: 'Tax' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'tax_id.company_id', store: true },
    sequence: { type: 'integer', string: 'Sequence', default: 1 },
    use_in_tax_closing: { type: 'boolean', string: 'Tax Closing Entry', compute: '_compute_use_in_tax_closing', store: true, readonly: false, depends: ['account_id', 'repartition_type'] },
  },
  methods: (Base) => class extends Base {
    _compute_factor(): Map<number, unknown> {
      const vals = this._values(['factor_percent']);
      return new Map(this.ids.map((id) => [id, (vals.get(id)?.factor_percent as number) / 100]));
    }
    _compute_use_in_tax_closing(): Map<number, unknown> {
      const vals = this._values(['account_id', 'repartition_type']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const v = vals.get(id)!;
        if (v.repartition_type !== 'tax' || !v.account_id) { out.set(id, false); continue; }
        const group = this.env.model('account.account').sudo().browse([v.account_id as number]).get('internal_group');
        out.set(id, !['income', 'expense'].includes(String(group)));
      }
      return out;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// payment terms
// ---------------------------------------------------------------------------------------------

export const accountPaymentTerm: ModelDecl = {
  _name: 'account.payment.term',
  _description: 'Payment Terms',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', string: 'Payment Terms', translate: true, required: true },
    active: { type: 'boolean', default: true, help: 'If the active field is set to False, it will allow you to hide the payment terms without removing it.' },
    note: { type: 'html', string: 'Description on the Invoice', translate: true },
    line_ids: { type: 'one2many', comodel: 'account.payment.term.line', inverse_name: 'payment_id', string: 'Terms', copy: true, default: [[0, 0, { value: 'percent', value_amount: 100.0, nb_days: 0 }]] },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company' },
    sequence: { type: 'integer', required: true, default: 10 },
    currency_id: { type: 'many2one', comodel: 'res.currency', compute: '_compute_currency_id' },
    display_on_invoice: { type: 'boolean', string: 'Show installment dates', default: true },
    discount_percentage: { type: 'float', string: 'Discount %', default: 2.0, help: 'Early Payment Discount granted for this payment term' },
    discount_days: { type: 'integer', string: 'Discount Days', default: 10, help: 'Number of days before the early payment proposition expires' },
    early_pay_discount_computation: {
      type: 'selection', string: 'Cash Discount Tax Reduction', store: true, readonly: false, compute: '_compute_discount_computation', depends: ['company_id'],
      selection: [['included', 'On early payment'], ['excluded', 'Never'], ['mixed', 'Always (upon invoice)']],
    },
    early_discount: { type: 'boolean', string: 'Early Discount' },
  },
  constrains: { _check_lines: ['line_ids', 'early_discount'] },
  methods: (Base) => class extends Base {
    _compute_currency_id(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => {
        const company = (vals.get(id)?.company_id as number) || this.env.companyInfo().companyId;
        return [id, company ? companyCurrencyOf(this.env, company) ?? false : false];
      }));
    }
    _compute_discount_computation(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => {
        const company = (vals.get(id)?.company_id as number) || this.env.companyInfo().companyId;
        const code = company ? this.env.cr.get<{ code: string | null }>('SELECT co.code FROM res_company c JOIN res_partner p ON p.id = c.partner_id LEFT JOIN res_country co ON co.id = p.country_id WHERE c.id = ?', [company])?.code : null;
        return [id, code === 'BE' ? 'mixed' : code === 'NL' ? 'excluded' : 'included'];
      }));
    }
    _check_lines(): void {
      for (const id of this.ids) {
        const term = this.browse([id]);
        const lines = [...term.rel('line_ids')._values(['value', 'value_amount']).values()];
        const percents = lines.filter((l) => l.value === 'percent');
        const total = percents.reduce((s, l) => s + (l.value_amount as number), 0);
        if (lines.length && (!percents.length || Math.abs(total - 100) > 1e-6)) {
          throw new ValidationError('The Payment Term must have at least one percent line and the sum of the percent must be 100%.');
        }
        const early = term._values(['early_discount', 'discount_percentage', 'discount_days']).get(id)!;
        if (early.early_discount) {
          if (lines.length > 1) throw new ValidationError('The Early Payment Discount functionality can only be used with payment terms using a single 100% line. ');
          if ((early.discount_percentage as number) <= 0) throw new ValidationError('The Early Payment Discount must be strictly positive.');
          if ((early.discount_days as number) <= 0) throw new ValidationError('The Early Payment Discount days must be strictly positive.');
        }
      }
    }
    _unlink(): void {
      if (this.ids.length && this.env.model('account.move').sudo()._searchIds([['invoice_payment_term_id', 'in', this.ids]], { limit: 1 }).length) {
        throw new UserError('You can not delete payment terms as other records still reference it. However, you can archive it.');
      }
      super._unlink();
    }
  },
};

export const DELAY_TYPES: Array<[string, string]> = [
  ['days_after', 'Days after invoice date'], ['days_after_end_of_month', 'Days after end of month'],
  ['days_after_end_of_next_month', 'Days after end of next month'],
];

export const accountPaymentTermLine: ModelDecl = {
  _name: 'account.payment.term.line',
  _description: 'Payment Terms Line',
  _order: 'id',
  fields: {
    value: { type: 'selection', string: 'Value', selection: [['percent', 'Percent'], ['fixed', 'Fixed']], required: true, default: 'percent', help: 'Select here the kind of valuation related to this payment terms line.' },
    value_amount: { type: 'float', string: 'Due', help: 'For percent enter a ratio between 0-100.' },
    delay_type: { type: 'selection', string: 'Delay Type', selection: DELAY_TYPES, required: true, default: 'days_after' },
    nb_days: { type: 'integer', string: 'Days' },
    payment_id: { type: 'many2one', comodel: 'account.payment.term', string: 'Payment Terms', required: true, index: true, ondelete: 'cascade' },
  },
  constrains: { _check_percent: ['value', 'value_amount'] },
  methods: (Base) => class extends Base {
    _check_percent(): void {
      for (const v of this._values(['value', 'value_amount']).values()) {
        if (v.value === 'percent' && ((v.value_amount as number) < 0 || (v.value_amount as number) > 100)) {
          throw new ValidationError('Percentages on the Payment Terms lines must be between 0 and 100.');
        }
      }
    }
  },
};

/** One term line as the due-date computation needs it. */
export interface TermLine { value: string; value_amount: number; delay_type: string; nb_days: number; days_next_month: string | false }

/** account.payment.term.line._get_due_date (with account_payment_term's "days end of month on the"). */
export function dueDate(line: TermLine, dateRef: string): string {
  switch (line.delay_type) {
    case 'days_after_end_of_month': return addDays(endOfMonth(dateRef), line.nb_days);
    case 'days_after_end_of_next_month': return addDays(endOfMonth(addMonths(dateRef, 1)), line.nb_days);
    case 'days_end_of_month_on_the': {
      const day = /^\d+$/.test(String(line.days_next_month || '')) ? parseInt(String(line.days_next_month), 10) : 1;
      const shifted = addDays(dateRef, line.nb_days);
      return day ? addMonths(shifted, 1, day) : endOfMonth(shifted);
    }
    default: return addDays(dateRef, line.nb_days);
  }
}

export { today };

// ---------------------------------------------------------------------------------------------
// payment methods
// ---------------------------------------------------------------------------------------------

export const accountPaymentMethod: ModelDecl = {
  _name: 'account.payment.method',
  _description: 'Payment Methods',
  fields: {
    name: { type: 'char', required: true, translate: true },
    code: { type: 'char', required: true },
    payment_type: { type: 'selection', selection: [['inbound', 'Inbound'], ['outbound', 'Outbound']], required: true },
  },
  _sql_constraints: [['name_code_unique', 'unique (code, payment_type)', 'The combination code/payment type already exists!']],
};

export const accountPaymentMethodLine: ModelDecl = {
  _name: 'account.payment.method.line',
  _description: 'Payment Methods',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', string: 'Name' },
    sequence: { type: 'integer', default: 10 },
    payment_method_id: { type: 'many2one', comodel: 'account.payment.method', string: 'Payment Method', required: true, ondelete: 'cascade' },
    payment_account_id: { type: 'many2one', comodel: 'account.account', string: 'Payment Account', ondelete: 'restrict' },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Journal', ondelete: 'cascade' },
    code: { type: 'char', related: 'payment_method_id.code', string: 'Code' },
    payment_type: { type: 'selection', related: 'payment_method_id.payment_type', string: 'Payment Type', selection: [['inbound', 'Inbound'], ['outbound', 'Outbound']] },
    company_id: { type: 'many2one', comodel: 'res.company', related: 'journal_id.company_id', string: 'Company' },
  },
  methods: (Base) => class extends Base {
    _create(valsList: Vals[]): this {
      // the name defaults to the method's (account_payment_method.py _compute_name)
      return super._create(valsList.map((v) => (v.name || !v.payment_method_id ? v : { ...v, name: this.env.model('account.payment.method').sudo().browse([v.payment_method_id as number]).get('name') })));
    }
    _compute_display_name(): Map<number, unknown> {
      if (!this.env.context.show_payment_journal_id) return super._compute_display_name();
      const vals = this._values(['name', 'journal_id']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)?.name} (${this.env.model('account.journal').browse([vals.get(id)?.journal_id as number]).sudo().get('name')})`]));
    }
  },
};

// ---------------------------------------------------------------------------------------------
// fiscal positions (no positions exist in a generic chart; kept for the invoice field and mapping)
// ---------------------------------------------------------------------------------------------

export const accountFiscalPosition: ModelDecl = {
  _name: 'account.fiscal.position',
  _description: 'Fiscal Position',
  _order: 'sequence',
  fields: {
    sequence: { type: 'integer' },
    name: { type: 'char', string: 'Fiscal Position', required: true, translate: true },
    active: { type: 'boolean', default: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, readonly: true, default: currentCompany },
    account_ids: { type: 'one2many', comodel: 'account.fiscal.position.account', inverse_name: 'position_id', string: 'Account Mapping', copy: true },
    tax_ids: { type: 'one2many', comodel: 'account.fiscal.position.tax', inverse_name: 'position_id', string: 'Tax Mapping', copy: true },
    note: { type: 'html', string: 'Notes', translate: true },
    auto_apply: { type: 'boolean', string: 'Detect Automatically' },
    vat_required: { type: 'boolean', string: 'VAT required' },
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country' },
    foreign_vat: { type: 'char', string: 'Foreign Tax ID' },
  },
  methods: (Base) => class extends Base {
    /** map_tax: replace each tax by its destinations (or keep it when unmapped). */
    _mapTaxIds(taxIds: number[]): number[] {
      if (!this.ids.length) return taxIds;
      const rows = this.env.cr.all<{ s: number; d: number | null }>('SELECT tax_src_id AS s, tax_dest_id AS d FROM account_fiscal_position_tax WHERE position_id = ?', [this.ids[0]]);
      const out: number[] = [];
      for (const t of taxIds) {
        const maps = rows.filter((r) => r.s === t);
        if (!maps.length) out.push(t);
        else for (const m of maps) if (m.d) out.push(m.d);
      }
      return [...new Set(out)];
    }
    _mapAccountId(accountId: number | false): number | false {
      if (!this.ids.length || !accountId) return accountId;
      const row = this.env.cr.get<{ d: number }>('SELECT account_dest_id AS d FROM account_fiscal_position_account WHERE position_id = ? AND account_src_id = ?', [this.ids[0], accountId]);
      return row?.d ?? accountId;
    }
  },
};

export const accountFiscalPositionTax: ModelDecl = {
  _name: 'account.fiscal.position.tax',
  _description: 'Tax Mapping of Fiscal Position',
  _rec_name: 'position_id',
  fields: {
    position_id: { type: 'many2one', comodel: 'account.fiscal.position', string: 'Fiscal Position', required: true, ondelete: 'cascade' },
    tax_src_id: { type: 'many2one', comodel: 'account.tax', string: 'Tax on Product', required: true },
    tax_dest_id: { type: 'many2one', comodel: 'account.tax', string: 'Tax to Apply' },
  },
};

export const accountFiscalPositionAccount: ModelDecl = {
  _name: 'account.fiscal.position.account',
  _description: 'Accounts Mapping of Fiscal Position',
  _rec_name: 'position_id',
  fields: {
    position_id: { type: 'many2one', comodel: 'account.fiscal.position', string: 'Fiscal Mapping', required: true, ondelete: 'cascade' },
    account_src_id: { type: 'many2one', comodel: 'account.account', string: 'Account on Product', required: true },
    account_dest_id: { type: 'many2one', comodel: 'account.account', string: 'Account to Use Instead', required: true },
  },
};

export const accountIncoterms: ModelDecl = {
  _name: 'account.incoterms',
  _description: 'Incoterms',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true },
    code: { type: 'char', string: 'Code', size: 3, required: true },
    active: { type: 'boolean', default: true },
  },
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['code', 'name']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)?.code} ${vals.get(id)?.name}`]));
    }
  },
};

export const configModels: ModelDecl[] = [
  accountAccountTag, accountGroup, accountAccount, accountJournal, accountTaxGroup, accountTax, accountTaxRepartitionLine,
  accountPaymentTerm, accountPaymentTermLine, accountPaymentMethod, accountPaymentMethodLine,
  accountFiscalPosition, accountFiscalPositionTax, accountFiscalPositionAccount, accountIncoterms,
];
