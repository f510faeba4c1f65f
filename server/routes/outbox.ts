/**
 * The emulator's outbox — NOT an Odoo route. Every email the server produces is a mail.mail row
 * (kept even after sending, unlike Odoo's auto-delete); these read-only pages let people and
 * test scripts read them without SMTP (portal.md §6.4):
 *
 *   GET /emulator/outbox                 HTML list, newest first, each body viewable
 *   GET /emulator/outbox/<id>            one mail, its body in a sandboxed frame
 *   GET /emulator/outbox.json            JSON list; filters: to=<email> (substring of email_to or
 *                                        of a recipient partner's email, case-insensitive),
 *                                        subject=<text>, limit=N (default 50)
 *   GET /emulator/outbox/<id>/attachments/<attachment id>
 *                                        a file attached to the mail (the PDF of a quotation or
 *                                        invoice), as a download
 *
 * Each mail lists its attachments (those of its message, as Odoo sends them): name, mimetype,
 * size in bytes and the download link above.
 *
 * Notification emails (followers, assignments) address partners (recipient_ids) rather than
 * email_to, as in Odoo: each mail lists them in `recipients` ("Name" <email>).
 *
 * Database: ?db=<name>, else the session's database, else the only one. No authentication: this
 * is a test fake; it never writes anything.
 */
import type { Express, Request, Response } from 'express';
import { makeCtx, notFound, type App } from '../http';
import { filteredDbs } from '../../rpc/service/dispatch';
import { renderPage } from '../web/render';
import type { Database } from '../../models/database';
import type { AnyModel } from '../../models/orm/model';
import { contentDisposition } from '../web/portal_docs';

export interface OutboxLink {
  url: string;
  text: string;
  token: string | null;
  db: string | null;
  login: string | null;
  redirect: string | null;
}

export interface OutboxAttachment {
  id: number;
  name: string;
  mimetype: string | null;
  /** Size in bytes. */
  size: number;
  /** Download link (this outbox's route; ?db= kept when given). */
  url: string;
}

export interface OutboxMail {
  id: number;
  create_date: string;
  state: string;
  email_from: string | null;
  email_to: string | null;
  /** Recipient partners (recipient_ids) as "Name" <email>. */
  recipients: string[];
  email_cc: string | null;
  subject: string | null;
  body_html: string;
  body_text: string;
  model: string | null;
  res_id: number | null;
  message_type: string | null;
  template_xmlid: string | null;
  auto_delete: boolean;
  failure_type: string | null;
  failure_reason: string | null;
  links: OutboxLink[];
  attachments: OutboxAttachment[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e: string) => {
    if (e in ENTITIES) return ENTITIES[e];
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return m;
  });
}

/** A plain-text rendering of an HTML body (for assertions): tags stripped, blocks on lines. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table)>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n').map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim()).filter(Boolean).join('\n');
}

/** Links of a body, with the auth_signup query params parsed out. */
export function parseLinks(html: string): OutboxLink[] {
  const out: OutboxLink[] = [];
  const re = /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const url = decodeEntities(m[2] ?? m[3] ?? '');
    let q: URLSearchParams | null = null;
    try {
      q = new URL(url, 'http://localhost').searchParams;
    } catch {
      q = null;
    }
    out.push({
      url,
      text: htmlToText(m[4]),
      token: q?.get('token') ?? q?.get('auth_signup_token') ?? null,
      db: q?.get('db') ?? null,
      login: q?.get('login') ?? q?.get('auth_login') ?? q?.get('signup_email') ?? null,
      redirect: q?.get('redirect') ?? null,
    });
  }
  return out;
}

interface MailRow {
  id: number; mail_message_id: number; create_date: string | null; state: string | null; body_html: string | null; email_to: string | null;
  email_cc: string | null; auto_delete: number | null; failure_type: string | null; failure_reason: string | null;
  template_xmlid: string | null; subject: string | null; email_from: string | null; model: string | null;
  res_id: number | null; message_type: string | null;
}

