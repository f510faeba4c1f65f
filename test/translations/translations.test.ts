/**
 * Translations as clients see them over RPC (Odoo 17): installing a language with
 * base.language.install, translated fields read, written, searched and ordered in the context's
 * language with the en_US fallback, update_field_translations / get_field_translations, and the
 * names clients read everywhere (read, search_read, name_search, many2one values, web_read).
 *
 * Expected values were observed on a real Odoo 17 (database with the sale modules, fr_FR
 * installed through the wizard), the same calls in the same order.
 */
import { startSaleServer, SaleRpc, DEMO } from '../addons/sale/sale_helpers';
import type { TestServer } from '../helpers/server';

let srv: TestServer;
let rpc: SaleRpc;
const FR = { context: { lang: 'fr_FR' } };
const EN = { context: { lang: 'en_US' } };

beforeAll(async () => {
  srv = await startSaleServer();
  rpc = new SaleRpc(srv);
}, 300000);

afterAll(() => srv?.close());

const byLang = (rows: Array<{ lang: string }>) => [...rows].sort((a, b) => a.lang.localeCompare(b.lang));

describe('installing a language', () => {
  test('the wizard declares the fields of Odoo 17', async () => {
    const fields = await rpc.ok('base.language.install', 'fields_get', [], { attributes: ['type', 'string', 'required', 'relation', 'readonly', 'store'] });
    expect(fields.lang_ids).toEqual({ type: 'many2many', string: 'Languages', required: true, relation: 'res.lang', readonly: false, store: true });
    expect(fields.overwrite).toEqual({ type: 'boolean', string: 'Overwrite Existing Terms', required: false, readonly: false, store: true });
    expect(fields.first_lang_id).toEqual({ type: 'many2one', string: 'First Lang', required: false, relation: 'res.lang', readonly: true, store: false });
  });

  test('defaults: overwrite, and the languages selected in the res.lang list', async () => {
    expect(await rpc.ok('base.language.install', 'default_get', [['lang_ids', 'overwrite', 'first_lang_id']])).toEqual({ lang_ids: [[6, 0, []]], overwrite: true });
    expect(await rpc.ok('base.language.install', 'default_get', [['lang_ids']], { context: { active_model: 'res.lang', active_ids: [1] } })).toEqual({ lang_ids: [[6, 0, [1]]] });
  });

  test('before installation a language context reads en_US and fr_FR is inactive', async () => {
    const [fr] = await rpc.ok('res.lang', 'search_read', [[['code', '=', 'fr_FR']], ['active', 'name', 'code', 'url_code', 'iso_code']], { context: { active_test: false } });
    expect(fr).toMatchObject({ active: false, name: 'French / Français', code: 'fr_FR', url_code: 'fr', iso_code: 'fr' });
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']], FR)).toEqual([{ id: 57, name: 'Germany' }]);
  });

  test('lang_install activates fr_FR, loads country names and offers to switch to it', async () => {
    const fr = await rpc.ok('res.lang', 'search', [[['code', '=', 'fr_FR']]], { context: { active_test: false } });
    const wiz = await rpc.ok('base.language.install', 'create', [{ lang_ids: [[6, 0, fr]] }]);
    expect(await rpc.ok('base.language.install', 'read', [[wiz], ['lang_ids', 'overwrite', 'first_lang_id']]))
      .toEqual([{ id: wiz, lang_ids: fr, overwrite: true, first_lang_id: [fr[0], 'French / Français'] }]);
    const action = await rpc.ok('base.language.install', 'lang_install', [[wiz]]);
    const [view] = await rpc.ok('ir.model.data', 'search_read', [[['module', '=', 'base'], ['name', '=', 'language_install_view_form_lang_switch']], ['res_id']]);
    expect(action).toEqual({ type: 'ir.actions.act_window', res_model: 'base.language.install', res_id: wiz, view_mode: 'form', target: 'new', views: [[view.res_id, 'form']] });
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']], FR)).toEqual([{ id: 57, name: 'Allemagne' }]);
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']])).toEqual([{ id: 57, name: 'Germany' }]);
    expect(await rpc.ok('res.lang', 'get_installed')).toEqual([['en_US', 'English (US)'], ['fr_FR', 'French / Français']]);
  });

  test('lang_install is for one wizard at a time', async () => {
    const wiz = await rpc.ok('base.language.install', 'create', [{}]);
    expect(await rpc.call('base.language.install', 'lang_install', [[wiz, wiz]]))
      .toEqual({ error: 'builtins.ValueError', message: `Expected singleton: base.language.install(${wiz}, ${wiz})` });
  });

  test('several languages: a notification; switch_lang gives the user the first one', async () => {
    const langs = await rpc.ok('res.lang', 'search', [[['code', 'in', ['de_DE', 'it_IT']]]], { context: { active_test: false }, order: 'code' });
    const wiz = await rpc.ok('base.language.install', 'create', [{ lang_ids: [[6, 0, langs]] }]);
    const action = await rpc.ok('base.language.install', 'lang_install', [[wiz]]);
    expect(action).toEqual({
      type: 'ir.actions.client', tag: 'display_notification', context: { active_ids: [wiz] }, target: 'new',
      params: {
        message: `The languages that you selected have been successfully installed.${' '.repeat(28)}Users can choose their favorite language in their preferences.`,
        type: 'success', sticky: false, next: { type: 'ir.actions.act_window_close' },
      },
    });
    expect(await rpc.ok('res.country', 'search_read', [[['code', 'in', ['DE', 'FR']]], ['name']], { context: { lang: 'it_IT' }, order: 'name' }))
      .toEqual([{ id: 75, name: 'Francia' }, { id: 57, name: 'Germania' }]);
    expect(await rpc.ok('base.language.install', 'read', [[wiz], ['first_lang_id']])).toEqual([{ id: wiz, first_lang_id: [langs[0], 'German / Deutsch'] }]);
    expect(await rpc.ok('base.language.install', 'switch_lang', [[wiz]])).toEqual({ type: 'ir.actions.client', tag: 'reload_context' });
    expect(await rpc.ok('res.users', 'read', [[2], ['lang']])).toEqual([{ id: 2, lang: 'de_DE' }]);
    await rpc.ok('res.users', 'write', [[2], { lang: 'en_US' }]);
    expect(await rpc.ok('base.language.install', 'reload', [[wiz]])).toEqual({ type: 'ir.actions.client', tag: 'reload' });
  });

  test('res.lang: toggle_active loads translations, a plain write only activates', async () => {
    const [es] = await rpc.ok('res.lang', 'search', [[['code', '=', 'es_ES']]], { context: { active_test: false } });
    // toggle_active returns None: Odoo's JSON-RPC reply then has no `result` key
    expect(await rpc.ok('res.lang', 'toggle_active', [[es]])).toBeUndefined();
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']], { context: { lang: 'es_ES' } })).toEqual([{ id: 57, name: 'Alemania' }]);
    const [nl] = await rpc.ok('res.lang', 'search', [[['code', '=', 'nl_NL']]], { context: { active_test: false } });
    expect(await rpc.ok('res.lang', 'write', [[nl], { active: true }])).toBe(true);
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']], { context: { lang: 'nl_NL' } })).toEqual([{ id: 57, name: 'Germany' }]);
    const [pt] = await rpc.ok('res.lang', 'search', [[['code', '=', 'pt_PT']]], { context: { active_test: false } });
    expect(await rpc.ok('res.lang', 'action_activate_langs', [[pt]])).toEqual({
      type: 'ir.actions.client', tag: 'display_notification', target: 'new',
      params: {
        message: 'The languages that you selected have been successfully installed. Users can choose their favorite language in their preferences.',
        type: 'success', sticky: false, next: { type: 'ir.actions.act_window_close' },
      },
    });
    expect(await rpc.ok('res.country', 'search_read', [[['code', '=', 'DE']], ['name']], { context: { lang: 'pt_PT' } })).toEqual([{ id: 57, name: 'Alemanha' }]);
    expect(await rpc.call('res.lang', '_activate_lang', ['nl_NL']))
      .toEqual({ error: 'odoo.exceptions.AccessError', message: 'Private methods (such as _activate_lang) cannot be called remotely.' });
    const available = await rpc.ok('res.lang', 'get_available');
    expect(available.slice(0, 2)).toEqual([
      ['sq_AL', 'sq', 'Albanian / Shqip', false, '/base/static/img/country_flags/al.png'],
      ['am_ET', 'am_ET', 'Amharic / አምሃርኛ', false, '/base/static/img/country_flags/et.png'],
    ]);
  });
});

