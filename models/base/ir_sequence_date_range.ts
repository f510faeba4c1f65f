/**
 * ir.sequence.date_range and sequences numbered per date range (ir_sequence.py use_date_range):
 * the range holding the sequence date gives the number, a missing one is created for the year
 * (bounded by neighbouring ranges), and %(range_year)s etc. interpolate the range's start.
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import { param } from '../orm/signature';
import { UserError } from '../orm/exceptions';
import { missingError } from '../tools/missing';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Python strftime fields of the sequence interpolation dict for one date. */
function interpolationOf(date: Date): Record<string, string> {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const doy = Math.floor((date.getTime() - start) / 86400000) + 1;
  const jan1 = new Date(start).getUTCDay();
  const woy = Math.floor((doy + ((jan1 + 6) % 7) - 1) / 7);
  const h = date.getUTCHours();
  return {
    year: String(date.getUTCFullYear()), month: pad(date.getUTCMonth() + 1), day: pad(date.getUTCDate()), y: pad(date.getUTCFullYear() % 100),
    doy: pad(doy, 3), woy: pad(woy), weekday: String(date.getUTCDay()), h24: pad(h), h12: pad(h % 12 || 12), min: pad(date.getUTCMinutes()), sec: pad(date.getUTCSeconds()),
  };
}

/** _get_prefix_suffix's interpolation: effective date, range date and now (UTC). */
export function sequenceInterpolation(effective: string | null, range: string | null, nowMs: number = Date.now()): Record<string, string> {
  const now = new Date(nowMs);
  const eff = effective ? new Date(`${effective.slice(0, 10)}T${effective.slice(11, 19) || '00:00:00'}Z`) : now;
  const rng = range ? new Date(`${range.slice(0, 10)}T00:00:00Z`) : now;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(interpolationOf(eff))) out[k] = v;
  for (const [k, v] of Object.entries(interpolationOf(rng))) out[`range_${k}`] = v;
  for (const [k, v] of Object.entries(interpolationOf(now))) out[`current_${k}`] = v;
  return out;
}

export const irSequenceDateRange: ModelDecl = {
  _name: 'ir.sequence.date_range',
  _description: 'Sequence Date Range',
  _rec_name: 'sequence_id',
  fields: {
    date_from: { type: 'date', string: 'From', required: true },
    date_to: { type: 'date', string: 'To', required: true },
    sequence_id: { type: 'many2one', comodel: 'ir.sequence', string: 'Main Sequence', required: true, ondelete: 'cascade' },
    number_next: { type: 'integer', string: 'Next Number', required: true, default: 1, help: 'Next number of this sequence' },
    number_next_actual: { type: 'integer', string: 'Actual Next Number', compute: '_get_number_next_actual', inverse: '_set_number_next_actual', help: 'Next number that will be used. This number can be incremented frequently so the displayed value might already be obsolete' },
  },
  methods: (Base) => class extends Base {
    _get_number_next_actual(): Map<number, unknown> {
      const vals = this._values(['number_next']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.number_next ?? 1]));
    }

    _set_number_next_actual(_f: Field, value: unknown): void {
      this._write({ number_next: value || 1 });
    }

    default_get(fieldsList: unknown): Vals {
      const res = super.default_get(fieldsList);
      if (Array.isArray(fieldsList) && fieldsList.includes('number_next_actual')) res.number_next_actual = 1;
      return res;
    }

    /** The range's next number, formatted by its sequence with the range start interpolated. */
    _nextInRange(effectiveDate: string): string {
      const v = this._values(['sequence_id', 'number_next', 'date_from']).get(this.ids[0])!;
      const seq = this.env.model('ir.sequence').sudo().browse([v.sequence_id as number]);
      const inc = seq.get('number_increment') as number;
      this.env.cr.run('UPDATE ir_sequence_date_range SET number_next = number_next + ? WHERE id = ?', [inc, this.ids[0]]);
      this.env.cache.invalidate('ir.sequence.date_range');
      return seq._formatNumber(v.number_next as number, effectiveDate, v.date_from as string);
    }
  },
};

