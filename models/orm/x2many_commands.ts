/**
 * Reading x2many command lists without applying them (orm.md §3): the ids a value links, for code
 * that needs them before the ORM writes (a transaction's invoices, a default's records).
 */

/** The ids a value sets or links: plain ids, (6, 0, ids) and (4, id) commands, in order; other commands are ignored. */
export function linkedIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const out: number[] = [];
  for (const c of value) {
    if (typeof c === 'number') out.push(c);
    else if (Array.isArray(c) && c[0] === 6) out.push(...((c[2] as number[]) ?? []));
    else if (Array.isArray(c) && c[0] === 4) out.push(c[1] as number);
  }
  return out;
}
