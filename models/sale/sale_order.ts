/**
 * sale.order (sale.md §1.1, §3; sale/models/sale_order.py): quotations and sales orders.
 *
 * Creating an order fills what Odoo's onchanges and precomputed fields give a client that sends
 * only a customer: addresses, pricelist, payment term, fiscal position, salesperson, team,
 * validity and online signature/payment settings, the `S00001` name. Amounts come from the lines
 * through the accounting tax engine. State changes follow Odoo 17 (no `done` state: confirmed
 * orders are `sale`, `locked` is a separate flag), with Odoo's errors.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import type { Field } from '../orm/fields';
import { UserError, ValidationError } from '../orm/exceptions';
import { param } from '../orm/signature';
import { nowUtc } from '../orm/fields';
import { checkAccessRights, checkAccessRule, checkFieldAccess } from '../orm/security';
import { currencyRound, formatAmount } from '../tools/currency';
import { floatCompare } from '../tools/float_utils';
import { addDays, checkRead, addressGet, companyFacts, contextToday, followers, postMessage, productCompanies, subscribe } from './tools';
import { computeTotals, baseLineOf, taxTotals, type SaleLineData } from './taxes';
import { originLinkBody } from '../mail/origin_link';
import { existingValues } from '../tools/missing';
import { loadTaxes } from '../account/tax_engine';
import { newOrderWithoutInvoices, orderCreation, ordersRefreshedAfterState } from './invoice_links';
import { writeNewOrderLines } from './new_order_lines';

/** The help text of account.action_move_out_invoice_type (account_menuitem.xml), returned with the action. */
const INVOICES_ACTION_HELP = '<p class="o_view_nocontent_smiling_face">\n                Create a customer invoice\n              </p><p>\n                Create invoices, register payments and keep track of the discussions with your customers.\n              </p>\n            ';

export const SALE_ORDER_STATE: Array<[string, string]> = [
  ['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled'],
];
export const INVOICE_STATUS: Array<[string, string]> = [
  ['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice'],
];

const COMPANY_DOMAIN = "['|', ('company_id', '=', False), ('company_id', '=', company_id)]";

type Row = Record<string, unknown>;
const ids = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

function companyValues(m: BaseModel, companyId: number, fields: string[]): Row {
  return companyFacts(m, companyId, fields);
}

/** The lines of orders that count for amounts (no sections or notes), with what the tax engine needs. */
export function orderLineData(m: BaseModel, orderIds: number[]): Map<number, SaleLineData[]> {
  const out = new Map<number, SaleLineData[]>(orderIds.map((id) => [id, []]));
  if (!orderIds.length) return out;
  const rows = m.env.cr.all<{ id: number; order_id: number; product_id: number | null; price_unit: number; product_uom_qty: number; discount: number; price_subtotal: number; currency_id: number | null; order_partner_id: number | null }>(
    `SELECT id, order_id, product_id, price_unit, product_uom_qty, discount, price_subtotal, currency_id, order_partner_id FROM sale_order_line
      WHERE order_id IN (${orderIds.map(() => '?').join(',')}) AND display_type IS NULL ORDER BY order_id, sequence, id`, orderIds);
  const taxes = lineTaxIds(m, rows.map((r) => r.id));
  for (const r of rows) {
    out.get(r.order_id)!.push({
      id: r.id, partner_id: r.order_partner_id ?? false, currency_id: r.currency_id ?? 1, product_id: r.product_id ?? false,
      tax_ids: taxes.get(r.id) ?? [], price_unit: r.price_unit ?? 0, quantity: r.product_uom_qty ?? 0, discount: r.discount ?? 0, price_subtotal: r.price_subtotal ?? 0,
    });
  }
  return out;
}

/** Taxes of lines, in the taxes' order (sequence, id). */
export function lineTaxIds(m: BaseModel, lineIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (!lineIds.length || !m.env.registry.has('account.tax')) return out;
  // asked by the amounts, the amounts to invoice and the invoice lines of the same lines, at
  // creation, confirmation, invoicing and posting: kept per connection and line (lineTaxesKept)
  const cr = m.env.cr;
  let kept = lineTaxesKept.get(cr);
  if (!kept) lineTaxesKept.set(cr, kept = new Map());
  const found = new Map<number, number[]>();
  for (const l of lineIds) {
    const e = kept.get(l);
    if (e && cr.tables.unchangedSince(LINE_TAX_TABLES, e.stamp)) found.set(l, e.taxes);
  }
  const missing = [...new Set(lineIds.filter((l) => !found.has(l)))];
  if (missing.length) {
    const stamp = cr.tables.version;
    const read = new Map<number, number[]>(missing.map((l) => [l, []]));
    for (const r of cr.all<{ l: number; t: number }>(
      `SELECT r.sale_order_line_id AS l, r.account_tax_id AS t FROM account_tax_sale_order_line_rel r JOIN account_tax t ON t.id = r.account_tax_id
        WHERE r.sale_order_line_id IN (${missing.map(() => '?').join(',')}) ORDER BY t.sequence, t.id`, missing)) {
      read.get(r.l)!.push(r.t);
    }
    if (kept.size + read.size > 5000) kept.clear();
    for (const [l, taxes] of read) {
      kept.set(l, { taxes, stamp });
      found.set(l, taxes);
    }
  }
  cr.tables.note(LINE_TAX_TABLES);
  // only lines with taxes are listed, each with its own array
  for (const l of lineIds) if (found.get(l)!.length) out.set(l, [...found.get(l)!]);
  return out;
}
/**
 * A line just created with exactly these taxes (its relation rows written by its creation, none
 * before): noted as lineTaxIds would read them (existing taxes, in the taxes' order), from now
 * on (any later write of the relation or the taxes makes it read them again). The new line's
 * amounts then need no read of its taxes, nor its confirmation and invoicing after.
 */
export function keepNewLineTaxes(m: BaseModel, lineId: number, taxIds: number[]): void {
  if (!m.env.registry.has('account.tax')) return;
  const kept = keptLineTaxes(m);
  // the relation joins account_tax: a tax that does not exist is not listed (loadTaxes drops it too)
  const taxes = loadTaxes(m.env, [...new Set(taxIds)]).map((t) => ({ id: t.id, sequence: t.sequence as number | null }));
  // ORDER BY t.sequence, t.id as SQLite sorts: NULL first
  taxes.sort((a, b) => (a.sequence === b.sequence ? a.id - b.id : a.sequence === null ? -1 : b.sequence === null ? 1 : a.sequence - b.sequence));
  if (kept.size >= 5000) kept.clear();
  kept.set(lineId, { taxes: taxes.map((t) => t.id), stamp: m.env.cr.tables.version });
}
/** Of these lines, those whose kept taxes are still true (no write of the relation or the taxes since). */
export function linesWithKeptTaxes(m: BaseModel, lineIds: Iterable<number>): number[] {
  const kept = keptLineTaxes(m);
  const tables = m.env.cr.tables;
  return [...lineIds].filter((l) => { const e = kept.get(l); return !!e && tables.unchangedSince(LINE_TAX_TABLES, e.stamp); });
}
/**
 * The kept taxes of these lines are true now too: the only writes since they were checked
 * (linesWithKeptTaxes) set the taxes of another new line, not theirs.
 */
export function stillKeptTaxes(m: BaseModel, lineIds: number[]): void {
  const kept = keptLineTaxes(m);
  for (const l of lineIds) { const e = kept.get(l); if (e) e.stamp = m.env.cr.tables.version; }
}
function keptLineTaxes(m: BaseModel): Map<number, { taxes: number[]; stamp: number }> {
  let kept = lineTaxesKept.get(m.env.cr);
  if (!kept) lineTaxesKept.set(m.env.cr, kept = new Map());
  return kept;
}
/** What an order's invoiced amount is read from, besides its lines (_invoicedAmount). */
const INVOICED_AMOUNT_TABLES = ['sale_order_line_invoice_rel', 'account_move_line', 'account_move'];
/**
 * Per call: orders' invoiced amounts and the table version they were read at. The order's lines
 * count only through their invoice links: a new line has none (or writes one), a deleted line
 * takes its links along; a line moved to another order forgets them all (forgetInvoicedAmounts).
 */
const invoicedAmountsByCall = new WeakMap<object, Map<number, { amount: number; stamp: number }>>();
export function forgetInvoicedAmounts(m: BaseModel): void {
  invoicedAmountsByCall.delete(m.env.cache);
}
/** What an order line's taxes are read from (lineTaxIds). */
const LINE_TAX_TABLES = ['account_tax_sale_order_line_rel', 'account_tax'];
/** Per connection: order line → its tax ids (in the taxes' order) and the table version they were true at. */
const lineTaxesKept = new WeakMap<object, Map<number, { taxes: number[]; stamp: number }>>();

/**
 * Per call, while orders move into the 'sale' state: those orders and the table version before.
 * Their status is computed first from their lines' before these follow the new state (the ORM
 * computes an order's own fields, then its lines', then its status again from theirs).
 */
const confirming = new WeakMap<object, { orders: Set<number>; stamp: number }>();

/** Run `write`, orders `ids` moving from another state into 'sale'. */
function whileConfirming<T>(orders: BaseModel, ids: number[], write: () => T): T {
  const cache = orders.env.cache;
  const outer = confirming.get(cache);
  confirming.set(cache, { orders: new Set(ids), stamp: orders.env.cr.tables.version });
  try {
    return write();
  } finally {
    if (outer) confirming.set(cache, outer);
    else confirming.delete(cache);
  }
}

/**
 * Whether order `id`, moving into 'sale', still has the lines of its former state: none was
 * written since (their state, related to the order's, is written when they follow it). Lines
 * of an order in another state are not invoiced ('no': sale_order_line.py
 * _compute_invoice_status), so the order's status from them is 'no' as well.
 */
function linesNotConfirmedYet(orders: BaseModel, id: number): boolean {
  const entry = confirming.get(orders.env.cache);
  return !!entry && entry.orders.has(id) && orders.env.cr.tables.stillValid(['sale_order_line'], entry.stamp);
}

