/** The `digest` module's manifest (Odoo 17: KPI Digests). Installed along with the accounting apps; no models emulated (its access rights and rules are loaded for their ids). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'digest',
  shortdesc: 'KPI Digests',
  version: '1.1',
  category: 'Marketing',
  depends: ['mail', 'portal', 'resource'],
  data: ['data/ir_cron_data.xml', 'security/ir.model.access.csv'],
});
