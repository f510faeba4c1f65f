/**
 * Who may use the emulator's own routes (/emulator/...: the outbox, which shows signup and reset
 * tokens, and the control routes that reset data, move the clock or inject faults): a request
 * that reached a loopback address from a loopback address, without proxy headers, or any
 * request carrying the master password in the `X-Odoo-Master-Password` header. With
 * `--no-control-routes` none of them exist.
 */
import type { Request } from 'express';
import { masterPasswordOk } from '../../rpc/service/dispatch';
import type { App } from '../http';

export const MASTER_PASSWORD_HEADER = 'x-odoo-master-password';

export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** A proxy in front of the server forwards other machines' requests from a loopback address. */
function proxied(req: Request): boolean {
  return req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
}

export function controlAllowed(app: App, req: Request): boolean {
  const local = isLoopback(req.socket.localAddress) && isLoopback(req.socket.remoteAddress) && !proxied(req);
  if (local) return true;
  const given = req.headers[MASTER_PASSWORD_HEADER];
  return typeof given === 'string' && masterPasswordOk(app.config, given);
}
