/**
 * sale_management addon: quotation templates (lines and optional products) and the optional
 * products of a quotation (sale.md §1.5; sale_management/models/*.py). A template chosen on an
 * order sets its validity, online signature/payment, terms and journal; its lines and options
 * reach the order through the form's onchange, as in Odoo (`_onchange_sale_order_template_id`).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { addDays, companyFacts, contextToday, productCompanies } from '../sale/tools';
import { translatedSql } from '../orm/translate';

type Row = Record<string, unknown>;

function companyOf(m: BaseModel, companyId: number | false): Row {
  const id = companyId || m.env.companyInfo().companyId || 1;
  return companyFacts(m, id, ['portal_confirmation_sign', 'portal_confirmation_pay', 'prepayment_percent']);
}

export const saleOrderTemplate: ModelDecl = {
  _name: 'sale.order.template',
  _description: 'Quotation Template',
  fields: {
    active: { type: 'boolean', string: 'Active', default: true, help: 'If unchecked, it will allow you to hide the quotation template without removing it.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId || false },
    name: { type: 'char', string: 'Quotation Template', required: true },
    note: { type: 'html', string: 'Terms and conditions', translate: true },
    mail_template_id: { type: 'many2one', comodel: 'mail.template', string: 'Confirmation Mail', domain: [['model', '=', 'sale.order']], help: 'This e-mail template will be sent on confirmation. Leave empty to send nothing.' },
    number_of_days: { type: 'integer', string: 'Quotation Duration', help: 'Number of days for the validity date computation of the quotation' },
    require_signature: { type: 'boolean', string: 'Online Signature', compute: '_compute_require_signature', store: true, readonly: false, depends: ['company_id'], help: 'Request a online signature to the customer in order to confirm orders automatically.' },
    require_payment: { type: 'boolean', string: 'Online Payment', compute: '_compute_require_payment', store: true, readonly: false, depends: ['company_id'], help: 'Request an online payment to the customer in order to confirm orders automatically.' },
    prepayment_percent: { type: 'float', string: 'Prepayment percentage', compute: '_compute_prepayment_percent', store: true, readonly: false, depends: ['company_id', 'require_payment'], help: 'The percentage of the amount needed to be paid to confirm quotations.' },
    sale_order_template_line_ids: { type: 'one2many', comodel: 'sale.order.template.line', inverse_name: 'sale_order_template_id', string: 'Lines', copy: true },
    sale_order_template_option_ids: { type: 'one2many', comodel: 'sale.order.template.option', inverse_name: 'sale_order_template_id', string: 'Optional Products', copy: true },
    journal_id: { type: 'many2one', comodel: 'account.journal', string: 'Invoicing Journal', domain: [['type', '=', 'sale']], company_dependent: true, check_company: true, help: "If set, SO with this template will invoice in this journal; otherwise the sales journal with the lowest sequence is used." },
  },
  constrains: {
    _check_company_id: ['company_id', 'sale_order_template_line_ids', 'sale_order_template_option_ids'],
    _check_prepayment_percent: ['prepayment_percent'],
  },
  methods: (Base) => class extends Base {
    _compute_require_signature(): Map<number, unknown> { return this._fromCompany('portal_confirmation_sign'); }
    _compute_require_payment(): Map<number, unknown> { return this._fromCompany('portal_confirmation_pay'); }
    _compute_prepayment_percent(): Map<number, unknown> { return this._fromCompany('prepayment_percent'); }
    _fromCompany(fname: string): Map<number, unknown> {
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => [id, companyOf(this, vals.get(id)?.company_id as number | false)[fname] ?? false]));
    }
    _check_company_id(): void {
      for (const [id, v] of this._values(['company_id'])) {
        const companies = this.env.cr.all<{ c: number }>(
          `SELECT DISTINCT t.company_id AS c FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
            WHERE t.company_id IS NOT NULL AND p.id IN (SELECT product_id FROM sale_order_template_line WHERE sale_order_template_id = ? AND product_id IS NOT NULL
                                                        UNION SELECT product_id FROM sale_order_template_option WHERE sale_order_template_id = ?)`, [id, id]).map((r) => r.c);
        if (companies.length > 1) throw new ValidationError('Your template cannot contain products from multiple companies.');
        if (companies.length && companies[0] !== v.company_id) {
          const name = (c: unknown) => this.env.model('res.company').sudo().browse([c as number])._displayNames().get(c as number);
          throw new ValidationError(`Your template contains products from company ${name(companies[0])} whereas your template belongs to company ${name(v.company_id)}. \n Please change the company of your template or remove the products from other companies.`);
        }
      }
    }
    _check_prepayment_percent(): void {
      for (const [, v] of this._values(['require_payment', 'prepayment_percent'])) {
        const p = Number(v.prepayment_percent) || 0;
        if (v.require_payment && !(p > 0 && p <= 1.0)) throw new ValidationError('Prepayment percentage must be a valid percentage.');
      }
    }
    /** Archiving a template removes it as companies' default (sale_order_template.py write). */
    _write(vals: Vals): void {
      if ('active' in vals && !vals.active) {
        const companies = this.env.model('res.company').sudo()._searchIds([['sale_order_template_id', 'in', this.ids]]);
        if (companies.length) this.env.model('res.company').sudo().browse(companies)._write({ sale_order_template_id: false });
      }
      super._write(vals);
    }
  },
};

