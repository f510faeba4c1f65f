/**
 * The audit of every method reachable over RPC (issue 17, item 1). Odoo 17 lets any public method
 * of any model be called remotely (only `_`-prefixed names and `init` are refused, odoo/models.py
 * check_method_name); what protects a method is that it runs with the caller's rights. Each method
 * the registry exposes is listed here with the review's verdict, and new models or methods added
 * later fail the first test until someone reviews them. The second part calls every
 * model-specific method as the portal user and as demo (internal) and pins the answer the
 * reference Odoo 17 gave to the same call (recorded; where the emulator's refusal differs only in
 * wording, the class is pinned and the difference noted).
 */
import { buildRegistry } from '../../models/database';
import { BASE_RPC } from '../../models/orm/model';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, DEMO, PORTAL, kw, leaks, type Cred, type Outcome } from './helpers';

/**
 * How a method is protected:
 * - orm: a BaseModel method; ACLs, record rules and field groups of the caller apply (pinned by
 *   test/security and by field_security.test.ts);
 * - caller: a model method whose reads and writes run with the caller's rights, like Odoo's;
 * - self: acts on the calling user only (the ids given are ignored or must be the caller);
 * - http: needs the web session (identity check), refused over /jsonrpc and XML-RPC as in Odoo;
 * - harmless: reveals or changes nothing that needs protection.
 */
type Verdict = 'orm' | 'caller' | 'self' | 'http' | 'harmless';

const BASE_METHODS: Record<string, Verdict> = Object.fromEntries([
  'create', 'read', 'write', 'unlink', 'search', 'search_count', 'search_read', 'search_fetch', 'read_group',
  'name_search', 'name_create', 'name_get', 'default_get', 'copy', 'copy_data', 'exists', 'fields_get',
  'check_access_rights', 'check_access_rule', 'web_search_read', 'web_read', 'web_save', 'web_read_group',
  'toggle_active', 'action_archive', 'action_unarchive', 'get_metadata', 'get_external_id', 'onchange', 'fetch',
  // views of any model (issue 12): the views the caller's groups see, fields filtered by the caller's rights
  'get_views', 'get_view', 'get_empty_list_help', 'get_formview_id', 'get_formview_action',
  // translations: update checks write access (ACL, rules, field groups), get reads as the caller
  'update_field_translations', 'get_field_translations',
].map((m) => [m, 'orm' as Verdict]));

/** Expected answer on the reference server: a result, or the error class (and message start). */
type Expect = 'ok' | { err: string; msg?: string };
interface Reviewed {
  verdict: Verdict;
  /** A call that exercises the method: args (and kwargs), in the order of the list below. */
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  portal?: Expect;
  demo?: Expect;
  /** Where the emulator's refusal is worded differently from Odoo's (both refuse). */
  note?: string;
}

const ACCESS = 'odoo.exceptions.AccessError';
const USER = 'odoo.exceptions.UserError';
const HTTP_ONLY: Expect = { err: USER, msg: 'This method can only be accessed over HTTP' };
const RULE_READ_PARTNER: Expect = { err: ACCESS, msg: "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Joel Willis (id=7) doesn't have 'read' access to:\n- Contact (res.partner)" };
const RULE_READ_USER: Expect = { err: ACCESS, msg: "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Joel Willis (id=7) doesn't have 'read' access to:\n- User (res.users)" };
const DENIED: Expect = { err: 'odoo.exceptions.AccessDenied', msg: 'Access Denied' };
const MODULE_WRITE: Expect = { err: ACCESS, msg: "You are not allowed to modify 'Module' (ir.module.module) records." };
const MENU_READ: Expect = { err: ACCESS, msg: "You are not allowed to access 'Menu' (ir.ui.menu) records." };
const MISSING: Expect = { err: 'odoo.exceptions.MissingError', msg: 'Record does not exist or has been deleted.' };
const CRON_WRITE: Expect = { err: ACCESS, msg: "You are not allowed to modify 'Scheduled Actions' (ir.cron) records." };
const ACTIVITY_ACL: Expect = { err: ACCESS, msg: "You are not allowed to access 'Activity' (mail.activity) records." };
const ACTIVITY_MISSING: Expect = { err: 'odoo.exceptions.MissingError', msg: 'Record does not exist or has been deleted.\n(Record: mail.activity(1,), User: 6)' };
const FIELDS_WRITE = { err: ACCESS, msg: 'The requested operation can not be completed due to security restrictions.\n\nDocument type: Contact (res.partner)\nOperation: write\nUser: 6\nFields:\n- signup_expiration' };

