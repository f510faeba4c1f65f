/**
 * Route registrations of the addons that have HTTP routes, in registration order. Each addon's
 * routes live in server/<addon>/ and use moduleRouter (server/modules.ts), so that they only
 * answer for databases where the addon is installed. Add a line here when an addon gets routes.
 */
import type { Express } from 'express';
import type { App } from './http';
import { registerPaymentRoutes } from './payment/routes';
import { registerPortalChatterRoutes } from './portal/chatter';
import { registerSaleRoutes } from './sale/routes';
import { registerAccountRoutes } from './account/routes';
import { registerReportRoutes } from './web/report_routes';
import { registerBusRoutes } from './bus/routes';

export const ADDON_ROUTES: Array<(server: Express, app: App) => void> = [
  registerPortalChatterRoutes, registerPaymentRoutes, registerSaleRoutes, registerAccountRoutes, registerReportRoutes, registerBusRoutes,
];
