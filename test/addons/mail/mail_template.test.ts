/**
 * mail.template as in Odoo 17: subject, sender and recipients are inline templates
 * (tools/rendering_tools.py: each `{{ expression }}` evaluated and replaced by str() of a truthy
 * result, by nothing otherwise, no HTML escaping), with `object`, `user` and `ctx`; the demo
 * templates carry Odoo's strings.
 */
import { renderInlineTemplate } from '../../../models/mail';
import { demoDb } from '../../models/orm_helpers';

describe('inline templates', () => {
  it('evaluate expressions with Python semantics and insert str() of truthy results only', () => {
    const values = { object: { name: 'A & B <x>', company_id: { email_formatted: false }, count: 3, flag: true, none: false, zero: 0 }, user: { email_formatted: '"Mitchell" <m@example.com>' } };
    expect(renderInlineTemplate('Hi {{ object.name }}!', values)).toBe('Hi A & B <x>!');
    expect(renderInlineTemplate('{{ (object.company_id.email_formatted or user.email_formatted) }}', values)).toBe('"Mitchell" <m@example.com>');
    expect(renderInlineTemplate('[{{ object.none }}][{{ object.zero }}][{{ object.count + 1 }}][{{ object.flag }}]', values)).toBe('[][][4][True]');
    expect(renderInlineTemplate('no expression', values)).toBe('no expression');
  });
});

describe('the templates of the default module set', () => {
  const db = demoDb();
  const env = db.env(2);

  it('are rendered for a record: the invitation comes from the company, to the user', () => {
    const tpl = env.ref('auth_signup.set_password_email')!;
    expect(tpl.read(['subject', 'email_from', 'email_to'])[0]).toEqual({
      id: 1,
      subject: '{{ object.create_uid.name }} from {{ object.company_id.name }} invites you to connect to Odoo',
      email_from: '{{ (object.company_id.email_formatted or user.email_formatted) }}',
      email_to: '{{ object.email_formatted }}',
    });
    const mailId = tpl.withContext({ create_user: true }).send_mail(6) as number;
    const [mail] = env.model('mail.mail').sudo().browse([mailId]).read(['subject', 'email_from', 'email_to', 'template_xmlid']);
    expect(mail).toMatchObject({
      subject: 'OdooBot from YourCompany invites you to connect to Odoo',
      email_from: '"YourCompany" <info@yourcompany.com>',
      email_to: '"Marc Demo" <mark.brown23@example.com>',
      template_xmlid: 'auth_signup.set_password_email',
    });
  });

  it('the password-reset mail is not a template: "Password reset" from the company to the login email', () => {
    expect(env.ref('auth_signup.reset_password_email', false)).toBeNull();
    env.model('res.users').browse([6]).action_reset_password();
    const [mail] = env.model('mail.mail').sudo().search_read([['subject', '=', 'Password reset']], ['email_from', 'email_to', 'message_type', 'auto_delete', 'body_html', 'template_xmlid']);
    expect(mail).toMatchObject({
      email_from: '"YourCompany" <info@yourcompany.com>', email_to: 'mark.brown23@example.com',
      message_type: 'user_notification', auto_delete: true, template_xmlid: 'auth_signup.reset_password_email',
    });
    expect(mail.body_html).toContain('/web/reset_password?');
  });
});
