/**
 * Odoo's payment form (payment/views/payment_form_templates.xml `payment.form`, account.md §7.4)
 * and what the pages paying with it share (payment/controllers/portal.py PaymentPortal): the
 * compatible providers, payment methods and the partner's tokens; the payment access token (an
 * HMAC of the payment context with the database secret, payment/utils.py); the whitelist of the
 * transaction routes' arguments and `_create_transaction`.
 */
import crypto from 'crypto';
import type { Database } from '../../models/database';
import type { AnyModel, Vals } from '../../models/orm/model';
import { AccessError, ValidationError } from '../../models/orm/exceptions';
import { pyFloatRepr } from '../../models/orm/values';
import type { Ctx } from '../http';
import { moneyHtml } from '../web/portal_docs';

/** The session key of the transaction the status page follows (PaymentPostProcessing.MONITORED_TX_ID_KEY). */
export const MONITORED_TX = '__payment_monitored_tx_id__';
const TX_KWARGS = new Set(['provider_id', 'payment_method_id', 'token_id', 'amount', 'flow', 'tokenization_requested', 'landing_route', 'is_validation', 'csrf_token']);

/** str() of a Python value in the token's message: None, floats as '230.0', ints as '8'. */
function pyStrOf(v: unknown, float: boolean): string {
  if (v === null || v === undefined || v === false) return 'None';
  return float ? pyFloatRepr(Number(v)) : String(v);
}

/** payment_utils.generate_access_token(partner_id, amount, currency_id) */
export function paymentAccessToken(db: Database, partnerId: unknown, amount: unknown, currencyId: unknown): string {
  const secret = String(db.env(1).model('ir.config_parameter').get_param('database.secret') ?? '');
  const message = [pyStrOf(partnerId, false), pyStrOf(amount, true), pyStrOf(currencyId, false)].join('|');
  return crypto.createHmac('sha256', secret).update(message).digest('hex');
}

export function checkPaymentAccessToken(db: Database, token: unknown, partnerId: unknown, amount: unknown, currencyId: unknown): boolean {
  if (typeof token !== 'string' || !token) return false;
  const expected = paymentAccessToken(db, partnerId, amount, currencyId);
  return expected.length === token.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(token));
}

export interface PaymentContext {
  companyId: number;
  partnerId: number;
  amount: number | null;
  currencyId: number | null;
  transactionRoute: string;
  landingRoute: string;
  accessToken: string;
  referencePrefix?: string;
  csrfToken: string;
  /** The manage page (/my/payment_method): tokenization only, tokens deletable. */
  validation?: boolean;
}

/**
 * The values of views/payment/form.hbs: the providers compatible with the context, their primary
 * payment methods, the partner's tokens (first one pre-selected; a single method pre-selected).
 */
