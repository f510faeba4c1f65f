/**
 * Activities (mail/models/mail_activity_type.py, mail_activity.py, mail_activity_mixin.py):
 * activity types, activities scheduled on any mail.activity.mixin record (assignment notice,
 * assignee subscribed as follower), their completion (a message on the record, then the
 * activity is deleted or archived) and the activity summary fields of the record.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { AND, OR, type Domain } from '../orm/domain';
import * as security from '../orm/security';
import { PyValueError } from '../orm/exceptions';
import { dateInZone, type Clock } from '../tools/clock';
import { contextToday } from '../tools/context_today';
import { todayUtc } from '../orm/fields';
import { Markup, escapeText, isHtmlEmpty } from './html';
import { accessibleIdsSql, filterAccessRules, userPartnerId } from './mail_message';
import { cleanContext } from '../orm/environment';
import { missingError } from '../tools/missing';

/** Models with a chatter, for mail.activity.type's res_model selection (is_mail_thread, not transient). */
function threadModelSelection(env: { registry: { models: Map<string, { _fields: Record<string, { spec: { inherited?: boolean } }>; _transient: boolean; _description: string }> } }): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, M] of env.registry.models) {
    const f = M._fields.message_follower_ids;
    if (f && !f.spec.inherited && !M._transient) out.push([name, M._description]);
  }
  return out.sort((a, b) => a[1].localeCompare(b[1]));
}

/** Today by the database's clock in a timezone (the assignee's), as YYYY-MM-DD. */
export function todayIn(cr: { clock: Clock }, tz: string | false | null): string {
  return dateInZone(cr.clock.now(), tz || null);
}

/** Activity state of a deadline (_compute_state_from_date). */
export function stateFromDate(cr: { clock: Clock }, deadline: string, tz: string | false | null): 'overdue' | 'today' | 'planned' {
  const today = todayIn(cr, tz);
  return deadline === today ? 'today' : deadline < today ? 'overdue' : 'planned';
}

/** Add days/weeks/months to a date (relativedelta; month ends clamp). */
export function addDelay(date: string, count: number, unit: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (unit === 'months') {
    const target = new Date(Date.UTC(y, m - 1 + count, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d, last));
    return target.toISOString().slice(0, 10);
  }
  const days = unit === 'weeks' ? count * 7 : count;
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A date in the user's language format (res.lang date_format, %m/%d/%Y for en_US). */
function formatDate(model: BaseModel, date: string): string {
  const lang = model.env.cr.get<{ lang: string | null }>('SELECT p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = ?', [model.env.uid])?.lang ?? 'en_US';
  const fmt = model.env.cr.get<{ date_format: string | null }>('SELECT date_format FROM res_lang WHERE code = ?', [lang])?.date_format ?? '%m/%d/%Y';
  const [y, m, d] = date.split('-');
  return fmt.replace(/%Y/g, y).replace(/%m/g, m).replace(/%d/g, d).replace(/%y/g, y.slice(2));
}

export const mailActivityType: ModelDecl = {
  _name: 'mail.activity.type',
  _description: 'Activity Type',
  _rec_name: 'name',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', string: 'Name', required: true, translate: true },
    summary: { type: 'char', string: 'Default Summary', translate: true },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    active: { type: 'boolean', default: true },
    delay_count: { type: 'integer', string: 'Schedule', default: 0, help: 'Number of days/week/month before executing the action. It allows to plan the action deadline.' },
    delay_unit: { type: 'selection', string: 'Delay units', selection: [['days', 'days'], ['weeks', 'weeks'], ['months', 'months']], required: true, default: 'days', help: 'Unit of delay' },
    delay_label: { type: 'char', compute: '_compute_delay_label', depends: ['delay_unit', 'delay_count'] },
    delay_from: { type: 'selection', string: 'Delay Type', selection: [['current_date', 'after completion date'], ['previous_activity', 'after previous activity deadline']], required: true, default: 'previous_activity', help: 'Type of delay' },
    icon: { type: 'char', string: 'Icon', help: 'Font awesome icon e.g. fa-tasks' },
    decoration_type: { type: 'selection', string: 'Decoration Type', selection: [['warning', 'Alert'], ['danger', 'Error']], help: 'Change the background color of the related activities of this type.' },
    res_model: { type: 'selection', string: 'Model', selection: threadModelSelection, help: 'Specify a model if the activity should be specific to a model and not available when managing activities for other models.' },
    triggered_next_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Trigger', ondelete: 'restrict', domain: "['|', ('res_model', '=', False), ('res_model', '=', res_model)]", help: 'Automatically schedule this activity once the current one is marked as done.' },
    chaining_type: { type: 'selection', string: 'Chaining Type', selection: [['suggest', 'Suggest Next Activity'], ['trigger', 'Trigger Next Activity']], required: true, default: 'suggest' },
    suggested_next_type_ids: { type: 'many2many', comodel: 'mail.activity.type', relation: 'mail_activity_rel', column1: 'activity_id', column2: 'recommended_id', string: 'Suggest', domain: "['|', ('res_model', '=', False), ('res_model', '=', res_model)]", help: 'Suggest these activities once the current one is marked as done.' },
    previous_type_ids: { type: 'many2many', comodel: 'mail.activity.type', relation: 'mail_activity_rel', column1: 'recommended_id', column2: 'activity_id', string: 'Preceding Activities', domain: "['|', ('res_model', '=', False), ('res_model', '=', res_model)]" },
    category: { type: 'selection', string: 'Action', selection: [['default', 'None'], ['upload_file', 'Upload Document'], ['phonecall', 'Phonecall']], default: 'default', help: 'Actions may trigger specific behavior like opening calendar view or automatically mark as done when a document is uploaded' },
    mail_template_ids: { type: 'many2many', comodel: 'mail.template', relation: 'mail_activity_type_mail_template_rel', column1: 'mail_activity_type_id', column2: 'mail_template_id', string: 'Email templates' },
    default_user_id: { type: 'many2one', comodel: 'res.users', string: 'Default User' },
    default_note: { type: 'html', string: 'Default Note', translate: true },
    keep_done: { type: 'boolean', string: 'Keep Done', help: 'Keep activities marked as done in the activity view' },
    initial_res_model: { type: 'selection', string: 'Initial model', selection: threadModelSelection, compute: '_compute_initial_res_model', store: false, help: 'Technical field to keep track of the model at the start of editing to support UX related behaviour' },
    res_model_change: { type: 'boolean', string: 'Model has change', default: false, store: false },
  },
  methods: (Base) => class extends Base {
    _compute_delay_label(): Map<number, unknown> {
      const vals = this._values(['delay_count', 'delay_unit']);
      return new Map(this.ids.map((id): [number, unknown] => [id, `${vals.get(id)!.delay_count} ${vals.get(id)!.delay_unit}`]));
    }
    _compute_initial_res_model(): Map<number, unknown> {
      const vals = this._values(['res_model']);
      return new Map(this.ids.map((id): [number, unknown] => [id, vals.get(id)!.res_model]));
    }
    /** Writing a trigger makes the type chain by trigger; clearing it back to suggest. */
    _write(vals: Vals): void {
      const v = { ...vals };
      if ('triggered_next_type_id' in v && !('chaining_type' in v)) v.chaining_type = v.triggered_next_type_id ? 'trigger' : 'suggest';
      if (v.chaining_type === 'trigger' && !('suggested_next_type_ids' in v)) v.suggested_next_type_ids = [[5]];
      if (v.chaining_type === 'suggest' && !('triggered_next_type_id' in v)) v.triggered_next_type_id = false;
      super._write(v);
    }
  },
};

