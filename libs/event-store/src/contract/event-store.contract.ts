import { appendContract } from './append.contract';
import { bigStreamContract } from './big-stream.contract';
import { concurrencyContract } from './concurrency.contract';
import { ContractContext, EventStoreFixture } from './contract-fixture';
import { idempotencyContract } from './idempotency.contract';
import { jestApi } from './jest-api';
import { readContract } from './read.contract';
import { reopenContract } from './reopen.contract';
import { subscriptionContract } from './subscription.contract';
import { truncationContract } from './truncation.contract';

export type { EventStoreFixture } from './contract-fixture';

/**
 * The behaviour every EventStore adapter must show. Call it at the top level of the adapter's spec;
 * `makeStore` runs before each test and must give an empty store (see EventStoreFixture).
 */
export function eventStoreContract(name: string, makeStore: () => Promise<EventStoreFixture>): void {
  const { describe, beforeEach, afterEach } = jestApi();

  describe(`${name} (EventStore contract)`, () => {
    const ctx = {} as ContractContext;

    beforeEach(async () => {
      ctx.fixture = await makeStore();
      ctx.store = ctx.fixture.store;
    });

    afterEach(async () => {
      await ctx.fixture.cleanup();
    });

    appendContract(ctx);
    idempotencyContract(ctx);
    readContract(ctx);
    bigStreamContract(ctx);
    subscriptionContract(ctx);
    concurrencyContract(ctx);
    reopenContract(ctx);
    truncationContract(ctx);
  });
}
