module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@urp/contacts-service',
  rootDir: __dirname,
};
