/**
 * account.move.action_switch_move_type (account_move.py, Odoo 17): the "Switch into credit
 * note / invoice" button of draft invoices, also what sale's _create_invoices(final=True) calls
 * on the invoices whose total came out negative.
 *
 * Refused once a move was ever posted (posted_before, so also after a reset to draft) and on
 * journal entries, with Odoo's ValidationErrors, in that order. Otherwise each move takes the
 * other type of its direction (out_invoice <-> out_refund, in_invoice <-> in_refund), loses its
 * number (numbered again for the new type) and its bank account; when its total is then
 * negative, the quantities of its product lines are negated, which makes it positive.
 */
import type { AnyModel, BaseModel } from '../orm/model';
import { ValidationError } from '../orm/exceptions';
import { existingValues } from '../tools/missing';
import { flushPendingMoves, syncScope } from './move_sync';

export function switchMoveType(moves: BaseModel): void {
  const self = moves as AnyModel;
  self._checkReadAccess();
  const rows = existingValues(moves.sudo(), ['posted_before', 'move_type']);
  if ([...rows.values()].some((r) => r.posted_before)) throw new ValidationError('You cannot switch the type of a posted document.');
  if ([...rows.values()].some((r) => r.move_type === 'entry')) throw new ValidationError("This action isn't available for this document.");
  syncScope(moves.env, () => {
    for (const id of moves.ids) {
      const move = moves.browse([id]) as AnyModel;
      const [inOut, kind] = String(rows.get(id)!.move_type).split('_');
      // name = False: the draft is numbered again in its new sequence (_compute_name)
      move._clearNumber();
      move.write({ move_type: `${inOut}_${kind === 'refund' ? 'invoice' : 'refund'}`, partner_bank_id: false, currency_id: move.sudo().get('currency_id') });
      move._computeName();
      flushPendingMoves(moves.env);
      if (Number(move.sudo().get('amount_total')) < 0) {
        const Line = moves.env.model('account.move.line').sudo();
        const lines = Line._searchIds([['move_id', '=', id], ['display_type', '=', 'product']], { order: 'sequence, id' });
        const qty = Line.browse(lines)._values(['quantity']);
        move.write({ line_ids: lines.map((l) => [1, l, { quantity: -Number(qty.get(l)!.quantity) }]) });
      }
    }
  });
}
