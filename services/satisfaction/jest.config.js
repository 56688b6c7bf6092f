module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/satisfaction-service',
  rootDir: __dirname,
};
