/**
 * The smaller models of the product addon: tags, packagings, vendor prices, the product catalog
 * mixin, and the partner's pricelist (product/models/product_tag.py, product_packaging.py,
 * product_supplierinfo.py, product_catalog_mixin.py, res_partner.py).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { ValidationError } from '../orm/exceptions';

export const productTag: ModelDecl = {
  _name: 'product.tag',
  _description: 'Product Tag',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true },
    color: { type: 'char', string: 'Color', default: '#3C3C3C' },
    product_template_ids: {
      type: 'many2many', comodel: 'product.template', string: 'Product Templates',
      relation: 'product_tag_product_template_rel', column1: 'product_tag_id', column2: 'product_template_id',
      default: (m: BaseModel) => (typeof m.env.context.product_template_id === 'number' ? [m.env.context.product_template_id] : []),
    },
    product_product_ids: {
      type: 'many2many', comodel: 'product.product', string: 'Product Variants',
      relation: 'product_tag_product_product_rel', column1: 'product_tag_id', column2: 'product_product_id',
      domain: "[('attribute_line_ids', '!=', False), ('product_tmpl_id', 'not in', product_template_ids)]",
      default: (m: BaseModel) => (typeof m.env.context.product_variant_id === 'number' ? [m.env.context.product_variant_id] : []),
    },
    product_ids: { type: 'many2many', comodel: 'product.product', string: 'All Product Variants using this Tag', compute: '_compute_product_ids', depends: ['product_template_ids', 'product_product_ids'] },
  },
  _sql_constraints: [['name_uniq', 'unique (name)', 'Tag name already exists!']],
  methods: (Base) => class extends Base {
    _compute_product_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.all<{ id: number }>(
        `SELECT p.id FROM product_product p WHERE p.active = 1 AND (p.product_tmpl_id IN (SELECT product_template_id FROM product_tag_product_template_rel WHERE product_tag_id = ?)
            OR p.id IN (SELECT product_product_id FROM product_tag_product_product_rel WHERE product_tag_id = ?)) ORDER BY p.id`, [id, id]).map((r) => r.id)]));
    }
    copy_data(dflt: unknown = null): Vals[] {
      const d = { ...((dflt ?? {}) as Vals) };
      return this.ids.map((id) => super.copy_data.call(this.browse([id]), { ...(d.name ? {} : { name: `${this.browse([id]).get('name')} (copy)` }), ...d })[0]);
    }
  },
};

export const productPackaging: ModelDecl = {
  _name: 'product.packaging',
  _description: 'Product Packaging',
  _order: 'product_id, sequence, id',
  fields: {
    name: { type: 'char', string: 'Product Packaging', required: true },
    sequence: { type: 'integer', string: 'Sequence', default: 1, help: 'The first in the sequence is the default one.' },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product', check_company: true, required: true, ondelete: 'cascade' },
    qty: { type: 'float', string: 'Contained Quantity', default: 1, digits: [16, 2], help: 'Quantity of products contained in the packaging.' },
    barcode: { type: 'char', string: 'Barcode', copy: false, help: 'Barcode used for packaging identification. Scan this packaging barcode from a transfer in the Barcode app to move all the contained units' },
    product_uom_id: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', related: 'product_id.uom_id', readonly: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true },
    sales: { type: 'boolean', string: 'Sales', default: true, help: 'If true, the packaging can be used for sales orders' },
  },
  _sql_constraints: [
    ['positive_qty', 'CHECK(qty > 0)', 'Contained Quantity should be positive.'],
    ['barcode_uniq', 'unique(barcode)', 'A barcode can only be assigned to one packaging.'],
  ],
  constrains: { _check_barcode_uniqueness: ['barcode'] },
  methods: (Base) => class extends Base {
    _check_barcode_uniqueness(): void {
      const barcodes = [...this._values(['barcode']).values()].map((v) => v.barcode).filter(Boolean);
      if (barcodes.length && this.env.model('product.product').sudo()._searchIds([['barcode', 'in', barcodes]], { limit: 1 }).length) {
        throw new ValidationError('A product already uses the barcode');
      }
    }
  },
};

export const productSupplierinfo: ModelDecl = {
  _name: 'product.supplierinfo',
  _description: 'Supplier Pricelist',
  _order: 'sequence, min_qty DESC, price, id',
  _rec_name: 'partner_id',
  fields: {
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Vendor', ondelete: 'cascade', required: true, check_company: true },
    product_name: { type: 'char', string: 'Vendor Product Name' },
    product_code: { type: 'char', string: 'Vendor Product Code' },
    sequence: { type: 'integer', string: 'Sequence', default: 1 },
    product_uom: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', related: 'product_tmpl_id.uom_po_id', readonly: true },
    min_qty: { type: 'float', string: 'Quantity', default: 0.0, required: true, digits: [16, 2] },
    price: { type: 'float', string: 'Price', default: 0.0, digits: [16, 2], required: true },
    price_discounted: { type: 'float', string: 'Discounted Price', compute: '_compute_price_discounted', depends: ['discount', 'price'] },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId || false, index: true },
    currency_id: {
      type: 'many2one', comodel: 'res.currency', string: 'Currency', required: true,
      default: (m: BaseModel) => m.env.cr.get<{ c: number }>('SELECT currency_id AS c FROM res_company WHERE id = ?', [m.env.companyInfo().companyId || 1])?.c ?? false,
    },
    date_start: { type: 'date', string: 'Start Date' },
    date_end: { type: 'date', string: 'End Date' },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product Variant', check_company: true },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', check_company: true, index: true, ondelete: 'cascade' },
    product_variant_count: { type: 'integer', string: 'Variant Count', related: 'product_tmpl_id.product_variant_count', readonly: true },
    delay: { type: 'integer', string: 'Delivery Lead Time', default: 1, required: true },
    discount: { type: 'float', string: 'Discount (%)', digits: [16, 2] },
  },
  methods: (Base) => class extends Base {
    _compute_price_discounted(): Map<number, unknown> {
      const vals = this._values(['price', 'discount']);
      return new Map(this.ids.map((id) => [id, Number(vals.get(id)?.price) * (1 - Number(vals.get(id)?.discount) / 100)]));
    }
  },
};

/** Abstract model behind the product catalog buttons of orders (product_catalog_mixin.py). */
export const productCatalogMixin: ModelDecl = {
  _name: 'product.catalog.mixin',
  _description: 'Product Catalog Mixin',
  _abstract: true,
  fields: {},
};

