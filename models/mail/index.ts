/**
 * The mail addon: messages and subtypes, followers, notifications, tracking values, the
 * mail.thread and mail.activity.mixin mixins, activities and activity types, outgoing mails
 * and templates, and mail's extensions of res.partner and res.users. See docs/mail.md.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel } from '../orm/model';
import { mailMessage, mailMessageSubtype } from './mail_message';
import { mailFollowers } from './mail_followers';
import { mailNotification, mailTrackingValue } from './mail_tracking_value';
import { mailThread, mailThreadMainAttachment, mailThreadCc } from './mail_thread';
import { mailActivity, mailActivityMixin, mailActivityType } from './mail_activity';
import { mailMail, mailTemplate } from './mail_mail';
import { mailThreadBlacklist, partnerMail, usersMail } from './res_partner';
import { Markup } from './html';
import { mailComposeMessage } from './composer';

export { setMailTransport, type MailTransport, type OutgoingEmail } from './mail_mail';
export { renderTemplate, renderInlineTemplate, baseUrl, absoluteLinks, renderMailView } from './mail_render';
export { MESSAGE_TYPES } from './mail_message';
export { Markup } from './html';

/**
 * Post a note or message on a record with a chatter (HTML body). Kept for callers written before
 * mail.thread existed; new code calls `record.message_post({...})` or `_message_log` directly.
 */
export function messagePost(record: BaseModel, body: string, opts: { subtypeXmlid?: string; messageType?: string; subject?: string } = {}): number {
  const rec = record as AnyModel;
  return rec.message_post({
    body: new Markup(body), subtype_xmlid: opts.subtypeXmlid ?? 'mail.mt_note',
    message_type: opts.messageType ?? 'notification', subject: opts.subject ?? null,
  }).ids[0];
}

export const mailModels: ModelDecl[] = [
  mailMessageSubtype, mailMessage, mailFollowers, mailNotification, mailTrackingValue,
  mailThread, mailThreadMainAttachment, mailThreadCc, mailThreadBlacklist, mailActivityType, mailActivity, mailActivityMixin,
  mailMail, mailTemplate, partnerMail, usersMail, mailComposeMessage,
];
