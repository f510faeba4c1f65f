/**
 * Translated fields as Odoo 17 stores them: one column holding a JSON object per language,
 * {"en_US": "Germany", "fr_FR": "Allemagne"} (PostgreSQL jsonb in Odoo, JSON text in SQLite).
 *
 * - Reading gives the value of the environment's language, falling back to en_US
 *   (models.py _field_to_sql: COALESCE(col->>lang, col->>'en_US')); searching and ordering use
 *   the same expression, so they see what a reader sees.
 * - Creating stores the value under the language and under en_US (models.py _create: 'en_US' is
 *   filled with the first value when missing).
 * - Writing a value changes only the language's key; en_US is filled only when the column was
 *   empty, or when en_US is not an active language (models.py _write, fields.py _String.write).
 *   Writing False/None empties the whole column, every language included.
 *
 * Only `translate: true` fields (Odoo's translate=True) are stored this way; term-translated
 * fields (Odoo's xml_translate/html_translate, declared `translate: 'xml'` here) keep a plain
 * text column in this emulator (see README, Translations).
 */
import type { Field } from './fields';

/** What a translated column needs from an environment: its language (Odoo's env.lang). */
export interface LangEnv { lang: string | null }

/** A stored field whose column holds one value per language. */
export function isTranslated(f: Field | undefined): boolean {
  return !!f && f.spec.translate === true && !!f.column && f.type !== 'json';
}

/**
 * Language codes go into SQL text (as Odoo's env.lang does): only codes of res.lang's shape pass,
 * and Environment.lang only gives codes of active languages.
 */
export const LANG_CODE = /^[a-z]{2,3}(_[A-Z]{2})?(@[a-z]+)?$/;

function jsonPath(lang: string): string {
  if (!LANG_CODE.test(lang)) throw new Error(`invalid language code ${lang}`);
  return `'$."${lang}"'`;
}

/** The languages a translated value is read in, best first (fields.py get_translation_fallback_langs). */
export function fallbackLangs(env: LangEnv): string[] {
  const lang = env.lang ?? 'en_US';
  return lang === 'en_US' ? ['en_US'] : [lang, 'en_US'];
}

/** SQL expression of a column qualified as `col` ('"alias"."name"') in the environment's language. */
export function translatedSql(col: string, env: LangEnv): string {
  const parts = fallbackLangs(env).map((l) => `json_extract(${col}, ${jsonPath(l)})`);
  return parts.length === 1 ? parts[0] : `COALESCE(${parts.join(', ')})`;
}

/** Column value of a created record: the value under the language and under en_US. */
export function createColumn(value: string | null, env: LangEnv): string | null {
  if (value === null) return null;
  const lang = env.lang ?? 'en_US';
  return JSON.stringify(lang === 'en_US' ? { en_US: value } : { en_US: value, [lang]: value });
}

/**
 * SET clause of a write: `"col" = <merge>` with its parameters. `enUSActive` false makes the
 * value land under en_US too (fields.py _String.write keeps value_en meaningful).
 */
export function writeAssignment(quoted: string, value: string | null, env: LangEnv, enUSActive = true): { sql: string; params: string[] } {
  if (value === null) return { sql: `${quoted} = NULL`, params: [] };
  const lang = env.lang ?? 'en_US';
  const values: Record<string, string> = { [lang]: value };
  if (lang !== 'en_US' && !enUSActive) values.en_US = value;
  // {'en_US': value} only fills an empty column; then the stored translations; then the new value
  const fallback = 'en_US' in values ? {} : { en_US: value };
  return {
    sql: `${quoted} = json_patch(json_patch(?, COALESCE(${quoted}, '{}')), ?)`,
    params: [JSON.stringify(fallback), JSON.stringify(values)],
  };
}

/** Parse a stored column value ({} when empty or not a JSON object). */
export function parseTranslations(raw: unknown): Record<string, string> {
  if (typeof raw !== 'string' || !raw) return {};
  try {
    const v = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, string> : {};
  } catch {
    return {};
  }
}
