/**
 * account addon (Invoicing): chart of accounts, journals, taxes, payment terms, journal entries
 * and invoices, reconciliation, payments and their wizards (account.md). See the files of this
 * folder for each part; README "Invoicing and payments" for what is emulated.
 */
import type { ModelDecl } from '../orm/registry';
import { configModels } from './config';
import { accountMove } from './account_move';
import { accountMoveLine } from './account_move_line';
import { reconcileModels } from './reconcile';
import { accountPayment } from './account_payment';
import { wizardModels } from './wizards';
import { productCategoryAccount, productProductAccount, productTemplateAccount, resCompanyAccount, resPartnerAccount } from './partner';
import { accountChartTemplate } from './chart_template';
import { moveSendModels } from './move_send';
import { irActionsReportAccount } from './report';
import { accountMoveAutopost } from './autopost';

/** account.analytic.applicability gets the invoicing domains and the account prefix (account/models/account_analytic_plan.py). */
const analyticApplicabilityAccount: ModelDecl = {
  _inherit: 'account.analytic.applicability',
  fields: {
    business_domain: { type: 'selection', string: 'Domain', required: true, selection: [['general', 'Miscellaneous'], ['invoice', 'Invoice'], ['bill', 'Vendor Bill']] },
    account_prefix: { type: 'char', string: 'Financial Accounts Prefix', help: 'Prefix that defines which accounts from the financial accounting this applicability should apply on.' },
  },
};

export const accountModels: ModelDecl[] = [
  resCompanyAccount, resPartnerAccount, ...configModels, accountMove, accountMoveLine, ...reconcileModels, accountPayment,
  ...wizardModels, productTemplateAccount, productProductAccount, productCategoryAccount, accountChartTemplate, analyticApplicabilityAccount,
  ...moveSendModels, irActionsReportAccount, accountMoveAutopost,
];
