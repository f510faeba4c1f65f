/**
 * A database with sale_management, account and payment_demo holds what a real Odoo 17 does
 * (read on the reference database ref_sale): the same installed modules, sale's demo products,
 * orders and quotation template at the same ids and xml ids, and the order defaults Odoo fills
 * from the customer.
 */
import { DatabaseManager, type Database } from '../../../models/database';
import { DEFAULT_MODULES } from '../../../models/modules/builtin';
import { TEMPLATE_DIR } from '../../helpers/server';
import { SALE_INIT, todayInZone } from './sale_helpers';
import { PyFloat } from '../../../models/orm/values';

let db: Database;
const env = () => db.env(2);

beforeAll(() => {
  const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
  db = dbm.create(`sale_demo_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, ...SALE_INIT] });
}, 300000);

/** Read results as a client decodes them: Python floats become numbers. */
function plain(v: unknown): any {
  if (v instanceof PyFloat) return Number(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const xmlids = (model: string, id: number) => env().cr.all<{ x: string }>('SELECT module || \'.\' || name AS x FROM ir_model_data WHERE model = ? AND res_id = ? ORDER BY 1', [model, id]).map((r) => r.x);

test('the installed modules are those of Odoo 17 for sale_management, account and payment_demo', () => {
  const names = env().cr.all<{ name: string }>("SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name").map((r) => r.name);
  expect(names).toEqual([
    'account', 'account_check_printing', 'account_edi_ubl_cii', 'account_payment', 'account_payment_term', 'analytic', 'auth_signup', 'auth_totp', 'auth_totp_mail',
    'auth_totp_portal', 'base', 'base_import', 'base_import_module', 'base_install_request', 'base_setup', 'bus', 'digest', 'google_gmail', 'http_routing', 'iap',
    'iap_mail', 'mail', 'mail_bot', 'onboarding', 'partner_autocomplete', 'payment', 'payment_demo', 'phone_validation', 'portal', 'privacy_lookup', 'product',
    'resource', 'sale', 'sale_async_emails', 'sale_management', 'sale_pdf_quote_builder', 'sale_product_configurator', 'sale_sms', 'sales_team', 'sms', 'snailmail',
    'snailmail_account', 'spreadsheet', 'spreadsheet_account', 'spreadsheet_dashboard', 'spreadsheet_dashboard_account', 'spreadsheet_dashboard_sale', 'uom', 'utm',
    'web', 'web_editor', 'web_tour', 'web_unsplash',
  ]);
});

test("sale's demo products at Odoo's ids: the custom desks, the deposit, the chair protection", () => {
  const rows = env().model('product.product').browse([12, 13, 36, 37, 38, 39]).read(['display_name', 'lst_price', 'taxes_id', 'invoice_policy', 'type']).map(plain);
  expect(rows.map((r: Record<string, unknown>) => [r.id, xmlids('product.product', r.id as number), r.display_name, r.lst_price, r.taxes_id, r.invoice_policy, r.type])).toEqual([
    [12, ['product.product_product_4'], '[FURN_0096] Customizable Desk (Steel, White)', 750, [], 'delivery', 'consu'],
    [13, ['product.product_product_4b'], '[FURN_0097] Customizable Desk (Steel, Black)', 750, [], 'delivery', 'consu'],
    [36, ['sale.product_product_4e'], '[DESK0005] Customizable Desk (Custom, White)', 750, [], 'delivery', 'consu'],
    [37, ['sale.product_product_4f'], '[DESK0006] Customizable Desk (Custom, Black)', 750, [], 'delivery', 'consu'],
    [38, ['sale.advance_product_0'], 'Deposit', 150, [], 'order', 'service'],
    [39, [], 'Chair floor protection', 12, [1], 'order', 'consu'],
  ]);
  expect(env().model('product.product').search_count([])).toBe(34);
});

test("the 20 demo orders: names, states, customers, salespeople, totals and invoice status as Odoo's", () => {
  const orders = env().model('sale.order').search_read([], ['name', 'state', 'partner_id', 'user_id', 'amount_total', 'invoice_status'], 0, null, 'id').map(plain);
  expect(orders.map((o: Record<string, any>) => [o.id, o.name, o.state, o.partner_id[0], o.user_id[0], o.amount_total, o.invoice_status])).toEqual([
    [1, 'S00001', 'draft', 10, 6, 1740, 'no'], [2, 'S00002', 'draft', 12, 2, 2947.5, 'no'], [3, 'S00003', 'draft', 12, 2, 377.5, 'no'],
    [4, 'S00004', 'sale', 11, 2, 2240, 'no'], [5, 'S00005', 'draft', 10, 6, 405, 'no'], [6, 'S00006', 'sale', 15, 2, 750, 'no'],
    [7, 'S00007', 'sale', 11, 2, 1706, 'to invoice'], [8, 'S00008', 'sale', 11, 6, 462, 'no'], [9, 'S00009', 'sale', 11, 6, 654, 'no'],
    [10, 'S00010', 'sale', 11, 6, 751, 'no'], [11, 'S00011', 'sale', 11, 6, 1096.5, 'no'], [12, 'S00012', 'sale', 11, 6, 556, 'no'],
    [13, 'S00013', 'sale', 11, 6, 415.5, 'no'], [14, 'S00014', 'sale', 11, 6, 1582, 'no'], [15, 'S00015', 'sale', 11, 6, 1541.5, 'no'],
    [16, 'S00016', 'sale', 11, 6, 1186.5, 'no'], [17, 'S00017', 'sale', 11, 6, 951, 'no'], [18, 'S00018', 'sale', 11, 6, 831, 'no'],
    [19, 'S00019', 'sent', 8, 2, 1740, 'no'], [20, 'S00020', 'sale', 8, 2, 2947.5, 'no'],
  ]);
  expect(xmlids('sale.order', 1)).toEqual(['sale.sale_order_1']);
  expect(xmlids('sale.order', 20)).toEqual(['sale.portal_sale_order_2']);
  expect(env().model('sale.order.line').search_count([])).toBe(44);
  // the portal customer follows his two orders (the portal record rule needs it)
  expect(env().model('sale.order').browse([19, 20]).read(['message_partner_ids']).map((r: Record<string, number[]>) => r.message_partner_ids.includes(8))).toEqual([true, true]);
});

test('the "Large Meeting Table" quotation template, its line and its optional product', () => {
  const [tpl] = env().model('sale.order.template').browse([1]).read(['name', 'number_of_days', 'sale_order_template_line_ids', 'sale_order_template_option_ids']);
  expect(tpl).toEqual({ id: 1, name: 'Large Meeting Table', number_of_days: 45, sale_order_template_line_ids: [1], sale_order_template_option_ids: [1] });
  expect(xmlids('sale.order.template', 1)).toEqual(['sale_management.sale_order_template_1']);
  expect(env().model('sale.order.template.line').browse([1]).read(['name', 'product_id', 'product_uom_qty']).map(plain)[0])
    .toEqual({ id: 1, name: 'Large Meeting Table', product_id: [34, '[FURN_6741] Large Meeting Table'], product_uom_qty: 1 });
  expect(env().model('sale.order.template.option').browse([1]).read(['name', 'product_id', 'quantity']).map(plain)[0])
    .toEqual({ id: 1, name: 'Office Chair', product_id: [5, '[FURN_7777] Office Chair'], quantity: 4 });
});

test("a new order takes its defaults from the customer and the user (Odoo's precomputed fields)", () => {
  let out: Record<string, unknown> = {};
  try {
    db.cr.transaction(() => {
      const id = env().model('sale.order').create({ partner_id: 10 }).ids[0];
      out = env().model('sale.order').browse([id]).read(['state', 'partner_invoice_id', 'partner_shipping_id', 'payment_term_id', 'pricelist_id', 'user_id', 'team_id',
        'require_signature', 'require_payment', 'prepayment_percent', 'access_token', 'access_url', 'currency_id', 'company_id', 'invoice_status', 'locked']).map(plain)[0];
      const today = todayInZone();
      const validity = env().model('sale.order').browse([id]).read(['validity_date'])[0].validity_date as string;
      out.validity_days = Math.round((Date.parse(validity) - Date.parse(today)) / 86400000);
      throw new Error('rollback');
    });
  } catch (e) {
    if ((e as Error).message !== 'rollback') throw e;
  }
  expect(out).toMatchObject({
    state: 'draft', partner_invoice_id: [10, 'Deco Addict'], partner_shipping_id: [10, 'Deco Addict'], payment_term_id: [4, '30 Days'], pricelist_id: false,
    user_id: [2, 'Mitchell Admin'], team_id: [1, 'Sales'], require_signature: true, require_payment: true, prepayment_percent: 1, access_token: false,
    currency_id: [1, 'USD'], company_id: [1, 'YourCompany'], invoice_status: 'no', locked: false, validity_days: 30,
  });
  expect(out.access_url).toBe(`/my/orders/${out.id}`);
});
