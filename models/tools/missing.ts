/**
 * Odoo's MissingError for methods called on ids that do not exist (issue 13): Odoo raises it at
 * the first field the method reads (models.py _fetch_field: "Record does not exist or has been
 * deleted." naming the missing records only); methods that read their records through
 * `_values` use these instead of assuming every row is there.
 */
import type { BaseModel, Vals } from '../orm/model';
import { MissingError, ValidationError } from '../orm/exceptions';

/** The MissingError naming `missing` among `records`. */
export function missingError(records: BaseModel, missing: unknown[]): MissingError {
  return new MissingError(`Record does not exist or has been deleted.\n(Record: ${records.browse(missing as number[]).toString()}, User: ${records.env.uid})`);
}

/** records._values(fields), or Odoo's MissingError when some record does not exist. */
export function existingValues(records: BaseModel, fields: string[]): Map<number, Vals> {
  const vals = records._values(fields);
  if (vals.size < new Set(records.ids).size) throw missingError(records, records.ids.filter((id) => !vals.has(id)));
  return vals;
}

/** The value dictionaries of a create()'s argument (a dict or a list; other entries are create's own error). */
export function valsDicts(valsList: unknown): Vals[] {
  return (Array.isArray(valsList) ? valsList : [valsList]).filter((v): v is Vals => v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** Whether a value names a record id (a positive integer). */
export function isRecordId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Odoo's MissingError naming the ids of `ids` that `records`' model has no record of (looked up as superuser). */
export function assertExisting(records: BaseModel, ids: number[]): void {
  const existing = new Set(records.sudo().browse(ids).exists().ids);
  const missing = [...new Set(ids.filter((id) => !existing.has(id)))];
  if (missing.length) throw missingError(records, missing);
}

/**
 * `create()` of records whose computations read some many2one targets before the INSERT in Odoo
 * (sale.order.line's order and product, a journal item's move...): given a missing record there,
 * Odoo raises MissingError naming it, where our INSERT fails on the foreign key. Only when the
 * creation fails with a ValidationError are the targets looked up, in `fields`' order (the first
 * one Odoo reads first): the MissingError of the first missing ones, else the original error.
 */
export function createReadingTargets<T>(records: BaseModel, valsList: unknown, fields: string[], create: () => T): T {
  try {
    return create();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const list = valsDicts(valsList);
    for (const fname of fields) {
      const comodel = records.cls._fields[fname]?.comodel;
      const ids = list.map((v) => v[fname]).filter(isRecordId);
      if (comodel && ids.length) assertExisting(records.env.model(comodel), ids);
    }
    throw e;
  }
}
