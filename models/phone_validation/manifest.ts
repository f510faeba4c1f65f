/** The `phone_validation` module's manifest (Odoo 17: Phone Numbers Validation). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'phone_validation',
  shortdesc: 'Phone Numbers Validation',
  version: '17.0.2.1',
  summary: 'Validate and format phone numbers',
  category: 'Hidden',
  sequence: 9999,
  depends: ['base', 'mail'],
  auto_install: true,
  data: ['security/ir.model.access.csv', 'views/phone_validation_menus.xml'],
});
