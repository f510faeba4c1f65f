/**
 * auth_signup: signup tokens on partners (the portal workflows build on these fields).
 */
import type { ModelDecl } from '../orm/registry';

export const partnerSignup: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    signup_token: { type: 'char', copy: false, groups: 'base.group_erp_manager' },
    signup_type: { type: 'char', string: 'Signup Token Type', copy: false, groups: 'base.group_erp_manager' },
    signup_expiration: { type: 'datetime', copy: false, groups: 'base.group_erp_manager' },
  },
};

export const authSignupModels: ModelDecl[] = [partnerSignup];
