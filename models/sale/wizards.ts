/**
 * The wizards of sale (sale/wizard/*.py): invoicing an order (regular invoice, down payment in
 * percentage or fixed amount), cancelling one (with its cancellation mail), cancelling several,
 * and discounts.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { checkAccessRights } from '../orm/security';
import { renderTemplateFor } from '../mail/composer';
import { Markup } from '../mail/html';
import { originLinkBody } from '../mail/origin_link';
import { currencyIsZero, currencyRound } from '../tools/currency';
import { companyFacts, contextToday, followers, formatDateUs, postMessage } from './tools';
import { baseLineOf } from './taxes';
import { orderLineData } from './sale_order';
import { engineCompany, processLines, flattenTaxes, type TaxData } from '../account/tax_engine';
import { isInbound } from '../account/move_types';
import { onlySetIds } from '../orm/x2many_commands';
import type { Field } from '../orm/fields';

type Row = Record<string, unknown>;
const activeIds = (m: BaseModel): number[] => (Array.isArray(m.env.context.active_ids) ? (m.env.context.active_ids as unknown[]).filter((x): x is number => typeof x === 'number') : []);

/** The table of the wizard's orders. */
const ORDERS_RELATION = 'sale_advance_payment_inv_sale_order_rel';
/** Per call: the one order of each wizard created in it, and the table version after its link was written. */
const newWizardOrders = new WeakMap<object, Map<number, { order: number; stamp: number }>>();

