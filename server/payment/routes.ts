/**
 * The routes of online payments (account.md §6.5, §7.4–§7.7): paying an invoice through a
 * transaction (account_payment's /invoice/transaction/<id>), the generic /payment/transaction
 * (payment links, saving a payment method), the payment link page /payment/pay, the status page
 * /payment/status and its poll (which finalises a done transaction: posts and reconciles the
 * invoice's payment), the confirmation page, the demo provider's simulated answer, and the
 * customer's saved payment methods /my/payment_method with /payment/archive_token.
 * The routes only read the request and call the models; the rules are in models/payment*.
 */
import type { Express, Request, Response } from 'express';
import { jsonRoute, notFound, type App, type Ctx } from '../http';
import { moduleRouter } from '../modules';
import { AccessError, NotFound, PyException, PyTypeError, ValidationError } from '../../models/orm/exceptions';
import type { AnyModel } from '../../models/orm/model';
import type { Database } from '../../models/database';
import { singularizeReferencePrefix } from '../../models/payment';
import { portalHomeCards } from '../routes/portal';
import { renderPage } from '../web/render';
import { authUser, layoutValues, sendHtml, sendRedirect, webCtx, fullPath } from '../web/portal_http';
import { documentCheckAccess, moneyHtml, pageRoute, requestUid } from '../web/portal_docs';
import { checkPaymentAccessToken, createTransaction, MONITORED_TX, paymentAccessToken, paymentFormValues, validateTransactionKwargs } from './form';

function dbOf(ctx: Ctx): Database {
  if (!ctx.db) throw new PyTypeError("'NoneType' object is not subscriptable");
  return ctx.db;
}

function userPartner(db: Database, uid: number): number {
  return db.env(1).model('res.users').browse([uid]).get('partner_id') as number;
}

