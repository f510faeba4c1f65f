/**
 * Python's json decoder recurses once per nested array or object and stops with a
 * RecursionError past the interpreter's recursion limit, so Odoo 17 refuses a JSON-RPC body
 * nested about 980 levels deep before looking at it (measured on the reference server: a
 * `context` value nested 975 levels inside the 5 levels of an execute_kw envelope). JavaScript
 * parses such bodies, but every later walk over them would have to be written without recursion;
 * refusing them as Odoo does keeps both servers alike.
 */

/** Deepest nesting Odoo's JSON decoder accepts (arrays and objects counted together). */
export const PY_JSON_MAX_DEPTH = 979;

/**
 * The kind of container ('array' or 'object') at which `text` goes past `maxDepth` levels of
 * nesting, or null. Strings are skipped, so brackets inside them do not count.
 */
export function jsonNestingExceeds(text: string, maxDepth = PY_JSON_MAX_DEPTH): 'array' | 'object' | null {
  // fewer brackets than the limit: nothing to scan
  if (text.length <= maxDepth) return null;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return c === 0x5b ? 'array' : 'object';
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** The message of the RecursionError Python's json module raises there. */
export function recursionMessage(kind: 'array' | 'object'): string {
  return `maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`;
}
