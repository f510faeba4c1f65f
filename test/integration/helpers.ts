/**
 * Helpers for the integration tests: run Python snippets (stdlib xmlrpc.client, OdooRPC) against
 * a live server without blocking the event loop (the server runs in the jest process), and small
 * shared constants taken from Odoo 17.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import net from 'net';

/** common.version() / /web/webclient/version_info of Odoo 17.0 Community. */
export const VERSION = {
  server_version: '17.0',
  server_version_info: [17, 0, 0, 'final', 0, ''],
  server_serie: '17.0',
  protocol_version: 1,
};

export const MANDATORY_MSG =
  'The operation cannot be completed:\n' +
  '- Create/update: a mandatory field is not set.\n' +
  '- Delete: another model requires the record being deleted. If possible, archive it instead.\n' +
  '\n';

export const CATEGORY_MANDATORY_MSG = MANDATORY_MSG + 'Model: Partner Tags (res.partner.category)\nField: Tag Name (name)\n';

export const ORDER_MSG =
  'Invalid "order" specified (name up). A valid "order" specification is a comma-separated list ' +
  'of valid field names (optionally followed by asc/desc for the direction)';

export const ICP_ACCESS_MSG =
  "You are not allowed to access 'System Parameter' (ir.config_parameter) records.\n\n" +
  'This operation is allowed for the following groups:\n\t- Administration/Settings\n\n' +
  'Contact your administrator to request access if necessary.';

/** Remove the common indentation of a template literal (Python is indentation-sensitive). */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(n)).join('\n');
}

export interface ProcResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Run a program with `input` on stdin, asynchronously (never execFileSync: the server shares our loop). */
export function runProcess(cmd: string, args: string[], input: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    child.stdin.on('error', () => { /* child exited early: reported through close */ });
    child.stdin.end(input);
  });
}

/**
 * Prelude of every Python snippet: URL/DB from the environment, proxies for /xmlrpc/2 and
 * legacy /xmlrpc, `call(fn)` that captures a value with its Python type name or a Fault, and
 * `out(obj)` that prints one JSON line.
 */
const PRELUDE = dedent(`
  import json, os, sys, xmlrpc.client
  URL = os.environ['ODOO_URL']
  DB = os.environ.get('ODOO_DB', '')

  def proxy(path, **kw):
      return xmlrpc.client.ServerProxy(URL + path, **kw)

  common = proxy('/xmlrpc/2/common')
  models = proxy('/xmlrpc/2/object')

  def call(fn):
      try:
          v = fn()
          return {'value': v, 'type': type(v).__name__}
      except xmlrpc.client.Fault as f:
          return {'faultCode': f.faultCode, 'faultString': f.faultString}
      except xmlrpc.client.ProtocolError as e:
          return {'protocolError': e.errcode}

  def admin(model, method, args, kwargs=None):
      """execute_kw as admin (uid 2)"""
      return models.execute_kw(DB, 2, 'admin', model, method, args, kwargs or {})

  def out(obj):
      sys.stdout.write(json.dumps(obj, default=str) + '\\n')
`);

/**
 * Run a Python snippet (after the prelude) and return the JSON value of its last stdout line.
 * Throws with the Python stderr when the snippet fails.
 */
export async function py<T = any>(code: string, env: { url: string; db?: string }, python = 'python3'): Promise<T> {
  const r = await runProcess(python, ['-'], `${PRELUDE}\n${dedent(code)}\n`, { env: { ODOO_URL: env.url, ODOO_DB: env.db ?? '', PYTHONIOENCODING: 'utf-8' } });
  if (r.code !== 0) throw new Error(`python exited with ${r.code}:\n${r.stderr}\n${r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Last line of a Python traceback (what Odoo's fault 1 / data.debug ends with). */
export function lastLine(tb: string): string {
  const lines = tb.replace(/\n+$/, '').split('\n');
  return lines[lines.length - 1];
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh temporary directory (removed by rmTmp). */
export function mkTmp(prefix: string): string {
  return fs.mkdtempSync(`${require('os').tmpdir()}/${prefix}-`);
}

export function rmTmp(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** The Set-Cookie header for session_id in a fetch response, if any. */
export function sessionCookie(headers: Headers): string | undefined {
  return (headers.getSetCookie?.() ?? []).find((c) => c.startsWith('session_id='));
}
