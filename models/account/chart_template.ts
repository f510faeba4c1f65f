/**
 * The generic chart of accounts of Odoo 17 (account.chart.template, template code
 * `generic_coa`, "United States of America (Generic)"), loaded on a company the way
 * account.chart.template._load does it for a US company (account.md §4): accounts, the 15% tax
 * group and taxes, journals with their default accounts and payment methods, the utility
 * accounts and the company defaults, with Odoo's xml ids (`account.<company id>_<key>`) and
 * creation order, so that records get the ids a real database has. Also the demo data the
 * template installs (account/demo/account_demo.py), see demo.ts.
 */
import fs from 'fs';
import path from 'path';
import type { ModelDecl } from '../orm/registry';
import type { Environment } from '../orm/environment';
import type { BaseModel } from '../orm/model';
import { parseCsv, DataLoader } from '../tools/data_loader';
import { FIXTURES_DIR } from '../paths';
import { AccessError } from '../orm/exceptions';
import { forgetTaxes } from './tax_engine';
import { installDemo } from './demo';

/** Where each company-dependent default of the template points (template_generic_coa.py). */
const TEMPLATE_PROPERTIES: Record<string, string> = {
  property_account_receivable_id: 'receivable',
  property_account_payable_id: 'payable',
  property_account_expense_categ_id: 'expense',
  property_account_income_categ_id: 'income',
};

/** The company default of a company-dependent account field (ir.property default), false before the chart. */
export function chartDefaultAccount(env: Environment, companyId: number, field: string): number | false {
  const key = TEMPLATE_PROPERTIES[field];
  if (!key || !companyId) return false;
  return env.xmlidLookup(`account.${companyId}_${key}`)?.[1] ?? false;
}

interface TemplateAccount { id: string; code: string; name: string; account_type: string; reconcile: boolean; tags: string[] }

function templateAccounts(): TemplateAccount[] {
  const rows = parseCsv(fs.readFileSync(path.join(FIXTURES_DIR, 'account', 'data', 'template', 'generic_coa.account.account.csv'), 'utf8'));
  const header = rows[0];
  return rows.slice(1).map((r) => {
    const v = Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
    return { id: v.id, code: v.code, name: v.name, account_type: v.account_type, reconcile: v.reconcile === 'True', tags: v['tag_ids:id'] ? v['tag_ids:id'].split(',') : [] };
  });
}

/** The template's journals, in creation order (chart_template.py _get_account_journal). */
const JOURNALS: Array<{ key: string; name: string; type: string; code: string; sequence?: number; show_on_dashboard: boolean; color?: number }> = [
  { key: 'sale', name: 'Customer Invoices', type: 'sale', code: 'INV', show_on_dashboard: true, color: 11, sequence: 5 },
  { key: 'purchase', name: 'Vendor Bills', type: 'purchase', code: 'BILL', show_on_dashboard: true, color: 11, sequence: 6 },
  { key: 'general', name: 'Miscellaneous Operations', type: 'general', code: 'MISC', show_on_dashboard: true, sequence: 7 },
  { key: 'exch', name: 'Exchange Difference', type: 'general', code: 'EXCH', show_on_dashboard: false, sequence: 9 },
  { key: 'caba', name: 'Cash Basis Taxes', type: 'general', code: 'CABA', show_on_dashboard: false, sequence: 10 },
  { key: 'bank', name: 'Bank', type: 'bank', code: 'BNK1', show_on_dashboard: true },
  { key: 'cash', name: 'Cash', type: 'cash', code: 'CSH1', show_on_dashboard: true },
];

