/**
 * account's portal (account/controllers/portal.py, account_payment's, account.md §7.1–§7.3): the
 * /my cards and counters of invoices and bills, the list /my/invoices (sort, filter, date range,
 * pager; posted customer and vendor documents the customer's commercial entity follows) and the
 * invoice page /my/invoices/<id> (by access_token too): status, amounts, the payment form when it
 * must be paid, the report in a frame, the PDF download, the chatter; and the zip download of
 * Send & Print (/account/export_zip_documents).
 */
import type { Express, Request, Response } from 'express';
import type { Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';
import type { AnyModel } from '../../models/orm/model';
import { PyKeyError } from '../../models/orm/exceptions';
import { checkAccessRights, checkAccessRule } from '../../models/orm/security';
import { type App } from '../http';
import { moduleRouter } from '../modules';
import { portalCounters, portalHomeCards } from '../routes/portal';
import { renderPage } from '../web/render';
import { authUser, layoutValues, sendHtml, webCtx } from '../web/portal_http';
import {
  dateText, downloadRequested, portalDocumentRequest, ITEMS_PER_PAGE, moneyHtml, pageRoute, pager, recordsPager, searchbarItems, sendReport, sendReportBytes, contentDisposition,
} from '../web/portal_docs';
import { chatterValues } from '../portal/chatter';
import { paymentFormValues } from '../payment/form';

const SORTINGS: Record<string, { label: string; order: string }> = {
  date: { label: 'Date', order: 'invoice_date desc' },
  duedate: { label: 'Due Date', order: 'invoice_date_due desc' },
  name: { label: 'Reference', order: 'name desc' },
  state: { label: 'Status', order: 'state' },
};
/** _get_account_searchbar_filters, in the menu's order (sorted by key: all, bills, invoices). */
const FILTERS: Record<string, { label: string; domain: unknown[] }> = {
  all: { label: 'All', domain: [] },
  bills: { label: 'Bills', domain: [['move_type', 'in', ['in_invoice', 'in_refund', 'in_receipt']]] },
  invoices: { label: 'Invoices', domain: [['move_type', 'in', ['out_invoice', 'out_refund', 'out_receipt']]] },
};

/** _get_invoices_domain(m_type): posted documents of the kind. */
function invoicesDomain(kind?: 'in' | 'out'): unknown[] {
  const types = kind ? ['_invoice', '_refund', '_receipt'].map((t) => `${kind}${t}`) : ['out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt'];
  return [['state', 'not in', ['cancel', 'draft']], ['move_type', 'in', types]];
}

/** search_count(domain, limit=1) as the user: 0 or 1, like Odoo's counters. */
function countAs(env: Environment, domain: unknown[]): number {
  const Move = env.model('account.move');
  if (!checkAccessRights(Move, 'read', false)) return 0;
  return Move._searchIds(domain, { limit: 1 }).length;
}

/** The status badge of a document (account.portal_my_invoices' status cell). */
function statusBadge(db: Database, id: number, v: Record<string, unknown>): { label: string; cls: string; name?: string } {
  if (v.state === 'cancel') return { label: 'Cancelled', cls: 'text-bg-warning' };
  if (['paid', 'in_payment'].includes(String(v.payment_state))) return { label: 'Paid', cls: 'text-bg-success' };
  if (v.payment_state === 'reversed') return { label: 'Reversed', cls: 'text-bg-success' };
  if (db.installed('account_payment')) {
    const last = (db.env(1).model('account.move').browse([id]) as AnyModel).get_portal_last_transaction() as AnyModel;
    const state = last.ids.length ? last.get('state') : null;
    if (state === 'authorized') return { label: 'Authorized', cls: 'text-bg-primary' };
    if (state === 'pending' && last.get('provider_code') !== 'demo') return { label: 'Pending', cls: 'text-bg-warning' };
  }
  return { label: 'Waiting for Payment', cls: 'text-bg-info', name: 'invoice_status_waiting_for_payment' };
}

function hasToBePaid(db: Database, id: number): boolean {
  const move = db.env(1).model('account.move').browse([id]) as AnyModel;
  return typeof move._has_to_be_paid === 'function' && !!move._has_to_be_paid();
}

/** GET /my/invoices, /my/invoices/page/<n> */
function listPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  const p = ctx.params;
  const sortby = p.sortby || 'date';
  const filterby = p.filterby || 'all';
  // unknown keys are KeyErrors in Odoo (HTTP 500)
  if (!(sortby in SORTINGS)) throw new PyKeyError(`'${sortby}'`);
  if (!(filterby in FILTERS)) throw new PyKeyError(`'${filterby}'`);
  const domain = [...invoicesDomain(), ...FILTERS[filterby].domain];
  if (p.date_begin && p.date_end) domain.push(['create_date', '>', p.date_begin], ['create_date', '<=', p.date_end]);
  const Move = db.env(uid).model('account.move');
  const readable = checkAccessRights(Move, 'read', false);
  const total = readable ? Move.search_count(domain) : 0;
  const pg = pager('/my/invoices', total, req.params.page ?? 1, ITEMS_PER_PAGE, 5, { date_begin: p.date_begin, date_end: p.date_end, sortby });
  const ids = readable && total ? Move._searchIds(domain, { order: SORTINGS[sortby].order, limit: ITEMS_PER_PAGE, offset: pg.offset }) as number[] : [];
  const rows = db.cr.transaction(() => {
    const su = db.env(1).model('account.move');
    const vals = su.browse(ids)._values(['name', 'invoice_date', 'invoice_date_due', 'state', 'payment_state', 'amount_residual', 'currency_id', 'move_type', 'access_token']);
    return ids.map((id) => {
      const v = vals.get(id)!;
      const token = v.access_token || (su.browse([id]) as AnyModel)._portal_ensure_token();
      const url = `/my/invoices/${id}?access_token=${token}`;
      const residual = Number(v.amount_residual) * (v.move_type === 'out_refund' ? -1 : 1);
      return {
        id, name: v.name, url, date: dateText(v.invoice_date), due: dateText(v.invoice_date_due),
        badge: statusBadge(db, id, v), pay_now: hasToBePaid(db, id) ? `${url}#portal_pay` : null,
        due_amount: moneyHtml(db, residual, v.currency_id as number),
      };
    });
  });
  ctx.session.set('my_invoices_history', ids.slice(0, 100));
  const keep = { date_begin: p.date_begin, date_end: p.date_end };
  sendHtml(ctx, renderPage('account/portal_my_invoices', {
    ...layoutValues(ctx, 'Invoices & Bills'), page_name: 'invoice', rows, pager: pg,
    sortings: searchbarItems('/my/invoices', Object.entries(SORTINGS).map(([k, s]) => [k, s.label]), sortby, 'sortby', { ...keep, filterby }),
    filters: searchbarItems('/my/invoices', Object.entries(FILTERS).map(([k, f]) => [k, f.label]), filterby, 'filterby', { ...keep, sortby }),
    sort_label: SORTINGS[sortby].label, filter_label: FILTERS[filterby].label,
  }, 'frontend'));
}

