"""Record a reference Odoo 17's fields_get for the models real addons define or extend.

Usage (once, against a database created with those addons, see test/addons_path/README.md):
    python3 test/tools/record_addon_fields_get.py --url http://127.0.0.1:8169 --db ref_addons \
        --modules utm,fleet,lunch,maintenance,resource > test/addons_path/odoo17_addons_fields_get.json

For every model whose ir.model `modules` names one of the modules, the attributes compared by
test/addons_path/real_addons.test.ts (type, relation, string, required, readonly, selection) of
every field, and which of the modules declare each field (ir.model.fields `modules`).
"""
import argparse
import json
import xmlrpc.client

ATTRS = ['type', 'relation', 'string', 'required', 'readonly', 'selection']

p = argparse.ArgumentParser()
p.add_argument('--url', default='http://127.0.0.1:8169')
p.add_argument('--db', default='ref_addons')
p.add_argument('--login', default='admin')
p.add_argument('--password', default='admin')
p.add_argument('--modules', required=True)
a = p.parse_args()
modules = a.modules.split(',')
uid = xmlrpc.client.ServerProxy(f'{a.url}/xmlrpc/2/common').authenticate(a.db, a.login, a.password, {})
obj = xmlrpc.client.ServerProxy(f'{a.url}/xmlrpc/2/object', allow_none=True)
call = lambda model, method, *args, **kw: obj.execute_kw(a.db, uid, a.password, model, method, list(args), kw)

out = {'database': a.db, 'modules': modules, 'models': {}}
for m in call('ir.model', 'search_read', [], fields=['model', 'modules', 'transient'], order='model'):
    mods = [x.strip() for x in (m['modules'] or '').split(',')]
    if not any(x in modules for x in mods):
        continue
    fields = call(m['model'], 'fields_get', attributes=ATTRS)
    owners = {f['name']: [x.strip() for x in (f['modules'] or '').split(',')]
              for f in call('ir.model.fields', 'search_read', [('model', '=', m['model'])], fields=['name', 'modules'])}
    out['models'][m['model']] = {
        'modules': mods,
        # only the fields the addons declare (or redefine): the subject of the comparison
        'fields': {name: {**{k: d.get(k) for k in ATTRS if k in d}, 'modules': owners.get(name, [])}
                   for name, d in sorted(fields.items()) if set(owners.get(name, [])) & set(modules)},
    }
print(json.dumps(out, indent=0, sort_keys=True))
