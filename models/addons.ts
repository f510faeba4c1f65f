/**
 * Addons loaded after base, in dependency order (web, mail, portal, auth_signup, auth_totp...).
 * Each contributes model declarations and data files under fixtures/<name>/.
 */
import type { ModelDecl } from './orm/registry';
import { authSignupModels } from './auth_signup';
import { mailModels } from './mail';
import { portalModels } from './portal';
import { totpModels } from './auth_totp';

export interface Addon {
  name: string;
  models: ModelDecl[];
  /** Data files relative to fixtures/<name>/, loaded in order. */
  data: string[];
  /** Demo files, loaded when the database has demo data. */
  demo: string[];
}

export const addons: Addon[] = [
  { name: 'mail', models: mailModels, data: ['data/mail_data.xml', 'security/ir.model.access.csv'], demo: [] },
  { name: 'auth_signup', models: authSignupModels, data: ['data/ir_config_parameter_data.xml', 'data/mail_template_data.xml', 'security/ir.model.access.csv'], demo: [] },
  { name: 'portal', models: portalModels, data: ['data/mail_template_data.xml', 'security/ir.model.access.csv'], demo: [] },
  { name: 'auth_totp', models: totpModels, data: ['security/ir.model.access.csv', 'security/security.xml'], demo: [] },
];
