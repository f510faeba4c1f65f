/**
 * What sale adds to other addons' models (sale/models/res_partner.py, res_company.py,
 * crm_team.py, product_*.py, account_move*.py, payment_transaction.py, analytic.py).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { ValidationError } from '../orm/exceptions';
import { floatRound } from '../tools/float_utils';
import { contextToday, postMessage } from './tools';
import { linkedIds } from '../orm/x2many_commands';
import { keepLinkedLines, knownLinkedLines, noteCreatedMoves, whileWritingMoveState, writeNewInvoiceLineLinks } from './invoice_links';
import type { Field } from '../orm/fields';
import { str2bool } from '../tools/str2bool';

const WARNING_MESSAGE: Array<[string, string]> = [['no-message', 'No Message'], ['warning', 'Warning'], ['block', 'Blocking Message']];
const WARNING_HELP = 'Selecting the "Warning" option will notify user with the message, Selecting "Blocking Message" will throw an exception with the message and block the flow. The Message has to be written in the next field.';

export const partnerSale: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    sale_order_count: { type: 'integer', string: 'Sale Order Count', compute: '_compute_sale_order_count' },
    sale_order_ids: { type: 'one2many', comodel: 'sale.order', inverse_name: 'partner_id', string: 'Sales Order' },
    sale_warn: { type: 'selection', string: 'Sales Warnings', selection: WARNING_MESSAGE, default: 'no-message', help: WARNING_HELP },
    sale_warn_msg: { type: 'text', string: 'Message for Sales Order' },
  },
  methods: (Base) => class extends Base {
    /** Orders of the partner and its contacts (res_partner.py _compute_sale_order_count). */
    _compute_sale_order_count(): Map<number, unknown> {
      const SO = this.env.model('sale.order');
      return new Map(this.ids.map((id) => {
        const family = this._childrenOf([id], 'parent_id');
        let n = 0;
        try {
          n = SO.withUser(this.env.uid).search_count([['partner_id', 'in', family]]);
        } catch {
          n = 0;
        }
        return [id, n];
      }));
    }
    /** A partner's draft and cancelled orders go with it (res_partner.py unlink). */
    unlink(): boolean {
      const orders = this.env.model('sale.order').sudo()._searchIds([
        ['state', 'in', ['draft', 'cancel']], '|', '|', ['partner_id', 'in', this.ids], ['partner_invoice_id', 'in', this.ids], ['partner_shipping_id', 'in', this.ids],
      ]);
      if (orders.length) this.env.model('sale.order').sudo().browse(orders).unlink();
      return super.unlink();
    }
  },
};

/**
 * Per connection, while account.move.action_post runs: the order lines whose invoicing its
 * state write refreshed (see _refreshSaleLines), so that action_post does not redo it.
 */
const refreshedWhilePosting = new WeakMap<object, Set<number>>();

export const companySale: ModelDecl = {
  _inherit: 'res.company',
  _sql_constraints: [
    ['check_quotation_validity_days', 'CHECK(quotation_validity_days >= 0)', 'You cannot set a negative number for the default quotation validity. Leave empty (or 0) to disable the automatic expiration of quotations.'],
  ],
  fields: {
    portal_confirmation_sign: { type: 'boolean', string: 'Online Signature', default: true },
    portal_confirmation_pay: { type: 'boolean', string: 'Online Payment' },
    prepayment_percent: { type: 'float', string: 'Prepayment percentage', default: 1.0, help: 'The percentage of the amount needed to be paid to confirm quotations.' },
    quotation_validity_days: { type: 'integer', string: 'Default Quotation Validity', default: 30, help: 'Days between quotation proposal and expiration. 0 days means automatic expiration is disabled' },
    sale_discount_product_id: { type: 'many2one', comodel: 'product.product', string: 'Discount Product', domain: [['type', '=', 'service'], ['invoice_policy', '=', 'order']], help: 'Default product used for discounts', check_company: true },
    sale_down_payment_product_id: { type: 'many2one', comodel: 'product.product', string: 'Deposit Product', domain: [['type', '=', 'service'], ['invoice_policy', '=', 'order']], help: 'Default product used for down payments', check_company: true },
    sale_onboarding_payment_method: {
      type: 'selection', string: 'Sale onboarding selected payment method',
      selection: [['digital_signature', 'Sign online'], ['paypal', 'PayPal'], ['stripe', 'Stripe'], ['other', 'Pay with another payment provider'], ['manual', 'Manual Payment']],
    },
  },
  constrains: { _check_prepayment_percent: ['prepayment_percent'] },
  methods: (Base) => class extends Base {
    _check_prepayment_percent(): void {
      for (const [, v] of this._values(['portal_confirmation_pay', 'prepayment_percent'])) {
        const p = Number(v.prepayment_percent) || 0;
        if (v.portal_confirmation_pay && !(p > 0 && p <= 1.0)) throw new ValidationError('Prepayment percentage must be a valid percentage.');
      }
    }
  },
};

