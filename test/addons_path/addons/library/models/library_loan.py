from odoo import api, fields, models


class LibraryLoan(models.Model):
    _name = 'library.loan'
    _description = 'Book Loan'
    _order = 'date_start desc, id desc'

    name = fields.Char(compute='_compute_name', store=True)
    book_id = fields.Many2one('library.book', required=True, ondelete='cascade')
    partner_id = fields.Many2one('res.partner', 'Borrower', required=True)
    user_id = fields.Many2one('res.users', 'Librarian', default=lambda self: self.env.user)
    date_start = fields.Date('Loan Date', default=fields.Date.context_today, required=True)
    date_end = fields.Date('Return Date', readonly=True)
    state = fields.Selection([
        ('ongoing', 'Ongoing'),
        ('done', 'Returned'),
    ], default='ongoing', required=True)
    book_name = fields.Char(related='book_id.name')
    borrower_email = fields.Char(related='partner_id.email', readonly=False)

    @api.depends('book_id.name', 'partner_id.name')
    def _compute_name(self):
        for loan in self:
            loan.name = '%s - %s' % (loan.book_id.name or '', loan.partner_id.name or '')

    def action_return(self):
        self.write({'state': 'done', 'date_end': fields.Date.context_today(self)})
        self.book_id.write({'state': 'available'})
        return True

    @api.onchange('book_id')
    def _onchange_book_id(self):
        # choosing another book starts the loan today
        self.date_start = fields.Date.context_today(self)
