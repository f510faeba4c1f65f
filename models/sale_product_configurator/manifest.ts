/** `sale_product_configurator` (auto-installed with sale): optional products of templates, and its demo product. */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'sale_product_configurator', shortdesc: 'Sale Product Configurator', version: '1.0', summary: 'Configure your products',
  category: 'Hidden', depends: ['sale'], auto_install: true,
  demo: ['demo/sale_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).saleProductConfiguratorModels,
});
