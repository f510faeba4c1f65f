/**
 * Sending invoices (Odoo 17's "Send & Print": account/wizard/account_move_send.py and the parts
 * of account_move.py it uses). account.move.action_invoice_sent opens account.move.send for the
 * active invoices; its action_send_and_print renders each posted invoice's PDF once (report
 * account.account_invoices) and keeps it as the invoice's document (an attachment of the binary
 * field invoice_pdf_report_file, also the main attachment; the invoice is marked sent), posts the
 * template's mail with the PDF attached on the invoice (account.email_template_edi_invoice,
 * credit notes account.email_template_edi_credit_note), and answers the download of the PDF (one
 * invoice) or of a zip (several). Several invoices without download are processed at once here
 * where Odoo leaves them to its cron, answering the same "being sent" notification.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { renderTemplateFor } from '../mail/composer';
import { absoluteLinks, baseUrl } from '../mail/mail_render';
import { Markup, isHtmlEmpty } from '../mail/html';
import { formatAmount } from '../tools/currency';
import { isSaleDocument } from './move_types';

/** The values a wizard gives each move it processes (_get_wizard_values). */
interface WizardValues { mail_template_id: number | false; sp_partner_id: number; sp_user_id: number; download: boolean; send_mail: boolean }

/** A move's mail as the wizard prepared it (_get_mail_move_values). */
interface MailValues {
  mail_template_id: number | false; mail_lang: string; mail_body: string; mail_subject: string; mail_partner_ids: number[];
  mail_attachments_widget: Array<Record<string, unknown>>;
}

const PDF = 'application/pdf';

/** Odoo's base _get_records_action: a form for one record, a list for several. */
function recordsAction(model: BaseModel, name: string): Vals {
  const ids = model.ids;
  const byLength: Vals = ids.length === 1 ? { views: [[false, 'form']], res_id: ids[0] }
    : ids.length ? { views: [[false, 'list'], [false, 'form']], domain: [['id', 'in', ids]] } : { views: [[false, 'form']] };
  return { type: 'ir.actions.act_window', res_model: model._name, target: 'current', context: { ...model.env.context }, ...byLength, name };
}

