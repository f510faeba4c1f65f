/**
 * The backend's report routes (web/controllers/report.py ReportController): /report/pdf/<report
 * name>/<ids> and /report/html/<report name>/<ids> for logged users, and /report/download, which
 * the web client's "Print" menu posts (data = JSON [url, type]) and which answers the PDF as an
 * attachment named after the report's print_report_name. The documents are read with the user's
 * rights: a user who cannot read them gets Odoo's AccessError (403), as QWeb would raise while
 * rendering them.
 */
import type { Express, Request, Response } from 'express';
import { AccessError, UserError } from '../../models/orm/exceptions';
import { checkAccessRights, checkAccessRule } from '../../models/orm/security';
import { renderReport, reportSpec } from '../../models/tools/reports';
import type { App } from '../http';
import { moduleRouter } from '../modules';
import { authUser, checkCsrf, webCtx } from './portal_http';
import { contentDisposition, pageRoute } from './portal_docs';

function parseIds(docids: string | undefined): number[] {
  if (!docids) return [];
  return docids.split(',').map((x) => Number(x)).filter((n) => Number.isInteger(n) && n > 0);
}

/** Render a report for the session user; `download` answers an attachment named like Odoo's. */
function serveReport(app: App, req: Request, res: Response, converter: string, reportName: string, docids: string | undefined, download: boolean): void {
  const ctx = webCtx(app, req, res);
  const user = authUser(ctx);
  if (!user) return;
  const { db, uid } = user;
  const env = db.env(uid);
  const spec = reportSpec(env, reportName);
  if (!spec) throw new UserError(`Report '${reportName}' not found`);
  if (converter !== 'pdf' && converter !== 'html' && converter !== 'text') throw new UserError(`Converter ${converter} not implemented.`);
  const ids = parseIds(docids);
  const records = env.model(spec.model).browse(ids);
  checkAccessRights(records, 'read');
  checkAccessRule(records, 'read');
  if (!db.env(1).hasGroup('base.group_user', uid)) throw new AccessError(`You do not have access to the report ${spec.name}.`);
  const type = converter === 'pdf' ? 'pdf' : 'html';
  const { content } = db.cr.transaction(() => renderReport(env, reportName, ids, type));
  res.setHeader('Content-Type', type === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(content.length));
  if (download && type === 'pdf') {
    const name = ids.length === 1 ? spec.printName(db.env(1), ids[0]) : spec.name;
    res.setHeader('Content-Disposition', contentDisposition(`${name}.pdf`));
  }
  res.status(200).end(content);
}

export function registerReportRoutes(server: Express, app: App): void {
  const web = moduleRouter(server, app, 'web');
  web.all('/report/:converter(pdf|html|text)/:reportname/:docids?', pageRoute((req, res) => {
    serveReport(app, req, res, req.params.converter, req.params.reportname, req.params.docids, false);
  }));
  web.post('/report/download', pageRoute((req, res) => {
    const ctx = webCtx(app, req, res);
    if (!checkCsrf(ctx)) return;
    let data: unknown;
    try {
      data = JSON.parse(ctx.params.data ?? '');
    } catch {
      throw new UserError('Invalid report request.');
    }
    const [url, type] = Array.isArray(data) ? data as [string, string] : ['', ''];
    const m = /^\/report\/(pdf|html|text)\/([^/?]+)(?:\/([\d,]+))?/.exec(String(url));
    if (!m || type !== 'qweb-pdf' && type !== 'qweb-html' && type !== 'qweb-text') throw new UserError('Invalid report request.');
    serveReport(app, req, res, m[1], m[2], m[3], true);
  }));
}
