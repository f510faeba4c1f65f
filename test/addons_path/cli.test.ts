/**
 * The command line with an addons path, as an addon developer uses it: `--addons-path … -d db
 * -i library --stop-after-init`, odoo.conf's addons_path with `-u library` after editing the
 * addon (declarations and data reloaded, stale records removed, noupdate ones kept), and
 * `odoo-emulator addon-check PATH` (report, exit status, CPython's message for a syntax error).
 * The CLI runs from the TypeScript sources (test/helpers/ts_register.js).
 */
import fs from 'fs';
import path from 'path';
import Sqlite from 'better-sqlite3';
import { mkTmp, rmTmp, runProcess } from '../integration/helpers';
import { startServer } from '../../server/app';
import { defaults } from '../../server/config';
import { addLogSink, setLogLevel } from '../../models/tools/log';
import { JsonClient } from '../helpers/server';

const ROOT = path.resolve(__dirname, '..', '..');
const LIBRARY = path.join(__dirname, 'addons', 'library');

function cli(args: string[], cwd = ROOT) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODOO_')));
  return runProcess(process.execPath, ['-r', path.join(ROOT, 'test/helpers/ts_register.js'), path.join(ROOT, 'server/cli.ts'), ...args], '', { cwd, env, timeoutMs: 180000 });
}

let tmp: string;
let addons: string;
beforeAll(() => {
  tmp = mkTmp('addons-cli-');
  addons = path.join(tmp, 'addons');
  fs.cpSync(LIBRARY, path.join(addons, 'library'), { recursive: true });
});
afterAll(() => rmTmp(tmp));

