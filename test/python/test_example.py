"""The README's pytest example: tests against the emulator with the odoo fixture."""
import xmlrpc.client

import pytest


def test_create_a_partner(odoo):
    pid = odoo.execute('res.partner', 'create', {'name': 'Jo', 'email': 'jo@example.com'})
    [call] = odoo.journal(model='res.partner', method='create')
    assert call['result'] == pid
    assert call['outcome'] == 'result'


def test_each_test_starts_from_the_same_data(odoo):
    assert odoo.execute('res.partner', 'search_count', [['name', '=', 'Jo']]) == 0


def test_the_invitation_link_points_at_this_server(odoo):
    pid = odoo.execute('res.partner', 'create', {'name': 'Jo', 'email': 'jo@example.com'})
    wizard = odoo.execute('portal.wizard', 'action_open_wizard', context={'active_ids': [pid]})
    [line] = odoo.execute('portal.wizard', 'read', [wizard['res_id']], ['user_ids'])[0]['user_ids']
    odoo.execute('portal.wizard.user', 'action_grant_access', [line])
    [mail] = odoo.outbox(to='jo@example.com')
    assert mail['subject'] == 'Your account at YourCompany'
    assert mail['links'][0]['url'].startswith(f'{odoo.url}/web/signup?')


def test_a_client_sees_the_error_odoo_sends_after_a_concurrent_update(odoo):
    odoo.add_fault(model='res.partner', method='write', error='SerializationFailure', times=1)
    with pytest.raises(xmlrpc.client.Fault) as failure:
        odoo.execute('res.partner', 'write', [3], {'name': 'Renamed'})
    assert failure.value.faultCode == 1
    assert 'could not serialize access due to concurrent update' in failure.value.faultString
    assert odoo.execute('res.partner', 'write', [3], {'name': 'Renamed'}) is True  # the rule is spent


def test_a_reset_password_link_expires_after_a_day(odoo):
    odoo.execute('res.users', 'action_reset_password', [6])
    assert odoo.execute('res.partner', 'read', [7], ['signup_valid'])[0]['signup_valid'] is True
    odoo.clock_advance(seconds=25 * 3600)
    assert odoo.execute('res.partner', 'read', [7], ['signup_valid'])[0]['signup_valid'] is False
