/**
 * payment addon (Payment Engine, account.md §6): providers, payment methods, tokens and
 * transactions, with Odoo 17's reference computation, state machine (_set_pending/_set_done/…),
 * processing and post-processing values. Provider modules (payment_demo) add their code and
 * simulate the provider's answers; account_payment turns done transactions into payments.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { PyTypeError, UserError, ValidationError } from '../orm/exceptions';
import { nowUtc, pyTruthy, pyTypeName } from '../orm/fields';
import { floatRound } from '../tools/float_utils';
import { param } from '../orm/signature';
import * as security from '../orm/security';
import crypto from 'crypto';
import { PyFloat, pyFloatRepr } from '../orm/values';
import { currentCompany } from '../account/config';
import { currencyOf, pyFormatAmount } from '../account/tools';
import { Markup, escapeText } from '../mail/html';
import { paymentCaptureWizard } from './capture_wizard';

/** A 1×1 transparent PNG: payment methods require an image; the emulator does not ship the icons. */
export const PLACEHOLDER_IMAGE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const SUPPORT_LEVELS: Array<[string, string]> = [['full_only', 'Full Only'], ['partial', 'Partial']];

export const paymentProvider: ModelDecl = {
  _name: 'payment.provider',
  _description: 'Payment Provider',
  _order: 'module_state, state desc, sequence, name',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true },
    sequence: { type: 'integer', string: 'Sequence', help: 'Define the display order' },
    code: { type: 'selection', string: 'Code', selection: [['none', 'No Provider Set']], default: 'none', required: true, help: 'The technical code of this payment provider.' },
    state: {
      type: 'selection', string: 'State', required: true, default: 'disabled', copy: false,
      selection: [['disabled', 'Disabled'], ['enabled', 'Enabled'], ['test', 'Test Mode']],
      help: 'In test mode, a fake payment is processed through a test payment interface.\nThis mode is advised when setting up the provider.',
    },
    is_published: { type: 'boolean', string: 'Published', copy: false, help: 'Whether the provider is visible on the website or not. Tokens remain functional but are only visible on manage forms.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, default: currentCompany, index: true },
    main_currency_id: { type: 'many2one', comodel: 'res.currency', related: 'company_id.currency_id', string: 'Currency', help: 'The main currency of the company, used to display monetary fields.' },
    payment_method_ids: { type: 'many2many', comodel: 'payment.method', relation: 'payment_method_payment_provider_rel', column1: 'payment_provider_id', column2: 'payment_method_id', string: 'Supported Payment Methods' },
    allow_tokenization: { type: 'boolean', string: 'Allow Saving Payment Methods', help: 'This controls whether customers can save their payment methods as payment tokens.\nA payment token is an anonymous link to the payment method details saved in the\nprovider\'s database, allowing the customer to reuse it for a next purchase.' },
    capture_manually: { type: 'boolean', string: 'Capture Amount Manually', help: 'Capture the amount from Odoo, when the delivery is completed.\nUse this if you want to charge your customers cards only when\nyou are sure you can ship the goods to them.' },
    allow_express_checkout: { type: 'boolean', string: 'Allow Express Checkout', help: 'This controls whether customers can use express payment methods. Express checkout enables customers to pay with Google Pay and Apple Pay from which address information is collected at payment.' },
    redirect_form_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Redirect Form Template' },
    inline_form_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Inline Form Template' },
    token_inline_form_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Token Inline Form Template' },
    express_checkout_form_view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Express Checkout Form Template' },
    available_country_ids: { type: 'many2many', comodel: 'res.country', string: 'Countries', relation: 'payment_country_rel', column1: 'payment_id', column2: 'country_id', help: 'The countries in which this payment provider is available. Leave blank to make it available in all countries.' },
    available_currency_ids: { type: 'many2many', comodel: 'res.currency', string: 'Currencies', relation: 'payment_currency_rel', column1: 'payment_provider_id', column2: 'currency_id', help: 'The currencies available with this payment provider. Leave empty not to restrict any.' },
    maximum_amount: { type: 'monetary', string: 'Maximum Amount', currency_field: 'main_currency_id', help: 'The maximum payment amount that this payment provider is available for. Leave blank to make it available for any payment amount.' },
    pre_msg: { type: 'html', string: 'Help Message', translate: true, help: 'The message displayed to explain and help the payment process' },
    pending_msg: { type: 'html', string: 'Pending Message', translate: true, default: '<p>Your payment has been successfully processed but is waiting for approval.</p>' },
    auth_msg: { type: 'html', string: 'Authorize Message', translate: true, default: '<p>Your payment has been authorized.</p>' },
    done_msg: { type: 'html', string: 'Done Message', translate: true, default: '<p>Your payment has been successfully processed.</p>' },
    cancel_msg: { type: 'html', string: 'Canceled Message', translate: true, default: '<p>Your payment has been cancelled.</p>' },
    support_tokenization: { type: 'boolean', string: 'Tokenization Supported', compute: '_compute_feature_support_fields' },
    support_manual_capture: { type: 'selection', string: 'Manual Capture Supported', selection: SUPPORT_LEVELS, compute: '_compute_feature_support_fields' },
    support_express_checkout: { type: 'boolean', string: 'Express Checkout Supported', compute: '_compute_feature_support_fields' },
    support_refund: { type: 'selection', string: 'Type of Refund Supported', selection: SUPPORT_LEVELS, compute: '_compute_feature_support_fields' },
    image_128: { type: 'binary', string: 'Image' },
    color: { type: 'integer', string: 'Color', compute: '_compute_color', store: true, depends: ['state'], help: 'The color of the card in kanban view' },
    module_id: { type: 'many2one', comodel: 'ir.module.module', string: 'Corresponding Module' },
    module_state: { type: 'selection', string: 'Installation State', related: 'module_id.state', store: true, selection: [['uninstallable', 'Uninstallable'], ['uninstalled', 'Not Installed'], ['installed', 'Installed'], ['to upgrade', 'To be upgraded'], ['to remove', 'To be removed'], ['to install', 'To be installed']] },
  },
  rpc: {
    action_toggle_is_published: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** Odoo gives each feature flag per provider code (_compute_feature_support_fields; demo overrides). */
    _compute_feature_support_fields(field: { name: string }): Map<number, unknown> {
      const vals = this._values(['code']);
      return new Map(this.ids.map((id) => [id, (this as AnyModel)._featureSupport(String(vals.get(id)?.code))[field.name] ?? false]));
    }
    _featureSupport(_code: string): Record<string, unknown> {
      return { support_tokenization: false, support_manual_capture: false, support_express_checkout: false, support_refund: false };
    }
    _compute_color(): Map<number, unknown> {
      const vals = this._values(['state']);
      return new Map(this.ids.map((id) => [id, ({ disabled: 3, enabled: 7, test: 2 } as Record<string, number>)[String(vals.get(id)?.state)] ?? 0]));
    }
    action_toggle_is_published(): null {
      for (const id of this.ids) this.browse([id]).write({ is_published: !this.browse([id]).sudo().get('is_published') });
      return null;
    }
    /** _setup_provider: module-specific setup after a provider module is installed (account_payment adds a payment method). */
    _setup_provider(_code: string): void { /* extended */ }

    /**
     * _get_compatible_providers: enabled/test providers of the company, published unless the
     * user is internal, allowed for the partner's country and the currency, under their maximum.
     */
    _compatibleProviders(companyId: number, partnerId: number, amount: number, currencyId: number | false, opts: { forceTokenization?: boolean; isValidation?: boolean } = {}): number[] {
      const domain: unknown[] = [['state', 'in', ['enabled', 'test']], ['company_id', '=', companyId]];
      if (!this.env.hasGroup('base.group_user')) domain.push(['is_published', '=', true]);
      const ids = this.sudo()._searchIds(domain, { order: 'module_state, state desc, sequence, name' });
      const country = this.env.model('res.partner').sudo().browse([partnerId]).get('country_id');
      return ids.filter((id) => {
        const p = this.sudo().browse([id])._values(['available_country_ids', 'available_currency_ids', 'maximum_amount', 'allow_tokenization', 'code']).get(id)!;
        if ((p.available_country_ids as number[]).length && country && !(p.available_country_ids as number[]).includes(country as number)) return false;
        if (currencyId && (p.available_currency_ids as number[]).length && !(p.available_currency_ids as number[]).includes(currencyId)) return false;
        if (!opts.isValidation && (p.maximum_amount as number) && amount > (p.maximum_amount as number)) return false;
        if (opts.forceTokenization && !(p.allow_tokenization && (this as AnyModel)._featureSupport(String(p.code)).support_tokenization)) return false;
        return true;
      });
    }
  },
};

