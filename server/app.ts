/**
 * The HTTP application: one express app serving Odoo's RPC and web routes over a
 * DatabaseManager and a SessionStore.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import http from 'http';
import { DatabaseManager } from '../models/database';
import { DEFAULT_MODULES } from '../models/modules/builtin';
import { SessionStore } from './sessions';
import { registerRpcRoutes } from './routes/rpc';
import { registerWebRoutes } from './routes/web';
import { registerBrowserRoutes } from './web/browser_routes';
import { registerTotpLoginHook } from './routes/totp';
import { htmlError, internalError, MAX_BODY_BYTES, notFound, startRequest, type App } from './http';
import { rpcFastPath } from './rpc_fast_path';
import { ADDON_ROUTES } from './addon_routes';
import { sendLocalRedirect } from './web/redirect';
import { answerEveryMethod } from './http_methods';
import { setDbSynchronous } from '../models/orm/sql';
import { log } from './log';
import type { Config } from './config';
import { saveConfigFile } from './config';
import { setMailTransport } from '../models/mail';

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
  express: Express;
  http: http.Server;
  url: string;
  close(): Promise<void>;
}

export function createApp(config: Config, dbm?: DatabaseManager): { app: App; express: Express } {
  setDbSynchronous(config.db_synchronous ?? 'normal');
  const manager = dbm ?? new DatabaseManager(config.data_dir);
  const sessions = new SessionStore(config.data_dir);
  sessions.vacuum();
  const app: App = { dbm: manager, config, sessions, saveConfig: () => saveConfigFile(config) };
  const server = express();
  server.disable('x-powered-by');
  // Odoo sends no ETag on dynamic answers (static files set their own, routes/auth.ts)
  server.set('etag', false);
  server.set('trust proxy', false);
  server.use((req: Request, res: Response, next: NextFunction) => {
    startRequest(req, res);
    next();
  });
  // bodies are read raw: each route parses its own format (XML-RPC, JSON-RPC, forms)
  server.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  registerRpcRoutes(server, app);
  registerTotpLoginHook();
  registerBrowserRoutes(server, app);
  registerWebRoutes(server, app);
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
 * and update the modules named with -i/-u in them, as odoo-bin does at start-up.
 */
export function ensureDatabases(app: App): void {
  const named = app.config.db_name.length ? app.config.db_name : (app.dbm.list().length ? [] : [app.config.default_db]);
  const { init, update } = app.config;
  for (const name of named) {
    if (!app.dbm.exists(name)) {
      const t = Date.now();
      log('info', 'odoo.service.db', `Creating database ${name} (modules: default set${init.length ? ` + ${init.join(', ')}` : ''})`, name);
      app.dbm.create(name, { demo: !app.config.without_demo, modules: [...DEFAULT_MODULES, ...init] });
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

export function startServer(config: Config, dbm?: DatabaseManager): Promise<Server> {
  configureMail(config);
  const { app, express: ex } = createApp(config, dbm);
  ensureDatabases(app);
  const handler = rpcFastPath(app, ex);
  const srv = http.createServer(handler);
  answerEveryMethod(srv, handler);
  srv.keepAliveTimeout = 65000;
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(config.http_port, config.http_interface || undefined, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.http_port;
      const host = config.http_interface && config.http_interface !== '0.0.0.0' ? config.http_interface : '127.0.0.1';
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
}
