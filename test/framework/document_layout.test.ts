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

  test('fields_get of base.document.layout and report.layout as in Odoo 17', async () => {
    for (const model of ['base.document.layout', 'report.layout']) {
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

  test('internal users read the layouts, portal users do not; the wizard is for Settings administrators', async () => {
    expect((await rpc.as(DEMO).ok('report.layout', 'search', [[]])).length).toBe(4);
    const portal = await rpc.as({ uid: 7, password: 'portal' }).call('report.layout', 'search', [[]]);
    expect(portal.error).toBe('odoo.exceptions.AccessError');
    const demo = await rpc.as(DEMO).call('base.document.layout', 'create', [{}]);
    expect(demo.error).toBe('odoo.exceptions.AccessError');
    expect(demo.message).toContain("You are not allowed to create 'Company Document Layout' (base.document.layout) records.");
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
    const spec = { company_id: {}, report_layout_id: {}, external_report_layout_id: {}, font: {}, primary_color: {}, secondary_color: {}, layout_background: {} };
    const opened = await rpc.ok('base.document.layout', 'onchange', [[], {}, [], spec]);
    expect(opened.value).toMatchObject({ company_id: 1, report_layout_id: 2, external_report_layout_id: false, font: 'Lato', primary_color: '#000000', secondary_color: '#000000' });
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
    const [read] = await rpc.ok('base.document.layout', 'read', [[wizard], ['company_id', 'report_layout_id', 'custom_colors', 'logo_primary_color', 'is_company_details_empty', 'name', 'preview']], { context });
    expect(read).toMatchObject({ company_id: [1, 'YourCompany'], report_layout_id: [3, 'Boxed'], custom_colors: true, logo_primary_color: false, is_company_details_empty: false, name: 'YourCompany' });
    expect(read.preview).toContain('Layouts Ltd');
    expect(await rpc.ok('base.document.layout', 'document_layout_save', [[wizard]], { context })).toEqual({ ...sendAction(), close_on_report_download: true });
    expect(await rpc.ok('base.document.layout', 'document_layout_save', [[wizard]])).toEqual({ type: 'ir.actions.act_window_close' });

    const [company] = await rpc.ok('res.company', 'read', [[1], ['external_report_layout_id', 'font', 'primary_color', 'secondary_color', 'report_header', 'report_footer']]);
    expect(company).toEqual({
      id: 1, external_report_layout_id: [boxed.view_id[0], 'external_layout_boxed'], font: 'Roboto', primary_color: '#112233', secondary_color: '#445566',
      // the html field's sanitizer wraps the default footer's text in a paragraph
      report_header: '<p>Layouts Ltd</p>', report_footer: '<p>+1 555-555-5556 info@yourcompany.com http://www.example.com</p>',
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