/** GET /my/invoices/<id> */
function invoicePage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const p = ctx.params;
  const id = Number(req.params.invoice_id);
  const doc = portalDocumentRequest(ctx, 'account.move', id);
  if (!doc) return;
  const { db, uid, token, record: move } = doc;
  const download = downloadRequested(p.download);
  if (p.report_type === 'pdf' && download && move.get('state') === 'posted') {
    // the legal document: the PDF Send & Print stored, else a pro-forma rendered now
    const [content] = db.cr.transaction(() => move._get_invoice_legal_document());
    sendReportBytes(res, move, content as Buffer, 'pdf', true);
    return;
  }
  if (['html', 'pdf', 'text'].includes(p.report_type)) {
    // a pro-forma until Send & Print generated the invoice's PDF
    sendReport(res, db, 'account.account_invoices', move, p.report_type, download, { proforma_invoice: !move.get('invoice_pdf_report_id') });
    return;
  }
  const v = move._values(['name', 'state', 'payment_state', 'move_type', 'amount_residual', 'amount_total', 'currency_id', 'invoice_date', 'invoice_date_due',
    'partner_id', 'invoice_user_id', 'company_id']).get(id)!;
  const accessToken = db.cr.transaction(() => move._portal_ensure_token()) as string;
  const portalUrl = `/my/invoices/${id}?access_token=${accessToken}`;
  const toPay = hasToBePaid(db, id);
  const publicUid = db.env(1).refId('base.public_user');
  const paid = ['paid', 'in_payment'].includes(String(v.payment_state));
  const lastTx = db.installed('account_payment') ? (db.env(1).model('account.move').browse([id]) as AnyModel).get_portal_last_transaction() as AnyModel : null;
  const values: Record<string, unknown> = {
    ...layoutValues(ctx, String(v.name)),
    page_name: 'invoice',
    invoice: {
      id, name: v.name, token: accessToken, portal_url: portalUrl,
      amount: moneyHtml(db, Number(v.amount_residual) > 0 ? Number(v.amount_residual) : Number(v.amount_total), v.currency_id as number),
      paid, pending: !paid && v.state === 'posted', partial: v.payment_state === 'partial',
      due_date: v.invoice_date_due || '', due_text: dateText(v.invoice_date_due),
      download_url: `${portalUrl}&report_type=pdf&download=true`, html_url: `${portalUrl}&report_type=html`,
    },
    salesperson: v.invoice_user_id ? db.env(1).model('res.users').browse([v.invoice_user_id as number]).get('name') : null,
    has_to_be_paid: toPay,
    last_tx: lastTx && lastTx.ids.length && (v.payment_state !== 'not_paid' || ['pending', 'authorized'].includes(String(lastTx.get('state'))))
      ? { reference: lastTx.get('reference'), state: lastTx.get('state'), done: lastTx.get('state') === 'done', amount: moneyHtml(db, Number(lastTx.get('amount')), v.currency_id as number) }
      : null,
    chatter: chatterValues(db, uid, 'account.move', id, token),
    ...recordsPager(db, 'account.move', ctx.session.data.my_invoices_history, id),
  };
  if (toPay) {
    const partnerId = uid === publicUid ? v.partner_id as number : db.env(1).model('res.users').browse([uid]).get('partner_id') as number;
    values.payment = paymentFormValues(db, uid, {
      companyId: v.company_id as number, partnerId, amount: Number(v.amount_residual), currencyId: v.currency_id as number,
      transactionRoute: `/invoice/transaction/${id}/`, landingRoute: portalUrl, accessToken: token ?? '', csrfToken: ctx.session.csrfToken(),
    });
  }
  sendHtml(ctx, renderPage('account/portal_invoice_page', values, 'frontend'));
}

