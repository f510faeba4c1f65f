/**
 * The scheduled actions of the sales and invoicing modules (ids 15-19 as in a real Odoo 17 with
 * sale_management, account and payment_demo), run by hand with ir.cron.method_direct_trigger,
 * and sale_async_emails' pending order mails. Expected values: the same calls on ref_sale.
 */
import { useSaleServer } from './sale_helpers';

const server = useSaleServer();

/** [xml id, id, name, code, active] as ref_sale answers them. */
const CRONS: Array<[string, number, string, string, boolean]> = [
  ['payment.cron_post_process_payment_tx', 15, 'payment: post-process transactions', 'model._cron_finalize_post_processing()', true],
  ['account.ir_cron_auto_post_draft_entry', 16, 'Account: Post draft entries with auto_post enabled and accounting date up to today', 'model._autopost_draft_entries()', true],
  ['account.ir_cron_account_move_send', 17, 'Send invoices automatically', 'model._cron_account_move_send(job_count=20)', true],
  ['sale.send_invoice_cron', 18, 'automatic invoicing: send ready invoice', 'model._cron_send_invoice()', false],
  ['sale_async_emails.cron', 19, 'Sales: Send pending emails', 'model._cron_send_pending_emails()', true],
];

async function xmlId(name: string): Promise<number> {
  const [module, xml] = name.split('.');
  const [row] = await server.rpc.ok<Array<{ res_id: number }>>('ir.model.data', 'search_read', [[['module', '=', module], ['name', '=', xml]], ['res_id']]);
  return row.res_id;
}

describe('scheduled actions of sale, account and payment', () => {
  test.each(CRONS)('%s is cron %i, run by hand', async (name, id, label, code, active) => {
    expect(await xmlId(name)).toBe(id);
    const [cron] = await server.rpc.ok('ir.cron', 'read', [[id], ['name', 'interval_number', 'interval_type', 'numbercall', 'active', 'user_id', 'code', 'state']], { context: { active_test: false } });
    expect(cron).toEqual({ id, name: label, interval_number: expect.any(Number), interval_type: expect.any(String), numbercall: -1, active, user_id: [1, 'OdooBot'], code, state: 'code' });
    expect(await server.rpc.call('ir.cron', 'method_direct_trigger', [[id]])).toBe(true);
  });
});

describe('sale_async_emails: with sale.async_emails on, order mails wait for the cron', () => {
  afterAll(async () => {
    await server.rpc.ok('ir.config_parameter', 'set_param', ['sale.async_emails', 'False']);
  });

  test('a confirmation keeps its mail as the pending template; the cron sends it and forgets it', async () => {
    await server.rpc.ok('ir.config_parameter', 'set_param', ['sale.async_emails', 'True']);
    const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, { product_id: 7, product_uom_qty: 1 }]] }]);
    expect(await server.rpc.call('sale.order', 'action_confirm', [[order]], { context: { send_email: true } })).toBe(true);
    const [pending] = await server.rpc.ok('sale.order', 'read', [[order], ['pending_email_template_id', 'state']]);
    expect(pending).toEqual({ id: order, pending_email_template_id: [expect.any(Number), 'Sales: Order Confirmation'], state: 'sale' });
    const kinds = async () => (await server.rpc.ok<Array<{ message_type: string; subtype_id: [number, string] | false }>>('mail.message', 'search_read',
      [[['model', '=', 'sale.order'], ['res_id', '=', order]], ['message_type', 'subtype_id']], { order: 'id' })).map((m) => [m.message_type, m.subtype_id && m.subtype_id[1]]);
    expect(await kinds()).toEqual([['notification', 'Note'], ['notification', 'Sales Order Confirmed']]);
    const cron = await xmlId('sale_async_emails.cron');
    expect(await server.rpc.ok<number>('ir.cron.trigger', 'search_count', [[['cron_id', '=', cron]]])).toBeGreaterThan(0);
    expect(await server.rpc.call('ir.cron', 'method_direct_trigger', [[cron]])).toBe(true);
    expect((await server.rpc.ok('sale.order', 'read', [[order], ['pending_email_template_id']]))[0].pending_email_template_id).toBe(false);
    expect(await kinds()).toEqual([['notification', 'Note'], ['notification', 'Sales Order Confirmed'], ['notification', 'Discussions']]);
  });
});