export const irSequenceDateRanges: ModelDecl = {
  _inherit: 'ir.sequence',
  fields: {
    use_date_range: { type: 'boolean', string: 'Use subsequences per date_range' },
    date_range_ids: { type: 'one2many', comodel: 'ir.sequence.date_range', inverse_name: 'sequence_id', string: 'Subsequences' },
  },
  rpc: {
    next_by_code: { api: 'model', params: ['sequence_code', param('sequence_date', null)] },
    next_by_id: { api: 'multi', params: [param('sequence_date', null)] },
  },
  methods: (Base) => class extends Base {
    /** get_next_char with Odoo's full interpolation dict (%(year)s, %(range_year)s, %(current_year)s ...). */
    _formatNumber(number: number, effective: string | null, range: string | null): string {
      const v = this._values(['prefix', 'suffix', 'padding', 'name']).get(this.ids[0])!;
      const d = sequenceInterpolation(effective ?? (this.env.context.ir_sequence_date as string) ?? null, range ?? (this.env.context.ir_sequence_date_range as string) ?? null, this.env.cr.clock.now());
      const interp = (s: unknown) => {
        if (typeof s !== 'string' || !s) return '';
        return s.replace(/%\((\w+)\)s|%%/g, (m, k: string | undefined) => {
          if (m === '%%') return '%';
          if (!(k! in d)) throw new UserError(`Invalid prefix or suffix for sequence '${v.name}'`);
          return d[k!];
        });
      };
      return `${interp(v.prefix)}${String(number).padStart(v.padding as number, '0')}${interp(v.suffix)}`;
    }

    _next(sequenceDate: unknown = null): string {
      const v = this._values(['use_date_range', 'number_next', 'number_increment']).get(this.ids[0])!;
      const dt = (typeof sequenceDate === 'string' && sequenceDate) || (this.env.context.ir_sequence_date as string) || new Date(this.env.cr.clock.now()).toISOString().slice(0, 10);
      if (!v.use_date_range) {
        this.env.cr.run('UPDATE ir_sequence SET number_next = number_next + ? WHERE id = ?', [v.number_increment as number, this.ids[0]]);
        this.env.cache.invalidate('ir.sequence');
        return this._formatNumber(v.number_next as number, typeof sequenceDate === 'string' ? sequenceDate : null, null);
      }
      const Ranges = this.env.model('ir.sequence.date_range').sudo();
      const date = dt.slice(0, 10);
      let ids = Ranges._searchIds([['sequence_id', '=', this.ids[0]], ['date_from', '<=', date], ['date_to', '>=', date]], { limit: 1 });
      if (!ids.length) ids = this._createDateRangeSeq(date).ids;
      return Ranges.browse(ids)._nextInRange(dt);
    }

    _createDateRangeSeq(date: string) {
      const Ranges = this.env.model('ir.sequence.date_range').sudo();
      const year = date.slice(0, 4);
      let from = `${year}-01-01`;
      let to = `${year}-12-31`;
      const after = Ranges._searchIds([['sequence_id', '=', this.ids[0]], ['date_from', '>=', date], ['date_from', '<=', to]], { order: 'date_from desc', limit: 1 });
      if (after.length) to = addDays(Ranges.browse(after).get('date_from') as string, -1);
      const before = Ranges._searchIds([['sequence_id', '=', this.ids[0]], ['date_to', '>=', from], ['date_to', '<=', date]], { order: 'date_to desc', limit: 1 });
      if (before.length) from = addDays(Ranges.browse(before).get('date_to') as string, 1);
      return Ranges.create({ date_from: from, date_to: to, sequence_id: this.ids[0] });
    }

    next_by_id(sequenceDate: unknown = null): string {
      this.check_access_rights('read');
      this.ensureOne();
      if (!this.exists().ids.length) throw missingError(this, this.ids);
      return this.sudo()._next(sequenceDate);
    }

    next_by_code(code: unknown, sequenceDate: unknown = null): string | false {
      this.check_access_rights('read');
      const { companyId } = this.env.companyInfo();
      const ids = this.sudo()._searchIds([['code', '=', code], ['company_id', 'in', [companyId, false]]], { order: 'company_id' });
      if (!ids.length) return false;
      return this.sudo().browse([ids[0]])._next(sequenceDate);
    }
  },
};
