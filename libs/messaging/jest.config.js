module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/messaging', rootDir: __dirname };
