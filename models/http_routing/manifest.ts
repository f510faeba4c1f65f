/** The `http_routing` module's manifest (Odoo 17: Web Routing). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'http_routing',
  shortdesc: 'Web Routing',
  version: '17.0.1.0',
  summary: 'Web Routing',
  category: 'Hidden',
  sequence: 9100,
  depends: ['web'],
});
