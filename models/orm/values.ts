/**
 * Value types that carry Python type information across the ORM/protocol boundary.
 *
 * JavaScript has one number type, but Odoo clients see a difference between `int` and `float`
 * (XML-RPC `<int>` vs `<double>`, JSON `0` vs `0.0`). Float and monetary fields are therefore
 * read as `PyFloat` values; both wire codecs render them the way Python would.
 */
export class PyFloat {
  constructor(public readonly value: number) {}
  valueOf(): number { return this.value; }
  toString(): string { return pyFloatRepr(this.value); }
  /** JSON.stringify hook: a marker that `jsonDumps` turns back into a bare Python float literal. */
  toJSON(): string { return `\u0001F${pyFloatRepr(this.value)}\u0001`; }
}

/** Python's repr() of a float: shortest round-trip digits, always a '.0' or exponent. */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e16 || abs < 1e-4) {
    // Python uses exponent notation: mantissa digits as repr, exponent with sign and 2+ digits
    const [mant, exp] = v.toExponential().split('e');
    const e = parseInt(exp, 10);
    const sign = e < 0 ? '-' : '+';
    const digits = String(Math.abs(e)).padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

const FLOAT_MARKER = /"\\u0001F([^"\\]*)\\u0001"/g;

/** JSON encoding as Python's json.dumps(ensure_ascii=False) would produce for Odoo payloads. */
export function jsonDumps(value: unknown): string {
  const out = JSON.stringify(value);
  return out !== undefined && out.includes('\\u0001F') ? out.replace(FLOAT_MARKER, '$1') : out;
}
