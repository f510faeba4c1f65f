/**
 * A server whose requests are answered by a pool of worker processes (`--workers N`, N ≥ 1:
 * odoo-bin's prefork mode; without it the server answers in its one process). This process (the primary) listens,
 * hands connections to the workers (primary.ts), creates the databases named at start-up, and
 * does what concerns whole databases for the workers: create, copy, drop, rename, restore,
 * reset and snapshots (the companion), the master password. Everything the processes share is
 * in the server's run directory (run_dir.ts).
 */
import net from 'net';
import path from 'path';
import { DatabaseManager, defaultTemplateDir, type CreateOptions } from '../../models/database';
import { SharedState } from '../../models/tools/shared_state';
import { SessionStore } from '../sessions';
import { JournalStore, sharedControl } from '../control/shared';
import { companionOf } from '../control/companion';
import { saveConfigFile, type Config } from '../config';
import { currentLogLevel, log } from '../log';
import { setDbSynchronous } from '../../models/orm/sql';
import type { App } from '../http';
import { WorkerPool } from './primary';
import { createRunDir, removeRunDir } from './run_dir';

export interface PooledServer {
  app: App;
  http: net.Server;
  url: string;
  pool: WorkerPool;
  close(): Promise<void>;
}

export interface PooledStartOptions {
  /** Create the databases once listening (their web.base.url is the server's address): startOdoo. */
  createAfterListen?: CreateOptions;
  /** Create the databases before listening (the CLI, as odoo-bin preloads them). */
  ensure(app: App, opts?: CreateOptions, offThread?: boolean): Promise<void>;
}

/** The number of worker processes for `workers` (odoo.conf). */
export function workerCount(config: Config): number {
  return Math.max(1, config.workers);
}

export async function startPooledServer(config: Config, opts: PooledStartOptions): Promise<PooledServer> {
  setDbSynchronous(config.db_synchronous ?? 'normal');
  const runDir = createRunDir();
  const dataDir = config.data_dir ?? path.join(runDir, 'data');
  const workerConfig: Config = { ...config, data_dir: dataDir };
  const shared = new SharedState(path.join(runDir, 'state.sqlite'), { create: true });
  const journal = new JournalStore(path.join(runDir, 'journal.sqlite'), 10000, { create: true });
  const control = sharedControl(shared, journal);
  // in memory: template images are cached where in-process servers cache theirs
  const templateDir = config.data_dir ? path.join(config.data_dir, '.templates') : defaultTemplateDir();
  const dbm = new DatabaseManager(dataDir, { templateDir, shared, busyTimeoutMs: Math.max(1, config.limit_time_real) * 1000 });
  dbm.useClock(control.clock);
  const sessions = new SessionStore(dataDir);
  sessions.clock = { now: (db) => (db ? control.clock.now(db) : Date.now()), earliest: () => control.clock.earliest() };
  const app: App = { dbm, config, sessions, control, saveConfig: () => saveConfigFile(config) };

  let pool: WorkerPool | null = null;
  const operation = (op: string, args: unknown[]) => runOperation(app, shared, () => pool!, op, args);
  pool = new WorkerPool({ config: workerConfig, count: workerCount(config), runDir, templateDir, logLevel: currentLogLevel(), operation });
  let listener: net.Server | null = null;
  let vacuum: NodeJS.Timeout | null = null;
  const cleanup = () => removeRunDir(runDir);
  process.once('exit', cleanup);
  const close = async () => {
    if (vacuum) clearInterval(vacuum);
    // the listener closes once the connections it accepted are gone: the pool drops them
    const closed = new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    await pool!.stop();
    await closed;
    dbm.closeAll();
    sessions.close();
    shared.close();
    journal.close();
    cleanup();
    process.removeListener('exit', cleanup);
  };
  try {
    // the workers start while the databases are made ready
    pool.start();
    if (!opts.createAfterListen) await opts.ensure(app);
    listener = net.createServer({ pauseOnConnect: true, noDelay: true }, pool.onConnection);
    await new Promise<void>((resolve, reject) => {
      listener!.once('error', reject);
      listener!.listen(config.http_port, config.http_interface || undefined, () => resolve());
    });
    const addr = listener.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.http_port;
    const url = `http://${listenHost(config.http_interface)}:${port}`;
    if (opts.createAfterListen) await opts.ensure(app, { ...opts.createAfterListen, baseUrl: url }, true);
    await pool.whenReady();
    // autovacuum: transient wizards, expired sessions, planner statistics
    vacuum = setInterval(() => {
      try {
        for (const name of dbm.list()) {
          dbm.vacuumTransient(name, Number(config.transient_age_limit ?? 1));
          dbm.get(name).optimize();
        }
        sessions.vacuum();
      } catch (e) {
        log('error', 'odoo.addons.base.models.ir_autovacuum', String(e));
      }
    }, 5 * 60 * 1000);
    vacuum.unref();
    return { app, http: listener, url, pool, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** What a worker asked the primary to do (server/pool/protocol.ts 'op'). */
async function runOperation(app: App, shared: SharedState, pool: () => WorkerPool, op: string, args: unknown[]): Promise<unknown> {
  const { dbm } = app;
  const companion = companionOf(app);
  const str = (i: number) => String(args[i]);
  switch (op) {
    case 'db.create_database':
      await dbm.createAsync(str(0), args[1] as CreateOptions);
      return true;
    case 'db.duplicate_database':
      dbm.duplicate(str(0), str(1));
      shared.bumpGeneration(str(1));
      return true;
    case 'db.restore':
      dbm.restore(str(0), Buffer.from(str(1), 'base64'));
      shared.bumpGeneration(str(0));
      return true;
    case 'db.drop': {
      if (!dbm.exists(str(0))) return false;
      await pool().holdEverywhere(str(0), shared.generation(str(0)));
      try {
        return dbm.drop(str(0));
      } finally {
        shared.bumpGeneration(str(0));
      }
    }
    case 'db.rename': {
      if (dbm.exists(str(0))) await pool().holdEverywhere(str(0), shared.generation(str(0)));
      try {
        dbm.rename(str(0), str(1));
      } finally {
        shared.bumpGeneration(str(0));
        shared.bumpGeneration(str(1));
      }
      return true;
    }
    case 'db.change_admin_password':
      app.config.admin_passwd = str(0);
      app.saveConfig?.();
      shared.setConfig('admin_passwd', str(0));
      return true;
    case 'companion.reset': return companion.reset(str(0));
    case 'companion.snapshot': return companion.snapshot(str(0), str(1));
    case 'companion.restore': return companion.restore(str(0), str(1));
    case 'companion.listSnapshots': return companion.listSnapshots(str(0));
    case 'companion.deleteSnapshot': return companion.deleteSnapshot(str(0), str(1));
    default: throw new Error(`unknown operation ${op}`);
  }
}

/** The address to reach a server listening on `iface` (all interfaces: through loopback). */
export function listenHost(iface: string): string {
  if (!iface || iface === '0.0.0.0') return '127.0.0.1';
  if (iface === '::') return '[::1]';
  return iface.includes(':') ? `[${iface}]` : iface;
}
