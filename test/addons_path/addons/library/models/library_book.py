from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

BOOK_STATES = [
    ('available', 'Available'),
    ('borrowed', 'Borrowed'),
    ('lost', 'Lost'),
]


class LibraryBook(models.Model):
    _name = 'library.book'
    _inherit = ['mail.thread']
    _description = 'Book'
    _order = 'name, id'

    name = fields.Char('Title', required=True, tracking=True)
    isbn = fields.Char('ISBN', copy=False, help="International Standard Book Number")
    active = fields.Boolean(default=True)
    author_ids = fields.Many2many('res.partner', string='Authors')
    tag_ids = fields.Many2many('library.tag', 'library_book_tag_rel', 'book_id', 'tag_id', string='Tags')
    genre_id = fields.Many2one('library.genre', ondelete='set null')
    date_published = fields.Date()
    pages = fields.Integer('Number of Pages')
    price = fields.Float(digits=(16, 2))
    state = fields.Selection(BOOK_STATES, default='available', required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.company)
    loan_ids = fields.One2many('library.loan', 'book_id', string='Loans')
    loan_count = fields.Integer(compute='_compute_loan_count')
    rating = fields.Float(compute='_compute_rating', help="Average rating of the readers")
    publisher_country_id = fields.Many2one(related='company_id.country_id', string='Publisher Country')

    _sql_constraints = [
        ('isbn_uniq', 'unique (isbn)', 'ISBN must be unique!'),
        ('pages_positive', 'CHECK (pages >= 0)', 'The number of pages cannot be negative.'),
    ]

    @api.depends('loan_ids')
    def _compute_loan_count(self):
        for book in self:
            book.loan_count = len(book.loan_ids)

    def _compute_rating(self):
        for book in self:
            book.rating = 0.0

    @api.constrains('date_published')
    def _check_date_published(self):
        for book in self:
            if book.date_published and book.date_published > fields.Date.today():
                raise ValidationError(_("A book cannot be published in the future."))

    def action_mark_lost(self):
        self.write({'state': 'lost'})
        return True

    def action_print_label(self):
        return self.env.ref('library.action_report_book_label').report_action(self)

    @api.model
    def get_available_count(self):
        return self.search_count([('state', '=', 'available')])
