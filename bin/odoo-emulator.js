#!/usr/bin/env node
/**
 * `npx odoo-emulator [options]`: the command line of the package (odoo-bin's options, see
 * `--help`). It runs the compiled code: an installed package ships it, a clone builds it when
 * installed (`npm install` runs the `prepare` script) — nothing is compiled here.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'dist', 'server', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('odoo-emulator is not built: run `npm install` (or `npm run build`) in its directory first.\n');
  process.exit(1);
}
require(cli);
