/**
 * account.move's move types and their families (account_move.py get_invoice_types,
 * get_sale_types, get_inbound_types …), shared by the accounting models.
 */
export const MOVE_TYPES: Array<[string, string]> = [
  ['entry', 'Journal Entry'], ['out_invoice', 'Customer Invoice'], ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'], ['in_refund', 'Vendor Credit Note'], ['out_receipt', 'Sales Receipt'], ['in_receipt', 'Purchase Receipt'],
];

export function isInvoice(t: string, includeReceipts = false): boolean {
  return ['out_invoice', 'out_refund', 'in_refund', 'in_invoice'].includes(t) || (includeReceipts && (t === 'out_receipt' || t === 'in_receipt'));
}

export function isSaleDocument(t: string, includeReceipts = false): boolean {
  return t === 'out_invoice' || t === 'out_refund' || (includeReceipts && t === 'out_receipt');
}

export function isPurchaseDocument(t: string, includeReceipts = false): boolean {
  return t === 'in_invoice' || t === 'in_refund' || (includeReceipts && t === 'in_receipt');
}

/** Documents that bring money in: customer invoices, vendor credit notes (and sales receipts). */
export function isInbound(t: string, includeReceipts = true): boolean {
  return t === 'out_invoice' || t === 'in_refund' || (includeReceipts && t === 'out_receipt');
}

export function isOutbound(t: string, includeReceipts = true): boolean {
  return t === 'in_invoice' || t === 'out_refund' || (includeReceipts && t === 'in_receipt');
}

/** direction_sign: +1 for entries and outbound documents, −1 for inbound ones. */
export function directionSign(t: string): 1 | -1 {
  return t === 'entry' || isOutbound(t) ? 1 : -1;
}

/** Label prefix of draft documents in display_name (_get_move_display_name). */
export const DRAFT_LABELS: Record<string, string> = {
  out_invoice: 'Draft Invoice', out_refund: 'Draft Credit Note', in_invoice: 'Draft Bill', in_refund: 'Draft Vendor Credit Note',
  out_receipt: 'Draft Sales Receipt', in_receipt: 'Draft Purchase Receipt', entry: 'Draft Entry',
};
