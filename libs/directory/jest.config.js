module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/directory', rootDir: __dirname };
