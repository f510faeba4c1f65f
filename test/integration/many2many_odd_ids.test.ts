/**
 * many2many commands with ids that are not ids ((4, False), (3, None), (6, 0, [False]) ...) over
 * JSON-RPC and XML-RPC (issue 13): the error name and message of a real Odoo 17, read on the
 * reference server with res.partner.category_id of a new partner (write_real inserts the new
 * pairs as given and PostgreSQL refuses them; removals of unknown ids change nothing).
 */
import { JsonClient, startTestServer, type TestServer } from '../helpers/server';
import { errorPositionExcerpt } from '../../models/orm/relation_pairs';
import { lastLine, py } from './helpers';

let srv: TestServer;
let json: JsonClient;
beforeAll(async () => {
  srv = await startTestServer();
  json = new JsonClient(srv.url);
});
afterAll(async () => { await srv?.close(); });

const MANDATORY_UNKNOWN = 'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n'
  + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Unknown (unknown)\nField: Unknown (unknown)\n';
const FK_UNKNOWN = 'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n'
  + 'Model: Unknown (unknown)\nConstraint: res_partner_res_partner_category_rel_category_id_fkey\n';
/** PostgreSQL's messages as Odoo 17 sent them for partner 52 (the excerpt's cut depends on the id's width: 2 digits). */
const boolMismatch = (pid: number) => 'column "category_id" is of type integer but expression is of type boolean\n'
  + `LINE 1: ...ry_rel" ("partner_id", "category_id") VALUES (${pid}, false) ON ...\n`
  + `${' '.repeat(61)}^\nHINT:  You will need to rewrite or cast the expression.\n`;
const textInvalid = (pid: number) => 'invalid input syntax for type integer: "abc"\n'
  + `LINE 1: ...ry_rel" ("partner_id", "category_id") VALUES (${pid}, 'abc') ON ...\n${' '.repeat(61)}^\n`;

async function jsonCall(method: string, args: unknown[]): Promise<any> {
  const reply = await json.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.partner', method, args, {});
  return reply.error ? { error: reply.error.data.name, message: reply.error.data.message } : { result: reply.result };
}

async function tags(pid: number): Promise<number[]> {
  return (await jsonCall('read', [[pid], ['category_id']])).result[0].category_id;
}

describe('many2many commands with odd ids (JSON-RPC)', () => {
  let pid: number;
  beforeAll(async () => {
    pid = (await jsonCall('create', [{ name: 'm2m odd ids', category_id: [[6, 0, [1]]] }])).result;
    // the recorded messages quote a two-digit partner id
    expect(String(pid)).toHaveLength(2);
  });
  beforeEach(async () => { await jsonCall('write', [[pid], { category_id: [[6, 0, [1]]] }]); });

  test.each([
    ['(3, False)', [3, false]], ['(3, None)', [3, null]], ['(3, missing id)', [3, 999999]], ["(3, 'abc')", [3, 'abc']],
    ['(2, False)', [2, false]], ['(1, False, vals)', [1, false, { name: 'x' }]],
  ])('%s changes nothing and answers True', async (_name, cmd) => {
    expect(await jsonCall('write', [[pid], { category_id: [cmd] }])).toEqual({ result: true });
    expect(await tags(pid)).toEqual([1]);
  });

  test('(4, False) and (6, 0, [False]): DatatypeMismatch quoting the INSERT of the pair; nothing changed', async () => {
    for (const cmd of [[4, false], [6, 0, [false]]]) {
      expect(await jsonCall('write', [[pid], { category_id: [cmd] }])).toEqual({ error: 'psycopg2.errors.DatatypeMismatch', message: boolMismatch(pid) });
      expect(await tags(pid)).toEqual([1]);
    }
  });

  test("(4, 'abc') and (6, 0, ['abc']): InvalidTextRepresentation", async () => {
    for (const cmd of [[4, 'abc'], [6, 0, ['abc']]]) {
      expect(await jsonCall('write', [[pid], { category_id: [cmd] }])).toEqual({ error: 'psycopg2.errors.InvalidTextRepresentation', message: textInvalid(pid) });
    }
  });

  test('(4, None) and (6, 0, [None]): the mandatory-field ValidationError of a table of no model', async () => {
    for (const cmd of [[4, null], [6, 0, [null]]]) {
      expect(await jsonCall('write', [[pid], { category_id: [cmd] }])).toEqual({ error: 'odoo.exceptions.ValidationError', message: MANDATORY_UNKNOWN });
    }
  });

  test('(4, missing id) and (6, 0, [missing id]): the foreign-key ValidationError naming no model', async () => {
    for (const cmd of [[4, 999999], [6, 0, [999999]]]) {
      expect(await jsonCall('write', [[pid], { category_id: [cmd] }])).toEqual({ error: 'odoo.exceptions.ValidationError', message: FK_UNKNOWN });
      expect(await tags(pid)).toEqual([1]);
    }
  });

  test("(4, '2'): PostgreSQL reads the string as the id, linked", async () => {
    expect(await jsonCall('write', [[pid], { category_id: [[4, '2']] }])).toEqual({ result: true });
    expect(await tags(pid)).toEqual([2, 1]);
  });

  test('commands too short and (6, 0, not a list): the Python errors', async () => {
    expect(await jsonCall('write', [[pid], { category_id: [[4]] }])).toEqual({ error: 'builtins.IndexError', message: 'list index out of range' });
    expect(await jsonCall('write', [[pid], { category_id: [[3]] }])).toEqual({ error: 'builtins.IndexError', message: 'list index out of range' });
    expect(await jsonCall('write', [[pid], { category_id: [[6, 0, false]] }])).toEqual({ error: 'builtins.TypeError', message: "'bool' object is not iterable" });
    expect(await jsonCall('write', [[pid], { category_id: [[6, 0, null]] }])).toEqual({ error: 'builtins.TypeError', message: "'NoneType' object is not iterable" });
  });

  test('at creation, (4, False) fails the same way and creates nothing; (3, False) is ignored', async () => {
    const res = await jsonCall('create', [{ name: 'm2m odd create', category_id: [[4, false]] }]);
    expect(res.error).toBe('psycopg2.errors.DatatypeMismatch');
    expect((await jsonCall('search_count', [[['name', '=', 'm2m odd create']]])).result).toBe(0);
    expect(typeof (await jsonCall('create', [{ name: 'm2m odd create 3', category_id: [[3, false]] }])).result).toBe('number');
  });
});

