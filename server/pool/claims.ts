/**
 * Who gets a connection the primary handed to a worker that has not taken it yet. A worker
 * reads the primary's messages only between requests: a connection sent to it just before it
 * started a long request would wait in its message queue for that request to end, out of reach
 * of the watchdog, which hands over only the connections the worker holds (busy.ts).
 *
 * Each hand-over comes with a claim, an empty file in the run directory. The worker takes the
 * connection by removing the file; when the worker is reported stuck, the primary removes the
 * files of the connections it sent it and gives those it removed to other workers. Removing a
 * file succeeds for one of them only, so a connection is never read by two workers.
 */
import fs from 'fs';
import path from 'path';

export function claimsDir(runDir: string): string {
  return path.join(runDir, 'claims');
}

let next = 1;

/** The primary's side: a new claim for connection `id` (its token goes with the connection). */
export function issueClaim(dir: string, id: number): string {
  const token = `${id}-${next++}`;
  fs.writeFileSync(path.join(dir, token), '');
  return token;
}

/** Take a claim: true for the one caller that removed it. */
export function takeClaim(dir: string, token: string): boolean {
  try {
    fs.unlinkSync(path.join(dir, token));
    return true;
  } catch {
    return false;
  }
}
