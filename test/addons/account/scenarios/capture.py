"""Manual capture, void and refund with the demo provider: the capture wizard (partial, full,
with the rest voided) on authorized transactions, the source confirmed once its children cover
it, the refund wizard of an electronic payment, refund transactions and their payments made by
the post-processing cron, the refunds' actions, the messages on the documents, the refusals
(voiding a confirmed transaction, refunding an unconfirmed one, amounts out of bounds) and who
may capture, void or refund.
"""
from odoo import Rpc, one, dump
r = Rpc()
out = {}
prov = r('payment.provider', 'search', [['code', '=', 'demo']])[0]
mid = r('payment.method', 'search', [['code', '=', 'demo']], context={'active_test': False})[0]
partner = r.ref('base.res_partner_12')
cron = r.ref('payment.cron_post_process_payment_tx')
TXF = ['reference', 'state', 'amount', 'operation', 'source_transaction_id', 'child_transaction_ids', 'payment_id', 'state_message',
       'provider_reference', 'is_post_processed', 'refunds_count', 'partner_id', 'currency_id', 'invoice_ids']
WF = ['transaction_ids', 'authorized_amount', 'captured_amount', 'voided_amount', 'available_amount', 'amount_to_capture',
      'is_amount_to_capture_valid', 'void_remaining_amount', 'currency_id', 'support_partial_capture', 'has_draft_children', 'has_remaining_amount']
PF = ['amount', 'amount_available_for_refund', 'refunds_count', 'source_payment_id', 'payment_transaction_id', 'payment_type', 'state',
      'ref', 'partner_id', 'journal_id', 'payment_method_line_id', 'is_reconciled', 'partner_type']
RF = ['payment_id', 'transaction_id', 'payment_amount', 'refunded_amount', 'amount_available_for_refund', 'amount_to_refund', 'currency_id',
      'support_refund', 'has_pending_refund']


def invoice(amount):
    inv = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'invoice_date': '2026-03-10',
                                           'invoice_line_ids': [[0, 0, {'name': 'capture', 'quantity': 1, 'price_unit': amount, 'tax_ids': []}]]}]))
    r('account.move', 'action_post', [inv])
    return inv


def tx(inv, amount):
    return one(r('payment.transaction', 'create', [{'provider_id': prov, 'payment_method_id': mid, 'amount': amount, 'currency_id': 1,
                                                    'partner_id': partner, 'invoice_ids': [[6, 0, [inv]]], 'operation': 'online_direct'}]))


def txs(source):
    return r('payment.transaction', 'search_read', [['source_transaction_id', '=', source]], fields=TXF)


def messages(model, res_ids):
    return [(m['body'], m['author_id'] and m['author_id'][1], m['res_id']) for m in
            r('mail.message', 'search_read', [['model', '=', model], ['res_id', 'in', res_ids]], fields=['body', 'author_id', 'res_id'], order='id')]


def wizard_id(x):
    return 'id' if isinstance(x, int) else x


