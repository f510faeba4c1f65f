/**
 * analytic addon, at the level the invoicing and sales documents need: analytic plans and
 * accounts, their applicabilities, and `analytic.mixin`'s `analytic_distribution` (a JSON map
 * "account id" → percentage) carried by journal items and order lines (analytic/models/*.py).
 * Analytic lines and distribution models are not emulated.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel } from '../orm/model';

const APPLICABILITY: Array<[string, string]> = [['optional', 'Optional'], ['mandatory', 'Mandatory'], ['unavailable', 'Unavailable']];

export const analyticMixin: ModelDecl = {
  _name: 'analytic.mixin',
  _description: 'Analytic Mixin',
  _abstract: true,
  fields: {
    analytic_distribution: { type: 'json', string: 'Analytic Distribution' },
    analytic_precision: { type: 'integer', string: 'Analytic Precision', store: false, compute: '_compute_analytic_precision' },
  },
  methods: (Base) => class extends Base {
    /** decimal.precision "Percentage Analytic" (analytic_data.xml): 2 digits. */
    _compute_analytic_precision(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, 2]));
    }
  },
};

export const analyticPlan: ModelDecl = {
  _name: 'account.analytic.plan',
  _description: 'Analytic Plans',
  _order: 'sequence asc, id',
  _rec_name: 'complete_name',
  fields: {
    name: { type: 'char', required: true, translate: true },
    description: { type: 'text', string: 'Description' },
    parent_id: { type: 'many2one', comodel: 'account.analytic.plan', string: 'Parent', ondelete: 'cascade' },
    complete_name: { type: 'char', string: 'Complete Name', compute: '_compute_complete_name', store: true, depends: ['name', 'parent_id.complete_name'] },
    children_ids: { type: 'one2many', comodel: 'account.analytic.plan', inverse_name: 'parent_id', string: 'Childrens' },
    account_ids: { type: 'one2many', comodel: 'account.analytic.account', inverse_name: 'plan_id', string: 'Accounts' },
    applicability_ids: { type: 'one2many', comodel: 'account.analytic.applicability', inverse_name: 'analytic_plan_id', string: 'Applicability' },
    color: { type: 'integer', string: 'Color' },
    sequence: { type: 'integer', default: 10 },
    default_applicability: { type: 'selection', string: 'Default Applicability', selection: APPLICABILITY, required: true, default: 'optional' },
  },
  methods: (Base) => class extends Base {
    _compute_complete_name(): Map<number, unknown> {
      const vals = this._values(['name', 'parent_id']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const v = vals.get(id)!;
        const parent = v.parent_id ? this.browse([v.parent_id as number]).get('complete_name') : false;
        out.set(id, parent ? `${parent} / ${v.name}` : v.name);
      }
      return out;
    }
  },
};

export const analyticApplicability: ModelDecl = {
  _name: 'account.analytic.applicability',
  _description: "Analytic Plan's Applicabilities",
  fields: {
    analytic_plan_id: { type: 'many2one', comodel: 'account.analytic.plan' },
    business_domain: { type: 'selection', string: 'Domain', required: true, selection: [['general', 'Miscellaneous']] },
    applicability: { type: 'selection', string: 'Applicability', required: true, selection: APPLICABILITY },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId },
  },
};

export const analyticAccount: ModelDecl = {
  _name: 'account.analytic.account',
  _inherit: ['mail.thread'],
  _description: 'Analytic Account',
  _order: 'plan_id, name asc',
  _rec_names_search: ['name', 'code'],
  fields: {
    name: { type: 'char', string: 'Analytic Account', required: true, index: 'trigram', translate: true, tracking: true },
    code: { type: 'char', string: 'Reference', index: true, tracking: true },
    active: { type: 'boolean', string: 'Active', default: true, tracking: true },
    plan_id: { type: 'many2one', comodel: 'account.analytic.plan', string: 'Plan', required: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', default: (m: BaseModel) => m.env.companyInfo().companyId },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Customer', tracking: true },
  },
};

export const analyticModels: ModelDecl[] = [analyticMixin, analyticPlan, analyticApplicability, analyticAccount];
