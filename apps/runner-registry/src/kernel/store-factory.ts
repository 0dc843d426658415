import { EventStoreDbEventStore, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { eventsFile, type AppConfig } from '@app/config/app-config';
import { withDomainUpcasting } from './domain-upcasting';

/** How a process uses its store, where that changes how the store should run. */
export interface EventStoreUse {
  /**
   * The service's own store, appending on the event loop that answers requests: on SQLite, WAL
   * checkpoints then run in a worker thread instead of inside commits.
   */
  readonly servesRequests?: boolean;
  /** How soon subscriptions see appends made elsewhere (another process, or another thread of this one); each store's default otherwise. */
  readonly pollIntervalMs?: number;
}

/** The log every reader sees: the backing store, read through the event upcasters. */
export async function openEventStore(config: AppConfig, use: EventStoreUse = {}): Promise<EventStore> {
  return withDomainUpcasting(await openBackingEventStore(config, use));
}

/**
 * EVENTSTORE_CONNECTION_STRING puts the log in EventStoreDB (the service's streams of it; query
 * models stay with DATABASE_URL or DATA_DIR); else DATABASE_URL in PostgreSQL; else the embedded
 * SQLite file in DATA_DIR.
 */
async function openBackingEventStore(config: AppConfig, use: EventStoreUse): Promise<EventStore> {
  if (config.eventStoreConnectionString) return EventStoreDbEventStore.open({ connectionString: config.eventStoreConnectionString });
  if (config.databaseUrl) return PostgresEventStore.open({ connectionString: config.databaseUrl, pollIntervalMs: use.pollIntervalMs });
  return SqliteEventStore.open({
    file: eventsFile(config),
    synchronous: config.sqliteSynchronous,
    pollIntervalMs: use.pollIntervalMs,
    walCheckpoints: use.servesRequests ? 'background' : 'auto',
  });
}
