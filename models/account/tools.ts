/**
 * Small helpers of the accounting models: currency rounding (res.currency.round / is_zero /
 * compare_amounts), Odoo's money formatting (tools.misc.formatLang / format_amount) and the date
 * arithmetic of payment terms and sequences (dateutil.relativedelta, date_utils.end_of).
 */
import type { Environment } from '../orm/environment';
import { floatCompare, floatIsZero, floatRound } from '../tools/float_utils';
import { contextToday } from '../tools/context_today';

export interface Currency {
  id: number;
  name: string;
  symbol: string;
  position: 'before' | 'after';
  rounding: number;
  decimal_places: number;
}

/**
 * A currency's rounding facts, kept across calls while res_currency is unchanged
 * (Environment.crossCall): every synchronisation of a move rounds with them.
 */
export function currencyOf(env: Environment, id: number): Currency {
  return env.crossCall(`account.currency:${id}`, () => {
    const row = env.cr.get<{ id: number; name: string; symbol: string; position: string; rounding: number; decimal_places: number }>(
      'SELECT id, name, symbol, position, rounding, decimal_places FROM res_currency WHERE id = ?', [id]);
    return row
      ? { id: row.id, name: row.name, symbol: row.symbol, position: row.position === 'after' ? 'after' : 'before', rounding: row.rounding || 0.01, decimal_places: row.decimal_places ?? 2 }
      : { id, name: '', symbol: '', position: 'before', rounding: 0.01, decimal_places: 2 } as Currency;
  });
}

/** res.currency.round: float_round at the currency's rounding. */
export function round(c: Currency, value: number): number {
  return floatRound(value, { rounding: c.rounding });
}

export function isZero(c: Currency, value: number): boolean {
  return floatIsZero(value, { rounding: c.rounding });
}

export function compareAmounts(c: Currency, a: number, b: number): -1 | 0 | 1 {
  return floatCompare(a, b, { rounding: c.rounding });
}

/** The value stored by a monetary column: rounded, without binary noise (Odoo writes float_repr). */
export function clean(c: Currency, value: number): number {
  const r = Number(round(c, value).toFixed(c.decimal_places));
  return r === 0 ? 0 : r;
}

/**
 * tools.misc.formatLang(env, value, currency_obj=currency): the number with the user's language
 * separators and the currency symbol on its side, separated by a no-break space ("$ 1,150.00").
 */
export function formatLang(env: Environment, value: number, c: Currency): string {
  const lang = langSeparators(env);
  const digits = c.decimal_places;
  const fixed = Math.abs(round(c, value)).toFixed(digits);
  const [intPart, frac] = fixed.split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, lang.thousands);
  const number = `${value < 0 && !isZero(c, value) ? '-' : ''}${grouped}${frac !== undefined ? lang.decimal + frac : ''}`;
  return c.position === 'after' ? `${number}\u00a0${c.symbol}` : `${c.symbol}\u00a0${number}`;
}

/**
 * odoo.tools.format_amount: formatLang's text with a zero-width no-break space after a minus sign
 * ("$ -\ufeff20.00"), as Odoo writes amounts in payment logs.
 */
export function pyFormatAmount(env: Environment, value: number, c: Currency): string {
  return formatLang(env, value, c).replace('-', '-\ufeff');
}

function langSeparators(env: Environment): { decimal: string; thousands: string } {
  const code = typeof env.context.lang === 'string' ? env.context.lang : 'en_US';
  // kept across calls while res_lang is unchanged (each payment's label formats its amount)
  return env.crossCall(`account.lang:${code}`, () => {
    const row = env.cr.get<{ decimal_point: string | null; thousands_sep: string | null }>('SELECT decimal_point, thousands_sep FROM res_lang WHERE code = ?', [code]);
    return { decimal: row?.decimal_point || '.', thousands: row?.thousands_sep ?? ',' };
  });
}

// ---------------------------------------------------------------------------------------------
// dates ('YYYY-MM-DD' strings, as the ORM stores them)
// ---------------------------------------------------------------------------------------------

/** fields.Date.context_today: today on the database's clock, in the context's time zone, else the user's (UTC when none). */
export function today(env: Environment): string {
  return contextToday(env);
}

function parts(d: string): [number, number, number] {
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return [y, m, day];
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(d: string, n: number): string {
  const [y, m, day] = parts(d);
  const t = new Date(Date.UTC(y, m - 1, day + n));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** relativedelta(months=n): same day, clamped to the target month's length. */
export function addMonths(d: string, n: number, day?: number): string {
  const [y, m, dd] = parts(d);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return fmt(ty, tm, Math.min(day ?? dd, daysInMonth(ty, tm)));
}

export function endOfMonth(d: string): string {
  const [y, m] = parts(d);
  return fmt(y, m, daysInMonth(y, m));
}

export function yearOf(d: string): number { return parts(d)[0]; }
export function monthOf(d: string): number { return parts(d)[1]; }

/** en_US date as Odoo's format_date prints it (lang date_format %m/%d/%Y). */
export function formatDate(d: string): string {
  const [y, m, day] = parts(d);
  return `${String(m).padStart(2, '0')}/${String(day).padStart(2, '0')}/${y}`;
}
