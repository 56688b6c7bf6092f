module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/public-pages', rootDir: __dirname };
