/**
 * The browser-facing routes, registered together: login/signup/reset (routes/auth.ts), the /my
 * portal (routes/portal.ts) and the two-factor pages (routes/totp.ts); the emulator's outbox is
 * registered with the control routes (server/control/routes.ts). Registered before the
 * JSON web routes so that POST /web/session/logout gets its CSRF check.
 */
import type { Express } from 'express';
import type { App } from '../http';
import { registerAuthRoutes } from '../routes/auth';
import { registerPortalRoutes } from '../routes/portal';
import { registerTotpRoutes } from '../routes/totp';

export function registerBrowserRoutes(server: Express, app: App): void {
  registerAuthRoutes(server, app);
  registerPortalRoutes(server, app);
  registerTotpRoutes(server, app);
}