/** Python's str() of a float in labels ("Down payment of 10.0%"). */
function pyFloat(v: unknown): string {
  const n = Number(v) || 0;
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export const saleAdvancePaymentInv: ModelDecl = {
  _name: 'sale.advance.payment.inv',
  _description: 'Sales Advance Payment Invoice',
  _transient: true,
  fields: {
    advance_payment_method: {
      type: 'selection', string: 'Create Invoice', default: 'delivered', required: true,
      selection: [['delivered', 'Regular invoice'], ['percentage', 'Down payment (percentage)'], ['fixed', 'Down payment (fixed amount)']],
      help: 'A standard invoice is issued with all the order lines ready for invoicing,according to their invoicing policy (based on ordered or delivered quantity).',
    },
    count: { type: 'integer', string: 'Order Count', compute: '_compute_count', depends: ['sale_order_ids'] },
    sale_order_ids: {
      type: 'many2many', comodel: 'sale.order', string: 'Sale Order', default: (m: BaseModel) => activeIds(m),
      relation: 'sale_advance_payment_inv_sale_order_rel', column1: 'sale_advance_payment_inv_id', column2: 'sale_order_id',
    },
    has_down_payments: { type: 'boolean', string: 'Has down payments', compute: '_compute_has_down_payments', depends: ['sale_order_ids'] },
    deduct_down_payments: { type: 'boolean', string: 'Deduct down payments', default: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', compute: '_compute_company_id', store: true, depends: ['sale_order_ids'] },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Down Payment Product', domain: [['type', '=', 'service']], compute: '_compute_product_id', readonly: false, store: true, depends: ['company_id'] },
    amount: { type: 'float', string: 'Down Payment Amount', help: 'The percentage of amount to be invoiced in advance.' },
    fixed_amount: { type: 'monetary', string: 'Down Payment Amount (Fixed)', help: 'The fixed amount to be invoiced in advance.' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', compute: '_compute_currency_id', store: true, depends: ['sale_order_ids'] },
    amount_invoiced: { type: 'monetary', string: 'Already invoiced', compute: '_compute_invoice_amounts', depends: ['sale_order_ids'], help: 'Only confirmed down payments are considered.' },
    amount_to_invoice: { type: 'monetary', string: 'Amount to invoice', compute: '_compute_invoice_amounts', depends: ['sale_order_ids'], help: 'The amount to invoice = Sale Order Total - Confirmed Down Payments.' },
    deposit_account_id: { type: 'many2one', comodel: 'account.account', string: 'Income Account', domain: [['deprecated', '=', false]], check_company: true, help: 'Account used for deposits' },
    deposit_taxes_id: {
      type: 'many2many', comodel: 'account.tax', string: 'Customer Taxes', domain: [['type_tax_use', '=', 'sale']], check_company: true, help: 'Taxes used for deposits',
      relation: 'account_tax_sale_advance_payment_inv_rel', column1: 'sale_advance_payment_inv_id', column2: 'account_tax_id',
    },
    display_draft_invoice_warning: { type: 'boolean', string: 'Display Draft Invoice Warning', compute: '_compute_display_draft_invoice_warning', depends: ['sale_order_ids'] },
    display_invoice_amount_warning: { type: 'boolean', string: 'Display Invoice Amount Warning', compute: '_compute_display_invoice_amount_warning', depends: ['amount', 'fixed_amount', 'advance_payment_method', 'amount_to_invoice'] },
    consolidated_billing: { type: 'boolean', string: 'Consolidated Billing', default: true, help: 'Create one invoice for all orders related to same customer and same invoicing address' },
  },
  constrains: { _check_down_payment_product_is_valid: ['product_id'] },
  rpc: {
    create_invoices: { api: 'multi', params: [] },
    view_draft_invoices: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _orders(id: number): number[] {
      const known = newWizardOrders.get(this.env.cache)?.get(id);
      if (known && this.env.cr.tables.stillValid([ORDERS_RELATION], known.stamp)) return [known.order];
      return (this.sudo()._values(['sale_order_ids']).get(id)?.sale_order_ids as number[]) ?? [];
    }
    /**
     * A new wizard's one order, set by its creation, is known without reading it back for the
     * computations that follow (company, currency, down payment product): a new wizard has no
     * link before, and its one link names an existing order (the link table's foreign keys).
     */
    _writeX2many(f: Field, value: unknown, creating: boolean): void {
      super._writeX2many(f, value, creating);
      const ids = creating && f.name === 'sale_order_ids' && this.ids.length === 1 ? onlySetIds(value) : null;
      if (ids?.length !== 1) return;
      let known = newWizardOrders.get(this.env.cache);
      if (!known) newWizardOrders.set(this.env.cache, known = new Map());
      known.set(this.ids[0], { order: ids[0], stamp: this.env.cr.tables.version });
    }
    _compute_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._orders(id).length]));
    }
    _compute_has_down_payments(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const orders = this._orders(id);
        return [id, !!orders.length && !!this.env.cr.get(`SELECT 1 AS x FROM sale_order_line WHERE is_downpayment = 1 AND order_id IN (${orders.map(() => '?').join(',')})`, orders)];
      }));
    }
    _single(id: number, fname: string): unknown {
      const orders = this._orders(id);
      return orders.length === 1 ? this.env.model('sale.order').sudo().browse(orders).get(fname) : false;
    }
    _compute_currency_id(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, this._single(id, 'currency_id')])); }
    _compute_company_id(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, this._single(id, 'company_id')])); }
    /** The company's down payment product (none until the first down payment creates it). */
    _compute_product_id(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => {
        const company = vals.get(id)?.company_id;
        if (this._orders(id).length !== 1 || !company) return [id, false];
        return [id, companyFacts(this, company as number, ['sale_down_payment_product_id']).sale_down_payment_product_id || false];
      }));
    }
    _compute_invoice_amounts(field: { name: string }): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const orders = this.env.model('sale.order').sudo().browse(this._orders(id))._values(['amount_invoiced', 'amount_to_invoice']);
        return [id, [...orders.values()].reduce((s, o) => s + (Number(o[field.name]) || 0), 0)];
      }));
    }
    _compute_display_draft_invoice_warning(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const SO = this.env.model('sale.order').sudo();
        const moves = this._orders(id).flatMap((o) => SO._invoiceIds(o) as number[]);
        return [id, moves.some((m) => this.env.cr.get("SELECT 1 AS x FROM account_move WHERE id = ? AND state = 'draft'", [m]))];
      }));
    }
    _compute_display_invoice_amount_warning(): Map<number, unknown> {
      const vals = this._values(['fixed_amount', 'amount', 'advance_payment_method', 'amount_to_invoice']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let amount = Number(v.fixed_amount) || 0;
        if (v.advance_payment_method === 'percentage') {
          const totals = this.env.model('sale.order').sudo().browse(this._orders(id))._values(['amount_total']);
          amount = ((Number(v.amount) || 0) / 100) * [...totals.values()].reduce((s, o) => s + Number(o.amount_total), 0);
        }
        return [id, amount > (Number(v.amount_to_invoice) || 0)];
      }));
    }
    _check_down_payment_product_is_valid(): void {
      for (const id of this.ids) {
        const product = this._values(['product_id']).get(id)!.product_id as number | false;
        if (this._orders(id).length > 1 || !product) continue;
        const p = this.env.model('product.product').sudo().browse([product])._values(['invoice_policy', 'type']).get(product)!;
        if (p.invoice_policy !== 'order') {
          throw new UserError('The product used to invoice a down payment should have an invoice policyset to "Ordered quantities". Please update your deposit product to be able to create a deposit invoice.');
        }
        if (p.type !== 'service') {
          throw new UserError("The product used to invoice a down payment should be of type 'Service'. Please use another product or update this product.");
        }
      }
    }
    _check_amount_is_positive(): void {
      for (const [, v] of this._values(['advance_payment_method', 'amount', 'fixed_amount'])) {
        if ((v.advance_payment_method === 'percentage' && Number(v.amount) <= 0) || (v.advance_payment_method === 'fixed' && Number(v.fixed_amount) <= 0)) {
          throw new UserError('The value of the down payment amount must be positive.');
        }
      }
    }
    /** Create the invoices and return the invoice action (sale_make_invoice_advance.py create_invoices). */
    create_invoices(): unknown {
      this._check_amount_is_positive();
      const orders = this.env.model('sale.order').browse(this._orders(this.ensureOne().ids[0]));
      const invoices = this._create_invoices(orders);
      return orders.action_view_invoice(invoices);
    }
    view_draft_invoices(): Vals {
      return {
        name: 'Draft Invoices', type: 'ir.actions.act_window', view_mode: 'tree', views: [[false, 'list'], [false, 'form']], res_model: 'account.move',
        domain: [['line_ids.sale_line_ids.order_id', 'in', this._orders(this.ensureOne().ids[0])], ['state', '=', 'draft']],
      };
    }
    _create_invoices(orders: AnyModel): AnyModel {
      const id = this.ensureOne().ids[0];
      const v = this._values(['advance_payment_method', 'deduct_down_payments', 'consolidated_billing', 'amount', 'fixed_amount', 'product_id', 'company_id']).get(id)!;
      if (v.advance_payment_method === 'delivered') return orders._create_invoices(!v.consolidated_billing, !!v.deduct_down_payments);
      if (orders.ids.length !== 1) throw new UserError(`Expected singleton: sale.order(${orders.ids.join(', ')},)`);
      const order = orders.browse(orders.ids);
      const orderId = order.ids[0];
      if (!v.product_id) {
        const product = this.env.model('product.product').create(this._prepare_down_payment_product_values());
        this.env.model('res.company').sudo().browse([v.company_id as number])._write({ sale_down_payment_product_id: product.ids[0] });
        this._write({ product_id: product.ids[0] });
      }
      const Line = this.env.model('sale.order.line').withContext({ ...this.env.context, sale_no_log_for_new_lines: true });
      const hasSection = this.env.cr.get('SELECT 1 AS x FROM sale_order_line WHERE order_id = ? AND display_type IS NOT NULL AND is_downpayment = 1', [orderId]);
      if (!hasSection) Line.create(this._prepare_down_payment_section_values(orderId));
      const dpLines = Line.create(this._prepare_down_payment_lines_values(orderId));
      const invoice = this.env.model('account.move').sudo().create(this._prepare_invoice_values(order, dpLines));
      const invoiceId = invoice.ids[0];
      if (this._values(['advance_payment_method']).get(id)!.advance_payment_method === 'fixed') this._fixDownPaymentRounding(invoice, orderId);
      const orderName = order.sudo().get('name');
      postMessage(invoice, originLinkBody(invoice, [{ model: 'sale.order', id: orderId, displayName: String(orderName) }]), { subtypeXmlid: 'mail.mt_note', messageType: 'notification' });
      // Odoo 17 stores _("%s has been created", link) wrapped in a span (read on the reference server)
      postMessage(order.sudo(), new Markup(`<span><a href="#" data-oe-model="account.move" data-oe-id="${invoiceId}">Down payment invoice</a> has been created</span>`));
      this.env.model('sale.order.line').browse(dpLines.ids)._recomputeInvoicing();
      return this.env.model('account.move').browse([invoiceId]);
    }
    /**
     * A fixed (tax-included) down payment may miss a cent once taxes are computed: the
     * difference goes onto the receivable, product and tax lines (sale_make_invoice_advance.py).
     */
    _fixDownPaymentRounding(invoice: AnyModel, orderId: number): void {
      const fixed = Number(this._values(['fixed_amount']).get(this.ids[0])!.fixed_amount) || 0;
      const inv = invoice.sudo();
      const currency = this.env.model('sale.order').sudo().browse([orderId]).get('currency_id') as number;
      const sign = isInbound(String(inv.get('move_type'))) ? 1 : -1;
      const delta = (Number(inv.get('amount_total')) - fixed) * sign;
      if (currencyIsZero(this.env, currency, delta)) return;
      const lines = inv.rel('line_ids') as AnyModel;
      const rows = lines._values(['account_id', 'display_type', 'tax_line_id', 'amount_currency', 'price_total']);
      const accountType = (acc: unknown) => (acc ? this.env.model('account.account').sudo().browse([acc as number]).get('account_type') : false);
      const receivable = [...rows.entries()].find(([, r]) => accountType(r.account_id) === 'asset_receivable');
      const products = [...rows.entries()].filter(([, r]) => r.display_type === 'product');
      const taxLines = [...rows.entries()].filter(([, r]) => r.tax_line_id && this.env.model('account.tax').sudo().browse([r.tax_line_id as number]).get('amount_type') !== 'fixed');
      if (!receivable || !products.length || !taxLines.length) return;
      const rounding = Number(this.env.model('res.currency').sudo().browse([currency]).get('rounding')) || 0.01;
      const commands: unknown[] = [[1, receivable[0], { amount_currency: Number(receivable[1].amount_currency) + delta }]];
      const deltaSign = delta > 0 ? 1 : -1;
      for (const [group, attr, s] of [[products, 'price_total', -1], [taxLines, 'amount_currency', 1]] as Array<[Array<[number, Row]>, string, number]>) {
        let remaining = delta;
        for (const [lid, r] of group) {
          if (Math.sign(currencyRound(this.env, currency, remaining)) !== deltaSign) break;
          const amt = deltaSign * Math.max(rounding, Math.abs(currencyRound(this.env, currency, remaining / group.length)));
          remaining -= amt;
          commands.push([1, lid, { [attr]: Number(r[attr]) + amt * s }]);
        }
      }
      inv.write({ line_ids: commands });
    }
    _prepare_down_payment_product_values(): Vals {
      const v = this._values(['company_id', 'deposit_account_id', 'deposit_taxes_id']).get(this.ids[0])!;
      const vals: Vals = { name: 'Down payment', type: 'service', invoice_policy: 'order', company_id: v.company_id };
      const P = this.env.model('product.product');
      if (P.cls._fields.property_account_income_id) vals.property_account_income_id = v.deposit_account_id || false;
      if (P.cls._fields.taxes_id) vals.taxes_id = [[6, 0, (v.deposit_taxes_id as number[]) ?? []]];
      return vals;
    }
    _lastSequence(orderId: number): number {
      const row = this.env.cr.get<{ s: number }>('SELECT sequence AS s FROM sale_order_line WHERE order_id = ? ORDER BY sequence DESC, id DESC LIMIT 1', [orderId]);
      return row ? row.s + 1 : 10;
    }
    _prepare_down_payment_section_values(orderId: number): Vals {
      return { name: 'Down Payments', product_uom_qty: 0.0, order_id: orderId, display_type: 'line_section', is_downpayment: true, sequence: this._lastSequence(orderId) };
    }
    _prepare_base_downpayment_line_values(orderId: number): Vals {
      return {
        name: `Down Payment: ${formatDateUs(contextToday(this.env))} (Draft)`, product_uom_qty: 0.0, order_id: orderId, discount: 0.0,
        product_id: this._values(['product_id']).get(this.ids[0])!.product_id, is_downpayment: true, sequence: this._lastSequence(orderId),
      };
    }
    /**
     * One down payment line per combination of taxes of the order's lines, priced at the
     * percentage of their untaxed subtotal (sale_make_invoice_advance.py _prepare_down_payment_lines_values).
     */
    _prepare_down_payment_lines_values(orderId: number): Vals[] {
      const w = this._values(['advance_payment_method', 'amount', 'fixed_amount']).get(this.ids[0])!;
      const order = this.env.model('sale.order').sudo().browse([orderId])._values(['amount_total', 'company_id', 'currency_id']).get(orderId)!;
      const total = Number(order.amount_total) || 0;
      const percentage = w.advance_payment_method === 'percentage' ? (Number(w.amount) || 0) / 100 : total ? (Number(w.fixed_amount) || 0) / total : 1;
      const dpRows = this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ? AND is_downpayment = 1', [orderId]).map((r) => r.id);
      const lines = (orderLineData(this, [orderId]).get(orderId) ?? []).filter((l) => !dpRows.includes(l.id));
      const company = engineCompany(this.env, order.company_id as number);
      const processed = processLines(lines.map((l) => baseLineOf(this.env, l, false)), company);
      const base = this._prepare_base_downpayment_line_values(orderId);
      const grouped = new Map<string, Vals>();
      const add = (taxIds: number[], amount: number) => {
        const key = [...taxIds].sort((a, b) => a - b).join(',');
        const entry = grouped.get(key) ?? { ...base, tax_id: [[6, 0, [...taxIds].sort((a, b) => a - b)]], product_uom_qty: 0.0, price_unit: 0.0 };
        entry.price_unit = Number(entry.price_unit) + amount;
        grouped.set(key, entry);
      };
      for (const [line, res] of processed) {
        const flat = flattenTaxes(line.taxes).map((t: { tax: TaxData }) => t.tax);
        const fixed = flat.filter((t) => t.amount_type === 'fixed');
        add(flat.filter((t) => t.amount_type !== 'fixed').map((t) => t.id), res.price_subtotal);
        for (const ft of fixed) {
          if (ft.price_include) continue;
          const after = ft.include_base_amount ? flat.slice(flat.indexOf(ft) + 1).filter((t) => t.is_base_affected && t.amount_type !== 'fixed').map((t) => t.id) : [];
          add(after, line.quantity * ft.amount);
        }
      }
      const out: Vals[] = [];
      for (const vals of grouped.values()) {
        if (currencyIsZero(this.env, order.currency_id as number, Number(vals.price_unit))) continue;
        vals.price_unit = currencyRound(this.env, order.currency_id as number, Number(vals.price_unit) * percentage);
        out.push(vals);
      }
      return out;
    }
    _prepare_invoice_values(order: AnyModel, dpLines: AnyModel): Vals {
      const Line = this.env.model('sale.order.line');
      const description = this._get_down_payment_description();
      return {
        ...order._prepare_invoice(),
        invoice_line_ids: dpLines.ids.map((l: number) => [0, 0, Line.browse([l])._prepare_invoice_line({ name: description, quantity: 1.0 })]),
      };
    }
    _get_down_payment_description(): string {
      const v = this._values(['advance_payment_method', 'amount']).get(this.ids[0])!;
      return v.advance_payment_method === 'percentage' ? `Down payment of ${pyFloat(v.amount)}%` : 'Down Payment';
    }
  },
};

