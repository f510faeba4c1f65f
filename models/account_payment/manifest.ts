/** The `account_payment` module's manifest (Odoo 17: Payment - Account), auto-installed with account. */
import { defineManifest } from '../modules/manifest';
import { accountPaymentModels, accountPaymentPostInit } from './index';

export const manifest = defineManifest({
  name: 'account_payment',
  shortdesc: 'Payment - Account',
  version: '2.0',
  summary: 'Enable customers to pay invoices on the portal and post payments when transactions are processed.',
  category: 'Accounting/Accounting',
  depends: ['account', 'payment'],
  auto_install: ['account'],
  data: ['data/ir_config_parameter.xml', 'security/ir.model.access.csv', 'security/ir_rule_data.xml'],
  post_init_hook: accountPaymentPostInit,
  models: accountPaymentModels,
});
