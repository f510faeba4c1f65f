/**
 * The auto-post cron (account.ir_cron_auto_post_draft_entry, account_move.py
 * _autopost_draft_entries): draft entries dated today or earlier with auto_post set, not marked
 * "to check", 100 at a time, posted together, or one by one when one of them cannot be: those
 * are marked to check, with the reason logged on them. No cron thread runs here: the job runs
 * when triggered (ir.cron.method_direct_trigger).
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
  },
};
