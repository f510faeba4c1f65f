/** The `web_editor` module's manifest (Odoo 17: Web Editor). */
import { defineManifest } from '../modules/manifest';
import { webEditorModels } from './index';

export const manifest = defineManifest({
  name: 'web_editor',
  shortdesc: 'Web Editor',
  version: '17.0.1.0',
  category: 'Hidden',
  depends: ['bus', 'web'],
  auto_install: true,
  data: ['security/ir.model.access.csv'],
  models: webEditorModels,
});
