/**
 * mail.tracking.value (one changed field of a tracking message) and mail.notification (one
 * recipient of a message: inbox or email), as in mail/models/mail_tracking_value.py and
 * mail_notification.py.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { AccessError, PyValueError } from '../orm/exceptions';
import { nowUtc } from '../orm/fields';
import { chunks, ident, type SqlParam } from '../orm/sql';
import * as security from '../orm/security';

/** fields_get information tracking needs about a field. */
export interface TrackedFieldInfo { string: string; type: string; selection?: Array<[string, string]>; currency_field?: string }

export const mailTrackingValue: ModelDecl = {
  _name: 'mail.tracking.value',
  _description: 'Mail Tracking Value',
  _rec_name: 'field_id',
  _order: 'id DESC',
  fields: {
    field_id: { type: 'many2one', comodel: 'ir.model.fields', string: 'Field', required: false, readonly: true, index: true, ondelete: 'set null' },
    field_info: { type: 'json', string: 'Removed field information' },
    field_groups: { type: 'char', string: 'Field Groups', compute: '_compute_field_groups', depends: ['mail_message_id', 'field_id'] },
    old_value_integer: { type: 'integer', string: 'Old Value Integer', readonly: true },
    old_value_float: { type: 'float', string: 'Old Value Float', readonly: true },
    old_value_char: { type: 'char', string: 'Old Value Char', readonly: true },
    old_value_text: { type: 'text', string: 'Old Value Text', readonly: true },
    old_value_datetime: { type: 'datetime', string: 'Old Value DateTime', readonly: true },
    new_value_integer: { type: 'integer', string: 'New Value Integer', readonly: true },
    new_value_float: { type: 'float', string: 'New Value Float', readonly: true },
    new_value_char: { type: 'char', string: 'New Value Char', readonly: true },
    new_value_text: { type: 'text', string: 'New Value Text', readonly: true },
    new_value_datetime: { type: 'datetime', string: 'New Value Datetime', readonly: true },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', readonly: true, ondelete: 'set null', help: 'Used to display the currency when tracking monetary values' },
    mail_message_id: { type: 'many2one', comodel: 'mail.message', string: 'Message ID', required: true, index: true, ondelete: 'cascade' },
  },
  methods: (Base) => class extends Base {
    /**
     * Create the tracking lines of messages (as superuser), in one INSERT per 100 lines where
     * the ORM's create writes one per line: the same rows (the given columns, converted as
     * create() converts them, and the log columns), the same ids in the same order. Lines are
     * plain stored values (no default, no computed field, nothing depends on them); when
     * defaults could apply (context or ir.default) or a value is not a plain column, create().
     * action_post logs three changes of the invoice.
     */
    _createLines(rows: Vals[]): void {
      if (!rows.length) return;
      const M = this.cls;
      const plain = (k: string) => {
        const f = M._fields[k];
        return !!f && f.store && f.type !== 'one2many' && f.type !== 'many2many' && !f.spec.compute && !f.spec.related && f.spec.default === undefined;
      };
      const ctxDefaults = Object.keys(this.env.context).some((k) => k.startsWith('default_'));
      if (ctxDefaults || !rows.every((r) => Object.keys(r).every(plain)) || Object.keys(this._userDefaults()).length) {
        this.sudo()._create(rows);
        return;
      }
      const now = nowUtc(this.env.cr);
      const uid = this.env.uid;
      const converted = rows.map((vals) => {
        const row: Record<string, SqlParam> = {};
        for (const [k, v] of Object.entries(vals)) row[k] = this._toColumn(M._fields[k], v);
        Object.assign(row, { create_uid: uid, write_uid: uid, create_date: now, write_date: now });
        return row;
      });
      // a column a line does not give is NULL, as when create() leaves it out (no SQL defaults)
      const columns = [...new Set(converted.flatMap((r) => Object.keys(r)))];
      for (const chunk of chunks(converted, 100)) {
        if (this.env.cr.foreignKeysDeferred) for (const row of chunk) this._checkMany2oneTargets(row);
        const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        this._runSql(`INSERT INTO ${ident(M._table)} (${columns.map(ident).join(', ')}) VALUES ${values}`,
          chunk.flatMap((row) => columns.map((c) => (c in row ? row[c] : null))));
      }
    }

    /** The groups of the tracked field (base.group_system when the field is gone). */
    _compute_field_groups(): Map<number, unknown> {
      const vals = this._values(['field_id']);
      const fieldIds = [...new Set([...vals.values()].map((v) => v.field_id).filter((x): x is number => typeof x === 'number'))];
      const info = new Map(fieldIds.length
        ? this.env.cr.all<{ id: number; model: string; name: string }>(`SELECT id, model, name FROM ir_model_fields WHERE id IN (${fieldIds.map(() => '?').join(',')})`, fieldIds).map((r) => [r.id, r])
        : []);
      return new Map(this.ids.map((id) => {
        const f = info.get(vals.get(id)?.field_id as number);
        const field = f && this.env.has(f.model) ? this.env.model(f.model).cls._fields[f.name] : undefined;
        return [id, field ? field.spec.groups ?? false : 'base.group_system'];
      }));
    }

    /**
     * Values of one tracking line (_create_tracking_values): old and new value in the columns of
     * the field's type; many2one keep id and display name, selections their label.
     */
    _trackingValues(initial: unknown, current: unknown, fname: string, info: TrackedFieldInfo, record: BaseModel): Vals {
      const fieldId = this.env.fieldId(record._name, fname);
      if (fieldId === null) throw new PyValueError(`Unknown field ${fname} on model ${record._name}`);
      const out: Vals = { field_id: fieldId };
      const names = (ids: unknown, comodel: string): string => {
        const list = (Array.isArray(ids) ? ids : []) as number[];
        if (!list.length) return '';
        const dn = this.env.model(comodel).browse(list)._displayNames();
        return list.map((i) => dn.get(i) || '').join(', ');
      };
      switch (info.type) {
        case 'integer': case 'float': case 'char': case 'text': case 'datetime':
          out[`old_value_${info.type}`] = initial;
          out[`new_value_${info.type}`] = current;
          break;
        case 'monetary':
          out.currency_id = info.currency_field ? record.get(info.currency_field) : false;
          out.old_value_float = initial;
          out.new_value_float = current;
          break;
        case 'date':
          out.old_value_datetime = initial ? `${initial} 00:00:00` : false;
          out.new_value_datetime = current ? `${current} 00:00:00` : false;
          break;
        case 'boolean':
          out.old_value_integer = initial ? 1 : 0;
          out.new_value_integer = current ? 1 : 0;
          break;
        case 'selection': {
          const labels = new Map(info.selection ?? []);
          out.old_value_char = initial ? labels.get(String(initial)) ?? initial : '';
          out.new_value_char = current ? labels.get(String(current)) ?? current : '';
          break;
        }
        case 'many2one': {
          const comodel = record.cls._fields[fname].comodel;
          out.old_value_integer = typeof initial === 'number' ? initial : 0;
          out.new_value_integer = typeof current === 'number' ? current : 0;
          out.old_value_char = typeof initial === 'number' ? names([initial], comodel) : '';
          out.new_value_char = typeof current === 'number' ? names([current], comodel) : '';
          break;
        }
        case 'one2many': case 'many2many': {
          const comodel = record.cls._fields[fname].comodel;
          out.old_value_char = names(initial, comodel);
          out.new_value_char = names(current, comodel);
          break;
        }
        default:
          throw new PyValueError(`Unsupported tracking on field ${fname} (type ${info.type}`);
      }
      return out;
    }
  },
};

