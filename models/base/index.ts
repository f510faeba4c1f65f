/**
 * The base addon's models, in load order.
 */
import type { ModelDecl } from '../orm/registry';
import { irModel, irModelFields, irModelData, irModelAccess, irRule, irConfigParameter, irSequence } from './ir_model';
import { moduleModels } from './ir_module';
import { resPartner, resPartnerCategory, resPartnerTitle, resPartnerIndustry, resPartnerBank } from './res_partner';
import { resUsers, resGroups, resUsersLog } from './res_users';
import { resCompany, resCountry, resCountryState, resCurrency, resLang } from './res_company';
import { changePasswordOwn, changePasswordUser, changePasswordWizard, usersChangePassword } from './change_password';
import { irAttachment } from './ir_attachment';
import { actionModels } from './ir_actions';
import { irUiView, baseViewMethods } from './ir_ui_view';
import { irUiMenu } from './ir_ui_menu';

export const baseModels: ModelDecl[] = [
  irModel, irModelFields, irModelData, irModelAccess, irRule, ...moduleModels, irConfigParameter, irSequence, irUiMenu, irUiView, baseViewMethods, ...actionModels, irAttachment,
  resCurrency, resCountry, resCountryState, resLang,
  resPartnerCategory, resPartnerTitle, resPartnerIndustry, resPartner, resPartnerBank,
  resCompany, resGroups, resUsers, resUsersLog,
  usersChangePassword, changePasswordWizard, changePasswordUser, changePasswordOwn,
].map((d) => ({ _module: 'base', ...d }));
