/** The `iap_mail` module's manifest (Odoo 17: IAP / Mail). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'iap_mail',
  shortdesc: 'IAP / Mail',
  version: '17.0.1.0',
  summary: 'Bridge between IAP and mail',
  category: 'Hidden/Tools',
  depends: ['iap', 'mail'],
  auto_install: true,
});
