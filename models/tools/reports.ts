/**
 * The report engine behind `ir.actions.report` (models/base/ir_actions_report.ts): each addon
 * registers the documents of its reports by `report_name` (sale.report_saleorder,
 * account.report_invoice ...), standing for Odoo's QWeb report templates: a builder that turns
 * records into `ReportDocument`s. `renderReport` lays them out as the PDF bytes (pdfkit,
 * report_document.ts) or the HTML page (views/report/document.hbs). The report records (name,
 * file name, groups, binding) are data of the addons (fixtures/<addon>/…/ir_actions_report.xml);
 * a builder only serves databases where its model exists.
 */
import fs from 'fs';
import path from 'path';
import type { Environment } from '../orm/environment';
import { UserError } from '../orm/exceptions';
import { VIEWS_DIR } from '../paths';
import { renderTemplate } from '../mail/mail_render';
import { renderPdf, type ReportDocument, type ReportRow } from './report_document';

export interface ReportBuilder {
  /** ir.actions.report's report_name (the xml id of the QWeb template in Odoo). */
  report_name: string;
  model: string;
  build(env: Environment, ids: number[], data: Record<string, unknown>): ReportDocument[];
}

const BUILDERS = new Map<string, ReportBuilder>();

export function registerReport(builder: ReportBuilder): void {
  BUILDERS.set(builder.report_name, builder);
}

/** The document builder of a report_name, if its model exists in this database. */
export function reportBuilder(env: Environment, reportName: string): ReportBuilder | undefined {
  const builder = BUILDERS.get(reportName);
  return builder && env.registry.has(builder.model) ? builder : undefined;
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
 * The documents of a report_name as PDF or HTML (what _render_qweb_pdf / _render_qweb_html
 * produce once the report record is resolved). The documents are read in sudo: the caller
 * checked the user's access. `title` is the PDF's title (the file name Odoo would give it). A
 * report whose documents the emulator does not draw is a UserError.
 */
export function renderReport(env: Environment, reportName: string, ids: number[], type: 'pdf' | 'html', data: Record<string, unknown> = {}, title = reportName): { content: Buffer; type: 'pdf' | 'html' } {
  const builder = reportBuilder(env, reportName);
  if (!builder) throw new UserError(`The report ${reportName} is not rendered by this emulator.`);
  const docs = builder.build(env.sudo(), ids, data);
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

/**
 * The lines table of an order or invoice report, as Odoo's templates lay it out: a section line
 * opens a section whose "Subtotal" row closes it (before the next section and after the last
 * line), a note line is a text row, any other line is a row of `cells` counted in the open
 * section by its price_subtotal.
 */
export function sectionedRows(lines: Array<Record<string, unknown>>, money: (amount: number) => string, cells: (line: Record<string, unknown>) => string[]): ReportRow[] {
  const rows: ReportRow[] = [];
  let section: number | null = null;
  const close = () => {
    if (section !== null) rows.push({ kind: 'subtotal', label: 'Subtotal', value: money(section) });
    section = null;
  };
  for (const l of lines) {
    if (l.display_type === 'line_section') { close(); rows.push({ kind: 'section', text: String(l.name ?? '') }); section = 0; continue; }
    if (l.display_type === 'line_note') { rows.push({ kind: 'note', text: String(l.name ?? '') }); continue; }
    if (section !== null) section += Number(l.price_subtotal) || 0;
    rows.push({ kind: 'line', cells: cells(l) });
  }
  close();
  return rows;
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
