/**
 * The order-to-cash cycle of bench/sale.ts, in-process: the same 9 execute_kw calls through the
 * service layer (callKw, one transaction each) on a database with sale_management, account and
 * payment_demo, without HTTP. It counts the SQL statements of each call and times the cycle, so
 * the ORM's share of the cycle can be profiled on its own:
 *
 *   node dist/bench/cycle.js [--cycles N] [--file] [--steps]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/cycle.js --cycles 300
 *
 * --file: a database file in WAL mode as the server uses (default: in memory).
 * --steps: statements and time of each of the 9 calls.
 * --sql N: the N statement texts taking the most CPU time in a cycle (count and µs per cycle).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { DatabaseManager, type Database } from '../models/database';
import { DEFAULT_MODULES } from '../models/modules/builtin';
import { callKw } from '../rpc/service/call_kw';
import { Cursor, type SQL } from '../models/orm/sql';

export const CYCLE_MODULES = ['sale_management', 'account', 'payment_demo'];
const ADMIN = 2;

/**
 * The order's lines: [E-COM] Office Design Software (280.00, 15 % tax) ×2, the 150.00
 * "Deposit" service and Acoustic Bloc Screens (invoiced on delivery, so not on this invoice).
 */
export const CYCLE_ORDER_LINES = [
  [0, 0, { product_id: 7, product_uom_qty: 2, tax_id: [[6, 0, [1]]] }],
  [0, 0, { product_id: 38, product_uom_qty: 1 }],
  [0, 0, { product_id: 31, product_uom_qty: 3, discount: 10, tax_id: [[6, 0, [1]]] }],
];

export interface CycleStep { call: string; statements: number; ms: number }

/** One cycle of the 9 calls as admin; returns the paid invoice (last read) and each call's cost. */
export function runCycle(db: Database, uid = ADMIN): { invoice: Record<string, unknown>; steps: CycleStep[] } {
  const steps: CycleStep[] = [];
  const call = <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): T => {
    const before = db.cr.statementCount;
    const t = performance.now();
    const result = callKw(db, uid, model, method, args, kwargs, { unknownModel: 'user_error' }) as T;
    steps.push({ call: `${model}.${method}`, statements: db.cr.statementCount - before, ms: performance.now() - t });
    // the answer is sent as JSON: its serialization is part of the call
    JSON.stringify(result);
    return result;
  };
  const order = call<number>('sale.order', 'create', [{ partner_id: 10, order_line: CYCLE_ORDER_LINES }]);
  call('sale.order', 'action_confirm', [[order]]);
  const octx = { context: { active_model: 'sale.order', active_ids: [order], active_id: order } };
  const wizard = call<number>('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], octx);
  const invoice = call<{ res_id: number }>('sale.advance.payment.inv', 'create_invoices', [[wizard]], octx).res_id;
  call('account.move', 'read', [[invoice], ['name', 'state', 'amount_total', 'invoice_line_ids']]);
  call('account.move', 'action_post', [[invoice]]);
  const ictx = { context: { active_model: 'account.move', active_ids: [invoice] } };
  const register = call<number>('account.payment.register', 'create', [{}], ictx);
  call('account.payment.register', 'action_create_payments', [[register]], ictx);
  const [paid] = call<Array<Record<string, unknown>>>('account.move', 'read', [[invoice], ['name', 'state', 'payment_state', 'amount_total', 'amount_residual']]);
  return { invoice: paid, steps };
}

/** A new database for the cycle (from the cached template image). */
export function cycleDatabase(dbm: DatabaseManager, name: string): Database {
  return dbm.create(name, { demo: true, modules: [...DEFAULT_MODULES, ...CYCLE_MODULES] });
}

function main(): void {
  const argv = process.argv.slice(2);
  const opt = (name: string, dflt: number) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : dflt; };
  const cycles = opt('--cycles', 100);
  const tmp = argv.includes('--file') ? fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-cycle-')) : null;
  const dbm = new DatabaseManager(tmp, { templateDir: path.join(os.tmpdir(), 'odoo-emulator-bench-templates') });
  try {
    const db = cycleDatabase(dbm, 'cycle');
    const texts = new Map<string, { n: number; ms: number }>();
    if (argv.includes('--sql')) {
      const proto = Cursor.prototype as unknown as Record<string, (q: SQL | string, ...rest: unknown[]) => unknown>;
      for (const m of ['all', 'raw', 'get', 'run', 'exec']) {
        const orig = proto[m];
        proto[m] = function (this: Cursor, q: SQL | string, ...rest: unknown[]) {
          const text = typeof q === 'string' ? q : q.text;
          // CPU time, not wall time: the machine is shared
          const t = process.cpuUsage();
          try {
            return orig.call(this, q, ...rest);
          } finally {
            const acc = texts.get(text) ?? { n: 0, ms: 0 };
            const used = process.cpuUsage(t);
            acc.n++;
            acc.ms += (used.user + used.system) / 1000;
            texts.set(text, acc);
          }
        };
      }
    }
    const first = runCycle(db);
    console.log('first cycle:', JSON.stringify(first.invoice));
    for (let i = 0; i < 5; i++) runCycle(db);
    const perStep = new Map<string, { statements: number; ms: number }>();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let statements = 0;
    for (let i = 0; i < cycles; i++) {
      const { steps } = runCycle(db);
      for (const s of steps) {
        const acc = perStep.get(s.call) ?? { statements: 0, ms: 0 };
        acc.statements += s.statements;
        acc.ms += s.ms;
        perStep.set(s.call, acc);
        statements += s.statements;
      }
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${cycles} cycles: ${(wall / cycles).toFixed(2)} ms/cycle wall, ${((cpu.user + cpu.system) / 1000 / cycles).toFixed(2)} ms/cycle CPU, `
      + `${(statements / cycles).toFixed(0)} statements/cycle (${((db.cr.cachedReadCount ?? 0) / (cycles + 6)).toFixed(0)} kept reads), ${(1000 * cycles / wall).toFixed(1)} cycles/s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (texts.size) {
      // by time spent in the statement (SQLite and the cursor's bookkeeping), per cycle
      const top = [...texts].sort((a, b) => b[1].ms - a[1].ms).slice(0, opt('--sql', 40));
      for (const [text, { n, ms }] of top) {
        console.log(`${(n / (cycles + 6)).toFixed(1).padStart(7)} ×${(1000 * ms / (cycles + 6)).toFixed(0).padStart(6)} µs  ${text.slice(0, 220)}`);
      }
    }
    if (argv.includes('--steps')) {
      for (const [name, s] of perStep) console.log(`  ${name.padEnd(50)} ${(s.statements / cycles).toFixed(0).padStart(6)} statements ${(s.ms / cycles).toFixed(2).padStart(8)} ms`);
    }
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();
