/**
 * The bus module's HTTP fallback (addons/bus/controllers/websocket.py): the web client asks
 * /websocket/peek_notifications for the notifications of its channels after the last id it has
 * (the websocket itself is not emulated), and /websocket/health answers a health check.
 */
import type { Express } from 'express';
import { moduleRouter } from '../modules';
import { jsonRoute, sendText, type App } from '../http';
import { PyValueError, SessionExpiredException } from '../../models/orm/exceptions';
import { SUPERUSER_ID } from '../../models/orm/environment';
import { channelKey } from '../../models/bus';

export function registerBusRoutes(server: Express, app: App): void {
  const router = moduleRouter(server, app, 'bus');

  router.all('/websocket/peek_notifications', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    if (params.is_first_poll) ctx.session.set('is_websocket_session', true);
    else if (!('is_websocket_session' in ctx.session.data)) throw new SessionExpiredException('Session expired');
    const db = ctx.db;
    if (!db) throw new SessionExpiredException('Session expired');
    const channels = Array.isArray(params.channels) ? params.channels : [];
    // ir.websocket._prepare_subscribe_data: string channels only, plus the user's partner
    if (!channels.every((c) => typeof c === 'string')) throw new PyValueError('bus.Bus only string channels are allowed.');
    const uid = ctx.session.db === db.name && typeof ctx.session.uid === 'number' ? ctx.session.uid : null;
    const env = db.env(SUPERUSER_ID);
    const targets: unknown[] = [...new Set(channels as string[])];
    const publicId = env.xmlidLookup('base.public_user')?.[1];
    if (uid && uid !== publicId) {
      const partner = env.model('res.users').browse([uid]).get('partner_id') as number;
      targets.push(env.model('res.partner').browse([partner]));
    }
    const last = typeof params.last === 'number' ? params.last : 0;
    const Bus = env.model('bus.bus');
    return {
      channels: targets.map((t) => JSON.parse(channelKey(db.name, t))),
      notifications: Bus._poll(targets, last),
    };
  }));

  router.get('/websocket/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    sendText(res, 200, 'application/json', '{"status": "pass"}');
  });
}
