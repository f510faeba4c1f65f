/**
 * Odoo-style log lines: "2024-01-01 10:00:00,123 4242 INFO db logger: message".
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'critical';
const ORDER: Record<string, number> = { debug: 10, debug_rpc: 10, debug_sql: 10, info: 20, warn: 30, warning: 30, error: 40, critical: 50 };
let threshold = 20;

export function setLogLevel(level: string): void {
  threshold = ORDER[level] ?? 20;
}

/** The current level's name (handed to worker threads). */
export function currentLogLevel(): string {
  return Object.keys(ORDER).find((k) => ORDER[k] === threshold) ?? 'info';
}

/**
 * The texts of the current second (UTC), made once per second rather than once per line: a
 * busy server writes a request line, and often another, every millisecond or so.
 */
let second = NaN;
let secondStamp = '';
let secondHttpDate = '';
function atSecond(now: number): void {
  const s = Math.floor(now / 1000);
  if (s === second) return;
  second = s;
  const d = new Date(s * 1000);
  secondStamp = d.toISOString().slice(0, 19).replace('T', ' ');
  secondHttpDate = d.toUTCString();
}

/** "2024-01-01 10:00:00,123" (UTC), Odoo's log time format. */
function stamp(): string {
  const now = Date.now();
  atSecond(now);
  const ms = now % 1000;
  return `${secondStamp},${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

/** The current time as an HTTP date ("Mon, 01 Jan 2024 10:00:00 GMT"), werkzeug's request line format. */
function httpDate(): string {
  atSecond(Date.now());
  return secondHttpDate;
}

type LogSink = (level: LogLevel, logger: string, message: string, db: string) => void;
const sinks = new Set<LogSink>();

/** Also hand every log line (whatever the level) to `sink` until the returned function is called. */
export function addLogSink(sink: LogSink): () => void {
  sinks.add(sink);
  return () => { sinks.delete(sink); };
}

/** `pid`: the process the line is about (a pool's primary logs for its workers, as Odoo's does). */
export function log(level: LogLevel, logger: string, message: string, db = '?', pid = process.pid): void {
  for (const sink of sinks) sink(level, logger, message, db);
  if ((ORDER[level] ?? 20) < threshold) return;
  const name = level === 'warn' ? 'WARNING' : level.toUpperCase();
  process.stderr.write(`${stamp()} ${pid} ${name} ${db} ${logger}: ${message}\n`);
}

/** Whether request lines (info level) are logged at all: callers skip their bookkeeping if not. */
export function logsRequests(): boolean {
  return threshold <= 20;
}

/** One werkzeug-like line per request, with Odoo's query count and timings. */
export function logRequest(ip: string, method: string, url: string, status: number, ms: number, db = '?'): void {
  if (threshold > 20) return;
  const when = httpDate();
  log('info', 'werkzeug', `${ip} - - [${when}] "${method} ${url} HTTP/1.1" ${status} - - ${(ms / 1000).toFixed(3)} ${(ms / 1000).toFixed(3)}`, db);
}
