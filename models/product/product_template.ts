/**
 * product.template and product.product (product/models/product_template.py, product_product.py).
 *
 * A variant delegates to its template (`_inherits`), so the template's fields read through the
 * variant. Creating a template creates its variants: one without attributes, else one per valid
 * combination of attribute values (`_create_variant_ids`, same order and same ids as Odoo, which
 * the demo data relies on). Fields that exist on both (default_code, barcode, standard_price,
 * volume, weight) are the single variant's values seen from the template.
 */
import type { Environment } from '../orm/environment';
import { createReadingTargets } from '../tools/missing';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import { UserError, ValidationError } from '../orm/exceptions';
import { companyCurrencyOf, convertCurrency } from '../tools/currency';
import { DataLoader } from '../tools/data_loader';
import { AND, OR } from '../orm/domain';
import { translatedSql } from '../orm/translate';

/**
 * The end of price_compute (templates and variants alike): the price in `uom` when one is given,
 * then in `currency` at the context's date (today by default) when it differs from the price's.
 */
function priceInUomAndCurrency(env: Environment, price: number, uomId: number, uom: AnyModel | null | undefined, priceCurrency: number, currency: AnyModel | null | undefined): number {
  if (uom && uom.ids.length) price = env.model('uom.uom').sudo().browse([uomId])._compute_price(price, uom);
  if (currency && currency.ids.length && currency.ids[0] !== priceCurrency) {
    const companyId = env.companyInfo().companyId;
    price = convertCurrency(env, price, priceCurrency, currency.ids[0], companyId, String(env.context.date ?? new Date(env.cr.clock.now()).toISOString()).slice(0, 10));
  }
  return price;
}

export const PRODUCT_TYPES: Array<[string, string]> = [['consu', 'Consumable'], ['service', 'Service']];

/** Fields both models have: a template shows its single variant's value (product_template.py). */
const VARIANT_FIELDS = ['barcode', 'default_code', 'standard_price', 'volume', 'weight'];

const ids = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** type follows detailed_type and the other way round (product_template.py _sanitize_vals). */
function sanitizeVals(vals: Vals): Vals {
  const v = { ...vals };
  if ('type' in v && !('detailed_type' in v)) v.detailed_type = v.type;
  if ('detailed_type' in v && !('type' in v)) v.type = v.detailed_type;
  return v;
}

function refOrFalse(m: BaseModel, xmlid: string): number | false {
  return m.env.xmlidLookup(xmlid)?.[1] ?? false;
}

