/**
 * ir.actions.report (odoo/addons/base/models/ir_actions_report.py): the printable reports as
 * records. A record names the report (`name`), its model, its `report_name` (the QWeb template
 * in Odoo; here the key of the document builder registered in models/tools/reports.ts), the
 * downloaded file's name (`print_report_name`, a Python expression of `object`) and the
 * attachment it may save (`attachment`, `attachment_use`); binding it to a model puts it in the
 * form's Print menu (get_bindings).
 *
 * `_render_qweb_pdf` / `_render_qweb_html` / `_render` take a report reference (id, xml id or
 * report_name, `_get_report`) and answer [content, format] as Odoo does; routes, mail templates
 * and the Send & Print wizard all render through them. `report_action` answers the web client's
 * action dict.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import { param } from '../orm/signature';
import { PyValueError, UserError } from '../orm/exceptions';
import { checkAccessRights, checkAccessRule, pyTimeAt } from '../orm/security';
import { safeEval } from '../tools/safe_eval';
import { pyRepr, pyStr } from '../tools/pyrepr';
import { codeRecordset } from '../tools/python_code';
import { renderReport } from '../tools/reports';
import { log } from '../tools/log';
import { missingError } from '../tools/missing';

/** What _render_qweb_pdf and friends answer: the content and its format ('pdf', 'html'). */
export type RenderedReport = [Buffer, 'pdf' | 'html'];

