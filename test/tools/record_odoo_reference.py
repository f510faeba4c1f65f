#!/usr/bin/env python3
"""Record what a real Odoo 17 database holds for the models the emulator implements.

Reads a reference Odoo over XML-RPC (as admin) and writes one JSON file: for each model, the
fields compared, the record counts and every record (id, xml ids, field values). The jest test
test/fixtures/odoo_parity.test.ts builds a fresh emulator database and compares it with this
recording, so tests never need the reference server.

    /usr/bin/python3 test/tools/record_odoo_reference.py \
        --url http://127.0.0.1:8169 --db ref_default --out test/fixtures/odoo_reference/ref_default.json

Values are normalised so that both sides compare as plain JSON: many2one -> id or false,
x2many -> sorted ids, binary -> whether a value is set. Values that are random or depend on the
machine (database.secret, database.uuid, database.create_date, web.base.url) are replaced by a
marker; message bodies are recorded as a digest. Records of models the emulator does not have are recorded too where they share a table
with ours (ir.model.access, ir.rule, mail.template and mail.message of other models): the test
expects those to be absent and their ids unused.
"""
import argparse
import hashlib
import json
import sys
import xmlrpc.client

# model -> fields recorded (fields the reference does not have are dropped at run time)
MODELS = {
    'res.partner': [
        'name', 'display_name', 'complete_name', 'parent_id', 'is_company', 'company_type', 'type',
        'street', 'street2', 'zip', 'city', 'state_id', 'country_id', 'country_code', 'email',
        'email_formatted', 'phone', 'mobile', 'website', 'function', 'title', 'company_id',
        'category_id', 'industry_id', 'lang', 'tz', 'vat', 'ref', 'company_registry', 'active',
        'user_ids', 'user_id', 'comment', 'company_name', 'commercial_partner_id',
        'commercial_company_name', 'employee', 'color', 'partner_share', 'barcode',
        'partner_latitude', 'partner_longitude', 'bank_ids', 'image_1920', 'date', 'contact_address',
        'signup_type',
    ],
    'res.users': [
        'login', 'name', 'display_name', 'partner_id', 'company_id', 'company_ids', 'groups_id',
        'signature', 'share', 'active', 'action_id', 'tz', 'lang', 'email', 'notification_type',
        'odoobot_state', 'totp_enabled', 'image_1920',
    ],
    'res.groups': [
        'name', 'full_name', 'display_name', 'category_id', 'implied_ids', 'trans_implied_ids',
        'comment', 'share', 'users', 'color',
    ],
    'res.company': [
        'name', 'display_name', 'partner_id', 'currency_id', 'street', 'street2', 'zip', 'city',
        'state_id', 'country_id', 'email', 'phone', 'mobile', 'website', 'vat', 'company_registry',
        'report_header', 'report_footer', 'company_details', 'logo', 'color', 'sequence', 'parent_id',
        'active', 'user_ids', 'email_formatted', 'font', 'primary_color', 'secondary_color',
        'layout_background',
    ],
    'res.partner.category': ['name', 'display_name', 'color', 'parent_id', 'active', 'partner_ids'],
    'res.partner.title': ['name', 'shortcut'],
    'res.partner.industry': ['name', 'full_name', 'active'],
    'res.partner.bank': [
        'acc_number', 'acc_holder_name', 'partner_id', 'bank_id', 'sequence', 'active', 'company_id',
        'allow_out_payment', 'currency_id',
    ],
    'res.currency': [
        'name', 'symbol', 'full_name', 'rounding', 'decimal_places', 'position', 'active',
        'currency_unit_label', 'currency_subunit_label',
    ],
    'res.country': [
        'name', 'code', 'phone_code', 'currency_id', 'address_format', 'vat_label', 'state_required',
        'zip_required', 'name_position',
    ],
    'res.country.state': ['country_id', 'name', 'code'],
    'res.lang': [
        'name', 'code', 'iso_code', 'url_code', 'active', 'direction', 'date_format', 'time_format',
        'week_start', 'grouping', 'decimal_point', 'thousands_sep',
    ],
    'ir.module.category': ['name', 'parent_id', 'sequence', 'visible', 'exclusive', 'description'],
    'ir.config_parameter': ['key', 'value'],
    'ir.sequence': [
        'name', 'code', 'implementation', 'prefix', 'suffix', 'padding', 'number_next',
        'number_increment', 'company_id', 'active', 'use_date_range',
    ],
    'ir.model.access': ['name', 'model', 'group_id', 'perm_read', 'perm_write', 'perm_create', 'perm_unlink', 'active'],
    'ir.rule': [
        'name', 'model', 'groups', 'domain_force', 'perm_read', 'perm_write', 'perm_create',
        'perm_unlink', 'global', 'active',
    ],
    'mail.template': [
        'name', 'model', 'subject', 'email_from', 'email_to', 'partner_to', 'lang', 'auto_delete',
        'use_default_to', 'description', 'email_cc', 'reply_to',
    ],
    'mail.message.subtype': [
        'name', 'description', 'internal', 'sequence', 'default', 'res_model', 'hidden', 'parent_id',
        'relation_field', 'track_recipients',
    ],
    'mail.message': [
        'model', 'res_id', 'message_type', 'subtype_id', 'author_id', 'subject', 'body', 'email_from',
        'is_internal', 'partner_ids', 'record_name',
    ],
    'mail.mail': ['subject'],
    'res.users.apikeys': ['name'],
    'auth_totp.device': ['name'],
}