export const saleOrderCancel: ModelDecl = {
  _name: 'sale.order.cancel',
  _inherit: 'mail.composer.mixin',
  _description: 'Sales Order Cancel',
  _transient: true,
  fields: {
    template_id: { type: 'many2one', comodel: 'mail.template', string: 'Mail Template', domain: "[('model', '=', render_model)]" },
    subject: { type: 'char', string: 'Subject', compute: '_compute_subject', readonly: false, store: true, depends: ['order_id'] },
    body: { type: 'html', string: 'Contents', compute: '_compute_body', readonly: false, store: true, sanitize: false, depends: ['order_id'] },
    render_model: { type: 'char', string: 'Rendering Model', compute: '_compute_render_model' },
    lang: { type: 'char', string: 'Language' },
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', index: true, ondelete: 'set null', default: (m: BaseModel) => m.env.model('res.users').sudo().browse([m.env.uid]).get('partner_id') },
    recipient_ids: {
      type: 'many2many', comodel: 'res.partner', string: 'Recipients', compute: '_compute_recipient_ids', readonly: false, store: true, depends: ['order_id'],
      relation: 'res_partner_sale_order_cancel_rel', column1: 'sale_order_cancel_id', column2: 'res_partner_id',
    },
    order_id: { type: 'many2one', comodel: 'sale.order', string: 'Sale Order', required: true, ondelete: 'cascade' },
    display_invoice_alert: { type: 'boolean', string: 'Invoice Alert', compute: '_compute_display_invoice_alert', depends: ['order_id'] },
  },
  rpc: {
    action_send_mail_and_cancel: { api: 'multi', params: [] },
    action_cancel: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_render_model(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, 'sale.order'])); }
    /** The customer and the order's followers, the author left out. */
    _compute_recipient_ids(): Map<number, unknown> {
      const vals = this._values(['order_id', 'author_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.order_id) return [id, []];
        const order = this.env.model('sale.order').sudo().browse([v.order_id as number]);
        const partners = [order.get('partner_id') as number, ...followers(order)];
        return [id, [...new Set(partners)].filter((p) => p !== v.author_id)];
      }));
    }
    _compute_display_invoice_alert(): Map<number, unknown> {
      const vals = this._values(['order_id']);
      return new Map(this.ids.map((id) => {
        const order = vals.get(id)!.order_id as number;
        const moves = order ? (this.env.model('sale.order').sudo()._invoiceIds(order) as number[]) : [];
        return [id, moves.some((m) => this.env.cr.get("SELECT 1 AS x FROM account_move WHERE id = ? AND state = 'draft'", [m]))];
      }));
    }
    _rendered(field: 'subject' | 'body_html'): Map<number, unknown> {
      const vals = this._values(['template_id', 'order_id', 'subject', 'body']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const current = field === 'subject' ? v.subject : v.body;
        if (!v.template_id || !v.order_id) return [id, current];
        const rendered = renderTemplateFor(this.env.model('mail.template').browse([v.template_id as number]), this.env.model('sale.order').browse([v.order_id as number]));
        return [id, field === 'subject' ? rendered.subject : rendered.body];
      }));
    }
    _compute_subject(): Map<number, unknown> { return this._rendered('subject'); }
    _compute_body(): Map<number, unknown> { return this._rendered('body_html'); }
    /** Post the cancellation mail on the order, then cancel it. */
    action_send_mail_and_cancel(): unknown {
      const v = this.ensureOne()._values(['order_id', 'author_id', 'body', 'subject', 'recipient_ids']).get(this.ids[0])!;
      const order = this.env.model('sale.order').browse([v.order_id as number]) as AnyModel;
      if (typeof order.message_post === 'function' && order.cls._rpc.message_post) {
        order.message_post({ author_id: v.author_id, body: v.body, message_type: 'comment', email_layout_xmlid: 'mail.mail_notification_light', partner_ids: v.recipient_ids, subject: v.subject });
      } else {
        const recipients = this.env.model('res.partner').sudo().browse((v.recipient_ids as number[]) ?? [])._values(['email_formatted']);
        this.env.model('mail.mail').sudo().create({
          subject: v.subject, body_html: v.body, body: v.body, model: 'sale.order', res_id: v.order_id, message_type: 'comment', author_id: v.author_id,
          email_to: [...recipients.values()].map((r) => r.email_formatted).filter(Boolean).join(', ') || false,
          recipient_ids: [[6, 0, (v.recipient_ids as number[]) ?? []]], template_xmlid: 'sale.mail_template_sale_cancellation',
        }).send();
      }
      return this.action_cancel();
    }
    action_cancel(): unknown {
      const order = this.ensureOne().get('order_id') as number;
      return this.env.model('sale.order').browse([order as number]).withContext({ ...this.env.context, disable_cancel_warning: true }).action_cancel();
    }
  },
};

