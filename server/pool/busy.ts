/**
 * A worker process answers one request at a time on its main thread, synchronously (SQLite
 * calls block). While it does, the other keep-alive connections it holds cannot be read: a
 * client sending a request on one of them would wait for the busy request to end. Odoo's
 * prefork workers avoid this by answering one request per connection (HTTP/1.0); closing every
 * connection after each answer costs about 60% more CPU per request here (measured, README).
 *
 * Instead, the worker's main thread writes into shared memory, when it starts a request, which
 * of its connections are idle (no request under way, no byte read since the last answer). A
 * watchdog thread of the same process looks every TICK_MS: when a request has run for longer
 * than the steal delay, it takes the idle connections away — an atomic compare-and-swap of the
 * state word, so that the main thread, when the request ends, knows for sure whether they are
 * still its own — and reports them to the primary process, which holds a copy of every
 * connection it handed out, reads the next request from them and gives them to an idle worker.
 * The watchdog also enforces limit_time_cpu and limit_memory_hard (the main thread cannot
 * while it is busy), and ends the process when its parent died.
 */
import { Worker } from 'worker_threads';
import type { Socket } from 'net';

/** Board layout (Int32 slots): state, request sequence, 2 spare, since (float64 at byte 16), idle count, idle ids. */
const STATE = 0;
const SEQ = 1;
const SINCE_BYTE = 16;
const COUNT = 6;
const IDS = 7;
const MAX_IDS = 4096;

const IDLE = 0;
const BUSY = 1;
const TAKEN = 2;
/** The main thread adds a connection to the idle list (the watchdog waits: it takes from BUSY only). */
const ADDING = 3;

const TICK_MS = 20;

/** The watchdog thread (plain JavaScript: it runs the same whether the server runs compiled or from sources). */
const WATCHDOG = `
const { workerData } = require('worker_threads');
const fs = require('fs');
const { sab, fd, stealAfterMs, cpuLimitS, memoryHard, tickMs } = workerData;
const board = new Int32Array(sab);
const since = new Float64Array(sab, ${SINCE_BYTE}, 1);
const parent = process.ppid;
let seq = -1, cpuAtStart = 0, cpuReported = false, memoryReported = false;
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const report = (msg) => fs.writeSync(fd, JSON.stringify(msg) + '\\n');
setInterval(() => {
  // Odoo's workers end when their parent changed (the primary was killed)
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
  if (memoryHard > 0 && !memoryReported) {
    const rss = process.memoryUsage.rss();
    if (rss > memoryHard) { memoryReported = true; report({ t: 'memory', rss }); }
  }
  const state = Atomics.load(board, ${STATE});
  if (state === ${IDLE}) return;
  const current = Atomics.load(board, ${SEQ});
  if (current !== seq) { seq = current; cpuAtStart = cpuNow(); cpuReported = false; }
  if (cpuLimitS > 0 && !cpuReported && cpuNow() - cpuAtStart >= cpuLimitS) { cpuReported = true; report({ t: 'cpu', seq, used: cpuNow() - cpuAtStart }); }
  if (state === ${BUSY} && Date.now() - since[0] >= stealAfterMs
      && Atomics.compareExchange(board, ${STATE}, ${BUSY}, ${TAKEN}) === ${BUSY}) {
    const n = Atomics.load(board, ${COUNT});
    report({ t: 'stuck', seq, since: since[0], ids: Array.from(board.subarray(${IDS}, ${IDS} + n)) });
  }
}, tickMs);
`;

export interface WatchdogOptions {
  /** File descriptor of the pipe to the primary. */
  fd: number;
  stealAfterMs: number;
  cpuLimitS: number;
  memoryHard: number;
}

/**
 * A connection of this worker, as the board needs to know it. It is idle when no request is
 * under way and no byte arrived since the last request was read whole (a client sends its next
 * request after it got the answer; one that pipelines requests is never taken away).
 */
export interface TrackedConnection {
  socket: Socket;
  /** Bytes read from the socket when its last request had been read whole. */
  idleAt: number;
  /** Requests under way (more than one: pipelined). */
  active: number;
  pipelined?: boolean;
}