function query<T>(file: string, sql: string, params: unknown[] = []): T[] {
  const db = new Sqlite(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('odoo-emulator with --addons-path', () => {
  test('-d libcli -i library --stop-after-init installs the addon, then exits 0', async () => {
    const r = await cli(['--addons-path', addons, '-D', path.join(tmp, 'data'), '-d', 'libcli', '-i', 'library', '--stop-after-init']);
    expect(r.code).toBe(0);
    const file = path.join(tmp, 'data', 'libcli.sqlite');
    expect(query(file, "SELECT state, latest_version FROM ir_module_module WHERE name = 'library'")).toEqual([{ state: 'installed', latest_version: '17.0.1.2' }]);
    expect(query<{ name: string }>(file, 'SELECT name FROM library_book ORDER BY name').map((b) => b.name)).toEqual(['Cosmos', 'The Hobbit', 'The Silmarillion']);
    expect(r.stderr).toMatch(/addons path .*: 1 modules read in \d+ ms \(library\)/);
  }, 200000);

  test('odoo.conf addons_path and -u library reload the edited Python and data files', async () => {
    const dir = path.join(addons, 'library');
    // a new field in Python, a renamed tag, a removed tag, an edited noupdate tag
    const book = path.join(dir, 'models/library_book.py');
    fs.writeFileSync(book, fs.readFileSync(book, 'utf8').replace("    isbn = fields.Char(", "    subtitle = fields.Char('Subtitle', default='none')\n    isbn = fields.Char("));
    const data = path.join(dir, 'data/library_data.xml');
    fs.writeFileSync(data, fs.readFileSync(data, 'utf8')
      .replace('<field name="name">Science</field>', '<field name="name">Sciences</field>')
      .replace(/<record id="genre_novel"[\s\S]*?<\/record>/, '')
      .replace('<field name="name">Classic</field>', '<field name="name">Classics</field>'));
    const conf = path.join(tmp, 'odoo.conf');
    fs.writeFileSync(conf, `[options]\naddons_path = ${addons}\ndata_dir = ${path.join(tmp, 'data')}\ndb_name = libcli\n`);
    const r = await cli(['-c', conf, '-u', 'library', '--stop-after-init']);
    expect(r.code).toBe(0);
    const file = path.join(tmp, 'data', 'libcli.sqlite');
    // a translated field (translate=True) is stored as Odoo stores it: {"en_US": …}
    const tags = query<{ name: string }>(file, 'SELECT name FROM library_tag').map((t) => (JSON.parse(t.name) as { en_US: string }).en_US).sort();
    // renamed (non-noupdate data is rewritten); Classic is noupdate: kept as it was
    expect(tags).toEqual(['Classic', 'Fiction', 'Sciences']);
    // the genre no longer declared is deleted with its xml id (_process_end); books keep no link to it
    expect(query(file, 'SELECT name FROM library_genre')).toEqual([]);
    expect(query(file, "SELECT name FROM ir_model_data WHERE module = 'library' AND name = 'genre_novel'")).toEqual([]);
    // the new column exists and existing rows got its default
    expect(query(file, 'SELECT DISTINCT subtitle FROM library_book')).toEqual([{ subtitle: 'none' }]);
    expect(query(file, "SELECT json_extract(field_description, '$.en_US') AS label FROM ir_model_fields WHERE model = 'library.book' AND name = 'subtitle'")).toEqual([{ label: 'Subtitle' }]);
  }, 200000);
});

describe('--workers with --addons-path', () => {
  test('the worker processes do not load addons: the server answers in its process, with a warning, and the addon works', async () => {
    setLogLevel('critical');
    const seen: string[] = [];
    const stop = addLogSink((level, _logger, message) => { if (level === 'warn') seen.push(message); });
    const server = await startServer({ ...defaults(), data_dir: null, http_port: 0, http_interface: '127.0.0.1', db_name: ['libw'], init: ['library'], workers: 2, addons_path: [LIBRARY.replace(/\/library$/, '')] });
    stop();
    try {
      expect(seen).toContain('--workers 2 ignored with --addons-path: requests are answered in this process');
      const r = await new JsonClient(server.url).service('object', 'execute_kw', 'libw', 2, 'admin', 'library.book', 'search_count', [[]]);
      expect(r.result).toBe(3);
    } finally {
      await server.close();
    }
  }, 200000);
});

describe('odoo-emulator addon-check', () => {
  test('reports models, fields, records, rules and what is not emulated, with file and line', async () => {
    const r = await cli(['addon-check', LIBRARY]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== library — Library 17.0.1.2');
    expect(r.stdout).toMatch(/library\.loan\s+new Model\s+models\/library_loan\.py:4\s+9 fields/);
    expect(r.stdout).toMatch(/res\.partner\s+extends\s+models\/res_partner\.py:4\s+4 fields/);
    expect(r.stdout).toContain('Library loans: own loans only: [(\'user_id\', \'=\', user.id)]');
    expect(r.stdout).toMatch(/ir\.rule\s+3/);
    expect(r.stdout).toContain('Not emulated (2):');
    expect(r.stdout).toMatch(/models\/library_book\.py:31\s+compute\s+library\.book\.rating: _compute_rating \(line 44\): reads as 0/);
    expect(r.stdout).toMatch(/models\/library_book\.py:58\s+method\s+library\.book\.action_print_label: public method/);
    expect(r.stdout).toContain('Installed library into a fresh database (with demo data): OK');
  }, 200000);

  test('a syntax error: exit 1 with the file, the line and CPython\'s message', async () => {
    const broken = path.join(tmp, 'broken');
    fs.cpSync(LIBRARY, path.join(broken, 'library'), { recursive: true });
    const f = path.join(broken, 'library/models/library_loan.py');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('    def action_return(self):', '    def action_return(self:'));
    const r = await cli(['addon-check', broken]);
    expect(r.code).toBe(1);
    // what `python3 -c "import ast; ast.parse(…)"` says about the same file
    expect(r.stdout).toBe('  File "models/library_loan.py", line 27\n    def action_return(self:\nSyntaxError: \'(\' was never closed\n');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('    def action_return(self:', '    def action_return(self):').replace('class LibraryLoan(models.Model):', 'class LibraryLoan(models.Model)'));
    const r2 = await cli(['addon-check', broken]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toBe('  File "models/library_loan.py", line 4\n    class LibraryLoan(models.Model)\nSyntaxError: expected \':\'\n');
  }, 200000);
});
