/**
 * Notification of a message's recipients (mail.thread._notify_thread and what it calls): the
 * followers subscribed to the message's subtype plus the given partners, minus the author;
 * inbox users get a mail.notification, the others an email (mail.mail, one per recipient group,
 * rendered in the notification layout) with an email notification each.
 */
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { RecipientData } from './mail_followers';
import { mailUser, userPartnerId } from './mail_message';
import { baseUrl, renderMailView } from './mail_render';
import { escapeAttr, isHtmlEmpty } from './html';

/** Keyword arguments notification methods accept (_get_notify_valid_parameters). */
export const NOTIFY_PARAMETERS = new Set([
  'force_email_company', 'force_email_lang', 'force_send', 'mail_auto_delete', 'model_description', 'notify_author',
  'resend_existing', 'scheduled_date', 'send_after_commit', 'skip_existing', 'subtitles',
]);

/** Emails per mail.mail (ir.config_parameter mail.batch_size, 50 by default). */
const BATCH_SIZE = 50;

/** Recipients of a message (_notify_get_recipients): never the author, never archived partners. */
export function notifyRecipients(record: BaseModel, message: BaseModel, msgValues: Vals, kwargs: Record<string, unknown>): RecipientData[] {
  // the stored message is read only for what the given values lack (message_post gives them all)
  let stored: Vals | undefined;
  const msg = (f: string) => (stored ??= message.sudo()._values(['partner_ids', 'message_type', 'subtype_id', 'author_id']).get(message.ids[0]) ?? {})[f];
  const pids = (msgValues.partner_ids ?? msg('partner_ids') ?? []) as number[];
  const messageType = String(msgValues.message_type ?? msg('message_type'));
  const subtypeId = (msgValues.subtype_id ?? msg('subtype_id') ?? false) as number | false;
  const all = record.env.model('mail.followers')._recipientData(record.ids.length ? record : null, messageType, subtypeId, pids) as RecipientData[];
  let realAuthor: number | false = false;
  if (!(kwargs.notify_author || record.env.context.mail_notify_author)) {
    realAuthor = mailUser(record)?.active ? userPartnerId(record) : ((msgValues.author_id ?? msg('author_id')) as number | false);
  }
  let out = all.filter((r) => !(realAuthor && r.id === realAuthor) && r.active);
  if (kwargs.skip_existing && out.length) {
    const existing = new Set(record.env.cr.raw(`SELECT res_partner_id FROM mail_notification WHERE mail_message_id = ?`, [message.ids[0]]).map((r) => r[0] as number));
    out = out.filter((r) => !existing.has(r.id));
  }
  return out;
}

/** _notify_thread: inbox notifications, then emails. Returns the recipients data. */
export function notifyThread(record: BaseModel, message: BaseModel, msgValues: Vals, kwargs: Record<string, unknown>): RecipientData[] {
  const recipients = notifyRecipients(record, message, msgValues, kwargs);
  if (!recipients.length) return recipients;
  notifyByInbox(record, message, recipients);
  notifyByEmail(record, message, msgValues, recipients, kwargs);
  return recipients;
}

function notifyByInbox(record: BaseModel, message: BaseModel, recipients: RecipientData[]): void {
  const inbox = recipients.filter((r) => r.notif === 'inbox');
  if (!inbox.length) return;
  const authorId = message.sudo().get('author_id');
  record.env.model('mail.notification').sudo()._create(inbox.map((r) => ({
    author_id: authorId, mail_message_id: message.ids[0], notification_status: 'sent', notification_type: 'inbox', res_partner_id: r.id,
  })));
}

interface RecipientGroup { name: string; hasButtonAccess: boolean; recipients: number[] }

/**
 * Recipient groups (_notify_get_recipients_groups): internal users get the "View" button on
 * thread messages; portal users, followers and customers fall in the customer group (portal and
 * follower groups are off unless a model turns them on).
 */
