/**
 * Portal documents: a customer with 1,000 posted invoices opens `GET /my/invoices` (the first
 * page: 80 rows with their status badges and access links, the pager, the total counted under
 * the portal record rule) and downloads an invoice PDF (`/my/invoices/<id>?report_type=pdf&
 * download=true`, laid out by pdfkit), both sequential on one keep-alive connection with the
 * customer's session, next to a baseline: bare Node http answering the same bytes (the floor
 * cost of HTTP on this machine). Targets: list page p50 ≤ 25 ms, PDF p50 ≤ 100 ms.
 */
import http from 'http';
import path from 'path';
import { startEmulator, type Child } from './server';
import { ADMIN, Client, latencyStats } from './scenarios';
import { ms, type BenchSection, type LatencyRow } from './report';
import type { SectionContext } from './sections';

const LIST_TARGET_MS = 25;
const PDF_TARGET_MS = 100;

/** GET with a cookie on a keep-alive agent: status, bytes and wall time. */
function get(agent: http.Agent, base: string, p: string, cookie?: string): Promise<{ status: number; body: Buffer; ms: number }> {
  const url = new URL(p, base);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function sequential(agent: http.Agent, base: string, p: string, cookie: string | undefined, reps: number): Promise<{ first: number; samples: number[] }> {
  const first = (await get(agent, base, p, cookie)).ms;
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push((await get(agent, base, p, cookie)).ms);
  return { first, samples };
}

/** A bare Node server answering fixed bytes (the baseline). */
function staticServer(body: Buffer, type: string): Promise<{ url: string; close(): void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

export async function portalDocumentsSection(ctx: SectionContext): Promise<BenchSection> {
  const reps = ctx.quick ? 20 : 100;
  let emu: Child | null = null;
  try {
    emu = await startEmulator(path.join(ctx.tmp, 'portal-docs-data'), path.join(ctx.tmp, 'portal-docs-emulator.log'), {
      cliArgs: ['-d', 'odoo', '-i', 'sale_management,account,payment_demo'], timeoutMs: 600_000,
    });
    ctx.say(`portal documents: emulator with sale_management, account and payment_demo ready in ${ms(emu.readyMs)}`);
    const client = new Client(emu.url);
    const admin = await client.authenticate(ADMIN.login, ADMIN.password);
    const group = (await client.callKw<[string, number]>(admin.cookie, 'ir.model.data', 'check_object_reference', ['base', 'group_portal'])).result[1];
    const partner = (await client.callKw<number>(admin.cookie, 'res.partner', 'create', [{ name: 'Bench Customer', email: 'bench.customer@example.com' }])).result;
    await client.callKw(admin.cookie, 'res.users', 'create', [{ name: 'Bench Customer', login: 'bench.customer', password: 'bench-pass', partner_id: partner, groups_id: [[6, 0, [group]]] }]);
    const tax = (await client.callKw<number[]>(admin.cookie, 'account.tax', 'search', [[['type_tax_use', '=', 'sale']]], { limit: 1 })).result;
    const t0 = performance.now();
    let firstId = 0;
    for (let batch = 0; batch < 10; batch++) {
      const vals = Array.from({ length: 100 }, (_v, i) => ({
        move_type: 'out_invoice', partner_id: partner, invoice_date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        invoice_line_ids: [[0, 0, { name: `Service ${batch * 100 + i}`, quantity: 2, price_unit: 50 + i, tax_ids: [[6, 0, tax]] }], [0, 0, { name: 'Fee', quantity: 1, price_unit: 19.99 }]],
      }));
      const ids = (await client.callKw<number[]>(admin.cookie, 'account.move', 'create', [vals])).result;
      await client.callKw(admin.cookie, 'account.move', 'action_post', [ids]);
      firstId ||= ids[0];
    }
    ctx.say(`portal documents: 1,000 invoices created and posted in ${ms(performance.now() - t0)}`);
    const customer = await client.authenticate('bench.customer', 'bench-pass');
    client.close();

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const list = await get(agent, emu.url, '/my/invoices', customer.cookie);
    const rows = (list.body.toString('utf8').match(/<td name="invoice_status">/g) ?? []).length;
    if (list.status !== 200 || rows !== 80) throw new Error(`portal documents: /my/invoices answered ${list.status} with ${rows} rows, not 80`);
    const pdfPath = `/my/invoices/${firstId}?report_type=pdf&download=true`;
    const pdf = await get(agent, emu.url, pdfPath, customer.cookie);
    if (pdf.status !== 200 || pdf.body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`portal documents: the invoice PDF answered ${pdf.status}`);

    const listSeq = await sequential(agent, emu.url, '/my/invoices', customer.cookie, reps);
    const pdfSeq = await sequential(agent, emu.url, pdfPath, customer.cookie, reps);
    const listBase = await staticServer(list.body, 'text/html; charset=utf-8');
    const pdfBase = await staticServer(pdf.body, 'application/pdf');
    const baseAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const listBaseSeq = await sequential(baseAgent, listBase.url, '/', undefined, reps);
    const pdfBaseSeq = await sequential(baseAgent, pdfBase.url, '/', undefined, reps);
    listBase.close();
    pdfBase.close();
    agent.destroy();
    baseAgent.destroy();

    const row = (key: string, label: string, seq: { first: number; samples: number[] }, note: string, target?: { ms: number; what: string }): LatencyRow => {
      const stats = latencyStats(seq.samples);
      return {
        key, label, stats, firstMs: seq.first, note,
        target: target ? { label: `${target.what} p50 ≤ ${target.ms} ms`, figure: ms(stats.p50), threshold: `≤ ${target.ms} ms p50`, ok: stats.p50 <= target.ms } : undefined,
      };
    };
    return {
      key: 'portal_documents', title: 'Portal documents (sale, account, payment)',
      intro: 'A portal customer with 1,000 posted invoices (two lines, one taxed): `GET /my/invoices` (first page, 80 rows, total counted under the portal record rule) and the invoice PDF download, sequential on one keep-alive connection with the customer\'s session; the baselines are bare Node http servers answering the same bytes.',
      rows: [
        row('portal_invoices_baseline', 'Baseline: bare Node http, the same /my/invoices HTML', listBaseSeq, `${list.body.length} bytes`),
        row('portal_invoices_list', 'GET /my/invoices, 1,000 invoices (portal session)', listSeq, 'page 1 of 13, 80 rows', { ms: LIST_TARGET_MS, what: '/my/invoices list page' }),
        row('portal_invoice_pdf_baseline', 'Baseline: bare Node http, the same PDF bytes', pdfBaseSeq, `${pdf.body.length} bytes`),
        row('portal_invoice_pdf', 'GET /my/invoices/<id>?report_type=pdf&download=true', pdfSeq, 'pdfkit layout, Helvetica', { ms: PDF_TARGET_MS, what: 'invoice PDF' }),
      ],
    };
  } finally {
    await emu?.stop();
  }
}
