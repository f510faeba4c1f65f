/**
 * Invoices: `search_read` of 80 customer invoices (the list view's columns) through call_kw as
 * admin, next to the baseline answering the same 80 records. The emulator runs on its own data
 * directory, created with `-d odoo -i account,payment_demo`, where 80 invoices of two lines (one
 * taxed) are created and posted first, so the answer holds 80 posted invoices among the demo
 * documents. Two measures: sequential calls on one connection (p50/p95/p99 of the wall time),
 * and throughput under load (req/s, as the throughput section, with the ratio to the baseline).
 */
import fs from 'fs';
import path from 'path';
import { runLoad } from './load';
import { startBaseline, startEmulator, type Child } from './server';
import { ADMIN, Client, JSON_HEADERS, callKwBody, callKwPath, latencyStats, okJsonList } from './scenarios';
import { ms, type BenchSection, type LatencyRow } from './report';
import type { SectionContext } from './sections';

const FIELDS = ['name', 'partner_id', 'invoice_date', 'invoice_date_due', 'amount_untaxed', 'amount_total', 'amount_residual', 'payment_state', 'state', 'currency_id'];
const DOMAIN = [['move_type', 'in', ['out_invoice', 'out_refund']]];
const BODY = callKwBody('account.move', 'search_read', [DOMAIN], { fields: FIELDS, limit: 80, order: 'invoice_date desc, name desc, id desc' });
const PATH = callKwPath('account.move', 'search_read');

async function sequential(client: Client, cookie: string | undefined, reps: number): Promise<{ first: number; samples: number[] }> {
  const first = (await client.json(PATH, BODY, cookie)).ms;
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push((await client.json(PATH, BODY, cookie)).ms);
  return { first, samples };
}

export async function invoicesSection(ctx: SectionContext): Promise<BenchSection> {
  const dataDir = path.join(ctx.tmp, 'invoices-data');
  const duration = ctx.quick ? 2 : 10;
  const reps = ctx.quick ? 20 : 100;
  let emu: Child | null = null;
  let baseline: Child | null = null;
  try {
    emu = await startEmulator(dataDir, path.join(ctx.tmp, 'invoices-emulator.log'), { cliArgs: ['-d', 'odoo', '-i', 'account,payment_demo'], timeoutMs: 600_000 });
    ctx.say(`invoices: emulator with account and payment_demo ready in ${ms(emu.readyMs)} (database created)`);
    const client = new Client(emu.url);
    const admin = await client.authenticate(ADMIN.login, ADMIN.password);
    const partners = (await client.callKw<number[]>(admin.cookie, 'res.partner', 'search', [[['is_company', '=', true]]], { limit: 8 })).result;
    const tax = (await client.callKw<number[]>(admin.cookie, 'account.tax', 'search', [[['type_tax_use', '=', 'sale']]], { limit: 1 })).result;
    const invoices = Array.from({ length: 80 }, (_, i) => ({
      move_type: 'out_invoice', partner_id: partners[i % partners.length], invoice_date: '2026-03-10',
      invoice_line_ids: [[0, 0, { name: `Service ${i}`, quantity: 2, price_unit: 50 + i, tax_ids: [[6, 0, tax]] }], [0, 0, { name: 'Fee', quantity: 1, price_unit: 19.99, tax_ids: [] }]],
    }));
    const created = await client.callKw<number[]>(admin.cookie, 'account.move', 'create', [invoices]);
    await client.callKw(admin.cookie, 'account.move', 'action_post', [created.result]);
    ctx.say(`invoices: 80 invoices created (${ms(created.ms)}) and posted`);

    const rows = (await client.json<unknown[]>(PATH, BODY, admin.cookie)).result;
    if (!Array.isArray(rows) || rows.length !== 80) throw new Error(`invoices: search_read answered ${Array.isArray(rows) ? rows.length : typeof rows} records, not 80`);
    const answerFile = path.join(ctx.tmp, 'invoices-answer.json');
    fs.writeFileSync(answerFile, JSON.stringify(rows));
    baseline = await startBaseline(answerFile, path.join(ctx.tmp, 'invoices-baseline.log'), 'account.move');
    const baseClient = new Client(baseline.url);

    const emuSeq = await sequential(client, admin.cookie, reps);
    const baseSeq = await sequential(baseClient, undefined, reps);
    const pids = [emu.pid, baseline.pid];
    const load = (url: string, cookie?: string) => runLoad({
      title: 'invoices', url, connections: 16, duration, path: PATH, headers: cookie ? { ...JSON_HEADERS, cookie } : JSON_HEADERS, body: BODY, verify: okJsonList, pids,
    });
    const baseLoad = await load(baseline.url);
    const emuLoad = await load(emu.url, admin.cookie);
    const failures = (r: typeof emuLoad) => r.errors + r.timeouts + r.non2xx + r.mismatches;
    const ratio = emuLoad.rps / baseLoad.rps;
    ctx.say(`invoices: emulator ${emuLoad.rps.toFixed(0)} req/s, baseline ${baseLoad.rps.toFixed(0)} req/s (${(ratio * 100).toFixed(1)}%)`);
    client.close();
    baseClient.close();

    const row = (key: string, label: string, seq: { first: number; samples: number[] }, r: typeof emuLoad, note: string): LatencyRow => ({
      key, label, stats: latencyStats(seq.samples), firstMs: seq.first, foreignCpu: r.foreignCpu,
      note: `${note}; under load (16 connections, ${duration} s): ${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, ${failures(r)} failed`,
    });
    return {
      key: 'invoices', title: 'Invoices (account)',
      intro: '`POST /web/dataset/call_kw/account.move/search_read` as admin: 80 customer invoices with 10 list columns (amounts, states, partner and currency names), after creating and posting 80 invoices in a database with account and payment_demo. Sequential: one keep-alive connection, wall time per call.',
      rows: [
        row('invoices_baseline', 'Baseline: bare express, static answer of the same 80 invoices', baseSeq, baseLoad, 'floor cost of HTTP + express + JSON'),
        row('invoices_search_read', 'search_read of 80 invoices (call_kw, admin session)', emuSeq, emuLoad, `${(ratio * 100).toFixed(1)}% of the baseline's req/s`),
      ],
    };
  } finally {
    await emu?.stop();
    await baseline?.stop();
  }
}
