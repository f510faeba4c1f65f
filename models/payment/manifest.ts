/** The `payment` module's manifest (Odoo 17: Payment Engine). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'payment',
  shortdesc: 'Payment Engine',
  version: '2.0',
  summary: 'The payment engine used by payment provider modules.',
  category: 'Hidden',
  depends: ['onboarding', 'portal'],
  data: ['data/payment.method.csv', 'data/payment_provider_data.xml', 'data/payment_cron.xml', 'security/ir.model.access.csv', 'security/ir_rule_data.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).paymentModels,
});
