/** The `sales_team` module's manifest (Odoo 17: Sales Teams). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'sales_team',
  shortdesc: 'Sales Teams',
  version: '17.0.1.1',
  summary: 'Sales Teams',
  category: 'Sales/Sales',
  website: 'https://www.odoo.com/app/crm',
  depends: ['base', 'mail'],
  data: ['security/sales_team_security.xml', 'security/ir.model.access.csv', 'data/crm_team_data.xml'],
  demo: ['demo/crm_team_demo.xml', 'demo/crm_tag_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).salesTeamModels,
});
