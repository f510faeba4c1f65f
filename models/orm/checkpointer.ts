/**
 * WAL checkpoints in a worker thread, off the request path.
 *
 * A commit in WAL mode appends the transaction's pages to the -wal file; a checkpoint copies
 * them back into the database file and fsyncs both files (synchronous = NORMAL defers every
 * fsync to checkpoints). SQLite's automatic checkpoint runs inside the COMMIT that crosses the
 * threshold, so the request that made that commit waits for the copy and the fsyncs (the
 * order-to-cash bench: ~1.5 ms per cycle, a 40-60 ms COMMIT now and then).
 *
 * Here one thread per process holds a second connection to each file database and runs
 * `PRAGMA wal_checkpoint(PASSIVE)` on it: PASSIVE never waits for the writer or for readers, it
 * copies what it can. The request thread only counts its commits in shared memory (two atomic
 * adds; a wake-up only when the thread sleeps), so an idle database costs nothing and a busy one
 * is checkpointed at most every `intervalMs`.
 *
 * The main connection keeps its automatic checkpoint at the same threshold as before as a safety
 * net: SQLite starts the WAL again from its beginning only when a transaction starts after a
 * checkpoint copied every frame, so a writer that never pauses (a synchronous loop of commits)
 * could outrun a thread's checkpoints forever; then the main connection's checkpoint at the
 * threshold finds most frames already copied and only finishes the job (the thread steps aside
 * for a while when the WAL outgrows that threshold: the two would otherwise keep taking the
 * checkpoint lock from each other). When the thread is absent (it could not start, or failed)
 * that net is exactly the previous behaviour.
 *
 * The thread never writes, and its connection is closed (synchronously: the caller blocks until
 * the thread acknowledges) before the main connection closes or the file is replaced or removed
 * (models/database.ts Database.close): a connection left open on a file deleted and created
 * again under the same name would, when closed last, delete the new file's WAL by name.
 * Processes of a worker pool (several writers on one file) do not use it (DatabaseManager.get).
 */
import { MessageChannel, Worker, type MessagePort } from 'worker_threads';
import { log } from '../tools/log';

/** Slots of the control block shared with the thread (Int32Array indexes). */
const WAKE = 0; // bumped by every commit and every command; the idle thread waits on it
const CMD = 1; // bumped by every command; the thread waits on it between paced checkpoints
const ACK = 2; // the last command number the thread has carried out
const IDLE = 3; // 1 while the thread waits for commits with nothing to do
const STATE = 4; // STARTING (0), then 1 once the thread runs, EXITED when it has stopped
const CHECKPOINTS = 5; // checkpoints that copied frames, for tests and diagnostics
const CONTROL_SLOTS = 8;

const STARTING = 0;
const EXITED = 2;

/**
 * The thread's program: plain JavaScript run with `eval`, so that the same text serves compiled
 * code and TypeScript sources under ts-jest; better-sqlite3 is required by the path the main
 * thread resolved. Its loop blocks in Atomics.wait and reads commands with receiveMessageOnPort:
 * it needs no event loop, so a command is carried out even while the main thread is blocked
 * waiting for its acknowledgement.
 */
const THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require('worker_threads');
const Sqlite = require(workerData.sqlitePath);
const { control: ctl, port, intervalMs } = workerData;
const [WAKE, CMD, ACK, IDLE, STATE, CHECKPOINTS] = [0, 1, 2, 3, 4, 5];
const YIELD_INTERVALS = 50;
const dbs = new Map();
function closeAll() {
  for (const d of dbs.values()) { try { d.conn.close(); } catch (e) { /* closed anyway */ } }
  dbs.clear();
}
/** Carry out queued commands; false once told to stop. */
function commands() {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const msg = m.message;
    if (msg.op === 'open') {
      try {
        const conn = new Sqlite(msg.file, { fileMustExist: true, timeout: 0 });
        conn.pragma('synchronous = ' + msg.synchronous);
        conn.pragma('journal_size_limit = ' + msg.journalSizeLimit);
        conn.pragma('wal_autocheckpoint = 0');
        // reads the header: the connection knows the file is in WAL mode before it checkpoints
        if (String(conn.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') conn.close();
        else dbs.set(msg.id, { conn, commits: msg.commits, seen: 0, last: 0, yieldFrames: msg.autocheckpoint });
      } catch (e) { /* not checkpointed here: the main connection's own threshold applies */ }
    } else if (msg.op === 'close') {
      const d = dbs.get(msg.id);
      if (d) { try { d.conn.close(); } catch (e) { /* closed anyway */ } dbs.delete(msg.id); }
    } else if (msg.op === 'stop') {
      closeAll();
      Atomics.store(ctl, ACK, msg.seq);
      Atomics.notify(ctl, ACK);
      return false;
    }
    Atomics.store(ctl, ACK, msg.seq);
    Atomics.notify(ctl, ACK);
  }
  return true;
}
function checkpoint(d) {
  const through = Atomics.load(d.commits, 0);
  d.seen = through;
  let log = -1;
  try {
    const row = d.conn.pragma('wal_checkpoint(PASSIVE)')[0];
    log = row.log;
    if (row.checkpointed > 0) Atomics.add(ctl, CHECKPOINTS, 1);
    // every frame there was is in the database file, so are the commits counted before it
    if (row.checkpointed === row.log) Atomics.store(d.commits, 1, through);
  } catch (e) { /* an I/O error: tried again after the next commit */ }
  d.last = Date.now();
  // A WAL that outgrew the main connection's threshold is not being started again: its writer
  // never pauses long enough for a checkpoint of the thread to end between two transactions, and
  // the connection's own checkpoint at the threshold, which would finish the job, fails while the
  // thread holds the checkpoint lock. The thread leaves that database alone for a while.
  if (d.yieldFrames > 0 && log >= d.yieldFrames) d.last += YIELD_INTERVALS * intervalMs;
}
try {
  Atomics.store(ctl, STATE, 1);
  // the pacing interval of a database with new commits has passed: it is checkpointed right after
  // the next commit (or once the interval passes without one). The writer is then between two
  // transactions, so the checkpoint can copy every frame, and the next transaction starts the
  // WAL again from its beginning instead of growing it.
  let armed = false;
  for (;;) {
    if (!commands()) break;
    Atomics.store(ctl, IDLE, 1);
    const wake = Atomics.load(ctl, WAKE);
    let next = Infinity;
    const now = Date.now();
    for (const d of dbs.values()) {
      if (Atomics.load(d.commits, 0) !== d.seen) next = Math.min(next, Math.max(0, d.last + intervalMs - now));
    }
    if (next === Infinity) { armed = false; Atomics.wait(ctl, WAKE, wake); continue; }
    if (next > 0) {
      // commits do not wake the thread while it paces itself, commands do
      Atomics.store(ctl, IDLE, 0);
      Atomics.wait(ctl, CMD, Atomics.load(ctl, CMD), next);
      continue;
    }
    if (!armed) { armed = true; Atomics.wait(ctl, WAKE, wake, intervalMs); continue; }
    armed = false;
    Atomics.store(ctl, IDLE, 0);
    for (const d of dbs.values()) {
      if (Atomics.load(d.commits, 0) !== d.seen && Date.now() - d.last >= intervalMs) checkpoint(d);
    }
  }
} finally {
  closeAll();
  port.close();
  Atomics.store(ctl, STATE, 2);
  Atomics.notify(ctl, ACK);
}
`;

export interface CheckpointOptions {
  /** SQLite `synchronous` level of the main connection (the checkpoint's fsyncs follow it). */
  synchronous: string;
  /** journal_size_limit of the main connection (bytes). */
  journalSizeLimit: number;
  /** wal_autocheckpoint of the main connection (pages; 0: none): the thread steps aside beyond it. */
  autocheckpoint: number;
}

/** A file database checkpointed by the thread. */
export interface Checkpointing {
  /** A transaction committed on the main connection (two atomic adds, rarely a wake-up). */
  committed(): void;
  /** Close the thread's connection to the file; returns once it is closed. Idempotent. */
  stop(): void;
  /** Whether a checkpoint completed since the last commit counted and copied every frame of the WAL. */
  settled(): boolean;
}

/** How often the thread checkpoints a database that keeps committing, at most (ms). */
let intervalMs = 20;

/** Set the pacing (tests, benchmarks); applies to the next thread started. */
export function setCheckpointInterval(ms: number): void {
  intervalMs = ms;
}

/** False after the thread failed once: the process keeps the main connections' own checkpoints. */
let enabled = process.env.ODOO_EMULATOR_CHECKPOINT_THREAD !== '0';

/** The thread of this process and the databases it serves (started with the first, stopped with the last). */
class CheckpointThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private seq = 0;
  private nextId = 1;
  readonly members = new Set<number>();

  constructor(interval: number) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { sqlitePath: require.resolve('better-sqlite3'), control: this.control, port: port2, intervalMs: interval },
      transferList: [port2],
      // a checkpointing thread keeps next to nothing on its heap
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    // never what keeps a process alive; the thread stops with the last database anyway
    this.worker.unref();
    alive.add(this.worker);
    this.worker.once('exit', () => { alive.delete(this.worker); if (!alive.size) for (const cb of whenNoneAlive.splice(0)) cb(); });
    this.worker.on('error', (e) => {
      enabled = false;
      this.failed = true;
      log('warn', 'odoo.sql_db', `WAL checkpoint thread failed, checkpoints stay with the connections: ${(e as Error).message}`);
    });
  }

  /** Set when the worker reported an error: it will not answer commands. */
  private failed = false;

  get exited(): boolean { return this.failed || Atomics.load(this.control, STATE) === EXITED; }

  get checkpoints(): number { return Atomics.load(this.control, CHECKPOINTS); }

  open(file: string, opts: CheckpointOptions): Checkpointing {
    const id = this.nextId++;
    // [commits counted, commits a complete checkpoint has copied into the file]
    const commits = new Int32Array(new SharedArrayBuffer(8));
    this.members.add(id);
    this.send({ op: 'open', id, file, commits, synchronous: opts.synchronous, journalSizeLimit: opts.journalSizeLimit, autocheckpoint: opts.autocheckpoint }, false);
    const control = this.control;
    let open = true;
    return {
      committed: () => {
        if (!open) return;
        Atomics.add(commits, 0, 1);
        Atomics.add(control, WAKE, 1);
        if (Atomics.load(control, IDLE) === 1) Atomics.notify(control, WAKE);
      },
      settled: () => Atomics.load(commits, 1) === Atomics.load(commits, 0),
      stop: () => {
        if (!open) return;
        open = false;
        this.members.delete(id);
        if (this.members.size === 0) this.stopThread();
        else this.send({ op: 'close', id }, true);
      },
    };
  }

  private stopThread(): void {
    if (current === this) current = null;
    this.send({ op: 'stop' }, true);
    this.port.close();
  }

  /** Queue a command and wake the thread; `wait`: block until it is carried out. */
  private send(msg: Record<string, unknown>, wait: boolean): void {
    const seq = ++this.seq;
    this.port.postMessage({ ...msg, seq });
    Atomics.add(this.control, CMD, 1);
    Atomics.add(this.control, WAKE, 1);
    Atomics.notify(this.control, CMD);
    Atomics.notify(this.control, WAKE);
    if (wait) this.waitFor(seq);
  }

  /**
   * Block until the thread has carried out command `seq` or has exited. A thread that never
   * started running opened no connection: after a long wait it is given up. One that runs is
   * waited for as long as it takes (it may be finishing a checkpoint): returning earlier could
   * let the caller delete a file it still has open.
   */
  private waitFor(seq: number): void {
    const started = Date.now();
    let warned = false;
    for (;;) {
      const ack = Atomics.load(this.control, ACK);
      if (ack >= seq) return;
      const state = Atomics.load(this.control, STATE);
      if (state === EXITED || this.failed) return;
      if (state === STARTING && Date.now() - started > 30000) {
        enabled = false;
        log('warn', 'odoo.sql_db', 'WAL checkpoint thread did not start, checkpoints stay with the connections');
        void this.worker.terminate();
        return;
      }
      if (!warned && Date.now() - started > 10000) {
        warned = true;
        log('warn', 'odoo.sql_db', 'waiting for the WAL checkpoint thread to close a database');
      }
      Atomics.wait(this.control, ACK, ack, 100);
    }
  }
}

let current: CheckpointThread | null = null;
/** Threads not exited yet (a stopped one exits right after its acknowledgement). */
const alive = new Set<Worker>();
const whenNoneAlive: Array<() => void> = [];

/** Resolves once no checkpoint thread of this process is left (tests: nothing left behind). */
export function checkpointThreadsExited(): Promise<void> {
  if (!alive.size) return Promise.resolve();
  return new Promise((resolve) => { whenNoneAlive.push(resolve); });
}

/**
 * Checkpoint `file` (a database in WAL mode that this process alone writes) in the thread,
 * starting it if needed; null when no thread can run (the main connection keeps checkpointing).
 */
export function checkpointInThread(file: string, opts: CheckpointOptions): Checkpointing | null {
  if (!enabled) return null;
  if (current?.exited) current = null;
  try {
    current ??= new CheckpointThread(intervalMs);
  } catch (e) {
    enabled = false;
    log('warn', 'odoo.sql_db', `WAL checkpoint thread cannot start, checkpoints stay with the connections: ${(e as Error).message}`);
    return null;
  }
  return current.open(file, opts);
}

/** Whether a checkpoint thread runs, for how many databases, and what it has done (tests, diagnostics). */
export function checkpointThreadState(): { running: boolean; databases: number; checkpoints: number } {
  if (!current || current.exited) return { running: false, databases: 0, checkpoints: 0 };
  return { running: true, databases: current.members.size, checkpoints: current.checkpoints };
}
