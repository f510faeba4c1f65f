/**
 * What the ORM builds once and reuses (stop 23, generic machinery): the compiled record-rule
 * condition of a rule check (kept across calls while the tables its compilation read are
 * unchanged), the SQL of a model's default order (per class, alias and language), and the
 * formatted current second (utcDatetime, dateInZone). These tests pin that each follows what
 * it was built from: a write, a rollback, another language, another second or time zone.
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { defaultOrderSql } from '../../models/orm/order';
import { dateInZone, utcDate, utcDatetime } from '../../models/tools/clock';
import { demoDb } from './orm_helpers';

let db: Database;
let portalUid: number;
let portalPartner: number;

beforeAll(() => {
  db = demoDb();
  const row = db.cr.get<{ id: number; partner_id: number }>("SELECT id, partner_id FROM res_users WHERE login = 'portal'")!;
  portalUid = row.id;
  portalPartner = row.partner_id;
});

const call = (uid: number, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
  callKw(db, uid, model, method, args, kwargs, { unknownModel: 'user_error' });

/** The name the portal user reads, or the error's name. */
function portalRead(id: number): string {
  try {
    const [rec] = call(portalUid, 'res.partner', 'read', [[id], ['name']]) as Array<{ name: string }>;
    return rec.name;
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

describe('rule checks of given ids reuse their compiled condition', () => {
  // portal's rule on res.partner: [('id', 'child_of', user.commercial_partner_id.id)]; child_of
  // is expanded while compiling, from res_partner: a kept compilation must follow its writes
  it('a contact moved under the portal partner becomes readable, and moved away, refused again', () => {
    const other = call(2, 'res.partner', 'create', [{ name: 'KC moving contact' }]) as number;
    expect(portalRead(other)).toBe('AccessError');
    expect(portalRead(other)).toBe('AccessError');
    call(2, 'res.partner', 'write', [[other], { parent_id: portalPartner }]);
    expect(portalRead(other)).toBe('KC moving contact');
    // the call's context is not the compilation's: another one reuses it and reads the same
    expect(call(portalUid, 'res.partner', 'read', [[other], ['name']], { context: { active_ids: [other], active_test: false } }))
      .toEqual([{ id: other, name: 'KC moving contact' }]);
    call(2, 'res.partner', 'write', [[other], { parent_id: false }]);
    expect(portalRead(other)).toBe('AccessError');
  });

  it('a rolled back move leaves the contact refused', () => {
    const other = call(2, 'res.partner', 'create', [{ name: 'KC rolled back contact' }]) as number;
    expect(portalRead(other)).toBe('AccessError');
    expect(() => db.cr.transaction(() => {
      db.env(2).model('res.partner').browse([other]).write({ parent_id: portalPartner });
      expect(db.env(portalUid).model('res.partner').browse([other]).read(['name'])).toEqual([{ id: other, name: 'KC rolled back contact' }]);
      throw new Error('roll back');
    })).toThrow('roll back');
    expect(portalRead(other)).toBe('AccessError');
  });

  it('each user gets their own rules', () => {
    const child = call(2, 'res.partner', 'create', [{ name: 'KC portal child', parent_id: portalPartner }]) as number;
    expect(portalRead(child)).toBe('KC portal child');
    // the internal demo user reads every contact
    const demo = db.cr.get<{ id: number }>("SELECT id FROM res_users WHERE login = 'demo'")!.id;
    expect(call(demo, 'res.partner', 'read', [[child], ['name']])).toEqual([{ id: child, name: 'KC portal child' }]);
    expect(portalRead(child)).toBe('KC portal child');
  });
});

describe("a model's default order SQL", () => {
  it('is built per language for translated order columns, and per alias', () => {
    // res.country orders by name, a translated field: its value is read in the reader's language
    const env = db.env(2);
    const en = defaultOrderSql(env.model('res.country'), 'c').sql.text;
    expect(defaultOrderSql(env.model('res.country'), 'c').sql.text).toBe(en);
    expect(defaultOrderSql(env.model('res.country'), 'x').sql.text).toBe(en.replace(/"c"/g, '"x"'));
    expect(db.cr.get("SELECT code FROM res_lang WHERE code = 'fr_FR'")).toEqual({ code: 'fr_FR' });
    expect(() => db.cr.transaction(() => {
      db.cr.run("UPDATE res_lang SET active = 1 WHERE code = 'fr_FR'");
      const fr = defaultOrderSql(db.env(2, { lang: 'fr_FR' }).model('res.country'), 'c').sql.text;
      expect(fr).not.toBe(en);
      expect(fr).toContain('fr_FR');
      // an inactive language reads en_US: the same text as without one
      expect(defaultOrderSql(db.env(2, { lang: 'de_DE' }).model('res.country'), 'c').sql.text).toBe(en);
      throw new Error('roll back');
    })).toThrow('roll back');
  });
});

describe('the formatted current second', () => {
  it('follows each second and each time zone', () => {
    const base = Date.UTC(2026, 11, 31, 22, 59, 58, 500);
    for (let ms = base; ms < base + 4000; ms += 250) {
      const iso = new Date(ms).toISOString();
      expect(utcDatetime(ms)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
      expect(utcDate(ms)).toBe(iso.slice(0, 10));
      // Brussels is UTC+1 in winter: its new year starts at 23:00 UTC
      expect(dateInZone(ms, 'Europe/Brussels')).toBe(ms < Date.UTC(2026, 11, 31, 23) ? '2026-12-31' : '2027-01-01');
      expect(dateInZone(ms, 'UTC')).toBe(iso.slice(0, 10));
      expect(dateInZone(ms, 'Not/AZone')).toBe(iso.slice(0, 10));
    }
    // going back in time is a new second too
    expect(utcDatetime(base - 60000)).toBe('2026-12-31 22:58:58');
  });
});