export const mailActivity: ModelDecl = {
  _name: 'mail.activity',
  _description: 'Activity',
  _order: 'date_deadline ASC, id ASC',
  _rec_name: 'summary',
  fields: {
    res_model_id: { type: 'many2one', comodel: 'ir.model', string: 'Document Model', index: true, ondelete: 'cascade', required: true },
    res_model: { type: 'char', string: 'Related Document Model', index: true, related: 'res_model_id.model', store: true, readonly: true },
    res_id: { type: 'many2one_reference', string: 'Related Document ID', index: true, model_field: 'res_model' },
    res_name: { type: 'char', string: 'Document Name', compute: '_compute_res_name', compute_sudo: true, store: true, readonly: true, depends: ['res_model', 'res_id'] },
    activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Activity Type', domain: "['|', ('res_model', '=', False), ('res_model', '=', res_model)]", ondelete: 'restrict', default: (m: AnyModel) => m._default_activity_type() },
    activity_category: { type: 'selection', related: 'activity_type_id.category', readonly: true, selection: [['default', 'None'], ['upload_file', 'Upload Document'], ['phonecall', 'Phonecall']] },
    activity_decoration: { type: 'selection', related: 'activity_type_id.decoration_type', readonly: true, string: 'Decoration Type', selection: [['warning', 'Alert'], ['danger', 'Error']] },
    icon: { type: 'char', string: 'Icon', related: 'activity_type_id.icon', readonly: true },
    summary: { type: 'char', string: 'Summary' },
    note: { type: 'html', string: 'Note' },
    date_deadline: { type: 'date', string: 'Due Date', index: true, required: true, default: (m: BaseModel) => contextToday(m.env) },
    date_done: { type: 'date', string: 'Done Date', compute: '_compute_date_done', store: true, depends: ['active'] },
    automated: { type: 'boolean', string: 'Automated activity', readonly: true, help: 'Indicates this activity has been created automatically and not by any user.' },
    attachment_ids: { type: 'many2many', comodel: 'ir.attachment', relation: 'activity_attachment_rel', column1: 'activity_id', column2: 'attachment_id', string: 'Attachments' },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Assigned to', default: (m: BaseModel) => m.env.uid, index: true, required: true, ondelete: 'cascade' },
    request_partner_id: { type: 'many2one', comodel: 'res.partner', string: 'Requesting Partner' },
    state: { type: 'selection', string: 'State', selection: [['overdue', 'Overdue'], ['today', 'Today'], ['planned', 'Planned'], ['done', 'Done']], compute: '_compute_state', depends: ['active', 'date_deadline'] },
    recommended_activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Recommended Activity Type' },
    previous_activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Previous Activity Type', readonly: true },
    has_recommended_activities: { type: 'boolean', string: 'Next activities available', compute: '_compute_has_recommended_activities' },
    mail_template_ids: { type: 'many2many', comodel: 'mail.template', related: 'activity_type_id.mail_template_ids', readonly: true, string: 'Email templates' },
    chaining_type: { type: 'selection', related: 'activity_type_id.chaining_type', readonly: true, string: 'Chaining Type', selection: [['suggest', 'Suggest Next Activity'], ['trigger', 'Trigger Next Activity']] },
    can_write: { type: 'boolean', compute: '_compute_can_write', depends: ['res_model', 'res_id', 'user_id'] },
    active: { type: 'boolean', default: true },
  },
  _sql_constraints: [['check_res_id_is_set', 'CHECK(res_id IS NOT NULL AND res_id !=0 )', 'Activities have to be linked to records with a not null res_id.']],
  rpc: {
    action_notify: { api: 'multi', params: [] },
    action_done: { api: 'multi', params: [] },
    action_feedback: { api: 'multi', params: [param('feedback', false), param('attachment_ids', null)] },
    action_done_schedule_next: { api: 'multi', params: [] },
    action_feedback_schedule_next: { api: 'multi', params: [param('feedback', false), param('attachment_ids', null)] },
    action_close_dialog: { api: 'multi', params: [] },
    action_open_document: { api: 'multi', params: [] },
    activity_format: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    /** To-Do, else the model's first type, else the first generic one (_default_activity_type_for_model). */
    _default_activity_type(): number | false {
      const ctx = this.env.context;
      const model = (ctx.default_res_model as string | undefined)
        ?? (typeof ctx.default_res_model_id === 'number' ? this.env.model('ir.model').sudo().browse([ctx.default_res_model_id]).get('model') as string : undefined);
      return model ? this._default_activity_type_for_model(model) : false;
    }
    _default_activity_type_for_model(model: string): number | false {
      const Type = this.env.model('mail.activity.type').sudo();
      const todo = this.env.xmlidLookup('mail.mail_activity_data_todo')?.[1];
      if (todo) {
        const v = Type.withContext({ active_test: false }).browse([todo])._values(['active', 'res_model']).get(todo);
        if (v?.active && (!v.res_model || v.res_model === model)) return todo;
      }
      return Type._searchIds([['res_model', '=', model]], { limit: 1, order: 'sequence, id' })[0]
        ?? Type._searchIds([['res_model', '=', false]], { limit: 1, order: 'sequence, id' })[0] ?? false;
    }

    _compute_res_name(): Map<number, unknown> {
      const vals = this._values(['res_model', 'res_id']);
      return new Map(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id)!;
        if (!v.res_model || !this.env.has(String(v.res_model))) return [id, false];
        return [id, this.env.model(String(v.res_model)).sudo().browse([v.res_id as number])._displayNames().get(v.res_id as number) ?? false];
      }));
    }
    _compute_date_done(): Map<number, unknown> {
      const vals = this._values(['active', 'date_done']);
      const today = todayUtc(this.env.cr);
      return new Map(this.ids.map((id): [number, unknown] => [id, vals.get(id)!.active ? false : vals.get(id)!.date_done || today]));
    }
    _compute_state(): Map<number, unknown> {
      const vals = this._values(['active', 'date_deadline', 'user_id']);
      const tz = this._userTimezones([...vals.values()].map((v) => v.user_id as number));
      return new Map(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id)!;
        if (!v.date_deadline) return [id, false];
        return [id, v.active ? stateFromDate(this.env.cr, String(v.date_deadline), tz.get(v.user_id as number) ?? false) : 'done'];
      }));
    }
    /** Timezones of users (their partner's tz). */
    _userTimezones(uids: number[]): Map<number, string | false> {
      const ids = [...new Set(uids.filter(Boolean))];
      if (!ids.length) return new Map();
      return new Map(this.env.cr.all<{ id: number; tz: string | null }>(`SELECT u.id, p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id IN (${ids.map(() => '?').join(',')})`, ids).map((r) => [r.id, r.tz ?? false]));
    }
    _compute_has_recommended_activities(): Map<number, unknown> {
      const vals = this._values(['previous_activity_type_id']);
      return new Map(this.ids.map((id): [number, unknown] => {
        const prev = vals.get(id)!.previous_activity_type_id as number | false;
        return [id, !!prev && (this.env.model('mail.activity.type').sudo().browse([prev]).get('suggested_next_type_ids') as number[]).length > 0];
      }));
    }
    _compute_can_write(): Map<number, unknown> {
      const valid = new Set(filterAccessRules(this.withEnv(this.env.sudo(false)), 'write'));
      return new Map(this.ids.map((id) => [id, valid.has(id)]));
    }
    /** display_name: the summary, else the activity type's name. */
    _compute_display_name(): Map<number, unknown> {
      const vals = this._values(['summary', 'activity_type_id']);
      const types = this.env.model('mail.activity.type').browse([...new Set([...vals.values()].map((v) => v.activity_type_id).filter((x): x is number => typeof x === 'number'))])._displayNames();
      return new Map(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id)!;
        return [id, v.summary || (typeof v.activity_type_id === 'number' ? types.get(v.activity_type_id) ?? false : false)];
      }));
    }

    // ------------------------------------------------------------------------------------
    // access: the record rule, else the related document's access (_filter_access_rules)
    // ------------------------------------------------------------------------------------

    /**
     * The activities a user may access (mail_activity.py _filter_access_rules and _search):
     * read — those assigned to them, or on documents they may access as the document model's
     * _mail_post_access (write on chatter models); write/unlink — the record rule (created or
     * assigned), or the same document access; create — the document access only.
     */
    _accessDomain(mode: string, rules: Domain | null): Domain | null {
      const docs = this._documentsDomain(mode);
      if (mode === 'read') {
        const dom = OR([[['user_id', '=', this.env.uid]], docs]);
        return rules ? AND([rules, dom]) : dom;
      }
      if (mode === 'write' || mode === 'unlink') return rules ? OR([rules, docs]) : null;
      return docs;
    }

    /** Activities on documents the user may access for `mode` (see _accessDomain). */
    _documentsDomain(mode: string): Domain {
      const models = this.env.crossCall('mail.activity:models', () => this.env.cr.raw('SELECT DISTINCT res_model FROM mail_activity WHERE res_model IS NOT NULL').map((r) => r[0] as string));
      const parts: Domain[] = [];
      for (const docModel of models) {
        if (!this.env.has(docModel)) continue;
        const Doc = this.env.model(docModel).withContext({ ...this.env.context, active_test: false });
        const op = (Doc.cls as unknown as { _mail_post_access?: string })._mail_post_access ?? (mode === 'read' ? 'read' : 'write');
        if (!security.checkAccessRights(Doc, op, false)) continue;
        parts.push([['res_model', '=', docModel], ['res_id', 'in', accessibleIdsSql(Doc, op)]]);
      }
      return parts.length ? OR(parts) : [[0, '=', 1]];
    }

    // ------------------------------------------------------------------------------------
    // CRUD
    // ------------------------------------------------------------------------------------

    create(valsList: unknown): this {
      const activities = super.create(valsList) as AnyModel;
      const values = activities.sudo()._values(['user_id', 'res_model', 'res_id']);
      if (!this.env.context.mail_activity_quick_update) {
        const toNotify = activities.ids.filter((id: number) => values.get(id)?.user_id !== this.env.uid);
        if (toNotify.length) activities.browse(toNotify).sudo().action_notify();
      }
      // assignees follow the document
      const perDoc = new Map<string, Map<number, number[]>>();
      for (const v of values.values()) {
        if (!v.user_id) continue;
        const model = String(v.res_model);
        if (!perDoc.has(model)) perDoc.set(model, new Map());
        const byUser = perDoc.get(model)!;
        byUser.set(v.user_id as number, [...(byUser.get(v.user_id as number) ?? []), v.res_id as number]);
      }
      for (const [model, byUser] of perDoc) {
        if (!this.env.has(model)) continue;
        for (const [uid, resIds] of byUser) {
          const pid = this.env.model('res.users').sudo().browse([uid]).get('partner_id') as number;
          const recs = this.env.model(model).browse([...new Set(resIds)]) as AnyModel;
          if (typeof recs.message_subscribe === 'function') recs.message_subscribe([pid]);
        }
      }
      return activities as this;
    }

    write(vals: unknown): boolean {
      const v = (vals ?? {}) as Vals;
      const newUser = typeof v.user_id === 'number' ? v.user_id : false;
      const changed = newUser ? this.ids.filter((id) => this.sudo().browse([id]).get('user_id') !== newUser) : [];
      const res = super.write(vals);
      if (newUser && changed.length) {
        const recs = this.browse(changed) as AnyModel;
        if (newUser !== this.env.uid && !this.env.context.mail_activity_quick_update) recs.action_notify();
        const pid = this.env.model('res.users').sudo().browse([newUser]).get('partner_id') as number;
        for (const [, av] of recs.sudo()._values(['res_model', 'res_id'])) {
          if (!this.env.has(String(av.res_model))) continue;
          const doc = this.env.model(String(av.res_model)).browse([av.res_id as number]) as AnyModel;
          if (typeof doc.message_subscribe === 'function') doc.message_subscribe([pid]);
        }
      }
      return res;
    }

    // ------------------------------------------------------------------------------------
    // business methods
    // ------------------------------------------------------------------------------------

    /** Tell the assignee (message_notify on the document, mail.message_activity_assigned). */
    action_notify(): null {
      if (!this.ids.length) return null;
      fetchAsCaller(this);
      for (const id of this.ids) {
        const act = this.browse([id]).sudo();
        const v = act._values(['user_id', 'res_model', 'res_id', 'res_name', 'summary', 'activity_type_id', 'date_deadline', 'create_uid']).get(id);
        if (!v || !v.user_id || !this.env.has(String(v.res_model))) continue;
        const Users = this.env.model('res.users').sudo().withContext({ active_test: false });
        const user = Users.browse([v.user_id as number]);
        const typeName = v.activity_type_id ? this.env.model('mail.activity.type').sudo().browse([v.activity_type_id as number]).get('name') as string : '';
        const modelDescription = this.env.model(String(v.res_model)).cls._description;
        const body = activityAssignedBody({
          userName: String(user.get('name') ?? ''), creatorName: String(v.create_uid ? Users.browse([v.create_uid as number]).get('name') : ''),
          resName: String(v.res_name || ''), modelDescription, summary: v.summary ? String(v.summary) : '', deadline: formatDate(this, String(v.date_deadline)),
        });
        const record = this.env.model(String(v.res_model)).browse([v.res_id as number]) as AnyModel;
        record.message_notify({
          partner_ids: [user.get('partner_id')], body: new Markup(body), record_name: v.res_name, model_description: modelDescription,
          email_layout_xmlid: 'mail.mail_notification_layout',
          subject: `"${v.res_name}: ${v.summary || typeName}" assigned to you`,
          subtitles: [`Activity: ${typeName}`, `Deadline: ${formatDate(this, String(v.date_deadline))}`],
        });
      }
      return null;
    }

    action_done(): number | false {
      return this.action_feedback();
    }

    /** Mark done with an optional feedback: returns the id of the message posted on the document. */
    action_feedback(feedback: unknown = false, attachmentIds: unknown = null): number | false {
      const [messages] = this.withContext(cleanContext(this.env.context))._action_done(feedback, attachmentIds);
      return messages.length ? messages[0] : false;
    }

    action_done_schedule_next(): Vals | false {
      return this.action_feedback_schedule_next();
    }

    /** Mark done, then open the scheduling of the next activity (unless one was triggered). */
    action_feedback_schedule_next(feedback: unknown = false, attachmentIds: unknown = null): Vals | false {
      // the first activity's fields, read as Odoo's self.<field> reads them (an empty recordset
      // gives empty values, several records "Expected singleton")
      if (this.ids.length > 1) this.ensureOne();
      fetchAsCaller(this);
      const first = this.ids.length ? this.sudo().browse([this.ids[0]])._values(['activity_type_id', 'date_deadline', 'res_id', 'res_model']).get(this.ids[0]) : undefined;
      const ctx = {
        ...cleanContext(this.env.context),
        default_previous_activity_type_id: first?.activity_type_id ?? false,
        activity_previous_deadline: first?.date_deadline ?? false,
        default_res_id: first?.res_id ?? 0,
        default_res_model: first?.res_model ?? false,
      };
      const [, next] = this._action_done(feedback, attachmentIds);
      if (next.length) return false;
      return { name: 'Schedule an Activity', context: ctx, view_mode: 'form', res_model: 'mail.activity', views: [[false, 'form']], type: 'ir.actions.act_window', target: 'new' };
    }

    /**
     * Post the "done" message on each document (as the document's chatter, by the current
     * user), create triggered next activities, then archive (keep_done types) or delete.
     * Returns [message ids, next activity ids].
     */
    _action_done(feedback: unknown = false, attachmentIds: unknown = null): [number[], number[]] {
      // Odoo first looks for the activities' files (search_read on ir.attachment as the caller),
      // then reads the activities
      if (!this.env.su && this.env.has('ir.attachment')) security.checkAccessRights(this.env.model('ir.attachment'), 'read');
      fetchAsCaller(this);
      const messages: number[] = [];
      const nextValues: Vals[] = [];
      const me = userPartnerId(this);
      const keep: number[] = [];
      const drop: number[] = [];
      for (const id of this.ids) {
        const act = this.sudo().browse([id]);
        const v = act._values(['res_model', 'res_id', 'activity_type_id', 'user_id', 'summary', 'note', 'date_deadline', 'chaining_type']).get(id);
        if (!v) continue;
        const type = v.activity_type_id ? this.env.model('mail.activity.type').sudo().browse([v.activity_type_id as number])._values(['name', 'icon', 'keep_done', 'triggered_next_type_id', 'delay_count', 'delay_unit', 'delay_from', 'summary', 'default_note', 'default_user_id']).get(v.activity_type_id as number) : undefined;
        if (v.chaining_type === 'trigger' && type?.triggered_next_type_id) {
          nextValues.push(this._prepareNextActivity(v, type.triggered_next_type_id as number));
        }
        const record = this.env.model(String(v.res_model)).sudo().browse([v.res_id as number]) as AnyModel;
        const body = activityDoneBody({
          icon: String(type?.icon || ''), typeName: String(type?.name || ''),
          assignee: v.user_id !== this.env.uid ? String(this.env.model('res.users').sudo().withContext({ active_test: false }).browse([v.user_id as number]).get('name') ?? '') : null,
          summary: v.summary ? String(v.summary) : '', feedback: typeof feedback === 'string' && feedback ? feedback : '',
          note: v.note && !isHtmlEmpty(v.note) && v.note !== '<p><br></p>' ? String(v.note) : '',
        });
        const message = record.message_post({
          body: new Markup(body), attachment_ids: Array.isArray(attachmentIds) ? attachmentIds : null, author_id: me,
          mail_activity_type_id: v.activity_type_id || false, subtype_xmlid: 'mail.mt_activities',
        });
        messages.push(message.ids[0]);
        // files attached to the activity move to the message (and stay on a kept activity)
        if (this.env.has('ir.attachment')) {
          const Attachment = this.env.model('ir.attachment').sudo();
          const files = Attachment._searchIds([['res_model', '=', 'mail.activity'], ['res_id', '=', id]]);
          if (files.length) {
            Attachment.browse(files).write({ res_model: 'mail.message', res_id: message.ids[0] });
            message.sudo().write({ attachment_ids: files.map((f: number) => [4, f]) });
            if (type?.keep_done) act.write({ attachment_ids: files.map((f: number) => [4, f]) });
          }
        }
        (type?.keep_done ? keep : drop).push(id);
      }
      let next: number[] = [];
      if (nextValues.length) next = this.env.model('mail.activity').create(nextValues).ids;
      if (keep.length) this.browse(keep).action_archive();
      if (drop.length) this.browse(drop).unlink();
      return [messages, next];
    }

    /** Values of the activity a trigger creates (_prepare_next_activity_values). */
    _prepareNextActivity(prev: Vals, typeId: number): Vals {
      const type = this.env.model('mail.activity.type').sudo().browse([typeId])._values(['delay_count', 'delay_unit', 'delay_from', 'summary', 'default_note', 'default_user_id']).get(typeId)!;
      const base = type.delay_from === 'previous_activity' ? String(prev.date_deadline) : contextToday(this.env);
      return {
        res_id: prev.res_id, res_model_id: this.env.model('ir.model').sudo()._searchIds([['model', '=', prev.res_model]])[0],
        activity_type_id: typeId, previous_activity_type_id: prev.activity_type_id, summary: type.summary || false,
        note: type.default_note || false, user_id: type.default_user_id || this.env.uid,
        date_deadline: addDelay(base, Number(type.delay_count) || 0, String(type.delay_unit || 'days')),
      };
    }

    action_close_dialog(): Vals {
      return { type: 'ir.actions.act_window_close' };
    }

    action_open_document(): Vals {
      this.ensureOne();
      fetchAsCaller(this);
      const v = this._values(['res_id', 'res_model']).get(this.ids[0])!;
      return { res_id: v.res_id, res_model: v.res_model, target: 'current', type: 'ir.actions.act_window', view_mode: 'form' };
    }

    /** read() plus template and attachment names (activity_format). */
    activity_format(): Vals[] {
      const rows = this.read();
      fetchAsCaller(this);
      for (const r of rows) {
        const templates = (r.mail_template_ids as number[]) ?? [];
        r.mail_template_ids = templates.length ? this.env.model('mail.template').browse(templates).read(['name']) : [];
        const attachments = (r.attachment_ids as number[] | undefined) ?? [];
        r.attachment_ids = attachments.length ? this.env.model('ir.attachment').browse(attachments).read(['name']) : [];
      }
      return rows;
    }
  },
};

