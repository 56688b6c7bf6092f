module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/deploy-check', rootDir: __dirname };
