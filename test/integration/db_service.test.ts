/**
 * The db service (odoo/service/db.py, rpc.md §2.3) over XML-RPC (Python xmlrpc.client) and
 * /jsonrpc: methods without a master password (list, db_exist, server_version, list_lang), the
 * master-password methods (create/duplicate/rename/drop/dump/restore/change_admin_password,
 * list_countries), list_db = False (check_db_management_enabled) and dbfilter, which Odoo 17
 * applies to /web/database/list (http.db_filter, a re.match) but not to db.list (list_dbs).
 */
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';
import { lastLine, mkTmp, py, rmTmp } from './helpers';

const MASTER = 'secret';

function expectError(body: any) {
  expect(body).toHaveProperty('error');
  expect(body).not.toHaveProperty('result');
  return body.error;
}

describe('db service (master password "secret")', () => {
  let srv: TestServer;
  let env: { url: string; db: string };
  let c: JsonClient;
  beforeAll(async () => {
    srv = await startTestServer({ admin_passwd: MASTER });
    env = { url: srv.url, db: srv.db };
    c = new JsonClient(srv.url);
  });
  afterAll(async () => { await srv.close(); });

  it('list, db_exist, server_version, list_lang need no password (XML-RPC and /jsonrpc)', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      langs = db.list_lang()
      out({'list': db.list(), 'exist': db.db_exist(DB), 'not_exist': db.db_exist('no_such_db_xyz'),
           'version': db.server_version(), 'en': ['en_US', 'English (US)'] in langs,
           'lang_shape': all(isinstance(l, list) and len(l) == 2 for l in langs)})
    `, env);
    expect(r).toEqual({ list: [srv.db], exist: true, not_exist: false, version: '17.0', en: true, lang_shape: true });
    expect((await c.service('db', 'list')).result).toEqual([srv.db]);
    expect((await c.service('db', 'db_exist', srv.db)).result).toBe(true);
    expect((await c.service('db', 'server_version')).result).toBe('17.0');
    expect((await c.service('db', 'list_lang')).result).toContainEqual(['en_US', 'English (US)']);
  });

  it('list_countries needs the master password; [code, name] sorted by name', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      out({'wrong': call(lambda: db.list_countries('nope')), 'ok': call(lambda: db.list_countries('${MASTER}'))})
    `, env);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    const countries: Array<[string, string]> = r.ok.value;
    expect(countries).toContainEqual(['be', 'Belgium']);
    const names = countries.map((x) => x[1]);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(expectError(await c.service('db', 'list_countries', 'nope')).data.name).toBe('odoo.exceptions.AccessDenied');
  });

  it('create_database: the new db works with the given login/password; wrong master password -> fault 3', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      res = {}
      res['wrong'] = call(lambda: db.create_database('wrong-master', 'dbs_denied', False, 'en_US', 'pw1', 'boss'))
      res['denied_exists'] = db.db_exist('dbs_denied')
      res['create'] = call(lambda: db.create_database('${MASTER}', 'dbs_new', False, 'en_US', 'pw1', 'boss'))
      res['exists'] = db.db_exist('dbs_new')
      res['auth'] = common.authenticate('dbs_new', 'boss', 'pw1', {})
      res['auth_admin'] = common.authenticate('dbs_new', 'admin', 'admin', {})
      res['user'] = models.execute_kw('dbs_new', 2, 'pw1', 'res.users', 'read', [[2], ['login', 'lang']])
      res['joel'] = models.execute_kw('dbs_new', 2, 'pw1', 'res.partner', 'search_count', [[['name', '=', 'Joel Willis']]])
      res['again'] = call(lambda: db.create_database('${MASTER}', 'dbs_new', False, 'en_US', 'pw1', 'boss'))
      out(res)
    `, env);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.denied_exists).toBe(false);
    expect(r.create).toEqual({ value: true, type: 'bool' });
    expect(r.exists).toBe(true);
    expect(r.auth).toBe(2);
    expect(r.auth_admin).toBe(false);
    expect(r.user).toEqual([{ id: 2, login: 'boss', lang: 'en_US' }]);
    expect(r.joel).toBe(0); // demo=False: no demo partners
    expect(r.again.faultCode).toBe(1); // DatabaseExists
    expect(r.again.faultString).toContain('already exists');
  });

  it('create_database with demo data and default login/password (admin/admin), over /jsonrpc', async () => {
    expect(expectError(await c.service('db', 'create_database', 'bad', 'dbs_json', true, 'en_US')).data)
      .toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    expect((await c.service('db', 'create_database', MASTER, 'dbs_json', true, 'en_US')).result).toBe(true);
    expect((await c.service('common', 'authenticate', 'dbs_json', 'admin', 'admin', {})).result).toBe(2);
    const joel = await c.service('object', 'execute_kw', 'dbs_json', 2, 'admin', 'res.partner', 'search_read', [[['id', '=', 8]], ['name']]);
    expect(joel.result).toEqual([{ id: 8, name: 'Joel Willis' }]);
  });

  it('duplicate_database: the copy keeps data created before, and is independent afterwards', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      pid = models.execute_kw(DB, 2, 'admin', 'res.partner', 'create', [{'name': 'Before Duplicate'}])
      res = {'pid': pid}
      res['wrong'] = call(lambda: db.duplicate_database('nope', DB, 'dbs_copy'))
      res['dup'] = call(lambda: db.duplicate_database('${MASTER}', DB, 'dbs_copy'))
      res['copy_read'] = models.execute_kw('dbs_copy', 2, 'admin', 'res.partner', 'read', [[pid], ['name']])
      models.execute_kw('dbs_copy', 2, 'admin', 'res.partner', 'write', [[pid], {'name': 'Changed In Copy'}])
      res['source_read'] = models.execute_kw(DB, 2, 'admin', 'res.partner', 'read', [[pid], ['name']])
      res['both'] = [db.db_exist(DB), db.db_exist('dbs_copy')]
      out(res)
    `, env);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.dup).toEqual({ value: true, type: 'bool' });
    expect(r.copy_read).toEqual([{ id: r.pid, name: 'Before Duplicate' }]);
    expect(r.source_read).toEqual([{ id: r.pid, name: 'Before Duplicate' }]);
    expect(r.both).toEqual([true, true]);
  });

  it('rename then drop: old name gone, data kept under the new name; drop of a missing db -> False', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      res = {}
      db.create_database('${MASTER}', 'dbs_ren_a', False, 'en_US')
      pid = models.execute_kw('dbs_ren_a', 2, 'admin', 'res.partner', 'create', [{'name': 'Renamed Along'}])
      res['rename'] = call(lambda: db.rename('${MASTER}', 'dbs_ren_a', 'dbs_ren_b'))
      res['exist'] = [db.db_exist('dbs_ren_a'), db.db_exist('dbs_ren_b')]
      res['read'] = models.execute_kw('dbs_ren_b', 2, 'admin', 'res.partner', 'read', [[pid], ['name']])
      res['drop_wrong'] = call(lambda: db.drop('nope', 'dbs_ren_b'))
      res['drop'] = call(lambda: db.drop('${MASTER}', 'dbs_ren_b'))
      res['after'] = db.db_exist('dbs_ren_b')
      res['drop_again'] = call(lambda: db.drop('${MASTER}', 'dbs_ren_b'))
      res['auth_dropped'] = call(lambda: common.authenticate('dbs_ren_b', 'admin', 'admin', {}))
      out(res)
    `, env);
    expect(r.rename).toEqual({ value: true, type: 'bool' });
    expect(r.exist).toEqual([false, true]);
    expect(r.read).toEqual([{ id: expect.any(Number), name: 'Renamed Along' }]);
    expect(r.drop_wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.drop).toEqual({ value: true, type: 'bool' });
    expect(r.after).toBe(false);
    expect(r.drop_again).toEqual({ value: false, type: 'bool' });
    expect(r.auth_dropped.faultCode).toBe(1); // the database does not exist (psycopg2 error in Odoo)
  });

  it('dump + restore round trip (base64 over XML-RPC)', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      res = {}
      db.create_database('${MASTER}', 'dbs_dump', False, 'en_US')
      pid = models.execute_kw('dbs_dump', 2, 'admin', 'res.partner', 'create', [{'name': 'Dumped Partner'}])
      res['wrong'] = call(lambda: db.dump('nope', 'dbs_dump', 'zip'))
      data = db.dump('${MASTER}', 'dbs_dump', 'zip')
      res['type'] = type(data).__name__
      import base64
      res['decodes'] = len(base64.b64decode(data)) > 0
      res['restore'] = call(lambda: db.restore('${MASTER}', 'dbs_restored', data))
      res['read'] = call(lambda: models.execute_kw('dbs_restored', 2, 'admin', 'res.partner', 'read', [[pid], ['name']]))
      res['restore_existing'] = call(lambda: db.restore('${MASTER}', 'dbs_restored', data))
      res['restore_wrong'] = call(lambda: db.restore('nope', 'dbs_restored2', data))
      res['pid'] = pid
      out(res)
    `, env);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.type).toBe('str');
    expect(r.decodes).toBe(true);
    expect(r.restore).toEqual({ value: true, type: 'bool' });
    expect(r.read).toEqual({ value: [{ id: r.pid, name: 'Dumped Partner' }], type: 'list' });
    expect(r.restore_existing.faultCode).toBe(1); // "Database already exists"
    expect(r.restore_wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
  });

  it('change_admin_password: the old master password stops working, the new one works', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      res = {}
      res['wrong'] = call(lambda: db.change_admin_password('nope', 'x'))
      res['change'] = call(lambda: db.change_admin_password('${MASTER}', 'n3w'))
      res['old'] = call(lambda: db.list_countries('${MASTER}'))
      res['old_drop'] = call(lambda: db.drop('${MASTER}', 'no_such_db'))
      res['new'] = call(lambda: db.drop('n3w', 'no_such_db'))
      res['back'] = call(lambda: db.change_admin_password('n3w', '${MASTER}'))
      res['restored'] = call(lambda: db.drop('${MASTER}', 'no_such_db'))
      out(res)
    `, env);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.change).toEqual({ value: true, type: 'bool' });
    expect(r.old).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.old_drop).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.new).toEqual({ value: false, type: 'bool' });
    expect(r.back).toEqual({ value: true, type: 'bool' });
    expect(r.restored).toEqual({ value: false, type: 'bool' });
  });

  it('unknown db method -> KeyError("Method not found: foo") (fault 1 / builtins.KeyError)', async () => {
    const r = await py(`
      out(call(lambda: proxy('/xmlrpc/2/db').foo('${MASTER}')))
    `, env);
    expect(r.faultCode).toBe(1);
    expect(lastLine(r.faultString)).toBe("KeyError: 'Method not found: foo'");
    const err = expectError(await c.service('db', 'foo', MASTER));
    expect(err.data).toMatchObject({ name: 'builtins.KeyError', message: 'Method not found: foo' });
  });
});

describe('db service on a data directory (databases are files)', () => {
  let srv: TestServer | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await srv?.close();
    rmTmp(dir);
  });

  it('create, duplicate, rename, dump + restore, drop; databases survive a restart', async () => {
    dir = mkTmp('odoo-dbs');
    srv = await startTestServer({ data_dir: dir, admin_passwd: MASTER });
    const script = `
      db = proxy('/xmlrpc/2/db')
      res = {}
      pid = models.execute_kw(DB, 2, 'admin', 'res.partner', 'create', [{'name': 'On Disk'}])
      res['pid'] = pid
      res['create'] = call(lambda: db.create_database('${MASTER}', 'disk_new', False, 'en_US'))
      res['duplicate'] = call(lambda: db.duplicate_database('${MASTER}', DB, 'disk_copy'))
      res['rename'] = call(lambda: db.rename('${MASTER}', 'disk_copy', 'disk_renamed'))
      data = db.dump('${MASTER}', DB, 'zip')
      res['restore'] = call(lambda: db.restore('${MASTER}', 'disk_restored', data))
      res['restored_read'] = call(lambda: models.execute_kw('disk_restored', 2, 'admin', 'res.partner', 'read', [[pid], ['name']]))
      res['renamed_read'] = call(lambda: models.execute_kw('disk_renamed', 2, 'admin', 'res.partner', 'read', [[pid], ['name']]))
      res['drop'] = call(lambda: db.drop('${MASTER}', 'disk_new'))
      out(res)
    `;
    const r = await py(script, { url: srv.url, db: srv.db });
    expect(r.create).toEqual({ value: true, type: 'bool' });
    expect(r.duplicate).toEqual({ value: true, type: 'bool' });
    expect(r.rename).toEqual({ value: true, type: 'bool' });
    expect(r.restore).toEqual({ value: true, type: 'bool' });
    expect(r.restored_read).toEqual({ value: [{ id: r.pid, name: 'On Disk' }], type: 'list' });
    expect(r.renamed_read).toEqual({ value: [{ id: r.pid, name: 'On Disk' }], type: 'list' });
    expect(r.drop).toEqual({ value: true, type: 'bool' });
    await srv.close();
    srv = await startTestServer({ data_dir: dir, admin_passwd: MASTER });
    const after = await py(`
      db = proxy('/xmlrpc/2/db')
      out({n: db.db_exist(n) for n in [DB, 'disk_new', 'disk_copy', 'disk_renamed', 'disk_restored']})
    `, { url: srv.url, db: srv.db });
    expect(after).toEqual({ [srv.db]: true, disk_new: false, disk_copy: false, disk_renamed: true, disk_restored: true });
  });
});

describe('list_db = False', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startTestServer({ list_db: false, admin_passwd: MASTER }); });
  afterAll(async () => { await srv.close(); });

  it('db.list and /web/database/list -> AccessDenied; no-password informational methods still work', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      out({'list': call(lambda: db.list()), 'exist': db.db_exist(DB), 'version': db.server_version(),
           'en': ['en_US', 'English (US)'] in db.list_lang()})
    `, { url: srv.url, db: srv.db });
    expect(r).toEqual({ list: { faultCode: 3, faultString: 'Access Denied' }, exist: true, version: '17.0', en: true });
    const c = new JsonClient(srv.url);
    expect(expectError(await c.call('/web/database/list', {})).data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    expect(expectError(await c.service('db', 'list')).data.name).toBe('odoo.exceptions.AccessDenied');
    // the web login still works on the configured database
    expect((await c.call('/web/session/authenticate', { db: srv.db, login: 'admin', password: 'admin' })).result.uid).toBe(2);
  });

  it('database management methods are blocked even with the right master password', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      out({
        'create': call(lambda: db.create_database('${MASTER}', 'nolist_new', False, 'en_US')),
        'duplicate': call(lambda: db.duplicate_database('${MASTER}', DB, 'nolist_copy')),
        'dump': call(lambda: db.dump('${MASTER}', DB, 'zip')),
        'drop': call(lambda: db.drop('${MASTER}', DB)),
        'change_admin_password': call(lambda: db.change_admin_password('${MASTER}', 'other')),
        'still_master': call(lambda: db.list_countries('${MASTER}')).get('type'),
        'exists': db.db_exist(DB),
      })
    `, { url: srv.url, db: srv.db });
    const denied = { faultCode: 3, faultString: 'Access Denied' };
    expect(r.create).toEqual(denied);
    expect(r.duplicate).toEqual(denied);
    expect(r.dump).toEqual(denied);
    expect(r.drop).toEqual(denied);
    expect(r.change_admin_password).toEqual(denied);
    // list_countries is not a management function, and the master password did not change
    expect(r.still_master).toBe('list');
    expect(r.exists).toBe(true);
  });
});

describe('dbfilter', () => {
  let srv: TestServer;
  let extra: TestServer | undefined;
  afterAll(async () => {
    await srv?.close();
    await extra?.close();
  });

  /** Create databases through the db service (default master password 'admin'). */
  async function createDbs(server: TestServer, names: string[]) {
    const c = new JsonClient(server.url);
    for (const n of names) expect((await c.service('db', 'create_database', 'admin', n, false, 'en_US')).result).toBe(true);
  }

  it('/web/database/list and the web login only see matching databases', async () => {
    srv = await startTestServer({ dbfilter: '^(testdb|keep.*)$' });
    await createDbs(srv, ['keep_one', 'other_db']);
    const c = new JsonClient(srv.url);
    expect((await c.call('/web/database/list', {})).result).toEqual(['keep_one', 'testdb']);
    const err = expectError(await c.call('/web/session/authenticate', { db: 'other_db', login: 'admin', password: 'admin' }));
    expect(err.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Database not found.' });
    expect((await c.call('/web/session/authenticate', { db: 'keep_one', login: 'admin', password: 'admin' })).result.uid).toBe(2);
    // /jsonrpc takes the database from its arguments: dbfilter is not applied there
    expect((await c.service('common', 'authenticate', 'other_db', 'admin', 'admin', {})).result).toBe(2);
  });

  it('db.list (the db service) is not filtered: Odoo\'s list_dbs ignores dbfilter', async () => {
    const c = new JsonClient(srv.url);
    expect((await c.service('db', 'list')).result).toEqual(['keep_one', 'other_db', 'testdb']);
  });

  it('dbfilter is a re.match: anchored at the start only', async () => {
    extra = await startTestServer({ dbfilter: 'keep' });
    await createDbs(extra, ['keep_two', 'nokeep']);
    const c = new JsonClient(extra.url);
    expect((await c.call('/web/database/list', {})).result).toEqual(['keep_two']);
  });
});
