/** Logging lives with the ORM (models/tools/log.ts) so that every layer can log; re-exported here for the server. */
export * from '../models/tools/log';