export function isIdle(c: TrackedConnection): boolean {
  return c.active === 0 && !c.pipelined && bytesRead(c.socket) === c.idleAt;
}

export class BusyBoard {
  private readonly sab = new SharedArrayBuffer((IDS + MAX_IDS) * 4);
  private readonly board = new Int32Array(this.sab);
  private readonly since = new Float64Array(this.sab, SINCE_BYTE, 1);
  private depth = 0;
  private watchdog: Worker | null = null;

  startWatchdog(opts: WatchdogOptions): void {
    this.watchdog = new Worker(WATCHDOG, { eval: true, workerData: { sab: this.sab, tickMs: TICK_MS, ...opts } });
    this.watchdog.unref();
  }

  /**
   * A request's synchronous work starts (`current`: its connection). Publishes the idle
   * connections the watchdog may hand over if this takes long.
   */
  begin(conns: Map<number, TrackedConnection>, current: Socket | null): void {
    if (this.depth++ > 0) return;
    let n = 0;
    for (const [id, c] of conns) {
      if (n >= MAX_IDS) break;
      if (c.socket === current || !isIdle(c)) continue;
      this.board[IDS + n++] = id;
    }
    Atomics.store(this.board, COUNT, n);
    this.since[0] = Date.now();
    Atomics.add(this.board, SEQ, 1);
    Atomics.store(this.board, STATE, BUSY);
  }

  /**
   * A connection this worker took while a request is under way. 'busy': it is on the list the
   * watchdog hands over if the request takes long; 'taken': the watchdog already handed the
   * others over (the caller gives this one back too); 'idle': no request's synchronous work runs.
   */
  addIdle(id: number): 'busy' | 'taken' | 'idle' {
    if (this.depth === 0) return 'idle';
    if (Atomics.compareExchange(this.board, STATE, BUSY, ADDING) !== BUSY) return 'taken';
    const n = Atomics.load(this.board, COUNT);
    if (n < MAX_IDS) {
      this.board[IDS + n] = id;
      Atomics.store(this.board, COUNT, n + 1);
    }
    Atomics.store(this.board, STATE, BUSY);
    return 'busy';
  }

  /**
   * Hand the idle connections over now, without waiting for the watchdog (the worker knows a
   * long wait comes: a streamed answer). Null when the watchdog already did.
   */
  takeNow(): { seq: number; since: number; ids: number[] } | null {
    if (Atomics.compareExchange(this.board, STATE, BUSY, TAKEN) !== BUSY) return null;
    const n = Atomics.load(this.board, COUNT);
    return { seq: Atomics.load(this.board, SEQ), since: this.since[0], ids: Array.from(this.board.subarray(IDS, IDS + n)) };
  }

  /**
   * The synchronous work ended. Returns the ids the watchdog handed to the primary meanwhile
   * (the caller drops its side of them), or null when it did not.
   */
  end(): number[] | null {
    if (--this.depth > 0) return null;
    if (Atomics.compareExchange(this.board, STATE, BUSY, IDLE) === BUSY) return null;
    const n = Atomics.load(this.board, COUNT);
    const ids = Array.from(this.board.subarray(IDS, IDS + n));
    Atomics.store(this.board, STATE, IDLE);
    return ids;
  }
}

/** Bytes read so far from a socket (libuv's count: also those read by the HTTP parser in C++). */
export function bytesRead(socket: Socket): number {
  const handle = (socket as unknown as { _handle?: { bytesRead?: number } | null })._handle;
  return handle?.bytesRead ?? socket.bytesRead;
}

interface ReadableHandle { readStop?(): number; readStart?(): number; reading?: boolean }

/**
 * Leave a connection's next bytes in the kernel's buffer (libuv's read stop): they stay unread
 * until `startReading`, so the connection stays idle and can be handed to another worker.
 */
export function stopReading(socket: Socket): boolean {
  const handle = (socket as unknown as { _handle?: ReadableHandle | null })._handle;
  if (!handle?.readStop || socket.destroyed) return false;
  handle.readStop();
  return true;
}

export function startReading(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: ReadableHandle | null })._handle;
  if (handle?.readStart && !socket.destroyed) handle.readStart();
}