/** Values of a template line or option whose description comes from its product when not given. */
function withProductDefaults(m: BaseModel, vals: Vals, uomField: string): Vals {
  const v = { ...vals };
  if (v.product_id && !v.display_type) {
    const product = m.env.model('product.product').sudo().withContext({ active_test: false }).browse([v.product_id as number]);
    if (!v.name) v.name = product.get_product_multiline_description_sale();
    if (!v[uomField]) v[uomField] = product.get('uom_id');
  }
  return v;
}

export const saleOrderTemplateLine: ModelDecl = {
  _name: 'sale.order.template.line',
  _description: 'Quotation Template Line',
  _order: 'sale_order_template_id, sequence, id',
  _sql_constraints: [
    ['accountable_product_id_required', 'CHECK(display_type IS NOT NULL OR (product_id IS NOT NULL AND product_uom_id IS NOT NULL))', 'Missing required product and UoM on accountable sale quote line.'],
    ['non_accountable_fields_null', 'CHECK(display_type IS NULL OR (product_id IS NULL AND product_uom_qty = 0 AND product_uom_id IS NULL))', 'Forbidden product, quantity and UoM on non-accountable sale quote line'],
  ],
  fields: {
    sale_order_template_id: { type: 'many2one', comodel: 'sale.order.template', string: 'Quotation Template Reference', index: true, required: true, ondelete: 'cascade' },
    sequence: { type: 'integer', string: 'Sequence', default: 10, help: 'Gives the sequence order when displaying a list of sale quote lines.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'sale_order_template_id.company_id', store: true, index: true, readonly: true },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product', check_company: true, domain: [['sale_ok', '=', true]] },
    name: { type: 'text', string: 'Description', compute: '_compute_name', store: true, readonly: false, required: true, translate: true, depends: ['product_id'] },
    product_uom_id: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', compute: '_compute_product_uom_id', store: true, readonly: false, depends: ['product_id'], domain: "[('category_id', '=', product_uom_category_id)]" },
    product_uom_category_id: { type: 'many2one', comodel: 'uom.category', string: 'Category', related: 'product_id.uom_id.category_id', readonly: true },
    product_uom_qty: { type: 'float', string: 'Quantity', required: true, digits: [16, 2], default: 1 },
    display_type: { type: 'selection', string: 'Display Type', selection: [['line_section', 'Section'], ['line_note', 'Note']], default: false, help: 'Technical field for UX purpose.' },
  },
  methods: (Base) => class extends Base {
    _compute_name(): Map<number, unknown> {
      const vals = this._values(['product_id', 'name']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, v.product_id ? this.env.model('product.product').sudo().withContext({ active_test: false }).browse([v.product_id as number]).get_product_multiline_description_sale() : v.name];
      }));
    }
    _compute_product_uom_id(): Map<number, unknown> {
      const vals = this._values(['product_id', 'product_uom_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, v.product_id ? this.env.model('product.product').sudo().withContext({ active_test: false }).browse([v.product_id as number]).get('uom_id') : v.product_uom_id];
      }));
    }
    _create(valsList: Vals[]): this {
      return super._create(valsList.map((vals) => {
        const v = vals.display_type ? { ...vals, product_id: false, product_uom_qty: 0, product_uom_id: false } : vals;
        return withProductDefaults(this, v, 'product_uom_id');
      }));
    }
    write(vals: unknown): boolean {
      const v = (vals ?? {}) as Vals;
      if (v && typeof v === 'object' && 'display_type' in v && [...this._values(['display_type']).values()].some((r) => (r.display_type || false) !== (v.display_type || false))) {
        throw new UserError('You cannot change the type of a sale quote line. Instead you should delete the current line and create a new line of the proper type.');
      }
      return super.write(vals);
    }
    /** The order line this template line becomes (sale_order_template_line.py _prepare_order_line_values). */
    _prepare_order_line_values(): Vals {
      const v = this.ensureOne()._values(['display_type', 'name', 'product_id', 'product_uom_qty', 'product_uom_id', 'sequence']).get(this.ids[0])!;
      return { display_type: v.display_type, name: v.name, product_id: v.product_id, product_uom_qty: v.product_uom_qty, product_uom: v.product_uom_id, sequence: v.sequence };
    }
  },
};

