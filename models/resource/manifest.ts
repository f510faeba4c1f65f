/** The `resource` module's manifest (Odoo 17: Resource). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'resource',
  shortdesc: 'Resource',
  version: '1.1',
  category: 'Hidden',
  depends: ['base', 'web'],
});
