import { EventStoreDbEventStore, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { eventsFile, type AppConfig } from '@app/config/app-config';
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