export function registerAccountRoutes(server: Express, app: App): void {
  portalCounters.invoice_count = (env) => (env.registry.has('account.move') ? countAs(env, invoicesDomain('out')) : undefined);
  portalCounters.bill_count = (env) => (env.registry.has('account.move') ? countAs(env, invoicesDomain('in')) : undefined);
  portalHomeCards.push(
    { module: 'account', category: 'client', sequence: 20, card: () => ({ url: '/my/invoices?filterby=invoices', title: 'Your Invoices', text: 'Follow, download or pay your invoices', counter: 'invoice_count' }) },
    { module: 'account', category: 'vendor', sequence: 20, card: () => ({ url: '/my/invoices?filterby=bills', title: 'Our Invoices', text: 'Follow, download or pay our invoices', counter: 'bill_count' }) },
  );
  const account = moduleRouter(server, app, 'account');
  account.get(['/my/invoices', '/my/invoices/page/:page(\\d+)'], pageRoute((req, res) => listPage(app, req, res)));
  account.all('/my/invoices/:invoice_id(\\d+)', pageRoute((req, res) => invoicePage(app, req, res)));
  account.get('/account/export_zip_documents', pageRoute((req, res) => exportZipDocuments(app, req, res)));
}

/**
 * GET /account/export_zip_documents?ids=…&ids=…&filename=… (download_docs.py): the attachments
 * the user may read, zipped under their names — Send & Print's download of several invoices.
 */
function exportZipDocuments(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  const ids = ctx.query.getAll('ids').filter((x) => /^\d+$/.test(x)).map(Number);
  const filename = ctx.query.get('filename') ?? '';
  const attachments = db.env(uid).model('ir.attachment').browse(ids) as AnyModel;
  checkAccessRights(attachments, 'read');
  checkAccessRule(attachments, 'read');
  const existing = attachments.sudo().exists() as AnyModel;
  const names = existing._values(['name']);
  const raws = existing._rawValues() as Map<number, Buffer>;
  const files: Record<string, Uint8Array> = {};
  for (const id of existing.ids as number[]) files[String(names.get(id)?.name ?? id)] = new Uint8Array(raws.get(id) ?? Buffer.alloc(0));
  // fflate loads on the first zip download, not at start-up
  const { zipSync } = require('fflate') as typeof import('fflate');
  const content = Buffer.from(zipSync(files));
  res.setHeader('Content-Type', 'zip');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', String(content.length));
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.status(200).end(content);
}
