/**
 * mail's extensions of contacts and users (mail/models/res_partner.py, res_users.py,
 * mail_thread_blacklist.py): partners get a chatter, activities and field tracking; users get
 * their notification preference, a note on their partner when portal access changes, and the
 * "Security Update" mails.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import { nowUtc } from '../orm/fields';
import { normalizeEmail } from '../base/res_partner';
import { absoluteLinks, baseUrl, renderTemplate } from './mail_render';
import { mailActive } from './mail_thread';

/** mail.thread.blacklist: the normalized email and the bounce counter (no blacklist model here). */
export const mailThreadBlacklist: ModelDecl = {
  _name: 'mail.thread.blacklist',
  _description: 'Mail Blacklist mixin',
  _abstract: true,
  _inherit: ['mail.thread'],
  fields: {
    email_normalized: { type: 'char', string: 'Normalized Email', compute: '_compute_email_normalized', store: true, index: 'trigram', depends: ['email'], help: 'This field is used to search on email address as the primary email field can contain more than strictly an email address.' },
    is_blacklisted: { type: 'boolean', string: 'Blacklist', compute: '_compute_is_blacklisted', search: '_search_is_blacklisted', compute_sudo: true, groups: 'base.group_user', help: 'If the email address is on the blacklist, the contact won\'t receive mass mailing anymore, from any list' },
    message_bounce: { type: 'integer', string: 'Bounce', help: 'Counter of the number of bounced emails for this contact', default: 0 },
  },
  methods: (Base) => class extends Base {
    _compute_email_normalized(): Map<number, unknown> {
      const vals = this._values(['email']);
      return new Map(this.ids.map((id) => {
        const email = vals.get(id)?.email;
        return [id, email ? normalizeEmail(String(email)) || false : false];
      }));
    }
    /** No mail.blacklist model in the emulator: nobody is blacklisted. */
    _compute_is_blacklisted(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, false]));
    }
    _search_is_blacklisted(operator: string, value: unknown): unknown[] {
      const positive = (operator === '=' && !!value) || (operator === '!=' && !value);
      return positive ? [[0, '=', 1]] : [[1, '=', 1]];
    }
  },
};

export const partnerMail: ModelDecl = {
  _inherit: ['res.partner', 'mail.activity.mixin', 'mail.thread.blacklist'],
  fields: {
    name: { type: 'char', tracking: 1 },
    email: { type: 'char', tracking: 1 },
    phone: { type: 'char', tracking: 2 },
    parent_id: { type: 'many2one', tracking: 3 },
    user_id: { type: 'many2one', tracking: 4 },
    vat: { type: 'char', tracking: 5 },
    contact_address_inline: { type: 'char', string: 'Inlined Complete Address', compute: '_compute_contact_address_inline', tracking: true, depends: ['contact_address'] },
    starred_message_ids: { type: 'many2many', comodel: 'mail.message', relation: 'mail_message_res_partner_starred_rel', column1: 'res_partner_id', column2: 'mail_message_id', string: 'Starred Message' },
  },
  methods: (Base) => class extends Base {
    /** Partners thread their messages (no automatic parent). */
    static _mail_flat_thread = false;

    /** The address on one line (_compute_contact_address_inline): line breaks become commas. */
    _compute_contact_address_inline(): Map<number, unknown> {
      const vals = this._values(['contact_address']);
      return new Map(this.ids.map((id) => {
        // Python: re.sub(r'\n(\s|\n)*', ', ', address).strip().strip(',')
        const inline = String(vals.get(id)?.contact_address || '').replace(/\n(\s|\n)*/g, ', ').trim().replace(/^,+|,+$/g, '');
        return [id, inline];
      }));
    }

    /** OdooBot's status is "bot" (mail's _compute_im_status). */
    _compute_im_status(): Map<number, unknown> {
      const out = (Base.prototype as AnyModel)._compute_im_status.call(this) as Map<number, unknown>;
      const bot = this.env.xmlidLookup('base.partner_root')?.[1];
      if (bot !== undefined && out.has(bot)) out.set(bot, 'bot');
      return out;
    }

    /**
     * The chatter's description of partners (mail_partner_format): its main user (the first
     * internal one, archived included, else the first portal one), e-mail hidden from
     * non-internal callers.
     */
    mail_partner_format(): Map<number, Vals> {
      const internalCaller = this.env.hasGroup('base.group_user');
      const vals = this._values(['name', 'email', 'active', 'im_status', 'is_company', 'write_date']);
      const Users = this.env.model('res.users').sudo().withContext({ active_test: false });
      const out = new Map<number, Vals>();
      for (const id of this.ids) {
        const v = vals.get(id);
        if (!v) continue;
        const users = Users.browse(Users._searchIds([['partner_id', '=', id]]))._values(['share']);
        const ordered = [...users.entries()];
        const main = ordered.find(([, u]) => !u.share) ?? ordered[0];
        const data: Vals = {
          id, name: v.name, email: v.email, active: v.active, im_status: v.im_status, is_company: v.is_company,
          write_date: v.write_date, user: main ? { id: main[0], isInternalUser: !main[1].share } : false,
        };
        if (!internalCaller) delete data.email;
        data.type = 'partner';
        out.set(id, data);
      }
      return out;
    }

    /** Number of unread inbox notifications of the partner (_get_needaction_count). */
    _get_needaction_count(): number {
      const row = this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM mail_notification WHERE res_partner_id = ? AND (is_read = 0 OR is_read IS NULL)', [this.ensureOne().ids[0]]);
      return row?.n ?? 0;
    }
  },
};

