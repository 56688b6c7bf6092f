// Every project's tests in one run: `npx jest` (the README's `npm test` starts the infrastructure first).
module.exports = {
  testTimeout: 90000,
  projects: ['<rootDir>/{apps,libs,services,tools}/*/jest.config.js', '<rootDir>/gateway/jest.config.js'],
};
