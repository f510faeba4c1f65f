/**
 * The product and sales modules (sale.md) and the modules Odoo 17 installs with them
 * (auto_install links), so that installing `sale_management` gives the same installed module
 * names as Odoo. Kept apart from builtin.ts, like the accounting family.
 */
import type { Manifest } from './manifest';
import { manifest as product } from '../product/manifest';
import { manifest as sales_team } from '../sales_team/manifest';
import { manifest as uom } from '../uom/manifest';

export const SALES_MODULES: Manifest[] = [product, sales_team, uom];
