/**
 * base.document.layout (addons/web/models/base_document_layout.py): the "Configure your document
 * layout" wizard. Its fields are the company's layout settings (related, writable), so creating or
 * writing the wizard sets them on the company; `document_layout_save` then answers the action the
 * configurator interrupted (context report_action) or closes the dialog.
 *
 * The web client fills the form through onchange: the company's values, the report.layout of the
 * company's template (else the first one), colours defaulting to black (_onchange_company_id), the
 * layout's template on choosing a layout (_onchange_report_layout_id).
 *
 * The logo's colours come from models/web/logo_colors.ts; choosing a logo takes them as the
 * document colours, "reset" (custom_colors unset) goes back to them.
 *
 * Differences: `preview` is a plain
 * HTML sketch of the company block, not Odoo's QWeb/SCSS invoice preview; the form has no
 * "Download PDF Preview" button (web.action_report_layout_preview is not emulated).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { extractPrimarySecondaryColors } from './logo_colors';

/** Odoo's DEFAULT_PRIMARY / DEFAULT_SECONDARY. */
const DEFAULT_PRIMARY = '#000000';
const DEFAULT_SECONDARY = '#000000';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlToText(html: unknown): string {
  return typeof html === 'string' ? html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim() : '';
}

function currentCompany(m: BaseModel): AnyModel {
  return m.env.model('res.company').sudo().browse([m.env.companyInfo().companyId || 1]) as AnyModel;
}

/** The company's phone, email, website and tax id, space-separated (_default_report_footer). */
function defaultReportFooter(m: BaseModel): string {
  const c = currentCompany(m);
  const v = c._values(['phone', 'email', 'website', 'vat']).get(c.ids[0]) ?? {};
  return [v.phone, v.email, v.website, v.vat].filter((x) => typeof x === 'string' && x.length > 0).map((x) => escapeHtml(String(x))).join(' ');
}

/**
 * The company's address block as HTML lines (_default_company_details): the partner's address
 * format without the lines of empty values, the company name on top.
 */
function defaultCompanyDetails(m: BaseModel): string {
  const company = currentCompany(m);
  const cv = company._values(['name', 'partner_id']).get(company.ids[0]) ?? {};
  const partner = m.env.model('res.partner').sudo().browse([cv.partner_id as number]) as AnyModel;
  const address = String(partner.get('contact_address') || '');
  const lines = address.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const name = String(cv.name || '');
  if (lines[0] !== name) lines.unshift(name);
  return lines.map(escapeHtml).join('<br>\n');
}

