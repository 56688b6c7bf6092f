module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/forms', rootDir: __dirname };
