/**
 * Facts about documents' chatter that every post and subscription asks again (a thread's first
 * message, its followers), kept per database connection for as long as the tables they come
 * from are unchanged — or changed only by mail's own writes, which update the facts they touch.
 *
 * The holder lives in the connection's crossCall memo (a rollback, a change of schema or another
 * connection's commit drops it, table_versions.ts); its own stamp says up to which table version
 * its facts are known to hold. Any write to the tables that did not go through `write()` below
 * (an ORM write or unlink of followers or messages, a raw statement) makes the next look-up drop
 * every fact, which are then read again.
 */
import type { BaseModel } from '../orm/model';

interface Holder<V> { stamp: number; byThread: Map<string, V> }

/** Facts kept at most (threads); past that they are all dropped and read again as needed. */
const MAX_THREADS = 20000;

export class ThreadFacts<V> {
  /**
   * @param name key of the holder in the crossCall memo
   * @param tables the tables the facts are derived from
   */
  constructor(private readonly name: string, private readonly tables: readonly string[]) {}

  /** The holder, emptied when one of its tables was written since its stamp by someone else. */
  private holder(model: BaseModel): Holder<V> {
    const versions = model.env.cr.tables;
    const holder = model.env.crossCall<Holder<V>>(`mail.facts:${this.name}`, () => ({ stamp: versions.version, byThread: new Map() }));
    if (!versions.unchangedSince(this.tables, holder.stamp) || holder.byThread.size > MAX_THREADS) {
      holder.byThread.clear();
      holder.stamp = versions.version;
    }
    // what is answered from here depends on these tables (a computed value kept by the ORM)
    versions.note(this.tables);
    return holder;
  }

  /** The fact of one thread (undefined: not known). */
  get(model: BaseModel, resModel: string, resId: number): V | undefined {
    return this.holder(model).byThread.get(`${resModel}:${resId}`);
  }

  /** Record a fact just read from the database (nothing written since the last get()). */
  set(model: BaseModel, resModel: string, resId: number, value: V): void {
    const holder = this.holder(model);
    holder.byThread.set(`${resModel}:${resId}`, value);
  }

  /**
   * Facts about records just created, if none of the tables was written since `stamp` (the
   * version before their creation): nothing can refer to a new id yet (ids are never reused,
   * AUTOINCREMENT) unless something wrote during the creation, which is then left to a read.
   */
  setFresh(model: BaseModel, resModel: string, resIds: readonly number[], value: V, stamp: number): void {
    const holder = this.holder(model);
    if (!model.env.cr.tables.unchangedSince(this.tables, stamp)) return;
    for (const id of resIds) holder.byThread.set(`${resModel}:${id}`, value);
  }

  /**
   * Run a write of the facts' tables whose whole effect on them `apply` then describes; the
   * facts about other threads stay valid. `run` must write those tables through such writes
   * only (nested ones included).
   */
  write<T>(model: BaseModel, run: () => T, apply: (facts: FactsUpdate<V>) => void): T {
    const holder = this.holder(model);
    const out = run();
    // a nested write went through holder() and may have emptied it: still the same object
    const key = (m: string, id: number) => `${m}:${id}`;
    apply({
      get: (m, id) => holder.byThread.get(key(m, id)),
      set: (m, id, v) => { holder.byThread.set(key(m, id), v); },
      forget: (m, id) => { holder.byThread.delete(key(m, id)); },
      clear: () => holder.byThread.clear(),
    });
    holder.stamp = model.env.cr.tables.version;
    return out;
  }
}

/** What a write tells its facts (ThreadFacts.write). */
export interface FactsUpdate<V> {
  get(resModel: string, resId: number): V | undefined;
  set(resModel: string, resId: number, value: V): void;
  forget(resModel: string, resId: number): void;
  /** The write's effect is not known in detail: no fact is kept. */
  clear(): void;
}

/** A follower of a thread: its mail_followers id, partner and subtype ids. */
export interface FollowerFact { readonly id: number; readonly partnerId: number; readonly subtypeIds: readonly number[] }

/** The followers of each thread, in mail_followers id order. */
export const followerFacts = new ThreadFacts<readonly FollowerFact[]>('followers', ['mail_followers', 'mail_followers_mail_message_subtype_rel']);

/** The first message of each thread that is not a user notification (false: none yet). */
export const firstMessageFacts = new ThreadFacts<number | false>('first_message', ['mail_message']);