# --set account: what account and payment_demo add (a fresh database made with those modules, as
# test/addons/account/demo_parity.test.ts builds). Names, references and dates of the demo
# documents follow the day the database was made, so they are not recorded.
ACCOUNT_MODELS = {
    'account.account': ['code', 'name', 'account_type', 'reconcile', 'deprecated', 'currency_id', 'company_id', 'tag_ids', 'internal_group', 'non_trade', 'note'],
    'account.account.tag': ['name', 'applicability', 'tax_negate', 'country_id', 'active'],
    'account.group': ['name', 'code_prefix_start', 'code_prefix_end', 'parent_id', 'company_id'],
    'account.journal': [
        'name', 'code', 'type', 'active', 'sequence', 'company_id', 'currency_id', 'default_account_id', 'suspense_account_id',
        'profit_account_id', 'loss_account_id', 'refund_sequence', 'payment_sequence', 'invoice_reference_type', 'invoice_reference_model',
        'inbound_payment_method_line_ids', 'outbound_payment_method_line_ids', 'show_on_dashboard', 'color', 'restrict_mode_hash_table',
    ],
    'account.tax.group': ['name', 'sequence', 'country_id', 'company_id', 'tax_payable_account_id', 'tax_receivable_account_id', 'preceding_subtotal'],
    'account.tax': [
        'name', 'type_tax_use', 'tax_scope', 'amount_type', 'amount', 'active', 'company_id', 'sequence', 'description', 'invoice_label',
        'price_include', 'include_base_amount', 'is_base_affected', 'tax_group_id', 'tax_exigibility', 'country_id', 'children_tax_ids',
        'invoice_repartition_line_ids', 'refund_repartition_line_ids', 'analytic',
    ],
    'account.tax.repartition.line': ['factor_percent', 'repartition_type', 'document_type', 'account_id', 'tax_id', 'tag_ids', 'sequence', 'use_in_tax_closing', 'company_id'],
    'account.payment.term': ['name', 'active', 'sequence', 'company_id', 'early_discount', 'discount_percentage', 'discount_days', 'early_pay_discount_computation', 'line_ids'],
    'account.payment.term.line': ['value', 'value_amount', 'nb_days', 'delay_type', 'days_next_month', 'payment_id'],
    'account.payment.method': ['name', 'code', 'payment_type'],
    'account.payment.method.line': ['name', 'sequence', 'payment_method_id', 'journal_id', 'payment_account_id', 'payment_provider_id'],
    'account.fiscal.position': ['name', 'sequence', 'active', 'company_id', 'auto_apply', 'country_id', 'vat_required'],
    'account.incoterms': ['name', 'code', 'active'],
    'account.move': [
        'move_type', 'state', 'journal_id', 'partner_id', 'commercial_partner_id', 'currency_id', 'company_id', 'invoice_user_id',
        'invoice_payment_term_id', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'amount_total_signed',
        'payment_state', 'posted_before', 'line_ids', 'auto_post', 'is_move_sent', 'to_check',
    ],
    'account.move.line': [
        'move_id', 'account_id', 'display_type', 'partner_id', 'product_id', 'product_uom_id', 'quantity', 'price_unit', 'discount',
        'debit', 'credit', 'balance', 'amount_currency', 'currency_id', 'tax_ids', 'tax_line_id', 'tax_group_id', 'tax_repartition_line_id',
        'tax_base_amount', 'price_subtotal', 'price_total', 'amount_residual', 'reconciled', 'sequence', 'parent_state',
    ],
    'account.partial.reconcile': ['debit_move_id', 'credit_move_id', 'amount', 'debit_amount_currency', 'credit_amount_currency', 'full_reconcile_id'],
    'account.full.reconcile': ['partial_reconcile_ids', 'reconciled_line_ids'],
    'payment.provider': [
        'name', 'code', 'state', 'sequence', 'company_id', 'is_published', 'payment_method_ids', 'journal_id', 'allow_tokenization',
        'capture_manually', 'allow_express_checkout', 'redirect_form_view_id', 'pre_msg', 'pending_msg', 'done_msg', 'cancel_msg',
    ],
    'payment.method': ['name', 'code', 'sequence', 'active', 'primary_payment_method_id', 'provider_ids', 'support_tokenization', 'support_refund'],
    'mail.activity': ['res_model', 'res_id', 'activity_type_id', 'summary', 'user_id'],
}

