/**
 * The real command line (odoo-bin-like): the project is compiled once with tsc, then
 * `node dist/server/cli.js` runs as a child process. Pins the start-up log line, the default
 * database 'odoo' with admin/admin, --help / unknown flags (exit 0 / 2), an odoo.conf given
 * with -c (admin_passwd, http_port, without_demo; change_admin_password saves it), and
 * one werkzeug-style log line per request.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { freePort, mkTmp, py, rmTmp, runProcess } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'server', 'cli.js');

/** The environment of the children, without ODOO_* variables that would override flags. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODOO_')));
}

interface Cli {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote (stdout + stderr: logs go to stderr). */
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

const running: Cli[] = [];
const tmpDirs: string[] = [];

function startCli(args: string[], port: number): Cli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cli: Cli = {
    child,
    port,
    output: () => out,
    waitFor: (re, timeoutMs = 30000) => new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        const m = re.exec(out);
        if (m) return resolve(m[0]);
        if (child.exitCode !== null) return reject(new Error(`cli exited (${child.exitCode}) before ${re}:\n${out}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`timeout waiting for ${re}:\n${out}`));
        setTimeout(tick, 50);
      };
      tick();
    }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.push(cli);
  return cli;
}

const STARTED = /HTTP service \(werkzeug\) running on \S+/;

beforeAll(async () => {
  // compile once (type errors of work in progress elsewhere do not prevent the emit)
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const r = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json'], '', { cwd: ROOT, timeoutMs: 240000 });
  if (r.code !== 0) {
    // eslint-disable-next-line no-console
    console.warn(`tsc reported errors (dist was still emitted):\n${r.stdout.slice(0, 2000)}`);
  }
  expect(fs.existsSync(CLI)).toBe(true);
}, 300000);

afterAll(async () => {
  for (const cli of running) await cli.stop();
  for (const d of tmpDirs) rmTmp(d);
});

describe('command line usage', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await runProcess(process.execPath, [CLI, '--help'], '', { cwd: ROOT, env: childEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: /);
    expect(r.stdout).toContain('--http-port');
    expect(r.stdout).toContain('--config');
  });

  it('an unknown flag exits 2 with a message on stderr', async () => {
    const r = await runProcess(process.execPath, [CLI, '--no-such-flag'], '', { cwd: ROOT, env: childEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-such-flag');
    expect(r.stdout).toBe('');
  });
});

describe('server started with -p, -D and --log-level info', () => {
  let cli: Cli;
  beforeAll(async () => {
    const dir = mkTmp('odoo-cli');
    tmpDirs.push(dir);
    const port = await freePort();
    cli = startCli(['-p', String(port), '-D', dir, '--log-level', 'info'], port);
    await cli.waitFor(STARTED);
  }, 60000);

  it('logs the start-up line with the port', () => {
    const line = STARTED.exec(cli.output())![0];
    expect(line).toMatch(new RegExp(`:${cli.port}\\b`));
  });

  it('serves the default database "odoo" where admin/admin authenticates over XML-RPC (Python)', async () => {
    const r = await py(`
      out({'list': proxy('/xmlrpc/2/db').list(), 'uid': common.authenticate('odoo', 'admin', 'admin', {}),
           'bad': common.authenticate('odoo', 'admin', 'wrong', {}),
           'joel': models.execute_kw('odoo', 2, 'admin', 'res.partner', 'search_count', [[['name', '=', 'Joel Willis']]])})
    `, { url: `http://127.0.0.1:${cli.port}`, db: 'odoo' });
    expect(r).toEqual({ list: ['odoo'], uid: 2, bad: false, joel: 1 });
  });

  it('logs one line per request, containing the method, the path and the status', async () => {
    const marker = `/web/webclient/version_info?probe=${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${cli.port}${marker}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      await res.text();
    }
    const count = () => cli.output().split('\n').filter((l) => l.includes(marker)).length;
    const deadline = Date.now() + 5000;
    while (count() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    const lines = cli.output().split('\n').filter((l) => l.includes(marker));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toContain(`"POST ${marker} HTTP/1.1" 200`);
  });
});

describe('server started with -c odoo.conf', () => {
  let cli: Cli;
  let conf: string;
  let dataDir: string;
  beforeAll(async () => {
    const dir = mkTmp('odoo-cli-conf');
    tmpDirs.push(dir);
    const port = await freePort();
    conf = path.join(dir, 'odoo.conf');
    fs.writeFileSync(conf, `[options]\nadmin_passwd = s3cret\nhttp_port = ${port}\nwithout_demo = True\n`);
    dataDir = path.join(dir, 'data');
    cli = startCli(['-c', conf, '-D', dataDir], port);
    await cli.waitFor(STARTED);
  }, 60000);

  it('listens on http_port from the file; db.list works; the master password is admin_passwd', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      out({'list': db.list(),
           'wrong': call(lambda: db.create_database('admin', 'conf_wrong', False, 'en_US')),
           'right': call(lambda: db.create_database('s3cret', 'conf_new', False, 'en_US')),
           'exists': [db.db_exist('conf_wrong'), db.db_exist('conf_new')]})
    `, { url: `http://127.0.0.1:${cli.port}`, db: 'odoo' });
    expect(r.list).toEqual(['odoo']);
    expect(r.wrong).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r.right).toEqual({ value: true, type: 'bool' });
    expect(r.exists).toEqual([false, true]);
  });

  it('without_demo = True: the database created at start-up has no demo partners', async () => {
    const r = await py(`
      out({'uid': common.authenticate('odoo', 'admin', 'admin', {}),
           'joel': models.execute_kw('odoo', 2, 'admin', 'res.partner', 'search_count', [[['name', '=', 'Joel Willis']]]),
           'demo_user': common.authenticate('odoo', 'demo', 'demo', {})})
    `, { url: `http://127.0.0.1:${cli.port}`, db: 'odoo' });
    expect(r).toEqual({ uid: 2, joel: 0, demo_user: false });
  });

  it('change_admin_password is saved to the config file and survives a restart (like config.save())', async () => {
    const r = await py(`
      db = proxy('/xmlrpc/2/db')
      out([call(lambda: db.change_admin_password('s3cret', 'n3w-pass')), call(lambda: db.list_countries('s3cret')),
           call(lambda: db.list_countries('n3w-pass')).get('type')])
    `, { url: `http://127.0.0.1:${cli.port}`, db: 'odoo' });
    expect(r[0]).toEqual({ value: true, type: 'bool' });
    expect(r[1]).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(r[2]).toBe('list');
    const text = fs.readFileSync(conf, 'utf8');
    // Odoo stores a hash there; either way the old value is gone and the other options are kept
    expect(text).toMatch(/^admin_passwd = \S+$/m);
    expect(text).not.toMatch(/^admin_passwd = s3cret$/m);
    expect(text).toMatch(/^without_demo = True$/m);
    expect(text).toMatch(new RegExp(`^http_port = ${cli.port}$`, 'm'));

    await cli.stop();
    cli = startCli(['-c', conf, '-D', dataDir], cli.port);
    await cli.waitFor(STARTED);
    const after = await py(`
      db = proxy('/xmlrpc/2/db')
      out([call(lambda: db.list_countries('s3cret')), call(lambda: db.list_countries('n3w-pass')).get('type')])
    `, { url: `http://127.0.0.1:${cli.port}`, db: 'odoo' });
    expect(after).toEqual([{ faultCode: 3, faultString: 'Access Denied' }, 'list']);
  });
});

