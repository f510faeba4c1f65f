"""Refusals and their messages: posting without customer, lines, date or with a negative total,
posting twice, deleting or changing posted documents, wizards on wrong records; payments
created, posted, reset and cancelled; display names and portal URLs.
"""
import re
from odoo import Rpc, Web, one, dump, DB
r = Rpc()
out = {}
p = r.ref('base.res_partner_2')
def norm(x):
    if isinstance(x, str): return re.sub(r'\(\* \d+\)|\(id \d+\)|/\d{5}|id=\d+|Entry \(id\): \S+ \(\d+\)', 'X', x)
    if isinstance(x, dict): return {k: norm(v) for k, v in x.items()}
    if isinstance(x, list): return [norm(v) for v in x]
    return x
out['create_posted'] = r('account.move', 'create', [{'move_type': 'out_invoice', 'state': 'posted'}])
inv = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'invoice_line_ids': [(0, 0, {'name': 'A', 'price_unit': 10})]}]))
out['post_no_partner'] = r('account.move', 'action_post', [inv])
empty = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p}]))
out['post_no_lines'] = r('account.move', 'action_post', [empty])
out['empty_read'] = r('account.move', 'read', [empty], ['amount_total', 'tax_totals', 'invoice_date_due', 'line_ids'])[0]
out['unbalanced'] = r('account.move', 'create', [{'move_type': 'entry', 'line_ids': [(0, 0, {'account_id': r.ref('account.1_income'), 'debit': 10}), (0, 0, {'account_id': r.ref('account.1_expense'), 'credit': 5})]}])
neg = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_line_ids': [(0, 0, {'name': 'N', 'price_unit': -10})]}]))
out['post_negative'] = r('account.move', 'action_post', [neg])
bill = one(r('account.move', 'create', [{'move_type': 'in_invoice', 'partner_id': p, 'invoice_line_ids': [(0, 0, {'name': 'B', 'price_unit': 10})]}]))
out['bill_no_date'] = r('account.move', 'action_post', [bill])
r('account.move', 'write', [inv], {'partner_id': p})
out['post_ok'] = r('account.move', 'action_post', [inv])
out['post_again'] = r('account.move', 'action_post', [inv])
out['unlink_posted'] = r('account.move', 'unlink', [inv])
out['journal_change'] = r('account.move', 'write', [inv], {'journal_id': r.ref('account.1_general')})
out['register_draft'] = r('account.payment.register', 'create', [{}], context={'active_model': 'account.move', 'active_ids': [neg]})
out['register_bad_model'] = r('account.payment.register', 'create', [{}], context={'active_model': 'res.partner', 'active_ids': [p]})
lines = r('account.move.line', 'search_read', [['move_id', '=', inv]], fields=['display_type'])
out['delete_term_line'] = r('account.move', 'write', [neg], {'line_ids': [(2, l['id']) for l in r('account.move.line', 'search_read', [['move_id', '=', neg], ['display_type', '=', 'payment_term']], fields=['id'])]})
out['draft_on_draft'] = r('account.move', 'button_draft', [neg])
out['reverse_draft'] = r('account.move.reversal', 'create', [{'journal_id': 1}], context={'active_model': 'account.move', 'active_ids': [neg]})
out['action_register'] = r('account.move', 'action_register_payment', [inv])
out['action_register']['context']['active_ids'] = len(out['action_register']['context']['active_ids'])
out['preview'] = r('account.move', 'preview_invoice', [inv])
out['preview']['url'] = re.sub(r'\d+\?access_token=[0-9a-f-]+', 'ID?TOKEN', out['preview']['url'])
out['display'] = r('account.move', 'read', [inv, neg, bill], ['display_name', 'type_name', 'direction_sign', 'access_url'])
for d in out['display']: d.pop('id')
out['names'] = r('account.move', 'name_search', 'Deco', limit=3)
out['tax_posted'] = r('account.move.line', 'write', [l['id'] for l in lines if l['display_type'] == 'product'], {'tax_ids': [(6, 0, [r.ref('account.1_sale_tax_template')])]})
out['price_posted'] = r('account.move.line', 'write', [l['id'] for l in lines if l['display_type'] == 'product'], {'price_unit': 20})
out['after_price'] = r('account.move', 'read', [inv], ['amount_total', 'amount_residual'])[0]
out['payment_neg'] = r('account.payment', 'create', [{'amount': -5, 'partner_id': p}])
pay = one(r('account.payment', 'create', [{'amount': 5, 'partner_id': p}]))
out['pay_read'] = r('account.payment', 'read', [pay], ['name', 'display_name', 'state', 'payment_type', 'partner_type', 'currency_id', 'payment_method_line_id', 'outstanding_account_id', 'destination_account_id', 'amount_signed', 'is_internal_transfer', 'journal_id', 'move_type'])[0]
out['pay_read'].pop('id')
out['pay_post'] = r('account.payment', 'action_post', [pay])
out['pay_draft'] = r('account.payment', 'action_draft', [pay])
out['pay_cancel'] = r('account.payment', 'action_cancel', [pay])
out['pay_state'] = r('account.payment', 'read', [pay], ['state', 'name'])[0]['state']
dump(norm(out))