export const saleOrderTemplateOption: ModelDecl = {
  _name: 'sale.order.template.option',
  _description: 'Quotation Template Option',
  fields: {
    sale_order_template_id: { type: 'many2one', comodel: 'sale.order.template', string: 'Quotation Template Reference', index: true, required: true, ondelete: 'cascade' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'sale_order_template_id.company_id', store: true, index: true, readonly: true },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product', required: true, check_company: true, domain: [['sale_ok', '=', true]] },
    name: { type: 'text', string: 'Description', compute: '_compute_name', store: true, readonly: false, required: true, translate: true, depends: ['product_id'] },
    uom_id: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', compute: '_compute_uom_id', store: true, readonly: false, required: true, depends: ['product_id'], domain: "[('category_id', '=', product_uom_category_id)]" },
    product_uom_category_id: { type: 'many2one', comodel: 'uom.category', string: 'Category', related: 'product_id.uom_id.category_id', readonly: true },
    quantity: { type: 'float', string: 'Quantity', required: true, digits: [16, 2], default: 1 },
  },
  methods: (Base) => class extends Base {
    _compute_name(): Map<number, unknown> {
      const vals = this._values(['product_id', 'name']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.product_id ? this.env.model('product.product').sudo().browse([vals.get(id)!.product_id as number]).get_product_multiline_description_sale() : vals.get(id)!.name]));
    }
    _compute_uom_id(): Map<number, unknown> {
      const vals = this._values(['product_id', 'uom_id']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.product_id ? this.env.model('product.product').sudo().browse([vals.get(id)!.product_id as number]).get('uom_id') : vals.get(id)!.uom_id]));
    }
    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => withProductDefaults(this, v, 'uom_id')));
    }
    _prepare_option_line_values(): Vals {
      const v = this.ensureOne()._values(['name', 'product_id', 'quantity', 'uom_id']).get(this.ids[0])!;
      return { name: v.name, product_id: v.product_id, quantity: v.quantity, uom_id: v.uom_id };
    }
  },
};