export const teamSale: ModelDecl = {
  _inherit: 'crm.team',
  fields: {
    invoiced: { type: 'float', string: 'Invoiced This Month', compute: '_compute_invoiced', readonly: true, help: 'Invoice revenue for the current month. This is the amount the sales channel has invoiced this month. It is used to compute the progression ratio of the current and target revenue on the kanban view.' },
    invoiced_target: { type: 'float', string: 'Invoicing Target', help: 'Revenue target for the current month (untaxed total of confirmed invoices).' },
    quotations_count: { type: 'integer', string: 'Number of quotations to invoice', compute: '_compute_quotations_to_invoice', readonly: true },
    quotations_amount: { type: 'float', string: 'Amount of quotations to invoice', compute: '_compute_quotations_to_invoice', readonly: true },
    sales_to_invoice_count: { type: 'integer', string: 'Number of sales to invoice', compute: '_compute_sales_to_invoice', readonly: true },
    sale_order_count: { type: 'integer', string: '# Sale Orders', compute: '_compute_sale_order_count' },
  },
  methods: (Base) => class extends Base {
    /** Quotations of the team the user may read, their count and amount in company currency. */
    _compute_quotations_to_invoice(field: { name: string }): Map<number, unknown> {
      const SO = this.env.model('sale.order').withUser(this.env.uid);
      return new Map(this.ids.map((id) => {
        const rows = SO.search_read([['team_id', '=', id], ['state', 'in', ['draft', 'sent']]], ['amount_total', 'currency_rate']);
        if (field.name === 'quotations_count') return [id, rows.length];
        return [id, rows.reduce((s: number, r: Vals) => s + Number(r.amount_total) / (Number(r.currency_rate) || 1), 0)];
      }));
    }
    _compute_sales_to_invoice(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.model('sale.order').sudo()._searchIds([['team_id', '=', id], ['invoice_status', '=', 'to invoice']]).length]));
    }
    _compute_sale_order_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.model('sale.order').sudo()._searchIds([['team_id', '=', id], ['state', '!=', 'cancel']]).length]));
    }
    /** Untaxed amount of the team's paid customer invoices of the current month. */
    _compute_invoiced(): Map<number, unknown> {
      const today = contextToday(this.env);
      if (!this.env.registry.has('account.move')) return new Map(this.ids.map((id) => [id, 0]));
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ s: number | null }>(
        `SELECT SUM(amount_untaxed_signed) AS s FROM account_move WHERE move_type IN ('out_invoice', 'out_refund', 'out_receipt')
           AND payment_state IN ('in_payment', 'paid', 'reversed') AND state = 'posted' AND team_id = ? AND date BETWEEN ? AND ?`,
        [id, `${today.slice(0, 8)}01`, today])?.s ?? 0]));
    }
  },
};

