"""Online payment of invoices with the demo provider: /invoice/transaction/<id> (logged in, with
a token, anonymous with the access token), the simulated outcomes (done, pending, cancel,
error), the status poll that posts and reconciles the payment, saved tokens, a second
transaction's reference, the messages on the invoice, and the routes' errors.
"""
import re
from odoo import Rpc, Web, one, dump, DB
r = Rpc()
out = {}
prov = r('payment.provider', 'search_read', [['code', '=', 'demo']], fields=['id', 'state', 'journal_id', 'payment_method_ids', 'allow_tokenization', 'capture_manually', 'name', 'company_id'])
out['provider'] = prov
pid = prov[0]['id']
meth = r('payment.method', 'search_read', [['code', '=', 'demo']], fields=['id', 'name', 'active'], context={'active_test': False})
out['method'] = meth
mid = meth[0]['id']
partner = r.ref('base.res_partner_12')
def mkinv(price):
    inv = r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'invoice_date': '2026-03-10', 'invoice_line_ids': [[0, 0, {'name': 'x', 'quantity': 1, 'price_unit': price, 'tax_ids': []}]]}])[0]
    r('account.move', 'action_post', [inv])
    return inv
w = Web('admin', 'admin')
for state in ['done', 'pending', 'cancel', 'error']:
    inv = mkinv(100)
    d = r('account.move', 'read', [inv], ['name', 'amount_residual', 'access_token'])[0]
    pv = w.post('/invoice/transaction/%d' % inv, {'access_token': None, 'provider_id': pid, 'payment_method_id': mid, 'token_id': None, 'amount': 100, 'flow': 'direct', 'tokenization_requested': False, 'landing_route': '/my/invoices/%d' % inv, 'is_validation': False})
    o = out[state] = {'inv': d['name'], 'processing': pv}
    ref = pv.get('reference') if isinstance(pv, dict) else None
    o['simulate'] = w.post('/payment/demo/simulate_payment', {'reference': ref, 'payment_details': '4242', 'simulated_state': state})
    o['poll'] = w.post('/payment/status/poll', {'csrf_token': 'x'})
    txs = r('payment.transaction', 'search_read', [['reference', '=', ref]], fields=['reference', 'state', 'state_message', 'amount', 'partner_id', 'operation', 'is_post_processed', 'payment_id', 'invoice_ids', 'provider_reference', 'currency_id', 'token_id', 'provider_code', 'payment_method_code', 'partner_name', 'partner_email', 'partner_lang'])
    o['tx'] = txs
    o['inv_after'] = r('account.move', 'read', [inv], ['payment_state', 'amount_residual', 'transaction_ids', 'amount_paid'])
    o['msgs'] = [(m['body'], m['subtype_id'] and m['subtype_id'][1], m['author_id'] and m['author_id'][1], m['message_type'], m['record_name'], m['is_internal']) for m in r('mail.message', 'search_read', [['model', '=', 'account.move'], ['res_id', '=', inv]], fields=['body', 'subtype_id', 'author_id', 'message_type', 'record_name', 'is_internal'], order='id')]
    if txs and txs[0]['payment_id']:
        o['payment'] = r('account.payment', 'read', [txs[0]['payment_id'][0]], ['name', 'amount', 'state', 'journal_id', 'payment_method_line_id', 'ref', 'partner_id', 'payment_transaction_id', 'is_reconciled', 'memo'] if False else ['name', 'amount', 'state', 'journal_id', 'payment_method_line_id', 'ref', 'partner_id', 'payment_transaction_id', 'is_reconciled', 'payment_type'])
# second tx on the same invoice -> suffix
inv = mkinv(50)
for i in range(2):
    pv = w.post('/invoice/transaction/%d' % inv, {'access_token': None, 'provider_id': pid, 'payment_method_id': mid, 'token_id': None, 'amount': 20, 'flow': 'direct', 'tokenization_requested': True, 'landing_route': '/x', 'is_validation': False})
    out['again%d' % i] = pv
    w.post('/payment/demo/simulate_payment', {'reference': pv.get('reference'), 'payment_details': '1111', 'simulated_state': 'done'})
