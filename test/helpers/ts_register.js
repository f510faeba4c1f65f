/**
 * Run the TypeScript sources directly in a child process (`node -r test/helpers/ts_register.js
 * server/cli.ts …`): each .ts file is transpiled on require, as ts-jest does for the tests, so a
 * command-line test needs no `tsc` build first.
 */
const fs = require('fs');
const ts = require('typescript');

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(out.outputText, filename);
};
