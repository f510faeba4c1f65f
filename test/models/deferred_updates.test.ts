/**
 * Recomputed stored values are sent to SQLite lazily (Cursor.deferUpdate): the assignments of
 * one record join into one UPDATE, sent before any statement that reads or writes the table,
 * at the end of a savepoint and at commit. These tests pin that nothing can observe the delay:
 * SQL sees the values, rollbacks drop them, constraint errors still surface in the call.
 */
import { DatabaseManager, type Database } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { BaseModel } from '../../models/orm/model';
import { TEMPLATE_DIR } from '../helpers/server';
import { demoDb, statementsOf } from './orm_helpers';

let db: Database;

beforeAll(() => {
  db = demoDb();
});

/** UPDATE statements run while `fn` runs, by their text. */
function updatesDuring(fn: () => void): string[] {
  const seen: string[] = [];
  const prepare = db.cr.prepare.bind(db.cr);
  const spy = jest.spyOn(db.cr, 'prepare').mockImplementation((text: string) => {
    if (/^\s*UPDATE/i.test(text)) seen.push(text);
    return prepare(text);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

describe('Cursor.deferUpdate', () => {
  test('assignments of the same records join into one UPDATE, visible to the next read of the table', () => {
    const id = db.cr.transaction(() => db.env(1).model('res.partner').create({ name: 'Deferred A' }).ids[0]);
    const translate = (e: unknown) => e;
    const updates = updatesDuring(() => db.cr.transaction(() => {
      db.cr.deferUpdate('res_partner', [id], [{ column: 'ref', sql: '"ref" = ?', params: ['R1'] }], translate);
      db.cr.deferUpdate('res_partner', [id], [{ column: 'function', sql: '"function" = ?', params: ['Buyer'] }], translate);
      // a statement on another table does not send them
      db.cr.get('SELECT id FROM res_country WHERE code = ?', ['BE']);
      db.cr.deferUpdate('res_partner', [id], [{ column: 'ref', sql: '"ref" = ?', params: ['R2'] }], translate);
      // reading the table does, first
      expect(db.cr.get('SELECT ref, function FROM res_partner WHERE id = ?', [id])).toEqual({ ref: 'R2', function: 'Buyer' });
    }));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatch(/"ref" = \?, "function" = \?/);
  });

  test('a rolled back savepoint drops what was deferred inside it and keeps what was deferred before', () => {
    const id = db.cr.transaction(() => db.env(1).model('res.partner').create({ name: 'Deferred B' }).ids[0]);
    const translate = (e: unknown) => e;
    db.cr.transaction(() => {
      db.cr.deferUpdate('res_partner', [id], [{ column: 'ref', sql: '"ref" = ?', params: ['kept'] }], translate);
      expect(() => db.cr.transaction(() => {
        db.cr.deferUpdate('res_partner', [id], [{ column: 'function', sql: '"function" = ?', params: ['dropped'] }], translate);
        throw new Error('undo');
      })).toThrow('undo');
    });
    expect(db.cr.get('SELECT ref, function FROM res_partner WHERE id = ?', [id])).toEqual({ ref: 'kept', function: null });
  });

  test('a constraint error of a deferred update surfaces inside its savepoint, translated', () => {
    const id = db.cr.transaction(() => db.env(1).model('res.partner').create({ name: 'Deferred C' }).ids[0]);
    const translated = new Error('translated');
    expect(() => db.cr.transaction(() => {
      db.cr.transaction(() => {
        // partner_share... any NOT NULL column: res_partner.name is required
        db.cr.deferUpdate('res_partner', [id], [{ column: 'name', sql: '"name" = ?', params: [null] }], () => translated);
      });
    })).toThrow(translated);
    expect(db.cr.get('SELECT name FROM res_partner WHERE id = ?', [id])).toEqual({ name: 'Deferred C' });
  });
});

describe('recomputation through the ORM', () => {
  test("a new contact's recomputed stored fields share UPDATEs, and raw SQL reads them", () => {
    const env = db.env(1);
    const company = db.cr.transaction(() => env.model('res.partner').create({ name: 'Deferred Co', is_company: true }).ids[0]);
    let child = 0;
    const updates = updatesDuring(() => db.cr.transaction(() => {
      child = env.model('res.partner').create({ name: 'Deferred Child', parent_id: company }).ids[0];
      // business code reading with SQL sees the computed values
      expect(db.cr.get('SELECT complete_name, commercial_partner_id FROM res_partner WHERE id = ?', [child]))
        .toEqual({ complete_name: 'Deferred Co, Deferred Child', commercial_partner_id: company });
    }));
    // computed one after another (six compute methods), written together: the new row is in
    // the record cache from its INSERT, so no computation reads the table in between
    const partnerUpdates = updates.filter((u) => /^UPDATE "res_partner"/.test(u));
    expect(partnerUpdates).toEqual(['UPDATE "res_partner" SET "user_id" = ?, "partner_share" = ?, "commercial_partner_id" = ?, "commercial_company_name" = ?, "complete_name" = ?, "email_normalized" = ? WHERE id IN (?)']);
    expect(db.env(1).model('res.partner').browse(child).read(['display_name', 'commercial_partner_id'])[0])
      .toEqual({ id: child, display_name: 'Deferred Co, Deferred Child', commercial_partner_id: [company, 'Deferred Co'] });
  });

  test('records found pointing to a changed one are recomputed without a second look-up of their existence', () => {
    const env = db.env(1);
    const [company, child] = db.cr.transaction(() => {
      const co = env.model('res.partner').create({ name: 'Pointed Co', is_company: true }).ids[0];
      return [co, env.model('res.partner').create({ name: 'Pointed Child', parent_id: co }).ids[0]];
    });
    const sql = statementsOf(db, () => db.cr.transaction(() => db.env(1).model('res.partner').browse(company).write({ name: 'Pointed Co 2' })));
    // the contacts of the company are found by one query, which is also what says they exist
    expect(sql).toContain('SELECT id FROM "res_partner" WHERE "parent_id" IN (?) ORDER BY id');
    expect(sql.filter((s) => /^SELECT id FROM "res_partner" WHERE id IN/.test(s))).toEqual([]);
    expect(db.cr.get('SELECT complete_name FROM res_partner WHERE id = ?', [child])).toEqual({ complete_name: 'Pointed Co 2, Pointed Child' });
  });
});

describe('one2many creations in one command list', () => {
  let sale: Database;
  beforeAll(() => {
    sale = new DatabaseManager(null, { templateDir: TEMPLATE_DIR }).create(`batch_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'sale_management'] });
  }, 600_000);

  test("are made by one create(), and the order's amounts are computed once, after its three new lines", () => {
    const env = sale.env(2);
    const order = sale.cr.transaction(() => env.model('sale.order').create({ partner_id: 10 }).ids[0]);
    let computed = 0;
    const original = BaseModel.prototype._computeField;
    const spy = jest.spyOn(BaseModel.prototype, '_computeField').mockImplementation(function (this: BaseModel, fname: string) {
      if (this._name === 'sale.order' && fname === 'amount_untaxed') computed++;
      return original.call(this, fname);
    });
    try {
      sale.cr.transaction(() => env.model('sale.order').browse(order).write({
        order_line: [7, 38, 31].map((product_id) => [0, 0, { product_id, product_uom_qty: 1 }]),
      }));
    } finally {
      spy.mockRestore();
    }
    // (once per line, then once more for the order's own write, before)
    expect(computed).toBe(1);
    // and the amounts are those of the three lines
    const [amounts] = env.model('sale.order').browse(order).read(['amount_untaxed']) as Array<{ amount_untaxed: unknown }>;
    const lines = env.model('sale.order.line').search_read([['order_id', '=', order]], ['price_subtotal']) as Array<{ price_subtotal: unknown }>;
    expect(lines).toHaveLength(3);
    expect(Number(amounts.amount_untaxed)).toBeCloseTo(lines.reduce((s, l) => s + Number(l.price_subtotal), 0), 2);
  });
});
