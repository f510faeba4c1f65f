"""Taxes: compute_all (percent, price-included, fixed, group, division, negative quantities,
rounding of included prices) and an invoice mixing them (lines, amounts, tax_totals).
"""
import re
from odoo import Rpc, Web, one, dump, DB
r = Rpc()
tag = 'scenario'
out = {}
def tax(name, **v):
    res = r('account.tax', 'create', [{'name': f'{name} {tag}', **v}])
    return res[0] if isinstance(res, list) else res
t_incl = tax('Incl10', amount=10, price_include=True)
t_fix = tax('Fix5', amount_type='fixed', amount=5)
c1 = tax('C5', amount=5, type_tax_use='none'); c2 = tax('C3', amount=3, type_tax_use='none')
t_grp = tax('Grp', amount_type='group', amount=0, children_tax_ids=[(6, 0, [c1, c2])])
t_div = tax('Div10', amount_type='division', amount=10)
t15 = r.ref('account.1_sale_tax_template')
def strip(res):
    if not isinstance(res, dict) or 'taxes' not in res: return res
    return {'total_excluded': res['total_excluded'], 'total_included': res['total_included'], 'total_void': res['total_void'], 'taxes': [(t['name'].split(' ')[0], t['amount'], t['base'], t['price_include']) for t in res['taxes']]}
out['15% 2x100'] = strip(r('account.tax', 'compute_all', [t15], 100.0, quantity=2))
out['incl10 110'] = strip(r('account.tax', 'compute_all', [t_incl], 110.0))
out['group 100'] = strip(r('account.tax', 'compute_all', [t_grp], 100.0))
out['div10 90'] = strip(r('account.tax', 'compute_all', [t_div], 90.0))
out['fix5 3x33.33'] = strip(r('account.tax', 'compute_all', [t_fix], 33.33, quantity=3))
out['15+fix -2x10'] = strip(r('account.tax', 'compute_all', [t15, t_fix], 10.0, quantity=-2))
out['incl10+15 100'] = strip(r('account.tax', 'compute_all', [t_incl, t15], 100.0))
out['incl 1.005 x7'] = strip(r('account.tax', 'compute_all', [t_incl], 1.005, quantity=7))
# invoice with mixed taxes
p = r.ref('base.res_partner_2')
inv = r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_date': '2026-03-10', 'invoice_line_ids': [
    (0, 0, {'name': 'A', 'quantity': 2, 'price_unit': 33.33, 'discount': 10, 'tax_ids': [(6, 0, [t15, t_fix])]}),
    (0, 0, {'name': 'B', 'quantity': 3, 'price_unit': 19.99, 'tax_ids': [(6, 0, [t_incl])]}),
    (0, 0, {'name': 'C', 'quantity': 1, 'price_unit': 0.33, 'tax_ids': [(6, 0, [t15])]}),
    (0, 0, {'name': 'D', 'quantity': 1, 'price_unit': 0.33, 'tax_ids': [(6, 0, [t15])]}),
    (0, 0, {'name': 'E', 'quantity': 1, 'price_unit': 100, 'tax_ids': [(6, 0, [t_grp])]}),
]}])
inv = inv[0] if isinstance(inv, list) else inv
rd = r('account.move', 'read', [inv], ['amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'tax_totals', 'invoice_date_due', 'name', 'display_name', 'state', 'payment_state', 'amount_untaxed_signed', 'amount_total_signed', 'amount_total_in_currency_signed', 'amount_residual_signed'])[0]
rd.pop('id'); rd['display_name'] = rd['display_name'].split('(')[0]
out['invoice'] = rd
out['lines'] = [(l['display_type'], l['name'].split(' ')[0] if l['name'] else l['name'], l['debit'], l['credit'], l['price_subtotal'], l['price_total'], l['tax_base_amount'], l['amount_currency'], l['sequence']) for l in r('account.move.line', 'search_read', [['move_id', '=', inv]], fields=['display_type', 'name', 'debit', 'credit', 'price_subtotal', 'price_total', 'tax_base_amount', 'amount_currency', 'sequence'], order='id')]
dump(out)
