/**
 * Writing a streamed list answer (rpc/service/streamed.ts) on the HTTP response: the head of the
 * JSON-RPC or XML-RPC envelope, each batch of elements as soon as the previous one was taken by
 * the connection (backpressure), the tail. The call's transaction ends with the last batch, or
 * with a rollback if the client leaves or an element cannot be encoded (the connection is then
 * cut: the status line is long gone).
 */
import type { Response } from 'express';
import { StreamedList } from '../rpc/service/streamed';
import { callOf } from './control/calls';
import { log } from './log';
import type { App } from './http';

export interface ListEnvelope {
  contentType: string;
  head: string;
  element(value: unknown): string;
  separator: string;
  tail: string;
}

/** Send `list` in `envelope`; false when it cannot be streamed (a fault rule must hold the whole answer). */
export function sendStreamed(app: App, res: Response, list: StreamedList, envelope: ListEnvelope): boolean {
  // delay, drop, truncate, gateway statuses act on a whole answer
  if (callOf(res)?.fault) return false;
  // the worker takes no other request until the last batch is out (server/pool/worker.ts)
  const release = app.work?.hold() ?? (() => undefined);
  callOf(res)?.sent(200);
  res.statusCode = 200;
  res.setHeader('Content-Type', envelope.contentType);
  const batches = list.batches();
  let first = true;
  let over = false;
  const stop = (commit: boolean) => {
    if (over) return;
    over = true;
    if (!commit) batches.return(undefined);
    release();
  };
  res.once('close', () => stop(false));
  const pump = (): void => {
    for (;;) {
      let text: string;
      try {
        const next = batches.next();
        if (next.done) {
          stop(true);
          res.end(envelope.tail);
          return;
        }
        text = next.value.map(envelope.element).join(envelope.separator);
      } catch (e) {
        log('error', 'odoo.http', `Exception while streaming an answer: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        stop(false);
        res.destroy();
        return;
      }
      const chunk = first ? envelope.head + text : envelope.separator + text;
      first = false;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
  return true;
}

export { StreamedList };
