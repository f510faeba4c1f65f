/**
 * Product attributes and variant combinations (product/models/product_attribute*.py,
 * product_template_attribute_*.py). An attribute line on a template lists the values it uses;
 * each used value is materialized as a product.template.attribute.value ("ptav"), which carries
 * the extra price and the exclusions; variants are the valid combinations of ptavs, one per line
 * (product_template.ts _create_variant_ids).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { DataLoader } from '../tools/data_loader';

const DISPLAY_TYPES: Array<[string, string]> = [
  ['radio', 'Radio'], ['pills', 'Pills'], ['select', 'Select'], ['color', 'Color'], ['multi', 'Multi-checkbox (option)'],
];

/** Odoo picks a random colour index 1..11 for new values (_get_default_color). */
const randomColor = () => 1 + Math.floor(Math.random() * 11);

/** Display names of the templates using a set of attribute lines, comma-joined as Odoo's messages list them. */
function templateNames(env: AnyModel['env'], lineIds: number[]): string {
  if (!lineIds.length) return '';
  const tmplIds = [...new Set(env.cr.all<{ t: number }>(
    `SELECT DISTINCT product_tmpl_id AS t FROM product_template_attribute_line WHERE id IN (${lineIds.map(() => '?').join(',')})`, lineIds).map((r) => r.t))];
  const names = env.model('product.template').sudo().browse(tmplIds)._displayNames();
  return tmplIds.map((id) => names.get(id)).join(', ');
}

export const productAttribute: ModelDecl = {
  _name: 'product.attribute',
  _description: 'Product Attribute',
  _order: 'sequence, id',
  _sql_constraints: [
    ['check_multi_checkbox_no_variant', "CHECK(display_type != 'multi' OR create_variant = 'no_variant')", 'Multi-checkbox display type is not compatible with the creation of variants'],
  ],
  fields: {
    name: { type: 'char', string: 'Attribute', required: true, translate: true },
    create_variant: {
      type: 'selection', string: 'Variants Creation Mode', required: true, default: 'always',
      selection: [['always', 'Instantly'], ['dynamic', 'Dynamically'], ['no_variant', 'Never (option)']],
    },
    display_type: { type: 'selection', string: 'Display Type', selection: DISPLAY_TYPES, default: 'radio', required: true, help: 'The display type used in the Product Configurator.' },
    sequence: { type: 'integer', string: 'Sequence', default: 20, index: true, help: 'Determine the display order' },
    value_ids: { type: 'one2many', comodel: 'product.attribute.value', inverse_name: 'attribute_id', string: 'Values', copy: true },
    attribute_line_ids: { type: 'one2many', comodel: 'product.template.attribute.line', inverse_name: 'attribute_id', string: 'Lines' },
    product_tmpl_ids: { type: 'many2many', comodel: 'product.template', string: 'Related Products', compute: '_compute_products', readonly: true },
    number_related_products: { type: 'integer', string: 'Number Related Products', compute: '_compute_number_related_products' },
  },
  methods: (Base) => class extends Base {
    _compute_products(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.all<{ t: number }>(
        'SELECT DISTINCT product_tmpl_id AS t FROM product_template_attribute_line WHERE attribute_id = ? AND active = 1 ORDER BY product_tmpl_id', [id]).map((r) => r.t)]));
    }
    _compute_number_related_products(): Map<number, unknown> {
      const products = this._compute_products();
      return new Map(this.ids.map((id) => [id, (products.get(id) as number[]).length]));
    }
    _write(vals: Vals): void {
      if ('create_variant' in vals) {
        for (const [id, v] of this._values(['create_variant', 'display_name'])) {
          const lines = this.env.cr.all<{ id: number }>('SELECT id FROM product_template_attribute_line WHERE attribute_id = ? AND active = 1', [id]).map((r) => r.id);
          if (vals.create_variant !== v.create_variant && lines.length) {
            throw new UserError(`You cannot change the Variants Creation Mode of the attribute ${v.display_name} because it is used on the following products:\n${templateNames(this.env, lines)}`);
          }
        }
      }
      super._write(vals);
    }
    unlink(): boolean {
      for (const [id, v] of this._values(['display_name'])) {
        const lines = this.env.cr.all<{ id: number }>('SELECT id FROM product_template_attribute_line WHERE attribute_id = ? AND active = 1', [id]).map((r) => r.id);
        if (lines.length) throw new UserError(`You cannot delete the attribute ${v.display_name} because it is used on the following products:\n${templateNames(this.env, lines)}`);
      }
      return super.unlink();
    }
  },
};

