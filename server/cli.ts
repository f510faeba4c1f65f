#!/usr/bin/env node
/**
 * odoo-bin-like entry point: `node dist/server/cli.js [options]`.
 */
import { parseArgs, UsageError } from './config';
import { startServer } from './app';
import { log, setLogLevel } from './log';

async function main(): Promise<void> {
  if (process.argv[2] === 'addon-check') {
    const { addonCheck } = await import('./addon_check');
    process.exit(await addonCheck(process.argv.slice(3), process.stdout));
  }
  let config;
  try {
    config = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      const isHelp = e.message.startsWith('Usage:');
      (isHelp ? process.stdout : process.stderr).write(`${e.message}\n`);
      process.exit(isHelp ? 0 : 2);
    }
    throw e;
  }
  setLogLevel(config.log_level);
  if (config.stop_after_init) {
    const { createApp, ensureDatabases } = await import('./app');
    const { managerWithAddons } = await import('./addons');
    const { app } = createApp(config, await managerWithAddons(config));
    await ensureDatabases(app);
    app.dbm.closeAll();
    return;
  }
  const t = Date.now();
  const server = await startServer(config);
  log('info', 'odoo.service.server', `HTTP service (werkzeug) running on ${server.url} (data: ${config.data_dir ?? 'memory'}, databases: ${server.app.dbm.list().join(', ')}) in ${Date.now() - t} ms`);
  const stop = () => { server.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  // an addon that cannot be read: its file, line and Python's message, no JavaScript stack
  const readable = e instanceof Error && ['PythonSyntaxError', 'AddonsPathError', 'EmulatorLoadError'].includes(e.constructor.name);
  log('critical', 'odoo.service.server', e instanceof Error ? (readable ? e.message : e.stack ?? e.message) : String(e));
  process.exit(1);
});
