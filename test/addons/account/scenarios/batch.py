"""Paying several documents at once: the register wizard on invoices of two customers (its
fields and defaults, grouped payments per partner, then one payment per invoice), a vendor
bill paid with an outbound payment, a cash journal, and the wizard's refusals.
"""
from odoo import Rpc, one, dump

r = Rpc()
out = {}
azure, deco = r.ref('base.res_partner_12'), r.ref('base.res_partner_2')
t15 = r.ref('account.1_sale_tax_template')


def invoice(partner, price, move_type='out_invoice', taxes=()):
    inv = one(r('account.move', 'create', [{'move_type': move_type, 'partner_id': partner, 'invoice_date': '2026-04-02',
                                            'invoice_line_ids': [(0, 0, {'name': 'Work', 'quantity': 1, 'price_unit': price, 'tax_ids': [(6, 0, list(taxes))]})]}]))
    r('account.move', 'action_post', [inv])
    return inv


def state(ids):
    return [(m['payment_state'], m['amount_residual']) for m in r('account.move', 'read', ids, ['payment_state', 'amount_residual'])]


WIZARD_FIELDS = ['amount', 'communication', 'group_payment', 'can_edit_wizard', 'can_group_payments', 'payment_difference',
                 'payment_difference_handling', 'source_amount', 'source_currency_id', 'partner_id', 'partner_type', 'payment_type',
                 'journal_id', 'payment_method_line_id', 'payment_date', 'line_ids',
                 'company_id', 'currency_id', 'available_journal_ids', 'show_partner_bank_account', 'require_partner_bank_account']


def wizard(ids, vals=None):
    ctx = {'active_model': 'account.move', 'active_ids': ids}
    w = one(r('account.payment.register', 'create', [vals or {}], context=ctx))
    if isinstance(w, dict):
        return w, ctx
    rd = r('account.payment.register', 'read', [w], [f for f in WIZARD_FIELDS])
    return (w, rd[0]), ctx


# three invoices, two customers
a1, a2, d1 = invoice(azure, 100, taxes=[t15]), invoice(azure, 50), invoice(deco, 80)
(w, out['wizard_three']), ctx = wizard([a1, a2, d1])
out['grouped_action'] = r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['grouped_states'] = state([a1, a2, d1])
pays = r('account.payment', 'search_read', [], fields=['partner_id', 'amount', 'ref', 'payment_type', 'partner_type', 'reconciled_invoice_ids', 'state'], order='id desc', limit=2)
out['grouped_payments'] = sorted(([p['partner_id'][0], p['amount'], p['ref'], p['payment_type'], p['partner_type'], p['reconciled_invoice_ids'], p['state']] for p in pays), key=lambda x: x[0])

# one payment per invoice
b1, b2 = invoice(azure, 10), invoice(azure, 20)
(w, out['wizard_two']), ctx = wizard([b1, b2], {'group_payment': False})
out['separate_action'] = r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['separate_states'] = state([b1, b2])

# an amount on several invoices grouped in one payment: partial, oldest first
c1, c2 = invoice(deco, 30), invoice(deco, 40)
(w, out['wizard_partial']), ctx = wizard([c1, c2], {'group_payment': True, 'amount': 50})
out['partial_action'] = r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['partial_states'] = state([c1, c2])

# a vendor bill, paid from the cash journal
bill = invoice(azure, 70, move_type='in_invoice')
cash = r.ref('account.1_cash')
(w, out['wizard_bill']), ctx = wizard([bill], {'journal_id': cash})
out['bill_action'] = r('account.payment.register', 'action_create_payments', [w], context=ctx)
out['bill_state'] = state([bill])
pay = r('account.payment', 'search_read', [], fields=['name', 'payment_type', 'partner_type', 'amount', 'journal_id', 'payment_method_line_id', 'destination_account_id', 'outstanding_account_id', 'is_reconciled'], order='id desc', limit=1)
out['bill_payment'] = pay

# refusals: a customer invoice and a vendor bill together, an already paid invoice
out['mixed'] = wizard([invoice(deco, 5), invoice(deco, 6, move_type='in_invoice')])[0]
out['paid_again'] = wizard([a1])[0]
dump(out)
