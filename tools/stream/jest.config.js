module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/stream', rootDir: __dirname };
