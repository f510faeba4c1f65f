/**
 * The journal keeps its last `limit` entries (server/control/journal.ts): dropping the oldest one
 * is a constant-time step (an emptied slot, the emptied slots taken out now and then). These
 * checks compare every reader (query with each filter and `since`, count, clear, a limit change)
 * with a plain list that keeps the same last entries, past several take-outs of emptied slots.
 */
import { Journal, isoTime, maskSecrets, type JournalEntry, type JournalState } from '../../server/control/journal';
import { serviceCall } from '../../server/control/calls';

type Fields = Parameters<Journal['open']>[0];

function fields(i: number): Fields {
  return {
    db: i % 3 === 0 ? 'a' : 'b', uid: i % 5, login: null, route: '/jsonrpc', protocol: 'jsonrpc', service: 'object',
    model: i % 2 ? 'res.partner' : 'sale.order', method: i % 7 ? 'read' : 'write', args: [[i], { n: i }], kwargs: null,
  };
}

/** A journal and the list of what it must hold, fed the same calls. */
function pair(limit: number) {
  const state: JournalState = { next_id: 1, entries: [], first: 0, limit };
  const journal = new Journal(state);
  let expected: JournalEntry[] = [];
  let n = 0;
  const add = (count: number, at = (i: number) => Date.UTC(2024, 0, 1) + i * 1000) => {
    for (let k = 0; k < count; k++, n++) {
      const e = journal.open(fields(n), at(n));
      e.http_status = 200;
      journal.record(e);
      if (state.limit > 0) expected = [...expected, e].slice(-state.limit);
    }
  };
  return { state, journal, add, expected: () => expected, setExpected: (e: JournalEntry[]) => { expected = e; } };
}

/** What the journal's array holds beyond its kept entries (dropped entries must not stay reachable). */
function retained(state: JournalState): number {
  return state.entries.filter((e) => e !== undefined).length;
}

describe('journal: the last entries', () => {
  it('keeps exactly the last `limit` entries, oldest first, through many drops', () => {
    const j = pair(1000);
    for (const batch of [10, 990, 1, 1, 2500, 3, 4000, 17]) {
      j.add(batch);
      const all = j.journal.query();
      expect(all.map((e) => e.id)).toEqual(j.expected().map((e) => e.id));
      expect(j.journal.count()).toBe(j.expected().length);
      expect(retained(j.state)).toBe(j.expected().length);
    }
    // ids are consecutive: nothing skipped, nothing repeated
    const ids = j.journal.query().map((e) => e.id);
    expect(ids).toHaveLength(1000);
    expect(ids[999] - ids[0]).toBe(999);
  });

  it('answers every filter and `since` as the list of kept entries does', () => {
    const j = pair(500);
    j.add(1777);
    const exp = j.expected();
    const t = (e: JournalEntry) => Date.parse(e.time);
    const since = t(exp[321]);
    const cases: Array<[Parameters<Journal['query']>[0], (e: JournalEntry) => boolean]> = [
      [{ db: 'a' }, (e) => e.db === 'a'],
      [{ uid: 3 }, (e) => e.uid === 3],
      [{ model: 'res.partner', method: 'write' }, (e) => e.model === 'res.partner' && e.method === 'write'],
      [{ since }, (e) => t(e) >= since],
      [{ since: new Date(since).toISOString(), db: 'b' }, (e) => t(e) >= since && e.db === 'b'],
      [{ outcome: 'error' }, () => false],
    ];
    for (const [q, keep] of cases) expect(j.journal.query(q)).toEqual(exp.filter(keep));
  });

  it('gives copies: changing an answer changes nothing kept', () => {
    const j = pair(10);
    j.add(25);
    const [first] = j.journal.query();
    (first.args[1] as { n: number }).n = -1;
    expect(j.journal.query()[0]).toEqual(j.expected()[0]);
  });

  it('clear(db) keeps the other database\'s entries in order, and dropping goes on from there', () => {
    const j = pair(300);
    j.add(1234);
    j.journal.clear('a');
    j.setExpected(j.expected().filter((e) => e.db !== 'a'));
    expect(j.journal.query()).toEqual(j.expected());
    j.add(650);
    expect(j.journal.query().map((e) => e.id)).toEqual(j.expected().map((e) => e.id));
    expect(retained(j.state)).toBe(300);
    j.journal.clear();
    expect(j.journal.count()).toBe(0);
    expect(j.journal.query()).toEqual([]);
    j.setExpected([]);
    j.add(5);
    expect(j.journal.query().map((e) => e.id)).toEqual(j.expected().map((e) => e.id));
  });

  it('follows a change of the limit at the next call', () => {
    const j = pair(2000);
    j.add(2600);
    j.state.limit = 7;
    j.add(1);
    expect(j.journal.query().map((e) => e.id)).toEqual(j.expected().map((e) => e.id));
    expect(retained(j.state)).toBe(7);
    j.add(3000);
    expect(j.journal.count()).toBe(7);
    expect(retained(j.state)).toBe(7);
    j.state.limit = 50;
    j.add(20);
    expect(j.journal.query().map((e) => e.id)).toEqual(j.expected().map((e) => e.id));
    expect(j.journal.count()).toBe(27);
    // no limit: nothing more is kept, what was kept stays
    j.state.limit = 0;
    const before = j.journal.query();
    j.add(3);
    expect(j.journal.query()).toEqual(before);
  });

  it('shows an entry from the moment its call starts, completed in place', () => {
    const j = pair(3);
    j.add(5);
    const open = j.journal.open(fields(99));
    expect(j.journal.query().at(-1)).toMatchObject({ id: open.id, http_status: null });
    open.http_status = 500;
    expect(j.journal.query().at(-1)).toMatchObject({ id: open.id, http_status: 500 });
    expect(j.journal.count()).toBe(3);
  });
});

