module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/testing', rootDir: __dirname };
