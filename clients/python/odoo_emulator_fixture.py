"""pytest fixtures for odoo-emulator, an Odoo 17.0 compatible server for tests.

Put this file on the path of your tests and load it as a plugin, in conftest.py::

    pytest_plugins = ['odoo_emulator_fixture']

Fixtures:

``odoo_emulator`` (session)
    A running emulator: started once per test session from the command line (``npx odoo-emulator``
    in the current project, or the command in ``ODOO_EMULATOR_CMD``) on a free loopback port with
    an in-memory database, stopped at the end. With ``ODOO_EMULATOR_URL`` set, the server already
    running there is used instead (``ODOO_EMULATOR_DB`` names its database, default ``odoo``).
``odoo``
    The same server, its database back to its starting state before each test (data, clock,
    fault rules and journal).

Both are ``OdooEmulator`` objects: ``url``, ``db``, ``execute(model, method, *args, **kwargs)`` (as
admin over XML-RPC), ``outbox()``, ``clock_set()``, ``add_fault()``, ``journal()`` ... through the
emulator's /emulator control routes. Standard library only.
"""
import json
import os
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client

import pytest

_HERE = os.path.dirname(os.path.abspath(__file__))
START_SNAPSHOT = '__pytest_start__'


class OdooEmulator:
    """A handle on a running emulator and one of its databases."""

    def __init__(self, url, db='odoo', login='admin', password='admin', master_password=None, process=None):
        self.url = url.rstrip('/')
        self.db = db
        self.login = login
        self.password = password
        self.master_password = master_password
        self.process = process
        self.uid = None

    # -- Odoo's own API ---------------------------------------------------------------------
    def common(self):
        return xmlrpc.client.ServerProxy(f'{self.url}/xmlrpc/2/common', allow_none=True)

    def object(self):
        return xmlrpc.client.ServerProxy(f'{self.url}/xmlrpc/2/object', allow_none=True)

    def execute(self, model, method, *args, **kwargs):
        """model.method(*args, **kwargs) as the admin user, over XML-RPC."""
        if self.uid is None:
            self.uid = self.common().authenticate(self.db, self.login, self.password, {})
        return self.object().execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)

    # -- control routes -----------------------------------------------------------------------
    def _control(self, http_method, path, body=None, **query):
        query = {k: v for k, v in query.items() if v is not None}
        url = f'{self.url}/emulator/{path}' + (f'?{urllib.parse.urlencode(query)}' if query else '')
        headers = {'Content-Type': 'application/json'}
        if self.master_password:
            headers['X-Odoo-Master-Password'] = self.master_password
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=http_method, headers=headers)
        try:
            with urllib.request.urlopen(req) as r:
                text = r.read()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f'{http_method} {path}: {e.code} {e.read().decode(errors="replace")}') from None
        return json.loads(text) if text else None

    def status(self):
        return self._control('GET', 'status')

    def reset(self):
        """Data back to its state at creation; clock, fault rules and journal too."""
        return self._control('POST', 'reset', {'db': self.db})

    def snapshot(self, name):
        return self._control('POST', 'snapshot', {'db': self.db, 'name': name})

    def restore(self, name):
        return self._control('POST', 'restore', {'db': self.db, 'name': name})

    def outbox(self, to=None, subject=None, limit=None):
        """Mails the server produced, newest first, each with its parsed ``links`` (signup tokens ...)."""
        return self._control('GET', 'outbox.json', db=self.db, to=to, subject=subject, limit=limit)

    def clear_outbox(self):
        return self._control('POST', 'outbox/clear', {'db': self.db})

    def clock_now(self):
        return self._control('GET', 'clock', db=self.db)

    def clock_set(self, when, freeze=False):
        """Move the database's time to ``when`` (ISO string, datetime or epoch ms)."""
        if hasattr(when, 'isoformat'):
            when = when.isoformat() + ('' if getattr(when, 'tzinfo', None) else 'Z')
        return self._control('POST', 'clock', {'db': self.db, 'set': when, 'freeze': freeze})

    def clock_advance(self, seconds=0, ms=0):
        return self._control('POST', 'clock', {'db': self.db, 'advance_ms': seconds * 1000 + ms})

    def clock_reset(self):
        return self._control('POST', 'clock', {'db': self.db, 'reset': True})

    def add_fault(self, **rule):
        """A fault rule (route, service, model, method, db, uid, times, probability; delay_ms, error,
        message, http_status, drop, truncate); returns its id."""
        return self._control('POST', 'faults', rule)['id']

    def remove_fault(self, fault_id):
        return self._control('DELETE', f'faults/{fault_id}')

    def clear_faults(self):
        return self._control('POST', 'faults/clear', {})

    def faults(self):
        return self._control('GET', 'faults')

    def journal(self, **filters):
        """RPC calls answered (model, method, uid, route, service, since, outcome filters), oldest first."""
        filters.setdefault('db', self.db)
        return self._control('GET', 'journal', **filters)

    def clear_journal(self):
        return self._control('POST', 'journal/clear', {})

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _command():
    if os.environ.get('ODOO_EMULATOR_CMD'):
        return shlex.split(os.environ['ODOO_EMULATOR_CMD'])
    # inside the package (node_modules/odoo-emulator/clients/python or a clone): its own bin
    own = os.path.join(_HERE, '..', '..', 'bin', 'odoo-emulator.js')
    if os.path.exists(own):
        return ['node', own]
    return ['npx', '--no-install', 'odoo-emulator']


def start_emulator(db='odoo', args=(), timeout=120):
    """Start an emulator process with an in-memory database ``db``; returns its OdooEmulator."""
    port = _free_port()
    cmd = _command() + ['-D', ':memory:', '-p', str(port), '--http-interface', '127.0.0.1', '-d', db, '--log-level', 'warn', *args]
    process = subprocess.Popen(cmd)
    emulator = OdooEmulator(f'http://127.0.0.1:{port}', db, process=process)
    deadline = time.time() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f'odoo-emulator exited with code {process.returncode}: {cmd}')
        try:
            if db in emulator.status()['databases']:
                return emulator
        except (OSError, RuntimeError):
            pass
        if time.time() > deadline:
            emulator.stop()
            raise RuntimeError(f'odoo-emulator did not answer within {timeout} s')
        time.sleep(0.1)


def _web_login(emulator):
    """An admin login through the web, as Odoo's: web.base.url becomes the server's address."""
    req = urllib.request.Request(f'{emulator.url}/web/session/authenticate', method='POST', headers={'Content-Type': 'application/json'},
                                 data=json.dumps({'jsonrpc': '2.0', 'params': {'db': emulator.db, 'login': emulator.login, 'password': emulator.password}}).encode())
    with urllib.request.urlopen(req) as r:
        r.read()


@pytest.fixture(scope='session')
def odoo_emulator():
    url = os.environ.get('ODOO_EMULATOR_URL')
    if url:
        emulator = OdooEmulator(url, os.environ.get('ODOO_EMULATOR_DB', 'odoo'), master_password=os.environ.get('ODOO_EMULATOR_MASTER_PASSWORD'))
    else:
        emulator = start_emulator()
    _web_login(emulator)
    emulator.snapshot(START_SNAPSHOT)
    yield emulator
    emulator.stop()


@pytest.fixture
def odoo(odoo_emulator):
    odoo_emulator.restore(START_SNAPSHOT)
    odoo_emulator.clock_reset()
    odoo_emulator.clear_faults()
    odoo_emulator.clear_journal()
    odoo_emulator.uid = None
    return odoo_emulator
