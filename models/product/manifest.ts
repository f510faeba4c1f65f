/** The `product` module's manifest (Odoo 17: Products & Pricelists). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'product',
  shortdesc: 'Products & Pricelists',
  version: '17.0.1.2',
  category: 'Sales/Sales',
  depends: ['base', 'mail', 'uom'],
  data: ['data/product_data.xml', 'security/product_security.xml', 'security/ir.model.access.csv'],
  demo: ['demo/product_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).productModels,
});
