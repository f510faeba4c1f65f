/**
 * res.partner (Contact) and its tags/titles, with Odoo 17's hierarchy semantics:
 * commercial entity, complete_name "Company, Person", partner_share (security.md §6).
 */
import type { ModelDecl } from '../orm/registry';
import type { Vals } from '../orm/model';
import { RedirectWarning, ValidationError } from '../orm/exceptions';
import { checkAccessRights } from '../orm/security';

const ADDRESS_TYPES: Array<[string, string]> = [
  ['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address'],
];

/** Language selection: the active res.lang rows, as Odoo's _lang_get. */
export function langSelection(env: { cr: { all<T>(q: string): T[] } }): Array<[string, string]> {
  return env.cr.all<{ code: string; name: string }>('SELECT code, name FROM res_lang WHERE active = 1 ORDER BY name').map((r) => [r.code, r.name]);
}

const TIMEZONES: Array<[string, string]> = (Intl as unknown as { supportedValuesOf(k: string): string[] })
  .supportedValuesOf('timeZone').concat(['UTC']).filter((v, i, a) => a.indexOf(v) === i).sort().map((tz) => [tz, tz]);
export function tzSelection(): Array<[string, string]> { return TIMEZONES; }

/** Default language: the context's, else en_US. */
/** Odoo's address layout for countries without their own (res_partner.py DEFAULT_ADDRESS_FORMAT). */
const DEFAULT_ADDRESS_FORMAT = '%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s';

export const langDefault = (m: { env: { context: Record<string, unknown> } }): string =>
  (typeof m.env.context.lang === 'string' && m.env.context.lang) || 'en_US';

