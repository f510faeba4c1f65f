/** The `payment_demo` module's manifest (Odoo 17: Payment Provider: Demo). */
import { defineManifest } from '../modules/manifest';
import type { Environment } from '../orm/environment';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'payment_demo',
  shortdesc: 'Payment Provider: Demo',
  version: '2.0',
  summary: 'A payment provider for running fake payment flows for demo purposes.',
  category: 'Hidden',
  sequence: 350,
  depends: ['payment'],
  data: ['data/payment_method_data.xml', 'data/payment_provider_data.xml'],
  // setup_provider(env, 'demo'): provider modules' common setup (account_payment adds the payment method)
  post_init_hook: (env: Environment) => env.model('payment.provider').sudo()._setup_provider('demo'),
  uninstall_hook: (env: Environment) => {
    const ids = env.model('payment.provider').sudo()._searchIds([['code', '=', 'demo']]);
    if (ids.length) env.model('payment.provider').sudo().browse(ids)._write({ code: 'none', state: 'disabled', is_published: false });
  },
  // loaded when a registry first includes the module (models/modules/manifest.ts)
  models: () => (require('./index') as typeof Models).paymentDemoModels,
});
