/**
 * The document layout configurator (web: base.document.layout, report.layout) over JSON-RPC and
 * XML-RPC, in a database with sale_management and account: as in a fresh Odoo 17 database an
 * administrator printing or sending an invoice is first asked to configure the layout, until his
 * company has one; other users get their action at once. Expected values were read on a real
 * Odoo 17 (ref_sale; fields_get recorded in document_layout_fields.json).
 */
import fs from 'fs';
import path from 'path';
import { type TestServer } from '../helpers/server';
import { py } from '../integration/helpers';
import { ADMIN, DEMO, SaleRpc, startSaleServer } from '../addons/sale/sale_helpers';
import { WebSession } from '../wire/helpers';

const REFERENCE = JSON.parse(fs.readFileSync(path.join(__dirname, 'document_layout_fields.json'), 'utf8')).models as Record<string, Record<string, Record<string, unknown>>>;

let srv: TestServer;
let rpc: SaleRpc;
let invoice: number;
let configuratorView: number;
let invoiceReport: number;
beforeAll(async () => {
  srv = await startSaleServer();
  rpc = new SaleRpc(srv, ADMIN);
  const ref = async (xmlid: string) => (await rpc.ok('ir.model.data', 'check_object_reference', xmlid.split('.')))[1] as number;
  configuratorView = await ref('web.view_base_document_layout');
  invoiceReport = await ref('account.account_invoices');
  const partner = await rpc.ok<number>('res.partner', 'create', [{ name: 'Layout Customer', email: 'layout.customer@example.com' }]);
  invoice = await rpc.ok<number>('account.move', 'create', [{ move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [[0, 0, { product_id: 7, quantity: 1, price_unit: 50 }]] }]);
  await rpc.ok('account.move', 'action_post', [[invoice]]);
}, 300000);
afterAll(async () => { await srv?.close(); });

/** The configurator action wrapping another action, as Odoo 17 answers it (ids are ours). */
function configurator(reportAction: Record<string, unknown>): Record<string, unknown> {
  return {
    binding_model_id: false, binding_type: 'action', binding_view_types: 'list,form',
    context: { dialog_size: 'large', report_action: { ...reportAction, close_on_report_download: true } },
    display_name: 'Configure your document layout', domain: false, filter: false, groups_id: [], help: false, id: expect.any(Number), limit: 80,
    mobile_view_mode: 'kanban', name: 'Configure your document layout', res_id: 0, res_model: 'base.document.layout', search_view_id: false,
    target: 'new', type: 'ir.actions.act_window', view_id: [configuratorView, 'Document Layout'], view_mode: 'form', views: [[configuratorView, 'form']],
    xml_id: 'web.action_base_document_layout_configurator',
  };
}

const sendAction = () => ({
  name: 'Send', res_model: 'account.move.send', target: 'new', type: 'ir.actions.act_window', view_mode: 'form', view_type: 'form',
  context: { active_ids: [invoice], default_mail_template_id: 7 },
});
const invoiceReportAction = () => ({
  context: { active_ids: [invoice] }, data: null, name: 'Invoices', report_file: 'account.report_invoice_with_payments',
  report_name: 'account.report_invoice_with_payments', report_type: 'qweb-pdf', type: 'ir.actions.report',
});

