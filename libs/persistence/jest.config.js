module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/persistence', rootDir: __dirname };
