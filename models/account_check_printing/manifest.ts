/**
 * The `account_check_printing` module (Odoo 17: Check Printing Base), installed by account for US
 * companies: the "Checks" outbound payment method on bank journals and their check sequence.
 * Printing checks is not emulated.
 */
import { defineManifest } from '../modules/manifest';
import type { ModelDecl } from '../orm/registry';
import type { Environment } from '../orm/environment';

const journal: ModelDecl = {
  _inherit: 'account.journal',
  fields: {
    check_manual_sequencing: { type: 'boolean', string: 'Manual Numbering', default: false, help: 'Check this option if your pre-printed checks are not numbered.' },
    check_sequence_id: { type: 'many2one', comodel: 'ir.sequence', string: 'Check Sequence', readonly: true, copy: false, help: 'Checks numbering sequence.' },
  },
};

const payment: ModelDecl = {
  _inherit: 'account.payment',
  fields: {
    check_amount_in_words: { type: 'char', string: 'Amount in Words', readonly: true },
    check_manual_sequencing: { type: 'boolean', related: 'journal_id.check_manual_sequencing' },
    check_number: { type: 'char', string: 'Check Number', readonly: true, copy: false, help: 'The selected journal is configured to print check numbers. If your pre-printed check paper already has numbers or if the current numbering is wrong, you can change it in the journal configuration page.' },
  },
};

/** The Checks method joins every bank journal (payment method mode 'multi'), then each gets its sequence. */
function postInit(env: Environment): void {
  const method = env.xmlidLookup('account_check_printing.account_payment_method_check')?.[1];
  const banks = env.model('account.journal').sudo()._searchIds([['type', '=', 'bank']]);
  for (const j of banks) {
    if (method) env.model('account.payment.method.line').sudo()._create([{ journal_id: j, payment_method_id: method }]);
    const name = env.model('account.journal').sudo().browse([j]).get('name');
    const seq = env.model('ir.sequence').sudo()._create([{ name: `${name}: Check Number Sequence`, implementation: 'no_gap', padding: 5, number_increment: 1, company_id: env.model('account.journal').sudo().browse([j]).get('company_id') }]).ids[0];
    env.model('account.journal').sudo().browse([j])._write({ check_sequence_id: seq });
  }
}

export const manifest = defineManifest({
  name: 'account_check_printing',
  shortdesc: 'Check Printing Base',
  version: '1.0',
  summary: 'Check printing basic features',
  category: 'Accounting/Accounting',
  depends: ['account'],
  data: ['security/ir.model.access.csv', 'data/account_check_printing_data.xml'],
  post_init_hook: postInit,
  models: [journal, payment],
});
