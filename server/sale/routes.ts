/**
 * sale's portal (sale/controllers/portal.py, sale.md §5): the /my home cards and counters of
 * quotations and orders, the lists /my/quotes and /my/orders (sort, date range, pager, only
 * the orders the customer's commercial entity follows), the order page /my/orders/<id> (by
 * access_token too, with the "Quotation viewed" note, the PDF/HTML report, the payment form
 * when the quotation must be paid) and its actions: accept and sign (JSON), decline (form POST),
 * pay (JSON transaction). The routes read the request, check access as Odoo does and call the
 * models; the pages are views/sale/*.hbs.
 */
import type { Express, Request, Response } from 'express';
import type { Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';
import type { AnyModel } from '../../models/orm/model';
import { AccessError, MissingError, PyKeyError, UserError, ValidationError } from '../../models/orm/exceptions';
import { checkAccessRights } from '../../models/orm/security';
import { jsonRoute, type App } from '../http';
import { moduleRouter } from '../modules';
import { portalCounters, portalHomeCards } from '../routes/portal';
import { renderPage } from '../web/render';
import { authUser, checkCsrf, layoutValues, sendHtml, sendRedirect, webCtx } from '../web/portal_http';
import {
  dateText, datetimeText, documentCheckAccess, downloadRequested, portalDocumentRequest, ITEMS_PER_PAGE, moneyHtml, moneyText, pageRoute, pager, recordsPager, requestUid, searchbarItems, sendReport,
} from '../web/portal_docs';
import { chatterValues, portalPost } from '../portal/chatter';
import { createTransaction, paymentFormValues, validateTransactionKwargs } from '../payment/form';

const SORTINGS: Record<string, { label: string; order: string }> = {
  date: { label: 'Order Date', order: 'date_order desc' },
  name: { label: 'Reference', order: 'name' },
  stage: { label: 'Stage', order: 'state' },
};

/** The commercial entity of the user's partner (whose followed documents the portal lists). */
export function commercialPartner(env: Environment): number {
  const partner = env.model('res.users').sudo().browse([env.uid]).get('partner_id') as number;
  return env.model('res.partner').sudo().withContext({ active_test: false }).browse([partner]).get('commercial_partner_id') as number;
}

/** _prepare_quotations_domain / _prepare_orders_domain */
function ordersDomain(env: Environment, quotes: boolean): unknown[] {
  return [['message_partner_ids', 'child_of', [commercialPartner(env)]], ['state', '=', quotes ? 'sent' : 'sale']];
}

/** search_count as the user (ACL, then record rules), 0 without read access. */
function countAs(env: Environment, domain: unknown[], limit?: number): number {
  const SO = env.model('sale.order');
  if (!checkAccessRights(SO, 'read', false)) return 0;
  return SO._searchIds(domain, { limit: limit ?? null }).length;
}

/** GET /my/quotes, /my/orders (+ /page/<n>) */
function listPage(app: App, req: Request, res: Response, quotes: boolean): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  const p = ctx.params;
  const sortby = p.sortby || 'date';
  // an unknown sort key is a KeyError in Odoo (HTTP 500)
  if (!(sortby in SORTINGS)) throw new PyKeyError(`'${sortby}'`);
  const url = quotes ? '/my/quotes' : '/my/orders';
  const domain = ordersDomain(db.env(uid), quotes);
  if (p.date_begin && p.date_end) domain.push(['create_date', '>', p.date_begin], ['create_date', '<=', p.date_end]);
  const SO = db.env(uid).model('sale.order');
  const total = checkAccessRights(SO, 'read', false) ? SO._searchIds(domain).length : 0;
  const pg = pager(url, total, req.params.page ?? 1, ITEMS_PER_PAGE, 5, { date_begin: p.date_begin, date_end: p.date_end, sortby });
  const ids = total ? SO._searchIds(domain, { order: SORTINGS[sortby].order, limit: ITEMS_PER_PAGE, offset: pg.offset }) as number[] : [];
  const rows = db.cr.transaction(() => {
    const su = db.env(1).model('sale.order');
    const vals = su.browse(ids)._values(['name', 'date_order', 'validity_date', 'state', 'amount_total', 'currency_id', 'locked', 'is_expired']);
    return ids.map((id) => {
      const v = vals.get(id)!;
      const token = (su.browse([id]) as AnyModel)._portal_ensure_token();
      return {
        id, name: v.name, url: `/my/orders/${id}?access_token=${token}`,
        date: datetimeText(db, uid, v.date_order), validity: dateText(v.validity_date),
        total: moneyHtml(db, Number(v.amount_total), v.currency_id as number),
        cancelled: v.state === 'cancel', expired: !!v.is_expired, done: v.state === 'sale' && !!v.locked,
      };
    });
  });
  ctx.session.set(quotes ? 'my_quotations_history' : 'my_orders_history', ids.slice(0, 100));
  const title = quotes ? 'Quotations' : 'Sales Orders';
  sendHtml(ctx, renderPage(quotes ? 'sale/portal_my_quotations' : 'sale/portal_my_orders', {
    ...layoutValues(ctx, title), page_name: quotes ? 'quote' : 'order', breadcrumb: title, rows, pager: pg,
    sortings: searchbarItems(url, Object.entries(SORTINGS).map(([k, s]) => [k, s.label]), sortby, 'sortby', {}),
    sort_label: SORTINGS[sortby].label,
  }, 'frontend'));
}

