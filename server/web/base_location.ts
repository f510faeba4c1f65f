/**
 * Odoo's `base_location` of a web login: `request.httprequest.url_root` without its final slash
 * (odoo/http.py Session.authenticate), i.e. the scheme and Host header the browser used. A
 * system user's login stores it in web.base.url (rpc/service/auth.ts), so mail links point at
 * the address and port the server was actually reached on.
 */
import type { Request } from 'express';

export function baseLocation(req: Request): string | undefined {
  const host = req.headers.host;
  if (!host || /[\s/\\@]/.test(host)) return undefined;
  return `${req.protocol}://${host}`;
}
