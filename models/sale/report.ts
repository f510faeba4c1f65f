/**
 * sale's printed quotation / order (sale/report/ir_actions_report.xml `sale.action_report_saleorder`,
 * template `sale.report_saleorder_document`): "Quotation # S00001" (draft and sent), "Order # …"
 * (confirmed), "Pro-Forma Invoice # …" (context proforma); the reference, dates and salesperson,
 * the lines with their sections and notes, the tax totals, terms and the customer's signature.
 */
import type { Environment } from '../orm/environment';
import { currencyOf, formatLang } from '../account/tools';
import { companyBlock, htmlText, partnerBlock, registerReport, sectionedRows, taxTotalsRows } from '../tools/reports';
import type { ReportColumn, ReportDocument } from '../tools/report_document';
import { formatDateUs } from './tools';

function orderDocument(env: Environment, id: number, proforma: boolean): ReportDocument {
  const order = env.model('sale.order').sudo().browse([id]);
  const v = order._values(['name', 'state', 'partner_id', 'partner_invoice_id', 'partner_shipping_id', 'client_order_ref', 'date_order', 'validity_date',
    'user_id', 'company_id', 'currency_id', 'tax_totals', 'note', 'payment_term_id', 'signature', 'signed_by']).get(id)!;
  const currency = currencyOf(env, v.currency_id as number);
  const money = (x: number) => formatLang(env, x, currency);
  const draft = ['draft', 'sent'].includes(String(v.state));
  const info: ReportDocument['info'] = [];
  if (v.client_order_ref) info.push({ name: 'informations_reference', label: 'Your Reference:', value: String(v.client_order_ref) });
  if (v.date_order) info.push({ name: 'informations_date', label: draft ? 'Quotation Date:' : 'Order Date:', value: formatDateUs(String(v.date_order)) });
  if (draft && v.validity_date) info.push({ name: 'expiration_date', label: 'Expiration:', value: formatDateUs(String(v.validity_date)) });
  if (v.user_id) info.push({ name: 'salesperson', label: 'Salesperson:', value: String(env.model('res.users').sudo().browse([v.user_id as number])._displayNames().get(v.user_id as number) ?? '') });

  const Line = env.model('sale.order.line').sudo();
  const lineIds = env.cr.all<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ? ORDER BY sequence, id', [id]).map((r) => r.id);
  const lines = Line.browse(lineIds)._values(['name', 'display_type', 'product_uom_qty', 'product_uom', 'price_unit', 'discount', 'tax_id', 'price_subtotal', 'is_downpayment']);
  const showDiscount = [...lines.values()].some((l) => Number(l.discount));
  const columns: ReportColumn[] = [
    { name: 'th_description', label: 'Description', align: 'left' },
    { name: 'th_quantity', label: 'Quantity', align: 'right', width: 0.14 },
    { name: 'th_priceunit', label: 'Unit Price', align: 'right', width: 0.13 },
    ...(showDiscount ? [{ name: 'th_discount', label: 'Disc.%', align: 'right' as const, width: 0.08 }] : []),
    { name: 'th_taxes', label: 'Taxes', align: 'right', width: 0.13 },
    { name: 'th_subtotal', label: 'Amount', align: 'right', width: 0.15 },
  ];
  const uomNames = new Map<number, string>();
  const uomName = (uid: number | false) => {
    if (!uid) return '';
    if (!uomNames.has(uid)) uomNames.set(uid, String(env.model('uom.uom').sudo().browse([uid])._displayNames().get(uid) ?? ''));
    return uomNames.get(uid)!;
  };
  const taxNames = (ids: number[]) => ids.map((t) => {
    const tv = env.model('account.tax').sudo().browse([t])._values(['name', 'description']).get(t);
    return String(tv?.description || tv?.name || '');
  }).join(', ');
  const rows = sectionedRows(lineIds.map((lid) => lines.get(lid)!), money, (l) => [
    String(l.name ?? ''), `${(Number(l.product_uom_qty) || 0).toFixed(2)} ${uomName(l.product_uom as number | false)}`.trim(),
    (Number(l.price_unit) || 0).toFixed(2), ...(showDiscount ? [(Number(l.discount) || 0).toFixed(2)] : []),
    taxNames((l.tax_id as number[]) ?? []), money(Number(l.price_subtotal) || 0),
  ]);

  const invoiceAddr = v.partner_invoice_id as number;
  const shippingAddr = v.partner_shipping_id as number;
  let second: ReportDocument['secondAddress'];
  if (invoiceAddr !== v.partner_id || shippingAddr !== v.partner_id) {
    second = invoiceAddr === shippingAddr
      ? { title: 'Invoicing and Shipping Address:', lines: partnerBlock(env, invoiceAddr) }
      : { title: 'Invoicing Address:', lines: partnerBlock(env, invoiceAddr) };
  }
  const notes: ReportDocument['notes'] = [];
  const terms = htmlText(v.note);
  if (terms) notes.push({ name: 'order_note', text: terms });
  if (v.payment_term_id) {
    const pt = env.model('account.payment.term').sudo().browse([v.payment_term_id as number])._values(['name', 'note']).get(v.payment_term_id as number);
    const text = htmlText(pt?.note) || String(pt?.name ?? '');
    if (text) notes.push({ name: 'payment_term', label: 'Payment terms:', text });
  }
  const title = proforma ? 'Pro-Forma Invoice # ' : draft ? 'Quotation # ' : 'Order # ';
  return {
    model: 'sale.order', id,
    company: companyBlock(env, v.company_id as number),
    address: partnerBlock(env, v.partner_id as number),
    secondAddress: second,
    title: `${title}${v.name}`,
    info, tableName: 'sale_order_table', columns, rows,
    totals: taxTotalsRows(v.tax_totals as Record<string, unknown>),
    notes,
    signature: v.signature ? { name: String(v.signed_by || ''), image: String(v.signature) } : undefined,
  };
}

// the quotation / order (sale.action_report_saleorder), and sale_pdf_quote_builder's plain copy of
// it (sale.report_saleorder_raw: the same document without header and footer pages, none by default)
for (const reportName of ['sale.report_saleorder', 'sale.report_saleorder_raw']) {
  registerReport({
    report_name: reportName,
    model: 'sale.order',
    build: (env, ids, data) => ids.map((id) => orderDocument(env, id, !!(data.proforma || env.context.proforma))),
  });
}

registerReport({
  report_name: 'sale.report_saleorder_pro_forma',
  model: 'sale.order',
  build: (env, ids) => ids.map((id) => orderDocument(env, id, true)),
});
