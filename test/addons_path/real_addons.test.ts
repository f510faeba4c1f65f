/**
 * Real Odoo 17 addons (utm, fleet, lunch, maintenance, resource; calendar, link_tracker, rating,
 * gamification, membership, contacts, board; from an Odoo 17.0 source tree)
 * loaded from an addons path give the fields_get of a real Odoo 17 for at least 95% of the fields
 * each declares. Odoo's figures are recorded in odoo17_addons_fields_get.json and
 * odoo17_addons_more_fields_get.json (databases ref_addons and ref_addons_more, see
 * test/tools/record_addon_fields_get.py); the addons' Python sources are read at
 * run time, so without an Odoo tree (CI) this comparison is skipped with a message. The sample
 * addon of library.test.ts runs the same comparison everywhere.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DatabaseManager } from '../../models/database';
import { ModuleCatalog } from '../../models/modules/catalog';
import { BUILTIN_MODULES, DEFAULT_MODULES } from '../../models/modules/builtin';
import { loadAddonsPath } from '../../models/addons/addons_path';
import { setLogLevel } from '../../server/log';
import { TEMPLATE_DIR } from '../helpers/server';
import { compareFieldsGet, comparisonReport, declaredBy, type FieldsFixture } from './fields_compare';

const ODOO_ADDONS = process.env.ODOO_ADDONS_DIR ?? '/var/lib/odoo-ref/odoo/addons';
/**
 * Two sets, each with its recording (database ref_addons, then ref_addons_more): the five the
 * issue names, then seven more apps and technical modules that depend only on modules we ship.
 */
const SETS = [
  { modules: ['utm', 'fleet', 'lunch', 'maintenance', 'resource'], fixture: 'odoo17_addons_fields_get.json', report: 'real_addons_fields_get.md' },
  { modules: ['calendar', 'link_tracker', 'rating', 'gamification', 'membership', 'contacts', 'board'], fixture: 'odoo17_addons_more_fields_get.json', report: 'real_addons_more_fields_get.md' },
];
const present = SETS.every((set) => set.modules.every((m) => fs.existsSync(path.join(ODOO_ADDONS, m, '__manifest__.py'))));
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`real_addons.test.ts: no Odoo 17 source tree at ${ODOO_ADDONS} (set ODOO_ADDONS_DIR): the comparison of real Odoo addons with Odoo's recorded fields_get is skipped; library.test.ts covers the loader with our own sample addon`);
}

(present ? describe : describe.skip)('real Odoo 17 addons read from an addons path', () => {
  test.each(SETS)('fields_get matches Odoo 17 for at least 95% of the fields of each addon: $modules', async ({ modules, fixture: fixtureFile, report: reportFile }) => {
    setLogLevel('error');
    // only those addons, through symlinks (the Odoo tree holds 500 others)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-addons-'));
    for (const m of modules) fs.symlinkSync(path.join(ODOO_ADDONS, m), path.join(dir, m));
    // the Python sources are the subject: built-in modules of the same names are left out
    const catalog = new ModuleCatalog(BUILTIN_MODULES.filter((m) => !modules.includes(m.name)));
    const loaded = await loadAddonsPath([dir], catalog, { warn: () => undefined });
    const dbm = new DatabaseManager(null, { catalog, templateDir: TEMPLATE_DIR });
    const db = dbm.create('real_addons', { demo: true, modules: [...DEFAULT_MODULES, ...modules] });
    const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, fixtureFile), 'utf8')) as FieldsFixture;
    const c = compareFieldsGet(db.env(2), fixture, modules, declaredBy(loaded));
    const report = comparisonReport('Real Odoo 17 addons: fields_get compared with Odoo 17', c);
    fs.mkdirSync(path.join(__dirname, '../../test-output'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '../../test-output', reportFile), report);
    // eslint-disable-next-line no-console
    console.log(report.split('## Differences')[0] + `(${c.differences.length} differences listed in test-output/${reportFile})`);
    for (const m of modules) expect({ module: m, percent: c.perModule[m].percent >= 95 ? 'ok' : c.perModule[m].percent }).toEqual({ module: m, percent: 'ok' });
    dbm.closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300000);
});
