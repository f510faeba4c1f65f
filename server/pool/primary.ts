/**
 * The primary process of a worker pool (Odoo's PreforkServer, odoo/service/server.py): it owns
 * the listening socket, starts `count` worker processes (server/pool/worker.ts), gives each new
 * connection to a worker that is not busy with a long request, replaces workers that leave or
 * die, and enforces limit_time_real, limit_time_cpu and limit_memory_hard.
 *
 * Connections: Odoo's workers accept a connection when idle and answer one request on it. Here
 * a worker keeps a connection for as long as the client keeps it alive, and the primary keeps
 * a copy of every connection it handed out (Node passes sockets with `keepOpen`). When a worker
 * has been busy with one request for STEAL_AFTER_MS, its watchdog thread hands its idle
 * connections back (server/pool/busy.ts) and the primary gives them to workers that are not
 * busy; the worker that gets one reads the next request from it. So a request never waits
 * behind another one, and there is no cost per request while nothing is slow.
 *
 * Limits, as Odoo enforces them: a request running longer than limit_time_real gets its worker
 * killed (SIGKILL) and replaced, and its connection closes without an answer ("WorkerHTTP (pid)
 * timeout after 120s"); over limit_time_cpu, or over limit_memory_hard, the worker is killed
 * too. limit_request and limit_memory_soft are checked by the worker after each request: it
 * hands its connections back and leaves, and a new one starts.
 */
import net from 'net';
import type { ChildProcess } from 'child_process';
import { log } from '../log';
import type { Config } from '../config';
import { forkWorker } from './spawn';
import type { FromWorker, OpError, ToWorker, WatchdogReport } from './protocol';
import { WATCHDOG_FD } from './protocol';
import fs from 'fs';
import { claimsDir, issueClaim, takeClaim } from './claims';

interface Slot {
  proc: ChildProcess;
  pid: number;
  ready: boolean;
  /** Busy with a request for longer than the steal delay: gets no connection. */
  stuck: boolean;
  /** Recycling (limit_request, limit_memory_soft) or killed: gets no connection. */
  leaving: boolean;
  conns: Set<number>;
  killTimer: NodeJS.Timeout | null;
  /** Hold requests waiting for this worker's answer. */
  holds: Map<number, () => void>;
}

interface Connection {
  /** The primary's copy of the socket (never read: created paused). */
  socket: net.Socket;
  owner: Slot | null;
  /** The claim sent with it to its owner (claims.ts), while the owner may not have taken it. */
  claim: string | null;
}

export interface PoolOptions {
  config: Config;
  count: number;
  runDir: string;
  templateDir: string | null;
  logLevel: string;
  /** Whole-database operations asked for by workers (server/pool/server.ts). */
  operation(op: string, args: unknown[]): Promise<unknown>;
}

export class WorkerPool {
  private slots = new Set<Slot>();
  private connections = new Map<number, Connection>();
  private queue: number[] = [];
  private nextConnection = 1;
  private nextHold = 1;
  private stopping = false;
  private failedStarts = 0;
  private readyWaiters: Array<{ resolve(): void; reject(e: Error): void }> = [];

  private readonly claims: string;

  constructor(private readonly opts: PoolOptions) {
    this.claims = claimsDir(opts.runDir);
    fs.mkdirSync(this.claims, { recursive: true });
  }

  start(): void {
    for (let i = 0; i < this.opts.count; i++) this.spawn();
  }