export const saleMassCancelOrders: ModelDecl = {
  _name: 'sale.mass.cancel.orders',
  _description: 'Cancel multiple quotations',
  _transient: true,
  fields: {
    sale_order_ids: {
      type: 'many2many', comodel: 'sale.order', string: 'Sale orders to cancel', default: (m: BaseModel) => activeIds(m),
      relation: 'sale_order_mass_cancel_wizard_rel', column1: 'sale_mass_cancel_orders_id', column2: 'sale_order_id',
    },
    sale_orders_count: { type: 'integer', string: 'Sale Orders Count', compute: '_compute_sale_orders_count', depends: ['sale_order_ids'] },
    has_confirmed_order: { type: 'boolean', string: 'Has Confirmed Order', compute: '_compute_has_confirmed_order', depends: ['sale_order_ids'] },
  },
  rpc: { action_mass_cancel: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    _compute_sale_orders_count(): Map<number, unknown> {
      const vals = this._values(['sale_order_ids']);
      return new Map(this.ids.map((id) => [id, ((vals.get(id)!.sale_order_ids as number[]) ?? []).length]));
    }
    _compute_has_confirmed_order(): Map<number, unknown> {
      const vals = this._values(['sale_order_ids']);
      return new Map(this.ids.map((id) => {
        const orders = this.env.model('sale.order').sudo().browse((vals.get(id)!.sale_order_ids as number[]) ?? [])._values(['state']);
        return [id, [...orders.values()].some((o) => ['sale', 'done'].includes(String(o.state)))];
      }));
    }
    action_mass_cancel(): unknown {
      const orders = this.ensureOne().get('sale_order_ids') as number[];
      this.env.model('sale.order').browse(orders)._action_cancel();
      return null;
    }
  },
};

