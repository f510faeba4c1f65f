/** The `partner_autocomplete` module's manifest (Odoo 17: Partner Autocomplete). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'partner_autocomplete',
  shortdesc: 'Partner Autocomplete',
  version: '17.0.1.1',
  summary: "Auto-complete partner companies' data",
  category: 'Hidden/Tools',
  depends: ['iap_mail'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'data/ir_cron_data.xml'],
});
