/**
 * What the primary process of a worker pool and its workers tell each other.
 *
 * Over the IPC channel (JSON, sockets passed along):
 *   primary → worker  init (configuration), conn (a connection, with its claim: claims.ts),
 *                     hold (close a database another process drops), op-result, stop
 *   worker → primary  ready, closed (a connection ended), released (connections handed back),
 *                     done (a request reported stuck has ended), recycle (the worker leaves after
 *                     its limits), op (run a whole-database operation), held (a hold is done),
 *                     stuck (as the watchdog's, sent by the worker itself before a streamed answer)
 *
 * Over the watchdog pipe (fd 4, JSON lines written by the worker's watchdog thread, which runs
 * while the worker's main thread is busy with a request):
 *   stuck   the request has run for longer than the steal delay; the listed idle keep-alive
 *           connections now belong to the primary
 *   cpu     the request used more than limit_time_cpu
 *   memory  the process is over limit_memory_hard
 */
import type { Config } from '../config';

export interface WorkerInit {
  t: 'init';
  config: Config;
  /** The server's run directory (server/pool/run_dir.ts): shared state and journal files. */
  runDir: string;
  templateDir: string | null;
  logLevel: string;
}

export type ToWorker =
  | WorkerInit
  | { t: 'conn'; id: number; claim: string }
  | { t: 'hold'; db: string; generation: number; seq: number }
  | { t: 'op-result'; id: number; ok: true; value: unknown }
  | { t: 'op-result'; id: number; ok: false; error: OpError }
  | { t: 'stop' };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'closed'; id: number }
  | { t: 'released'; ids: number[] }
  | { t: 'done' }
  | { t: 'recycle' }
  | { t: 'op'; id: number; op: string; args: unknown[] }
  | { t: 'held'; seq: number }
  | { t: 'stuck'; seq: number; since: number; ids: number[] };

export type WatchdogReport =
  | { t: 'stuck'; seq: number; since: number; ids: number[] }
  | { t: 'cpu'; seq: number; used: number }
  | { t: 'memory'; rss: number };

/** An operation's error, rebuilt in the worker (a plain error, or a control route's with its HTTP status). */
export interface OpError {
  message: string;
  status?: number;
  companion?: boolean;
}

/** The file descriptor of the watchdog pipe in a worker (after stdin, stdout, stderr and the IPC channel). */
export const WATCHDOG_FD = 4;

/**
 * How long a request may keep a worker busy before its idle keep-alive connections are handed
 * to other workers: below any real request's limit, above the time of ordinary calls.
 */
export const STEAL_AFTER_MS = 100;