function classify(record: BaseModel, msgValues: Vals, recipients: RecipientData[]): RecipientGroup[] {
  const isThread = !!(msgValues.model ?? record._name) && !!(msgValues.res_id ?? record.ids[0]) && (msgValues.model ?? record._name) !== 'mail.thread';
  const groups: Array<{ name: string; active: boolean; hasButtonAccess: boolean; match: (r: RecipientData) => boolean; recipients: number[] }> = [
    { name: 'user', active: true, hasButtonAccess: isThread, match: (r) => r.type === 'user', recipients: [] },
    { name: 'portal', active: false, hasButtonAccess: false, match: (r) => r.type === 'portal', recipients: [] },
    { name: 'follower', active: false, hasButtonAccess: false, match: (r) => r.is_follower, recipients: [] },
    { name: 'customer', active: true, hasButtonAccess: false, match: () => true, recipients: [] },
  ];
  for (const r of recipients) {
    const g = groups.find((x) => x.active && x.match(r));
    g?.recipients.push(r.id);
  }
  return groups.filter((g) => g.recipients.length).map((g) => ({ name: g.name, hasButtonAccess: g.hasButtonAccess, recipients: g.recipients }));
}

function notifyByEmail(record: BaseModel, message: BaseModel, msgValues: Vals, recipients: RecipientData[], kwargs: Record<string, unknown>): void {
  const partners = recipients.filter((r) => r.notif === 'email');
  if (!partners.length) return;
  const env = record.env;
  const msg = message.sudo()._values(['subject', 'record_name', 'message_id', 'parent_id', 'author_id', 'body', 'subtype_id', 'email_layout_xmlid', 'email_add_signature', 'model', 'res_id']).get(message.ids[0])!;
  // subject: the message's, else the record's name
  let subject = (msg.subject as string | false) || (record.ids.length ? record.sudo()._displayNames().get(record.ids[0]) : false) || (msg.record_name as string | false);
  if (subject) subject = subject.split(/\r?\n/).join(' ');
  const parentMessageId = msg.parent_id ? env.model('mail.message').sudo().browse([msg.parent_id as number]).get('message_id') : false;
  const base: Vals = {
    mail_message_id: message.ids[0],
    references: parentMessageId ? `${parentMessageId} ${msg.message_id}` : msg.message_id,
    auto_delete: kwargs.mail_auto_delete ?? true,
    is_notification: true,
  };
  if (subject !== msg.subject) base.subject = subject;
  const rendering = renderingValues(record, message, msgValues, kwargs);
  const Mail = env.model('mail.mail').sudo().withContext({});
  const notifications: Vals[] = [];
  const mailIds: number[] = [];
  for (const group of classify(record, msgValues, partners)) {
    const bodyHtml = renderLayout(rendering, group);
    for (let i = 0; i < group.recipients.length; i += BATCH_SIZE) {
      const chunk = group.recipients.slice(i, i + BATCH_SIZE);
      const mail = Mail.create({ ...base, recipient_ids: chunk.map((p) => [4, p]), body_html: bodyHtml });
      mailIds.push(mail.ids[0]);
      for (const pid of chunk) {
        notifications.push({
          author_id: msg.author_id, is_read: true, mail_mail_id: mail.ids[0], mail_message_id: message.ids[0],
          notification_status: 'ready', notification_type: 'email', res_partner_id: pid,
        });
      }
    }
  }
  if (notifications.length) env.model('mail.notification').sudo().withContext({}).create(notifications);
  // emails go out at once (after commit with SMTP) unless asked otherwise or too many (100)
  const forceSend = env.context.mail_notify_force_send ?? kwargs.force_send ?? true;
  if (forceSend && mailIds.length < 100) (Mail.browse(mailIds) as AnyModel).send();
}

interface Rendering {
  lang: string; recordName: string; modelDescription: string; bodyHtml: string; signature: string;
  subtypeInternal: boolean; isDiscussion: boolean; tracking: Array<{ field: string; old: string; new: string }>;
  company: { name: string; phone: string; email: string; website: string }; viewUrl: string; subtitles: string[];
}

