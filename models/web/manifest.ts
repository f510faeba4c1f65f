/** The `web` module's manifest (Odoo 17: Web). */
import { defineManifest } from '../modules/manifest';
import { webModels } from './base_document_layout';

export const manifest = defineManifest({
  name: 'web',
  shortdesc: 'Web',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['base'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'views/report_templates.xml', 'views/base_document_layout_views.xml', 'data/report_layout.xml'],
  models: webModels,
});
