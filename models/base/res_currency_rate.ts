/**
 * res.currency.rate and the rate fields of res.currency (odoo/addons/base/models/res_currency.py):
 * `rate` is units of the currency per unit of the rate-1 currency; company_rate divides by the
 * company currency's latest rate, inverse_company_rate is its inverse; res.currency.rate (and
 * inverse_rate, rate_string) is the currency's latest rate on the context date (default today)
 * relative to the company currency.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import { PyFloat } from '../orm/values';
import { ValidationError } from '../orm/exceptions';

function today(env: BaseModel['env']): string {
  return new Date(env.cr.clock.now()).toISOString().slice(0, 10);
}

/** The latest rate of each currency on `date` for the company (rates without company count too), default 1. */
export function currencyRates(env: BaseModel['env'], currencyIds: number[], companyId: number | false, date: string): Map<number, number> {
  const out = new Map<number, number>(currencyIds.map((id) => [id, 1.0]));
  for (const id of currencyIds) {
    const row = env.cr.get<{ rate: number }>(
      `SELECT rate FROM res_currency_rate WHERE currency_id = ? AND name <= ? AND (company_id IS NULL OR company_id = ?)
        ORDER BY company_id IS NULL, name DESC LIMIT 1`, [id, date, companyId || null]);
    if (row) out.set(id, row.rate);
  }
  return out;
}

export const resCurrencyRate: ModelDecl = {
  _name: 'res.currency.rate',
  _description: 'Currency Rate',
  _rec_names_search: ['name', 'rate'],
  _order: 'name desc',
  _rec_name: 'name',
  fields: {
    name: { type: 'date', string: 'Date', required: true, index: true, default: (m: BaseModel) => today(m.env) },
    rate: { type: 'float', string: 'Technical Rate', group_operator: 'avg', help: 'The rate of the currency to the currency of rate 1' },
    company_rate: { type: 'float', string: 'Company Rate', compute: '_compute_company_rate', inverse: '_inverse_company_rate', group_operator: 'avg', help: 'The currency of rate 1 to the rate of the currency.' },
    inverse_company_rate: { type: 'float', string: 'Inverse Company Rate', compute: '_compute_inverse_company_rate', inverse: '_inverse_inverse_company_rate', group_operator: 'avg', help: 'The rate of the currency to the currency of rate 1 ' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', readonly: true, required: true, ondelete: 'cascade' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId },
  },
  _sql_constraints: [
    ['unique_name_per_day', 'unique (name,currency_id,company_id)', 'Only one currency rate per day allowed!'],
    ['currency_rate_check', 'CHECK (rate>0)', 'The currency rate must be strictly positive.'],
  ],
  constrains: { _check_company_id: ['company_id'] },
  methods: (Base) => class extends Base {
    /** _sanitize_vals: an explicit rate wins over company_rate, which wins over inverse_company_rate. */
    _sanitize(vals: Vals): Vals {
      const v = { ...vals };
      if ('inverse_company_rate' in v && ('company_rate' in v || 'rate' in v)) delete v.inverse_company_rate;
      if ('company_rate' in v && 'rate' in v) delete v.company_rate;
      return v;
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => this._sanitize(v)));
    }

    _write(vals: Vals): void {
      super._write(this._sanitize(vals));
    }

    _check_company_id(): void {
      for (const [, v] of this._values(['company_id'])) {
        if (!v.company_id) continue;
        const parent = this.env.cr.get<{ parent_id: number | null }>('SELECT parent_id FROM res_company WHERE id = ?', [v.company_id as number]);
        if (parent?.parent_id) throw new ValidationError('Currency rates should only be created for main companies');
      }
    }

    /** The rate of the company currency (the rate-1 reference of company_rate). */
    _companyCurrencyRate(companyId: number | false): number {
      const company = companyId || this.env.companyInfo().companyId;
      const row = company ? this.env.cr.get<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = ?', [company]) : null;
      if (!row) return 1;
      const last = this.env.cr.get<{ rate: number }>('SELECT rate FROM res_currency_rate WHERE currency_id = ? AND rate != 0 AND (company_id = ? OR company_id IS NULL) ORDER BY name DESC LIMIT 1', [row.currency_id, company || null]);
      return last?.rate || 1;
    }

    /** _get_latest_rate: the rate of the same currency and company just before this one. */
    _latestRateBefore(v: Vals): number {
      const row = this.env.cr.get<{ rate: number }>('SELECT rate FROM res_currency_rate WHERE currency_id = ? AND rate != 0 AND company_id IS ? AND name < ? ORDER BY name DESC LIMIT 1',
        [v.currency_id as number, (v.company_id as number) || this.env.companyInfo().companyId || null, (v.name as string) || today(this.env)]);
      return row?.rate ?? 0;
    }

    _compute_company_rate(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['rate', 'name', 'currency_id', 'company_id'])) {
        const rate = (v.rate as number) || this._latestRateBefore(v) || 1.0;
        out.set(id, rate / this._companyCurrencyRate(v.company_id as number | false));
      }
      return out;
    }

    _inverse_company_rate(_f: Field, value: unknown): void {
      for (const [id, v] of this._values(['company_id'])) {
        this.browse([id])._write({ rate: numberOf(value) * this._companyCurrencyRate(v.company_id as number | false) });
      }
    }

    _compute_inverse_company_rate(): Map<number, unknown> {
      const company = this._compute_company_rate();
      return new Map([...company].map(([id, r]) => [id, 1.0 / ((r as number) || 1.0)]));
    }

    _inverse_inverse_company_rate(f: Field, value: unknown): void {
      const inverse = numberOf(value) || 1.0;
      this._inverse_company_rate(f, 1.0 / inverse);
    }
  },
};

