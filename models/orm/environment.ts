/**
 * An Environment is Odoo's `env`: who (uid, superuser mode), which database (cursor + registry)
 * and which context. Derived environments share the per-call cache.
 */
import type { Registry } from './registry';
import type { Cursor } from './sql';
import type { AnyModel } from './model';
import { AccessError, PyKeyError, PyTypeError, PyValueError } from './exceptions';
import { LANG_CODE } from './translate';

export type Context = Record<string, unknown>;

/** Odoo's tools.clean_context: the context without its default_* keys. */
export function cleanContext(ctx: Context): Context {
  return Object.fromEntries(Object.entries(ctx).filter(([k]) => !k.startsWith('default_')));
}

export const SUPERUSER_ID = 1;

/**
 * What the web layer lets model code know about the HTTP request, without the ORM knowing
 * HTTP: identity-check time (check_identity), session token refresh, client info.
 */
export interface RequestHooks {
  identityCheckedAt(): number | null;
  markIdentityChecked(): void;
  /** After a credential change: keep the current session valid (Odoo's _compute_session_token refresh). */
  refreshSessionToken(): void;
  /** "Log out from all devices": end every other session of the user. */
  logoutOtherSessions(): void;
  host: string;
  userAgent: string;
  remoteAddr: string;
}

/**
 * Free-form per-call memo for modules (keyed by name). Its values are not derived from tables
 * the ORM can see, so a result computed from them is only valid until the next write.
 */
class CallMemo extends Map<string, unknown> {
  constructor(private readonly cr: Cursor) { super(); }
  get(key: string): unknown {
    this.cr.tables.noteAny();
    return super.get(key);
  }
  has(key: string): boolean {
    this.cr.tables.noteAny();
    return super.has(key);
  }
}

/** Stored column values of one model's records, shared by every reader (see BaseModel._values). */
export interface StoredRows {
  rows: Map<number, Record<string, unknown>>;
  /** The table's write version the rows are known to match. */
  stamp: number;
}

/**
 * Non-stored field values of one model for one reader (user, active_test, bin_size), and for
 * each field what its cached values were computed from (tables, and the version then).
 */
export interface ComputedRows {
  rows: Map<number, Record<string, unknown>>;
  deps: Map<string, { tables: Set<string>; stamp: number }>;
}

/** Per-call memo shared by an environment and the environments derived from it. */
export class CallCache {
  /** model name → stored values. */
  stored = new Map<string, StoredRows>();
  /** `${model}:${reader}` → non-stored values. */
  computed = new Map<string, ComputedRows>();
  /** Free-form per-call memo for modules (keyed by name). */
  memo: Map<string, unknown>;
  /**
   * model name → records being created (between their INSERT and the computation of their
   * stored computed fields) → the field names their creation values gave (BaseModel._create).
   */
  creating = new Map<string, Map<number, { has(name: string): boolean }>>();
  /**
   * model name → records whose write is writing their x2many values → the stored computed
   * fields the write recomputes once they are written (BaseModel._write): their lines' changes
   * need not recompute those before.
   */
  writing = new Map<string, Map<number, Set<string>>>();
  constructor(cr: Cursor) {
    this.memo = new CallMemo(cr);
  }
  /**
   * Forget the cached values of a model (of every model without argument). Only needed where
   * values change without a write through the cursor; writes are noticed on their own.
   */
  invalidate(model?: string): void {
    if (model) {
      this.stored.delete(model);
      for (const key of [...this.computed.keys()]) if (key.startsWith(`${model}:`)) this.computed.delete(key);
    } else {
      this.stored.clear();
      this.computed.clear();
    }
  }
}

export class Environment {
  readonly cache: CallCache;
  /** This environment in the other sudo mode, once made (see sudo()). */
  private otherMode: Environment | null = null;