export const accountMoveSending: ModelDecl = {
  _inherit: 'account.move',
  fields: {
    send_and_print_values: { type: 'json', string: 'Send And Print Values', copy: false },
    invoice_pdf_report_id: { type: 'many2one', comodel: 'ir.attachment', string: 'PDF Attachment', compute: '_compute_invoice_pdf_report_id', depends: ['invoice_pdf_report_file'] },
    invoice_pdf_report_file: { type: 'binary', string: 'PDF File', copy: false, attachment: true },
  },
  rpc: {
    action_send_and_print: { api: 'multi', params: [] },
    action_invoice_sent: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** The attachment of the binary field (_compute_linked_attachment_id). */
    _compute_invoice_pdf_report_id(): Map<number, unknown> {
      const out = new Map<number, unknown>(this.ids.map((id) => [id, false]));
      if (!this.ids.length || !this.env.has('ir.attachment')) return out;
      const rows = this.env.cr.all<{ id: number; res_id: number }>(
        `SELECT id, res_id FROM ir_attachment WHERE res_model = 'account.move' AND res_field = 'invoice_pdf_report_file'
            AND res_id IN (${this.ids.map(() => '?').join(',')}) ORDER BY id DESC`, this.ids);
      for (const r of rows) if (out.get(r.res_id) === false) out.set(r.res_id, r.id);
      return out;
    }

    /** The mail template of the documents: credit notes' when all are credit notes (_get_mail_template). */
    _get_mail_template(): string {
      const types = [...this.sudo()._values(['move_type']).values()].map((v) => v.move_type);
      return types.length && types.every((t) => t === 'out_refund') ? 'account.email_template_edi_credit_note' : 'account.email_template_edi_invoice';
    }

    /** The Send & Print wizard for these sales documents (action_send_and_print). */
    action_send_and_print(): Vals {
      (this as AnyModel)._checkReadAccess();
      const template = this.env.ref(this._get_mail_template(), false);
      if (this.ids.some((id) => !isSaleDocument(String(this.browse([id]).sudo().get('move_type')), true))) throw new UserError('You can only send sales documents');
      return {
        name: 'Send', type: 'ir.actions.act_window', view_type: 'form', view_mode: 'form', res_model: 'account.move.send', target: 'new',
        context: { active_ids: this.ids, default_mail_template_id: template ? template.ids[0] : false },
      };
    }

    /**
     * The form's "Send & Print" button (action_invoice_sent). An administrator whose company has no
     * document layout yet is first offered the layout configurator (web's base.document.layout),
     * which answers this action once saved; context discard_logo_check skips it.
     */
    action_invoice_sent(): Vals {
      const action = (this.ensureOne() as AnyModel).action_send_and_print() as Vals;
      const Report = this.env.model('ir.actions.report') as AnyModel;
      if (!this.env.context.discard_logo_check && Report._isAdmin() && !Report._companyHasLayout()) {
        return Report._action_configure_external_report_layout(action) ?? action;
      }
      return action;
    }

    /** "INV_2026_00001.pdf" (_get_invoice_report_filename). */
    _get_invoice_report_filename(extension: unknown = 'pdf'): string {
      return `${String(this.ensureOne().sudo().get('name')).replace(/\//g, '_')}.${extension}`;
    }

    /** "INV_2026_00001_proforma.pdf" (_get_invoice_proforma_pdf_report_filename). */
    _get_invoice_proforma_pdf_report_filename(): string {
      return `${String(this.ensureOne().sudo().get('name')).replace(/\//g, '_')}_proforma.pdf`;
    }

    /**
     * The invoice's legal document as the portal downloads it (_get_invoice_legal_documents): the
     * PDF Send & Print stored, else a pro-forma rendered now. [content, file name].
     */
    _get_invoice_legal_document(): [Buffer, string] {
      const id = this.ensureOne().ids[0];
      const attachmentId = this.sudo().get('invoice_pdf_report_id') as number | false;
      if (attachmentId) {
        const att = this.env.model('ir.attachment').sudo().browse([attachmentId]) as AnyModel;
        return [att._rawValues().get(attachmentId) as Buffer, String(att.get('name'))];
      }
      const [content] = (this.env.model('ir.actions.report').sudo() as AnyModel)._render('account.account_invoices', [id], { proforma: true });
      return [content as Buffer, this._get_invoice_proforma_pdf_report_filename()];
    }

    /** Send these invoices with a template through the wizard (_generate_pdf_and_send_invoice). */
    _generate_pdf_and_send_invoice(template: BaseModel, forceSynchronous = true, allowFallbackPdf = true, bypassDownload = false): unknown {
      const wizard = this.env.model('account.move.send').create({
        mail_template_id: template.ids[0], move_ids: [[6, 0, this.ids]], checkbox_send_mail: true, checkbox_download: false,
      }) as AnyModel;
      return wizard.action_send_and_print(forceSynchronous, allowFallbackPdf, { bypass_download: bypassDownload });
    }

    /** Whether an invoice may be mailed now (_is_ready_to_be_sent: always, without EDI). */
    _is_ready_to_be_sent(): boolean {
      this.ensureOne();
      return true;
    }

    /** What the invoice and credit note templates print (account/data/mail_template_data.xml). */
    _mailRenderValues(): Vals {
      const id = this.ensureOne().ids[0];
      const su = this.sudo();
      const v = su._values(['name', 'move_type', 'company_id', 'partner_id', 'invoice_user_id', 'amount_total', 'currency_id', 'invoice_origin',
        'payment_state', 'payment_reference', 'partner_bank_id', 'type_name']).get(id)!;
      const env = this.env;
      const company = env.model('res.company').sudo().browse([v.company_id as number])._values(['name', 'partner_id']).get(v.company_id as number) ?? {};
      const partner = env.model('res.partner').sudo().browse([v.partner_id as number])._values(['name', 'email', 'lang', 'parent_id']).get(v.partner_id as number) ?? {};
      const parentName = partner.parent_id ? env.model('res.partner').sudo().browse([partner.parent_id as number]).get('name') : false;
      const user = v.invoice_user_id ? env.model('res.users').sudo().browse([v.invoice_user_id as number]) : null;
      const userEmail = user ? user.rel('partner_id').get('email_formatted') : false;
      const signature = user ? String(user.get('signature') || '') : '';
      const companyEmail = company.partner_id ? env.model('res.partner').sudo().browse([company.partner_id as number]).get('email_formatted') : false;
      const currentUser = env.model('res.users').sudo().browse([env.uid]);
      const bank = v.partner_bank_id ? env.model('res.partner.bank').sudo().browse([v.partner_bank_id as number]).get('acc_number') : false;
      return {
        object: {
          id, name: v.name !== '/' ? v.name : false, move_type: v.move_type, type_name: v.type_name, invoice_origin: v.invoice_origin,
          payment_state: v.payment_state, is_paid: ['paid', 'in_payment'].includes(String(v.payment_state)),
          payment_reference: v.payment_reference, partner_bank_acc_number: bank,
          company_id: { name: company.name, email_formatted: companyEmail },
          partner_id: { id: v.partner_id, name: partner.name, email: partner.email, lang: partner.lang, parent_name: parentName },
          invoice_user_id: { email_formatted: userEmail, signature: isHtmlEmpty(signature) ? false : signature },
          amount_total: formatAmount(env, v.currency_id as number, Number(v.amount_total)),
          portal_url: (this as AnyModel).get_portal_url(),
        },
        user: { email_formatted: currentUser.rel('partner_id').get('email_formatted'), signature: currentUser.get('signature') || false },
      };
    }
  },
};

