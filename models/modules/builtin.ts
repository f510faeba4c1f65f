/**
 * The modules shipped with the emulator (each one's manifest lives in models/<name>/manifest.ts)
 * and the default module set: what a fresh database has, as a real Odoo 17 database created with
 * base, web, mail, portal, auth_signup, auth_totp and auth_totp_portal (plus what those pull in).
 */
import type { Manifest } from './manifest';
import { ACCOUNTING_MODULES } from './builtin_accounting';
import { SALES_MODULES } from './builtin_sales';
import { manifest as auth_signup } from '../auth_signup/manifest';
import { manifest as auth_totp } from '../auth_totp/manifest';
import { manifest as auth_totp_mail } from '../auth_totp_mail/manifest';
import { manifest as auth_totp_portal } from '../auth_totp_portal/manifest';
import { manifest as base } from '../base/manifest';
import { manifest as base_import } from '../base_import/manifest';
import { manifest as base_import_module } from '../base_import_module/manifest';
import { manifest as base_install_request } from '../base_install_request/manifest';
import { manifest as base_setup } from '../base_setup/manifest';
import { manifest as bus } from '../bus/manifest';
import { manifest as google_gmail } from '../google_gmail/manifest';
import { manifest as http_routing } from '../http_routing/manifest';
import { manifest as iap } from '../iap/manifest';
import { manifest as iap_mail } from '../iap_mail/manifest';
import { manifest as mail } from '../mail/manifest';
import { manifest as mail_bot } from '../mail_bot/manifest';
import { manifest as partner_autocomplete } from '../partner_autocomplete/manifest';
import { manifest as phone_validation } from '../phone_validation/manifest';
import { manifest as portal } from '../portal/manifest';
import { manifest as privacy_lookup } from '../privacy_lookup/manifest';
import { manifest as sms } from '../sms/manifest';
import { manifest as snailmail } from '../snailmail/manifest';
import { manifest as web } from '../web/manifest';
import { manifest as web_editor } from '../web_editor/manifest';
import { manifest as web_tour } from '../web_tour/manifest';
import { manifest as web_unsplash } from '../web_unsplash/manifest';

export const BUILTIN_MODULES: Manifest[] = [
  ...ACCOUNTING_MODULES,
  auth_signup, auth_totp, auth_totp_mail, auth_totp_portal, base, base_import,
  base_import_module, base_install_request, base_setup, bus, google_gmail, http_routing,
  iap, iap_mail, mail, mail_bot, partner_autocomplete, phone_validation,
  portal, privacy_lookup, sms, snailmail, web, web_editor,
  web_tour, web_unsplash,
  ...SALES_MODULES,
];

/** Modules named when the default database is created; the rest of its set comes from dependencies and auto_install. */
export const DEFAULT_MODULES = ['base', 'web', 'mail', 'portal', 'auth_signup', 'auth_totp', 'auth_totp_portal'];
