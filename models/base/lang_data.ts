/**
 * The translations a language brings when it is installed (Odoo's ir.module.module
 * _update_translations, which reads each installed module's i18n/<lang>.po).
 *
 * This emulator ships no .po files. Country names come from ICU, through Node's
 * Intl.DisplayNames (type 'region'), which names every ISO 3166 code in every CLDR locale:
 * fr_FR gets "Allemagne" for DE as Odoo's base/i18n/fr.po has it. Some names differ from Odoo's
 * translators' choices (docs/translations.md lists the ones observed). Other translatable
 * records keep their en_US value in the new language, which readers get through the en_US
 * fallback.
 */
import type { Environment } from '../orm/environment';
import { ident } from '../orm/sql';

/** BCP 47 locale of an Odoo language code: fr_FR → fr-FR, sr@latin → sr-Latn, zh_TW → zh-TW. */
export function bcp47(code: string): string {
  const [base, modifier] = code.split('@');
  const [lang, region] = base.split('_');
  const script = modifier === 'latin' ? 'Latn' : modifier === 'Cyrl' || modifier === 'cyrillic' ? 'Cyrl' : null;
  return [lang, script, region].filter(Boolean).join('-');
}

/** ICU's name of region `code` in language `lang` (null when ICU has no name of its own). */
export function regionName(lang: string, code: string): string | null {
  let names: Intl.DisplayNames;
  try {
    names = new Intl.DisplayNames([bcp47(lang)], { type: 'region', fallback: 'none' });
  } catch {
    return null;
  }
  // only a locale ICU really has: otherwise it would answer in its root (English) names
  if (!Intl.DisplayNames.supportedLocalesOf([bcp47(lang)]).length) return null;
  try {
    return names.of(code) ?? null;
  } catch {
    return null;
  }
}

/**
 * Load the translations of languages `codes` into the database. `overwrite` replaces values
 * already stored for the language; otherwise only missing ones are added (Odoo's overwrite flag).
 */
export function loadTranslations(env: Environment, codes: string[], overwrite: boolean): void {
  for (const lang of codes) {
    if (lang === 'en_US') continue;
    loadCountryNames(env, lang, overwrite);
  }
  env.cache.invalidate('res.country');
}

function loadCountryNames(env: Environment, lang: string, overwrite: boolean): void {
  if (!env.has('res.country')) return;
  const table = ident(env.registry.get('res.country')!._table);
  // json_set replaces, json_insert only adds a missing key
  const setter = overwrite ? 'json_set' : 'json_insert';
  const path = `$."${lang}"`;
  for (const row of env.cr.all<{ id: number; code: string | null }>(`SELECT id, code FROM ${table} WHERE name IS NOT NULL`)) {
    const name = row.code ? regionName(lang, row.code) : null;
    if (!name) continue;
    env.cr.run(`UPDATE ${table} SET name = ${setter}(name, ?, ?) WHERE id = ?`, [path, name, row.id]);
  }
}
