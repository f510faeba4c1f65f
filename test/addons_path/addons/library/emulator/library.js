// @ts-check
/**
 * The library addon's behaviour for odoo-emulator: the Python bodies the emulator cannot run,
 * written against the emulator's model API (see the README, "Addons: the emulator/ folder").
 * Odoo itself ignores this folder.
 *
 * @type {import('../../../../../models/addons/emulator_api').AddonModule}
 */
module.exports = ({ ValidationError, today }) => ({
  'library.book': (Base) => class extends Base {
    /** @api.depends('loan_ids'): number of loans of each book. */
    _compute_loan_count() {
      const loans = this._values(['loan_ids']);
      return new Map(this.ids.map((id) => [id, (loans.get(id)?.loan_ids ?? []).length]));
    }

    /** @api.constrains('date_published') */
    _check_date_published() {
      for (const [, v] of this._values(['date_published'])) {
        if (v.date_published && String(v.date_published) > today(this)) {
          throw new ValidationError('A book cannot be published in the future.');
        }
      }
    }

    /** Button "Mark as Lost". */
    action_mark_lost() {
      this.write({ state: 'lost' });
      return true;
    }

    /** @api.model */
    get_available_count() {
      return this.search_count([['state', '=', 'available']]);
    }
  },

  'library.loan': (Base) => class extends Base {
    /** @api.depends('book_id.name', 'partner_id.name'), stored. */
    _compute_name() {
      const vals = this.sudo()._values(['book_id', 'partner_id']);
      const out = new Map();
      for (const id of this.ids) {
        const v = vals.get(id) ?? {};
        const book = v.book_id ? this.env.model('library.book').sudo().browse([v.book_id]).get('name') : '';
        const partner = v.partner_id ? this.env.model('res.partner').sudo().browse([v.partner_id]).get('name') : '';
        out.set(id, `${book || ''} - ${partner || ''}`);
      }
      return out;
    }

    /**
     * @api.onchange('book_id'): called by the `onchange` RPC with the form's values, returns the
     * values it changes.
     * @param {import('../../../../../models/addons/emulator_api').Vals} values
     */
    _onchange_book_id(values) {
      return values.book_id ? { date_start: today(this) } : {};
    }

    /** Button "Return": the loan ends today and its book is available again. */
    action_return() {
      this.write({ state: 'done', date_end: today(this) });
      const books = [...new Set(this.mapped('book_id').filter(Boolean))];
      this.env.model('library.book').browse(books).write({ state: 'available' });
      return true;
    }
  },
});
