/** The `utm` module's manifest (Odoo 17: UTM Trackers). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'utm',
  shortdesc: 'UTM Trackers',
  version: '1.1',
  category: 'Hidden',
  depends: ['base', 'web'],
  data: ['data/utm_data.xml', 'security/ir.model.access.csv'],
  demo: ['demo/utm_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).utmModels,
});
