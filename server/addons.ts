/**
 * --addons-path at start-up: the modules of the addons path join the built-in ones in the
 * catalog of the server's DatabaseManager (read once, before any database is opened).
 */
import { builtinCatalog, DatabaseManager } from '../models/database';
import { loadAddonsPath } from '../models/addons/addons_path';
import { log } from './log';
import type { Config } from './config';

/** A DatabaseManager whose catalog holds the addons of config.addons_path (undefined without one). */
export async function managerWithAddons(config: Config): Promise<DatabaseManager | undefined> {
  if (!config.addons_path.length) return undefined;
  const t = performance.now();
  const catalog = builtinCatalog();
  const loaded = await loadAddonsPath(config.addons_path, catalog);
  const notEmulated = loaded.reduce((n, a) => n + a.report.notEmulated.length, 0);
  log('info', 'odoo.modules.module', `addons path ${config.addons_path.join(',')}: ${loaded.length} modules read in ${Math.round(performance.now() - t)} ms `
    + `(${loaded.map((a) => a.name).join(', ') || 'none'}); ${notEmulated} declarations not emulated (odoo-emulator addon-check PATH lists them)`);
  return new DatabaseManager(config.data_dir, { catalog });
}
