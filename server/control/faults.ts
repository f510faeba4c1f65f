/**
 * Fault injection: rules that make matching calls fail or slow down, so a client's retry and
 * timeout handling can be tested. A rule is plain data (JSON over the control routes):
 *
 *   matchers  route ('/jsonrpc', '/web/dataset/call_kw*'), service, model, method, db, uid,
 *             times (how many calls it hits, then it is spent), probability (0..1)
 *   effects   delay_ms (the answer waits; the server is free meanwhile), busy_ms (the call
 *             computes that long before it runs, keeping its worker busy, as a slow call does),
 *             error (an Odoo exception name, optional message), http_status (502/503/504 from
 *             a proxy in front of Odoo), drop (close the connection), truncate (cut the body)
 *
 * The rules live in `FaultState`, owned by the server object; `FaultBook.match()` is the one
 * place a call is matched against them.
 */
import {
  AccessDenied, AccessError, MissingError, OdooError, SerializationFailure, UserError, ValidationError,
} from '../../models/orm/exceptions';

export const FAULT_ERRORS = ['AccessDenied', 'AccessError', 'UserError', 'ValidationError', 'MissingError', 'SerializationFailure'] as const;
export type FaultErrorName = typeof FAULT_ERRORS[number];

export interface FaultRule {
  route?: string;
  service?: string;
  model?: string;
  method?: string;
  db?: string;
  uid?: number;
  times?: number;
  probability?: number;
  delay_ms?: number;
  busy_ms?: number;
  error?: FaultErrorName;
  /** The exception's message (default: Odoo's for AccessDenied and SerializationFailure, else a note naming the rule). */
  message?: string;
  http_status?: 502 | 503 | 504;
  drop?: boolean;
  truncate?: boolean;
}

/** A stored rule: its id and how many calls it hit. */
export interface StoredFault extends FaultRule {
  id: number;
  hits: number;
}

/** Plain data: what a server (or a worker given a copy) needs to match calls. */
export interface FaultState {
  next_id: number;
  rules: StoredFault[];
}

/** What is known of a call when it is matched. Page requests only have a route. */
export interface CallDescription {
  route: string;
  service?: string | null;
  model?: string | null;
  method?: string | null;
  db?: string | null;
  uid?: number | null;
}

export class FaultError extends Error {}

const MATCHERS = ['route', 'service', 'model', 'method', 'db', 'uid', 'times', 'probability'];
const EFFECTS = ['delay_ms', 'busy_ms', 'error', 'message', 'http_status', 'drop', 'truncate'];

/** Check a rule given by a client; returns it cleaned, or throws FaultError with the reason. */
export function validateRule(input: unknown): FaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new FaultError('a fault rule is an object');
  const rule = input as Record<string, unknown>;
  for (const k of Object.keys(rule)) {
    if (!MATCHERS.includes(k) && !EFFECTS.includes(k)) throw new FaultError(`unknown fault rule key ${JSON.stringify(k)}`);
  }
  for (const k of ['route', 'service', 'model', 'method', 'db', 'message']) {
    if (rule[k] !== undefined && typeof rule[k] !== 'string') throw new FaultError(`${k} must be a string`);
  }
  if (rule.uid !== undefined && !Number.isInteger(rule.uid)) throw new FaultError('uid must be an integer');
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && (rule.times as number) > 0)) throw new FaultError('times must be a positive integer');
  if (rule.probability !== undefined && !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)) {
    throw new FaultError('probability must be a number between 0 and 1');
  }
  if (rule.delay_ms !== undefined && !(typeof rule.delay_ms === 'number' && rule.delay_ms >= 0 && rule.delay_ms <= 600000)) {
    throw new FaultError('delay_ms must be a number of milliseconds between 0 and 600000');
  }
  if (rule.busy_ms !== undefined && !(typeof rule.busy_ms === 'number' && rule.busy_ms >= 0 && rule.busy_ms <= 600000)) {
    throw new FaultError('busy_ms must be a number of milliseconds between 0 and 600000');
  }
  if (rule.error !== undefined && !FAULT_ERRORS.includes(rule.error as FaultErrorName)) {
    throw new FaultError(`error must be one of ${FAULT_ERRORS.join(', ')}`);
  }
  if (rule.http_status !== undefined && ![502, 503, 504].includes(rule.http_status as number)) throw new FaultError('http_status must be 502, 503 or 504');
  for (const k of ['drop', 'truncate']) if (rule[k] !== undefined && typeof rule[k] !== 'boolean') throw new FaultError(`${k} must be true or false`);
  const answers = [rule.error !== undefined, rule.http_status !== undefined, rule.drop === true].filter(Boolean).length;
  if (answers > 1) throw new FaultError('error, http_status and drop exclude each other');
  if (!answers && !rule.truncate && rule.delay_ms === undefined && rule.busy_ms === undefined) {
    throw new FaultError('a fault rule needs an effect: delay_ms, busy_ms, error, http_status, drop or truncate');
  }
  return { ...rule } as FaultRule;
}

