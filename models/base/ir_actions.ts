/**
 * ir.actions.actions (table ir_actions), the base of Odoo 17's action models, with its fields
 * (base/models/ir_actions.py). res.users.action_id (the home action) points here. The concrete
 * action models (window, URL, client, server, report) are not declared yet.
 */
import type { ModelDecl } from '../orm/registry';

export const irActions: ModelDecl = {
  _name: 'ir.actions.actions',
  _description: 'Actions',
  _table: 'ir_actions',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Action Name', required: true, translate: true },
    type: { type: 'char', string: 'Action Type', required: true },
    xml_id: { type: 'char', string: 'External ID', compute: '_compute_xml_id' },
    help: {
      type: 'html', string: 'Action Description', translate: true,
      help: 'Optional help text for the users with a description of the target view, such as its usage and purpose.',
    },
    binding_model_id: {
      type: 'many2one', comodel: 'ir.model', ondelete: 'cascade', string: 'Binding Model',
      help: 'Setting a value makes this action available in the sidebar for the given model.',
    },
    binding_type: { type: 'selection', selection: [['action', 'Action'], ['report', 'Report']], required: true, default: 'action', string: 'Binding Type' },
    binding_view_types: { type: 'char', default: 'list,form', string: 'Binding View Types' },
  },
  methods: (Base) => class extends Base {
    _compute_xml_id(): Map<number, unknown> {
      const ids = this.get_external_id();
      return new Map(this.ids.map((id) => [id, ids[String(id)] ?? '']));
    }
  },
};
