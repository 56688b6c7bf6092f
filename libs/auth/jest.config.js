module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/auth', rootDir: __dirname };
