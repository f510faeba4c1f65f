/**
 * Fields declared index='trigram' (res.partner name, complete_name, email, ref) get an FTS5
 * trigram index that narrows like/ilike '%x%' searches; results must be exactly those of the
 * plain LIKE (Odoo semantics: '_' and '%' stay wildcards, ilike is case-insensitive). Rows are
 * indexed in batches (models/orm/trigram.ts): searches must be exact before and after.
 */
import Sqlite from 'better-sqlite3';
import { DatabaseManager } from '../../models/database';
import { TEMPLATE_DIR } from '../helpers/server';
import { DRAIN_EVERY_WRITES, drainTrigramQueues, ensureTrigramIndex, trigramCandidates } from '../../models/orm/trigram';
import { sqlDump } from '../../models/tools/odoo_dump';
import { setupConnection } from '../../models/orm/sql';

const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
const db = dbm.create('trgm', { demo: true });
const env = db.env(2);
const P = env.model('res.partner');
// what the modules' data made is indexed when they are installed: a new database's queues are empty
const queuedAtCreation = db.cr.raw("SELECT count(*) FROM res_partner__trgm_queue").map((r) => r[0]);

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

  /** Ids the index itself matches (without the queue). */
  const indexed = (text: string): number[] => db.cr.raw('SELECT rowid FROM res_partner__trgm WHERE res_partner__trgm MATCH ? ORDER BY rowid', [`name : "${text}"`]).map((r) => r[0] as number);
  const queued = (): number[] => db.cr.raw('SELECT id FROM res_partner__trgm_queue ORDER BY id').map((r) => r[0] as number);

  it('a new database starts with every row indexed', () => {
    expect(queuedAtCreation).toEqual([0]);
    expect(indexed('deco addict')).toHaveLength(1);
  });

  it('rows wait in the queue until a batch indexes them, and are found meanwhile', () => {
    db.trigramQueues.drain();
    const [id] = P.create({ name: 'Trgm Queued Kilo' }).ids;
    expect(queued()).toEqual([id]);
    expect(indexed('queued kilo')).toEqual([]);
    expect(P.search([['name', 'ilike', 'queued kilo']]).ids).toEqual([id]);
    expect(db.trigramQueues.drain()).toBe(1);
    expect(queued()).toEqual([]);
    expect(indexed('queued kilo')).toEqual([id]);
    // a change leaves a stale entry until the next batch: the LIKE decides meanwhile
    P.browse([id]).write({ name: 'Trgm Queued Lima' });
    expect(queued()).toEqual([id]);
    expect(indexed('queued kilo')).toEqual([id]);
    expect(P.search([['name', 'ilike', 'queued kilo']]).ids).toEqual([]);
    expect(P.search([['name', 'ilike', 'queued lima']]).ids).toEqual([id]);
    db.trigramQueues.drain();
    expect(indexed('queued kilo')).toEqual([]);
    expect(indexed('queued lima')).toEqual([id]);
    // an unlinked row's entry goes with the next batch
    P.browse([id]).unlink();
    expect(P.search([['name', 'ilike', 'queued lima']]).ids).toEqual([]);
    db.trigramQueues.drain();
    expect(indexed('queued lima')).toEqual([]);
    expect(queued()).toEqual([]);
  });

  it('a column the index does not cover queues nothing', () => {
    db.trigramQueues.drain();
    P.browse([ids[0]]).write({ city: 'Trgm City' });
    expect(queued()).toEqual([]);
  });

  it('every DRAIN_EVERY_WRITES committed write transactions since the last batch, the queued rows are indexed', () => {
    db.trigramQueues.drain();
    const created: number[] = [];
    for (let i = 0; i < DRAIN_EVERY_WRITES; i++) {
      db.cr.transaction(() => { created.push(db.env(2).model('res.partner').create({ name: `Trgm Batch ${i} Mike` }).ids[0]); });
      if (i === DRAIN_EVERY_WRITES - 2) expect(queued()).toEqual(created);
    }
    expect(queued()).toEqual([]);
    expect(indexed('batch 3 mike')).toEqual([created[3]]);
  });

  it('an index of an older layout (external content kept by row triggers) is rebuilt in this one', () => {
    const sqlite = new Sqlite(':memory:');
    setupConnection(sqlite);
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, ref TEXT)');
    sqlite.exec("INSERT INTO t VALUES (1, 'Old November', NULL), (2, 'Old Oscar', 'papa')");
    sqlite.exec(`CREATE VIRTUAL TABLE t__trgm USING fts5(name, ref, content="t", content_rowid='id', tokenize='trigram')`);
    sqlite.exec(`CREATE TRIGGER t__trgm_ai AFTER INSERT ON t BEGIN INSERT INTO t__trgm(rowid, name, ref) VALUES (new.id, new.name, new.ref); END`);
    sqlite.exec(`INSERT INTO t__trgm(t__trgm) VALUES ('rebuild')`);
    const cr = { exec: (q: string) => { sqlite.exec(q); }, get: <T>(q: string, p: unknown[] = []) => sqlite.prepare(q).get(...p) as T | undefined };
    ensureTrigramIndex(cr, 't', ['name', 'ref']);
    const match = (q: string) => (sqlite.prepare('SELECT rowid FROM t__trgm WHERE t__trgm MATCH ? ORDER BY rowid').all(q) as Array<{ rowid: number }>).map((r) => r.rowid);
    expect(match('name : "november"')).toEqual([1]);
    expect(match('ref : "papa"')).toEqual([2]);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 't' ORDER BY name").all()).toEqual([{ name: 't__trgm_qd' }, { name: 't__trgm_qi' }, { name: 't__trgm_qu' }]);
    sqlite.exec("INSERT INTO t VALUES (3, 'New Quebec', NULL)");
    const candidates = trigramCandidates('t.id', 't', 'name : "quebec"');
    expect(sqlite.prepare(`SELECT id FROM t WHERE ${candidates.text}`).all(...candidates.params)).toEqual([{ id: 3 }]);
    expect(drainTrigramQueues(sqlite)).toBe(1);
    expect(match('name : "quebec"')).toEqual([3]);
    // the same layout again changes nothing (no rebuild at every start)
    const before = sqlite.prepare('SELECT count(*) AS n FROM t__trgm_data').get();
    ensureTrigramIndex(cr, 't', ['name', 'ref']);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t__trgm_data').get()).toEqual(before);
    // other columns: rebuilt over those
    ensureTrigramIndex(cr, 't', ['ref']);
    expect(match('ref : "papa"')).toEqual([2]);
    expect(() => match('name : "november"')).toThrow(/no such column/);
    sqlite.close();
  });

  it('a SQL dump restores the index filled from its table, with an empty queue', () => {
    const [id] = P.create({ name: 'Trgm Dumped Romeo' }).ids;
    const copy = new Sqlite(':memory:');
    copy.exec(sqlDump(db.sqlite));
    expect(copy.prepare('SELECT rowid FROM res_partner__trgm WHERE res_partner__trgm MATCH ?').all('name : "dumped romeo"')).toEqual([{ rowid: id }]);
    expect(copy.prepare('SELECT count(*) AS n FROM res_partner__trgm_queue').get()).toEqual({ n: 0 });
    copy.close();
  });
});

