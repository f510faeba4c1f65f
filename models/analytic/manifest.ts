/** The `analytic` module's manifest (Odoo 17: Analytic Accounting). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'analytic',
  shortdesc: 'Analytic Accounting',
  version: '1.1',
  category: 'Accounting/Accounting',
  depends: ['base', 'mail', 'uom'],
  data: ['security/ir_rule_data.xml', 'security/analytic_security.xml', 'security/ir.model.access.csv', 'data/analytic_data.xml'],
  demo: ['demo/analytic_account_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).analyticModels,
});