export const paymentMethod: ModelDecl = {
  _name: 'payment.method',
  _description: 'Payment Method',
  _order: 'active desc, sequence, name',
  fields: {
    name: { type: 'char', string: 'Name', required: true },
    code: { type: 'char', string: 'Code', required: true, help: 'The technical code of this payment method.' },
    sequence: { type: 'integer', string: 'Sequence', default: 1 },
    primary_payment_method_id: { type: 'many2one', comodel: 'payment.method', string: 'Primary Payment Method', help: 'The primary payment method of the current payment method, if the latter is a brand.\nFor example, "Card" is the primary payment method of the card brand "VISA".' },
    brand_ids: { type: 'one2many', comodel: 'payment.method', inverse_name: 'primary_payment_method_id', string: 'Brands', help: 'The brands of the payment methods that will be displayed on the payment form.' },
    is_primary: { type: 'boolean', string: 'Is Primary Payment Method', compute: '_compute_is_primary', search: '_search_is_primary' },
    provider_ids: { type: 'many2many', comodel: 'payment.provider', relation: 'payment_method_payment_provider_rel', column1: 'payment_method_id', column2: 'payment_provider_id', string: 'Providers', help: 'The list of providers supporting this payment method.' },
    active: { type: 'boolean', string: 'Active', default: true },
    image: { type: 'binary', string: 'Image', required: true, default: PLACEHOLDER_IMAGE, help: 'The base image used for this payment method; in a 64x64 px format.' },
    image_payment_form: { type: 'binary', string: 'The resized image displayed on the payment form.', related: 'image', store: true },
    support_tokenization: { type: 'boolean', string: 'Tokenization Supported', help: 'Tokenization is the process of saving the payment details as a token that can later be reused without having to enter the payment details again.' },
    support_express_checkout: { type: 'boolean', string: 'Express Checkout Supported', help: 'Express checkout allows customers to pay faster by using a payment method that provides all required billing and shipping information, thus allowing to skip the checkout process.' },
    support_refund: { type: 'selection', string: 'Type of Refund Supported', selection: SUPPORT_LEVELS, help: 'Refund is a feature allowing to refund customers directly from the payment in Odoo.' },
    supported_country_ids: { type: 'many2many', comodel: 'res.country', relation: 'payment_country_rel_method', column1: 'payment_method_id', column2: 'country_id', string: 'Supported Countries', help: 'The list of countries in which this payment method can be used (if the provider allows it). In other countries, this payment method is not available to customers.' },
    supported_currency_ids: { type: 'many2many', comodel: 'res.currency', relation: 'payment_currency_rel_method', column1: 'payment_method_id', column2: 'currency_id', string: 'Supported Currencies', help: 'The list of currencies for that are supported by this payment method (if the provider allows it). When paying with another currency, this payment method is not available to customers.' },
  },
  methods: (Base) => class extends Base {
    _compute_is_primary(): Map<number, unknown> {
      const vals = this._values(['primary_payment_method_id']);
      return new Map(this.ids.map((id) => [id, !vals.get(id)?.primary_payment_method_id]));
    }
    _search_is_primary(operator: string, value: unknown): unknown[] {
      const primary = (operator === '=' && value) || (operator === '!=' && !value);
      return [['primary_payment_method_id', primary ? '=' : '!=', false]];
    }
  },
};

