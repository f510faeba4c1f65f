/**
 * The emulator's command line (server/cli.ts) under another script name:
 * `node dist/bench/emulator.js [cli options]` is `node dist/server/cli.js [cli options]`.
 * The benchmark starts its servers through this file so that a `pkill -f server/cli.js` aimed
 * at other servers on a shared machine does not stop them in the middle of a run.
 */
import '../server/cli';
