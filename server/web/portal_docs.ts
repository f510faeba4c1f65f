/**
 * What the portal's document pages share (portal/controllers/portal.py): the pager of the lists
 * (80 per page, 5 page links), `_document_check_access` (the user's read access, else the
 * document's access_token), the previous/next links of a document page (the session's list
 * history), the search bar's sort and filter menus, money and date formatting as QWeb's
 * monetary / date / datetime widgets print them for en_US, and `_show_report`'s answer.
 */
import crypto from 'crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Database } from '../../models/database';
import type { AnyModel } from '../../models/orm/model';
import { AccessDenied, AccessError, MissingError, NotFound, UserError } from '../../models/orm/exceptions';
import { checkAccessRights, checkAccessRule } from '../../models/orm/security';
import { currencyOf, formatLang } from '../../models/account/tools';
import { escapeHtml, htmlError, notFound, type Ctx } from '../http';
import { currentUser, sendRedirect, type WebCtx } from './portal_http';
import { formatDatetime } from './totp_security';

/** CustomerPortal._items_per_page */
export const ITEMS_PER_PAGE = 80;

export interface PagerLink { url: string; num: number }
export interface Pager {
  page_count: number;
  offset: number;
  page: PagerLink;
  page_first: PagerLink;
  page_previous: PagerLink;
  page_next: PagerLink;
  page_last: PagerLink;
  pages: Array<PagerLink & { active: boolean }>;
  /** Only shown with more than one page (portal.pager). */
  show: boolean;
}

/** portal.controllers.portal.pager: the page links around the current page, with the list's query. */
export function pager(url: string, total: number, page: unknown, step = ITEMS_PER_PAGE, scope = 5, urlArgs: Record<string, string | undefined> = {}): Pager {
  const pageCount = Math.ceil(total / step);
  const asked = typeof page === 'number' ? page : /^\d+$/.test(String(page)) ? Number(page) : 1;
  const current = Math.max(1, Math.min(asked, pageCount));
  const span = scope - 1;
  let pmin = Math.max(current - Math.floor(span / 2), 1);
  const pmax = Math.min(pmin + span, pageCount);
  if (pmax - pmin < span) pmin = pmax - span > 0 ? pmax - span : 1;
  const query = new URLSearchParams();
  // werkzeug's url_encode leaves out None values
  for (const [k, v] of Object.entries(urlArgs)) if (v !== undefined && v !== null) query.set(k, v);
  const qs = query.toString();
  const link = (n: number): PagerLink => ({ url: `${n > 1 ? `${url}/page/${n}` : url}${qs ? `?${qs}` : ''}`, num: n });
  const pages: Array<PagerLink & { active: boolean }> = [];
  for (let n = pmin; n <= pmax; n++) pages.push({ ...link(n), active: n === current });
  return {
    page_count: pageCount,
    // page 0 of an empty list: Odoo's offset is (max(1, min(page, 0)) - 1) * step = 0
    offset: (current - 1) * step,
    page: link(current),
    page_first: link(1),
    page_previous: link(Math.max(pmin, current - 1)),
    page_next: link(Math.min(pmax, current + 1)),
    page_last: link(pageCount),
    pages,
    show: pageCount > 1,
  };
}

