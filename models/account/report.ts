/**
 * account's printed invoices (account/views/account_report.xml `account.account_invoices`
 * = report_invoice_with_payments, `account.account_invoices_without_payment` = report_invoice;
 * template `account.report_invoice_document`): "Invoice INV/2026/00001" ("PROFORMA" first for a
 * pro-forma, "Draft Invoice", "Credit Note" ...), dates, source and reference, the lines, the tax
 * totals, the payments ("Paid on …", "Amount Due") and the payment communication.
 */
import type { Environment } from '../orm/environment';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { currencyOf, formatDate, formatLang } from './tools';
import { companyBlock, htmlText, partnerBlock, registerReport, sectionedRows, taxTotalsRows } from '../tools/reports';
import type { ReportColumn, ReportDocument, ReportTotal } from '../tools/report_document';

const TITLES: Record<string, Record<string, string>> = {
  out_invoice: { posted: 'Invoice', draft: 'Draft Invoice', cancel: 'Cancelled Invoice' },
  out_refund: { posted: 'Credit Note', draft: 'Draft Credit Note', cancel: 'Cancelled Credit Note' },
};

function invoiceDocument(env: Environment, id: number, proforma: boolean, withPayments: boolean): ReportDocument {
  const move = env.model('account.move').sudo().browse([id]);
  const v = move._values(['name', 'move_type', 'state', 'partner_id', 'partner_shipping_id', 'invoice_date', 'invoice_date_due', 'invoice_origin', 'ref',
    'currency_id', 'company_id', 'tax_totals', 'payment_reference', 'invoice_payment_term_id', 'narration', 'amount_residual', 'invoice_payments_widget']).get(id)!;
  const currency = currencyOf(env, v.currency_id as number);
  const money = (x: number) => formatLang(env, x, currency);
  const type = String(v.move_type);
  const kind = type === 'in_refund' ? 'Vendor Credit Note' : type === 'in_invoice' ? 'Vendor Bill' : TITLES[type]?.[String(v.state)] ?? '';
  const title = [proforma ? 'PROFORMA' : '', kind, v.name !== '/' ? String(v.name) : ''].filter(Boolean).join(' ');
  const info: ReportDocument['info'] = [];
  if (v.invoice_date) {
    const label = type === 'out_invoice' ? 'Invoice Date:' : type === 'out_refund' ? 'Credit Note Date:' : type === 'out_receipt' ? 'Receipt Date:' : 'Date:';
    info.push({ name: 'invoice_date', label, value: formatDate(String(v.invoice_date)) });
  }
  if (v.invoice_date_due && type === 'out_invoice' && v.state === 'posted') info.push({ name: 'due_date', label: 'Due Date:', value: formatDate(String(v.invoice_date_due)) });
  if (v.invoice_origin) info.push({ name: 'origin', label: 'Source:', value: String(v.invoice_origin) });
  if (v.ref) info.push({ name: 'reference', label: 'Reference:', value: String(v.ref) });

  const lineIds = env.cr.all<{ id: number }>(
    "SELECT id FROM account_move_line WHERE move_id = ? AND display_type IN ('product', 'line_section', 'line_note') ORDER BY sequence, date DESC, move_name DESC, id", [id]).map((r) => r.id);
  const lines = env.model('account.move.line').sudo().browse(lineIds)._values(['name', 'display_type', 'quantity', 'product_uom_id', 'price_unit', 'discount', 'tax_ids', 'price_subtotal']);
  const showDiscount = [...lines.values()].some((l) => Number(l.discount));
  const columns: ReportColumn[] = [
    { name: 'th_description', label: 'Description', align: 'left' },
    { name: 'th_quantity', label: 'Quantity', align: 'right', width: 0.14 },
    { name: 'th_priceunit', label: 'Unit Price', align: 'right', width: 0.13 },
    ...(showDiscount ? [{ name: 'th_discount', label: 'Disc.%', align: 'right' as const, width: 0.08 }] : []),
    { name: 'th_taxes', label: 'Taxes', align: 'left', width: 0.13 },
    { name: 'th_subtotal', label: 'Amount', align: 'right', width: 0.15 },
  ];
  const taxLabel = (ids: number[]) => ids.map((t) => {
    const tv = env.model('account.tax').sudo().withContext({ active_test: false }).browse([t])._values(['name', 'invoice_label']).get(t);
    return String(tv?.invoice_label || tv?.name || '');
  }).join(', ');
  const rows = sectionedRows(lineIds.map((lid) => lines.get(lid)!), money, (l) => [
    String(l.name ?? ''), (Number(l.quantity) || 0).toFixed(2), (Number(l.price_unit) || 0).toFixed(2),
    ...(showDiscount ? [(Number(l.discount) || 0).toFixed(2)] : []), taxLabel((l.tax_ids as number[]) ?? []), money(Number(l.price_subtotal) || 0),
  ]);

  const totals: ReportTotal[] = taxTotalsRows(v.tax_totals as Record<string, unknown>);
  const widget = v.invoice_payments_widget as { content?: Array<Record<string, unknown>> } | false;
  if (withPayments && widget && widget.content?.length) {
    for (const p of widget.content) {
      if (p.is_exchange) continue;
      totals.push({ label: `Paid on ${formatDate(String(p.date))}`, value: money(Number(p.amount)), kind: 'payment' });
    }
    totals.push({ label: 'Amount Due', value: money(Number(v.amount_residual)), kind: 'due' });
  }
  const notes: ReportDocument['notes'] = [];
  if (v.invoice_payment_term_id) {
    const note = htmlText(env.model('account.payment.term').sudo().browse([v.invoice_payment_term_id as number]).get('note'));
    if (note) notes.push({ name: 'payment_term', text: note });
  }
  if (['out_invoice', 'in_refund'].includes(type) && v.payment_reference) notes.push({ name: 'payment_communication', label: 'Payment Communication:', text: String(v.payment_reference) });
  const narration = htmlText(v.narration);
  if (narration) notes.push({ name: 'comment', text: narration });
  const shipping = v.partner_shipping_id as number | false;
  return {
    model: 'account.move', id,
    company: companyBlock(env, v.company_id as number),
    address: partnerBlock(env, v.partner_id as number),
    secondAddress: shipping && shipping !== v.partner_id ? { title: 'Shipping Address:', lines: partnerBlock(env, shipping) } : undefined,
    title, info, tableName: 'invoice_line_table', columns, rows, totals, notes,
  };
}