export const saleOrderOption: ModelDecl = {
  _name: 'sale.order.option',
  _description: 'Sale Options',
  _order: 'sequence, id',
  fields: {
    order_id: { type: 'many2one', comodel: 'sale.order', string: 'Sales Order Reference', ondelete: 'cascade', index: true },
    product_id: { type: 'many2one', comodel: 'product.product', string: 'Product', required: true, domain: [['sale_ok', '=', true]] },
    line_id: { type: 'many2one', comodel: 'sale.order.line', string: 'Line', ondelete: 'set null', copy: false },
    sequence: { type: 'integer', string: 'Sequence', help: 'Gives the sequence order when displaying a list of optional products.' },
    name: { type: 'text', string: 'Description', compute: '_compute_name', store: true, readonly: false, required: true, depends: ['product_id'] },
    quantity: { type: 'float', string: 'Quantity', required: true, digits: [16, 2], default: 1 },
    uom_id: { type: 'many2one', comodel: 'uom.uom', string: 'Unit of Measure', compute: '_compute_uom_id', store: true, readonly: false, required: true, depends: ['product_id'], domain: "[('category_id', '=', product_uom_category_id)]" },
    product_uom_category_id: { type: 'many2one', comodel: 'uom.category', string: 'Category', related: 'product_id.uom_id.category_id', readonly: true },
    price_unit: { type: 'float', string: 'Unit Price', digits: [16, 2], compute: '_compute_price_unit', store: true, readonly: false, required: true, depends: ['product_id', 'uom_id', 'quantity'] },
    discount: { type: 'float', string: 'Discount (%)', digits: [16, 2], compute: '_compute_discount', store: true, readonly: false, depends: ['product_id', 'uom_id', 'quantity'] },
    is_present: { type: 'boolean', string: 'Present on Quotation', compute: '_compute_is_present', search: '_search_is_present', depends: ['line_id', 'order_id.order_line', 'product_id'], help: "This field will be checked if the option line's product is already present in the quotation." },
  },
  rpc: {
    button_add_to_order: { api: 'multi', params: [] },
    add_option_to_order: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_name(): Map<number, unknown> {
      const vals = this._values(['product_id', 'name']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.product_id ? this.env.model('product.product').sudo().browse([vals.get(id)!.product_id as number]).get_product_multiline_description_sale() : vals.get(id)!.name]));
    }
    _compute_uom_id(): Map<number, unknown> {
      const vals = this._values(['product_id', 'uom_id']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.uom_id || (vals.get(id)!.product_id ? this.env.model('product.product').sudo().browse([vals.get(id)!.product_id as number]).get('uom_id') : false)]));
    }
    /** The price (and discount) an order line of the option would get (sale_order_option.py, through a new line). */
    _linePrice(id: number): { price: number; discount: number } {
      const v = this._values(['order_id', 'product_id', 'uom_id', 'quantity']).get(id)!;
      if (!v.product_id || !v.order_id) return { price: 0, discount: 0 };
      const Line = this.env.model('sale.order.line').sudo();
      const vals = Line._precompute({ order_id: v.order_id, product_id: v.product_id, product_uom: v.uom_id, product_uom_qty: v.quantity });
      return { price: Number(vals.price_unit) || 0, discount: Number(vals.discount) || 0 };
    }
    _compute_price_unit(): Map<number, unknown> {
      const vals = this._values(['product_id', 'price_unit']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.product_id ? this._linePrice(id).price : vals.get(id)!.price_unit]));
    }
    _compute_discount(): Map<number, unknown> {
      const vals = this._values(['product_id', 'discount']);
      return new Map(this.ids.map((id) => [id, vals.get(id)!.product_id ? this._linePrice(id).discount : vals.get(id)!.discount]));
    }
    _compute_is_present(): Map<number, unknown> {
      const vals = this._values(['order_id', 'product_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, !!v.order_id && !!this.env.cr.get('SELECT 1 AS x FROM sale_order_line WHERE order_id = ? AND product_id = ?', [v.order_id as number, v.product_id as number])];
      }));
    }
    _search_is_present(operator: string, value: unknown): unknown[] {
      return (operator === '=' && value) || (operator === '!=' && !value) ? [['line_id', '=', false]] : [['line_id', '!=', false]];
    }
    _create(valsList: Vals[]): this {
      return super._create(valsList.map((vals) => {
        const v = withProductDefaults(this, vals, 'uom_id');
        if (v.product_id && v.order_id && !('price_unit' in v)) {
          const line = this.env.model('sale.order.line').sudo()._precompute({ order_id: v.order_id, product_id: v.product_id, product_uom: v.uom_id, product_uom_qty: v.quantity ?? 1 });
          v.price_unit = line.price_unit ?? 0;
          if (!('discount' in v) && line.discount !== undefined) v.discount = line.discount;
        }
        v.price_unit ??= 0;
        return v;
      }));
    }
    _get_values_to_add_to_order(): Vals {
      const v = this.ensureOne()._values(['order_id', 'price_unit', 'name', 'product_id', 'quantity', 'uom_id', 'discount']).get(this.ids[0])!;
      const seq = this.env.cr.get<{ s: number | null }>('SELECT MAX(sequence) AS s FROM sale_order_line WHERE order_id = ?', [v.order_id as number])?.s ?? 0;
      return { order_id: v.order_id, price_unit: v.price_unit, name: v.name, product_id: v.product_id, product_uom_qty: v.quantity, product_uom: v.uom_id, discount: v.discount, sequence: seq + 1 };
    }
    button_add_to_order(): null {
      this.add_option_to_order();
      return null;
    }
    /** Add the option to its quotation as a line (refused once the order is confirmed). */
    add_option_to_order(): AnyModel {
      const order = this.env.model('sale.order').browse([this.ensureOne().get('order_id')]);
      if (!['draft', 'sent'].includes(String(order.sudo().get('state')))) throw new UserError('You cannot add options to a confirmed order.');
      const line = this.env.model('sale.order.line').create(this._get_values_to_add_to_order());
      this.write({ line_id: line.ids[0] });
      return line;
    }
  },
};

