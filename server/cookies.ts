/**
 * The Cookie header as werkzeug 2.2 parses it (werkzeug._internal._cookie_parse_impl, used by
 * Odoo 17's request.cookies): `key=value` pairs split on ';', the first value of a key wins, a
 * double-quoted value loses its quotes and backslash escapes (octal `\ooo` and `\x`), and nothing
 * is %-decoded, so a malformed cookie is only an unknown value, never an error.
 */

/** One pair: key up to '=' or ';', value either a quoted string or anything up to ';'. */
const PAIR = /([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;/y;

export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header) return out;
  const text = `${header};`;
  let i = 0;
  while (i < header.length) {
    PAIR.lastIndex = i;
    const m = PAIR.exec(text);
    if (!m || PAIR.lastIndex === i) break;
    i = PAIR.lastIndex;
    const key = m[1].trim();
    if (!key || key in out) continue;
    out[key] = unquote(m[2] ?? '');
  }
  return out;
}

/** werkzeug's _cookie_unquote: "a\"b\101" → a"bA; unquoted values are kept as they are. */
function unquote(v: string): string {
  if (v.length < 2 || v[0] !== '"' || v[v.length - 1] !== '"') return v;
  return v.slice(1, -1).replace(/\\([0-3][0-7][0-7]|.)/g, (_m, esc: string) => (esc.length === 3 ? String.fromCharCode(parseInt(esc, 8)) : esc));
}
