/**
 * The stored computed fields of the records one create() makes are computed once the batch is
 * inserted (Odoo computes them at flush): a compute method runs once for the records of the batch
 * and sees all of them, and a value given for a writable computed field wins for its own record
 * only (such records are computed apart from the others). A stored related field reached through
 * a many2one of the new row is put in its INSERT (Odoo's precomputed related fields).
 */
import { DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { BaseModel } from '../../models/orm/model';
import { TEMPLATE_DIR } from '../helpers/server';
import { demoDb, num, statementsOf } from './orm_helpers';

/** The record sets a compute of `model`.`field` ran on while `fn` ran. */
function computationsOf(model: string, field: string, fn: () => void): number[][] {
  const proto = BaseModel.prototype as unknown as { _computeField(this: BaseModel, f: string): unknown };
  const original = proto._computeField;
  const seen: number[][] = [];
  proto._computeField = function (this: BaseModel, f: string) {
    if (this._name === model && f === field) seen.push([...this.ids]);
    return original.call(this, f);
  };
  try {
    fn();
  } finally {
    proto._computeField = original;
  }
  return seen;
}

describe('computed fields of a create batch', () => {
  let db: Database;
  beforeAll(() => {
    db = demoDb();
  });

  test('are computed once for every record of the batch, with the values of one by one', () => {
    const env = db.env(2);
    let ids: number[] = [];
    const runs = computationsOf('res.partner', 'complete_name', () => db.cr.transaction(() => {
      const company = env.model('res.partner').create({ name: 'Batch Company', is_company: true }).ids[0];
      ids = env.model('res.partner').create([
        { name: 'Alice Batch', parent_id: company },
        { name: 'Bob Batch', parent_id: company, type: 'invoice' },
        { name: 'Carol Batch' },
      ]).ids;
    }));
    // the company's own create, then one run for the three contacts
    expect(runs).toEqual([[ids[0] - 1], ids]);
    const rows = env.model('res.partner').browse(ids).read(['complete_name', 'commercial_partner_id']);
    expect(rows.map((r) => r.complete_name)).toEqual(['Batch Company, Alice Batch', 'Batch Company, Bob Batch', 'Carol Batch']);
    expect(rows.map((r) => (r.commercial_partner_id as [number, string])[0])).toEqual([ids[0] - 1, ids[0] - 1, ids[2]]);
  });
});

describe('a value given for a writable computed field', () => {
  let db: Database;
  beforeAll(() => {
    db = new DatabaseManager(null, { templateDir: TEMPLATE_DIR }).create(`cb_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'sale_management'] });
  });

  test('wins for its record; the other records of the batch are computed together', () => {
    const env = db.env(2);
    let ids: number[] = [];
    // sale.order.validity_date: computed from the company's validity days, writable
    const runs = computationsOf('sale.order', 'validity_date', () => db.cr.transaction(() => {
      ids = env.model('sale.order').create([
        { partner_id: 10 },
        { partner_id: 10 },
        { partner_id: 10, validity_date: '2030-01-31' },
      ]).ids;
    }));
    expect(ids).toHaveLength(3);
    // the create computes the two orders without a given date in one run, and not the third
    // (later runs, if any, come from the orders' own changes)
    expect(runs[0]).toEqual(ids.slice(0, 2));
    const dates = env.model('sale.order').browse(ids).read(['validity_date']).map((r) => r.validity_date);
    expect(dates[0]).toEqual(expect.any(String));
    expect(dates).toEqual([dates[0], dates[0], '2030-01-31']);
  });
});

describe('stored related fields of a new record', () => {
  let db: Database;
  beforeAll(() => {
    db = demoDb();
  });

  test('reached through a many2one of the row go into its INSERT, with the value computing gives', () => {
    const env = db.env(2);
    let ids: number[] = [];
    const statements = statementsOf(db, () => db.cr.transaction(() => {
      const withCompany = env.model('res.partner').create({ name: 'Bank Holder Co', company_id: 1 }).ids[0];
      const without = env.model('res.partner').create({ name: 'Bank Holder Free', company_id: false }).ids[0];
      ids = env.model('res.partner.bank').create([
        { acc_number: 'BE71 0961 2345 6769', partner_id: withCompany },
        { acc_number: 'BE71 0961 2345 6770', partner_id: without },
      ]).ids;
    }));
    const inserts = statements.filter((q) => q.startsWith('INSERT INTO "res_partner_bank"'));
    expect(inserts.length).toBeGreaterThan(0);
    for (const q of inserts) expect(q).toContain('"company_id"');
    expect(statements.filter((q) => /^UPDATE "res_partner_bank" SET .*"company_id"/.test(q))).toEqual([]);
    const rows = env.model('res.partner.bank').browse(ids).read(['company_id']);
    expect(rows.map((r) => (Array.isArray(r.company_id) ? r.company_id[0] : r.company_id))).toEqual([1, false]);
  });

  test('follow their link when it is written later, as before', () => {
    const env = db.env(2);
    db.cr.transaction(() => {
      const holder = env.model('res.partner').create({ name: 'Later Holder', company_id: false }).ids[0];
      const bank = env.model('res.partner.bank').create({ acc_number: 'BE71 0961 2345 6771', partner_id: holder });
      expect(bank.read(['company_id'])[0].company_id).toBe(false);
      env.model('res.partner').browse(holder).write({ company_id: 1 });
      expect((bank.read(['company_id'])[0].company_id as [number, string])[0]).toBe(1);
    });
  });
});

describe('a stored related field whose link a new record leaves empty', () => {
  let db: Database;
  beforeAll(() => {
    db = new DatabaseManager(null, { templateDir: TEMPLATE_DIR })
      .create(`related_empty_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'account', 'payment_demo'] });
  });

  test('is empty in the INSERT, not written again after it', () => {
    const env = db.env(2);
    let id = 0;
    // account.payment.source_payment_id follows payment_transaction_id, which a payment made by
    // hand does not have
    const statements = statementsOf(db, () => db.cr.transaction(() => {
      id = env.model('account.payment').create({ amount: 10, payment_type: 'inbound', partner_type: 'customer', partner_id: 10 }).ids[0];
    }));
    const inserts = statements.filter((q) => q.startsWith('INSERT INTO "account_payment"'));
    expect(inserts.length).toBe(1);
    expect(inserts[0]).toContain('"source_payment_id"');
    expect(statements.filter((q) => /^UPDATE "account_payment" SET .*"source_payment_id"/.test(q))).toEqual([]);
    expect(env.model('account.payment').browse(id).read(['source_payment_id'])[0].source_payment_id).toBe(false);
  });
});