export const productAttributeValue: ModelDecl = {
  _name: 'product.attribute.value',
  _description: 'Attribute Value',
  _order: 'attribute_id, sequence, id',
  fields: {
    name: { type: 'char', string: 'Value', required: true, translate: true },
    sequence: { type: 'integer', string: 'Sequence', index: true, help: 'Determine the display order' },
    attribute_id: {
      type: 'many2one', comodel: 'product.attribute', string: 'Attribute', required: true, ondelete: 'cascade', index: true,
      help: 'The attribute cannot be changed once the value is used on at least one product.',
    },
    pav_attribute_line_ids: {
      type: 'many2many', comodel: 'product.template.attribute.line', string: 'Lines', copy: false,
      relation: 'product_attribute_value_product_template_attribute_line_rel',
      column1: 'product_attribute_value_id', column2: 'product_template_attribute_line_id',
    },
    is_used_on_products: { type: 'boolean', string: 'Used on Products', compute: '_compute_is_used_on_products', depends: ['pav_attribute_line_ids'] },
    default_extra_price: { type: 'float', string: 'Default Extra Price' },
    is_custom: { type: 'boolean', string: 'Is custom value', help: 'Allow users to input custom values for this attribute value' },
    html_color: { type: 'char', string: 'Color', help: "Here you can set a specific HTML color index (e.g. #ff0000) to display the color if the attribute type is 'Color'." },
    display_type: { type: 'selection', string: 'Display Type', related: 'attribute_id.display_type', selection: DISPLAY_TYPES, readonly: true },
    color: { type: 'integer', string: 'Color Index', default: randomColor },
    image: { type: 'binary', string: 'Image', help: 'You can upload an image that will be used as the color of the attribute value.' },
  },
  _sql_constraints: [['value_company_uniq', 'unique (name, attribute_id)', 'You cannot create two values with the same name for the same attribute.']],
  methods: (Base) => class extends Base {
    _compute_is_used_on_products(): Map<number, unknown> {
      const vals = this._values(['pav_attribute_line_ids']);
      return new Map(this.ids.map((id) => [id, ((vals.get(id)?.pav_attribute_line_ids as number[]) ?? []).length > 0]));
    }
    /** "Legs: Steel" unless context show_attribute is False. */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'attribute_id']);
      if (this.env.context.show_attribute === false) return new Map(this.ids.map((id) => [id, vals.get(id)?.name ?? false]));
      const attrs = this.env.model('product.attribute').sudo().browse([...new Set([...vals.values()].map((v) => v.attribute_id as number))])._values(['name']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, `${attrs.get(v.attribute_id as number)?.name ?? ''}: ${v.name}`];
      }));
    }
    _write(vals: Vals): void {
      if ('attribute_id' in vals) {
        for (const [id, v] of this._values(['attribute_id', 'pav_attribute_line_ids', 'display_name'])) {
          const lines = v.pav_attribute_line_ids as number[];
          if (v.attribute_id !== vals.attribute_id && lines.length) {
            throw new UserError(`You cannot change the attribute of the value ${v.display_name} because it is used on the following products: ${templateNames(this.env, lines)}`);
          }
          void id;
        }
      }
      super._write(vals);
    }
    unlink(): boolean {
      for (const [, v] of this._values(['pav_attribute_line_ids', 'display_name'])) {
        const lines = v.pav_attribute_line_ids as number[];
        if (lines.length) {
          throw new UserError(`You cannot delete the value ${v.display_name} because it is used on the following products:\n${templateNames(this.env, lines)}\n If the value has been associated to a product in the past, you will not be able to delete it.`);
        }
      }
      return super.unlink();
    }
  },
};

