from odoo import fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    type = fields.Selection(selection_add=[('library', 'Library Address')], ondelete={'library': 'set default'})
    library_card = fields.Char('Library Card Number', copy=False)
    loan_ids = fields.One2many('library.loan', 'partner_id', string='Book Loans')
    reader_level = fields.Selection([
        ('novice', 'Novice'),
        ('regular', 'Regular'),
        ('expert', 'Expert'),
    ], default='novice')
