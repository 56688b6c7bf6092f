module.exports = { ...require('../jest.preset.js'), displayName: '@urp/gateway', rootDir: __dirname };
