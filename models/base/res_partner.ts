/**
 * res.partner (Contact) and its tags/titles, with Odoo 17's hierarchy semantics:
 * commercial entity, complete_name "Company, Person", partner_share (security.md §6).
 */
import fs from 'fs';
import path from 'path';
import type { ModelDecl } from '../orm/registry';
import { FIXTURES_DIR } from '../paths';
import type { BaseModel, Vals } from '../orm/model';
import { PyValueError, RedirectWarning, ValidationError } from '../orm/exceptions';
import { pyTruthy, type FieldSpec } from '../orm/fields';
import { param } from '../orm/signature';
import { checkAccessRights, checkReadAccess } from '../orm/security';
import { avatarPlaceholder, avatarSvg } from './avatar';
import { existingValues, valsDicts } from '../tools/missing';

const ADDRESS_TYPES: Array<[string, string]> = [
  ['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address'],
];

/** Language selection: the active res.lang rows, as Odoo's _lang_get. */
export function langSelection(env: { cr: { all<T>(q: string): T[] } }): Array<[string, string]> {
  return env.cr.all<{ code: string; name: string }>('SELECT code, name FROM res_lang WHERE active = 1 ORDER BY name').map((r) => [r.code, r.name]);
}

/** Odoo's _tz_get: pytz's zones, 'Etc/*' last (fixtures/base/data/timezones.txt, generated from python3-tz). */
const TIMEZONES: Array<[string, string]> = fs.readFileSync(path.join(FIXTURES_DIR, 'base', 'data', 'timezones.txt'), 'utf8')
  .split('\n').filter(Boolean).map((tz) => [tz, tz]);
export function tzSelection(): Array<[string, string]> { return TIMEZONES; }

/** Default language: the context's, else en_US. */
/** Odoo's address layout for countries without their own (res_partner.py DEFAULT_ADDRESS_FORMAT). */
const DEFAULT_ADDRESS_FORMAT = '%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s';

export const langDefault = (m: { env: { context: Record<string, unknown> } }): string =>
  (typeof m.env.context.lang === 'string' && m.env.context.lang) || 'en_US';

/** The zone's UTC offset at `nowMs` (the database's clock) as Odoo's tz_offset: '+0100'. */
export function tzOffset(tz: string | false, nowMs: number): string {
  if (!tz) return '+0000';
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(new Date(nowMs));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    return m ? `${m[1]}${m[2]}${m[3]}` : '+0000';
  } catch {
    return '+0000';
  }
}