describe('report.layout and the layout templates (web/data/report_layout.xml)', () => {
  test("Odoo's four layouts with their ids, names, order and templates", async () => {
    const layouts = await rpc.ok('report.layout', 'search_read', [[]], { fields: ['name', 'sequence', 'view_id', 'image', 'pdf'] });
    const views = await rpc.ok('ir.ui.view', 'search_read', [[['key', 'in', ['web.external_layout_standard', 'web.external_layout_boxed', 'web.external_layout_bold', 'web.external_layout_striped']]]], { fields: ['key', 'type'] });
    const viewOf = (key: string) => views.find((v: { key: string }) => v.key === key)?.id;
    expect(views.every((v: { type: string }) => v.type === 'qweb')).toBe(true);
    expect(layouts).toEqual([
      { id: 2, name: 'Light', sequence: 2, view_id: [viewOf('web.external_layout_standard'), 'external_layout_standard'], image: false, pdf: false },
      { id: 3, name: 'Boxed', sequence: 3, view_id: [viewOf('web.external_layout_boxed'), 'external_layout_boxed'], image: false, pdf: false },
      { id: 4, name: 'Bold', sequence: 4, view_id: [viewOf('web.external_layout_bold'), 'external_layout_bold'], image: false, pdf: false },
      { id: 1, name: 'Striped', sequence: 5, view_id: [viewOf('web.external_layout_striped'), 'external_layout_striped'], image: false, pdf: false },
    ]);
    const xmlids = await rpc.ok('ir.model.data', 'search_read', [[['model', '=', 'report.layout']]], { fields: ['module', 'name', 'res_id'], order: 'res_id' });
    expect(xmlids.map((x: { module: string; name: string; res_id: number }) => [x.res_id, `${x.module}.${x.name}`]))
      .toEqual([[1, 'web.report_layout_striped'], [2, 'web.report_layout_standard'], [3, 'web.report_layout_boxed'], [4, 'web.report_layout_bold']]);
  });

  test('fields_get of base.document.layout, report.layout and report.paperformat as in Odoo 17', async () => {
    for (const model of ['base.document.layout', 'report.layout', 'report.paperformat']) {
      const reference = REFERENCE[model];
      const ours = await rpc.ok(model, 'fields_get', [], { attributes: ['type', 'string', 'readonly', 'required', 'relation', 'related', 'selection'] });
      expect(Object.keys(ours).sort()).toEqual(Object.keys(reference).sort());
      for (const [name, attrs] of Object.entries(reference)) {
        const mine: Record<string, unknown> = {};
        for (const k of Object.keys(attrs)) mine[k] = ours[name][k];
        expect({ [name]: mine }).toEqual({ [name]: attrs });
      }
    }
  });

  test("base's paper formats, A4 for the company", async () => {
    expect(await rpc.ok('report.paperformat', 'search_read', [[]], { fields: ['name', 'format', 'orientation', 'print_page_width', 'print_page_height', 'default', 'margin_bottom', 'dpi', 'report_ids'] })).toEqual([
      { id: 1, name: 'A4', format: 'A4', orientation: 'Portrait', print_page_width: 210, print_page_height: 297, default: true, margin_bottom: 32, dpi: 90, report_ids: [] },
      { id: 2, name: 'US Letter', format: 'Letter', orientation: 'Portrait', print_page_width: 215.9, print_page_height: 279.4, default: true, margin_bottom: 30, dpi: 90, report_ids: [] },
      { id: 3, name: 'US Batch Deposit', format: 'Letter', orientation: 'Portrait', print_page_width: 215.9, print_page_height: 279.4, default: false, margin_bottom: 30, dpi: 90, report_ids: [] },
    ]);
    expect((await rpc.ok('res.company', 'read', [[1], ['paperformat_id']]))[0].paperformat_id).toEqual([1, 'A4']);
    // a format and a page size exclude each other; landscape swaps the sizes
    const bad = await rpc.call('report.paperformat', 'create', [{ name: 'Odd', format: 'A5', page_width: 100 }]);
    expect(bad).toEqual({ error: 'odoo.exceptions.ValidationError', message: 'You can select either a format or a specific page width/height, but not both.' });
    const wide = await rpc.ok<number>('report.paperformat', 'create', [{ name: 'Wide custom', format: 'custom', page_width: 57, page_height: 32, orientation: 'Landscape' }]);
    expect(await rpc.ok('report.paperformat', 'read', [[wide], ['print_page_width', 'print_page_height']])).toEqual([{ id: wide, print_page_width: 32, print_page_height: 57 }]);
    await rpc.ok('report.paperformat', 'unlink', [[wide]]);
  });

  test('internal users read the layouts, portal users do not; the wizard is for Settings administrators', async () => {
    expect((await rpc.as(DEMO).ok('report.layout', 'search', [[]])).length).toBe(4);
    const portal = await rpc.as({ uid: 7, password: 'portal' }).call('report.layout', 'search', [[]]);
    expect(portal.error).toBe('odoo.exceptions.AccessError');
    const demo = await rpc.as(DEMO).call('base.document.layout', 'create', [{}]);
    expect(demo.error).toBe('odoo.exceptions.AccessError');
    expect(demo.message).toContain("You are not allowed to create 'Company Document Layout' (base.document.layout) records.");
  });
});

