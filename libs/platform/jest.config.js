module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/platform', rootDir: __dirname };
