/**
 * The HTTP application: one express app serving Odoo's RPC and web routes over a
 * DatabaseManager and a SessionStore.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import http from 'http';
import type net from 'net';
import { startPooledServer, listenHost } from './pool/server';
import type { WorkerPool } from './pool/primary';
import { DatabaseManager } from '../models/database';
import { DEFAULT_MODULES } from '../models/modules/builtin';
import { SessionStore } from './sessions';
import { registerRpcRoutes } from './routes/rpc';
import { registerWebRoutes } from './routes/web';
import { registerBinaryRoutes } from './web/binary';
import { registerMenuRoutes } from './web/actions';
import { registerBrowserRoutes } from './web/browser_routes';
import { registerTotpLoginHook } from './routes/totp';
import { htmlError, internalError, MAX_BODY_BYTES, notFound, startRequest, type App } from './http';
import { expressServerOptions, rpcFastPath } from './rpc_fast_path';
import { ADDON_ROUTES } from './addon_routes';
import { sendLocalRedirect } from './web/redirect';
import { answerEveryMethod } from './http_methods';
import { setDbSynchronous } from '../models/orm/sql';
import { log } from './log';
import type { Config } from './config';
import type { CreateOptions } from '../models/database';
import { Control } from './control/state';
import { registerControlRoutes } from './control/routes';
import { pageFault } from './control/calls';
import { saveConfigFile } from './config';
import { setMailTransport } from '../models/mail';
import { managerWithAddons } from './addons';

/** Real delivery through SMTP when odoo.conf has smtp_server (else mails are only captured). */
export function configureMail(config: Config): void {
  if (!config.smtp_server) {
    setMailTransport(null);
    return;
  }
  // loaded only when SMTP is configured (start-up time)
  const nodemailer = require('nodemailer') as typeof import('nodemailer');
  const transporter = nodemailer.createTransport({
    host: config.smtp_server, port: config.smtp_port, secure: config.smtp_ssl,
    auth: config.smtp_user ? { user: config.smtp_user, pass: config.smtp_password ?? '' } : undefined,
    tls: { rejectUnauthorized: false },
  });
  setMailTransport(async (mail) => {
    await transporter.sendMail({ from: mail.from || config.email_from || undefined, to: mail.to, cc: mail.cc, subject: mail.subject, html: mail.html });
  });
}


export interface Server {
  app: App;
  /** The express application (in-thread servers: a pool's workers have their own). */
  express?: Express;
  http: net.Server;
  url: string;
  /** The worker processes of a pooled server (server/pool). */
  pool?: WorkerPool;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The server's clock, fault rules and journal (in-thread servers; a new, empty one by default). */
  control?: Control;
  /**
   * Create the missing databases once listening rather than before, with web.base.url set to
   * the server's address and these options (startOdoo: the port is known only then).
   */
  createAfterListen?: CreateOptions;
  /**
   * Answer every request in this thread, one at a time (a slow request holds the others up):
   * fast to start, for test suites. Also the case when a DatabaseManager is given.
   */
  inThread?: boolean;
}

export function createApp(config: Config, dbm?: DatabaseManager, control: Control = new Control()): { app: App; express: Express } {
  setDbSynchronous(config.db_synchronous ?? 'normal');
  const manager = dbm ?? new DatabaseManager(config.data_dir);
  manager.useClock(control.clock);
  const sessions = new SessionStore(config.data_dir);
  sessions.clock = { now: (db) => (db ? control.clock.now(db) : Date.now()), earliest: () => control.clock.earliest() };
  sessions.vacuum();
  const app: App = { dbm: manager, config, sessions, saveConfig: () => saveConfigFile(config), control };
  const server = express();
  server.disable('x-powered-by');
  // Odoo sends no ETag on dynamic answers (static files set their own, routes/auth.ts)
  server.set('etag', false);
  server.set('trust proxy', false);
  server.use((req: Request, res: Response, next: NextFunction) => {
    startRequest(req, res);
    // a fault rule on a page's route (server/control/calls.ts); RPC calls are matched once parsed
    pageFault(app.control, req, res, next);
  });
  // bodies are read raw: each route parses its own format (XML-RPC, JSON-RPC, forms)
  server.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  // the routes run synchronously from here: a pool's worker marks itself busy meanwhile
  server.use((req: Request, _res: Response, next: NextFunction) => {
    const work = app.work;
    if (!work) { next(); return; }
    work.begin(req);
    try { next(); } finally { work.end(); }
  });
  registerRpcRoutes(server, app);
  registerTotpLoginHook();
  // /emulator/...: the outbox and the control routes, behind their loopback / master password check
  registerControlRoutes(server, app);
  registerBrowserRoutes(server, app);
  registerWebRoutes(server, app);
  registerBinaryRoutes(server, app);
  registerMenuRoutes(server, app);
  for (const register of ADDON_ROUTES) register(server, app);
  server.use((_req: Request, res: Response) => notFound(res));
  server.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') return htmlError(res, 413, 'Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.');
    if (err.status && err.status < 500) return htmlError(res, err.status, 'Bad Request', err.message);
    internalError(res, err);
  });
  return { app, express: server };
}