export const productTemplate: ModelDecl = {
  _name: 'product.template',
  _inherit: ['mail.thread', 'mail.activity.mixin'],
  _description: 'Product',
  _order: 'priority desc, name',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true, index: 'trigram' },
    sequence: { type: 'integer', string: 'Sequence', default: 1, help: 'Gives the sequence order when displaying a product list' },
    description: { type: 'html', string: 'Description', translate: true },
    description_purchase: { type: 'text', string: 'Purchase Description', translate: true },
    description_sale: {
      type: 'text', string: 'Sales Description', translate: true,
      help: 'A description of the Product that you want to communicate to your customers. This description will be copied to every Sales Order, Delivery Order and Customer Invoice/Credit Note',
    },
    detailed_type: { type: 'selection', string: 'Product Type', selection: PRODUCT_TYPES, default: 'consu', required: true },
    type: { type: 'selection', string: 'Type', selection: PRODUCT_TYPES, compute: '_compute_type', store: true, readonly: false, depends: ['detailed_type'] },
    categ_id: {
      type: 'many2one', comodel: 'product.category', string: 'Product Category', required: true, change_default: true,
      default: (m: BaseModel) => refOrFalse(m, 'product.product_category_all'),
    },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', compute: '_compute_currency_id', depends: ['company_id'] },
    cost_currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Cost Currency', compute: '_compute_cost_currency_id', depends: ['company_id'] },
    list_price: { type: 'float', string: 'Sales Price', default: 1.0, digits: [16, 2], help: 'Price at which the product is sold to customers.' },
    standard_price: {
      type: 'float', string: 'Cost', compute: '_compute_standard_price', inverse: '_set_standard_price', search: '_search_standard_price',
      depends: ['product_variant_ids.standard_price'], digits: [16, 2], groups: 'base.group_user',
    },
    volume: { type: 'float', string: 'Volume', compute: '_compute_volume', inverse: '_set_volume', store: true, depends: ['product_variant_ids.volume'], digits: [16, 2] },
    volume_uom_name: { type: 'char', string: 'Volume unit of measure label', compute: '_compute_volume_uom_name', depends: ['type'] },
    weight: { type: 'float', string: 'Weight', compute: '_compute_weight', inverse: '_set_weight', store: true, depends: ['product_variant_ids.weight'], digits: [16, 2] },
    weight_uom_name: { type: 'char', string: 'Weight unit of measure label', compute: '_compute_weight_uom_name', depends: ['type'] },
    sale_ok: { type: 'boolean', string: 'Can be Sold', default: true },
    purchase_ok: { type: 'boolean', string: 'Can be Purchased', default: true },
    uom_id: {
      type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', required: true,
      default: (m: BaseModel) => refOrFalse(m, 'uom.product_uom_unit'), help: 'Default unit of measure used for all stock operations.',
    },
    uom_name: { type: 'char', string: 'Unit of Measure Name', related: 'uom_id.name', readonly: true, translate: true },
    uom_po_id: {
      type: 'many2one', comodel: 'uom.uom', string: 'Purchase UoM', required: true,
      default: (m: BaseModel) => (m.env.context.default_uom_id as number | undefined) ?? refOrFalse(m, 'uom.product_uom_unit'),
      help: 'Default unit of measure used for purchase orders. It must be in the same category as the default unit of measure.',
    },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true },
    packaging_ids: { type: 'one2many', comodel: 'product.packaging', string: 'Product Packages', compute: '_compute_packaging_ids', depends: ['product_variant_ids', 'product_variant_ids.packaging_ids'], inverse_name: 'product_id' },
    seller_ids: { type: 'one2many', comodel: 'product.supplierinfo', inverse_name: 'product_tmpl_id', string: 'Vendors' },
    variant_seller_ids: { type: 'one2many', comodel: 'product.supplierinfo', inverse_name: 'product_tmpl_id', string: 'Variant Seller' },
    active: { type: 'boolean', string: 'Active', default: true, help: 'If unchecked, it will allow you to hide the product without removing it.' },
    color: { type: 'integer', string: 'Color Index' },
    is_product_variant: { type: 'boolean', string: 'Is a product variant', compute: '_compute_is_product_variant' },
    attribute_line_ids: { type: 'one2many', comodel: 'product.template.attribute.line', inverse_name: 'product_tmpl_id', string: 'Product Attributes', copy: true },
    valid_product_template_attribute_line_ids: {
      type: 'many2many', comodel: 'product.template.attribute.line', string: 'Valid Product Attribute Lines',
      compute: '_compute_valid_product_template_attribute_line_ids', depends: ['attribute_line_ids.value_ids'],
    },
    product_variant_ids: { type: 'one2many', comodel: 'product.product', inverse_name: 'product_tmpl_id', string: 'Products', required: true },
    product_variant_id: { type: 'many2one', comodel: 'product.product', string: 'Product', compute: '_compute_product_variant_id', depends: ['product_variant_ids'] },
    product_variant_count: { type: 'integer', string: '# Product Variants', compute: '_compute_product_variant_count', depends: ['product_variant_ids.product_tmpl_id'] },
    barcode: { type: 'char', string: 'Barcode', compute: '_compute_barcode', inverse: '_set_barcode', search: '_search_barcode', depends: ['product_variant_ids.barcode'] },
    default_code: { type: 'char', string: 'Internal Reference', compute: '_compute_default_code', inverse: '_set_default_code', store: true, depends: ['product_variant_ids.default_code'] },
    pricelist_item_count: { type: 'integer', string: 'Number of price rules', compute: '_compute_item_count' },
    can_image_1024_be_zoomed: { type: 'boolean', string: 'Can Image 1024 be zoomed', compute: '_compute_can_image_1024_be_zoomed', store: true, depends: ['image_1920', 'image_1024'] },
    has_configurable_attributes: {
      type: 'boolean', string: 'Is a configurable product', compute: '_compute_has_configurable_attributes', store: true,
      depends: ['attribute_line_ids', 'attribute_line_ids.value_ids', 'attribute_line_ids.attribute_id.create_variant', 'attribute_line_ids.attribute_id.display_type', 'attribute_line_ids.value_ids.is_custom'],
    },
    product_tooltip: { type: 'char', string: 'Product Tooltip', compute: '_compute_product_tooltip', depends: ['type'] },
    priority: { type: 'selection', string: 'Favorite', selection: [['0', 'Normal'], ['1', 'Favorite']], default: '0' },
    product_tag_ids: {
      type: 'many2many', comodel: 'product.tag', string: 'Product Template Tags',
      relation: 'product_tag_product_template_rel', column1: 'product_template_id', column2: 'product_tag_id',
    },
    image_1920: { type: 'binary', string: 'Image' },
    image_1024: { type: 'binary', string: 'Image 1024', related: 'image_1920', readonly: true },
    image_512: { type: 'binary', string: 'Image 512', related: 'image_1920', readonly: true },
    image_256: { type: 'binary', string: 'Image 256', related: 'image_1920', readonly: true },
    image_128: { type: 'binary', string: 'Image 128', related: 'image_1920', readonly: true },
  },
  constrains: { _check_uom: ['uom_id', 'uom_po_id'], _constrains_detailed_type: ['type', 'detailed_type'] },
  rpc: {
    action_open_label_layout: { api: 'multi', params: [] },
    open_pricelist_rules: { api: 'multi', params: [] },
    get_single_product_variant: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** Odoo reads categ_id while computing new records: MissingError for a missing one (tools/missing.ts). */
    create(valsList: unknown): this {
      return createReadingTargets(this, valsList, ['categ_id'], () => super.create(valsList));
    }
    // ---- computes ---------------------------------------------------------------------
    _compute_type(): Map<number, unknown> {
      const vals = this._values(['detailed_type']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.detailed_type ?? false]));
    }
    _compute_currency_id(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => {
        const company = vals.get(id)?.company_id as number | false;
        const cur = company ? companyCurrencyOf(this.env, company) : false;
        return [id, cur || (companyCurrencyOf(this.env, 'main') ?? false)];
      }));
    }
    _compute_cost_currency_id(): Map<number, unknown> {
      const vals = this._values(['company_id']);
      const envCompany = this.env.companyInfo().companyId || 1;
      return new Map(this.ids.map((id) => {
        const company = (vals.get(id)?.company_id as number | false) || envCompany;
        return [id, companyCurrencyOf(this.env, company) ?? false];
      }));
    }
    /** The single variant's value (archived ones count when no variant is active). */
    _fromVariant(fname: string, dflt: unknown = false): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        let variants = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ? AND active = 1 ORDER BY id', [id]).map((r) => r.id);
        if (!variants.length) variants = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ? ORDER BY id', [id]).map((r) => r.id);
        if (variants.length === 1) {
          out.set(id, this.env.model('product.product').sudo().browse(variants).get(fname));
        } else out.set(id, dflt);
      }
      return out;
    }
    _compute_standard_price(): Map<number, unknown> { return this._fromVariant('standard_price', 0); }
    _compute_volume(): Map<number, unknown> { return this._fromVariant('volume', 0); }
    _compute_weight(): Map<number, unknown> { return this._fromVariant('weight', 0); }
    _compute_barcode(): Map<number, unknown> { return this._fromVariant('barcode'); }
    _compute_default_code(): Map<number, unknown> { return this._fromVariant('default_code'); }
    /** Writes a template value down to its single variant (product_template.py _set_product_variant_field). */
    _setVariantField(fname: string, value: unknown): void {
      for (const id of this.ids) {
        let variants = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ? AND active = 1', [id]).map((r) => r.id);
        if (!variants.length) variants = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ?', [id]).map((r) => r.id);
        if (variants.length === 1) this.env.model('product.product').sudo().browse(variants)._write({ [fname]: value });
      }
    }
    _set_standard_price(_f: unknown, value: unknown): void { this._setVariantField('standard_price', value); }
    _set_volume(_f: unknown, value: unknown): void { this._setVariantField('volume', value); }
    _set_weight(_f: unknown, value: unknown): void { this._setVariantField('weight', value); }
    _set_barcode(_f: unknown, value: unknown): void { this._setVariantField('barcode', value); }
    _set_default_code(_f: unknown, value: unknown): void { this._setVariantField('default_code', value); }
    _search_standard_price(operator: string, value: unknown): Domain { return [['product_variant_ids.standard_price', operator, value]]; }
    _search_barcode(operator: string, value: unknown): Domain { return [['product_variant_ids.barcode', operator, value]]; }

    _compute_is_product_variant(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }
    _compute_valid_product_template_attribute_line_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.all<{ id: number }>(
        `SELECT l.id FROM product_template_attribute_line l WHERE l.product_tmpl_id = ? AND l.active = 1
           AND EXISTS (SELECT 1 FROM product_attribute_value_product_template_attribute_line_rel r WHERE r.product_template_attribute_line_id = l.id)
         ORDER BY l.sequence, l.attribute_id, l.id`, [id]).map((r) => r.id)]));
    }
    _compute_product_variant_id(): Map<number, unknown> {
      const vals = this._values(['product_variant_ids']);
      return new Map(this.ids.map((id) => [id, ids(vals.get(id)?.product_variant_ids)[0] ?? false]));
    }
    _compute_product_variant_count(): Map<number, unknown> {
      const vals = this._values(['product_variant_ids']);
      return new Map(this.ids.map((id) => [id, ids(vals.get(id)?.product_variant_ids).length]));
    }
    _compute_packaging_ids(): Map<number, unknown> {
      const vals = this._values(['product_variant_ids']);
      return new Map(this.ids.map((id) => {
        const variants = ids(vals.get(id)?.product_variant_ids);
        if (variants.length !== 1) return [id, []];
        return [id, this.env.cr.all<{ id: number }>('SELECT id FROM product_packaging WHERE product_id = ? ORDER BY sequence, product_id, id', [variants[0]]).map((r) => r.id)];
      }));
    }
    _compute_item_count(): Map<number, unknown> {
      const vals = this._values(['product_variant_ids']);
      return new Map(this.ids.map((id) => [id, this.env.model('product.pricelist.item').sudo()._searchIds([
        '&', '|', ['product_tmpl_id', '=', id], ['product_id', 'in', ids(vals.get(id)?.product_variant_ids)], ['pricelist_id.active', '=', true],
      ]).length]));
    }
    _compute_can_image_1024_be_zoomed(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }
    _compute_has_configurable_attributes(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const row = this.env.cr.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM product_template_attribute_line l JOIN product_attribute a ON a.id = l.attribute_id
            WHERE l.product_tmpl_id = ? AND l.active = 1 AND (a.create_variant = 'dynamic' OR a.display_type = 'multi' OR l.value_count >= 2
              OR EXISTS (SELECT 1 FROM product_attribute_value_product_template_attribute_line_rel r JOIN product_attribute_value v ON v.id = r.product_attribute_value_id
                          WHERE r.product_template_attribute_line_id = l.id AND v.is_custom = 1))`, [id]);
        return [id, (row?.n ?? 0) > 0];
      }));
    }
    _compute_product_tooltip(): Map<number, unknown> {
      const vals = this._values(['type']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.type === 'consu'
        ? "Consumables are physical products for which you don't manage the inventory level: they are always available." : '']));
    }
    _compute_weight_uom_name(): Map<number, unknown> {
      const lbs = this.env.model('ir.config_parameter').sudo().get_param('product.weight_in_lbs') === '1';
      const name = this.env.ref(lbs ? 'uom.product_uom_lb' : 'uom.product_uom_kgm', false)?.get('name') ?? false;
      return new Map(this.ids.map((id) => [id, name]));
    }
    _compute_volume_uom_name(): Map<number, unknown> {
      const feet = this.env.model('ir.config_parameter').sudo().get_param('product.volume_in_cubic_feet') === '1';
      const name = this.env.ref(feet ? 'uom.product_uom_cubic_foot' : 'uom.product_uom_cubic_meter', false)?.get('name') ?? false;
      return new Map(this.ids.map((id) => [id, name]));
    }
    /** "[FURN_6666] Acoustic Bloc Screens" (the code of the single variant). */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'default_code']);
      return new Map<number, unknown>(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (!v.name) return [id, false];
        return [id, `${v.default_code ? `[${v.default_code}] ` : ''}${v.name}`];
      }));
    }

    // ---- constraints --------------------------------------------------------------------
    _check_uom(): void {
      for (const [, v] of this._values(['uom_id', 'uom_po_id'])) {
        if (!v.uom_id || !v.uom_po_id) continue;
        const cats = this.env.model('uom.uom').sudo().browse([v.uom_id as number, v.uom_po_id as number])._values(['category_id']);
        if (cats.get(v.uom_id as number)?.category_id !== cats.get(v.uom_po_id as number)?.category_id) {
          throw new ValidationError('The default Unit of Measure and the purchase Unit of Measure must be in the same category.');
        }
      }
    }
    _constrains_detailed_type(): void {
      for (const [, v] of this._values(['type', 'detailed_type'])) {
        if (v.type !== v.detailed_type) throw new ValidationError("The Type of this product doesn't match the Detailed Type");
      }
    }

    // ---- create / write / copy ----------------------------------------------------------
    _create(valsList: Vals[]): this {
      const list = valsList.map(sanitizeVals);
      const templates = super._create(list);
      if (this.env.context.create_product_product !== false) templates._create_variant_ids();
      // values given for the variant fields go down to the variant just created
      templates.ids.forEach((id, i) => {
        const related: Vals = {};
        for (const f of VARIANT_FIELDS) if (list[i][f]) related[f] = list[i][f];
        if (Object.keys(related).length) this.browse([id])._write(related);
      });
      return templates;
    }
    _write(vals: Vals): void {
      const v = sanitizeVals(vals);
      if (('uom_id' in v || 'uom_po_id' in v) && this.ids.length) {
        // a purchase unit of another category follows the sales unit (product_template.py write)
        const cur = this._values(['uom_id', 'uom_po_id']).get(this.ids[0]);
        const uom = (v.uom_id as number) || (cur?.uom_id as number);
        const uomPo = (v.uom_po_id as number) || (cur?.uom_po_id as number);
        if (uom && uomPo) {
          const cats = this.env.model('uom.uom').sudo().browse([uom, uomPo])._values(['category_id']);
          if (cats.get(uom)?.category_id !== cats.get(uomPo)?.category_id) v.uom_po_id = uom;
        }
      }
      super._write(v);
      // stored fields with an inverse: the column is written, and the value goes down to the variant
      for (const f of VARIANT_FIELDS) if (f in v && this.cls._fields[f].column) this._setVariantField(f, v[f]);
      const noVariants = v.active && this.ids.some((id) => !this.env.cr.get('SELECT 1 AS x FROM product_product WHERE product_tmpl_id = ? AND active = 1', [id]));
      if ((this.env.context.create_product_product !== false && 'attribute_line_ids' in v) || noVariants) this._create_variant_ids();
      if ('active' in v && !v.active) {
        const variants = this.env.cr.all<{ id: number }>(`SELECT id FROM product_product WHERE product_tmpl_id IN (${this.ids.map(() => '?').join(',')})`, this.ids).map((r) => r.id);
        if (variants.length) this.env.model('product.product').sudo().withContext({ active_test: false }).browse(variants)._write({ active: false });
      }
    }
    copy_data(dflt: unknown = null): Vals[] {
      const d = { ...((dflt ?? {}) as Vals) };
      return this.ids.map((id) => {
        const rec = this.browse([id]);
        const extra: Vals = 'name' in d ? {} : { name: `${rec.get('name')} (copy)` };
        return super.copy_data.call(rec, { ...extra, ...d })[0];
      });
    }

    // ---- variants -----------------------------------------------------------------------
    /**
     * Create the missing variants of each template, reactivate the existing valid ones and
     * remove the others (product_template.py _create_variant_ids): new variants are created
     * before the old ones go, in the order of the combinations (lines by sequence, values
     * by the attribute values' order).
     */
    _create_variant_ids(): boolean {
      if (!this.ids.length) return true;
      const Product = this.env.model('product.product').sudo().withContext({ ...this.env.context, active_test: false });
      const PTAV = this.env.model('product.template.attribute.value').sudo().withContext({ active_test: false });
      const toCreate: Vals[] = [];
      const toActivate: number[] = [];
      const toUnlink: number[] = [];
      for (const tmplId of this.ids) {
        const tmpl = this.sudo().browse([tmplId]);
        const lineIds = tmpl._compute_valid_product_template_attribute_line_ids().get(tmplId) as number[];
        const lines = this.env.model('product.template.attribute.line').sudo().withContext({ active_test: false }).browse(lineIds);
        const lineInfo = lines._values(['attribute_id']);
        const attrs = this.env.model('product.attribute').sudo().browse([...new Set([...lineInfo.values()].map((l) => l.attribute_id as number))])._values(['create_variant', 'display_type']);
        const variantLines = lineIds.filter((l) => attrs.get(lineInfo.get(l)!.attribute_id as number)?.create_variant !== 'no_variant');
        // values in creation order, as Odoo iterates a line's values right after creating them
        const activeValues = (line: number) => PTAV._searchIds([['attribute_line_id', '=', line], ['ptav_active', '=', true]], { order: 'id' });
        // variants, archived first then newest first (Odoo sorts by (active, -id)), keyed by combination
        const all = this.env.cr.all<{ id: number; active: number }>('SELECT id, active FROM product_product WHERE product_tmpl_id = ?', [tmplId])
          .sort((a, b) => a.active - b.active || b.id - a.id);
        const read = Product.browse(all.map((r) => r.id))._values(['product_template_attribute_value_ids']);
        const combos = new Map([...read].map(([id, v]) => [id, ids(v.product_template_attribute_value_ids)]));
        // a line with a single value is added to every variant rather than recreating them
        const singleLines = variantLines.filter((l) => activeValues(l).length === 1);
        if (singleLines.length) {
          const singles = singleLines.flatMap(activeValues);
          for (const { id } of all) {
            const combo = [...new Set([...(combos.get(id) ?? []), ...singles])];
            const comboLines = PTAV.browse(combo)._values(['attribute_line_id']);
            const covered = new Set([...comboLines.values()].map((v) => v.attribute_line_id));
            if (combo.length === variantLines.length && variantLines.every((l) => covered.has(l))) {
              Product.browse([id])._write({ product_template_attribute_value_ids: [[6, 0, combo]] });
              combos.set(id, combo);
            }
          }
        }
        const key = (combo: number[]) => [...combo].sort((a, b) => a - b).join(',');
        const existing = new Map<string, number>();
        for (const { id } of all) existing.set(key(combos.get(id) ?? []), id);
        const activate: number[] = [];
        const dynamic = [...attrs.values()].some((a) => a.create_variant === 'dynamic');
        const possible = (combo: number[]) => tmpl._isCombinationPossibleByConfig(combo, variantLines);
        if (!dynamic) {
          for (const combo of cartesian(variantLines.map(activeValues))) {
            if (!possible(combo)) continue;
            const hit = existing.get(key(combo));
            if (hit !== undefined) activate.push(hit);
            else toCreate.push({ product_tmpl_id: tmplId, product_template_attribute_value_ids: [[6, 0, combo]], active: tmpl.get('active') });
          }
        } else {
          for (const [k, id] of existing) if (possible(k ? k.split(',').map(Number) : [])) activate.push(id);
        }
        toActivate.push(...activate);
        toUnlink.push(...all.map((r) => r.id).filter((id) => !activate.includes(id)));
      }
      const inactive = toActivate.filter((id) => !this.env.cr.get('SELECT 1 AS x FROM product_product WHERE id = ? AND active = 1', [id]));
      if (inactive.length) Product.browse(inactive)._write({ active: true });
      if (toCreate.length) Product.withContext({ ...this.env.context, create_product_product: false })._create(toCreate);
      if (toUnlink.length) {
        Product.browse(toUnlink)._unlink_or_archive(false);
        if (this.exists().ids.length !== this.ids.length) {
          throw new UserError('This configuration of product attributes, values, and exclusions would lead to no possible variant. Please archive or delete your product directly if intended.');
        }
      }
      this.env.cache.invalidate();
      return true;
    }

    /** A combination (one active value per variant line) that no exclusion of this template forbids. */
    _isCombinationPossibleByConfig(combo: number[], variantLines: number[]): boolean {
      const PTAV = this.env.model('product.template.attribute.value').sudo().withContext({ active_test: false });
      const info = PTAV.browse(combo)._values(['attribute_line_id', 'ptav_active', 'attribute_id']);
      const attrs = this.env.model('product.attribute').sudo().browse([...new Set([...info.values()].map((v) => v.attribute_id as number))])._values(['display_type']);
      const nonMulti = combo.filter((p) => attrs.get(info.get(p)?.attribute_id as number)?.display_type !== 'multi');
      const lines = new Set(nonMulti.map((p) => info.get(p)?.attribute_line_id));
      if (nonMulti.length !== variantLines.length || !variantLines.every((l) => lines.has(l))) return false;
      if (combo.some((p) => !info.get(p)?.ptav_active)) return false;
      const tmplId = this.ids[0];
      const excluded = new Set<number>();
      for (const p of combo) {
        const rows = this.env.cr.all<{ v: number }>(
          `SELECT r.product_template_attribute_value_id AS v FROM product_template_attribute_exclusion e
             JOIN product_attr_exclusion_value_ids_rel r ON r.product_template_attribute_exclusion_id = e.id
             JOIN product_template_attribute_value pv ON pv.id = r.product_template_attribute_value_id
            WHERE e.product_template_attribute_value_id = ? AND e.product_tmpl_id = ? AND pv.ptav_active = 1`, [p, tmplId]);
        for (const r of rows) excluded.add(r.v);
      }
      return !combo.some((p) => excluded.has(p));
    }

    /** Data files: give xml ids to the variants of combinations given by the values' xml ids. */
    _demo_name_variants(tmplId: number, spec: Array<[string, string[]]>): void {
      const tmpl = this.sudo().browse([tmplId]);
      for (const [xmlid, values] of spec) {
        const variant = tmpl._get_variant_for_combination(values.map((v) => this.env.refId(v)));
        if (!variant.ids.length || this.env.xmlidLookup(xmlid)) continue;
        new DataLoader(this.env, xmlid.split('.')[0]).register(xmlid, 'product.product', variant.ids[0], true);
      }
    }

    /** The variant of a combination of template values (product_template.py _get_variant_for_combination). */
    _get_variant_for_combination(combination: number[]): AnyModel {
      const tmplId = this.ensureOne().ids[0];
      const PTAV = this.env.model('product.template.attribute.value').sudo();
      const info = PTAV.browse(combination)._values(['attribute_id']);
      const attrs = this.env.model('product.attribute').sudo().browse([...new Set([...info.values()].map((v) => v.attribute_id as number))])._values(['create_variant']);
      const filtered = combination.filter((p) => attrs.get(info.get(p)?.attribute_id as number)?.create_variant !== 'no_variant');
      const key = [...filtered].sort((a, b) => a - b).join(',');
      const row = this.env.cr.get<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ? AND combination_indices IS ? AND active = 1', [tmplId, key || null])
        ?? this.env.cr.get<{ id: number }>("SELECT id FROM product_product WHERE product_tmpl_id = ? AND COALESCE(combination_indices, '') = ? AND active = 1", [tmplId, key]);
      return this.env.model('product.product').browse(row ? [row.id] : []);
    }

    /**
     * Price of each template in the requested unit and currency (product_template.py
     * _price_compute): list_price (plus the extras of the configured attribute values in
     * context) or standard_price.
     */
    _price_compute(priceType: string, uom: AnyModel | null = null, currency: AnyModel | null = null): Map<number, number> {
      const out = new Map<number, number>();
      const vals = this.sudo()._values([priceType, 'uom_id', 'currency_id', 'cost_currency_id', 'product_variant_ids']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        let price = Number(v[priceType]) || 0;
        let priceCurrency = v.currency_id as number;
        if (priceType === 'standard_price') {
          const variants = ids(v.product_variant_ids);
          if (!price && variants.length) price = Number(this.env.model('product.product').sudo().browse([variants[0]]).get('standard_price')) || 0;
          priceCurrency = v.cost_currency_id as number;
        } else if (priceType === 'list_price') {
          const extras = this.env.context.current_attributes_price_extra;
          if (Array.isArray(extras)) price += extras.reduce((s: number, x) => s + (Number(x) || 0), 0);
        }
        out.set(id, priceInUomAndCurrency(this.env, price, v.uom_id as number, uom, priceCurrency, currency));
      }
      return out;
    }

    // ---- name search -------------------------------------------------------------------
    /** Templates found through their variants' codes and names (product_template.py _name_search). */
    name_search(name: unknown = '', args: unknown = null, operator: unknown = 'ilike', limit: unknown = 100): Array<[number, string | false]> {
      const text = typeof name === 'string' ? name : '';
      const domain = (Array.isArray(args) ? args : []) as Domain;
      if (!text || domain.some((t) => Array.isArray(t) && t[0] === 'id')) return super.name_search(name, args, operator, limit);
      const lim = typeof limit === 'number' && limit > 0 ? limit : null;
      const variantIds = this.env.model('product.product').withContext({ ...this.env.context, active_test: true })._nameSearchIds(text, [], String(operator), null);
      const tmplIds = new Set([...this.env.model('product.product').sudo().browse(variantIds)._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number));
      // templates without an active variant are found by their own name
      const without = this._searchIds(AND([domain, [['name', String(operator), text]], [['product_variant_ids', '=', false]]]));
      for (const t of without) tmplIds.add(t);
      const found = this._searchIds(AND([domain, [['id', 'in', [...tmplIds]]]]), { limit: lim, order: this.cls._order });
      const names = this.browse(found)._displayNames();
      return found.map((id) => [id, names.get(id) ?? false]);
    }

    // ---- actions ------------------------------------------------------------------------
    open_pricelist_rules(): Vals {
      const id = this.ensureOne().ids[0];
      const variants = ids(this.get('product_variant_ids'));
      return {
        name: 'Price Rules', view_mode: 'tree,form', res_model: 'product.pricelist.item', type: 'ir.actions.act_window', target: 'current',
        views: [[false, 'tree'], [false, 'form']],
        domain: ['|', ['product_tmpl_id', '=', id], ['product_id', 'in', variants]],
        context: { default_product_tmpl_id: id, default_applied_on: '1_product', product_without_variants: variants.length === 1, search_default_visible: true },
      };
    }
    action_open_label_layout(): Vals {
      return { type: 'ir.actions.act_window', res_model: 'product.label.layout', views: [[false, 'form']], target: 'new', context: { default_product_tmpl_ids: this.ids } };
    }
    get_single_product_variant(): Vals {
      const variants = ids(this.ensureOne().get('product_variant_ids'));
      if (variants.length === 1) return { product_id: variants[0], product_name: this.env.model('product.product').browse(variants)._displayNames().get(variants[0]) };
      return {};
    }
  },
};

/** itertools.product over lists: the first list varies slowest. */
function cartesian(lists: number[][]): number[][] {
  let out: number[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((x) => [...prefix, x]));
  return out;
}

export const productProduct: ModelDecl = {
  _name: 'product.product',
  _inherit: ['mail.thread', 'mail.activity.mixin'],
  _description: 'Product Variant',
  _inherits: { 'product.template': 'product_tmpl_id' },
  _order: 'priority desc, default_code, name, id',
  fields: {
    price_extra: { type: 'float', string: 'Variant Price Extra', compute: '_compute_product_price_extra', depends: ['product_template_attribute_value_ids.price_extra'], digits: [16, 2], help: 'This is the sum of the extra price of all attributes' },
    lst_price: { type: 'float', string: 'Sales Price', compute: '_compute_product_lst_price', inverse: '_set_product_lst_price', depends: ['list_price', 'price_extra'], digits: [16, 2] },
    default_code: { type: 'char', string: 'Internal Reference', index: true },
    code: { type: 'char', string: 'Reference', compute: '_compute_product_code' },
    partner_ref: { type: 'char', string: 'Customer Ref', compute: '_compute_partner_ref' },
    active: { type: 'boolean', string: 'Active', default: true, help: 'If unchecked, it will allow you to hide the product without removing it.' },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', auto_join: true, index: true, ondelete: 'cascade', required: true },
    barcode: { type: 'char', string: 'Barcode', copy: false, index: 'btree_not_null', help: 'International Article Number used for product identification.' },
    product_template_attribute_value_ids: {
      type: 'many2many', comodel: 'product.template.attribute.value', string: 'Attribute Values', ondelete: 'restrict',
      relation: 'product_variant_combination', column1: 'product_product_id', column2: 'product_template_attribute_value_id',
    },
    product_template_variant_value_ids: {
      type: 'many2many', comodel: 'product.template.attribute.value', string: 'Variant Values', ondelete: 'restrict',
      relation: 'product_variant_combination', column1: 'product_product_id', column2: 'product_template_attribute_value_id',
      domain: [['attribute_line_id.value_count', '>', 1]],
    },
    combination_indices: { type: 'char', string: 'Combination Indices', compute: '_compute_combination_indices', store: true, index: true, depends: ['product_template_attribute_value_ids'], readonly: true },
    is_product_variant: { type: 'boolean', string: 'Is Product Variant', compute: '_compute_is_product_variant' },
    standard_price: { type: 'float', string: 'Cost', company_dependent: true, digits: [16, 2], groups: 'base.group_user' },
    volume: { type: 'float', string: 'Volume', digits: [16, 2] },
    weight: { type: 'float', string: 'Weight', digits: [16, 2] },
    pricelist_item_count: { type: 'integer', string: 'Number of price rules', compute: '_compute_variant_item_count' },
    packaging_ids: { type: 'one2many', comodel: 'product.packaging', inverse_name: 'product_id', string: 'Product Packages', help: 'Gives the different ways to package the same product.' },
    additional_product_tag_ids: {
      type: 'many2many', comodel: 'product.tag', string: 'Additional Product Tags', domain: "[('id', 'not in', product_tag_ids)]",
      relation: 'product_tag_product_product_rel', column1: 'product_product_id', column2: 'product_tag_id',
    },
    all_product_tag_ids: { type: 'many2many', comodel: 'product.tag', string: 'All Product Tag', compute: '_compute_all_product_tag_ids', depends: ['product_tag_ids', 'additional_product_tag_ids'] },
    image_variant_1920: { type: 'binary', string: 'Variant Image' },
    image_variant_1024: { type: 'binary', string: 'Variant Image 1024', related: 'image_variant_1920', readonly: true },
    image_variant_512: { type: 'binary', string: 'Variant Image 512', related: 'image_variant_1920', readonly: true },
    image_variant_256: { type: 'binary', string: 'Variant Image 256', related: 'image_variant_1920', readonly: true },
    image_variant_128: { type: 'binary', string: 'Variant Image 128', related: 'image_variant_1920', readonly: true },
    can_image_variant_1024_be_zoomed: { type: 'boolean', string: 'Can Variant Image 1024 be zoomed', compute: '_compute_can_image_1024_be_zoomed', store: true, depends: ['image_variant_1920', 'image_variant_1024'] },
  },
  rpc: {
    get_product_multiline_description_sale: { api: 'multi', params: [] },
    open_product_template: { api: 'multi', params: [] },
    get_contextual_price: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_product_price_extra(): Map<number, unknown> {
      const vals = this._values(['product_template_attribute_value_ids']);
      const all = [...new Set([...vals.values()].flatMap((v) => ids(v.product_template_attribute_value_ids)))];
      const extras = this.env.model('product.template.attribute.value').sudo().withContext({ active_test: false }).browse(all)._values(['price_extra']);
      return new Map(this.ids.map((id) => [id, ids(vals.get(id)?.product_template_attribute_value_ids).reduce((s, p) => s + (Number(extras.get(p)?.price_extra) || 0), 0)]));
    }
    /** list_price + extras, in the context unit when `uom` is given (product_product.py). */
    _compute_product_lst_price(): Map<number, unknown> {
      const vals = this._values(['list_price', 'price_extra', 'uom_id']);
      const toUom = typeof this.env.context.uom === 'number' ? this.env.model('uom.uom').sudo().browse([this.env.context.uom]) : null;
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let list = Number(v.list_price) || 0;
        if (toUom) list = this.env.model('uom.uom').sudo().browse([v.uom_id as number])._compute_price(list, toUom);
        return [id, list + (Number(v.price_extra) || 0)];
      }));
    }
    _set_product_lst_price(_f: unknown, value: unknown): void {
      for (const [id, v] of this._values(['price_extra', 'uom_id'])) {
        let price = Number(value) || 0;
        if (typeof this.env.context.uom === 'number') {
          price = this.env.model('uom.uom').sudo().browse([this.env.context.uom])._compute_price(price, this.env.model('uom.uom').browse([v.uom_id as number]));
        }
        this.browse([id]).write({ list_price: price - (Number(v.price_extra) || 0) });
      }
    }
    _compute_combination_indices(): Map<number, unknown> {
      const vals = this._values(['product_template_attribute_value_ids']);
      return new Map(this.ids.map((id) => [id, [...ids(vals.get(id)?.product_template_attribute_value_ids)].sort((a, b) => a - b).join(',')]));
    }
    _compute_is_product_variant(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, true])); }
    _compute_product_code(): Map<number, unknown> {
      const vals = this._values(['default_code']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.default_code ?? false]));
    }
    _compute_partner_ref(): Map<number, unknown> {
      return this._displayNames() as Map<number, unknown>;
    }
    _compute_variant_item_count(): Map<number, unknown> {
      const vals = this._values(['product_tmpl_id']);
      return new Map(this.ids.map((id) => [id, this.env.model('product.pricelist.item').sudo()._searchIds([
        ['pricelist_id.active', '=', true], '|', '&', ['product_tmpl_id', '=', vals.get(id)?.product_tmpl_id], ['applied_on', '=', '1_product'],
        '&', ['product_id', '=', id], ['applied_on', '=', '0_product_variant'],
      ]).length]));
    }
    _compute_all_product_tag_ids(): Map<number, unknown> {
      const vals = this._values(['product_tag_ids', 'additional_product_tag_ids']);
      return new Map(this.ids.map((id) => [id, [...new Set([...ids(vals.get(id)?.product_tag_ids), ...ids(vals.get(id)?.additional_product_tag_ids)])]]));
    }
    _compute_can_image_1024_be_zoomed(): Map<number, unknown> { return new Map(this.ids.map((id) => [id, false])); }

    /**
     * "[FURN_0096] Customizable Desk (Steel, White)": the code, the name and the values of the
     * lines with more than one value (product_product.py _compute_display_name).
     */
    _compute_display_name(): Map<number, unknown> {
      const vals = this.sudo()._values(['name', 'default_code', 'product_template_attribute_value_ids']);
      const showCode = this.env.context.display_default_code !== false;
      const names = this._combinationNames([...vals.entries()].map(([id, v]) => [id, ids(v.product_template_attribute_value_ids)]));
      return new Map(this.ids.map((id) => {
        const v = vals.get(id);
        if (!v) return [id, false];
        const variant = names.get(id);
        const name = variant ? `${v.name} (${variant})` : v.name;
        return [id, showCode && v.default_code ? `[${v.default_code}] ${name}` : name];
      }));
    }
    /**
     * Names of the variant values of each combination, without no_variant attributes and
     * without lines that have a single value (product_template_attribute_value.py _get_combination_name).
     */
    _combinationNames(combos: Array<[number, number[]]>): Map<number, string> {
      const all = [...new Set(combos.flatMap(([, c]) => c))];
      const out = new Map<number, string>();
      if (!all.length) return out;
      const rows = this.env.cr.all<{ id: number; name: string; create_variant: string; line: number; active: number }>(
        `SELECT pv.id, ${translatedSql('v."name"', this.env)} AS name, a.create_variant, pv.attribute_line_id AS line, pv.ptav_active AS active
           FROM product_template_attribute_value pv JOIN product_attribute_value v ON v.id = pv.product_attribute_value_id
           JOIN product_attribute a ON a.id = pv.attribute_id
          WHERE pv.id IN (${all.map(() => '?').join(',')}) ORDER BY pv.attribute_line_id, pv.product_attribute_value_id, pv.id`, all);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const lineCount = (line: number, withArchived: boolean) => this.env.cr.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM product_template_attribute_value WHERE attribute_line_id = ?${withArchived ? '' : ' AND ptav_active = 1'}`, [line])!.n;
      for (const [id, combo] of combos) {
        const ptavs = rows.filter((r) => combo.includes(r.id) && r.create_variant !== 'no_variant');
        const withArchived = ptavs.some((r) => !r.active);
        const kept = ptavs.filter((r) => lineCount(r.line, withArchived) > 1);
        out.set(id, kept.map((r) => byId.get(r.id)!.name).join(', '));
      }
      return out;
    }

    // ---- create / write / unlink --------------------------------------------------------
    _create(valsList: Vals[]): this {
      // the template is created bare: its variant is this one
      const self = this.withContext({ ...this.env.context, create_product_product: false });
      const records = super._create.call(self, valsList.map(sanitizeVals)) as this;
      return this.browse(records.ids);
    }
    _write(vals: Vals): void {
      super._write(sanitizeVals(vals));
    }
    /** Removing the last variant of a template removes the template (product_product.py unlink). */
    _unlink(): void {
      const existing = this.exists();
      if (!existing.ids.length) return;
      const tmpls = [...new Set([...existing.sudo().withContext({ active_test: false })._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number))];
      const lastOf: number[] = [];
      for (const t of tmpls) {
        const others = this.env.cr.all<{ id: number }>('SELECT id FROM product_product WHERE product_tmpl_id = ? AND active = 1', [t]).map((r) => r.id).filter((id) => !existing.ids.includes(id));
        const tmpl = this.env.model('product.template').sudo().browse([t]);
        const lineIds = tmpl._compute_valid_product_template_attribute_line_ids().get(t) as number[];
        const dynamic = lineIds.length && this.env.cr.get(
          `SELECT 1 AS x FROM product_template_attribute_line l JOIN product_attribute a ON a.id = l.attribute_id WHERE l.id IN (${lineIds.map(() => '?').join(',')}) AND a.create_variant = 'dynamic'`, lineIds);
        if (!others.length && !dynamic) lastOf.push(t);
      }
      super._unlink.call(existing);
      if (lastOf.length) this.env.model('product.template').sudo().browse(lastOf).exists()._unlink();
    }
    /**
     * Unlink the variants, or archive those something still refers to (product_product.py
     * _unlink_or_archive: tried in halves so that one blocked variant archives alone).
     */
    _unlink_or_archive(checkAccess = true): void {
      if (!this.ids.length) return;
      let recs: AnyModel = this;
      if (checkAccess) {
        this.check_access_rights('unlink');
        this.check_access_rule('unlink');
        this.check_access_rights('write');
        this.check_access_rule('write');
        recs = this.sudo();
      }
      try {
        this.env.cr.transaction(() => recs._unlink());
      } catch {
        if (recs.ids.length > 1) {
          const half = Math.floor(recs.ids.length / 2);
          recs.browse(recs.ids.slice(0, half))._unlink_or_archive(false);
          recs.browse(recs.ids.slice(half))._unlink_or_archive(false);
        } else if (recs.exists().ids.length && recs.get('active')) {
          recs._write({ active: false });
        }
      }
      this.env.cache.invalidate();
    }
    copy(dflt: unknown = null): this {
      const tmpl = this.env.model('product.template').browse([this.ensureOne().get('product_tmpl_id')]).copy(dflt);
      const variant = tmpl.get('product_variant_id') as number | false;
      return this.browse(variant ? [variant] : []);
    }

    // ---- search -------------------------------------------------------------------------
    /** Ids found by product.product's name search rules (product_product.py _name_search). */
    _nameSearchIds(name: string, domain: Domain, operator: string, limit: number | null): number[] {
      const positive = ['=', 'ilike', '=ilike', 'like', '=like'];
      const negative = ['!=', 'not like', 'not ilike', 'not in'];
      const order = this.cls._order;
      let found: number[] = [];
      if (positive.includes(operator)) {
        found = this._searchIds(AND([[['default_code', '=', name]], domain]), { limit, order });
        if (!found.length) found = this._searchIds(AND([[['barcode', '=', name]], domain]), { limit, order });
      }
      if (!found.length && !negative.includes(operator)) {
        found = this._searchIds(AND([domain, [['default_code', operator, name]]]), { limit, order });
        if (!limit || found.length < limit) {
          const more = this._searchIds(AND([domain, [['name', operator, name]], [['id', 'not in', found]]]), { limit: limit ? limit - found.length : null, order });
          found.push(...more);
        }
      } else if (!found.length && negative.includes(operator)) {
        const d2 = OR([[['default_code', operator, name], ['name', operator, name]], [['default_code', '=', false], ['name', operator, name]]]);
        found = this._searchIds(AND([domain, d2]), { limit, order });
      }
      if (!found.length && positive.includes(operator)) {
        const m = /\[(.*?)\]/.exec(name);
        if (m) found = this._searchIds(AND([[['default_code', '=', m[1]]], domain]), { limit, order });
      }
      return found;
    }
    name_search(name: unknown = '', args: unknown = null, operator: unknown = 'ilike', limit: unknown = 100): Array<[number, string | false]> {
      this.check_access_rights('read');
      const text = typeof name === 'string' ? name : String(name ?? '');
      const domain = (Array.isArray(args) ? args : []) as Domain;
      const lim = typeof limit === 'number' && limit > 0 ? limit : null;
      const found = text ? this._nameSearchIds(text, domain, String(operator), lim) : this._searchIds(domain, { limit: lim, order: this.cls._order });
      const names = this.browse(found)._displayNames();
      return found.map((id) => [id, names.get(id) ?? false]);
    }

    // ---- prices -------------------------------------------------------------------------
    _price_compute(priceType: string, uom: AnyModel | null = null, currency: AnyModel | null = null): Map<number, number> {
      const out = new Map<number, number>();
      const vals = this.sudo()._values([priceType, 'uom_id', 'currency_id', 'cost_currency_id', 'price_extra']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        let price = Number(v[priceType]) || 0;
        let priceCurrency = v.currency_id as number;
        if (priceType === 'standard_price') priceCurrency = v.cost_currency_id as number;
        else if (priceType === 'list_price') {
          price += Number(v.price_extra) || 0;
          const extras = this.env.context.no_variant_attributes_price_extra;
          if (Array.isArray(extras)) price += extras.reduce((s: number, x) => s + (Number(x) || 0), 0);
        }
        out.set(id, priceInUomAndCurrency(this.env, price, v.uom_id as number, uom, priceCurrency, currency));
      }
      return out;
    }
    /** The display name, then the sales description on a new line (used as a sales line's description). */
    get_product_multiline_description_sale(): string {
      const id = this.ensureOne().ids[0];
      let name = String(this._displayNames().get(id) || '');
      const desc = this.sudo().get('description_sale');
      if (desc) name += `\n${desc}`;
      return name;
    }
    open_product_template(): Vals {
      return { type: 'ir.actions.act_window', res_model: 'product.template', view_mode: 'form', res_id: this.ensureOne().get('product_tmpl_id'), target: 'new' };
    }
    /** The price in the context's pricelist, quantity and unit (product_product.py _get_contextual_price). */
    get_contextual_price(): number {
      const id = this.ensureOne().ids[0];
      const ctx = this.env.context;
      const pricelist = typeof ctx.pricelist === 'number' ? this.env.model('product.pricelist').browse([ctx.pricelist]) : this.env.model('product.pricelist');
      const uom = typeof ctx.uom === 'number' ? this.env.model('uom.uom').browse([ctx.uom]) : null;
      if (!pricelist.ids.length) return Number(this._price_compute('list_price', uom).get(id)) || 0;
      return pricelist._get_product_price(this, Number(ctx.quantity ?? 1) || 1, { uom, date: ctx.date });
    }
  },
};