export const paymentToken: ModelDecl = {
  _name: 'payment.token',
  _description: 'Payment Token',
  _order: 'partner_id, id desc',
  fields: {
    provider_id: { type: 'many2one', comodel: 'payment.provider', string: 'Provider', required: true, ondelete: 'restrict' },
    provider_code: { type: 'selection', related: 'provider_id.code', string: 'Provider Code', selection: [['none', 'No Provider Set']] },
    company_id: { type: 'many2one', comodel: 'res.company', related: 'provider_id.company_id', store: true, index: true },
    payment_method_id: { type: 'many2one', comodel: 'payment.method', string: 'Payment Method', readonly: true, required: true },
    payment_method_code: { type: 'char', related: 'payment_method_id.code', string: 'Payment Method Code' },
    payment_details: { type: 'char', string: 'Payment Details', help: 'The clear part of the payment method\'s payment details.' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner', required: true },
    provider_ref: { type: 'char', string: 'Provider Reference', help: 'The provider reference of the token of the transaction.', required: true },
    transaction_ids: { type: 'one2many', comodel: 'payment.transaction', inverse_name: 'token_id', string: 'Payment Transactions' },
    active: { type: 'boolean', string: 'Active', default: true },
  },
  rpc: {
    get_linked_records_info: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _create(valsList: Vals[]): this {
      const publicPartner = this.env.xmlidLookup('base.public_partner')?.[1];
      if (valsList.some((v) => publicPartner && v.partner_id === publicPartner)) throw new ValidationError('No token can be assigned to the public partner.');
      return super._create(valsList);
    }
    _write(vals: Vals): void {
      if (vals.active) {
        const inactive = this.ids.some((id) => !this.browse([id]).sudo().withContext({ active_test: false }).get('active'));
        if (inactive) throw new UserError('A token cannot be unarchived once it has been archived.');
      }
      super._write(vals);
    }
    /** _build_display_name: "•••• 4242" (padded to the details' length), unpadded for demo tokens. */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['payment_details', 'create_date', 'provider_code']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.payment_details) {
          const date = String(v.create_date || nowUtc(this.env.cr)).slice(0, 10).replace(/-/g, '/');
          return [id, `Payment details saved on ${date}`];
        }
        const details = String(v.payment_details);
        if (!(this as AnyModel)._padTokenName(String(v.provider_code))) return [id, details];
        const padding = 34 - details.length;
        if (padding >= 2) return [id, `${'\u2022'.repeat(Math.min(padding - 1, 4))} ${details}`];
        return [id, padding > 0 ? details : details.slice(0, 34)];
      }));
    }
    _padTokenName(_code: string): boolean { return true; }
    get_linked_records_info(): unknown[] { return []; }
  },
};

const TX_STATES: Array<[string, string]> = [['draft', 'Draft'], ['pending', 'Pending'], ['authorized', 'Authorized'], ['done', 'Confirmed'], ['cancel', 'Canceled'], ['error', 'Error']];

