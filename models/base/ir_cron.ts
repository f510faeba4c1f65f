/**
 * ir.cron (odoo/addons/base/models/ir_cron.py): scheduled actions, each delegating to an
 * ir.actions.server (usage 'ir_cron'); method_direct_trigger runs one now as its scheduler user,
 * _trigger asks for a run through ir.cron.trigger. This server runs no cron thread: jobs run
 * when triggered by hand (docs/framework.md).
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel, Vals } from '../orm/model';
import { param } from '../orm/signature';
import { nowUtc } from '../orm/fields';
import * as security from '../orm/security';
import { log } from '../tools/log';

export const irCron: ModelDecl = {
  _name: 'ir.cron',
  _description: 'Scheduled Actions',
  _order: 'cron_name',
  _rec_name: 'name',
  _inherits: { 'ir.actions.server': 'ir_actions_server_id' },
  fields: {
    ir_actions_server_id: { type: 'many2one', comodel: 'ir.actions.server', string: 'Server action', ondelete: 'restrict', required: true },
    cron_name: { type: 'char', string: 'Name', compute: '_compute_cron_name', store: true, depends: ['ir_actions_server_id.name'] },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Scheduler User', default: (m: BaseModel) => m.env.uid, required: true },
    active: { type: 'boolean', string: 'Active', default: true },
    interval_number: { type: 'integer', string: 'Interval Number', default: 1, help: 'Repeat every x.' },
    interval_type: { type: 'selection', string: 'Interval Unit', selection: [['minutes', 'Minutes'], ['hours', 'Hours'], ['days', 'Days'], ['weeks', 'Weeks'], ['months', 'Months']], default: 'months' },
    numbercall: { type: 'integer', string: 'Number of Calls', default: 1, help: 'How many times the method is called,\na negative number indicates no limit.' },
    doall: { type: 'boolean', string: 'Repeat Missed', help: 'Specify if missed occurrences should be executed when the server restarts.' },
    nextcall: { type: 'datetime', string: 'Next Execution Date', required: true, default: (m: BaseModel) => nowUtc(m.env.cr), help: 'Next planned execution date for this job.' },
    lastcall: { type: 'datetime', string: 'Last Execution Date', help: 'Previous time the cron ran successfully, provided to the job through the context on the `lastcall` key' },
    priority: { type: 'integer', string: 'Priority', default: 5, help: 'The priority of the job, as an integer: 0 means higher priority, 10 means lower priority.' },
  },
  rpc: {
    method_direct_trigger: { api: 'multi', params: [] },
    toggle: { api: 'model', params: ['model', 'domain'] },
    try_write: { api: 'multi', params: ['values'] },
  },
  methods: (Base) => class extends Base {
    _compute_cron_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['ir_actions_server_id'])) {
        out.set(id, v.ir_actions_server_id ? this.env.model('ir.actions.server').sudo().browse([v.ir_actions_server_id as number]).get('name') : false);
      }
      return out;
    }

    _create(valsList: Vals[]): this {
      return super._create(valsList.map((v) => ({ ...v, usage: 'ir_cron' })));
    }

    default_get(fieldsList: unknown): Vals {
      const self = this.env.context.default_state ? this : this.extendContext({ default_state: 'code' });
      return (Base.prototype as unknown as { default_get(this: BaseModel, f: unknown): Vals }).default_get.call(self, fieldsList);
    }

    /** Run the jobs now, as their scheduler user, with `lastcall` in the context. */
    method_direct_trigger(): boolean {
      security.checkAccessRights(this, 'write');
      for (const id of this.ids) {
        const cron = this.sudo().browse([id]);
        const v = cron._values(['user_id', 'lastcall', 'ir_actions_server_id', 'cron_name']).get(id);
        if (!v) continue;
        log('info', 'odoo.addons.base.models.ir_cron', `Manually starting job \`${v.cron_name}\`.`, this.env.dbName);
        const action = this.env.model('ir.actions.server').withUser(v.user_id as number).withContext({ ...this.env.context, lastcall: v.lastcall })
          .browse([v.ir_actions_server_id as number]);
        action._runAsCron();
        log('info', 'odoo.addons.base.models.ir_cron', `Job \`${v.cron_name}\` done.`, this.env.dbName);
        cron._write({ lastcall: nowUtc(this.env.cr) });
      }
      return true;
    }

    toggle(model: unknown, domain: unknown): boolean {
      if (this.env.model('ir.config_parameter').sudo().get_param('database.is_neutralized')) return true;
      const active = this.env.model(String(model)).search_count(domain) > 0;
      return this.try_write({ active });
    }

    try_write(values: unknown): boolean {
      this.write(values);
      return true;
    }

    /** _trigger(at=None): an ir.cron.trigger row asking for a run (now, or at the given times). */
    _trigger(at: unknown = null): BaseModel {
      this.ensureOne();
      const times = at === null || at === undefined ? [nowUtc(this.env.cr)] : Array.isArray(at) ? (at as string[]) : [String(at)];
      const now = nowUtc(this.env.cr);
      const active = this.sudo().get('active');
      const list = active ? times : times.filter((t) => t > now);
      return this.env.model('ir.cron.trigger').sudo().create(list.map((callAt) => ({ cron_id: this.ids[0], call_at: callAt })));
    }
  },
};

export const irCronTrigger: ModelDecl = {
  _name: 'ir.cron.trigger',
  _description: 'Triggered actions',
  _rec_name: 'cron_id',
  fields: {
    cron_id: { type: 'many2one', comodel: 'ir.cron', string: 'Cron', index: true, ondelete: 'cascade' },
    call_at: { type: 'datetime', string: 'Call At', index: true },
  },
};

/** Server actions run by a cron: code whose model the emulator does not have is skipped with a log line. */
export const irActionsServerCron: ModelDecl = {
  _inherit: 'ir.actions.server',
  methods: (Base) => class extends Base {
    _runAsCron(): unknown {
      const v = this.sudo()._values(['model_name', 'name']).get(this.ids[0]);
      if (!v || !this.env.has(String(v.model_name))) {
        log('info', 'odoo.addons.base.models.ir_cron', `Job \`${v?.name}\` skipped: model ${v?.model_name} is not emulated.`, this.env.dbName);
        return false;
      }
      return (this as unknown as { run(): unknown }).run();
    }
  },
};

export { param };