export const mailNotification: ModelDecl = {
  _name: 'mail.notification',
  _description: 'Message Notifications',
  _table: 'mail_notification',
  _rec_name: 'res_partner_id',
  _log_access: false,
  fields: {
    author_id: { type: 'many2one', comodel: 'res.partner', string: 'Author', ondelete: 'set null' },
    mail_message_id: { type: 'many2one', comodel: 'mail.message', string: 'Message', index: true, ondelete: 'cascade', required: true },
    mail_mail_id: { type: 'many2one', comodel: 'mail.mail', string: 'Mail', index: true, help: 'Optional mail_mail ID. Used mainly to optimize searches.' },
    res_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Recipient', index: true, ondelete: 'cascade' },
    notification_type: { type: 'selection', string: 'Notification Type', default: 'inbox', index: true, required: true, selection: [['inbox', 'Inbox'], ['email', 'Email']] },
    notification_status: {
      type: 'selection', string: 'Status', default: 'ready', index: true,
      selection: [['ready', 'Ready to Send'], ['process', 'Processing'], ['pending', 'Sent'], ['sent', 'Delivered'], ['bounce', 'Bounced'], ['exception', 'Exception'], ['canceled', 'Canceled']],
    },
    is_read: { type: 'boolean', string: 'Is Read', index: true },
    read_date: { type: 'datetime', string: 'Read Date', copy: false },
    failure_type: {
      type: 'selection', string: 'Failure type',
      selection: [['unknown', 'Unknown error'], ['mail_bounce', 'Bounce'], ['mail_email_invalid', 'Invalid email address'], ['mail_email_missing', 'Missing email address'], ['mail_from_invalid', 'Invalid from address'], ['mail_from_missing', 'Missing from address'], ['mail_smtp', 'Connection failed (outgoing mail server problem)']],
    },
    failure_reason: { type: 'text', string: 'Failure reason', copy: false },
  },
  _sql_constraints: [['notification_partner_required', "CHECK(notification_type NOT IN ('email', 'inbox') OR res_partner_id IS NOT NULL)", 'Customer is required for inbox / email notification']],
  methods: (Base) => class extends Base {
    /** Creating a notification needs read access to its message; is_read stamps read_date. */
    create(valsList: unknown): this {
      const list = (Array.isArray(valsList) ? valsList : [valsList]) as Vals[];
      const messageIds = list.map((v) => v?.mail_message_id).filter((x): x is number => typeof x === 'number');
      const messages = this.env.model('mail.message').browse(messageIds);
      messages.check_access_rights('read');
      security.checkAccessRule(messages, 'read');
      return super.create(list.map((v) => (v && v.is_read ? { ...v, read_date: nowUtc(this.env.cr) } : v)));
    }
    /**
     * The scheduled cleanup (mail.ir_cron_delete_notification: `_gc_notifications(max_age_days=180)`):
     * notifications of internal partners read longer ago than that, delivered or canceled.
     * Keyword arguments from code come as a trailing object (models/tools/safe_eval.ts).
     */
    _gc_notifications(maxAgeDays: unknown = 180): boolean {
      const days = typeof maxAgeDays === 'number' ? maxAgeDays : Number((maxAgeDays as { max_age_days?: unknown } | null)?.max_age_days ?? 180);
      const limit = new Date(this.env.cr.clock.now() - days * 86400000).toISOString().slice(0, 19).replace('T', ' ');
      const ids = this._searchIds([['is_read', '=', true], ['read_date', '<', limit], ['res_partner_id.partner_share', '=', false], ['notification_status', 'in', ['sent', 'canceled']]]);
      if (ids.length) this.browse(ids).unlink();
      return true;
    }
    write(vals: unknown): boolean {
      const v = (vals ?? {}) as Vals;
      if (('mail_message_id' in v || 'res_partner_id' in v) && !this.env.su && !this.env.hasGroup('base.group_erp_manager')) {
        throw new AccessError('Can not update the message or recipient of a notification.');
      }
      return super.write(v.is_read ? { ...v, read_date: nowUtc(this.env.cr) } : v);
    }
  },
};
