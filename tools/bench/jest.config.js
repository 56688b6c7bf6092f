module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/bench', rootDir: __dirname };