describe('many2many commands with odd ids (XML-RPC, Python xmlrpc.client)', () => {
  test('fault codes and last lines: 1 for PostgreSQL and Python errors, 2 for the ValidationErrors; (3, False) answers True', async () => {
    const r = await py(`
      pid = admin('res.partner', 'create', [{'name': 'm2m odd xmlrpc', 'category_id': [(6, 0, [1])]}])
      res = {}
      for key, cmd in [('4F', (4, False)), ('3F', (3, False)), ('6F', (6, 0, [False])), ('4abc', (4, 'abc')), ('4miss', (4, 999999)), ('4', (4,)), ('6bool', (6, 0, False))]:
          res[key] = call(lambda: admin('res.partner', 'write', [[pid], {'category_id': [cmd]}]))
      res['tags'] = admin('res.partner', 'read', [[pid], ['category_id']])[0]['category_id']
      out(res)
    `, { url: srv.url, db: srv.db });
    const fault = (f: { faultCode: number; faultString: string }) => [f.faultCode, lastLine(f.faultString)];
    expect(r['3F']).toEqual({ value: true, type: 'bool' });
    expect(fault(r['4F'])).toEqual([1, 'HINT:  You will need to rewrite or cast the expression.']);
    expect(fault(r['6F'])).toEqual([1, 'HINT:  You will need to rewrite or cast the expression.']);
    expect(fault(r['4abc'])).toEqual([1, `${' '.repeat(61)}^`]);
    expect(fault(r['4miss'])).toEqual([2, 'Constraint: res_partner_res_partner_category_rel_category_id_fkey']);
    expect(fault(r['4'])).toEqual([1, 'IndexError: list index out of range']);
    expect(fault(r['6bool'])).toEqual([1, "TypeError: 'bool' object is not iterable"]);
    expect(r.tags).toEqual([1]);
  });
});

describe("libpq's excerpt of a statement around an error position", () => {
  test('a long line is cut 10 columns right of the position and to 60 columns, as Odoo 17 showed it', () => {
    const sql = 'INSERT INTO "ir_ui_menu_group_rel" ("menu_id", "gid") VALUES (219, \'abc\') ON CONFLICT DO NOTHING';
    expect(errorPositionExcerpt(sql, sql.indexOf("'abc'")))
      .toBe(`LINE 1: ...i_menu_group_rel" ("menu_id", "gid") VALUES (219, 'abc') ON ...\n${' '.repeat(61)}^\n`);
  });
  test('a short line is shown whole', () => {
    expect(errorPositionExcerpt('SELECT x', 7)).toBe(`LINE 1: SELECT x\n${' '.repeat(15)}^\n`);
  });
});
