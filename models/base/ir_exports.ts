/** ir.exports and ir.exports.line (odoo/addons/base/models/ir_exports.py): saved export field lists. */
import type { ModelDecl } from '../orm/registry';

export const irExports: ModelDecl = {
  _name: 'ir.exports',
  _description: 'Exports',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Export Name' },
    resource: { type: 'char', string: 'Resource', index: true },
    export_fields: { type: 'one2many', comodel: 'ir.exports.line', inverse_name: 'export_id', string: 'Export ID', copy: true },
  },
};

export const irExportsLine: ModelDecl = {
  _name: 'ir.exports.line',
  _description: 'Exports Line',
  _order: 'id',
  fields: {
    name: { type: 'char', string: 'Field Name' },
    export_id: { type: 'many2one', comodel: 'ir.exports', string: 'Export', index: true, ondelete: 'cascade' },
  },
};
