/**
 * fields_get of models read from an addons path, compared attribute by attribute with a recording
 * of a real Odoo 17 (test/tools/record_addon_fields_get.py): type, relation, string, required,
 * readonly, selection of every field the addons declare.
 */
import type { Environment } from '../../models/orm/environment';

export const COMPARED = ['type', 'relation', 'string', 'required', 'readonly', 'selection'] as const;

export interface FieldsFixture {
  database: string;
  modules: string[];
  models: Record<string, { modules: string[]; fields: Record<string, Record<string, unknown> & { modules: string[] }> }>;
}

export interface Comparison {
  /** Per module: fields its Python declares, how many match in every compared attribute. */
  perModule: Record<string, { fields: number; same: number; percent: number }>;
  /** One line per difference: model.field (module): attribute: Odoo's value vs ours. */
  differences: string[];
  /**
   * Fields Odoo adds to the addons' models from mixins of other modules (mail.thread,
   * mail.activity.mixin, image.mixin…), which the addon does not declare: counted apart.
   */
  inherited: { fields: number; same: number; missing: string[] };
}

/** Which fields a module's Python declares: model → field names (magic fields of its new models included). */
export type Declared = (module: string, model: string, field: string) => boolean;

export function compareFieldsGet(env: Environment, fixture: FieldsFixture, modules: string[], declared: Declared): Comparison {
  const perModule: Comparison['perModule'] = {};
  const differences: string[] = [];
  const inherited: Comparison['inherited'] = { fields: 0, same: 0, missing: [] };
  for (const m of modules) perModule[m] = { fields: 0, same: 0, percent: 0 };
  for (const [model, rec] of Object.entries(fixture.models)) {
    const ours = env.registry.get(model) ? (env.model(model).fields_get(null, [...COMPARED]) as Record<string, Record<string, unknown>>) : null;
    for (const [fname, odoo] of Object.entries(rec.fields)) {
      const owner = odoo.modules.find((x) => modules.includes(x));
      if (!owner) continue;
      const mine = ours?.[fname];
      if (!declared(owner, model, fname)) {
        inherited.fields++;
        if (mine && COMPARED.every((a) => !(a in odoo) || JSON.stringify(odoo[a]) === JSON.stringify(mine[a] ?? null))) inherited.same++;
        else inherited.missing.push(`${model}.${fname}`);
        continue;
      }
      perModule[owner].fields++;
      if (!mine) {
        differences.push(`${model}.${fname} (${owner}): ${ours ? 'field missing' : 'model missing'}`);
        continue;
      }
      const diffs: string[] = [];
      for (const attr of COMPARED) {
        if (!(attr in odoo)) continue;
        const a = JSON.stringify(odoo[attr]);
        const b = JSON.stringify(mine[attr] ?? null);
        if (a !== b) diffs.push(`${attr}: Odoo ${short(a)} vs ours ${short(b)}`);
      }
      if (diffs.length) differences.push(`${model}.${fname} (${owner}): ${diffs.join('; ')}`);
      else perModule[owner].same++;
    }
  }
  for (const p of Object.values(perModule)) p.percent = p.fields ? Math.round((1000 * p.same) / p.fields) / 10 : 100;
  return { perModule, differences, inherited };
}

function short(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** A Markdown report: the figure per module, then every difference. */
export function comparisonReport(title: string, c: Comparison): string {
  const rows = Object.entries(c.perModule).map(([m, p]) => `| ${m} | ${p.fields} | ${p.same} | ${p.percent}% |`);
  const total = Object.values(c.perModule).reduce((a, p) => ({ fields: a.fields + p.fields, same: a.same + p.same }), { fields: 0, same: 0 });
  return [`# ${title}`, '', '| module | fields | same fields_get | share |', '|---|---:|---:|---:|', ...rows,
    `| **all** | ${total.fields} | ${total.same} | ${total.fields ? Math.round((1000 * total.same) / total.fields) / 10 : 100}% |`, '',
    `Fields Odoo adds to these models from mixins of other modules (mail.thread, mail.activity.mixin, image.mixin …, not declared by the addons): ${c.inherited.same} of ${c.inherited.fields} the same.`, '',
    `## Differences (${c.differences.length})`, '', ...c.differences.map((d) => `- ${d}`), '',
    `## Mixin fields missing or different (${c.inherited.missing.length})`, '', c.inherited.missing.join(', '), ''].join('\n');
}

const MAGIC = ['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'];

/** The fields each addon's Python declares, from what the loader read (its report). */
export function declaredBy(addons: Array<{ name: string; report: { models: Array<{ name: string; extension: boolean; fields: string[] }> } }>): Declared {
  const own = new Map<string, Set<string>>();
  for (const a of addons) {
    for (const m of a.report.models) {
      const key = `${a.name}:${m.name}`;
      const set = own.get(key) ?? new Set<string>();
      for (const f of m.fields) set.add(f);
      if (!m.extension) for (const f of MAGIC) set.add(f);
      own.set(key, set);
    }
  }
  return (module, model, field) => !!own.get(`${module}:${model}`)?.has(field);
}
