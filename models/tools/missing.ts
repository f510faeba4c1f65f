/**
 * Odoo's MissingError for methods called on ids that do not exist (issue 13): Odoo raises it at
 * the first field the method reads (models.py _fetch_field: "Record does not exist or has been
 * deleted." naming the missing records only); methods that read their records through
 * `_values` use these instead of assuming every row is there.
 */
import type { BaseModel, Vals } from '../orm/model';
import { MissingError } from '../orm/exceptions';

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
