/**
 * The journal: every RPC the server answered, for assertions in tests (like WireMock's request
 * verification): time, database, user, route, service/model/method, arguments with passwords
 * masked, outcome (a result or its summary, or the error's name and message) and duration.
 * Entries are plain data in `JournalState`, owned by the server object.
 */
import { StreamedList } from '../../rpc/service/streamed';

export interface JournalEntry {
  /** Increasing number, per server. */
  id: number;
  /** When the request arrived (ISO 8601, real time). */
  time: string;
  db: string | null;
  /** The user the call runs as (the uid given to execute_kw, the session's, or the one that logged in). */
  uid: number | null;
  login?: string | null;
  route: string;
  /** xmlrpc, xmlrpc-legacy, jsonrpc (the /jsonrpc service route) or json (a web JSON route). */
  protocol: 'xmlrpc' | 'xmlrpc-legacy' | 'jsonrpc' | 'json';
  service: string | null;
  model: string | null;
  method: string | null;
  args: unknown[];
  kwargs: Record<string, unknown> | null;
  outcome: 'result' | 'error' | 'fault';
  /** The result when small (JSON up to 2,000 characters), masked like the arguments. */
  result?: unknown;
  /** A summary when the result is larger: "list of 80", "dict of 12 keys", "str of 5000 characters". */
  result_summary?: string;
  error?: { name: string; message: string };
  /** The fault rule that hit the call, and what it did. */
  fault?: { id: number; effects: string[] };
  http_status: number | null;
  duration_ms: number | null;
}

/** What the server tells the journal of a call when it starts (Journal.open). */
export type JournalCallFields = Pick<JournalEntry, 'db' | 'uid' | 'login' | 'route' | 'protocol' | 'service' | 'model' | 'method' | 'args' | 'kwargs'>;

export interface JournalState {
  next_id: number;
  /**
   * The kept entries, oldest first, are those from index `first` on. Dropping the oldest one
   * empties its slot and moves `first` (an O(1) step where taking it out of the array would
   * move every other entry); the emptied slots are taken out together now and then (Journal.open).
   */
  entries: Array<JournalEntry | undefined>;
  first: number;
  /** Entries kept (older ones are dropped first). */
  limit: number;
}

/** Emptied slots are taken out of `entries` once there are this many and at least as many as kept entries. */
const COMPACT_AFTER = 1024;

export interface JournalQuery {
  db?: string;
  uid?: number;
  route?: string;
  service?: string;
  model?: string;
  method?: string;
  /** Only calls that arrived at or after this time (Date, epoch ms or ISO string). */
  since?: Date | number | string;
  outcome?: JournalEntry['outcome'];
}

/** Keys whose values are secrets wherever they appear (vals, kwargs, results). */
const SECRET_KEYS = new Set([
  'password', 'new_password', 'old_passwd', 'old_password', 'confirm_password', 'passwd', 'admin_passwd',
  'master_pwd', 'user_password', 'totp_secret', 'api_key', 'apikey',
]);
export const MASK = '********';

/** A deep copy with secret values masked. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  // a recordset (returned without @api.returns): its repr, as JSON-RPC writes it
  const record = value as { _name?: unknown; ids?: unknown; env?: unknown };
  if (typeof record._name === 'string' && Array.isArray(record.ids) && record.env) return String(value);
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  // own enumerable string keys in Object.entries' order, without its [key, value] pairs
  for (const k of Object.keys(source)) {
    const v = source[k];
    out[k] = SECRET_KEYS.has(k) && v !== false && v !== null && v !== '' ? MASK : maskSecrets(v, depth + 1);
  }
  return out;
}

/** Positional passwords of the RPC services (odoo/service/{common,model,db}.py signatures). */
export function maskServiceParams(service: string | null, method: string | null, params: unknown[]): unknown[] {
  const out = params.map((p) => maskSecrets(p));
  const hide = (i: number) => { if (i < out.length && out[i] !== false && out[i] !== null && out[i] !== '') out[i] = MASK; };
  if (service === 'common' && (method === 'login' || method === 'authenticate')) hide(2);
  else if (service === 'object') hide(2);
  else if (service === 'db' && !['list', 'db_exist', 'server_version', 'list_lang'].includes(String(method))) {
    hide(0); // the master password
    if (method === 'create_database') hide(4);
    if (method === 'change_admin_password') hide(1);
  }
  return out;
}

const RESULT_LIMIT = 2000;

/** The result itself when small, else a one-line summary. */
export function summarizeResult(result: unknown): { result?: unknown; result_summary?: string } {
  // a streamed answer (rpc/service/streamed.ts) is never small
  if (result instanceof StreamedList) return { result_summary: `list of ${result.length}` };
  // a large result (a search_read page) is summarized without being copied and written out first
  if (jsonLengthAtLeast(result, RESULT_LIMIT) > RESULT_LIMIT) return summaryOf(result);
  const masked = maskSecrets(result);
  let text: string | undefined;
  try {
    text = JSON.stringify(masked);
  } catch {
    text = undefined;
  }
  if (text !== undefined && text.length <= RESULT_LIMIT) return { result: masked === undefined ? null : masked };
  return summaryOf(result);
}

function summaryOf(result: unknown): { result_summary: string } {
  if (Array.isArray(result)) return { result_summary: `list of ${result.length}` };
  if (typeof result === 'string') return { result_summary: `str of ${result.length} characters` };
  if (result && typeof result === 'object') return { result_summary: `dict of ${Object.keys(result).length} keys` };
  return { result_summary: typeof result };
}