/** Lines, totals and addresses of the order page (sale.sale_order_portal_content). */
function orderContent(db: Database, order: AnyModel): Record<string, unknown> {
  const id = order.ids[0];
  const v = order._values(['currency_id', 'tax_totals']).get(id)!;
  const currency = v.currency_id as number;
  const lineIds = db.env(1).model('sale.order.line')._searchIds([['order_id', '=', id]], { order: 'sequence, id' }) as number[];
  const lines = db.env(1).model('sale.order.line').browse(lineIds)._values(['name', 'display_type', 'product_uom_qty', 'product_uom', 'price_unit', 'discount', 'tax_id', 'price_subtotal', 'price_reduce_taxexcl']);
  const showDiscount = [...lines.values()].some((l) => Number(l.discount));
  const taxName = (t: number) => {
    const tv = db.env(1).model('account.tax').withContext({ active_test: false }).browse([t])._values(['name', 'description']).get(t);
    return String(tv?.description || tv?.name || '');
  };
  const rows = lineIds.map((lid) => {
    const l = lines.get(lid)!;
    const uom = l.product_uom ? db.env(1).model('uom.uom').browse([l.product_uom as number])._displayNames().get(l.product_uom as number) : '';
    return {
      section: l.display_type === 'line_section', note: l.display_type === 'line_note', name: l.name,
      qty: (Number(l.product_uom_qty) || 0).toFixed(2), uom,
      price_unit: (Number(l.price_unit) || 0).toFixed(2), discount: Number(l.discount) ? `${Number(l.discount)}%` : '',
      price_reduce: (Number(l.price_reduce_taxexcl) || 0).toFixed(2),
      taxes: ((l.tax_id as number[]) ?? []).map(taxName).join(', '),
      subtotal: moneyHtml(db, Number(l.price_subtotal) || 0, currency),
    };
  });
  const totals = (v.tax_totals ?? {}) as Record<string, unknown>;
  const groups = (totals.groups_by_subtotal ?? {}) as Record<string, Array<Record<string, unknown>>>;
  const subtotals = ((totals.subtotals ?? []) as Array<Record<string, unknown>>).map((s) => ({
    name: s.name, amount: s.formatted_amount,
    groups: (groups[String(s.name)] ?? []).map((g) => ({
      name: g.tax_group_name, amount: g.formatted_tax_group_amount, base: totals.display_tax_base || !g.hide_base_amount ? g.formatted_tax_group_base_amount : null,
    })),
  }));
  return { lines: rows, show_discount: showDiscount, subtotals, total: totals.formatted_amount_total ?? '' };
}

function partnerAddress(db: Database, partnerId: number): Record<string, unknown> {
  const P = db.env(1).model('res.partner').withContext({ active_test: false }).browse([partnerId]);
  const v = P._values(['contact_address', 'phone', 'email']).get(partnerId)!;
  const name = String(P._displayNames().get(partnerId) || '');
  const lines = String(v.contact_address ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length && name.startsWith(lines[0])) lines.shift();
  return { name, lines, phone: v.phone || '', email: v.email || '' };
}

