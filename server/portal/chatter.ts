/**
 * The portal chatter (portal/controllers/mail.py, template portal.message_thread): the messages a
 * customer sees under a document — comments and e-mails, never internal notes or messages of
 * internal subtypes for portal and public users (mail.message _get_search_domain_share) — and
 * posting a message as the logged user, or, with the document's access_token, as the document's
 * customer for a visitor (_message_post_helper). JSON routes /mail/chatter_init,
 * /mail/chatter_fetch and /mail/chatter_post; the page renders the first messages itself
 * (views/portal/chatter.hbs) and views/static/emulator.js posts through chatter_post.
 */
import type { Express } from 'express';
import type { Database } from '../../models/database';
import type { AnyModel } from '../../models/orm/model';
import { AccessError, MissingError, PyTypeError } from '../../models/orm/exceptions';
import { checkAccessRights, checkAccessRule } from '../../models/orm/security';
import { Markup, escapeText } from '../../models/mail/html';
import { escapeHtml, jsonRoute, type App, type Ctx } from '../http';
import { moduleRouter } from '../modules';
import { datetimeText, requestUid } from '../web/portal_docs';

/** website_message_ids' domain (mail.thread) and the rest of portal_message_fetch's. */
function messageDomain(model: string, resId: number, share: boolean): unknown[] {
  const domain: unknown[] = [['model', '=', model], ['res_id', '=', resId], ['message_type', 'in', ['comment', 'email', 'email_outgoing']], ['body', '!=', '']];
  if (share) domain.push(['is_internal', '=', false], ['subtype_id', '!=', false], ['subtype_id.internal', '=', false]);
  return domain;
}

function isShareUser(db: Database, uid: number): boolean {
  return !db.env(1).hasGroup('base.group_user', uid);
}

export interface ChatterMessage { id: number; author: string; date: string; body: string; author_initial: string }

/** The document's portal messages, newest first (portal_message_fetch with its share filter). */
export function chatterMessages(db: Database, uid: number, model: string, resId: number, limit = 10, offset = 0): { messages: ChatterMessage[]; count: number } {
  const Message = db.env(1).model('mail.message');
  const domain = messageDomain(model, resId, isShareUser(db, uid));
  const ids = Message._searchIds(domain, { order: 'id desc', limit, offset }) as number[];
  const count = Message.search_count(domain) as number;
  const vals = Message.browse(ids)._values(['body', 'date', 'author_id', 'email_from']);
  const authors = db.env(1).model('res.partner').withContext({ active_test: false })
    .browse([...new Set([...vals.values()].map((v) => v.author_id).filter(Boolean))] as number[])._displayNames();
  const messages = ids.map((id) => {
    const v = vals.get(id)!;
    const author = v.author_id ? String(authors.get(v.author_id as number) || '') : String(v.email_from || '');
    return { id, author, date: datetimeText(db, uid, v.date), body: String(v.body ?? ''), author_initial: (author.trim()[0] ?? '?').toUpperCase() };
  });
  return { messages, count };
}

/** The values of views/portal/chatter.hbs for a document page. */
export function chatterValues(db: Database, uid: number, model: string, resId: number, token: string | null): Record<string, unknown> {
  const publicUid = db.env(1).refId('base.public_user');
  const { messages, count } = chatterMessages(db, uid, model, resId);
  return { res_model: model, res_id: resId, token: token ?? '', messages, message_count: count, display_composer: uid !== publicUid || !!token };
}

/** _check_special_access for a token: the document's access_token must match. */
function tokenMatches(record: AnyModel, token: unknown): boolean {
  const stored = record.get('access_token');
  return typeof token === 'string' && !!token && !!stored && stored === token;
}

/** plaintext2html: escaped text, line breaks as <br>, in a paragraph. */
function plaintext2html(text: string): Markup {
  return new Markup(`<p>${escapeText(text).replace(/\r?\n/g, '<br>')}</p>`);
}

/**
 * _message_post_helper: with the document's token anyone may post (a visitor as the document's
 * customer), else the user needs read access to the document. Returns the message id.
 */
