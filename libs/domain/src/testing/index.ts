/**
 * Test helpers for the domain, imported as `@app/domain/testing`. Kept out of the production index
 * (and out of the build, see tsconfig.build.json) because they import @jest/globals.
 */
export * from './decider-spec';
export * from './policy-spec';