describe("the logo's colours (extract_image_primary_secondary_colors)", () => {
  // a 120x60 PNG: a blue block, a smaller red one, white, a transparent strip (document_layout_logo.b64)
  const logo = fs.readFileSync(path.join(__dirname, 'document_layout_logo.b64'), 'utf8').trim();

  test("the dominant colours, as Odoo 17 computes them for the same images", async () => {
    expect(await rpc.ok('base.document.layout', 'extract_image_primary_secondary_colors', [logo])).toEqual(['#af151c', '#195caf']);
    const defaultLogo = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'base', 'static', 'img', 'res_company_logo.png')).toString('base64');
    expect(await rpc.ok('base.document.layout', 'extract_image_primary_secondary_colors', [defaultLogo])).toEqual(['#017e84', '#017e84']);
    expect(await rpc.ok('base.document.layout', 'extract_image_primary_secondary_colors', ['notanimage'])).toEqual([false, false]);
    // everything counts as white under a threshold of 10
    expect(await rpc.ok('base.document.layout', 'extract_image_primary_secondary_colors', [logo], { white_threshold: 10, mitigate: 100 })).toEqual([false, false]);
    expect(await rpc.as(DEMO).ok('base.document.layout', 'extract_image_primary_secondary_colors', [logo])).toEqual(['#af151c', '#195caf']);
  });

  test('a new logo in the form brings its colours; resetting custom colours goes back to them', async () => {
    const spec = { company_id: {}, logo: {}, primary_color: {}, secondary_color: {}, logo_primary_color: {}, logo_secondary_color: {}, custom_colors: {} };
    const res = await rpc.ok('base.document.layout', 'onchange', [[], { company_id: 1, logo, primary_color: '#000000', secondary_color: '#000000' }, ['logo'], spec]);
    expect(res.value).toMatchObject({ primary_color: '#af151c', secondary_color: '#195caf', logo_primary_color: '#af151c', logo_secondary_color: '#195caf' });
    const reset = await rpc.ok('base.document.layout', 'onchange', [[], { company_id: 1, logo, primary_color: '#123456', secondary_color: '#654321', custom_colors: false }, ['custom_colors'], spec]);
    expect(reset.value).toMatchObject({ primary_color: '#af151c', secondary_color: '#195caf' });
  });
});

describe('the configurator before the first document (fresh database)', () => {
  test('an administrator sending an invoice gets the configurator wrapping the Send action; a report asks the same', async () => {
    expect(await rpc.ok('account.move', 'action_invoice_sent', [[invoice]])).toEqual(configurator(sendAction()));
    expect(await rpc.ok('ir.actions.report', 'report_action', [[invoiceReport], [invoice]], { config: true })).toEqual(configurator(invoiceReportAction()));
    // without config, or with discard_logo_check, the report action itself
    expect(await rpc.ok('ir.actions.report', 'report_action', [[invoiceReport], [invoice]], { config: false })).toEqual(invoiceReportAction());
  });

  test('a user who is no administrator gets his action at once', async () => {
    const demo = rpc.as(DEMO);
    expect(await demo.ok('account.move', 'action_invoice_sent', [[invoice]])).toEqual(sendAction());
    expect(await demo.ok('ir.actions.report', 'report_action', [[invoiceReport], [invoice]], { config: true })).toEqual(invoiceReportAction());
  });

  test("the wizard's defaults are the company's footer and address; the form's onchange fills the company's settings", async () => {
    const defaults = await rpc.ok('base.document.layout', 'default_get', [['company_id', 'report_footer', 'company_details', 'report_layout_id', 'font', 'primary_color']]);
    // as Odoo 17 answers for the demo company
    expect(defaults).toEqual({
      company_id: 1,
      company_details: 'YourCompany<br>\n250 Executive Park Blvd, Suite 3400<br>\nSan Francisco CA 94134<br>\nUnited States',
      report_footer: '+1 555-555-5556 info@yourcompany.com http://www.example.com',
    });
    const spec = { company_id: {}, report_layout_id: {}, external_report_layout_id: {}, font: {}, primary_color: {}, secondary_color: {}, layout_background: {}, paperformat_id: {} };
    const opened = await rpc.ok('base.document.layout', 'onchange', [[], {}, [], spec]);
    // the emulator's demo company keeps Odoo's default logo (Odoo's demo data gives it another,
    // not loaded here: res.partner.image_1920 is a known parity gap); that logo's teal is both colours
    expect(opened.value).toMatchObject({ company_id: 1, report_layout_id: 2, external_report_layout_id: false, font: 'Lato', primary_color: '#017e84', secondary_color: '#017e84', paperformat_id: 1 });
    const chosen = await rpc.ok('base.document.layout', 'onchange', [[], { ...opened.value, report_layout_id: 3 }, ['report_layout_id'], spec]);
    const boxed = (await rpc.ok('report.layout', 'read', [[3], ['view_id']]))[0].view_id[0];
    expect(chosen.value.external_report_layout_id).toBe(boxed);
  });
});