export const resPartner: ModelDecl = {
  _name: 'res.partner',
  _description: 'Contact',
  _order: 'complete_name ASC, id DESC',
  _rec_names_search: ['complete_name', 'email', 'ref', 'vat', 'company_registry'],
  fields: {
    name: { type: 'char', string: 'Name', index: 'trigram' },
    title: { type: 'many2one', comodel: 'res.partner.title' },
    parent_id: { type: 'many2one', comodel: 'res.partner', string: 'Related Company', index: true },
    parent_name: { type: 'char', related: 'parent_id.name', string: 'Parent name', readonly: true },
    child_ids: { type: 'one2many', comodel: 'res.partner', inverse_name: 'parent_id', string: 'Contact', context: { active_test: false }, domain: [['active', '=', true]] },
    ref: { type: 'char', string: 'Reference', index: 'trigram' },
    lang: { type: 'selection', string: 'Language', default: langDefault, selection: langSelection },
    tz: { type: 'selection', string: 'Timezone', selection: tzSelection, default: (m: { env: { context: Record<string, unknown> } }) => m.env.context.tz ?? false },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Salesperson' },
    vat: { type: 'char', string: 'Tax ID', index: true },
    company_registry: { type: 'char', string: 'Company ID' },
    website: { type: 'char', string: 'Website Link' },
    comment: { type: 'html', string: 'Notes' },
    category_id: { type: 'many2many', comodel: 'res.partner.category', relation: 'res_partner_res_partner_category_rel', column1: 'partner_id', column2: 'category_id', string: 'Tags' },
    active: { type: 'boolean', default: true },
    employee: { type: 'boolean', help: 'Check this box if this contact is an Employee.' },
    function: { type: 'char', string: 'Job Position' },
    type: { type: 'selection', string: 'Address Type', selection: ADDRESS_TYPES, default: 'contact' },
    street: { type: 'char' },
    street2: { type: 'char' },
    zip: { type: 'char' },
    city: { type: 'char' },
    state_id: { type: 'many2one', comodel: 'res.country.state', string: 'State', ondelete: 'restrict' },
    country_id: { type: 'many2one', comodel: 'res.country', string: 'Country', ondelete: 'restrict' },
    country_code: { type: 'char', related: 'country_id.code', string: 'Country Code' },
    partner_latitude: { type: 'float', string: 'Geo Latitude', digits: [10, 7] },
    partner_longitude: { type: 'float', string: 'Geo Longitude', digits: [10, 7] },
    email: { type: 'char', index: 'trigram' },
    email_formatted: { type: 'char', string: 'Formatted Email', compute: '_compute_email_formatted', depends: ['name', 'email'] },
    phone: { type: 'char' },
    mobile: { type: 'char' },
    is_company: { type: 'boolean', string: 'Is a Company', default: false },
    is_public: { type: 'boolean', compute: '_compute_is_public' },
    industry_id: { type: 'many2one', comodel: 'res.partner.industry', string: 'Industry' },
    company_type: { type: 'selection', string: 'Company Type', selection: [['person', 'Individual'], ['company', 'Company']], compute: '_compute_company_type', inverse: '_write_company_type' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true },
    color: { type: 'integer', string: 'Color Index', default: 0 },
    user_ids: { type: 'one2many', comodel: 'res.users', inverse_name: 'partner_id', string: 'Users', auto_join: true },
    partner_share: { type: 'boolean', string: 'Share Partner', compute: '_compute_partner_share', store: true, depends: ['user_ids.share', 'user_ids.active'] },
    contact_address: { type: 'char', string: 'Complete Address', compute: '_compute_contact_address' },
    commercial_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Commercial Entity', compute: '_compute_commercial_partner', store: true, index: true, depends: ['is_company', 'parent_id', 'parent_id.commercial_partner_id'] },
    commercial_company_name: { type: 'char', string: 'Company Name Entity', compute: '_compute_commercial_company_name', store: true, depends: ['company_name', 'parent_id', 'is_company', 'commercial_partner_id', 'commercial_partner_id.name'] },
    company_name: { type: 'char', string: 'Company Name' },
    complete_name: { type: 'char', compute: '_compute_complete_name', store: true, index: 'trigram', depends: ['is_company', 'name', 'parent_id', 'parent_id.name', 'type', 'company_name', 'commercial_company_name'] },
    date: { type: 'date', index: true },
    barcode: { type: 'char', help: 'Use a barcode to identify this contact.', copy: false },
    image_1920: { type: 'binary', string: 'Image' },
    image_1024: { type: 'binary', string: 'Image 1024', related: 'image_1920' },
    image_512: { type: 'binary', string: 'Image 512', related: 'image_1920' },
    image_256: { type: 'binary', string: 'Image 256', related: 'image_1920' },
    image_128: { type: 'binary', string: 'Image 128', related: 'image_1920' },
    avatar_1920: { type: 'binary', string: 'Avatar', related: 'image_1920' },
    avatar_1024: { type: 'binary', string: 'Avatar 1024', related: 'image_1920' },
    avatar_512: { type: 'binary', string: 'Avatar 512', related: 'image_1920' },
    avatar_256: { type: 'binary', string: 'Avatar 256', related: 'image_1920' },
    avatar_128: { type: 'binary', string: 'Avatar 128', related: 'image_1920' },
    bank_ids: { type: 'one2many', comodel: 'res.partner.bank', inverse_name: 'partner_id', string: 'Banks' },
  },
  _sql_constraints: [['check_name', "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )", 'Contacts require a name']],
  constrains: { _check_parent_id: ['parent_id'] },
  methods: (Base) => class extends Base {
    _compute_commercial_partner(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['is_company', 'parent_id']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        if (v.is_company || !v.parent_id) { out.set(id, id); continue; }
        // parent's commercial entity (walk up until a company or the root)
        let current = v.parent_id as number;
        const seen = new Set<number>([id]);
        for (;;) {
          const p = this.browse([current])._values(['is_company', 'parent_id']).get(current);
          if (!p || p.is_company || !p.parent_id || seen.has(p.parent_id as number)) break;
          seen.add(current);
          current = p.parent_id as number;
        }
        out.set(id, current);
      }
      return out;
    }
    _compute_commercial_company_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['commercial_partner_id', 'company_name']);
      const commercial = this.browse([...new Set([...vals.values()].map((v) => v.commercial_partner_id).filter((x): x is number => typeof x === 'number'))])._values(['is_company', 'name']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        const c = commercial.get(v.commercial_partner_id as number);
        out.set(id, c && c.is_company ? c.name : v.company_name);
      }
      return out;
    }
    _compute_complete_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['name', 'is_company', 'parent_id', 'type', 'company_name', 'commercial_company_name']);
      const parents = this.browse([...new Set([...vals.values()].map((v) => v.parent_id).filter((x): x is number => typeof x === 'number'))])._values(['name']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        let name = (v.name as string) || '';
        if (v.company_name || v.parent_id) {
          if (!name && v.type !== 'contact') name = ADDRESS_TYPES.find(([k]) => k === v.type)?.[1] ?? '';
          if (!v.is_company) {
            const prefix = (v.commercial_company_name as string) || (parents.get(v.parent_id as number)?.name as string) || 'False';
            name = `${prefix}, ${name}`;
          }
        }
        out.set(id, name.trim() || false);
      }
      return out;
    }
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['complete_name']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.complete_name ?? false]));
    }
    _compute_email_formatted(): Map<number, unknown> {
      const vals = this._values(['name', 'email']);
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id)!;
        if (!v.email) return [id, false];
        const emails = String(v.email).split(',').map((e) => normalizeEmail(e.trim())).filter(Boolean);
        const name = (v.name as string) || 'False';
        return [id, `"${name.replace(/["\\]/g, '\\$&')}" <${emails.length ? emails.join(',') : v.email}>`];
      }));
    }
    _compute_is_public(): Map<number, unknown> {
      const vals = this._values(['user_ids']);
      const publicId = this.env.xmlidLookup('base.public_user')?.[1];
      return new Map(this.ids.map((id) => [id, ((vals.get(id)?.user_ids as number[]) ?? []).includes(publicId ?? -1)]));
    }
    _compute_company_type(): Map<number, unknown> {
      const vals = this._values(['is_company']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.is_company ? 'company' : 'person']));
    }
    _write_company_type(_f: unknown, value: unknown): void {
      this.write({ is_company: value === 'company' });
    }
    /**
     * _display_address (res_partner.py): the country's address_format (or Odoo's default) filled
     * with the address fields, missing keys empty, the commercial company's name on top.
     */
    _compute_contact_address(): Map<number, unknown> {
      const vals = this._values(['street', 'street2', 'city', 'zip', 'state_id', 'country_id', 'commercial_company_name']);
      const stateIds = [...new Set([...vals.values()].map((v) => v.state_id).filter(Boolean))] as number[];
      const countryIds = [...new Set([...vals.values()].map((v) => v.country_id).filter(Boolean))] as number[];
      const states = this.env.model('res.country.state').sudo().browse(stateIds)._values(['code', 'name']);
      const countries = this.env.model('res.country').sudo().browse(countryIds)._values(['code', 'name', 'address_format']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id)!;
        const state = v.state_id ? states.get(v.state_id as number) : undefined;
        const country = v.country_id ? countries.get(v.country_id as number) : undefined;
        const args: Record<string, unknown> = {
          street: v.street, street2: v.street2, city: v.city, zip: v.zip,
          state_code: state?.code, state_name: state?.name, country_code: country?.code, country_name: country?.name,
          company_name: v.commercial_company_name,
        };
        let format = (country?.address_format as string) || DEFAULT_ADDRESS_FORMAT;
        if (v.commercial_company_name) format = `%(company_name)s\n${format}`;
        return [id, format.replace(/%\((\w+)\)s/g, (_m, key: string) => (args[key] ? String(args[key]) : ''))];
      }));
    }
    _compute_partner_share(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const rootPartner = this.env.cr.get<{ partner_id: number }>('SELECT partner_id FROM res_users WHERE id = 1')?.partner_id;
      for (const id of this.ids) {
        if (id === rootPartner) { out.set(id, false); continue; }
        // user_ids holds active users only: a partner whose internal user is archived is shared
        const internal = this.env.cr.get('SELECT 1 AS x FROM res_users WHERE partner_id = ? AND share = 0 AND active = 1 LIMIT 1', [id]);
        out.set(id, !internal);
      }
      return out;
    }
    _check_parent_id(): void {
      if (this._hasCycle('parent_id')) throw new ValidationError('You cannot create recursive Partner hierarchies.');
    }
    copy_data(dflt: unknown = null): Vals[] {
      const d = (dflt ?? {}) as Vals;
      return this.ids.map((id) => {
        const rec = this.browse([id]);
        const extra: Vals = 'name' in d ? {} : { name: `${rec.get('name') || ''} (copy)` };
        return super.copy_data.call(rec, { ...extra, ...d })[0];
      }).filter(Boolean);
    }
    unlink(): boolean {
      const users = this.env.model('res.users').sudo()._searchIds([['partner_id', 'in', this.ids]]);
      if (users.length) {
        const names = this.env.model('res.users').sudo().browse(users).mapped('name').join(', ');
        if (checkAccessRights(this.env.model('res.users'), 'write', false)) {
          throw new RedirectWarning(`You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : ${names}`,
            false, 'Go to users', null);
        }
        throw new ValidationError(`You cannot delete contacts linked to an active user.\nAsk an administrator to archive their associated user first.\n\nLinked active users :\n${names}`);
      }
      return super.unlink();
    }
  },
};