export const productTemplateSale: ModelDecl = {
  _inherit: 'product.template',
  fields: {
    service_type: { type: 'selection', string: 'Track Service', selection: [['manual', 'Manually set quantities on order']], compute: '_compute_service_type', store: true, readonly: false, depends: ['type'] },
    sale_line_warn: { type: 'selection', string: 'Sales Order Line', selection: WARNING_MESSAGE, required: true, default: 'no-message', help: WARNING_HELP },
    sale_line_warn_msg: { type: 'text', string: 'Message for Sales Order Line' },
    expense_policy: {
      type: 'selection', string: 'Re-Invoice Expenses', selection: [['no', 'No'], ['cost', 'At cost'], ['sales_price', 'Sales price']], default: 'no',
      compute: '_compute_expense_policy', store: true, readonly: false, depends: ['sale_ok'],
      help: 'Validated expenses and vendor bills can be re-invoiced to a customer at its cost or sales price.',
    },
    visible_expense_policy: { type: 'boolean', string: 'Re-Invoice Policy visible', compute: '_compute_visible_expense_policy', depends: ['name'] },
    sales_count: { type: 'float', string: 'Sold', compute: '_compute_sales_count', digits: [16, 2], depends: ['product_variant_ids.sales_count'] },
    invoice_policy: {
      type: 'selection', string: 'Invoicing Policy', selection: [['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']],
      compute: '_compute_invoice_policy', store: true, readonly: false, depends: ['type'],
      help: 'Ordered Quantity: Invoice quantities ordered by the customer.\nDelivered Quantity: Invoice quantities delivered to the customer.',
    },
  },
  methods: (Base) => class extends Base {
    _compute_service_type(): Map<number, unknown> {
      const vals = this._values(['type', 'service_type']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, v.type === 'consu' || !v.service_type ? 'manual' : v.service_type];
      }));
    }
    /** Consumables (and products without one) invoice ordered quantities. */
    _compute_invoice_policy(): Map<number, unknown> {
      const vals = this._values(['type', 'invoice_policy']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, v.type === 'consu' || !v.invoice_policy ? 'order' : v.invoice_policy];
      }));
    }
    _compute_expense_policy(): Map<number, unknown> {
      const vals = this._values(['sale_ok', 'expense_policy']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.sale_ok ? vals.get(id)!.expense_policy || 'no' : 'no']));
    }
    _compute_visible_expense_policy(): Map<number, unknown> {
      const visible = this.env.hasGroup('analytic.group_analytic_accounting');
      return new Map(this.ids.map((id) => [id, visible]));
    }
    _compute_sales_count(): Map<number, unknown> {
      const vals = this._values(['uom_id']);
      return new Map(this.ids.map((id) => {
        const variants = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ?', [id]).map((r) => r.id);
        const counts = this.env.model('product.product').withUser(this.env.uid).browse(variants)._compute_sales_count() as Map<number, number>;
        const rounding = Number(this.env.model('uom.uom').sudo().browse([vals.get(id)!.uom_id as number]).get('rounding')) || 0.01;
        return [id, floatRound([...counts.values()].reduce((s, c) => s + c, 0), { rounding })];
      }));
    }
  },
};

export const productProductSale: ModelDecl = {
  _inherit: 'product.product',
  fields: {
    sales_count: { type: 'float', string: 'Sold', compute: '_compute_sales_count', digits: [16, 2] },
    product_catalog_product_is_in_sale_order: { type: 'boolean', string: 'Product Catalog Product Is In Sale Order', compute: '_compute_product_is_in_sale_order' },
  },
  methods: (Base) => class extends Base {
    /** Quantity sold on confirmed orders of the last 365 days, for salesmen (product_product.py _compute_sales_count). */
    _compute_sales_count(): Map<number, unknown> {
      const out = new Map<number, unknown>(this.ids.map((id) => [id, 0]));
      if (!this.env.hasGroup('sales_team.group_sale_salesman', this.env.uid)) return out;
      const from = new Date(this.env.cr.clock.now() - 365 * 86400000).toISOString().slice(0, 10);
      for (const id of this.ids) {
        const row = this.env.cr.get<{ q: number | null }>(
          `SELECT SUM(l.product_uom_qty) AS q FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
            WHERE l.product_id = ? AND o.state = 'sale' AND o.date_order >= ?`, [id, `${from} 00:00:00`]);
        const rounding = Number(this.env.model('uom.uom').sudo().browse([this.sudo().browse([id]).get('uom_id')]).get('rounding')) || 0.01;
        out.set(id, floatRound(row?.q ?? 0, { rounding }));
      }
      return out;
    }
    _compute_product_is_in_sale_order(): Map<number, unknown> {
      const order = this.env.context.order_id;
      return new Map(this.ids.map((id) => [id, typeof order === 'number' && !!this.env.cr.get('SELECT 1 AS x FROM sale_order_line WHERE order_id = ? AND product_id = ?', [order, id])]));
    }
  },
};

export const customValueSale: ModelDecl = {
  _inherit: 'product.attribute.custom.value',
  fields: {
    sale_order_line_id: { type: 'many2one', comodel: 'sale.order.line', string: 'Sales Order Line', ondelete: 'cascade' },
  },
  _sql_constraints: [['sol_custom_value_unique', 'unique(custom_product_template_attribute_value_id, sale_order_line_id)', 'Only one Custom Value is allowed per Attribute Value per Sales Order Line.']],
};

/**
 * Timesheet/expense lines invoiced through an order line. Not registered: account.analytic.line
 * is not emulated (an extension alone would create a partial model).
 */