/** The files of the mails' messages (message_attachment_rel), by mail id. */
function mailAttachments(db: Database, rows: MailRow[], dbq: string): Map<number, OutboxAttachment[]> {
  const out = new Map<number, OutboxAttachment[]>();
  const byMessage = new Map<number, number[]>();
  for (const r of rows) byMessage.set(r.mail_message_id, [...(byMessage.get(r.mail_message_id) ?? []), r.id]);
  if (!rows.length || !db.registry.has('ir.attachment')) return out;
  const found = db.cr.all<{ message_id: number; id: number; name: string; mimetype: string | null; file_size: number | null }>(
    `SELECT r.message_id, a.id, a.name, a.mimetype, a.file_size FROM message_attachment_rel r JOIN ir_attachment a ON a.id = r.attachment_id
      WHERE r.message_id IN (${[...byMessage.keys()].map(() => '?').join(',')}) ORDER BY a.id`, [...byMessage.keys()]);
  for (const a of found) {
    for (const mailId of byMessage.get(a.message_id) ?? []) {
      out.set(mailId, [...(out.get(mailId) ?? []), {
        id: a.id, name: a.name, mimetype: a.mimetype, size: a.file_size ?? 0, url: `/emulator/outbox/${mailId}/attachments/${a.id}${dbq}`,
      }]);
    }
  }
  return out;
}

/** The mails of a database, newest first. `dbq` is appended to the attachments' links (?db=…). */
export function listMails(db: Database, filters: { to?: string | null; subject?: string | null; limit?: number | null; id?: number | null } = {}, dbq = ''): OutboxMail[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.to) {
    where.push(`(LOWER(mm.email_to) LIKE ? OR EXISTS (SELECT 1 FROM mail_mail_res_partner_rel r JOIN res_partner p ON p.id = r.res_partner_id
                                                    WHERE r.mail_mail_id = mm.id AND LOWER(p.email) LIKE ?))`);
    params.push(`%${filters.to.toLowerCase()}%`, `%${filters.to.toLowerCase()}%`);
  }
  if (filters.subject) { where.push('LOWER(msg.subject) LIKE ?'); params.push(`%${filters.subject.toLowerCase()}%`); }
  if (filters.id) { where.push('mm.id = ?'); params.push(filters.id); }
  const limit = filters.limit && filters.limit > 0 ? Math.min(filters.limit, 1000) : 50;
  const rows = db.cr.all<MailRow>(
    `SELECT mm.id, mm.mail_message_id, mm.create_date, mm.state, mm.body_html, mm.email_to, mm.email_cc, mm.auto_delete, mm.failure_type,
            mm.failure_reason, mm.template_xmlid, msg.subject, msg.email_from, msg.model, msg.res_id, msg.message_type
       FROM mail_mail mm JOIN mail_message msg ON msg.id = mm.mail_message_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY mm.id DESC LIMIT ${limit}`, params as never[]);
  const recipients = new Map<number, string[]>();
  if (rows.length) {
    for (const r of db.cr.all<{ mail_mail_id: number; name: string | null; email: string | null }>(
      `SELECT r.mail_mail_id, p.name, p.email FROM mail_mail_res_partner_rel r JOIN res_partner p ON p.id = r.res_partner_id
        WHERE r.mail_mail_id IN (${rows.map(() => '?').join(',')}) ORDER BY p.id`, rows.map((r) => r.id))) {
      if (!r.email) continue;
      recipients.set(r.mail_mail_id, [...(recipients.get(r.mail_mail_id) ?? []), `"${r.name ?? ''}" <${r.email}>`]);
    }
  }
  const attachments = mailAttachments(db, rows, dbq);
  return rows.map((r) => {
    const body = r.body_html ?? '';
    return {
      id: r.id,
      create_date: r.create_date ?? '',
      state: r.state ?? 'outgoing',
      email_from: r.email_from,
      email_to: r.email_to,
      recipients: recipients.get(r.id) ?? [],
      email_cc: r.email_cc,
      subject: r.subject,
      body_html: body,
      body_text: htmlToText(body),
      model: r.model,
      res_id: r.res_id,
      message_type: r.message_type,
      template_xmlid: r.template_xmlid,
      auto_delete: !!r.auto_delete,
      failure_type: r.failure_type,
      failure_reason: r.failure_reason,
      links: parseLinks(body),
      attachments: attachments.get(r.id) ?? [],
    };
  });
}

