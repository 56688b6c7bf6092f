module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/observability',
  rootDir: __dirname,
};