describe('res.lang guards (Odoo 17 write and unlink)', () => {
  const USER_ERROR = 'odoo.exceptions.UserError';
  test('a language in use stays active; the code is fixed', async () => {
    const [en] = await rpc.ok('res.lang', 'search', [[['code', '=', 'en_US']]]);
    expect(await rpc.call('res.lang', 'write', [[en], { active: false }])).toEqual({ error: USER_ERROR, message: 'Cannot deactivate a language that is currently used by users.' });
    expect(await rpc.call('res.lang', 'write', [[en], { code: 'en_GB' }])).toEqual({ error: USER_ERROR, message: 'Language code cannot be modified.' });
    const [it] = await rpc.ok('res.lang', 'search', [[['code', '=', 'it_IT']]]);
    const partner = await rpc.ok('res.partner', 'create', [{ name: 'Tr lang partner', lang: 'it_IT' }]);
    expect(await rpc.call('res.lang', 'write', [[it], { active: false }])).toEqual({ error: USER_ERROR, message: 'Cannot deactivate a language that is currently used by contacts.' });
    await rpc.ok('res.partner', 'write', [[partner], { active: false }]);
    expect(await rpc.ok('res.lang', 'write', [[it], { active: false }])).toBe(true);
    expect(await rpc.ok('res.lang', 'get_installed')).not.toContainEqual(['it_IT', 'Italian / Italiano']);
  });

  test('en_US, an active language and the context language cannot be deleted', async () => {
    const [en] = await rpc.ok('res.lang', 'search', [[['code', '=', 'en_US']]]);
    expect(await rpc.call('res.lang', 'unlink', [[en]])).toEqual({ error: USER_ERROR, message: "Base Language 'en_US' can not be deleted." });
    const [fr] = await rpc.ok('res.lang', 'search', [[['code', '=', 'fr_FR']]]);
    expect(await rpc.call('res.lang', 'unlink', [[fr]])).toEqual({ error: USER_ERROR, message: 'You cannot delete the language which is Active!\nPlease de-activate the language first.' });
    // Odoo answers this one in the context language (from its .po files): English here
    expect(await rpc.call('res.lang', 'unlink', [[fr]], FR)).toEqual({ error: USER_ERROR, message: "You cannot delete the language which is the user's preferred language." });
  });
});

