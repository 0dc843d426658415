/** Type errors are caught once by `npm run typecheck`; jest only transpiles, which keeps the suite fast. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/(domain|event-store|projections|http|kafka|config|common|api)$': '<rootDir>/libs/$1/src',
    '^@app/(domain|event-store|projections|http|kafka|config|common|api)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  // Kafka clients reconnect on timers; one left behind by a failing test must not hang CI after the
  // results are in. Look for leaks with `npx jest --detectOpenHandles` (the Kafka specs pass it clean).
  forceExit: true,
  // A real Kafka broker for the Kafka specs: the one in KAFKA_BROKERS, else one started here
  // (scripts/kafka/start.sh); failing to start it fails the run, it never skips.
  globalSetup: '<rootDir>/test/kafka/global-setup.ts',
  globalTeardown: '<rootDir>/test/kafka/global-teardown.ts',
};
