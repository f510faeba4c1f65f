/** The `mail_bot` module's manifest (Odoo 17: OdooBot). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'mail_bot',
  shortdesc: 'OdooBot',
  version: '17.0.1.2',
  summary: 'Add OdooBot in discussions',
  category: 'Productivity/Discuss',
  website: 'https://www.odoo.com/app/discuss',
  depends: ['mail'],
  auto_install: true,
});
