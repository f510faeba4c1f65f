/**
 * Web sessions, stored in SQLite (a sessions.sqlite file in the data directory, or in memory) so
 * they survive a restart. Like Odoo 17: a 40-hex sid in the `session_id` cookie, 7 days of
 * inactivity lifetime, rotation on login and logout.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import Sqlite from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';

export const SESSION_LIFETIME = 7 * 24 * 3600;

/** What a session holds (Odoo's Session keys). */
export interface SessionData {
  db: string | null;
  uid: number | null;
  login: string | null;
  context: Record<string, unknown>;
  /** Half-done 2FA login: the user who gave a correct password. */
  pre_uid?: number | null;
  pre_login?: string | null;
  /** Where to go after the second factor. */
  pre_redirect?: string | null;
  /** Secret for CSRF tokens. */
  csrf_secret?: string;
  /** Identity check done (res.users.identitycheck): epoch seconds. */
  identity_check_last?: number;
  /** Anything else routes need to keep (e.g. flash messages). */
  [key: string]: unknown;
}

export class Session {
  dirty = false;
  isNew: boolean;
  /** Set when the sid changed during the request and the cookie must be (re)sent. */
  rotated = false;

  /** A new session's id is drawn when first needed: most RPC requests never store theirs. */
  private sidValue: string | null;

  constructor(sid: string | null, public data: SessionData, isNew: boolean) {
    this.sidValue = sid;
    this.isNew = isNew;
  }

  get sid(): string { return this.sidValue ??= newSid(); }
  set sid(sid: string) { this.sidValue = sid; }

  get uid(): number | null { return this.data.uid; }
  get db(): string | null { return this.data.db; }

  set<K extends keyof SessionData>(key: K, value: SessionData[K]): void {
    this.data[key] = value;
    this.dirty = true;
  }

  /** Login/logout give the session a new id (session fixation protection). */
  rotate(): void {
    this.sid = newSid();
    this.rotated = true;
    this.dirty = true;
  }

  /** Odoo's session.logout(keep_db) */
  logout(keepDb: boolean): void {
    const db = this.data.db;
    this.data = emptySession();
    if (keepDb) this.data.db = db;
    this.rotate();
  }

  /** A CSRF token valid for this session (HMAC of an expiry), as Odoo's csrf_token(). */
  csrfToken(): string {
    if (!this.data.csrf_secret) this.set('csrf_secret', crypto.randomBytes(20).toString('hex'));
    const max = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;
    const hm = crypto.createHmac('sha1', this.data.csrf_secret!).update(`${this.sid}${max}`).digest('hex');
    return `${hm}o${max}`;
  }

  validateCsrf(token: unknown): boolean {
    if (typeof token !== 'string' || !this.data.csrf_secret) return false;
    const [hm, maxStr] = token.split('o');
    const max = Number(maxStr);
    if (!hm || !Number.isFinite(max) || max < Date.now() / 1000) return false;
    const expected = crypto.createHmac('sha1', this.data.csrf_secret).update(`${this.sid}${max}`).digest('hex');
    return hm.length === expected.length && crypto.timingSafeEqual(Buffer.from(hm), Buffer.from(expected));
  }
}

export function emptySession(): SessionData {
  return { db: null, uid: null, login: null, context: {} };
}

export function newSid(): string {
  return crypto.randomBytes(20).toString('hex');
}

/**
 * drizzle-orm and the sessions table, loaded on the first session query rather than at start-up
 * (loading the query builder costs ~25 ms, a tenth of an in-memory instance's start-up, and a
 * server answering only XML-RPC never needs it).
 */
