/**
 * The report engine behind `ir.actions.report` (base/models/ir_actions_report.py): each addon
 * registers its reports by `report_name` (sale.report_saleorder, account.report_invoice ...) with
 * a builder that turns records into `ReportDocument`s; `renderReport` answers what Odoo's
 * `_render_qweb_pdf` / `_render_qweb_html` answer: the PDF bytes (pdfkit, report_document.ts) or
 * the HTML page (views/report/document.hbs). A report only exists in databases where its model
 * does, like a report of a module that is not installed.
 */
import fs from 'fs';
import path from 'path';
import type { Environment } from '../orm/environment';
import { UserError } from '../orm/exceptions';
import { VIEWS_DIR } from '../paths';
import { renderTemplate } from '../mail/mail_render';
import { renderPdf, type ReportDocument } from './report_document';

export interface ReportSpec {
  /** ir.actions.report's report_name (also the xml id of the QWeb template in Odoo). */
  report_name: string;
  model: string;
  /** The action's display name ("Quotation / Order"). */
  name: string;
  /** print_report_name evaluated for one record ("Quotation - S00001"), the attachment's name. */
  printName(env: Environment, id: number): string;
  build(env: Environment, ids: number[], data: Record<string, unknown>): ReportDocument[];
}

const REPORTS = new Map<string, ReportSpec>();

export function registerReport(spec: ReportSpec): void {
  REPORTS.set(spec.report_name, spec);
}

/** The report of that name, if its model exists in this database. */
export function reportSpec(env: Environment, reportName: string): ReportSpec | undefined {
  const spec = REPORTS.get(reportName);
  return spec && env.registry.has(spec.model) ? spec : undefined;
}

let htmlSource: string | null = null;

/** The report as Odoo's web.html_container page (report_type=html), one div.article per record. */
export function renderReportHtml(docs: ReportDocument[], title: string): string {
  htmlSource ??= fs.readFileSync(path.join(VIEWS_DIR, 'report', 'document.hbs'), 'utf8');
  return renderTemplate(htmlSource, {
    title,
    docs: docs.map((d) => ({
      ...d,
      rows: d.rows.map((r) => ({ ...r, is_line: r.kind === 'line', is_section: r.kind === 'section', is_note: r.kind === 'note', is_subtotal: r.kind === 'subtotal' })),
      columns: d.columns.map((c) => ({ ...c, end: c.align === 'right' })),
      cells_align: d.columns.map((c) => c.align === 'right'),
      totals: d.totals.map((t) => ({ ...t, is_total: t.kind === 'total', is_subtotal: t.kind === 'subtotal', is_due: t.kind === 'due' })),
      colspan: d.columns.length,
    })),
  });
}

/**
 * _render_qweb_pdf / _render_qweb_html(report_ref, res_ids, data): the content and its type.
 * Unknown reports raise Odoo's UserError.
 */
export function renderReport(env: Environment, reportName: string, ids: number[], type: 'pdf' | 'html', data: Record<string, unknown> = {}): { content: Buffer; type: 'pdf' | 'html' } {
  const spec = reportSpec(env, reportName);
  if (!spec) throw new UserError(`Report '${reportName}' not found`);
  const docs = spec.build(env.sudo(), ids, data);
  const title = ids.length === 1 ? spec.printName(env, ids[0]) : spec.name;
  if (type === 'html') return { content: Buffer.from(renderReportHtml(docs, title), 'utf8'), type };
  return { content: renderPdf(docs, title, new Date(env.cr.clock.now())), type };
}

/** A partner as Odoo's contact widget prints it (name, then the address lines of its country's format). */
export function partnerBlock(env: Environment, partnerId: number | false): string[] {
  if (!partnerId) return [];
  const P = env.model('res.partner').sudo().withContext({ active_test: false }).browse([partnerId]);
  const v = P._values(['contact_address']).get(partnerId);
  const name = String(P._displayNames().get(partnerId) || '');
  const lines = String(v?.contact_address ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  // contact_address starts with the commercial company's name, which the display name already holds
  if (lines.length && name.startsWith(lines[0])) lines.shift();
  return [String(name), ...lines];
}

/** The company header of web.external_layout: name and address lines. */
export function companyBlock(env: Environment, companyId: number): { name: string; lines: string[] } {
  const c = env.model('res.company').sudo().browse([companyId])._values(['name', 'partner_id']).get(companyId);
  const lines = c?.partner_id ? partnerBlock(env, c.partner_id as number).slice(1) : [];
  return { name: String(c?.name ?? ''), lines };
}

/** Text of a stored HTML value (terms and conditions, payment term notes). */
export function htmlText(html: unknown): string {
  if (typeof html !== 'string') return '';
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n').replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .split('\n').map((l) => l.trim()).filter(Boolean).join('\n');
}

/** tax_totals as the report's totals block (account.document_tax_totals). */
export function taxTotalsRows(totals: Record<string, unknown> | null | undefined): Array<{ label: string; value: string; kind: 'subtotal' | 'tax' | 'total' }> {
  if (!totals || typeof totals !== 'object') return [];
  const out: Array<{ label: string; value: string; kind: 'subtotal' | 'tax' | 'total' }> = [];
  const groups = (totals.groups_by_subtotal ?? {}) as Record<string, Array<Record<string, unknown>>>;
  for (const s of (totals.subtotals ?? []) as Array<Record<string, unknown>>) {
    out.push({ label: String(s.name), value: String(s.formatted_amount), kind: 'subtotal' });
    for (const g of groups[String(s.name)] ?? []) {
      const label = totals.display_tax_base && !g.hide_base_amount ? `${g.tax_group_name} on ${g.formatted_tax_group_base_amount}` : String(g.tax_group_name);
      out.push({ label, value: String(g.formatted_tax_group_amount), kind: 'tax' });
    }
  }
  out.push({ label: 'Total', value: String(totals.formatted_amount_total ?? ''), kind: 'total' });
  return out;
}