export const resPartner: ModelDecl = {
  _name: 'res.partner',
  _description: 'Contact',
  _order: 'complete_name ASC, id DESC',
  _rec_names_search: ['complete_name', 'email', 'ref', 'vat', 'company_registry'],
  fields: {
    name: { type: 'char', string: 'Name', index: 'trigram', default_export_compatible: true },
    title: { type: 'many2one', comodel: 'res.partner.title' },
    parent_id: { type: 'many2one', comodel: 'res.partner', string: 'Related Company', index: true },
    parent_name: { type: 'char', related: 'parent_id.name', string: 'Parent name', readonly: true },
    child_ids: { type: 'one2many', comodel: 'res.partner', inverse_name: 'parent_id', string: 'Contact', context: { active_test: false }, domain: [['active', '=', true]] },
    ref: { type: 'char', string: 'Reference', index: 'trigram' },
    lang: { type: 'selection', string: 'Language', default: langDefault, selection: langSelection },
    tz: { type: 'selection', string: 'Timezone', selection: tzSelection, default: (m: { env: { context: Record<string, unknown> } }) => m.env.context.tz ?? false },
    // Odoo 17: computed (precompute, stored, editable) from the parent company's salesperson
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Salesperson', compute: '_compute_user_id', store: true, readonly: false, depends: ['parent_id'], help: 'The internal user in charge of this contact.' },
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
    // image.mixin (odoo/addons/base/models/image_mixin.py): Image fields stored as attachments,
    // the smaller sizes are stored related copies shrunk to their box
    image_1920: { type: 'binary', image: true, string: 'Image', max_width: 1920, max_height: 1920 },
    image_1024: { type: 'binary', image: true, string: 'Image 1024', related: 'image_1920', max_width: 1024, max_height: 1024, store: true },
    image_512: { type: 'binary', image: true, string: 'Image 512', related: 'image_1920', max_width: 512, max_height: 512, store: true },
    image_256: { type: 'binary', image: true, string: 'Image 256', related: 'image_1920', max_width: 256, max_height: 256, store: true },
    image_128: { type: 'binary', image: true, string: 'Image 128', related: 'image_1920', max_width: 128, max_height: 128, store: true },
    // avatar.mixin: the image of that size, else generated initials (partners of internal users)
    // or the placeholder of the partner's kind
    ...Object.fromEntries(([['1920', 'Avatar'], ['1024', 'Avatar 1024'], ['512', 'Avatar 512'], ['256', 'Avatar 256'], ['128', 'Avatar 128']] as const)
      .map(([size, string]): [string, FieldSpec] => [`avatar_${size}`, { type: 'binary', image: true, string, compute: `_compute_avatar_${size}`, depends: ['name', 'user_ids.share', `image_${size}`, 'is_company', 'type', 'name', `image_${size}`] }])),
    bank_ids: { type: 'one2many', comodel: 'res.partner.bank', inverse_name: 'partner_id', string: 'Banks' },
    active_lang_count: { type: 'integer', string: 'Active Lang Count', compute: '_compute_active_lang_count' },
    tz_offset: { type: 'char', string: 'Timezone offset', compute: '_compute_tz_offset' },
    same_vat_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner with same Tax ID', compute: '_compute_same_vat_partner_id' },
    same_company_registry_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Partner with same Company Registry', compute: '_compute_same_vat_partner_id' },
    self: { type: 'many2one', comodel: 'res.partner', string: 'Self', compute: '_compute_get_ids' },
  },
  _sql_constraints: [['check_name', "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )", 'Contacts require a name']],
  constrains: { _check_parent_id: ['parent_id'] },
  // the public methods of Odoo 17's res.partner (base, with mail's find_or_create)
  rpc: {
    open_commercial_entity: { api: 'multi', params: [] },
    open_parent: { api: 'multi', params: [] },
    create_company: { api: 'multi', params: [] },
    address_get: { api: 'multi', params: [param('adr_pref', null)] },
    main_partner: { api: 'model', params: [], returns: 'ids' },
    view_header_get: { api: 'model', params: ['view_id', 'view_type'] },
    find_or_create: { api: 'model', params: ['email', param('assert_valid_email', false)], returns: 'id' },
  },
  methods: (Base) => class extends Base {
    _compute_active_lang_count(): Map<number, unknown> {
      const n = this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM res_lang WHERE active = 1')?.n ?? 0;
      return new Map(this.ids.map((id) => [id, n]));
    }
    _compute_tz_offset(): Map<number, unknown> {
      const vals = this._values(['tz']);
      return new Map(this.ids.map((id) => [id, tzOffset(vals.get(id)?.tz as string | false, this.env.cr.clock.now())]));
    }
    /** Another company contact with the same Tax ID / company registry (the duplicate warning). */
    _compute_same_vat_partner_id(field: { name: string }): Map<number, unknown> {
      const key = field?.name === 'same_vat_partner_id' ? 'vat' : 'company_registry';
      const vals = this._values([key, 'commercial_partner_id']);
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id)!;
        if (!v[key]) return [id, false];
        // another entity than this contact's own company (Odoo excludes the contact and its children)
        const other = this.sudo().withContext({ active_test: false })._searchIds(
          [[key, '=', v[key]], ['id', '!=', id], ['commercial_partner_id', '!=', v.commercial_partner_id]], { limit: 1 });
        return [id, other[0] ?? false];
      }));
    }
    _compute_get_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, id]));
    }
    /** The "Open Company" button: the commercial entity's form. */
    open_commercial_entity(): Vals {
      this.ensureOne();
      checkReadAccess(this);
      return { type: 'ir.actions.act_window', res_model: 'res.partner', view_mode: 'form', res_id: this.get('commercial_partner_id') || false, target: 'current' };
    }
    /** The "Open Parent" button: the parent in the address form, in a dialog. */
    open_parent(): Vals {
      this.ensureOne();
      checkReadAccess(this);
      const view = this.env.xmlidLookup('base.view_partner_address_form')?.[1] ?? false;
      return { type: 'ir.actions.act_window', res_model: 'res.partner', view_mode: 'form', views: [[view, 'form']], res_id: this.get('parent_id') || false, target: 'new' };
    }
    /** A company named after company_name (with the contact's address) becomes the parent. */
    create_company(): boolean {
      this.ensureOne();
      const v = this._values(['company_name', 'vat', 'child_ids', ...ADDRESS_FIELDS]).get(this.ids[0])!;
      if (v.company_name) {
        const address = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, v[f]]));
        const company = this.create({ name: v.company_name, is_company: true, vat: v.vat, ...address });
        this.write({ parent_id: company.ids[0], child_ids: (v.child_ids as number[]).map((id) => [1, id, { parent_id: company.ids[0] }]) });
      }
      return true;
    }
    /**
     * Contacts of the wanted types: depth-first through the descendants within the company
     * boundaries, then the ancestors; missing types default to the 'contact' one (or self).
     */
    address_get(adrPref: unknown = null): Record<string, number | false> {
      checkReadAccess(this);
      const wanted = new Set(Array.isArray(adrPref) ? adrPref.map(String) : []);
      wanted.add('contact');
      const result: Record<string, number | false> = {};
      const visited = new Set<number>();
      const fields = (id: number) => this.browse([id])._values(['type', 'child_ids', 'is_company', 'parent_id']).get(id)!;
      for (const start of this.ids) {
        let current: number | false = start;
        while (current) {
          let toScan: number[] = [current];
          while (toScan.length) {
            const id = toScan.shift()!;
            visited.add(id);
            const rec = fields(id);
            if (wanted.has(String(rec.type)) && !result[String(rec.type)]) result[String(rec.type)] = id;
            if (Object.keys(result).length === wanted.size) return result;
            const children = (rec.child_ids as number[]).filter((c) => !visited.has(c) && !fields(c).is_company);
            toScan = [...children, ...toScan];
          }
          const cur = fields(current);
          if (cur.is_company || !cur.parent_id) break;
          current = cur.parent_id as number;
        }
      }
      const dflt = result.contact ?? (this.ids.length === 1 ? this.ids[0] : false);
      for (const t of wanted) result[t] = result[t] || dflt;
      return result;
    }
    main_partner(): BaseModel {
      return this.browse([this.env.xmlidLookup('base.main_partner')?.[1] ?? 0].filter(Boolean));
    }
    view_header_get(_viewId: unknown, _viewType: unknown): string | false {
      const category = this.env.context.category_id;
      if (category) return `Partners: ${this.env.model('res.partner.category').browse([Number(category)]).get('name')}`;
      return false;
    }
    /** mail's find_or_create: the partner with this (normalized) email, else a new one. */
    find_or_create(email: unknown, assertValidEmail: unknown = false): BaseModel {
      if (!pyTruthy(email)) throw new PyValueError('An email is required for find_or_create to work');
      const [name, normalized] = parseContactFromEmail(String(email));
      // the message is Odoo's, placeholder included (it is never formatted there)
      if (!normalized && pyTruthy(assertValidEmail)) throw new PyValueError('%(email)s is not recognized as a valid email. This is required to create a new customer.');
      if (normalized) {
        const found = this.search([['email', '=ilike', normalized]], 0, 1);
        if (found.ids.length) return found;
      }
      return this.create(normalized ? { name: name || normalized, email: normalized } : { name: name || normalized });
    }
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
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => [id, emailFormatted(vals.get(id)!.name, vals.get(id)!.email)]));
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
    /** Odoo's _compute_user_id: a person without salesperson gets the one of its parent. */
    _compute_user_id(): Map<number, unknown> {
      const vals = this._values(['user_id', 'is_company', 'parent_id']);
      const parentIds = [...new Set([...vals.values()].map((v) => v.parent_id).filter((p): p is number => typeof p === 'number'))];
      const parents = parentIds.length ? this.browse(parentIds)._values(['user_id']) : new Map<number, Vals>();
      return new Map(this.ids.map((id) => {
        const v = vals.get(id);
        if (!v || v.user_id || v.is_company || typeof v.parent_id !== 'number') return [id, v?.user_id ?? false];
        return [id, parents.get(v.parent_id)?.user_id || false];
      }));
    }
    /**
     * Odoo computes user_id before inserting the new partners (precompute): a person created
     * without salesperson under a parent that does not exist gets MissingError, not the
     * foreign-key error of the INSERT (a company, or a given user_id, reads no parent).
     */
    create(valsList: unknown): this {
      if (checkAccessRights(this, 'create', false)) {
        const parents = valsDicts(valsList)
          .filter((v) => !('user_id' in v) && typeof v.parent_id === 'number' && v.parent_id && !isCompany(v))
          .map((v) => v.parent_id as number);
        // a parent_id of another type is stored as NULL (Odoo 17 convert_to_cache): nothing to read
        if (parents.length) existingValues(this.browse(parents), ['user_id']);
      }
      return super.create(valsList);
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
    _compute_avatar_1920(): Map<number, unknown> { return this._computeAvatar('image_1920'); }
    _compute_avatar_1024(): Map<number, unknown> { return this._computeAvatar('image_1024'); }
    _compute_avatar_512(): Map<number, unknown> { return this._computeAvatar('image_512'); }
    _compute_avatar_256(): Map<number, unknown> { return this._computeAvatar('image_256'); }
    _compute_avatar_128(): Map<number, unknown> { return this._computeAvatar('image_128'); }
    /** res.partner _compute_avatar: partners of active internal users as avatar.mixin, the others their image or placeholder. */
    _computeAvatar(imageField: string): Map<number, unknown> {
      const images = this.sudo().withContext({ ...this.env.context, bin_size: false })._readAttachmentField(this.cls._fields[imageField]);
      const vals = this.sudo()._values(['name', 'is_company', 'type', 'create_date']);
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const image = images.get(id);
        if (image) { out.set(id, image); continue; }
        const v = vals.get(id) ?? {};
        const internal = this.env.cr.get('SELECT 1 AS x FROM res_users WHERE partner_id = ? AND share = 0 AND active = 1 LIMIT 1', [id]);
        if (internal && v.name) out.set(id, avatarSvg(String(v.name), v.create_date as string | false));
        else out.set(id, avatarPlaceholder(internal ? 'avatar_grey' : v.is_company ? 'company_image' : v.type === 'delivery' ? 'truck' : v.type === 'invoice' ? 'money' : 'avatar_grey'));
      }
      return out;
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
    /** _unlink_except_linked_active_users (an @api.ondelete check, run after the access checks). */
    _ondelete(): void {
      super._ondelete();
      const users = this.env.model('res.users').sudo()._searchIds([['partner_id', 'in', this.ids]]);
      if (users.length) {
        const names = this.env.model('res.users').sudo().browse(users).mapped('name').join(', ');
        if (checkAccessRights(this.env.model('res.users'), 'write', false)) {
          throw new RedirectWarning(`You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : ${names}`,
            false, 'Go to users', null);
        }
        throw new ValidationError(`You cannot delete contacts linked to an active user.\nAsk an administrator to archive their associated user first.\n\nLinked active users :\n${names}`);
      }
    }
    /**
     * The partner of another internal user is theirs too: writing it needs the right to write
     * users (Odoo 17 res.partner.write), so an employee cannot change an administrator's email
     * and then have the password reset mail sent there.
     */
    write(vals: unknown): boolean {
      const result = super.write(vals);
      if (!this.env.su && this.ids.length) {
        const others = this.env.cr.raw(
          `SELECT 1 FROM res_users WHERE active = 1 AND share = 0 AND id != ? AND partner_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
          [this.env.uid, JSON.stringify(this.ids)]);
        if (others.length) checkAccessRights(this.env.model('res.users'), 'write');
      }
      return result;
    }
  },
};

/** Whether new partner values make a company (company_type's inverse wins over is_company). */
function isCompany(vals: Vals): boolean {
  return 'company_type' in vals ? vals.company_type === 'company' : pyTruthy(vals.is_company);
}

/** Odoo's email_normalize (strict): one address, lower-cased. */
const ADDRESS_FIELDS = ['street', 'street2', 'zip', 'city', 'state_id', 'country_id'];

/** tools.parse_contact_from_email: [name, normalized email] of "Name <email>", else [text, '']. */
export function parseContactFromEmail(text: string): [string, string] {
  if (!text.trim()) return ['', ''];
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>/.exec(text);
  if (m) return [m[1].trim(), normalizeEmail(m[2], false) || m[2]];
  const bare = /[^\s<>,;"]+@[^\s<>,;"]+/.exec(text);
  if (bare) return [text.slice(0, bare.index).replace(/[\s,;"]+$/, '').trim(), normalizeEmail(bare[0], false) || bare[0]];
  return [text, ''];
}

/** A partner's email_formatted from its name and email ("Name" <address>; false without email). */
export function emailFormatted(name: unknown, email: unknown): string | false {
  if (!email) return false;
  const emails = String(email).split(',').map((e) => normalizeEmail(e.trim())).filter(Boolean);
  const shown = (name as string) || 'False';
  return `"${shown.replace(/["\\]/g, '\\$&')}" <${emails.length ? emails.join(',') : email}>`;
}

