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

/**
 * The ids a value gives a new record when it only sets them: plain ids, or one (6, 0, ids)
 * command, all integers (an empty list sets none). Null for any other value, whose effect only
 * the ORM's write of the commands tells.
 */
export function onlySetIds(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  if (value.every((x) => typeof x === 'number')) return value as number[];
  const [cmd] = value;
  if (value.length !== 1 || !Array.isArray(cmd) || cmd[0] !== 6 || !Array.isArray(cmd[2])) return null;
  return cmd[2].every((x: unknown) => typeof x === 'number') ? cmd[2] as number[] : null;
}
