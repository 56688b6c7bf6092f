module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/kernel', rootDir: __dirname };
