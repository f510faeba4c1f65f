"""
Clients shared by the accounting scenarios. Each scenario script runs the same calls against a
real Odoo 17 (to record test/addons/account/reference/<scenario>.json) and against the emulator
(test/addons/account/scenarios.test.ts compares the two outputs), so both sides see exactly the
same requests. Usage of a scenario: python3 <scenario>.py URL DB [jsonrpc|xmlrpc]

The output is normalised only where it depends on the day the database was made: today's date
(2026-12-06, 12/06/2026), and sequence numbers (INV/2026/00007, MISC/2026/12/0001), which follow
the demo documents dated relative to today.
"""
import datetime
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.request
import xmlrpc.client
import zoneinfo

URL, DB = sys.argv[1], sys.argv[2]
PROTOCOL = sys.argv[3] if len(sys.argv) > 3 else 'jsonrpc'


class Rpc:
    """execute_kw as one user, over JSON-RPC (/jsonrpc) or XML-RPC (/xmlrpc/2/object).
    An Odoo error comes back as {'ERROR': <exception class>, 'message': <text>}."""

    def __init__(self, login='admin', password='admin', protocol=PROTOCOL):
        self.password, self.protocol = password, protocol
        if protocol == 'xmlrpc':
            self.common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common', allow_none=True)
            self.models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)
            self.uid = self.common.login(DB, login, password)
        else:
            self.uid = self.service('common', 'login', DB, login, password)

    def service(self, service, method, *args):
        body = json.dumps({'jsonrpc': '2.0', 'method': 'call', 'params': {'service': service, 'method': method, 'args': list(args)}, 'id': 1}).encode()
        reply = json.load(urllib.request.urlopen(urllib.request.Request(URL + '/jsonrpc', body, {'Content-Type': 'application/json'})))
        if 'error' in reply:
            data = reply['error']['data']
            return {'ERROR': data['name'], 'message': data['message']}
        return reply.get('result')

    def __call__(self, model, method, *args, **kwargs):
        if self.protocol == 'xmlrpc':
            try:
                return self.models.execute_kw(DB, self.uid, self.password, model, method, list(args), kwargs)
            except xmlrpc.client.Fault as fault:
                return {'ERROR': 'xmlrpc.Fault', 'message': fault.faultString.strip().splitlines()[-1]}
        return self.service('object', 'execute_kw', DB, self.uid, self.password, model, method, list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split('.')
        return self('ir.model.data', 'search_read', [['module', '=', module], ['name', '=', name]], fields=['res_id'])[0]['res_id']


class Web:
    """A browser session for the JSON routes: logged in, or anonymous on the database."""

    def __init__(self, login=None, password=None):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        if login:
            self.post('/web/session/authenticate', {'db': DB, 'login': login, 'password': password})
        else:
            self.opener.open(URL + '/web/login?db=' + DB).read()

    def post(self, path, params):
        body = json.dumps({'jsonrpc': '2.0', 'method': 'call', 'params': params, 'id': 1}).encode()
        try:
            reply = json.load(self.opener.open(urllib.request.Request(URL + path, body, {'Content-Type': 'application/json'})))
        except urllib.error.HTTPError as e:
            return {'HTTP': e.code}
        if 'error' in reply:
            data = reply['error']['data']
            return {'ERROR': data['name'], 'message': data['message']}
        return reply.get('result')


def one(x):
    """create answers a list of ids for a list of values (and an id for one dict)."""
    return x[0] if isinstance(x, list) else x


# the servers date documents with context_today: the demo admin's zone (Europe/Brussels), which is
# not UTC's date between its midnight and UTC's; both count as today
_TODAYS = {datetime.date.today(), datetime.datetime.now(zoneinfo.ZoneInfo('Europe/Brussels')).date()}
TODAYS = [d.isoformat() for d in _TODAYS] + [d.strftime('%m/%d/%Y') for d in _TODAYS]
SEQUENCE = re.compile(r'\b([A-Z][A-Z0-9]*)/(\d{4})/(\d{5})\b')
MONTHLY = re.compile(r'\b([A-Z][A-Z0-9]*)/(\d{4})/(\d{2})/(\d{4})\b')


def normalise(value):
    if isinstance(value, str):
        for today in TODAYS:
            value = value.replace(today, '<today>')
        return MONTHLY.sub(r'\1/YYYY/MM/NNNN', SEQUENCE.sub(r'\1/YYYY/NNNNN', value))
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    return value


def dump(out):
    print(json.dumps(normalise(out), indent=1, sort_keys=True))
