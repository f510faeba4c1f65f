/**
 * "Today" of sales and accounting documents is fields.Date.context_today: the date in the
 * context's time zone, else in the user's, else UTC's. Checked against a real Odoo 17 at 23:44 UTC
 * (already the next day for the demo admin's Europe/Brussels): a draft invoice's date, the date
 * posting gives it, the payment wizard's date and an activity's deadline were Brussels' date, and a
 * context tz 'UTC' gave UTC's. Kiritimati (UTC+14) and Pago Pago (UTC-11) never share a date, so
 * these checks hold at any time of day.
 */
import { ADMIN, todayInZone, useSaleServer } from './sale_helpers';

const EAST = 'Pacific/Kiritimati';
const WEST = 'Pacific/Pago_Pago';

const server = useSaleServer();

async function newInvoice(context: Record<string, unknown>): Promise<number> {
  return server.rpc.ok<number>('account.move', 'create', [{ move_type: 'out_invoice', partner_id: 10, invoice_line_ids: [[0, 0, { name: 'context today', quantity: 1, price_unit: 10 }]] }], { context });
}

test('the two zones of these checks never share a date', () => {
  expect(todayInZone(EAST)).not.toBe(todayInZone(WEST));
});

test("the context's time zone dates a draft invoice, its posting, the payment wizard and an activity", async () => {
  for (const tz of [EAST, WEST]) {
    const context = { tz };
    const inv = await newInvoice(context);
    expect((await server.rpc.ok('account.move', 'read', [[inv], ['date', 'invoice_date']], { context }))[0]).toEqual({ id: inv, date: todayInZone(tz), invoice_date: false });
    await server.rpc.ok('account.move', 'action_post', [[inv]], { context });
    expect((await server.rpc.ok('account.move', 'read', [[inv], ['date', 'invoice_date']]))[0]).toEqual({ id: inv, date: todayInZone(tz), invoice_date: todayInZone(tz) });
    const wizard = await server.rpc.ok('account.payment.register', 'default_get', [['payment_date']], { context: { tz, active_model: 'account.move', active_ids: [inv] } });
    expect(wizard.payment_date).toBe(todayInZone(tz));
    expect(await server.rpc.ok('mail.activity', 'default_get', [['date_deadline']], { context })).toEqual({ date_deadline: todayInZone(tz) });
    const reversal = await server.rpc.ok('account.move.reversal', 'default_get', [['date']], { context: { tz, active_model: 'account.move', active_ids: [inv] } });
    expect(reversal.date).toBe(todayInZone(tz));
  }
});

test("without a tz in the context the user's own zone counts: invoices, payments, activities, an order's validity", async () => {
  try {
    for (const tz of [EAST, WEST]) {
      await server.rpc.ok('res.users', 'write', [[ADMIN.uid], { tz }]);
      const inv = await newInvoice({});
      await server.rpc.ok('account.move', 'action_post', [[inv]]);
      expect((await server.rpc.ok('account.move', 'read', [[inv], ['date', 'invoice_date']]))[0]).toEqual({ id: inv, date: todayInZone(tz), invoice_date: todayInZone(tz) });
      const wizard = await server.rpc.ok('account.payment.register', 'default_get', [['payment_date']], { context: { active_model: 'account.move', active_ids: [inv] } });
      expect(wizard.payment_date).toBe(todayInZone(tz));
      expect(await server.rpc.ok('mail.activity', 'default_get', [['date_deadline']])).toEqual({ date_deadline: todayInZone(tz) });
      const order = await server.rpc.ok<number>('sale.order', 'create', [{ partner_id: 10 }]);
      const [{ validity_date: validity }] = await server.rpc.ok('sale.order', 'read', [[order], ['validity_date']]);
      expect(validity).toBe(todayInZone(tz, 30));
    }
  } finally {
    await server.rpc.ok('res.users', 'write', [[ADMIN.uid], { tz: 'Europe/Brussels' }]);
  }
});