describe('translated fields (fr_FR installed)', () => {
  let productId: number;
  let templateId: number;

  test('a value written in fr_FR changes only the French value', async () => {
    productId = await rpc.ok('product.product', 'create', [{ name: 'Tr product en' }]);
    expect(await rpc.ok('product.product', 'read', [[productId], ['name', 'display_name']], FR)).toEqual([{ id: productId, name: 'Tr product en', display_name: 'Tr product en' }]);
    await rpc.ok('product.product', 'write', [[productId], { name: 'Tr produit fr' }], FR);
    expect(await rpc.ok('product.product', 'read', [[productId], ['name']], EN)).toEqual([{ id: productId, name: 'Tr product en' }]);
    expect(await rpc.ok('product.product', 'read', [[productId], ['name', 'display_name']], FR)).toEqual([{ id: productId, name: 'Tr produit fr', display_name: 'Tr produit fr' }]);
    // writing en_US afterwards keeps the French value
    await rpc.ok('product.product', 'write', [[productId], { name: 'Tr product en2' }], EN);
    expect(await rpc.ok('product.product', 'read', [[productId], ['name']])).toEqual([{ id: productId, name: 'Tr product en2' }]);
    expect(await rpc.ok('product.product', 'read', [[productId], ['name']], FR)).toEqual([{ id: productId, name: 'Tr produit fr' }]);
    [{ product_tmpl_id: [templateId] }] = await rpc.ok('product.product', 'read', [[productId], ['product_tmpl_id']]);
  });

  test('get_field_translations lists the installed languages (or those asked) with the en_US source', async () => {
    const [rows, ctx] = await rpc.ok('product.template', 'get_field_translations', [[templateId], 'name']);
    expect(byLang(rows).filter((r) => ['en_US', 'fr_FR'].includes(r.lang))).toEqual([
      { lang: 'en_US', source: 'Tr product en2', value: 'Tr product en2' },
      { lang: 'fr_FR', source: 'Tr product en2', value: 'Tr produit fr' },
    ]);
    expect(ctx).toEqual({ translation_type: 'char', translation_show_source: false });
    const [some] = await rpc.ok('product.template', 'get_field_translations', [[templateId], 'name'], { langs: ['fr_FR', 'ja_JP'] });
    expect(byLang(some)).toEqual([
      { lang: 'fr_FR', source: 'Tr product en2', value: 'Tr produit fr' },
      { lang: 'ja_JP', source: 'Tr product en2', value: 'Tr product en2' },
    ]);
    expect(await rpc.ok('product.template', 'get_field_translations', [[templateId], 'default_code'])).toEqual([[], { translation_type: 'char', translation_show_source: false }]);
    const [desc, descCtx] = await rpc.ok('product.template', 'get_field_translations', [[templateId], 'description_sale'], { langs: ['fr_FR', 'en_US'] });
    expect(byLang(desc)).toEqual([{ lang: 'en_US', source: false, value: false }, { lang: 'fr_FR', source: false, value: false }]);
    expect(descCtx).toEqual({ translation_type: 'text', translation_show_source: false });
  });

  test('searching and name_search use the context language, without falling back to other languages', async () => {
    expect(await rpc.ok('product.product', 'search_read', [[['name', 'ilike', 'Tr produit fr']], ['name']], FR)).toEqual([{ id: productId, name: 'Tr produit fr' }]);
    expect(await rpc.ok('product.product', 'search_read', [[['name', 'ilike', 'Tr product en2']], ['name']], FR)).toEqual([]);
    expect(await rpc.ok('product.product', 'search_read', [[['name', 'ilike', 'Tr produit fr']], ['name']], EN)).toEqual([]);
    expect(await rpc.ok('product.product', 'name_search', ['Tr produit fr'], FR)).toEqual([[productId, 'Tr produit fr']]);
    expect(await rpc.ok('res.country', 'name_search', ['Allemagne'], FR)).toEqual([[57, 'Allemagne']]);
    expect(await rpc.ok('res.country', 'search', [[['name', '=', 'Germany']]], FR)).toEqual([]);
  });

  test('a record created in fr_FR has the value in en_US too; update_field_translations sets and removes values', async () => {
    const id = await rpc.ok('product.product', 'create', [{ name: 'Tr créé fr' }], FR);
    expect(await rpc.ok('product.product', 'read', [[id], ['name']], EN)).toEqual([{ id, name: 'Tr créé fr' }]);
    await rpc.ok('product.product', 'write', [[id], { name: 'Tr created en' }], EN);
    expect(await rpc.ok('product.product', 'read', [[id], ['name']], EN)).toEqual([{ id, name: 'Tr created en' }]);
    expect(await rpc.ok('product.product', 'read', [[id], ['name']], FR)).toEqual([{ id, name: 'Tr créé fr' }]);
    const [{ product_tmpl_id: [tmpl] }] = await rpc.ok('product.product', 'read', [[id], ['product_tmpl_id']]);
    expect(await rpc.ok('product.template', 'update_field_translations', [[tmpl], 'name', { fr_FR: 'Tr nouveau' }])).toBe(true);
    expect(await rpc.ok('product.template', 'read', [[tmpl], ['name']], FR)).toEqual([{ id: tmpl, name: 'Tr nouveau' }]);
    expect(await rpc.ok('product.template', 'read', [[tmpl], ['name']], EN)).toEqual([{ id: tmpl, name: 'Tr created en' }]);
    expect(await rpc.ok('product.template', 'update_field_translations', [[tmpl], 'name', { fr_FR: false }])).toBe(true);
    expect(await rpc.ok('product.template', 'read', [[tmpl], ['name']], FR)).toEqual([{ id: tmpl, name: 'Tr created en' }]);
    expect(await rpc.call('product.template', 'update_field_translations', [[tmpl], 'name', { ko_KR: 'x' }]))
      .toEqual({ error: 'odoo.exceptions.UserError', message: 'The following languages are not activated: ko_KR' });
    expect(await rpc.call('product.template', 'update_field_translations', [[tmpl], 'name', { fr_FR: 5 }]))
      .toEqual({ error: 'odoo.exceptions.UserError', message: 'Translations for model translated fields only accept falsy values and str' });
    expect(await rpc.ok('product.template', 'update_field_translations', [[tmpl], 'default_code', { fr_FR: 'x' }])).toBe(false);
    expect(await rpc.ok('product.template', 'update_field_translations', [[tmpl], 'name', { en_US: false }])).toBe(false);
    expect(await rpc.ok('product.template', 'read', [[tmpl], ['name']], EN)).toEqual([{ id: tmpl, name: 'Tr created en' }]);
  });

  test('writing False empties every language', async () => {
    await rpc.ok('product.template', 'write', [[templateId], { description_sale: 'desc en' }], EN);
    await rpc.ok('product.template', 'write', [[templateId], { description_sale: 'desc fr' }], FR);
    expect(await rpc.ok('product.template', 'read', [[templateId], ['description_sale']], FR)).toEqual([{ id: templateId, description_sale: 'desc fr' }]);
    await rpc.ok('product.template', 'write', [[templateId], { description_sale: false }], FR);
    expect(await rpc.ok('product.template', 'read', [[templateId], ['description_sale']], FR)).toEqual([{ id: templateId, description_sale: false }]);
    expect(await rpc.ok('product.template', 'read', [[templateId], ['description_sale']], EN)).toEqual([{ id: templateId, description_sale: false }]);
  });

  test('an inactive or unknown language reads and writes en_US', async () => {
    expect(await rpc.ok('product.template', 'read', [[templateId], ['name']], { context: { lang: 'ko_KR' } })).toEqual([{ id: templateId, name: 'Tr product en2' }]);
    expect(await rpc.ok('product.template', 'read', [[templateId], ['name']], { context: { lang: 'xx' } })).toEqual([{ id: templateId, name: 'Tr product en2' }]);
    await rpc.ok('product.template', 'write', [[templateId], { name: 'Tr written ko' }], { context: { lang: 'ko_KR' } });
    expect(await rpc.ok('product.template', 'read', [[templateId], ['name']], EN)).toEqual([{ id: templateId, name: 'Tr written ko' }]);
    expect(await rpc.ok('product.template', 'read', [[templateId], ['name']], FR)).toEqual([{ id: templateId, name: 'Tr produit fr' }]);
  });

  test('a copy: a name given a "(copy)" suffix has that value only', async () => {
    const copy = await rpc.ok('product.template', 'copy', [[templateId]]);
    expect(await rpc.ok('product.template', 'read', [[copy], ['name']], EN)).toEqual([{ id: copy, name: 'Tr written ko (copy)' }]);
    expect(await rpc.ok('product.template', 'read', [[copy], ['name']], FR)).toEqual([{ id: copy, name: 'Tr written ko (copy)' }]);
  });

  test('a copy keeps the other languages\' values of the fields copied as they are', async () => {
    await rpc.ok('product.template', 'write', [[templateId], { description_sale: 'Tr desc en' }], EN);
    await rpc.ok('product.template', 'write', [[templateId], { description_sale: 'Tr desc fr' }], FR);
    const copy = await rpc.ok('product.template', 'copy', [[templateId]]);
    expect(await rpc.ok('product.template', 'read', [[copy], ['description_sale']], EN)).toEqual([{ id: copy, description_sale: 'Tr desc en' }]);
    expect(await rpc.ok('product.template', 'read', [[copy], ['description_sale']], FR)).toEqual([{ id: copy, description_sale: 'Tr desc fr' }]);
  });
});

