/** `sale_async_emails` (auto-installed with sale): order status mails kept for a cron when `sale.async_emails` is on (off by default: sent at once). */
import { defineManifest } from '../modules/manifest';
import type * as Models from './index';

export const manifest = defineManifest({
  name: 'sale_async_emails', shortdesc: 'Sales - Async Emails', version: '1.0', summary: 'Send order status emails asynchronously',
  category: 'Sales/Sales', depends: ['sale'], auto_install: true,
  data: ['data/ir_config_parameter.xml', 'data/ir_cron.xml'],
  models: () => (require('./index') as typeof Models).saleAsyncEmailsModels,
});
