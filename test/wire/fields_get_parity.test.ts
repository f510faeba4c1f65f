/**
 * Issue 11: every field of every model we ship, compared with what a real Odoo 17 answers to
 * fields_get (type, relation, string, required, readonly, selection), from the recording in
 * test/fixtures/odoo17_fields_get.json (made by test/tools/record_fields_get.js; the reference
 * server is not needed here).
 *  - fields both have: no difference at all;
 *  - fields Odoo has and we lack, defined by a module of our set: none, except relational fields
 *    whose comodel we do not ship yet (listed, so that the count can only go down);
 *  - fields we have and Odoo has not: none.
 * Fields of modules outside our set (sms, bus, snailmail... that Odoo auto-installs) and the
 * reified group fields of res.users (in_group_N, sel_groups_N_M, named after group ids) are out
 * of scope.
 */
import fs from 'fs';
import path from 'path';
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb } from '../models/orm_helpers';

interface Desc { type: string; relation?: string; string: string; required: boolean; readonly: boolean; selection?: unknown; modules: string[] }
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'odoo17_fields_get.json'), 'utf8')) as {
  attributes: string[]; models: Record<string, Record<string, Desc>>;
};

/** The default module set of the emulator (and of the recorded database, before auto-installs). */
const OUR_MODULES = new Set(['base', 'web', 'mail', 'portal', 'auth_signup', 'auth_totp', 'auth_totp_portal']);
const REIFIED_GROUP_FIELD = /^(in_group_\d+|sel_groups_\d+(_\d+)*)$/;

/** Selection values that modules outside our set add (selection_add) to fields of ours. */
const OTHER_MODULES_SELECTION: Record<string, string[]> = {};

/**
 * Selections that list the database's models (ir.model): Odoo's has every model of its registry,
 * abstract ones included; ours must list exactly the models of ours, with their names.
 */
const MODEL_SELECTIONS = new Set(['ir.filters.model_id', 'ir.actions.server.resource_ref', 'ir.cron.resource_ref']);

function withoutOtherModules(model: string, fname: string, selection: unknown): unknown {
  const drop = OTHER_MODULES_SELECTION[`${model}.${fname}`];
  return drop && Array.isArray(selection) ? selection.filter(([k]) => !drop.includes(k)) : selection;
}

/**
 * Relational fields of our modules whose comodel is not shipped yet, by comodel. They are the
 * only accepted absences; when a comodel arrives, its fields must be added (the test then fails
 * on the stale entry).
 */
const AWAITING_COMODEL = new Set([
  'discuss.channel', 'mail.link.preview', 'mail.message.reaction', 'mail.guest', 'ir.mail_server', 'fetchmail.server', 'report.paperformat', 'ir.module.module', 'ir.model.fields.selection', 'discuss.voice.metadata', 'res.users.settings.volumes',
]);

let db: Database;
beforeAll(() => { db = demoDb(); });

function ours(model: string): Record<string, Record<string, unknown>> {
  return callKw(db, 2, model, 'fields_get', [], { attributes: fixture.attributes }, { unknownModel: 'user_error' }) as Record<string, Record<string, unknown>>;
}

/** The modules of a field; delegated fields of res.users are recorded without, take the parent's. */
function modulesOf(model: string, field: string): string[] {
  const own = fixture.models[model][field].modules;
  if (own.length) return own;
  const M = db.registry.get(model);
  for (const parent of Object.keys(M?._inherits ?? {})) {
    const p = fixture.models[parent]?.[field];
    if (p?.modules.length) return p.modules;
  }
  return own;
}

const shipped = Object.keys(fixture.models);

describe.each(shipped)('%s', (model) => {
  test('same fields, same attributes as Odoo 17', () => {
    if (!db.registry.has(model)) throw new Error(`${model} is in the recording but not in the registry`);
    const mine = ours(model);
    const ref = fixture.models[model];
    const differences: string[] = [];
    const awaiting: string[] = [];
    for (const [fname, r] of Object.entries(ref)) {
      if (REIFIED_GROUP_FIELD.test(fname)) continue;
      const m = mine[fname];
      if (!m) {
        if (!modulesOf(model, fname).some((x) => OUR_MODULES.has(x))) continue;
        if (r.relation && !db.registry.has(r.relation) && AWAITING_COMODEL.has(r.relation)) { awaiting.push(`${fname} → ${r.relation}`); continue; }
        differences.push(`missing ${fname} (${r.type}${r.relation ? ` ${r.relation}` : ''}, "${r.string}")`);
        continue;
      }
      for (const a of fixture.attributes) {
        let want = (r as unknown as Record<string, unknown>)[a];
        if (a === 'selection') want = withoutOtherModules(model, fname, want);
        if (a === 'selection' && MODEL_SELECTIONS.has(`${model}.${fname}`)) {
          // ir.model's name is translated (one JSON value per language): the en_US names
          want = db.cr.all<{ model: string; name: string }>(`SELECT model, json_extract(name, '$."en_US"') AS name FROM ir_model ORDER BY 2`).map((x) => [x.model, x.name]);
        }
        if (JSON.stringify(m[a]) !== JSON.stringify(want)) differences.push(`${fname}.${a}: ${JSON.stringify(m[a])?.slice(0, 120)} instead of ${JSON.stringify(want)?.slice(0, 120)}`);
      }
    }
    for (const fname of Object.keys(mine)) if (!(fname in ref)) differences.push(`extra ${fname}`);
    expect(differences).toEqual([]);
    // fields waiting for a comodel must still be waiting (the comodel is not shipped)
    for (const a of awaiting) expect(db.registry.has(a.split(' → ')[1])).toBe(false);
  });
});
