/** The `bus` module's manifest (Odoo 17: IM Bus). */
import { defineManifest } from '../modules/manifest';
import { busModels } from './index';

export const manifest = defineManifest({
  name: 'bus',
  shortdesc: 'IM Bus',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['base', 'web'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
  models: busModels,
});
