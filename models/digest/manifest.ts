/** The `digest` module's manifest (Odoo 17: KPI Digests). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'digest',
  shortdesc: 'KPI Digests',
  version: '1.1',
  category: 'Marketing',
  depends: ['mail', 'portal', 'resource'],
});
