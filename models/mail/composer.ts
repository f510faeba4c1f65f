/**
 * mail.compose.message, the "send by email" wizard (mail/wizard/mail_compose_message.py), in the
 * comment mode documents use: created with the document's action context (default_model,
 * default_res_ids, default_template_id), it renders the template's subject and body for the
 * record, addresses the record's customer and prepares the template's files (its attachments and
 * its reports rendered for the record: "Quotation - S00019.pdf"); action_send_mail posts it on
 * the record with those files (through mail.thread when the model has it) and sends it.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { absoluteLinks, baseUrl, renderInlineTemplate, renderTemplate } from './mail_render';
import { Markup } from './html';
import { checkAccessRights, checkAccessRule } from '../orm/security';
import { missingError } from '../tools/missing';

/** A mail.template rendered for one record: what the composer and message_post_with_source use. */
export interface RenderedTemplate { subject: string; body: string; email_from: string; partner_ids: number[]; lang: string }

/**
 * Render a template for a record (mail.template _generate_template): subject, sender, partner_to
 * and lang are Odoo inline templates, the body a handlebars template, all against the record's
 * `_mailRenderValues()` (else its fields), the current user and the context.
 */
export function renderTemplateFor(template: BaseModel, record: BaseModel): RenderedTemplate {
  const tid = template.ids[0];
  const tpl = template.sudo()._values(['subject', 'body_html', 'email_from', 'partner_to', 'lang']).get(tid) ?? {};
  const rec = record.sudo() as AnyModel;
  const values = typeof rec._mailRenderValues === 'function' ? rec._mailRenderValues() : { object: rec.read()[0] };
  const me = record.env.model('res.users').sudo().browse([record.env.uid]);
  const user = { id: record.env.uid, name: me.get('name'), email_formatted: me.rel('partner_id').get('email_formatted') };
  const ctxValues = { user, ...values, ctx: { ...record.env.context } };
  const inline = (text: unknown) => (text ? renderInlineTemplate(String(text), ctxValues) : '');
  return {
    subject: inline(tpl.subject),
    body: tpl.body_html ? renderTemplate(String(tpl.body_html), ctxValues) : '',
    email_from: inline(tpl.email_from),
    partner_ids: inline(tpl.partner_to).split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n) && n > 0),
    lang: inline(tpl.lang),
  };
}

/**
 * The files of a template for one record (mail.template _generate_template_attachments): the
 * template's own attachments (ids) and its reports (report_template_ids) rendered for the record
 * as (file name, content); the name is the report's print_report_name, else "Report", with the
 * report's extension. Reports are rendered in sudo, like the template itself.
 */
export function templateAttachments(template: BaseModel, record: BaseModel): { attachmentIds: number[]; attachments: Array<[string, Buffer]> } {
  const tid = template.ids[0];
  const tpl = template.sudo();
  const fields = tpl.cls._fields;
  if (!fields.report_template_ids || !fields.attachment_ids) return { attachmentIds: [], attachments: [] };
  const v = tpl._values(['attachment_ids', 'report_template_ids']).get(tid) ?? {};
  const attachments: Array<[string, Buffer]> = [];
  const Report = record.env.model('ir.actions.report').sudo() as AnyModel;
  for (const reportId of (v.report_template_ids as number[]) ?? []) {
    const report = Report.browse([reportId]);
    const [content, format] = Report._render(report, record.ids) as [Buffer, string];
    const printName = report.get('print_report_name') ? report._printFileName(record.ids) : '';
    const name = printName || 'Report';
    attachments.push([name.endsWith(`.${format}`) ? name : `${name}.${format}`, content]);
  }
  return { attachmentIds: [...((v.attachment_ids as number[]) ?? [])], attachments };
}

/** res_ids as Odoo 17 stores them: the text of a Python list ("[19]"). */
function parseResIds(v: unknown): number[] {
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number');
  if (typeof v === 'string') return (v.match(/\d+/g) ?? []).map(Number);
  if (typeof v === 'number') return [v];
  return [];
}

