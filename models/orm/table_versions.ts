/**
 * Which tables each SQL statement reads and writes, and a write counter per table, so that
 * caches of data derived from the database (record values, access rights, rule domains,
 * compiled searches) stay valid exactly as long as the tables they were computed from are
 * unchanged, instead of being dropped at every write anywhere.
 *
 * Every statement of a connection goes through its Cursor, which asks `statement(text)` what
 * the text does (parsed once per text) and calls `wrote()` for writes. A write to a table also
 * counts as a write to what SQLite changes along with it: rows of tables whose foreign keys
 * cascade or set null on delete, and the tables the table's triggers write (full-text indexes).
 * A statement whose effect cannot be told from its text (DDL, a write starting with WITH), a
 * rollback, or a change of schema bumps the epoch: everything is considered changed.
 *
 * Readers record what they depend on with `track()`: the tables named by each statement run
 * meanwhile are collected (including subqueries' tables), and `unchangedSince(deps, stamp)`
 * tells whether any of them was written since. `ANY` stands for "depends on something not read
 * through SQL" (the clock, a per-call memo): such a result is valid until the next write.
 */
import type BetterSqlite3 from 'better-sqlite3';

export type WriteKind = 'insert' | 'update' | 'delete' | 'replace';

/** What one statement text does. */
export interface StatementInfo {
  /** Every table the text names after FROM, JOIN, INTO or UPDATE (a superset of what it reads). */
  reads: string[];
  /** The kind of write, 'unknown' for a statement changing the database in a way not parsed, null for a read. */
  write: WriteKind | 'unknown' | null;
  /** The table written (insert/update/delete/replace). */
  table: string | null;
  /**
   * A plain SELECT whose result only depends on the tables it names (Cursor.cachedRead): no
   * time or random functions, no SQLite internal tables.
   */
  cacheable: boolean;
}

const VOLATILE = /\b(?:now|random|randomblob|changes|total_changes|last_insert_rowid)\b|\bsqlite_|\btemp\./i;

/** Dependencies that no table write can vouch for: valid only while nothing at all is written. */
export const ANY = '*';

