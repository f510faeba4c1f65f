from odoo import fields, models


class LibraryTag(models.Model):
    _name = 'library.tag'
    _description = 'Book Tag'
    _order = 'name'

    name = fields.Char('Tag Name', required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ('name_uniq', 'unique (name)', 'A tag with this name already exists.'),
    ]


class LibraryGenre(models.Model):
    """A genre is a tag with a description (a prototype copy of library.tag)."""
    _name = 'library.genre'
    _inherit = 'library.tag'
    _description = 'Book Genre'

    description = fields.Text()