export const productTemplateAttributeLine: ModelDecl = {
  _name: 'product.template.attribute.line',
  _description: 'Product Template Attribute Line',
  _rec_name: 'attribute_id',
  _rec_names_search: ['attribute_id', 'value_ids'],
  _order: 'sequence, attribute_id, id',
  fields: {
    active: { type: 'boolean', string: 'Active', default: true },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', ondelete: 'cascade', required: true, index: true },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    attribute_id: { type: 'many2one', comodel: 'product.attribute', string: 'Attribute', ondelete: 'restrict', required: true, index: true },
    value_ids: {
      type: 'many2many', comodel: 'product.attribute.value', string: 'Values', domain: "[('attribute_id', '=', attribute_id)]",
      relation: 'product_attribute_value_product_template_attribute_line_rel',
      column1: 'product_template_attribute_line_id', column2: 'product_attribute_value_id',
    },
    value_count: { type: 'integer', string: 'Value Count', compute: '_compute_value_count', store: true, depends: ['value_ids'], readonly: true },
    product_template_value_ids: { type: 'one2many', comodel: 'product.template.attribute.value', inverse_name: 'attribute_line_id', string: 'Product Attribute Values' },
  },
  constrains: { _check_valid_values: ['active', 'value_ids', 'attribute_id'] },
  methods: (Base) => class extends Base {
    _compute_value_count(): Map<number, unknown> {
      const vals = this._values(['value_ids']);
      return new Map(this.ids.map((id) => [id, ((vals.get(id)?.value_ids as number[]) ?? []).length]));
    }
    _check_valid_values(): void {
      const vals = this.sudo().withContext({ active_test: false })._values(['active', 'value_ids', 'attribute_id', 'product_tmpl_id']);
      for (const [, v] of vals) {
        const attr = this.env.model('product.attribute').sudo().browse([v.attribute_id as number]);
        const tmpl = this.env.model('product.template').sudo().browse([v.product_tmpl_id as number]);
        const values = v.value_ids as number[];
        if (v.active && !values.length) {
          throw new ValidationError(`The attribute ${attr._displayNames().get(attr.ids[0])} must have at least one value for the product ${tmpl._displayNames().get(tmpl.ids[0])}.`);
        }
        const pavs = this.env.model('product.attribute.value').sudo().browse(values);
        for (const [pavId, pv] of pavs._values(['attribute_id'])) {
          if (pv.attribute_id !== v.attribute_id) {
            throw new ValidationError(`On the product ${tmpl._displayNames().get(tmpl.ids[0])} you cannot associate the value ${pavs.browse([pavId])._displayNames().get(pavId)} with the attribute ${attr._displayNames().get(attr.ids[0])} because they do not match.`);
          }
        }
      }
    }
    /** An archived line of the same template and attribute is reactivated instead of a new one (product_template_attribute_line.py create). */
    _create(valsList: Vals[]): this {
      const reactivated: number[] = [];
      const toCreate: Vals[] = [];
      for (const value of valsList) {
        const archived = this.sudo()._searchIds([['active', '=', false], ['product_tmpl_id', '=', value.product_tmpl_id ?? 0], ['attribute_id', '=', value.attribute_id ?? 0]], { limit: 1 });
        if (archived.length) {
          const { product_tmpl_id: _t, attribute_id: _a, ...rest } = value;
          this.browse(archived).withContext({ ...this.env.context, update_product_template_attribute_values: false })._write({ ...rest, active: value.active ?? true });
          reactivated.push(archived[0]);
        } else toCreate.push(value);
      }
      const created = toCreate.length ? super._create(toCreate) : this.browse([]);
      const res = this.browse([...reactivated, ...created.ids]);
      const order = new Map<number, number[]>();
      created.ids.forEach((id, i) => order.set(id, commandOrder(toCreate[i].value_ids)));
      if (this.env.context.create_product_product !== false) res._update_product_template_attribute_values(order);
      return res;
    }
    _write(vals: Vals): void {
      const v = { ...vals };
      if ('product_tmpl_id' in v || 'attribute_id' in v) {
        for (const [, cur] of this._values(['product_tmpl_id', 'attribute_id', 'display_name'])) {
          const attrName = this.env.model('product.attribute').sudo().browse([cur.attribute_id as number])._displayNames().get(cur.attribute_id as number);
          const tmplName = this.env.model('product.template').sudo().browse([cur.product_tmpl_id as number])._displayNames().get(cur.product_tmpl_id as number);
          if ('product_tmpl_id' in v && cur.product_tmpl_id !== v.product_tmpl_id) {
            throw new UserError(`You cannot move the attribute ${attrName} from the product ${tmplName} to the product ${v.product_tmpl_id}.`);
          }
          if ('attribute_id' in v && cur.attribute_id !== v.attribute_id) {
            throw new UserError(`On the product ${tmplName} you cannot transform the attribute ${attrName} into the attribute ${v.attribute_id}.`);
          }
        }
      }
      if ('active' in v && !v.active) v.value_ids = [[5]];
      super._write(v);
      const order = new Map(this.ids.map((id) => [id, commandOrder(v.value_ids)]));
      if (this.env.context.update_product_template_attribute_values !== false) this._update_product_template_attribute_values(order);
    }
    unlink(): boolean {
      const recs = this.sudo().withContext({ active_test: false });
      const ptavs = recs.rel('product_template_value_ids') as AnyModel;
      const active = ptavs.browse([...ptavs._values(['ptav_active'])].filter(([, v]) => v.ptav_active).map(([id]) => id));
      if (active.ids.length) active.unlink();
      const templates = [...new Set([...recs._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number))];
      const archived: number[] = [];
      for (const id of this.ids) {
        try {
          this.env.cr.transaction(() => super.unlink.call(this.browse([id])));
        } catch {
          archived.push(id);
        }
      }
      if (archived.length) this.browse(archived).action_archive();
      const archivedTemplates = new Set([...this.browse(archived)._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number));
      const rest = templates.filter((t) => !archivedTemplates.has(t));
      if (rest.length) this.env.model('product.template').sudo().browse(rest).exists()._create_variant_ids();
      return true;
    }

    /**
     * Data files: give xml ids to the template values a line created, in their order
     * (what Odoo's demo does with ir.model.data._update_xmlids on product_template_value_ids[i]; None skips a position).
     */
    _demo_name_values(lineId: number, xmlids: Array<string | null | false>): void {
      const ptavs = this.env.model('product.template.attribute.value').sudo().withContext({ active_test: false })
        ._searchIds([['attribute_line_id', '=', lineId]], { order: 'attribute_line_id, product_attribute_value_id, id' });
      xmlids.forEach((xmlid, i) => {
        if (!xmlid || ptavs[i] === undefined || this.env.xmlidLookup(xmlid)) return;
        new DataLoader(this.env, xmlid.split('.')[0]).register(xmlid, 'product.template.attribute.value', ptavs[i], true);
      });
    }

    /**
     * Create, reactivate or remove the template values of each line so that they match
     * `value_ids`, then regenerate the variants (product_template_attribute_line.py).
     */
    _update_product_template_attribute_values(givenOrder: Map<number, number[]> = new Map()): void {
      const PTAV = this.env.model('product.template.attribute.value').sudo().withContext({ active_test: false });
      const toCreate: Vals[] = [];
      const toUnlink = new Set<number>();
      const lines = this.sudo().withContext({ active_test: false });
      const lineVals = lines._values(['value_ids', 'product_tmpl_id', 'attribute_id']);
      for (const id of this.ids) {
        const line = lineVals.get(id);
        if (!line) continue;
        const remaining = new Set(line.value_ids as number[]);
        const toActivate: number[] = [];
        const existing = PTAV._searchIds([['attribute_line_id', '=', id]], { order: 'attribute_line_id, product_attribute_value_id, id' });
        for (const [ptavId, pv] of PTAV.browse(existing)._values(['product_attribute_value_id', 'ptav_active'])) {
          if (!remaining.has(pv.product_attribute_value_id as number)) {
            if (pv.ptav_active) toUnlink.add(ptavId);
          } else {
            remaining.delete(pv.product_attribute_value_id as number);
            if (!pv.ptav_active) toActivate.push(ptavId);
          }
        }
        // new values in the order the client gave them (Odoo iterates the values it just
        // received), the others in product.attribute.value's order
        const ordered = this.env.model('product.attribute.value').sudo().browse([...remaining]);
        const given = (givenOrder.get(id) ?? []).filter((p) => remaining.has(p));
        const pavOrder = [...new Set([...given, ...ordered._searchIds([['id', 'in', [...remaining]]], { order: 'attribute_id, sequence, id' })])];
        const extras = ordered._values(['default_extra_price']);
        for (const pav of pavOrder) {
          const archived = PTAV._searchIds([['ptav_active', '=', false], ['product_tmpl_id', '=', line.product_tmpl_id], ['attribute_id', '=', line.attribute_id], ['product_attribute_value_id', '=', pav]], { limit: 1 });
          if (archived.length) {
            PTAV.browse(archived)._write({ ptav_active: true, attribute_line_id: id });
            toUnlink.delete(archived[0]);
          } else {
            toCreate.push({ product_attribute_value_id: pav, attribute_line_id: id, price_extra: extras.get(pav)?.default_extra_price ?? 0 });
          }
        }
        if (toActivate.length) PTAV.browse(toActivate)._write({ ptav_active: true });
        if (toUnlink.size) PTAV.browse([...toUnlink])._write({ ptav_active: false });
      }
      if (toUnlink.size) PTAV.browse([...toUnlink]).unlink();
      if (toCreate.length) PTAV._create(toCreate);
      const templates = [...new Set([...lineVals.values()].map((v) => v.product_tmpl_id as number))];
      this.env.model('product.template').sudo().browse(templates)._create_variant_ids();
    }
  },
};

