/**
 * The account crons (data/service_cron.xml). No cron thread runs here: a job runs when triggered
 * (ir.cron.method_direct_trigger).
 *  - Auto-post (ir_cron_auto_post_draft_entry, account_move.py _autopost_draft_entries): draft
 *    entries dated today or earlier with auto_post set, not marked "to check", 100 at a time,
 *    posted together, or one by one when one of them cannot be: those are marked to check, with
 *    the reason logged on them.
 *  - Send & Print in the background (ir_cron_account_move_send, _cron_account_move_send): the
 *    invoices holding the wizard's values (send_and_print_values), job_count at a time, per
 *    company. The emulator's wizard sends at once, so only values written otherwise wait here.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel } from '../orm/model';
import { UserError } from '../orm/exceptions';
import { contextToday } from '../tools/context_today';

const BATCH = 100;

export const accountMoveAutopost: ModelDecl = {
  _inherit: 'account.move',
  methods: (Base) => class extends Base {
    _autopost_draft_entries(): void {
      const ids = this._searchIds([
        ['state', '=', 'draft'], ['date', '<=', contextToday(this.env)], ['auto_post', '!=', 'no'], ['to_check', '=', false],
      ], { limit: BATCH });
      const cr = this.env.cr;
      try {
        cr.transaction(() => (this.browse(ids) as AnyModel)._post());
      } catch (batchError) {
        if (!(batchError instanceof UserError)) throw batchError;
        for (const id of ids) {
          const move = this.browse([id]) as AnyModel;
          try {
            cr.transaction(() => move._post());
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            move.write({ to_check: true });
            move.message_post({ body: `The move could not be posted for the following reason: ${e.message}`, message_type: 'comment' });
          }
        }
      }
      // a full batch: there may be more
      if (ids.length === BATCH) (this.env.ref('account.ir_cron_auto_post_draft_entry') as AnyModel)._trigger();
    }

    /** Keyword arguments from the cron's code come as a trailing object (models/tools/safe_eval.ts). */
    _cron_account_move_send(jobCount: unknown = 10): void {
      const given = jobCount !== null && typeof jobCount === 'object' ? (jobCount as { job_count?: unknown }).job_count : jobCount;
      const count = Number(given ?? 10) || 10;
      const ids = this.env.model('account.move')._searchIds([['send_and_print_values', '!=', false]], { limit: count + 1 });
      if (!ids.length) return;
      const todo = ids.slice(0, count);
      const companies = this.env.model('account.move').browse(todo)._values(['company_id']);
      const byCompany = new Map<unknown, number[]>();
      for (const id of todo) {
        const company = companies.get(id)?.company_id;
        byCompany.set(company, [...(byCompany.get(company) ?? []), id]);
      }
      for (const moves of byCompany.values()) {
        (this.env.model('account.move.send') as AnyModel)._process_send_and_print(this.env.model('account.move').browse(moves));
      }
      if (ids.length > count) (this.env.ref('account.ir_cron_account_move_send') as AnyModel)._trigger();
    }
  },
};