/** The payment receipt mail's values (account.mail_template_data_payment_receipt). */
export const accountPaymentMail: ModelDecl = {
  _inherit: 'account.payment',
  methods: (Base) => class extends Base {
    _mailRenderValues(): Vals {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['name', 'company_id', 'partner_id', 'amount', 'currency_id']).get(id)!;
      const env = this.env;
      const partner = v.partner_id ? env.model('res.partner').sudo().browse([v.partner_id as number])._values(['name', 'lang']).get(v.partner_id as number) ?? {} : {};
      const me = env.model('res.users').sudo().browse([env.uid]);
      const signature = String(me.get('signature') || '');
      return {
        object: {
          id, name: v.name, receipt_name: String(v.name || '').replace(/\//g, '-'),
          company_id: { name: env.model('res.company').sudo().browse([v.company_id as number]).get('name') },
          partner_id: { id: v.partner_id, name: partner.name, lang: partner.lang },
          amount: formatAmount(env, v.currency_id as number, Number(v.amount)),
        },
        user: { email_formatted: me.rel('partner_id').get('email_formatted'), signature: isHtmlEmpty(signature) ? false : signature },
      };
    }
  },
};

export const accountMoveSend: ModelDecl = {
  _name: 'account.move.send',
  _description: 'Account Move Send',
  _transient: true,
  fields: {
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', readonly: true },
    move_ids: { type: 'many2many', comodel: 'account.move', string: 'Move', relation: 'account_move_account_move_send_rel', column1: 'account_move_send_id', column2: 'account_move_id' },
    mode: { type: 'selection', string: 'Mode', selection: [['invoice_single', 'Invoice Single'], ['invoice_multi', 'Invoice Multi']] },
    enable_download: { type: 'boolean', string: 'Enable Download', compute: '_compute_enable_download' },
    checkbox_download: { type: 'boolean', string: 'Download' },
    enable_send_mail: { type: 'boolean', string: 'Enable Send Mail', compute: '_compute_enable_send_mail' },
    checkbox_send_mail: { type: 'boolean', string: 'Email' },
    display_mail_composer: { type: 'boolean', string: 'Display Mail Composer', compute: '_compute_send_mail_extra_fields' },
    send_mail_warning_message: { type: 'json', string: 'Send Mail Warning Message', compute: '_compute_send_mail_extra_fields' },
    send_mail_readonly: { type: 'boolean', string: 'Send Mail Readonly', compute: '_compute_send_mail_extra_fields' },
    mail_template_id: { type: 'many2one', comodel: 'mail.template', string: 'Use template', domain: "[('model', '=', 'account.move')]" },
    mail_lang: { type: 'char', string: 'Lang', compute: '_compute_mail_lang' },
    mail_partner_ids: { type: 'many2many', comodel: 'res.partner', string: 'Recipients', relation: 'account_move_send_res_partner_rel', column1: 'account_move_send_id', column2: 'res_partner_id' },
    mail_subject: { type: 'char', string: 'Subject' },
    mail_body: { type: 'html', string: 'Contents', sanitize: false },
    mail_attachments_widget: { type: 'json', string: 'Mail Attachments Widget' },
  },
  rpc: {
    action_send_and_print: { api: 'multi', params: [{ name: 'force_synchronous', default: false }, { name: 'allow_fallback_pdf', default: false }], varkw: true },
  },
  methods: (Base) => class extends Base {
    /** default_get: the active invoices, refused while one is a draft. */
    _defaultValues(fnames: string[]): Vals {
      const out = super._defaultValues(fnames);
      if (fnames.includes('move_ids') && !('move_ids' in out)) {
        const ids = Array.isArray(this.env.context.active_ids) ? (this.env.context.active_ids as unknown[]).map(Number) : [];
        const states = this.env.model('account.move').browse(ids)._values(['state']);
        if ([...states.values()].some((s) => s.state === 'draft')) throw new UserError("You can't Send & Print invoice(s) in draft state.");
        out.move_ids = [[6, 0, ids]];
      }
      return out;
    }

    /** The stored computes of a new wizard, in Odoo's dependency order (only those not given). */
    _create(valsList: Vals[]): this {
      const wizards = super._create(valsList);
      wizards.ids.forEach((id, i) => (this.browse([id]) as AnyModel)._computeOnCreate(valsList[i]));
      return wizards;
    }

    _computeOnCreate(given: Vals): void {
      const moves = this._moves();
      const companies = [...new Set([...moves.sudo()._values(['company_id']).values()].map((m) => m.company_id))];
      if (companies.length > 1) throw new UserError('You can only send from the same company.');
      const vals: Vals = {};
      const set = (name: string, value: unknown) => { if (!(name in given)) vals[name] = value; };
      set('company_id', companies[0] ?? false);
      set('mode', moves.ids.length === 1 ? 'invoice_single' : 'invoice_multi');
      this.sudo()._write(vals);
      const companyId = this.sudo().get('company_id') as number | false;
      const company = companyId ? this.env.model('res.company').sudo().browse([companyId])._values(['invoice_is_email', 'invoice_is_download']).get(companyId) : undefined;
      const later: Vals = {};
      const setLater = (name: string, value: unknown) => { if (!(name in given)) later[name] = value; };
      const enabled = this._enabled();
      setLater('checkbox_download', enabled && !!company?.invoice_is_download);
      setLater('checkbox_send_mail', !!company?.invoice_is_email && !this._sendMailReadonly());
      const single = this.get('mode') === 'invoice_single';
      const templateId = this.get('mail_template_id') as number | false;
      if (single && templateId) {
        const mail = (this.env.model('account.move.send') as AnyModel)._defaultMailValues(moves, templateId) as MailValues;
        setLater('mail_partner_ids', [[6, 0, mail.mail_partner_ids]]);
        setLater('mail_subject', mail.mail_subject);
        setLater('mail_body', mail.mail_body);
      } else {
        setLater('mail_partner_ids', [[5, 0, 0]]);
        setLater('mail_subject', false);
        setLater('mail_body', false);
      }
      // an empty list is stored as nothing (Odoo's Json field reads [] back as False)
      if (single) {
        const manual = ((given.mail_attachments_widget as Array<Record<string, unknown>> | undefined) ?? []).filter((x) => x.manual);
        const widget = [...(this.env.model('account.move.send') as AnyModel)._defaultAttachmentsWidget(moves, templateId), ...manual];
        later.mail_attachments_widget = widget.length ? widget : false;
      } else setLater('mail_attachments_widget', false);
      if (Object.keys(later).length) this.sudo().write(later);
    }

    /** The wizard's invoices, in their model's order (how Odoo iterates move_ids). */
    _moves(): AnyModel {
      const ids = (this.sudo().get('move_ids') as number[]) ?? [];
      const Move = this.env.model('account.move');
      return Move.browse(Move.sudo()._searchIds([['id', 'in', ids]]));
    }

    _enabled(): boolean {
      return ['invoice_single', 'invoice_multi'].includes(String(this.sudo().get('mode')));
    }

    _sendMailReadonly(): boolean {
      const moves = this._moves();
      return this._movesWithoutEmail(moves).length === moves.ids.length;
    }

    _movesWithoutEmail(moves: AnyModel): number[] {
      const vals = moves.sudo()._values(['partner_id']);
      return moves.ids.filter((id: number) => {
        const partner = vals.get(id)?.partner_id as number | false;
        return !partner || !this.env.model('res.partner').sudo().browse([partner]).get('email');
      });
    }

    _compute_enable_download(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, (this.browse([id]) as AnyModel)._enabled()]));
    }

    _compute_enable_send_mail(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, (this.browse([id]) as AnyModel)._enabled()]));
    }

    _compute_send_mail_extra_fields(field: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const w = this.browse([id]) as AnyModel;
        const v = w.sudo()._values(['mode', 'checkbox_send_mail']).get(id) ?? {};
        const moves = w._moves();
        const without = w._movesWithoutEmail(moves) as number[];
        const readonly = without.length === moves.ids.length;
        if (field.name === 'display_mail_composer') out.set(id, v.mode === 'invoice_single');
        else if (field.name === 'send_mail_readonly') out.set(id, readonly);
        else if (!(without.length && v.checkbox_send_mail) && !readonly) out.set(id, false);
        else {
          const partnerIds = [...new Set([...moves.sudo().browse(without)._values(['partner_id']).values()].map((m) => m.partner_id).filter(Boolean))] as number[];
          out.set(id, {
            partner_missing_email: {
              message: 'Partner(s) should have an email address.', action_text: 'View Partner(s)',
              action: recordsAction(this.env.model('res.partner').browse(partnerIds), 'Check Partner(s)'),
            },
          });
        }
      }
      return out;
    }

    _compute_mail_lang(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const id of this.ids) {
        const w = this.browse([id]) as AnyModel;
        const v = w.sudo()._values(['mode', 'mail_template_id']).get(id) ?? {};
        out.set(id, v.mode === 'invoice_single' ? w._defaultMailLang(w._moves(), v.mail_template_id) : this._userLang());
      }
      return out;
    }

    _userLang(): string {
      return String(this.env.context.lang || this.env.model('res.users').sudo().browse([this.env.uid]).get('lang') || 'en_US');
    }

    /** The template's language for the invoice, else the user's (_get_default_mail_lang). */
    _defaultMailLang(move: AnyModel, templateId: number | false): string {
      if (!templateId || !move.ids.length) return this._userLang();
      const rendered = renderTemplateFor(this.env.model('mail.template').browse([templateId]), move.browse([move.ids[0]]));
      return rendered.lang || this._userLang();
    }

    /** Subject, body, recipients, language of one invoice's mail from the template (_get_mail_move_values). */
    _defaultMailValues(move: AnyModel, templateId: number | false): MailValues {
      const record = move.browse([move.ids[0]]);
      if (!templateId) {
        return { mail_template_id: false, mail_lang: this._userLang(), mail_body: '', mail_subject: '', mail_partner_ids: [], mail_attachments_widget: [] };
      }
      const rendered = renderTemplateFor(this.env.model('mail.template').browse([templateId]), record);
      const partners = this.env.model('res.partner').sudo().browse(rendered.partner_ids).exists().ids;
      return {
        mail_template_id: templateId, mail_lang: rendered.lang || this._userLang(),
        mail_body: absoluteLinks(rendered.body, baseUrl(this)), mail_subject: rendered.subject, mail_partner_ids: partners,
        mail_attachments_widget: this._defaultAttachmentsWidget(record, templateId),
      };
    }

    /**
     * The attachments the wizard shows (_get_default_mail_attachments_widget): the invoice PDF to
     * come (a placeholder) or the one already made, and the template's own attachments.
     */
    _defaultAttachmentsWidget(move: AnyModel, templateId: number | false): Array<Record<string, unknown>> {
      const record = move.browse([move.ids[0]]) as AnyModel;
      const out: Array<Record<string, unknown>> = [];
      const pdf = record.sudo().get('invoice_pdf_report_id') as number | false;
      if (!pdf) {
        const filename = record._get_invoice_report_filename();
        out.push({ id: `placeholder_${filename}`, name: filename, mimetype: PDF, placeholder: true });
      }
      out.push(...this._extraAttachmentsData(record));
      if (templateId) {
        const ids = (this.env.model('mail.template').sudo().browse([templateId]).get('attachment_ids') as number[] | undefined) ?? [];
        const atts = this.env.model('ir.attachment').sudo().browse(ids)._values(['name', 'mimetype']);
        for (const aid of ids) out.push({ id: aid, name: atts.get(aid)?.name, mimetype: atts.get(aid)?.mimetype, placeholder: false, mail_template_id: templateId });
      }
      return out;
    }

    /** The invoice's stored PDF as an attachment the mail must keep (_get_invoice_extra_attachments_data). */
    _extraAttachmentsData(move: AnyModel): Array<Record<string, unknown>> {
      const pdf = move.sudo().get('invoice_pdf_report_id') as number | false;
      if (!pdf) return [];
      const a = this.env.model('ir.attachment').sudo().browse([pdf])._values(['name', 'mimetype']).get(pdf) ?? {};
      return [{ id: pdf, name: a.name, mimetype: a.mimetype, placeholder: false, protect_from_deletion: true }];
    }

    _wizardValues(): WizardValues {
      const v = this.ensureOne().sudo()._values(['mail_template_id', 'checkbox_download', 'checkbox_send_mail']).get(this.ids[0])!;
      return {
        mail_template_id: (v.mail_template_id as number | false) || false,
        sp_partner_id: this.env.model('res.users').sudo().browse([this.env.uid]).get('partner_id') as number,
        sp_user_id: this.env.uid, download: !!v.checkbox_download, send_mail: !!v.checkbox_send_mail,
      };
    }

    /** Create the documents and send them (action_send_and_print). */
    action_send_and_print(forceSynchronous: unknown = false, allowFallbackPdf: unknown = false, kwargs: Record<string, unknown> = {}): Vals | number[] {
      const id = this.ensureOne().ids[0];
      const v = this.sudo()._values(['mode', 'checkbox_send_mail', 'checkbox_download', 'mail_template_id']).get(id)!;
      if (v.mode === 'invoice_multi' && v.checkbox_send_mail && !v.mail_template_id) throw new UserError('Please select a mail template to send multiple invoices.');
      const synchronous = !!forceSynchronous || !!v.checkbox_download;
      if (v.mode === 'invoice_multi' && !synchronous) {
        // Odoo stores the values on the invoices for its cron; the emulator sends them now
        const values = this._wizardValues();
        const moves = this._moves();
        moves.sudo().write({ send_and_print_values: values });
        (this.env.model('account.move.send') as AnyModel)._process_send_and_print(moves, null, !!allowFallbackPdf);
        return {
          type: 'ir.actions.client', tag: 'display_notification',
          params: { type: 'info', title: 'Sending invoices', message: 'Invoices are being sent in the background.', next: { type: 'ir.actions.act_window_close' } },
        };
      }
      return (this.env.model('account.move.send') as AnyModel)._process_send_and_print(this._moves(), this, !!allowFallbackPdf, kwargs);
    }

    /**
     * Process the invoices (_process_send_and_print): the wizard's values, else those stored on
     * each invoice; generate the missing PDFs, send the mails, answer the download.
     */
    _process_send_and_print(moves: AnyModel, wizard: AnyModel | null, _allowFallbackPdf = false, kwargs: Record<string, unknown> = {}): Vals | number[] {
      const data = new Map<number, WizardValues & MailValues>();
      const stored = moves.sudo()._values(['send_and_print_values']);
      for (const moveId of moves.ids as number[]) {
        const move = moves.browse([moveId]) as AnyModel;
        const base = wizard ? wizard._wizardValues() as WizardValues : stored.get(moveId)?.send_and_print_values as WizardValues;
        data.set(moveId, { ...base, ...this._mailMoveValues(move, wizard, base) });
      }
      for (const moveId of moves.ids as number[]) this._generateInvoiceDocuments(moves.browse([moveId]) as AnyModel);
      for (const [moveId, values] of data) if (values.send_mail) this._sendMail(moves.browse([moveId]) as AnyModel, values);
      moves.sudo().write({ send_and_print_values: false });
      const toDownload = [...data.entries()].filter(([, values]) => values.download).map(([moveId]) => moveId);
      if (toDownload.length) {
        const attachmentIds = toDownload.map((moveId) => moves.browse([moveId]).sudo().get('invoice_pdf_report_id') as number | false).filter((a): a is number => !!a);
        if (attachmentIds.length) {
          if (kwargs.bypass_download) return attachmentIds;
          return this._download(attachmentIds, toDownload);
        }
      }
      return { type: 'ir.actions.act_window_close' };
    }

    /** The mail of one invoice: the wizard's fields when it has them, else the template's (_get_mail_move_values). */
    _mailMoveValues(move: AnyModel, wizard: AnyModel | null, base: WizardValues | undefined): MailValues {
      const w = wizard ? wizard.sudo()._values(['mail_template_id', 'mail_body', 'mail_subject', 'mail_partner_ids', 'mail_attachments_widget']).get(wizard.ids[0]) ?? {} : {};
      const templateId = (w.mail_template_id as number | false) || base?.mail_template_id || false;
      const defaults = this._defaultMailValues(move, templateId);
      const partners = (w.mail_partner_ids as number[] | undefined) ?? [];
      return {
        mail_template_id: templateId,
        mail_lang: defaults.mail_lang,
        mail_body: (w.mail_body as string) || defaults.mail_body,
        mail_subject: (w.mail_subject as string) || defaults.mail_subject,
        mail_partner_ids: partners.length ? partners : defaults.mail_partner_ids,
        mail_attachments_widget: (w.mail_attachments_widget as Array<Record<string, unknown>>) || defaults.mail_attachments_widget,
      };
    }

    /**
     * The invoice PDF, made once for a posted invoice (_generate_invoice_documents,
     * _prepare_invoice_pdf_report, _link_invoice_documents): kept as the attachment of
     * invoice_pdf_report_file, the main attachment; the invoice is marked sent.
     */
    _generateInvoiceDocuments(move: AnyModel): void {
      const v = move.sudo()._values(['state', 'invoice_pdf_report_id', 'company_id']).get(move.ids[0])!;
      if (v.invoice_pdf_report_id || v.state !== 'posted') return;
      const Report = this.env.model('ir.actions.report') as AnyModel;
      const [content] = Report._render('account.account_invoices', move.ids) as [Buffer, string];
      const attachment = this.env.model('ir.attachment').sudo().create({
        raw: content, name: move._get_invoice_report_filename(), mimetype: PDF,
        res_model: 'account.move', res_id: move.ids[0], res_field: 'invoice_pdf_report_file',
      });
      move.sudo()._write({ message_main_attachment_id: attachment.ids[0] });
      move.env.cache.invalidate('account.move');
      move.write({ is_move_sent: true });
    }

    /** Post the invoice's mail with its files and send it (_send_mails, _get_mail_params, _send_mail). */
    _sendMail(move: AnyModel, values: WizardValues & MailValues): void {
      const partner = move.sudo().get('partner_id') as number | false;
      if (!partner || !this.env.model('res.partner').sudo().browse([partner]).get('email')) return;
      // the files: the invoice's PDF and the widget's attachments, but those the user removed
      const skipped = new Set(values.mail_attachments_widget.filter((x) => x.skip).map((x) => x.name));
      const ids = new Set<number>();
      for (const a of [...this._extraAttachmentsData(move), ...values.mail_attachments_widget]) {
        if (skipped.has(a.name)) continue;
        const aid = typeof a.id === 'number' ? a.id : /^\d+$/.test(String(a.id)) ? Number(a.id) : null;
        if (aid) ids.add(aid);
      }
      const Attachment = this.env.model('ir.attachment').sudo() as AnyModel;
      const existing = Attachment.browse([...ids]).exists();
      const names = existing._values(['name']);
      const raws = existing._rawValues();
      const attachments = existing.ids.map((aid: number) => [names.get(aid)?.name, raws.get(aid)]);
      const template = values.mail_template_id ? this.env.model('mail.template').sudo().browse([values.mail_template_id]) : null;
      const emailFrom = template ? this._renderTemplateField(template, move, 'email_from') : '';
      const partnerIds = values.mail_partner_ids;
      const message = move.withContext({ ...this.env.context, no_new_invoice: true, mail_notify_author: partnerIds.includes(values.sp_partner_id) }).message_post({
        message_type: 'comment', body: new Markup(values.mail_body), subject: values.mail_subject, partner_ids: partnerIds,
        // Odoo's _send_mail pops author_id before posting: the author is the sender's partner
        attachments, subtype_id: this.env.xmlidLookup('mail.mt_comment')?.[1] ?? false,
        model_description: String(move.withContext({ ...this.env.context, lang: values.mail_lang }).sudo().get('type_name') ?? ''),
        email_from: emailFrom || null, email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature',
        email_add_signature: !template, mail_auto_delete: template ? !!template.get('auto_delete') : true,
      }) as AnyModel;
      // the mail's copies of the files belong to the message, not to the invoice (no duplicates there)
      const posted = (message.sudo().get('attachment_ids') as number[]) ?? [];
      if (posted.length) Attachment.browse(posted).write({ res_model: 'mail.message', res_id: message.ids[0] });
    }

    _renderTemplateField(template: BaseModel, move: AnyModel, field: 'email_from'): string {
      return renderTemplateFor(template, move)[field];
    }

    /** The download: the PDF itself for one invoice, a zip for several (_download). */
    _download(attachmentIds: number[], moveIds: number[]): Vals {
      if (attachmentIds.length === 1) return { type: 'ir.actions.act_url', url: `/web/content/${attachmentIds[0]}?download=true`, close: true };
      const filename = moveIds.length === 1 ? (this.env.model('account.move').browse([moveIds[0]]) as AnyModel)._get_invoice_report_filename('zip') : 'invoices.zip';
      const query = new URLSearchParams();
      for (const a of attachmentIds) query.append('ids', String(a));
      query.append('filename', filename);
      return { type: 'ir.actions.act_url', url: `/account/export_zip_documents?${query.toString()}`, close: true };
    }
  },
};

export const moveSendModels: ModelDecl[] = [accountMoveSending, accountPaymentMail, accountMoveSend];