/** Values of the notification layout (_notify_by_email_prepare_rendering_context). */
function renderingValues(record: BaseModel, message: BaseModel, msgValues: Vals, kwargs: Record<string, unknown>): Rendering {
  const env = record.env;
  const msg = message.sudo()._values(['body', 'record_name', 'subtype_id', 'author_id', 'email_add_signature', 'model', 'res_id']).get(message.ids[0])!;
  const model = String(msgValues.model ?? msg.model ?? record._name);
  const resId = (msgValues.res_id ?? msg.res_id ?? record.ids[0] ?? false) as number | false;
  const modelDescription = String(kwargs.model_description || (env.has(model) ? env.model(model).cls._description : '') || '');
  let signature = '';
  const addSignature = 'email_add_signature' in msgValues ? !!msgValues.email_add_signature : !!msg.email_add_signature;
  if (addSignature && msg.author_id) {
    const authorUser = env.cr.get<{ signature: string | null }>('SELECT signature FROM res_users WHERE partner_id = ? ORDER BY share ASC, id ASC LIMIT 1', [msg.author_id as number]);
    if (authorUser) signature = authorUser.signature ?? '';
    else {
      const name = env.model('res.partner').sudo().browse([msg.author_id as number]).get('name');
      if (name) signature = `<p>-- <br/>${escapeAttr(String(name))}</p>`;
    }
  }
  const companyId = typeof (kwargs.force_email_company) === 'number' ? kwargs.force_email_company as number
    : record.ids.length && (record as AnyModel)._mailCompanyId ? (record as AnyModel)._mailCompanyId() : env.companyInfo().companyId;
  const company = companyId ? env.model('res.company').sudo().browse([companyId]) : null;
  const partnerOf = company ? company.rel('partner_id') : null;
  const cv = partnerOf && partnerOf.ids.length ? partnerOf._values(['name', 'phone', 'email', 'website']).get(partnerOf.ids[0]) ?? {} : {};
  const subtype = msg.subtype_id ? env.model('mail.message.subtype').sudo().browse([msg.subtype_id as number])._values(['internal']).get(msg.subtype_id as number) : null;
  const tracking = env.model('mail.tracking.value').sudo()._searchIds([['mail_message_id', '=', message.ids[0]]]) as number[];
  const trackingRows = tracking.length ? env.model('mail.tracking.value').sudo().browse(tracking).read(['field_id', 'old_value_char', 'new_value_char', 'old_value_integer', 'new_value_integer', 'old_value_float', 'new_value_float', 'old_value_datetime', 'new_value_datetime', 'old_value_text', 'new_value_text'], '_classic_read') : [];
  const recordName = String(msgValues.record_name ?? msg.record_name ?? '') || '';
  const base = baseUrl(record);
  return {
    lang: String(env.context.lang ?? 'en_US'),
    recordName,
    modelDescription,
    bodyHtml: String(msg.body ?? ''),
    signature: isHtmlEmpty(signature) ? '' : signature,
    subtypeInternal: !!subtype?.internal,
    isDiscussion: msg.subtype_id === env.xmlidLookup('mail.mt_comment')?.[1],
    tracking: trackingRows.reverse().map((t: Vals) => ({ field: Array.isArray(t.field_id) ? String(t.field_id[1]).replace(/ \([^)]*\)$/, '') : '', old: trackingDisplay(t, 'old'), new: trackingDisplay(t, 'new') })),
    company: { name: String(cv.name || ''), phone: String(cv.phone || ''), email: String(cv.email || ''), website: String(cv.website || '') },
    viewUrl: `${base.replace(/\/$/, '')}/mail/view?model=${encodeURIComponent(model)}&res_id=${resId || ''}`,
    subtitles: Array.isArray(kwargs.subtitles) ? (kwargs.subtitles as unknown[]).map(String) : [],
  };
}

function trackingDisplay(t: Vals, side: 'old' | 'new'): string {
  for (const col of ['char', 'text', 'datetime']) {
    const v = t[`${side}_value_${col}`];
    if (v) return String(v);
  }
  const i = t[`${side}_value_integer`];
  if (i) return String(i);
  const f = t[`${side}_value_float`];
  return f ? String(f) : '';
}

/** The whole notification email body for one recipient group (mail.mail_notification_layout). */
function renderLayout(r: Rendering, group: RecipientGroup): string {
  return renderMailView('mail_notification_layout', {
    lang: r.lang,
    has_button_access: group.hasButtonAccess,
    // pre-escaped: handlebars would also escape '=' (QWeb's t-att-href does not)
    button_url: escapeAttr(r.viewUrl),
    button_title: r.modelDescription ? `View ${r.modelDescription}` : 'View',
    show_header: group.hasButtonAccess || r.subtitles.length > 0 || !r.isDiscussion,
    subtitles: r.subtitles.map((s, i) => ({ text: s, first: i === 0, last: i === r.subtitles.length - 1 })),
    record_name: r.recordName,
    subtype_internal: r.subtypeInternal,
    body: r.bodyHtml,
    tracking_values: r.tracking,
    signature: r.signature,
    company: r.company,
  });
}