export const analyticLineSale: ModelDecl = {
  _inherit: 'account.analytic.line',
  fields: {
    so_line: { type: 'many2one', comodel: 'sale.order.line', string: 'Sales Order Item', domain: [['qty_delivered_method', '=', 'analytic']], index: true },
  },
};

/** The sale order lines of invoice lines, and the down payment flag (account_move_line.py). */
export const moveLineSale: ModelDecl = {
  _inherit: 'account.move.line',
  fields: {
    is_downpayment: { type: 'boolean', string: 'Is Downpayment' },
    sale_line_ids: {
      type: 'many2many', comodel: 'sale.order.line', relation: 'sale_order_line_invoice_rel', column1: 'invoice_line_id', column2: 'order_line_id',
      string: 'Sales Order Lines', readonly: true, copy: false,
    },
  },
  methods: (Base) => class extends Base {
    /** A new invoice line's order lines are noted as its creation links them (writeNewInvoiceLineLinks). */
    _writeX2many(f: Field, value: unknown, creating: boolean): void {
      if (creating && f.name === 'sale_line_ids' && this.ids.length === 1) {
        writeNewInvoiceLineLinks(this, this.ids[0], value, () => super._writeX2many(f, value, creating));
      } else super._writeX2many(f, value, creating);
    }
    /** A reversal's lines keep their order lines (sale's account_move_line.py _copy_data_extend_business_fields). */
    _copy_data_extend_business_fields(values: Vals): void {
      (Base.prototype as AnyModel)._copy_data_extend_business_fields?.call(this, values);
      values.sale_line_ids = [[6, 0, (this.sudo()._values(['sale_line_ids']).get(this.ids[0])?.sale_line_ids as number[]) ?? []]];
    }
  },
};

