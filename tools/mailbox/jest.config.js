module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/mailbox', rootDir: __dirname };
