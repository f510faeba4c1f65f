/**
 * sale.order.line (sale.md §1.2, §2.1–2.6; sale/models/sale_order_line.py).
 *
 * A line created with a product gets what Odoo's precomputed fields give it: the product's
 * description, unit, taxes (mapped by the order's fiscal position), the pricelist price in the
 * order's currency. Amounts go through the tax engine; quantities delivered/invoiced/to invoice
 * and the invoice status follow the product's invoicing policy.
 */
import type { ModelDecl } from '../orm/registry';
import { createReadingTargets } from '../tools/missing';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import type { Field } from '../orm/fields';
import { UserError } from '../orm/exceptions';
import { floatCompare, floatIsZero, floatRound } from '../tools/float_utils';
import { convertCurrency, currencyDecimals, currencyRound } from '../tools/currency';
import { formatDateUs, postMessage } from './tools';
import { lineAmounts, totalExcluded } from './taxes';
import { loadTaxes } from '../account/tax_engine';
import { INVOICE_STATUS, SALE_ORDER_STATE, forgetInvoicedAmounts, keepNewLineTaxes, lineTaxIds, linesWithKeptTaxes, stillKeptTaxes } from './sale_order';
import { translatedSql } from '../orm/translate';
import { onlySetIds } from '../orm/x2many_commands';
import { knownNewOrderLines, noteCreatedOrderLines } from './new_order_lines';
import { invoiceLinesOf, knownNewInvoiceLinks, noteNewLinesWithoutInvoices, type InvoiceLine } from './invoice_links';

type Row = Record<string, unknown>;
const PRECISION = { digits: 2 };

/** Fields that cannot change on a locked order (sale_order_line.py _get_protected_fields). */
const PROTECTED_FIELDS = ['product_id', 'name', 'price_unit', 'product_uom', 'product_uom_qty', 'tax_id', 'analytic_distribution'];

/** The taxes of a product for a company, mapped by a fiscal position (sale_order_line.py _compute_tax_id). */
export function productTaxes(m: BaseModel, productId: number | false, companyId: number, fiscalPositionId: number | false): number[] {
  if (!productId || !m.env.registry.has('account.tax')) return [];
  const product = m.env.model('product.product').sudo().withContext({ active_test: false }).browse([productId]);
  if (!product.cls._fields.taxes_id) return [];
  const all = (product.get('taxes_id') as number[]) ?? [];
  if (!all.length) return [];
  const taxes = m.env.cr.all<{ id: number }>(
    `SELECT id FROM account_tax WHERE id IN (${all.map(() => '?').join(',')}) AND company_id = ? ORDER BY sequence, id`, [...all, companyId]).map((r) => r.id);
  if (!taxes.length || !fiscalPositionId) return taxes;
  const fp = m.env.model('account.fiscal.position').sudo().browse([fiscalPositionId]);
  if (typeof fp.map_tax !== 'function') return taxes;
  return (fp.map_tax(m.env.model('account.tax').browse(taxes)) as AnyModel).ids;
}

/** The stored computed fields _precomputeAmounts gives a new quotation line. */
const NEW_LINE_COMPUTED = [
  'price_subtotal', 'price_tax', 'price_total', 'price_reduce_taxexcl', 'price_reduce_taxinc', 'product_packaging_id', 'product_packaging_qty',
  'qty_delivered_method', 'qty_invoiced', 'qty_to_invoice', 'invoice_status', 'untaxed_amount_invoiced', 'untaxed_amount_to_invoice',
];

/** What else those values depend on, which a default could give a new line. */
const NEW_LINE_INPUTS = ['product_uom_qty', 'is_expense', 'is_downpayment', 'display_type', 'product_packaging_id', 'invoice_lines', 'qty_delivered'];

/** Per call, while lines are created: the new lines of the batch whose taxes are kept (keepNewLineTaxes). */
const newLinesOfBatch = new WeakMap<object, Set<number>>();

/**
 * uom.uom._compute_quantity(qty, unit) from a unit to itself: the quantity rounded up to the
 * unit's rounding (uom_uom.py: no conversion, the rounding still applies). The rounding is kept
 * across calls while the units are unchanged: every invoice of an order asks it for its lines.
 */
function sameUnitQuantity(m: BaseModel, qty: number, uomId: number): number {
  if (!qty) return qty;
  const rounding = m.env.crossCall(`sale.uom_rounding:${uomId}`, () => m.env.cr.get<{ r: number | null }>('SELECT rounding AS r FROM uom_uom WHERE id = ?', [uomId]));
  // a unit that does not exist: the ORM's conversion says what Odoo says
  if (!rounding) return m.env.model('uom.uom').browse([uomId])._compute_quantity(qty, m.env.model('uom.uom').browse([uomId]));
  return floatRound(qty, { rounding: Number(rounding.r) }, 'UP');
}

/** What a line's price depends on, read from its values or from the vals of a line being created. */
interface PriceInput {
  product_id: number;
  product_uom: number | false;
  quantity: number;
  order: { pricelist_id: number | false; currency_id: number | false; date_order: string | false; company_id: number; fiscal_position_id: number | false };
  noVariantPtavs: number[];
}

