/** The `account_payment` module's manifest (Odoo 17: Payment - Account), auto-installed with account. */
import { defineManifest } from '../modules/manifest';
import type { Environment } from '../orm/environment';
import type * as Models from './index';

const load = () => require('./index') as typeof Models;

export const manifest = defineManifest({
  name: 'account_payment',
  shortdesc: 'Payment - Account',
  version: '2.0',
  summary: 'Enable customers to pay invoices on the portal and post payments when transactions are processed.',
  category: 'Accounting/Accounting',
  depends: ['account', 'payment'],
  auto_install: ['account'],
  data: ['data/ir_config_parameter.xml', 'security/ir.model.access.csv', 'security/ir_rule_data.xml'],
  post_init_hook: (env: Environment) => load().accountPaymentPostInit(env),
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => load().accountPaymentModels,
});
