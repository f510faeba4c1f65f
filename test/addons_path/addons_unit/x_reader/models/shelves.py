from odoo import fields, models

from . import const


class XShelf(models.Model):
    """A hierarchy (_parent_store) searched by name or code (_rec_names_search)."""
    _name = 'x.shelf'
    _description = 'Shelf'
    _parent_store = True
    _rec_names_search = ['name', 'code']

    name = fields.Char(required=True)
    code = fields.Char()
    parent_id = fields.Many2one('x.shelf', 'Parent Shelf', ondelete='cascade', index=True)
    parent_path = fields.Char(index=True, unaccent=False)
    child_ids = fields.One2many('x.shelf', 'parent_id', 'Sub-shelves')
    budget = fields.Monetary('Budget', 'currency_id')
    currency_id = fields.Many2one('res.currency')
    rank = fields.Integer(company_dependent=True)
    # a constant read through its module (`from . import const`), the pairs of a class-level dict
    state = fields.Selection(const.STATES)
    _kinds = {'wall': 'Wall Shelf', 'floor': 'Floor Shelf'}
    kind = fields.Selection(list(_kinds.items()), 'Kind')
    # a relation to a model no module defines: left out, and so is the SQL constraint on it
    ghost_id = fields.Many2one('x.not.defined')
    _sql_constraints = [('ghost_uniq', 'unique(ghost_id)', 'One shelf per ghost.')]


class XMember(models.Model):
    """Delegation: a member is a partner (_inherits)."""
    _name = 'x.member'
    _description = 'Member'
    _inherits = {'res.partner': 'partner_id'}

    partner_id = fields.Many2one('res.partner', required=True, ondelete='cascade')
    card = fields.Char('Card Number')
    # a stored related field through the link: the model's own column (hr.employee.user_id's way)
    phone = fields.Char(related='partner_id.phone', store=True, readonly=False)


class XReader(models.Model):
    """Delegation written as delegate=True on the Many2one."""
    _name = 'x.reader'
    _description = 'Reader'

    user_id = fields.Many2one('res.users', required=True, ondelete='cascade', delegate=True)
    favourite = fields.Char()


class XBadge(models.Model):
    """Mixins of the framework: pictures (avatar.mixin over image.mixin) and Cc addresses."""
    _name = 'x.badge'
    _description = 'Badge'
    _inherit = ['avatar.mixin', 'mail.thread.cc']

    name = fields.Char()
    shelf_id = fields.Many2one('x.shelf')
    # a redefinition keeps the mixin's parameters it does not override (its string)
    image_128 = fields.Image(max_width=128, max_height=128, readonly=True)
