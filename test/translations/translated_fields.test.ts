/**
 * Which fields are translated: exactly Odoo 17's translate=True fields (ir.model.fields recorded
 * on a real Odoo 17 with the sale modules, test/fixtures/odoo17_translated_fields.json) of the
 * models and fields this emulator ships; the stored ones keep one value per language.
 */
import fs from 'fs';
import path from 'path';
import { builtinCatalog } from '../../models/database';
import { DEFAULT_MODULES } from '../../models/modules/builtin';
import { SALE_INIT } from '../addons/sale/sale_helpers';
import { isTranslated } from '../../models/orm/translate';

const recorded = new Set<string>(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'odoo17_translated_fields.json'), 'utf8')).fields);
// the modules of the recording: the default set and the sale modules
const catalog = builtinCatalog();
const registry = catalog.registry(catalog.installSet([...DEFAULT_MODULES, ...SALE_INIT], []), []);
const ours = [...registry.models.values()].flatMap((M) => Object.values(M._fields).map((f) => ({ key: `${M._name}.${f.name}`, f })));

test('every field Odoo 17 translates is translated here, when we ship it', () => {
  const missing = ours.filter(({ key, f }) => recorded.has(key) && !f.spec.translate).map(({ key }) => key);
  expect(missing).toEqual([]);
});

test('no field is translated here that Odoo 17 does not translate', () => {
  const extra = ours.filter(({ key, f }) => f.spec.translate && !recorded.has(key)).map(({ key }) => key);
  expect(extra).toEqual([]);
});

test('stored translated fields hold one value per language; view archs (term translations) do not', () => {
  const stored = ours.filter(({ f }) => isTranslated(f)).map(({ key }) => key);
  expect(stored).toEqual(expect.arrayContaining(['res.country.name', 'product.template.name', 'product.template.description_sale', 'uom.uom.name', 'res.partner.title.name']));
  expect(stored).not.toContain('ir.ui.view.arch_db');
  expect(stored).not.toContain('product.template.uom_name');
});
