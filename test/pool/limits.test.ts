/**
 * odoo-bin's worker limits, with Odoo's behaviour when one is exceeded
 * (odoo/service/server.py PreforkServer.process_timeout, Worker.check_limits and
 * signal_time_expired_handler):
 * - limit_time_real: the worker is killed and replaced, the client's connection closes without
 *   an answer, the next request is served ("WorkerHTTP (pid) timeout after Ns");
 * - limit_time_cpu: the same, with "Worker (pid) CPU time limit (N) reached.";
 * - limit_memory_hard: the worker dies, its request is not answered, the next one is;
 * - limit_memory_soft and limit_request: the worker answers, then leaves and is replaced; the
 *   client notices nothing (its keep-alive connection is handed to another worker).
 * The primary process is this one (startOdoo): its log lines are read from this process's stderr.
 */
import { startOdoo, type OdooEmulator } from '../../server/api';
import { setLogLevel } from '../../server/log';
import { Connection, settle, until } from './helpers';

function captureStderr(): { text(): string; restore(): void } {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
  return { text: () => lines.join(''), restore: () => spy.mockRestore() };
}

async function withServer(config: Record<string, number>, fn: (odoo: OdooEmulator, c: Connection) => Promise<void>): Promise<void> {
  const odoo = await startOdoo({ config: { workers: 2, ...config } });
  const c = new Connection(odoo.url);
  try {
    await fn(odoo, c);
  } finally {
    c.close();
    await odoo.stop();
  }
}

const livePids = (odoo: OdooEmulator) => odoo.server.pool!.pids;

afterAll(() => setLogLevel('critical'));

test('limit_time_real: the worker is killed, the connection closes unanswered, the next call is served', async () => {
  await withServer({ limit_time_real: 1 }, async (odoo, c) => {
    const before = livePids(odoo);
    odoo.faults.add({ model: 'res.partner', method: 'write', busy_ms: 20000, times: 1 });
    const log = captureStderr();
    setLogLevel('info');
    let cut;
    try {
      cut = await settle(c.executeKw(odoo.db, 'res.partner', 'write', [[3], { name: 'Never' }]));
    } finally {
      log.restore();
      setLogLevel('critical');
    }
    expect(cut.ok).toBe(false);
    const killed = before.find((pid) => log.text().includes(`ERROR ? odoo.service.server: WorkerHTTP (${pid}) timeout after 1s\n`));
    expect(killed).toBeDefined();
    await until(() => livePids(odoo).length === 2 && !livePids(odoo).includes(killed!), 60000, 'a new worker');
    expect(await c.executeKw(odoo.db, 'res.partner', 'read', [[3], ['name']])).toMatchObject({ result: [{ id: 3, name: 'Mitchell Admin' }] });
  });
}, 120000);

test('limit_time_cpu: over its CPU time the request ends its worker, unanswered', async () => {
  await withServer({ limit_time_cpu: 1 }, async (odoo, c) => {
    const before = livePids(odoo);
    odoo.faults.add({ model: 'res.partner', method: 'search_count', busy_ms: 20000, times: 1 });
    const log = captureStderr();
    setLogLevel('info');
    let cut;
    try {
      cut = await settle(c.executeKw(odoo.db, 'res.partner', 'search_count', [[]]));
    } finally {
      log.restore();
      setLogLevel('critical');
    }
    expect(cut.ok).toBe(false);
    const ended = before.find((pid) => log.text().includes(` ${pid} INFO ? odoo.service.server: Worker (${pid}) CPU time limit (1) reached.\n`));
    expect(ended).toBeDefined();
    expect(log.text()).toContain(`Worker (${ended}) Exception occurred, exiting...`);
    expect(await c.executeKw(odoo.db, 'res.partner', 'search_count', [[['id', '=', 3]]])).toMatchObject({ result: 1 });
  });
}, 120000);

test('limit_request: a worker leaves after that many requests; the client notices nothing', async () => {
  await withServer({ limit_request: 2 }, async (odoo, c) => {
    const first = livePids(odoo);
    for (let i = 0; i < 7; i++) expect(await c.executeKw(odoo.db, 'res.partner', 'search_count', [[['id', '=', 3]]])).toMatchObject({ result: 1 });
    // 7 requests on one connection: at least three workers served them and left
    await until(() => livePids(odoo).length === 2, 60000, 'two workers');
    expect(livePids(odoo).filter((pid) => first.includes(pid)).length).toBeLessThan(2);
  });
}, 120000);

test('limit_memory_soft: over it after a request, the worker answers, then is recycled', async () => {
  await withServer({ limit_memory_soft: 1 }, async (odoo, c) => {
    const first = livePids(odoo);
    for (let i = 0; i < 3; i++) expect(await c.executeKw(odoo.db, 'res.partner', 'read', [[3], ['name']])).toMatchObject({ result: [{ name: 'Mitchell Admin' }] });
    await until(() => livePids(odoo).length === 2 && livePids(odoo).every((pid) => !first.includes(pid)), 60000, 'recycled workers');
  });
}, 120000);

test('limit_memory_hard: a request that takes the worker over it ends the worker, unanswered; the next call is served', async () => {
  // the limit: what a worker uses once it answered a call, plus 100 MB; the call parses a 60 MB argument
  let rss = 0;
  await withServer({}, async (odoo, c) => {
    await c.executeKw(odoo.db, 'res.partner', 'name_search', ['Mitchell']);
    for (const pid of livePids(odoo)) rss = Math.max(rss, residentBytes(pid));
  });
  await withServer({ limit_memory_hard: rss + 100 * 1024 * 1024 }, async (odoo, c) => {
    const before = livePids(odoo);
    const cut = await settle(c.executeKw(odoo.db, 'res.partner', 'name_search', ['x'.repeat(60 * 1024 * 1024)]));
    expect(cut.ok).toBe(false);
    await until(() => livePids(odoo).length === 2 && livePids(odoo).some((pid) => !before.includes(pid)), 60000, 'a new worker');
    expect(await c.executeKw(odoo.db, 'res.partner', 'name_search', ['Mitchell'])).toMatchObject({ result: [[3, 'YourCompany, Mitchell Admin']] });
  });
}, 180000);

function residentBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(require('fs').readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
