/**
 * res.company, res.country, res.country.state, res.currency, res.lang.
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import fs from 'fs';
import path from 'path';
import { UserError } from '../orm/exceptions';
import { FIXTURES_DIR } from '../paths';
import { fitWidth } from '../tools/image';

const partnerRelated = (name: string, type: 'char' | 'many2one', extra: Record<string, unknown> = {}) =>
  ({ type, related: `partner_id.${name}`, readonly: false, ...extra });

export const resCompany: ModelDecl = {
  _name: 'res.company',
  _description: 'Companies',
  _order: 'sequence, name',
  _parent_store: true,
  fields: {
    name: { type: 'char', string: 'Company Name', required: true, related: 'partner_id.name', store: true, readonly: false },
    active: { type: 'boolean', default: true },
    sequence: { type: 'integer', default: 10, help: 'Used to order Companies in the company switcher' },
    parent_id: { type: 'many2one', comodel: 'res.company', string: 'Parent Company', index: true },
    child_ids: { type: 'one2many', comodel: 'res.company', inverse_name: 'parent_id', string: 'Branches' },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner', required: true },
    report_header: { type: 'html', string: 'Company Tagline' },
    report_footer: { type: 'html', string: 'Report Footer' },
    company_details: { type: 'html', string: 'Company Details' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', required: true, default: (m: { env: { refId(x: string): number } }) => m.env.refId('base.USD') },
    user_ids: { type: 'many2many', comodel: 'res.users', relation: 'res_company_users_rel', column1: 'cid', column2: 'user_id', string: 'Accepted Users' },
    street: partnerRelated('street', 'char'),
    street2: partnerRelated('street2', 'char'),
    zip: partnerRelated('zip', 'char'),
    city: partnerRelated('city', 'char'),
    state_id: partnerRelated('state_id', 'many2one', { comodel: 'res.country.state', string: 'Fed. State' }),
    country_id: partnerRelated('country_id', 'many2one', { comodel: 'res.country', string: 'Country' }),
    email: partnerRelated('email', 'char'),
    phone: partnerRelated('phone', 'char'),
    mobile: partnerRelated('mobile', 'char'),
    website: partnerRelated('website', 'char'),
    vat: partnerRelated('vat', 'char', { string: 'Tax ID' }),
    company_registry: partnerRelated('company_registry', 'char', { string: 'Company ID' }),
    logo: { type: 'binary', related: 'partner_id.image_1920', string: 'Company Logo', readonly: false, default: () => defaultCompanyLogo() },
    // the logo at most 180 px wide, what /web/binary/company_logo serves
    logo_web: { type: 'binary', compute: '_compute_logo_web', string: 'Logo Web' },
    uses_default_logo: { type: 'boolean', compute: '_compute_uses_default_logo', string: 'Uses Default Logo' },
    color: { type: 'integer', string: 'Color' },
  },
  _sql_constraints: [['name_uniq', 'unique (name)', 'The company name must be unique!']],
  methods: (Base) => class extends Base {
    _create(valsList: Vals[]): this {
      const prepared = valsList.map((vals) => {
        const v = { ...vals };
        if (!v.partner_id) {
          const partner = this.env.model('res.partner').sudo().create({
            name: v.name, is_company: true, image_1920: v.logo ?? false,
            ...Object.fromEntries(['street', 'street2', 'zip', 'city', 'email', 'phone', 'website', 'vat', 'country_id', 'state_id']
              .filter((k) => k in v).map((k) => [k, v[k]])),
          });
          v.partner_id = partner.ids[0];
          for (const k of ['street', 'street2', 'zip', 'city', 'email', 'phone', 'website', 'vat', 'country_id', 'state_id', 'logo']) delete v[k];
        }
        return v;
      });
      const records = super._create(prepared);
      // the creating user and the superuser get access to the new company
      for (const uid of new Set([this.env.uid, 1])) {
        for (const cid of records.ids) this.env.cr.run('INSERT OR IGNORE INTO res_company_users_rel (cid, user_id) VALUES (?, ?)', [cid, uid]);
      }
      this.env.cache.invalidate();
      return records;
    }
    _write(vals: Vals): void {
      super._write(vals);
      if ('name' in vals) {
        const partners = this.sudo().mapped('partner_id').filter((x): x is number => typeof x === 'number');
        this.env.model('res.partner').sudo().browse(partners)._write({ name: vals.name });
      }
    }
    copy(): this {
      throw new UserError('Duplicating a company is not allowed. Please create a new company instead.');
    }
    _compute_logo_web(): Map<number, unknown> {
      const vals = this._values(['logo']);
      return new Map(this.ids.map((id) => {
        const logo = vals.get(id)?.logo;
        return [id, typeof logo === 'string' && logo ? fitWidth(Buffer.from(logo, 'base64'), 180).toString('base64') : false];
      }));
    }
    _compute_uses_default_logo(): Map<number, unknown> {
      const vals = this._values(['logo']);
      const dflt = defaultCompanyLogo();
      return new Map(this.ids.map((id) => [id, !vals.get(id)?.logo || vals.get(id)?.logo === dflt]));
    }
  },
};

/** base/static/img/res_company_logo.png, base64 (res.company._get_logo). */
export function defaultCompanyLogo(): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, 'base', 'static', 'img', 'res_company_logo.png')).toString('base64');
}