export const saleOrder: ModelDecl = {
  _name: 'sale.order',
  _inherit: ['portal.mixin', 'product.catalog.mixin', 'mail.thread', 'mail.activity.mixin', 'utm.mixin'],
  _description: 'Sales Order',
  _order: 'date_order desc, id desc',
  _sql_constraints: [
    ['date_order_conditional_required', "CHECK((state = 'sale' AND date_order IS NOT NULL) OR state != 'sale')", 'A confirmed sales order requires a confirmation date.'],
  ],
  // fields are declared in the order their computations depend on each other
  fields: {
    name: { type: 'char', string: 'Order Reference', required: true, copy: false, readonly: false, index: 'trigram', default: 'New' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, index: true, default: (m: BaseModel) => m.env.companyInfo().companyId || 1 },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer', required: true, change_default: true, index: true, check_company: true, domain: "['|', ('company_id', '=', False), ('company_id', '=', company_id)]", tracking: 1 },
    state: { type: 'selection', string: 'Status', selection: SALE_ORDER_STATE, readonly: true, copy: false, index: true, default: 'draft', tracking: 3 },
    locked: { type: 'boolean', string: 'Locked', default: false, copy: false, help: 'Locked orders cannot be modified.' },
    client_order_ref: { type: 'char', string: 'Customer Reference', copy: false },
    create_date: { type: 'datetime', string: 'Creation Date', index: true, readonly: true },
    commitment_date: { type: 'datetime', string: 'Delivery Date', copy: false, help: 'This is the delivery date promised to the customer. If set, the delivery order will be scheduled based on this date rather than product lead times.' },
    date_order: { type: 'datetime', string: 'Order Date', required: true, copy: false, default: (m: BaseModel) => nowUtc(m.env.cr), help: 'Creation date of draft/sent orders,\nConfirmation date of confirmed orders.' },
    origin: { type: 'char', string: 'Source Document', help: 'Reference of the document that generated this sales order request' },
    reference: { type: 'char', string: 'Payment Ref.', copy: false, help: 'The payment communication of this sale order.' },
    require_signature: { type: 'boolean', string: 'Online signature', compute: '_compute_require_signature', store: true, readonly: false, depends: ['company_id'], help: 'Request a online signature from the customer to confirm the order.' },
    require_payment: { type: 'boolean', string: 'Online payment', compute: '_compute_require_payment', store: true, readonly: false, depends: ['company_id'], help: 'Request a online payment from the customer to confirm the order.' },
    prepayment_percent: { type: 'float', string: 'Prepayment percentage', compute: '_compute_prepayment_percent', store: true, readonly: false, depends: ['require_payment'], help: 'The percentage of the amount needed that must be paid by the customer to confirm the order.' },
    signature: { type: 'binary', string: 'Signature', copy: false, help: 'Signature received through the portal.' },
    signed_by: { type: 'char', string: 'Signed By', copy: false, help: 'Name of the person that signed the SO.' },
    signed_on: { type: 'datetime', string: 'Signed On', copy: false, help: 'Date of the signature.' },
    validity_date: { type: 'date', string: 'Expiration', compute: '_compute_validity_date', store: true, readonly: false, copy: false, depends: ['company_id'], help: 'Validity of the order, after that you will not able to sign & pay the quotation.' },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Invoicing Journal', compute: '_compute_journal_id', store: true, readonly: false, domain: [['type', '=', 'sale']], check_company: true, help: "If set, the SO will invoice in this journal; otherwise the sales journal with the lowest sequence is used." },
    note: { type: 'html', string: 'Terms and conditions', compute: '_compute_note', store: true, readonly: false, depends: ['partner_id'] },
    partner_invoice_id: { type: 'many2one', comodel: 'res.partner', string: 'Invoice Address', compute: '_compute_partner_invoice_id', store: true, readonly: false, required: true, check_company: true, index: 'btree_not_null', depends: ['partner_id'], domain: COMPANY_DOMAIN },
    partner_shipping_id: { type: 'many2one', comodel: 'res.partner', string: 'Delivery Address', compute: '_compute_partner_shipping_id', store: true, readonly: false, required: true, check_company: true, index: 'btree_not_null', depends: ['partner_id'], domain: COMPANY_DOMAIN },
    fiscal_position_id: { type: 'many2one', comodel: 'account.fiscal.position', string: 'Fiscal Position', compute: '_compute_fiscal_position_id', store: true, readonly: false, check_company: true, depends: ['partner_shipping_id', 'partner_id', 'company_id'], help: 'Fiscal positions are used to adapt taxes and accounts for particular customers or sales orders/invoices.The default value comes from the customer.' },
    payment_term_id: { type: 'many2one', comodel: 'account.payment.term', string: 'Payment Terms', compute: '_compute_payment_term_id', store: true, readonly: false, check_company: true, depends: ['partner_id'], domain: COMPANY_DOMAIN },
    pricelist_id: { type: 'many2one', comodel: 'product.pricelist', string: 'Pricelist', compute: '_compute_pricelist_id', store: true, readonly: false, check_company: true, depends: ['partner_id', 'company_id'], domain: COMPANY_DOMAIN, help: 'If you change the pricelist, only newly added lines will be affected.', tracking: 1 },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', compute: '_compute_currency_id', store: true, readonly: true, ondelete: 'restrict', depends: ['pricelist_id', 'company_id'] },
    currency_rate: { type: 'float', string: 'Currency Rate', compute: '_compute_currency_rate', store: true, readonly: true, depends: ['currency_id', 'date_order', 'company_id'] },
    user_id: {
      type: 'many2one', comodel: 'res.users', string: 'Salesperson', compute: '_compute_user_id', store: true, readonly: false, index: true, depends: ['partner_id'], tracking: 2,
      // the salesman group id is written into the domain by fields_get, as Odoo formats it at setup
      domain: "[('groups_id', '=', 0), ('share', '=', False), ('company_ids', '=', company_id)]",
    },
    team_id: { type: 'many2one', comodel: 'crm.team', string: 'Sales Team', compute: '_compute_team_id', store: true, readonly: false, ondelete: 'set null', change_default: true, check_company: true, depends: ['partner_id', 'user_id'], domain: COMPANY_DOMAIN, tracking: true },
    order_line: { type: 'one2many', comodel: 'sale.order.line', inverse_name: 'order_id', string: 'Order Lines', copy: true, auto_join: true },
    amount_untaxed: { type: 'monetary', string: 'Untaxed Amount', store: true, compute: '_compute_amounts', readonly: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total'], tracking: 5 },
    amount_tax: { type: 'monetary', string: 'Taxes', store: true, compute: '_compute_amounts', readonly: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total'] },
    amount_total: { type: 'monetary', string: 'Total', store: true, compute: '_compute_amounts', readonly: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total'], tracking: 4 },
    invoice_status: { type: 'selection', string: 'Invoice Status', selection: INVOICE_STATUS, compute: '_compute_invoice_status', store: true, readonly: true, depends: ['state', 'order_line.invoice_status'] },
    amount_to_invoice: { type: 'monetary', string: 'Amount to invoice', store: true, compute: '_compute_amount_to_invoice', readonly: true, depends: ['invoice_ids.state', 'currency_id', 'amount_total'] },
    amount_invoiced: { type: 'monetary', string: 'Already invoiced', compute: '_compute_amount_invoiced', depends: ['amount_total', 'amount_to_invoice'] },
    invoice_count: { type: 'integer', string: 'Invoice Count', compute: '_get_invoiced', depends: ['order_line.invoice_lines'] },
    invoice_ids: { type: 'many2many', comodel: 'account.move', string: 'Invoices', compute: '_get_invoiced', search: '_search_invoice_ids', copy: false, depends: ['order_line.invoice_lines'] },
    transaction_ids: { type: 'many2many', comodel: 'payment.transaction', relation: 'sale_order_transaction_rel', column1: 'sale_order_id', column2: 'transaction_id', string: 'Transactions', copy: false, readonly: true },
    authorized_transaction_ids: { type: 'many2many', comodel: 'payment.transaction', string: 'Authorized Transactions', compute: '_compute_authorized_transaction_ids', copy: false, compute_sudo: true, depends: ['transaction_ids'] },
    amount_paid: { type: 'float', string: 'Amount Paid', compute: '_compute_amount_paid', compute_sudo: true, depends: ['transaction_ids'] },
    analytic_account_id: { type: 'many2one', comodel: 'account.analytic.account', string: 'Analytic Account', copy: false, check_company: true, domain: COMPANY_DOMAIN },
    tag_ids: { type: 'many2many', comodel: 'crm.tag', relation: 'sale_order_tag_rel', column1: 'order_id', column2: 'tag_id', string: 'Tags' },
    amount_undiscounted: { type: 'float', string: 'Amount Before Discount', compute: '_compute_amount_undiscounted' },
    country_code: { type: 'char', string: 'Country code', related: 'company_id.account_fiscal_country_id.code', readonly: true, help: 'The ISO country code in two chars. \nYou can use this field for quick search.' },
    expected_date: { type: 'datetime', string: 'Expected Date', compute: '_compute_expected_date', depends: ['order_line.customer_lead', 'date_order', 'state'], help: 'Delivery date you can promise to the customer, computed from the minimum lead time of the order lines.' },
    is_expired: { type: 'boolean', string: 'Is Expired', compute: '_compute_is_expired' },
    partner_credit_warning: { type: 'text', string: 'Partner Credit Warning', compute: '_compute_partner_credit_warning', depends: ['company_id', 'partner_id', 'amount_total'] },
    tax_calculation_rounding_method: {
      type: 'selection', string: 'Tax Calculation Rounding Method', related: 'company_id.tax_calculation_rounding_method', readonly: true,
      selection: [['round_per_line', 'Round per Line'], ['round_globally', 'Round Globally']],
    },
    tax_country_id: { type: 'many2one', comodel: 'res.country', string: 'Tax Country', compute: '_compute_tax_country_id', compute_sudo: true, depends: ['company_id', 'fiscal_position_id'] },
    tax_totals: { type: 'binary', string: 'Tax Totals', compute: '_compute_tax_totals', readonly: true, depends: ['order_line.tax_id', 'order_line.price_unit', 'amount_total', 'amount_untaxed', 'currency_id'] },
    terms_type: { type: 'selection', string: 'Terms & Conditions format', related: 'company_id.terms_type', readonly: true, selection: [['plain', 'Add a Note'], ['html', 'Add a link to a Web Page']] },
    type_name: { type: 'char', string: 'Type Name', compute: '_compute_type_name', depends: ['state'] },
    show_update_fpos: { type: 'boolean', string: 'Has Fiscal Position Changed', store: false },
    has_active_pricelist: { type: 'boolean', string: 'Has Active Pricelist', compute: '_compute_has_active_pricelist', depends: ['company_id'] },
    show_update_pricelist: { type: 'boolean', string: 'Has Pricelist Changed', store: false },
  },
  constrains: {
    _check_order_line_company_id: ['company_id', 'order_line'],
    _check_prepayment_percent: ['prepayment_percent'],
  },
  rpc: {
    action_draft: { api: 'multi', params: [] },
    action_quotation_send: { api: 'multi', params: [] },
    action_quotation_sent: { api: 'multi', params: [] },
    action_confirm: { api: 'multi', params: [] },
    action_lock: { api: 'multi', params: [] },
    action_unlock: { api: 'multi', params: [] },
    action_cancel: { api: 'multi', params: [] },
    action_preview_sale_order: { api: 'multi', params: [] },
    action_update_taxes: { api: 'multi', params: [] },
    action_update_prices: { api: 'multi', params: [] },
    action_view_invoice: { api: 'multi', params: [param('invoices', false)] },
    action_open_discount_wizard: { api: 'multi', params: [] },
    payment_action_capture: { api: 'multi', params: [] },
    payment_action_void: { api: 'multi', params: [] },
    get_portal_last_transaction: { api: 'multi', params: [] },
    validate_taxes_on_sales_order: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    // ---------------------------------------------------------------------------- computes
    _orderVals(fields: string[]): Map<number, Row> { return this._values(fields); }

    _compute_require_signature(): Map<number, unknown> {
      return this._fromCompany('portal_confirmation_sign');
    }
    _compute_require_payment(): Map<number, unknown> {
      return this._fromCompany('portal_confirmation_pay');
    }
    _compute_prepayment_percent(): Map<number, unknown> {
      return this._fromCompany('prepayment_percent');
    }
    /** A value of each order's company. */
    _fromCompany(fname: string): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => [id, companyValues(this, vals.get(id)!.company_id as number, [fname])[fname] ?? false]));
    }
    /** Today + the company's quotation validity days (none when 0). */
    _compute_validity_date(): Map<number, unknown> {
      const today = contextToday(this.env);
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => {
        const days = Number(companyValues(this, vals.get(id)!.company_id as number, ['quotation_validity_days']).quotation_validity_days) || 0;
        return [id, days > 0 ? addDays(today, days) : false];
      }));
    }
    _compute_journal_id(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, false]));
    }
    /** The company's terms, only when the "use invoice terms" setting is on. */
    _compute_note(): Map<number, unknown> {
      const current = this._values(['note', 'company_id']);
      // a setting, read at every order's creation: kept across calls while the parameters are unchanged
      const use = this.env.crossCall('sale.param:account.use_invoice_terms', () => this.env.model('ir.config_parameter').sudo().get_param('account.use_invoice_terms'));
      return new Map(this.ids.map((id) => {
        if (!use) return [id, current.get(id)?.note ?? false];
        const c = companyValues(this, current.get(id)!.company_id as number, ['invoice_terms']);
        return [id, c.invoice_terms || current.get(id)?.note || false];
      }));
    }
    _compute_partner_invoice_id(): Map<number, unknown> { return this._address('invoice'); }
    _compute_partner_shipping_id(): Map<number, unknown> { return this._address('delivery'); }
    _address(type: string): Map<number, unknown> {
      const vals = this._values(['partner_id']);
      return new Map(this.ids.map((id) => {
        const p = vals.get(id)?.partner_id as number | false;
        return [id, p ? addressGet(this.env, p, [type])[type] : false];
      }));
    }
    _compute_fiscal_position_id(): Map<number, unknown> {
      const vals = this._values(['partner_id', 'partner_shipping_id', 'company_id', 'fiscal_position_id']);
      const FP = this.env.registry.has('account.fiscal.position') ? this.env.model('account.fiscal.position').sudo() : null;
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.partner_id || !FP || typeof FP._get_fiscal_position !== 'function') return [id, false];
        const fp = FP.withContext({ ...this.env.context, allowed_company_ids: [v.company_id] })
          ._get_fiscal_position(this.env.model('res.partner').browse([v.partner_id as number]), this.env.model('res.partner').browse(v.partner_shipping_id ? [v.partner_shipping_id as number] : []));
        return [id, fp?.ids?.[0] ?? false];
      }));
    }
    _compute_payment_term_id(): Map<number, unknown> {
      const vals = this._values(['partner_id']);
      const P = this.env.model('res.partner').sudo();
      const has = !!P.cls._fields.property_payment_term_id;
      const company = this.env.companyInfo().companyId;
      return new Map(this.ids.map((id) => {
        const p = vals.get(id)?.partner_id as number | false;
        if (!p || !has) return [id, false];
        // the customer's property for the current company (ir.property, as the field reads it),
        // asked by every new order: kept across calls while the properties and the terms are
        // unchanged (the partner's own row plays no part)
        return [id, this.env.crossCall(`sale.partner_payment_term:${company}:${p}`, () =>
          this.env.model('ir.property').sudo().withContext({ ...this.env.context })._get_multi('property_payment_term_id', 'res.partner', [p]).get(p) ?? false)];
      }));
    }
    /** The customer's pricelist, while the order is a quotation (confirmed orders keep theirs). */
    _compute_pricelist_id(): Map<number, unknown> {
      const vals = this._values(['partner_id', 'state', 'pricelist_id', 'company_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state && v.state !== 'draft') return [id, v.pricelist_id];
        if (!v.partner_id) return [id, false];
        const partner = this.env.model('res.partner').sudo().withContext({ ...this.env.context, allowed_company_ids: [v.company_id] }).browse([v.partner_id as number]);
        return [id, partner.get('property_product_pricelist') || false];
      }));
    }
    _compute_currency_id(): Map<number, unknown> {
      const vals = this._values(['pricelist_id', 'company_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const pl = v.pricelist_id ? this.env.model('product.pricelist').sudo().browse([v.pricelist_id as number]).get('currency_id') : false;
        return [id, pl || companyValues(this, v.company_id as number, ['currency_id']).currency_id || false];
      }));
    }
    /** Rate of the order currency against the company currency at the order date (1 for the same currency). */
    _compute_currency_rate(): Map<number, unknown> {
      const vals = this._values(['currency_id', 'company_id', 'date_order']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const companyCurrency = companyValues(this, v.company_id as number, ['currency_id']).currency_id;
        if (!v.currency_id || v.currency_id === companyCurrency || !this.env.registry.has('res.currency.rate')) return [id, 1.0];
        const rate = (cur: unknown) => this.env.cr.get<{ rate: number }>(
          'SELECT rate FROM res_currency_rate WHERE currency_id = ? AND name <= ? AND (company_id IS NULL OR company_id = ?) ORDER BY company_id IS NULL, name DESC LIMIT 1',
          [cur as number, String(v.date_order || nowUtc(this.env.cr)).slice(0, 10), v.company_id as number])?.rate ?? 1;
        return [id, rate(v.currency_id) / rate(companyCurrency)];
      }));
    }
    /**
     * The salesperson: kept once set on a saved order, else the customer's (or its commercial
     * entity's) salesperson, else the current user when they are a salesman.
     */
    _compute_user_id(): Map<number, unknown> {
      const vals = this._values(['partner_id', 'user_id']);
      const isSalesman = this.env.hasGroup('sales_team.group_sale_salesman', this.env.uid);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.partner_id) return [id, v.user_id];
        if (v.user_id) return [id, v.user_id];
        const p = this.env.model('res.partner').sudo().browse([v.partner_id as number])._values(['user_id', 'commercial_partner_id']).get(v.partner_id as number)!;
        const commercialUser = p.commercial_partner_id ? this.env.model('res.partner').sudo().browse([p.commercial_partner_id as number]).get('user_id') : false;
        return [id, p.user_id || commercialUser || (isSalesman ? this.env.uid : false)];
      }));
    }
    /** crm.team._get_default_team_id for the salesperson, preferring the context's or the customer's team. */
    _compute_team_id(): Map<number, unknown> {
      const vals = this._values(['partner_id', 'user_id', 'company_id', 'team_id']);
      const cache = new Map<string, number | false>();
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const partnerTeam = v.partner_id ? this.env.model('res.partner').sudo().browse([v.partner_id as number]).get('team_id') : false;
        const dflt = (this.env.context.default_team_id as number | undefined) || partnerTeam || v.team_id || false;
        const key = `${dflt}:${v.user_id}:${v.company_id}`;
        if (!cache.has(key)) {
          const team = this.env.model('crm.team').withContext({ ...this.env.context, default_team_id: dflt })
            ._get_default_team_id(v.user_id || false, [['company_id', 'in', [v.company_id, false]]]);
          cache.set(key, team.ids[0] ?? false);
        }
        return [id, cache.get(key)];
      }));
    }

    /**
     * Amounts of the lines (sections and notes left out): rounded per line, or under the
     * company's round_globally setting, the taxes rounded per tax line (sale_order.py _compute_amounts).
     */
    _compute_amounts(field: { name: string }): Map<number, unknown> {
      const totals = this._amountsMemo();
      return new Map(this.ids.map((id) => {
        const t = totals.get(id)!;
        const value = field.name === 'amount_untaxed' ? t.untaxed : field.name === 'amount_tax' ? t.tax : t.untaxed + t.tax;
        return [id, value];
      }));
    }
    /** The three amounts are one computation: computed once per state of the lines. */
    _amountsMemo(): Map<number, { untaxed: number; tax: number }> {
      const key = `sale.order.amounts:${this.ids.join(',')}:${this.env.cr.writeVersion}`;
      const memo = this.env.cache.memo;
      const hit = memo.get(key) as Map<number, { untaxed: number; tax: number }> | undefined;
      if (hit) return hit;
      const vals = this._values(['company_id']);
      // the lines' tax data, for the orders of companies rounding globally only (per line, the
      // lines' amounts are summed)
      let lines: Map<number, SaleLineData[]> | undefined;
      const out = new Map<number, { untaxed: number; tax: number }>();
      for (const id of this.ids) {
        const companyId = vals.get(id)!.company_id as number;
        const globally = companyValues(this, companyId, ['tax_calculation_rounding_method']).tax_calculation_rounding_method === 'round_globally';
        if (globally) {
          lines ??= orderLineData(this, this.ids);
          const orderLines = lines.get(id) ?? [];
          const t = computeTotals(this.env, companyId, orderLines.map((l) => baseLineOf(this.env, l)));
          out.set(id, { untaxed: t.amount_untaxed, tax: t.amount_tax });
        } else {
          const rows = this.env.cr.all<{ s: number | null; t: number | null }>(
            'SELECT SUM(price_subtotal) AS s, SUM(price_tax) AS t FROM sale_order_line WHERE order_id = ? AND display_type IS NULL', [id])[0];
          out.set(id, { untaxed: rows?.s ?? 0, tax: rows?.t ?? 0 });
        }
      }
      for (const k of [...memo.keys()]) if (k.startsWith('sale.order.amounts:')) memo.delete(k);
      memo.set(key, out);
      return out;
    }

    /**
     * Invoice status from the lines' (down payments and display lines left out): to invoice if
     * any line is, fully invoiced if all are, upselling if all are invoiced or upselling
     * (sale_order.py _compute_invoice_status).
     */
    _compute_invoice_status(): Map<number, unknown> {
      const vals = this._values(['state', 'company_id']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        if (vals.get(id)!.state !== 'sale' || linesNotConfirmedYet(this, id)) { out.set(id, 'no'); continue; }
        const statuses = this.env.cr.all<{ s: string | null; product_id: number | null }>(
          'SELECT invoice_status AS s, product_id FROM sale_order_line WHERE order_id = ? AND is_downpayment IS NOT 1 AND display_type IS NULL', [id]);
        const list = statuses.map((r) => r.s ?? 'no');
        let status = 'no';
        if (list.includes('to invoice')) {
          status = 'to invoice';
          if (list.includes('no')) {
            // invoicing only the company's discount product lines makes no sense on its own
            const discountProduct = companyValues(this, vals.get(id)!.company_id as number, ['sale_discount_product_id']).sale_discount_product_id;
            const invoiceable = statuses.filter((r) => r.s === 'to invoice');
            if (invoiceable.every((r) => discountProduct && r.product_id === discountProduct)) status = 'no';
          }
        } else if (list.length && list.every((s) => s === 'invoiced')) status = 'invoiced';
        else if (list.length && list.every((s) => s === 'invoiced' || s === 'upselling')) status = 'upselling';
        out.set(id, status);
      }
      return out;
    }
    /** The total, minus the tax-included amount of the posted invoices of this order (sale_order.py _compute_amount_to_invoice). */
    _compute_amount_to_invoice(): Map<number, unknown> {
      const vals = this._values(['invoice_status', 'amount_total', 'currency_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.invoice_status === 'invoiced') return [id, 0.0];
        return [id, (Number(v.amount_total) || 0) - this._invoicedAmount(id, v.currency_id as number)];
      }));
    }
    /**
     * Σ price_total × -direction_sign of the posted invoice lines stemming from the order (account_move.py
     * _get_sale_order_invoiced_amount). Driven from the order's lines (CROSS JOIN fixes the join order):
     * with `aml.id IN (…)` SQLite scanned every journal entry.
     */
    _invoicedAmount(orderId: number, _currencyId: number): number {
      if (!this.env.registry.has('account.move.line') || newOrderWithoutInvoices(this, orderId)) return 0;
      // computed again in the same call after the order's invoicing is refreshed (posting: the
      // ORM follows the invoice's state, then its lines are refreshed): the same while no invoice
      // line, move or link changed, nor a line changed order (invoicedAmountsByCall)
      const tables = this.env.cr.tables;
      let byOrder = invoicedAmountsByCall.get(this.env.cache);
      const known = byOrder?.get(orderId);
      if (known && tables.unchangedSince(INVOICED_AMOUNT_TABLES, known.stamp)) {
        tables.note(['sale_order_line', ...INVOICED_AMOUNT_TABLES]);
        return known.amount;
      }
      const stamp = tables.version;
      const row = this.env.cr.get<{ total: number | null }>(
        `SELECT SUM(CASE WHEN m.move_type IN ('out_invoice', 'in_refund', 'out_receipt') THEN aml.price_total ELSE -aml.price_total END) AS total
           FROM (SELECT DISTINCT r.invoice_line_id AS id FROM sale_order_line sol
                   JOIN sale_order_line_invoice_rel r ON r.order_line_id = sol.id WHERE sol.order_id = ?) own
           CROSS JOIN account_move_line aml ON aml.id = own.id CROSS JOIN account_move m ON m.id = aml.move_id
          WHERE m.state = 'posted'`, [orderId]);
      if (!byOrder) invoicedAmountsByCall.set(this.env.cache, byOrder = new Map());
      byOrder.set(orderId, { amount: row?.total ?? 0, stamp });
      return row?.total ?? 0;
    }
    _compute_amount_invoiced(): Map<number, unknown> {
      const vals = this._values(['amount_total', 'amount_to_invoice']);
      return new Map(this.ids.map((id) => [id, (Number(vals.get(id)!.amount_total) || 0) - (Number(vals.get(id)!.amount_to_invoice) || 0)]));
    }
    /** Customer invoices and credit notes reached through the lines' invoice lines. */
    _get_invoiced(field: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const moves = this._invoiceIds(id);
        out.set(id, field.name === 'invoice_count' ? moves.length : moves);
      }
      return out;
    }
    _invoiceIds(orderId: number): number[] {
      if (!this.env.registry.has('account.move.line')) return [];
      return this.env.cr.all<{ id: number }>(
        `SELECT DISTINCT m.id FROM account_move m JOIN account_move_line aml ON aml.move_id = m.id
           JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = aml.id JOIN sale_order_line sol ON sol.id = r.order_line_id
          WHERE sol.order_id = ? AND m.move_type IN ('out_invoice', 'out_refund') ORDER BY m.id DESC`, [orderId]).map((r) => r.id);
    }
    /**
     * The orders having moves `moves` among their invoices, in id order, when known without a
     * join over the invoice links: only customer invoices and credit notes are an order's
     * invoices, so for other moves (the entries of payments, whose changes the ORM follows to
     * amount_to_invoice) no order has them, as their type (known to the call) tells; for customer
     * invoices they are their linked lines' orders (kept for refreshing the lines' invoicing,
     * which asks for them next: invoice_links.ts). Undefined for moves of mixed types or missing.
     */
    _ordersOfMoves(moves: number[]): number[] | undefined {
      const types = this.env.model('account.move').sudo().withContext({ active_test: false }).browse(moves)._values(['move_type']);
      if (types.size !== moves.length) return undefined;
      const customer = (t: Vals) => t.move_type === 'out_invoice' || t.move_type === 'out_refund';
      if ([...types.values()].every((t) => !customer(t))) return [];
      if (![...types.values()].every(customer)) return undefined;
      const lines = (this.env.model('account.move').sudo().browse(moves) as AnyModel)._saleLineIds() as number[];
      const orders = this.env.model('sale.order.line').sudo().browse(lines)._values(['order_id']);
      return [...new Set([...orders.values()].map((v) => v.order_id as number))].sort((a, b) => a - b);
    }
    /**
     * The orders whose invoices are moves `ids`, for the ORM following a change of the moves to
     * amount_to_invoice (invoice_ids.state): the search of invoice_ids, without its statement
     * when the orders are known (_ordersOfMoves); none while the moves' state is written by sale's
     * account.move._write, which refreshes their orders after it (whileWritingMoveState).
     */
    /** A new order's lines are noted as its creation creates them (writeNewOrderLines). */
    _writeX2many(f: Field, value: unknown, creating: boolean): void {
      if (creating && f.name === 'order_line') writeNewOrderLines(this, value, () => super._writeX2many(f, value, creating));
      else super._writeX2many(f, value, creating);
    }
    _pointingIds(relField: Field, ids: number[]): number[] {
      if (relField.name === 'invoice_ids' && relField.model === this._name && ids.length) {
        // orders refreshed after the moves' new state is written (sale's account.move._write)
        if (ordersRefreshedAfterState(this, ids)) return [];
        const known = this._ordersOfMoves(ids);
        if (known) return known;
      }
      return super._pointingIds(relField, ids);
    }
    _search_invoice_ids(operator: string, value: unknown): Domain {
      if (operator === 'in' && Array.isArray(value) && value.length) {
        const moves = value.filter((m): m is number => typeof m === 'number');
        const known = moves.length === value.length ? this._ordersOfMoves(moves) : undefined;
        if (known) return [['id', 'in', known]];
        const found = this.env.cr.all<{ id: number }>(
          `SELECT DISTINCT sol.order_id AS id FROM sale_order_line sol JOIN sale_order_line_invoice_rel r ON r.order_line_id = sol.id
             JOIN account_move_line aml ON aml.id = r.invoice_line_id JOIN account_move am ON am.id = aml.move_id
            WHERE am.move_type IN ('out_invoice', 'out_refund') AND am.id IN (${value.map(() => '?').join(',')})`, value as number[]).map((r) => r.id);
        return [['id', 'in', found]];
      }
      if (operator === '=' && !value) {
        const withInvoices = this.sudo()._searchIds([['order_line.invoice_lines.move_id.move_type', 'in', ['out_invoice', 'out_refund']]]);
        return [['id', 'not in', withInvoices]];
      }
      return [['order_line.invoice_lines.move_id.move_type', 'in', ['out_invoice', 'out_refund']], ['order_line.invoice_lines.move_id', operator, value]];
    }
    _transactions(orderId: number, states: string[] | null): Array<{ id: number; amount: number; state: string }> {
      if (!this.env.registry.has('payment.transaction')) return [];
      return this.env.cr.all<{ id: number; amount: number; state: string }>(
        `SELECT t.id, t.amount, t.state FROM payment_transaction t JOIN sale_order_transaction_rel r ON r.transaction_id = t.id WHERE r.sale_order_id = ?${states ? ` AND t.state IN (${states.map(() => '?').join(',')})` : ''} ORDER BY t.id DESC`,
        [orderId, ...(states ?? [])]);
    }
    _compute_authorized_transaction_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._transactions(id, ['authorized']).map((t) => t.id)]));
    }
    _compute_amount_paid(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._transactions(id, ['authorized', 'done']).reduce((s, t) => s + (t.amount || 0), 0)]));
    }
    _compute_amount_undiscounted(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const rows = this.env.cr.all<{ s: number; d: number; p: number; q: number }>(
          'SELECT price_subtotal AS s, discount AS d, price_unit AS p, product_uom_qty AS q FROM sale_order_line WHERE order_id = ?', [id]);
        return [id, rows.reduce((t, r) => t + ((r.d ?? 0) !== 100 ? ((r.s ?? 0) * 100) / (100 - (r.d ?? 0)) : (r.p ?? 0) * (r.q ?? 0)), 0)];
      }));
    }
    /** The earliest date a line can be delivered: order date (or now) + the line's lead time. */
    _compute_expected_date(): Map<number, unknown> {
      const vals = this._values(['state', 'date_order']);
      return new Map<number, unknown>(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state === 'cancel') return [id, false];
        const leads = this.env.cr.all<{ l: number }>('SELECT customer_lead AS l FROM sale_order_line WHERE order_id = ? AND display_type IS NULL', [id]).map((r) => r.l ?? 0);
        if (!leads.length) return [id, false];
        const base = v.state === 'sale' && v.date_order ? new Date(`${String(v.date_order).replace(' ', 'T')}Z`) : new Date(this.env.cr.clock.now());
        const min = Math.min(...leads);
        return [id, new Date(base.getTime() + min * 86400000).toISOString().slice(0, 19).replace('T', ' ')];
      }));
    }
    _compute_is_expired(): Map<number, unknown> {
      const today = new Date(this.env.cr.clock.now()).toISOString().slice(0, 10);
      const vals = this._values(['state', 'validity_date']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, ['draft', 'sent'].includes(String(v.state)) && !!v.validity_date && String(v.validity_date) < today];
      }));
    }
    _compute_partner_credit_warning(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, '']));
    }
    _compute_tax_country_id(): Map<number, unknown> {
      const vals = this._values(['company_id', 'fiscal_position_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.fiscal_position_id && this.env.registry.has('account.fiscal.position')) {
          const fp = this.env.model('account.fiscal.position').sudo().browse([v.fiscal_position_id as number])._values(['foreign_vat', 'country_id']).get(v.fiscal_position_id as number);
          if (fp?.foreign_vat) return [id, fp.country_id];
        }
        return [id, companyValues(this, v.company_id as number, ['account_fiscal_country_id']).account_fiscal_country_id ?? false];
      }));
    }
    /** account.tax._prepare_tax_totals over the order's lines (sale.md §2.5). */
    _compute_tax_totals(): Map<number, unknown> {
      const vals = this._values(['company_id', 'currency_id']);
      const lines = orderLineData(this, this.ids);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const currency = (v.currency_id as number) || (companyValues(this, v.company_id as number, ['currency_id']).currency_id as number);
        return [id, taxTotals(this.env, v.company_id as number, currency, lines.get(id) ?? [])];
      }));
    }
    _compute_type_name(): Map<number, unknown> {
      const vals = this._values(['state']);
      return new Map(this.ids.map((id) => [id, ['draft', 'sent', 'cancel'].includes(String(vals.get(id)!.state)) ? 'Quotation' : 'Sales Order']));
    }
    _compute_has_active_pricelist(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => [id, this.env.model('product.pricelist').sudo()._searchIds([['company_id', 'in', [false, vals.get(id)!.company_id]], ['active', '=', true]], { limit: 1 }).length > 0]));
    }
    /** portal.mixin: the customer's page of the order. */
    _compute_access_url(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, `/my/orders/${id}`]));
    }
    /** "S00019 - Joel Willis" with context sale_show_partner_name, else the name. */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'partner_id']);
      if (!this.env.context.sale_show_partner_name) return new Map(this.ids.map((id) => [id, vals.get(id)?.name ?? false]));
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const pname = v.partner_id ? this.env.model('res.partner').sudo().browse([v.partner_id as number]).get('name') : false;
        return [id, pname ? `${v.name} - ${pname}` : v.name];
      }));
    }
    fields_get(allfields: unknown = null, attributes: unknown = null): Record<string, Vals> {
      const res = super.fields_get(allfields, attributes);
      if (res.user_id && 'domain' in res.user_id) res.user_id.domain = salesmanDomain(this.env);
      return res;
    }
    _nameSearchDomain(name: string, operator: string): Domain {
      if (!this.env.context.sale_show_partner_name) return super._nameSearchDomain(name, operator);
      if ((operator === 'ilike' || operator === 'like') && !name) return [];
      return ['|', ['name', operator, name], ['partner_id.name', operator, name]];
    }

    // ------------------------------------------------------------------------- constraints
    _check_order_line_company_id(): void {
      const productCompanyIds = productCompanies(this);
      for (const [id, v] of this._values(['company_id'])) {
        if (productCompanyIds.every((c) => c === v.company_id)) continue;
        const rows = this.env.cr.all<{ c: number; p: number }>(
          `SELECT t.company_id AS c, p.id AS p FROM sale_order_line l JOIN product_product p ON p.id = l.product_id JOIN product_template t ON t.id = p.product_tmpl_id
            WHERE l.order_id = ? AND t.company_id IS NOT NULL AND t.company_id != ?`, [id, v.company_id as number]);
        if (!rows.length) continue;
        const companies = [...new Set(rows.map((r) => r.c))].map((c) => this.env.model('res.company').sudo().browse([c as number])._displayNames().get(c)).join(', ');
        const products = [...new Set(rows.map((r) => r.p))].map((p) => this.env.model('product.product').sudo().browse([p as number])._displayNames().get(p)).join(', ');
        const own = this.env.model('res.company').sudo().browse([v.company_id as number])._displayNames().get(v.company_id as number);
        throw new ValidationError(`Your quotation contains products from company ${companies} whereas your quotation belongs to company ${own}. \n Please change the company of your quotation or remove the products from other companies (${products}).`);
      }
    }
    _check_prepayment_percent(): void {
      for (const [, v] of this._values(['require_payment', 'prepayment_percent'])) {
        const p = Number(v.prepayment_percent) || 0;
        if (v.require_payment && !(p > 0 && p <= 1.0)) throw new ValidationError('Prepayment percentage must be a valid percentage.');
      }
    }

    // -------------------------------------------------------------------------------- CRUD
    /** The `S00001` name from the sale.order sequence when none (or "New") is given (sale_order.py create). */
    /**
     * The name comes from the sale.order sequence before the access checks of create, with the
     * caller's rights (sale_order.py create: a portal user is refused the Sequence first).
     */
    create(valsList: unknown): this {
      const list = Array.isArray(valsList) ? valsList : [valsList];
      const named = list.map((vals) => {
        if (!vals || typeof vals !== 'object' || Array.isArray(vals)) return vals;
        const v = vals as Vals;
        return v.name === undefined || v.name === 'New' ? { ...v, name: this._nextOrderName(v) } : v;
      });
      return super.create(Array.isArray(valsList) ? named : named[0]);
    }
    _nextOrderName(v: Vals): string {
      const Seq = this.env.model('ir.sequence');
      const env = typeof v.company_id === 'number' ? Seq.withContext({ ...this.env.context, allowed_company_ids: [v.company_id] }) : Seq;
      return env.next_by_code('sale.order') || 'New';
    }
    _create(valsList: Vals[]): this {
      const prepared = valsList.map((vals) => {
        const v = { ...vals };
        // the required addresses are precomputed from the customer (precompute=True in Odoo)
        if (typeof v.partner_id === 'number' && v.partner_id) {
          const missing = ['partner_invoice_id', 'partner_shipping_id'].filter((f) => !v[f]);
          if (missing.length) {
            const addr = addressGet(this.env, v.partner_id, ['invoice', 'delivery']);
            if (!v.partner_invoice_id) v.partner_invoice_id = addr.invoice;
            if (!v.partner_shipping_id) v.partner_shipping_id = addr.delivery;
          }
        }
        if (v.name === undefined || v.name === 'New') v.name = this._nextOrderName(v);
        // the pricelist and currency are precomputed too: the lines created with the order round
        // their amounts in the order's currency
        const companyId = typeof v.company_id === 'number' ? v.company_id : (this.env.companyInfo().companyId || 0);
        if (!('pricelist_id' in v) && typeof v.partner_id === 'number' && v.partner_id) {
          v.pricelist_id = this.env.model('res.partner').sudo().withContext({ ...this.env.context, allowed_company_ids: [companyId] }).browse([v.partner_id]).get('property_product_pricelist') || false;
        }
        if (!('currency_id' in v)) {
          const pl = v.pricelist_id ? this.env.model('product.pricelist').sudo().browse([v.pricelist_id as number]).get('currency_id') : false;
          v.currency_id = pl || companyValues(this, companyId, ['currency_id']).currency_id || false;
        }
        return v;
      });
      // the lines created with the order have no invoice line to read (invoice_links.ts)
      return orderCreation(this, () => super._create(prepared));
    }
    write(vals: unknown): boolean {
      checkRead(this);
      const v = (vals ?? {}) as Vals;
      if (v && typeof v === 'object' && 'pricelist_id' in v && [...this._values(['state']).values()].some((r) => r.state === 'sale')) {
        throw new UserError('You cannot change the pricelist of a confirmed order !');
      }
      if (v && typeof v === 'object' && v.state === 'sale') {
        const entering = [...this._values(['state'])].filter(([, r]) => r.state !== 'sale').map(([id]) => id);
        if (entering.length) return whileConfirming(this, entering, () => super.write(vals));
      }
      return super.write(vals);
    }
    /** Only quotations and cancelled orders may be deleted (_unlink_except_draft_or_cancel, after the access checks). */
    _ondelete(): void {
      super._ondelete();
      if ([...this.sudo()._values(['state']).values()].some((v) => !['draft', 'cancel'].includes(String(v.state)))) {
        throw new UserError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
      }
    }
    /** A copy gets the lines (but the down payments), a new name and date, no signature (sale_order.py copy_data). */
    copy_data(dflt: unknown = null): Vals[] {
      const d = { ...((dflt ?? {}) as Vals) };
      existingValues(this, ['state']);
      return this.ids.map((id) => {
        const extra: Vals = {};
        if (!('order_line' in d)) {
          const lineIds = this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ? AND is_downpayment IS NOT 1 ORDER BY sequence, id', [id]).map((r) => r.id);
          const Line = this.env.model('sale.order.line');
          extra.order_line = lineIds.map((l) => [0, 0, Line.browse([l]).copy_data()[0]]);
        }
        const data = super.copy_data.call(this.browse([id]), { ...d, ...extra })[0];
        // recomputed on the copy: name from the sequence, validity, salesperson kept
        delete data.validity_date;
        return data;
      });
    }

    // ----------------------------------------------------------------------------- actions
    /** Sent and cancelled orders go back to draft; others are left as they are. */
    action_draft(): boolean {
      checkRead(this);
      const states = existingValues(this, ['state']);
      const todo = this.ids.filter((id) => ['cancel', 'sent'].includes(String(states.get(id)!.state)));
      return this.browse(todo).write({ state: 'draft', signature: false, signed_by: false, signed_on: false });
    }
    /** The mail composer action with the quotation (or confirmation) template (sale_order.py action_quotation_send). */
    action_quotation_send(): Vals {
      checkRead(this);
      this.ensureOne();
      const template = this._find_mail_template();
      const typeName = this.get('type_name');
      return {
        type: 'ir.actions.act_window', view_mode: 'form', res_model: 'mail.compose.message', views: [[false, 'form']], view_id: false, target: 'new',
        context: {
          default_model: 'sale.order', default_res_ids: this.ids, default_template_id: template ? template.ids[0] : null,
          default_composition_mode: 'comment', mark_so_as_sent: true,
          default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature',
          proforma: this.env.context.proforma ?? false, force_email: true, model_description: typeName,
        },
      };
    }
    _find_mail_template(): AnyModel | null {
      if (this.env.context.proforma || this.get('state') !== 'sale') return this.env.ref('sale.email_template_edi_sale', false);
      return this._get_confirmation_template();
    }
    _get_confirmation_template(): AnyModel | null {
      const param = this.env.model('ir.config_parameter').sudo().get_param('sale.default_confirmation_template');
      if (param) {
        const t = this.env.model('mail.template').browse([Number(param)]).exists();
        if (t.ids.length) return t;
      }
      return this.env.ref('sale.mail_template_sale_confirmation', false);
    }
    /**
     * Sending the quotation from the composer (context mark_so_as_sent) marks drafts as sent and
     * the recipients follow the order (sale_order.py message_post).
     */
    message_post(kwargs: Vals = {}): unknown {
      this._markSentFromComposer();
      const parent = (Base.prototype as AnyModel).message_post;
      return parent ? parent.call(this.withContext({ ...this.env.context, mail_post_autofollow: this.env.context.mail_post_autofollow ?? true }), kwargs) : null;
    }
    _markSentFromComposer(): void {
      if (!this.env.context.mark_so_as_sent) return;
      const drafts = [...this._values(['state']).entries()].filter(([, v]) => v.state === 'draft').map(([id]) => id);
      if (drafts.length) this.browse(drafts).withContext({ ...this.env.context, tracking_disable: true }).write({ state: 'sent' });
    }
    /** The composer's fallback when mail.thread is not installed: same effect as message_post above. */
    _onMailComposerSent(partnerIds: number[]): void {
      this._markSentFromComposer();
      if (this.env.context.mark_so_as_sent !== undefined) for (const id of this.ids) subscribe(this.browse([id]), partnerIds);
    }
    /** A confirmation or a sending notifies the followers with sale's subtypes (sale_order.py _track_subtype). */
    _track_subtype(initialValues: Record<string, unknown>): number | false {
      if ('state' in initialValues) {
        const state = this.ensureOne().get('state');
        if (state === 'sale') return this.env.xmlidLookup('sale.mt_order_confirmed')?.[1] ?? false;
        if (state === 'sent') return this.env.xmlidLookup('sale.mt_order_sent')?.[1] ?? false;
      }
      return (Base.prototype as AnyModel)._track_subtype.call(this, initialValues);
    }
    /** Draft quotations are marked as sent (the customer follows them). Returns nothing. */
    action_quotation_sent(): null {
      checkRead(this);
      if ([...this._values(['state']).values()].some((v) => v.state !== 'draft')) throw new UserError('Only draft orders can be marked as sent directly.');
      for (const id of this.ids) subscribe(this.browse([id]), [this.browse([id]).get('partner_id') as number]);
      this.write({ state: 'sent' });
      return null;
    }
    /**
     * Confirm quotations (sale_order.py action_confirm): the customer follows the order, the
     * order date becomes now, the order is locked when its creator has "Lock Confirmed Sales",
     * and the confirmation mail goes out with context send_email.
     */
    action_confirm(): boolean {
      checkRead(this);
      const vals = existingValues(this, ['state', 'partner_id', 'create_uid']);
      if (![...vals.values()].every((v) => ['draft', 'sent'].includes(String(v.state)))) {
        const names = this.ids.map((id) => this.browse([id])._displayNames().get(id)).join(', ');
        throw new UserError(`The following orders are not in a state requiring confirmation: ${names}`);
      }
      // the customer follows the order: reading the followers needs their field's group (a portal user is refused here)
      if (this.cls._fields.message_follower_ids) checkFieldAccess(this, ['message_follower_ids'], 'read');
      for (const id of this.ids) {
        const partner = vals.get(id)!.partner_id as number;
        if (!followers(this.browse([id])).includes(partner)) subscribe(this.browse([id]), [partner]);
      }
      this.write({ state: 'sale', date_order: nowUtc(this.env.cr) });
      this._action_confirm();
      const toLock = this.ids.filter((id) => {
        const creator = vals.get(id)!.create_uid as number | false;
        return creator && this.env.hasGroup('sale.group_auto_done_setting', creator);
      });
      if (toLock.length) this.browse(toLock).action_lock();
      if (this.env.context.send_email) this._send_order_confirmation_mail();
      return true;
    }
    /** Extension point of confirmation (sale_stock creates deliveries here). */
    _action_confirm(): void { /* nothing in sale alone */ }
    _send_order_confirmation_mail(): void {
      for (const id of this.ids) {
        const order = this.browse([id]);
        const template = order._get_confirmation_template();
        if (template) order._send_order_notification_mail(template);
      }
    }
    /**
     * Post the template's mail on the order, sent at once (sale_order.py _send_order_notification_mail:
     * message_post_with_source, a 'notification' with the comment subtype, through the composer).
     */
    _send_order_notification_mail(template: AnyModel): void {
      const id = this.ensureOne().ids[0];
      const composer = this.env.model('mail.compose.message').sudo().withContext({ ...this.env.context, force_send: true }).create({
        model: this._name, res_ids: [id], template_id: template.ids[0], composition_mode: 'comment', message_type: 'notification',
        subtype_id: this.env.xmlidLookup('mail.mt_comment')?.[1] ?? false, email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature',
      });
      composer.action_send_mail();
    }
    action_lock(): null {
      checkRead(this);
      this.write({ locked: true });
      return null;
    }
    action_unlock(): null {
      checkRead(this);
      this.write({ locked: false });
      return null;
    }
    /**
     * Cancel: refused on locked orders; for orders beyond draft the cancel wizard (with the
     * cancellation mail) is returned instead, unless context disable_cancel_warning.
     */
    action_cancel(): unknown {
      checkRead(this);
      const vals = this._values(['locked', 'state', 'type_name']);
      if ([...vals.values()].some((v) => v.locked)) throw new UserError('You cannot cancel a locked order. Please unlock it first.');
      const showWizard = !this.env.context.disable_cancel_warning && [...vals.values()].some((v) => v.state !== 'draft');
      if (showWizard) {
        this.ensureOne();
        const typeName = vals.get(this.ids[0])!.type_name;
        return {
          name: `Cancel ${typeName}`, view_mode: 'form', res_model: 'sale.order.cancel',
          view_id: this.env.xmlidLookup('sale.sale_order_cancel_view_form')?.[1] ?? false,
          type: 'ir.actions.act_window', target: 'new',
          context: {
            default_template_id: this.env.xmlidLookup('sale.mail_template_sale_cancellation')?.[1] ?? false,
            default_order_id: this.ids[0], mark_so_as_canceled: true,
            default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature', model_description: typeName,
          },
        };
      }
      return this._action_cancel();
    }
    /** Draft invoices of the orders are cancelled with them. */
    _action_cancel(): boolean {
      const drafts = this.ids.flatMap((id) => this._invoiceIds(id)).filter((m) => this.env.cr.get("SELECT 1 AS x FROM account_move WHERE id = ? AND state = 'draft'", [m]));
      if (drafts.length) this.env.model('account.move').browse([...new Set(drafts)]).button_cancel();
      return this.write({ state: 'cancel' });
    }
    action_preview_sale_order(): Vals {
      checkRead(this);
      this.ensureOne();
      existingValues(this, ['state']);
      return { type: 'ir.actions.act_url', target: 'self', url: (this as AnyModel).get_portal_url() };
    }
    action_update_taxes(): null {
      checkRead(this);
      this.ensureOne();
      existingValues(this, ['partner_id']);
      const lines = this.env.model('sale.order.line').browse(this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ? AND display_type IS NULL', [this.ids[0]]).map((r) => r.id));
      lines._recompute_tax_id();
      const v = this._values(['partner_id', 'fiscal_position_id']).get(this.ids[0])!;
      if (v.partner_id) {
        const fp = v.fiscal_position_id ? ` ${this.env.model('account.fiscal.position').sudo().browse([v.fiscal_position_id as number])._displayNames().get(v.fiscal_position_id as number)}` : ' ';
        postMessage(this, `Product taxes have been recomputed according to fiscal position${fp}.`);
      }
      return null;
    }
    action_update_prices(): null {
      checkRead(this);
      this.ensureOne();
      const lines = this.env.model('sale.order.line').browse(this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ? AND display_type IS NULL', [this.ids[0]]).map((r) => r.id));
      lines._recompute_prices(true);
      const pl = this.get('pricelist_id') as number | false;
      postMessage(this, pl
        ? `Product prices have been recomputed according to pricelist ${this.env.model('product.pricelist').sudo().browse([pl])._displayNames().get(pl)}.`
        : 'Product prices have been recomputed.');
      return null;
    }
    action_open_discount_wizard(): Vals {
      checkRead(this);
      this.ensureOne();
      return { name: 'Discount', type: 'ir.actions.act_window', res_model: 'sale.order.discount', view_mode: 'form', target: 'new' };
    }
    /** account.action_move_out_invoice_type on the invoices (one: its form; none: close). */
    action_view_invoice(invoices: unknown = false): Vals {
      checkRead(this);
      existingValues(this, ['name']);
      let moves: number[] = Array.isArray(invoices) ? (invoices as number[]) : invoices && typeof invoices === 'object' && 'ids' in (invoices as object) ? (invoices as BaseModel).ids : [];
      if (!moves.length) moves = [...new Set(this.ids.flatMap((id) => this._invoiceIds(id)))];
      let action: Vals;
      if (moves.length) {
        action = this._invoiceAction();
        if (moves.length > 1) action.domain = [['id', 'in', moves]];
        else {
          const form = this.env.xmlidLookup('account.view_move_form')?.[1] ?? false;
          const views = Array.isArray(action.views) ? (action.views as Array<[unknown, string]>) : [];
          action.views = [[form, 'form'], ...views.filter(([, t]) => t !== 'form')];
          action.res_id = moves[0];
        }
      } else action = { type: 'ir.actions.act_window_close' };
      const context: Vals = { default_move_type: 'out_invoice' };
      if (this.ids.length === 1) {
        const v = this._values(['partner_id', 'partner_shipping_id', 'payment_term_id', 'name']).get(this.ids[0])!;
        // the customer's terms only for an order without its own (Python's `or`: read only then)
        const partnerTerm = () => (v.partner_id && this.env.model('res.partner').cls._fields.property_payment_term_id ? this.env.model('res.partner').sudo().browse([v.partner_id as number]).get('property_payment_term_id') : false);
        Object.assign(context, {
          default_partner_id: v.partner_id, default_partner_shipping_id: v.partner_shipping_id,
          default_invoice_payment_term_id: v.payment_term_id || partnerTerm() || null, default_invoice_origin: v.name,
        });
      }
      action.context = context;
      return action;
    }
    /** The window action account.action_move_out_invoice_type, read like ir.actions.act_window._for_xml_id. */
    _invoiceAction(): Vals {
      const ref = this.env.xmlidLookup('account.action_move_out_invoice_type');
      if (ref && this.env.registry.has(ref[0]) && typeof this.env.model(ref[0])._for_xml_id === 'function') {
        return this.env.model(ref[0])._for_xml_id('account.action_move_out_invoice_type');
      }
      const AM = this.env.model('account.move');
      if (typeof AM._invoiceActionValues === 'function') return AM._invoiceActionValues();
      // the fields of the action record as _for_xml_id reads them (views are not emulated: no view ids)
      return {
        id: ref?.[1] ?? false, name: 'Invoices', type: 'ir.actions.act_window', xml_id: 'account.action_move_out_invoice_type',
        help: INVOICES_ACTION_HELP, binding_model_id: false, binding_type: 'action', binding_view_types: 'list,form', display_name: 'Invoices',
        view_id: false, domain: "[('move_type', '=', 'out_invoice')]", context: { default_move_type: 'out_invoice' }, res_id: 0,
        res_model: 'account.move', target: 'current', view_mode: 'tree,kanban,form,activity', mobile_view_mode: 'kanban',
        views: [[false, 'tree'], [false, 'kanban'], [false, 'form'], [false, 'activity']], limit: 80, groups_id: [], search_view_id: false, filter: false,
      };
    }
    payment_action_capture(): unknown {
      this.ensureOne();
      existingValues(this, ['state']);
      const txs = this._transactions(this.ids[0], null).map((t) => t.id);
      // no transaction: nothing to capture, Odoo answers None
      if (!txs.length) return null;
      return this.env.model('payment.transaction').sudo().browse(txs).action_capture();
    }
    payment_action_void(): null {
      existingValues(this, ['state']);
      const txs = this.ids.flatMap((id) => this._transactions(id, ['authorized']).map((t) => t.id));
      if (txs.length) this.env.model('payment.transaction').sudo().browse(txs).action_void();
      return null;
    }
    get_portal_last_transaction(): unknown {
      this.ensureOne();
      existingValues(this, ['state']);
      const txs = this._transactions(this.ids[0], null);
      return this.env.model('payment.transaction').sudo().browse(txs.length ? [txs[0].id] : []);
    }
    validate_taxes_on_sales_order(): boolean { return true; }

    // -------------------------------------------------------------------------- portal
    /** Signature needed: draft/sent, not expired, required, not yet signed (sale_order.py _has_to_be_signed). */
    _has_to_be_signed(): boolean {
      const v = this.ensureOne()._values(['state', 'is_expired', 'require_signature', 'signature']).get(this.ids[0])!;
      return ['draft', 'sent'].includes(String(v.state)) && !v.is_expired && !!v.require_signature && !v.signature;
    }
    _has_to_be_paid(): boolean {
      const v = this.ensureOne()._values(['state', 'is_expired', 'require_payment', 'amount_total']).get(this.ids[0])!;
      return ['draft', 'sent'].includes(String(v.state)) && !v.is_expired && !!v.require_payment && Number(v.amount_total) > 0 && !this._is_confirmation_amount_reached();
    }
    _get_prepayment_required_amount(): number {
      const v = this.ensureOne()._values(['prepayment_percent', 'require_payment', 'amount_total', 'currency_id']).get(this.ids[0])!;
      if (Number(v.prepayment_percent) === 1.0 || !v.require_payment) return Number(v.amount_total);
      return currencyRound(this.env, v.currency_id as number, Number(v.amount_total) * Number(v.prepayment_percent));
    }
    _is_confirmation_amount_reached(): boolean {
      const v = this.ensureOne()._values(['amount_paid', 'currency_id']).get(this.ids[0])!;
      const rounding = Number(this.env.model('res.currency').sudo().browse([v.currency_id as number]).get('rounding')) || 0.01;
      return floatCompare(this._get_prepayment_required_amount(), Number(v.amount_paid), { rounding }) <= 0;
    }
    _get_report_base_filename(): string {
      const v = this.ensureOne()._values(['type_name', 'name']).get(this.ids[0])!;
      return `${v.type_name} ${v.name}`;
    }
    _get_lang(): string {
      const partner = this.ensureOne().get('partner_id') as number;
      const p = this.env.model('res.partner').sudo().browse([partner])._values(['lang', 'is_public']).get(partner);
      return (p?.lang && !p.is_public ? String(p.lang) : '') || String(this.env.context.lang || 'en_US');
    }
    _is_readonly(): boolean {
      const v = this.ensureOne()._values(['state', 'locked']).get(this.ids[0])!;
      return v.state === 'cancel' || !!v.locked;
    }
    _is_paid(): boolean {
      const v = this.ensureOne()._values(['amount_paid', 'amount_total', 'currency_id']).get(this.ids[0])!;
      return floatCompare(Number(v.amount_paid), Number(v.amount_total), { rounding: Number(this.env.model('res.currency').sudo().browse([v.currency_id as number]).get('rounding')) || 0.01 }) >= 0;
    }
    /** Automatic invoicing of paid orders: every confirmed line is to invoice in full (sale_order.py _force_lines_to_invoice_policy_order). */
    _force_lines_to_invoice_policy_order(): void {
      const Line = this.env.model('sale.order.line').sudo();
      const lines = Line._searchIds([['order_id', 'in', this.ids], ['state', '=', 'sale']]);
      for (const [lid, l] of Line.browse(lines)._values(['product_uom_qty', 'qty_invoiced'])) {
        Line.browse([lid])._write({ qty_to_invoice: Number(l.product_uom_qty) - Number(l.qty_invoiced) });
      }
    }
    /** Values the mail templates of sale render (see fixtures/sale/data/mail_template_data.xml). */
    _mailRenderValues(): Vals {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['name', 'state', 'company_id', 'partner_id', 'user_id', 'amount_total', 'currency_id', 'type_name', 'client_order_ref']).get(id)!;
      const company = this.env.model('res.company').sudo().browse([v.company_id as number])._values(['name', 'email', 'partner_id']).get(v.company_id as number) ?? {};
      const partner = this.env.model('res.partner').sudo().browse([v.partner_id as number])._values(['name', 'email', 'email_formatted', 'lang']).get(v.partner_id as number) ?? {};
      const user = v.user_id ? this.env.model('res.users').sudo().browse([v.user_id as number]) : null;
      const userEmail = user ? user.rel('partner_id').get('email_formatted') : false;
      const companyEmail = company.partner_id ? this.env.model('res.partner').sudo().browse([company.partner_id as number]).get('email_formatted') : false;
      const currentUser = this.env.model('res.users').sudo().browse([this.env.uid]).rel('partner_id').get('email_formatted');
      const proforma = !!this.env.context.proforma;
      const docType = ['draft', 'sent'].includes(String(v.state)) ? (proforma ? 'Proforma' : 'Quotation') : 'Order';
      const lastTx = this._transactions(id, null)[0];
      const txState = lastTx?.state ?? false;
      return {
        object: {
          id, name: v.name, state: v.state, type_name: v.type_name, type_name_lower: String(v.type_name).toLowerCase(), client_order_ref: v.client_order_ref,
          order_word: txState === 'pending' ? 'Pending Order' : 'Order',
          company_id: { name: company.name, email_formatted: companyEmail },
          partner_id: { id: v.partner_id, name: partner.name, email: partner.email, lang: partner.lang },
          user_id: { email_formatted: userEmail },
          // what the subjects of Odoo's templates call (sale/data/mail_template_data.xml)
          get_portal_last_transaction: () => ({ state: txState }),
          amount_total: formatAmount(this.env, v.currency_id as number, Number(v.amount_total)),
          doc_type: docType, email_from: userEmail || companyEmail || currentUser,
          portal_url: (this as AnyModel).get_portal_url ? (this as AnyModel).sudo().get_portal_url() : `/my/orders/${id}`,
        },
        user: { email_formatted: currentUser },
      };
    }

    // ------------------------------------------------------------------------ invoicing
    /** Values of the invoice of the order (sale_order.py _prepare_invoice). */
    _prepare_invoice(): Vals {
      const v = this.ensureOne()._values(['client_order_ref', 'note', 'currency_id', 'campaign_id', 'medium_id', 'source_id', 'team_id', 'partner_invoice_id', 'partner_shipping_id',
        'fiscal_position_id', 'name', 'payment_term_id', 'user_id', 'reference', 'company_id', 'journal_id'].filter((f) => this.cls._fields[f])).get(this.ids[0])!;
      let fiscal = v.fiscal_position_id;
      if (!fiscal && this.env.registry.has('account.fiscal.position')) {
        const FP = this.env.model('account.fiscal.position').sudo();
        if (typeof FP._get_fiscal_position === 'function') fiscal = FP._get_fiscal_position(this.env.model('res.partner').browse([v.partner_invoice_id as number]))?.ids?.[0] ?? false;
      }
      const values: Vals = {
        ref: v.client_order_ref || '', move_type: 'out_invoice', narration: v.note, currency_id: v.currency_id,
        campaign_id: v.campaign_id ?? false, medium_id: v.medium_id ?? false, source_id: v.source_id ?? false,
        team_id: v.team_id, partner_id: v.partner_invoice_id, partner_shipping_id: v.partner_shipping_id,
        fiscal_position_id: fiscal || false, invoice_origin: v.name, invoice_payment_term_id: v.payment_term_id,
        invoice_user_id: v.user_id, payment_reference: v.reference, company_id: v.company_id, invoice_line_ids: [], user_id: v.user_id,
      };
      const txs = this._transactions(this.ids[0], null).map((t) => t.id);
      // an empty set on a new invoice links nothing: left out, as it would only cost its queries
      if (txs.length && this.env.model('account.move').cls._fields.transaction_ids) values.transaction_ids = [[6, 0, txs]];
      if (v.journal_id) values.journal_id = v.journal_id;
      return values;
    }
    _get_invoice_grouping_keys(): string[] { return ['company_id', 'partner_id', 'currency_id']; }
    _nothing_to_invoice_error_message(): string {
      return 'Cannot create an invoice. No items are available to invoice.\n\n'
        + 'To resolve this issue, please ensure that:\n'
        + '   \u2022 The products have been delivered before attempting to invoice them.\n'
        + '   \u2022 The invoicing policy of the product is configured correctly.\n\n'
        + 'If you want to invoice based on ordered quantities instead:\n'
        + "   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n"
        + "   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";
    }
    /** Lines to invoice: with something to invoice, sections kept when one of their lines is, down payments last (sale_order.py _get_invoiceable_lines). */
    _get_invoiceable_lines(final = false): number[] {
      const rows = this.env.cr.all<{ id: number; display_type: string | null; qty_to_invoice: number; is_downpayment: number | null }>(
        'SELECT id, display_type, qty_to_invoice, is_downpayment FROM sale_order_line WHERE order_id = ? ORDER BY sequence, id', [this.ensureOne().ids[0]]);
      const dp: number[] = [];
      const out: number[] = [];
      let pendingSection: number | null = null;
      for (const l of rows) {
        if (l.display_type === 'line_section') { pendingSection = l.id; continue; }
        const qty = l.qty_to_invoice ?? 0;
        if (l.display_type !== 'line_note' && Math.abs(Math.round(qty * 100) / 100) < 0.01) continue;
        if (qty > 0 || (qty < 0 && final) || l.display_type === 'line_note') {
          if (l.is_downpayment) { dp.push(l.id); continue; }
          if (pendingSection !== null) { out.push(pendingSection); pendingSection = null; }
          out.push(l.id);
        }
      }
      return [...out, ...dp];
    }
    _prepare_down_payment_section_line(optional: Vals = {}): Vals {
      return { display_type: 'line_section', name: 'Down Payments', product_id: false, product_uom_id: false, quantity: 0, discount: 0, price_unit: 0, account_id: false, ...optional };
    }
    /**
     * Create the invoices of the orders (sale_order.py _create_invoices): one per (company,
     * partner, currency) unless `grouped`; negative totals become credit notes when `final`.
     */
    _create_invoices(grouped = false, final = false): AnyModel {
      const Move = this.env.model('account.move');
      if (!checkAccessRights(Move, 'create', false)) {
        try {
          checkAccessRights(this, 'write');
          checkAccessRule(this, 'write');
        } catch {
          return Move;
        }
      }
      let invoiceValsList: Vals[] = [];
      // the orders whose lines each invoice's values hold (the origin its message names)
      const sourceOrders = new Map<Vals, Set<number>>();
      let sequence = 0;
      const Line = this.env.model('sale.order.line');
      for (const id of this.ids) {
        const order = this.browse([id]);
        const invoiceVals = order._prepare_invoice();
        const lines = order._get_invoiceable_lines(final);
        // read with the lines' other values (one read of the lines, their invoice lines' values next)
        const displayTypes = new Map([...Line.sudo().browse(lines)._values(['display_type', 'is_downpayment']).entries()]
          .map(([l, v]) => [l, { d: v.display_type || null, dp: v.is_downpayment }]));
        if (!lines.some((l) => !displayTypes.get(l)?.d)) continue;
        const lineVals: unknown[] = [];
        let dpSection = false;
        for (const l of lines) {
          if (!dpSection && displayTypes.get(l)?.dp) {
            lineVals.push([0, 0, order._prepare_down_payment_section_line({ sequence })]);
            dpSection = true;
            sequence++;
          }
          lineVals.push([0, 0, Line.browse([l])._prepare_invoice_line({ sequence })]);
          sequence++;
        }
        invoiceVals.invoice_line_ids = [...(invoiceVals.invoice_line_ids as unknown[]), ...lineVals];
        invoiceValsList.push(invoiceVals);
        sourceOrders.set(invoiceVals, new Set([id]));
      }
      if (!invoiceValsList.length && this.env.context.raise_if_nothing_to_invoice !== false) {
        throw new UserError(this._nothing_to_invoice_error_message());
      }
      if (!grouped) {
        const keys = this._get_invoice_grouping_keys();
        const keyOf = (v: Vals) => JSON.stringify(keys.map((k) => v[k] ?? null));
        const sorted = [...invoiceValsList].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
        const merged: Vals[] = [];
        let i = 0;
        while (i < sorted.length) {
          const k = keyOf(sorted[i]);
          const group: Vals[] = [];
          while (i < sorted.length && keyOf(sorted[i]) === k) group.push(sorted[i++]);
          const ref = group[0];
          const origins = new Set<unknown>();
          const paymentRefs = new Set<unknown>();
          const refs = new Set<unknown>();
          group.forEach((g, gi) => {
            if (gi) ref.invoice_line_ids = [...(ref.invoice_line_ids as unknown[]), ...(g.invoice_line_ids as unknown[])];
            if (gi) for (const o of sourceOrders.get(g) ?? []) sourceOrders.get(ref)!.add(o);
            origins.add(g.invoice_origin);
            paymentRefs.add(g.payment_reference);
            refs.add(g.ref);
          });
          ref.ref = [...refs].join(', ').slice(0, 2000);
          ref.invoice_origin = [...origins].join(', ');
          ref.payment_reference = paymentRefs.size === 1 ? [...paymentRefs][0] || false : false;
          merged.push(ref);
        }
        invoiceValsList = merged;
      }
      if (invoiceValsList.length < this.ids.length) {
        for (const inv of invoiceValsList) {
          let seq = 1;
          for (const cmd of inv.invoice_line_ids as Array<[number, number, Vals]>) cmd[2].sequence = seq++;
        }
      }
      // a salesperson invoices without billing rights: created as superuser (sale_order.py)
      const moves = Move.sudo().withContext({ ...this.env.context, default_move_type: 'out_invoice', sale_invoicing: true }).create(invoiceValsList);
      if (final) {
        const negative = moves.ids.filter((m: number) => (Number(Move.sudo().browse([m]).get('amount_total')) || 0) < 0);
        if (negative.length) Move.sudo().browse(negative).action_switch_move_type();
      }
      (moves.ids as number[]).forEach((m, i) => {
        // the orders whose lines it invoices (those whose invoices include it), in this order
        const from = sourceOrders.get(invoiceValsList[i]);
        const origin = this.ids.filter((o) => from?.has(o));
        const names = this.sudo().browse(origin)._values(['name']);
        const links = origin.map((o) => ({ model: 'sale.order', id: o, displayName: String(names.get(o)?.name ?? '') }));
        postMessage(Move.sudo().browse([m]), originLinkBody(Move, links), { subtypeXmlid: 'mail.mt_note', messageType: 'notification' });
      });
      // The invoice lines' creation recomputed the invoicing of the order lines they link (their
      // invoice_lines changed) and, through those, the orders' invoice status, as Odoo's flush
      // does; the lines left out of the invoice have nothing new to count. What the ORM cannot
      // follow is amount_to_invoice, which depends on the orders' invoice_ids (computed from the
      // lines' invoice lines: sale_order.py _compute_amount_to_invoice): recomputed here.
      this.env.model('sale.order').sudo().browse(this.ids)._recomputeFields(['amount_to_invoice']);
      return Move.browse(moves.ids);
    }
  },
};

/** The salesman group id in the user_id domain, as Odoo formats it at setup. */
export function salesmanDomain(env: BaseModel['env']): string {
  return `[('groups_id', '=', ${env.refId('sales_team.group_sale_salesman')}), ('share', '=', False), ('company_ids', '=', company_id)]`;
}
