/**
 * The backend's report routes (web/controllers/report.py ReportController): /report/pdf/<report
 * name>/<ids> and /report/html/<report name>/<ids> for logged users; /report/download, which the
 * web client's "Print" menu posts (data = JSON [url, type]) and which answers the PDF as an
 * attachment named after the report record's print_report_name (else its name); and
 * /report/check_wkhtmltopdf, asked before printing. Rendering goes through ir.actions.report
 * (_render_qweb_pdf / _render_qweb_html) as the session user: a user who cannot read the
 * documents gets Odoo's AccessError (403), a missing document its MissingError (400), an unknown
 * report its ValueError (500; /report/download answers any error as its escaped JSON).
 */
import type { Express, Request, Response } from 'express';
import { AccessError, UserError, asOdooError } from '../../models/orm/exceptions';
import type { AnyModel } from '../../models/orm/model';
import { jsonRpcError } from '../../rpc/errors';
import { pyJsonDumps } from '../../models/base/ir_default';
import { jsonRoute, requireUser, type App } from '../http';
import { moduleRouter } from '../modules';
import { authUser, checkCsrf, webCtx } from './portal_http';
import { contentDisposition, pageRoute } from './portal_docs';

function parseIds(docids: string | undefined): number[] {
  if (!docids) return [];
  return docids.split(',').filter((x) => /^\d+$/.test(x)).map(Number);
}

function jsonParam(value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  const parsed = JSON.parse(value) as unknown;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
}

/**
 * Render a report for the session user (report_routes); with `download` the PDF is an
 * attachment named like Odoo's report_download names it. Without a session: the login redirect.
 */
function serveReport(app: App, req: Request, res: Response, converter: string, reportName: string, docids: string | undefined, download: boolean, contextParam?: string): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  if (converter !== 'pdf' && converter !== 'html' && converter !== 'text') throw new UserError(`Converter ${converter} not implemented.`);
  const data: Record<string, unknown> = { ...ctx.params };
  delete data.db;
  if (data.options) Object.assign(data, jsonParam(String(data.options)));
  delete data.options;
  const context = jsonParam(contextParam ?? (typeof data.context === 'string' ? data.context : undefined));
  delete data.context;
  const env = db.env(uid).withContext({ ...db.env(uid).context, ...context });
  const Report = env.model('ir.actions.report') as AnyModel;
  const ids = parseIds(docids);
  const type = converter === 'pdf' ? 'pdf' : 'html';
  const content = db.cr.transaction(() => {
    const report = Report._get_report(reportName);
    // portal users reach documents through the portal's own routes, never the backend's reports
    if (!db.env(1).hasGroup('base.group_user', uid)) throw new AccessError(`You do not have access to the report ${report.get('name')}.`);
    const [bytes] = type === 'pdf' ? Report._render_qweb_pdf(report, ids, data) : Report._render_qweb_html(report, ids, data);
    return bytes as Buffer;
  });
  res.setHeader('Content-Type', type === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(content.length));
  if (download) {
    const report = (db.env(uid).model('ir.actions.report') as AnyModel)._get_report(reportName);
    const name = ids.length ? report._printFileName(ids) : String(report.get('name'));
    res.setHeader('Content-Disposition', contentDisposition(`${name}.${type === 'pdf' ? 'pdf' : 'html'}`));
  }
  res.status(200).end(content);
}

export function registerReportRoutes(server: Express, app: App): void {
  const web = moduleRouter(server, app, 'web');
  web.all('/report/:converter(pdf|html|text)/:reportname/:docids?', pageRoute((req, res) => {
    serveReport(app, req, res, req.params.converter, req.params.reportname, req.params.docids, false);
  }));
  web.post('/report/download', (req, res, next) => {
    const ctx = webCtx(app, req, res);
    if (!checkCsrf(ctx)) return;
    try {
      const data = JSON.parse(ctx.params.data ?? '') as unknown;
      const [url, type] = Array.isArray(data) ? data as [string, string] : ['', ''];
      // qweb-html reports are opened in the browser, not downloaded: Odoo answers nothing
      if (type !== 'qweb-pdf' && type !== 'qweb-text') { res.status(200).end(); return; }
      const m = /^\/report\/(pdf|text)\/([^/?]+)(?:\/([\d,]+))?/.exec(String(url));
      if (!m) throw new UserError('Invalid report request.');
      serveReport(app, req, res, m[1], m[2], m[3], true, ctx.params.context);
    } catch (e) {
      if (res.headersSent) { next(e); return; }
      // report_download: any failure answers the escaped JSON of the error; Odoo raises an
      // InternalServerError around a response of its own, whose status (200) is what is sent
      const error = jsonRpcError(asOdooError(e));
      const body = pyJsonDumps({ code: 200, message: 'Odoo Server Error', data: error.data })
        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
      res.status(200).type('text/html; charset=utf-8').end(body);
    }
  });
  // the web client asks before printing a PDF; pdfkit needs no binary
  web.all('/report/check_wkhtmltopdf', jsonRoute(app, { auth: 'user' }, (ctx) => {
    const { db, uid } = requireUser(ctx);
    return (db.env(uid).model('ir.actions.report') as AnyModel).get_wkhtmltopdf_state();
  }));
}