/** The value ids a many2many command list mentions, in its order ((6, 0, ids), (4, id), or plain ids). */
function commandOrder(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  if (value.every((x) => typeof x === 'number')) return value as number[];
  const out: number[] = [];
  for (const cmd of value) {
    if (!Array.isArray(cmd)) continue;
    if (cmd[0] === 6 && Array.isArray(cmd[2])) out.push(...(cmd[2] as number[]));
    else if (cmd[0] === 4 && typeof cmd[1] === 'number') out.push(cmd[1]);
  }
  return out;
}

export const productTemplateAttributeValue: ModelDecl = {
  _name: 'product.template.attribute.value',
  _description: 'Product Template Attribute Value',
  _order: 'attribute_line_id, product_attribute_value_id, id',
  fields: {
    ptav_active: { type: 'boolean', string: 'Active', default: true },
    name: { type: 'char', string: 'Value', related: 'product_attribute_value_id.name', readonly: true, translate: true },
    product_attribute_value_id: { type: 'many2one', comodel: 'product.attribute.value', string: 'Attribute Value', required: true, ondelete: 'cascade', index: true },
    attribute_line_id: { type: 'many2one', comodel: 'product.template.attribute.line', string: 'Attribute Line', required: true, ondelete: 'cascade', index: true },
    price_extra: {
      type: 'float', string: 'Value Price Extra', default: 0.0, digits: [16, 2],
      help: 'Extra price for the variant with this attribute value on sale price. eg. 200 price extra, 1000 + 200 = 1200.',
    },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'attribute_line_id.product_tmpl_id.currency_id', readonly: true },
    exclude_for: {
      type: 'one2many', comodel: 'product.template.attribute.exclusion', inverse_name: 'product_template_attribute_value_id', string: 'Exclude for',
      help: 'Make this attribute value not compatible with other values of the product or some attribute values of optional and accessory products.',
    },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', related: 'attribute_line_id.product_tmpl_id', store: true, index: true, readonly: true },
    attribute_id: { type: 'many2one', comodel: 'product.attribute', string: 'Attribute', related: 'attribute_line_id.attribute_id', store: true, index: true, readonly: true },
    ptav_product_variant_ids: {
      type: 'many2many', comodel: 'product.product', string: 'Related Variants', readonly: true,
      relation: 'product_variant_combination', column1: 'product_template_attribute_value_id', column2: 'product_product_id',
    },
    html_color: { type: 'char', string: 'HTML Color Index', related: 'product_attribute_value_id.html_color', readonly: true },
    is_custom: { type: 'boolean', string: 'Is custom value', related: 'product_attribute_value_id.is_custom', readonly: true },
    display_type: { type: 'selection', string: 'Display Type', related: 'product_attribute_value_id.display_type', selection: DISPLAY_TYPES, readonly: true },
    color: { type: 'integer', string: 'Color', default: randomColor },
    image: { type: 'binary', string: 'Image', related: 'product_attribute_value_id.image', readonly: true },
  },
  _sql_constraints: [['attribute_value_unique', 'unique(attribute_line_id, product_attribute_value_id)', 'Each value should be defined only once per attribute per product.']],
  methods: (Base) => class extends Base {
    /** "Legs: Steel" (product_template_attribute_value.py _compute_display_name). */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'attribute_id']);
      const attrs = this.env.model('product.attribute').sudo().browse([...new Set([...vals.values()].map((v) => v.attribute_id as number))])._values(['name']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, `${attrs.get(v.attribute_id as number)?.name ?? false}: ${v.name}`];
      }));
    }
    _create(valsList: Vals[]): this {
      if (valsList.some((v) => 'ptav_product_variant_ids' in v)) {
        throw new UserError('You cannot update related variants from the values. Please update related values from the variants.');
      }
      return super._create(valsList);
    }
    _write(vals: Vals): void {
      if ('ptav_product_variant_ids' in vals) {
        throw new UserError('You cannot update related variants from the values. Please update related values from the variants.');
      }
      if ('product_attribute_value_id' in vals || 'product_tmpl_id' in vals) {
        for (const [id, v] of this._values(['product_attribute_value_id', 'product_tmpl_id'])) {
          const name = this.browse([id])._displayNames().get(id);
          const product = this.env.model('product.template').sudo().browse([v.product_tmpl_id as number])._displayNames().get(v.product_tmpl_id as number);
          if ('product_attribute_value_id' in vals && v.product_attribute_value_id !== vals.product_attribute_value_id) {
            throw new UserError(`You cannot change the value of the value ${name} set on product ${product}.`);
          }
          if ('product_tmpl_id' in vals && v.product_tmpl_id !== vals.product_tmpl_id) {
            throw new UserError(`You cannot change the product of the value ${name} set on product ${product}.`);
          }
        }
      }
      super._write(vals);
      if ('exclude_for' in vals) this._templates()._create_variant_ids();
    }
    _templates(): AnyModel {
      const ids = [...new Set([...this.sudo()._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number))];
      return this.env.model('product.template').sudo().browse(ids);
    }
    /**
     * Variants using these values are removed (or archived when something still needs them);
     * a value that cannot be deleted is archived (product_template_attribute_value.py unlink).
     */
    unlink(): boolean {
      const recs = this.sudo();
      for (const [id, v] of recs._values(['attribute_line_id', 'ptav_product_variant_ids'])) {
        const siblings = this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM product_template_attribute_value WHERE attribute_line_id = ?', [v.attribute_line_id as number])!.n;
        if (siblings === 1 && (v.ptav_product_variant_ids as number[]).length) {
          this.env.model('product.product').sudo().withContext({ active_test: false }).browse(v.ptav_product_variant_ids as number[])._write({ product_template_attribute_value_ids: [[3, id]] });
        }
      }
      this.env.cache.invalidate();
      const variants = [...new Set([...recs.withContext({ active_test: false })._values(['ptav_product_variant_ids']).values()].flatMap((v) => v.ptav_product_variant_ids as number[]))];
      if (variants.length) this.env.model('product.product').sudo().withContext({ active_test: false }).browse(variants)._unlink_or_archive();
      const archive: number[] = [];
      for (const id of this.ids) {
        try {
          this.env.cr.transaction(() => super.unlink.call(this.browse([id])));
        } catch {
          archive.push(id);
        }
      }
      if (archive.length) this.browse(archive)._write({ ptav_active: false });
      return true;
    }
  },
};

