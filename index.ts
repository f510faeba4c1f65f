/**
 * odoo-emulator: an Odoo 17.0 compatible server for tests. `startOdoo()` runs one in this
 * process; the CLI (`npx odoo-emulator`) runs one on its own. See README "Use it in your tests".
 */
export { startOdoo, OdooEmulator } from './server/api';
export type { StartOdooOptions, OdooClock, OdooFaults } from './server/api';
export type { FaultRule, StoredFault, FaultErrorName } from './server/control/faults';
export type { JournalEntry, JournalQuery } from './server/control/journal';
export type { ClockInfo, OutboxFilter } from './server/control/companion';
export type { OutboxMail, OutboxLink } from './server/routes/outbox';
export type { Config } from './server/config';
export { startServer } from './server/app';
export type { Server } from './server/app';