for (const [reportName, withPayments] of [['account.report_invoice_with_payments', true], ['account.report_invoice', false]] as const) {
  registerReport({
    report_name: reportName,
    model: 'account.move',
    build: (env, ids, data) => ids.map((id) => invoiceDocument(env, id, !!(data.proforma || env.context.proforma_invoice), withPayments)),
  });
}

/**
 * account's rules of printing (account/models/ir_actions_report.py): invoice reports refuse
 * journal entries; "Original Bills" prints the bill's main attachment (the vendor's PDF) instead
 * of a document of ours.
 */
export const irActionsReportAccount: ModelDecl = {
  _inherit: 'ir.actions.report',
  methods: (Base) => class extends Base {
    _checkBeforeRender(report: AnyModel, ids: number[]): void {
      (Base.prototype as AnyModel)._checkBeforeRender.call(this, report, ids);
      const name = report.get('report_name');
      if (name !== 'account.report_invoice_with_payments' && name !== 'account.report_invoice') return;
      const types = this.env.model('account.move').sudo().browse(ids)._values(['move_type']);
      if ([...types.values()].some((v) => v.move_type === 'entry')) throw new UserError('Only invoices could be printed.');
    }

    _renderAs(format: 'pdf' | 'html', reportRef: unknown, resIds: unknown, data: unknown): unknown {
      const report = (this as AnyModel)._get_report(reportRef);
      if (report.get('report_name') !== 'account.report_original_vendor_bill') return (Base.prototype as AnyModel)._renderAs.call(this, format, reportRef, resIds, data);
      const ids = Array.isArray(resIds) ? resIds.map(Number) : [];
      const moves = this.env.model('account.move').browse(ids);
      const mains = [...moves._values(['message_main_attachment_id']).values()].map((v) => v.message_main_attachment_id).filter((a): a is number => !!a);
      if (!mains.length) throw new UserError('No original purchase document could be found for any of the selected purchase documents.');
      // one bill: its PDF as it was received (Odoo adds a banner with the bill's number)
      if (mains.length > 1) throw new UserError('Printing several original bills in one PDF is not emulated: print them one by one.');
      return [(this.env.model('ir.attachment').sudo().browse(mains) as AnyModel)._rawValues().get(mains[0]), 'pdf'];
    }
  },
};