/** The session user, or the public user for a visitor (auth='public' routes). */
export function requestUid(ctx: Ctx | WebCtx, db: Database): number {
  if ('params' in ctx) {
    const user = currentUser(ctx as WebCtx);
    if (user && user.db === db) return user.uid;
  } else if (ctx.session.uid && ctx.session.db === db.name) {
    return ctx.session.uid;
  }
  return db.env(1).refId('base.public_user');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * _document_check_access: the record (as superuser) when it exists and the user may read it, or
 * when `token` equals its access_token (consteq); otherwise MissingError ("This document does not
 * exist.") or the user's AccessError.
 */
export function documentCheckAccess(db: Database, uid: number, model: string, id: number, token: unknown): AnyModel {
  const su = db.env(1).model(model).browse([id]).exists() as AnyModel;
  if (!su.ids.length) throw new MissingError('This document does not exist.');
  const mine = db.env(uid).model(model).browse([id]);
  try {
    checkAccessRights(mine, 'read');
    checkAccessRule(mine, 'read');
  } catch (e) {
    const stored = su.get('access_token');
    if (!(e instanceof AccessError) || typeof token !== 'string' || !token || !stored || !sameToken(String(stored), token)) throw e;
  }
  return su;
}

/**
 * A portal page's document, or null once the visitor was sent to /my: Odoo's portal controllers
 * answer a missing document or a refused one (wrong or no token) with that redirect.
 */
export function portalDocumentOrRedirect(ctx: WebCtx, db: Database, uid: number, model: string, id: number, token: unknown): AnyModel | null {
  try {
    return documentCheckAccess(db, uid, model, id, token);
  } catch (e) {
    if (e instanceof AccessError || e instanceof MissingError) { sendRedirect(ctx, '/my'); return null; }
    throw e;
  }
}

/**
 * What a portal document page starts from: its database, the visitor, the access token of the
 * query and the document. Null once the request is answered: 404 without a database, the /my
 * redirect for a missing or refused document (portalDocumentOrRedirect).
 */
export function portalDocumentRequest(ctx: WebCtx, model: string, id: number): { db: Database; uid: number; token: string | null; record: AnyModel } | null {
  const db = ctx.db;
  if (!db) { ctx.res.status(404).end(); return null; }
  const uid = requestUid(ctx, db);
  const token = typeof ctx.params.access_token === 'string' && ctx.params.access_token ? ctx.params.access_token : null;
  const record = portalDocumentOrRedirect(ctx, db, uid, model, id, token);
  return record ? { db, uid, token, record } : null;
}

/** The `download` parameter of the portal's document pages: any value but '', 'false' and '0'. */
export function downloadRequested(value: unknown): boolean {
  return !!value && value !== 'false' && value !== '0';
}

/** get_records_pager: the previous and next documents of the list the user came from. */
export function recordsPager(db: Database, model: string, history: unknown, id: number): { prev_record: string | false; next_record: string | false } {
  const ids = Array.isArray(history) ? history.filter((x): x is number => typeof x === 'number') : [];
  const idx = ids.indexOf(id);
  if (idx < 0) return { prev_record: false, next_record: false };
  const url = (rid: number | undefined): string | false => {
    if (rid === undefined) return false;
    const rec = db.env(1).model(model).browse([rid]).exists() as AnyModel;
    if (!rec.ids.length) return false;
    return `${rec.get('access_url')}?access_token=${rec._portal_ensure_token()}`;
  };
  return { prev_record: idx > 0 ? url(ids[idx - 1]) : false, next_record: url(ids[idx + 1]) };
}

/** The monetary widget: "$&nbsp;<span class="oe_currency_value">1,740.00</span>" (HTML). */
export function moneyHtml(db: Database, amount: number, currencyId: number): string {
  const env = db.env(1);
  const c = currencyOf(env, currencyId);
  const text = formatLang(env, amount, c);
  const number = escapeHtml(text.replace(c.symbol, '').replace('\u00a0', '').trim());
  const symbol = escapeHtml(c.symbol);
  return c.position === 'after'
    ? `<span class="oe_currency_value">${number}</span>&nbsp;${symbol}`
    : `${symbol}&nbsp;<span class="oe_currency_value">${number}</span>`;
}

/** formatLang with the currency: "$ 1,740.00" (text, no-break space). */
export function moneyText(db: Database, amount: number, currencyId: number): string {
  const env = db.env(1);
  return formatLang(env, amount, currencyOf(env, currencyId));
}

/** The date widget for en_US: 11/06/2026. */
export function dateText(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  const [y, m, d] = value.slice(0, 10).split('-');
  return `${m}/${d}/${y}`;
}

/** The datetime widget in the viewer's timezone: 11/06/2026 10:53:00. */
export function datetimeText(db: Database, uid: number, value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  const tz = db.cr.get<{ tz: string | null }>('SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = ?', [uid])?.tz ?? null;
  return formatDatetime(value, tz);
}

export interface SearchbarItem { key: string; label: string; url: string; active: boolean }

/** The items of a search bar menu (portal.portal_searchbar): links that keep the other parameters. */
export function searchbarItems(url: string, options: Array<[string, string]>, current: string, param: string, keep: Record<string, string | undefined>): SearchbarItem[] {
  return options.map(([key, label]) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(keep)) if (v) q.set(k, v);
    q.set(param, key);
    return { key, label, url: `${url}?${q.toString()}`, active: key === current };
  });
}

/**
 * _show_report: the document rendered by its ir.actions.report (report_ref: an xml id such as
 * sale.action_report_saleorder), in sudo, as PDF or HTML; with `download` a PDF carries Odoo's
 * attachment file name (_get_http_headers).
 */
export function sendReport(res: Response, db: Database, reportRef: string, record: AnyModel, reportType: string, download: boolean, context: Record<string, unknown> = {}): void {
  const env = db.env(1).withContext({ ...db.env(1).context, ...context });
  const type = reportType === 'pdf' ? 'pdf' : 'html';
  const Report = env.model('ir.actions.report') as AnyModel;
  const [content] = db.cr.transaction(() => (type === 'pdf' ? Report._render_qweb_pdf(reportRef, record.ids, { report_type: type }) : Report._render_qweb_html(reportRef, record.ids, { report_type: type })));
  sendReportBytes(res, record, content as Buffer, type, download);
}

/** A rendered or stored report as the portal answers it (Content-Type, Length, Disposition). */
export function sendReportBytes(res: Response, record: AnyModel, content: Buffer, type: 'pdf' | 'html', download: boolean): void {
  res.setHeader('Content-Type', type === 'pdf' ? 'application/pdf' : 'text/html');
  res.setHeader('Content-Length', String(content.length));
  if (type === 'pdf' && download) res.setHeader('Content-Disposition', contentDisposition(portalReportFileName(record)));
  res.status(200).end(content);
}

/** The portal's PDF file name: the report base name with runs of non-word characters turned into "-". */
export function portalReportFileName(record: AnyModel): string {
  return `${String(record._get_report_base_filename()).replace(/[^\p{L}\p{N}_]+/gu, '-')}.pdf`;
}

/** odoo.http.content_disposition: attachment; filename*=UTF-8''<quoted name>. */
export function contentDisposition(filename: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * An http page route as Odoo's http dispatcher answers its errors (odoo/http.py
 * HttpDispatcher.handle_error): AccessError → 403, other UserErrors (ValidationError,
 * MissingError) → 400 with the message, werkzeug's NotFound → 404; anything else is a 500.
 */
export function pageRoute(handler: (req: Request, res: Response) => void): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    try {
      handler(req, res);
    } catch (e) {
      if (res.headersSent) return next(e);
      if (e instanceof NotFound) return notFound(res);
      if (e instanceof AccessError || e instanceof AccessDenied) return htmlError(res, 403, 'Forbidden', e.message);
      if (e instanceof UserError) return htmlError(res, 400, 'Bad Request', e.message);
      next(e);
    }
  };
}