describe('names in the context language everywhere a client reads them', () => {
  let partnerId: number;
  beforeAll(async () => {
    partnerId = await rpc.ok('res.partner', 'create', [{ name: 'Tr partner', country_id: 57 }]);
  });

  test('many2one values of read and search_read', async () => {
    expect(await rpc.ok('res.partner', 'read', [[partnerId], ['country_id']], FR)).toEqual([{ id: partnerId, country_id: [57, 'Allemagne'] }]);
    expect(await rpc.ok('res.partner', 'search_read', [[['id', '=', partnerId]], ['country_id']], FR)).toEqual([{ id: partnerId, country_id: [57, 'Allemagne'] }]);
    expect(await rpc.ok('res.partner', 'read', [[partnerId], ['country_id']])).toEqual([{ id: partnerId, country_id: [57, 'Germany'] }]);
  });

  test('web_read and web_search_read', async () => {
    expect(await rpc.ok('res.partner', 'web_read', [[partnerId], { country_id: { fields: { display_name: {} } } }], FR))
      .toEqual([{ id: partnerId, country_id: { id: 57, display_name: 'Allemagne' } }]);
    const res = await rpc.ok('res.country', 'web_search_read', [[['code', 'in', ['DE', 'AT', 'BE', 'ES']]], { name: {}, display_name: {} }], FR);
    expect(res.records.map((r: { name: string }) => r.name)).toEqual(['Allemagne', 'Autriche', 'Belgique', 'Espagne']);
  });

  test('order by a translated field follows the context language', async () => {
    const codes = ['DE', 'AT', 'BE', 'ES'];
    const fr = await rpc.ok('res.country', 'search_read', [[['code', 'in', codes]], ['name']], { ...FR, order: 'name' });
    expect(fr.map((r: { name: string }) => r.name)).toEqual(['Allemagne', 'Autriche', 'Belgique', 'Espagne']);
    const en = await rpc.ok('res.country', 'search_read', [[['code', 'in', codes]], ['name']], { order: 'name' });
    expect(en.map((r: { name: string }) => r.name)).toEqual(['Austria', 'Belgium', 'Germany', 'Spain']);
  });

  test('read_group groups by the value in the context language', async () => {
    const groups = await rpc.ok('res.country', 'read_group', [[['code', 'in', ['DE', 'AT']]], ['name'], ['name']], FR);
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['Allemagne', 'Autriche']);
  });

  test('an internal user reads in French too', async () => {
    expect(await rpc.as(DEMO).ok('res.country', 'read', [[57], ['name', 'display_name']], FR)).toEqual([{ id: 57, name: 'Allemagne', display_name: 'Allemagne' }]);
  });
});
