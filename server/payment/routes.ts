/**
 * The JSON routes of online payments (account.md §6.5, §7.5): paying an invoice through a
 * transaction (account_payment's /invoice/transaction/<id>), the demo provider's simulated answer
 * (payment_demo's /payment/demo/simulate_payment) and the status poll that finalises a done
 * transaction (payment's /payment/status/poll, which posts and reconciles the invoice's payment).
 * The routes only read the request and call the models; the rules are in models/payment*.
 */
import type { Express } from 'express';
import { jsonRoute, type App, type Ctx } from '../http';
import { moduleRouter } from '../modules';
import { AccessError, MissingError, PyException, PyTypeError, ValidationError } from '../../models/orm/exceptions';
import type { AnyModel, Vals } from '../../models/orm/model';
import type { Database } from '../../models/database';

/** The session key of the transaction the status page follows (PaymentPostProcessing.MONITORED_TX_ID_KEY). */
const MONITORED_TX = '__payment_monitored_tx_id__';
const TX_KWARGS = new Set(['provider_id', 'payment_method_id', 'token_id', 'amount', 'flow', 'tokenization_requested', 'landing_route', 'is_validation', 'csrf_token']);

function dbOf(ctx: Ctx): Database {
  if (!ctx.db) throw new PyTypeError("'NoneType' object is not subscriptable");
  return ctx.db;
}

/** The logged user, or the public user for anonymous requests. */
function currentUid(ctx: Ctx, db: Database): number {
  if (ctx.session.uid && ctx.session.db === db.name) return ctx.session.uid;
  return db.env(1).refId('base.public_user');
}

/** _document_check_access: the record with the right token, or one the user may read. */
function documentCheckAccess(db: Database, uid: number, model: string, id: number, token: unknown): AnyModel {
  const su = db.env(1).model(model).browse([id]).exists();
  if (!su.ids.length) throw new MissingError('This document does not exist.');
  const stored = su.get('access_token');
  if (token && stored && token === stored) return su;
  const mine = db.env(uid).model(model).browse([id]);
  mine.check_access_rights('read');
  mine.check_access_rule('read');
  return su;
}

/** _create_transaction of the payment portal: a draft transaction for the flow, then monitored. */
function createTransaction(ctx: Ctx, db: Database, kw: Vals, custom: Vals): AnyModel {
  const env = db.env(currentUid(ctx, db)).sudo();
  const flow = String(kw.flow ?? '');
  let providerId = Number(kw.provider_id);
  let methodId = kw.payment_method_id ?? false;
  let tokenId: unknown = false;
  let tokenize = false;
  if (flow === 'redirect' || flow === 'direct') {
    const provider = env.model('payment.provider').browse([providerId]);
    tokenize = !!provider.get('allow_tokenization') && !!kw.tokenization_requested;
  } else if (flow === 'token') {
    tokenId = Number(kw.token_id);
    const token = env.model('payment.token').withContext({ active_test: false }).browse([tokenId as number]);
    const Partner = env.model('res.partner');
    const partnerCommercial = Partner.browse([kw.partner_id as number]).get('commercial_partner_id');
    const tokenCommercial = Partner.browse([token.get('partner_id') as number]).get('commercial_partner_id');
    if (partnerCommercial !== tokenCommercial) throw new AccessError('You do not have access to this payment token.');
    providerId = token.get('provider_id') as number;
    methodId = token.get('payment_method_id');
  } else {
    throw new ValidationError('The payment should either be direct, with redirection, or made by a token.');
  }
  const Tx = env.model('payment.transaction');
  const code = String(env.model('payment.provider').browse([providerId]).get('code'));
  const reference = Tx._computeReference(code, (kw.reference_prefix as string) || null, '-', custom);
  const tx = Tx.create([{
    provider_id: providerId, payment_method_id: methodId, reference, amount: kw.amount, currency_id: kw.currency_id,
    partner_id: kw.partner_id, token_id: tokenId, operation: kw.is_validation ? 'validation' : `online_${flow}`,
    tokenize, landing_route: kw.landing_route ?? false, ...custom,
  }]) as AnyModel;
  if (flow === 'token') tx._sendPaymentRequest();
  else tx._logSentMessage();
  ctx.session.set(MONITORED_TX, tx.ids[0]);
  return tx;
}

export function registerPaymentRoutes(server: Express, app: App): void {
  // account_payment: pay an invoice (the portal's "Pay Now")
  moduleRouter(server, app, 'account_payment').all('/invoice/transaction/:invoice_id(\\d+)', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    const uid = currentUid(ctx, db);
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
      const rejected = Object.keys(kwargs).filter((k) => !TX_KWARGS.has(k));
      if (rejected.length) throw new ValidationError(`The following kwargs are not whitelisted: ${rejected.join(', ')}`);
      const publicUser = db.env(1).refId('base.public_user');
      const partner = uid !== publicUser ? db.env(1).model('res.users').browse([uid]).get('partner_id') : invoice.get('partner_id');
      const tx = createTransaction(ctx, db, { ...kwargs, currency_id: invoice.get('currency_id'), partner_id: partner }, { invoice_ids: [[6, 0, [invoiceId]]] });
      return tx._get_processing_values();
    });
  }));

  // payment_demo: the provider's simulated notification
  moduleRouter(server, app, 'payment_demo').all('/payment/demo/simulate_payment', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    db.cr.transaction(() => db.env(currentUid(ctx, db)).sudo().model('payment.transaction')._handleNotificationData('demo', params));
    return null;
  }));

  // payment: the status page's poll, which finalises the monitored transaction once done
  moduleRouter(server, app, 'payment').all('/payment/status/poll', jsonRoute(app, { auth: 'public' }, (ctx) => {
    const db = dbOf(ctx);
    const id = ctx.session.data[MONITORED_TX];
    return db.cr.transaction(() => {
      const tx = db.env(currentUid(ctx, db)).sudo().model('payment.transaction').browse(typeof id === 'number' ? [id] : []).exists() as AnyModel;
      // Odoo raises a bare Exception('tx_not_found') (payment/controllers/post_processing.py)
      if (!tx.ids.length) throw new PyException('tx_not_found');
      if (tx.get('state') === 'done' && !tx.get('is_post_processed')) tx._finalizePostProcessing();
      return tx._get_post_processing_values();
    });
  }));
}
