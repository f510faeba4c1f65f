/**
 * XML-RPC driven by Python's standard xmlrpc.client (the client of Odoo's external API docs):
 * version, authenticate, execute_kw CRUD, fault codes/strings of /xmlrpc/2 and legacy /xmlrpc,
 * marshalling of Python types, and the argument shapes real clients send. Expected values are
 * those of a real Odoo 17.0 (../shared/conformance/protocol_orm.py).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { CATEGORY_MANDATORY_MSG, ICP_ACCESS_MSG, ORDER_MSG, VERSION, lastLine, py } from './helpers';

let srv: TestServer;
let env: { url: string; db: string };
beforeAll(async () => {
  srv = await startTestServer();
  env = { url: srv.url, db: srv.db };
});
afterAll(async () => { await srv.close(); });

describe('common service', () => {
  it('version() is the exact 17.0 dict on /xmlrpc/2/common and legacy /xmlrpc/common', async () => {
    const r = await py(`
      v2 = common.version()
      v1 = proxy('/xmlrpc/common').version()
      out({'v2': v2, 'v1': v1, 'info_types': [type(x).__name__ for x in v2['server_version_info']],
           'proto_type': type(v2['protocol_version']).__name__})
    `, env);
    expect(r.v2).toEqual(VERSION);
    expect(r.v1).toEqual(VERSION);
    expect(r.info_types).toEqual(['int', 'int', 'int', 'str', 'int', 'str']);
    expect(r.proto_type).toBe('int');
  });

  it('about() and about(True) on legacy /xmlrpc/common', async () => {
    const r = await py(`
      c = proxy('/xmlrpc/common')
      out([c.about(), c.about(True)])
    `, env);
    expect(r).toEqual(['See http://openerp.com', ['See http://openerp.com', '17.0']]);
  });

  it('authenticate: uid int on success, False (not a fault) on bad password, unknown or inactive login', async () => {
    const r = await py(`
      res = {}
      res['admin'] = call(lambda: common.authenticate(DB, 'admin', 'admin', {}))
      res['demo'] = call(lambda: common.authenticate(DB, 'demo', 'demo', {}))
      res['portal'] = call(lambda: common.authenticate(DB, 'portal', 'portal', {}))
      res['bad_password'] = call(lambda: common.authenticate(DB, 'admin', 'not-the-password', {}))
      res['unknown'] = call(lambda: common.authenticate(DB, 'nobody-xyz', 'x', {}))
      res['empty_password'] = call(lambda: common.authenticate(DB, 'admin', '', {}))
      # the inactive template user 'default': give it a password, it still cannot log in
      ids = admin('res.users', 'search', [[['login', '=', 'default']]], {'context': {'active_test': False}})
      res['default_ids'] = ids
      admin('res.users', 'write', [ids, {'password': 'default-pw'}])
      res['inactive'] = call(lambda: common.authenticate(DB, 'default', 'default-pw', {}))
      res['inactive_exec'] = call(lambda: models.execute_kw(DB, ids[0], 'default-pw', 'res.partner', 'search', [[]]))
      res['login'] = call(lambda: common.login(DB, 'demo', 'demo'))
      res['login_bad'] = call(lambda: proxy('/xmlrpc/common').login(DB, 'demo', 'nope'))
      out(res)
    `, env);
    expect(r.admin).toEqual({ value: 2, type: 'int' });
    expect(r.demo).toEqual({ value: 6, type: 'int' });
    expect(r.portal).toEqual({ value: 7, type: 'int' });
    expect(r.bad_password).toEqual({ value: false, type: 'bool' });
    expect(r.unknown).toEqual({ value: false, type: 'bool' });
    expect(r.empty_password).toEqual({ value: false, type: 'bool' });
    expect(r.default_ids).toHaveLength(1);
    expect(r.inactive).toEqual({ value: false, type: 'bool' });
    expect(r.inactive_exec).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.login).toEqual({ value: 6, type: 'int' });
    expect(r.login_bad).toEqual({ value: false, type: 'bool' });
  });

  it('authenticate accepts the user_agent_env shapes clients send ({} and None)', async () => {
    const r = await py(`
      c = proxy('/xmlrpc/2/common', allow_none=True)
      out([c.authenticate(DB, 'admin', 'admin', {}), c.authenticate(DB, 'admin', 'admin', None),
           c.authenticate(DB, 'admin', 'admin', {'base_location': 'http://x'})])
    `, env);
    expect(r).toEqual([2, 2, 2]);
  });
});

describe('object.execute_kw CRUD round trip on res.partner', () => {
  it('create (dict -> int, list -> list), read, write, search, search_count, unlink, exists', async () => {
    const r = await py(`
      res = {}
      pid = admin('res.partner', 'create', [{'name': 'XRCRUD Round Trip', 'email': 'rt@example.com'}])
      res['create'] = [pid, type(pid).__name__]
      ids = admin('res.partner', 'create', [[{'name': 'XRCRUD Many A'}, {'name': 'XRCRUD Many B'}]])
      res['create_list'] = [ids, [type(i).__name__ for i in ids]]
      res['create_empty'] = admin('res.partner', 'create', [[]])
      res['read'] = admin('res.partner', 'read', [[pid], ['name', 'email']])
      res['write'] = call(lambda: admin('res.partner', 'write', [[pid], {'name': 'XRCRUD Renamed'}]))
      res['read2'] = admin('res.partner', 'read', [[pid]], {'fields': ['name']})
      res['search'] = admin('res.partner', 'search', [[['name', 'like', 'XRCRUD ']]], {'order': 'id'})
      res['search_count'] = call(lambda: admin('res.partner', 'search_count', [[['name', 'like', 'XRCRUD ']]]))
      res['search_read'] = admin('res.partner', 'search_read', [[['id', '=', pid]]], {'fields': ['name', 'email']})
      res['unlink'] = call(lambda: admin('res.partner', 'unlink', [[pid] + ids]))
      res['exists'] = admin('res.partner', 'exists', [[pid] + ids])
      res['read_deleted'] = admin('res.partner', 'read', [[pid], ['name']])
      out(res)
    `, env);
    const [pid, pidType] = r.create;
    expect(pidType).toBe('int');
    expect(r.create_list[1]).toEqual(['int', 'int']);
    const ids: number[] = r.create_list[0];
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeLessThan(ids[1]);
    expect(r.create_empty).toEqual([]);
    expect(r.read).toEqual([{ id: pid, name: 'XRCRUD Round Trip', email: 'rt@example.com' }]);
    expect(r.write).toEqual({ value: true, type: 'bool' });
    expect(r.read2).toEqual([{ id: pid, name: 'XRCRUD Renamed' }]);
    expect(r.search).toEqual([pid, ...ids]);
    expect(r.search_count).toEqual({ value: 3, type: 'int' });
    expect(r.search_read).toEqual([{ id: pid, name: 'XRCRUD Renamed', email: 'rt@example.com' }]);
    expect(r.unlink).toEqual({ value: true, type: 'bool' });
    expect(r.exists).toEqual([]);
    expect(r.read_deleted).toEqual([]);
  });

  it('record ids may be an int or a list (read/write/unlink); legacy execute is positional', async () => {
    const r = await py(`
      res = {}
      pid = admin('res.partner', 'create', [{'name': 'XR Ids'}])
      res['pid'] = pid
      res['read_int'] = admin('res.partner', 'read', [pid, ['name']])
      res['write_int'] = admin('res.partner', 'write', [pid, {'ref': 'R-int'}])
      res['write_empty'] = admin('res.partner', 'write', [[], {'ref': 'nothing'}])
      res['ref'] = admin('res.partner', 'read', [[pid], ['ref']])
      res['execute_search'] = models.execute(DB, 2, 'admin', 'res.partner', 'search', [['id', '=', 3]])
      res['execute_read'] = models.execute(DB, 2, 'admin', 'res.partner', 'read', [3], ['name'])
      res['execute_legacy'] = proxy('/xmlrpc/object').execute(DB, 2, 'admin', 'res.partner', 'search', [['id', '=', 3]])
      res['unlink_int'] = admin('res.partner', 'unlink', [pid])
      res['exists'] = admin('res.partner', 'exists', [[pid]])
      out(res)
    `, env);
    expect(r.read_int).toEqual([{ id: r.pid, name: 'XR Ids' }]);
    expect(r.write_int).toBe(true);
    expect(r.write_empty).toBe(true);
    expect(r.ref).toEqual([{ id: r.pid, ref: 'R-int' }]);
    expect(r.execute_search).toEqual([3]);
    expect(r.execute_read).toEqual([{ id: 3, name: 'Mitchell Admin' }]);
    expect(r.execute_legacy).toEqual([3]);
    expect(r.unlink_int).toBe(true);
    expect(r.exists).toEqual([]);
  });

  it('kwargs shapes real clients send: {}, None (<nil/>), omitted, context None', async () => {
    const r = await py(`
      m = proxy('/xmlrpc/2/object', allow_none=True)
      dom = [[['id', 'in', [1, 3]]]]
      out({
        'empty': call(lambda: m.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', dom, {})),
        'none': call(lambda: m.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', dom, None)),
        'omitted': call(lambda: m.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', dom)),
        'ctx_none': call(lambda: m.execute_kw(DB, 2, 'admin', 'res.partner', 'search_count', dom, {'context': None})),
        'uid_str': call(lambda: m.execute_kw(DB, '2', 'admin', 'res.partner', 'search_count', dom)),
      })
    `, env);
    for (const k of ['empty', 'none', 'omitted', 'ctx_none', 'uid_str']) expect([k, r[k]]).toEqual([k, { value: 2, type: 'int' }]);
  });

  it('context in kwargs: default_* on create, active_test on search', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'XR Ctx'}], {'context': {'default_type': 'invoice', 'default_ref': 'CTXREF'}})
      a = admin('res.partner', 'read', [[pid], ['type', 'ref']])
      admin('res.partner', 'write', [[pid], {'active': False}])
      hidden = admin('res.partner', 'search', [[['id', '=', pid]]])
      shown = admin('res.partner', 'search', [[['id', '=', pid]]], {'context': {'active_test': False}})
      out({'pid': pid, 'read': a, 'hidden': hidden, 'shown': shown})
    `, env);
    expect(r.read).toEqual([{ id: r.pid, type: 'invoice', ref: 'CTXREF' }]);
    expect(r.hidden).toEqual([]);
    expect(r.shown).toEqual([r.pid]);
  });
});

describe('marshalling of values', () => {
  it('float fields arrive as Python float, integers as int, dates/datetimes as strings, empty as False', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'XR Types', 'partner_latitude': 12.5, 'color': 7, 'date': '2024-02-29'}])
      row = admin('res.partner', 'read', [[pid], ['partner_latitude', 'partner_longitude', 'color', 'date', 'create_date',
                                                  'active', 'email', 'parent_id', 'category_id']])[0]
      out({k: [v, type(v).__name__] for k, v in row.items()})
    `, env);
    expect(r.partner_latitude).toEqual([12.5, 'float']);
    expect(r.partner_longitude).toEqual([0, 'float']);
    expect(r.color).toEqual([7, 'int']);
    expect(r.date).toEqual(['2024-02-29', 'str']);
    expect(r.create_date[1]).toBe('str');
    expect(r.create_date[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(r.active).toEqual([true, 'bool']);
    expect(r.email).toEqual([false, 'bool']);
    expect(r.parent_id).toEqual([false, 'bool']);
    expect(r.category_id).toEqual([[], 'list']);
    expect(r.id[1]).toBe('int');
  });

  it('many2one reads as [id, display_name], non-ASCII strings survive the round trip', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'Zoë Ünïcødé <&> 日本', 'parent_id': 1}])
      out(admin('res.partner', 'read', [[pid], ['name', 'parent_id']])[0])
    `, env);
    expect(r.name).toBe('Zoë Ünïcødé <&> 日本');
    expect(r.parent_id).toEqual([1, 'YourCompany']);
  });
});

describe('fault codes and strings on /xmlrpc/2/object', () => {
  it('AccessError -> fault 4 with the exact ACL message (demo reading ir.config_parameter)', async () => {
    const r = await py(`
      out(call(lambda: models.execute_kw(DB, 6, 'demo', 'ir.config_parameter', 'search', [[]])))
    `, env);
    expect(r).toEqual({ faultCode: 4, faultString: ICP_ACCESS_MSG });
  });

  it('UserError -> fault 2: unknown model, bad order; recursive hierarchy', async () => {
    const r = await py(`
      a = admin('res.partner', 'create', [{'name': 'XR Rec A', 'is_company': True}])
      b = admin('res.partner', 'create', [{'name': 'XR Rec B', 'parent_id': a}])
      out({
        'model': call(lambda: admin('res.foo', 'search', [[]])),
        'order': call(lambda: admin('res.partner', 'search', [[]], {'order': 'name up'})),
        'recursive': call(lambda: admin('res.partner', 'write', [[a], {'parent_id': b}])),
      })
    `, env);
    expect(r.model).toEqual({ faultCode: 2, faultString: "Object res.foo doesn't exist" });
    expect(r.order).toEqual({ faultCode: 2, faultString: ORDER_MSG });
    expect(r.recursive).toEqual({ faultCode: 2, faultString: 'You cannot create recursive Partner hierarchies.' });
  });

  it('MissingError -> fault 2 (write on a deleted id); read of it gives []', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'XR Gone'}])
      admin('res.partner', 'unlink', [[pid]])
      out({'pid': pid, 'write': call(lambda: admin('res.partner', 'write', [[pid], {'name': 'x'}])),
           'read': admin('res.partner', 'read', [[pid], ['name']])})
    `, env);
    expect(r.write).toEqual({ faultCode: 2, faultString: `Record does not exist or has been deleted.\n(Record: res.partner(${r.pid},), User: 2)` });
    expect(r.read).toEqual([]);
  });

  it('ValidationError -> fault 2 with the exact mandatory-field text (res.partner.category without name)', async () => {
    const r = await py(`
      out([call(lambda: admin('res.partner.category', 'create', [{'color': 1}])),
           call(lambda: admin('res.partner.category', 'create', [{'name': False}]))])
    `, env);
    expect(r).toEqual([{ faultCode: 2, faultString: CATEGORY_MANDATORY_MSG }, { faultCode: 2, faultString: CATEGORY_MANDATORY_MSG }]);
  });

  it('AccessDenied -> fault 3 "Access Denied" (wrong password, password of another user, empty password)', async () => {
    const r = await py(`
      out([call(lambda: models.execute_kw(DB, 2, 'wrong-password', 'res.partner', 'search', [[]])),
           call(lambda: models.execute_kw(DB, 6, 'admin', 'res.partner', 'search', [[]])),
           call(lambda: models.execute_kw(DB, 2, '', 'res.partner', 'search', [[]]))])
    `, env);
    expect(r).toEqual([
      { faultCode: 3, faultString: 'Access Denied' },
      { faultCode: 3, faultString: 'Access Denied' },
      { faultCode: 3, faultString: 'Access Denied' },
    ]);
  });

  it('unknown uid -> fault 2 MissingError on res.users (not AccessDenied)', async () => {
    const r = await py(`
      out(call(lambda: models.execute_kw(DB, 99999, 'admin', 'res.partner', 'search', [[]])))
    `, env);
    expect(r).toEqual({ faultCode: 2, faultString: 'Record does not exist or has been deleted.\n(Record: res.users(99999,), User: 99999)' });
  });

  it('other exceptions -> fault 1 whose faultString is a traceback ending in the Python error', async () => {
    const r = await py(`
      out({
        'method': call(lambda: admin('res.partner', 'foo_bar', [[]])),
        'kwarg': call(lambda: admin('res.partner', 'search', [[]], {'count': True})),
        'singleton': call(lambda: admin('res.partner', 'copy', [[1, 3]])),
        'leaf': call(lambda: admin('res.partner', 'search', [[['foo', '=', 1]]])),
      })
    `, env);
    const expected: Record<string, string> = {
      method: "AttributeError: The method 'foo_bar' does not exist on the model 'res.partner'",
      kwarg: "TypeError: BaseModel.search() got an unexpected keyword argument 'count'",
      singleton: 'ValueError: Expected singleton: res.partner(1, 3)',
      leaf: "ValueError: Invalid field res.partner.foo in leaf ('foo', '=', 1)",
    };
    for (const [k, last] of Object.entries(expected)) {
      expect([k, r[k].faultCode]).toEqual([k, 1]);
      expect(r[k].faultString.startsWith('Traceback (most recent call last):')).toBe(true);
      expect([k, lastLine(r[k].faultString)]).toEqual([k, last]);
    }
  });

  it('a method returning None -> fault 1 "cannot marshal None", yet the call is committed', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'XR None'}])
      f = call(lambda: admin('res.partner', 'action_archive', [[pid]]))
      out({'pid': pid, 'fault': f, 'after': admin('res.partner', 'read', [[pid], ['active']])})
    `, env);
    expect(r.fault.faultCode).toBe(1);
    expect(r.fault.faultString.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(lastLine(r.fault.faultString)).toBe('TypeError: cannot marshal None unless allow_none is enabled');
    expect(r.after).toEqual([{ id: r.pid, active: false }]);
  });

  it('private methods (_foo, init) -> fault 4, refused before the model lookup', async () => {
    const r = await py(`
      out([call(lambda: admin('res.partner', '_foo', [[]])), call(lambda: admin('res.foo', '_bar', [[]])),
           call(lambda: admin('res.partner', 'init', [[]]))])
    `, env);
    expect(r).toEqual([
      { faultCode: 4, faultString: 'Private methods (such as _foo) cannot be called remotely.' },
      { faultCode: 4, faultString: 'Private methods (such as _bar) cannot be called remotely.' },
      { faultCode: 4, faultString: 'Private methods (such as init) cannot be called remotely.' },
    ]);
  });

  it('unknown object method -> fault 1 NameError "Method not available"', async () => {
    const r = await py(`
      out(call(lambda: models.exec_workflow(DB, 2, 'admin', 'res.partner', 'x', 1)))
    `, env);
    expect(r.faultCode).toBe(1);
    expect(lastLine(r.faultString)).toBe('NameError: Method not available exec_workflow');
  });
});

describe('legacy /xmlrpc/object: string fault codes', () => {
  it('AccessError, UserError, MissingError, AccessDenied and other exceptions', async () => {
    const r = await py(`
      o = proxy('/xmlrpc/object')
      out({
        'private': call(lambda: o.execute_kw(DB, 2, 'admin', 'res.partner', '_foo', [[]])),
        'acl': call(lambda: o.execute_kw(DB, 6, 'demo', 'ir.config_parameter', 'search', [[]])),
        'model': call(lambda: o.execute_kw(DB, 2, 'admin', 'res.foo', 'search', [[]])),
        'missing': call(lambda: o.execute_kw(DB, 2, 'admin', 'res.partner', 'write', [[99999999], {'name': 'x'}])),
        'validation': call(lambda: o.execute_kw(DB, 2, 'admin', 'res.partner.category', 'create', [{'color': 1}])),
        'denied': call(lambda: o.execute_kw(DB, 2, 'bad-password', 'res.partner', 'search', [[]])),
        'other': call(lambda: o.execute_kw(DB, 2, 'admin', 'res.partner', 'search', [[['foo', '=', 1]]])),
      })
    `, env);
    expect(r.private).toEqual({ faultCode: 'warning -- AccessError\n\nPrivate methods (such as _foo) cannot be called remotely.', faultString: '' });
    expect(r.acl).toEqual({ faultCode: `warning -- AccessError\n\n${ICP_ACCESS_MSG}`, faultString: '' });
    expect(r.model).toEqual({ faultCode: "warning -- UserError\n\nObject res.foo doesn't exist", faultString: '' });
    expect(r.missing).toEqual({
      faultCode: 'warning -- MissingError\n\nRecord does not exist or has been deleted.\n(Record: res.partner(99999999,), User: 2)',
      faultString: '',
    });
    expect(r.validation).toEqual({ faultCode: `warning -- UserError\n\n${CATEGORY_MANDATORY_MSG}`, faultString: '' });
    expect(r.denied).toEqual({ faultCode: 'AccessDenied', faultString: 'Access Denied' });
    expect(r.other.faultCode).toBe("Invalid field res.partner.foo in leaf ('foo', '=', 1)");
    expect(r.other.faultString.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(lastLine(r.other.faultString)).toBe("ValueError: Invalid field res.partner.foo in leaf ('foo', '=', 1)");
  });

  it('a method returning None: legacy faultCode is the marshalling message', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'XR None legacy'}])
      out(call(lambda: proxy('/xmlrpc/object').execute_kw(DB, 2, 'admin', 'res.partner', 'action_archive', [[pid]])))
    `, env);
    expect(r.faultCode).toBe('cannot marshal None unless allow_none is enabled');
    expect(lastLine(r.faultString)).toBe('TypeError: cannot marshal None unless allow_none is enabled');
  });
});

describe('HTTP surface of /xmlrpc', () => {
  it('GET -> 405; faults are HTTP 200 text/xml', async () => {
    const get = await fetch(`${srv.url}/xmlrpc/2/common`);
    expect(get.status).toBe(405);
    const body = '<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>' +
      `<param><value><string>${srv.db}</string></value></param><param><value><int>2</int></value></param>` +
      '<param><value><string>wrong</string></value></param><param><value><string>res.partner</string></value></param>' +
      '<param><value><string>search</string></value></param><param><value><array><data/></array></value></param>' +
      '</params></methodCall>';
    const res = await fetch(`${srv.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const text = await res.text();
    expect(text).toContain('<fault>');
    expect(text).toMatch(/<name>faultCode<\/name>\s*<value><int>3<\/int><\/value>/);
  });
});