describe('modules on the command line (-d, -i, -u, --stop-after-init)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkTmp('odoo-cli-modules');
    tmpDirs.push(dir);
  });

  it('--stop-after-init creates the database of -d, then exits 0 without serving', async () => {
    const r = await runProcess(process.execPath, [CLI, '-D', dir, '-d', 'mods', '--stop-after-init', '--log-level', 'info'], '', { cwd: ROOT, env: childEnv(), timeoutMs: 120000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/INFO mods odoo\.service\.db: Created database mods \(with demo data\)/);
    expect(r.stderr).not.toContain('HTTP service');
    expect(fs.existsSync(path.join(dir, 'mods.sqlite'))).toBe(true);
  });

  it('-u reloads installed modules and -i ignores unknown names with Odoo\'s warning', async () => {
    const r = await runProcess(process.execPath, [CLI, '-D', dir, '-d', 'mods', '-u', 'mail', '-i', 'no_such_module', '--stop-after-init', '--log-level', 'info'], '', { cwd: ROOT, env: childEnv(), timeoutMs: 120000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING mods odoo\.modules\.loading: invalid module names, ignored: no_such_module/);
    expect(r.stderr).toMatch(/Loading module mail \(\d+\/\d+\): upgraded/);
    // the upgrade reloaded mail and its dependents, and left everything installed
    const port = await freePort();
    const cli = startCli(['-p', String(port), '-D', dir, '-d', 'mods'], port);
    await cli.waitFor(STARTED);
    const out = await py(`
      out(models.execute_kw('mods', 2, 'admin', 'ir.module.module', 'search_count', [[['state', '!=', 'installed'], ['state', '!=', 'uninstalled']]]))
    `, { url: `http://127.0.0.1:${port}`, db: 'mods' });
    expect(out).toBe(0);
    await cli.stop();
  });
});