/** Orders' figures follow their invoices' state changes (sale's account_move.py hooks). */
export const moveSale: ModelDecl = {
  _inherit: ['account.move', 'utm.mixin'],
  fields: {
    team_id: {
      type: 'many2one', comodel: 'crm.team', string: 'Sales Team', compute: '_compute_team_id', store: true, readonly: false, ondelete: 'set null', tracking: true,
      depends: ['invoice_user_id'], domain: "['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
      default: (m: BaseModel) => (m.env.model('crm.team') as AnyModel)._get_default_team_id().ids[0] ?? false,
    },
    campaign_id: { type: 'many2one', comodel: 'utm.campaign', string: 'Campaign', ondelete: 'set null' },
    medium_id: { type: 'many2one', comodel: 'utm.medium', string: 'Medium', ondelete: 'set null' },
    source_id: { type: 'many2one', comodel: 'utm.source', string: 'Source', ondelete: 'set null' },
    sale_order_count: { type: 'integer', string: 'Sale Order Count', compute: '_compute_origin_so_count', depends: ['line_ids.sale_line_ids'] },
  },
  rpc: {
    action_view_source_sale_orders: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_team_id(): Map<number, unknown> {
      const vals = this._values(['invoice_user_id', 'team_id', 'company_id', 'move_type']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const saleDoc = ['out_invoice', 'out_refund', 'out_receipt'].includes(String(v.move_type));
        const userTeam = v.invoice_user_id ? this.env.model('res.users').sudo().browse([v.invoice_user_id as number]).get('sale_team_id') : false;
        if (!userTeam || !saleDoc) return [id, v.team_id];
        const team = this.env.model('crm.team')._get_default_team_id(v.invoice_user_id, [['company_id', '=', v.company_id]]);
        return [id, team.ids[0] ?? false];
      }));
    }
    _compute_origin_so_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this._saleOrderIds(id).length]));
    }
    _saleOrderIds(moveId: number): number[] {
      return this.env.cr.all<{ o: number }>(
        `SELECT DISTINCT sol.order_id AS o FROM account_move_line aml JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = aml.id
           JOIN sale_order_line sol ON sol.id = r.order_line_id WHERE aml.move_id = ?`, [moveId]).map((r) => r.o);
    }
    /** Sale order lines invoiced by these moves. */
    _saleLineIds(): number[] {
      if (!this.ids.length) return [];
      // already read in this call (by the search of their orders, or before posting wrote more)
      const known = knownLinkedLines(this, this.ids);
      if (known) return known;
      const stamp = this.env.cr.tables.version;
      const lines = this.env.cr.all<{ l: number }>(
        `SELECT DISTINCT r.order_line_id AS l FROM account_move_line aml JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = aml.id
          WHERE aml.move_id IN (${this.ids.map(() => '?').join(',')})`, this.ids).map((r) => r.l);
      keepLinkedLines(this, this.ids, lines, stamp);
      return lines;
    }
    _create(valsList: Vals[]): this {
      const since = this.env.cr.tables.version;
      const moves = super._create(valsList);
      noteCreatedMoves(this, moves.ids, since);
      // moves made elsewhere than sale's _create_invoices (which refreshes its orders itself) may
      // link order lines: a reversal's copies (include_business_fields). The orders' amount to
      // invoice follows their new invoice (Odoo: invoice_ids.state), which the ORM cannot follow
      if (!this.env.context.sale_invoicing && valsList.some(linksOrderLines)) {
        const lines = (moves as AnyModel)._saleLineIds() as number[];
        if (lines.length) this.env.model('sale.order.line').sudo().browse(lines)._recomputeInvoicing(false, true);
      }
      return moves;
    }
    /**
     * New moves (`createdSince`: the table version before their creation) are noted before the
     * ORM follows their creation to the orders' amount_to_invoice (invoice_ids.state): their
     * lines are linked to order lines only by writing the link table since, which the search of
     * their orders then knows without reading (knownLinkedLines).
     */
    _recomputeReverse(changed: string[], before?: Map<string, number[]>, createdSince?: number): void {
      if (createdSince !== undefined) noteCreatedMoves(this, this.ids, createdSince);
      super._recomputeReverse(changed, before, createdSince);
    }
    _write(vals: Vals): void {
      if ('state' in vals) {
        // the orders' amount to invoice is computed once, from the refreshed lines (see whileWritingMoveState)
        whileWritingMoveState(this, this.ids, () => super._write(vals));
        this._refreshSaleLines(true);
      } else {
        super._write(vals);
        if ('move_type' in vals) this._refreshSaleLineAmounts();
      }
    }
    /**
     * A new type without a new state (action_switch_move_type) changes the lines' invoiced
     * amounts only: Odoo's qty_invoiced depends on the invoice lines' quantity and state, not on
     * the type (sale_order_line.py _compute_qty_invoiced vs _compute_untaxed_amount_invoiced),
     * so a draft switched back to an invoice keeps the invoiced quantities of its credit note.
     */
    _refreshSaleLineAmounts(): void {
      const lines = this._saleLineIds();
      if (lines.length) this.env.model('sale.order.line').sudo().browse(lines)._recomputeFields(['untaxed_amount_invoiced', 'untaxed_amount_to_invoice']);
    }
    _refreshSaleLines(describeDownPayments = false): void {
      const lines = this._saleLineIds();
      if (!lines.length) return;
      // found through their invoice links: they exist
      this.env.model('sale.order.line').sudo().browse(lines)._recomputeInvoicing(describeDownPayments, true);
      const refreshed = refreshedWhilePosting.get(this.env.cr);
      if (refreshed && describeDownPayments) for (const l of lines) refreshed.add(l);
    }
    /** Posting a down payment invoice sets the down payment lines' price to what was invoiced (account_move.py action_post). */
    action_post(): unknown {
      const outermost = !refreshedWhilePosting.has(this.env.cr);
      if (outermost) refreshedWhilePosting.set(this.env.cr, new Set());
      const refreshed = refreshedWhilePosting.get(this.env.cr)!;
      let res: unknown;
      try {
        res = (Base.prototype as AnyModel).action_post?.call(this);
      } finally {
        if (outermost) refreshedWhilePosting.delete(this.env.cr);
      }
      const lines = this._saleLineIds();
      if (lines.length) {
        const SOL = this.env.model('sale.order.line').sudo();
        const dp = [...SOL.browse(lines)._values(['is_downpayment', 'display_type', 'order_id']).entries()].filter(([, v]) => v.is_downpayment && !v.display_type);
        // The state write of posting already refreshed the lines (_write above). What posting
        // writes after it (the number, the payment reference, ranks, the payment state of a
        // posted move) only shows in down payment lines (their description, their price below):
        // without any, refreshing again would compute the same values.
        if (!dp.length && lines.every((l) => refreshed.has(l))) return res;
        for (const [lineId, v] of dp) {
          if (this.env.model('sale.order').sudo().browse([v.order_id as number]).get('locked')) continue;
          const otherInvoices = new Set(this.env.cr.all<{ m: number }>(
            `SELECT DISTINCT aml.move_id AS m FROM sale_order_line sol JOIN sale_order_line_invoice_rel r ON r.order_line_id = sol.id
               JOIN account_move_line aml ON aml.id = r.invoice_line_id WHERE sol.order_id = ? AND sol.id NOT IN (${dp.map(() => '?').join(',')})`,
            [v.order_id as number, ...dp.map(([i]) => i)]).map((r) => r.m));
          const invLines = this.env.cr.all<{ price_unit: number; move_type: string; state: string; move_id: number; aml: number }>(
            `SELECT aml.price_unit, m.move_type, m.state, m.id AS move_id, aml.id AS aml FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id
               JOIN account_move m ON m.id = aml.move_id WHERE r.order_line_id = ?`, [lineId]);
          const price = invLines.filter((l) => l.state === 'posted' && !otherInvoices.has(l.move_id))
            .reduce((s, l) => s + (l.move_type === 'out_invoice' ? l.price_unit : -l.price_unit), 0);
          const taxes = invLines.length ? this.env.cr.all<{ t: number }>(
            `SELECT DISTINCT account_tax_id AS t FROM account_move_line_account_tax_rel WHERE account_move_line_id IN (${invLines.map(() => '?').join(',')})`, invLines.map((l) => l.aml)).map((r) => r.t) : [];
          SOL.browse([lineId])._write({ price_unit: price, tax_id: [[6, 0, taxes]] });
        }
        SOL.browse(lines)._recomputeInvoicing(true, true);
      }
      return res;
    }
    /** Deleting an invoice deletes the down payment lines it alone invoiced (account_move.py unlink). */
    unlink(): boolean {
      const lines = this._saleLineIds();
      const dp = lines.length ? this.env.cr.all<{ id: number }>(
        `SELECT sol.id FROM sale_order_line sol WHERE sol.is_downpayment = 1 AND sol.id IN (${lines.map(() => '?').join(',')})
           AND NOT EXISTS (SELECT 1 FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id
                            WHERE r.order_line_id = sol.id AND aml.move_id NOT IN (${this.ids.map(() => '?').join(',')}))`, [...lines, ...this.ids]).map((r) => r.id) : [];
      const res = super.unlink();
      const remaining = this.env.model('sale.order.line').sudo().browse(lines).exists();
      if (dp.length) this.env.model('sale.order.line').sudo().browse(dp).exists().unlink();
      remaining.exists()._recomputeInvoicing();
      return res;
    }
    /** A paid invoice notes "Invoice INV/… paid" on its orders (account_move.py _invoice_paid_hook). */
    _invoice_paid_hook(): unknown {
      const res = (Base.prototype as AnyModel)._invoice_paid_hook?.call(this);
      for (const id of this.ids) {
        const name = this.sudo().browse([id]).get('name');
        for (const o of this._saleOrderIds(id)) postMessage(this.env.model('sale.order').sudo().browse([o]), `Invoice ${name} paid`);
      }
      return res;
    }
    action_view_source_sale_orders(): Vals {
      const orders = this._saleOrderIds(this.ensureOne().ids[0]);
      if (!orders.length) return { type: 'ir.actions.act_window_close' };
      const base: Vals = { type: 'ir.actions.act_window', name: 'Sales Orders', res_model: 'sale.order', view_mode: 'tree,kanban,form,calendar,pivot,graph,activity' };
      if (orders.length > 1) return { ...base, domain: [['id', 'in', orders]] };
      return { ...base, views: [[this.env.xmlidLookup('sale.view_order_form')?.[1] ?? false, 'form']], res_id: orders[0] };
    }
  },
};

