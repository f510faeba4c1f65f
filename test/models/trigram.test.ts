/**
 * Fields declared index='trigram' (res.partner name, complete_name, email, ref) get an FTS5
 * trigram index that narrows like/ilike '%x%' searches; results must be exactly those of the
 * plain LIKE (Odoo semantics: '_' and '%' stay wildcards, ilike is case-insensitive).
 */
import { DatabaseManager } from '../../models/database';
import { TEMPLATE_DIR } from '../helpers/server';

const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
const db = dbm.create('trgm', { demo: true });
const env = db.env(2);
const P = env.model('res.partner');

const names = ['Trgm Alpha Bravo', 'trgm alpha bravo', 'TRGM ALPHAxBRAVO', 'Trgm Élodie Ärger', 'Trgm ab', 'Trgm "quoted" name'];
const ids: number[] = names.map((name) => P.create({ name, email: `${name.replace(/\W/g, '.')}@example.com` }).ids[0]);

/** The same search without the prefilter: compare against a LIKE over all rows. */
function reference(op: 'like' | 'ilike', value: string): number[] {
  const sqlOp = op === 'like' ? 'LIKE' : 'LIKE';
  const expr = op === 'ilike' ? 'py_lower(name) LIKE py_lower(?)' : `name ${sqlOp} ?`;
  return db.cr.raw(`SELECT id FROM res_partner WHERE id IN (${ids.join(',')}) AND ${expr} ORDER BY id`, [`%${value}%`]).map((r) => r[0] as number);
}

function search(op: string, value: string): number[] {
  return P.search([['id', 'in', ids], ['name', op, value]], 0, null, 'id').ids;
}

describe('trigram-indexed like/ilike', () => {
  it.each([
    ['ilike', 'alpha bravo'], ['ilike', 'ALPHA'], ['like', 'alpha'], ['like', 'Alpha'], ['ilike', 'alpha_bravo'],
    ['ilike', 'trgm%bravo'], ['ilike', 'élodie'], ['ilike', 'ab'], ['ilike', '"quoted"'], ['ilike', 'zzz-nothing'],
  ] as const)('%s %p gives the same records as a plain LIKE', (op, value) => {
    expect(search(op, value)).toEqual(reference(op, value));
  });

  it('case-insensitive matches are found through the index (ASCII)', () => {
    expect(search('ilike', 'ALPHA BRAVO')).toEqual([ids[0], ids[1]]);
    expect(search('like', 'alpha bravo')).toEqual([ids[1]]);
  });

  it('the index is kept in sync on write and unlink', () => {
    const [id] = P.create({ name: 'Trgm Sync Before' }).ids;
    expect(P.search([['name', 'ilike', 'sync before']]).ids).toEqual([id]);
    P.browse([id]).write({ name: 'Trgm Sync After' });
    expect(P.search([['name', 'ilike', 'sync before']]).ids).toEqual([]);
    expect(P.search([['name', 'ilike', 'sync after']]).ids).toEqual([id]);
    P.browse([id]).unlink();
    expect(P.search([['name', 'ilike', 'sync after']]).ids).toEqual([]);
  });

  it('the query uses the FTS table for 3+ character ASCII patterns only', () => {
    const sql = P._searchSql([['name', 'ilike', 'bravo']], {});
    expect(sql.text).toContain('res_partner__trgm');
    expect(sql.params).toContain('name : "bravo"');
    expect(P._searchSql([['name', 'ilike', 'ab']], {}).text).not.toContain('__trgm');
    expect(P._searchSql([['name', 'ilike', 'élo']], {}).text).not.toContain('__trgm');
    expect(P._searchSql([['name', 'not ilike', 'bravo']], {}).text).not.toContain('__trgm');
    const plan = db.cr.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.text}`, sql.params).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/res_partner__trgm VIRTUAL TABLE INDEX/);
  });
});
