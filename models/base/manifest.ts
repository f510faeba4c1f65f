/** The `base` module's manifest (Odoo 17: Base). */
import { defineManifest } from '../modules/manifest';
import { baseModels } from './index';

export const manifest = defineManifest({
  name: 'base',
  shortdesc: 'Base',
  version: '17.0.1.3',
  category: 'Hidden',
  depends: [],
  auto_install: true,
  data: ['data/res_bank.xml', 'data/ir_config_parameter_data.xml', 'data/res.lang.csv', 'data/res.partner.title.csv', 'data/res.partner.industry.csv', 'data/res.currency.csv', 'data/res_country_data.xml', 'data/res_country_group.xml', 'data/res.country.state.csv', 'data/base_groups.xml', 'data/base_data.xml', 'data/report_paperformat_data.xml', 'data/ir_cron_data.xml', 'security/ir_rule_data.xml', 'security/ir.model.access.csv', 'views/base_views.xml', 'views/base_menus.xml', 'data/ir_default_data.xml', 'views/base_language_install_views.xml'],
  demo: ['demo/res_users_demo.xml', 'demo/res.partner.bank.csv', 'demo/res_currency_rate_demo.xml', 'demo/res_bank_demo.xml', 'demo/res.partner.category.csv', 'demo/res_partner_demo.xml'],
  models: baseModels,
});
