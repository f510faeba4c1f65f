/**
 * Odoo 17's public translation methods of every model (models.py update_field_translations,
 * get_field_translations) and the copy of translations when a record is duplicated
 * (copy_translations), for fields stored one value per language (translate.ts).
 */
import type { BaseModel, Vals } from './model';
import { PyKeyError, UserError } from './exceptions';
import { ident, type SqlParam } from './sql';
import { isTranslated, parseTranslations } from './translate';
import * as security from './security';

/** Codes of the active languages, as res.lang.get_installed lists them (sorted by name). */
export function installedLangs(model: BaseModel): Array<[string, string]> {
  return model.env.cr.all<{ code: string; name: string }>('SELECT code, name FROM res_lang WHERE active = 1')
    .map((r): [string, string] => [r.code, r.name])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

function fieldOf(model: BaseModel, fname: unknown) {
  const f = typeof fname === 'string' ? model.cls._fields[fname] : undefined;
  if (!f) throw new PyKeyError(typeof fname === 'string' ? fname : String(fname));
  return f;
}

/**
 * update_field_translations(field_name, {lang: value}): a string sets the language's value, a
 * falsy non-string removes it (the reader falls back to en_US). Languages must be active.
 */
export function updateFieldTranslations(record: BaseModel, fname: unknown, translations: unknown): boolean {
  record.ensureOne();
  const f = fieldOf(record, fname);
  security.checkAccessRights(record, 'write');
  security.checkFieldAccess(record, [f.name], 'write');
  security.checkAccessRule(record, 'write');
  const given = (translations && typeof translations === 'object' && !Array.isArray(translations) ? translations : {}) as Record<string, unknown>;
  const valid = new Set([...installedLangs(record).map(([code]) => code), 'en_US']);
  const missing = Object.keys(given).filter((l) => !valid.has(l));
  if (missing.length) throw new UserError(`The following languages are not activated: ${missing.join(', ')}`);
  if (!f.spec.translate) return false;
  if (!f.store && !f.spec.related && f.spec.compute) return false;
  if (f.spec.related && !f.store) {
    // a related translated field: the translations belong to the field it follows
    const path = f.spec.related.split('.');
    const target = path.pop()!;
    let recs: BaseModel = record;
    for (const step of path) recs = recs.rel(step);
    for (const id of recs.ids) updateFieldTranslations(recs.browse([id]), target, given);
    return true;
  }
  if (!isTranslated(f)) return false;
  if (Object.values(given).some((v) => v && typeof v !== 'string')) {
    throw new UserError('Translations for model translated fields only accept falsy values and str');
  }
  const values: Record<string, string | null> = {};
  for (const [lang, v] of Object.entries(given)) values[lang] = typeof v === 'string' ? v : null;
  // a falsy en_US (other than '') is dropped: en_US always keeps a value
  if ('en_US' in values && values.en_US === null) delete values.en_US;
  if (!Object.keys(values).length) return false;
  writeTranslations(record, f.column!, values, record.env.lang ?? 'en_US');
  // Odoo then writes the field to itself: write_date moves, overrides of write run
  record.withContext({ ...record.env.context })._write({});
  return true;
}

/**
 * Merge `values` ({lang: value or null to remove}) into the stored translations of one record,
 * filling en_US with a fallback when the column had none (models.py _update_field_translations).
 */
export function writeTranslations(record: BaseModel, column: string, values: Record<string, string | null>, lang: string): void {
  const M = record.cls;
  const id = record.ids[0];
  const raw = record.env.cr.raw(`SELECT ${ident(column)} FROM ${ident(M._table)} WHERE id = ?`, [id])[0]?.[0];
  const fallback = values.en_US ?? values[lang] ?? Object.values(values).find((v) => v !== null) ?? null;
  const merged: Record<string, string | null> = { en_US: fallback, ...parseTranslations(raw), ...values };
  for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
  const stored: SqlParam = Object.keys(merged).length ? JSON.stringify(merged) : null;
  record.env.cr.run(`UPDATE ${ident(M._table)} SET ${ident(column)} = ? WHERE id = ?`, [stored, id]);
  record.env.cache.invalidate(M._name);
}

/** get_field_translations(field_name, langs=None) → [translations, context]. */
export function getFieldTranslations(record: BaseModel, fname: unknown, langs: unknown): [Vals[], Vals] {
  record.ensureOne();
  const f = fieldOf(record, fname);
  // inactive or unknown languages may be read: they show the en_US value
  const codes = Array.isArray(langs) && langs.length ? [...new Set(langs.map(String))] : installedLangs(record).map(([code]) => code);
  const ctx = record.env.context;
  const source = record.withContext({ ...ctx, lang: 'en_US' }).read([f.name])[0]?.[f.name] ?? false;
  const translations: Vals[] = !f.spec.translate ? [] : codes.map((lang) => ({
    lang, source, value: record.withContext({ ...ctx, lang }).read([f.name])[0]?.[f.name] ?? false,
  }));
  return [translations, {
    translation_type: f.type === 'text' || f.type === 'html' ? 'text' : 'char',
    translation_show_source: false,
  }];
}

/**
 * copy(): the duplicate gets the other active languages' values of the original's translated
 * fields (models.py copy_translations; the current language's value came with copy_data).
 */
export function copyTranslations(old: BaseModel, copy: BaseModel, excluded: Set<string>): void {
  const M = old.cls;
  const valid = new Set([...installedLangs(old).map(([code]) => code), 'en_US']);
  const lang = old.env.lang ?? 'en_US';
  for (const f of Object.values(M._fields)) {
    if (!f.copy || excluded.has(f.name) || !isTranslated(f)) continue;
    const raw = old.env.cr.raw(`SELECT ${ident(f.column!)} FROM ${ident(M._table)} WHERE id = ?`, [old.ids[0]])[0]?.[0];
    const stored = parseTranslations(raw);
    if (!old.get(f.name)) continue;
    const values: Record<string, string> = {};
    for (const [l, v] of Object.entries(stored)) if (valid.has(l) && l !== lang && typeof v === 'string') values[l] = v;
    if (Object.keys(values).length) writeTranslations(copy, f.column!, values, lang);
  }
}
