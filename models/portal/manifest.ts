/** The `portal` module's manifest (Odoo 17: Customer Portal). */
import { defineManifest } from '../modules/manifest';
import { portalModels } from './index';

export const manifest = defineManifest({
  name: 'portal',
  shortdesc: 'Customer Portal',
  version: '17.0.1.0',
  summary: 'Customer Portal',
  category: 'Hidden',
  sequence: 9000,
  depends: ['web', 'web_editor', 'http_routing', 'mail', 'auth_signup'],
  data: ['security/ir.model.access.csv', 'data/mail_template_data.xml', 'views/portal_views.xml'],
  models: portalModels,
});
