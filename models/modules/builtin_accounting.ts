/**
 * The invoicing and online-payment modules (account.md) and the modules Odoo 17 installs with
 * them (dependencies and auto_install links), so that installing `account` gives the same
 * installed module names as Odoo. Kept apart from builtin.ts so that each app family registers
 * its modules in its own list.
 */
import type { Manifest } from './manifest';
import { manifest as account } from '../account/manifest';
import { manifest as account_check_printing } from '../account_check_printing/manifest';
import { manifest as account_edi_ubl_cii } from '../account_edi_ubl_cii/manifest';
import { manifest as account_payment } from '../account_payment/manifest';
import { manifest as account_payment_term } from '../account_payment_term/manifest';
import { manifest as analytic } from '../analytic/manifest';
import { manifest as digest } from '../digest/manifest';
import { manifest as onboarding } from '../onboarding/manifest';
import { manifest as payment } from '../payment/manifest';
import { manifest as payment_demo } from '../payment_demo/manifest';
import { manifest as resource } from '../resource/manifest';
import { manifest as snailmail_account } from '../snailmail_account/manifest';
import { manifest as spreadsheet } from '../spreadsheet/manifest';
import { manifest as spreadsheet_account } from '../spreadsheet_account/manifest';
import { manifest as spreadsheet_dashboard } from '../spreadsheet_dashboard/manifest';
import { manifest as spreadsheet_dashboard_account } from '../spreadsheet_dashboard_account/manifest';
import { manifest as utm } from '../utm/manifest';

export const ACCOUNTING_MODULES: Manifest[] = [
  account, account_check_printing, account_edi_ubl_cii, account_payment, account_payment_term, analytic, digest, onboarding, payment, payment_demo, resource, snailmail_account, spreadsheet,
  spreadsheet_account, spreadsheet_dashboard, spreadsheet_dashboard_account, utm,
];