/** Load the generic chart on a company (try_loading('generic_coa', company)), then its demo data. */
export function loadGenericChart(env: Environment, companyId: number, withDemo: boolean): void {
  const su = env.sudo().withContext({ ...env.context, tracking_disable: true });
  const loader = new DataLoader(su, 'account');
  const xid = (key: string) => `account.${companyId}_${key}`;
  const ref = (key: string) => su.refId(xid(key));
  const company = su.model('res.company').browse([companyId]);
  if (company.get('chart_template')) return;
  const us = su.refId('base.us');
  const companyCountry = su.model('res.partner').browse([company.get('partner_id') as number]).get('country_id');
  if (!companyCountry) su.model('res.partner').browse([company.get('partner_id') as number])._write({ country_id: us });
  company._write({ chart_template: 'generic_coa' });

  // accounts, in the template's order
  for (const a of templateAccounts()) {
    loader.upsert('account.account', xid(a.id), {
      code: a.code, name: a.name, account_type: a.account_type, reconcile: a.reconcile, company_id: companyId,
      tag_ids: a.tags.length ? [[6, 0, a.tags.map((t) => su.refId(t))]] : false,
    }, true);
  }
  // tax group and taxes (with their invoice/refund repartition lines)
  loader.upsert('account.tax.group', xid('tax_group_15'), {
    name: 'Tax 15%', country_id: us, company_id: companyId, tax_payable_account_id: ref('tax_payable'), tax_receivable_account_id: ref('tax_receivable'),
  }, true);
  for (const [key, use, account] of [['sale_tax_template', 'sale', 'tax_received'], ['purchase_tax_template', 'purchase', 'tax_paid']] as const) {
    const line = (doc: string, type: string) => [0, 0, { document_type: doc, repartition_type: type, factor_percent: 100, account_id: type === 'tax' ? ref(account) : false }];
    loader.upsert('account.tax', xid(key), {
      name: '15%', amount: 15, amount_type: 'percent', type_tax_use: use, tax_group_id: ref('tax_group_15'), company_id: companyId, country_id: us,
      repartition_line_ids: [line('invoice', 'base'), line('invoice', 'tax'), line('refund', 'base'), line('refund', 'tax')],
    }, true);
  }
  forgetTaxes(su);
  // journals; bank and cash journals get their default account (code = prefix + 01)
  const Account = su.model('account.account');
  for (const j of JOURNALS) {
    const vals: Record<string, unknown> = { name: j.name, type: j.type, code: j.code, show_on_dashboard: j.show_on_dashboard, company_id: companyId };
    if (j.sequence !== undefined) vals.sequence = j.sequence;
    if (j.color !== undefined) vals.color = j.color;
    if (j.type === 'bank' || j.type === 'cash') {
      const accountId = Account._create([{ code: j.type === 'bank' ? '101401' : '101501', name: j.name, account_type: 'asset_cash', company_id: companyId }]).ids[0];
      loader.register(xid(`${j.type}_journal_default_account_${accountId}`), 'account.account', accountId, true);
      vals.default_account_id = accountId;
    }
    const journalId = loader.upsert('account.journal', xid(j.key), vals, true);
    addManualMethodLines(su, journalId, j.type);
  }
  // utility accounts of the company (_setup_utility_bank_accounts), then the unaffected earnings
  const utility: Array<[string, string, string, string, boolean]> = [
    ['account_journal_suspense_account_id', '101402', 'Bank Suspense Account', 'asset_current', false],
    ['account_journal_payment_debit_account_id', '101403', 'Outstanding Receipts', 'asset_current', true],
    ['account_journal_payment_credit_account_id', '101404', 'Outstanding Payments', 'asset_current', true],
    ['transfer_account_id', '101701', 'Liquidity Transfer', 'asset_current', true],
  ];
  const companyVals: Record<string, unknown> = {};
  for (const [field, code, name, type, reconcile] of utility) {
    const id = Account._create([{ code, name, account_type: type, reconcile, company_id: companyId }]).ids[0];
    loader.register(xid(field), 'account.account', id, true);
    companyVals[field] = id;
  }
  const unaffected = Account._create([{ code: '999999', name: 'Undistributed Profits/Losses', account_type: 'equity_unaffected', company_id: companyId }]).ids[0];
  loader.register(xid('unaffected_earnings_account'), 'account.account', unaffected, true);
  Object.assign(companyVals, {
    anglo_saxon_accounting: true, account_fiscal_country_id: us, bank_account_code_prefix: '1014', cash_account_code_prefix: '1015',
    transfer_account_code_prefix: '1017', account_default_pos_receivable_account_id: ref('pos_receivable'),
    income_currency_exchange_account_id: ref('income_currency_exchange'), expense_currency_exchange_account_id: ref('expense_currency_exchange'),
    default_cash_difference_income_account_id: ref('cash_diff_income'), default_cash_difference_expense_account_id: ref('cash_diff_expense'),
    account_journal_early_pay_discount_loss_account_id: ref('cash_discount_loss'), account_journal_early_pay_discount_gain_account_id: ref('cash_discount_gain'),
    tax_cash_basis_journal_id: ref('caba'), currency_exchange_journal_id: ref('exch'),
    account_sale_tax_id: ref('sale_tax_template'), account_purchase_tax_id: ref('purchase_tax_template'),
  });
  company._write(companyVals);
  for (const key of ['bank', 'cash']) {
    su.model('account.journal').browse([ref(key)])._write({
      suspense_account_id: companyVals.account_journal_suspense_account_id,
      profit_account_id: ref('cash_diff_income'), loss_account_id: ref('cash_diff_expense'),
    });
  }
  su.model('account.journal').browse([ref('sale')])._write({ default_account_id: ref('income') });
  su.model('account.journal').browse([ref('purchase')])._write({ default_account_id: ref('expense') });
  // existing partners and categories read the new defaults (ir.property defaults)
  env.cache.invalidate();
  if (withDemo) installDemo(su, companyId);
}

