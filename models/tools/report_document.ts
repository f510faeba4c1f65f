/**
 * The printable documents of the emulator (Odoo's QWeb PDF reports: quotations, orders,
 * invoices). A report builder (models/<addon>/report.ts) turns records into `ReportDocument`s —
 * the same facts Odoo's report templates print: company header, customer address, title,
 * information fields, lines, totals and notes — and this file lays them out as a PDF with
 * pdfkit (no browser, no wkhtmltopdf: see README "Libraries, and why"). The HTML rendering of the
 * same documents (report_type=html) is views/report/document.hbs.
 */
import type PDFKitDocument from 'pdfkit';

export interface ReportColumn {
  /** Odoo's cell name (th_description, th_quantity ...): the HTML keeps it as `name`. */
  name: string;
  label: string;
  align: 'left' | 'right';
  /** Share of the table width (the description column takes what the others leave). */
  width?: number;
}

export type ReportRow =
  | { kind: 'line'; cells: string[] }
  | { kind: 'section' | 'note'; text: string }
  | { kind: 'subtotal'; label: string; value: string };

export interface ReportTotal { label: string; value: string; kind: 'subtotal' | 'tax' | 'total' | 'payment' | 'due' }

export interface ReportDocument {
  /** The record (for the HTML's data-oe-model / data-oe-id). */
  model: string;
  id: number;
  company: { name: string; lines: string[] };
  /** The customer's address block (name first), and an optional second block (shipping). */
  address: string[];
  secondAddress?: { title: string; lines: string[] };
  title: string;
  info: Array<{ name: string; label: string; value: string }>;
  /** The lines table: Odoo's `name` of the table (invoice_line_table) and its columns. */
  tableName: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  totals: ReportTotal[];
  /** Paragraphs after the totals (payment terms, payment communication, terms and conditions). */
  notes: Array<{ name: string; label?: string; text: string }>;
  signature?: { name: string; image?: string };
}

const MARGIN = 50;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

type BufferedPdf = PDFKit.PDFDocument & { bytes(): Buffer };
let bufferedPdfClass: (new (options: PDFKit.PDFDocumentOptions) => BufferedPdf) | null = null;

/**
 * pdfkit writes to a stream, which Node hands out asynchronously; reports are rendered inside ORM
 * calls (a mail attachment, a signed order's PDF), which are synchronous. This document keeps the
 * bytes it writes instead, so `renderPdf` returns them at once. pdfkit (with fontkit) is loaded on
 * the first PDF: it takes about 70 ms, a third of a server's start-up, and most servers never print.
 */
function BufferedPdfClass(): new (options: PDFKit.PDFDocumentOptions) => BufferedPdf {
  if (bufferedPdfClass) return bufferedPdfClass;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const loaded = require('pdfkit') as typeof PDFKitDocument | { default: typeof PDFKitDocument };
  const PDFDocument = 'default' in loaded ? loaded.default : loaded;
  class Buffered extends PDFDocument {
    declare _offset: number;
    // `declare`: no field initializer, which would run after the constructor wrote the header
    declare private chunks?: Buffer[];
    _write(data: Buffer | string): void {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(`${data}\n`, 'binary');
      (this.chunks ??= []).push(chunk);
      this._offset += chunk.length;
    }
    bytes(): Buffer {
      return Buffer.concat(this.chunks ?? []);
    }
  }
  bufferedPdfClass = Buffered;
  return Buffered;
}

/** Render documents as one PDF, each starting on a new page (A4, like Odoo's default paper format). */
export function renderPdf(docs: ReportDocument[], title: string, creationDate: Date): Buffer {
  const pdf = new (BufferedPdfClass())({
    size: 'A4', margin: MARGIN, autoFirstPage: false, bufferPages: false,
    info: { Title: title, Creator: 'Odoo', Producer: 'odoo-emulator (pdfkit)', CreationDate: creationDate },
  });
  for (const doc of docs) drawDocument(pdf, doc);
  if (!docs.length) pdf.addPage();
  pdf.end();
  return pdf.bytes();
}

