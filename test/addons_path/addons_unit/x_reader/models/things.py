from odoo import api, fields, models, _
from odoo.tools.translate import html_translate

from .const import STATES

PRIORITY = [('0', 'Low'), ('1', 'High')]


class XThingMixin(models.AbstractModel):
    _name = 'x.thing.mixin'
    _description = 'Thing mixin'

    color = fields.Integer('Color Index')


class XThing(models.Model):
    _name = _description = 'x.thing'
    _inherit = ['x.thing.mixin', 'x.does.not.exist']
    _order = 'sequence, id'
    _rec_name = 'code'

    def _default_score(self):
        return 5

    name = fields.Char()
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    l10n_mx_edi_code = fields.Char()
    state = fields.Selection(STATES, default='a')
    priority = fields.Selection(PRIORITY, 'Priority Level')
    partner_ids = fields.Many2many('res.partner', 'x_thing_partner_rel', 'thing_id', 'partner_id', 'Partners')
    user_id = fields.Many2one('res.users', default=lambda self: self.env.user)
    company_currency_id = fields.Many2one('res.currency', default=lambda self: self.env.company.currency_id)
    date = fields.Date(default=fields.Date.context_today)
    body = fields.Html(translate=html_translate)
    ratio = fields.Float(digits=(16, 4))
    score = fields.Integer(default=_default_score)
    mystery = fields.Char(default=lambda self: self._compute_mystery_default(42))
    line_ids = fields.One2many('x.thing.line', 'thing_id')
    total = fields.Float(compute='_compute_total', store=True)
    weird = fields.Char(frobnicate=True)
    country_code = fields.Char(related='user_id.company_id.country_id.code')

    @api.depends('line_ids.amount')
    def _compute_total(self):
        for thing in self:
            thing.total = sum(thing.line_ids.mapped('amount'))


class XThingLine(models.Model):
    _name = 'x.thing.line'
    _description = 'Thing line'
    _log_access = False

    thing_id = fields.Many2one('x.thing', required=True, ondelete='cascade')
    amount = fields.Float()


class XWizard(models.TransientModel):
    _name = 'x.thing.wizard'
    _description = 'Thing wizard'

    thing_id = fields.Many2one('x.thing', required=True)


class ResPartner(models.Model):
    _inherit = 'res.partner'

    x_thing_count = fields.Integer()

    def message_post(self, **kwargs):
        # an override of a method the emulator implements: its own code runs, not this one
        return super().message_post(**kwargs)


class XDoc(models.Model):
    _name = 'x.doc'
    _description = 'Document'
    _check_company_auto = True

    name = fields.Char(required=True)
    company_id = fields.Many2one('res.company', default=lambda self: self.env.company)
    partner_id = fields.Many2one('res.partner', check_company=True)
