/**
 * The per-model facts create() keeps (models/orm/model.ts): the INSERT texts of the column lists
 * used last, the fields that may get a default for each set of context default_ keys and
 * ir.default values, the destination of each field's value, the converted NULL row of a new
 * record, and the one-field related paths read together through the same many2one. Each test
 * fails if such a fact leaks from one record, call or set of defaults to another.
 */
import type { Database } from '../../models/database';
import type { BaseModel } from '../../models/orm/model';
import { saleDemoDb } from './orm_helpers';

describe('create with per-model facts', () => {
  let db: Database;
  beforeAll(() => {
    db = saleDemoDb('cpaths');
  });

  test('records of one create naming different columns each get their own values', () => {
    const env = db.env(2);
    const partners = env.model('res.partner');
    let inCall: unknown;
    let ids: number[] = [];
    db.cr.transaction(() => {
      ids = partners.create([
        { name: 'Paths A1' },
        { name: 'Paths A2', ref: 'R2' },
        { name: 'Paths A3', ref: 'R3', comment: '<p>c3</p>' },
        { name: 'Paths A4' },
        { name: 'Paths A5', comment: '<p>c5</p>' },
        { name: 'Paths A6', ref: 'R6' },
      ]).ids;
      inCall = partners.browse(ids).read(['name', 'ref', 'comment']);
    });
    const expected = [
      { name: 'Paths A1', ref: false, comment: false },
      { name: 'Paths A2', ref: 'R2', comment: false },
      { name: 'Paths A3', ref: 'R3', comment: '<p>c3</p>' },
      { name: 'Paths A4', ref: false, comment: false },
      { name: 'Paths A5', ref: false, comment: '<p>c5</p>' },
      { name: 'Paths A6', ref: 'R6', comment: false },
    ].map((v, i) => ({ id: ids[i], ...v }));
    expect(inCall).toEqual(expected);
    expect(partners.browse(ids).read(['name', 'ref', 'comment'])).toEqual(expected);
  });

  test('context defaults of fields without a default of their own apply to their create only', () => {
    const env = db.env(2);
    const partners = env.model('res.partner');
    const read = (ids: number[]) => partners.browse(ids).read(['ref', 'comment']).map(({ ref, comment }) => ({ ref, comment }));
    const withRef = partners.withContext({ default_ref: 'CTX-REF' }).create({ name: 'Paths B1' }).ids;
    const withComment = partners.withContext({ default_comment: '<p>ctx</p>' }).create({ name: 'Paths B2' }).ids;
    const both = partners.withContext({ default_comment: '<p>both</p>', default_ref: 'BOTH' }).create({ name: 'Paths B3' }).ids;
    const given = partners.withContext({ default_ref: 'CTX-REF' }).create({ name: 'Paths B4', ref: 'given' }).ids;
    const none = partners.create({ name: 'Paths B5' }).ids;
    expect(read(withRef)).toEqual([{ ref: 'CTX-REF', comment: false }]);
    expect(read(withComment)).toEqual([{ ref: false, comment: '<p>ctx</p>' }]);
    expect(read(both)).toEqual([{ ref: 'BOTH', comment: '<p>both</p>' }]);
    expect(read(given)).toEqual([{ ref: 'given', comment: false }]);
    expect(read(none)).toEqual([{ ref: false, comment: false }]);
  });

  test('an ir.default value applies while it exists, and not after it is removed', () => {
    const env = db.env(2);
    const partners = env.model('res.partner');
    const irDefault = env.model('ir.default') as BaseModel & { set(...args: unknown[]): boolean };
    irDefault.set('res.partner', 'ref', 'IRD-REF');
    const withDefault = partners.create({ name: 'Paths C1' }).ids;
    const overridden = partners.create({ name: 'Paths C2', ref: 'mine' }).ids;
    const fid = env.fieldId('res.partner', 'ref');
    irDefault.search([['field_id', '=', fid]]).unlink();
    const after = partners.create({ name: 'Paths C3' }).ids;
    expect(partners.browse([...withDefault, ...overridden, ...after]).read(['ref']).map((r) => r.ref)).toEqual(['IRD-REF', 'mine', false]);
  });

  test('related fields through one many2one take each record\'s own target', () => {
    const env = db.env(2);
    const currencies = env.model('res.currency').withContext({ active_test: false });
    const [eur] = currencies.search([['name', '=', 'EUR']]).ids;
    const [usd] = currencies.search([['name', '=', 'USD']]).ids;
    const pricelists = env.model('product.pricelist');
    const items = env.model('product.pricelist.item');
    let ids: number[] = [];
    let lists: number[] = [];
    let inCall: unknown;
    db.cr.transaction(() => {
      lists = [
        pricelists.create({ name: 'Paths EUR list', currency_id: eur }).ids[0],
        pricelists.create({ name: 'Paths USD list', currency_id: usd }).ids[0],
      ];
      ids = items.create([
        { pricelist_id: lists[0], fixed_price: 1 },
        { pricelist_id: lists[1], fixed_price: 2 },
        { pricelist_id: lists[0], fixed_price: 3 },
      ]).ids;
      inCall = items.browse(ids).read(['pricelist_id', 'currency_id']).map((r) => [(r.pricelist_id as [number])[0], (r.currency_id as [number])[0]]);
    });
    const expected = [[lists[0], eur], [lists[1], usd], [lists[0], eur]];
    expect(inCall).toEqual(expected);
    expect(items.browse(ids).read(['pricelist_id', 'currency_id']).map((r) => [(r.pricelist_id as [number])[0], (r.currency_id as [number])[0]])).toEqual(expected);
  });
});
