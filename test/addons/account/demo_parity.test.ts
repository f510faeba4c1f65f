/**
 * Demo parity of the accounting modules: a fresh database with account and payment_demo holds the
 * records of a real Odoo 17 database made with the same modules — the installed modules, the
 * generic chart (accounts, journals, taxes and their repartition lines, tax groups, payment
 * terms and methods), the demo invoices, bills, refunds and entries with their lines, amounts,
 * payment states and reconciliations, the payment providers and methods, the demo activities —
 * with the same ids, xml ids and field values. Recorded by
 * `python3 test/tools/record_odoo_reference.py --set account --db <fresh db> --out test/addons/account/reference/demo_data.json`.
 */
import fs from 'fs';
import path from 'path';
import { DatabaseManager, type Database } from '../../../models/database';
import { SUPERUSER_ID } from '../../../models/orm/environment';
import { DEFAULT_MODULES } from '../../../models/modules/builtin';
import { TEMPLATE_DIR } from '../../helpers/server';

interface RecordedModel { fields: string[]; count: number; records: Array<Record<string, unknown>> }
interface Recording { about: { installed_modules: string[] }; models: Record<string, RecordedModel> }

const RECORDING: Recording = JSON.parse(fs.readFileSync(path.join(__dirname, 'reference', 'demo_data.json'), 'utf8'));

/** Odoo fields the emulator does not have, each with its reason (not compared). */
const NOT_EMULATED: Record<string, string> = {
  'payment.provider.redirect_form_view_id': 'a many2one to QWeb views (ir.ui.view), which are not emulated (false on every provider here)',
};

/** A value read through the ORM, normalised as the recorder normalises Odoo's answers. */
function normalise(type: string, value: unknown): unknown {
  if (type === 'many2one') return Array.isArray(value) ? value[0] : value || false;
  if (type === 'one2many' || type === 'many2many') return [...(value as number[])].sort((a, b) => a - b);
  if (type === 'binary') return !!value;
  if (typeof value === 'object' && value !== null && typeof (value as { valueOf(): unknown }).valueOf() === 'number') return Number(value);
  return value;
}

const show = (v: unknown) => JSON.stringify(v);

function xmlidsOf(db: Database, model: string, id: number): string[] {
  return db.cr.all<{ x: string }>("SELECT module || '.' || name AS x FROM ir_model_data WHERE model = ? AND res_id = ?", [model, id]).map((r) => r.x).sort();
}

function differences(db: Database): string[] {
  const env = db.env(SUPERUSER_ID, { active_test: false });
  const out: string[] = [];
  const installed = env.cr.all<{ name: string }>("SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name").map((r) => r.name);
  if (show(installed) !== show(RECORDING.about.installed_modules)) out.push(`installed modules: expected ${show(RECORDING.about.installed_modules)}, got ${show(installed)}`);
  for (const [model, rec] of Object.entries(RECORDING.models)) {
    const M = env.registry.get(model);
    if (!M) { out.push(`${model}: model missing`); continue; }
    const fields = rec.fields.filter((f) => M._fields[f] && !NOT_EMULATED[`${model}.${f}`]);
    const missing = rec.fields.filter((f) => !M._fields[f] && !NOT_EMULATED[`${model}.${f}`]);
    if (missing.length) out.push(`${model}: fields missing: ${missing.join(', ')}`);
    const ids = env.cr.all<{ id: number }>(`SELECT id FROM "${M._table}" ORDER BY id`).map((r) => r.id);
    const expected = new Map(rec.records.map((r) => [r.id as number, r]));
    for (const id of ids) if (!expected.has(id)) out.push(`${model} ${id}: not in Odoo`);
    const rows = new Map((env.model(model).search_read([['id', 'in', [...expected.keys()]]], fields) as Array<Record<string, unknown>>).map((r) => [r.id as number, r]));
    for (const [id, exp] of expected) {
      const label = `${model} ${id}${(exp.xmlids as string[]).length ? ` (${(exp.xmlids as string[]).join(', ')})` : ''}`;
      const row = rows.get(id);
      if (!row) { out.push(`${label}: missing`); continue; }
      if (show(xmlidsOf(db, model, id)) !== show(exp.xmlids)) out.push(`${label}: xml ids ${show(xmlidsOf(db, model, id))}`);
      for (const f of fields) {
        const got = normalise(M._fields[f].type, row[f]);
        const want = exp[f];
        if (typeof want === 'number' && typeof got === 'number' && Math.abs(want - got) < 1e-9) continue;
        if (show(got) !== show(want)) out.push(`${label}: ${f}: expected ${show(want)}, got ${show(got)}`);
      }
    }
  }
  return out;
}

describe('a fresh database with account and payment_demo is Odoo 17\'s', () => {
  let db: Database;
  beforeAll(() => {
    const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
    db = dbm.create(`account_parity_${process.pid}`, { demo: true, modules: [...DEFAULT_MODULES, 'account', 'payment_demo'] });
  }, 600_000);

  it('has the same accounting records (ids, xml ids, field values)', () => {
    expect(differences(db)).toEqual([]);
  });

  it('compares every model recorded, with their records', () => {
    const counts = Object.fromEntries(Object.entries(RECORDING.models).map(([m, r]) => [m, r.records.length]));
    expect(counts['account.move']).toBeGreaterThanOrEqual(24);
    expect(counts['account.account']).toBeGreaterThan(40);
    expect(counts['payment.provider']).toBeGreaterThan(10);
  });
});