/** Odoo's email_normalize (strict): one address, lower-cased. */
export function normalizeEmail(text: string): string | false {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(text) ?? /([^\s<>,;"]+@[^\s<>,;"]+)/.exec(text);
  if (!m) return false;
  return m[1].toLowerCase();
}

export const resPartnerCategory: ModelDecl = {
  _name: 'res.partner.category',
  _description: 'Partner Tags',
  _order: 'name',
  _parent_name: 'parent_id',
  fields: {
    name: { type: 'char', string: 'Tag Name', required: true, translate: true },
    color: { type: 'integer', string: 'Color' },
    parent_id: { type: 'many2one', comodel: 'res.partner.category', string: 'Parent Category', index: true, ondelete: 'cascade' },
    child_ids: { type: 'one2many', comodel: 'res.partner.category', inverse_name: 'parent_id', string: 'Child Tags' },
    active: { type: 'boolean', default: true, help: 'The active field allows you to hide the category without removing it.' },
    partner_ids: { type: 'many2many', comodel: 'res.partner', relation: 'res_partner_res_partner_category_rel', column1: 'category_id', column2: 'partner_id', string: 'Partners', copy: false },
  },
  methods: (Base) => class extends Base {
    /** "Parent / Child" names, fetching one level of parents at a time for all tags. */
    _compute_display_name(): Map<number, unknown> {
      const info = new Map<number, { name: string; parent: number | false }>();
      let todo = [...new Set(this.ids)];
      while (todo.length) {
        const vals = this.browse(todo)._values(['name', 'parent_id']);
        for (const [id, v] of vals) info.set(id, { name: String(v.name ?? ''), parent: v.parent_id as number | false });
        todo = [...new Set([...vals.values()].map((v) => v.parent_id).filter((p): p is number => typeof p === 'number' && !info.has(p)))];
      }
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const names: string[] = [];
        const seen = new Set<number>();
        let current: number | false = id;
        while (current && !seen.has(current) && info.has(current)) {
          seen.add(current);
          names.unshift(info.get(current)!.name);
          current = info.get(current)!.parent;
        }
        out.set(id, names.join(' / '));
      }
      return out;
    }
  },
};

export const resPartnerTitle: ModelDecl = {
  _name: 'res.partner.title',
  _description: 'Partner Title',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Title', required: true, translate: true },
    shortcut: { type: 'char', string: 'Abbreviation', translate: true },
  },
};

export const resPartnerIndustry: ModelDecl = {
  _name: 'res.partner.industry',
  _description: 'Industry',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Name', translate: true },
    full_name: { type: 'char', string: 'Full Name', translate: true },
    active: { type: 'boolean', default: true },
  },
};

export const resPartnerBank: ModelDecl = {
  _name: 'res.partner.bank',
  _description: 'Bank Accounts',
  _order: 'sequence, id',
  _rec_name: 'acc_number',
  fields: {
    acc_number: { type: 'char', string: 'Account Number', required: true },
    partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Account Holder', required: true, ondelete: 'cascade', index: true },
    sequence: { type: 'integer', default: 10 },
    active: { type: 'boolean', default: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', ondelete: 'cascade' },
  },
};