/**
 * mail's res.users: the notification preference, a note on the partner when portal access is
 * granted or revoked (res_users.create/write), and the queued "Security Update: ..." mails when
 * an existing user's password, login or email is written (_notify_security_setting_update).
 */
export const usersMail: ModelDecl = {
  _inherit: 'res.users',
  fields: {
    // "Handle in Odoo" is membership of mail.group_mail_notification_type_inbox (never for share users)
    notification_type: {
      type: 'selection', string: 'Notification', required: true, default: 'email',
      compute: '_compute_notification_type', inverse: '_inverse_notification_type', store: true, depends: ['groups_id', 'share'],
      selection: [['email', 'Handle by Emails'], ['inbox', 'Handle in Odoo']],
      help: 'Policy on how to handle Chatter notifications:\n- Handle by Emails: notifications are sent to your email address\n- Handle in Odoo: notifications appear in your Odoo Inbox',
    },
  },
  methods: (Base) => class extends Base {
    _compute_notification_type(): Map<number, unknown> {
      const inbox = this.env.xmlidLookup('mail.group_mail_notification_type_inbox')?.[1];
      const vals = this.withContext({ active_test: false })._values(['share']);
      return new Map(this.ids.map((id) => [id, inbox && !vals.get(id)?.share && this.env.userGroupIds(id).has(inbox) ? 'inbox' : 'email']));
    }
    _inverse_notification_type(_f: Field, value: unknown): void {
      const inbox = this.env.xmlidLookup('mail.group_mail_notification_type_inbox')?.[1];
      if (!inbox) return;
      this.sudo()._write({ groups_id: [[value === 'inbox' ? 4 : 3, inbox]] });
    }

    /**
     * Portal access changes (res.users create/write in mail): groups are written through
     * groups_id, also when a user is created, so one hook covers both.
     */
    _afterMany2manyWrite(f: Field, before: Map<number, number[]>): void {
      super._afterMany2manyWrite(f, before);
      if (f.name !== 'groups_id' || !mailActive(this) || this.env.context.mail_create_nolog || this.env.context.mail_notrack) return;
      const portal = this.env.xmlidLookup('base.group_portal')?.[1];
      if (!portal) return;
      for (const uid of this.ids) {
        const was = (before.get(uid) ?? []).includes(portal);
        const now = this.env.hasGroup('base.group_portal', uid);
        if (was !== now) (this.browse([uid]) as AnyModel)._logPortalAccess(now);
      }
    }

    /** "Portal Access Granted (email)" / "... Revoked" note on the user's partner. */
    _logPortalAccess(granted: boolean): void {
      const user = this.sudo().withContext({ active_test: false });
      const partner = this.env.model('res.partner').sudo().withContext({ active_test: false }).browse([user.get('partner_id') as number]) as AnyModel;
      const email = partner.get('email');
      const label = granted ? 'Portal Access Granted' : 'Portal Access Revoked';
      partner.message_post({ body: email ? `${label} (${email})` : label, message_type: 'notification', subtype_xmlid: 'mail.mt_note' });
    }

    _write(vals: Vals): void {
      const notify = !this.env.context.install_mode;
      const previousEmails = notify && 'email' in vals
        ? new Map([...this.sudo().withContext({ active_test: false })._values(['email']).entries()].map(([id, v]) => [id, v.email as string | false]))
        : new Map<number, string | false>();
      super._write(vals);
      if (!notify) return;
      if ('login' in vals) this._notifySecurityUpdate('Security Update: Login Changed', 'Your account login has been updated');
      if (vals.password) this._notifySecurityUpdate('Security Update: Password Changed', 'Your account password has been updated');
      if ('email' in vals) {
        for (const [id, old] of previousEmails) {
          if (!old || old === vals.email) continue;
          this.browse([id])._notifySecurityUpdate('Security Update: Email Changed',
            `Your account email has been changed from ${old} to ${vals.email}.`, old);
        }
      }
    }

    _notifySecurityUpdate(subject: string, content: string, emailTo?: string): void {
      for (const id of this.ids) {
        const user = this.sudo().withContext({ active_test: false }).browse([id]);
        const v = user._values(['email', 'name', 'company_id']).get(id);
        const to = emailTo ?? v?.email;
        if (!v || !to) continue;
        const company = this.env.model('res.company').sudo().browse([v.company_id as number]);
        const from = company.rel('partner_id').get('email_formatted') || user.rel('partner_id').get('email_formatted') || false;
        const body = renderTemplate('<div><p>Dear {{name}},</p><p>{{content}} ({{when}} UTC).</p>'
          + '<p>If you did not perform this action, please <a href="/web/reset_password">reset your password</a> right away and consider enabling two-factor authentication.</p></div>',
        { name: v.name, content, when: nowUtc(this.env.cr) });
        this.env.model('mail.mail').sudo().create({
          subject, email_from: from, email_to: to, body_html: absoluteLinks(body, baseUrl(this)), body,
          model: 'res.users', res_id: id, message_type: 'user_notification', auto_delete: false,
          template_xmlid: 'mail.account_security_setting_update',
        });
      }
    }

    /** _deactivate_portal_user (mail part): a note on the partner saying who deleted the account. */
    _deactivatePortalNote(actingUid: number): void {
      const actor = this.env.model('res.users').sudo().withContext({ active_test: false }).browse([actingUid]).get('name');
      for (const id of this.ids) {
        const partnerId = this.sudo().withContext({ active_test: false }).browse([id]).get('partner_id') as number;
        (this.env.model('res.partner').sudo().withContext({ active_test: false }).browse([partnerId]) as AnyModel)
          ._message_log({ body: `Archived because ${actor} (#${actingUid}) deleted the portal account` });
      }
    }
  },
};