describe('journal: what an entry holds', () => {
  it('writes the time as Date.toISOString does, for any millisecond', () => {
    const at = [0, 1, 999, 1000, -1, -999, -1000, -1001, 1.5, -1.5, 999.9, Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1), 253402300799999, 253402300800000, -62167219200000, -62167219200001, 8.64e15, -8.64e15];
    // consecutive calls in one second, then across seconds, in both directions
    for (let t = Date.UTC(2026, 11, 7, 4, 0, 0) - 1500; t < Date.UTC(2026, 11, 7, 4, 0, 0) + 2500; t += 7) at.push(t);
    for (let t = 5000; t > -5000; t -= 13) at.push(t);
    for (const ms of at) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    for (const bad of [NaN, Infinity, 8.64e15 + 1]) expect(() => isoTime(bad)).toThrow(RangeError);
  });

  it('gives an entry the keys of the call in the order readers have always seen', () => {
    const j = new Journal();
    const e = j.open({ db: 'd', uid: 2, login: undefined, route: '/jsonrpc', protocol: 'jsonrpc', service: 'object', model: 'm', method: 'read', args: [], kwargs: null }, 0);
    expect(Object.keys(e)).toEqual(['id', 'time', 'db', 'uid', 'login', 'route', 'protocol', 'service', 'model', 'method', 'args', 'kwargs', 'outcome', 'http_status', 'duration_ms']);
    expect(j.query()[0]).toHaveProperty('login', undefined);
  });

  it('masks a copy of own keys only, in their order', () => {
    const proto = { inherited: 1 };
    const value = Object.assign(Object.create(proto), { b: 1, 2: 'two', a: { password: 'x', passwd: '' }, 1: [new Date(0)] });
    const masked = maskSecrets(value) as Record<string, unknown>;
    expect(Object.keys(masked)).toEqual(['1', '2', 'b', 'a']);
    expect(masked).toEqual({ 1: ['1970-01-01T00:00:00.000Z'], 2: 'two', b: 1, a: { password: '********', passwd: '' } });
    expect('inherited' in masked).toBe(false);
  });
});

describe('journal: how a service call is described', () => {
  it('an object call by its model method\'s masked arguments, other calls by their masked parameters', () => {
    const vals = { name: 'x', password: 'S3cret!', child: { new_password: 'p2' } };
    const kw = serviceCall('/jsonrpc', 'jsonrpc', 'object', 'execute_kw', ['db1', '2', 'pw', 'res.users', 'create', [vals], { context: { api_key: 'k' } }]);
    expect(kw).toMatchObject({ db: 'db1', uid: 2, model: 'res.users', method: 'create', service: 'object' });
    expect(kw.args).toEqual([{ name: 'x', password: '********', child: { new_password: '********' } }]);
    expect(kw.kwargs).toEqual({ context: { api_key: '********' } });
    expect(kw.args[0]).not.toBe(vals);
    const ex = serviceCall('/xmlrpc/2/object', 'xmlrpc', 'object', 'execute', ['db1', 2, 'pw', 'res.users', 'write', [1], { password: 'S3cret!' }]);
    expect(ex.args).toEqual([[1], { password: '********' }]);
    expect(ex.kwargs).toBeNull();
    const login = serviceCall('/jsonrpc', 'jsonrpc', 'common', 'login', ['db1', 'admin', 'admin']);
    expect(login.args).toEqual(['db1', 'admin', '********']);
    const other = serviceCall('/jsonrpc', 'jsonrpc', 'object', 'other', ['db1', 2, 'pw', { password: 'x' }]);
    expect(other.args).toEqual(['db1', 2, '********', { password: '********' }]);
  });
});