/** Route patterns: an exact path, or a prefix ending with '*'. */
function routeMatches(pattern: string, route: string): boolean {
  return pattern.endsWith('*') ? route.startsWith(pattern.slice(0, -1)) : pattern === route;
}

export class FaultBook {
  constructor(readonly state: FaultState = { next_id: 1, rules: [] }, protected readonly random: () => number = Math.random) {}

  get empty(): boolean { return this.state.rules.length === 0; }

  add(input: unknown): number {
    const rule = validateRule(input);
    const id = this.state.next_id++;
    this.state.rules.push({ ...rule, id, hits: 0 });
    return id;
  }

  remove(id: number): boolean {
    const i = this.state.rules.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.state.rules.splice(i, 1);
    return true;
  }

  clear(): void { this.state.rules.length = 0; }

  list(): StoredFault[] { return this.state.rules.map((r) => ({ ...r })); }

  /**
   * The first rule matching a call (counted as a hit), or null. The one place calls are matched.
   * A key the call does not have (a page request has no model) never matches a rule that names it.
   */
  match(call: CallDescription): StoredFault | null {
    for (const rule of this.state.rules) {
      if (!this.matches(rule, call)) continue;
      rule.hits++;
      return { ...rule };
    }
    return null;
  }

  /** Whether a rule (not spent yet) matches a call; `probability` draws here. */
  protected matches(rule: StoredFault, call: CallDescription): boolean {
    if (rule.times !== undefined && rule.hits >= rule.times) return false;
    if (rule.route !== undefined && !routeMatches(rule.route, call.route)) return false;
    if (rule.service !== undefined && rule.service !== call.service) return false;
    if (rule.model !== undefined && rule.model !== call.model) return false;
    if (rule.method !== undefined && rule.method !== call.method) return false;
    if (rule.db !== undefined && rule.db !== call.db) return false;
    if (rule.uid !== undefined && rule.uid !== call.uid) return false;
    if (rule.probability !== undefined && this.random() >= rule.probability) return false;
    return true;
  }
}

/** The exception a rule raises, with the message Odoo would give where it has a fixed one. */
export function faultError(rule: StoredFault): OdooError | null {
  if (!rule.error) return null;
  const note = rule.message ?? `Fault injected by odoo-emulator (rule ${rule.id})`;
  switch (rule.error) {
    case 'AccessDenied': return new AccessDenied(rule.message ?? 'Access Denied');
    case 'AccessError': return new AccessError(note);
    case 'UserError': return new UserError(note);
    case 'ValidationError': return new ValidationError(note);
    case 'MissingError': return new MissingError(rule.message ?? 'Record does not exist or has been deleted.');
    case 'SerializationFailure': return rule.message ? new SerializationFailure(rule.message) : new SerializationFailure();
  }
}

/** A proxy's error page for http_status faults (nginx's wording: what sits in front of an Odoo). */
export function gatewayPage(status: number): string {
  const title = status === 502 ? '502 Bad Gateway' : status === 503 ? '503 Service Temporarily Unavailable' : '504 Gateway Time-out';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