/** GET /my/orders/<id> */
function orderPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const p = ctx.params;
  const orderId = Number(req.params.order_id);
  const doc = portalDocumentRequest(ctx, 'sale.order', orderId);
  if (!doc) return;
  const { db, uid, token, record: order } = doc;
  if (['html', 'pdf', 'text'].includes(p.report_type)) {
    sendReport(res, db, 'sale.action_report_saleorder', order, p.report_type, downloadRequested(p.download));
    return;
  }
  const publicUid = db.env(1).refId('base.public_user');
  const share = !db.env(1).hasGroup('base.group_user', uid);
  db.cr.transaction(() => {
    if (share && token) {
      // "Quotation viewed by customer": once per day and session (the session keeps the date)
      const today = new Date(db.cr.clock.now()).toISOString().slice(0, 10);
      const key = `view_quote_${orderId}`;
      if (ctx.session.data[key] !== today) {
        ctx.session.set(key, today);
        const viewer = uid === publicUid ? order.get('partner_id') : db.env(1).model('res.users').browse([uid]).get('partner_id');
        const name = db.env(1).model('res.partner').browse([viewer as number]).get('name');
        const salesperson = order.get('user_id') ? db.env(1).model('res.users').browse([order.get('user_id') as number]).get('partner_id') : false;
        portalPost(db, uid, 'sale.order', orderId, `Quotation viewed by customer ${name}`, order.get('access_token'), {
          message_type: 'notification', subtype_xmlid: 'mail.mt_note', partner_ids: salesperson ? [salesperson] : [],
        });
      }
    }
  });
  const v = order._values(['name', 'state', 'partner_id', 'partner_invoice_id', 'partner_shipping_id', 'amount_total', 'amount_paid', 'currency_id', 'date_order', 'validity_date',
    'client_order_ref', 'user_id', 'access_token', 'is_expired', 'require_signature', 'require_payment', 'prepayment_percent', 'signature', 'signed_by', 'signed_on',
    'note', 'payment_term_id', 'locked', 'type_name', 'invoice_ids', 'company_id']).get(orderId)!;
  const accessToken = db.cr.transaction(() => order._portal_ensure_token()) as string;
  const hasToBeSigned = order._has_to_be_signed() as boolean;
  const hasToBePaid = order._has_to_be_paid() as boolean;
  const draft = ['draft', 'sent'].includes(String(v.state));
  const portalUrl = `/my/orders/${orderId}?access_token=${accessToken}`;
  const values: Record<string, unknown> = {
    ...layoutValues(ctx, `${v.type_name} ${v.name}`),
    page_name: 'order',
    order: {
      id: orderId, name: v.name, state: v.state, type_name: v.type_name, token: accessToken, portal_url: portalUrl,
      total: moneyHtml(db, Number(v.amount_total), v.currency_id as number),
      total_text: moneyText(db, Number(v.amount_total), v.currency_id as number),
      date: draft ? dateText(String(v.date_order ?? '')) : dateText(String(v.date_order ?? '')), date_label: ['sale', 'cancel'].includes(String(v.state)) ? 'Order Date:' : 'Date:',
      validity: dateText(v.validity_date), client_order_ref: v.client_order_ref || '',
      partner_display: db.env(1).model('res.partner').browse([v.partner_id as number])._displayNames().get(v.partner_id as number),
      invoice_address: partnerAddress(db, v.partner_invoice_id as number),
      shipping_address: v.partner_shipping_id !== v.partner_invoice_id ? partnerAddress(db, v.partner_shipping_id as number) : null,
      cancelled: v.state === 'cancel', expired: !!v.is_expired, signed_by: v.signed_by || '', signed_on: datetimeText(db, uid, v.signed_on),
      signature: v.signature || '', note: v.note || '',
      payment_term: v.payment_term_id ? db.env(1).model('account.payment.term').browse([v.payment_term_id as number]).get('name') : '',
    },
    ...orderContent(db, order),
    breadcrumb_quotes: ['sent', 'cancel'].includes(String(v.state)),
    has_to_be_signed: hasToBeSigned, has_to_be_paid: hasToBePaid,
    sign_and_pay: hasToBeSigned && hasToBePaid, sign_only: hasToBeSigned && !hasToBePaid, pay_only: !hasToBeSigned && hasToBePaid,
    has_transactions: (order._transactions(orderId, null) as unknown[]).length > 0,
    message: p.message || '',
    message_sign_ok: p.message === 'sign_ok', message_cant_reject: p.message === 'cant_reject',
    sign_ok_text: v.state === 'sale' ? 'Your order has been confirmed.' : hasToBePaid ? 'Your order has been signed but still needs to be paid to be confirmed.' : 'Your order has been signed.',
    report_url: `${portalUrl}&report_type=pdf`,
    accept_url: `/my/orders/${orderId}/accept?access_token=${accessToken}`,
    decline_url: `/my/orders/${orderId}/decline?access_token=${accessToken}`,
    default_signer: uid === publicUid ? db.env(1).model('res.partner').browse([v.partner_id as number]).get('name') : db.env(1).model('res.users').browse([uid]).get('name'),
    is_internal: !share,
    sales_user: v.user_id ? { name: db.env(1).model('res.users').browse([v.user_id as number]).get('name') } : null,
    invoices: invoiceBadges(db, (v.invoice_ids as number[]) ?? [], uid),
    chatter: chatterValues(db, uid, 'sale.order', orderId, token),
    ...recordsPager(db, 'sale.order', ctx.session.data[draft || v.state === 'cancel' ? 'my_quotations_history' : 'my_orders_history'], orderId),
  };
  if (hasToBePaid) {
    const downpayment = p.downpayment !== undefined ? p.downpayment === 'true' : Number(v.prepayment_percent) < 1.0;
    const amount = downpayment ? order._get_prepayment_required_amount() as number : Number(v.amount_total) - Number(v.amount_paid);
    const partnerId = uid === publicUid ? v.partner_id as number : db.env(1).model('res.users').browse([uid]).get('partner_id') as number;
    values.payment = paymentFormValues(db, uid, {
      companyId: v.company_id as number, partnerId, amount, currencyId: v.currency_id as number,
      transactionRoute: `/my/orders/${orderId}/transaction?access_token=${accessToken}`, landingRoute: portalUrl, accessToken,
      referencePrefix: String(v.name), csrfToken: ctx.session.csrfToken(),
    });
    values.prepayment = Number(v.prepayment_percent) < 1.0;
    values.downpayment = downpayment;
    values.downpayment_url = `${portalUrl}&downpayment=true`;
    values.fullpayment_url = `${portalUrl}&downpayment=false`;
    values.prepayment_amount = moneyHtml(db, order._get_prepayment_required_amount() as number, v.currency_id as number);
  }
  sendHtml(ctx, renderPage('sale/sale_order_portal_template', values, 'frontend'));
}

