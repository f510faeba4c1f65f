/** The `onboarding` module's manifest (Odoo 17: Onboarding Toolbox). Installed along with the accounting apps; no models emulated (its access rights and rules are loaded for their ids). */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'onboarding',
  shortdesc: 'Onboarding Toolbox',
  version: '1.2',
  category: 'Hidden',
  depends: ['web'],
  data: ['security/ir.model.access.csv'],
  sequence: 9001,
});