export const productTemplateAttributeExclusion: ModelDecl = {
  _name: 'product.template.attribute.exclusion',
  _description: 'Product Template Attribute Exclusion',
  _order: 'product_tmpl_id, id',
  fields: {
    product_template_attribute_value_id: { type: 'many2one', comodel: 'product.template.attribute.value', string: 'Attribute Value', ondelete: 'cascade', index: true },
    product_tmpl_id: { type: 'many2one', comodel: 'product.template', string: 'Product Template', ondelete: 'cascade', required: true, index: true },
    value_ids: {
      type: 'many2many', comodel: 'product.template.attribute.value', string: 'Attribute Values',
      relation: 'product_attr_exclusion_value_ids_rel', column1: 'product_template_attribute_exclusion_id', column2: 'product_template_attribute_value_id',
      domain: "[('product_tmpl_id', '=', product_tmpl_id), ('ptav_active', '=', True)]",
    },
  },
  methods: (Base) => class extends Base {
    _templateIds(): number[] {
      return [...new Set([...this.sudo()._values(['product_tmpl_id']).values()].map((v) => v.product_tmpl_id as number))];
    }
    _create(valsList: Vals[]): this {
      const records = super._create(valsList);
      this.env.model('product.template').sudo().browse(records._templateIds())._create_variant_ids();
      return records;
    }
    _write(vals: Vals): void {
      const before = 'product_tmpl_id' in vals ? this._templateIds() : [];
      super._write(vals);
      this.env.model('product.template').sudo().browse([...new Set([...before, ...this._templateIds()])])._create_variant_ids();
    }
    _unlink(): void {
      const templates = this._templateIds();
      super._unlink();
      this.env.model('product.template').sudo().browse(templates).exists()._create_variant_ids();
    }
  },
};