function numberOf(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  return typeof v === 'number' ? v : Number(v) || 0;
}

/** The rate fields res.currency gains with res.currency.rate. */
export const resCurrencyRates: ModelDecl = {
  _inherit: 'res.currency',
  fields: {
    rate: { type: 'float', string: 'Current Rate', compute: '_compute_current_rate', digits: [12, 6], help: 'The rate of the currency to the currency of rate 1.' },
    inverse_rate: { type: 'float', string: 'Inverse Rate', compute: '_compute_current_rate', digits: [12, 6], help: 'The currency of rate 1 to the rate of the currency.' },
    rate_string: { type: 'char', compute: '_compute_current_rate' },
    rate_ids: { type: 'one2many', comodel: 'res.currency.rate', inverse_name: 'currency_id', string: 'Rates' },
    date: { type: 'date', compute: '_compute_date' },
    is_current_company_currency: { type: 'boolean', compute: '_compute_is_current_company_currency' },
  },
  methods: (Base) => class extends Base {
    _currentRates(): Map<number, { rate: number; inverse: number; label: string }> {
      const ctx = this.env.context;
      const date = typeof ctx.date === 'string' && ctx.date ? ctx.date.slice(0, 10) : today(this.env);
      const companyId = (typeof ctx.company_id === 'number' ? ctx.company_id : this.env.companyInfo().companyId) || false;
      const company = companyId ? this.env.cr.get<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = ?', [companyId]) : null;
      const to = typeof ctx.to_currency === 'number' ? ctx.to_currency : company?.currency_id ?? 0;
      const rates = currencyRates(this.env, [...this.ids, to], companyId, date);
      const names = this.browse([...this.ids, to])._values(['name']);
      const out = new Map<number, { rate: number; inverse: number; label: string }>();
      for (const id of this.ids) {
        const rate = (rates.get(id) || 1.0) / (rates.get(to) || 1.0);
        const label = id !== company?.currency_id ? `1 ${names.get(to)?.name} = ${rate.toFixed(6)} ${names.get(id)?.name}` : '';
        out.set(id, { rate, inverse: 1 / rate, label });
      }
      return out;
    }

    _compute_current_rate(f: Field): Map<number, unknown> {
      const rates = this._currentRates();
      return new Map([...rates].map(([id, r]) => [id, f.name === 'rate' ? r.rate : f.name === 'inverse_rate' ? r.inverse : r.label]));
    }

    _compute_date(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const row = this.env.cr.get<{ name: string }>('SELECT name FROM res_currency_rate WHERE currency_id = ? ORDER BY name DESC LIMIT 1', [id]);
        out.set(id, row?.name ?? false);
      }
      return out;
    }

    _compute_is_current_company_currency(): Map<number, unknown> {
      const companyId = this.env.companyInfo().companyId;
      const row = companyId ? this.env.cr.get<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = ?', [companyId]) : null;
      return new Map(this.ids.map((id) => [id, id === row?.currency_id]));
    }
  },
};
