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
    report_header: { type: 'html', string: 'Company Tagline', translate: true },
    report_footer: { type: 'html', string: 'Report Footer', translate: true },
    company_details: { type: 'html', string: 'Company Details', translate: true },
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
    website: partnerRelated('website', 'char', { string: 'Website Link' }),
    vat: partnerRelated('vat', 'char', { string: 'Tax ID' }),
    company_registry: partnerRelated('company_registry', 'char', { string: 'Company ID' }),
    logo: { type: 'binary', related: 'partner_id.image_1920', string: 'Company Logo', readonly: false, default: () => defaultCompanyLogo() },
    // the logo at most 180 px wide, what /web/binary/company_logo serves
    logo_web: { type: 'binary', compute: '_compute_logo_web', string: 'Logo Web' },
    uses_default_logo: { type: 'boolean', compute: '_compute_uses_default_logo', string: 'Uses Default Logo' },
    color: { type: 'integer', string: 'Color' },
    all_child_ids: { type: 'one2many', comodel: 'res.company', inverse_name: 'parent_id', string: 'All Child', context: { active_test: false } },
    parent_path: { type: 'char', compute: '_compute_parent_path', readonly: false, string: 'Parent Path' },
    parent_ids: { type: 'many2many', comodel: 'res.company', compute: '_compute_parent_ids', string: 'Parent' },
    root_id: { type: 'many2one', comodel: 'res.company', compute: '_compute_parent_ids', string: 'Root' },
    is_company_details_empty: { type: 'boolean', compute: '_compute_empty_company_details', string: 'Is Company Details Empty' },
    bank_ids: { type: 'one2many', comodel: 'res.partner.bank', related: 'partner_id.bank_ids', readonly: false, string: 'Banks' } as never,
    // document layout (base) and mail colours: stored settings without effect here
    paperformat_id: { type: 'many2one', comodel: 'report.paperformat', string: 'Paper format', default: (m: { env: { xmlidLookup(x: string): [string, number] | null } }) => m.env.xmlidLookup('base.paperformat_euro')?.[1] ?? false },
    font: { type: 'selection', string: 'Font', default: 'Lato', selection: [['Lato', 'Lato'], ['Roboto', 'Roboto'], ['Open_Sans', 'Open Sans'], ['Montserrat', 'Montserrat'], ['Oswald', 'Oswald'], ['Raleway', 'Raleway'], ['Tajawal', 'Tajawal']] },
    primary_color: { type: 'char', string: 'Primary Color' },
    secondary_color: { type: 'char', string: 'Secondary Color' },
    layout_background: { type: 'selection', string: 'Layout Background', required: true, default: 'Blank', selection: [['Blank', 'Blank'], ['Geometric', 'Geometric'], ['Custom', 'Custom']] },
    layout_background_image: { type: 'binary', string: 'Background Image' },
    email_primary_color: { type: 'char', string: 'Email Header Color', default: '#000000' },
    email_secondary_color: { type: 'char', string: 'Email Button Color', default: '#875A7B' },
    // mail's alias-domain addresses: no alias domain is configured here
    alias_domain_name: { type: 'char', string: 'Alias Domain Name', readonly: true },
    bounce_email: { type: 'char', string: 'Bounce Email', readonly: true },
    bounce_formatted: { type: 'char', string: 'Bounce', readonly: true },
    catchall_email: { type: 'char', string: 'Catchall Email', readonly: true },
    catchall_formatted: { type: 'char', string: 'Catchall', readonly: true },
    default_from_email: { type: 'char', string: 'Default From', readonly: true },
    email_formatted: { type: 'char', string: 'Formatted Email', related: 'partner_id.email_formatted' },
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
    /** "1/4/" style: the ancestors' ids from the root, as Odoo's parent_path. */
    _compute_parent_path(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, `${this._ancestry(id).join('/')}/`]));
    }
    _ancestry(id: number): number[] {
      const chain: number[] = [];
      let cur: number | false = id;
      while (cur && !chain.includes(cur)) {
        chain.unshift(cur);
        cur = this.browse([cur]).sudo().get('parent_id') as number | false;
      }
      return chain;
    }
    _compute_parent_ids(field: { name: string }): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const chain = this._ancestry(id);
        return [id, field?.name === 'root_id' ? chain[0] : chain];
      }));
    }
    _compute_empty_company_details(): Map<number, unknown> {
      const vals = this._values(['company_details']);
      return new Map(this.ids.map((id) => [id, !String(vals.get(id)?.company_details || '').replace(/<[^>]*>/g, '').trim()]));
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

/** Territories shown with another country's flag, and countries without a flag (res_country.py). */
const FLAG_MAPPING: Record<string, string> = {
  GF: 'fr', BV: 'no', BQ: 'nl', GP: 'fr', HM: 'au', YT: 'fr', RE: 'fr', MF: 'fr', UM: 'us',
};
const NO_FLAG_COUNTRIES = new Set(['AQ', 'SJ']);

export const resCountry: ModelDecl = {
  _name: 'res.country',
  _description: 'Country',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Country Name', required: true, translate: true },
    code: { type: 'char', string: 'Country Code', size: 2, required: true, help: 'The ISO country code in two chars.' },
    image_url: { type: 'char', string: 'Flag', compute: '_compute_image_url' },
    name_position: {
      type: 'selection', string: 'Customer Name Position', default: 'before', selection: [['before', 'Before Address'], ['after', 'After Address']],
      help: 'Determines where the customer/company name should be placed, i.e. after or before the address.',
    },
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
  methods: (Base) => class extends Base {
    /** The flag under /base/static/img/country_flags/ (territories use their state's flag; AQ, SJ have none). */
    _compute_image_url(): Map<number, unknown> {
      const vals = this._values(['code']);
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => {
        const code = vals.get(id)?.code as string | false;
        if (!code || NO_FLAG_COUNTRIES.has(code)) return [id, false];
        return [id, `/base/static/img/country_flags/${FLAG_MAPPING[code] ?? code.toLowerCase()}.png`];
      }));
    }
  },
};