  /** Resolves once every worker answers (rejects if workers cannot start). */
  whenReady(): Promise<void> {
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private allReady(): boolean {
    return [...this.slots].filter((s) => s.ready && !s.leaving).length >= this.opts.count;
  }

  /** Worker process ids (tests, benchmarks). */
  get pids(): number[] {
    return [...this.slots].filter((s) => !s.leaving).map((s) => s.pid);
  }

  /** Each worker ready to serve: its process id, the connections it holds, whether a long request keeps it busy. */
  stats(): Array<{ pid: number; connections: number; busy: boolean }> {
    return [...this.slots].filter((s) => s.ready && !s.leaving).map((s) => ({ pid: s.pid, connections: s.conns.size, busy: s.stuck }));
  }

  /** The listener of a `net.Server({ pauseOnConnect: true })`. */
  readonly onConnection = (socket: net.Socket): void => {
    if (this.stopping) { socket.destroy(); return; }
    const id = this.nextConnection++;
    socket.on('error', () => undefined);
    this.connections.set(id, { socket, owner: null, claim: null });
    this.assign(id);
  };

  // ------------------------------------------------------------------ workers

  private spawn(): void {
    const { config } = this.opts;
    const proc = forkWorker({ runDir: this.opts.runDir, memoryHard: config.limit_memory_hard });
    const slot: Slot = { proc, pid: proc.pid ?? 0, ready: false, stuck: false, leaving: false, conns: new Set(), killTimer: null, holds: new Map() };
    this.slots.add(slot);
    proc.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    proc.on('error', () => undefined);
    proc.on('exit', (code, signal) => this.onExit(slot, code, signal));
    let pending = '';
    proc.stdio[WATCHDOG_FD]?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        try { this.onReport(slot, JSON.parse(line) as WatchdogReport); } catch { /* a torn line of a dying worker */ }
      }
    });
    this.send(slot, { t: 'init', config, runDir: this.opts.runDir, templateDir: this.opts.templateDir, logLevel: this.opts.logLevel });
  }

  private send(slot: Slot, msg: ToWorker, socket?: net.Socket): void {
    if (!slot.proc.connected) return;
    try {
      if (socket) slot.proc.send(msg, socket, { keepOpen: true });
      else slot.proc.send(msg);
    } catch { /* the worker is gone: its exit handler cleans up */ }
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    switch (msg.t) {
      case 'ready':
        slot.ready = true;
        this.failedStarts = 0;
        if (this.allReady()) for (const w of this.readyWaiters.splice(0)) w.resolve();
        this.pump();
        break;
      case 'closed': {
        const c = this.connections.get(msg.id);
        if (c && c.owner === slot) this.drop(msg.id);
        break;
      }
      case 'released':
        for (const id of msg.ids) this.takeBack(slot, id);
        break;
      case 'done':
        this.unstick(slot);
        break;
      case 'recycle':
        slot.leaving = true;
        if (!this.stopping) this.spawn();
        break;
      case 'op':
        this.opts.operation(msg.op, msg.args).then(
          (value) => this.send(slot, { t: 'op-result', id: msg.id, ok: true, value: value === undefined ? null : value }),
          (e: unknown) => this.send(slot, { t: 'op-result', id: msg.id, ok: false, error: opError(e) }),
        );
        break;
      case 'held':
        slot.holds.get(msg.seq)?.();
        slot.holds.delete(msg.seq);
        break;
      case 'stuck':
        this.onReport(slot, msg);
        break;
    }
  }

  private onReport(slot: Slot, report: WatchdogReport): void {
    const { config } = this.opts;
    switch (report.t) {
      case 'stuck': {
        slot.stuck = true;
        for (const id of report.ids) this.takeBack(slot, id);
        // connections sent to it that it has not taken yet (it reads its messages between requests)
        for (const id of [...slot.conns]) {
          const c = this.connections.get(id);
          if (c?.claim && takeClaim(this.claims, c.claim)) this.takeBack(slot, id);
        }
        if (config.limit_time_real > 0 && !slot.killTimer) {
          const left = report.since + config.limit_time_real * 1000 - Date.now();
          slot.killTimer = setTimeout(() => {
            // odoo/service/server.py PreforkServer.process_timeout
            log('error', 'odoo.service.server', `WorkerHTTP (${slot.pid}) timeout after ${config.limit_time_real}s`);
            this.kill(slot);
          }, Math.max(0, left));
        }
        this.pump();
        break;
      }
      case 'cpu':
        // Worker.signal_time_expired_handler: the exception ends the worker (Worker.run)
        log('info', 'odoo.service.server', `Worker (${slot.pid}) CPU time limit (${config.limit_time_cpu}) reached.`, '?', slot.pid);
        log('error', 'odoo.service.server', `Worker (${slot.pid}) Exception occurred, exiting...\nTraceback (most recent call last):\nException: CPU time limit exceeded.`, '?', slot.pid);
        this.kill(slot);
        break;
      case 'memory':
        // Odoo caps the address space (RLIMIT_AS): allocations fail and the worker goes down
        log('error', 'odoo.service.server', `Worker (${slot.pid}) memory limit (${report.rss}) over limit_memory_hard (${config.limit_memory_hard}): killed.`);
        this.kill(slot);
        break;
    }
  }

  private kill(slot: Slot): void {
    slot.leaving = true;
    try { slot.proc.kill('SIGKILL'); } catch { /* gone already */ }
  }

  private unstick(slot: Slot): void {
    slot.stuck = false;
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = null;
    this.pump();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    this.slots.delete(slot);
    if (slot.killTimer) clearTimeout(slot.killTimer);
    for (const done of slot.holds.values()) done();
    // its connections end with it (a killed request's client sees the connection close unanswered)
    for (const id of [...slot.conns]) this.drop(id);
    if (this.stopping) return;
    if (!slot.ready) {
      this.failedStarts++;
      log('error', 'odoo.service.server', `Worker (${slot.pid}) could not start (${signal ?? `exit code ${code}`})`);
      if (this.failedStarts >= 3 * this.opts.count) {
        log('critical', 'odoo.service.server', 'Workers fail to start: no more attempts');
        for (const w of this.readyWaiters.splice(0)) w.reject(new Error('the worker processes could not start'));
        for (const id of this.queue.splice(0)) this.drop(id);
        return;
      }
    } else if (!slot.leaving) {
      log('warn', 'odoo.service.server', `Worker (${slot.pid}) died (${signal ?? `exit code ${code}`})`);
    }
    // a recycled worker was replaced when it announced it; others now
    const live = [...this.slots].filter((s) => !s.leaving).length;
    if (live < this.opts.count) this.spawn();
  }

  // ------------------------------------------------------------------ connections

  private pick(): Slot | null {
    let best: Slot | null = null;
    for (const s of this.slots) {
      if (!s.ready || s.stuck || s.leaving || !s.proc.connected) continue;
      if (!best || s.conns.size < best.conns.size) best = s;
    }
    return best;
  }

  /** Give a connection to a worker, or queue it until one is free. */
  private assign(id: number): void {
    const c = this.connections.get(id);
    if (!c) return;
    const slot = this.pick();
    if (!slot) {
      this.queue.push(id);
      return;
    }
    c.owner = slot;
    slot.conns.add(id);
    c.claim = issueClaim(this.claims, id);
    this.send(slot, { t: 'conn', id, claim: c.claim }, c.socket);
  }

  private pump(): void {
    while (this.queue.length && this.pick()) this.assign(this.queue.shift()!);
  }

  /**
   * A connection a worker gave up while idle goes to another worker at once, unread: the
   * primary never reads from its copies (reading through Node's stream would buffer bytes of the
   * next request here), so the next request is read whole by the worker that serves it.
   */
  private takeBack(slot: Slot, id: number): void {
    const c = this.connections.get(id);
    if (!c || c.owner !== slot) return;
    c.owner = null;
    c.claim = null;
    slot.conns.delete(id);
    this.assign(id);
  }

  private drop(id: number): void {
    const c = this.connections.get(id);
    if (!c) return;
    this.connections.delete(id);
    c.owner?.conns.delete(id);
    if (c.claim) takeClaim(this.claims, c.claim);
    c.socket.destroy();
  }

  // ------------------------------------------------------------------ databases

  /**
   * Have every worker close `db` and not reopen it until its generation moves past
   * `generation` (dropping or renaming it: DatabaseManager.hold).
   */
  async holdEverywhere(db: string, generation: number): Promise<void> {
    const seq = this.nextHold++;
    await Promise.all([...this.slots].map((slot) => new Promise<void>((resolve) => {
      if (!slot.proc.connected) { resolve(); return; }
      slot.holds.set(seq, resolve);
      this.send(slot, { t: 'hold', db, generation, seq });
    })));
  }

  // ------------------------------------------------------------------ stop

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error('the server stopped'));
    const exits = [...this.slots].map((slot) => new Promise<void>((resolve) => {
      if (slot.proc.exitCode !== null || slot.proc.signalCode !== null) { resolve(); return; }
      slot.proc.once('exit', () => resolve());
      this.send(slot, { t: 'stop' });
      setTimeout(() => this.kill(slot), 2000).unref();
    }));
    for (const id of [...this.connections.keys()]) this.drop(id);
    this.queue.length = 0;
    await Promise.all(exits);
  }
}

function opError(e: unknown): OpError {
  const err = e instanceof Error ? e : new Error(String(e));
  const status = (err as { status?: unknown }).status;
  return { message: err.message, status: typeof status === 'number' ? status : undefined, companion: err.name === 'CompanionError' || err.constructor?.name === 'CompanionError' };
}