export const baseDocumentLayout: ModelDecl = {
  _name: 'base.document.layout',
  _description: 'Company Document Layout',
  _transient: true,
  fields: {
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', required: true, default: (m: BaseModel) => m.env.companyInfo().companyId || 1 },
    logo: { type: 'binary', related: 'company_id.logo', readonly: false, string: 'Company Logo' },
    preview_logo: { type: 'binary', related: 'logo', string: 'Preview logo' },
    report_header: { type: 'html', related: 'company_id.report_header', readonly: false, string: 'Company Tagline', translate: true },
    report_footer: { type: 'html', related: 'company_id.report_footer', readonly: false, string: 'Report Footer', translate: true, default: (m: BaseModel) => defaultReportFooter(m) },
    company_details: { type: 'html', related: 'company_id.company_details', readonly: false, string: 'Company Details', translate: true, default: (m: BaseModel) => defaultCompanyDetails(m) },
    is_company_details_empty: { type: 'boolean', compute: '_compute_empty_company_details', string: 'Is Company Details Empty' },
    // the format's changes do not show in the preview (as in Odoo)
    paperformat_id: { type: 'many2one', comodel: 'report.paperformat', related: 'company_id.paperformat_id', readonly: false, string: 'Paper format' },
    external_report_layout_id: { type: 'many2one', comodel: 'ir.ui.view', related: 'company_id.external_report_layout_id', readonly: false, string: 'Document Template' },
    font: { type: 'selection', related: 'company_id.font', readonly: false, string: 'Font', selection: [['Lato', 'Lato'], ['Roboto', 'Roboto'], ['Open_Sans', 'Open Sans'], ['Montserrat', 'Montserrat'], ['Oswald', 'Oswald'], ['Raleway', 'Raleway'], ['Tajawal', 'Tajawal']] },
    primary_color: { type: 'char', related: 'company_id.primary_color', readonly: false, string: 'Primary Color' },
    secondary_color: { type: 'char', related: 'company_id.secondary_color', readonly: false, string: 'Secondary Color' },
    custom_colors: { type: 'boolean', compute: '_compute_custom_colors', readonly: false, string: 'Custom Colors' },
    logo_primary_color: { type: 'char', compute: '_compute_logo_colors', string: 'Logo Primary Color' },
    logo_secondary_color: { type: 'char', compute: '_compute_logo_colors', string: 'Logo Secondary Color' },
    layout_background: { type: 'selection', related: 'company_id.layout_background', readonly: false, string: 'Layout Background', selection: [['Blank', 'Blank'], ['Geometric', 'Geometric'], ['Custom', 'Custom']] },
    layout_background_image: { type: 'binary', related: 'company_id.layout_background_image', readonly: false, string: 'Background Image' },
    report_layout_id: { type: 'many2one', comodel: 'report.layout', string: 'Report Layout' },
    preview: { type: 'html', compute: '_compute_preview', string: 'Preview', sanitize: false },
    partner_id: { type: 'many2one', comodel: 'res.partner', related: 'company_id.partner_id', readonly: true, string: 'Partner' },
    phone: { type: 'char', related: 'company_id.phone', readonly: true, string: 'Phone' },
    email: { type: 'char', related: 'company_id.email', readonly: true, string: 'Email' },
    website: { type: 'char', related: 'company_id.website', readonly: true, string: 'Website Link' },
    vat: { type: 'char', related: 'company_id.vat', readonly: true, string: 'Tax ID' },
    name: { type: 'char', related: 'company_id.name', readonly: true, string: 'Company Name' },
    country_id: { type: 'many2one', comodel: 'res.country', related: 'company_id.country_id', readonly: true, string: 'Country' },
  },
  rpc: {
    document_layout_save: { api: 'multi', params: [] },
    extract_image_primary_secondary_colors: { api: 'model', params: ['logo', param('white_threshold', 225), param('mitigate', 175)] },
  },
  methods: (Base) => class extends Base {
    _compute_empty_company_details(): Map<number, unknown> {
      const vals = this._values(['company_details']);
      return new Map(this.ids.map((id) => [id, !htmlToText(vals.get(id)?.company_details)]));
    }

    /** The logo's dominant colours (_compute_logo_colors), read from the logo's bytes even with bin_size. */
    _compute_logo_colors(field: { name: string }): Map<number, unknown> {
      const vals = this.withContext({ ...this.env.context, bin_size: false })._values(['logo']);
      return new Map(this.ids.map((id): [number, unknown] => {
        const [primary, secondary] = extractPrimarySecondaryColors(vals.get(id)?.logo);
        return [id, field.name === 'logo_primary_color' ? primary : secondary];
      }));
    }

    extract_image_primary_secondary_colors(logo: unknown, whiteThreshold: unknown = 225, mitigate: unknown = 175): [string | false, string | false] {
      return extractPrimarySecondaryColors(logo, Number(whiteThreshold), Number(mitigate));
    }

    /** Colours set and different from the logo's (_compute_custom_colors). */
    _compute_custom_colors(): Map<number, unknown> {
      const vals = this._values(['logo', 'primary_color', 'secondary_color', 'logo_primary_color', 'logo_secondary_color']);
      return new Map(this.ids.map((id) => {
        const v = vals.get(id) ?? {};
        const same = String(v.primary_color || '').toLowerCase() === String(v.logo_primary_color || '').toLowerCase()
          && String(v.secondary_color || '').toLowerCase() === String(v.logo_secondary_color || '').toLowerCase();
        return [id, !!(v.logo && v.primary_color && v.secondary_color && !same)];
      }));
    }

    /** A plain HTML sketch of the document header with the chosen layout, font and colours. */
    _compute_preview(): Map<number, unknown> {
      const vals = this._values(['report_layout_id', 'font', 'primary_color', 'secondary_color', 'report_header', 'company_details', 'report_footer', 'name']);
      return new Map<number, unknown>(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id) ?? {};
        if (!v.report_layout_id) return [id, false];
        const layout = this.env.model('report.layout').sudo().browse([v.report_layout_id as number]).get('name');
        const primary = escapeHtml(String(v.primary_color || DEFAULT_PRIMARY));
        const secondary = escapeHtml(String(v.secondary_color || DEFAULT_SECONDARY));
        const font = escapeHtml(String(v.font || 'Lato')).replace(/_/g, ' ');
        return [id, `<div class="o_company_layout_preview o_layout_${escapeHtml(String(layout).toLowerCase())}" style="font-family: '${font}'">`
          + `<div class="o_report_header" style="color: ${primary}">${String(v.report_header || '')}</div>`
          + `<div class="o_company_details" style="border-color: ${secondary}">${String(v.company_details || escapeHtml(String(v.name || '')))}</div>`
          + `<div class="o_report_footer">${String(v.report_footer || '')}</div></div>`];
      }));
    }

    /** The onchanges of the form: the company's settings on opening, a layout's template on choosing it. */
    onchange(values: unknown, fieldNames: unknown, fieldsSpec: unknown): Vals {
      const res = super.onchange(values, fieldNames, fieldsSpec) as Vals;
      const names = Array.isArray(fieldNames) ? fieldNames.map(String) : [];
      const given = { ...((values ?? {}) as Vals), ...((res.value ?? {}) as Vals) };
      const value = (res.value ?? {}) as Vals;
      const spec = (fieldsSpec ?? {}) as Record<string, unknown>;
      const wanted = (f: string) => !Object.keys(spec).length || f in spec;
      if (names.length === 0 || names.includes('company_id')) {
        const companyId = (Array.isArray(given.company_id) ? given.company_id[0] : given.company_id) as number;
        Object.assign(value, this._companySettings(companyId, given));
      }
      if (names.includes('logo') || names.includes('custom_colors')) Object.assign(value, this._colorsOnchange(names, given));
      if (names.includes('report_layout_id')) {
        const layoutId = (Array.isArray(given.report_layout_id) ? given.report_layout_id[0] : (given.report_layout_id as { id?: number })?.id ?? given.report_layout_id) as number | false;
        value.external_report_layout_id = layoutId ? this.env.model('report.layout').sudo().browse([layoutId]).get('view_id') : false;
      }
      for (const k of Object.keys(value)) if (!wanted(k)) delete value[k];
      res.value = value;
      return res;
    }

    /**
     * _onchange_logo: a new logo brings its colours (unless it is the company's logo and the
     * company has its colours); _onchange_custom_colors: unticking goes back to the logo's colours.
     */
    _colorsOnchange(names: string[], given: Vals): Vals {
      const logo = given.logo || false;
      const [logoPrimary, logoSecondary] = extractPrimarySecondaryColors(logo);
      const out: Vals = { logo_primary_color: logoPrimary, logo_secondary_color: logoSecondary };
      if (names.includes('logo')) {
        const companyId = (Array.isArray(given.company_id) ? given.company_id[0] : (given.company_id as { id?: number })?.id ?? given.company_id) as number;
        const c = companyId ? this.env.model('res.company').sudo().withContext({ bin_size: false }).browse([companyId])._values(['logo', 'primary_color', 'secondary_color']).get(companyId) : undefined;
        const unchanged = c && logo === c.logo && c.primary_color && c.secondary_color;
        if (!unchanged) {
          if (logoPrimary) out.primary_color = logoPrimary;
          if (logoSecondary) out.secondary_color = logoSecondary;
        }
      }
      if (names.includes('custom_colors') && logo && !given.custom_colors) {
        out.primary_color = logoPrimary || DEFAULT_PRIMARY;
        out.secondary_color = logoSecondary || DEFAULT_SECONDARY;
      }
      return out;
    }

    /** _onchange_company_id: the company's layout settings and the report.layout of its template. */
    _companySettings(companyId: number, given: Vals): Vals {
      if (!companyId) return {};
      const c = this.env.model('res.company').sudo().withContext({ bin_size: false }).browse([companyId]);
      const v = c._values(['logo', 'report_header', 'report_footer', 'company_details', 'paperformat_id', 'external_report_layout_id', 'font', 'primary_color', 'secondary_color']).get(companyId);
      if (!v) return {};
      const Layout = this.env.model('report.layout').sudo();
      const key = v.external_report_layout_id ? this.env.model('ir.ui.view').sudo().browse([v.external_report_layout_id as number]).get('key') : false;
      const byKey = key ? Layout._searchIds([['view_id.key', '=', key]], { limit: 1 }) : [];
      const layoutIds = byKey.length ? byKey : Layout._searchIds([], { limit: 1 });
      const [logoPrimary, logoSecondary] = extractPrimarySecondaryColors(v.logo);
      return {
        logo: v.logo ?? false,
        report_header: v.report_header ?? false,
        // an empty string is the user's choice, false means never set: keep the default then
        report_footer: typeof v.report_footer === 'string' ? v.report_footer : given.report_footer ?? false,
        company_details: typeof v.company_details === 'string' ? v.company_details : given.company_details ?? false,
        paperformat_id: v.paperformat_id ?? false,
        external_report_layout_id: v.external_report_layout_id ?? false,
        font: v.font ?? false,
        logo_primary_color: logoPrimary,
        logo_secondary_color: logoSecondary,
        primary_color: v.primary_color || logoPrimary || DEFAULT_PRIMARY,
        secondary_color: v.secondary_color || logoSecondary || DEFAULT_SECONDARY,
        report_layout_id: layoutIds[0] ?? false,
      };
    }

    /** The interrupted action (context report_action), else close the dialog (document_layout_save). */
    document_layout_save(): Vals {
      return (this.env.context.report_action as Vals | undefined) || { type: 'ir.actions.act_window_close' };
    }
  },
};

export const webModels: ModelDecl[] = [baseDocumentLayout].map((d) => ({ _module: 'web', ...d }));
