/**
 * uom addon: units of measure and their categories (sale.md §1.3; uom/models/uom_uom.py).
 * A unit converts to another of its category through the reference unit: `qty / from.factor *
 * to.factor`, rounded UP to the target's rounding (`_compute_quantity`); prices convert the
 * other way (`_compute_price`).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';
import { floatRound, type RoundingMethod } from '../tools/float_utils';

const UOM_TYPES: Array<[string, string]> = [
  ['bigger', 'Bigger than the reference Unit of Measure'],
  ['reference', 'Reference Unit of Measure for this category'],
  ['smaller', 'Smaller than the reference Unit of Measure'],
];

export const uomCategory: ModelDecl = {
  _name: 'uom.category',
  _description: 'Product UoM Categories',
  fields: {
    name: { type: 'char', string: 'Unit of Measure Category', required: true, translate: true },
    uom_ids: { type: 'one2many', comodel: 'uom.uom', inverse_name: 'category_id', string: 'Uom' },
    // a form-view helper in Odoo (store=False, no compute): always empty when read
    reference_uom_id: { type: 'many2one', comodel: 'uom.uom', string: 'Reference UoM', store: false },
  },
};

/** factor_inv given at create/write stands for factor = 1 / factor_inv (uom_uom.py create/write). */
function factorFromInverse(vals: Vals): Vals {
  if (!('factor_inv' in vals)) return vals;
  const { factor_inv: inv, ...rest } = vals;
  const n = Number(inv) || 0;
  return { ...rest, factor: n ? 1.0 / n : 0.0 };
}

/** Units kept out of "used by the system" protection (uom_uom.py _unprotected_uom_xml_ids). */
const UNPROTECTED_XMLIDS = ['product_uom_hour', 'product_uom_dozen'];