  constructor(
    readonly registry: Registry,
    readonly cr: Cursor,
    readonly uid: number,
    readonly context: Context = {},
    readonly su: boolean = uid === SUPERUSER_ID,
    cache?: CallCache,
    /** The database name, for messages and links. */
    readonly dbName: string = '',
    /** Set when the call comes from a web session (not XML-RPC / /jsonrpc). */
    readonly request: RequestHooks | null = null,
  ) {
    this.cache = cache ?? new CallCache(cr);
  }

  /** env['model.name'] */
  model(name: string): AnyModel {
    const M = this.registry.get(name);
    if (!M) throw new PyKeyError(name);
    return new M(this, []) as AnyModel;
  }

  has(name: string): boolean { return this.registry.has(name); }

  withContext(ctx: Context): Environment {
    return new Environment(this.registry, this.cr, this.uid, ctx, this.su, this.cache, this.dbName, this.request);
  }
  extendContext(extra: Context): Environment {
    return this.withContext({ ...this.context, ...extra });
  }
  sudo(flag = true): Environment {
    // an environment never changes: the same mode is this one, and the other mode is made once
    // (several hundred sudo() calls per call otherwise each made one)
    if (flag === this.su) return this;
    if (this.otherMode) return this.otherMode;
    const env = new Environment(this.registry, this.cr, this.uid, this.context, flag, this.cache, this.dbName, this.request);
    env.otherMode = this;
    this.otherMode = env;
    return env;
  }
  withUser(uid: number): Environment {
    // the same user: this environment in the mode a new one would have (made once, see sudo())
    if (uid === this.uid) return this.sudo(uid === SUPERUSER_ID);
    return new Environment(this.registry, this.cr, uid, this.context, uid === SUPERUSER_ID, this.cache, this.dbName, this.request);
  }

  get user(): AnyModel { return this.model('res.users').browse([this.uid]); }

  /**
   * Odoo's env.lang: the context's `lang` when it names an active language, else null (api.py:
   * "_lang_get_id is cached and used to validate lang before return"). Translated fields are
   * read and written in this language, en_US when null.
   */
  get lang(): string | null {
    const lang = this.context.lang;
    if (typeof lang !== 'string' || !LANG_CODE.test(lang)) return null;
    return this.activeLangs().has(lang) ? lang : null;
  }

  /** Codes of the active res.lang records (none before base's tables exist). */
  activeLangs(): Set<string> {
    return this.crossCall('langs:active', () => {
      try {
        return new Set(this.cr.raw('SELECT code FROM res_lang WHERE active = 1').map((r) => r[0] as string));
      } catch {
        return new Set<string>();
      }
    });
  }

  /**
   * Whether a module's behaviour is active. Odoo loads modules one by one, its registry growing
   * as it goes: while base's demo data loads, mail's overrides do not exist yet (no chatter
   * message for base's partners). Our registry holds every module of the target set from the
   * start, so module loading lists the modules loaded so far on the cursor.
   */
  moduleLoaded(name: string): boolean {
    const loaded = this.cr.loadedModules;
    return loaded ? loaded.includes(name) : this.registry.modules.includes(name);
  }

  /** Group ids of the user (stored closure, as Odoo ≤18 keeps it in res_groups_users_rel). */
  userGroupIds(uid = this.uid): Set<number> {
    return this.crossCall(`groups:${uid}`, () => new Set(this.cr.raw('SELECT gid FROM res_groups_users_rel WHERE uid = ?', [uid]).map((r) => r[0] as number)));
  }

  /**
   * A value derived from stored data, kept across calls while the tables it was computed from
   * are unchanged (table_versions.ts): groups, companies, access rights, rule domains,
   * hierarchies, compiled searches. `compute` must read the database only through the cursor
   * and the ORM (what it reads otherwise, such as the clock, keeps it only until the next write).
   */
  crossCall<T>(key: string, compute: () => T): T {
    const tables = this.cr.tables;
    const map = this.cr.memo.map;
    const hit = map.get(key);
    if (hit && tables.stillValid(hit.deps, hit.stamp)) return hit.value as T;
    const stamp = tables.version;
    const { value, deps } = tables.track(compute);
    // bounded: a long run of reads with ever-different searches must not grow it forever; the
    // oldest fifth goes, not the whole map (access rights, rule domains and xml ids, kept since
    // start, would all be computed again)
    if (map.size >= 5000) evictOldest(map, 1000);
    map.set(key, { value, deps, stamp });
    return value;
  }

