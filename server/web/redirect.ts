/**
 * Redirect targets taken from the request (`redirect=` of /web/login, /web/session/logout,
 * signup, 2FA, portal forms) always stay on this server, as Odoo 17's
 * `request.redirect(location, local=True)` keeps them: werkzeug's `url_parse` splits off the
 * scheme and the network location, which are dropped, and the leading slashes of what is left
 * are collapsed into one (odoo/http.py Request.redirect).
 *
 * One step further than Odoo: browsers read a backslash as a slash and skip tabs and newlines
 * in URLs, so `/\evil.example` (which Odoo answers as is) would reach another host; leading
 * backslashes are collapsed like slashes, and characters a Location header cannot carry are
 * percent-encoded (werkzeug's iri_to_uri does the latter).
 */

import type { ServerResponse } from 'http';
import { escapeHtml } from '../http';

const SCHEME = /^[a-zA-Z0-9+.-]+$/;

/** werkzeug.urls.url_parse, reduced to what a local redirect keeps: path, query and fragment. */
function pathQueryFragment(url: string): string {
  let rest = url;
  const i = rest.indexOf(':');
  if (i > 0 && SCHEME.test(rest.slice(0, i))) {
    const after = rest.slice(i + 1);
    // "host:8069" is a path with a port number, not a scheme
    if (!after || /[^0-9]/.test(after)) rest = after;
  }
  if (rest.startsWith('//')) {
    let delim = rest.length;
    for (const c of '/?#') {
      const at = rest.indexOf(c, 2);
      if (at >= 0) delim = Math.min(delim, at);
    }
    rest = rest.slice(delim);
  }
  // url_unparse writes '?' and '#' back only before a non-empty query or fragment
  let fragment = '';
  let query = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  const q = rest.indexOf('?');
  if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
  return `${rest}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}

/** The Location Odoo's request.redirect(url) sends: always a path on this server. */
export function localRedirectUrl(url: unknown): string {
  const text = typeof url === 'string' ? url : '';
  // control characters and whitespace would be dropped by browsers, letting '/\t/host' through
  const cleaned = text.replace(/[\x00-\x20\x7f]/g, percentEncode);
  const local = pathQueryFragment(cleaned).replace(/^[/\\]+/, '');
  return `/${encodeForHeader(local)}`;
}

/** Percent-encode what an HTTP header value cannot hold (non-ASCII, controls), like iri_to_uri. */
function encodeForHeader(s: string): string {
  return s.replace(/[^\x21-\x7e]/gu, percentEncode);
}

/** UTF-8 percent-encoding that never throws (a lone surrogate becomes U+FFFD). */
function percentEncode(c: string): string {
  return [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** werkzeug.utils.redirect's answer: the status, the Location and its small HTML page. */
export function sendLocalRedirect(res: ServerResponse, code: number, url: unknown): void {
  const location = localRedirectUrl(url);
  const shown = escapeHtml(location);
  const body = Buffer.from('<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n'
    + `<p>You should be redirected automatically to the target URL: <a href="${shown}">${shown}</a>. If not, click the link.\n`, 'utf8');
  res.statusCode = code;
  res.setHeader('Location', location);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
