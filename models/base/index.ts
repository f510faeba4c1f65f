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
import { irUiView, baseViewMethods, viewLinks } from './ir_ui_view';
import { irUiMenu } from './ir_ui_menu';
import { resCurrencyRate, resCurrencyRates } from './res_currency_rate';
import { resBank, resPartnerBankExtension } from './res_bank';
import { decimalPrecision } from './decimal_precision';
import { resCountryGroup, resCountryGroups } from './res_country_group';
import { irDefault } from './ir_default';
import { irProperty } from './ir_property';
import { irCron, irCronTrigger, irActionsServerCron } from './ir_cron';
import { irFilters } from './ir_filters';
import { irExports, irExportsLine } from './ir_exports';
import { irSequenceDateRange, irSequenceDateRanges } from './ir_sequence_date_range';
import { resUsersSettings, resUsersSettingsLink } from './res_users_settings';
import { imageMixin, avatarMixin } from './image_mixin';
import { baseLanguageInstall, resLangInstall } from './lang_install';
import { reportLayout } from './report_layout';
import { reportPaperformat } from './report_paperformat';

export const baseModels: ModelDecl[] = [
  irModel, irModelFields, irModelData, irModelAccess, irRule, ...moduleModels, irConfigParameter, irSequence, irUiMenu, irUiView, baseViewMethods, ...actionModels, irAttachment,
  resCurrency, resCountry, resCountryState, resLang,
  resPartnerCategory, resPartnerTitle, resPartnerIndustry, resPartner, resPartnerBank,
  resCompany, resGroups, resUsers, resUsersLog,
  usersChangePassword, changePasswordWizard, changePasswordUser, changePasswordOwn,
  irSequenceDateRange, irSequenceDateRanges, irCron, irCronTrigger, irActionsServerCron, irFilters, irDefault, irExports, irExportsLine,
  irProperty, decimalPrecision, resCurrencyRate, resCurrencyRates, resBank, resPartnerBankExtension, resCountryGroup, resCountryGroups,
  resUsersSettings, resUsersSettingsLink, ...viewLinks, reportLayout, reportPaperformat, resLangInstall, baseLanguageInstall,
  imageMixin, avatarMixin,
].map((d) => ({ _module: 'base', ...d }));