/**
 * Make sure the served databases exist (fresh clone: create one with admin/admin), then install
 * and update the modules named with -i/-u in them, as odoo-bin does at start-up. Before the
 * server listens nothing waits for it, so a template not built yet is built right here; once it
 * listens (`offThread`), in a worker thread (models/template_thread.ts).
 */
export async function ensureDatabases(app: App, opts: CreateOptions = {}, offThread = false): Promise<void> {
  const named = app.config.db_name.length ? app.config.db_name : (app.dbm.list().length ? [] : [app.config.default_db]);
  const { init, update } = app.config;
  for (const name of named) {
    if (!app.dbm.exists(name)) {
      const t = Date.now();
      const modules = opts.modules ?? [...DEFAULT_MODULES, ...init];
      log('info', 'odoo.service.db', `Creating database ${name} (modules: ${opts.modules ? modules.join(', ') : `default set${init.length ? ` + ${init.join(', ')}` : ''}`})`, name);
      const create = { demo: !app.config.without_demo, ...opts, modules };
      if (offThread) await app.dbm.createAsync(name, create);
      else app.dbm.create(name, create);
      log('info', 'odoo.service.db', `Created database ${name} (${app.config.without_demo ? 'without' : 'with'} demo data) in ${Date.now() - t} ms`, name);
      continue;
    }
    const db = app.dbm.get(name);
    if (init.length) {
      const t = Date.now();
      const installed = db.install(init);
      log('info', 'odoo.modules.loading', `${installed.length} modules installed in ${Date.now() - t} ms: ${installed.join(', ') || 'none (already installed)'}`, name);
    }
    if (update.length) {
      const t = Date.now();
      db.upgrade(update);
      log('info', 'odoo.modules.loading', `modules updated in ${Date.now() - t} ms: ${update.join(', ')}`, name);
    }
  }
}

/**
 * Start a server: with `workers` ≥ 1 in the config, a pool of worker processes (server/pool), so
 * that no request waits behind another; otherwise (the default), with `inThread`, or when the
 * caller gives its own DatabaseManager (a custom catalog or registry cannot be handed to
 * processes), in this thread, one request at a time.
 */
export async function startServer(config: Config, dbm?: DatabaseManager, opts: StartOptions = {}): Promise<Server> {
  if (config.workers > 0 && config.addons_path.length && !dbm && !opts.inThread) {
    // an addons path makes a catalog of its own, which worker processes do not load (yet)
    log('warn', 'odoo.service.server', `--workers ${config.workers} ignored with --addons-path: requests are answered in this process`);
  }
  if (!dbm && !opts.inThread && config.workers > 0 && !config.addons_path.length) {
    return startPooledServer(config, { createAfterListen: opts.createAfterListen, ensure: ensureDatabases });
  }
  if (config.smtp_server || !opts.createAfterListen) configureMail(config);
  const { app, express: ex } = createApp(config, dbm ?? await managerWithAddons(config), opts.control);
  if (!opts.createAfterListen) await ensureDatabases(app);
  const handler = rpcFastPath(app, ex);
  const srv = http.createServer(expressServerOptions(ex), handler);
  answerEveryMethod(srv, handler);
  srv.keepAliveTimeout = 65000;
  const server = await new Promise<Server>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(config.http_port, config.http_interface || undefined, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.http_port;
      const host = listenHost(config.http_interface);
      // autovacuum: transient wizards, expired sessions, planner statistics
      const vacuum = setInterval(() => {
        try {
          for (const name of app.dbm.list()) {
            app.dbm.vacuumTransient(name, Number(config.transient_age_limit ?? 1));
            app.dbm.get(name).optimize();
          }
          app.sessions.vacuum();
        } catch (e) {
          log('error', 'odoo.addons.base.models.ir_autovacuum', String(e));
        }
      }, 5 * 60 * 1000);
      vacuum.unref();
      resolve({
        app, express: ex, http: srv, url: `http://${host}:${port}`,
        close: () => new Promise<void>((res) => {
          clearInterval(vacuum);
          srv.closeAllConnections?.();
          srv.close(() => { app.dbm.closeAll(); app.sessions.close(); res(); });
        }),
      });
    });
  });
  if (opts.createAfterListen) {
    try {
      await ensureDatabases(app, { ...opts.createAfterListen, baseUrl: server.url }, true);
    } catch (e) {
      await server.close();
      throw e;
    }
  }
  return server;
}