export const paymentTransaction: ModelDecl = {
  _name: 'payment.transaction',
  _description: 'Payment Transaction',
  _order: 'id desc',
  _rec_name: 'reference',
  fields: {
    provider_id: { type: 'many2one', comodel: 'payment.provider', string: 'Provider', readonly: true, required: true },
    provider_code: { type: 'selection', related: 'provider_id.code', string: 'Provider Code', selection: [['none', 'No Provider Set']] },
    company_id: { type: 'many2one', comodel: 'res.company', related: 'provider_id.company_id', store: true, index: true },
    payment_method_id: { type: 'many2one', comodel: 'payment.method', string: 'Payment Method', readonly: true, required: true },
    payment_method_code: { type: 'char', related: 'payment_method_id.code', string: 'Payment Method Code' },
    reference: { type: 'char', string: 'Reference', help: 'The internal reference of the transaction', readonly: true, required: true },
    provider_reference: { type: 'char', string: 'Provider Reference', help: 'The provider reference of the transaction', readonly: true },
    amount: { type: 'monetary', string: 'Amount', currency_field: 'currency_id', readonly: true, required: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', readonly: true, required: true },
    token_id: { type: 'many2one', comodel: 'payment.token', string: 'Payment Token', readonly: true, ondelete: 'restrict' },
    state: { type: 'selection', string: 'Status', selection: TX_STATES, default: 'draft', readonly: true, required: true, copy: false, index: true },
    state_message: { type: 'text', string: 'Message', help: 'The complementary information message about the state', readonly: true },
    last_state_change: { type: 'datetime', string: 'Last State Change Date', readonly: true, default: (m: BaseModel) => nowUtc(m.env.cr) },
    operation: {
      type: 'selection', string: 'Operation', readonly: true, index: true,
      selection: [['online_redirect', 'Online payment with redirection'], ['online_direct', 'Online direct payment'], ['online_token', 'Online payment by token'], ['validation', 'Validation of the payment method'], ['offline', 'Offline payment by token'], ['refund', 'Refund']],
    },
    source_transaction_id: { type: 'many2one', comodel: 'payment.transaction', string: 'Source Transaction', help: 'The source transaction of the related child transactions', readonly: true },
    child_transaction_ids: { type: 'one2many', comodel: 'payment.transaction', inverse_name: 'source_transaction_id', string: 'Child Transactions', readonly: true },
    refunds_count: { type: 'integer', string: 'Refunds Count', compute: '_compute_refunds_count' },
    is_post_processed: { type: 'boolean', string: 'Is Post-processed', help: 'Has the payment been post-processed' },
    tokenize: { type: 'boolean', string: 'Create Token', help: 'Whether a payment token should be created when post-processing the transaction' },
    landing_route: { type: 'char', string: 'Landing Route', help: 'The route the user is redirected to after the transaction' },
    callback_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Callback Document Model', groups: 'base.group_system' },
    callback_res_id: { type: 'integer', string: 'Callback Record ID', groups: 'base.group_system' },
    callback_method: { type: 'char', string: 'Callback Method', groups: 'base.group_system' },
    callback_hash: { type: 'char', string: 'Callback Hash', groups: 'base.group_system' },
    callback_is_done: { type: 'boolean', string: 'Callback Done', help: 'Whether the callback has already been executed', groups: 'base.group_system', readonly: true },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer', readonly: true, required: true, ondelete: 'restrict' },
    partner_name: { type: 'char', string: 'Partner Name' },
    partner_lang: { type: 'selection', string: 'Language', selection: (env: { cr: { all: <T>(sql: string) => T[] } }) => env.cr.all<{ code: string; name: string }>('SELECT code, name FROM res_lang WHERE active ORDER BY name').map((r) => [r.code, r.name] as [string, string]) },
    partner_email: { type: 'char', string: 'Email' },
    partner_address: { type: 'char', string: 'Address' },
    partner_zip: { type: 'char', string: 'Zip' },
    partner_city: { type: 'char', string: 'City' },
    partner_state_id: { type: 'many2one', comodel: 'res.country.state', string: 'State' },
    partner_country_id: { type: 'many2one', comodel: 'res.country', string: 'Country' },
    partner_phone: { type: 'char', string: 'Phone' },
  },
  _sql_constraints: [['reference_uniq', 'unique(reference)', 'Reference must be unique!']],
  constrains: { _check_token_is_active: ['token_id'] },
  rpc: {
    action_view_refunds: { api: 'multi', params: [] },
    action_capture: { api: 'multi', params: [] },
    action_void: { api: 'multi', params: [] },
    action_refund: { api: 'multi', params: [param('amount_to_refund', null)] },
  },
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['reference']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.reference || false]));
    }
    _compute_refunds_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ n: number }>("SELECT COUNT(*) AS n FROM payment_transaction WHERE source_transaction_id = ? AND operation = 'refund'", [id])?.n ?? 0]));
    }
    _check_token_is_active(): void {
      for (const v of this._values(['token_id']).values()) {
        if (v.token_id && !this.env.model('payment.token').sudo().withContext({ active_test: false }).browse([v.token_id as number]).get('active')) {
          throw new ValidationError('Creating a transaction from an archived token is forbidden.');
        }
      }
    }

    /** create: the reference (unless given) and a copy of the partner's coordinates. */
    _create(valsList: Vals[]): this {
      const prepared = valsList.map((given) => {
        const v: Vals = { ...given };
        const code = v.provider_id ? String(this.env.model('payment.provider').sudo().browse([v.provider_id as number]).get('code')) : 'none';
        if (!v.reference) v.reference = (this as AnyModel)._computeReference(code, null, '-', v);
        if (v.partner_id) {
          const p = this.env.model('res.partner').sudo().browse([v.partner_id as number])._values(['name', 'parent_id', 'lang', 'email', 'street', 'street2', 'zip', 'city', 'state_id', 'country_id', 'phone']).get(v.partner_id as number);
          if (p) {
            Object.assign(v, {
              partner_name: p.name || (p.parent_id ? this.env.model('res.partner').sudo().browse([p.parent_id as number]).get('name') : false),
              partner_lang: p.lang, partner_email: p.email, partner_address: [p.street, p.street2].filter(Boolean).join(' ') || false,
              partner_zip: p.zip, partner_city: p.city, partner_state_id: p.state_id, partner_country_id: p.country_id, partner_phone: p.phone,
            });
          }
        }
        return v;
      });
      return super._create(prepared);
    }

    /**
     * _compute_reference: the prefix (given, or from the linked documents, or tx-<timestamp>),
     * then "-N" after the largest number already used with it.
     */
    _computeReference(providerCode: string, prefix: string | null, separator: string, values: Vals): string {
      let p = prefix ? prefix.normalize('NFKD').replace(/[^\x00-\x7F]/g, '') : '';
      if (!p) p = (this as AnyModel)._computeReferencePrefix(providerCode, separator, values);
      if (!p) p = singularizeReferencePrefix(this.env.cr.clock.now(), 'tx');
      const Tx = this.env.model('payment.transaction').sudo();
      if (!Tx._searchIds([['reference', '=', p]], { limit: 1 }).length) return p;
      const pattern = new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
      let max = 0;
      for (const r of Tx._searchIds([['reference', '=like', `${p}${separator}%`]]).map((id: number) => String(Tx.browse([id]).get('reference')))) {
        const m = pattern.exec(r);
        if (m && Number(m[1]) > max) max = Number(m[1]);
      }
      return `${p}${separator}${max + 1}`;
    }
    _computeReferencePrefix(_providerCode: string, _separator: string, _values: Vals): string { return ''; }

    /** _get_processing_values: what the payment form needs to continue a transaction. */
    _get_processing_values(): Vals {
      const v = this.ensureOne().sudo()._values(['provider_id', 'provider_code', 'reference', 'amount', 'currency_id', 'partner_id']).get(this.ids[0])!;
      return { provider_id: v.provider_id, provider_code: v.provider_code, reference: v.reference, amount: new PyFloat(v.amount as number), currency_id: v.currency_id, partner_id: v.partner_id };
    }

    /** _get_post_processing_values: the status page's data. */
    _get_post_processing_values(): Vals {
      const v = this.ensureOne().sudo()._values(['provider_code', 'provider_id', 'reference', 'amount', 'currency_id', 'state', 'state_message', 'operation', 'landing_route']).get(this.ids[0])!;
      const provider = this.env.model('payment.provider').sudo().browse([v.provider_id as number])._values(['name', 'pending_msg', 'done_msg', 'cancel_msg']).get(v.provider_id as number)!;
      const display = v.state === 'pending' ? provider.pending_msg : v.state === 'done' ? provider.done_msg : v.state === 'cancel' ? provider.cancel_msg : null;
      return {
        provider_code: v.provider_code, provider_name: provider.name, reference: v.reference, amount: new PyFloat(v.amount as number), currency_id: v.currency_id,
        state: v.state, state_message: v.state_message, display_message: display ?? null, operation: v.operation, landing_route: v.landing_route,
      };
    }

    // -------------------------------------------------------------------------------------------
    // state machine (_update_state)
    // -------------------------------------------------------------------------------------------

    _updateState(allowed: string[], target: string, message: string | false): number[] {
      const todo = this.ids.filter((id) => allowed.includes(String(this.browse([id]).sudo().get('state'))));
      if (todo.length) this.sudo().browse(todo)._write({ state: target, state_message: message, last_state_change: nowUtc(this.env.cr) });
      return todo;
    }
    /**
     * _set_<state>: move the allowed transactions to the state, then log it on their documents.
     * A child reaching a final state (done, canceled) may complete its source's split.
     */
    _setState(allowed: string[], target: string, message: string | false, final = false): BaseModel {
      const done = this.browse(this._updateState(allowed, target, message)) as AnyModel;
      if (final) done._updateSourceTransactionState();
      done._logReceivedMessage();
      return done;
    }
    _set_pending(message: string | false = false): BaseModel { return this._setState(['draft'], 'pending', message); }
    _set_authorized(message: string | false = false): BaseModel { return this._setState(['draft', 'pending'], 'authorized', message); }
    _set_done(message: string | false = false): BaseModel { return this._setState(['draft', 'pending', 'authorized', 'error'], 'done', message, true); }
    _set_canceled(message: string | false = false): BaseModel { return this._setState(['draft', 'pending', 'authorized'], 'cancel', message, true); }
    _set_error(message: string | false): BaseModel { return this._setState(['draft', 'pending', 'authorized'], 'error', message); }

    /**
     * _update_source_transaction_state: an authorized transaction split into partial captures and
     * voids is confirmed once its children of the same operation, done or canceled, add up to
     * its amount.
     */
    _updateSourceTransactionState(): void {
      const Tx = this.env.model('payment.transaction').sudo();
      for (const v of this.sudo()._values(['source_transaction_id', 'operation', 'currency_id', 'provider_id']).values()) {
        if (!v.source_transaction_id) continue;
        const sourceId = v.source_transaction_id as number;
        const siblings = Tx._searchIds([['source_transaction_id', '=', sourceId], ['state', 'in', ['done', 'cancel']], ['operation', '=', v.operation]]);
        const processed = floatRound(sumAmounts(Tx.browse(siblings)), { digits: currencyOf(this.env, v.currency_id as number).decimal_places });
        if (Number(Tx.browse([sourceId]).get('amount')) !== processed) continue;
        const provider = String(this.env.model('payment.provider').sudo().browse([v.provider_id as number]).get('name'));
        // _update_state, not _set_done: the source's own confirmation must not loop back here
        (Tx.browse([sourceId]) as AnyModel)._updateState(['authorized'], 'done',
          `This transaction has been confirmed following the processing of its partial capture and partial void transactions (${provider}).`);
      }
    }

    // -------------------------------------------------------------------------------------------
    // capture, void, refund (action_capture, action_void, action_refund and their requests)
    // -------------------------------------------------------------------------------------------

    /** payment_utils.check_rights_on_recordset: write access to the transactions, before working as superuser. */
    _checkRightsOnRecordset(): void {
      security.checkAccessRights(this, 'write');
      security.checkAccessRule(this, 'write');
    }

    /** action_view_refunds: the refund (form) or the refunds (list) of the transaction. */
    action_view_refunds(): Vals {
      const id = this.ensureOne().ids[0];
      const action: Vals = { name: 'Refund', res_model: 'payment.transaction', type: 'ir.actions.act_window' };
      if (this.get('refunds_count') === 1) {
        // Odoo takes the newest child, whatever its operation
        action.res_id = this.env.model('payment.transaction')._searchIds([['source_transaction_id', '=', id]])[0];
        action.view_mode = 'form';
      } else {
        action.view_mode = 'tree,form';
        action.domain = [['source_transaction_id', '=', id]];
      }
      return action;
    }

    /**
     * action_capture: the capture wizard when a provider captures partially (the authorized and
     * confirmed transactions in its context), else each authorized transaction captured in full.
     */
    action_capture(): Vals | null {
      this._checkRightsOnRecordset();
      const rows = this.sudo()._values(['provider_id', 'state']);
      const Provider = this.env.model('payment.provider').sudo();
      if (this.ids.some((id) => Provider.browse([rows.get(id)!.provider_id as number]).get('support_manual_capture') === 'partial')) {
        return {
          name: 'Capture', type: 'ir.actions.act_window', view_mode: 'form', res_model: 'payment.capture.wizard', target: 'new',
          context: { active_model: 'payment.transaction', active_ids: this.ids.filter((id) => ['authorized', 'done'].includes(String(rows.get(id)!.state))) },
        };
      }
      for (const id of this.ids) {
        if (rows.get(id)!.state === 'authorized') (this.browse([id]).sudo() as AnyModel)._sendCaptureRequest();
      }
      return null;
    }

    /** action_void: void what is left of authorized transactions (their confirmed partial captures aside). */
    action_void(): null {
      this._checkRightsOnRecordset();
      const rows = this.sudo()._values(['state', 'amount', 'operation']);
      if (this.ids.some((id) => rows.get(id)!.state !== 'authorized')) throw new ValidationError('Only authorized transactions can be voided.');
      const Tx = this.env.model('payment.transaction').sudo();
      for (const id of this.ids) {
        const v = rows.get(id)!;
        const captured = sumAmounts(Tx.browse(Tx._searchIds([['source_transaction_id', '=', id], ['state', '=', 'done'], ['operation', '=', v.operation]])));
        (Tx.browse([id]) as AnyModel)._sendVoidRequest((Number(v.amount) || 0) - captured);
      }
      return null;
    }

    /** action_refund: refund confirmed transactions (the whole amount unless given). */
    action_refund(amountToRefund: unknown = null): null {
      security.checkReadAccess(this);
      const rows = this.sudo()._values(['state']);
      if (this.ids.some((id) => rows.get(id)!.state !== 'done')) throw new ValidationError('Only confirmed transactions can be refunded.');
      this._checkRightsOnRecordset();
      for (const id of this.ids) (this.browse([id]).sudo() as AnyModel)._sendRefundRequest(amountToRefund);
      return null;
    }

    /** _ensure_provider_is_not_disabled: no request reaches a disabled provider. */
    _ensureProviderIsNotDisabled(): void {
      const provider = this.ensureOne().sudo().get('provider_id') as number;
      if (this.env.model('payment.provider').sudo().browse([provider]).get('state') === 'disabled') {
        throw new UserError('Making a request to the provider is not possible because the provider is disabled.');
      }
    }
    /** _send_refund_request: a refund child transaction of the amount (the whole one by default), announced on the documents. */
    _sendRefundRequest(amountToRefund: unknown = null): BaseModel {
      this.ensureOne();
      this._ensureProviderIsNotDisabled();
      // `amount_to_refund or self.amount`, then negated: what is not a number fails there
      const given = pyTruthy(amountToRefund) ? amountToRefund : Number(this.sudo().get('amount')) || 0;
      if (typeof given !== 'number' && typeof given !== 'boolean' && !(given instanceof PyFloat)) throw new PyTypeError(`bad operand type for unary -: '${pyTypeName(given)}'`);
      const refund = this._createChildTransaction(Number(given), true) as AnyModel;
      refund._logSentMessage();
      return refund;
    }
    /** _send_capture_request: a partial capture becomes a child transaction; a full one is the transaction itself. */
    _sendCaptureRequest(amountToCapture: unknown = null): BaseModel { return this._partOf(amountToCapture); }
    /** _send_void_request: a partial void becomes a child transaction; a full one is the transaction itself. */
    _sendVoidRequest(amountToVoid: unknown = null): BaseModel { return this._partOf(amountToVoid); }
    /** The child transaction of a partial capture or void of `amount` (none for the whole amount, or none given). */
    _partOf(amount: unknown): BaseModel {
      this.ensureOne();
      this._ensureProviderIsNotDisabled();
      const part = Number(amount) || 0;
      if (part && part !== Number(this.sudo().get('amount'))) return this._createChildTransaction(part);
      return this.env.model('payment.transaction');
    }
    /**
     * _create_child_transaction: a refund (R-<reference>, negative amount) or a partial capture or
     * void (P-<reference>, the source's operation) of this transaction.
     */
    _createChildTransaction(amount: number, isRefund = false, extra: Vals = {}): BaseModel {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['provider_id', 'provider_code', 'payment_method_id', 'reference', 'currency_id', 'token_id', 'operation', 'partner_id']).get(id)!;
      const prefix = `${isRefund ? 'R' : 'P'}-${v.reference}`;
      return this.create([{
        provider_id: v.provider_id, payment_method_id: v.payment_method_id,
        reference: this._computeReference(String(v.provider_code || 'none'), prefix, '-', {}),
        amount: isRefund ? -amount : amount, currency_id: v.currency_id, token_id: v.token_id,
        operation: isRefund ? 'refund' : v.operation, source_transaction_id: id, partner_id: v.partner_id, ...extra,
      }]);
    }

    // -------------------------------------------------------------------------------------------
    // messages on the linked documents (_log_sent_message, _log_received_message)
    // -------------------------------------------------------------------------------------------

    _logSentMessage(): void {
      for (const id of this.ids) {
        const tx = this.browse([id]) as AnyModel;
        tx._logMessageOnLinkedDocuments(tx._getSentMessage());
      }
    }
    _logReceivedMessage(): void {
      for (const id of this.ids) {
        const tx = this.browse([id]) as AnyModel;
        if (tx.sudo().get('operation') === 'validation') continue;
        tx._logMessageOnLinkedDocuments(tx._getReceivedMessage());
      }
    }
    /** The texts of the logs; `amount` is the transaction's, `refunded` its opposite (tools.format_amount). */
    _txTexts(): { ref: string; provider: string; amount: string; refunded: string; v: Vals } {
      const v = this.ensureOne().sudo()._values(['reference', 'provider_id', 'amount', 'currency_id', 'operation', 'token_id', 'state', 'state_message']).get(this.ids[0])!;
      const provider = String(this.env.model('payment.provider').sudo().browse([v.provider_id as number]).get('name'));
      const amount = Number(v.amount) || 0;
      const currency = currencyOf(this.env, v.currency_id as number);
      return { ref: String(v.reference), provider, v, amount: pyFormatAmount(this.env, amount, currency), refunded: pyFormatAmount(this.env, -amount, currency) };
    }
    /** _get_sent_message: "A transaction with reference ... has been initiated (...)." */
    _getSentMessage(): string {
      const { ref, provider, refunded, v } = this._txTexts();
      if (v.operation === 'online_redirect' || v.operation === 'online_direct') return `A transaction with reference ${ref} has been initiated (${provider}).`;
      if (v.operation === 'refund') return `A refund request of ${refunded} has been sent. The payment will be created soon. Refund transaction reference: ${ref} (${provider}).`;
      if (v.operation === 'online_token' || v.operation === 'offline') {
        const token = this.env.model('payment.token').sudo().withContext({ active_test: false }).browse([v.token_id as number]) as AnyModel;
        return `A transaction with reference ${ref} has been initiated using the payment method ${String(token._compute_display_name().get(token.ids[0]) ?? '')} (${provider}).`;
      }
      return `A request has been initiated to save a new payment method (${provider}).`;
    }
    /** _get_received_message: the state the provider answered, with its reason. */
    _getReceivedMessage(): string | Markup {
      const { ref, provider, amount, v } = this._txTexts();
      const head = `The transaction with reference ${ref} for ${amount}`;
      if (v.state === 'pending') return `${head} is pending (${provider}).`;
      if (v.state === 'authorized') return `${head} has been authorized (${provider}).`;
      if (v.state === 'done') return `${head} has been confirmed (${provider}).`;
      const [text, label] = v.state === 'error' ? [`${head} encountered an error (${provider}).`, 'Error'] : [`${head} is canceled (${provider}).`, 'Reason'];
      if (!v.state_message) return text;
      return new Markup(`${escapeText(text)}<br>${escapeText(`${label}: ${v.state_message}`)}`);
    }
    /** _log_message_on_linked_documents: nothing to log on in payment alone (account_payment, sale). */
    _logMessageOnLinkedDocuments(_message: string | Markup): void { /* extended */ }
    /** Author of the logs: the transaction's partner, unless the superuser runs the code. */
    _logAuthor(): number | false {
      if (this.env.uid === 1) return this.env.model('res.users').sudo().browse([this.env.uid]).get('partner_id') as number;
      return this.sudo().get('partner_id') as number | false;
    }

    /** _handle_notification_data: find the transaction, let the provider process the data. */
    _handleNotificationData(providerCode: string, data: Vals): BaseModel {
      const tx = (this as AnyModel)._txFromNotificationData(providerCode, data) as AnyModel;
      tx._processNotificationData(data);
      return tx;
    }
    _txFromNotificationData(_providerCode: string, _data: Vals): BaseModel { return this.browse([]); }
    _processNotificationData(_data: Vals): void { /* provider-specific */ }
    /** _send_payment_request: token payments are sent to the provider (demo applies the token's state). */
    _sendPaymentRequest(): void { this._logSentMessage(); }

    /** _finalize_post_processing: reconcile what the done transactions pay, then flag them. */
    _finalizePostProcessing(): void {
      const done = this.ids.filter((id) => this.browse([id]).sudo().get('operation') !== 'validation');
      if (done.length) (this.browse(done) as AnyModel)._reconcileAfterDone();
      if (this.ids.length) this.sudo()._write({ is_post_processed: true });
    }
    /** _reconcile_after_done: documents-specific post-processing (invoices, sale orders). */
    _reconcileAfterDone(): void { /* extended by account_payment and sale */ }

    /** The payment cron ("payment: post-process transactions"): done transactions of the last 4 days. */
    _cron_finalize_post_processing(): void {
      const limit = new Date(this.env.cr.clock.now() - 4 * 24 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const ids = this.sudo()._searchIds([['state', '=', 'done'], ['is_post_processed', '=', false], ['last_state_change', '>=', limit]]);
      for (const id of ids) (this.sudo().browse([id]) as AnyModel)._finalizePostProcessing();
    }
  },
};