export const mailComposeMessage: ModelDecl = {
  _name: 'mail.compose.message',
  _description: 'Email composition wizard',
  _transient: true,
  fields: {
    composition_mode: { type: 'selection', string: 'Composition mode', selection: [['comment', 'Post on a document'], ['mass_mail', 'Email Mass Mailing']], default: 'comment' },
    model: { type: 'char', string: 'Related Document Model' },
    res_ids: { type: 'text', string: 'Related Document IDs' },
    template_id: { type: 'many2one', comodel: 'mail.template', string: 'Use template', domain: "[('model', '=', model)]" },
    subject: { type: 'char', string: 'Subject' },
    body: { type: 'html', string: 'Contents', sanitize: false },
    partner_ids: {
      type: 'many2many', comodel: 'res.partner', string: 'Additional Contacts',
      relation: 'mail_compose_message_res_partner_rel', column1: 'wizard_id', column2: 'partner_id',
    },
    email_from: { type: 'char', string: 'From' },
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', ondelete: 'set null' },
    email_layout_xmlid: { type: 'char', string: 'Email Notification Layout' },
    message_type: { type: 'selection', string: 'Type', required: true, default: 'comment', selection: [['auto_comment', 'Automated Targeted Notification'], ['comment', 'Comment'], ['notification', 'System notification']] },
    subtype_id: { type: 'many2one', comodel: 'mail.message.subtype', string: 'Subtype', ondelete: 'set null' },
    record_name: { type: 'char', string: 'Record Name' },
    lang: { type: 'char', string: 'Language' },
    auto_delete: { type: 'boolean', string: 'Delete Emails' },
    force_send: { type: 'boolean', string: 'Send mailing or notifications directly' },
    reply_to: { type: 'char', string: 'Reply To' },
    parent_id: { type: 'many2one', comodel: 'mail.message', string: 'Parent Message', ondelete: 'set null' },
    render_model: { type: 'char', string: 'Rendering Model', compute: '_compute_render_model', depends: ['model'] },
    attachment_ids: {
      type: 'many2many', comodel: 'ir.attachment', string: 'Attachments',
      relation: 'mail_compose_message_ir_attachments_rel', column1: 'wizard_id', column2: 'attachment_id',
    },
  },
  rpc: {
    action_send_mail: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_render_model(): Map<number, unknown> {
      const vals = this._values(['model']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.model ?? false]));
    }
    /** Template values for the first record (the single-record comment mode), filled when not given. */
    _create(valsList: Vals[]): this {
      return super._create(valsList.map((given) => {
        // the action's context defaults (default_model, default_res_ids, default_template_id)
        // come first: the template is rendered from them
        const missing = Object.keys(this.cls._fields).filter((n) => !(n in given));
        const v: Vals = { ...this._defaultValues(missing), ...given };
        if (Array.isArray(v.res_ids)) v.res_ids = `[${(v.res_ids as number[]).join(', ')}]`;
        const resIds = parseResIds(v.res_ids);
        const author = this.env.model('res.users').sudo().browse([this.env.uid]).rel('partner_id');
        const authorGiven = !!v.author_id;
        if (!v.subtype_id && v.composition_mode !== 'mass_mail') v.subtype_id = this.env.xmlidLookup('mail.mt_comment')?.[1] ?? false;
        if (typeof v.model === 'string' && resIds.length && this.env.registry.has(v.model)) {
          const record = this.env.model(v.model).sudo().browse([resIds[0]]) as AnyModel;
          if (!v.record_name) v.record_name = record._displayNames().get(resIds[0]) ?? false;
          if (v.template_id) {
            const template = this.env.model('mail.template').browse([v.template_id as number]);
            const rendered = renderTemplateFor(template, record);
            if (!v.subject) v.subject = rendered.subject || false;
            // rendered with post-processing: local links made absolute (_replace_local_links)
            if (!v.body) v.body = absoluteLinks(rendered.body, baseUrl(this));
            if (!v.email_from) v.email_from = rendered.email_from || false;
            if (!('partner_ids' in given) && rendered.partner_ids.length) v.partner_ids = [[6, 0, rendered.partner_ids]];
            // one record in comment mode: the template's files are made now, pending on the
            // composer (res_id 0) until the post links them to the record (_compute_attachment_ids)
            if (!('attachment_ids' in given) && v.composition_mode !== 'mass_mail' && resIds.length === 1) {
              const ids = this._templateFiles(template, record);
              if (ids.length) v.attachment_ids = [[6, 0, ids]];
            }
          }
        }
        // _compute_auto_delete: the template's flag, else True in comment mode
        if (!('auto_delete' in given)) {
          v.auto_delete = v.template_id
            ? !!this.env.model('mail.template').sudo().browse([v.template_id as number]).get('auto_delete')
            : (v.composition_mode ?? 'comment') === 'comment';
        }
        if (!v.email_from) v.email_from = author.get('email_formatted') || false;
        if (!authorGiven) v.author_id = this._authorFor(v, resIds) || author.ids[0] || false;
        if (!v.subject) v.subject = v.record_name ? `Re: ${v.record_name}` : false;
        return v;
      }));
    }
    /**
     * The author of a composer rendering a template for one record (_compute_authorship): the
     * partner of the rendered From address ("Mitchell Admin" for an order's salesperson even when
     * the portal confirms it), else none (the current user's partner).
     */
    _authorFor(v: Vals, resIds: number[]): number | false {
      if (!v.template_id || !v.email_from || (v.composition_mode ?? 'comment') !== 'comment' || resIds.length !== 1) return false;
      const email = String(v.email_from).replace(/^.*<([^>]+)>.*$/, '$1').trim().toLowerCase();
      const found = this.env.model('res.partner').sudo().withContext({ active_test: false })._searchIds([['email', '=ilike', email]], { limit: 1 });
      return found[0] ?? false;
    }
    /** The template's attachments and its reports as new pending attachments, by id. */
    _templateFiles(template: BaseModel, record: BaseModel): number[] {
      const { attachmentIds, attachments } = templateAttachments(template, record);
      if (!attachments.length) return attachmentIds;
      const created = this.env.model('ir.attachment').sudo().create(attachments.map(([name, content]) => ({
        name, raw: content, res_model: 'mail.compose.message', res_id: 0, type: 'binary',
      })));
      return [...attachmentIds, ...created.ids];
    }
    /**
     * The files the message gets (_prepare_mail_values_rendered): the template's own attachments
     * are copied onto the composer, so that posting does not take them from the template.
     */
    _attachmentsToPost(id: number, templateId: number | false, attachmentIds: number[]): number[] {
      if (!templateId || !attachmentIds.length) return attachmentIds;
      const own = new Set((this.env.model('mail.template').sudo().browse([templateId]).get('attachment_ids') as number[] | undefined) ?? []);
      if (!attachmentIds.some((a) => own.has(a))) return attachmentIds;
      const Attachment = this.env.model('ir.attachment').sudo();
      const ids = attachmentIds.map((a) => (own.has(a) ? Attachment.browse([a]).copy({ res_model: 'mail.compose.message', res_id: id }).ids[0] : a));
      this.sudo().browse([id]).write({ attachment_ids: [[6, 0, ids]] });
      return ids;
    }
    /** Post the message on each record and send it (action_send_mail). */
    action_send_mail(): Vals {
      // the wizard is read as the caller first: a missing one is a MissingError, as in Odoo
      const missing = this.ids.filter((id) => !this.exists().ids.includes(id));
      if (missing.length) throw missingError(this, missing);
      checkAccessRights(this, 'read');
      checkAccessRule(this, 'read');
      for (const id of this.ids) {
        const v = this.sudo()._values(['model', 'res_ids', 'subject', 'body', 'partner_ids', 'email_from', 'author_id', 'email_layout_xmlid', 'message_type', 'subtype_id', 'template_id', 'attachment_ids', 'auto_delete']).get(id)!;
        if (typeof v.model !== 'string' || !this.env.registry.has(v.model)) continue;
        v.attachment_ids = this._attachmentsToPost(id, v.template_id as number | false, (v.attachment_ids as number[]) ?? []);
        for (const resId of parseResIds(v.res_ids)) {
          const record = this.env.model(v.model).browse([resId]) as AnyModel;
          const partners = (v.partner_ids as number[]) ?? [];
          if (typeof record.message_post === 'function' && record.cls._rpc.message_post) {
            // the composer's body is an HTML field (Markup in Odoo): posted as HTML, not escaped text
            record.message_post({
              body: new Markup(String(v.body ?? '')), subject: v.subject, partner_ids: partners, author_id: v.author_id, email_from: v.email_from,
              message_type: v.message_type || 'comment', email_layout_xmlid: v.email_layout_xmlid, attachment_ids: v.attachment_ids,
              mail_auto_delete: !!v.auto_delete,
              ...(v.subtype_id ? { subtype_id: v.subtype_id } : { subtype_xmlid: 'mail.mt_comment' }),
            });
          } else {
            this._sendWithoutThread(record, v);
          }
        }
      }
      return { type: 'ir.actions.act_window_close' };
    }
    /** Without mail.thread on the model: the message and its mail to the recipients, and the documents' own hooks. */
    _sendWithoutThread(record: AnyModel, v: Record<string, unknown>): void {
      const partners = this.env.model('res.partner').sudo().browse((v.partner_ids as number[]) ?? [])._values(['email_formatted']);
      const xmlid = v.template_id ? this.env.cr.get<{ x: string }>("SELECT module || '.' || name AS x FROM ir_model_data WHERE model = 'mail.template' AND res_id = ?", [v.template_id as number])?.x : undefined;
      const files = (v.attachment_ids as number[]) ?? [];
      // the pending files go to the document, as a post would link them
      if (files.length) this.env.model('ir.attachment').sudo().browse(files).write({ res_model: record._name, res_id: record.ids[0] });
      this.env.model('mail.mail').sudo().create({
        attachment_ids: [[6, 0, files]],
        subject: v.subject, body_html: v.body, body: v.body, model: record._name, res_id: record.ids[0], message_type: 'comment',
        author_id: v.author_id, email_from: v.email_from || false, recipient_ids: [[6, 0, (v.partner_ids as number[]) ?? []]],
        email_to: [...partners.values()].map((p) => p.email_formatted).filter(Boolean).join(', ') || false,
        template_xmlid: xmlid ?? false,
      }).send();
      if (typeof record._onMailComposerSent === 'function') record._onMailComposerSent((v.partner_ids as number[]) ?? []);
    }
  },
};


