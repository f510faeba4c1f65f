/** The `account` module's manifest (Odoo 17: Invoicing). */
import { defineManifest } from '../modules/manifest';
import type { Environment } from '../orm/environment';
import type * as Models from './index';
import type * as ChartTemplate from './chart_template';

/**
 * _account_post_init (account/__init__.py): the generic chart when no demo data loaded it, and check
 * printing for US and Canadian companies, which Odoo installs right after (the module loader picks
 * up modules marked during post_init hooks).
 */
function postInit(env: Environment): void {
  // without demo data, the company's chart is loaded once the module is installed (ir_module.py write)
  const companyId = (env.companyInfo().companyId || 1) as number;
  if (!env.model('res.company').sudo().browse([companyId]).get('chart_template')) (require('./chart_template') as typeof ChartTemplate).loadGenericChart(env, companyId, false);
  const row = env.cr.get<{ code: string | null }>(
    'SELECT co.code FROM res_company c JOIN res_partner p ON p.id = c.partner_id LEFT JOIN res_country co ON co.id = p.country_id WHERE c.id = ?',
    [env.companyInfo().companyId || 1]);
  if (row?.code && ['US', 'CA'].includes(row.code)) {
    env.cr.run("UPDATE ir_module_module SET state = 'to install', demo = (SELECT demo FROM ir_module_module WHERE name = 'account') WHERE name = 'account_check_printing' AND state = 'uninstalled'");
  }
}

export const manifest = defineManifest({
  name: 'account',
  shortdesc: 'Invoicing',
  version: '1.2',
  summary: 'Invoices & Payments',
  sequence: 10,
  category: 'Accounting/Accounting',
  website: 'https://www.odoo.com/app/invoicing',
  depends: ['base_setup', 'onboarding', 'product', 'analytic', 'portal', 'digest'],
  data: ['security/account_security.xml', 'security/ir_rule_data.xml', 'security/ir.model.access.csv', 'data/account_data.xml', 'views/account_report.xml', 'data/mail_template_data.xml', 'data/service_cron.xml', 'data/account_incoterms_data.xml'],
  demo: ['demo/account_demo.xml'],
  application: true,
  post_init_hook: postInit,
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).accountModels,
});
