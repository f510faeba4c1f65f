/**
 * sale_product_configurator: the optional products a template suggests when it is ordered
 * (sale_product_configurator/models/product_template.py); the configurator dialog itself is a
 * web-client feature not emulated.
 */
import type { ModelDecl } from '../orm/registry';

export const templateOptionalProducts: ModelDecl = {
  _inherit: 'product.template',
  fields: {
    optional_product_ids: {
      type: 'many2many', comodel: 'product.template', relation: 'product_optional_rel', column1: 'src_id', column2: 'dest_id', string: 'Optional Products',
      domain: "['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
      help: 'Optional Products are suggested whenever the customer hits *Add to Cart* (cross-sell strategy, e.g. for computers: warranty, software, etc.).',
    },
  },
};

export const saleProductConfiguratorModels: ModelDecl[] = [templateOptionalProducts];
