/**
 * HTML helpers of the mail addon: Odoo's Markup/escape split for message bodies (a str body is
 * escaped, a Markup body is kept), emptiness and plain-text previews.
 */

/** HTML that must not be escaped again (Python's markupsafe.Markup). */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string { return this.html; }
}

/**
 * markupsafe.escape as it ends up in a stored body: Odoo's sanitizer re-serializes the escaped
 * text, so only &, < and > stay as entities (quotes come back as plain characters).
 */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute-safe escaping (handlebars-like), for HTML we build ourselves. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** A message body as Odoo stores it: Markup kept, anything else escaped (`escape(body)`). */
export function bodyOf(body: unknown): string {
  if (body instanceof Markup) return body.html;
  if (body === null || body === undefined || body === false) return '';
  return escapeText(typeof body === 'string' ? body : String(body));
}

/** Odoo's tools.is_html_empty: no text and no media once tags and spaces are gone. */
export function isHtmlEmpty(html: unknown): boolean {
  if (!html || typeof html !== 'string') return true;
  if (/<(img|br|hr|iframe|video|audio|object|embed)\b/i.test(html) && !/^\s*(<p>\s*)?<br\s*\/?>\s*(<\/p>)?\s*$/i.test(html)) return false;
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') === '';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Text content of HTML on one line (message previews and descriptions, html2plaintext-like). */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e: string) => {
      if (e in ENTITIES) return ENTITIES[e];
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