export const saleOrderLine: ModelDecl = {
  _name: 'sale.order.line',
  _inherit: ['analytic.mixin'],
  _description: 'Sales Order Line',
  _rec_names_search: ['name', 'order_id.name'],
  _order: 'order_id, sequence, id',
  _sql_constraints: [
    ['accountable_required_fields', 'CHECK(display_type IS NOT NULL OR (product_id IS NOT NULL AND product_uom IS NOT NULL))', 'Missing required fields on accountable sale order line.'],
    ['non_accountable_null_fields', 'CHECK(display_type IS NULL OR (product_id IS NULL AND price_unit = 0 AND product_uom_qty = 0 AND product_uom IS NULL AND customer_lead = 0))', 'Forbidden values on non-accountable sale order line'],
  ],
  fields: {
    order_id: { type: 'many2one', comodel: 'sale.order', string: 'Order Reference', required: true, ondelete: 'cascade', index: true, copy: false },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'order_id.company_id', store: true, index: true, readonly: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'order_id.currency_id', store: true, readonly: true, depends: ['order_id.currency_id'] },
    order_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer', related: 'order_id.partner_id', store: true, index: true, readonly: true },
    salesman_id: { type: 'many2one', comodel: 'res.users', string: 'Salesperson', related: 'order_id.user_id', store: true, readonly: true },
    state: { type: 'selection', string: 'Order Status', related: 'order_id.state', selection: SALE_ORDER_STATE, copy: false, store: true, readonly: true },
    tax_country_id: { type: 'many2one', comodel: 'res.country', string: 'Tax Country', related: 'order_id.tax_country_id', readonly: true },
    display_type: { type: 'selection', string: 'Display Type', selection: [['line_section', 'Section'], ['line_note', 'Note']], default: false, help: 'Technical field for UX purpose.' },
    is_downpayment: { type: 'boolean', string: 'Is a down payment', help: 'Down payments are made when creating invoices from a sales order. They are not copied when duplicating a sales order.' },
    is_expense: { type: 'boolean', string: 'Is expense', help: 'Is true if the sales order line comes from an expense or a vendor bills' },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product', change_default: true, ondelete: 'restrict', index: 'btree_not_null', domain: "[('sale_ok', '=', True)]" },
    product_template_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', compute: '_compute_product_template_id', readonly: false, search: '_search_product_template_id', domain: [['sale_ok', '=', true]], depends: ['product_id'] },
    product_uom_category_id: { type: 'many2one', comodel: 'uom.category', string: 'Category', related: 'product_id.uom_id.category_id', readonly: true, depends: ['product_id'] },
    product_custom_attribute_value_ids: { type: 'one2many', comodel: 'product.attribute.custom.value', inverse_name: 'sale_order_line_id', string: 'Custom Values', copy: true },
    product_no_variant_attribute_value_ids: {
      type: 'many2many', comodel: 'product.template.attribute.value', string: 'Extra Values', ondelete: 'restrict',
      relation: 'product_template_attribute_value_sale_order_line_rel', column1: 'sale_order_line_id', column2: 'product_template_attribute_value_id',
    },
    name: { type: 'text', string: 'Description', compute: '_compute_name', store: true, readonly: false, required: true, depends: ['product_id'] },
    product_uom_qty: { type: 'float', string: 'Quantity', compute: '_compute_product_uom_qty', digits: [16, 2], default: 1.0, store: true, readonly: false, required: true, depends: ['display_type', 'product_id', 'product_packaging_qty'] },
    product_uom: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', compute: '_compute_product_uom', store: true, readonly: false, ondelete: 'restrict', depends: ['product_id'], domain: "[('category_id', '=', product_uom_category_id)]" },
    tax_id: {
      type: 'many2many', comodel: 'account.tax', string: 'Taxes', context: { active_test: false }, check_company: true,
      relation: 'account_tax_sale_order_line_rel', column1: 'sale_order_line_id', column2: 'account_tax_id',
    },
    pricelist_item_id: { type: 'many2one', comodel: 'product.pricelist.item', string: 'Pricelist Item', compute: '_compute_pricelist_item_id', depends: ['product_id', 'product_uom', 'product_uom_qty'] },
    price_unit: { type: 'float', string: 'Unit Price', compute: '_compute_price_unit', digits: [16, 2], store: true, readonly: false, required: true, depends: ['product_id', 'product_uom', 'product_uom_qty'] },
    discount: { type: 'float', string: 'Discount (%)', compute: '_compute_discount', digits: [16, 2], store: true, readonly: false, depends: ['product_id', 'product_uom', 'product_uom_qty'] },
    price_subtotal: { type: 'monetary', string: 'Subtotal', compute: '_compute_amount', store: true, readonly: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id'] },
    price_tax: { type: 'float', string: 'Total Tax', compute: '_compute_amount', store: true, readonly: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id'] },
    price_total: { type: 'monetary', string: 'Total', compute: '_compute_amount', store: true, readonly: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id'] },
    price_reduce_taxexcl: { type: 'monetary', string: 'Price Reduce Tax excl', compute: '_compute_price_reduce_taxexcl', store: true, readonly: true, depends: ['price_subtotal', 'product_uom_qty'] },
    price_reduce_taxinc: { type: 'monetary', string: 'Price Reduce Tax incl', compute: '_compute_price_reduce_taxinc', store: true, readonly: true, depends: ['price_total', 'product_uom_qty'] },
    product_packaging_id: { type: 'many2one', comodel: 'product.packaging', string: 'Packaging', compute: '_compute_product_packaging_id', store: true, readonly: false, check_company: true, depends: ['product_id', 'product_uom_qty', 'product_uom'], domain: "[('sales', '=', True), ('product_id','=',product_id)]" },
    product_packaging_qty: { type: 'float', string: 'Packaging Quantity', compute: '_compute_product_packaging_qty', store: true, readonly: false, depends: ['product_packaging_id', 'product_uom', 'product_uom_qty'] },
    customer_lead: { type: 'float', string: 'Lead Time', compute: '_compute_customer_lead', store: true, readonly: false, required: true, help: 'Number of days between the order confirmation and the shipping of the products to the customer' },
    qty_delivered_method: {
      type: 'selection', string: 'Method to update delivered qty', selection: [['manual', 'Manual'], ['analytic', 'Analytic From Expenses']],
      compute: '_compute_qty_delivered_method', store: true, readonly: true, depends: ['is_expense'],
    },
    qty_delivered: { type: 'float', string: 'Delivery Quantity', compute: '_compute_qty_delivered', default: 0.0, digits: [16, 2], store: true, readonly: false, copy: false, depends: ['qty_delivered_method'] },
    qty_invoiced: { type: 'float', string: 'Invoiced Quantity', compute: '_compute_qty_invoiced', digits: [16, 2], store: true, readonly: true, depends: ['invoice_lines.move_id.state', 'invoice_lines.quantity'] },
    qty_to_invoice: { type: 'float', string: 'Quantity To Invoice', compute: '_compute_qty_to_invoice', digits: [16, 2], store: true, readonly: true, depends: ['qty_invoiced', 'qty_delivered', 'product_uom_qty', 'state'] },
    analytic_line_ids: { type: 'one2many', comodel: 'account.analytic.line', inverse_name: 'so_line', string: 'Analytic lines' },
    invoice_lines: { type: 'many2many', comodel: 'account.move.line', relation: 'sale_order_line_invoice_rel', column1: 'order_line_id', column2: 'invoice_line_id', string: 'Invoice Lines', copy: false },
    invoice_status: { type: 'selection', string: 'Invoice Status', selection: INVOICE_STATUS, compute: '_compute_invoice_status', store: true, readonly: true, depends: ['state', 'product_uom_qty', 'qty_delivered', 'qty_to_invoice', 'qty_invoiced'] },
    untaxed_amount_invoiced: { type: 'monetary', string: 'Untaxed Invoiced Amount', compute: '_compute_untaxed_amount_invoiced', store: true, readonly: true, depends: ['invoice_lines', 'invoice_lines.price_total', 'invoice_lines.move_id.state', 'invoice_lines.move_id.move_type'] },
    untaxed_amount_to_invoice: { type: 'monetary', string: 'Untaxed Amount To Invoice', compute: '_compute_untaxed_amount_to_invoice', store: true, readonly: true, depends: ['state', 'product_id', 'untaxed_amount_invoiced', 'qty_delivered', 'product_uom_qty', 'price_unit'] },
    product_type: { type: 'selection', string: 'Product Type', related: 'product_id.detailed_type', readonly: true, selection: [['consu', 'Consumable'], ['service', 'Service']] },
    product_updatable: { type: 'boolean', string: 'Can Edit Product', compute: '_compute_product_updatable', depends: ['product_id', 'state', 'qty_invoiced', 'qty_delivered'] },
    product_uom_readonly: { type: 'boolean', string: 'Product Uom Readonly', compute: '_compute_product_uom_readonly', depends: ['state'] },
    tax_calculation_rounding_method: {
      type: 'selection', string: 'Tax calculation rounding method', related: 'company_id.tax_calculation_rounding_method', readonly: true,
      selection: [['round_per_line', 'Round per Line'], ['round_globally', 'Round Globally']],
    },
    is_configurable_product: { type: 'boolean', string: 'Is the product configurable?', related: 'product_template_id.has_configurable_attributes', readonly: true },
  },
  methods: (Base) => class extends Base {
    /** Odoo reads order_id, product_id while computing new records: MissingError for a missing one (tools/missing.ts). */
    create(valsList: unknown): this {
      return createReadingTargets(this, valsList, ['order_id', 'product_id'], () => super.create(valsList));
    }
    // ----------------------------------------------------------------------- computes
    _compute_display_name(): Map<number, unknown> {
      const vals = this.sudo()._values(['order_id', 'name', 'product_id', 'order_partner_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const order = this.env.model('sale.order').sudo().browse([v.order_id as number]).get('name');
        const first = v.name ? String(v.name).split('\n')[0] : v.product_id ? this.env.model('product.product').sudo().browse([v.product_id as number]).get('name') : false;
        let name = `${order} - ${first}`;
        if (v.order_partner_id) {
          const commercial = this.env.model('res.partner').sudo().browse([v.order_partner_id as number]).get('commercial_partner_id') as number;
          const c = this.env.model('res.partner').sudo().browse([commercial])._values(['ref', 'name']).get(commercial);
          if (c) name = `${name} (${c.ref || c.name})`;
        }
        return [id, name];
      }));
    }
    _compute_product_template_id(): Map<number, unknown> {
      const vals = this._values(['product_id']);
      return new Map(this.ids.map((id) => {
        const p = vals.get(id)?.product_id;
        return [id, p ? this.env.model('product.product').sudo().withContext({ active_test: false }).browse([p as number]).get('product_tmpl_id') : false];
      }));
    }
    _search_product_template_id(operator: string, value: unknown): Domain { return [['product_id.product_tmpl_id', operator, value]]; }
    /** The product's sales description; down payment lines tell whether their invoice is a draft, cancelled or posted. */
    _compute_name(): Map<number, unknown> {
      const vals = this._values(['product_id', 'name', 'is_downpayment', 'display_type', 'product_no_variant_attribute_value_ids']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.product_id) return [id, v.name];
        let name = this._description(v.product_id as number, v.product_no_variant_attribute_value_ids as number[]);
        if (v.is_downpayment && !v.display_type) {
          const state = this.browse([id])._get_downpayment_state();
          if (state === 'draft') name = `${name} (Draft)`;
          else if (state === 'cancel') name = `${name} (Canceled)`;
          else {
            const inv = this.env.cr.all<{ id: number; payment_reference: string | null; invoice_date: string | null }>(
              `SELECT DISTINCT m.id, m.payment_reference, m.invoice_date FROM account_move m JOIN account_move_line aml ON aml.move_id = m.id
                 JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = aml.id WHERE r.order_line_id = ? AND aml.quantity >= 0 AND m.move_type = 'out_invoice'`, [id]);
            if (inv.length === 1 && inv[0].payment_reference && inv[0].invoice_date) name = `${name} (ref: ${inv[0].payment_reference} on ${formatDateUs(inv[0].invoice_date)})`;
          }
        }
        return [id, name];
      }));
    }
    /** product display name + "\n" + sales description (+ the configured no-variant values). */
    _description(productId: number, noVariantPtavs: number[] = []): string {
      let name = this.env.model('product.product').sudo().withContext({ active_test: false }).browse([productId]).get_product_multiline_description_sale();
      const extra = noVariantPtavs.length ? this.env.model('product.template.attribute.value').sudo().browse(noVariantPtavs)._displayNames() : new Map();
      if (extra.size) name += `\n${[...extra.values()].map((n) => `\n${n}`).join('')}`;
      return name;
    }
    _compute_product_uom_qty(): Map<number, unknown> {
      const vals = this._values(['display_type', 'product_uom_qty']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.display_type ? 0.0 : vals.get(id)!.product_uom_qty]));
    }
    _compute_product_uom(): Map<number, unknown> {
      const vals = this._values(['product_id', 'product_uom']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.product_id) return [id, v.product_uom];
        const uom = this.env.model('product.product').sudo().withContext({ active_test: false }).browse([v.product_id as number]).get('uom_id');
        return [id, !v.product_uom || v.product_uom !== uom ? uom : v.product_uom];
      }));
    }
    _priceInput(id: number): PriceInput | null {
      const v = this._values(['product_id', 'product_uom', 'product_uom_qty', 'order_id', 'product_no_variant_attribute_value_ids']).get(id)!;
      if (!v.product_id) return null;
      const o = this.env.model('sale.order').sudo().browse([v.order_id as number])._values(['pricelist_id', 'currency_id', 'date_order', 'company_id', 'fiscal_position_id']).get(v.order_id as number)!;
      return {
        product_id: v.product_id as number, product_uom: v.product_uom as number | false, quantity: Number(v.product_uom_qty) || 0,
        order: o as PriceInput['order'], noVariantPtavs: (v.product_no_variant_attribute_value_ids as number[]) ?? [],
      };
    }
    _compute_pricelist_item_id(): Map<number, unknown> {
      return new Map<number, unknown>(this.ids.map((id) => {
        const input = this._priceInput(id);
        const dt = this._values(['display_type']).get(id)!.display_type;
        if (!input || dt || !input.order.pricelist_id) return [id, false];
        return [id, this._pricelistRule(input)];
      }));
    }
    _pricelistRule(input: PriceInput): number | false {
      if (!input.order.pricelist_id) return false;
      const pl = this.env.model('product.pricelist').sudo().browse([input.order.pricelist_id]);
      return pl._get_product_rule(this.env.model('product.product').sudo().browse([input.product_id]), input.quantity || 1.0, {
        uom: this.env.model('uom.uom').browse(input.product_uom ? [input.product_uom] : []), date: input.order.date_order,
      });
    }
    /** The product for price computations, with the extra prices of the configured no-variant values. */
    _productForPrice(input: PriceInput): AnyModel {
      const P = this.env.model('product.product').sudo().withContext({ active_test: false });
      if (!input.noVariantPtavs.length) return P.browse([input.product_id]);
      const tmpl = P.browse([input.product_id]).get('product_tmpl_id');
      const extras = this.env.model('product.template.attribute.value').sudo().browse(input.noVariantPtavs)._values(['price_extra', 'product_tmpl_id']);
      const list = [...extras.values()].filter((e) => e.price_extra && e.product_tmpl_id === tmpl).map((e) => Number(e.price_extra));
      return P.withContext({ ...P.env.context, no_variant_attributes_price_extra: list }).browse([input.product_id]);
    }
    /**
     * The unit price of a line (sale_order_line.py _get_display_price): the pricelist's price,
     * or for "show discount" pricelists the higher of the base and the pricelist price.
     */
    _displayPrice(input: PriceInput): { price: number; base: number | null } {
      const rule = this._pricelistRule(input);
      const Item = this.env.model('product.pricelist.item').sudo();
      const product = this._productForPrice(input);
      const uom = this.env.model('uom.uom').browse(input.product_uom ? [input.product_uom] : [product.get('uom_id')]);
      const currency = (input.order.currency_id as number) || 1;
      const date = String(input.order.date_order || '');
      const price = Item.browse(rule ? [rule] : [])._compute_price(product, input.quantity || 1.0, uom, date, currency);
      const policy = input.order.pricelist_id ? this.env.model('product.pricelist').sudo().browse([input.order.pricelist_id]).get('discount_policy') : 'with_discount';
      if (policy === 'with_discount' || !rule) return { price, base: null };
      const base = Item.browse([rule])._compute_price_before_discount(product, input.quantity || 1.0, uom, date, currency);
      return { price: Math.max(base, price), base };
    }
    /** Price from the pricelist, adjusted when a fiscal position replaces price-included taxes (account's _get_tax_included_unit_price_from_price). */
    _priceUnitFor(input: PriceInput): number {
      const { price } = this._displayPrice(input);
      return this._taxIncludedPrice(price, input);
    }
    _taxIncludedPrice(price: number, input: PriceInput): number {
      if (!input.order.fiscal_position_id || !this.env.registry.has('account.tax')) return price;
      const before = productTaxes(this, input.product_id, input.order.company_id, false);
      const after = productTaxes(this, input.product_id, input.order.company_id, input.order.fiscal_position_id);
      if (!before.length || before.join(',') === after.join(',')) return price;
      const allIncluded = this.env.cr.all<{ pi: number }>(`SELECT price_include AS pi FROM account_tax WHERE id IN (${before.map(() => '?').join(',')})`, before).every((r) => r.pi);
      if (!allIncluded) return price;
      const currency = (input.order.currency_id as number) || 1;
      let p = totalExcluded(this.env, input.order.company_id, { id: 0, partner_id: false, currency_id: currency, product_id: input.product_id, tax_ids: before, price_unit: price, quantity: 1, discount: 0 });
      const afterIncluded = after.length ? this.env.cr.all<{ id: number; amount: number; t: string }>(`SELECT id, amount, amount_type AS t FROM account_tax WHERE id IN (${after.map(() => '?').join(',')}) AND price_include = 1`, after) : [];
      for (const t of afterIncluded) if (t.t === 'percent') p += (p * t.amount) / 100;
      return p;
    }
    _compute_price_unit(): Map<number, unknown> {
      const vals = this._values(['qty_invoiced', 'product_id', 'product_uom', 'price_unit', 'is_expense']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (Number(v.qty_invoiced) > 0) return [id, v.price_unit];
        if (v.is_expense && v.product_id && this.env.model('product.product').sudo().browse([v.product_id as number]).get('expense_policy') === 'cost') return [id, v.price_unit];
        const input = this._priceInput(id);
        if (!input || !v.product_uom) return [id, 0.0];
        return [id, this._priceUnitFor(input)];
      }));
    }
    /** A discount only comes from "show discount" pricelists (sale_order_line.py _compute_discount). */
    _compute_discount(): Map<number, unknown> {
      const vals = this._values(['product_id', 'display_type', 'discount', 'order_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let discount = Number(v.discount) || 0;
        if (!v.product_id || v.display_type) discount = 0.0;
        if (!v.product_id || !v.order_id) return [id, discount];
        // the pricelist's policy first: only "show discount" pricelists need the line's price
        // input (its no-variant values are one more read per line)
        const pricelist = this.env.model('sale.order').sudo().browse([v.order_id as number])._values(['pricelist_id']).get(v.order_id as number)?.pricelist_id;
        if (!pricelist) return [id, discount];
        if (this.env.model('product.pricelist').sudo().browse([pricelist as number]).get('discount_policy') !== 'without_discount') return [id, discount];
        return [id, this._pricelistDiscount(this._priceInput(id)!)];
      }));
    }
    _pricelistDiscount(input: PriceInput): number {
      const { price, base } = this._displayPrice(input);
      if (base === null || base === 0) return 0.0;
      const pricelistPrice = Math.min(price, this.env.model('product.pricelist.item').sudo().browse([this._pricelistRule(input) as number])
        ._compute_price(this._productForPrice(input), input.quantity || 1.0, this.env.model('uom.uom').browse([input.product_uom || this.env.model('product.product').sudo().browse([input.product_id]).get('uom_id')]), String(input.order.date_order || ''), (input.order.currency_id as number) || 1));
      const discount = ((base - pricelistPrice) / base) * 100;
      return (discount > 0 && base > 0) || (discount < 0 && base < 0) ? discount : 0.0;
    }
    /** subtotal / tax / total, one tax computation per line (the three fields share it). */
    _compute_amount(field: Field): Map<number, unknown> {
      const key = `sale.order.line.amounts:${this.ids.join(',')}:${this.env.cr.writeVersion}`;
      let amounts = this.env.cache.memo.get(key) as Map<number, { price_subtotal: number; price_tax: number; price_total: number }> | undefined;
      if (!amounts) {
        amounts = new Map();
        const vals = this._values(['display_type', 'company_id', 'currency_id', 'order_partner_id', 'product_id', 'price_unit', 'product_uom_qty', 'discount']);
        const taxes = lineTaxIds(this, this.ids);
        for (const id of this.ids) {
          const v = vals.get(id)!;
          if (v.display_type) { amounts.set(id, { price_subtotal: 0, price_tax: 0, price_total: 0 }); continue; }
          amounts.set(id, lineAmounts(this.env, v.company_id as number, {
            id, partner_id: v.order_partner_id as number | false, currency_id: (v.currency_id as number) || 1, product_id: v.product_id as number | false,
            tax_ids: taxes.get(id) ?? [], price_unit: Number(v.price_unit) || 0, quantity: Number(v.product_uom_qty) || 0, discount: Number(v.discount) || 0,
          }));
        }
        for (const k of [...this.env.cache.memo.keys()]) if (k.startsWith('sale.order.line.amounts:')) this.env.cache.memo.delete(k);
        this.env.cache.memo.set(key, amounts);
      }
      return new Map(this.ids.map((id) => [id, (amounts!.get(id) as Record<string, number>)[field.name]]));
    }
    _compute_price_reduce_taxexcl(): Map<number, unknown> {
      const vals = this._values(['price_subtotal', 'product_uom_qty']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, Number(v.product_uom_qty) ? Number(v.price_subtotal) / Number(v.product_uom_qty) : 0.0];
      }));
    }
    _compute_price_reduce_taxinc(): Map<number, unknown> {
      const vals = this._values(['price_total', 'product_uom_qty']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, Number(v.product_uom_qty) ? Number(v.price_total) / Number(v.product_uom_qty) : 0.0];
      }));
    }
    _compute_product_packaging_id(): Map<number, unknown> {
      const vals = this._values(['product_packaging_id', 'product_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.product_packaging_id) return [id, false];
        const owner = this.env.model('product.packaging').sudo().browse([v.product_packaging_id as number]).get('product_id');
        return [id, owner === v.product_id ? v.product_packaging_id : false];
      }));
    }
    _compute_product_packaging_qty(): Map<number, unknown> {
      const vals = this._values(['product_packaging_id', 'product_uom_qty']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.product_packaging_id) return [id, 0];
        const qty = Number(this.env.model('product.packaging').sudo().browse([v.product_packaging_id as number]).get('qty')) || 1;
        return [id, (Number(v.product_uom_qty) || 0) / qty];
      }));
    }
    _compute_customer_lead(): Map<number, unknown> {
      const vals = this._values(['customer_lead']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.customer_lead || 0.0]));
    }
    _compute_qty_delivered_method(): Map<number, unknown> {
      const vals = this._values(['is_expense']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.is_expense ? 'analytic' : 'manual']));
    }
    /** Manual lines keep what was written; expense lines sum their analytic lines (sale_order_line.py _compute_qty_delivered). */
    _compute_qty_delivered(): Map<number, unknown> {
      const vals = this._values(['qty_delivered_method', 'qty_delivered']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.qty_delivered_method !== 'analytic' || !this.env.registry.has('account.analytic.line')) return [id, v.qty_delivered || 0];
        const row = this.env.cr.get<{ q: number | null }>('SELECT SUM(unit_amount) AS q FROM account_analytic_line WHERE so_line = ? AND amount <= 0', [id]);
        return [id, row?.q ?? 0];
      }));
    }
    /** Invoice lines linked to the line, with their move's state and type (read with those of the recordset: invoice_links.ts). */
    _invoiceLines(id: number): InvoiceLine[] {
      if (!this.env.registry.has('account.move.line')) return [];
      return invoiceLinesOf(this, id, this.ids);
    }
    /** Σ invoiced (non-cancelled moves, drafts count) minus refunded, in the line's unit. */
    _compute_qty_invoiced(): Map<number, unknown> {
      const vals = this._values(['product_uom']);
      return new Map(this.ids.map((id) => {
        let qty = 0;
        const lineUom = this.env.model('uom.uom').browse(vals.get(id)!.product_uom ? [vals.get(id)!.product_uom as number] : []);
        for (const il of this._invoiceLines(id)) {
          if (il.state === 'cancel' && il.payment_state !== 'invoicing_legacy') continue;
          const q = !il.product_uom_id || !lineUom.ids.length ? il.quantity
            : il.product_uom_id === lineUom.ids[0] ? sameUnitQuantity(this, il.quantity, il.product_uom_id)
              : this.env.model('uom.uom').browse([il.product_uom_id])._compute_quantity(il.quantity, lineUom);
          if (il.move_type === 'out_invoice') qty += q;
          else if (il.move_type === 'out_refund') qty -= q;
        }
        return [id, qty];
      }));
    }
    /** Ordered (policy order) or delivered (policy delivery) minus invoiced, on confirmed orders. */
    _compute_qty_to_invoice(): Map<number, unknown> {
      const vals = this._values(['state', 'display_type', 'product_id', 'product_uom_qty', 'qty_delivered', 'qty_invoiced']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state !== 'sale' || v.display_type) return [id, 0];
        const policy = this._invoicePolicy(v.product_id as number | false);
        const base = policy === 'order' ? Number(v.product_uom_qty) : Number(v.qty_delivered);
        return [id, base - Number(v.qty_invoiced)];
      }));
    }
    _invoicePolicy(productId: number | false): string | false {
      if (!productId) return false;
      // asked by several computes for every line: one small read kept while the product tables
      // are unchanged, instead of the variant's and the template's full rows
      return this.env.crossCall(`sale.invoice_policy:${productId}`, () => this.env.cr.get<{ p: string | null }>(
        'SELECT t.invoice_policy AS p FROM product_product v JOIN product_template t ON t.id = v.product_tmpl_id WHERE v.id = ?', [productId])?.p ?? false);
    }
    /** sale_order_line.py _compute_invoice_status (sale.md §2.6). */
    _compute_invoice_status(): Map<number, unknown> {
      const vals = this._values(['state', 'is_downpayment', 'untaxed_amount_to_invoice', 'qty_to_invoice', 'product_id', 'product_uom_qty', 'qty_delivered', 'qty_invoiced']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state !== 'sale') return [id, 'no'];
        if (v.is_downpayment && Number(v.untaxed_amount_to_invoice) === 0) return [id, 'invoiced'];
        if (!floatIsZero(Number(v.qty_to_invoice), PRECISION)) return [id, 'to invoice'];
        if (this._invoicePolicy(v.product_id as number | false) === 'order' && Number(v.product_uom_qty) >= 0
          && floatCompare(Number(v.qty_delivered), Number(v.product_uom_qty), PRECISION) === 1) return [id, 'upselling'];
        if (floatCompare(Number(v.qty_invoiced), Number(v.product_uom_qty), PRECISION) >= 0) return [id, 'invoiced'];
        return [id, 'no'];
      }));
    }
    /** Untaxed amount of the posted invoices minus posted refunds, in the line currency. */
    _compute_untaxed_amount_invoiced(): Map<number, unknown> {
      const vals = this._values(['currency_id', 'company_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let amount = 0;
        for (const il of this._invoiceLines(id)) {
          if (il.state !== 'posted') continue;
          const conv = convertCurrency(this.env, il.price_subtotal, il.currency_id, v.currency_id as number, v.company_id as number, il.invoice_date || new Date(this.env.cr.clock.now()).toISOString().slice(0, 10));
          if (il.move_type === 'out_invoice') amount += conv;
          else if (il.move_type === 'out_refund') amount -= conv;
        }
        return [id, amount];
      }));
    }
    /** What is left to invoice, untaxed (sale_order_line.py _compute_untaxed_amount_to_invoice). */
    _compute_untaxed_amount_to_invoice(): Map<number, unknown> {
      const vals = this._values(['state', 'product_id', 'qty_delivered', 'product_uom_qty', 'price_unit', 'discount', 'currency_id', 'company_id', 'untaxed_amount_invoiced', 'order_id']);
      // only confirmed lines have something to invoice: new (quotation) lines need no tax read
      const taxes = [...vals.values()].some((v) => v.state === 'sale') ? lineTaxIds(this, this.ids) : new Map<number, number[]>();
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state !== 'sale') return [id, 0.0];
        const qty = this._invoicePolicy(v.product_id as number | false) === 'delivery' ? Number(v.qty_delivered) : Number(v.product_uom_qty);
        const reduce = Number(v.price_unit) * (1 - (Number(v.discount) || 0) / 100);
        let subtotal = reduce * qty;
        const lineTaxes = taxes.get(id) ?? [];
        // the taxes' facts are kept across calls (tax_engine loadTaxes)
        const included = loadTaxes(this.env, lineTaxes).some((t) => t.price_include);
        if (included) {
          subtotal = totalExcluded(this.env, v.company_id as number, { id, partner_id: false, currency_id: v.currency_id as number, product_id: v.product_id as number | false, tax_ids: lineTaxes, price_unit: reduce, quantity: qty, discount: 0 });
        }
        const invLines = this._invoiceLines(id);
        if (invLines.some((l) => (l.discount ?? 0) !== (Number(v.discount) || 0))) {
          let amount = 0;
          for (const l of invLines) amount += convertCurrency(this.env, l.price_unit, l.currency_id, v.currency_id as number, v.company_id as number, new Date(this.env.cr.clock.now()).toISOString().slice(0, 10), false) * l.quantity;
          return [id, Math.max(subtotal - amount, 0)];
        }
        return [id, subtotal - Number(v.untaxed_amount_invoiced)];
      }));
    }
    _compute_product_updatable(): Map<number, unknown> {
      const vals = this._values(['state', 'order_id', 'qty_invoiced', 'qty_delivered']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.state === 'cancel') return [id, false];
        if (v.state === 'sale') {
          const locked = this.env.model('sale.order').sudo().browse([v.order_id as number]).get('locked');
          if (locked || Number(v.qty_invoiced) > 0 || Number(v.qty_delivered) > 0) return [id, false];
        }
        return [id, true];
      }));
    }
    _compute_product_uom_readonly(): Map<number, unknown> {
      const vals = this._values(['state']);
      return new Map(this.ids.map((id) => [id, ['sale', 'cancel'].includes(String(vals.get(id)!.state))]));
    }
    /** 'draft' / 'cancel' when all the down payment's invoice lines are, else '' (sale_order_line.py). */
    _get_downpayment_state(): string {
      const id = this.ensureOne().ids[0];
      if (this._values(['display_type']).get(id)!.display_type) return '';
      const lines = this._invoiceLines(id);
      if (lines.every((l) => l.state === 'draft')) return 'draft';
      if (lines.every((l) => l.state === 'cancel')) return 'cancel';
      return '';
    }

    // --------------------------------------------------------------------------- CRUD
    /**
     * Read the products of new lines together: each line's _precompute then finds its product
     * (existence, unit, description, taxes) in the call's record cache instead of reading the
     * variant, its template and its attribute values line by line (Odoo prefetches them too).
     */
    _prefetchProducts(valsList: Vals[]): void {
      const lines = valsList.filter((v) => !v.display_type && v.order_id && typeof v.product_id === 'number');
      const productIds = [...new Set(lines.map((v) => v.product_id as number))];
      if (productIds.length < 2) return;
      const products = this.env.model('product.product').sudo().withContext({ active_test: false }).browse(productIds);
      const fields = ['uom_id', 'product_template_attribute_value_ids', 'description_sale', ...(products.cls._fields.taxes_id ? ['taxes_id'] : [])];
      // what _precompute then computes product by product, computed once for all: the display
      // name of the description, and the sales price a pricelist starts from (_price_compute's
      // fields, read in the same cache: sudo, archived products included)
      if (lines.some((v) => !v.name)) fields.push('display_name');
      if (lines.some((v) => !('price_unit' in v))) fields.push('list_price', 'currency_id', 'cost_currency_id', 'price_extra');
      products._values(fields);
    }

    /**
     * Fill what Odoo precomputes before inserting a line (its required description, unit and
     * price, its taxes), from the given values and the order.
     */
    _precompute(vals: Vals): Vals {
      const v = { ...vals };
      // sale's _compute_customer_lead: 0.0 (sale_stock brings the product's delay)
      if (!('customer_lead' in v) || v.customer_lead === false || v.customer_lead == null) v.customer_lead = 0.0;
      if (v.display_type) {
        v.product_uom_qty = 0.0;
        if (!('price_unit' in v)) v.price_unit = 0.0;
        return v;
      }
      // _compute_price_unit: 0.0 without a product (the accountable-line check then names what is missing)
      if (!v.product_id && !('price_unit' in v)) v.price_unit = 0.0;
      if (!v.order_id || !v.product_id) return v;
      const order = this.env.model('sale.order').sudo().browse([v.order_id as number])._values(['pricelist_id', 'currency_id', 'date_order', 'company_id', 'fiscal_position_id']).get(v.order_id as number);
      if (!order) return v;
      const product = this.env.model('product.product').sudo().withContext({ active_test: false }).browse([v.product_id as number]);
      if (!product.exists().ids.length) return v;
      const noVariant = Array.isArray(v.product_no_variant_attribute_value_ids) ? commandIds(v.product_no_variant_attribute_value_ids) : [];
      if (!('product_uom' in v) || !v.product_uom) v.product_uom = product.get('uom_id');
      // a description, taxes or price the line gets a default for (context or user default) is not
      // precomputed: Odoo applies the defaults first and precomputes only what is still missing
      if ((!('name' in v) && !this._hasDefault('name')) || ('name' in v && !v.name)) v.name = this._description(v.product_id as number, noVariant);
      if (!('tax_id' in v) && !this._hasDefault('tax_id')) v.tax_id = [[6, 0, productTaxes(this, v.product_id as number, order.company_id as number, order.fiscal_position_id as number | false)]];
      const input: PriceInput = {
        product_id: v.product_id as number, product_uom: v.product_uom as number, quantity: Number(v.product_uom_qty ?? 1) || 0,
        order: order as PriceInput['order'], noVariantPtavs: noVariant,
      };
      if (!('price_unit' in v) && !this._hasDefault('price_unit')) v.price_unit = this._priceUnitFor(input);
      const showDiscount = order.pricelist_id && this.env.model('product.pricelist').sudo().browse([order.pricelist_id as number]).get('discount_policy') === 'without_discount';
      if (!('discount' in v) && showDiscount) v.discount = this._pricelistDiscount(input);
      else if (!('discount' in v) && !this._hasDefault('discount')) {
        // _compute_discount's value for a new line of any other pricelist: none. Given, the
        // line computes its other fields with the lines given a discount (the ORM batches new
        // records by the computed fields they were given) instead of apart from them
        v.discount = 0.0;
      }
      return v;
    }
    /**
     * The stored computed fields of a new product line of a quotation, with the values their
     * compute methods give right after its INSERT, put in the INSERT (Odoo precomputes them
     * before inserting too): no UPDATE of the line after it, no computation. A quotation's line
     * has nothing invoiced or to invoice yet (the quantities and amounts of invoicing, its status
     * 'no'), no packaging unless given, and its amounts from the tax engine, as _compute_amount.
     * Left to the computations whenever one of those values could differ: a confirmed order, an
     * expense, a down payment, given invoice lines or packaging, a computed value or a default
     * given, taxes not set as a plain list.
     */
    _precomputeAmounts(given: Vals, v: Vals): Vals {
      if (v.display_type || !v.product_id || !v.order_id || given.is_downpayment || given.is_expense || 'invoice_lines' in given || 'product_packaging_id' in given) return v;
      if (NEW_LINE_COMPUTED.some((f) => f in given) || !('discount' in v)) return v;
      const taxIds = onlySetIds(v.tax_id);
      if (!taxIds) return v;
      const order = this.env.model('sale.order').sudo().browse([v.order_id as number])._values(['state', 'company_id', 'currency_id', 'partner_id']).get(v.order_id as number);
      if (!order || !['draft', 'sent'].includes(String(order.state)) || !order.currency_id) return v;
      const F = this.cls._fields;
      // a default could still change what the values depend on (a quantity, an expense, a
      // packaging…): any default of a line field in the context, or a user default of one of them
      if (Object.keys(this.env.context).some((k) => k.startsWith('default_') && k.slice(8) in F)) return v;
      const userDefaults = this._userDefaults();
      if ([...NEW_LINE_COMPUTED, ...NEW_LINE_INPUTS].some((f) => f in userDefaults && !(f in v))) return v;
      // the values as stored: what the computations read back
      let priceUnit: number, quantity: number, discount: number;
      try {
        priceUnit = Number(F.price_unit.toColumn(v.price_unit ?? 0)) || 0;
        quantity = Number(F.product_uom_qty.toColumn(v.product_uom_qty ?? 1.0)) || 0;
        discount = Number(F.discount.toColumn(v.discount)) || 0;
      } catch {
        return v; // a wrong value: the INSERT reports it
      }
      const currency = order.currency_id as number;
      const taxes = loadTaxes(this.env, [...new Set(taxIds)]).map((t) => ({ id: t.id, sequence: t.sequence as number | null }))
        .sort((a, b) => (a.sequence === b.sequence ? a.id - b.id : a.sequence === null ? -1 : b.sequence === null ? 1 : a.sequence - b.sequence));
      const amounts = lineAmounts(this.env, order.company_id as number, {
        id: 0, partner_id: order.partner_id as number | false, currency_id: currency, product_id: v.product_id as number,
        tax_ids: taxes.map((t) => t.id), price_unit: priceUnit, quantity, discount,
      });
      // as _roundMonetary: a non-zero amount rounded to the currency, written with its decimals
      const monetary = (x: number) => (x === 0 ? x : Number(currencyRound(this.env, currency, x).toFixed(currencyDecimals(this.env, currency))));
      const subtotal = Number(F.price_subtotal.toColumn(monetary(amounts.price_subtotal)));
      const total = Number(F.price_total.toColumn(monetary(amounts.price_total)));
      return {
        ...v, price_subtotal: subtotal, price_tax: amounts.price_tax, price_total: total,
        price_reduce_taxexcl: monetary(quantity ? subtotal / quantity : 0.0), price_reduce_taxinc: monetary(quantity ? total / quantity : 0.0),
        product_packaging_id: false, product_packaging_qty: 0, qty_delivered_method: 'manual',
        qty_invoiced: 0, qty_to_invoice: 0, invoice_status: 'no', untaxed_amount_invoiced: 0, untaxed_amount_to_invoice: 0,
      };
    }
    /** Whether a new line would get a default for the field (context or user default), which a precomputed value must not hide. */
    _hasDefault(fname: string): boolean {
      return `default_${fname}` in this.env.context || fname in this._userDefaults();
    }
    _create(valsList: Vals[]): this {
      this._prefetchProducts(valsList);
      const outer = newLinesOfBatch.get(this.env.cache);
      newLinesOfBatch.set(this.env.cache, new Set());
      const since = this.env.cr.tables.version;
      const prepared = valsList.map((v) => this._precomputeAmounts(v, this._precompute(v)));
      let lines: this;
      try {
        lines = super._create(prepared);
      } finally {
        if (outer) newLinesOfBatch.set(this.env.cache, outer);
        else newLinesOfBatch.delete(this.env.cache);
      }
      // the lines given their invoicing values have no invoice line: known for their next computations
      noteNewLinesWithoutInvoices(this, lines.ids.filter((_, i) => 'qty_invoiced' in prepared[i] && !('qty_invoiced' in valsList[i])), since);
      noteCreatedOrderLines(lines);
      if (this.env.context.sale_no_log_for_new_lines) return lines;
      for (const [id, v] of lines._values(['product_id', 'state', 'order_id'])) {
        if (v.product_id && v.state === 'sale') {
          const pname = this.env.model('product.product').sudo().browse([v.product_id as number])._displayNames().get(v.product_id as number);
          postMessage(this.env.model('sale.order').browse([v.order_id as number]), `Extra line with ${pname}`);
        }
        void id;
      }
      return lines;
    }
    /**
     * A new line's taxes, set by its creation, are known without reading them back
     * (keepNewLineTaxes): those of the lines created before it in the same batch stay known,
     * since setting the taxes of a new line changes no other line's.
     */
    _writeX2many(f: Field, value: unknown, creating: boolean): void {
      const batch = creating && f.name === 'tax_id' && this.ids.length === 1 ? newLinesOfBatch.get(this.env.cache) : undefined;
      const ids = batch ? onlySetIds(value) : null;
      const known = ids ? linesWithKeptTaxes(this, batch!) : [];
      super._writeX2many(f, value, creating);
      if (!ids) return;
      stillKeptTaxes(this, known);
      keepNewLineTaxes(this, this.ids[0], ids);
      // a large import keeps the first lines' only (each new line rechecks those before it)
      if (batch!.size < 200) batch!.add(this.ids[0]);
    }
    /**
     * The order lines linked to invoice lines `ids`, for the ORM following a change of the
     * invoice lines to the order lines' invoicing (invoice_lines.*): without the search when the
     * invoice lines were created in this call with their links (knownNewInvoiceLinks). Likewise
     * the lines of orders `ids` created in this call (knownNewOrderLines).
     */
    _pointingIds(relField: Field, ids: number[]): number[] {
      if (relField.name === 'invoice_lines' && relField.model === this._name) {
        const known = knownNewInvoiceLinks(this, ids);
        if (known) return known;
      }
      if (relField.name === 'order_id' && relField.model === this._name) {
        const known = knownNewOrderLines(this, ids);
        if (known) return known;
      }
      return super._pointingIds(relField, ids);
    }
    write(vals: unknown): boolean {
      const v = (vals ?? {}) as Vals;
      if (v && typeof v === 'object' && !Array.isArray(v)) this._checkLineWrite(v);
      return super.write(vals);
    }
    /** Odoo's checks before writing lines: the type cannot change, locked orders protect their lines. */
    _checkLineWrite(v: Vals): void {
      const rows = this.sudo()._values(['display_type', 'order_id', 'is_downpayment', 'state', 'product_uom_qty']);
      if ('display_type' in v && [...rows.values()].some((r) => (r.display_type || false) !== (v.display_type || false))) {
        throw new UserError('You cannot change the type of a sale order line. Instead you should delete the current line and create a new line of the proper type.');
      }
      const orders = [...new Set([...rows.values()].map((r) => r.order_id as number))];
      const locked = orders.some((o) => this.env.model('sale.order').sudo().browse([o]).get('locked'));
      let protectedFields = PROTECTED_FIELDS.filter((f) => f in v);
      if (locked && protectedFields.length) {
        if (protectedFields.includes('name') && [...rows.values()].every((r) => r.is_downpayment)) protectedFields = protectedFields.filter((f) => f !== 'name');
        if (protectedFields.length) {
          // labels as Odoo lists them: ir.model.fields searched by name (ref: "Unit Price\nQuantity" for price_unit, product_uom_qty)
          const labels = this.env.cr.all<{ d: string }>(
            `SELECT ${translatedSql('field_description', this.env)} AS d FROM ir_model_fields WHERE model = 'sale.order.line' AND name IN (${protectedFields.map(() => '?').join(',')}) ORDER BY name`, protectedFields).map((r) => r.d);
          if (labels.length) throw new UserError(`It is forbidden to modify the following fields in a locked order:\n${labels.join('\n')}`);
        }
      }
      if ('product_uom_qty' in v) {
        const changed = [...rows.entries()].filter(([, r]) => r.state === 'sale' && floatCompare(Number(r.product_uom_qty), Number(v.product_uom_qty), PRECISION) !== 0).map(([id]) => id);
        if (changed.length) this.browse(changed)._update_line_quantity(v);
      }
    }
    _write(vals: Vals): void {
      const v = { ...vals };
      // lines moving to another order take their invoice lines along
      if ('order_id' in v) forgetInvoicedAmounts(this);
      // a new product brings its taxes and description, as the compute methods would
      if ('product_id' in v && v.product_id && !('tax_id' in v)) {
        const rows = this.sudo()._values(['order_id']);
        const order = this.env.model('sale.order').sudo().browse([rows.get(this.ids[0])!.order_id as number])._values(['company_id', 'fiscal_position_id']).get(rows.get(this.ids[0])!.order_id as number)!;
        v.tax_id = [[6, 0, productTaxes(this, v.product_id as number, order.company_id as number, order.fiscal_position_id as number | false)]];
      }
      super._write(v);
    }
    /** "The ordered quantity has been updated." note on confirmed orders (sale_order_line.py _update_line_quantity). */
    _update_line_quantity(values: Vals): void {
      const rows = this.sudo()._values(['order_id', 'product_id', 'product_uom_qty', 'qty_delivered', 'qty_invoiced']);
      const byOrder = new Map<number, number[]>();
      for (const [id, r] of rows) byOrder.set(r.order_id as number, [...(byOrder.get(r.order_id as number) ?? []), id]);
      for (const [orderId, lineIds] of byOrder) {
        let msg = '<b>The ordered quantity has been updated.</b><ul>';
        for (const id of lineIds) {
          const r = rows.get(id)!;
          if ('product_id' in values && values.product_id !== r.product_id) continue;
          const product = this.env.model('product.product').sudo().withContext({ active_test: false }).browse([r.product_id as number]);
          msg += `<li> ${product._displayNames().get(r.product_id as number)}: <br/>`;
          msg += `Ordered Quantity: ${pyFloat(r.product_uom_qty)} -> ${pyFloat(values.product_uom_qty)}<br/>`;
          if (['consu', 'product'].includes(String(product.get('type')))) msg += `Delivered Quantity: ${pyFloat(r.qty_delivered)}<br/>`;
          msg += `Invoiced Quantity: ${pyFloat(r.qty_invoiced)}<br/>`;
        }
        msg += '</ul>';
        postMessage(this.env.model('sale.order').browse([orderId]), msg);
      }
    }
    /** Lines of confirmed orders stay (sections, notes and uninvoiced down payments excepted). */
    /** Lines of confirmed orders stay (_unlink_except_confirmed, after the access checks). */
    _ondelete(): void {
      super._ondelete();
      const rows = this.sudo()._values(['state', 'is_downpayment', 'display_type', 'invoice_lines']);
      const blocked = [...rows.values()].some((r) => r.state === 'sale' && (((r.invoice_lines as number[]) ?? []).length || !r.is_downpayment) && !r.display_type);
      if (blocked) {
        throw new UserError("Once a sales order is confirmed, you can't remove one of its lines (we need to track if something gets invoiced or delivered).\n                Set the quantity to 0 instead.");
      }
    }
    copy_data(dflt: unknown = null): Vals[] {
      return super.copy_data(dflt).map((d) => {
        const out = { ...d };
        const taxes = out.tax_id;
        if (Array.isArray(taxes) && taxes.every((x) => typeof x === 'number')) out.tax_id = [[6, 0, taxes]];
        return out;
      });
    }

    // -------------------------------------------------------------------- recomputations
    _recompute_tax_id(): void {
      for (const [id, v] of this.sudo()._values(['product_id', 'order_id', 'display_type'])) {
        if (v.display_type) continue;
        const order = this.env.model('sale.order').sudo().browse([v.order_id as number])._values(['company_id', 'fiscal_position_id']).get(v.order_id as number)!;
        this.browse([id])._write({ tax_id: [[6, 0, productTaxes(this, v.product_id as number | false, order.company_id as number, order.fiscal_position_id as number | false)]] });
      }
    }
    /** action_update_prices: prices from the pricelist again; the discount reset first (sale_order.py _recompute_prices). */
    _recompute_prices(resetDiscount = false): void {
      for (const id of this.ids) {
        const input = this._priceInput(id);
        const price = input ? this._priceUnitFor(input) : 0;
        const values: Vals = { price_unit: this._values(['qty_invoiced']).get(id)!.qty_invoiced as number > 0 ? this._values(['price_unit']).get(id)!.price_unit : price };
        if (resetDiscount) {
          values.discount = input && input.order.pricelist_id && this.env.model('product.pricelist').sudo().browse([input.order.pricelist_id]).get('discount_policy') === 'without_discount'
            ? this._pricelistDiscount(input) : 0.0;
        }
        this.sudo().browse([id])._write(values);
      }
    }
    /** After invoices changed: the invoicing figures of the lines, then their orders'. */
    /**
     * Refresh what depends on the invoice lines; `describeDownPayments` also renews the down
     * payment lines' descriptions, as account.move's action_post/button_draft/button_cancel do.
     */
    _recomputeInvoicing(describeDownPayments = false, known = false): void {
      if (!this.ids.length) return;
      const lines = known ? this.sudo() : this.sudo().exists();
      if (!lines.ids.length) return;
      // Odoo marks every field depending on the invoice lines at once and computes each of them
      // once, the ones read first: here in one pass, in dependency order (a down payment's
      // invoice status reads its amount to invoice). Written only where a value changed; the
      // orders' invoice status follows its lines' through the ORM's reverse dependencies.
      lines._recomputeFields(['qty_invoiced', 'untaxed_amount_invoiced', 'qty_to_invoice', 'untaxed_amount_to_invoice', 'invoice_status']);
      const dp = [...lines._values(['is_downpayment', 'display_type']).entries()].filter(([, v]) => v.is_downpayment && !v.display_type).map(([id]) => id);
      if (describeDownPayments && dp.length) lines.browse(dp)._recomputeFields(['name']);
      const orders = [...new Set([...lines._values(['order_id']).values()].map((v) => v.order_id as number))];
      // amount_to_invoice depends on the orders' invoices (invoice_ids.state), which the ORM
      // cannot follow from here; it reads the invoice status just recomputed
      this.env.model('sale.order').sudo().browse(orders)._recomputeFields(['amount_to_invoice']);
    }

    // ---------------------------------------------------------------------- invoicing
    /** Values of the invoice line of this order line (sale_order_line.py _prepare_invoice_line). */
    _prepare_invoice_line(optional: Vals = {}): Vals {
      const id = this.ensureOne().ids[0];
      const v = this._values(['display_type', 'sequence', 'name', 'product_id', 'product_uom', 'qty_to_invoice', 'discount', 'price_unit', 'is_downpayment', 'analytic_distribution', 'order_id'].filter((f) => this.cls._fields[f])).get(id)!;
      const res: Vals = {
        display_type: v.display_type || 'product', sequence: v.sequence, name: v.name, product_id: v.product_id, product_uom_id: v.product_uom,
        quantity: v.qty_to_invoice, discount: v.discount, price_unit: v.price_unit, tax_ids: [[6, 0, lineTaxIds(this, [id]).get(id) ?? []]],
        sale_line_ids: [[4, id]], is_downpayment: !!v.is_downpayment,
      };
      const analytic = this.env.model('sale.order').sudo().browse([v.order_id as number]).get('analytic_account_id');
      if (v.analytic_distribution && !v.display_type) res.analytic_distribution = { ...(v.analytic_distribution as Row) };
      if (analytic && !v.display_type) {
        const dist = (res.analytic_distribution ?? {}) as Record<string, number>;
        dist[String(analytic)] = (dist[String(analytic)] ?? 0) + 100;
        res.analytic_distribution = dist;
      }
      Object.assign(res, optional);
      if (v.display_type) res.account_id = false;
      return res;
    }
  },
};

/** The ids set by many2many commands given at create ([(6, 0, ids)], [(4, id)], ids). */
function commandIds(value: unknown[]): number[] {
  if (value.every((x) => typeof x === 'number')) return value as number[];
  let out: number[] = [];
  for (const cmd of value) {
    if (!Array.isArray(cmd)) continue;
    if (cmd[0] === 6) out = [...((cmd[2] as number[]) ?? [])];
    else if (cmd[0] === 4) out.push(cmd[1] as number);
  }
  return out;
}

/** str() of a Python float in messages ("1.0", "2.5"). */
function pyFloat(v: unknown): string {
  const n = Number(v) || 0;
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