/** PaymentPortal._cast_as_int / _cast_as_float: malformed values are voided. */
function castInt(v: unknown): number | null {
  return typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? parseInt(v, 10) : null;
}
function castFloat(v: unknown): number | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** GET /payment/pay: the payment link page (generic, or for an invoice / an order with their token). */
function payPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const db = ctx.db;
  if (!db) return notFound(res);
  const p = ctx.params;
  const uid = requestUid(ctx, db);
  const publicUid = db.env(1).refId('base.public_user');
  let amount = castFloat(p.amount);
  let currencyId = castInt(p.currency_id);
  let partnerId = castInt(p.partner_id);
  let companyId = castInt(p.company_id);
  let reference = p.reference || '';
  let extra: { transactionRoute: string; landingRoute: string; accessToken: string } | null = null;
  const invoiceId = castInt(p.invoice_id);
  const orderId = castInt(p.sale_order_id);
  let zero = false;
  if (invoiceId && db.installed('account_payment')) {
    // account_payment: the invoice fixes reference, currency, partner and company; the token must match them
    const inv = db.env(1).model('account.move').browse([invoiceId]).exists() as AnyModel;
    if (!inv.ids.length) throw new ValidationError('The provided parameters are invalid.');
    const iv = inv._values(['name', 'currency_id', 'partner_id', 'company_id', 'state']).get(invoiceId)!;
    if (!checkPaymentAccessToken(db, p.access_token, iv.partner_id, amount, iv.currency_id)) throw new ValidationError('The provided parameters are invalid.');
    reference = String(iv.name);
    currencyId = iv.currency_id as number;
    partnerId = iv.partner_id as number;
    companyId = iv.company_id as number;
    const portalToken = db.cr.transaction(() => inv._portal_ensure_token()) as string;
    extra = { transactionRoute: `/invoice/transaction/${invoiceId}/`, landingRoute: `/my/invoices/${invoiceId}?access_token=${portalToken}`, accessToken: portalToken };
    if (iv.state === 'cancel') zero = true;
  } else if (orderId && db.installed('sale')) {
    const order = db.env(1).model('sale.order').browse([orderId]).exists() as AnyModel;
    if (!order.ids.length) throw new ValidationError('The provided parameters are invalid.');
    const ov = order._values(['name', 'currency_id', 'partner_invoice_id', 'company_id', 'state']).get(orderId)!;
    if (!checkPaymentAccessToken(db, p.access_token, ov.partner_invoice_id, amount, ov.currency_id)) throw new ValidationError('The provided parameters are invalid.');
    reference = String(ov.name);
    currencyId = ov.currency_id as number;
    partnerId = ov.partner_invoice_id as number;
    companyId = ov.company_id as number;
    const portalToken = db.cr.transaction(() => order._portal_ensure_token()) as string;
    extra = { transactionRoute: `/my/orders/${orderId}/transaction?access_token=${portalToken}`, landingRoute: `/my/orders/${orderId}?access_token=${portalToken}`, accessToken: portalToken };
    if (ov.state === 'cancel') zero = true;
  } else if (partnerId && !checkPaymentAccessToken(db, p.access_token, partnerId, amount, currencyId)) {
    // a partner with a wrong token: 404, nothing leaks about ids
    throw new NotFound('Not Found');
  }
  const loggedIn = uid !== publicUid;
  let partnerIsDifferent = false;
  let payer: number;
  if (loggedIn) {
    payer = userPartner(db, uid);
    partnerIsDifferent = !!partnerId && partnerId !== payer;
  } else {
    const exists = partnerId ? db.env(1).model('res.partner').browse([partnerId]).exists().ids.length : 0;
    if (!exists) return sendRedirect(ctx, `/web/login?redirect=${encodeURIComponent(fullPath(req))}`);
    payer = partnerId!;
  }
  reference ||= singularizeReferencePrefix(db.cr.clock.now(), 'tx', '-');
  if (zero) amount = 0;
  amount ??= 0;
  companyId ||= (db.env(1).model('res.partner').browse([payer]).get('company_id') as number) || (db.env(1).model('res.users').browse([uid]).get('company_id') as number);
  currencyId ||= db.env(1).model('res.company').browse([companyId]).get('currency_id') as number;
  const currency = db.env(1).model('res.currency').withContext({ active_test: false }).browse([currencyId]).exists();
  if (!currency.ids.length || !currency.get('active')) throw new NotFound('Not Found');
  const form = paymentFormValues(db, uid, {
    companyId, partnerId: payer, amount, currencyId, referencePrefix: reference,
    transactionRoute: extra?.transactionRoute ?? '/payment/transaction', landingRoute: extra?.landingRoute ?? '/payment/confirmation',
    accessToken: extra?.accessToken ?? paymentAccessToken(db, payer, amount, currencyId), csrfToken: ctx.session.csrfToken(),
  });
  sendHtml(ctx, renderPage('payment/pay', {
    ...layoutValues(ctx, 'Payment'), payment: form, reference, amount_html: moneyHtml(db, amount, currencyId),
    nothing_to_pay: amount <= 0, partner_is_different: partnerIsDifferent, logged_in: loggedIn,
  }, 'frontend'));
}

/** GET /my/payment_method: the customer's saved payment methods and the form to add one. */
function paymentMethodsPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  const partner = userPartner(db, uid);
  const companyId = db.env(1).model('res.users').browse([uid]).get('company_id') as number;
  const form = paymentFormValues(db, uid, {
    companyId, partnerId: partner, amount: null, currencyId: null, validation: true,
    referencePrefix: singularizeReferencePrefix(db.cr.clock.now(), 'V', '-'),
    transactionRoute: '/payment/transaction', landingRoute: '/my/payment_method',
    accessToken: paymentAccessToken(db, partner, null, null), csrfToken: ctx.session.csrfToken(),
  });
  sendHtml(ctx, renderPage('payment/payment_methods', { ...layoutValues(ctx, 'Payment Methods'), payment: form }, 'frontend'));
}

/** GET /payment/status: the page that follows the session's transaction (payment.payment_status). */
function statusPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  sendHtml(ctx, renderPage('payment/payment_status', { ...layoutValues(ctx, 'Payment Status') }, 'frontend'));
}