/**
 * Orders paid online (sale/models/payment_transaction.py): a pending transaction marks its draft
 * quotations sent, an authorized or done one confirms the single quotation it pays once the
 * required amount is reached; with sale.automatic_invoice the paid orders are invoiced (a down
 * payment for a partial payment) before account_payment posts and pays the invoices, then
 * mailed with their PDF (sale.default_invoice_email_template).
 */
export const transactionSale: ModelDecl = {
  _inherit: 'payment.transaction',
  fields: {
    sale_order_ids: { type: 'many2many', comodel: 'sale.order', relation: 'sale_order_transaction_rel', column1: 'transaction_id', column2: 'sale_order_id', string: 'Sales Orders', copy: false, readonly: true },
    sale_order_ids_nbr: { type: 'integer', string: '# of Sales Orders', compute: '_compute_sale_order_ids_nbr', depends: ['sale_order_ids'] },
  },
  rpc: {
    action_view_sales_orders: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_sale_order_ids_nbr(): Map<number, unknown> {
      const vals = this._values(['sale_order_ids']);
      return new Map(this.ids.map((id) => [id, ((vals.get(id)!.sale_order_ids as number[]) ?? []).length]));
    }
    _orderIdsOf(ids: number[]): number[] {
      return [...new Set([...this.sudo().browse(ids)._values(['sale_order_ids']).values()].flatMap((v) => (v.sale_order_ids as number[]) ?? []))];
    }
    /** Confirm the single quotation a transaction pays once the required amount is reached. */
    _check_amount_and_confirm_order(): AnyModel {
      const confirmed: number[] = [];
      for (const [, v] of this.sudo()._values(['sale_order_ids'])) {
        const orders = (v.sale_order_ids as number[]) ?? [];
        if (orders.length !== 1) continue;
        const order = this.env.model('sale.order').sudo().browse(orders);
        if (!['draft', 'sent'].includes(String(order.get('state')))) continue;
        if (order._is_confirmation_amount_reached()) {
          order.withContext({ ...this.env.context, send_email: true }).action_confirm();
          confirmed.push(orders[0]);
        }
      }
      return this.env.model('sale.order').browse(confirmed);
    }
    /** Mail the customers of the orders a payment was made for, unless just confirmed (payment_executed template). */
    _notifyPaymentSucceeded(orderIds: number[]): void {
      if (!orderIds.length) return;
      const ref = this.env.xmlidLookup('sale.mail_template_sale_payment_executed');
      if (!ref) return;
      const template = this.env.model('mail.template').sudo().browse([ref[1]]);
      for (const id of orderIds) (this.env.model('sale.order').sudo().browse([id]) as AnyModel)._send_order_notification_mail(template);
    }
    /** A pending transaction marks its draft quotations as sent. */
    _set_pending(message: string | false = false): BaseModel {
      const txs: BaseModel = (Base.prototype as AnyModel)._set_pending.call(this, message);
      for (const id of txs.ids) {
        const orders = this.env.model('sale.order').sudo().browse(this._orderIdsOf([id]));
        const states = orders._values(['state']);
        const drafts = [...states.entries()].filter(([, o]) => o.state === 'draft').map(([oid]) => oid);
        if (drafts.length) orders.browse(drafts).withContext({ ...this.env.context, tracking_disable: true }).action_quotation_sent();
        if (this.sudo().browse([id]).get('operation') === 'validation') continue;
        this._notifyPaymentSucceeded([...states.entries()].filter(([, o]) => ['draft', 'sent'].includes(String(o.state))).map(([oid]) => oid));
      }
      return txs;
    }
    _set_authorized(message: string | false = false): BaseModel {
      const txs: AnyModel = (Base.prototype as AnyModel)._set_authorized.call(this, message);
      const confirmed = new Set<number>(txs._check_amount_and_confirm_order().ids);
      this._notifyPaymentSucceeded(this._orderIdsOf(txs.ids).filter((o) => !confirmed.has(o)));
      return txs;
    }
    _reconcileAfterDone(): void {
      const confirmed = new Set<number>(this._check_amount_and_confirm_order().ids);
      this._notifyPaymentSucceeded(this._orderIdsOf(this.ids).filter((o) => !confirmed.has(o)));
      const autoInvoice = str2bool(this.env.model('ir.config_parameter').sudo().get_param('sale.automatic_invoice'));
      if (autoInvoice) this._invoice_sale_orders();
      (Base.prototype as AnyModel)._reconcileAfterDone.call(this);
      // once account_payment posted them, the new invoices are mailed with their PDF
      if (autoInvoice) this._send_invoice();
    }
    /**
     * The cron "automatic invoicing: send ready invoice" (sale.send_invoice_cron, inactive as in
     * Odoo; payment_transaction.py _cron_send_invoice): with sale.automatic_invoice on, the
     * invoices not sent yet of the confirmed transactions of the last two days that paid
     * confirmed orders are mailed.
     */
    _cron_send_invoice(): void {
      const param = this.env.model('ir.config_parameter').sudo().get_param('sale.automatic_invoice');
      if (!param) return;
      const since = new Date(this.env.cr.clock.now() - 2 * 86400000).toISOString().slice(0, 19).replace('T', ' ');
      const unsent = this.env.model('account.move')._searchIds([['is_move_sent', '=', false], ['state', '=', 'posted']]);
      const ids = this._searchIds([
        ['state', '=', 'done'], ['is_post_processed', '=', true], ['invoice_ids', 'in', unsent],
        ['sale_order_ids.state', '=', 'sale'], ['last_state_change', '>=', since],
      ]);
      (this.browse(ids) as AnyModel)._send_invoice();
    }
    /**
     * Mail the posted, unsent invoices of the transactions with the template of
     * sale.default_invoice_email_template (payment_transaction.py _send_invoice), as superuser.
     */
    _send_invoice(): void {
      const templateId = parseInt(String(this.env.model('ir.config_parameter').sudo().get_param('sale.default_invoice_email_template', 0)), 10);
      if (!templateId) return;
      const template = this.env.model('mail.template').sudo().browse([templateId]).exists();
      if (!template.ids.length) return;
      for (const id of this.ids) {
        const invoiceIds = (this.sudo().browse([id]).get('invoice_ids') as number[] | undefined) ?? [];
        const Move = this.env.model('account.move').sudo();
        const vals = Move.browse(invoiceIds)._values(['is_move_sent', 'state']);
        const toSend = invoiceIds.filter((inv) => !vals.get(inv)?.is_move_sent && vals.get(inv)?.state === 'posted' && (Move.browse([inv]) as AnyModel)._is_ready_to_be_sent());
        if (!toSend.length) continue;
        Move.browse(toSend).write({ is_move_sent: true });
        (this.env.withUser(1).sudo().model('account.move').browse(toSend) as AnyModel)._generate_pdf_and_send_invoice(template);
      }
    }
    /** Invoice what the transactions paid: fully paid orders in full, the others by a down payment. */
    _invoice_sale_orders(): void {
      for (const id of this.ids) {
        const orders = this.env.model('sale.order').sudo().browse(this._orderIdsOf([id]));
        const confirmed = [...orders._values(['state']).entries()].filter(([, o]) => o.state === 'sale').map(([oid]) => oid);
        if (!confirmed.length) continue;
        const paid = confirmed.filter((o) => (orders.browse([o]) as AnyModel)._is_paid());
        const invoices: number[] = [];
        for (const o of confirmed.filter((x) => !paid.includes(x))) {
          const order = orders.browse([o]);
          const wizard = this.env.model('sale.advance.payment.inv').sudo().create({ sale_order_ids: [[6, 0, [o]]], advance_payment_method: 'fixed', fixed_amount: order.get('amount_paid') });
          invoices.push(...wizard._create_invoices(order).ids);
        }
        if (paid.length) {
          const paidOrders = orders.browse(paid) as AnyModel;
          paidOrders._force_lines_to_invoice_policy_order();
          invoices.push(...paidOrders.withContext({ ...this.env.context, raise_if_nothing_to_invoice: false })._create_invoices(false, true).ids);
        }
        if (invoices.length) this.sudo().browse([id]).write({ invoice_ids: [[6, 0, invoices]] });
      }
    }
    /** The reference prefix of order payments: the order names joined by the separator. */
    _computeReferencePrefix(providerCode: string, separator: string, values: Vals): string {
      const ids = linkedIds(values.sale_order_ids);
      if (ids.length) {
        const found = this.env.model('sale.order').sudo().browse(ids).exists();
        if (found.ids.length === ids.length) return ids.map((oid) => String(found.browse([oid]).get('name'))).join(separator);
      }
      return (Base.prototype as AnyModel)._computeReferencePrefix.call(this, providerCode, separator, values);
    }
    action_view_sales_orders(): Vals {
      const orders = this._orderIdsOf(this.ids);
      const action: Vals = { name: 'Sales Order(s)', type: 'ir.actions.act_window', res_model: 'sale.order', target: 'current' };
      if (orders.length === 1) return { ...action, res_id: orders[0], view_mode: 'form' };
      return { ...action, view_mode: 'tree,form', domain: [['id', 'in', orders]] };
    }
  },
};

export const saleExtensions: ModelDecl[] = [
  partnerSale, companySale, teamSale, productTemplateSale, productProductSale, customValueSale,
  moveLineSale, moveSale, transactionSale,
];

/** Whether a move's values create lines linked to order lines (sale_line_ids in their commands). */
function linksOrderLines(vals: Vals): boolean {
  return ['line_ids', 'invoice_line_ids'].some((f) => Array.isArray(vals[f])
    && (vals[f] as unknown[]).some((c) => Array.isArray(c) && c[0] === 0 && !!c[2] && typeof c[2] === 'object' && 'sale_line_ids' in (c[2] as object)));
}