export const saleOrderDiscount: ModelDecl = {
  _name: 'sale.order.discount',
  _description: 'Discount Wizard',
  _transient: true,
  fields: {
    sale_order_id: { type: 'many2one', comodel: 'sale.order', string: 'Sale Order', required: true, default: (m: BaseModel) => (typeof m.env.context.active_id === 'number' ? m.env.context.active_id : false) },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'sale_order_id.company_id', readonly: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'sale_order_id.currency_id', readonly: true },
    discount_amount: { type: 'monetary', string: 'Amount' },
    discount_percentage: { type: 'float', string: 'Percentage' },
    discount_type: {
      type: 'selection', string: 'Discount Type', default: 'sol_discount',
      selection: [['sol_discount', 'On All Order Lines'], ['so_discount', 'Global Discount'], ['amount', 'Fixed Amount']],
    },
  },
  constrains: { _check_discount_amount: ['discount_type', 'discount_percentage'] },
  rpc: { action_apply_discount: { api: 'multi', params: [] } },
  methods: (Base) => class extends Base {
    _check_discount_amount(): void {
      for (const [, v] of this._values(['discount_type', 'discount_percentage'])) {
        if (['sol_discount', 'so_discount'].includes(String(v.discount_type)) && Number(v.discount_percentage) > 1.0) throw new ValidationError('Invalid discount amount');
      }
    }
    /** The company's discount product, created on first use when the user may (sale_order_discount.py). */
    _get_discount_product(): number {
      const companyId = this.get('company_id') as number;
      const company = this.env.model('res.company').browse([companyId]);
      let product = company.sudo().get('sale_discount_product_id') as number | false;
      if (!product) {
        if (checkAccessRights(this.env.model('product.product'), 'create', false) && checkAccessRights(company, 'write', false)) {
          const vals: Vals = { name: 'Discount', type: 'service', invoice_policy: 'order', list_price: 0.0, company_id: companyId };
          if (this.env.model('product.product').cls._fields.taxes_id) vals.taxes_id = false;
          product = this.env.model('product.product').create(vals).ids[0] as number;
          company.sudo()._write({ sale_discount_product_id: product });
        } else {
          throw new ValidationError('There does not seem to be any discount product configured for this company yet. You can either use a per-line discount, or ask an administrator to grant the discount the first time.');
        }
      }
      return product as number;
    }
    _create_discount_lines(): AnyModel | null {
      const v = this._values(['sale_order_id', 'discount_type', 'discount_amount', 'discount_percentage']).get(this.ensureOne().ids[0])!;
      const product = this._get_discount_product();
      const lineVals = (amount: number, taxes: number[], name?: string): Vals => ({
        order_id: v.sale_order_id, product_id: product, sequence: 999, price_unit: -amount, tax_id: [[6, 0, taxes]], ...(name ? { name } : {}),
      });
      let list: Vals[];
      if (v.discount_type === 'amount') list = [lineVals(Number(v.discount_amount), [])];
      else {
        const rows = this.env.cr.all<{ id: number; price_unit: number; product_uom_qty: number }>('SELECT id, price_unit, product_uom_qty FROM sale_order_line WHERE order_id = ? ORDER BY sequence, id', [v.sale_order_id as number]);
        const taxes = this.env.model('sale.order.line').sudo().browse(rows.map((r) => r.id))._values(['tax_id']);
        const groups = new Map<string, { taxes: number[]; subtotal: number }>();
        for (const r of rows) {
          if (!r.product_uom_qty || !r.price_unit) continue;
          const t = (taxes.get(r.id)!.tax_id as number[]) ?? [];
          const key = t.join(',');
          const g = groups.get(key) ?? { taxes: t, subtotal: 0 };
          g.subtotal += r.price_unit * r.product_uom_qty;
          groups.set(key, g);
        }
        if (!groups.size) return null;
        const pct = Number(v.discount_percentage) * 100;
        const pctText = Number.isInteger(pct) ? `${pct}.0` : String(pct);
        if (groups.size === 1) {
          const g = [...groups.values()][0];
          list = [lineVals(g.subtotal * Number(v.discount_percentage), g.taxes, `Discount: ${pctText}%`)];
        } else {
          list = [...groups.values()].map((g) => {
            const names = this.env.model('account.tax').sudo().browse(g.taxes)._values(['name']);
            return lineVals(g.subtotal * Number(v.discount_percentage), g.taxes, `Discount: ${pctText}%- On products with the following taxes ${g.taxes.map((t) => names.get(t)?.name).join(', ')}`);
          });
        }
      }
      return this.env.model('sale.order.line').create(list);
    }
    action_apply_discount(): null {
      const v = this._values(['sale_order_id', 'discount_type', 'discount_percentage']).get(this.ensureOne().ids[0])!;
      if (v.discount_type === 'sol_discount') {
        const lines = this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ?', [v.sale_order_id as number]).map((r) => r.id);
        this.env.model('sale.order.line').browse(lines).write({ discount: Number(v.discount_percentage) * 100 });
      } else this._create_discount_lines();
      return null;
    }
  },
};

export const saleWizards: ModelDecl[] = [saleAdvancePaymentInv, saleOrderCancel, saleMassCancelOrders, saleOrderDiscount];
