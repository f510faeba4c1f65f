/**
 * mail.template's model checks before create and write (mail_template.py _check_abstract_models):
 * a model id that does not exist answers Odoo's MissingError naming it (recorded on a real
 * Odoo 17, ref_default), before the foreign key could refuse it; a template of a real model is
 * created and moved to another one.
 */
import type { Database } from '../../models/database';
import { callKw } from '../../rpc/service/call_kw';
import { demoDb, expectOdooError } from './orm_helpers';

let db: Database;
beforeAll(() => {
  db = demoDb();
});

function kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): any {
  return db.cr.transaction(() => callKw(db, 2, model, method, args, kwargs, { unknownModel: 'user_error' }));
}

describe("a mail template's model", () => {
  test('that does not exist: MissingError naming the ir.model record, on create and on write', () => {
    const missing = 'Record does not exist or has been deleted.\n(Record: ir.model(999999,), User: 2)';
    expectOdooError(() => kw('mail.template', 'create', [{ name: 'T missing', model_id: 999999 }]), 'odoo.exceptions.MissingError', missing);
    const partner = kw('ir.model', 'search', [[['model', '=', 'res.partner']]])[0];
    const template = kw('mail.template', 'create', [{ name: 'T partner', model_id: partner }]);
    expectOdooError(() => kw('mail.template', 'write', [[template], { model_id: 999999 }]), 'odoo.exceptions.MissingError', missing);
    const users = kw('ir.model', 'search', [[['model', '=', 'res.users']]])[0];
    expect(kw('mail.template', 'write', [[template], { model_id: users }])).toBe(true);
    expect(kw('mail.template', 'read', [[template], ['model']])[0].model).toBe('res.users');
  });
});
