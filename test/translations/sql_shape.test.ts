/**
 * How translated fields reach SQLite: the value of the context's language (en_US as fallback) is
 * extracted in SQL, so search_read still finds and reads its records in one statement; the
 * column holds one JSON object per record, en_US first written by the data files.
 */
import type { Database } from '../../models/database';
import { demoDb, statementsOf } from '../models/orm_helpers';
import { translatedSql } from '../../models/orm/translate';

let db: Database;

beforeAll(() => {
  db = demoDb();
  db.cr.transaction(() => {
    db.env(2).model('res.lang').withContext({ active_test: false }).search([['code', '=', 'fr_FR']]).toggle_active();
  });
});

afterEach(() => { jest.restoreAllMocks(); });

/** SQL statements run by `fn`. */
function statements(fn: () => unknown): string[] {
  return statementsOf(db, fn);
}

test('data files store en_US values; installing fr_FR adds the ICU names', () => {
  const row = db.cr.get<{ name: string }>("SELECT name FROM res_country WHERE code = 'DE'")!;
  expect(JSON.parse(row.name)).toEqual({ en_US: 'Germany', fr_FR: 'Allemagne' });
  const title = db.cr.get<{ name: string }>('SELECT name FROM res_partner_title WHERE id = 3')!;
  expect(JSON.parse(title.name)).toEqual({ en_US: 'Mister' });
});

test('search_read in fr_FR: one statement, the value extracted with the en_US fallback', () => {
  const env = db.env(2, { lang: 'fr_FR' });
  let rows: unknown;
  const sql = statements(() => { rows = env.model('res.country').search_read([['name', 'ilike', 'allem']], ['name', 'code']); });
  expect(rows).toEqual([{ id: 57, name: 'Allemagne', code: 'DE' }]);
  const selects = sql.filter((s) => s.includes('FROM "res_country"'));
  expect(selects).toHaveLength(1);
  expect(selects[0]).toContain(`COALESCE(json_extract("res_country"."name", '$."fr_FR"'), json_extract("res_country"."name", '$."en_US"'))`);
});

test('en_US reads extract en_US only; an inactive language reads en_US', () => {
  expect(translatedSql('"t"."name"', { lang: null })).toBe(`json_extract("t"."name", '$."en_US"')`);
  expect(db.env(2, { lang: 'de_DE' }).lang).toBe(null);
  expect(db.env(2, { lang: 'fr_FR' }).lang).toBe('fr_FR');
  expect(db.env(2, { lang: "fr_FR'; --" }).lang).toBe(null);
  expect(db.env(2, { lang: 'de_DE' }).model('res.country').browse([57]).read(['name'])).toEqual([{ id: 57, name: 'Germany' }]);
});

test('a write in fr_FR merges into the stored object, keeping en_US', () => {
  db.cr.transaction(() => {
    const env = db.env(2, { lang: 'fr_FR' });
    env.model('res.partner.title').browse([3]).write({ name: 'Monsieur' });
  });
  const title = db.cr.get<{ name: string }>('SELECT name FROM res_partner_title WHERE id = 3')!;
  expect(JSON.parse(title.name)).toEqual({ en_US: 'Mister', fr_FR: 'Monsieur' });
  expect(db.env(2).model('res.partner.title').name_search('Monsieur')).toEqual([]);
  expect(db.env(2, { lang: 'fr_FR' }).model('res.partner.title').name_search('Monsieur')).toEqual([[3, 'Monsieur']]);
});
