/** Jest runs the TypeScript sources directly (ts-jest, transpile only: `npm run build` type-checks). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  // the README's examples (test/examples) import the package by its name, as its users do
  moduleNameMapper: {
    '^odoo-emulator$': '<rootDir>/index.ts',
    '^odoo-emulator/(jest|playwright)$': '<rootDir>/testing/$1.ts',
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
