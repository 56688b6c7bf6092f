module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/chaos', rootDir: __dirname };
