/**
 * Addons loaded after base, in dependency order (web, mail, portal, auth_signup, auth_totp...).
 * Each contributes model declarations and data files under fixtures/<name>/.
 */
import type { ModelDecl } from './orm/registry';
import { authSignupModels } from './auth_signup';

export interface Addon {
  name: string;
  models: ModelDecl[];
  /** Data files relative to fixtures/<name>/, loaded in order. */
  data: string[];
  /** Demo files, loaded when the database has demo data. */
  demo: string[];
}

export const addons: Addon[] = [
  { name: 'auth_signup', models: authSignupModels, data: [], demo: [] },
];
