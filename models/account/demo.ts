/**
 * The accounting demo data a generic chart installs (account/demo/account_demo.py, account.md §8):
 * customer invoices, credit notes, vendor bills and miscellaneous entries dated relative to the
 * installation day, the bank statement lines' entries, then each document posted one by one —
 * so that names (INV/2026/00001 …) and record ids are those of a real demo database.
 * The vendor bills' messages and the invoices' activities are created as in Odoo (their PDF
 * attachments are not: there is no ir.attachment); bank statements themselves are not emulated.
 */
import type { Environment } from '../orm/environment';
import type { AnyModel, Vals } from '../orm/model';
import { addDays, addMonths, currencyOf, formatLang } from './tools';
import { todayUtc } from '../orm/fields';
import { DataLoader } from '../tools/data_loader';
import { log } from '../tools/log';

export function installDemo(env: Environment, companyId: number): void {
  const su = env.sudo();
  const ref = (x: string) => su.refId(x);
  const xid = (key: string) => `account.${companyId}_${key}`;
  // fields.Date.today() and time.strftime in account_demo.py: the UTC date, not the user's
  const t = todayUtc(su.cr);
  const firstOfMonth = `${t.slice(0, 7)}-01`;
  const oneMonthAgo = addMonths(t, -1);
  const fifteenMonthsAgo = addMonths(t, -15);
  const day = (d: string, dd: string) => `${d.slice(0, 7)}-${dd}`;
  const line = (product: string, quantity: number, extra: Vals = {}) => [0, 0, { product_id: ref(product), quantity, ...extra }];
  const purchaseTax = su.model('res.company').browse([companyId]).get('account_purchase_tax_id') as number | false;
  const misc = su.model('account.journal')._searchIds([['company_id', '=', companyId], ['type', '=', 'general']], { limit: 1, order: 'sequence, type, code' })[0];
  const bank = su.model('account.journal')._searchIds([['company_id', '=', companyId], ['type', '=', 'bank']], { limit: 1, order: 'sequence, type, code' })[0];
  const bankAccount = su.model('account.journal').browse([bank]).get('default_account_id') as number;
  const receivable = su.model('res.partner').browse([ref('base.res_partner_3')]).get('property_account_receivable_id') as number;
  const gain = su.model('res.company').browse([companyId]).get('account_journal_early_pay_discount_gain_account_id') as number;
  const income = su.model('account.account')._searchIds([['company_id', '=', companyId], ['account_type', '=', 'income'], ['id', '!=', gain]], { limit: 1, order: 'code, company_id' })[0];
  const equipment = { name: 'Redeem Reference Number: PO02529', quantity: 1, price_unit: 541.10, tax_ids: [[6, 0, purchaseTax ? [purchaseTax] : []]] };

  const moves: Array<[string, Vals]> = [
    ['demo_invoice_1', { move_type: 'out_invoice', partner_id: ref('base.res_partner_12'), invoice_user_id: ref('base.user_demo'), invoice_payment_term_id: ref('account.account_payment_term_end_following_month'), invoice_date: firstOfMonth, invoice_line_ids: [line('product.consu_delivery_02', 5), line('product.consu_delivery_03', 5)] }],
    ['demo_invoice_2', { move_type: 'out_invoice', partner_id: ref('base.res_partner_2'), invoice_user_id: false, invoice_date: addDays(t, -2), invoice_line_ids: [line('product.consu_delivery_03', 5), line('product.consu_delivery_01', 20)] }],
    ['demo_invoice_3', { move_type: 'out_invoice', partner_id: ref('base.res_partner_2'), invoice_user_id: false, invoice_date: addDays(t, -3), invoice_line_ids: [line('product.consu_delivery_01', 5), line('product.consu_delivery_03', 5)] }],
    ['demo_invoice_followup', { move_type: 'out_invoice', partner_id: ref('base.res_partner_2'), invoice_user_id: ref('base.user_demo'), invoice_payment_term_id: ref('account.account_payment_term_immediate'), invoice_date: addDays(t, -15), invoice_line_ids: [line('product.consu_delivery_02', 5), line('product.consu_delivery_03', 5)] }],
    ['demo_invoice_5', { move_type: 'in_invoice', partner_id: ref('base.res_partner_12'), invoice_payment_term_id: ref('account.account_payment_term_end_following_month'), invoice_date: firstOfMonth, invoice_line_ids: [line('product.product_delivery_01', 1, { price_unit: 10.0 }), line('product.product_order_01', 5, { price_unit: 4.0 })] }],
    ['demo_invoice_extract', { move_type: 'in_invoice' }],
    ['demo_invoice_equipment_purchase', { move_type: 'in_invoice', ref: `INV/${fifteenMonthsAgo.slice(0, 4)}/0057`, partner_id: ref('base.res_partner_12'), invoice_user_id: false, invoice_date: day(fifteenMonthsAgo, '17'), invoice_line_ids: [[0, 0, equipment]] }],
    ['demo_move_auto_reconcile_1', { move_type: 'out_refund', partner_id: ref('base.res_partner_12'), invoice_date: day(oneMonthAgo, '02'), invoice_line_ids: [line('product.consu_delivery_03', 5)] }],
    ['demo_move_auto_reconcile_2', { move_type: 'out_refund', partner_id: ref('base.res_partner_12'), invoice_date: day(oneMonthAgo, '03'), invoice_line_ids: [line('product.consu_delivery_02', 5)] }],
    ['demo_move_auto_reconcile_3', { move_type: 'in_refund', partner_id: ref('base.res_partner_12'), invoice_date: firstOfMonth, invoice_line_ids: [line('product.product_delivery_01', 1, { price_unit: 10.0 }), line('product.product_order_01', 5, { price_unit: 4.0 })] }],
    ['demo_move_auto_reconcile_4', { move_type: 'in_refund', partner_id: ref('base.res_partner_12'), invoice_date: day(fifteenMonthsAgo, '19'), invoice_line_ids: [[0, 0, equipment]] }],
    ['demo_move_auto_reconcile_5', { move_type: 'out_refund', partner_id: ref('base.res_partner_2'), invoice_date: addDays(t, -10), invoice_line_ids: [line('product.consu_delivery_02', 5), line('product.consu_delivery_03', 5)] }],
    ['demo_move_auto_reconcile_6', { move_type: 'out_refund', partner_id: ref('base.res_partner_2'), invoice_user_id: false, invoice_date: addDays(t, -1), invoice_line_ids: [line('product.consu_delivery_03', 5), line('product.consu_delivery_01', 20)] }],
    ['demo_move_auto_reconcile_7', { move_type: 'out_refund', partner_id: ref('base.res_partner_2'), invoice_date: addDays(t, -2), invoice_line_ids: [line('product.consu_delivery_01', 5), line('product.consu_delivery_03', 5)] }],
    ['demo_move_auto_reconcile_8', { move_type: 'entry', partner_id: ref('base.res_partner_2'), date: addDays(t, -20), journal_id: misc, line_ids: [[0, 0, { debit: 0, credit: 2500, account_id: receivable }], [0, 0, { debit: 2500, credit: 0, account_id: bankAccount }]] }],
    ['demo_move_auto_reconcile_9', { move_type: 'entry', partner_id: ref('base.res_partner_2'), date: addDays(t, -20), journal_id: misc, line_ids: [[0, 0, { debit: 2500, credit: 0, account_id: receivable }], [0, 0, { debit: 0, credit: 2500, account_id: income }]] }],
  ];
  const Move = su.model('account.move');
  const loader = new DataLoader(su, 'account');
  const created = Move._create(moves.map(([, v]) => v));
  created.ids.forEach((id: number, i: number) => loader.register(xid(moves[i][0]), 'account.move', id, true));

  // the bank statement lines' entries (the statement "Bank - YYYY-01-01/1" with two lines, then six lines)
  const usd = currencyOf(su, su.model('res.company').browse([companyId]).get('currency_id') as number);
  const jan1 = `${t.slice(0, 4)}-01-01`;
  const year = t.slice(0, 4);
  const suspense = su.model('account.journal').browse([bank]).get('suspense_account_id') as number;
  const statementLines: Array<[string | null, string, number, number | false]> = [
    [null, 'Initial balance', 5103.0, false],
    [null, `INV/${year}/00002 and INV/${year}/00003`, 1275.0, ref('base.res_partner_12')],
    ['demo_bank_statement_line_0', 'Bank Fees', -32.58, false],
    ['demo_bank_statement_line_1', 'Prepayment', 650, ref('base.res_partner_12')],
    ['demo_bank_statement_line_2', `First ${formatLang(su, 2000, usd)} of invoice ${year}/00001`, 2000, ref('base.res_partner_12')],
    ['demo_bank_statement_line_3', 'Last Year Interests', 102.78, false],
    ['demo_bank_statement_line_4', `INV/${year}/00002`, 750, ref('base.res_partner_2')],
    ['demo_bank_statement_line_5', 'R:9772938  10/07 AX 9415116318 T:5 BRT: 100.00 C/ croip', 96.67, false],
  ];
  const statementMoves = Move._create(statementLines.map(([, label, amount, partner]) => ({
    move_type: 'entry', journal_id: bank, date: jan1, partner_id: partner,
    line_ids: [
      [0, 0, { name: label, account_id: bankAccount, balance: amount, partner_id: partner }],
      [0, 0, { name: label, account_id: suspense, balance: -amount, partner_id: partner }],
    ],
  })));
  statementMoves.ids.forEach((id: number, i: number) => {
    if (statementLines[i][0]) loader.register(xid(`${statementLines[i][0]}_account_move`), 'account.move', id, true);
  });
  (Move.browse(statementMoves.ids) as AnyModel)._post(false);

  // the vendor bills' messages (their PDF attachments are not emulated) and the invoices' activities
  if (su.has('mail.message')) {
    const Message = su.model('mail.message');
    for (const [key, bill] of [['mail_message_in_invoice_1', 'demo_invoice_extract'], ['mail_message_in_invoice_2', 'demo_invoice_equipment_purchase']]) {
      const msg = Message.create([{ model: 'account.move', res_id: ref(xid(bill)), body: 'Vendor Bill attachment', message_type: 'comment', author_id: ref('base.partner_demo') }]);
      loader.register(xid(key), 'mail.message', msg.ids[0], true);
    }
  }
  if (su.has('mail.activity')) {
    const in5days = addDays(t, 5);
    const activities: Array<[string, string, string, string | false, string]> = [
      ['invoice_activity_1', 'demo_invoice_3', 'mail.mail_activity_data_todo', 'Follow-up on payment', in5days],
      ['invoice_activity_2', 'demo_invoice_2', 'mail.mail_activity_data_call', false, t],
      ['invoice_activity_3', 'demo_invoice_1', 'mail.mail_activity_data_todo', 'Include upsell', in5days],
      ['invoice_activity_4', 'demo_invoice_extract', 'mail.mail_activity_data_todo', 'Update address', in5days],
    ];
    const Activity = su.withContext({ ...su.context, tracking_disable: false }).model('mail.activity');
    const modelId = ref('account.model_account_move');
    for (const [key, move, type, summary, deadline] of activities) {
      const act = Activity.create([{ res_id: ref(xid(move)), res_model_id: modelId, activity_type_id: ref(type), date_deadline: deadline, summary, create_uid: ref('base.user_admin'), user_id: ref('base.user_admin') }]);
      loader.register(xid(key), 'mail.activity', act.ids[0], true);
    }
  }

  // _post_load_demo_data: every document but the empty bill is posted, one at a time
  for (const key of ['demo_invoice_1', 'demo_invoice_2', 'demo_invoice_3', 'demo_invoice_followup', 'demo_invoice_5', 'demo_invoice_equipment_purchase',
    'demo_move_auto_reconcile_1', 'demo_move_auto_reconcile_2', 'demo_move_auto_reconcile_3', 'demo_move_auto_reconcile_4', 'demo_move_auto_reconcile_5',
    'demo_move_auto_reconcile_6', 'demo_move_auto_reconcile_7', 'demo_move_auto_reconcile_8', 'demo_move_auto_reconcile_9']) {
    try {
      Move.browse([ref(xid(key))]).action_post();
    } catch (e) {
      log('error', 'odoo.addons.account.demo.account_demo', `Error while posting demo data: ${(e as Error).message}`, env.dbName);
    }
  }
}
