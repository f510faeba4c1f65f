/**
 * Who may capture through payment.capture.wizard: any employee may open the wizard (Odoo's
 * access rights), but the capture reads the wizard's transactions as its user, so a plain
 * employee without billing rights gets Odoo's AccessError and the transaction stays authorized
 * (answers recorded on a real Odoo 17 with the same calls).
 */
import type { Database } from '../../../models/database';
import { callKw } from '../../../rpc/service/call_kw';
import { expectOdooError, saleDemoDb } from '../../models/orm_helpers';

let db: Database;
beforeAll(() => {
  db = saleDemoDb('capture_rights');
});

function kw(uid: number, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return db.cr.transaction(() => callKw(db, uid, model, method, args, kwargs, { unknownModel: 'user_error' }));
}

test("a plain employee's capture wizard refuses to capture; a billing user's captures", () => {
  const provider = kw(2, 'payment.provider', 'search', [[['code', '=', 'demo']]])[0];
  const method = kw(2, 'payment.method', 'search', [[['code', '=', 'demo']]], { context: { active_test: false } })[0];
  kw(2, 'payment.provider', 'write', [[provider], { capture_manually: true }]);
  const tx = kw(2, 'payment.transaction', 'create', [{ provider_id: provider, payment_method_id: method, amount: 10, currency_id: 1, partner_id: 10, operation: 'online_direct' }]);
  kw(2, 'payment.transaction', 'action_demo_set_done', [[tx]]);
  const employeeGroup = kw(2, 'ir.model.data', 'search_read', [[['module', '=', 'base'], ['name', '=', 'group_user']], ['res_id']])[0].res_id;
  const employee = kw(2, 'res.users', 'create', [{ name: 'Plain Employee', login: 'plain.capture', groups_id: [[6, 0, [employeeGroup]]] }]);
  const context = { context: { active_model: 'payment.transaction', active_ids: [tx] } };

  const wizard = kw(employee, 'payment.capture.wizard', 'create', [{}], context);
  expectOdooError(() => kw(employee, 'payment.capture.wizard', 'action_capture', [[wizard]]), 'odoo.exceptions.AccessError',
    "You are not allowed to access 'Payment Transaction' (payment.transaction) records.\n\nThis operation is allowed for the following groups:\n"
    + '\t- Administration/Settings\n\t- Invoicing/Billing\n\nContact your administrator to request access if necessary.');
  expect(kw(2, 'payment.transaction', 'read', [[tx], ['state']])[0].state).toBe('authorized');

  const own = kw(2, 'payment.capture.wizard', 'create', [{}], context);
  kw(2, 'payment.capture.wizard', 'action_capture', [[own]]);
  expect(kw(2, 'payment.transaction', 'read', [[tx], ['state']])[0].state).toBe('done');
});

test('a refund amount that is not a number: TypeError, as Odoo negates it, and no refund', () => {
  const done = kw(2, 'payment.transaction', 'search', [[['state', '=', 'done'], ['operation', '!=', 'refund']]], { limit: 1 });
  const refunds = () => kw(2, 'payment.transaction', 'search_count', [[['operation', '=', 'refund']]]);
  const before = refunds();
  for (const [value, type] of [['abc', 'str'], [[5], 'list'], [{ a: 1 }, 'dict']] as Array<[unknown, string]>) {
    expectOdooError(() => kw(2, 'payment.transaction', 'action_refund', [done], { amount_to_refund: value }), 'builtins.TypeError', `bad operand type for unary -: '${type}'`);
  }
  expect(refunds()).toBe(before);
});
