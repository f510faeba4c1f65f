/**
 * sale_async_emails (auto-installed with sale): with the `sale.async_emails` parameter on, an
 * order's status mail (confirmation, payment) is not sent at once but kept as the order's
 * pending template for the cron "Sales: Send pending emails" (sale_async_emails.cron), which
 * sends it when triggered (no cron thread runs here: ir.cron.method_direct_trigger).
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel } from '../orm/model';
import { str2bool } from '../tools/str2bool';

export const saleOrderAsyncEmails: ModelDecl = {
  _inherit: 'sale.order',
  fields: {
    pending_email_template_id: {
      type: 'many2one', comodel: 'mail.template', string: 'Pending Email Template', ondelete: 'set null', readonly: true,
      help: 'The template of the pending email that must be sent asynchronously.',
    },
  },
  methods: (Base) => class extends Base {
    _send_order_notification_mail(template: AnyModel): void {
      const asyncSend = str2bool(this.env.model('ir.config_parameter').sudo().get_param('sale.async_emails'));
      const cron = asyncSend ? this.env.ref('sale_async_emails.cron', false) as AnyModel | null : null;
      if (cron && !this.env.context.is_async_email) {
        this.write({ pending_email_template_id: template.ids[0] ?? false });
        cron._trigger();
      } else {
        (Base.prototype as unknown as AnyModel)._send_order_notification_mail.call(this, template);
      }
    }

    /** The cron: each order's pending mail sent, then forgotten (Odoo commits after each; here the call is one transaction). */
    _cron_send_pending_emails(): void {
      for (const id of this._searchIds([['pending_email_template_id', '!=', false]])) {
        const order = this.browse([id]) as AnyModel;
        const template = this.env.model('mail.template').browse([order.get('pending_email_template_id') as number]);
        (order.withContext({ ...this.env.context, is_async_email: true }) as AnyModel)._send_order_notification_mail(template);
        order.write({ pending_email_template_id: false });
      }
    }
  },
};

export const saleAsyncEmailsModels: ModelDecl[] = [saleOrderAsyncEmails];