  /** Resolve an xml id to [model, res_id] (null when unknown). */
  xmlidLookup(xmlid: string): [string, number] | null {
    return this.crossCall(`xmlid:${xmlid}`, () => {
      const dot = xmlid.indexOf('.');
      const [module, name] = dot < 0 ? ['', xmlid] : [xmlid.slice(0, dot), xmlid.slice(dot + 1)];
      const row = this.cr.get<{ model: string; res_id: number }>(
        'SELECT model, res_id FROM ir_model_data WHERE module = ? AND name = ?', [module, name]);
      return row ? [row.model, row.res_id] : null;
    });
  }

  /** The ir.model.fields id of model.field (null when unknown), kept while that table is unchanged. */
  fieldId(model: string, field: string): number | null {
    return this.crossCall(`field:${model}.${field}`, () =>
      this.cr.get<{ id: number }>('SELECT id FROM ir_model_fields WHERE model = ? AND name = ?', [model, field])?.id ?? null);
  }

  /** env.ref(): the record of an xml id; throws ValueError like Odoo when unknown. */
  ref(xmlid: string, raiseIfNotFound = true): AnyModel | null {
    const r = this.xmlidLookup(xmlid);
    if (!r) {
      if (raiseIfNotFound) throw new PyValueError(`External ID not found in the system: ${xmlid}`);
      return null;
    }
    return this.model(r[0]).browse([r[1]]);
  }

  refId(xmlid: string): number {
    const r = this.xmlidLookup(xmlid);
    if (!r) throw new PyValueError(`External ID not found in the system: ${xmlid}`);
    return r[1];
  }

  hasGroup(xmlid: string, uid = this.uid): boolean {
    const r = this.xmlidLookup(xmlid);
    return !!r && this.userGroupIds(uid).has(r[1]);
  }

  /** The user's company and allowed companies, honouring context allowed_company_ids. */
  companyInfo(): { companyId: number | false; companyIds: number[] } {
    const base = this.crossCall<{ companyId: number | false; companyIds: number[] }>(`companies:${this.uid}`, () => {
      const row = this.cr.get<{ company_id: number | null }>('SELECT company_id FROM res_users WHERE id = ?', [this.uid]);
      const ids = this.cr.raw('SELECT cid FROM res_company_users_rel WHERE user_id = ? ORDER BY cid', [this.uid]).map((r) => r[0] as number);
      return { companyId: row?.company_id ?? false, companyIds: ids };
    });
    const allowed = companyIdsOf(this.context.allowed_company_ids);
    if (allowed.length) {
      const ids = allowed.map((c) => (typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : c));
      // Odoo refuses companies the user may not access (unless superuser)
      if (!this.su && ids.some((c) => typeof c !== 'number' || !base.companyIds.includes(c))) {
        throw new AccessError('Access to unauthorized or invalid companies.');
      }
      return { companyId: ids[0] as number, companyIds: ids as number[] };
    }
    return { companyId: base.companyId, companyIds: base.companyId ? [base.companyId, ...base.companyIds.filter((c) => c !== base.companyId)] : base.companyIds };
  }
}

/**
 * `allowed_company_ids` as Odoo iterates it (`set(company_ids)`): a list, a dict's keys or a
 * string's characters (which then match no company: AccessError); a number is not iterable.
 */
function companyIdsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined || value === false || value === 0 || value === '') return [];
  if (typeof value === 'object') return Object.keys(value);
  if (typeof value === 'string') return [...value];
  throw new PyTypeError(`'${typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float'}' object is not iterable`);
}

/** Remove the `n` oldest entries of a map (in insertion order). */
export function evictOldest<K, V>(map: Map<K, V>, n: number): void {
  for (const key of map.keys()) {
    if (n-- <= 0) break;
    map.delete(key);
  }
}
