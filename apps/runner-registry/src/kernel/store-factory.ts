import { EventStoreDbEventStore, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { PostgresQueryModelStore, SqliteQueryModelStore, type QueryModelStore } from '@app/projections';
import { eventsFile, queryModelsFile, type AppConfig } from '@app/config/app-config';
import { withDomainUpcasting } from './domain-upcasting';

/** The log every reader sees: the backing store, read through the event upcasters. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  return withDomainUpcasting(await openBackingEventStore(config));
}

/**
 * EVENTSTORE_CONNECTION_STRING puts the log in EventStoreDB (the service's streams of it; query
 * models stay with DATABASE_URL or DATA_DIR); else DATABASE_URL in PostgreSQL; else the embedded
 * SQLite file in DATA_DIR.
 */
async function openBackingEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString) return EventStoreDbEventStore.open({ connectionString: config.eventStoreConnectionString });
  if (config.databaseUrl) return PostgresEventStore.open({ connectionString: config.databaseUrl });
  return SqliteEventStore.open({ file: eventsFile(config), synchronous: config.sqliteSynchronous });
}

/** Query models live next to the log: in PostgreSQL with DATABASE_URL, else in DATA_DIR. */
export async function openQueryModelStore(config: AppConfig): Promise<QueryModelStore> {
  if (config.databaseUrl) return PostgresQueryModelStore.open({ connectionString: config.databaseUrl });
  return SqliteQueryModelStore.open(queryModelsFile(config));
}
