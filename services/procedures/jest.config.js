module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/procedures-service',
  rootDir: __dirname,
};
