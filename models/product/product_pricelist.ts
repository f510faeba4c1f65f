/**
 * Pricelists and their rules (product/models/product_pricelist.py, product_pricelist_item.py).
 *
 * The price of a product in a pricelist is given by the first applicable rule in the rules'
 * `_order` (variant rules, then product, category and global ones; higher minimum quantities
 * first): a fixed price, a percentage off the base price, or a formula; without a rule, the
 * product's sales price (plus attribute extras) in the requested unit and currency.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { floatRound } from '../tools/float_utils';
import { companyCurrencyOf, convertCurrency, formatAmount } from '../tools/currency';
import { nowUtc } from '../orm/fields';
import type { Clock } from '../tools/clock';

export interface PriceOptions {
  /** Unit the quantity and the price are expressed in (default: the product's unit). */
  uom?: AnyModel | null;
  /** Currency of the result (default: the pricelist's, else the company's). */
  currency?: number | false;
  /** Date of the rules' validity and of currency conversions ('YYYY-MM-DD[ HH:MM:SS]'). */
  date?: unknown;
  computePrice?: boolean;
}

function companyCurrency(m: BaseModel): number {
  const company = m.env.companyInfo().companyId || 1;
  return companyCurrencyOf(m.env, company) ?? 1;
}

export const productPricelist: ModelDecl = {
  _name: 'product.pricelist',
  _inherit: ['mail.thread', 'mail.activity.mixin'],
  _description: 'Pricelist',
  _rec_names_search: ['name', 'currency_id'],
  _order: 'sequence asc, id asc',
  fields: {
    name: { type: 'char', string: 'Pricelist Name', required: true, translate: true },
    active: { type: 'boolean', string: 'Active', default: true, help: 'If unchecked, it will allow you to hide the pricelist without removing it.' },
    sequence: { type: 'integer', string: 'Sequence', default: 16 },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', required: true, default: (m: BaseModel) => companyCurrency(m), tracking: 1 },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId || false, tracking: 5 },
    discount_policy: {
      type: 'selection', string: 'Discount Policy', required: true, default: 'with_discount', tracking: 15,
      selection: [['with_discount', 'Discount included in the price'], ['without_discount', 'Show public price & discount to the customer']],
    },
    item_ids: {
      type: 'one2many', comodel: 'product.pricelist.item', inverse_name: 'pricelist_id', string: 'Pricelist Rules', copy: true,
      domain: ['&', '|', ['product_tmpl_id', '=', null], ['product_tmpl_id.active', '=', true], '|', ['product_id', '=', null], ['product_id.active', '=', true]],
    },
  },
  rpc: {},
  methods: (Base) => class extends Base {
    /** "Public Pricelist (USD)". */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'currency_id']);
      const curs = this.env.model('res.currency').sudo().browse([...new Set([...vals.values()].map((v) => v.currency_id as number))])._values(['name']);
      return new Map(this.ids.map((id) => [id, `${vals.get(id)!.name} (${curs.get(vals.get(id)!.currency_id as number)?.name ?? false})`]));
    }
    copy_data(dflt: unknown = null): Vals[] {
      const d = { ...((dflt ?? {}) as Vals) };
      return this.ids.map((id) => {
        const extra: Vals = d.name ? {} : { name: `${this.browse([id]).get('name')} (copy)` };
        return super.copy_data.call(this.browse([id]), { ...d, ...extra })[0];
      });
    }
    unlink(): boolean {
      const linked = this.env.model('product.pricelist.item').sudo().withContext({ active_test: false })._searchIds([
        ['base', '=', 'pricelist'], ['base_pricelist_id', 'in', this.ids], ['pricelist_id', 'not in', this.ids],
      ]);
      if (linked.length) {
        const items = this.env.model('product.pricelist.item').sudo().browse(linked)._values(['base_pricelist_id', 'pricelist_id']);
        const names = (key: string) => [...new Set([...items.values()].map((v) => v[key] as number))].map((p) => this.sudo().browse([p])._displayNames().get(p)).join('\n');
        throw new UserError(`You cannot delete those pricelist(s):\n(${names('base_pricelist_id')})\n, they are used in other pricelist(s):\n${names('pricelist_id')}`);
      }
      return super.unlink();
    }

    /** Unit price of a product (product.product or product.template) for a quantity (_get_product_price). */
    _get_product_price(product: AnyModel, quantity: number, opts: PriceOptions = {}): number {
      return this._compute_price_rule(product, quantity, opts).get(product.ids[0])![0];
    }
    /** [price, rule id or false] of a product (_get_product_price_rule). */
    _get_product_price_rule(product: AnyModel, quantity: number, opts: PriceOptions = {}): [number, number | false] {
      return this._compute_price_rule(product, quantity, opts).get(product.ids[0])!;
    }
    _get_product_rule(product: AnyModel, quantity: number, opts: PriceOptions = {}): number | false {
      return this._compute_price_rule(product, quantity, { ...opts, computePrice: false }).get(product.ids[0])![1];
    }

    /** product id → [price, applied rule] for one pricelist (or none) and many products (_compute_price_rule). */
    _compute_price_rule(products: AnyModel, quantity: number, opts: PriceOptions = {}): Map<number, [number, number | false]> {
      const out = new Map<number, [number, number | false]>();
      if (!products.ids.length) return out;
      const pricelistId = this.ids[0] as number | undefined;
      const plCurrency = pricelistId ? this.sudo().browse([pricelistId]).get('currency_id') as number : false;
      const currency = opts.currency || plCurrency || companyCurrency(this);
      const date = normalizeDate(opts.date, this.env.cr);
      const rules = pricelistId ? this._get_applicable_rules(products, date) : [];
      const Item = this.env.model('product.pricelist.item').sudo().withContext({ active_test: false });
      const pvals = products.sudo()._values(['uom_id']);
      for (const pid of products.ids) {
        const product = products.browse([pid]);
        const productUom = pvals.get(pid)?.uom_id as number;
        const targetUom = opts.uom && opts.uom.ids.length ? opts.uom : this.env.model('uom.uom').browse([productUom]);
        const qtyInProductUom = targetUom.ids[0] !== productUom
          ? targetUom._compute_quantity(quantity, this.env.model('uom.uom').browse([productUom]), true, 'UP', false)
          : quantity;
        let rule: number | false = false;
        for (const r of rules) {
          if (Item.browse([r])._is_applicable_for(product, qtyInProductUom)) { rule = r; break; }
        }
        const price = opts.computePrice === false ? 0.0
          : Item.browse(rule ? [rule] : [])._compute_price(product, quantity, targetUom, date, currency);
        out.set(pid, [price, rule]);
      }
      return out;
    }

    /** Rules of this pricelist that may apply to the products at the date, in the rules' order. */
    _get_applicable_rules(products: AnyModel, date: string): number[] {
      const isTemplate = products._name === 'product.template';
      const vals = products.sudo().withContext({ active_test: false })._values(isTemplate ? ['categ_id'] : ['categ_id', 'product_tmpl_id']);
      const templates = isTemplate ? products.ids : [...new Set([...vals.values()].map((v) => v.product_tmpl_id as number))];
      const categs = [...new Set([...vals.values()].map((v) => v.categ_id as number))];
      return this.env.model('product.pricelist.item').sudo().withContext({ active_test: false })._searchIds([
        ['pricelist_id', '=', this.ids[0]],
        '|', ['categ_id', '=', false], ['categ_id', 'parent_of', categs],
        '|', ['product_tmpl_id', '=', false], ['product_tmpl_id', 'in', templates],
        '|', ['product_id', '=', false], isTemplate ? ['product_id.product_tmpl_id', 'in', products.ids] : ['product_id', 'in', products.ids],
        '|', ['date_start', '=', false], ['date_start', '<=', date],
        '|', ['date_end', '=', false], ['date_end', '>=', date],
      ], { order: 'applied_on, min_quantity desc, categ_id desc, id desc' });
    }

    /**
     * The pricelist of each partner (_get_partner_pricelist_multi): the one set on the partner,
     * else the first active pricelist of the company (or shared) without country group.
     */
    _get_partner_pricelist_multi(partnerIds: number[]): Map<number, number | false> {
      const company = this.env.companyInfo().companyId || 1;
      const out = new Map<number, number | false>();
      const P = this.sudo().withContext({ active_test: true });
      const specific = this.env.model('res.partner').sudo().withContext({ active_test: false }).browse(partnerIds)._values(['specific_property_product_pricelist']);
      // asked for every new order of a customer without a pricelist of their own: kept across
      // calls while the pricelists are unchanged (a superuser search: no rule, no reader)
      const fallback = () => this.env.crossCall(`product.pricelist.fallback:${company}`, () =>
        P._searchIds([['active', '=', true], ['company_id', 'in', [company, false]]], { limit: 1, order: 'sequence asc, id asc' })[0] ?? false);
      let fb: number | false | undefined;
      for (const pid of partnerIds) {
        const own = specific.get(pid)?.specific_property_product_pricelist as number | false;
        if (own && P.browse([own]).exists().ids.length && P.browse([own]).get('active')) { out.set(pid, own); continue; }
        fb ??= fallback();
        out.set(pid, fb);
      }
      return out;
    }
  },
};

