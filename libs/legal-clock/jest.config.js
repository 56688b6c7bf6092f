module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/legal-clock', rootDir: __dirname };