export const productAttributeCustomValue: ModelDecl = {
  _name: 'product.attribute.custom.value',
  _description: 'Product Attribute Custom Value',
  _order: 'custom_product_template_attribute_value_id, id',
  fields: {
    name: { type: 'char', string: 'Name', compute: '_compute_name', depends: ['custom_product_template_attribute_value_id.name', 'custom_value'] },
    custom_product_template_attribute_value_id: { type: 'many2one', comodel: 'product.template.attribute.value', string: 'Attribute Value', required: true, ondelete: 'restrict' },
    custom_value: { type: 'char', string: 'Custom Value' },
  },
  methods: (Base) => class extends Base {
    _compute_name(): Map<number, unknown> {
      const vals = this._values(['custom_product_template_attribute_value_id', 'custom_value']);
      const ptavs = this.env.model('product.template.attribute.value').sudo().browse([...new Set([...vals.values()].map((v) => v.custom_product_template_attribute_value_id as number))])._displayNames();
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        let name = String(v.custom_value || '').trim();
        const ptav = ptavs.get(v.custom_product_template_attribute_value_id as number);
        if (ptav) name = `${ptav}: ${name}`;
        return [id, name];
      }));
    }
  },
};

export const productAttributeModels: ModelDecl[] = [
  productAttribute, productAttributeValue, productTemplateAttributeLine, productTemplateAttributeValue,
  productTemplateAttributeExclusion, productAttributeCustomValue,
];