# model_id of these models is recorded as the model's name (ids of ir.model are not compared)
MODEL_NAME_FIELDS = {'ir.model.access', 'ir.rule'}

# long texts recorded as a digest ("sha1:<hex>" of the UTF-8 text): demo chatter bodies
DIGEST_FIELDS = {('mail.message', 'body')}

# parameter values that are random per database, or depend on where the server runs
RANDOM_PARAMETERS = {'database.secret', 'database.uuid', 'database.create_date'}
ENVIRONMENT_PARAMETERS = {'web.base.url'}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--url', default='http://127.0.0.1:8169')
    ap.add_argument('--db', default='ref_default')
    ap.add_argument('--login', default='admin')
    ap.add_argument('--password', default='admin')
    ap.add_argument('--out', required=True)
    ap.add_argument('--set', choices=['default', 'account'], default='default', help='the models recorded (default: the default module set)')
    args = ap.parse_args()
    models = ACCOUNT_MODELS if args.set == 'account' else MODELS

    common = xmlrpc.client.ServerProxy(f'{args.url}/xmlrpc/2/common')
    uid = common.authenticate(args.db, args.login, args.password, {})
    if not uid:
        sys.exit(f'cannot log in to {args.db} as {args.login}')
    obj = xmlrpc.client.ServerProxy(f'{args.url}/xmlrpc/2/object', allow_none=True)

    def call(model, method, *a, **kw):
        return obj.execute_kw(args.db, uid, args.password, model, method, list(a), kw)

    every = {'active_test': False}
    out = {
        'about': {
            'server_version': common.version()['server_version'],
            'database': args.db,
            'recorded_by': 'test/tools/record_odoo_reference.py',
            'installed_modules': sorted(m['name'] for m in call(
                'ir.module.module', 'search_read', [('state', '=', 'installed')], ['name'])),
        },
        'models': {},
    }
    model_names = {m['id']: m['model'] for m in call('ir.model', 'search_read', [], ['model'])}
    for model, wanted in models.items():
        defs = call(model, 'fields_get', attributes=['type'])
        fields = [f for f in wanted if f in defs or (f == 'model' and model in MODEL_NAME_FIELDS)]
        read_fields = ['model_id' if (f == 'model' and model in MODEL_NAME_FIELDS) else f for f in fields]
        rows = call(model, 'search_read', [], read_fields, order='id', context=every)
        xmlids = {}
        for d in call('ir.model.data', 'search_read', [('model', '=', model)], ['module', 'name', 'res_id'], order='id'):
            xmlids.setdefault(d['res_id'], []).append(f"{d['module']}.{d['name']}")
        records = []
        for row in rows:
            rec = {'id': row['id'], 'xmlids': sorted(xmlids.get(row['id'], []))}
            for f in fields:
                if f == 'model' and model in MODEL_NAME_FIELDS:
                    rec[f] = model_names.get(row['model_id'][0]) if row['model_id'] else False
                else:
                    rec[f] = normalise(defs[f]['type'], row[f])
                if (model, f) in DIGEST_FIELDS and isinstance(rec[f], str):
                    rec[f] = 'sha1:' + hashlib.sha1(rec[f].encode('utf-8')).hexdigest()
            if model == 'ir.config_parameter':
                if rec['key'] in RANDOM_PARAMETERS:
                    rec['value'] = '<random>'
                elif rec['key'] in ENVIRONMENT_PARAMETERS:
                    rec['value'] = '<environment>'
            records.append(rec)
        out['models'][model] = {
            'fields': fields,
            'count': len(records),
            'active_count': call(model, 'search_count', []),
            'records': records,
        }
        print(f'{model}: {len(records)} records', file=sys.stderr)
    write(out, args.out)


def normalise(ftype, value):
    if ftype == 'many2one':
        return value[0] if value else False
    if ftype in ('one2many', 'many2many'):
        return sorted(value)
    if ftype == 'binary':
        return bool(value)
    return value


def write(data, path):
    """JSON with one record per line: small, and diffs show which record changed."""
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write('{\n  "about": ' + json.dumps(data['about'], ensure_ascii=False) + ',\n  "models": {\n')
        models = list(data['models'].items())
        for i, (model, m) in enumerate(models):
            head = {k: v for k, v in m.items() if k != 'records'}
            fh.write(f'    {json.dumps(model)}: {{\n')
            for k, v in head.items():
                fh.write(f'      {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n')
            fh.write('      "records": [\n')
            recs = m['records']
            for j, r in enumerate(recs):
                fh.write('        ' + json.dumps(r, ensure_ascii=False) + (',\n' if j < len(recs) - 1 else '\n'))
            fh.write('      ]\n    }' + (',\n' if i < len(models) - 1 else '\n'))
        fh.write('  }\n}\n')


if __name__ == '__main__':
    main()