/**
 * res.partner.property_product_pricelist: the partner's own pricelist when one was set on it,
 * else the company's first active pricelist (product/models/res_partner.py). Odoo keeps the
 * partner's choice in ir.property; here it is kept in a private column.
 */
export const partnerPricelist: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    property_product_pricelist: {
      type: 'many2one', comodel: 'product.pricelist', string: 'Pricelist', compute: '_compute_product_pricelist', inverse: '_inverse_product_pricelist',
      depends: ['country_id'], help: 'This pricelist will be used, instead of the default one, for sales to the current partner',
    },
    specific_property_product_pricelist: { type: 'many2one', comodel: 'product.pricelist', private: true, ondelete: 'set null' },
  },
  methods: (Base) => class extends Base {
    _compute_product_pricelist(): Map<number, unknown> {
      const res = this.env.model('product.pricelist')._get_partner_pricelist_multi(this.ids) as Map<number, number | false>;
      return new Map(this.ids.map((id) => [id, res.get(id) ?? false]));
    }
    _inverse_product_pricelist(_f: unknown, value: unknown): void {
      // the commercial entity and its contacts share the pricelist (a commercial field)
      const commercial = [...this.sudo()._values(['commercial_partner_id']).values()].map((v) => v.commercial_partner_id as number);
      const family = this.sudo().withContext({ active_test: false })._searchIds([['commercial_partner_id', 'in', commercial]]);
      this.sudo().browse([...new Set([...this.ids, ...family])])._write({ specific_property_product_pricelist: value || false });
    }
  },
};