out['again_poll'] = w.post('/payment/status/poll', {})
out['again_inv'] = r('account.move', 'read', [inv], ['payment_state', 'amount_residual'])
out['again_msgs'] = [(m['body'], m['subtype_id'] and m['subtype_id'][1], m['author_id'] and m['author_id'][1]) for m in r('mail.message', 'search_read', [['model', '=', 'account.move'], ['res_id', '=', inv]], fields=['body', 'subtype_id', 'author_id'], order='id')]
out['tokens'] = r('payment.token', 'search_read', [['partner_id', '=', 3]], fields=['payment_details', 'provider_ref', 'partner_id', 'payment_method_id', 'active', 'display_name'])
# token flow
if out['tokens']:
    inv2 = mkinv(30)
    pv = w.post('/invoice/transaction/%d' % inv2, {'access_token': None, 'provider_id': pid, 'payment_method_id': mid, 'token_id': out['tokens'][0]['id'], 'amount': 30, 'flow': 'token', 'tokenization_requested': False, 'landing_route': '/x', 'is_validation': False})
    out['token_tx'] = pv
    out['token_poll'] = w.post('/payment/status/poll', {})
    out['token_inv'] = r('account.move', 'read', [inv2], ['payment_state', 'amount_residual'])
    out['token_msgs'] = [(m['body'], m['subtype_id'] and m['subtype_id'][1], m['author_id'] and m['author_id'][1]) for m in r('mail.message', 'search_read', [['model', '=', 'account.move'], ['res_id', '=', inv2]], fields=['body', 'subtype_id', 'author_id'], order='id')]
# anonymous customer paying with the access token
inv3 = mkinv(10)
tok = r('account.move', 'read', [inv3], ['access_url', 'access_token'])
url = r('account.move', 'get_portal_url', [inv3])
m = re.search(r'access_token=([\w-]+)', url)
anon = Web(None, None)
pv = anon.post('/invoice/transaction/%d' % inv3, {'access_token': m.group(1) if m else None, 'provider_id': pid, 'payment_method_id': mid, 'token_id': None, 'amount': 10, 'flow': 'direct', 'tokenization_requested': False, 'landing_route': '/x', 'is_validation': False})
out['anon_tx'] = pv
out['anon_sim'] = anon.post('/payment/demo/simulate_payment', {'reference': pv.get('reference') if isinstance(pv, dict) else None, 'payment_details': '4242', 'simulated_state': 'done'})
out['anon_poll'] = anon.post('/payment/status/poll', {})
out['anon_inv'] = r('account.move', 'read', [inv3], ['payment_state', 'amount_residual'])
out['anon_msgs'] = [(m['body'], m['subtype_id'] and m['subtype_id'][1], m['author_id'] and m['author_id'][1]) for m in r('mail.message', 'search_read', [['model', '=', 'account.move'], ['res_id', '=', inv3]], fields=['body', 'subtype_id', 'author_id'], order='id')]
# errors
out['err_kw'] = w.post('/invoice/transaction/%d' % inv, {'access_token': None, 'provider_id': pid, 'bogus': 1, 'flow': 'direct', 'amount': 1})
out['err_token'] = Web(None, None).post('/invoice/transaction/%d' % inv, {'access_token': 'bad', 'provider_id': pid, 'flow': 'direct', 'amount': 1, 'payment_method_id': mid})
out['err_missing'] = w.post('/invoice/transaction/99999', {'access_token': None, 'provider_id': pid, 'flow': 'direct', 'amount': 1, 'payment_method_id': mid})
out['poll_none'] = Web(None, None).post('/payment/status/poll', {})
out['sim_none'] = w.post('/payment/demo/simulate_payment', {'reference': 'nope', 'payment_details': '1', 'simulated_state': 'done'})
dump(out)