function sessionsSchema(sqlite: Sqlite.Database) {
  const { sql } = require('drizzle-orm') as typeof import('drizzle-orm');
  const { drizzle } = require('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
  const { sqliteTable, text, real } = require('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
  const sessions = sqliteTable('sessions', {
    sid: text('sid').primaryKey(),
    data: text('data').notNull(),
    updated: real('updated').notNull(),
  });
  return { sql, sessions, orm: drizzle(sqlite) as BetterSQLite3Database };
}

export class SessionStore {
  private sqlite: Sqlite.Database;
  private schema: ReturnType<typeof sessionsSchema> | null = null;
  private get q(): ReturnType<typeof sessionsSchema> { return this.schema ??= sessionsSchema(this.sqlite); }

  constructor(dataDir: string | null) {
    if (dataDir) fs.mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
    this.sqlite = new Sqlite(dataDir ? path.join(dataDir, 'sessions', 'sessions.sqlite') : ':memory:');
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.exec('CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)');
    this.dataVersion = this.sqlite.prepare('PRAGMA data_version').pluck();
  }

  /** Changes committed by other processes of a worker pool (a logout there) empty the memory cache. */
  private readonly dataVersion: Sqlite.Statement;
  private seenVersion = -1;

  private forgetOthersChanges(): void {
    const v = this.dataVersion.get() as number;
    if (v !== this.seenVersion) {
      this.seenVersion = v;
      this.recent.clear();
    }
  }

  /**
   * Sessions read recently are kept in memory (every request loads its session); the table
   * stays the source of truth, every change is written through, and a change committed by
   * another process empties the cache (forgetOthersChanges).
   */
  private recent = new Map<string, { data: string; updated: number }>();

  private remember(sid: string, row: { data: string; updated: number }): void {
    if (this.recent.size >= 10000) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(sid, row);
  }

  /**
   * The time of a session's database in epoch ms (models/tools/clock.ts: a moved clock expires
   * sessions too); `earliest` is the earliest time any database may be at (for the vacuum).
   */
  clock: { now(db: string | null): number; earliest(): number } = { now: () => Date.now(), earliest: () => Date.now() };

  /** The session of a cookie value, or a new one (not stored until it changes). */
  load(sid: string | undefined): Session {
    if (sid && /^[0-9a-f]{40}$/.test(sid)) {
      this.forgetOthersChanges();
      const row = this.recent.get(sid) ?? this.stored(sid);
      const data = row ? JSON.parse(row.data) as SessionData : null;
      if (row && data && this.clock.now(data.db) / 1000 - row.updated < SESSION_LIFETIME) {
        this.remember(sid, { data: row.data, updated: row.updated });
        return new Session(sid, data, false);
      }
      this.recent.delete(sid);
    }
    return new Session(null, emptySession(), true);
  }

  private stored(sid: string): { data: string; updated: number } | undefined {
    const { orm, sessions, sql } = this.q;
    return orm.select().from(sessions).where(sql`${sessions.sid} = ${sid}`).get();
  }

  save(session: Session, oldSid?: string): void {
    const { orm, sessions, sql } = this.q;
    const now = this.clock.now(session.db) / 1000;
    if (oldSid && oldSid !== session.sid) {
      orm.delete(sessions).where(sql`${sessions.sid} = ${oldSid}`).run();
      this.recent.delete(oldSid);
    }
    this.remember(session.sid, { data: JSON.stringify(session.data), updated: now });
    orm.insert(sessions).values({ sid: session.sid, data: JSON.stringify(session.data), updated: now })
      .onConflictDoUpdate({ target: sessions.sid, set: { data: JSON.stringify(session.data), updated: now } }).run();
    session.dirty = false;
  }

  /** Keep an active session alive without rewriting its data. */
  touch(session: Session): void {
    const { orm, sessions, sql } = this.q;
    orm.update(sessions).set({ updated: this.clock.now(session.db) / 1000 }).where(sql`${sessions.sid} = ${session.sid}`).run();
    this.recent.delete(session.sid);
  }

  /** Drop every session of a user except `keepSid` ("log out from all devices"). */
  deleteUserSessions(db: string, uid: number, keepSid?: string): void {
    const { orm, sessions, sql } = this.q;
    const rows = orm.select().from(sessions).all();
    for (const r of rows) {
      const d = JSON.parse(r.data) as SessionData;
      if (d.db === db && (d.uid === uid || d.pre_uid === uid) && r.sid !== keepSid) {
        orm.delete(sessions).where(sql`${sessions.sid} = ${r.sid}`).run();
        this.recent.delete(r.sid);
      }
    }
  }

  /** Remove expired sessions (run at start-up and periodically). */
  vacuum(): void {
    this.recent.clear();
    // an empty store (a new in-memory one) has nothing to remove: the query builder stays unloaded
    if (!this.schema && !this.sqlite.prepare('SELECT 1 FROM sessions LIMIT 1').get()) return;
    const { orm, sessions, sql } = this.q;
    orm.delete(sessions).where(sql`${sessions.updated} < ${this.clock.earliest() / 1000 - SESSION_LIFETIME}`).run();
  }

  close(): void { this.sqlite.close(); }
}