/** "Last Invoices" of the order page: posted invoices with their payment badge. */
function invoiceBadges(db: Database, ids: number[], _uid: number): unknown[] {
  if (!ids.length) return [];
  const Move = db.env(1).model('account.move');
  const vals = Move.browse(ids)._values(['name', 'state', 'payment_state', 'invoice_date', 'access_token']);
  return ids.filter((id) => vals.get(id)?.state === 'posted').map((id) => {
    const v = vals.get(id)!;
    const token = (Move.browse([id]) as AnyModel)._portal_ensure_token();
    const paid = ['paid', 'in_payment'].includes(String(v.payment_state));
    return {
      name: v.name, url: `/my/invoices/${id}?access_token=${token}`, date: dateText(v.invoice_date),
      badge: paid ? 'Paid' : v.payment_state === 'reversed' ? 'Reversed' : 'Waiting Payment', badge_class: paid || v.payment_state === 'reversed' ? 'text-bg-success' : 'text-bg-info',
    };
  });
}

/** POST /my/orders/<id>/accept (JSON): sign, confirm unless payment is due, post the signed PDF. */
function accept(db: Database, uid: number, orderId: number, token: unknown, name: unknown, signature: unknown): unknown {
  let order: AnyModel;
  try {
    order = documentCheckAccess(db, uid, 'sale.order', orderId, token);
  } catch (e) {
    if (e instanceof AccessError || e instanceof MissingError) return { error: 'Invalid order.' };
    throw e;
  }
  if (!order._has_to_be_signed()) return { error: 'The order is not in a state requiring customer signature.' };
  if (!signature) return { error: 'Signature is missing.' };
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length % 4 !== 0) throw new UserError('Image is not encoded in base64.');
  // Odoo commits the signature before confirming: it stays even when the confirmation fails
  db.cr.transaction(() => {
    order.write({ signed_by: name ?? false, signed_on: new Date(db.cr.clock.now()).toISOString().slice(0, 19).replace('T', ' '), signature });
  });
  return db.cr.transaction(() => {
    if (!order._has_to_be_paid()) order.withContext({ send_email: true }).action_confirm();
    const [pdf] = (db.env(1).model('ir.actions.report') as AnyModel)._render_qweb_pdf('sale.action_report_saleorder', [orderId]) as [Buffer, string];
    const orderName = order.get('name');
    // the signed order's PDF goes with the message where attachments exist (ir.attachment)
    portalPost(db, uid, 'sale.order', orderId, `Order signed by ${name}`, token || order.get('access_token'),
      db.registry.has('ir.attachment') ? { attachments: [[`${orderName}.pdf`, pdf.toString('base64')]] } : {});
    const query = `&message=sign_ok${order._has_to_be_paid() ? '#allow_payment=yes' : ''}`;
    return { force_refresh: true, redirect_url: order.get_portal_url(null, null, null, query) };
  });
}

