/**
 * /web/action/load and /web/webclient/load_menus (addons/web/controllers/action.py, home.py):
 * actions and menus are read from the database's ir.actions.* and ir.ui.menu records.
 */
import type { Express } from 'express';
import type { Database } from '../../models/database';
import type { Context } from '../../models/orm/environment';
import { MissingError } from '../../models/orm/exceptions';
import { cleanAction } from '../../models/base/ir_actions';
import { pyRepr } from '../../models/tools/pyrepr';
import { makeCtx, requireUser, type App } from '../http';
import { authUser, webCtx } from './portal_http';

/** Action.load: an action by id or xml id, read as superuser, cleaned for the web client; false when missing. */
export function loadAction(db: Database, uid: number, actionId: unknown, additionalContext: unknown, baseContext: Context = {}): unknown {
  const env = db.env(uid, { ...baseContext });
  let id: number;
  const asInt = typeof actionId === 'number' ? actionId : typeof actionId === 'string' && /^\s*[+-]?\d+\s*$/.test(actionId) ? parseInt(actionId, 10) : NaN;
  if (Number.isInteger(asInt)) {
    id = asInt;
  } else {
    const found = typeof actionId === 'string' ? env.xmlidLookup(actionId.includes('.') ? actionId : `.${actionId}`) : null;
    if (!found || !found[0].startsWith('ir.actions.')) throw new MissingError(`The action ${pyRepr(actionId)} does not exist.`);
    id = found[1];
  }
  const [base] = env.model('ir.actions.actions').sudo().browse([id]).read(['type']);
  if (!base) return false;
  const type = String(base.type);
  let context: Context = { ...env.context };
  if (type === 'ir.actions.report') context.bin_size = true;
  if (additionalContext && typeof additionalContext === 'object') context = { ...context, ...(additionalContext as Context) };
  const kindEnv = db.env(uid, context);
  if (!kindEnv.has(type)) return false;
  const [action] = kindEnv.model(type).sudo().browse([id]).read();
  return action ? cleanAction(kindEnv, action) : false;
}

/** json.dumps(value) as Python writes it: ', ' and ': ' separators, non-ASCII as \uXXXX. */
export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
}

export function registerMenuRoutes(server: Express, app: App): void {
  // auth='user' http route: without a session, the login page
  server.get('/web/webclient/load_menus/:unique', (req, res) => {
    const ctx = webCtx(app, req, res);
    const user = authUser(ctx);
    if (!user) return;
    const lang = typeof req.query.lang === 'string' ? req.query.lang : null;
    const context = { ...((ctx.session.data.context as Context) ?? {}), ...(lang ? { lang } : {}) };
    const debug = !!ctx.session.data.debug;
    const entries: Array<[string, unknown]> = user.db.env(user.uid, context).model('ir.ui.menu')._loadWebMenusEntries(debug);
    const body = Buffer.from(`{${entries.map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`, 'utf8');
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', `public, max-age=${60 * 60 * 24 * 365}`);
    res.setHeader('Content-Length', body.length);
    res.end(body);
  });
  void makeCtx; void requireUser;
}