/** A date or datetime given by a caller as the comparison value of rule validity. */
function normalizeDate(d: unknown, cr: { clock: Clock }): string {
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d)) return d.length === 10 ? `${d} 00:00:00` : d.slice(0, 19);
  return nowUtc(cr);
}

export const productPricelistItem: ModelDecl = {
  _name: 'product.pricelist.item',
  _description: 'Pricelist Rule',
  _order: 'applied_on, min_quantity desc, categ_id desc, id desc',
  fields: {
    pricelist_id: {
      type: 'many2one', comodel: 'product.pricelist', string: 'Pricelist', index: true, ondelete: 'cascade', required: true,
      default: (m: BaseModel) => {
        const company = m.env.companyInfo().companyId || false;
        return m.env.model('product.pricelist')._searchIds(['|', ['company_id', '=', false], ['company_id', '=', company]], { limit: 1, order: 'sequence asc, id asc' })[0] ?? false;
      },
    },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'pricelist_id.company_id', store: true, readonly: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'pricelist_id.currency_id', store: true, readonly: true },
    date_start: { type: 'datetime', string: 'Start Date' },
    date_end: { type: 'datetime', string: 'End Date' },
    min_quantity: { type: 'float', string: 'Min. Quantity', default: 0, digits: [16, 2] },
    applied_on: {
      type: 'selection', string: 'Apply On', default: '3_global', required: true,
      selection: [['3_global', 'All Products'], ['2_product_category', 'Product Category'], ['1_product', 'Product'], ['0_product_variant', 'Product Variant']],
    },
    categ_id: { type: 'many2one', comodel: 'product.category', string: 'Product Category', ondelete: 'cascade' },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product', ondelete: 'cascade', check_company: true },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product Variant', ondelete: 'cascade', check_company: true },
    base: {
      type: 'selection', string: 'Based on', default: 'list_price', required: true,
      selection: [['list_price', 'Sales Price'], ['standard_price', 'Cost'], ['pricelist', 'Other Pricelist']],
    },
    base_pricelist_id: { type: 'many2one', comodel: 'product.pricelist', string: 'Other Pricelist', check_company: true },
    compute_price: { type: 'selection', string: 'Compute Price', selection: [['fixed', 'Fixed Price'], ['percentage', 'Discount'], ['formula', 'Formula']], index: true, default: 'fixed', required: true },
    fixed_price: { type: 'float', string: 'Fixed Price', digits: [16, 2] },
    percent_price: { type: 'float', string: 'Percentage Price' },
    price_discount: { type: 'float', string: 'Price Discount', default: 0, digits: [16, 2] },
    price_round: { type: 'float', string: 'Price Rounding', digits: [16, 2] },
    price_surcharge: { type: 'float', string: 'Price Surcharge', digits: [16, 2] },
    price_min_margin: { type: 'float', string: 'Min. Price Margin', digits: [16, 2] },
    price_max_margin: { type: 'float', string: 'Max. Price Margin', digits: [16, 2] },
    name: { type: 'char', string: 'Name', compute: '_compute_name_and_price', depends: ['applied_on', 'categ_id', 'product_tmpl_id', 'product_id', 'compute_price', 'fixed_price', 'pricelist_id', 'percent_price', 'price_discount', 'price_surcharge'] },
    price: { type: 'char', string: 'Price', compute: '_compute_name_and_price', depends: ['applied_on', 'categ_id', 'product_tmpl_id', 'product_id', 'compute_price', 'fixed_price', 'pricelist_id', 'percent_price', 'price_discount', 'price_surcharge'] },
    rule_tip: { type: 'char', string: 'Rule Tip', compute: '_compute_rule_tip', depends: ['compute_price', 'price_discount', 'price_surcharge', 'base', 'price_round'] },
  },
  constrains: {
    _check_recursion: ['base_pricelist_id', 'pricelist_id', 'base'],
    _check_date_range: ['date_start', 'date_end'],
    _check_margin: ['price_min_margin', 'price_max_margin'],
    _check_product_consistency: ['product_id', 'product_tmpl_id', 'categ_id'],
  },
  methods: (Base) => class extends Base {
    _compute_name_and_price(field: { name: string }): Map<number, unknown> {
      const vals = this._values(['applied_on', 'categ_id', 'product_tmpl_id', 'product_id', 'compute_price', 'fixed_price', 'percent_price', 'price_discount', 'price_surcharge', 'currency_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (field.name === 'name') {
          const dn = (model: string, rid: unknown) => this.env.model(model).sudo().browse([rid as number])._displayNames().get(rid as number);
          if (v.categ_id && v.applied_on === '2_product_category') return [id, `Category: ${dn('product.category', v.categ_id)}`];
          if (v.product_tmpl_id && v.applied_on === '1_product') return [id, `Product: ${dn('product.template', v.product_tmpl_id)}`];
          if (v.product_id && v.applied_on === '0_product_variant') return [id, `Variant: ${dn('product.product', v.product_id)}`];
          return [id, 'All Products'];
        }
        if (v.compute_price === 'fixed') return [id, formatAmount(this.env, v.currency_id as number, Number(v.fixed_price))];
        if (v.compute_price === 'percentage') return [id, `${pyNum(v.percent_price)} % discount`];
        return [id, `${pyNum(v.price_discount)} % discount and ${pyNum(v.price_surcharge)} surcharge`];
      }));
    }
    _compute_rule_tip(): Map<number, unknown> {
      const vals = this._values(['compute_price', 'price_discount', 'price_surcharge', 'base', 'price_round', 'currency_id']);
      const bases: Record<string, string> = { list_price: 'Sales Price', standard_price: 'Cost', pricelist: 'Other Pricelist' };
      return new Map<number, unknown>(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.compute_price !== 'formula') return [id, false];
        const factor = (100 - Number(v.price_discount)) / 100;
        let discounted = 100 * factor;
        if (v.price_round) discounted = floatRound(discounted, { rounding: Number(v.price_round) });
        const fmt = (x: number) => formatAmount(this.env, v.currency_id as number, x);
        const surcharge = fmt(Number(v.price_surcharge));
        return [id, `${bases[v.base as string]} with a ${pyNum(v.price_discount)} % discount and ${surcharge} extra fee\nExample: ${fmt(100)} * ${pyNum(factor)} + ${surcharge} → ${fmt(discounted + Number(v.price_surcharge))}`];
      }));
    }
    _check_recursion(): void {
      for (const [, v] of this._values(['base', 'pricelist_id', 'base_pricelist_id'])) {
        if (v.base === 'pricelist' && v.pricelist_id && v.pricelist_id === v.base_pricelist_id) {
          throw new ValidationError('You cannot assign the Main Pricelist as Other Pricelist in PriceList Item');
        }
      }
    }
    _check_date_range(): void {
      for (const [id, v] of this._values(['date_start', 'date_end'])) {
        if (v.date_start && v.date_end && String(v.date_start) >= String(v.date_end)) {
          throw new ValidationError(`${this.browse([id])._displayNames().get(id)}: end date (${v.date_end}) should be greater than start date (${v.date_start})`);
        }
      }
    }
    _check_margin(): void {
      for (const [, v] of this._values(['price_min_margin', 'price_max_margin'])) {
        if (Number(v.price_min_margin) > Number(v.price_max_margin)) throw new ValidationError('The minimum margin should be lower than the maximum margin.');
      }
    }
    _check_product_consistency(): void {
      for (const [, v] of this._values(['applied_on', 'categ_id', 'product_tmpl_id', 'product_id'])) {
        if (v.applied_on === '2_product_category' && !v.categ_id) throw new ValidationError('Please specify the category for which this rule should be applied');
        if (v.applied_on === '1_product' && !v.product_tmpl_id) throw new ValidationError('Please specify the product for which this rule should be applied');
        if (v.applied_on === '0_product_variant' && !v.product_id) throw new ValidationError('Please specify the product variant for which this rule should be applied');
      }
    }
    /** The scope fields a rule does not use are emptied (product_pricelist_item.py create/write). */
    _clearScope(vals: Vals): Vals {
      const v = { ...vals };
      switch (v.applied_on) {
        case '3_global': Object.assign(v, { product_id: false, product_tmpl_id: false, categ_id: false }); break;
        case '2_product_category': Object.assign(v, { product_id: false, product_tmpl_id: false }); break;
        case '1_product': Object.assign(v, { product_id: false, categ_id: false }); break;
        case '0_product_variant': Object.assign(v, { categ_id: false }); break;
        default: break;
      }
      return v;
    }
    _create(valsList: Vals[]): this { return super._create(valsList.map((v) => this._clearScope(v))); }
    _write(vals: Vals): void { super._write(this._clearScope(vals)); }

    /** Whether this rule applies to the product at a quantity in the product's unit (_is_applicable_for). */
    _is_applicable_for(product: AnyModel, qtyInProductUom: number): boolean {
      const r = this.ensureOne().sudo()._values(['min_quantity', 'applied_on', 'categ_id', 'product_tmpl_id', 'product_id']).get(this.ids[0])!;
      const isTemplate = product._name === 'product.template';
      const p = product.sudo().withContext({ active_test: false });
      if (r.min_quantity && qtyInProductUom < Number(r.min_quantity)) return false;
      if (r.applied_on === '2_product_category') {
        const categ = p.get('categ_id') as number;
        if (categ === r.categ_id) return true;
        const paths = this.env.model('product.category').sudo().browse([categ, r.categ_id as number])._values(['parent_path']);
        return String(paths.get(categ)?.parent_path || '').startsWith(String(paths.get(r.categ_id as number)?.parent_path || '\0'));
      }
      if (isTemplate) {
        if (r.applied_on === '1_product' && product.ids[0] !== r.product_tmpl_id) return false;
        if (r.applied_on === '0_product_variant') {
          const variants = p.withContext({ active_test: true }).get('product_variant_ids') as number[];
          if (!(variants.length === 1 && variants[0] === r.product_id)) return false;
        }
      } else {
        if (r.applied_on === '1_product' && p.get('product_tmpl_id') !== r.product_tmpl_id) return false;
        if (r.applied_on === '0_product_variant' && product.ids[0] !== r.product_id) return false;
      }
      return true;
    }

    /** Unit price by this rule, or the base price when no rule applies (_compute_price). */
    _compute_price(product: AnyModel, quantity: number, uom: AnyModel, date: string, currency: number): number {
      const productUom = this.env.model('uom.uom').browse([product.sudo().withContext({ active_test: false }).get('uom_id') as number]);
      const convert = (p: number) => (productUom.ids[0] !== uom.ids[0] ? productUom._compute_price(p, uom) : p);
      if (!this.ids.length) return this._compute_base_price(product, quantity, uom, date, currency);
      const r = this.sudo()._values(['compute_price', 'fixed_price', 'percent_price', 'price_discount', 'price_round', 'price_surcharge', 'price_min_margin', 'price_max_margin']).get(this.ids[0])!;
      if (r.compute_price === 'fixed') return convert(Number(r.fixed_price));
      const base = this._compute_base_price(product, quantity, uom, date, currency);
      if (r.compute_price === 'percentage') return (base - base * (Number(r.percent_price) / 100)) || 0.0;
      let price = (base - base * (Number(r.price_discount) / 100)) || 0.0;
      if (r.price_round) price = floatRound(price, { rounding: Number(r.price_round) });
      if (r.price_surcharge) price += convert(Number(r.price_surcharge));
      if (r.price_min_margin) price = Math.max(price, base + convert(Number(r.price_min_margin)));
      if (r.price_max_margin) price = Math.min(price, base + convert(Number(r.price_max_margin)));
      return price;
    }

    /** The price a rule starts from: sales price, cost or another pricelist, in `currency` (_compute_base_price). */
    _compute_base_price(product: AnyModel, quantity: number, uom: AnyModel, date: string, currency: number): number {
      const r = this.ids.length ? this.sudo()._values(['base', 'base_pricelist_id']).get(this.ids[0])! : { base: 'list_price', base_pricelist_id: false };
      const base = (r.base as string) || 'list_price';
      const p = product.sudo().withContext({ ...this.env.context, active_test: false });
      let price: number;
      let src: number;
      if (base === 'pricelist' && r.base_pricelist_id) {
        const other = this.env.model('product.pricelist').browse([r.base_pricelist_id as number]);
        src = other.sudo().get('currency_id') as number;
        price = other._get_product_price(product, quantity, { currency: src, uom, date });
      } else if (base === 'standard_price') {
        src = p.get('cost_currency_id') as number;
        price = p._price_compute('standard_price', uom).get(product.ids[0]) ?? 0;
      } else {
        src = p.get('currency_id') as number;
        price = p._price_compute('list_price', uom).get(product.ids[0]) ?? 0;
      }
      if (src !== currency) price = convertCurrency(this.env, price, src, currency, this.env.companyInfo().companyId, date, false);
      return price;
    }

    /** For "show discount" pricelists: the base price of the last rule in a chain of such pricelists. */
    _compute_price_before_discount(product: AnyModel, quantity: number, uom: AnyModel, date: string, currency: number): number {
      let rule: AnyModel = this;
      if (rule.ids.length && rule.sudo().rel('pricelist_id').get('discount_policy') === 'without_discount') {
        for (;;) {
          const v = rule.sudo()._values(['base', 'base_pricelist_id']).get(rule.ids[0])!;
          if (v.base !== 'pricelist' || !v.base_pricelist_id) break;
          const basePl = this.env.model('product.pricelist').browse([v.base_pricelist_id as number]);
          if (basePl.sudo().get('discount_policy') !== 'without_discount') break;
          const next = basePl._get_product_rule(product, quantity, { uom, date, currency });
          rule = this.env.model('product.pricelist.item').browse(next ? [next] : []);
          if (!rule.ids.length) break;
        }
      }
      return rule._compute_base_price(product, quantity, uom, date, currency);
    }
  },
};

/** Python's str() of a float field value in messages ("10.0 % discount"). */
function pyNum(v: unknown): string {
  const n = Number(v) || 0;
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
