/** The `onboarding` module's manifest (Odoo 17: Onboarding Toolbox). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'onboarding',
  shortdesc: 'Onboarding Toolbox',
  version: '1.2',
  category: 'Hidden',
  depends: ['web'],
  sequence: 9001,
});