/**
 * Odoo's email_normalize: one address, lower-cased. In strict mode (Odoo's default) a text
 * holding several addresses ("two@example.com, three@example.com") normalizes to False.
 */
export function normalizeEmail(text: string, strict = true): string | false {
  const found = text.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? [];
  if (!found.length || (strict && found.length !== 1)) return false;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(text);
  return (m?.[1] ?? found[0] ?? '').toLowerCase();
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
    parent_path: { type: 'char', compute: '_compute_parent_path', readonly: false, string: 'Parent Path' },
  },
  methods: (Base) => class extends Base {
    /** "1/4/" style: the ancestors' ids from the root, as Odoo's parent_path. */
    _compute_parent_path(): Map<number, unknown> {
      return new Map(this.ids.map((id) => {
        const chain: number[] = [];
        let cur: number | false = id;
        while (cur && !chain.includes(cur)) {
          chain.unshift(cur);
          cur = this.browse([cur]).sudo().get('parent_id') as number | false;
        }
        return [id, `${chain.join('/')}/`];
      }));
    }
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
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'partner_id.company_id', store: true, readonly: true } as never,
    acc_type: { type: 'selection', string: 'Type', compute: '_compute_acc_type', selection: [['bank', 'Normal']], help: 'Bank account type: Normal or IBAN. Inferred from the bank account number.' },
    sanitized_acc_number: { type: 'char', string: 'Sanitized Account Number', compute: '_compute_sanitized_acc_number', store: true, depends: ['acc_number'], readonly: true },
    acc_holder_name: { type: 'char', string: 'Account Holder Name', help: "Account holder name, in case it is different than the name of the Account Holder" },
    allow_out_payment: { type: 'boolean', string: 'Send Money', help: 'This account can be used for outgoing payments' },
    // the bank itself (res.bank) is not modelled here: its name and BIC are plain fields
    bank_name: { type: 'char', string: 'Name' },
    bank_bic: { type: 'char', string: 'Bank Identifier Code' },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency' },
  },
  methods: (Base) => class extends Base {
    _compute_acc_type(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, 'bank']));
    }
    /** The account number without spaces or punctuation, upper-cased (sanitize_account_number). */
    _compute_sanitized_acc_number(): Map<number, unknown> {
      const vals = this._values(['acc_number']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.acc_number ? String(vals.get(id)!.acc_number).replace(/\W+/g, '').toUpperCase() : false]));
    }
  },
};
