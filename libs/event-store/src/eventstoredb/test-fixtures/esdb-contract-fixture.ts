import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import type { EventStoreFixture } from '../../contract/contract-fixture';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from '../eventstoredb-event-store';

/** The log offset of the newest event on the server (0 for an empty log): where a fresh namespace begins. */
export async function logEnd(connectionString: string): Promise<number> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    let end = 0;
    // Read to the end (one event at most): a read left open would keep dispose() waiting.
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event) end = Number(resolved.event.position.commit);
    }
    return end;
  } finally {
    await client.dispose();
  }
}

/**
 * The contract's fixture: one server is shared by every test, so each gets an empty store of its
 * own, a fresh namespace that starts at the current end of the log. Every stream name counts as the
 * store's (the contract names streams freely).
 */
export function esdbContractFixture(connectionString: string): () => Promise<EventStoreFixture> {
  return async () => {
    const options: EventStoreDbEventStoreOptions = {
      connectionString,
      namespace: `contract-${randomUUID()}.`,
      streams: { prefixes: [''] },
      origin: await logEnd(connectionString),
      retryDelayMs: 50,
    };
    const opened: EventStoreDbEventStore[] = [];
    const open = async () => {
      const store = await EventStoreDbEventStore.open(options);
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      allKeepsTruncatedEvents: true,
      cleanup: async () => {
        await Promise.all(opened.map((store) => store.close()));
      },
    };
  };
}