describe('saving the layout', () => {
  test('document_layout_save answers the interrupted action; the company keeps the layout and the configurator is not asked again', async () => {
    const first = await rpc.ok('account.move', 'action_invoice_sent', [[invoice]]);
    const context = first.context;
    const [boxed] = (await rpc.ok('report.layout', 'read', [[3], ['view_id']]));
    // what the web client saves: the onchange's values, the layout chosen, the colours and font picked
    const wizard = await rpc.ok<number>('base.document.layout', 'create', [{
      report_layout_id: 3, external_report_layout_id: boxed.view_id[0], font: 'Roboto', primary_color: '#112233', secondary_color: '#445566', report_header: '<p>Layouts Ltd</p>',
    }], { context });
    const [read] = await rpc.ok('base.document.layout', 'read', [[wizard], ['company_id', 'report_layout_id', 'custom_colors', 'logo_primary_color', 'is_company_details_empty', 'name', 'preview', 'paperformat_id']], { context });
    expect(read).toMatchObject({ company_id: [1, 'YourCompany'], report_layout_id: [3, 'Boxed'], custom_colors: true, logo_primary_color: '#017e84', is_company_details_empty: false, name: 'YourCompany', paperformat_id: [1, 'A4'] });
    expect(read.preview).toContain('Layouts Ltd');
    expect(await rpc.ok('base.document.layout', 'document_layout_save', [[wizard]], { context })).toEqual({ ...sendAction(), close_on_report_download: true });
    expect(await rpc.ok('base.document.layout', 'document_layout_save', [[wizard]])).toEqual({ type: 'ir.actions.act_window_close' });

    const [company] = await rpc.ok('res.company', 'read', [[1], ['external_report_layout_id', 'font', 'primary_color', 'secondary_color', 'report_header', 'report_footer', 'company_details', 'paperformat_id']]);
    expect(company).toEqual({
      id: 1, external_report_layout_id: [boxed.view_id[0], 'external_layout_boxed'], font: 'Roboto', primary_color: '#112233', secondary_color: '#445566',
      // the html field's sanitizer wraps the default footer's text in a paragraph (as Odoo 17 does)
      report_header: '<p>Layouts Ltd</p>', report_footer: '<p>+1 555-555-5556 info@yourcompany.com http://www.example.com</p>',
      // the wizard's defaults were written to the company as it was created (as Odoo 17 does)
      company_details: '<p>YourCompany<br>\n250 Executive Park Blvd, Suite 3400<br>\nSan Francisco CA 94134<br>\nUnited States</p>',
      paperformat_id: [1, 'A4'],
    });
    expect(await rpc.ok('account.move', 'action_invoice_sent', [[invoice]])).toEqual(sendAction());
    expect(await rpc.ok('ir.actions.report', 'report_action', [[invoiceReport], [invoice]], { config: true })).toEqual(invoiceReportAction());
  });

  test('Python clients see the same over XML-RPC', async () => {
    const out = await py(`
a = admin('account.move', 'action_invoice_sent', [[${invoice}]])
out([a['type'], a['res_model'], a['target']])
`, { url: srv.url, db: srv.db });
    expect(out).toEqual(['ir.actions.act_window', 'account.move.send', 'new']);
  });
});

describe('the web client using the configurator', () => {
  test('loads the action and its form, fills it by onchange, saves it and runs the Save button', async () => {
    const web = await new WebSession(srv).login('admin');
    const action = (await web.client.call('/web/action/load', { action_id: 'web.action_base_document_layout_configurator' })).result;
    expect(action).toMatchObject({ res_model: 'base.document.layout', target: 'new', views: [[configuratorView, 'form']] });
    const views = (await web.kw('base.document.layout', 'get_views', [], { views: action.views, options: {} })).result;
    const form = views.views.form;
    expect(form.id).toBe(configuratorView);
    for (const name of ['report_layout_id', 'font', 'logo', 'primary_color', 'secondary_color', 'custom_colors', 'layout_background', 'report_header', 'company_details', 'report_footer', 'paperformat_id', 'preview']) {
      expect(form.arch).toContain(`name="${name}"`);
      expect(views.models['base.document.layout'][name]).toBeDefined();
    }
    expect(form.arch).toContain('name="document_layout_save"');
    const spec = Object.fromEntries(Object.keys(views.models['base.document.layout']).filter((f) => !['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'].includes(f)).map((f) => [f, {}]));
    const opened = (await web.kw('base.document.layout', 'onchange', [[], {}, [], spec])).result.value;
    // the company already has the Boxed layout (saved above): the form opens on it
    expect(opened).toMatchObject({ company_id: 1, report_layout_id: 3, font: 'Roboto', primary_color: '#112233', secondary_color: '#445566', paperformat_id: 1 });
    const context = { report_action: invoiceReportAction() };
    const saved = (await web.kw('base.document.layout', 'web_save', [[], { company_id: 1, report_layout_id: 4, external_report_layout_id: opened.external_report_layout_id, font: 'Oswald' }], { specification: { report_layout_id: { fields: { display_name: {} } }, font: {}, preview: {} }, context })).result;
    expect(saved[0]).toMatchObject({ report_layout_id: { id: 4, display_name: 'Bold' }, font: 'Oswald' });
    expect(saved[0].preview).toContain("font-family: 'Oswald'");
    const done = (await web.button('base.document.layout', 'document_layout_save', [[saved[0].id]], { context })).result;
    expect(done).toEqual(invoiceReportAction());
    expect((await rpc.ok('res.company', 'read', [[1], ['font']]))[0].font).toBe('Oswald');
  });
});
