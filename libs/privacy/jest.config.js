module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/privacy', rootDir: __dirname };
