/** The `snailmail_account` module's manifest (Odoo 17: Snail Mail - Account). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'snailmail_account',
  shortdesc: 'Snail Mail - Account',
  version: '0.1',
  category: 'Hidden/Tools',
  depends: ['account', 'snailmail'],
  auto_install: true,
});
