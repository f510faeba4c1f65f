/**
 * Sale amounts through the accounting tax engine (models/account/tax_engine.ts), so that an order
 * and its invoice give the same figures (sale.md §2.3–2.5): a line's subtotal, tax and total
 * (sale_order_line.py _compute_amount, through account.tax._compute_taxes), the order totals
 * (rounded per line, or per tax line under round_globally) and `tax_totals`.
 */
import type { Environment } from '../orm/environment';
import { aggregateTaxes, engineCompany, loadTaxes, prepareTaxTotals, processLines, taxLineKeyValues, type BaseLine } from '../account/tax_engine';
import { currencyOf, round as curRound } from '../account/tools';

/** What the engine needs of an order line (sale_order_line.py _convert_to_tax_base_line_dict). */
export interface SaleLineData {
  id: number;
  partner_id: number | false;
  currency_id: number;
  product_id: number | false;
  tax_ids: number[];
  price_unit: number;
  quantity: number;
  discount: number;
  price_subtotal?: number;
  analytic_distribution?: unknown;
}

export function baseLineOf(env: Environment, l: SaleLineData, handlePriceInclude = true): BaseLine {
  return {
    record: l.id, partner_id: l.partner_id, currency: currencyOf(env, l.currency_id), product_id: l.product_id,
    taxes: loadTaxes(env, l.tax_ids), price_unit: l.price_unit, quantity: l.quantity, discount: l.discount,
    account_id: false, analytic_distribution: l.analytic_distribution ?? null, price_subtotal: l.price_subtotal ?? 0,
    is_refund: false, rate: 1, handle_price_include: handlePriceInclude,
  };
}

export interface Totals { amount_untaxed: number; amount_tax: number }

/**
 * account.tax._compute_taxes(lines)['totals'] for lines of one currency: the sum of the
 * subtotals, and the sum of the tax lines each rounded to the currency.
 */
export function computeTotals(env: Environment, companyId: number, lines: BaseLine[]): Totals {
  if (!lines.length) return { amount_untaxed: 0, amount_tax: 0 };
  const company = engineCompany(env, companyId);
  const processed = processLines(lines, company);
  let untaxed = 0;
  for (const [, res] of processed) untaxed += res.price_subtotal;
  const agg = aggregateTaxes(processed, company, taxLineKeyValues);
  let tax = 0;
  for (const d of agg.tax_details.values()) tax += curRound(lines[0].currency, d.tax_amount_currency);
  return { amount_untaxed: untaxed, amount_tax: tax };
}

/** price_subtotal / price_tax / price_total of one line (one _compute_taxes call per line, as Odoo). */
export function lineAmounts(env: Environment, companyId: number, line: SaleLineData): { price_subtotal: number; price_tax: number; price_total: number } {
  const t = computeTotals(env, companyId, [baseLineOf(env, line)]);
  return { price_subtotal: t.amount_untaxed, price_tax: t.amount_tax, price_total: t.amount_untaxed + t.amount_tax };
}

/** account.tax._prepare_tax_totals over the order's lines. */
export function taxTotals(env: Environment, companyId: number, currencyId: number, lines: SaleLineData[]): Record<string, unknown> {
  return prepareTaxTotals(env, lines.map((l) => baseLineOf(env, l)), currencyOf(env, currencyId), engineCompany(env, companyId));
}

/** account.tax.compute_all's total_excluded of a price (included taxes removed). */
export function totalExcluded(env: Environment, companyId: number, line: SaleLineData): number {
  const company = engineCompany(env, companyId);
  const [[, res]] = processLines([baseLineOf(env, { ...line, discount: 0 })], company);
  return res.price_subtotal;
}