/** POST /my/orders/<id>/decline (form): cancel a quotation that needs a signature, with the customer's reason. */
function decline(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  if (!checkCsrf(ctx)) return;
  const orderId = Number(req.params.order_id);
  const doc = portalDocumentRequest(ctx, 'sale.order', orderId);
  if (!doc) return;
  const { db, uid, token, record: order } = doc;
  const reason = ctx.params.decline_message;
  const url = db.cr.transaction(() => {
    if (order._has_to_be_signed() && reason) {
      order._action_cancel();
      portalPost(db, uid, 'sale.order', orderId, reason, token);
      return order.get_portal_url();
    }
    return order.get_portal_url(null, null, null, '&message=cant_reject');
  }) as string;
  sendRedirect(ctx, url);
}

function methodNotAllowed(res: Response): void {
  res.setHeader('Allow', 'POST');
  res.status(405).type('text/html; charset=utf-8').send('<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n');
}

export function registerSaleRoutes(server: Express, app: App): void {
  portalCounters.quotation_count = (env) => (env.registry.has('sale.order') ? countAs(env, ordersDomain(env, true)) : undefined);
  portalCounters.order_count = (env) => (env.registry.has('sale.order') ? countAs(env, ordersDomain(env, false), 1) : undefined);
  portalHomeCards.push(
    { module: 'sale', category: 'alert', sequence: 10, card: () => ({ url: '/my/quotes', title: 'Quotations to review', text: '', counter: 'quotation_count', show_count: true, alert: true }) },
    { module: 'sale', category: 'client', sequence: 10, card: () => ({ url: '/my/orders', title: 'Sales Orders', text: 'Follow, view or pay your orders', counter: 'order_count' }) },
  );
  const sale = moduleRouter(server, app, 'sale');
  sale.get(['/my/quotes', '/my/quotes/page/:page(\\d+)'], pageRoute((req, res) => listPage(app, req, res, true)));
  sale.get(['/my/orders', '/my/orders/page/:page(\\d+)'], pageRoute((req, res) => listPage(app, req, res, false)));
  sale.all('/my/orders/:order_id(\\d+)', pageRoute((req, res) => orderPage(app, req, res)));
  sale.all('/my/orders/:order_id(\\d+)/accept', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = ctx.db!;
    const token = params.access_token ?? new URLSearchParams(ctx.req.originalUrl.split('?')[1] ?? '').get('access_token');
    return accept(db, requestUid(ctx, db), Number(ctx.req.params.order_id), token, params.name, params.signature);
  }));
  sale.post('/my/orders/:order_id(\\d+)/decline', pageRoute((req, res) => decline(app, req, res)));
  sale.all('/my/orders/:order_id(\\d+)/decline', (_req, res) => methodNotAllowed(res));
  sale.all('/my/orders/:order_id(\\d+)/transaction', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = ctx.db!;
    const uid = requestUid(ctx, db);
    const orderId = Number(ctx.req.params.order_id);
    const { access_token: token, ...kwargs } = params;
    const queryToken = new URLSearchParams(ctx.req.originalUrl.split('?')[1] ?? '').get('access_token');
    return db.cr.transaction(() => {
      let order: AnyModel;
      try {
        order = documentCheckAccess(db, uid, 'sale.order', orderId, token ?? queryToken);
      } catch (e) {
        if (e instanceof AccessError) throw new ValidationError('The access token is invalid.');
        throw e;
      }
      validateTransactionKwargs(kwargs);
      const publicUid = db.env(1).refId('base.public_user');
      const partner = uid !== publicUid ? db.env(1).model('res.users').browse([uid]).get('partner_id') : order.get('partner_invoice_id');
      const tx = createTransaction(ctx, db, uid, { ...kwargs, partner_id: partner, currency_id: order.get('currency_id') }, { sale_order_ids: [[6, 0, [orderId]]] });
      return tx._get_processing_values();
    });
  }));
}

