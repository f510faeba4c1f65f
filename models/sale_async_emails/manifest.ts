/** `sale_async_emails` (auto-installed with sale): its parameter (off) only; the queued-mail cron is not emulated, mails are sent at once. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'sale_async_emails', shortdesc: 'Sales - Async Emails', version: '1.0', summary: 'Send order status emails asynchronously',
  category: 'Sales/Sales', depends: ['sale'], auto_install: true,
  data: ['data/ir_config_parameter.xml'],
});
