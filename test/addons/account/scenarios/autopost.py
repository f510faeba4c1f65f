"""The auto-post cron (account.ir_cron_auto_post_draft_entry) run by hand: a draft invoice dated
today with auto_post set is posted, one that cannot be posted is marked to check with the reason
logged (and skipped by the next run), a future-dated one waits; the cron's own record.
"""
from odoo import Rpc, one, dump
r = Rpc()
out = {}
cron = r.ref('account.ir_cron_auto_post_draft_entry')
out['cron'] = r('ir.cron', 'read', [cron], ['name', 'interval_number', 'interval_type', 'numbercall', 'active', 'user_id', 'code', 'priority', 'doall', 'state'])
partner = r.ref('base.res_partner_12')
F = ['state', 'name', 'to_check', 'date', 'auto_post', 'amount_total']


def messages(move):
    return [(m['body'], m['message_type'], m['author_id'] and m['author_id'][1], m['subtype_id'] and m['subtype_id'][1]) for m in
            r('mail.message', 'search_read', [['model', '=', 'account.move'], ['res_id', '=', move]], fields=['body', 'message_type', 'author_id', 'subtype_id'], order='id')]


ok = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'auto_post': 'at_date',
                                      'invoice_line_ids': [[0, 0, {'name': 'auto', 'quantity': 1, 'price_unit': 12, 'tax_ids': []}]]}]))
bad = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'auto_post': 'at_date'}]))
later = one(r('account.move', 'create', [{'move_type': 'out_invoice', 'partner_id': partner, 'auto_post': 'at_date', 'invoice_date': '2030-01-01',
                                         'invoice_line_ids': [[0, 0, {'name': 'later', 'quantity': 1, 'price_unit': 5, 'tax_ids': []}]]}]))
out['before'] = r('account.move', 'read', [ok, bad, later], F)
out['run'] = r('ir.cron', 'method_direct_trigger', [cron])
out['after'] = r('account.move', 'read', [ok, bad, later], F)
out['posted_messages'] = messages(ok)
out['refused_messages'] = messages(bad)
out['run_again'] = r('ir.cron', 'method_direct_trigger', [cron])
out['refused_messages_again'] = messages(bad)
out['later_messages'] = messages(later)
out['private'] = r('account.move', '_autopost_draft_entries')
dump(out)