/** The Manual payment method lines of a new bank or cash journal (Odoo's creation order). */
function addManualMethodLines(env: Environment, journalId: number, type: string): void {
  if (type !== 'bank' && type !== 'cash') return;
  const manualIn = env.refId('account.account_payment_method_manual_in');
  const manualOut = env.refId('account.account_payment_method_manual_out');
  const Line = env.model('account.payment.method.line');
  for (const method of type === 'bank' ? [manualIn, manualOut] : [manualOut, manualIn]) {
    Line._create([{ journal_id: journalId, payment_method_id: method }]);
  }
}

/**
 * account.chart.template: the entry points data files call (account_demo.xml's try_loading and
 * _install_demo). A model without fields, like Odoo's abstract one.
 */
export const accountChartTemplate: ModelDecl = {
  _name: 'account.chart.template',
  _description: 'Account Chart Template',
  _log_access: false,
  rpc: {
    try_loading: { api: 'model', params: ['template_code', 'company', { name: 'install_demo', default: true }] },
  },
  methods: (Base) => class extends Base {
    try_loading(templateCode: unknown, company: unknown, installDemoData: unknown = true): null {
      if (!this.env.su && !this.env.hasGroup('base.group_system')) throw new AccessError('Only administrators can install chart templates');
      const ids = companyIds(this, company);
      const demo = !!installDemoData && !!this.env.cr.get("SELECT 1 AS x FROM ir_module_module WHERE name = 'account' AND demo = 1");
      for (const id of ids) if (!templateCode || templateCode === 'generic_coa') loadGenericChart(this.env, id, demo);
      return null;
    }
    /** Called by account_demo.xml for companies that already have a chart (demo installed later). */
    _install_demo(company: unknown): null {
      for (const id of companyIds(this, company)) installDemo(this.env.sudo(), id);
      return null;
    }
  },
};

function companyIds(m: BaseModel, company: unknown): number[] {
  if (typeof company === 'number') return [company];
  if (Array.isArray(company)) return company.filter((x): x is number => typeof x === 'number');
  if (company && typeof company === 'object' && 'ids' in (company as BaseModel)) return (company as BaseModel).ids;
  return [];
}
