/** The `uom` module's manifest (Odoo 17: Units of measure). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'uom',
  shortdesc: 'Units of measure',
  version: '17.0.1.0',
  category: 'Sales/Sales',
  depends: ['base'],
  data: ['data/uom_data.xml', 'security/uom_security.xml', 'security/ir.model.access.csv'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).uomModels,
});
