/**
 * Accounting scenarios against Odoo 17's own answers. Each script under scenarios/ makes the same
 * calls a client would (XML-RPC for the taxes, JSON-RPC and the payment routes for the rest) and
 * prints what it got; reference/<scenario>.json is what a real Odoo 17 printed for the same
 * script, in the same order, on a fresh database with account and payment_demo (recorded with
 * `python3 scenarios/<name>.py http://127.0.0.1:8169 <fresh db> [xmlrpc]`). Ids are compared as
 * they are: a fresh emulator database must hand out the same ones.
 */
import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { startTestServer, type TestServer } from '../../helpers/server';

const run = promisify(execFile);
const DIR = path.join(__dirname, 'scenarios');

/** In recording order: each scenario finds the records the previous ones left. */
const SCENARIOS: Array<[string, 'jsonrpc' | 'xmlrpc', string]> = [
  ['taxes', 'xmlrpc', 'compute_all of percent, price-included, fixed, group and division taxes; an invoice mixing them'],
  ['flow', 'jsonrpc', 'rounding per line and globally, payment terms, partial and full payment, credit note, draft and cancel'],
  ['errors', 'jsonrpc', "posting checks and the other refusals, with Odoo's messages; payments' states"],
  ['chatter', 'jsonrpc', 'creation messages, tracking, subtypes and followers of invoices, payments and reversals'],
  ['paytx', 'jsonrpc', 'online payment with the demo provider: every outcome, tokens, anonymous payers, route errors'],
  ['access', 'jsonrpc', 'billing user, internal user without accounting, portal customer and stranger'],
  ['batch', 'jsonrpc', 'the register wizard on several invoices: grouped, one payment each, partial; a bill paid in cash; refusals'],
  ['capture', 'jsonrpc', 'manual capture (partial, full, the rest voided), void, refunds of a payment and their payments; refusals and rights'],
  ['autopost', 'jsonrpc', 'the auto-post cron run by hand: due entries posted, a refused one marked to check with the reason, future ones left'],
];

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ init: ['account', 'payment_demo'] });
}, 600_000);

afterAll(async () => {
  await srv?.close();
});

describe('the accounting scenarios answer what Odoo 17 answers', () => {
  for (const [name, protocol, what] of SCENARIOS) {
    it(`${name}: ${what}`, async () => {
      const { stdout } = await run('/usr/bin/python3', [path.join(DIR, `${name}.py`), srv.url, srv.db, protocol], { cwd: DIR, maxBuffer: 1 << 24 });
      const reference = JSON.parse(fs.readFileSync(path.join(__dirname, 'reference', `${name}.json`), 'utf8'));
      expect(JSON.parse(stdout)).toEqual(reference);
    }, 300_000);
  }
});
