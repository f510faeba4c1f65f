/**
 * product addon: products and their variants, categories, attributes, pricelists (sale.md §1.3,
 * §1.4). The declarations live in one file per Odoo model file.
 */
import type { ModelDecl } from '../orm/registry';
import { productCategory } from './product_category';
import { productAttributeModels } from './product_attribute';
import { productTemplate, productProduct } from './product_template';
import { productPricelist, productPricelistItem } from './product_pricelist';
import { productTag, productPackaging, productSupplierinfo, productCatalogMixin, partnerPricelist } from './product_misc';

export const productModels: ModelDecl[] = [
  productCategory, productTag, productTemplate, productProduct, ...productAttributeModels,
  productPackaging, productSupplierinfo, productPricelist, productPricelistItem, productCatalogMixin, partnerPricelist,
];