/**
 * A lower bound of `JSON.stringify(maskSecrets(value)).length`, counted only until it passes
 * `limit`: every string, key and literal is counted at its shortest (no escapes, one digit per
 * number, nothing for what JSON may leave out), so a bound above the limit proves the text is.
 */
export function jsonLengthAtLeast(value: unknown, limit: number, depth = 0): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string': return value.length + 2;
    case 'boolean': return 4;
    case 'number': return 1;
    case 'object': break;
    default: return 0; // undefined, functions and symbols are left out, a bigint makes stringify throw
  }
  // what maskSecrets writes in place of these is at least a pair of quotes; deeper levels are not counted
  if (depth > 20 || Buffer.isBuffer(value) || value instanceof Date) return 2;
  const record = value as { _name?: unknown; ids?: unknown; env?: unknown };
  if (typeof record._name === 'string' && Array.isArray(record.ids) && record.env) return 2;
  let n = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && n <= limit; i++) n += (i ? 1 : 0) + jsonLengthAtLeast(value[i], limit, depth + 1);
    return n;
  }
  let first = true;
  for (const k of Object.keys(value)) {
    if (n > limit) break;
    const v = (value as Record<string, unknown>)[k];
    const kind = typeof v;
    if (kind === 'undefined' || kind === 'function' || kind === 'symbol') continue;
    n += (first ? 0 : 1) + k.length + 3 + (SECRET_KEYS.has(k) ? 1 : jsonLengthAtLeast(v, limit, depth + 1));
    first = false;
  }
  return n;
}

function sinceMs(since: JournalQuery['since']): number | null {
  if (since === undefined || since === null) return null;
  if (since instanceof Date) return since.getTime();
  if (typeof since === 'number') return since;
  const t = Date.parse(since);
  return Number.isNaN(t) ? null : t;
}

/** The second last written by isoTime, and its text up to the milliseconds. */
let isoSecond = NaN;
let isoPrefix = '';

/**
 * `new Date(ms).toISOString()`, its date and time of day written once per second: a call's
 * entry only writes the milliseconds after them.
 */
export function isoTime(ms: number): string {
  const t = Math.trunc(ms); // as Date's TimeClip
  // beyond Date's range: the RangeError Date throws
  if (!(Math.abs(t) <= 8.64e15)) return new Date(ms).toISOString();
  const second = Math.floor(t / 1000);
  if (second !== isoSecond) {
    const text = new Date(second * 1000).toISOString();
    isoPrefix = text.slice(0, -4); // without "000Z"
    isoSecond = second;
  }
  const milli = t - second * 1000;
  return isoPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}

export class Journal {
  constructor(readonly state: JournalState = { next_id: 1, entries: [], first: 0, limit: 10000 }) {}

  /** Start an entry (completed in place when the answer is sent). */
  open(fields: JournalCallFields, at = Date.now()): JournalEntry {
    // the keys in the order a spread of `fields` between time and outcome gives them (readers
    // see that order); written out, as V8 copies a spread in the middle of a literal key by key
    const entry: JournalEntry = {
      id: this.state.next_id++, time: isoTime(at), db: fields.db, uid: fields.uid, login: fields.login, route: fields.route,
      protocol: fields.protocol, service: fields.service, model: fields.model, method: fields.method, args: fields.args,
      kwargs: fields.kwargs, outcome: 'result', http_status: null, duration_ms: null,
    };
    const s = this.state;
    if (s.limit <= 0) return entry;
    s.entries.push(entry);
    // the oldest entries beyond the limit (one, unless the limit was lowered) are let go
    for (let over = s.entries.length - s.first - s.limit; over > 0; over--) s.entries[s.first++] = undefined;
    // copying the kept entries down is paid for by the calls that emptied as many slots
    if (s.first >= COMPACT_AFTER && s.first >= s.entries.length - s.first) {
      s.entries.copyWithin(0, s.first);
      s.entries.length -= s.first;
      s.first = 0;
    }
    return entry;
  }

  /** The kept entries, oldest first. */
  private *kept(): Generator<JournalEntry> {
    const { entries } = this.state;
    for (let i = this.state.first; i < entries.length; i++) yield entries[i] as JournalEntry;
  }

  query(q: JournalQuery = {}): JournalEntry[] {
    const since = sinceMs(q.since);
    const out: JournalEntry[] = [];
    for (const e of this.kept()) {
      if (entryMatches(e, q) && (since === null || Date.parse(e.time) >= since)) out.push(structuredClone(e));
    }
    return out;
  }

  /** Forget entries (of one database, or all). */
  clear(db?: string): void {
    const s = this.state;
    s.entries = db === undefined ? [] : [...this.kept()].filter((e) => e.db !== db);
    s.first = 0;
  }

  /** The entry is complete (its answer is being sent): kept as it is from now on. */
  record(entry: JournalEntry): void {
    void entry; // entries of this journal live in its state from open() on
  }

  count(): number {
    return this.state.entries.length - this.state.first;
  }
}

/** Whether an entry passes a query's filters (the time filter aside). */
export function entryMatches(e: JournalEntry, q: JournalQuery): boolean {
  return (q.db === undefined || e.db === q.db)
    && (q.uid === undefined || e.uid === q.uid)
    && (q.route === undefined || e.route === q.route)
    && (q.service === undefined || e.service === q.service)
    && (q.model === undefined || e.model === q.model)
    && (q.method === undefined || e.method === q.method)
    && (q.outcome === undefined || e.outcome === q.outcome);
}

export { sinceMs };