export const uomUom: ModelDecl = {
  _name: 'uom.uom',
  _description: 'Product Unit of Measure',
  _order: 'factor DESC, id',
  fields: {
    name: { type: 'char', string: 'Unit of Measure', required: true, translate: true },
    category_id: {
      type: 'many2one', comodel: 'uom.category', string: 'Category', required: true, ondelete: 'restrict',
      help: 'Conversion between Units of Measure can only occur if they belong to the same category. The conversion will be made based on the ratios.',
    },
    factor: {
      type: 'float', string: 'Ratio', default: 1.0, required: true,
      help: 'How much bigger or smaller this unit is compared to the reference Unit of Measure for this category: 1 * (reference unit) = ratio * (this unit)',
    },
    factor_inv: {
      type: 'float', string: 'Bigger Ratio', compute: '_compute_factor_inv', depends: ['factor'], readonly: true, required: true,
      help: 'How many times this Unit of Measure is bigger than the reference Unit of Measure in this category: 1 * (this unit) = ratio * (reference unit)',
    },
    rounding: {
      type: 'float', string: 'Rounding Precision', default: 0.01, required: true,
      help: 'The computed quantity will be a multiple of this value. Use 1.0 for a Unit of Measure that cannot be further split, such as a piece.',
    },
    active: { type: 'boolean', string: 'Active', default: true, help: 'Uncheck the active field to disable a unit of measure without deleting it.' },
    uom_type: { type: 'selection', string: 'Type', selection: UOM_TYPES, default: 'reference', required: true },
    ratio: { type: 'float', string: 'Combined Ratio', compute: '_compute_ratio', inverse: '_set_ratio', depends: ['uom_type', 'factor'], store: false },
    color: { type: 'integer', string: 'Color', compute: '_compute_color', depends: ['uom_type'] },
  },
  _sql_constraints: [
    ['factor_gt_zero', 'CHECK (factor!=0)', 'The conversion ratio for a unit of measure cannot be 0!'],
    ['rounding_gt_zero', 'CHECK (rounding>0)', 'The rounding precision must be strictly positive.'],
    ['factor_reference_is_one', "CHECK((uom_type = 'reference' AND factor = 1.0) OR (uom_type != 'reference'))", 'The reference unit must have a conversion factor equal to 1.'],
  ],
  methods: (Base) => class extends Base {
    _compute_factor_inv(): Map<number, unknown> {
      const vals = this._values(['factor']);
      return new Map(this.ids.map((id) => {
        const f = Number(vals.get(id)?.factor) || 0;
        return [id, f ? 1.0 / f : 0.0];
      }));
    }
    _compute_ratio(): Map<number, unknown> {
      const vals = this._values(['uom_type', 'factor']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const f = Number(v.factor) || 0;
        return [id, v.uom_type === 'reference' ? 1 : v.uom_type === 'bigger' ? (f ? 1 / f : 0) : f];
      }));
    }
    _set_ratio(_f: unknown, value: unknown): void {
      const ratio = Number(value) || 0;
      if (ratio === 0) throw new ValidationError('The value of ratio could not be Zero');
      for (const [id, v] of this._values(['uom_type'])) {
        const factor = v.uom_type === 'reference' ? 1 : v.uom_type === 'bigger' ? 1 / ratio : ratio;
        this.browse([id])._write({ factor });
      }
    }
    _compute_color(): Map<number, unknown> {
      const vals = this._values(['uom_type']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.uom_type === 'reference' ? 7 : 0]));
    }

    _create(valsList: Vals[]): this {
      const records = super._create(valsList.map(factorFromInverse));
      records._checkCategoryReferenceUniqueness();
      return records;
    }
    _write(vals: Vals): void {
      const v = factorFromInverse(vals);
      super._write(v);
      if ((!('uom_type' in v) || v.uom_type !== 'reference') && !this.env.context.allow_to_change_reference) this._checkCategoryReferenceUniqueness();
    }
    unlink(): boolean {
      const locked = this._protectedUoms();
      if (locked.length) {
        throw new UserError(`The following units of measure are used by the system and cannot be deleted: ${locked.join(', ')}\nYou can archive them instead.`);
      }
      return super.unlink();
    }

    /** Names of the uom module's own units among these (uom_uom.py _filter_protected_uoms). */
    _protectedUoms(): string[] {
      if (!this.ids.length) return [];
      const rows = this.env.cr.all<{ res_id: number }>(
        `SELECT res_id FROM ir_model_data WHERE model = 'uom.uom' AND module = 'uom' AND res_id IN (${this.ids.map(() => '?').join(',')}) AND name NOT IN (${UNPROTECTED_XMLIDS.map(() => '?').join(',')})`,
        [...this.ids, ...UNPROTECTED_XMLIDS]);
      const names = this.sudo()._values(['name']);
      return rows.map((r) => String(names.get(r.res_id)?.name ?? ''));
    }

    /** One reference unit per category that has units. */
    _checkCategoryReferenceUniqueness(): void {
      const categories = [...new Set([...this.sudo().withContext({ active_test: false })._values(['category_id']).values()].map((v) => v.category_id as number))];
      for (const cid of categories) {
        const counts = this.env.cr.get<{ total: number; refs: number }>(
          "SELECT COUNT(*) AS total, SUM(CASE WHEN uom_type = 'reference' THEN 1 ELSE 0 END) AS refs FROM uom_uom WHERE category_id = ? AND active = 1", [cid])!;
        const name = this.env.model('uom.category').sudo().browse([cid]).get('name');
        if ((counts.refs ?? 0) > 1) throw new ValidationError(`UoM category ${name} should only have one reference unit of measure.`);
        if (!counts.refs && counts.total > 0) throw new ValidationError(`UoM category ${name} should have a reference unit of measure.`);
      }
    }

    /**
     * Convert `qty` of this unit into `toUnit` (uom_uom.py _compute_quantity): through the
     * reference unit, rounded to the target's rounding (UP by default).
     */
    _compute_quantity(qty: number, toUnit: AnyModel | null, round = true, roundingMethod: RoundingMethod = 'UP', raiseIfFailure = true): number {
      if (!this.ids.length || !qty) return qty;
      this.ensureOne();
      const from = this.sudo()._values(['factor', 'category_id', 'name']).get(this.ids[0])!;
      const to = toUnit && toUnit.ids.length ? toUnit.sudo()._values(['factor', 'category_id', 'rounding', 'name']).get(toUnit.ids[0])! : null;
      if (to && toUnit!.ids[0] !== this.ids[0] && from.category_id !== to.category_id) {
        if (raiseIfFailure) {
          throw new UserError(`The unit of measure ${from.name} defined on the order line doesn't belong to the same category as the unit of measure ${to.name} defined on the product. Please correct the unit of measure defined on the order line or on the product, they should belong to the same category.`);
        }
        return qty;
      }
      let amount = qty;
      if (!to || toUnit!.ids[0] !== this.ids[0]) {
        amount = qty / Number(from.factor);
        if (to) amount *= Number(to.factor);
      }
      if (to && round) amount = floatRound(amount, { rounding: Number(to.rounding) }, roundingMethod);
      return amount;
    }

    /** Convert a price per this unit into a price per `toUnit` (uom_uom.py _compute_price). */
    _compute_price(price: number, toUnit: AnyModel | null): number {
      this.ensureOne();
      if (!price || !toUnit || !toUnit.ids.length || toUnit.ids[0] === this.ids[0]) return price;
      const from = this.sudo()._values(['factor', 'category_id']).get(this.ids[0])!;
      const to = toUnit.sudo()._values(['factor', 'category_id']).get(toUnit.ids[0])!;
      if (from.category_id !== to.category_id) return price;
      return price * Number(from.factor) / Number(to.factor);
    }
  },
};

export const uomModels: ModelDecl[] = [uomCategory, uomUom];
