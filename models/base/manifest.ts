/** The `base` module's manifest (Odoo 17: Base). */
import { defineManifest } from '../modules/manifest';
import { baseModels } from './index';

export const manifest = defineManifest({
  name: 'base',
  shortdesc: 'Base',
  version: '17.0.1.3',
  category: 'Hidden',
  depends: [],
  auto_install: true,
  data: ['data/res.currency.csv', 'data/res.country.csv', 'data/res.country.state.csv', 'data/res.lang.csv', 'data/base_groups.xml', 'data/base_data.xml', 'security/ir.model.access.csv', 'security/base_security.xml'],
  demo: ['demo/base_demo.xml'],
  models: baseModels,
});
