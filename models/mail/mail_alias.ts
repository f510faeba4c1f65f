/**
 * mail.alias and mail.alias.domain basics (addons/mail/models/mail_alias.py, mail_alias_domain.py):
 * alias names sanitized as Odoo does, alias_full_name = name@domain, uniqueness per domain.
 * Incoming mail is not processed by this server.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { UserError, ValidationError } from '../orm/exceptions';

/** _sanitize_alias_name: accents removed, lower case, left part only, invalid characters → '-'. */
export function sanitizeAliasName(name: unknown, isEmail = false): string | false {
  let s = typeof name === 'string' ? name.trim() : '';
  const right = isEmail ? s.toLowerCase().split('@').slice(1).join('@') : '';
  if (s) {
    s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split('@')[0];
    s = s.replace(/^\.+|\.+$|\.+(?=\.)/g, '');
    s = s.replace(/[^\w!#$%&'*+\-/=?^_`{|}~.]+/gu, '-');
    s = s.replace(/[^\x00-\x7f]/g, '?');
  }
  if (!s.trim()) return false;
  return isEmail && right ? `${s}@${right}` : s;
}

export const mailAliasDomain: ModelDecl = {
  _name: 'mail.alias.domain',
  _description: 'Email Domain',
  _order: 'sequence ASC, id ASC',
  fields: {
    name: { type: 'char', string: 'Name', required: true, help: "Email domain e.g. 'example.com' in 'odoo@example.com'" },
    company_ids: { type: 'one2many', comodel: 'res.company', inverse_name: 'alias_domain_id', string: 'Companies', help: 'Companies using this domain as default for sending mails' },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    bounce_alias: { type: 'char', string: 'Bounce Alias', default: 'bounce', required: true },
    bounce_email: { type: 'char', string: 'Bounce Email', compute: '_compute_emails' },
    catchall_alias: { type: 'char', string: 'Catchall Alias', default: 'catchall', required: true },
    catchall_email: { type: 'char', string: 'Catchall Email', compute: '_compute_emails' },
    default_from: { type: 'char', string: 'Default From Alias', default: 'notifications' },
    default_from_email: { type: 'char', string: 'Default From', compute: '_compute_emails' },
  },
  _sql_constraints: [['name_unique', 'UNIQUE(name)', 'Email domain name must be unique']],
  methods: (Base) => class extends Base {
    _compute_emails(f: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['name', 'bounce_alias', 'catchall_alias', 'default_from'])) {
        const local = f.name === 'bounce_email' ? v.bounce_alias : f.name === 'catchall_email' ? v.catchall_alias : v.default_from;
        out.set(id, local ? (String(local).includes('@') ? local : `${local}@${v.name}`) : '');
      }
      return out;
    }
  },
};

export const mailAlias: ModelDecl = {
  _name: 'mail.alias',
  _description: 'Email Aliases',
  _rec_name: 'alias_name',
  _order: 'alias_model_id, alias_name',
  fields: {
    alias_name: { type: 'char', string: 'Alias Name', copy: false, help: 'The name of the email alias, e.g. \'jobs\' if you want to catch emails for <jobs@example.odoo.com>' },
    alias_full_name: { type: 'char', string: 'Alias Email', compute: '_compute_alias_full_name', store: true, index: 'btree_not_null', depends: ['alias_domain_id', 'alias_name'] },
    alias_domain_id: { type: 'many2one', comodel: 'mail.alias.domain', string: 'Alias Domain', ondelete: 'restrict' },
    alias_domain: { type: 'char', string: 'Alias domain name', related: 'alias_domain_id.name' },
    alias_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Aliased Model', required: true, ondelete: 'cascade', help: 'The model (Odoo Document Kind) to which this alias corresponds. Any incoming email that does not reply to an existing record will cause the creation of a new record of this model (e.g. a Project Task)' },
    alias_defaults: { type: 'text', string: 'Default Values', required: true, default: '{}', help: 'A Python dictionary that will be evaluated to provide default values when creating new records for this alias.' },
    alias_force_thread_id: { type: 'integer', string: 'Record Thread ID', help: 'Optional ID of a thread (record) to which all incoming messages will be attached, even if they did not reply to it. If set, this will disable the creation of new records completely.' },
    alias_parent_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Parent Model', help: 'Parent model holding the alias. The model holding the alias reference is not necessarily the model given by alias_model_id (example: project (parent_model) and task (model))' },
    alias_parent_thread_id: { type: 'integer', string: 'Parent Record Thread ID', help: 'ID of the parent record holding the alias (example: project holding the task creation alias)' },
    alias_contact: { type: 'selection', string: 'Alias Contact Security', required: true, default: 'everyone', selection: [['everyone', 'Everyone'], ['partners', 'Authenticated Partners'], ['followers', 'Followers only']], help: 'Policy to post a message on the document using the mailgateway.\n- everyone: everyone can post\n- partners: only authenticated partners\n- followers: only followers of the related document or members of following channels\n' },
    alias_incoming_local: { type: 'boolean', string: 'Local-part based incoming detection', default: false },
    alias_bounced_content: { type: 'html', string: 'Custom Bounced Message', translate: true },
    alias_status: { type: 'selection', string: 'Alias Status', readonly: true, selection: [['not_tested', 'Not Tested'], ['valid', 'Valid'], ['invalid', 'Invalid']] },
  },
  constrains: { _check_alias_defaults: ['alias_defaults'] },
  methods: (Base) => class extends Base {
    _compute_alias_full_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['alias_name', 'alias_domain_id'])) {
        const domain = v.alias_domain_id ? this.env.model('mail.alias.domain').sudo().browse([v.alias_domain_id as number]).get('name') : null;
        out.set(id, v.alias_name ? (domain ? `${v.alias_name}@${domain}` : v.alias_name) : false);
      }
      return out;
    }

    _compute_display_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['alias_name', 'alias_full_name'])) out.set(id, v.alias_name ? v.alias_full_name : 'Inactive Alias');
      return out;
    }

    _check_alias_defaults(): void {
      for (const [, v] of this._values(['alias_defaults'])) {
        if (!/^\s*\{[\s\S]*\}\s*$/.test(String(v.alias_defaults ?? '{}'))) {
          throw new ValidationError(`Invalid expression, it must be a literal python dictionary definition e.g. "{'field': 'value'}"`);
        }
      }
    }

    /** Names are sanitized, and unique per domain (mail_alias.py _clean_and_check_unique). */
    _clean(vals: Vals, ids: number[]): Vals {
      if (!vals.alias_name) return vals;
      const name = sanitizeAliasName(vals.alias_name);
      const out = { ...vals, alias_name: name };
      if (name) {
        const clash = this.sudo()._searchIds([['alias_name', '=', name], ['id', 'not in', ids], ['alias_domain_id', '=', vals.alias_domain_id ?? false]], { limit: 1 });
        if (clash.length) throw new UserError(`The e-mail alias ${name} is already used. Please choose another alias.`);
      }
      return out;
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => this._clean(v, [])));
    }

    _write(vals: Vals): void {
      super._write(this._clean(vals, this.ids));
    }
  },
};

export type { BaseModel };
