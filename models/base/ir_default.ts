/**
 * ir.default (odoo/addons/base/models/ir_default.py): user-defined defaults as JSON, per field,
 * user, company and condition; set / _get / _get_model_defaults, and the defaults every model's
 * default_get applies after the context's default_* keys.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { ValidationError } from '../orm/exceptions';
import { pyRepr } from '../tools/pyrepr';

/** ir.model.fields id of model.field (ir.model.fields._get). */
function fieldId(env: BaseModel['env'], model: string, field: string): number {
  const row = env.cr.get<{ id: number }>('SELECT id FROM ir_model_fields WHERE model = ? AND name = ?', [model, field]);
  if (!row) throw new ValidationError(`Invalid field ${model}.${field}`);
  return row.id;
}

export const irDefault: ModelDecl = {
  _name: 'ir.default',
  _description: 'Default Values',
  _rec_name: 'field_id',
  fields: {
    field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Field', required: true, ondelete: 'cascade', index: true },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'User', ondelete: 'cascade', index: true, help: 'If set, action binding only applies for this user.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', ondelete: 'cascade', index: true, help: 'If set, action binding only applies for this company' },
    condition: { type: 'char', string: 'Condition', help: 'If set, applies the default upon condition.' },
    json_value: { type: 'char', string: 'Default Value (JSON format)', required: true },
  },
  constrains: { _check_json_format: ['json_value'] },
  rpc: {
    set: { api: 'model', params: ['model_name', 'field_name', 'value', param('user_id', false), param('company_id', false), param('condition', false)] },
    discard_records: { api: 'model', params: ['records'] },
    discard_values: { api: 'model', params: ['model_name', 'field_name', 'values'] },
  },
  methods: (Base) => class extends Base {
    _check_json_format(): void {
      for (const [, v] of this._values(['json_value'])) {
        try {
          JSON.parse(String(v.json_value));
        } catch {
          throw new ValidationError(`Invalid JSON format in Default Value field.`);
        }
      }
    }

    set(modelName: unknown, fieldName: unknown, value: unknown, userId: unknown = false, companyId: unknown = false, condition: unknown = false): boolean {
      const uid = userId === true ? this.env.uid : userId;
      const cid = companyId === true ? this.env.companyInfo().companyId : companyId;
      const model = String(modelName);
      const field = String(fieldName);
      if (!this.env.has(model) || !this.env.model(model).cls._fields[field]) throw new ValidationError(`Invalid field ${model}.${field}`);
      const f = this.env.model(model).cls._fields[field];
      if (f.type === 'integer' && typeof value === 'number' && !(value > -(2 ** 31) && value < 2 ** 31 - 1)) {
        throw new ValidationError(`Invalid value for ${model}.${field}: ${value} is out of bounds (integers should be between -2,147,483,648 and 2,147,483,647)`);
      }
      try {
        if (value !== false && value !== null) f.toColumn(value);
      } catch {
        throw new ValidationError(`Invalid value for ${model}.${field}: ${pyRepr(value)}`);
      }
      const jsonValue = pyJsonDumps(value);
      const fid = fieldId(this.env, model, field);
      const existing = this._searchIds([['field_id', '=', fid], ['user_id', '=', uid || false], ['company_id', '=', cid || false], ['condition', '=', condition || false]]);
      if (existing.length) {
        const rec = this.browse(existing);
        if (rec.get('json_value') !== jsonValue) rec.write({ json_value: jsonValue });
      } else {
        this.create({ field_id: fid, user_id: uid || false, company_id: cid || false, condition: condition || false, json_value: jsonValue });
      }
      return true;
    }

    _get(modelName: string, fieldName: string, userId: unknown = false, companyId: unknown = false, condition: unknown = false): unknown {
      const uid = userId === true ? this.env.uid : userId;
      const cid = companyId === true ? this.env.companyInfo().companyId : companyId;
      const fid = fieldId(this.env, modelName, fieldName);
      const ids = this._searchIds([['field_id', '=', fid], ['user_id', '=', uid || false], ['company_id', '=', cid || false], ['condition', '=', condition || false]], { limit: 1 });
      return ids.length ? JSON.parse(String(this.browse(ids).get('json_value'))) : null;
    }

    /** The defaults of a model for the current user and company: user and company specific first. */
    _get_model_defaults(modelName: string, condition: unknown = false): Record<string, unknown> {
      const companyId = this.env.companyInfo().companyId || null;
      return this.env.crossCall(`ir.default:${this.env.uid}:${companyId}:${modelName}:${condition || ''}`, () => {
        const rows = this.env.cr.all<{ name: string; json_value: string }>(
          `SELECT f.name, d.json_value FROM ir_default d JOIN ir_model_fields f ON d.field_id = f.id
            WHERE f.model = ? AND (d.user_id IS NULL OR d.user_id = ?) AND (d.company_id IS NULL OR d.company_id = ?)
              AND ${condition ? 'd.condition = ?' : 'd.condition IS NULL'}
            ORDER BY d.user_id IS NULL, d.user_id, d.company_id IS NULL, d.company_id, d.id`,
          condition ? [modelName, this.env.uid, companyId, String(condition)] : [modelName, this.env.uid, companyId]);
        const out: Record<string, unknown> = {};
        for (const r of rows) if (!(r.name in out)) out[r.name] = JSON.parse(r.json_value);
        return out;
      });
    }

    discard_records(records: unknown): boolean {
      const ref = records as { _name?: string; ids?: number[] };
      if (!ref?._name) return true;
      return this.search([['field_id.ttype', '=', 'many2one'], ['field_id.relation', '=', ref._name], ['json_value', 'in', (ref.ids ?? []).map(String)]] as never).unlink();
    }

    discard_values(modelName: unknown, fieldName: unknown, values: unknown): boolean {
      const fid = fieldId(this.env, String(modelName), String(fieldName));
      // searched and unlinked with the caller's rights, as Odoo
      return this.search([['field_id', '=', fid], ['json_value', 'in', (Array.isArray(values) ? values : []).map(pyJsonDumps)]] as never).unlink();
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList);
    }
  },
};

/** json.dumps(value, ensure_ascii=False) as Python writes it (", " and ": " separators). */
export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
  return JSON.stringify(v);
}
