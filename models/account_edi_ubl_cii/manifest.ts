/** The `account_edi_ubl_cii` module's manifest (Odoo 17: Import/Export electronic invoices with UBL/CII). Installed along with the accounting apps; no models emulated. */
import { defineManifest } from '../modules/manifest';

export const manifest = defineManifest({
  name: 'account_edi_ubl_cii',
  shortdesc: 'Import/Export electronic invoices with UBL/CII',
  version: '1.0',
  category: 'Accounting/Accounting',
  depends: ['account'],
  auto_install: true,
});