export const resCountry: ModelDecl = {
  _name: 'res.country',
  _description: 'Country',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Country Name', required: true, translate: true },
    code: { type: 'char', string: 'Country Code', size: 2, help: 'The ISO country code in two chars.' },
    address_format: { type: 'text', string: 'Layout in Reports' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency' },
    phone_code: { type: 'integer', string: 'Country Calling Code' },
    state_ids: { type: 'one2many', comodel: 'res.country.state', inverse_name: 'country_id', string: 'States' },
    vat_label: { type: 'char', string: 'Vat Label', translate: true },
    state_required: { type: 'boolean', default: false },
    zip_required: { type: 'boolean', default: true },
  },
  _sql_constraints: [
    ['name_uniq', 'unique (name)', 'The name of the country must be unique!'],
    ['code_uniq', 'unique (code)', 'The code of the country must be unique!'],
  ],
  _rec_names_search: ['name', 'code'],
};

export const resCountryState: ModelDecl = {
  _name: 'res.country.state',
  _description: 'Country state',
  _order: 'code',
  _rec_names_search: ['name', 'code'],
  fields: {
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country', required: true, index: true },
    name: { type: 'char', string: 'State Name', required: true },
    code: { type: 'char', string: 'State Code', required: true },
  },
  _sql_constraints: [['name_code_uniq', 'unique(country_id, code)', 'The code of the state must be unique by country!']],
  methods: (Base) => class extends Base {
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['name', 'country_id']);
      const countries = this.env.model('res.country').sudo().browse([...new Set([...vals.values()].map((v) => v.country_id as number))])._values(['code']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        return [id, `${v.name} (${countries.get(v.country_id as number)?.code ?? ''})`];
      }));
    }
  },
};

export const resCurrency: ModelDecl = {
  _name: 'res.currency',
  _description: 'Currency',
  _order: 'active desc, name',
  fields: {
    name: { type: 'char', string: 'Currency', size: 3, required: true, help: 'Currency Code (ISO 4217)' },
    full_name: { type: 'char', string: 'Name' },
    symbol: { type: 'char', required: true },
    rounding: { type: 'float', string: 'Rounding Factor', digits: [12, 6], default: 0.01 },
    decimal_places: { type: 'integer' },
    active: { type: 'boolean', default: true },
    position: { type: 'selection', selection: [['after', 'After Amount'], ['before', 'Before Amount']], default: 'after', string: 'Symbol Position' },
    currency_unit_label: { type: 'char', string: 'Currency Unit' },
    currency_subunit_label: { type: 'char', string: 'Currency Subunit' },
  },
  _sql_constraints: [['unique_name', 'unique (name)', 'The currency code must be unique!']],
};

export const resLang: ModelDecl = {
  _name: 'res.lang',
  _description: 'Languages',
  _order: 'active desc,name',
  fields: {
    name: { type: 'char', required: true },
    code: { type: 'char', string: 'Locale Code', required: true },
    iso_code: { type: 'char', string: 'ISO code' },
    url_code: { type: 'char', string: 'URL Code', required: true },
    active: { type: 'boolean' },
    direction: { type: 'selection', selection: [['ltr', 'Left-to-Right'], ['rtl', 'Right-to-Left']], required: true, default: 'ltr' },
    date_format: { type: 'char', required: true, default: '%m/%d/%Y' },
    time_format: { type: 'char', required: true, default: '%H:%M:%S' },
    week_start: { type: 'selection', selection: [['1', 'Monday'], ['2', 'Tuesday'], ['3', 'Wednesday'], ['4', 'Thursday'], ['5', 'Friday'], ['6', 'Saturday'], ['7', 'Sunday']], required: true, default: '7' },
    grouping: { type: 'char', string: 'Separator Format', required: true, default: '[]' },
    decimal_point: { type: 'char', required: true, default: '.' },
    thousands_sep: { type: 'char', default: ',' },
  },
  _sql_constraints: [
    ['name_uniq', 'unique(name)', 'The name of the language must be unique!'],
    ['code_uniq', 'unique(code)', 'The code of the language must be unique!'],
  ],
};
