"""Each kind of fault seen by real Python clients: xmlrpc.client and OdooRPC.

Usage: fault_clients.py URL DB. For every scenario the script adds a fault rule through the
emulator's control routes, makes the same call with both clients and reports what each raised
(class, and the details a caller would look at), as JSON on stdout.
"""
import http.client
import json
import socket
import sys
import urllib.request
import xmlrpc.client

import odoorpc

URL, DB = sys.argv[1], sys.argv[2]
HOST, PORT = URL.split('//')[1].split(':')[0], int(URL.rsplit(':', 1)[1])


def control(method, path, body=None):
    req = urllib.request.Request(URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b'null')


class TimeoutTransport(xmlrpc.client.Transport):
    timeout = 30

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        if conn.sock:  # a kept-alive connection
            conn.sock.settimeout(self.timeout)
        return conn


def describe(exc):
    out = {'class': f'{type(exc).__module__}.{type(exc).__qualname__}'}
    if isinstance(exc, xmlrpc.client.Fault):
        out['faultCode'] = exc.faultCode
        out['faultString'] = exc.faultString if exc.faultCode != 1 else exc.faultString.rstrip('\n').split('\n')[-1]
    elif isinstance(exc, xmlrpc.client.ProtocolError):
        out['errcode'] = exc.errcode
    elif isinstance(exc, odoorpc.error.RPCError):
        out['message'] = exc.args[0]
        out['name'] = exc.info.get('data', {}).get('name')
        out['code'] = exc.info.get('code')
    elif hasattr(exc, 'code'):
        out['code'] = exc.code
    return out


def run(fn):
    try:
        fn()
        return {'class': None}
    except Exception as exc:  # what a client's caller would catch
        return describe(exc)


odoo = odoorpc.ODOO(HOST, port=PORT, timeout=30)
odoo.login(DB, 'admin', 'admin')
transport = TimeoutTransport()
models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True, transport=transport)

SCENARIOS = {
    'AccessError': {'error': 'AccessError', 'message': 'Not for you'},
    'UserError': {'error': 'UserError', 'message': 'Something is wrong'},
    'ValidationError': {'error': 'ValidationError', 'message': 'Invalid value'},
    'MissingError': {'error': 'MissingError'},
    'AccessDenied': {'error': 'AccessDenied'},
    'SerializationFailure': {'error': 'SerializationFailure'},
    'http_502': {'http_status': 502},
    'http_503': {'http_status': 503},
    'http_504': {'http_status': 504},
    'drop': {'drop': True},
    'truncate': {'truncate': True},
    'delay': {'delay_ms': 3000},
}

report = {}
for name, effect in SCENARIOS.items():
    # both clients give up after 1 s on the delayed call, and wait long enough otherwise
    transport.timeout = odoo.config['timeout'] = 1 if 'delay_ms' in effect else 30
    rule = control('POST', '/emulator/faults', dict(effect, model='res.partner', method='search_count'))
    report[name] = {
        'xmlrpc': run(lambda: models.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', [[]])),
        'odoorpc': run(lambda: odoo.env['res.partner'].search_count([])),
        # xmlrpc.client sends a call again once when the connection closes without an answer
        'hits': control('GET', '/emulator/faults')[0]['hits'],
    }
    control('DELETE', f"/emulator/faults/{rule['id']}")
    transport.timeout = 30
    # without the rule, the same call works again
    report[name]['after'] = models.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', [[]]) > 0
print(json.dumps(report))
