/**
 * Route registrations of the addons that have HTTP routes, in registration order. Each addon's
 * routes live in server/<addon>/ and use moduleRouter (server/modules.ts), so that they only
 * answer for databases where the addon is installed. Add a line here when an addon gets routes.
 */
import type { Express } from 'express';
import type { App } from './http';
import { registerPaymentRoutes } from './payment/routes';
import { registerBusRoutes } from './bus/routes';

export const ADDON_ROUTES: Array<(server: Express, app: App) => void> = [registerPaymentRoutes, registerBusRoutes];