/** The sum of the transactions' amounts. */
function sumAmounts(txs: BaseModel): number {
  let sum = 0;
  for (const v of txs._values(['amount']).values()) sum += Number(v.amount) || 0;
  return sum;
}

/** payment_utils.singularize_reference_prefix: "<prefix>-YYYYMMDDHHMMSS". */
export function singularizeReferencePrefix(nowMs: number, prefix = 'tx', separator = '-'): string {
  const d = new Date(nowMs).toISOString();
  return `${prefix}${separator}${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}`;
}

/** res.partner: the saved payment methods (payment/models/res_partner.py). */
export const resPartnerPayment: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    payment_token_ids: { type: 'one2many', comodel: 'payment.token', inverse_name: 'partner_id', string: 'Payment Tokens' },
    payment_token_count: { type: 'integer', string: 'Payment Token Count', compute: '_compute_payment_token_count' },
  },
  methods: (Base) => class extends Base {
    _compute_payment_token_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM payment_token WHERE partner_id = ? AND active', [id])?.n ?? 0]));
    }
  },
};

/**
 * payment.link.wizard (payment/wizards/payment_link_wizard.py): "Generate a Payment Link" of a
 * document (context active_model / active_id): the amount to ask (at most what is left to pay)
 * and the link /payment/pay?amount=…&access_token=<HMAC of partner, amount, currency>&…, whose
 * document-specific values come from the document's module (account_payment: invoice_id).
 */
