/** The `sale_management` module's manifest (Odoo 17: Sales, the application). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'sale_management',
  shortdesc: 'Sales',
  version: '17.0.1.0',
  summary: 'From quotations to invoices',
  category: 'Sales/Sales',
  website: 'https://www.odoo.com/app/sales',
  sequence: 5,
  application: true,
  depends: ['sale', 'digest'],
  data: ['security/ir.model.access.csv', 'security/sale_management_security.xml'],
  demo: ['demo/sale_order_template_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).saleManagementModels,
});