/** sale.order with a template: validity, signature/payment, terms and journal come from it. */
export const saleOrderTemplates: ModelDecl = {
  _inherit: 'sale.order',
  fields: {
    sale_order_template_id: {
      type: 'many2one', comodel: 'sale.order.template', string: 'Quotation Template', compute: '_compute_sale_order_template_id', store: true, readonly: false,
      check_company: true, domain: "['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    },
    sale_order_option_ids: { type: 'one2many', comodel: 'sale.order.option', inverse_name: 'order_id', string: 'Optional Products Lines', copy: true },
    require_signature: { type: 'boolean', depends: ['company_id', 'sale_order_template_id'] },
    require_payment: { type: 'boolean', depends: ['company_id', 'sale_order_template_id'] },
    prepayment_percent: { type: 'float', depends: ['require_payment', 'sale_order_template_id'] },
    validity_date: { type: 'date', depends: ['company_id', 'sale_order_template_id'] },
    journal_id: { type: 'many2one', depends: ['sale_order_template_id'] },
    note: { type: 'html', depends: ['partner_id', 'sale_order_template_id'] },
  },
  constrains: { _check_optional_product_company_id: ['company_id', 'sale_order_option_ids'] },
  methods: (Base) => class extends Base {
    /** The company's default template (sale_order.py _compute_sale_order_template_id). */
    _compute_sale_order_template_id(): Map<number, unknown> {
      const vals = this._values(['company_id', 'sale_order_template_id']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const companyTemplate = companyFacts(this, v.company_id as number, ['sale_order_template_id']).sale_order_template_id;
        return [id, companyTemplate || v.sale_order_template_id];
      }));
    }
    _template(id: number): Row | null {
      const t = this._values(['sale_order_template_id']).get(id)?.sale_order_template_id as number | false;
      if (!t) return null;
      return this.env.model('sale.order.template').sudo().withContext({ active_test: false }).browse([t as number])
        ._values(['require_signature', 'require_payment', 'prepayment_percent', 'number_of_days', 'journal_id', 'note', 'mail_template_id']).get(t) ?? null;
    }
    _withTemplate(base: Map<number, unknown>, pick: (t: Row, id: number) => unknown | undefined): Map<number, unknown> {
      for (const id of this.ids) {
        const t = this._template(id);
        if (!t) continue;
        const v = pick(t, id);
        if (v !== undefined) base.set(id, v);
      }
      return base;
    }
    _compute_require_signature(): Map<number, unknown> { return this._withTemplate((Base.prototype as AnyModel)._compute_require_signature.call(this), (t) => t.require_signature); }
    _compute_require_payment(): Map<number, unknown> { return this._withTemplate((Base.prototype as AnyModel)._compute_require_payment.call(this), (t) => t.require_payment); }
    _compute_prepayment_percent(): Map<number, unknown> {
      const requirePayment = this._values(['require_payment']);
      return this._withTemplate((Base.prototype as AnyModel)._compute_prepayment_percent.call(this), (t, id) => (requirePayment.get(id)!.require_payment ? t.prepayment_percent : undefined));
    }
    _compute_validity_date(): Map<number, unknown> {
      const today = contextToday(this.env);
      return this._withTemplate((Base.prototype as AnyModel)._compute_validity_date.call(this), (t) => (Number(t.number_of_days) > 0 ? addDays(today, Number(t.number_of_days)) : undefined));
    }
    _compute_journal_id(): Map<number, unknown> { return this._withTemplate((Base.prototype as AnyModel)._compute_journal_id.call(this), (t) => t.journal_id); }
    _compute_note(): Map<number, unknown> {
      return this._withTemplate((Base.prototype as AnyModel)._compute_note.call(this), (t) => (t.note && String(t.note).replace(/<[^>]*>/g, '').trim() ? t.note : undefined));
    }
    _check_optional_product_company_id(): void {
      const productCompanyIds = productCompanies(this);
      for (const [id, v] of this._values(['company_id'])) {
        if (productCompanyIds.every((c) => c === v.company_id)) continue;
        const rows = this.env.cr.all<{ c: number; p: number }>(
          `SELECT t.company_id AS c, p.id AS p FROM sale_order_option o JOIN product_product p ON p.id = o.product_id JOIN product_template t ON t.id = p.product_tmpl_id
            WHERE o.order_id = ? AND t.company_id IS NOT NULL AND t.company_id != ?`, [id, v.company_id as number]);
        if (!rows.length) continue;
        const name = (model: string, rid: number) => this.env.model(model).sudo().browse([rid])._displayNames().get(rid);
        throw new ValidationError(`Your quotation contains products from company ${[...new Set(rows.map((r) => r.c))].map((c) => name('res.company', c)).join(', ')} whereas your quotation belongs to company ${name('res.company', v.company_id as number)}. \n Please change the company of your quotation or remove the products from other companies (${rows.map((r) => name('product.product', r.p)).join(', ')}).`);
      }
    }
    _get_confirmation_template(): AnyModel | null {
      const t = this._template(this.ensureOne().ids[0]);
      if (t?.mail_template_id) return this.env.model('mail.template').browse([t.mail_template_id as number]);
      return (Base.prototype as AnyModel)._get_confirmation_template.call(this);
    }
    /** Confirming posts the template's confirmation mail (unless the standard mail is sent with send_email). */
    action_confirm(): boolean {
      const res = (Base.prototype as AnyModel).action_confirm.call(this);
      if (this.env.context.send_email) return res;
      for (const id of this.ids) {
        const t = this._template(id);
        if (t?.mail_template_id) (this.browse([id]) as AnyModel)._send_order_notification_mail(this.env.model('mail.template').browse([t.mail_template_id as number]));
      }
      return res;
    }
    _can_be_edited_on_portal(): boolean {
      return ['draft', 'sent'].includes(String(this.ensureOne().get('state')));
    }
    /**
     * The form's onchange of the template: the order lines and optional products of the
     * template replace the order's (sale_order.py _onchange_sale_order_template_id).
     */
    onchange(values: unknown, fieldNames: unknown, fieldsSpec: unknown): Vals {
      const res = super.onchange(values, fieldNames, fieldsSpec) as Vals;
      const names = Array.isArray(fieldNames) ? fieldNames : [];
      const vals = (values ?? {}) as Vals;
      if (!names.includes('sale_order_template_id') || !vals.sale_order_template_id) return res;
      const templateId = vals.sale_order_template_id as number;
      const T = this.env.model('sale.order.template');
      T.browse([templateId]).check_access_rule('read');
      const lineIds = this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_template_line WHERE sale_order_template_id = ? ORDER BY sequence, id', [templateId]).map((r) => r.id);
      const optionIds = this.env.cr.all<{ id: number }>('SELECT id FROM sale_order_template_option WHERE sale_order_template_id = ? ORDER BY id', [templateId]).map((r) => r.id);
      const lines: unknown[] = [[5]];
      for (const l of lineIds) lines.push([0, 0, this.env.model('sale.order.template.line').sudo().browse([l])._prepare_order_line_values()]);
      if (lines.length >= 2) ((lines[1] as unknown[])[2] as Vals).sequence = -99;
      const options: unknown[] = [[5], ...optionIds.map((o) => [0, 0, this.env.model('sale.order.template.option').sudo().browse([o])._prepare_option_line_values()])];
      const value = (res.value ?? {}) as Vals;
      value.order_line = lines;
      value.sale_order_option_ids = options;
      const t = T.sudo().browse([templateId])._values(['number_of_days', 'require_signature', 'require_payment', 'prepayment_percent', 'note']).get(templateId)!;
      if (Number(t.number_of_days) > 0) value.validity_date = addDays(contextToday(this.env), Number(t.number_of_days));
      value.require_signature = t.require_signature;
      value.require_payment = t.require_payment;
      if (t.require_payment) value.prepayment_percent = t.prepayment_percent;
      res.value = value;
      return res;
    }
  },
};

