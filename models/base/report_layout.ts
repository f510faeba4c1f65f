/**
 * report.layout (odoo/addons/base/models/report_layout.py): the document layouts the layout
 * configurator offers (web/data/report_layout.xml: Light, Boxed, Bold, Striped), each pointing at
 * the QWeb template of its header and footer (web.external_layout_*). The emulator stores the
 * templates but does not render them: its documents have one layout of their own.
 */
import type { ModelDecl } from '../orm/registry';

export const reportLayout: ModelDecl = {
  _name: 'report.layout',
  _description: 'Report Layout',
  _order: 'sequence',
  fields: {
    view_id: { type: 'many2one', comodel: 'ir.ui.view', string: 'Document Template', required: true },
    image: { type: 'char', string: 'Preview image src' },
    pdf: { type: 'char', string: 'Preview pdf src' },
    sequence: { type: 'integer', string: 'Sequence', default: 50 },
    name: { type: 'char', string: 'Name' },
  },
};