/** Body of the message posted when an activity is done (mail.message_activity_done, as rendered). */
export function activityDoneBody(a: { icon: string; typeName: string; assignee: string | null; summary: string; feedback: string; note: string }): string {
  let p = `\n        <span class="fa ${escapeText(a.icon)} fa-fw"></span><span>${escapeText(a.typeName)}</span> done`;
  if (a.assignee !== null) p += `\n         (originally assigned to <span>${escapeText(a.assignee)}</span>)`;
  if (a.summary) p += `\n        <span>: </span><span>${escapeText(a.summary)}</span>`;
  let body = `\n    <p>${p}\n    </p>`;
  if (a.feedback) body += `\n    <div>${a.feedback.split('\n').map((l) => `\n            ${escapeText(l)}`).join('\n            <br>')}\n    </div>`;
  if (a.note) body += `\n    \n        <div class="o_mail_note_title"><strong>Original note:</strong></div>\n        <div>${a.note}</div>`;
  return `${body}\n`;
}

/** Body of the assignment notice (mail.message_activity_assigned, as rendered). */
export function activityAssignedBody(a: { userName: string; creatorName: string; resName: string; modelDescription: string; summary: string; deadline: string }): string {
  return `<div style="margin:0px; padding:0px; font-size:13px">\n    Dear <span>${escapeText(a.userName)}</span>,\n    <br><br>\n    <p>\n`
    + `        <span>${escapeText(a.creatorName)}</span> has just assigned you the following activity:\n        </p><ul>\n`
    + `            <li>Document: "${escapeText(a.resName)}"\n${a.modelDescription ? `                 (${escapeText(a.modelDescription)})\n` : ''}            </li>\n`
    + (a.summary ? `            <li>Summary: <span>${escapeText(a.summary)}</span></li>\n` : '')
    + `            <li>Deadline: <span>${escapeText(a.deadline)}</span></li>\n        </ul>\n    \n</div>`;
}