/** GET /payment/confirmation?tx_id=…&access_token=…: the summary of a done transaction. */
function confirmationPage(app: App, req: Request, res: Response): void {
  const ctx = webCtx(app, req, res);
  const db = ctx.db;
  const txId = castInt(ctx.params.tx_id);
  if (!db || !txId) return sendRedirect(ctx, '/my/home');
  const tx = db.env(1).model('payment.transaction').browse([txId]).exists() as AnyModel;
  if (!tx.ids.length) throw new NotFound('Not Found');
  const v = tx._values(['reference', 'amount', 'currency_id', 'partner_id', 'provider_id', 'payment_method_id', 'state']).get(txId)!;
  if (!checkPaymentAccessToken(db, ctx.params.access_token, v.partner_id, v.amount, v.currency_id)) throw new NotFound('Not Found');
  const provider = db.env(1).model('payment.provider').browse([v.provider_id as number])._values(['name', 'done_msg', 'pending_msg', 'cancel_msg']).get(v.provider_id as number)!;
  sendHtml(ctx, renderPage('payment/confirmation', {
    ...layoutValues(ctx, 'Payment Confirmation'), reference: v.reference, amount_html: moneyHtml(db, Number(v.amount), v.currency_id as number),
    method: v.payment_method_id ? db.env(1).model('payment.method').browse([v.payment_method_id as number]).get('name') : '', provider: provider.name,
    state: v.state, message: v.state === 'done' ? provider.done_msg : v.state === 'pending' ? provider.pending_msg : v.state === 'cancel' ? provider.cancel_msg : '',
  }, 'frontend'));
}

