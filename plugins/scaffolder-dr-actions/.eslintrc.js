module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Test helpers named expect* (expectUntouched, expectExamplesMatchSchema) assert.
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'expect*'] }],
  },
});
