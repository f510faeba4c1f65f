/**
 * Time as the emulator sees it. Every date the ORM writes or compares (create/write dates,
 * fields.Date.today, token and trusted-device expiry, cooldowns, vacuums) is read from the
 * clock of the database's cursor (`cr.clock`), never from `Date.now()`: a test can move one
 * database's time without touching another's, and two servers in one process stay independent.
 *
 * The settings are plain data (`ClockSettings`, JSON-serializable) owned by the server object;
 * `ServerClock.now(db)` is the single place a call reads "the current time of this database",
 * so that another thread given the same settings computes the same time.
 */

/** What the ORM needs: the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** One database's clock: shifted by `offset_ms`, or stopped at `frozen_at` (epoch ms). */
export interface ClockSetting {
  offset_ms: number;
  frozen_at: number | null;
}

/** Clock settings per database name; databases without an entry run on the system clock. */
export type ClockSettings = Record<string, ClockSetting>;

export class ServerClock {
  constructor(readonly settings: ClockSettings = {}, private readonly system: () => number = Date.now) {}

  /** The current time of database `db` (epoch ms): the one place every call reads it. */
  now(db: string): number {
    const s = Object.prototype.hasOwnProperty.call(this.settings, db) ? this.settings[db] : undefined;
    if (!s) return this.system();
    return s.frozen_at !== null ? s.frozen_at : this.system() + s.offset_ms;
  }

  /** A Clock bound to one database (what its cursor carries). */
  forDb(db: string): Clock {
    return { now: () => this.now(db) };
  }

  /** Move `db` to `at`; it keeps running from there unless `freeze`. */
  set(db: string, at: number, freeze = false): void {
    this.settings[db] = freeze ? { offset_ms: 0, frozen_at: at } : { offset_ms: at - this.system(), frozen_at: null };
  }

  /** Move `db` forward (or back, with a negative value) by `ms`. */
  advance(db: string, ms: number): void {
    const s = this.settings[db] ?? { offset_ms: 0, frozen_at: null };
    this.settings[db] = s.frozen_at !== null ? { offset_ms: 0, frozen_at: s.frozen_at + ms } : { offset_ms: s.offset_ms + ms, frozen_at: null };
  }

  /** Back to the system time, for one database or all of them. */
  reset(db?: string): void {
    if (db === undefined) for (const k of Object.keys(this.settings)) delete this.settings[k];
    else delete this.settings[db];
  }

  /** The earliest time any database may be at (session vacuum must not outrun a clock set back). */
  earliest(): number {
    return Math.min(this.system(), ...Object.keys(this.settings).map((db) => this.now(db)));
  }
}

/**
 * The last second formatted (epoch seconds → text): the dates of one call fall in the same
 * second, and formatting a Date costs far more than comparing a number.
 */
let lastSecond = NaN;
let lastDatetime = '';

/** 'YYYY-MM-DD HH:MM:SS' in UTC, as Odoo stores datetimes. */
export function utcDatetime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastDatetime = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    lastSecond = second;
  }
  return lastDatetime;
}

/** 'YYYY-MM-DD' in UTC (fields.Date.today()). */
export function utcDate(ms: number): string {
  return utcDatetime(ms).slice(0, 10);
}

/**
 * One date formatter per time zone (creating one costs far more than formatting; null: unknown
 * zone), with the last second it formatted: a zone's offsets are whole seconds, so the date is
 * the same all through a second.
 */
const zoneFormatters = new Map<string, { format: Intl.DateTimeFormat; second: number; date: string } | null>();

/** 'YYYY-MM-DD' in a time zone (fields.Date.context_today with the user's tz); UTC for an unknown zone. */
export function dateInZone(ms: number, tz: string | null | undefined): string {
  if (!tz) return utcDate(ms);
  let zone = zoneFormatters.get(tz);
  if (zone === undefined) {
    try {
      // en-CA formats dates as YYYY-MM-DD
      zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }), second: NaN, date: '' };
    } catch {
      zone = null;
    }
    if (zoneFormatters.size < 1000) zoneFormatters.set(tz, zone);
  }
  if (!zone) return utcDate(ms);
  const second = Math.floor(ms / 1000);
  if (second !== zone.second) {
    zone.date = zone.format.format(new Date(ms));
    zone.second = second;
  }
  return zone.date;
}