/** ?db=, else the session's database, else the only one. */
function outboxDb(app: App, req: Request, res: Response): Database | null {
  const wanted = typeof req.query.db === 'string' ? req.query.db : null;
  const allowed = filteredDbs({ dbm: app.dbm, config: app.config }, req.headers.host ?? '');
  if (wanted) return allowed.includes(wanted) ? app.dbm.get(wanted) : null;
  const ctx = makeCtx(app, req, res);
  return ctx.db;
}

function noDb(res: Response, json: boolean): void {
  const msg = 'No database selected: pass ?db=<name>.';
  if (json) res.status(404).type('application/json; charset=utf-8').send(JSON.stringify({ error: msg }));
  else notFound(res);
}

/** ?db=<name> of the request, to keep in links. */
function dbQuery(req: Request): string {
  return typeof req.query.db === 'string' ? `?db=${encodeURIComponent(req.query.db)}` : '';
}

function intParam(v: unknown): number | null {
  return typeof v === 'string' && /^\d+$/.test(v) ? parseInt(v, 10) : null;
}

export function registerOutboxRoutes(server: Express, app: App): void {
  server.get('/emulator/outbox.json', (req, res) => {
    const db = outboxDb(app, req, res);
    if (!db) { noDb(res, true); return; }
    const mails = listMails(db, {
      to: typeof req.query.to === 'string' ? req.query.to : null,
      subject: typeof req.query.subject === 'string' ? req.query.subject : null,
      limit: intParam(req.query.limit),
    }, dbQuery(req));
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).type('application/json; charset=utf-8').send(JSON.stringify(mails));
  });

  server.get('/emulator/outbox', (req, res) => {
    const db = outboxDb(app, req, res);
    if (!db) { noDb(res, false); return; }
    const to = typeof req.query.to === 'string' ? req.query.to : '';
    const dbq = dbQuery(req);
    const mails = listMails(db, { to, limit: intParam(req.query.limit) ?? 200 }, dbq);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).type('text/html; charset=utf-8').send(renderPage('outbox', {
      title: 'Outbox', db: db.name, dbq, to, mails, count: mails.length,
    }, 'plain'));
  });

  server.get('/emulator/outbox/:id', (req, res) => {
    const db = outboxDb(app, req, res);
    const id = intParam(req.params.id);
    if (!db || !id) { noDb(res, false); return; }
    const dbq = dbQuery(req);
    const [mail] = listMails(db, { id, limit: 1 }, dbq);
    if (!mail) { notFound(res); return; }
    // the body is shown in a sandboxed frame (no scripts, no same-origin); links open in the tab
    const srcdoc = `<!doctype html><html><head><meta charset="utf-8"><base target="_top"></head><body>${mail.body_html}</body></html>`;
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).type('text/html; charset=utf-8').send(renderPage('outbox_mail', {
      title: mail.subject ?? 'Mail', db: db.name, dbq, mail, srcdoc,
    }, 'plain'));
  });

  server.get('/emulator/outbox/:id/attachments/:attachment', (req, res) => {
    const db = outboxDb(app, req, res);
    const id = intParam(req.params.id);
    const attachmentId = intParam(req.params.attachment);
    if (!db || !id || !attachmentId) { noDb(res, false); return; }
    const [mail] = listMails(db, { id, limit: 1 });
    // only a file of that mail: the outbox never serves other attachments
    if (!mail || !mail.attachments.some((a) => a.id === attachmentId)) { notFound(res); return; }
    const att = db.env(1).model('ir.attachment').browse([attachmentId]) as AnyModel;
    const content = (att._rawValues() as Map<number, Buffer>).get(attachmentId) ?? Buffer.alloc(0);
    const info = mail.attachments.find((a) => a.id === attachmentId)!;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', info.mimetype || 'application/octet-stream');
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('Content-Disposition', contentDisposition(info.name));
    res.status(200).end(content);
  });
}
