/**
 * product.category: the category tree of products (product/models/product_category.py).
 * `complete_name` ("All / Saleable / Office Furniture") is stored and is the display name;
 * `parent_path` ("1/2/8/") is maintained here because pricelist rules match categories by it.
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';

export const productCategory: ModelDecl = {
  _name: 'product.category',
  _description: 'Product Category',
  _parent_name: 'parent_id',
  _parent_store: true,
  _rec_name: 'complete_name',
  _order: 'complete_name',
  fields: {
    name: { type: 'char', string: 'Name', required: true, index: true },
    complete_name: { type: 'char', string: 'Complete Name', compute: '_compute_complete_name', store: true, depends: ['name', 'parent_id.complete_name'] },
    parent_id: { type: 'many2one', comodel: 'product.category', string: 'Parent Category', index: true, ondelete: 'cascade' },
    parent_path: { type: 'char', string: 'Parent Path', index: true },
    child_id: { type: 'one2many', comodel: 'product.category', inverse_name: 'parent_id', string: 'Child Categories' },
    product_count: {
      type: 'integer', string: '# Products', compute: '_compute_product_count',
      help: 'The number of products under this category (Does not consider the children categories)',
    },
  },
  constrains: { _check_category_recursion: ['parent_id'] },
  methods: (Base) => class extends Base {
    _compute_complete_name(): Map<number, unknown> {
      const vals = this._values(['name', 'parent_id']);
      const parents = [...new Set([...vals.values()].map((v) => v.parent_id).filter((p): p is number => typeof p === 'number'))];
      const parentNames = this.browse(parents)._values(['complete_name']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const parent = typeof v.parent_id === 'number' ? parentNames.get(v.parent_id)?.complete_name : false;
        return [id, parent ? `${parent} / ${v.name}` : v.name];
      }));
    }
    /** Templates in the category or its children (product_category.py _compute_product_count). */
    _compute_product_count(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const categories = this._childrenOf([id], 'parent_id');
        const row = this.env.cr.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM product_template WHERE active = 1 AND categ_id IN (${categories.map(() => '?').join(',')})`, categories);
        return [id, row?.n ?? 0];
      }));
    }
    _check_category_recursion(): void {
      if (this._hasCycle('parent_id')) throw new ValidationError('You cannot create recursive categories.');
    }

    _create(valsList: Vals[]): this {
      const records = super._create(valsList);
      records._updateParentPath();
      return records;
    }
    _write(vals: Vals): void {
      // the parent path is updated before anything else: a move under its own child fails there
      if (typeof vals.parent_id === 'number' && this.ids.some((id) => this._childrenOf([id], 'parent_id').includes(vals.parent_id as number))) {
        throw new UserError('Recursion Detected.');
      }
      super._write(vals);
      if ('parent_id' in vals) {
        // the moved categories and everything below them get a new path
        this.browse(this._childrenOf(this.ids, 'parent_id'))._updateParentPath();
      }
    }
    /** parent_path = the parent's path + own id + '/', parents first. */
    _updateParentPath(): void {
      const ids = [...this.ids].sort((a, b) => this._parentsOf([a], 'parent_id').length - this._parentsOf([b], 'parent_id').length);
      for (const id of ids) {
        const chain = this._parentsOf([id], 'parent_id');
        // _parentsOf walks upwards from the record: reverse it to read root first
        const path = `${chain.reverse().join('/')}/`;
        this.env.cr.run('UPDATE product_category SET parent_path = ? WHERE id = ?', [path, id]);
      }
      this.env.cache.invalidate('product.category');
    }

    unlink(): boolean {
      const all = this.env.xmlidLookup('product.product_category_all');
      if (all && this.ids.includes(all[1])) throw new UserError('You cannot delete this product category, it is the default generic category.');
      const expense = this.env.xmlidLookup('product.cat_expense');
      if (expense && this.ids.includes(expense[1])) {
        const name = this.sudo().browse([expense[1]]).get('name');
        throw new UserError(`You cannot delete the ${name} product category.`);
      }
      return super.unlink();
    }
    name_create(name: unknown): [number, string | false] {
      const category = this.create({ name });
      return [category.ids[0], category._displayNames().get(category.ids[0]) ?? false];
    }
    _compute_display_name(): Map<number, unknown> {
      if (this.env.context.hierarchical_naming === false) {
        const vals = this._values(['name']);
        return new Map(this.ids.map((id) => [id, vals.get(id)?.name ?? false]));
      }
      return super._compute_display_name();
    }
  },
};
