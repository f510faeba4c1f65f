/**
 * sale addon: quotations and sales orders, their lines, invoicing them, and the wizards of the
 * sales flow (sale.md §1–§4). One file per part of Odoo's sale/models and sale/wizard.
 */
import type { ModelDecl } from '../orm/registry';
import { saleOrder } from './sale_order';
import { saleOrderLine } from './sale_order_line';
import { saleWizards } from './wizards';
import { saleExtensions } from './extensions';
import './report';

export const saleModels: ModelDecl[] = [saleOrder, saleOrderLine, ...saleWizards, ...saleExtensions];