export function registerPaymentRoutes(server: Express, app: App): void {
  portalHomeCards.push({
    module: 'payment', category: 'client', sequence: 30,
    // shown when a provider can save payment methods or the customer has tokens (payment's portal_my_home)
    card: (db, uid) => {
      const partner = userPartner(db, uid);
      const env = db.env(uid).sudo();
      const company = env.model('res.users').browse([uid]).get('company_id') as number;
      const tokenizable = (env.model('payment.provider') as AnyModel)._compatibleProviders(company, partner, 0, false, { forceTokenization: true, isValidation: true }).length > 0;
      const hasTokens = env.model('payment.token')._searchIds([['partner_id', '=', partner]], { limit: 1 }).length > 0;
      return tokenizable || hasTokens ? { url: '/my/payment_method', title: 'Payment methods', text: 'Manage your payment methods', show: true } : null;
    },
  });

  // account_payment: pay an invoice (the portal's "Pay Now", payment links of invoices)
  moduleRouter(server, app, 'account_payment').all('/invoice/transaction/:invoice_id(\\d+)/?', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    const uid = requestUid(ctx, db);
    const invoiceId = Number(ctx.req.params.invoice_id);
    const { access_token: token, ...kwargs } = params;
    if (!('access_token' in params)) throw new PyTypeError("PaymentPortal.invoice_transaction() missing 1 required positional argument: 'access_token'");
    return db.cr.transaction(() => {
      let invoice: AnyModel;
      try {
        invoice = documentCheckAccess(db, uid, 'account.move', invoiceId, token);
      } catch (e) {
        if (e instanceof AccessError) throw new ValidationError('The access token is invalid.');
        throw e;
      }
      validateTransactionKwargs(kwargs);
      const publicUser = db.env(1).refId('base.public_user');
      const partner = uid !== publicUser ? userPartner(db, uid) : invoice.get('partner_id');
      const tx = createTransaction(ctx, db, uid, { ...kwargs, currency_id: invoice.get('currency_id'), partner_id: partner }, { invoice_ids: [[6, 0, [invoiceId]]] });
      return tx._get_processing_values();
    });
  }));

  const payment = moduleRouter(server, app, 'payment');
  // the generic transaction: payment links without a document, and validations (saving a payment method)
  payment.all('/payment/transaction', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    const uid = requestUid(ctx, db);
    const { access_token: token, amount, currency_id: currencyId, partner_id: partnerId, reference_prefix: prefix, ...rest } = params;
    if (!checkPaymentAccessToken(db, token, partnerId, amount ?? null, currencyId ?? null)) throw new ValidationError('The access token is invalid.');
    validateTransactionKwargs(rest);
    return db.cr.transaction(() => {
      const kw: Record<string, unknown> = { ...rest, amount, currency_id: currencyId, partner_id: partnerId, reference_prefix: prefix };
      if (rest.is_validation) {
        // _get_validation_currency / _get_validation_amount: the company's currency, 0 for demo
        const company = db.env(1).model('res.partner').browse([partnerId as number]).get('company_id') || db.env(1).model('res.users').browse([uid]).get('company_id');
        kw.currency_id = db.env(1).model('res.company').browse([company as number]).get('currency_id');
        kw.amount = 0;
      }
      const tx = createTransaction(ctx, db, uid, kw, {});
      if (rest.is_validation) {
        const v = tx._values(['partner_id', 'amount', 'currency_id']).get(tx.ids[0])!;
        const landing = `${String(rest.landing_route ?? '')}?tx_id=${tx.ids[0]}&access_token=${paymentAccessToken(db, v.partner_id, v.amount, v.currency_id)}`;
        tx.sudo()._write({ landing_route: landing });
      } else if (!rest.landing_route || rest.landing_route === '/payment/confirmation') {
        const v = tx._values(['partner_id', 'amount', 'currency_id']).get(tx.ids[0])!;
        tx.sudo()._write({ landing_route: `/payment/confirmation?tx_id=${tx.ids[0]}&access_token=${paymentAccessToken(db, v.partner_id, v.amount, v.currency_id)}` });
      }
      return tx._get_processing_values();
    });
  }));
  payment.get('/payment/pay', pageRoute((req, res) => payPage(app, req, res)));
  payment.get('/payment/status', pageRoute((req, res) => statusPage(app, req, res)));
  payment.get('/payment/confirmation', pageRoute((req, res) => confirmationPage(app, req, res)));
  payment.get('/my/payment_method', pageRoute((req, res) => paymentMethodsPage(app, req, res)));
  // archive one of the user's (or their commercial entity's) tokens; silently nothing otherwise
  payment.all('/payment/archive_token', jsonRoute(app, { auth: 'user' }, (ctx, params) => {
    const db = dbOf(ctx);
    if (!('token_id' in params)) throw new PyTypeError("PaymentPortal.archive_token() missing 1 required positional argument: 'token_id'");
    const uid = ctx.session.uid!;
    const partner = userPartner(db, uid);
    const commercial = db.env(1).model('res.partner').browse([partner]).get('commercial_partner_id');
    db.cr.transaction(() => {
      const token = db.env(1).model('payment.token').browse([Number(params.token_id)]).exists() as AnyModel;
      if (!token.ids.length) return;
      const owner = token.get('partner_id');
      if (owner === partner || owner === commercial) token.write({ active: false });
    });
    return null;
  }));

  // payment_demo: the provider's simulated notification
  moduleRouter(server, app, 'payment_demo').all('/payment/demo/simulate_payment', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    db.cr.transaction(() => db.env(requestUid(ctx, db)).sudo().model('payment.transaction')._handleNotificationData('demo', params));
    return null;
  }));

  // payment: the status page's poll, which finalises the monitored transaction once done
  payment.all('/payment/status/poll', jsonRoute(app, { auth: 'public' }, (ctx) => {
    const db = dbOf(ctx);
    const id = ctx.session.data[MONITORED_TX];
    return db.cr.transaction(() => {
      const tx = db.env(requestUid(ctx, db)).sudo().model('payment.transaction').browse(typeof id === 'number' ? [id] : []).exists() as AnyModel;
      // Odoo raises a bare Exception('tx_not_found') (payment/controllers/post_processing.py)
      if (!tx.ids.length) throw new PyException('tx_not_found');
      if (tx.get('state') === 'done' && !tx.get('is_post_processed')) tx._finalizePostProcessing();
      return tx._get_post_processing_values();
    });
  }));
}


