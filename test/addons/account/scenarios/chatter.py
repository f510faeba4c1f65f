"""The chatter of invoicing: creation messages and subtypes, tracked fields, followers, payments,
reset, cancel, reversal notes, vendor bills.
"""
import re
from odoo import Rpc, Web, one, dump, DB
r = Rpc()
out = {}
partner = r.ref('base.res_partner_12')
inv = r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'invoice_date': '2026-03-10', 'invoice_line_ids': [[0, 0, {'name': 'x', 'quantity': 1, 'price_unit': 100, 'tax_ids': []}]]}])[0]
def msgs(model, rid):
    ms = r('mail.message', 'search_read', [['model', '=', model], ['res_id', '=', rid]], fields=['body', 'message_type', 'subtype_id', 'tracking_value_ids', 'author_id', 'partner_ids'], order='id')
    for m in ms:
        m.pop('id')
        tv = m.pop('tracking_value_ids')
        m['tracking'] = [(t['field_id'][1], t['old_value_char'] or t['old_value_float'] or t['old_value_integer'] or t['old_value_datetime'], t['new_value_char'] or t['new_value_float'] or t['new_value_integer'] or t['new_value_datetime']) for t in r('mail.tracking.value', 'read', tv, ['field_id', 'old_value_char', 'new_value_char', 'old_value_float', 'new_value_float', 'old_value_integer', 'new_value_integer', 'old_value_datetime', 'new_value_datetime'])]
    fol = r('mail.followers', 'search_read', [['res_model', '=', model], ['res_id', '=', rid]], fields=['partner_id', 'subtype_ids'])
    for f in fol: f.pop('id')
    return {'messages': ms, 'followers': fol}
out['created'] = msgs('account.move', inv)
r('account.move', 'write', [inv], {'ref': 'R1', 'payment_reference': 'PR'})
out['written'] = msgs('account.move', inv)
r('account.move', 'action_post', [inv])
out['posted'] = msgs('account.move', inv)
ctx = {'active_model': 'account.move', 'active_ids': [inv]}
w = r('account.payment.register', 'create', {'amount': 40}, context=ctx)
res = r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['partial'] = msgs('account.move', inv)
pay = r('account.payment', 'search', [], order='id desc', limit=1)[0]
out['payment'] = msgs('account.payment', pay)
w = r('account.payment.register', 'create', {}, context=ctx)
r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['paid'] = msgs('account.move', inv)
r('account.move', 'button_draft', [inv])
out['draft'] = msgs('account.move', inv)
r('account.move', 'button_cancel', [inv])
out['cancel'] = msgs('account.move', inv)
# reversal
inv2 = r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'invoice_date': '2026-03-10', 'invoice_line_ids': [[0, 0, {'name': 'x', 'quantity': 1, 'price_unit': 100, 'tax_ids': []}]]}])[0]
r('account.move', 'action_post', [inv2])
ctx = {'active_model': 'account.move', 'active_ids': [inv2]}
w = r('account.move.reversal', 'create', {'reason': 'oops', 'journal_id': r('account.move', 'read', [inv2], ['journal_id'])[0]['journal_id'][0]}, context=ctx)
res = r('account.move.reversal', 'refund_moves', [w], context=ctx)
out['reversed'] = msgs('account.move', inv2)
out['refund'] = msgs('account.move', res['res_id'])
out['bill'] = None
bill = r('account.move', 'create', [{'move_type': 'in_invoice', 'partner_id': partner, 'invoice_date': '2026-03-10', 'invoice_line_ids': [[0, 0, {'name': 'x', 'quantity': 1, 'price_unit': 100, 'tax_ids': []}]]}])[0]
r('account.move', 'action_post', [bill])
out['bill'] = msgs('account.move', bill)
dump(out)
