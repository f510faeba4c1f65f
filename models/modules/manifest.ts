/**
 * A module's manifest, as Odoo's __manifest__.py declares it (addons.md §1), plus what this
 * emulator needs to load it: the model declarations and where its data files live.
 */
import type { ModelDecl } from '../orm/registry';
import type { Environment } from '../orm/environment';
import path from 'path';
import { FIXTURES_DIR } from '../paths';

export interface Manifest {
  /** Technical name (the addon's folder name). */
  name: string;
  /** Display name: the manifest's `name` key (ir.module.module.shortdesc). */
  shortdesc: string;
  /** Full version, `17.0.x.y` (Odoo prefixes the series when a manifest gives only x.y). */
  version: string;
  summary: string;
  description: string;
  /** Category path, e.g. `Productivity/Discuss` (categories are created from it). */
  category: string;
  author: string;
  website: string;
  license: string;
  sequence: number;
  depends: string[];
  excludes: string[];
  /** Data files, relative to `dir`, loaded in order at install and upgrade. */
  data: string[];
  /** Demo files, loaded after the data files when the database has demo data. */
  demo: string[];
  /** Installed automatically once its dependencies are (true), or once those named are. */
  auto_install: boolean | string[];
  application: boolean;
  installable: boolean;
  /** Folder holding the data and demo files (fixtures/<name> for the modules we ship). */
  dir: string;
  /** Model declarations of the module (ORM layer), in load order. */
  models: ModelDecl[];
  /** Called after the module's data is loaded on install (Odoo's post_init_hook). */
  post_init_hook?: (env: Environment) => void;
  /** Called before the module's data is removed on uninstall (Odoo's uninstall_hook). */
  uninstall_hook?: (env: Environment) => void;
  /** Where the manifest came from: shipped with the emulator, or read from an addons path. */
  origin: 'builtin' | 'addons_path';
}

export type ManifestInput = Pick<Manifest, 'name' | 'shortdesc' | 'version'> & Partial<Omit<Manifest, 'name' | 'shortdesc' | 'version' | 'models'>> & {
  /**
   * The model declarations, or a function giving them: the apps' modules load their models when
   * a registry first needs them, so a server whose databases do not install them never pays
   * for loading them (a tenth of an in-memory instance's start-up).
   */
  models?: ModelDecl[] | (() => ModelDecl[]);
};

/** Fill a manifest's defaults the way Odoo reads a __manifest__.py (module.py load_manifest). */
export function defineManifest(m: ManifestInput, dir = path.join(FIXTURES_DIR, m.name)): Manifest {
  const { models = [], ...rest } = m;
  const manifest: Manifest = {
    summary: '', description: '', category: 'Uncategorized', author: 'Odoo S.A.', website: '',
    license: 'LGPL-3', sequence: 100, depends: m.name === 'base' ? [] : ['base'], excludes: [], data: [], demo: [],
    auto_install: false, application: false, installable: true, models: [], origin: 'builtin',
    ...rest,
    dir,
    version: m.version.startsWith('17.0.') ? m.version : `17.0.${m.version}`,
  };
  if (typeof models === 'function') {
    let loaded: ModelDecl[] | null = null;
    Object.defineProperty(manifest, 'models', { enumerable: true, configurable: true, get: () => (loaded ??= models()) });
  } else {
    manifest.models = models;
  }
  return manifest;
}

/** The dependencies an auto_install module waits for (all of them when auto_install is true). */
export function autoInstallRequirements(m: Manifest): string[] {
  return Array.isArray(m.auto_install) ? m.auto_install : m.auto_install ? m.depends : [];
}
