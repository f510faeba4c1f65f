/** The `sale` module's manifest (Odoo 17: Sales, the internal machinery of sale_management). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'sale',
  shortdesc: 'Sales',
  version: '17.0.1.2',
  summary: 'Sales internal machinery',
  category: 'Sales/Sales',
  depends: ['sales_team', 'account_payment', 'utm'],
  data: [
    'security/ir.model.access.csv', 'security/res_groups.xml', 'security/ir_rules.xml', 'report/ir_actions_report.xml',
    'data/ir_cron.xml', 'data/ir_sequence_data.xml', 'data/mail_activity_type_data.xml', 'data/mail_message_subtype_data.xml', 'data/mail_template_data.xml', 'data/ir_config_parameter.xml',
  ],
  demo: ['demo/product_demo.xml', 'demo/sale_demo.xml'],
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).saleModels,
});
