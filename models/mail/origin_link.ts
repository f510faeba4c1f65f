/**
 * The body of mail.message_origin_link (mail/data/mail_templates_chatter.xml), which Odoo 17
 * posts with message_post_with_source on a document made from others ("This journal entry has
 * been created from: S00001"): rendered HTML kept as Markup, with QWeb's whitespace as a real
 * Odoo 17 stores it (read on the reference server, issue 13).
 */
import type { BaseModel } from '../orm/model';
import { Markup, escapeText } from './html';

export interface OriginRef { model: string; id: number; displayName: string }

/** "This <model description, lower case> has been created from:" (or "modified"), one link per origin. */
export function originLinkBody(record: BaseModel, origins: OriginRef[], edit = false): Markup {
  const what = escapeText(record.cls._description.toLowerCase());
  const links = origins.map((o, i) => `                    <a href="#" data-oe-model="${o.model}" data-oe-id="${o.id}"> ${escapeText(o.displayName)}</a>`
    + `${i < origins.length - 1 ? '<span>, </span>' : ''}\n`).join('');
  return new Markup(`<p>\n                This ${what} has been ${edit ? 'modified' : 'created'} from:\n${links}            </p>`);
}
