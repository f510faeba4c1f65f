/**
 * The framework models of the mail module that integrators use directly: mail.alias and
 * mail.alias.domain, and mail's res.users.settings fields.
 */
import type { ModelDecl } from '../orm/registry';
import { mailAlias, mailAliasDomain } from './mail_alias';
import { resUsersSettingsMail } from '../base/res_users_settings';

export const mailFrameworkModels: ModelDecl[] = [mailAliasDomain, mailAlias, resUsersSettingsMail].map((d) => ({ _module: 'mail', ...d }));
