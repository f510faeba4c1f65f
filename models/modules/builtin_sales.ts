/**
 * The product and sales modules (sale.md) and the modules Odoo 17 installs with them
 * (auto_install links), so that installing `sale_management` gives the same installed module
 * names as Odoo. Kept apart from builtin.ts, like the accounting family.
 */
import type { Manifest } from './manifest';
import { manifest as product } from '../product/manifest';
import { manifest as sale } from '../sale/manifest';
import { manifest as sale_async_emails } from '../sale_async_emails/manifest';
import { manifest as sale_management } from '../sale_management/manifest';
import { manifest as sale_pdf_quote_builder } from '../sale_pdf_quote_builder/manifest';
import { manifest as sale_product_configurator } from '../sale_product_configurator/manifest';
import { manifest as sale_sms } from '../sale_sms/manifest';
import { manifest as sales_team } from '../sales_team/manifest';
import { manifest as spreadsheet_dashboard_sale } from '../spreadsheet_dashboard_sale/manifest';
import { manifest as uom } from '../uom/manifest';

export const SALES_MODULES: Manifest[] = [
  product, sale, sale_async_emails, sale_management, sale_pdf_quote_builder, sale_product_configurator,
  sale_sms, sales_team, spreadsheet_dashboard_sale, uom,
];
