import type { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

export interface JestApi {
  readonly describe: typeof describe;
  readonly it: typeof it;
  readonly expect: typeof expect;
  readonly beforeEach: typeof beforeEach;
  readonly afterEach: typeof afterEach;
}

/**
 * The contract ships in the library's index, which production code loads; importing '@jest/globals'
 * there would throw outside Jest. So the contract takes Jest's globals at call time, and only types
 * come from '@jest/globals' (erased at compile time).
 */
export function jestApi(): JestApi {
  const api = globalThis as unknown as Partial<JestApi>;
  if (!api.describe || !api.it || !api.expect || !api.beforeEach || !api.afterEach) {
    throw new Error('eventStoreContract() must be called from a Jest test file');
  }
  return api as JestApi;
}