export const saleOrderLineTemplates: ModelDecl = {
  _inherit: 'sale.order.line',
  fields: {
    sale_order_option_ids: { type: 'one2many', comodel: 'sale.order.option', inverse_name: 'line_id', string: 'Optional Products Lines' },
  },
  methods: (Base) => class extends Base {
    /** A line of a template product takes the template line's description (sale_order_line.py _compute_name). */
    _compute_name(): Map<number, unknown> {
      const res = (Base.prototype as AnyModel)._compute_name.call(this);
      const vals = this._values(['product_id', 'order_id']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        if (!v.product_id) continue;
        const template = this.env.model('sale.order').sudo().browse([v.order_id as number]).get('sale_order_template_id');
        if (!template) continue;
        const tl = this.env.cr.get<{ name: string }>(`SELECT ${translatedSql('name', this.env)} AS name FROM sale_order_template_line WHERE sale_order_template_id = ? AND product_id = ? ORDER BY sequence, id LIMIT 1`, [template, v.product_id as number]);
        if (tl) res.set(id, tl.name);
      }
      return res;
    }
    /** Lines added from an option keep the option's price. */
    _compute_price_unit(): Map<number, unknown> {
      const res = (Base.prototype as AnyModel)._compute_price_unit.call(this);
      const fromOption = this.ids.length ? new Set(this.env.cr.all<{ l: number }>(`SELECT DISTINCT line_id AS l FROM sale_order_option WHERE line_id IN (${this.ids.map(() => '?').join(',')})`, this.ids).map((r) => r.l)) : new Set();
      if (fromOption.size) {
        const current = this._values(['price_unit']);
        for (const id of fromOption) res.set(id as number, current.get(id as number)!.price_unit);
      }
      return res;
    }
  },
};

export const companyTemplates: ModelDecl = {
  _inherit: 'res.company',
  fields: {
    sale_order_template_id: { type: 'many2one', comodel: 'sale.order.template', string: 'Default Sale Template', domain: "['|', ('company_id', '=', False), ('company_id', '=', id)]", check_company: true },
  },
};

export const saleManagementModels: ModelDecl[] = [
  saleOrderTemplate, saleOrderTemplateLine, saleOrderTemplateOption, saleOrderOption, saleOrderTemplates, saleOrderLineTemplates, companyTemplates,
];
