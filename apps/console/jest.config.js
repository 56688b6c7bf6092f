// Unit tests of the console's pure helpers (src/**/*.spec.ts) and its browser tests against the real stack
// (test/*.browser.int-spec.ts: Debian's Chromium through playwright-core).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/console',
  rootDir: __dirname,
  testTimeout: 120000,
};
