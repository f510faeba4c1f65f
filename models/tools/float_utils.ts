/**
 * Odoo's float helpers (odoo/tools/float_utils.py): rounding to a precision with the IEEE-754
 * representation error absorbed by a relative epsilon, so that 2.675 rounds to 2.68 at two digits
 * as Odoo's amounts do (a plain Math.round(x * 100) / 100 gives 2.67).
 */

export type RoundingMethod = 'HALF-UP' | 'HALF-DOWN' | 'HALF-EVEN' | 'UP' | 'DOWN';

export interface Precision { digits?: number; rounding?: number }

function factorOf(p: Precision): number {
  if (p.digits !== undefined && p.digits !== null) return 10 ** -p.digits;
  if (p.rounding === undefined || !(p.rounding > 0)) throw new Error(`precision_rounding must be positive, got ${p.rounding}`);
  return p.rounding;
}

/** Python 3's round() to an integer: ties go to the even neighbour. */
function pyRoundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** float_round(value, precision_digits | precision_rounding, rounding_method). */
export function floatRound(value: number, p: Precision, method: RoundingMethod = 'HALF-UP'): number {
  const factor = factorOf(p);
  if (factor === 0 || value === 0) return 0;
  let normalized = value / factor;
  const sign = Math.sign(normalized) || 1;
  // one ulp of the normalized value (2**(log2|x| - 52)), as Odoo computes it
  const epsilon = 2 ** (Math.log2(Math.abs(normalized)) - 52);
  let rounded: number;
  switch (method) {
    case 'UP':
      normalized -= sign * epsilon;
      rounded = Math.ceil(Math.abs(normalized)) * sign;
      break;
    case 'DOWN':
      normalized += sign * epsilon;
      rounded = Math.floor(Math.abs(normalized)) * sign;
      break;
    case 'HALF-EVEN':
      rounded = pyRoundHalfEven(normalized);
      break;
    case 'HALF-DOWN':
      normalized -= sign * epsilon;
      rounded = pyRoundHalfEven(normalized);
      break;
    default:
      normalized += sign * epsilon;
      rounded = pyRoundHalfEven(normalized);
  }
  const result = rounded * factor;
  return result === 0 ? 0 : result;
}

/** float_is_zero: the value rounds to less than one unit of the precision. */
export function floatIsZero(value: number, p: Precision): boolean {
  const epsilon = factorOf(p);
  return Math.abs(floatRound(value, { rounding: epsilon })) < epsilon;
}

/** float_compare: -1, 0 or 1 once both values are rounded to the precision. */
export function floatCompare(a: number, b: number, p: Precision): -1 | 0 | 1 {
  const factor = factorOf(p);
  const delta = floatRound(a, { rounding: factor }) - floatRound(b, { rounding: factor });
  if (floatIsZero(delta, { rounding: factor })) return 0;
  return delta < 0 ? -1 : 1;
}