export const paymentLinkWizard: ModelDecl = {
  _name: 'payment.link.wizard',
  _description: 'Generate Payment Link',
  _transient: true,
  fields: {
    res_model: { type: 'char', string: 'Related Document Model', required: true },
    res_id: { type: 'integer', string: 'Related Document ID', required: true },
    amount: { type: 'monetary', string: 'Amount', currency_field: 'currency_id', required: true },
    amount_max: { type: 'monetary', string: 'Amount Max', currency_field: 'currency_id' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner' },
    partner_email: { type: 'char', string: 'Email', related: 'partner_id.email' },
    link: { type: 'char', string: 'Payment Link', compute: '_compute_link', depends: ['amount', 'currency_id', 'partner_id', 'company_id'] },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', compute: '_compute_company_id', depends: ['res_model', 'res_id'] },
    warning_message: { type: 'char', string: 'Warning Message', compute: '_compute_warning_message', depends: ['amount', 'amount_max'] },
  },
  methods: (Base) => class extends Base {
    /** default_get: the document of the context and its own defaults (_get_default_payment_link_values). */
    _defaultValues(fnames: string[]): Vals {
      const res = super._defaultValues(fnames);
      const resId = this.env.context.active_id;
      const resModel = this.env.context.active_model;
      if (resId && typeof resModel === 'string' && this.env.registry.has(resModel)) {
        Object.assign(res, { res_model: resModel, res_id: resId });
        const doc = this.env.model(resModel).browse([Number(resId)]) as AnyModel;
        if (typeof doc._get_default_payment_link_values === 'function') Object.assign(res, doc._get_default_payment_link_values());
      }
      return res;
    }
    _compute_warning_message(): Map<number, unknown> {
      const vals = this._values(['amount', 'amount_max']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const amount = Number(v.amount) || 0;
        const max = Number(v.amount_max) || 0;
        if (max <= 0) return [id, 'There is nothing to be paid.'];
        if (amount <= 0) return [id, 'Please set a positive amount.'];
        if (amount > max) return [id, `Please set an amount lower than ${pyFloatRepr(max)}.`];
        return [id, ''];
      }));
    }
    _compute_company_id(): Map<number, unknown> {
      const vals = this._values(['res_model', 'res_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const model = String(v.res_model ?? '');
        if (!this.env.registry.has(model) || !this.env.model(model).cls._fields.company_id) return [id, false];
        return [id, this.env.model(model).sudo().browse([Number(v.res_id)]).get('company_id') || false];
      }));
    }
    /** _get_additional_link_values: the payment context a generic link carries. */
    _getAdditionalLinkValues(v: Vals): Array<[string, unknown]> {
      return [['currency_id', v.currency_id], ['partner_id', v.partner_id], ['company_id', v.company_id]];
    }
    _compute_link(): Map<number, unknown> {
      const vals = this._values(['res_model', 'res_id', 'amount', 'currency_id', 'partner_id', 'company_id']);
      const base = String(this.env.model('ir.config_parameter').sudo().get_param('web.base.url') || '');
      const secret = String(this.env.model('ir.config_parameter').sudo().get_param('database.secret') || '');
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const amount = Number(v.amount) || 0;
        const token = paymentAccessTokenOf(secret, v.partner_id, amount, v.currency_id);
        const params = new URLSearchParams();
        params.set('amount', pyFloatRepr(amount));
        params.set('access_token', token);
        for (const [k, x] of (this as AnyModel)._getAdditionalLinkValues(v) as Array<[string, unknown]>) params.set(k, x === false || x === null || x === undefined ? '' : String(x));
        return [id, `${base}/payment/pay?${params.toString()}`];
      }));
    }
  },
};

/** payment_utils.generate_access_token(partner_id, amount, currency_id): HMAC-SHA256 with the database secret. */
export function paymentAccessTokenOf(secret: string, partnerId: unknown, amount: unknown, currencyId: unknown): string {
  const str = (v: unknown, float: boolean) => (v === null || v === undefined || v === false ? 'None' : float ? pyFloatRepr(Number(v)) : String(v));
  return crypto.createHmac('sha256', secret).update(`${str(partnerId, false)}|${str(amount, true)}|${str(currencyId, false)}`).digest('hex');
}

export const paymentModels: ModelDecl[] = [paymentProvider, paymentMethod, paymentToken, paymentTransaction, resPartnerPayment, paymentLinkWizard, paymentCaptureWizard];