export function portalPost(db: Database, uid: number, model: string, resId: number, body: Markup | string, token: unknown, extra: Record<string, unknown> = {}): number {
  const env = db.env(uid);
  const su = db.env(1).model(model).browse([resId]).exists() as AnyModel;
  const publicUid = db.env(1).refId('base.public_user');
  let record: AnyModel;
  let authorId = db.env(1).model('res.users').browse([uid]).get('partner_id') as number | false;
  if (token) {
    if (!su.ids.length || !tokenMatches(su, token)) throw new AccessError('Forbidden');
    record = env.model(model).sudo().browse([resId]) as AnyModel;
    if (uid === publicUid && record.cls._fields.partner_id && su.get('partner_id')) authorId = su.get('partner_id') as number;
  } else {
    record = env.model(model).browse([resId]) as AnyModel;
    checkAccessRights(record, 'read');
    checkAccessRule(record, 'read');
  }
  const emailFrom = authorId ? db.env(1).model('res.partner').browse([authorId])._values(['email', 'email_formatted']).get(authorId) : undefined;
  const kwargs: Record<string, unknown> = { body, message_type: 'comment', subtype_xmlid: 'mail.mt_comment', author_id: authorId, ...extra };
  if (emailFrom?.email && !('email_from' in extra)) kwargs.email_from = emailFrom.email_formatted;
  return record.withContext({ ...record.env.context, mail_create_nosubscribe: true }).message_post(kwargs) as number;
}

function dbOf(ctx: Ctx): Database {
  if (!ctx.db) throw new PyTypeError("'NoneType' object is not subscriptable");
  return ctx.db;
}

export function registerPortalChatterRoutes(server: Express, app: App): void {
  const portal = moduleRouter(server, app, 'portal');
  portal.all('/mail/chatter_post', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const db = dbOf(ctx);
    for (const name of ['res_model', 'res_id', 'message']) {
      if (!(name in params)) throw new PyTypeError(`PortalChatter.portal_chatter_post() missing 1 required positional argument: '${name}'`);
    }
    const message = typeof params.message === 'string' ? params.message : '';
    if (!message) return null;
    const model = String(params.res_model);
    if (!db.registry.has(model)) throw new MissingError('This document does not exist.');
    const resId = Number(params.res_id);
    const uid = requestUid(ctx, db);
    return db.cr.transaction(() => {
      const id = portalPost(db, uid, model, resId, plaintext2html(message), params.token);
      return { default_message: message, default_message_id: id };
    });
  }));
  const fetch = (ctx: Ctx, params: Record<string, unknown>) => {
    const db = dbOf(ctx);
    const model = String(params.res_model ?? '');
    const resId = Number(params.res_id);
    if (!db.registry.has(model)) throw new MissingError('This document does not exist.');
    const uid = requestUid(ctx, db);
    if (params.token) {
      const su = db.env(1).model(model).browse([resId]).exists() as AnyModel;
      if (!su.ids.length || !tokenMatches(su, params.token)) throw new AccessError('Forbidden');
    } else {
      const rec = db.env(uid).model(model).browse([resId]);
      checkAccessRights(rec, 'read');
      checkAccessRule(rec, 'read');
    }
    const limit = typeof params.limit === 'number' ? params.limit : 10;
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    const { messages, count } = chatterMessages(db, uid, model, resId, limit, offset);
    return {
      messages: messages.map((m) => ({ id: m.id, body: m.body, published_date_str: m.date, author_id: [0, escapeHtml(m.author)] })),
      message_count: count,
    };
  };
  portal.all('/mail/chatter_fetch', jsonRoute(app, { auth: 'public' }, fetch));
  portal.all('/mail/chatter_init', jsonRoute(app, { auth: 'public' }, (ctx, params) => {
    const data = fetch(ctx, params);
    const db = dbOf(ctx);
    const uid = requestUid(ctx, db);
    const publicUid = db.env(1).refId('base.public_user');
    return {
      messages: data.messages,
      options: {
        message_count: data.message_count, is_user_public: uid === publicUid, is_user_employee: !isShareUser(db, uid), is_user_publisher: false,
        display_composer: params.allow_composer ? !!params.token || uid !== publicUid : false,
        partner_id: db.env(1).model('res.users').browse([uid]).get('partner_id'),
      },
    };
  }));
}
