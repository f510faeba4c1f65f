/**
 * ir.property (odoo/addons/base/models/ir_property.py): the values of company-dependent fields,
 * one row per (field, company, record) plus a default row without record; _get, _set_default,
 * _get_multi and _set_multi, which the ORM calls for fields declared company_dependent.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { UserError } from '../orm/exceptions';

/** The value column of each field type (TYPE2FIELD). */
const TYPE2FIELD: Record<string, string> = {
  char: 'value_text', float: 'value_float', boolean: 'value_integer', integer: 'value_integer', text: 'value_text',
  binary: 'value_binary', many2one: 'value_reference', date: 'value_datetime', datetime: 'value_datetime',
  selection: 'value_text', html: 'value_text', monetary: 'value_float',
};

function fieldId(env: BaseModel['env'], model: string, field: string): number {
  const row = env.cr.get<{ id: number }>('SELECT id FROM ir_model_fields WHERE model = ? AND name = ?', [model, field]);
  if (!row) throw new UserError(`Field ${model}.${field} does not exist`);
  return row.id;
}

export const irProperty: ModelDecl = {
  _name: 'ir.property',
  _description: 'Company Property',
  fields: {
    name: { type: 'char', string: 'Name', index: true },
    res_id: { type: 'char', string: 'Resource', index: true, help: 'If not set, acts as a default value for new resources' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true },
    fields_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Field', ondelete: 'cascade', required: true },
    value_float: { type: 'float', string: 'Value Float' },
    value_integer: { type: 'integer', string: 'Value Integer' },
    value_text: { type: 'text', string: 'Value Text' },
    value_binary: { type: 'binary', string: 'Value Binary', attachment: false },
    value_reference: { type: 'char', string: 'Value Reference' },
    value_datetime: { type: 'datetime', string: 'Value Datetime' },
    type: {
      type: 'selection', string: 'Type', required: true, default: 'many2one', index: true,
      selection: [['char', 'Char'], ['float', 'Float'], ['boolean', 'Boolean'], ['integer', 'Integer'], ['text', 'Text'], ['binary', 'Binary'], ['many2one', 'Many2One'], ['date', 'Date'], ['datetime', 'DateTime'], ['selection', 'Selection'], ['html', 'Html']],
    },
  },
  _sql_constraints: [['unique_field_company_res', 'unique(fields_id, company_id, res_id)', 'A property with the same field, company and resource already exists.']],
  methods: (Base) => class extends Base {
    /** _update_values: `value` (+ type) become the matching value_* column. */
    _updateValues(vals: Vals): Vals {
      if (!('value' in vals)) return vals;
      const out = { ...vals };
      const value = out.value;
      delete out.value;
      const type = String(out.type ?? (this.ids.length ? this.browse([this.ids[0]]).get('type') : 'many2one'));
      const col = TYPE2FIELD[type];
      if (!col) throw new UserError('Invalid type');
      if (col === 'value_reference' && value) {
        if (typeof value === 'number') {
          const fid = (out.fields_id ?? this.browse([this.ids[0]]).get('fields_id')) as number;
          const relation = this.env.cr.get<{ relation: string }>('SELECT relation FROM ir_model_fields WHERE id = ?', [fid])?.relation;
          out[col] = `${relation},${value}`;
        } else out[col] = value;
      } else if (col === 'value_integer') out[col] = value === true ? 1 : value === false ? 0 : value;
      else out[col] = value;
      return out;
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => this._updateValues(v)));
    }

    _write(vals: Vals): void {
      super._write(this._updateValues(vals));
    }

    /** The value of a row as the field reads it (get_by_record): many2one as an id or false. */
    _valueOf(row: Vals): unknown {
      switch (row.type) {
        case 'boolean': return !!row.value_integer;
        case 'integer': return row.value_integer;
        case 'float': case 'monetary': return row.value_float;
        case 'many2one': {
          if (!row.value_reference) return false;
          const [model, id] = String(row.value_reference).split(',');
          return this.env.has(model) && this.env.model(model).sudo().browse([Number(id)]).exists().ids.length ? Number(id) : false;
        }
        case 'date': return row.value_datetime ? String(row.value_datetime).slice(0, 10) : false;
        case 'datetime': return row.value_datetime;
        case 'binary': return row.value_binary;
        default: return row.value_text;
      }
    }

    /** _get(name, model, res_id=False): the value for a record (or the default), company first. */
    _get(name: string, model: string, resId: string | false = false): unknown {
      const fid = fieldId(this.env, model, name);
      const companyId = this.env.companyInfo().companyId || null;
      const rows = this.env.cr.all<Vals>(
        `SELECT * FROM ir_property WHERE fields_id = ? AND (company_id = ? OR company_id IS NULL) AND ${resId ? 'res_id = ?' : 'res_id IS NULL'}
          ORDER BY company_id IS NULL, id LIMIT 1`, resId ? [fid, companyId, resId] : [fid, companyId]);
      return rows.length ? this._valueOf(rows[0]) : false;
    }

    _set_default(name: string, model: string, value: unknown, company: unknown = false): boolean {
      const fid = fieldId(this.env, model, name);
      const companyId = company ? Number(company) : false;
      const Props = this.sudo();
      const ids = Props._searchIds([['fields_id', '=', fid], ['company_id', '=', companyId], ['res_id', '=', false]]);
      const type = this.env.model(model).cls._fields[name].type;
      if (ids.length) Props.browse(ids)._write({ value, type });
      else Props._create([{ fields_id: fid, company_id: companyId, res_id: false, name, value, type }]);
      return true;
    }

    /** _get_multi: each record's value, its company default otherwise. */
    _get_multi(name: string, model: string, ids: number[]): Map<number, unknown> {
      const out = new Map<number, unknown>();
      if (!ids.length) return out;
      const fid = fieldId(this.env, model, name);
      const companyId = this.env.companyInfo().companyId || null;
      const refs = ids.map((id) => `${model},${id}`);
      const rows = this.env.cr.all<Vals>(
        `SELECT * FROM ir_property WHERE fields_id = ? AND (company_id = ? OR company_id IS NULL) AND (res_id IS NULL OR res_id IN (${refs.map(() => '?').join(',')}))
          ORDER BY company_id IS NOT NULL, id`, [fid, companyId, ...refs]);
      const byRes = new Map<string | null, unknown>();
      for (const r of rows) byRes.set((r.res_id as string | null) ?? null, this._valueOf(r));
      const dflt = byRes.has(null) ? byRes.get(null) : false;
      for (const id of ids) out.set(id, byRes.has(`${model},${id}`) ? byRes.get(`${model},${id}`) : dflt);
      return out;
    }

    /** _set_multi: store values that differ from the default, drop the rows equal to it. */
    _set_multi(name: string, model: string, values: Map<number, unknown>): void {
      if (!values.size) return;
      const dflt = this._get(name, model);
      const fid = fieldId(this.env, model, name);
      const companyId = this.env.companyInfo().companyId || false;
      const Props = this.sudo();
      const type = this.env.model(model).cls._fields[name].type;
      for (const [id, value] of values) {
        const ref = `${model},${id}`;
        const existing = Props._searchIds([['fields_id', '=', fid], ['company_id', '=', companyId], ['res_id', '=', ref]]);
        const same = JSON.stringify(value ?? false) === JSON.stringify(dflt ?? false);
        if (existing.length) {
          if (same) this.env.cr.run(`DELETE FROM ir_property WHERE id IN (${existing.map(() => '?').join(',')})`, existing);
          else Props.browse(existing)._write({ value, type });
        } else if (!same) {
          Props._create([{ fields_id: fid, company_id: companyId, res_id: ref, name, value, type }]);
        }
      }
      this.env.cache.invalidate('ir.property');
    }
  },
};
