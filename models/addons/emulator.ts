/**
 * An addon's emulator/ folder: the only code of an addon that runs. Each `.js` (or `.cjs`) file is
 * a CommonJS module exporting, per model name, the class body our built-in addons use
 * (`(Base) => class extends Base { … }`), or `{ methods, onchange }`; the export may also be a
 * function receiving the emulator's API (exceptions, Command, date helpers). Types for editors:
 * models/addons/emulator_api.d.ts.
 */
import fs from 'fs';
import path from 'path';
import type { Mixin } from '../orm/registry';
import { AccessError, MissingError, RedirectWarning, UserError, ValidationError } from '../orm/exceptions';
import { nowUtc, todayUtc } from '../orm/fields';
import type { Clock } from '../tools/clock';

export type OnchangeHook = (values: Record<string, unknown>) => Record<string, unknown> | void;

export interface AddonBehaviour {
  /** Model name → class body. Several files may extend the same model: applied in file order. */
  mixins: Map<string, Mixin>;
  /** Model name → field name → onchange hook. */
  onchanges: Map<string, Record<string, OnchangeHook>>;
  /** Files loaded, relative to the addon folder. */
  files: string[];
}

/** What an emulator module receives when it exports a function. */
export const EMULATOR_API = Object.freeze({
  UserError, ValidationError, AccessError, MissingError, RedirectWarning,
  Command: Object.freeze({
    create: (values: Record<string, unknown>) => [0, 0, values],
    update: (id: number, values: Record<string, unknown>) => [1, id, values],
    delete: (id: number) => [2, id, 0],
    unlink: (id: number) => [3, id, 0],
    link: (id: number) => [4, id, 0],
    clear: () => [5, 0, 0],
    set: (ids: number[]) => [6, 0, ids],
  }),
  /**
   * Odoo's fields.Date.today() / fields.Datetime.now() as the ORM stores them (UTC), by the clock
   * of the given recordset's database (tests may move it), else the system's.
   */
  today: (records?: { env: { cr: { clock: Clock } } }): string => (records ? todayUtc(records.env.cr) : new Date().toISOString().slice(0, 10)),
  now: (records?: { env: { cr: { clock: Clock } } }): string => (records ? nowUtc(records.env.cr) : new Date().toISOString().slice(0, 19).replace('T', ' ')),
});

export class EmulatorLoadError extends Error {}

/** Load an addon's emulator/ folder (nothing when it has none). */
export function loadBehaviour(addonDir: string): AddonBehaviour {
  const out: AddonBehaviour = { mixins: new Map(), onchanges: new Map(), files: [] };
  const dir = path.join(addonDir, 'emulator');
  if (!fs.existsSync(dir)) return out;
  const files = fs.readdirSync(dir).filter((f) => /\.c?js$/.test(f)).sort();
  for (const f of files) {
    const full = path.join(dir, f);
    // -u reloads the addon: read the files afresh
    delete require.cache[require.resolve(full)];
    let exported: unknown;
    try {
      exported = require(full);
    } catch (e) {
      throw new EmulatorLoadError(`${path.basename(addonDir)}/emulator/${f}: ${(e as Error).message}`);
    }
    if (exported && typeof exported === 'object' && 'default' in (exported as object)) exported = (exported as { default: unknown }).default;
    if (typeof exported === 'function') exported = (exported as (api: typeof EMULATOR_API) => unknown)(EMULATOR_API);
    if (!exported || typeof exported !== 'object') throw new EmulatorLoadError(`${path.basename(addonDir)}/emulator/${f}: must export an object keyed by model name`);
    out.files.push(path.join('emulator', f));
    for (const [model, entry] of Object.entries(exported as Record<string, unknown>)) {
      let methods: Mixin | undefined;
      let onchange: Record<string, OnchangeHook> | undefined;
      if (typeof entry === 'function') methods = entry as Mixin;
      else if (entry && typeof entry === 'object') {
        const e = entry as { methods?: unknown; onchange?: unknown };
        if (e.methods !== undefined && typeof e.methods !== 'function') throw new EmulatorLoadError(`${path.basename(addonDir)}/emulator/${f}: ${model}.methods must be (Base) => class extends Base {…}`);
        methods = e.methods as Mixin | undefined;
        onchange = e.onchange as Record<string, OnchangeHook> | undefined;
      } else throw new EmulatorLoadError(`${path.basename(addonDir)}/emulator/${f}: ${model} must be (Base) => class extends Base {…} or { methods, onchange }`);
      if (methods) {
        const before = out.mixins.get(model);
        out.mixins.set(model, before ? (Base) => methods!(before(Base)) : methods);
      }
      if (onchange) out.onchanges.set(model, { ...(out.onchanges.get(model) ?? {}), ...onchange });
    }
  }
  return out;
}
