module.exports = { ...require('../../jest.preset.js'), displayName: '@urp/knowledge-base-service', rootDir: __dirname };
