"""Invoice life: rounding per line or globally, payment terms, partial then full payment through
the register wizard, the payments and their lines, a credit note through the reversal wizard,
reset to draft and cancel.
"""
import re
from odoo import Rpc, Web, one, dump, DB
r = Rpc()
out = {}
p = r.ref('base.res_partner_2')
t15 = r.ref('account.1_sale_tax_template')
# global rounding
r('res.company', 'write', [1], {'tax_calculation_rounding_method': 'round_globally'})
inv = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_payment_term_id': False, 'invoice_date': '2026-03-10', 'invoice_line_ids': [(0, 0, {'name': f'L{i}', 'quantity': 1, 'price_unit': 0.33, 'tax_ids': [(6, 0, [t15])]}) for i in range(7)]}]))
out['global'] = r('account.move', 'read', [inv], ['amount_untaxed', 'amount_tax', 'amount_total', 'tax_totals'])[0]
out['global_lines'] = [(l['display_type'], l['debit'], l['credit'], l['price_total']) for l in r('account.move.line', 'search_read', [['move_id', '=', inv]], fields=['display_type', 'debit', 'credit', 'price_total'], order='id')]
r('res.company', 'write', [1], {'tax_calculation_rounding_method': 'round_per_line'})
inv2 = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_payment_term_id': False, 'invoice_date': '2026-03-10', 'invoice_line_ids': [(0, 0, {'name': f'L{i}', 'quantity': 1, 'price_unit': 0.33, 'tax_ids': [(6, 0, [t15])]}) for i in range(7)]}]))
out['per_line'] = r('account.move', 'read', [inv2], ['amount_untaxed', 'amount_tax', 'amount_total'])[0]
# lifecycle with payment terms
term = r.ref('account.account_payment_term_advance_60days')
inv3 = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_date': '2026-11-20', 'invoice_payment_term_id': term, 'invoice_line_ids': [(0, 0, {'name': 'X', 'quantity': 1, 'price_unit': 1000, 'tax_ids': [(6, 0, [t15])]})]}]))
out['post'] = r('account.move', 'action_post', [inv3])
def norm(s): return re.sub(r'\d{5}', 'N', s) if isinstance(s, str) else s
def terms(m): return [(norm(l['name']), l['debit'], l['date_maturity']) for l in r('account.move.line', 'search_read', [['move_id', '=', m], ['display_type', '=', 'payment_term']], fields=['name', 'debit', 'date_maturity'], order='id')]
out['terms'] = terms(inv3)
def mv(m, f=('state', 'payment_state', 'amount_residual', 'amount_total', 'invoice_date_due', 'payment_reference')):
    d = r('account.move', 'read', [m], list(f))[0]; d.pop('id'); return {k: norm(v) for k, v in d.items()}
out['after_post'] = mv(inv3)
ctx = {'active_model': 'account.move', 'active_ids': [inv3]}
w = one(r('account.payment.register', 'create', [{'amount': 300}], context=ctx))
wr = r('account.payment.register', 'read', [w], ['amount', 'communication', 'payment_difference', 'payment_difference_handling', 'group_payment', 'can_edit_wizard', 'can_group_payments', 'source_amount', 'source_amount_currency', 'payment_type', 'partner_type', 'line_ids'])[0]
wr.pop('id'); wr['communication'] = norm(wr['communication']); wr['line_ids'] = len(wr['line_ids'])
out['wizard'] = wr
act = r('account.payment.register', 'action_create_payments', [w], context=ctx)
act.pop('res_id', None); out['action'] = act
out['after_partial'] = mv(inv3)
out['widget'] = [{k: norm(v) for k, v in c.items() if k not in ('partial_id', 'account_payment_id', 'move_id', 'currency_id')} for c in r('account.move', 'read', [inv3], ['invoice_payments_widget'])[0]['invoice_payments_widget']['content']]
w2 = one(r('account.payment.register', 'create', [{}], context=ctx))
wr2 = r('account.payment.register', 'read', [w2], ['amount', 'communication', 'line_ids', 'source_amount'])[0]; wr2.pop('id'); wr2['communication'] = norm(wr2['communication']); wr2['line_ids'] = len(wr2['line_ids'])
out['wizard2'] = wr2
r('account.payment.register', 'action_create_payments', [w2], context=ctx)
out['after_full'] = mv(inv3)
pays = r('account.payment', 'search_read', [['partner_id', '=', p]], fields=['name', 'amount', 'state', 'is_reconciled', 'is_matched', 'ref', 'payment_type', 'partner_type', 'display_name', 'reconciled_invoices_count'], order='id desc', limit=2)
out['payments'] = [{k: norm(v) for k, v in x.items() if k != 'id'} for x in pays]
pm = r('account.payment', 'read', [pays[0]['id']], ['move_id'])[0]['move_id'][0]
out['pay_lines'] = [(norm(l['name']), l['debit'], l['credit'], l['account_id'][1], l['reconciled'], l['matching_number'] is not False) for l in r('account.move.line', 'search_read', [['move_id', '=', pm]], fields=['name', 'debit', 'credit', 'account_id', 'reconciled', 'matching_number'], order='id')]
# credit note through the reversal wizard
inv4 = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_date': '2026-03-10', 'invoice_line_ids': [(0, 0, {'name': 'Y', 'quantity': 2, 'price_unit': 50, 'tax_ids': [(6, 0, [t15])]})]}]))
r('account.move', 'action_post', [inv4])
ctx4 = {'active_model': 'account.move', 'active_ids': [inv4]}
rv = one(r('account.move.reversal', 'create', [{'journal_id': r.ref('account.1_sale'), 'reason': 'Damaged'}], context=ctx4))
act = r('account.move.reversal', 'refund_moves', [rv], context=ctx4)
cn = act.pop('res_id'); out['rev_action'] = act
out['credit_note'] = mv(cn, ('state', 'move_type', 'ref', 'amount_total', 'invoice_date', 'invoice_date_due', 'invoice_payment_term_id', 'display_name'))
out['credit_note']['display_name'] = re.sub(r'\(\* \d+\)', '(* ID)', out['credit_note']['display_name'])
r('account.move', 'action_post', [cn])
out['after_cn_post'] = {'inv': mv(inv4), 'cn': mv(cn)}
rv2 = one(r('account.move.reversal', 'create', [{'reason': 'x'}], context=ctx4))
out['rev_no_journal'] = rv2
out['draft_posted'] = r('account.move', 'button_draft', [inv4])
out['after_draft'] = mv(inv4)
out['cancel'] = r('account.move', 'button_cancel', [inv4])
out['after_cancel'] = mv(inv4)
out['cancel2'] = r('account.move', 'button_cancel', [inv4])
dump(out)
