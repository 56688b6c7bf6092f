module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/providers', rootDir: __dirname };