export const resCountryState: ModelDecl = {
  _name: 'res.country.state',
  _description: 'Country state',
  _order: 'code',
  _rec_names_search: ['name', 'code'],
  fields: {
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country', required: true },
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
    decimal_places: { type: 'integer', readonly: true },
    active: { type: 'boolean', default: true },
    position: { type: 'selection', selection: [['after', 'After Amount'], ['before', 'Before Amount']], default: 'after', string: 'Symbol Position' },
    currency_unit_label: { type: 'char', string: 'Currency Unit' },
    currency_subunit_label: { type: 'char', string: 'Currency Subunit' },
    // no currency rates here: every currency is at rate 1 on today's date
    rate: { type: 'float', string: 'Current Rate', digits: [12, 6], compute: '_compute_current_rate' },
    inverse_rate: { type: 'float', string: 'Inverse Rate', digits: [12, 6], compute: '_compute_current_rate' },
    rate_string: { type: 'char', string: 'Rate String', compute: '_compute_current_rate' },
    date: { type: 'date', string: 'Date', compute: '_compute_date' },
    is_current_company_currency: { type: 'boolean', string: 'Is Current Company Currency', compute: '_compute_is_current_company_currency' },
  },
  methods: (Base) => class extends Base {
    _compute_current_rate(field: { name: string }): Map<number, unknown> {
      const company = this.env.model('res.users').sudo().browse([this.env.uid]).rel('company_id');
      const main = company.ids.length ? company.sudo().rel('currency_id') : null;
      const vals = this._values(['name']);
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => {
        if (field?.name === 'rate_string') return [id, main ? `1 ${main.get('name')} = 1.000000 ${vals.get(id)?.name}` : false];
        return [id, 1];
      }));
    }
    _compute_date(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, false]));
    }
    _compute_is_current_company_currency(): Map<number, unknown> {
      const company = this.env.model('res.users').sudo().browse([this.env.uid]).rel('company_id');
      const cur = company.ids.length ? company.sudo().get('currency_id') : false;
      return new Map(this.ids.map((id) => [id, id === cur]));
    }
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
    week_start: { type: 'selection', string: 'First Day of Week', selection: [['1', 'Monday'], ['2', 'Tuesday'], ['3', 'Wednesday'], ['4', 'Thursday'], ['5', 'Friday'], ['6', 'Saturday'], ['7', 'Sunday']], required: true, default: '7' },
    grouping: { type: 'char', string: 'Separator Format', required: true, default: '[]' },
    decimal_point: { type: 'char', string: 'Decimal Separator', required: true, default: '.' },
    thousands_sep: { type: 'char', string: 'Thousands Separator', default: ',' },
    flag_image: { type: 'binary', string: 'Image' },
    flag_image_url: { type: 'char', string: 'Flag Image Url', compute: '_compute_field_flag_image_url' },
  },
  methods: (Base) => class extends Base {
    _compute_field_flag_image_url(): Map<number, unknown> {
      const vals = this._values(['code', 'flag_image']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        if (v.flag_image) return [id, `/web/image/res.lang/${id}/flag_image`];
        const code = String(v.code || '').toLowerCase().split('_');
        return [id, `/base/static/img/country_flags/${code[code.length - 1]}.png`];
      }));
    }
  },
  _sql_constraints: [
    ['name_uniq', 'unique(name)', 'The name of the language must be unique!'],
    ['code_uniq', 'unique(code)', 'The code of the language must be unique!'],
  ],
};