function drawDocument(pdf: PDFKit.PDFDocument, doc: ReportDocument): void {
  pdf.addPage();
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = pdf.page.height - MARGIN;
  const ensure = (h: number) => {
    if (pdf.y + h > bottom) pdf.addPage();
  };

  // header: the company (web.external_layout)
  pdf.font(BOLD).fontSize(12).fillColor('#000').text(doc.company.name, MARGIN, MARGIN);
  pdf.font(FONT).fontSize(9).fillColor('#444');
  for (const l of doc.company.lines) pdf.text(l);
  pdf.moveTo(MARGIN, pdf.y + 4).lineTo(MARGIN + width, pdf.y + 4).strokeColor('#ccc').stroke();
  pdf.moveDown(1.5);

  // addresses: the customer on the right half, shipping on the left when it differs
  const top = pdf.y;
  let lowest = top;
  if (doc.secondAddress) {
    pdf.font(BOLD).fontSize(9).fillColor('#000').text(doc.secondAddress.title, MARGIN, top, { width: width / 2 - 10 });
    pdf.font(FONT);
    for (const l of doc.secondAddress.lines) pdf.text(l, { width: width / 2 - 10 });
    lowest = pdf.y;
  }
  pdf.font(FONT).fontSize(10).fillColor('#000');
  doc.address.forEach((l, i) => pdf.font(i === 0 ? BOLD : FONT).text(l, MARGIN + width / 2, i === 0 ? top : undefined, { width: width / 2 }));
  pdf.y = Math.max(pdf.y, lowest);
  pdf.x = MARGIN;
  pdf.moveDown(2);

  pdf.font(BOLD).fontSize(16).fillColor('#000').text(doc.title, MARGIN, pdf.y, { width });
  pdf.moveDown(0.6);

  // information fields, side by side
  if (doc.info.length) {
    const colW = width / Math.max(doc.info.length, 4);
    const y = pdf.y;
    let maxY = y;
    doc.info.forEach((f, i) => {
      pdf.font(BOLD).fontSize(9).text(f.label, MARGIN + i * colW, y, { width: colW - 6 });
      pdf.font(FONT).text(f.value, { width: colW - 6 });
      maxY = Math.max(maxY, pdf.y);
    });
    pdf.x = MARGIN;
    pdf.y = maxY;
    pdf.moveDown(1);
  }

  // the lines
  const fixed = doc.columns.reduce((s, c) => s + (c.width ?? 0), 0);
  const widths = doc.columns.map((c) => (c.width ? c.width * width : (1 - fixed) * width));
  const xs = widths.map((_w, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const row = (cells: string[], font: string) => {
    pdf.font(font).fontSize(9);
    const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i] - 6 }))) + 6;
    ensure(h);
    const y = pdf.y;
    cells.forEach((c, i) => pdf.text(c, xs[i] + 3, y + 3, { width: widths[i] - 6, align: doc.columns[i].align }));
    pdf.x = MARGIN;
    pdf.y = y + h;
  };
  row(doc.columns.map((c) => c.label), BOLD);
  pdf.moveTo(MARGIN, pdf.y).lineTo(MARGIN + width, pdf.y).strokeColor('#000').stroke();
  for (const r of doc.rows) {
    if (r.kind === 'line') row(r.cells, FONT);
    else if (r.kind === 'subtotal') row([...doc.columns.slice(0, -1).map((_c, i) => (i === doc.columns.length - 2 ? r.label : '')), r.value], BOLD);
    else {
      pdf.font(r.kind === 'section' ? BOLD : 'Helvetica-Oblique').fontSize(9);
      const h = pdf.heightOfString(r.text, { width: width - 6 }) + 6;
      ensure(h);
      const y = pdf.y;
      pdf.text(r.text, MARGIN + 3, y + 3, { width: width - 6 });
      pdf.y = y + h;
    }
  }
  pdf.moveTo(MARGIN, pdf.y).lineTo(MARGIN + width, pdf.y).strokeColor('#ccc').stroke();
  pdf.moveDown(0.8);

  // totals, right-aligned box
  const boxX = MARGIN + width * 0.5;
  const boxW = width * 0.5;
  for (const t of doc.totals) {
    const strong = t.kind === 'total' || t.kind === 'subtotal' || t.kind === 'due';
    pdf.font(strong ? BOLD : FONT).fontSize(strong ? 10 : 9);
    ensure(16);
    const y = pdf.y;
    if (t.kind === 'total' || t.kind === 'due') pdf.moveTo(boxX, y - 2).lineTo(boxX + boxW, y - 2).strokeColor('#000').stroke();
    pdf.text(t.label, boxX, y, { width: boxW * 0.6 });
    pdf.text(t.value, boxX + boxW * 0.6, y, { width: boxW * 0.4, align: 'right' });
    pdf.y = Math.max(pdf.y, y + 14);
  }
  pdf.x = MARGIN;
  pdf.moveDown(1);

  for (const n of doc.notes) {
    ensure(30);
    pdf.font(FONT).fontSize(9).fillColor('#000');
    if (n.label) pdf.text(`${n.label} `, MARGIN, pdf.y, { continued: true, width }).font(BOLD).text(n.text);
    else pdf.text(n.text, MARGIN, pdf.y, { width });
    pdf.moveDown(0.6);
  }

  if (doc.signature) {
    ensure(110);
    pdf.moveDown(1);
    const x = MARGIN + width * 0.6;
    pdf.font(BOLD).fontSize(10).text('Signature', x, pdf.y, { width: width * 0.4, align: 'center' });
    if (doc.signature.image) {
      try {
        pdf.image(Buffer.from(doc.signature.image, 'base64'), x + 20, pdf.y + 4, { fit: [width * 0.4 - 40, 60] });
        pdf.y += 66;
      } catch {
        // not a PNG/JPEG pdfkit reads: the signer's name stands alone
      }
    }
    pdf.font(FONT).fontSize(10).text(doc.signature.name, x, pdf.y, { width: width * 0.4, align: 'center' });
  }
}
