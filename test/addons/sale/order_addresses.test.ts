/**
 * The invoice and delivery addresses a new order takes from its customer follow Odoo 17's
 * res.partner.address_get (odoo/addons/base/models/res_partner.py): a depth-first walk of the
 * customer's active non-company contacts, children in res.partner's order (complete_name, then
 * newest first), then the same walk from the parent while the customer is not a company;
 * missing types fall back to the first 'contact' found. The expected addresses below follow
 * that walk step by step for a tree built so that creation order and name order differ.
 */
import { DatabaseManager, type Database } from '../../../models/database';
import { DEFAULT_MODULES } from '../../../models/modules/builtin';
import { TEMPLATE_DIR } from '../../helpers/server';
import { SALE_INIT } from './sale_helpers';

let db: Database;
const env = () => db.env(2);

beforeAll(() => {
  const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
  db = dbm.create(`sale_addresses_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, ...SALE_INIT] });
}, 300000);

test('orders take the invoice and delivery contacts address_get finds in the customer tree', () => {
  const P = env().model('res.partner');
  const mk = (name: string, vals: Record<string, unknown>) => P.create({ name, ...vals }).ids[0];
  const co = mk('Tree Co', { is_company: true });
  // skipped by the walk: an archived invoice contact and a sub-company's invoice contact,
  // both named to come first
  mk('0 archived invoice', { parent_id: co, type: 'invoice', active: false });
  const sub = mk('00 sub company', { parent_id: co, is_company: true });
  mk('Sub invoice', { parent_id: sub, type: 'invoice' });
  // B is created before A: the walk visits A first (by name)
  const b = mk('B contact', { parent_id: co, type: 'contact' });
  const b1 = mk('B1 delivery', { parent_id: b, type: 'delivery' });
  const a = mk('A contact', { parent_id: co, type: 'contact' });
  const a1 = mk('A1 invoice', { parent_id: a, type: 'invoice' });
  const a2 = mk('A2 delivery', { parent_id: a, type: 'delivery' });
  const c = mk('C delivery', { parent_id: co, type: 'delivery' });
  const lone = mk('Lone Private Person', {});
  const addresses = (partner: number) => {
    const id = env().model('sale.order').create({ partner_id: partner }).ids[0];
    const v = env().model('sale.order').browse([id])._values(['partner_invoice_id', 'partner_shipping_id']).get(id)!;
    return [v.partner_invoice_id, v.partner_shipping_id];
  };
  // company: Tree Co, A contact, A1 invoice, A2 delivery (done)
  expect(addresses(co)).toEqual([a1, a2]);
  // B contact, B1 delivery; then from Tree Co: A contact, A1 invoice
  expect(addresses(b)).toEqual([a1, b1]);
  expect(addresses(a)).toEqual([a1, a2]);
  // C delivery has no contact below it: from Tree Co, which is the 'contact', then A1 invoice
  expect(addresses(c)).toEqual([a1, c]);
  // a delivery contact on its own: its 'contact' is the company (found when walking up)
  expect(addresses(b1)).toEqual([a1, b1]);
  // nothing of either type: the partner itself
  expect(addresses(lone)).toEqual([lone, lone]);
});
