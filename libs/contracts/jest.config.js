module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/contracts', rootDir: __dirname };
