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

/** Per-call memo shared by an environment and the environments derived from it. */
export class CallCache {
  groups = new Map<number, Set<number>>();
  xmlids = new Map<string, [string, number] | null>();
  rules = new Map<string, unknown>();
  companies = new Map<number, { companyId: number | false; companyIds: number[] }>();
  values = new Map<string, Map<number, Record<string, unknown>>>();
  /** Free-form per-call memo for modules (keyed by name). */
  memo = new Map<string, unknown>();
  invalidate(model?: string): void {
    if (model) {
      for (const key of [...this.values.keys()]) if (key.startsWith(`${model}:`)) this.values.delete(key);
    } else this.values.clear();
    this.groups.clear();
    this.rules.clear();
    this.companies.clear();
  }
}

export class Environment {
  readonly cache: CallCache;

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
    this.cache = cache ?? new CallCache();
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
    return new Environment(this.registry, this.cr, this.uid, this.context, flag, this.cache, this.dbName, this.request);
  }
  withUser(uid: number): Environment {
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
    let g = this.cache.groups.get(uid);
    if (!g) {
      g = this.crossCall(`groups:${uid}`, () => new Set(this.cr.raw('SELECT gid FROM res_groups_users_rel WHERE uid = ?', [uid]).map((r) => r[0] as number)));
      this.cache.groups.set(uid, g);
    }
    return g;
  }

  /**
   * A value derived from stored data, kept across calls until any write (or rollback) happens
   * in this database: groups, companies, access rights, rule domains, hierarchies.
   */
  crossCall<T>(key: string, compute: () => T): T {
    const store = this.cr.memo;
    if (store.version !== this.cr.writeVersion) {
      store.map.clear();
      store.version = this.cr.writeVersion;
    }
    if (store.map.has(key)) return store.map.get(key) as T;
    const v = compute();
    // bounded: a long run of reads with ever-different searches must not grow it forever
    if (store.map.size >= 5000) store.map.clear();
    store.map.set(key, v);
    return v;
  }

  /** Resolve an xml id to [model, res_id] (null when unknown). */
  xmlidLookup(xmlid: string): [string, number] | null {
    if (this.cache.xmlids.has(xmlid)) return this.cache.xmlids.get(xmlid)!;
    const dot = xmlid.indexOf('.');
    const [module, name] = dot < 0 ? ['', xmlid] : [xmlid.slice(0, dot), xmlid.slice(dot + 1)];
    const row = this.cr.get<{ model: string; res_id: number }>(
      'SELECT model, res_id FROM ir_model_data WHERE module = ? AND name = ?', [module, name]);
    const res: [string, number] | null = row ? [row.model, row.res_id] : null;
    this.cache.xmlids.set(xmlid, res);
    return res;
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
    const cached = this.cache.companies.get(this.uid);
    let base = cached;
    if (!base) {
      base = this.crossCall(`companies:${this.uid}`, () => {
        const row = this.cr.get<{ company_id: number | null }>('SELECT company_id FROM res_users WHERE id = ?', [this.uid]);
        const ids = this.cr.raw('SELECT cid FROM res_company_users_rel WHERE user_id = ? ORDER BY cid', [this.uid]).map((r) => r[0] as number);
        return { companyId: row?.company_id ?? false, companyIds: ids };
      });
      this.cache.companies.set(this.uid, base);
    }
    const allowed = companyIdsOf(this.context.allowed_company_ids);
    if (allowed.length) {
      const ids = allowed.map((c) => (typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : c));
      // Odoo refuses companies the user may not access (unless superuser)
      if (!this.su && ids.some((c) => typeof c !== 'number' || !base!.companyIds.includes(c))) {
        throw new AccessError('Access to unauthorized or invalid companies.');
      }
      return { companyId: ids[0] as number, companyIds: ids as number[] };
    }
    return { companyId: base.companyId, companyIds: base.companyId ? [base.companyId, ...base.companyIds.filter((c) => c !== base!.companyId)] : base.companyIds };
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