export const irActionsReport: ModelDecl = {
  _name: 'ir.actions.report',
  _inherit: 'ir.actions.actions',
  _description: 'Report Action',
  _table: 'ir_actions',
  _order: 'name, id',
  fields: {
    type: { type: 'char', string: 'Action Type', required: true, default: 'ir.actions.report' },
    binding_type: { type: 'selection', string: 'Binding Type', selection: [['action', 'Action'], ['report', 'Report']], required: true, default: 'report' },
    model: { type: 'char', string: 'Model Name', required: true },
    model_id: { type: 'many2one', comodel: 'ir.model', string: 'Model', compute: '_compute_model_id', search: '_search_model_id' },
    report_type: { type: 'selection', string: 'Report Type', selection: [['qweb-html', 'HTML'], ['qweb-pdf', 'PDF'], ['qweb-text', 'Text']], required: true, default: 'qweb-pdf', help: 'The type of the report that will be rendered, each one having its own rendering method. HTML means the report will be opened directly in your browser PDF means the report will be rendered using Wkhtmltopdf and downloaded by the user.' },
    report_name: { type: 'char', string: 'Template Name', required: true },
    report_file: { type: 'char', string: 'Report File', help: 'The path to the main report file (depending on Report Type) or empty if the content is in another field' },
    groups_id: { type: 'many2many', comodel: 'res.groups', relation: 'res_groups_report_rel', column1: 'uid', column2: 'gid', string: 'Groups' },
    multi: { type: 'boolean', string: 'On Multiple Doc.', help: 'If set to true, the action will not be displayed on the right toolbar of a form view.' },
    print_report_name: { type: 'char', string: 'Printed Report Name', translate: true, help: 'This is the filename of the report going to download. Keep empty to not change the report filename. You can use a python expression with the \'object\' and \'time\' variables.' },
    attachment_use: { type: 'boolean', string: 'Reload from Attachment', help: 'If enabled, then the second time the user prints with same attachment name, it returns the previous report.' },
    paperformat_id: { type: 'many2one', comodel: 'report.paperformat', string: 'Paper Format' },
    attachment: { type: 'char', string: 'Save as Attachment Prefix', help: 'This is the filename of the attachment used to store the printing result. Keep empty to not save the printed reports. You can use a python expression with the object and time variables.' },
  },
  rpc: {
    report_action: { api: 'multi', params: ['docids', param('data', null), param('config', true)] },
    get_wkhtmltopdf_state: { api: 'model', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_model_id(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['model'])) {
        const row = this.env.cr.get<{ id: number }>('SELECT id FROM ir_model WHERE model = ?', [v.model as string]);
        out.set(id, row?.id ?? false);
      }
      return out;
    }

    _search_model_id(operator: string, value: unknown): Domain {
      const models = this.env.model('ir.model').sudo().browse(Array.isArray(value) ? value : [value]).mapped('model');
      return [['model', operator === '!=' || operator === 'not in' ? 'not in' : 'in', models]];
    }

    /**
     * The report (sudo) of a reference: an id, a report record, a report_name, else an xml id
     * (_get_report). Anything else is one of the ValueErrors Odoo raises on the way.
     */
    _get_report(reportRef: unknown): AnyModel {
      const Report = this.env.model('ir.actions.report').sudo();
      if (typeof reportRef === 'number') return Report.browse([reportRef]);
      if (reportRef && typeof reportRef === 'object' && 'ids' in (reportRef as object)) {
        const rec = reportRef as BaseModel;
        if (rec._name !== 'ir.actions.report') throw new PyValueError(`Expected report of type ir.actions.report, got ${rec._name}`);
        return rec.sudo() as AnyModel;
      }
      const ref = String(reportRef);
      const found = Report._searchIds([['report_name', '=', ref]], { limit: 1 });
      if (found.length) return Report.browse(found);
      // env.ref(): Python's unpacking of "module.name" fails first on a name without a dot
      if (!ref.includes('.')) throw new PyValueError('not enough values to unpack (expected 2, got 1)');
      const target = this.env.xmlidLookup(ref);
      if (!target) throw new PyValueError(`External ID not found in the system: ${ref}`);
      if (target[0] !== 'ir.actions.report') throw new PyValueError(`Fetching report ${pyRepr(ref)}: type ${target[0]}, expected ir.actions.report`);
      return Report.browse([target[1]]);
    }

    /** The report of a report_name, or an empty recordset (_get_report_from_name). */
    _get_report_from_name(reportName: unknown): AnyModel {
      const Report = this.env.model('ir.actions.report').sudo();
      return Report.browse(Report._searchIds([['report_name', '=', String(reportName)]], { limit: 1 }));
    }

    /** The documents as PDF: [bytes, 'pdf'] (_render_qweb_pdf). */
    _render_qweb_pdf(reportRef: unknown, resIds: unknown = null, data: unknown = null): RenderedReport {
      return this._renderAs('pdf', reportRef, resIds, data);
    }

    /** The documents as the report's HTML page: [bytes, 'html'] (_render_qweb_html). */
    _render_qweb_html(reportRef: unknown, resIds: unknown = null, data: unknown = null): RenderedReport {
      return this._renderAs('html', reportRef, resIds, data);
    }

    /** By the report's type (_render): qweb-pdf → PDF, qweb-html and qweb-text → the HTML page. */
    _render(reportRef: unknown, resIds: unknown = null, data: unknown = null): RenderedReport {
      const report = this._get_report(reportRef);
      return this._renderAs(report.get('report_type') === 'qweb-pdf' ? 'pdf' : 'html', report, resIds, data);
    }

    _renderAs(format: 'pdf' | 'html', reportRef: unknown, resIds: unknown, data: unknown): RenderedReport {
      const report = this._get_report(reportRef);
      const ids = Array.isArray(resIds) ? resIds.map(Number) : typeof resIds === 'number' ? [resIds] : [];
      const values: Record<string, unknown> = { ...((data && typeof data === 'object' ? data : {}) as Record<string, unknown>), report_type: format };
      const r = report._values(['model', 'report_name', 'attachment', 'attachment_use']).get(report.ids[0]);
      if (!r) throw missingError(report, report.ids);
      const model = String(r.model);
      // QWeb reads the documents as the caller: rights, record rules, existence
      if (this.env.has(model) && ids.length) {
        const records = this.env.model(model).browse(ids);
        checkAccessRights(records, 'read');
        checkAccessRule(records, 'read');
        const existing = records.sudo().exists().ids;
        const missing = ids.filter((id) => !existing.includes(id));
        if (missing.length) throw missingError(records, missing);
      }
      this._checkBeforeRender(report, ids);
      if (this.env.context.proforma_invoice) values.proforma = true;
      const reportName = String(r.report_name);
      const duplicated = new Set(ids).size !== ids.length;
      const saving = format === 'pdf' && !duplicated && !!r.attachment && !this.env.context.report_pdf_no_attachment && ids.length > 0;
      if (!saving) return [renderReport(this.env, reportName, ids, format, values, report._printFileName(ids)).content, format];
      // reports saved as attachments: each record's PDF on its own, reloaded when attachment_use
      const parts = ids.map((id) => {
        const found = report.retrieve_attachment(this.env.model(model).browse([id])) as AnyModel | null;
        const stored = found && found.ids.length ? found : null;
        if (stored && r.attachment_use) return { id, stored, content: (stored.sudo() as AnyModel)._rawValues().get(stored.ids[0]) as Buffer };
        return { id, stored, content: null as Buffer | null };
      });
      if (ids.length === 1) {
        const [part] = parts;
        const content = part.content ?? renderReport(this.env, reportName, ids, 'pdf', values, report._printFileName(ids)).content;
        if (!part.stored) this._saveReportAttachments(report, model, [[part.id, content]]);
        return [content, 'pdf'];
      }
      // several documents make one PDF, rendered at once; the missing ones are saved one by one
      const toSave = parts.filter((p) => !p.stored).map((p): [number, Buffer] => [p.id, renderReport(this.env, reportName, [p.id], 'pdf', values, report._printFileName([p.id])).content]);
      this._saveReportAttachments(report, model, toSave);
      return [renderReport(this.env, reportName, ids, 'pdf', values, report._printFileName(ids)).content, 'pdf'];
    }

    /** Checks of a report before rendering (account refuses to print journal entries). */
    _checkBeforeRender(_report: AnyModel, _ids: number[]): void {
      // extended by addons
    }

    /** Save printed PDFs as attachments of their records (_prepare_pdf_report_attachment_vals_list). */
    _saveReportAttachments(report: AnyModel, model: string, contents: Array<[number, Buffer]>): void {
      if (!contents.length || !this.env.has('ir.attachment')) return;
      const expr = String(report.get('attachment'));
      const vals = contents.flatMap(([id, content]) => {
        const name = this._evalWithObject(expr, model, id);
        return name ? [{ name, raw: content, res_model: model, res_id: id, type: 'binary' }] : [];
      });
      if (!vals.length) return;
      try {
        this.env.model('ir.attachment').create(vals);
        log('info', 'odoo.addons.base.models.ir_actions_report', `The PDF documents '${vals.map((v) => v.name).join(', ')}' are now saved in the database`, this.env.dbName);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        log('info', 'odoo.addons.base.models.ir_actions_report', `Cannot save PDF report '${vals.map((v) => v.name).join(', ')}' attachments for user ${this.env.uid}`, this.env.dbName);
      }
    }

    /** The attachment a report saved for a record, if any (retrieve_attachment). */
    retrieve_attachment(record: BaseModel): AnyModel | null {
      const expr = this.ensureOne().sudo().get('attachment');
      const name = expr ? this._evalWithObject(String(expr), record._name, record.ids[0]) : '';
      if (!name || !this.env.has('ir.attachment')) return null;
      const Attachment = this.env.model('ir.attachment');
      return Attachment.browse(Attachment._searchIds([['name', '=', name], ['res_model', '=', this.get('model')], ['res_id', '=', record.ids[0]]], { limit: 1 }));
    }

    /** A Python expression of `object` (the record, with its methods) and `time`, as text. */
    _evalWithObject(expr: string, model: string, id: number): string {
      if (!this.env.has(model)) return '';
      const value = safeEval(expr, { object: codeRecordset(this.env.model(model).browse([id])), time: pyTimeAt(this.env.cr.clock) });
      return value === false || value === null || value === undefined ? '' : pyStr(value);
    }

    /**
     * The downloaded file's base name for one record: print_report_name evaluated, else the
     * report's name (report_download in web/controllers/report.py).
     */
    _printFileName(ids: number[]): string {
      const v = this.ensureOne().sudo()._values(['name', 'model', 'print_report_name']).get(this.ids[0])!;
      if (ids.length === 1 && v.print_report_name) {
        const name = this._evalWithObject(String(v.print_report_name), String(v.model), ids[0]);
        if (name) return name;
      }
      return String(v.name);
    }

    /** The action the web client runs to print (report_action). */
    report_action(docids: unknown, data: unknown = null, config: unknown = true): Vals {
      // the report is read as the caller: its ACL (internal users), its rules, its existence
      this.ensureOne();
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
      const v = this.sudo()._values(['report_name', 'report_type', 'report_file', 'name']).get(this.ids[0]);
      if (!v) throw missingError(this, this.ids);
      let context: Record<string, unknown> = { ...this.env.context };
      const activeIds = Array.isArray(docids) ? docids : typeof docids === 'number' && docids ? [docids] : (docids as BaseModel | null)?.ids;
      if (activeIds && activeIds.length) context = { ...context, active_ids: activeIds };
      const action: Vals = {
        context, data: data ?? null, type: 'ir.actions.report', report_name: v.report_name, report_type: v.report_type, report_file: v.report_file, name: v.name,
      };
      if (config && !this.env.context.discard_logo_check && this._isAdmin() && !this._companyHasLayout()) {
        const configured = this._action_configure_external_report_layout(action);
        if (configured) return configured;
      }
      return action;
    }

    _isAdmin(): boolean {
      return this.env.su || this.env.uid === 1 || this.env.hasGroup('base.group_erp_manager');
    }

    _companyHasLayout(): boolean {
      const companyId = this.env.companyInfo().companyId;
      const Company = this.env.model('res.company').sudo();
      if (!companyId || !Company.cls._fields.external_report_layout_id) return true;
      return !!Company.browse([companyId]).get('external_report_layout_id');
    }

    /**
     * The document layout configurator wrapping the report action (_action_configure_external_report_layout).
     * Its report_action context entry is what base.document.layout.document_layout_save answers;
     * null while the web module's configurator action is not loaded.
     */
    _action_configure_external_report_layout(reportAction: Vals): Vals | null {
      if (!this.env.xmlidLookup('web.action_base_document_layout_configurator')) return null;
      const action = this.env.model('ir.actions.actions')._for_xml_id('web.action_base_document_layout_configurator') as Vals;
      let ctx: Record<string, unknown> = {};
      try {
        ctx = JSON.parse(String(action.context || '{}'));
      } catch {
        ctx = {};
      }
      action.context = { ...ctx, report_action: { ...reportAction, close_on_report_download: true }, dialog_size: 'large' };
      return action;
    }

    /** wkhtmltopdf's state as the web client asks it before printing: the PDFs need no binary here. */
    get_wkhtmltopdf_state(): string {
      return 'ok';
    }
  },
};