export function paymentFormValues(db: Database, uid: number, c: PaymentContext): Record<string, unknown> {
  const env = db.env(uid).sudo();
  const Provider = env.model('payment.provider') as AnyModel;
  const providerIds = Provider._compatibleProviders(c.companyId, c.partnerId, c.amount ?? 0, c.currencyId || false, { forceTokenization: !!c.validation, isValidation: !!c.validation }) as number[];
  const providers = Provider.browse(providerIds)._values(['name', 'code', 'state', 'allow_tokenization', 'payment_method_ids']);
  const methods: Array<Record<string, unknown>> = [];
  const Method = env.model('payment.method').withContext({ active_test: true });
  for (const pid of providerIds) {
    const p = providers.get(pid)!;
    const mids = Method._searchIds([['id', 'in', (p.payment_method_ids as number[]) ?? []], ['is_primary', '=', true], ...(c.validation ? [['support_tokenization', '=', true]] : [])], { order: 'sequence, name' }) as number[];
    const mv = Method.browse(mids)._values(['name', 'code']);
    for (const mid of mids) {
      methods.push({
        id: mid, name: mv.get(mid)!.name, code: mv.get(mid)!.code, provider_id: pid, provider_code: p.code, provider_state: p.state, provider_name: p.name,
        test_mode: p.state === 'test', demo: p.code === 'demo',
        show_tokenize: !c.validation && !!p.allow_tokenization && uid !== db.env(1).refId('base.public_user'),
      });
    }
  }
  const partner = env.model('res.partner').withContext({ active_test: false }).browse([c.partnerId]);
  const commercial = partner.get('commercial_partner_id') as number;
  const partnerDomain = c.validation ? [['partner_id', 'child_of', [commercial]]] : [['partner_id', 'in', [c.partnerId, commercial]]];
  const Token = env.model('payment.token') as AnyModel;
  const tokenIds = providerIds.length ? Token._searchIds([['provider_id', 'in', providerIds], ...partnerDomain], { order: 'partner_id, id desc' }) as number[] : [];
  const tokenNames = Token.browse(tokenIds)._compute_display_name() as Map<number, unknown>;
  const tv = Token.browse(tokenIds)._values(['provider_id', 'demo_simulated_state'].filter((f) => Token.cls._fields[f]));
  const tokens = tokenIds.map((tid, i) => {
    const p = providers.get(tv.get(tid)!.provider_id as number);
    const state = String(tv.get(tid)!.demo_simulated_state ?? 'done');
    return {
      id: tid, name: tokenNames.get(tid), provider_id: tv.get(tid)!.provider_id, provider_code: p?.code, provider_state: p?.state, provider_name: p?.name,
      checked: !c.validation && i === 0, demo: p?.code === 'demo',
      demo_state_text: { done: 'successful', pending: 'remain pending', cancel: 'automatically canceled', error: 'simulate a processing error' }[state] ?? state,
      demo_state_word: { done: 'successful', pending: 'pending', cancel: 'canceled', error: 'error' }[state] ?? state,
      demo_state_lead: { done: 'be', pending: 'remain', cancel: 'be automatically', error: 'simulate a processing' }[state] ?? 'be',
    };
  });
  if (!tokens.length && methods.length === 1) methods[0].checked = true;
  return {
    mode: c.validation ? 'validation' : 'payment',
    reference_prefix: c.referencePrefix ?? '',
    amount: c.amount === null ? '' : pyFloatRepr(c.amount),
    amount_html: c.amount === null || !c.currencyId ? '' : moneyHtml(db, c.amount, c.currencyId),
    currency_id: c.currencyId ?? '',
    partner_id: c.partnerId,
    transaction_route: c.transactionRoute,
    landing_route: c.landingRoute,
    access_token: c.accessToken,
    csrf_token: c.csrfToken,
    methods, tokens,
    has_tokens: tokens.length > 0,
    has_options: methods.length > 0 || tokens.length > 0,
    collapse_methods: tokens.length > 0 && !c.validation,
    allow_token_selection: !c.validation,
    allow_token_deletion: !!c.validation,
    submit_label: c.validation ? 'Save' : 'Pay',
  };
}

/** _validate_transaction_kwargs: only the whitelisted keys. */
export function validateTransactionKwargs(kwargs: Record<string, unknown>, extra: string[] = []): void {
  const rejected = Object.keys(kwargs).filter((k) => !TX_KWARGS.has(k) && !extra.includes(k));
  if (rejected.length) throw new ValidationError(`The following kwargs are not whitelisted: ${rejected.join(', ')}`);
}

/** _create_transaction of the payment portal: a draft transaction for the flow, then monitored by the session. */
export function createTransaction(ctx: Ctx, db: Database, uid: number, kw: Vals, custom: Vals): AnyModel {
  const env = db.env(uid).sudo();
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
  const isValidation = !!kw.is_validation;
  const tx = Tx.create([{
    provider_id: providerId, payment_method_id: methodId, reference, amount: isValidation ? 0 : kw.amount, currency_id: kw.currency_id,
    partner_id: kw.partner_id, token_id: tokenId, operation: isValidation ? 'validation' : `online_${flow}`,
    tokenize: isValidation ? true : tokenize, landing_route: kw.landing_route ?? false, ...custom,
  }]) as AnyModel;
  if (flow === 'token') tx._sendPaymentRequest();
  else tx._logSentMessage();
  ctx.session.set(MONITORED_TX, tx.ids[0]);
  return tx;
}
