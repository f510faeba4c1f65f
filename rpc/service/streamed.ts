/**
 * Very large search_read answers, written as they are read. A search_read without a limit over
 * a large table (all fields of 111,000 partners: 1.15 GB of memory when built at once, the
 * attack run found) is read BATCH records at a time, in the call's one transaction, and each
 * batch is serialized and sent before the next is read, at the pace the client takes them: the
 * memory holds a batch, not the answer. The bytes are those of the whole answer (the same
 * records, values and order); only the HTTP framing differs (chunked, where Odoo sends a
 * Content-Length).
 *
 * Only the worker processes of a pool stream (CallOptions.stream): while a stream runs, the
 * worker holds its other requests back (server/pool/worker.ts) and the pool gives its idle
 * connections to other workers, so the others keep being served.
 */
import type { Database } from '../../models/database';
import type { AnyModel } from '../../models/orm/model';

/** Answers of more records than this are streamed. */
export const STREAM_MIN = 2000;
/** Records read and sent at a time. */
export const BATCH = 1000;

/** A list answer produced in batches; `finish` ends the call's transaction. */
export class StreamedList {
  private finished = false;

  constructor(readonly length: number, private readonly ids: number[], private readonly read: (ids: number[]) => unknown[],
    private readonly end: (commit: boolean) => void) {}

  /** The batches in order (each read when asked for); the transaction ends after the last. */
  *batches(): Generator<unknown[]> {
    try {
      for (let i = 0; i < this.ids.length; i += BATCH) yield this.read(this.ids.slice(i, i + BATCH));
      this.finish(true);
    } finally {
      this.finish(false);
    }
  }

  /** The whole list at once (an answer a fault rule must hold, delay or cut). */
  toArray(): unknown[] {
    const out: unknown[] = [];
    for (const batch of this.batches()) for (const rec of batch) out.push(rec);
    return out;
  }

  /** Commit (the answer went out) or roll back (the client left, an error); once. */
  finish(commit: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.end(commit);
  }
}

/**
 * A search_read whose answer may be streamed: its ids are searched in a transaction left open;
 * few of them, the call is answered as usual in that transaction, else a StreamedList reads the
 * rest. `call` is search_read itself, `recs` the model it is called on.
 */
export function streamedSearchRead(db: Database, recs: () => AnyModel, bound: unknown[], call: (recs: AnyModel) => unknown): unknown {
  const end = db.cr.openCall();
  try {
    const model = recs();
    const [domain, fields, offset, limit, order, readKwargs] = bound as [unknown, unknown, unknown, unknown, unknown, Record<string, unknown>];
    const plan = model._searchReadInBatches(domain, fields, offset, limit, order, readKwargs ?? {});
    if (plan.ids.length <= STREAM_MIN) {
      const result = call(model);
      end(true);
      return result;
    }
    return new StreamedList(plan.ids.length, plan.ids, plan.read, end);
  } catch (e) {
    end(false);
    throw e;
  }
}

/** Whether a search_read's limit leaves its answer unbounded or large (None, 0, False, or over STREAM_MIN). */
export function unboundedLimit(limit: unknown): boolean {
  return limit === null || limit === undefined || limit === false || limit === 0 || (typeof limit === 'number' && limit > STREAM_MIN);
}