r('payment.provider', 'write', [prov], {'capture_manually': True})
# a partial capture, the rest voided
inv = invoice(100)
t = tx(inv, 100)
out['void_draft'] = r('payment.transaction', 'action_void', [t])
out['refund_draft'] = r('payment.transaction', 'action_refund', [t])
r('payment.transaction', 'action_demo_set_done', [t])
out['authorized'] = r('payment.transaction', 'read', [t], TXF)
act = r('payment.transaction', 'action_capture', [t])
out['capture_action'] = act
ctx = act['context']
out['wizard_defaults'] = r('payment.capture.wizard', 'default_get', WF, context=ctx)
out['too_much'] = r('payment.capture.wizard', 'create', [{'amount_to_capture': 150}], context=ctx)
out['zero'] = r('payment.capture.wizard', 'create', [{'amount_to_capture': 0}], context=ctx)
w = one(r('payment.capture.wizard', 'create', [{'amount_to_capture': 40}], context=ctx))
out['wizard'] = r('payment.capture.wizard', 'read', [w], WF)
out['capture'] = r('payment.capture.wizard', 'action_capture', [w])
out['after_capture'] = r('payment.transaction', 'read', [t], TXF)
out['after_capture_children'] = txs(t)
w2 = one(r('payment.capture.wizard', 'create', [{}], context=ctx))
out['second_wizard'] = r('payment.capture.wizard', 'read', [w2], WF)
out['void'] = r('payment.transaction', 'action_void', [t])
out['after_void'] = r('payment.transaction', 'read', [t], TXF)
out['after_void_children'] = txs(t)
out['invoice'] = r('account.move', 'read', [inv], ['payment_state', 'amount_residual', 'amount_paid', 'authorized_transaction_ids'])
out['invoice_messages'] = messages('account.move', [inv])
# part captured, the rest voided in the same go
inv2 = invoice(80)
t2 = tx(inv2, 80)
r('payment.transaction', 'action_demo_set_done', [t2])
ctx2 = r('payment.transaction', 'action_capture', [t2])['context']
w = one(r('payment.capture.wizard', 'create', [{'amount_to_capture': 30, 'void_remaining_amount': True}], context=ctx2))
out['void_rest_wizard'] = r('payment.capture.wizard', 'read', [w], WF)
out['void_rest'] = r('payment.capture.wizard', 'action_capture', [w])
out['void_rest_tx'] = r('payment.transaction', 'read', [t2], TXF)
out['void_rest_children'] = txs(t2)
# everything captured: no child, the transaction itself is confirmed
inv3 = invoice(50)
t3 = tx(inv3, 50)
r('payment.transaction', 'action_demo_set_done', [t3])
ctx3 = r('payment.transaction', 'action_capture', [t3])['context']
w = one(r('payment.capture.wizard', 'create', [{}], context=ctx3))
out['full'] = r('payment.capture.wizard', 'action_capture', [w])
out['full_tx'] = r('payment.transaction', 'read', [t3], TXF)
out['full_again'] = r('payment.transaction', 'action_capture', [t3])
out['full_void'] = r('payment.transaction', 'action_void', [t3])
# a refund asked while manual capture is on stays authorized
out['refund_manual'] = r('payment.transaction', 'action_refund', [t3], amount_to_refund=5)
out['refund_manual_children'] = txs(t3)
out['refund_manual_action'] = r('payment.transaction', 'action_view_refunds', [t3])
r('payment.provider', 'write', [prov], {'capture_manually': False})
# a confirmed payment refunded in two goes
inv4 = invoice(60)
t4 = tx(inv4, 60)
r('payment.transaction', 'action_demo_set_done', [t4])
out['capture_confirmed'] = r('payment.transaction', 'action_capture', [t4])
out['cron'] = r('ir.cron', 'method_direct_trigger', [cron])
out['paid_tx'] = r('payment.transaction', 'read', [t4], TXF)
pay = out['paid_tx'][0]['payment_id'][0]
out['payment'] = r('account.payment', 'read', [pay], PF)
out['refund_wizard_action'] = r('account.payment', 'action_refund_wizard', [pay])
rctx = {'active_id': pay, 'active_model': 'account.payment'}
out['refund_defaults'] = r('payment.refund.wizard', 'default_get', RF, context=rctx)
out['refund_too_much'] = r('payment.refund.wizard', 'create', [{'amount_to_refund': 70}], context=rctx)
rw = one(r('payment.refund.wizard', 'create', [{'amount_to_refund': 20}], context=rctx))
out['refund_wizard'] = r('payment.refund.wizard', 'read', [rw], RF)
out['refund'] = r('payment.refund.wizard', 'action_refund', [rw])
out['refund_children'] = txs(t4)
out['refund_payment_before_cron'] = r('account.payment', 'read', [pay], PF)
out['refund_tx_action'] = r('payment.transaction', 'action_view_refunds', [t4])
r('ir.cron', 'method_direct_trigger', [cron])
out['refund_children_after_cron'] = txs(t4)
out['payment_after_refund'] = r('account.payment', 'read', [pay], PF)
refunds = r('account.payment', 'search', [['source_payment_id', '=', pay]])
out['refund_payments'] = r('account.payment', 'read', refunds, PF)
out['refund_payment_action'] = r('account.payment', 'action_view_refunds', [pay])
rw = one(r('payment.refund.wizard', 'create', [{}], context=rctx))
out['second_refund_wizard'] = r('payment.refund.wizard', 'read', [rw], RF)
out['second_refund_too_much'] = r('payment.refund.wizard', 'create', [{'amount_to_refund': 41}], context=rctx)
out['second_refund'] = r('payment.transaction', 'action_refund', [t4], amount_to_refund=40)
r('ir.cron', 'method_direct_trigger', [cron])
out['two_refunds_action'] = r('account.payment', 'action_view_refunds', [pay])
out['payment_after_two_refunds'] = r('account.payment', 'read', [pay], PF)
out['refund_invoice'] = r('account.move', 'read', [inv4], ['payment_state', 'amount_residual'])
out['refund_invoice_messages'] = messages('account.move', [inv4])
out['refund_payment_messages'] = messages('account.payment', [pay] + refunds)
# who may capture, void and refund
inv5 = invoice(10)
t5 = tx(inv5, 10)
for login in ['portal', 'demo']:
    u = Rpc(login, login)
    for meth in ['action_capture', 'action_void', 'action_refund']:
        out['%s_%s' % (login, meth)] = u('payment.transaction', meth, [t5])
    out['%s_refund_wizard' % login] = u('payment.refund.wizard', 'create', [{}], context=rctx)
dump(out)
