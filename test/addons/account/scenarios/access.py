"""Who may do what: a billing user (demo), an internal user without accounting rights, the portal
user (posted invoices of their commercial entity only) and a stranger.
"""
import re
from odoo import Rpc, Web, one, dump, DB
admin = Rpc()
tag = 'scenario'
out = {}
p = admin.ref('base.res_partner_2')
# a plain internal user (no invoicing group)
uid = one(admin('res.users', 'create', [{'name': f'Plain {tag}', 'login': f'plain{tag}', 'password': 'plainpw123', 'groups_id': [(6, 0, [admin.ref('base.group_user')])]}]))
plain = Rpc(f'plain{tag}', 'plainpw123')
demo = Rpc('demo', 'demo')
portal = Rpc('portal', 'portal')
def norm(x):
    if isinstance(x, str): return re.sub(r'Plain \d+|id=\d+|\(id \d+\)|\d{5}', 'X', x)
    if isinstance(x, dict): return {k: norm(v) for k, v in x.items()}
    if isinstance(x, list): return [norm(v) for v in x]
    return x
inv = one(demo('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': p, 'invoice_line_ids': [(0, 0, {'name': 'A', 'price_unit': 10})]}]))
out['demo_create'] = isinstance(inv, int)
out['demo_post'] = demo('account.move', 'action_post', [inv])
w = one(demo('account.payment.register', 'create', [{}], context={'active_model': 'account.move', 'active_ids': [inv]}))
out['demo_pay'] = demo('account.payment.register', 'action_create_payments', [w], context={'active_model': 'account.move', 'active_ids': [inv]}).get('res_model')
out['demo_state'] = demo('account.move', 'read', [inv], ['payment_state'])[0]['payment_state']
out['demo_payment_read'] = len(demo('account.payment', 'search_read', [], fields=['name'])) > 0
out['demo_journal_write'] = demo('account.journal', 'write', [1], {'name': 'x'})
out['demo_tax_create'] = demo('account.tax', 'create', [{'name': 'T'}])
out['plain_move_read'] = plain('account.move', 'search_read', [], fields=['name'], limit=1)
out['plain_move_create'] = plain('account.move', 'create', [{'move_type': 'out_invoice'}])
out['plain_payment'] = plain('account.payment', 'search_read', [], fields=['name'], limit=1)
out['plain_tax'] = len(plain('account.tax', 'search_read', [], fields=['name'])) > 0
out['plain_journal'] = plain('account.journal', 'search_read', [], fields=['name'], limit=1)
out['plain_account'] = len(plain('account.account', 'search_read', [], fields=['name'], limit=1))
out['plain_terms'] = len(plain('account.payment.term', 'search_read', [], fields=['name'])) > 0
out['plain_register'] = plain('account.payment.register', 'create', [{}], context={'active_model': 'account.move', 'active_ids': [inv]})
out['plain_post'] = plain('account.move', 'action_post', [inv])
out['plain_partner_credit'] = plain('res.partner', 'read', [p], ['credit'])
out['demo_partner_credit'] = demo('res.partner', 'read', [p], ['credit', 'total_invoiced'])[0].keys() and True
out['portal_move_read'] = portal('account.move', 'read', [inv], ['name'])
out['portal_move_search'] = portal('account.move', 'search_read', [], fields=['name'])
out['portal_move_write'] = portal('account.move', 'write', [inv], {'ref': 'x'})
out['portal_payment'] = portal('account.payment', 'search_read', [], fields=['name'])
out['portal_journal'] = portal('account.journal', 'search_read', [], fields=['name'])
out['portal_tax'] = portal('account.tax', 'search_read', [], fields=['name'])
out['portal_line'] = portal('account.move.line', 'search_read', [], fields=['name'])
out['portal_post'] = portal('account.move', 'action_post', [inv])
pp = admin('res.users', 'read', [portal.uid], ['partner_id'])[0]['partner_id'][0]
mine_draft = one(admin('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': pp, 'invoice_line_ids': [(0, 0, {'name': 'P', 'price_unit': 7})]}]))
mine = one(admin('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': pp, 'invoice_line_ids': [(0, 0, {'name': 'P', 'price_unit': 8})]}]))
admin('account.move', 'action_post', [mine])
out['portal_mine_search'] = sorted(x['amount_total'] for x in portal('account.move', 'search_read', [['id', 'in', [mine, mine_draft]]], fields=['amount_total']))
out['portal_mine_read'] = portal('account.move', 'read', [mine], ['amount_total', 'payment_state'])
out['portal_draft_read'] = portal('account.move', 'read', [mine_draft], ['amount_total'])
out['portal_mine_lines'] = len(portal('account.move.line', 'search_read', [['move_id', '=', mine]], fields=['name']))
out['portal_mine_write'] = portal('account.move', 'write', [mine], {'ref': 'x'})
out['stranger_read'] = Rpc(f'plain{tag}', 'plainpw123')('account.move', 'read', [mine], ['name'])
dump(norm(out))
