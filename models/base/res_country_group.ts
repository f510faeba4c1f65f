/** res.country.group (odoo/addons/base/models/res_country.py) and the countries' group list. */
import type { ModelDecl } from '../orm/registry';

export const resCountryGroup: ModelDecl = {
  _name: 'res.country.group',
  _description: 'Country Group',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true },
    country_ids: { type: 'many2many', comodel: 'res.country', relation: 'res_country_res_country_group_rel', column1: 'res_country_group_id', column2: 'res_country_id', string: 'Countries' },
  },
};

export const resCountryGroups: ModelDecl = {
  _inherit: 'res.country',
  fields: {
    country_group_ids: { type: 'many2many', comodel: 'res.country.group', relation: 'res_country_res_country_group_rel', column1: 'res_country_id', column2: 'res_country_group_id', string: 'Country Groups' },
  },
};