const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const NAMED = new RegExp(String.raw`\b(?:FROM|JOIN|INTO|UPDATE)\s+${IDENT}`, 'gi');
/** What follows FROM (or a join's ON condition) up to the next clause or parenthesis: `a, b AS x` in a comma join. */
const FROM_LIST = /\b(?:FROM|ON)\b([^()]*?)(?=\b(?:WHERE|ORDER|GROUP|LIMIT|JOIN|ON|USING|UNION|HAVING|LEFT|INNER|CROSS|NATURAL|EXCEPT|INTERSECT|WINDOW)\b|[()]|$)/gi;
const INSERT = new RegExp(String.raw`^\s*(?:INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO)\s+${IDENT}`, 'i');
const UPDATE = new RegExp(String.raw`^\s*UPDATE\s+(?:OR\s+\w+\s+)?${IDENT}`, 'i');
const DELETE = new RegExp(String.raw`^\s*DELETE\s+FROM\s+${IDENT}`, 'i');
/** Statements that read, or change no table data (transaction control). */
const HARMLESS = /^\s*(SELECT|VALUES|EXPLAIN|BEGIN|COMMIT|END|SAVEPOINT|RELEASE)\b/i;
const PRAGMA = /^\s*PRAGMA\s+[\w.]+\s*(\(|;|$)/i;
const WRITE_WORD = /\b(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

/** Parse a statement text (pure; the cursor keeps the results per text). */
export function parseStatement(text: string): StatementInfo {
  const reads = new Set<string>();
  for (const m of text.matchAll(NAMED)) reads.add(unquote(m[1]));
  // comma joins (FROM a, b): the tables after the first one
  for (const m of text.matchAll(FROM_LIST)) {
    if (!m[1].includes(',')) continue;
    for (const part of m[1].split(',').slice(1)) {
      const name = new RegExp(String.raw`^\s*${IDENT}`).exec(part);
      if (name) reads.add(unquote(name[1]));
    }
  }
  const list = [...reads];
  let m = INSERT.exec(text);
  if (m) {
    const replace = /^\s*REPLACE/i.test(text) || /^OR\s+REPLACE\s+$/i.test(m[1] ?? '');
    return { reads: list, write: replace ? 'replace' : 'insert', table: unquote(m[2]), cacheable: false };
  }
  m = UPDATE.exec(text);
  if (m) return { reads: list, write: 'update', table: unquote(m[1]), cacheable: false };
  m = DELETE.exec(text);
  if (m) return { reads: list, write: 'delete', table: unquote(m[1]), cacheable: false };
  if (HARMLESS.test(text) || PRAGMA.test(text)) {
    const cacheable = /^\s*SELECT\b/i.test(text) && list.length > 0 && !VOLATILE.test(text);
    return { reads: list, write: null, table: null, cacheable };
  }
  // a query with common table expressions that writes nothing (no write keyword anywhere) is a
  // read of the tables it names (the CTEs' own names among them, never written); its result is
  // not kept, but it no longer counts as a change of every table
  if (/^\s*WITH\b/i.test(text) && !WRITE_WORD.test(text)) return { reads: list, write: null, table: null, cacheable: false };
  return { reads: list, write: 'unknown', table: null, cacheable: false };
}

/** Foreign keys and triggers, as far as they make one write change other tables. */
interface SchemaEffects {
  /** table → tables (with the action) whose rows a delete in it deletes or updates. */
  onDelete: Map<string, Array<{ table: string; cascade: boolean }>>;
  /** `${event}:${table}` → the writes of the triggers on that event (`*:${table}`: a trigger not understood). */
  triggers: Map<string, Array<{ kind: WriteKind; table: string }>>;
}

const REFERENCES = /REFERENCES\s+("(?:[^"]|"")+"|[A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*((?:ON\s+(?:DELETE|UPDATE)\s+(?:SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION)\s*)*)/gi;
const TRIGGER_HEAD = /CREATE\s+(?:TEMP\w*\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+(?:BEFORE|AFTER|INSTEAD\s+OF)?\s*(INSERT|DELETE|UPDATE)(?:\s+OF\s+[^]*?)?\s+ON\s+("(?:[^"]|"")+"|[A-Za-z_]\w*)/i;
const TRIGGER_WRITES = new RegExp(String.raw`\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+${IDENT}`, 'gi');

function readSchema(db: BetterSqlite3.Database): SchemaEffects {
  const onDelete = new Map<string, Array<{ table: string; cascade: boolean }>>();
  const triggers = new Map<string, Array<{ kind: WriteKind; table: string }>>();
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') AND sql IS NOT NULL").all() as
    Array<{ type: string; name: string; tbl_name: string; sql: string }>;
  for (const r of rows) {
    if (r.type === 'table') {
      for (const m of r.sql.matchAll(REFERENCES)) {
        const actions = m[2] ?? '';
        const del = /ON\s+DELETE\s+(SET\s+NULL|SET\s+DEFAULT|CASCADE)/i.exec(actions);
        if (!del) continue;
        const target = unquote(m[1]);
        if (!onDelete.has(target)) onDelete.set(target, []);
        onDelete.get(target)!.push({ table: r.name, cascade: /CASCADE/i.test(del[1]) });
      }
    } else {
      const head = TRIGGER_HEAD.exec(r.sql);
      const body = r.sql.slice(r.sql.search(/\bBEGIN\b/i));
      const written = [...body.matchAll(TRIGGER_WRITES)].map((m) => ({
        kind: (/OR\s+REPLACE/i.test(m[0]) ? 'replace' : /^INSERT/i.test(m[0]) ? 'insert' : /^UPDATE/i.test(m[0]) ? 'update' : 'delete') as WriteKind, table: unquote(m[1]),
      }));
      // a trigger we cannot read changes anything: every write to its table bumps the epoch
      const key = head ? `${head[1].toLowerCase()}:${unquote(head[2])}` : `*:${r.tbl_name}`;
      triggers.set(key, [...(triggers.get(key) ?? []), ...written]);
    }
  }
  return { onDelete, triggers };
}

/** Write counters of one connection's tables (see the module comment). */
export class TableVersions {
  /** Bumped by every write and every rollback; stamps are values of it. */
  version = 0;
  /** The version of the last change of unknown extent. */
  epoch = 0;
  private lastWrite = new Map<string, number>();
  private effects = new Map<string, string[] | null>();
  private schema: SchemaEffects | null = null;
  private trackers: Array<Set<string>> = [];

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** Everything changed (rollback, schema change, a write of unknown extent). */
  changedAll(): void {
    this.version++;
    this.epoch = this.version;
    this.lastWrite.clear();
    this.schema = null;
    this.effects.clear();
  }

  /** A statement wrote `table`: bump it and what SQLite changes along with it. */
  wrote(kind: WriteKind, table: string): void {
    const tables = this.writeEffects(kind, table);
    if (!tables) { this.changedAll(); return; }
    this.version++;
    for (const t of tables) this.lastWrite.set(t, this.version);
  }

  /** The tables a write changes (null: unknown, e.g. a trigger that could not be read). */
  writeEffects(kind: WriteKind, table: string): string[] | null {
    const key = `${kind}:${table}`;
    const known = this.effects.get(key);
    if (known !== undefined) return known;
    this.schema ??= readSchema(this.db);
    const schema = this.schema;
    const tables = new Set<string>();
    const visited = new Set<string>();
    let unknown = false;
    const visit = (k: WriteKind, t: string) => {
      if (visited.has(`${k}:${t}`)) return;
      visited.add(`${k}:${t}`);
      tables.add(t);
      if (schema.triggers.has(`*:${t}`)) unknown = true;
      const events = k === 'replace' ? ['insert', 'delete', 'update'] : [k];
      for (const e of events) for (const w of schema.triggers.get(`${e}:${t}`) ?? []) visit(w.kind, w.table);
      if (k === 'delete' || k === 'replace') {
        for (const ref of schema.onDelete.get(t) ?? []) visit(ref.cascade ? 'delete' : 'update', ref.table);
      }
    };
    visit(kind, table);
    const out = unknown ? null : [...tables];
    this.effects.set(key, out);
    return out;
  }

  /** A statement ran: its tables are noted by the innermost tracker. */
  read(info: StatementInfo): void {
    const top = this.trackers[this.trackers.length - 1];
    if (top) for (const t of info.reads) top.add(t);
  }

  /** Note dependencies (of a cached result being reused) in the innermost tracker. */
  note(deps: Iterable<string>): void {
    const top = this.trackers[this.trackers.length - 1];
    if (!top) return;
    // lists (most callers) by index: a for-of over lists and sets alike is not optimized into a
    // loop and allocates an iterator and a result per table
    if (Array.isArray(deps)) for (let i = 0; i < deps.length; i++) top.add(deps[i]);
    else for (const t of deps) top.add(t);
  }

  /** note() of one table, without a list to iterate. */
  noteTable(table: string): void {
    const top = this.trackers[this.trackers.length - 1];
    if (top) top.add(table);
  }

  /** Note that the current computation depends on something SQL writes cannot vouch for. */
  noteAny(): void {
    const top = this.trackers[this.trackers.length - 1];
    if (top) top.add(ANY);
  }

  get tracking(): boolean { return this.trackers.length > 0; }

  /**
   * Run `fn`, collecting the tables it depends on; they are also noted by the enclosing
   * tracker, since what an inner computation depends on the outer one depends on too.
   */
  track<T>(fn: () => T): { value: T; deps: string[] } {
    const deps = new Set<string>();
    this.trackers.push(deps);
    try {
      const value = fn();
      return { value, deps: [...deps] };
    } finally {
      this.trackers.pop();
      this.note(deps);
    }
  }

  /**
   * Whether a result computed at `stamp` from `deps` may be reused (none of them written since);
   * if so, the reuse depends on them: they are noted by the innermost tracker.
   */
  stillValid(deps: Iterable<string>, stamp: number): boolean {
    if (!this.unchangedSince(deps, stamp)) return false;
    this.note(deps);
    return true;
  }

  /** unchangedSince() of one table, without a list to iterate (the record caches' check). */
  tableUnchangedSince(table: string, stamp: number): boolean {
    if (this.epoch > stamp) return false;
    if (this.version === stamp) return true;
    const w = this.lastWrite.get(table);
    return w === undefined || w <= stamp;
  }

  /** Whether none of `deps` was written since `stamp` (a value of `version`). */
  unchangedSince(deps: Iterable<string>, stamp: number): boolean {
    if (this.epoch > stamp) return false;
    // nothing written since: no table to look at
    if (this.version === stamp) return true;
    // something was written since: a dependency on ANY is void
    if (Array.isArray(deps)) {
      for (let i = 0; i < deps.length; i++) if (this.changedSince(deps[i], stamp)) return false;
    } else {
      for (const t of deps) if (this.changedSince(t, stamp)) return false;
    }
    return true;
  }

  /** Whether `table` (or ANY) was written since `stamp`, knowing something was. */
  private changedSince(table: string, stamp: number): boolean {
    if (table === ANY) return true;
    const w = this.lastWrite.get(table);
    return w !== undefined && w > stamp;
  }
}
