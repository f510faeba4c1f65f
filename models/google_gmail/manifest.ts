/** The `google_gmail` module's manifest (Odoo 17: Google Gmail). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'google_gmail',
  shortdesc: 'Google Gmail',
  version: '17.0.1.2',
  category: 'Hidden',
  depends: ['mail'],
  auto_install: true,
});