export const mailActivityMixin: ModelDecl = {
  _name: 'mail.activity.mixin',
  _description: 'Activity Mixin',
  _abstract: true,
  fields: {
    activity_ids: { type: 'one2many', comodel: 'mail.activity', inverse_name: 'res_id', string: 'Activities', auto_join: true, groups: 'base.group_user' },
    activity_state: {
      type: 'selection', string: 'Activity State', selection: [['overdue', 'Overdue'], ['today', 'Today'], ['planned', 'Planned']],
      compute: '_compute_activity_state', search: '_search_activity_state', groups: 'base.group_user', depends: ['activity_ids.state'],
      help: 'Status based on activities\nOverdue: Due date is already passed\nToday: Activity date is today\nPlanned: Future activities.',
    },
    activity_user_id: { type: 'many2one', comodel: 'res.users', string: 'Responsible User', compute: '_compute_activity_user_id', readonly: true, search: '_search_activity_user_id', groups: 'base.group_user', depends: ['activity_ids.user_id'] },
    activity_type_id: { type: 'many2one', comodel: 'mail.activity.type', string: 'Next Activity Type', related: 'activity_ids.activity_type_id', readonly: false, search: '_search_activity_type_id', groups: 'base.group_user', domain: "['|', ('res_model', '=', False), ('res_model', '=', res_model)]" },
    activity_type_icon: { type: 'char', string: 'Activity Type Icon', related: 'activity_ids.icon', help: 'Font awesome icon e.g. fa-tasks' },
    activity_date_deadline: { type: 'date', string: 'Next Activity Deadline', compute: '_compute_activity_date_deadline', search: '_search_activity_date_deadline', readonly: true, store: false, groups: 'base.group_user', depends: ['activity_ids.date_deadline'] },
    my_activity_date_deadline: { type: 'date', string: 'My Activity Deadline', compute: '_compute_my_activity_date_deadline', search: '_search_my_activity_date_deadline', readonly: true, groups: 'base.group_user', depends: ['activity_ids.date_deadline', 'activity_ids.user_id'] },
    activity_summary: { type: 'char', string: 'Next Activity Summary', related: 'activity_ids.summary', readonly: false, search: '_search_activity_summary', groups: 'base.group_user' },
    activity_exception_decoration: { type: 'selection', string: 'Activity Exception Decoration', selection: [['warning', 'Alert'], ['danger', 'Error']], compute: '_compute_activity_exception_type', search: '_search_activity_exception_decoration', depends: ['activity_ids.activity_type_id.decoration_type', 'activity_ids.activity_type_id.icon'], help: 'Type of the exception activity on record.' },
    activity_exception_icon: { type: 'char', string: 'Icon', compute: '_compute_activity_exception_type', depends: ['activity_ids.activity_type_id.decoration_type', 'activity_ids.activity_type_id.icon'], help: 'Icon to indicate an exception activity.' },
  },
  rpc: {
    activity_schedule: { api: 'multi', params: [param('act_type_xmlid', ''), param('date_deadline', null), param('summary', ''), param('note', '')], varkw: true, qualname: 'MailActivityMixin.activity_schedule' },
    activity_feedback: { api: 'multi', params: ['act_type_xmlids', param('user_id', null), param('feedback', null), param('attachment_ids', null)], qualname: 'MailActivityMixin.activity_feedback' },
    activity_unlink: { api: 'multi', params: ['act_type_xmlids', param('user_id', null)], qualname: 'MailActivityMixin.activity_unlink' },
    activity_reschedule: { api: 'multi', params: ['act_type_xmlids', param('user_id', null), param('date_deadline', null), param('new_user_id', null)], qualname: 'MailActivityMixin.activity_reschedule' },
  },
  methods: (Base) => class extends Base {
    /** Activities of these records (active ones, the reader's access applied), ordered. */
    _activitiesOf(): Map<number, Vals[]> {
      const out = new Map<number, Vals[]>(this.ids.map((id) => [id, []]));
      if (!this.ids.length) return out;
      const ids = this._readX2many(this.cls._fields.activity_ids);
      const all = [...new Set([...ids.values()].flat())];
      const vals = this.env.model('mail.activity').sudo().browse(all)._values(['user_id', 'date_deadline', 'activity_type_id', 'state']);
      for (const [rid, acts] of ids) out.set(rid, acts.map((a) => ({ id: a, ...vals.get(a) })));
      return out;
    }
    _compute_activity_state(): Map<number, unknown> {
      const acts = this._activitiesOf();
      return new Map(this.ids.map((id): [number, unknown] => {
        const states = acts.get(id)!.map((a) => a.state);
        return [id, states.includes('overdue') ? 'overdue' : states.includes('today') ? 'today' : states.includes('planned') ? 'planned' : false];
      }));
    }
    _compute_activity_user_id(): Map<number, unknown> {
      const acts = this._activitiesOf();
      return new Map(this.ids.map((id): [number, unknown] => [id, acts.get(id)![0]?.user_id ?? false]));
    }
    _compute_activity_date_deadline(): Map<number, unknown> {
      const acts = this._activitiesOf();
      return new Map(this.ids.map((id): [number, unknown] => [id, acts.get(id)![0]?.date_deadline ?? false]));
    }
    _compute_my_activity_date_deadline(): Map<number, unknown> {
      const acts = this._activitiesOf();
      return new Map(this.ids.map((id): [number, unknown] => [id, acts.get(id)!.find((a) => a.user_id === this.env.uid)?.date_deadline ?? false]));
    }
    _compute_activity_exception_type(f: { name: string }): Map<number, unknown> {
      const acts = this._activitiesOf();
      const typeIds = [...new Set([...acts.values()].flat().map((a) => a.activity_type_id).filter((x): x is number => typeof x === 'number'))];
      const types = this.env.model('mail.activity.type').sudo().withContext({ active_test: false }).browse(typeIds)._values(['decoration_type', 'icon']);
      return new Map(this.ids.map((id): [number, unknown] => {
        let exception: Vals | undefined;
        for (const a of acts.get(id)!) {
          const t = types.get(a.activity_type_id as number);
          if (!t) continue;
          if (t.decoration_type === 'danger') { exception = t; break; }
          if (t.decoration_type === 'warning') exception = t;
        }
        if (!exception) return [id, false];
        return [id, f.name === 'activity_exception_icon' ? exception.icon : exception.decoration_type];
      }));
    }
    _search_activity_exception_decoration(operator: string, operand: unknown): Domain {
      return [['activity_ids.activity_type_id.decoration_type', operator, operand]];
    }
    _search_activity_state(operator: string, value: unknown): Domain {
      const all = ['overdue', 'today', 'planned', false];
      let wanted: unknown[];
      if (operator === '=') wanted = [value];
      else if (operator === '!=') wanted = all.filter((s) => s !== value);
      else if (operator === 'in') wanted = Array.isArray(value) ? value : [value];
      else if (operator === 'not in') wanted = all.filter((s) => !(Array.isArray(value) ? value : [value]).includes(s));
      else throw new PyValueError(`Invalid operator ${operator} for activity_state`);
      wanted = wanted.map((s) => s || false);
      let reverse = false;
      if (wanted.includes(false)) {
        reverse = true;
        wanted = all.filter((s) => !wanted.includes(s));
      }
      const rows = this.env.cr.all<{ res_id: number; date_deadline: string; tz: string | null }>(
        `SELECT a.res_id, a.date_deadline, p.tz FROM mail_activity a LEFT JOIN res_users u ON u.id = a.user_id LEFT JOIN res_partner p ON p.id = u.partner_id
          WHERE a.res_model = ? AND a.active = 1`, [this._name]);
      const rank = { overdue: -1, today: 0, planned: 1 } as const;
      const best = new Map<number, number>();
      for (const r of rows) {
        const s = rank[stateFromDate(this.env.cr, r.date_deadline, r.tz ?? false)];
        best.set(r.res_id, Math.min(best.get(r.res_id) ?? 2, s));
      }
      const wantedRanks = new Set(wanted.map((s) => rank[s as keyof typeof rank]));
      const ids = [...best.entries()].filter(([, s]) => wantedRanks.has(s as -1 | 0 | 1)).map(([id]) => id);
      return [['id', reverse ? 'not in' : 'in', ids]];
    }
    _search_activity_date_deadline(operator: string, operand: unknown): Domain {
      if (operator === '=' && !operand) return [['activity_ids', '=', false]];
      return [['activity_ids.date_deadline', operator, operand]];
    }
    _search_activity_user_id(operator: string, operand: unknown): Domain {
      if (typeof operand === 'boolean' && ((operator === '=' && !operand) || (operator === '!=' && operand))) return [['activity_ids', '=', false]];
      return [['activity_ids', 'any', [['active', 'in', [true, false]], ['user_id', operator, operand]]]];
    }
    _search_activity_type_id(operator: string, operand: unknown): Domain {
      return [['activity_ids.activity_type_id', operator, operand]];
    }
    _search_activity_summary(operator: string, operand: unknown): Domain {
      return [['activity_ids.summary', operator, operand]];
    }
    _search_my_activity_date_deadline(operator: string, operand: unknown): Domain {
      const ids = this.env.model('mail.activity')._searchIds([['date_deadline', operator, operand], ['res_model', '=', this._name], ['user_id', '=', this.env.uid]]);
      return [['activity_ids', 'in', ids]];
    }

    /** Archiving a record deletes its activities. */
    _write(vals: Vals): void {
      if ('active' in vals && vals.active === false && this.ids.length) this._unlinkActivities(this.ids);
      super._write(vals);
    }
    _unlink(): void {
      const ids = this.ids;
      super._unlink();
      if (ids.length) this._unlinkActivities(ids);
    }
    _unlinkActivities(ids: number[]): void {
      const Activity = this.env.model('mail.activity').sudo();
      const found = Activity.withContext({ active_test: false })._searchIds([['res_model', '=', this._name], ['res_id', 'in', ids]]);
      if (found.length) Activity.browse(found)._unlink();
    }

    /** Schedule an activity on each record (activity_schedule); automated unless told otherwise. */
    activity_schedule(actTypeXmlid: unknown = '', dateDeadline: unknown = null, summary: unknown = '', note: unknown = '', actValues: Vals = {}): BaseModel | false {
      if (this.env.context.mail_activity_automation_skip) return false;
      const deadline = typeof dateDeadline === 'string' && dateDeadline ? dateDeadline : contextToday(this.env);
      const Activity = this.env.model('mail.activity') as AnyModel;
      let typeId: number | false = false;
      if (actTypeXmlid) typeId = this.env.xmlidLookup(String(actTypeXmlid))?.[1] ?? Activity._default_activity_type_for_model(this._name);
      else typeId = (actValues.activity_type_id as number | undefined) || false;
      // the type's summary, note and responsible are read as the caller, once there is a record
      const Type = this.env.model('mail.activity.type');
      if (typeId && this.ids.length && !this.env.su) security.checkReadAccess(Type.browse([typeId]));
      const type = typeId ? Type.sudo().browse([typeId])._values(['summary', 'default_note', 'default_user_id']).get(typeId) : undefined;
      const modelId = this.env.model('ir.model').sudo()._searchIds([['model', '=', this._name]])[0];
      const valsList = this.ids.map((id) => {
        const vals: Vals = {
          activity_type_id: typeId, summary: summary || type?.summary || false, automated: true,
          note: note || type?.default_note || false, date_deadline: deadline, res_model_id: modelId, res_id: id, ...actValues,
        };
        if (!vals.user_id) vals.user_id = type?.default_user_id || this.env.uid;
        return vals;
      });
      return Activity.create(valsList);
    }

    /** Automated activities of given types on these records (activity_search). */
    _activitySearch(xmlids: unknown, userId: unknown = null): BaseModel {
      const Activity = this.env.model('mail.activity');
      const typeIds = (Array.isArray(xmlids) ? xmlids : []).map((x) => this.env.xmlidLookup(String(x))?.[1]).filter((x): x is number => !!x);
      if (this.env.context.mail_activity_automation_skip || !typeIds.length) return Activity;
      const domain: Domain = [['res_model', '=', this._name], ['res_id', 'in', this.ids], ['automated', '=', true], ['activity_type_id', 'in', typeIds]];
      if (userId) domain.push(['user_id', '=', userId]);
      return Activity.search(domain);
    }
    activity_feedback(xmlids: unknown, userId: unknown = null, feedback: unknown = null, attachmentIds: unknown = null): boolean {
      if (this.env.context.mail_activity_automation_skip) return false;
      const acts = this._activitySearch(xmlids, userId) as AnyModel;
      if (!(Array.isArray(xmlids) && xmlids.some((x) => this.env.xmlidLookup(String(x))))) return false;
      if (acts.ids.length) acts.action_feedback(feedback ?? false, attachmentIds);
      return true;
    }
    activity_unlink(xmlids: unknown, userId: unknown = null): boolean {
      if (this.env.context.mail_activity_automation_skip) return false;
      if (!(Array.isArray(xmlids) && xmlids.some((x) => this.env.xmlidLookup(String(x))))) return false;
      const acts = this._activitySearch(xmlids, userId);
      if (acts.ids.length) acts.unlink();
      return true;
    }
    activity_reschedule(xmlids: unknown, userId: unknown = null, dateDeadline: unknown = null, newUserId: unknown = null): BaseModel | false {
      if (this.env.context.mail_activity_automation_skip) return false;
      if (!(Array.isArray(xmlids) && xmlids.some((x) => this.env.xmlidLookup(String(x))))) return false;
      const acts = this._activitySearch(xmlids, userId);
      const vals: Vals = {};
      if (dateDeadline) vals.date_deadline = dateDeadline;
      if (newUserId) vals.user_id = newUserId;
      if (acts.ids.length && Object.keys(vals).length) acts.write(vals);
      return acts;
    }
  },
};


/**
 * What reading a field of `records` checks in Odoo (fetch): the read ACL, the read rules, then
 * that every record exists (MissingError naming the missing ones). Superuser calls skip it.
 */
function fetchAsCaller(records: BaseModel): void {
  if (records.env.su || !records.ids.length) return;
  security.checkReadAccess(records);
  const existing = new Set(records.exists().ids);
  const missing = records.ids.filter((id) => !existing.has(id));
  if (missing.length) throw missingError(records, missing);
}
