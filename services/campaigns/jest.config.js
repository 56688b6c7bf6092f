module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/campaigns-service',
  rootDir: __dirname,
};
