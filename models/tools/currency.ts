/**
 * Currency helpers of res.currency (odoo/addons/base/models/res_currency.py): rounding an amount
 * to a currency's rounding, and converting between currencies at the rate of a date. Rates come
 * from res.currency.rate when that model exists and has rows; without rates every currency is at
 * rate 1, as in a fresh Odoo database with a single currency.
 */
import type { Environment } from '../orm/environment';
import { floatIsZero, floatRound } from './float_utils';

/**
 * The currency of a company (undefined for an unknown company), or of the main (first) company
 * when `companyId` is 'main'; kept across calls while res_company is unchanged.
 */
export function companyCurrencyOf(env: Environment, companyId: number | 'main'): number | undefined {
  return env.crossCall(`company_currency:${companyId}`, () => (companyId === 'main'
    ? env.cr.get<{ c: number }>('SELECT currency_id AS c FROM res_company ORDER BY id LIMIT 1')
    : env.cr.get<{ c: number }>('SELECT currency_id AS c FROM res_company WHERE id = ?', [companyId]))?.c);
}

/** The rounding factor of a currency (0.01 for USD). */
export function currencyRounding(env: Environment, currencyId: number | false): number {
  if (!currencyId) return 0.01;
  const key = `currency.rounding:${currencyId}`;
  return env.crossCall(key, () => env.cr.get<{ r: number }>('SELECT rounding AS r FROM res_currency WHERE id = ?', [currencyId])?.r ?? 0.01);
}

/** res.currency.decimal_places: the digits of its rounding (2 for 0.01). */
export function currencyDecimals(env: Environment, currencyId: number | false): number {
  const rounding = currencyRounding(env, currencyId);
  return rounding > 0 && rounding < 1 ? Math.ceil(Math.log10(1 / rounding)) : 0;
}

/** res.currency.round(amount): HALF-UP to the currency's rounding. */
export function currencyRound(env: Environment, currencyId: number | false, amount: number): number {
  return floatRound(amount, { rounding: currencyRounding(env, currencyId) });
}

export function currencyIsZero(env: Environment, currencyId: number | false, amount: number): boolean {
  return floatIsZero(amount, { rounding: currencyRounding(env, currencyId) });
}

/** The rate of a currency for a company at a date (the latest rate on or before it), 1 without rates. */
export function currencyRate(env: Environment, currencyId: number, companyId: number | false, date: string): number {
  if (!env.registry.has('res.currency.rate')) return 1;
  const row = env.cr.get<{ rate: number }>(
    `SELECT rate FROM res_currency_rate WHERE currency_id = ? AND name <= ? AND (company_id IS NULL OR company_id = ?)
      ORDER BY company_id IS NULL, name DESC LIMIT 1`, [currencyId, date.slice(0, 10), companyId || null]);
  return row?.rate || 1;
}

/**
 * res.currency._convert(amount, to, company, date, round): the amount in the target currency at
 * the ratio of both currencies' rates, rounded to the target currency unless `round` is false.
 */
export function convertCurrency(env: Environment, amount: number, fromId: number, toId: number, companyId: number | false, date: string, round = true): number {
  if (fromId === toId || !amount) return round ? currencyRound(env, toId, amount) : amount;
  const converted = amount * (currencyRate(env, toId, companyId, date) / currencyRate(env, fromId, companyId, date));
  return round ? currencyRound(env, toId, converted) : converted;
}

/** "$ 1,740.00" as Odoo's formatLang/format_amount writes it for en_US (symbol, U+00A0, grouped amount). */
export function formatAmount(env: Environment, currencyId: number | false, amount: number): string {
  const cur = currencyId ? env.cr.get<{ symbol: string; position: string; decimal_places: number | null; rounding: number }>(
    'SELECT symbol, position, decimal_places, rounding FROM res_currency WHERE id = ?', [currencyId]) : undefined;
  const digits = cur?.decimal_places ?? decimalPlaces(cur?.rounding ?? 0.01);
  const rounded = floatRound(amount, { digits });
  const text = Math.abs(rounded).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const signed = `${rounded < 0 ? '-' : ''}${text}`;
  if (!cur) return signed;
  return cur.position === 'before' ? `${cur.symbol}\u00a0${signed}` : `${signed}\u00a0${cur.symbol}`;
}

function decimalPlaces(rounding: number): number {
  return rounding > 0 && rounding < 1 ? Math.ceil(Math.log10(1 / rounding)) : 0;
}
