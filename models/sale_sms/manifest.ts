/** `sale_sms` (auto-installed with sale and sms): a module with nothing to emulate beyond its presence. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'sale_sms', shortdesc: 'Sale - SMS', version: '1.0', summary: 'Ease SMS integration with sales capabilities',
  category: 'Hidden', depends: ['sale', 'sms'], auto_install: true,
});
