/**
 * Byte ranges of /web/content and /web/image answers, as werkzeug 2.2 serves them behind Odoo
 * 17's Stream.get_response (send_file with conditional=True: Response.make_conditional with
 * accept_ranges and the complete length):
 * - one satisfiable range (`bytes=0-9`, `bytes=5-`, `bytes=-3`, an end past the length is cut
 *   to it): 206 Partial Content with Content-Range and Accept-Ranges: bytes;
 * - anything else (several ranges, another unit, bad syntax, a start past the end): 416 with
 *   `Content-Range: bytes *\/<length>`;
 * - an If-Range naming another version (ETag or date): the whole content, 200;
 * - an empty content, or a request without Range: no range processing.
 */

/** A range to send: [start, end) of a content of `length` bytes. */
export interface ByteRange { start: number; end: number; length: number }

/** werkzeug's _plain_int: digits only, optionally signed (no spaces, underscores, +). */
function plainInt(s: string): number | null {
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

/** werkzeug's parse_range_header (make_inclusive): the unit and [begin, end) pairs, or null when malformed. */
export function parseRangeHeader(value: string | undefined): { units: string; ranges: Array<[number, number | null]> } | null {
  if (!value || !value.includes('=')) return null;
  const eq = value.indexOf('=');
  const units = value.slice(0, eq).trim().toLowerCase();
  const ranges: Array<[number, number | null]> = [];
  let lastEnd = 0;
  for (const raw of value.slice(eq + 1).split(',')) {
    const item = raw.trim();
    if (!item.includes('-')) return null;
    if (item.startsWith('-')) {
      if (lastEnd < 0) return null;
      const begin = plainInt(item);
      if (begin === null) return null;
      ranges.push([begin, null]);
      lastEnd = -1;
      continue;
    }
    const dash = item.indexOf('-');
    const begin = plainInt(item.slice(0, dash).trim());
    if (begin === null || begin < lastEnd || lastEnd < 0) return null;
    const endText = item.slice(dash + 1).trim();
    let end: number | null = null;
    if (endText) {
      const last = plainInt(endText);
      if (last === null) return null;
      end = last + 1;
      if (begin >= end) return null;
    }
    ranges.push([begin, end]);
    lastEnd = end ?? -1;
  }
  return { units, ranges };
}

/** werkzeug's Range.range_for_length: the one range within `length`, or null. */
function rangeForLength(parsed: { units: string; ranges: Array<[number, number | null]> }, length: number): [number, number] | null {
  if (parsed.units !== 'bytes' || parsed.ranges.length !== 1) return null;
  let [start, end] = parsed.ranges[0];
  if (end === null) {
    end = length;
    if (start < 0) start += length;
  }
  // is_byte_range_valid
  if (start >= end || start < 0 || start >= length) return null;
  return [start, Math.min(end, length)];
}

/** Whether an If-Range header names this version of the content (its ETag, or a date not before it). */
function ifRangeMatches(ifRange: string, etag: string | null, lastModified: number | null): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/"')) {
    // a weak ETag never matches (strong comparison)
    return !!etag && value === `"${etag}"`;
  }
  const date = Date.parse(value);
  if (Number.isNaN(date) || lastModified === null) return false;
  return Math.floor(lastModified / 1000) * 1000 <= date;
}

/**
 * What to do with a request's Range header for a content of `length` bytes: null (send it all,
 * no range), a range to send (206), or 'unsatisfiable' (416).
 */
export function requestedRange(headers: { range?: string; 'if-range'?: string }, length: number, etag: string | null, lastModified: number | null): ByteRange | 'unsatisfiable' | null {
  if (headers.range === undefined || length === 0) return null;
  if (headers['if-range'] !== undefined && !ifRangeMatches(headers['if-range'], etag, lastModified)) return null;
  const parsed = parseRangeHeader(headers.range);
  const range = parsed && rangeForLength(parsed, length);
  if (!range) return 'unsatisfiable';
  return { start: range[0], end: range[1], length };
}