/** Model-specific methods, keyed model.method, in the order the calls are made. */
const MODEL_METHODS: Record<string, Reviewed> = {
  'ir.model.data.check_object_reference': { verdict: 'harmless', args: ['base', 'user_admin'], portal: 'ok', demo: 'ok' },
  'ir.config_parameter.get_param': { verdict: 'caller', args: ['database.secret'], portal: { err: ACCESS, msg: "You are not allowed to access 'System Parameter'" }, demo: { err: ACCESS, msg: "You are not allowed to access 'System Parameter'" } },
  'ir.config_parameter.set_param': { verdict: 'caller', args: ['hardening.audit', 'x'], portal: { err: ACCESS, msg: "You are not allowed to access 'System Parameter'" }, demo: { err: ACCESS, msg: "You are not allowed to access 'System Parameter'" } },
  'ir.sequence.next_by_code': { verdict: 'caller', args: ['hardening.nothing'], portal: { err: ACCESS, msg: "You are not allowed to access 'Sequence'" }, demo: 'ok' },
  'ir.sequence.next_by_id': { verdict: 'caller', args: [[999999]], portal: { err: ACCESS, msg: "You are not allowed to access 'Sequence'" }, demo: { err: 'odoo.exceptions.MissingError', msg: 'Record does not exist or has been deleted.' } },
  'res.partner.message_post': { verdict: 'caller', args: [[3]], kwargs: { body: 'audit' }, portal: { err: ACCESS, msg: "You are not allowed to modify 'Contact' (res.partner) records." }, demo: 'ok' },
  'res.partner.signup_prepare': { verdict: 'caller', args: [[3]], kwargs: { expiration: '2030-01-01 00:00:00' }, portal: { err: ACCESS }, demo: FIELDS_WRITE, note: 'portal: Odoo refuses with the read rule text, the emulator with the write ACL text' },
  'res.partner.signup_cancel': { verdict: 'caller', args: [[3]], portal: { err: ACCESS }, demo: FIELDS_WRITE, note: 'portal: as signup_prepare' },
  'res.users.context_get': { verdict: 'self', args: [], portal: 'ok', demo: 'ok' },
  'res.users.has_group': { verdict: 'self', args: [[2], 'base.group_system'], portal: { err: 'builtins.TypeError', msg: 'Users.has_group() takes 2 positional arguments but 3 were given' }, demo: { err: 'builtins.TypeError', msg: 'Users.has_group() takes 2 positional arguments but 3 were given' } },
  'res.users.preference_save': { verdict: 'harmless', args: [[2]], portal: 'ok', demo: 'ok' },
  'res.users.change_password': { verdict: 'self', args: ['wrong', 'newpass123'], portal: { err: 'odoo.exceptions.AccessDenied', msg: 'Access Denied' }, demo: { err: 'odoo.exceptions.AccessDenied', msg: 'Access Denied' } },
  'res.users.signup': { verdict: 'caller', args: [{ login: 'audit-signup@example.com', password: 'x', partner_id: 3 }], portal: { err: 'odoo.addons.auth_signup.models.res_partner.SignupError', msg: 'Uh-oh! Looks like you have stumbled upon some top-secret records.' }, demo: { err: 'odoo.addons.auth_signup.models.res_partner.SignupError', msg: "You are not allowed to create 'User' (res.users) records." } },
  'res.users.reset_password': { verdict: 'caller', args: [[], 'admin'], portal: { err: 'builtins.Exception', msg: 'No account found for this login' }, demo: FIELDS_WRITE },
  'res.users.action_reset_password': { verdict: 'caller', args: [[2]], portal: { err: ACCESS, msg: "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Joel Willis (id=7) doesn't have 'read' access to:\n- User (res.users)" }, demo: FIELDS_WRITE },
  'res.users.action_totp_enable_wizard': { verdict: 'http', args: [[2]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.action_totp_disable': { verdict: 'http', args: [[2]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.revoke_all_devices': { verdict: 'http', args: [[2]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.api_key_wizard': { verdict: 'http', args: [[2]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.get_totp_invite_url': { verdict: 'harmless', args: [[2]], portal: 'ok', demo: 'ok', note: 'the URL differs (no auth_totp_mail action in the emulator)' },
  'mail.mail.send': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Outgoing Mails' (mail.mail) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Outgoing Mails' (mail.mail) records." } },
  'mail.mail.process_email_queue': { verdict: 'caller', args: [], portal: { err: ACCESS, msg: "You are not allowed to access 'Outgoing Mails' (mail.mail) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Outgoing Mails' (mail.mail) records." } },
  'mail.compose.message.action_send_mail': { verdict: 'caller', args: [[999999]], portal: { err: 'odoo.exceptions.MissingError', msg: 'Record does not exist or has been deleted.' }, demo: { err: 'odoo.exceptions.MissingError', msg: 'Record does not exist or has been deleted.' }, note: 'posts through message_post with the caller\'s rights on the document' },
  'mail.template.send_mail': { verdict: 'caller', args: [[1], 2], portal: { err: ACCESS, msg: "You are not allowed to access 'Email Templates' (mail.template) records." }, demo: 'ok', note: 'demo: Odoo fails rendering this particular template (a UserError), the emulator renders it' },
  'res.config.settings.execute': { verdict: 'caller', args: [[]], portal: { err: ACCESS }, demo: { err: ACCESS }, note: 'Odoo: "Expected singleton" for an empty recordset; the emulator refuses non-administrators first' },
  'res.config.settings.get_values': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok', note: 'values of the installed settings only' },
  'res.config.settings.set_values': { verdict: 'caller', args: [[]], portal: { err: 'builtins.ValueError', msg: 'Expected singleton: res.config.settings()' }, demo: { err: 'builtins.ValueError', msg: 'Expected singleton: res.config.settings()' } },
  'portal.wizard.action_open_wizard': { verdict: 'caller', args: [], kwargs: { context: { active_ids: [3] } }, portal: { err: ACCESS, msg: "You are not allowed to create 'Grant Portal Access' (portal.wizard) records." }, demo: 'ok' },
  'portal.wizard.action_refresh_modal': { verdict: 'caller' },
  'portal.wizard.user.action_grant_access': { verdict: 'caller', args: [[1]], portal: { err: ACCESS }, demo: { err: USER, msg: 'The partner "Mitchell Admin" already has the portal access.' }, note: "portal: Odoo's ACL text says 'access', the emulator's 'modify'" },
  'portal.wizard.user.action_revoke_access': { verdict: 'caller' },
  'portal.wizard.user.action_invite_again': { verdict: 'caller' },
  'portal.wizard.user.action_refresh_modal': { verdict: 'caller' },
  'res.users.identitycheck.run_check': { verdict: 'http', args: [[1]], portal: { err: 'builtins.AssertionError', msg: 'This method can only be accessed over HTTP' }, demo: { err: 'builtins.AssertionError', msg: 'This method can only be accessed over HTTP' } },
  'res.users.identitycheck.revoke_all_devices': { verdict: 'self' },
  'res.users.apikeys.remove': { verdict: 'http', args: [[1]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.apikeys.description.make_key': { verdict: 'http', args: [[1]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'res.users.apikeys.description.check_access_make_key': { verdict: 'harmless', args: [[]], portal: { err: ACCESS, msg: 'Only internal users can create API keys' }, demo: 'ok' },
  'auth_totp.device.remove': { verdict: 'http', args: [[1]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'auth_totp.wizard.enable': { verdict: 'http', args: [[1]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  // form buttons and helpers of res.partner / res.users (issue 11)
  'res.partner.open_commercial_entity': { verdict: 'caller', args: [[3]], portal: RULE_READ_PARTNER, demo: 'ok' },
  'res.partner.open_parent': { verdict: 'caller', args: [[3]], portal: RULE_READ_PARTNER, demo: 'ok' },
  'res.partner.address_get': { verdict: 'caller', args: [[3]], portal: RULE_READ_PARTNER, demo: 'ok' },
  'res.partner.create_company': { verdict: 'caller', args: [[8]], portal: { err: ACCESS, msg: "You are not allowed to create 'Contact' (res.partner) records." }, demo: 'ok' },
  'res.partner.main_partner': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok' },
  'res.partner.view_header_get': { verdict: 'harmless', args: [false, 'form'], portal: 'ok', demo: 'ok' },
  'res.partner.find_or_create': { verdict: 'caller', args: ['audit-find-or-create@example.com'], portal: { err: ACCESS, msg: "You are not allowed to create 'Contact' (res.partner) records." }, demo: 'ok' },
  'res.users.action_show_groups': { verdict: 'caller', args: [[2]], portal: RULE_READ_USER, demo: 'ok' },
  'res.users.action_show_accesses': { verdict: 'caller', args: [[2]], portal: RULE_READ_USER, demo: { err: ACCESS, msg: "You are not allowed to access 'Model Access' (ir.model.access) records." } },
  'res.users.action_show_rules': { verdict: 'caller', args: [[2]], portal: RULE_READ_USER, demo: { err: ACCESS, msg: "You are not allowed to access 'Record Rule' (ir.rule) records." } },
  'res.users.action_revoke_all_devices': { verdict: 'harmless', args: [[2]], portal: 'ok', demo: 'ok', note: 'opens the identity check dialog, which does the work' },
  'res.users.preference_change_password': { verdict: 'http', args: [[2]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  'change.password.wizard.change_password_button': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Change Password Wizard' (change.password.wizard) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Change Password Wizard' (change.password.wizard) records." } },
  'change.password.user.change_password_button': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'User, Change Password Wizard' (change.password.user) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'User, Change Password Wizard' (change.password.user) records." } },
  'change.password.own.change_password': { verdict: 'http', args: [[1]], portal: HTTP_ONLY, demo: HTTP_ONLY },
  // the module system: administrators only (assert_log_admin_access), or the caller's ACLs
  'ir.module.module.button_install': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_immediate_install': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_install_cancel': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_uninstall': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_immediate_uninstall': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_uninstall_cancel': { verdict: 'caller', args: [[1]], portal: MODULE_WRITE, demo: MODULE_WRITE },
  'ir.module.module.button_uninstall_wizard': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_upgrade': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_immediate_upgrade': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.button_upgrade_cancel': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'ir.module.module.module_uninstall': { verdict: 'caller', args: [[1]], portal: { err: 'odoo.exceptions.AccessDenied' }, demo: DENIED, note: "portal: Odoo's ACL check of ir.module.module comes first" },
  'ir.module.module.update_list': { verdict: 'caller', args: [], portal: DENIED, demo: DENIED },
  'ir.module.module.next': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok', note: 'Odoo reads ir.actions.todo (AccessError); the emulator has none and answers /web' },
  'ir.module.module.downstream_dependencies': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'ir.module.module.upstream_dependencies': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'base.module.upgrade.get_module_list': { verdict: 'caller', args: [], portal: { err: ACCESS, msg: "You are not allowed to access 'Module' (ir.module.module) records." }, demo: 'ok' },
  'base.module.upgrade.upgrade_module': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Module' (ir.module.module) records." }, demo: 'ok' },
  'base.module.upgrade.upgrade_module_cancel': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Module' (ir.module.module) records." }, demo: 'ok' },
  'base.module.upgrade.config': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'base.module.update.update_module': { verdict: 'caller', args: [[1]], portal: DENIED, demo: DENIED },
  'base.module.update.action_module_open': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'base.module.uninstall.action_uninstall': { verdict: 'caller', args: [[1]], portal: { err: 'odoo.exceptions.AccessDenied' }, demo: { err: 'odoo.exceptions.AccessDenied' }, note: "Odoo: the wizard's ACL error comes first" },
  // the framework models (issue 12); answers recorded on the reference Odoo 17 (ref_default)
  'ir.ui.menu.get_user_roots': { verdict: 'caller', args: [], portal: MENU_READ, demo: 'ok' },
  'ir.ui.menu.load_menus_root': { verdict: 'caller', args: [], portal: MENU_READ, demo: 'ok' },
  'ir.ui.menu.load_menus': { verdict: 'caller', args: [false], portal: MENU_READ, demo: 'ok' },
  'ir.ui.menu.load_web_menus': { verdict: 'caller', args: [[], false], portal: MENU_READ, demo: 'ok' },
  'ir.ui.view.default_view': { verdict: 'caller', args: ['res.partner', 'form'], portal: { err: ACCESS, msg: "You are not allowed to access 'View' (ir.ui.view) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'View' (ir.ui.view) records." } },
  'ir.actions.actions.get_bindings': { verdict: 'harmless', args: ['res.partner'], portal: 'ok', demo: 'ok', note: "the bindings the caller's groups see" },
  'ir.actions.act_window.get_bindings': { verdict: 'harmless', args: ['res.partner'], portal: 'ok', demo: 'ok' },
  'ir.actions.act_window_close.get_bindings': { verdict: 'harmless' },
  'ir.actions.act_url.get_bindings': { verdict: 'harmless' },
  'ir.actions.server.get_bindings': { verdict: 'harmless' },
  'ir.actions.client.get_bindings': { verdict: 'harmless' },
  'ir.actions.report.get_bindings': { verdict: 'harmless' },
  // checked on ref_default: portal is refused by the ACL, demo reads the (missing) report first
  'ir.actions.report.report_action': { verdict: 'caller', args: [[999999], [1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Report Action' (ir.actions.report) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\t- User types/Internal User" }, demo: MISSING, note: 'the report is read as the caller (ACL and record rules); renders nothing' },
  // checked on ref_default: Odoo answers anyone (even for a missing wizard) the close action, touching nothing
  'base.document.layout.document_layout_save': { verdict: 'harmless', args: [[999999]], portal: 'ok', demo: 'ok', note: "the context's report_action, else the dialog's close action" },
  // checked on ref_default: anyone gets the colours of the image given; nothing is read or stored
  'base.document.layout.extract_image_primary_secondary_colors': { verdict: 'harmless', args: ['notanimage'], portal: 'ok', demo: 'ok', note: 'a computation on the caller\'s own bytes' },
  'ir.actions.report.get_wkhtmltopdf_state': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok', note: "a constant 'ok': PDFs need no wkhtmltopdf here" },
  'ir.actions.server.run': { verdict: 'caller', args: [[999999]], portal: MISSING, demo: MISSING, note: "the action's groups, else write access to its model; the code runs with the caller's rights" },
  'ir.actions.server.create_action': { verdict: 'caller', args: [[999999]], portal: { err: ACCESS, msg: "You are not allowed to access 'Server Action' (ir.actions.server) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Server Action' (ir.actions.server) records." } },
  'ir.actions.server.unlink_action': { verdict: 'caller', args: [[999999]], portal: { err: ACCESS, msg: "You are not allowed to modify 'Server Action' (ir.actions.server) records." }, demo: { err: ACCESS, msg: "You are not allowed to modify 'Server Action' (ir.actions.server) records." } },
  'ir.attachment.check': { verdict: 'caller', args: ['write', { res_model: 'res.partner', res_id: 3 }], portal: { err: ACCESS, msg: 'Sorry, you are not allowed to access this document.' }, demo: 'ok' },
  'ir.attachment.generate_access_token': { verdict: 'caller', args: [[999999]], portal: { err: ACCESS, msg: 'You do not have enough rights to access the fields "access_token" on Attachment (ir.attachment).' }, demo: MISSING },
  'ir.attachment.create_unique': { verdict: 'caller', args: [[]], portal: 'ok', demo: 'ok', note: 'finds duplicates as superuser (as Odoo), creates as the caller' },
  'ir.attachment.force_storage': { verdict: 'caller', args: [], portal: { err: ACCESS, msg: 'Only administrators can execute this action.' }, demo: { err: ACCESS, msg: 'Only administrators can execute this action.' } },
  'ir.attachment.validate_access': { verdict: 'caller', args: [[999999], 'x'], portal: MISSING, demo: MISSING },
  'ir.attachment.action_get': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok' },
  'ir.attachment.get_serving_groups': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok' },
  'ir.attachment.regenerate_assets_bundles': { verdict: 'caller', note: 'searches and unlinks asset bundles as the caller (the emulator has none)' },
  'ir.cron.method_direct_trigger': { verdict: 'caller', args: [[999999]], portal: CRON_WRITE, demo: CRON_WRITE },
  'ir.cron.toggle': { verdict: 'caller', note: 'Odoo 17 fails with an SQL error when called on no cron; the write runs as the caller (try_write)' },
  'ir.cron.try_write': { verdict: 'caller', args: [[999999], { active: true }], portal: CRON_WRITE, demo: CRON_WRITE },
  'ir.filters.get_filters': { verdict: 'caller', args: ['res.partner'], portal: 'ok', demo: 'ok' },
  'ir.filters.create_or_replace': { verdict: 'caller' },
  'ir.default.set': { verdict: 'caller', args: ['res.partner', 'no_such_field', 'x'], portal: { err: 'odoo.exceptions.ValidationError', msg: 'Invalid field res.partner.no_such_field' }, demo: { err: 'odoo.exceptions.ValidationError', msg: 'Invalid field res.partner.no_such_field' } },
  'ir.default.discard_records': { verdict: 'caller', note: 'takes a recordset (not callable usefully over RPC); searches and unlinks as the caller' },
  'ir.default.discard_values': { verdict: 'caller', args: ['res.partner', 'comment', ['hardening-audit-none']], portal: { err: ACCESS, msg: "You are not allowed to access 'Default Values' (ir.default) records." }, demo: 'ok' },
  'decimal.precision.precision_get': { verdict: 'harmless', args: ['Product Price'], portal: 'ok', demo: 'ok' },
  'res.users.settings.set_res_users_settings': { verdict: 'self', args: [[999999], {}], portal: { err: ACCESS, msg: "You are not allowed to modify 'User Settings' (res.users.settings) records." }, demo: MISSING },
  // mail.thread, mail.activity.mixin, mail.message and mail.activity (issue 12); runs after message_post above
  'res.partner.message_subscribe': { verdict: 'caller', args: [[3]], kwargs: { partner_ids: [8] }, portal: 'ok', demo: 'ok', note: 'portal: Odoo answers False without subscribing (not its own partner, no write access)' },
  'res.partner.message_get_followers': { verdict: 'caller', args: [[3]], portal: { err: ACCESS, msg: "You are not allowed to access 'Document Followers' (mail.followers) records." }, demo: 'ok' },
  'res.partner.message_unsubscribe': { verdict: 'caller', args: [[3]], kwargs: { partner_ids: [8] }, portal: RULE_READ_PARTNER, demo: 'ok' },
  'res.partner.message_notify': { verdict: 'caller', args: [[3]], kwargs: { partner_ids: [8], body: 'audit notify' }, portal: RULE_READ_PARTNER, demo: 'ok' },
  'res.partner.activity_schedule': { verdict: 'caller', args: [[3], 'mail.mail_activity_data_todo'], kwargs: { summary: 'audit' }, portal: { err: ACCESS, msg: "You are not allowed to access 'Activity Type' (mail.activity.type) records." }, demo: 'ok' },
  'res.partner.activity_reschedule': { verdict: 'caller', args: [[3], ['mail.mail_activity_data_todo']], kwargs: { date_deadline: '2030-01-01' }, portal: ACTIVITY_ACL, demo: 'ok' },
  'res.partner.activity_feedback': { verdict: 'caller', args: [[3], ['mail.mail_activity_data_todo']], kwargs: { feedback: 'audit done' }, portal: ACTIVITY_ACL, demo: 'ok' },
  'res.partner.activity_unlink': { verdict: 'caller', args: [[3], ['mail.mail_activity_data_todo']], portal: ACTIVITY_ACL, demo: 'ok' },
  'mail.message.mark_all_as_read': { verdict: 'self', args: [], portal: 'ok', demo: 'ok' },
  'mail.message.set_message_done': { verdict: 'self', args: [[2]], portal: 'ok', demo: 'ok' },
  'mail.message.toggle_message_starred': { verdict: 'caller', args: [[2]], portal: { err: ACCESS, msg: 'The requested operation cannot be completed due to security restrictions. Please contact your system administrator.\n\n(Document type: Message, Operation: read) - (Records: [2], User: 7)' }, demo: 'ok' },
  'mail.message.unstar_all': { verdict: 'self', args: [], portal: 'ok', demo: 'ok' },
  // activity 1 is demo's activity_schedule above, done (deleted) by its activity_feedback
  'mail.activity.action_close_dialog': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'mail.activity.activity_format': { verdict: 'caller', args: [[1]], portal: ACTIVITY_ACL, demo: ACTIVITY_MISSING },
  'mail.activity.action_open_document': { verdict: 'caller', args: [[1]], portal: ACTIVITY_ACL, demo: ACTIVITY_MISSING },
  'mail.activity.action_notify': { verdict: 'caller', args: [[1]], portal: ACTIVITY_ACL, demo: ACTIVITY_MISSING },
  'mail.activity.action_feedback': { verdict: 'caller', args: [[1]], kwargs: { feedback: 'x' }, portal: { err: ACCESS }, demo: ACTIVITY_MISSING, note: "portal: Odoo refuses on ir.attachment's ACL first (the activity's files), the emulator without ir.attachment on mail.activity's" },
  'mail.activity.action_done': { verdict: 'caller', args: [[1]], portal: { err: ACCESS }, demo: ACTIVITY_MISSING, note: 'portal: as action_feedback' },
  'mail.activity.action_feedback_schedule_next': { verdict: 'caller', args: [[1]], portal: ACTIVITY_ACL, demo: ACTIVITY_MISSING },
  'mail.activity.action_done_schedule_next': { verdict: 'caller', args: [[1]], portal: ACTIVITY_ACL, demo: ACTIVITY_MISSING },
  // languages (translations branch); answers observed on ref_default
  'res.lang.get_installed': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok' },
  'res.lang.get_available': { verdict: 'harmless', args: [], portal: 'ok', demo: 'ok' },
  'res.lang.get_sorted': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'res.lang.action_activate_langs': { verdict: 'caller', args: [[29]], portal: { err: ACCESS, msg: "You are not allowed to modify 'Languages' (res.lang) records." }, demo: { err: ACCESS, msg: "You are not allowed to modify 'Languages' (res.lang) records." } },
  'base.language.install.lang_install': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Module' (ir.module.module) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Install Language' (base.language.install) records." } },
  'base.language.install.reload': { verdict: 'harmless', args: [[1]], portal: 'ok', demo: 'ok' },
  'base.language.install.switch_lang': { verdict: 'caller', args: [[1]], portal: { err: ACCESS, msg: "You are not allowed to access 'Install Language' (base.language.install) records." }, demo: { err: ACCESS, msg: "You are not allowed to access 'Install Language' (base.language.install) records." } },
};

const PRIVATE = /^(_.*|init)$/;

describe('every method reachable over RPC has been reviewed', () => {
  const registry = buildRegistry();
  const exposed: Array<[string, string]> = [];
  for (const [name, M] of registry.models) for (const method of Object.keys(M._rpc)) exposed.push([name, method]);

  it('the registry exposes only reviewed methods (add new ones to MODEL_METHODS with their verdict)', () => {
    const unreviewed = exposed.filter(([model, method]) => !(method in BASE_METHODS && M(model, method) === BASE_RPC[method]) && !(`${model}.${method}` in MODEL_METHODS));
    expect(unreviewed.map(([model, method]) => `${model}.${method}`)).toEqual([]);
    function M(model: string, method: string) { return registry.get(model)!._rpc[method]; }
  });

  it('no exposed method has a private name, and every base method keeps its reviewed signature', () => {
    expect(exposed.filter(([, m]) => PRIVATE.test(m))).toEqual([]);
    expect(Object.keys(BASE_RPC).sort()).toEqual(Object.keys(BASE_METHODS).sort());
  });

  it('the review lists no method that no longer exists', () => {
    const names = new Set(exposed.map(([model, method]) => `${model}.${method}`));
    expect(Object.keys(MODEL_METHODS).filter((k) => !names.has(k))).toEqual([]);
  });
});

describe('model methods called as portal and as demo answer as on the reference Odoo', () => {
  let srv: TestServer;
  const answers = new Map<string, Outcome>();
  beforeAll(async () => {
    srv = await startTestServer();
    // the calls run in the list's order (portal.wizard.action_open_wizard creates wizard line 1)
    for (const user of ['portal', 'demo'] as const) {
      const cred: Cred = user === 'portal' ? PORTAL : DEMO;
      for (const [key, r] of Object.entries(MODEL_METHODS)) {
        if (!r.args) continue;
        const dot = key.lastIndexOf('.');
        answers.set(`${user}:${key}`, await kw(srv.url, srv.db, cred, key.slice(0, dot), key.slice(dot + 1), r.args, r.kwargs));
      }
    }
  });
  afterAll(async () => { await srv.close(); });

  const cases = Object.entries(MODEL_METHODS).filter(([, r]) => r.args).flatMap(([key, r]) => (['portal', 'demo'] as const).map((u) => [u, key, r[u]!] as const));
  it.each(cases)('%s: %s', (user, key, expected) => {
    const o = answers.get(`${user}:${key}`)!;
    expect(leaks(JSON.stringify(o))).toEqual([]);
    if (expected === 'ok') {
      expect(o).toHaveProperty('ok');
      return;
    }
    expect(o).toHaveProperty('err', expected.err);
    if (expected.msg) expect((o as { msg: string }).msg.startsWith(expected.msg)).toBe(true);
  });

  it('admin still gets through the methods the audit tightened (signup as an Access Rights manager)', async () => {
    const r = await kw(srv.url, srv.db, ADMIN, 'res.users', 'signup', [{ login: 'audit-admin-signup@example.com', password: 'pw-12345', name: 'Audit Admin Signup' }]);
    expect(r).toEqual({ ok: ['audit-admin-signup@example.com', 'pw-12345'] });
  });
});
