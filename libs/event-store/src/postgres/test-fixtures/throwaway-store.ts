import { EventStoreFixture } from '../../contract/contract-fixture';
import { PostgresEventStore, PostgresEventStoreOptions } from '../postgres-event-store';
import { ThrowawayDatabase, ThrowawayDatabases } from './throwaway-database';

/** Throwaway databases that already hold the event store's schema. Call dropAll() in afterAll. */
export function eventStoreDatabases(): ThrowawayDatabases {
  return new ThrowawayDatabases(async (connectionString) => {
    const store = await PostgresEventStore.open({ connectionString });
    await store.close();
  });
}

export interface ThrowawayStores {
  readonly database: ThrowawayDatabase;
  /** Opens another instance on the database, as another process would (its own pool); closed by cleanup(). */
  open(options?: Omit<PostgresEventStoreOptions, 'connectionString'>): Promise<PostgresEventStore>;
  /** Closes every instance it opened, then drops the database. */
  cleanup(): Promise<void>;
}

export async function throwawayStores(databases: ThrowawayDatabases): Promise<ThrowawayStores> {
  const database = await databases.create();
  const opened: PostgresEventStore[] = [];
  return {
    database,
    async open(options = {}) {
      // A short poll keeps cross-instance tests quick should a notification ever be missed.
      const store = await PostgresEventStore.open({ pollIntervalMs: 20, poolSize: 4, ...options, connectionString: database.connectionString });
      opened.push(store);
      return store;
    },
    async cleanup() {
      try {
        await Promise.all(opened.map((store) => store.close()));
      } finally {
        database.drop();
      }
    },
  };
}

/** The contract's fixture: an empty store in a database of its own. */
export function postgresContractFixture(databases: ThrowawayDatabases): () => Promise<EventStoreFixture> {
  return async () => {
    const stores = await throwawayStores(databases);
    try {
      return { store: await stores.open(), reopen: () => stores.open(), cleanup: () => stores.cleanup() };
    } catch (error) {
      await stores.cleanup();
      throw error;
    }
  };
}
